//! Rules on the catalog's files themselves: their names and first lines.

use std::collections::BTreeMap;

use crate::hash::HashMap;

use crate::diagnostic::{Diagnostic, Rule};
use crate::load::{LoadedCatalog, ModelSource};
use crate::naming::is_slug;
use crate::schema::{SCHEMA_DIR_FROM_CATALOG, catalog_directive, model_directive};

/// `slug-pattern`: a model file's name is a slug.
pub(super) fn slug_pattern(loaded: &LoadedCatalog, diags: &mut Vec<Diagnostic>) {
    for m in loaded.models.iter().filter(|m| !is_slug(&m.slug)) {
        let lower = m.slug.to_lowercase();
        let d = m.source.diagnostic(
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
}

/// `duplicate-slug`: two model files whose names differ only in case.
pub(super) fn duplicate_slug(loaded: &LoadedCatalog, diags: &mut Vec<Diagnostic>) {
    // Each slug without case, and the first file that has it; the groups of those seen again.
    let mut first: HashMap<std::borrow::Cow<str>, usize> =
        HashMap::with_capacity_and_hasher(loaded.models.len(), Default::default());
    let mut by_lower: BTreeMap<std::borrow::Cow<str>, Vec<&ModelSource>> = BTreeMap::new();
    for (i, m) in loaded.models.iter().enumerate() {
        // ASCII without capitals is its own lower case; anything else is lowered in full.
        let lower = if m.slug.is_ascii() && !m.slug.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Borrowed(m.slug.as_str())
        } else {
            std::borrow::Cow::Owned(m.slug.to_lowercase())
        };
        match first.get(&lower) {
            Some(&f) => by_lower.entry(lower).or_insert_with(|| vec![&loaded.models[f]]).push(m),
            None => {
                first.insert(lower, i);
            }
        }
    }
    for group in by_lower.values() {
        // One diagnostic for the group, at its first file, with a label at every other one.
        let first = group[0];
        let others: Vec<&str> = group[1..].iter().map(|o| o.source.display.as_str()).collect();
        let message = format!("the slug `{}` is also the file {}", first.slug, others.join(", "));
        let mut d = first.source.diagnostic(Rule::DuplicateSlug, None, "", message);
        for other in &group[1..] {
            d = d.with_label(other.source.label(None, format!("`{}`: the same slug without case", other.slug)));
        }
        diags.push(d.with_hint("slugs are compared without case; keep one file per model"));
    }
}

/// `schema-directive`: every TOML file starts with `#:schema <path>`, so editors check it as it
/// is typed.
pub(super) fn schema_directive(loaded: &LoadedCatalog, diags: &mut Vec<Diagnostic>) {
    let (catalog, model) = (catalog_directive(SCHEMA_DIR_FROM_CATALOG), model_directive(SCHEMA_DIR_FROM_CATALOG));
    let files = loaded.catalog.iter().map(|f| (f, &catalog));
    let files = files.chain(loaded.models.iter().map(|m| (&m.source, &model)));
    for (source, directive) in files {
        if !source.text.starts_with("#:schema ") {
            let d =
                source.diagnostic(Rule::SchemaDirective, None, "", "the file does not start with a `#:schema` line");
            diags
                .push(d.with_hint(format!("add `{directive}` as the first line (the path to schema/ from this file)")));
        }
    }
}
