//! The integration tests of the xtask binary, one test binary (linked once). Each module is
//! one former test file; `cargo test -p xtask --test it hardening::` runs one of them.

#[path = "../../../crates/codex-catalog/tests/common/mod.rs"]
mod common;

mod cli;
mod hardening;
mod hostile;
