//! Between the CLI's JSON and the catalog's stored form: markers for what TOML cannot say, long
//! texts moved to files, and the TOML text of a `[codex]` table written in the CLI's key order.

use std::collections::{BTreeMap, HashMap};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{CodexCatalog, CodexEntry, JSON_KEY, MAX_TEXT_NAME, NULL_KEY, TEXT_KEY, TEXT_MIN};

/// The CLI's file, turned into catalog data.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The file as a whole: its model order and any other top-level key.
    pub catalog: CodexCatalog,
    /// Each model's entry, in the file's order.
    pub entries: Vec<(String, CodexEntry)>,
    /// The long texts the entries name, by name.
    pub texts: BTreeMap<String, String>,
    /// The number of long strings kept as texts (each shared text counted once per use).
    pub text_uses: usize,
}

/// A stored value that cannot be turned back into JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingText {
    /// Where, as a JSON pointer below the `[codex]` table.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

/// Why a file is not a catalog in the CLI's format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotACatalog(pub String);

impl std::fmt::Display for NotACatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parse the CLI's `models.json`: a JSON object with a `models` array of objects, each with a
/// distinct `slug`. A key given twice in one object is refused (JSON parsers disagree on which
/// one wins), and so is nesting deeper than 128.
pub fn parse_file(text: &str) -> Result<Map<String, Value>, NotACatalog> {
    let mut de = serde_json::Deserializer::from_str(text);
    let checked = Unique::deserialize(&mut de)
        .and_then(|Unique(v)| de.end().map(|()| v))
        .map_err(|e| NotACatalog(format!("line {}, column {}: {e}", e.line(), e.column())))?;
    let Value::Object(top) = checked else { return Err(NotACatalog("the file is not a JSON object".into())) };
    let Some(models) = top.get("models") else {
        return Err(NotACatalog("there is no `models` array at the top level".into()));
    };
    let Some(models) = models.as_array() else { return Err(NotACatalog("`models` is not an array".into())) };
    let mut seen = std::collections::HashSet::new();
    for (i, m) in models.iter().enumerate() {
        let Some(obj) = m.as_object() else { return Err(NotACatalog(format!("models[{i}] is not an object"))) };
        let Some(slug) = obj.get("slug").and_then(Value::as_str) else {
            return Err(NotACatalog(format!("models[{i}] has no string `slug`")));
        };
        if !crate::naming::is_slug(slug) {
            return Err(NotACatalog(format!(
                "models[{i}]: the slug {:?} is not a slug (lower-case letters and digits in parts joined by `.` or `-`, at most {} characters)",
                clip(slug),
                crate::model::MAX_NAME_LEN
            )));
        }
        if !seen.insert(slug) {
            return Err(NotACatalog(format!("models[{i}]: the slug `{slug}` is there twice")));
        }
    }
    Ok(top)
}

/// Turn the CLI's file into catalog data. `existing` holds the catalog's texts so far: a text
/// that is already there keeps its name.
pub fn encode_file(top: &Map<String, Value>, existing: &BTreeMap<String, String>) -> Imported {
    let mut texts = TextSet::new(existing);
    let mut catalog = Map::new();
    let mut entries = Vec::new();
    for (key, value) in top {
        if key == "models" {
            let models = value.as_array().map(Vec::as_slice).unwrap_or_default();
            let mut slugs = Vec::with_capacity(models.len());
            for m in models {
                let Some(obj) = m.as_object() else { continue };
                let slug = obj.get("slug").and_then(Value::as_str).unwrap_or_default().to_string();
                let mut path = vec![slug.clone()];
                let entry = obj.iter().map(|(k, v)| (k.clone(), encode(v, &mut path, k, &mut texts))).collect();
                slugs.push(Value::from(slug.clone()));
                entries.push((slug, CodexEntry(entry)));
            }
            catalog.insert(key.clone(), Value::Array(slugs));
        } else {
            let mut path = vec!["catalog".to_string()];
            catalog.insert(key.clone(), encode(value, &mut path, key, &mut texts));
        }
    }
    Imported { catalog: CodexCatalog(catalog), entries, text_uses: texts.uses, texts: texts.by_name }
}

/// The long texts of an import and their names.
#[derive(Debug)]
pub struct TextSet<'a> {
    existing: &'a BTreeMap<String, String>,
    existing_by_content: HashMap<&'a str, &'a str>,
    by_name: BTreeMap<String, String>,
    by_content: HashMap<String, String>,
    uses: usize,
}

impl<'a> TextSet<'a> {
    fn new(existing: &'a BTreeMap<String, String>) -> TextSet<'a> {
        let mut existing_by_content = HashMap::new();
        for (name, text) in existing {
            existing_by_content.entry(text.as_str()).or_insert(name.as_str());
        }
        TextSet { existing, existing_by_content, by_name: BTreeMap::new(), by_content: HashMap::new(), uses: 0 }
    }

    /// The name of `text` found at `path`: the name it already has, else one made from the path.
    fn name(&mut self, text: &str, path: &[String]) -> String {
        self.uses += 1;
        if let Some(name) = self.by_content.get(text) {
            return name.clone();
        }
        let name = match self.existing_by_content.get(text) {
            Some(name) if !self.by_name.contains_key(*name) => name.to_string(),
            _ => {
                let base = text_name(path);
                let mut name = base.clone();
                let mut n = 2;
                while self.by_name.contains_key(&name) {
                    name = format!("{base}-{n}");
                    n += 1;
                }
                name
            }
        };
        let _ = self.existing;
        self.by_name.insert(name.clone(), text.to_string());
        self.by_content.insert(text.to_string(), name.clone());
        name
    }
}

/// A text's name from where it was found: `gpt-6-astra.model_messages.instructions_template`.
fn text_name(path: &[String]) -> String {
    let mut name = String::new();
    for (i, part) in path.iter().enumerate() {
        if i > 0 {
            name.push('.');
        }
        for c in part.chars() {
            name.push(match c {
                'a'..='z' | '0'..='9' | '_' | '-' | '.' => c,
                'A'..='Z' => c.to_ascii_lowercase(),
                _ => '_',
            });
        }
    }
    while name.contains("..") {
        name = name.replace("..", "._");
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        name.insert(0, 't');
    }
    // Room for a `-NN` suffix.
    let mut cut = name.len().min(MAX_TEXT_NAME - 6);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    name.truncate(cut);
    name.trim_end_matches('.').to_string()
}

/// Whether an object is one of the stored form's markers (one key: `null`, `text` or `json`).
pub fn is_marker(map: &Map<String, Value>) -> bool {
    map.len() == 1 && map.keys().next().is_some_and(|k| k == NULL_KEY || k == TEXT_KEY || k == JSON_KEY)
}

fn one(key: &str, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(key.to_string(), value);
    Value::Object(map)
}

fn encode(value: &Value, path: &mut Vec<String>, key: &str, texts: &mut TextSet<'_>) -> Value {
    path.push(key.to_string());
    let out = match value {
        Value::Null => one(NULL_KEY, Value::Bool(true)),
        Value::Bool(_) => value.clone(),
        Value::Number(n) if n.is_i64() => value.clone(),
        // TOML holds only 64-bit signed integers and its own floats.
        Value::Number(n) => one(JSON_KEY, Value::String(n.to_string())),
        Value::String(s) if s.len() >= TEXT_MIN => one(TEXT_KEY, Value::String(texts.name(s, path))),
        Value::String(_) => value.clone(),
        Value::Array(items) => {
            Value::Array(items.iter().enumerate().map(|(i, item)| encode(item, path, &i.to_string(), texts)).collect())
        }
        // An object that would read as a marker is given as JSON.
        Value::Object(map) if is_marker(map) => one(JSON_KEY, Value::String(value.to_string())),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), encode(v, path, k, texts))).collect()),
    };
    path.pop();
    out
}

/// The decoded form of stored values: JSON as the CLI has it.
pub type Decoded = Value;

/// Turn a stored value back into the CLI's JSON; `texts` gives a text's contents by name.
/// `pointer` is where the value is, for errors.
pub fn decode_value<'t>(
    value: &Value,
    texts: &impl Fn(&str) -> Option<&'t str>,
    pointer: &mut String,
) -> Result<Decoded, MissingText> {
    Ok(match value {
        Value::Object(map) if is_marker(map) => {
            let (key, inner) = map.iter().next().expect("a marker has one key");
            match (key.as_str(), inner) {
                (NULL_KEY, Value::Bool(true)) => Value::Null,
                (TEXT_KEY, Value::String(name)) => match texts(name) {
                    Some(text) => Value::String(text.to_string()),
                    None => {
                        return Err(MissingText {
                            pointer: pointer.clone(),
                            message: format!("there is no text `{name}` (texts/{name}.md)"),
                        });
                    }
                },
                (JSON_KEY, Value::String(json)) => serde_json::from_str(json).map_err(|e| MissingText {
                    pointer: pointer.clone(),
                    message: format!("`json` holds no JSON value: {e}"),
                })?,
                _ => {
                    return Err(MissingText {
                        pointer: pointer.clone(),
                        message: format!(
                            "`{{ {key} = … }}` stands for {}; write `{{ json = … }}` for an object with this one key",
                            match key.as_str() {
                                NULL_KEY => "null and takes only `true`",
                                TEXT_KEY => "a text and takes its name",
                                _ => "JSON text and takes a string",
                            }
                        ),
                    });
                }
            }
        }
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, v) in map {
                let len = pointer.len();
                crate::load::push_token(pointer, k);
                out.insert(k.clone(), decode_value(v, texts, pointer)?);
                pointer.truncate(len);
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, v) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                out.push(decode_value(v, texts, pointer)?);
                pointer.truncate(len);
            }
            Value::Array(out)
        }
        _ => value.clone(),
    })
}

/// Check that a stored value decodes (every marker well formed, every text there) without
/// making the decoded value: what validation needs of entries that may hold many long texts.
pub fn check_value<'t>(
    value: &Value,
    texts: &impl Fn(&str) -> Option<&'t str>,
    pointer: &mut String,
) -> Result<(), MissingText> {
    match value {
        // A text is there or not; any other marker decodes alone, and decoding checks it.
        Value::Object(map) if is_marker(map) => match map.get(TEXT_KEY) {
            Some(Value::String(name)) if texts(name).is_some() => Ok(()),
            _ => decode_value(value, texts, pointer).map(drop),
        },
        Value::Object(map) => {
            for (k, v) in map {
                let len = pointer.len();
                crate::load::push_token(pointer, k);
                check_value(v, texts, pointer)?;
                pointer.truncate(len);
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                check_value(v, texts, pointer)?;
                pointer.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The text names a stored value refers to.
pub fn text_names(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) if is_marker(map) => {
            if let Some(Value::String(name)) = map.get(TEXT_KEY) {
                out.push(name.clone());
            }
        }
        Value::Object(map) => map.values().for_each(|v| text_names(v, out)),
        Value::Array(items) => items.iter().for_each(|v| text_names(v, out)),
        _ => {}
    }
}

/// The TOML text of a table `[header]` holding `map` in its order: nested objects as dotted
/// keys (so the order survives), everything else inline.
pub fn emit_table(header: &str, map: &Map<String, Value>) -> String {
    let mut out = format!("[{header}]\n");
    let mut prefix = Vec::new();
    emit_entries(&mut prefix, map, &mut out);
    out
}

fn emit_entries(prefix: &mut Vec<String>, map: &Map<String, Value>, out: &mut String) {
    for (key, value) in map {
        prefix.push(toml_key(key));
        match value {
            Value::Object(inner) if !inner.is_empty() && !is_marker(inner) => emit_entries(prefix, inner, out),
            _ => {
                out.push_str(&prefix.join("."));
                out.push_str(" = ");
                inline(value, out, 0);
                out.push('\n');
            }
        }
        prefix.pop();
    }
}

fn toml_key(key: &str) -> String {
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        key.to_string()
    } else {
        toml_string(key)
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The longest array written on one line.
const ONE_LINE: usize = 100;

fn inline(value: &Value, out: &mut String, depth: usize) {
    match value {
        // Stored values hold no null (it is a marker); written as one all the same.
        Value::Null => out.push_str("{ null = true }"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&toml_string(s)),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|item| {
                    let mut s = String::new();
                    inline(item, &mut s, depth + 1);
                    s
                })
                .collect();
            let one_line =
                parts.iter().map(|p| p.len() + 2).sum::<usize>() <= ONE_LINE && !parts.iter().any(|p| p.contains('\n'));
            if one_line || depth > 0 {
                out.push('[');
                out.push_str(&parts.join(", "));
                out.push(']');
            } else {
                out.push_str("[\n");
                for p in parts {
                    out.push_str("    ");
                    out.push_str(&p);
                    out.push_str(",\n");
                }
                out.push(']');
            }
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push_str("{ ");
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&toml_key(k));
                out.push_str(" = ");
                inline(v, out, depth + 1);
            }
            out.push_str(" }");
        }
    }
}

/// A JSON value whose objects have no key twice.
struct Unique(Value);

impl<'de> Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Unique, D::Error> {
        d.deserialize_any(UniqueVisitor).map(Unique)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Unique(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Unique(v) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("the key `{}` is there twice in one object", clip(&key))));
            }
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// At most 60 characters of `s`, for a message.
fn clip(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
