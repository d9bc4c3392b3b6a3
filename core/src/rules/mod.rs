//! Rulebooks (the rules of each promotion, as data), the [`Rule`] trait of the rules written
//! in code, and the built-in rules.

mod checks;
mod declared;
mod rulebook;
mod sources;
pub(crate) mod suggest;

pub use checks::builtin_rules;
pub use declared::{DeclaredRule, Target};
pub use rulebook::{
    ConflictPolicy, DossierEligibility, FunnelStage, MentorPolicy, MonthRange, Rulebook, SizeRange,
};
pub use sources::{FactSource, Source, leaf_pointers, sources_markdown};

use crate::diagnostics::Violation;
use crate::model::ChallengeSubmission;

/// A rule written in code, for any kind of document: the one trait of the host's rules.
///
/// Add one to a [`DocumentValidator`](crate::documents::DocumentValidator) (or, for défi
/// submissions alone, a [`Validator`](crate::validate::Validator)) with `with_rule`. It checks
/// the kind [`Rule::on`] names (a défi submission unless it says otherwise) and sees the
/// document as a [`Subject`]: typed where the kind has a type (the submission as a
/// [`ChallengeSubmission`], any kind as its model type through [`Subject::parse`]), and as JSON
/// always. It runs after the kind's own checks and pushes every violation it finds; paths are
/// JSON Pointers into the document (`/seats/0/count`). A rule that panics yields `rule_failed`.
///
/// ```
/// use eig::diagnostics::{Severity, Violation};
/// use eig::rules::{Rule, Subject};
///
/// /// Our ministry wants a French summary of at most 300 characters.
/// struct ShortSummary;
///
/// impl Rule for ShortSummary {
///     fn id(&self) -> &str { "short_summary" }
///     fn check(&self, doc: &Subject<'_>, out: &mut Vec<Violation>) {
///         let Some(s) = doc.submission() else { return };
///         if s.summary.chars().count() > 300 {
///             out.push(Violation::custom(
///                 self.id(), "summary_too_long", Severity::Warning, "/summary",
///                 "Le résumé dépasse 300 caractères.", "The summary is over 300 characters.",
///             ));
///         }
///     }
/// }
/// # let _ = eig::validate::Validator::new(eig::Rulebook::builtin("eig-4").unwrap()).with_rule(ShortSummary);
/// ```
///
/// A rule on another kind names it, and reads the document typed or as JSON:
///
/// ```
/// use eig::diagnostics::{Severity, Violation};
/// use eig::documents::{DocumentValidator, Input};
/// use eig::rules::{Rule, Subject, Target};
/// use eig::validate::RulebookChoice;
///
/// /// Our jury sits with five members at least.
/// struct FiveJurors;
/// impl Rule for FiveJurors {
///     fn id(&self) -> &str { "five_jurors" }
///     fn on(&self) -> Target { Target::Jury }
///     fn check(&self, jury: &Subject<'_>, out: &mut Vec<Violation>) {
///         if jury.json()["jurors"].as_array().is_some_and(|j| j.len() < 5) {
///             out.push(Violation::custom(self.id(), "jury_too_small", Severity::Error,
///                 "/jurors", "Le jury compte moins de cinq membres.", "The jury has fewer than five members."));
///         }
///     }
/// }
/// let jury = br#"{"id": "j", "jurors": [{"id": "a", "name": "A"}]}"#;
/// let validator = DocumentValidator::new(RulebookChoice::Named).with_rule(FiveJurors);
/// let report = validator.validate(eig::schema::SchemaKind::Jury, Input::Bytes(jury));
/// # #[cfg(feature = "scoring")]
/// assert!(report.has("jury_too_small"));
/// ```
pub trait Rule: Send + Sync {
    /// A stable snake_case id, written into each violation's `rule`.
    fn id(&self) -> &str;
    /// The kind of document it checks. The default: a défi submission (of either form).
    fn on(&self) -> Target {
        Target::ChallengeSubmission
    }
    /// The top-level fields of the document the rule reads, and how. When the document has
    /// structural errors, a rule whose fields are valid still runs (a submission's rule on
    /// the valid elements of an [`Read::Each`] list; another kind's sees its JSON as it is, so
    /// an error in any element of a list it reads keeps it from running); the others are
    /// listed as `rule_skipped`. `None`, the default, means the whole document: such a rule
    /// runs only on a valid one.
    fn reads(&self) -> Option<&[Read]> {
        None
    }
    /// Whether the rule has anything to check under `rulebook` (a rule of the EIG 7 dossier
    /// has nothing to check under EIG 4's). One that has not is neither run nor listed as
    /// `rule_skipped`. Asked only where a rulebook is in force. The default: always.
    fn applies(&self, rulebook: &Rulebook) -> bool {
        let _ = rulebook;
        true
    }
    /// Pushes onto `out` every violation of this rule in `document`.
    fn check(&self, document: &Subject<'_>, out: &mut Vec<Violation>);
}

/// The document a [`Rule`] checks: typed where its kind has a type, as JSON always, with the
/// rulebook in force when there is one.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    body: Body<'a>,
    rulebook: Option<&'a Rulebook>,
}

#[derive(Debug, Clone, Copy)]
enum Body<'a> {
    Submission(&'a ChallengeSubmission),
    Json(Target, &'a serde_json::Value),
}

impl<'a> Subject<'a> {
    /// A défi submission, typed (the valid parts of it when it has structural errors).
    pub(crate) fn submission_of(
        submission: &'a ChallengeSubmission,
        rulebook: &'a Rulebook,
    ) -> Self {
        Self {
            body: Body::Submission(submission),
            rulebook: Some(rulebook),
        }
    }

    /// A document of `on`, as JSON.
    pub(crate) fn json_of(
        on: Target,
        value: &'a serde_json::Value,
        rulebook: Option<&'a Rulebook>,
    ) -> Self {
        Self {
            body: Body::Json(on, value),
            rulebook,
        }
    }

    /// The kind of the document.
    #[must_use]
    pub fn on(&self) -> Target {
        match self.body {
            Body::Submission(_) => Target::ChallengeSubmission,
            Body::Json(on, _) => on,
        }
    }

    /// The défi submission, typed; `None` for another kind.
    #[must_use]
    pub fn submission(&self) -> Option<&'a ChallengeSubmission> {
        match self.body {
            Body::Submission(s) => Some(s),
            Body::Json(..) => None,
        }
    }

    /// The rulebook in force: for a submission always; for another kind, the one the
    /// validator was given or named (`None` when each document names its own).
    #[must_use]
    pub fn rulebook(&self) -> Option<&'a Rulebook> {
        self.rulebook
    }

    /// The document as JSON (a submission's typed view, written back as JSON).
    #[must_use]
    pub fn json(&self) -> std::borrow::Cow<'a, serde_json::Value> {
        match self.body {
            Body::Json(_, value) => std::borrow::Cow::Borrowed(value),
            Body::Submission(s) => {
                std::borrow::Cow::Owned(serde_json::to_value(s).unwrap_or(serde_json::Value::Null))
            }
        }
    }

    /// The document as its model type (`eig::model::Jury` for a jury …).
    ///
    /// # Errors
    /// Serde's error when the document does not read as a `T`.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        match self.body {
            Body::Json(_, value) => T::deserialize(value),
            Body::Submission(s) => serde_json::to_value(s).and_then(T::deserialize),
        }
    }
}

/// How a [`Rule`] reads a top-level field of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Read {
    /// The whole field: an error anywhere in it keeps the rule from running.
    Whole(&'static str),
    /// Each element of a list on its own: the rule runs on the valid elements.
    Each(&'static str),
}
