//! A [`Report`] holds every violation of one document; [`InvalidDocument`] is the one error of
//! every engine that refuses a document.

use super::{Severity, Violation};
use serde::{Deserialize, Serialize};
use std::fmt;

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

/// A document that could not be loaded or used, with the report that says why: the one error
/// type of every document engine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid document ({} violation(s)): {report}", report.violations.len())]
pub struct InvalidDocument {
    /// Every violation found.
    pub report: Report,
}

impl InvalidDocument {
    /// The error of these violations.
    #[must_use]
    pub fn new(violations: Vec<Violation>) -> Self {
        Self {
            report: Report::new(violations),
        }
    }

    /// Every violation found.
    #[must_use]
    pub fn violations(&self) -> &[Violation] {
        &self.report.violations
    }
}

impl From<Violation> for InvalidDocument {
    fn from(v: Violation) -> Self {
        Self::new(vec![v])
    }
}

impl From<Vec<Violation>> for InvalidDocument {
    fn from(v: Vec<Violation>) -> Self {
        Self::new(v)
    }
}
