//! A seeded synthetic promotion: défis, candidates and their preferences, a jury whose jurors
//! have hidden biases, and the scores they give. Tests, benchmarks and the demo use it, since
//! the project ships no real personal data. Names and e-mail addresses are invented
//! (`example.org`); the same seed gives the same promotion on every machine (ChaCha8).
//!
//! The scores follow the additive model with noise: for item `i`, criterion `c` and juror
//! `j`, `score = clamp(round_half(quality_i + effect_ic + bias_j + noise), 0, 10)` with
//! `effect ~ N(0, 0.6)`, `bias ~ N(0, bias_sd)` (cut at two deviations, then centred to sum to
//! zero) and
//! `noise ~ N(0, noise_sd)`. The planted biases are in [`Truth`].

use crate::model::{
    Aggregation, AggregationMethod, Application, Availability, CalibrationMethod,
    ChallengeSubmission, Conflicts, Contact, Criterion, Cutoff, DataAccess, DataSource,
    Eligibility, Expertise, HostOrganisation, Juror, Jury, Location, PromotionId, ProposedMentor,
    Quotas, Recusal, Scale, Score, ScoreSheets, ScoredItem, ScoringGrid, SeatRequest,
    SelectionStage, StageSubject, Theme, TieBreak,
};
use crate::rules::Rulebook;
use chrono::{Duration, NaiveDate, TimeZone};
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// The seed.
    pub seed: u64,
    /// Défis proposed.
    pub challenges: usize,
    /// Candidates.
    pub candidates: usize,
    /// Jurors.
    pub jurors: usize,
    /// Jurors per candidate (a panel); every juror scores every défi.
    pub panel: usize,
    /// Standard deviation of the jurors' biases, in points on the 0–10 scale.
    pub bias_sd: f64,
    /// Standard deviation of the noise of one score.
    pub noise_sd: f64,
}

/// Sizes a synthetic promotion can have: the generator refuses larger ones before
/// allocating anything (a national promotion is about 100,000 candidates).
pub const MAX_CANDIDATES: usize = 1_000_000;
/// The most défis.
pub const MAX_CHALLENGES: usize = 10_000;
/// The most jurors.
pub const MAX_JURORS: usize = 10_000;

/// Why options cannot make a promotion.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OptionsError {
    /// Fewer than 1 défi or 2 jurors.
    #[error(
        "a promotion needs at least 1 défi and 2 jurors (asked: {challenges} défis, {jurors} jurors)"
    )]
    TooSmall {
        /// Défis asked.
        challenges: usize,
        /// Jurors asked.
        jurors: usize,
    },
    /// A size past its maximum.
    #[error("{asked} {what} asked; the generator makes at most {max}")]
    TooLarge {
        /// `candidates`, `challenges` or `jurors`.
        what: &'static str,
        /// The size asked.
        asked: usize,
        /// Its maximum.
        max: usize,
    },
}

impl Options {
    /// Whether these options make a promotion: at least 1 défi and 2 jurors, and at most
    /// [`MAX_CANDIDATES`], [`MAX_CHALLENGES`] and [`MAX_JURORS`].
    ///
    /// # Errors
    /// The first size out of range.
    pub fn check(&self) -> Result<(), OptionsError> {
        if self.challenges == 0 || self.jurors < 2 {
            return Err(OptionsError::TooSmall {
                challenges: self.challenges,
                jurors: self.jurors,
            });
        }
        for (what, asked, max) in [
            ("candidates", self.candidates, MAX_CANDIDATES),
            ("challenges", self.challenges, MAX_CHALLENGES),
            ("jurors", self.jurors, MAX_JURORS),
        ] {
            if asked > max {
                return Err(OptionsError::TooLarge { what, asked, max });
            }
        }
        Ok(())
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            seed: 2017,
            challenges: 20,
            candidates: 800,
            jurors: 12,
            panel: 3,
            bias_sd: 0.8,
            noise_sd: 0.5,
        }
    }
}

/// The hidden truth behind the scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// Each juror's planted bias (they sum to zero).
    pub juror_bias: BTreeMap<String, f64>,
    /// Each défi's quality.
    pub challenge_quality: BTreeMap<String, f64>,
    /// Each candidate's quality.
    pub candidate_quality: BTreeMap<String, f64>,
}

/// A generated promotion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyntheticPromotion {
    /// Its rulebook, with two stages: `defis` and `candidats`.
    pub rulebook: Rulebook,
    /// The défi submissions; défi `k` has id `defi-{k+1:02}`.
    pub submissions: Vec<ChallengeSubmission>,
    /// The candidates' applications.
    pub applications: Vec<Application>,
    /// The grid of the défi stage.
    pub challenge_grid: ScoringGrid,
    /// The grid of the candidate stage.
    pub candidate_grid: ScoringGrid,
    /// The jury (the same for both stages).
    pub jury: Jury,
    /// The scores of the défis.
    pub challenge_scores: ScoreSheets,
    /// The scores of the candidates.
    pub candidate_scores: ScoreSheets,
    /// The planted qualities and biases.
    pub truth: Truth,
}

/// The id of the `k`-th défi (from 0).
#[must_use]
pub fn challenge_id(k: usize) -> String {
    format!("defi-{:02}", k + 1)
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    // Box–Muller.
    let u: f64 = rng.random_range(f64::EPSILON..1.0);
    let v: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

const FIRST: &[&str] = &[
    "Camille", "Léa", "Hugo", "Inès", "Louis", "Chloé", "Nathan", "Manon", "Yanis", "Sarah",
    "Théo", "Jade", "Karim", "Emma", "Lucas", "Aïcha", "Paul", "Zoé", "Malik", "Julie",
];
const LAST: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Benali", "Nguyen", "Diallo",
    "Fontaine", "Rousseau",
];
const HOSTS: &[&str] = &[
    "Ministère de la Justice",
    "Ministère des Armées",
    "Ministère de la Culture",
    "Ministère de l'Intérieur",
    "Ministère de la Transition écologique",
    "Ministère de l'Agriculture",
    "Direction générale des Finances publiques",
    "Caisse nationale d'assurance maladie",
    "Pôle emploi",
    "Agence nationale de la cohésion des territoires",
    "Santé publique France",
    "Institut national de l'information géographique et forestière",
    "Cour des comptes",
    "Conseil d'État",
];
const PLACES: &[(&str, &str)] = &[
    ("Paris", "75007"),
    ("Lyon", "69003"),
    ("Toulouse", "31000"),
    ("Nantes", "44000"),
    ("Lille", "59000"),
    ("Marseille", "13001"),
    ("Bordeaux", "33000"),
    ("Saint-Mandé", "94160"),
];
const SUBJECTS: &[&str] = &[
    "Détecter les fraudes aux aides publiques",
    "Cartographier les zones à risque d'inondation",
    "Simplifier la demande de logement social",
    "Mieux orienter les demandeurs d'emploi",
    "Suivre la qualité de l'eau en temps réel",
    "Ouvrir les décisions de justice",
    "Prévoir les tensions hospitalières",
    "Aider les communes à rénover leurs écoles",
    "Repérer les entreprises en difficulté",
    "Rendre les archives numérisées consultables",
    "Mesurer l'artificialisation des sols",
    "Faciliter l'accès aux droits sociaux",
];
const THEMES: &[&str] = &[
    "justice",
    "sante",
    "environnement",
    "logement",
    "travail",
    "culture",
    "finance",
    "social",
    "securite",
    "agriculture",
];

fn grid(
    id: &str,
    fr: &str,
    en: &str,
    criteria: &[(&str, &str, &str, f64, Option<f64>)],
) -> ScoringGrid {
    ScoringGrid {
        schema: None,
        id: id.to_owned(),
        label_fr: fr.to_owned(),
        label_en: en.to_owned(),
        scale: Scale {
            min: 0.0,
            max: 10.0,
        },
        criteria: criteria
            .iter()
            .map(|(id, fr, en, w, elim)| Criterion {
                id: (*id).to_owned(),
                label_fr: (*fr).to_owned(),
                label_en: (*en).to_owned(),
                weight: *w,
                eliminatory_below: *elim,
            })
            .collect(),
    }
}

fn contact(rng: &mut ChaCha8Rng, position: &str) -> (String, String, String) {
    let first = pick(rng, FIRST);
    let last = pick(rng, LAST);
    let n: u32 = rng.random_range(1..100);
    (
        format!("{first} {last}"),
        position.to_owned(),
        format!(
            "{}.{}{n}@example.org",
            ascii(first).to_lowercase(),
            ascii(last).to_lowercase()
        ),
    )
}

fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'ï' | 'î' => 'i',
            'ç' => 'c',
            c => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn round_half(x: f64) -> f64 {
    ((x * 2.0).round() / 2.0).clamp(0.0, 10.0)
}

/// Generates a promotion.
///
/// ```
/// use eig::synthetic::{Options, promotion};
/// let a = promotion(&Options { candidates: 50, ..Options::default() }).unwrap();
/// let b = promotion(&Options { candidates: 50, ..Options::default() }).unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.applications.len(), 50);
/// assert!(promotion(&Options { candidates: 1_000_000_000_000, ..Options::default() }).is_err());
/// ```
///
/// # Errors
/// Options out of range ([`Options::check`]), before anything is allocated.
pub fn promotion(o: &Options) -> Result<SyntheticPromotion, OptionsError> {
    o.check()?;
    Ok(generate(o))
}

fn generate(o: &Options) -> SyntheticPromotion {
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    let n_ch = o.challenges.max(1);
    let n_j = o.jurors.max(2);
    let mut rulebook = synthetic_rulebook(o.seed);
    let base_time = chrono::FixedOffset::east_opt(3600)
        .and_then(|z| z.with_ymd_and_hms(2021, 2, 1, 9, 0, 0).single())
        .unwrap_or_else(|| unreachable!("a valid date"));
    let opens = |w: &Option<crate::model::CallWindow>| {
        w.as_ref()
            .and_then(|w| w.opens_at())
            .map_or(base_time, |t| t.fixed_offset())
    };
    let defis = challenges(
        &mut rng,
        n_ch,
        &rulebook,
        opens(&rulebook.call_for_projects),
    );
    let (jury, bias) = jury(&mut rng, o, n_j, &defis.items, &rulebook.promotion);
    let challenge_grid = challenge_grid();
    let candidate_grid = candidate_grid();
    let mut truth = Truth {
        juror_bias: jury
            .jurors
            .iter()
            .zip(&bias)
            .map(|(j, b)| (j.id.clone(), *b))
            .collect(),
        challenge_quality: BTreeMap::new(),
        candidate_quality: BTreeMap::new(),
    };
    let scorer = Scorer {
        jury: &jury,
        bias: &bias,
        noise_sd: o.noise_sd,
    };
    let (ch_scores, recusals) =
        challenge_scores(&mut rng, &scorer, &defis.items, &challenge_grid, &mut truth);
    let applicants = Applicants {
        promotion: &rulebook.promotion,
        expertises: &rulebook.allowed_expertises,
        popularity: &defis.popularity,
        opens: opens(&rulebook.call_for_applications),
        panel: o.panel.clamp(1, n_j),
    };
    let mut applications = Vec::with_capacity(o.candidates);
    let mut cand_items = Vec::with_capacity(o.candidates);
    let mut cand_scores = Vec::new();
    for n in 0..o.candidates {
        let (application, item, quality) = applicants.application(&mut rng, n);
        truth.candidate_quality.insert(item.id.clone(), quality);
        cand_scores.extend(scorer.candidate(
            &mut rng,
            &applicants,
            &candidate_grid,
            &item.id,
            quality,
        ));
        applications.push(application);
        cand_items.push(item);
    }
    rulebook.stages = stages(
        o,
        n_ch,
        &defis.seats_per_expertise,
        &challenge_grid,
        &candidate_grid,
    );
    let sheets = |stage: &str, grid: &ScoringGrid, items, scores, recusals| ScoreSheets {
        schema: None,
        promotion: rulebook.promotion.clone(),
        stage: stage.to_owned(),
        grid: grid.id.clone(),
        jury: jury.id.clone(),
        items,
        scores,
        recusals,
    };
    let challenge_scores = sheets("defis", &challenge_grid, defis.items, ch_scores, recusals);
    let candidate_scores = sheets(
        "candidats",
        &candidate_grid,
        cand_items,
        cand_scores,
        Vec::new(),
    );
    SyntheticPromotion {
        rulebook,
        submissions: defis.submissions,
        applications,
        challenge_grid,
        candidate_grid,
        jury,
        challenge_scores,
        candidate_scores,
        truth,
    }
}

/// EIG 5's rulebook with teams of 1 to 3, renamed for a synthetic promotion of this seed (its stages are set once
/// the défis are known).
fn synthetic_rulebook(seed: u64) -> Rulebook {
    let mut rulebook = Rulebook::builtin("eig-5").unwrap_or_else(|| unreachable!("built in"));
    rulebook.promotion = PromotionId::new("eig-99");
    rulebook.label = format!("Promotion synthétique (graine {seed})");
    // The generator draws teams of 1 to 3 seats (EIG 5 itself had 2 or 3).
    rulebook.team_size = crate::rules::SizeRange { min: 1, max: 3 };
    rulebook.sources = vec![format!("eig::synthetic, seed {seed}").into()];
    rulebook
}

/// The défis: their submissions, their items for the jury, their seats per expertise and how
/// popular each is with the candidates.
struct Challenges {
    submissions: Vec<ChallengeSubmission>,
    items: Vec<ScoredItem>,
    seats_per_expertise: BTreeMap<Expertise, u32>,
    popularity: Vec<f64>,
}

fn challenges(
    rng: &mut ChaCha8Rng,
    n_ch: usize,
    rulebook: &Rulebook,
    opens: chrono::DateTime<chrono::FixedOffset>,
) -> Challenges {
    let mut out = Challenges {
        submissions: Vec::with_capacity(n_ch),
        items: Vec::with_capacity(n_ch),
        seats_per_expertise: BTreeMap::new(),
        popularity: Vec::with_capacity(n_ch),
    };
    for k in 0..n_ch {
        let submission = submission(rng, k, rulebook, opens);
        for s in &submission.seats {
            *out.seats_per_expertise
                .entry(s.expertise.clone())
                .or_default() += s.count;
        }
        out.items.push(ScoredItem {
            id: challenge_id(k),
            label: Some(submission.title.clone()),
            expertise: None,
            organisations: vec![submission.hosts[0].name.clone()],
        });
        out.submissions.push(submission);
        out.popularity.push(rng.random_range(0.5..2.0));
    }
    out
}

/// The `k`-th défi's submission: a host, a place, one to three seats, a sponsor and two
/// mentors, two themes, filed during the call.
fn submission(
    rng: &mut ChaCha8Rng,
    k: usize,
    rulebook: &Rulebook,
    opens: chrono::DateTime<chrono::FixedOffset>,
) -> ChallengeSubmission {
    let host = pick(rng, HOSTS).to_string();
    let (city, postcode) = *pick(rng, PLACES);
    let subject = SUBJECTS[k % SUBJECTS.len()];
    let title = if k < SUBJECTS.len() {
        subject.to_owned()
    } else {
        format!("{subject} ({})", k / SUBJECTS.len() + 1)
    };
    let mut pool: Vec<&Expertise> = rulebook.allowed_expertises.iter().take(4).collect();
    pool.shuffle(rng);
    let team = rng.random_range(1..=3usize);
    let seats: Vec<SeatRequest> = pool
        .into_iter()
        .take(team)
        .map(|e| SeatRequest {
            expertise: e.clone(),
            count: 1,
        })
        .collect();
    let (sn, sp, se) = contact(rng, "Directrice de programme");
    let mentors: Vec<ProposedMentor> = (0..2)
        .map(|_| {
            let (n, p, e) = contact(rng, "Cheffe de projet");
            ProposedMentor {
                name: n,
                position: p,
                email: e,
                commitment_percent: 20,
            }
        })
        .collect();
    let mut themes: Vec<Theme> = THEMES.iter().map(|t| Theme::new(*t)).collect();
    themes.shuffle(rng);
    themes.truncate(2);
    let submitted = opens + Duration::hours(rng.random_range(24..24 * 50));
    ChallengeSubmission {
        schema: None,
        promotion: rulebook.promotion.clone(),
        title: title.clone(),
        summary: format!("{title} : un défi synthétique pour les tests et la démonstration."),
        problem: format!(
            "Aujourd'hui, les agents de « {host} » traitent ce sujet à la main, avec des données dispersées."
        ),
        expected_impact: "Diviser par deux le temps de traitement d'un dossier en un an."
            .to_owned(),
        product_page: None,
        project: None,
        data: vec![DataSource {
            name: "Données internes du service".to_owned(),
            description: None,
            access: DataAccess::Internal,
            personal_data: false,
        }],
        hosts: vec![HostOrganisation {
            name: host,
            department: None,
            siret: None,
            siren: None,
            kind: None,
        }],
        sponsor: Contact {
            name: sn,
            position: sp,
            email: se,
            phone: None,
        },
        contact: Contact {
            name: mentors[0].name.clone(),
            position: mentors[0].position.clone(),
            email: mentors[0].email.clone(),
            phone: None,
        },
        mentors,
        seats,
        duration_months: 10,
        locations: vec![Location {
            city: city.to_owned(),
            postcode: postcode.to_owned(),
            remote_days_per_week: Some(2),
        }],
        themes,
        wishes: Vec::new(),
        steering: None,
        motivations: None,
        submitted_at: submitted,
    }
}

/// The jury and each juror's planted bias: a third of the jurors come from a host
/// administration, one declares a conflict with a candidate, the first weighs double.
fn jury(
    rng: &mut ChaCha8Rng,
    o: &Options,
    n_j: usize,
    challenge_items: &[ScoredItem],
    promotion: &PromotionId,
) -> (Jury, Vec<f64>) {
    let mut bias: Vec<f64> = (0..n_j)
        .map(|_| o.bias_sd * normal(rng).clamp(-2.0, 2.0))
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let mean = bias.iter().sum::<f64>() / n_j as f64;
    bias.iter_mut().for_each(|b| *b -= mean);
    let jurors: Vec<Juror> = (0..n_j)
        .map(|j| {
            let (name, _, _) = contact(rng, "");
            let affiliation = if j % 3 == 0 {
                Some(challenge_items[(j / 3) % challenge_items.len()].organisations[0].clone())
            } else {
                Some("Direction interministérielle du numérique".to_owned())
            };
            Juror {
                id: format!("jure-{:02}", j + 1),
                name,
                affiliation,
                weight: if j == 0 { 2.0 } else { 1.0 },
                conflicts: if j == 1 {
                    Conflicts {
                        organisations: Vec::new(),
                        items: vec!["cand-0001".to_owned()],
                    }
                } else {
                    Conflicts::default()
                },
            }
        })
        .collect();
    let jury = Jury {
        schema: None,
        id: "jury".to_owned(),
        promotion: Some(promotion.clone()),
        jurors,
    };
    (jury, bias)
}

fn challenge_grid() -> ScoringGrid {
    grid(
        "grille-defis",
        "Grille des défis",
        "Défi grid",
        &[
            (
                "impact",
                "Impact pour le public",
                "Impact for the public",
                0.4,
                Some(3.0),
            ),
            ("faisabilite", "Faisabilité", "Feasibility", 0.3, None),
            (
                "donnees",
                "Données disponibles",
                "Data available",
                0.3,
                None,
            ),
        ],
    )
}

fn candidate_grid() -> ScoringGrid {
    grid(
        "grille-candidats",
        "Grille des candidatures",
        "Application grid",
        &[
            (
                "competences",
                "Compétences techniques",
                "Technical skills",
                0.3,
                None,
            ),
            (
                "motivation",
                "Motivation pour l'intérêt général",
                "Public-interest motivation",
                0.25,
                None,
            ),
            ("experience", "Expérience", "Experience", 0.2, None),
            ("equipe", "Travail en équipe", "Teamwork", 0.15, None),
            ("communication", "Communication", "Communication", 0.1, None),
        ],
    )
}

/// An item as the jurors see it: its id, its true quality and its effect per criterion.
struct Graded<'a> {
    item: &'a str,
    quality: f64,
    effects: Vec<f64>,
}

/// How jurors score: the additive model of the module documentation.
struct Scorer<'a> {
    jury: &'a Jury,
    bias: &'a [f64],
    noise_sd: f64,
}

impl Scorer<'_> {
    /// Juror `j`'s scores of an item on every criterion of `grid`.
    fn scores(
        &self,
        rng: &mut ChaCha8Rng,
        grid: &ScoringGrid,
        item: &Graded<'_>,
        j: usize,
        out: &mut Vec<Score>,
    ) {
        for (c, crit) in grid.criteria.iter().enumerate() {
            let x = item.quality + item.effects[c] + self.bias[j] + self.noise_sd * normal(rng);
            out.push(Score {
                juror: self.jury.jurors[j].id.clone(),
                item: item.item.to_owned(),
                criterion: crit.id.clone(),
                score: round_half(x),
                comment: None,
            });
        }
    }

    /// A candidate's scores: a panel of jurors drawn at random, without the one in conflict.
    fn candidate(
        &self,
        rng: &mut ChaCha8Rng,
        applicants: &Applicants<'_>,
        grid: &ScoringGrid,
        id: &str,
        q: f64,
    ) -> Vec<Score> {
        let mut members: Vec<usize> = (0..self.jury.jurors.len()).collect();
        members.shuffle(rng);
        let chosen: Vec<usize> = members
            .into_iter()
            .filter(|&j| !self.jury.jurors[j].conflicts.items.iter().any(|x| x == id))
            .take(applicants.panel)
            .collect();
        let graded = Graded {
            item: id,
            quality: q,
            effects: grid.criteria.iter().map(|_| 0.6 * normal(rng)).collect(),
        };
        let mut out = Vec::new();
        for &j in &chosen {
            self.scores(rng, grid, &graded, j, &mut out);
        }
        out
    }
}

/// Défi scores: every juror scores every défi, except where they stand aside (a juror of
/// the host administration recuses themself).
fn challenge_scores(
    rng: &mut ChaCha8Rng,
    scorer: &Scorer<'_>,
    items: &[ScoredItem],
    grid: &ScoringGrid,
    truth: &mut Truth,
) -> (Vec<Score>, Vec<Recusal>) {
    let mut scores = Vec::new();
    let mut recusals = Vec::new();
    for item in items {
        let q = 6.0 + 1.5 * normal(rng);
        truth.challenge_quality.insert(item.id.clone(), q);
        let graded = Graded {
            item: &item.id,
            quality: q,
            effects: grid.criteria.iter().map(|_| 0.6 * normal(rng)).collect(),
        };
        for (j, juror) in scorer.jury.jurors.iter().enumerate() {
            if juror.affiliation.as_deref() == Some(item.organisations[0].as_str()) {
                recusals.push(Recusal {
                    juror: juror.id.clone(),
                    item: item.id.clone(),
                    reason: Some("administration d'accueil".to_owned()),
                });
                continue;
            }
            scorer.scores(rng, grid, &graded, j, &mut scores);
        }
    }
    (scores, recusals)
}

/// What every application draws from: the promotion, its expertises, the défis' popularity,
/// the opening of the call, and the size of a candidate's panel of jurors.
struct Applicants<'a> {
    promotion: &'a PromotionId,
    expertises: &'a [Expertise],
    popularity: &'a [f64],
    opens: chrono::DateTime<chrono::FixedOffset>,
    panel: usize,
}

impl Applicants<'_> {
    /// The `n`-th application, its item for the jury, and the candidate's true quality.
    fn application(&self, rng: &mut ChaCha8Rng, n: usize) -> (Application, ScoredItem, f64) {
        let n_ch = self.popularity.len();
        let id = format!("cand-{:04}", n + 1);
        let first = pick(rng, FIRST);
        let last = pick(rng, LAST);
        let expertise = self.expertises[rng.random_range(0..self.expertises.len().min(4))].clone();
        let wanted = rng.random_range(1..=5usize.min(n_ch));
        let total_pop: f64 = self.popularity.iter().sum();
        let mut prefs: Vec<String> = Vec::with_capacity(wanted);
        while prefs.len() < wanted {
            // A weighted draw without replacement, by popularity.
            let mut x = rng.random_range(0.0..total_pop);
            let mut k = 0;
            while k + 1 < n_ch && x >= self.popularity[k] {
                x -= self.popularity[k];
                k += 1;
            }
            let d = challenge_id(k);
            if !prefs.contains(&d) {
                prefs.push(d);
            }
        }
        let submitted = self.opens + Duration::minutes(rng.random_range(60..60 * 24 * 55));
        let application = Application {
            schema: None,
            promotion: self.promotion.clone(),
            id: id.clone(),
            name: format!("{first} {last}"),
            email: format!(
                "{}.{}.{n}@example.org",
                ascii(first).to_lowercase(),
                ascii(last).to_lowercase()
            ),
            expertise: expertise.clone(),
            other_expertises: Vec::new(),
            experience_years: rng.random_range(1..20),
            preferences: prefs,
            availability: Availability {
                from: NaiveDate::from_ymd_opt(2021, 9, 1)
                    .unwrap_or_else(|| unreachable!("a valid date")),
                full_time: true,
            },
            eligibility: Eligibility {
                right_to_work_in_france: true,
                not_employed_by_host: true,
                accepts_charter: true,
            },
            submitted_at: submitted,
        };
        let item = ScoredItem {
            id,
            label: None,
            expertise: Some(expertise),
            organisations: Vec::new(),
        };
        let q = 6.0 + 1.3 * normal(rng);
        (application, item, q)
    }
}

/// The two stages: keep about 60 % of the défis (EIG 4 kept 17 of 31), at most 2 per
/// organisation; candidates fill the seats of the défis with quotas per expertise.
fn stages(
    o: &Options,
    n_ch: usize,
    seats_per_expertise: &BTreeMap<Expertise, u32>,
    challenge_grid: &ScoringGrid,
    candidate_grid: &ScoringGrid,
) -> Vec<SelectionStage> {
    let kept = (n_ch * 6).div_ceil(10);
    let all_seats: u32 = seats_per_expertise.values().sum();
    let seats = u32::try_from((all_seats as usize * kept).div_ceil(n_ch))
        .unwrap_or(u32::MAX)
        .min(u32::try_from(o.candidates).unwrap_or(u32::MAX));
    let mut min_per_expertise = BTreeMap::new();
    for (e, n) in seats_per_expertise {
        let quota = (n * 4) / 10;
        if quota > 0 {
            min_per_expertise.insert(e.clone(), quota);
        }
    }
    while min_per_expertise.values().sum::<u32>() > seats {
        if let Some((_, v)) = min_per_expertise.iter_mut().max_by_key(|(_, v)| **v) {
            *v -= 1;
        }
    }
    min_per_expertise.retain(|_, v| *v > 0);
    vec![
        SelectionStage {
            pool: false,
            published: None,
            id: "defis".to_owned(),
            label_fr: "Sélection des défis".to_owned(),
            label_en: "Défi selection".to_owned(),
            subject: StageSubject::Challenges,
            grid: challenge_grid.id.clone(),
            after: None,
            aggregation: Aggregation {
                method: AggregationMethod::WeightedMean,
                trim: None,
                min_jurors: 3,
            },
            calibration: CalibrationMethod::Additive,
            cutoff: Cutoff {
                top_k: Some(u32::try_from(kept).unwrap_or(u32::MAX)),
                threshold: Some(4.0),
            },
            quotas: Quotas {
                min_per_expertise: BTreeMap::new(),
                max_per_organisation: Some(2),
            },
            waiting_list: 2,
            tie_break: TieBreak {
                criteria: vec!["impact".to_owned()],
                seed: o.seed,
            },
        },
        SelectionStage {
            pool: false,
            published: None,
            id: "candidats".to_owned(),
            label_fr: "Sélection des candidats".to_owned(),
            label_en: "Candidate selection".to_owned(),
            subject: StageSubject::Candidates,
            grid: candidate_grid.id.clone(),
            after: None,
            aggregation: Aggregation {
                method: AggregationMethod::WeightedMean,
                trim: None,
                min_jurors: 2,
            },
            calibration: CalibrationMethod::Additive,
            cutoff: Cutoff {
                top_k: Some(seats),
                threshold: None,
            },
            quotas: Quotas {
                min_per_expertise,
                max_per_organisation: None,
            },
            waiting_list: 10,
            tie_break: TieBreak {
                criteria: vec!["competences".to_owned(), "motivation".to_owned()],
                seed: o.seed,
            },
        },
    ]
}

/// What [`team_formation`] generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamOptions {
    /// The seed.
    pub seed: u64,
    /// Selected défis (1 to 3 seats each, over the first four expertises of EIG 5).
    pub challenges: usize,
    /// Selected candidates.
    pub candidates: usize,
    /// Défis each candidate ranks (at most `challenges`).
    pub choices: usize,
}

impl Default for TeamOptions {
    /// National scale: 2,000 défis, 100,000 candidates, 10 choices each.
    fn default() -> Self {
        Self {
            seed: 2017,
            challenges: 2_000,
            candidates: 100_000,
            choices: 10,
        }
    }
}

/// A synthetic team formation input: défis with seats, candidates whose choices lean towards
/// popular défis, and a score per (candidate, défi) = the candidate's quality + a fit. No real
/// person in it; deterministic for a seed.
///
/// ```
/// use eig::synthetic::{TeamOptions, team_formation};
/// let t = team_formation(&TeamOptions { seed: 1, challenges: 30, candidates: 200, choices: 5 });
/// assert_eq!((t.challenges.len(), t.candidates.len(), t.scores.len()), (30, 200, 1000));
/// ```
#[must_use]
pub fn team_formation(o: &TeamOptions) -> crate::model::TeamFormation {
    use crate::model::{PairScore, SeatGroup, TeamCandidate, TeamChallenge, TeamFormation};
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    let n_ch = o.challenges.max(1);
    let choices = o.choices.clamp(1, n_ch);
    let pool: Vec<Expertise> = Rulebook::builtin("eig-5")
        .map(|r| r.allowed_expertises.into_iter().take(4).collect())
        .unwrap_or_default();
    let width = (n_ch.ilog10() as usize + 1).max(2);
    let id = |k: usize| format!("defi-{:0width$}", k + 1);
    let mut challenges = Vec::with_capacity(n_ch);
    let mut popularity = Vec::with_capacity(n_ch);
    for k in 0..n_ch {
        let mut exp = pool.clone();
        exp.shuffle(&mut rng);
        let team = rng.random_range(1..=3usize);
        challenges.push(TeamChallenge {
            id: id(k),
            seats: exp
                .into_iter()
                .take(team)
                .map(|expertise| SeatGroup {
                    expertise,
                    count: 1,
                })
                .collect(),
        });
        popularity.push(rng.random_range(0.2..1.0f64));
    }
    // Choices: a weighted draw without replacement, by popularity.
    let total: f64 = popularity.iter().sum();
    let cumulative: Vec<f64> = popularity
        .iter()
        .scan(0.0, |acc, p| {
            *acc += p / total;
            Some(*acc)
        })
        .collect();
    let cwidth = (o.candidates.max(1).ilog10() as usize + 1).max(4);
    let mut candidates = Vec::with_capacity(o.candidates);
    let mut scores = Vec::with_capacity(o.candidates * choices);
    for c in 0..o.candidates {
        let cid = format!("cand-{:0cwidth$}", c + 1);
        let quality = normal(&mut rng);
        let mut picked: Vec<usize> = Vec::with_capacity(choices);
        while picked.len() < choices {
            let u: f64 = rng.random_range(0.0..1.0);
            let k = cumulative.partition_point(|&x| x < u).min(n_ch - 1);
            if !picked.contains(&k) {
                picked.push(k);
            }
        }
        for &k in &picked {
            let fit = 0.5 * normal(&mut rng);
            scores.push(PairScore {
                candidate: cid.clone(),
                challenge: id(k),
                score: ((5.0 + 1.5 * quality + fit).clamp(0.0, 10.0) * 100.0).round() / 100.0,
            });
        }
        candidates.push(TeamCandidate {
            id: cid,
            expertise: pool[rng.random_range(0..pool.len())].clone(),
            preferences: picked.into_iter().map(id).collect(),
        });
    }
    TeamFormation {
        schema: None,
        promotion: PromotionId::new("eig-5"),
        challenges,
        candidates,
        scores,
        welfare: crate::model::Welfare::default(),
    }
}

/// The team formation input of a scored synthetic promotion: the défis selected at the défi
/// stage with their seats, the candidates selected at the candidate stage with their
/// preferences among those défis (topped up to three with défis that have a seat of their
/// expertise), and a score per (candidate, défi): the candidate's calibrated final score plus
/// a fit to the défi drawn from the seed (±0.5).
#[must_use]
pub fn teams_input(
    p: &SyntheticPromotion,
    challenges: &crate::scoring::Ranking,
    candidates: &crate::scoring::Ranking,
    seed: u64,
) -> crate::model::TeamFormation {
    use crate::model::{PairScore, SeatGroup, TeamCandidate, TeamChallenge, TeamFormation};
    use crate::scoring::Outcome;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7ea3);
    let selected: Vec<&str> = challenges
        .items
        .iter()
        .filter(|r| r.outcome == Outcome::Selected)
        .map(|r| r.item.as_str())
        .collect();
    let team_challenges: Vec<TeamChallenge> = p
        .submissions
        .iter()
        .enumerate()
        .filter(|(k, _)| selected.contains(&challenge_id(*k).as_str()))
        .map(|(k, s)| TeamChallenge {
            id: challenge_id(k),
            seats: s
                .seats
                .iter()
                .map(|x| SeatGroup {
                    expertise: x.expertise.clone(),
                    count: x.count,
                })
                .collect(),
        })
        .collect();
    let mut team_candidates = Vec::new();
    let mut scores = Vec::new();
    for r in candidates
        .items
        .iter()
        .filter(|r| r.outcome == Outcome::Selected)
    {
        let Some(app) = p.applications.iter().find(|a| a.id == r.item) else {
            continue;
        };
        let base = r.final_score.unwrap_or(0.0);
        let mut preferences: Vec<String> = app
            .preferences
            .iter()
            .filter(|d| selected.contains(&d.as_str()))
            .cloned()
            .collect();
        // Candidates apply once the défis are chosen: one whose application names fewer
        // than three of them also ranks, after those, défis with a seat of their expertise.
        let mut open: Vec<&TeamChallenge> = team_challenges
            .iter()
            .filter(|c| c.seats.iter().any(|x| x.expertise == app.expertise))
            .filter(|c| !preferences.contains(&c.id))
            .collect();
        open.shuffle(&mut rng);
        for c in open {
            if preferences.len() >= 3 {
                break;
            }
            preferences.push(c.id.clone());
        }
        for d in &preferences {
            let fit: f64 = rng.random_range(-0.5..0.5);
            scores.push(PairScore {
                candidate: app.id.clone(),
                challenge: d.clone(),
                score: ((base + fit) * 100.0).round() / 100.0,
            });
        }
        team_candidates.push(TeamCandidate {
            id: app.id.clone(),
            expertise: app.expertise.clone(),
            preferences,
        });
    }
    TeamFormation {
        schema: None,
        promotion: p.rulebook.promotion.clone(),
        challenges: team_challenges,
        candidates: team_candidates,
        scores,
        welfare: crate::model::Welfare::default(),
    }
}

/// The mentor matching input of synthetic teams: each team with its hosts, expertises,
/// themes, city and public-agent mentors (from its submission); a coordination team of
/// référents (one for every three teams, and one more, up to 3 teams each; the first came
/// from the first team's host, a conflict of interest) and a few alumni buddies.
#[must_use]
pub fn mentors_input(
    p: &SyntheticPromotion,
    teams: &crate::model::TeamFormation,
    seed: u64,
) -> crate::model::MentorMatching {
    use crate::model::{AffinityWeights, Follower, FollowerKind, MentorMatching, MentoredTeam};
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x3e47);
    let submission = |id: &str| {
        p.submissions
            .iter()
            .enumerate()
            .find(|(k, _)| challenge_id(*k) == id)
            .map(|(_, s)| s)
    };
    let mentored: Vec<MentoredTeam> = teams
        .challenges
        .iter()
        .map(|c| {
            let s = submission(&c.id);
            MentoredTeam {
                id: c.id.clone(),
                organisations: s
                    .map(|s| s.hosts.iter().map(|h| h.name.clone()).collect())
                    .unwrap_or_default(),
                expertises: c.seats.iter().map(|x| x.expertise.clone()).collect(),
                themes: s.map(|s| s.themes.clone()).unwrap_or_default(),
                city: s.and_then(|s| s.locations.first().map(|l| l.city.clone())),
                needs: 1,
                mentors: s
                    .map(|s| s.mentors.iter().map(|m| m.name.clone()).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let expertises: Vec<Expertise> = p.rulebook.allowed_expertises.clone();
    let n = mentored.len().div_ceil(3) + 1;
    let mut followers = Vec::new();
    for k in 0..n + 2 {
        let referent = k < n;
        let mut exp = expertises.clone();
        exp.shuffle(&mut rng);
        exp.truncate(2);
        let mut themes: Vec<Theme> = THEMES.iter().map(|t| Theme::new(*t)).collect();
        themes.shuffle(&mut rng);
        themes.truncate(3);
        let (city, _) = *pick(&mut rng, PLACES);
        followers.push(Follower {
            id: if referent {
                format!("referent-{:02}", k + 1)
            } else {
                format!("buddy-{:02}", k + 1 - n)
            },
            kind: if referent {
                FollowerKind::Referent
            } else {
                FollowerKind::Buddy
            },
            min_teams: u32::from(referent && k == 0),
            max_teams: if referent { 3 } else { 2 },
            expertises: exp,
            themes,
            city: Some(city.to_owned()),
            remote: rng.random_bool(0.3),
            organisation: (k == 0)
                .then(|| {
                    mentored
                        .first()
                        .and_then(|t| t.organisations.first().cloned())
                })
                .flatten(),
        });
    }
    MentorMatching {
        schema: None,
        promotion: teams.promotion.clone(),
        teams: mentored,
        followers,
        weights: AffinityWeights::default(),
    }
}

/// Scores both stages of a synthetic promotion: the défis, then the candidates.
///
/// # Errors
/// When the generated documents do not score (they always do; kept for callers' sake).
pub fn rankings(
    p: &SyntheticPromotion,
) -> Result<(crate::scoring::Ranking, crate::scoring::Ranking), crate::diagnostics::InvalidDocument>
{
    use crate::validate::Checked;
    let jury = Checked::check(p.jury.clone(), ())?;
    let challenges = crate::scoring::score_stage(
        &p.rulebook,
        Some("defis"),
        &Checked::check(p.challenge_grid.clone(), ())?,
        &jury,
        &Checked::check(p.challenge_scores.clone(), ())?,
    )?;
    let candidates = crate::scoring::score_stage(
        &p.rulebook,
        Some("candidats"),
        &Checked::check(p.candidate_grid.clone(), ())?,
        &jury,
        &Checked::check(p.candidate_scores.clone(), ())?,
    )?;
    Ok((challenges, candidates))
}
