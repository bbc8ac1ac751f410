//! A catalog as a command loads it: validated, or its diagnostics printed and the failure they
//! mean.

use std::io::IsTerminal as _;
use std::path::Path;

use codex_catalog::diagnostic::{self, Color, Diagnostic};
use codex_catalog::{Catalog, validate};

use crate::Failure;

/// Print diagnostics on stderr, in colour on a terminal without `NO_COLOR`.
pub fn print_diagnostics(diags: &[Diagnostic]) {
    if !diags.is_empty() {
        let color = Color::auto(std::io::stderr().is_terminal());
        err!("{}", diagnostic::render_human(diags, color));
    }
}

/// The validated catalog in `dir`, or its diagnostics printed and the failure they mean.
pub fn load_valid(dir: &Path) -> Result<Catalog, Failure> {
    let outcome = validate::validate_dir(dir)?;
    match outcome.catalog {
        Some(catalog) => Ok(catalog),
        None => {
            print_diagnostics(&outcome.diagnostics);
            Err(Failure::of_diagnostics(&outcome.diagnostics))
        }
    }
}
