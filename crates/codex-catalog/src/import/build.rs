//! Catalog building: turn what a [`Page`] says into catalog files, merging into a base catalog
//! when there is one. What the page shows is updated; what only the catalog knows (sources,
//! notes, status, models not on the page) is kept.

use std::collections::BTreeMap;

use super::page::{Page, PageAttr, PageCard, PageFeature};
use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Rule, SourceText};
use crate::facts::CARD_SOURCES;
use crate::model::{
    AttributeValue, Card, CatalogFile, CatalogSources, Document, ModelFile, Scale, Scales, Section, Surface,
};
use crate::naming::{is_slug, section_id, slugify, surface_id};

/// The document an import records as the source of what the page shows.
#[derive(Debug, Clone)]
pub struct ImportDocument {
    /// Id in `[[documents]]`.
    pub id: String,
    /// What it is.
    pub title: String,
    /// Its date, where its file name has one.
    pub date: Option<String>,
    /// Where it is.
    pub location: Option<String>,
}

impl ImportDocument {
    /// A document named after the page file: `codex-models-2026-04-03.mdx` gives the id
    /// `codex-models-2026-04-03` and the date 2026-04-03.
    pub fn from_path(path: &std::path::Path) -> ImportDocument {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let mut id = slugify(&stem, '-');
        if id.is_empty() || !id.starts_with(|c: char| c.is_ascii_lowercase()) {
            id = format!("page-{id}");
        }
        let date = (0..stem.len().saturating_sub(9)).find_map(|i| {
            let s = stem.get(i..i + 10)?;
            let ok = s.bytes().enumerate().all(|(j, b)| if j == 4 || j == 7 { b == b'-' } else { b.is_ascii_digit() });
            ok.then(|| s.to_string())
        });
        let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        ImportDocument { id, title: format!("Codex Models page ({name})"), date, location: Some(name) }
    }

    fn document(&self) -> Document {
        Document {
            id: self.id.clone(),
            title: self.title.clone(),
            date: self.date.clone(),
            location: self.location.clone(),
        }
    }
}

/// The catalog an import makes: typed files and the template.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    /// `catalog.toml`.
    pub catalog: CatalogFile,
    /// Model files by slug, only those that are new or changed.
    pub models: BTreeMap<String, ModelFile>,
    /// `page.mdx`.
    pub template: String,
}

/// Split "…. Succeeded by X." off a description.
pub fn split_succession(description: &str) -> (String, Option<String>) {
    let trimmed = description.trim();
    let Some(pos) = trimmed.rfind("Succeeded by ") else { return (trimmed.to_string(), None) };
    let name = trimmed[pos + "Succeeded by ".len()..].trim_end_matches('.').trim();
    if name.is_empty() || name.contains(' ') {
        return (trimmed.to_string(), None);
    }
    (trimmed[..pos].trim_end().to_string(), Some(name.to_string()))
}

/// Everything [`build`] works from, and the diagnostics it collects.
struct Builder<'a> {
    page: &'a Page,
    base: Option<&'a Catalog>,
    doc: &'a ImportDocument,
    src: &'a SourceText,
    diags: Vec<Diagnostic>,
}

/// Turn a page into catalog files, merging into `base` when given.
pub fn build(
    page: &Page,
    base: Option<&Catalog>,
    doc: &ImportDocument,
    src: &SourceText,
) -> Result<Built, Vec<Diagnostic>> {
    let mut b = Builder { page, base, doc, src, diags: Vec::new() };
    let base_file = base.map(Catalog::file);
    let Some(title) = page.title.clone().or_else(|| base_file.map(|f| f.title.clone())) else {
        return Err(vec![src.diagnostic(Rule::Card, None, "", "the page has no `#` title heading")]);
    };
    let scales = b.scales();
    let surfaces = b.surfaces();
    let (sections, mut models) = b.sections(&scales, &surfaces);
    let (default_model, example_model) = (
        b.pick(&page.default_model, base_file.map(|f| &f.default_model), "`model = \"…\"` config snippet"),
        b.pick(&page.example_model, base_file.map(|f| &f.example_model), "`codex -m …` example"),
    );
    let catalog = CatalogFile {
        title,
        default_model,
        example_model,
        cloud_model: page.cloud_model.clone().or_else(|| base_file.and_then(|f| f.cloud_model.clone())),
        scales,
        surfaces,
        sections,
        documents: b.documents(),
        sources: b.catalog_sources(),
    };
    // Keep only the models the import changes.
    if let Some(base) = base {
        models.retain(|slug, m| base.model(slug).is_none_or(|old| old.data() != m));
    }
    if b.diags.is_empty() { Ok(Built { catalog, models, template: page.template.clone() }) } else { Err(b.diags) }
}

impl Builder<'_> {
    fn error(&mut self, message: String) {
        self.diags.push(self.src.diagnostic(Rule::Card, None, "", message));
    }

    /// The scales: the base's, else from the first two rating titles of the page (capability
    /// first). A rating title that is neither scale is an error.
    fn scales(&mut self) -> Scales {
        let mut titles: Vec<(&str, &str)> = Vec::new();
        for f in self.page.cards().flat_map(|c| &c.features) {
            if let PageFeature::Rating { title, icon, .. } = f
                && !titles.iter().any(|(t, _)| t == title)
            {
                titles.push((title, icon));
            }
        }
        let scales = match self.base {
            Some(b) => b.scales().clone(),
            None => {
                let scale = |i: usize, label: &str, icon: &str| {
                    let (label, icon) = titles.get(i).copied().unwrap_or((label, icon));
                    // The page shows icons, not their maximum; 5 is the scale every page draws.
                    Scale { label: label.to_string(), icon: icon.to_string(), max: 5 }
                };
                Scales {
                    capability: scale(0, "Capability", "openai.SparklesFilled"),
                    speed: scale(1, "Speed", "openai.Flash"),
                }
            }
        };
        for (t, _) in titles {
            if t != scales.capability.label && t != scales.speed.label {
                self.error(format!(
                    "the rating `{t}` is neither the capability scale (`{}`) nor the speed scale (`{}`)",
                    scales.capability.label, scales.speed.label
                ));
            }
        }
        scales
    }

    /// The surfaces: the base's, then each feature title never seen, in page order.
    fn surfaces(&self) -> Vec<Surface> {
        let mut surfaces: Vec<Surface> = self.base.map(|b| b.surfaces().to_vec()).unwrap_or_default();
        for f in self.page.cards().flat_map(|c| &c.features) {
            if let PageFeature::Flag { title, .. } = f
                && !surfaces.iter().any(|s| &s.label == title)
            {
                let mut id = surface_id(title);
                while surfaces.iter().any(|s| s.id == id) {
                    id.push('_');
                }
                surfaces.push(Surface { id, label: title.clone() });
            }
        }
        surfaces
    }

    /// The slug a "Succeeded by X" names: a card's or a base model's slug, prose name or name,
    /// else X itself when it reads as a slug.
    fn resolve(&self, name: &str) -> Option<String> {
        let lower = name.to_lowercase();
        let base = self.base.into_iter().flat_map(|b| b.models());
        let from_base = base
            .filter(|m| m.slug() == lower || m.data().prose_name.as_deref() == Some(name) || m.data().name == name)
            .map(|m| m.slug().to_string());
        let from_cards = self.page.cards().filter_map(|c| {
            let (slug, card_name) = (c.text("slug")?, c.text("name")?);
            (slug == lower || card_name == name).then(|| slug.to_string())
        });
        from_base.chain(from_cards).next().or_else(|| is_slug(&lower).then_some(lower))
    }

    /// The sections in page order and the model of every card (with the successors named only
    /// in sentences, recorded by their prose name).
    fn sections(&mut self, scales: &Scales, surfaces: &[Surface]) -> (Vec<Section>, BTreeMap<String, ModelFile>) {
        let mut models: BTreeMap<String, ModelFile> = BTreeMap::new();
        let mut prose_names: Vec<(String, String)> = Vec::new();
        let mut sections = Vec::new();
        let base_file = self.base.map(Catalog::file);
        for section in &self.page.sections {
            let old = base_file.and_then(|f| f.sections.iter().find(|s| s.title == section.title));
            let id = old.map_or_else(|| section_id(&section.title), |s| s.id.clone());
            let mut slugs = Vec::new();
            for card in &section.cards {
                let (Some(slug), Some(_)) = (card.text("slug"), card.text("name")) else { continue };
                slugs.push(slug.to_string());
                let model = self.card_model(card, slug, scales, surfaces, &mut prose_names);
                models.insert(slug.to_string(), model);
            }
            let old = base_file.and_then(|f| f.sections.iter().find(|s| s.id == id));
            sections.push(Section {
                id,
                title: section.title.clone(),
                models: slugs,
                guidance: section.guidance.clone(),
                grid_class: section.grid_class.clone().or_else(|| old.and_then(|o| o.grid_class.clone())),
            });
        }
        for (slug, prose) in prose_names {
            let base_model = self.base.and_then(|b| b.model(&slug)).map(|m| m.data().clone());
            let entry =
                models.entry(slug.clone()).or_insert_with(|| base_model.unwrap_or_else(|| self.new_model(&slug)));
            if entry.prose_name.as_deref() != Some(prose.as_str()) {
                entry.prose_name = Some(prose);
                entry.sources.set("prose_name", &self.doc.id);
            }
        }
        (sections, models)
    }

    fn new_model(&self, name: &str) -> ModelFile {
        ModelFile::new(name, self.doc.id.clone())
    }

    /// The model a card describes: the base's model with what the card shows put in.
    fn card_model(
        &mut self,
        card: &PageCard,
        slug: &str,
        scales: &Scales,
        surfaces: &[Surface],
        prose_names: &mut Vec<(String, String)>,
    ) -> ModelFile {
        let name = card.text("name").unwrap_or_default();
        let old = self.base.and_then(|b| b.model(slug)).map(|m| m.data().clone());
        let is_new = old.is_none();
        let mut m = old.unwrap_or_else(|| self.new_model(name));
        m.name = name.to_string();
        let (description, successor) = split_succession(card.text("description").unwrap_or_default());
        m.description = (!description.is_empty()).then_some(description);
        if let Some(next_name) = successor {
            match self.resolve(&next_name) {
                Some(next) => {
                    if next_name != next {
                        prose_names.push((next.clone(), next_name));
                    }
                    m.succeeded_by = Some(next);
                    if !is_new {
                        m.sources.set("succeeded_by", &self.doc.id);
                    }
                }
                None => self.error(format!("card on line {}: successor `{next_name}` is not a model", card.line)),
            }
        }
        m.wallpaper_url = card.text("wallpaperUrl").map(String::from);
        m.card = Card {
            client_load: card.flag("client:load"),
            collapsible: card.flag("collapsible"),
            attributes: extra_attributes(card),
        };
        for f in &card.features {
            match f {
                PageFeature::Rating { title, count, .. } if *title == scales.capability.label => {
                    m.capability = Some(*count)
                }
                PageFeature::Rating { count, .. } => m.speed = Some(*count),
                PageFeature::Flag { title, value } => {
                    if let Some(s) = surfaces.iter().find(|s| &s.label == title) {
                        m.availability.insert(s.id.clone(), *value);
                    }
                }
            }
        }
        if !is_new {
            for key in CARD_SOURCES {
                m.sources.set(key, &self.doc.id);
            }
        }
        m
    }

    /// The page's value, else the base's; neither is an error naming `what`.
    fn pick(&mut self, page_value: &Option<String>, base_value: Option<&String>, what: &str) -> String {
        page_value.clone().or_else(|| base_value.cloned()).unwrap_or_else(|| {
            self.error(format!("the page has no {what}"));
            String::new()
        })
    }

    /// The base's documents, with the page added.
    fn documents(&self) -> Vec<Document> {
        let mut documents = self.base.map(|b| b.documents().to_vec()).unwrap_or_default();
        if !documents.iter().any(|d| d.id == self.doc.id) {
            documents.push(self.doc.document());
        }
        documents
    }

    /// Where the catalog-level facts came from: the page for what it states.
    fn catalog_sources(&self) -> CatalogSources {
        let Some(base) = self.base else {
            return CatalogSources {
                default: self.doc.id.clone(),
                default_model: None,
                example_model: None,
                cloud_model: None,
                surfaces: None,
            };
        };
        let mut s = base.file().sources.clone();
        let from_page = (s.default != self.doc.id).then(|| self.doc.id.clone());
        s.default_model = from_page.clone();
        s.example_model = from_page.clone();
        if self.page.cloud_model.is_some() {
            s.cloud_model = from_page;
        }
        s
    }
}

/// Every card attribute the catalog does not model by name, kept to be regenerated as written.
fn extra_attributes(card: &PageCard) -> BTreeMap<String, AttributeValue> {
    const MODELLED: [&str; 6] = ["client:load", "collapsible", "name", "slug", "description", "wallpaperUrl"];
    card.attributes
        .iter()
        .filter(|(name, _)| !MODELLED.contains(&name.as_str()))
        .map(|(name, value)| {
            let value = match value {
                PageAttr::Bare => AttributeValue::Flag(true),
                PageAttr::Bool(b) => AttributeValue::Flag(*b),
                PageAttr::Text(t) => AttributeValue::Text(t.clone()),
                PageAttr::Expression(e) => AttributeValue::Expression { expression: e.clone() },
            };
            (name.clone(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_succession_sentences() {
        assert_eq!(
            split_succession("Optimized for coding. Succeeded by GPT-5.1-Codex-Max."),
            ("Optimized for coding.".to_string(), Some("GPT-5.1-Codex-Max".to_string()))
        );
        assert_eq!(split_succession("No successor."), ("No successor.".to_string(), None));
    }

    #[test]
    fn documents_take_their_date_from_the_file_name() {
        let d = ImportDocument::from_path(std::path::Path::new("pages/codex-models-2026-04-03.mdx"));
        assert_eq!(d.id, "codex-models-2026-04-03");
        assert_eq!(d.date.as_deref(), Some("2026-04-03"));
    }
}
