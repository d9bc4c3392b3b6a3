//! Every document kind's validation, and the human output's line and column, on any bytes.
//!
//! The first byte picks the kind (`SchemaKind::ALL`); the rest is the document. The report
//! must be the same twice (determinism), every violation's path must be a JSON Pointer, and
//! locating it in the text must not cost more than the text (the source map is linear).
#![no_main]

use eig::documents::{Input, validate_document};
use eig::schema::SchemaKind;
use eig::validate::{RulebookChoice, SourceMap};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let kind = SchemaKind::ALL[usize::from(first) % SchemaKind::ALL.len()];
    let report = validate_document(kind, Input::Bytes(bytes), &RulebookChoice::Named);
    let again = validate_document(kind, Input::Bytes(bytes), &RulebookChoice::Named);
    assert_eq!(report, again, "validation is deterministic");
    assert_eq!(
        report.valid,
        report
            .violations
            .iter()
            .all(|v| v.severity != eig::Severity::Error)
    );
    if let Ok(text) = std::str::from_utf8(bytes) {
        let map = SourceMap::new(text);
        for v in &report.violations {
            assert!(v.path.is_empty() || v.path.starts_with('/'), "{}", v.path);
            if let Some((line, column)) = map.locate(&v.path) {
                assert!(line >= 1 && column >= 1);
            }
        }
    }
});
