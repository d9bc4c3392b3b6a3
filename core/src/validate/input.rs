//! The input pass: size and nesting limits, UTF-8, JSON syntax, a top-level object.

use super::{Checked, Document};
use crate::diagnostics::message::{self, At};
use crate::diagnostics::{InvalidDocument, Report, Violation, escape_pointer_token};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::RefCell;

/// Limits that protect the validator from hostile or broken input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest document accepted, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of arrays and objects accepted. The JSON parser itself stops at 128
    /// levels, so a larger value acts as 127.
    pub max_depth: usize,
}

impl Default for Limits {
    /// 2 MiB and 64 levels: a real submission is a few kilobytes and 4 levels deep.
    fn default() -> Self {
        Self {
            max_bytes: 2 * 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// Reads bytes into a JSON object, or says why not, without the `comments_ignored` warning
/// (for a caller that reports it through [`read`] elsewhere, or reports nothing).
// The error is the violation the caller reports as is.
#[allow(clippy::result_large_err)]
pub(crate) fn parse(bytes: &[u8], limits: Limits) -> Result<Value, Violation> {
    read(bytes, limits).map(|r| r.value)
}

/// Reads bytes into a JSON object, or says why not. Never recurses on the input. Comments
/// are allowed (JSON with comments, as a commented template has them): they are blanked out
/// and noted as a warning.
// The error is the violation the caller reports as is; it is built once per bad document.
#[allow(clippy::result_large_err)]
pub(crate) fn read(bytes: &[u8], limits: Limits) -> Result<Read, Violation> {
    if bytes.len() > limits.max_bytes {
        return Err(message::document_too_large(bytes.len(), limits.max_bytes));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            return Err(message::invalid_utf8(at, Some(line_col(&bytes[..at]))));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(message::empty_document());
    }
    // Comments (`// …`, `/* … */`) are blanked out, keeping every line and column in place.
    let (blanked, unclosed) = blank_comments(text);
    if let Some(at) = unclosed {
        let (line, column) = line_col(&text.as_bytes()[..at]);
        return Err(message::comment_not_closed(line, column));
    }
    let comments = blanked.as_ref().map(|b| b.first);
    let text = blanked.as_ref().map_or(text, |b| b.text.as_str());
    if text.trim().is_empty() {
        return Err(message::empty_document());
    }
    // serde_json stops at 128 levels with an error (no stack overflow); a shallower document
    // is parsed, then measured. A key given twice in one object stops the parse there.
    let duplicate = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = Unique {
        duplicate: &duplicate,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    let value = match parsed {
        Ok(v) => v,
        Err(e) => {
            return Err(match duplicate.into_inner() {
                Some(d) => {
                    let path: String = d
                        .tokens
                        .iter()
                        .rev()
                        .map(|t| format!("/{}", escape_pointer_token(t)))
                        .collect();
                    // The parser stops after the repeated key: name where it starts.
                    let quoted = d.key.chars().count() + 2;
                    let column = (e.column() + 1).saturating_sub(quoted).max(1);
                    message::duplicate_key(path, &d.key, e.line(), column)
                }
                None => message::json_error(&e, limits.max_depth, Some(text)),
            });
        }
    };
    if let Some(at) = too_deep(&value, limits.max_depth) {
        return Err(message::nesting_too_deep(
            limits.max_depth,
            At::Pointer(&at),
        ));
    }
    if !value.is_object() {
        return Err(message::not_an_object(&value));
    }
    Ok(Read {
        value,
        comments: comments
            .map(|(lines, (line, column))| message::comments_ignored(lines, line, column)),
    })
}

impl Read {
    /// `report` with the comments warning, if any, first.
    pub(crate) fn noted(comments: Option<Violation>, report: Report) -> Report {
        match comments {
            None => report,
            Some(w) => {
                let mut violations = vec![w];
                violations.extend(report.violations);
                Report::new(violations)
            }
        }
    }

    /// A load's result with the comments warning, if any, first among its violations.
    pub(crate) fn noted_load<T: Document>(
        comments: Option<Violation>,
        loaded: Result<Checked<T>, InvalidDocument>,
    ) -> Result<Checked<T>, InvalidDocument> {
        let Some(w) = comments else {
            return loaded;
        };
        match loaded {
            Ok(checked) => Ok(checked.with_first_warning(w)),
            Err(mut e) => {
                e.report.violations.insert(0, w);
                Err(e)
            }
        }
    }
}

/// A document read: its JSON, and the `comments_ignored` warning when the text has comments.
#[derive(Debug)]
pub(crate) struct Read {
    pub(crate) value: Value,
    pub(crate) comments: Option<Violation>,
}

/// A text whose comments were blanked out, the number of lines that had one, and the line and
/// column of the first.
struct Blanked {
    text: String,
    first: (usize, (usize, usize)),
}

/// The text with each comment outside a string (`//` to the end of the line, `/*` to `*/`)
/// replaced byte for byte by spaces, line breaks kept: the parser's lines and columns are the
/// text's. `None` when the text has none. With it, where a `/*` never closed starts (the
/// text ends inside a comment).
fn blank_comments(text: &str) -> (Option<Blanked>, Option<usize>) {
    let bytes = text.as_bytes();
    if !bytes.contains(&b'/') {
        return (None, None);
    }
    let mut unclosed = None;
    let mut out: Option<Vec<u8>> = None;
    // Lines with a comment, the last such line, and where the first comment starts.
    let (mut lines, mut last, mut first) = (0usize, 0usize, None);
    let (mut i, mut line, mut in_string, mut escaped) = (0usize, 1usize, false, false);
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        let end = match (b, bytes.get(i + 1)) {
            (b'"', _) => {
                in_string = true;
                i += 1;
                continue;
            }
            (b'/', Some(b'/')) => bytes[i..]
                .iter()
                .position(|c| *c == b'\n')
                .map_or(bytes.len(), |p| i + p),
            (b'/', Some(b'*')) => match bytes[i + 2..].windows(2).position(|w| w == b"*/") {
                Some(p) => i + 2 + p + 2,
                None => {
                    unclosed = Some(i);
                    break;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        };
        first.get_or_insert(i);
        let breaks = bytes[i..end].iter().filter(|c| **c == b'\n').count();
        lines += breaks + 1 - usize::from(last == line);
        line += breaks;
        last = line;
        let out = out.get_or_insert_with(|| bytes.to_vec());
        for c in &mut out[i..end] {
            if !matches!(*c, b'\n' | b'\r') {
                *c = b' ';
            }
        }
        i = end;
    }
    // Whole characters were replaced (a comment starts and ends on ASCII bytes): still UTF-8.
    let blanked = out
        .and_then(|out| String::from_utf8(out).ok())
        .zip(first)
        .map(|(text, first)| Blanked {
            text,
            first: (lines, line_col(&bytes[..first])),
        });
    (blanked, unclosed)
}

/// A key given twice: the key, and the path to it, innermost token first (the parse unwinds
/// from the object that has it, each level adding its own token).
struct Duplicate {
    key: String,
    tokens: Vec<String>,
}

/// A JSON value read as `serde_json::Value` reads it, refusing an object that names a key
/// twice (serde_json keeps the last value silently). Nothing is built for the path unless a
/// key is repeated.
#[derive(Clone, Copy)]
struct Unique<'a> {
    duplicate: &'a RefCell<Option<Duplicate>>,
}

impl Unique<'_> {
    /// Adds `token` to the path of a duplicate found below it.
    fn unwinding(self, token: impl FnOnce() -> String) {
        if let Some(d) = self.duplicate.borrow_mut().as_mut() {
            d.tokens.push(token());
        }
    }
}

impl<'de> DeserializeSeed<'de> for Unique<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Unique<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::from(i))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::from(u))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            match seq.next_element_seed(self) {
                Ok(Some(v)) => items.push(v),
                Ok(None) => return Ok(Value::Array(items)),
                Err(e) => {
                    let i = items.len();
                    self.unwinding(|| i.to_string());
                    return Err(e);
                }
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                *self.duplicate.borrow_mut() = Some(Duplicate {
                    key: key.clone(),
                    tokens: vec![key],
                });
                return Err(serde::de::Error::custom("duplicate key"));
            }
            match map.next_value_seed(self) {
                Ok(v) => {
                    out.insert(key, v);
                }
                Err(e) => {
                    self.unwinding(|| key);
                    return Err(e);
                }
            }
        }
        Ok(Value::Object(out))
    }
}

/// 1-based line and column (in characters) at the end of `prefix`.
pub(crate) fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
    let start = prefix
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, col)
}

/// The JSON Pointer of the first array or object nested deeper than `max` levels (the document
/// itself is level 1). Walks with an explicit stack, so depth cannot overflow it; paths are
/// only built once a document is known to be too deep.
fn too_deep(value: &Value, max: usize) -> Option<String> {
    fn containers(v: &Value) -> Box<dyn Iterator<Item = (String, &Value)> + '_> {
        match v {
            Value::Array(items) => Box::new(
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| is_container(x))
                    .map(|(i, x)| (i.to_string(), x)),
            ),
            Value::Object(map) => Box::new(
                map.iter()
                    .filter(|(_, x)| is_container(x))
                    .map(|(k, x)| (escape_pointer_token(k), x)),
            ),
            _ => Box::new(std::iter::empty()),
        }
    }
    fn is_container(v: &Value) -> bool {
        v.is_array() || v.is_object()
    }
    fn children(v: &Value) -> &[Value] {
        v.as_array().map_or(&[], Vec::as_slice)
    }

    // First pass: depth only, no allocation but the stack.
    let mut stack: Vec<(&Value, usize)> = vec![(value, 1)];
    let mut deepest = 0;
    while let Some((v, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if deepest > max {
            break;
        }
        if let Value::Object(map) = v {
            stack.extend(
                map.values()
                    .filter(|x| is_container(x))
                    .map(|x| (x, depth + 1)),
            );
        } else {
            stack.extend(
                children(v)
                    .iter()
                    .filter(|x| is_container(x))
                    .map(|x| (x, depth + 1)),
            );
        }
    }
    if deepest <= max {
        return None;
    }
    // Second pass, for the message: the path of the first container too deep.
    let mut stack: Vec<(&Value, usize, String)> = vec![(value, 1, String::new())];
    while let Some((v, depth, path)) = stack.pop() {
        if depth > max {
            return Some(path);
        }
        for (token, child) in containers(v) {
            stack.push((child, depth + 1, format!("{path}/{token}")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(bytes: &[u8]) -> String {
        parse(bytes, Limits::default()).unwrap_err().code
    }

    #[test]
    fn each_bad_input_has_its_code() {
        assert_eq!(code(b""), "empty_document");
        assert_eq!(code(b" \n\t"), "empty_document");
        assert_eq!(code(b"{\"a\": \xff}"), "invalid_utf8");
        assert_eq!(code(b"{\"a\": }"), "invalid_json");
        assert_eq!(code(b"[1, 2]"), "not_an_object");
        assert_eq!(code(b"42"), "not_an_object");
        let deep = "[".repeat(100_000);
        assert_eq!(code(deep.as_bytes()), "nesting_too_deep");
        let big = vec![b' '; 3 * 1024 * 1024];
        assert_eq!(code(&big), "document_too_large");
    }

    /// A `/*` never closed is named as such, where it opens, not as the parser's confusion
    /// after it; inside a string it is text.
    #[test]
    fn a_comment_never_closed_is_named() {
        let e = read(b"{\"a\": 1,\n  /* oops\n  \"b\": 2}", Limits::default()).unwrap_err();
        assert_eq!(e.code, "invalid_json");
        assert_eq!(
            e.message_en,
            "invalid JSON at line 2, column 3: comment opened with `/*` and never closed with `*/`"
        );
        assert!(e.message_fr.contains("jamais fermé"), "{}", e.message_fr);
        assert_eq!(
            e.hint_en.as_deref(),
            Some("close the comment with */, or remove it")
        );
        let after = read(b"{\"a\": 1} /* x */ /*", Limits::default()).unwrap_err();
        assert!(
            after.message_en.contains("column 18"),
            "{}",
            after.message_en
        );
        assert!(read(b"{\"a\": \"/* not a comment\"}", Limits::default()).is_ok());
    }

    #[test]
    fn comments_are_read_as_white_space_and_noted() {
        let text = "// Dossier\n{\n  /* l'URL */ \"url\": \"https://a.fr//b\", // fin\n  \"n\": 1 /* un */\n}";
        let doc = read(text.as_bytes(), Limits::default()).unwrap();
        assert_eq!(doc.value["url"], "https://a.fr//b");
        assert_eq!(doc.value["n"], 1);
        let w = doc.comments.unwrap();
        assert_eq!(w.code, "comments_ignored");
        assert!(
            w.message_fr
                .contains("sur 3 lignes, le premier à la ligne 1, colonne 1"),
            "{}",
            w.message_fr
        );
        assert!(
            read("{\"a\": \"/* // */\"}".as_bytes(), Limits::default())
                .unwrap()
                .comments
                .is_none()
        );
        // A syntax error after a comment is placed in the text as written.
        let e = parse(b"{ /* \xc3\xa9t\xc3\xa9 */ \"a\": }", Limits::default()).unwrap_err();
        assert!(e.message_en.contains("line 1, column"), "{}", e.message_en);
        // A comment never closed is the parser's to name.
        assert_eq!(code(b"{\"a\": 1 /* open"), "invalid_json");
        // Only comments: an empty document.
        assert_eq!(code(b"// nothing\n"), "empty_document");
    }

    #[test]
    fn brackets_in_strings_do_not_count() {
        let s = format!("{{\"a\": \"{}\"}}", "[".repeat(1000));
        assert!(parse(s.as_bytes(), Limits::default()).is_ok());
    }

    #[test]
    fn invalid_json_names_line_and_column() {
        let v = parse(b"{\n  \"a\": 1,\n  \"b\": ?\n}", Limits::default()).unwrap_err();
        assert!(
            v.message_en.contains("line 3, column 8"),
            "{}",
            v.message_en
        );
    }

    #[test]
    fn utf8_error_names_the_byte() {
        let v = parse(b"{\n\"a\": \"\xc3\x28\"}", Limits::default()).unwrap_err();
        assert!(
            v.message_en.contains("byte 8 (line 2, column 7)"),
            "{}",
            v.message_en
        );
    }
}
