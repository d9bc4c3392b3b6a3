//! The input pass: size and nesting limits, UTF-8, JSON syntax, a top-level object.

use crate::diagnostics::message::{self, At};
use crate::diagnostics::{Violation, escape_pointer_token};
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

/// Reads bytes into a JSON object, or says why not. Never recurses on the input.
// The error is the violation the caller reports as is; it is built once per bad document.
#[allow(clippy::result_large_err)]
pub(crate) fn parse(bytes: &[u8], limits: Limits) -> Result<Value, Violation> {
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
                None => message::json_error(&e, limits.max_depth),
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
    Ok(value)
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
