//! Rulebook loading, with its declared (CEL) rules, on any bytes; a rulebook that loads then
//! validates a submission, so the declared rules run too.
#![no_main]

use eig::Rulebook;
use eig::validate::{Validator, load_document, validate_rulebook};
use libfuzzer_sys::fuzz_target;

const SUBMISSION: &[u8] =
    include_bytes!("../../examples/submissions/eig-5-valid-flood-alerts.json");

fuzz_target!(|data: &[u8]| {
    let report = validate_rulebook(data);
    if let Ok(rulebook) = load_document::<Rulebook>(data) {
        assert!(report.valid, "a rulebook that loads is valid");
        let validator = Validator::new(rulebook.value().clone());
        let first = validator.validate(SUBMISSION);
        let second = validator.validate(SUBMISSION);
        assert_eq!(first, second, "validation is deterministic");
        // A document under the rulebook's own rules, read from the fuzzed bytes too.
        let _ = validator.validate(data);
    }
});
