//! The fuzz targets of `eig`: their bodies ([`targets`]) and their seeds ([`seeds`]), shared
//! with the core's integration tests, which replay every seed and every saved crash on stable
//! Rust (`core/tests/integration/fuzz_replay.rs`).

pub mod seeds;
pub mod targets;
