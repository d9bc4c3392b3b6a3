//! A document as CEL sees it, built lazily: a list or an object of the JSON is a [`Node`]
//! whose elements are made only when a rule reads them (a field read builds the object's
//! fields once, without hashing; a scalar is CEL's own type, its text borrowed). Where the
//! evaluator needs CEL's own list or map (equality, `in`, iteration, `+`), the node builds it
//! once and answers through it, so every operation behaves exactly as on CEL's own values
//! (a test compares the two on many rules).

use cel::ExecutionError;
use cel::common::traits::{Adder, Container, Indexer, Iterable, Iterator, Sizer, Zeroer};
use cel::common::types::{
    self, CelBool, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString, Type,
};
use cel::common::value::{Builtin, BuiltinRef, CowVal, Val};
use serde_json::Value;
use std::sync::{Arc, OnceLock};

/// A value of the document: a scalar as CEL's own type, a list or an object as a [`Node`].
pub(super) fn val(v: &Value) -> Box<dyn Val + '_> {
    match v {
        Value::Null => Box::new(CelNull),
        Value::Bool(b) => Box::new(CelBool::from(*b)),
        Value::Number(n) => super::number(n),
        Value::String(s) => Box::new(CelString::from(s.as_str())),
        Value::Array(_) | Value::Object(_) => Box::new(Node::new(v)),
    }
}

/// A list or an object of the document. Its copies (the evaluator copies an element to bind
/// it to a loop's variable) share what was built, so each part is built once per document.
#[derive(Debug)]
pub(super) struct Node<'a> {
    json: &'a Value,
    built: Arc<Built<'a>>,
}

#[derive(Debug, Default)]
struct Built<'a> {
    /// An object's fields, sorted by name, made on the first read.
    fields: OnceLock<Vec<(&'a str, Box<dyn Val + 'a>)>>,
    /// CEL's own list or map, made when an operation needs it.
    list: OnceLock<CelList<'a>>,
    map: OnceLock<CelMap<'a>>,
}

impl<'a> Node<'a> {
    pub(super) fn new(json: &'a Value) -> Self {
        Self {
            json,
            built: Arc::new(Built {
                fields: OnceLock::new(),
                list: OnceLock::new(),
                map: OnceLock::new(),
            }),
        }
    }

    fn fields(&self) -> &[(&'a str, Box<dyn Val + 'a>)] {
        self.built.fields.get_or_init(|| {
            let mut fields: Vec<(&'a str, Box<dyn Val + 'a>)> = match self.json {
                Value::Object(map) => map.iter().map(|(k, v)| (k.as_str(), val(v))).collect(),
                _ => Vec::new(),
            };
            fields.sort_unstable_by(|a, b| a.0.cmp(b.0));
            fields
        })
    }

    /// CEL's own list or map for this node.
    fn builtin(&self) -> &(dyn Val + 'a) {
        match self.json {
            Value::Array(items) => self
                .built
                .list
                .get_or_init(|| CelList::from(items.iter().map(val).collect::<Vec<_>>())),
            _ => self.built.map.get_or_init(|| {
                CelMap::from(
                    self.fields()
                        .iter()
                        .map(|(k, v)| (CelMapKey::from(*k), v.clone()))
                        .collect::<std::collections::HashMap<_, _>>(),
                )
            }),
        }
    }

    fn is_list(&self) -> bool {
        self.json.is_array()
    }
}

impl Val for Node<'_> {
    fn get_type(&self) -> &Type {
        if self.is_list() {
            &types::LIST_TYPE
        } else {
            &types::MAP_TYPE
        }
    }

    fn cel_type() -> &'static Type {
        &types::DYN_TYPE
    }

    fn as_adder<'b, 'w>(&'b self) -> Option<&'b (dyn Adder + 'w)>
    where
        Self: 'w,
    {
        self.builtin().as_adder()
    }

    fn as_container(&self) -> Option<&dyn Container> {
        self.builtin().as_container()
    }

    fn as_indexer<'b, 'w>(&'b self) -> Option<&'b (dyn Indexer + 'w)>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn as_iterable<'b, 'w>(&'b self) -> Option<&'b (dyn Iterable + 'w)>
    where
        Self: 'w,
    {
        Some(self)
    }

    fn as_sizer(&self) -> Option<&dyn Sizer> {
        Some(self)
    }

    fn as_zeroer(&self) -> Option<&dyn Zeroer> {
        Some(self)
    }

    fn equals(&self, other: &dyn Val) -> bool {
        self.builtin().equals(other)
    }

    fn clone_as_boxed<'w>(&self) -> Box<dyn Val + 'w>
    where
        Self: 'w,
    {
        Box::new(Node {
            json: self.json,
            built: Arc::clone(&self.built),
        })
    }

    fn as_builtin<'b, 'w>(&'b self) -> BuiltinRef<'b, 'w>
    where
        Self: 'w,
    {
        self.builtin().as_builtin()
    }

    fn into_builtin<'w>(self: Box<Self>) -> Option<Builtin<'w>>
    where
        Self: 'w,
    {
        self.builtin().clone_as_boxed().into_builtin()
    }
}

impl Indexer for Node<'_> {
    fn get<'b, 'w>(&'b self, idx: &dyn Val) -> Result<CowVal<'b, 'w>, ExecutionError>
    where
        Self: 'w,
    {
        // A field of an object by its name: found without building the map.
        if !self.is_list()
            && let Some(name) = idx.downcast_ref::<CelString>()
        {
            let fields = self.fields();
            if let Ok(i) = fields.binary_search_by(|(k, _)| (*k).cmp(name.inner())) {
                return Ok(CowVal::Borrowed(fields[i].1.as_ref()));
            }
        }
        self.builtin()
            .as_indexer()
            .ok_or_else(|| ExecutionError::no_such_key(""))?
            .get(idx)
    }

    fn steal<'w>(self: Box<Self>, idx: &dyn Val) -> Result<Box<dyn Val + 'w>, ExecutionError>
    where
        Self: 'w,
    {
        self.get(idx).map(CowVal::into_owned)
    }
}

impl Iterable for Node<'_> {
    fn iter<'b, 'w>(&'b self) -> Box<dyn Iterator<'b, 'w> + 'b>
    where
        Self: 'w,
    {
        match self.builtin().as_iterable() {
            Some(it) => it.iter(),
            None => Box::new(Empty),
        }
    }
}

struct Empty;

impl<'b, 'w> Iterator<'b, 'w> for Empty {
    fn next(&mut self) -> Option<&'b (dyn Val + 'w)> {
        None
    }
}

impl Sizer for Node<'_> {
    fn size(&self) -> CelInt {
        let n = match self.json {
            Value::Array(a) => a.len(),
            Value::Object(o) => o.len(),
            _ => 0,
        };
        CelInt::from(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl Zeroer for Node<'_> {
    fn is_zero_value(&self) -> bool {
        match self.json {
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => true,
        }
    }
}
