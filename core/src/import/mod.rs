//! Readers for the programme's public data, and their merge into one [`Dataset`].
//!
//! Three formats are read (see `SOURCES.md` of the public data):
//!
//! - `site-eig`: the first site (Jekyll). `_data/defis.yml` (one entry per défi),
//!   `_data/promos.yml`, `_data/skills.yml`, the bodies in `_defis/*.md`, and the roles-only
//!   people file (`derived/personnes.roles-only.yml`, or `_data/personnes.yml`, of which only
//!   names, roles, promotions and défis are read).
//! - `site-eig-v3`: the current site (Hugo and its CMS). `site/content/defis/*.md` (front
//!   matter and body), the vocabularies `site/content/{promos,themes,expertises}/*.md`, the
//!   CMS schema `site/static/admin/config.yml` (it declares every field a défi or a person can
//!   hold), and the roles-only people file (`derived/personnes.roles-only.yml`, or the front
//!   matter of `site/content/personnes/*.md`).
//! - `eig-charts`: the published aggregates (`derived/report_aggregates.json`), read whole:
//!   every series of every section as published figures, the selection funnel, and the map of
//!   host services (its `lon` and `lat`, swapped in the source, put right).
//!
//! Figures the programme published in prose (blog posts and the programme page of the
//! current site, checked against the file's words; web pages outside the sources, cited) are
//! part of the dataset too, in [`Dataset::figures`], apart from the counts of records.
//!
//! - `eig-link`: the coordination team's handbook, EIG 2's weekly progress log
//!   (`archives/2018/suivi_compilation.csv`) and EIG 4's support calendar (`planning.md`), as
//!   activities per défi and date.
//!
//! Nothing is dropped silently. Fields the model does not hold go to the record's `extra`, by
//! source. Every anomaly is an [`Anomaly`]: a [`Violation`](crate::Violation) with the file. A record that cannot
//! be written (no front matter, no title, no promotion) is refused and named in the report with
//! its reason, and for every record kind, records read = written + refused.
//!
//! Matching is by keys that ignore case, accents, apostrophes and spaces (`fold`):
//! a défi of one site matches the other site's défi of the same promotion and title, then, for
//! those left, the one whose title differs only by digits (`EIG Link`, `EIG2 Link`); people
//! match by name; people's défi references match by title or by the first site's key, within
//! the person's promotions when the title is ambiguous. Where the sites disagree, the current
//! site's value is the record's and both are kept in `conflicts`.

mod charts;
mod eig_link;
mod fields;
mod merge;
mod organisations;
mod published;
mod reader;
mod report;
mod site_eig;
mod site_eig_v3;
pub mod text;
mod vocab;
mod yaml;
/// The limits of YAML texts, for the test of docs/limits.md.
#[cfg(test)]
pub(crate) mod yaml_limits {
    pub(crate) use super::yaml::{MAX_ALIASES, MAX_DEPTH, MAX_EXPANDED_VALUES};
}

pub use crate::model::{Anomaly, ImportReport, OutputCounts, RecordKind, Refused, Tally};
pub use report::ImportError;

use crate::model::{Dataset, DatasetSource, SourceKind};
use reader::{Ctx, Raw};
use std::path::Path;

/// A dataset and the report of the import that made it.
#[derive(Debug, Clone)]
pub struct Import {
    /// The merged dataset.
    pub dataset: Dataset,
    /// What was read, written, refused, and every anomaly.
    pub report: ImportReport,
}

/// Imports one source folder.
///
/// # Errors
/// [`ImportError`] when the folder is not of that format or a file cannot be read.
pub fn import(kind: SourceKind, dir: &Path) -> Result<Import, ImportError> {
    import_all(&[(kind, dir)])
}

/// Imports several source folders into one dataset (typically both sites, and the aggregates).
///
/// # Errors
/// [`ImportError`] when a folder is not of its format, a file cannot be read, or the list is
/// empty.
pub fn import_all(sources: &[(SourceKind, &Path)]) -> Result<Import, ImportError> {
    let places: Vec<(SourceKind, Place<'_>)> = sources
        .iter()
        .map(|(kind, dir)| (*kind, Place::Folder(dir)))
        .collect();
    import_places(&places)
}

/// The file or folder that tells each format apart, relative to the source folder.
const MARKERS: [(SourceKind, &str); 4] = [
    (SourceKind::SiteEig, "_data/defis.yml"),
    (SourceKind::SiteEigV3, "site/content/defis"),
    (SourceKind::EigCharts, "derived/report_aggregates.json"),
    (SourceKind::EigLink, "archives/2018/suivi_compilation.csv"),
];

/// The format of a source folder, told by the file or folder only that format has
/// (`_data/defis.yml`, `site/content/defis/`, `derived/report_aggregates.json`,
/// `archives/2018/suivi_compilation.csv`); none when no format's, or several formats', are
/// there.
#[must_use]
pub fn detect(dir: &Path) -> Option<SourceKind> {
    let found: Vec<SourceKind> = MARKERS
        .iter()
        .filter(|(_, marker)| dir.join(marker).exists())
        .map(|(kind, _)| *kind)
        .collect();
    match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The files of one source held in memory: each path, relative to the source folder
/// (`_data/defis.yml`, `site/content/defis/adex.md`), with its bytes.
pub type SourceFiles = std::collections::BTreeMap<String, Vec<u8>>;

/// Imports sources whose files are held in memory (read from an archive, a database, a
/// request), as [`import_all`] imports folders; `name` stands for the folder in the report.
///
/// ```
/// use eig::import::{SourceFiles, import_files};
/// use eig::model::SourceKind;
/// let mut files = SourceFiles::new();
/// files.insert(
///     "_data/defis.yml".into(),
///     b"adex:\n  title: ADEX\n  promotion: 4\n".to_vec(),
/// );
/// let done = import_files(&[(SourceKind::SiteEig, "site-eig", &files)]).unwrap();
/// assert_eq!(done.dataset.challenges[0].title, "ADEX");
/// ```
///
/// # Errors
/// As [`import_all`].
pub fn import_files(sources: &[(SourceKind, &str, &SourceFiles)]) -> Result<Import, ImportError> {
    let places: Vec<(SourceKind, Place<'_>)> = sources
        .iter()
        .map(|(kind, name, files)| (*kind, Place::Memory { name, files }))
        .collect();
    import_places(&places)
}

/// Where a source's files are.
#[derive(Clone, Copy)]
pub(crate) enum Place<'a> {
    Folder(&'a Path),
    Memory {
        name: &'a str,
        files: &'a SourceFiles,
    },
}

fn import_places(sources: &[(SourceKind, Place<'_>)]) -> Result<Import, ImportError> {
    if sources.is_empty() {
        return Err(ImportError::NoSource);
    }
    let mut report = ImportReport::default();
    let mut raw = Raw::default();
    for (kind, place) in sources {
        let (root, memory) = match place {
            Place::Folder(dir) => (*dir, None),
            Place::Memory { name, files } => (Path::new(*name), Some(*files)),
        };
        let mut ctx = Ctx {
            source: *kind,
            root,
            real_root: memory.map_or_else(|| std::fs::canonicalize(root).ok(), |_| None),
            memory,
            report: &mut report,
            files: 0,
        };
        match kind {
            SourceKind::SiteEig => site_eig::read(&mut ctx, &mut raw)?,
            SourceKind::SiteEigV3 => site_eig_v3::read(&mut ctx, &mut raw)?,
            SourceKind::EigCharts => charts::read(&mut ctx, &mut raw)?,
            SourceKind::EigLink => eig_link::read(&mut ctx, &mut raw)?,
        }
        published::read(&mut ctx, &mut raw)?;
        let files = ctx.files;
        report.sources.push(DatasetSource {
            kind: *kind,
            folder: root.file_name().map_or_else(
                || root.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            files,
        });
    }
    let mut dataset = merge::merge(raw, &mut report);
    dataset.figures.extend(published::cited());
    report.output.figures = dataset.figures.len();
    dataset.import_report = Some(report.clone());
    Ok(Import { dataset, report })
}
