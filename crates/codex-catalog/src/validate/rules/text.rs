//! Rules on the text of the catalog: prose names real models, says nothing twice, holds no
//! "Succeeded by" sentence, no hidden characters, and URLs stay on the site or on https.

use super::{Context, at};
use crate::diagnostic::{Diagnostic, Rule};
use crate::load::{ParsedFile, push_token};
use crate::validate::forbidden::{FORBIDDEN_HINT, char_name};

/// Where a prose text stands; its JSON pointer is built only for a diagnostic.
enum Place<'a> {
    Guidance(usize),
    Description,
    Note(&'a str),
}

impl Place<'_> {
    fn pointer(&self) -> String {
        match self {
            Place::Guidance(i) => format!("/sections/{i}/guidance"),
            Place::Description => "/description".into(),
            Place::Note(surface) => {
                let mut pointer = "/availability_notes".to_string();
                push_token(&mut pointer, surface);
                pointer
            }
        }
    }
}

/// Every prose text of the catalog, with its file and place: guidance, descriptions, notes.
fn prose<'a>(cx: &'a Context<'a>) -> impl Iterator<Item = (&'a ParsedFile, Place<'a>, &'a str)> + 'a {
    let guidance = cx
        .catalog
        .sections
        .iter()
        .enumerate()
        .filter_map(|(i, section)| section.guidance.as_deref().map(|text| (cx.file, Place::Guidance(i), text)));
    let models = cx.models.iter().flat_map(|(file, _, model)| {
        let description =
            std::iter::once((*file, Place::Description, model.description.as_deref().unwrap_or_default()));
        description
            .chain(model.availability_notes.iter().map(|(surface, note)| (*file, Place::Note(surface), note.as_str())))
    });
    guidance.chain(models)
}

/// `prose-slug`: slugs in backticks in prose exist.
pub(super) fn prose_slug(cx: &Context, diags: &mut Vec<Diagnostic>) {
    for (file, place, text) in prose(cx) {
        for word in backticked(text).filter(|w| cx.looks_like_slug(w) && !cx.known.contains(w)) {
            let message = format!("the text names `{word}`, which is not a model of the catalog");
            diags.push(at(file, Rule::ProseSlug, &place.pointer(), message, cx.suggest_model(word)));
        }
    }
}

/// `doubled-word` (warning): a word written twice in a row.
pub(super) fn doubled_word_rule(cx: &Context, diags: &mut Vec<Diagnostic>) {
    for (file, place, text) in prose(cx) {
        if let Some(word) = doubled_word(text) {
            let message = format!("doubled word: \"{word} {word}\"");
            diags.push(at(file, Rule::DoubledWord, &place.pointer(), message, Some(format!("write \"{word}\" once"))));
        }
    }
}

/// `succession-sentence`: no "Succeeded by …" sentence left in a description.
pub(super) fn succession_sentence(cx: &Context, diags: &mut Vec<Diagnostic>) {
    for (file, _, model) in &cx.models {
        let description = model.description.as_deref().unwrap_or_default();
        if let Some(pos) = description.to_lowercase().find("succeeded by") {
            let sentence = description.get(pos..).unwrap_or(description);
            let message = format!("the description holds a succession sentence: \"{sentence}\"");
            let hint =
                "delete the sentence and set `succeeded_by = \"<slug>\"`: the page's sentence is generated from it";
            diags.push(at(file, Rule::SuccessionSentence, "/description", message, Some(hint.into())));
        }
    }
}

/// `url`: the wallpaper, every URL-like card attribute, and every link and image in prose
/// (guidance, descriptions, notes) is a place on the page (`#…`), a site-relative path, an
/// https URL or an e-mail address ([`url_problem`]).
pub(super) fn url(cx: &Context, diags: &mut Vec<Diagnostic>) {
    let hint = "use a path starting with `/` (without `.` or `..` segments or `\\`) or an `https://` URL";
    let report = |diags: &mut Vec<Diagnostic>, file: &ParsedFile, pointer: &str, url: &str, why: &str| {
        let shown: String = url.chars().take(80).collect();
        let message = format!("`{shown}` is not a site-relative path or an https URL: {why}");
        diags.push(at(file, Rule::Url, pointer, message, Some(hint.into())));
    };
    for (file, _, model) in &cx.models {
        if let Some(url) = &model.wallpaper_url
            && let Some(why) = url_problem(url)
        {
            report(diags, file, "/wallpaper_url", url, why);
        }
        for (name, value) in &model.card.attributes {
            // A text, or a string literal written as an expression: the page gets a string
            // either way.
            let text = match value {
                crate::model::AttributeValue::Text(text) => Some(text.clone()),
                crate::model::AttributeValue::Expression { expression } => {
                    crate::card::json5_bounded::<serde_json::Value>(expression)
                        .and_then(|v| v.as_str().map(String::from))
                }
                _ => None,
            };
            let Some(text) = text else { continue };
            let why = if takes_url(name) {
                url_problem(&text)
            } else {
                // Any other attribute may hold text, but never a script address.
                let squeezed: String =
                    text.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
                ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| squeezed.starts_with(s))
                    .then_some("a script address, in an attribute the page may read as a URL")
            };
            if let Some(why) = why {
                let mut pointer = "/card/attributes".to_string();
                push_token(&mut pointer, name);
                report(diags, file, &pointer, &text, why);
            }
        }
    }
    for (file, place, text) in prose(cx) {
        match links_in(text) {
            Ok(urls) => {
                for (url, why) in urls.into_iter().filter_map(|u| url_problem(&u).map(|why| (u, why))) {
                    report(diags, file, &place.pointer(), &url, why);
                }
            }
            // Links that cannot be checked are not let through unchecked.
            Err(why) => {
                let message = format!("the text's links cannot be checked: {why}");
                let hint = "shorten the text, or nest its quotes, lists and emphasis less";
                diags.push(at(file, Rule::Url, &place.pointer(), message, Some(hint.into())));
            }
        }
    }
}

/// How the docs site reads a page for links: MDX, with GFM's bare-URL autolinks (remark-gfm,
/// which the site's Markdown pipeline enables), so `www.example.com` is a link too.
pub fn link_options() -> markdown::ParseOptions {
    let mdx = markdown::ParseOptions::mdx();
    markdown::ParseOptions { constructs: markdown::Constructs { gfm_autolink_literal: true, ..mdx.constructs }, ..mdx }
}

/// The destinations of the links, images and link definitions of a prose text, read from the
/// text as the page will hold it ([`escape_prose`](crate::template::escape_prose): what is
/// escaped for the page is read as the page reads it, so `\[x](…)` in the catalog, which
/// becomes `\\[x](…)` on the page, is the link it will be). Only a text that could hold one
/// is parsed (most hold none); one beyond the page bounds
/// ([`check_bounds`](crate::template::check_bounds)), or that the parser fails on, is an error.
pub(crate) fn links_in(text: &str) -> Result<Vec<String>, String> {
    let could = ["](", "]:", "<", "://", "www.", "@"];
    if !could.iter().any(|c| text.contains(c)) {
        return Ok(Vec::new());
    }
    let page = crate::template::escape_prose(text);
    crate::template::check_bounds(&page).map_err(|e| e.message)?;
    let parsed = std::panic::catch_unwind(|| markdown::to_mdast(&page, &link_options()));
    let Ok(Ok(tree)) = parsed else { return Err("the Markdown parser failed on it".into()) };
    let mut urls = Vec::new();
    collect_links(&tree, &mut urls);
    Ok(urls)
}

/// Whether an attribute of this name takes a URL (`href`, `src`, `imageUrl`, `action`, …).
pub(crate) fn takes_url(name: &str) -> bool {
    let lower = name.to_lowercase();
    ["url", "src", "href", "srcset"].iter().any(|end| lower.ends_with(end))
        || matches!(
            lower.as_str(),
            "action" | "formaction" | "data" | "poster" | "to" | "link" | "cite" | "background" | "ping"
        )
}

/// The link, image and definition destinations under `node`, and the URL-taking text
/// attributes of its JSX elements (by their names, as `takes_url` tells them).
pub fn collect_links(node: &markdown::mdast::Node, urls: &mut Vec<String>) {
    use markdown::mdast::{AttributeContent, AttributeValue, Node};
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match node {
            Node::Link(l) => urls.push(l.url.clone()),
            Node::Image(i) => urls.push(i.url.clone()),
            Node::Definition(d) => urls.push(d.url.clone()),
            _ => {}
        }
        let attributes = match node {
            Node::MdxJsxFlowElement(el) => el.attributes.as_slice(),
            Node::MdxJsxTextElement(el) => el.attributes.as_slice(),
            _ => &[],
        };
        for a in attributes {
            let AttributeContent::Property(p) = a else { continue };
            match &p.value {
                Some(AttributeValue::Literal(url)) if takes_url(&p.name) => urls.push(url.clone()),
                // A document in an attribute runs as a page of its own.
                Some(_) if p.name.eq_ignore_ascii_case("srcdoc") => urls.push("srcdoc:".into()),
                _ => {}
            }
        }
        if let Some(children) = node.children() {
            stack.extend(children.iter());
        }
    }
}

/// The origin URLs are resolved against: any site would do, a path only has to stay on it.
const SITE: &str = "https://site.invalid/codex/models";

/// Why `url` is neither a path on the page's own site nor an https URL, read by a WHATWG URL
/// parser (the `url` crate) as a browser reads it: `/\evil.example/x.jpg` is another host to a
/// browser, `/images/%2e%2e/x` climbs out of `images/`.
pub fn url_problem(url: &str) -> Option<&'static str> {
    // A browser drops tabs and line breaks from a URL before reading it (`/images/.\t./x` is
    // `/x`): a URL holding one, or another control character, is refused outright. (A space is
    // kept and encoded, so it may stay.)
    if url.chars().any(char::is_control) {
        return Some("it holds a tab, a line break or another control character");
    }
    // A place on the page itself.
    if url.starts_with('#') {
        return None;
    }
    if url.starts_with('/') {
        let site = ::url::Url::parse(SITE).ok()?;
        let resolved = match ::url::Url::options().base_url(Some(&site)).parse(url) {
            Ok(u) => u,
            Err(_) => return Some("it does not parse as a URL"),
        };
        if resolved.host() != site.host() || resolved.scheme() != site.scheme() {
            return Some("a browser reads it as another host");
        }
        if url.contains('\\') {
            return Some("a browser reads `\\` as `/`");
        }
        let path = url.split(['?', '#']).next().unwrap_or_default();
        let dots = path.split('/').any(|segment| {
            let decoded = ::url::form_urlencoded::parse(format!("s={segment}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default();
            decoded == "."
                || decoded == ".."
                || segment.eq_ignore_ascii_case("%2e")
                || segment.eq_ignore_ascii_case("%2e%2e")
        });
        return dots.then_some("it has a `.` or `..` segment");
    }
    match ::url::Url::parse(url) {
        Err(_) => Some("it is neither a path starting with `/` nor an absolute URL"),
        // An e-mail address (`<help@example.com>` in prose).
        Ok(u) if u.scheme() == "mailto" => None,
        Ok(u) if u.scheme() != "https" => Some("its scheme is not https"),
        Ok(u) if u.host().is_none() => Some("it names no host"),
        Ok(u) if !u.username().is_empty() || u.password().is_some() => Some("it carries a user name or password"),
        Ok(_) => None,
    }
}

/// `forbidden-character`: no control (but newline and tab) or bidirectional-override character
/// in any string of `catalog.toml` or a model file. The strings were searched file by file in
/// layer 2 ([`find_forbidden`](crate::validate::forbidden::find_forbidden)), while each file's value was at hand.
pub(super) fn forbidden_character(cx: &Context, diags: &mut Vec<Diagnostic>) {
    for (file, found) in &cx.forbidden {
        for (pointer, i, c) in found.iter() {
            let message =
                format!("character {} (U+{:04X}) at position {} of the text", char_name(*c), *c as u32, i + 1);
            diags.push(at(file, Rule::ForbiddenCharacter, pointer, message, Some(FORBIDDEN_HINT.into())));
        }
    }
}

/// The words in single backticks.
pub(super) fn backticked(text: &str) -> impl Iterator<Item = &str> {
    text.split('`').skip(1).step_by(2)
}

/// The first word written twice in a row (case-insensitive), ignoring a pair split by punctuation.
pub fn doubled_word(text: &str) -> Option<&str> {
    // ASCII text (most of it) is split by bytes: the same words, as vertical tab is the one ASCII
    // white space `split_ascii_whitespace` does not split at.
    if text.is_ascii() && !text.contains('\x0b') {
        first_doubled(text.split_ascii_whitespace())
    } else {
        first_doubled(text.split_whitespace())
    }
}

fn first_doubled<'a>(mut words: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut a = words.next()?;
    for b in words {
        // Most pairs differ in their first letter: only the others are compared whole.
        let same_start = a.as_bytes()[0].eq_ignore_ascii_case(&b.as_bytes()[0]);
        let b_core = if same_start { b.trim_end_matches(|c: char| c.is_ascii_punctuation()) } else { "" };
        if same_start && a.eq_ignore_ascii_case(b_core) && a.chars().all(char::is_alphabetic) {
            return Some(a);
        }
        a = b;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_doubled_words() {
        assert_eq!(doubled_word("Great for for coding"), Some("for"));
        assert_eq!(doubled_word("Great for For coding."), Some("for"));
        assert_eq!(doubled_word("that that, is"), Some("that"));
        assert_eq!(doubled_word("Great for coding"), None);
        assert_eq!(doubled_word("5 5 times"), None);
        // Split at every white space, Unicode and vertical tab included, ASCII or not.
        assert_eq!(doubled_word("for\u{a0}for"), Some("for"));
        assert_eq!(doubled_word("for\x0bfor"), Some("for"));
        assert_eq!(doubled_word("é for\x0bfor"), Some("for"));
    }
}
