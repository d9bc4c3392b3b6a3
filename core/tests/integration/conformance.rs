//! Runs the cross-binding conformance corpus in `tests/conformance/cases/`.
//!
//! Each case is a folder with `case.json` (what to run), `input.json` (the document's bytes)
//! and `expected.json` (the report, without messages). `EIG_BLESS=1 cargo test -p eig --test
//! conformance corpus_matches` rewrites the
//! expected files; review the diff before committing it.

use eig::diagnostics::Code;
use eig::diagnostics::Report;
use eig::documents::{DocumentValidator, Input, validate_document};
use eig::schema::SchemaKind;
use eig::validate::{RulebookChoice, Validator, validate_named_promotion, validate_rulebook};
use eig::{Rulebook, Violation};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common;

fn cases() -> Vec<PathBuf> {
    common::case_dirs("cases")
}

/// A case's document kind, its rulebook choice and its input.
fn setup(dir: &Path) -> (SchemaKind, RulebookChoice, Vec<u8>) {
    let case: Value = serde_json::from_slice(&std::fs::read(dir.join("case.json")).unwrap())
        .unwrap_or_else(|e| panic!("{}: case.json: {e}", dir.display()));
    let input = std::fs::read(dir.join("input.json")).unwrap();
    let name = case["document"].as_str().unwrap_or_default();
    let kind = SchemaKind::from_name(name)
        .unwrap_or_else(|| panic!("{}: unknown document kind {name:?}", dir.display()));
    let choice = if let Some(file) = case["rulebook"].as_str() {
        let rb = Rulebook::from_json(&std::fs::read(dir.join(file)).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        RulebookChoice::Given(rb.into())
    } else if let Some(id) = case["promotion"].as_str() {
        RulebookChoice::Builtin(id.to_owned())
    } else {
        RulebookChoice::Named
    };
    (kind, choice, input)
}

/// Every case through the one entry point, [`DocumentValidator`], gives the report the kind's
/// own path gives, messages and hints included; and a host rule added to it gives what it
/// gives added to a submission's [`Validator`].
#[test]
fn the_one_entry_point_gives_every_report_as_the_kinds_own_path() {
    struct Short;
    impl eig::Rule for Short {
        fn id(&self) -> &str {
            "short"
        }
        fn check(&self, doc: &eig::Subject<'_>, out: &mut Vec<Violation>) {
            let Some(s) = doc.submission() else { return };
            if s.title.len() < 200 {
                out.push(Violation::custom(
                    "short",
                    "title_short",
                    eig::Severity::Warning,
                    "/title",
                    "Titre court.",
                    "Short title.",
                ));
            }
        }
    }
    for dir in cases() {
        if !engine_built(&dir) {
            continue;
        }
        let (kind, choice, input) = setup(&dir);
        let one = DocumentValidator::new(choice.clone());
        assert_eq!(
            one.validate(kind, Input::Bytes(&input)),
            run(&dir),
            "{}",
            dir.display()
        );
        if kind == SchemaKind::ChallengeSubmission
            && let RulebookChoice::Given(rb) = &choice
        {
            let with = one
                .clone()
                .with_rule(Short)
                .validate(kind, Input::Bytes(&input));
            let direct = Validator::compiled(rb).with_rule(Short).validate(&input);
            assert_eq!(with, direct, "{}", dir.display());
            assert!(with.has("title_short") || with.violations.iter().any(|v| v.rule == "short"));
        }
    }
}

/// A case's report through the path its kind has of its own (a submission's validator, the
/// rulebook's loader, `validate_document`).
fn run(dir: &Path) -> Report {
    let (kind, choice, input) = setup(dir);
    match kind {
        SchemaKind::Rulebook => validate_rulebook(&input),
        SchemaKind::ChallengeSubmission => match choice {
            RulebookChoice::Given(rb) => Validator::compiled(&rb).validate(&input),
            RulebookChoice::Builtin(id) => {
                Validator::new(Rulebook::builtin(&id).unwrap()).validate(&input)
            }
            _ => validate_named_promotion(&input),
        },
        kind => validate_document(kind, Input::Bytes(&input), &choice),
    }
}

/// Whether the checks of the case's kind are in this build (a kind whose engine is left out
/// gets `checks_not_compiled`, and its own checks do not run).
fn engine_built(dir: &Path) -> bool {
    let case: Value = serde_json::from_slice(&std::fs::read(dir.join("case.json")).unwrap())
        .unwrap_or_else(|e| panic!("{}: case.json: {e}", dir.display()));
    // Each engine's document kinds, and whether the engine is in this build.
    let engines: [(&[&str], bool); 3] = [
        (
            &["application", "scoring-grid", "jury", "score-sheets"],
            cfg!(feature = "scoring"),
        ),
        (
            &["team-formation", "mentor-matching", "jury-plan"],
            cfg!(feature = "matching"),
        ),
        (&["dataset"], cfg!(feature = "analytics")),
    ];
    let kind = case["document"].as_str().unwrap_or_default();
    engines
        .iter()
        .find(|(kinds, _)| kinds.contains(&kind))
        .is_none_or(|(_, built)| *built)
}

/// The language-neutral expected form: messages are left out, since wording may change.
fn expected_form(report: &Report) -> Value {
    let violations: Vec<Value> = report
        .violations
        .iter()
        .map(|v: &Violation| {
            json!({"code": v.code, "path": v.path, "severity": v.severity, "rule": v.rule})
        })
        .collect();
    json!({"valid": report.valid, "violations": violations})
}

#[test]
fn corpus_matches_expected_reports() {
    let bless = std::env::var_os("EIG_BLESS").is_some();
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 40, "the corpus has only {} cases", all.len());
    for dir in &all {
        if !engine_built(dir) {
            continue;
        }
        let got = expected_form(&run(dir));
        let path = dir.join("expected.json");
        if bless {
            let mut text = serde_json::to_string_pretty(&got).unwrap();
            text.push('\n');
            std::fs::write(&path, text).unwrap();
            continue;
        }
        let want: Value = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_else(|| panic!("{}: missing or unreadable", path.display()));
        if got != want {
            failures.push(format!(
                "{}\n  expected: {want}\n  got:      {got}",
                dir.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_message_is_written_in_both_languages() {
    for dir in cases() {
        for v in run(&dir).violations {
            assert!(
                !v.message_fr.is_empty()
                    && !v.message_en.is_empty()
                    && v.message_fr != v.message_en,
                "{}: {} needs two messages",
                dir.display(),
                v.code
            );
        }
    }
}

#[test]
fn no_message_hint_or_fix_holds_a_word_of_the_other_language() {
    assert_eq!(
        common::english_words("the value is « the » ok"),
        ["the", "value", "is"]
    );
    assert!(common::english_words("champ inconnu « titre » (en /hosts/0)").is_empty());
    assert_eq!(
        common::french_words("the field est missing, « la » kept"),
        ["est"]
    );
    let mut found = Vec::new();
    let mut check = |whence: String, v: &Violation| {
        let reasons_fr = v.fixes.iter().filter_map(|f| f.reason_fr.as_ref());
        let reasons_en = v.fixes.iter().filter_map(|f| f.reason_en.as_ref());
        let french = [Some(&v.message_fr), v.hint_fr.as_ref()]
            .into_iter()
            .flatten()
            .chain(reasons_fr);
        for text in french {
            let words = common::english_words(text);
            if !words.is_empty() {
                found.push(format!("{whence} [{}] {words:?}: {text}", v.code));
            }
        }
        let english = [Some(&v.message_en), v.hint_en.as_ref()]
            .into_iter()
            .flatten()
            .chain(reasons_en);
        for text in english {
            let words = common::french_words(text);
            if !words.is_empty() {
                found.push(format!("{whence} [{}] French {words:?}: {text}", v.code));
            }
        }
    };
    for dir in cases() {
        for v in run(&dir).violations {
            check(dir.display().to_string(), &v);
        }
    }
    for v in eig::diagnostics::examples() {
        check("the catalogue".to_owned(), &v);
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Codes covered outside the corpus, each by a named test.
const COVERED_ELSEWHERE: &[(&str, &str)] = &[
    (
        "consensus_missing",
        "core/tests/integration/consensus.rs::a_missing_or_bad_consensus_score_is_named",
    ),
    (
        "empty_promotion",
        "core/tests/integration/teams.rs::bad_input_gets_a_violation_with_its_path",
    ),
    (
        "preference_not_applied",
        "core/tests/integration/teams.rs::bad_input_gets_a_violation_with_its_path",
    ),
    (
        "capacity_zero",
        "core/tests/integration/teams.rs::infeasible_loads_are_diagnosed",
    ),
    (
        "matching_infeasible",
        "core/tests/integration/teams.rs::infeasible_loads_are_diagnosed",
    ),
    (
        "document_too_large",
        "core/tests/integration/bad_input.rs::hundred_megabytes_are_refused_fast",
    ),
    (
        "rule_failed",
        "core/tests/integration/custom_rules.rs::a_panicking_rule_becomes_a_violation",
    ),
    (
        "internal_error",
        "core/src/diagnostics/message/mod.rs (the catalogue; no input reaches it)",
    ),
    (
        "affinity_failed",
        "core/tests/integration/teams.rs::referents_respect_loads_and_conflicts_and_explain_themselves",
    ),
    (
        "checks_not_compiled",
        "core/src/documents.rs::a_kind_without_its_checks_says_so",
    ),
    (
        "score_not_finite",
        "core/tests/integration/scoring.rs::a_nan_score_is_a_violation (JSON has no NaN)",
    ),
    (
        "schema_violation",
        "core/src/validate/structural.rs::an_unexplained_union_is_a_schema_violation",
    ),
    (
        "plan_infeasible",
        "core/tests/integration/jury_plan.rs::too_few_referents_is_named_with_a_relaxation_that_plans",
    ),
];

#[test]
fn corpus_covers_every_code() {
    let mut seen = BTreeSet::new();
    for dir in cases()
        .into_iter()
        .chain(common::case_dirs("scoring"))
        .chain(common::case_dirs("import"))
    {
        let text = std::fs::read_to_string(dir.join("expected.json")).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        for violation in v["violations"].as_array().unwrap() {
            seen.insert(violation["code"].as_str().unwrap().to_owned());
        }
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !seen.contains(*c) && !COVERED_ELSEWHERE.iter().any(|(e, _)| e == c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes with no conformance case: {missing:?}"
    );
}
