//! The list of generated files: which renderer writes which path.

use std::path::Path;

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::load::NoCatalog;
use crate::render;
use crate::schema;
use crate::validate::{self, Outcome};
use crate::write::{self, FileReport, Mode, Output, WriteError};

/// Where the generated Rust goes, relative to the output root.
pub const RUST_PATH: &str = "crates/codex-models/src/generated.rs";
/// Where the JSON export goes.
pub const JSON_PATH: &str = "exports/models.json";
/// Where the CSV export goes.
pub const CSV_PATH: &str = "exports/models.csv";
/// Where the Markdown tables go.
pub const MARKDOWN_PATH: &str = "exports/models.md";
/// Where the page goes.
pub const MDX_PATH: &str = "docs/models.mdx";

/// Every generated file of a catalog, in a fixed order.
pub fn outputs(catalog: &Catalog) -> Vec<Output> {
    let out = |path: &str, contents: String| Output { path: path.to_string(), contents };
    vec![
        out(schema::CATALOG_SCHEMA_PATH, schema::to_text(&schema::catalog_schema())),
        out(schema::MODEL_SCHEMA_PATH, schema::to_text(&schema::model_schema())),
        out(schema::EXPORT_SCHEMA_PATH, schema::to_text(&schema::export_schema())),
        out(JSON_PATH, render::json::render(catalog)),
        out(CSV_PATH, render::csv::render(catalog)),
        out(MARKDOWN_PATH, render::markdown::render(catalog)),
        out(MDX_PATH, render::mdx::render(catalog)),
        out(RUST_PATH, render::rust::render(catalog)),
    ]
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
    let outcome: Outcome = validate::validate_dir(catalog_dir).map_err(GenerateError::NoCatalog)?;
    let Some(catalog) = outcome.catalog else {
        return Ok(Generated { diagnostics: outcome.diagnostics, files: Vec::new(), valid: false });
    };
    // The page is parsed before anything is written: catalog text must never become code.
    if let Err(message) = render::mdx::check(&catalog) {
        let file = crate::load::display(&catalog_dir.join(crate::load::TEMPLATE_FILE));
        let d = Diagnostic::for_file(crate::diagnostic::Rule::GeneratedPage, file, message)
            .with_hint("look for an unclosed `{` or a tag in page.mdx, and for text that reads as code in the catalog");
        let mut diagnostics = outcome.diagnostics;
        diagnostics.push(d);
        return Ok(Generated { diagnostics, files: Vec::new(), valid: false });
    }
    let files = write::apply(root, &outputs(&catalog), mode).map_err(GenerateError::Write)?;
    Ok(Generated { diagnostics: outcome.diagnostics, files, valid: true })
}
