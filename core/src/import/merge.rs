//! The merge of every source's records into one [`Dataset`].

use super::reader::{Origin, Raw, RawChallenge, RawPerson, written};
use super::text::{acronym, clean_administration, split_administration};
use super::{ImportReport, RecordKind};
use crate::diagnostics::Violation;
use crate::diagnostics::message::{self, Among, Contradiction, Reading};
use crate::model::{
    Cohort, CommunityRole, Conflict, ConflictRule, Dataset, DatasetChallenge, DatasetOrganisation,
    DatasetPerson, DatasetPromotion, DatasetTerm, EXPERTISES, Extra, PersonRole, PromotionId,
    SourceKind, SourceRef, SourcedValue, THEMES,
};
use crate::rules::Rulebook;
use crate::text::{fold, loose_key, slug};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

fn anomaly(report: &mut ImportReport, origin: &Origin, violation: Violation) {
    report.anomaly(origin.source, &origin.file, violation);
}

fn source_ref(o: &Origin) -> SourceRef {
    SourceRef {
        source: o.source,
        file: o.file.clone(),
        key: o.key.clone(),
    }
}

fn put_extra(extra: &mut Extra, source: SourceKind, map: Map<String, Value>) {
    if !map.is_empty() {
        extra
            .entry(source.name().to_owned())
            .or_default()
            .extend(map);
    }
}

pub(crate) fn merge(raw: Raw, report: &mut ImportReport) -> Dataset {
    let mut dataset = Dataset::empty();
    dataset.sources = report.sources.clone();
    let challenges = merge_challenges(raw.challenges, report);
    dataset.challenges = challenges;
    dataset.organisations = organisations(&mut dataset.challenges, report);
    dataset.people = people(raw.people, &dataset.challenges, report);
    dataset.promotions = promotions(raw.promotions, &dataset, report);
    let (themes, expertises) = terms(raw.terms, &dataset, report);
    dataset.themes = themes;
    dataset.expertises = expertises;
    for figure in raw.figures {
        written(report, RecordKind::Figure);
        dataset.figures.push(figure);
    }
    for host in raw.map {
        written(report, RecordKind::MapEntry);
        dataset.map.push(host);
    }
    dataset.activities = activities(raw.activities, &dataset.challenges, report);
    // The aggregates' map gives each service's ministry: the parent of an organisation whose
    // administration text names none.
    for o in &mut dataset.organisations {
        if o.parent.is_some() || super::organisations::is_ministry(&o.id) {
            continue;
        }
        let names: Vec<String> = std::iter::once(&o.name)
            .chain(&o.aliases)
            .chain(&o.acronym)
            .map(|n| fold(n))
            .collect();
        if let Some(h) = dataset
            .map
            .iter()
            // The map also groups services by legal status (`Groupement d'Intérêt Public`):
            // only a ministry is a parent.
            .find(|h| {
                names.contains(&fold(&h.service))
                    && super::organisations::is_ministry(&slug(&h.ministry))
                    && fold(&h.ministry) != fold(&o.name)
            })
        {
            o.parent = Some(h.ministry.clone());
        }
    }
    let mut funnel = raw.funnel;
    funnel.sort_by_key(|(_, f)| f.year);
    for (_, f) in funnel {
        written(report, RecordKind::Funnel);
        dataset.funnel.push(f);
    }
    report.output = super::OutputCounts {
        promotions: dataset.promotions.len(),
        challenges: dataset.challenges.len(),
        organisations: dataset.organisations.len(),
        people: dataset.people.len(),
        themes: dataset.themes.len(),
        expertises: dataset.expertises.len(),
        funnel_years: dataset.funnel.len(),
        figures: dataset.figures.len(),
        map_entries: dataset.map.len(),
    };
    dataset
}

fn promotion_rank(id: &PromotionId) -> (usize, String) {
    let historical = PromotionId::HISTORICAL
        .iter()
        .position(|h| *h == id.as_str())
        .unwrap_or(usize::MAX);
    (historical, id.as_str().to_owned())
}

fn promotions(
    raw: Vec<super::reader::RawPromotion>,
    dataset: &Dataset,
    report: &mut ImportReport,
) -> Vec<DatasetPromotion> {
    let mut by_id: BTreeMap<(usize, String), DatasetPromotion> = BTreeMap::new();
    let mut add = |id: &PromotionId| {
        by_id.entry(promotion_rank(id)).or_insert_with(|| {
            let builtin = Rulebook::builtin(id.as_str());
            DatasetPromotion {
                id: id.clone(),
                label: builtin
                    .as_ref()
                    .map_or_else(|| id.as_str().to_owned(), |r| r.label.clone()),
                year: builtin.as_ref().map(|r| match r.cohort {
                    Cohort::Year { year } => year,
                    Cohort::RollingSprints { from_year, .. } => from_year,
                }),
                labels: Vec::new(),
                sources: Vec::new(),
                extra: Extra::new(),
            }
        });
    };
    for p in &raw {
        add(&p.id);
    }
    for c in &dataset.challenges {
        add(&c.promotion);
    }
    for r in dataset.people.iter().flat_map(|p| &p.roles) {
        if let Some(id) = &r.promotion {
            add(id);
        }
    }
    for p in raw {
        written(report, RecordKind::Promotion);
        let entry = by_id
            .get_mut(&promotion_rank(&p.id))
            .expect("every promotion was added above");
        if Rulebook::builtin(p.id.as_str()).is_none() && entry.sources.is_empty() {
            entry.label.clone_from(&p.label);
        }
        if entry.year.is_none() {
            entry.year = p.year;
        }
        entry.labels.extend(p.labels);
        entry.sources.push(source_ref(&p.origin));
        put_extra(&mut entry.extra, p.origin.source, p.extra);
    }
    by_id
        .into_values()
        .map(|mut p| {
            p.labels.sort();
            p.labels.dedup();
            p
        })
        .collect()
}

/// One défi as both sites give it.
struct Group {
    current: Option<RawChallenge>,
    first: Option<RawChallenge>,
}

fn key(c: &RawChallenge) -> (Option<PromotionId>, String) {
    (c.promotion.clone(), fold(&c.title))
}

/// Refuses the second record of a source with the same promotion and title.
fn dedupe(list: Vec<RawChallenge>, report: &mut ImportReport) -> Vec<RawChallenge> {
    let mut seen: HashMap<(Option<PromotionId>, String), String> = HashMap::new();
    let mut out = Vec::new();
    for c in list {
        let k = key(&c);
        let origin = c.origin.clone().expect("readers set the origin");
        if let Some(first) = seen.get(&k) {
            let promotion = c.promotion.as_ref().map_or("?", PromotionId::as_str);
            let v = message::duplicate_record(origin.at("title"), &c.title, promotion, first);
            report.refuse(
                RecordKind::Challenge,
                origin.source,
                &origin.file,
                origin.key.as_deref(),
                &v,
            );
            anomaly(report, &origin, v);
            if let Some(b) = &c.body_origin {
                // Its body file goes with it: written once matched, now refused with it.
                report
                    .records
                    .entry(RecordKind::ChallengeBody)
                    .or_default()
                    .written -= 1;
                let why = message::duplicate_record("", &c.title, promotion, first);
                report.refuse(RecordKind::ChallengeBody, b.source, &b.file, None, &why);
            }
            continue;
        }
        let at = origin
            .key
            .as_ref()
            .map_or_else(|| origin.file.clone(), |k| format!("{} [{k}]", origin.file));
        seen.insert(k, at);
        out.push(c);
    }
    out
}

/// Pairs each first-site défi with at most one current-site défi, in three passes (exact title,
/// title but for digits, title in another promotion). Every pass looks candidates up in an index
/// by key, so the cost is near-linear in the number of records (it was a pairwise scan).
fn match_groups(
    current: Vec<RawChallenge>,
    first: Vec<RawChallenge>,
    report: &mut ImportReport,
) -> Vec<Group> {
    type Key = (Option<PromotionId>, String);
    let mut groups: Vec<Group> = current
        .into_iter()
        .map(|c| Group {
            current: Some(c),
            first: None,
        })
        .collect();
    // Pass 1: same promotion and title (or the first site's key as a title). The current site
    // is deduplicated on this key, so each key names at most one group.
    let exact: HashMap<Key, usize> = groups
        .iter()
        .enumerate()
        .filter_map(|(i, g)| g.current.as_ref().map(|v| (key(v), i)))
        .collect();
    let mut left: Vec<RawChallenge> = Vec::new();
    for c in first {
        let found = std::iter::once(fold(&c.title))
            .chain(c.aliases.iter().map(|a| fold(a)))
            .filter_map(|name| exact.get(&(c.promotion.clone(), name)).copied())
            .filter(|i| groups[*i].first.is_none())
            .min();
        match found {
            Some(i) => groups[i].first = Some(c),
            None => left.push(c),
        }
    }
    // Pass 2: same promotion, titles equal but for digits, one candidate on each side (among
    // the groups still open, and the first-site défis already left over with that key).
    let loose = |c: &RawChallenge| (c.promotion.clone(), loose_key(&c.title));
    let mut open: HashMap<Key, BTreeSet<usize>> = HashMap::new();
    for (i, g) in groups.iter().enumerate() {
        if g.first.is_none()
            && let Some(v) = &g.current
        {
            open.entry(loose(v)).or_default().insert(i);
        }
    }
    let mut rivals: HashMap<Key, usize> = HashMap::new();
    let mut rest = Vec::new();
    for c in left {
        let k = loose(&c);
        let only = open
            .get(&k)
            .filter(|set| set.len() == 1)
            .and_then(|set| set.first().copied());
        match only {
            Some(i) if !rivals.contains_key(&k) => {
                open.remove(&k);
                let g = &mut groups[i];
                let v = g.current.as_ref().expect("indexed on current");
                let o = v.origin.clone().expect("readers set the origin");
                anomaly(
                    report,
                    &o,
                    message::title_matched_loosely(o.at("title"), &v.title, &c.title),
                );
                g.first = Some(c);
            }
            _ => {
                *rivals.entry(k).or_default() += 1;
                rest.push(c);
            }
        }
    }
    // Pass 3: the same title in another promotion, one candidate: the sites disagree on the
    // promotion.
    let mut by_title: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (i, g) in groups.iter().enumerate() {
        if g.first.is_none()
            && let Some(v) = &g.current
        {
            by_title.entry(fold(&v.title)).or_default().insert(i);
        }
    }
    for c in rest {
        let k = fold(&c.title);
        let only = by_title
            .get(&k)
            .filter(|set| set.len() == 1)
            .and_then(|set| set.first().copied());
        if let Some(i) = only {
            by_title.remove(&k);
            groups[i].first = Some(c);
        } else {
            groups.push(Group {
                current: None,
                first: Some(c),
            });
        }
    }
    groups
}

fn merge_challenges(raw: Vec<RawChallenge>, report: &mut ImportReport) -> Vec<DatasetChallenge> {
    let (current, first): (Vec<_>, Vec<_>) = raw.into_iter().partition(|c| {
        c.origin
            .as_ref()
            .is_some_and(|o| o.source == SourceKind::SiteEigV3)
    });
    let current = dedupe(current, report);
    let first = dedupe(first, report);
    let groups = match_groups(current, first, report);
    let mut out: Vec<DatasetChallenge> =
        groups.into_iter().map(|g| merge_group(g, report)).collect();
    out.sort_by_cached_key(|c| (promotion_rank(&c.promotion), fold(&c.title)));
    let mut ids = Ids::default();
    for c in &mut out {
        c.id = ids.unique(format!("{}/{}", c.promotion, slug(&c.title)));
    }
    out
}

/// Identifiers handed out once each: `base`, or `base-2`, `base-3`... the first not used yet.
/// The next suffix to try is kept per base, so many records of one name cost linear time.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    fn unique(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Picks the current site's value; when both sites have one and they differ (by `same`),
/// records the conflict and reports it.
fn pick<T: Clone + Into<Value>>(
    field: &str,
    primary: Option<T>,
    secondary: Option<T>,
    sources: (&Origin, Option<&Origin>),
    same: impl Fn(&T, &T) -> bool,
    conflicts: &mut Vec<Conflict>,
    report: &mut ImportReport,
) -> Option<T> {
    match (primary, secondary) {
        (Some(a), Some(b)) if !same(&a, &b) => {
            let (o, other) = sources;
            let other = other.expect("a secondary value has an origin");
            let (va, vb): (Value, Value) = (a.clone().into(), b.into());
            anomaly(
                report,
                o,
                message::sites_disagree(o.at(field), field, None, &va, &vb, &other.file),
            );
            conflicts.push(Conflict {
                field: field.to_owned(),
                values: vec![
                    SourcedValue {
                        source: o.source,
                        value: va,
                    },
                    SourcedValue {
                        source: other.source,
                        value: vb,
                    },
                ],
                rule: ConflictRule::CurrentSiteFirst,
            });
            Some(a)
        }
        (Some(a), _) => Some(a),
        (None, b) => b,
    }
}

fn same_text(a: &str, b: &str) -> bool {
    fold(a) == fold(b)
}

fn same_administration(a: &str, b: &str) -> bool {
    fold(&clean_administration(a).0) == fold(&clean_administration(b).0)
}

fn merge_group(g: Group, report: &mut ImportReport) -> DatasetChallenge {
    let (primary, secondary) = match (g.current, g.first) {
        (Some(a), b) => (a, b),
        (None, Some(b)) => (b, None),
        (None, None) => unreachable!("a group has a record"),
    };
    written(report, RecordKind::Challenge);
    if secondary.is_some() {
        written(report, RecordKind::Challenge);
    }
    let po = primary.origin.clone().expect("readers set the origin");
    let so = secondary.as_ref().and_then(|s| s.origin.clone());
    let s = secondary.unwrap_or_default();
    let aliases = aliases(&primary, &s);
    let sources = sources(&primary, &s);
    let other_administration = s.administration.clone();
    let mut picker = Picker {
        origins: (&po, so.as_ref()),
        conflicts: Vec::new(),
        report,
    };
    let promotion = picker
        .pick(
            "promotion",
            primary.promotion.clone().map(|p| p.0),
            s.promotion.clone().map(|p| p.0),
            |a, b| a == b,
        )
        .map(PromotionId::new)
        .expect("the readers refuse a défi without a promotion");
    let description = picker.pick("description", primary.description, s.description, |a, b| {
        same_text(a, b)
    });
    let administration = picker.pick(
        "administration",
        primary.administration,
        s.administration,
        |a, b| same_administration(a, b),
    );
    let town = picker.pick("town", primary.town, s.town, |a, b| {
        // `Saint-Denis (93200)` and `Saint-Denis` are one town.
        let strip = |t: &String| fold(t.split(" (").next().unwrap_or(t));
        strip(a) == strip(b)
    });
    // Both sites' expertises can be true (a défi asks for several): the record holds the
    // union, and the conflict says which site gave which.
    let mut expertises = picker
        .pick(
            "expertises",
            (!primary.expertises.is_empty()).then(|| primary.expertises.clone()),
            (!s.expertises.is_empty()).then(|| s.expertises.clone()),
            |a, b| a.iter().collect::<BTreeSet<_>>() == b.iter().collect::<BTreeSet<_>>(),
        )
        .unwrap_or_default();
    if let Some(c) = picker.conflicts.last_mut()
        && c.field == "expertises"
    {
        c.rule = ConflictRule::Union;
        for e in &s.expertises {
            if !expertises.contains(e) {
                expertises.push(e.clone());
            }
        }
    }
    let duration_months = picker.pick(
        "duration_months",
        primary.duration_months,
        s.duration_months,
        |a, b| a == b,
    );
    let conflicts = picker.conflicts;
    let mut extra = Extra::new();
    put_extra(&mut extra, po.source, primary.extra);
    if let Some(so) = &so {
        let mut other = s.extra;
        if let (Some(_), Some(b)) = (&primary.body, &s.body)
            && primary.body.as_deref().map(str::trim) != Some(b.trim())
        {
            other.insert("body".into(), Value::String(b.clone()));
        }
        if let Some(m) = &other_administration {
            // Kept when it is the same administration spelt otherwise.
            if administration
                .as_ref()
                .is_some_and(|a| a != m && same_administration(a, m))
            {
                other.insert("administration".into(), Value::String(m.clone()));
            }
        }
        put_extra(&mut extra, so.source, other);
    }
    DatasetChallenge {
        id: String::new(),
        promotion,
        title: primary.title,
        aliases,
        description,
        administration,
        organisations: Vec::new(),
        place: primary.place.or(s.place),
        town,
        themes: first_listed(primary.themes, s.themes),
        expertises,
        duration_months,
        fellows: first_listed(primary.fellows, s.fellows),
        mentors: first_listed(primary.mentors, s.mentors),
        key_figures: first_listed(primary.key_figures, s.key_figures),
        source_code: primary.source_code.or(s.source_code),
        website: primary.website.or(s.website),
        startup: primary.startup.or(s.startup),
        startup_url: primary.startup_url.or(s.startup_url),
        published_at: primary.published_at.or(s.published_at),
        year: primary.year.or(s.year),
        body: primary.body.or(s.body),
        sources,
        conflicts,
        extra,
    }
}

/// Picks the values of a group's fields, recording every conflict.
struct Picker<'a> {
    origins: (&'a Origin, Option<&'a Origin>),
    conflicts: Vec<Conflict>,
    report: &'a mut ImportReport,
}

impl Picker<'_> {
    fn pick<T: Clone + Into<Value>>(
        &mut self,
        field: &str,
        primary: Option<T>,
        secondary: Option<T>,
        same: impl Fn(&T, &T) -> bool,
    ) -> Option<T> {
        pick(
            field,
            primary,
            secondary,
            self.origins,
            same,
            &mut self.conflicts,
            self.report,
        )
    }
}

/// The other titles and keys a défi is known by: the other site's title, and both sites'
/// aliases, without its own title.
fn aliases(primary: &RawChallenge, secondary: &RawChallenge) -> Vec<String> {
    let mut aliases: Vec<String> = primary.aliases.clone();
    if !secondary.title.is_empty() && secondary.title != primary.title {
        aliases.push(secondary.title.clone());
    }
    aliases.extend(secondary.aliases.iter().cloned());
    aliases.retain(|a| *a != primary.title);
    aliases.sort();
    aliases.dedup();
    aliases
}

/// Every file a défi was read from: each site's record and its body.
fn sources(primary: &RawChallenge, secondary: &RawChallenge) -> Vec<SourceRef> {
    [
        primary.origin.as_ref(),
        primary.body_origin.as_ref(),
        secondary.origin.as_ref(),
        secondary.body_origin.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(source_ref)
    .collect()
}

/// The current site's list, or the first site's when the current one gives none.
fn first_listed<T>(primary: Vec<T>, secondary: Vec<T>) -> Vec<T> {
    if primary.is_empty() {
        secondary
    } else {
        primary
    }
}

/// Splits every défi's administration (and the other site's, when they disagree) into
/// organisations, merged by their folded name without acronym.
fn organisations(
    challenges: &mut [DatasetChallenge],
    report: &mut ImportReport,
) -> Vec<DatasetOrganisation> {
    struct Org {
        spellings: BTreeMap<String, usize>,
        full: BTreeSet<String>,
        acronym: Option<String>,
        challenges: Vec<String>,
        /// Ministries named with it in one administration text, with their counts.
        parents: BTreeMap<String, usize>,
    }
    let mut orgs: BTreeMap<String, Org> = BTreeMap::new();
    for c in challenges.iter_mut() {
        // Each administration text, with the source that published it.
        let mut texts: Vec<(String, SourceKind)> = c
            .administration
            .iter()
            .map(|a| (a.clone(), c.sources[0].source))
            .collect();
        for conflict in &c.conflicts {
            if conflict.field == "administration" {
                for v in &conflict.values {
                    if let Some(t) = v.value.as_str()
                        && !texts.iter().any(|(x, _)| x == t)
                    {
                        texts.push((t.to_owned(), v.source));
                    }
                }
            }
        }
        for (text, source) in &texts {
            let (cleaned, changed) = clean_administration(text);
            if changed && let Some(o) = c.sources.iter().find(|s| s.source == *source) {
                let field = if o.source == SourceKind::SiteEigV3 {
                    "who"
                } else {
                    "administration"
                };
                let pointer = o
                    .key
                    .as_ref()
                    .map_or_else(String::new, |k| format!("/{}", super::reader::escape(k)));
                report.anomaly(
                    o.source,
                    &o.file,
                    message::value_normalised(
                        format!("{pointer}/{field}"),
                        text,
                        Reading::Text(&cleaned),
                    ),
                );
            }
            let parts: Vec<(String, String, Option<String>)> = split_administration(&cleaned)
                .into_iter()
                .map(|part| {
                    let (name, acr) = acronym(&part);
                    (part, name, acr)
                })
                .collect();
            // A ministry named with other organisations in one text is their parent.
            let ministry = parts
                .iter()
                .map(|(_, name, _)| name)
                .find(|name| super::organisations::is_ministry(&slug(name)))
                .cloned();
            for (part, name, acr) in parts {
                let id = super::organisations::canonical(&slug(&name)).to_owned();
                if id.is_empty() {
                    continue;
                }
                let org = orgs.entry(id.clone()).or_insert_with(|| Org {
                    spellings: BTreeMap::new(),
                    full: BTreeSet::new(),
                    acronym: None,
                    challenges: Vec::new(),
                    parents: BTreeMap::new(),
                });
                if let Some(m) = &ministry
                    && !super::organisations::is_ministry(&id)
                {
                    *org.parents.entry(m.clone()).or_insert(0) += 1;
                }
                *org.spellings.entry(name).or_insert(0) += 1;
                org.full.insert(part.clone());
                if org.acronym.is_none() {
                    org.acronym = acr;
                }
                // Défis are taken one at a time: this one, if there, is the last.
                if org.challenges.last() != Some(&c.id) {
                    org.challenges.push(c.id.clone());
                }
                if !c.organisations.contains(&id) {
                    c.organisations.push(id);
                }
            }
        }
    }
    orgs.into_iter()
        .map(|(id, o)| {
            let name = o
                .spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(s, _)| s.clone())
                .unwrap_or_default();
            // A body the library knows under several spellings takes its canonical name; every
            // spelling published is an alias.
            let known = super::organisations::CANONICAL.iter().find(|c| c.id == id);
            let name = known.map_or(name, |c| c.name.to_owned());
            let aliases = o
                .spellings
                .keys()
                .chain(o.full.iter())
                .filter(|s| **s != name)
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let acronym = o
                .acronym
                .or_else(|| known.and_then(|c| c.acronym).map(str::to_owned))
                .or_else(|| {
                    super::organisations::ACRONYMS
                        .iter()
                        .find(|(slug, _)| *slug == id)
                        .map(|(_, a)| (*a).to_owned())
                });
            let parent = o
                .parents
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(p, _)| p.clone());
            DatasetOrganisation {
                id,
                name,
                acronym,
                aliases,
                challenges: o.challenges,
                parent,
            }
        })
        .collect()
}

/// Finds défis by title, alias or first-site key.
struct Titles<'a> {
    challenges: &'a [DatasetChallenge],
    by_name: HashMap<String, Vec<usize>>,
}

enum Resolved {
    One(usize),
    None,
    Ambiguous(Vec<usize>),
}

impl<'a> Titles<'a> {
    fn new(challenges: &'a [DatasetChallenge]) -> Self {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in challenges.iter().enumerate() {
            let names: BTreeSet<String> = std::iter::once(&c.title)
                .chain(&c.aliases)
                .map(|t| fold(t))
                .collect();
            for n in names {
                by_name.entry(n).or_default().push(i);
            }
        }
        Self {
            challenges,
            by_name,
        }
    }

    fn resolve(&self, reference: &str, promotions: &[PromotionId]) -> Resolved {
        let Some(found) = self.by_name.get(&fold(reference)) else {
            return Resolved::None;
        };
        if let [one] = found.as_slice() {
            return Resolved::One(*one);
        }
        let within: Vec<usize> = found
            .iter()
            .copied()
            .filter(|i| promotions.contains(&self.challenges[*i].promotion))
            .collect();
        match within.as_slice() {
            [one] => Resolved::One(*one),
            _ => Resolved::Ambiguous(found.clone()),
        }
    }
}

/// The activities, their défi labels matched to the dataset's défis of their promotion (the
/// log's spellings: `CoachÉlève` and `CoachÉlèves`, `SocialConnect`). A label that names no
/// défi is reported once, on its first line, and kept as published.
fn activities(
    mut raw: Vec<crate::model::Activity>,
    challenges: &[DatasetChallenge],
    report: &mut ImportReport,
) -> Vec<crate::model::Activity> {
    let titles = Titles::new(challenges);
    let squeeze = |s: &str| fold(s).replace(' ', "");
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for a in &mut raw {
        written(report, RecordKind::Activity);
        // A session names no défi; nor does a webinar whose label is its theme.
        if a.kind == crate::model::ActivityKind::Session
            || (a.kind == crate::model::ActivityKind::Webinar && a.task.as_ref() == Some(&a.label))
        {
            continue;
        }
        let promotions: Vec<PromotionId> = a.promotion.iter().cloned().collect();
        let found = match titles.resolve(&a.label, &promotions) {
            Resolved::One(i) => Some(i),
            // The log runs words together and varies a plural: compare without spaces, then
            // without a final s.
            _ => {
                let key = squeeze(&a.label);
                let singular = |k: &str| k.trim_end_matches('s').to_owned();
                titles.challenges.iter().position(|c| {
                    Some(&c.promotion) == a.promotion.as_ref()
                        && (squeeze(&c.title) == key
                            || singular(&squeeze(&c.title)) == singular(&key))
                })
            }
        };
        let origin = super::reader::Origin {
            source: a.source.source,
            file: a.source.file.clone(),
            key: a.source.key.clone(),
            pointer: String::new(),
        };
        // The log's lines are `line N` (a CSV column `Défi`); the webinars' items `item N`
        // (a YAML list `defis`).
        let key = a.source.key.as_deref().unwrap_or("");
        let here = match (key.strip_prefix("line "), key.strip_prefix("item ")) {
            (Some(n), _) => format!("/{n}/Défi"),
            (None, Some(n)) => format!("/{n}/defis"),
            (None, None) => String::new(),
        };
        if let Some(i) = found {
            let title = &titles.challenges[i].title;
            // Another spelling of the défi's title (`CoachÉlève`): said once per spelling.
            if fold(title) != fold(&a.label) && reported.insert(a.label.clone()) {
                anomaly(
                    report,
                    &origin,
                    message::value_normalised(here.clone(), &a.label, Reading::Text(title)),
                );
            }
            a.challenge = Some(titles.challenges[i].id.clone());
        } else if reported.insert(a.label.clone()) {
            anomaly(
                report,
                &origin,
                message::reference_unresolved(here, &a.label, Among::Dataset),
            );
        }
    }
    raw
}

fn people(
    raw: Vec<RawPerson>,
    challenges: &[DatasetChallenge],
    report: &mut ImportReport,
) -> Vec<DatasetPerson> {
    let titles = Titles::new(challenges);
    // Grouped by folded name, in first-seen order; the current site's spelling wins.
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<RawPerson>> = HashMap::new();
    for p in raw {
        let k = fold(&p.name);
        if !groups.contains_key(&k) {
            order.push(k.clone());
        }
        groups.entry(k).or_default().push(p);
    }
    let mut out = Vec::new();
    for k in order {
        let mut members = groups.remove(&k).unwrap_or_default();
        members.sort_by_key(|p| p.origin.source != SourceKind::SiteEigV3);
        let name = members[0].name.clone();
        let mut aliases: BTreeSet<String> = BTreeSet::new();
        let mut roles: Vec<PersonRole> = Vec::new();
        let mut sources = Vec::new();
        let mut extra = Extra::new();
        // The roles every source states, by promotion: an inference that contradicts them is
        // not made.
        let declared: Vec<(PromotionId, CommunityRole, SourceKind)> = members
            .iter()
            .filter_map(|p| p.role.role.map(|r| (p, r)))
            .flat_map(|(p, r)| {
                p.role
                    .promotions
                    .iter()
                    .map(move |pr| (pr.clone(), r, p.origin.source))
            })
            .collect();
        for p in members.iter() {
            written(report, RecordKind::Person);
            if p.name != name {
                aliases.insert(p.name.clone());
            }
            aliases.extend(p.aliases.iter().filter(|a| **a != name).cloned());
            sources.push(source_ref(&p.origin));
            roles.extend(person_roles(p, &titles, &declared, report));
        }
        for p in members.iter().cloned() {
            let mut own = p.extra;
            if p.role.role.is_none() {
                // No role to hold them: the promotions and défis the source gives stay here.
                let refs: Vec<String> = p.role.refs.into_iter().map(|(r, _)| r).collect();
                if !refs.is_empty() {
                    own.insert("defis".into(), Value::from(refs));
                }
                if !p.role.promotions.is_empty() {
                    let ids: Vec<String> = p.role.promotions.into_iter().map(|x| x.0).collect();
                    own.insert("promotions".into(), Value::from(ids));
                }
                if let Some(e) = p.role.expertise {
                    own.insert("expertise".into(), Value::String(e));
                }
            }
            put_extra(&mut extra, p.origin.source, own);
        }
        let conflicts = role_conflicts(&members, &roles, report);
        roles.sort_by(|a, b| {
            (a.promotion.as_ref().map(promotion_rank), a.role, a.source).cmp(&(
                b.promotion.as_ref().map(promotion_rank),
                b.role,
                b.source,
            ))
        });
        out.push(DatasetPerson {
            id: String::new(),
            name,
            aliases: aliases.into_iter().collect(),
            roles,
            sources,
            conflicts,
            extra,
        });
    }
    out.sort_by_cached_key(|p| (fold(&p.name), p.name.clone()));
    let mut ids = Ids::default();
    for p in &mut out {
        p.id = ids.unique(slug(&p.name));
    }
    out
}

/// What contradicts inferring `role` in the défi `challenge`'s promotion for `p`: another role
/// a source declares there, or the défi naming them in another role.
fn contradiction<'a>(
    p: &RawPerson,
    role: CommunityRole,
    challenge: &DatasetChallenge,
    declared: &'a [(PromotionId, CommunityRole, SourceKind)],
) -> Option<Contradiction<'a>> {
    if let Some((_, other, source)) = declared
        .iter()
        .find(|(pr, r, _)| *pr == challenge.promotion && *r != role)
    {
        return Some(Contradiction::Declared {
            role: other.as_str(),
            source: source.name(),
        });
    }
    let name = fold(&p.name);
    let named = |names: &[String]| names.iter().any(|n| fold(n) == name);
    let (as_fellow, as_mentor) = (named(&challenge.fellows), named(&challenge.mentors));
    match role {
        CommunityRole::Fellow if as_mentor && !as_fellow => {
            Some(Contradiction::NamedOnDefi(CommunityRole::Mentor.as_str()))
        }
        CommunityRole::Mentor if as_fellow && !as_mentor => {
            Some(Contradiction::NamedOnDefi(CommunityRole::Fellow.as_str()))
        }
        // The first site's défis name their people: one that names neither does not make
        // this person one of them.
        CommunityRole::Fellow | CommunityRole::Mentor
            if !as_fellow
                && !as_mentor
                && challenge
                    .sources
                    .iter()
                    .any(|s| s.source == SourceKind::SiteEig) =>
        {
            Some(Contradiction::NotNamedOnDefi(role.as_str()))
        }
        CommunityRole::Fellow | CommunityRole::Mentor => None,
        _ if as_fellow => Some(Contradiction::NamedOnDefi(CommunityRole::Fellow.as_str())),
        _ if as_mentor => Some(Contradiction::NamedOnDefi(CommunityRole::Mentor.as_str())),
        _ => None,
    }
}

fn person_roles(
    p: &RawPerson,
    titles: &Titles<'_>,
    declared: &[(PromotionId, CommunityRole, SourceKind)],
    report: &mut ImportReport,
) -> Vec<PersonRole> {
    let mut promotions: Vec<PromotionId> = p.role.promotions.clone();
    let mut resolved: Vec<usize> = Vec::new();
    let mut unresolved: Vec<String> = Vec::new();
    for (reference, path) in &p.role.refs {
        match titles.resolve(reference, &p.role.promotions) {
            Resolved::One(i) => {
                if !resolved.contains(&i) {
                    resolved.push(i);
                }
                let challenge = &titles.challenges[i];
                let promotion = &challenge.promotion;
                let against = p
                    .role
                    .role
                    .and_then(|role| contradiction(p, role, challenge, declared));
                if let (false, Some(because), Some(role)) =
                    (promotions.contains(promotion), against, p.role.role)
                {
                    anomaly(
                        report,
                        &p.origin,
                        message::inference_contradicted(
                            path.clone(),
                            reference,
                            promotion.as_str(),
                            role.as_str(),
                            because,
                        ),
                    );
                } else if !promotions.contains(promotion) {
                    let listed: Vec<&str> =
                        p.role.promotions.iter().map(PromotionId::as_str).collect();
                    anomaly(
                        report,
                        &p.origin,
                        message::promotion_inferred(
                            path.clone(),
                            reference,
                            promotion.as_str(),
                            &listed,
                        ),
                    );
                    promotions.push(promotion.clone());
                }
            }
            Resolved::None => {
                anomaly(
                    report,
                    &p.origin,
                    message::reference_unresolved(path.clone(), reference, Among::Dataset),
                );
                unresolved.push(reference.clone());
            }
            Resolved::Ambiguous(found) => {
                let ids: Vec<&str> = found
                    .iter()
                    .map(|i| titles.challenges[*i].id.as_str())
                    .collect();
                anomaly(
                    report,
                    &p.origin,
                    message::reference_ambiguous(path.clone(), reference, &ids),
                );
                unresolved.push(reference.clone());
            }
        }
    }
    // Without a known role there is no role to hang them on: `people` keeps them in extra.
    let Some(role) = p.role.role else {
        return Vec::new();
    };
    let mut out: Vec<PersonRole> = promotions
        .iter()
        .map(|promotion| PersonRole {
            role,
            promotion: Some(promotion.clone()),
            inferred: !p.role.promotions.contains(promotion),
            expertise: p.role.expertise.clone(),
            challenges: resolved
                .iter()
                .filter(|i| titles.challenges[**i].promotion == *promotion)
                .map(|i| titles.challenges[*i].id.clone())
                .collect(),
            unresolved: Vec::new(),
            source: p.origin.source,
        })
        .collect();
    if out.is_empty() {
        out.push(PersonRole {
            role,
            promotion: None,
            inferred: false,
            expertise: p.role.expertise.clone(),
            challenges: Vec::new(),
            unresolved: Vec::new(),
            source: p.origin.source,
        });
    }
    out[0].unresolved = unresolved;
    out
}

/// Where both sites give a person a role in the same promotion and the roles (or a fellow's
/// expertise) differ.
fn role_conflicts(
    members: &[RawPerson],
    roles: &[PersonRole],
    report: &mut ImportReport,
) -> Vec<Conflict> {
    let mut out = Vec::new();
    let by_source = |s: SourceKind| -> BTreeMap<&PromotionId, &PersonRole> {
        roles
            .iter()
            .filter(|r| r.source == s)
            .filter_map(|r| r.promotion.as_ref().map(|p| (p, r)))
            .collect()
    };
    let current = by_source(SourceKind::SiteEigV3);
    let first = by_source(SourceKind::SiteEig);
    let Some(origin) = members
        .iter()
        .find(|m| m.origin.source == SourceKind::SiteEigV3)
        .map(|m| &m.origin)
    else {
        return out;
    };
    let other = members
        .iter()
        .find(|m| m.origin.source == SourceKind::SiteEig)
        .map(|m| &m.origin);
    for (promotion, a) in &current {
        let Some(b) = first.get(promotion) else {
            continue;
        };
        let role_of = |r: &PersonRole| json!({"promotion": promotion.as_str(), "role": r.role});
        let (field, va, vb) = if a.role != b.role {
            ("role", role_of(a), role_of(b))
        } else if a.role == CommunityRole::Fellow
            && a.expertise.is_some()
            && b.expertise.is_some()
            && a.expertise != b.expertise
        {
            (
                "expertise",
                json!({"promotion": promotion.as_str(), "expertise": a.expertise}),
                json!({"promotion": promotion.as_str(), "expertise": b.expertise}),
            )
        } else {
            continue;
        };
        anomaly(
            report,
            origin,
            message::sites_disagree(
                origin.at(if field == "role" {
                    "role"
                } else {
                    "expertises"
                }),
                field,
                Some(promotion.as_str()),
                &va,
                &vb,
                other.map_or("", |o| o.file.as_str()),
            ),
        );
        out.push(Conflict {
            field: field.to_owned(),
            values: vec![
                SourcedValue {
                    source: SourceKind::SiteEigV3,
                    value: va,
                },
                SourcedValue {
                    source: SourceKind::SiteEig,
                    value: vb,
                },
            ],
            // Both roles are the person's (one row each in `roles`); a fellow's expertise is
            // the current site's.
            rule: if field == "role" {
                ConflictRule::BothKept
            } else {
                ConflictRule::CurrentSiteFirst
            },
        });
    }
    out
}

fn terms(
    raw: Vec<super::reader::RawTerm>,
    dataset: &Dataset,
    report: &mut ImportReport,
) -> (Vec<DatasetTerm>, Vec<DatasetTerm>) {
    let mut themes: BTreeMap<String, DatasetTerm> = BTreeMap::new();
    let mut expertises: BTreeMap<String, DatasetTerm> = BTreeMap::new();
    let new = |id: &str, label: &str, theme: bool| {
        let library = if theme { THEMES } else { EXPERTISES };
        let known = library.iter().find(|t| t.slug == id);
        DatasetTerm {
            id: id.to_owned(),
            label: known.map_or_else(|| label.to_owned(), |t| t.label_fr.to_owned()),
            codes: known
                .map(|t| t.legacy_codes.iter().map(|c| (*c).to_owned()).collect())
                .unwrap_or_default(),
            known: known.is_some(),
            sources: Vec::new(),
        }
    };
    for t in raw {
        written(report, RecordKind::Term);
        let map = if t.theme {
            &mut themes
        } else {
            &mut expertises
        };
        let term = map
            .entry(t.id.clone())
            .or_insert_with(|| new(&t.id, &t.label, t.theme));
        if let Some(code) = t.code
            && !term.codes.contains(&code)
        {
            term.codes.push(code);
        }
        term.sources.push(source_ref(&t.origin));
    }
    for c in &dataset.challenges {
        for id in &c.themes {
            themes
                .entry(id.clone())
                .or_insert_with(|| new(id, id, true));
        }
        for id in &c.expertises {
            expertises
                .entry(id.clone())
                .or_insert_with(|| new(id, id, false));
        }
    }
    for r in dataset.people.iter().flat_map(|p| &p.roles) {
        if let Some(id) = &r.expertise {
            expertises
                .entry(id.clone())
                .or_insert_with(|| new(id, id, false));
        }
    }
    (
        themes.into_values().collect(),
        expertises.into_values().collect(),
    )
}
