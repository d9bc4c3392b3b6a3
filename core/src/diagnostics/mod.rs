//! The ground floor of the crate: the one report shape that every part raises and every front
//! end prints.
//!
//! - [`Violation`]: a stable [`Code`], a JSON Pointer path, a [`Severity`], the rule that
//!   raised it, and its message in French and in English ([`Lang`]);
//! - [`Report`]: every violation of one document; [`InvalidDocument`]: the error of every
//!   document engine;
//! - [`pointer`](fn@pointer): JSON Pointer helpers;
//! - [`codes_markdown`]: the catalogue of built-in codes.
//!
//! Nothing here imports another module of the crate but `text` (name keys and escaping).

mod code;
mod ids;
pub(crate) mod message;
mod parse;
mod pointer;
mod report;
mod suggestion;
mod violation;

pub use code::{Code, codes_markdown};
pub(crate) use ids::duplicate_ids;
pub use message::examples;
pub use parse::ParseEnumError;
pub(crate) use parse::from_str_by_name;
pub use pointer::{escape_pointer_token, pointer};
pub(crate) use report::Tally;
pub use report::{InvalidDocument, MAX_VIOLATIONS, Report};
pub use suggestion::{Applicability, PatchOperation, Suggestion, apply_patch};
pub use violation::{Lang, Params, Severity, Violation};
