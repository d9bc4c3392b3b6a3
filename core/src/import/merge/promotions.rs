//! The promotions: each source's records of one promotion merged, the built-in rulebooks'
//! labels and years beside them.

use super::*;

pub(super) fn promotion_rank(id: &PromotionId) -> (usize, String) {
    let historical = PromotionId::HISTORICAL
        .iter()
        .position(|h| *h == id.as_str())
        .unwrap_or(usize::MAX);
    (historical, id.as_str().to_owned())
}

pub(super) fn promotions(
    raw: Vec<crate::import::reader::RawPromotion>,
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
