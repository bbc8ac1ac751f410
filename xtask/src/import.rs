//! `cargo xtask import PAGE`: make or update a catalog from a Codex Models page.

use std::collections::BTreeMap;

use codex_catalog::import::{MappingKind, SurfaceChoice};
use codex_catalog::write::{self, Mode};
use codex_catalog::{diff, import, load};

use crate::flags::ImportArgs;
use xtask::{Failure, repo};

use crate::report;

pub fn run(args: ImportArgs) -> Result<(), Failure> {
    let dir = repo::catalog_dir(args.catalog.clone())?;
    // The catalog is written as well as read: a link would have the import write elsewhere.
    repo::not_a_link(&dir, "--catalog")?;
    if let Some(id) = &args.document
        && !codex_catalog::naming::is_slug(id)
    {
        let shown: String = id.chars().take(64).collect();
        return Err(Failure::Usage(format!(
            "--document `{}` is not a document id: lower-case letters and digits joined by `.` or `-`",
            shown.escape_debug()
        )));
    }
    // The `#:schema` lines point at the repository's schema/; outside a repository, at the place
    // a catalog at the top of one would find it.
    let schema_dir = match repo::root() {
        Ok(root) => load::relative_path(&dir, &root.join("schema")),
        Err(_) => codex_catalog::schema::SCHEMA_DIR_FROM_CATALOG.to_string(),
    };
    let (page, codex) = (args.page.clone(), args.codex.clone());
    match (page, codex) {
        (_, Some(file)) => run_codex(&args, &file, &dir, &schema_dir),
        (Some(page), None) => run_page(&args, &page, &dir, &schema_dir),
        (None, None) => Err(Failure::Usage("name a page, or a CLI catalog with --codex FILE".into())),
    }
}

/// `import --codex FILE`.
fn run_codex(
    args: &ImportArgs,
    file: &std::path::Path,
    dir: &std::path::Path,
    schema_dir: &str,
) -> Result<(), Failure> {
    if !args.surfaces.is_empty() || args.surface_map.is_some() {
        return Err(Failure::Usage("--surface and --surface-map are for a page, not --codex".into()));
    }
    let plan = import::plan_codex(file, dir, schema_dir, args.document.as_deref()).map_err(|diags| {
        report::diagnostics(&diags);
        errln!("nothing was written");
        Failure::of_diagnostics(&diags)
    })?;
    report::diagnostics(&plan.warnings);
    let doc = &plan.document;
    outln!("document `{}`: {} (set another id with --document)", doc.id, doc.title);
    match &plan.base {
        Some(base) => {
            let log = diff::diff(base, &plan.catalog);
            let (old_name, new_name) = (dir.display().to_string(), file.display().to_string());
            outln!("{}", diff::render_markdown(&log, base, &plan.catalog, &old_name, &new_name));
        }
        None => outln!("a new catalog from the CLI's file alone: no page facts yet"),
    }
    let models = plan.catalog.codex_models().count();
    let (texts, uses) = plan.texts;
    outln!("{models} models; {texts} long texts kept in texts/ ({uses} uses)");
    match plan.differs_at {
        None => outln!("`cargo xtask gen` will write exports/codex/models.json byte for byte as {}", file.display()),
        Some(line) => outln!(
            "`cargo xtask gen` will write the same JSON as {}, printed as the CLI prints its files: the text differs from line {line} (spacing or number format only)",
            file.display()
        ),
    }
    let mode = if args.yes { Mode::Write } else { Mode::DryRun };
    let reports = write::apply_with_removals(dir, &plan.files, &plan.removed, mode, write::Durability::Flushed)?;
    report::files(dir, &reports, mode);
    if args.yes {
        errln!("next: cargo xtask gen");
    } else {
        errln!("nothing was written; run again with --yes to write");
    }
    Ok(())
}

/// `import PAGE`.
fn run_page(args: &ImportArgs, page: &std::path::Path, dir: &std::path::Path, schema_dir: &str) -> Result<(), Failure> {
    let options = import::PageOptions {
        surfaces: choices(&args.surfaces, args.surface_map.as_deref())?,
        keep_code: args.keep_code,
        document: args.document.clone(),
    };
    let (dir, schema_dir) = (dir.to_path_buf(), schema_dir.to_string());
    let plan = import::plan(page, &dir, &schema_dir, &options).map_err(|diags| {
        report::diagnostics(&diags);
        errln!("nothing was written");
        Failure::of_diagnostics(&diags)
    })?;
    report::diagnostics(&plan.warnings);
    let doc = &plan.document;
    let named = if args.document.is_some() { "" } else { ", named after the file; set another id with --document" };
    outln!("document `{}`: {}{named}", doc.id, doc.title);
    match &plan.base {
        Some(base) => {
            let log = diff::diff(base, &plan.catalog);
            let (old_name, new_name) = (dir.display().to_string(), page.display().to_string());
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
    if args.yes {
        errln!("next: cargo xtask gen");
    } else {
        errln!("nothing was written; run again with --yes to write");
    }
    Ok(())
}

/// The surface choices of `--surface` and `--surface-map`.
fn choices(flags: &[String], file: Option<&std::path::Path>) -> Result<BTreeMap<String, SurfaceChoice>, Failure> {
    let choice = |id: &str| if id == "new" { SurfaceChoice::New } else { SurfaceChoice::Existing(id.to_string()) };
    let mut out = BTreeMap::new();
    if let Some(path) = file {
        // Only a regular file of at most the size limit: not /dev/zero, not a FIFO.
        let mut diags = Vec::new();
        let Some(source) = load::read_text_with(path, load::Links::Follow, &mut diags) else {
            report::diagnostics(&diags);
            return Err(Failure::Unreadable);
        };
        let text = source.text.clone();
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
