//! Layers 1 and 2, file by file: the TOML syntax, then the file against its JSON Schema
//! (generated from the Rust types), then into those types; the checks that look at one file's
//! strings run here too. Files are checked in parallel, and each file's JSON value lives only
//! while its file is checked, so a large catalog is held once, as Rust types. A file that fails
//! its schema is left out of layer 3.

use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::forbidden::{Forbidden, find_forbidden};
use crate::diagnostic::{Diagnostic, Rule, SourceText};
use crate::load::{self, LoadedCatalog, ParsedFile, push_token};
use crate::model::{CatalogFile, ModelFile, SLUG_PATTERN};
use crate::naming::did_you_mean;
use crate::schema;
use crate::schema::check::{ErrorKind, SchemaError, Validator, type_names};

/// A file after layers 1 and 2.
#[derive(Debug)]
pub(super) struct Checked<T> {
    /// The file, for locating diagnostics.
    pub file: ParsedFile,
    /// Its facts, when it parsed and passed its schema (boxed: a model's facts are moved a few
    /// times on their way into the catalog, and a pointer moves faster than 700 bytes).
    pub data: Option<Box<T>>,
    /// The strings of a file that passed, holding a forbidden character (for the
    /// `forbidden-character` rule of layer 3).
    pub forbidden: Vec<Forbidden>,
}

/// Every file, parsed and checked against its schema.
#[derive(Debug)]
pub(super) struct Typed {
    /// `catalog.toml`, when it could be read.
    pub catalog: Option<Checked<CatalogFile>>,
    /// One entry per loaded model file, in the same order.
    pub models: Vec<Checked<ModelFile>>,
}

/// Parse and check every loaded file, and deserialise those that pass.
pub(super) fn check(loaded: &LoadedCatalog, diags: &mut Vec<Diagnostic>) -> Typed {
    let validators = Validators::get();
    // catalog.toml (which lists every model on the page) is checked beside the model files.
    let ((catalog, catalog_diags), results) = std::thread::scope(|scope| {
        let catalog = scope.spawn(|| {
            let mut local = Vec::new();
            let catalog = loaded.catalog.as_ref().map(|src| check_file(src, validators.catalog.as_ref(), &mut local));
            (catalog, local)
        });
        let results = crate::par::map(&loaded.models, |m| {
            let mut local = Vec::new();
            let model = check_file(&m.source, validators.model.as_ref(), &mut local);
            (model, local)
        });
        (catalog.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), results)
    });
    diags.extend(catalog_diags);
    let mut models = Vec::with_capacity(results.len());
    for (model, local) in results {
        models.push(model);
        diags.extend(local);
    }
    Typed { catalog, models }
}

/// One file through layers 1 and 2.
fn check_file<T: DeserializeOwned>(
    source: &SourceText,
    validator: Option<&Validator>,
    diags: &mut Vec<Diagnostic>,
) -> Checked<T> {
    let (file, value) = load::parse_toml(source.clone(), diags);
    match value.and_then(|v| typed::<Box<T>>(&file, v, validator, diags)) {
        Some((data, forbidden)) => Checked { file, data: Some(data), forbidden },
        None => Checked { file, data: None, forbidden: Vec::new() },
    }
}

/// Compile the schemas now, so that [`check`] finds them ready (they are compiled once per
/// process).
pub(super) fn prepare() {
    Validators::get();
}

struct Validators {
    catalog: Option<Validator>,
    model: Option<Validator>,
}

impl Validators {
    fn get() -> &'static Validators {
        static V: OnceLock<Validators> = OnceLock::new();
        V.get_or_init(|| {
            let build = |schema: Value| Validator::new(&schema).ok();
            Validators { catalog: build(schema::catalog_schema()), model: build(schema::model_schema()) }
        })
    }
}

/// Check a parsed file's value against its schema, then search its strings for forbidden
/// characters and deserialise it (moving its strings into the Rust types).
fn typed<T: DeserializeOwned>(
    file: &ParsedFile,
    owned: Value,
    validator: Option<&Validator>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(T, Vec<Forbidden>)> {
    let value = &owned;
    let src = &file.source;
    let Some(validator) = validator else {
        diags.push(src.diagnostic(Rule::Schema, None, "", "internal error: the JSON Schema does not compile"));
        return None;
    };
    let schema = validator.schema();
    // Most files are valid: asking that first is cheaper than collecting no errors.
    let errors = if validator.is_valid(value) { Vec::new() } else { validator.errors(value) };
    let before = diags.len();
    for err in errors {
        let pointer = err.pointer.clone();
        match &err.kind {
            ErrorKind::AdditionalProperties { got } => {
                let allowed = schema::allowed_properties(schema, &pointer);
                for key in got {
                    let mut p = pointer.clone();
                    push_token(&mut p, key);
                    let d = src.diagnostic(Rule::Schema, file.key_span(&p), &p, format!("unknown field `{key}`"));
                    diags.push(match did_you_mean(key, allowed.iter().map(String::as_str)) {
                        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                        None => d.with_hint(format!("allowed here: {}", allowed.join(", "))),
                    });
                }
            }
            ErrorKind::Required { want } => {
                for name in want {
                    let d = src.diagnostic(
                        Rule::Schema,
                        file.value_span(&pointer).map(|s| s.start..s.start),
                        &pointer,
                        format!("missing required field `{name}`"),
                    );
                    diags.push(d.with_hint(format!("add `{name} = …`")));
                }
            }
            // A value that is none of a list of choices, or of another type than they are.
            ErrorKind::Enum { .. } | ErrorKind::OneOf(None) | ErrorKind::AnyOf | ErrorKind::Type { .. } => {
                let choices = schema::allowed_values(schema, &pointer);
                let given = value.pointer(&pointer).and_then(Value::as_str);
                let message = match given {
                    Some(g) if !choices.is_empty() => format!("`{g}` is not one of: {}", choices.join(", ")),
                    None if !choices.is_empty() => {
                        format!("expected one of: {}; found {}", choices.join(", "), found(value.pointer(&pointer)))
                    }
                    _ => schema_message(&err, value.pointer(&pointer)),
                };
                let d = src.diagnostic(Rule::Schema, file.value_span(&pointer), &pointer, message);
                diags.push(match given.and_then(|g| did_you_mean(g, choices.iter().map(String::as_str))) {
                    Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                    // (A value that is no string was told the choices in the message.)
                    None if given.is_some() && !choices.is_empty() => {
                        d.with_hint(format!("one of: {}", choices.join(", ")))
                    }
                    None => d,
                });
            }
            ErrorKind::Pattern { want, .. } if *want == SLUG_PATTERN => {
                let d = src.diagnostic(Rule::Schema, file.value_span(&pointer), &pointer, err.to_string());
                diags.push(d.with_hint("slugs are lower-case letters and digits joined by `.` or `-`"));
            }
            _ => {
                let message = schema_message(&err, value.pointer(&pointer));
                diags.push(src.diagnostic(Rule::Schema, file.value_span(&pointer), &pointer, message));
            }
        }
    }
    if diags.len() > before {
        return None;
    }
    let forbidden = find_forbidden(value);
    match T::deserialize(owned) {
        Ok(v) => Some((v, forbidden)),
        Err(e) => {
            diags.push(src.diagnostic(Rule::Schema, None, "", format!("does not match the catalog format: {e}")));
            None
        }
    }
}

/// A short message for a schema error, naming what was found: `expected a whole number, found
/// the fraction 3.5` (TOML has no null, so a JSON null is what an unquoted nan, inf or date
/// becomes).
fn schema_message(err: &SchemaError<'_, '_>, value: Option<&Value>) -> String {
    match &err.kind {
        ErrorKind::Type { want, .. } => format!("expected {}, found {}", type_names(want.iter()), found(value)),
        _ => err.to_string(),
    }
}

/// What was found, with the value itself where it is short: `the fraction 3.5`.
fn found(v: Option<&Value>) -> String {
    match v {
        Some(Value::Null) => "an unquoted nan, inf or date (quote it if it is text)".to_string(),
        None => "nothing".into(),
        Some(Value::Bool(b)) => format!("the boolean {b}"),
        Some(Value::Number(n)) if n.is_f64() => format!("the fraction {n}"),
        Some(Value::Number(n)) => format!("the number {n}"),
        Some(Value::String(s)) if s.chars().count() <= 40 && !s.contains(['\n', '"']) => format!("the string \"{s}\""),
        Some(Value::String(_)) => "a string".into(),
        Some(Value::Array(_)) => "an array".into(),
        Some(Value::Object(_)) => "a table".into(),
    }
}
