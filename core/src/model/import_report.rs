//! What an import read, wrote and refused, and every anomaly it met: kept in the dataset it
//! made ([`super::Dataset::import_report`]), so that a saved dataset still says what its
//! sources lacked.

use super::{DatasetSource, SourceKind};
use crate::diagnostics::{Code, Lang, Severity, Violation};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The kinds of records an import reads.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecordKind {
    /// A promotion (`_data/promos.yml` entry, `site/content/promos/*.md`).
    Promotion,
    /// A défi (`_data/defis.yml` entry, `site/content/defis/*.md`).
    Challenge,
    /// The long description of a défi of the first site (`_defis/*.md`).
    ChallengeBody,
    /// A person (an entry of a people file).
    Person,
    /// A vocabulary term (`_data/skills.yml` entry, `themes/*.md`, `expertises/*.md`).
    Term,
    /// A year of the selection funnel.
    Funnel,
    /// A published figure (a value of a series of the aggregates, a figure of a blog post).
    Figure,
    /// A host service on the aggregates' map of administrations.
    MapEntry,
    /// A line of the progress log, a session of the support calendar.
    Activity,
}

impl RecordKind {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Promotion => "promotion",
            Self::Challenge => "challenge",
            Self::ChallengeBody => "challenge_body",
            Self::Person => "person",
            Self::Term => "term",
            Self::Funnel => "funnel",
            Self::Figure => "figure",
            Self::MapEntry => "map_entry",
            Self::Activity => "activity",
        }
    }
}

/// One anomaly: a [`Violation`] with the source file it was found in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Anomaly {
    /// The source.
    pub source: SourceKind,
    /// The file, relative to the source folder.
    pub file: String,
    /// What, where (a JSON Pointer into the file's YAML), and how serious.
    #[serde(flatten)]
    pub violation: Violation,
}

/// A record that could not be written, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Refused {
    /// What kind of record.
    pub kind: RecordKind,
    /// The source.
    pub source: SourceKind,
    /// The file, relative to the source folder.
    pub file: String,
    /// The record's key in the file, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The code of the error that refused it.
    pub code: String,
    /// Why, in French.
    pub reason_fr: String,
    /// Why, in English.
    pub reason_en: String,
}

/// Records read, written (alone or merged into another source's record) and refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Tally {
    /// Read from the sources.
    pub read: u32,
    /// Written into the dataset.
    pub written: u32,
    /// Refused, each named in [`ImportReport::refused`].
    pub refused: u32,
}

/// The records of the dataset an import produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OutputCounts {
    /// Promotions.
    pub promotions: usize,
    /// Défis (one per défi, merged across the sites).
    pub challenges: usize,
    /// Organisations split out of the administrations.
    pub organisations: usize,
    /// People (merged across the sites).
    pub people: usize,
    /// Themes.
    pub themes: usize,
    /// Expertises.
    pub expertises: usize,
    /// Years of selection funnel.
    pub funnel_years: usize,
    /// Published figures: read from the sources, and cited from web pages.
    #[serde(default)]
    pub figures: usize,
    /// Host services on the aggregates' map.
    #[serde(default)]
    pub map_entries: usize,
}

/// The report of an import: counts per record kind, the refused records, every anomaly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImportReport {
    /// The sources read.
    pub sources: Vec<DatasetSource>,
    /// Per record kind: read, written, refused.
    pub records: BTreeMap<RecordKind, Tally>,
    /// The records of the dataset.
    pub output: OutputCounts,
    /// Every refused record, with its reason.
    pub refused: Vec<Refused>,
    /// Every anomaly, in source then file order.
    pub anomalies: Vec<Anomaly>,
}

impl ImportReport {
    /// Adds an anomaly found in a source's file.
    #[cfg(feature = "import")]
    pub(crate) fn anomaly(&mut self, source: SourceKind, file: &str, violation: Violation) {
        self.anomalies.push(Anomaly {
            source,
            file: file.to_owned(),
            violation,
        });
    }

    /// Counts a record as refused and names it with the violation's code and messages (the
    /// caller reports the violation as an anomaly when it is one).
    #[cfg(feature = "import")]
    pub(crate) fn refuse(
        &mut self,
        kind: RecordKind,
        source: SourceKind,
        file: &str,
        key: Option<&str>,
        violation: &Violation,
    ) {
        self.records.entry(kind).or_default().refused += 1;
        self.refused.push(Refused {
            kind,
            source,
            file: file.to_owned(),
            key: key.map(str::to_owned),
            code: violation.code.clone(),
            reason_fr: violation.message_fr.clone(),
            reason_en: violation.message_en.clone(),
        });
    }

    /// Whether every record read was written or refused (the import's own bookkeeping check).
    #[must_use]
    pub fn accounts_for_every_record(&self) -> bool {
        self.records
            .values()
            .all(|t| t.read == t.written + t.refused)
    }

    /// The number of anomalies per code, sorted by code.
    #[must_use]
    pub fn by_code(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for a in &self.anomalies {
            *out.entry(a.violation.code.clone()).or_insert(0) += 1;
        }
        out
    }

    /// The anomalies with this code.
    pub fn with_code(&self, code: Code) -> impl Iterator<Item = &Anomaly> {
        self.anomalies
            .iter()
            .filter(move |a| a.violation.code == code.as_str())
    }

    /// The summary a person reads: records read, written and refused per kind, each refused
    /// record and why, the dataset's counts, anomalies by code; then, with `details`, every
    /// anomaly.
    #[must_use]
    pub fn to_human(&self, lang: Lang, details: bool) -> String {
        let fr = lang == Lang::Fr;
        let mut out = String::new();
        for s in &self.sources {
            let _ = writeln!(
                out,
                "Source {} ({} {})",
                s.kind,
                s.files,
                if fr { "fichiers" } else { "files" }
            );
        }
        let _ = writeln!(
            out,
            "{:<16} {:>6} {:>8} {:>8}",
            if fr { "enregistrements" } else { "records" },
            if fr { "lus" } else { "read" },
            if fr { "écrits" } else { "written" },
            if fr { "refusés" } else { "refused" }
        );
        for (kind, t) in &self.records {
            let _ = writeln!(
                out,
                "{:<16} {:>6} {:>8} {:>8}",
                kind.as_str(),
                t.read,
                t.written,
                t.refused
            );
        }
        for r in &self.refused {
            let _ = writeln!(
                out,
                "  {} {} {}{}: {} ({})",
                if fr { "refusé" } else { "refused" },
                r.kind.as_str(),
                r.file,
                r.key
                    .as_ref()
                    .map(|k| format!(" [{k}]"))
                    .unwrap_or_default(),
                if fr { &r.reason_fr } else { &r.reason_en },
                r.code
            );
        }
        let o = &self.output;
        let _ = writeln!(
            out,
            "{}: {} promotions, {} défis, {} organisations, {} {}, {} {}, {} expertises, {} {}, {} {}",
            if fr { "Jeu de données" } else { "Dataset" },
            o.promotions,
            o.challenges,
            o.organisations,
            o.people,
            if fr { "personnes" } else { "people" },
            o.themes,
            if fr { "thématiques" } else { "themes" },
            o.expertises,
            o.figures,
            if fr {
                "chiffres publiés"
            } else {
                "published figures"
            },
            o.map_entries,
            if fr {
                "entrées de carte"
            } else {
                "map entries"
            },
        );
        let counts = self.by_code();
        let _ = writeln!(out, "Anomalies: {}", self.anomalies.len());
        for (code, n) in &counts {
            let severity = Code::from_slug(code).map_or(Severity::Warning, Code::severity);
            let _ = writeln!(out, "  {code:<24} {n:>5}  {severity}");
        }
        if details {
            for a in &self.anomalies {
                let v = &a.violation;
                let _ = writeln!(
                    out,
                    "{} {}:{} {} {}",
                    a.source,
                    a.file,
                    if v.path.is_empty() { "/" } else { &v.path },
                    v.code,
                    if fr { &v.message_fr } else { &v.message_en }
                );
            }
        }
        out
    }
}
