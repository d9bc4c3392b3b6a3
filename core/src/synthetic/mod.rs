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

mod jury;
mod jury_plan;
mod placement;
mod scores;
mod submissions;

use jury::*;
pub use jury_plan::{JuryPlanOptions, jury_plan};
pub use placement::{TeamOptions, mentors_input, rankings, team_formation, teams_input};
use scores::*;
use submissions::*;

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
        panels: Vec::new(),
        consensus: Vec::new(),
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
