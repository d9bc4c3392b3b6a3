//! The `Rule` plug-in point: custom rules run with the built-in ones.

use eig::diagnostics::{Severity, Violation};
use eig::rules::{Rule, Rulebook, Subject};
use eig::validate::Validator;

const VALID: &[u8] = include_bytes!("../../../examples/submissions/eig-5-valid-flood-alerts.json");

struct NoRemoteWork;
impl Rule for NoRemoteWork {
    fn id(&self) -> &str {
        "no_remote_work"
    }
    fn check(&self, doc: &Subject<'_>, out: &mut Vec<Violation>) {
        let Some(s) = doc.submission() else { return };
        for (i, l) in s.locations.iter().enumerate() {
            if l.remote_days_per_week.unwrap_or(0) > 0 {
                out.push(Violation::custom(
                    self.id(),
                    "remote_work_not_offered",
                    Severity::Error,
                    format!("/locations/{i}/remote_days_per_week"),
                    "notre ministère ne propose pas de télétravail",
                    "our ministry offers no remote work",
                ));
            }
        }
    }
}

struct Panics;
impl Rule for Panics {
    fn id(&self) -> &str {
        "broken"
    }
    fn check(&self, _: &Subject<'_>, out: &mut Vec<Violation>) {
        out.push(Violation::custom(
            "broken",
            "half_done",
            Severity::Warning,
            "",
            "x",
            "y",
        ));
        panic!("index out of range");
    }
}

fn eig5() -> Validator {
    Validator::new(Rulebook::builtin("eig-5").unwrap())
}

#[test]
fn a_custom_rule_runs_after_the_builtin_ones() {
    let v = eig5().with_rule(NoRemoteWork);
    assert_eq!(v.rule_ids().last(), Some("no_remote_work"));
    let report = v.validate(VALID);
    assert!(!report.valid);
    assert_eq!(report.violations.len(), 1);
    let got = &report.violations[0];
    assert_eq!(got.code, "remote_work_not_offered");
    assert_eq!(got.rule, "no_remote_work");
    assert_eq!(got.path, "/locations/0/remote_days_per_week");
}

#[test]
fn a_panicking_rule_becomes_a_violation() {
    let report = eig5()
        .with_rule(Panics)
        .with_rule(NoRemoteWork)
        .validate(VALID);
    let codes: Vec<(&str, &str)> = report
        .violations
        .iter()
        .map(|v| (v.code.as_str(), v.rule.as_str()))
        .collect();
    // The broken rule's partial output is dropped; the rules after it still run.
    assert_eq!(
        codes,
        [
            ("rule_failed", "broken"),
            ("remote_work_not_offered", "no_remote_work")
        ]
    );
    assert!(
        report.violations[0]
            .message_en
            .contains("index out of range")
    );
}

#[test]
fn validation_is_deterministic() {
    let doc = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/conformance/cases/058-many-semantic-errors/input.json"
    ))
    .unwrap();
    let v = Validator::new(Rulebook::builtin("eig-6").unwrap());
    let first = v.validate(&doc);
    for _ in 0..20 {
        assert_eq!(v.validate(&doc), first);
    }
}

#[test]
fn load_returns_the_typed_submission_or_the_report() {
    let s = eig5().load(VALID).unwrap();
    assert_eq!(s.team_size(), 3);
    let err = eig5().load(b"{}").unwrap_err();
    assert!(
        err.report
            .violations
            .iter()
            .all(|v| v.code == "missing_field" || v.code == "rule_skipped")
    );
    assert!(err.to_string().contains("missing"));
}

/// A custom rule that says what it reads runs on a submission whose other parts are invalid;
/// one that does not is listed once as skipped, naming the error that kept it from running.
#[test]
fn custom_rules_run_where_their_inputs_are_valid() {
    struct ReadsLocations;
    impl Rule for ReadsLocations {
        fn id(&self) -> &str {
            "reads_locations"
        }
        fn reads(&self) -> Option<&[eig::rules::Read]> {
            Some(&[eig::rules::Read::Each("locations")])
        }
        fn check(&self, doc: &Subject<'_>, out: &mut Vec<Violation>) {
            NoRemoteWork.check(doc, out);
        }
    }
    let mut doc: serde_json::Value = serde_json::from_slice(VALID).unwrap();
    doc["duration_months"] = serde_json::json!("dix");
    let report = eig5()
        .with_rule(ReadsLocations)
        .with_rule(NoRemoteWork)
        .validate_value(&doc);
    let rows: Vec<(&str, &str, &str)> = report
        .violations
        .iter()
        .map(|v| (v.code.as_str(), v.path.as_str(), v.rule.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("wrong_type", "/duration_months", "schema"),
            ("rule_skipped", "/duration_months", "immersion_duration"),
            (
                "remote_work_not_offered",
                "/locations/0/remote_days_per_week",
                // The violation is NoRemoteWork's own, which names its rule.
                "no_remote_work"
            ),
            ("rule_skipped", "/duration_months", "no_remote_work"),
        ]
    );
}

/// A rule written in code for another kind of document: run on a valid one, listed as
/// skipped on a broken one, and a panic is `rule_failed`.
#[cfg(feature = "scoring")]
#[test]
fn code_rules_check_any_kind_of_document() {
    use eig::documents::{DocumentValidator, Input};
    use eig::rules::Target;
    use eig::schema::SchemaKind;
    use eig::validate::RulebookChoice;

    struct Named(&'static str, bool);
    impl Rule for Named {
        fn id(&self) -> &str {
            self.0
        }
        fn on(&self) -> Target {
            Target::Jury
        }
        fn check(&self, jury: &Subject<'_>, out: &mut Vec<Violation>) {
            assert!(!self.1, "no jury for me");
            assert_eq!(jury.on(), Target::Jury);
            assert!(jury.submission().is_none());
            let typed: eig::model::Jury = jury.parse().expect("a valid jury reads typed");
            let jury = jury.json();
            assert_eq!(
                typed.jurors.len(),
                jury["jurors"].as_array().map_or(0, Vec::len)
            );
            if jury["jurors"].as_array().is_some_and(|j| j.len() < 5) {
                out.push(Violation::custom(
                    self.0,
                    "jury_too_small",
                    Severity::Error,
                    "/jurors",
                    "moins de cinq",
                    "under five",
                ));
            }
        }
    }
    let validator = DocumentValidator::new(RulebookChoice::Named)
        .with_rule(Named("five", false))
        .with_rule(Named("panics", true));
    let jury: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/conformance/cases/114-declared-rules-jury/input.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let run = |doc: &serde_json::Value| {
        let report = validator.validate(SchemaKind::Jury, Input::Value(doc));
        report
            .violations
            .iter()
            .map(|v| (v.code.clone(), v.rule.clone()))
            .collect::<Vec<_>>()
    };
    let s = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(
        run(&jury),
        [s("jury_too_small", "five"), s("rule_failed", "panics")]
    );
    let mut broken = jury.clone();
    broken["jurors"][0]["name"] = serde_json::json!(7);
    let got = run(&broken);
    // The jury's own checks, then each code rule, listed as skipped.
    assert_eq!(
        got[1..],
        [
            s("rule_skipped", "jury"),
            s("rule_skipped", "five"),
            s("rule_skipped", "panics")
        ]
    );
    // A rule on juries does not run on a grid.
    let grid = validator.validate(SchemaKind::ScoringGrid, Input::Bytes(b"{}"));
    assert!(!grid.violations.iter().any(|v| v.rule == "five"));

    // A rule that says what it reads runs where that is valid; a submission's rule never
    // sees a jury.
    struct ReadsId;
    impl Rule for ReadsId {
        fn id(&self) -> &str {
            "reads_id"
        }
        fn on(&self) -> Target {
            Target::Jury
        }
        fn reads(&self) -> Option<&[eig::rules::Read]> {
            Some(&[eig::rules::Read::Whole("id")])
        }
        fn check(&self, jury: &Subject<'_>, out: &mut Vec<Violation>) {
            let id = jury.json()["id"].as_str().unwrap_or_default().to_owned();
            out.push(Violation::custom(
                "reads_id",
                "seen",
                Severity::Warning,
                "/id",
                &id,
                &id,
            ));
        }
    }
    let validator = DocumentValidator::new(RulebookChoice::Named)
        .with_rule(ReadsId)
        .with_rule(NoRemoteWork)
        .with_rule(Named("five", false));
    let rules = |doc: &serde_json::Value| {
        let report = validator.validate(SchemaKind::Jury, Input::Value(doc));
        report
            .violations
            .iter()
            .filter(|v| v.rule != "jury" && v.rule != "schema")
            .map(|v| (v.code.clone(), v.rule.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rules(&broken),
        [s("seen", "reads_id"), s("rule_skipped", "five")]
    );
    let mut no_id = jury.clone();
    no_id["id"] = serde_json::json!(3);
    assert_eq!(
        rules(&no_id),
        [s("rule_skipped", "reads_id"), s("rule_skipped", "five")]
    );
}
