//! The core's integration tests, in one binary: each module was a test binary of its own, and
//! each of those linked the whole crate. Run one module with its path, for example
//! `cargo test -p eig --test integration teams::`.

mod common;

mod bad_input;
mod conformance;
mod consensus;
mod custom_rules;
mod declared_rules;
mod engines_declared_rules;
mod fixes;
mod fuzz_replay;
mod hints;
mod import;
mod import_public;
mod jury_plan;
mod jury_rules;
mod layers;
mod messages;
mod properties;
mod public_data;
mod rematch;
mod rulebook_sources;
mod schema_files;
mod scoring;
mod scoring_corpus;
mod stopping;
mod teams;
