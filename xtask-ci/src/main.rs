//! `xtask-ci` (`cargo ci`): what `.ci/run` runs besides the tests, apart from the user commands
//! of `cargo xtask`. Each end-to-end check is Rust from end to end: it installs its pinned tool
//! into the cache folder outside the clone, runs it, reads what it printed and compares; fuzzing
//! runs cargo-fuzz; `synthetic` writes the catalogs `cargo xtask bench` measures, for profiling.
//! Exit codes are the user CLI's ([`xtask::Exit`]): 0 it holds, 1 a check failed, 2 usage or I/O.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codex_catalog::write::{self, Mode};
use xtask::{Failure, finish, repo};

#[macro_use]
extern crate xtask;

mod dom;
mod e2e;
mod fuzz;

#[derive(Parser)]
#[command(name = "cargo ci", bin_name = "cargo ci")]
#[command(about = "The end-to-end checks, fuzzing and synthetic catalogs that .ci/run runs.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run an end-to-end check with a real outside tool, pinned and installed into the cache
    /// folder outside the clone (`CODEX_CATALOG_CACHE`, else ~/.cache/codex-catalog).
    E2e {
        /// The tool.
        #[arg(value_enum)]
        target: E2eTarget,
    },
    /// Run a coverage-guided fuzz target (cargo-fuzz, libFuzzer) for a while.
    Fuzz {
        /// What to fuzz.
        #[arg(value_enum)]
        target: FuzzTarget,
        /// How long to run.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
    /// Write the synthetic catalog `cargo xtask bench` measures, for profiling (`perf record
    /// target/release/xtask validate --catalog DIR`) and paired runs of two binaries.
    Synthetic {
        /// How many models.
        models: usize,
        /// The catalog folder to write.
        dir: PathBuf,
        /// Grow the repository's catalog by copying its model files, instead of the varied
        /// synthetic catalog.
        #[arg(long)]
        grown: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum E2eTarget {
    /// The Codex CLI loads our export and lists its models as exported.
    Codex,
    /// prettier would not change any generated card.
    Prettier,
    /// tsc checks consumers of the JSON export against exports/models.d.ts.
    Typescript,
    /// taplo (the editors' TOML engine) accepts the catalog with schema/ and flags a broken copy
    /// once per mistake.
    Taplo,
    /// Chromium (headless, Debian's package unpacked into the cache) draws the preview of every
    /// catalog with one card per card of its page, each with its facts; writes screenshots.
    Chromium,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FuzzTarget {
    /// Parsing, validation and rendering of arbitrary catalog files.
    Catalog,
    /// Importing an arbitrary page.
    Import,
    /// The page renderer on arbitrary text.
    Mdx,
    /// Importing an arbitrary Codex CLI catalog and rendering it back.
    Codex,
}

/// `synthetic N DIR [--grown]`.
fn synthetic(models: usize, dir: &std::path::Path, grown: bool) -> Result<(), Failure> {
    let files = if grown {
        xtask::synthetic::grown(&repo::root()?.join("catalog"), models).map_err(Failure::Io)?
    } else {
        xtask::synthetic::synthetic(models)
    };
    write::apply(dir, &files, Mode::Write, write::Durability::Regenerable)?;
    Ok(())
}

fn main() -> ExitCode {
    let cli: Cli = match xtask::parse() {
        Ok(cli) => cli,
        Err(exit) => return exit,
    };
    finish(match cli.command {
        Command::E2e { target } => e2e::run(target),
        Command::Fuzz { target, seconds } => fuzz::run(target, seconds),
        Command::Synthetic { models, dir, grown } => synthetic(models, &dir, grown),
    })
}
