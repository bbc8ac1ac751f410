//! The page template, `catalog/page.mdx`: the hand-written prose of the page, with placeholders
//! where the generator puts what it owns.
//!
//! A placeholder is an MDX comment, so the template is itself valid MDX:
//!
//! | placeholder | becomes |
//! |---|---|
//! | `{/* catalog:title */}` | the catalog's title |
//! | `{/* catalog:section ID */}` | the section's heading, its cards and its guidance |
//! | `{/* catalog:section-title ID */}` | the section's title (in a heading the page writes) |
//! | `{/* catalog:card ID */}` | the next card of the section, at the placeholder's indentation |
//! | `{/* catalog:guidance ID */}` | the section's guidance |
//! | `{/* catalog:config-snippet */}` | a `toml` code block `model = "<default model>"` |
//! | `{/* catalog:example-command */}` | a `bash` code block `codex -m <example model>` |
//! | `{/* catalog:default-model */}`, `{/* catalog:example-model */}`, `{/* catalog:cloud-model */}` | the slug in backticks |
//!
//! Every section must be placed: by one `section` placeholder, or by `card` placeholders (an
//! imported page keeps its own layout that way). Other MDX comments are kept as they are. The
//! model placeholders may stand inside a code block (`model = "{/* catalog:default-model */}"`):
//! a slug needs no escaping there.

use std::ops::Range;

const OPEN: &str = "{/*";
const CLOSE: &str = "*/}";
const PREFIX: &str = "catalog:";

/// What a placeholder stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placeholder {
    /// The catalog's title.
    Title,
    /// A section: heading, cards, guidance (the generator lays it out).
    Section(String),
    /// A section's title alone (an imported page's heading keeps its own `##`).
    SectionTitle(String),
    /// One card of a section, at this place and indentation: the section's cards fill its card
    /// placeholders in order (more cards than placeholders follow the last one; placeholders
    /// left over stay empty).
    Card(String),
    /// A section's guidance alone.
    Guidance(String),
    /// The `config.toml` snippet with the default model.
    ConfigSnippet,
    /// The `codex -m` example with the example model.
    ExampleCommand,
    /// The default model's slug.
    DefaultModel,
    /// The example model's slug.
    ExampleModel,
    /// The cloud model's slug.
    CloudModel,
}

/// A piece of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text copied as it is.
    Text(String),
    /// A placeholder, with its byte span in the template.
    Placeholder(Placeholder, Range<usize>),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// Text and placeholders in order.
    pub pieces: Vec<Piece>,
    /// The byte ranges of its fenced code blocks.
    code: Vec<Range<usize>>,
    /// The text it was parsed from.
    source: String,
}

/// A problem in the template, at a byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Where.
    pub span: Range<usize>,
    /// What.
    pub message: String,
}

impl Template {
    /// Parse a template, collecting every malformed placeholder.
    pub fn parse(text: &str) -> Result<Template, Vec<TemplateError>> {
        let mut pieces = Vec::new();
        let mut errors = Vec::new();
        let mut rest_start = 0;
        let mut search = 0;
        while let Some(found) = text[search..].find(OPEN) {
            let start = search + found;
            let inner_start = start + OPEN.len();
            let Some(close) = text[inner_start..].find(CLOSE) else {
                errors.push(TemplateError {
                    span: start..text.len(),
                    message: "an MDX comment `{/*` is never closed with `*/}`".into(),
                });
                break;
            };
            let end = inner_start + close + CLOSE.len();
            let inner = text[inner_start..inner_start + close].trim();
            search = end;
            let Some(directive) = inner.strip_prefix(PREFIX) else { continue };
            let mut words = directive.split_whitespace();
            let name = words.next().unwrap_or("");
            let arg = words.next();
            let extra = words.next();
            let placeholder = match (name, arg) {
                ("title", None) => Some(Placeholder::Title),
                ("section", Some(id)) => Some(Placeholder::Section(id.to_string())),
                ("section-title", Some(id)) => Some(Placeholder::SectionTitle(id.to_string())),
                ("card", Some(id)) => Some(Placeholder::Card(id.to_string())),
                ("guidance", Some(id)) => Some(Placeholder::Guidance(id.to_string())),
                ("config-snippet", None) => Some(Placeholder::ConfigSnippet),
                ("example-command", None) => Some(Placeholder::ExampleCommand),
                ("default-model", None) => Some(Placeholder::DefaultModel),
                ("example-model", None) => Some(Placeholder::ExampleModel),
                ("cloud-model", None) => Some(Placeholder::CloudModel),
                _ => None,
            };
            match placeholder {
                Some(p) if extra.is_none() => {
                    if rest_start < start {
                        pieces.push(Piece::Text(text[rest_start..start].to_string()));
                    }
                    pieces.push(Piece::Placeholder(p, start..end));
                    rest_start = end;
                }
                _ => errors.push(TemplateError {
                    span: start..end,
                    message: format!(
                        "unknown placeholder `{inner}`; known: catalog:title, catalog:section ID, \
                         catalog:section-title ID, catalog:card ID, catalog:guidance ID, \
                         catalog:config-snippet, catalog:example-command, catalog:default-model, \
                         catalog:example-model, catalog:cloud-model"
                    ),
                }),
            }
        }
        if rest_start < text.len() {
            pieces.push(Piece::Text(text[rest_start..].to_string()));
        }
        if errors.is_empty() {
            Ok(Template { pieces, code: fenced_spans(text), source: text.to_string() })
        } else {
            Err(errors)
        }
    }

    /// The template used when a catalog has no `page.mdx`: the title, every section in order
    /// and the two snippets.
    pub fn default_for(section_ids: &[&str]) -> Template {
        let mut text = String::from("# {/* catalog:title */}\n\n");
        for id in section_ids {
            text.push_str(&format!("{{/* catalog:section {id} */}}\n\n"));
        }
        text.push_str(
            "## Configuring models\n\n\
             To choose your default model, add a `model` entry to your `config.toml`:\n\n\
             {/* catalog:config-snippet */}\n\n\
             To start Codex with a specific model, use the `--model`/`-m` flag:\n\n\
             {/* catalog:example-command */}\n",
        );
        // The text above is fixed and well formed.
        Template::parse(&text).unwrap_or(Template {
            pieces: vec![Piece::Text(text.clone())],
            code: Vec::new(),
            source: text,
        })
    }

    /// The text the template was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether a span of the template lies inside a fenced code block.
    pub fn in_code(&self, span: &Range<usize>) -> bool {
        self.code.iter().any(|c| c.start <= span.start && span.end <= c.end)
    }

    /// The placeholders with their spans.
    pub fn placeholders(&self) -> impl Iterator<Item = (&Placeholder, &Range<usize>)> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Placeholder(ph, span) => Some((ph, span)),
            Piece::Text(_) => None,
        })
    }
}

/// The byte ranges of the fenced code blocks of a Markdown text (a fence not closed runs to the
/// end).
fn fenced_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
        let fence = marker.len() >= 3 && marker.chars().all(|c| marker.starts_with(c));
        match &open {
            Some((start, m)) if fence && marker.starts_with(m.as_str()) && trimmed.trim() == marker => {
                spans.push(*start..offset + line.len());
                open = None;
            }
            None if fence => open = Some((offset, marker)),
            _ => {}
        }
        offset += line.len();
    }
    if let Some((start, _)) = open {
        spans.push(start..text.len());
    }
    spans
}

/// The code spans of Markdown text, each within one line: a run of n backticks opens a span
/// that the next run of exactly n backticks on the same line closes; a run with no such partner
/// is text. (CommonMark lets a span cross lines, but MDX reads a line that starts with `{` or
/// `<` as an expression or an element even then, so a span across lines is written as text.)
/// With `escapes`, a backslash escapes the next character (the text is MDX from a page); without,
/// a backslash is a character like any other (the text is the catalog's, about to be escaped).
/// Returns each span's byte range, backticks included.
fn code_spans(text: &str, escapes: bool) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let mut runs = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if escapes && bytes[i] == b'\\' && i + 1 < bytes.len() {
                i += 2; // an escaped backtick opens nothing
                continue;
            }
            if bytes[i] == b'`' {
                let start = i;
                while i < bytes.len() && bytes[i] == b'`' {
                    i += 1;
                }
                runs.push(start..i);
                continue;
            }
            i += 1;
        }
        let mut k = 0;
        while k < runs.len() {
            let open = runs[k].clone();
            match (k + 1..runs.len()).find(|&j| runs[j].len() == open.len()) {
                Some(j) => {
                    spans.push(offset + open.start..offset + runs[j].end);
                    k = j + 1;
                }
                None => k += 1,
            }
        }
        offset += line.len();
    }
    spans
}

/// Escape Markdown prose (guidance) for MDX: outside code spans, `\\`, `{`, `}`, `<` and a
/// backtick that opens no code span get a backslash, and a line that would open an
/// `import`/`export` statement starts with a character reference instead, so catalog text can
/// never open a JSX expression, a tag or ESM. Other Markdown stays Markdown. [`unescape_prose`]
/// is its inverse.
pub fn escape_prose(text: &str) -> String {
    let spans = code_spans(text, false);
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_line_start = true;
    let mut pos = 0;
    let prose = |out: &mut String, part: &str, at_line_start: &mut bool| {
        let mut rest = part;
        while !rest.is_empty() {
            if *at_line_start {
                let trimmed = rest.trim_start_matches([' ', '\t']);
                out.push_str(&rest[..rest.len() - trimmed.len()]);
                rest = trimmed;
                for (word, reference) in [("import", "&#105;"), ("export", "&#101;")] {
                    if rest.starts_with(word) && rest[word.len()..].starts_with([' ', '\t', '{', '*']) {
                        out.push_str(reference);
                        rest = &rest[1..];
                    }
                }
            }
            let Some(c) = rest.chars().next() else { break };
            if matches!(c, '\\' | '{' | '}' | '<' | '`') {
                out.push('\\');
            }
            out.push(c);
            *at_line_start = c == '\n';
            rest = &rest[c.len_utf8()..];
        }
    };
    for span in spans {
        prose(&mut out, &text[pos..span.start], &mut at_line_start);
        out.push_str(&text[span.clone()]);
        at_line_start = text[span.clone()].ends_with('\n');
        pos = span.end;
    }
    prose(&mut out, &text[pos..], &mut at_line_start);
    out
}

/// Undo [`escape_prose`] on prose read from a page: outside code spans, a backslash before
/// `\\`, `{`, `}`, `<` or a backtick is dropped, and `&#105;`/`&#101;` at a line's start is
/// the letter again.
pub fn unescape_prose(text: &str) -> String {
    let spans = code_spans(text, true);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut at_line_start = true;
    let prose = |out: &mut String, part: &str, at_line_start: &mut bool| {
        let mut chars = part.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && matches!(chars.peek(), Some('\\' | '{' | '}' | '<' | '`')) {
                out.push(chars.next().unwrap_or(c));
                *at_line_start = false;
                continue;
            }
            if c == '&' && *at_line_start {
                let rest: String = chars.clone().take(5).collect();
                if let Some((_, letter)) = [("#105;", 'i'), ("#101;", 'e')].iter().find(|(r, _)| rest == *r) {
                    for _ in 0..5 {
                        chars.next();
                    }
                    out.push(*letter);
                    *at_line_start = false;
                    continue;
                }
            }
            out.push(c);
            *at_line_start = c == '\n' || (*at_line_start && (c == ' ' || c == '\t'));
        }
    };
    for span in spans {
        prose(&mut out, &text[pos..span.start], &mut at_line_start);
        out.push_str(&text[span.clone()]);
        at_line_start = false;
        pos = span.end;
    }
    prose(&mut out, &text[pos..], &mut at_line_start);
    out
}

/// The deepest nesting of tags a page may have before it is parsed at all (a real page has 3).
pub const MAX_TAG_DEPTH: usize = 256;

/// The offset where the tags of `text` first nest deeper than `max`, counted by a scan that
/// needs no parser: `<name` opens (unless it ends with `/>`), `</` closes.
pub(crate) fn too_deep(text: &str, max: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            match bytes.get(i + 1) {
                Some(b'/') => depth = depth.saturating_sub(1),
                Some(c) if c.is_ascii_alphabetic() => {
                    // Find the tag's end, skipping quoted attribute values.
                    let mut j = i + 1;
                    let mut quote = None;
                    while j < bytes.len() {
                        match (quote, bytes[j]) {
                            (None, q @ (b'"' | b'\'')) => quote = Some(q),
                            (Some(q), c) if c == q => quote = None,
                            (None, b'>') => break,
                            _ => {}
                        }
                        j += 1;
                    }
                    if bytes.get(j.wrapping_sub(1)) != Some(&b'/') {
                        depth += 1;
                        if depth > max {
                            return Some(i);
                        }
                    }
                    i = j;
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// The largest page parsed as MDX: 1 MiB, 57 times the largest real page (18 KB). The
/// `markdown` crate's time grows faster than the page (6.5 MB of plain paragraphs took 30 s).
pub const MAX_PAGE_SIZE: usize = 1 << 20;

/// The deepest nesting of block quotes and list items a line may open (real pages: 1).
pub const MAX_CONTAINER_DEPTH: usize = 16;

/// The most emphasis delimiters (`*`, `_`, `~`) one block may hold (real pages: 20): the parser
/// pairs them up in time that grows with their square.
pub const MAX_DELIMITERS: usize = 1000;

/// The deepest a line may be indented, in columns (a tab counts 4; real pages: 14): lists nested
/// by indentation are bounded by it.
pub const MAX_INDENT: usize = 80;

/// The most link brackets (`[`) one block may hold (real pages: a few dozen).
pub const MAX_BRACKETS: usize = 1000;

/// Refuse, before parsing, a text the MDX parser would take superlinear time on: too large,
/// tags nested too deep ([`MAX_TAG_DEPTH`]), block quotes or lists nested too deep (by markers
/// or by indentation), or too many delimiters or brackets in one block. Scans that need no
/// parser, linear in the text; a line ends at `\n` or `\r`, as it does for the parser.
pub fn check_bounds(text: &str) -> Result<(), MdxError> {
    if text.len() > MAX_PAGE_SIZE {
        let message = format!("the page is {} bytes; a page may be at most {MAX_PAGE_SIZE} bytes", text.len());
        return Err(MdxError { offset: None, message });
    }
    if let Some(at) = too_deep(text, MAX_TAG_DEPTH) {
        return Err(MdxError {
            offset: Some(at),
            message: format!("elements are nested more than {MAX_TAG_DEPTH} deep"),
        });
    }
    let mut offset = 0;
    let (mut delimiters, mut brackets) = (0, 0);
    let blank = |s: &str| s.bytes().all(|b| b == b' ' || b == b'\t');
    for line in text.split_inclusive(['\n', '\r']) {
        let body = line.trim_end_matches(['\n', '\r']);
        let indent: usize =
            body.bytes().take_while(|b| *b == b' ' || *b == b'\t').map(|b| if b == b'\t' { 4 } else { 1 }).sum();
        if indent > MAX_INDENT && !blank(body) {
            let message = format!("a line is indented more than {MAX_INDENT} columns (lists nested too deep?)");
            return Err(MdxError { offset: Some(offset), message });
        }
        let mut rest = body.trim_start_matches([' ', '\t']);
        let mut depth = 0;
        loop {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if let Some(r) = rest.strip_prefix('>') {
                rest = r.trim_start_matches([' ', '\t']);
            } else if let Some(r) = rest.strip_prefix(['-', '*', '+']).filter(|r| r.starts_with([' ', '\t'])) {
                rest = r.trim_start_matches([' ', '\t']);
            } else if (1..=9).contains(&digits)
                && let Some(r) = rest[digits..].strip_prefix(['.', ')']).filter(|r| r.starts_with([' ', '\t']))
            {
                rest = r.trim_start_matches([' ', '\t']);
            } else {
                break;
            }
            depth += 1;
            if depth > MAX_CONTAINER_DEPTH {
                let message = format!("block quotes or lists are nested more than {MAX_CONTAINER_DEPTH} deep");
                return Err(MdxError { offset: Some(offset), message });
            }
        }
        if blank(body) {
            (delimiters, brackets) = (0, 0);
        } else {
            delimiters += body.bytes().filter(|b| matches!(b, b'*' | b'_' | b'~')).count();
            brackets += body.bytes().filter(|b| *b == b'[').count();
            if delimiters > MAX_DELIMITERS {
                let message =
                    format!("a paragraph holds more than {MAX_DELIMITERS} emphasis delimiters (`*`, `_`, `~`)");
                return Err(MdxError { offset: Some(offset), message });
            }
            if brackets > MAX_BRACKETS {
                let message = format!("a paragraph holds more than {MAX_BRACKETS} link brackets (`[`)");
                return Err(MdxError { offset: Some(offset), message });
            }
        }
        offset += line.len();
    }
    Ok(())
}

/// Why [`parse_mdx`] refused a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdxError {
    /// The byte offset the parser names, where it names one.
    pub offset: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// Parse MDX text with the `markdown` crate, bounded: tags nested deeper than
/// [`MAX_TAG_DEPTH`] are refused before the (recursive) parser sees them, and a panic of the
/// parser is an error, not a crash.
pub fn parse_mdx(text: &str) -> Result<markdown::mdast::Node, MdxError> {
    check_bounds(text)?;
    let parsed = std::panic::catch_unwind(|| markdown::to_mdast(text, &markdown::ParseOptions::mdx()))
        .map_err(|_| MdxError { offset: None, message: "the MDX parser failed on it".into() })?;
    parsed.map_err(|e| {
        let offset = e.place.as_deref().map(|place| match place {
            markdown::message::Place::Point(p) => p.offset,
            markdown::message::Place::Position(p) => p.start.offset,
        });
        MdxError { offset, message: format!("it is not valid MDX: {e}") }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_text_and_placeholders() {
        let t = Template::parse("# {/* catalog:title */}\n{/* a comment */}\n{/* catalog:section recommended */}\n")
            .unwrap();
        assert_eq!(
            t.pieces,
            vec![
                Piece::Text("# ".into()),
                Piece::Placeholder(Placeholder::Title, 2..23),
                Piece::Text("\n{/* a comment */}\n".into()),
                Piece::Placeholder(Placeholder::Section("recommended".into()), 42..77),
                Piece::Text("\n".into()),
            ]
        );
    }

    #[test]
    fn reports_unknown_and_unclosed_placeholders() {
        let errors = Template::parse("{/* catalog:sektion x */}\n{/* catalog:title").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].message.contains("unknown placeholder `catalog:sektion x`"));
        assert_eq!(errors[1].span.start, 26);
    }

    #[test]
    fn default_template_places_every_section() {
        let t = Template::default_for(&["a", "b"]);
        let sections: Vec<_> = t
            .placeholders()
            .filter_map(|(p, _)| match p {
                Placeholder::Section(id) => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(sections, ["a", "b"]);
    }
}
