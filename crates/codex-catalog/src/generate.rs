//! The list of generated files: which renderer writes which path.

use std::path::Path;
use std::sync::Mutex;

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::load::NoCatalog;
use crate::render;
use crate::schema;
use crate::validate::{self, Outcome};
use crate::write::{Durability, FileReport, Mode, Output, Staging, WriteError};

/// Where the generated Rust goes, relative to the output root.
pub const RUST_PATH: &str = "crates/codex-models/src/generated.rs";
/// Where the JSON export goes.
pub const JSON_PATH: &str = "exports/models.json";
/// Where the CSV export goes.
pub const CSV_PATH: &str = "exports/models.csv";
/// Where the Markdown tables go.
pub const MARKDOWN_PATH: &str = "exports/models.md";
/// Where the TypeScript declarations of the JSON export go.
pub const TYPESCRIPT_PATH: &str = "exports/models.d.ts";
/// Where the page goes.
pub const MDX_PATH: &str = "docs/models.mdx";
/// Where the Codex CLI's catalog goes.
pub const CODEX_PATH: &str = "exports/codex/models.json";

/// How a generated file is rendered: whole, or streamed into a writer as it is made (the
/// outputs that grow largest with the catalog).
#[derive(Clone, Copy)]
enum Render {
    Whole(fn(&Catalog) -> String),
    Streamed(fn(&Catalog, &mut dyn std::io::Write) -> std::io::Result<()>),
}

/// Every generated file, in the order they are reported: where it goes and what renders it.
const RENDERERS: [(&str, Render); 13] = [
    (schema::CATALOG_SCHEMA_PATH, Render::Whole(|_| schema::to_text(&schema::editor::catalog_schema()))),
    (schema::MODEL_SCHEMA_PATH, Render::Whole(|c| schema::to_text(&schema::editor::model_schema(c)))),
    (schema::EXPORT_SCHEMA_PATH, Render::Whole(|_| schema::to_text(&schema::export_schema()))),
    (JSON_PATH, Render::Streamed(render::json::write)),
    (CSV_PATH, Render::Streamed(render::csv::write)),
    (MARKDOWN_PATH, Render::Whole(render::markdown::render)),
    (TYPESCRIPT_PATH, Render::Whole(render::typescript::render)),
    (MDX_PATH, Render::Whole(render::mdx::render)),
    (RUST_PATH, Render::Streamed(render::rust::write)),
    // Made from the fact declarations alone: the same for every catalog.
    (crate::facts::EXPORT_MODEL_PATH, Render::Whole(|_| crate::facts::render_export_model())),
    (crate::facts::MODEL_INFO_PATH, Render::Whole(|_| crate::facts::render_model_info())),
    // Made from the `rules!` declaration: the same for every catalog.
    (crate::diagnostic::RULES_DOC_PATH, Render::Whole(|_| crate::diagnostic::rules_markdown())),
    (CODEX_PATH, Render::Streamed(render::codex::write)),
];

/// The renderers' indices, the most work first (each free core takes the next, so the cores
/// finish together): JSON, the page, Rust, CSV, Markdown, then the TypeScript declarations and
/// the schemas, then the outputs made from declarations alone (the two fact types, the rule
/// reference). The CLI's catalog comes right after JSON: it is the largest file when the CLI's
/// long texts are many. Measured per renderer with `cargo xtask bench` on large catalogs: JSON and the
/// page cost the most at scale, and the page started last kept one core busy after the other
/// was done (the figures: docs/benchmarks.md).
const BY_COST: [usize; 13] = [3, 12, 7, 8, 4, 5, 6, 0, 1, 2, 9, 10, 11];

/// Every generated file of a catalog, in a fixed order, rendered in parallel and held whole.
pub fn outputs(catalog: &Catalog) -> Vec<Output> {
    let rendered = crate::par::each(&BY_COST, |&i| {
        let (path, render) = RENDERERS[i];
        let contents = match render {
            Render::Whole(f) => f(catalog),
            Render::Streamed(f) => render::to_string(|out| f(catalog, out)),
        };
        Output { path: path.to_string(), contents }
    });
    let mut outputs: Vec<(usize, Output)> = BY_COST.into_iter().zip(rendered).collect();
    outputs.sort_by_key(|(i, _)| *i);
    outputs.into_iter().map(|(_, out)| out).collect()
}

/// Render every output and bring the files under `root` up to date (see [`Staging`]), on every
/// core. Each output goes to the write stage as it is rendered: the large ones are streamed
/// (compared with the disk as they come), the others dropped once staged, so memory holds the
/// catalog and little more. Reports come in the fixed order, then one per `extra` output (files
/// the caller makes, such as the xtask's command reference from its clap definition), which are
/// written or compared by the same stage: a run writes all of them or none.
pub fn write_outputs(
    catalog: &Catalog,
    root: &Path,
    mode: Mode,
    extra: &[Output],
) -> Result<Vec<FileReport>, WriteError> {
    let staging = Mutex::new(Staging::new(root, mode, Durability::Regenerable));
    let lock = || staging.lock().unwrap_or_else(|e| e.into_inner());
    let reports = crate::par::each(&BY_COST, |&i| match RENDERERS[i] {
        (path, Render::Whole(f)) => {
            let out = Output { path: path.to_string(), contents: f(catalog) };
            lock().add(&out)
        }
        (path, Render::Streamed(f)) => {
            let mut stream = lock().stream(path)?;
            f(catalog, &mut stream).map_err(|error| WriteError { path: root.join(path), error })?;
            lock().finish(stream)
        }
    });
    let mut reports: Vec<(usize, FileReport)> =
        BY_COST.into_iter().zip(reports).map(|(i, r)| r.map(|r| (i, r))).collect::<Result<_, _>>()?;
    reports.sort_by_key(|(i, _)| *i);
    let mut reports: Vec<FileReport> = reports.into_iter().map(|(_, r)| r).collect();
    let mut staging = staging.into_inner().unwrap_or_else(|e| e.into_inner());
    for out in extra {
        reports.push(staging.add(out)?);
    }
    staging.commit()?;
    Ok(reports)
}

/// The result of [`generate`].
#[derive(Debug)]
pub struct Generated {
    /// Validation's diagnostics (warnings, or the errors that stopped generation).
    pub diagnostics: Vec<Diagnostic>,
    /// What happened to each file; empty when the catalog was invalid.
    pub files: Vec<FileReport>,
    /// Whether the catalog was valid (and the files were therefore considered).
    pub valid: bool,
    /// The validated catalog the files were generated from (`None` when it was invalid), for a
    /// caller that goes on with it, or that exits next and need not free it model by model.
    pub catalog: Option<Catalog>,
}

/// Why [`generate`] could not run at all.
#[derive(Debug)]
pub enum GenerateError {
    /// The catalog folder is missing.
    NoCatalog(NoCatalog),
    /// An output could not be written.
    Write(WriteError),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::NoCatalog(e) => e.fmt(f),
            GenerateError::Write(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for GenerateError {}

/// Validate the catalog in `catalog_dir`; when it is valid, bring every output under `root` up to
/// date according to `mode`. An invalid catalog writes nothing.
pub fn generate(catalog_dir: &Path, root: &Path, mode: Mode) -> Result<Generated, GenerateError> {
    generate_with(catalog_dir, root, mode, &[])
}

/// [`generate`], with outputs the caller made (see [`write_outputs`]) written or compared
/// beside the catalog's, reported after them.
pub fn generate_with(
    catalog_dir: &Path,
    root: &Path,
    mode: Mode,
    extra: &[Output],
) -> Result<Generated, GenerateError> {
    let outcome: Outcome = validate::validate_dir(catalog_dir).map_err(GenerateError::NoCatalog)?;
    let Some(catalog) = outcome.catalog else {
        return Ok(Generated { diagnostics: outcome.diagnostics, files: Vec::new(), valid: false, catalog: None });
    };
    // The page is parsed before anything is written: catalog text must never become code.
    if let Err(message) = render::mdx::check(&catalog) {
        let file = crate::load::display(&catalog_dir.join(crate::load::TEMPLATE_FILE));
        let d = Diagnostic::for_file(crate::diagnostic::Rule::GeneratedPage, file, message)
            .with_hint("look for an unclosed `{` or a tag in page.mdx, and for text that reads as code in the catalog");
        let mut diagnostics = outcome.diagnostics;
        diagnostics.push(d);
        return Ok(Generated { diagnostics, files: Vec::new(), valid: false, catalog: None });
    }
    let files = write_outputs(&catalog, root, mode, extra).map_err(GenerateError::Write)?;
    Ok(Generated { diagnostics: outcome.diagnostics, files, valid: true, catalog: Some(catalog) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cost_order_names_every_renderer_once() {
        let mut order = BY_COST;
        order.sort();
        assert_eq!(order, std::array::from_fn(|i| i));
    }
}
