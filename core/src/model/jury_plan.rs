//! The jury plan: who sits in which panel, in which room and half-day, to hear which items.

use super::{IDENT_PATTERN, PromotionId};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// # Jury plan
///
/// The input of jury planning: the slots (a room on a half-day), the jurors (their
/// organisation, profiles, the slots they can sit in, whether they can be the panel's
/// référent, their load), the items to hear (défis or candidates, their host organisations and
/// the profiles their panel must include), the panel rules, and the pairs forced or forbidden.
/// A juror never sits on a panel hearing an item of their own organisation, nor one they
/// declared a conflict with, nor a forbidden pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JuryPlan {
    /// The schema this document follows (optional).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The promotion.
    pub promotion: PromotionId,
    /// What the panels hear: défis (`challenges`) or candidates.
    #[serde(default)]
    pub hearing: Hearing,
    /// The slots: one room on one half-day. A panel sits in one slot.
    #[schemars(length(min = 1, max = 200))]
    pub slots: Vec<Slot>,
    /// The jurors.
    #[schemars(length(min = 1, max = 2000))]
    pub jurors: Vec<PlanJuror>,
    /// The items to hear, each by one panel.
    #[schemars(length(min = 1, max = 1000))]
    pub items: Vec<PlanItem>,
    /// The rules every panel keeps.
    pub panel_rules: PanelRules,
    /// Pairs to keep: the juror sits on the panel that hears the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 10000))]
    pub forced: Vec<JurorItem>,
    /// Pairs to avoid: the juror does not sit on the panel that hears the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 10000))]
    pub forbidden: Vec<JurorItem>,
    /// The weights of the objective.
    #[serde(default)]
    pub weights: PlanWeights,
    /// The plan already announced, when planning again after a change: the new plan moves as
    /// few people as possible from it (jurors whose seats change, items whose slot changes),
    /// then has the best objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousPlan>,
    /// Jurors and items that withdrew since the previous plan: left out of the new one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 3000))]
    pub withdrawn: Vec<String>,
}

/// A plan already announced: each panel's slot, jurors and items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousPlan {
    /// The panels.
    #[schemars(length(max = 200))]
    pub panels: Vec<PreviousPanel>,
}

/// A panel of a plan already announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousPanel {
    /// Its slot.
    pub slot: String,
    /// Its jurors.
    #[schemars(length(max = 1000))]
    pub jurors: Vec<String>,
    /// Its items.
    #[schemars(length(max = 1000))]
    pub items: Vec<String>,
}

/// What a jury hears.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Hearing {
    /// Défis, presented by their administrations.
    #[default]
    Challenges,
    /// Candidates, in interviews.
    Candidates,
}

/// Morning or afternoon.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum HalfDay {
    /// Matin.
    Morning,
    /// Après-midi.
    Afternoon,
}

impl HalfDay {
    /// The words, in French and in English.
    #[must_use]
    pub const fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::Morning => ("matin", "morning"),
            Self::Afternoon => ("après-midi", "afternoon"),
        }
    }
}

/// One room on one half-day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    /// The slot's identifier.
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// The day (`2020-03-10`).
    pub day: chrono::NaiveDate,
    /// Morning or afternoon.
    pub half_day: HalfDay,
    /// The room (or the video call), as the panel is told.
    #[schemars(length(min = 1, max = 200))]
    pub room: String,
    /// How long the panel sits, in minutes (items' lengths add up within it).
    #[serde(default = "half_day_minutes")]
    #[schemars(range(min = 1, max = 720))]
    pub minutes: u32,
}

fn half_day_minutes() -> u32 {
    180
}

/// A juror, as the plan places them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanJuror {
    /// The juror's identifier.
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// The juror's full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 200), extend("$comment" = "personal data"))]
    pub name: Option<String>,
    /// The organisation the juror works for: its items are a conflict of interest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 300))]
    pub organisation: Option<String>,
    /// The juror's profiles (`developpement`, `design`, `data`, `produit`, `metier`…), as the
    /// items and the panel rules name them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 50))]
    pub profiles: Vec<ProfileName>,
    /// The slots the juror can sit in (by identifier); every slot when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 200))]
    pub slots: Option<Vec<String>>,
    /// Whether the juror can be a panel's référent (keeps time, fills the shared grid).
    #[serde(default)]
    pub can_be_referent: bool,
    /// How many panels the juror sits on: at least `min`, at most `max` (one by default).
    #[serde(default)]
    pub load: LoadRange,
    /// Declared conflicts of interest.
    #[serde(default, skip_serializing_if = "super::Conflicts::is_empty")]
    pub conflicts: super::Conflicts,
}

/// A profile's name.
pub type ProfileName = String;

/// How many panels a juror sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadRange {
    /// Fewest panels.
    #[serde(default)]
    #[schemars(range(max = 200))]
    pub min: u32,
    /// Most panels.
    #[serde(default = "one")]
    #[schemars(range(max = 200))]
    pub max: u32,
}

fn one() -> u32 {
    1
}

impl Default for LoadRange {
    fn default() -> Self {
        Self { min: 0, max: 1 }
    }
}

/// An item a panel hears: a défi or a candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    /// The item's identifier (the défi's or the candidate's, as the score sheets name it).
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// Its title, as the timetable shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 300))]
    pub title: Option<String>,
    /// The organisations that host it: a juror of one of them never hears it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 20))]
    pub hosts: Vec<String>,
    /// The profiles its panel must include (one juror of each at least).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 20))]
    pub profiles: Vec<ProfileName>,
    /// How long its hearing lasts, in minutes.
    #[serde(default = "forty")]
    #[schemars(range(min = 1, max = 720))]
    pub minutes: u32,
}

fn forty() -> u32 {
    40
}

/// The rules every panel keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PanelRules {
    /// How many jurors sit on a panel.
    pub size: CountRange,
    /// How many items a panel hears.
    pub items: CountRange,
    /// At most this many jurors of one organisation on a panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub max_per_organisation: Option<u32>,
    /// Whether each panel has one référent, among the jurors who can be (true by default).
    #[serde(default = "yes")]
    pub referent: bool,
    /// The profiles every panel includes (one juror of each at least).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 20))]
    pub profiles: Vec<ProfileName>,
}

fn yes() -> bool {
    true
}

/// A range of counts, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountRange {
    /// The fewest.
    #[schemars(range(min = 1, max = 1000))]
    pub min: u32,
    /// The most.
    #[schemars(range(min = 1, max = 1000))]
    pub max: u32,
}

/// A juror and an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JurorItem {
    /// The juror's identifier.
    pub juror: String,
    /// The item's identifier.
    pub item: String,
}

/// The weights of the plan's objective, which the planner maximises:
/// `coverage × (seats held by a juror with a profile one of the panel's items asks for)
/// − same_organisation × (jurors past the first of one organisation on a panel)
/// − extra_sitting × (panels past the first a juror sits on)`. Every hard rule holds whatever
/// the weights.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanWeights {
    /// Per seat held by a juror whose profile one of the panel's items asks for.
    #[serde(default = "ten")]
    #[schemars(range(min = 0, max = 1000))]
    pub coverage: f64,
    /// Per juror past the first of one organisation on a panel.
    #[serde(default = "three")]
    #[schemars(range(min = 0, max = 1000))]
    pub same_organisation: f64,
    /// Per panel past the first a juror sits on.
    #[serde(default = "unit")]
    #[schemars(range(min = 0, max = 1000))]
    pub extra_sitting: f64,
}

fn ten() -> f64 {
    10.0
}
fn three() -> f64 {
    3.0
}
fn unit() -> f64 {
    1.0
}

impl Default for PlanWeights {
    fn default() -> Self {
        Self {
            coverage: 10.0,
            same_organisation: 3.0,
            extra_sitting: 1.0,
        }
    }
}
