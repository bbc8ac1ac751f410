//! Export for the Codex CLI: a `model_catalog_json` file (`codex -c model_catalog_json=…`).
//!
//! The file is `exports/codex/models.json`, the CLI's catalog as the catalog keeps it (see
//! [`crate::codex`]): every model the CLI lists, every field of its entry. A user may lay a
//! base file in the CLI's own format over it (`--base`): a base entry's fields that our entry
//! does not have are added after ours, and a base model we do not have is added after ours, so
//! a user's own fields and models survive; where both have a field, ours wins. The report says
//! which fields came from where, model by model.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::catalog::Catalog;
use crate::codex::encode::parse_file;

/// Where one model's fields came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelReport {
    /// The model.
    pub slug: String,
    /// How many fields the catalog gave.
    pub from_catalog: usize,
    /// The fields taken from the base (the base's own model: all of them).
    pub from_base: Vec<String>,
}

/// The exported file and its report.
#[derive(Debug, Clone)]
pub struct Export {
    /// `{"models": [...]}`, two-space JSON, newline-terminated.
    pub json: String,
    /// Per model, where its fields came from.
    pub report: Vec<ModelReport>,
}

/// Why the export could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// The base file is not a catalog in the CLI's format (the message says where and why).
    Base(String),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Base(m) => write!(f, "the base catalog cannot be used: {m}"),
        }
    }
}

impl std::error::Error for ExportError {}

fn slug_of(m: &Value) -> &str {
    m.get("slug").and_then(Value::as_str).unwrap_or_default()
}

/// Two-space JSON with a trailing newline, as the CLI's files are printed.
fn pretty(value: &Value) -> String {
    let mut json = serde_json::to_string_pretty(value).expect("JSON values serialise");
    json.push('\n');
    json
}

/// The CLI's catalog from `catalog`, with `base` (the CLI's own format) laid under it.
pub fn export(catalog: &Catalog, base: Option<&str>) -> Result<Export, ExportError> {
    let ours = crate::render::codex::render(catalog);
    let mut report: Vec<ModelReport> = catalog
        .codex_models()
        .filter_map(|m| catalog.codex_entry(m).map(|e| (m, e)))
        .map(|(m, e)| ModelReport { slug: m.slug().to_string(), from_catalog: e.len(), from_base: Vec::new() })
        .collect();
    let Some(base) = base else { return Ok(Export { json: ours, report }) };
    let base = parse_file(base).map_err(|e| ExportError::Base(e.to_string()))?;
    let mut top = parse_file(&ours).map_err(|e| ExportError::Base(format!("our own file: {e}")))?;
    let theirs: Vec<Value> = base.get("models").and_then(Value::as_array).cloned().unwrap_or_default();
    if let Some(Value::Array(models)) = top.get_mut("models") {
        for (m, r) in models.iter_mut().zip(&mut report) {
            let Some(b) = theirs.iter().find(|b| slug_of(b) == r.slug).and_then(Value::as_object) else { continue };
            let entry = m.as_object_mut().expect("every model is an object");
            for (k, v) in b {
                if !entry.contains_key(k) {
                    entry.insert(k.clone(), v.clone());
                    r.from_base.push(k.clone());
                }
            }
        }
        let known: Vec<String> = models.iter().map(|m| slug_of(m).to_string()).collect();
        for b in theirs.iter().filter(|b| !known.iter().any(|k| k == slug_of(b))) {
            let keys = b.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
            report.push(ModelReport { slug: slug_of(b).to_string(), from_catalog: 0, from_base: keys });
            models.push(b.clone());
        }
    }
    // The base's other top-level keys, where we have none.
    for (k, v) in base {
        top.entry(k).or_insert(v);
    }
    Ok(Export { json: pretty(&Value::Object(top)), report })
}

/// The report as text, one line per model.
pub fn render_report(export: &Export) -> String {
    let mut out = String::new();
    for r in &export.report {
        let line = match (r.from_catalog, r.from_base.len()) {
            (0, n) => format!("{}: the base's own model ({n} fields)\n", r.slug),
            (c, 0) => format!("{}: {c} fields from the catalog\n", r.slug),
            (c, _) => format!("{}: {c} fields from the catalog; from the base: {}\n", r.slug, r.from_base.join(", ")),
        };
        out.push_str(&line);
    }
    out
}

/// Compare two catalogs in the CLI's format model by model and field for field (a field left
/// out and a field that is `null` say the same): what the CLI printed with our file against
/// what it printed from its bundled catalog, say. Returns the number of models, or every
/// difference.
pub fn verify(expected: &str, printed: &str) -> Result<usize, Vec<String>> {
    let expected = parse_file(expected).map_err(|e| vec![format!("the expected catalog: {e}")])?;
    let printed = parse_file(printed).map_err(|e| vec![format!("the printed catalog: {e}")])?;
    let models = |top: &Map<String, Value>| top.get("models").and_then(Value::as_array).cloned().unwrap_or_default();
    let (ours, theirs) = (models(&expected), models(&printed));
    let mut problems = Vec::new();
    let slugs = |ms: &[Value]| ms.iter().map(|m| slug_of(m).to_string()).collect::<Vec<_>>();
    let (mut a, mut b) = (slugs(&ours), slugs(&theirs));
    a.sort();
    b.sort();
    if a != b {
        problems.push(format!("models differ: expected {a:?}, printed {b:?}"));
    }
    for o in &ours {
        let slug = slug_of(o);
        let Some(t) = theirs.iter().find(|t| slug_of(t) == slug) else { continue };
        let (o, t) = (o.as_object().expect("an object"), t.as_object().expect("an object"));
        for key in o.keys().chain(t.keys().filter(|k| !o.contains_key(*k))) {
            let value = |m: &Map<String, Value>| m.get(key).filter(|v| !v.is_null()).cloned();
            if value(o) != value(t) {
                let show = |v: Option<Value>| {
                    let s = v.map_or_else(|| "nothing".to_string(), |v| v.to_string());
                    if s.chars().count() > 80 { format!("{}…", s.chars().take(80).collect::<String>()) } else { s }
                };
                problems.push(format!("{slug}: `{key}` expected {}, printed {}", show(value(o)), show(value(t))));
            }
        }
    }
    if problems.is_empty() { Ok(ours.len()) } else { Err(problems) }
}
