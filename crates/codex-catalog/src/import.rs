//! Import: read a Codex Models page written in MDX and make the catalog it describes.
//!
//! The page is parsed with the `markdown` crate's MDX constructs and each card's
//! `data={{ … }}` object literal with a JSON5 parser. Sections come from `##` headings (and from
//! titled wrappers such as toggle sections), surfaces from feature titles, ratings from icon
//! counts, successors from "Succeeded by X." sentences, the default and example models from the
//! `model = "…"` and `codex -m …` snippets. Every card attribute is kept, known or not.
//!
//! [`parse_page`] reads a page, [`build`] turns it into catalog files (merging into an existing
//! catalog when one is given), and nothing is written unless every card could be read.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use markdown::mdast::{AttributeContent, AttributeValue as MdAttr, MdxJsxFlowElement, Node};
use serde_json::Value;

use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Rule, SourceText};
use crate::model::{
    AttributeValue, Card, CatalogFile, CatalogSources, Document, ModelFile, Scale, Scales, Section, Sources, Surface,
};
use crate::render::GENERATED;
use crate::validate::is_slug;
use crate::write::Output;

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

/// A section id from its title: `Recommended models` → `recommended`.
pub fn section_id(title: &str) -> String {
    let base = title.trim().strip_suffix(" models").unwrap_or(title.trim());
    let id = slugify(base, '-');
    if id.is_empty() { "section".into() } else { id }
}

/// A surface id from its label: `Codex CLI & SDK` → `codex_cli_sdk`.
pub fn surface_id(label: &str) -> String {
    let id = slugify(label, '_');
    if id.is_empty() { "surface".into() } else { id }
}

fn slugify(text: &str, sep: char) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(sep) {
            out.push(sep);
        }
    }
    let out = out.trim_end_matches(sep).to_string();
    if out.starts_with(|c: char| c.is_ascii_digit()) { format!("s{sep}{out}") } else { out }
}

/// Split "…. Succeeded by X." off a description.
pub fn split_succession(description: &str) -> (String, Option<String>) {
    let trimmed = description.trim();
    let Some(pos) = trimmed.rfind("Succeeded by ") else { return (trimmed.to_string(), None) };
    let name = trimmed[pos + "Succeeded by ".len()..].trim_end_matches('.').trim();
    if name.is_empty() || name.contains(' ') {
        return (trimmed.to_string(), None);
    }
    (trimmed[..pos].trim_end().to_string(), Some(name.to_string()))
}

/// The document an import records as the source of what the page shows.
#[derive(Debug, Clone)]
pub struct ImportDocument {
    /// Id in `[[documents]]`.
    pub id: String,
    /// What it is.
    pub title: String,
    /// Its date, where its file name has one.
    pub date: Option<String>,
    /// Where it is.
    pub location: Option<String>,
}

impl ImportDocument {
    /// A document named after the page file: `codex-models-2026-04-03.mdx` gives the id
    /// `codex-models-2026-04-03` and the date 2026-04-03.
    pub fn from_path(path: &std::path::Path) -> ImportDocument {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let mut id = slugify(&stem, '-');
        if id.is_empty() || !id.starts_with(|c: char| c.is_ascii_lowercase()) {
            id = format!("page-{id}");
        }
        let bytes = stem.as_bytes();
        let date = (0..bytes.len().saturating_sub(9)).find_map(|i| {
            let s = stem.get(i..i + 10)?;
            let ok = s.bytes().enumerate().all(|(j, b)| if j == 4 || j == 7 { b == b'-' } else { b.is_ascii_digit() });
            ok.then(|| s.to_string())
        });
        let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        ImportDocument { id, title: format!("Codex Models page ({name})"), date, location: Some(name) }
    }
}

/// The catalog an import makes: typed files and the template.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    /// `catalog.toml`.
    pub catalog: CatalogFile,
    /// Model files by slug, only those that are new or changed.
    pub models: BTreeMap<String, ModelFile>,
    /// `page.mdx`.
    pub template: String,
}

/// Turn a page into catalog files, merging into `base` when given: what the page shows is
/// updated, what only the catalog knows (sources, notes, status, models not on the page) is kept.
pub fn build(
    page: &Page,
    base: Option<&Catalog>,
    doc: &ImportDocument,
    src: &SourceText,
) -> Result<Built, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let base_meta = base.map(|b| &b.meta);
    let title = page.title.clone().or_else(|| base_meta.map(|m| m.title.clone()));
    let Some(title) = title else {
        return Err(vec![src.diagnostic(Rule::Card, None, "", "the page has no `#` title heading")]);
    };

    // Scales from the first two rating titles, or the base's.
    let mut rating_titles: Vec<(String, String)> = Vec::new();
    for card in page.cards() {
        for f in &card.features {
            if let PageFeature::Rating { title, icon, .. } = f
                && !rating_titles.iter().any(|(t, _)| t == title)
            {
                rating_titles.push((title.clone(), icon.clone()));
            }
        }
    }
    let scales = match base_meta {
        Some(m) => m.scales.clone(),
        None => {
            let scale = |i: usize, label: &str, icon: &str| {
                let (l, ic) = rating_titles.get(i).cloned().unwrap_or((label.into(), icon.into()));
                Scale { label: l, icon: ic, max: 5 }
            };
            Scales {
                capability: scale(0, "Capability", "openai.SparklesFilled"),
                speed: scale(1, "Speed", "openai.Flash"),
            }
        }
    };
    for (t, _) in &rating_titles {
        if *t != scales.capability.label && *t != scales.speed.label {
            diags.push(src.diagnostic(
                Rule::Card,
                None,
                "",
                format!(
                    "the rating `{t}` is neither the capability scale (`{}`) nor the speed scale (`{}`)",
                    scales.capability.label, scales.speed.label
                ),
            ));
        }
    }

    // Surfaces: the base's, then each label never seen, in page order.
    let mut surfaces: Vec<Surface> = base_meta.map(|m| m.surfaces.clone()).unwrap_or_default();
    for card in page.cards() {
        for f in &card.features {
            if let PageFeature::Flag { title, .. } = f
                && !surfaces.iter().any(|s| &s.label == title)
            {
                let mut id = surface_id(title);
                while surfaces.iter().any(|s| s.id == id) {
                    id.push('_');
                }
                surfaces.push(Surface { id, label: title.clone() });
            }
        }
    }
    let surface_of = |label: &str| surfaces.iter().find(|s| s.label == label).map(|s| s.id.clone());

    // Slugs of every card and base model, to resolve "Succeeded by X".
    let mut known: Vec<(String, Option<String>, String)> = Vec::new(); // (slug, prose_name, name)
    if let Some(b) = base {
        known.extend(b.models.iter().map(|m| (m.slug.clone(), m.data.prose_name.clone(), m.data.name.clone())));
    }
    for card in page.cards() {
        if let (Some(slug), Some(name)) = (card.text("slug"), card.text("name")) {
            known.push((slug.to_string(), None, name.to_string()));
        }
    }
    let resolve = |name: &str| -> Option<String> {
        let lower = name.to_lowercase();
        known
            .iter()
            .find(|(slug, prose, n)| *slug == lower || prose.as_deref() == Some(name) || n == name)
            .map(|(slug, _, _)| slug.clone())
            .or_else(|| is_slug(&lower).then_some(lower))
    };

    // Record `doc` as the source of one fact (nothing when it is the model's default source).
    let set_source = |sources: &mut Sources, field: fn(&mut Sources) -> &mut Option<String>| {
        let value = (sources.default != doc.id).then(|| doc.id.clone());
        *field(sources) = value;
    };

    let mut models: BTreeMap<String, ModelFile> = BTreeMap::new();
    let mut prose_names: Vec<(String, String)> = Vec::new();
    let mut sections = Vec::new();
    for section in &page.sections {
        let id = base_meta
            .and_then(|m| m.sections.iter().find(|s| s.title == section.title).map(|s| s.id.clone()))
            .unwrap_or_else(|| section_id(&section.title));
        let mut slugs = Vec::new();
        for card in &section.cards {
            let (Some(slug), Some(name)) = (card.text("slug"), card.text("name")) else { continue };
            slugs.push(slug.to_string());
            let old = base.and_then(|b| b.model(slug)).map(|m| m.data.clone());
            let is_new = old.is_none();
            let mut m = old.unwrap_or_else(|| new_model(name, doc));
            m.name = name.to_string();
            let (description, successor) = split_succession(card.text("description").unwrap_or_default());
            m.description = (!description.is_empty()).then_some(description);
            if let Some(next_name) = successor {
                match resolve(&next_name) {
                    Some(next) => {
                        if next_name != next {
                            prose_names.push((next.clone(), next_name));
                        }
                        m.succeeded_by = Some(next);
                        if !is_new {
                            set_source(&mut m.sources, |s| &mut s.succeeded_by);
                        }
                    }
                    None => diags.push(src.diagnostic(
                        Rule::Card,
                        None,
                        "",
                        format!("card on line {}: successor `{next_name}` is not a model", card.line),
                    )),
                }
            }
            m.wallpaper_url = card.text("wallpaperUrl").map(String::from);
            let mut attributes = BTreeMap::new();
            for (name, value) in &card.attributes {
                match name.as_str() {
                    "client:load" | "collapsible" | "name" | "slug" | "description" | "wallpaperUrl" => {}
                    _ => {
                        attributes.insert(
                            name.clone(),
                            match value {
                                PageAttr::Bare => AttributeValue::Flag(true),
                                PageAttr::Bool(b) => AttributeValue::Flag(*b),
                                PageAttr::Text(t) => AttributeValue::Text(t.clone()),
                                PageAttr::Expression(e) => AttributeValue::Expression { expression: e.clone() },
                            },
                        );
                    }
                }
            }
            m.card = Card { client_load: card.flag("client:load"), collapsible: card.flag("collapsible"), attributes };
            for f in &card.features {
                match f {
                    PageFeature::Rating { title, count, .. } if *title == scales.capability.label => {
                        m.capability = Some(*count)
                    }
                    PageFeature::Rating { count, .. } => m.speed = Some(*count),
                    PageFeature::Flag { title, value } => {
                        if let Some(id) = surface_of(title) {
                            m.availability.insert(id, *value);
                        }
                    }
                }
            }
            if !is_new {
                for field in [
                    (|s: &mut Sources| &mut s.name) as fn(&mut Sources) -> &mut Option<String>,
                    |s| &mut s.description,
                    |s| &mut s.ratings,
                    |s| &mut s.availability,
                    |s| &mut s.wallpaper_url,
                    |s| &mut s.card,
                ] {
                    set_source(&mut m.sources, field);
                }
            }
            models.insert(slug.to_string(), m);
        }
        let old = base_meta.and_then(|m| m.sections.iter().find(|s| s.id == id));
        sections.push(Section {
            id,
            title: section.title.clone(),
            models: slugs,
            guidance: section.guidance.clone(),
            grid_class: section.grid_class.clone().or_else(|| old.and_then(|o| o.grid_class.clone())),
        });
    }

    // Successors named only in sentences: record the prose name, creating the model if needed.
    for (slug, prose) in prose_names {
        let entry = models.entry(slug.clone()).or_insert_with(|| match base.and_then(|b| b.model(&slug)) {
            Some(m) => m.data.clone(),
            None => new_model(&slug, doc),
        });
        if entry.prose_name.as_deref() != Some(prose.as_str()) {
            entry.prose_name = Some(prose);
            if entry.sources.default != doc.id {
                entry.sources.prose_name = Some(doc.id.clone());
            }
        }
    }

    let pick = |page_value: &Option<String>, base_value: Option<&String>, what: &str, diags: &mut Vec<Diagnostic>| {
        page_value.clone().or_else(|| base_value.cloned()).unwrap_or_else(|| {
            diags.push(src.diagnostic(Rule::Card, None, "", format!("the page has no {what}")));
            String::new()
        })
    };
    let default_model =
        pick(&page.default_model, base_meta.map(|m| &m.default_model), "`model = \"…\"` config snippet", &mut diags);
    let example_model =
        pick(&page.example_model, base_meta.map(|m| &m.example_model), "`codex -m …` example", &mut diags);
    let cloud_model = page.cloud_model.clone().or_else(|| base_meta.and_then(|m| m.cloud_model.clone()));

    let mut documents = base_meta.map(|m| m.documents.clone()).unwrap_or_default();
    if !documents.iter().any(|d| d.id == doc.id) {
        documents.push(Document {
            id: doc.id.clone(),
            title: doc.title.clone(),
            date: doc.date.clone(),
            location: doc.location.clone(),
        });
    }
    let sources = match base_meta {
        Some(m) => {
            let mut s = m.sources.clone();
            for slot in [&mut s.default_model, &mut s.example_model] {
                *slot = (m.sources.default != doc.id).then(|| doc.id.clone());
            }
            if page.cloud_model.is_some() {
                s.cloud_model = (m.sources.default != doc.id).then(|| doc.id.clone());
            }
            s
        }
        None => CatalogSources {
            default: doc.id.clone(),
            default_model: None,
            example_model: None,
            cloud_model: None,
            surfaces: None,
        },
    };
    let catalog = CatalogFile {
        title,
        default_model,
        example_model,
        cloud_model,
        scales,
        surfaces,
        sections,
        documents,
        sources,
    };

    // Keep only the models the import changes.
    if let Some(b) = base {
        models.retain(|slug, m| b.model(slug).is_none_or(|old| old.data != *m));
    }
    if diags.is_empty() { Ok(Built { catalog, models, template: page.template.clone() }) } else { Err(diags) }
}

fn new_model(name: &str, doc: &ImportDocument) -> ModelFile {
    ModelFile {
        name: name.to_string(),
        prose_name: None,
        description: None,
        capability: None,
        speed: None,
        availability: BTreeMap::new(),
        availability_notes: BTreeMap::new(),
        input_modalities: None,
        status: None,
        succeeded_by: None,
        wallpaper_url: None,
        card: Card::default(),
        sources: Sources::new(doc.id.clone()),
    }
}

/// The files of a built catalog, relative to the catalog folder. `schema_dir` is the path from
/// the catalog folder to the repository's `schema/` (`../schema`), for the `#:schema` lines.
pub fn files(built: &Built, schema_dir: &str) -> Vec<Output> {
    let mut out = vec![Output {
        path: crate::load::CATALOG_FILE.to_string(),
        contents: format!("#:schema {schema_dir}/catalog.schema.json\n\n{}", to_toml(&built.catalog)),
    }];
    for (slug, model) in &built.models {
        out.push(Output {
            path: format!("{}/{slug}.toml", crate::load::MODELS_DIR),
            contents: format!("#:schema ../{schema_dir}/model.schema.json\n\n{}", to_toml(model)),
        });
    }
    out.push(Output { path: crate::load::TEMPLATE_FILE.to_string(), contents: built.template.clone() });
    out
}

fn to_toml<T: serde::Serialize>(value: &T) -> String {
    // The types serialise to tables of strings, numbers, booleans and arrays: always valid TOML.
    toml::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_succession_sentences() {
        assert_eq!(
            split_succession("Optimized for coding. Succeeded by GPT-5.1-Codex-Max."),
            ("Optimized for coding.".to_string(), Some("GPT-5.1-Codex-Max".to_string()))
        );
        assert_eq!(split_succession("No successor."), ("No successor.".to_string(), None));
    }

    #[test]
    fn ids_from_titles_and_labels() {
        assert_eq!(section_id("Recommended models"), "recommended");
        assert_eq!(surface_id("Codex app & IDE extension"), "codex_app_ide_extension");
        assert_eq!(surface_id("API Access"), "api_access");
    }

    #[test]
    fn documents_take_their_date_from_the_file_name() {
        let d = ImportDocument::from_path(std::path::Path::new("pages/codex-models-2026-04-03.mdx"));
        assert_eq!(d.id, "codex-models-2026-04-03");
        assert_eq!(d.date.as_deref(), Some("2026-04-03"));
    }
}

/// What an import would write, checked: the files (relative to the catalog folder) and the
/// validation of the catalog they make.
#[derive(Debug)]
pub struct Plan {
    /// The files to write, relative to the catalog folder.
    pub files: Vec<Output>,
    /// The catalog they make, validated.
    pub catalog: Catalog,
    /// Warnings of that validation.
    pub warnings: Vec<Diagnostic>,
    /// The catalog that was there before, when the import merges.
    pub base: Option<Catalog>,
}

/// Read `page_path` and plan the catalog it describes in `catalog_dir`, merging when that folder
/// already holds a catalog. Errors (an unreadable card, two cards with one slug, an invalid
/// result) come back as diagnostics, and then nothing may be written.
pub fn plan(
    page_path: &std::path::Path,
    catalog_dir: &std::path::Path,
    schema_dir: &str,
) -> Result<Plan, Vec<Diagnostic>> {
    use crate::load;
    let mut diags = Vec::new();
    let Some(src) = load::read_text(page_path, &mut diags) else { return Err(diags) };
    let page = parse_page(&src)?;
    let doc = ImportDocument::from_path(page_path);

    let has_base = catalog_dir.join(load::CATALOG_FILE).exists();
    let mut loaded = if has_base {
        let loaded = load::load(catalog_dir, &mut diags)
            .map_err(|e| vec![Diagnostic::for_file(Rule::Io, load::display(catalog_dir), e.to_string())])?;
        Some(loaded)
    } else {
        None
    };
    let base = match &loaded {
        Some(l) => {
            let outcome = crate::validate::validate(l, std::mem::take(&mut diags));
            match outcome.catalog {
                Some(c) => Some(c),
                None => return Err(outcome.diagnostics),
            }
        }
        None => None,
    };
    let built = build(&page, base.as_ref(), &doc, &src)?;
    let files = files(&built, schema_dir);

    // Validate what would be written, in memory: the base's files with the new ones put in.
    let mut merged = loaded.take().unwrap_or(load::LoadedCatalog {
        dir: catalog_dir.to_path_buf(),
        catalog: None,
        models: Vec::new(),
        template: None,
    });
    for f in &files {
        let text = SourceText::new(load::display(&catalog_dir.join(&f.path)), f.contents.clone());
        if f.path == load::CATALOG_FILE {
            merged.catalog = Some(load::parse_toml(text, &mut diags));
        } else if f.path == load::TEMPLATE_FILE {
            merged.template = Some(text);
        } else {
            let slug = f.path.trim_start_matches("models/").trim_end_matches(".toml").to_string();
            let parsed = load::parse_toml(text, &mut diags);
            match merged.models.iter_mut().find(|m| m.slug == slug) {
                Some(m) => m.file = parsed,
                None => merged.models.push(load::ModelSource { slug, file: parsed }),
            }
        }
    }
    merged.models.sort_by(|a, b| a.slug.cmp(&b.slug));
    let outcome = crate::validate::validate(&merged, diags);
    match outcome.catalog {
        Some(catalog) => Ok(Plan { files, catalog, warnings: outcome.diagnostics, base }),
        None => Err(outcome.diagnostics),
    }
}
