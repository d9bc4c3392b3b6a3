//! A table for a person, in one language: its columns' names in words, its numbers written
//! the language's way (`0,26` in French), its codes in words (`best_affinity` → « meilleure
//! affinité »), and only the columns that fit a terminal's width. The CSV, JSON, Arrow and
//! Parquet forms keep the stable snake_case names and codes.

use super::{Cell, Table};
use crate::diagnostics::Lang;
use std::fmt::Write as _;

/// Each column's name for a person, in French and in English, by its stable name.
const COLUMNS: &[(&str, &str, &str)] = &[
    // Statistics of a promotion.
    ("promotion", "promotion", "promotion"),
    ("label", "nom", "name"),
    ("name", "nom", "name"),
    ("year", "année", "year"),
    ("challenges", "défis", "défis"),
    ("fellows", "EIG", "fellows"),
    ("mentors", "mentors", "mentors"),
    ("fellows_listed", "EIG listés", "fellows listed"),
    ("mentors_listed", "mentors listés", "mentors listed"),
    ("organisations", "structures", "organisations"),
    (
        "organisations_named",
        "structures nommées",
        "organisations named",
    ),
    (
        "organisations_published",
        "structures publiées",
        "organisations published",
    ),
    ("duration_min", "durée min.", "shortest"),
    ("duration_median", "durée médiane", "median duration"),
    ("duration_max", "durée max.", "longest"),
    ("challenges_published", "défis publiés", "défis published"),
    ("fellows_published", "EIG publiés", "fellows published"),
    ("published_sources", "sources publiées", "published sources"),
    (
        "published_other_values",
        "autres valeurs publiées",
        "other published values",
    ),
    (
        "fellows_listed_by_source",
        "EIG listés par source",
        "fellows listed by source",
    ),
    ("unknown", "inconnus", "unknown"),
    ("unknown_reasons", "raisons", "reasons"),
    ("expertise", "expertise", "expertise"),
    ("theme", "thématique", "theme"),
    ("share_of_challenges", "part des défis", "share of défis"),
    ("organisation", "structure", "organisation"),
    ("acronym", "sigle", "acronym"),
    ("promotions", "promotions", "promotions"),
    ("first_promotion", "première promotion", "first promotion"),
    ("last_promotion", "dernière promotion", "last promotion"),
    // The selection funnel.
    ("candidates", "candidats", "candidates"),
    ("interviewed", "auditionnés", "interviewed"),
    ("selected", "retenus", "selected"),
    ("interview_rate", "taux d'audition", "interview rate"),
    ("selection_rate", "taux de sélection", "selection rate"),
    ("challenges_records", "fiches de défis", "défi records"),
    ("fellows_records", "fiches d'EIG", "fellow records"),
    // Team formation's policies compared.
    ("policy", "politique", "policy"),
    ("placed", "placés", "placed"),
    ("first_choice_rate", "premier choix", "first choice"),
    ("mean_rank", "rang moyen", "mean rank"),
    ("seats", "postes", "seats"),
    ("unfilled_seats", "postes vides", "empty seats"),
    ("total_score", "note totale", "total score"),
    ("welfare", "bien-être", "welfare"),
    ("blocking_pairs", "paires bloquantes", "blocking pairs"),
    (
        "teams_below_minimum",
        "équipes trop petites",
        "teams too small",
    ),
    // Mentor matching's pairs.
    ("team", "équipe", "team"),
    ("follower", "suivi par", "followed by"),
    ("kind", "rôle", "role"),
    ("affinity", "affinité", "affinity"),
    ("load", "charge", "load"),
    ("bound_by", "limité par", "bound by"),
    ("conflicts", "conflits", "conflicts"),
];

/// The columns whose cells are codes (the others hold names and identifiers, kept as they
/// are: a team named `load` stays `load`).
const CODE_COLUMNS: &[&str] = &["policy", "kind", "bound_by"];

/// Codes a person reads in a table's cells, in words.
const VALUES: &[(&str, &str, &str)] = &[
    ("stable", "stable", "stable"),
    ("optimal", "optimale", "optimal"),
    ("referent", "référent", "référent"),
    ("buddy", "binôme", "buddy"),
    ("best_affinity", "meilleure affinité", "best affinity"),
    ("load", "charge", "load"),
];

/// A column's name for a person in `lang`: its words, else the name with spaces.
#[must_use]
pub fn column_label(column: &str, lang: Lang) -> String {
    COLUMNS.iter().find(|(c, _, _)| *c == column).map_or_else(
        || column.replace('_', " "),
        |(_, fr, en)| match lang {
            Lang::Fr => (*fr).to_owned(),
            Lang::En => (*en).to_owned(),
        },
    )
}

/// A decimal number in `lang`'s way, with `decimals` decimals (`0,26`).
#[must_use]
pub fn decimal(x: f64, decimals: usize, lang: Lang) -> String {
    let s = format!("{x:.decimals$}");
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A decimal number in `lang`'s way with at most `decimals` decimals, the trailing zeros left
/// out (`9,3`, `3`, `0.25`).
#[must_use]
pub fn decimal_trimmed(x: f64, decimals: usize, lang: Lang) -> String {
    let s = decimal(x, decimals, lang);
    let mark = if lang == Lang::Fr { ',' } else { '.' };
    if s.contains(mark) {
        s.trim_end_matches('0').trim_end_matches(mark).to_owned()
    } else {
        s
    }
}

impl Cell {
    /// The cell for a person in `lang`; a code in words when its column holds codes.
    fn to_words(&self, lang: Lang, codes: bool) -> String {
        match self {
            Self::Float(Some(x)) => decimal(*x, 2, lang),
            Self::Bool(Some(b)) => match (b, lang) {
                (true, Lang::Fr) => "oui",
                (false, Lang::Fr) => "non",
                (true, Lang::En) => "yes",
                (false, Lang::En) => "no",
            }
            .to_owned(),
            Self::Text(Some(t)) if codes => {
                VALUES.iter().find(|(code, _, _)| code == t).map_or_else(
                    || t.clone(),
                    |(_, fr, en)| match lang {
                        Lang::Fr => (*fr).to_owned(),
                        Lang::En => (*en).to_owned(),
                    },
                )
            }
            other => other.to_text(),
        }
    }
}

impl Table {
    /// Aligned columns for a person in `lang`, at most `width` characters wide: the columns
    /// that fit, in order (the first always), and the names of those left out, which the
    /// caller can say how to see (the CSV and JSON forms hold every one).
    ///
    /// ```
    /// use eig::diagnostics::Lang;
    /// use eig::table::{Cell, Table};
    /// let mut t = Table::new("funnel", &["year", "interview_rate", "unknown_reasons"]);
    /// t.rows.push(vec![Cell::Int(Some(2017)), Cell::Float(Some(0.26)),
    ///                  Cell::Text(Some("x".repeat(60)))]);
    /// let (text, left_out) = t.to_text_in(Lang::Fr, 40);
    /// assert_eq!(text, "année  taux d'audition\n2017   0,26\n");
    /// assert_eq!(left_out, ["raisons"]);
    /// ```
    #[must_use]
    pub fn to_text_in(&self, lang: Lang, width: usize) -> (String, Vec<String>) {
        const WIDEST: usize = 48;
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(k, c)| {
                        let codes = self
                            .columns
                            .get(k)
                            .is_some_and(|n| CODE_COLUMNS.contains(&n.as_str()));
                        c.to_words(lang, codes)
                    })
                    .collect()
            })
            .collect();
        let labels: Vec<String> = self.columns.iter().map(|c| column_label(c, lang)).collect();
        let widths: Vec<usize> = labels
            .iter()
            .enumerate()
            .map(|(k, label)| {
                cells
                    .iter()
                    .filter_map(|r| r.get(k))
                    .map(|v| v.chars().count())
                    .chain([label.chars().count()])
                    .max()
                    .unwrap_or(0)
                    .min(WIDEST)
            })
            .collect();
        let mut kept = 0;
        let mut used = 0;
        for (k, w) in widths.iter().enumerate() {
            let more = if k == 0 { *w } else { w + 2 };
            if k > 0 && used + more > width {
                break;
            }
            used += more;
            kept += 1;
        }
        let mut out = String::new();
        let mut line = |values: &[String]| {
            let parts: Vec<String> = values
                .iter()
                .take(kept)
                .enumerate()
                .map(|(k, v)| {
                    let v: String = v.chars().take(WIDEST).collect();
                    format!("{v:<w$}", w = widths[k])
                })
                .collect();
            let _ = writeln!(out, "{}", parts.join("  ").trim_end());
        };
        line(&labels);
        for r in &cells {
            line(r);
        }
        (out, labels.into_iter().skip(kept).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every column a person reads has its words in both languages: no snake_case name.
    #[test]
    fn every_label_is_words() {
        for (code, fr, en) in COLUMNS.iter().chain(VALUES) {
            for words in [fr, en] {
                assert!(!words.contains('_'), "{code}: {words}");
            }
        }
    }
}
