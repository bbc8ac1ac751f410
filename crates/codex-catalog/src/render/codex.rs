//! `exports/codex/models.json`: the Codex CLI's model catalog, as the CLI embeds it.
//!
//! Each model's `[codex]` entry is written back in its key order with its texts read in, the
//! models in the order of `catalog.toml`'s `[codex] models`, as two-space JSON (the way the CLI's
//! own files are printed), so an imported release comes back byte for byte. A catalog without a
//! CLI catalog gives `{"models": []}`.

use std::io::Write;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

use crate::catalog::Catalog;

/// `exports/codex/models.json`.
pub fn render(catalog: &Catalog) -> String {
    super::to_string(|out| write(catalog, out))
}

/// [`render`] into `out`, as it is serialised: each stored value is written with its markers
/// resolved and its texts read in as it goes, nothing copied.
pub fn write(catalog: &Catalog, out: &mut dyn Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(super::CHUNK, out);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::new());
    File(catalog).serialize(&mut ser).map_err(std::io::Error::other)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The whole file: the top-level keys in their order, `models` as the entries.
struct File<'a>(&'a Catalog);

impl Serialize for File<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let catalog = self.0;
        let empty = Map::new();
        let top = catalog.codex().map_or(&empty, |c| &c.0);
        let mut map = s.serialize_map(None)?;
        let models = Models(catalog);
        for (key, value) in top {
            if key == "models" {
                map.serialize_entry(key, &models)?;
            } else {
                map.serialize_entry(key, &Stored { value, catalog })?;
            }
        }
        if !top.contains_key("models") {
            map.serialize_entry("models", &models)?;
        }
        map.end()
    }
}

struct Models<'a>(&'a Catalog);

impl Serialize for Models<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let catalog = self.0;
        let mut seq = s.serialize_seq(None)?;
        for m in catalog.codex_models() {
            if let Some(entry) = &m.data().codex {
                seq.serialize_element(&Entry { entry: &entry.0, catalog })?;
            }
        }
        seq.end()
    }
}

struct Entry<'a> {
    entry: &'a Map<String, Value>,
    catalog: &'a Catalog,
}

impl Serialize for Entry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.entry.len()))?;
        for (k, value) in self.entry {
            map.serialize_entry(k, &Stored { value, catalog: self.catalog })?;
        }
        map.end()
    }
}

/// A stored value, written as the CLI has it (see [`crate::codex`]).
struct Stored<'a> {
    value: &'a Value,
    catalog: &'a Catalog,
}

impl Serialize for Stored<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let catalog = self.catalog;
        match self.value {
            Value::Object(map) if crate::codex::encode::is_marker(map) => {
                // Validation decoded every marker; what does not decode is a bug, written as
                // the decoder says.
                let text = |name: &str| catalog.texts().get(name).map(String::as_str);
                match (map.get(crate::codex::TEXT_KEY), map.get(crate::codex::NULL_KEY)) {
                    (Some(Value::String(name)), _) => match text(name) {
                        Some(t) => s.serialize_str(t),
                        None => Err(serde::ser::Error::custom(format!("no text `{name}`"))),
                    },
                    (_, Some(Value::Bool(true))) => s.serialize_unit(),
                    _ => crate::codex::decode_value(self.value, &text, &mut String::new())
                        .map_err(|e| serde::ser::Error::custom(e.message))?
                        .serialize(s),
                }
            }
            Value::Object(map) => Entry { entry: map, catalog }.serialize(s),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for value in items {
                    seq.serialize_element(&Stored { value, catalog })?;
                }
                seq.end()
            }
            other => other.serialize(s),
        }
    }
}
