//! Each built-in code is worded once: by its one constructor in `core/src/diagnostics/message/`.
//! These tests read the source of the core, the CLI and the bindings, and the catalogue of
//! examples that `eig codes` prints.

use crate::common;

use eig::diagnostics::{Code, examples};
use eig::validate::Validator;
use std::collections::BTreeMap;
use std::path::Path;

/// The Rust sources of the workspace's crates, relative to the workspace.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [
        "core/src",
        "cli/src",
        "bindings/python/src",
        "bindings/uniffi/src",
    ]
    .iter()
    .flat_map(|dir| common::rust_files(&root.join(dir)))
    .map(|f| {
        let text = std::fs::read_to_string(&f).unwrap();
        // Comments do not count: doc examples may name the constructor.
        let code: String = text
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let name = f
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        (name, code)
    })
    .collect()
}

fn variant(code: Code) -> String {
    code.as_str()
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn each_code_is_worded_by_one_constructor_and_nowhere_else() {
    const HOME: &str = "core/src/diagnostics/message/";
    const DEFINITION: &str = "core/src/diagnostics/violation.rs";
    // Where `Violation::new(Code::X, ...)` is written, per code, and any other call.
    let mut sites: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut elsewhere = Vec::new();
    for (file, code) in sources() {
        let mut rest = code.as_str();
        let mut offset = 0;
        while let Some(i) = rest.find("Violation::new(") {
            let after = &rest[i + "Violation::new(".len()..];
            let line = code[..offset + i].lines().count();
            let site = format!("{file}:{line}");
            let is_definition = file == DEFINITION && code[..offset + i].ends_with("fn ");
            if !is_definition && !file.starts_with(HOME) {
                elsewhere.push(site.clone());
            }
            if let Some(name) = after.trim_start().strip_prefix("Code::") {
                let name: String = name
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                sites.entry(name).or_default().push(site);
            } else if !is_definition {
                elsewhere.push(format!("{site} (a code that is not a literal Code::X)"));
            }
            offset += i + "Violation::new(".len();
            rest = after;
        }
    }
    assert!(
        elsewhere.is_empty(),
        "messages built outside diagnostics/message/ (call its constructor instead):\n{}",
        elsewhere.join("\n")
    );
    let mut wrong = Vec::new();
    for code in Code::ALL {
        let found = sites.remove(&variant(*code)).unwrap_or_default();
        if found.len() != 1 {
            wrong.push(format!("{code}: {} constructor(s) {found:?}", found.len()));
        }
    }
    assert!(
        wrong.is_empty(),
        "every code has exactly one constructor:\n{}",
        wrong.join("\n")
    );
    assert!(sites.is_empty(), "unknown codes: {sites:?}");
}

/// Codes whose message carries words that a parser, a host or an engine gives (YAML errors,
/// the reason a custom rule or an engine failed), in whatever language they come.
const PASSES_WORDS_THROUGH: &[&str] = &["yaml_invalid", "rule_failed", "internal_error"];

#[test]
fn the_catalogue_shows_every_code_once_in_both_languages() {
    let examples = examples();
    let codes: Vec<&str> = examples.iter().map(|v| v.code.as_str()).collect();
    let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, all, "one example per code, in declaration order");
    let english = [
        " the ",
        "did you mean",
        " is not ",
        "expected",
        " got ",
        " must ",
        " kept ",
    ];
    let french = ["«", " est ", " pas ", " le ", " la ", " les "];
    for v in &examples {
        let code = Code::from_slug(&v.code).unwrap();
        assert_eq!(v.severity, code.severity(), "{}", v.code);
        assert!(!v.rule.is_empty(), "{}", v.code);
        assert!(
            !v.message_fr.is_empty() && !v.message_en.is_empty(),
            "{}: empty message",
            v.code
        );
        assert_ne!(v.message_fr, v.message_en, "{}: one language twice", v.code);
        if PASSES_WORDS_THROUGH.contains(&v.code.as_str()) {
            continue;
        }
        let fr = format!(" {} ", v.message_fr.to_lowercase());
        let en = format!(" {} ", v.message_en.to_lowercase());
        for w in english {
            assert!(
                !fr.contains(w),
                "{}: English {w:?} in the French message: {}",
                v.code,
                v.message_fr
            );
        }
        for w in french {
            assert!(
                !en.contains(w),
                "{}: French {w:?} in the English message: {}",
                v.code,
                v.message_en
            );
        }
    }
}

#[test]
fn invalid_json_speaks_french_in_french() {
    let rulebook = eig::Rulebook::builtin("eig-4").unwrap();
    let report = Validator::new(rulebook).validate(b"{\"promotion\": \"eig-4\", 12: 3}");
    let v = &report.violations[0];
    assert_eq!(v.code, "invalid_json");
    assert!(
        v.message_fr
            .ends_with("le nom d'un champ doit être un texte entre guillemets"),
        "{}",
        v.message_fr
    );
    assert!(
        v.message_en.ends_with("key must be a string"),
        "{}",
        v.message_en
    );
}
