//! `cargo xtask gen` and `cargo xtask check`: validate, then bring every output up to date, or
//! say which ones are not.

use std::path::{Path, PathBuf};

use codex_catalog::generate;
use codex_catalog::write::{Mode, Output};

use crate::flags::{CheckArgs, GenArgs, ReportFormat};
use xtask::{Failure, repo};

use crate::{commands_doc, report};

pub fn run(args: GenArgs) -> Result<(), Failure> {
    let mode = if args.dry_run { Mode::DryRun } else { Mode::Write };
    let (changed, total, root) = generate(args.catalog, args.out, mode, args.format)?;
    if args.format == ReportFormat::Human {
        let verb = if args.dry_run { "would change" } else { "changed" };
        errln!("{changed} of {total} generated files {verb}, under {}", root.display());
    }
    Ok(())
}

pub fn check(args: CheckArgs) -> Result<(), Failure> {
    let fix = fix_command(args.catalog.as_deref(), args.out.as_deref());
    let (changed, total, root) = generate(args.catalog, args.out, Mode::Check, args.format)?;
    if changed > 0 && args.format == ReportFormat::Json {
        return Err(Failure::Failed(None));
    }
    if changed > 0 {
        let message = format!("{changed} generated file(s) are stale or missing\nrun `{fix}` to update them");
        return Err(Failure::Failed(Some(message)));
    }
    if args.format == ReportFormat::Human {
        errln!("all {total} generated files are up to date, under {}", root.display());
    }
    Ok(())
}

/// Run the generator in `mode`; returns how many files changed (or would, or are stale), how
/// many there are, and the output root as an absolute path (to name it).
fn generate(
    catalog: Option<PathBuf>,
    out: Option<PathBuf>,
    mode: Mode,
    format: ReportFormat,
) -> Result<(usize, usize, PathBuf), Failure> {
    let (dir, root) = (repo::catalog_dir(catalog)?, repo::out_root(out)?);
    // The catalog inside the output tree where an output goes (`--out X` with the catalog at
    // `X/docs`) would be written over as surely as an output root inside the catalog.
    let catalog_among_outputs =
        ["docs", "exports", "schema", "crates"].iter().any(|d| repo::is_within(&dir, &root.join(d)));
    if repo::is_within(&root, &dir) || catalog_among_outputs {
        return Err(Failure::Usage(format!(
            "the output root {} and the catalog {} overlap: the outputs would be written among the catalog's \
             files; choose --out outside it",
            root.display(),
            dir.display()
        )));
    }
    // The command reference is made here, from the clap definition the library does not know,
    // and goes through the same write stage as the catalog's outputs.
    let commands = Output { path: commands_doc::PATH.to_string(), contents: commands_doc::markdown() };
    let mut generated = generate::generate_with(&dir, &root, mode, &[commands])?;
    // The process ends after this report: freeing the catalog one allocation at a time would
    // only delay the exit (the larger the catalog, the longer), so the operating system reclaims it.
    std::mem::forget(generated.catalog.take());
    let absolute = match root.as_os_str().is_empty() {
        true => std::env::current_dir()?,
        false => std::path::absolute(&root).unwrap_or_else(|_| root.clone()),
    };
    if format == ReportFormat::Json {
        let changed = report::json(&absolute, &generated, mode);
        return if generated.valid {
            Ok((changed, generated.files.len(), absolute))
        } else {
            Err(Failure::of_diagnostics(&generated.diagnostics))
        };
    }
    report::diagnostics(&generated.diagnostics);
    if !generated.valid {
        errln!("the catalog is invalid: nothing was generated");
        return Err(Failure::of_diagnostics(&generated.diagnostics));
    }
    Ok((report::files(&root, &generated.files, mode), generated.files.len(), absolute))
}

/// The command that brings the outputs up to date, with the same folders.
fn fix_command(catalog: Option<&Path>, out: Option<&Path>) -> String {
    let mut cmd = String::from("cargo xtask gen");
    if let Some(c) = catalog {
        cmd.push_str(&format!(" --catalog {}", c.display()));
    }
    if let Some(o) = out {
        cmd.push_str(&format!(" --out {}", o.display()));
    }
    cmd
}
