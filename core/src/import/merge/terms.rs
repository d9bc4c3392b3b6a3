//! The vocabularies (themes, expertises): each source's terms merged by slug.

use super::*;

pub(super) fn terms(
    raw: Vec<crate::import::reader::RawTerm>,
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
