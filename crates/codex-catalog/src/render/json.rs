//! `exports/models.json`: the catalog for any tool, described by `schema/models.export.schema.json`.

use codex_export as export;

use crate::catalog::{Catalog, Model};
use crate::facts::{FactValue, Shape};

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
        sections: catalog
            .sections()
            .iter()
            .map(|s| export::Section {
                id: s.id().to_string(),
                title: s.title().to_string(),
                models: catalog.section_models(s).map(|m| m.slug().to_string()).collect(),
                guidance: s.guidance().map(String::from),
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

/// One model in its export shape: every exported fact of [`crate::facts::export_order`], in
/// that order, and every declared surface a key of a per-surface fact (`null` when unknown).
struct ExportedModel<'a> {
    catalog: &'a Catalog,
    model: &'a Model,
}

impl serde::Serialize for ExportedModel<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let facts = crate::facts::export_order().iter().filter(|f| f.exported);
        let mut map = s.serialize_map(None)?;
        for f in facts {
            let value = (f.get)(self.catalog, self.model);
            match (f.shape, value) {
                (Shape::PerSurface { .. }, FactValue::Map(known)) => {
                    let mut all: Vec<(&str, FactValue)> =
                        self.catalog.surfaces().iter().map(|s| (s.id.as_str(), FactValue::Null)).collect();
                    for (k, v) in known {
                        if let Some(slot) = all.iter_mut().find(|(id, _)| *id == k) {
                            slot.1 = v;
                        }
                    }
                    map.serialize_entry(f.key, &FactValue::Map(all))?;
                }
                (_, value) => map.serialize_entry(f.key, &value)?,
            }
        }
        map.end()
    }
}

/// One model in its export shape, as the export's Rust type reads it.
fn model(catalog: &Catalog, m: &Model) -> export::Model {
    let value = serde_json::to_value(ExportedModel { catalog, model: m }).expect("facts always serialise");
    serde_json::from_value(value).expect("the export type has a field for every exported fact")
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
    for (i, m) in catalog.models().iter().enumerate() {
        text.extend_from_slice(if i > 0 { b",\n    " } else { b"\n    " });
        let mut ser = serde_json::Serializer::with_formatter(&mut text, nested_pretty());
        serde::Serialize::serialize(&ExportedModel { catalog, model: m }, &mut ser).expect(EXPECT);
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
