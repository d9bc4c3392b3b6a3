//! Validation throughput over 10,000 mixed valid and invalid défi submissions.
//!
//! `cargo bench -p eig --bench validate`. Criterion reports documents per second (elements).
//! Side by side on the same documents: our whole pipeline (input checks, JSON Schema pass,
//! rulebook rules) and a bare `jsonschema` validator over our schema (parsing included), the
//! peer a Rust user would otherwise reach for. And the whole pipeline again with ten declared
//! rules (CEL) in every rulebook: the setup prints how many violations each finds (the rules
//! add about 10,500 on these documents, most of them meant to fail), so the added time
//! includes reporting them.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eig::Rulebook;
use eig::schema::SchemaKind;
use eig::validate::Validator;
use std::hint::black_box;
use std::path::Path;

/// The corpus's submission inputs and the examples, repeated up to 10,000 documents.
fn documents() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut base = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(root.join("tests/conformance/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let case: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("case.json")).unwrap()).unwrap();
        if case["document"] == "challenge-submission" && case["rulebook"].is_null() {
            let promotion = case["promotion"].as_str().unwrap_or("eig-4").to_owned();
            base.push((promotion, std::fs::read(dir.join("input.json")).unwrap()));
        }
    }
    let mut examples: Vec<_> = std::fs::read_dir(root.join("examples/submissions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    examples.sort();
    for path in examples {
        let bytes = std::fs::read(&path).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        base.push((v["promotion"].as_str().unwrap().to_owned(), bytes));
    }
    base.iter().cycle().take(10_000).cloned().collect()
}

fn bench(c: &mut Criterion) {
    let docs = documents();
    let validators: std::collections::HashMap<String, Validator> =
        eig::model::PromotionId::HISTORICAL
            .iter()
            .map(|id| {
                (
                    (*id).to_owned(),
                    Validator::new(Rulebook::builtin(id).unwrap()),
                )
            })
            .collect();
    let valid = docs
        .iter()
        .filter(|(p, d)| validators[p].validate(d).valid)
        .count();
    eprintln!(
        "{} documents, {valid} valid, {} invalid",
        docs.len(),
        docs.len() - valid
    );

    let schema = SchemaKind::ChallengeSubmission.generate();
    let bare = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();

    let mut group = c.benchmark_group("validate_10k");
    group.sample_size(10);
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("eig_full_pipeline", |b| {
        b.iter(|| {
            let mut errors = 0usize;
            for (p, d) in &docs {
                errors += validators[p].validate(black_box(d)).violations.len();
            }
            errors
        });
    });
    group.bench_function("jsonschema_rs_schema_only", |b| {
        b.iter(|| {
            let mut errors = 0usize;
            for (_, d) in &docs {
                if let Ok(v) = serde_json::from_slice::<serde_json::Value>(black_box(d)) {
                    errors += bare.iter_errors(&v).count();
                }
            }
            errors
        });
    });
    // The same documents with ten declared rules added to every rulebook: the six worked
    // examples on submissions of `examples/rules/rulebook.json` and four more.
    let examples: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/rules/rulebook.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut rules: Vec<serde_json::Value> = examples["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["on"] == "challenge-submission")
        .cloned()
        .collect();
    for (id, rule) in [
        ("titre_court", "size(self.title) <= 100"),
        ("hote_nomme", "self.hosts.all(h, size(h.name) >= 3)"),
        ("contact_gouv", "self.contact.email.matches('@[a-z.-]+$')"),
        (
            "lieu_connu",
            "self.locations.exists(l, l.postcode.startsWith('7') || l.postcode != '')",
        ),
    ] {
        rules.push(
            serde_json::json!({"id": id, "on": "challenge-submission", "severity": "warning",
            "rule": rule, "message_fr": "à revoir", "message_en": "to review"}),
        );
    }
    assert_eq!(rules.len(), 10);
    let declared: std::collections::HashMap<String, Validator> = validators
        .iter()
        .map(|(id, v)| {
            let mut rb = serde_json::to_value(v.rulebook()).unwrap();
            rb["rules"] = serde_json::Value::Array(rules.clone());
            let rb = Rulebook::from_json(rb.to_string().as_bytes()).unwrap();
            (id.clone(), Validator::new(rb))
        })
        .collect();
    let count = |vs: &std::collections::HashMap<String, Validator>| -> usize {
        docs.iter()
            .map(|(p, d)| vs[p].validate(d).violations.len())
            .sum()
    };
    eprintln!(
        "violations without the declared rules: {}, with them: {}",
        count(&validators),
        count(&declared)
    );
    group.bench_function("eig_full_pipeline_10_declared_rules", |b| {
        b.iter(|| {
            let mut errors = 0usize;
            for (p, d) in &docs {
                errors += declared[p].validate(black_box(d)).violations.len();
            }
            errors
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
