//! What the two binaries of the tooling share: `xtask` (the user commands, `cargo xtask`) and
//! `xtask-ci` (the end-to-end checks, fuzzing and the synthetic catalogs, run by `.ci/run`):
//! the exit-code policy, printing that survives a closed pipe, where the repository is, loading
//! a catalog for a command, and the synthetic catalogs that `bench` measures.

#[macro_use]
pub mod output;

pub mod catalog;
pub mod failure;
pub mod repo;
pub mod synthetic;

pub use failure::{Exit, Failure, finish, parse};
