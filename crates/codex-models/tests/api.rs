//! The generated crate agrees with the exported JSON and behaves as documented.

use codex_models::{ExportedCatalog as Catalog, FromJsonError, Model, ModelRef, Section, Surface};
use serde_json::{Value, json};

fn export() -> Catalog {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../exports/models.json");
    Catalog::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Keys of an exported model the crate does not carry (`codex -m <slug>` is the export's
/// convenience for readers that do not know the command).
const NOT_IN_THE_CRATE: [&str; 1] = ["codex_command"];

/// A model as the crate knows it, written as the JSON export writes a model.
fn as_exported(model: Model) -> serde_json::Map<String, Value> {
    let info = model.info();
    let per_surface = |f: &dyn Fn(Surface) -> Value| -> Value {
        Value::Object(Surface::ALL.iter().map(|s| (s.id().to_string(), f(*s))).collect())
    };
    let slugs = |models: Vec<Model>| Value::from(models.iter().map(|m| m.slug()).collect::<Vec<_>>());
    let fields = [
        ("slug", json!(info.slug)),
        ("name", json!(info.name)),
        ("prose_name", json!(info.prose_name)),
        ("display_name", json!(info.display_name())),
        ("description", json!(info.description)),
        ("capability", json!(info.capability)),
        ("speed", json!(info.speed)),
        ("section", json!(info.section.map(Section::id))),
        ("status", json!(info.status.map(|s| s.kind.as_str()))),
        ("status_since", json!(info.status.and_then(|s| s.since))),
        ("status_until", json!(info.status.and_then(|s| s.until))),
        ("succeeded_by", json!(model.succeeded_by().map(Model::slug))),
        ("upgrade_to", json!(model.upgrade_target().map(Model::slug))),
        ("upgrade_path", slugs(model.upgrade_path())),
        ("availability", per_surface(&|s| json!(info.available_on(s)))),
        ("availability_notes", per_surface(&|s| json!(info.note_on(s)))),
        ("input_modalities", json!(info.input_modalities.map(|m| m.iter().map(|m| m.as_str()).collect::<Vec<_>>()))),
        ("wallpaper_url", json!(info.wallpaper_url)),
        ("codex", json!(model.codex())),
        ("sources", Value::Object(info.sources.iter().map(|(k, v)| (k.to_string(), json!(v))).collect())),
    ];
    fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Every model of the crate is its model of `exports/models.json`, key by key: every key of the
/// export is compared (or named in [`NOT_IN_THE_CRATE`]), so a fact the export gains fails here
/// until the crate has it.
#[test]
fn every_fact_agrees_with_the_json_export() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../exports/models.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let exported = value["models"].as_array().unwrap();
    assert_eq!(Model::ALL.len(), exported.len());
    for (model, m) in Model::ALL.iter().zip(exported) {
        let mut m = m.as_object().unwrap().clone();
        for key in NOT_IN_THE_CRATE {
            assert!(m.remove(key).is_some(), "the export has no `{key}`: compare it or drop it from the list");
        }
        let ours = as_exported(*model);
        // A plain fact (a text, number or yes/no) is a field of `ModelInfo` of the same name:
        // read it from the field as `Debug` writes it, so a fact declared once is compared here
        // without an edit. Any other key must be compared above.
        let debug = format!("{:?}", model.info());
        let uncompared: Vec<&String> = m
            .iter()
            .filter(|(k, _)| !ours.contains_key(*k))
            .filter(|(k, v)| {
                let field = match v {
                    Value::Null => "None".to_string(),
                    Value::String(_) | Value::Number(_) | Value::Bool(_) => format!("Some({v})"),
                    _ => return true,
                };
                !debug.contains(&format!(" {k}: {field},")) && !debug.contains(&format!(" {k}: {field} }}"))
            })
            .map(|(k, _)| k)
            .collect();
        assert!(uncompared.is_empty(), "the export's {uncompared:?} disagree with the crate or are not compared");
        for (key, got) in &ours {
            assert_eq!(Some(got), m.get(key), "{} {key}", model.slug());
        }
    }
    let json = export();
    let labels: Vec<&str> = Surface::ALL.iter().map(|s| s.label()).collect();
    let json_labels: Vec<&str> = json.surfaces.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, json_labels);
    assert_eq!(
        (json.scales.capability.max, json.scales.speed.max),
        (codex_models::CAPABILITY_MAX, codex_models::SPEED_MAX)
    );
    assert_eq!(codex_models::default_model().map(Model::slug), json.default_model.as_deref());
    assert_eq!(codex_models::example_model().map(Model::slug), json.example_model.as_deref());
    assert_eq!(codex_models::cloud_model().map(Model::slug), json.cloud_model.as_deref());
}

#[test]
fn slugs_round_trip_through_every_conversion() {
    for model in Model::ALL {
        assert_eq!(Model::from_slug(model.slug()), Some(*model));
        assert_eq!(model.slug().parse::<Model>().unwrap(), *model);
        assert_eq!(model.to_string(), model.slug());
        let json = serde_json::to_string(model).unwrap();
        assert_eq!(json, format!("\"{}\"", model.slug()));
        assert_eq!(serde_json::from_str::<Model>(&json).unwrap(), *model);
    }
}

#[test]
fn unknown_slugs_suggest_the_nearest() {
    let err = "gpt-5.4-mnii".parse::<Model>().unwrap_err();
    assert_eq!(err.suggestion(), Model::from_slug("gpt-5.4-mini"));
    assert_eq!(err.to_string(), "unknown model `gpt-5.4-mnii`; did you mean `gpt-5.4-mini`?");
    let err = "claude-opus".parse::<Model>().unwrap_err();
    assert_eq!(err.suggestion(), None);
    assert_eq!(err.to_string(), "unknown model `claude-opus`");
    assert!(serde_json::from_str::<Model>("\"gpt-9\"").is_err());
}

#[test]
fn succession_follows_to_the_newest_model() {
    let m = |s: &str| Model::from_slug(s).unwrap();
    assert_eq!(m("gpt-5-codex").upgrade_path(), [m("gpt-5.1-codex"), m("gpt-5.1-codex-max")]);
    assert_eq!(m("gpt-5").upgrade_target(), Some(m("gpt-5.4")));
    assert_eq!(m("gpt-5.4").upgrade_path(), []);
}

#[test]
fn model_refs_hold_any_slug() {
    let known: ModelRef = "gpt-5.4".parse().unwrap();
    assert_eq!(known, ModelRef::Known(Model::from_slug("gpt-5.4").unwrap()));
    let custom: ModelRef = "my-finetune".parse().unwrap();
    assert_eq!(custom.known(), None);
    assert_eq!(custom.slug(), "my-finetune");
    let json = serde_json::to_string(&vec![known.clone(), custom.clone()]).unwrap();
    assert_eq!(json, r#"["gpt-5.4","my-finetune"]"#);
    assert_eq!(serde_json::from_str::<Vec<ModelRef>>(&json).unwrap(), [known, custom]);
}

#[test]
fn sections_list_their_models_in_order() {
    // Every section of the export, with its models in card order.
    let json = export();
    assert_eq!(Section::ALL.len(), json.sections.len());
    for (section, s) in Section::ALL.iter().zip(&json.sections) {
        assert_eq!(section.id(), s.id);
        let slugs: Vec<&str> = section.models().iter().map(|m| m.slug()).collect();
        assert_eq!(slugs, s.models);
    }
    for (surface, s) in Surface::ALL.iter().zip(&json.surfaces) {
        assert_eq!((surface.id(), surface.label()), (s.id.as_str(), s.label.as_str()));
    }
}

/// A program built against this month's catalog reads next month's export: a new surface, a new
/// model, a new status value and keys it does not know.
#[test]
fn a_newer_export_with_unknown_surfaces_and_models_is_read() {
    let mut value: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../exports/models.json")).unwrap(),
    )
    .unwrap();
    value["surfaces"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "codex_web", "label": "Codex Web", "icon": "new"}));
    let mut model = value["models"][0].clone();
    model["slug"] = "model-from-the-future".into();
    model["status"] = "frontier_preview".into();
    model["availability"]["codex_web"] = true.into();
    model["pricing"] = serde_json::json!({"input": 1.0});
    value["models"].as_array_mut().unwrap().push(model);
    value["changelog_url"] = "https://example.com".into();
    let catalog = Catalog::from_json(&value.to_string()).unwrap();
    let gpt6 = catalog.model("model-from-the-future").unwrap();
    assert_eq!(gpt6.availability["codex_web"], Some(true));
    assert_eq!(gpt6.status.as_deref(), Some("frontier_preview"));
    assert_eq!(catalog.surfaces.last().unwrap().id, "codex_web");

    value["format_version"] = 3.into();
    assert!(matches!(Catalog::from_json(&value.to_string()), Err(FromJsonError::Version(3))));
    assert!(matches!(Catalog::from_json("{"), Err(FromJsonError::Json(_))));
}

#[test]
fn models_sort_by_slug_not_by_page_order() {
    let mut sorted: Vec<Model> = Model::ALL.to_vec();
    sorted.sort();
    let slugs: Vec<&str> = sorted.iter().map(|m| m.slug()).collect();
    let mut expected: Vec<&str> = Model::ALL.iter().map(|m| m.slug()).collect();
    expected.sort_unstable();
    assert_eq!(slugs, expected);
    let mut surfaces: Vec<Surface> = Surface::ALL.to_vec();
    surfaces.sort();
    assert!(surfaces.windows(2).all(|w| w[0].id() < w[1].id()));
}

#[test]
fn surfaces_and_sections_display_parse_and_serialise_by_id() {
    for surface in Surface::ALL {
        assert_eq!(surface.to_string(), surface.id());
        assert_eq!(surface.id().parse::<Surface>(), Ok(*surface));
        assert_eq!(serde_json::to_string(surface).unwrap(), format!("\"{}\"", surface.id()));
        assert_eq!(serde_json::from_str::<Surface>(&format!("\"{}\"", surface.id())).unwrap(), *surface);
    }
    for section in Section::ALL {
        assert_eq!(section.to_string().parse::<Section>(), Ok(*section));
    }
    let err = "no_such_surface".parse::<Surface>().unwrap_err();
    assert_eq!(err.to_string(), "unknown surface `no_such_surface`");
    assert!(serde_json::from_str::<Section>("\"nope\"").is_err());
}

/// Issue 21, part 7: the crate behaves as a crates.io user expects of such types.
#[test]
fn display_honours_width_fill_and_alignment() {
    let m = Model::from_slug("gpt-5.4").unwrap();
    assert_eq!(format!("{m:<10}|"), "gpt-5.4   |");
    assert_eq!(format!("{m:*>9}"), "**gpt-5.4");
    assert_eq!(format!("{:>5}", Surface::Api), "  api");
    assert_eq!(format!("{:^13}", Section::Other), "    other    ");
    assert_eq!(format!("{:<12}|", ModelRef::Custom("x".into())), "x           |");
}

#[test]
fn every_from_str_suggests_the_nearest_known_value() {
    let err = "openai-api".parse::<Surface>().unwrap_err();
    assert_eq!(err.suggestion(), Some("api"));
    assert_eq!(err.to_string(), "unknown surface `openai-api`; did you mean `api`?");
    assert_eq!("Codex CLI".parse::<Surface>().unwrap_err().suggestion(), Some("codex_cli"));
    assert_eq!("codex_clii".parse::<Surface>().unwrap_err().suggestion(), Some("codex_cli"));
    assert_eq!("Recommended models".parse::<Section>().unwrap_err().suggestion(), Some("recommended"));
    assert_eq!("zzz".parse::<Section>().unwrap_err().suggestion(), None);
}

#[test]
fn helpers_read_as_the_export_does() {
    let catalog = export();
    for model in Model::ALL {
        let exported = catalog.models.iter().find(|m| m.slug == model.slug()).unwrap();
        assert_eq!(model.display_name(), exported.display_name);
        let status = exported.status.as_deref();
        assert_eq!(model.is_deprecated(), status == Some("deprecated"), "{model}");
        assert_eq!(model.is_retired(), status == Some("retired"), "{model}");
        for surface in Surface::ALL {
            // Typed availability: one Option, the same in the crate and the export.
            assert_eq!(model.available_on(*surface), exported.available_on(surface.id()), "{model} {surface}");
        }
        assert_eq!(exported.available_on("a-surface-this-export-lacks"), None);
    }
    assert!(Model::ALL.iter().any(|m| m.is_deprecated()), "the real catalog has deprecated models");
    for section in Section::ALL {
        let exported = catalog.sections.iter().find(|s| s.id == section.id()).unwrap();
        assert_eq!(section.title(), exported.title);
    }
}
