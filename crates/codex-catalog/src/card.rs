//! One `<ModelDetails>` card, printed the way prettier 3 prints it (print width 80), so a docs
//! repository that formats its pages with prettier leaves generated cards alone.
//!
//! The rules prettier applies to the shapes a card has:
//!
//! - the element breaks (its `data` object always does), so each attribute is on its own line,
//!   two spaces deeper than `<ModelDetails`, and `/>` is on a line of its own;
//! - `features` holds several objects, so it is always one element per line;
//! - an object is printed on one line when it fits in 80 columns (its trailing comma included),
//!   unless its source had a line break right after `{`: prettier keeps such an object expanded.
//!   Ratings are written expanded (as every page does), surfaces on one line when they fit;
//! - an array (`icons`) is on one line when it fits, else one element per line, with trailing
//!   commas.
//!
//! A page written by hand may lay a feature out otherwise; the catalog records that per feature
//! ([`Layout`]) so the page comes back as it was, and a card without such records is exactly
//! what prettier prints.
//! - strings use double quotes, or single quotes when that needs fewer escapes.
//!
//! Widths are counted in characters.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The deepest nesting of brackets a card's `data` (or any attribute expression) may have before
/// a recursive parser reads it (a real card has 4).
pub const MAX_DATA_DEPTH: usize = 32;

/// The index of the closing quote of the JavaScript string that opens at `bytes[start]` (escapes
/// skipped), or the end of the text.
pub fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() && bytes[i] != quote {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    i
}

/// How deep the brackets of a JavaScript expression nest (strings skipped), counted by a loop.
pub fn bracket_depth(expr: &str) -> usize {
    let bytes = expr.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' | b'`' => i = string_end(bytes, i),
            b'{' | b'[' | b'(' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    max
}

/// A JSON5 value, parsed only when its nesting is shallow enough for the recursive parser.
pub fn json5_bounded<T: serde::de::DeserializeOwned>(expr: &str) -> Option<T> {
    (bracket_depth(expr) <= MAX_DATA_DEPTH).then(|| json5::from_str(expr).ok()).flatten()
}

/// Prettier's default print width.
pub const PRINT_WIDTH: usize = 80;

/// An attribute of the card, in the order it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attr {
    /// A bare attribute: `client:load`.
    Bare(String),
    /// `name="text"`, already made safe for a JSX attribute (see `mdx::jsx_attr`).
    Written(String),
    /// `name={expression}`: on one line when it fits, else the expression on a line of its own.
    Expression {
        /// The attribute's name.
        name: String,
        /// The expression between the braces.
        expression: String,
    },
    /// The `data={{ features: [...] }}` attribute.
    Data,
}

/// A feature of the card's `data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature<'a> {
    /// `Capability`, or a surface's label (borrowed from the catalog when rendering).
    pub title: Cow<'a, str>,
    /// What the feature shows.
    pub value: FeatureValue<'a>,
    /// How the page lays it out, where that is not the usual way.
    pub layout: Option<Layout>,
}

/// How a feature is laid out, where a page does it otherwise than the usual way (ratings
/// expanded with their icons on one line when they fit; surfaces on one line when they fit).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// The object with one key per line.
    Expanded,
    /// The object on one line, whatever its width.
    Inline,
    /// Expanded, with the icons one per line although they would fit on one.
    IconsBroken,
    /// Expanded, with the icons on one line although they do not fit.
    IconsOneLine,
}

/// What a feature looks like: whether its object is expanded, and (when it is) whether its
/// icons are one per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// One key per line.
    pub expanded: bool,
    /// Icons one per line (ratings of an expanded object only).
    pub icons_broken: bool,
}

/// A rating or a flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeatureValue<'a> {
    /// `value: ""` and the icon `count` times.
    Rating {
        /// The icon's name.
        icon: Cow<'a, str>,
        /// How many.
        count: u8,
    },
    /// `value: true` or `value: false`.
    Flag(bool),
}

/// A JavaScript string literal as prettier writes it: double quotes unless the text holds more
/// double than single quotes. `{`, `}` and `<` are written as `\u` escapes so MDX's expression
/// scanner never sees them.
pub fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_js_string(&mut out, text);
    out
}

/// The quote [`js_string`] writes `text` in.
fn quote_for(text: &str) -> char {
    let doubles = text.matches('"').count();
    let singles = text.matches('\'').count();
    if doubles > singles { '\'' } else { '"' }
}

/// The escape of a character inside a string quoted with `quote`, if it needs one.
fn escape(c: char, quote: char) -> Option<&'static str> {
    Some(match c {
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '{' => "\\u007b",
        '}' => "\\u007d",
        '<' => "\\u003c",
        '"' if quote == '"' => "\\\"",
        '\'' if quote == '\'' => "\\'",
        _ => return None,
    })
}

/// Whether a character is written as `\uXXXX` (controls and the line separators).
fn unicode_escaped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// [`js_string`], appended to `out`.
pub fn push_js_string(out: &mut String, text: &str) {
    let quote = quote_for(text);
    out.push(quote);
    for c in text.chars() {
        match escape(c, quote) {
            Some(e) => out.push_str(e),
            None if unicode_escaped(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            None => out.push(c),
        }
    }
    out.push(quote);
}

/// The width of [`js_string`]`(text)` in characters, without building it.
fn js_string_width(text: &str) -> usize {
    let quote = quote_for(text);
    2 + text
        .chars()
        .map(|c| match escape(c, quote) {
            Some(e) => e.len(),
            // Controls and U+2028/U+2029 are below U+10000: four hex digits.
            None if unicode_escaped(c) => 6,
            None => 1,
        })
        .sum::<usize>()
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// A feature's measures as printed, counted without building it: its icon and how many times
/// it is drawn, the widths of its one-line form and of its `icons: […],` line.
struct Parts<'f> {
    icon: Option<(&'f str, usize)>,
    flat_width: usize,
    icons_width: usize,
}

fn parts<'f>(f: &'f Feature<'_>) -> Parts<'f> {
    let title_width = js_string_width(&f.title);
    // `{ title: T, value: V },` and, for a rating, `{ title: T, value: "", icons: [I, I] },`.
    let fixed = "{ title: ".len() + title_width + ", value: ".len();
    match &f.value {
        FeatureValue::Rating { icon, count } => {
            let n = usize::from(*count);
            let list = n * js_string_width(icon) + 2 * n.saturating_sub(1);
            let flat_width = fixed + "\"\"".len() + ", icons: [".len() + list + "] },".len();
            let icons_width = "icons: [".len() + list + "],".len();
            Parts { icon: Some((icon, n)), flat_width, icons_width }
        }
        FeatureValue::Flag(v) => {
            let flat_width = fixed + if *v { 4 } else { 5 } + " },".len();
            Parts { icon: None, flat_width, icons_width: 0 }
        }
    }
}

/// The usual shape of a feature at `indent` (no [`Layout`] recorded): ratings expanded,
/// surfaces on one line when they fit, icons on one line when they fit.
pub fn usual_shape(f: &Feature<'_>, indent: usize) -> Shape {
    usual(&parts(f), indent)
}

fn usual(p: &Parts<'_>, indent: usize) -> Shape {
    let rating = p.icon.is_some();
    Shape {
        expanded: rating || indent + p.flat_width > PRINT_WIDTH,
        icons_broken: rating && indent + 2 + p.icons_width > PRINT_WIDTH,
    }
}

/// The shape a feature is printed in at `indent`: its recorded layout, else the usual shape.
pub fn shape(f: &Feature<'_>, indent: usize) -> Shape {
    shape_of(f, &parts(f), indent)
}

fn shape_of(f: &Feature<'_>, p: &Parts<'_>, indent: usize) -> Shape {
    let usual = usual(p, indent);
    match f.layout {
        None => usual,
        Some(Layout::Expanded) => Shape { expanded: true, ..usual },
        Some(Layout::Inline) => Shape { expanded: false, icons_broken: false },
        Some(Layout::IconsBroken) => Shape { expanded: true, icons_broken: true },
        Some(Layout::IconsOneLine) => Shape { expanded: true, icons_broken: false },
    }
}

/// The layout to record for a feature a page writes in `shape` at `indent`: `None` when that is
/// the usual shape.
pub fn layout_of(f: &Feature<'_>, indent: usize, shape: Shape) -> Option<Layout> {
    let usual = usual_shape(f, indent);
    let rating = matches!(f.value, FeatureValue::Rating { .. });
    if shape == usual || (!shape.expanded && !usual.expanded) {
        return None;
    }
    Some(match (shape.expanded, rating, shape.icons_broken) {
        (false, _, _) => Layout::Inline,
        (true, false, _) => Layout::Expanded,
        (true, true, true) => Layout::IconsBroken,
        (true, true, false) => Layout::IconsOneLine,
    })
}

fn feature(out: &mut String, indent: &str, f: &Feature<'_>) {
    let p = parts(f);
    let shape = shape_of(f, &p, width(indent));
    let value = match &f.value {
        FeatureValue::Rating { .. } => "\"\"",
        FeatureValue::Flag(true) => "true",
        FeatureValue::Flag(false) => "false",
    };
    let icons = |out: &mut String, sep: &str| {
        if let Some((icon, n)) = p.icon {
            for i in 0..n {
                if i > 0 {
                    out.push_str(sep);
                }
                push_js_string(out, icon);
            }
        }
    };
    out.push_str(indent);
    if !shape.expanded {
        out.push_str("{ title: ");
        push_js_string(out, &f.title);
        let _ = write!(out, ", value: {value}");
        if p.icon.is_some() {
            out.push_str(", icons: [");
            icons(out, ", ");
            out.push(']');
        }
        out.push_str(" },\n");
        return;
    }
    let _ = write!(out, "{{\n{indent}  title: ");
    push_js_string(out, &f.title);
    let _ = writeln!(out, ",\n{indent}  value: {value},");
    if p.icon.is_some() {
        if shape.icons_broken {
            let _ = write!(out, "{indent}  icons: [\n{indent}    ");
            icons(out, &format!(",\n{indent}    "));
            let _ = writeln!(out, ",\n{indent}  ],");
        } else {
            let _ = write!(out, "{indent}  icons: [");
            icons(out, ", ");
            out.push_str("],\n");
        }
    }
    let _ = writeln!(out, "{indent}}},");
}

/// The column features start at, for a card whose `<ModelDetails` is at `indent` columns.
pub fn feature_indent(indent: usize) -> usize {
    indent + 6
}

/// The card, its first line starting at the column of `indent` (which the caller has written)
/// and every further line prefixed with `indent`. No newline after `/>`.
pub fn print(attrs: &[Attr], features: &[Feature<'_>], indent: &str) -> String {
    let mut out = String::from("<ModelDetails\n");
    let attr_indent = format!("{indent}  ");
    for attr in attrs {
        match attr {
            Attr::Bare(name) => {
                let _ = writeln!(out, "{attr_indent}{name}");
            }
            Attr::Written(text) => {
                let _ = writeln!(out, "{attr_indent}{text}");
            }
            Attr::Expression { name, expression } => {
                let flat = format!("{name}={{{expression}}}");
                if width(&attr_indent) + width(&flat) <= PRINT_WIDTH || expression.contains('\n') {
                    let _ = writeln!(out, "{attr_indent}{flat}");
                } else {
                    let _ = writeln!(out, "{attr_indent}{name}={{\n{attr_indent}  {expression}\n{attr_indent}}}");
                }
            }
            Attr::Data => {
                let _ = writeln!(out, "{attr_indent}data={{{{");
                if features.is_empty() {
                    let _ = writeln!(out, "{attr_indent}  features: [],");
                } else {
                    let _ = writeln!(out, "{attr_indent}  features: [");
                    let feature_indent = format!("{attr_indent}    ");
                    for f in features {
                        feature(&mut out, &feature_indent, f);
                    }
                    let _ = writeln!(out, "{attr_indent}  ],");
                }
                let _ = writeln!(out, "{attr_indent}}}}}");
            }
        }
    }
    let _ = write!(out, "{indent}/>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(title: &str, icon: &str, count: u8, layout: Option<Layout>) -> Feature<'static> {
        Feature {
            title: title.to_string().into(),
            value: FeatureValue::Rating { icon: icon.to_string().into(), count },
            layout,
        }
    }

    #[test]
    fn icons_break_only_when_they_do_not_fit() {
        // 8 + 72 = 80 columns: fits.
        let four = rating("Speed", "openai.Flash", 4, None);
        assert_eq!(usual_shape(&four, 6), Shape { expanded: true, icons_broken: false });
        assert_eq!(usual_shape(&four, 8), Shape { expanded: true, icons_broken: true });
    }

    #[test]
    fn a_recorded_layout_wins_and_the_usual_one_is_not_recorded() {
        let mut out = String::new();
        feature(&mut out, "      ", &rating("Speed", "openai.Flash", 1, Some(Layout::Inline)));
        assert_eq!(out, "      { title: \"Speed\", value: \"\", icons: [\"openai.Flash\"] },\n");
        let mut out = String::new();
        feature(&mut out, "      ", &rating("Speed", "openai.Flash", 1, None));
        assert_eq!(
            out,
            "      {\n        title: \"Speed\",\n        value: \"\",\n        icons: [\"openai.Flash\"],\n      },\n"
        );
        let f = rating("Speed", "openai.Flash", 1, None);
        assert_eq!(layout_of(&f, 6, usual_shape(&f, 6)), None);
        assert_eq!(layout_of(&f, 6, Shape { expanded: true, icons_broken: true }), Some(Layout::IconsBroken));
        assert_eq!(layout_of(&f, 6, Shape { expanded: false, icons_broken: false }), Some(Layout::Inline));
    }

    #[test]
    fn widths_are_those_of_the_strings_written() {
        for text in ["plain", "say \"hi\"", "it's \"x\" 'y'", "{<}", "a\nb\\", "\u{7}\u{2028}é\t\r", "", "'"] {
            assert_eq!(js_string_width(text), width(&js_string(text)), "{text:?}");
        }
    }

    #[test]
    fn strings_take_the_quote_that_needs_fewer_escapes() {
        assert_eq!(js_string("plain"), "\"plain\"");
        assert_eq!(js_string("say \"hi\""), "'say \"hi\"'");
        assert_eq!(js_string("it's \"x\" 'y'"), "\"it's \\\"x\\\" 'y'\"");
        assert_eq!(js_string("{<}"), "\"\\u007b\\u003c\\u007d\"");
        assert_eq!(js_string("a\nb\\"), "\"a\\nb\\\\\"");
    }
}
