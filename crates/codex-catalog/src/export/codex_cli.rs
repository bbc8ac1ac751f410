//! Export for the Codex CLI: a `model_catalog_json` file (`codex -c model_catalog_json=…`).
//!
//! The CLI's format is `{"models": [ … ]}`, one object per model, checked strictly. Our catalog
//! owns the facts: slug, display name, description, visibility (on the page or not), priority
//! (our order), `supported_in_api` (the API surface), `upgrade` (the end of the upgrade path) and
//! input modalities. Every runtime field we do not own (reasoning levels, instructions, shell
//! type, truncation policy, context window, …) comes from a base file in the CLI's own format:
//! from the base's entry with the same slug, else from a template entry. The report says which
//! field came from where, model by model.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::catalog::{Catalog, Model};

/// Where one model's fields came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelReport {
    /// The model.
    pub slug: String,
    /// Fields set from our catalog.
    pub from_catalog: Vec<String>,
    /// Fields kept from the base's entry with the same slug.
    pub from_base: Vec<String>,
    /// Fields copied from the template entry (a default chosen by the user, not a fact).
    pub from_template: Vec<String>,
}

/// The exported file and its report.
#[derive(Debug, Clone)]
pub struct Export {
    /// `{"models": [...]}`, pretty-printed, newline-terminated.
    pub json: String,
    /// Per model, where its fields came from.
    pub report: Vec<ModelReport>,
    /// The template entry used for models the base does not have.
    pub template: String,
}

/// Why the export could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// The base file is not a catalog in the CLI's format (the message says where and why).
    Base(String),
    /// `--template` names no model of the base.
    Template(String),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Base(m) => write!(f, "the base catalog cannot be used: {m}"),
            ExportError::Template(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for ExportError {}

/// The fields our catalog owns, in the order they are reported.
pub const OWNED: [&str; 8] = [
    "slug",
    "display_name",
    "description",
    "visibility",
    "priority",
    "supported_in_api",
    "upgrade",
    "input_modalities",
];

/// Parse and check a base file: a JSON object with a `models` array of objects, each with a
/// string `slug`.
pub fn parse_base(text: &str) -> Result<Vec<Map<String, Value>>, ExportError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| ExportError::Base(format!("not JSON (line {}, column {}): {e}", e.line(), e.column())))?;
    let Some(models) = value.get("models") else {
        return Err(ExportError::Base("no `models` array at the top level".into()));
    };
    let Some(models) = models.as_array() else {
        return Err(ExportError::Base("`models` is not an array".into()));
    };
    let mut out = Vec::with_capacity(models.len());
    for (i, m) in models.iter().enumerate() {
        let Some(obj) = m.as_object() else {
            return Err(ExportError::Base(format!("models[{i}] is not an object")));
        };
        if !obj.get("slug").is_some_and(Value::is_string) {
            return Err(ExportError::Base(format!("models[{i}] has no string `slug`")));
        }
        out.push(obj.clone());
    }
    if out.is_empty() {
        return Err(ExportError::Base("`models` is empty: there is no entry to take defaults from".into()));
    }
    Ok(out)
}

fn slug_of(m: &Map<String, Value>) -> &str {
    m.get("slug").and_then(Value::as_str).unwrap_or_default()
}

/// The short migration text shown when the CLI offers an upgrade.
pub fn migration_markdown(target: &Model) -> String {
    match &target.data().description {
        Some(d) => format!("Meet {}\n\n{d}\n", target.display_name()),
        None => format!("Meet {}\n", target.display_name()),
    }
}

/// Export `catalog` for the CLI, taking runtime fields from `base_json` (the CLI's own format).
/// `template` names the base entry used for models the base lacks (default: its first model
/// whose `visibility` is `list`); `api_surface` is the surface id that means API access.
pub fn export(
    catalog: &Catalog,
    base_json: &str,
    template: Option<&str>,
    api_surface: &str,
) -> Result<Export, ExportError> {
    let base = parse_base(base_json)?;
    let template_entry = match template {
        Some(slug) => base.iter().find(|m| slug_of(m) == slug).ok_or_else(|| {
            let known: Vec<&str> = base.iter().map(slug_of).collect();
            ExportError::Template(format!(
                "--template `{slug}` is not a model of the base; it has: {}",
                known.join(", ")
            ))
        })?,
        None => base.iter().find(|m| m.get("visibility").and_then(Value::as_str) == Some("list")).unwrap_or(&base[0]),
    };
    let mut models = Vec::with_capacity(catalog.models().len());
    let mut report = Vec::with_capacity(catalog.models().len());
    for (i, m) in catalog.models().iter().enumerate() {
        let own = base.iter().find(|b| slug_of(b) == m.slug());
        let mut entry = own.unwrap_or(template_entry).clone();
        let mut ours: Map<String, Value> = Map::new();
        ours.insert("slug".into(), m.slug().into());
        ours.insert("display_name".into(), m.display_name().into());
        match &m.data().description {
            Some(d) => {
                ours.insert("description".into(), d.clone().into());
            }
            // A description copied from the template would describe another model.
            None if own.is_none() => {
                entry.remove("description");
            }
            None => {}
        }
        ours.insert("visibility".into(), if m.section().is_some() { "list" } else { "hide" }.into());
        ours.insert("priority".into(), (i as u64 + 1).into());
        if let Some(api) = catalog.surface_by_id(api_surface).and_then(|(id, _)| m.availability(id)) {
            ours.insert("supported_in_api".into(), api.into());
        }
        let upgrade = match catalog.upgrade_target(m) {
            Some(target) => {
                serde_json::json!({ "model": target.slug(), "migration_markdown": migration_markdown(target) })
            }
            None => Value::Null,
        };
        ours.insert("upgrade".into(), upgrade);
        if let Some(list) = &m.data().input_modalities {
            ours.insert("input_modalities".into(), list.iter().map(|x| x.as_str()).collect::<Vec<_>>().into());
        }
        let from_catalog: Vec<String> =
            OWNED.iter().filter(|k| ours.contains_key(**k)).map(|k| k.to_string()).collect();
        let others: Vec<String> = entry.keys().filter(|k| !ours.contains_key(*k)).cloned().collect();
        let (from_base, from_template) = if own.is_some() { (others, Vec::new()) } else { (Vec::new(), others) };
        entry.extend(ours);
        report.push(ModelReport { slug: m.slug().to_string(), from_catalog, from_base, from_template });
        models.push(Value::Object(entry));
    }
    let mut json =
        serde_json::to_string_pretty(&serde_json::json!({ "models": models })).expect("JSON values serialise");
    json.push('\n');
    Ok(Export { json, report, template: slug_of(template_entry).to_string() })
}

/// The report as text, one line per model.
pub fn render_report(export: &Export) -> String {
    let mut out = format!("runtime fields of models the base lacks come from the template `{}`\n", export.template);
    for r in &export.report {
        let (source, fields) = if r.from_base.is_empty() {
            ("template", r.from_template.len())
        } else {
            ("its base entry", r.from_base.len())
        };
        out.push_str(&format!(
            "{}: from the catalog: {}; {fields} more from {source}\n",
            r.slug,
            r.from_catalog.join(", ")
        ));
    }
    out
}

/// Compare what the CLI printed (`codex debug models` with our file) with what we exported:
/// the same models in the same order with our slugs, display names, visibility and upgrade
/// targets. Returns every difference.
pub fn verify(exported: &str, printed: &str) -> Result<usize, Vec<String>> {
    let ours = parse_base(exported).map_err(|e| vec![format!("exported file: {e}")])?;
    let theirs = parse_base(printed).map_err(|e| vec![format!("the CLI's output: {e}")])?;
    let mut problems = Vec::new();
    let ours_slugs: Vec<&str> = ours.iter().map(slug_of).collect();
    let mut theirs_sorted: Vec<&Map<String, Value>> = theirs.iter().collect();
    theirs_sorted.sort_by_key(|m| m.get("priority").and_then(Value::as_u64).unwrap_or(u64::MAX));
    let theirs_slugs: Vec<&str> = theirs_sorted.iter().map(|m| slug_of(m)).collect();
    if ours_slugs != theirs_slugs {
        problems.push(format!("models differ: exported {ours_slugs:?}, the CLI lists {theirs_slugs:?}"));
    }
    for o in &ours {
        let slug = slug_of(o);
        let Some(t) = theirs.iter().find(|t| slug_of(t) == slug) else { continue };
        // A key left out and a key that is null say the same: no value.
        let value = |m: &Map<String, Value>, key: &str| m.get(key).filter(|v| !v.is_null()).cloned();
        for key in ["display_name", "visibility", "priority", "description", "supported_in_api"] {
            if value(o, key) != value(t, key) {
                problems.push(format!("{slug}: {key} exported {:?}, the CLI has {:?}", o.get(key), t.get(key)));
            }
        }
        let target = |m: &Map<String, Value>| m.get("upgrade").and_then(|u| u.get("model")).cloned();
        if target(o) != target(t) {
            problems.push(format!("{slug}: upgrade target exported {:?}, the CLI has {:?}", target(o), target(t)));
        }
    }
    if problems.is_empty() { Ok(ours.len()) } else { Err(problems) }
}
