//! Properties over generated submissions: serialising a typed submission gives a document that
//! passes our own schema, reads back equal, gets the same report from bytes as from the typed
//! value, and every violation's path resolves in it.

use chrono::{DateTime, Duration};
use eig::Rulebook;
use eig::model::{ChallengeSubmission, Expertise, Location, ProposedMentor, SeatRequest, Theme};
use eig::validate::Validator;
use proptest::prelude::*;

const BASE: &[u8] = include_bytes!("../../../examples/submissions/eig-5-valid-flood-alerts.json");

const EXPERTISES: &[&str] = &[
    "developpement",
    "design",
    "data-science",
    "geomatique",
    "juriste",
    "direction-technique",
];
const THEMES: &[&str] = &["sante", "justice", "culture", "sante-publique", "logement"];
const POSTCODES: &[&str] = &[
    "75007", "31000", "97400", "20000", "96000", "00100", "98800",
];

fn submission() -> impl Strategy<Value = ChallengeSubmission> {
    let seats = proptest::collection::vec((0..EXPERTISES.len(), 1u32..4), 1..4);
    let mentors = proptest::collection::vec((0usize..3, 1u8..=100), 0..4);
    let themes = proptest::sample::subsequence(THEMES, 0..3);
    let postcodes = proptest::collection::vec(0..POSTCODES.len(), 1..3);
    (
        seats,
        mentors,
        themes,
        postcodes,
        1u32..30,
        -3_000_000i64..3_000_000,
        0usize..3,
        any::<bool>(),
    )
        .prop_map(
            |(seats, mentors, themes, postcodes, months, shift, promotion, swap_siret)| {
                let mut s: ChallengeSubmission = serde_json::from_slice(BASE).unwrap();
                s.promotion = eig::model::PromotionId::new(["eig-5", "eig-6", "eig-7"][promotion]);
                s.seats = seats
                    .into_iter()
                    .map(|(e, count)| SeatRequest {
                        expertise: Expertise::new(EXPERTISES[e]),
                        count,
                    })
                    .collect();
                s.mentors = mentors
                    .into_iter()
                    .map(|(who, commitment_percent)| ProposedMentor {
                        name: format!("Mentor {who}"),
                        position: "Agent".into(),
                        email: format!("mentor{who}@example.gouv.fr"),
                        commitment_percent,
                    })
                    .collect();
                s.themes = themes.into_iter().map(Theme::new).collect();
                s.locations = postcodes
                    .into_iter()
                    .map(|p| Location {
                        city: "Ville".into(),
                        postcode: POSTCODES[p].into(),
                        remote_days_per_week: None,
                    })
                    .collect();
                s.duration_months = months;
                s.submitted_at = DateTime::parse_from_rfc3339("2021-04-07T22:00:00+02:00").unwrap()
                    + Duration::seconds(shift);
                if swap_siret {
                    s.hosts[0].siret = Some(eig::model::Siret("11000201100054".into()));
                }
                s
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_submissions_behave(s in submission(), rulebook in 0..3usize) {
        let rb = Rulebook::builtin(["eig-5", "eig-6", "eig-7"][rulebook]).unwrap();
        // The generated submissions have no dossier sections: the structure checked is the
        // form 2017's (EIG 7's own form requires them; its rules still run).
        let v = Validator::new(rb).with_form(eig::model::SubmissionForm::Form2017);
        let bytes = serde_json::to_vec_pretty(&s).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let back: ChallengeSubmission = serde_json::from_value(value.clone()).unwrap();
        prop_assert_eq!(&back, &s);

        let from_bytes = v.validate(&bytes);
        prop_assert!(from_bytes.violations.iter().all(|x| x.rule != "schema" && x.rule != "input"),
            "a typed submission must pass the schema: {}", from_bytes);
        prop_assert_eq!(&from_bytes, &v.validate_submission(&s));
        for violation in &from_bytes.violations {
            // A missing field's path names where it goes: its parent resolves.
            let parent = violation.path.rsplit_once('/').map_or("", |(p, _)| p);
            prop_assert!(value.pointer(&violation.path).is_some() || value.pointer(parent).is_some(),
                "{} does not resolve", violation.path);
        }
    }
}
