//! Themes and expertises: the sites' labels and codes, mapped to the library's slugs.

use super::reader::Ctx;
use crate::diagnostics::message::{self, Kept};
use crate::model::{EXPERTISES, THEMES, Term};
use crate::text::{fold, slug};
use std::collections::HashSet;

fn find(terms: &'static [Term], label: &str) -> Option<&'static Term> {
    let key = fold(label);
    terms.iter().find(|t| {
        fold(t.label_fr) == key
            || t.slug == key
            || slug(label) == t.slug
            || t.legacy_codes.contains(&key.as_str())
    })
}

/// The library's expertise for a label (`Data science`) or a first-site code (`datascience`).
pub(crate) fn expertise(label: &str) -> Option<&'static Term> {
    find(EXPERTISES, label)
}

/// The library's theme for a label (`Sécurité`).
pub(crate) fn theme(label: &str) -> Option<&'static Term> {
    find(THEMES, label)
}

/// The expertise slug of a first-site profile (`Data scientist`, `Développeuse`), folded.
pub(crate) fn expertise_of_profile(folded: &str) -> Option<&'static str> {
    Some(match folded {
        "data scientist" | "data science" => "data-science",
        "data engineer" | "data engineering" => "data-engineering",
        "designer" | "designeuse" | "design" => "design",
        "developpeur" | "developpeuse" | "developpement" | "dev" => "developpement",
        "geomaticien" | "geomaticienne" | "geomatique" => "geomatique",
        "juriste" => "juriste",
        _ => return expertise(folded).map(|t| t.slug),
    })
}

/// The terms a source defines itself (the current site's `themes/` and `expertises/`), on top
/// of the library's.
#[derive(Debug, Default, Clone)]
pub(crate) struct Vocabulary {
    pub(crate) themes: HashSet<String>,
    pub(crate) expertises: HashSet<String>,
}

impl Vocabulary {
    fn map(
        &self,
        ctx: &mut Ctx<'_>,
        file: &str,
        path: &str,
        labels: &[String],
        theme: bool,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            let term = if theme {
                self::theme(label)
            } else {
                expertise(label)
            };
            let id = term.map_or_else(|| slug(label), |t| t.slug.to_owned());
            let defined = if theme {
                &self.themes
            } else {
                &self.expertises
            };
            if term.is_none() && !defined.contains(&fold(label)) {
                let kind = if theme {
                    message::Term::Theme
                } else {
                    message::Term::Expertise
                };
                ctx.anomaly(
                    file,
                    message::term_unknown(format!("{path}/{i}"), kind, label, Kept::AsSlug(&id)),
                );
            }
            if !id.is_empty() && !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// Expertise slugs of labels or codes; unknown ones are slugified and reported.
    pub(crate) fn expertises(
        &self,
        ctx: &mut Ctx<'_>,
        file: &str,
        path: &str,
        labels: &[String],
    ) -> Vec<String> {
        self.map(ctx, file, path, labels, false)
    }

    /// Theme slugs of labels; unknown ones are slugified and reported.
    pub(crate) fn themes(
        &self,
        ctx: &mut Ctx<'_>,
        file: &str,
        path: &str,
        labels: &[String],
    ) -> Vec<String> {
        self.map(ctx, file, path, labels, true)
    }
}
