//! `eig fix`: a document's safe fixes applied to its text, its comments and layout kept.
//!
//! The fixes are those the validator offers as [`Applicability::Safe`]: each was applied to a
//! copy of the document and validated again (`validate/fixes.rs`). Each is written into the text
//! where its value or its key stands, nothing else moving; when a change cannot be placed so (a
//! value that is an object, a text that is not the document read), the document is written anew
//! as indented JSON, and [`Fixed::layout_kept`] says so.
//!
//! ```
//! use eig::documents::DocumentValidator;
//! use eig::schema::SchemaKind;
//! use eig::validate::RulebookChoice;
//!
//! let text = "{\n  // the promotion\n  \"promotion\": \"EIG 5\",\n  \"titre\": \"Alertes crues\"\n}\n";
//! let fixed = DocumentValidator::new(RulebookChoice::Named).fix(SchemaKind::ChallengeSubmission, text);
//! let new = fixed.text.as_deref().unwrap();
//! assert_eq!(new, "{\n  // the promotion\n  \"promotion\": \"eig-5\",\n  \"title\": \"Alertes crues\"\n}\n");
//! assert!(fixed.layout_kept);
//! assert_eq!(fixed.applied.len(), 2);
//! assert!(!fixed.after.has("unknown_field"));
//! ```

use crate::diagnostics::{Applicability, Lang, PatchOperation, Report, Violation, apply_patch};
use crate::documents::{DocumentValidator, Input};
use crate::schema::SchemaKind;
use crate::validate::{Limits, SourceMap, read};
use serde_json::Value;
use std::fmt::Write as _;
use std::ops::Range;

/// How many rounds of fixes, at most: a fix can bring to light a fault its error hid, whose
/// own safe fix is then applied.
const ROUNDS: usize = 3;

/// How many fixes applied the text lists, one per line; the others are counted.
const LISTED: usize = 50;

/// What fixing a document did.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Fixed {
    /// The document's new text; `None` when no safe fix was found (nothing is to be written).
    pub text: Option<String>,
    /// Whether the text kept its comments and layout (else it was written anew as indented
    /// JSON).
    pub layout_kept: bool,
    /// The violations whose safe fix was applied, as they were found.
    pub applied: Vec<Violation>,
    /// The report of the document as it was.
    pub before: Report,
    /// The report of the new text (the same as `before` when nothing was applied): what
    /// remains, each fault with the fixes that need a person.
    pub after: Report,
}

impl Fixed {
    /// A document left as it was, with its report (one that could not be read).
    #[must_use]
    pub fn unchanged(report: Report) -> Self {
        Self {
            text: None,
            layout_kept: true,
            applied: Vec::new(),
            before: report.clone(),
            after: report,
        }
    }

    /// The faults that remain and that no safe fix mends: what a person must do.
    pub fn remaining(&self) -> impl Iterator<Item = &Violation> {
        self.after.violations.iter()
    }

    /// What was done, as `eig fix` prints it: the fixes applied, each with its hint, then the
    /// report of what remains (of the new text, or of `source` when nothing was applied),
    /// each fault with what a person must do.
    ///
    /// ```
    /// use eig::documents::DocumentValidator;
    /// use eig::diagnostics::Lang;
    /// use eig::schema::SchemaKind;
    /// use eig::validate::RulebookChoice;
    /// let text = r#"{"promotion": "eig-5", "duration_months": "10"}"#;
    /// let fixed = DocumentValidator::new(RulebookChoice::Named)
    ///     .fix(SchemaKind::ChallengeSubmission, text);
    /// let out = fixed.to_text("defi.json", text, Lang::Fr);
    /// assert!(out.starts_with("defi.json: 1 correction sûre appliquée\n  /duration_months : écrivez 10, sans guillemets\n"));
    /// ```
    #[must_use]
    pub fn to_text(&self, name: &str, source: &str, lang: Lang) -> String {
        let mut out = String::new();
        if !name.is_empty() {
            let _ = write!(out, "{name}: ");
        }
        let n = self.applied.len();
        let _ = match (lang, n) {
            (Lang::Fr, 0) => writeln!(out, "aucune correction sûre, rien n'est écrit"),
            (Lang::Fr, 1) => writeln!(out, "1 correction sûre appliquée"),
            (Lang::Fr, n) => writeln!(out, "{n} corrections sûres appliquées"),
            (Lang::En, 0) => writeln!(out, "no safe fix, nothing is written"),
            (Lang::En, 1) => writeln!(out, "1 safe fix applied"),
            (Lang::En, n) => writeln!(out, "{n} safe fixes applied"),
        };
        for v in self.applied.iter().take(LISTED) {
            let hint = v.hint(lang).unwrap_or_default();
            let _ = match lang {
                Lang::Fr => writeln!(out, "  {} : {hint}", crate::render::or_root(&v.path)),
                Lang::En => writeln!(out, "  {}: {hint}", crate::render::or_root(&v.path)),
            };
        }
        if let Some(more) = n.checked_sub(LISTED).filter(|m| *m > 0) {
            let _ = match lang {
                Lang::Fr => writeln!(out, "  et {more} autre(s) correction(s)"),
                Lang::En => writeln!(out, "  and {more} other fix(es)"),
            };
        }
        if n > 0 && !self.layout_kept {
            out.push_str(match lang {
                Lang::Fr => "  (ses commentaires et sa mise en page n'ont pas pu être gardés)\n",
                Lang::En => "  (its comments and layout could not be kept)\n",
            });
        }
        let text = self.text.as_deref().unwrap_or(source);
        let errors = self.after.errors().count();
        if errors > 0 || self.after.warnings().count() > 0 {
            let _ = match (lang, errors) {
                (Lang::Fr, 0) => writeln!(out, "il ne reste que des avertissements :"),
                (Lang::Fr, _) => writeln!(out, "ce qui reste à faire, par une personne :"),
                (Lang::En, 0) => writeln!(out, "only warnings remain:"),
                (Lang::En, _) => writeln!(out, "what remains, for a person to do:"),
            };
        }
        out.push_str(&self.after.to_text(name, text.as_bytes(), lang));
        out
    }
}

impl DocumentValidator {
    /// Applies the safe fixes of a document of `kind` given as `text`, and validates the
    /// result: see [`Fixed`]. The text is never changed but by a safe fix, and a round of
    /// fixes that would not lower the count of errors is not kept.
    #[must_use]
    pub fn fix(&self, kind: SchemaKind, text: &str) -> Fixed {
        self.fixing(kind, text, None)
    }

    /// [`DocumentValidator::fix`] for the faults at `path` alone (a button beside one fault).
    #[must_use]
    pub fn fix_at(&self, kind: SchemaKind, text: &str, path: &str) -> Fixed {
        self.fixing(kind, text, Some(path))
    }

    fn fixing(&self, kind: SchemaKind, text: &str, at: Option<&str>) -> Fixed {
        let before = self.validate(kind, Input::Bytes(text.as_bytes()));
        let mut report = before.clone();
        let mut current: Option<String> = None;
        let mut layout_kept = true;
        let mut applied = Vec::new();
        let limits = crate::documents::limits(kind);
        for _ in 0..ROUNDS {
            if crate::stop::requested() {
                break;
            }
            let safe: Vec<&Violation> = report
                .violations
                .iter()
                .filter(|v| {
                    at.is_none_or(|p| v.path == p)
                        && v.fixes
                            .first()
                            .is_some_and(|f| f.applicability == Applicability::Safe)
                })
                .collect();
            if safe.is_empty() {
                break;
            }
            let ops: Vec<PatchOperation> = safe
                .iter()
                .flat_map(|v| v.fixes[0].patch.iter().cloned())
                .collect();
            let source = current.as_deref().unwrap_or(text);
            let Some((new, kept)) = patched(source, &ops, limits) else {
                break;
            };
            let next = self.validate(kind, Input::Bytes(new.as_bytes()));
            // A round is kept when the faults it mends are gone (the fixes' check made sure
            // no new error comes: one a rule finds once a promotion is named was hidden), and
            // the new text is still one the validator reads (not past its size limit). When the
            // report lists only its first faults, the count of them must fall too.
            let unreadable = next
                .errors()
                .any(|v| v.rule == "input" && v.code != "too_many_violations");
            let mended = safe.iter().all(|v| {
                !next
                    .violations
                    .iter()
                    .any(|n| n.code == v.code && n.path == v.path)
            });
            let truncated = report.has("too_many_violations");
            if unreadable || !mended || (truncated && faults(&next) >= faults(&report)) {
                break;
            }
            applied.extend(safe.into_iter().cloned());
            layout_kept &= kept;
            current = Some(new);
            report = next;
        }
        Fixed {
            text: current,
            layout_kept,
            applied,
            before,
            after: report,
        }
    }
}

impl DocumentValidator {
    /// [`DocumentValidator::fix`] for a document given as bytes: one that is not UTF-8 is
    /// not changed (its report says why).
    #[must_use]
    pub fn fix_bytes(&self, kind: SchemaKind, bytes: &[u8]) -> Fixed {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.fix(kind, text),
            Err(_) => Fixed::unchanged(self.validate(kind, Input::Bytes(bytes))),
        }
    }
}

/// How many faults a report finds: its errors (those it lists, and the violations it counts
/// past them), then its warnings (not the rules skipped because of an error).
fn faults(report: &Report) -> (u64, u64) {
    let listed = report
        .errors()
        .filter(|v| v.code != "too_many_violations")
        .count() as u64;
    let counted = report
        .violations
        .iter()
        .find(|v| v.code == "too_many_violations")
        .and_then(|v| v.params.get("omitted"))
        .and_then(|n| n.as_u64())
        .unwrap_or(0);
    let warnings = report
        .warnings()
        .filter(|v| v.code != "rule_skipped")
        .count() as u64;
    (listed + counted, warnings)
}

/// [`DocumentValidator::fix`] with the rulebook `choice` names.
#[must_use]
pub fn fix_document(
    kind: SchemaKind,
    text: &str,
    choice: &crate::validate::RulebookChoice,
) -> Fixed {
    DocumentValidator::new(choice.clone()).fix(kind, text)
}

/// `source` with the patch `ops` applied, and whether its layout was kept: each change in
/// place when all can be placed, else the patched document as indented JSON. `None` when the
/// source cannot be read or the patch does not apply.
fn patched(source: &str, ops: &[PatchOperation], limits: Limits) -> Option<(String, bool)> {
    let mut want = read(source.as_bytes(), limits).ok()?.value;
    // One operation at a time: none may write over a value there (a rename onto a field,
    // two renames onto one), which would lose it.
    for op in ops {
        if let PatchOperation::Move { path, .. } | PatchOperation::Add { path, .. } = op
            && want.pointer(path).is_some()
        {
            return None;
        }
        apply_patch(&mut want, std::slice::from_ref(op)).ok()?;
    }
    if let Some(text) = in_place(source, ops)
        && read(text.as_bytes(), limits).is_ok_and(|r| r.value == want)
    {
        return Some((text, true));
    }
    let mut text = serde_json::to_string_pretty(&want).ok()?;
    text.push('\n');
    Some((text, false))
}

/// `source` with each operation written where its value or key stands: a scalar replaced, a
/// field renamed in its object. `None` when one cannot be placed so.
fn in_place(source: &str, ops: &[PatchOperation]) -> Option<String> {
    let map = SourceMap::new(source);
    // The byte offset of each place the operations name, in one pass over the text (a line
    // of a minified document can be two megabytes long: no scan per operation).
    let wanted: Vec<(usize, usize)> = ops
        .iter()
        .filter_map(|op| match op {
            PatchOperation::Replace { path, .. } => map.locate_exact(path),
            PatchOperation::Move { from, .. } => map.locate_exact(from),
            _ => None,
        })
        .collect();
    let bytes_at = byte_offsets(source, wanted);
    let start_of = |pointer: &str| {
        let place = map.locate_exact(pointer)?;
        bytes_at.get(&place).copied()
    };
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for op in ops {
        match op {
            PatchOperation::Replace { path, value } if !value.is_object() && !value.is_array() => {
                let start = start_of(path)?;
                let end = scalar_end(source, start)?;
                edits.push((start..end, serde_json::to_string(value).ok()?));
            }
            PatchOperation::Move { from, path } => {
                let (parent_from, _) = from.rsplit_once('/')?;
                let (parent_to, key) = path.rsplit_once('/')?;
                if parent_from != parent_to {
                    return None;
                }
                let key = key.replace("~1", "/").replace("~0", "~");
                let span = key_before(source, start_of(from)?)?;
                edits.push((span, serde_json::to_string(&Value::String(key)).ok()?));
            }
            _ => return None,
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    if edits.windows(2).any(|w| w[0].0.end > w[1].0.start) {
        return None;
    }
    let mut text = source.to_owned();
    for (range, new) in edits.into_iter().rev() {
        text.replace_range(range, &new);
    }
    Some(text)
}

/// The byte offset in `source` of each (line, column) of `places` (both from 1, the column
/// in characters, as [`SourceMap`] counts them), in one pass.
fn byte_offsets(
    source: &str,
    mut places: Vec<(usize, usize)>,
) -> std::collections::HashMap<(usize, usize), usize> {
    places.sort_unstable();
    places.dedup();
    let mut out = std::collections::HashMap::new();
    let mut next = places.into_iter().peekable();
    let (mut line, mut col) = (1, 1);
    for (i, c) in source.char_indices() {
        while next.peek().is_some_and(|p| *p < (line, col)) {
            next.next();
        }
        if next.peek() == Some(&(line, col)) {
            out.insert((line, col), i);
            next.next();
        }
        if next.peek().is_none() {
            break;
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    out
}

/// The end of the scalar (a string, a number, `true`, `false` or `null`) that starts at
/// `start`.
fn scalar_end(source: &str, start: usize) -> Option<usize> {
    let rest = source.get(start..)?;
    if rest.starts_with('"') {
        return string_end(rest).map(|n| start + n);
    }
    let n = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-')))
        .unwrap_or(rest.len());
    (n > 0).then_some(start + n)
}

/// The length of the JSON string that starts `text` (its quotes included).
fn string_end(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The span of the key (a JSON string) of the field whose value starts at `value`: back over
/// blanks, the colon, blanks, to the key's closing quote, then its opening one.
fn key_before(source: &str, value: usize) -> Option<Range<usize>> {
    let head = source.get(..value)?.trim_end();
    let head = head.strip_suffix(':')?.trim_end();
    let end = head.len();
    if !head.ends_with('"') {
        return None;
    }
    // The opening quote: the last quote before the closing one that no backslash escapes.
    let body = &head[..end - 1];
    let mut at = body.len();
    loop {
        let q = body[..at].rfind('"')?;
        let slashes = body[..q].chars().rev().take_while(|c| *c == '\\').count();
        if slashes % 2 == 0 {
            let span = q..end;
            // The span must read as one JSON string.
            return serde_json::from_str::<String>(&source[span.clone()])
                .ok()
                .map(|_| span);
        }
        at = q;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_are_written_in_place_comments_and_escapes_kept() {
        let source = "{ /* a */ \"a\\\"b\" : \"x y\", // c\n  \"n\": \"10\", \"t\": true }";
        let ops = vec![
            PatchOperation::Move {
                from: "/a\"b".into(),
                path: "/ab".into(),
            },
            PatchOperation::Replace {
                path: "/n".into(),
                value: json!(10),
            },
            PatchOperation::Replace {
                path: "/t".into(),
                value: json!("é"),
            },
        ];
        let (text, kept) = patched(source, &ops, Limits::default()).unwrap();
        assert!(kept);
        assert_eq!(
            text,
            "{ /* a */ \"ab\" : \"x y\", // c\n  \"n\": 10, \"t\": \"é\" }"
        );
    }

    #[test]
    fn a_change_that_cannot_be_placed_rewrites_the_document() {
        let ops = vec![PatchOperation::Replace {
            path: "/a".into(),
            value: json!({"b": 1}),
        }];
        let (text, kept) = patched("{\"a\": 1, // c\n \"z\": 2}", &ops, Limits::default()).unwrap();
        assert!(!kept);
        assert_eq!(text, "{\n  \"a\": {\n    \"b\": 1\n  },\n  \"z\": 2\n}\n");
        assert!(
            patched(
                "{\"a\": 1}",
                &[PatchOperation::Remove { path: "/b".into() }],
                Limits::default()
            )
            .is_none()
        );
        // Two renames onto one field would lose a value: refused.
        let two = vec![
            PatchOperation::Move {
                from: "/titre".into(),
                path: "/title".into(),
            },
            PatchOperation::Move {
                from: "/intitulé".into(),
                path: "/title".into(),
            },
        ];
        let source = "{\"titre\": \"a\", \"intitulé\": \"b\"}";
        assert!(patched(source, &two, Limits::default()).is_none());
    }
}
