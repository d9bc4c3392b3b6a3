//! The engines run the rulebook's declared rules on the documents they take: scoring on the
//! grid, the jury and the score sheets, team formation on its input. The verdict is the one
//! `validate_document` gives, found once.
#![cfg(feature = "synthetic")]

use eig::Rulebook;
use eig::documents::{Input, validate_document};
use eig::rules::DeclaredRule;
use eig::schema::SchemaKind;
use eig::scoring::score_stage;
use eig::synthetic::{Options, SyntheticPromotion, promotion};
use eig::validate::{Checked, RulebookChoice};
use serde_json::json;

fn small() -> SyntheticPromotion {
    promotion(&Options {
        seed: 7,
        challenges: 6,
        candidates: 40,
        jurors: 4,
        ..Default::default()
    })
    .unwrap()
}

fn declared(id: &str, on: &str, severity: &str, rule: &str) -> DeclaredRule {
    serde_json::from_value(json!({
        "id": id, "on": on, "severity": severity, "rule": rule,
        "message_fr": "à revoir", "message_en": "to review"
    }))
    .unwrap()
}

fn score(
    p: &SyntheticPromotion,
    rulebook: &Rulebook,
) -> Result<eig::scoring::Ranking, eig::InvalidDocument> {
    score_stage(
        rulebook,
        Some("defis"),
        &Checked::check(p.challenge_grid.clone(), ()).unwrap(),
        &Checked::check(p.jury.clone(), ()).unwrap(),
        &Checked::check(p.challenge_scores.clone(), ()).unwrap(),
    )
}

#[test]
fn scoring_stops_on_a_declared_error_and_keeps_a_declared_warning() {
    let p = small();
    let plain = score(&p, &p.rulebook).expect("the synthetic promotion scores");

    // An error on the jury: the ranking is refused, naming the rule.
    let mut rb = p.rulebook.clone();
    rb.rules = vec![declared(
        "jury_de_cent",
        "jury",
        "error",
        "self.jurors.size() >= 100",
    )];
    let e = score(&p, &rb).expect_err("a declared error stops the scoring");
    let fired: Vec<_> = e
        .violations()
        .iter()
        .filter(|v| v.rule == "jury_de_cent")
        .collect();
    assert_eq!(fired.len(), 1, "{:?}", e.violations());
    assert!(fired[0].is_error());

    // A warning on the score sheets, one per score: the ranking is the same, with them.
    rb.rules = vec![
        declared("note_entiere", "score-sheets", "warning", "false"),
        declared(
            "grille_nommee",
            "scoring-grid",
            "warning",
            "self.criteria.size() > 0",
        ),
    ];
    let r = score(&p, &rb).expect("warnings do not stop the scoring");
    assert_eq!(
        r.violations
            .iter()
            .filter(|v| v.rule == "note_entiere")
            .count(),
        1
    );
    assert!(!r.violations.iter().any(|v| v.rule == "grille_nommee"));
    assert_eq!(
        serde_json::to_value(&r.items).unwrap(),
        serde_json::to_value(&plain.items).unwrap()
    );
}

/// A score of 7 is an integer to a rule, as a person writes it, though the sheets hold
/// decimals: scoring and `validate_document` on the sheets as written agree.
#[test]
fn a_whole_score_is_an_integer_to_a_rule() {
    let p = small();
    let mut rb = p.rulebook.clone();
    rb.rules = vec![
        serde_json::from_value(json!({
            "id": "entiere", "on": "score-sheets", "for_each": "/scores", "severity": "warning",
            "rule": "type(self.score) == int", "path": "/score",
            "message_fr": "note {value}", "message_en": "score {value}"
        }))
        .unwrap(),
    ];
    let r = score(&p, &rb).expect("scores");
    let mine: Vec<_> = r
        .violations
        .iter()
        .filter(|v| v.rule == "entiere")
        .map(|v| (v.path.clone(), v.message_fr.clone()))
        .collect();
    // The sheets as a person writes them: whole numbers without a decimal point.
    let written = serde_json::to_string(&p.challenge_scores)
        .unwrap()
        .replace(".0,", ",")
        .replace(".0}", "}");
    let sheets: serde_json::Value = serde_json::from_str(&written).unwrap();
    let report = validate_document(
        SchemaKind::ScoreSheets,
        Input::Value(&sheets),
        &RulebookChoice::Given(rb.into()),
    );
    let theirs: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.rule == "entiere")
        .map(|v| (v.path.clone(), v.message_fr.clone()))
        .collect();
    assert_eq!(mine, theirs);
    let whole = p
        .challenge_scores
        .scores
        .iter()
        .filter(|s| s.score.fract() == 0.0)
        .count();
    assert!(whole > 0, "no whole score to try");
    assert_eq!(mine.len(), p.challenge_scores.scores.len() - whole);
}

#[test]
fn team_formation_runs_its_declared_rules_once_in_every_entry() {
    let doc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/teams/teams.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut rb = Rulebook::builtin(doc["promotion"].as_str().unwrap()).unwrap();
    rb.rules = vec![declared(
        "trois_candidats",
        "team-formation",
        "error",
        "self.candidates.size() >= 1000",
    )];
    let choice = RulebookChoice::Given(rb.clone().into());

    // The engines' load refuses it, with the rule's violation once.
    let e = eig::placement::teams::load(doc.to_string().as_bytes(), &choice)
        .expect_err("a declared error refuses the input");
    let count = |vs: &[eig::Violation]| vs.iter().filter(|v| v.rule == "trois_candidats").count();
    assert_eq!(count(e.violations()), 1);
    // validate_document says the same, once.
    let report = validate_document(SchemaKind::TeamFormation, Input::Value(&doc), &choice);
    assert_eq!(count(&report.violations), 1);
    assert!(!report.valid);

    // A typed input checked with the rulebook: the same.
    let typed: eig::model::TeamFormation = serde_json::from_value(doc.clone()).unwrap();
    let e = eig::placement::teams::load_with_rulebook(typed, &rb).expect_err("refused");
    assert_eq!(count(e.violations()), 1);

    // With a rule it passes, the teams are formed.
    rb.rules = vec![declared(
        "trois_candidats",
        "team-formation",
        "error",
        "self.candidates.size() >= 1",
    )];
    let choice = RulebookChoice::Given(rb.into());
    let input = eig::placement::teams::load(doc.to_string().as_bytes(), &choice).unwrap();
    assert!(
        eig::placement::teams::form_teams(&input, eig::placement::teams::Policy::Stable).is_ok()
    );
}
