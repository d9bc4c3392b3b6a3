//! The built-in rulebooks' quotations against the public sources (`$EIG_PUBLIC_DATA`,
//! default `../shared/data/eig-public`): every « quoted » passage of a source that names a
//! file of the two sites is in that file (its Markdown emphasis and bullets aside). Skipped, with a message, when the data is missing.

use crate::common;

use eig::Rulebook;
use eig::rules::Source;
use std::path::PathBuf;

/// The file a source names (`site-eig-v3 site/content/…/faq.md`), when it is one of the sites'.
fn file_of(source: &str, root: &std::path::Path) -> Option<PathBuf> {
    if source.starts_with("the community's public page") {
        // `../shared/seed/`, beside `../shared/data/`.
        let seed = root.parent()?.parent()?.join("seed");
        let mut files: Vec<PathBuf> = std::fs::read_dir(seed)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        return files.into_iter().next();
    }
    let (site, rest) = source.split_once(' ')?;
    let folder = match site {
        "site-eig" => "entrepreneur-interet-general__site-eig",
        "site-eig-v3" => "entrepreneur-interet-general__site-eig-v3",
        _ => return None,
    };
    let path = rest.split(" (").next()?.trim();
    let base = root.join(folder);
    match path.split_once('…') {
        // A long name cut with an ellipsis: the one file that starts so.
        Some((head, tail)) => {
            let full = base.join(head);
            let dir = full.parent()?;
            let start = full.file_name()?.to_string_lossy().into_owned();
            let found: Vec<PathBuf> = std::fs::read_dir(dir)
                .ok()?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().unwrap_or_default().to_string_lossy();
                    name.starts_with(&start) && name.ends_with(tail)
                })
                .collect();
            (found.len() == 1).then(|| found[0].clone())
        }
        None => Some(base.join(path)),
    }
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The « quoted » passages of a text, each cut at its elisions (`[…]`, `…`).
fn quotes(says: &str) -> Vec<String> {
    says.split('«')
        .skip(1)
        .filter_map(|q| q.split_once('»').map(|(inner, _)| inner))
        .flat_map(|q| {
            q.split("[…]")
                .flat_map(|p| p.split('…'))
                .map(str::trim)
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .map(squeeze)
        .collect()
}

#[test]
fn every_quotation_is_in_its_source() {
    let Some(root) = common::data_dir() else {
        return;
    };
    let mut checked = 0;
    let mut missing = Vec::new();
    for rb in Rulebook::builtins() {
        for s in &rb.sources {
            let Source::Fact(f) = s else { continue };
            let Some(path) = file_of(&f.source, &root) else {
                continue;
            };
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {} ({e})", rb.label, path.display()));
            // Markdown's emphasis and bullets (`**18 projets**`, `* Intégration`) are not words.
            let text = squeeze(&text.replace('*', ""));
            for q in quotes(&f.says) {
                checked += 1;
                if !text.contains(&q) {
                    missing.push(format!("{}: «{q}» is not in {}", rb.label, f.source));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(checked >= 30, "only {checked} quotations checked");
}
