//! `page-template`: the template's placeholders are known and place every section exactly once;
//! the template's text is checked like the rest of the catalog's prose.

use crate::hash::HashMap;

use super::Context;
use super::text::backticked;
use crate::diagnostic::{Diagnostic, Rule, SourceText};
use crate::naming::did_you_mean;
use crate::template::{Placeholder, Template};
use crate::validate::forbidden::{FORBIDDEN_HINT, char_name, is_forbidden};

/// Parse the template (or make the default one) and check it; the template when it is valid.
pub(super) fn page_template(
    cx: &Context,
    source: Option<&SourceText>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Template> {
    let ids: Vec<&str> = cx.catalog.sections.iter().map(|s| s.id.as_str()).collect();
    let Some(src) = source else {
        return Some(Template::default_for(&ids));
    };
    let template = match Template::parse(&src.text) {
        Ok(t) => t,
        Err(errors) => {
            diags.extend(errors.into_iter().map(|e| src.diagnostic(Rule::PageTemplate, Some(e.span), "", e.message)));
            return None;
        }
    };
    let before = diags.len();
    // The template is itself MDX (its placeholders are MDX comments): text that does not parse
    // would make every generated page invalid.
    match crate::template::parse_mdx(&src.text) {
        Err(e) => {
            let at = e.offset.map(|o| o..o);
            let d = src.diagnostic(Rule::PageTemplate, at, "", format!("page.mdx: {}", e.message));
            diags.push(d.with_hint("close the tag or escape it (`\\<`, `&lt;`); `{` opens an expression"));
        }
        // Its links and images, by the rule of every other text (`url`), read as the site reads
        // them (bare URLs included).
        Ok(_) => {
            let parsed = std::panic::catch_unwind(|| markdown::to_mdast(&src.text, &super::text::link_options()));
            let mut urls = Vec::new();
            if let Ok(Ok(tree)) = parsed {
                super::text::collect_links(&tree, &mut urls);
            }
            for (url, why) in urls.iter().filter_map(|u| super::text::url_problem(u).map(|why| (u, why))) {
                let shown: String = url.chars().take(80).collect();
                let at = src.text.find(url.as_str()).map(|o| o..o + url.len());
                let message = format!("`{shown}` is not a site-relative path or an https URL: {why}");
                diags.push(src.diagnostic(Rule::Url, at, "", message));
            }
        }
    }
    if let Some((offset, c)) = src.text.char_indices().find(|(_, c)| is_forbidden(*c) && *c != '\r') {
        let message = format!("character {} (U+{:04X}) in the page template", char_name(c), c as u32);
        let d = src.diagnostic(Rule::ForbiddenCharacter, Some(offset..offset + c.len_utf8()), "", message);
        diags.push(d.with_hint(FORBIDDEN_HINT));
    }
    // How each section is placed: by a `section` placeholder, and by how many `card` ones.
    let mut whole: HashMap<&str, usize> = HashMap::default();
    let mut cards: HashMap<&str, usize> = HashMap::default();
    for (placeholder, span) in template.placeholders() {
        let at = |message: String| src.diagnostic(Rule::PageTemplate, Some(span.clone()), "", message);
        let in_code = template.in_code(span);
        let (section, counts) = match placeholder {
            Placeholder::Section(id) => (Some(id), Some(&mut whole)),
            Placeholder::Card(id) => (Some(id), Some(&mut cards)),
            Placeholder::SectionTitle(id) | Placeholder::Guidance(id) => (Some(id), None),
            _ => (None, None),
        };
        if let Some(id) = section {
            if in_code {
                diags.push(at(format!("section `{id}`'s placeholder is inside a code block")));
                continue;
            }
            match ids.iter().find(|i| *i == id) {
                None => {
                    let mut d = at(format!("the template places section `{id}`, which catalog.toml does not declare"));
                    d.hint = did_you_mean(id, ids.iter().copied()).map(|s| format!("did you mean `{s}`?"));
                    diags.push(d);
                }
                Some(known) => {
                    if let Some(counts) = counts {
                        *counts.entry(known).or_default() += 1;
                    }
                    if whole.get(known).copied().unwrap_or(0) + usize::from(cards.contains_key(known)) > 1 {
                        diags.push(at(format!("section `{id}` is placed twice")));
                    }
                }
            }
            continue;
        }
        let missing = match placeholder {
            Placeholder::CloudModel if cx.catalog.cloud_model.is_none() => Some("cloud_model"),
            Placeholder::DefaultModel | Placeholder::ConfigSnippet if cx.catalog.default_model.is_none() => {
                Some("default_model")
            }
            Placeholder::ExampleModel | Placeholder::ExampleCommand if cx.catalog.example_model.is_none() => {
                Some("example_model")
            }
            _ => None,
        };
        if let Some(field) = missing {
            let d =
                at(format!("the template names the {}, but catalog.toml has no `{field}`", field.replace('_', " ")));
            diags.push(d.with_hint(format!("set `{field}` or reword the template")));
        }
    }
    let placed: HashMap<&str, usize> = whole.into_iter().chain(cards).collect();
    for id in ids.iter().filter(|id| !placed.contains_key(*id)) {
        let d = src.diagnostic(Rule::PageTemplate, None, "", format!("section `{id}` is not placed in the template"));
        diags.push(d.with_hint(format!("add a line `{{/* catalog:section {id} */}}` where its cards go")));
    }
    for word in backticked(&src.text).filter(|w| cx.looks_like_slug(w) && !cx.known.contains(w)) {
        let offset = src.text.find(&format!("`{word}`")).unwrap_or(0);
        diags.push(src.diagnostic(
            Rule::ProseSlug,
            Some(offset..offset + word.len() + 2),
            "",
            format!("the template names `{word}`, which is not a model of the catalog"),
        ));
    }
    (diags.len() == before).then_some(template)
}
