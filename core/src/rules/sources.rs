//! Where a rulebook's facts come from: one [`Source`] per document read, naming the fields it
//! gives, what it says, and, where two sources disagree, the value the rulebook does not apply.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where some facts of a rulebook come from.
///
/// A source names the fields it supports as JSON Pointers into the rulebook
/// (`/team_size`, `/call_for_projects/closes`); a pointer covers every field under it. Where
/// two sources give different values for one field, both are listed: the one the rulebook
/// does not apply carries the value it gives in `not_applied`, and `note` says why the other
/// is kept.
///
/// A plain string is accepted too (`"site-eig _data/defis.yml"`): a source that names no
/// field, as rulebooks written before sources were per field have them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Source {
    /// A source and the fields it gives.
    Fact(FactSource),
    /// A source named in words, with no field.
    Text(String),
}

/// A source and the fields it gives (see [`Source`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactSource {
    /// The fields this source gives, as JSON Pointers into the rulebook.
    #[schemars(length(min = 1))]
    pub fields: Vec<String>,
    /// The document: a file of the programme's public sources
    /// (`site-eig-v3 site/content/participer/administrations/faq.md`) or a web page.
    #[schemars(length(min = 1, max = 500))]
    pub source: String,
    /// What it says: a quotation, or the figure read or computed from it.
    #[schemars(length(min = 1, max = 2000))]
    pub says: String,
    /// How the value follows from it (a convention, a computation, a choice between sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2000))]
    pub note: Option<String>,
    /// The value this source gives where the rulebook applies another source's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applied: Option<Value>,
}

impl Source {
    /// A source for `fields`, saying `says`.
    #[must_use]
    pub fn fact(fields: &[&str], source: &str, says: &str) -> Self {
        Source::Fact(FactSource {
            fields: fields.iter().map(|f| (*f).to_owned()).collect(),
            source: source.to_owned(),
            says: says.to_owned(),
            note: None,
            not_applied: None,
        })
    }

    /// The same source with a note on how its value is used.
    #[must_use]
    pub fn note(mut self, note: &str) -> Self {
        if let Source::Fact(f) = &mut self {
            f.note = Some(note.to_owned());
        }
        self
    }

    /// The same source, marked as giving `value`, which the rulebook does not apply.
    #[must_use]
    pub fn not_applied(mut self, value: Value) -> Self {
        if let Source::Fact(f) = &mut self {
            f.not_applied = Some(value);
        }
        self
    }

    /// The document this source names.
    #[must_use]
    pub fn document(&self) -> &str {
        match self {
            Source::Fact(f) => &f.source,
            Source::Text(t) => t,
        }
    }

    /// The fields it gives (none for a source named in words).
    #[must_use]
    pub fn fields(&self) -> &[String] {
        match self {
            Source::Fact(f) => &f.fields,
            Source::Text(_) => &[],
        }
    }

    /// Whether this source gives the field at `pointer` (itself or a field above it).
    #[must_use]
    pub fn covers(&self, pointer: &str) -> bool {
        self.fields().iter().any(|f| {
            pointer == f || (pointer.starts_with(f.as_str()) && pointer[f.len()..].starts_with('/'))
        })
    }

    /// Whether the rulebook applies this source's value (false when it gives another value).
    #[must_use]
    pub fn applied(&self) -> bool {
        !matches!(
            self,
            Source::Fact(FactSource {
                not_applied: Some(_),
                ..
            })
        )
    }
}

impl From<&str> for Source {
    fn from(s: &str) -> Self {
        Source::Text(s.to_owned())
    }
}

impl From<String> for Source {
    fn from(s: String) -> Self {
        Source::Text(s)
    }
}

/// The JSON Pointers of every leaf of `value` (a value that is not an object nor a non-empty
/// array), in document order.
#[must_use]
pub fn leaf_pointers(value: &Value) -> Vec<String> {
    fn walk(v: &Value, at: &mut String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, child) in m {
                    let len = at.len();
                    at.push('/');
                    at.push_str(&crate::diagnostics::escape_pointer_token(k));
                    walk(child, at, out);
                    at.truncate(len);
                }
            }
            Value::Array(a) if !a.is_empty() => {
                for (i, child) in a.iter().enumerate() {
                    let len = at.len();
                    at.push('/');
                    at.push_str(&i.to_string());
                    walk(child, at, out);
                    at.truncate(len);
                }
            }
            _ => out.push(at.clone()),
        }
    }
    let mut out = Vec::new();
    walk(value, &mut String::new(), &mut out);
    out
}

/// Every built-in rulebook's facts and their sources, as Markdown (`docs/rulebook-sources.md`,
/// `eig rulebook sources`): per promotion, one row per source, with the value the rulebook
/// holds at each field it gives, and the value not applied where sources disagree.
#[must_use]
pub fn sources_markdown(rulebooks: &[super::Rulebook]) -> String {
    use std::fmt::Write as _;
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from(
        "# Where the built-in rulebooks' facts come from\n\n\
         Generated by `eig rulebook sources`; a test checks that this file is current and that \
         every field of every built-in rulebook has a source. A source names the fields it \
         gives (JSON Pointers into the rulebook); where two sources disagree, the one not \
         applied shows the value it gives.\n\n\
         Conventions: a call whose source gives a day and no hour opens at 00:00:00 and closes \
         at 23:59:59, Paris time; « à 23 h 59 » closes at 23:59:59; an hour (« 17h ») closes at \
         that instant. A fact no source gives is left out, and validation says it was not \
         checked (`call_window_unknown`, `cutoff_unknown`).\n",
    );
    for rb in rulebooks {
        let doc = serde_json::to_value(rb).unwrap_or_default();
        let _ = write!(
            out,
            "\n## {} (`{}`)\n\n| Fields | Value in the rulebook | Source | What it says | Note |\n|---|---|---|---|---|\n",
            rb.label, rb.promotion
        );
        for s in &rb.sources {
            let Source::Fact(f) = s else {
                let _ = writeln!(out, "| | | {} | | |", cell(s.document()));
                continue;
            };
            let value = match &f.not_applied {
                Some(v) => format!("not applied: `{v}`"),
                None => f
                    .fields
                    .iter()
                    .map(|p| match doc.pointer(p) {
                        Some(v) => {
                            let text = v.to_string();
                            if text.chars().count() > 80 {
                                "(see the rulebook)".to_owned()
                            } else {
                                format!("`{}`", text.replace('`', "'"))
                            }
                        }
                        None => "(none)".to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join("<br>"),
            };
            let fields: Vec<String> = f.fields.iter().map(|p| format!("`{p}`")).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                fields.join("<br>"),
                cell(&value),
                cell(&f.source),
                cell(&f.says),
                cell(f.note.as_deref().unwrap_or(""))
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_covers_the_fields_under_it() {
        let s = Source::fact(&["/team_size", "/call_for_projects/closes"], "a", "b");
        assert!(s.covers("/team_size"));
        assert!(s.covers("/team_size/min"));
        assert!(!s.covers("/team_sizes"));
        assert!(s.covers("/call_for_projects/closes"));
        assert!(!s.covers("/call_for_projects/opens"));
        assert!(!Source::from("site-eig").covers("/team_size"));
    }

    #[test]
    fn plain_strings_still_read() {
        let v: Vec<Source> = serde_json::from_str(
            r#"["site-eig", {"fields": ["/label"], "source": "x", "says": "y"}]"#,
        )
        .unwrap();
        assert_eq!(v[0], Source::from("site-eig"));
        assert!(v[1].covers("/label") && v[1].applied());
    }

    #[test]
    fn leaves() {
        let v = serde_json::json!({"a": {"b": 1, "c": [2, {"d": null}]}, "e": []});
        assert_eq!(leaf_pointers(&v), ["/a/b", "/a/c/0", "/a/c/1/d", "/e"]);
    }
}
