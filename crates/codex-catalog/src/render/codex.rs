//! `exports/codex/models.json`: the Codex CLI's model catalog, as the CLI embeds it.
//!
//! Each model's `[codex]` entry is written back in its key order with its texts read in, the
//! models in the order of `catalog.toml`'s `[codex] models`, as two-space JSON (the way the CLI's
//! own files are printed), so an imported release comes back byte for byte. A catalog without a
//! CLI catalog gives `{"models": []}`.

use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use crate::catalog::Catalog;

/// `exports/codex/models.json`.
pub fn render(catalog: &Catalog) -> String {
    super::to_string(|out| write(catalog, out))
}

/// [`render`] into `out`, a model at a time.
pub fn write(catalog: &Catalog, out: &mut dyn Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(super::CHUNK, out);
    let text = |name: &str| catalog.texts().get(name).map(String::as_str);
    let empty = serde_json::Map::new();
    let top = catalog.codex().map_or(&empty, |c| &c.0);
    out.write_all(b"{")?;
    let mut first = true;
    let mut wrote_models = false;
    let mut key = |out: &mut dyn Write, k: &str| -> std::io::Result<()> {
        out.write_all(if std::mem::take(&mut first) { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, k)?;
        out.write_all(b": ")
    };
    for (k, value) in top {
        if k == "models" {
            key(&mut out, k)?;
            models(catalog, &mut out)?;
            wrote_models = true;
        } else {
            key(&mut out, k)?;
            // Validation decoded every value already.
            let decoded = crate::codex::decode_value(value, &text, &mut String::new()).unwrap_or(Value::Null);
            indented(&decoded, 1, &mut out)?;
        }
    }
    if !wrote_models {
        key(&mut out, "models")?;
        models(catalog, &mut out)?;
    }
    out.write_all(b"\n}\n")?;
    out.flush()
}

fn models(catalog: &Catalog, out: &mut dyn Write) -> std::io::Result<()> {
    let mut any = false;
    for model in catalog.codex_models() {
        let Some(entry) = catalog.codex_entry(model) else { continue };
        out.write_all(if any { b",\n    " } else { b"[\n    " })?;
        any = true;
        indented(&Value::Object(entry), 2, out)?;
    }
    out.write_all(if any { b"\n  ]" } else { b"[]" })
}

/// `value` as two-space JSON, its lines after the first indented `depth` levels.
fn indented(value: &Value, depth: usize, out: &mut dyn Write) -> std::io::Result<()> {
    let indent = "  ".repeat(depth);
    let mut ser = serde_json::Serializer::with_formatter(Vec::new(), serde_json::ser::PrettyFormatter::new());
    value.serialize(&mut ser).map_err(std::io::Error::other)?;
    let text = ser.into_inner();
    // JSON strings hold no raw newline, so every newline is the formatter's.
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line)?;
    }
    Ok(())
}
