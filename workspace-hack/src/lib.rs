//! No code: this crate's dependencies ask, for every third-party crate the workspace's members
//! share, the union of the features any of them asks. Every member depends on it (the core as
//! a dev-dependency only, so users of `eig` never see it), so building any subset of the
//! workspace, with or without the core's default features, compiles each shared crate the
//! same way once per profile. `cargo hakari generate` (cargo-hakari) writes its Cargo.toml.
