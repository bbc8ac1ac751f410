//! `exports/models.json`: the catalog for any tool, described by `schema/models.export.schema.json`.

use std::collections::BTreeMap;

use codex_export as export;

use crate::catalog::{Catalog, Model};

fn scale(s: &crate::model::Scale) -> export::Scale {
    export::Scale { label: s.label.clone(), icon: s.icon.clone(), max: s.max }
}

/// The catalog in its export shape; every key present, unknown values `None`.
pub fn to_export(catalog: &Catalog) -> export::Catalog {
    let mut out = head(catalog);
    out.models = catalog.models().iter().map(|m| model(catalog, m)).collect();
    out
}

/// The catalog's own facts in its export shape, without its models.
fn head(catalog: &Catalog) -> export::Catalog {
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
        models: Vec::new(),
    }
}

/// One model in its export shape. Its keys are those of [`crate::facts::MODEL_FACTS`] (a test
/// holds the two together).
fn model(catalog: &Catalog, m: &Model) -> export::Model {
    let mut out = export::Model {
        slug: String::new(),
        name: None,
        prose_name: None,
        display_name: String::new(),
        description: None,
        capability: None,
        speed: None,
        section: None,
        status: None,
        status_since: None,
        status_until: None,
        succeeded_by: None,
        upgrade_to: None,
        upgrade_path: Vec::new(),
        availability: BTreeMap::new(),
        availability_notes: BTreeMap::new(),
        input_modalities: None,
        wallpaper_url: None,
        codex_command: String::new(),
        sources: BTreeMap::new(),
    };
    fill(&mut out, catalog, m);
    out
}

/// Make `out` the export shape of `m`, reusing the strings and map entries it holds (the JSON
/// writer fills one model after another into the same one, so a large catalog is exported
/// without allocating a model's strings and maps anew each time).
fn fill(out: &mut export::Model, catalog: &Catalog, m: &Model) {
    fn set(out: &mut String, s: &str) {
        out.clear();
        out.push_str(s);
    }
    fn set_opt(out: &mut Option<String>, s: Option<&str>) {
        match (out.as_mut(), s) {
            (Some(o), Some(s)) => set(o, s),
            (_, s) => *out = s.map(String::from),
        }
    }
    /// The map holding exactly these entries; a key it already has keeps its string, its value
    /// set in place.
    fn set_map<V, E: Copy>(
        map: &mut BTreeMap<String, V>,
        entries: &[(&str, E)],
        set_value: impl Fn(&mut V, E),
        new: impl Fn(E) -> V,
    ) {
        if map.len() != entries.len() || !entries.iter().all(|(k, _)| map.contains_key(*k)) {
            map.clear();
        }
        for &(k, v) in entries {
            match map.get_mut(k) {
                Some(old) => set_value(old, v),
                None => {
                    map.insert(k.to_string(), new(v));
                }
            }
        }
    }
    let d = m.data();
    set(&mut out.slug, m.slug());
    set_opt(&mut out.name, d.name.as_deref());
    set_opt(&mut out.prose_name, d.prose_name.as_deref());
    set(&mut out.display_name, m.display_name());
    set_opt(&mut out.description, d.description.as_deref());
    out.capability = d.capability;
    out.speed = d.speed;
    set_opt(&mut out.section, catalog.section_of(m).map(|s| s.id()));
    set_opt(&mut out.status, d.status.as_ref().map(|s| s.kind.as_str()));
    set_opt(&mut out.status_since, d.status.as_ref().and_then(|s| s.since.as_deref()));
    set_opt(&mut out.status_until, d.status.as_ref().and_then(|s| s.until.as_deref()));
    set_opt(&mut out.succeeded_by, d.succeeded_by.as_deref());
    let path = catalog.upgrade_path(m);
    set_opt(&mut out.upgrade_to, path.last().map(|n| n.slug()));
    out.upgrade_path.truncate(path.len());
    for (i, next) in path.iter().enumerate() {
        match out.upgrade_path.get_mut(i) {
            Some(slug) => set(slug, next.slug()),
            None => out.upgrade_path.push(next.slug().to_string()),
        }
    }
    let availability: Vec<(&str, Option<bool>)> =
        catalog.surfaces_with_ids().map(|(id, s)| (s.id.as_str(), m.availability(id))).collect();
    set_map(&mut out.availability, &availability, |old, v| *old = v, |v| v);
    let notes: Vec<(&str, Option<&str>)> = catalog
        .surfaces()
        .iter()
        .map(|s| (s.id.as_str(), d.availability_notes.get(&s.id).map(String::as_str)))
        .collect();
    set_map(&mut out.availability_notes, &notes, set_opt, |v| v.map(String::from));
    out.input_modalities = d.input_modalities.as_ref().map(|v| v.iter().map(|x| x.as_str().to_string()).collect());
    set_opt(&mut out.wallpaper_url, d.wallpaper_url.as_deref());
    out.codex_command.clear();
    out.codex_command.push_str("codex -m ");
    out.codex_command.push_str(m.slug());
    set_map(&mut out.sources, &d.sources.entries(), set, String::from);
}

/// `exports/models.json`: [`to_export`] as pretty JSON.
pub fn render(catalog: &Catalog) -> String {
    super::to_string(|out| write(catalog, out))
}

/// [`render`] into `out`, a model at a time: the export is never built whole, nor its text
/// (a large catalog is not held twice).
pub fn write(catalog: &Catalog, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_in_chunks(catalog, out, super::CHUNK)
}

fn write_in_chunks(catalog: &Catalog, out: &mut dyn std::io::Write, chunk: usize) -> std::io::Result<()> {
    const EXPECT: &str = "the export types always serialise";
    let head = serde_json::to_string_pretty(&head(catalog)).expect(EXPECT);
    // `models` is the export's last field: its `[]` is where the models go.
    let head = head.strip_suffix("[]\n}").expect("`models` is the last field of the export");
    out.write_all(head.as_bytes())?;
    if catalog.models().is_empty() {
        return out.write_all(b"[]\n}\n");
    }
    let mut text = Vec::with_capacity(chunk.saturating_add(64 << 10).min(1 << 20));
    text.push(b'[');
    // One export model, filled with each model in turn.
    let mut reused: Option<export::Model> = None;
    for (i, m) in catalog.models().iter().enumerate() {
        text.extend_from_slice(if i > 0 { b",\n    " } else { b"\n    " });
        let exported = match &mut reused {
            Some(exported) => {
                fill(exported, catalog, m);
                exported
            }
            None => reused.insert(model(catalog, m)),
        };
        let mut ser = serde_json::Serializer::with_formatter(&mut text, nested_pretty());
        serde::Serialize::serialize(exported, &mut ser).expect(EXPECT);
        if text.len() >= chunk {
            out.write_all(&text)?;
            text.clear();
        }
    }
    text.extend_from_slice(b"\n  ]\n}\n");
    out.write_all(&text)
}

/// serde_json's pretty formatter (two spaces, as `to_string_pretty`) two levels deep, where a
/// model of `models` is: it is opened twice through the `Formatter` API, into nothing.
fn nested_pretty() -> serde_json::ser::PrettyFormatter<'static> {
    use serde_json::ser::Formatter as _;
    let mut formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    for _ in 0..2 {
        formatter.begin_object(&mut std::io::sink()).expect("writing nowhere cannot fail");
    }
    formatter
}

#[cfg(test)]
mod tests {
    #[test]
    fn written_a_model_at_a_time_as_serde_json_writes_the_whole() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/catalogs");
        for name in ["minimal", "hostile", "seed-000", "page-2026-04-03"] {
            let c = crate::validate::validate_dir(&dir.join(name)).unwrap().catalog.unwrap();
            let whole = serde_json::to_string_pretty(&super::to_export(&c)).unwrap() + "\n";
            assert_eq!(super::render(&c), whole, "{name}");
            let small = crate::render::to_string(|out| super::write_in_chunks(&c, out, 1));
            assert_eq!(small, whole, "{name}, written after every model");
        }
    }
}
