//! The cost of a declared rule: an upper bound on the steps its evaluation takes, computed
//! before it runs from the sizes of the lists it walks. CEL has no unbounded loop, so the
//! bound is exact in kind: only nested walks over long lists make it large. The bound is the
//! same for the same document on every machine, so the verdict is deterministic.

use cel::common::ast::{EntryExpr, Expr, IdedExpr, MapExpr, StructExpr};
use serde_json::Value;

/// The largest cost a rule may have, in steps (about one expression node each).
pub(crate) const LIMIT: u64 = 10_000_000;

/// The size assumed at load time for every list: a rule too costly on a document this size
/// is refused with its rulebook; on larger documents the bound is computed from the real
/// sizes before each run.
pub(crate) const LOAD_SIZE: u64 = 100;

/// Where the sizes of the lists come from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Sizes<'a> {
    /// Load time: every list holds this many elements.
    Load(u64),
    /// A document: the lists `self` and `root` reach are measured; any other list is bounded
    /// by `largest`, the longest list, object or string of the document.
    Doc {
        this: &'a Value,
        root: &'a Value,
        largest: u64,
    },
}

/// The longest list or object, and the longest text, of a document (what a computed list
/// can reach).
pub(super) fn largest(v: &Value) -> Largest {
    let mut best = Largest::default();
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(a) => {
                best.container = best.container.max(a.len() as u64);
                stack.extend(a.iter().filter(|v| v.is_array() || v.is_object()));
                for item in a {
                    if let Value::String(s) = item {
                        best.text = best.text.max(s.len() as u64);
                    }
                }
            }
            Value::Object(o) => {
                best.container = best.container.max(o.len() as u64);
                for item in o.values() {
                    match item {
                        Value::String(s) => best.text = best.text.max(s.len() as u64),
                        Value::Array(_) | Value::Object(_) => stack.push(item),
                        _ => {}
                    }
                }
            }
            Value::String(s) => best.text = best.text.max(s.len() as u64),
            _ => {}
        }
    }
    best
}

/// The longest list or object, and the longest text, of a document.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Largest {
    pub(super) container: u64,
    pub(super) text: u64,
}

impl Largest {
    /// The longest of all.
    pub(super) fn any(self) -> u64 {
        self.container.max(self.text)
    }
}

/// An upper bound on the steps of evaluating `e`.
pub(super) fn cost(e: &IdedExpr, sizes: Sizes<'_>) -> u128 {
    let mut total: u128 = 1;
    match &e.expr {
        Expr::Comprehension(c) => {
            let n = u128::from(size(&c.iter_range, sizes));
            let body = cost(&c.loop_cond, sizes).saturating_add(cost(&c.loop_step, sizes));
            total = total
                .saturating_add(cost(&c.iter_range, sizes))
                .saturating_add(cost(&c.accu_init, sizes))
                .saturating_add(n.saturating_mul(body))
                .saturating_add(cost(&c.result, sizes));
        }
        Expr::Call(call) => {
            if let Some(t) = &call.target {
                total = total.saturating_add(cost(t, sizes));
            }
            for a in &call.args {
                total = total.saturating_add(cost(a, sizes));
            }
            // `x in list` walks the list.
            if call.func_name == "@in"
                && let Some(list) = call.args.get(1)
            {
                total = total.saturating_add(u128::from(size(list, sizes)));
            }
        }
        Expr::Select(s) => total = total.saturating_add(cost(&s.operand, sizes)),
        Expr::List(l) => {
            for el in &l.elements {
                total = total.saturating_add(cost(el, sizes));
            }
        }
        Expr::Map(m) => {
            for entry in &m.entries {
                if let EntryExpr::MapEntry(me) = &entry.expr {
                    total = total
                        .saturating_add(cost(&me.key, sizes))
                        .saturating_add(cost(&me.value, sizes));
                }
            }
        }
        Expr::Unspecified | Expr::Ident(_) | Expr::Literal(_) | Expr::Struct(_) => {}
    }
    total
}

/// An upper bound on the length of the list (or map, or text) `e` gives.
fn size(e: &IdedExpr, sizes: Sizes<'_>) -> u64 {
    let unknown = match sizes {
        Sizes::Load(n) => n,
        Sizes::Doc { largest, .. } => largest,
    };
    match &e.expr {
        Expr::List(l) => l.elements.len() as u64,
        Expr::Comprehension(c) if matches!(c.accu_init.expr, Expr::List(_)) => {
            size(&c.iter_range, sizes)
        }
        Expr::Call(c) if c.func_name == "_+_" => c
            .args
            .iter()
            .map(|a| size(a, sizes))
            .fold(0u64, u64::saturating_add),
        Expr::Ident(_) | Expr::Select(_) => match (sizes, path(e)) {
            (Sizes::Doc { this, root, .. }, Some((var, fields))) => {
                let start = if var == "self" { this } else { root };
                let found = fields.iter().try_fold(start, |v, f| v.get(f));
                match found {
                    Some(Value::Array(a)) => a.len() as u64,
                    Some(Value::Object(o)) => o.len() as u64,
                    Some(Value::String(s)) => s.len() as u64,
                    _ => 0,
                }
            }
            _ => unknown,
        },
        _ => unknown,
    }
}

/// `self.a.b` as (`self`, [`a`, `b`]), for `self` and `root` only.
fn path(e: &IdedExpr) -> Option<(&str, Vec<&str>)> {
    match &e.expr {
        Expr::Ident(n) if n == "self" || n == "root" => Some((n.as_str(), Vec::new())),
        Expr::Select(s) if !s.test => {
            let (var, mut fields) = path(&s.operand)?;
            fields.push(s.field.as_str());
            Some((var, fields))
        }
        _ => None,
    }
}

/// Whether `e` walks a list (a comprehension, or `in`): only then can its cost grow with the
/// document.
pub(super) fn walks(e: &IdedExpr) -> bool {
    any(e, &|x| match x {
        Expr::Comprehension(_) => true,
        Expr::Call(call) => call.func_name == "@in",
        _ => false,
    })
}

/// Whether `e` makes a list out of a text (`split`): only then can a text's length bound a
/// list it walks.
pub(super) fn splits(e: &IdedExpr) -> bool {
    any(
        e,
        &|x| matches!(x, Expr::Call(call) if call.func_name == "split"),
    )
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
