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
    load_valid_as(dir, None)
}

/// [`load_valid`], its diagnostics naming files under `shown` instead of `dir`: a git
/// revision read into a temporary folder is shown as `REV:catalog/models/…`, where a reviewer
/// can find it, not as the temporary folder.
pub fn load_valid_as(dir: &Path, shown: Option<&str>) -> Result<Catalog, Failure> {
    let outcome = validate::validate_dir(dir)?;
    match outcome.catalog {
        Some(catalog) => Ok(catalog),
        None => {
            let mut diags = outcome.diagnostics;
            if let Some(shown) = shown {
                let prefix = codex_catalog::load::display(dir);
                let rename = |file: &mut String| {
                    if let Some(rest) = file.strip_prefix(&prefix) {
                        *file = format!("{shown}{rest}");
                    }
                };
                for d in &mut diags {
                    rename(&mut d.file);
                    d.labels.iter_mut().for_each(|l| rename(&mut l.file));
                }
            }
            print_diagnostics(&diags);
            Err(Failure::of_diagnostics(&diags))
        }
    }
}
