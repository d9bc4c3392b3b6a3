//! The house's layout holds, as ARCHITECTURE.md draws it: no module of the core imports a
//! module on a higher floor, no two modules import each other, and the diagram places every
//! module of `core/src` and no other. Reads the diagram, then every `crate::` path in
//! `core/src` (comments left out), so a new import that breaks the layout fails here with the
//! file and the line.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module and its floor, read from the diagram of ARCHITECTURE.md (the one
/// description of the floors): inside the core's box, a line that names a module (`name/` or
/// `name.rs`) right after the box's edge places it on the floor its digit gives, or, without
/// a digit, on the floor of the line above.
fn floors() -> Vec<(String, u8)> {
    let page = architecture();
    let mut out = Vec::new();
    let mut current = None;
    let mut inside = false;
    for line in page.lines() {
        if line.contains("core (crate `eig`)") {
            inside = true;
            continue;
        }
        if !inside {
            continue;
        }
        if line.trim_start().starts_with('└') {
            break;
        }
        let Some(cell) = line.trim_start().strip_prefix('│') else {
            continue;
        };
        // "│ 7 documents.rs …", "│   render/ …", "│                on one line …"
        let mut chars = cell.chars();
        let (Some(' '), Some(digit), Some(' ')) = (chars.next(), chars.next(), chars.next()) else {
            continue;
        };
        if let Some(d) = digit.to_digit(10) {
            current = Some(u8::try_from(d).unwrap());
        } else if digit != ' ' {
            continue;
        }
        let rest = chars.as_str();
        if rest.starts_with(' ') {
            continue; // the description of the module above, continued
        }
        let word = rest.split_whitespace().next().unwrap_or("");
        let name = word
            .strip_suffix('/')
            .or_else(|| word.strip_suffix(".rs"))
            .unwrap_or_else(|| {
                panic!("ARCHITECTURE.md: {word:?} is not a module (`name/` or `name.rs`)")
            });
        let floor =
            current.unwrap_or_else(|| panic!("ARCHITECTURE.md: {name} comes before any floor"));
        out.push((name.to_owned(), floor));
    }
    assert!(
        out.len() >= 10,
        "ARCHITECTURE.md: no diagram of the core's floors read ({out:?})"
    );
    out
}

/// The text of ARCHITECTURE.md.
fn architecture() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../ARCHITECTURE.md"))
        .unwrap()
}

#[test]
fn the_diagram_places_every_module_of_the_core_and_no_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned()
        })
        .filter(|m| m != "lib")
        .collect();
    let floors = floors();
    let placed: BTreeSet<String> = floors.iter().map(|(m, _)| m.clone()).collect();
    assert_eq!(
        placed, on_disk,
        "the modules ARCHITECTURE.md places and those of core/src"
    );
    // Each module is where the diagram says: a directory or a file.
    let page = architecture();
    for (module, _) in floors {
        let as_dir = src.join(&module).is_dir();
        let written = if as_dir {
            format!(" {module}/ ")
        } else {
            format!(" {module}.rs ")
        };
        assert!(
            page.contains(&written),
            "ARCHITECTURE.md should name {module} as `{}`",
            written.trim()
        );
    }
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
    let floors = floors();
    let floor = |module: &str| floors.iter().find(|(m, _)| m == module).map(|x| x.1);
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
        "modules ARCHITECTURE.md gives no floor: {unknown:?}"
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
    // The generic solvers name no domain type: of the crate, they import only the stop their
    // checkpoints read.
    let solve: Vec<_> = edges
        .keys()
        .filter(|(a, b)| a == "solve" && b != "stop")
        .collect();
    assert!(solve.is_empty(), "solve imports {solve:?}");
}
