//! Checking a value against a JSON Schema (draft 2020-12), through the `boon` crate: one schema
//! compiled once, and a value's errors as a flat list of the keywords it fails, each at its place
//! in the value.
//!
//! A schema here refers only to itself (`#/$defs/…`): the compiler is given no loader, so a
//! `$ref` to anything else is a compile error, and nothing is fetched or read.

use std::fmt;

pub use boon::{ErrorKind, Type};
use serde_json::Value;

/// A compiled schema.
pub struct Validator {
    /// The schema, for what its keywords say beside their values (a `not`'s description).
    schema: Value,
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator").finish_non_exhaustive()
    }
}

/// One keyword a value fails.
#[derive(Debug)]
pub struct SchemaError<'s, 'v> {
    /// Where in the value, as a JSON pointer (`/availability/api`; empty for the whole value).
    pub pointer: String,
    /// What the keyword wants and what it found.
    pub kind: ErrorKind<'s, 'v>,
    /// For a `not`, the excluded schema's `description`: why the value is not allowed (the
    /// editor schemas say there which keys a table has).
    pub reason: Option<&'s str>,
    /// The failing keyword's schema, as an absolute URL with a JSON pointer fragment.
    pub schema_url: &'s str,
    /// For an `anyOf` or `oneOf` of tables told apart by a key, each branch's key (and the
    /// other types allowed): `{ json = … }`, `{ null = true }`, `{ text = … }`.
    pub shapes: Option<Shapes<'s>>,
}

/// The shapes an `anyOf` or `oneOf` allows, when its tables are told apart by a required key.
#[derive(Debug)]
pub struct Shapes<'s> {
    /// The types of its branches that are no table.
    pub types: Vec<Type>,
    /// Each table branch's first required key.
    pub keys: Vec<&'s str>,
}

impl Validator {
    /// Compile `schema`; the error says why it does not compile.
    pub fn new(schema: &Value) -> Result<Self, String> {
        let location = schema.get("$id").and_then(Value::as_str).unwrap_or("urn:codex-catalog:schema").to_string();
        let mut compiler = boon::Compiler::new();
        // No scheme has a loader: nothing outside the schema itself is ever read.
        compiler.use_loader(Box::new(boon::SchemeUrlLoader::new()));
        compiler.set_default_draft(boon::Draft::V2020_12);
        compiler.add_resource(&location, schema.clone()).map_err(|e| e.to_string())?;
        let mut schemas = boon::Schemas::new();
        let index = compiler.compile(&location, &mut schemas).map_err(|e| e.to_string())?;
        Ok(Validator { schema: schema.clone(), schemas, index })
    }

    /// The schema it was compiled from.
    pub fn schema(&self) -> &Value {
        &self.schema
    }

    /// Whether `value` passes.
    pub fn is_valid(&self, value: &Value) -> bool {
        self.schemas.validate(value, self.index).is_ok()
    }

    /// Every keyword `value` fails, in the order of the schema's keywords. Groups (a `$ref`, the
    /// schema as a whole, `allOf`) are opened to the keywords inside. An `anyOf` or `oneOf` the
    /// value fails is opened to the branch meant: of the branches of the value's type, the one
    /// it fails least (`"Upper"` where a lower-case string or a table is allowed fails the
    /// string's pattern; a table with one wrong key fails that key, not a branch that wants
    /// other keys). It is one error when no branch is of the value's type (which names the types
    /// allowed) or when two branches fail as much (a value none of several constants).
    pub fn errors<'s, 'v>(&'s self, value: &'v Value) -> Vec<SchemaError<'s, 'v>> {
        let mut out = Vec::new();
        if let Err(e) = self.schemas.validate(value, self.index) {
            leaves(e, &mut out);
        }
        for e in &mut out {
            if let ErrorKind::Not = e.kind {
                e.reason = self.described_not(e.schema_url);
            }
        }
        out
    }

    /// The description of the `not` at `url` (`urn:…#/properties/a/additionalProperties`).
    fn described_not(&self, url: &str) -> Option<&str> {
        let (_, fragment) = url.split_once('#')?;
        self.schema.pointer(fragment)?.get("not")?.get("description")?.as_str()
    }
}

fn leaves<'s, 'v>(e: boon::ValidationError<'s, 'v>, out: &mut Vec<SchemaError<'s, 'v>>) {
    let boon::ValidationError { instance_location, kind, causes, schema_url } = e;
    match kind {
        ErrorKind::Group | ErrorKind::Schema { .. } | ErrorKind::Reference { .. } | ErrorKind::AllOf
            if !causes.is_empty() =>
        {
            causes.into_iter().for_each(|c| leaves(c, out));
        }
        ErrorKind::AnyOf | ErrorKind::OneOf(None) => {
            let pointer = instance_location.to_string();
            let at = |kind| SchemaError { pointer: pointer.clone(), kind, schema_url, reason: None, shapes: None };
            // Each branch either wants another type than the value's, or is one it could mean.
            let mut wrong: Vec<(Type, boon::Types)> = Vec::new();
            let mut meant: Vec<Vec<SchemaError<'s, 'v>>> = Vec::new();
            for c in causes {
                match type_error(&c, &pointer) {
                    Some(t) => wrong.push(t),
                    None => {
                        let mut errors = Vec::new();
                        leaves(c, &mut errors);
                        meant.push(errors);
                    }
                }
            }
            // No branch is of the value's type: one error naming every type allowed.
            if meant.is_empty() && !wrong.is_empty() {
                let want = wrong.iter().flat_map(|(_, w)| w.iter()).collect();
                out.push(at(ErrorKind::Type { got: wrong[0].0, want }));
                return;
            }
            // The one meant is the one it fails least: first at its own place (a table lacking a
            // required key, or with keys the branch does not know, is of another shape), then
            // anywhere.
            let fails = |errors: &Vec<SchemaError<'_, '_>>| {
                (errors.iter().filter(|e| e.pointer == pointer).count(), errors.len())
            };
            meant.sort_by_key(fails);
            match meant.as_slice() {
                [_] => out.append(&mut meant[0]),
                [least, next, ..] if fails(least) < fails(next) => out.append(&mut meant[0]),
                _ => {
                    // Tables each lacking their own key: name the keys.
                    let keys: Vec<&str> = meant
                        .iter()
                        .filter_map(|errors| {
                            errors.iter().find_map(|e| match &e.kind {
                                ErrorKind::Required { want } if e.pointer == pointer => want.first().copied(),
                                _ => None,
                            })
                        })
                        .collect();
                    let mut error = at(kind);
                    if keys.len() == meant.len() {
                        let types = wrong.iter().flat_map(|(_, w)| w.iter()).filter(|t| *t != Type::Object).collect();
                        error.shapes = Some(Shapes { types, keys });
                    }
                    out.push(error);
                }
            }
        }
        kind => out.push(SchemaError {
            pointer: instance_location.to_string(),
            kind,
            schema_url,
            reason: None,
            shapes: None,
        }),
    }
}

/// When a branch fails because the value at `pointer` is not of its type: the value's type and
/// the branch's.
fn type_error(e: &boon::ValidationError<'_, '_>, pointer: &str) -> Option<(Type, boon::Types)> {
    match &e.kind {
        ErrorKind::Type { got, want } if e.instance_location.to_string() == pointer => Some((*got, *want)),
        _ => e.causes.iter().find_map(|c| type_error(c, pointer)),
    }
}

/// `integer` → `a whole number`; several → `a string or a boolean (true or false)`.
pub fn type_names(types: impl IntoIterator<Item = Type>) -> String {
    let name = |t: Type| match t {
        Type::Integer => "a whole number",
        Type::Number => "a number",
        Type::String => "a string",
        Type::Boolean => "a boolean (true or false)",
        Type::Array => "an array",
        Type::Object => "a table",
        Type::Null => "nothing",
    };
    types.into_iter().map(name).collect::<Vec<_>>().join(" or ")
}

/// A JSON value as a message quotes it: whole when short, else its kind.
fn quote(v: &Value) -> String {
    match v {
        Value::String(s) if s.chars().count() > 40 => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "a table".into(),
        v => v.to_string(),
    }
}

impl fmt::Display for SchemaError<'_, '_> {
    /// The message, in the words of the editors' JSON Schema engine (taplo): `9 is greater than
    /// the maximum of 5`, `"x" is not one of ["a","b"]`. Values are quoted only when short.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind as K;
        match &self.kind {
            K::Type { got, want } => write!(f, "expected {}, found {}", type_names(want.iter()), type_names([*got])),
            K::Enum { want } => {
                let list: Vec<String> = want.iter().map(quote).collect();
                write!(f, "the value is not one of [{}]", list.join(", "))
            }
            K::Const { want } => write!(f, "the value is not {}", quote(want)),
            K::AdditionalProperties { got } => {
                let keys: Vec<String> = got.iter().map(|k| format!("`{k}`")).collect();
                write!(f, "unknown field {}", keys.join(", "))
            }
            K::Required { want } => {
                let keys: Vec<String> = want.iter().map(|k| format!("`{k}`")).collect();
                write!(f, "missing required field {}", keys.join(", "))
            }
            K::MinItems { got, want } => write!(f, "{got} items; at least {want} are needed"),
            K::MaxItems { got, want } => write!(f, "{got} items; at most {want} are allowed"),
            K::MinLength { got, want } => write!(f, "{got} characters; at least {want} are needed"),
            K::MaxLength { got, want } => write!(f, "{got} characters; at most {want} are allowed"),
            K::UniqueItems { got: [i, j] } => write!(f, "items {i} and {j} are the same"),
            K::Pattern { got, want } => {
                write!(f, "{} does not match the pattern `{want}`", quote(&Value::String(got.to_string())))
            }
            K::Minimum { got, want } => write!(f, "{got} is less than the minimum of {want}"),
            K::Maximum { got, want } => write!(f, "{got} is greater than the maximum of {want}"),
            K::ExclusiveMinimum { got, want } => write!(f, "{got} is not greater than {want}"),
            K::ExclusiveMaximum { got, want } => write!(f, "{got} is not less than {want}"),
            K::MultipleOf { got, want } => write!(f, "{got} is not a multiple of {want}"),
            K::AnyOf | K::OneOf(None) => match &self.shapes {
                Some(Shapes { types, keys }) => {
                    let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                    let table = format!("a table holding one of the keys {}", keys.join(", "));
                    match types.as_slice() {
                        [] => write!(f, "expected {table}"),
                        types => write!(f, "expected {}, or {table}", type_names(types.iter().copied())),
                    }
                }
                None => f.write_str("the value matches none of the allowed shapes"),
            },
            K::FalseSchema => f.write_str("no value is allowed here"),
            K::Not => f.write_str(self.reason.unwrap_or("the value is one the schema excludes")),
            other => write!(f, "{other}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn messages(schema: Value, value: Value) -> Vec<String> {
        let v = Validator::new(&schema).unwrap();
        assert_eq!(v.is_valid(&value), v.errors(&value).is_empty());
        v.errors(&value).iter().map(|e| format!("{}: {e}", e.pointer)).collect()
    }

    #[test]
    fn errors_are_the_failing_keywords_at_their_places() {
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "rating": { "$ref": "#/$defs/Rating" },
                "next": { "anyOf": [{ "type": "string", "pattern": "^[a-z]+$" }, { "type": "object" }] },
                "kind": { "oneOf": [{ "const": "a" }, { "const": "b" }] },
                "tags": { "type": "array", "items": { "type": "string" }, "maxItems": 2 },
                "sources": true,
                "card": { "$ref": "#/$defs/Card" },
                "marker": { "anyOf": [
                    { "type": "string" },
                    { "type": "object", "required": ["json"], "additionalProperties": false, "properties": { "json": true } },
                    { "type": "object", "required": ["null"], "additionalProperties": false, "properties": { "null": true } }
                ] },
                "entry": { "anyOf": [
                    {
                        "type": "object",
                        "properties": {
                            "kind": { "anyOf": [{ "type": "string" }, { "type": "object" }] },
                            "size": { "type": "string" }
                        },
                        "additionalProperties": false
                    },
                    {
                        "type": "object",
                        "properties": { "json": { "type": "string" } },
                        "required": ["json"],
                        "additionalProperties": false
                    }
                ] }
            },
            "required": ["rating", "sources"],
            "additionalProperties": false,
            "$defs": {
                "Rating": { "type": "integer", "minimum": 1, "maximum": 5 },
                "Card": { "additionalProperties": { "not": { "description": "not a key; those are: order" } } }
            }
        });
        let value = json!({ "rating": 9, "next": "Upper", "kind": "c", "tags": ["x", 3, "y"], "card": { "ordr": 1 },
            "entry": { "kind": 3.5, "size": 1 },
            "marker": { "nul": true }, "extra": 1 });
        assert_eq!(
            messages(schema.clone(), value),
            [
                ": missing required field `sources`",
                "/rating: 9 is greater than the maximum of 5",
                // One branch is of the value's type: its error is the one meant.
                "/next: \"Upper\" does not match the pattern `^[a-z]+$`",
                "/kind: the value matches none of the allowed shapes",
                "/tags: 3 items; at most 2 are allowed",
                "/tags/1: expected a string, found a number",
                // A `not` says what its description says, found through a `$ref`.
                "/card/ordr: not a key; those are: order",
                // The table fails the first branch at two keys and the second as a whole (a
                // required key missing, others unknown): the first is meant, and at `kind` no
                // branch is of the value's type.
                "/entry/kind: expected a string or a table, found a number",
                "/entry/size: expected a string, found a number",
                // Tables told apart by a key, each failing as much: the keys are named.
                "/marker: expected a string, or a table holding one of the keys `json`, `null`",
                ": unknown field `extra`",
            ]
        );
        assert_eq!(messages(schema, json!({ "rating": 3, "sources": 1 })), Vec::<String>::new());
    }

    #[test]
    fn a_schema_that_refers_outside_itself_does_not_compile() {
        let file = json!({ "$ref": "file:///etc/passwd" });
        let err = Validator::new(&file).unwrap_err();
        assert!(err.contains("file:///etc/passwd"), "{err}");
        let web = json!({ "$ref": "https://example.com/schema.json" });
        assert!(Validator::new(&web).is_err());
    }
}
