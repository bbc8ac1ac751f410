//! The one exit-code policy of both binaries: why a command did not succeed ([`Failure`]),
//! the status each kind ends the process with ([`Exit`]), and the end of the process
//! ([`finish`]).

use std::process::ExitCode;

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

/// The command line parsed, or the process's end: help and version on stdout (exit 0), a usage
/// error on stderr (exit 2).
pub fn parse<C: clap::Parser>() -> Result<C, ExitCode> {
    C::try_parse().map_err(|e| {
        let text = e.render().to_string();
        if e.use_stderr() {
            err!("{text}");
            Exit::Usage.into()
        } else {
            out!("{text}");
            Exit::Success.into()
        }
    })
}
