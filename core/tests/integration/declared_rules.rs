//! Declared rules (CEL in a rulebook): the worked examples of `docs/rules.md`, the faults a
//! rulebook can have, the cost limit, and rules that never panic.

use eig::Rulebook;
use eig::documents::{Input, validate_document};
use eig::schema::SchemaKind;
use eig::validate::{RulebookChoice, Validator};
use serde_json::{Value, json};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read_json(path: &str) -> Value {
    serde_json::from_slice(&std::fs::read(root().join(path)).unwrap()).unwrap()
}

fn examples() -> Rulebook {
    Rulebook::from_json(&std::fs::read(root().join("examples/rules/rulebook.json")).unwrap())
        .unwrap_or_else(|e| panic!("examples/rules/rulebook.json: {e}"))
}

/// The rule ids of the violations a rulebook's rules find in a document of `kind`.
fn fired(rulebook: &Rulebook, kind: SchemaKind, doc: &Value) -> Vec<String> {
    let report = if kind == SchemaKind::ChallengeSubmission {
        Validator::new(rulebook.clone()).validate_value(doc)
    } else {
        let choice = RulebookChoice::Given(rulebook.clone().into());
        validate_document(kind, Input::Value(doc), &choice)
    };
    let ids: Vec<&str> = rulebook.rules.iter().map(|r| r.id.as_str()).collect();
    report
        .violations
        .iter()
        .filter(|v| ids.contains(&v.rule.as_str()) || v.code.starts_with("rule_"))
        .map(|v| format!("{} {}", v.rule, v.path))
        .collect()
}

#[test]
fn the_worked_examples_are_the_ones_the_docs_show() {
    let rb = examples();
    assert!(rb.rules.len() >= 10, "only {} examples", rb.rules.len());
    let docs = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    for rule in &rb.rules {
        let quoted = serde_json::to_string(&rule.rule).unwrap();
        assert!(
            docs.contains(&format!("\"rule\": {quoted}")),
            "docs/rules.md does not show the rule {} as the examples have it: {quoted}",
            rule.id
        );
    }
}

/// Each worked example keeps a valid document, and catches the one mistake it is about,
/// at its path.
#[test]
fn each_worked_example_catches_its_mistake() {
    let rb = examples();
    let submission = read_json("examples/submissions/eig-7-valid-product-director.json");
    let case = |n: &str| read_json(&format!("tests/conformance/cases/{n}/input.json"));
    type Edit = fn(&mut Value);
    let table: Vec<(SchemaKind, Value, Edit, &str)> = vec![
        (
            SchemaKind::ChallengeSubmission,
            submission.clone(),
            |d| d["product_page"] = json!("https://example.org/fiche"),
            "fiche_beta_gouv /product_page",
        ),
        (
            SchemaKind::ChallengeSubmission,
            submission.clone(),
            |d| d["mentors"][0]["commitment_percent"] = json!(10),
            "mentor_vingt_pour_cent /mentors/0/commitment_percent",
        ),
        (
            SchemaKind::ChallengeSubmission,
            submission.clone(),
            |d| {
                d["data"] = json!([{"name": "Fichier des usagers", "access": "open", "personal_data": true}])
            },
            "donnees_personnelles_non_ouvertes /data/0/access",
        ),
        (
            SchemaKind::ChallengeSubmission,
            submission.clone(),
            |d| d["locations"][0]["remote_days_per_week"] = json!(4),
            "teletravail_deux_jours /locations/0/remote_days_per_week",
        ),
        (
            SchemaKind::Application,
            case("112-declared-rules-application"),
            |d| d["eligibility"]["accepts_charter"] = json!(false),
            "candidature_eligible /eligibility",
        ),
        (
            SchemaKind::ScoringGrid,
            case("113-declared-rules-scoring-grid"),
            |d| {
                d["criteria"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("eliminatory_below");
            },
            "grille_eliminatoire /criteria",
        ),
        (
            SchemaKind::Jury,
            case("114-declared-rules-jury"),
            |d| d["jurors"].as_array_mut().unwrap().truncate(2),
            "jury_de_trois /jurors",
        ),
        (
            SchemaKind::ScoreSheets,
            case("115-declared-rules-score-sheets"),
            |d| {
                let s = d["scores"][0].clone();
                d["recusals"] = json!([{"juror": s["juror"], "item": s["item"]}]);
            },
            "pas_de_note_apres_deport /scores/0/juror",
        ),
        (
            SchemaKind::MentorMatching,
            case("117-declared-rules-mentor-matching"),
            |d| d["teams"][1]["mentors"] = json!([]),
            "un_mentor_par_equipe /teams/1/mentors",
        ),
    ];
    for (kind, doc, edit, expected) in table {
        let before = fired(&rb, kind, &doc);
        assert!(
            !before.iter().any(|f| f == expected),
            "{expected} fires on the untouched document: {before:?}"
        );
        let mut broken = doc.clone();
        edit(&mut broken);
        let after = fired(&rb, kind, &broken);
        assert!(
            after.iter().any(|f| f == expected),
            "{expected}: got {after:?}"
        );
    }
    // The EIG 4 deadline: 17:00 Paris time on 28 February 2020, not a second after.
    let mut eig4 = read_json("tests/conformance/cases/001-valid-eig-4/input.json");
    eig4["submitted_at"] = json!("2020-02-28T17:00:00+01:00");
    let rb4 = {
        let mut rb4 = Rulebook::builtin("eig-4").unwrap();
        rb4.rules = rb.rules.clone();
        rb4
    };
    let at = |d: &Value| fired(&rb4, SchemaKind::ChallengeSubmission, d);
    assert!(!at(&eig4).iter().any(|f| f.starts_with("depot_avant_17h")));
    eig4["submitted_at"] = json!("2020-02-28T16:00:01Z");
    assert!(
        at(&eig4)
            .iter()
            .any(|f| f == "depot_avant_17h /submitted_at")
    );
}

#[test]
fn a_seat_no_candidate_can_fill_is_found() {
    let rb = {
        let mut rb = Rulebook::builtin("eig-5").unwrap();
        rb.rules = examples()
            .rules
            .into_iter()
            .filter(|r| r.id == "postes_pourvoyables")
            .collect();
        rb
    };
    let mut doc = read_json("tests/conformance/cases/116-declared-rules-team-formation/input.json");
    doc["promotion"] = json!("eig-5");
    let fine = fired(&rb, SchemaKind::TeamFormation, &doc);
    assert!(fine.is_empty(), "{fine:?}");
    doc["challenges"][0]["seats"][0]["expertise"] = json!("juriste");
    assert_eq!(
        fired(&rb, SchemaKind::TeamFormation, &doc),
        ["postes_pourvoyables /challenges/0/seats"]
    );
}

/// A rulebook with declared rules, built on EIG 4's.
fn with_rule(rule: Value) -> Result<Rulebook, eig::InvalidDocument> {
    let mut rb = serde_json::to_value(Rulebook::builtin("eig-4").unwrap()).unwrap();
    rb["rules"] = json!([rule]);
    Rulebook::from_json(rb.to_string().as_bytes())
}

fn rule(on: &str, expr: &str) -> Value {
    json!({"id": "r", "on": on, "rule": expr, "message_fr": "non", "message_en": "no"})
}

#[test]
fn every_fault_of_a_rule_is_found_at_load_with_its_path() {
    let cases: &[(Value, &str, &str, &str)] = &[
        (
            rule("jury", "self.jurors.size( > 2"),
            "/rules/0/rule",
            "rule_invalid",
            "syntax error",
        ),
        (
            rule("jury", "self.jurors.count() > 2"),
            "/rules/0/rule",
            "rule_invalid",
            "no function \"count\"",
        ),
        (
            rule("jury", "self.juror.size() > 2"),
            "/rules/0/rule",
            "rule_invalid",
            "did you mean \"jurors\"",
        ),
        (
            rule("jury", "self.jurors.size() > 'deux'"),
            "/rules/0/rule",
            "rule_invalid",
            "does not apply to a number and a string",
        ),
        (
            rule(
                "jury",
                "self.jurors.all(j, j.name.size() > 1 && j.weight + 'x' == 1)",
            ),
            "/rules/0/rule",
            "rule_invalid",
            "\"+\" does not apply",
        ),
        (
            rule("jury", "self.jurors"),
            "/rules/0/rule",
            "rule_invalid",
            "it gives a list",
        ),
        (
            rule("jury", "jurés.size() > 0"),
            "/rules/0/rule",
            "rule_invalid",
            "syntax error",
        ),
        (
            rule("jury", "jurors.size() > 0"),
            "/rules/0/rule",
            "rule_invalid",
            "no known variable",
        ),
        (
            rule("jury", &(vec!["1"; 150].join(" + ") + " > 0")),
            "/rules/0/rule",
            "rule_invalid",
            "nests more than 100 levels",
        ),
        (
            rule(
                "score-sheets",
                "self.scores.all(a, self.scores.all(b, self.scores.all(c, self.scores.all(d, a == d))))",
            ),
            "/rules/0/rule",
            "rule_too_costly",
            "on a document whose lists hold 100 elements",
        ),
        (
            json!({"id": "r", "on": "jury", "rule": "true", "path": "jurors/0", "message_fr": "x", "message_en": "x"}),
            "/rules/0/path",
            "pattern_mismatch",
            "",
        ),
        (
            json!({"id": "r", "on": "juries", "rule": "true", "message_fr": "x", "message_en": "x"}),
            "/rules/0/on",
            "invalid_value",
            "jury",
        ),
        (
            json!({"id": "r", "on": "jury", "rule": "true", "message_fr": "{valeur}", "message_en": "x"}),
            "/rules/0/message_fr",
            "rule_invalid",
            "{valeur}",
        ),
        (
            json!({"id": "r", "on": "jury", "for_each": "/id", "rule": "true", "message_fr": "x", "message_en": "x"}),
            "/rules/0/for_each",
            "rule_invalid",
            "names no list",
        ),
    ];
    for (r, path, code, words) in cases {
        let e = with_rule(r.clone()).expect_err(&r.to_string());
        let v = &e.report.violations[0];
        assert_eq!(
            (v.path.as_str(), v.code.as_str()),
            (*path, *code),
            "{r}: {}",
            e.report
        );
        assert!(v.message_en.contains(words), "{r}: {}", v.message_en);
        assert!(!v.message_fr.is_empty() && v.message_fr != v.message_en);
    }
    // Two rules with one id.
    let mut rb = serde_json::to_value(Rulebook::builtin("eig-4").unwrap()).unwrap();
    rb["rules"] = json!([rule("jury", "true"), rule("application", "true")]);
    let e = Rulebook::from_json(rb.to_string().as_bytes()).unwrap_err();
    assert_eq!(e.report.violations[0].code, "duplicate_id");
    assert_eq!(e.report.violations[0].path, "/rules/1/id");
}

/// A big document within the limit is checked; a rule whose bound is over it on this
/// document is reported, not run.
#[test]
fn the_cost_limit_is_computed_from_the_document() {
    let sheets = |n: usize| {
        let mut doc =
            read_json("tests/conformance/cases/115-declared-rules-score-sheets/input.json");
        let first = doc["scores"][0].clone();
        doc["scores"] = Value::Array(vec![first; n]);
        doc
    };
    let linear = with_rule(rule("score-sheets", "self.scores.all(s, s.score >= 0.0)")).unwrap();
    let choice = RulebookChoice::Given(linear.into());
    // About 2 MiB of scores.
    let big = sheets(30_000);
    assert!(big.to_string().len() > 2_000_000);
    let report = validate_document(SchemaKind::ScoreSheets, Input::Value(&big), &choice);
    assert!(!report.violations.iter().any(|v| v.rule == "r"), "{report}");

    let pairs = with_rule(rule(
        "score-sheets",
        "self.scores.all(a, self.scores.exists(b, a.item == b.item))",
    ))
    .unwrap();
    let choice = RulebookChoice::Given(pairs.into());
    let small = validate_document(SchemaKind::ScoreSheets, Input::Value(&sheets(200)), &choice);
    assert!(!small.violations.iter().any(|v| v.rule == "r"), "{small}");
    let report = validate_document(
        SchemaKind::ScoreSheets,
        Input::Value(&sheets(5_000)),
        &choice,
    );
    // The rule's refusal, not hidden behind the sheets' own warnings on 5,000 copies of one
    // row (a report lists its first 1,000 violations).
    let v = report
        .violations
        .iter()
        .find(|v| v.rule == "r")
        .unwrap_or_else(|| panic!("{:?}", report.violations.last()));
    assert_eq!(v.code, "rule_too_costly", "{report}");
    assert!(
        v.message_en.contains("on this document"),
        "{}",
        v.message_en
    );
}

#[test]
fn a_rule_that_fails_on_a_valid_document_says_why() {
    let rb = with_rule(rule("jury", "self.jurors[7].name.size() > 1")).unwrap();
    let choice = RulebookChoice::Given(rb.into());
    let jury = read_json("tests/conformance/cases/114-declared-rules-jury/input.json");
    let report = validate_document(SchemaKind::Jury, Input::Value(&jury), &choice);
    let v = report.violations.iter().find(|v| v.rule == "r").unwrap();
    assert_eq!((v.code.as_str(), v.rule.as_str()), ("rule_error", "r"));
    assert!(v.message_en.contains("past its end"), "{}", v.message_en);
    assert!(!report.valid);
}

#[test]
fn reports_with_declared_rules_are_deterministic() {
    let rb = examples();
    let doc =
        std::fs::read(root().join("examples/submissions/eig-6-invalid-late-and-mistyped.json"))
            .unwrap();
    let v = Validator::new(rb);
    let first = v.validate(&doc);
    for _ in 0..10 {
        assert_eq!(v.validate(&doc), first);
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "self",
        "root",
        "rulebook",
        "index",
        ".",
        "seats",
        "mentors",
        "count",
        "title",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        " ",
        "1",
        "0",
        "-1",
        "2.5",
        "'a'",
        "\"b\"",
        "true",
        "null",
        "+",
        "-",
        "*",
        "/",
        "%",
        "==",
        "!=",
        "<",
        ">=",
        "&&",
        "||",
        "!",
        "?",
        "in",
        "all",
        "exists",
        "map",
        "filter",
        "has",
        "size",
        "x",
        "int",
        "string",
        "timestamp",
        "matches",
        "startsWith",
        "'2020-01-01T00:00:00Z'",
        "duration",
        "'1h'",
        "dyn",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn any_rule_text_gives_a_verdict(parts in prop::collection::vec(0..PIECES.len(), 1..40)) {
            let text: String = parts.iter().map(|i| PIECES[*i]).collect();
            let doc = read_json("tests/conformance/cases/001-valid-eig-4/input.json");
            if let Ok(rb) = with_rule(rule("challenge-submission", &text)) {
                let report = Validator::new(rb).validate_value(&doc);
                prop_assert!(report.violations.iter().all(|v| !v.message_fr.is_empty()));
            }
        }
    }
}

/// A rulebook loaded compiled (its rules compiled once, by the load) gives the report the
/// plain check gives, warnings and comments included, for every rulebook of the corpus and
/// for broken ones; and its rules find what the same rules compiled on first use find.
#[test]
fn a_rulebook_compiled_by_its_load_reports_and_checks_as_the_plain_one() {
    use eig::documents::DocumentValidator;
    use eig::validate::{CompiledRulebook, validate_rulebook};
    let cases = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/cases");
    /// A rulebook, named, and the document of a case it checks.
    type Case = (String, Vec<u8>, Option<(SchemaKind, Vec<u8>)>);
    let mut inputs: Vec<Case> = Vec::new();
    for entry in std::fs::read_dir(&cases).unwrap() {
        let dir = entry.unwrap().path();
        let case: Value =
            serde_json::from_slice(&std::fs::read(dir.join("case.json")).unwrap()).unwrap();
        let name = dir.display().to_string();
        let input = std::fs::read(dir.join("input.json")).unwrap();
        let kind = case["document"].as_str().and_then(SchemaKind::from_name);
        if kind == Some(SchemaKind::Rulebook) {
            inputs.push((name.clone(), input.clone(), None));
        }
        if let (Some(file), Some(kind)) = (case["rulebook"].as_str(), kind) {
            inputs.push((
                name,
                std::fs::read(dir.join(file)).unwrap(),
                Some((kind, input)),
            ));
        }
    }
    assert!(inputs.len() >= 20, "{} rulebooks", inputs.len());
    for broken in [
        &b"{"[..],
        b"[]",
        b"// a note\n{\"promotion\": \"eig-9\"}",
        b"\xef\xbb\xbf{}",
    ] {
        inputs.push((
            String::from_utf8_lossy(broken).into_owned(),
            broken.to_vec(),
            None,
        ));
    }
    for (name, bytes, document) in &inputs {
        let (report, compiled) = CompiledRulebook::check_json(bytes);
        let plain = validate_rulebook(bytes);
        assert_eq!(report, plain, "{name}");
        assert_eq!(
            compiled.is_some(),
            !plain.violations.iter().any(|v| v.is_error()),
            "{name}"
        );
        let (Some(compiled), Some((kind, doc))) = (compiled, document) else {
            continue;
        };
        let on_first_use = CompiledRulebook::new(compiled.rulebook().clone());
        let run = |rb: CompiledRulebook| {
            DocumentValidator::new(RulebookChoice::Given(rb)).validate(*kind, Input::Bytes(doc))
        };
        assert_eq!(run(compiled), run(on_first_use), "{name}");
    }
}

/// A rulebook of more rules than it may hold is refused for that, its rules not compiled one
/// by one (ten thousand costly patterns would take seconds only to be refused); at the limit,
/// each rule is still checked.
#[test]
fn too_many_rules_are_refused_before_any_is_compiled() {
    let mut rb = serde_json::to_value(Rulebook::builtin("eig-4").unwrap()).unwrap();
    let costly = |i: usize| {
        json!({"id": format!("r{i}"), "on": "challenge-submission",
               "rule": "self.titel.matches('\\\\w{100}N')", "message_fr": "non", "message_en": "no"})
    };
    rb["rules"] = Value::Array((0..10_000).map(costly).collect());
    let e = Rulebook::from_json(rb.to_string().as_bytes()).unwrap_err();
    let codes: Vec<(&str, &str)> = e
        .report
        .violations
        .iter()
        .map(|v| (v.code.as_str(), v.path.as_str()))
        .collect();
    assert!(codes.contains(&("too_many_items", "/rules")), "{codes:?}");
    assert!(
        !codes.iter().any(|(c, _)| *c == "rule_invalid"),
        "{codes:?}"
    );
    // Within the limit, a broken rule is still found while another field is invalid.
    rb["rules"] = Value::Array((0..3).map(costly).collect());
    rb["team_size"] = json!("huge");
    let e = Rulebook::from_json(rb.to_string().as_bytes()).unwrap_err();
    assert!(
        e.report.has("wrong_type") && e.report.has("rule_invalid"),
        "{}",
        e.report
    );
}

/// A broken rule's message speaks of the rule, never of the parser's internals.
#[test]
fn a_syntax_error_never_shows_the_parsers_internals() {
    for expr in [
        "self[",
        "self.title.size( > 2",
        "self..title",
        "1 +",
        "'abc",
        "@",
        "self.title in",
        "[1, 2",
        "{1: }",
        "self.(",
        "has(",
        "self.title.matches(",
    ] {
        let e = with_rule(rule("challenge-submission", expr)).expect_err(expr);
        let v = e
            .report
            .violations
            .iter()
            .find(|v| v.code == "rule_invalid")
            .unwrap_or_else(|| panic!("{expr}: {}", e.report));
        for internal in [
            "Error(",
            "Error {",
            "Context",
            "Incomplete",
            "::",
            "Syntax error:",
        ] {
            assert!(!v.message_en.contains(internal), "{expr}: {}", v.message_en);
        }
        assert!(
            v.message_en.contains("syntax error at line 1, column "),
            "{expr}: {}",
            v.message_en
        );
    }
}

/// A rulebook of the given rules (each `(id, on, expr)`).
fn with_rules(rules: &[(&str, &str, &str)]) -> Result<Rulebook, eig::InvalidDocument> {
    let mut rb = serde_json::to_value(Rulebook::builtin("eig-4").unwrap()).unwrap();
    rb["rules"] = rules
        .iter()
        .map(|(id, on, expr)| {
            json!({"id": id, "on": on, "rule": expr, "message_fr": "non", "message_en": "no"})
        })
        .collect();
    Rulebook::from_json(rb.to_string().as_bytes())
}

/// The violation of rule `r` on a submission, if any.
fn verdict(rb: Rulebook, doc: &Value) -> Option<eig::Violation> {
    Validator::new(rb)
        .validate_value(doc)
        .violations
        .into_iter()
        .find(|v| v.rule == "r")
}

#[test]
fn a_rule_that_builds_or_scans_too_much_is_refused_before_it_runs() {
    let valid = read_json("examples/submissions/eig-5-valid-flood-alerts.json");
    // Each rule builds or scans values that grow with the document: fine on a real dossier,
    // refused (without running: the test would take hours or abort) on one with a long
    // problem and many themes.
    let family = [
        "self.problem.replace('a', self.problem).size() > 0",
        "self.problem.replace('', self.problem).size() > 0",
        "self.themes.map(t, self.problem).join(self.problem).size() > 0",
        "self.problem.split('').map(x, x + self.problem).size() > 0",
        "self.themes.all(t, self.problem.contains(t))",
        "self.themes.all(t, self.problem.matches(t))",
        "self.themes.all(t, self.data == root.data)",
        "self.themes.all(t, t in self.themes)",
        "self.themes.map(t, self.themes).size() > 0",
        "self.themes.filter(t, t + self.problem != '').size() >= 0",
    ];
    let mut big = valid.clone();
    big["problem"] = json!("a".repeat(200_000));
    big["themes"] = json!(vec!["a"; 20_000]);
    big["data"] = json!(vec![
        json!({"name": "n".repeat(50_000), "access": "open", "personal_data": false});
        10
    ]);
    for expr in family {
        let rb = with_rule(rule("challenge-submission", expr))
            .unwrap_or_else(|e| panic!("{expr}: refused at load: {e}"));
        let small = verdict(rb.clone(), &valid);
        assert!(
            small.as_ref().is_none_or(|v| v.code != "rule_too_costly"),
            "{expr}: {small:?}"
        );
        let v = verdict(rb, &big).unwrap_or_else(|| panic!("{expr}: passed"));
        assert_eq!(v.code, "rule_too_costly", "{expr}: {}", v.message_en);
    }
    // Building a few copies of a long text is linear: it runs.
    let linear =
        "(self.problem + self.problem + self.problem).lowerAscii().upperAscii().size() > 0";
    let rb = with_rule(rule("challenge-submission", linear)).unwrap();
    assert_eq!(verdict(rb, &big), None);
    // Replacing twice by the text itself grows as its cube: refused even on a real dossier.
    let bomb = "self.problem.replace('a', self.problem).replace('a', self.problem).size() > 0";
    let rb = with_rule(rule("challenge-submission", bomb)).unwrap();
    assert_eq!(verdict(rb, &valid).unwrap().code, "rule_too_costly");
}

#[test]
fn the_rules_of_a_kind_together_have_a_limit() {
    // Each is within the limit of one rule; twenty of them are not, at load.
    let costly = "self.themes.all(a, self.themes.all(b, self.themes.all(c, a != 'zz')))";
    let ids: Vec<String> = (0..20).map(|i| format!("r{i}")).collect();
    let rules: Vec<(&str, &str, &str)> = ids
        .iter()
        .map(|id| (id.as_str(), "challenge-submission", costly))
        .collect();
    assert!(with_rules(&rules[..1]).is_ok());
    let e = with_rules(&rules).unwrap_err();
    let refused: Vec<&str> = e
        .report
        .violations
        .iter()
        .map(|v| v.rule.as_str())
        .collect();
    assert!(
        refused.len() >= 10 && !refused.contains(&"r0"),
        "{refused:?}"
    );
    assert!(
        e.report
            .violations
            .iter()
            .all(|v| v.code == "rule_too_costly" && v.params.get("together") == Some(json!(true)))
    );
    // A rule for another kind has its own limit.
    let jury = "self.jurors.all(a, self.jurors.all(b, self.jurors.all(c, a.id != 'z')))";
    let mut mixed = rules[..4].to_vec();
    mixed.extend([("j0", "jury", jury), ("j1", "jury", jury)]);
    assert!(with_rules(&mixed).is_ok());
    mixed.push(("j2", "jury", jury));
    mixed.push(("j3", "jury", jury));
    mixed.push(("j4", "jury", jury));
    let e = with_rules(&mixed).unwrap_err();
    assert_eq!(e.report.violations.len(), 1, "{}", e.report);
    assert_eq!(e.report.violations[0].rule, "j4");
}

#[test]
fn patterns_are_compiled_once_within_a_size_limit_and_a_budget() {
    // Past the size limit: refused at load, by its size.
    let e = with_rule(rule(
        "challenge-submission",
        r"self.title.matches('\\w{100}N')",
    ))
    .unwrap_err();
    let v = &e.report.violations[0];
    assert_eq!(v.code, "rule_invalid");
    assert!(
        v.message_en.contains("exceeds size limit"),
        "{}",
        v.message_en
    );
    // A hundred rules of one costly but allowed pattern: compiled once.
    let same: Vec<(String, String)> = (0..100)
        .map(|i| {
            (
                format!("r{i}"),
                r"self.title.matches('\\w{10}N')".to_owned(),
            )
        })
        .collect();
    let rules: Vec<(&str, &str, &str)> = same
        .iter()
        .map(|(id, e)| (id.as_str(), "challenge-submission", e.as_str()))
        .collect();
    assert!(with_rules(&rules).is_ok());
    // A hundred distinct ones: past the budget of the rulebook's patterns.
    let distinct: Vec<(String, String)> = (0..100)
        .map(|i| {
            (
                format!("r{i}"),
                format!(r"self.title.matches('\\w{{10}}N{i}')"),
            )
        })
        .collect();
    let rules: Vec<(&str, &str, &str)> = distinct
        .iter()
        .map(|(id, e)| (id.as_str(), "challenge-submission", e.as_str()))
        .collect();
    let e = with_rules(&rules).unwrap_err();
    assert!(
        e.report
            .violations
            .iter()
            .all(|v| v.message_en.contains("compiled together")),
        "{:?}",
        e.report.violations[0].message_en
    );
    assert!(e.report.violations.len() < 100);

    // Patterns read from the document: each distinct one compiled once, within the
    // document's budget, the rest refused with a reason.
    let rb = with_rule(
        json!({"id": "r", "on": "challenge-submission", "for_each": "/data",
        "rule": "root.title.matches(self.name)", "message_fr": "non", "message_en": "no"}),
    )
    .unwrap();
    let mut doc = read_json("examples/submissions/eig-5-valid-flood-alerts.json");
    let many = |names: Vec<String>| -> Value {
        names
            .into_iter()
            .map(|n| json!({"name": n, "access": "open", "personal_data": false}))
            .collect()
    };
    doc["data"] = many(vec![r"\w{10}".to_owned(); 100]);
    let report = Validator::new(rb.clone()).validate_value(&doc);
    assert!(
        !report.violations.iter().any(|v| v.code == "rule_error"),
        "{report}"
    );
    doc["data"] = many((0..100).map(|i| format!(r"\w{{10}}{i}")).collect());
    let report = Validator::new(rb).validate_value(&doc);
    let e = report
        .violations
        .iter()
        .find(|v| v.code == "rule_error")
        .expect("over budget");
    assert!(e.message_en.contains("budget"), "{}", e.message_en);
}
