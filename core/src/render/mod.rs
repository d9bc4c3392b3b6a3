//! Every layout a front end prints, written once, in French or English: a validation report as
//! text, as JSON and as HTML, a ranking, the teams of a formation and the pairs of a mentor
//! matching. The CLI, the Python package and the uniffi binding print what these return, so
//! the same report reads the same everywhere.
//!
//! They are methods of the types they render:
//! - [`Report::to_text`](crate::Report::to_text), [`Report::to_json_entry`](crate::Report::to_json_entry),
//!   [`Report::to_html`](crate::Report::to_html), and [`Violation::to_line`](crate::Violation::to_line)
//!   for the one-line form of a violation (a file's name first);
//! - `Ranking::to_text` and `Ranking::to_html`, `Agreement::to_text` (feature `scoring`);
//! - `TeamResult::to_text` and `MentorResult::to_text` (feature `matching`).

#[cfg(feature = "scoring")]
mod agreement;
#[cfg(feature = "scoring")]
mod ranking;
mod report;
#[cfg(feature = "matching")]
mod teams;

/// A JSON Pointer as printed: `/` for the whole document.
pub(crate) fn or_root(path: &str) -> &str {
    if path.is_empty() { "/" } else { path }
}
