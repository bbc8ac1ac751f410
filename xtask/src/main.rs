//! `cargo xtask`: the command line over `codex-catalog`, user commands only (the end-to-end
//! checks, fuzzing and the synthetic catalogs are `xtask-ci`'s). Each command is a module with
//! `run(args) -> Result<(), Failure>`; this file parses the arguments, dispatches, and ends
//! with [`finish`], which maps a [`Failure`] to the exit code: 0 success, 1 invalid catalog,
//! stale outputs or a failed check, 2 usage or I/O error.

use std::process::ExitCode;

#[macro_use]
extern crate xtask;

mod bench;
mod commands_doc;
mod diff;
mod export;
mod flags;
mod generate;
mod git;
mod import;
mod preview;
mod report;
mod validate;

use flags::{Cli, Command, ExportTarget};
use xtask::{Failure, finish};

// glibc's allocator grows each thread's heap a page range at a time (mprotect and page faults
// took a large share of a big `gen`); mimalloc made `gen` faster on large catalogs (measured with
// `cargo xtask bench`; the figures are in docs/benchmarks.md). The library does not choose an
// allocator; this binary does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The completion script of `shell` for the command `xtask` (an alias of `cargo xtask`: shells
/// complete a command by its first word, and `cargo`'s own completion knows no `xtask`).
fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "xtask", &mut script);
    out!("{}", String::from_utf8_lossy(&script));
    Ok(())
}

fn main() -> ExitCode {
    // A file-size limit (`ulimit -f`) then makes a write fail with an error, which removes the
    // temporary files and folders of the write, instead of killing the process and leaving them.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" before any thread starts.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli: Cli = match xtask::parse() {
        Ok(cli) => cli,
        Err(exit) => return exit,
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
        Command::Bench(args) => bench::run(args),
        Command::Completions { shell } => completions(shell),
    };
    finish(result)
}
