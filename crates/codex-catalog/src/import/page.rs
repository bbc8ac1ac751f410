//! Page reading: parse a Codex Models page written in MDX into what it says ([`Page`]), and the
//! template of its prose with placeholders where the generator puts what it owns.

use crate::hash::HashMap;
use std::ops::Range;

use markdown::mdast::{AttributeContent, AttributeValue as MdAttr, MdxJsxFlowElement, Node};
use serde_json::Value;

use crate::card::{MAX_DATA_DEPTH, Shape, json5_bounded, string_end};
use crate::diagnostic::{Diagnostic, Rule, SourceText};
use crate::naming::{GENERATED, is_slug, section_id};
use crate::template::unescape_prose;

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

impl PageFeature {
    /// The feature's title.
    pub fn title(&self) -> &str {
        match self {
            PageFeature::Rating { title, .. } | PageFeature::Flag { title, .. } => title,
        }
    }
}

/// One `<ModelDetails>` card.
#[derive(Debug, Clone, PartialEq)]
pub struct PageCard {
    /// 1-based line of `<ModelDetails`.
    pub line: usize,
    /// The attributes other than `data`, in page order.
    pub attributes: Vec<(String, PageAttr)>,
    /// Every attribute name in page order, `data` included.
    pub order: Vec<String>,
    /// The features of `data`, in order.
    pub features: Vec<PageFeature>,
    /// For each feature, how the page lays it out (a line break after `{`; after `icons: [`).
    pub shapes: Vec<Shape>,
    /// The column `<ModelDetails` starts at (0-based).
    pub indent: usize,
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

/// A section of the page and its cards: the cards that follow one heading.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSection {
    /// The id the template's placeholders use (from the title, made unique on the page).
    pub id: String,
    /// The heading.
    pub title: String,
    /// The `class` of the `<div>` around the cards.
    pub grid_class: Option<String>,
    /// The cards in order.
    pub cards: Vec<PageCard>,
    /// The paragraphs after the cards, as Markdown, as written.
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
    /// Slugs the prose names in backticks (that look like the cards' slugs), in page order.
    pub prose_slugs: Vec<String>,
    /// The page's prose with placeholders where the generator puts cards and snippets.
    pub template: String,
    /// What the page has that the importer does not model and kept verbatim in the template,
    /// one line per element (`line 21: <CodexModelSwitcher>`).
    pub verbatim: Vec<String>,
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
            Some(MdAttr::Expression(e)) => json5_bounded::<String>(&e.value),
            None => None,
        },
        _ => None,
    })
}

/// The deepest nesting of wrappers the importer follows; deeper pages are refused, so no input
/// can exhaust the stack.
pub const MAX_DEPTH: usize = 64;

pub use crate::template::MAX_TAG_DEPTH;
use crate::template::too_deep;

/// An expression of nothing but blank text (`{" "}`), which pages put between elements.
fn is_blank_expression(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || v == "\" \"" || v == "' '"
}

/// The span of a heading's text when it is one plain run (so a placeholder can stand for it and
/// give the same bytes back); `None` for text with code, emphasis or links.
fn plain_text_span(node: &Node) -> Option<Range<usize>> {
    match node.children().map(Vec::as_slice) {
        Some([text @ Node::Text(t)]) if !t.value.trim().is_empty() && t.value.trim() == t.value => Some(span(text)),
        _ => None,
    }
}

/// For each object of `data`'s `features` array, how the source lays it out: a line break right
/// after its `{` (prettier keeps such an object expanded), and after the `[` of an array in it
/// (the icons). Also refuses `data` nested deeper than [`MAX_DATA_DEPTH`] before anything parses
/// it recursively. Strings are skipped with their escapes; the scan is one loop, not a recursion.
fn feature_shapes(expr: &str) -> Result<Vec<Shape>, String> {
    let bytes = expr.as_bytes();
    let breaks_after = |i: usize| {
        let rest = &expr[i + 1..];
        rest[..rest.len() - rest.trim_start().len()].contains('\n')
    };
    let mut depth = 0usize;
    let mut features_at: Option<usize> = None; // depth of the `features` array once entered
    let mut pending_features = false;
    let mut out: Vec<Shape> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' | b'`' => i = string_end(bytes, i),
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DATA_DEPTH {
                    return Err(format!("is nested more than {MAX_DATA_DEPTH} deep"));
                }
                match (bytes[i], features_at) {
                    (b'[', None) if pending_features => features_at = Some(depth),
                    (b'{', Some(d)) if d.checked_add(1) == Some(depth) => {
                        out.push(Shape { expanded: breaks_after(i), icons_broken: false });
                    }
                    (b'[', Some(d)) if d.checked_add(2) == Some(depth) => {
                        if let Some(last) = out.last_mut() {
                            last.icons_broken = breaks_after(i);
                        }
                    }
                    _ => {}
                }
                pending_features = false;
            }
            b'}' | b']' => {
                if features_at == Some(depth) && bytes[i] == b']' {
                    features_at = Some(usize::MAX); // done: later objects are not features
                }
                depth = depth.saturating_sub(1);
            }
            b'f' if features_at.is_none() && expr[i..].starts_with("features") => {
                pending_features = true;
                i += "features".len();
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(out)
}

struct Parser<'a> {
    src: &'a SourceText,
    diags: Vec<Diagnostic>,
    replacements: Vec<(Range<usize>, String)>,
    /// Rating titles with the icon first seen for each.
    icons: Vec<(String, String)>,
    /// The last heading seen: its title, its depth, and the span of its text (`None` when the
    /// text is not a plain run a placeholder could stand for).
    heading: Option<(String, u8, Option<Range<usize>>)>,
    /// The section cards go to now (an index into the page's sections), until the next heading.
    current: Option<usize>,
    /// Whether the last heading is about cloud tasks.
    cloud_heading: bool,
}

/// Parse a page. Errors name the file and line; any error means no catalog.
pub fn parse_page(src: &SourceText) -> Result<Page, Vec<Diagnostic>> {
    // The MDX parser takes superlinear time (and can abort) on elements nested thousands deep:
    // such a page is refused before it is parsed.
    if let Some(at) = too_deep(&src.text, MAX_TAG_DEPTH) {
        let message = format!("elements are nested more than {MAX_TAG_DEPTH} deep");
        return Err(vec![src.diagnostic(Rule::MdxSyntax, Some(at..at), "", message)]);
    }
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
    let mut p = Parser {
        src,
        diags: Vec::new(),
        replacements: Vec::new(),
        icons: Vec::new(),
        heading: None,
        current: None,
        cloud_heading: false,
    };
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
            prose_slugs: Vec::new(),
            template: String::new(),
            verbatim: Vec::new(),
        };
        if let Some(first @ Node::MdxFlowExpression(e)) = nodes.first()
            && e.value.contains(GENERATED)
        {
            // The banner of a generated page (and the blank line after it) is not prose.
            let end = nodes.get(1).map_or(span(first).end, |n| span(n).start);
            self.replacements.push((span(first).start..end, String::new()));
        }
        self.walk(nodes, &mut page, 0);
        page.template = self.template();
        page
    }

    /// Walk `nodes` in page order: headings open sections, cards join the current one (in a
    /// wrapper at any depth), the paragraphs right after a section's last card are its guidance,
    /// and everything else stays verbatim.
    fn walk(&mut self, nodes: &[Node], page: &mut Page, depth: usize) {
        if depth > MAX_DEPTH {
            let at = nodes.first().map_or(0..0, span);
            self.error(Rule::MdxSyntax, at, format!("wrappers are nested more than {MAX_DEPTH} deep"));
            return;
        }
        // The section whose guidance the paragraphs seen now would be, and their span.
        let mut guidance: Option<(usize, Range<usize>)> = None;
        for node in nodes {
            match node {
                Node::MdxJsxFlowElement(el) if is_card(el) => {
                    let section = self.section(node, page);
                    if let Some(card) = self.card(node, el) {
                        page.sections[section].cards.push(card);
                        let slot = format!("{{/* catalog:card {} */}}", page.sections[section].id);
                        self.replacements.push((span(node), slot));
                    }
                    guidance = Some((section, span(node).end..span(node).end));
                    continue;
                }
                Node::MdxJsxFlowElement(el) if has_card(node) => {
                    if el.name.as_deref() == Some("div")
                        && self.current.is_none_or(|s| page.sections[s].cards.is_empty())
                    {
                        let class = attr_text(el, "class").or_else(|| attr_text(el, "className"));
                        let section = self.section(node, page);
                        page.sections[section].grid_class = page.sections[section].grid_class.take().or(class);
                    }
                    self.walk(&el.children, page, depth + 1);
                    guidance = self.current.map(|s| (s, span(node).end..span(node).end));
                    continue;
                }
                Node::Paragraph(_) | Node::List(_) if guidance.is_some() => {
                    if let Some((_, run)) = &mut guidance {
                        if run.start == run.end {
                            *run = span(node);
                        } else {
                            run.end = span(node).end;
                        }
                    }
                    self.prose(node, page);
                    continue;
                }
                Node::MdxFlowExpression(e) if guidance.is_some() && is_blank_expression(&e.value) => continue,
                _ => {}
            }
            self.commit_guidance(guidance.take(), page);
            match node {
                Node::Heading(h) if h.depth == 1 && page.title.is_none() => {
                    page.title = Some(node.to_string().trim().to_string());
                    self.replacements.push((span(node), "# {/* catalog:title */}".into()));
                }
                Node::Heading(h) => {
                    let title = node.to_string().trim().to_string();
                    self.cloud_heading = title.to_lowercase().contains("cloud");
                    self.heading = Some((title, h.depth, plain_text_span(node)));
                    self.current = None;
                }
                Node::Code(code) => self.snippet(node, code.lang.as_deref(), &code.value, page),
                Node::Paragraph(_) if self.cloud_heading && page.cloud_model.is_none() => {
                    self.cloud(node, page);
                    self.prose(node, page);
                }
                Node::MdxJsxFlowElement(el) => {
                    let name = el.name.as_deref().unwrap_or("fragment");
                    let line = self.src.position(span(node).start).0;
                    page.verbatim.push(format!("line {line}: <{name}> kept as written"));
                    self.prose(node, page);
                }
                Node::MdxjsEsm(_) => {
                    let line = self.src.position(span(node).start).0;
                    page.verbatim.push(format!("line {line}: import/export kept as written"));
                }
                _ => self.prose(node, page),
            }
        }
        self.commit_guidance(guidance, page);
    }

    /// The section a card at `node` belongs to: the current one, else a new one for the last
    /// heading (whose text becomes the section's title placeholder).
    fn section(&mut self, node: &Node, page: &mut Page) -> usize {
        if let Some(current) = self.current {
            return current;
        }
        let (title, text_span) = match self.heading.take() {
            Some((title, _, text)) => (title, text),
            None => {
                let line = self.src.position(span(node).start).0;
                page.verbatim.push(format!("line {line}: cards before any heading form a section titled `Models`"));
                ("Models".to_string(), None)
            }
        };
        let base = section_id(&title);
        let mut id = base.clone();
        let mut n = 1;
        while page.sections.iter().any(|s| s.id == id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        if let Some(text) = text_span {
            self.replacements.push((text, format!("{{/* catalog:section-title {id} */}}")));
        }
        page.sections.push(PageSection { id, title, grid_class: None, cards: Vec::new(), guidance: None });
        self.current = Some(page.sections.len() - 1);
        self.current.unwrap_or_default()
    }

    /// The paragraphs after a section's last card become its guidance. (Paragraphs followed by
    /// another card of the section never get here: they stay prose between cards.)
    fn commit_guidance(&mut self, guidance: Option<(usize, Range<usize>)>, page: &mut Page) {
        let Some((section, run)) = guidance else { return };
        if run.is_empty() || page.sections[section].guidance.is_some() {
            return;
        }
        page.sections[section].guidance = Some(unescape_prose(&self.src.text[run.clone()]));
        let id = page.sections[section].id.clone();
        self.replacements.push((run, format!("{{/* catalog:guidance {id} */}}")));
    }

    /// Backticked slugs in prose (kept verbatim), so the catalog can know the models it names.
    fn prose(&mut self, node: &Node, page: &mut Page) {
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if let Node::InlineCode(code) = n
                && is_slug(&code.value)
                && code.value.contains('-')
                && !page.prose_slugs.contains(&code.value)
            {
                page.prose_slugs.push(code.value.clone());
            }
            if let Some(children) = n.children() {
                stack.extend(children.iter().rev());
            }
        }
    }

    fn card(&mut self, node: &Node, el: &MdxJsxFlowElement) -> Option<PageCard> {
        let at = span(node);
        let line = self.src.position(at.start).0;
        let mut attributes = Vec::new();
        let mut order: Vec<String> = Vec::new();
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
            if order.contains(&p.name) {
                self.error(
                    Rule::Card,
                    at.clone(),
                    format!("card on line {line}: the attribute `{}` is written twice", p.name),
                );
                return None;
            }
            order.push(p.name.clone());
            let value = match &p.value {
                None => PageAttr::Bare,
                Some(MdAttr::Literal(s)) => PageAttr::Text(s.clone()),
                Some(MdAttr::Expression(e)) if p.name == "data" => {
                    data = Some(e.value.clone());
                    continue;
                }
                Some(MdAttr::Expression(e)) => match json5_bounded::<Value>(&e.value) {
                    Some(Value::String(s)) => PageAttr::Text(s),
                    Some(Value::Bool(b)) => PageAttr::Bool(b),
                    _ => PageAttr::Expression(e.value.clone()),
                },
            };
            attributes.push((p.name.clone(), value));
        }
        let indent = self.src.position(at.start).1 - 1;
        let mut card = PageCard { line, attributes, order, features: Vec::new(), shapes: Vec::new(), indent };
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
            Some(expr) => match feature_shapes(&expr) {
                Ok(shapes) => {
                    card.features = self.features(&expr, at.clone(), line);
                    card.shapes = shapes;
                    if card.shapes.len() != card.features.len() {
                        card.shapes = Vec::new();
                    }
                }
                Err(message) => self.error(Rule::Card, at.clone(), format!("card on line {line}: `data` {message}")),
            },
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

    /// The `model = "…"` config snippet and the `codex -m …` example: the slug in them becomes a
    /// placeholder, the rest of the block stays as written.
    fn snippet(&mut self, node: &Node, lang: Option<&str>, value: &str, page: &mut Page) {
        let (slug, placeholder) = match lang {
            Some("toml") => {
                let Some(model) =
                    toml::from_str::<toml::Table>(value).ok().and_then(|t| t.get("model")?.as_str().map(String::from))
                else {
                    return;
                };
                if page.default_model.is_some() {
                    return;
                }
                page.default_model = Some(model.clone());
                (model, "{/* catalog:default-model */}")
            }
            Some("bash" | "sh" | "shell" | "console") => {
                let words: Vec<&str> = value.split_whitespace().collect();
                let ["codex", "-m" | "--model", model] = words.as_slice() else { return };
                if page.example_model.is_some() {
                    return;
                }
                page.example_model = Some(model.to_string());
                (model.to_string(), "{/* catalog:example-model */}")
            }
            _ => return,
        };
        // The slug's own bytes in the block (after the fence line), as a whole word.
        let at = span(node);
        let block = &self.src.text[at.clone()];
        let body = block.find('\n').map_or(0, |i| i + 1);
        let found = block[body..].match_indices(slug.as_str()).map(|(i, _)| body + i).find(|&i| {
            let before = block[..i].chars().next_back();
            let after = block[i + slug.len()..].chars().next();
            let part = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
            !part(before) && !part(after)
        });
        if let Some(i) = found.filter(|_| is_slug(&slug)) {
            self.replacements.push((at.start + i..at.start + i + slug.len(), placeholder.into()));
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
        let mut seen: HashMap<&str, &PageCard> = HashMap::default();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing: an object nested after the `features` array overflowed the depth
    /// arithmetic (a panic in a debug build).
    #[test]
    fn objects_after_the_features_array_are_not_features() {
        let shapes = feature_shapes("{ features: [{ title: 'a', value: true }], more: { x: { y: [1] } } }").unwrap();
        assert_eq!(shapes, [Shape { expanded: false, icons_broken: false }]);
        let shapes = feature_shapes("{ features: [\n{\ntitle: 'b', icons: [\n'i'] }] }").unwrap();
        assert_eq!(shapes, [Shape { expanded: true, icons_broken: true }]);
    }

    #[test]
    fn tag_depth_is_counted_without_a_parser() {
        assert_eq!(too_deep("<a><b/><c x=\"<\">text</c></a>", 2), None);
        assert!(too_deep(&"<div>".repeat(300), 256).is_some());
    }
}
