//! Tables as Arrow record batches, with each column's declared type: counts as nullable
//! unsigned integers, categories as dictionaries (ordered where the order means something),
//! instants as UTC timestamps, lists as lists.

use super::{Cell, ColumnType, Table};
use arrow_array::builder::{
    BooleanBuilder, Float64Builder, ListBuilder, StringBuilder, StringDictionaryBuilder,
    UInt32Builder,
};
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, Date32Array, DictionaryArray, Int32Array, RecordBatch, StringArray,
    TimestampMicrosecondArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use std::sync::Arc;

/// Why a table could not be written in a typed format.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// A cell does not hold the column's type.
    #[error("table {table}, column {column}, row {row}: {found} in a column of type {expected}")]
    CellType {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The row (from 1).
        row: usize,
        /// The column's type.
        expected: &'static str,
        /// What the cell holds.
        found: &'static str,
    },
    /// A timestamp or date column holds a text that is not an RFC 3339 instant or a
    /// `YYYY-MM-DD` day.
    #[error(
        "table {table}, column {column}, row {row}: {value:?} is not a date (YYYY-MM-DD) or a date and time with its offset (RFC 3339)"
    )]
    NotATimestamp {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The row (from 1).
        row: usize,
        /// The text.
        value: String,
    },
    /// A row has more or fewer cells than the table has columns.
    #[error("table {table}, row {row}: {cells} cells for {columns} columns")]
    RowLength {
        /// The table.
        table: String,
        /// The row (from 1).
        row: usize,
        /// Its cells.
        cells: usize,
        /// The table's columns.
        columns: usize,
    },
    /// The Arrow or Parquet library refused the data.
    #[error("table {table}: {message}")]
    Format {
        /// The table.
        table: String,
        /// The library's message.
        message: String,
    },
    /// A file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The system's error.
        source: std::io::Error,
    },
}

fn kind_of(cell: &Cell) -> &'static str {
    match cell {
        Cell::Int(_) => "a whole number",
        Cell::Float(_) => "a number",
        Cell::Text(_) => "a text",
        Cell::Bool(_) => "a yes or no",
        Cell::List(_) => "a list",
    }
}

fn list_item(name: &str, data_type: DataType) -> Field {
    Field::new(name, data_type, false)
}

fn dictionary_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

fn field(name: &str, ty: &ColumnType) -> Field {
    match ty {
        ColumnType::Int => Field::new(name, DataType::UInt32, true),
        ColumnType::Float => Field::new(name, DataType::Float64, true),
        ColumnType::Text => Field::new(name, DataType::Utf8, true),
        ColumnType::Bool => Field::new(name, DataType::Boolean, true),
        ColumnType::List => Field::new_list(name, list_item("item", DataType::Utf8), false),
        ColumnType::Category(order) => {
            Field::new(name, dictionary_type(), true).with_dict_is_ordered(!order.is_empty())
        }
        ColumnType::CategoryList => {
            Field::new_list(name, list_item("item", dictionary_type()), false)
        }
        ColumnType::Timestamp => Field::new(
            name,
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            true,
        ),
        ColumnType::Date => Field::new(name, DataType::Date32, true),
    }
}

/// The Arrow schema of a table: one field per column, of its [`Table::column_type`].
#[must_use]
pub fn schema(table: &Table) -> SchemaRef {
    Arc::new(Schema::new(
        (0..table.columns.len())
            .map(|k| field(&table.columns[k], &table.column_type(k)))
            .collect::<Vec<_>>(),
    ))
}

/// Runs `body` on each cell of a column, its value bound to `v` and its row index to `i`, or
/// returns the error naming the first cell that is not of `variant`.
macro_rules! each {
    ($cells:ident, $wrong:ident, $variant:ident, |$i:ident, $v:ident| $body:block) => {
        for ($i, cell) in $cells {
            let Cell::$variant($v) = cell else {
                return Err($wrong($i, cell));
            };
            $body
        }
    };
}

/// One column of the table as an Arrow array.
fn column(table: &Table, k: usize, ty: &ColumnType) -> Result<ArrayRef, ExportError> {
    let wrong = |row: usize, cell: &Cell| ExportError::CellType {
        table: table.name.clone(),
        column: table.columns[k].clone(),
        row: row + 1,
        expected: ty.name(),
        found: kind_of(cell),
    };
    let cells = table.rows.iter().map(|r| &r[k]).enumerate();
    let array: ArrayRef = match ty {
        ColumnType::Int => {
            let mut b = UInt32Builder::with_capacity(table.rows.len());
            each!(cells, wrong, Int, |i, v| {
                b.append_option(*v);
            });
            Arc::new(b.finish())
        }
        ColumnType::Float => {
            let mut b = Float64Builder::with_capacity(table.rows.len());
            each!(cells, wrong, Float, |i, v| {
                b.append_option(*v);
            });
            Arc::new(b.finish())
        }
        ColumnType::Text => {
            let mut b = StringBuilder::new();
            each!(cells, wrong, Text, |i, v| {
                b.append_option(v.as_deref());
            });
            Arc::new(b.finish())
        }
        ColumnType::Bool => {
            let mut b = BooleanBuilder::with_capacity(table.rows.len());
            each!(cells, wrong, Bool, |i, v| {
                b.append_option(*v);
            });
            Arc::new(b.finish())
        }
        ColumnType::List => {
            let mut b = ListBuilder::new(StringBuilder::new())
                .with_field(Arc::new(list_item("item", DataType::Utf8)));
            each!(cells, wrong, List, |i, items| {
                for item in items {
                    b.values().append_value(item);
                }
                b.append(true);
            });
            Arc::new(b.finish())
        }
        ColumnType::CategoryList => {
            let mut b = ListBuilder::new(StringDictionaryBuilder::<Int32Type>::new())
                .with_field(Arc::new(list_item("item", dictionary_type())));
            each!(cells, wrong, List, |i, items| {
                for item in items {
                    b.values().append_value(item);
                }
                b.append(true);
            });
            Arc::new(b.finish())
        }
        ColumnType::Category(_) => {
            let mut texts = Vec::with_capacity(table.rows.len());
            each!(cells, wrong, Text, |i, v| {
                texts.push(v.as_deref());
            });
            let values = table.categories(k);
            let keys: Int32Array = texts
                .iter()
                .map(|t| {
                    t.and_then(|t| values.iter().position(|v| v == t))
                        .and_then(|p| i32::try_from(p).ok())
                })
                .collect();
            let values = Arc::new(StringArray::from(values));
            Arc::new(
                DictionaryArray::try_new(keys, values).map_err(|e| ExportError::Format {
                    table: table.name.clone(),
                    message: e.to_string(),
                })?,
            )
        }
        ColumnType::Timestamp => {
            let mut micros = Vec::with_capacity(table.rows.len());
            each!(cells, wrong, Text, |i, v| {
                micros.push(match v {
                    None => None,
                    Some(text) => Some(
                        chrono::DateTime::parse_from_rfc3339(text.trim())
                            .map_err(|_| ExportError::NotATimestamp {
                                table: table.name.clone(),
                                column: table.columns[k].clone(),
                                row: i + 1,
                                value: text.clone(),
                            })?
                            .timestamp_micros(),
                    ),
                });
            });
            Arc::new(TimestampMicrosecondArray::from(micros).with_timezone("UTC"))
        }
        ColumnType::Date => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a real day");
            let mut days = Vec::with_capacity(table.rows.len());
            each!(cells, wrong, Text, |i, v| {
                days.push(match v {
                    None => None,
                    Some(text) => {
                        let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                            .map_err(|_| ExportError::NotATimestamp {
                                table: table.name.clone(),
                                column: table.columns[k].clone(),
                                row: i + 1,
                                value: text.clone(),
                            })?;
                        i32::try_from((day - epoch).num_days()).ok()
                    }
                });
            });
            Arc::new(Date32Array::from(days))
        }
    };
    Ok(array)
}

/// The table as one Arrow record batch, each column of its [`Table::column_type`].
///
/// # Errors
/// [`ExportError`] naming the table, column and row of a cell that does not hold its
/// column's type, or of a timestamp that does not parse.
pub fn record_batch(table: &Table) -> Result<RecordBatch, ExportError> {
    for (i, row) in table.rows.iter().enumerate() {
        if row.len() != table.columns.len() {
            return Err(ExportError::RowLength {
                table: table.name.clone(),
                row: i + 1,
                cells: row.len(),
                columns: table.columns.len(),
            });
        }
    }
    let schema = schema(table);
    let columns = (0..table.columns.len())
        .map(|k| column(table, k, &table.column_type(k)))
        .collect::<Result<Vec<_>, _>>()?;
    RecordBatch::try_new(schema, columns).map_err(|e| ExportError::Format {
        table: table.name.clone(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;
    use arrow_array::cast::AsArray;

    fn sample() -> Table {
        let mut t = Table::typed(
            "t",
            &[
                ("n", ColumnType::Int),
                (
                    "promotion",
                    ColumnType::Category(vec!["eig-1".into(), "eig-2".into()]),
                ),
                ("at", ColumnType::Timestamp),
                ("tags", ColumnType::CategoryList),
                ("empty", ColumnType::Float),
            ],
        );
        t.rows.push(vec![
            Cell::Int(Some(3)),
            Cell::Text(Some("eig-2".into())),
            Cell::Text(Some("2021-10-24T16:41:15.346+02:00".into())),
            Cell::List(vec!["design".into(), "data".into()]),
            Cell::Float(None),
        ]);
        t.rows.push(vec![
            Cell::Int(None),
            Cell::Text(Some("zz-unknown".into())),
            Cell::Text(None),
            Cell::List(Vec::new()),
            Cell::Float(None),
        ]);
        t
    }

    #[test]
    fn types_are_kept_even_for_an_all_null_column() {
        let batch = record_batch(&sample()).unwrap();
        let s = batch.schema();
        assert_eq!(s.field(0).data_type(), &DataType::UInt32);
        assert_eq!(s.field(1).dict_is_ordered(), Some(true));
        assert_eq!(s.field(4).data_type(), &DataType::Float64);
        assert_eq!(batch.column(4).null_count(), 2);
        let at = batch
            .column(2)
            .as_primitive::<arrow_array::types::TimestampMicrosecondType>();
        // 16:41:15.346 at +02:00 is 14:41:15.346 UTC.
        assert_eq!(at.value(0), 1_635_086_475_346_000);
        assert!(at.is_null(1));
        let promotion = batch.column(1).as_dictionary::<Int32Type>();
        let values = promotion.values().as_string::<i32>();
        let names: Vec<&str> = (0..values.len()).map(|i| values.value(i)).collect();
        // The declared order first, then the value outside it.
        assert_eq!(names, ["eig-1", "eig-2", "zz-unknown"]);
        assert_eq!(promotion.keys().values().to_vec(), [1, 2]);
    }

    #[test]
    fn a_wrong_cell_or_a_bad_timestamp_is_named() {
        let mut t = sample();
        t.rows[1][0] = Cell::Text(Some("x".into()));
        let e = record_batch(&t).unwrap_err().to_string();
        assert_eq!(
            e,
            "table t, column n, row 2: a text in a column of type int"
        );
        let mut t = sample();
        t.rows[1][2] = Cell::Text(Some("2022".into()));
        let e = record_batch(&t).unwrap_err().to_string();
        assert!(e.contains("column at, row 2: \"2022\""), "{e}");
    }
}
