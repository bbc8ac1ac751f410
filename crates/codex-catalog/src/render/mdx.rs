//! `docs/models.mdx`: the Codex Models page, the template's prose with the generated cards and
//! snippets put in (see [`crate::template`] for the placeholders).
//!
//! Cards have the form of the hand-written page: `<ModelDetails client:load name slug
//! wallpaperUrl description collapsible data={{ features: [...] }} />`, printed as prettier prints
//! them ([`crate::card`]) in the order and layout the catalog records for each card. A rating or
//! availability the catalog does not know is left out of the card (validation warns about it).
//!
//! Every text is escaped for where it lands: attribute values, JavaScript strings, Markdown
//! headings and prose; a model's slug in a code block is written as it is (a slug has no
//! character a code block would read).

use std::fmt::Write as _;

use crate::hash::HashMap;

use crate::card::{self, Attr, Feature, FeatureValue};
use crate::catalog::{Catalog, Model, Section};
use crate::model::AttributeValue;
use crate::naming::GENERATED;
use crate::template::{Piece, Placeholder};
pub use crate::template::{escape_prose, unescape_prose};

pub use crate::card::js_string;

/// Whether a text can be a quoted JSX attribute value as it is.
fn plain(text: &str) -> bool {
    !text.chars().any(|c| matches!(c, '"' | '&' | '\\' | '{' | '}' | '<' | '>') || c.is_control())
}

/// A JSX attribute: `name="text"` when the text is plain, else `name={"…"}`.
pub fn jsx_attr(name: &str, text: &str) -> String {
    if plain(text) { format!("{name}=\"{text}\"") } else { format!("{name}={{{}}}", js_string(text)) }
}

/// A text attribute of a card: quoted when plain, else a JavaScript string the printer may put
/// on a line of its own.
fn text_attr(name: &str, text: &str) -> Attr {
    if plain(text) {
        Attr::Written(format!("{name}=\"{text}\""))
    } else {
        Attr::Expression { name: name.to_string(), expression: js_string(text) }
    }
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

/// The card of a model, printed at `indent`, as the catalog records it.
pub fn card(catalog: &Catalog, m: &Model, indent: &str) -> String {
    let d = m.data();
    let presentation = &d.card;
    let usual = presentation.usual_order(d.name.is_some(), d.wallpaper_url.is_some());
    let order = if presentation.order.is_empty() {
        usual
    } else {
        // An attribute the catalog has but the recorded order lacks goes last.
        let mut order: Vec<&str> = presentation.order.iter().map(String::as_str).collect();
        order.extend(usual.into_iter().filter(|name| !presentation.order.iter().any(|o| o == name)));
        order
    };
    let mut attrs = Vec::with_capacity(order.len());
    for &name in &order {
        let attr = match name {
            "client:load" if presentation.client_load => Attr::Bare(name.to_string()),
            "collapsible" if presentation.collapsible => Attr::Bare(name.to_string()),
            "name" => match &d.name {
                Some(n) => text_attr("name", n),
                None => continue,
            },
            "slug" => text_attr("slug", m.slug()),
            "wallpaperUrl" => match &d.wallpaper_url {
                Some(url) => text_attr("wallpaperUrl", url),
                None => continue,
            },
            "description" => text_attr("description", &catalog.page_description(m)),
            "data" => Attr::Data,
            other => match presentation.attributes.get(other) {
                Some(AttributeValue::Flag(true)) => Attr::Bare(other.to_string()),
                Some(AttributeValue::Flag(false)) => Attr::Written(format!("{other}={{false}}")),
                Some(AttributeValue::Text(text)) => text_attr(other, text),
                Some(AttributeValue::Expression { expression }) => {
                    Attr::Expression { name: other.to_string(), expression: expression.clone() }
                }
                None => continue,
            },
        };
        attrs.push(attr);
    }
    card::print(&attrs, &features(catalog, m), indent)
}

/// The features of a model's card: the ratings it has, then the surfaces the card shows.
pub(crate) fn features<'a>(catalog: &'a Catalog, m: &'a Model) -> Vec<Feature<'a>> {
    let d = m.data();
    let layout = |title: &str| d.card.layout.get(title).copied();
    let scales = catalog.scales();
    let mut out = Vec::new();
    for (scale, value) in [(&scales.capability, d.capability), (&scales.speed, d.speed)] {
        if let Some(count) = value {
            let value = FeatureValue::Rating { icon: scale.icon.as_str().into(), count };
            out.push(Feature { title: scale.label.as_str().into(), value, layout: layout(&scale.label) });
        }
    }
    let shown: Vec<&str> = match &d.card.surfaces {
        Some(ids) => ids.iter().map(String::as_str).collect(),
        None => catalog.surfaces().iter().filter(|s| !s.retired).map(|s| s.id.as_str()).collect(),
    };
    for id in shown {
        let Some((sid, surface)) = catalog.surface_by_id(id) else { continue };
        let Some(value) = m.availability(sid) else { continue };
        let title = d.card.labels.get(id).unwrap_or(&surface.label).as_str();
        let layout = layout(title);
        let title = title.into();
        out.push(Feature { title, value: FeatureValue::Flag(value), layout });
    }
    out
}

/// How cards are written: in full, or as one `<ModelDetails />` per section for [`check`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cards {
    Full,
    Stub,
}

/// A whole section, laid out by the generator: heading, grid, cards, guidance.
fn section(out: &mut String, catalog: &Catalog, section: &Section, cards: Cards) {
    let _ = write!(out, "## {}\n\n", escape_text(section.title()));
    let indent = if section.grid_class().is_some() { "  " } else { "" };
    if let Some(class) = section.grid_class() {
        let _ = writeln!(out, "<div {}>", jsx_attr("class", class));
    }
    match cards {
        Cards::Full => {
            for m in catalog.section_models(section) {
                let _ = writeln!(out, "{indent}{}", card(catalog, m, indent));
            }
        }
        // One stand-in for all the cards: what is checked is the text around them, and the
        // page to parse stays as small as the template whatever the number of models.
        Cards::Stub => {
            let _ = writeln!(out, "{indent}<ModelDetails />");
        }
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

/// The indentation of the line `out` ends in, when only white space precedes the end.
fn trailing_indent(out: &str) -> &str {
    let line = &out[out.rfind('\n').map_or(0, |i| i + 1)..];
    if line.chars().all(|c| c == ' ' || c == '\t') { line } else { "" }
}

/// `docs/models.mdx`.
pub fn render(catalog: &Catalog) -> String {
    render_with(catalog, Cards::Full)
}

fn render_with(catalog: &Catalog, cards: Cards) -> String {
    let template = catalog.template();
    // Room for the cards (about 800 bytes each) from the start: a page of many cards is not
    // copied each time it outgrows its buffer (room not written to costs no memory).
    let on_page: usize =
        if cards == Cards::Full { catalog.sections().iter().map(|s| s.model_ids().len()).sum() } else { 0 };
    let mut body = String::with_capacity(template.source().len() + 64 + on_page.saturating_mul(1024));
    let pieces = &template.pieces;
    // How many card placeholders of each section are filled, and how many there are.
    let mut slots: HashMap<&str, usize> = HashMap::default();
    for (p, _) in catalog.template().placeholders() {
        if let Placeholder::Card(id) = p {
            *slots.entry(id.as_str()).or_default() += 1;
        }
    }
    // Per section: placeholders met so far, cards written so far.
    let mut filled: HashMap<&str, (usize, usize)> = HashMap::default();
    let slug = |m: Option<&Model>, fenced: bool| match m {
        Some(m) if fenced => m.slug().to_string(),
        Some(m) => format!("`{}`", m.slug()),
        None => String::new(),
    };
    for piece in pieces {
        let (placeholder, fenced) = match piece {
            Piece::Text(text) => {
                body.push_str(text);
                continue;
            }
            Piece::Placeholder(p, span) => (p, template.in_code(span)),
        };
        let section_of = |id: &str| {
            catalog
                .sections()
                .iter()
                .find(|s| s.id() == id)
                .expect("validation checked that the template places only declared sections")
        };
        match placeholder {
            Placeholder::Title => body.push_str(&escape_text(catalog.title())),
            Placeholder::Section(id) => section(&mut body, catalog, section_of(id), cards),
            Placeholder::SectionTitle(id) => body.push_str(&escape_text(section_of(id).title())),
            Placeholder::Guidance(id) => body.push_str(&escape_prose(section_of(id).guidance().unwrap_or_default())),
            Placeholder::Card(id) => {
                let s = section_of(id);
                let (met, written) = filled.entry(s.id()).or_default();
                *met += 1;
                let indent = trailing_indent(&body).to_string();
                let left = s.model_ids().len().saturating_sub(*written);
                // The last placeholder of a section also takes the cards no placeholder is left for
                // (in a check, one stand-in for them all).
                let last = *met == slots.get(s.id()).copied().unwrap_or(0);
                let take = if last && cards == Cards::Full { left } else { left.min(1) };
                if take == 0 {
                    // No card left for this place: drop its indentation and line.
                    body.truncate(body.len() - indent.len());
                }
                for (k, m) in catalog.section_models(s).skip(*written).take(take).enumerate() {
                    if k > 0 {
                        let _ = write!(body, "\n\n{indent}");
                    }
                    match cards {
                        Cards::Full => body.push_str(&card(catalog, m, &indent)),
                        Cards::Stub => body.push_str("<ModelDetails />"),
                    }
                }
                *written += take;
            }
            Placeholder::ConfigSnippet => {
                let model = catalog.default_model().map_or("", |m| m.slug());
                let _ = write!(body, "```toml\nmodel = \"{model}\"\n```");
            }
            Placeholder::ExampleCommand => {
                let model = catalog.example_model().map_or("", |m| m.slug());
                let _ = write!(body, "```bash\ncodex -m {model}\n```");
            }
            Placeholder::DefaultModel => body.push_str(&slug(catalog.default_model(), fenced)),
            Placeholder::ExampleModel => body.push_str(&slug(catalog.example_model(), fenced)),
            Placeholder::CloudModel => body.push_str(&slug(catalog.cloud_model(), fenced)),
        }
    }
    // Only the template can hold a carriage return (catalog texts may not).
    let mut out = if body.contains('\r') { body.replace("\r\n", "\n") } else { body };
    let header = format!("{{/* {GENERATED} */}}\n\n");
    // The header goes after front matter, which must stay first (edited in place: the page of a
    // large catalog is not copied).
    match out.strip_prefix("---\n").and_then(|rest| rest.find("\n---\n").map(|i| i + 4 + 5)) {
        Some(end) => {
            let blank = out[end..].len() - out[end..].trim_start_matches('\n').len();
            out.replace_range(end..end + blank, &format!("\n{header}"));
        }
        None => out.insert_str(0, &header),
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// What an MDX text holds besides Markdown: ESM statements, expressions that are not comments
/// or blank text, and JSX elements by their signature (cards left out): the name and every
/// attribute's name and kind, with the code of expression attributes, so a text that closed a
/// quoted attribute and added its own (`" onclick="…`) changes the signature.
#[derive(Debug, Default, PartialEq, Eq)]
struct Code {
    esm: usize,
    expressions: Vec<String>,
    elements: std::collections::BTreeMap<String, usize>,
}

/// Parse MDX text ([`crate::template::parse_mdx`]: bounded, panics caught) and list its code.
fn code_of(text: &str) -> Result<Code, String> {
    use markdown::mdast::Node;
    let parsed = crate::template::parse_mdx(text).map_err(|e| e.message)?;
    let mut code = Code::default();
    let mut stack = vec![&parsed];
    let quiet = |value: &str| {
        let v = value.trim();
        v.is_empty() || (v.starts_with("/*") && v.ends_with("*/")) || v == "\" \"" || v == "' '"
    };
    while let Some(node) = stack.pop() {
        match node {
            Node::MdxjsEsm(_) => code.esm += 1,
            Node::MdxFlowExpression(e) if !quiet(&e.value) => code.expressions.push(e.value.clone()),
            Node::MdxTextExpression(e) if !quiet(&e.value) => code.expressions.push(e.value.clone()),
            Node::MdxJsxFlowElement(el) if el.name.as_deref() != Some("ModelDetails") => {
                *code.elements.entry(signature(el.name.as_deref(), &el.attributes)).or_default() += 1;
            }
            Node::MdxJsxTextElement(el) => {
                *code.elements.entry(signature(el.name.as_deref(), &el.attributes)).or_default() += 1;
            }
            _ => {}
        }
        if let Some(children) = node.children() {
            stack.extend(children.iter());
        }
    }
    code.expressions.sort();
    Ok(code)
}

/// An element as [`Code`] compares it: `a(title="", href={x})`. Text values are left out (a
/// placeholder's text differs from the template's), their presence is not.
fn signature(name: Option<&str>, attributes: &[markdown::mdast::AttributeContent]) -> String {
    use markdown::mdast::{AttributeContent, AttributeValue};
    let mut out = format!("{}(", name.unwrap_or_default());
    for (i, a) in attributes.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match a {
            AttributeContent::Expression(e) => {
                let _ = write!(out, "{{{}}}", e.value);
            }
            AttributeContent::Property(p) => match &p.value {
                None => out.push_str(&p.name),
                Some(AttributeValue::Literal(_)) => {
                    let _ = write!(out, "{}=\"\"", p.name);
                }
                Some(AttributeValue::Expression(e)) => {
                    let _ = write!(out, "{}={{{}}}", p.name, e.value);
                }
            },
        }
    }
    out.push(')');
    out
}

/// The signature of the grid `<div>` the generator writes for a section with a grid class.
fn grid_signature(class: &str) -> Result<String, String> {
    let code = code_of(&format!("<div {}>\n</div>\n", jsx_attr("class", class)))?;
    Ok(code.elements.into_keys().next().unwrap_or_default())
}

/// Check the page `render` writes, before it is written: it parses as MDX, and it has exactly
/// the ESM, expressions and JSX elements of the template (plus the grids of generated sections):
/// no catalog text became code. Cards are left out of the check (a section's cards are written
/// as one `<ModelDetails />`): their text is escaped by construction, and the fuzz target `mdx`
/// checks that.
pub fn check(catalog: &Catalog) -> Result<(), String> {
    check_page(catalog, &render_with(catalog, Cards::Stub))
}

/// [`check`] on a page already rendered (in full, to check the cards too, as the property tests
/// do).
pub fn check_page(catalog: &Catalog, page: &str) -> Result<(), String> {
    // Every link of the page as assembled, read as the site reads it: a template that puts a
    // placeholder in a link (`[a](/{/* catalog:title */})`) can make one no text had.
    let parsed = std::panic::catch_unwind(|| markdown::to_mdast(page, &crate::validate::link_options()));
    if let Ok(Ok(tree)) = parsed {
        let mut urls = Vec::new();
        crate::validate::collect_links(&tree, &mut urls);
        if let Some((url, why)) = urls.iter().find_map(|u| crate::validate::url_problem(u).map(|why| (u, why))) {
            let shown: String = url.chars().take(80).collect();
            return Err(format!("the generated page links to `{shown}`: {why}"));
        }
    }
    let page = code_of(page).map_err(|e| format!("the generated page: {e}"))?;
    let mut expected = code_of(catalog.template().source()).map_err(|e| format!("page.mdx: {e}"))?;
    for (p, _) in catalog.template().placeholders() {
        if let Placeholder::Section(id) = p
            && let Some(class) = catalog.sections().iter().find(|s| s.id() == id).and_then(|s| s.grid_class())
        {
            *expected.elements.entry(grid_signature(class)?).or_default() += 1;
        }
    }
    if page.esm != expected.esm {
        return Err(format!("the generated page has {} import/export statements, page.mdx {}", page.esm, expected.esm));
    }
    if page.expressions != expected.expressions {
        let extra: Vec<&String> = page.expressions.iter().filter(|e| !expected.expressions.contains(e)).collect();
        return Err(format!("the generated page has expressions page.mdx does not: {extra:?}"));
    }
    if page.elements != expected.elements {
        return Err(format!(
            "the generated page has the elements {:?}, page.mdx {:?}",
            page.elements, expected.elements
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_fall_back_to_expressions_for_unsafe_text() {
        assert_eq!(jsx_attr("name", "gpt-5"), "name=\"gpt-5\"");
        assert_eq!(jsx_attr("d", "say \"hi\" {x}"), "d={'say \"hi\" \\u007bx\\u007d'}");
        assert_eq!(jsx_attr("d", "a\nb"), "d={\"a\\nb\"}");
    }

    #[test]
    fn prose_escapes_jsx_outside_code_spans() {
        assert_eq!(escape_prose("use {x} <b> and `{y}`"), "use \\{x\\} \\<b> and `{y}`");
    }

    #[test]
    fn prose_never_opens_esm_an_expression_or_a_tag() {
        assert_eq!(escape_prose("a\nexport const x = 1"), "a\n&#101;xport const x = 1");
        assert_eq!(escape_prose("  import {a} from 'b'"), "  &#105;mport \\{a\\} from 'b'");
        assert_eq!(escape_prose("odd ` then {x}"), "odd \\` then \\{x\\}");
        assert_eq!(escape_prose("\\<script>"), "\\\\\\<script>");
        // A run of five backticks that no run of five closes is text: its `{` is escaped.
        assert_eq!(escape_prose("`````ca{'A ````;{'A"), "\\`\\`\\`\\`\\`ca\\{'A \\`\\`\\`\\`;\\{'A");
        assert_eq!(escape_prose("``a`b`` {c}"), "``a`b`` \\{c\\}");
        // A span may not cross a line: MDX reads a line starting with `{` as an expression.
        assert_eq!(escape_prose("a ``x\n{{ y`` z"), "a \\`\\`x\n\\{\\{ y\\`\\` z");
        for text in
            ["a\nexport const x = 1", "odd ` then {x}", "\\<script>", "`{y}` and {z}", "plain", "`````ca{'A ````;{'A"]
        {
            assert_eq!(unescape_prose(&escape_prose(text)), text, "{text:?}");
        }
    }
}
