//! Every fix is checked before it is offered: applied to a copy of the document, which is
//! validated again. A fix is safe only if its fault is gone and no new error appeared;
//! otherwise it needs a human, and its reason says what else would be wrong.
//!
//! Its cost: one more validation of the document when every fix passes together (the common
//! case), else one per fix, for at most [`ONE_BY_ONE`] fixes, and fewer for a large document
//! (the values validated one by one stay within [`ONE_BY_ONE_VALUES`]); a fix past them is not
//! offered as safe (its reason says so).
//!
//! The front end that runs the whole validation ([`crate::documents::DocumentValidator`])
//! checks the fixes once, against all of it (the kind's checks, the declared rules, the host's
//! rules): while it runs, the checks inside it are [`deferred`].

use crate::diagnostics::{PatchOperation, Violation, apply_patch};
use serde_json::Value;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};

/// How many fixes are checked one by one, at most, when they do not pass together.
pub(crate) const ONE_BY_ONE: usize = 24;

/// How many values of documents the checks one by one validate, at most: a document of a
/// million values gets two, not twenty-four.
const ONE_BY_ONE_VALUES: usize = 2_000_000;

thread_local! {
    /// Set while a front end validates a document whose fixes it checks itself.
    static DEFERRED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work` with the fixes' checks inside it left to the caller (who checks them against
/// the whole validation, once).
pub(crate) fn deferred<T>(work: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            DEFERRED.with(|d| d.set(self.0));
        }
    }
    let _restore = Restore(DEFERRED.with(|d| d.replace(true)));
    work()
}

/// Whether a caller checks the fixes itself (see [`deferred`]).
pub(crate) fn is_deferred() -> bool {
    DEFERRED.with(Cell::get)
}

/// Whether some violation has a fix still to check.
pub(crate) fn any_candidate(violations: &[Violation]) -> bool {
    violations
        .iter()
        .any(|v| v.fixes.first().is_some_and(|f| f.is_candidate()))
}

/// A fault, as the checks compare them before and after a fix: its code and its place.
type Fault = (String, String);

fn fault(v: &Violation) -> Fault {
    (v.code.clone(), v.path.clone())
}

/// The faults a person reads, of any severity (not the rules skipped because of them).
fn faults(violations: &[Violation]) -> HashSet<Fault> {
    violations
        .iter()
        .filter(|v| v.code != "rule_skipped")
        .map(fault)
        .collect()
}

/// Whether a violation comes from the input or structural pass (not from a rule).
fn structural(v: &Violation) -> bool {
    matches!(v.rule.as_str(), "input" | "schema")
}

/// The errors of a report before a fix, as a fix's check compares them.
struct Before {
    listed: HashSet<Fault>,
    /// When the report lists only its first violations (`too_many_violations`): the codes
    /// it counts past them. An error of one of these codes at a place not listed was there,
    /// counted, not new.
    counted: Option<HashSet<String>>,
    /// No rule ran because the document names no promotion a rulebook is known for ("EIG 7"
    /// for `eig-7`): an error a rule finds once the fix names one was hidden, not brought.
    no_rulebook: bool,
}

impl Before {
    fn of(value: &Value, violations: &[Violation]) -> Self {
        let counted = violations
            .iter()
            .find(|v| v.code == "too_many_violations")
            .map(|v| {
                v.params
                    .get("by_code")
                    .and_then(|m| m.as_object().map(|m| m.keys().cloned().collect()))
                    .unwrap_or_default()
            });
        Self {
            listed: violations
                .iter()
                .filter(|v| v.is_error())
                .map(fault)
                .collect(),
            counted,
            no_rulebook: violations.iter().all(structural)
                && value
                    .get("promotion")
                    .and_then(Value::as_str)
                    .is_some_and(|p| super::CompiledRulebook::builtin_ref(p).is_none()),
        }
    }

    /// Whether an error found after a fix was there before (or hidden from every rule).
    fn had(&self, v: &Violation) -> bool {
        self.listed.contains(&fault(v))
            || (self.no_rulebook && !structural(v))
            || self
                .counted
                .as_ref()
                .is_some_and(|codes| codes.contains(&v.code) || v.code == "too_many_violations")
    }

    /// The errors of `after` that were not there before.
    fn brought<'a>(&self, after: &'a [Violation]) -> Vec<&'a Violation> {
        after
            .iter()
            .filter(|a| a.is_error() && !self.had(a))
            .collect()
    }
}

/// The document with the fixes the rules read it with ([`Suggestion::is_meant`]): what the
/// person surely meant, so that a fault the form hides is reported in the same run. `None`
/// when there are none. The errors those fixes mend are returned, not to block the rules.
///
/// [`Suggestion::is_meant`]: crate::diagnostics::Suggestion
pub(crate) fn as_meant(value: &Value, errors: &[Violation]) -> Option<(Value, HashSet<Fault>)> {
    let meant: Vec<&Violation> = errors
        .iter()
        .filter(|v| v.fixes.first().is_some_and(|f| f.is_meant()))
        .collect();
    if meant.is_empty() {
        return None;
    }
    let mut copy = value.clone();
    let mut mended = HashSet::new();
    for v in meant {
        if v.fixes[0].apply(&mut copy).is_ok() {
            mended.insert((v.code.clone(), v.path.clone()));
        }
    }
    Some((copy, mended))
}

/// Settles the candidate fixes of `violations`, found on `value`, by applying them and
/// validating again with `revalidate` (which must not check fixes itself).
pub(crate) fn check(
    value: &Value,
    violations: &mut [Violation],
    revalidate: impl Fn(&Value) -> Vec<Violation>,
) {
    let candidates: Vec<usize> = violations
        .iter()
        .enumerate()
        .filter(|(_, v)| v.fixes.first().is_some_and(|f| f.is_candidate()))
        .map(|(i, _)| i)
        .collect();
    if candidates.is_empty() {
        return;
    }
    let before = Before::of(value, violations);
    // Where each candidate writes a new field (a rename): two writing the same one would lose
    // a value, as would one writing over a field already there. A person merges them.
    let mut writers: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &candidates {
        for op in &violations[i].fixes[0].patch {
            if let PatchOperation::Move { path, .. } | PatchOperation::Add { path, .. } = op {
                writers.entry(path.clone()).or_default().push(i);
            }
        }
    }
    let mut open = Vec::new();
    for &i in &candidates {
        let clash = violations[i].fixes[0].patch.iter().find_map(|op| match op {
            PatchOperation::Move { from, path } if from != path => {
                let others: Vec<String> = writers[path]
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| field_name(&violations[j].path))
                    .collect();
                if value.pointer(path).is_some() {
                    Some((field_name(path), None))
                } else if !others.is_empty() {
                    Some((field_name(path), Some(others.join("», « "))))
                } else {
                    None
                }
            }
            _ => None,
        });
        match clash {
            Some((field, None)) => violations[i].fixes[0].settle(Some((
                format!("le champ « {field} » existe déjà : gardez l'une des deux valeurs"),
                format!("the field \"{field}\" is already there: keep one of the two values"),
            ))),
            Some((field, Some(others))) => violations[i].fixes[0].settle(Some((
                format!(
                    "« {others} » serait aussi renommé en « {field} » : gardez l'une des valeurs"
                ),
                format!("\"{others}\" would be renamed \"{field}\" too: keep one of the values"),
            ))),
            None => open.push(i),
        }
    }
    // All together first: one validation more when they all pass.
    let mut together = value.clone();
    let all: Vec<PatchOperation> = open
        .iter()
        .flat_map(|&i| violations[i].fixes[0].patch.iter().cloned())
        .collect();
    if !open.is_empty() && apply_patch(&mut together, &all).is_ok() {
        let after = revalidate(&together);
        if crate::stop::requested() {
            return;
        }
        let found = faults(&after);
        let mended = open
            .iter()
            .all(|&i| !found.contains(&fault(&violations[i])));
        if mended && before.brought(&after).is_empty() {
            for &i in &open {
                violations[i].fixes[0].settle(None);
            }
            return;
        }
    }
    // Then one by one.
    let limit = (ONE_BY_ONE_VALUES / super::structural::nodes(value).max(1)).clamp(2, ONE_BY_ONE);
    let mut safe = Vec::new();
    for (n, &i) in open.iter().enumerate() {
        if n >= limit || crate::stop::requested() {
            violations[i].fixes[0].settle(Some((
                format!(
                    "non vérifiée : seules les {limit} premières corrections le sont une à une"
                ),
                format!("not checked: only the first {limit} fixes are checked one by one"),
            )));
            continue;
        }
        let reason = one(value, &violations[i], &before, &revalidate);
        if reason.is_none() {
            safe.push(i);
        }
        violations[i].fixes[0].settle(reason);
    }
    // The safe ones must still pass together.
    if safe.len() > 1 {
        let mut together = value.clone();
        let ops: Vec<PatchOperation> = safe
            .iter()
            .flat_map(|&i| violations[i].fixes[0].patch.iter().cloned())
            .collect();
        let passes = apply_patch(&mut together, &ops).is_ok()
            && before.brought(&revalidate(&together)).is_empty();
        if !passes {
            for &i in &safe {
                violations[i].fixes[0].settle(Some((
                    "sûre seule, mais pas avec les autres corrections : appliquez-la à part"
                        .to_owned(),
                    "safe alone, but not with the other fixes: apply it on its own".to_owned(),
                )));
            }
        }
    }
}

/// Why the fix of `v` is not safe (in French, in English), or `None` when it is.
fn one(
    value: &Value,
    v: &Violation,
    before: &Before,
    revalidate: &impl Fn(&Value) -> Vec<Violation>,
) -> Option<(String, String)> {
    let mut copy = value.clone();
    if v.fixes[0].apply(&mut copy).is_err() {
        return Some((
            "elle ne s'applique pas au document : un chemin qu'elle nomme n'y est pas".to_owned(),
            "it does not apply to the document: a path it names is not there".to_owned(),
        ));
    }
    let after = revalidate(&copy);
    if let Some(same) = after.iter().find(|a| a.code == v.code && a.path == v.path) {
        return Some((
            format!("cela ne suffit pas : {}", same.message_fr),
            format!("that is not enough: {}", same.message_en),
        ));
    }
    let new = before.brought(&after);
    let first = new.first()?;
    let (more_fr, more_en) = match new.len() - 1 {
        0 => (String::new(), String::new()),
        n => (format!(" (et {n} autre(s))"), format!(" (and {n} more)")),
    };
    Some((
        format!(
            "cela ferait une autre erreur, en {} : {}{more_fr}",
            place(&first.path),
            first.message_fr
        ),
        format!(
            "that would make another error, at {}: {}{more_en}",
            place(&first.path),
            first.message_en
        ),
    ))
}

/// A place for a reason's words: the pointer, or `/` for the whole document.
fn place(path: &str) -> &str {
    if path.is_empty() { "/" } else { path }
}

/// The last name of a pointer (`/hosts/0/titre` → `titre`), unescaped.
fn field_name(path: &str) -> String {
    path.rsplit('/')
        .next()
        .unwrap_or_default()
        .replace("~1", "/")
        .replace("~0", "~")
}
