//! YAML files and Markdown front matter, read into JSON values.

use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::{Yaml, YamlLoader};

/// The most values a YAML text's aliases may copy once expanded (each alias copies its anchored
/// value, nested aliases included). The programme's files use no alias; values written out in
/// full are not counted, so a large file is never refused for its size.
pub(crate) const MAX_EXPANDED_VALUES: u64 = 100_000;
/// The most aliases (`*name`) a YAML text may use.
pub(crate) const MAX_ALIASES: u64 = 10_000;
/// The deepest nesting of lists and mappings a YAML text may have (as for JSON documents):
/// the programme's files have 4 levels, and a deeper text would exhaust the stack of the
/// loader and of what reads its values.
pub(crate) const MAX_DEPTH: usize = 64;

/// Where and why a YAML text does not parse, or is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// Whether the text parses but its aliases expand past the limits.
    pub(crate) alias_limit: bool,
    /// Whether the text nests lists and mappings deeper than [`MAX_DEPTH`].
    pub(crate) too_deep: bool,
    /// 1-based line in the file.
    pub(crate) line: usize,
    /// 1-based column.
    pub(crate) column: usize,
    /// The parser's message.
    pub(crate) message: String,
}

/// Parses a YAML text (its first document; an empty text is `null`). `first_line` is the
/// file line the text starts on, so that errors in front matter name the file's line.
/// The text's first document as JSON, with the pointers of the whole numbers past 64 bits that
/// were kept as text.
pub(crate) fn parse(text: &str, first_line: usize) -> Result<(Value, Vec<String>), YamlError> {
    // The aliases are counted, and the nesting measured, before anything is loaded: the
    // loader copies an anchored value at each alias, so a few hundred bytes can stand for
    // billions of values, and a deep text would exhaust the stack.
    let limits = limits_exceeded(text);
    if let Some((at, too_deep)) = limits {
        return Err(YamlError {
            alias_limit: !too_deep,
            too_deep,
            line: at.line() + first_line - 1,
            column: at.col() + 1,
            message: String::new(),
        });
    }
    let docs = YamlLoader::load_from_str(text).map_err(|e| YamlError {
        alias_limit: false,
        too_deep: false,
        line: e.marker().line() + first_line - 1,
        column: e.marker().col() + 1,
        message: e.info().to_owned(),
    })?;
    let mut big = Vec::new();
    let value = docs
        .first()
        .map_or(Value::Null, |d| to_json_at(d, &mut String::new(), &mut big));
    Ok((value, big))
}

/// Where a text's aliases first copy more than [`MAX_EXPANDED_VALUES`] values or number more
/// than [`MAX_ALIASES`], or its nesting passes [`MAX_DEPTH`], if they do (`true` when it is
/// the nesting). One pass over the parser's events, in time linear in the text: each anchored
/// value's expanded size is kept, and an alias copies that size. A text that does not parse
/// is left to the loader, which says where.
fn limits_exceeded(text: &str) -> Option<(Marker, bool)> {
    let mut count = Expansion::default();
    // Event by event, in a loop: the parser's own `load` recurses once per level of a block
    // mapping, so a deep text would exhaust the stack before any count could stop it.
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            // A parse error is the loader's to report.
            Ok((Event::StreamEnd, _)) | Err(_) => break,
            Ok((event, mark)) => count.on_event(event, mark),
        }
        if count.exceeded.is_some() {
            break;
        }
    }
    count.exceeded.map(|at| (at, count.too_deep))
}

/// The expanded sizes of a YAML text's values, as its events come.
#[derive(Default)]
struct Expansion {
    /// The expanded size of each anchored value, by anchor id.
    anchored: HashMap<usize, u64>,
    /// The collections open, with their anchor id and expanded size so far.
    open: Vec<(usize, u64)>,
    /// The size of the documents' values closed so far.
    total: u64,
    aliases: u64,
    /// The values the aliases met so far copy.
    copied: u64,
    exceeded: Option<Marker>,
    /// Whether it is the nesting that passed its limit.
    too_deep: bool,
}

impl Expansion {
    /// Adds a value of expanded size `n` to the collection it is in.
    fn add(&mut self, n: u64, mark: Marker) {
        let size = match self.open.last_mut() {
            Some((_, size)) => size,
            None => &mut self.total,
        };
        *size = size.saturating_add(n);
        let over = self.copied > MAX_EXPANDED_VALUES || self.aliases > MAX_ALIASES;
        if over && self.exceeded.is_none() {
            self.exceeded = Some(mark);
        }
    }
}

impl MarkedEventReceiver for Expansion {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.exceeded.is_some() {
            return;
        }
        match ev {
            Event::Scalar(_, _, anchor, _) => {
                if anchor > 0 {
                    self.anchored.insert(anchor, 1);
                }
                self.add(1, mark);
            }
            Event::Alias(id) => {
                self.aliases += 1;
                let n = self.anchored.get(&id).copied().unwrap_or(1);
                self.copied = self.copied.saturating_add(n);
                self.add(n, mark);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((anchor, 1));
                if self.open.len() > MAX_DEPTH {
                    self.too_deep = true;
                    self.exceeded = Some(mark);
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, n)) = self.open.pop() {
                    if anchor > 0 {
                        self.anchored.insert(anchor, n);
                    }
                    self.add(n, mark);
                }
            }
            _ => {}
        }
    }
}

/// A YAML value as JSON. Scalars keep their YAML type: a quoted `"4"` stays a string, a plain
/// `4` is a number, a timestamp is a string. Keys that are not strings become their text.
/// `path` is the value's JSON Pointer; `big` gets the pointer of every plain whole number past
/// 64 bits: it is kept as its text (a float would only approximate it), for the caller to
/// report.
fn to_json_at(yaml: &Yaml, path: &mut String, big: &mut Vec<String>) -> Value {
    match yaml {
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::Number((*i).into()),
        Yaml::Real(text) => {
            let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                // yaml-rust2 reads a whole number past i64 as a float: keep it exact.
                if let Ok(u) = text.strip_prefix('+').unwrap_or(text).parse::<u64>() {
                    return Value::Number(u.into());
                }
                big.push(path.clone());
                return Value::String(text.clone());
            }
            text.parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map_or_else(|| Value::String(text.clone()), Value::Number)
        }
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let len = path.len();
                    path.push('/');
                    path.push_str(&i.to_string());
                    let v = to_json_at(item, path, big);
                    path.truncate(len);
                    v
                })
                .collect(),
        ),
        Yaml::Hash(hash) => {
            let mut map = Map::new();
            for (k, v) in hash {
                let key = match k {
                    Yaml::String(s) | Yaml::Real(s) => s.clone(),
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    other => format!("{other:?}"),
                };
                let len = path.len();
                path.push('/');
                path.push_str(&crate::diagnostics::escape_pointer_token(&key));
                let value = to_json_at(v, path, big);
                path.truncate(len);
                map.insert(key, value);
            }
            Value::Object(map)
        }
        Yaml::Null | Yaml::BadValue | Yaml::Alias(_) => Value::Null,
    }
}

/// A Markdown file split into its front matter (the YAML between the first two `---` lines)
/// and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatter<'a> {
    /// The YAML text.
    pub(crate) yaml: &'a str,
    /// The file line the YAML starts on.
    pub(crate) first_line: usize,
    /// Everything after the closing `---` line.
    pub(crate) body: &'a str,
}

/// Splits a Markdown file; `None` when it does not start with a `---` line closed by another.
pub(crate) fn front_matter(text: &str) -> Option<FrontMatter<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\r\n")
        .or_else(|| text.strip_prefix("---\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(FrontMatter {
                yaml: &rest[..offset],
                first_line: 2,
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    // A closing line without a final newline.
    if rest[offset..].trim_end() == "---" {
        return Some(FrontMatter {
            yaml: &rest[..offset],
            first_line: 2,
            body: "",
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_keep_their_yaml_type() {
        let v = parse(
            "a: \"4\"\nb: 4\nc: 2021-10-17T09:42:47.429Z\nd: 1.5\n2019: x\ne: ~\n",
            1,
        )
        .unwrap()
        .0;
        assert_eq!(
            v,
            json!({"a": "4", "b": 4, "c": "2021-10-17T09:42:47.429Z", "d": 1.5, "2019": "x", "e": null})
        );
    }

    /// A whole number past i64 but within u64 stays an exact integer; past u64 it is kept as
    /// its text and its pointer given (a float would round it).
    #[test]
    fn whole_numbers_past_64_bits_are_kept_exact() {
        let (v, big) = parse(
            "a: 18446744073709551615\nb: [1, -123456789012345678901234567890]\nc: 1.5e300\n",
            1,
        )
        .unwrap();
        assert_eq!(v["a"], json!(18_446_744_073_709_551_615_u64));
        assert_eq!(v["b"][1], json!("-123456789012345678901234567890"));
        assert_eq!(v["c"], json!(1.5e300));
        assert_eq!(big, ["/b/1"]);
    }

    #[test]
    fn errors_name_the_line_of_the_file() {
        let e = parse("a: 1\nb: [1\n", 3).unwrap_err();
        assert!(e.line >= 4, "{e:?}");
        assert!(!e.message.is_empty());
    }

    /// An alias bomb (nine levels of nine aliases: 387 million values in 330 bytes) is refused
    /// before it is expanded, at the line where it passes the limit; a few aliases are read.
    #[test]
    fn an_alias_bomb_is_refused_before_it_is_expanded() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let row = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{row}]\n"));
        }
        let e = parse(&text, 2).unwrap_err();
        assert!(e.alias_limit, "{e:?}");
        // The aliases of levels b to e copy 66,420 values; level f's first alias (59,049 more)
        // is the first past 100,000: line 6 of the text, line 7 of the file.
        assert_eq!(e.line, 7, "{e:?}");

        let fine = parse("base: &b {x: 1, y: [1, 2]}\none: *b\ntwo: *b\n", 1)
            .unwrap()
            .0;
        assert_eq!(fine["two"], json!({"x": 1, "y": [1, 2]}));
        // As many aliases as allowed, of one scalar each: read.
        let many = format!("s: &s v\nl: [{}]\n", vec!["*s"; 10_000].join(", "));
        assert_eq!(
            parse(&many, 1).unwrap().0["l"].as_array().unwrap().len(),
            10_000
        );
        let too_many = format!("s: &s v\nl: [{}]\n", vec!["*s"; 10_001].join(", "));
        assert!(parse(&too_many, 1).unwrap_err().alias_limit);
    }

    /// Lists and mappings nested past the limit are refused where they pass it, whatever their
    /// style, before the parser's recursive loader (or anything after it) can exhaust the stack.
    #[test]
    fn deep_nesting_is_refused_without_recursing() {
        let block: String = (0..2_000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        let flow = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let list: String = (0..2_000)
            .map(|i| format!("{}-\n", " ".repeat(i)))
            .collect();
        for text in [&block, &list] {
            let e = parse(text, 1).unwrap_err();
            assert!(e.too_deep, "{e:?}");
        }
        // In flow style the scanner reads ahead and stops first, at its own limit.
        let e = parse(&flow, 1).unwrap_err();
        assert!(e.too_deep || e.message.contains("recursion limit"), "{e:?}");
        assert_eq!(parse(&block, 1).unwrap_err().line, 65);
        let fine: String = (0..MAX_DEPTH - 1)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert!(parse(&fine, 1).is_ok());
    }

    /// Values written out in full are not counted: a large file with an alias is read.
    #[test]
    fn a_large_file_with_a_few_aliases_is_read() {
        let mut text = String::from("base: &b {x: \"*bold*\"}\none: *b\nlist:\n");
        for k in 0..150_000 {
            text.push_str(&format!("  - {k}\n"));
        }
        let (v, _) = parse(&text, 1).unwrap();
        assert_eq!(v["list"].as_array().unwrap().len(), 150_000);
        assert_eq!(v["one"]["x"], "*bold*");
    }

    #[test]
    fn front_matter_splits() {
        let fm = front_matter("---\ntitle: A\n---\nbody\n").unwrap();
        assert_eq!((fm.yaml, fm.body), ("title: A\n", "body\n"));
        let fm = front_matter("---\r\ntitle: A\r\n---").unwrap();
        assert_eq!((fm.yaml, fm.body), ("title: A\r\n", ""));
        assert!(front_matter("title: A\n").is_none());
        assert!(front_matter("---\ntitle: A\n").is_none());
    }
}
