//! Hostile and broken input: each gets a clear violation, never a panic.

use eig::Rulebook;
use eig::validate::{Limits, Validator};

fn validator() -> Validator {
    Validator::new(Rulebook::builtin("eig-4").unwrap())
}

fn only_code(bytes: &[u8]) -> (String, String) {
    let report = validator().validate(bytes);
    assert!(!report.valid);
    assert_eq!(report.violations.len(), 1, "{report}");
    (
        report.violations[0].code.clone(),
        report.violations[0].message_en.clone(),
    )
}

#[test]
fn hundred_megabytes_are_refused_fast() {
    // A syntactically plausible document of 100 MB: refused on its size, before parsing.
    let mut big = b"{\"title\": \"".to_vec();
    big.resize(100 * 1024 * 1024, b'a');
    big.extend_from_slice(b"\"}");
    let (code, message) = only_code(&big);
    assert_eq!(code, "document_too_large");
    assert!(message.contains("104857602 bytes"), "{message}");
}

#[test]
fn nesting_one_hundred_thousand_deep_does_not_overflow() {
    for open in [b'[', b'{'] {
        let mut doc = b"{\"title\": ".to_vec();
        for _ in 0..100_000 {
            doc.push(open);
            if open == b'{' {
                doc.extend_from_slice(b"\"a\":");
            }
        }
        let (code, message) = only_code(&doc);
        assert_eq!(code, "nesting_too_deep");
        assert!(message.contains("deeper than 64 levels"), "{message}");
    }
}

#[test]
fn limits_can_be_raised_or_lowered() {
    let v = validator().with_limits(Limits {
        max_bytes: 10,
        max_depth: 64,
    });
    assert_eq!(
        v.validate(b"{\"promotion\": \"eig-4\"}").violations[0].code,
        "document_too_large"
    );
}

#[test]
fn a_utf8_bom_is_accepted() {
    let report = validator().validate(b"\xef\xbb\xbf{\"promotion\": \"eig-4\"}");
    // The missing fields, and the rules that read them listed as skipped.
    assert!(
        report
            .violations
            .iter()
            .all(|v| v.code == "missing_field" || v.code == "rule_skipped"),
        "{report}"
    );
    assert!(report.has("missing_field"), "{report}");
}

#[test]
fn arbitrary_bytes_never_panic() {
    use proptest::prelude::*;
    let v = validator();
    proptest!(ProptestConfig::with_cases(500), |(bytes in proptest::collection::vec(any::<u8>(), 0..300))| {
        let report = v.validate(&bytes);
        prop_assert!(!report.valid);
    });
}

#[test]
fn mutated_valid_documents_never_panic_and_paths_resolve() {
    use proptest::prelude::*;
    let base: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/submissions/eig-5-valid-flood-alerts.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let v = Validator::new(Rulebook::builtin("eig-5").unwrap());
    assert!(v.validate_value(&base).valid);
    let fields: Vec<String> = base.as_object().unwrap().keys().cloned().collect();
    let replacements = [
        serde_json::json!(null),
        serde_json::json!(-1),
        serde_json::json!(""),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!("2021-02-30T10:00:00"),
        serde_json::json!(1e300),
    ];
    proptest!(ProptestConfig::with_cases(300), |(f in 0..fields.len(), r in 0..replacements.len())| {
        let mut doc = base.clone();
        doc[&fields[f]] = replacements[r].clone();
        let report = v.validate_value(&doc);
        for violation in &report.violations {
            // A path names the value itself or, for a missing field, its place in a parent.
            let parent = violation.path.rsplit_once('/').map_or("", |(p, _)| p);
            prop_assert!(
                doc.pointer(&violation.path).is_some() || doc.pointer(parent).is_some(),
                "{} does not resolve", violation.path
            );
        }
    });
}

/// A byte-order mark before a valid submission (a file saved by a Windows editor) is read as
/// the same document, by validation and by loading alike.
#[test]
fn a_byte_order_mark_is_allowed_by_validation_and_loading() {
    use eig::validate::{RulebookChoice, load_submission, validate_submission};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let plain =
        std::fs::read(root.join("examples/submissions/eig-5-valid-flood-alerts.json")).unwrap();
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(&plain);
    for choice in [
        RulebookChoice::Named,
        RulebookChoice::Builtin("eig-5".into()),
    ] {
        let report = validate_submission(&bom, &choice);
        assert!(report.valid, "{report}");
        let with_bom = load_submission(&bom, &choice).unwrap();
        let without = load_submission(&plain, &choice).unwrap();
        assert_eq!(with_bom.value(), without.value());
        assert_eq!(with_bom.context().promotion.as_str(), "eig-5");
    }
}
