//! `cargo xtask import PAGE`: make or update a catalog from a Codex Models page.

use codex_catalog::write::{self, Mode};
use codex_catalog::{diff, import, load};

use crate::flags::ImportArgs;
use crate::{Failure, repo, report};

pub fn run(args: ImportArgs) -> Result<(), Failure> {
    let dir = repo::catalog_dir(args.catalog)?;
    let schema_dir = load::relative_path(&dir, &repo::root()?.join("schema"));
    let plan = import::plan(&args.page, &dir, &schema_dir).map_err(|diags| {
        report::diagnostics(&diags);
        eprintln!("nothing was written");
        report::invalid(&diags)
    })?;
    report::diagnostics(&plan.warnings);
    match &plan.base {
        Some(base) => {
            let log = diff::diff(base, &plan.catalog);
            let (old_name, new_name) = (dir.display().to_string(), args.page.display().to_string());
            println!("{}", diff::render_markdown(&log, base, &plan.catalog, &old_name, &new_name));
        }
        None => {
            let (models, sections) = (plan.catalog.models().len(), plan.catalog.sections().len());
            println!("a new catalog: {models} models in {sections} sections");
        }
    }
    let mode = if args.yes { Mode::Write } else { Mode::DryRun };
    let reports = write::apply(&dir, &plan.files, mode)?;
    report::files(&dir, &reports, mode);
    if !args.yes {
        eprintln!("nothing was written; run again with --yes to write");
    }
    Ok(())
}
