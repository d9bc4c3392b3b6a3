//! Statistics of the programme's history, and its entities as tables for notebooks.
//!
//! Everything reads a [`Dataset`] (see [`crate::import`]). Counts are of records as published:
//! `fellows` and `mentors` count the names a défi lists, `fellows_listed` and `mentors_listed`
//! count the people whose roles place them in the promotion (the people files), so that the two
//! sites' figures can be compared.

use crate::diagnostics::InvalidDocument;
use crate::model::{
    CommunityRole, Dataset, PromotionId, PublishedFigure, SourceKind, UnknownReason,
    aggregates_promotion,
};
use crate::table::{Cell, Table};
use crate::validate::{Checked, load_document};

mod dictionary;
mod document;
pub use dictionary::{ColumnDoc, DICTIONARY, TableDoc, dictionary_markdown, every_table};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Loads a dataset file (JSON), checking it against its schema and its references.
///
/// # Errors
/// [`InvalidDocument`] with every violation when it is not a valid dataset.
pub fn load_dataset(bytes: &[u8]) -> Result<Dataset, InvalidDocument> {
    load_document::<Dataset>(bytes).map(Checked::into_inner)
}

/// A count the sources do not give, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownCount {
    /// The column it leaves null (`challenges`).
    pub column: String,
    /// Why.
    pub reason: UnknownReason,
    /// Which source would have it, in a sentence.
    pub detail: String,
}

/// A published figure chosen for a promotion, and the other values published for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChosenFigure {
    /// The value kept.
    pub value: f64,
    /// Where it is published.
    pub source: String,
    /// The other values published for the same measure, with their sources.
    pub others: Vec<(f64, String)>,
}

/// The figures of one promotion.
///
/// Counts of records (`challenges`, `fellows`...) are computed from the dataset and are null
/// when the sources read do not give them (see `unknown`); figures the programme published
/// (`challenges_published`, `fellows_published`) come from [`Dataset::figures`], chosen by
/// [`published_figure`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotionStats {
    /// The promotion.
    pub promotion: PromotionId,
    /// Its public name.
    pub label: String,
    /// The year it started.
    pub year: Option<u16>,
    /// Défis in the dataset; null when no source read holds a défi of the promotion.
    pub challenges: Option<u32>,
    /// Fellows named by its défis; null when no défi read lists its fellows.
    pub fellows: Option<u32>,
    /// Mentors named by its défis; null when no défi read lists its mentors.
    pub mentors: Option<u32>,
    /// People with a fellow role in it (people files); null when none is listed.
    pub fellows_listed: Option<u32>,
    /// People with a mentor role in it (people files); null when none is listed.
    pub mentors_listed: Option<u32>,
    /// Distinct host organisations of its défis (a ministry named beside one of its own
    /// services is not counted: the service hosts); null with `challenges`.
    pub organisations: Option<u32>,
    /// Distinct organisations its défis name, ministries beside their services included.
    pub organisations_named: Option<u32>,
    /// Shortest immersion, in months.
    pub duration_min: Option<u16>,
    /// Median immersion, in months.
    pub duration_median: Option<f64>,
    /// Longest immersion, in months.
    pub duration_max: Option<u16>,
    /// Défis per expertise slug.
    pub expertises: BTreeMap<String, u32>,
    /// Défis per theme slug.
    pub themes: BTreeMap<String, u32>,
    /// The number of défis the programme published for it.
    pub challenges_published: Option<ChosenFigure>,
    /// The number of fellows the programme published for it.
    pub fellows_published: Option<ChosenFigure>,
    /// The counts left null, and why.
    pub unknown: Vec<UnknownCount>,
}

/// The published figure of `measure` for `promotion`: the aggregates' first (structured
/// data from the programme), then a file of a source read (a blog post), then a web page
/// cited; every other value published for it is listed beside.
#[must_use]
pub fn published_figure(
    dataset: &Dataset,
    promotion: &PromotionId,
    measure: &str,
) -> Option<ChosenFigure> {
    let tier = |f: &PublishedFigure| match f.source.source {
        Some(SourceKind::EigCharts) => 0,
        Some(_) => 1,
        None => 2,
    };
    let mut found: Vec<&PublishedFigure> = dataset
        .figures
        .iter()
        .filter(|f| f.measure == measure && f.promotion.as_ref() == Some(promotion))
        .filter(|f| f.value.is_some())
        .collect();
    found.sort_by_key(|f| tier(f));
    let (first, rest) = found.split_first()?;
    let value = first.value?;
    let mut others: Vec<(f64, String)> = Vec::new();
    for f in rest {
        if let Some(v) = f.value
            && v != value
            && !others.iter().any(|o| o.0 == v)
        {
            others.push((v, f.source.cite()));
        }
    }
    Some(ChosenFigure {
        value,
        source: first.source.cite(),
        others,
    })
}

/// A person's role in a promotion, merged across the sources that state it.
struct MergedRole<'a> {
    role: CommunityRole,
    promotion: Option<&'a PromotionId>,
    /// The first source's expertise that gives one (the current site's first).
    expertise: Option<String>,
    /// True only when every source's role is inferred.
    inferred: bool,
    challenges: Vec<String>,
    unresolved: Vec<String>,
    sources: Vec<String>,
}

/// One row per role and promotion, in the order of the person's roles.
fn merge_roles(roles: &[crate::model::PersonRole]) -> Vec<MergedRole<'_>> {
    let mut out: Vec<MergedRole<'_>> = Vec::new();
    for r in roles {
        let k = out
            .iter()
            .position(|m| m.role == r.role && m.promotion == r.promotion.as_ref());
        let m = if let Some(k) = k {
            &mut out[k]
        } else {
            out.push(MergedRole {
                role: r.role,
                promotion: r.promotion.as_ref(),
                expertise: None,
                inferred: true,
                challenges: Vec::new(),
                unresolved: Vec::new(),
                sources: Vec::new(),
            });
            out.last_mut().expect("just pushed")
        };
        if m.expertise.is_none() || r.source == SourceKind::SiteEigV3 && r.expertise.is_some() {
            m.expertise = r.expertise.clone().or(m.expertise.take());
        }
        m.inferred &= r.inferred;
        for c in &r.challenges {
            if !m.challenges.contains(c) {
                m.challenges.push(c.clone());
            }
        }
        for u in &r.unresolved {
            if !m.unresolved.contains(u) {
                m.unresolved.push(u.clone());
            }
        }
        let source = r.source.name().to_owned();
        if !m.sources.contains(&source) {
            m.sources.push(source);
        }
    }
    out
}

/// A défi's host organisations: those it names, less a ministry named beside one of its own
/// services (the parent the dataset gives the service).
fn host_organisations<'a>(
    dataset: &'a Dataset,
    c: &'a crate::model::DatasetChallenge,
) -> impl Iterator<Item = &'a str> {
    let parents: BTreeSet<String> = c
        .organisations
        .iter()
        .filter_map(|id| dataset.organisations.iter().find(|o| o.id == *id))
        .filter_map(|o| o.parent.as_deref())
        .map(crate::text::slug)
        .collect();
    c.organisations
        .iter()
        .map(String::as_str)
        .filter(move |id| !parents.contains(*id))
}

/// Whether a source that names a défi's fellows and mentors (the first site) published it.
fn names_listed(c: &crate::model::DatasetChallenge) -> bool {
    c.sources.iter().any(|s| s.source == SourceKind::SiteEig)
}

/// A figure as a count, when it is a whole number that fits.
fn whole(v: f64) -> Option<u32> {
    // The checks make the cast exact (a cast saturates, it never wraps).
    (v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v)).then_some(v as u32)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn median(sorted: &[u16]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    Some(if n % 2 == 1 {
        f64::from(sorted[n / 2])
    } else {
        (f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0
    })
}

/// The people a people file (of `source`, or of any) places in this promotion with this role
/// (inferred roles are not counted); none when nobody is.
fn listed(
    dataset: &Dataset,
    promotion: &PromotionId,
    role: CommunityRole,
    source: Option<SourceKind>,
) -> Option<u32> {
    let n = dataset
        .people
        .iter()
        .filter(|p| {
            p.roles.iter().any(|r| {
                r.role == role
                    && !r.inferred
                    && r.promotion.as_ref() == Some(promotion)
                    && source.is_none_or(|s| r.source == s)
            })
        })
        .count();
    (n > 0).then(|| count(n))
}

/// The figures of every promotion, in historical order.
#[must_use]
pub fn promotion_stats(dataset: &Dataset) -> Vec<PromotionStats> {
    dataset
        .promotions
        .iter()
        .map(|p| {
            let challenges: Vec<_> = dataset
                .challenges
                .iter()
                .filter(|c| c.promotion == p.id)
                .collect();
            let mut durations: Vec<u16> = challenges
                .iter()
                .filter_map(|c| c.duration_months)
                .collect();
            durations.sort_unstable();
            let named: BTreeSet<&str> = challenges
                .iter()
                .flat_map(|c| c.organisations.iter().map(String::as_str))
                .collect();
            let organisations: BTreeSet<&str> = challenges
                .iter()
                .flat_map(|c| host_organisations(dataset, c))
                .collect();
            let mut expertises = BTreeMap::new();
            let mut themes = BTreeMap::new();
            for c in &challenges {
                for e in &c.expertises {
                    *expertises.entry(e.clone()).or_insert(0) += 1;
                }
                for t in &c.themes {
                    *themes.entry(t.clone()).or_insert(0) += 1;
                }
            }
            let mut unknown = Vec::new();
            let mut unknown_if =
                |column: &str, missing: bool, reason: UnknownReason, detail: &str| {
                    if missing {
                        unknown.push(UnknownCount {
                            column: column.to_owned(),
                            reason,
                            detail: detail.to_owned(),
                        });
                    }
                };
            let no_challenges = challenges.is_empty();
            let no_challenge_detail = format!(
                "no défi of {} in the sources read (site-eig-v3 publishes every promotion's in \
                 site/content/defis/)",
                p.label
            );
            for column in ["challenges", "organisations", "organisations_named"] {
                unknown_if(
                    column,
                    no_challenges,
                    UnknownReason::NotInSources,
                    &no_challenge_detail,
                );
            }
            // Only the first site's défis list their fellows and mentors by name.
            let names_listed = challenges.iter().any(|c| names_listed(c));
            let names_detail = format!(
                "no défi of {} read from a source that names its fellows and mentors (only \
                 site-eig's _data/defis.yml does, for EIG 1 to 4 and DIG)",
                p.label
            );
            for column in ["fellows", "mentors"] {
                unknown_if(
                    column,
                    !names_listed,
                    UnknownReason::NotInSources,
                    &names_detail,
                );
            }
            let fellows_listed = listed(dataset, &p.id, CommunityRole::Fellow, None);
            let mentors_listed = listed(dataset, &p.id, CommunityRole::Mentor, None);
            unknown_if(
                "fellows_listed",
                fellows_listed.is_none(),
                UnknownReason::NotInSources,
                &format!("no person file read places a fellow in {}", p.label),
            );
            unknown_if(
                "mentors_listed",
                mentors_listed.is_none(),
                UnknownReason::NotInSources,
                &format!("no person file read places a mentor in {}", p.label),
            );
            PromotionStats {
                promotion: p.id.clone(),
                label: p.label.clone(),
                year: p.year,
                challenges: (!no_challenges).then(|| count(challenges.len())),
                fellows: names_listed
                    .then(|| count(challenges.iter().map(|c| c.fellows.len()).sum())),
                mentors: names_listed
                    .then(|| count(challenges.iter().map(|c| c.mentors.len()).sum())),
                fellows_listed,
                mentors_listed,
                organisations: (!no_challenges).then(|| count(organisations.len())),
                organisations_named: (!no_challenges).then(|| count(named.len())),
                duration_min: durations.first().copied(),
                duration_median: median(&durations),
                duration_max: durations.last().copied(),
                expertises,
                themes,
                challenges_published: published_figure(dataset, &p.id, "challenges"),
                fellows_published: published_figure(dataset, &p.id, "fellows"),
                unknown,
            }
        })
        .collect()
}

/// What [`stats`] groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum By {
    /// One row per promotion: counts and durations.
    Promotion,
    /// One row per promotion and expertise: défis asking for it, fellows of it.
    Expertise,
    /// One row per promotion and theme.
    Theme,
    /// One row per organisation: défis across promotions.
    Organisation,
    /// One row per year of the published selection funnel, beside the dataset's counts.
    Funnel,
}

/// A statistics table.
#[must_use]
pub fn stats(dataset: &Dataset, by: By) -> Table {
    match by {
        By::Promotion => by_promotion(dataset),
        By::Expertise => by_term(dataset, false),
        By::Theme => by_term(dataset, true),
        By::Organisation => by_organisation(dataset),
        By::Funnel => funnel(dataset),
    }
}

fn by_promotion(dataset: &Dataset) -> Table {
    let mut t = dictionary::documented("stats_by_promotion", dataset);
    for s in promotion_stats(dataset) {
        let by_source: Vec<String> = [SourceKind::SiteEig, SourceKind::SiteEigV3]
            .into_iter()
            .filter_map(|source| {
                listed(dataset, &s.promotion, CommunityRole::Fellow, Some(source))
                    .map(|n| format!("{source}: {n}"))
            })
            .collect();
        let mut sources = Vec::new();
        let mut others = Vec::new();
        for (measure, figure) in [
            ("challenges", &s.challenges_published),
            ("fellows", &s.fellows_published),
        ] {
            if let Some(f) = figure {
                sources.push(format!("{measure}: {}", f.source));
                for (v, source) in &f.others {
                    others.push(format!("{measure}: {v} ({source})"));
                }
            }
        }
        let hosts_published = published_figure(dataset, &s.promotion, "host_organisations")
            .and_then(|f| whole(f.value));
        t.rows.push(vec![
            Cell::Text(Some(s.promotion.0)),
            Cell::Text(Some(s.label)),
            Cell::Int(s.year.map(u32::from)),
            Cell::Int(s.challenges),
            Cell::Int(s.fellows),
            Cell::Int(s.mentors),
            Cell::Int(s.fellows_listed),
            Cell::Int(s.mentors_listed),
            Cell::Int(s.organisations),
            Cell::Int(s.organisations_named),
            Cell::Int(hosts_published),
            Cell::Int(s.duration_min.map(u32::from)),
            Cell::Float(s.duration_median),
            Cell::Int(s.duration_max.map(u32::from)),
            Cell::Int(s.challenges_published.as_ref().and_then(|f| whole(f.value))),
            Cell::Int(s.fellows_published.as_ref().and_then(|f| whole(f.value))),
            Cell::List(sources),
            Cell::List(others),
            Cell::List(by_source),
            Cell::List(s.unknown.iter().map(|u| u.column.clone()).collect()),
            Cell::List(
                s.unknown
                    .iter()
                    .map(|u| format!("{}: {}: {}", u.column, u.reason.as_str(), u.detail))
                    .collect(),
            ),
        ]);
    }
    t
}

fn by_term(dataset: &Dataset, theme: bool) -> Table {
    let name = if theme {
        "stats_by_theme"
    } else {
        "stats_by_expertise"
    };
    let mut t = dictionary::documented(name, dataset);
    let terms = if theme {
        &dataset.themes
    } else {
        &dataset.expertises
    };
    let label = |id: &str| {
        terms
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_owned(), |t| t.label.clone())
    };
    for p in &dataset.promotions {
        let challenges: Vec<_> = dataset
            .challenges
            .iter()
            .filter(|c| c.promotion == p.id)
            .collect();
        let mut per: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for c in &challenges {
            let ids = if theme { &c.themes } else { &c.expertises };
            for id in ids {
                per.entry(id.clone()).or_default().0 += 1;
            }
        }
        if !theme {
            for person in &dataset.people {
                let expertises: BTreeSet<&String> = person
                    .roles
                    .iter()
                    .filter(|r| {
                        r.role == CommunityRole::Fellow && r.promotion.as_ref() == Some(&p.id)
                    })
                    .filter_map(|r| r.expertise.as_ref())
                    .collect();
                for e in expertises {
                    per.entry(e.clone()).or_default().1 += 1;
                }
            }
        }
        for (id, (n, fellows)) in per {
            t.rows.push(vec![
                Cell::Text(Some(p.id.0.clone())),
                Cell::Text(Some(id.clone())),
                Cell::Text(Some(label(&id))),
                // Null, not 0, when no défi of the promotion is read.
                Cell::Int((!challenges.is_empty()).then_some(n)),
                Cell::Float(
                    (!challenges.is_empty())
                        .then(|| f64::from(n) / f64::from(count(challenges.len()))),
                ),
                Cell::Int((!theme).then_some(fellows)),
            ]);
        }
    }
    t
}

fn by_organisation(dataset: &Dataset) -> Table {
    let mut t = dictionary::documented("stats_by_organisation", dataset);
    let rank = |p: &PromotionId| {
        dataset
            .promotions
            .iter()
            .position(|x| x.id == *p)
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<(u32, String, Vec<Cell>)> = Vec::new();
    for o in &dataset.organisations {
        let mut promotions: Vec<&PromotionId> = o
            .challenges
            .iter()
            .filter_map(|id| dataset.challenge(id).map(|c| &c.promotion))
            .collect();
        promotions.sort_by_key(|p| rank(p));
        promotions.dedup();
        let n = count(o.challenges.len());
        rows.push((
            n,
            o.id.clone(),
            vec![
                Cell::Text(Some(o.id.clone())),
                Cell::Text(Some(o.name.clone())),
                Cell::Text(o.acronym.clone()),
                Cell::Int(Some(n)),
                Cell::List(promotions.iter().map(|p| p.0.clone()).collect()),
                Cell::Text(promotions.first().map(|p| p.0.clone())),
                Cell::Text(promotions.last().map(|p| p.0.clone())),
            ],
        ));
    }
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    t.rows = rows.into_iter().map(|r| r.2).collect();
    t
}

fn funnel(dataset: &Dataset) -> Table {
    let mut t = dictionary::documented("selection_funnel", dataset);
    let stats = promotion_stats(dataset);
    for f in &dataset.funnel {
        let s = f
            .promotion
            .as_ref()
            .and_then(|p| stats.iter().find(|s| s.promotion == *p));
        let rate = |a: Option<u32>, b: Option<u32>| match (a, b) {
            (Some(a), Some(b)) if b > 0 => Some(f64::from(a) / f64::from(b)),
            _ => None,
        };
        t.rows.push(vec![
            Cell::Int(Some(u32::from(f.year))),
            Cell::Text(f.promotion.as_ref().map(|p| p.0.clone())),
            Cell::Int(f.candidates),
            Cell::Int(f.interviewed),
            Cell::Int(f.selected),
            Cell::Float(rate(f.interviewed, f.candidates)),
            Cell::Float(rate(f.selected, f.candidates)),
            Cell::Int(f.challenges),
            Cell::Int(f.mentors),
            Cell::Int(s.and_then(|s| s.challenges)),
            Cell::Int(s.and_then(|s| s.fellows)),
        ]);
    }
    t
}

/// A stable pseudonym for a person's id: `person-` and 12 hex digits of FNV-1a.
#[must_use]
pub fn pseudonym(id: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("person-{:012x}", h & 0xffff_ffff_ffff)
}

/// How [`tables`] treats people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Replace people's names by stable pseudonyms ([`pseudonym`]) and défis' lists of fellows
    /// and mentors by their counts only.
    pub pseudonymise: bool,
}

/// The dataset's entities as tables, one per entity, with stable column names: `promotions`,
/// `challenges`, `organisations`, `people`, `roles` (one row per person and role), `funnel`.
#[must_use]
pub fn tables(dataset: &Dataset, options: ExportOptions) -> Vec<Table> {
    let named = |names: &[String]| -> Cell {
        if options.pseudonymise {
            Cell::List(Vec::new())
        } else {
            Cell::List(names.to_vec())
        }
    };
    let person_name = |id: &str, name: &str| -> String {
        if options.pseudonymise {
            pseudonym(id)
        } else {
            name.to_owned()
        }
    };
    let mut promotions = dictionary::documented("promotions", dataset);
    for p in &dataset.promotions {
        promotions.rows.push(vec![
            Cell::Text(Some(p.id.0.clone())),
            Cell::Text(Some(p.label.clone())),
            Cell::Int(p.year.map(u32::from)),
            Cell::List(p.labels.clone()),
            // Null, not 0, when no source read holds a défi of the promotion.
            Cell::Int(
                Some(count(
                    dataset
                        .challenges
                        .iter()
                        .filter(|c| c.promotion == p.id)
                        .count(),
                ))
                .filter(|n| *n > 0),
            ),
        ]);
    }
    let mut challenges = dictionary::documented("challenges", dataset);
    for c in &dataset.challenges {
        challenges.rows.push(vec![
            Cell::Text(Some(c.id.clone())),
            Cell::Text(Some(c.promotion.0.clone())),
            Cell::Text(Some(c.title.clone())),
            Cell::Text(c.description.clone()),
            Cell::Text(c.administration.clone()),
            Cell::List(c.organisations.clone()),
            Cell::Text(c.town.clone()),
            Cell::List(c.themes.clone()),
            Cell::List(c.expertises.clone()),
            Cell::Int(c.duration_months.map(u32::from)),
            // Only the first site names a défi's fellows and mentors: elsewhere the count is
            // unknown, not 0.
            Cell::Int(names_listed(c).then(|| count(c.fellows.len()))),
            Cell::Int(names_listed(c).then(|| count(c.mentors.len()))),
            named(&c.fellows),
            named(&c.mentors),
            Cell::Int(Some(count(c.key_figures.len()))),
            Cell::Text(c.source_code.clone()),
            Cell::Text(c.website.clone()),
            Cell::Bool(c.startup),
            Cell::Text(c.startup_url.clone()),
            Cell::Text(c.published_at.clone()),
            Cell::Int(c.year.map(u32::from)),
            Cell::List(
                c.sources
                    .iter()
                    .map(|s| s.source.name().to_owned())
                    .collect(),
            ),
            Cell::List(c.conflicts.iter().map(|x| x.field.clone()).collect()),
        ]);
    }
    let mut organisations = dictionary::documented("organisations", dataset);
    for o in &dataset.organisations {
        organisations.rows.push(vec![
            Cell::Text(Some(o.id.clone())),
            Cell::Text(Some(o.name.clone())),
            Cell::Text(o.acronym.clone()),
            Cell::List(o.aliases.clone()),
            Cell::Text(o.parent.clone()),
            Cell::List(o.challenges.clone()),
        ]);
    }
    let mut people = dictionary::documented("people", dataset);
    let mut roles = dictionary::documented("roles", dataset);
    let mut by_source = dictionary::documented("roles_by_source", dataset);
    let mut fellowships = dictionary::documented("fellowships", dataset);
    for p in &dataset.people {
        let person = if options.pseudonymise {
            pseudonym(&p.id)
        } else {
            p.id.clone()
        };
        let mut role_names: Vec<String> = Vec::new();
        let mut promos: Vec<String> = Vec::new();
        let mut defis: Vec<String> = Vec::new();
        for r in &p.roles {
            let role = r.role.as_str().to_owned();
            if !role_names.contains(&role) {
                role_names.push(role.clone());
            }
            if let Some(pr) = &r.promotion
                && !promos.contains(&pr.0)
            {
                promos.push(pr.0.clone());
            }
            for c in &r.challenges {
                if !defis.contains(c) {
                    defis.push(c.clone());
                }
            }
            by_source.rows.push(vec![
                Cell::Text(Some(person.clone())),
                Cell::Text(Some(role)),
                Cell::Text(r.promotion.as_ref().map(|x| x.0.clone())),
                Cell::Text(r.expertise.clone()),
                Cell::Bool(Some(r.inferred)),
                Cell::List(r.challenges.clone()),
                Cell::List(r.unresolved.clone()),
                Cell::Text(Some(r.source.name().to_owned())),
            ]);
        }
        for merged in merge_roles(&p.roles) {
            if merged.role == CommunityRole::Fellow {
                let challenges: Vec<Option<&String>> = if merged.challenges.is_empty() {
                    vec![None]
                } else {
                    merged.challenges.iter().map(Some).collect()
                };
                for c in challenges {
                    fellowships.rows.push(vec![
                        Cell::Text(Some(person.clone())),
                        Cell::Text(c.cloned()),
                        Cell::Text(merged.promotion.map(|x| x.0.clone())),
                        Cell::Text(merged.expertise.clone()),
                        Cell::Bool(Some(merged.inferred)),
                        Cell::List(merged.sources.clone()),
                    ]);
                }
            }
            roles.rows.push(vec![
                Cell::Text(Some(person.clone())),
                Cell::Text(Some(merged.role.as_str().to_owned())),
                Cell::Text(merged.promotion.map(|x| x.0.clone())),
                Cell::Text(merged.expertise),
                Cell::Bool(Some(merged.inferred)),
                Cell::List(merged.challenges),
                Cell::List(merged.unresolved),
                Cell::List(merged.sources),
            ]);
        }
        people.rows.push(vec![
            Cell::Text(Some(person)),
            Cell::Text(Some(person_name(&p.id, &p.name))),
            Cell::List(role_names),
            Cell::List(promos),
            Cell::List(defis),
            Cell::List(
                p.sources
                    .iter()
                    .map(|s| s.source.name().to_owned())
                    .collect(),
            ),
        ]);
    }
    let mut funnel = funnel(dataset);
    funnel.name = "funnel".to_owned();
    vec![
        promotions,
        challenges,
        organisations,
        people,
        roles,
        by_source,
        fellowships,
        conflicts(dataset, options),
        funnel,
        figures(dataset),
        map(dataset),
        activities(dataset),
    ]
}

/// What happened per défi and date: one row per line of the progress log or session of the
/// calendar.
fn activities(dataset: &Dataset) -> Table {
    let mut t = dictionary::documented("activities", dataset);
    for a in &dataset.activities {
        let line = a
            .source
            .key
            .as_deref()
            .and_then(|k| k.strip_prefix("line "))
            .and_then(|n| n.parse().ok());
        t.rows.push(vec![
            Cell::Text(Some(a.kind.as_str().to_owned())),
            Cell::Text(a.promotion.as_ref().map(|p| p.0.clone())),
            Cell::Text(Some(a.label.clone())),
            Cell::Text(a.challenge.clone()),
            Cell::Text(a.date.clone()),
            Cell::Text(a.end_date.clone()),
            Cell::Text(a.deliverable.clone()),
            Cell::Text(a.task.clone()),
            Cell::List(a.categories.clone()),
            Cell::Text(a.news.map(|n| {
                match n {
                    1 => "good",
                    -1 => "bad",
                    _ => "neutral",
                }
                .to_owned()
            })),
            Cell::Text(a.place.clone()),
            Cell::Bool(Some(a.cancelled)),
            Cell::Text(Some(a.source.file.clone())),
            Cell::Int(line),
        ]);
    }
    t
}

/// Where the sources disagree: one row per record, field and source, with the value kept and
/// the rule that chose it.
fn conflicts(dataset: &Dataset, options: ExportOptions) -> Table {
    let mut t = dictionary::documented("conflicts", dataset);
    let mut push =
        |entity: &str, record: &str, c: &crate::model::Conflict, kept: Option<String>| {
            for v in &c.values {
                t.rows.push(vec![
                    Cell::Text(Some(entity.to_owned())),
                    Cell::Text(Some(record.to_owned())),
                    Cell::Text(Some(c.field.clone())),
                    Cell::Text(Some(v.source.name().to_owned())),
                    Cell::Text(Some(v.value.to_string())),
                    Cell::Text(kept.clone()),
                    Cell::Text(Some(c.rule.as_str().to_owned())),
                ]);
            }
        };
    for ch in &dataset.challenges {
        let record = serde_json::to_value(ch).unwrap_or_default();
        for c in &ch.conflicts {
            let kept = record.get(&c.field).map(ToString::to_string);
            push("challenge", &ch.id, c, kept);
        }
    }
    for p in &dataset.people {
        let id = if options.pseudonymise {
            pseudonym(&p.id)
        } else {
            p.id.clone()
        };
        for c in &p.conflicts {
            let kept = match c.rule {
                crate::model::ConflictRule::CurrentSiteFirst => c
                    .values
                    .iter()
                    .find(|v| v.source == SourceKind::SiteEigV3)
                    .map(|v| v.value.to_string()),
                _ => None,
            };
            push("person", &id, c, kept);
        }
    }
    t
}

/// The published figures, one row each, with their source: kept apart from the counts of
/// records.
fn figures(dataset: &Dataset) -> Table {
    let mut t = dictionary::documented("figures", dataset);
    for f in &dataset.figures {
        t.rows.push(vec![
            Cell::Text(f.promotion.as_ref().map(|p| p.0.clone())),
            Cell::Int(f.year.map(u32::from)),
            Cell::Text(Some(f.measure.clone())),
            Cell::Text(Some(f.label.clone())),
            Cell::Float(f.value),
            Cell::Bool(Some(f.at_least)),
            Cell::Text(Some(f.unit.as_str().to_owned())),
            Cell::Text(f.unknown.map(|u| u.as_str().to_owned())),
            Cell::Text(f.source.source.map(|s| s.name().to_owned())),
            Cell::Text(f.source.file.clone()),
            Cell::Text(f.source.pointer.clone()),
            Cell::Text(f.source.publication.clone()),
            Cell::Text(f.source.quote.clone()),
        ]);
    }
    t
}

/// The aggregates' map of host services: one row per service and year.
fn map(dataset: &Dataset) -> Table {
    let mut t = dictionary::documented("map", dataset);
    for h in &dataset.map {
        for (year, n) in &h.challenges {
            t.rows.push(vec![
                Cell::Text(Some(h.ministry.clone())),
                Cell::Text(Some(h.service.clone())),
                Cell::Int(Some(u32::from(*year))),
                Cell::Text(aggregates_promotion(*year).map(|p| p.0)),
                Cell::Int(Some(*n)),
                Cell::Float(h.latitude),
                Cell::Float(h.longitude),
            ]);
        }
    }
    t
}
