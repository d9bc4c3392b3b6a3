//! Rules written as data: a CEL expression over a document, with its messages, carried by a
//! rulebook (`rules`). They are compiled and run by [`crate::validate`]; see `docs/rules.md`.
//!
//! ```
//! let rulebook = eig::Rulebook::from_json(r#"{
//!   "promotion": "eig-9", "label": "EIG 9", "cohort": {"kind": "year", "year": 2027},
//!   "team_size": {"min": 2, "max": 3}, "immersion_months": {"min": 10, "max": 10},
//!   "allowed_expertises": ["developpement"],
//!   "mentors": {"min_mentors": 1, "min_commitment_percent": 20},
//!   "conflict_of_interest": {"sponsor_may_mentor": false, "juror_recusal_for_host": true},
//!   "rules": [{"id": "fiche_beta_gouv", "on": "challenge-submission",
//!              "rule": "has(self.product_page) && self.product_page.startsWith('https://beta.gouv.fr/')",
//!              "path": "/product_page",
//!              "message_fr": "La fiche produit doit être publiée sur beta.gouv.fr.",
//!              "message_en": "The product page must be published on beta.gouv.fr."}]
//! }"#.as_bytes()).unwrap();
//! assert_eq!(rulebook.rules[0].id, "fiche_beta_gouv");
//!
//! // A rule that does not compile is a violation of the rulebook, at its path.
//! let mut broken = serde_json::to_value(&rulebook).unwrap();
//! broken["rules"][0]["rule"] = "self.product_page.startswith('https://')".into();
//! let e = eig::Rulebook::from_json(broken.to_string().as_bytes()).unwrap_err();
//! let v = &e.report.violations[0];
//! assert_eq!((v.code.as_str(), v.path.as_str()), ("rule_invalid", "/rules/0/rule"));
//! assert!(v.message_en.contains(r#"did you mean "startsWith"?"#));
//! ```

use crate::diagnostics::Severity;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// # Declared rule
///
/// A rule written as data: a [CEL](https://cel.dev) expression that is **true when the document
/// is fine**, the kind of document it checks, and the messages of the violation it raises.
///
/// Variables: `self` (the document, or the element with `for_each`), `root` (the whole
/// document), `rulebook` (the rulebook in force) and, with `for_each`, `index` (the element's
/// position).
///
/// A rule `on` `juror-item` reads `juror` and `item` (one juror and one item of a jury plan)
/// and `rulebook`: it is true when the juror may hear the item, and each pair where it is false
/// is a conflict of interest the jury planner keeps, explained by the rule's message
/// (`{juror}` and `{item}` are their identifiers). It has no `for_each` nor `path`, and its
/// severity is `error`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclaredRule {
    /// A stable snake_case id, written into each violation's `rule`.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_]*$"), length(max = 64))]
    pub id: String,
    /// The kind of document it checks.
    pub on: Target,
    /// `error` (the document is refused) or `warning`; `error` when left out.
    #[serde(default = "error")]
    pub severity: Severity,
    /// The code each violation carries; the rule's id when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_]*$"), length(max = 64))]
    pub code: Option<String>,
    /// The CEL expression, true when the document (or the element) is fine.
    #[schemars(length(min = 1, max = 2000))]
    pub rule: String,
    /// A JSON Pointer to a list of the document: the rule is checked once per element, with
    /// `self` the element and `path` relative to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^(/([^~/]|~[01])*)*$"), length(max = 300))]
    pub for_each: Option<String>,
    /// Where the violation points, as a JSON Pointer (relative to the element with
    /// `for_each`); the document (or the element) itself when left out.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[schemars(regex(pattern = r"^(/([^~/]|~[01])*)*$"), length(max = 300))]
    pub path: String,
    /// The message in French. `{value}` is replaced by the value at `path`, `{index}` by the
    /// element's position with `for_each`.
    #[schemars(length(min = 1, max = 1000))]
    pub message_fr: String,
    /// The message in English, with the same placeholders.
    #[schemars(length(min = 1, max = 1000))]
    pub message_en: String,
}

fn error() -> Severity {
    Severity::Error
}

impl DeclaredRule {
    /// The code of its violations: `code`, or the id.
    #[must_use]
    pub fn code(&self) -> &str {
        self.code.as_deref().unwrap_or(&self.id)
    }
}

/// The kind of document a declared rule checks (the names of the published schemas).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Target {
    /// A défi submission.
    ChallengeSubmission,
    /// A candidate's application.
    Application,
    /// A scoring grid.
    ScoringGrid,
    /// A jury.
    Jury,
    /// Score sheets.
    ScoreSheets,
    /// Team formation.
    TeamFormation,
    /// Mentor matching.
    MentorMatching,
    /// The dataset of the programme's public history.
    Dataset,
    /// A jury plan's input.
    JuryPlan,
    /// One juror and one item of a jury plan: the rule is true when the juror may hear the
    /// item (a conflict of interest where it is false).
    JurorItem,
}

impl Target {
    /// Every kind a rule may check.
    pub const ALL: [Target; 10] = [
        Target::ChallengeSubmission,
        Target::Application,
        Target::ScoringGrid,
        Target::Jury,
        Target::ScoreSheets,
        Target::TeamFormation,
        Target::MentorMatching,
        Target::Dataset,
        Target::JuryPlan,
        Target::JurorItem,
    ];

    /// The target an `on` name gives (`jury`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Target> {
        // A submission's rules see both its forms.
        if name == "challenge-submission-2024" {
            return Some(Self::ChallengeSubmission);
        }
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The name written in `on` (`challenge-submission`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::ChallengeSubmission => "challenge-submission",
            Self::Application => "application",
            Self::ScoringGrid => "scoring-grid",
            Self::Jury => "jury",
            Self::ScoreSheets => "score-sheets",
            Self::TeamFormation => "team-formation",
            Self::MentorMatching => "mentor-matching",
            Self::Dataset => "dataset",
            Self::JuryPlan => "jury-plan",
            Self::JurorItem => "juror-item",
        }
    }
}
