//! The built-in rulebooks, one per historical promotion, built from the public facts.
//!
//! Every fact carries its source in the rulebook itself ([`Rulebook::sources`]): the file of
//! the public sources (`SOURCES.md` lists them) or the web page, what it says, and, where two
//! sources disagree, the value not applied and why. A test checks that every field of every
//! built-in rulebook has a source.
//!
//! Conventions, written in the sources' notes where they apply: a call whose source gives a day
//! and no hour opens at 00:00:00 and closes at 23:59:59, Paris time; "à 23 h 59" closes at
//! 23:59:59 (the end of that minute: times are compared to the second); an hour ("17h") closes
//! at that instant. A fact no source gives is left out (a call's end), and validation says it
//! was not checked (`call_window_unknown`); where a value is needed and no source gives one,
//! the source entry says it is this library's default and why.

use super::rulebook::{
    ConflictPolicy, DossierEligibility, MentorPolicy, MonthRange, Rulebook, SizeRange,
};
use super::sources::Source;
use crate::model::{
    Aggregation, CalibrationMethod, CallWindow, Cohort, Criterion, Cutoff, DayRange, Expertise,
    HiringCap, HostKind, ProductPhase, PromotionId, Quotas, Scale, ScoringGrid, SelectionStage,
    Sprint, StageFigures, StageSubject, SubmissionForm, TieBreak,
};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

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

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, min, s))
}

fn day_start(y: i32, m: u32, d: u32) -> Option<NaiveDateTime> {
    at(y, m, d, 0, 0, 0)
}

fn day_end(y: i32, m: u32, d: u32) -> Option<NaiveDateTime> {
    at(y, m, d, 23, 59, 59)
}

fn expertises(slugs: &[&str]) -> Vec<Expertise> {
    slugs.iter().map(|s| Expertise::new(*s)).collect()
}

// The files of the public sources, as `SOURCES.md` names them.
const DEFIS_YML: &str = "site-eig _data/defis.yml";
const CHARTS: &str = "eig-charts derived/report_aggregates.json";
const SEED: &str = "the community's public page (seed of this project)";
const EIG5_POST: &str = "site-eig-v3 site/content/blog/10-lorem-ipsum-….md (EIG 5 announcement)";
const EIG6_POST: &str = "site-eig-v3 site/content/blog/entrepreneurs-d’intérêt-général-découvrez-la-6ème-promotion-du-programme.md";
const ADMIN_FAQ: &str = "site-eig-v3 site/content/participer/administrations/faq.md";
const ADMIN_INDEX: &str = "site-eig-v3 site/content/participer/administrations/_index.md";
const PROPOSER: &str = "site-eig-v3 site/content/participer/administrations/proposer.md";
const CANDIDATES_FAQ: &str = "site-eig-v3 site/content/participer/candidats/faq.md";
const CANDIDATES_INDEX: &str = "site-eig-v3 site/content/participer/candidats/_index.md";
const POSTULER: &str = "site-eig-v3 site/content/participer/candidats/postuler.md";
const ETALAB_EIG3: &str = "etalab.gouv.fr, « entrepreneurs-dinteret-general » page (web page; SOURCES.md, other public figures)";
const ETALAB_EIG4_DEFIS: &str =
    "etalab.gouv.fr, « découvrez les 17 défis de la quatrième promotion » (web page; SOURCES.md)";
const ETALAB_EIG4_PROMO: &str =
    "etalab.gouv.fr, « présente sa quatrième promotion » (web page; SOURCES.md)";
const EIG4_CALL: &str =
    "the programme's announcement of the EIG 4 call for projects (web page, not in the sources)";
const LIBRARY: &str = "eig (this library's default: no public source gives this fact)";

// The sources give no minimum share of a mentor's time: any positive commitment.
fn mentors(min: u32) -> MentorPolicy {
    MentorPolicy {
        min_mentors: min,
        min_commitment_percent: 1,
    }
}

const CONFLICTS: ConflictPolicy = ConflictPolicy {
    sponsor_may_mentor: true,
    juror_recusal_for_host: true,
};

const TEN_MONTHS: MonthRange = MonthRange {
    min: 10,
    max: Some(10),
};

/// The sources every rulebook shares: the conflict-of-interest policy and the share of a
/// mentor's time, which no public source states.
fn shared_sources() -> Vec<Source> {
    vec![
        Source::fact(
            &["/conflict_of_interest"],
            LIBRARY,
            "No public source states the programme's conflict-of-interest policy.",
        )
        .note(
            "A juror from a host administration stands aside from its défi (the usual practice \
             of selection juries); no source forbids a sponsor to mentor, so it is allowed.",
        ),
        Source::fact(
            &["/mentors/min_commitment_percent"],
            LIBRARY,
            "No public source gives a minimum share of a mentor's working time.",
        )
        .note("1 %: any positive commitment is accepted."),
    ]
}

struct Facts {
    id: &'static str,
    label: &'static str,
    cohort: Cohort,
    team_size: SizeRange,
    immersion_months: MonthRange,
    allowed: &'static [&'static str],
    min_mentors: u32,
}

fn base(f: Facts, sources: Vec<Source>) -> Rulebook {
    let mut all = sources;
    all.extend(shared_sources());
    Rulebook {
        schema: None,
        promotion: PromotionId::new(f.id),
        label: f.label.to_owned(),
        cohort: f.cohort,
        team_size: f.team_size,
        immersion_months: f.immersion_months,
        allowed_expertises: expertises(f.allowed),
        submission_form: SubmissionForm::Form2017,
        eligibility: None,
        call_for_projects: None,
        call_for_applications: None,
        mentors: mentors(f.min_mentors),
        conflict_of_interest: CONFLICTS,
        stages: Vec::new(),
        grids: Vec::new(),
        sprints: Vec::new(),
        hiring_cap: None,
        sources: all,
        rules: Vec::new(),
    }
}

/// A stage that keeps the `k` best items by the raw weighted mean.
fn top_k_stage(
    id: &str,
    labels: (&str, &str),
    subject: StageSubject,
    after: Option<&str>,
    k: u32,
) -> SelectionStage {
    SelectionStage {
        id: id.to_owned(),
        label_fr: labels.0.to_owned(),
        label_en: labels.1.to_owned(),
        subject,
        grid: match subject {
            StageSubject::Challenges => "defis",
            _ => "candidats",
        }
        .to_owned(),
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
        pool: false,
        published: Some(StageFigures {
            considered: None,
            kept: Some(k),
        }),
    }
}

/// The stage, with the number of items the programme published that it considered.
fn considered(mut stage: SelectionStage, n: u32) -> SelectionStage {
    stage
        .published
        .get_or_insert_with(StageFigures::default)
        .considered = Some(n);
    stage
}

const DEFIS: (&str, &str) = ("Sélection des défis", "Défi selection");
const AUDITION: (&str, &str) = ("Audition des défis", "Défi audition");
const INTERVIEWS: (&str, &str) = ("Entretiens des candidats", "Candidate interviews");
const CANDIDATES: (&str, &str) = ("Sélection des candidats", "Candidate selection");

/// Where the grids and aggregation of every stage come from: nowhere public. Its fields are
/// set by [`finish`]: every field of every stage but its cut-off, its published figures and
/// its pool, which have their own sources.
fn stage_conventions() -> Source {
    Source::fact(
        &[STAGE_CONVENTIONS],
        LIBRARY,
        "The juries' grids and how they combined their scores are not public.",
    )
    .note(
        "Scores are averaged raw (weighted mean, no calibration); grids named `defis` and \
         `candidats` where the rulebook gives none; each stage's cut-off has its own source.",
    )
}

const STAGE_CONVENTIONS: &str = "/stages";

/// Points the stages' conventions at the fields they give: every field of every stage but
/// its cut-off, published figures and pool.
fn finish(mut rb: Rulebook) -> Rulebook {
    let fields: Vec<String> = rb
        .stages
        .iter()
        .enumerate()
        .flat_map(|(i, stage)| {
            let keys: Vec<String> = match serde_json::to_value(stage) {
                Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
                _ => Vec::new(),
            };
            keys.into_iter()
                .filter(|k| !["cutoff", "published", "pool"].contains(&k.as_str()))
                .map(move |k| format!("/stages/{i}/{k}"))
        })
        .collect();
    for s in &mut rb.sources {
        if let Source::Fact(f) = s
            && f.fields == [STAGE_CONVENTIONS]
        {
            f.fields.clone_from(&fields);
        }
    }
    rb
}

/// The candidate funnel of EIG 1–3 from eig-charts (`selection_des_candidats`), as stages.
/// `first` is the index of the first of the two stages in the rulebook.
fn charts_funnel(
    year: &str,
    (candidates, interviewed, selected): (u32, u32, u32),
    first: usize,
) -> (Vec<SelectionStage>, Source) {
    (
        vec![
            considered(
                top_k_stage(
                    "candidats-entretien",
                    INTERVIEWS,
                    StageSubject::Candidates,
                    None,
                    interviewed,
                ),
                candidates,
            ),
            considered(
                top_k_stage(
                    "candidats-selection",
                    CANDIDATES,
                    StageSubject::Candidates,
                    Some("candidats-entretien"),
                    selected,
                ),
                interviewed,
            ),
        ],
        Source::fact(
            &[
                format!("/stages/{first}/cutoff/top_k").as_str(),
                format!("/stages/{first}/published").as_str(),
                format!("/stages/{}/cutoff/top_k", first + 1).as_str(),
                format!("/stages/{}/published", first + 1).as_str(),
            ],
            CHARTS,
            &format!(
                "selection_des_candidats, {year}: « Candidats » {candidates}, « Passages devant \
                 un jury » {interviewed}, « Lauréats » {selected}"
            ),
        ),
    )
}

/// A grid scored from 0 to 5, its criteria of equal weight (a plain mean).
fn grid_0_to_5(id: &str, labels: (&str, &str), criteria: &[(&str, &str, &str)]) -> ScoringGrid {
    ScoringGrid {
        schema: None,
        id: id.to_owned(),
        label_fr: labels.0.to_owned(),
        label_en: labels.1.to_owned(),
        scale: Scale { min: 0.0, max: 5.0 },
        criteria: criteria
            .iter()
            .map(|(id, fr, en)| Criterion {
                id: (*id).to_owned(),
                label_fr: (*fr).to_owned(),
                label_en: (*en).to_owned(),
                weight: 1.0,
                eliminatory_below: None,
            })
            .collect(),
    }
}

/// EIG 7's nine criteria of a défi (administrations/_index.md and faq.md).
const EIG7_DEFI_CRITERIA: [(&str, &str, &str); 9] = [
    ("probleme-avere", "Problème avéré", "Proven problem"),
    ("probleme-majeur", "Problème majeur", "Major problem"),
    (
        "probleme-actionnable",
        "Problème actionnable",
        "Actionable problem",
    ),
    (
        "approche-produit",
        "Adéquation avec l'approche produit",
        "Fit with the product approach",
    ),
    (
        "sponsoring",
        "Poids et qualité du sponsoring",
        "Weight and quality of the sponsorship",
    ),
    (
        "autonomie",
        "Autonomie et accès aux ressources",
        "Autonomy and access to resources",
    ),
    (
        "politiques-prioritaires",
        "Soutien aux politiques prioritaires",
        "Support to priority policies",
    ),
    (
        "feuille-de-route",
        "Feuille de route stratégique",
        "Strategic roadmap",
    ),
    (
        "ambition",
        "Ambition entrepreneuriale",
        "Entrepreneurial ambition",
    ),
];

/// EIG 7's two criteria of a candidate's dossier, then the three more of the interview
/// (candidats/faq.md).
const EIG7_DOSSIER_CRITERIA: [(&str, &str, &str); 2] = [
    (
        "coherence-profil",
        "Cohérence du profil",
        "Consistency of the profile",
    ),
    (
        "experience-entrepreneuriale",
        "Expérience entrepreneuriale",
        "Entrepreneurial experience",
    ),
];
const EIG7_INTERVIEW_CRITERIA: [(&str, &str, &str); 3] = [
    ("adaptation", "Capacité d'adaptation", "Adaptability"),
    (
        "communication",
        "Capacité de communication",
        "Communication",
    ),
    (
        "interet-thematique",
        "Intérêt pour la thématique",
        "Interest in the policy area",
    ),
];

fn eig7_grids() -> Vec<ScoringGrid> {
    let interview: Vec<(&str, &str, &str)> = EIG7_DOSSIER_CRITERIA
        .iter()
        .chain(&EIG7_INTERVIEW_CRITERIA)
        .copied()
        .collect();
    vec![
        grid_0_to_5(
            "defis",
            (
                "Critères de sélection des projets",
                "Project selection criteria",
            ),
            &EIG7_DEFI_CRITERIA,
        ),
        grid_0_to_5(
            "candidats-dossier",
            (
                "Évaluation des dossiers de candidature",
                "Candidate dossier assessment",
            ),
            &EIG7_DOSSIER_CRITERIA,
        ),
        grid_0_to_5(
            "candidats-entretien",
            ("Évaluation en entretien", "Interview assessment"),
            &interview,
        ),
        grid_0_to_5(
            "candidats-mission",
            ("Entretien sur mission", "Mission interview"),
            &[(
                "adequation-mission",
                "Adéquation à la mission",
                "Fit with the mission",
            )],
        ),
    ]
}

/// A stage whose cut-off the sources do not give (EIG 7's): no seats, no threshold.
fn open_stage(
    id: &str,
    labels: (&str, &str),
    subject: StageSubject,
    grid: &str,
    after: Option<&str>,
) -> SelectionStage {
    SelectionStage {
        grid: grid.to_owned(),
        cutoff: Cutoff::default(),
        published: None,
        ..top_k_stage(id, labels, subject, after, 0)
    }
}

fn eig7_stages() -> Vec<SelectionStage> {
    vec![
        open_stage(
            "defis-dossier",
            ("Évaluation du dossier", "Dossier assessment"),
            StageSubject::Challenges,
            "defis",
            None,
        ),
        open_stage(
            "defis-soutenance",
            (
                "Soutenance et délibération du jury",
                "Hearing and jury deliberation",
            ),
            StageSubject::Challenges,
            "defis",
            Some("defis-dossier"),
        ),
        open_stage(
            "candidats-dossier",
            (
                "Évaluation du dossier de candidature",
                "Candidate dossier assessment",
            ),
            StageSubject::Candidates,
            "candidats-dossier",
            None,
        ),
        SelectionStage {
            pool: true,
            ..open_stage(
                "candidats-entretien",
                (
                    "Entretien métier et vivier",
                    "Profession interview and pool",
                ),
                StageSubject::Candidates,
                "candidats-entretien",
                Some("candidats-dossier"),
            )
        },
        open_stage(
            "candidats-mission",
            ("Entretien conjoint sur mission", "Joint mission interview"),
            StageSubject::Candidates,
            "candidats-mission",
            Some("candidats-entretien"),
        ),
    ]
}

/// EIG 7's five recruitment sprints (candidats/postuler.md): filing from the first day at
/// 00:00:00 to the last at 23:59:59, Paris time, and the days of the interviews.
fn eig7_sprints() -> Vec<Sprint> {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let sprint = |n: u32,
                  label: &str,
                  filing: ((i32, u32, u32), (i32, u32, u32)),
                  interviews: ((i32, u32, u32), (i32, u32, u32))| {
        let ((y0, m0, d0), (y1, m1, d1)) = filing;
        let ((a0, b0, c0), (a1, b1, c1)) = interviews;
        Sprint {
            id: format!("sprint-{n}"),
            label_fr: format!("Sprint n° {n} ({label})"),
            applications: CallWindow::paris(day_start(y0, m0, d0), day_end(y1, m1, d1)),
            interviews: DayRange {
                from: day(a0, b0, c0),
                to: day(a1, b1, c1),
            },
        }
    };
    vec![
        sprint(
            1,
            "février-mars 2024",
            ((2024, 1, 29), (2024, 3, 1)),
            ((2024, 3, 11), (2024, 3, 29)),
        ),
        sprint(
            2,
            "avril-mai 2024",
            ((2024, 4, 3), (2024, 4, 26)),
            ((2024, 5, 6), (2024, 5, 24)),
        ),
        sprint(
            3,
            "août-septembre 2024",
            ((2024, 8, 19), (2024, 9, 8)),
            ((2024, 9, 23), (2024, 10, 4)),
        ),
        sprint(
            4,
            "mars-avril 2025",
            ((2025, 3, 6), (2025, 4, 11)),
            ((2025, 4, 21), (2025, 5, 16)),
        ),
        sprint(
            5,
            "septembre-octobre 2025",
            ((2025, 9, 18), (2025, 10, 5)),
            ((2025, 10, 13), (2025, 10, 24)),
        ),
    ]
}

#[allow(clippy::too_many_lines)]
fn rulebook(id: &str) -> Option<Rulebook> {
    let rb = match id {
        "eig-1" => {
            let (stages, funnel) = charts_funnel("2017", (115, 30, 11), 0);
            Rulebook {
                stages,
                ..base(
                    Facts {
                        id: "eig-1",
                        label: "EIG 1",
                        cohort: Cohort::Year { year: 2017 },
                        team_size: SizeRange { min: 1, max: 3 },
                        immersion_months: TEN_MONTHS,
                        allowed: &["developpement", "data-science"],
                        min_mentors: 1,
                    },
                    vec![
                        Source::fact(&["/cohort"], DEFIS_YML, "promotion 1: `year: 2017`"),
                        Source::fact(
                            &["/team_size/min"],
                            DEFIS_YML,
                            "promotion 1: 9 défis, each listing one EIG in `eigs`",
                        ),
                        Source::fact(
                            &["/team_size/max"],
                            SEED,
                            "« par équipe pluridisciplinaire de 2 ou 3 »",
                        )
                        .note(
                            "eig-charts counts 11 EIG on 9 défis in 2017 (« Nombre d'EIG »), so \
                             some défis had two while defis.yml lists one each: the range keeps \
                             every source's teams, 1 to 3.",
                        ),
                        Source::fact(
                            &["/immersion_months"],
                            DEFIS_YML,
                            "promotion 1: `duration_months: 10` for all 9 défis",
                        ),
                        Source::fact(
                            &["/allowed_expertises"],
                            DEFIS_YML,
                            "promotion 1: `skills` dev, datascience",
                        )
                        .note(
                            "eig-charts, 2017: 8 developers, 3 data scientists, 0 designers.",
                        ),
                        Source::fact(
                            &["/mentors/min_mentors"],
                            DEFIS_YML,
                            "promotion 1: every défi lists 1 to 3 `mentors`",
                        ),
                        funnel,
                        stage_conventions(),
                    ],
                )
            }
        }
        "eig-2" => {
            let (stages, funnel) = charts_funnel("2018", (208, 84, 28), 0);
            Rulebook {
                stages,
                ..base(
                    Facts {
                        id: "eig-2",
                        label: "EIG 2",
                        cohort: Cohort::Year { year: 2018 },
                        team_size: SizeRange { min: 1, max: 3 },
                        immersion_months: TEN_MONTHS,
                        allowed: &[
                            "developpement",
                            "data-science",
                            "design",
                            "data-engineering",
                        ],
                        min_mentors: 1,
                    },
                    vec![
                        Source::fact(&["/cohort"], DEFIS_YML, "promotion 2: `year: 2018`"),
                        Source::fact(
                            &["/team_size"],
                            DEFIS_YML,
                            "promotion 2: 13 défis; `eigs` lists 1 EIG on 1 défi, 2 on 9, 3 on 3",
                        ),
                        Source::fact(
                            &["/immersion_months"],
                            DEFIS_YML,
                            "promotion 2: `duration_months: 10` for all 13 défis",
                        ),
                        Source::fact(
                            &["/allowed_expertises"],
                            DEFIS_YML,
                            "promotion 2: `skills` dev, datascience, design, dataengineering",
                        ),
                        Source::fact(
                            &["/mentors/min_mentors"],
                            DEFIS_YML,
                            "promotion 2: every défi lists 1 or 2 `mentors`",
                        ),
                        funnel,
                        stage_conventions(),
                    ],
                )
            }
        }
        "eig-3" => {
            let (mut stages, funnel) = charts_funnel("2019", (170, 86, 32), 1);
            stages.insert(
                0,
                top_k_stage("defis-selection", DEFIS, StageSubject::Challenges, None, 15),
            );
            stages[2].after = Some("candidats-entretien".into());
            Rulebook {
                stages,
                call_for_projects: Some(CallWindow::paris(day_start(2018, 5, 4), None)),
                call_for_applications: Some(CallWindow::paris(
                    day_start(2018, 9, 13),
                    day_end(2018, 10, 15),
                )),
                ..base(
                    Facts {
                        id: "eig-3",
                        label: "EIG 3",
                        cohort: Cohort::Year { year: 2019 },
                        team_size: SizeRange { min: 2, max: 3 },
                        immersion_months: TEN_MONTHS,
                        allowed: &["developpement", "data-science", "design", "geomatique"],
                        min_mentors: 1,
                    },
                    vec![
                        Source::fact(&["/cohort"], DEFIS_YML, "promotion 3: `year: 2019`"),
                        Source::fact(
                            &["/team_size"],
                            DEFIS_YML,
                            "promotion 3: 15 défis; `eigs` lists 2 EIG on 13, 3 on 2",
                        )
                        .note("Was 1 to 3 before the défi files were counted."),
                        Source::fact(
                            &["/immersion_months"],
                            DEFIS_YML,
                            "promotion 3: `duration_months: 10` for all 15 défis",
                        ),
                        Source::fact(
                            &["/allowed_expertises"],
                            DEFIS_YML,
                            "promotion 3: `skills` dev, datascience, design, geomatique",
                        ),
                        Source::fact(
                            &["/mentors/min_mentors"],
                            DEFIS_YML,
                            "promotion 3: every défi lists 1 to 5 `mentors`",
                        ),
                        Source::fact(
                            &["/call_for_projects/opens", "/call_for_projects/time_zone"],
                            ETALAB_EIG3,
                            "EIG 3 call for projects published on 4 May 2018",
                        )
                        .note("A day without hour opens at 00:00:00, Paris time; its close is in no source."),
                        Source::fact(
                            &["/call_for_applications"],
                            ETALAB_EIG3,
                            "call for candidates 13 September – 15 October 2018",
                        )
                        .note("Days without hour: 00:00:00 to 23:59:59, Paris time."),
                        Source::fact(
                            &["/stages/0/cutoff/top_k", "/stages/0/published"],
                            ETALAB_EIG3,
                            "15 défis selected in early July 2018",
                        ),
                        Source::fact(
                            &["/stages/2/cutoff/top_k"],
                            ETALAB_EIG3,
                            "the page gives both « 28 entrepreneur.e.s » and « 32 entrepreneurs »",
                        )
                        .not_applied(json!(28))
                        .note("eig-charts and defis.yml both count 32 EIG: 32 is applied."),
                        funnel,
                        stage_conventions(),
                    ],
                )
            }
        }
        "dig-2019" => base(
            Facts {
                id: "dig-2019",
                label: "DIG",
                cohort: Cohort::Year { year: 2019 },
                team_size: SizeRange { min: 1, max: 2 },
                immersion_months: MonthRange {
                    min: 6,
                    max: Some(12),
                },
                allowed: &["design"],
                min_mentors: 1,
            },
            vec![
                Source::fact(&["/cohort"], DEFIS_YML, "promotion dig: `year: 2019`"),
                Source::fact(
                    &["/team_size"],
                    DEFIS_YML,
                    "promotion dig: 17 défis; `eigs` lists 1 designer on 13, 2 on 4",
                ),
                Source::fact(
                    &["/immersion_months"],
                    DEFIS_YML,
                    "promotion dig: `duration_months` 6 (9 défis), 7, 8, 9 (one each), 12 (5)",
                ),
                Source::fact(
                    &["/allowed_expertises"],
                    DEFIS_YML,
                    "promotion dig: `skills` design only",
                ),
                Source::fact(
                    &["/mentors/min_mentors"],
                    DEFIS_YML,
                    "promotion dig: every défi lists 2 or 3 `mentors`",
                )
                .note(
                    "What the selected défis had, not a stated rule: the rulebook asks for one \
                     mentor at least.",
                ),
            ],
        ),
        "eig-4" => Rulebook {
            stages: vec![
                considered(
                    top_k_stage(
                        "defis-audition",
                        AUDITION,
                        StageSubject::Challenges,
                        None,
                        21,
                    ),
                    31,
                ),
                considered(
                    top_k_stage(
                        "defis-selection",
                        DEFIS,
                        StageSubject::Challenges,
                        Some("defis-audition"),
                        16,
                    ),
                    21,
                ),
                top_k_stage(
                    "candidats-entretien",
                    INTERVIEWS,
                    StageSubject::Candidates,
                    None,
                    140,
                ),
                considered(
                    top_k_stage(
                        "candidats-selection",
                        CANDIDATES,
                        StageSubject::Candidates,
                        Some("candidats-entretien"),
                        41,
                    ),
                    140,
                ),
            ],
            call_for_projects: Some(CallWindow::paris(None, at(2020, 2, 28, 17, 0, 0))),
            call_for_applications: Some(CallWindow::paris(
                day_start(2020, 5, 4),
                day_end(2020, 6, 7),
            )),
            ..base(
                Facts {
                    id: "eig-4",
                    label: "EIG 4",
                    cohort: Cohort::Year { year: 2020 },
                    team_size: SizeRange { min: 2, max: 3 },
                    immersion_months: TEN_MONTHS,
                    allowed: &[
                        "developpement",
                        "data-science",
                        "design",
                        "data-engineering",
                        "geomatique",
                    ],
                    min_mentors: 1,
                },
                vec![
                    Source::fact(&["/cohort"], DEFIS_YML, "promotion 4: `year: 2020`"),
                    Source::fact(
                        &["/team_size"],
                        DEFIS_YML,
                        "promotion 4: 17 défis; `eigs` lists 2 EIG on 10, 3 on 7",
                    )
                    .note("Was 1 to 3 before the défi files were counted."),
                    Source::fact(
                        &["/immersion_months"],
                        DEFIS_YML,
                        "promotion 4: `duration_months: 10` for all 17 défis",
                    ),
                    Source::fact(
                        &["/allowed_expertises"],
                        DEFIS_YML,
                        "promotion 4: `skills` dev, datascience, design, dataengineering, geomatique",
                    )
                    .note(
                        "The call sought 38 EIG: 14 designers, 12 developers, 12 data scientists \
                         or data engineers (etalab.gouv.fr, 17 défis page).",
                    ),
                    Source::fact(
                        &["/mentors/min_mentors"],
                        DEFIS_YML,
                        "promotion 4: every défi lists 2 to 4 `mentors`",
                    )
                    .note(
                        "What the selected défis had, not a stated rule: the rulebook asks for \
                         one mentor at least.",
                    ),
                    Source::fact(
                        &["/call_for_projects"],
                        EIG4_CALL,
                        "« Appel à projets du programme Entrepreneurs d'Intérêt Général, \
                         promotion 4 - jusqu'au 28 février, 17h »",
                    )
                    .note(
                        "Closes on 2020-02-28 at 17:00:00, Paris time (UTC+1 that day); the \
                         opening is in no source.",
                    ),
                    Source::fact(
                        &["/call_for_applications"],
                        ETALAB_EIG4_PROMO,
                        "call for candidates 4 May – 7 June 2020",
                    )
                    .note("Days without hour: 00:00:00 to 23:59:59, Paris time."),
                    Source::fact(
                        &["/stages/0/cutoff/top_k", "/stages/0/published", "/stages/1"],
                        ETALAB_EIG4_DEFIS,
                        "31 proposals submitted → 21 auditioned (jury of 24–25 March 2020) → 16 \
                         selected + EIG Link",
                    )
                    .note(
                        "EIG Link, the 17th défi, was added outside the jury: the selection \
                         keeps 16 (it kept 17 before this was read).",
                    ),
                    Source::fact(
                        &["/stages/2/cutoff/top_k", "/stages/2/published", "/stages/3"],
                        ETALAB_EIG4_PROMO,
                        "more than 800 applicants, 140 interviewed by the jury (29 June – 3 July \
                         2020), 41 EIG selected for 17 défis",
                    )
                    .note("« More than 800 »: the number of candidates is not published exactly."),
                    stage_conventions(),
                ],
            )
        },
        "eig-5" => Rulebook {
            stages: vec![
                considered(
                    top_k_stage("defis-selection", DEFIS, StageSubject::Challenges, None, 16),
                    18,
                ),
                considered(
                    top_k_stage(
                        "candidats-entretien",
                        INTERVIEWS,
                        StageSubject::Candidates,
                        None,
                        96,
                    ),
                    471,
                ),
                considered(
                    top_k_stage(
                        "candidats-selection",
                        CANDIDATES,
                        StageSubject::Candidates,
                        Some("candidats-entretien"),
                        39,
                    ),
                    96,
                ),
            ],
            call_for_projects: Some(CallWindow::paris(
                day_start(2021, 2, 1),
                day_end(2021, 4, 7),
            )),
            call_for_applications: Some(CallWindow::paris(
                day_start(2021, 3, 1),
                day_end(2021, 5, 2),
            )),
            ..base(
                Facts {
                    id: "eig-5",
                    label: "EIG 5",
                    cohort: Cohort::Year { year: 2021 },
                    team_size: SizeRange { min: 2, max: 3 },
                    immersion_months: TEN_MONTHS,
                    allowed: &[
                        "developpement",
                        "data-science",
                        "design",
                        "data-engineering",
                        "juriste",
                        "direction-produit",
                    ],
                    min_mentors: 1,
                },
                vec![
                    Source::fact(
                        &["/cohort"],
                        EIG5_POST,
                        "« Ils et elles seront 39 à rejoindre les rangs de l’administration \
                         française à la rentrée » (post of 2021)",
                    ),
                    Source::fact(
                        &["/team_size"],
                        EIG5_POST,
                        "16 défis, each with its « EIG lauréats »: 2 EIG on 9, 3 on 7",
                    )
                    .note("Was 1 to 3 before the announcement's teams were counted."),
                    Source::fact(&["/immersion_months"], EIG5_POST, "« Pendant 10 mois »"),
                    Source::fact(
                        &["/allowed_expertises"],
                        EIG5_POST,
                        "« 11 développeurs et développeuses, 11 designers, 7 data engineers, 6 \
                         data scientists, 3 juristes du numérique, 1 product manager »",
                    )
                    .note(
                        "The product manager (EIG Link) is `direction-produit`, the nearest \
                         expertise of the vocabulary; it was missing before.",
                    ),
                    Source::fact(
                        &["/mentors/min_mentors"],
                        SEED,
                        "« Ils sont entourés de mentors, agents publics »",
                    )
                    .note("The announcement names no mentor: at least one, as in EIG 1–4."),
                    Source::fact(
                        &["/call_for_projects"],
                        EIG5_POST,
                        "« 18 projets déposés dans le cadre de l’appel à projets du 1er février \
                         au 7 avril 2021 »",
                    )
                    .note("Days without hour: 00:00:00 to 23:59:59, Paris time."),
                    Source::fact(
                        &["/call_for_applications"],
                        EIG5_POST,
                        "« 471 dossiers déposés dans le cadre de l’appel à candidatures du 1er \
                         mars au 2 mai 2021 »",
                    )
                    .note("Days without hour: 00:00:00 to 23:59:59, Paris time."),
                    Source::fact(
                        &["/stages/0/cutoff/top_k", "/stages/0/published"],
                        EIG5_POST,
                        "« 18 projets déposés » ; « 16 projets sélectionnés à l’issue des jurys \
                         organisés les 4 et 5 mai 2021 »",
                    ),
                    Source::fact(
                        &["/stages/1/cutoff/top_k", "/stages/1/published", "/stages/2"],
                        EIG5_POST,
                        "« 471 dossiers déposés » ; « 96 personnes auditionnées » ; « 39 EIG \
                         sélectionnés à l’issue des jurys »",
                    ),
                    stage_conventions(),
                ],
            )
        },
        "eig-6" => Rulebook {
            stages: vec![
                considered(
                    top_k_stage("defis-selection", DEFIS, StageSubject::Challenges, None, 14),
                    29,
                ),
                considered(
                    top_k_stage(
                        "candidats-entretien",
                        INTERVIEWS,
                        StageSubject::Candidates,
                        None,
                        103,
                    ),
                    300,
                ),
                considered(
                    top_k_stage(
                        "candidats-selection",
                        CANDIDATES,
                        StageSubject::Candidates,
                        Some("candidats-entretien"),
                        34,
                    ),
                    103,
                ),
            ],
            call_for_projects: Some(CallWindow::paris(
                day_start(2022, 1, 24),
                day_end(2022, 3, 18),
            )),
            call_for_applications: Some(CallWindow::paris(
                day_start(2022, 3, 7),
                day_end(2022, 4, 19),
            )),
            ..base(
                Facts {
                    id: "eig-6",
                    label: "EIG 6",
                    cohort: Cohort::Year { year: 2022 },
                    team_size: SizeRange { min: 2, max: 3 },
                    immersion_months: TEN_MONTHS,
                    allowed: &[
                        "developpement",
                        "data-science",
                        "design",
                        "data-engineering",
                        "accompagnement",
                    ],
                    min_mentors: 1,
                },
                vec![
                    Source::fact(
                        &["/cohort"],
                        EIG6_POST,
                        "« ils et elles seront 34 à rejoindre les rangs de l’administration \
                         française en septembre prochain » (post of 2022-09-01)",
                    ),
                    Source::fact(
                        &["/team_size"],
                        EIG6_POST,
                        "the défis' « EIG lauréats »: 2 or 3 EIG on each of the 13 défis listed",
                    )
                    .note("Was 1 to 3 before the announcement's teams were counted."),
                    Source::fact(
                        &["/immersion_months"],
                        EIG6_POST,
                        "« Pendant 10 mois, les EIG vont concevoir et déployer des outils \
                         numériques »",
                    ),
                    Source::fact(
                        &["/allowed_expertises"],
                        EIG6_POST,
                        "« 11 développeurs et développeuses, 9 designers, 6 data engineers, 8 \
                         data scientists » ; « 34 Entrepreneur(e)s d’intérêt général, dont 3 \
                         coaches EIG »",
                    )
                    .note(
                        "The coaches (« Coach en ingénierie de la donnée », « Coach en design \
                         de service ») are `accompagnement`; they were missing before.",
                    ),
                    Source::fact(
                        &["/mentors/min_mentors"],
                        SEED,
                        "« Ils sont entourés de mentors, agents publics »",
                    )
                    .note("The announcement names no mentor: at least one, as in EIG 1–4."),
                    Source::fact(
                        &["/call_for_projects"],
                        EIG6_POST,
                        "« 29 projets ont été reçus dans le cadre de l’appel à projets du 24 \
                         janvier au 18 mars 2022 »",
                    )
                    .note("Days without hour: 00:00:00 to 23:59:59, Paris time."),
                    Source::fact(
                        &["/call_for_applications"],
                        EIG6_POST,
                        "« 300 candidatures ont été reçues dans le cadre de l’appel à \
                         candidatures du 7 mars au 19 avril 2022 »",
                    )
                    .note("Days without hour: 00:00:00 to 23:59:59, Paris time."),
                    Source::fact(
                        &["/stages/0/cutoff/top_k", "/stages/0/published"],
                        EIG6_POST,
                        "« 29 projets ont été reçus » ; « 14 projets ont été sélectionnés à l’issue des jurys organisés les 31 \
                         mars et 1er avril 2022 »",
                    ),
                    Source::fact(
                        &["/stages/1/cutoff/top_k", "/stages/1/published", "/stages/2"],
                        EIG6_POST,
                        "« 300 candidatures ont été reçues » ; « 103 candidates et candidats ont été présélectionné(e)s et 88 ont été \
                         auditionné(e)s » ; « 34 Entrepreneur(e)s d’intérêt général […] ont été \
                         sélectionné(e)s »",
                    )
                    .note("The interview stage keeps the 103 preselected; 88 of them came."),
                    stage_conventions(),
                ],
            )
        },
        "eig-7" => Rulebook {
            grids: eig7_grids(),
            stages: eig7_stages(),
            sprints: eig7_sprints(),
            hiring_cap: Some(HiringCap {
                max: 30,
                stage: "candidats-mission".to_owned(),
                year: Some(2024),
            }),
            submission_form: SubmissionForm::Form2024,
            eligibility: Some(DossierEligibility {
                host_kinds: vec![HostKind::CentralAdministration, HostKind::StateOperator],
                product_page_prefix: Some("https://beta.gouv.fr/".to_owned()),
                product_phases: vec![
                    ProductPhase::Investigation,
                    ProductPhase::Construction,
                    ProductPhase::Acceleration,
                ],
            }),
            call_for_projects: Some(CallWindow::paris(
                day_start(2024, 1, 1),
                day_end(2024, 12, 31),
            )),
            call_for_applications: Some(CallWindow::paris(
                day_start(2024, 1, 29),
                day_end(2025, 10, 5),
            )),
            ..base(
                Facts {
                    id: "eig-7",
                    label: "EIG 7",
                    cohort: Cohort::RollingSprints {
                        from_year: 2024,
                        jury_every_months: 2,
                    },
                    team_size: SizeRange { min: 1, max: 2 },
                    immersion_months: MonthRange { min: 12, max: None },
                    allowed: &["direction-produit", "direction-technique", "direction-impact"],
                    min_mentors: 0,
                },
                vec![
                    Source::fact(
                        &["/cohort/kind", "/cohort/from_year", "/cohort/jury_every_months"],
                        PROPOSER,
                        "« Un jury de sélection se tiendra tous les deux mois, tout au long de \
                         l’année 2024 »",
                    )
                    .note(
                        "The administrations' FAQ also says « La sélection bimestrielle des \
                         projets », and the candidates' FAQ « La sélection bimestrielle des \
                         candidat(e)s »: every two months is applied.",
                    ),
                    Source::fact(
                        &["/cohort/jury_every_months"],
                        ADMIN_FAQ,
                        "« Un jury de sélection se tiendra au moins une fois par mois, tout au \
                         long de l’année »",
                    )
                    .not_applied(json!(1))
                    .note("Two other passages of the same sites say every two months."),
                    Source::fact(
                        &["/team_size"],
                        CANDIDATES_FAQ,
                        "« Seul(e) ou en binôme avec un(e) autre EIG ou un(e) intrapreneur(e), \
                         les EIG (co)pilotent »",
                    ),
                    Source::fact(
                        &["/immersion_months"],
                        CANDIDATES_INDEX,
                        "« Vous serez embauché·e par la DINUM en contrat de projet d’un an \
                         minimum, renouvelable. »",
                    ),
                    Source::fact(
                        &["/allowed_expertises"],
                        ADMIN_INDEX,
                        "« Profils mobilisés » : Directeur·ice de l’impact, Directeur·ice de \
                         produit, Directeur·ice technique",
                    )
                    .note(
                        "The candidates' page (_index.md) lists the same three; \
                         `direction-impact` was missing before.",
                    ),
                    Source::fact(
                        &["/allowed_expertises"],
                        ADMIN_FAQ,
                        "« Quels profils sont proposés ? » : Directeur ou directrice de produit, \
                         Directeur ou directrice technique",
                    )
                    .not_applied(json!(["direction-produit", "direction-technique"]))
                    .note("Both later pages add the head of impact: the three are applied."),
                    Source::fact(
                        &["/mentors/min_mentors"],
                        ADMIN_FAQ,
                        "« Les dossiers de candidature à comprennent six sections » : Projet, \
                         Administration, Contacts, Vœux, Dispositif, Motivations",
                    )
                    .note(
                        "The dossier asks for a sponsor and a point of contact, no mentor: \
                         none is required (one was before).",
                    ),
                    Source::fact(
                        &["/submission_form"],
                        ADMIN_FAQ,
                        "« Projet : page produit, phase, incubateur, problème identifié, \
                         politique publique concernée », « Administration : entité \
                         opérationnelle, département d’affectation, lieu de travail », « Contacts \
                         : identité et coordonnée d’un(e) sponsor et d’un point de contact », « \
                         Vœux : choix par profil proposé, missions pressenties », « Dispositif : \
                         pilotage actuel, (co)pilotage envisagé », « Motivations : objectifs à 12 \
                         mois, bénéfices escomptés, perspectives »",
                    )
                    .note("The six sections are the form `2024` of the submission."),
                    Source::fact(
                        &["/eligibility/host_kinds"],
                        ADMIN_FAQ,
                        "« Le programme EIG est destiné aux administrations centrales et aux \
                         opérateurs de l’État »",
                    ),
                    Source::fact(
                        &["/eligibility/product_page_prefix", "/eligibility/product_phases"],
                        ADMIN_FAQ,
                        "« Les projets éligibles concernent des services numériques dont la \
                         fiche produit est déjà publiée sur le site Web de beta.gouv.fr et se \
                         trouvent dans l’une des phases suivantes : investigation, construction \
                         ou accélération. »",
                    ),
                    Source::fact(
                        &["/call_for_projects"],
                        ADMIN_FAQ,
                        "« L'appel à projets pour la 7ème promotion […] est ouvert de janvier à \
                         décembre 2024. »",
                    )
                    .note("Months without day: 2024-01-01 00:00:00 to 2024-12-31 23:59:59, Paris time."),
                    Source::fact(
                        &["/grids/0", "/stages/0/cutoff", "/stages/1/cutoff"],
                        ADMIN_FAQ,
                        "« Quels sont les critères d'évaluation ? » : Problème avéré, Problème \
                         majeur, Problème actionnable, Adéquation avec l'approche produit, Poids \
                         et qualité du sponsoring, Autonomie et accès aux ressources, Soutien aux \
                         politiques prioritaires, Feuille de route stratégique, Ambition \
                         entrepreneuriale ; « À l’issue de la soutenance, ces critères sont \
                         réévalués » ; étapes : « Évaluation du dossier par des expert(e)s de la \
                         DINUM », « Invitation à une soutenance », « Délibération du jury »",
                    )
                    .note(
                        "Neither the scale of the défi criteria nor their weights nor how many \
                         défis pass each stage are published: the grid scores 0 to 5 like the \
                         candidates' and weighs every criterion alike, and the stages have no \
                         cut-off (scoring warns `cutoff_unknown`).",
                    ),
                    Source::fact(
                        &["/grids/1", "/grids/2", "/stages/2/cutoff", "/stages/3/cutoff", "/stages/3/pool"],
                        CANDIDATES_FAQ,
                        "« Chaque critère est évalué par une note de 0 à 5. Les notes sont \
                         utilisées pour calculer une moyenne » ; dossier : Cohérence du profil, \
                         Expérience entrepreneuriale ; entretien : « les deux critères \
                         d'évaluation des dossiers sont réévalués le cas échéant et complétés par \
                         trois autres critères » (Capacité d’adaptation, Capacité de \
                         communication, Intérêt pour la thématique) ; « Si la candidature est \
                         sélectionnée : Intégration à un vivier d’entrepreneur(e)s »",
                    )
                    .note(
                        "No threshold is published: the pool takes every candidate interviewed \
                         and not eliminated, and scoring warns `cutoff_unknown`.",
                    ),
                    Source::fact(
                        &["/grids/3", "/stages/4/cutoff", "/hiring_cap"],
                        CANDIDATES_FAQ,
                        "« Si une mission correspond au profil et aux vœux exprimés : Invitation \
                         à un entretien en visioconférence en rapport avec une mission » ; « à \
                         concurrence de 30 EIG recruté(e)s en 2024 »",
                    )
                    .note(
                        "The joint interview (DINUM and the administration, administrations' \
                         FAQ: « Entretiens conjoints ») has no published grid: one criterion, \
                         the fit with the mission.",
                    ),
                    Source::fact(
                        &["/sprints"],
                        POSTULER,
                        "Sprint n° 1 (février-mars 2024) « Dépôt des dossiers : du 29 janvier au \
                         1er mars 2024 à 23 h 59 », « Entretiens de sélection : du 11 au 29 mars \
                         2024 » … Sprint n° 5 (septembre-octobre 2025) « du 18 septembre au 5 \
                         octobre 2025 à 23 h 59 », « du 13 au 24 octobre 2025 »",
                    )
                    .note("« 23 h 59 » closes at 23:59:59, Paris time."),
                    stage_conventions(),
                    Source::fact(
                        &["/call_for_applications"],
                        POSTULER,
                        "Sprint n° 1 « Dépôt des dossiers : du 29 janvier au 1er mars 2024 à 23 h \
                         59 » … Sprint n° 5 « du 18 septembre au 5 octobre 2025 à 23 h 59 »",
                    )
                    .note(
                        "The window runs from the first sprint's opening to the last one's \
                         close; « 23 h 59 » closes at 23:59:59, Paris time.",
                    ),
                ],
            )
        },
        _ => return None,
    };
    Some(finish(rb))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EXPERTISES;
    use crate::rules::sources::leaf_pointers;

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
        }
        assert!(rulebook("eig-8").is_none());
    }

    /// Every field of every built-in rulebook, but its identity and its sources, is given by
    /// an applied source; every source names fields that exist.
    #[test]
    fn every_built_in_fact_has_a_source() {
        for rb in Rulebook::builtins() {
            let doc = serde_json::to_value(&rb).unwrap();
            let leaves = leaf_pointers(&doc);
            for leaf in &leaves {
                if ["/promotion", "/label"].contains(&leaf.as_str())
                    || leaf.starts_with("/sources/")
                {
                    continue;
                }
                assert!(
                    rb.sources.iter().any(|s| s.applied() && s.covers(leaf)),
                    "{}: no source for {leaf}",
                    rb.label
                );
            }
            for s in &rb.sources {
                assert!(!s.fields().is_empty(), "{}: {}", rb.label, s.document());
                for f in s.fields() {
                    assert!(
                        leaves.iter().any(|l| l == f || s.covers(l)),
                        "{}: the source {} names {f}, which the rulebook does not have",
                        rb.label,
                        s.document()
                    );
                }
            }
        }
    }

    #[test]
    fn promotion_specific_facts() {
        let dig = rulebook("dig-2019").unwrap();
        assert_eq!(dig.allowed_expertises, expertises(&["design"]));
        assert!(dig.immersion_months.contains(6) && dig.immersion_months.contains(12));
        let eig7 = rulebook("eig-7").unwrap();
        assert!(eig7.immersion_months.contains(36) && !eig7.immersion_months.contains(11));
        assert!(!eig7.team_size.contains(3));
        assert!(eig7.allows(&Expertise::new("direction-impact")));
        assert_eq!(eig7.mentors.min_mentors, 0);
        let eig4 = rulebook("eig-4").unwrap();
        let closes = eig4.call_for_projects.unwrap().closes_at().unwrap();
        assert_eq!(closes.to_rfc3339(), "2020-02-28T17:00:00+01:00");
        assert_eq!(eig4.team_size, SizeRange { min: 2, max: 3 });
        assert!(
            rulebook("eig-5")
                .unwrap()
                .allows(&Expertise::new("direction-produit"))
        );
        assert!(
            rulebook("eig-6")
                .unwrap()
                .allows(&Expertise::new("accompagnement"))
        );
    }
}
