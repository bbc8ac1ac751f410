//! What commands print: diagnostics (human, on stderr) and what happened to each file.

use std::path::Path;

use codex_catalog::diagnostic;
use codex_catalog::write::{FileReport, FileStatus, Mode};

pub use xtask::catalog::print_diagnostics as diagnostics;

/// The word for what happened to a file (or would, or is the matter with it).
fn verb(status: &FileStatus, mode: Mode) -> Option<&'static str> {
    let created = match status {
        FileStatus::UpToDate => return None,
        FileStatus::Removed { .. } => {
            return Some(match mode {
                Mode::Write => "deleted",
                Mode::DryRun => "would delete",
                Mode::Check => "left over",
            });
        }
        FileStatus::Changed { created, .. } => created,
    };
    Some(match (mode, created) {
        (Mode::Write, true) => "created",
        (Mode::Write, false) => "updated",
        (Mode::DryRun, true) => "would create",
        (Mode::DryRun, false) => "would update",
        (Mode::Check, true) => "missing",
        (Mode::Check, false) => "stale",
    })
}

/// The run as JSON on stdout: `{"root", "valid", "files": [{"path", "status"}], "diagnostics",
/// "errors", "warnings"}`; returns how many files changed (or would, or are stale).
pub fn json(root: &Path, generated: &codex_catalog::generate::Generated, mode: Mode) -> usize {
    let files: Vec<serde_json::Value> = generated
        .files
        .iter()
        .map(|f| serde_json::json!({ "path": f.path, "status": verb(&f.status, mode).unwrap_or("up to date") }))
        .collect();
    let changed = generated.files.iter().filter(|f| verb(&f.status, mode).is_some()).count();
    let diagnostics = &generated.diagnostics;
    let errors = diagnostics.iter().filter(|d| d.severity == diagnostic::Severity::Error).count();
    let value = serde_json::json!({
        "root": root.display().to_string(),
        "valid": generated.valid,
        "files": files,
        "diagnostics": diagnostics,
        "errors": errors,
        "warnings": diagnostics.len() - errors,
    });
    out!("{}", diagnostic::json_text(&value));
    changed
}

/// Print what happened to each file; returns how many changed (or would, or are stale).
pub fn files(root: &Path, reports: &[FileReport], mode: Mode) -> usize {
    let mut changed = 0;
    for file in reports {
        let shown = root.join(&file.path);
        match (&file.status, mode) {
            (FileStatus::UpToDate, Mode::Check) => {}
            (FileStatus::UpToDate, _) => outln!("  up to date  {}", shown.display()),
            (status @ (FileStatus::Changed { diff, .. } | FileStatus::Removed { diff }), _) => {
                changed += 1;
                let verb = verb(status, mode).unwrap_or_default();
                outln!("{verb:>12}  {}", shown.display());
                if !diff.is_empty() {
                    outln!("{diff}");
                }
            }
        }
    }
    changed
}
