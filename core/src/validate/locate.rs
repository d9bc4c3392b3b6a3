//! Where a JSON Pointer lands in the source text: line and column, for human output.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The line and column of every value of a JSON text, by JSON Pointer.
///
/// Built by one pass over the text with an explicit stack (no recursion), in time and memory
/// linear in the text whatever its depth: each value is kept under a 128-bit hash of its path,
/// made from its parent's in constant time (no pointer text is built). A pointer that names
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
    positions: HashMap<u128, (usize, usize)>,
}

/// The hash of the document's root.
const ROOT: u128 = 0;

/// The hash of the path to a child `token` (a key, or an index in decimal) of the value at
/// `parent`: two SipHashes with different salts.
fn child(parent: u128, token: &str) -> u128 {
    let half = |salt: u8| {
        let mut h = DefaultHasher::new();
        salt.hash(&mut h);
        parent.hash(&mut h);
        token.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// The line and column (1-based) in `bytes` of each violation of `report`, in order: `None` for
/// a violation of the whole document (its place, when known, is in its message) or when the
/// text is not UTF-8. A missing field is placed at its parent, as [`SourceMap::locate`] does.
///
/// ```
/// let text = "{\n  \"promotion\": \"EIG 6\"\n}";
/// let report = eig::validate::validate_named_promotion(text.as_bytes());
/// let places = eig::validate::places(text.as_bytes(), &report);
/// let at = report.violations.iter().position(|v| v.path == "/promotion").unwrap();
/// assert_eq!(places[at], Some((2, 16)));
/// ```
#[must_use]
pub fn places(bytes: &[u8], report: &crate::diagnostics::Report) -> Vec<Option<(usize, usize)>> {
    let map = std::str::from_utf8(bytes).ok().map(SourceMap::new);
    report
        .violations
        .iter()
        .map(|v| {
            map.as_ref()
                .filter(|_| !v.path.is_empty())
                .and_then(|m| m.locate(&v.path))
        })
        .collect()
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
        // The hash of the path to each open value.
        let mut path: Vec<u128> = Vec::new();
        let (mut line, mut col) = (1usize, 1usize);
        let mut chars = text.chars().peekable();
        // Whether the next string in an object is a key.
        let mut expect_key = false;
        // The line and column after the character `c`.
        macro_rules! step {
            ($c:expr) => {
                if $c == '\n' {
                    line += 1;
                    col = 1;
                } else {
                    col += 1;
                }
            };
        }
        macro_rules! value_starts {
            () => {{
                if let Some(Frame::Array { index }) = stack.last() {
                    let parent = path.last().copied().unwrap_or(ROOT);
                    path.push(child(parent, &index.to_string()));
                }
                // A key given twice is located at its second value (the one `duplicate_key`
                // names).
                let here = path.last().copied().unwrap_or(ROOT);
                positions.insert(here, (line, col));
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
            step!(c);
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
                        step!(d);
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
                            let parent = path.last().copied().unwrap_or(ROOT);
                            path.push(child(parent, &s));
                            *key = Some(s);
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
                // A comment (`//` to the end of the line, `/*` to `*/`) is white space.
                '/' if chars.peek() == Some(&'/') => {
                    while chars.peek().is_some_and(|d| *d != '\n') {
                        chars.next();
                        col += 1;
                    }
                }
                '/' if chars.peek() == Some(&'*') => {
                    chars.next();
                    col += 1;
                    let mut star = false;
                    for d in chars.by_ref() {
                        step!(d);
                        if star && d == '/' {
                            break;
                        }
                        star = d == '*';
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
        let tokens = match pointer.strip_prefix('/') {
            Some(rest) => rest.split('/').collect(),
            None if pointer.is_empty() => Vec::new(),
            None => return None,
        };
        let mut prefixes = vec![ROOT];
        for token in tokens {
            let token = token.replace("~1", "/").replace("~0", "~");
            let parent = prefixes.last().copied().unwrap_or(ROOT);
            prefixes.push(child(parent, &token));
        }
        prefixes
            .iter()
            .rev()
            .find_map(|h| self.positions.get(h).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_white_space() {
        let text = "// a \"comment\": {\n{\n  /* \"a\": [ */ \"seats\": [ // [\n    {\"count\": 0}\n  ]\n}";
        let map = SourceMap::new(text);
        assert_eq!(map.locate("/seats/0/count"), Some((4, 15)));
        assert_eq!(map.locate("/seats"), Some((3, 25)));
    }

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

    /// A text nested 100,000 deep maps in one linear pass (no pointer text per value), and a
    /// deep pointer is found.
    #[test]
    fn deep_nesting_maps_in_one_pass() {
        let depth = 100_000;
        let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let m = SourceMap::new(&text);
        assert_eq!(m.locate(""), Some((1, 1)));
        let deep: String = "/0".repeat(depth);
        assert_eq!(m.locate(&deep), Some((1, depth + 1)));
        assert_eq!(m.locate(&format!("{deep}/x")), Some((1, depth + 1)));
        assert_eq!(m.locate("/1"), Some((1, 1)));
        assert_eq!(m.locate("no-slash"), None);
    }
}
