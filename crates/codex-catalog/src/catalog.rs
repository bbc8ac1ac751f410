//! The validated catalog: the one input of every renderer.
//!
//! A [`Catalog`] exists only after [`crate::validate`] found no error, so renderers may rely on
//! its invariants: every referenced model, surface, section and document exists, succession has
//! no cycle, and models are in catalog order.

use std::collections::HashMap;

use crate::model::{CatalogFile, Document, ModelFile, Scales, Section, Surface};
use crate::template::Template;

/// One model with its slug and section.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The slug (the file stem).
    pub slug: String,
    /// The section id, or `None` when the model is not on the page.
    pub section: Option<String>,
    /// The model file's facts.
    pub data: ModelFile,
}

/// A validated catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// `catalog.toml`.
    pub meta: CatalogFile,
    /// Every model in catalog order: section order, card order, then models not on the page by slug.
    pub models: Vec<Model>,
    /// The page template (the default one when the catalog has no `page.mdx`).
    pub template: Template,
    index: HashMap<String, usize>,
}

impl Catalog {
    /// Put validated parts in catalog order. `models` may come in any order.
    pub(crate) fn new(meta: CatalogFile, models: Vec<(String, ModelFile)>, template: Template) -> Catalog {
        let mut by_slug: HashMap<String, ModelFile> = models.into_iter().collect();
        let mut ordered = Vec::with_capacity(by_slug.len());
        for section in &meta.sections {
            for slug in &section.models {
                if let Some(data) = by_slug.remove(slug) {
                    ordered.push(Model { slug: slug.clone(), section: Some(section.id.clone()), data });
                }
            }
        }
        let mut rest: Vec<_> = by_slug.into_iter().collect();
        rest.sort_by(|a, b| a.0.cmp(&b.0));
        ordered.extend(rest.into_iter().map(|(slug, data)| Model { slug, section: None, data }));
        let index = ordered.iter().enumerate().map(|(i, m)| (m.slug.clone(), i)).collect();
        Catalog { meta, models: ordered, template, index }
    }

    /// The model with this slug.
    pub fn model(&self, slug: &str) -> Option<&Model> {
        self.index.get(slug).map(|&i| &self.models[i])
    }

    /// The surfaces in page order.
    pub fn surfaces(&self) -> &[Surface] {
        &self.meta.surfaces
    }

    /// The sections in page order.
    pub fn sections(&self) -> &[Section] {
        &self.meta.sections
    }

    /// The rating scales.
    pub fn scales(&self) -> &Scales {
        &self.meta.scales
    }

    /// The declared documents.
    pub fn documents(&self) -> &[Document] {
        &self.meta.documents
    }

    /// The models of a section, in card order.
    pub fn section_models<'a>(&'a self, section: &'a Section) -> impl Iterator<Item = &'a Model> + 'a {
        section.models.iter().filter_map(|slug| self.model(slug))
    }

    /// The models not on the page, by slug.
    pub fn off_page_models(&self) -> impl Iterator<Item = &Model> {
        self.models.iter().filter(|m| m.section.is_none())
    }

    /// The successors of `slug` in order, ending with the newest model of the chain.
    pub fn upgrade_path(&self, slug: &str) -> Vec<&str> {
        let mut path = Vec::new();
        let mut current = self.model(slug);
        while let Some(next) = current.and_then(|m| m.data.succeeded_by.as_deref()) {
            // Validation forbids cycles; the bound keeps a bug from looping forever.
            if path.len() >= self.models.len() {
                break;
            }
            path.push(next);
            current = self.model(next);
        }
        path
    }

    /// The description as the page shows it: the catalog's text plus "Succeeded by X." when the
    /// model has a successor.
    pub fn page_description(&self, model: &Model) -> String {
        let description = model.data.description.as_deref().unwrap_or_default();
        match model.data.succeeded_by.as_deref().and_then(|s| self.model(s)) {
            Some(next) if description.is_empty() => format!("Succeeded by {}.", next.display_name()),
            Some(next) => format!("{description} Succeeded by {}.", next.display_name()),
            None => description.to_string(),
        }
    }
}

impl Model {
    /// The prose name, else the card name.
    pub fn display_name(&self) -> &str {
        self.data.prose_name.as_deref().unwrap_or(&self.data.name)
    }

    /// `codex -m <slug>`.
    pub fn codex_command(&self) -> String {
        format!("codex -m {}", self.slug)
    }

    /// Availability on a surface: `Some(true/false)`, or `None` when unknown.
    pub fn available_on(&self, surface: &str) -> Option<bool> {
        self.data.availability.get(surface).copied()
    }
}
