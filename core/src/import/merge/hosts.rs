//! The host organisations: split out of each défi's administration text, named by their
//! canonical id, each with the défis it hosted.

use super::*;

/// Splits every défi's administration (and the other site's, when they disagree) into
/// organisations, merged by their folded name without acronym.
pub(super) fn organisations(
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
                let pointer = o.key.as_ref().map_or_else(String::new, |k| {
                    format!("/{}", crate::import::reader::escape(k))
                });
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
                .find(|name| crate::import::organisations::is_ministry(&slug(name)))
                .cloned();
            for (part, name, acr) in parts {
                let id = crate::import::organisations::canonical(&slug(&name)).to_owned();
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
                    && !crate::import::organisations::is_ministry(&id)
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
            let known = crate::import::organisations::CANONICAL
                .iter()
                .find(|c| c.id == id);
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
                    crate::import::organisations::ACRONYMS
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
