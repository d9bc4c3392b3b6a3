//! The built-in rulebooks, one per historical promotion, built from the public facts.
//!
//! Sources (all public, read from the programme's own sites and announcements):
//! - `site-eig/_data/defis.yml`: the first site's défis of EIG 1–4 and DIG, with `skills`,
//!   `duration_months` and team members per défi;
//! - the EIG 5 announcement (site-eig-v3 blog, "10-lorem-ipsum…" file): calls and profiles;
//! - the EIG 6 announcement (site-eig-v3 blog, "découvrez la 6ème promotion"): calls, profiles;
//! - site-eig-v3 `participer/administrations/faq.md` (EIG 7): profiles, rolling juries, calendar;
//! - etalab.gouv.fr's EIG pages (EIG 3 and EIG 4 calls), as summarised in `SOURCES.md`.
//!
//! Where a source gives a day but no hour, a call opens at 00:00 and closes at 23:59:59 Paris
//! time. Where the sources give no figure, the comment says so and the value is the loosest one
//! that keeps the rule meaningful.

use super::rulebook::{ConflictPolicy, MentorPolicy, MonthRange, Rulebook, SizeRange};
use crate::model::{
    Aggregation, CalibrationMethod, CallWindow, Cohort, Cutoff, Expertise, PromotionId, Quotas,
    SelectionStage, StageSubject, TieBreak,
};
use chrono::{NaiveDate, NaiveDateTime};

impl Rulebook {
    /// The built-in rulebook of a historical promotion (`eig-1` … `eig-7`, `dig-2019`).
    #[must_use]
    pub fn builtin(id: &str) -> Option<Rulebook> {
        rulebook(id)
    }

    /// Every built-in rulebook, in historical order.
    #[must_use]
    pub fn builtins() -> Vec<Rulebook> {
        PromotionId::HISTORICAL
            .iter()
            .filter_map(|id| Self::builtin(id))
            .collect()
    }
}

fn day_start(y: i32, m: u32, d: u32) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(0, 0, 0))
}

fn day_end(y: i32, m: u32, d: u32) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(23, 59, 59))
}

fn expertises(slugs: &[&str]) -> Vec<Expertise> {
    slugs.iter().map(|s| Expertise::new(*s)).collect()
}

// The sources give no minimum share of a mentor's time: one mentor at least (every défi of the
// first site lists one or more), and any positive commitment.
const MENTORS: MentorPolicy = MentorPolicy {
    min_mentors: 1,
    min_commitment_percent: 1,
};

// Jurors from a host administration stand aside from its défi (the programme's jury practice);
// no source forbids a sponsor to mentor.
const CONFLICTS: ConflictPolicy = ConflictPolicy {
    sponsor_may_mentor: true,
    juror_recusal_for_host: true,
};

// EIG 1–6: teams of 1 to 3 (defis.yml: EIG 2 and EIG 4 have teams of 3).
const TEAM_1_TO_3: SizeRange = SizeRange { min: 1, max: 3 };
// EIG 1–6: 10 months (defis.yml: `duration_months: 10` for every défi of EIG 1–4; the EIG 5
// and EIG 6 announcements: "pendant 10 mois").
const TEN_MONTHS: MonthRange = MonthRange {
    min: 10,
    max: Some(10),
};

fn base(id: &str, label: &str, cohort: Cohort, allowed: &[&str], sources: &[&str]) -> Rulebook {
    Rulebook {
        schema: None,
        promotion: PromotionId::new(id),
        label: label.to_owned(),
        cohort,
        team_size: TEAM_1_TO_3,
        immersion_months: TEN_MONTHS,
        allowed_expertises: expertises(allowed),
        call_for_projects: None,
        call_for_applications: None,
        mentors: MENTORS,
        conflict_of_interest: CONFLICTS,
        stages: Vec::new(),
        sources: sources.iter().map(|s| (*s).to_owned()).collect(),
        rules: Vec::new(),
    }
}

/// A stage that keeps the `k` best items by the raw weighted mean.
fn top_k_stage(
    id: &str,
    label_fr: &str,
    label_en: &str,
    subject: StageSubject,
    grid: &str,
    after: Option<&str>,
    k: u32,
) -> SelectionStage {
    SelectionStage {
        id: id.to_owned(),
        label_fr: label_fr.to_owned(),
        label_en: label_en.to_owned(),
        subject,
        grid: grid.to_owned(),
        after: after.map(str::to_owned),
        aggregation: Aggregation::default(),
        calibration: CalibrationMethod::None,
        cutoff: Cutoff {
            top_k: Some(k),
            threshold: None,
        },
        quotas: Quotas::default(),
        waiting_list: 0,
        tie_break: TieBreak::default(),
    }
}

fn rulebook(id: &str) -> Option<Rulebook> {
    let rb = match id {
        // EIG 1 (2017): 9 défis, developers and data scientists (defis.yml skills: dev,
        // datascience). Call dates are not in the sources.
        "eig-1" => base(
            "eig-1",
            "EIG 1",
            Cohort::Year { year: 2017 },
            &["developpement", "data-science"],
            &["site-eig _data/defis.yml (promotion 1)"],
        ),
        // EIG 2 (2018): 13 défis; skills dev, datascience, design, dataengineering.
        "eig-2" => base(
            "eig-2",
            "EIG 2",
            Cohort::Year { year: 2018 },
            &[
                "developpement",
                "data-science",
                "design",
                "data-engineering",
            ],
            &["site-eig _data/defis.yml (promotion 2)"],
        ),
        // EIG 3 (2019): 15 défis; skills dev, datascience, design, geomatique. Call for projects
        // published on 4 May 2018 (its close is not in the sources); call for applications
        // 13 September – 15 October 2018 (etalab.gouv.fr).
        "eig-3" => Rulebook {
            call_for_projects: Some(CallWindow::paris(day_start(2018, 5, 4), None)),
            call_for_applications: Some(CallWindow::paris(
                day_start(2018, 9, 13),
                day_end(2018, 10, 15),
            )),
            ..base(
                "eig-3",
                "EIG 3",
                Cohort::Year { year: 2019 },
                &["developpement", "data-science", "design", "geomatique"],
                &[
                    "site-eig _data/defis.yml (promotion 3)",
                    "etalab.gouv.fr EIG 3 calls",
                ],
            )
        },
        // DIG (2019): designers only; teams of 1 or 2 (defis.yml: 13 teams of 1, 4 of 2);
        // immersions of 6 to 12 months (defis.yml durations 6, 7, 8, 9 and 12).
        "dig-2019" => Rulebook {
            team_size: SizeRange { min: 1, max: 2 },
            immersion_months: MonthRange {
                min: 6,
                max: Some(12),
            },
            ..base(
                "dig-2019",
                "DIG",
                Cohort::Year { year: 2019 },
                &["design"],
                &["site-eig _data/defis.yml (promotion dig)"],
            )
        },
        // EIG 4 (2020): 17 défis; all five skills of defis.yml. Call for applications
        // 4 May – 7 June 2020 (etalab.gouv.fr); the call for projects' dates are not in the
        // sources (its jury sat on 24–25 March 2020).
        // Its funnel (etalab.gouv.fr, SOURCES.md): 31 défis proposed, 21 auditioned by the jury
        // of 24-25 March 2020, 17 kept; more than 800 candidates, 140 interviewed, 41 selected.
        // The grids and how the juries aggregated are not public: grids are named `defis` and
        // `candidats`, scores are averaged raw.
        "eig-4" => Rulebook {
            stages: vec![
                top_k_stage(
                    "defis-audition",
                    "Audition des défis",
                    "Défi audition",
                    StageSubject::Challenges,
                    "defis",
                    None,
                    21,
                ),
                top_k_stage(
                    "defis-selection",
                    "Sélection des défis",
                    "Défi selection",
                    StageSubject::Challenges,
                    "defis",
                    Some("defis-audition"),
                    17,
                ),
                top_k_stage(
                    "candidats-entretien",
                    "Entretiens des candidats",
                    "Candidate interviews",
                    StageSubject::Candidates,
                    "candidats",
                    None,
                    140,
                ),
                top_k_stage(
                    "candidats-selection",
                    "Sélection des candidats",
                    "Candidate selection",
                    StageSubject::Candidates,
                    "candidats",
                    Some("candidats-entretien"),
                    41,
                ),
            ],
            call_for_applications: Some(CallWindow::paris(
                day_start(2020, 5, 4),
                day_end(2020, 6, 7),
            )),
            ..base(
                "eig-4",
                "EIG 4",
                Cohort::Year { year: 2020 },
                &[
                    "developpement",
                    "data-science",
                    "design",
                    "data-engineering",
                    "geomatique",
                ],
                &[
                    "site-eig _data/defis.yml (promotion 4)",
                    "etalab.gouv.fr EIG 4 calls",
                ],
            )
        },
        // EIG 5 (2021): developers, designers, data scientists, data engineers and digital
        // lawyers (announcement's roster). Calls: projects 1 February – 7 April 2021,
        // applications 1 March – 2 May 2021.
        "eig-5" => Rulebook {
            call_for_projects: Some(CallWindow::paris(
                day_start(2021, 2, 1),
                day_end(2021, 4, 7),
            )),
            call_for_applications: Some(CallWindow::paris(
                day_start(2021, 3, 1),
                day_end(2021, 5, 2),
            )),
            ..base(
                "eig-5",
                "EIG 5",
                Cohort::Year { year: 2021 },
                &[
                    "developpement",
                    "data-science",
                    "design",
                    "data-engineering",
                    "juriste",
                ],
                &["site-eig-v3 blog: EIG 5 announcement"],
            )
        },
        // EIG 6 (2022): developers, designers, data scientists, data engineers (announcement's
        // roster). Calls: projects 24 January – 18 March 2022, applications 7 March –
        // 19 April 2022.
        "eig-6" => Rulebook {
            call_for_projects: Some(CallWindow::paris(
                day_start(2022, 1, 24),
                day_end(2022, 3, 18),
            )),
            call_for_applications: Some(CallWindow::paris(
                day_start(2022, 3, 7),
                day_end(2022, 4, 19),
            )),
            ..base(
                "eig-6",
                "EIG 6",
                Cohort::Year { year: 2022 },
                &[
                    "developpement",
                    "data-science",
                    "design",
                    "data-engineering",
                ],
                &["site-eig-v3 blog: EIG 6 announcement"],
            )
        },
        // EIG 7 (2024): product and technical directors, solo or in pairs, contracts of 12
        // months or more, juries every two months, call for projects open January to December
        // 2024 (site-eig-v3 participer/administrations/faq.md and proposer.md).
        "eig-7" => Rulebook {
            team_size: SizeRange { min: 1, max: 2 },
            immersion_months: MonthRange { min: 12, max: None },
            call_for_projects: Some(CallWindow::paris(
                day_start(2024, 1, 1),
                day_end(2024, 12, 31),
            )),
            ..base(
                "eig-7",
                "EIG 7",
                Cohort::RollingSprints {
                    from_year: 2024,
                    jury_every_months: 2,
                },
                &["direction-produit", "direction-technique"],
                &["site-eig-v3 participer/administrations (faq.md, proposer.md)"],
            )
        },
        _ => return None,
    };
    Some(rb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EXPERTISES;

    #[test]
    fn every_historical_promotion_has_a_consistent_rulebook() {
        for id in PromotionId::HISTORICAL {
            let rb = rulebook(id).unwrap_or_else(|| panic!("no rulebook for {id}"));
            assert_eq!(rb.promotion.as_str(), id);
            assert!(rb.check().is_empty(), "{id}: {:?}", rb.check());
            for e in &rb.allowed_expertises {
                assert!(
                    EXPERTISES.iter().any(|t| t.slug == e.as_str()),
                    "{id}: unknown {e}"
                );
            }
            assert!(!rb.sources.is_empty());
        }
        assert!(rulebook("eig-8").is_none());
    }

    #[test]
    fn promotion_specific_facts() {
        let dig = rulebook("dig-2019").unwrap();
        assert_eq!(dig.allowed_expertises, expertises(&["design"]));
        assert!(dig.immersion_months.contains(6) && dig.immersion_months.contains(12));
        let eig7 = rulebook("eig-7").unwrap();
        assert!(eig7.immersion_months.contains(36) && !eig7.immersion_months.contains(11));
        assert!(!eig7.team_size.contains(3));
    }
}
