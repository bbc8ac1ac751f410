//! The Codex CLI's own model catalog (`models.json`) as catalog data.
//!
//! The CLI embeds a `{"models": [ … ]}` file in every release. Each model's entry is kept in
//! its model file as a `[codex]` table, and the file's model order (and any other top-level
//! key) in `catalog.toml`'s `[codex]` table. The entry is kept whole and in the CLI's key order,
//! so a field no release has had yet round-trips untouched; the fields whose meaning the catalog
//! knows are typed by [`codex_export::CodexModel`] (the model-file schema checks them, and the
//! exports carry them). Three things TOML cannot say as JSON does are written as one-key tables
//! (see [`encode`]):
//!
//! - `{ null = true }`: JSON `null`;
//! - `{ text = "NAME" }`: a long text, kept in `texts/NAME.md` and shared by every entry that
//!   has the same text, so a prompt change is reviewed as a text diff;
//! - `{ json = "…" }`: a value given as JSON text (a number TOML cannot hold exactly, or an
//!   object that would read as one of these three).
//!
//! `gen` writes the entries back, in order, as `exports/codex/models.json`: byte for byte the
//! file an import read when that file was printed the way the CLI's files are (two-space JSON).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

pub mod encode;

pub use encode::{Decoded, Imported, MissingText, TextSet, decode_value, emit_table, encode_file};

/// The folder of the catalog that holds the long texts.
pub const TEXTS_DIR: &str = "texts";
/// The ending of a text's file name.
pub const TEXT_EXT: &str = ".md";
/// A text's name: lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit.
pub const TEXT_NAME_PATTERN: &str = r"^[a-z0-9][a-z0-9._-]*$";
/// The longest text name, in characters.
pub const MAX_TEXT_NAME: usize = 120;
/// A string at least this long (in bytes) is kept as a text file.
pub const TEXT_MIN: usize = 512;
/// The marker key of JSON `null`.
pub const NULL_KEY: &str = "null";
/// The marker key of a text kept in a file.
pub const TEXT_KEY: &str = "text";
/// The marker key of a value given as JSON text.
pub const JSON_KEY: &str = "json";

/// Whether `name` is a valid text name.
pub fn is_text_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_TEXT_NAME
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && !name.contains("..")
}

/// One model's entry in the CLI's catalog, as its model file's `[codex]` table keeps it: in the
/// CLI's key order, with the markers of [`encode`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CodexEntry(pub Map<String, Value>);

impl JsonSchema for CodexEntry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CodexEntry".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut known = entry_schema();
        if let Some(props) = known.get_mut("properties").and_then(Value::as_object_mut) {
            props.insert(
                "slug".into(),
                json!({ "description": "The model's slug, as the CLI has it: the file's name.", "type": "string" }),
            );
        }
        known.insert("additionalProperties".into(), json!(true));
        known.insert(
            "description".into(),
            json!(
                "The model's entry in the Codex CLI's catalog (`models.json`), every key in the CLI's \
                 order. The keys the catalog knows are typed; any other is kept as it is. `{ null = true }` \
                 is JSON null, `{ text = \"NAME\" }` the text in texts/NAME.md, `{ json = \"…\" }` a value \
                 given as JSON."
            ),
        );
        known.remove("title");
        known.remove("$schema");
        schemars::Schema::from(known)
    }
}

/// The `[codex]` table of `catalog.toml`: the CLI file's model order (`models`, the slugs) and
/// any other top-level key of the file, in its order, with the markers of [`encode`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CodexCatalog(pub Map<String, Value>);

impl CodexCatalog {
    /// The slugs in the file's order.
    pub fn models(&self) -> impl Iterator<Item = &str> {
        self.0.get("models").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
    }
}

impl JsonSchema for CodexCatalog {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CodexCatalog".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::Schema::from(
            json!({
                "description": "The Codex CLI's catalog (`models.json`) as a whole: `models` lists the slugs in the \
                    file's order (each model's entry is its model file's `[codex]` table); any other key of the \
                    file is kept as it is.",
                "type": "object",
                "properties": {
                    "models": {
                        "description": "The slugs of the file's models, in its order.",
                        "type": "array",
                        "items": { "type": "string", "pattern": crate::model::SLUG_PATTERN, "maxLength": crate::model::MAX_NAME_LEN },
                    },
                },
                "required": ["models"],
                "additionalProperties": true,
            })
            .as_object()
            .cloned()
            .unwrap_or_default(),
        )
    }
}

/// The typed fields of an entry ([`codex_export::CodexModel`]), texts read through `texts`.
/// Fails with the JSON pointer (below `[codex]`) and the reason where a field does not decode or
/// does not have its type.
pub fn typed<'t>(
    entry: &CodexEntry,
    texts: &impl Fn(&str) -> Option<&'t str>,
) -> Result<codex_export::CodexModel, MissingText> {
    let mut known = Map::new();
    for key in codex_export::CodexModel::keys() {
        if let Some(value) = entry.0.get(key) {
            let mut pointer = String::new();
            crate::load::push_token(&mut pointer, key);
            let decoded = decode_value(value, texts, &mut pointer)?;
            known.insert(key.clone(), decoded);
        }
    }
    serde_json::from_value(Value::Object(known)).map_err(|e| MissingText {
        pointer: String::new(),
        message: format!("a typed field does not have its type: {e}"),
    })
}

/// An entry as the CLI has it: every marker decoded, every text read through `texts`.
pub fn decode_entry<'t>(
    entry: &CodexEntry,
    texts: &impl Fn(&str) -> Option<&'t str>,
) -> Result<Map<String, Value>, MissingText> {
    match decode_value(&Value::Object(entry.0.clone()), texts, &mut String::new())? {
        Value::Object(map) => Ok(map),
        _ => unreachable!("an object decodes to an object"),
    }
}

/// The schema of the typed fields ([`codex_export::CodexModel`], inlined), each value also
/// allowed as one of the markers of [`encode`].
fn entry_schema() -> Map<String, Value> {
    let settings = schemars::generate::SchemaSettings::draft2020_12().with(|s| s.inline_subschemas = true);
    let schema = settings.into_generator().into_root_schema_for::<codex_export::CodexModel>();
    let mut value = schema.to_value();
    with_markers(&mut value);
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn marker(key: &str, mut value: Value, description: &str) -> Value {
    if let Value::Object(map) = &mut value {
        map.insert("description".into(), Value::from(description));
    }
    json!({
        "description": description,
        "type": "object",
        "properties": { key: value },
        "required": [key],
        "additionalProperties": false,
    })
}

/// Let every value of a schema also be a marker: `{ null = true }` where `null` is allowed,
/// `{ text = … }` where a string is, `{ json = … }` anywhere.
fn with_markers(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    for key in ["properties", "$defs"] {
        if let Some(Value::Object(props)) = map.get_mut(key) {
            props.values_mut().for_each(with_markers);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(v) = map.get_mut(key) {
            with_markers(v);
        }
    }
    for key in ["anyOf", "oneOf", "allOf", "prefixItems"] {
        if let Some(Value::Array(items)) = map.get_mut(key) {
            items.iter_mut().for_each(with_markers);
        }
    }
    let types: Vec<&str> = match map.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return,
    };
    let mut alternatives = vec![marker(JSON_KEY, json!({ "type": "string" }), "A value given as JSON text.")];
    if types.contains(&"null") {
        alternatives.push(marker(NULL_KEY, json!({ "const": true }), "JSON null."));
    }
    if types.contains(&"string") {
        alternatives.push(marker(
            TEXT_KEY,
            json!({ "type": "string", "pattern": TEXT_NAME_PATTERN, "maxLength": MAX_TEXT_NAME }),
            "The text kept in texts/NAME.md.",
        ));
    }
    let description = map.remove("description");
    let original = Value::Object(std::mem::take(map));
    alternatives.insert(0, original);
    if let Some(d) = description {
        map.insert("description".into(), d);
    }
    map.insert("anyOf".into(), Value::Array(alternatives));
}

#[cfg(test)]
mod tests;
