//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root: the nearest folder above the testing crate with `Cargo.lock`.
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().find(|p| p.join("Cargo.lock").exists()).unwrap_or(here).to_path_buf()
}

/// A fixture catalog under `tests/fixtures/catalogs/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/catalogs").join(name)
}

/// A fixture document under `tests/fixtures/documents/`.
pub fn document(name: &str) -> PathBuf {
    root().join("tests/fixtures/documents").join(name)
}

/// Copy a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary copy of a fixture catalog.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// Where an export (as JSON) says something else than the catalog it was made from: compared
/// fact by fact with the catalog itself, not with the exporter's own output, so a fact the
/// exporter drops or changes is found.
pub fn export_mismatches(export: &serde_json::Value, c: &codex_catalog::Catalog) -> Vec<String> {
    use codex_catalog::facts::{MODEL_FACTS, Shape};
    use serde_json::{Value, json};
    let mut out = Vec::new();
    let mut check = |what: String, got: &Value, want: Value| {
        if *got != want {
            out.push(format!("{what}: exported {got}, catalog {want}"));
        }
    };
    check("title".into(), &export["title"], json!(c.title()));
    check("default_model".into(), &export["default_model"], json!(c.default_model().map(|m| m.slug())));
    check("example_model".into(), &export["example_model"], json!(c.example_model().map(|m| m.slug())));
    check("cloud_model".into(), &export["cloud_model"], json!(c.cloud_model().map(|m| m.slug())));
    let surfaces: Vec<Value> =
        c.surfaces().iter().map(|s| json!({ "id": s.id, "label": s.label, "retired": s.retired })).collect();
    check("surfaces".into(), &export["surfaces"], Value::from(surfaces));
    let sections: Vec<Value> = c
        .sections()
        .iter()
        .map(|s| {
            let models: Vec<&str> = c.section_models(s).map(|m| m.slug()).collect();
            json!({ "id": s.id(), "title": s.title(), "models": models, "guidance": s.guidance() })
        })
        .collect();
    check("sections".into(), &export["sections"], Value::from(sections));
    let models = export["models"].as_array().cloned().unwrap_or_default();
    check("model count".into(), &Value::from(models.len()), Value::from(c.models().len()));
    for (got, m) in models.iter().zip(c.models()) {
        for f in MODEL_FACTS.iter() {
            // A key left out reads as null, which a fact unknown everywhere would also be.
            check(format!("{} {} is a key", m.slug(), f.key), &Value::from(got.get(f.key).is_some()), true.into());
            let want = f.value(c, m);
            match f.shape {
                Shape::Single => check(format!("{} {}", m.slug(), f.key), &got[f.key], want),
                // Every declared surface is a key; unknown is null.
                Shape::PerSurface { .. } => {
                    let all: serde_json::Map<String, Value> = c
                        .surfaces()
                        .iter()
                        .map(|s| (s.id.clone(), want.get(&s.id).cloned().unwrap_or(Value::Null)))
                        .collect();
                    check(format!("{} {}", m.slug(), f.key), &got[f.key], Value::Object(all));
                }
            }
        }
    }
    out
}

/// Write a catalog (its `catalog.toml` and model files) in the real on-disk format into a fresh
/// folder and validate it; it must have no error. The folder is returned with the catalog.
#[allow(dead_code)]
pub fn write_and_load(
    catalog: &codex_catalog::model::CatalogFile,
    models: &[(String, codex_catalog::model::ModelFile)],
) -> (tempfile::TempDir, codex_catalog::Catalog) {
    use codex_catalog::write::{self, Mode, Output};
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![Output { path: "catalog.toml".into(), contents: catalog.to_toml() }];
    for (slug, m) in models {
        files.push(Output { path: format!("models/{slug}.toml"), contents: m.to_toml() });
    }
    write::apply(dir.path(), &files, Mode::Write, write::Durability::Flushed).unwrap();
    let outcome = codex_catalog::validate::validate_dir(dir.path()).unwrap();
    let errors: Vec<_> =
        outcome.diagnostics.iter().filter(|d| d.severity == codex_catalog::diagnostic::Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    (dir, outcome.catalog.unwrap())
}

/// The tags the preview writes; any other `<` in it would be text that became markup.
pub const TAGS: [&str; 36] = [
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "strong",
    "code",
    "div",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "span",
    "p",
    "dl",
    "dt",
    "dd",
    "svg",
    "path",
    "ul",
    "ol",
    "li",
    "a",
    "em",
    "del",
    "pre",
    "blockquote",
    "details",
    "summary",
    "br",
];

/// Every `<` of the page opens (or closes) one of [`TAGS`], a comment or the doctype; the style
/// sheet aside.
pub fn only_known_tags(page: &str) -> Result<(), String> {
    let (head, body) = page.split_once("</style>").ok_or("no style sheet")?;
    let head = &head[..head.find("<style>").ok_or("no <style>")?];
    for part in [head, body] {
        for (i, _) in part.match_indices('<') {
            let rest = &part[i + 1..];
            if rest.starts_with("!DOCTYPE html>") || rest.starts_with("!--") {
                continue;
            }
            let name: String = rest.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            let known =
                ["hr", "table", "tr", "td", "th", "section"].contains(&name.as_str()) || TAGS.contains(&name.as_str());
            if !known {
                return Err(format!("`<{}` at byte {i}", &rest[..rest.len().min(30)]));
            }
        }
    }
    Ok(())
}

/// Every file under `dir` with its bytes, by relative path: to show that nothing was written.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}
