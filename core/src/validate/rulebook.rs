//! The rulebook as a document: its schema, then the consistency checks of
//! [`Rulebook::check`]; and the choice of the rulebook that checks another document.

use super::document::{Checked, Document, load_with, report_of};
use crate::diagnostics::{InvalidDocument, Report, Violation, message};
use crate::rules::Rulebook;
use crate::schema::SchemaKind;

impl Document for Rulebook {
    const KIND: SchemaKind = SchemaKind::Rulebook;
    type Context = ();
    fn check(&self, (): &()) -> Vec<Violation> {
        Rulebook::check(self)
    }
}

impl Rulebook {
    /// Loads a rulebook from JSON bytes, checked against the rulebook schema and for
    /// consistency (ranges, windows). On failure the report lists every violation.
    ///
    /// # Errors
    /// [`InvalidDocument`] with the full report.
    pub fn from_json(bytes: &[u8]) -> Result<Rulebook, InvalidDocument> {
        super::load_document::<Rulebook>(bytes).map(Checked::into_inner)
    }
}

/// Validates a rulebook document (raw JSON bytes): the input and structural passes, then the
/// consistency checks of [`Rulebook::check`].
#[must_use]
pub fn validate_rulebook(bytes: &[u8]) -> Report {
    report_of(load_with::<Rulebook>(bytes, |_| ((), Vec::new())))
}

/// Which rulebook checks a document: the one the front end was given, the built-in one of a
/// promotion it names, or the built-in one of the promotion the document names. The CLI,
/// Python and uniffi all choose through this one type.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum RulebookChoice {
    /// The built-in rulebook of the promotion the document names (`promotion` field).
    #[default]
    Named,
    /// The built-in rulebook of this promotion id.
    Builtin(String),
    /// This rulebook (a file the user gave).
    Given(Box<Rulebook>),
}

impl RulebookChoice {
    /// From the two options every front end has, `promotion` and `rulebook`: at most one.
    ///
    /// # Errors
    /// A message when both are given.
    pub fn from_options(
        promotion: Option<&str>,
        rulebook: Option<Rulebook>,
    ) -> Result<Self, &'static str> {
        match (promotion, rulebook) {
            (Some(_), Some(_)) => Err("give a promotion or a rulebook, not both"),
            (Some(id), None) => Ok(Self::Builtin(id.to_owned())),
            (None, Some(rb)) => Ok(Self::Given(Box::new(rb))),
            (None, None) => Ok(Self::Named),
        }
    }

    /// The rulebook for a document that names `named`, or the violation that says why there
    /// is none (`promotion_unknown`, at `/promotion`).
    ///
    /// # Errors
    /// `promotion_unknown` when the promotion has no built-in rulebook.
    #[allow(clippy::result_large_err)]
    pub fn resolve(&self, named: &str) -> Result<Rulebook, Violation> {
        match self {
            Self::Given(rb) => Ok((**rb).clone()),
            Self::Builtin(id) => Rulebook::builtin(id).ok_or_else(|| unknown_promotion(id, "")),
            Self::Named => {
                Rulebook::builtin(named).ok_or_else(|| unknown_promotion(named, "/promotion"))
            }
        }
    }
}

/// `promotion_unknown`: no built-in rulebook for this promotion id; the message lists the
/// promotions that have one.
pub(crate) fn unknown_promotion(id: &str, path: &str) -> Violation {
    message::promotion_unknown(path, id, &crate::model::PromotionId::HISTORICAL)
}
