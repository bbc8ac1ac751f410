//! The schemas written to `schema/` for editors (taplo, Even Better TOML): the validator's schemas
//! from the Rust types, told what one catalog declares, and shaped so that an editor reports one
//! error per wrong key.
//!
//! - The model schema knows the catalog: `availability`, `availability_notes` and a card's
//!   `labels` have one property per declared surface id, a card's `surfaces` and every
//!   `[sources]` value are one of the declared ids, and `capability`/`speed` stop at their
//!   scale's `max`. An editor flags `codex_clii` or `capability = 9` while one types; the
//!   validator reports the same through its cross-file rules. `cargo xtask gen` rewrites the
//!   schema when `catalog.toml` changes, and `check` fails while it is stale.
//! - Every closed table says `additionalProperties: {"not": …}` instead of
//!   `additionalProperties: false`. Both reject the same documents, but taplo reports a `false`
//!   at every key of the table (one misspelt key made ~40 errors), and a `not` once, at the wrong
//!   key's value, with the description saying which keys the table has.

use serde_json::{Map, Value, json};

use crate::catalog::Catalog;

/// The schema of `catalog/catalog.toml` as written to `schema/`.
pub fn catalog_schema() -> Value {
    let mut schema = super::catalog_schema();
    one_error_per_unknown_key(&mut schema);
    schema
}

/// The schema of `catalog/models/<slug>.toml` as written to `schema/`, for `catalog`.
pub fn model_schema(catalog: &Catalog) -> Value {
    let mut schema = super::model_schema();
    let surfaces: Vec<(&str, &str)> = catalog.surfaces().iter().map(|s| (s.id.as_str(), s.label.as_str())).collect();
    let documents: Vec<&str> = catalog.documents().iter().map(|d| d.id.as_str()).collect();
    let scales = catalog.scales();
    let what = "a surface id declared in catalog.toml";
    if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        keyed_by(props, "availability", &surfaces, what, "`true`, `false`, or absent when unknown");
        keyed_by(props, "availability_notes", &surfaces, what, "a short note");
        for (name, scale) in [("capability", &scales.capability), ("speed", &scales.speed)] {
            if let Some(rating) = props.get_mut(name).and_then(Value::as_object_mut) {
                rating.insert("maximum".into(), json!(scale.max));
            }
        }
    }
    if let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) {
        if let Some(card) = defs.get_mut("Card").and_then(|c| c.get_mut("properties")).and_then(Value::as_object_mut) {
            keyed_by(card, "labels", &surfaces, what, "the title the card shows");
            if let Some(items) =
                card.get_mut("surfaces").and_then(|s| s.get_mut("items")).and_then(Value::as_object_mut)
            {
                items.insert("enum".into(), json!(surfaces.iter().map(|(id, _)| id).collect::<Vec<_>>()));
            }
        }
        if let Some(sources) =
            defs.get_mut("Sources").and_then(|s| s.get_mut("properties")).and_then(Value::as_object_mut)
        {
            for source in sources.values_mut().filter_map(Value::as_object_mut) {
                source.insert("enum".into(), json!(documents));
            }
        }
    }
    one_error_per_unknown_key(&mut schema);
    schema
}

/// Give the map at `props[name]` one property per known key (described by its label and
/// `meaning`), keeping the value schema it had for any key, and close it.
fn keyed_by(props: &mut Map<String, Value>, name: &str, keys: &[(&str, &str)], what: &str, meaning: &str) {
    let Some(map) = props.get_mut(name).and_then(Value::as_object_mut) else { return };
    let value = map.remove("additionalProperties").unwrap_or(json!({}));
    let known: Map<String, Value> = keys
        .iter()
        .map(|(key, label)| {
            let mut schema = value.clone();
            if let Value::Object(s) = &mut schema {
                s.insert("description".into(), Value::String(format!("{label}: {meaning}.")));
            }
            (key.to_string(), schema)
        })
        .collect();
    map.insert("properties".into(), Value::Object(known));
    map.insert("additionalProperties".into(), Value::Bool(false));
    map.insert("x-unknown-key".into(), Value::String(what.into()));
}

/// Replace every `additionalProperties: false` with a `not` that says what the keys are (see
/// the module's documentation); `x-unknown-key`, where [`keyed_by`] left one, names them.
fn one_error_per_unknown_key(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let what = map.remove("x-unknown-key");
            if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                let keys: Vec<&str> = map
                    .get("properties")
                    .and_then(Value::as_object)
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                let what = what.as_ref().and_then(Value::as_str).unwrap_or("a key of this table");
                let description = if keys.is_empty() {
                    format!("not {what}: there are none")
                } else {
                    format!("not {what}; those are: {}", keys.join(", "))
                };
                map.insert("additionalProperties".into(), json!({ "not": { "description": description } }));
            }
            map.values_mut().for_each(one_error_per_unknown_key);
        }
        Value::Array(items) => items.iter_mut().for_each(one_error_per_unknown_key),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No `additionalProperties: false` is left, and every `not` says what the keys are.
    fn assert_reshaped(schema: &Value) {
        match schema {
            Value::Object(map) => {
                assert_ne!(map.get("additionalProperties"), Some(&Value::Bool(false)));
                assert!(map.get("x-unknown-key").is_none());
                if let Some(not) = map.get("additionalProperties").and_then(|a| a.get("not")) {
                    assert!(not["description"].as_str().is_some_and(|d| d.starts_with("not ")), "{not}");
                }
                map.values().for_each(assert_reshaped);
            }
            Value::Array(items) => items.iter().for_each(assert_reshaped),
            _ => {}
        }
    }

    #[test]
    fn the_catalog_schema_reports_unknown_keys_once_and_rejects_what_the_types_reject() {
        let schema = catalog_schema();
        assert_reshaped(&schema);
        let top = &schema["additionalProperties"]["not"]["description"];
        assert!(top.as_str().unwrap().contains("title, default_model"), "{top}");
    }
}
