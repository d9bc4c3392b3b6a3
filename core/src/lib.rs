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
//! The modules follow the programme's vocabulary (see `DESIGN.md`): [`model`] for the typed
//! domain, [`rules`] for rulebooks and the [`rules::Rule`] plug-in trait, [`validate`] for the
//! validation pipeline and [`schema`] for the published JSON Schemas.

pub mod analytics;
pub mod import;
pub mod matching;
pub mod model;
pub mod rules;
pub mod schema;
pub mod scoring;
pub mod table;
pub mod validate;

pub use rules::{Rule, Rulebook, Severity, Violation};

/// The README's Rust examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
pub use validate::{Report, validate};
