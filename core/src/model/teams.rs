//! The documents of team formation (selected candidates onto défi seats) and of mentor
//! matching (référents and alumni buddies onto teams).

use super::{Expertise, PromotionId, Theme};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A défi's seats for one expertise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatGroup {
    /// The expertise (a slug of the vocabulary).
    pub expertise: Expertise,
    /// How many fellows of it the défi takes.
    #[schemars(range(min = 1))]
    pub count: u32,
}

/// A selected défi and its seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamChallenge {
    /// The défi's identifier.
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
    /// Its seats, one group per expertise.
    #[schemars(length(min = 1))]
    pub seats: Vec<SeatGroup>,
}

/// A selected candidate and the défis they rank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamCandidate {
    /// The candidate's identifier (an application id: no name here).
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
    /// The expertise they would fill a seat of.
    pub expertise: Expertise,
    /// The défis they applied to, most wanted first; each must have a score.
    pub preferences: Vec<String>,
}

/// The jury's calibrated score of a candidate for a défi they applied to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PairScore {
    /// The candidate.
    pub candidate: String,
    /// The défi.
    pub challenge: String,
    /// The score (higher is better), within ±10⁹.
    #[schemars(range(min = -1e9, max = 1e9))]
    pub score: f64,
}

/// How the optimal policy weighs a placement: `score_weight × score + rank_weight × (n − r)`,
/// where `r` is the défi's rank in the candidate's list (0 for the first) and `n` the list's
/// length. Leaving someone unplaced is worth 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Welfare {
    /// Weight of the jury score (at most 1,000).
    #[serde(default = "one")]
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub score_weight: f64,
    /// Weight of the candidate's preference (at most 1,000).
    #[serde(default = "one")]
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub rank_weight: f64,
}

fn one() -> f64 {
    1.0
}

impl Default for Welfare {
    fn default() -> Self {
        Self {
            score_weight: 1.0,
            rank_weight: 1.0,
        }
    }
}

/// The input of team formation: the selected défis with their seats, the selected
/// candidates with their preferences, and the scores per (candidate, défi).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamFormation {
    /// The schema this document follows (optional).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The promotion (its rulebook bounds team sizes and expertises).
    pub promotion: PromotionId,
    /// The selected défis.
    pub challenges: Vec<TeamChallenge>,
    /// The selected candidates.
    pub candidates: Vec<TeamCandidate>,
    /// The scores; a candidate may only rank a défi they have a score for.
    pub scores: Vec<PairScore>,
    /// The optimal policy's weights (default 1 and 1).
    #[serde(default)]
    pub welfare: Welfare,
    /// Pins: the candidate takes a seat of the défi, whatever the policy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forced: Vec<CandidateChallenge>,
    /// Vetoes: the candidate does not take a seat of the défi.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden: Vec<CandidateChallenge>,
    /// The placement already announced, when forming the teams again after a change (a
    /// candidate withdrew, a seat or a défi was added): every candidate placed then, with their
    /// défi; those not listed were not placed. The new teams move as few of them as possible,
    /// then follow the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Vec<CandidateChallenge>>,
    /// Candidates who withdrew since the previous placement: left out of the new one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<String>,
}

/// A candidate and a défi, for a pin, a veto or a placement already announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateChallenge {
    /// The candidate.
    pub candidate: String,
    /// The défi.
    pub challenge: String,
}

/// A team to give a référent (or a buddy) to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MentoredTeam {
    /// The défi's identifier.
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
    /// Its host organisations (names or ids): a référent from one of them is in conflict.
    #[serde(default)]
    pub organisations: Vec<String>,
    /// The team's expertises.
    #[serde(default)]
    pub expertises: Vec<Expertise>,
    /// The défi's themes.
    #[serde(default)]
    pub themes: Vec<Theme>,
    /// Where the team works.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// How many référents (or buddies) it needs.
    #[serde(default = "one_u32")]
    #[schemars(range(min = 1))]
    pub needs: u32,
    /// The public-agent mentors that come with the défi's submission (shown, not matched).
    #[serde(default)]
    pub mentors: Vec<String>,
}

fn one_u32() -> u32 {
    1
}

/// Who follows teams: a référent of the coordination team, or an alumni buddy.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FollowerKind {
    /// A référent of the coordination team.
    Referent,
    /// An alumni fellow or mentor, as a buddy.
    Buddy,
}

impl FollowerKind {
    /// The snake_case name (`referent`, `buddy`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Referent => "referent",
            Self::Buddy => "buddy",
        }
    }
}

/// A référent or a buddy, with the load they can take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Follower {
    /// Their identifier.
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
    /// Référent or buddy.
    pub kind: FollowerKind,
    /// Fewest teams they follow.
    #[serde(default)]
    pub min_teams: u32,
    /// Most teams they follow (at least 1).
    pub max_teams: u32,
    /// Their expertises.
    #[serde(default)]
    pub expertises: Vec<Expertise>,
    /// The themes they know.
    #[serde(default)]
    pub themes: Vec<Theme>,
    /// Where they work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Whether they can follow a team remotely.
    #[serde(default)]
    pub remote: bool,
    /// The organisation they came from (a référent) or belong to (a buddy): teams hosted
    /// there are a conflict of interest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
}

/// The weights of the documented affinity between a follower and a team:
/// `expertise × (shared expertises) + theme × (shared themes) + place × (same city, or
/// remote)`. The cost the solver minimises is its opposite.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AffinityWeights {
    /// Per expertise shared with the team (within ±1,000).
    #[serde(default = "one")]
    #[schemars(range(min = -1000.0, max = 1000.0))]
    pub expertise: f64,
    /// Per theme of the défi the follower knows (within ±1,000).
    #[serde(default = "one")]
    #[schemars(range(min = -1000.0, max = 1000.0))]
    pub theme: f64,
    /// When in the same city, or remote (within ±1,000).
    #[serde(default = "one")]
    #[schemars(range(min = -1000.0, max = 1000.0))]
    pub place: f64,
}

impl Default for AffinityWeights {
    fn default() -> Self {
        Self {
            expertise: 1.0,
            theme: 1.0,
            place: 1.0,
        }
    }
}

/// The input of mentor matching: teams and followers (référents, and optionally buddies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MentorMatching {
    /// The schema this document follows (optional).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The promotion.
    pub promotion: PromotionId,
    /// The teams.
    pub teams: Vec<MentoredTeam>,
    /// The référents and buddies.
    pub followers: Vec<Follower>,
    /// The affinity's weights.
    #[serde(default)]
    pub weights: AffinityWeights,
    /// Pins: the follower follows the team.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forced: Vec<TeamFollower>,
    /// Vetoes: the follower does not follow the team.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden: Vec<TeamFollower>,
    /// The pairs already announced, when matching again after a change (a follower withdrew,
    /// a team or a follower was added): the new pairs drop as few of them as possible, then
    /// have the best affinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Vec<TeamFollower>>,
    /// Followers who withdrew since the previous pairs: left out of the new ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<String>,
}

/// A team and a follower, for a pin, a veto or a pair already announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamFollower {
    /// The team (défi).
    pub team: String,
    /// The follower.
    pub follower: String,
}
