//! The data dictionary: every table of a dataset, every column, its type, unit and meaning,
//! with the counting rules. `docs/data-dictionary.md` is generated from it (`eig dictionary`)
//! and a test checks that every table's columns are the ones documented here, in order.

use super::{By, ExportOptions, stats, tables};
use crate::model::Dataset;
use crate::table::Table;
use std::fmt::Write as _;

/// One documented column: its name, unit (empty when none) and meaning.
pub type ColumnDoc = (&'static str, &'static str, &'static str);

/// One documented table: its name, what a row is, and its columns.
pub struct TableDoc {
    /// The table's name.
    pub name: &'static str,
    /// What one row is, and how it is counted.
    pub about: &'static str,
    /// Its columns, in order.
    pub columns: &'static [ColumnDoc],
}

const PROMOTION: ColumnDoc = (
    "promotion",
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
            ("label", "", "Its public name (`EIG 4`, `DIG`)."),
            ("year", "year", "The year it started."),
            ("labels", "", "Every label the sources use for it."),
            (
                "challenges",
                "count",
                "Défis in the dataset; null (not 0) when no source read holds a défi of it.",
            ),
        ],
    },
    TableDoc {
        name: "challenges",
        about: "One row per défi, merged across the sources (the current site's values first; disagreements in `conflicts`).",
        columns: &[
            (
                "challenge",
                "",
                "A stable id: the promotion and a slug of the title (`eig-4/adex`).",
            ),
            PROMOTION,
            ("title", "", "Its title."),
            ("description", "", "The one-line description."),
            (
                "administration",
                "",
                "The host administration as published (free text).",
            ),
            (
                "organisations",
                "",
                "The host organisations split out of it (ids of `organisations`).",
            ),
            ("town", "", "The town, as published."),
            ("themes", "", "Theme slugs, categories."),
            (
                "expertises",
                "",
                "Expertise slugs the défi asks for, categories.",
            ),
            ("duration_months", "months", "Length of the immersion."),
            (
                "fellows_count",
                "count",
                "Fellows the défi names; null when no source read names them (only the first site does).",
            ),
            (
                "mentors_count",
                "count",
                "Mentors the défi names; null as `fellows_count`.",
            ),
            (
                "fellows",
                "",
                "The fellows' names as published (empty when pseudonymised).",
            ),
            (
                "mentors",
                "",
                "The mentors' names as published (empty when pseudonymised).",
            ),
            (
                "key_figures",
                "count",
                "Outcome figures the défi publishes.",
            ),
            ("source_code", "", "The source code's address."),
            ("website", "", "The product's website."),
            (
                "startup",
                "",
                "Whether it became a startup d'État (`isSET`), when the source says.",
            ),
            ("startup_url", "", "The startup's page on beta.gouv.fr."),
            (
                "published_at",
                "UTC",
                "When the current site published the page (a CMS timestamp, not a programme date).",
            ),
            (
                "year",
                "year",
                "The défi's year as the first site gives it.",
            ),
            ("sources", "", "The sources it was read from, one per file."),
            (
                "conflicts",
                "",
                "The fields the sources disagree on (both values are in the dataset file).",
            ),
        ],
    },
    TableDoc {
        name: "organisations",
        about: "One row per organisation split out of the défis' administrations. Counting rules: an organisation is a distinct normalised name (case, accents and spaces ignored), the spellings the library knows to be one body merged (the current and first sites' names of the Agence du numérique de la sécurité civile, VITAM and its description, the DINSIC renamed DINUM); a promotion's host organisations leave out a ministry named beside one of its own services. The aggregates count instead the administrations that hosted a défi in a year (`organisations_published`).",
        columns: &[
            (
                "organisation",
                "",
                "A slug of its normalised (canonical) name.",
            ),
            ("name", "", "Its most used spelling, or its canonical name."),
            (
                "acronym",
                "",
                "The acronym given in parentheses, else the one the library knows (DGFiP, BnF, INSEE...).",
            ),
            ("aliases", "", "Every other spelling seen."),
            (
                "parent",
                "",
                "The ministry it reports to, where the sources give it: named with it in an administration text, else its group on the aggregates' map.",
            ),
            ("challenges", "", "The défis it hosted (ids)."),
        ],
    },
    TableDoc {
        name: "people",
        about: "One row per person of the people files (names and roles only; no contact or profile data).",
        columns: &[
            ("person", "", "A slug of the name, or a stable pseudonym."),
            ("name", "", "The name, or the pseudonym."),
            (
                "roles",
                "",
                "Their roles (`fellow`, `mentor`, `coordination_team`...).",
            ),
            ("promotions", "", "The promotions of their roles."),
            ("challenges", "", "Their défis (ids)."),
            ("sources", "", "The sources that list them."),
        ],
    },
    TableDoc {
        name: "roles",
        about: "One row per person, role and promotion, merged across the sources that state it (`roles_by_source` keeps one row per source). A role is inferred only where a défi the person's record cites is in a promotion the record does not list, and not where the sources contradict it (another role declared there, or the défi naming them otherwise: `inference_contradicted`).",
        columns: &[
            ("person", "", "The person (see `people`)."),
            ("role", "", "The role, a category."),
            PROMOTION,
            (
                "expertise",
                "",
                "The fellow's expertise slug (the current site's first).",
            ),
            (
                "inferred",
                "",
                "True when every source's role is inferred from a défi, none listing the promotion.",
            ),
            (
                "challenges",
                "",
                "The défis of the role (ids), across the sources.",
            ),
            (
                "unresolved",
                "",
                "Défi references that match no défi of the dataset, as published.",
            ),
            ("sources", "", "The sources that state it."),
        ],
    },
    TableDoc {
        name: "roles_by_source",
        about: "One row per person, role, promotion and source stating it.",
        columns: &[
            ("person", "", "The person (see `people`)."),
            ("role", "", "The role, a category."),
            PROMOTION,
            ("expertise", "", "The fellow's expertise slug."),
            (
                "inferred",
                "",
                "True when the source does not list the promotion and one of the person's défis is in it.",
            ),
            ("challenges", "", "The défis of the role (ids)."),
            (
                "unresolved",
                "",
                "Défi references that match no défi of the dataset, as published.",
            ),
            ("source", "", "The source that states it."),
        ],
    },
    TableDoc {
        name: "fellowships",
        about: "One row per fellow and défi (a fellow whose défi is not known has one row with a null `challenge`): the person–défi join without names.",
        columns: &[
            ("person", "", "The fellow (see `people`)."),
            ("challenge", "", "The défi (see `challenges`), when known."),
            PROMOTION,
            ("expertise", "", "The fellow's expertise slug."),
            (
                "inferred",
                "",
                "True when the role is inferred (see `roles`).",
            ),
            ("sources", "", "The sources that state it."),
        ],
    },
    TableDoc {
        name: "conflicts",
        about: "One row per record, field and source where the two sites disagree, with the value kept and the rule that chose it, per field: `current_site_first` (titles, descriptions, administrations, towns, durations, promotions, a fellow's expertise: the current site is the programme's latest publication), `union` (a défi's expertises: both can be true), `both_kept` (a person's roles: one row each in `roles`).",
        columns: &[
            ("entity", "", "`challenge` or `person`."),
            ("record", "", "Its id."),
            ("field", "", "The field the sources disagree on."),
            ("source", "", "The source of this value."),
            ("value", "", "This source's value, as JSON."),
            (
                "kept",
                "",
                "The record's value, as JSON; null when both are kept as separate records.",
            ),
            ("rule", "", "The rule that chose it."),
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
            (
                "promotion",
                "",
                "The promotion it is about; null for the whole programme.",
            ),
            ("year", "year", "The year the source indexes it by."),
            (
                "measure",
                "",
                "A stable id (`challenges`, `fellows`, `women`, `candidates`...) or the aggregates' section and a slug of the series.",
            ),
            ("label", "", "The series or words as published."),
            (
                "value",
                "unit",
                "The value; null when the source does not know it (see `unknown`).",
            ),
            (
                "at_least",
                "",
                "True when the source gives a lower bound (\"more than 800\").",
            ),
            ("unit", "", "`count`, `percent`, `euros` or `years`."),
            (
                "unknown",
                "",
                "Why `value` is null (`not_yet_known`: the source writes 0 for a year it had not counted).",
            ),
            (
                "source",
                "",
                "The source read (`eig-charts`, `site-eig-v3`); null for a web page cited.",
            ),
            ("file", "", "The file, relative to the source folder."),
            (
                "pointer",
                "",
                "The JSON Pointer of the value in a structured file.",
            ),
            (
                "publication",
                "",
                "The web page, for a figure outside the sources.",
            ),
            ("quote", "", "The words that give it."),
        ],
    },
    TableDoc {
        name: "map",
        about: "One row per host service and year of the aggregates' map of administrations; the source's `:lon` and `:lat` are swapped, and put right here.",
        columns: &[
            ("ministry", "", "The ministry or body it reports to."),
            ("service", "", "The host service as published."),
            ("year", "year", "The year."),
            PROMOTION,
            ("challenges", "count", "Défis it hosted that year."),
            ("latitude", "degrees", "Latitude."),
            ("longitude", "degrees", "Longitude."),
        ],
    },
    TableDoc {
        name: "activities",
        about: "One row per webinar and défi of EIG 4's call for candidates, per line of EIG 2's weekly progress log (`eig-link` archives/2018/suivi_compilation.csv, February to August 2018) and per session of EIG 4's support calendar (`planning.md`; its days have no year: September to December are 2020, January to June 2021).",
        columns: &[
            (
                "kind",
                "",
                "`progress` (a task logged as done) or `session` (a support session).",
            ),
            PROMOTION,
            (
                "label",
                "",
                "The défi as the team wrote it (`SocialConnect`; `EIG Node` is the coordination team), or the session's title.",
            ),
            (
                "challenge",
                "",
                "The défi's id, when the label names one (spelling variants are reported).",
            ),
            (
                "date",
                "",
                "The day the task was done, or the session's (first) day.",
            ),
            ("end_date", "", "The last day of a session of several days."),
            ("deliverable", "", "The deliverable (`Livrable`)."),
            ("task", "", "The task (`Tâche`), or the session's audience."),
            (
                "categories",
                "",
                "The log's categories (`production`, `management`...; a letter outside the legend stays as published).",
            ),
            (
                "news",
                "",
                "`good`, `bad` or `neutral` news (`OK` 1, -1, 0); null when the line says nothing.",
            ),
            (
                "place",
                "",
                "A session's hours and place, a webinar's recording.",
            ),
            (
                "cancelled",
                "",
                "True for a session struck through in the calendar.",
            ),
            ("file", "", "The file, relative to the source folder."),
            (
                "line",
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
            ("label", "", "Its public name."),
            ("year", "year", "The year it started."),
            (
                "challenges",
                "count",
                "Défis in the dataset; null when no source read holds one of the promotion.",
            ),
            (
                "fellows",
                "count",
                "Fellows named by its défis; null when no défi read names them (only the first site does).",
            ),
            (
                "mentors",
                "count",
                "Mentors named by its défis; null as `fellows`.",
            ),
            (
                "fellows_listed",
                "count",
                "People the people files place in it as fellows; null when none.",
            ),
            (
                "mentors_listed",
                "count",
                "People the people files place in it as mentors; null when none.",
            ),
            (
                "organisations",
                "count",
                "Distinct host organisations of its défis: a ministry named beside one of its own services is not counted (the service hosts); null with `challenges`.",
            ),
            (
                "organisations_named",
                "count",
                "Distinct organisations its défis name, ministries beside their services included.",
            ),
            (
                "organisations_published",
                "count",
                "The aggregates' « Nombre d'administrations qui ont accueilli un défi par promotion » (EIG 1 to 3), for comparison: their own counting.",
            ),
            ("duration_min", "months", "Shortest immersion."),
            ("duration_median", "months", "Median immersion."),
            ("duration_max", "months", "Longest immersion."),
            (
                "challenges_published",
                "count",
                "The number of défis the programme published: the aggregates first, then a file of a source, then a web page.",
            ),
            (
                "fellows_published",
                "count",
                "The number of fellows the programme published, chosen the same way.",
            ),
            (
                "published_sources",
                "",
                "Where each published figure kept comes from.",
            ),
            (
                "published_other_values",
                "",
                "Other values published for the same figures, with their sources.",
            ),
            (
                "fellows_listed_by_source",
                "",
                "`fellows_listed` per people file (`site-eig-v3: 26`): the union above can exceed each, where the files spell a name differently or list different people.",
            ),
            ("unknown", "", "The columns left null for lack of a source."),
            (
                "unknown_reasons",
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
            ("expertise", "", "The expertise slug."),
            ("label", "", "Its French label."),
            (
                "challenges",
                "count",
                "Défis asking for it (the union of both sites' expertises); null when no défi of the promotion is read.",
            ),
            (
                "share_of_challenges",
                "ratio",
                "`challenges` over the promotion's défis.",
            ),
            (
                "fellows_listed",
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
            ("theme", "", "The theme slug."),
            ("label", "", "Its French label."),
            (
                "challenges",
                "count",
                "Défis with it; null when no défi of the promotion is read.",
            ),
            (
                "share_of_challenges",
                "ratio",
                "`challenges` over the promotion's défis.",
            ),
            (
                "fellows_listed",
                "",
                "Always null (themes have no fellows).",
            ),
        ],
    },
    TableDoc {
        name: "stats_by_organisation",
        about: "`stats(by=\"organisation\")`: one row per organisation, most défis first.",
        columns: &[
            ("organisation", "", "Its id."),
            ("name", "", "Its name."),
            ("acronym", "", "Its acronym."),
            ("challenges", "count", "Défis it hosted, across promotions."),
            (
                "promotions",
                "",
                "The promotions of those défis, in programme order.",
            ),
            ("first_promotion", "", "The first of them."),
            ("last_promotion", "", "The last of them."),
        ],
    },
    TableDoc {
        name: "selection_funnel",
        about: "`stats(by=\"funnel\")`: the `funnel` table.",
        columns: FUNNEL,
    },
];

const FUNNEL: &[ColumnDoc] = &[
    ("year", "year", "The year."),
    PROMOTION,
    (
        "candidates",
        "count",
        "Applications (aggregates: « Candidats »).",
    ),
    (
        "interviewed",
        "count",
        "Candidates heard by the jury (« Passages devant un jury »).",
    ),
    ("selected", "count", "Fellows selected (« Lauréats »)."),
    (
        "interview_rate",
        "ratio",
        "`interviewed` over `candidates`.",
    ),
    ("selection_rate", "ratio", "`selected` over `candidates`."),
    (
        "challenges",
        "count",
        "Défis, as the aggregates publish them.",
    ),
    (
        "mentors",
        "count",
        "Mentors, as the aggregates publish them.",
    ),
    (
        "challenges_records",
        "count",
        "Défis of the promotion in the dataset (null when none is read).",
    ),
    (
        "fellows_records",
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
    let built = every_table(&sample);
    let mut out = String::from(
        "# Data dictionary\n\nEvery table of a dataset (`eig export`, `Dataset.tables()` and \
         `Dataset.stats()` in Python), every column, its type in typed exports (Arrow, Parquet, \
         pandas, polars) and its meaning. Counts of records and published figures are never \
         mixed: a count the sources read do not give is null, with its reason, not 0.\n\
         Generated by `eig dictionary`; a test checks this file.\n",
    );
    for doc in DICTIONARY {
        let table = built.iter().find(|t| t.name == doc.name);
        let _ = write!(out, "\n## `{}`\n\n{}\n\n", doc.name, doc.about);
        out.push_str("| column | type | unit | meaning |\n|---|---|---|---|\n");
        for (k, (column, unit, meaning)) in doc.columns.iter().enumerate() {
            let ty = table.map_or("", |t| t.column_type(k).name());
            let _ = writeln!(out, "| `{column}` | {ty} | {unit} | {meaning} |");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_and_column_is_documented_in_order() {
        let all = every_table(&Dataset::empty());
        let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
        let documented: Vec<&str> = DICTIONARY.iter().map(|d| d.name).collect();
        assert_eq!(names, documented);
        for (t, doc) in all.iter().zip(DICTIONARY) {
            let columns: Vec<&str> = doc.columns.iter().map(|c| c.0).collect();
            assert_eq!(t.columns, columns, "{}", t.name);
            assert_eq!(
                t.types.len(),
                t.columns.len(),
                "{}: every column has a type",
                t.name
            );
        }
    }
}
