//! Rules on the shape of the facts: ratings on their scale, succession without cycles, distinct
//! Rust identifiers, and the cards of the page complete.

use std::collections::BTreeMap;

use crate::hash::HashMap;

use super::{Context, at};
use crate::diagnostic::{Diagnostic, Rule};
use crate::load::ParsedFile;
use crate::naming::{ASSOCIATED_ITEMS, id_ident, is_slug, rust_ident};

/// `rating-scale`: ratings within the declared scale.
pub(super) fn rating_scale(cx: &Context, diags: &mut Vec<Diagnostic>) {
    let scales = &cx.catalog.scales;
    for (file, _, model) in &cx.models {
        for (field, value, scale) in
            [("capability", model.capability, &scales.capability), ("speed", model.speed, &scales.speed)]
        {
            if let Some(v) = value.filter(|v| *v > scale.max) {
                let message = format!("{field} {v} is outside the scale 1–{}", scale.max);
                diags.push(at(file, Rule::RatingScale, &format!("/{field}"), message, None));
            }
        }
    }
}

/// `succession-cycle`: no model succeeds itself, no cycle; reported at every file of the cycle.
/// The longest "Succeeded by" chain a catalog may have (real catalogs: 4).
pub const MAX_SUCCESSION: usize = 32;

/// `succession-depth`: no chain longer than [`MAX_SUCCESSION`]. Each model's `upgrade_path`
/// lists the rest of its chain, so the exports grow with the chains' lengths times the models:
/// a bound keeps them linear in the catalog. Walks start at the chains' first models and stop
/// after the bound, so the rule is linear too (cycles are `succession-cycle`'s).
pub(super) fn succession_depth(cx: &Context, diags: &mut Vec<Diagnostic>) {
    let next: HashMap<&str, &str> =
        cx.models.iter().filter_map(|(_, slug, m)| m.succeeded_by.as_deref().map(|n| (*slug, n))).collect();
    let succeeds: crate::hash::HashSet<&str> = next.values().copied().collect();
    for (file, slug, _) in cx.models.iter().filter(|(_, slug, _)| next.contains_key(slug) && !succeeds.contains(slug)) {
        let mut cur = *slug;
        let mut length = 1;
        while let Some(n) = next.get(cur) {
            length += 1;
            cur = n;
            if length > MAX_SUCCESSION {
                let message = format!("`{slug}` starts a \"Succeeded by\" chain of more than {MAX_SUCCESSION} models");
                let hint = "a chain this long is a mistake: point `succeeded_by` at the newest model";
                diags.push(at(file, Rule::SuccessionDepth, "/succeeded_by", message, Some(hint.into())));
                break;
            }
        }
    }
}

pub(super) fn succession_cycle(cx: &Context, diags: &mut Vec<Diagnostic>) {
    let next: HashMap<&str, &str> =
        cx.models.iter().filter_map(|(_, slug, m)| m.succeeded_by.as_deref().map(|n| (*slug, n))).collect();
    // The files by slug, looked up only to report a cycle.
    let mut files: Option<HashMap<&str, &ParsedFile>> = None;
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        OnWalk,
        Done,
    }
    let mut state: HashMap<&str, State> = HashMap::with_capacity_and_hasher(next.len() * 2, Default::default());
    // In slug order (the files' order, nearly that already, sorts quickly).
    let mut starts: Vec<&str> =
        cx.models.iter().filter(|(_, _, m)| m.succeeded_by.is_some()).map(|(_, slug, _)| *slug).collect();
    starts.sort_unstable();
    for start in starts {
        let mut walk = Vec::new();
        let mut cur = start;
        while !state.contains_key(cur) {
            state.insert(cur, State::OnWalk);
            walk.push(cur);
            match next.get(cur) {
                Some(n) => cur = n,
                None => break,
            }
        }
        if state.get(cur) == Some(&State::OnWalk) && next.contains_key(cur) {
            let cycle_start = walk.iter().position(|s| *s == cur).unwrap_or(0);
            let cycle = &walk[cycle_start..];
            let spelled: Vec<&str> = cycle.iter().copied().chain(std::iter::once(cur)).collect();
            let message = match cycle {
                [one] => format!("`{one}` is succeeded by itself"),
                _ => format!("succession cycle: {}", spelled.join(" → ")),
            };
            // One diagnostic for the cycle, at its first file, with a label at every other one.
            let hint = "succession must lead to a newest model; remove one `succeeded_by`";
            let files = files.get_or_insert_with(|| cx.models.iter().map(|(f, s, _)| (*s, *f)).collect());
            let Some(first) = files.get(cycle[0]) else { continue };
            let mut d = at(first, Rule::SuccessionCycle, "/succeeded_by", message, Some(hint.into()));
            for pair in spelled.windows(2).skip(1) {
                let Some(file) = files.get(pair[0]) else { continue };
                let span = file.value_span("/succeeded_by");
                d = d.with_label(file.source.label(span, format!("`{}` is succeeded by `{}`", pair[0], pair[1])));
            }
            diags.push(d);
        }
        for s in walk {
            state.insert(s, State::Done);
        }
    }
}

/// `identifier-collision`: two slugs, surface ids or section ids that would make the same Rust
/// variant of their enum (`codex_cli` and `codex-cli` are both `Surface::CodexCli`), or a
/// variant with the name of an associated item of the enum (`a-l-l` would be `Model::ALL`).
/// The generated crate would not compile, so it is refused before anything is written.
pub(super) fn identifier_collision(cx: &Context, diags: &mut Vec<Diagnostic>) {
    // Each identifier and the first model that makes it; the groups of those made again.
    let mut first: HashMap<String, usize> = HashMap::with_capacity_and_hasher(cx.models.len(), Default::default());
    let mut by_ident: BTreeMap<String, Vec<(&ParsedFile, &str)>> = BTreeMap::new();
    for (i, (file, slug, _)) in cx.models.iter().enumerate().filter(|(_, (_, slug, _))| is_slug(slug)) {
        let ident = rust_ident(slug);
        if ASSOCIATED_ITEMS.contains(&ident.as_str()) {
            let message = format!("the slug `{slug}` becomes `Model::{ident}`, which the crate declares already");
            diags.push(at(file, Rule::IdentifierCollision, "", message, Some("rename the model".into())));
            continue;
        }
        match first.get(&ident) {
            Some(&f) => {
                by_ident.entry(ident).or_insert_with(|| vec![(cx.models[f].0, cx.models[f].1)]).push((file, slug))
            }
            None => {
                first.insert(ident, i);
            }
        }
    }
    for (ident, group) in &by_ident {
        let slugs: Vec<&str> = group.iter().map(|(_, s)| *s).collect();
        let message = format!("the slugs {} all become the Rust variant `Model::{ident}`", slugs.join(", "));
        let mut d = at(group[0].0, Rule::IdentifierCollision, "", message, Some("rename one of the models".into()));
        for (file, slug) in &group[1..] {
            d = d.with_label(file.source.label(None, format!("`{slug}` is also `Model::{ident}`")));
        }
        diags.push(d);
    }
    let surfaces = cx.catalog.surfaces.iter().map(|s| s.id.as_str());
    ids_collision(cx, "Surface", "surfaces", surfaces, diags);
    let sections = cx.catalog.sections.iter().map(|s| s.id.as_str());
    ids_collision(cx, "Section", "sections", sections, diags);
}

/// [`identifier_collision`] for the ids of `catalog.toml`'s `key` array, variants of `enum_name`.
fn ids_collision<'a>(
    cx: &Context,
    enum_name: &str,
    key: &str,
    ids: impl Iterator<Item = &'a str>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, (usize, &str)> = HashMap::default();
    for (i, id) in ids.enumerate() {
        let ident = id_ident(id);
        let pointer = format!("/{key}/{i}/id");
        if ASSOCIATED_ITEMS.contains(&ident.as_str()) {
            let message = format!("the id `{id}` becomes `{enum_name}::{ident}`, which the crate declares already");
            diags.push(at(cx.file, Rule::IdentifierCollision, &pointer, message, Some("choose another id".into())));
        } else if let Some((f, other)) = seen.get(&ident) {
            // Two equal ids are `duplicate-id`'s.
            if *other != id {
                let message =
                    format!("the ids `{other}` and `{id}` both become the Rust variant `{enum_name}::{ident}`");
                let first = cx.file.value_span(&format!("/{key}/{f}/id"));
                let d = at(cx.file, Rule::IdentifierCollision, &pointer, message, Some("choose another id".into()));
                diags.push(d.with_label(cx.file.source.label(first, "the first")));
            }
        } else {
            seen.insert(ident, (i, id));
        }
    }
}

/// `missing-description`: a model on the page has a description.
pub(super) fn missing_description(cx: &Context, diags: &mut Vec<Diagnostic>) {
    for (file, slug, model) in cx.models.iter().filter(|(_, slug, _)| cx.on_page.contains(slug)) {
        for (field, missing) in [("description", model.description.is_none()), ("name", model.name.is_none())] {
            if missing {
                let message = format!("`{slug}` is on the page but has no {field}");
                let hint = Some(format!("add `{field} = \"…\"`"));
                // At the model's other text, where the missing one goes beside it.
                let near = if field == "description" { "/name" } else { "/description" };
                let pointer = if file.value_span(near).is_some() { near } else { "" };
                diags.push(at(file, Rule::MissingDescription, pointer, message, hint));
            }
        }
    }
}

/// `incomplete-card` (warning): a model on the page with an unknown rating or availability.
pub(super) fn incomplete_card(cx: &Context, diags: &mut Vec<Diagnostic>) {
    let drawn_by_default: Vec<&str> =
        cx.catalog.surfaces.iter().filter(|s| !s.retired).map(|s| s.id.as_str()).collect();
    for (file, slug, model) in cx.models.iter().filter(|(_, slug, _)| cx.on_page.contains(slug)) {
        let mut unknown: Vec<&str> = Vec::new();
        if model.capability.is_none() {
            unknown.push("capability");
        }
        if model.speed.is_none() {
            unknown.push("speed");
        }
        match &model.card.surfaces {
            Some(ids) => {
                unknown.extend(ids.iter().map(String::as_str).filter(|s| !model.availability.contains_key(*s)))
            }
            None => unknown.extend(drawn_by_default.iter().filter(|s| !model.availability.contains_key(**s))),
        }
        if unknown.is_empty() {
            continue;
        }
        let listed = match unknown.as_slice() {
            [one] => format!("{one} is"),
            _ => format!("{} are", unknown.join(", ")),
        };
        let message = format!("`{slug}` is on the page but its {listed} unknown: its card leaves them out");
        let hint = Some("add the values if a document gives them".into());
        diags.push(at(file, Rule::IncompleteCard, "", message, hint));
    }
}

/// The card attributes the catalog writes itself; `[card.attributes]` may not set them.
const WRITTEN: [&str; 7] = ["client:load", "collapsible", "name", "slug", "description", "wallpaperUrl", "data"];

/// Whether `name` is a JSX attribute name: letters, digits, `_`, `$`, `-`, one `:` namespace.
fn is_jsx_name(name: &str) -> bool {
    let part = |p: &str| {
        p.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '-'))
    };
    match name.split_once(':') {
        Some((ns, local)) => part(ns) && part(local),
        None => part(name),
    }
}

/// What makes a JSON5 literal unsafe in an MDX attribute `{…}`: a comment (MDX compilers end the
/// expression at the `}` a `//` comment swallows), or a brace inside a string (a compiler
/// without a JavaScript parser, ours included, counts it). A scan of the literal's strings.
fn unsafe_in_mdx(expression: &str) -> Option<&'static str> {
    let mut quote = None;
    let mut chars = expression.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => match c {
                '\\' => {
                    chars.next();
                }
                '{' | '}' => return Some("a brace inside a string; write it as \\u007b or \\u007d"),
                c if c == q => quote = None,
                _ => {}
            },
            None => match c {
                '"' | '\'' => quote = Some(c),
                '/' if matches!(chars.peek(), Some('/' | '*')) => return Some("a comment"),
                _ => {}
            },
        }
    }
    None
}

/// `card-attribute`: every extra card attribute is a JSX name that the catalog does not write
/// itself, and an expression value is a literal (a number, `null`, a list or object of them),
/// never code that the page would run.
pub(super) fn card_attribute(cx: &Context, diags: &mut Vec<Diagnostic>) {
    for (file, _, model) in &cx.models {
        for (name, value) in &model.card.attributes {
            let mut pointer = "/card/attributes".to_string();
            crate::load::push_token(&mut pointer, name);
            let problem = if !is_jsx_name(name) {
                Some(format!("`{name}` is not a JSX attribute name"))
            } else if WRITTEN.iter().any(|w| w.eq_ignore_ascii_case(name)) {
                Some(format!("`{name}` is an attribute the catalog writes itself"))
            } else if let crate::model::AttributeValue::Expression { expression } = value {
                let shown: String = expression.chars().take(40).collect();
                let more = if shown.len() < expression.len() { "…" } else { "" };
                if crate::card::json5_bounded::<serde_json::Value>(expression).is_none() {
                    Some(format!("the value of `{name}` is code, not a literal: `{shown}{more}`"))
                } else {
                    unsafe_in_mdx(expression).map(|why| {
                        format!("the value of `{name}` is a literal the page cannot hold ({why}): `{shown}{more}`")
                    })
                }
            } else {
                None
            };
            if let Some(message) = problem {
                let hint = "use letters, digits, `_`, `-` and one `:`; set the modelled fields instead of their attributes; write literals (`3`, `[1, 2]`), not code";
                let d = file.source.diagnostic(Rule::CardAttribute, file.key_span(&pointer), &pointer, message);
                diags.push(d.with_hint(hint));
            }
        }
    }
}
