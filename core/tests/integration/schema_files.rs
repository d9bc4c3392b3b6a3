//! The checked-in schemas match the types, are valid draft 2020-12, and accept the examples.

use eig::schema::SchemaKind;
use eig::{Rulebook, model::ChallengeSubmission};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn checked_in_schemas_are_up_to_date() {
    for kind in SchemaKind::ALL {
        let path = root().join("schema").join(kind.file_name());
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == kind.to_file_text(),
            "{} is stale: run `cargo run -p eig-cli -- schema --out schema`",
            path.display()
        );
    }
}

#[test]
fn schemas_pass_the_2020_12_meta_schema() {
    for kind in SchemaKind::ALL {
        let schema = kind.generate();
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{}: {:?}",
            kind.name(),
            jsonschema::meta::validate(&schema).err()
        );
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        // An https `$id` under the documented base, with the semver version, and no keyword a
        // strict validator does not know.
        assert_eq!(
            schema["$id"],
            format!(
                "{}{}/{}/schema.json",
                eig::schema::SCHEMA_BASE,
                kind.name(),
                eig::schema::SCHEMA_VERSION
            )
        );
        let text = schema.to_string();
        assert!(!text.contains("\"x-"), "{}: an x- keyword", kind.name());
    }
}

#[test]
fn examples_and_builtin_rulebooks_satisfy_their_schemas() {
    let submission = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&SchemaKind::ChallengeSubmission.generate())
        .unwrap();
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("examples/submissions")).unwrap() {
        let doc: Value =
            serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        assert!(submission.is_valid(&doc));
        seen += 1;
    }
    assert!(seen >= 3);
    // The EIG 7 examples follow the form 2024 too (the invalid one breaks rules, not structure).
    let form_2024 = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&SchemaKind::ChallengeSubmission2024.generate())
        .unwrap();
    for name in [
        "eig-7-valid-product-director.json",
        "eig-7-invalid-dossier.json",
    ] {
        let doc: Value = serde_json::from_slice(
            &std::fs::read(root().join("examples/submissions").join(name)).unwrap(),
        )
        .unwrap();
        assert!(form_2024.is_valid(&doc), "{name}");
    }
    let eig5: Value = serde_json::from_slice(
        &std::fs::read(root().join("examples/submissions/eig-5-valid-flood-alerts.json")).unwrap(),
    )
    .unwrap();
    assert!(
        !form_2024.is_valid(&eig5),
        "the form 2024 requires the dossier's sections"
    );
    let rulebook = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&SchemaKind::Rulebook.generate())
        .unwrap();
    for rb in Rulebook::builtins() {
        let value = serde_json::to_value(&rb).unwrap();
        assert!(rulebook.is_valid(&value), "{}", rb.promotion);
        // And it reads back to the same rulebook.
        let back = Rulebook::from_json(value.to_string().as_bytes()).unwrap();
        assert_eq!(back, rb);
    }
}

#[test]
fn a_typed_submission_round_trips_through_json_and_its_schema() {
    let bytes =
        std::fs::read(root().join("examples/submissions/eig-7-valid-product-director.json"))
            .unwrap();
    let s: ChallengeSubmission = serde_json::from_slice(&bytes).unwrap();
    let value = serde_json::to_value(&s).unwrap();
    let again: ChallengeSubmission = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(again, s);
    let report =
        eig::validate::Validator::new(Rulebook::builtin("eig-7").unwrap()).validate_value(&value);
    assert!(report.valid, "{report}");
}

#[test]
fn every_code_is_documented_in_docs() {
    let path = root().join("docs/violation-codes.md");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == eig::diagnostics::codes_markdown(),
        "{} is stale: run `cargo run -p eig-cli -- codes > docs/violation-codes.md`",
        path.display()
    );
    for code in eig::diagnostics::Code::ALL {
        assert!(on_disk.contains(&format!("| `{}` |", code.as_str())));
    }
}

#[cfg(feature = "analytics")]
#[test]
fn the_data_dictionary_is_documented_in_docs() {
    let path = root().join("docs/data-dictionary.md");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == eig::analytics::dictionary_markdown(),
        "{} is stale: run `cargo run -p eig-cli -- dictionary > docs/data-dictionary.md`",
        path.display()
    );
}

#[test]
fn the_rulebooks_sources_are_documented_in_docs() {
    let path = root().join("docs/rulebook-sources.md");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == eig::rules::sources_markdown(&Rulebook::builtins()),
        "{} is stale: run `cargo run -p eig-cli -- rulebook sources > docs/rulebook-sources.md`",
        path.display()
    );
}

#[test]
fn the_guide_for_administrations_is_up_to_date() {
    let path = root().join("docs/guide-administrations.md");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    let rulebook = eig::Rulebook::builtin("eig-7").unwrap();
    assert!(
        on_disk == eig::guide::guide_markdown(&rulebook, eig::diagnostics::Lang::Fr),
        "{} is stale: run `cargo run -p eig-cli -- fields --promotion eig-7 --format markdown > \
         docs/guide-administrations.md`",
        path.display()
    );
    // Every field of the form is in it, with its French name.
    for field in eig::guide::fields(&rulebook, eig::diagnostics::Lang::Fr) {
        assert!(on_disk.contains(&format!("| `{}` | {} |", field.pointer, field.label)));
    }
}
