//! The recruitment process of a rolling promotion (EIG 7 on), as data: its sprints, and the
//! cap on how many are recruited across them.

use super::{CallWindow, IDENT_PATTERN};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A recruitment sprint: the window candidates file in, and the days of the selection
/// interviews (site-eig-v3 `participer/candidats/postuler.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sprint {
    /// The sprint's identifier (`sprint-1`).
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub id: String,
    /// Its name in French (`Sprint n° 1 (février-mars 2024)`).
    #[schemars(length(min = 1, max = 200))]
    pub label_fr: String,
    /// When candidates file their dossier.
    pub applications: CallWindow,
    /// The days of the selection interviews.
    pub interviews: DayRange,
}

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayRange {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
}

/// At most `max` people recruited at `stage`, over every sprint (of `year`, when given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HiringCap {
    /// The most people recruited.
    #[schemars(range(min = 1))]
    pub max: u32,
    /// The stage whose selected items are recruited (a stage's `id`).
    #[schemars(regex(pattern = IDENT_PATTERN))]
    pub stage: String,
    /// The year the cap holds for, if it is yearly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
}
