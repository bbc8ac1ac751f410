//! `docs/models.mdx`: the Codex Models page, the template's prose with the generated cards and
//! snippets put in (see [`crate::template`] for the placeholders).
//!
//! Cards have the form of the hand-written page: `<ModelDetails client:load name slug
//! wallpaperUrl description collapsible data={{ features: [...] }} />`. A rating or availability
//! the catalog does not know is left out of the card (validation warns about it).

use std::fmt::Write as _;

use crate::catalog::{Catalog, Model};
use crate::model::AttributeValue;
use crate::naming::GENERATED;
use crate::template::{Piece, Placeholder};

/// A JavaScript string literal (JSON escaping, which JSON5 and JS both read) with `{`, `}` and
/// `<` escaped too, so MDX's expression scanner never sees them.
pub fn js_string(text: &str) -> String {
    let json = serde_json::to_string(text).expect("a string always serialises");
    json.replace('{', "\\u007b").replace('}', "\\u007d").replace('<', "\\u003c")
}

/// A JSX attribute: `name="text"` when the text is plain, else `name={"…"}`.
pub fn jsx_attr(name: &str, text: &str) -> String {
    let plain = !text.chars().any(|c| matches!(c, '"' | '&' | '\\' | '{' | '}' | '<' | '>') || c.is_control());
    if plain { format!("{name}=\"{text}\"") } else { format!("{name}={{{}}}", js_string(text)) }
}

/// Escape plain text for MDX prose (headings): Markdown and JSX punctuation gets a backslash.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '{' | '}' | '<' | '>' | '#' | '|' | '!' | '~' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape Markdown prose (guidance) for MDX: `{`, `}` and `<` outside code spans get a backslash,
/// so catalog text can never open a JSX expression or tag. Other Markdown stays Markdown.
pub fn escape_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        for c in part.chars() {
            if matches!(c, '{' | '}' | '<') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

fn card(out: &mut String, catalog: &Catalog, m: &Model, indent: &str) {
    let d = m.data();
    let mut attrs = Vec::new();
    if d.card.client_load {
        attrs.push("client:load".to_string());
    }
    attrs.push(jsx_attr("name", &d.name));
    attrs.push(jsx_attr("slug", m.slug()));
    if let Some(url) = &d.wallpaper_url {
        attrs.push(jsx_attr("wallpaperUrl", url));
    }
    attrs.push(jsx_attr("description", &catalog.page_description(m)));
    if d.card.collapsible {
        attrs.push("collapsible".to_string());
    }
    for (name, value) in &d.card.attributes {
        attrs.push(match value {
            AttributeValue::Flag(true) => name.clone(),
            AttributeValue::Flag(false) => format!("{name}={{false}}"),
            AttributeValue::Text(text) => jsx_attr(name, text),
            AttributeValue::Expression { expression } => format!("{name}={{{expression}}}"),
        });
    }
    let _ = writeln!(out, "{indent}<ModelDetails");
    for a in attrs {
        let _ = writeln!(out, "{indent}  {a}");
    }
    let _ = writeln!(out, "{indent}  data={{{{");
    let _ = writeln!(out, "{indent}    features: [");
    let scales = catalog.scales();
    for (scale, value) in [(&scales.capability, d.capability), (&scales.speed, d.speed)] {
        let Some(n) = value else { continue };
        let _ = writeln!(out, "{indent}      {{");
        let _ = writeln!(out, "{indent}        title: {},", js_string(&scale.label));
        let _ = writeln!(out, "{indent}        value: \"\",");
        let _ = writeln!(out, "{indent}        icons: [");
        for _ in 0..n {
            let _ = writeln!(out, "{indent}          {},", js_string(&scale.icon));
        }
        let _ = writeln!(out, "{indent}        ],");
        let _ = writeln!(out, "{indent}      }},");
    }
    for (id, s) in catalog.surfaces_with_ids() {
        if let Some(v) = m.availability(id) {
            let _ = writeln!(out, "{indent}      {{ title: {}, value: {v} }},", js_string(&s.label));
        }
    }
    let _ = writeln!(out, "{indent}    ],");
    let _ = writeln!(out, "{indent}  }}}}");
    let _ = writeln!(out, "{indent}/>");
}

fn section(out: &mut String, catalog: &Catalog, id: &str) {
    let section = catalog
        .sections()
        .iter()
        .find(|s| s.id() == id)
        .expect("validation checked that the template places only declared sections");
    let _ = write!(out, "## {}\n\n", escape_text(section.title()));
    let indent = if section.grid_class().is_some() { "  " } else { "" };
    if let Some(class) = section.grid_class() {
        let _ = writeln!(out, "<div {}>", jsx_attr("class", class));
    }
    for m in catalog.section_models(section) {
        card(out, catalog, m, indent);
    }
    if section.grid_class().is_some() {
        out.push_str("</div>\n");
    }
    if let Some(guidance) = section.guidance() {
        let _ = write!(out, "\n{}\n", escape_prose(guidance.trim_end()));
    }
    // The template's own newline follows the placeholder.
    if out.ends_with('\n') {
        out.pop();
    }
}

/// `docs/models.mdx`.
pub fn render(catalog: &Catalog) -> String {
    let mut body = String::new();
    for piece in &catalog.template().pieces {
        match piece {
            Piece::Text(text) => body.push_str(text),
            Piece::Placeholder(p, _) => match p {
                Placeholder::Title => body.push_str(&escape_text(catalog.title())),
                Placeholder::Section(id) => section(&mut body, catalog, id),
                Placeholder::ConfigSnippet => {
                    let _ = write!(body, "```toml\nmodel = \"{}\"\n```", catalog.default_model().slug());
                }
                Placeholder::ExampleCommand => {
                    let _ = write!(body, "```bash\ncodex -m {}\n```", catalog.example_model().slug());
                }
                Placeholder::DefaultModel => {
                    let _ = write!(body, "`{}`", catalog.default_model().slug());
                }
                Placeholder::ExampleModel => {
                    let _ = write!(body, "`{}`", catalog.example_model().slug());
                }
                Placeholder::CloudModel => {
                    let cloud = catalog.cloud_model().expect("validation checked that a template naming it has one");
                    let _ = write!(body, "`{}`", cloud.slug());
                }
            },
        }
    }
    let body = body.replace("\r\n", "\n");
    let header = format!("{{/* {GENERATED} */}}\n\n");
    // The header goes after front matter, which must stay first.
    let mut out = match body.strip_prefix("---\n").and_then(|rest| rest.find("\n---\n").map(|i| i + 4 + 5)) {
        Some(end) => format!("{}\n{header}{}", &body[..end], body[end..].trim_start_matches('\n')),
        None => format!("{header}{body}"),
    };
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_fall_back_to_expressions_for_unsafe_text() {
        assert_eq!(jsx_attr("name", "gpt-5"), "name=\"gpt-5\"");
        assert_eq!(jsx_attr("d", "say \"hi\" {x}"), "d={\"say \\\"hi\\\" \\u007bx\\u007d\"}");
        assert_eq!(jsx_attr("d", "a\nb"), "d={\"a\\nb\"}");
    }

    #[test]
    fn prose_escapes_jsx_outside_code_spans() {
        assert_eq!(escape_prose("use {x} <b> and `{y}`"), "use \\{x\\} \\<b> and `{y}`");
    }
}
