//! `cargo xtask export codex`: the CLI's catalog as `gen` writes it, a base laid under it, the
//! report, malformed bases, and the field-for-field comparison the end-to-end check uses with the
//! real CLI (`cargo ci e2e codex`).

use crate::common;

use codex_catalog::Catalog;
use codex_catalog::export::codex_cli::{ExportError, export, verify};
use codex_catalog::validate::validate_dir;
use serde_json::{Value, json};

fn catalog(name: &str) -> Catalog {
    validate_dir(&common::fixture(name)).unwrap().catalog.unwrap()
}

fn models(json: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(json).unwrap()["models"].as_array().unwrap().clone()
}

#[test]
fn without_a_base_the_export_is_the_generated_file() {
    let c = catalog("minimal");
    let out = export(&c, None).unwrap();
    assert_eq!(out.json, codex_catalog::render::codex::render(&c));
    let slugs: Vec<String> = models(&out.json).iter().map(|m| m["slug"].as_str().unwrap().to_string()).collect();
    assert_eq!(slugs, ["alpha-2", "alpha-1"]);
    assert!(out.report.iter().all(|r| r.from_base.is_empty() && r.from_catalog > 0));
}

#[test]
fn a_base_adds_the_users_fields_and_models_and_ours_win() {
    let c = catalog("minimal");
    let base = json!({ "models": [
        { "slug": "alpha-2", "display_name": "Not ours", "my_field": 42 },
        { "slug": "my-model", "display_name": "Mine" },
    ], "my_top_level": true })
    .to_string();
    let out = export(&c, Some(&base)).unwrap();
    let ms = models(&out.json);
    let alpha2 = &ms[0];
    assert_eq!(alpha2["display_name"], "Alpha 2", "ours wins");
    assert_eq!(alpha2["my_field"], 42, "the user's field is kept");
    // The user's field comes after ours, in order.
    let keys: Vec<&String> = alpha2.as_object().unwrap().keys().collect();
    assert_eq!(keys.last().map(|k| k.as_str()), Some("my_field"));
    assert_eq!(ms.last().unwrap()["slug"], "my-model");
    let top: Value = serde_json::from_str(&out.json).unwrap();
    assert_eq!(top["my_top_level"], true);
    let report = codex_catalog::export::codex_cli::render_report(&out);
    assert!(report.contains("alpha-2: 12 fields from the catalog; from the base: my_field"), "{report}");
    assert!(report.contains("my-model: the base's own model (2 fields)"), "{report}");
}

#[test]
fn a_malformed_base_is_refused_with_the_reason() {
    let c = catalog("minimal");
    for (base, expected) in [
        ("not json", "line 1, column 2"),
        ("{\"models\": {}}", "not an array"),
        ("{\"models\": [{\"slug\": \"a\", \"k\": 1, \"k\": 2}]}", "there twice"),
    ] {
        let Err(ExportError::Base(message)) = export(&c, Some(base)) else { panic!("{base} was taken") };
        assert!(message.contains(expected), "{base}: {message}");
    }
}

#[test]
fn the_comparison_is_field_for_field_and_reads_a_missing_field_as_null() {
    let a = json!({ "models": [{ "slug": "a", "x": 1, "y": null }, { "slug": "b" }] }).to_string();
    let same = json!({ "models": [{ "slug": "b" }, { "x": 1, "slug": "a" }] }).to_string();
    assert_eq!(verify(&a, &same), Ok(2));
    let changed = json!({ "models": [{ "slug": "a", "x": 2 }, { "slug": "b", "z": "new" }] }).to_string();
    let problems = verify(&a, &changed).unwrap_err();
    assert_eq!(problems, ["a: `x` expected 1, printed 2", "b: `z` expected nothing, printed \"new\""]);
    let fewer = json!({ "models": [{ "slug": "a", "x": 1 }] }).to_string();
    assert!(verify(&a, &fewer).unwrap_err()[0].starts_with("models differ"));
}

#[test]
fn the_real_catalog_exports_the_cli_release_it_was_merged_from() {
    let c = validate_dir(&common::root().join("catalog")).unwrap().catalog.unwrap();
    let out = export(&c, None).unwrap();
    let release = std::fs::read_to_string(common::root().join("tests/fixtures/codex-cli/models-0.169.0.json")).unwrap();
    assert_eq!(verify(&release, &out.json), Ok(12));
}
