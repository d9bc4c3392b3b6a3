//! The import of the real public data (`$EIG_PUBLIC_DATA`, default `../shared/data/eig-public`)
//! against the figures its `SOURCES.md` publishes. Skipped, with a message, when it is missing.

#![cfg(all(feature = "import", feature = "analytics"))]

mod common;

use eig::analytics::{By, promotion_stats, stats};
use eig::diagnostics::Code;
use eig::import::{Import, import_all};
use eig::model::{CommunityRole, SourceKind};
use std::collections::BTreeMap;

fn import_public() -> Option<Import> {
    let root = common::data_dir()?;
    let site = root.join("entrepreneur-interet-general__site-eig");
    let v3 = root.join("entrepreneur-interet-general__site-eig-v3");
    let charts = root.join("etalab__eig-charts");
    Some(
        import_all(&[
            (SourceKind::SiteEig, &site),
            (SourceKind::SiteEigV3, &v3),
            (SourceKind::EigCharts, &charts),
        ])
        .expect("the public data imports"),
    )
}

/// SOURCES.md: défis, EIG seats and mentor seats per promotion of the first site.
const PUBLISHED: [(&str, u32, u32, u32); 5] = [
    ("eig-1", 9, 9, 14),
    ("eig-2", 13, 28, 19),
    ("eig-3", 15, 32, 32),
    ("dig-2019", 17, 21, 38),
    ("eig-4", 17, 41, 49),
];

/// SOURCES.md: participants per promotion of the current site's people (from `promos`).
const PARTICIPANTS: [(&str, usize); 8] = [
    ("eig-1", 11),
    ("eig-2", 26),
    ("eig-3", 31),
    ("dig-2019", 19),
    ("eig-4", 41),
    ("eig-5", 34),
    ("eig-6", 29),
    ("eig-7", 35),
];

#[test]
fn counts_match_the_published_figures() {
    let Some(done) = import_public() else { return };
    let ds = &done.dataset;
    assert_eq!(ds.challenges.len(), 71);
    let by_id: BTreeMap<_, _> = promotion_stats(ds)
        .into_iter()
        .map(|s| (s.promotion.0.clone(), s))
        .collect();
    for (promotion, challenges, fellows, mentors) in PUBLISHED {
        let s = &by_id[promotion];
        assert_eq!(
            (s.challenges, s.fellows, s.mentors),
            (challenges, fellows, mentors),
            "{promotion}"
        );
    }
    for (promotion, n) in PARTICIPANTS {
        let declared = ds
            .people
            .iter()
            .filter(|p| {
                p.roles.iter().any(|r| {
                    r.source == SourceKind::SiteEigV3
                        && r.role == CommunityRole::Fellow
                        && !r.inferred
                        && r.promotion
                            .as_ref()
                            .is_some_and(|x| x.as_str() == promotion)
                })
            })
            .count();
        assert_eq!(declared, n, "{promotion}");
    }
    // Roles by the people files: 262 people on the first site, 431 on the current one.
    let read = &done.report.records;
    assert_eq!(read[&eig::import::RecordKind::Person].read, 262 + 431);
    assert_eq!(read[&eig::import::RecordKind::ChallengeBody].written, 71);
    let funnel: Vec<_> = ds
        .funnel
        .iter()
        .map(|f| (f.year, f.candidates, f.interviewed, f.selected))
        .collect();
    assert_eq!(
        funnel,
        [
            (2017, Some(115), Some(30), Some(11)),
            (2018, Some(208), Some(84), Some(28)),
            (2019, Some(170), Some(86), Some(32)),
        ]
    );
    assert_eq!(stats(ds, By::Funnel).rows.len(), 3);
}

#[test]
fn no_record_is_lost_and_the_known_quirks_are_reported() {
    let Some(done) = import_public() else { return };
    let r = &done.report;
    assert!(r.refused.is_empty(), "{:?}", r.refused);
    assert!(r.accounts_for_every_record(), "{:?}", r.records);
    // Both sites' 71 défis merge one to one.
    let challenges = &r.records[&eig::import::RecordKind::Challenge];
    assert_eq!((challenges.read, challenges.written), (142, 142));
    assert!(done.dataset.challenges.iter().all(|c| c.sources.len() == 3));
    let paths = |code: Code| -> Vec<String> {
        r.with_code(code)
            .map(|a| format!("{}:{}", a.file, a.violation.path))
            .collect()
    };
    // "EIG Link 2018" and friends: keys that are not titles.
    assert_eq!(paths(Code::KeyTitleMismatch).len(), 4);
    assert!(
        paths(Code::KeyTitleMismatch)
            .contains(&"derived/personnes.roles-only.yml:/Loïc Duflot".to_owned())
    );
    // "EIG2 Link" and "EIG Link": three loose title matches.
    assert_eq!(paths(Code::TitleMatchedLoosely).len(), 3);
    // '2018 2019' in one string, a trailing comma, a label before a colon.
    let normalised = paths(Code::ValueNormalised);
    for p in [
        "derived/personnes.roles-only.yml:/Sophie Miljkovic/annees/0",
        "site/content/defis/franceco.md:/who",
        "site/content/defis/hopkins.md:/who",
    ] {
        assert!(normalised.contains(&p.to_owned()), "{p}");
    }
    // Skills against expertises, and roles, where the sites disagree.
    assert!(r.with_code(Code::SitesDisagree).count() >= 20);
    // The theme "Service public" is used by défis but not defined by the site.
    assert!(
        r.with_code(Code::TermUnknown)
            .any(|a| a.violation.message_en.contains("Service public"))
    );
    // People's references to défis of promotions 5 to 7 (whose défi files are not in this
    // copy) stay unresolved: they are all on the current site, whose people cover promotions
    // 1 to 7; the first site's references all resolve.
    for person in &done.dataset.people {
        for role in &person.roles {
            if !role.unresolved.is_empty() {
                assert_eq!(role.source, SourceKind::SiteEigV3, "{}", person.name);
            }
        }
    }
    let unresolved = r.with_code(Code::ReferenceUnresolved).count();
    assert!(unresolved >= 150, "{unresolved}");
}

#[test]
fn the_dataset_round_trips_through_its_schema() {
    let Some(done) = import_public() else { return };
    let text = serde_json::to_vec(&done.dataset).unwrap();
    let back = eig::analytics::load_dataset(&text).expect("a valid dataset");
    assert_eq!(back, done.dataset);
    // The import is deterministic.
    let again = import_public().unwrap();
    assert_eq!(serde_json::to_vec(&again.dataset).unwrap(), text);
    assert_eq!(again.report, done.report);
}

/// Every table of the public dataset converts to Arrow with its declared types: a promotion is
/// an ordered category in programme order, a timestamp parses, counts are integers.
#[cfg(feature = "arrow")]
#[test]
fn every_table_converts_to_arrow_with_its_types() {
    use arrow_schema::DataType;
    let Some(done) = import_public() else { return };
    let ds = &done.dataset;
    let mut all = eig::analytics::tables(ds, eig::analytics::ExportOptions::default());
    for by in [
        By::Promotion,
        By::Expertise,
        By::Theme,
        By::Organisation,
        By::Funnel,
    ] {
        all.push(stats(ds, by));
    }
    for t in &all {
        let batch = eig::table::record_batch(t).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(batch.num_rows(), t.rows.len(), "{}", t.name);
        assert!(
            t.types.len() == t.columns.len(),
            "{}: every column is typed",
            t.name
        );
    }
    let challenges = eig::table::record_batch(&all[1]).unwrap();
    let schema = challenges.schema();
    let promotion = schema.field_with_name("promotion").unwrap();
    assert_eq!(promotion.dict_is_ordered(), Some(true));
    assert!(matches!(
        schema.field_with_name("published_at").unwrap().data_type(),
        DataType::Timestamp(_, Some(tz)) if &**tz == "UTC"
    ));
    assert_eq!(
        schema
            .field_with_name("duration_months")
            .unwrap()
            .data_type(),
        &DataType::UInt32
    );
}
