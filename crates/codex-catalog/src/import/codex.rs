//! Import of the Codex CLI's model catalog (`models.json`, as a release embeds it or `codex
//! debug models --bundled` prints it): each model's entry becomes its model file's `[codex]`
//! table, long texts become `texts/NAME.md`, and the file's model order `catalog.toml`'s
//! `[codex]` table. Into an existing catalog it replaces the CLI facts and keeps every page fact;
//! a model only the CLI knows becomes a model no page shows.
//!
//! Like the page import, it plans in memory: the catalog the files would make is validated, and
//! the CLI file is rendered back from it and compared with the input byte for byte, before
//! anything is written.

use std::collections::BTreeMap;
use std::path::Path;

use crate::catalog::Catalog;
use crate::codex::encode::{encode_file, parse_file};
use crate::diagnostic::{Diagnostic, Rule};
use crate::load;
use crate::model::{CatalogFile, CatalogSources, Document, ModelFile, Scale, Scales};
use crate::schema::{catalog_directive, model_directive};
use crate::validate;
use crate::write::Output;

/// What an import of a CLI catalog would write, checked.
#[derive(Debug)]
pub struct CodexPlan {
    /// The files to write, relative to the catalog folder.
    pub files: Vec<Output>,
    /// The files to delete (texts no entry names any more, models nothing names any more).
    pub removed: Vec<String>,
    /// The catalog they make, validated.
    pub catalog: Catalog,
    /// Warnings of that validation.
    pub warnings: Vec<Diagnostic>,
    /// The catalog that was there before, when the import merges.
    pub base: Option<Catalog>,
    /// The document the facts are recorded as coming from.
    pub document: Document,
    /// The number of long texts, and how many times entries use them.
    pub texts: (usize, usize),
    /// `None` when `gen` will write the input back byte for byte; else the first line where it
    /// differs (the input was not printed the way the CLI prints its files).
    pub differs_at: Option<usize>,
}

/// The document a CLI file is recorded as: `codex-cli-0-169-0` for `models-0.169.0.json`, or
/// the id given.
pub fn document_for(path: &Path, id: Option<&str>) -> Document {
    let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let version = stem.strip_prefix("models-").filter(|v| {
        v.split('.').count() >= 2 && v.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    });
    let derived = match version {
        Some(v) => format!("codex-cli-{}", v.replace('.', "-")),
        None => format!("codex-cli-{}", crate::naming::slugify(&stem, '-')),
    };
    let title = match version {
        Some(v) => format!("Codex CLI {v}, bundled model catalog (models.json)"),
        None => format!("Codex CLI bundled model catalog ({name})"),
    };
    Document { id: id.map_or(derived, str::to_string), title, date: None, location: Some(name) }
}

/// Read the CLI file at `path` and plan the catalog in `catalog_dir` with it. `document` sets
/// the document id (default: from the file name, see [`document_for`]).
pub fn plan_codex(
    path: &Path,
    catalog_dir: &Path,
    schema_dir: &str,
    document: Option<&str>,
) -> Result<CodexPlan, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    // A file the user names: a link to it is followed, but only a regular file of at most the
    // size limit is read.
    let Some(src) = load::read_text_with(path, load::Links::Follow, &mut diags) else { return Err(diags) };
    let top = parse_file(&src.text).map_err(|e| {
        vec![
            Diagnostic::for_file(Rule::CodexFile, src.display.clone(), format!("not a Codex CLI model catalog: {e}"))
                .with_hint("give the CLI's models.json (`codex debug models --bundled` prints one)"),
        ]
    })?;
    let doc = document_for(path, document);

    let (mut loaded, base) = super::plan::load_base(catalog_dir, &mut diags)?;
    let no_texts = BTreeMap::new();
    let imported = encode_file(&top, base.as_ref().map_or(&no_texts, |b| b.texts()));

    let mut files = Vec::new();
    let mut removed = Vec::new();
    // catalog.toml: the base's, with the CLI's order, the document and its source.
    let mut file = match &base {
        Some(b) => b.file().clone(),
        None => fresh_catalog(&doc),
    };
    if !file.documents.iter().any(|d| d.id == doc.id) {
        file.documents.push(doc.clone());
    }
    file.codex = Some(imported.catalog.clone());
    file.sources.codex = (file.sources.default != doc.id).then(|| doc.id.clone());
    files.push(Output {
        path: load::CATALOG_FILE.to_string(),
        contents: format!("{}\n\n{}", catalog_directive(schema_dir), file.to_toml()),
    });

    // Each model of the file: its entry in place of the old one.
    let model_path = |slug: &str| format!("{}/{slug}.toml", load::MODELS_DIR);
    let mut written: Vec<&str> = Vec::new();
    for (slug, entry) in &imported.entries {
        let old = base.as_ref().and_then(|b| b.model(slug)).map(|m| m.data().clone());
        let mut model = old.clone().unwrap_or_else(|| ModelFile::new(None, doc.id.clone()));
        model.codex = Some(entry.clone());
        model.sources.set("codex", &doc.id);
        written.push(slug);
        if old.as_ref() != Some(&model) {
            files.push(Output {
                path: model_path(slug),
                contents: format!("{}\n\n{}", model_directive(schema_dir), model.to_toml()),
            });
        }
    }
    // Each model the file no longer lists: its entry goes; a model nothing else knows goes too.
    if let Some(b) = &base {
        for m in b.models().iter().filter(|m| m.data().codex.is_some() && !written.contains(&m.slug())) {
            let mut model = m.data().clone();
            model.codex = None;
            let default = model.sources.default.clone();
            model.sources.set("codex", &default);
            if only_in_the_cli(b, m, &model) {
                removed.push(model_path(m.slug()));
            } else {
                files.push(Output {
                    path: model_path(m.slug()),
                    contents: format!("{}\n\n{}", model_directive(schema_dir), model.to_toml()),
                });
            }
        }
        removed.extend(
            b.texts()
                .keys()
                .filter(|name| !imported.texts.contains_key(*name))
                .map(|name| format!("{}/{name}{}", load::TEXTS_DIR, crate::codex::TEXT_EXT)),
        );
    }
    for (name, text) in &imported.texts {
        if base.as_ref().and_then(|b| b.texts().get(name)) != Some(text) {
            files.push(Output {
                path: format!("{}/{name}{}", load::TEXTS_DIR, crate::codex::TEXT_EXT),
                contents: text.clone(),
            });
        }
    }

    // Validate what would be written, in memory.
    loaded.overlay(files.iter().map(|f| (f.path.as_str(), f.contents.as_str())));
    loaded.remove(removed.iter().map(String::as_str));
    let outcome = validate::validate(&loaded, diags);
    let Some(catalog) = outcome.catalog else { return Err(outcome.diagnostics) };
    let again = crate::render::codex::render(&catalog);
    let differs_at = (again != src.text).then(|| {
        again
            .lines()
            .zip(src.text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(again.lines().count().min(src.text.lines().count()))
            + 1
    });
    Ok(CodexPlan {
        files,
        removed,
        catalog,
        warnings: outcome.diagnostics,
        base,
        document: doc,
        texts: (imported.texts.len(), imported.text_uses),
        differs_at,
    })
}

/// Whether a model the CLI no longer lists has nothing else in the catalog: no page fact, and
/// nothing names it.
fn only_in_the_cli(catalog: &Catalog, model: &crate::catalog::Model, without: &ModelFile) -> bool {
    let bare = ModelFile { sources: without.sources.clone(), ..ModelFile::new(None, without.sources.default.clone()) };
    let named = catalog.models().iter().any(|m| m.data().succeeded_by.as_deref() == Some(model.slug()))
        || [catalog.default_model(), catalog.example_model(), catalog.cloud_model()]
            .into_iter()
            .flatten()
            .any(|m| m.slug() == model.slug());
    model.section().is_none() && !named && *without == bare
}

/// `catalog.toml` of a catalog that starts from a CLI file: the CLI has no page, so no surface
/// or section yet; the title and the rating scales are the page's usual ones until a page is
/// imported.
fn fresh_catalog(doc: &Document) -> CatalogFile {
    let scale = |label: &str, icon: &str| Scale { label: label.into(), icon: icon.into(), max: 5 };
    CatalogFile {
        title: "Models".into(),
        default_model: None,
        example_model: None,
        cloud_model: None,
        scales: Scales {
            capability: scale("Capability", "openai.SparklesFilled"),
            speed: scale("Speed", "openai.Flash"),
        },
        surfaces: Vec::new(),
        sections: Vec::new(),
        documents: vec![doc.clone()],
        sources: CatalogSources::from_default(doc.id.clone()),
        acknowledged: Vec::new(),
        codex: None,
    }
}
