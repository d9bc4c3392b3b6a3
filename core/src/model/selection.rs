//! The documents of selection: a candidate's application, a jury's scoring grid, the jury
//! itself and the score sheets it fills in.
//!
//! Fields that hold personal data carry `"$comment": "personal data"` in the published schema, so an
//! export or a log can leave them out on purpose.

use super::{Expertise, PromotionId};
use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An identifier inside one document set (`juror-03`, `cand-0042`, `innovation`): letters,
/// digits, `.`, `_` and `-`, starting with a letter or a digit.
pub const IDENT_PATTERN: &str = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

/// The pattern of an e-mail address, beside the `email` format: a domain with an ending
/// (`camille.roux@cerema` is refused, as a mail to it would not arrive), which the format alone
/// lets through.
pub const EMAIL_PATTERN: &str = r"^[^@\s]+@[^@\s]+\.[^@\s.]+$";

/// # Candidate application
///
/// What a candidate files in answer to a call for applications (appel à candidatures): their
/// profile, the défis they want in order of preference, when they can start, and the
/// eligibility declarations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// The schema this document follows (optional).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The promotion whose call this answers.
    pub promotion: PromotionId,
    /// The application's identifier, unique in the promotion.
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// The candidate's full name.
    #[schemars(length(min = 1, max = 200), extend("$comment" = "personal data"))]
    pub name: String,
    /// The candidate's e-mail address.
    #[schemars(email, regex(pattern = EMAIL_PATTERN), extend("$comment" = "personal data"))]
    pub email: String,
    /// The main expertise the candidate applies with.
    pub expertise: Expertise,
    /// Other expertises the candidate has.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 10))]
    pub other_expertises: Vec<Expertise>,
    /// Years of professional experience.
    #[schemars(range(max = 60))]
    pub experience_years: u32,
    /// The défis applied to, most wanted first (défi identifiers), each at most once.
    #[schemars(length(min = 1, max = 10), extend("uniqueItems" = true))]
    pub preferences: Vec<String>,
    /// When the candidate can start.
    pub availability: Availability,
    /// The eligibility declarations.
    pub eligibility: Eligibility,
    /// When the application was filed, with its UTC offset.
    pub submitted_at: DateTime<FixedOffset>,
}

/// When a candidate can start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// The first day the candidate can start.
    pub from: NaiveDate,
    /// Whether the candidate can work full time for the whole immersion.
    pub full_time: bool,
}

/// What a candidate declares to be eligible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// The candidate may work in France (nationality or work permit).
    pub right_to_work_in_france: bool,
    /// The candidate is not already a public servant in the host administration.
    pub not_employed_by_host: bool,
    /// The candidate accepts the programme's charter.
    pub accepts_charter: bool,
}

impl Eligibility {
    /// Whether every declaration holds.
    #[must_use]
    pub fn all(&self) -> bool {
        self.right_to_work_in_france && self.not_employed_by_host && self.accepts_charter
    }
}

/// # Scoring grid
///
/// The criteria a jury scores on (grille), their weights and the scale, with optional
/// eliminatory thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoringGrid {
    /// The schema this document follows (optional).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The grid's identifier; stages and score sheets name it.
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// The grid's name in French.
    #[schemars(length(min = 1, max = 200))]
    pub label_fr: String,
    /// The grid's name in English.
    #[schemars(length(min = 1, max = 200))]
    pub label_en: String,
    /// The scale every criterion is scored on.
    pub scale: Scale,
    /// The criteria, in the order they are shown.
    #[schemars(length(min = 1, max = 50))]
    pub criteria: Vec<Criterion>,
}

/// An inclusive scale of scores (`0` to `10`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// The lowest score.
    pub min: f64,
    /// The highest score.
    pub max: f64,
}

impl Scale {
    /// Whether `x` is a finite score inside the scale.
    #[must_use]
    pub fn contains(&self, x: f64) -> bool {
        x.is_finite() && x >= self.min && x <= self.max
    }
}

/// One criterion of a grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The criterion's identifier (`impact`, `faisabilite`).
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// Its name in French.
    #[schemars(length(min = 1, max = 200))]
    pub label_fr: String,
    /// Its name in English.
    #[schemars(length(min = 1, max = 200))]
    pub label_en: String,
    /// Its weight in the final score; the weights are normalised to sum to one.
    #[schemars(range(min = 0))]
    pub weight: f64,
    /// An item whose aggregated score on this criterion is below this value is eliminated,
    /// whatever its total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eliminatory_below: Option<f64>,
}

impl ScoringGrid {
    /// The sum of the weights.
    #[must_use]
    pub fn total_weight(&self) -> f64 {
        self.criteria.iter().map(|c| c.weight).sum()
    }

    /// The position of a criterion.
    #[must_use]
    pub fn criterion_index(&self, id: &str) -> Option<usize> {
        self.criteria.iter().position(|c| c.id == id)
    }
}

/// # Jury
///
/// The jurors of a selection, with their affiliation and their declared conflicts of interest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Jury {
    /// The schema this document follows (optional).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The jury's identifier; score sheets name it.
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// The promotion this jury selects for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion: Option<PromotionId>,
    /// The jurors.
    #[schemars(length(min = 1, max = 10000))]
    pub jurors: Vec<Juror>,
}

/// One juror.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Juror {
    /// The juror's identifier.
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// The juror's full name.
    #[schemars(length(min = 1, max = 200), extend("$comment" = "personal data"))]
    pub name: String,
    /// The organisation the juror works for. Under a rulebook with `juror_recusal_for_host`,
    /// the juror may not score an item of that organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 300))]
    pub affiliation: Option<String>,
    /// The juror's weight in a weighted mean (a president may count double).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    #[schemars(range(min = 0))]
    pub weight: f64,
    /// The declared conflicts of interest.
    #[serde(default, skip_serializing_if = "Conflicts::is_empty")]
    pub conflicts: Conflicts,
}

fn one() -> f64 {
    1.0
}

#[allow(clippy::trivially_copy_pass_by_ref, clippy::float_cmp)]
fn is_one(x: &f64) -> bool {
    *x == 1.0
}

/// What a juror may not score.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conflicts {
    /// Organisations (by name) whose items the juror may not score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<String>,
    /// Items (défis or candidates, by identifier) the juror may not score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

impl Conflicts {
    /// Whether nothing is declared.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.organisations.is_empty() && self.items.is_empty()
    }
}

/// # Score sheets
///
/// The scores a jury gave at one stage: the items scored (défis or candidates), each juror's
/// score per item and criterion, and the recusals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreSheets {
    /// The schema this document follows (optional).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The promotion.
    pub promotion: PromotionId,
    /// The selection stage these scores are for (an id of the rulebook's `stages`).
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub stage: String,
    /// The grid used (its `id`).
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub grid: String,
    /// The jury that scored (its `id`).
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub jury: String,
    /// The items scored.
    #[schemars(length(min = 1))]
    pub items: Vec<ScoredItem>,
    /// One juror's score of one item on one criterion.
    pub scores: Vec<Score>,
    /// Jurors who stood aside for an item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recusals: Vec<Recusal>,
    /// The panels that heard the items, when the jury sat in groups: who sat on each and what
    /// it heard (agreement is then also given per panel).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 1000))]
    pub panels: Vec<SheetPanel>,
    /// Each panel's shared (consensus) sheet, filled once per item after deliberation, beside
    /// the jurors' individual scores. The stage's `ranks` says which of the two ranks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consensus: Vec<ConsensusScore>,
}

/// A panel of the jury: the jurors who sat together and the items they heard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SheetPanel {
    /// The panel's identifier.
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// Its jurors (ids of the jury).
    #[schemars(length(min = 1, max = 1000))]
    pub jurors: Vec<String>,
    /// The items it heard (ids of `items`).
    #[schemars(length(min = 1))]
    pub items: Vec<String>,
}

/// One score of a panel's shared sheet: the panel's agreed score of an item on a criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsensusScore {
    /// The panel (an id of `panels`), when panels are listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel: Option<String>,
    /// The item.
    pub item: String,
    /// The criterion (an id of the grid).
    pub criterion: String,
    /// The agreed score, on the grid's scale.
    pub score: f64,
    /// The panel's comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 5000))]
    pub comment: Option<String>,
}

/// An item under selection: a défi or a candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoredItem {
    /// The item's identifier (a défi's or an application's).
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// A readable name (a défi's title); for candidates, leave it out or pseudonymise it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 300))]
    pub label: Option<String>,
    /// The candidate's expertise, for quotas per expertise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expertise: Option<Expertise>,
    /// The organisations behind the item (a défi's hosts), for conflicts and quotas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<String>,
}

/// One score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// The juror (an id of the jury).
    pub juror: String,
    /// The item (an id of `items`).
    pub item: String,
    /// The criterion (an id of the grid).
    pub criterion: String,
    /// The score, on the grid's scale.
    pub score: f64,
    /// The juror's comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 5000))]
    pub comment: Option<String>,
}

/// A juror standing aside for an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recusal {
    /// The juror.
    pub juror: String,
    /// The item.
    pub item: String,
    /// Why, if said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// # Selection stage
///
/// One stage of a selection funnel, as a rulebook declares it: what is selected, on which
/// grid, how the jurors' scores are aggregated and calibrated, and the cut-off, quotas and
/// waiting list that decide the outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelectionStage {
    /// The stage's identifier (`defis-audition`, `candidats-entretien`).
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// Its name in French.
    #[schemars(length(min = 1, max = 200))]
    pub label_fr: String,
    /// Its name in English.
    #[schemars(length(min = 1, max = 200))]
    pub label_en: String,
    /// What this stage selects.
    pub subject: StageSubject,
    /// The grid scored at this stage (a grid's `id`).
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub grid: String,
    /// The stage whose selected items this one considers, if it is not the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub after: Option<String>,
    /// How the jurors' scores of an item are combined.
    #[serde(default)]
    pub aggregation: Aggregation,
    /// Which sheets rank the items: the jurors' individual scores, aggregated (the default),
    /// or each panel's shared (consensus) sheet.
    #[serde(default, skip_serializing_if = "RankingSheet::is_individual")]
    pub ranks: RankingSheet,
    /// How juror bias is corrected before aggregation.
    #[serde(default)]
    pub calibration: CalibrationMethod,
    /// The cut-off: how many items are selected, and the lowest final score that may be.
    #[serde(default)]
    pub cutoff: Cutoff,
    /// Quotas the selection must respect.
    #[serde(default, skip_serializing_if = "Quotas::is_empty")]
    pub quotas: Quotas,
    /// How many items not selected are kept, in order, on a waiting list.
    #[serde(default)]
    pub waiting_list: u32,
    /// How equal final scores are ordered.
    #[serde(default)]
    pub tie_break: TieBreak,
    /// Whether the stage keeps a pool (vivier): every item that passes the cut-off's
    /// threshold joins it, with no number of seats; a later stage draws from it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pool: bool,
    /// What the programme published for this stage of a past selection (how many items it
    /// considered, how many it kept), to compare a run with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<StageFigures>,
}

/// The published figures of one stage of a past selection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageFigures {
    /// How many items the stage considered (défis filed, candidates who applied...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub considered: Option<u32>,
    /// How many it kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept: Option<u32>,
}

/// What a stage selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StageSubject {
    /// Défis proposed by administrations.
    Challenges,
    /// Candidates.
    Candidates,
}

/// How the jurors' scores of one item on one criterion are combined.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = {"properties": {"method": {"const": "trimmed_mean"}}, "required": ["method"]},
    "then" = {"properties": {"trim": {"type": "number"}}, "required": ["trim"]}
))]
pub struct Aggregation {
    /// The method.
    pub method: AggregationMethod,
    /// For `trimmed_mean`: the share of scores dropped at each end (0 to 0.45).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 0.45))]
    pub trim: Option<f64>,
    /// Fewest jurors who must have scored an item on every criterion; an item with fewer is
    /// flagged and not ranked.
    #[serde(default = "one_u32")]
    #[schemars(range(min = 1))]
    pub min_jurors: u32,
}

fn one_u32() -> u32 {
    1
}

impl Default for Aggregation {
    fn default() -> Self {
        Self {
            method: AggregationMethod::WeightedMean,
            trim: None,
            min_jurors: 1,
        }
    }
}

/// Which sheets rank a stage's items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RankingSheet {
    /// The jurors' individual scores, calibrated and aggregated per the stage.
    #[default]
    Individual,
    /// Each panel's shared sheet (`consensus` in the score sheets): one score per item and
    /// criterion, agreed after deliberation, which is the item's score on that criterion. The
    /// stage's calibration and `min_jurors` do not apply (panels hear different items, and one
    /// agreed score has no jurors to count); the ranking lists each item's panel where it
    /// lists jurors otherwise.
    Consensus,
}

impl RankingSheet {
    /// Whether it is the default (the individual sheets).
    #[must_use]
    pub fn is_individual(&self) -> bool {
        *self == Self::Individual
    }
}

/// An aggregation method over jurors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AggregationMethod {
    /// The mean weighted by each juror's `weight`.
    WeightedMean,
    /// The median (juror weights do not apply).
    Median,
    /// The mean after dropping `trim` of the scores at each end (juror weights do not apply).
    TrimmedMean,
}

/// How juror bias is corrected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CalibrationMethod {
    /// Raw scores.
    #[default]
    None,
    /// Each juror's scores are standardised (mean 0, deviation 1 over all their scores) and
    /// mapped back to the grid's scale with the mean and deviation of all scores.
    ZScore,
    /// Score = item quality + juror bias + noise, fitted by least squares; the calibrated
    /// score is the raw score minus the juror's bias.
    Additive,
}

/// A stage's cut-off. With neither field, every ranked item is selected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cutoff {
    /// Select at most this many items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_k: Option<u32>,
    /// Select only items whose final score is at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

/// Quotas on a selection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quotas {
    /// At least this many selected items of each expertise (candidates).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub min_per_expertise: std::collections::BTreeMap<Expertise, u32>,
    /// At most this many selected items per organisation (défis).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub max_per_organisation: Option<u32>,
}

impl Quotas {
    /// Whether no quota is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.min_per_expertise.is_empty() && self.max_per_organisation.is_none()
    }
}

/// How items with equal final scores are ordered: first by the aggregated score of each named
/// criterion in turn (higher first), then by a pseudo-random order drawn from `seed` and the
/// item's identifier, which is the same on every machine and in every binding.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TieBreak {
    /// Criteria (grid ids) compared in turn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    /// The seed of the last resort order.
    #[serde(default)]
    pub seed: u64,
}
