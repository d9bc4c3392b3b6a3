//! Checks that every document kind shares: identifiers that must be unique.

use super::{Code, Violation};
use std::collections::HashMap;

/// Reports every repeated identifier of a list, at the repeat.
pub(crate) fn duplicate_ids<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    path: impl Fn(usize) -> String,
    what_fr: &str,
    what_en: &str,
    out: &mut Vec<Violation>,
) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.into_iter().enumerate() {
        if let Some(j) = first.get(id) {
            out.push(Violation::new(
                Code::DuplicateId,
                path(i),
                format!("{what_fr} « {id} » figure déjà à la position {j}"),
                format!("{what_en} \"{id}\" already appears at position {j}"),
            ));
        } else {
            first.insert(id, i);
        }
    }
}
