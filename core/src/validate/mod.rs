//! Document validation: one entry point from raw bytes to a [`Report`] with **all** violations.
//!
//! 1. The input pass: size and nesting limits, UTF-8, JSON syntax, a top-level object.
//! 2. The structural pass: the published JSON Schema (formats asserted).
//! 3. The semantic pass, over the typed value: the rulebook's [`Rule`]s, then custom ones.
//!
//! The semantic pass runs only on a structurally valid document, since its rules read typed
//! values; the report then holds every structural violation at once.

mod document;
mod input;
mod locate;
mod structural;

pub(crate) use document::duplicate_ids;
pub use document::{
    Document, load_document, load_document_value, validate_document, validate_document_value,
};

pub use input::Limits;
pub use locate::SourceMap;

use crate::model::ChallengeSubmission;
use crate::rules::{Code, Rule, Rulebook, Severity, Violation, builtin_rules};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use structural::Compiled;

/// The outcome of validating one document: every violation found, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// True when no violation is an error (warnings allowed).
    pub valid: bool,
    /// Every violation: input, then structural, then semantic, each in document order.
    pub violations: Vec<Violation>,
}

impl Report {
    /// A report over these violations.
    #[must_use]
    pub fn new(violations: Vec<Violation>) -> Self {
        let valid = !violations.iter().any(Violation::is_error);
        Self { valid, violations }
    }

    /// The violations that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|v| v.severity == Severity::Error)
    }

    /// The violations that are warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|v| v.severity == Severity::Warning)
    }

    /// Whether some violation has this code.
    #[must_use]
    pub fn has(&self, code: &str) -> bool {
        self.violations.iter().any(|v| v.code == code)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.violations.is_empty() {
            return f.write_str("valid");
        }
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

/// A document that could not be loaded, with the report that says why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid document ({} violation(s)): {report}", report.violations.len())]
pub struct InvalidDocument {
    /// Every violation found.
    pub report: Report,
}

/// Validates défi submissions against a rulebook, with the built-in rules and any custom ones.
///
/// ```
/// use eig::{Rulebook, validate::Validator};
///
/// let validator = Validator::new(Rulebook::builtin("eig-4").unwrap());
/// let report = validator.validate(br#"{"promotion": "eig-4", "titel": "Signaux faibles"}"#);
/// assert!(!report.valid);
/// let typo = report.violations.iter().find(|v| v.code == "unknown_field").unwrap();
/// assert_eq!(typo.path, "/titel");
/// assert_eq!(typo.message_en, r#"unknown field "titel"; did you mean "title"?"#);
/// ```
pub struct Validator {
    rulebook: Rulebook,
    rules: Vec<Box<dyn Rule>>,
    limits: Limits,
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("rulebook", &self.rulebook.promotion)
            .field(
                "rules",
                &self
                    .rules
                    .iter()
                    .map(|r| r.id().to_owned())
                    .collect::<Vec<_>>(),
            )
            .field("limits", &self.limits)
            .finish()
    }
}

impl Validator {
    /// A validator with the built-in rules and default limits.
    #[must_use]
    pub fn new(rulebook: Rulebook) -> Self {
        Self {
            rulebook,
            rules: builtin_rules(),
            limits: Limits::default(),
        }
    }

    /// Adds a custom rule; it runs after the built-in ones. A rule that panics yields a
    /// `rule_failed` violation instead of a crash.
    #[must_use]
    pub fn with_rule(mut self, rule: impl Rule + 'static) -> Self {
        self.rules.push(Box::new(rule));
        self
    }

    /// Adds a boxed custom rule (for bindings that build rules at run time).
    pub fn push_rule(&mut self, rule: Box<dyn Rule>) {
        self.rules.push(rule);
    }

    /// Replaces the input limits.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The rulebook in force.
    #[must_use]
    pub fn rulebook(&self) -> &Rulebook {
        &self.rulebook
    }

    /// The ids of the rules that run, in order.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.id())
    }

    /// Validates a submission given as raw bytes (JSON).
    #[must_use]
    pub fn validate(&self, bytes: &[u8]) -> Report {
        let (parsed, mut violations) =
            load::<ChallengeSubmission>(bytes, self.limits, &structural::SUBMISSION);
        if let Some(submission) = parsed {
            violations.extend(self.semantic(&submission));
        }
        Report::new(violations)
    }

    /// Validates a submission already parsed as JSON.
    #[must_use]
    pub fn validate_value(&self, value: &Value) -> Report {
        let (parsed, mut violations) =
            from_value::<ChallengeSubmission>(value, &structural::SUBMISSION);
        if let Some(submission) = parsed {
            violations.extend(self.semantic(&submission));
        }
        Report::new(violations)
    }

    /// Runs the rules alone over a typed submission (no structural pass).
    #[must_use]
    pub fn validate_submission(&self, submission: &ChallengeSubmission) -> Report {
        Report::new(self.semantic(submission))
    }

    /// Parses a submission, or returns every violation (errors only make it fail).
    ///
    /// # Errors
    /// [`InvalidDocument`] when the report has an error.
    pub fn load(&self, bytes: &[u8]) -> Result<ChallengeSubmission, InvalidDocument> {
        let (parsed, mut violations) =
            load::<ChallengeSubmission>(bytes, self.limits, &structural::SUBMISSION);
        if let Some(s) = &parsed {
            violations.extend(self.semantic(s));
        }
        match parsed {
            Some(s) if !violations.iter().any(Violation::is_error) => Ok(s),
            _ => Err(InvalidDocument {
                report: Report::new(violations),
            }),
        }
    }

    fn semantic(&self, submission: &ChallengeSubmission) -> Vec<Violation> {
        let mut out = Vec::new();
        for rule in &self.rules {
            let mut found = Vec::new();
            let run = catch_unwind(AssertUnwindSafe(|| {
                rule.check(submission, &self.rulebook, &mut found);
            }));
            match run {
                Ok(()) => out.extend(found),
                Err(payload) => {
                    let why = payload
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "panic".to_owned());
                    out.push(
                        Violation::new(
                            Code::RuleFailed,
                            "",
                            format!("la règle « {} » a échoué : {why}", rule.id()),
                            format!("the rule \"{}\" failed: {why}", rule.id()),
                        )
                        .with_rule(rule.id()),
                    );
                }
            }
        }
        out
    }
}

/// Validates a défi submission (raw JSON bytes) against a rulebook with the built-in rules.
///
/// ```
/// let rulebook = eig::Rulebook::builtin("eig-4").unwrap();
/// let report = eig::validate(b"[]", &rulebook);
/// assert_eq!(report.violations[0].code, "not_an_object");
/// ```
#[must_use]
pub fn validate(bytes: &[u8], rulebook: &Rulebook) -> Report {
    Validator::new(rulebook.clone()).validate(bytes)
}

/// Validates a défi submission against the built-in rulebook of the promotion it names in its
/// `promotion` field. A promotion without a built-in rulebook gets a `promotion_unknown`
/// violation (with the structural pass still run); pass a rulebook to [`validate`] instead.
///
/// ```
/// let report = eig::validate::validate_named_promotion(br#"{"promotion": "eig-9"}"#);
/// assert!(report.has("promotion_unknown"));
/// assert!(report.has("missing_field"));
/// ```
#[must_use]
pub fn validate_named_promotion(bytes: &[u8]) -> Report {
    match input::parse(bytes, Limits::default()) {
        Ok(value) => validate_named_promotion_value(&value),
        Err(v) => Report::new(vec![v]),
    }
}

/// [`validate_named_promotion`] for a document already parsed as JSON.
#[must_use]
pub fn validate_named_promotion_value(value: &Value) -> Report {
    let named = value.get("promotion").and_then(Value::as_str);
    if let Some(rulebook) = named.and_then(Rulebook::builtin) {
        return Validator::new(rulebook).validate_value(value);
    }
    let (_, mut violations) = from_value::<ChallengeSubmission>(value, &structural::SUBMISSION);
    if let Some(id) = named.filter(|id| crate::model::PromotionId::parse(id).is_some()) {
        violations.push(Violation::new(
            Code::PromotionUnknown,
            "/promotion",
            format!("aucun règlement intégré pour la promotion {id} ; fournissez un règlement"),
            format!("no built-in rulebook for promotion {id}; give a rulebook"),
        ));
    }
    Report::new(violations)
}

/// Input and structural passes, then typed deserialisation.
fn load<T: DeserializeOwned>(
    bytes: &[u8],
    limits: Limits,
    schema: &Compiled,
) -> (Option<T>, Vec<Violation>) {
    match input::parse(bytes, limits) {
        Ok(value) => from_value(&value, schema),
        Err(v) => (None, vec![v]),
    }
}

fn from_value<T: DeserializeOwned>(
    value: &Value,
    schema: &Compiled,
) -> (Option<T>, Vec<Violation>) {
    if !value.is_object() {
        let (en, fr) = input::json_type(value);
        return (
            None,
            vec![Violation::new(
                Code::NotAnObject,
                "",
                format!("le document doit être un objet JSON, pas {fr}"),
                format!("the document must be a JSON object, not {en}"),
            )],
        );
    }
    let violations = schema.check(value);
    if !violations.is_empty() {
        return (None, violations);
    }
    // The fast path reads the value in place; only a failure is read again to find its path.
    if let Ok(t) = T::deserialize(value) {
        return (Some(t), violations);
    }
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(t) => (Some(t), violations),
        Err(e) => {
            let path: String = e
                .path()
                .iter()
                .filter_map(|seg| match seg {
                    serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
                    serde_path_to_error::Segment::Map { key } => {
                        Some(format!("/{}", crate::rules::escape_pointer_token(key)))
                    }
                    serde_path_to_error::Segment::Enum { .. }
                    | serde_path_to_error::Segment::Unknown => None,
                })
                .collect();
            let inner = e.into_inner().to_string();
            (
                None,
                vec![Violation::new(
                    Code::InvalidValue,
                    path,
                    format!("valeur impossible : {inner}"),
                    format!("impossible value: {inner}"),
                )],
            )
        }
    }
}

/// Validates a rulebook document (raw JSON bytes): the input and structural passes, then the
/// consistency checks of [`Rulebook::check`].
#[must_use]
pub fn validate_rulebook(bytes: &[u8]) -> Report {
    match load_rulebook(bytes) {
        Ok(_) => Report::new(Vec::new()),
        Err(e) => e.report,
    }
}

pub(crate) fn load_rulebook(bytes: &[u8]) -> Result<Rulebook, InvalidDocument> {
    let (parsed, mut violations) =
        load::<Rulebook>(bytes, Limits::default(), &structural::RULEBOOK);
    if let Some(rb) = &parsed {
        violations.extend(rb.check());
    }
    match parsed {
        Some(rb) if violations.is_empty() => Ok(rb),
        _ => Err(InvalidDocument {
            report: Report::new(violations),
        }),
    }
}
