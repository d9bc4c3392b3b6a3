//! One language at a time: what `eig` prints for a person in French holds no English word and
//! no raw code outside its brackets, and the reverse, with numbers written each language's
//! way; and a table fits 100 characters or says how to see the rest.
//!
//! Read: the demo (rankings, a decision notice, teams, the policies compared, a placement
//! notice, référents and their notice), `eig stats` of the programme's public data by each
//! grouping, and a validation report with its hints and fixes.

mod common;
use common::{eig, root, stdout};
use std::path::PathBuf;

/// Words of English that no French sentence holds.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "is",
    "are",
    "was",
    "must",
    "with",
    "this",
    "that",
    "which",
    "not",
    "more",
    "error",
    "warning",
    "invalid",
    "valid",
    "line",
    "column",
    "file",
    "policy",
    "candidates",
    "placed",
    "rate",
    "rank",
    "score",
    "scores",
    "seats",
    "team",
    "follower",
    "kind",
    "affinity",
    "load",
    "conflicts",
    "welfare",
    "blocking",
    "pairs",
    "bound",
    "selected",
    "waiting",
    "list",
    "items",
    "time",
    "stage",
    "outcome",
    "reason",
    "raw",
    "year",
    "fellows",
    "challenges",
    "interviewed",
    "share",
    "first",
    "last",
    "name",
    "unknown",
    "write",
    "fix",
    "empty",
    "eligible",
    "best",
    "optimal",
    "buddy",
    "to",
    "at",
    "by",
    "in",
    "or",
];

/// Words of French that no English sentence holds (`défi`, `promotion` and the names of
/// people and places are the programme's own, in both).
const FRENCH: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "du",
    "une",
    "est",
    "sont",
    "pour",
    "avec",
    "dans",
    "sur",
    "aux",
    "erreur",
    "erreurs",
    "avertissement",
    "ligne",
    "colonne",
    "fichier",
    "retenu",
    "retenus",
    "liste",
    "attente",
    "note",
    "notes",
    "rang",
    "brut",
    "brute",
    "décision",
    "motif",
    "équipe",
    "équipes",
    "juré",
    "jurés",
    "placés",
    "postes",
    "vides",
    "politique",
    "affinité",
    "charge",
    "conflits",
    "binôme",
    "année",
    "candidats",
    "auditionnés",
    "taux",
    "écrivez",
    "corriger",
    "étape",
    "critère",
    "poids",
    "échelle",
    "durée",
    "choix",
    "votre",
    "vous",
    "et",
    "ou",
    "de",
    "en",
    "au",
    "à",
];

/// The words of `list` in `text`, set apart what is the data's own: « quoted » or "quoted"
/// values, [codes] in brackets, and words holding a digit, `_`, `/`, `.`, `@` or `-`
/// (identifiers, paths, addresses, codes).
fn foreign(text: &str, list: &[&str]) -> Vec<String> {
    let mut plain = String::new();
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match (closing, c) {
            (Some(end), c) if c == end => closing = None,
            (Some(_), _) => {}
            (None, '«') => closing = Some('»'),
            (None, '"') => closing = Some('"'),
            (None, '[') => closing = Some(']'),
            (None, '`') => closing = Some('`'),
            (None, c) => plain.push(c),
        }
    }
    plain
        .split_whitespace()
        .filter(|w| !w.contains(|c: char| c.is_ascii_digit() || "_/.@-".contains(c)))
        .flat_map(|w| {
            w.split(|c: char| !c.is_alphabetic() && c != '\'')
                .map(|s| s.trim_matches('\'').to_lowercase())
                .collect::<Vec<_>>()
        })
        .filter(|w| list.contains(&w.as_str()))
        .collect()
}

/// A raw code (`no_eligible_candidate`) outside brackets and quotes.
fn raw_codes(text: &str) -> Vec<String> {
    text.lines()
        .flat_map(|line| {
            let mut plain = String::new();
            let mut depth = 0;
            for c in line.chars() {
                match c {
                    '[' | '«' => depth += 1,
                    ']' | '»' => depth -= 1,
                    c if depth == 0 => plain.push(c),
                    _ => {}
                }
            }
            plain
                .split_whitespace()
                .filter(|w| !w.contains(['/', '"', '`']))
                .filter(|w| {
                    let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
                    w.contains('_')
                        && w.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        && !w.starts_with('_')
                })
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn check(what: &str, text: &str, lang: &str, failed: &mut Vec<String>) {
    let list = if lang == "fr" { ENGLISH } else { FRENCH };
    let words = foreign(text, list);
    if !words.is_empty() {
        failed.push(format!("{what} ({lang}): {words:?}"));
    }
    let codes = raw_codes(text);
    if !codes.is_empty() {
        failed.push(format!("{what} ({lang}): raw codes {codes:?}"));
    }
    // Numbers: a French decimal has a comma, an English one a point.
    let wrong = if lang == "fr" { '.' } else { ',' };
    for w in text.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_ascii_digit());
        let mut parts = w.split(wrong);
        if let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next())
            && !a.is_empty()
            && a.bytes().all(|c| c.is_ascii_digit())
            && b.len() == 2
            && b.bytes().all(|c| c.is_ascii_digit())
        {
            failed.push(format!("{what} ({lang}): the number {w}"));
        }
    }
}

#[test]
fn the_demo_speaks_one_language_at_a_time() {
    let mut failed = Vec::new();
    for lang in ["fr", "en"] {
        let out = eig(&["demo", "--lang", lang]);
        assert!(out.status.success());
        let text = stdout(&out);
        // The demo's placement notice meets a tie at the cut-off, and says how it was broken.
        let tie = if lang == "fr" {
            "à égalité de note, la place va à l'identifiant"
        } else {
            "at equal scores, the seat goes to the identifier"
        };
        assert!(text.contains(tie), "{text}");
        for (k, section) in text.split("\n== ").enumerate() {
            let title = section.lines().next().unwrap_or_default().to_owned();
            check(&format!("demo #{k} {title}"), section, lang, &mut failed);
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn a_report_and_its_fixes_speak_one_language_at_a_time() {
    let mut failed = Vec::new();
    let dir = std::env::temp_dir().join(format!("eig-language-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("defi.json");
    let path = file.to_string_lossy().into_owned();
    for lang in ["fr", "en"] {
        assert!(
            eig(&[
                "template",
                "--promotion",
                "eig-7",
                "--out",
                &path,
                "--lang",
                lang
            ])
            .status
            .success()
        );
        let text = std::fs::read_to_string(&file)
            .unwrap()
            .replace("\"11000201100044\"", "\"110 002 011 00045\"")
            .replace(
                "\"direction-produit\",\n      // ",
                "\"Data Scientist\",\n      // ",
            )
            .replace("\"2024-12-30T10:00:00+01:00\"", "\"30/12/2024\"")
            .replace("\"title\":", "\"titre\":");
        std::fs::write(&file, text).unwrap();
        for args in [
            vec!["validate", "--lang", lang, &path],
            vec!["fix", "--dry-run", "--lang", lang, &path],
        ] {
            let out = stdout(&eig(&args)).replace(&path, "defi.json");
            // The dry run's diff is the dossier's own text: its report comes before, its last
            // line after.
            let said = match out.split_once("\n--- ") {
                Some((report, diff)) => {
                    format!("{report}\n{}", diff.lines().last().unwrap_or_default())
                }
                None => out.clone(),
            };
            check(&args[0..1].join(" "), &said, lang, &mut failed);
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// `eig stats` of the public data: each grouping in each language, within 100 characters, and
/// the columns left out named with how to see them.
#[test]
fn stats_fit_a_terminal_in_one_language() {
    let data = std::env::var_os("EIG_PUBLIC_DATA")
        .map_or_else(|| root().join("../shared/data/eig-public"), PathBuf::from);
    if !data.is_dir() {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
        assert!(!ci, "public EIG data not found at {}", data.display());
        eprintln!(
            "skipping: public EIG data not found at {} (set EIG_PUBLIC_DATA)",
            data.display()
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("eig-stats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dataset = dir.join("dataset.json").to_string_lossy().into_owned();
    let site = |name: &str| data.join(name).to_string_lossy().into_owned();
    let out = eig(&[
        "import",
        &site("entrepreneur-interet-general__site-eig"),
        &site("entrepreneur-interet-general__site-eig-v3"),
        &site("etalab__eig-charts"),
        "--out",
        &dataset,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut failed = Vec::new();
    for by in ["promotion", "expertise", "theme", "organisation", "funnel"] {
        for lang in ["fr", "en"] {
            let out = eig(&["stats", &dataset, "--by", by, "--lang", lang]);
            assert!(out.status.success());
            let text = stdout(&out);
            for line in text.lines() {
                if line.chars().count() > 100 {
                    failed.push(format!(
                        "{by} ({lang}): {} characters: {line}",
                        line.chars().count()
                    ));
                }
            }
            // The headers and the note are the command's words; the rows are the data's
            // (organisations' names, labels), but their numbers are written in `lang`'s way.
            let rows = text.lines().take_while(|l| !l.starts_with('(')).count();
            let words: String = text
                .lines()
                .enumerate()
                .filter(|(k, _)| *k == 0 || *k >= rows)
                .map(|(_, l)| format!("{l}\n"))
                .collect();
            check(&format!("stats --by {by}"), &words, lang, &mut failed);
            let numbers: String = text
                .lines()
                .take(rows)
                .map(|l| {
                    l.split_whitespace()
                        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n");
            check(
                &format!("stats --by {by} numbers"),
                &numbers,
                lang,
                &mut failed,
            );
            let wide = stdout(&eig(&[
                "stats", &dataset, "--by", by, "--lang", lang, "--wide",
            ]));
            if wide.lines().count() != rows {
                failed.push(format!(
                    "{by} ({lang}): --wide has {} lines, not {rows}",
                    wide.lines().count()
                ));
            }
            if text != wide && !text.contains("--wide") {
                failed.push(format!(
                    "{by} ({lang}): columns left out without saying how to see them"
                ));
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
