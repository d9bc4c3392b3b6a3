//! The import corpus: synthetic site folders under `tests/conformance/import/<case>/` (one
//! folder per source, named by its format), and the report each must give (`expected.json`).
//! Bless with `EIG_BLESS=1 cargo test -p eig --test integration import::`.

#![cfg(all(feature = "import", feature = "analytics"))]

use crate::common;

use eig::import::{Import, import_all};
use eig::model::{Dataset, SourceKind};
use eig::validate::load_document;
use serde_json::{Value, json};
use std::path::Path;

fn import_case(dir: &Path) -> Import {
    let mut sources = Vec::new();
    for kind in SourceKind::ALL {
        let folder = dir.join(kind.name());
        if folder.is_dir() {
            sources.push((kind, folder));
        }
    }
    let refs: Vec<(SourceKind, &Path)> = sources.iter().map(|(k, p)| (*k, p.as_path())).collect();
    import_all(&refs).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// The part of a report a case pins: tallies, refused records, every anomaly.
fn summary(done: &Import) -> Value {
    let r = &done.report;
    json!({
        "records": r.records,
        "output": r.output,
        "refused": r.refused.iter().map(|x| json!({
            "kind": x.kind, "source": x.source, "file": x.file, "key": x.key, "code": x.code,
        })).collect::<Vec<_>>(),
        "violations": r.anomalies.iter().map(|a| json!({
            "source": a.source, "file": a.file, "path": a.violation.path,
            "code": a.violation.code, "severity": a.violation.severity,
        })).collect::<Vec<_>>(),
    })
}

#[test]
fn import_corpus() {
    let bless = std::env::var_os("EIG_BLESS").is_some();
    let cases = common::case_dirs("import");
    assert!(cases.len() >= 3);
    for dir in cases {
        let done = import_case(&dir);
        assert!(
            done.report.accounts_for_every_record(),
            "{}: {:?}",
            dir.display(),
            done.report.records
        );
        // The dataset is valid against its own schema and checks.
        let text = serde_json::to_vec(&done.dataset).unwrap();
        let back: Dataset = load_document::<Dataset>(&text)
            .map(eig::validate::Checked::into_inner)
            .unwrap_or_else(|e| panic!("{}: {:?}", dir.display(), e.report.violations));
        assert_eq!(back, done.dataset);
        let actual = summary(&done);
        let expected_file = dir.join("expected.json");
        if bless {
            let mut text = serde_json::to_string_pretty(&actual).unwrap();
            text.push('\n');
            std::fs::write(&expected_file, text).unwrap();
            continue;
        }
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_file)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_file.display())),
        )
        .unwrap();
        assert_eq!(actual, expected, "{}", dir.display());
    }
}

#[test]
fn the_first_site_quirks_are_read_and_reported() {
    let dir = common::case_dirs("import")
        .into_iter()
        .find(|d| d.ends_with("jekyll-quirks"))
        .unwrap();
    let done = import_case(&dir);
    let ds = &done.dataset;
    let alpha = ds.challenge("eig-4/alpha").expect("Alpha is imported");
    // "4" and "10" stored as strings are read as numbers.
    assert_eq!(alpha.promotion.as_str(), "eig-4");
    assert_eq!(alpha.duration_months, Some(10));
    // The unknown field and the unreadable key figure are kept, not dropped.
    let extra = &alpha.extra["site-eig"];
    assert_eq!(extra["budget"], json!(120000));
    assert_eq!(extra["key_figures"][0]["unit"], json!("%"));
    assert_eq!(alpha.key_figures.len(), 1);
    // The trailing comma is gone; the administration splits in two organisations.
    assert_eq!(
        alpha.organisations,
        ["ministere-de-l-interieur", "direction-du-numerique"]
    );
    assert_eq!(alpha.body.as_deref(), Some("Le texte du défi Alpha."));
    // The two "EIG Link" of two promotions are two défis with their keys as aliases.
    let links: Vec<_> = ds
        .challenges
        .iter()
        .filter(|c| c.title == "EIG Link")
        .collect();
    assert_eq!(links.len(), 2);
    assert!(links.iter().any(|c| c.aliases == ["EIG Link 2018"]));
    // DINUM with and without its acronym is one organisation.
    let dinum = ds
        .organisations
        .iter()
        .find(|o| o.id == "direction-interministerielle-du-numerique")
        .unwrap();
    assert_eq!(dinum.acronym.as_deref(), Some("DINUM"));
    assert_eq!(dinum.challenges.len(), 2);
    // People: the key kept as an alias, the profile field not read, the key reference
    // resolved, the unknown one kept as published.
    let alan = ds
        .people
        .iter()
        .find(|p| p.name == "Alan M. Turing")
        .unwrap();
    assert_eq!(alan.aliases, ["Alan Turing"]);
    assert!(alan.roles.is_empty(), "an unknown profile gives no role");
    // ... and what the role would have held stays in extra.
    assert_eq!(alan.extra["site-eig"]["defis"], json!(["EIG Link 2018"]));
    assert_eq!(alan.extra["site-eig"]["promotions"], json!(["eig-4"]));
    assert!(!serde_json::to_string(alan).unwrap().contains("linkedin"));
    let ada = ds.people.iter().find(|p| p.name == "Ada Lovelace").unwrap();
    assert_eq!(ada.roles[0].challenges, ["eig-4/alpha"]);
    assert_eq!(ada.roles[0].unresolved, ["Zeta"]);
    assert_eq!(ada.extra["site-eig"]["annees"], json!([2018, 2019]));
    // Refused: the unknown promotion, the missing title, the non-mapping, the duplicate, the
    // body without front matter and the body without a défi, each named with its reason.
    let refused: Vec<(String, Option<String>)> = done
        .report
        .refused
        .iter()
        .map(|r| (r.code.clone(), r.key.clone()))
        .collect();
    for (code, key) in [
        ("promotion_label_unknown", Some("Gamma")),
        ("record_incomplete", Some("Delta")),
        ("unexpected_type", Some("Epsilon")),
        ("duplicate_record", Some("Alpha bis")),
        ("front_matter_missing", None),
        ("reference_unresolved", None),
    ] {
        assert!(
            refused.contains(&(code.to_owned(), key.map(str::to_owned))),
            "{code} {key:?} in {refused:?}"
        );
    }
}

#[test]
fn the_current_site_follows_its_cms_schema() {
    let dir = common::case_dirs("import")
        .into_iter()
        .find(|d| d.ends_with("v3-quirks"))
        .unwrap();
    let done = import_case(&dir);
    let ds = &done.dataset;
    let santeo = ds.challenge("eig-7/santeo").expect("Santéo is imported");
    assert_eq!(santeo.startup, Some(true));
    assert_eq!(
        santeo.startup_url.as_deref(),
        Some("https://beta.gouv.fr/startups/santeo")
    );
    assert_eq!(santeo.published_at, None);
    let extra = &santeo.extra["site-eig-v3"];
    assert_eq!(extra["date"], json!(2024));
    assert_eq!(extra["budget"], json!(100000));
    assert_eq!(santeo.organisations.len(), 2);
    assert_eq!(santeo.expertises, ["developpement", "direction-technique"]);
    assert_eq!(santeo.themes, ["sante", "cuisine", "spatial"]);
    // `budget` is declared by this CMS schema, `ogImage` is not.
    let not_in_format: Vec<&str> = done
        .report
        .anomalies
        .iter()
        .filter(|a| a.violation.code == "field_not_in_format")
        .map(|a| a.violation.path.as_str())
        .collect();
    assert!(not_in_format.contains(&"/ogImage"));
    assert!(!not_in_format.contains(&"/budget"));
    // A défi in two promotions is placed in the first, the other kept.
    let dessin = ds.challenge("dig-2019/dessin").unwrap();
    assert_eq!(dessin.extra["site-eig-v3"]["promos"], json!(["eig-7"]));
    // The section page is not a record; the broken files are refused with their reason.
    let codes: Vec<&str> = done
        .report
        .refused
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert!(codes.contains(&"yaml_invalid"));
    assert!(codes.contains(&"front_matter_missing"));
    assert!(codes.contains(&"record_incomplete"));
    assert!(
        !done
            .report
            .anomalies
            .iter()
            .any(|a| a.file.ends_with("_index.md"))
    );
    let marie = ds.people.iter().find(|p| p.name == "Marie Curie").unwrap();
    assert_eq!(marie.roles[0].challenges, ["eig-7/santeo"]);
    assert_eq!(marie.roles[0].expertise.as_deref(), Some("developpement"));
    let pierre = ds.people.iter().find(|p| p.name == "Pierre Curie").unwrap();
    assert_eq!(pierre.extra["site-eig-v3"]["role"], json!("astronaute"));
    assert_eq!(pierre.extra["site-eig-v3"]["job"], json!("Chercheur"));
}

#[test]
fn both_sites_merge_and_keep_their_disagreements() {
    let dir = common::case_dirs("import")
        .into_iter()
        .find(|d| d.ends_with("both-sites"))
        .unwrap();
    let done = import_case(&dir);
    let ds = &done.dataset;
    assert_eq!(ds.challenges.len(), 2, "{:?}", ds.challenges);
    let carto = ds.challenge("eig-2/carto").unwrap();
    assert_eq!(carto.title, "CARTO");
    assert_eq!(carto.aliases, ["Carto"]);
    assert_eq!(carto.sources.len(), 3, "both sites and the body file");
    // Expertises: both can be true, so the union (the current site's first), and the conflict
    // with each site's value and the rule.
    assert_eq!(carto.expertises, ["geomatique", "developpement"]);
    let conflict = carto
        .conflicts
        .iter()
        .find(|c| c.field == "expertises")
        .unwrap();
    assert_eq!(
        conflict.values[1].value,
        json!(["geomatique", "developpement"])
    );
    assert_eq!(conflict.rule, eig::model::ConflictRule::Union);
    // The first site's fields the current one lacks are merged in; its body is kept.
    assert_eq!(carto.fellows, ["Alice"]);
    assert_eq!(
        carto.source_code.as_deref(),
        Some("https://example.org/carto")
    );
    assert_eq!(carto.body.as_deref(), Some("Le texte du site actuel."));
    assert_eq!(
        carto.extra["site-eig"]["body"],
        json!("Le texte du premier site.")
    );
    // Saint-Mandé and Saint-Mandé (94160) agree; the administrations split differently and
    // disagree, so both are kept and both give organisations.
    assert!(!carto.conflicts.iter().any(|c| c.field == "town"));
    assert!(carto.conflicts.iter().any(|c| c.field == "administration"));
    assert_eq!(carto.organisations.len(), 2);
    // EIG Link and EIG2 Link are one défi.
    let link = ds.challenge("eig-2/eig2-link").unwrap();
    assert_eq!(link.aliases, ["EIG Link", "EIG Link 2018"]);
    assert_eq!(link.fellows, ["Bob"]);
    // People: Alice's expertise and Carol's role disagree.
    let alice = ds.people.iter().find(|p| p.name == "Alice").unwrap();
    assert_eq!(alice.conflicts[0].field, "expertise");
    assert_eq!(alice.roles.len(), 2);
    let carol = ds.people.iter().find(|p| p.name == "Carol").unwrap();
    assert_eq!(carol.conflicts[0].field, "role");
    assert!(carol.roles.iter().all(|r| r.challenges == ["eig-2/carto"]));
    assert_eq!(
        done.report
            .with_code(eig::diagnostics::Code::TitleMatchedLoosely)
            .count(),
        1
    );
}

#[test]
fn a_folder_of_another_format_is_a_typed_error() {
    let dir = common::case_dirs("import")
        .into_iter()
        .find(|d| d.ends_with("v3-quirks"))
        .unwrap();
    let err = import_all(&[(SourceKind::SiteEig, &dir.join("site-eig-v3"))]).unwrap_err();
    assert!(
        err.to_string().contains("_data/defis.yml is missing"),
        "{err}"
    );
    assert!(import_all(&[]).is_err());
}

/// A défi file that is a FIFO is refused at once with an error that says so: reading it would
/// block the import forever.
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/import/both-sites");
    let dir = std::env::temp_dir().join(format!("eig-import-fifo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let copy = |from: &Path, to: &Path| {
        std::process::Command::new("cp")
            .arg("-r")
            .arg(from)
            .arg(to)
            .status()
            .unwrap()
    };
    assert!(copy(&root.join("site-eig"), &dir).success());
    let data = dir.join("_data/defis.yml");
    std::fs::remove_file(&data).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&data).status();
    if !made.is_ok_and(|s| s.success()) {
        // No mkfifo here: a socket is not a regular file either.
        let _socket = std::os::unix::net::UnixListener::bind(&data).unwrap();
    }
    let e = eig::import::import(SourceKind::SiteEig, &dir).unwrap_err();
    assert!(e.to_string().contains("not a regular file"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Among the défi files, a FIFO, a dangling link, a link loop and a link out of the source
/// folder are each reported as `file_skipped` and left out; the rest is imported. A required
/// file that is a dangling link is an error that says so, not "missing".
#[cfg(unix)]
#[test]
fn files_that_are_not_regular_are_reported_and_skipped() {
    use std::os::unix::fs::symlink;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/import/both-sites");
    let dir = std::env::temp_dir().join(format!("eig-import-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(root.join("site-eig-v3"))
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let clean = eig::import::import(SourceKind::SiteEigV3, &dir).unwrap();
    let defis = dir.join("site/content/defis");
    symlink("nowhere.md", defis.join("dangling.md")).unwrap();
    symlink("loop-b.md", defis.join("loop-a.md")).unwrap();
    symlink("loop-a.md", defis.join("loop-b.md")).unwrap();
    let outside = std::env::temp_dir().join(format!("eig-outside-{}.md", std::process::id()));
    std::fs::write(&outside, "---\ntitle: Dehors\npromos: [Promotion 4]\n---\n").unwrap();
    symlink(&outside, defis.join("outside.md")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(defis.join("tube.md"))
        .status()
        .is_ok_and(|s| s.success());
    let done = eig::import::import(SourceKind::SiteEigV3, &dir).unwrap();
    let mut skipped: Vec<(String, String)> = done
        .report
        .anomalies
        .iter()
        .filter(|a| a.violation.code.as_str() == "file_skipped")
        .map(|a| (a.file.clone(), a.violation.message_en.clone()))
        .collect();
    skipped.sort();
    let mut expected = vec![
        ("dangling.md", "leads to a file that does not exist"),
        ("loop-a.md", "go round in a loop"),
        ("loop-b.md", "go round in a loop"),
        ("outside.md", "leads out of the source folder"),
    ];
    if fifo {
        expected.push(("tube.md", "not a regular file"));
    }
    assert_eq!(skipped.len(), expected.len(), "{skipped:?}");
    for ((file, message), (name, says)) in skipped.iter().zip(&expected) {
        assert_eq!(file, &format!("site/content/defis/{name}"));
        assert!(message.contains(says), "{message}");
    }
    assert_eq!(
        done.dataset.challenges.len(),
        clean.dataset.challenges.len()
    );
    // The folder that makes the format, as a dangling link.
    std::fs::remove_dir_all(&defis).unwrap();
    symlink("gone", &defis).unwrap();
    let e = eig::import::import(SourceKind::SiteEigV3, &dir).unwrap_err();
    assert!(e.to_string().contains("does not exist"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_file(&outside).ok();
}

/// The same sources held in memory give the same dataset and report as read from their folders.
#[test]
fn files_in_memory_import_as_their_folders_do() {
    use eig::import::{SourceFiles, import_files};
    fn gather(root: &Path, dir: &Path, out: &mut SourceFiles) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                gather(root, &path, out);
            } else if path.is_file() {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/import");
    for case in [
        "both-sites",
        "v3-quirks",
        "jekyll-quirks",
        "charts-quirks",
        "link-quirks",
    ] {
        let dir = corpus.join(case);
        let mut folders = Vec::new();
        let mut memory = Vec::new();
        for (kind, name) in [
            (SourceKind::SiteEig, "site-eig"),
            (SourceKind::SiteEigV3, "site-eig-v3"),
            (SourceKind::EigCharts, "eig-charts"),
            (SourceKind::EigLink, "eig-link"),
        ] {
            let root = dir.join(name);
            if root.is_dir() {
                let mut files = SourceFiles::new();
                gather(&root, &root, &mut files);
                folders.push((kind, root));
                memory.push((kind, name, files));
            }
        }
        assert!(!folders.is_empty(), "{case}");
        let on_disk: Vec<(SourceKind, &Path)> =
            folders.iter().map(|(k, p)| (*k, p.as_path())).collect();
        let in_memory: Vec<(SourceKind, &str, &SourceFiles)> =
            memory.iter().map(|(k, n, f)| (*k, *n, f)).collect();
        let mut a = import_all(&on_disk).unwrap();
        let mut b = import_files(&in_memory).unwrap();
        // The reports are compared below; a link only a folder can hold is skipped there.
        assert!(a.dataset.import_report.take().is_some());
        assert!(b.dataset.import_report.take().is_some());
        assert_eq!(
            serde_json::to_value(&a.dataset).unwrap(),
            serde_json::to_value(&b.dataset).unwrap(),
            "{case}"
        );
        // The disk has one more anomaly in v3-quirks: the dangling link, which memory cannot hold.
        let codes = |i: &Import| {
            i.report
                .anomalies
                .iter()
                .filter(|a| a.violation.code.as_str() != "file_skipped")
                .map(|a| {
                    (
                        a.file.clone(),
                        a.violation.code.as_str().to_owned(),
                        a.violation.path.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&a), codes(&b), "{case}");
    }
}
