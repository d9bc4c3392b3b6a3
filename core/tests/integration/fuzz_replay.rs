//! The fuzz targets on stable Rust: each target's body (`fuzz/src/targets.rs`, the same code
//! libFuzzer runs) over each of its seeds (`fuzz/src/seeds.rs`), each crash kept in
//! `fuzz/regressions/<target>/` (committed) and each crash libFuzzer saved in
//! `fuzz/artifacts/<target>/` (local). Every input runs; the failures are listed together.
//!
//! `EIG_FUZZ_CORPUS=DIR` also writes each seed into `DIR/<target>/`, for libFuzzer to start
//! from (`scripts/fuzz` does so).
#![cfg(all(feature = "import", feature = "matching", feature = "scoring"))]
#![allow(unreachable_pub, dead_code, missing_docs)]

#[path = "../../../fuzz/src/seeds.rs"]
mod seeds;
#[path = "../../../fuzz/src/targets.rs"]
mod targets;

use seeds::{Seed, TARGETS};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn body(target: &str) -> fn(&[u8]) {
    match target {
        "documents" => targets::documents::run,
        "rulebook" => targets::rulebook::run,
        "import" => targets::import::run,
        "solvers" => targets::solvers::run,
        other => panic!("no fuzz target named {other}"),
    }
}

/// Runs each input through its target's body; the inputs that panicked, with their message.
fn replay(inputs: &[Seed]) -> Vec<String> {
    replay_with(inputs, body)
}

fn replay_with(inputs: &[Seed], body: impl Fn(&str) -> fn(&[u8])) -> Vec<String> {
    let mut failures = Vec::new();
    for seed in inputs {
        let run = body(seed.target);
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| run(&seed.bytes))) {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{} on {}: {why}", seed.target, seed.origin));
        }
    }
    failures
}

/// The files under `fuzz/<folder>/<target>/`, as inputs of that target.
fn saved(folder: &str) -> Vec<Seed> {
    let mut out = Vec::new();
    for target in TARGETS {
        let dir = root().join("fuzz").join(folder).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .map(|e| e.expect("a readable entry").path())
            .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push(Seed {
                target,
                origin: format!(
                    "fuzz/{folder}/{target}/{}",
                    path.file_name().unwrap().display()
                ),
                bytes,
            });
        }
    }
    out
}

#[test]
fn every_seed_passes_its_target() {
    let all = seeds::seeds(&root());
    for target in TARGETS {
        let n = all.iter().filter(|s| s.target == target).count();
        assert!(n >= 3, "only {n} seed(s) for {target}");
    }
    if let Some(dir) = std::env::var_os("EIG_FUZZ_CORPUS") {
        write_corpus(Path::new(&dir), &all);
    }
    let failures = replay(&all);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_saved_crash_passes_its_target() {
    let mut inputs = saved("regressions");
    inputs.extend(saved("artifacts"));
    let failures = replay(&inputs);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The documents seeds carry the byte of their kind: the conformance corpus's kinds all map.
#[test]
fn document_seeds_start_with_their_kind() {
    let all = seeds::seeds(&root());
    let documents: Vec<&Seed> = all.iter().filter(|s| s.target == "documents").collect();
    let kinds: std::collections::BTreeSet<u8> = documents.iter().map(|s| s.bytes[0]).collect();
    // Every kind but the dataset has a document in the corpora.
    let missing: Vec<&str> = eig::schema::SchemaKind::ALL
        .iter()
        .enumerate()
        .filter(|(k, _)| !kinds.contains(&u8::try_from(*k).unwrap()))
        .map(|(_, kind)| kind.name())
        .collect();
    assert_eq!(missing, ["dataset"]);
    let rulebook = documents
        .iter()
        .find(|s| s.origin.ends_with("examples/rules/rulebook.json"))
        .expect("the example rulebook is a documents seed");
    let kind = eig::schema::SchemaKind::ALL[usize::from(rulebook.bytes[0])];
    assert_eq!(kind, eig::schema::SchemaKind::Rulebook);
}

/// A panicking body is reported with its input's origin and the panic's message, and the
/// inputs after it still run.
#[test]
fn a_failing_input_is_named_and_the_others_still_run() {
    let input = |origin: &str, bytes: &[u8]| Seed {
        target: "documents",
        origin: origin.into(),
        bytes: bytes.to_vec(),
    };
    let picky: fn(&[u8]) = |data| assert!(data != b"bad", "refused {} byte(s)", data.len());
    let failures = replay_with(
        &[input("a", b"good"), input("b", b"bad"), input("c", b"bad")],
        |_| picky,
    );
    assert_eq!(
        failures,
        [
            "documents on b: refused 3 byte(s)",
            "documents on c: refused 3 byte(s)"
        ]
    );
}

fn write_corpus(dir: &Path, all: &[Seed]) {
    for (k, seed) in all.iter().enumerate() {
        let folder = dir.join(seed.target);
        std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
        let name: String = seed
            .origin
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = folder.join(format!("seed-{k:04}-{name}"));
        std::fs::write(&path, &seed.bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
