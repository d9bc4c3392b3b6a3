//! Rulebooks (the rules of each promotion, as data), the [`Rule`] plug-in trait, and the
//! built-in rules.

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

/// A check of a défi submission against a rulebook.
///
/// Built-in rules implement it, and so can yours: add one to a
/// [`Validator`](crate::validate::Validator) with `with_rule`. A rule sees a submission that has
/// passed the structural (JSON Schema) pass, and pushes every violation it finds. Paths are JSON
/// Pointers into the submission (`/seats/0/count`).
///
/// ```
/// use eig::model::ChallengeSubmission;
/// use eig::diagnostics::{Severity, Violation};
/// use eig::rules::{Rule, Rulebook};
///
/// /// Our ministry wants a French summary of at most 300 characters.
/// struct ShortSummary;
///
/// impl Rule for ShortSummary {
///     fn id(&self) -> &str { "short_summary" }
///     fn check(&self, s: &ChallengeSubmission, _: &Rulebook, out: &mut Vec<Violation>) {
///         if s.summary.chars().count() > 300 {
///             out.push(Violation::custom(
///                 self.id(), "summary_too_long", Severity::Warning, "/summary",
///                 "Le résumé dépasse 300 caractères.", "The summary is over 300 characters.",
///             ));
///         }
///     }
/// }
/// # let _ = eig::validate::Validator::new(Rulebook::builtin("eig-4").unwrap()).with_rule(ShortSummary);
/// ```
pub trait Rule: Send + Sync {
    /// A stable snake_case id, written into each violation's `rule`.
    fn id(&self) -> &str;
    /// The top-level fields of the submission the rule reads, and how. When the submission
    /// has structural errors, a rule whose fields are valid still runs (on the valid
    /// elements of an [`Read::Each`] list); the others are listed as `rule_skipped`. `None`,
    /// the default, means the whole submission: such a rule runs only on a valid one.
    fn reads(&self) -> Option<&[Read]> {
        None
    }
    /// Whether the rule has anything to check under `rulebook` (a rule of the EIG 7 dossier
    /// has nothing to check under EIG 4's). One that has not is neither run nor listed as
    /// `rule_skipped`. The default: always.
    fn applies(&self, rulebook: &Rulebook) -> bool {
        let _ = rulebook;
        true
    }
    /// Pushes onto `out` every violation of this rule in `submission`.
    fn check(
        &self,
        submission: &ChallengeSubmission,
        rulebook: &Rulebook,
        out: &mut Vec<Violation>,
    );
}

/// How a [`Rule`] reads a top-level field of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Read {
    /// The whole field: an error anywhere in it keeps the rule from running.
    Whole(&'static str),
    /// Each element of a list on its own: the rule runs on the valid elements.
    Each(&'static str),
}

/// A check written in code for any kind of document: it sees the document as JSON (a
/// submission's typed rules implement [`Rule`]). Give it to
/// [`validate_document_with`](crate::documents::validate_document_with). It runs on a
/// structurally valid document; on another it is listed as `rule_skipped`. A rule that panics
/// yields `rule_failed`.
///
/// ```
/// use eig::diagnostics::{Severity, Violation};
/// use eig::documents::{Input, validate_document_with};
/// use eig::rules::{DocumentRule, Target};
/// use eig::validate::RulebookChoice;
///
/// /// Our jury sits with five members at least.
/// struct FiveJurors;
/// impl DocumentRule for FiveJurors {
///     fn id(&self) -> &str { "five_jurors" }
///     fn on(&self) -> Target { Target::Jury }
///     fn check(&self, jury: &serde_json::Value, out: &mut Vec<Violation>) {
///         if jury["jurors"].as_array().is_some_and(|j| j.len() < 5) {
///             out.push(Violation::custom(self.id(), "jury_too_small", Severity::Error,
///                 "/jurors", "Le jury compte moins de cinq membres.", "The jury has fewer than five members."));
///         }
///     }
/// }
/// let jury = br#"{"id": "j", "jurors": [{"id": "a", "name": "A"}]}"#;
/// let rules: Vec<Box<dyn DocumentRule>> = vec![Box::new(FiveJurors)];
/// let report = validate_document_with(eig::schema::SchemaKind::Jury, Input::Bytes(jury),
///                                     &RulebookChoice::Named, &rules);
/// # #[cfg(feature = "scoring")]
/// assert!(report.has("jury_too_small"));
/// ```
pub trait DocumentRule: Send + Sync {
    /// A stable snake_case id, written into each violation's `rule`.
    fn id(&self) -> &str;
    /// The kind of document it checks.
    fn on(&self) -> Target;
    /// Pushes onto `out` every violation of this rule in `document`.
    fn check(&self, document: &serde_json::Value, out: &mut Vec<Violation>);
}
