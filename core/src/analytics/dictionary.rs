//! The data dictionary: every table of a dataset, every column, its type, unit and meaning,
//! with the counting rules. `docs/data-dictionary.md` is generated from it (`eig dictionary`)
//! and a test checks that every table's columns are the ones documented here, in order.

use super::{By, ExportOptions, stats, tables};
use crate::model::Dataset;
use crate::table::{ColumnType, Table};
use std::fmt::Write as _;

/// One column, declared once: its name, its type, its unit (empty when none) and its meaning.
/// The tables take their columns from these declarations, and the dictionary is written from
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDoc {
    /// The column's name.
    pub name: &'static str,
    /// The type of its cells.
    pub ty: Ty,
    /// Its unit (`count`, `months`, `year`), empty when none.
    pub unit: &'static str,
    /// What it means and how it is counted.
    pub about: &'static str,
}

/// The type of a column's cells, as declared ([`ColumnType`] without the values of a
/// category, which depend on the dataset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ty {
    /// [`ColumnType::Int`].
    Int,
    /// [`ColumnType::Float`].
    Float,
    /// [`ColumnType::Text`].
    Text,
    /// [`ColumnType::Bool`].
    Bool,
    /// [`ColumnType::List`].
    List,
    /// [`ColumnType::Category`] with no order.
    Category,
    /// [`ColumnType::CategoryList`].
    CategoryList,
    /// [`ColumnType::Timestamp`].
    Timestamp,
    /// [`ColumnType::Date`].
    Date,
    /// A promotion: a category ordered as the dataset's promotions are.
    Promotion,
}

impl Ty {
    /// The type of the column in a table of `dataset`.
    #[must_use]
    pub fn of(self, dataset: &Dataset) -> ColumnType {
        match self {
            Self::Int => ColumnType::Int,
            Self::Float => ColumnType::Float,
            Self::Text => ColumnType::Text,
            Self::Bool => ColumnType::Bool,
            Self::List => ColumnType::List,
            Self::Category => ColumnType::Category(Vec::new()),
            Self::CategoryList => ColumnType::CategoryList,
            Self::Timestamp => ColumnType::Timestamp,
            Self::Date => ColumnType::Date,
            Self::Promotion => {
                ColumnType::Category(dataset.promotions.iter().map(|p| p.id.0.clone()).collect())
            }
        }
    }
}

const fn col(name: &'static str, ty: Ty, unit: &'static str, about: &'static str) -> ColumnDoc {
    ColumnDoc {
        name,
        ty,
        unit,
        about,
    }
}

/// An empty table named `name` with the columns [`DICTIONARY`] declares for it, typed for
/// `dataset`: every table of the analytics is made this way, so its columns are the
/// dictionary's.
pub(crate) fn documented(name: &str, dataset: &Dataset) -> Table {
    let columns: Vec<(&str, ColumnType)> = DICTIONARY
        .iter()
        .find(|d| d.name == name)
        .map(|d| {
            d.columns
                .iter()
                .map(|c| (c.name, c.ty.of(dataset)))
                .collect()
        })
        .unwrap_or_default();
    Table::typed(name, &columns)
}

/// One documented table: its name, what a row is, and its columns.
pub struct TableDoc {
    /// The table's name.
    pub name: &'static str,
    /// What one row is, and how it is counted.
    pub about: &'static str,
    /// Its columns, in order.
    pub columns: &'static [ColumnDoc],
}

const PROMOTION: ColumnDoc = col(
    "promotion",
    Ty::Promotion,
    "",
    "The promotion's id (`eig-1` … `eig-7`, `dig-2019`), an ordered category in programme order.",
);

/// Every table of a dataset and of its statistics.
pub const DICTIONARY: &[TableDoc] = &[
    TableDoc {
        name: "promotions",
        about: "One row per promotion, in programme order.",
        columns: &[
            PROMOTION,
            col("label", Ty::Text, "", "Its public name (`EIG 4`, `DIG`)."),
            col("year", Ty::Int, "year", "The year it started."),
            col(
                "labels",
                Ty::List,
                "",
                "Every label the sources use for it.",
            ),
            col(
                "challenges",
                Ty::Int,
                "count",
                "Défis in the dataset; null (not 0) when no source read holds a défi of it.",
            ),
        ],
    },
    TableDoc {
        name: "challenges",
        about: "One row per défi, merged across the sources (the current site's values first; disagreements in `conflicts`).",
        columns: &[
            col(
                "challenge",
                Ty::Text,
                "",
                "A stable id: the promotion and a slug of the title (`eig-4/adex`).",
            ),
            PROMOTION,
            col("title", Ty::Text, "", "Its title."),
            col("description", Ty::Text, "", "The one-line description."),
            col(
                "administration",
                Ty::Text,
                "",
                "The host administration as published (free text).",
            ),
            col(
                "organisations",
                Ty::List,
                "",
                "The host organisations split out of it (ids of `organisations`).",
            ),
            col("town", Ty::Text, "", "The town, as published."),
            col("themes", Ty::CategoryList, "", "Theme slugs, categories."),
            col(
                "expertises",
                Ty::CategoryList,
                "",
                "Expertise slugs the défi asks for, categories.",
            ),
            col(
                "duration_months",
                Ty::Int,
                "months",
                "Length of the immersion.",
            ),
            col(
                "fellows_count",
                Ty::Int,
                "count",
                "Fellows the défi names; null when no source read names them (only the first site does).",
            ),
            col(
                "mentors_count",
                Ty::Int,
                "count",
                "Mentors the défi names; null as `fellows_count`.",
            ),
            col(
                "fellows",
                Ty::List,
                "",
                "The fellows' names as published (empty when pseudonymised).",
            ),
            col(
                "mentors",
                Ty::List,
                "",
                "The mentors' names as published (empty when pseudonymised).",
            ),
            col(
                "key_figures",
                Ty::Int,
                "count",
                "Outcome figures the défi publishes.",
            ),
            col("source_code", Ty::Text, "", "The source code's address."),
            col("website", Ty::Text, "", "The product's website."),
            col(
                "startup",
                Ty::Bool,
                "",
                "Whether it became a startup d'État (`isSET`), when the source says.",
            ),
            col(
                "startup_url",
                Ty::Text,
                "",
                "The startup's page on beta.gouv.fr.",
            ),
            col(
                "published_at",
                Ty::Timestamp,
                "UTC",
                "When the current site published the page (a CMS timestamp, not a programme date).",
            ),
            col(
                "year",
                Ty::Int,
                "year",
                "The défi's year as the first site gives it.",
            ),
            col(
                "sources",
                Ty::CategoryList,
                "",
                "The sources it was read from, one per file.",
            ),
            col(
                "conflicts",
                Ty::CategoryList,
                "",
                "The fields the sources disagree on (both values are in the dataset file).",
            ),
        ],
    },
    TableDoc {
        name: "organisations",
        about: "One row per organisation split out of the défis' administrations. Counting rules: an organisation is a distinct normalised name (case, accents and spaces ignored), the spellings the library knows to be one body merged (the current and first sites' names of the Agence du numérique de la sécurité civile, VITAM and its description, the DINSIC renamed DINUM); a promotion's host organisations leave out a ministry named beside one of its own services. The aggregates count instead the administrations that hosted a défi in a year (`organisations_published`).",
        columns: &[
            col(
                "organisation",
                Ty::Text,
                "",
                "A slug of its normalised (canonical) name.",
            ),
            col(
                "name",
                Ty::Text,
                "",
                "Its most used spelling, or its canonical name.",
            ),
            col(
                "acronym",
                Ty::Text,
                "",
                "The acronym given in parentheses, else the one the library knows (DGFiP, BnF, INSEE...).",
            ),
            col("aliases", Ty::List, "", "Every other spelling seen."),
            col(
                "parent",
                Ty::Text,
                "",
                "The ministry it reports to, where the sources give it: named with it in an administration text, else its group on the aggregates' map.",
            ),
            col("challenges", Ty::List, "", "The défis it hosted (ids)."),
        ],
    },
    TableDoc {
        name: "people",
        about: "One row per person of the people files (names and roles only; no contact or profile data).",
        columns: &[
            col(
                "person",
                Ty::Text,
                "",
                "A slug of the name, or a stable pseudonym.",
            ),
            col("name", Ty::Text, "", "The name, or the pseudonym."),
            col(
                "roles",
                Ty::CategoryList,
                "",
                "Their roles (`fellow`, `mentor`, `coordination_team`...).",
            ),
            col(
                "promotions",
                Ty::CategoryList,
                "",
                "The promotions of their roles.",
            ),
            col("challenges", Ty::List, "", "Their défis (ids)."),
            col(
                "sources",
                Ty::CategoryList,
                "",
                "The sources that list them.",
            ),
        ],
    },
    TableDoc {
        name: "roles",
        about: "One row per person, role and promotion, merged across the sources that state it (`roles_by_source` keeps one row per source). A role is inferred only where a défi the person's record cites is in a promotion the record does not list, and not where the sources contradict it (another role declared there, or the défi naming them otherwise: `inference_contradicted`).",
        columns: &[
            col("person", Ty::Text, "", "The person (see `people`)."),
            col("role", Ty::Category, "", "The role, a category."),
            PROMOTION,
            col(
                "expertise",
                Ty::Category,
                "",
                "The fellow's expertise slug (the current site's first).",
            ),
            col(
                "inferred",
                Ty::Bool,
                "",
                "True when every source's role is inferred from a défi, none listing the promotion.",
            ),
            col(
                "challenges",
                Ty::List,
                "",
                "The défis of the role (ids), across the sources.",
            ),
            col(
                "unresolved",
                Ty::List,
                "",
                "Défi references that match no défi of the dataset, as published.",
            ),
            col(
                "sources",
                Ty::CategoryList,
                "",
                "The sources that state it.",
            ),
        ],
    },
    TableDoc {
        name: "roles_by_source",
        about: "One row per person, role, promotion and source stating it.",
        columns: &[
            col("person", Ty::Text, "", "The person (see `people`)."),
            col("role", Ty::Category, "", "The role, a category."),
            PROMOTION,
            col(
                "expertise",
                Ty::Category,
                "",
                "The fellow's expertise slug.",
            ),
            col(
                "inferred",
                Ty::Bool,
                "",
                "True when the source does not list the promotion and one of the person's défis is in it.",
            ),
            col("challenges", Ty::List, "", "The défis of the role (ids)."),
            col(
                "unresolved",
                Ty::List,
                "",
                "Défi references that match no défi of the dataset, as published.",
            ),
            col("source", Ty::Category, "", "The source that states it."),
        ],
    },
    TableDoc {
        name: "fellowships",
        about: "One row per fellow and défi (a fellow whose défi is not known has one row with a null `challenge`): the person–défi join without names.",
        columns: &[
            col("person", Ty::Text, "", "The fellow (see `people`)."),
            col(
                "challenge",
                Ty::Text,
                "",
                "The défi (see `challenges`), when known.",
            ),
            PROMOTION,
            col(
                "expertise",
                Ty::Category,
                "",
                "The fellow's expertise slug.",
            ),
            col(
                "inferred",
                Ty::Bool,
                "",
                "True when the role is inferred (see `roles`).",
            ),
            col(
                "sources",
                Ty::CategoryList,
                "",
                "The sources that state it.",
            ),
        ],
    },
    TableDoc {
        name: "conflicts",
        about: "One row per record, field and source where the two sites disagree, with the value kept and the rule that chose it, per field: `current_site_first` (titles, descriptions, administrations, towns, durations, promotions, a fellow's expertise: the current site is the programme's latest publication), `union` (a défi's expertises: both can be true), `both_kept` (a person's roles: one row each in `roles`).",
        columns: &[
            col("entity", Ty::Category, "", "`challenge` or `person`."),
            col("record", Ty::Text, "", "Its id."),
            col(
                "field",
                Ty::Category,
                "",
                "The field the sources disagree on.",
            ),
            col("source", Ty::Category, "", "The source of this value."),
            col("value", Ty::Text, "", "This source's value, as JSON."),
            col(
                "kept",
                Ty::Text,
                "",
                "The record's value, as JSON; null when both are kept as separate records.",
            ),
            col("rule", Ty::Category, "", "The rule that chose it."),
        ],
    },
    TableDoc {
        name: "funnel",
        about: "One row per year of the selection funnel the aggregates publish (EIG 1 to 3), beside the dataset's counts of records.",
        columns: FUNNEL,
    },
    TableDoc {
        name: "figures",
        about: "One row per figure the programme published, with its source, kept apart from the counts of records: every series of the aggregates, numbers of the current site's blog posts and programme page (imported only when the file holds the quoted words), and figures of web pages outside the sources (cited).",
        columns: &[
            col(
                "promotion",
                Ty::Promotion,
                "",
                "The promotion it is about; null for the whole programme.",
            ),
            col(
                "year",
                Ty::Int,
                "year",
                "The year the source indexes it by.",
            ),
            col(
                "measure",
                Ty::Category,
                "",
                "A stable id (`challenges`, `fellows`, `women`, `candidates`...) or the aggregates' section and a slug of the series.",
            ),
            col("label", Ty::Text, "", "The series or words as published."),
            col(
                "value",
                Ty::Float,
                "unit",
                "The value; null when the source does not know it (see `unknown`).",
            ),
            col(
                "at_least",
                Ty::Bool,
                "",
                "True when the source gives a lower bound (\"more than 800\").",
            ),
            col(
                "unit",
                Ty::Category,
                "",
                "`count`, `percent`, `euros` or `years`.",
            ),
            col(
                "unknown",
                Ty::Category,
                "",
                "Why `value` is null (`not_yet_known`: the source writes 0 for a year it had not counted).",
            ),
            col(
                "source",
                Ty::Category,
                "",
                "The source read (`eig-charts`, `site-eig-v3`); null for a web page cited.",
            ),
            col(
                "file",
                Ty::Text,
                "",
                "The file, relative to the source folder.",
            ),
            col(
                "pointer",
                Ty::Text,
                "",
                "The JSON Pointer of the value in a structured file.",
            ),
            col(
                "publication",
                Ty::Text,
                "",
                "The web page, for a figure outside the sources.",
            ),
            col("quote", Ty::Text, "", "The words that give it."),
        ],
    },
    TableDoc {
        name: "map",
        about: "One row per host service and year of the aggregates' map of administrations; the source's `:lon` and `:lat` are swapped, and put right here.",
        columns: &[
            col(
                "ministry",
                Ty::Category,
                "",
                "The ministry or body it reports to.",
            ),
            col("service", Ty::Text, "", "The host service as published."),
            col("year", Ty::Int, "year", "The year."),
            PROMOTION,
            col("challenges", Ty::Int, "count", "Défis it hosted that year."),
            col("latitude", Ty::Float, "degrees", "Latitude."),
            col("longitude", Ty::Float, "degrees", "Longitude."),
        ],
    },
    TableDoc {
        name: "activities",
        about: "One row per webinar and défi of EIG 4's call for candidates, per line of EIG 2's weekly progress log (`eig-link` archives/2018/suivi_compilation.csv, February to August 2018) and per session of EIG 4's support calendar (`planning.md`; its days have no year: September to December are 2020, January to June 2021).",
        columns: &[
            col(
                "kind",
                Ty::Category,
                "",
                "`progress` (a task logged as done) or `session` (a support session).",
            ),
            PROMOTION,
            col(
                "label",
                Ty::Text,
                "",
                "The défi as the team wrote it (`SocialConnect`; `EIG Node` is the coordination team), or the session's title.",
            ),
            col(
                "challenge",
                Ty::Text,
                "",
                "The défi's id, when the label names one (spelling variants are reported).",
            ),
            col(
                "date",
                Ty::Date,
                "",
                "The day the task was done, or the session's (first) day.",
            ),
            col(
                "end_date",
                Ty::Date,
                "",
                "The last day of a session of several days.",
            ),
            col("deliverable", Ty::Text, "", "The deliverable (`Livrable`)."),
            col(
                "task",
                Ty::Text,
                "",
                "The task (`Tâche`), or the session's audience.",
            ),
            col(
                "categories",
                Ty::CategoryList,
                "",
                "The log's categories (`production`, `management`...; a letter outside the legend stays as published).",
            ),
            col(
                "news",
                Ty::Category,
                "",
                "`good`, `bad` or `neutral` news (`OK` 1, -1, 0); null when the line says nothing.",
            ),
            col(
                "place",
                Ty::Text,
                "",
                "A session's hours and place, a webinar's recording.",
            ),
            col(
                "cancelled",
                Ty::Bool,
                "",
                "True for a session struck through in the calendar.",
            ),
            col(
                "file",
                Ty::Text,
                "",
                "The file, relative to the source folder.",
            ),
            col(
                "line",
                Ty::Int,
                "",
                "The line in the file (null for a webinar: an item of a YAML list).",
            ),
        ],
    },
    TableDoc {
        name: "stats_by_promotion",
        about: "`stats(by=\"promotion\")`: one row per promotion. Counts of records are computed from the dataset and are null, with the reason, when the sources read do not give them; published figures stand beside them.",
        columns: &[
            PROMOTION,
            col("label", Ty::Text, "", "Its public name."),
            col("year", Ty::Int, "year", "The year it started."),
            col(
                "challenges",
                Ty::Int,
                "count",
                "Défis in the dataset; null when no source read holds one of the promotion.",
            ),
            col(
                "fellows",
                Ty::Int,
                "count",
                "Fellows named by its défis; null when no défi read names them (only the first site does).",
            ),
            col(
                "mentors",
                Ty::Int,
                "count",
                "Mentors named by its défis; null as `fellows`.",
            ),
            col(
                "fellows_listed",
                Ty::Int,
                "count",
                "People the people files place in it as fellows; null when none.",
            ),
            col(
                "mentors_listed",
                Ty::Int,
                "count",
                "People the people files place in it as mentors; null when none.",
            ),
            col(
                "organisations",
                Ty::Int,
                "count",
                "Distinct host organisations of its défis: a ministry named beside one of its own services is not counted (the service hosts); null with `challenges`.",
            ),
            col(
                "organisations_named",
                Ty::Int,
                "count",
                "Distinct organisations its défis name, ministries beside their services included.",
            ),
            col(
                "organisations_published",
                Ty::Int,
                "count",
                "The aggregates' « Nombre d'administrations qui ont accueilli un défi par promotion » (EIG 1 to 3), for comparison: their own counting.",
            ),
            col("duration_min", Ty::Int, "months", "Shortest immersion."),
            col("duration_median", Ty::Float, "months", "Median immersion."),
            col("duration_max", Ty::Int, "months", "Longest immersion."),
            col(
                "challenges_published",
                Ty::Int,
                "count",
                "The number of défis the programme published: the aggregates first, then a file of a source, then a web page.",
            ),
            col(
                "fellows_published",
                Ty::Int,
                "count",
                "The number of fellows the programme published, chosen the same way.",
            ),
            col(
                "published_sources",
                Ty::List,
                "",
                "Where each published figure kept comes from.",
            ),
            col(
                "published_other_values",
                Ty::List,
                "",
                "Other values published for the same figures, with their sources.",
            ),
            col(
                "fellows_listed_by_source",
                Ty::List,
                "",
                "`fellows_listed` per people file (`site-eig-v3: 26`): the union above can exceed each, where the files spell a name differently or list different people.",
            ),
            col(
                "unknown",
                Ty::CategoryList,
                "",
                "The columns left null for lack of a source.",
            ),
            col(
                "unknown_reasons",
                Ty::List,
                "",
                "For each: the reason (`not_in_sources`) and the source that would have it.",
            ),
        ],
    },
    TableDoc {
        name: "stats_by_expertise",
        about: "`stats(by=\"expertise\")`: one row per promotion and expertise.",
        columns: &[
            PROMOTION,
            col("expertise", Ty::Category, "", "The expertise slug."),
            col("label", Ty::Text, "", "Its French label."),
            col(
                "challenges",
                Ty::Int,
                "count",
                "Défis asking for it (the union of both sites' expertises); null when no défi of the promotion is read.",
            ),
            col(
                "share_of_challenges",
                Ty::Float,
                "ratio",
                "`challenges` over the promotion's défis.",
            ),
            col(
                "fellows_listed",
                Ty::Int,
                "count",
                "Fellows of that expertise the people files place in the promotion.",
            ),
        ],
    },
    TableDoc {
        name: "stats_by_theme",
        about: "`stats(by=\"theme\")`: one row per promotion and theme.",
        columns: &[
            PROMOTION,
            col("theme", Ty::Category, "", "The theme slug."),
            col("label", Ty::Text, "", "Its French label."),
            col(
                "challenges",
                Ty::Int,
                "count",
                "Défis with it; null when no défi of the promotion is read.",
            ),
            col(
                "share_of_challenges",
                Ty::Float,
                "ratio",
                "`challenges` over the promotion's défis.",
            ),
            col(
                "fellows_listed",
                Ty::Int,
                "",
                "Always null (themes have no fellows).",
            ),
        ],
    },
    TableDoc {
        name: "stats_by_organisation",
        about: "`stats(by=\"organisation\")`: one row per organisation, most défis first.",
        columns: &[
            col("organisation", Ty::Text, "", "Its id."),
            col("name", Ty::Text, "", "Its name."),
            col("acronym", Ty::Text, "", "Its acronym."),
            col(
                "challenges",
                Ty::Int,
                "count",
                "Défis it hosted, across promotions.",
            ),
            col(
                "promotions",
                Ty::CategoryList,
                "",
                "The promotions of those défis, in programme order.",
            ),
            col("first_promotion", Ty::Promotion, "", "The first of them."),
            col("last_promotion", Ty::Promotion, "", "The last of them."),
        ],
    },
    TableDoc {
        name: "selection_funnel",
        about: "`stats(by=\"funnel\")`: the `funnel` table.",
        columns: FUNNEL,
    },
];

const FUNNEL: &[ColumnDoc] = &[
    col("year", Ty::Int, "year", "The year."),
    PROMOTION,
    col(
        "candidates",
        Ty::Int,
        "count",
        "Applications (aggregates: « Candidats »).",
    ),
    col(
        "interviewed",
        Ty::Int,
        "count",
        "Candidates heard by the jury (« Passages devant un jury »).",
    ),
    col(
        "selected",
        Ty::Int,
        "count",
        "Fellows selected (« Lauréats »).",
    ),
    col(
        "interview_rate",
        Ty::Float,
        "ratio",
        "`interviewed` over `candidates`.",
    ),
    col(
        "selection_rate",
        Ty::Float,
        "ratio",
        "`selected` over `candidates`.",
    ),
    col(
        "challenges",
        Ty::Int,
        "count",
        "Défis, as the aggregates publish them.",
    ),
    col(
        "mentors",
        Ty::Int,
        "count",
        "Mentors, as the aggregates publish them.",
    ),
    col(
        "challenges_records",
        Ty::Int,
        "count",
        "Défis of the promotion in the dataset (null when none is read).",
    ),
    col(
        "fellows_records",
        Ty::Int,
        "count",
        "Fellows its défis name in the dataset.",
    ),
];

/// Every table a dataset gives: its entities' tables and its statistics.
#[must_use]
pub fn every_table(dataset: &Dataset) -> Vec<Table> {
    let mut all = tables(dataset, ExportOptions::default());
    for by in [
        By::Promotion,
        By::Expertise,
        By::Theme,
        By::Organisation,
        By::Funnel,
    ] {
        all.push(stats(dataset, by));
    }
    all
}

/// The data dictionary as Markdown: `docs/data-dictionary.md`.
#[must_use]
pub fn dictionary_markdown() -> String {
    // One promotion, so that the promotion columns show as ordered categories.
    let mut sample = Dataset::empty();
    sample.promotions.push(crate::model::DatasetPromotion {
        id: crate::model::PromotionId::new("eig-1"),
        label: "EIG 1".to_owned(),
        year: Some(2017),
        labels: Vec::new(),
        sources: Vec::new(),
        extra: std::collections::BTreeMap::new(),
    });
    let mut out = String::from(
        "# Data dictionary\n\nEvery table of a dataset (`eig export`, `Dataset.tables()` and \
         `Dataset.stats()` in Python), every column, its type in typed exports (Arrow, Parquet, \
         pandas, polars) and its meaning. Counts of records and published figures are never \
         mixed: a count the sources read do not give is null, with its reason, not 0.\n\
         Generated by `eig dictionary`; a test checks this file.\n",
    );
    for doc in DICTIONARY {
        let _ = write!(out, "\n## `{}`\n\n{}\n\n", doc.name, doc.about);
        out.push_str("| column | type | unit | meaning |\n|---|---|---|---|\n");
        for c in doc.columns {
            let ty = c.ty.of(&sample).name();
            let _ = writeln!(out, "| `{}` | {ty} | {} | {} |", c.name, c.unit, c.about);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_documented_in_order_and_every_column_once() {
        let all = every_table(&Dataset::empty());
        let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
        let documented: Vec<&str> = DICTIONARY.iter().map(|d| d.name).collect();
        assert_eq!(names, documented);
        for doc in DICTIONARY {
            let mut seen = std::collections::BTreeSet::new();
            for c in doc.columns {
                assert!(seen.insert(c.name), "{}: {} twice", doc.name, c.name);
                assert!(
                    !c.about.is_empty(),
                    "{}: {} has no meaning",
                    doc.name,
                    c.name
                );
            }
        }
    }
}
