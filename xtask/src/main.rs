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

/// Why a command did not succeed. Each kind has one exit status ([`Failure::exit`]); errors
/// become a kind where they happen ([`Failure::io`], the `From` impls below), never by a
/// catch-all conversion.
#[derive(Debug)]
pub enum Failure {
    /// The catalog (or page) is invalid; its diagnostics were printed.
    Invalid,
    /// What was checked does not hold: stale outputs, catalogs that differ with
    /// `--exit-code`, a consumer that rejected the export, a fuzzer that found a crash.
    Failed(Option<String>),
    /// Bad arguments: an unknown revision, a malformed `--surface`, a folder that is no catalog.
    Usage(String),
    /// A file or folder could not be read or written, or a program could not be run.
    Io(String),
    /// A file could not be read; its diagnostics were printed.
    Unreadable,
}

/// The exit statuses, the one policy of both binaries: 0 success, 1 an invalid catalog, stale
/// outputs or a failed check, 2 usage or I/O.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// It holds.
    Success = 0,
    /// The catalog is invalid, an output is stale, a check failed.
    Failed = 1,
    /// Bad arguments, or a file that could not be read or written.
    Usage = 2,
}

impl Failure {
    /// The exit status this failure ends the process with.
    pub fn exit(&self) -> Exit {
        match self {
            Failure::Invalid | Failure::Failed(_) => Exit::Failed,
            Failure::Usage(_) | Failure::Io(_) | Failure::Unreadable => Exit::Usage,
        }
    }

    /// `cannot ACTION PATH: ERROR`, an I/O failure.
    pub fn io(action: &str, path: &std::path::Path, error: impl std::fmt::Display) -> Failure {
        Failure::Io(format!("cannot {action} {}: {error}", path.display()))
    }

    /// The failure that diagnostics with errors mean: a file that could not be read is an I/O
    /// error, anything else an invalid catalog.
    pub fn of_diagnostics(diags: &[codex_catalog::diagnostic::Diagnostic]) -> Failure {
        if diags.iter().any(|d| d.rule == codex_catalog::diagnostic::Rule::Io) {
            Failure::Unreadable
        } else {
            Failure::Invalid
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// An I/O error without a path at hand (a temporary folder, the current folder).
impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Io(e.to_string())
    }
}

/// An output could not be written.
impl From<codex_catalog::write::WriteError> for Failure {
    fn from(e: codex_catalog::write::WriteError) -> Failure {
        Failure::Io(e.to_string())
    }
}

/// `gen` or `check` could not run: no catalog folder (usage), or an output not written (I/O).
impl From<codex_catalog::generate::GenerateError> for Failure {
    fn from(e: codex_catalog::generate::GenerateError) -> Failure {
        use codex_catalog::generate::GenerateError;
        match e {
            GenerateError::NoCatalog(e) => e.into(),
            GenerateError::Write(e) => e.into(),
        }
    }
}

/// The catalog folder does not exist or is not a folder: a wrong `--catalog`.
impl From<codex_catalog::load::NoCatalog> for Failure {
    fn from(e: codex_catalog::load::NoCatalog) -> Failure {
        Failure::Usage(e.0)
    }
}

/// The process's end: the failure's message printed (the others were printed as they were
/// found) and its exit status.
pub fn finish(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => Exit::Success.into(),
        Err(failure) => {
            match &failure {
                Failure::Usage(message) | Failure::Io(message) => errln!("error: {message}"),
                Failure::Failed(Some(message)) => errln!("{message}"),
                Failure::Invalid | Failure::Unreadable | Failure::Failed(None) => {}
            }
            failure.exit().into()
        }
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
            return (if e.use_stderr() { Exit::Usage } else { Exit::Success }).into();
        }
    };
    let result = match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Gen(args) => {
            let result = generate::run(args);
            // Only `gen` is measured, and only a `gen` that bench starts is asked.
            bench::report_own_peak();
            result
        }
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
    finish(result)
}
