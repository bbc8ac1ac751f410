//! `crates/codex-models/src/generated.rs`: the catalog as Rust data.
//!
//! The file is table-driven (one static table per kind, indexed by the enums), so it grows
//! linearly with the catalog; the hand-written `codex-models/src/lib.rs` holds the types and
//! methods. It is written as text, laid out by [`layout`] exactly as rustfmt would lay it out
//! (a test runs rustfmt over it), so rendering costs one pass over the catalog.

pub mod layout;

use std::borrow::Cow;

use layout::{Expr, Writer};

use super::markdown::escape_cell;
use crate::catalog::{Catalog, Model};
use crate::facts::{FactValue, RustValue};
use crate::model::StatusKind;
use crate::naming::{GENERATED, id_ident, rust_ident};

/// `/// text` at `indent`: one line (catalog texts are single-line; a newline would be a bug),
/// without trailing spaces.
fn doc(w: &mut Writer, indent: &str, text: &str) {
    let text = text.trim_end();
    debug_assert!(!text.contains(['\n', '\r']), "doc comments are one line");
    w.push_lines(indent);
    w.push_lines(if text.is_empty() { "///" } else { "/// " });
    w.push_lines(text);
    w.push_lines("\n");
}

/// `pub enum Name { Variant, … }` with its doc lines; each variant comes with its doc line and
/// an attribute line (or none).
fn enumeration<'a>(
    w: &mut Writer,
    docs: &str,
    name: &str,
    variants: impl Iterator<Item = (String, Cow<'a, str>, &'a str)>,
) {
    w.push_lines(docs);
    w.push_lines("#[non_exhaustive]\n#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n");
    let mut variants = variants.peekable();
    if variants.peek().is_none() {
        w.push_lines(&format!("pub enum {name} {{}}\n\n"));
        return;
    }
    w.push_lines(&format!("pub enum {name} {{\n"));
    for (doc_text, attr, variant) in variants {
        doc(w, "    ", &doc_text);
        if !attr.is_empty() {
            w.push_lines(&format!("    {attr}\n"));
        }
        w.push_lines(&format!("    {variant},\n"));
    }
    w.push_lines("}\n\n");
}

/// `Model::Ident` for each model, and the list of them.
struct Idents {
    models: Vec<String>,
    surfaces: Vec<String>,
    sections: Vec<String>,
}

impl Idents {
    fn new(catalog: &Catalog) -> Idents {
        Idents {
            models: catalog.models().iter().map(|m| format!("Model::{}", rust_ident(m.slug()))).collect(),
            surfaces: catalog.surfaces().iter().map(|s| format!("Surface::{}", id_ident(&s.id))).collect(),
            sections: catalog.sections().iter().map(|s| format!("Section::{}", id_ident(s.id()))).collect(),
        }
    }

    fn model(&self, m: &Model) -> Expr<'_> {
        Expr::atom(self.models[m.id().index()].as_str())
    }
}

fn array<'a>(borrowed: bool, items: impl Iterator<Item = Expr<'a>>) -> Expr<'a> {
    Expr::Array { borrowed, items: items.collect() }
}

fn atoms(names: &[String]) -> impl Iterator<Item = Expr<'_>> {
    names.iter().map(|n| Expr::atom(n.as_str()))
}

/// A literal for a known value: a string, number or yes/no.
fn literal<'a>(v: FactValue<'a>) -> Expr<'a> {
    match v {
        FactValue::Str(Cow::Borrowed(s)) => Expr::Str(s),
        FactValue::Str(Cow::Owned(s)) => Expr::atom(string_literal(&s)),
        FactValue::UInt(n) => Expr::atom(n.to_string()),
        FactValue::Bool(b) => Expr::atom(if b { "true" } else { "false" }),
        FactValue::Null | FactValue::List(_) | FactValue::Map(_) | FactValue::Codex(_) => Expr::atom("None"),
    }
}

/// `Some(literal)`, or `None` when unknown.
fn opt_literal(v: FactValue<'_>) -> Expr<'_> {
    match v {
        FactValue::Null => Expr::atom("None"),
        v => Expr::some(literal(v)),
    }
}

fn string_literal(s: &str) -> String {
    let mut lit = String::new();
    layout::string_literal(s, &mut lit);
    lit
}

/// One fact's value in `ModelInfo`, written as its [`RustValue`] says.
fn rust_value<'a>(catalog: &'a Catalog, ids: &'a Idents, m: &'a Model, how: RustValue, v: FactValue<'a>) -> Expr<'a> {
    match how {
        RustValue::Model => ids.model(m),
        RustValue::Str => literal(v),
        RustValue::Opt => opt_literal(v),
        RustValue::OptModel => Expr::option(v.as_str().and_then(|slug| catalog.model(slug)), |n| ids.model(n)),
        RustValue::OptSection => Expr::option(m.section(), |id| Expr::atom(ids.sections[id.index()].as_str())),
        RustValue::OptValues(ty) => match v {
            FactValue::List(items) => Expr::some(array(
                true,
                items.into_iter().map(move |x| Expr::atom(format!("{ty}::{}", crate::naming::id_ident(x)))),
            )),
            _ => Expr::atom("None"),
        },
        RustValue::PerSurface => array(
            false,
            catalog.surfaces().iter().map(|s| opt_literal(v.get(&s.id).cloned().unwrap_or(FactValue::Null))),
        ),
        RustValue::Status => Expr::option(m.data().status.as_ref(), |s| {
            let opt_str = |v: &'a Option<String>| Expr::option(v.as_deref(), Expr::Str);
            Expr::Struct(
                "Status",
                vec![
                    ("kind", Expr::atom(format!("StatusKind::{}", s.kind.variant_name()))),
                    ("since", opt_str(&s.since)),
                    ("until", opt_str(&s.until)),
                ],
            )
        }),
        RustValue::Pairs => match v {
            FactValue::Map(entries) => {
                array(true, entries.into_iter().map(|(k, v)| Expr::Tuple(vec![Expr::Str(k), literal(v)])))
            }
            _ => array(true, std::iter::empty()),
        },
    }
}

/// A model's `ModelInfo { … }`: a field per fact that has one ([`crate::facts::Fact::rust`]).
fn model_info<'a>(catalog: &'a Catalog, ids: &'a Idents, m: &'a Model) -> Expr<'a> {
    let fields = crate::facts::export_order().iter().filter_map(|f| {
        let how = f.rust?.value;
        Some((f.key, rust_value(catalog, ids, m, how, (f.get)(catalog, m))))
    });
    Expr::Struct("ModelInfo", fields.collect())
}

/// `generated.rs`.
pub fn render(catalog: &Catalog) -> String {
    super::to_string(|out| write(catalog, out))
}

/// [`render`] into `out`, a few hundred KiB at a time.
pub fn write(catalog: &Catalog, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_in_chunks(catalog, out, super::CHUNK)
}

fn write_in_chunks(catalog: &Catalog, out: &mut dyn std::io::Write, chunk: usize) -> std::io::Result<()> {
    let ids = Idents::new(catalog);
    let mut w = Writer::to_sink(out, chunk);
    // Deprecated models are data like any other; a slug like `o1.preview` makes `O1_preview`.
    w.push_lines(&format!("// @{GENERATED}\n\n#![allow(deprecated, non_camel_case_types)]\n\n"));
    // Import only what the tables use: an unused import would warn in the models crate.
    let models = catalog.models().iter().map(|m| m.data());
    let (status, modality) =
        models.fold((false, false), |(s, m), d| (s || d.status.is_some(), m || d.input_modalities.is_some()));
    let mut names = vec![];
    names.extend(modality.then_some("Modality"));
    names.extend(["ModelInfo", "SectionInfo"]);
    names.extend(if status { &["Status", "StatusKind"][..] } else { &[] });
    names.push("SurfaceInfo");
    w.push_lines(&format!("use crate::{{{}}};\n\n", names.join(", ")));

    let models = catalog.models().iter().zip(&ids.models).map(|(m, ident)| {
        let d = m.data();
        let text = format!("`{}`: {}", m.slug(), escape_cell(d.description.as_deref().unwrap_or("(no description)")));
        let attr: Cow<str> = match (&d.status, catalog.successor(m).map(Model::slug)) {
            (Some(s), Some(next)) if s.kind == StatusKind::Deprecated => {
                let mut lit = String::new();
                layout::string_literal(&format!("deprecated: succeeded by `{next}`"), &mut lit);
                format!("#[deprecated(note = {lit})]").into()
            }
            (Some(s), None) if s.kind == StatusKind::Deprecated => "#[deprecated]".into(),
            _ => "".into(),
        };
        (text, attr, &ident["Model::".len()..])
    });
    enumeration(
        &mut w,
        "/// A model of the catalog. `Display` and serde use its slug, and so does `Ord` (reordering\n\
         /// the page does not reorder a sorted collection).\n///\n\
         /// The catalog grows, so the enum is `#[non_exhaustive]`; to hold any slug, known or not,\n\
         /// use [`ModelRef`](crate::ModelRef).\n",
        "Model",
        models,
    );
    let surfaces = catalog
        .surfaces()
        .iter()
        .zip(&ids.surfaces)
        .map(|(s, ident)| (escape_cell(&s.label), Cow::Borrowed(""), &ident["Surface::".len()..]));
    enumeration(
        &mut w,
        "/// A surface a model can be available on. `Display`, serde and `Ord` use its id.\n",
        "Surface",
        surfaces,
    );
    let sections = catalog
        .sections()
        .iter()
        .zip(&ids.sections)
        .map(|(s, ident)| (escape_cell(s.title()), Cow::Borrowed(""), &ident["Section::".len()..]));
    enumeration(&mut w, "/// A section of the page. `Display`, serde and `Ord` use its id.\n", "Section", sections);

    let meta = catalog.file();
    let counts = [
        ("The number of models.", "MODEL_COUNT: usize", catalog.models().len().to_string()),
        ("The number of surfaces.", "SURFACE_COUNT: usize", catalog.surfaces().len().to_string()),
        ("The number of sections.", "SECTION_COUNT: usize", catalog.sections().len().to_string()),
        ("The highest capability rating.", "CAPABILITY_MAX: u8", meta.scales.capability.max.to_string()),
        ("The highest speed rating.", "SPEED_MAX: u8", meta.scales.speed.max.to_string()),
    ];
    for (text, head, value) in counts {
        w.push_lines(&format!("/// {text}\npub const {head} = {value};\n"));
    }
    w.push_lines("\n");

    let mut by_slug: Vec<&Model> = catalog.models().iter().collect();
    by_slug.sort_unstable_by(|a, b| a.slug().cmp(b.slug()));
    let lists: [(&str, &str, Box<dyn Iterator<Item = Expr>>); 4] = [
        ("Every model in catalog order.", "ALL_MODELS: [Model; MODEL_COUNT]", Box::new(atoms(&ids.models))),
        (
            "Every model in slug order, for lookups by slug.",
            "MODELS_BY_SLUG: [Model; MODEL_COUNT]",
            Box::new(by_slug.iter().map(|m| ids.model(m))),
        ),
        ("Every surface in page order.", "ALL_SURFACES: [Surface; SURFACE_COUNT]", Box::new(atoms(&ids.surfaces))),
        ("Every section in page order.", "ALL_SECTIONS: [Section; SECTION_COUNT]", Box::new(atoms(&ids.sections))),
    ];
    for (text, head, list) in lists {
        doc(&mut w, "", text);
        w.list_item(&format!("pub(crate) const {head}"), list);
        w.push_lines("\n\n");
    }

    let named = [
        ("The model `config.toml` names by default.", "DEFAULT_MODEL", catalog.default_model()),
        ("The model of the page's `codex -m` example.", "EXAMPLE_MODEL", catalog.example_model()),
        ("The model Codex Cloud tasks use, where the page names one.", "CLOUD_MODEL", catalog.cloud_model()),
    ];
    for (text, name, m) in named {
        doc(&mut w, "", text);
        w.item(&format!("pub(crate) const {name}: Option<Model>"), &Expr::option(m, |m| ids.model(m)));
        w.push_lines("\n\n");
    }

    doc(&mut w, "", "Every model's facts, indexed by `Model as usize`.");
    let infos = catalog.models().iter().map(|m| model_info(catalog, &ids, m));
    w.list_item("pub(crate) static MODELS: [ModelInfo; MODEL_COUNT]", infos);
    w.push_lines("\n\n");

    doc(&mut w, "", "Every surface's facts, indexed by `Surface as usize`.");
    let surfaces = catalog
        .surfaces()
        .iter()
        .map(|s| Expr::Struct("SurfaceInfo", vec![("id", Expr::Str(&s.id)), ("label", Expr::Str(&s.label))]));
    w.list_item("pub(crate) static SURFACES: [SurfaceInfo; SURFACE_COUNT]", surfaces);
    w.push_lines("\n\n");

    doc(&mut w, "", "Every section's facts, indexed by `Section as usize`.");
    let sections = catalog.sections().iter().map(|s| {
        Expr::Struct(
            "SectionInfo",
            vec![
                ("id", Expr::Str(s.id())),
                ("title", Expr::Str(s.title())),
                ("models", array(true, s.model_ids().iter().map(|&id| ids.model(catalog.get(id))))),
                ("guidance", Expr::option(s.guidance(), Expr::Str)),
            ],
        )
    });
    w.list_item("pub(crate) static SECTIONS: [SectionInfo; SECTION_COUNT]", sections);
    w.push_lines("\n\n");

    // The CLI's typed facts are nested values of many types: the crate reads them once from
    // JSON written by the same type (`codex_export::CodexModel`), one line per model, the
    // fields it leaves out (`null`) dropped; in a raw string, so nothing needs escaping.
    doc(
        &mut w,
        "",
        "Each model's typed facts in the Codex CLI's catalog, one JSON value per line (a \
         `codex_export::CodexModel` or `null`), in `Model as usize` order; read once by `Model::codex`.",
    );
    let mut codex = String::new();
    for m in catalog.models() {
        match m.codex().map(crate::facts::codex_json) {
            Some(serde_json::Value::Object(mut map)) => {
                map.retain(|_, v| !v.is_null());
                codex.push_str(&serde_json::Value::Object(map).to_string());
            }
            _ => codex.push_str("null"),
        }
        codex.push('\n');
    }
    // One `#` more than the longest run after a `"` in the text closes the raw string safely.
    let hashes =
        "#".repeat(1 + codex.split('"').skip(1).map(|s| s.len() - s.trim_start_matches('#').len()).max().unwrap_or(0));
    w.push_lines(&format!("pub(crate) const CODEX: &str = r{hashes}\"\n{codex}\"{hashes};\n"));
    w.finish().map(drop)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_text_is_the_same_in_any_chunks() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/catalogs");
        for name in ["minimal", "hostile", "page-2026-04-03"] {
            let c = crate::validate::validate_dir(&dir.join(name)).unwrap().catalog.unwrap();
            let whole = crate::render::to_string(|out| super::write_in_chunks(&c, out, usize::MAX));
            for chunk in [1, 100, 4096] {
                let mut pieces = Vec::new();
                let mut sink = Pieces(&mut pieces);
                super::write_in_chunks(&c, &mut sink, chunk).unwrap();
                assert!(pieces.len() > 2 || chunk == 4096, "{name}: {chunk}-byte chunks make several writes");
                assert_eq!(String::from_utf8(pieces.concat()).unwrap(), whole, "{name}, chunks of {chunk}");
            }
        }
    }

    /// A sink that keeps each write apart.
    struct Pieces<'a>(&'a mut Vec<Vec<u8>>);

    impl std::io::Write for Pieces<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
}
