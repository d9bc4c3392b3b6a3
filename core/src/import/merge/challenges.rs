//! The défis: the two sites' records matched by promotion and folded title (then loosely),
//! each field picked from the current site first, every disagreement kept.

use super::*;

/// One défi as both sites give it.
pub(super) struct Group {
    current: Option<RawChallenge>,
    first: Option<RawChallenge>,
}

pub(super) fn key(c: &RawChallenge) -> (Option<PromotionId>, String) {
    (c.promotion.clone(), fold(&c.title))
}

/// Refuses the second record of a source with the same promotion and title.
pub(super) fn dedupe(list: Vec<RawChallenge>, report: &mut ImportReport) -> Vec<RawChallenge> {
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
pub(super) fn match_groups(
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

pub(super) fn merge_challenges(
    raw: Vec<RawChallenge>,
    report: &mut ImportReport,
) -> Vec<DatasetChallenge> {
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
pub(super) struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    pub(super) fn unique(&mut self, base: String) -> String {
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
pub(super) fn pick<T: Clone + Into<Value>>(
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

pub(super) fn same_text(a: &str, b: &str) -> bool {
    fold(a) == fold(b)
}

pub(super) fn same_administration(a: &str, b: &str) -> bool {
    fold(&clean_administration(a).0) == fold(&clean_administration(b).0)
}

pub(super) fn merge_group(g: Group, report: &mut ImportReport) -> DatasetChallenge {
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
pub(super) struct Picker<'a> {
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
pub(super) fn aliases(primary: &RawChallenge, secondary: &RawChallenge) -> Vec<String> {
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
pub(super) fn sources(primary: &RawChallenge, secondary: &RawChallenge) -> Vec<SourceRef> {
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
pub(super) fn first_listed<T>(primary: Vec<T>, secondary: Vec<T>) -> Vec<T> {
    if primary.is_empty() {
        secondary
    } else {
        primary
    }
}
