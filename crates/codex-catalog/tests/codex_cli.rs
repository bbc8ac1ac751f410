//! `cargo xtask export codex`: the field mapping, the base/template merge, the report, and
//! malformed bases. (The real CLI reads the file in `cargo ci e2e codex`.)

mod common;

use codex_catalog::Catalog;
use codex_catalog::export::codex_cli::{ExportError, export, verify};
use codex_catalog::validate::validate_dir;
use common::{fixture, root};
use serde_json::{Value, json};

fn catalog(dir: &std::path::Path) -> Catalog {
    validate_dir(dir).unwrap().catalog.unwrap()
}

fn base() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/codex/base.json")).unwrap()
}

fn models(json: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(json).unwrap()["models"].as_array().unwrap().clone()
}

fn find<'a>(models: &'a [Value], slug: &str) -> &'a Value {
    models.iter().find(|m| m["slug"] == slug).unwrap()
}

#[test]
fn catalog_facts_override_the_base_and_runtime_fields_come_from_it() {
    // A frozen fixture, not the real catalog (which grows), with one fact the page lacks.
    let dir = common::copy_fixture("page-2026-04-03");
    let spark = dir.path().join("models/gpt-5.3-codex-spark.toml");
    let text = std::fs::read_to_string(&spark).unwrap().replacen(
        "\n[availability]",
        "input_modalities = [\"text\"]\n\n[availability]",
        1,
    );
    std::fs::write(&spark, text).unwrap();
    let c = catalog(dir.path());
    let out = export(&c, &base(), None, "api_access").unwrap();
    let models = models(&out.json);
    // Every model of the catalog, in catalog order.
    let slugs: Vec<&str> = models.iter().map(|m| m["slug"].as_str().unwrap()).collect();
    let ours: Vec<&str> = c.models().iter().map(|m| m.slug()).collect();
    assert_eq!(slugs, ours);
    assert_eq!(&slugs[..5], ["gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex", "gpt-5.3-codex-spark", "gpt-5.2-codex"]);

    // gpt-5.4 is in the base: our facts win, its own runtime fields stay.
    let m = find(&models, "gpt-5.4");
    assert_eq!(m["display_name"], "GPT-5.4");
    assert_eq!(m["visibility"], "list");
    assert_eq!(m["priority"], 1);
    assert_eq!(m["supported_in_api"], true);
    assert_eq!(m["upgrade"], Value::Null);
    assert!(m["description"].as_str().unwrap().starts_with("Flagship frontier model"));
    assert_eq!(m["context_window"], 400000);
    assert_eq!(m["shell_type"], "shell_command");
    assert_eq!(m["input_modalities"], json!(["text", "image"]), "unknown to us: the base's value stays");

    // gpt-5 is not: runtime fields from the template (the base's first listed model).
    let m = find(&models, "gpt-5");
    assert_eq!(out.template, "base-default");
    assert_eq!(m["base_instructions"], "You are Codex (template A).");
    assert_eq!(m["visibility"], "list", "on the page");
    assert_eq!(m["display_name"], "gpt-5", "no prose name: the card name");
    assert_eq!(find(&models, "gpt-5.1-codex-mini")["visibility"], "hide", "not on the page");
    // The upgrade points at the end of the chain, not the direct successor.
    assert_eq!(m["upgrade"]["model"], "gpt-5.4");
    assert!(m["upgrade"]["migration_markdown"].as_str().unwrap().starts_with("Meet GPT-5.4\n\n"));
    assert_eq!(find(&models, "gpt-5.2-codex")["upgrade"]["model"], "gpt-5.3-codex");
    let spark = find(&models, "gpt-5.3-codex-spark");
    assert_eq!(spark["input_modalities"], json!(["text"]));
    assert_eq!(spark["supported_in_api"], false);
    assert_eq!(spark["display_name"], "gpt-5.3-codex-spark", "no prose name: the card name");

    // The report says where each field came from.
    let r = out.report.iter().find(|r| r.slug == "gpt-5.4").unwrap();
    assert!(r.from_catalog.contains(&"display_name".to_string()));
    assert!(r.from_base.contains(&"context_window".to_string()) && r.from_template.is_empty());
    let r = out.report.iter().find(|r| r.slug == "gpt-5").unwrap();
    assert!(r.from_template.contains(&"base_instructions".to_string()) && r.from_base.is_empty());
    assert!(!r.from_template.contains(&"display_name".to_string()));
}

#[test]
fn a_chosen_template_and_an_unknown_one() {
    let c = catalog(&fixture("page-2026-04-03"));
    let out = export(&c, &base(), Some("hidden-helper"), "api").unwrap();
    let all = models(&out.json);
    assert_eq!(find(&all, "gpt-5")["context_window"], 8000);
    let err = export(&c, &base(), Some("nope"), "api").unwrap_err();
    assert!(matches!(&err, ExportError::Template(m) if m.contains("base-default, gpt-5.4, hidden-helper")), "{err}");
}

#[test]
fn an_unknown_description_is_not_copied_from_the_template() {
    // The 2026-04-03 page names gpt-5.1-codex-mini only as a successor: no description.
    let c = catalog(&fixture("page-2026-04-03"));
    let out = export(&c, &base(), None, "api_access").unwrap();
    let all = models(&out.json);
    let m = find(&all, "gpt-5.1-codex-mini");
    assert!(m.get("description").is_none(), "{m}");
    assert_eq!(find(&all, "gpt-5.4")["supported_in_api"], true);
}

#[test]
fn malformed_bases_are_refused_with_a_reason() {
    let c = catalog(&fixture("page-2026-04-03"));
    for (text, reason) in [
        ("{", "not JSON (line 1, column 1)"),
        ("[]", "no `models` array"),
        ("{\"models\": {}}", "`models` is not an array"),
        ("{\"models\": [1]}", "models[0] is not an object"),
        ("{\"models\": [{\"display_name\": \"x\"}]}", "models[0] has no string `slug`"),
        ("{\"models\": []}", "`models` is empty"),
    ] {
        match export(&c, text, None, "api") {
            Err(ExportError::Base(m)) => assert!(m.contains(reason), "{text}: {m}"),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn verify_names_every_difference() {
    let c = catalog(&fixture("page-2026-04-03"));
    let exported = export(&c, &base(), None, "api_access").unwrap().json;
    assert_eq!(verify(&exported, &exported), Ok(c.models().len()));
    let mut printed: Value = serde_json::from_str(&exported).unwrap();
    printed["models"][0]["display_name"] = "Renamed".into();
    let upgrading = models(&exported).iter().position(|m| !m["upgrade"].is_null()).unwrap();
    let upgrading_slug = models(&exported)[upgrading]["slug"].as_str().unwrap().to_string();
    printed["models"][upgrading]["upgrade"] = Value::Null;
    printed["models"].as_array_mut().unwrap().pop();
    let problems = verify(&exported, &printed.to_string()).unwrap_err();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems.iter().any(|p| p.contains("gpt-5.4: display_name")));
    assert!(problems.iter().any(|p| p.contains(&format!("{upgrading_slug}: upgrade target"))), "{problems:#?}");
    assert!(problems.iter().any(|p| p.starts_with("models differ")));
}
