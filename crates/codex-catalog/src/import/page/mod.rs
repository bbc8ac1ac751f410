//! Page reading: parse a Codex Models page written in MDX into what it says ([`Page`]), and the
//! template of its prose with placeholders where the generator puts what it owns. This module
//! walks the page (bounded MDX parsing, sections from headings, guidance, snippets, the
//! template); `card.rs` reads each card it meets.

use crate::hash::HashMap;
use std::ops::Range;

use markdown::mdast::{AttributeContent, AttributeValue as MdAttr, MdxJsxFlowElement, Node};

use crate::card::json5_bounded;
use crate::diagnostic::{Diagnostic, Rule, SourceText};
use crate::naming::{GENERATED, is_slug, section_id};
use crate::template::unescape_prose;

mod card;

pub use card::{PageAttr, PageCard, PageFeature};

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
    /// Code outside the cards, which the docs site would run: where, and what it is.
    pub code: Vec<(Range<usize>, String)>,
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

/// Code outside the cards: ESM, expressions that are not blank or a comment, expression
/// attributes of elements, and top-level paragraph lines that start with `import ` or `export `
/// (which the `markdown` crate, without a JavaScript parser, reads as text, but the docs site's
/// MDX compiler reads as ESM).
fn code_outside_cards(nodes: &[Node], text: &str) -> Vec<(Range<usize>, String)> {
    use markdown::mdast::{AttributeContent, AttributeValue};
    let mut found = Vec::new();
    let shown = |v: &str| {
        let one_line = v.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut cut: String = one_line.chars().take(40).collect();
        if cut.len() < one_line.len() {
            cut.push('…');
        }
        cut
    };
    // Any line of the page that starts with `import ` or `export ` outside a code block: the
    // site's compiler reads it as ESM wherever it stands (in a wrapper element, as a heading's
    // text), so every such line is code, not only a paragraph's.
    let mut code_blocks = Vec::new();
    let mut stack: Vec<&Node> = nodes.iter().collect();
    while let Some(node) = stack.pop() {
        match node {
            Node::Code(_) => code_blocks.push(span(node)),
            _ => stack.extend(node.children().map(|c| c.iter()).into_iter().flatten()),
        }
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let esm = line.starts_with("import ") || line.starts_with("export ");
        if esm && !code_blocks.iter().any(|b| b.contains(&offset)) {
            let what = format!("`{}` (an import/export statement)", shown(line));
            found.push((offset..offset + line.trim_end().len(), what));
        }
        offset += line.len();
    }
    let mut stack: Vec<&Node> = nodes.iter().rev().collect();
    while let Some(node) = stack.pop() {
        let what = match node {
            Node::MdxJsxFlowElement(el) if is_card(el) => continue,
            Node::MdxjsEsm(e) => Some(format!("`{}` (an import/export statement)", shown(&e.value))),
            Node::MdxFlowExpression(e) if !is_quiet_expression(&e.value) => {
                Some(format!("`{{{}}}` (an expression)", shown(&e.value)))
            }
            Node::MdxTextExpression(e) if !is_quiet_expression(&e.value) => {
                Some(format!("`{{{}}}` (an expression)", shown(&e.value)))
            }
            _ => None,
        };
        if let Some(what) = what {
            found.push((span(node), what));
        }
        let attributes = match node {
            Node::MdxJsxFlowElement(el) => el.attributes.as_slice(),
            Node::MdxJsxTextElement(el) => el.attributes.as_slice(),
            _ => &[],
        };
        for a in attributes {
            let code = match a {
                AttributeContent::Expression(e) => Some(format!("`{{{}}}` (a spread attribute)", shown(&e.value))),
                AttributeContent::Property(p) => match &p.value {
                    Some(AttributeValue::Expression(e)) => {
                        Some(format!("`{}={{{}}}` (an expression attribute)", p.name, shown(&e.value)))
                    }
                    _ => None,
                },
            };
            if let Some(code) = code {
                found.push((span(node), code));
            }
        }
        if let Some(children) = node.children() {
            stack.extend(children.iter().rev());
        }
    }
    found.sort_by_key(|(at, _)| at.start);
    found
}

/// An expression the page may hold as prose: blank, a space, or only a comment.
fn is_quiet_expression(value: &str) -> bool {
    let v = value.trim();
    let comment = v.len() >= 4 && v.starts_with("/*") && v.ends_with("*/") && !v[2..v.len() - 2].contains("*/");
    is_blank_expression(value) || comment
}

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
    if let Err(e) = crate::template::check_bounds(&src.text) {
        let at = e.offset.map(|at| at..at);
        return Err(vec![src.diagnostic(Rule::MdxSyntax, at, "", e.message)]);
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
            code: Vec::new(),
        };
        if let Some(first @ Node::MdxFlowExpression(e)) = nodes.first()
            && e.value.contains(GENERATED)
        {
            // The banner of a generated page (and the blank line after it) is not prose.
            let end = nodes.get(1).map_or(span(first).end, |n| span(n).start);
            self.replacements.push((span(first).start..end, String::new()));
        }
        self.walk(nodes, &mut page, 0);
        page.code = code_outside_cards(nodes, &self.src.text);
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
    use crate::template::too_deep;

    #[test]
    fn tag_depth_is_counted_without_a_parser() {
        assert_eq!(too_deep("<a><b/><c x=\"<\">text</c></a>", 2), None);
        assert!(too_deep(&"<div>".repeat(300), 256).is_some());
    }
}
