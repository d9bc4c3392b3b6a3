//! The merged dataset of the programme's public history: promotions, défis, organisations and
//! people's roles, read from the programme's websites by [`crate::import`].
//!
//! It is a versioned JSON document with its own schema (`schema/dataset.json`). Every record
//! names the source files it came from, keeps the values the two sites disagree on
//! ([`Conflict`]), and keeps the fields the model does not know in `extra`, per source, so
//! that nothing read is lost.

use super::PromotionId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// The value of [`Dataset::format`].
pub const DATASET_FORMAT: &str = "eig-dataset";

/// The version of the dataset's shape, bumped on any breaking change.
pub const DATASET_VERSION: u32 = 1;

/// Fields a source holds that the model does not, by source (`site-eig`, `site-eig-v3`).
pub type Extra = BTreeMap<String, Map<String, Value>>;

/// A format of public data that [`crate::import`] reads.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[non_exhaustive]
pub enum SourceKind {
    /// The first site (Jekyll, 2017–2022): `_data/defis.yml`, `_defis/*.md`, the people file.
    #[serde(rename = "site-eig")]
    SiteEig,
    /// The current site (Hugo and its CMS): `site/content/defis/*.md`, the vocabularies and
    /// the people file.
    #[serde(rename = "site-eig-v3")]
    SiteEigV3,
    /// The programme's published aggregates (`etalab/eig-charts`): the selection funnel.
    #[serde(rename = "eig-charts")]
    EigCharts,
    /// The coordination team's handbook (`eig-link`): EIG 2's weekly progress log
    /// (`archives/2018/suivi_compilation.csv`) and EIG 4's support calendar (`planning.md`).
    #[serde(rename = "eig-link")]
    EigLink,
}

impl SourceKind {
    /// Every source kind.
    pub const ALL: [SourceKind; 4] = [
        Self::SiteEig,
        Self::SiteEigV3,
        Self::EigCharts,
        Self::EigLink,
    ];

    /// The name used on the command line and in the dataset (`site-eig`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::SiteEig => "site-eig",
            Self::SiteEigV3 => "site-eig-v3",
            Self::EigCharts => "eig-charts",
            Self::EigLink => "eig-link",
        }
    }

    /// Looks a kind up by name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// The merged dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Always `eig-dataset`.
    pub format: String,
    /// The version of the shape ([`DATASET_VERSION`]).
    pub version: u32,
    /// The sources it was read from.
    pub sources: Vec<DatasetSource>,
    /// Promotions, in historical order.
    pub promotions: Vec<DatasetPromotion>,
    /// Défis, by promotion then title.
    pub challenges: Vec<DatasetChallenge>,
    /// Host organisations, split out of the défis' free-text administrations.
    pub organisations: Vec<DatasetOrganisation>,
    /// People, with their roles per promotion (no contact or profile data).
    pub people: Vec<DatasetPerson>,
    /// The themes the sources define, and those the défis use.
    #[serde(default)]
    pub themes: Vec<DatasetTerm>,
    /// The expertises the sources define, and those the défis and people use.
    #[serde(default)]
    pub expertises: Vec<DatasetTerm>,
    /// The selection funnel per year, where the published aggregates give it.
    #[serde(default)]
    pub funnel: Vec<FunnelYear>,
    /// Figures the programme published (every series of the aggregates, numbers in its blog
    /// posts and on its web pages), each with its source: kept apart from the counts of
    /// records, which the dataset's tables compute.
    #[serde(default)]
    pub figures: Vec<PublishedFigure>,
    /// The host services the aggregates place on a map, by ministry, with their défis per
    /// year and their coordinates (put right where the source swaps them).
    #[serde(default)]
    pub map: Vec<MappedHost>,
    /// What happened per défi and date: EIG 2's weekly progress log, EIG 4's support
    /// sessions (from the coordination team's handbook).
    #[serde(default)]
    pub activities: Vec<Activity>,
    /// The report of the import that made it (records read, written and refused, every
    /// anomaly), kept so that a saved dataset still says what its sources lacked; none for a
    /// dataset built otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_report: Option<super::ImportReport>,
}

/// What a published figure measures in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FigureUnit {
    /// A number of things or people.
    Count,
    /// A percentage (0 to 100).
    Percent,
    /// An amount in euros.
    Euros,
    /// An age or a duration, in years.
    Years,
}

impl FigureUnit {
    /// The snake_case name (`count`, `percent`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Count => "count",
            Self::Percent => "percent",
            Self::Euros => "euros",
            Self::Years => "years",
        }
    }
}

/// Why a published figure has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnknownReason {
    /// The sources read do not give it.
    NotInSources,
    /// The source gives 0 for every series of a section in a year it had not counted yet (the
    /// aggregates' alumni paths of 2019).
    NotYetKnown,
}

impl UnknownReason {
    /// The snake_case name (`not_in_sources`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::NotInSources => "not_in_sources",
            Self::NotYetKnown => "not_yet_known",
        }
    }
}

/// A figure the programme published, with where it says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishedFigure {
    /// What it measures: a stable id for the figures the tables use (`challenges`, `fellows`,
    /// `mentors`, `candidates`, `interviewed`, `selected`, `women`, `men`,
    /// `host_organisations`, `projects_submitted`, `projects_auditioned`,
    /// `projects_selected`...), else the aggregates' section and a slug of the series
    /// (`communication/videos-produites`).
    pub measure: String,
    /// The series or sentence as published (`Nombre de femmes`).
    pub label: String,
    /// The promotion it is about; none for the whole programme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion: Option<PromotionId>,
    /// The year it is about, when the source indexes it by year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// The value; none when the source does not know it (see `unknown`).
    pub value: Option<f64>,
    /// Why there is no value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<UnknownReason>,
    /// True when the source gives a lower bound ("more than 800").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub at_least: bool,
    /// Its unit.
    pub unit: FigureUnit,
    /// Where it is published.
    pub source: FigureSource,
}

/// Where a published figure comes from: a file of a source read, or a web page cited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureSource {
    /// The source read, when the figure comes from one of its files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceKind>,
    /// The file, relative to the source folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The JSON Pointer of the value inside the file, for structured files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The publication, for a figure from a page that is not among the sources read
    /// (`etalab.gouv.fr: « découvrez les 17 défis de la quatrième promotion »`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<String>,
    /// The words that give the figure, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

impl FigureSource {
    /// A short citation: the source and file, or the publication.
    #[must_use]
    pub fn cite(&self) -> String {
        match (&self.source, &self.file, &self.publication) {
            (Some(s), Some(f), _) => format!("{s}: {f}"),
            (Some(s), None, _) => s.to_string(),
            (None, _, Some(p)) => p.clone(),
            (None, Some(f), None) => f.clone(),
            (None, None, None) => String::new(),
        }
    }
}

/// The promotion of a year of the published aggregates (`etalab/eig-charts`): they cover EIG 1
/// to 3, one promotion a year from 2017, DIG excluded.
#[must_use]
pub fn aggregates_promotion(year: u16) -> Option<PromotionId> {
    (2017..=2019)
        .contains(&year)
        .then(|| PromotionId::new(format!("eig-{}", year - 2016)))
}

/// What an [`Activity`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ActivityKind {
    /// A task a défi's team logged as done in a week (EIG 2's progress log).
    Progress,
    /// A support session of the programme (EIG 4's calendar).
    Session,
    /// A webinar of a call for candidates, presenting défis (EIG 4's, May 2020).
    Webinar,
}

impl ActivityKind {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Progress => "progress",
            Self::Session => "session",
            Self::Webinar => "webinar",
        }
    }
}

/// Something that happened in a promotion, on a date, for a défi or for all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// What it is.
    pub kind: ActivityKind,
    /// The promotion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion: Option<PromotionId>,
    /// The défi, as published (`SocialConnect`, `EIG Node` for the coordination team), or the
    /// session's title.
    pub label: String,
    /// The défi's id, when the label names one of the dataset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<String>,
    /// The day (`YYYY-MM-DD`), when it can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The last day of a session of several days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// The deliverable (`Livrable`) of a progress entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliverable: Option<String>,
    /// The task (`Tâche`), or the session's audience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// The categories of a progress entry (`production`, `management`...), from the log's
    /// legend.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Good (1), bad (-1) or neutral (0) news, when the entry says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub news: Option<i8>,
    /// The hours and place of a session, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// True for a session shown struck through (cancelled).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cancelled: bool,
    /// Where it was read (the key is the line).
    pub source: SourceRef,
}

/// A host service on the aggregates' map of administrations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MappedHost {
    /// The ministry or body it reports to (the map's group).
    pub ministry: String,
    /// The service, as published.
    pub service: String,
    /// Défis it hosted, by year.
    pub challenges: BTreeMap<u16, u32>,
    /// Latitude, in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude, in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// Where it was read.
    pub source: SourceRef,
}

/// One source read into a dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetSource {
    /// Its format.
    pub kind: SourceKind,
    /// The name of the folder it was read from (not the full path).
    pub folder: String,
    /// How many files were read.
    pub files: u32,
}

/// Where a record, or one of its values, came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// The source's format.
    pub source: SourceKind,
    /// The file, relative to the source folder.
    pub file: String,
    /// The key of the record inside the file, when the file holds several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// A value the sources disagree on: every version is kept, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The field of the record (`expertises`, `administration`, `role`...).
    pub field: String,
    /// Each source's value.
    pub values: Vec<SourcedValue>,
    /// How the record's value was chosen.
    #[serde(default)]
    pub rule: ConflictRule,
}

/// How a record's value was chosen where the sources disagree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConflictRule {
    /// The current site's value is kept (it is the programme's latest publication): titles,
    /// descriptions, administrations, towns, durations, a fellow's expertise.
    #[default]
    CurrentSiteFirst,
    /// Both can be true, so the record holds the union, in the current site's order then the
    /// first site's: a défi's expertises (the first site lists géomatique and data
    /// engineering where the current one has only data science).
    Union,
    /// Both values are kept as separate records: a person's roles in a promotion (one row
    /// per role in `roles`).
    BothKept,
}

impl ConflictRule {
    /// The snake_case name (`current_site_first`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CurrentSiteFirst => "current_site_first",
            Self::Union => "union",
            Self::BothKept => "both_kept",
        }
    }
}

/// One source's version of a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcedValue {
    /// The source.
    pub source: SourceKind,
    /// The value, as that source gives it (normalised the same way as the record's).
    pub value: Value,
}

/// A promotion as the sites publish it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetPromotion {
    /// Its id (`eig-4`, `dig-2019`).
    pub id: PromotionId,
    /// Its public name (`EIG 4`, `DIG`).
    pub label: String,
    /// The year it started, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Every label the sources use for it (`4`, `dig`, `Promotion 3 - DIG`), sorted.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Where it was read.
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    /// Fields the model does not know, by source.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: Extra,
}

/// A key figure of a défi's outcome (`1288` "déclarations d'intérêts analysées").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    /// The number.
    pub amount: f64,
    /// What it counts.
    pub description: String,
    /// Text shown before the number (`+`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// Text shown after the number (`%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// A défi, merged from every source that publishes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetChallenge {
    /// A stable id: the promotion and a slug of the title (`eig-4/adex`).
    pub id: String,
    /// Its promotion.
    pub promotion: PromotionId,
    /// Its title, trimmed (the current site's when both have it).
    pub title: String,
    /// Other titles it is published under (`EIG Link` for `EIG2 Link`), and keys.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The one-line description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The administration, as published (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administration: Option<String>,
    /// The organisations split out of it (ids into [`Dataset::organisations`]).
    #[serde(default)]
    pub organisations: Vec<String>,
    /// The establishment, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The town, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub town: Option<String>,
    /// Theme slugs (see [`crate::model::THEMES`]; unknown ones are slugified and reported).
    #[serde(default)]
    pub themes: Vec<String>,
    /// Expertise slugs (see [`crate::model::EXPERTISES`]).
    #[serde(default)]
    pub expertises: Vec<String>,
    /// Length of the immersion, in months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_months: Option<u16>,
    /// The fellows, by name as published.
    #[serde(default)]
    pub fellows: Vec<String>,
    /// The mentors, by name as published.
    #[serde(default)]
    pub mentors: Vec<String>,
    /// Outcome figures.
    #[serde(default)]
    pub key_figures: Vec<KeyFigure>,
    /// The source code's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_code: Option<String>,
    /// The product's website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Whether it became a *startup d'État* (`isSET`), when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup: Option<bool>,
    /// The follow-up startup's page on beta.gouv.fr (`urlSET`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_url: Option<String>,
    /// When the current site published it (a CMS timestamp, not a programme date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// The year of the défi as the first site gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// The long description (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Where it was read.
    pub sources: Vec<SourceRef>,
    /// Values the sources disagree on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Fields the model does not know, by source.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: Extra,
}

/// A host organisation, with every spelling it is published under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetOrganisation {
    /// A slug of its normalised name.
    pub id: String,
    /// Its name (the most used spelling; ties go to the first in sorted order).
    pub name: String,
    /// The acronym given in parentheses, when any (`DINUM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    /// Every other spelling seen, sorted.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The défis it hosted (ids).
    pub challenges: Vec<String>,
    /// The ministry it reports to, where the sources give it: named with it in an
    /// administration text (`… - Ministère de l'Intérieur`), else its group on the aggregates'
    /// map of administrations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// What a person did in a promotion.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CommunityRole {
    /// An entrepreneur (or designer) d'intérêt général.
    Fellow,
    /// A mentor or project lead of the host administration (`agent-public`).
    Mentor,
    /// A member of the coordination team (`agent-programme`, `Accompagnement`).
    CoordinationTeam,
    /// A former member of the coordination team (`agent-programme-alumni`).
    CoordinationAlumni,
    /// Someone of the ecosystem (`agent-ecosysteme`).
    Ecosystem,
}

impl CommunityRole {
    /// The snake_case name (`fellow`, `coordination_team`...).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Fellow => "fellow",
            Self::Mentor => "mentor",
            Self::CoordinationTeam => "coordination_team",
            Self::CoordinationAlumni => "coordination_alumni",
            Self::Ecosystem => "ecosystem",
        }
    }
}

/// One role of a person, in one promotion when the source says which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRole {
    /// The role.
    pub role: CommunityRole,
    /// The promotion, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion: Option<PromotionId>,
    /// Expertise slug, for fellows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expertise: Option<String>,
    /// The défis of that role (ids).
    #[serde(default)]
    pub challenges: Vec<String>,
    /// True when the source does not list this promotion for the person, and the role comes
    /// from one of their défis being in it (reported as `promotion_inferred`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// Défi references that match no défi of the dataset, as published.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
    /// The source that states it.
    pub source: SourceKind,
}

/// A person of the community: name and roles only (the sources' profile and contact fields are
/// not read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetPerson {
    /// A slug of the normalised name.
    pub id: String,
    /// The name, trimmed.
    pub name: String,
    /// Other spellings and keys.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Roles, by promotion then role.
    pub roles: Vec<PersonRole>,
    /// Where they were read.
    pub sources: Vec<SourceRef>,
    /// Values the sources disagree on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Fields the model does not know, by source.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: Extra,
}

/// A term of a vocabulary (a theme, an expertise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetTerm {
    /// Its slug (see [`crate::model::THEMES`] and [`crate::model::EXPERTISES`]).
    pub id: String,
    /// Its French label.
    pub label: String,
    /// The first site's codes for it (`dev`, `datascience`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    /// Whether the library's vocabulary knows it.
    pub known: bool,
    /// Where it was read; empty when only used, never defined.
    #[serde(default)]
    pub sources: Vec<SourceRef>,
}

/// The selection funnel of one year, from the published aggregates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunnelYear {
    /// The year.
    pub year: u16,
    /// The promotion of that year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion: Option<PromotionId>,
    /// Applications received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidates: Option<u32>,
    /// Candidates heard by the jury.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewed: Option<u32>,
    /// Fellows selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<u32>,
    /// Défis of that year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenges: Option<u32>,
    /// Mentors of that year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentors: Option<u32>,
}

impl Dataset {
    /// An empty dataset of the current version.
    #[must_use]
    pub fn empty() -> Self {
        Self {
            format: DATASET_FORMAT.to_owned(),
            version: DATASET_VERSION,
            sources: Vec::new(),
            promotions: Vec::new(),
            challenges: Vec::new(),
            organisations: Vec::new(),
            people: Vec::new(),
            themes: Vec::new(),
            expertises: Vec::new(),
            funnel: Vec::new(),
            figures: Vec::new(),
            map: Vec::new(),
            activities: Vec::new(),
            import_report: None,
        }
    }

    /// The défi with this id.
    #[must_use]
    pub fn challenge(&self, id: &str) -> Option<&DatasetChallenge> {
        self.challenges.iter().find(|c| c.id == id)
    }
}
