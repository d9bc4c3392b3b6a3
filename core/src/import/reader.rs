//! What the readers share: the context a reader reads a source with ([`Ctx`]: its files, on
//! disk or in memory, and the report it writes to), the raw records they produce, and the one
//! way to read a YAML file of records or a YAML list, refusing it whole when it is neither.

use super::{ImportError, yaml};
use crate::diagnostics::Violation;
use crate::diagnostics::message::{self, Reading, Shape, Skip, Then, YamlFault};
use crate::model::{
    CommunityRole, FunnelYear, ImportReport, KeyFigure, MappedHost, PromotionId, PublishedFigure,
    RecordKind, SourceKind,
};
use serde_json::{Map, Value};
use std::path::Path;

pub(crate) use super::SourceFiles;
pub(crate) use crate::diagnostics::escape_pointer_token as escape;

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

impl Ctx<'_> {
    /// A YAML file whose top level is a list of records (`kind`): the list, or `None` when
    /// the file cannot be read, does not parse or is not a list, which is then one refused
    /// record.
    pub(crate) fn yaml_list(
        &mut self,
        file: &str,
        kind: RecordKind,
    ) -> Result<Option<Vec<Value>>, ImportError> {
        Ok(match self.yaml_of(file, kind, Shape::List)? {
            Some(Value::Array(list)) => Some(list),
            _ => None,
        })
    }

    /// A YAML file whose top level maps keys to records (`kind`): the mapping (empty for an
    /// empty file), or `None` when the file cannot be read, does not parse or is not a
    /// mapping, which is then one refused record.
    pub(crate) fn yaml_records(
        &mut self,
        file: &str,
        kind: RecordKind,
    ) -> Result<Option<Map<String, Value>>, ImportError> {
        Ok(match self.yaml_of(file, kind, Shape::Records)? {
            Some(Value::Object(map)) => Some(map),
            Some(Value::Null) => Some(Map::new()),
            _ => None,
        })
    }

    /// A YAML file's top level when it has the `shape` (a list, or a mapping; an empty file
    /// passes as a mapping); otherwise the file is one refused record of `kind`.
    fn yaml_of(
        &mut self,
        file: &str,
        kind: RecordKind,
        shape: Shape,
    ) -> Result<Option<Value>, ImportError> {
        let parsed = match self.read_text(file)? {
            Ok(text) => self.parse_yaml(file, &text, 1),
            Err(v) => Err(v),
        };
        let refused = match parsed {
            Ok(v @ Value::Array(_)) if shape == Shape::List => return Ok(Some(v)),
            Ok(v @ (Value::Object(_) | Value::Null)) if shape == Shape::Records => {
                return Ok(Some(v));
            }
            Ok(other) => message::unexpected_type("", shape, &other, Then::Refused),
            Err(v) => *v,
        };
        self.read_record(kind);
        self.refuse(kind, file, None, refused);
        Ok(None)
    }
}
