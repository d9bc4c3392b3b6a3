//! Helpers shared by the corpus tests, the tests on the public data and the tests that read
//! the source.

use std::path::{Path, PathBuf};

/// The case folders of a corpus under `tests/conformance/<name>`, sorted.
#[allow(dead_code)]
pub(crate) fn case_dirs(name: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/conformance")
        .join(name);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The public EIG data folder: `$EIG_PUBLIC_DATA`, default `../shared/data/eig-public` beside
/// the project. `None`, after saying so, when it is missing: the caller skips.
///
/// # Panics
/// When it is missing and `CI` is set: a CI run checks everything or fails.
#[allow(dead_code)]
pub(crate) fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("EIG_PUBLIC_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/eig-public"),
        PathBuf::from,
    );
    if dir.is_dir() {
        return Some(dir);
    }
    let why = format!(
        "public EIG data not found at {} (set EIG_PUBLIC_DATA to its folder)",
        dir.display()
    );
    assert!(
        !in_ci(),
        "{why}; CI is set, so this test fails instead of skipping"
    );
    eprintln!("skipping: {why}");
    None
}

/// Whether `CI` is set (to anything but empty, `0` or `false`), as CI services and `.ci/run`
/// do: then a test that would skip fails instead.
#[allow(dead_code)]
pub(crate) fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Every `.rs` file under `dir`, sorted.
#[allow(dead_code)]
pub(crate) fn rust_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// English words that no French sentence holds, once quoted values, identifiers, paths and
/// numbers are set aside.
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "are",
    "was",
    "must",
    "should",
    "expected",
    "found",
    "failed",
    "parse",
    "cannot",
    "could",
    "does",
    "than",
    "got",
    "with",
    "this",
    "that",
    "such",
    "which",
    "missing",
    "unknown",
    "invalid",
    "error",
    "not",
    "file",
    "directory",
    "allowed",
    "value",
    "field",
    "string",
    "integer",
    "number",
    "object",
    "array",
    "boolean",
    "key",
    "while",
    "at",
    "line",
    "column",
    "or",
    "and",
    "no",
    "of",
    "to",
    "in",
    "be",
    "has",
    "have",
];

/// French words that no English sentence holds (`défi`, `promotion`, the labels quoted, are
/// the programme's own in both).
const FRENCH: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "du",
    "une",
    "est",
    "sont",
    "pour",
    "avec",
    "dans",
    "sur",
    "aux",
    "erreur",
    "champ",
    "valeur",
    "écrivez",
    "manque",
    "doit",
    "obligatoire",
    "et",
    "ou",
    "à",
    "au",
    "ligne",
    "colonne",
    "fichier",
    "liste",
    "texte",
    "nombre",
    "entier",
    "jour",
    "heure",
    "mois",
    "année",
    "vérifiez",
    "corrigez",
    "retirez",
    "ajoutez",
    "cela",
    "elle",
    "il",
    "ne",
    "pas",
    "plus",
    "moins",
    "que",
    "qui",
    "exemple",
];

/// The French words of an English text, outside quotations, code and identifiers (as
/// [`english_words`] does for a French one).
#[allow(dead_code)]
pub(crate) fn french_words(text: &str) -> Vec<String> {
    words_of(text, FRENCH)
}

/// The English words of a French text, outside « quotations », "quotes", `code`, {placeholders}
/// and words that hold digits, `_`, `/`, `.` or `@` (identifiers, paths, addresses).
#[allow(dead_code)]
pub(crate) fn english_words(text: &str) -> Vec<String> {
    words_of(text, ENGLISH)
}

fn words_of(text: &str, list: &[&str]) -> Vec<String> {
    let mut plain = String::new();
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match (closing, c) {
            (Some(end), c) if c == end => closing = None,
            (Some(_), _) => {}
            (None, '«') => closing = Some('»'),
            (None, '"') => closing = Some('"'),
            (None, '`') => closing = Some('`'),
            (None, '{') => closing = Some('}'),
            (None, c) => plain.push(c),
        }
    }
    plain
        .split_whitespace()
        .filter(|w| !w.contains(|c: char| c.is_ascii_digit() || "_/.@\\".contains(c)))
        .flat_map(|w| {
            w.split(|c: char| !c.is_alphabetic())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|w| list.contains(&w.as_str()))
        .collect()
}
