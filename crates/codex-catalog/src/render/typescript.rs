//! `exports/models.d.ts`: TypeScript declarations of `exports/models.json`.
//!
//! The interfaces are made from the export's JSON Schema ([`crate::schema::export_schema`]),
//! so a field added to `codex_export` appears here with its doc comment and no edit of this
//! file. What a string means comes from the schema too: `codex_export` marks each field that
//! holds a model slug, a surface id, … with `x-kind` (`x-key-kind` for the keys of a map),
//! and those become unions of what this catalog knows. Every union is open — `Known… |
//! (string & {})` — because the compatibility promise lets a newer export add models,
//! surfaces, sections and statuses without a new `format_version`: editors still complete the
//! known values, and a reader's code keeps compiling against a newer file. Objects whose keys
//! are known have no index signature, so a misspelt property is a type error.

use std::fmt::Write as _;

use serde_json::Value;

use crate::catalog::Catalog;
use crate::model::{Modality, StatusKind};
use crate::naming::GENERATED;

/// The values of one kind that a catalog knows.
type Known = for<'c> fn(&'c Catalog) -> Vec<&'c str>;

/// The kinds of string the export marks (`x-kind`): each with its type name, what it is, and
/// the values this catalog knows.
const KINDS: [(&str, &str, &str, Known); 6] = [
    ("model", "ModelSlug", "A model slug", |c| c.models().iter().map(|m| m.slug()).collect()),
    ("surface", "SurfaceId", "A surface id", |c| c.surfaces().iter().map(|s| s.id.as_str()).collect()),
    ("section", "SectionId", "A section id", |c| c.sections().iter().map(|s| s.id()).collect()),
    ("status", "StatusKind", "A model status", |_| StatusKind::ALL.iter().map(|s| s.as_str()).collect()),
    ("modality", "Modality", "An input modality", |_| Modality::ALL.iter().map(|m| m.as_str()).collect()),
    ("document", "DocumentId", "A document id (where a fact came from)", |c| {
        c.file().documents.iter().map(|d| d.id.as_str()).collect()
    }),
];

/// A string literal: JSON's escaping, which is also a valid JavaScript string literal.
fn literal(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serialises")
}

/// A doc comment at `indent`, from a schema `description` (`*/` cannot end it early).
fn doc(out: &mut String, indent: &str, text: Option<&str>) {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return };
    let text = text.replace("*/", "*\\/");
    let lines: Vec<&str> = text.lines().collect();
    if let [line] = lines[..] {
        let _ = writeln!(out, "{indent}/** {line} */");
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for line in lines {
        let _ = writeln!(out, "{indent} *{}{line}", if line.is_empty() { "" } else { " " });
    }
    let _ = writeln!(out, "{indent} */");
}

/// The type name for an `x-kind`, if the schema gives one of [`KINDS`].
fn kind_type(kind: Option<&Value>) -> Option<&'static str> {
    let kind = kind?.as_str()?;
    KINDS.iter().find(|(k, ..)| *k == kind).map(|(_, name, ..)| *name)
}

/// The TypeScript type of a schema; `kind` is the `x-kind` in force (it applies to the strings
/// inside arrays and nullable values of the field that names it). Bounded by the schema's own
/// depth, which the export's Rust types fix.
fn ts_type(schema: &Value, kind: Option<&'static str>) -> String {
    let kind = kind_type(schema.get("x-kind")).or(kind);
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        return target.rsplit('/').next().unwrap_or(target).to_string();
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(" | ");
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(alts) = schema.get(key).and_then(Value::as_array) {
            return alts.iter().map(|a| ts_type(a, kind)).collect::<Vec<_>>().join(" | ");
        }
    }
    let one = |t: &str| -> String {
        match t {
            "string" => kind.unwrap_or("string").to_string(),
            "integer" | "number" => "number".into(),
            "boolean" => "boolean".into(),
            "null" => "null".into(),
            "array" => {
                let item = schema.get("items").map_or_else(|| "unknown".into(), |i| ts_type(i, kind));
                if item.contains(' ') { format!("({item})[]") } else { format!("{item}[]") }
            }
            "object" => match schema.get("additionalProperties") {
                Some(value @ Value::Object(_)) => {
                    let value = ts_type(value, kind);
                    match kind_type(schema.get("x-key-kind")) {
                        Some("SurfaceId") => format!("PerSurface<{value}>"),
                        // A key may be absent: a lookup reads `undefined`.
                        _ => format!("{{ [key: string]: {value} | undefined }}"),
                    }
                }
                _ => "{ [key: string]: unknown }".into(),
            },
            _ => "unknown".into(),
        }
    };
    match schema.get("type") {
        Some(Value::String(t)) => one(t),
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).map(one).collect::<Vec<_>>().join(" | "),
        _ => "unknown".into(),
    }
}

/// `export interface Name { … }` for an object schema.
fn interface(out: &mut String, name: &str, schema: &Value) {
    doc(out, "", schema.get("description").and_then(Value::as_str));
    let _ = writeln!(out, "export interface {name} {{");
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map_or(Vec::new(), |r| r.iter().filter_map(Value::as_str).collect());
    if let Some(Value::Object(props)) = schema.get("properties") {
        for (key, prop) in props {
            doc(out, "  ", prop.get("description").and_then(Value::as_str));
            let optional = if required.contains(&key.as_str()) { "" } else { "?" };
            // Keys are the export's field names (snake case); quote any other.
            let key =
                if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') { key.clone() } else { literal(key) };
            let _ = writeln!(out, "  {key}{optional}: {};", ts_type(prop, None));
        }
    }
    out.push_str("}\n\n");
}

/// `exports/models.d.ts`.
pub fn render(catalog: &Catalog) -> String {
    let schema = crate::schema::export_schema();
    let mut out = format!("// @{GENERATED}\n");
    out.push_str(
        "//\n// TypeScript declarations of exports/models.json (its JSON Schema: \
         schema/models.export.schema.json).\n\
         // Each union lists what this catalog knows and is open (`| (string & {})`): a newer \
         export may add\n// models, surfaces, sections and statuses without a new `format_version`.\n\n",
    );
    for (_, name, what, known) in KINDS {
        let values = known(catalog);
        let _ = writeln!(out, "/** {what} this catalog knows. */");
        if values.is_empty() {
            let _ = writeln!(out, "export type Known{name} = never;");
        } else {
            let _ = writeln!(out, "export type Known{name} =");
            for (i, v) in values.iter().enumerate() {
                let end = if i + 1 == values.len() { ";" } else { "" };
                let _ = writeln!(out, "  | {}{end}", literal(v));
            }
        }
        let _ = writeln!(out, "/** {what}: one this catalog knows, or one a newer export adds. */");
        let _ = writeln!(out, "export type {name} = Known{name} | (string & {{}});\n");
    }
    out.push_str(
        "/**\n * A value per surface id: every surface of the catalog is a declared key, so a misspelt one\n * (`m.availability.codex_clii`) does not compile. A newer export may hold more keys; read one\n * by a runtime id with `(m.availability as Partial<Record<string, T>>)[id]`.\n */\n\
         export type PerSurface<T> = { [K in KnownSurfaceId]: T };\n\n",
    );
    let root = schema.get("title").and_then(Value::as_str).unwrap_or("ModelCatalog");
    interface(&mut out, root, &schema);
    if let Some(Value::Object(defs)) = schema.get("$defs") {
        for (name, def) in defs {
            interface(&mut out, name, def);
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_follow_the_schema() {
        let v = |s: &str| serde_json::from_str::<Value>(s).unwrap();
        assert_eq!(ts_type(&v(r#"{"type": ["string", "null"], "x-kind": "model"}"#), None), "ModelSlug | null");
        assert_eq!(
            ts_type(&v(r#"{"type": "array", "items": {"type": "string"}, "x-kind": "model"}"#), None),
            "ModelSlug[]"
        );
        assert_eq!(
            ts_type(&v(r#"{"type": ["array", "null"], "items": {"type": "string"}, "x-kind": "modality"}"#), None),
            "Modality[] | null"
        );
        let per_surface =
            r#"{"type": "object", "additionalProperties": {"type": ["boolean", "null"]}, "x-key-kind": "surface"}"#;
        assert_eq!(ts_type(&v(per_surface), None), "PerSurface<boolean | null>");
        let map = r#"{"type": "object", "additionalProperties": {"type": "string"}, "x-kind": "document"}"#;
        assert_eq!(ts_type(&v(map), None), "{ [key: string]: DocumentId | undefined }");
        assert_eq!(ts_type(&v(r##"{"$ref": "#/$defs/Scale"}"##), None), "Scale");
        assert_eq!(ts_type(&v(r#"{"type": "integer", "format": "uint8"}"#), None), "number");
        assert_eq!(ts_type(&v(r#"{"enum": ["a", "b"]}"#), None), r#""a" | "b""#);
    }

    #[test]
    fn doc_comments_cannot_be_closed_by_their_text() {
        let mut out = String::new();
        doc(&mut out, "  ", Some("ends */ here\nsecond"));
        assert_eq!(out, "  /**\n   * ends *\\/ here\n   * second\n   */\n");
    }
}
