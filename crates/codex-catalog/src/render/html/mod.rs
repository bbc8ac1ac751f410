//! The preview: a self-contained HTML page of what `docs/models.mdx` shows, for a reviewer
//! (`cargo xtask preview`). No Node and no docs site needed, and the page loads nothing: no
//! script, no stylesheet, font or image from anywhere (the wallpaper is a placeholder).
//!
//! The page is the generated MDX page read back with the `markdown` crate's MDX parser, so
//! the prose and the places of the cards are the page's own. Its JSX is drawn as the docs site
//! draws it, with stand-ins: a `<ModelDetails>` becomes the card of its model, drawn from the
//! catalog (name, slug, description with its "Succeeded by" sentence, a wallpaper placeholder,
//! each rating as icons out of its scale's maximum, a mark per surface the card shows); a
//! `<ToggleSection title>` becomes an open `<details>`; `<a id>` anchors and `<div class>` grids
//! stay; any other component is a labelled box. Comments and imports are dropped.
//!
//! Every text is escaped for HTML by [`esc`], attributes included; a link keeps its address only
//! when it is a web, mail, site-relative or fragment address. Each fact of a card is marked
//! `data-fact` (its value in `data-value` where the card draws icons), so a browser test can read
//! the facts back from the DOM.
//!
//! [`render_compare`] puts two catalogs' pages side by side and marks the cards that were added,
//! removed or changed, and in a changed card the facts that differ.

mod codex;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use ::markdown::mdast::{AttributeContent, AttributeValue, MdxJsxFlowElement, MdxJsxTextElement, Node};

use crate::card::FeatureValue;
use crate::catalog::{Catalog, Model};

/// How deep the preview follows the page's nesting (lists in quotes in lists…); below that the
/// text is written flat. The parser has its own limits; this bounds the walk.
const MAX_DEPTH: usize = 64;

/// Escape text for HTML, in element content and in quoted attribute values alike.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An address a link may keep: `https:`, `http:`, `mailto:`, site-relative, fragment or a
/// relative path without a scheme. Anything else (`javascript:`, `data:`) is dropped.
fn safe_href(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let first_slash = lower.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, first_slash) {
        (Some(c), Some(s)) => c < s,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let allowed = ["https:", "http:", "mailto:"].iter().any(|s| lower.starts_with(s));
    (!has_scheme || allowed).then_some(url)
}

/// What a card shows, fact by fact, as the preview compares it: a key (`name`, `capability`,
/// `surface:codex_cli`) and the text shown (`Speed: 3 of 5`, `Codex CLI: yes`).
type Facts = BTreeMap<String, String>;

/// A feature of a card as the preview draws it.
struct Shown {
    /// `capability`, `speed` or `surface:<id>`.
    key: String,
    /// The feature's title on the card.
    title: String,
    /// `3 of 5`, `yes` or `no`.
    value: String,
    /// Icons: a rating's `(icon, count, max)`, or `None` for a flag.
    rating: Option<(String, u8, u8)>,
}

/// The features a model's card shows (those of its `<ModelDetails>`), keyed by what they are.
fn shown(catalog: &Catalog, m: &Model) -> Vec<Shown> {
    let scales = catalog.scales();
    let surfaces = catalog.surfaces();
    crate::render::mdx::features(catalog, m)
        .into_iter()
        .map(|f| match f.value {
            FeatureValue::Rating { icon, count } => {
                let (key, scale) = if f.title == scales.capability.label && icon == scales.capability.icon {
                    ("capability", &scales.capability)
                } else {
                    ("speed", &scales.speed)
                };
                let max = scale.max.max(count);
                let value = format!("{count} of {max}");
                Shown {
                    key: key.into(),
                    title: f.title.into_owned(),
                    value,
                    rating: Some((icon.into_owned(), count, max)),
                }
            }
            FeatureValue::Flag(yes) => {
                // The card's title is the surface's label or the card's own label for it.
                let id = surfaces
                    .iter()
                    .find(|s| m.data().card.labels.get(&s.id).map(String::as_str) == Some(&*f.title))
                    .or_else(|| surfaces.iter().find(|s| s.label == f.title))
                    .map_or(&*f.title, |s| s.id.as_str());
                let value = if yes { "yes" } else { "no" }.to_string();
                Shown { key: format!("surface:{id}"), title: f.title.into_owned(), value, rating: None }
            }
        })
        .collect()
}

/// What a card shows, fact by fact.
fn facts(catalog: &Catalog, m: &Model) -> Facts {
    let d = m.data();
    let mut out = Facts::new();
    out.insert("name".into(), d.name.clone().unwrap_or_else(|| m.slug().to_string()));
    out.insert("slug".into(), m.slug().to_string());
    out.insert("description".into(), catalog.page_description(m));
    if let Some(url) = &d.wallpaper_url {
        out.insert("wallpaper".into(), url.clone());
    }
    for f in shown(catalog, m) {
        out.insert(f.key, format!("{}: {}", f.title, f.value));
    }
    out
}

/// How a card differs from the other side's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Removed,
    Changed,
}

/// What the comparison marks on one side: the cards that changed and how, and the facts that
/// differ in each changed card.
#[derive(Default)]
struct Marks {
    cards: BTreeMap<String, (Change, BTreeSet<String>)>,
}

/// The page of one catalog.
struct Writer<'a> {
    catalog: &'a Catalog,
    marks: &'a Marks,
    /// Prefix of element ids, unique per side of a comparison.
    side: &'a str,
    out: String,
    cards: usize,
}

/// The models on a catalog's page, by slug, with what their cards show.
fn on_page(catalog: &Catalog) -> BTreeMap<String, Facts> {
    let mut out = BTreeMap::new();
    for s in catalog.sections() {
        for m in catalog.section_models(s) {
            out.insert(m.slug().to_string(), facts(catalog, m));
        }
    }
    out
}

const STYLE: &str = "\
:root{color-scheme:light;--fg:#0d0d0d;--muted:#5d5d5d;--line:#e5e5e5;--card:#fff;--bg:#f7f7f8;\
--yes:#10a37f;--no:#b4b4b4;--added:#1a7f37;--removed:#cf222e;--changed:#9a6700}\
*{box-sizing:border-box}\
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,\"Segoe UI\",sans-serif}\
main{max-width:1000px;margin:0 auto;padding:24px}\
.compare{display:grid;grid-template-columns:1fr 1fr;gap:24px;max-width:none}\
.compare>main{padding:0;max-width:none;min-width:0}\
header.preview{max-width:1000px;margin:0 auto;padding:16px 24px;border-bottom:1px solid var(--line)}\
.compare-header{max-width:none}\
h1{font-size:2rem;margin:.5em 0}h2{font-size:1.45rem;margin:1.6em 0 .6em}h3{font-size:1.15rem}\
blockquote{margin:1em 0;padding:.2em 1em;border-left:3px solid var(--line);color:var(--muted)}\
pre{background:#f0f0f0;padding:12px;border-radius:8px;overflow:auto}code{font:13px ui-monospace,Menlo,monospace}\
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:16px;margin:16px 0}\
.card{background:var(--card);border:1px solid var(--line);border-radius:14px;overflow:hidden}\
.card.added{outline:3px solid var(--added)}.card.removed{outline:3px solid var(--removed);opacity:.85}\
.card.changed{outline:3px solid var(--changed)}\
.changed-fact,.feature.changed-fact>*{background:#fff3c4;border-radius:4px}\
.badge{display:inline-block;font-size:12px;font-weight:600;padding:0 6px;border-radius:8px;color:#fff;margin-left:6px}\
.badge.added{background:var(--added)}.badge.removed{background:var(--removed)}.badge.changed{background:var(--changed)}\
.wallpaper{height:72px;background:linear-gradient(135deg,hsl(var(--hue) 70% 82%),hsl(calc(var(--hue) + 60) 70% 62%))}\
.card-body{padding:14px 16px}.card-name{margin:0;font-size:1.1rem}.card-slug{color:var(--muted)}\
.card-description{margin:.5em 0 .8em}\
.features{margin:0;display:grid;grid-template-columns:auto 1fr;gap:4px 12px;font-size:14px}\
.feature{display:contents}.features dt{color:var(--muted)}.features dd{margin:0}\
.icon{width:16px;height:16px;vertical-align:-3px;fill:currentColor}.icon.off{opacity:.2}\
.flag.yes dd{color:var(--yes)}.flag.no dd{color:var(--no)}\
details.toggle{border:1px solid var(--line);border-radius:10px;padding:8px 12px;margin:12px 0}\
.component{border:1px dashed var(--no);border-radius:8px;padding:8px 12px;color:var(--muted);margin:12px 0}\
.image{border:1px dashed var(--no);padding:0 4px;color:var(--muted)}\
ul.changes{columns:2;font-size:14px}\
.page-text pre{font-size:13px;white-space:pre-wrap}.page-text .removed{background:#fde8e8}.page-text .added{background:#e6f6ea}\
.page-text span{display:block}\
";

/// Inline icons: a sparkle for `*Sparkles*` scales, a bolt for `*Flash*` or `*Bolt*`, else a dot.
fn icon_path(name: &str) -> &'static str {
    if name.contains("Sparkle") {
        "M8 0l1.9 5.2L15 7l-5.1 1.8L8 14l-1.9-5.2L1 7l5.1-1.8z"
    } else if name.contains("Flash") || name.contains("Bolt") {
        "M9.5 0L2 9h5l-1 7 8-10H9z"
    } else {
        "M8 3a5 5 0 100 10A5 5 0 008 3z"
    }
}

const CHECK: &str = "M6 11.2L2.8 8l-1.1 1.1L6 13.4l8.3-8.3-1.1-1.1z";
const CROSS: &str = "M4.1 3L3 4.1 6.9 8 3 11.9 4.1 13 8 9.1 11.9 13 13 11.9 9.1 8 13 4.1 11.9 3 8 6.9z";

fn svg(path: &str, class: &str) -> String {
    format!("<svg class=\"icon {class}\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"{path}\"/></svg>")
}

/// A hue from the slug, so each placeholder wallpaper differs and stays the same.
fn hue(slug: &str) -> u32 {
    slug.bytes().fold(2166136261u32, |h, b| (h ^ u32::from(b)).wrapping_mul(16777619)) % 360
}

impl Writer<'_> {
    fn card(&mut self, m: &Model) {
        self.cards += 1;
        let (catalog, slug) = (self.catalog, m.slug());
        let (change, changed) = match self.marks.cards.get(slug) {
            Some((change, facts)) => (Some(*change), Some(facts)),
            None => (None, None),
        };
        let mark = |key: &str| if changed.is_some_and(|c| c.contains(key)) { " changed-fact" } else { "" };
        let class = match change {
            Some(Change::Added) => " added",
            Some(Change::Removed) => " removed",
            Some(Change::Changed) => " changed",
            None => "",
        };
        let facts = facts(catalog, m);
        let fact = |key: &str| facts.get(key).map(String::as_str).unwrap_or_default();
        let o = &mut self.out;
        let _ = write!(
            o,
            "<article class=\"card{class}\" id=\"{}card-{}\" data-slug=\"{}\">",
            self.side,
            esc(slug),
            esc(slug)
        );
        let wallpaper = m.data().wallpaper_url.as_deref();
        let title = wallpaper.map(|w| format!(" title=\"wallpaper: {}\"", esc(w))).unwrap_or_default();
        let _ = write!(o, "<div class=\"wallpaper{}\" style=\"--hue:{}\"{title}></div>", mark("wallpaper"), hue(slug));
        o.push_str("<div class=\"card-body\">");
        let badge = match change {
            Some(Change::Added) => "<span class=\"badge added\">added</span>",
            Some(Change::Removed) => "<span class=\"badge removed\">removed</span>",
            Some(Change::Changed) => "<span class=\"badge changed\">changed</span>",
            None => "",
        };
        let _ = write!(
            o,
            "<h3 class=\"card-name\"><span class=\"{}\" data-fact=\"name\">{}</span>{badge}</h3>",
            mark("name").trim_start(),
            esc(fact("name"))
        );
        let _ = write!(o, "<code class=\"card-slug{}\" data-fact=\"slug\">{}</code>", mark("slug"), esc(slug));
        let _ = write!(
            o,
            "<p class=\"card-description{}\" data-fact=\"description\">{}</p>",
            mark("description"),
            esc(fact("description"))
        );
        o.push_str("<dl class=\"features\">");
        for f in shown(catalog, m) {
            let (kind, drawn) = match &f.rating {
                Some((icon, count, max)) => {
                    let mut icons = String::new();
                    for i in 0..*max {
                        icons.push_str(&svg(icon_path(icon), if i < *count { "on" } else { "off" }));
                    }
                    ("rating".to_string(), format!("<span aria-label=\"{count} of {max}\">{icons}</span>"))
                }
                None => {
                    let path = if f.value == "yes" { CHECK } else { CROSS };
                    (format!("flag {}", f.value), format!("{}<span class=\"word\">{}</span>", svg(path, ""), f.value))
                }
            };
            let _ = write!(
                o,
                "<div class=\"feature {kind}{}\" data-fact=\"{}\" data-value=\"{}\"><dt>{}</dt><dd>{drawn}</dd></div>",
                mark(&f.key),
                esc(&f.key),
                esc(&f.value),
                esc(&f.title)
            );
        }
        o.push_str("</dl></div></article>\n");
    }

    /// The string value of a JSX attribute written as a literal (`slug="…"`), or of one written
    /// as a JavaScript string expression (`description={"…"}`).
    fn attr<'n>(attributes: &'n [AttributeContent], name: &str) -> Option<std::borrow::Cow<'n, str>> {
        attributes.iter().find_map(|a| match a {
            AttributeContent::Property(p) if p.name == name => match &p.value {
                Some(AttributeValue::Literal(text)) => Some(std::borrow::Cow::Borrowed(text.as_str())),
                Some(AttributeValue::Expression(e)) => {
                    crate::card::json5_bounded::<String>(&e.value).map(std::borrow::Cow::Owned)
                }
                None => None,
            },
            _ => None,
        })
    }

    fn children(&mut self, nodes: &[Node], depth: usize) {
        let mut i = 0;
        while i < nodes.len() {
            // A run of cards side by side is a grid, as the site lays cards out.
            if is_card(&nodes[i]) {
                self.out.push_str("<div class=\"cards\">\n");
                while i < nodes.len() && is_card(&nodes[i]) {
                    self.node(&nodes[i], depth);
                    i += 1;
                }
                self.out.push_str("</div>\n");
                continue;
            }
            self.node(&nodes[i], depth);
            i += 1;
        }
    }

    fn node(&mut self, node: &Node, depth: usize) {
        if depth > MAX_DEPTH {
            self.out.push_str(&esc(&node.to_string()));
            return;
        }
        let d = depth + 1;
        match node {
            Node::Root(n) => self.children(&n.children, d),
            Node::Paragraph(n) => self.wrap("p", &n.children, d),
            Node::Heading(n) => {
                let tag = format!("h{}", n.depth.clamp(1, 6));
                self.wrap(&tag, &n.children, d)
            }
            Node::Text(n) => self.out.push_str(&esc(&n.value)),
            Node::Emphasis(n) => self.wrap("em", &n.children, d),
            Node::Strong(n) => self.wrap("strong", &n.children, d),
            Node::Delete(n) => self.wrap("del", &n.children, d),
            Node::InlineCode(n) => {
                let _ = write!(self.out, "<code>{}</code>", esc(&n.value));
            }
            Node::InlineMath(n) => {
                let _ = write!(self.out, "<code>{}</code>", esc(&n.value));
            }
            Node::Code(n) => {
                let lang: String =
                    n.lang.as_deref().unwrap_or_default().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
                let _ = writeln!(self.out, "<pre><code class=\"language-{lang}\">{}</code></pre>", esc(&n.value));
            }
            Node::Math(n) => {
                let _ = writeln!(self.out, "<pre><code>{}</code></pre>", esc(&n.value));
            }
            Node::Blockquote(n) => self.wrap("blockquote", &n.children, d),
            Node::List(n) => {
                let tag = if n.ordered { "ol" } else { "ul" };
                match n.start.filter(|s| n.ordered && *s != 1) {
                    Some(start) => {
                        let _ = write!(self.out, "<ol start=\"{start}\">");
                        self.children(&n.children, d);
                        self.out.push_str("</ol>\n");
                    }
                    None => self.wrap(tag, &n.children, d),
                }
            }
            Node::ListItem(n) => {
                self.out.push_str("<li>");
                for child in &n.children {
                    match child {
                        // A tight list's paragraphs are the item's text.
                        Node::Paragraph(p) if !n.spread => self.children(&p.children, d),
                        other => self.node(other, d),
                    }
                }
                self.out.push_str("</li>\n");
            }
            Node::ThematicBreak(_) => self.out.push_str("<hr>\n"),
            Node::Break(_) => self.out.push_str("<br>"),
            Node::Link(n) => match safe_href(&n.url) {
                Some(url) => {
                    let _ = write!(self.out, "<a href=\"{}\">", esc(url));
                    self.children(&n.children, d);
                    self.out.push_str("</a>");
                }
                None => self.children(&n.children, d),
            },
            Node::Image(n) => {
                let _ = write!(
                    self.out,
                    "<span class=\"image\" role=\"img\" aria-label=\"{0}\">image: {0}</span>",
                    esc(&n.alt)
                );
            }
            Node::ImageReference(n) => {
                let _ = write!(
                    self.out,
                    "<span class=\"image\" role=\"img\" aria-label=\"{0}\">image: {0}</span>",
                    esc(&n.alt)
                );
            }
            Node::LinkReference(n) => self.children(&n.children, d),
            Node::Table(n) => self.wrap("table", &n.children, d),
            Node::TableRow(n) => self.wrap("tr", &n.children, d),
            Node::TableCell(n) => self.wrap("td", &n.children, d),
            Node::Html(n) => self.out.push_str(&esc(&n.value)),
            Node::MdxFlowExpression(n) => self.expression(&n.value),
            Node::MdxTextExpression(n) => self.expression(&n.value),
            Node::MdxJsxFlowElement(MdxJsxFlowElement { name, attributes, children, .. })
            | Node::MdxJsxTextElement(MdxJsxTextElement { name, attributes, children, .. }) => {
                self.element(name.as_deref().unwrap_or_default(), attributes, children, d)
            }
            // Imports, front matter, definitions and footnotes show nothing here.
            _ => {}
        }
    }

    fn wrap(&mut self, tag: &str, children: &[Node], depth: usize) {
        let _ = write!(self.out, "<{tag}>");
        self.children(children, depth);
        let _ = write!(self.out, "</{tag}>");
        if matches!(tag, "p" | "blockquote" | "ul" | "ol" | "table" | "tr") || tag.starts_with('h') {
            self.out.push('\n');
        }
    }

    fn expression(&mut self, value: &str) {
        let v = value.trim();
        let quiet = v.is_empty() || (v.starts_with("/*") && v.ends_with("*/"));
        if !quiet {
            let _ = write!(self.out, "<code class=\"expression\">{{{}}}</code>", esc(v));
        }
    }

    fn element(&mut self, name: &str, attributes: &[AttributeContent], children: &[Node], depth: usize) {
        match name {
            "ModelDetails" => {
                let model = Self::attr(attributes, "slug").and_then(|slug| self.catalog.model(&slug));
                match model {
                    Some(m) => self.card(m),
                    None => self.out.push_str("<div class=\"component\">a card of no model in the catalog</div>\n"),
                }
            }
            "a" => {
                let id = Self::attr(attributes, "id").map(|id| format!(" id=\"{}\"", esc(&id))).unwrap_or_default();
                let _ = write!(self.out, "<a{id}>");
                self.children(children, depth);
                self.out.push_str("</a>\n");
            }
            "div" => {
                self.out.push_str("<div>");
                self.children(children, depth);
                self.out.push_str("</div>\n");
            }
            "ToggleSection" => {
                let title = Self::attr(attributes, "title").unwrap_or_default();
                let _ = writeln!(self.out, "<details class=\"toggle\" open><summary>{}</summary>", esc(&title));
                self.children(children, depth);
                self.out.push_str("</details>\n");
            }
            other => {
                let _ = write!(self.out, "<div class=\"component\" data-component=\"{0}\">&lt;{0}&gt;", esc(other));
                self.children(children, depth);
                self.out.push_str("</div>\n");
            }
        }
    }
}

fn is_card(node: &Node) -> bool {
    matches!(node, Node::MdxJsxFlowElement(e) if e.name.as_deref() == Some("ModelDetails"))
}

/// The body of one catalog's page (`<main>…</main>`) and the number of cards drawn.
fn page(catalog: &Catalog, marks: &Marks, side: &str) -> (String, usize) {
    let mdx = crate::render::mdx::render(catalog);
    let mut w = Writer { catalog, marks, side, out: String::new(), cards: 0 };
    w.out.push_str("<main>\n");
    match crate::template::parse_mdx(&mdx) {
        Ok(root) => w.node(&root, 0),
        // Validation parses the page, so this is not expected; the cards are still shown.
        _ => {
            let _ = writeln!(w.out, "<h1>{}</h1>", esc(catalog.title()));
            w.out.push_str("<p class=\"component\">The page could not be read as MDX; its cards follow.</p>\n");
            for s in catalog.sections() {
                let _ = writeln!(w.out, "<h2>{}</h2>\n<div class=\"cards\">", esc(s.title()));
                for m in catalog.section_models(s) {
                    w.card(m);
                }
                w.out.push_str("</div>\n");
            }
        }
    }
    w.out.push_str("</main>\n");
    (w.out, w.cards)
}

fn document(title: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + 512);
    out.push_str("<!DOCTYPE html>\n<!-- generated by `cargo xtask preview` — do not edit -->\n");
    out.push_str("<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // Nothing may be loaded: no script, style, font, image or frame from any address.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = write!(out, "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n", esc(title));
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

/// The preview of a catalog's page.
pub fn render(catalog: &Catalog) -> String {
    let (mut body, cards) = page(catalog, &Marks::default(), "");
    body.push_str(&codex::picker(catalog));
    let header = format!(
        "<header class=\"preview\"><strong>Preview</strong> of <code>docs/models.mdx</code>: {cards} cards, drawn from the catalog.</header>\n"
    );
    document(&format!("Preview: {}", catalog.title()), &(header + &body))
}

/// The lines of the page's own text (page.mdx) that changed, as a list above the pages: prose
/// edits (a new deprecation sentence) show here, not only card changes.
fn page_text_changes(old: &Catalog, new: &Catalog) -> String {
    let lines = crate::diff::page_text(old.template().source(), new.template().source());
    if lines.is_empty() {
        return String::new();
    }
    let mut out = String::from("<section class=\"preview page-text\"><h2>Page text</h2>\n<pre>");
    for line in &lines {
        let class = match line.chars().next() {
            Some('-') => " class=\"removed\"",
            Some('+') => " class=\"added\"",
            _ => "",
        };
        let _ = writeln!(out, "<span{class} data-line>{}</span>", esc(line));
    }
    out.push_str("</pre></section>\n");
    out
}

/// The previews of two catalogs side by side, `old` (named `old_name`, e.g. a git revision) on
/// the left and `new` on the right, the cards added, removed and changed marked, and a list of
/// them at the top.
pub fn render_compare(old: &Catalog, new: &Catalog, old_name: &str, new_name: &str) -> String {
    let (before, after) = (on_page(old), on_page(new));
    let (mut old_marks, mut new_marks) = (Marks::default(), Marks::default());
    let mut summary = Vec::new();
    for (slug, facts) in &after {
        match before.get(slug) {
            None => {
                new_marks.cards.insert(slug.clone(), (Change::Added, BTreeSet::new()));
                summary.push((Change::Added, slug.clone(), Vec::new()));
            }
            Some(was) if was != facts => {
                let keys: BTreeSet<String> =
                    facts.keys().chain(was.keys()).filter(|k| facts.get(*k) != was.get(*k)).cloned().collect();
                // Named as the card names them: a feature by its title (the newer one).
                let names = keys
                    .iter()
                    .map(|k| match facts.get(k).or_else(|| was.get(k)) {
                        Some(text) if k.starts_with("surface:") || k == "capability" || k == "speed" => {
                            text.split_once(": ").map_or(text.as_str(), |(title, _)| title).to_string()
                        }
                        _ => k.clone(),
                    })
                    .collect::<BTreeSet<String>>();
                let names = names.into_iter().collect();
                summary.push((Change::Changed, slug.clone(), names));
                old_marks.cards.insert(slug.clone(), (Change::Changed, keys.clone()));
                new_marks.cards.insert(slug.clone(), (Change::Changed, keys));
            }
            Some(_) => {}
        }
    }
    for slug in before.keys().filter(|s| !after.contains_key(*s)) {
        old_marks.cards.insert(slug.clone(), (Change::Removed, BTreeSet::new()));
        summary.push((Change::Removed, slug.clone(), Vec::new()));
    }
    let count = |c: Change| summary.iter().filter(|(k, ..)| *k == c).count();
    let mut header = format!(
        "<header class=\"preview compare-header\"><strong>Preview</strong> of <code>docs/models.mdx</code>: \
         <code>{}</code> on the left, <code>{}</code> on the right. \
         <span data-summary=\"added\">{}</span> added, <span data-summary=\"removed\">{}</span> removed, \
         <span data-summary=\"changed\">{}</span> changed.\n<ul class=\"changes\">\n",
        esc(old_name),
        esc(new_name),
        count(Change::Added),
        count(Change::Removed),
        count(Change::Changed)
    );
    for (change, slug, keys) in &summary {
        let (word, side) = match change {
            Change::Added => ("added", "new-"),
            Change::Removed => ("removed", "old-"),
            Change::Changed => ("changed", "new-"),
        };
        let what = if keys.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = keys.iter().map(|k| esc(k)).collect();
            format!(": {}", names.join(", "))
        };
        let _ = writeln!(
            header,
            "<li><span class=\"badge {word}\">{word}</span> <a href=\"#{side}card-{0}\">{0}</a>{what}</li>",
            esc(slug)
        );
    }
    if summary.is_empty() {
        header.push_str("<li>no card differs</li>\n");
    }
    header.push_str("</ul></header>\n");
    let (left, _) = page(old, &old_marks, "old-");
    let (right, _) = page(new, &new_marks, "new-");
    let body = format!(
        "{header}{}{}<div class=\"compare\">\n{left}{right}</div>\n",
        codex::changes(old, new),
        page_text_changes(old, new)
    );
    document(&format!("Preview: {} ({old_name} and {new_name})", new.title()), &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(esc("a<b>&\"c\"'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;");
    }

    #[test]
    fn only_safe_addresses_are_kept() {
        for ok in ["https://x.y/z", "http://x", "/docs/a", "#top", "config-file", "mailto:a@b", "a/b:c"] {
            assert_eq!(safe_href(ok), Some(ok), "{ok}");
        }
        for bad in ["javascript:alert(1)", " JavaScript:x", "data:text/html,x", "vbscript:x", "file:///etc"] {
            assert_eq!(safe_href(bad), None, "{bad}");
        }
    }
}
