//! Identifiers: repeated where they must be unique, or naming nothing known.

use super::{Thing, listed};
use crate::diagnostics::{Code, Violation};

/// `duplicate_id`: `id` of a `thing` repeats the one at position `first` of the same list.
pub(crate) fn duplicate_id(
    path: impl Into<String>,
    thing: Thing,
    id: &str,
    first: usize,
) -> Violation {
    let w = thing.words();
    Violation::new(
        Code::DuplicateId,
        path,
        format!("{} « {id} » figure déjà à la position {first}", w.the_fr()),
        format!(
            "the {} \"{id}\" already appears at position {first}",
            w.one_en
        ),
    )
    .with_params([
        ("thing", super::param(thing.words().one_en)),
        ("id", super::param(id)),
        ("first", super::param(first)),
    ])
}

/// `unknown_reference`: `id` names no `thing` among `known` (listed, with the nearest name
/// suggested).
pub(crate) fn unknown_reference(
    path: impl Into<String>,
    thing: Thing,
    id: &str,
    known: &[&str],
) -> Violation {
    let w = thing.words();
    let (mut fr, mut en) = (
        format!(
            "« {id} » ne désigne {} {} {}",
            w.none_fr(),
            w.noun_fr,
            w.known_fr()
        ),
        format!("\"{id}\" names no known {}", w.one_en),
    );
    // The nearest name is looked for among a list a person would read (national inputs list
    // a hundred thousand candidates, and a misspelt id can repeat on every score: no
    // suggestion among more than a hundred).
    let near = (known.len() <= 100)
        .then(|| crate::text::nearest(id, known.iter().copied()))
        .flatten();
    let (lf, le) = if known.is_empty() {
        (w.none_fr().to_owned(), "none".to_owned())
    } else {
        listed(known)
    };
    fr.push_str(&format!(" ({} {}s : {lf})", w.many_fr(), w.known_fr()));
    en.push_str(&format!(" (known {}: {le})", w.many_en));
    Violation::new(Code::UnknownReference, path, fr, en)
        .with_params([
            ("thing", super::param(thing.words().one_en)),
            ("id", super::param(id)),
            ("known", super::param(known)),
        ])
        .fix(near.map(|n| super::Fix::DidYouMean(n.to_owned())))
}
