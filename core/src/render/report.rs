//! A validation report as text, as JSON (with each violation's line and column in the file)
//! and as HTML, and a violation on one line.

use super::or_root;
use crate::diagnostics::{Applicability, Lang, Report, Suggestion, Violation};
use crate::text::escape_html as escape;
use crate::validate::places;
use std::fmt::Write as _;

impl Report {
    /// The report as `eig validate` prints it: a line with the file's name (if `name` is not
    /// empty), the verdict and the counts, then one line per violation (severity, path, its line and column in `source`,
    /// code, message) with its hint under it. `source` is the document as read (its places are
    /// found in it; give `&[]` when there is none).
    ///
    /// ```
    /// use eig::diagnostics::Lang;
    /// let text = "{\n  \"promotion\": \"eig-4\",\n  \"titel\": \"Signaux\"\n}";
    /// let report = eig::validate::validate_named_promotion(text.as_bytes());
    /// let out = report.to_text("defi.json", text.as_bytes(), Lang::En);
    /// assert!(out.starts_with("defi.json: invalid ("));
    /// assert!(out.contains("  error: /titel (line 3, column 12) [unknown_field] unknown field \"titel\"\n"));
    /// assert!(out.contains("      to fix: did you mean \"title\"?\n"));
    /// ```
    #[must_use]
    pub fn to_text(&self, name: &str, source: &[u8], lang: Lang) -> String {
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        let (ok, bad, e_word, w_word) = match lang {
            Lang::Fr => ("valide", "invalide", "erreur(s)", "avertissement(s)"),
            Lang::En => ("valid", "invalid", "error(s)", "warning(s)"),
        };
        let verdict = if self.valid { ok } else { bad };
        let mut text = String::new();
        if !name.is_empty() {
            let _ = write!(text, "{name}: ");
        }
        let _ = writeln!(text, "{verdict} ({errors} {e_word}, {warnings} {w_word})");
        let places = places(source, self);
        for (v, at) in self.violations.iter().zip(places) {
            let severity = v.severity.label(lang);
            let _ = write!(text, "  {severity}: {}", or_root(&v.path));
            if let Some((l, c)) = at {
                let _ = match lang {
                    Lang::Fr => write!(text, " (ligne {l}, colonne {c})"),
                    Lang::En => write!(text, " (line {l}, column {c})"),
                };
            }
            let _ = writeln!(text, " [{}] {}", v.code, v.message(lang));
            if let Some(hint) = v.hint(lang) {
                let help = match lang {
                    Lang::Fr => "pour corriger :",
                    Lang::En => "to fix:",
                };
                let safe = match (v.fixes.first().is_some_and(Suggestion::is_safe), lang) {
                    (false, _) => "",
                    (true, Lang::Fr) => " (correction sûre)",
                    (true, Lang::En) => " (safe fix)",
                };
                let _ = writeln!(text, "      {help} {hint}{safe}");
            }
            if let Some((word, reason)) = v.fixes.first().and_then(|f| caveat(f, lang)) {
                let _ = writeln!(text, "      {word} {reason}");
            }
        }
        text
    }

    /// The report as `eig validate --format json` gives it for one file: `file`, `valid` and
    /// the `violations`, each with its `line` and `column` in `source` (null where the path
    /// names nothing in it: a missing field is placed at its parent, as the text does), its
    /// message and hint in `lang`, and its `params`.
    ///
    /// ```
    /// use eig::diagnostics::Lang;
    /// let report = eig::validate::validate_named_promotion(b"[]");
    /// let entry = report.to_json_entry("defi.json", b"[]", Lang::Fr);
    /// assert_eq!(entry["file"], "defi.json");
    /// assert_eq!(entry["violations"][0]["code"], "not_an_object");
    /// ```
    #[must_use]
    pub fn to_json_entry(&self, name: &str, source: &[u8], lang: Lang) -> serde_json::Value {
        let places = places(source, self);
        let violations: Vec<_> = self
            .violations
            .iter()
            .zip(places)
            .map(|(v, at)| {
                serde_json::json!({
                    "code": v.code,
                    "path": v.path,
                    "line": at.map(|(l, _)| l),
                    "column": at.map(|(_, c)| c),
                    "severity": v.severity,
                    "rule": v.rule,
                    "message": v.message(lang),
                    "hint": v.hint(lang),
                    "params": v.params,
                    "fixes": v.fixes.iter().map(|f| fix_json(f, lang)).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::json!({ "file": name, "valid": self.valid, "violations": violations })
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
                let mut hint = v
                    .hint(lang)
                    .map(|h| format!("<br><strong>{help}</strong> {}", escape(h)))
                    .unwrap_or_default();
                if let Some((word, reason)) = v.fixes.first().and_then(|f| caveat(f, lang)) {
                    let _ = write!(hint, "<br><strong>{word}</strong> {}", escape(reason));
                }
                let _ = write!(
                    html,
                    "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td>\
                     <td>{}{hint}<br><em>{}</em></td></tr>",
                    v.severity,
                    escape(or_root(&v.path)),
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

impl Violation {
    /// The violation on one line, after the name of the file it is in (if `name` is not
    /// empty): `jury.json: error /jurors [too_few_jurors] …`, as the commands print the faults
    /// of the files they read.
    ///
    /// ```
    /// use eig::diagnostics::Lang;
    /// let report = eig::validate::validate_named_promotion(b"[]");
    /// let v = &report.violations[0];
    /// assert_eq!(v.to_line("defi.json", Lang::En),
    ///            format!("defi.json: error / [not_an_object] {}", v.message_en));
    /// assert_eq!(v.to_line("", Lang::Fr), format!("erreur / [not_an_object] {}", v.message_fr));
    /// ```
    #[must_use]
    pub fn to_line(&self, name: &str, lang: Lang) -> String {
        let line = format!(
            "{} {} [{}] {}",
            self.severity.label(lang),
            or_root(&self.path),
            self.code,
            self.message(lang)
        );
        if name.is_empty() {
            line
        } else {
            format!("{name}: {line}")
        }
    }
}

/// What a person must know of a fix that is not safe: the word that introduces it (`à
/// vérifier :`, `à compléter :`) and its reason.
fn caveat(fix: &Suggestion, lang: Lang) -> Option<(&'static str, &str)> {
    let word = match (fix.applicability, lang) {
        (Applicability::Safe, _) => return None,
        (Applicability::NeedsHuman, Lang::Fr) => "à vérifier :",
        (Applicability::NeedsHuman, Lang::En) => "to check:",
        (Applicability::Placeholder, Lang::Fr) => "à compléter :",
        (Applicability::Placeholder, Lang::En) => "to complete:",
    };
    fix.reason(lang).map(|r| (word, r))
}

/// A fix as the JSON output gives it: its applicability, its patch, and its reason in `lang`.
pub(crate) fn fix_json(fix: &Suggestion, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "applicability": fix.applicability,
        "patch": fix.patch,
        "reason": fix.reason(lang),
    })
}
