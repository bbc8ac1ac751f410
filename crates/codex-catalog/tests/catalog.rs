//! The real catalog in `catalog/`: valid, its generated files fresh, its schemas committed, and
//! its facts those of the documents.

mod common;

use codex_catalog::generate::{self, outputs};
use codex_catalog::schema;
use codex_catalog::validate::validate_dir;
use codex_catalog::write::{FileStatus, Mode};
use common::root;

/// The model files of the real catalog.
fn model_files() -> Vec<std::path::PathBuf> {
    let dir = root().join("catalog/models");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect()
}

#[test]
fn the_catalog_is_valid_with_warnings_denied() {
    let mut outcome = validate_dir(&root().join("catalog")).unwrap();
    outcome.deny_warnings();
    assert!(outcome.diagnostics.is_empty(), "{:#?}", outcome.diagnostics);
    // Every model file is a model of the catalog (counted from the folder, not pinned).
    assert_eq!(outcome.catalog.unwrap().models().len(), model_files().len());
}

/// `cargo test` fails when someone edits the catalog (or the generators) without running
/// `cargo xtask gen`, like `cargo xtask check` in CI.
#[test]
fn generated_files_are_up_to_date() {
    let generated = generate::generate(&root().join("catalog"), &root(), Mode::Check).unwrap();
    assert!(generated.valid, "{:#?}", generated.diagnostics);
    let stale: Vec<String> = generated
        .files
        .iter()
        .filter_map(|f| match &f.status {
            FileStatus::UpToDate => None,
            FileStatus::Changed { diff, .. } => Some(format!("{}\n{diff}", f.path)),
        })
        .collect();
    assert!(stale.is_empty(), "stale generated files; run `cargo xtask gen`:\n{}", stale.join("\n"));
    let catalog = validate_dir(&root().join("catalog")).unwrap().catalog.unwrap();
    assert_eq!(generated.files.len(), outputs(&catalog).len());
}

#[test]
fn committed_schemas_are_what_the_types_and_the_catalog_generate() {
    let catalog = validate_dir(&root().join("catalog")).unwrap().catalog.unwrap();
    for (path, schema) in [
        (schema::CATALOG_SCHEMA_PATH, schema::editor::catalog_schema()),
        (schema::MODEL_SCHEMA_PATH, schema::editor::model_schema(&catalog)),
        (schema::EXPORT_SCHEMA_PATH, schema::export_schema()),
    ] {
        let committed = std::fs::read_to_string(root().join(path)).unwrap();
        assert_eq!(committed, schema::to_text(&schema), "{path} differs from the Rust types; run `cargo xtask gen`");
    }
}

fn committed_validator(path: &str) -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

/// The committed schemas accept the committed catalog when read by other code than ours: the
/// `toml` crate's own serde conversion to JSON, checked by a fresh validator.
#[test]
fn an_independent_validator_accepts_the_catalog_with_the_committed_schemas() {
    let catalog_schema = committed_validator(schema::CATALOG_SCHEMA_PATH);
    let model_schema = committed_validator(schema::MODEL_SCHEMA_PATH);
    let read =
        |p: &std::path::Path| -> serde_json::Value { toml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap() };
    let catalog = read(&root().join("catalog/catalog.toml"));
    let errors: Vec<String> = catalog_schema.iter_errors(&catalog).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let files = model_files();
    assert!(!files.is_empty());
    for path in files {
        let value = read(&path);
        let errors: Vec<String> = model_schema.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
    // And the schema is not vacuous: an unknown key and a rating of 0 are refused.
    let mut broken = read(&root().join("catalog/models/gpt-5.4.toml"));
    broken["capabilty"] = 3.into();
    assert!(!model_schema.is_valid(&broken));
    let mut broken = read(&root().join("catalog/models/gpt-5.4.toml"));
    broken["capability"] = 0.into();
    assert!(!model_schema.is_valid(&broken));
}

/// What an editor reports for each kind of mistake, with the committed schemas (the taplo check
/// in `cargo ci e2e taplo` sees the same with the real editor engine): exactly one error,
/// and for a key, at that key's value, saying which keys there are.
#[test]
fn the_committed_schemas_report_each_mistake_once_where_it_is() {
    let catalog = validate_dir(&root().join("catalog")).unwrap().catalog.unwrap();
    let model_schema = committed_validator(schema::MODEL_SCHEMA_PATH);
    let catalog_schema = committed_validator(schema::CATALOG_SCHEMA_PATH);
    let document = catalog.documents()[0].id.clone();
    let surface = catalog.surfaces()[0].id.clone();
    let max = catalog.scales().capability.max;
    let valid = serde_json::json!({ "availability": { surface.clone(): true }, "availability_notes": {}, "capability": max, "sources": { "default": document } });
    assert!(model_schema.is_valid(&valid));
    let one_error = |validator: &jsonschema::Validator, value: &serde_json::Value, at: &str, says: &str| {
        let errors: Vec<(String, String)> =
            validator.iter_errors(value).map(|e| (e.instance_path().to_string(), e.to_string())).collect();
        assert_eq!(errors.len(), 1, "{value}: {errors:#?}");
        assert_eq!(errors[0].0, at, "{errors:#?}");
        assert!(errors[0].1.contains(says), "{errors:#?}");
    };
    let with = |pointer: &str, v: serde_json::Value| {
        let mut value = valid.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        value.pointer_mut(parent).unwrap()[key] = v;
        value
    };
    let misspelt = format!("{surface}x");
    let surfaces = "not a surface id declared in catalog.toml; those are: ";
    one_error(
        &model_schema,
        &with(&format!("/availability/{misspelt}"), true.into()),
        &format!("/availability/{misspelt}"),
        surfaces,
    );
    one_error(
        &model_schema,
        &with(&format!("/availability_notes/{misspelt}"), "n".into()),
        &format!("/availability_notes/{misspelt}"),
        surfaces,
    );
    one_error(&model_schema, &with("/capability", (max + 1).into()), "/capability", "greater than the maximum");
    one_error(
        &model_schema,
        &with("/speed", (catalog.scales().speed.max + 1).into()),
        "/speed",
        "greater than the maximum",
    );
    one_error(&model_schema, &with("/sources/default", "no-such-document".into()), "/sources/default", "is not one of");
    one_error(&model_schema, &with("/sped", 3.into()), "/sped", "not a key of this table; those are: name, ");
    one_error(
        &model_schema,
        &with("/card", serde_json::json!({ "surfaces": [misspelt] })),
        "/card/surfaces/0",
        "is not one of",
    );
    let mut file =
        toml::from_str::<serde_json::Value>(&std::fs::read_to_string(root().join("catalog/catalog.toml")).unwrap())
            .unwrap();
    file["titel"] = "Models".into();
    one_error(&catalog_schema, &file, "/titel", "not a key of this table; those are: title, ");
}

#[test]
fn the_export_schema_accepts_the_export() {
    let validator = committed_validator(schema::EXPORT_SCHEMA_PATH);
    let export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("exports/models.json")).unwrap()).unwrap();
    let errors: Vec<String> = validator.iter_errors(&export).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_catalog_holds_the_facts_of_the_documents() {
    let catalog = validate_dir(&root().join("catalog")).unwrap().catalog.unwrap();
    let slugs: Vec<&str> = catalog.models().iter().map(|m| m.slug()).collect();
    // Page order of the newest version (2026-07-28), then the models it no longer shows, by slug:
    // these come in this order (a model added later may stand between them).
    let mut rest = slugs.iter();
    for expected in [
        "gpt-5.6-sol",
        "gpt-5.6-terra",
        "gpt-5.6-luna",
        "gpt-5.5",
        "gpt-5.3-codex-spark",
        "gpt-5.4",
        "gpt-5.4-mini",
        "gpt-5",
        "gpt-5-codex",
        "gpt-5-codex-mini",
        "gpt-5.1",
        "gpt-5.1-codex",
        "gpt-5.1-codex-max",
        "gpt-5.1-codex-mini",
        "gpt-5.2",
        "gpt-5.2-codex",
        "gpt-5.3-codex",
        "gpt-5.6",
    ] {
        assert!(rest.any(|s| *s == expected), "{expected} out of order in {slugs:?}");
    }
    let model = |slug: &str| catalog.model(slug).unwrap();
    // The newest page's default has no card: a model known by its slug alone, from that page.
    let default = catalog.default_model().unwrap();
    assert_eq!(default.slug(), "gpt-5.6");
    assert!(default.data().name.is_none() && default.section().is_none());
    assert_eq!(default.data().sources.default, "codex-models-2026-07-28");
    // The newest page has no `codex -m` example: the last one a page gave is kept, with its page.
    assert_eq!(catalog.example_model().map(|m| m.slug()), Some("gpt-5.5"));
    assert_eq!(catalog.file().sources.example_model.as_deref(), Some("codex-models-2026-06-05"));
    assert!(catalog.cloud_model().is_none(), "the newest pages name no cloud model");
    // Surfaces relabelled keep their ids; the split-off desktop app is a surface of its own.
    let label = |id: &str| catalog.surfaces().iter().find(|s| s.id == id).map(|s| s.label.as_str());
    assert_eq!(label("codex_cli"), Some("Codex CLI"));
    assert_eq!(label("codex_ide"), Some("Codex IDE extension"));
    assert_eq!(label("codex_cloud"), Some("Codex cloud"));
    assert_eq!(label("chatgpt_desktop_app"), Some("ChatGPT desktop app"));
    // The models the 2026-06-05 page calls deprecated in prose, with that page as the source.
    for slug in ["gpt-5.2", "gpt-5.3-codex"] {
        let m = model(slug);
        assert_eq!(m.data().status.as_ref().map(|s| s.kind.as_str()), Some("deprecated"), "{slug}");
        assert_eq!(m.data().sources.status.as_deref(), Some("codex-models-2026-06-05"), "{slug}");
    }
    // gpt-5.2's card stopped saying "Succeeded by GPT-5.4"; the catalog still knows it.
    let gpt52 = model("gpt-5.2");
    assert_eq!(gpt52.data().succeeded_by.as_deref(), Some("gpt-5.4"));
    assert!(gpt52.data().card.hide_successor);
    // The rescaled ratings of gpt-5.2-codex come from the 2026-04-03 page, not seed-000 (5 and 4).
    let codex_52 = model("gpt-5.2-codex");
    assert_eq!((codex_52.data().capability, codex_52.data().speed), (Some(4), Some(3)));
    assert_eq!(codex_52.data().sources.default, "page-2026-04-03");
    // The doubled word of seed-000 is fixed, the succession sentence is data.
    assert_eq!(
        model("gpt-5.1").data().description.as_deref(),
        Some("Great for coding and agentic tasks across domains.")
    );
    assert_eq!(
        catalog.page_description(model("gpt-5.1")),
        "Great for coding and agentic tasks across domains. Succeeded by GPT-5.2."
    );
    // The duplicated slug of the pages is corrected.
    assert_eq!(model("gpt-5-codex-mini").data().succeeded_by.as_deref(), Some("gpt-5.1-codex-mini"));
    // The newest page's ratings, with that source; the notes keep theirs.
    let spark = model("gpt-5.3-codex-spark");
    assert_eq!((spark.data().capability, spark.data().speed), (Some(2), Some(5)));
    assert_eq!(spark.data().sources.ratings.as_deref(), Some("codex-models-2026-07-28"));
    assert_eq!(spark.data().sources.availability_notes.as_deref(), Some("diff-001-new"));
    assert_eq!(spark.available_on("api"), Some(false));
    let path: Vec<&str> = catalog.upgrade_path(model("gpt-5-codex")).into_iter().map(|m| m.slug()).collect();
    assert_eq!(path, ["gpt-5.1-codex", "gpt-5.1-codex-max"]);
    // The scales' maximum is recorded as an inference.
    assert_eq!(catalog.file().sources.scale_max.as_deref(), Some("inferred"));
    // Every model records where its facts came from, and every document is declared.
    let ids: Vec<&str> = catalog.documents().iter().map(|d| d.id.as_str()).collect();
    for m in catalog.models() {
        for (_, doc) in m.data().sources.entries() {
            assert!(ids.contains(&doc), "{} cites {doc}", m.slug());
        }
    }
}
