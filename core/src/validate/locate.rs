//! Where a JSON Pointer lands in the source text: line and column, for human output.

use std::collections::HashMap;

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

/// A path under no pointer asked for: its children are not hashed, nor kept.
const UNWANTED: u128 = u128::MAX;

/// The hash of the path to a child `token` (a key, or an index in decimal) of the value at
/// `parent`: FNV-1a over 128 bits, of the parent's hash and the token.
fn child(parent: u128, token: &[u8]) -> u128 {
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in parent.to_le_bytes().iter().chain(&[0xff]).chain(token) {
        h ^= u128::from(*b);
        h = h.wrapping_mul(PRIME);
    }
    if h == UNWANTED { h - 1 } else { h }
}

/// [`child`] for an index, written in decimal without an allocation.
fn child_index(parent: u128, index: usize) -> u128 {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = index;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    child(parent, &digits[at..])
}

/// The hashes of `pointer` and of each of its ancestors, root first.
fn prefixes(pointer: &str) -> Option<Vec<u128>> {
    let tokens: Vec<&str> = match pointer.strip_prefix('/') {
        Some(rest) => rest.split('/').collect(),
        None if pointer.is_empty() => Vec::new(),
        None => return None,
    };
    let mut prefixes = vec![ROOT];
    for token in tokens {
        let token = token.replace("~1", "/").replace("~0", "~");
        let parent = prefixes.last().copied().unwrap_or(ROOT);
        prefixes.push(child(parent, token.as_bytes()));
    }
    Some(prefixes)
}

/// The line and column (1-based) in `bytes` of each violation of `report`, in order: a JSON
/// syntax error (`invalid_json`) where the parser stopped, `None` for another violation of the
/// whole document or when the text is not UTF-8. A missing field is placed at its parent, as
/// [`SourceMap::locate`] does.
///
/// ```
/// let text = "{\n  \"promotion\": \"EIG 6\"\n}";
/// let report = eig::validate::validate_named_promotion(text.as_bytes());
/// let places = eig::validate::places(text.as_bytes(), &report);
/// let at = report.violations.iter().position(|v| v.path == "/promotion").unwrap();
/// assert_eq!(places[at], Some((2, 16)));
/// // A syntax error is placed where the parser stopped.
/// let text = "{\n  \"promotion\": \"eig-6\",\n  titre: \"x\"\n}";
/// let report = eig::validate::validate_named_promotion(text.as_bytes());
/// assert_eq!(eig::validate::places(text.as_bytes(), &report), [Some((3, 3))]);
/// ```
#[must_use]
pub fn places(bytes: &[u8], report: &crate::diagnostics::Report) -> Vec<Option<(usize, usize)>> {
    // Only the values the violations name (and their ancestors) are kept: a document of a
    // million values maps in one scan, without a million entries.
    let wanted = Wanted::new(report.violations.iter().map(|v| v.path.as_str()));
    let map = std::str::from_utf8(bytes)
        .ok()
        .map(|text| SourceMap::build(text, Some(&wanted)));
    report
        .violations
        .iter()
        .map(|v| {
            if v.path.is_empty() && v.code == "invalid_json" {
                let at = |k: &str| {
                    v.params
                        .get(k)
                        .and_then(|n| n.as_u64())
                        .and_then(|n| usize::try_from(n).ok())
                };
                return at("line").zip(at("column"));
            }
            map.as_ref()
                .filter(|_| !v.path.is_empty())
                .and_then(|m| m.locate(&v.path))
        })
        .collect()
}

enum Frame<'w> {
    Object {
        key: Option<String>,
    },
    Array {
        index: usize,
        /// The indices asked for in this array, in order, and how many are passed (`None`:
        /// every index is kept).
        wanted: Option<(&'w [usize], usize)>,
    },
}

/// The values a map keeps: the hashes of their paths (and their ancestors'), and for each
/// array among them the indices asked for, so that the other items cost no hash.
struct Wanted {
    hashes: std::collections::HashSet<u128>,
    indices: HashMap<u128, Vec<usize>>,
}

impl Wanted {
    fn new<'p>(pointers: impl Iterator<Item = &'p str>) -> Self {
        let mut hashes = std::collections::HashSet::new();
        let mut indices: HashMap<u128, Vec<usize>> = HashMap::new();
        for pointer in pointers {
            let Some(prefixes) = prefixes(pointer) else {
                continue;
            };
            let tokens = pointer.split('/').skip(1);
            for (parent, token) in prefixes.iter().zip(tokens) {
                if let Ok(i) = token.parse::<usize>()
                    && i.to_string() == token
                {
                    indices.entry(*parent).or_default().push(i);
                }
            }
            hashes.extend(prefixes);
        }
        for list in indices.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Self { hashes, indices }
    }
}

impl SourceMap {
    /// Maps a JSON text; a text that is not JSON maps as far as it goes.
    #[must_use]
    pub fn new(text: &str) -> Self {
        Self::build(text, None)
    }

    /// Maps a JSON text, keeping only the values whose path hashes are `wanted` (all of them
    /// without it).
    fn build(text: &str, wanted: Option<&Wanted>) -> Self {
        let mut positions = HashMap::new();
        // The hash of a child's path, or UNWANTED when it leads to no value asked for.
        let path_of = |parent: u128, token: Token<'_>| -> u128 {
            if parent == UNWANTED {
                return UNWANTED;
            }
            let h = match token {
                Token::Key(k) => child(parent, k.as_bytes()),
                Token::Index(i) => child_index(parent, i),
            };
            match wanted {
                Some(w) if !w.hashes.contains(&h) => UNWANTED,
                _ => h,
            }
        };
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
                if let Some(Frame::Array { index, wanted }) = stack.last_mut() {
                    let parent = path.last().copied().unwrap_or(ROOT);
                    let here = match wanted {
                        _ if parent == UNWANTED => UNWANTED,
                        // Only the indices asked for are hashed.
                        Some((asked, passed)) => {
                            if asked.get(*passed) == Some(index) {
                                *passed += 1;
                                path_of(parent, Token::Index(*index))
                            } else {
                                UNWANTED
                            }
                        }
                        None => path_of(parent, Token::Index(*index)),
                    };
                    path.push(here);
                }
                // A key given twice is located at its second value (the one `duplicate_key`
                // names).
                let here = path.last().copied().unwrap_or(ROOT);
                if here != UNWANTED {
                    positions.insert(here, (line, col));
                }
            }};
        }
        macro_rules! value_ends {
            () => {{
                match stack.last_mut() {
                    Some(Frame::Array { index, .. }) => {
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
                        let here = path.last().copied().unwrap_or(ROOT);
                        let asked = wanted.map(|w| {
                            let list = w.indices.get(&here).filter(|_| here != UNWANTED);
                            (list.map_or(&[][..], Vec::as_slice), 0)
                        });
                        stack.push(Frame::Array {
                            index: 0,
                            wanted: asked,
                        });
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
                    // A key's text is kept; a value's is only scanned.
                    let mut s = String::new();
                    let mut escaped = false;
                    for d in chars.by_ref() {
                        step!(d);
                        if !expect_key {
                            if escaped {
                                escaped = false;
                            } else if d == '\\' {
                                escaped = true;
                            } else if d == '"' {
                                break;
                            }
                            continue;
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
                            let parent = path.last().copied().unwrap_or(ROOT);
                            path.push(path_of(parent, Token::Key(&s)));
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

    /// Line and column (1-based) of the value at `pointer` itself, when it is there.
    pub(crate) fn locate_exact(&self, pointer: &str) -> Option<(usize, usize)> {
        self.positions.get(prefixes(pointer)?.last()?).copied()
    }

    /// Line and column (1-based) of the value at `pointer`, or of its nearest existing ancestor.
    #[must_use]
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        prefixes(pointer)?
            .iter()
            .rev()
            .find_map(|h| self.positions.get(h).copied())
    }
}

/// A step of a path: an object's key or an array's index.
#[derive(Clone, Copy)]
enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A map kept to the paths asked for places them as the whole map does: values, missing
    /// fields (at their parent), escaped keys, indices past nine, the root.
    #[test]
    fn a_map_of_some_paths_agrees_with_the_whole_map() {
        let text = "{\"a/b\": [1, {\"c\": \"x\\\"y\"}, true],\n \"d\": {\"é~\": [0,1,2,3,4,5,6,7,8,9,10,11]},\n \"e\": \"f\"}";
        let whole = SourceMap::new(text);
        let asked = [
            "",
            "/a~1b/1/c",
            "/a~1b/2",
            "/d/é~0/11",
            "/d/é~0/10",
            "/d/missing",
            "/e",
            "/e/x",
            "/zz",
            "/a~1b/9",
        ];
        let some = SourceMap::build(text, Some(&Wanted::new(asked.iter().copied())));
        for p in asked {
            assert_eq!(some.locate(p), whole.locate(p), "{p}");
        }
        assert!(some.positions.len() < whole.positions.len());
        assert_eq!(some.locate("/d/é~0/11"), Some((2, 38)));
    }

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
