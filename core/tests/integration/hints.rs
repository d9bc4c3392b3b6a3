//! The mistakes a project officer makes, one per dossier, each told in plain words with a hint
//! that says what to write instead, in French and in English.
//!
//! The dossiers are the repository's own valid examples with one mistake each: the labels of
//! the vocabularies written as a person reads them, numbers with spaces, French dates and
//! field names, quoted numbers, an address without its domain's ending, Monaco's postcode.

use eig::validate::{validate_named_promotion, validate_rulebook};
use eig::{Rulebook, Violation};
use serde_json::{Value, json};
use std::path::Path;

use crate::common;

fn example(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/submissions")
        .join(name);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// One mistake: where it is made, the value written (or, for a field, its new name).
enum Mistake {
    Set(&'static str, Value),
    Rename(&'static str, &'static str),
}

struct Case {
    base: &'static str,
    mistake: Mistake,
    code: &'static str,
    path: &'static str,
    hint_fr: &'static str,
    hint_en: &'static str,
}

const EIG5: &str = "eig-5-valid-flood-alerts.json";
const EIG7: &str = "eig-7-valid-product-director.json";

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use Mistake::{Rename, Set};
    let c = |base, mistake, code, path, hint_fr, hint_en| Case {
        base,
        mistake,
        code,
        path,
        hint_fr,
        hint_en,
    };
    vec![
        c(EIG5, Set("/seats/0/expertise", json!("Data Scientist")), "pattern_mismatch",
          "/seats/0/expertise", "« data-science »", "\"data-science\""),
        c(EIG5, Set("/seats/1/expertise", json!("dev")), "expertise_not_allowed",
          "/seats/1/expertise", "« developpement »", "\"developpement\""),
        c(EIG5, Set("/seats/1/expertise", json!("Développeuse")), "pattern_mismatch",
          "/seats/1/expertise", "« developpement »", "\"developpement\""),
        c(EIG5, Set("/themes/0", json!("santé")), "pattern_mismatch", "/themes/0",
          "« sante »", "\"sante\""),
        c(EIG5, Set("/themes/0", json!("Environnement")), "pattern_mismatch", "/themes/0",
          "« environnement »", "\"environnement\""),
        c(EIG5, Set("/themes/1", json!("Sécurité")), "pattern_mismatch", "/themes/1",
          "« securite »", "\"securite\""),
        c(EIG5, Set("/themes/1", json!("climat")), "theme_unknown", "/themes/1",
          "thématique la plus proche", "nearest theme"),
        c(EIG5, Set("/themes/1", json!("justise")), "theme_unknown", "/themes/1",
          "vouliez-vous dire « justice » ?", "did you mean \"justice\"?"),
        c(EIG5, Set("/promotion", json!("EIG 5")), "pattern_mismatch", "/promotion",
          "« eig-5 »", "\"eig-5\""),
        c(EIG5, Set("/hosts/0/siret", json!("110 002 011 00044")), "pattern_mismatch",
          "/hosts/0/siret", "« 11000201100044 »", "\"11000201100044\""),
        c(EIG5, Set("/hosts/0/siren", json!("110 002 011")), "pattern_mismatch",
          "/hosts/0/siren", "« 110002011 »", "\"110002011\""),
        c(EIG5, Set("/locations/0/postcode", json!("31 000")), "pattern_mismatch",
          "/locations/0/postcode", "« 31000 »", "\"31000\""),
        c(EIG5, Set("/locations/0/postcode", json!("98000")), "postcode_invalid",
          "/locations/0/postcode", "en France", "in France"),
        c(EIG5, Set("/duration_months", json!("10")), "wrong_type", "/duration_months",
          "écrivez 10, sans guillemets", "write 10, without quotes"),
        c(EIG5, Set("/data/0/personal_data", json!("non")), "wrong_type",
          "/data/0/personal_data", "écrivez false", "write false"),
        c(EIG5, Set("/data/0/access", json!("ouvert")), "invalid_value", "/data/0/access",
          "« open »", "\"open\""),
        c(EIG5, Set("/submitted_at", json!("07/04/2021")), "invalid_format", "/submitted_at",
          "« 2021-04-07T17:00:00+02:00 »", "\"2021-04-07T17:00:00+02:00\""),
        c(EIG5, Set("/submitted_at", json!("07/04/2021 16h45")), "invalid_format",
          "/submitted_at", "« 2021-04-07T16:45:00+02:00 »", "\"2021-04-07T16:45:00+02:00\""),
        c(EIG5, Set("/submitted_at", json!("2021-04-07T16:45:00")), "missing_time_zone",
          "/submitted_at", "« 2021-04-07T16:45:00+02:00 »", "\"2021-04-07T16:45:00+02:00\""),
        c(EIG5, Set("/sponsor/email", json!("camille.roux@cerema")), "pattern_mismatch",
          "/sponsor/email", "« camille.roux@cerema.fr »", "\"camille.roux@cerema.fr\""),
        c(EIG5, Set("/sponsor/email", json!("camille.roux")), "invalid_format",
          "/sponsor/email", "prenom.nom@numerique.gouv.fr", "prenom.nom@numerique.gouv.fr"),
        c(EIG5, Rename("/title", "titre"), "unknown_field", "/titre",
          "renommez « titre » en « title »", "rename \"titre\" to \"title\""),
        c(EIG5, Rename("/summary", "résumé"), "unknown_field", "/résumé",
          "renommez « résumé » en « summary »", "rename \"résumé\" to \"summary\""),
        c(EIG5, Rename("/submitted_at", "date_depot"), "unknown_field", "/date_depot",
          "« submitted_at »", "\"submitted_at\""),
        c(EIG5, Rename("/title", "titel"), "unknown_field", "/titel",
          "vouliez-vous dire « title » ?", "did you mean \"title\"?"),
        c(EIG7, Set("/product_page", json!("beta.gouv.fr/startups/logement-etudiant.html")),
          "invalid_format", "/product_page",
          "« https://beta.gouv.fr/startups/logement-etudiant.html »",
          "\"https://beta.gouv.fr/startups/logement-etudiant.html\""),
        c(EIG7, Set("/project/phase", json!("Accélération")), "invalid_value", "/project/phase",
          "« acceleration »", "\"acceleration\""),
        c(EIG7, Set("/hosts/0/kind", json!("administration centrale")), "invalid_value",
          "/hosts/0/kind", "« central_administration »", "\"central_administration\""),
        c(EIG7, Set("/seats/0/expertise", json!("Product Manager")), "pattern_mismatch",
          "/seats/0/expertise", "« direction-produit »", "\"direction-produit\""),
    ]
}

fn apply(doc: &mut Value, mistake: &Mistake) {
    match mistake {
        Mistake::Set(pointer, value) => *doc.pointer_mut(pointer).unwrap() = value.clone(),
        Mistake::Rename(pointer, to) => {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let object = doc.pointer_mut(parent).unwrap().as_object_mut().unwrap();
            let value = object.remove(key).unwrap();
            object.insert((*to).to_owned(), value);
        }
    }
}

fn hints(v: &Violation) -> (&str, &str) {
    (
        v.hint_fr.as_deref().unwrap_or(""),
        v.hint_en.as_deref().unwrap_or(""),
    )
}

#[test]
fn each_mistake_of_an_officer_gets_a_hint_in_both_languages() {
    let mut failed = Vec::new();
    for case in cases() {
        let mut doc = example(case.base);
        apply(&mut doc, &case.mistake);
        let report = validate_named_promotion(&serde_json::to_vec_pretty(&doc).unwrap());
        let found = report
            .violations
            .iter()
            .find(|v| v.path == case.path && v.code == case.code);
        match found {
            Some(v) => {
                let (fr, en) = hints(v);
                if !fr.contains(case.hint_fr) || !en.contains(case.hint_en) {
                    failed.push(format!(
                        "{} {}: hints {fr:?} / {en:?}, want {:?} / {:?}",
                        case.path, case.code, case.hint_fr, case.hint_en
                    ));
                }
                for text in [&v.message_fr, &v.hint_fr.clone().unwrap_or_default()] {
                    let words = common::english_words(text);
                    if !words.is_empty() {
                        failed.push(format!("{}: English {words:?} in {text:?}", case.path));
                    }
                }
                // No regular expression is shown to a person.
                for m in [&v.message_fr, &v.message_en] {
                    if m.contains('^') || m.contains("]{") || m.contains("+)*") {
                        failed.push(format!("{}: a pattern in {m:?}", case.path));
                    }
                }
            }
            None => failed.push(format!(
                "{} {}: not reported; got {:?}",
                case.path,
                case.code,
                report
                    .violations
                    .iter()
                    .map(|v| (v.path.as_str(), v.code.as_str()))
                    .collect::<Vec<_>>()
            )),
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn a_json_syntax_error_says_how_to_mend_it() {
    let report = validate_named_promotion(b"{\"promotion\": \"eig-5\",\n  title: \"x\"}");
    let v = &report.violations[0];
    assert_eq!(v.code, "invalid_json");
    assert!(
        v.message_fr.contains("ligne 2, colonne 3"),
        "{}",
        v.message_fr
    );
    assert!(v.hint_fr.as_deref().unwrap().contains("guillemets droits"));
    assert!(
        v.hint_en
            .as_deref()
            .unwrap()
            .contains("straight double quotes")
    );
    let report = validate_named_promotion(b"{\"promotion\": \"eig-5\",}");
    assert!(
        report.violations[0]
            .hint_fr
            .as_deref()
            .unwrap()
            .contains("virgule")
    );
}

#[test]
fn a_misspelt_time_zone_is_refused_by_the_schema_with_the_zone_meant() {
    let mut rb = serde_json::to_value(Rulebook::builtin("eig-5").unwrap()).unwrap();
    rb["call_for_projects"]["time_zone"] = json!("Europe/Pariss");
    let report = validate_rulebook(&serde_json::to_vec(&rb).unwrap());
    let v = report
        .violations
        .iter()
        .find(|v| v.path == "/call_for_projects/time_zone")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(v.code, "invalid_value");
    assert_eq!(v.rule, "schema");
    assert!(!v.message_fr.contains("failed"), "{}", v.message_fr);
    assert_eq!(v.hint_fr.as_deref(), Some("écrivez « Europe/Paris »"));
}

/// Following the officer's safe fixes, as `eig fix` does, leaves no fault of the kind they
/// mend and brings no new error; a fault whose fix is not safe says why.
#[test]
fn following_the_safe_fixes_of_each_mistake_leaves_no_such_fault_and_no_new_error() {
    use eig::documents::DocumentValidator;
    use eig::schema::SchemaKind;
    use eig::validate::RulebookChoice;
    use std::collections::HashSet;
    let validator = DocumentValidator::new(RulebookChoice::Named);
    let errors = |vs: &[Violation]| -> HashSet<(String, String)> {
        vs.iter()
            .filter(|v| v.is_error())
            .map(|v| (v.code.clone(), v.path.clone()))
            .collect()
    };
    let (mut safe, mut other) = (0, 0);
    let mut failed = Vec::new();
    for case in cases() {
        let mut doc = example(case.base);
        apply(&mut doc, &case.mistake);
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let fixed = validator.fix(SchemaKind::ChallengeSubmission, &text);
        let fault = fixed
            .before
            .violations
            .iter()
            .find(|v| v.path == case.path && v.code == case.code)
            .unwrap();
        match fault.fixes.first() {
            Some(f) if f.is_safe() => {
                safe += 1;
                if fixed
                    .after
                    .violations
                    .iter()
                    .any(|v| v.path == case.path && v.code == case.code)
                {
                    failed.push(format!("{} {}: still there", case.path, case.code));
                }
            }
            Some(f) => {
                other += 1;
                if f.reason_fr.is_none() || f.reason_en.is_none() {
                    failed.push(format!(
                        "{} {}: not safe, says not why",
                        case.path, case.code
                    ));
                }
            }
            None => other += 1,
        }
        let new: Vec<_> = errors(&fixed.after.violations)
            .difference(&errors(&fixed.before.violations))
            .cloned()
            .collect();
        if !new.is_empty() {
            failed.push(format!("{} {}: new errors {new:?}", case.path, case.code));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    // Most of the officer's mistakes have a safe fix.
    assert!(safe > 2 * other, "{safe} safe, {other} not");
}
