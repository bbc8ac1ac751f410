//! Planning: what an import would write, checked before anything is written.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Built, ImportDocument, SurfaceChoice, SurfaceMapping, build, parse_page};
use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Rule};
use crate::load::{self, LoadedCatalog};
use crate::schema::{catalog_directive, model_directive};
use crate::validate;
use crate::write::Output;

/// What an import would write, checked: the files (relative to the catalog folder) and the
/// validation of the catalog they make.
#[derive(Debug)]
pub struct Plan {
    /// The files to write, relative to the catalog folder.
    pub files: Vec<Output>,
    /// The catalog they make, validated.
    pub catalog: Catalog,
    /// Warnings of that validation.
    pub warnings: Vec<Diagnostic>,
    /// The catalog that was there before, when the import merges.
    pub base: Option<Catalog>,
    /// How the page's feature titles map to surfaces.
    pub surfaces: Vec<SurfaceMapping>,
    /// What the page has that the catalog does not model, kept verbatim in the template.
    pub verbatim: Vec<String>,
    /// The document the page's facts are recorded under.
    pub document: ImportDocument,
}

/// What the user chose for a page import, beyond the page itself.
#[derive(Debug, Clone, Default)]
pub struct PageOptions {
    /// How feature titles map to surfaces (`--surface`, `--surface-map`).
    pub surfaces: BTreeMap<String, SurfaceChoice>,
    /// Keep code in the page's prose (ESM, expressions) verbatim instead of refusing it
    /// (`--keep-code`); each piece is then listed as kept.
    pub keep_code: bool,
    /// The document id to record the facts under (`--document`; default: from the file name).
    pub document: Option<String>,
}

/// Read `page_path` and plan the catalog it describes in `catalog_dir`, merging when that folder
/// already holds a catalog. Errors (an unreadable card, two cards with one slug, an invalid
/// result) come back as diagnostics, and then nothing may be written. `schema_dir` is the path
/// from the catalog folder to `schema/`, for the `#:schema` lines.
pub fn plan(
    page_path: &Path,
    catalog_dir: &Path,
    schema_dir: &str,
    options: &PageOptions,
) -> Result<Plan, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    // The page is a file the user names: a link to it is followed, but only a regular file of at
    // most the size limit is read.
    let Some(src) = load::read_text_with(page_path, load::Links::Follow, &mut diags) else { return Err(diags) };
    // A page saved with Windows line endings is the same page: CRLF read as LF (the lines, and
    // so every diagnostic's line number, stay the same; a lone CR is still refused).
    let src = if src.text.contains("\r\n") {
        crate::diagnostic::SourceText::new(src.display.clone(), src.text.replace("\r\n", "\n"))
    } else {
        src
    };
    let mut page = parse_page(&src)?;
    if options.keep_code {
        for (at, what) in &page.code {
            let line = src.position(at.start).0;
            page.verbatim.push(format!("line {line}: code {what} kept as written (--keep-code)"));
        }
    } else if !page.code.is_empty() {
        let hint = "the docs site would run it, and the catalog keeps prose as text: delete it, or pass \
                    --keep-code to keep it verbatim in page.mdx";
        return Err(page
            .code
            .iter()
            .map(|(at, what)| {
                let message = format!("the page's prose holds code: {what}");
                src.diagnostic(Rule::PageCode, Some(at.clone()), "", message).with_hint(hint)
            })
            .collect());
    }
    let doc = ImportDocument::from_path(page_path, options.document.as_deref())?;

    let (mut loaded, base) = load_base(catalog_dir, &mut diags)?;
    let built = build(&page, base.as_ref(), &doc, &src, &options.surfaces)?;
    let files = files(&built, schema_dir);

    // Validate what would be written, in memory: the base's files with the new ones put in.
    loaded.overlay(files.iter().map(|f| (f.path.as_str(), f.contents.as_str())));
    let mut outcome = validate::validate(&loaded, diags);
    // A file this import would write does not exist yet: point at the card it comes from too.
    for d in &mut outcome.diagnostics {
        let Some(slug) = d.file.rsplit('/').next().and_then(|n| n.strip_suffix(".toml")) else { continue };
        let written = files.iter().any(|f| f.path == format!("{}/{slug}.toml", load::MODELS_DIR));
        if let Some(card) = page.cards().find(|c| c.text("slug") == Some(slug)).filter(|_| written) {
            let offset = src.text.split_inclusive('\n').take(card.line - 1).map(str::len).sum::<usize>();
            let label = src.label(Some(offset..offset), "the card this file would be written from");
            d.labels.push(label);
        }
    }
    match outcome.catalog {
        Some(catalog) => Ok(Plan {
            files,
            catalog,
            warnings: outcome.diagnostics,
            base,
            surfaces: built.surfaces,
            verbatim: page.verbatim,
            document: doc,
        }),
        None => Err(outcome.diagnostics),
    }
}

/// The catalog an import merges into: its files as read (for the overlay of what the import
/// would write) and the catalog they make, which must be valid; an empty one (and `None`)
/// where the folder holds no catalog yet. `diags` holds what reading reported so far.
pub(crate) fn load_base(
    catalog_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Result<(LoadedCatalog, Option<Catalog>), Vec<Diagnostic>> {
    let loaded = if catalog_dir.join(load::CATALOG_FILE).exists() {
        load::load(catalog_dir, diags)
            .map_err(|e| vec![Diagnostic::for_file(Rule::Io, load::display(catalog_dir), e.to_string())])?
    } else {
        LoadedCatalog::empty(catalog_dir)
    };
    let base = match loaded.catalog {
        Some(_) => {
            let outcome = validate::validate(&loaded, std::mem::take(diags));
            Some(outcome.catalog.ok_or(outcome.diagnostics)?)
        }
        None => None,
    };
    Ok((loaded, base))
}

/// The files of a built catalog, relative to the catalog folder. `schema_dir` is the path from
/// the catalog folder to the repository's `schema/` (`../schema`), for the `#:schema` lines.
pub fn files(built: &Built, schema_dir: &str) -> Vec<Output> {
    let mut out = vec![Output {
        path: load::CATALOG_FILE.to_string(),
        contents: format!("{}\n\n{}", catalog_directive(schema_dir), built.catalog.to_toml()),
    }];
    for (slug, model) in &built.models {
        out.push(Output {
            path: format!("{}/{slug}.toml", load::MODELS_DIR),
            contents: format!("{}\n\n{}", model_directive(schema_dir), model.to_toml()),
        });
    }
    out.push(Output { path: load::TEMPLATE_FILE.to_string(), contents: built.template.clone() });
    out
}
