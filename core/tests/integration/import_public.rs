//! The import of the real public data (`$EIG_PUBLIC_DATA`, default `../shared/data/eig-public`)
//! against the figures its `SOURCES.md` publishes. Skipped, with a message, when it is missing.

#![cfg(all(feature = "import", feature = "analytics"))]

use crate::common;

use eig::analytics::{By, promotion_stats, stats};
use eig::diagnostics::Code;
use eig::import::{Import, import_all};
use eig::model::{CommunityRole, SourceKind, UnknownReason};
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
            (Some(challenges), Some(fellows), Some(mentors)),
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

/// Every row of every table of the public dataset fills the columns the data dictionary
/// declares for it, each cell of its column's type: the tables take their columns from the
/// dictionary, and their rows must keep to them.
#[test]
fn every_row_keeps_to_the_columns_the_dictionary_declares() {
    use eig::table::{Cell, ColumnType};
    let Some(done) = import_public() else { return };
    for t in eig::analytics::every_table(&done.dataset) {
        let doc = eig::analytics::DICTIONARY
            .iter()
            .find(|d| d.name == t.name)
            .unwrap_or_else(|| panic!("{} is not in the dictionary", t.name));
        let names: Vec<&str> = doc.columns.iter().map(|c| c.name).collect();
        assert_eq!(t.columns, names, "{}", t.name);
        assert!(
            !t.rows.is_empty() || t.name.starts_with("stats_by_organisation"),
            "{}: no row",
            t.name
        );
        for (r, row) in t.rows.iter().enumerate() {
            assert_eq!(row.len(), t.columns.len(), "{} row {r}", t.name);
            for (k, cell) in row.iter().enumerate() {
                let fits = match t.column_type(k) {
                    ColumnType::Int => matches!(cell, Cell::Int(_)),
                    ColumnType::Float => matches!(cell, Cell::Float(_)),
                    ColumnType::Bool => matches!(cell, Cell::Bool(_)),
                    ColumnType::List | ColumnType::CategoryList => matches!(cell, Cell::List(_)),
                    _ => matches!(cell, Cell::Text(_)),
                };
                assert!(fits, "{} row {r}: {} holds {cell:?}", t.name, t.columns[k]);
            }
        }
    }
}

/// Every table of the public dataset converts to Arrow with its declared types: a promotion is
/// an ordered category in programme order, a timestamp parses, counts are integers.
#[cfg(feature = "arrow")]
#[test]
fn every_table_converts_to_arrow_with_its_types() {
    use arrow_schema::DataType;
    let Some(done) = import_public() else { return };
    let ds = &done.dataset;
    let all = eig::analytics::every_table(ds);
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

/// SOURCES.md: the défi files of EIG 5 to 7 are not in this copy, though the site counts 15,
/// 14 and 31 and the blog posts announce 16 and 14 défis, 39 and 34 EIG. Their counts of
/// records are null with the reason, never 0, and the published figures stand beside them.
#[test]
fn unknown_counts_are_null_with_their_reason_and_published_figures_beside() {
    let Some(done) = import_public() else { return };
    let ds = &done.dataset;
    let by_id: BTreeMap<_, _> = promotion_stats(ds)
        .into_iter()
        .map(|s| (s.promotion.0.clone(), s))
        .collect();
    for (promotion, published_challenges, published_fellows) in [
        ("eig-5", Some(16.0), Some(39.0)),
        ("eig-6", Some(14.0), Some(34.0)),
        ("eig-7", Some(31.0), None),
    ] {
        let s = &by_id[promotion];
        assert_eq!(
            (s.challenges, s.fellows, s.organisations),
            (None, None, None)
        );
        let why = s.unknown.iter().find(|u| u.column == "challenges").unwrap();
        assert_eq!(why.reason, UnknownReason::NotInSources);
        assert!(why.detail.contains("site/content/defis/"), "{}", why.detail);
        assert_eq!(
            s.challenges_published.as_ref().map(|f| f.value),
            published_challenges,
            "{promotion}"
        );
        assert_eq!(
            s.fellows_published.as_ref().map(|f| f.value),
            published_fellows,
            "{promotion}"
        );
    }
    // EIG 5: the announcement says 16 défis, the site has 15 pages: both are shown.
    let eig5 = by_id["eig-5"].challenges_published.as_ref().unwrap();
    assert!(
        eig5.source.contains("site/content/blog/"),
        "{}",
        eig5.source
    );
    assert_eq!(eig5.others.iter().map(|o| o.0).collect::<Vec<_>>(), [15.0]);
    // EIG 7's people files place no mentor: null, not 0.
    assert_eq!(by_id["eig-7"].mentors_listed, None);
    // Where the défis are read, nothing is unknown.
    assert!(by_id["eig-4"].unknown.is_empty());
    // One row per person, role and promotion: EIG 4's 41 fellows of the current site are
    // not 82 rows, one per source; the per-source rows are kept apart.
    let tables = eig::analytics::tables(ds, eig::analytics::ExportOptions::default());
    let rows = |name: &str| {
        let t = tables.iter().find(|t| t.name == name).unwrap();
        let (role, promotion) = (
            t.columns.iter().position(|c| c == "role").unwrap(),
            t.columns.iter().position(|c| c == "promotion").unwrap(),
        );
        t.rows
            .iter()
            .filter(|r| {
                r[role] == eig::table::Cell::Text(Some("fellow".into()))
                    && r[promotion] == eig::table::Cell::Text(Some("eig-4".into()))
            })
            .count()
    };
    assert_eq!(rows("roles"), 42);
    assert!(rows("roles_by_source") > 80);
    let stats_table = stats(ds, By::Promotion);
    let col = stats_table
        .columns
        .iter()
        .position(|c| c == "fellows_listed_by_source")
        .unwrap();
    assert_eq!(
        stats_table.rows[1][col],
        eig::table::Cell::List(vec!["site-eig: 28".into(), "site-eig-v3: 26".into()])
    );
    // Expertises are the union of both sites': géomatique (site-eig only) is kept, and data
    // engineering counts 2 défis in EIG 2 and 5 in EIG 4.
    let by_expertise = stats(ds, By::Expertise);
    let count_of = |promotion: &str, expertise: &str| {
        by_expertise
            .rows
            .iter()
            .find(|r| {
                r[0] == eig::table::Cell::Text(Some(promotion.into()))
                    && r[1] == eig::table::Cell::Text(Some(expertise.into()))
            })
            .map(|r| r[3].clone())
    };
    assert_eq!(
        count_of("eig-2", "data-engineering"),
        Some(eig::table::Cell::Int(Some(2)))
    );
    assert_eq!(
        count_of("eig-4", "data-engineering"),
        Some(eig::table::Cell::Int(Some(5)))
    );
    assert!(count_of("eig-4", "geomatique").is_some());
    // Every figure of a blog post was found in its file.
    assert!(
        !done
            .report
            .anomalies
            .iter()
            .any(|a| a.violation.code == Code::FigureNotFound.as_str())
    );
}

/// SOURCES.md: eig-charts gives EIG 11/28/32, mentors 6/18/21, défis 9/13/15, candidates
/// 115/208/170, jury 30/84/86; and gender, funding, communication, support and alumni paths,
/// whose 2019 is all zeros (not yet known); the map's `:lon` and `:lat` are swapped.
#[test]
fn eig_charts_is_read_whole() {
    let Some(done) = import_public() else { return };
    let ds = &done.dataset;
    let series = |measure: &str| -> Vec<Option<f64>> {
        [2017, 2018, 2019]
            .iter()
            .map(|y| {
                ds.figures
                    .iter()
                    .find(|f| f.measure == measure && f.year == Some(*y))
                    .unwrap_or_else(|| panic!("{measure} {y}"))
                    .value
            })
            .collect()
    };
    let some = |v: [f64; 3]| v.map(Some).to_vec();
    assert_eq!(series("fellows"), some([11.0, 28.0, 32.0]));
    assert_eq!(series("mentors"), some([6.0, 18.0, 21.0]));
    assert_eq!(series("challenges"), some([9.0, 13.0, 15.0]));
    assert_eq!(series("candidates"), some([115.0, 208.0, 170.0]));
    assert_eq!(series("interviewed"), some([30.0, 84.0, 86.0]));
    assert_eq!(series("women"), some([2.0, 7.0, 6.0]));
    assert_eq!(series("men"), some([9.0, 21.0, 26.0]));
    assert_eq!(series("host_organisations"), some([8.0, 12.0, 13.0]));
    // Alumni paths of 2019: all zeros in the source, unknown here, with the reason.
    let stayed = ds
        .figures
        .iter()
        .find(|f| f.label == "Sont restés dans la fonction publique" && f.year == Some(2019))
        .unwrap();
    assert_eq!(
        (stayed.value, stayed.unknown),
        (None, Some(UnknownReason::NotYetKnown))
    );
    assert_eq!(
        series("parcours/sont-restes-dans-la-fonction-publique")[..2],
        some([5.0, 14.0, 0.0])[..2]
    );
    // Every series of every section is read: 74 series × 3 years.
    let from_charts = ds
        .figures
        .iter()
        .filter(|f| f.source.source == Some(SourceKind::EigCharts))
        .count();
    assert_eq!(from_charts, 74 * 3);
    // The map: coordinates put right (Paris is at latitude 48.8, longitude 2.3).
    assert!(!ds.map.is_empty());
    for h in &ds.map {
        let (lat, lon) = (h.latitude.unwrap(), h.longitude.unwrap());
        assert!(
            (41.0..52.0).contains(&lat) && (-6.0..10.0).contains(&lon),
            "{h:?}"
        );
    }
    let swapped = done
        .report
        .anomalies
        .iter()
        .filter(|a| a.violation.path == "/administrations_map")
        .count();
    assert_eq!(swapped, 1, "one anomaly says the coordinates were swapped");
}

/// SOURCES.md: eig-link's progress log has 1,544 rows of EIG 2 (2018-02-13 to 2018-08-03) whose
/// défi names differ from the sites' (`SocialConnect`, `CoachÉlève`/`CoachÉlèves`, `EIG Node`
/// for the coordination team); `planning.md` is EIG 4's calendar with one cancelled session.
#[test]
fn the_handbook_is_read_as_activities() {
    let Some(root) = common::data_dir() else {
        return;
    };
    let link = root.join("entrepreneur-interet-general__eig-link");
    let site = root.join("entrepreneur-interet-general__site-eig");
    let v3 = root.join("entrepreneur-interet-general__site-eig-v3");
    let done = import_all(&[
        (SourceKind::SiteEig, &site),
        (SourceKind::SiteEigV3, &v3),
        (SourceKind::EigLink, &link),
    ])
    .unwrap();
    let acts = &done.dataset.activities;
    let progress: Vec<_> = acts
        .iter()
        .filter(|a| a.kind == eig::model::ActivityKind::Progress)
        .collect();
    assert_eq!(progress.len(), 1544);
    let days: Vec<&str> = progress.iter().filter_map(|a| a.date.as_deref()).collect();
    assert_eq!(days.len(), 1544, "every org-mode date is read");
    assert_eq!(days.iter().min(), Some(&"2018-02-13"));
    assert_eq!(days.iter().max(), Some(&"2018-08-03"));
    // Every défi name but the coordination team's matches an EIG 2 défi.
    let unmatched: BTreeMap<&str, usize> =
        progress
            .iter()
            .filter(|a| a.challenge.is_none())
            .fold(BTreeMap::new(), |mut m, a| {
                *m.entry(a.label.as_str()).or_default() += 1;
                m
            });
    assert_eq!(unmatched, BTreeMap::from([("EIG Node", 93)]));
    let coach: Vec<_> = progress
        .iter()
        .filter(|a| a.label.starts_with("CoachÉlève"))
        .filter_map(|a| a.challenge.as_deref())
        .collect();
    assert_eq!(coach.len(), 68);
    assert!(
        coach.iter().all(|c| *c == coach[0]),
        "both spellings, one défi"
    );
    assert_eq!(
        progress.iter().filter(|a| a.news == Some(-1)).count(),
        26,
        "SOURCES.md: OK is -1 on 26 rows"
    );
    let sessions: Vec<_> = acts
        .iter()
        .filter(|a| a.kind == eig::model::ActivityKind::Session)
        .collect();
    assert_eq!(sessions.len(), 14);
    assert_eq!(sessions.iter().filter(|a| a.cancelled).count(), 1);
    assert_eq!(sessions[0].date.as_deref(), Some("2020-09-21"));
    // SOURCES.md: the 7 webinars of EIG 4's call for candidates (May 2020), one row per défi
    // presented; every date agrees with its weekday.
    let webinars: Vec<_> = acts
        .iter()
        .filter(|a| a.kind == eig::model::ActivityKind::Webinar)
        .collect();
    assert_eq!(
        webinars
            .iter()
            .filter_map(|a| a.task.as_deref())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        7
    );
    assert!(webinars.iter().all(|a| a.date.is_some()));
    assert_eq!(webinars[0].date.as_deref(), Some("2020-05-12"));
    assert!(done.report.accounts_for_every_record());
}

/// One body is one organisation: the two sites' spellings of the Agence du numérique de la
/// sécurité civile, VITAM and its description; acronyms the sources do not give are known; a
/// ministry named beside its own service is its parent, not a second host.
#[test]
fn organisations_are_canonical_with_acronyms_and_parents() {
    let Some(done) = import_public() else { return };
    let ds = &done.dataset;
    let org = |id: &str| ds.organisations.iter().find(|o| o.id == id);
    assert!(org("agence-de-la-securite-civile").is_none());
    assert!(org("programme-interministeriel-d-archivage-numerique").is_none());
    let ansc = org("agence-du-numerique-de-la-securite-civile").unwrap();
    assert!(
        ansc.aliases
            .iter()
            .any(|a| a == "Agence de la Sécurité Civile"),
        "{ansc:?}"
    );
    assert_eq!(ansc.parent.as_deref(), Some("Ministère de l’Intérieur"));
    for (id, acronym) in [
        ("direction-generale-des-finances-publiques", "DGFiP"),
        ("bibliotheque-nationale-de-france", "BnF"),
        (
            "institut-national-de-la-statistique-et-des-etudes-economiques",
            "INSEE",
        ),
    ] {
        assert_eq!(org(id).unwrap().acronym.as_deref(), Some(acronym), "{id}");
    }
    // The map of administrations gives the BnF its ministry.
    assert_eq!(
        org("bibliotheque-nationale-de-france")
            .unwrap()
            .parent
            .as_deref(),
        Some("Ministère de la Culture")
    );
    // Host organisations: EIG 1's 8 are the aggregates' 8.
    let s = promotion_stats(ds);
    assert_eq!(
        (s[0].organisations, s[0].organisations_named),
        (Some(8), Some(8))
    );
    assert!(
        s[1].organisations < s[1].organisations_named,
        "EIG 2 names ministries beside services"
    );
}

/// The built-in rulebooks' team sizes and durations are the défi files' (site-eig
/// `_data/defis.yml`): the fewest and most EIG a défi had, and every défi's duration. EIG 1's
/// most is the programme's "2 ou 3", its défis listing one EIG each.
#[test]
fn built_in_team_sizes_and_durations_are_the_defi_files() {
    let Some(done) = import_public() else {
        return;
    };
    for id in ["eig-1", "eig-2", "eig-3", "dig-2019", "eig-4"] {
        let rb = eig::Rulebook::builtin(id).unwrap();
        let defis: Vec<_> = done
            .dataset
            .challenges
            .iter()
            .filter(|c| c.promotion.as_str() == id)
            .collect();
        let sizes: Vec<u32> = defis
            .iter()
            .map(|c| u32::try_from(c.fellows.len()).unwrap())
            .collect();
        let (min, max) = (*sizes.iter().min().unwrap(), *sizes.iter().max().unwrap());
        assert_eq!(rb.team_size.min, min, "{id}");
        if id == "eig-1" {
            assert_eq!((min, max, rb.team_size.max), (1, 1, 3));
        } else {
            assert_eq!(rb.team_size.max, max, "{id}");
        }
        for c in &defis {
            let months = c.duration_months.unwrap();
            assert!(
                rb.immersion_months.contains(u32::from(months)),
                "{id}: {months} months"
            );
        }
    }
}
