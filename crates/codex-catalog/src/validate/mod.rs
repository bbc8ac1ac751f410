//! Stage 2, `validate`: TOML syntax (in [`crate::load`]) → JSON Schema → cross-file rules.
//!
//! Every file is checked and every problem reported; a [`Catalog`] is built only when no error
//! was found. Warnings never block here; the caller decides (`--deny-warnings`).
//!
//! - `forbidden`: the characters no text may hold, searched in layer 2 and reported in layer 3;
//! - `typed`: layer 2, each file against its JSON Schema, then into the Rust types;
//! - `rules`: layer 3, one function per rule that spans files, registered beside its [`Rule`](crate::diagnostic::Rule).

use std::path::Path;

use crate::catalog::Catalog;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::load::{self, LoadedCatalog, NoCatalog};

mod forbidden;
pub(crate) mod rules;
mod typed;

pub use forbidden::is_forbidden;
pub use rules::text::{collect_links, link_options, url_problem};

/// What validation found: the catalog when it is valid, and every diagnostic.
#[derive(Debug)]
pub struct Outcome {
    /// The validated catalog; `None` when there is at least one error.
    pub catalog: Option<Catalog>,
    /// Every error and warning, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    /// The number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// The number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Turn warnings into errors (and drop the catalog if there were any).
    pub fn deny_warnings(&mut self) {
        if self.warnings() > 0 {
            self.diagnostics.iter_mut().for_each(Diagnostic::deny);
            self.catalog = None;
        }
    }
}

/// Load and validate the catalog in `dir`.
pub fn validate_dir(dir: &Path) -> Result<Outcome, NoCatalog> {
    let mut diags = Vec::new();
    // The schemas compile (a few milliseconds) while the files are read.
    let loaded = std::thread::scope(|scope| {
        scope.spawn(typed::prepare);
        load::load(dir, &mut diags)
    })?;
    Ok(validate(&loaded, diags))
}

/// Validate loaded files; `diags` holds what loading reported.
pub fn validate(loaded: &LoadedCatalog, mut diags: Vec<Diagnostic>) -> Outcome {
    let typed = typed::check(loaded, &mut diags);
    let rules::Checked { template, codex } = rules::check(loaded, &typed, &mut diags);
    diagnostic::sort(&mut diags);
    let has_errors = diags.iter().any(|d| d.severity == Severity::Error);
    let catalog = match (typed.catalog.and_then(|c| c.data), template, has_errors) {
        (Some(file), Some(template), false) => {
            let file = *file;
            let models = loaded
                .models
                .iter()
                .zip(typed.models)
                .filter_map(|(m, t)| t.data.map(|d| (m.slug.clone(), d)))
                .collect();
            let texts = loaded.texts.iter().map(|(name, t)| (name.clone(), t.text.clone())).collect();
            Some(Catalog::new(file, models, template, texts, codex))
        }
        _ => None,
    };
    Outcome { catalog, diagnostics: diags }
}
