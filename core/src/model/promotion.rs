use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Identifier of a promotion: `eig-1` … `eig-7`, `dig-2019`, or a later one (`eig-8`).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct PromotionId(
    #[schemars(regex(pattern = r"^(eig-[1-9][0-9]*|dig-[0-9]{4})$"))] pub String,
);

impl PromotionId {
    /// Every promotion that has a built-in rulebook, in historical order.
    pub const HISTORICAL: [&'static str; 8] = [
        "eig-1", "eig-2", "eig-3", "dig-2019", "eig-4", "eig-5", "eig-6", "eig-7",
    ];

    /// Wraps an id (no check: the schema and [`PromotionId::parse`] check the shape).
    #[must_use]
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// Parses an id, accepting the shapes `eig-N` and `dig-YYYY`.
    #[must_use]
    pub fn parse(id: &str) -> Option<Self> {
        let ok = if let Some(n) = id.strip_prefix("eig-") {
            !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit())
        } else if let Some(y) = id.strip_prefix("dig-") {
            y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())
        } else {
            false
        };
        ok.then(|| Self(id.to_owned()))
    }

    /// The id as a string.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PromotionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// How a promotion recruits: one yearly cohort, or rolling sprints (from EIG 7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Cohort {
    /// One cohort that starts together in a given year.
    Year {
        /// The year the cohort starts.
        year: u16,
    },
    /// Recruitment in rolling sprints, with juries every few months.
    RollingSprints {
        /// The year the rolling recruitment started.
        from_year: u16,
        /// How often a jury sits, in months.
        jury_every_months: u8,
    },
}

/// A promotion of the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    /// Its identifier.
    pub id: PromotionId,
    /// Its public name (`EIG 4`, `DIG`).
    pub label: String,
    /// Whether it is a yearly cohort or rolling sprints.
    pub cohort: Cohort,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse() {
        for ok in PromotionId::HISTORICAL {
            assert!(PromotionId::parse(ok).is_some(), "{ok}");
        }
        for bad in ["eig-0", "eig-", "EIG-4", "dig-19", "eig4", "eig-01"] {
            assert!(PromotionId::parse(bad).is_none(), "{bad}");
        }
    }
}
