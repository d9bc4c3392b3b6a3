//! The seed inputs of each fuzz target, made from the repository's own corpora: libFuzzer
//! starts from them (`scripts/fuzz` writes them into `fuzz/corpus/<target>/`), and the core's
//! integration tests replay them on stable Rust.
//!
//! - `documents`: each conformance and scoring case's documents and the examples (the example
//!   dossiers under both forms), each after the byte of its kind (its index in
//!   `SchemaKind::ALL`);
//! - `rulebook`: every rulebook of the corpora and the examples;
//! - `import`: each import case's files, joined by `\n%%\n` in the order the target cuts them;
//! - `solvers`: a few byte strings, one per solver.
//!
//! Only `eig`, `serde_json` and `std`: the file is compiled into both crates.

use eig::schema::SchemaKind;
use std::path::{Path, PathBuf};

/// The fuzz targets, in the order `scripts/fuzz` runs them.
pub const TARGETS: [&str; 4] = ["documents", "rulebook", "import", "solvers"];

/// One seed: its target, what it was made from (a path under the repository), and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    /// The target it feeds (one of [`TARGETS`]).
    pub target: &'static str,
    /// What it was made from, relative to the repository (for a message or a file name).
    pub origin: String,
    /// The input.
    pub bytes: Vec<u8>,
}

/// Every seed of every target, read from the repository at `root`, in a stable order.
///
/// # Panics
/// When a corpus folder or one of its files cannot be read, or a case names an unknown kind.
#[must_use]
pub fn seeds(root: &Path) -> Vec<Seed> {
    let mut out = Vec::new();
    let corpus = root.join("tests/conformance");
    let mut add = |target: &'static str, path: &Path, bytes: Vec<u8>| {
        let origin = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        out.push(Seed {
            target,
            origin,
            bytes,
        });
    };
    let kind_byte = |name: &str| -> u8 {
        let at = SchemaKind::ALL
            .iter()
            .position(|k| k.name() == name)
            .unwrap_or_else(|| panic!("no document kind named {name}"));
        u8::try_from(at).expect("fewer than 256 kinds")
    };
    let with_kind = |name: &str, path: &Path| -> Vec<u8> {
        let mut bytes = vec![kind_byte(name)];
        bytes.extend(read(path));
        bytes
    };

    for case in dirs(&corpus.join("cases")) {
        let about: serde_json::Value = serde_json::from_slice(&read(&case.join("case.json")))
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let kind = about["document"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: no \"document\"", case.display()));
        let input = case.join("input.json");
        add("documents", &input, with_kind(kind, &input));
        let rulebook = case.join("rulebook.json");
        if rulebook.is_file() {
            add("rulebook", &rulebook, read(&rulebook));
        }
        if kind == "rulebook" {
            add("rulebook", &input, read(&input));
        }
    }
    for case in dirs(&corpus.join("scoring")) {
        for (file, kind) in [
            ("grid.json", "scoring-grid"),
            ("jury.json", "jury"),
            ("scores.json", "score-sheets"),
        ] {
            let path = case.join(file);
            if path.is_file() {
                add("documents", &path, with_kind(kind, &path));
            }
        }
        let rulebook = case.join("rulebook.json");
        if rulebook.is_file() {
            add("rulebook", &rulebook, read(&rulebook));
        }
    }
    // The example dossiers under both forms of the submission.
    for path in files(&root.join("examples/submissions"), "json") {
        add("documents", &path, with_kind("challenge-submission", &path));
        add(
            "documents",
            &path,
            with_kind("challenge-submission-2024", &path),
        );
    }
    for (file, kind) in [
        ("examples/teams/teams.json", "team-formation"),
        ("examples/teams/mentors.json", "mentor-matching"),
        ("examples/rules/rulebook.json", "rulebook"),
    ] {
        let path = root.join(file);
        add("documents", &path, with_kind(kind, &path));
    }
    let example_rulebook = root.join("examples/rules/rulebook.json");
    add("rulebook", &example_rulebook, read(&example_rulebook));

    for case in dirs(&corpus.join("import")) {
        let first = |sub: &str| files(&case.join("site-eig").join(sub), "md");
        let current = |sub: &str| files(&case.join("site-eig-v3/site/content").join(sub), "md");
        let (bodies, defis, people) = (first("_defis"), current("defis"), current("personnes"));
        let parts: [Option<PathBuf>; 8] = [
            Some(case.join("site-eig/_data/defis.yml")),
            Some(case.join("site-eig/_data/promos.yml")),
            Some(case.join("site-eig/_data/skills.yml")),
            bodies.first().cloned(),
            defis.first().cloned(),
            defis.get(1).cloned(),
            people.first().cloned(),
            Some(case.join("site-eig-v3/derived/personnes.roles-only.yml")),
        ];
        let joined = parts
            .iter()
            .map(|p| {
                p.as_deref()
                    .filter(|p| p.is_file())
                    .map(read)
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(&b"\n%%\n"[..]);
        add("import", &case, joined);
    }
    for (k, bytes) in [
        &b"\x00\x02\x02\x01\x02\x03\x04"[..],
        b"\x01\x03\x02\x01\x00\x02\x01\x00\x01",
        b"\x02\x01\x01\x02\x01\x01\x05\x06",
    ]
    .into_iter()
    .enumerate()
    {
        add("solvers", Path::new(&format!("solver-{k}")), bytes.to_vec());
    }
    out
}

/// The files of `dir` (not below it) ending in `.ext`, sorted; none when `dir` is missing.
#[must_use]
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("a readable entry").path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The folders of `dir`, sorted.
fn dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
