//! Helpers shared by the corpus tests.

use std::path::{Path, PathBuf};

/// The case folders of a corpus under `tests/conformance/<name>`, sorted.
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
