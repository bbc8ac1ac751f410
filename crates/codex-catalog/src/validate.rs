//! Stage 2, `validate`: TOML syntax (in [`crate::load`]) → JSON Schema → cross-file rules.
//!
//! Every file is checked and every problem reported; a [`Catalog`] is built only when no error
//! was found. Warnings never block here; the caller decides (`--deny-warnings`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::catalog::Catalog;
use crate::diagnostic::{self, Diagnostic, Rule, Severity, SourceText, did_you_mean};
use crate::load::{self, LoadedCatalog, NoCatalog, ParsedFile, push_token};
use crate::model::{CatalogFile, ModelFile, SLUG_PATTERN};
use crate::render::rust::rust_ident;
use crate::schema;
use crate::template::{Placeholder, Template};

/// What validation found: the catalog when it is valid, and every diagnostic.
#[derive(Debug)]
pub struct Outcome {
    /// The validated catalog; `None` when there is at least one error.
    pub catalog: Option<Catalog>,
    /// Every error and warning, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    /// The number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// The number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Whether a file could not be read at all (exit code 2 rather than 1).
    pub fn has_io_error(&self) -> bool {
        self.diagnostics.iter().any(|d| d.rule == Rule::Io)
    }

    /// The process exit code for this outcome: 0 valid, 1 invalid catalog, 2 a file could not
    /// be read.
    pub fn exit_code(&self) -> u8 {
        if self.has_io_error() {
            2
        } else if self.errors() > 0 {
            1
        } else {
            0
        }
    }

    /// Turn warnings into errors (and drop the catalog if there were any).
    pub fn deny_warnings(&mut self) {
        if self.warnings() > 0 {
            self.diagnostics.iter_mut().for_each(Diagnostic::deny);
            self.catalog = None;
        }
    }
}

/// Load and validate the catalog in `dir`.
pub fn validate_dir(dir: &Path) -> Result<Outcome, NoCatalog> {
    let mut diags = Vec::new();
    let loaded = load::load(dir, &mut diags)?;
    Ok(validate(&loaded, diags))
}

/// Validate loaded files; `diags` holds what loading reported.
pub fn validate(loaded: &LoadedCatalog, diags: Vec<Diagnostic>) -> Outcome {
    check_rules(loaded, check_schemas(loaded, diags))
}

/// The files that passed their schema, deserialised, with the diagnostics so far.
#[derive(Debug)]
pub struct Typed {
    catalog: Option<CatalogFile>,
    /// One entry per loaded model file, in the same order: `None` when it failed its schema.
    models: Vec<Option<ModelFile>>,
    diags: Vec<Diagnostic>,
}

/// Layer 2: every file against its JSON Schema, then into the Rust types (in parallel).
pub fn check_schemas(loaded: &LoadedCatalog, mut diags: Vec<Diagnostic>) -> Typed {
    let validators = Validators::get();
    let catalog =
        loaded.catalog.as_ref().and_then(|f| typed::<CatalogFile>(f, validators.catalog.as_ref(), &mut diags));
    let results = crate::par::map(&loaded.models, |m| {
        let mut local = Vec::new();
        let model = typed::<ModelFile>(&m.file, validators.model.as_ref(), &mut local);
        (model, local)
    });
    let mut models = Vec::with_capacity(results.len());
    for (model, local) in results {
        models.push(model);
        diags.extend(local);
    }
    Typed { catalog, models, diags }
}

/// Layer 3: the rules that span files; builds the [`Catalog`] when no error was found.
pub fn check_rules(loaded: &LoadedCatalog, typed: Typed) -> Outcome {
    let Typed { catalog, models, mut diags } = typed;
    check_file_names(loaded, &mut diags);
    check_schema_directives(loaded, &mut diags);
    let known: HashSet<&str> = loaded.models.iter().map(|m| m.slug.as_str()).collect();
    let mut template = None;
    if let (Some(cat), Some(file)) = (&catalog, &loaded.catalog) {
        let on_page: HashSet<&str> = cat.sections.iter().flat_map(|s| s.models.iter().map(String::as_str)).collect();
        let documents: HashSet<&str> = cat.documents.iter().map(|d| d.id.as_str()).collect();
        let mut rules =
            Rules { known: &known, catalog: cat, diags: &mut diags, families: families(&known), on_page, documents };
        rules.check_catalog(file);
        for (m, model) in loaded.models.iter().zip(&models) {
            if let Some(model) = model {
                rules.check_model(&m.file, &m.slug, model);
            }
        }
        let typed_models: Vec<(&ParsedFile, &str, &ModelFile)> = loaded
            .models
            .iter()
            .zip(&models)
            .filter_map(|(m, t)| t.as_ref().map(|t| (&m.file, m.slug.as_str(), t)))
            .collect();
        rules.check_succession(&typed_models);
        rules.check_identifiers(&typed_models);
        template = rules.check_template(loaded.template.as_ref());
    }

    diagnostic::sort(&mut diags);
    let has_errors = diags.iter().any(|d| d.severity == Severity::Error);
    let catalog = match (catalog, template, has_errors) {
        (Some(cat), Some(template), false) => {
            let models = loaded.models.iter().zip(models).filter_map(|(m, t)| t.map(|t| (m.slug.clone(), t))).collect();
            Some(Catalog::new(cat, models, template))
        }
        _ => None,
    };
    Outcome { catalog, diagnostics: diags }
}

struct Validators {
    catalog: Option<(Value, jsonschema::Validator)>,
    model: Option<(Value, jsonschema::Validator)>,
}

impl Validators {
    fn get() -> &'static Validators {
        static V: OnceLock<Validators> = OnceLock::new();
        V.get_or_init(|| {
            let build = |schema: Value| jsonschema::draft202012::new(&schema).ok().map(|v| (schema, v));
            Validators { catalog: build(schema::catalog_schema()), model: build(schema::model_schema()) }
        })
    }
}

/// Check a parsed file against its schema, then deserialise it.
fn typed<T: DeserializeOwned>(
    file: &ParsedFile,
    validator: Option<&(Value, jsonschema::Validator)>,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let value = file.value.as_ref()?;
    let src = &file.source;
    let Some((schema, validator)) = validator else {
        diags.push(src.diagnostic(Rule::Schema, None, "", "internal error: the JSON Schema does not compile"));
        return None;
    };
    let before = diags.len();
    for err in validator.iter_errors(value) {
        let pointer = err.instance_path().as_str().to_string();
        match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = schema::allowed_properties(schema, &pointer);
                for key in unexpected {
                    let mut p = pointer.clone();
                    push_token(&mut p, key);
                    let d = src.diagnostic(Rule::Schema, file.key_span(&p), &p, format!("unknown field `{key}`"));
                    diags.push(match did_you_mean(key, allowed.iter().map(String::as_str)) {
                        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                        None => d.with_hint(format!("allowed here: {}", allowed.join(", "))),
                    });
                }
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let d = src.diagnostic(
                    Rule::Schema,
                    file.value_span(&pointer).map(|s| s.start..s.start),
                    &pointer,
                    format!("missing required field `{name}`"),
                );
                diags.push(d.with_hint(format!("add `{name} = …`")));
            }
            ValidationErrorKind::Enum { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
                let choices = schema::allowed_values(schema, &pointer);
                let given = value.pointer(&pointer).and_then(Value::as_str);
                let message = match given {
                    Some(g) if !choices.is_empty() => format!("`{g}` is not one of: {}", choices.join(", ")),
                    _ => err.to_string(),
                };
                let d = src.diagnostic(Rule::Schema, file.value_span(&pointer), &pointer, message);
                diags.push(match given.and_then(|g| did_you_mean(g, choices.iter().map(String::as_str))) {
                    Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                    None if !choices.is_empty() => d.with_hint(format!("one of: {}", choices.join(", "))),
                    None => d,
                });
            }
            ValidationErrorKind::Pattern { pattern } if pattern == SLUG_PATTERN => {
                let d = src.diagnostic(Rule::Schema, file.value_span(&pointer), &pointer, err.to_string());
                diags.push(d.with_hint("slugs are lower-case letters and digits joined by `.` or `-`"));
            }
            _ => {
                let expected = schema::subschema(schema, &pointer).and_then(|s| s.get("type")).map(type_names);
                let message = schema_message(&err, value.pointer(&pointer), expected);
                diags.push(src.diagnostic(Rule::Schema, file.value_span(&pointer), &pointer, message));
            }
        }
    }
    if diags.len() > before {
        return None;
    }
    match serde_json::from_value(value.clone()) {
        Ok(v) => Some(v),
        Err(e) => {
            diags.push(src.diagnostic(Rule::Schema, None, "", format!("does not match the catalog format: {e}")));
            None
        }
    }
}

/// A short message for a schema error: the validator's own text quotes the whole value, which
/// for a large array or table would be megabytes.
fn schema_message(err: &jsonschema::ValidationError<'_>, value: Option<&Value>, expected: Option<String>) -> String {
    let count = || match value {
        Some(Value::Array(a)) => a.len(),
        Some(Value::Object(o)) => o.len(),
        Some(Value::String(s)) => s.chars().count(),
        _ => 0,
    };
    let kind = |v: Option<&Value>| match v {
        Some(Value::Null) | None => "nothing",
        Some(Value::Bool(_)) => "a boolean",
        Some(Value::Number(_)) => "a number",
        Some(Value::String(_)) => "a string",
        Some(Value::Array(_)) => "an array",
        Some(Value::Object(_)) => "a table",
    };
    match err.kind() {
        ValidationErrorKind::MaxItems { limit } => format!("{} items; at most {limit} are allowed", count()),
        ValidationErrorKind::MinItems { limit } => format!("{} items; at least {limit} are needed", count()),
        ValidationErrorKind::MaxLength { limit } => format!("{} characters; at most {limit} are allowed", count()),
        ValidationErrorKind::MinLength { limit } => format!("{} characters; at least {limit} are needed", count()),
        ValidationErrorKind::Type { .. } => {
            format!("expected {}, found {}", expected.unwrap_or_else(|| "another type".into()), kind(value))
        }
        _ => {
            let text = err.to_string();
            match text.char_indices().nth(200) {
                Some((cut, _)) => format!("{}…", &text[..cut]),
                None => text,
            }
        }
    }
}

/// `"integer"` → `an integer`; `["string", "boolean"]` → `a string or a boolean`.
fn type_names(types: &Value) -> String {
    let name = |t: &str| match t {
        "integer" => "an integer",
        "number" => "a number",
        "string" => "a string",
        "boolean" => "a boolean (true or false)",
        "array" => "an array",
        "object" => "a table",
        _ => "a value",
    };
    match types {
        Value::String(t) => name(t).to_string(),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).map(name).collect::<Vec<_>>().join(" or "),
        _ => "another type".into(),
    }
}

/// File names must be slugs, and unique when case is ignored.
fn check_file_names(loaded: &LoadedCatalog, diags: &mut Vec<Diagnostic>) {
    let mut by_lower: BTreeMap<String, Vec<&load::ModelSource>> = BTreeMap::new();
    for m in &loaded.models {
        if !is_slug(&m.slug) {
            let lower = m.slug.to_lowercase();
            let d = m.file.source.diagnostic(
                Rule::SlugPattern,
                None,
                "",
                format!("`{}.toml`: a model file is named by its slug, and `{}` is not a valid slug", m.slug, m.slug),
            );
            diags.push(if is_slug(&lower) {
                d.with_hint(format!("rename it to `{lower}.toml`"))
            } else {
                d.with_hint("slugs are lower-case letters and digits joined by `.` or `-`")
            });
        }
        by_lower.entry(m.slug.to_lowercase()).or_default().push(m);
    }
    for group in by_lower.values().filter(|g| g.len() > 1) {
        for m in group {
            let others: Vec<_> = group
                .iter()
                .filter(|o| o.file.source.display != m.file.source.display)
                .map(|o| o.file.source.display.as_str())
                .collect();
            diags.push(
                m.file
                    .source
                    .diagnostic(
                        Rule::DuplicateSlug,
                        None,
                        "",
                        format!("the slug `{}` is also the file {}", m.slug, others.join(", ")),
                    )
                    .with_hint("slugs are compared without case; keep one file per model"),
            );
        }
    }
}

/// Every TOML file should start with `#:schema <path>`, so editors check it as it is typed.
fn check_schema_directives(loaded: &LoadedCatalog, diags: &mut Vec<Diagnostic>) {
    let files = loaded.catalog.iter().map(|f| (f, "../schema/catalog.schema.json"));
    let files = files.chain(loaded.models.iter().map(|m| (&m.file, "../../schema/model.schema.json")));
    for (file, path) in files {
        if !file.source.text.starts_with("#:schema ") {
            let d = file.source.diagnostic(
                Rule::SchemaDirective,
                None,
                "",
                "the file does not start with a `#:schema` line",
            );
            diags.push(
                d.with_hint(format!("add `#:schema {path}` as the first line (the path to schema/ from this file)")),
            );
        }
    }
}

/// Whether `s` matches [`SLUG_PATTERN`].
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split(['.', '-'])
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// The first parts of the slugs (`gpt` of `gpt-5.4`): a backticked word in prose that starts
/// with one of them is taken for a slug.
fn families<'a>(known: &HashSet<&'a str>) -> HashSet<&'a str> {
    known.iter().filter_map(|s| s.split('-').next()).filter(|f| !f.is_empty()).collect()
}

struct Rules<'a> {
    known: &'a HashSet<&'a str>,
    catalog: &'a CatalogFile,
    diags: &'a mut Vec<Diagnostic>,
    families: HashSet<&'a str>,
    /// Slugs listed in a section.
    on_page: HashSet<&'a str>,
    /// Declared document ids.
    documents: HashSet<&'a str>,
}

impl Rules<'_> {
    fn at(&mut self, file: &ParsedFile, rule: Rule, pointer: &str, message: String, hint: Option<String>) {
        let mut d = file.source.diagnostic(rule, file.value_span(pointer), pointer, message);
        d.hint = hint;
        self.diags.push(d);
    }

    fn suggest_model(&self, slug: &str) -> Option<String> {
        did_you_mean(slug, self.known.iter().copied()).map(|s| format!("did you mean `{s}`?"))
    }

    fn model_ref(&mut self, file: &ParsedFile, pointer: &str, slug: &str, what: &str) -> bool {
        if self.known.contains(slug) {
            return true;
        }
        let hint = self
            .suggest_model(slug)
            .or_else(|| Some(format!("add catalog/models/{slug}.toml or name an existing model")));
        self.at(file, Rule::UnknownModel, pointer, format!("{what} `{slug}` is not a model of the catalog"), hint);
        false
    }

    fn document_ref(&mut self, file: &ParsedFile, pointer: &str, doc: &str) {
        if !self.documents.contains(doc) {
            let ids: Vec<&str> = self.catalog.documents.iter().map(|d| d.id.as_str()).collect();
            let hint = did_you_mean(doc, ids.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some("declare it in catalog.toml under [[documents]]".into()));
            self.at(file, Rule::UnknownDocument, pointer, format!("source document `{doc}` is not declared"), hint);
        }
    }

    fn check_catalog(&mut self, file: &ParsedFile) {
        let cat = self.catalog;
        self.unique(file, "/surfaces", cat.surfaces.iter().map(|s| (s.id.as_str(), s.label.as_str())), "surface");
        self.unique(file, "/sections", cat.sections.iter().map(|s| (s.id.as_str(), s.title.as_str())), "section");
        self.unique(file, "/documents", cat.documents.iter().map(|d| (d.id.as_str(), d.title.as_str())), "document");

        let mut placed: HashMap<&str, String> = HashMap::new();
        for (i, section) in cat.sections.iter().enumerate() {
            for (j, slug) in section.models.iter().enumerate() {
                let pointer = format!("/sections/{i}/models/{j}");
                if !self.model_ref(file, &pointer, slug, "section model") {
                    continue;
                }
                if let Some(first) = placed.get(slug.as_str()) {
                    let message = format!("`{slug}` is listed twice: already in section `{first}`");
                    self.at(
                        file,
                        Rule::SectionMembership,
                        &pointer,
                        message,
                        Some("a model shows once on the page".into()),
                    );
                } else {
                    placed.insert(slug, section.id.clone());
                }
            }
            if let Some(text) = &section.guidance {
                self.prose(file, &format!("/sections/{i}/guidance"), text);
            }
        }
        for (field, slug) in [("default_model", &cat.default_model), ("example_model", &cat.example_model)] {
            let pointer = format!("/{field}");
            if self.model_ref(file, &pointer, slug, field) && !placed.contains_key(slug.as_str()) {
                let message = format!("{field} `{slug}` is not on the page");
                self.at(file, Rule::NotOnPage, &pointer, message, Some("list it in a section's `models`".into()));
            }
        }
        if let Some(slug) = &cat.cloud_model {
            self.model_ref(file, "/cloud_model", slug, "cloud_model");
        }
        for (key, doc) in cat.sources.entries() {
            self.document_ref(file, &format!("/sources/{key}"), doc);
        }
        self.forbidden_characters(file);
    }

    /// Ids unique; labels (titles) unique.
    fn unique<'s>(
        &mut self,
        file: &ParsedFile,
        base: &str,
        items: impl Iterator<Item = (&'s str, &'s str)>,
        what: &str,
    ) {
        let mut ids = HashMap::new();
        let mut labels = HashMap::new();
        for (i, (id, label)) in items.enumerate() {
            if let Some(first) = ids.insert(id, i) {
                let message = format!("{what} id `{id}` is declared twice (first at {base}/{first})");
                self.at(file, Rule::DuplicateId, &format!("{base}/{i}/id"), message, None);
            }
            if let Some(first) = labels.insert(label, i) {
                let message = format!("{what} `{label}` is shown twice (first at {base}/{first})");
                let key = if what == "surface" { "label" } else { "title" };
                self.at(file, Rule::DuplicateLabel, &format!("{base}/{i}/{key}"), message, None);
            }
        }
    }

    fn check_model(&mut self, file: &ParsedFile, slug: &str, model: &ModelFile) {
        let surfaces: Vec<&str> = self.catalog.surfaces.iter().map(|s| s.id.as_str()).collect();
        for (field, keys) in [
            ("availability", model.availability.keys().collect::<Vec<_>>()),
            ("availability_notes", model.availability_notes.keys().collect()),
        ] {
            for key in keys {
                if !surfaces.contains(&key.as_str()) {
                    let mut pointer = format!("/{field}");
                    push_token(&mut pointer, key);
                    let hint = did_you_mean(key, surfaces.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| format!("declared surfaces: {}", surfaces.join(", ")));
                    let mut d = file.source.diagnostic(
                        Rule::UnknownSurface,
                        file.key_span(&pointer),
                        &pointer,
                        format!("surface `{key}` is not declared in catalog.toml"),
                    );
                    d.hint = Some(hint);
                    self.diags.push(d);
                }
            }
        }
        for (field, value, scale) in [
            ("capability", model.capability, &self.catalog.scales.capability),
            ("speed", model.speed, &self.catalog.scales.speed),
        ] {
            if let Some(v) = value.filter(|v| *v > scale.max) {
                let message = format!("{field} {v} is outside the scale 1–{}", scale.max);
                self.at(file, Rule::RatingScale, &format!("/{field}"), message, None);
            }
        }
        if let Some(next) = &model.succeeded_by {
            self.model_ref(file, "/succeeded_by", next, "succeeded_by");
        }
        let description = model.description.as_deref().unwrap_or_default();
        if let Some(pos) = description.to_lowercase().find("succeeded by") {
            let sentence = description.get(pos..).unwrap_or(description);
            let message = format!("the description holds a succession sentence: \"{sentence}\"");
            let hint =
                "delete the sentence and set `succeeded_by = \"<slug>\"`: the page's sentence is generated from it";
            self.at(file, Rule::SuccessionSentence, "/description", message, Some(hint.into()));
        }
        self.prose(file, "/description", description);
        for (surface, note) in &model.availability_notes {
            let mut pointer = "/availability_notes".to_string();
            push_token(&mut pointer, surface);
            self.prose(file, &pointer, note);
        }
        if let Some(url) = &model.wallpaper_url {
            self.url(file, "/wallpaper_url", url);
        }
        for (name, value) in &model.card.attributes {
            if let crate::model::AttributeValue::Text(text) = value {
                let lower = name.to_lowercase();
                if lower.ends_with("url") || lower == "href" || lower == "src" {
                    let mut pointer = "/card/attributes".to_string();
                    push_token(&mut pointer, name);
                    self.url(file, &pointer, text);
                }
            }
        }
        for (key, doc) in model.sources.entries() {
            self.document_ref(file, &format!("/sources/{key}"), doc);
        }
        let on_page = self.on_page.contains(slug);
        if on_page && model.description.is_none() {
            let message = format!("`{slug}` is on the page but has no description");
            self.at(file, Rule::MissingDescription, "", message, Some("add `description = \"…\"`".into()));
        }
        if on_page {
            let mut unknown: Vec<&str> = Vec::new();
            if model.capability.is_none() {
                unknown.push("capability");
            }
            if model.speed.is_none() {
                unknown.push("speed");
            }
            unknown.extend(surfaces.iter().filter(|s| !model.availability.contains_key(**s)));
            if !unknown.is_empty() {
                let message = format!(
                    "`{slug}` is on the page but its {} unknown: its card leaves them out",
                    describe_unknown(&unknown)
                );
                self.at(
                    file,
                    Rule::IncompleteCard,
                    "",
                    message,
                    Some("add the values if a document gives them".into()),
                );
            }
        }
        self.forbidden_characters(file);
    }

    fn url(&mut self, file: &ParsedFile, pointer: &str, url: &str) {
        let ok = if let Some(path) = url.strip_prefix('/') {
            !url.starts_with("//") && !path.split(['/', '?', '#']).any(|seg| seg == "..")
        } else if let Some(rest) = url.strip_prefix("https://") {
            !rest.is_empty() && !rest.starts_with('/')
        } else {
            false
        };
        if !ok {
            let message = format!("`{url}` is neither a site-relative path nor an https URL");
            let hint = "use a path starting with `/` (without `..`) or an `https://` URL";
            self.at(file, Rule::Url, pointer, message, Some(hint.into()));
        }
    }

    /// Rules on catalog prose: backticked slugs exist, no doubled word.
    fn prose(&mut self, file: &ParsedFile, pointer: &str, text: &str) {
        for word in backticked(text) {
            if self.looks_like_slug(word) && !self.known.contains(word) {
                let hint = self.suggest_model(word);
                self.at(
                    file,
                    Rule::ProseSlug,
                    pointer,
                    format!("the text names `{word}`, which is not a model of the catalog"),
                    hint,
                );
            }
        }
        if let Some(word) = doubled_word(text) {
            let message = format!("doubled word: \"{word} {word}\"");
            self.at(file, Rule::DoubledWord, pointer, message, Some(format!("write \"{word}\" once")));
        }
    }

    fn looks_like_slug(&self, word: &str) -> bool {
        is_slug(word) && word.contains('-') && word.split('-').next().is_some_and(|f| self.families.contains(f))
    }

    /// No control characters (but newline and tab) and no bidirectional controls in any string.
    fn forbidden_characters(&mut self, file: &ParsedFile) {
        let mut found = Vec::new();
        if let Some(value) = &file.value {
            find_forbidden(value, &mut Vec::new(), &mut found);
        }
        for (pointer, i, c) in found {
            let message = format!("character {} (U+{:04X}) at position {} of the text", char_name(c), c as u32, i + 1);
            let hint = "control and bidirectional-override characters can hide or reorder text; delete it";
            self.at(file, Rule::ForbiddenCharacter, &pointer, message, Some(hint.into()));
        }
    }

    fn check_succession(&mut self, models: &[(&ParsedFile, &str, &ModelFile)]) {
        let next: HashMap<&str, &str> =
            models.iter().filter_map(|(_, slug, m)| m.succeeded_by.as_deref().map(|n| (*slug, n))).collect();
        let files: HashMap<&str, &ParsedFile> = models.iter().map(|(f, s, _)| (*s, *f)).collect();
        let mut state: HashMap<&str, u8> = HashMap::new(); // 1 = on the current walk, 2 = done
        let mut slugs: Vec<&str> = next.keys().copied().collect();
        slugs.sort_unstable();
        for start in slugs {
            let mut walk = Vec::new();
            let mut cur = start;
            while state.get(cur).copied().unwrap_or(0) == 0 {
                state.insert(cur, 1);
                walk.push(cur);
                match next.get(cur) {
                    Some(n) => cur = n,
                    None => break,
                }
            }
            if state.get(cur) == Some(&1) && next.contains_key(cur) {
                let cycle_start = walk.iter().position(|s| *s == cur).unwrap_or(0);
                let cycle = &walk[cycle_start..];
                let spelled: Vec<&str> = cycle.iter().copied().chain(std::iter::once(cur)).collect();
                let spelled = spelled.join(" → ");
                for slug in cycle {
                    if let Some(file) = files.get(slug) {
                        let message = if cycle.len() == 1 {
                            format!("`{slug}` is succeeded by itself")
                        } else {
                            format!("succession cycle: {spelled}")
                        };
                        let hint = "succession must lead to a newest model; remove one `succeeded_by`";
                        self.at(file, Rule::SuccessionCycle, "/succeeded_by", message, Some(hint.into()));
                    }
                }
            }
            for s in walk {
                state.insert(s, 2);
            }
        }
    }

    fn check_identifiers(&mut self, models: &[(&ParsedFile, &str, &ModelFile)]) {
        let mut by_ident: BTreeMap<String, Vec<(&ParsedFile, &str)>> = BTreeMap::new();
        for (file, slug, _) in models {
            if is_slug(slug) {
                by_ident.entry(rust_ident(slug)).or_default().push((file, slug));
            }
        }
        for (ident, group) in by_ident.iter().filter(|(_, g)| g.len() > 1) {
            let slugs: Vec<&str> = group.iter().map(|(_, s)| *s).collect();
            for (file, _) in group {
                let message = format!("the slugs {} all become the Rust variant `Model::{ident}`", slugs.join(", "));
                self.at(file, Rule::IdentifierCollision, "", message, Some("rename one of the models".into()));
            }
        }
    }

    /// Parse the template (or make the default one) and check its placeholders.
    fn check_template(&mut self, source: Option<&SourceText>) -> Option<Template> {
        let ids: Vec<&str> = self.catalog.sections.iter().map(|s| s.id.as_str()).collect();
        let Some(src) = source else {
            return Some(Template::default_for(&ids));
        };
        let template = match Template::parse(&src.text) {
            Ok(t) => t,
            Err(errors) => {
                for e in errors {
                    self.diags.push(src.diagnostic(Rule::PageTemplate, Some(e.span), "", e.message));
                }
                return None;
            }
        };
        let before = self.diags.len();
        if let Some((offset, c)) = src.text.char_indices().find(|(_, c)| is_forbidden(*c) && *c != '\r') {
            let message = format!("character {} (U+{:04X}) in the page template", char_name(c), c as u32);
            let d = src.diagnostic(Rule::ForbiddenCharacter, Some(offset..offset + c.len_utf8()), "", message);
            self.diags
                .push(d.with_hint("control and bidirectional-override characters can hide or reorder text; delete it"));
        }
        let mut placed: HashMap<&str, usize> = HashMap::new();
        for (placeholder, span) in template.placeholders() {
            match placeholder {
                Placeholder::Section(id) if !ids.contains(&id.as_str()) => {
                    let mut d = src.diagnostic(
                        Rule::PageTemplate,
                        Some(span.clone()),
                        "",
                        format!("the template places section `{id}`, which catalog.toml does not declare"),
                    );
                    d.hint = did_you_mean(id, ids.iter().copied()).map(|s| format!("did you mean `{s}`?"));
                    self.diags.push(d);
                }
                Placeholder::Section(id) => {
                    let count = placed.entry(ids[ids.iter().position(|i| i == id).unwrap_or(0)]).or_default();
                    *count += 1;
                    if *count == 2 {
                        self.diags.push(src.diagnostic(
                            Rule::PageTemplate,
                            Some(span.clone()),
                            "",
                            format!("section `{id}` is placed twice"),
                        ));
                    }
                }
                Placeholder::CloudModel if self.catalog.cloud_model.is_none() => {
                    let d = src.diagnostic(
                        Rule::PageTemplate,
                        Some(span.clone()),
                        "",
                        "the template names the cloud model, but catalog.toml has no `cloud_model`",
                    );
                    self.diags.push(d.with_hint("set `cloud_model` or reword the template"));
                }
                _ => {}
            }
        }
        for id in ids.iter().filter(|id| !placed.contains_key(*id)) {
            let d =
                src.diagnostic(Rule::PageTemplate, None, "", format!("section `{id}` is not placed in the template"));
            self.diags.push(d.with_hint(format!("add a line `{{/* catalog:section {id} */}}` where its cards go")));
        }
        for word in backticked(&src.text) {
            if self.looks_like_slug(word) && !self.known.contains(word) {
                let offset = src.text.find(&format!("`{word}`")).unwrap_or(0);
                let d = src.diagnostic(
                    Rule::ProseSlug,
                    Some(offset..offset + word.len() + 2),
                    "",
                    format!("the template names `{word}`, which is not a model of the catalog"),
                );
                self.diags.push(d);
            }
        }
        (self.diags.len() == before).then_some(template)
    }
}

fn describe_unknown(fields: &[&str]) -> String {
    match fields {
        [one] => format!("{one} is"),
        _ => format!("{} are", fields.join(", ")),
    }
}

/// Every string of `value` holding a forbidden character: its JSON pointer, the character's
/// position and the character. The path is kept as borrowed segments and turned into a pointer
/// only on a hit, so clean files allocate nothing here.
fn find_forbidden<'v>(value: &'v Value, path: &mut Vec<PathSeg<'v>>, found: &mut Vec<(String, usize, char)>) {
    match value {
        Value::String(s) => {
            if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| is_forbidden(*c)) {
                let mut pointer = String::new();
                for seg in path.iter() {
                    match seg {
                        PathSeg::Key(k) => push_token(&mut pointer, k),
                        PathSeg::Index(i) => push_token(&mut pointer, &i.to_string()),
                    }
                }
                found.push((pointer, i, c));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(PathSeg::Index(i));
                find_forbidden(item, path, found);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                path.push(PathSeg::Key(k));
                find_forbidden(v, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

enum PathSeg<'v> {
    Key(&'v str),
    Index(usize),
}

/// Control characters other than newline and tab, and the bidirectional embedding, override and
/// isolate controls (U+202A–U+202E, U+2066–U+2069).
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn char_name(c: char) -> &'static str {
    match c {
        '\u{202A}'..='\u{202E}' => "bidirectional override",
        '\u{2066}'..='\u{2069}' => "bidirectional isolate",
        '\0' => "NUL",
        '\r' => "carriage return",
        _ => "control",
    }
}

/// The words in single backticks.
fn backticked(text: &str) -> impl Iterator<Item = &str> {
    text.split('`').skip(1).step_by(2)
}

/// The first word written twice in a row (case-insensitive), ignoring a pair split by punctuation.
pub fn doubled_word(text: &str) -> Option<&str> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).find_map(|pair| {
        let (a, b) = (pair[0], pair[1]);
        let b_core = b.trim_end_matches(|c: char| c.is_ascii_punctuation());
        (a.chars().all(char::is_alphabetic) && a.eq_ignore_ascii_case(b_core)).then_some(a)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_check_matches_the_schema_pattern() {
        for ok in ["gpt-5", "gpt-5.1-codex-max", "o3", "a.b-c"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "GPT-5", "gpt--5", "-gpt", "gpt-", "gpt 5", "gpt_5", "gpt-5.", "ü"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn finds_doubled_words() {
        assert_eq!(doubled_word("Great for for coding"), Some("for"));
        assert_eq!(doubled_word("Great for For coding."), Some("for"));
        assert_eq!(doubled_word("that that, is"), Some("that"));
        assert_eq!(doubled_word("Great for coding"), None);
        assert_eq!(doubled_word("5 5 times"), None);
    }

    #[test]
    fn forbids_controls_and_bidi_but_not_newlines() {
        assert!(is_forbidden('\u{202E}'));
        assert!(is_forbidden('\u{2066}'));
        assert!(is_forbidden('\0'));
        assert!(is_forbidden('\r'));
        assert!(!is_forbidden('\n'));
        assert!(!is_forbidden('\t'));
        assert!(!is_forbidden('é'));
    }
}
