//! The load-time check of a declared rule: every function, variable and field it names is
//! known, and the types its operators get go together, read from the document's schema.

use crate::diagnostics::message::{Fault, Kind};
use crate::text::nearest;
use cel::common::ast::{Expr, IdedExpr, LiteralValue};
use serde_json::Value;

/// The functions and macros a rule may call (CEL's standard library, its strings extension,
/// and the optional values), besides the operators.
pub(super) const FUNCTIONS: &[&str] = &[
    "all",
    "exists",
    "exists_one",
    "map",
    "filter",
    "has",
    "size",
    "contains",
    "startsWith",
    "endsWith",
    "matches",
    "int",
    "uint",
    "double",
    "string",
    "bool",
    "timestamp",
    "duration",
    "dyn",
    "type",
    "getFullYear",
    "getMonth",
    "getDayOfMonth",
    "getDate",
    "getDayOfWeek",
    "getDayOfYear",
    "getHours",
    "getMinutes",
    "getSeconds",
    "getMilliseconds",
    "lowerAscii",
    "upperAscii",
    "trim",
    "replace",
    "split",
    "join",
    "substring",
    "charAt",
    "indexOf",
    "lastIndexOf",
    "reverse",
    "hasValue",
    "orValue",
    "value",
    "or",
    "optional.of",
    "optional.none",
    "optional.ofNonZeroValue",
];

/// Names of types, usable as values (`type(x) == int`).
const TYPE_NAMES: &[&str] = &[
    "int",
    "uint",
    "double",
    "string",
    "bool",
    "bytes",
    "list",
    "map",
    "null_type",
    "type",
];

/// A node of a schema, with the root its `$ref`s resolve against.
#[derive(Debug, Clone, Copy)]
pub(super) struct Node<'s> {
    pub(super) root: &'s Value,
    pub(super) node: &'s Value,
}

/// What the checker knows of a value's type.
#[derive(Debug, Clone, Copy)]
pub(super) enum Ty<'s> {
    /// Nothing: no check.
    Any,
    /// A scalar.
    Known(Kind),
    /// A list, with its items' schema when known.
    List(Option<Node<'s>>),
    /// An object with a schema of its properties.
    Object(Node<'s>),
    /// An object without one (a map).
    Map,
}

impl<'s> Ty<'s> {
    fn kind(self) -> Option<Kind> {
        match self {
            Self::Any => None,
            Self::Known(k) => Some(k),
            Self::List(_) => Some(Kind::List),
            Self::Object(_) | Self::Map => Some(Kind::Object),
        }
    }

    /// The type a schema node describes.
    pub(super) fn of(n: Node<'s>) -> Self {
        Self::of_depth(n, 0)
    }

    fn of_depth(n: Node<'s>, depth: u32) -> Self {
        if depth > 16 {
            return Self::Any;
        }
        let node = n.node;
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            let target = r
                .strip_prefix("#/$defs/")
                .and_then(|name| n.root.get("$defs")?.get(name));
            return target.map_or(Self::Any, |t| {
                Self::of_depth(
                    Node {
                        root: n.root,
                        node: t,
                    },
                    depth + 1,
                )
            });
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(alts) = node.get(key).and_then(Value::as_array) {
                let not_null: Vec<&Value> = alts
                    .iter()
                    .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                    .collect();
                return match not_null.as_slice() {
                    [one] => Self::of_depth(
                        Node {
                            root: n.root,
                            node: one,
                        },
                        depth + 1,
                    ),
                    many => {
                        let kinds: Vec<Option<Kind>> = many
                            .iter()
                            .map(|a| {
                                Self::of_depth(
                                    Node {
                                        root: n.root,
                                        node: a,
                                    },
                                    depth + 1,
                                )
                                .kind()
                            })
                            .collect();
                        match kinds.first() {
                            Some(Some(k))
                                if kinds.iter().all(|x| *x == Some(*k))
                                    && *k != Kind::List
                                    && *k != Kind::Object =>
                            {
                                Self::Known(*k)
                            }
                            _ => Self::Any,
                        }
                    }
                };
            }
        }
        let ty = match node.get("type") {
            Some(Value::String(t)) => Some(t.as_str()),
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
            _ => None,
        };
        match ty {
            Some("string") => Self::Known(Kind::Text),
            Some("integer" | "number") => Self::Known(Kind::Number),
            Some("boolean") => Self::Known(Kind::Bool),
            Some("null") => Self::Known(Kind::Null),
            Some("array") => Self::List(node.get("items").map(|i| Node {
                root: n.root,
                node: i,
            })),
            Some("object") if node.get("properties").is_some() => Self::Object(n),
            Some("object") => Self::Map,
            _ => {
                let all_strings = node
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.iter().all(Value::is_string))
                    || node.get("const").is_some_and(Value::is_string);
                if all_strings {
                    Self::Known(Kind::Text)
                } else {
                    Self::Any
                }
            }
        }
    }

    /// The type of field `name`, or the fault when the schema does not have it.
    fn field(self, name: &str) -> Result<Self, (Vec<String>, bool)> {
        match self {
            Self::Object(n) => {
                let props = n.node.get("properties").and_then(Value::as_object);
                if let Some(p) = props.and_then(|p| p.get(name)) {
                    return Ok(Self::of(Node {
                        root: n.root,
                        node: p,
                    }));
                }
                let closed = n.node.get("additionalProperties") == Some(&Value::Bool(false));
                if closed {
                    let names = props
                        .map(|p| p.keys().cloned().collect())
                        .unwrap_or_default();
                    Err((names, true))
                } else {
                    Ok(Self::Any)
                }
            }
            Self::Any | Self::Map => Ok(Self::Any),
            Self::Known(_) | Self::List(_) => Err((Vec::new(), false)),
        }
    }

    /// The type of an element of a list.
    fn item(self) -> Self {
        match self {
            Self::List(Some(n)) => Self::of(n),
            _ => Self::Any,
        }
    }
}

/// A problem found at load time, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Problem {
    UnknownFunction(String, Option<String>),
    /// A variable not known: its name, the nearest known, and the rule's own variables.
    UnknownVariable(String, Option<String>, String),
    UnknownField {
        field: String,
        of: String,
        near: Option<String>,
    },
    Types {
        op: String,
        given: Vec<Kind>,
        column: usize,
    },
    NotBoolean(Kind),
    Unsupported(&'static str),
    TooDeep,
}

/// The deepest nesting of an expression (a rule is read by recursion, on any thread).
pub(super) const MAX_DEPTH: usize = 100;

impl Problem {
    pub(super) fn fault(&self) -> Fault<'_> {
        match self {
            Self::UnknownFunction(name, near) => Fault::UnknownFunction {
                name,
                near: near.as_deref(),
            },
            Self::UnknownVariable(name, near, known) => Fault::UnknownVariable {
                name,
                near: near.as_deref(),
                known,
            },
            Self::UnknownField { field, of, near } => Fault::UnknownField {
                field,
                of,
                near: near.as_deref(),
            },
            Self::Types { op, given, column } => Fault::Types {
                op,
                given: given.clone(),
                column: *column,
            },
            Self::NotBoolean(k) => Fault::NotBoolean { found: *k },
            Self::Unsupported(what) => Fault::Unsupported { what },
            Self::TooDeep => Fault::TooDeep { max: MAX_DEPTH },
        }
    }
}

/// The checker of one rule.
pub(super) struct Checker<'s, 'a> {
    /// The variables the rule may read, with their types (`self`, `root`, `rulebook`, and
    /// `index` with `for_each`; `juror`, `item` and `rulebook` for a `juror-item` rule).
    vars: Vec<(&'static str, Ty<'s>)>,
    /// The column of an expression id, from 1.
    pub(super) column: &'a dyn Fn(u64) -> usize,
    scopes: Vec<(String, Ty<'s>)>,
}

impl<'s, 'a> Checker<'s, 'a> {
    pub(super) fn new(
        self_ty: Ty<'s>,
        root_ty: Ty<'s>,
        rulebook_ty: Ty<'s>,
        for_each: bool,
        column: &'a dyn Fn(u64) -> usize,
    ) -> Self {
        let mut vars = vec![
            ("self", self_ty),
            ("root", root_ty),
            ("rulebook", rulebook_ty),
        ];
        if for_each {
            vars.push(("index", Ty::Known(Kind::Number)));
        }
        Self::with_vars(vars, column)
    }

    /// A checker for a rule that reads these variables.
    pub(super) fn with_vars(
        vars: Vec<(&'static str, Ty<'s>)>,
        column: &'a dyn Fn(u64) -> usize,
    ) -> Self {
        Self {
            vars,
            column,
            scopes: Vec::new(),
        }
    }

    /// Checks the whole rule: it must give a boolean.
    pub(super) fn check(&mut self, e: &IdedExpr) -> Result<(), Problem> {
        match self.ty(e, 0)?.kind() {
            None | Some(Kind::Bool) => Ok(()),
            Some(k) => Err(Problem::NotBoolean(k)),
        }
    }

    fn types(&self, op: &str, id: u64, given: &[Ty<'s>]) -> Problem {
        Problem::Types {
            op: op.to_owned(),
            given: given.iter().filter_map(|t| t.kind()).collect(),
            column: (self.column)(id),
        }
    }

    fn ty(&mut self, e: &IdedExpr, depth: u32) -> Result<Ty<'s>, Problem> {
        if depth as usize > MAX_DEPTH {
            return Err(Problem::TooDeep);
        }
        let d = depth + 1;
        match &e.expr {
            Expr::Unspecified => Ok(Ty::Any),
            Expr::Literal(l) => Ok(match l {
                LiteralValue::Boolean(_) => Ty::Known(Kind::Bool),
                LiteralValue::Int(_) | LiteralValue::UInt(_) | LiteralValue::Double(_) => {
                    Ty::Known(Kind::Number)
                }
                LiteralValue::String(_) => Ty::Known(Kind::Text),
                LiteralValue::Null => Ty::Known(Kind::Null),
                LiteralValue::Bytes(_) => Ty::Any,
            }),
            Expr::Ident(name) => self.ident(name),
            Expr::List(list) => {
                for el in &list.elements {
                    self.ty(el, d)?;
                }
                Ok(Ty::List(None))
            }
            Expr::Map(map) => {
                for entry in &map.entries {
                    if let cel::common::ast::EntryExpr::MapEntry(m) = &entry.expr {
                        self.ty(&m.key, d)?;
                        self.ty(&m.value, d)?;
                    }
                }
                Ok(Ty::Map)
            }
            Expr::Struct(_) => Err(Problem::Unsupported("struct")),
            Expr::Select(s) => {
                let operand = self.ty(&s.operand, d)?;
                match operand.field(&s.field) {
                    Ok(t) => Ok(if s.test { Ty::Known(Kind::Bool) } else { t }),
                    Err((names, true)) => Err(Problem::UnknownField {
                        field: s.field.clone(),
                        of: describe(&s.operand),
                        near: nearest(&s.field, names.iter().map(String::as_str))
                            .map(str::to_owned),
                    }),
                    Err((_, false)) => Err(self.types(&format!(".{}", s.field), e.id, &[operand])),
                }
            }
            Expr::Comprehension(c) => {
                let range = self.ty(&c.iter_range, d)?;
                let item = match range {
                    Ty::List(_) => range.item(),
                    Ty::Object(_) | Ty::Map => Ty::Known(Kind::Text),
                    Ty::Any => Ty::Any,
                    Ty::Known(_) => {
                        return Err(self.types("all/exists/map/filter", c.iter_range.id, &[range]));
                    }
                };
                let accu = self.ty(&c.accu_init, d)?;
                self.scopes.push((c.iter_var.clone(), item));
                self.scopes.push((c.accu_var.clone(), accu));
                let out = (|| {
                    self.ty(&c.loop_cond, d)?;
                    self.ty(&c.loop_step, d)?;
                    self.ty(&c.result, d)
                })();
                self.scopes.pop();
                self.scopes.pop();
                out
            }
            Expr::Call(call) => {
                let target = match &call.target {
                    Some(t) => Some(self.ty(t, d)?),
                    None => None,
                };
                let mut args = Vec::with_capacity(call.args.len());
                for a in &call.args {
                    args.push(self.ty(a, d)?);
                }
                self.call(&call.func_name, e.id, target, &args)
            }
        }
    }

    fn ident(&self, name: &str) -> Result<Ty<'s>, Problem> {
        if let Some((_, t)) = self.scopes.iter().rev().find(|(n, _)| n == name) {
            return Ok(*t);
        }
        if let Some((_, t)) = self.vars.iter().find(|(n, _)| *n == name) {
            return Ok(*t);
        }
        if TYPE_NAMES.contains(&name) {
            return Ok(Ty::Any);
        }
        let own: Vec<&str> = self.vars.iter().map(|(n, _)| *n).collect();
        let known = own
            .iter()
            .copied()
            .chain(self.scopes.iter().map(|(n, _)| n.as_str()));
        Err(Problem::UnknownVariable(
            name.to_owned(),
            nearest(name, known).map(str::to_owned),
            own.join(", "),
        ))
    }

    #[allow(clippy::too_many_lines)]
    fn call(
        &self,
        name: &str,
        id: u64,
        target: Option<Ty<'s>>,
        args: &[Ty<'s>],
    ) -> Result<Ty<'s>, Problem> {
        use Kind::{Bool, Duration, Number, Text, Timestamp};
        let k = |t: &Ty<'s>| t.kind();
        let all: Vec<Ty<'s>> = target.iter().chain(args).copied().collect();
        let is = |t: &Ty<'s>, ok: &[Kind]| k(t).is_none_or(|x| ok.contains(&x));
        let op_name = operator_name(name);
        let fail = || Err(self.types(op_name, id, &all));
        let bool_ = Ok(Ty::Known(Bool));
        match name {
            "_&&_" | "_||_" | "!_" => {
                if all.iter().all(|t| is(t, &[Bool])) {
                    bool_
                } else {
                    fail()
                }
            }
            "@not_strictly_false" => bool_,
            "_?_:_" => {
                if !is(&args[0], &[Bool]) {
                    return fail();
                }
                Ok(match (k(&args[1]), k(&args[2])) {
                    (Some(a), Some(b)) if a == b => args[1],
                    _ => Ty::Any,
                })
            }
            "_==_" | "_!=_" => match (k(&args[0]), k(&args[1])) {
                (Some(a), Some(b)) if a != b && a != Kind::Null && b != Kind::Null => fail(),
                _ => bool_,
            },
            "_<_" | "_<=_" | "_>_" | "_>=_" => match (k(&args[0]), k(&args[1])) {
                (Some(a), _) | (_, Some(a))
                    if !matches!(a, Number | Text | Timestamp | Duration | Bool) =>
                {
                    fail()
                }
                (Some(a), Some(b)) if a != b => fail(),
                _ => bool_,
            },
            "_+_" => match (k(&args[0]), k(&args[1])) {
                (Some(Number), Some(Number)) => Ok(Ty::Known(Number)),
                (Some(Text), Some(Text)) => Ok(Ty::Known(Text)),
                (Some(Kind::List), Some(Kind::List)) => Ok(Ty::List(None)),
                (Some(Timestamp), Some(Duration)) | (Some(Duration), Some(Timestamp)) => {
                    Ok(Ty::Known(Timestamp))
                }
                (Some(Duration), Some(Duration)) => Ok(Ty::Known(Duration)),
                (Some(a), None) | (None, Some(a))
                    if matches!(a, Kind::Bool | Kind::Null | Kind::Object) =>
                {
                    fail()
                }
                (None, _) | (_, None) => Ok(Ty::Any),
                _ => fail(),
            },
            "_-_" => match (k(&args[0]), k(&args[1])) {
                (Some(Number), Some(Number)) => Ok(Ty::Known(Number)),
                (Some(Timestamp), Some(Timestamp)) => Ok(Ty::Known(Duration)),
                (Some(Timestamp), Some(Duration)) => Ok(Ty::Known(Timestamp)),
                (Some(Duration), Some(Duration)) => Ok(Ty::Known(Duration)),
                (Some(a), None) | (None, Some(a))
                    if !matches!(a, Number | Timestamp | Duration) =>
                {
                    fail()
                }
                (None, _) | (_, None) => Ok(Ty::Any),
                _ => fail(),
            },
            "_*_" | "_/_" | "_%_" => {
                if args.iter().all(|t| is(t, &[Number])) {
                    Ok(Ty::Known(Number))
                } else {
                    fail()
                }
            }
            "-_" => {
                if is(&args[0], &[Number, Duration]) {
                    Ok(args[0])
                } else {
                    fail()
                }
            }
            "_[_]" | "_[?_]" => match args[0] {
                Ty::List(_) if is(&args[1], &[Number]) => Ok(if name == "_[_]" {
                    args[0].item()
                } else {
                    Ty::Any
                }),
                Ty::Object(_) | Ty::Map | Ty::Any => Ok(Ty::Any),
                _ => fail(),
            },
            "_?._" => Ok(Ty::Any),
            "@in" => {
                if matches!(args[1], Ty::List(_) | Ty::Object(_) | Ty::Map | Ty::Any) {
                    bool_
                } else {
                    fail()
                }
            }
            "size" => {
                let of = target.or_else(|| args.first().copied()).unwrap_or(Ty::Any);
                if matches!(
                    of,
                    Ty::Known(Text) | Ty::List(_) | Ty::Object(_) | Ty::Map | Ty::Any
                ) {
                    Ok(Ty::Known(Number))
                } else {
                    fail()
                }
            }
            "startsWith" | "endsWith" | "contains" | "matches" => {
                if all.iter().all(|t| is(t, &[Text])) {
                    bool_
                } else {
                    fail()
                }
            }
            "lowerAscii" | "upperAscii" | "trim" | "replace" | "substring" | "charAt"
            | "reverse" => {
                if target.is_some_and(|t| is(&t, &[Text]))
                    || (target.is_none() && name == "reverse")
                {
                    Ok(Ty::Known(Text))
                } else if name == "reverse" && matches!(target, Some(Ty::List(_))) {
                    Ok(Ty::List(None))
                } else {
                    fail()
                }
            }
            "indexOf" | "lastIndexOf" => {
                if all.iter().all(|t| is(t, &[Text, Number])) {
                    Ok(Ty::Known(Number))
                } else {
                    fail()
                }
            }
            "split" => {
                if target.is_some_and(|t| is(&t, &[Text])) {
                    Ok(Ty::List(None))
                } else {
                    fail()
                }
            }
            "join" => {
                if target.is_some_and(|t| matches!(t, Ty::List(_) | Ty::Any)) {
                    Ok(Ty::Known(Text))
                } else {
                    fail()
                }
            }
            "int" | "uint" | "double" => Ok(Ty::Known(Number)),
            "string" => Ok(Ty::Known(Text)),
            "bool" => Ok(Ty::Known(Bool)),
            "timestamp" => {
                if all.iter().all(|t| is(t, &[Text, Number, Timestamp])) {
                    Ok(Ty::Known(Timestamp))
                } else {
                    fail()
                }
            }
            "duration" => {
                if all.iter().all(|t| is(t, &[Text, Duration])) {
                    Ok(Ty::Known(Duration))
                } else {
                    fail()
                }
            }
            n if n.starts_with("get") && FUNCTIONS.contains(&n) => {
                if target.is_some_and(|t| is(&t, &[Timestamp])) {
                    Ok(Ty::Known(Number))
                } else {
                    fail()
                }
            }
            n if FUNCTIONS.contains(&n) => Ok(Ty::Any),
            other => Err(Problem::UnknownFunction(
                other.to_owned(),
                nearest(other, FUNCTIONS.iter().copied()).map(str::to_owned),
            )),
        }
    }
}

/// How an operator is written in a rule.
fn operator_name(name: &str) -> &str {
    match name {
        "_&&_" => "&&",
        "_||_" => "||",
        "!_" => "!",
        "_?_:_" => "? :",
        "_==_" => "==",
        "_!=_" => "!=",
        "_<_" => "<",
        "_<=_" => "<=",
        "_>_" => ">",
        "_>=_" => ">=",
        "_+_" => "+",
        "_-_" => "-",
        "_*_" => "*",
        "_/_" => "/",
        "_%_" => "%",
        "-_" => "-",
        "_[_]" | "_[?_]" => "[]",
        "@in" => "in",
        other => other,
    }
}

/// How an operand reads in a message (`self.seats[]`).
fn describe(e: &IdedExpr) -> String {
    match &e.expr {
        Expr::Ident(n) => n.clone(),
        Expr::Select(s) => format!("{}.{}", describe(&s.operand), s.field),
        Expr::Call(c) if c.func_name == "_[_]" => c
            .args
            .first()
            .map_or_else(String::new, |a| format!("{}[]", describe(a))),
        _ => "…".to_owned(),
    }
}
