//! `cargo xtask`: the command line over `codex-catalog`. Each command is a module with
//! `run(args) -> Result<(), Failure>`; this file parses the arguments, dispatches, and maps a
//! [`Failure`] to the exit code: 0 success, 1 invalid catalog, stale outputs or a failed check,
//! 2 usage or I/O error.

use std::process::ExitCode;

use clap::Parser as _;

#[macro_use]
mod output;

mod bench;
mod diff;
mod dom;
mod e2e;
mod export;
mod flags;
mod fuzz;
mod generate;
mod git;
mod import;
mod preview;
mod repo;
mod report;
mod validate;

use flags::{Cli, Command, ExportTarget};

// glibc's allocator grows each thread's heap a page range at a time (mprotect and page faults
// were a fifth of a 10,000-model `gen`); mimalloc made `gen` 15-20% faster there and at 100,000
// models (docs/benchmarks.md). The library does not choose an allocator; this binary does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The catalog (or page) is invalid; its diagnostics were printed.
    Invalid,
    /// What was checked does not hold: stale outputs, catalogs that differ with
    /// `--exit-code`, a consumer that rejected the export, a fuzzer that found a crash.
    Failed(Option<String>),
    /// Bad arguments, or a file or folder that could not be read or written.
    Usage(String),
    /// A file could not be read; its diagnostics were printed.
    Unreadable,
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Failure::Invalid | Failure::Failed(_) => 1,
            Failure::Usage(_) | Failure::Unreadable => 2,
        }
    }
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure::Usage(e.to_string())
    }
}

/// The completion script of `shell` for the command `xtask` (an alias of `cargo xtask`: shells
/// complete a command by its first word, and `cargo`'s own completion knows no `xtask`).
fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "xtask", &mut script);
    out!("{}", String::from_utf8_lossy(&script));
    Ok(())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            if e.use_stderr() {
                err!("{text}")
            } else {
                out!("{text}")
            }
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Gen(args) => generate::run(args),
        Command::Check(args) => generate::check(args),
        Command::Diff(args) => diff::run(args),
        Command::Import(args) => import::run(args),
        Command::Preview(args) => preview::run(args),
        Command::Export { target: ExportTarget::Codex(args) } => export::run(args),
        Command::E2e { target } => e2e::run(target),
        Command::E2eVerify { exported, printed } => e2e::verify(&exported, &printed),
        Command::E2ePages { dir } => e2e::pages(&dir),
        Command::E2eCards { dir } => e2e::cards(&dir),
        Command::E2ePreviews { dir } => e2e::previews(&dir),
        Command::E2eDom { dir } => e2e::dom(&dir),
        Command::Bench(args) => bench::run(args),
        Command::Synthetic { models, dir, grown } => bench::write_synthetic(models, &dir, grown),
        Command::Fuzz { target, seconds } => fuzz::run(target, seconds),
        Command::Completions { shell } => completions(shell),
    };
    bench::report_own_peak();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            match &failure {
                Failure::Usage(message) => errln!("error: {message}"),
                Failure::Failed(Some(message)) => errln!("{message}"),
                Failure::Invalid | Failure::Unreadable | Failure::Failed(None) => {}
            }
            ExitCode::from(failure.exit_code())
        }
    }
}
