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

/// The most violations a report lists: past them, one `too_many_violations` counts the rest
/// by code (each kind of fault is listed at least once). A document with a million faults
/// costs a report of a thousand, in every host and format.
pub const MAX_VIOLATIONS: usize = 1000;

impl Report {
    /// A report over these violations: at most [`MAX_VIOLATIONS`] of them (the first of each
    /// kind, then the first of the others, in order), then, if there are more, one
    /// `too_many_violations` that counts the rest by code (an error when one of them is, so
    /// that `valid` is the whole document's).
    #[must_use]
    pub fn new(mut violations: Vec<Violation>) -> Self {
        if violations.len() > MAX_VIOLATIONS {
            violations = bounded(violations);
        }
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

/// At most [`MAX_VIOLATIONS`] of `violations`, in order: the first of each kind (code and
/// rule; up to half the limit of kinds), then the first of the others; then one
/// `too_many_violations` that counts the rest, the counts of an earlier one (a pass that
/// bounded its own) folded in. No kind of fault hides behind a flood of another.
fn bounded(violations: Vec<Violation>) -> Vec<Violation> {
    let summary = super::Code::TooManyViolations.as_str();
    let mut first = vec![false; violations.len()];
    let kinds = {
        let mut kinds = std::collections::HashSet::new();
        for (i, v) in violations.iter().enumerate() {
            if v.code != summary
                && kinds.len() < MAX_VIOLATIONS / 2
                && kinds.insert((v.code.as_str(), v.rule.as_str()))
            {
                first[i] = true;
            }
        }
        kinds.len()
    };
    let mut others = MAX_VIOLATIONS - kinds;
    let mut kept = Vec::with_capacity(MAX_VIOLATIONS + 1);
    let mut omitted = Tally::default();
    for (v, first) in violations.into_iter().zip(first) {
        if v.code == summary {
            omitted.fold(&v);
        } else if first {
            kept.push(v);
        } else if others > 0 {
            others -= 1;
            kept.push(v);
        } else {
            omitted.add(&v.code, 1, v.is_error());
        }
    }
    if !omitted.by_code.is_empty() {
        kept.push(omitted.violation());
    }
    kept
}

/// Violations left out of a report, counted by code.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    by_code: std::collections::BTreeMap<String, u64>,
    error: bool,
}

impl Tally {
    /// Counts `n` more of `code`.
    pub(crate) fn add(&mut self, code: &str, n: u64, error: bool) {
        match self.by_code.get_mut(code) {
            Some(count) => *count += n,
            None => {
                self.by_code.insert(code.to_owned(), n);
            }
        }
        self.error |= error;
    }

    /// Folds in the counts of a `too_many_violations`.
    fn fold(&mut self, summary: &Violation) {
        if let Some(serde_json::Value::Object(counts)) = summary.params.get("by_code") {
            for (code, n) in counts {
                self.add(&code, n.as_u64().unwrap_or(0), false);
            }
        }
        self.error |= summary.is_error();
    }

    /// Whether nothing was left out.
    pub(crate) fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// The `too_many_violations` that says what was left out.
    pub(crate) fn violation(&self) -> Violation {
        super::message::too_many_violations(MAX_VIOLATIONS, &self.by_code, self.error)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(i: usize) -> Violation {
        Violation::custom(
            "mine",
            "my_warning",
            Severity::Warning,
            format!("/a/{i}"),
            "a",
            "a",
        )
    }

    fn error(i: usize) -> Violation {
        Violation::custom(
            "mine",
            "my_error",
            Severity::Error,
            format!("/b/{i}"),
            "b",
            "b",
        )
    }

    fn counts(report: &Report) -> serde_json::Value {
        report
            .violations
            .last()
            .unwrap()
            .params
            .get("by_code")
            .unwrap()
    }

    /// Past the limit a report lists the first violations in order, then one that counts the
    /// rest by code; its validity is the whole document's.
    #[test]
    fn a_report_lists_a_thousand_then_counts_the_rest() {
        let few = Report::new((0..MAX_VIOLATIONS).map(warning).collect());
        assert_eq!(few.violations.len(), MAX_VIOLATIONS);
        assert!(!few.has("too_many_violations"));

        let warnings = Report::new((0..MAX_VIOLATIONS + 5).map(warning).collect());
        assert_eq!(warnings.violations.len(), MAX_VIOLATIONS + 1);
        assert!(
            warnings.valid,
            "warnings past the limit keep the document valid"
        );
        assert_eq!(warnings.violations[MAX_VIOLATIONS - 1].path, "/a/999");
        let last = warnings.violations.last().unwrap();
        assert_eq!(last.code, "too_many_violations");
        assert_eq!(last.severity, Severity::Warning);
        assert_eq!(counts(&warnings), serde_json::json!({"my_warning": 5}));
        assert!(
            last.message_en
                .starts_with("5 more violation(s) past the first 1000")
        );

        // An error past the limit makes the document invalid, as it would be in full: the
        // first of its kind is listed, the next counted as an error.
        let mut mixed: Vec<Violation> = (0..MAX_VIOLATIONS + 2).map(warning).collect();
        mixed.push(error(0));
        let mixed = Report::new(mixed);
        assert!(!mixed.valid);
        assert_eq!(mixed.violations[MAX_VIOLATIONS - 1].path, "/b/0");
        assert_eq!(mixed.violations.last().unwrap().severity, Severity::Warning);
        assert_eq!(counts(&mixed), serde_json::json!({"my_warning": 3}));
        let mut errors: Vec<Violation> = (0..MAX_VIOLATIONS).map(warning).collect();
        errors.extend([error(1), error(2)]);
        let errors = Report::new(errors);
        assert!(errors.violations.last().unwrap().is_error());
        assert_eq!(
            counts(&errors),
            serde_json::json!({"my_error": 1, "my_warning": 1})
        );

        // A kind of fault past the flood of another is listed all the same.
        let mut flood: Vec<Violation> = (0..MAX_VIOLATIONS * 3).map(warning).collect();
        flood.push(error(7));
        flood.push(error(8));
        let flood = Report::new(flood);
        assert_eq!(flood.violations.len(), MAX_VIOLATIONS + 1);
        assert_eq!(flood.violations[MAX_VIOLATIONS - 1].path, "/b/7");
        assert_eq!(flood.violations[MAX_VIOLATIONS - 2].path, "/a/998");
        assert_eq!(
            counts(&flood),
            serde_json::json!({"my_error": 1, "my_warning": 2001})
        );

        // A pass that bounded its own violations: its count is folded into the report's.
        let mut again = mixed.violations.clone();
        again.extend((0..3).map(warning));
        let again = Report::new(again);
        assert_eq!(again.violations.len(), MAX_VIOLATIONS + 1);
        assert_eq!(counts(&again), serde_json::json!({"my_warning": 6}));
        assert!(!again.valid);
    }
}
