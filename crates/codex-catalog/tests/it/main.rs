//! The integration tests of codex-catalog, one binary: linked once instead of once per file
//! (as rust-analyzer does), which a newcomer's first `cargo test` feels most. Each module is one
//! former test file; `cargo test -p codex-catalog --test it rules::` runs one of them.

#[path = "../common/mod.rs"]
mod common;

mod catalog;
mod codex_cli;
mod codex_import;
mod diff;
mod generated_rust;
mod import;
mod preview;
mod properties;
mod render;
mod roundtrip;
mod rules;
