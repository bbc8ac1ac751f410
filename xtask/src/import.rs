//! `cargo xtask import PAGE`: make or update a catalog from a Codex Models page.

use std::collections::BTreeMap;

use codex_catalog::import::{MappingKind, SurfaceChoice};
use codex_catalog::write::{self, Mode};
use codex_catalog::{diff, import, load};

use crate::flags::ImportArgs;
use xtask::{Failure, repo};

use crate::report;

pub fn run(args: ImportArgs) -> Result<(), Failure> {
    let dir = repo::catalog_dir(args.catalog)?;
    let choices = choices(&args.surfaces, args.surface_map.as_deref())?;
    // The `#:schema` lines point at the repository's schema/; outside a repository, at the place
    // a catalog at the top of one would find it.
    let schema_dir = match repo::root() {
        Ok(root) => load::relative_path(&dir, &root.join("schema")),
        Err(_) => codex_catalog::schema::SCHEMA_DIR_FROM_CATALOG.to_string(),
    };
    let plan = import::plan(&args.page, &dir, &schema_dir, &choices).map_err(|diags| {
        report::diagnostics(&diags);
        errln!("nothing was written");
        Failure::of_diagnostics(&diags)
    })?;
    report::diagnostics(&plan.warnings);
    match &plan.base {
        Some(base) => {
            let log = diff::diff(base, &plan.catalog);
            let (old_name, new_name) = (dir.display().to_string(), args.page.display().to_string());
            outln!("{}", diff::render_markdown(&log, base, &plan.catalog, &old_name, &new_name));
        }
        None => {
            let (models, sections) = (plan.catalog.models().len(), plan.catalog.sections().len());
            outln!("a new catalog: {models} models in {sections} sections");
        }
    }
    if !plan.surfaces.is_empty() {
        outln!("Feature titles and surfaces:");
        for m in &plan.surfaces {
            outln!("  {}", m.describe());
        }
    }
    if !plan.verbatim.is_empty() {
        outln!("Kept verbatim in page.mdx (not modelled):");
        for line in &plan.verbatim {
            outln!("  {line}");
        }
    }
    let unconfirmed: Vec<&str> =
        plan.surfaces.iter().filter(|m| m.how == MappingKind::Proposed).map(|m| m.title.as_str()).collect();
    if args.yes && !unconfirmed.is_empty() {
        let message = format!(
            "nothing was written: the feature titles {} match no surface; choose for each with \
             --surface 'TITLE=<surface id>' or --surface 'TITLE=new'",
            unconfirmed.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        );
        return Err(Failure::Failed(Some(message)));
    }
    let mode = if args.yes { Mode::Write } else { Mode::DryRun };
    let reports = write::apply(&dir, &plan.files, mode, write::Durability::Flushed)?;
    report::files(&dir, &reports, mode);
    if !args.yes {
        errln!("nothing was written; run again with --yes to write");
    }
    Ok(())
}

/// The surface choices of `--surface` and `--surface-map`.
fn choices(flags: &[String], file: Option<&std::path::Path>) -> Result<BTreeMap<String, SurfaceChoice>, Failure> {
    let choice = |id: &str| if id == "new" { SurfaceChoice::New } else { SurfaceChoice::Existing(id.to_string()) };
    let mut out = BTreeMap::new();
    if let Some(path) = file {
        let text = std::fs::read_to_string(path).map_err(|e| Failure::io("read", path, e))?;
        let table: BTreeMap<String, String> = toml::from_str(&text)
            .map_err(|e| Failure::Usage(format!("{}: not a table of \"title\" = \"id\": {e}", path.display())))?;
        out.extend(table.iter().map(|(title, id)| (title.clone(), choice(id))));
    }
    for flag in flags {
        let Some((title, id)) = flag.rsplit_once('=') else {
            return Err(Failure::Usage(format!("--surface '{flag}': write TITLE=ID or TITLE=new")));
        };
        out.insert(title.to_string(), choice(id.trim()));
    }
    Ok(out)
}
