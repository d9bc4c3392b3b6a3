//! The import readers and the merge, on fuzzed YAML data files and front matter, held in
//! memory (`import_files`): both sites at once.
//!
//! The input is cut at each `\n%%\n` into up to eight files, given in this order:
//! site-eig's `_data/defis.yml`, `_data/promos.yml`, `_data/skills.yml`, `_defis/a.md`;
//! site-eig-v3's `site/content/defis/a.md`, `site/content/defis/b.md`,
//! `site/content/personnes/p.md`, `derived/personnes.roles-only.yml`. Every record read must
//! be written or refused, and the dataset must serialise.
#![no_main]

use eig::import::{SourceFiles, import_files};
use eig::model::SourceKind;
use libfuzzer_sys::fuzz_target;

const FIRST: [&str; 4] = [
    "_data/defis.yml",
    "_data/promos.yml",
    "_data/skills.yml",
    "_defis/a.md",
];
const CURRENT: [&str; 4] = [
    "site/content/defis/a.md",
    "site/content/defis/b.md",
    "site/content/personnes/p.md",
    "derived/personnes.roles-only.yml",
];

fn split(data: &[u8]) -> Vec<&[u8]> {
    let sep = b"\n%%\n";
    let mut parts = Vec::new();
    let mut rest = data;
    while parts.len() < 7 {
        match rest.windows(sep.len()).position(|w| w == sep) {
            Some(at) => {
                parts.push(&rest[..at]);
                rest = &rest[at + sep.len()..];
            }
            None => break,
        }
    }
    parts.push(rest);
    parts
}

fuzz_target!(|data: &[u8]| {
    let parts = split(data);
    let mut first = SourceFiles::new();
    let mut current = SourceFiles::new();
    for (k, part) in parts.iter().enumerate() {
        if k < 4 {
            first.insert(FIRST[k].to_owned(), part.to_vec());
        } else {
            current.insert(CURRENT[k - 4].to_owned(), part.to_vec());
        }
    }
    // The current site needs its défis folder to be recognised.
    current
        .entry(CURRENT[0].to_owned())
        .or_insert_with(|| b"---\ntitle: A\npromos: [Promotion 4]\n---\n".to_vec());
    let sources = [
        (SourceKind::SiteEig, "site-eig", &first),
        (SourceKind::SiteEigV3, "site-eig-v3", &current),
    ];
    let Ok(done) = import_files(&sources) else {
        return;
    };
    assert!(
        done.report.accounts_for_every_record(),
        "read = written + refused: {:?}",
        done.report.records
    );
    // The dataset is written as JSON (what `eig import --out` does) without a fault.
    serde_json::to_string(&done.dataset).expect("the dataset serialises");
});
