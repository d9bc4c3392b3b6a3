//! The rulebook as a document: its schema, then the consistency checks of
//! [`Rulebook::check`]; and the choice of the rulebook that checks another document.

use super::document::{Checked, Document, load_value_with, report_of};
use super::{Limits, declared, input};
use crate::diagnostics::{InvalidDocument, Report, Violation, message};
use crate::rules::DeclaredRule;
use crate::rules::Rulebook;
use crate::schema::SchemaKind;
use serde::Deserialize;
use serde_json::Value;

impl Document for Rulebook {
    const KIND: SchemaKind = SchemaKind::Rulebook;
    type Context = ();
    fn check(&self, (): &()) -> Vec<Violation> {
        let mut out = Rulebook::check(self);
        out.extend(super::declared::check_rulebook(self));
        out
    }
}

impl Rulebook {
    /// Loads a rulebook from JSON bytes, checked against the rulebook schema and for
    /// consistency (ranges, windows). On failure the report lists every violation.
    ///
    /// # Errors
    /// [`InvalidDocument`] with the full report.
    pub fn from_json(bytes: &[u8]) -> Result<Rulebook, InvalidDocument> {
        load_rulebook(bytes).map(Checked::into_inner)
    }
}

/// Loads a rulebook: its schema, its consistency checks and the compilation of its declared
/// rules. A rulebook with structural errors still has each of its well-formed rules
/// compiled, so that one run reports every fault.
pub(crate) fn load_rulebook(bytes: &[u8]) -> Result<Checked<Rulebook>, InvalidDocument> {
    let value = input::parse(bytes, Limits::default())?;
    load_rulebook_value(&value)
}

/// [`load_rulebook`] for a document already parsed as JSON.
pub(crate) fn load_rulebook_value(value: &Value) -> Result<Checked<Rulebook>, InvalidDocument> {
    match load_value_with::<Rulebook>(value, |_| ((), Vec::new())) {
        Ok(checked) => Ok(checked),
        // The structure is valid: the checks, rules included, ran.
        Err(e) if super::structural_errors(&e.report).is_empty() => Err(e),
        Err(e) => {
            let mut violations = e.report.violations;
            let rules = value.get("rules").and_then(Value::as_array);
            // A rule without an id is its own (its missing id is reported already).
            let ids: Vec<String> = rules
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, r)| {
                    r.get("id")
                        .and_then(Value::as_str)
                        .map_or_else(|| format!("\0{i}"), str::to_owned)
                })
                .collect();
            crate::diagnostics::duplicate_ids(
                ids.iter().map(String::as_str),
                |i| format!("/rules/{i}/id"),
                message::Thing::Rule,
                &mut violations,
            );
            for (i, rule) in rules.into_iter().flatten().enumerate() {
                let at = format!("/rules/{i}");
                let broken = violations
                    .iter()
                    .any(|v| v.path == at || v.path.starts_with(&format!("{at}/")));
                if broken {
                    continue;
                }
                if let Ok(rule) = DeclaredRule::deserialize(rule) {
                    violations.extend(declared::check_rule(i, &rule));
                }
            }
            Err(InvalidDocument::new(violations))
        }
    }
}

/// Validates a rulebook document (raw JSON bytes): the input and structural passes, then the
/// consistency checks of [`Rulebook::check`] and the compilation of its declared rules.
#[must_use]
pub fn validate_rulebook(bytes: &[u8]) -> Report {
    report_of(load_rulebook(bytes))
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
