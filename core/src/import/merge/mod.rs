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

mod activities;
mod challenges;
mod hosts;
mod people;
mod promotions;
mod terms;

use activities::*;
use challenges::*;
use hosts::*;
use people::*;
use promotions::*;
use terms::*;

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
