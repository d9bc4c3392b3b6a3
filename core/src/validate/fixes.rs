//! Every fix is checked before it is offered: applied to a copy of the document, which is
//! validated again. A fix is safe only if its fault is gone and no new error appeared;
//! otherwise it needs a human, and its reason says what else would be wrong.
//!
//! Its cost: one more validation of the document when every fix passes together (the common
//! case), else one per fix, for at most [`ONE_BY_ONE`] fixes, and fewer for a large document
//! (the values validated one by one stay within [`ONE_BY_ONE_VALUES`]); a fix past them is not
//! offered as safe (its reason says so).

use crate::diagnostics::{PatchOperation, Violation, apply_patch};
use serde_json::Value;
use std::collections::HashSet;

/// How many fixes are checked one by one, at most, when they do not pass together.
pub(crate) const ONE_BY_ONE: usize = 24;

/// How many values of documents the checks one by one validate, at most: a document of a
/// million values gets two, not twenty-four.
const ONE_BY_ONE_VALUES: usize = 2_000_000;

/// A fault, as the checks compare them before and after a fix: its code and its place.
type Fault = (String, String);

fn errors(violations: &[Violation]) -> HashSet<Fault> {
    violations
        .iter()
        .filter(|v| v.is_error())
        .map(|v| (v.code.clone(), v.path.clone()))
        .collect()
}

/// The errors of a report before a fix, as a fix's check compares them.
struct Before {
    listed: HashSet<Fault>,
    /// When the report lists only its first violations (`too_many_violations`): the codes
    /// it counts past them. An error of one of these codes at a place not listed was there,
    /// counted, not new.
    counted: Option<HashSet<String>>,
}

impl Before {
    fn of(violations: &[Violation]) -> Self {
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
            listed: errors(violations),
            counted,
        }
    }

    /// Whether an error found after a fix was there before.
    fn had(&self, fault: &Fault) -> bool {
        self.listed.contains(fault)
            || self
                .counted
                .as_ref()
                .is_some_and(|codes| codes.contains(&fault.0) || fault.0 == "too_many_violations")
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
    let before = Before::of(violations);
    // A rename onto a field that is there would lose its value: a person merges the two.
    let mut open = Vec::new();
    for &i in &candidates {
        match overwrites(value, &violations[i].fixes[0].patch) {
            Some(field) => violations[i].fixes[0].settle(Some((
                format!("le champ « {field} » existe déjà : gardez l'une des deux valeurs"),
                format!("the field \"{field}\" is already there: keep one of the two values"),
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
        let found = errors(&after);
        let mended = open.iter().all(|&i| {
            let v = &violations[i];
            !found.contains(&(v.code.clone(), v.path.clone()))
        });
        if mended && found.iter().all(|f| before.had(f)) {
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
        let passes = apply_patch(&mut together, &ops).is_ok() && {
            errors(&revalidate(&together)).iter().all(|f| before.had(f))
        };
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
    if let Err(e) = v.fixes[0].apply(&mut copy) {
        return Some((
            format!("elle ne s'applique pas au document ({e})"),
            format!("it does not apply to the document ({e})"),
        ));
    }
    let after = revalidate(&copy);
    if let Some(same) = after
        .iter()
        .find(|a| a.is_error() && a.code == v.code && a.path == v.path)
    {
        return Some((
            format!("cela ne suffit pas : {}", same.message_fr),
            format!("that is not enough: {}", same.message_en),
        ));
    }
    let new: Vec<&Violation> = after
        .iter()
        .filter(|a| a.is_error() && !before.had(&(a.code.clone(), a.path.clone())))
        .collect();
    let first = new.first()?;
    let more = |n: usize| match n {
        0 => (String::new(), String::new()),
        n => (format!(" (et {n} autre(s))"), format!(" (and {n} more)")),
    };
    let (more_fr, more_en) = more(new.len() - 1);
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

/// The field a move would write over, when there is one there already.
fn overwrites(value: &Value, patch: &[PatchOperation]) -> Option<String> {
    patch.iter().find_map(|op| match op {
        PatchOperation::Move { from, path } if from != path && value.pointer(path).is_some() => {
            Some(
                path.rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .replace("~1", "/")
                    .replace("~0", "~"),
            )
        }
        _ => None,
    })
}
