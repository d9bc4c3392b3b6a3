//! YAML files and Markdown front matter, read into JSON values.

use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// Where and why a YAML text does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// 1-based line in the file.
    pub(crate) line: usize,
    /// 1-based column.
    pub(crate) column: usize,
    /// The parser's message.
    pub(crate) message: String,
}

/// Parses a YAML text (its first document; an empty text is `null`). `first_line` is the
/// file line the text starts on, so that errors in front matter name the file's line.
pub(crate) fn parse(text: &str, first_line: usize) -> Result<Value, YamlError> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| YamlError {
        line: e.marker().line() + first_line - 1,
        column: e.marker().col() + 1,
        message: e.info().to_owned(),
    })?;
    Ok(docs.first().map_or(Value::Null, to_json))
}

/// A YAML value as JSON. Scalars keep their YAML type: a quoted `"4"` stays a string, a plain
/// `4` is a number, a timestamp is a string. Keys that are not strings become their text.
pub(crate) fn to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::Number((*i).into()),
        Yaml::Real(text) => text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(text.clone()), Value::Number),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Hash(hash) => {
            let mut map = Map::new();
            for (k, v) in hash {
                let key = match k {
                    Yaml::String(s) | Yaml::Real(s) => s.clone(),
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    other => format!("{other:?}"),
                };
                map.insert(key, to_json(v));
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
        .unwrap();
        assert_eq!(
            v,
            json!({"a": "4", "b": 4, "c": "2021-10-17T09:42:47.429Z", "d": 1.5, "2019": "x", "e": null})
        );
    }

    #[test]
    fn errors_name_the_line_of_the_file() {
        let e = parse("a: 1\nb: [1\n", 3).unwrap_err();
        assert!(e.line >= 4, "{e:?}");
        assert!(!e.message.is_empty());
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
