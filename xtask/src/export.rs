//! `cargo xtask export codex`: a `model_catalog_json` for the Codex CLI.

use codex_catalog::export::codex_cli;
use codex_catalog::write;

use crate::flags::ExportCodexArgs;
use xtask::{Failure, repo};

pub fn run(args: ExportCodexArgs) -> Result<(), Failure> {
    let catalog = xtask::catalog::load_valid(&repo::catalog_dir(args.catalog)?)?;
    let base_text = match &args.base {
        Some(base) => {
            // Only a regular file of at most the size limit: not /dev/zero, not a FIFO.
            let mut diags = Vec::new();
            let Some(text) = codex_catalog::load::read_text_with(base, codex_catalog::load::Links::Follow, &mut diags)
            else {
                crate::report::diagnostics(&diags);
                return Err(Failure::Unreadable);
            };
            Some((base, text.text.clone()))
        }
        None => None,
    };
    let export = codex_cli::export(&catalog, base_text.as_ref().map(|(_, t)| t.as_str())).map_err(|e| {
        Failure::Usage(format!(
            "{}: {e}",
            base_text.as_ref().map_or_else(String::new, |(p, _)| p.display().to_string())
        ))
    })?;
    if catalog.codex().is_none() {
        errln!("the catalog has no CLI catalog yet: import one with `cargo xtask import --codex FILE`");
    }
    err!("{}", codex_cli::render_report(&export));
    match &args.out {
        Some(path) => {
            write::write_atomic(path, export.json.as_bytes()).map_err(|e| Failure::io("write", path, e))?;
            errln!("wrote {} ({} models)", path.display(), export.report.len());
        }
        None => out!("{}", export.json),
    }
    Ok(())
}
