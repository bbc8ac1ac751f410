//! What commands print: diagnostics (human, on stderr) and what happened to each file.

use std::io::IsTerminal as _;
use std::path::Path;

use codex_catalog::diagnostic::{self, Color, Diagnostic, Rule};
use codex_catalog::write::{FileReport, FileStatus, Mode};

use crate::Failure;

/// Print diagnostics on stderr, in colour on a terminal without `NO_COLOR`.
pub fn diagnostics(diags: &[Diagnostic]) {
    if !diags.is_empty() {
        let color = Color::auto(std::io::stderr().is_terminal());
        err!("{}", diagnostic::render_human(diags, color));
    }
}

/// The failure that diagnostics with errors mean: a file that could not be read is an I/O
/// error (exit 2), anything else an invalid catalog (exit 1).
pub fn invalid(diags: &[Diagnostic]) -> Failure {
    if diags.iter().any(|d| d.rule == Rule::Io) { Failure::Unreadable } else { Failure::Invalid }
}

/// Print what happened to each file; returns how many changed (or would, or are stale).
pub fn files(root: &Path, reports: &[FileReport], mode: Mode) -> usize {
    let mut changed = 0;
    for file in reports {
        let shown = root.join(&file.path);
        match (&file.status, mode) {
            (FileStatus::UpToDate, Mode::Check) => {}
            (FileStatus::UpToDate, _) => outln!("  up to date  {}", shown.display()),
            (FileStatus::Changed { created, diff }, _) => {
                changed += 1;
                let verb = match (mode, created) {
                    (Mode::Write, true) => "created",
                    (Mode::Write, false) => "updated",
                    (Mode::DryRun, true) => "would create",
                    (Mode::DryRun, false) => "would update",
                    (Mode::Check, true) => "missing",
                    (Mode::Check, false) => "stale",
                };
                outln!("{verb:>12}  {}", shown.display());
                if !diff.is_empty() {
                    outln!("{diff}");
                }
            }
        }
    }
    changed
}
