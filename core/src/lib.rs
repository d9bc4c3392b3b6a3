//! # eig
//!
//! The rules, documents and engines of the French programme *Entrepreneurs d'intérêt général*
//! (EIG): a typed model of promotions, défis, organisations and people; one rulebook per
//! promotion, as data; and validation of défi submissions that returns every violation with a
//! stable code, a JSON Pointer path and a message in French and English.
//!
//! ```
//! use eig::{Rulebook, validate::Validator};
//!
//! let rulebook = Rulebook::builtin("eig-4").expect("a built-in promotion");
//! let report = Validator::new(rulebook).validate(br#"{"promotion": "eig-4"}"#);
//! assert!(!report.valid);
//! for v in &report.violations {
//!     println!("{} {} {}", v.path, v.code, v.message_en);
//! }
//! assert!(report.violations.iter().any(|v| v.code == "missing_field" && v.path == "/title"));
//! ```
//!
//! # The house
//!
//! The crate is built in floors: each module uses only modules on its own floor or below,
//! and no two modules use each other. `ARCHITECTURE.md`, at the root of the repository, is the
//! one description of the floors and of the contracts every part keeps; a test reads its
//! diagram and every `crate::` path of the sources, and fails on an import that breaks it or
//! a module the diagram does not place.
//!
//! # Features
//!
//! `default` has all but `arrow` and `parquet`. With `default-features = false` the crate is
//! the model, the rules, validation and the schemas, without `rand`, `rand_chacha`,
//! `yaml-rust2` or `csv`:
//!
//! | feature | adds | dependencies |
//! |---|---|---|
//! | `scoring` | `scoring`: grids, calibration, ranking, and the checks of grids, juries, score sheets, applications | — |
//! | `matching` | `solve` and `placement`: the solvers, team formation, mentor matching, and their checks | — |
//! | `import` | `import`: readers of the programme's public sites and of the coordination team's progress log | `yaml-rust2`, `csv` |
//! | `analytics` | `analytics`: statistics and tables of a dataset, and its checks | — |
//! | `synthetic` | `synthetic`: the seeded generator (needs `scoring` and `matching`) | `rand`, `rand_chacha` |
//! | `arrow` | `table::record_batch` and `table::schema`: a table as an Arrow record batch with typed columns | `arrow-array`, `arrow-schema` |
//! | `parquet` | `table::parquet_bytes` and `table::write_parquet`: tables as Parquet files (needs `arrow`) | `parquet` |
//!
//! Without a kind's feature, [`documents::validate_document`] still runs its input and
//! structural passes, and says with a `checks_not_compiled` warning that its rules did not.

pub mod diagnostics;
pub mod documents;
pub mod files;
pub mod fix;
pub mod guide;
pub mod model;
mod render;
pub mod rules;
pub mod schema;
pub mod stop;
pub mod table;
mod text;
pub mod validate;

#[cfg(feature = "analytics")]
pub mod analytics;
#[cfg(feature = "import")]
pub mod import;
#[cfg(feature = "matching")]
pub mod placement;
#[cfg(feature = "scoring")]
pub mod scoring;
#[cfg(feature = "matching")]
pub mod solve;
#[cfg(feature = "synthetic")]
pub mod synthetic;

pub use diagnostics::{
    Applicability, InvalidDocument, PatchOperation, Report, Severity, Suggestion, Violation,
};
pub use rules::{Rule, Rulebook, Subject};

/// The README's Rust examples, run as doctests.
#[cfg(all(doctest, feature = "scoring"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// docs/limits.md gives each limit's value: checked against the constants the code uses
/// (those of the import and the generator when they are built).
#[cfg(test)]
mod limits_page {
    use crate::schema::SchemaKind;

    /// The row of the page whose first cell is `label`.
    fn row(label: &str) -> &'static str {
        let page = include_str!("../../docs/limits.md");
        page.lines()
            .find(|l| l.starts_with(&format!("| {label} |")))
            .unwrap_or_else(|| panic!("docs/limits.md has no row \"{label}\""))
    }

    /// `n` with a comma every three digits, as the page writes it.
    fn grouped(n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn limits_page_matches_the_code() {
        let size = |kind| grouped(crate::documents::max_bytes(kind) as u64);
        // Extended below with the rows of the engines this build has.
        #[cfg_attr(
            not(any(
                feature = "scoring",
                feature = "matching",
                feature = "analytics",
                feature = "import",
                feature = "synthetic"
            )),
            allow(unused_mut)
        )]
        let mut rows = vec![
            ("Size of a document", size(SchemaKind::ChallengeSubmission)),
            (
                "Violations listed for one document",
                grouped(crate::diagnostics::MAX_VIOLATIONS as u64),
            ),
            (
                "Nesting of arrays and objects",
                format!("{} levels", crate::validate::Limits::default().max_depth),
            ),
            (
                "Nesting of brackets `(`, `[`, `{` in a rule",
                format!("{} levels", crate::validate::declared_limits::MAX_BRACKETS),
            ),
            (
                "Depth of a rule's expression tree",
                format!("{} levels", crate::validate::declared_limits::MAX_DEPTH),
            ),
            (
                "Cost of a rule, in evaluation steps",
                grouped(crate::validate::declared_limits::LIMIT),
            ),
            (
                "Cost of the rules of one kind of document together, on one document",
                grouped(crate::validate::declared_limits::DOCUMENT_LIMIT),
            ),
            (
                "Size assumed for every list, text and value when the rulebook loads",
                crate::validate::declared_limits::LOAD_SIZE.to_string(),
            ),
            (
                "Compiled size of one regular expression (`matches`)",
                format!(
                    "{} MiB",
                    crate::validate::declared_limits::PATTERN_LIMIT >> 20
                ),
            ),
            (
                "Compiled size of the distinct patterns of one rulebook, or of one document's rules",
                format!(
                    "{} MiB",
                    crate::validate::declared_limits::PATTERN_BUDGET >> 20
                ),
            ),
        ];
        #[cfg(feature = "scoring")]
        rows.push(("Size of score sheets", size(SchemaKind::ScoreSheets)));
        #[cfg(feature = "matching")]
        rows.push((
            "Size of a team-formation input",
            size(SchemaKind::TeamFormation),
        ));
        #[cfg(feature = "analytics")]
        rows.push(("Size of a dataset", size(SchemaKind::Dataset)));
        #[cfg(feature = "matching")]
        rows.push((
            "Programme given to the exact search",
            grouped(crate::placement::jury::MAX_EXACT_CONSTRAINTS as u64),
        ));
        #[cfg(feature = "import")]
        rows.extend([
            (
                "Values the aliases (`*name`) of one YAML text may copy",
                grouped(crate::import::yaml_limits::MAX_EXPANDED_VALUES),
            ),
            (
                "Aliases in one YAML text",
                grouped(crate::import::yaml_limits::MAX_ALIASES),
            ),
            (
                "Nesting of YAML lists and mappings",
                format!("{} levels", crate::import::yaml_limits::MAX_DEPTH),
            ),
        ]);
        #[cfg(feature = "synthetic")]
        rows.extend([
            (
                "Candidates",
                grouped(crate::synthetic::MAX_CANDIDATES as u64),
            ),
            ("Défis", grouped(crate::synthetic::MAX_CHALLENGES as u64)),
            ("Jurors", grouped(crate::synthetic::MAX_JURORS as u64)),
        ]);
        for (label, value) in rows {
            let line = row(label);
            let cell = line.split('|').nth(2).unwrap_or_default();
            assert!(
                cell.contains(&value),
                "docs/limits.md, row \"{label}\": expected {value}, found {line}"
            );
        }
    }
}
