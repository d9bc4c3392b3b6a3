//! One constructor per built-in code: the French and the English wording of each code are
//! written once, here, with typed parameters, so that the same fault reads the same wherever
//! it is found. No other module builds a message for a built-in code (`core/tests/integration/messages.rs`
//! reads the source to keep it so), and [`examples`] shows every code's wording.
//!
//! The constructors are grouped as the codes are: the input and the schema, the rules of a
//! défi submission and of a rulebook, selection, team formation and mentor matching, the
//! import of the public data, and the engines.

// With some engines left out of the build, the variants only they name are unused.
#![cfg_attr(
    not(all(
        feature = "scoring",
        feature = "matching",
        feature = "import",
        feature = "analytics"
    )),
    allow(dead_code)
)]

mod declared;
mod engine;
mod hint;
mod ids;
mod import;
mod input;
mod jury;
mod placement;
mod selection;
mod submission;

pub(crate) use declared::*;
pub(crate) use engine::*;
pub(crate) use hint::Fix;
pub(crate) use ids::*;
pub(crate) use import::*;
pub(crate) use input::*;
pub(crate) use jury::*;
pub(crate) use placement::*;
pub(crate) use selection::*;
pub(crate) use submission::*;

use super::{Code, Violation};

/// What an identifier names, in messages about identifiers and lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Thing {
    /// A juror of a jury.
    Juror,
    /// An item scored by a jury (a défi or a candidate).
    Item,
    /// A criterion of a scoring grid.
    Criterion,
    /// A scoring grid.
    Grid,
    /// A jury.
    Jury,
    /// A selection stage.
    Stage,
    /// A défi.
    Challenge,
    /// A candidate.
    Candidate,
    /// A promotion.
    Promotion,
    /// An organisation.
    Organisation,
    /// A person of the dataset.
    Person,
    /// A team followed by référents and buddies.
    Team,
    /// A référent or a buddy.
    Follower,
    /// A référent.
    Referent,
    /// A buddy.
    Buddy,
    /// A declared rule of a rulebook.
    Rule,
    /// A recruitment sprint.
    Sprint,
    /// A slot of a jury plan (one room on one half-day).
    Slot,
    /// A panel of a jury (the jurors who sat together).
    Panel,
}

/// The words that name a [`Thing`]: the French noun and its gender, the English noun in the
/// singular and the plural (French plurals here take an `s`, an `x` after -eau).
struct Words {
    noun_fr: &'static str,
    feminine: bool,
    one_en: &'static str,
    many_en: &'static str,
}

impl Words {
    /// "le critère", "l'étape", "la grille".
    fn the_fr(&self) -> String {
        let elided = self
            .noun_fr
            .starts_with(['a', 'e', 'é', 'è', 'ê', 'i', 'o', 'u']);
        match (elided, self.feminine) {
            (true, _) => format!("l'{}", self.noun_fr),
            (false, true) => format!("la {}", self.noun_fr),
            (false, false) => format!("le {}", self.noun_fr),
        }
    }

    /// "aucun" or "aucune".
    fn none_fr(&self) -> &'static str {
        if self.feminine { "aucune" } else { "aucun" }
    }

    /// "connu" or "connue".
    fn known_fr(&self) -> &'static str {
        if self.feminine { "connue" } else { "connu" }
    }

    /// "critères".
    fn many_fr(&self) -> String {
        // « créneaux »: the nouns in -eau take an x.
        if self.noun_fr.ends_with("eau") {
            format!("{}x", self.noun_fr)
        } else {
            format!("{}s", self.noun_fr)
        }
    }
}

impl Thing {
    const fn words(self) -> Words {
        const fn w(
            noun_fr: &'static str,
            feminine: bool,
            one_en: &'static str,
            many_en: &'static str,
        ) -> Words {
            Words {
                noun_fr,
                feminine,
                one_en,
                many_en,
            }
        }
        match self {
            Self::Juror => w("juré", false, "juror", "jurors"),
            Self::Item => w("élément", false, "item", "items"),
            Self::Criterion => w("critère", false, "criterion", "criteria"),
            Self::Grid => w("grille", true, "grid", "grids"),
            Self::Jury => w("jury", false, "jury", "juries"),
            Self::Stage => w("étape", true, "stage", "stages"),
            Self::Challenge => w("défi", false, "défi", "défis"),
            Self::Candidate => w("candidat", false, "candidate", "candidates"),
            Self::Promotion => w("promotion", true, "promotion", "promotions"),
            Self::Organisation => w("organisation", true, "organisation", "organisations"),
            Self::Person => w("personne", true, "person", "people"),
            Self::Team => w("équipe", true, "team", "teams"),
            Self::Follower => w("suiveur", false, "follower", "followers"),
            Self::Referent => w("référent", false, "référent", "référents"),
            Self::Buddy => w("binôme", false, "buddy", "buddies"),
            Self::Rule => w("règle", true, "rule", "rules"),
            Self::Sprint => w("sprint", false, "sprint", "sprints"),
            Self::Slot => w("créneau", false, "slot", "slots"),
            Self::Panel => w("groupe", false, "panel", "panels"),
        }
    }
}

/// The names listed in a message: the first ten, then how many more.
fn listed(known: &[&str]) -> (String, String) {
    const SHOWN: usize = 10;
    let list = known
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let (mut fr, mut en) = (list.clone(), list);
    if known.len() > SHOWN {
        let more = known.len() - SHOWN;
        fr.push_str(&format!(" et {more} autre(s)"));
        en.push_str(&format!(" and {more} more"));
    }
    (fr, en)
}

/// A parameter's value as JSON (null for a value that cannot be written so).
fn param(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// A value the message shows, as a parameter: a JSON number when it reads as one (`3`,
/// `0.5`), its text otherwise (a date, `NaN`).
fn number_or_text(value: &dyn std::fmt::Display) -> serde_json::Value {
    let text = value.to_string();
    if let Ok(n) = text.parse::<i64>() {
        return n.into();
    }
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(serde_json::Value::String(text), serde_json::Value::Number)
}

/// A JSON value's type, with its article, in English and in French.
pub(crate) fn json_type(v: &serde_json::Value) -> (&'static str, &'static str) {
    use serde_json::Value;
    match v {
        Value::Null => ("null", "null"),
        Value::Bool(_) => ("a boolean", "un booléen"),
        Value::Number(_) => ("a number", "un nombre"),
        Value::String(_) => ("a string", "un texte"),
        Value::Array(_) => ("an array", "une liste"),
        Value::Object(_) => ("an object", "un objet"),
    }
}

/// A JSON Schema type name (`integer`, `string`...), with its article, in English and in
/// French.
fn schema_type(name: &str) -> (&str, &str) {
    match name {
        "null" => ("null", "null"),
        "boolean" => ("a boolean", "un booléen"),
        "integer" => ("a whole number", "un nombre entier"),
        "number" => ("a number", "un nombre"),
        "string" => ("a string", "un texte"),
        "array" => ("an array", "une liste"),
        "object" => ("an object", "un objet"),
        other => (other, other),
    }
}

/// An example of every built-in code's violation, in the order of [`Code::ALL`]: what each
/// message reads like, in French and in English. `eig codes` and `docs/violation-codes.md`
/// show them.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn examples() -> Vec<Violation> {
    use chrono::TimeZone;
    use serde_json::json;
    let paris = chrono_tz::Europe::Paris;
    let at = |d, h, m| {
        paris
            .with_ymd_and_hms(2020, 2, d, h, m, 0)
            .single()
            .expect("a plain Paris time")
    };
    let mut out = vec![
        empty_document(),
        invalid_utf8(812, Some((24, 7))),
        json_error(
            &serde_json::from_str::<serde_json::Value>("{\n  \"title\":\n  }").unwrap_err(),
            64,
            None,
        ),
        not_an_object(&json!([1, 2])),
        document_too_large(3_145_728, 2_097_152),
        too_many_violations(
            1000,
            &[
                ("wrong_type".to_owned(), 1_039_000),
                ("unknown_field".to_owned(), 12),
            ]
            .into_iter()
            .collect(),
            true,
        ),
        nesting_too_deep(64, At::Pointer("/a/b")),
        comments_ignored(141, 1, 1),
        unknown_field(
            "/titre",
            "titre",
            Some(Fix::Rename {
                from: "titre".into(),
                to: "title".into(),
            }),
        ),
        missing_field("/title", "title", None),
        wrong_type("/duration_months", &["integer"], &json!("dix")),
        invalid_value(
            "/kind",
            &json!("b"),
            &Allowed::OneOf(&["a".into(), "c".into()]),
        ),
        invalid_format(
            "/submitted_at",
            &json!("28/02/2020"),
            "date-time",
            Some(Fix::DateTime {
                value: "2020-02-28T17:00:00+01:00".into(),
                time_given: false,
            }),
        ),
        missing_time_zone("/submitted_at", &json!("2020-02-28T17:00:00")),
        pattern_mismatch(
            "/promotion",
            &json!("EIG 4"),
            "^(eig-[1-9][0-9]*|dig-[0-9]{4})$",
        )
        .fix(Some(Fix::Write {
            value: "eig-4".into(),
            label: None,
        })),
        below_minimum("/duration_months", &json!(0), &json!(1), false),
        above_maximum(
            "/mentors/0/commitment_percent",
            &json!(120),
            &json!(100),
            false,
        ),
        too_short("/title", 3),
        too_long("/summary", 500),
        too_few_items("/seats", 1),
        too_many_items("/themes", 5),
        duplicate_items("/themes/2", None),
        schema_violation("/scale", "not"),
        promotion_mismatch("eig-5", "eig-4"),
        promotion_unknown("/promotion", "eig-9", &["eig-1", "eig-2", "dig-2019"]),
        team_size_out_of_range("/seats", 4, "EIG 6", 1, 3),
        expertise_not_allowed(
            "/seats/1/expertise",
            "EIG 6",
            "dev",
            &["developpement", "design"],
            Some(Fix::Write {
                value: "developpement".into(),
                label: Some(("Développement".into(), "Software development".into())),
            }),
        ),
        seat_expertise_duplicated("/seats/2/expertise", "design", "/seats/0"),
        duration_out_of_range(8, "EIG 4", 10, Some(10)),
        submitted_before_opening(at(1, 9, 0), at(3, 9, 0)),
        submitted_after_deadline(at(28, 17, 30), at(28, 17, 0)),
        call_window_unknown("EIG 1", false, false, true),
        applied_outside_window(
            at(5, 10, 0),
            Some(("Sprint n° 1 (février-mars 2024)", at(1, 23, 59))),
            Some(("Sprint n° 2 (avril-mai 2024)", at(28, 0, 0))),
        ),
        product_page_required("EIG 7", "https://beta.gouv.fr/"),
        product_page_not_beta("EIG 7", "https://example.org/p", "https://beta.gouv.fr/"),
        product_phase_not_eligible(
            "EIG 7",
            ("alumni", "alumni"),
            &[("construction", "construction")],
        ),
        organisation_not_eligible(
            "/hosts/0/kind",
            "EIG 7",
            "Région Bretagne",
            ("collectivité territoriale", "local authority"),
            &[("opérateur de l'État", "State operator")],
        ),
        organisation_kind_missing("/hosts/0", "EIG 7", "DINUM", &["state_operator"]),
        wish_missing("EIG 7", "direction-impact"),
        cutoff_unknown("candidats-entretien", true),
        wish_seat_mismatch("/wishes/0", "direction-produit", true),
        wish_missions_missing("/wishes/0/missions", "direction-produit"),
        mentors_too_few(0, "EIG 4", 1),
        mentor_commitment_too_low("/mentors/0/commitment_percent", 5, "EIG 4", 10),
        mentor_duplicated("/mentors/1", "/mentors/0"),
        sponsor_is_mentor("/mentors/0", "EIG 4"),
        host_duplicated("/hosts/1", "Cour des comptes", "/hosts/0"),
        siret_invalid("/hosts/0/siret", "11000201100045"),
        siren_invalid("/hosts/0/siren", "110002012"),
        siret_siren_mismatch("/hosts/0/siret", "13001831000019", "110002011"),
        postcode_invalid("/locations/0/postcode", "96000"),
        theme_unknown(
            "/themes/0",
            "climat",
            &["ecologie", "environnement", "sante"],
            None,
        ),
        rule_failed("fiche_beta_gouv", "ValueError: no product page"),
        rule_invalid(
            "/rules/0/rule",
            "fiche_beta_gouv",
            &Fault::UnknownFunction {
                name: "startswith",
                near: Some("startsWith"),
            },
        ),
        rule_too_costly(
            "/rules/1/rule",
            "paires_de_jures",
            1_002_004_001,
            10_000_000,
            Some(1000),
            false,
        ),
        rule_error(
            "/product_page",
            "fiche_beta_gouv",
            &Failure::NoSuchField("product_page"),
        ),
        rule_skipped("/themes", Skipped::Rule("themes"), "/themes"),
        internal_error("/teams", Step::FormingTeams, "a seat was given twice"),
        affinity_failed(
            "/followers/3",
            "ref-02",
            "equipe-1",
            AffinityFault::NotFinite(f64::NAN),
        ),
        checks_not_compiled("team-formation", "matching"),
        range_inverted("/team_size", &3, &2, false),
        window_inverted("/call_for_projects", &"2020-03-01", &"2020-02-01"),
        duplicate_id("/jurors/2/id", Thing::Juror, "jure-01", 0),
        unknown_reference(
            "/scores/0/juror",
            Thing::Juror,
            "jury-02",
            &["jure-01", "jury-01"],
        ),
        weights_sum_to_zero(),
        threshold_outside_scale("/criteria/0/eliminatory_below", 12.0, 0.0, 10.0),
        score_out_of_scale("/scores/4/score", 11.0, 0.0, 10.0),
        score_not_finite("/scores/4/score", f64::NAN),
        score_duplicated("/scores/7", &["jure-01", "defi-3", "impact"], Some(2)),
        consensus_missing("/consensus", "defi-3", &["impact", "faisabilite"], "defis"),
        conflicted_score("/scores/9", "jure-02", "defi-3", Conflict::Recused, None),
        too_few_jurors("/items/3", "defi-3", 1, "impact", 2),
        juror_too_few_scores("/jurors/4", "jure-05", 2),
        calibration_disconnected(2),
        quota_exceeds_seats("/stages/0/quotas/min_per_expertise", 12, 10),
        quota_unmet("/quotas/min_per_expertise/design", 3, "design", 1),
        eligibility_not_declared("/eligibility/accepts_charter", Declaration::AcceptsCharter),
        empty_promotion("/challenges", Thing::Challenge),
        preference_not_applied("/candidates/0/preferences/1", "cand-01", "defi-2"),
        capacity_zero("/followers/2/max_teams", "ref-03"),
        matching_infeasible(
            "/teams/1",
            &Infeasible::TeamShort {
                team: "equipe-2",
                need: 1,
                allowed: 0,
                kind: Thing::Referent,
            },
        ),
        profile_unknown("/items/3/profiles/0", "desing", &["data", "design"]),
        slot_duplicated(
            "/slots/1",
            "j1-matin-b",
            "Salle 1",
            ("10/03/2020 matin", "2020-03-10 morning"),
            "j1-matin-a",
        ),
        juror_unavailable("/jurors/4", "jure-005", 1),
        pin_conflicted(
            "/forced/0",
            PinRole::Hear,
            "jure-001",
            "defi-03",
            PinFault::OwnOrganisation("DINUM"),
        ),
        plan_infeasible(
            "/jurors",
            (
                "referents",
                "21 défis entendus 2 ou 3 à la fois demandent au moins 7 groupes, mais les jurés \
                 qui peuvent être référents n'en tiennent que 6",
                "21 défis heard 2 or 3 at a time need at least 7 panels, but the jurors who can \
                 be référent can chair only 6",
            ),
            Some((
                "mark_referent",
                "marquez un juré de plus comme référent possible (jure-003)",
                "mark one more juror as possible référent (jure-003)",
            )),
        ),
        duplicate_key("/duration_months".into(), "duration_months", 4, 21),
        yaml_invalid(4, 12, YamlFault::Parser("did not find expected key")),
        yaml_alias_limit(3, 100_000, 10_000),
        file_skipped(Skip::LinkLoop),
        front_matter_missing(),
        record_incomplete("/title", Lacking::Title),
        promotion_label_unknown("/promotion", "EIG 12"),
        duplicate_record(
            "/title",
            "Signaux faibles",
            "eig-2",
            "_data/defis.yml [signaux]",
        ),
        number_as_string("/promotion", "4"),
        year_for_datetime("/date", 2024),
        unexpected_type(
            "/ADEX/skills",
            Shape::List,
            &json!("data"),
            Then::KeptInExtra,
        ),
        value_normalised(
            "/ADEX/title",
            " Signaux faibles ",
            Reading::Trimmed("Signaux faibles"),
        ),
        empty_body(),
        reference_unresolved("/12/defis/0", "TRISTAN", Among::Dataset),
        reference_ambiguous(
            "/12/defis/0",
            "EIG Link",
            &["eig-2-eig-link", "eig-3-eig-link"],
        ),
        sites_disagree(
            "/ADEX/expertises",
            "expertises",
            None,
            &"data-science",
            &"developpement",
            "site/content/defis/adex.md",
        ),
        title_matched_loosely("/title", "EIG2 Link", "EIG Link"),
        key_title_mismatch("/EIG Link 2018", "EIG Link 2018", "EIG Link"),
        promotion_inferred("/120/defis/0", "EIG3 Link", "eig-3", &["eig-2"]),
        term_unknown(
            "/themes/0",
            Term::Theme,
            "Service public",
            Kept::AsSlug("service-public"),
        ),
        field_not_in_format("/ADEX/couleur", "couleur"),
        inference_contradicted(
            "/4/defis/0",
            "Open Chronic",
            "eig-3",
            "fellow",
            Contradiction::NamedOnDefi("mentor"),
        ),
        figure_not_found("challenges", 131.0, "num: \"131\""),
    ];
    // Every code in declaration order, whatever order the list above is written in.
    out.sort_by_key(|v| {
        Code::ALL
            .iter()
            .position(|c| c.as_str() == v.code)
            .unwrap_or(usize::MAX)
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_reference_lists_what_is_known_and_suggests_the_nearest() {
        let v = unknown_reference(
            "/scores/0/juror",
            Thing::Juror,
            "jury-02",
            &["juré-01", "jury-01"],
        );
        assert_eq!(v.code, "unknown_reference");
        assert_eq!(
            v.message_en,
            "\"jury-02\" names no known juror (known jurors: juré-01, jury-01)"
        );
        assert_eq!(
            v.message_fr,
            "« jury-02 » ne désigne aucun juré connu (jurés connus : juré-01, jury-01)"
        );
        assert_eq!(v.hint_en.as_deref(), Some("did you mean \"jury-01\"?"));
        assert_eq!(
            v.hint_fr.as_deref(),
            Some("vouliez-vous dire « jury-01 » ?")
        );
        let many: Vec<String> = (0..12).map(|i| format!("d{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let v = unknown_reference("", Thing::Challenge, "zzz", &many);
        assert!(v.message_en.ends_with("d9 and 2 more)"), "{}", v.message_en);
        assert!(
            unknown_reference("", Thing::Grid, "g", &[])
                .message_fr
                .contains("grilles connues : aucune"),
        );
    }

    #[test]
    fn every_code_has_one_example_in_order() {
        let examples = examples();
        let codes: Vec<&str> = examples.iter().map(|v| v.code.as_str()).collect();
        let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes, all);
    }
}
