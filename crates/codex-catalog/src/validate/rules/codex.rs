//! Rules on the Codex CLI's catalog as the catalog keeps it: entries that decode, texts that
//! exist and are used, a model order that names each entry once.

use crate::hash::{HashMap, HashSet};

use super::{Context, at};
use crate::codex::{self, CodexEntry};
use crate::diagnostic::{Diagnostic, Rule};
use crate::load::push_token;

/// A text's contents by name, in the texts of `texts/` (sorted by name).
pub(super) fn find_text<'t>(texts: &'t [(String, crate::diagnostic::SourceText)], name: &str) -> Option<&'t str> {
    texts.binary_search_by(|(n, _)| n.as_str().cmp(name)).ok().map(|i| texts[i].1.text.as_str())
}

impl Context<'_> {
    /// A text's contents by name.
    pub(super) fn text(&self, name: &str) -> Option<&str> {
        find_text(self.texts, name)
    }
}

/// `codex-entry`: every `[codex]` table decodes, names its own slug and is in the model order
/// once.
pub(super) fn codex_entry(cx: &Context, diags: &mut Vec<Diagnostic>) {
    let text = |name: &str| cx.text(name);
    let mut with_entry: HashMap<&str, (&crate::load::ParsedFile, &CodexEntry)> = HashMap::default();
    for ((file, slug, model), typed) in cx.models.iter().zip(&cx.codex) {
        let Some(entry) = &model.codex else { continue };
        with_entry.insert(slug, (file, entry));
        match entry.0.get("slug") {
            Some(serde_json::Value::String(s)) if s == slug => {}
            Some(_) => diags.push(at(
                file,
                Rule::CodexEntry,
                "/codex/slug",
                format!("the entry's `slug` is not `{slug}`, the file's name"),
                Some(format!("write `slug = \"{slug}\"`, or move the entry to the file of its model")),
            )),
            None => diags.push(at(
                file,
                Rule::CodexEntry,
                "/codex",
                "the entry has no `slug` (the CLI needs one)".into(),
                Some(format!("add `slug = \"{slug}\"` where the CLI's file has it (usually first)")),
            )),
        }
        let checked = entry.0.iter().try_for_each(|(k, v)| {
            let mut pointer = String::new();
            push_token(&mut pointer, k);
            codex::encode::check_value(v, &text, &mut pointer)
        });
        let typed = typed.as_ref().map(|t| t.as_ref().map(drop).map_err(Clone::clone));
        if let Err(e) = checked.and_then(|()| typed.unwrap_or(Ok(()))) {
            diags.push(at(file, Rule::CodexEntry, &format!("/codex{}", e.pointer), e.message, None));
        }
    }
    let Some(order) = &cx.catalog.codex else {
        if let Some((file, _)) = with_entry.values().next() {
            diags.push(at(
                file,
                Rule::CodexEntry,
                "/codex",
                "a model has a `[codex]` entry but catalog.toml has no `[codex]` model order".into(),
                Some("import the CLI's catalog with `cargo xtask import --codex FILE`, or add `[codex] models = [...]` to catalog.toml".into()),
            ));
        }
        return;
    };
    for (key, value) in &order.0 {
        if key == "models" {
            continue;
        }
        let mut pointer = String::from("/codex");
        push_token(&mut pointer, key);
        if let Err(e) = codex::decode_value(value, &text, &mut pointer) {
            diags.push(at(cx.file, Rule::CodexEntry, &e.pointer, e.message, None));
        }
    }
    let mut listed: HashMap<&str, usize> = HashMap::default();
    for (i, slug) in order.models().enumerate() {
        let pointer = format!("/codex/models/{i}");
        if let Some(first) = listed.insert(slug, i) {
            let label =
                cx.file.source.label(cx.file.value_span(&format!("/codex/models/{first}")), "first listed here");
            diags.push(
                at(cx.file, Rule::CodexEntry, &pointer, format!("`{slug}` is listed twice"), None).with_label(label),
            );
        } else if !with_entry.contains_key(slug) && !failed(cx, slug) {
            let hint = if cx.known.contains(slug) {
                format!("give models/{slug}.toml a `[codex]` entry, or take `{slug}` out of the list")
            } else {
                cx.suggest_model(slug).unwrap_or_else(|| format!("there is no models/{slug}.toml"))
            };
            diags.push(at(cx.file, Rule::CodexEntry, &pointer, format!("`{slug}` has no `[codex]` entry"), Some(hint)));
        }
    }
    let mut missing: Vec<(&&str, &(&crate::load::ParsedFile, &CodexEntry))> =
        with_entry.iter().filter(|(slug, _)| !listed.contains_key(**slug)).collect();
    missing.sort_by_key(|(slug, _)| **slug);
    for (slug, (file, _)) in missing {
        diags.push(at(
            file,
            Rule::CodexEntry,
            "/codex",
            format!("`{slug}` has a `[codex]` entry but catalog.toml's `[codex] models` does not list it"),
            Some(format!("add \"{slug}\" to `models` in catalog.toml's `[codex]` table, where the CLI's file has it")),
        ));
    }
}

/// Whether the model file of `slug` exists but did not pass its schema (its own diagnostics say
/// why; its entry is unknown).
fn failed(cx: &Context, slug: &str) -> bool {
    cx.known.contains(slug) && !cx.models.iter().any(|(_, s, _)| *s == slug)
}

/// `unused-text`: every text in `texts/` is named by some `[codex]` table.
pub(super) fn unused_text(cx: &Context, diags: &mut Vec<Diagnostic>) {
    if cx.texts.is_empty() {
        return;
    }
    let mut names = Vec::new();
    for (_, _, model) in &cx.models {
        if let Some(entry) = &model.codex {
            entry.0.values().for_each(|v| codex::encode::text_names(v, &mut names));
        }
    }
    if let Some(order) = &cx.catalog.codex {
        order.0.values().for_each(|v| codex::encode::text_names(v, &mut names));
    }
    let used: HashSet<&str> = names.iter().map(String::as_str).collect();
    for (name, source) in cx.texts {
        if !used.contains(name.as_str()) {
            diags.push(
                Diagnostic::for_file(
                    Rule::UnusedText,
                    source.display.clone(),
                    format!("no `[codex]` table names the text `{name}`"),
                )
                .with_hint("delete the file, or name it with `{ text = \"NAME\" }`"),
            );
        }
    }
}
