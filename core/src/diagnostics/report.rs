//! A [`Report`] holds every violation of one document; [`InvalidDocument`] is the one error of
//! every engine that refuses a document.

use super::{Lang, Severity, Violation};
use crate::text::escape_html as escape;
use serde::{Deserialize, Serialize};
use std::fmt::{self, Write as _};

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

    /// The report as an HTML fragment: the verdict, then a table of the violations (severity,
    /// path, code, rule, message). `lang` picks the verdict's and headers' language; each
    /// message is given in both, the chosen language first.
    ///
    /// ```
    /// use eig::diagnostics::{Lang, Report};
    /// let html = Report::new(Vec::new()).to_html(Lang::Fr);
    /// assert!(html.contains("valide"));
    /// ```
    #[must_use]
    pub fn to_html(&self, lang: Lang) -> String {
        let (verdict, headers) = match (lang, self.valid) {
            (Lang::Fr, true) => ("valide", ["gravité", "chemin", "code", "règle", "message"]),
            (Lang::Fr, false) => (
                "invalide",
                ["gravité", "chemin", "code", "règle", "message"],
            ),
            (Lang::En, true) => ("valid", ["severity", "path", "code", "rule", "message"]),
            (Lang::En, false) => ("invalid", ["severity", "path", "code", "rule", "message"]),
        };
        let other = match lang {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        };
        let mut html = String::new();
        let _ = write!(
            html,
            "<div><strong>{verdict}</strong> ({} violation(s))",
            self.violations.len()
        );
        if !self.violations.is_empty() {
            html.push_str("<table><thead><tr>");
            for h in headers {
                let _ = write!(html, "<th>{h}</th>");
            }
            html.push_str("</tr></thead><tbody>");
            let help = match lang {
                Lang::Fr => "pour corriger :",
                Lang::En => "to fix:",
            };
            for v in &self.violations {
                let hint = v
                    .hint(lang)
                    .map(|h| format!("<br><strong>{help}</strong> {}", escape(h)))
                    .unwrap_or_default();
                let _ = write!(
                    html,
                    "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td>\
                     <td>{}{hint}<br><em>{}</em></td></tr>",
                    v.severity,
                    escape(if v.path.is_empty() { "/" } else { &v.path }),
                    escape(&v.code),
                    escape(&v.rule),
                    escape(v.message(lang)),
                    escape(v.message(other))
                );
            }
            html.push_str("</tbody></table>");
        }
        html.push_str("</div>");
        html
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
