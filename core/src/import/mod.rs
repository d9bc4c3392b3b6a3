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
//! source. Every anomaly is an [`Anomaly`]: a [`Violation`] with the file. A record that cannot
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

use crate::diagnostics::Violation;
use crate::diagnostics::message;
use crate::diagnostics::message::{Reading, Skip, YamlFault};
use crate::model::{
    CommunityRole, Dataset, DatasetSource, FunnelYear, KeyFigure, MappedHost, PromotionId,
    PublishedFigure, SourceKind,
};
use serde_json::{Map, Value};
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

/// Where a raw record was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) source: SourceKind,
    pub(crate) file: String,
    pub(crate) key: Option<String>,
    /// JSON Pointer of the record inside the file (`""` for a front matter).
    pub(crate) pointer: String,
}

impl Origin {
    pub(crate) fn at(&self, field: &str) -> String {
        format!("{}/{}", self.pointer, escape(field))
    }
}

/// A défi as one source gives it, its values already normalised.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawChallenge {
    pub(crate) origin: Option<Origin>,
    pub(crate) promotion: Option<PromotionId>,
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) administration: Option<String>,
    pub(crate) place: Option<String>,
    pub(crate) town: Option<String>,
    pub(crate) themes: Vec<String>,
    pub(crate) expertises: Vec<String>,
    pub(crate) duration_months: Option<u16>,
    pub(crate) fellows: Vec<String>,
    pub(crate) mentors: Vec<String>,
    pub(crate) key_figures: Vec<KeyFigure>,
    pub(crate) source_code: Option<String>,
    pub(crate) website: Option<String>,
    pub(crate) startup: Option<bool>,
    pub(crate) startup_url: Option<String>,
    pub(crate) published_at: Option<String>,
    pub(crate) year: Option<u16>,
    pub(crate) body: Option<String>,
    /// The first site's body file, when one was matched.
    pub(crate) body_origin: Option<Origin>,
    pub(crate) aliases: Vec<String>,
    pub(crate) extra: Map<String, Value>,
}

/// A person's role as one source states it, before references are resolved.
#[derive(Debug, Clone)]
pub(crate) struct RawRole {
    pub(crate) role: Option<CommunityRole>,
    pub(crate) expertise: Option<String>,
    pub(crate) promotions: Vec<PromotionId>,
    /// Défi references, as published, with their path.
    pub(crate) refs: Vec<(String, String)>,
}

/// A person as one source gives them.
#[derive(Debug, Clone)]
pub(crate) struct RawPerson {
    pub(crate) origin: Origin,
    pub(crate) name: String,
    pub(crate) aliases: Vec<String>,
    pub(crate) role: RawRole,
    pub(crate) extra: Map<String, Value>,
}

/// A promotion as one source gives it.
#[derive(Debug, Clone)]
pub(crate) struct RawPromotion {
    pub(crate) origin: Origin,
    pub(crate) id: PromotionId,
    pub(crate) label: String,
    pub(crate) year: Option<u16>,
    pub(crate) labels: Vec<String>,
    pub(crate) extra: Map<String, Value>,
}

/// A vocabulary term as one source defines it.
#[derive(Debug, Clone)]
pub(crate) struct RawTerm {
    pub(crate) origin: Origin,
    pub(crate) theme: bool,
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) code: Option<String>,
}

/// Everything the readers produced.
#[derive(Debug, Default)]
pub(crate) struct Raw {
    pub(crate) promotions: Vec<RawPromotion>,
    pub(crate) challenges: Vec<RawChallenge>,
    /// The first site's bodies, matched to their défi by the reader (kept for the tally).
    pub(crate) people: Vec<RawPerson>,
    pub(crate) terms: Vec<RawTerm>,
    pub(crate) funnel: Vec<(Origin, FunnelYear)>,
    pub(crate) figures: Vec<PublishedFigure>,
    pub(crate) map: Vec<MappedHost>,
    pub(crate) activities: Vec<crate::model::Activity>,
}

/// A reader's context: the source, its folder, and the report it writes to.
pub(crate) struct Ctx<'a> {
    pub(crate) source: SourceKind,
    pub(crate) root: &'a Path,
    /// The folder with every link resolved: links are followed only to files inside it.
    pub(crate) real_root: Option<std::path::PathBuf>,
    /// The source's files when they are held in memory (then nothing is read from disk).
    pub(crate) memory: Option<&'a SourceFiles>,
    pub(crate) report: &'a mut ImportReport,
    pub(crate) files: u32,
}

impl Ctx<'_> {
    /// Reads a text file of the source; the path is relative to the source folder. A file
    /// that is not UTF-8 gives its `invalid_utf8` violation, for the caller to refuse what the
    /// file held.
    pub(crate) fn read_text(
        &mut self,
        rel: &str,
    ) -> Result<Result<String, Box<Violation>>, ImportError> {
        let path = self.root.join(rel);
        if let Some(files) = self.memory {
            let bytes = files.get(rel).cloned().ok_or_else(|| ImportError::Io {
                path: path.clone(),
                message: "no such file among the files given".to_owned(),
            })?;
            self.files += 1;
            return Ok(text_of(bytes));
        }
        // Only a regular file is read: a FIFO would block the import forever, a device or a
        // socket has no text. Links are followed within the source folder.
        if let Err(why) = self.check_file(&path) {
            return Err(ImportError::Io {
                path,
                message: why.reason().1.to_owned(),
            });
        }
        let bytes = std::fs::read(&path).map_err(|e| ImportError::Io {
            path: path.clone(),
            message: e.to_string(),
        })?;
        self.files += 1;
        Ok(text_of(bytes))
    }

    /// The sorted names of the files of a folder of the source with this extension; an absent
    /// folder has none. A name with the extension that is not a regular file within the source
    /// (a FIFO, a dangling link, a link loop, a link out of the folder) is reported as
    /// `file_skipped` and left out; folders are left out without a word.
    pub(crate) fn list(&mut self, rel: &str, ext: &str) -> Result<Vec<String>, ImportError> {
        if let Some(files) = self.memory {
            let prefix = format!("{rel}/");
            // The map is sorted: the folder's files are one range of it.
            return Ok(files
                .range(prefix.clone()..)
                .map(|(k, _)| k)
                .take_while(|k| k.starts_with(&prefix))
                .map(|k| &k[prefix.len()..])
                .filter(|name| !name.contains('/') && name.ends_with(ext))
                .map(str::to_owned)
                .collect());
        }
        let dir = self.root.join(rel);
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let entries = std::fs::read_dir(&dir).map_err(|e| ImportError::Io {
            path: dir.clone(),
            message: e.to_string(),
        })?;
        let mut names = Vec::new();
        let mut skipped = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| ImportError::Io {
                path: dir.clone(),
                message: e.to_string(),
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(ext) {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                continue;
            }
            match self.check_file(&path) {
                Ok(()) => names.push(name),
                Err(why) => skipped.push((name, why)),
            }
        }
        names.sort();
        skipped.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, why) in skipped {
            let file = format!("{rel}/{name}");
            self.anomaly(&file, message::file_skipped(why));
        }
        Ok(names)
    }

    /// Whether `path` is a regular file, following links only to files inside the source.
    fn check_file(&self, path: &Path) -> Result<(), Skip> {
        let own = std::fs::symlink_metadata(path).map_err(|_| Skip::DanglingLink)?;
        if own.file_type().is_symlink() {
            let target = std::fs::canonicalize(path).map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    Skip::DanglingLink
                } else {
                    Skip::LinkLoop
                }
            })?;
            if let Some(root) = &self.real_root
                && !target.starts_with(root)
            {
                return Err(Skip::OutsideSource);
            }
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => Ok(()),
            Ok(_) => Err(Skip::NotRegular),
            Err(_) => Err(Skip::DanglingLink),
        }
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        match self.memory {
            Some(files) => {
                let prefix = format!("{rel}/");
                files.contains_key(rel)
                    || files
                        .range(prefix.clone()..)
                        .next()
                        .is_some_and(|(k, _)| k.starts_with(&prefix))
            }
            None => self.root.join(rel).exists(),
        }
    }

    pub(crate) fn require(&self, rel: &str) -> Result<(), ImportError> {
        let path = self.root.join(rel);
        if self.exists(rel) {
            Ok(())
        } else if self.memory.is_none() && std::fs::symlink_metadata(&path).is_ok() {
            // A link there that leads nowhere (or round in a loop): say so, not "missing".
            let why = self.check_file(&path).err().unwrap_or(Skip::DanglingLink);
            Err(ImportError::Io {
                path,
                message: why.reason().1.to_owned(),
            })
        } else {
            Err(ImportError::NotASource {
                kind: self.source,
                dir: self.root.to_path_buf(),
                expected: rel.to_owned(),
            })
        }
    }

    pub(crate) fn anomaly(&mut self, file: &str, violation: Violation) {
        self.report.anomaly(self.source, file, violation);
    }

    pub(crate) fn read_record(&mut self, kind: RecordKind) {
        self.report.records.entry(kind).or_default().read += 1;
    }

    /// Refuses a record: the error is reported as an anomaly, the record named in the report.
    pub(crate) fn refuse(
        &mut self,
        kind: RecordKind,
        file: &str,
        key: Option<&str>,
        violation: Violation,
    ) {
        self.report.refuse(kind, self.source, file, key, &violation);
        self.anomaly(file, violation);
    }

    /// Parses YAML, or gives the `yaml_invalid` violation (the caller refuses what it held).
    /// A whole number past 64 bits is kept as its text and reported against `file`.
    pub(crate) fn parse_yaml(
        &mut self,
        file: &str,
        text: &str,
        first_line: usize,
    ) -> Result<Value, Box<Violation>> {
        let (value, big) = yaml::parse(text, first_line).map_err(|e| {
            Box::new(if e.too_deep {
                message::yaml_invalid(e.line, e.column, YamlFault::TooDeep(yaml::MAX_DEPTH))
            } else if e.alias_limit {
                message::yaml_alias_limit(e.line, yaml::MAX_EXPANDED_VALUES, yaml::MAX_ALIASES)
            } else {
                message::yaml_invalid(e.line, e.column, YamlFault::Parser(&e.message))
            })
        })?;
        for path in big {
            let published = value
                .pointer(&path)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            self.anomaly(
                file,
                message::value_normalised(path, &published, Reading::BigInteger),
            );
        }
        Ok(value)
    }
}

/// Bytes as text, or the `invalid_utf8` violation with the line and column where they stop
/// being UTF-8.
fn text_of(bytes: Vec<u8>) -> Result<String, Box<Violation>> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let (line, column) = crate::validate::line_col(&e.as_bytes()[..at]);
        Box::new(message::invalid_utf8(at, Some((line, column))))
    })
}

pub(crate) fn written(report: &mut ImportReport, kind: RecordKind) {
    report.records.entry(kind).or_default().written += 1;
}

pub(crate) use crate::diagnostics::escape_pointer_token as escape;
