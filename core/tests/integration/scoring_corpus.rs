//! Runs the scoring conformance corpus in `tests/conformance/scoring/`.
//!
//! A case is a folder with `case.json` (`"run": "score"` or `"run": "document"`), its
//! documents, and `expected.json`: the report without messages and, for a ranking, each
//! item's rank, outcome and reason code. `EIG_BLESS=1 cargo test -p eig --test integration scoring_corpus::`
//! rewrites the expected files; `make_cases.py` beside them writes the cases.

#![cfg(feature = "scoring")]

use eig::Rulebook;
use eig::diagnostics::Report;
use eig::documents::{Input, validate_document};
use eig::model::{Jury, ScoreSheets, ScoringGrid};
use eig::schema::SchemaKind;
use eig::scoring::{Ranking, score_stage};
use eig::validate::{RulebookChoice, load_document};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

use crate::common;

fn cases() -> Vec<PathBuf> {
    common::case_dirs("scoring")
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{}/{file}: {e}", dir.display()))
}

/// The report, or the ranking, of one case.
fn run(dir: &Path) -> (Report, Option<Ranking>) {
    let case: Value = serde_json::from_slice(&read(dir, "case.json")).unwrap();
    match case["run"].as_str() {
        Some("document") => {
            let kind = SchemaKind::from_name(case["document"].as_str().unwrap()).unwrap();
            (
                validate_document(
                    kind,
                    Input::Bytes(&read(dir, "input.json")),
                    &RulebookChoice::Named,
                ),
                None,
            )
        }
        Some("score") => {
            let docs = (|| {
                Ok((
                    load_document::<ScoringGrid>(&read(dir, "grid.json"))?,
                    load_document::<Jury>(&read(dir, "jury.json"))?,
                    load_document::<ScoreSheets>(&read(dir, "scores.json"))?,
                    Rulebook::from_json(&read(dir, "rulebook.json"))?,
                ))
            })();
            let (grid, jury, sheets, rb) = match docs {
                Ok(d) => d,
                Err(eig::diagnostics::InvalidDocument { report }) => return (report, None),
            };
            match score_stage(&rb, None, &grid, &jury, &sheets) {
                Ok(r) => (Report::new(r.violations.clone()), Some(r)),
                Err(e) => (e.report, None),
            }
        }
        other => panic!("{}: unknown run {other:?}", dir.display()),
    }
}

fn expected_form(report: &Report, ranking: Option<&Ranking>) -> Value {
    let violations: Vec<Value> = report
        .violations
        .iter()
        .map(|v| json!({"code": v.code, "path": v.path, "severity": v.severity, "rule": v.rule}))
        .collect();
    let mut out = json!({"valid": report.valid, "violations": violations});
    if let Some(r) = ranking {
        let outcomes: Vec<Value> = r
            .items
            .iter()
            .map(|i| {
                let reason = serde_json::to_value(&i.reason).unwrap();
                json!([i.item, i.rank, i.outcome, reason["code"]])
            })
            .collect();
        out["outcomes"] = Value::Array(outcomes);
    }
    out
}

#[test]
fn scoring_corpus_matches_expected() {
    let bless = std::env::var_os("EIG_BLESS").is_some();
    let mut failures = Vec::new();
    let all = cases();
    assert!(
        all.len() >= 25,
        "the scoring corpus has only {} cases",
        all.len()
    );
    for dir in &all {
        let (report, ranking) = run(dir);
        let got = expected_form(&report, ranking.as_ref());
        let path = dir.join("expected.json");
        if bless {
            let mut text = serde_json::to_string_pretty(&got).unwrap();
            text.push('\n');
            std::fs::write(&path, text).unwrap();
            continue;
        }
        let want: Value = serde_json::from_slice(&read(dir, "expected.json")).unwrap();
        if got != want {
            failures.push(format!(
                "{}\n  expected: {want}\n  got:      {got}",
                dir.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_scoring_message_is_in_both_languages() {
    for dir in cases() {
        for v in run(&dir).0.violations {
            assert!(
                !v.message_fr.is_empty()
                    && !v.message_en.is_empty()
                    && v.message_fr != v.message_en,
                "{}: {}",
                dir.display(),
                v.code
            );
        }
    }
}

#[test]
fn every_explanation_adds_up() {
    for dir in cases() {
        let Some(r) = run(&dir).1 else { continue };
        for item in &r.items {
            let Some(total) = item.final_score else {
                continue;
            };
            let sum: f64 = item.criteria.iter().map(|c| c.contribution).sum();
            assert!(
                (sum - total).abs() < 1e-9,
                "{}: {}",
                dir.display(),
                item.item
            );
        }
    }
}
