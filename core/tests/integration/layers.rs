//! The house's layout holds: no module of the core imports a module on a higher floor, and
//! no two modules import each other. Reads every `crate::` path in `core/src` (comments left
//! out), so a new import that breaks the layout fails here with the file and the line.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module and its floor: a module may use modules on its own floor or below,
/// never above (DESIGN.md, "Architecture").
const FLOORS: &[(&str, u8)] = &[
    ("diagnostics", 0),
    ("text", 0),
    ("table", 0),
    ("solve", 0),
    ("model", 1),
    ("rules", 2),
    ("schema", 3),
    ("validate", 4),
    ("scoring", 5),
    ("placement", 5),
    ("import", 5),
    ("analytics", 5),
    ("synthetic", 6),
    ("documents", 7),
    ("guide", 7),
];

fn floor(module: &str) -> Option<u8> {
    FLOORS.iter().find(|(m, _)| *m == module).map(|x| x.1)
}

/// The top-level module a file belongs to (`validate/input.rs` → `validate`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    let name = first.trim_end_matches(".rs").to_owned();
    (name != "lib").then_some(name)
}

/// Every `crate::module` a line names, outside comments and string literals' doc examples.
fn uses(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.push(name);
        }
        rest = after;
    }
    // `use crate::{a, b::c}` names several.
    if let Some(i) = code.find("crate::{") {
        let inner = &code[i + "crate::{".len()..];
        for part in inner.split(',') {
            let name: String = part
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn no_module_imports_a_higher_floor_and_no_two_modules_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let all = common::rust_files(&src);
    let mut edges: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut upward = Vec::new();
    let mut unknown = BTreeSet::new();
    for file in &all {
        let Some(from) = module_of(&src, file) else {
            continue;
        };
        let Some(from_floor) = floor(&from) else {
            unknown.insert(from.clone());
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for to in uses(line) {
                if to == from {
                    continue;
                }
                let Some(to_floor) = floor(&to) else {
                    unknown.insert(to.clone());
                    continue;
                };
                let at = format!("{}:{}", file.strip_prefix(&src).unwrap().display(), n + 1);
                if to_floor > from_floor {
                    upward.push(format!(
                        "{at}: {from} (floor {from_floor}) uses {to} (floor {to_floor})"
                    ));
                }
                edges.entry((from.clone(), to)).or_insert(at);
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules with no floor in FLOORS: {unknown:?}"
    );
    assert!(
        upward.is_empty(),
        "imports from a lower floor to a higher one:\n{}",
        upward.join("\n")
    );
    let mutual: Vec<String> = edges
        .iter()
        .filter(|((a, b), _)| a < b && edges.contains_key(&(b.clone(), a.clone())))
        .map(|((a, b), at)| format!("{a} <-> {b} ({at} and {})", edges[&(b.clone(), a.clone())]))
        .collect();
    assert!(
        mutual.is_empty(),
        "modules that import each other:\n{}",
        mutual.join("\n")
    );
    // The generic solvers name no domain type: they import nothing of the crate.
    let solve: Vec<_> = edges.keys().filter(|(a, _)| a == "solve").collect();
    assert!(solve.is_empty(), "solve imports {solve:?}");
}
