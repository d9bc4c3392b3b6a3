//! Checks that every document kind shares: identifiers that must be unique.

use super::Violation;
use super::message::{self, Thing};
use std::collections::HashMap;

/// Reports every repeated identifier of a list of `thing`s, at the repeat.
pub(crate) fn duplicate_ids<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    path: impl Fn(usize) -> String,
    thing: Thing,
    out: &mut Vec<Violation>,
) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.into_iter().enumerate() {
        if let Some(j) = first.get(id) {
            out.push(message::duplicate_id(path(i), thing, id, *j));
        } else {
            first.insert(id, i);
        }
    }
}
