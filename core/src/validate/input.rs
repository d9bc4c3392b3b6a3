//! The input pass: size and nesting limits, UTF-8, JSON syntax, a top-level object.

use crate::diagnostics::message::{self, At};
use crate::diagnostics::{Violation, escape_pointer_token};
use serde_json::Value;

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
    // is parsed, then measured.
    let value: Value =
        serde_json::from_str(text).map_err(|e| message::json_error(&e, limits.max_depth))?;
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
