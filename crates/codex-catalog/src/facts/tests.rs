use super::*;
use crate::model::Sources;

#[test]
fn every_source_key_is_a_key_of_sources() {
    let keys: Vec<&str> = Sources::new("d").keys().collect();
    for f in MODEL_FACTS.iter() {
        if let Some(source) = f.source {
            assert!(keys.contains(&source), "fact `{}` names source key `{source}`", f.key);
        }
    }
    for source in CARD_SOURCES {
        assert!(keys.contains(source), "card source `{source}`");
    }
}

#[test]
fn keys_are_unique_and_every_place_names_a_fact() {
    let all = export_order();
    for (i, f) in all.iter().enumerate() {
        assert!(all[..i].iter().all(|o| o.key != f.key), "`{}` is declared twice", f.key);
        for anchor in [f.after, f.export_after, f.csv_after].into_iter().flatten() {
            assert!(all.iter().any(|o| o.key == anchor), "`{}` is placed after `{anchor}`, which is no fact", f.key);
        }
        assert!(!f.doc.trim().is_empty(), "`{}` has no documentation", f.key);
    }
}

/// The export's Rust type, as compiled, has exactly the schema the declarations make: the
/// committed `codex_export::Model` is the one `gen` writes.
#[test]
fn the_compiled_export_type_is_the_declared_one() {
    let mut generator = export_generator();
    let declared = export_model_schema(&mut generator);
    let compiled = generator.root_schema_for::<codex_export::Model>().to_value();
    let strip = |mut v: Value| {
        if let Value::Object(m) = &mut v {
            m.remove("$schema");
            m.remove("title");
            // The types the fields name (the CLI's entry and its parts) are definitions of
            // their own, which the export schema carries beside `Model`.
            m.remove("$defs");
        }
        v
    };
    assert_eq!(strip(compiled), strip(declared));
}

/// Every other place a fact shows follows from its declaration: walk the declarations and
/// find each exported fact in the JSON export, the export schema and the TypeScript
/// declarations, each CSV fact in the CSV header, each Rust field in `ModelInfo`.
#[test]
fn every_declared_fact_reaches_every_output() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/catalogs/minimal");
    let c = crate::validate::validate_dir(&dir).unwrap().catalog.unwrap();
    let json: Value = serde_json::from_str(&crate::render::json::render(&c)).unwrap();
    let model = &json["models"][0];
    let schema = crate::schema::export_schema();
    let ts = crate::render::typescript::render(&c);
    // The fields of the `Model` interface (other interfaces may have fields of the same name).
    let start = ts.find("export interface Model {").expect("a Model interface");
    let ts = &ts[start..start + ts[start..].find("\n}").expect("its end")];
    let header = crate::render::csv::header(&c);
    let info = render_model_info();
    let export_type = render_export_model();
    for f in export_order() {
        let key = f.key;
        assert_eq!(model.get(key).is_some(), f.exported, "`{key}` in the JSON export");
        assert_eq!(schema["$defs"]["Model"]["properties"].get(key).is_some(), f.exported, "`{key}` in the schema");
        assert_eq!(ts.contains(&format!("\n  {key}: ")), f.exported, "`{key}` in the TypeScript declarations");
        assert_eq!(export_type.contains(&format!("    pub {key}: ")), f.exported, "`{key}` in codex_export::Model");
        let in_csv = header.iter().any(|h| h == key || h.starts_with(&format!("{}:", csv_prefix(f))));
        assert_eq!(in_csv, f.exported && f.csv, "`{key}` in the CSV header");
        assert_eq!(info.contains(&format!("    pub {key}: ")), f.rust.is_some(), "`{key}` in ModelInfo");
    }
}

fn csv_prefix(f: &Fact) -> &'static str {
    match f.shape {
        Shape::PerSurface { csv_prefix, .. } => csv_prefix,
        Shape::Single => "\u{0}",
    }
}

#[test]
fn the_csv_puts_per_surface_facts_last_and_keeps_the_rest_in_export_order() {
    let csv: Vec<&str> = MODEL_FACTS.iter().filter(|f| f.csv).map(|f| f.key).collect();
    let first_wide = csv.iter().position(|k| MODEL_FACTS.iter().any(|f| f.key == *k && f.shape != Shape::Single));
    let first_wide = first_wide.expect("the catalog has per-surface facts");
    assert!(csv[first_wide..].iter().all(|k| MODEL_FACTS.iter().any(|f| f.key == *k && f.shape != Shape::Single)));
    assert_eq!(csv[..5], ["slug", "name", "prose_name", "display_name", "section"]);
}
