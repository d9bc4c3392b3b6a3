//! The input pass: size and nesting limits, UTF-8, JSON syntax, a top-level object.

use crate::diagnostics::{Code, Violation, escape_pointer_token};
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
        return Err(Violation::new(
            Code::DocumentTooLarge,
            "",
            format!(
                "le document fait {} octets, au-delà de la limite de {} octets",
                bytes.len(),
                limits.max_bytes
            ),
            format!(
                "the document is {} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let (line, col) = line_col(&bytes[..at]);
            return Err(Violation::new(
                Code::InvalidUtf8,
                "",
                format!("octets non UTF-8 à l'octet {at} (ligne {line}, colonne {col})"),
                format!("bytes that are not UTF-8 at byte {at} (line {line}, column {col})"),
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Violation::new(
            Code::EmptyDocument,
            "",
            "le document est vide",
            "the document is empty",
        ));
    }
    // serde_json stops at 128 levels with an error (no stack overflow); a shallower document
    // is parsed, then measured.
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let (line, col) = (e.line(), e.column());
        let what = e.to_string();
        let what = what.split(" at line").next().unwrap_or(&what).to_owned();
        if what == "recursion limit exceeded" {
            return too_deep_violation(
                limits.max_depth,
                &format!("ligne {line}, colonne {col}"),
                &format!("line {line}, column {col}"),
            );
        }
        Violation::new(
            Code::InvalidJson,
            "",
            format!("JSON invalide ligne {line}, colonne {col} : {what}"),
            format!("invalid JSON at line {line}, column {col}: {what}"),
        )
    })?;
    if let Some(at) = too_deep(&value, limits.max_depth) {
        return Err(too_deep_violation(limits.max_depth, &at, &at));
    }
    if !value.is_object() {
        let kind = json_type(&value);
        return Err(Violation::new(
            Code::NotAnObject,
            "",
            format!("le document doit être un objet JSON, pas {}", kind.1),
            format!("the document must be a JSON object, not {}", kind.0),
        ));
    }
    Ok(value)
}

/// The JSON type of a value, in English and in French, with an article.
pub(crate) fn json_type(v: &Value) -> (&'static str, &'static str) {
    match v {
        Value::Null => ("null", "null"),
        Value::Bool(_) => ("a boolean", "un booléen"),
        Value::Number(_) => ("a number", "un nombre"),
        Value::String(_) => ("a string", "une chaîne"),
        Value::Array(_) => ("an array", "un tableau"),
        Value::Object(_) => ("an object", "un objet"),
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

fn too_deep_violation(max: usize, at_fr: &str, at_en: &str) -> Violation {
    Violation::new(
        Code::NestingTooDeep,
        "",
        format!("imbrication de plus de {max} niveaux ({at_fr})"),
        format!("nesting deeper than {max} levels ({at_en})"),
    )
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
