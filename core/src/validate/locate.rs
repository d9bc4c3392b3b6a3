//! Where a JSON Pointer lands in the source text: line and column, for human output.

use crate::diagnostics::escape_pointer_token;
use std::collections::HashMap;

/// The line and column of every value of a JSON text, by JSON Pointer.
///
/// Built by one pass over the text with an explicit stack (no recursion). A pointer that names
/// no value (a missing field) is located at its nearest existing ancestor.
///
/// ```
/// use eig::validate::SourceMap;
/// let map = SourceMap::new("{\n  \"seats\": [\n    {\"count\": 0}\n  ]\n}");
/// assert_eq!(map.locate("/seats/0/count"), Some((3, 15)));
/// assert_eq!(map.locate("/seats/0/expertise"), Some((3, 5)));
/// ```
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    positions: HashMap<String, (usize, usize)>,
}

enum Frame {
    Object { key: Option<String> },
    Array { index: usize },
}

impl SourceMap {
    /// Maps a JSON text; a text that is not JSON maps as far as it goes.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut positions = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut path: Vec<String> = Vec::new();
        let (mut line, mut col) = (1usize, 1usize);
        let mut chars = text.chars().peekable();
        // Whether the next string in an object is a key.
        let mut expect_key = false;
        let pointer = |path: &[String]| -> String {
            path.iter()
                .map(|s| format!("/{}", escape_pointer_token(s)))
                .collect()
        };
        macro_rules! value_starts {
            () => {{
                if let Some(Frame::Array { index }) = stack.last() {
                    path.push(index.to_string());
                }
                positions.entry(pointer(&path)).or_insert((line, col));
            }};
        }
        macro_rules! value_ends {
            () => {{
                match stack.last_mut() {
                    Some(Frame::Array { index }) => {
                        *index += 1;
                        path.pop();
                    }
                    Some(Frame::Object { key }) => {
                        // A key was open: the value that ends is its value.
                        let had_key = key.take().is_some();
                        if had_key {
                            path.pop();
                        }
                    }
                    None => {}
                }
            }};
        }
        while let Some(c) = chars.next() {
            let (l0, c0) = (line, col);
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
            match c {
                '{' | '[' => {
                    let (sl, sc) = (line, col);
                    (line, col) = (l0, c0);
                    value_starts!();
                    (line, col) = (sl, sc);
                    if c == '{' {
                        stack.push(Frame::Object { key: None });
                        expect_key = true;
                    } else {
                        stack.push(Frame::Array { index: 0 });
                    }
                }
                '}' | ']' => {
                    stack.pop();
                    expect_key = false;
                    value_ends!();
                }
                ',' => {
                    if matches!(stack.last(), Some(Frame::Object { .. })) {
                        expect_key = true;
                    }
                }
                '"' => {
                    let mut s = String::new();
                    let mut escaped = false;
                    for d in chars.by_ref() {
                        if d == '\n' {
                            line += 1;
                            col = 1;
                        } else {
                            col += 1;
                        }
                        if escaped {
                            s.push(match d {
                                'n' => '\n',
                                't' => '\t',
                                'r' => '\r',
                                other => other,
                            });
                            escaped = false;
                        } else if d == '\\' {
                            escaped = true;
                        } else if d == '"' {
                            break;
                        } else {
                            s.push(d);
                        }
                    }
                    if expect_key {
                        if let Some(Frame::Object { key }) = stack.last_mut() {
                            *key = Some(s.clone());
                            path.push(s);
                        }
                        expect_key = false;
                    } else {
                        let (sl, sc) = (line, col);
                        (line, col) = (l0, c0);
                        value_starts!();
                        (line, col) = (sl, sc);
                        value_ends!();
                    }
                }
                c if c == '-' || c.is_ascii_alphanumeric() => {
                    let (sl, sc) = (line, col);
                    (line, col) = (l0, c0);
                    value_starts!();
                    (line, col) = (sl, sc);
                    while chars
                        .peek()
                        .is_some_and(|d| d.is_ascii_alphanumeric() || matches!(d, '.' | '+' | '-'))
                    {
                        chars.next();
                        col += 1;
                    }
                    value_ends!();
                }
                _ => {}
            }
        }
        Self { positions }
    }

    /// Line and column (1-based) of the value at `pointer`, or of its nearest existing ancestor.
    #[must_use]
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            p = p.rsplit_once('/')?.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_values_keys_with_escapes_and_nesting() {
        let text = "{\"a/b\": [1, {\"c\": \"x\\\"y\"}, true],\n \"d\": {}}";
        let m = SourceMap::new(text);
        assert_eq!(m.locate(""), Some((1, 1)));
        assert_eq!(m.locate("/a~1b"), Some((1, 9)));
        assert_eq!(m.locate("/a~1b/0"), Some((1, 10)));
        assert_eq!(m.locate("/a~1b/1"), Some((1, 13)));
        assert_eq!(m.locate("/a~1b/1/c"), Some((1, 19)));
        assert_eq!(m.locate("/a~1b/2"), Some((1, 28)));
        assert_eq!(m.locate("/d"), Some((2, 7)));
        assert_eq!(m.locate("/d/missing"), Some((2, 7)));
    }
}
