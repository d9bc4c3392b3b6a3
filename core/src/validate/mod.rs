//! Document validation: one entry point from raw bytes to a [`Report`](crate::diagnostics::Report)
//! with **all** violations.
//!
//! 1. The input pass: size and nesting limits, UTF-8 (a byte-order mark is allowed), JSON
//!    syntax, a top-level object.
//! 2. The structural pass: the published JSON Schema (formats asserted).
//! 3. The document's own checks ([`Document::check`]), over the typed value: for a défi
//!    submission, the rulebook's [`Rule`](crate::rules::Rule)s, then custom ones.
//!
//! The checks run only on a structurally valid document, since they read typed values; the
//! report then holds every structural violation at once. Loading returns a [`Checked`]
//! document with its warnings, and the engines take it as it is.

mod compiled;
mod declared;
/// The limits of declared rules, for the test of docs/limits.md.
#[cfg(test)]
pub(crate) mod declared_limits {
    pub(crate) use super::declared::{
        DOCUMENT_LIMIT, LIMIT, LOAD_SIZE, MAX_BRACKETS, MAX_DEPTH, PATTERN_BUDGET, PATTERN_LIMIT,
    };
}
mod document;
mod fixes;
mod input;
mod lenient;
mod locate;
mod rulebook;
mod structural;
mod submission;

pub use compiled::CompiledRulebook;
pub use document::{
    Checked, Document, load_document, load_document_value, load_value_with, load_with, report_of,
};
pub use input::Limits;
pub use locate::{SourceMap, places};
pub use rulebook::{NextCall, RulebookChoice, validate_rulebook};
#[allow(deprecated)]
pub use submission::{
    Validator, load_submission, validate_named_promotion, validate_named_promotion_value,
    validate_submission, validate_submission_value, validate_submission_value_in_form,
};

#[cfg(feature = "matching")]
pub(crate) use declared::after_load;
#[cfg(any(feature = "scoring", feature = "matching"))]
pub(crate) use declared::run_typed;
#[cfg(feature = "scoring")]
pub(crate) use declared::run_typed_with;
#[cfg(feature = "matching")]
pub(crate) use declared::{RuleSet, pair_rules};
pub(crate) use declared::{declared_rules, target_of};
#[cfg(feature = "matching")]
pub(crate) use document::with_more;
pub(crate) use fixes::{
    any_candidate, check as check_fixes, deferred as deferred_fixes, is_deferred as fixes_deferred,
};
#[cfg(feature = "import")]
pub(crate) use input::line_col;
pub(crate) use input::{Read, parse, read};
pub(crate) use lenient::Blocks;
pub(crate) use submission::submission_report_with;

/// Reads a JSON document as the validators do (UTF-8, one object, no key given twice, within
/// `limits`), or the violation that says why it cannot be read: for a binding that wants to
/// add its own hint to it.
///
/// # Errors
/// The `input` violation (`invalid_json`, `duplicate_key`, `nesting_too_deep`...).
pub fn read_json(
    bytes: &[u8],
    limits: Limits,
) -> Result<serde_json::Value, Box<crate::diagnostics::Violation>> {
    parse(bytes, limits).map_err(Box::new)
}
pub(crate) use rulebook::load_rulebook_value;

/// The input's structural pass alone for a kind (a value that is not an object included).
pub(crate) fn structural_check(
    kind: crate::schema::SchemaKind,
    value: &serde_json::Value,
) -> Vec<crate::diagnostics::Violation> {
    match document::from_value::<serde::de::IgnoredAny>(value, structural::compiled(kind)) {
        Ok(_) => Vec::new(),
        Err(e) => e.report.violations,
    }
}

/// The violations a host's rule finds with `run`; a panic inside it becomes `rule_failed`
/// with what the panic said.
pub(crate) fn guarded(
    id: &str,
    run: impl FnOnce(&mut Vec<crate::diagnostics::Violation>),
) -> Vec<crate::diagnostics::Violation> {
    let mut found = Vec::new();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&mut found))) {
        Ok(()) => found,
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_owned());
            vec![crate::diagnostics::Violation::rule_failed(id, &why)]
        }
    }
}

/// The errors of a report that come from the input and structural passes: what keeps a rule
/// that reads the document from running.
pub(crate) fn structural_errors(
    report: &crate::diagnostics::Report,
) -> Vec<crate::diagnostics::Violation> {
    report
        .violations
        .iter()
        .filter(|v| {
            v.is_error()
                && crate::diagnostics::Code::from_slug(&v.code)
                    .is_some_and(|c| matches!(c.rule(), "input" | "schema"))
        })
        .cloned()
        .collect()
}
