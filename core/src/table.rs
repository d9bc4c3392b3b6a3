//! Tables with stable column names, for CSV, JSON Lines, and pandas or polars through the
//! bindings: a ranking's, and the dataset's entities and statistics.

use crate::text::escape_html;
use serde_json::{Map, Value};
use std::fmt::Write as _;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A count or a rank; none when absent.
    Int(Option<u32>),
    /// A score or a share; none when absent.
    Float(Option<f64>),
    /// Text; none when absent.
    Text(Option<String>),
    /// Yes or no; none when absent.
    Bool(Option<bool>),
    /// A list of texts (`; `-separated in CSV, an array in JSON).
    List(Vec<String>),
}

impl Cell {
    /// The cell as JSON (`null` when absent).
    #[must_use]
    pub fn to_json(&self) -> Value {
        match self {
            Self::Int(x) => x.map_or(Value::Null, Value::from),
            Self::Float(x) => x.map_or(Value::Null, Value::from),
            Self::Text(x) => x.clone().map_or(Value::Null, Value::String),
            Self::Bool(x) => x.map_or(Value::Null, Value::Bool),
            Self::List(x) => Value::from(x.clone()),
        }
    }

    fn write_csv(&self, out: &mut String) {
        let text = match self {
            Self::Int(Some(n)) => n.to_string(),
            Self::Float(Some(x)) => x.to_string(),
            Self::Text(Some(s)) => s.clone(),
            Self::Bool(Some(b)) => b.to_string(),
            Self::List(items) => items.join("; "),
            Self::Int(None) | Self::Float(None) | Self::Text(None) | Self::Bool(None) => return,
        };
        if text.contains([',', '"', '\n', '\r']) {
            let _ = write!(out, "\"{}\"", text.replace('"', "\"\""));
        } else {
            out.push_str(&text);
        }
    }

    fn to_text(&self) -> String {
        match self {
            Self::Float(Some(x)) => format!("{x:.2}"),
            Self::List(items) => items.join(", "),
            other => {
                let mut s = String::new();
                other.write_csv(&mut s);
                s.trim_matches('"').to_owned()
            }
        }
    }
}

/// A named table: column names and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Its name (`promotions`, `challenges`): the file name of an export.
    pub name: String,
    /// The column names, stable across versions.
    pub columns: Vec<String>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    #[must_use]
    pub fn new(name: &str, columns: &[&str]) -> Self {
        Self {
            name: name.to_owned(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// CSV: RFC 4180 quoting, a header line, empty fields for absent values.
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        for (k, c) in self.columns.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            Cell::Text(Some(c.clone())).write_csv(&mut out);
        }
        out.push('\n');
        for row in &self.rows {
            for (k, cell) in row.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                cell.write_csv(&mut out);
            }
            out.push('\n');
        }
        out
    }

    /// One JSON object per row.
    #[must_use]
    pub fn to_json_records(&self) -> Vec<Map<String, Value>> {
        self.rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .cloned()
                    .zip(row.iter().map(Cell::to_json))
                    .collect()
            })
            .collect()
    }

    /// JSON Lines: one object per line.
    #[must_use]
    pub fn to_jsonl(&self) -> String {
        let mut out = String::new();
        for record in self.to_json_records() {
            out.push_str(&Value::Object(record).to_string());
            out.push('\n');
        }
        out
    }

    /// An HTML table of the first `max_rows` rows, for notebooks (`_repr_html_`).
    #[must_use]
    pub fn to_html(&self, max_rows: usize) -> String {
        let mut h = format!(
            "<div><strong>{}</strong> ({} rows)<table><thead><tr>",
            escape_html(&self.name),
            self.rows.len()
        );
        for c in &self.columns {
            let _ = write!(h, "<th>{}</th>", escape_html(c));
        }
        h.push_str("</tr></thead><tbody>");
        for row in self.rows.iter().take(max_rows) {
            h.push_str("<tr>");
            for cell in row {
                let _ = write!(h, "<td>{}</td>", escape_html(&cell.to_text()));
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table>");
        if self.rows.len() > max_rows {
            let _ = write!(h, "<em>… {} more</em>", self.rows.len() - max_rows);
        }
        h.push_str("</div>");
        h
    }

    /// Aligned columns for a terminal.
    #[must_use]
    pub fn to_text(&self) -> String {
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::to_text).collect())
            .collect();
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(k, c)| {
                cells
                    .iter()
                    .map(|r| r[k].chars().count())
                    .chain([c.chars().count()])
                    .max()
                    .unwrap_or(0)
                    .min(48)
            })
            .collect();
        let mut out = String::new();
        let mut line = |values: &mut dyn Iterator<Item = &str>| {
            let mut parts = Vec::new();
            for (k, v) in values.enumerate() {
                let v: String = v.chars().take(48).collect();
                parts.push(format!("{v:<w$}", w = widths[k]));
            }
            let _ = writeln!(out, "{}", parts.join("  ").trim_end());
        };
        line(&mut self.columns.iter().map(String::as_str));
        for r in &cells {
            line(&mut r.iter().map(String::as_str));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_lists() {
        let mut t = Table::new("t", &["a", "b", "c"]);
        t.rows.push(vec![
            Cell::Text(Some("x, \"y\"".into())),
            Cell::List(vec!["p".into(), "q".into()]),
            Cell::Int(None),
        ]);
        assert_eq!(t.to_csv(), "a,b,c\n\"x, \"\"y\"\"\",p; q,\n");
        assert_eq!(
            t.to_jsonl(),
            "{\"a\":\"x, \\\"y\\\"\",\"b\":[\"p\",\"q\"],\"c\":null}\n"
        );
        assert!(t.to_text().starts_with('a'));
    }
}
