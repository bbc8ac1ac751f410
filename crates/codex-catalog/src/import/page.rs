//! Page reading: parse a Codex Models page written in MDX into what it says ([`Page`]), and the
//! template of its prose with placeholders where the generator puts what it owns.

use std::collections::HashMap;
use std::ops::Range;

use markdown::mdast::{AttributeContent, AttributeValue as MdAttr, MdxJsxFlowElement, Node};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Rule, SourceText};
use crate::naming::{GENERATED, is_slug, section_id};

/// A card attribute as written on the page.
#[derive(Debug, Clone, PartialEq)]
pub enum PageAttr {
    /// A bare attribute (`collapsible`).
    Bare,
    /// A quoted value, or an expression that is a string literal.
    Text(String),
    /// A boolean expression (`featured={false}`).
    Bool(bool),
    /// Any other expression, as written between the braces.
    Expression(String),
}

/// A feature of a card's `data`.
#[derive(Debug, Clone, PartialEq)]
pub enum PageFeature {
    /// A rating: its title and the icon repeated `count` times.
    Rating {
        /// `Capability`.
        title: String,
        /// The icon.
        icon: String,
        /// How many icons.
        count: u8,
    },
    /// A surface flag.
    Flag {
        /// The surface label.
        title: String,
        /// Available or not.
        value: bool,
    },
}

/// One `<ModelDetails>` card.
#[derive(Debug, Clone, PartialEq)]
pub struct PageCard {
    /// 1-based line of `<ModelDetails`.
    pub line: usize,
    /// The attributes other than `data`, in page order.
    pub attributes: Vec<(String, PageAttr)>,
    /// The features of `data`, in order.
    pub features: Vec<PageFeature>,
}

impl PageCard {
    /// The value of a text attribute.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find_map(|(n, v)| match v {
            PageAttr::Text(t) if n == name => Some(t.as_str()),
            _ => None,
        })
    }

    /// Whether the card has the attribute (bare or `={true}`).
    pub fn flag(&self, name: &str) -> bool {
        self.attributes.iter().any(|(n, v)| n == name && matches!(v, PageAttr::Bare | PageAttr::Bool(true)))
    }
}

/// A section of the page and its cards.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSection {
    /// The heading (or wrapper title).
    pub title: String,
    /// The `class` of the `<div>` around the cards.
    pub grid_class: Option<String>,
    /// The cards in order.
    pub cards: Vec<PageCard>,
    /// The paragraphs after the cards, as Markdown.
    pub guidance: Option<String>,
}

/// What a page says.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The `#` heading.
    pub title: Option<String>,
    /// The sections with cards, in page order.
    pub sections: Vec<PageSection>,
    /// From the `model = "…"` snippet.
    pub default_model: Option<String>,
    /// From the `codex -m …` snippet.
    pub example_model: Option<String>,
    /// From a backticked slug under a heading about cloud tasks.
    pub cloud_model: Option<String>,
    /// The page's prose with placeholders where the generator puts cards and snippets.
    pub template: String,
}

impl Page {
    /// Every card in page order.
    pub fn cards(&self) -> impl Iterator<Item = &PageCard> {
        self.sections.iter().flat_map(|s| s.cards.iter())
    }
}

fn span(node: &Node) -> Range<usize> {
    node.position().map_or(0..0, |p| p.start.offset..p.end.offset)
}

fn is_card(el: &MdxJsxFlowElement) -> bool {
    el.name.as_deref() == Some("ModelDetails")
}

fn has_card(node: &Node) -> bool {
    match node {
        Node::MdxJsxFlowElement(el) if is_card(el) => true,
        _ => node.children().is_some_and(|c| c.iter().any(has_card)),
    }
}

fn attr_text(el: &MdxJsxFlowElement, name: &str) -> Option<String> {
    el.attributes.iter().find_map(|a| match a {
        AttributeContent::Property(p) if p.name == name => match &p.value {
            Some(MdAttr::Literal(s)) => Some(s.clone()),
            Some(MdAttr::Expression(e)) => json5::from_str::<String>(&e.value).ok(),
            None => None,
        },
        _ => None,
    })
}

/// Remove the backslash of `\{`, `\}` and `\<`, the escapes the renderer adds to prose.
fn unescape_prose(text: &str) -> String {
    text.replace("\\{", "{").replace("\\}", "}").replace("\\<", "<")
}

/// Remove the indentation the lines after the first share (the page may indent a paragraph's
/// continuation lines); relative indentation (nested lists) stays.
fn dedent(text: &str) -> String {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let common = text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(indent).min().unwrap_or(0);
    text.lines()
        .enumerate()
        .map(|(i, l)| if i == 0 || l.len() < common { l.trim_start() } else { &l[common..] })
        .collect::<Vec<_>>()
        .join("\n")
}

struct Parser<'a> {
    src: &'a SourceText,
    diags: Vec<Diagnostic>,
    replacements: Vec<(Range<usize>, String)>,
    /// Rating titles with the icon first seen for each.
    icons: Vec<(String, String)>,
}

/// Parse a page. Errors name the file and line; any error means no catalog.
pub fn parse_page(src: &SourceText) -> Result<Page, Vec<Diagnostic>> {
    // The `markdown` crate can panic on some inputs (found by fuzzing: an attribute value ending
    // in `&g"`); a page must get a diagnostic, never a crash.
    let parsed = std::panic::catch_unwind(|| markdown::to_mdast(&src.text, &markdown::ParseOptions::mdx()));
    let Ok(parsed) = parsed else {
        let d = src.diagnostic(
            Rule::MdxSyntax,
            None,
            "",
            "the MDX parser failed on this page (a bug of the `markdown` crate)",
        );
        return Err(vec![
            d.with_hint("look for an unterminated character reference such as `&g` at the end of an attribute value"),
        ]);
    };
    let root = match parsed {
        Ok(root) => root,
        Err(message) => {
            let offset = match message.place.as_deref() {
                Some(markdown::message::Place::Point(p)) => p.offset,
                Some(markdown::message::Place::Position(p)) => p.start.offset,
                None => 0,
            };
            let d = src.diagnostic(
                Rule::MdxSyntax,
                Some(offset..offset),
                "",
                format!("the page is not valid MDX: {}", message.reason),
            );
            return Err(vec![d.with_hint("is a card unclosed (`<ModelDetails` without `/>`)?")]);
        }
    };
    let mut p = Parser { src, diags: Vec::new(), replacements: Vec::new(), icons: Vec::new() };
    let page = p.page(root.children().map(Vec::as_slice).unwrap_or_default());
    p.check_duplicates(&page);
    if p.diags.is_empty() { Ok(page) } else { Err(p.diags) }
}

impl Parser<'_> {
    fn error(&mut self, rule: Rule, at: Range<usize>, message: String) {
        self.diags.push(self.src.diagnostic(rule, Some(at), "", message));
    }

    fn page(&mut self, nodes: &[Node]) -> Page {
        let mut page = Page {
            title: None,
            sections: Vec::new(),
            default_model: None,
            example_model: None,
            cloud_model: None,
            template: String::new(),
        };
        let mut heading: Option<(String, Range<usize>, u8)> = None;
        let mut i = 0;
        while i < nodes.len() {
            let node = &nodes[i];
            match node {
                Node::MdxFlowExpression(e) if i == 0 && e.value.contains(GENERATED) => {
                    let end = nodes.get(1).map_or(span(node).end, |n| span(n).start);
                    self.replacements.push((span(node).start..end, String::new()));
                }
                Node::Heading(h) if h.depth == 1 && page.title.is_none() => {
                    page.title = Some(node.to_string().trim().to_string());
                    self.replacements.push((span(node), "# {/* catalog:title */}".into()));
                }
                Node::Heading(h) => heading = Some((node.to_string().trim().to_string(), span(node), h.depth)),
                Node::Code(code) => self.snippet(node, code.lang.as_deref(), &code.value, &mut page),
                _ if has_card(node) => {
                    i = self.section(nodes, i, heading.take(), &mut page);
                    continue;
                }
                Node::Paragraph(_) if heading.as_ref().is_some_and(|(t, _, _)| t.to_lowercase().contains("cloud")) => {
                    self.cloud(node, &mut page);
                }
                _ => {}
            }
            i += 1;
        }
        page.template = self.template();
        page
    }

    /// The section starting at `nodes[start]` (which holds cards): its cards, then guidance.
    /// Returns the index after the section.
    fn section(
        &mut self,
        nodes: &[Node],
        start: usize,
        heading: Option<(String, Range<usize>, u8)>,
        page: &mut Page,
    ) -> usize {
        let first = &nodes[start];
        let (title, span_start) = match &heading {
            Some((title, span, depth)) if *depth == 2 => (title.clone(), span.start),
            _ => {
                self.error(Rule::Card, span(first), "cards must follow a `##` section heading".into());
                (String::new(), span(first).start)
            }
        };
        let mut section = PageSection { title, grid_class: None, cards: Vec::new(), guidance: None };
        let mut extra_sections = Vec::new();
        let mut i = start;
        let mut end = span(first).end;
        let mut guidance: Option<Range<usize>> = None;
        while i < nodes.len() {
            let node = &nodes[i];
            match node {
                Node::MdxFlowExpression(e) if e.value.trim().is_empty() || e.value.trim() == "\" \"" => {}
                _ if has_card(node) => {
                    if let Some(g) = &guidance {
                        self.error(
                            Rule::Card,
                            g.clone(),
                            "text between the cards of a section is not supported".into(),
                        );
                    }
                    self.container(node, &mut section, &mut extra_sections);
                    end = span(node).end;
                }
                // Headings, snippets and ESM end the section; any other Markdown is guidance.
                Node::Heading(_) | Node::Code(_) | Node::MdxjsEsm(_) => break,
                _ => {
                    let s = span(node);
                    guidance = Some(guidance.map_or(s.clone(), |g| g.start..s.end));
                    end = s.end;
                }
            }
            i += 1;
        }
        if let Some(g) = guidance {
            section.guidance = Some(unescape_prose(&dedent(&self.src.text[g])));
        }
        let mut placeholder = String::new();
        for s in std::iter::once(&section).chain(extra_sections.iter()) {
            if !placeholder.is_empty() {
                placeholder.push_str("\n\n");
            }
            placeholder.push_str(&format!("{{/* catalog:section {} */}}", section_id(&s.title)));
        }
        self.replacements.push((span_start..end, placeholder));
        page.sections.push(section);
        page.sections.extend(extra_sections);
        i
    }

    /// A card, or a wrapper holding cards: a `<div>` gives the grid class, a wrapper with a
    /// `title` (a toggle section) becomes a section of its own.
    fn container(&mut self, node: &Node, section: &mut PageSection, extra: &mut Vec<PageSection>) {
        let Node::MdxJsxFlowElement(el) = node else {
            for child in node.children().into_iter().flatten() {
                self.container(child, section, extra);
            }
            return;
        };
        if is_card(el) {
            if let Some(card) = self.card(node, el) {
                section.cards.push(card);
            }
            return;
        }
        let title = attr_text(el, "title");
        if let (Some(title), false) = (title, el.name.as_deref() == Some("div")) {
            let mut toggle = PageSection { title, grid_class: None, cards: Vec::new(), guidance: None };
            for child in &el.children {
                self.container(child, &mut toggle, extra);
            }
            extra.push(toggle);
            return;
        }
        if el.name.as_deref() == Some("div") && section.grid_class.is_none() {
            section.grid_class = attr_text(el, "class").or_else(|| attr_text(el, "className"));
        }
        for child in &el.children {
            self.container(child, section, extra);
        }
    }

    fn card(&mut self, node: &Node, el: &MdxJsxFlowElement) -> Option<PageCard> {
        let at = span(node);
        let line = self.src.position(at.start).0;
        let mut attributes = Vec::new();
        let mut data = None;
        for attr in &el.attributes {
            let AttributeContent::Property(p) = attr else {
                self.error(
                    Rule::Card,
                    at.clone(),
                    format!("card on line {line}: spread attributes `{{...}}` cannot be read"),
                );
                return None;
            };
            let value = match &p.value {
                None => PageAttr::Bare,
                Some(MdAttr::Literal(s)) => PageAttr::Text(s.clone()),
                Some(MdAttr::Expression(e)) if p.name == "data" => {
                    data = Some(e.value.clone());
                    continue;
                }
                Some(MdAttr::Expression(e)) => match json5::from_str::<Value>(&e.value) {
                    Ok(Value::String(s)) => PageAttr::Text(s),
                    Ok(Value::Bool(b)) => PageAttr::Bool(b),
                    _ => PageAttr::Expression(e.value.clone()),
                },
            };
            attributes.push((p.name.clone(), value));
        }
        let mut card = PageCard { line, attributes, features: Vec::new() };
        let before = self.diags.len();
        match card.text("slug") {
            None => self.error(Rule::Card, at.clone(), format!("card on line {line} has no `slug`")),
            Some(slug) if !is_slug(slug) => {
                self.error(Rule::Card, at.clone(), format!("card on line {line}: `{slug}` is not a valid slug"))
            }
            Some(_) => {}
        }
        if card.text("name").is_none() {
            self.error(Rule::Card, at.clone(), format!("card on line {line} has no `name`"));
        }
        match data {
            None => self.error(
                Rule::Card,
                at.clone(),
                format!("card on line {line} has no `data={{{{ features: [...] }}}}`"),
            ),
            Some(expr) => card.features = self.features(&expr, at.clone(), line),
        }
        (self.diags.len() == before).then_some(card)
    }

    fn features(&mut self, expr: &str, at: Range<usize>, line: usize) -> Vec<PageFeature> {
        let value: Value = match json5::from_str(expr) {
            Ok(v) => v,
            Err(e) => {
                self.error(Rule::Card, at, format!("card on line {line}: `data` is not an object literal: {e}"));
                return Vec::new();
            }
        };
        let Some(items) = value.get("features").and_then(Value::as_array) else {
            self.error(Rule::Card, at, format!("card on line {line}: `data` has no `features` array"));
            return Vec::new();
        };
        let card_text = &self.src.text[at.clone()];
        let mut search_from = 0;
        let mut features = Vec::new();
        for item in items {
            let title = item.get("title").and_then(Value::as_str).unwrap_or_default().to_string();
            // The feature's own line, for messages: where its title is written in the card.
            let quoted = serde_json::to_string(&title).unwrap_or_default();
            let offset = card_text[search_from..].find(&quoted).map_or(at.start, |o| {
                search_from += o + quoted.len();
                at.start + search_from - quoted.len()
            });
            let here = offset..offset + quoted.len();
            let fline = self.src.position(offset).0;
            if title.is_empty() {
                self.error(Rule::Card, here, format!("card on line {line}: a feature has no `title`"));
                continue;
            }
            if let Some(icons) = item.get("icons") {
                let icons: Option<Vec<&str>> =
                    icons.as_array().map(|a| a.iter().map(Value::as_str).collect()).unwrap_or(None);
                let Some(icons) = icons.filter(|i| !i.is_empty()) else {
                    self.error(
                        Rule::Card,
                        here,
                        format!("feature `{title}` (line {fline}): `icons` must be a list of icon names"),
                    );
                    continue;
                };
                let expected = match self.icons.iter().find(|(t, _)| *t == title) {
                    Some((_, icon)) => icon.clone(),
                    None => {
                        self.icons.push((title.clone(), icons[0].to_string()));
                        icons[0].to_string()
                    }
                };
                if let Some(bad) = icons.iter().find(|i| **i != expected) {
                    self.error(
                        Rule::Card,
                        here,
                        format!("feature `{title}` (line {fline}): unknown icon `{bad}`; this page rates `{title}` with `{expected}`"),
                    );
                    continue;
                }
                features.push(PageFeature::Rating { title, icon: expected, count: icons.len().min(255) as u8 });
            } else {
                match item.get("value") {
                    Some(Value::Bool(value)) => features.push(PageFeature::Flag { title, value: *value }),
                    other => self.error(
                        Rule::Card,
                        here,
                        format!(
                            "feature `{title}` (line {fline}): `value` must be true or false, not {}",
                            other.map_or("missing".to_string(), Value::to_string)
                        ),
                    ),
                }
            }
        }
        features
    }

    fn snippet(&mut self, node: &Node, lang: Option<&str>, value: &str, page: &mut Page) {
        match lang {
            Some("toml") => {
                if let Some(model) =
                    toml::from_str::<toml::Table>(value).ok().and_then(|t| t.get("model")?.as_str().map(String::from))
                {
                    page.default_model = Some(model);
                    self.replacements.push((span(node), "{/* catalog:config-snippet */}".into()));
                }
            }
            Some("bash" | "sh" | "shell" | "console") => {
                let words: Vec<&str> = value.split_whitespace().collect();
                if let ["codex", "-m" | "--model", model] = words.as_slice() {
                    page.example_model = Some(model.to_string());
                    self.replacements.push((span(node), "{/* catalog:example-command */}".into()));
                }
            }
            _ => {}
        }
    }

    fn cloud(&mut self, node: &Node, page: &mut Page) {
        for child in node.children().into_iter().flatten() {
            if let Node::InlineCode(code) = child
                && is_slug(&code.value)
                && code.value.contains('-')
                && page.cloud_model.is_none()
            {
                page.cloud_model = Some(code.value.clone());
                self.replacements.push((span(child), "{/* catalog:cloud-model */}".into()));
            }
        }
    }

    fn check_duplicates(&mut self, page: &Page) {
        let mut seen: HashMap<&str, &PageCard> = HashMap::new();
        let mut found = Vec::new();
        for card in page.cards() {
            let Some(slug) = card.text("slug") else { continue };
            match seen.get(slug) {
                Some(first) => found.push((
                    slug.to_string(),
                    first.line,
                    first.text("name").unwrap_or("?").to_string(),
                    card.line,
                    card.text("name").unwrap_or("?").to_string(),
                )),
                None => {
                    seen.insert(slug, card);
                }
            }
        }
        for (slug, l1, n1, l2, n2) in found {
            let offset = self.src.text.split_inclusive('\n').take(l2 - 1).map(str::len).sum::<usize>();
            let d = self.src.diagnostic(
                Rule::DuplicateSlug,
                Some(offset..offset),
                "",
                format!("two cards have the slug `{slug}`: `{n1}` on line {l1} and `{n2}` on line {l2}"),
            );
            self.diags.push(d.with_hint("correct the slug of one card; a slug names one model"));
        }
    }

    fn template(&mut self) -> String {
        self.replacements.sort_by_key(|(r, _)| r.start);
        let text = &self.src.text;
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for (range, with) in &self.replacements {
            if range.start < pos {
                continue;
            }
            out.push_str(&text[pos..range.start]);
            out.push_str(with);
            pos = range.end;
        }
        out.push_str(&text[pos..]);
        let mut out = out.replace("\r\n", "\n");
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}
