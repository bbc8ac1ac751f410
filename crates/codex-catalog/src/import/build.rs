//! Catalog building: turn what a [`Page`] says into catalog files, merging into a base catalog
//! when there is one. What the page shows is updated; what only the catalog knows (sources,
//! notes, status, models not on the page) is kept.

use std::collections::BTreeMap;

use super::page::{Page, PageAttr, PageCard, PageFeature};
use crate::card::{Feature, FeatureValue, feature_indent, layout_of};
use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Rule, SourceText};
use crate::facts::CARD_SOURCES;
use crate::model::{
    AttributeValue, Card, CatalogFile, CatalogSources, Document, ModelFile, Scale, Scales, Section, Surface,
};
use crate::naming::{is_slug, surface_id};
use crate::template::{Placeholder, Template};

pub use super::document::ImportDocument;

/// The catalog an import makes: typed files and the template.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    /// `catalog.toml`.
    pub catalog: CatalogFile,
    /// Model files by slug, only those that are new or changed.
    pub models: BTreeMap<String, ModelFile>,
    /// `page.mdx`.
    pub template: String,
    /// How each feature title of the page maps to a surface.
    pub surfaces: Vec<SurfaceMapping>,
}

/// A choice made on the command line (`--surface 'LABEL=ID'`, or `=new`) for a feature title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SurfaceChoice {
    /// The title is this existing surface (relabelled to the title).
    Existing(String),
    /// The title is a new surface.
    New,
}

/// How one feature title of the page was mapped to a surface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceMapping {
    /// The title on the page.
    pub title: String,
    /// The surface id it maps to.
    pub id: String,
    /// Why.
    pub how: MappingKind,
    /// For a proposed new surface: the catalog's surfaces it may be a new title of, likeliest
    /// first, each with its label and whether a card of the page still shows it.
    pub likely: Vec<(String, String, bool)>,
}

/// Why a feature title maps to a surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingKind {
    /// The surface has this label.
    Exact,
    /// The surface has this label but for case: it is relabelled.
    CaseInsensitive,
    /// Chosen on the command line.
    Chosen,
    /// A new surface, in a catalog that had none (a fresh import).
    New,
    /// No surface matches: proposed as a new surface, to be confirmed with `--surface`.
    Proposed,
}

impl SurfaceMapping {
    /// One line for the dry run: `ChatGPT web → new surface chatgpt_web (proposed: …)`.
    pub fn describe(&self) -> String {
        let (title, id) = (&self.title, &self.id);
        match self.how {
            MappingKind::Exact => format!("`{title}` → `{id}`"),
            MappingKind::CaseInsensitive => format!("`{title}` → `{id}` (relabelled: the label differed only in case)"),
            MappingKind::Chosen => format!("`{title}` → `{id}` (chosen)"),
            MappingKind::New => format!("`{title}` → new surface `{id}`"),
            MappingKind::Proposed if !self.likely.is_empty() => format!(
                "`{title}` → new surface `{id}`? no surface has this label; it may be {}: map it with \
                 --surface '{title}={}', or confirm a new surface with --surface '{title}=new'",
                self.likely
                    .iter()
                    .map(|(id, label, shown)| {
                        let gone = if *shown { "" } else { ", which no card shows any more" };
                        format!("`{id}` ({label}{gone})")
                    })
                    .collect::<Vec<_>>()
                    .join(" or "),
                self.likely[0].0
            ),
            MappingKind::Proposed => format!(
                "`{title}` → new surface `{id}`? no surface has this label: confirm with \
                 --surface '{title}=new', or map it with --surface '{title}=<surface id>'"
            ),
        }
    }
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
    choices: &'a BTreeMap<String, SurfaceChoice>,
    diags: Vec<Diagnostic>,
}

/// Turn a page into catalog files, merging into `base` when given. `choices` map feature titles
/// to surfaces where the page's titles are not the catalog's labels.
pub fn build(
    page: &Page,
    base: Option<&Catalog>,
    doc: &ImportDocument,
    src: &SourceText,
    choices: &BTreeMap<String, SurfaceChoice>,
) -> Result<Built, Vec<Diagnostic>> {
    let mut b = Builder { page, base, doc, src, choices, diags: Vec::new() };
    let base_file = base.map(Catalog::file);
    let Some(title) = page.title.clone().or_else(|| base_file.map(|f| f.title.clone())) else {
        return Err(vec![src.diagnostic(Rule::Card, None, "", "the page has no `#` title heading")]);
    };
    let scales = b.scales();
    let (surfaces, mapping) = b.surfaces();
    let (sections, mut models, renames) = b.sections(&scales, &surfaces, &mapping);
    let default_model = page.default_model.clone().or_else(|| base_file.and_then(|f| f.default_model.clone()));
    let example_model = page.example_model.clone().or_else(|| base_file.and_then(|f| f.example_model.clone()));
    let cloud_model = page.cloud_model.clone().or_else(|| base_file.and_then(|f| f.cloud_model.clone()));
    // Models the page names without a card (the snippets, the prose): known by slug.
    let families: Vec<String> =
        page.cards().filter_map(|c| c.text("slug")?.split('-').next().map(String::from)).collect();
    let named = [&default_model, &example_model, &cloud_model].into_iter().flatten().cloned();
    let in_prose =
        page.prose_slugs.iter().filter(|s| s.split('-').next().is_some_and(|f| families.iter().any(|x| x == f)));
    for slug in named.chain(in_prose.cloned()) {
        if !models.contains_key(&slug) && base.is_none_or(|b| b.model(&slug).is_none()) && is_slug(&slug) {
            models.insert(slug, b.new_model(None));
        }
    }
    let catalog = CatalogFile {
        title,
        default_model,
        example_model,
        cloud_model,
        scales,
        surfaces,
        sections,
        documents: b.documents(),
        sources: b.catalog_sources(),
        acknowledged: base.map(|b| b.file().acknowledged.clone()).unwrap_or_default(),
        codex: base.and_then(|b| b.codex().cloned()),
    };
    // Keep only the models the import changes.
    if let Some(base) = base {
        models.retain(|slug, m| base.model(slug).is_none_or(|old| old.data() != m));
    }
    let template = rename_sections(&page.template, &renames);
    if b.diags.is_empty() { Ok(Built { catalog, models, template, surfaces: mapping }) } else { Err(b.diags) }
}

/// The template with the page's section ids replaced by the catalog's.
fn rename_sections(template: &str, renames: &BTreeMap<String, String>) -> String {
    if renames.iter().all(|(a, b)| a == b) {
        return template.to_string();
    }
    let Ok(parsed) = Template::parse(template) else { return template.to_string() };
    let mut out = String::with_capacity(template.len());
    let mut pos = 0;
    for (placeholder, span) in parsed.placeholders() {
        let (kind, id) = match placeholder {
            Placeholder::Section(id) => ("section", id),
            Placeholder::SectionTitle(id) => ("section-title", id),
            Placeholder::Card(id) => ("card", id),
            Placeholder::Guidance(id) => ("guidance", id),
            _ => continue,
        };
        let Some(new) = renames.get(id) else { continue };
        out.push_str(&template[pos..span.start]);
        out.push_str(&format!("{{/* catalog:{kind} {new} */}}"));
        pos = span.end;
    }
    out.push_str(&template[pos..]);
    out
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

    /// The surfaces: one per feature title, in page order (a title the catalog has, chosen on
    /// the command line, or equal but for case maps to that surface and relabels it; any other
    /// is a new surface), then the catalog's surfaces no card shows, retired.
    fn surfaces(&mut self) -> (Vec<Surface>, Vec<SurfaceMapping>) {
        let base: Vec<Surface> = self.base.map(|b| b.surfaces().to_vec()).unwrap_or_default();
        let mut titles: Vec<&str> = Vec::new();
        for f in self.page.cards().flat_map(|c| &c.features) {
            if let PageFeature::Flag { title, .. } = f
                && !titles.contains(&title.as_str())
            {
                titles.push(title);
            }
        }
        let mut surfaces: Vec<Surface> = Vec::new();
        let mut mapping = Vec::new();
        for title in titles {
            let taken = |id: &str, surfaces: &[Surface]| surfaces.iter().any(|s| s.id == id);
            let (found, how) = match self.choices.get(title) {
                Some(SurfaceChoice::Existing(id)) => match base.iter().find(|s| &s.id == id) {
                    Some(s) => (Some(s.clone()), MappingKind::Chosen),
                    None => {
                        self.error(format!("--surface '{title}={id}': the catalog has no surface `{id}`"));
                        continue;
                    }
                },
                Some(SurfaceChoice::New) => (None, MappingKind::Chosen),
                None => match base.iter().find(|s| s.label == title) {
                    Some(s) => (Some(s.clone()), MappingKind::Exact),
                    None => match base.iter().find(|s| s.label.to_lowercase() == title.to_lowercase()) {
                        Some(s) => (Some(s.clone()), MappingKind::CaseInsensitive),
                        None if self.base.is_none() => (None, MappingKind::New),
                        None => (None, MappingKind::Proposed),
                    },
                },
            };
            let surface = match found {
                Some(s) if taken(&s.id, &surfaces) => {
                    // Two titles for one surface: the first is its label, cards keep theirs.
                    mapping.push(SurfaceMapping {
                        title: title.to_string(),
                        id: s.id.clone(),
                        how,
                        likely: Vec::new(),
                    });
                    continue;
                }
                Some(s) => Surface { id: s.id, label: title.to_string(), retired: false },
                None => {
                    let mut id = surface_id(title);
                    while taken(&id, &surfaces) || base.iter().any(|s| s.id == id) {
                        id.push('_');
                    }
                    Surface { id, label: title.to_string(), retired: false }
                }
            };
            mapping.push(SurfaceMapping { title: title.to_string(), id: surface.id.clone(), how, likely: Vec::new() });
            surfaces.push(surface);
        }
        // A proposed surface may be an old one under a new title: name the catalog's surfaces
        // no title maps to any more, and those whose label reads like the title (by spelling, or
        // by its words all being in the title), the likeliest first.
        let words = |s: &str| s.to_lowercase().split_whitespace().map(String::from).collect::<Vec<_>>();
        let proposed: Vec<usize> =
            mapping.iter().enumerate().filter(|(_, m)| m.how == MappingKind::Proposed).map(|(i, _)| i).collect();
        for i in proposed {
            let title = mapping[i].title.to_lowercase();
            let title_words = words(&title);
            let mut likely: Vec<(f64, (String, String, bool))> = base
                .iter()
                .filter(|s| !s.retired)
                .filter_map(|s| {
                    let shown = mapping.iter().any(|m| m.id == s.id);
                    let label_words = words(&s.label);
                    let overlap = label_words.iter().filter(|w| title_words.contains(w)).count() as f64
                        / label_words.len().max(1) as f64;
                    let spelling = strsim::jaro_winkler(&title, &s.label.to_lowercase());
                    let score = spelling.max(overlap);
                    let likely = !shown || spelling >= 0.85 || overlap >= 0.6;
                    likely.then(|| (score + f64::from(u8::from(!shown)), (s.id.clone(), s.label.clone(), shown)))
                })
                .collect();
            likely.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.0.cmp(&b.1.0)));
            mapping[i].likely = likely.into_iter().take(3).map(|(_, l)| l).collect();
        }
        let shown = !surfaces.is_empty();
        for s in base {
            if !surfaces.iter().any(|n| n.id == s.id) {
                surfaces.push(Surface { retired: s.retired || shown, ..s });
            }
        }
        (surfaces, mapping)
    }

    /// The slug a "Succeeded by X" names: a card's or a base model's slug, prose name or name,
    /// else X itself when it reads as a slug.
    fn resolve(&self, name: &str) -> Option<String> {
        let lower = name.to_lowercase();
        let base = self.base.into_iter().flat_map(|b| b.models());
        let from_base = base
            .filter(|m| {
                m.slug() == lower
                    || m.data().prose_name.as_deref() == Some(name)
                    || m.data().name.as_deref() == Some(name)
            })
            .map(|m| m.slug().to_string());
        let from_cards = self.page.cards().filter_map(|c| {
            let (slug, card_name) = (c.text("slug")?, c.text("name")?);
            (slug == lower || card_name == name).then(|| slug.to_string())
        });
        from_base.chain(from_cards).next().or_else(|| is_slug(&lower).then_some(lower))
    }

    /// The sections in page order and the model of every card (with the successors named only
    /// in sentences, recorded by their prose name), and how the page's section ids map to the
    /// catalog's (a section keeps its id when the catalog has one of that title).
    #[allow(clippy::type_complexity)]
    fn sections(
        &mut self,
        scales: &Scales,
        surfaces: &[Surface],
        mapping: &[SurfaceMapping],
    ) -> (Vec<Section>, BTreeMap<String, ModelFile>, BTreeMap<String, String>) {
        let mut models: BTreeMap<String, ModelFile> = BTreeMap::new();
        let mut prose_names: Vec<(String, String)> = Vec::new();
        let mut sections: Vec<Section> = Vec::new();
        let mut renames = BTreeMap::new();
        let base_file = self.base.map(Catalog::file);
        let ids: BTreeMap<&str, &str> = self
            .page
            .cards()
            .flat_map(|c| &c.features)
            .filter_map(|f| match f {
                PageFeature::Flag { title, .. } => {
                    let id = surfaces.iter().find(|s| &s.label == title).map(|s| s.id.as_str());
                    Some((title.as_str(), id?))
                }
                PageFeature::Rating { .. } => None,
            })
            .collect();
        let mut ids = self.mapped_ids(ids, surfaces);
        // A title mapped onto a surface another title labels keeps that mapping.
        for m in mapping {
            ids.entry(m.title.clone()).or_insert_with(|| m.id.clone());
        }
        for section in &self.page.sections {
            let old = base_file.and_then(|f| {
                f.sections.iter().find(|s| s.title == section.title && !sections.iter().any(|n| n.id == s.id))
            });
            let mut id = old.map_or_else(|| section.id.clone(), |s| s.id.clone());
            while old.is_none()
                && (sections.iter().any(|n| n.id == id)
                    || base_file.is_some_and(|f| f.sections.iter().any(|s| s.id == id && s.title != section.title)))
            {
                id.push_str("-page");
            }
            renames.insert(section.id.clone(), id.clone());
            let mut slugs = Vec::new();
            for card in &section.cards {
                let Some(slug) = card.text("slug") else { continue };
                slugs.push(slug.to_string());
                let model = self.card_model(card, slug, scales, surfaces, &ids, &mut prose_names);
                models.insert(slug.to_string(), model);
            }
            sections.push(Section {
                id,
                title: section.title.clone(),
                models: slugs,
                guidance: section.guidance.clone(),
                // How the page lays the cards out: the page's own (none when it has no grid).
                grid_class: section.grid_class.clone(),
            });
        }
        for (slug, prose) in prose_names {
            let base_model = self.base.and_then(|b| b.model(&slug)).map(|m| m.data().clone());
            let entry =
                models.entry(slug.clone()).or_insert_with(|| base_model.unwrap_or_else(|| self.new_model(None)));
            if entry.prose_name.as_deref() != Some(prose.as_str()) {
                entry.prose_name = Some(prose);
                entry.sources.set("prose_name", &self.doc.id);
            }
        }
        (sections, models, renames)
    }

    /// Every feature title of the page with its surface id: the labels, and the titles mapped
    /// to a surface that another title labels.
    fn mapped_ids<'s>(
        &'s self,
        mut ids: BTreeMap<&'s str, &'s str>,
        surfaces: &'s [Surface],
    ) -> BTreeMap<String, String> {
        for (title, choice) in self.choices {
            if let SurfaceChoice::Existing(id) = choice
                && let Some(s) = surfaces.iter().find(|s| &s.id == id)
            {
                ids.entry(title.as_str()).or_insert(s.id.as_str());
            }
        }
        let mut out: BTreeMap<String, String> = ids.into_iter().map(|(t, i)| (t.to_string(), i.to_string())).collect();
        for f in self.page.cards().flat_map(|c| &c.features) {
            if let PageFeature::Flag { title, .. } = f
                && !out.contains_key(title)
                && let Some(s) = surfaces.iter().find(|s| s.label.to_lowercase() == title.to_lowercase())
            {
                out.insert(title.clone(), s.id.clone());
            }
        }
        out
    }

    fn new_model(&self, name: Option<String>) -> ModelFile {
        ModelFile::new(name, self.doc.id.clone())
    }

    /// The model a card describes: the base's model with what the card shows put in, and how
    /// the card shows it.
    fn card_model(
        &mut self,
        card: &PageCard,
        slug: &str,
        scales: &Scales,
        surfaces: &[Surface],
        ids: &BTreeMap<String, String>,
        prose_names: &mut Vec<(String, String)>,
    ) -> ModelFile {
        let name = card.text("name").map(String::from);
        let old = self.base.and_then(|b| b.model(slug)).map(|m| m.data().clone());
        let is_new = old.is_none();
        let mut m = old.unwrap_or_else(|| self.new_model(name.clone()));
        m.name = name;
        let (description, successor) = split_succession(card.text("description").unwrap_or_default());
        m.description = (!description.is_empty()).then_some(description);
        let mut hide_successor = false;
        match successor {
            Some(next_name) => match self.resolve(&next_name) {
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
            },
            // The catalog knows a successor this card does not state: keep the fact, not the words.
            None => hide_successor = m.succeeded_by.is_some(),
        }
        m.wallpaper_url = card.text("wallpaperUrl").map(String::from);
        let mut presentation = Card {
            client_load: card.flag("client:load"),
            collapsible: card.flag("collapsible"),
            attributes: extra_attributes(card),
            hide_successor,
            ..Card::default()
        };
        if card.order != presentation.usual_order(m.name.is_some(), m.wallpaper_url.is_some()) {
            presentation.order = card.order.clone();
        }
        let mut shown = Vec::new();
        for (i, f) in card.features.iter().enumerate() {
            let value = match f {
                PageFeature::Rating { icon, count, .. } => {
                    FeatureValue::Rating { icon: icon.as_str().into(), count: *count }
                }
                PageFeature::Flag { value, .. } => FeatureValue::Flag(*value),
            };
            let printed = Feature { title: f.title().into(), value, layout: None };
            if let Some(shape) = card.shapes.get(i)
                && let Some(layout) = layout_of(&printed, feature_indent(card.indent), *shape)
            {
                presentation.layout.insert(printed.title.into_owned(), layout);
            }
            match f {
                PageFeature::Rating { title, count, .. } if *title == scales.capability.label => {
                    m.capability = Some(*count)
                }
                PageFeature::Rating { count, .. } => m.speed = Some(*count),
                PageFeature::Flag { title, value } => {
                    let Some(id) = ids.get(title) else {
                        self.error(format!("card on line {}: the feature `{title}` maps to no surface", card.line));
                        continue;
                    };
                    // One fact per surface: a second feature for it would overwrite the first
                    // (a title listed twice, or two titles mapped onto one surface).
                    if shown.contains(id) {
                        let first = card.features[..i]
                            .iter()
                            .find(|g| matches!(g, PageFeature::Flag { title: t, .. } if ids.get(t) == Some(id)))
                            .map_or("", PageFeature::title);
                        let message = if first == title {
                            format!("card on line {}: the feature `{title}` is listed twice", card.line)
                        } else {
                            format!(
                                "card on line {}: `{first}` and `{title}` both map to the surface `{id}`, so one \
                                 value would be lost; map them to two surfaces with --surface",
                                card.line
                            )
                        };
                        self.error(message);
                        continue;
                    }
                    m.availability.insert(id.clone(), *value);
                    shown.push(id.clone());
                    let label = surfaces.iter().find(|s| &s.id == id).map(|s| s.label.as_str());
                    if label != Some(title.as_str()) {
                        presentation.labels.insert(id.clone(), title.clone());
                    }
                }
            }
        }
        // The surfaces a card shows by default: every one not retired, in the catalog's order.
        // A card that shows fewer (a surface the page added after the card was written) keeps
        // its own list, so the unknown values are the page's choice and not a gap
        // (`incomplete-card`).
        let usual: Vec<String> = surfaces.iter().filter(|s| !s.retired).map(|s| s.id.clone()).collect();
        if shown != usual {
            presentation.surfaces = Some(shown);
        }
        m.card = presentation;
        if !is_new {
            // Notes the page does not show keep their document when `availability` moves on.
            if !m.availability_notes.is_empty() && m.sources.get("availability_notes").is_none() {
                let notes = m.sources.of("availability").to_string();
                m.sources.set("availability_notes", &notes);
            }
            for key in CARD_SOURCES {
                m.sources.set(key, &self.doc.id);
            }
        }
        m
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
        let doc = &self.doc.id;
        let fresh = CatalogSources::from_default(doc.clone());
        let Some(base) = self.base else { return fresh };
        // The page is the source of the title, sections and surfaces it shows; a fact it does
        // not state keeps the document it came from.
        let old = &base.file().sources;
        let kept = |key: &Option<String>, stated: bool, known: bool| {
            let source = key.clone().unwrap_or_else(|| old.default.clone());
            (known && !stated && &source != doc).then_some(source)
        };
        let file = base.file();
        let page = self.page;
        let shows_surfaces = page.cards().flat_map(|c| &c.features).any(|f| matches!(f, PageFeature::Flag { .. }));
        CatalogSources {
            default_model: kept(&old.default_model, page.default_model.is_some(), file.default_model.is_some()),
            example_model: kept(&old.example_model, page.example_model.is_some(), file.example_model.is_some()),
            cloud_model: kept(&old.cloud_model, page.cloud_model.is_some(), file.cloud_model.is_some()),
            surfaces: kept(&old.surfaces, shows_surfaces, true),
            // The scales are the catalog's: a page only uses them.
            scales: kept(&old.scales, false, true),
            scale_max: kept(&old.scale_max, false, true),
            // The CLI's catalog is not the page's.
            codex: kept(&old.codex, false, file.codex.is_some()),
            ..fresh
        }
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
        let d = ImportDocument::from_path(std::path::Path::new("pages/codex-models-2026-04-03.mdx"), None).unwrap();
        assert_eq!(d.id, "codex-models-2026-04-03");
        assert_eq!(d.date.as_deref(), Some("2026-04-03"));
    }
}
