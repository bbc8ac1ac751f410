//! JSON Schemas (draft 2020-12) generated from the Rust types: the one definition of each format.
//!
//! The validator checks files against these schemas. `cargo xtask gen` writes them to `schema/`
//! as [`editor`] shapes them (told the catalog's surfaces, documents and scales, one error per
//! wrong key), and `cargo xtask check` fails when the committed ones differ, so editors (taplo,
//! Even Better TOML, through each file's `#:schema` line) flag what the validator flags.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::model::{CatalogFile, ModelFile};

pub mod check;
pub mod editor;

/// Path of the catalog.toml schema, relative to the repository root.
pub const CATALOG_SCHEMA_PATH: &str = "schema/catalog.schema.json";
/// Path of the model file schema, relative to the repository root.
pub const MODEL_SCHEMA_PATH: &str = "schema/model.schema.json";
/// Path of the export schema, relative to the repository root.
pub const EXPORT_SCHEMA_PATH: &str = "schema/models.export.schema.json";

/// The path from a catalog folder at the top of the repository (`catalog/`) to `schema/`.
pub const SCHEMA_DIR_FROM_CATALOG: &str = "../schema";

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The `#:schema` first line of `catalog.toml`; `schema_dir` is the path from the catalog folder
/// to `schema/` (see [`SCHEMA_DIR_FROM_CATALOG`]).
pub fn catalog_directive(schema_dir: &str) -> String {
    format!("#:schema {schema_dir}/{}", file_name(CATALOG_SCHEMA_PATH))
}

/// The `#:schema` first line of a model file (one folder deeper than `catalog.toml`).
pub fn model_directive(schema_dir: &str) -> String {
    format!("#:schema ../{schema_dir}/{}", file_name(MODEL_SCHEMA_PATH))
}

/// Catalog files are TOML, which has no null: an `Option` field is absent or has a value, so
/// the schema does not admit null either.
fn generate<T: JsonSchema>() -> Value {
    let mut schema =
        SchemaSettings::draft2020_12().for_deserialize().into_generator().into_root_schema_for::<T>().to_value();
    strip_null(&mut schema);
    schema
}

/// Turn `anyOf: [X, {type: null}]` into `X` and `type: [T, "null"]` into `type: T`, everywhere.
fn strip_null(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(alts)) = map.get("anyOf") {
                let non_null: Vec<Value> =
                    alts.iter().filter(|a| a.get("type") != Some(&Value::from("null"))).cloned().collect();
                if non_null.len() == 1 && alts.len() == 2 {
                    map.remove("anyOf");
                    if let Value::Object(inner) = &non_null[0] {
                        for (k, v) in inner {
                            map.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                    }
                }
            }
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            map.values_mut().for_each(strip_null);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_null),
        _ => {}
    }
}

/// Name the schema and its definitions, for tools that make types or documentation from it:
/// an `$id` right after `$schema` (a URN from its file name: the schemas are not published at
/// any address), and each definition in `$defs` titled with its name (`Model`, `Surface`).
fn identify(schema: Value, path: &str) -> Value {
    let Value::Object(map) = schema else { return schema };
    let mut out = serde_json::Map::new();
    let id = format!("urn:codex-catalog:{}", file_name(path));
    let mut rest = map.into_iter();
    for (k, v) in rest.by_ref() {
        let first = k == "$schema";
        out.insert(k, v);
        if first {
            break;
        }
    }
    out.insert("$id".into(), Value::String(id));
    out.extend(rest);
    if let Some(Value::Object(defs)) = out.get_mut("$defs") {
        for (name, def) in defs.iter_mut() {
            if let Value::Object(def) = def {
                def.entry("title").or_insert_with(|| Value::String(name.clone()));
            }
        }
    }
    Value::Object(out)
}

/// The schema of `catalog/catalog.toml`.
pub fn catalog_schema() -> Value {
    identify(generate::<CatalogFile>(), CATALOG_SCHEMA_PATH)
}

/// The schema of `catalog/models/<slug>.toml`.
pub fn model_schema() -> Value {
    identify(generate::<ModelFile>(), MODEL_SCHEMA_PATH)
}

/// The schema of `exports/models.json`: `codex_export::Catalog`'s, with its `Model` made from
/// the fact declarations ([`crate::facts::export_model_schema`]), so a fact declared and not yet
/// compiled into `codex_export` (which `gen` writes in the same run) is in it.
pub fn export_schema() -> Value {
    let mut generator = crate::facts::export_generator();
    let mut schema = generator.root_schema_for::<codex_export::Catalog>().to_value();
    let model = crate::facts::export_model_schema(&mut generator);
    if let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) {
        defs.insert("Model".into(), model);
        // The types only the facts name (the CLI's entry and its parts).
        for (name, def) in generator.definitions() {
            defs.entry(name.clone()).or_insert_with(|| def.clone());
        }
    }
    identify(schema, EXPORT_SCHEMA_PATH)
}

/// A schema as committed: pretty JSON with a trailing newline.
pub fn to_text(schema: &Value) -> String {
    let mut s = serde_json::to_string_pretty(schema).expect("a JSON value always serialises");
    s.push('\n');
    s
}

/// The schema that applies at `pointer` (a JSON pointer into an instance), found by walking the
/// schema through `$ref`, `properties`, `items`, `additionalProperties` and `anyOf`.
pub fn subschema<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut schema = resolve(root, root);
    for token in pointer.split('/').skip(1) {
        let next = schema
            .get("properties")
            .and_then(|p| p.get(token))
            .or_else(|| schema.get("items"))
            .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()))
            .or_else(|| {
                schema
                    .get("anyOf")
                    .and_then(|a| a.as_array())
                    .and_then(|alts| alts.iter().map(|a| resolve(root, a)).find(|a| a.get("properties").is_some()))
            })?;
        schema = resolve(root, next);
    }
    Some(schema)
}

/// The property names an object at `pointer` may have (for did-you-mean).
pub fn allowed_properties(root: &Value, pointer: &str) -> Vec<String> {
    subschema(root, pointer)
        .and_then(|s| s.get("properties"))
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The values a string at `pointer` may take, from `enum` or a `oneOf` of `const`s.
pub fn allowed_values(root: &Value, pointer: &str) -> Vec<String> {
    let Some(s) = subschema(root, pointer) else { return Vec::new() };
    let strings = |v: &Value| v.as_str().map(String::from);
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        return values.iter().filter_map(strings).collect();
    }
    s.get("oneOf")
        .and_then(Value::as_array)
        .map(|alts| alts.iter().filter_map(|a| a.get("const").and_then(strings)).collect())
        .unwrap_or_default()
}

/// Follow `$ref: "#/$defs/X"` and `anyOf: [X, null]` (how schemars writes `Option<X>`).
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    let mut s = schema;
    for _ in 0..8 {
        if let Some(r) = s.get("$ref").and_then(|r| r.as_str()) {
            match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                Some(target) => s = target,
                None => return s,
            }
        } else if let Some(alts) = s.get("anyOf").and_then(|a| a.as_array()) {
            let non_null: Vec<_> = alts.iter().filter(|a| a.get("type") != Some(&Value::from("null"))).collect();
            match non_null.as_slice() {
                [only] => s = only,
                _ => return s,
            }
        } else {
            return s;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every property of every object in a schema has a description.
    fn assert_described(schema: &Value, path: &str) {
        match schema {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    for (name, prop) in props {
                        assert!(prop.get("description").is_some(), "{path}/properties/{name} has no description");
                    }
                }
                for (k, v) in map {
                    assert_described(v, &format!("{path}/{k}"));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    assert_described(v, &format!("{path}/{i}"));
                }
            }
            _ => {}
        }
    }

    #[test]
    fn schemas_are_2020_12_described_and_closed() {
        for schema in [catalog_schema(), model_schema()] {
            assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
            assert_eq!(schema["additionalProperties"], false);
            assert_described(&schema, "");
        }
        assert_described(&export_schema(), "");
    }

    #[test]
    fn finds_allowed_properties_through_refs() {
        let schema = catalog_schema();
        let props = allowed_properties(&schema, "/surfaces/0");
        assert_eq!(props, ["id", "label", "retired"]);
        let props = allowed_properties(&model_schema(), "/status");
        assert_eq!(props, ["kind", "since", "until"]);
    }
}
