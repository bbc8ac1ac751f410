//! Diagnostics: what went wrong, where, which rule, and how to fix it.
//!
//! Every stage reports into a `Vec<Diagnostic>` instead of stopping at the first problem, so one
//! run shows every error of every file. Rendering is separate: [`render_human`] looks like rustc,
//! [`render_json`] is for tools.

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks validation and generation.
    Error,
    /// Reported; blocks only with `--deny-warnings`.
    Warning,
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $sev:ident; )*) => {
        /// Every rule the validator checks; the id is stable and documented in the README.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in documentation order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable id shown in diagnostics (`duplicate-slug`).
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The severity a diagnostic of this rule has.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev,)* }
            }
        }
    };
}

rules! {
    /// A file or folder could not be read (exit code 2).
    Io = "io", Error;
    /// A catalog file is larger than the size limit.
    FileTooLarge = "file-too-large", Error;
    /// A file is not UTF-8, or starts with a byte-order mark.
    Encoding = "encoding", Error;
    /// `catalog.toml` is missing.
    MissingFile = "missing-file", Error;
    /// A file in `models/` that is not a model file.
    UnexpectedFile = "unexpected-file", Error;
    /// TOML syntax, duplicate keys included.
    TomlSyntax = "toml-syntax", Error;
    /// The file does not match its JSON Schema.
    Schema = "schema", Error;
    /// A model file's stem is not a valid slug.
    SlugPattern = "slug-pattern", Error;
    /// Two model files have the same slug (compared without case).
    DuplicateSlug = "duplicate-slug", Error;
    /// A reference to a model that the catalog does not have.
    UnknownModel = "unknown-model", Error;
    /// The default or example model is not on the page.
    NotOnPage = "not-on-page", Error;
    /// `succeeded_by` forms a cycle (or names the model itself).
    SuccessionCycle = "succession-cycle", Error;
    /// A model is listed twice, in one section or in two.
    SectionMembership = "section-membership", Error;
    /// A surface id that `catalog.toml` does not declare.
    UnknownSurface = "unknown-surface", Error;
    /// A document id that `catalog.toml` does not declare.
    UnknownDocument = "unknown-document", Error;
    /// Two surfaces, sections or documents share an id.
    DuplicateId = "duplicate-id", Error;
    /// Two surfaces share a label, or two sections a title.
    DuplicateLabel = "duplicate-label", Error;
    /// A rating outside the declared scale.
    RatingScale = "rating-scale", Error;
    /// A description still holds a "Succeeded by …" sentence.
    SuccessionSentence = "succession-sentence", Error;
    /// A slug in backticks in prose that the catalog does not have.
    ProseSlug = "prose-slug", Error;
    /// A URL that is neither a site-relative path nor https.
    Url = "url", Error;
    /// A control or bidirectional-override character in text.
    ForbiddenCharacter = "forbidden-character", Error;
    /// Two slugs that map to the same Rust identifier.
    IdentifierCollision = "identifier-collision", Error;
    /// The page template names an unknown section or placeholder, or leaves a section out.
    PageTemplate = "page-template", Error;
    /// A model on the page without a description.
    MissingDescription = "missing-description", Error;
    /// The page could not be parsed as MDX (import).
    MdxSyntax = "mdx-syntax", Error;
    /// A card on the page that cannot be read (import).
    Card = "card", Error;
    /// A catalog file without its `#:schema` first line (editors then cannot check it).
    SchemaDirective = "schema-directive", Warning;
    /// The same word twice in a row in prose ("for for").
    DoubledWord = "doubled-word", Warning;
    /// A model on the page with an unknown rating or availability: its card leaves it out.
    IncompleteCard = "incomplete-card", Warning;
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The rule's stable id.
    #[serde(serialize_with = "ser_rule")]
    pub rule: Rule,
    /// The file, as a path relative to where the command ran (or as given).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// JSON pointer to the value in the file (`/sections/0/models/2`); empty for the whole file.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where the validator can tell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The source line the location is on (for human output).
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters of `source_line` to underline.
    #[serde(skip)]
    pub underline: usize,
}

fn ser_rule<S: serde::Serializer>(rule: &Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.id())
}

/// A file's text with a line index, to turn byte offsets into line:column.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path shown in diagnostics.
    pub display: String,
    /// The text.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Index `text` for locating.
    pub fn new(display: String, text: String) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceText { display, text, line_starts }
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    }

    /// A diagnostic of `rule` at `span` (a byte range; `None` for the start of the file).
    pub fn diagnostic(
        &self,
        rule: Rule,
        span: Option<Range<usize>>,
        pointer: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let span = span.unwrap_or(0..0);
        let (line, column) = self.position(span.start);
        let line_text = self.line_text(line);
        // Underline the span's part on its first line, at least one character.
        let end_on_line = (self.line_starts[line - 1] + line_text.len()).min(span.end);
        let underline = self.text.get(span.start.min(end_on_line)..end_on_line).map_or(1, |s| s.chars().count().max(1));
        Diagnostic {
            severity: rule.severity(),
            rule,
            file: self.display.clone(),
            line,
            column,
            pointer: pointer.to_string(),
            message: message.into(),
            hint: None,
            source_line: Some(line_text.to_string()),
            underline,
        }
    }
}

impl Diagnostic {
    /// A diagnostic about a file as a whole (it could not be read, so there is no text to show).
    pub fn for_file(rule: Rule, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: rule.severity(),
            rule,
            file: file.into(),
            line: 1,
            column: 1,
            pointer: String::new(),
            message: message.into(),
            hint: None,
            source_line: None,
            underline: 0,
        }
    }

    /// Add a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Make a warning an error (`--deny-warnings`).
    pub fn deny(&mut self) {
        self.severity = Severity::Error;
    }
}

/// Sort diagnostics by file, then position, then rule, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule, &a.message).cmp(&(&b.file, b.line, b.column, b.rule, &b.message))
    });
}

/// Whether colour is wanted: the caller decides from the terminal and `NO_COLOR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    /// Plain text.
    Never,
    /// ANSI colours.
    Always,
}

/// rustc-like text: `error[rule]: message`, ` --> file:line:col`, the line, a caret, the hint.
pub fn render_human(diagnostics: &[Diagnostic], color: Color) -> String {
    let paint = |code: &str, s: &str| match color {
        Color::Always => format!("\x1b[{code}m{s}\x1b[0m"),
        Color::Never => s.to_string(),
    };
    let mut out = String::new();
    for d in diagnostics {
        let (label, code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let head = format!("{label}[{}]", d.rule.id());
        let _ = writeln!(out, "{}{}", paint(code, &head), paint("1", &format!(": {}", d.message)));
        let gutter = " ".repeat(d.line.to_string().len());
        let _ = writeln!(out, "{gutter}{} {}:{}:{}", paint("1;34", "-->"), d.file, d.line, d.column);
        if let Some(src) = &d.source_line {
            let bar = paint("1;34", "|");
            let _ = writeln!(out, "{gutter} {bar}");
            let _ = writeln!(out, "{} {bar} {}", paint("1;34", &d.line.to_string()), src);
            let pad: String = src.chars().take(d.column - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            let carets = "^".repeat(d.underline.max(1));
            let _ = writeln!(out, "{gutter} {bar} {pad}{}", paint(code, &carets));
        }
        if !d.pointer.is_empty() {
            let _ = writeln!(out, "{gutter} {} at: {}", paint("1;34", "="), d.pointer);
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "{gutter} {} hint: {hint}", paint("1;34", "="));
        }
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.len() - errors;
    if errors + warnings > 0 {
        let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
    }
    out
}

/// `{"diagnostics": [...], "errors": N, "warnings": N}` for tools.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let value = serde_json::json!({
        "diagnostics": diagnostics,
        "errors": errors,
        "warnings": diagnostics.len() - errors,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

impl Color {
    /// Colour only on a terminal, and never when `NO_COLOR` is set to anything non-empty.
    pub fn auto(is_terminal: bool) -> Color {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if is_terminal && !no_color { Color::Always } else { Color::Never }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_lines() {
        let src = SourceText::new("f".into(), "a = 1\nné = \"x\"\n".into());
        assert_eq!(src.position(0), (1, 1));
        assert_eq!(src.position(6), (2, 1));
        // "né = " is 6 bytes but 5 characters.
        assert_eq!(src.position(6 + "né = ".len()), (2, 6));
        assert_eq!(src.position(10_000), (3, 1));
    }

    #[test]
    fn rule_ids_are_unique() {
        let mut ids: Vec<_> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
    }

    #[test]
    fn human_output_has_location_rule_and_hint() {
        let src = SourceText::new("catalog/x.toml".into(), "name = 1\n".into());
        let d = src.diagnostic(Rule::Schema, Some(7..8), "/name", "1 is not a string").with_hint("quote it");
        let text = render_human(&[d], Color::Never);
        assert!(text.contains("error[schema]: 1 is not a string"), "{text}");
        assert!(text.contains("--> catalog/x.toml:1:8"), "{text}");
        assert!(text.contains("1 | name = 1\n  |        ^\n"), "{text}");
        assert!(text.contains("= hint: quote it"), "{text}");
        assert!(!text.contains('\x1b'));
    }
}
