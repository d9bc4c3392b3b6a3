//! The lenient read of a document with structural errors: the parts that are valid, typed, so
//! that every rule whose inputs are valid still runs. A field with an error is replaced by a
//! placeholder (or left out), an element of a list with an error is left out, and the
//! [`Blocks`] say which: a rule that reads them is skipped, not run on the placeholder.

use crate::diagnostics::{Violation, message};
use crate::rules::Read;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

/// The fields of a document that its errors make unusable.
#[derive(Debug, Default)]
pub(crate) struct Blocks {
    /// A field replaced by a placeholder or left out, with the path of its first error.
    whole: BTreeMap<String, String>,
    /// A list some of whose elements were left out, with the path of the first.
    elements: BTreeMap<String, String>,
    /// Set when the document could not be read at all: every rule is blocked by it.
    everything: Option<String>,
}

impl Blocks {
    /// The path of the error that keeps a rule reading `reads` from running, if any (`None`
    /// for `reads`: the rule reads the whole document).
    pub(crate) fn blocking(&self, reads: Option<&[Read]>) -> Option<&str> {
        if let Some(p) = &self.everything {
            return Some(p);
        }
        let Some(reads) = reads else {
            return self
                .whole
                .values()
                .chain(self.elements.values())
                .min()
                .map(String::as_str);
        };
        reads
            .iter()
            .find_map(|r| match r {
                Read::Whole(f) => self.whole.get(*f).or_else(|| self.elements.get(*f)),
                Read::Each(f) => self.whole.get(*f),
            })
            .map(String::as_str)
    }

    /// The fields a document's structural `errors` touch, for a rule that sees its JSON as
    /// it is: an error in an element blocks the whole list.
    pub(crate) fn of_errors(errors: &[Violation]) -> Self {
        let mut blocks = Self::default();
        for e in errors {
            match split(&e.path) {
                Some((field, _)) => {
                    blocks
                        .whole
                        .entry(field.into_owned())
                        .or_insert_with(|| e.path.clone());
                }
                None => {
                    blocks.everything.get_or_insert_with(|| e.path.clone());
                }
            }
        }
        blocks
    }

    /// The skipped violation of `rule`, if it is blocked.
    pub(crate) fn skipped(&self, rule: &str, reads: Option<&[Read]>) -> Option<Violation> {
        self.blocking(reads)
            .map(|p| message::rule_skipped(p, message::Skipped::Rule(rule), p))
    }
}

/// The first segment of a JSON Pointer and, when the next one is an index, that index.
fn split(path: &str) -> Option<(Cow<'_, str>, Option<usize>)> {
    let mut tokens = path.split('/').skip(1);
    let token = tokens.next()?;
    let field = if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    };
    let index = tokens.next().and_then(|t| t.parse().ok());
    Some((field, index))
}

/// The typed document made of the valid parts of `value`, given its structural `errors`
/// and a valid `template` of the same kind whose fields stand in for the invalid required
/// ones.
pub(crate) fn read<T: DeserializeOwned>(
    value: &Map<String, Value>,
    errors: &[Violation],
    template: &Map<String, Value>,
) -> (Option<T>, Blocks) {
    let mut blocks = Blocks::default();
    let mut dropped: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for e in errors {
        let Some((field, index)) = split(&e.path) else {
            blocks.everything.get_or_insert_with(|| e.path.clone());
            continue;
        };
        if !template.contains_key(field.as_ref()) && !value.contains_key(field.as_ref()) {
            continue;
        }
        let field = field.into_owned();
        let is_list = value.get(&field).is_some_and(Value::is_array);
        match index {
            Some(i) if is_list => {
                blocks
                    .elements
                    .entry(field.clone())
                    .or_insert_with(|| e.path.clone());
                dropped.entry(field).or_default().push(i);
            }
            _ => {
                blocks.whole.entry(field).or_insert_with(|| e.path.clone());
            }
        }
    }
    // An error of the whole document (one that counts faults past a report's limit too)
    // blocks every rule: no view to build.
    if blocks.everything.is_some() {
        return (None, blocks);
    }
    let mut view = value.clone();
    for (field, mut indices) in dropped {
        if blocks.whole.contains_key(&field) {
            continue;
        }
        indices.sort_unstable();
        indices.dedup();
        if let Some(Value::Array(items)) = view.get_mut(&field) {
            for i in indices.into_iter().rev() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
    }
    for field in blocks.whole.keys() {
        match template.get(field) {
            Some(t) => view.insert(field.clone(), t.clone()),
            None => view.remove(field),
        };
    }
    // Fields the type does not know (the schema reported them) are left out; whole decimals
    // (`10.0`, an integer to the schema) are read as integers.
    let unknown: HashSet<Cow<'_, str>> = errors
        .iter()
        .filter(|e| e.code == "unknown_field")
        .filter_map(|e| split(&e.path).map(|(f, _)| f))
        .collect();
    view.retain(|k, _| template.contains_key(k) || !unknown.contains(k.as_str()));
    let mut whole = Value::Object(view);
    super::document::whole_numbers(&mut whole);
    let mut view = match whole {
        Value::Object(view) => view,
        _ => Map::new(),
    };
    // A value the schema let through but the type refuses blocks its field too.
    for _ in 0..32 {
        match serde_path_to_error::deserialize::<_, T>(Value::Object(view.clone())) {
            Ok(t) => return (Some(t), blocks),
            Err(e) => {
                let field = e.path().iter().find_map(|seg| match seg {
                    serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                    _ => None,
                });
                let Some(field) = field.filter(|f| !blocks.whole.contains_key(f)) else {
                    break;
                };
                blocks.whole.insert(field.clone(), format!("/{field}"));
                match template.get(&field) {
                    Some(t) => view.insert(field, t.clone()),
                    None => view.remove(&field),
                };
            }
        }
    }
    blocks
        .everything
        .get_or_insert_with(|| errors.first().map(|e| e.path.clone()).unwrap_or_default());
    (None, blocks)
}
