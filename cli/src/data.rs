//! `eig import`, `eig stats` and `eig export`: the programme's public history as a dataset.

use crate::ExitCode;
use crate::{Fatal, Format, LangArg};
use clap::ValueEnum;
use eig::analytics::{self, By};
use eig::diagnostics::Lang;
use eig::import::{ImportReport, import_all};
use eig::model::{Dataset, SourceKind};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum StatsFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ByArg {
    Promotion,
    Expertise,
    Theme,
    Organisation,
    Funnel,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ExportFormat {
    /// CSV: a header line, RFC 4180 quoting, lists joined by `; `.
    Csv,
    /// JSON Lines: one object per row.
    Jsonl,
    /// Parquet (snappy): typed columns (promotions as an ordered category, dates as UTC
    /// timestamps, counts as integers, lists as lists), for DuckDB, polars, pandas, Spark.
    Parquet,
}

/// Reads `[KIND] DIR...` into pairs: a format name, then its folder; or a folder alone, whose
/// format is told by the files only that format has.
fn pairs(args: &[String]) -> Result<Vec<(SourceKind, PathBuf)>, Fatal> {
    let known = "site-eig, site-eig-v3, eig-charts, eig-link";
    let mut out = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if let Some(kind) = SourceKind::from_name(arg) {
            let dir = rest
                .next()
                .ok_or_else(|| Fatal(format!("the format {arg} needs its folder: {arg} DIR")))?;
            out.push((kind, PathBuf::from(dir)));
            continue;
        }
        let dir = PathBuf::from(arg);
        if !dir.is_dir() {
            return Err(Fatal(format!(
                "unknown source format {arg:?} (known: {known}), and not a folder"
            )));
        }
        let kind = eig::import::detect(&dir).ok_or_else(|| {
            Fatal(format!(
                "cannot tell the format of {arg}: give it before the folder ({known})"
            ))
        })?;
        out.push((kind, dir));
    }
    Ok(out)
}

pub(crate) fn import(
    sources: &[String],
    out: Option<&Path>,
    format: Format,
    details: bool,
    lang: LangArg,
) -> Result<ExitCode, Fatal> {
    let pairs = pairs(sources)?;
    let refs: Vec<(SourceKind, &Path)> = pairs.iter().map(|(k, p)| (*k, p.as_path())).collect();
    let done = import_all(&refs).map_err(|e| Fatal(e.to_string()))?;
    if let Some(out) = out {
        let mut text = serde_json::to_string_pretty(&done.dataset)
            .map_err(|e| Fatal(format!("cannot write the dataset: {e}")))?;
        text.push('\n');
        let folders: Vec<&Path> = pairs.iter().map(|(_, p)| p.as_path()).collect();
        crate::write_output(out, text.as_bytes(), &folders)?;
    }
    print_report(&done.report, format, details, lang.into())?;
    Ok(if done.report.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_report(
    report: &ImportReport,
    format: Format,
    details: bool,
    lang: Lang,
) -> Result<(), Fatal> {
    match format {
        Format::Human => print!("{}", report.to_human(lang, details)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(report)
                .map_err(|e| Fatal(format!("cannot write the report: {e}")))?
        ),
    }
    Ok(())
}

fn load(path: &Path) -> Result<Dataset, Fatal> {
    let read = crate::read_input(&path.to_string_lossy(), eig::schema::SchemaKind::Dataset)
        .map_err(Fatal)?;
    let loaded = match read {
        crate::Read::Bytes(bytes) => analytics::load_dataset(&bytes).map_err(|e| e.report),
        crate::Read::TooLarge(report) => Err(report),
    };
    loaded.map_err(|report| {
        let lines: Vec<String> = report
            .violations
            .iter()
            .take(20)
            .map(|v| format!("  {}", v.to_line("", Lang::En)))
            .collect();
        Fatal(format!(
            "{}: not a valid dataset\n{}",
            path.display(),
            lines.join("\n")
        ))
    })
}

/// The width of a terminal the table fits by default.
const WIDTH: usize = 100;

pub(crate) fn stats(
    dataset: &Path,
    by: ByArg,
    format: StatsFormat,
    wide: bool,
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    let dataset = load(dataset)?;
    let by = match by {
        ByArg::Promotion => By::Promotion,
        ByArg::Expertise => By::Expertise,
        ByArg::Theme => By::Theme,
        ByArg::Organisation => By::Organisation,
        ByArg::Funnel => By::Funnel,
    };
    let table = analytics::stats(&dataset, by);
    match format {
        StatsFormat::Table => {
            let (text, left_out) = table.to_text_in(lang, if wide { usize::MAX } else { WIDTH });
            print!("{text}");
            if !left_out.is_empty() {
                let list = left_out.join(", ");
                println!(
                    "{}",
                    wrap(&match lang {
                        Lang::Fr => format!(
                            "({} colonne(s) de plus, qui ne tiennent pas dans {WIDTH} caractères : \
                             {list} ; --wide les montre toutes, --format csv les donne à un \
                             tableur)",
                            left_out.len()
                        ),
                        Lang::En => format!(
                            "({} more column(s), past {WIDTH} characters: {list}; --wide shows \
                             them all, --format csv gives them to a spreadsheet)",
                            left_out.len()
                        ),
                    })
                );
            }
        }
        StatsFormat::Csv => print!("{}", table.to_csv()),
        StatsFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&table.to_json_records())
                .map_err(|e| Fatal(format!("cannot write the table: {e}")))?
        ),
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn export(
    dataset: &Path,
    out: &Path,
    format: ExportFormat,
    pseudonymise: bool,
) -> Result<ExitCode, Fatal> {
    let dataset_path = dataset;
    let dataset = load(dataset)?;
    let tables = analytics::tables(&dataset, analytics::ExportOptions { pseudonymise });
    if let ExportFormat::Parquet = format {
        let paths = eig::table::write_parquet(&tables, out)
            .map_err(|e| Fatal(format!("cannot export to Parquet: {e}")))?;
        for (path, table) in paths.iter().zip(&tables) {
            println!("{} ({} rows)", path.display(), table.rows.len());
        }
        return Ok(ExitCode::SUCCESS);
    }
    std::fs::create_dir_all(out).map_err(|e| Fatal(format!("{}: {e}", out.display())))?;
    for table in tables {
        let (ext, text) = match format {
            ExportFormat::Csv => ("csv", table.to_csv()),
            ExportFormat::Jsonl => ("jsonl", table.to_jsonl()),
            ExportFormat::Parquet => unreachable!("written above"),
        };
        let path = out.join(format!("{}.{ext}", table.name));
        crate::write_output(&path, text.as_bytes(), &[dataset_path])?;
        println!("{} ({} rows)", path.display(), table.rows.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// `text` in lines of at most [`WIDTH`] characters, broken between words.
fn wrap(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}
