//! Jury scoring and selection: score sheets checked against their grid and jury, juror bias
//! calibrated, scores aggregated, items ranked and cut off, and every outcome explained.
//!
//! ```
//! # #[cfg(feature = "synthetic")] {
//! use eig::scoring::score;
//! use eig::synthetic;
//! use eig::validate::Checked;
//!
//! let promo = synthetic::promotion(&synthetic::Options::default()).unwrap();
//! let stage = promo.rulebook.stage("candidats").unwrap();
//! // Documents read from files come checked from `load_document`; these are checked here.
//! let grid = Checked::check(promo.candidate_grid.clone(), ()).unwrap();
//! let jury = Checked::check(promo.jury.clone(), ()).unwrap();
//! let sheets = Checked::check(promo.candidate_scores.clone(), ()).unwrap();
//! let ranking = score(&grid, &jury, &sheets, stage, promo.rulebook.conflict_of_interest).unwrap();
//! let first = &ranking.items[0];
//! assert_eq!(first.rank, Some(1));
//! // The breakdown by criterion adds up to the final score.
//! let sum: f64 = first.criteria.iter().map(|c| c.contribution).sum();
//! assert!((sum - first.final_score.unwrap()).abs() < 1e-9);
//! println!("{}", ranking.notice(first, eig::diagnostics::Lang::En));
//! # }
//! ```
//!
//! The steps, all deterministic:
//! 1. **Checks.** Every score names a known juror, item and criterion, lies on the grid's
//!    scale, and comes from a juror without a conflict of interest with the item (a recusal, a
//!    declared conflict, or, when the rulebook says so, the juror's own organisation). Any error
//!    refuses the whole computation with the full [`Report`](crate::Report).
//! 2. **Calibration** ([`calibrate`]) per the stage: none, z-score or the additive model.
//! 3. **Aggregation** ([`aggregate`]) over jurors per item and criterion, then the final score
//!    is the weighted mean of the criteria. An item with fewer jurors than the stage's minimum
//!    on a criterion is flagged and not ranked; an item under an eliminatory threshold is out.
//! 4. **Ranking.** By final score (equal to 9 decimals counts as a tie), then by the
//!    tie-break criteria in turn, then by a pseudo-random order from the tie-break seed and the
//!    item's id (SplitMix64 of the seed xor the FNV-1a hash of the id), then by id.
//! 5. **Selection.** In rank order, an item is selected unless it is under the threshold, the
//!    `top_k` seats are taken, its organisation reached `max_per_organisation`, or the seats
//!    left are all reserved for an expertise quota it does not meet. Quotas that the eligible
//!    items cannot meet are reported, and their seats go to the next items. Then the waiting
//!    list takes the next items not selected for want of a seat.

mod aggregate;
mod agreement;
mod calibrate;
mod consensus;
mod documents;
mod explain;
mod rank;
mod table;

/// Seeded score columns for the tests: every juror scores every item on every criterion, but
/// about one row in eight is left out; scores are halves from 0 to 10, shifted per juror.
#[cfg(test)]
pub(crate) fn random_scores(
    nj: usize,
    ni: usize,
    nc: usize,
    seed: u64,
) -> (Vec<u32>, Vec<u32>, Vec<u32>, Vec<f64>) {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let (mut juror, mut item, mut criterion, mut value) = (vec![], vec![], vec![], vec![]);
    for i in 0..ni {
        for j in 0..nj {
            for c in 0..nc {
                if next() % 8 != 0 {
                    juror.push(j as u32);
                    item.push(i as u32);
                    criterion.push(c as u32);
                    value.push((next() % 21) as f64 / 2.0 - j as f64 * 0.3);
                }
            }
        }
    }
    (juror, item, criterion, value)
}

pub use aggregate::{Aggregated, aggregate, calibrate_and_aggregate};
pub use agreement::{
    Agreement, AgreementError, ConsensusGap, MAX_DISTINCT, Measurement, PanelAgreement,
    SecondReading, agreement, krippendorff_alpha,
};
pub use calibrate::{Calibration, ColumnsError, ScoreColumns, calibrate};
pub use documents::check_application_window;
pub(crate) use explain::opt;
pub use rank::{
    MIN_SCORES_PER_JUROR, StageError, apply_hiring_cap, cap_hiring, rank_stage, rulebook_grid,
    score, score_stage,
};

use crate::diagnostics::Violation;
use crate::model::{CalibrationMethod, Expertise, SelectionStage};
use serde::{Deserialize, Serialize};

/// The result of one stage: every item with its outcome and its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// The stage, as applied.
    pub stage: SelectionStage,
    /// The grid's id.
    pub grid: String,
    /// The grid's criteria: id, French and English labels, normalised weight.
    pub criteria: Vec<CriterionInfo>,
    /// The grid's scale.
    pub scale: (f64, f64),
    /// Every item: ranked ones in rank order, then eliminated and unranked ones by id.
    pub items: Vec<ItemResult>,
    /// How many items were selected.
    pub selected: u32,
    /// The lowest final score among selected items.
    pub cutoff_score: Option<f64>,
    /// Each juror's calibration.
    pub jurors: Vec<JurorCalibration>,
    /// How many connected groups of jurors the calibration found (1 when connected).
    pub components: usize,
    /// Warnings: items with too few jurors, jurors left raw, a disconnected graph, unmet quotas.
    pub violations: Vec<Violation>,
}

/// A criterion of the grid as the ranking used it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionInfo {
    /// Its id.
    pub id: String,
    /// French label.
    pub label_fr: String,
    /// English label.
    pub label_en: String,
    /// Its weight, normalised so the weights sum to one.
    pub weight: f64,
}

/// How one juror was calibrated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JurorCalibration {
    /// The juror's id.
    pub juror: String,
    /// How many scores they gave at this stage.
    pub scores: usize,
    /// Whether their scores were calibrated.
    pub calibrated: bool,
    /// The additive bias (or, for z-scores, their mean less the overall mean).
    pub bias: f64,
    /// The z-score factor (1 for the additive model).
    pub scale: f64,
    /// Their connected group, if they scored anything.
    pub component: Option<usize>,
}

/// One item's result and everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    /// The item's id.
    pub item: String,
    /// Its label, if any.
    pub label: Option<String>,
    /// Its expertise, if any.
    pub expertise: Option<Expertise>,
    /// Its organisations.
    pub organisations: Vec<String>,
    /// Its rank (1 is best) among ranked items; none when eliminated or unranked.
    pub rank: Option<u32>,
    /// Its rank on raw scores (without calibration).
    pub raw_rank: Option<u32>,
    /// The final score used to rank (calibrated when the stage calibrates).
    pub final_score: Option<f64>,
    /// The final score on raw scores.
    pub raw_score: Option<f64>,
    /// The calibration used.
    pub calibration: CalibrationMethod,
    /// Per criterion: the aggregated scores and the contribution to the final score.
    pub criteria: Vec<CriterionBreakdown>,
    /// Per juror who scored it: raw and calibrated scores.
    pub jurors: Vec<JurorBreakdown>,
    /// The outcome.
    pub outcome: Outcome,
    /// Why.
    pub reason: Reason,
}

/// One criterion of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionBreakdown {
    /// The criterion's id.
    pub criterion: String,
    /// Its normalised weight.
    pub weight: f64,
    /// The aggregate over jurors of the raw scores.
    pub raw: Option<f64>,
    /// The aggregate over jurors of the calibrated scores (the raw one without calibration).
    pub calibrated: Option<f64>,
    /// `weight × calibrated`: the contributions sum to the final score.
    pub contribution: f64,
    /// How many jurors scored it.
    pub jurors: u32,
}

/// One juror's scores of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JurorBreakdown {
    /// The juror's id.
    pub juror: String,
    /// Raw score per criterion, in grid order; none where the juror gave none.
    pub raw: Vec<Option<f64>>,
    /// Calibrated score per criterion.
    pub calibrated: Vec<Option<f64>>,
    /// The weighted total of the raw scores, when the juror scored every criterion.
    pub raw_total: Option<f64>,
    /// The weighted total of the calibrated scores, when complete.
    pub calibrated_total: Option<f64>,
    /// The bias removed from this juror's scores.
    pub bias: f64,
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// Selected.
    Selected,
    /// On the waiting list.
    WaitingList,
    /// Ranked, not selected.
    NotSelected,
    /// Out under an eliminatory threshold.
    Eliminated,
    /// Not ranked: too few jurors.
    Unranked,
}

impl Outcome {
    /// The stable snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Selected => "selected",
            Self::WaitingList => "waiting_list",
            Self::NotSelected => "not_selected",
            Self::Eliminated => "eliminated",
            Self::Unranked => "unranked",
        }
    }
}

/// Why an item got its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Within the seats, in rank order.
    WithinSeats {
        /// The number of seats (none: no `top_k`).
        seats: Option<u32>,
    },
    /// Selected on a seat reserved for its expertise's quota.
    Quota {
        /// The expertise.
        expertise: Expertise,
        /// The quota.
        min: u32,
    },
    /// On the waiting list.
    WaitingList {
        /// Its position (1 is next).
        position: u32,
        /// The lowest selected score.
        cutoff_score: Option<f64>,
        /// When the seats left went to expertise quotas it does not meet: those expertises.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        reserved_for: Vec<Expertise>,
    },
    /// The seats went to items ranked higher.
    BelowCutoff {
        /// The number of seats.
        seats: u32,
        /// The lowest selected score.
        cutoff_score: Option<f64>,
    },
    /// The final score is under the stage's threshold.
    BelowThreshold {
        /// The threshold.
        threshold: f64,
    },
    /// Its organisation already has the most selected items allowed.
    OrganisationCap {
        /// The organisation.
        organisation: String,
        /// The cap.
        max: u32,
    },
    /// The seats left were reserved for expertise quotas it does not meet.
    SeatsReserved {
        /// The expertises still short.
        expertises: Vec<Expertise>,
    },
    /// An eliminatory criterion.
    Eliminated {
        /// The criterion.
        criterion: String,
        /// Its aggregated score.
        score: f64,
        /// The threshold.
        threshold: f64,
    },
    /// Selected by its stage, but the rulebook's cap on recruitments across sprints was
    /// reached by earlier sprints or higher ranks.
    HiringCap {
        /// The cap.
        cap: u32,
    },
    /// Too few jurors on a criterion.
    TooFewJurors {
        /// The criterion.
        criterion: String,
        /// Jurors who scored it.
        jurors: u32,
        /// The minimum.
        min: u32,
    },
}

impl Ranking {
    /// The result of one item.
    #[must_use]
    pub fn item(&self, id: &str) -> Option<&ItemResult> {
        self.items.iter().find(|r| r.item == id)
    }

    /// The selected items, in rank order.
    pub fn selected_items(&self) -> impl Iterator<Item = &ItemResult> {
        self.items.iter().filter(|r| r.outcome == Outcome::Selected)
    }
}
