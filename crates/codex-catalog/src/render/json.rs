//! `exports/models.json`: the catalog for any tool, described by `schema/models.export.schema.json`.

use std::collections::BTreeMap;

use codex_export as export;

use crate::catalog::{Catalog, Model};

fn scale(s: &crate::model::Scale) -> export::Scale {
    export::Scale { label: s.label.clone(), icon: s.icon.clone(), max: s.max }
}

/// The catalog in its export shape; every key present, unknown values `None`.
pub fn to_export(catalog: &Catalog) -> export::Catalog {
    let file = catalog.file();
    export::Catalog {
        format_version: export::FORMAT_VERSION,
        title: file.title.clone(),
        scales: export::Scales { capability: scale(&file.scales.capability), speed: scale(&file.scales.speed) },
        surfaces: file
            .surfaces
            .iter()
            .map(|s| export::Surface { id: s.id.clone(), label: s.label.clone(), retired: s.retired })
            .collect(),
        sections: file
            .sections
            .iter()
            .map(|s| export::Section {
                id: s.id.clone(),
                title: s.title.clone(),
                models: s.models.clone(),
                guidance: s.guidance.clone(),
            })
            .collect(),
        default_model: catalog.default_model().map(|m| m.slug().to_string()),
        example_model: catalog.example_model().map(|m| m.slug().to_string()),
        cloud_model: catalog.cloud_model().map(|m| m.slug().to_string()),
        documents: file
            .documents
            .iter()
            .map(|d| export::Document {
                id: d.id.clone(),
                title: d.title.clone(),
                date: d.date.clone(),
                location: d.location.clone(),
            })
            .collect(),
        models: catalog.models().iter().map(|m| model(catalog, m)).collect(),
    }
}

/// One model in its export shape. Its keys are those of [`crate::facts::MODEL_FACTS`] (a test
/// holds the two together).
fn model(catalog: &Catalog, m: &Model) -> export::Model {
    let d = m.data();
    let surfaces = catalog.surfaces();
    let upgrade_path: Vec<String> = catalog.upgrade_path(m).into_iter().map(|n| n.slug().to_string()).collect();
    export::Model {
        slug: m.slug().to_string(),
        name: d.name.clone(),
        prose_name: d.prose_name.clone(),
        display_name: m.display_name().to_string(),
        description: d.description.clone(),
        capability: d.capability,
        speed: d.speed,
        section: catalog.section_of(m).map(|s| s.id().to_string()),
        status: d.status.as_ref().map(|s| s.kind.as_str().to_string()),
        status_since: d.status.as_ref().and_then(|s| s.since.clone()),
        status_until: d.status.as_ref().and_then(|s| s.until.clone()),
        succeeded_by: d.succeeded_by.clone(),
        upgrade_to: upgrade_path.last().cloned(),
        upgrade_path,
        availability: catalog.surfaces_with_ids().map(|(id, s)| (s.id.clone(), m.availability(id))).collect(),
        availability_notes: surfaces.iter().map(|s| (s.id.clone(), d.availability_notes.get(&s.id).cloned())).collect(),
        input_modalities: d.input_modalities.as_ref().map(|v| v.iter().map(|x| x.as_str().to_string()).collect()),
        wallpaper_url: d.wallpaper_url.clone(),
        codex_command: m.codex_command(),
        sources: d
            .sources
            .entries()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// `exports/models.json`.
pub fn render(catalog: &Catalog) -> String {
    let mut s = serde_json::to_string_pretty(&to_export(catalog)).expect("the export types always serialise");
    s.push('\n');
    s
}
