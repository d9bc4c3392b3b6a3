//! Every fix offered as safe is safe: applied, its fault is gone and no new error appears.
//!
//! The dossiers are the templates of EIG 4, 6 and 7 (`eig template`), each with one mistake an
//! officer makes: a vocabulary's label or a job title for a code, French dates, digits with
//! spaces, accents, the codes of another promotion, French field names and typos, quoted
//! numbers, missing fields, an address without its ending. Each is fixed as `eig fix` does,
//! and the counts are printed (offered, safe, fixed, needing a human).

use eig::documents::{DocumentValidator, Input};
use eig::schema::SchemaKind;
use eig::validate::RulebookChoice;
use eig::{Applicability, PatchOperation, Rulebook, Violation};
use serde_json::{Value, json};
use std::collections::HashSet;

/// One mistake.
#[derive(Clone)]
enum Mistake {
    Set(&'static str, Value),
    Rename(&'static str, &'static str),
    Remove(&'static str),
}

fn apply(doc: &mut Value, mistake: &Mistake) -> bool {
    match mistake {
        Mistake::Set(pointer, value) => match doc.pointer_mut(pointer) {
            Some(slot) => {
                *slot = value.clone();
                true
            }
            None => false,
        },
        Mistake::Rename(pointer, _) | Mistake::Remove(pointer) => {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let Some(object) = doc.pointer_mut(parent).and_then(Value::as_object_mut) else {
                return false;
            };
            let Some(value) = object.remove(key) else {
                return false;
            };
            if let Mistake::Rename(_, to) = mistake {
                object.insert((*to).to_owned(), value);
            }
            true
        }
    }
}

/// The mistakes for a promotion's template `doc`.
fn mistakes(promotion: &str, doc: &Value) -> Vec<Mistake> {
    use Mistake::{Remove, Rename, Set};
    let n = promotion.trim_start_matches("eig-");
    let mut out = vec![
        Set("/promotion", json!(format!("EIG {n}"))),
        Set("/promotion", json!(format!("eig{n}"))),
        Set("/promotion", json!(format!("Promotion EIG {n}"))),
        Set("/promotion", json!(format!("EIG-{n}"))),
        Set("/themes/0", json!("Environnement")),
        Set("/themes/0", json!("Santé")),
        Set("/themes/0", json!("santé")),
        Set("/themes/0", json!("Sécurité")),
        Set("/themes/0", json!("Écologie")),
        Set("/themes/0", json!("envirronement")),
        Set("/hosts/0/siret", json!("110 002 011 00044")),
        Set("/hosts/0/siret", json!("110.002.011.00044")),
        Set("/hosts/0/siret", json!("110-002-011-00044")),
        Set("/hosts/0/siret", json!("110 002 011 00045")),
        Set("/hosts/0/siren", json!("110 002 011")),
        Set("/hosts/0/siren", json!("110 002 012")),
        Set("/locations/0/postcode", json!("31 000")),
        Set("/locations/0/postcode", json!("98 000")),
        Set(
            "/duration_months",
            json!(doc["duration_months"].to_string()),
        ),
        Set("/seats/0/count", json!("1")),
        Set("/data/0/personal_data", json!("non")),
        Set("/data/0/personal_data", json!("Non")),
        Set("/data/0/personal_data", json!("false")),
        Set("/mentors/0/commitment_percent", json!("20")),
        Set("/data/0/access", json!("ouvert")),
        Set("/data/0/access", json!("Open")),
        Set("/data/0/access", json!("données ouvertes")),
        Rename("/title", "titre"),
        Rename("/summary", "résumé"),
        Rename("/problem", "problème"),
        Rename("/submitted_at", "date_depot"),
        Rename("/title", "titel"),
        Rename("/summary", "sumary"),
        Remove("/title"),
        Remove("/contact"),
        Set("/sponsor/email", json!("claire.martin@example")),
        Set("/sponsor/email", json!("claire.martin")),
        Set("/contact/email", json!("claire martin@example.gouv.fr")),
    ];
    // French dates, from the template's own filing time (inside the call's window).
    let at = doc["submitted_at"].as_str().unwrap();
    let (y, m, d, hh, mm) = (&at[0..4], &at[5..7], &at[8..10], &at[11..13], &at[14..16]);
    let month = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ][m.parse::<usize>().unwrap() - 1];
    for written in [
        format!("{d}/{m}/{y} {hh}:{mm}"),
        format!("{d}/{m}/{y} à {hh}h{mm}"),
        format!("{d} {month} {y} à {hh}h{mm}"),
        format!("{d}/{m}/{y}"),
        format!("{d} {month} {y}"),
        format!("{y}-{m}-{d}T{hh}:{mm}:00"),
        format!("{y}-{m}-{d}"),
    ] {
        out.push(Set("/submitted_at", json!(written)));
    }
    // The seats' expertises as people write them, and the codes of another promotion.
    let titles: &[&str] = if promotion == "eig-7" {
        &[
            "Directeur produit",
            "Directrice de produit",
            "Direction produit",
            "Product Manager",
            "Head of product",
            "Direction de produit",
            "DIRECTION-PRODUIT",
            "data-science",
            "developpement",
            "Data Scientist",
        ]
    } else {
        &[
            "Développeur",
            "Développeuse",
            "developer",
            "dev",
            "Développement",
            "DEVELOPPEMENT",
            "développement",
            "direction-produit",
            "Directeur produit",
        ]
    };
    for t in titles {
        out.push(Set("/seats/0/expertise", json!(t)));
    }
    if promotion != "eig-7" {
        for t in [
            "Data Scientist",
            "data scientist",
            "Science des données",
            "Data science",
        ] {
            out.push(Set("/seats/1/expertise", json!(t)));
        }
    } else {
        out.extend([
            Set(
                "/product_page",
                json!("beta.gouv.fr/startups/alertes-crues.html"),
            ),
            Set("/project/phase", json!("Investigation")),
            Set("/project/phase", json!("Accélération")),
            Set("/project/phase", json!("construction ")),
            Set("/hosts/0/kind", json!("administration centrale")),
            Set("/hosts/0/kind", json!("Opérateur de l'État")),
            Set("/hosts/0/kind", json!("collectivité territoriale")),
            Set("/wishes/0/expertise", json!("Directeur produit")),
            Set("/wishes/1/expertise", json!("Directrice technique")),
            Set("/wishes/0/wanted", json!("oui")),
        ]);
    }
    out
}

type Fault = (String, String);

fn errors(vs: &[Violation]) -> HashSet<Fault> {
    vs.iter()
        .filter(|v| v.is_error())
        .map(|v| (v.code.clone(), v.path.clone()))
        .collect()
}

/// The faults a person reads: errors and warnings, not the rules skipped because of them.
fn faults(vs: &[Violation]) -> HashSet<Fault> {
    vs.iter()
        .filter(|v| v.code != "rule_skipped")
        .map(|v| (v.code.clone(), v.path.clone()))
        .collect()
}

#[derive(Default, Debug)]
struct Counts {
    cases: usize,
    faults: usize,
    offered: usize,
    safe: usize,
    needs_human: usize,
    placeholder: usize,
    fixed: usize,
    left: usize,
    cases_valid_after: usize,
    cases_without_fault_after: usize,
}

#[test]
fn every_safe_fix_of_a_hundred_one_mistake_dossiers_mends_its_fault_and_adds_no_error() {
    let validator = DocumentValidator::new(RulebookChoice::Named);
    let mut counts = Counts::default();
    let mut failed = Vec::new();
    for promotion in ["eig-4", "eig-6", "eig-7"] {
        let rulebook = Rulebook::builtin(promotion).unwrap();
        let allowed: Vec<String> = rulebook
            .allowed_expertises
            .iter()
            .map(|e| e.as_str().to_owned())
            .collect();
        let template = eig::guide::template(&rulebook);
        let base = validator.validate(SchemaKind::ChallengeSubmission, Input::Value(&template));
        assert!(base.valid, "{promotion}'s template: {base}");
        // The template's own warnings (EIG 4's call window is not known) are not the
        // mistake's.
        let base = faults(&base.violations);
        for mistake in mistakes(promotion, &template) {
            let mut doc = template.clone();
            if !apply(&mut doc, &mistake) {
                failed.push(format!(
                    "{promotion}: a mistake names no field of the template"
                ));
                continue;
            }
            let text = serde_json::to_string_pretty(&doc).unwrap();
            let what = format!("{promotion} {}", short(&doc, &mistake));
            let fixed = validator.fix(SchemaKind::ChallengeSubmission, &text);
            let before = errors(&fixed.before.violations);
            if faults(&fixed.before.violations).is_empty() {
                failed.push(format!("{what}: not reported"));
                continue;
            }
            counts.cases += 1;
            let of_mistake = |v: &&Violation| {
                v.code != "rule_skipped" && !base.contains(&(v.code.clone(), v.path.clone()))
            };
            for v in fixed.before.violations.iter().filter(of_mistake) {
                counts.faults += 1;
                let Some(fix) = v.fixes.first() else {
                    continue;
                };
                counts.offered += 1;
                match fix.applicability {
                    Applicability::Safe => counts.safe += 1,
                    Applicability::NeedsHuman => counts.needs_human += 1,
                    Applicability::Placeholder => counts.placeholder += 1,
                }
                // Never a code that does not exist, nor one the promotion refuses.
                for op in &fix.patch {
                    if let PatchOperation::Replace { path, value } = op
                        && path.ends_with("/expertise")
                        && !allowed.iter().any(|a| Some(a.as_str()) == value.as_str())
                    {
                        failed.push(format!(
                            "{what}: {path} offered {value}, not one of {allowed:?}"
                        ));
                    }
                }
                if fix.applicability != Applicability::Safe && fix.reason_fr.is_none() {
                    failed.push(format!(
                        "{what}: {} {} is not safe and says not why",
                        v.code, v.path
                    ));
                }
            }
            let after = errors(&fixed.after.violations);
            let new: Vec<&Fault> = after.difference(&before).collect();
            if !new.is_empty() {
                failed.push(format!("{what}: the fixes brought {new:?}"));
            }
            let after_faults: HashSet<Fault> = faults(&fixed.after.violations)
                .difference(&base)
                .cloned()
                .collect();
            for v in &fixed.applied {
                if after_faults.contains(&(v.code.clone(), v.path.clone())) {
                    failed.push(format!(
                        "{what}: {} {} still there after its fix",
                        v.code, v.path
                    ));
                }
            }
            if fixed.applied.is_empty() != fixed.text.is_none() {
                failed.push(format!(
                    "{what}: a text written without a fix, or the reverse"
                ));
            }
            // What remains is said: each error keeps its message, and the report of the new
            // text is the report of a fresh validation of it.
            if let Some(new_text) = &fixed.text {
                let again = validator.validate(
                    SchemaKind::ChallengeSubmission,
                    Input::Bytes(new_text.as_bytes()),
                );
                if again != fixed.after {
                    failed.push(format!(
                        "{what}: the report after is not that of the new text"
                    ));
                }
            }
            let before_faults: HashSet<Fault> = faults(&fixed.before.violations)
                .difference(&base)
                .cloned()
                .collect();
            counts.fixed += before_faults.difference(&after_faults).count();
            counts.left += after_faults.len();
            if std::env::var_os("EIG_FIXES_VERBOSE").is_some() && !after_faults.is_empty() {
                eprintln!("{what}: left {after_faults:?}");
            }
            counts.cases_valid_after += usize::from(fixed.after.valid);
            counts.cases_without_fault_after += usize::from(after_faults.is_empty());
        }
    }
    eprintln!("one-mistake dossiers of EIG 4, 6 and 7: {counts:?}");
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert!(counts.cases >= 100, "{counts:?}");
    // Most mistakes an officer makes are mended by a safe fix.
    assert!(counts.cases_valid_after * 2 > counts.cases, "{counts:?}");
    assert!(
        counts.safe > 0 && counts.needs_human > 0 && counts.placeholder > 0,
        "{counts:?}"
    );
}

/// A mistake, for a failure's message.
fn short(doc: &Value, mistake: &Mistake) -> String {
    match mistake {
        Mistake::Set(p, _) => format!("{p} = {}", doc.pointer(p).unwrap_or(&Value::Null)),
        Mistake::Rename(p, to) => format!("{p} renamed {to}"),
        Mistake::Remove(p) => format!("{p} removed"),
    }
}

/// The officer's four mistakes in an EIG 7 dossier: two are mended safely; what remains needs
/// a person, and the report says what each one is to do.
#[test]
fn eig_fix_on_the_four_mistakes_leaves_only_what_a_person_must_decide() {
    let rulebook = Rulebook::builtin("eig-7").unwrap();
    let mut doc = eig::guide::template(&rulebook);
    doc["seats"] = json!([
        {"expertise": "Directeur produit", "count": 1},
        {"expertise": "Data Scientist", "count": 1}
    ]);
    doc["submitted_at"] = json!("28 février 2025");
    doc["hosts"][0]["siret"] = json!("110 002 011 00045");
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let validator = DocumentValidator::new(RulebookChoice::Named);
    let fixed = validator.fix(SchemaKind::ChallengeSubmission, &text);
    // Every error in one run: the SIRET's checksum is reported with its spaces.
    let before = errors(&fixed.before.violations);
    for fault in [
        ("pattern_mismatch", "/hosts/0/siret"),
        ("siret_invalid", "/hosts/0/siret"),
        ("pattern_mismatch", "/seats/0/expertise"),
        ("pattern_mismatch", "/seats/1/expertise"),
        ("invalid_format", "/submitted_at"),
    ] {
        assert!(
            before.contains(&(fault.0.to_owned(), fault.1.to_owned())),
            "{fault:?} not in {}",
            fixed.before
        );
    }
    let applied: Vec<&str> = fixed.applied.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(applied, ["/hosts/0/siret", "/seats/0/expertise"]);
    let new_text = fixed.text.as_deref().unwrap();
    let new: Value = serde_json::from_str(new_text).unwrap();
    assert_eq!(new["seats"][0]["expertise"], "direction-produit");
    assert_eq!(new["hosts"][0]["siret"], "11000201100045");
    let left: Vec<(&str, &str)> = fixed
        .after
        .violations
        .iter()
        .filter(|v| v.is_error())
        .map(|v| (v.code.as_str(), v.path.as_str()))
        .collect();
    assert_eq!(
        left,
        [
            ("pattern_mismatch", "/seats/1/expertise"),
            ("invalid_format", "/submitted_at"),
            ("siret_invalid", "/hosts/0/siret"),
        ]
    );
    // Each says what a person is to do, and none offers what the promotion refuses.
    let by = |path: &str| {
        fixed
            .after
            .violations
            .iter()
            .find(|v| v.path == path && v.is_error())
            .unwrap()
    };
    let data = by("/seats/1/expertise");
    assert!(data.fixes.is_empty());
    let hint = data.hint_fr.as_deref().unwrap();
    assert!(
        hint.contains("« data-science »") && hint.contains("« direction-technique »"),
        "{hint}"
    );
    let date = by("/submitted_at");
    assert_eq!(date.fixes[0].applicability, Applicability::Placeholder);
    assert!(
        date.hint_fr
            .as_deref()
            .unwrap()
            .contains("2025-02-28T17:00:00+01:00")
    );
    assert!(
        date.fixes[0]
            .reason_fr
            .as_deref()
            .unwrap()
            .contains("exemple")
    );
    assert!(
        by("/hosts/0/siret")
            .hint_fr
            .as_deref()
            .unwrap()
            .contains("Annuaire des entreprises")
    );
    let out = fixed.to_text("defi.json", &text, eig::diagnostics::Lang::Fr);
    assert!(
        out.starts_with("defi.json: 2 corrections sûres appliquées\n"),
        "{out}"
    );
    assert!(
        out.contains("ce qui reste à faire, par une personne :"),
        "{out}"
    );
    assert!(
        out.contains("à compléter : l'heure 17:00 est un exemple"),
        "{out}"
    );
}

/// A fix that would bring another error is not offered as safe, and says which.
#[test]
fn a_fix_that_would_bring_another_error_needs_a_human_and_says_why() {
    // EIG 7 hosts only central administrations and state operators: the label of a local
    // authority names a kind of host the schema knows, which the rulebook refuses.
    let rulebook = Rulebook::builtin("eig-7").unwrap();
    let mut doc = eig::guide::template(&rulebook);
    doc["hosts"][0]["kind"] = json!("collectivité territoriale");
    let validator = DocumentValidator::new(RulebookChoice::Named);
    let report = validator.validate(SchemaKind::ChallengeSubmission, Input::Value(&doc));
    let v = report
        .violations
        .iter()
        .find(|v| v.path == "/hosts/0/kind" && v.code == "invalid_value")
        .unwrap_or_else(|| panic!("{report}"));
    let fix = &v.fixes[0];
    assert_eq!(fix.applicability, Applicability::NeedsHuman, "{fix:?}");
    let reason = fix.reason_fr.as_deref().unwrap();
    assert!(
        reason.starts_with("cela ferait une autre erreur, en /hosts/0/kind"),
        "{reason}"
    );
    // A rename onto a field already there would lose a value.
    let mut doc = eig::guide::template(&rulebook);
    doc["titre"] = json!("Un autre titre");
    let report = validator.validate(SchemaKind::ChallengeSubmission, Input::Value(&doc));
    let v = report
        .violations
        .iter()
        .find(|v| v.path == "/titre")
        .unwrap();
    assert_eq!(v.fixes[0].applicability, Applicability::NeedsHuman);
    assert!(
        v.fixes[0]
            .reason_fr
            .as_deref()
            .unwrap()
            .contains("« title » existe déjà")
    );
}

/// From a review: two renames onto one missing field would lose a value; a fix of a warning
/// is applied; a promotion written otherwise is fixed though the rules it lets run find
/// other faults; a JSON syntax error's column counts characters.
#[test]
fn fixes_never_lose_a_value_and_count_what_they_mend() {
    let validator = DocumentValidator::new(RulebookChoice::Named);
    let kind = SchemaKind::ChallengeSubmission;
    let rulebook = Rulebook::builtin("eig-7").unwrap();
    let template = eig::guide::template(&rulebook);

    // `titre` and `intitulé` both name `title`, which is missing.
    let mut doc = template.clone();
    let title = doc.as_object_mut().unwrap().remove("title").unwrap();
    doc["titre"] = title;
    doc["intitulé"] = json!("Prévision des crues");
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let fixed = validator.fix(kind, &text);
    for field in ["/titre", "/intitulé"] {
        let v = fixed
            .before
            .violations
            .iter()
            .find(|v| v.path == field)
            .unwrap();
        assert_eq!(
            v.fixes[0].applicability,
            Applicability::NeedsHuman,
            "{field}"
        );
        assert!(
            v.fixes[0]
                .reason_fr
                .as_deref()
                .unwrap()
                .contains("serait aussi renommé"),
            "{:?}",
            v.fixes[0]
        );
    }
    assert!(fixed.text.is_none());

    // A theme out of the vocabulary is a warning; its safe fix is applied all the same.
    let mut doc = template.clone();
    doc["themes"] = json!(["sante-publique"]);
    let fixed = validator.fix(kind, &serde_json::to_string_pretty(&doc).unwrap());
    assert_eq!(fixed.applied.len(), 1, "{}", fixed.before);
    assert!(!fixed.after.has("theme_unknown"), "{}", fixed.after);

    // "EIG 7" names no rulebook: once written `eig-7`, the rules run and find a short
    // duration, which the fix did not bring.
    let mut doc = template.clone();
    doc["promotion"] = json!("EIG 7");
    doc["duration_months"] = json!(6);
    let fixed = validator.fix(kind, &serde_json::to_string_pretty(&doc).unwrap());
    let promotion = fixed
        .before
        .violations
        .iter()
        .find(|v| v.path == "/promotion")
        .unwrap();
    assert_eq!(
        promotion.fixes[0].applicability,
        Applicability::Safe,
        "{promotion:?}"
    );
    assert!(fixed.after.has("duration_out_of_range"), "{}", fixed.after);
    assert!(
        !fixed
            .after
            .violations
            .iter()
            .any(|v| v.path == "/promotion")
    );

    // A number between quotes that JSON would not write so ("007", "+10") gets no patch: the
    // hint's words and the patch would differ.
    for written in ["007", "+10"] {
        let mut doc = template.clone();
        doc["duration_months"] = json!(written);
        let report = validator.validate(kind, Input::Value(&doc));
        let v = report
            .violations
            .iter()
            .find(|v| v.path == "/duration_months")
            .unwrap();
        assert!(
            v.fixes.is_empty() && v.hint_fr.is_none(),
            "{written}: {v:?}"
        );
    }

    // Columns in characters: `É` and `é` are two bytes each.
    let report = validator.validate(kind, Input::Bytes("{\"titre\": \"Été\" x}".as_bytes()));
    let v = &report.violations[0];
    assert_eq!(v.code, "invalid_json");
    assert_eq!(v.params.get("column"), Some(json!(17)), "{v:?}");
    assert!(v.message_fr.contains("colonne 17"), "{}", v.message_fr);
}
