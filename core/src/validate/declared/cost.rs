//! The cost of a declared rule: an upper bound on the steps its evaluation takes, computed
//! before it runs from the sizes of the values it reads, walks, builds and scans.
//!
//! CEL has no unbounded loop, so the bound is exact in kind: a rule is costly when it nests
//! walks over long lists, or builds long texts and lists (`+`, `replace`, `join`, `split`,
//! `map`, …) or scans them. Every byte a rule builds or scans counts as a step, so a rule
//! whose values could grow past the limit is refused before it runs, as Kubernetes refuses a
//! rule whose estimated cost (`maxLength`-aware) is too large. The bound is the same for the
//! same document on every machine, so the verdict is deterministic.

use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue, MapExpr, StructExpr};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;

/// The largest cost a rule may have, in steps (about one expression node, or one byte built
/// or scanned, each).
pub(crate) const LIMIT: u64 = 10_000_000;

/// The largest cost the rules of one kind of document may have together on one document (about
/// half a second of CPU for the costliest shapes).
pub(crate) const DOCUMENT_LIMIT: u64 = 4 * LIMIT;

/// The steps counted per byte a regular expression scans: a pattern that defeats the engine's
/// lazy DFA falls back to simulating its automaton, several times slower than a plain scan.
const MATCH_FACTOR: u64 = 16;

/// The size assumed at load time for every list, every text and every value: a rule too
/// costly on a document this size is refused with its rulebook; on larger documents the
/// bound is computed from the real sizes before each run.
pub(crate) const LOAD_SIZE: u64 = 100;

/// An upper bound on a value: `len` its length (a text's bytes, a list's or a map's entries),
/// `bytes` what it holds (its texts' bytes, and one per value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Bound {
    pub(super) len: u64,
    pub(super) bytes: u64,
}

impl Bound {
    const SCALAR: Bound = Bound { len: 1, bytes: 1 };

    /// A text of `n` bytes.
    const fn text(n: u64) -> Bound {
        Bound { len: n, bytes: n }
    }

    fn max(self, other: Bound) -> Bound {
        Bound {
            len: self.len.max(other.len),
            bytes: self.bytes.max(other.bytes),
        }
    }

    /// What a value inside this one (a field, an element) can be at most.
    fn part(self) -> Bound {
        Bound {
            len: self.bytes,
            bytes: self.bytes,
        }
    }
}

/// A document's sizes, measured once per run: every rule over it shares them.
pub(super) struct DocSizes<'a> {
    root: &'a Value,
    /// What a value the bound cannot trace to the document is at most: the longest text, list
    /// or object of the document (and of the rulebook, when a rule reads it), and all they hold.
    unknown: Bound,
    within_load: bool,
    measured: RefCell<HashMap<*const Value, Bound>>,
}

impl<'a> DocSizes<'a> {
    /// Whether the document is no larger than the rules were checked for at load.
    pub(super) fn within_load(&self) -> bool {
        self.within_load
    }

    /// The sizes of `root`; `rulebook` is the rulebook's JSON when a rule reads it.
    pub(super) fn new(root: &'a Value, rulebook: Option<Largest>) -> Self {
        let mut l = largest(root);
        if let Some(r) = rulebook {
            l.container = l.container.max(r.container);
            l.text = l.text.max(r.text);
            l.total = l.total.saturating_add(r.total);
        }
        let within_load = l.within_load();
        Self {
            root,
            unknown: Bound {
                len: l.any(),
                bytes: l.total,
            },
            within_load,
            measured: RefCell::new(HashMap::new()),
        }
    }

    /// The bound of a value of the document (each measured once).
    fn measure(&self, v: &Value) -> Bound {
        let key: *const Value = v;
        if let Some(b) = self.measured.borrow().get(&key) {
            return *b;
        }
        let len = match v {
            Value::Array(a) => a.len() as u64,
            Value::Object(o) => o.len() as u64,
            Value::String(s) => s.len() as u64,
            _ => 1,
        };
        let b = Bound {
            len,
            bytes: largest(v).total,
        };
        self.measured.borrow_mut().insert(key, b);
        b
    }
}

/// The names under which a rule reads its two values: `self` and `root` for a document's
/// rule, `juror` and `item` for a `juror-item` rule.
pub(super) type Names = [&'static str; 2];

/// A document's rule reads `self` and `root`.
pub(super) const DOCUMENT: Names = ["self", "root"];

/// A `juror-item` rule reads `juror` and `item`.
pub(super) const PAIR: Names = ["juror", "item"];

/// Where the sizes of the values come from.
#[derive(Clone, Copy)]
pub(super) enum Sizes<'a> {
    /// Load time: every list, text and value holds this many elements or bytes at most
    /// ([`LOAD_SIZE`]); the rule reads its values under these names.
    Load(u64, Names),
    /// A document: the values the rule's two names reach (`this` and `that`: `self` and
    /// `root`, or a juror and an item) are measured; any other is bounded by the document's
    /// largest.
    Doc {
        this: &'a Value,
        that: &'a Value,
        names: Names,
        doc: &'a DocSizes<'a>,
    },
}

impl<'a> Sizes<'a> {
    /// A document's rule on `this` (the document, or the element of its `for_each`).
    pub(super) fn document(this: &'a Value, doc: &'a DocSizes<'a>) -> Self {
        Sizes::Doc {
            this,
            that: doc.root,
            names: DOCUMENT,
            doc,
        }
    }

    /// A `juror-item` rule on one pair, in a document measured as `doc`.
    #[cfg(feature = "matching")]
    pub(super) fn pair(juror: &'a Value, item: &'a Value, doc: &'a DocSizes<'a>) -> Self {
        Sizes::Doc {
            this: juror,
            that: item,
            names: PAIR,
            doc,
        }
    }

    fn names(self) -> Names {
        match self {
            Sizes::Load(_, names) | Sizes::Doc { names, .. } => names,
        }
    }

    fn unknown(self) -> Bound {
        match self {
            Sizes::Load(n, _) => Bound { len: n, bytes: n },
            Sizes::Doc { doc, .. } => doc.unknown,
        }
    }
}

/// The longest list or object and the longest text of a document, and all it holds.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Largest {
    pub(super) container: u64,
    pub(super) text: u64,
    /// Its texts' bytes, and one per value.
    pub(super) total: u64,
}

impl Largest {
    /// The longest of all.
    pub(super) fn any(self) -> u64 {
        self.container.max(self.text)
    }

    /// Whether a document this size is within what the rules were checked for at load.
    pub(super) fn within_load(&self) -> bool {
        self.total <= LOAD_SIZE
    }
}

/// The longest list or object, the longest text, and the total of a value.
pub(super) fn largest(v: &Value) -> Largest {
    let mut best = Largest::default();
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        best.total = best.total.saturating_add(1);
        match v {
            Value::Array(a) => {
                best.container = best.container.max(a.len() as u64);
                stack.extend(a.iter());
            }
            Value::Object(o) => {
                best.container = best.container.max(o.len() as u64);
                for (k, item) in o {
                    best.total = best.total.saturating_add(k.len() as u64);
                    stack.push(item);
                }
            }
            Value::String(s) => {
                best.text = best.text.max(s.len() as u64);
                best.total = best.total.saturating_add(s.len() as u64);
            }
            _ => {}
        }
    }
    best
}

/// The variables of the macros around an expression.
#[derive(Clone, Copy)]
struct Scope<'s> {
    name: &'s str,
    var: Var,
    up: Option<&'s Scope<'s>>,
}

#[derive(Clone, Copy)]
enum Var {
    /// An element of the list walked.
    Item(Bound),
    /// The accumulator (the list `map` and `filter` build): appending to it costs the
    /// element, not the list.
    Accu,
}

/// Runs `f` in the scope of a macro's body: its element (bounded by what `range` holds) and
/// its accumulator.
fn in_macro<R>(
    c: &cel::common::ast::ComprehensionExpr,
    range: Bound,
    sizes: Sizes<'_>,
    scope: Option<&Scope<'_>>,
    f: impl FnOnce(&Scope<'_>) -> R,
) -> R {
    let item = Scope {
        name: &c.iter_var,
        var: Var::Item(item_bound(&c.iter_range, range, sizes, scope)),
        up: scope,
    };
    f(&Scope {
        name: &c.accu_var,
        var: Var::Accu,
        up: Some(&item),
    })
}

fn lookup(scope: Option<&Scope<'_>>, name: &str) -> Option<Var> {
    let mut at = scope;
    while let Some(s) = at {
        if s.name == name {
            return Some(s.var);
        }
        at = s.up;
    }
    None
}

/// An upper bound on the steps of evaluating `e`.
pub(super) fn cost(e: &IdedExpr, sizes: Sizes<'_>) -> u128 {
    cost_in(e, sizes, None)
}

fn cost_in(e: &IdedExpr, sizes: Sizes<'_>, scope: Option<&Scope<'_>>) -> u128 {
    let mut total: u128 = 1;
    let of = |x: &IdedExpr| cost_in(x, sizes, scope);
    match &e.expr {
        Expr::Comprehension(c) => {
            let range = bound(&c.iter_range, sizes, scope);
            let n = u128::from(range.len);
            let (body, result) = in_macro(c, range, sizes, scope, |inner| {
                let body = cost_in(&c.loop_cond, sizes, Some(inner)).saturating_add(cost_in(
                    &c.loop_step,
                    sizes,
                    Some(inner),
                ));
                (body, cost_in(&c.result, sizes, Some(inner)))
            });
            total = total
                .saturating_add(of(&c.iter_range))
                .saturating_add(of(&c.accu_init))
                .saturating_add(n.saturating_mul(body))
                .saturating_add(result);
        }
        Expr::Call(call) => {
            if let Some(t) = &call.target {
                total = total.saturating_add(of(t));
            }
            for a in &call.args {
                total = total.saturating_add(of(a));
            }
            total = total.saturating_add(u128::from(work(e, sizes, scope)));
        }
        Expr::Select(s) => total = total.saturating_add(of(&s.operand)),
        Expr::List(l) => {
            for el in &l.elements {
                total = total.saturating_add(of(el));
            }
            total = total.saturating_add(u128::from(bound(e, sizes, scope).bytes));
        }
        Expr::Map(m) => {
            for entry in &m.entries {
                if let EntryExpr::MapEntry(me) = &entry.expr {
                    total = total
                        .saturating_add(of(&me.key))
                        .saturating_add(of(&me.value));
                }
            }
            total = total.saturating_add(u128::from(bound(e, sizes, scope).bytes));
        }
        Expr::Unspecified | Expr::Ident(_) | Expr::Literal(_) | Expr::Struct(_) => {}
    }
    total
}

/// The bytes a call builds or scans, besides its operands' own cost.
fn work(e: &IdedExpr, sizes: Sizes<'_>, scope: Option<&Scope<'_>>) -> u64 {
    let Expr::Call(call) = &e.expr else {
        return 0;
    };
    let arg = |i: usize| {
        call.args
            .get(i)
            .map_or(Bound::SCALAR, |a| bound(a, sizes, scope))
    };
    let target = || {
        call.target
            .as_deref()
            .map_or_else(|| arg(0), |t| bound(t, sizes, scope))
    };
    let is_accu = |x: &IdedExpr| matches!(&x.expr, Expr::Ident(n) if matches!(lookup(scope, n), Some(Var::Accu)));
    match call.func_name.as_str() {
        // Appending to the list a macro builds costs the element appended.
        "_+_" if call.args.first().is_some_and(is_accu) => arg(1).bytes,
        // What they build.
        "_+_" | "replace" | "join" | "split" | "lowerAscii" | "upperAscii" | "trim" | "reverse"
        | "substring" | "charAt" | "string" => bound(e, sizes, scope).bytes,
        "matches" => {
            target()
                .bytes
                .saturating_mul(MATCH_FACTOR)
                .saturating_add(if call.target.is_some() {
                    arg(0).bytes
                } else {
                    arg(1).bytes
                })
        }
        // What they scan.
        "contains" | "startsWith" | "endsWith" | "indexOf" | "lastIndexOf" => {
            target().bytes.saturating_add(if call.target.is_some() {
                arg(0).bytes
            } else {
                arg(1).bytes
            })
        }
        // A text's length is counted in characters; a list's or a map's is known.
        "size" => target().len,
        "_==_" | "_!=_" | "_<_" | "_<=_" | "_>_" | "_>=_" => arg(0).bytes.min(arg(1).bytes),
        // `x in list` walks the list.
        "@in" => arg(1).bytes,
        _ => 0,
    }
}

/// The bound of an element of the list (or key of the map) `range` gives.
fn item_bound(
    range_expr: &IdedExpr,
    range: Bound,
    sizes: Sizes<'_>,
    scope: Option<&Scope<'_>>,
) -> Bound {
    if let Sizes::Doc { doc, .. } = sizes
        && let Some(v) = traced(range_expr, sizes, scope)
    {
        return match v {
            Value::Array(items) => items
                .iter()
                .map(|i| doc.measure(i))
                .fold(Bound { len: 0, bytes: 0 }, Bound::max),
            Value::Object(o) => Bound::text(o.keys().map(|k| k.len() as u64).max().unwrap_or(0)),
            _ => range.part(),
        };
    }
    match sizes {
        // At load, an element of a list of the document is as large as any value.
        Sizes::Load(..) if traced_path(range_expr, sizes.names()).is_some() => sizes.unknown(),
        _ => range.part(),
    }
}

/// An upper bound on the value `e` gives.
fn bound(e: &IdedExpr, sizes: Sizes<'_>, scope: Option<&Scope<'_>>) -> Bound {
    let of = |x: &IdedExpr| bound(x, sizes, scope);
    match &e.expr {
        Expr::Literal(LiteralValue::String(s)) => Bound::text(s.inner().len() as u64),
        Expr::Literal(LiteralValue::Bytes(b)) => Bound::text(b.len() as u64),
        Expr::Literal(_) => Bound::SCALAR,
        Expr::List(l) => l.elements.iter().fold(
            Bound {
                len: l.elements.len() as u64,
                bytes: 1,
            },
            |acc, el| Bound {
                len: acc.len,
                bytes: acc.bytes.saturating_add(of(el).bytes).saturating_add(1),
            },
        ),
        Expr::Map(MapExpr { entries }) | Expr::Struct(StructExpr { entries, .. }) => {
            entries.iter().fold(
                Bound {
                    len: entries.len() as u64,
                    bytes: 1,
                },
                |acc, entry| {
                    let b = match &entry.expr {
                        EntryExpr::MapEntry(me) => {
                            of(&me.key).bytes.saturating_add(of(&me.value).bytes)
                        }
                        EntryExpr::StructField(f) => of(&f.value).bytes,
                    };
                    Bound {
                        len: acc.len,
                        bytes: acc.bytes.saturating_add(b).saturating_add(1),
                    }
                },
            )
        }
        Expr::Comprehension(c) => {
            let range = of(&c.iter_range);
            match &c.accu_init.expr {
                // `map` and `filter`: a list of at most one element per element walked.
                Expr::List(_) => {
                    let each =
                        appended(&c.loop_step, &c.accu_var).map_or(range.part().bytes, |x| {
                            in_macro(c, range, sizes, scope, |inner| {
                                bound(x, sizes, Some(inner)).bytes
                            })
                        });
                    Bound {
                        len: range.len,
                        bytes: range.len.saturating_mul(each.saturating_add(1)),
                    }
                }
                _ => Bound::SCALAR,
            }
        }
        Expr::Ident(name) => match lookup(scope, name) {
            Some(Var::Item(b)) => b,
            Some(Var::Accu) => sizes.unknown(),
            None => path_bound(e, sizes, scope),
        },
        Expr::Select(s) => {
            if s.test {
                return Bound::SCALAR;
            }
            match traced_path(e, sizes.names()) {
                Some(_) => path_bound(e, sizes, scope),
                None => of(&s.operand).part(),
            }
        }
        Expr::Call(call) => call_bound(call, sizes, scope),
        Expr::Unspecified => sizes.unknown(),
    }
}

fn call_bound(
    call: &cel::common::ast::CallExpr,
    sizes: Sizes<'_>,
    scope: Option<&Scope<'_>>,
) -> Bound {
    let of = |x: &IdedExpr| bound(x, sizes, scope);
    let arg = |i: usize| call.args.get(i).map_or(Bound::SCALAR, of);
    let target = || call.target.as_deref().map_or_else(|| arg(0), of);
    match call.func_name.as_str() {
        "_+_" => {
            let (a, b) = (arg(0), arg(1));
            Bound {
                len: a.len.saturating_add(b.len),
                bytes: a.bytes.saturating_add(b.bytes),
            }
        }
        "replace" => {
            let s = target();
            let to = arg(1);
            // Every match (at most one per byte, and one more for an empty pattern) becomes
            // the replacement.
            Bound::text(
                s.len
                    .saturating_add(s.len.saturating_add(1).saturating_mul(to.len)),
            )
        }
        "join" => {
            let list = target();
            let sep = if call.args.is_empty() { 0 } else { arg(0).len };
            Bound::text(list.bytes.saturating_add(list.len.saturating_mul(sep)))
        }
        "split" => {
            let s = target();
            Bound {
                len: s.len.saturating_add(1),
                bytes: s.len.saturating_mul(2).saturating_add(1),
            }
        }
        "lowerAscii" | "upperAscii" | "trim" | "reverse" | "substring" | "charAt" => {
            Bound::text(target().len)
        }
        // A number, a timestamp or a duration written out, or a text as it is.
        "string" => Bound::text(arg(0).len.max(64)),
        "_?_:_" => arg(1).max(arg(2)),
        "_[_]" => arg(0).part(),
        "dyn" | "value" | "orValue" | "or" | "optional.of" | "optional.ofNonZeroValue" => call
            .target
            .iter()
            .map(|t| of(t))
            .chain(call.args.iter().map(of))
            .fold(Bound::SCALAR, Bound::max),
        _ if returns_scalar(&call.func_name) => Bound::SCALAR,
        _ => sizes.unknown(),
    }
}

/// Whether a function gives a number, a boolean, a timestamp, a duration or a type.
fn returns_scalar(name: &str) -> bool {
    name.starts_with("get")
        || matches!(
            name,
            "size"
                | "contains"
                | "startsWith"
                | "endsWith"
                | "matches"
                | "indexOf"
                | "lastIndexOf"
                | "int"
                | "uint"
                | "double"
                | "bool"
                | "timestamp"
                | "duration"
                | "type"
                | "has"
                | "hasValue"
                | "optional.none"
                | "@in"
                | "_==_"
                | "_!=_"
                | "_<_"
                | "_<=_"
                | "_>_"
                | "_>=_"
                | "_&&_"
                | "_||_"
                | "!_"
                | "-_"
                | "_-_"
                | "_*_"
                | "_/_"
                | "_%_"
                | "@not_strictly_false"
        )
}

/// What a `map` or `filter` step appends to its accumulator `accu`: `x` of `accu + [x]`
/// (under `filter`'s condition or not).
fn appended<'e>(step: &'e IdedExpr, accu: &str) -> Option<&'e IdedExpr> {
    let Expr::Call(call) = &step.expr else {
        return None;
    };
    match (call.func_name.as_str(), call.args.as_slice()) {
        ("_+_", [a, b]) if matches!(&a.expr, Expr::Ident(n) if n == accu) => match &b.expr {
            Expr::List(l) if l.elements.len() == 1 => l.elements.first(),
            _ => None,
        },
        ("_?_:_", [_, then, _]) => appended(then, accu),
        _ => None,
    }
}

/// The bound of `self…` or `root…` (`juror…` or `item…`): measured on a document, unknown
/// at load.
fn path_bound(e: &IdedExpr, sizes: Sizes<'_>, scope: Option<&Scope<'_>>) -> Bound {
    match sizes {
        Sizes::Doc { doc, names, .. } => match traced(e, sizes, scope) {
            Some(v) => doc.measure(v),
            // Absent: the evaluation fails there (or `has` stops it).
            None if traced_path(e, names).is_some() && !hidden(e, names, scope) => Bound::SCALAR,
            None => sizes.unknown(),
        },
        Sizes::Load(..) => sizes.unknown(),
    }
}

/// Whether the variable `e` starts from is a macro's, of the same name as a value's.
fn hidden(e: &IdedExpr, names: Names, scope: Option<&Scope<'_>>) -> bool {
    traced_path(e, names).is_some_and(|(var, _)| lookup(scope, var).is_some())
}

/// The value of the document `e` names (`self.a.b`), if it names one that is there.
fn traced<'v>(e: &IdedExpr, sizes: Sizes<'v>, scope: Option<&Scope<'_>>) -> Option<&'v Value> {
    let Sizes::Doc {
        this, that, names, ..
    } = sizes
    else {
        return None;
    };
    let (var, fields) = traced_path(e, names)?;
    // A macro's variable of the same name hides the document.
    if lookup(scope, var).is_some() {
        return None;
    }
    let start = if var == names[0] { this } else { that };
    fields.iter().try_fold(start, |v, f| v.get(f))
}

/// `self.a.b` as (`self`, [`a`, `b`]), for the rule's two names only.
fn traced_path(e: &IdedExpr, names: Names) -> Option<(&str, Vec<&str>)> {
    match &e.expr {
        Expr::Ident(n) if names.contains(&n.as_str()) => Some((n.as_str(), Vec::new())),
        Expr::Select(s) if !s.test => {
            let (var, mut fields) = traced_path(&s.operand, names)?;
            fields.push(s.field.as_str());
            Some((var, fields))
        }
        _ => None,
    }
}

/// Whether `found` holds for `e` or any expression inside it.
pub(super) fn any(e: &IdedExpr, found: &dyn Fn(&Expr) -> bool) -> bool {
    if found(&e.expr) {
        return true;
    }
    match &e.expr {
        Expr::Comprehension(c) => [
            &c.iter_range,
            &c.accu_init,
            &c.loop_cond,
            &c.loop_step,
            &c.result,
        ]
        .into_iter()
        .any(|x| any(x, found)),
        Expr::Call(call) => call
            .target
            .as_deref()
            .into_iter()
            .chain(&call.args)
            .any(|x| any(x, found)),
        Expr::Select(sel) => any(&sel.operand, found),
        Expr::List(l) => l.elements.iter().any(|x| any(x, found)),
        Expr::Map(MapExpr { entries }) | Expr::Struct(StructExpr { entries, .. }) => {
            entries.iter().any(|entry| match &entry.expr {
                EntryExpr::MapEntry(me) => any(&me.key, found) || any(&me.value, found),
                EntryExpr::StructField(f) => any(&f.value, found),
            })
        }
        Expr::Unspecified | Expr::Ident(_) | Expr::Literal(_) => false,
    }
}
