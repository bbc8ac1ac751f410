//! `cargo xtask validate`: check the catalog, write nothing.

use codex_catalog::diagnostic;
use codex_catalog::validate;

use crate::flags::{Format, ValidateArgs};
use xtask::{Failure, repo};

use crate::report;

pub fn run(args: ValidateArgs) -> Result<(), Failure> {
    let dir = repo::catalog_dir(args.catalog)?;
    let mut outcome = validate::validate_dir(&dir)?;
    if args.deny_warnings {
        outcome.deny_warnings();
    }
    match args.format {
        Format::Human => {
            report::diagnostics(&outcome.diagnostics);
            if let Some(catalog) = &outcome.catalog {
                let (models, warnings) = (catalog.models().len(), outcome.warnings());
                errln!("{} is valid: {models} models, {warnings} warning(s)", dir.display());
            }
        }
        Format::Json => out!("{}", diagnostic::render_json(&outcome.diagnostics)),
        Format::Github => out!("{}", diagnostic::render_github(&outcome.diagnostics)),
    }
    if outcome.errors() > 0 { Err(Failure::of_diagnostics(&outcome.diagnostics)) } else { Ok(()) }
}
