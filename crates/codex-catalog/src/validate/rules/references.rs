//! Rules on what names what: models, surfaces, sections and documents exist, are unique and are
//! placed once.

use crate::hash::{HashMap, HashSet};

use super::{Context, at};
use crate::diagnostic::{Diagnostic, Rule};
use crate::load::{ParsedFile, push_token};
use crate::naming::did_you_mean;

/// The surfaces, sections or documents: where they are declared, what they are called, the key
/// of their shown name, and each one's id and shown name.
struct Declared<'a> {
    base: &'static str,
    what: &'static str,
    key: &'static str,
    items: Vec<(&'a str, &'a str)>,
}

fn declared<'a>(cx: &Context<'a>) -> [Declared<'a>; 3] {
    let c = cx.catalog;
    let d = |base, what, key, items| Declared { base, what, key, items };
    [
        d("/surfaces", "surface", "label", c.surfaces.iter().map(|s| (s.id.as_str(), s.label.as_str())).collect()),
        d("/sections", "section", "title", c.sections.iter().map(|s| (s.id.as_str(), s.title.as_str())).collect()),
        d("/documents", "document", "title", c.documents.iter().map(|d| (d.id.as_str(), d.title.as_str())).collect()),
    ]
}

/// `duplicate-id`: surface, section and document ids are unique.
pub(super) fn duplicate_id(cx: &Context, diags: &mut Vec<Diagnostic>) {
    for Declared { base, what, items, .. } in declared(cx) {
        let mut first = HashMap::default();
        for (i, (id, _)) in items.iter().enumerate() {
            if let Some(f) = first.insert(*id, i) {
                let message = format!("{what} id `{id}` is declared twice (first at {base}/{f})");
                let label = cx.file.source.label(cx.file.value_span(&format!("{base}/{f}/id")), "first declared here");
                diags.push(at(cx.file, Rule::DuplicateId, &format!("{base}/{i}/id"), message, None).with_label(label));
            }
        }
    }
}

/// How a label reads: in NFC, without case, default-ignorable characters or extra spaces, and
/// through UTS #39's confusable skeleton, so `Codex CLI`, `Cоdex CLI` (a Cyrillic `о`), `Codex
/// CLI` with a left-to-right mark and `Café` in NFD are one label. Two keys, the skeleton taken
/// after lowercasing and before it: `I` and `l` look alike only in capitals (`aIpha`, `alpha`),
/// case must not matter (`CLI`, `cli`). Labels that share a key read the same.
fn reads_as(label: &str) -> [String; 2] {
    use unicode_normalization::UnicodeNormalization;
    let visible: String = label.nfc().filter(|c| !crate::validate::forbidden::is_forbidden(*c)).collect();
    let words = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    let lowered: String = words.chars().flat_map(char::to_lowercase).collect();
    let skeleton = |s: &str| unicode_security::skeleton(s).collect::<String>();
    [skeleton(&lowered), skeleton(&words).chars().flat_map(char::to_lowercase).collect()]
}

/// `duplicate-label`: surface labels and document titles are unique, as they read (case,
/// invisible characters and look-alike letters aside). (Section titles may repeat: a page can
/// show one heading under two wrappers.)
pub(super) fn duplicate_label(cx: &Context, diags: &mut Vec<Diagnostic>) {
    for Declared { base, what, key, items } in declared(cx).into_iter().filter(|d| d.what != "section") {
        let mut first: HashMap<String, usize> = HashMap::default();
        for (i, (_, label)) in items.iter().enumerate() {
            let keys = reads_as(label);
            let seen = keys.iter().find_map(|k| first.get(k).copied());
            for k in keys {
                first.entry(k).or_insert(i);
            }
            if let Some(f) = seen {
                let shown = items[f].1;
                let message = if shown == *label {
                    format!("{what} `{label}` is shown twice (first at {base}/{f})")
                } else {
                    format!("{what} `{label}` reads the same as `{shown}` (at {base}/{f})")
                };
                let first_span = cx.file.value_span(&format!("{base}/{f}/{key}"));
                let d = at(cx.file, Rule::DuplicateLabel, &format!("{base}/{i}/{key}"), message, None);
                diags.push(d.with_label(cx.file.source.label(first_span, "first shown here")));
            }
        }
    }
    // Two models with one name: two cards with one title (a copied file keeps its neighbour's).
    let mut first: HashMap<String, (&crate::load::ParsedFile, &str)> = HashMap::default();
    for (file, slug, model) in &cx.models {
        let Some(name) = model.name.as_deref() else { continue };
        let keys = reads_as(name);
        let seen = keys.iter().find_map(|k| first.get(k).copied());
        for k in keys {
            first.entry(k).or_insert((*file, *slug));
        }
        if let Some((other_file, other)) = seen {
            let message = format!("`{slug}` has the name `{name}`, as `{other}` does: two cards with one title");
            let hint = "give each model its own name (a model file copied from a neighbour keeps its name)";
            let d = at(file, Rule::DuplicateLabel, "/name", message, Some(hint.into()));
            let span = other_file.value_span("/name");
            diags.push(d.with_label(other_file.source.label(span, format!("`{other}`'s name, first"))));
        }
    }
}

/// Where a model is named: its pointer is spelled only for a reference that is reported.
#[derive(Clone, Copy)]
enum Named {
    /// `/sections/{0}/models/{1}`.
    Section(usize, usize),
    /// A top-level field of `catalog.toml`, or `succeeded_by` of a model file.
    Field(&'static str),
}

impl Named {
    fn pointer(self) -> String {
        match self {
            Named::Section(i, j) => format!("/sections/{i}/models/{j}"),
            Named::Field(field) => format!("/{field}"),
        }
    }
}

/// Every place a model is named by slug: the file, the place, the slug and what names it.
fn model_references<'a>(cx: &'a Context<'a>) -> impl Iterator<Item = (&'a ParsedFile, Named, &'a str, &'static str)> {
    let c = cx.catalog;
    let sections = c.sections.iter().enumerate().flat_map(move |(i, section)| {
        section
            .models
            .iter()
            .enumerate()
            .map(move |(j, slug)| (cx.file, Named::Section(i, j), slug.as_str(), "section model"))
    });
    let fields =
        [("default_model", &c.default_model), ("example_model", &c.example_model), ("cloud_model", &c.cloud_model)]
            .into_iter()
            .filter_map(move |(field, slug)| slug.as_deref().map(|slug| (cx.file, Named::Field(field), slug, field)));
    let successors = cx.models.iter().filter_map(|(file, _, model)| {
        model.succeeded_by.as_deref().map(|next| (*file, Named::Field("succeeded_by"), next, "succeeded_by"))
    });
    sections.chain(fields).chain(successors)
}

/// `unknown-model`: every slug the catalog names is a model of the catalog.
pub(super) fn unknown_model(cx: &Context, diags: &mut Vec<Diagnostic>) {
    for (file, named, slug, what) in model_references(cx) {
        if !cx.known.contains(slug) {
            let hint = cx
                .suggest_model(slug)
                .unwrap_or_else(|| format!("add catalog/models/{slug}.toml or name an existing model"));
            let message = format!("{what} `{slug}` is not a model of the catalog");
            diags.push(at(file, Rule::UnknownModel, &named.pointer(), message, Some(hint)));
        }
    }
}

/// `section-membership`: a model is listed in at most one section, once.
pub(super) fn section_membership(cx: &Context, diags: &mut Vec<Diagnostic>) {
    let listed = cx.catalog.sections.iter().map(|s| s.models.len()).sum();
    let mut placed: HashMap<&str, &str> = HashMap::with_capacity_and_hasher(listed, Default::default());
    for (i, section) in cx.catalog.sections.iter().enumerate() {
        for (j, slug) in section.models.iter().enumerate().filter(|(_, s)| cx.known.contains(s.as_str())) {
            if let Some(first) = placed.get(slug.as_str()) {
                let message = format!("`{slug}` is listed twice: already in section `{first}`");
                let pointer = format!("/sections/{i}/models/{j}");
                let hint = Some("a model shows once on the page".into());
                diags.push(at(cx.file, Rule::SectionMembership, &pointer, message, hint));
            } else {
                placed.insert(slug, &section.id);
            }
        }
    }
}

/// `unknown-surface`: availability, note and card keys name declared surfaces.
pub(super) fn unknown_surface(cx: &Context, diags: &mut Vec<Diagnostic>) {
    let surfaces = cx.surface_ids();
    for (file, _, model) in &cx.models {
        let card = &model.card;
        // (pointer of the table or list, its key or index, the surface id)
        let keys = model.availability.keys().map(|k| ("/availability", None, k));
        let keys = keys.chain(model.availability_notes.keys().map(|k| ("/availability_notes", None, k)));
        let keys = keys.chain(card.labels.keys().map(|k| ("/card/labels", None, k)));
        let keys = keys.chain(card.surfaces.iter().flatten().enumerate().map(|(i, k)| ("/card/surfaces", Some(i), k)));
        for (field, index, key) in keys.filter(|(_, _, k)| !surfaces.contains(&k.as_str())) {
            let mut pointer = field.to_string();
            match index {
                Some(i) => push_token(&mut pointer, &i.to_string()),
                None => push_token(&mut pointer, key),
            }
            let hint = did_you_mean(key, surfaces.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| format!("declared surfaces: {}", surfaces.join(", ")));
            let message = format!("surface `{key}` is not declared in catalog.toml");
            let d = file.source.diagnostic(Rule::UnknownSurface, file.key_span(&pointer), &pointer, message);
            diags.push(d.with_hint(hint));
        }
    }
}

/// `unknown-document`: every source names a declared document.
pub(super) fn unknown_document(cx: &Context, diags: &mut Vec<Diagnostic>) {
    let ids: Vec<&str> = cx.catalog.documents.iter().map(|d| d.id.as_str()).collect();
    let declared: HashSet<&str> = ids.iter().copied().collect();
    let catalog_sources = cx.catalog.sources.entries().into_iter().map(|e| (cx.file, e));
    let model_sources = cx.models.iter().flat_map(|(f, _, m)| m.sources.entries().into_iter().map(move |e| (*f, e)));
    for (file, (key, doc)) in catalog_sources.chain(model_sources) {
        if !declared.contains(doc) {
            let hint = did_you_mean(doc, ids.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| "declare it in catalog.toml under [[documents]]".into());
            let message = format!("source document `{doc}` is not declared");
            diags.push(at(file, Rule::UnknownDocument, &format!("/sources/{key}"), message, Some(hint)));
        }
    }
}
