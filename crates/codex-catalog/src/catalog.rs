//! The validated catalog: the one input of every renderer.
//!
//! A [`Catalog`] is built only by [`crate::validate`] after it found no error, and its fields are
//! private, so what was validated stays true: every reference is resolved to a typed id
//! ([`ModelId`], [`SectionId`], [`SurfaceId`]) while it is built, succession has no cycle, and models are in
//! catalog order. Accessors therefore cannot fail, and renderers never handle a missing model.

use crate::hash::HashMap;

use crate::model::{CatalogFile, Document, ModelFile, Scales, Section as SectionFile, Surface};
use crate::template::Template;

/// A model of a catalog: its position in catalog order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModelId(u32);

/// A section of a catalog: its position in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectionId(u16);

/// A surface of a catalog: its position in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SurfaceId(u16);

impl SurfaceId {
    /// The position in page order.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl ModelId {
    /// The position in catalog order.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl SectionId {
    /// The position in page order.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One model with its slug, section and resolved successor.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    id: ModelId,
    slug: String,
    section: Option<SectionId>,
    successor: Option<ModelId>,
    /// Availability per surface, indexed by [`SurfaceId`].
    availability: Vec<Option<bool>>,
    data: Box<ModelFile>,
    /// The typed fields of the model's entry in the CLI's catalog.
    codex: Option<Box<codex_export::CodexModel>>,
}

/// A section with its models resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    id: SectionId,
    /// The section as `catalog.toml` declares it, without its slugs (held resolved in `models`).
    file: SectionFile,
    models: Vec<ModelId>,
}

/// A validated catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    file: CatalogFile,
    models: Vec<Model>,
    sections: Vec<Section>,
    template: Template,
    index: HashMap<String, ModelId>,
    default_model: Option<ModelId>,
    example_model: Option<ModelId>,
    cloud_model: Option<ModelId>,
    texts: std::collections::BTreeMap<String, String>,
}

/// What [`Catalog::new`] needs resolved; validation proved every name in it exists.
const RESOLVED: &str = "validation resolves every model a catalog names before it builds the catalog";

impl Catalog {
    /// Put validated parts in catalog order and resolve every reference. Only
    /// [`crate::validate`] calls it, after it found no error, so every reference resolves.
    pub(crate) fn new(
        file: CatalogFile,
        models: Vec<(String, Box<ModelFile>)>,
        template: Template,
        texts: std::collections::BTreeMap<String, String>,
        mut codex: HashMap<String, codex_export::CodexModel>,
    ) -> Catalog {
        // Models are put in catalog order by index, never through a map of model files.
        let n = models.len();
        let (mut slugs, datas): (Vec<String>, Vec<Box<ModelFile>>) = models.into_iter().unzip();
        let mut datas: Vec<Option<Box<ModelFile>>> = datas.into_iter().map(Some).collect();
        let mut position: HashMap<&str, usize> = HashMap::with_capacity_and_hasher(n, Default::default());
        position.extend(slugs.iter().enumerate().map(|(i, s)| (s.as_str(), i)));
        let mut order: Vec<(usize, Option<SectionId>)> = Vec::with_capacity(n);
        let mut placed = vec![false; n];
        for (i, section) in file.sections.iter().enumerate() {
            let sid = SectionId(u16::try_from(i).expect("fewer than 2^16 sections"));
            for slug in &section.models {
                if let Some(&k) = position.get(slug.as_str())
                    && !std::mem::replace(&mut placed[k], true)
                {
                    order.push((k, Some(sid)));
                }
            }
        }
        let mut rest: Vec<usize> = (0..n).filter(|&k| !placed[k]).collect();
        rest.sort_by(|&a, &b| slugs[a].cmp(&slugs[b]));
        order.extend(rest.into_iter().map(|k| (k, None)));
        drop(position);
        let mut ordered: Vec<Model> = Vec::with_capacity(n);
        for (k, section) in order {
            let id = ModelId(u32::try_from(ordered.len()).expect("fewer than 2^32 models"));
            let slug = std::mem::take(&mut slugs[k]);
            let data = datas[k].take().expect("each model is placed once");
            // Validation decoded every entry already.
            let codex = codex.remove(&slug).map(Box::new);
            ordered.push(Model { id, slug, section, successor: None, availability: Vec::new(), data, codex });
        }
        let mut index: HashMap<String, ModelId> = HashMap::with_capacity_and_hasher(n, Default::default());
        index.extend(ordered.iter().map(|m| (m.slug.clone(), m.id)));
        let resolve = |slug: &str| *index.get(slug).expect(RESOLVED);
        // Each model's successor and availability in surface order, on every core: a model's
        // availability (sorted by id) is merged with the surfaces sorted by id.
        let mut by_id: Vec<(&str, usize)> = file.surfaces.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        by_id.sort_unstable();
        let resolved = crate::par::map(&ordered, |m| {
            let mut availability = vec![None; by_id.len()];
            for (id, value) in &m.data.availability {
                if let Ok(k) = by_id.binary_search_by(|(s, _)| (*s).cmp(id.as_str())) {
                    availability[by_id[k].1] = Some(*value);
                }
            }
            (m.data.succeeded_by.as_deref().map(resolve), availability)
        });
        for (m, (successor, availability)) in ordered.iter_mut().zip(resolved) {
            m.successor = successor;
            m.availability = availability;
        }
        let sections = file
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| Section {
                id: SectionId(i as u16),
                // The slugs stay in the catalog's file; the section holds them resolved.
                file: SectionFile {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    models: Vec::new(),
                    guidance: s.guidance.clone(),
                    grid_class: s.grid_class.clone(),
                },
                models: s.models.iter().map(|slug| resolve(slug)).collect(),
            })
            .collect();
        let default_model = file.default_model.as_deref().map(resolve);
        let example_model = file.example_model.as_deref().map(resolve);
        let cloud_model = file.cloud_model.as_deref().map(resolve);
        Catalog { file, models: ordered, sections, template, index, default_model, example_model, cloud_model, texts }
    }

    /// The long texts of the CLI's catalog (`texts/NAME.md`), by name.
    pub fn texts(&self) -> &std::collections::BTreeMap<String, String> {
        &self.texts
    }

    /// The CLI's catalog as a whole, when one was imported.
    pub fn codex(&self) -> Option<&crate::codex::CodexCatalog> {
        self.file.codex.as_ref()
    }

    /// The models of the CLI's catalog, in its file's order.
    pub fn codex_models(&self) -> impl Iterator<Item = &Model> {
        self.codex().into_iter().flat_map(|c| c.models()).map(|slug| self.model(slug).expect(RESOLVED))
    }

    /// A model's entry in the CLI's catalog as the CLI has it (texts read, markers decoded).
    pub fn codex_entry(&self, model: &Model) -> Option<serde_json::Map<String, serde_json::Value>> {
        let text = |name: &str| self.texts.get(name).map(String::as_str);
        model.data.codex.as_ref().and_then(|e| crate::codex::decode_entry(e, &text).ok())
    }

    /// `catalog.toml` as it was validated.
    pub fn file(&self) -> &CatalogFile {
        &self.file
    }

    /// The page's title.
    pub fn title(&self) -> &str {
        &self.file.title
    }

    /// Every model in catalog order: section order, card order, then models not on the page by
    /// slug.
    pub fn models(&self) -> &[Model] {
        &self.models
    }

    /// The model with this slug.
    pub fn model(&self, slug: &str) -> Option<&Model> {
        self.index.get(slug).map(|&id| self.get(id))
    }

    /// The model with this id.
    pub fn get(&self, id: ModelId) -> &Model {
        &self.models[id.index()]
    }

    /// The page template (the default one when the catalog has no `page.mdx`).
    pub fn template(&self) -> &Template {
        &self.template
    }

    /// The surfaces in page order.
    pub fn surfaces(&self) -> &[Surface] {
        &self.file.surfaces
    }

    /// The surfaces in page order, with their ids.
    pub fn surfaces_with_ids(&self) -> impl Iterator<Item = (SurfaceId, &Surface)> {
        self.file.surfaces.iter().enumerate().map(|(i, s)| (SurfaceId(i as u16), s))
    }

    /// The surface with this id string (`codex_cli`), and its id.
    pub fn surface_by_id(&self, id: &str) -> Option<(SurfaceId, &Surface)> {
        self.surfaces_with_ids().find(|(_, s)| s.id == id)
    }

    /// The surface with this id.
    pub fn surface(&self, id: SurfaceId) -> &Surface {
        &self.file.surfaces[id.index()]
    }

    /// The sections in page order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The section with this id.
    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.index()]
    }

    /// The section a model is shown in, or `None` when it is not on the page.
    pub fn section_of(&self, model: &Model) -> Option<&Section> {
        model.section.map(|id| self.section(id))
    }

    /// The rating scales.
    pub fn scales(&self) -> &Scales {
        &self.file.scales
    }

    /// The declared documents.
    pub fn documents(&self) -> &[Document] {
        &self.file.documents
    }

    /// The model `config.toml` names by default, where the page names one.
    pub fn default_model(&self) -> Option<&Model> {
        self.default_model.map(|id| self.get(id))
    }

    /// The model of the page's `codex -m` example, where the page has one.
    pub fn example_model(&self) -> Option<&Model> {
        self.example_model.map(|id| self.get(id))
    }

    /// The model Codex Cloud tasks use, where the page names one.
    pub fn cloud_model(&self) -> Option<&Model> {
        self.cloud_model.map(|id| self.get(id))
    }

    /// The models of a section, in card order.
    pub fn section_models<'a>(&'a self, section: &'a Section) -> impl Iterator<Item = &'a Model> + 'a {
        section.models.iter().map(|&id| self.get(id))
    }

    /// The models not on the page, by slug.
    pub fn off_page_models(&self) -> impl Iterator<Item = &Model> {
        self.models.iter().filter(|m| m.section.is_none())
    }

    /// The direct successor of a model.
    pub fn successor(&self, model: &Model) -> Option<&Model> {
        model.successor.map(|id| self.get(id))
    }

    /// The successors of `model` in order, ending with the newest model of the chain.
    pub fn upgrade_path(&self, model: &Model) -> Vec<&Model> {
        // Validation refused cycles, so the walk ends; `take` keeps that true by construction.
        std::iter::successors(self.successor(model), |m| self.successor(m)).take(self.models.len()).collect()
    }

    /// The newest model of the succession chain, or `None` without successor.
    pub fn upgrade_target(&self, model: &Model) -> Option<&Model> {
        self.upgrade_path(model).last().copied()
    }

    /// The description as the page shows it: the catalog's text plus "Succeeded by X." when the
    /// model has a successor its card states.
    pub fn page_description(&self, model: &Model) -> String {
        let description = model.data.description.as_deref().unwrap_or_default();
        let stated = self.successor(model).filter(|_| !model.data.card.hide_successor);
        match stated {
            Some(next) if description.is_empty() => format!("Succeeded by {}.", next.display_name()),
            Some(next) => format!("{description} Succeeded by {}.", next.display_name()),
            None => description.to_string(),
        }
    }
}

impl Model {
    /// The model's id in its catalog.
    pub fn id(&self) -> ModelId {
        self.id
    }

    /// The slug (the file stem).
    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// The section the model is shown in, or `None` when it is not on the page.
    pub fn section(&self) -> Option<SectionId> {
        self.section
    }

    /// The model file's facts.
    pub fn data(&self) -> &ModelFile {
        &self.data
    }

    /// The typed fields of the model's entry in the Codex CLI's catalog, where the CLI lists it.
    pub fn codex(&self) -> Option<&codex_export::CodexModel> {
        self.codex.as_deref()
    }

    /// The prose name, else the card name, else the slug.
    pub fn display_name(&self) -> &str {
        self.data.prose_name.as_deref().or(self.data.name.as_deref()).unwrap_or(&self.slug)
    }

    /// `codex -m <slug>`.
    pub fn codex_command(&self) -> String {
        format!("codex -m {}", self.slug)
    }

    /// Availability on a surface: `Some(true/false)`, or `None` when unknown.
    pub fn availability(&self, surface: SurfaceId) -> Option<bool> {
        self.availability[surface.index()]
    }
}

impl Section {
    /// The section's id in its catalog.
    pub fn section_id(&self) -> SectionId {
        self.id
    }

    /// The stable identifier (`recommended`).
    pub fn id(&self) -> &str {
        &self.file.id
    }

    /// The heading.
    pub fn title(&self) -> &str {
        &self.file.title
    }

    /// The guidance after the cards (Markdown).
    pub fn guidance(&self) -> Option<&str> {
        self.file.guidance.as_deref()
    }

    /// The CSS class of the grid around the cards.
    pub fn grid_class(&self) -> Option<&str> {
        self.file.grid_class.as_deref()
    }

    /// The ids of the section's models, in card order.
    pub fn model_ids(&self) -> &[ModelId] {
        &self.models
    }
}
