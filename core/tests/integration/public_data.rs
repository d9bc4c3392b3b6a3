//! Our vocabularies against the programme's public data in `../shared/data/eig-public`.
//!
//! The data is read from `$EIG_PUBLIC_DATA` (default: `../shared/data/eig-public` beside the
//! project). When it is missing, the tests say so and pass without checking.

use eig::model::{EXPERTISES, THEMES};
use std::collections::BTreeSet;

use crate::common::data_dir;

/// The `title:` of every Markdown file's front matter in a folder of the current site.
fn titles(dir: &std::path::Path, folder: &str) -> BTreeSet<String> {
    let path = dir
        .join("entrepreneur-interet-general__site-eig-v3/site/content")
        .join(folder);
    std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.unwrap().path()).ok()?;
            let line = text.lines().find(|l| l.starts_with("title:"))?;
            Some(
                line["title:".len()..]
                    .trim()
                    .trim_matches('"')
                    .trim()
                    .replace('’', "'"),
            )
        })
        .collect()
}

#[test]
fn expertise_vocabulary_matches_the_current_site() {
    let Some(dir) = data_dir() else { return };
    let site = titles(&dir, "expertises");
    let ours: BTreeSet<String> = EXPERTISES.iter().map(|t| t.label_fr.to_owned()).collect();
    assert_eq!(ours, site);
}

#[test]
fn theme_vocabulary_matches_the_current_site() {
    let Some(dir) = data_dir() else { return };
    let site = titles(&dir, "themes");
    let ours: BTreeSet<String> = THEMES.iter().map(|t| t.label_fr.to_owned()).collect();
    assert_eq!(ours, site);
}

#[test]
fn every_legacy_skill_code_maps_to_an_expertise() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("entrepreneur-interet-general__site-eig/_data/skills.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    let codes: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, _)| k.trim())
        .collect();
    assert_eq!(codes.len(), 5, "{codes:?}");
    for code in codes {
        assert!(
            EXPERTISES.iter().any(|t| t.legacy_codes.contains(&code)),
            "legacy skill {code} has no expertise"
        );
    }
}
