//! Tables as Parquet files (snappy-compressed), each column of its Arrow type, written so that
//! a failure leaves no half-written file behind.

use super::Table;
use super::arrow::{ExportError, record_batch};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::path::{Path, PathBuf};

fn format_error(table: &Table, e: &parquet::errors::ParquetError) -> ExportError {
    ExportError::Format {
        table: table.name.clone(),
        message: e.to_string(),
    }
}

/// One table as the bytes of a Parquet file.
///
/// # Errors
/// [`ExportError`] when a cell does not hold its column's type, or the writer refuses it.
pub fn parquet_bytes(table: &Table) -> Result<Vec<u8>, ExportError> {
    let batch = record_batch(table)?;
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("eig {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, batch.schema(), Some(properties))
        .map_err(|e| format_error(table, &e))?;
    writer.write(&batch).map_err(|e| format_error(table, &e))?;
    writer.close().map_err(|e| format_error(table, &e))?;
    Ok(out)
}

/// Removes the files on drop unless disarmed: what a failed export leaves is cleaned up.
struct Cleanup(Vec<PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Writes each table as `<folder>/<name>.parquet`, and returns the files' paths.
///
/// Every table is converted first, then written beside its final name and renamed into
/// place: on any error no file of the export is left half-written (the files renamed before
/// a failed rename stay, whole).
///
/// # Errors
/// [`ExportError`]: a table that cannot be converted (named with its column and row), or a
/// file that cannot be written (named with its path and the system's reason).
pub fn write_parquet(tables: &[Table], folder: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let io = |path: &Path, source| ExportError::Io {
        path: path.display().to_string(),
        source,
    };
    let bytes = tables
        .iter()
        .map(parquet_bytes)
        .collect::<Result<Vec<_>, _>>()?;
    std::fs::create_dir_all(folder).map_err(|e| io(folder, e))?;
    let mut partial = Cleanup(Vec::new());
    let mut done = Vec::new();
    for (table, bytes) in tables.iter().zip(&bytes) {
        let path = folder.join(format!("{}.parquet", table.name));
        let temporary = folder.join(format!(
            ".{}.parquet.{}.part",
            table.name,
            std::process::id()
        ));
        partial.0.push(temporary.clone());
        std::fs::write(&temporary, bytes).map_err(|e| io(&temporary, e))?;
        done.push((temporary, path));
    }
    let mut paths = Vec::new();
    for (temporary, path) in done {
        std::fs::rename(&temporary, &path).map_err(|e| io(&path, e))?;
        paths.push(path);
    }
    partial.0.clear();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Cell, ColumnType};

    #[test]
    fn a_table_is_a_parquet_file_with_its_magic_bytes() {
        let mut t = Table::typed("t", &[("n", ColumnType::Int)]);
        t.rows.push(vec![Cell::Int(Some(1))]);
        let bytes = parquet_bytes(&t).unwrap();
        assert_eq!(&bytes[..4], b"PAR1");
        assert_eq!(&bytes[bytes.len() - 4..], b"PAR1");
    }

    #[test]
    fn a_failed_export_leaves_nothing_behind() {
        let dir = std::env::temp_dir().join(format!("eig-parquet-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut good = Table::typed("good", &[("n", ColumnType::Int)]);
        good.rows.push(vec![Cell::Int(Some(1))]);
        let mut bad = Table::typed("bad", &[("n", ColumnType::Int)]);
        bad.rows.push(vec![Cell::Text(Some("x".into()))]);
        let e = write_parquet(&[good.clone(), bad], &dir).unwrap_err();
        assert!(e.to_string().contains("table bad, column n, row 1"), "{e}");
        assert!(!dir.join("good.parquet").exists());
        let paths = write_parquet(&[good], &dir).unwrap();
        assert_eq!(paths, [dir.join("good.parquet")]);
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
