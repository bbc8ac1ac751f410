//! `cargo xtask export codex`: a `model_catalog_json` for the Codex CLI.

use codex_catalog::export::codex_cli;
use codex_catalog::write;

use crate::flags::ExportCodexArgs;
use crate::{Failure, repo, validate};

pub fn run(args: ExportCodexArgs) -> Result<(), Failure> {
    let catalog = validate::load_valid(&repo::catalog_dir(args.catalog)?)?;
    let base = &args.base;
    let base_text = std::fs::read_to_string(base).map_err(|e| format!("cannot read {}: {e}", base.display()))?;
    let export = codex_cli::export(&catalog, &base_text, args.template.as_deref(), &args.api_surface)
        .map_err(|e| format!("{}: {e}", base.display()))?;
    eprint!("{}", codex_cli::render_report(&export));
    match &args.out {
        Some(path) => {
            write::write_atomic(path, export.json.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!("wrote {} ({} models)", path.display(), export.report.len());
        }
        None => print!("{}", export.json),
    }
    Ok(())
}
