//! Tables with stable column names, for CSV, JSON Lines, and pandas or polars through the
//! bindings: a ranking's, and the dataset's entities and statistics.
//!
//! Each column has a [`ColumnType`], declared where the table is built or read off its cells,
//! so that typed exports (Arrow with the feature `arrow`, Parquet with `parquet`) keep a
//! column's type even when every value in it is absent.

#[cfg(feature = "arrow")]
mod arrow;
mod words;
#[cfg(feature = "arrow")]
pub use arrow::{ExportError, record_batch, schema};
pub use words::{column_label, decimal, decimal_trimmed};
#[cfg(feature = "parquet")]
mod parquet;
#[cfg(feature = "parquet")]
pub use parquet::{parquet_bytes, write_parquet};

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

/// How many of `n` rows a view of at most `max` rows shows first and last: two thirds at the
/// head, the rest at the tail; every row when they fit.
#[must_use]
pub fn head_and_tail(n: usize, max: usize) -> (usize, usize) {
    if n <= max {
        return (n, 0);
    }
    let head = max.saturating_mul(2) / 3;
    (head, max - head)
}

/// What a column holds, for typed exports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ColumnType {
    /// Whole numbers ([`Cell::Int`]): a nullable unsigned 32-bit integer.
    Int,
    /// Numbers ([`Cell::Float`]): a nullable 64-bit float.
    Float,
    /// Free text ([`Cell::Text`]).
    Text,
    /// Yes or no ([`Cell::Bool`]).
    Bool,
    /// A list of texts ([`Cell::List`]).
    List,
    /// A text from a small set of values ([`Cell::Text`]): a category (a dictionary in
    /// Arrow, a `category` in pandas). When the set has a meaningful order (promotions from
    /// EIG 1 to EIG 7), it is given here and the category is ordered; values outside it come
    /// after, sorted.
    Category(Vec<String>),
    /// A list of texts, each from a small set ([`Cell::List`]): a list of categories.
    CategoryList,
    /// An instant, written as RFC 3339 text with its offset ([`Cell::Text`]): a timestamp in
    /// UTC in typed exports.
    Timestamp,
    /// A day, written `YYYY-MM-DD` ([`Cell::Text`]): a date in typed exports.
    Date,
}

impl ColumnType {
    /// The type's name in the data dictionary (`int`, `category`, `timestamp`).
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::Int => "int",
            Self::Float => "float",
            Self::Text => "text",
            Self::Bool => "bool",
            Self::List => "list<text>",
            Self::Category(order) if order.is_empty() => "category",
            Self::Category(_) => "ordered category",
            Self::CategoryList => "list<category>",
            Self::Timestamp => "timestamp (UTC)",
            Self::Date => "date",
        }
    }

    /// The type a cell implies, when the column declares none.
    fn of(cell: &Cell) -> Option<Self> {
        match cell {
            Cell::Int(Some(_)) => Some(Self::Int),
            Cell::Float(Some(_)) => Some(Self::Float),
            Cell::Text(Some(_)) => Some(Self::Text),
            Cell::Bool(Some(_)) => Some(Self::Bool),
            Cell::List(_) => Some(Self::List),
            Cell::Int(None) | Cell::Float(None) | Cell::Text(None) | Cell::Bool(None) => None,
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
    /// The declared type of each column, in order; a column past the end of this list has
    /// the type its first present cell implies, else [`ColumnType::Text`]. See
    /// [`Table::column_type`].
    pub types: Vec<ColumnType>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns, whose types are read off their cells.
    #[must_use]
    pub fn new(name: &str, columns: &[&str]) -> Self {
        Self {
            name: name.to_owned(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            types: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// An empty table with these columns and types.
    #[must_use]
    pub fn typed(name: &str, columns: &[(&str, ColumnType)]) -> Self {
        Self {
            name: name.to_owned(),
            columns: columns.iter().map(|c| c.0.to_owned()).collect(),
            types: columns.iter().map(|c| c.1.clone()).collect(),
            rows: Vec::new(),
        }
    }

    /// The values of category column `k`, in their order: the declared order, then every
    /// other value present, sorted. Empty for a column of another type.
    #[must_use]
    pub fn categories(&self, k: usize) -> Vec<String> {
        let ColumnType::Category(order) = self.column_type(k) else {
            return Vec::new();
        };
        let extra: std::collections::BTreeSet<&String> = self
            .rows
            .iter()
            .filter_map(|r| match r.get(k) {
                Some(Cell::Text(Some(v))) if !order.contains(v) => Some(v),
                _ => None,
            })
            .collect();
        let extra: Vec<String> = extra.into_iter().cloned().collect();
        order.into_iter().chain(extra).collect()
    }

    /// The type of column `k`: declared, else the type of its first present cell, else text.
    #[must_use]
    pub fn column_type(&self, k: usize) -> ColumnType {
        if let Some(t) = self.types.get(k) {
            return t.clone();
        }
        self.rows
            .iter()
            .find_map(|r| r.get(k).and_then(ColumnType::of))
            .unwrap_or(ColumnType::Text)
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

    /// An HTML table of at most `max_rows` rows, the first and the last with a row that says
    /// how many are left out, for notebooks (`_repr_html_`).
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
        let n = self.rows.len();
        let (head, tail) = head_and_tail(n, max_rows);
        for (k, row) in self.rows.iter().enumerate() {
            if k == head && tail < n - head {
                let _ = write!(
                    h,
                    "<tr><td colspan=\"{}\"><em>… {} more rows (all: to_records())</em></td></tr>",
                    self.columns.len(),
                    n - head - tail
                );
            }
            if k >= head && k < n - tail {
                continue;
            }
            h.push_str("<tr>");
            for cell in row {
                let _ = write!(h, "<td>{}</td>", escape_html(&cell.to_text()));
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table>");
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
