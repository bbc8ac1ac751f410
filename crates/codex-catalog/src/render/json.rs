//! `exports/models.json`: the catalog for any tool, described by `schema/models.export.schema.json`.

use std::collections::BTreeMap;

use codex_export as export;

use crate::catalog::Catalog;

fn scale(s: &crate::model::Scale) -> export::Scale {
    export::Scale { label: s.label.clone(), icon: s.icon.clone(), max: s.max }
}

/// The catalog in its export shape; every key present, unknown values `None`.
pub fn to_export(catalog: &Catalog) -> export::Catalog {
    let meta = &catalog.meta;
    export::Catalog {
        format_version: export::FORMAT_VERSION,
        title: meta.title.clone(),
        scales: export::Scales { capability: scale(&meta.scales.capability), speed: scale(&meta.scales.speed) },
        surfaces: meta.surfaces.iter().map(|s| export::Surface { id: s.id.clone(), label: s.label.clone() }).collect(),
        sections: meta
            .sections
            .iter()
            .map(|s| export::Section {
                id: s.id.clone(),
                title: s.title.clone(),
                models: s.models.clone(),
                guidance: s.guidance.clone(),
            })
            .collect(),
        default_model: meta.default_model.clone(),
        example_model: meta.example_model.clone(),
        cloud_model: meta.cloud_model.clone(),
        documents: meta
            .documents
            .iter()
            .map(|d| export::Document {
                id: d.id.clone(),
                title: d.title.clone(),
                date: d.date.clone(),
                location: d.location.clone(),
            })
            .collect(),
        models: catalog
            .models
            .iter()
            .map(|m| {
                let d = &m.data;
                let upgrade_path: Vec<String> = catalog.upgrade_path(&m.slug).into_iter().map(String::from).collect();
                export::Model {
                    slug: m.slug.clone(),
                    name: d.name.clone(),
                    prose_name: d.prose_name.clone(),
                    display_name: m.display_name().to_string(),
                    description: d.description.clone(),
                    capability: d.capability,
                    speed: d.speed,
                    section: m.section.clone(),
                    status: d.status.as_ref().map(|s| s.kind.as_str().to_string()),
                    status_since: d.status.as_ref().and_then(|s| s.since.clone()),
                    status_until: d.status.as_ref().and_then(|s| s.until.clone()),
                    succeeded_by: d.succeeded_by.clone(),
                    upgrade_to: upgrade_path.last().cloned(),
                    upgrade_path,
                    availability: meta.surfaces.iter().map(|s| (s.id.clone(), m.available_on(&s.id))).collect(),
                    availability_notes: meta
                        .surfaces
                        .iter()
                        .map(|s| (s.id.clone(), d.availability_notes.get(&s.id).cloned()))
                        .collect(),
                    input_modalities: d
                        .input_modalities
                        .as_ref()
                        .map(|v| v.iter().map(|x| x.as_str().to_string()).collect()),
                    wallpaper_url: d.wallpaper_url.clone(),
                    codex_command: m.codex_command(),
                    sources: d
                        .sources
                        .entries()
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect::<BTreeMap<_, _>>(),
                }
            })
            .collect(),
    }
}

/// `exports/models.json`.
pub fn render(catalog: &Catalog) -> String {
    let mut s = serde_json::to_string_pretty(&to_export(catalog)).unwrap_or_default();
    s.push('\n');
    s
}
