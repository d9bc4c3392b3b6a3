//! Team formation: selected candidates onto the seats of the selected défis, with two
//! policies, and an explanation for every candidate.
//!
//! Seats come in groups, one per (défi, expertise); a candidate can only take a seat of their
//! expertise, of a défi they ranked and were scored for. Each group ranks its candidates by
//! their jury score for the défi (higher first; ties by candidate id).
//!
//! - **Stable** ([`Policy::Stable`]): candidate-proposing deferred acceptance over the seat
//!   groups. No candidate and défi would both rather be together (no blocking pair), and no
//!   candidate gains by misreporting their preferences.
//! - **Optimal** ([`Policy::Optimal`]): the placement that maximises the documented welfare
//!   ([`Welfare`](crate::model::Welfare)): `score_weight × score + rank_weight × (n − r)` summed over the placed
//!   candidates (`r` the défi's rank in the candidate's list from 0, `n` the list's length),
//!   by min-cost flow. It may leave blocking pairs: they are counted and listed.
//!
//! Pins (`forced`) and vetoes (`forbidden`) hold under both policies. **Re-matching**: with the
//! placement already announced (`previous`) and who withdrew (`withdrawn`), both policies first
//! keep every candidate who can stay (their seat still exists, is not vetoed, and is not needed
//! by a pin): moving nobody else is always possible, so the number moved is the fewest there is.
//! The stable policy then fills the free seats by deferred acceptance among the others; the
//! optimal policy maximises the welfare among the placements that move that fewest number (by
//! min-cost flow, a keeping bonus above any welfare). [`TeamResult::changes`] lists every change.
//!
//! A défi whose team stays below the rulebook's minimum team size is reported with the seats
//! it lacks and why: no eligible candidate of that expertise, or all of them placed on défis
//! they preferred (or, for the optimal policy, placed elsewhere by the welfare).
//!
//! The module's files follow the steps: `check` the document (once, when it is loaded),
//! `prepare` its seat groups and lists, `solve` them with a policy, `explain` every placement,
//! `render` tables and notices.

mod check;
mod explain;
mod prepare;
mod rematch;
mod render;
mod solve;

pub use check::{TeamContext, load, load_value, load_with_rulebook};
pub use prepare::welfare;
pub use render::comparison_table;
pub use solve::{compare, form_teams};

use crate::diagnostics::from_str_by_name;
use serde::{Deserialize, Serialize};

/// How seats are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Policy {
    /// Candidate-proposing deferred acceptance: stable and strategy-proof for candidates.
    Stable,
    /// The welfare optimum, by min-cost flow.
    Optimal,
}

impl Policy {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Stable => "stable",
            Self::Optimal => "optimal",
        }
    }

    /// The policy's name for a reader (`politique stable`, `optimal policy`).
    #[must_use]
    pub const fn label(self, lang: crate::diagnostics::Lang) -> &'static str {
        use crate::diagnostics::Lang;
        match (self, lang) {
            (Self::Stable, Lang::Fr) => "politique stable",
            (Self::Stable, Lang::En) => "stable policy",
            (Self::Optimal, Lang::Fr) => "politique optimale",
            (Self::Optimal, Lang::En) => "optimal policy",
        }
    }
}

from_str_by_name!(Policy, "policy", [Policy::Stable, Policy::Optimal]);

/// Why a candidate is not on one of the défis they ranked above their placement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChoiceOutcome {
    /// They are placed here.
    Placed {
        /// The lowest score admitted to this seat group.
        cutoff: f64,
    },
    /// The seats of their expertise were full, taken by candidates scored above them (at a
    /// cut-off above their score, or equal and before them by id).
    Full {
        /// The lowest score admitted.
        cutoff: f64,
    },
    /// The défi has no seat for their expertise.
    NoSeat,
    /// Optimal policy only: a seat went to a candidate scored lower, or stayed free, because
    /// the welfare is higher that way (this is a blocking pair).
    NotChosen {
        /// The lowest score admitted, when any seat is taken.
        cutoff: Option<f64>,
    },
    /// Re-matching or pins: a seat is held by a candidate scored lower who was pinned there or
    /// placed there before, and stays (re-matching moves as few people as possible).
    Kept {
        /// The lowest score admitted.
        cutoff: Option<f64>,
    },
    /// Re-matching or pins: the candidate holds their seat by a pin or from before, and stays
    /// there though a seat of this choice could have been theirs (re-matching moves nobody it
    /// need not).
    Stayed,
    /// The input vetoes this pair (`forbidden`).
    Forbidden,
}

impl ChoiceOutcome {
    /// The stable snake_case code.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Placed { .. } => "placed",
            Self::Full { .. } => "full",
            Self::NoSeat => "no_seat",
            Self::NotChosen { .. } => "not_chosen",
            Self::Kept { .. } => "kept",
            Self::Stayed => "stayed",
            Self::Forbidden => "forbidden",
        }
    }
}

/// One of a candidate's choices, and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// The défi.
    pub challenge: String,
    /// Its rank in the candidate's list (1 for the first).
    pub rank: u32,
    /// The candidate's score for it.
    pub score: f64,
    /// What became of it.
    pub outcome: ChoiceOutcome,
}

/// Where a candidate is placed, and why not higher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// The candidate.
    pub candidate: String,
    /// Their expertise.
    pub expertise: String,
    /// The défi they are placed on, if any.
    pub challenge: Option<String>,
    /// Its rank in their list (1 for the first).
    pub rank: Option<u32>,
    /// Their score for it.
    pub score: Option<f64>,
    /// The lowest score admitted to their seat group.
    pub cutoff: Option<f64>,
    /// Their choices up to their placement (every choice when unplaced), in their order.
    pub choices: Vec<Choice>,
}

/// Why a seat group is not filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Shortfall {
    /// No candidate of that expertise ranked the défi.
    NoEligibleCandidate,
    /// Every eligible candidate is placed on a défi they ranked higher.
    AllPlacedOnPreferred {
        /// How many were eligible.
        eligible: u32,
    },
    /// Optimal policy: some eligible candidates are elsewhere or unplaced, for the welfare.
    LeftForWelfare {
        /// How many were eligible.
        eligible: u32,
    },
    /// Pins or re-matching: the eligible candidates not on a défi they prefer stay where they
    /// were pinned or placed before (re-matching moves nobody it need not).
    KeptElsewhere {
        /// How many were eligible.
        eligible: u32,
    },
}

/// A seat group's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatOutcome {
    /// The expertise.
    pub expertise: String,
    /// Seats offered.
    pub count: u32,
    /// The candidates placed, by score (highest first).
    pub members: Vec<String>,
    /// The lowest score admitted.
    pub cutoff: Option<f64>,
    /// Seats left empty.
    pub unfilled: u32,
    /// Why seats are left empty.
    pub shortfall: Option<Shortfall>,
}

/// A défi's team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    /// The défi.
    pub challenge: String,
    /// Its seat groups.
    pub seats: Vec<SeatOutcome>,
    /// Fellows placed.
    pub size: u32,
    /// Fellows missing to reach the rulebook's minimum team size (0 when reached).
    pub below_minimum_by: u32,
}

/// The figures a policy is compared on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicySummary {
    /// The policy.
    pub policy: Policy,
    /// Candidates.
    pub candidates: u32,
    /// Candidates placed.
    pub placed: u32,
    /// Share of the candidates placed on their first choice.
    pub first_choice_rate: f64,
    /// Mean rank of their défi among the placed (1 is the first choice).
    pub mean_rank: Option<f64>,
    /// Seats offered.
    pub seats: u32,
    /// Seats left empty.
    pub unfilled_seats: u32,
    /// Sum of the placed candidates' scores.
    pub total_score: f64,
    /// The documented welfare of the placement.
    pub welfare: f64,
    /// Candidate–défi pairs who would both rather be together.
    pub blocking_pairs: u32,
    /// Défis below the minimum team size.
    pub teams_below_minimum: u32,
}

/// A blocking pair, by ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockingPairIds {
    /// The candidate.
    pub candidate: String,
    /// The défi.
    pub challenge: String,
}

/// The teams a policy forms, with every explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamResult {
    /// The policy.
    pub policy: Policy,
    /// One per candidate who did not withdraw, in input order.
    pub placements: Vec<Placement>,
    /// One per défi, in input order.
    pub teams: Vec<Team>,
    /// The blocking pairs: none for the stable policy without pins or a previous placement
    /// (who keeps a seat from before may block; a vetoed pair never does).
    pub blocking_pairs: Vec<BlockingPairIds>,
    /// The figures.
    pub summary: PolicySummary,
    /// With a previous placement: who withdrew, who moved (from which défi to which), who was
    /// given a seat left free (empty without).
    pub changes: Vec<crate::placement::Change>,
}

impl TeamResult {
    /// The placement this result announces, as the `previous` of a later re-match: every
    /// candidate placed, with their défi.
    #[must_use]
    pub fn announced(&self) -> Vec<crate::model::CandidateChallenge> {
        self.placements
            .iter()
            .filter_map(|p| {
                p.challenge
                    .as_ref()
                    .map(|d| crate::model::CandidateChallenge {
                        candidate: p.candidate.clone(),
                        challenge: d.clone(),
                    })
            })
            .collect()
    }

    /// How many candidates were moved off the défi they had (re-matching makes it as few as
    /// possible).
    #[must_use]
    pub fn moved(&self) -> usize {
        self.changes.iter().filter(|c| c.is_move()).count()
    }
}
