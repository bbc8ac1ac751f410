//! Diagnostics: what went wrong, where, which rule, and how to fix it.
//!
//! Every stage reports into a `Vec<Diagnostic>` instead of stopping at the first problem, so one
//! run shows every error of every file. Rendering is separate: [`render_human`] looks like rustc,
//! [`render_json`] is for tools.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

mod render;

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
    ($( $(#[doc = $doc:literal])* $variant:ident = $id:literal, $sev:ident; )*) => {
        /// Every rule the validator checks; the id is stable and documented in docs/rules.md
        /// (generated from this declaration by [`rules_markdown`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $( $(#[doc = $doc])* $variant, )*
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

            /// The rule's documentation: its doc comment, one line per comment line.
            pub fn doc(self) -> &'static str {
                match self { $(Rule::$variant => concat!($($doc, "\n"),*),)* }
            }
        }
    };
}

rules! {
    /// A file or folder could not be read (exit code 2): the catalog's files must be readable
    /// regular files.
    Io = "io", Error;
    /// A catalog file is larger than the size limit (16 MiB).
    FileTooLarge = "file-too-large", Error;
    /// A file is not UTF-8, or starts with a byte-order mark.
    Encoding = "encoding", Error;
    /// `catalog.toml` is missing.
    MissingFile = "missing-file", Error;
    /// A file in `models/` that is not a model file (only `<slug>.toml` belongs there).
    UnexpectedFile = "unexpected-file", Error;
    /// TOML syntax, duplicate keys included.
    TomlSyntax = "toml-syntax", Error;
    /// The file does not match its JSON Schema, made from the Rust types (types, ranges,
    /// patterns, unknown keys).
    Schema = "schema", Error;
    /// A model file's stem is not a valid slug: lower-case letters and digits joined by `.` or
    /// `-`.
    SlugPattern = "slug-pattern", Error;
    /// Two model files have the same slug, compared without case (`GPT-5.toml` beside
    /// `gpt-5.toml`); import uses it for two cards with one slug.
    DuplicateSlug = "duplicate-slug", Error;
    /// A reference to a model that the catalog does not have (`succeeded_by`, section models,
    /// default, example and cloud model).
    UnknownModel = "unknown-model", Error;
    /// `succeeded_by` forms a cycle (or names the model itself): one diagnostic, spelled out,
    /// with a label at every file of the cycle.
    SuccessionCycle = "succession-cycle", Error;
    /// A "Succeeded by" chain longer than 32 models: every model's `upgrade_path` lists the rest
    /// of its chain, so a longer chain would make the exports grow with its square.
    SuccessionDepth = "succession-depth", Error;
    /// A model is listed twice, in one section or in two.
    SectionMembership = "section-membership", Error;
    /// A surface id that `catalog.toml` does not declare (availability keys, sources).
    UnknownSurface = "unknown-surface", Error;
    /// A document id that `catalog.toml` does not declare.
    UnknownDocument = "unknown-document", Error;
    /// Two surfaces, sections or documents share an id.
    DuplicateId = "duplicate-id", Error;
    /// Two surfaces share a label, or two documents a title, as they read: compared in NFC,
    /// without case or invisible characters, through Unicode's confusable skeleton (UTS #39),
    /// so look-alike letters of other scripts are the same (a section title may repeat).
    DuplicateLabel = "duplicate-label", Error;
    /// A rating outside the declared scale.
    RatingScale = "rating-scale", Error;
    /// A description still holds a "Succeeded by …" sentence.
    SuccessionSentence = "succession-sentence", Error;
    /// A slug in backticks in prose (descriptions, notes, guidance, the template) that the
    /// catalog does not have.
    ProseSlug = "prose-slug", Error;
    /// A URL (a wallpaper, a URL-like card attribute, a link or image in any text, the template's
    /// included) that is not a place on the page (`#…`), a site-relative path (starting with `/`,
    /// no `.` or `..` segment, encoded or not, no `\`) or an https URL, read as a browser reads
    /// it.
    Url = "url", Error;
    /// A control character (other than newline and tab) or a default-ignorable one (Unicode's
    /// property: bidirectional controls, zero-width characters, joiners, variation selectors, …)
    /// in text.
    ForbiddenCharacter = "forbidden-character", Error;
    /// Two slugs, surface ids or section ids that make the same Rust variant of their enum, or a
    /// variant named like an associated item of the generated crate (`Model::ALL`).
    IdentifierCollision = "identifier-collision", Error;
    /// The page template is not valid MDX (its tags nested at most 256 deep), names an unknown
    /// section or placeholder, leaves a section out or places one twice (whole, or by its
    /// cards), puts cards from inside a code block, or names a default, example or cloud model
    /// the catalog does not have.
    PageTemplate = "page-template", Error;
    /// A model on the page without a name or a description.
    MissingDescription = "missing-description", Error;
    /// A card attribute that is not a JSX name, shadows one the catalog writes itself (`slug`,
    /// `name`, …), or holds code rather than a literal.
    CardAttribute = "card-attribute", Error;
    /// The page `gen` would write does not parse, or has ESM, expressions or elements the
    /// template does not have (`gen` parses the page it rendered with the importer's MDX
    /// parser before it writes, and writes nothing then).
    GeneratedPage = "generated-page", Error;
    /// The page could not be parsed as MDX (import).
    MdxSyntax = "mdx-syntax", Error;
    /// A card on the page that cannot be read, or one that would lose a fact: a feature listed
    /// twice, or two features mapped onto one surface (import).
    Card = "card", Error;
    /// Code in the page's prose (import): an `import`/`export` statement, an expression that is
    /// not a comment, or an expression attribute outside the cards. The docs site runs it; the
    /// catalog keeps prose as text, so it is refused unless `--keep-code` keeps it verbatim.
    PageCode = "page-code", Error;
    /// A Codex CLI model catalog that cannot be read (import): not JSON, a key twice in one
    /// object, nesting deeper than 128, no `models` array, a model without a slug or with one
    /// that is not a slug, two models with one slug.
    CodexFile = "codex-file", Error;
    /// A model's `[codex]` table or `catalog.toml`'s that does not hold together: its `slug` is
    /// not the file's, a `{ text = … }` names no text in `texts/`, a marker is malformed, a
    /// model with an entry is missing from `[codex] models` or listed twice or without one.
    CodexEntry = "codex-entry", Error;
    /// Drift: the page's default model is not a model the CLI lists, or the CLI starts on
    /// another (its listed model with the lowest `priority`).
    DriftDefault = "drift-default", Warning;
    /// Drift: a CLI `upgrade` names a model the catalog does not have, one the CLI hides or
    /// lacks, or another model than the end of the page's "Succeeded by" chain.
    DriftUpgrade = "drift-upgrade", Warning;
    /// Drift: two models share a CLI display name or description.
    DriftDuplicate = "drift-duplicate", Warning;
    /// Drift: two models the CLI lists share a `priority` (the picker's order is then the
    /// file's).
    DriftPriority = "drift-priority", Warning;
    /// Drift: a card on the page for a model the CLI hides or lacks, or a model the CLI lists
    /// that the page never names.
    DriftCoverage = "drift-coverage", Warning;
    /// Drift: `supported_in_api` against the page's availability on the surface `api`.
    DriftApi = "drift-api", Warning;
    /// Drift: a `minimal_client_version` that is not a semantic version (`0.153.0`).
    DriftVersion = "drift-version", Warning;
    /// A model whose "Succeeded by" chain ends at a deprecated or retired model: its upgrade
    /// sends readers to a model on its way out (acknowledgeable, like the drift rules).
    UpgradeDeprecated = "upgrade-deprecated", Warning;
    /// An `[[acknowledged]]` difference that no drift finding matches any more (or that names
    /// no drift rule): delete it.
    StaleAcknowledgement = "stale-acknowledgement", Warning;
    /// A text in `texts/` that no `[codex]` table names (an import deletes the texts it no
    /// longer needs).
    UnusedText = "unused-text", Warning;
    /// A catalog file without its `#:schema` first line (editors then cannot check it).
    SchemaDirective = "schema-directive", Warning;
    /// The same word twice in a row in prose ("for for").
    DoubledWord = "doubled-word", Warning;
    /// A model on the page with an unknown rating or availability: its card leaves it out.
    IncompleteCard = "incomplete-card", Warning;
}

/// Where [`rules_markdown`] goes, relative to the output root.
pub const RULES_DOC_PATH: &str = "docs/rules.md";

/// The rule reference, docs/rules.md: one row per rule of the `rules!` declaration, in its
/// order, with the rule's severity and doc comment. The same for every catalog.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "<!-- generated by `cargo xtask gen` from the `rules!` declaration in \
         crates/codex-catalog/src/diagnostic.rs — do not edit -->\n\n\
         # Validation rules\n\n\
         Every diagnostic names one of these rules by its id. Errors block; warnings are reported \
         and block only with `--deny-warnings` (CI uses it). How diagnostics look is described in \
         [using.md](using.md#exit-codes-and-diagnostics).\n\n\
         | rule | severity | checks |\n|---|---|---|\n",
    );
    for rule in Rule::ALL {
        let doc: Vec<&str> = rule.doc().lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let severity = match rule.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "| `{}` | {severity} | {} |", rule.id(), doc.join(" ").replace('|', "\\|"));
    }
    out
}

/// One problem, located in a file by a byte range, with secondary labels where other places
/// take part (the other files of a succession cycle, the first of two declarations). Line and
/// column are worked out when the diagnostic is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The rule's stable id.
    pub rule: Rule,
    /// The file, as a path relative to where the command ran (or as given).
    pub file: String,
    /// The byte range in the file (`0..0` for the file as a whole).
    pub span: Range<usize>,
    /// JSON pointer to the value in the file (`/sections/0/models/2`); empty for the whole file.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where the validator can tell.
    pub hint: Option<String>,
    /// Other places that take part.
    pub labels: Vec<Label>,
    /// The file's text, to locate and show the range; `None` when it could not be read.
    source: Option<SourceText>,
}

/// A secondary place of a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file.
    pub file: String,
    /// The byte range in it.
    pub span: Range<usize>,
    /// What this place has to do with the problem.
    pub message: String,
    source: SourceText,
}

impl Label {
    /// 1-based line and character column of the label.
    pub fn position(&self) -> (usize, usize) {
        self.source.position(self.span.start)
    }
}

/// A file's text with a line index, to turn byte offsets into line:column. Cloning is cheap
/// (the text is shared), so every diagnostic can keep the text it points into.
#[derive(Clone, PartialEq, Eq)]
pub struct SourceText(Arc<Source>);

impl std::fmt::Debug for SourceText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The name and size only: a diagnostic's debug output should not repeat the whole file.
        write!(f, "SourceText({:?}, {} bytes)", self.display, self.text.len())
    }
}

/// The contents of a [`SourceText`].
#[derive(Debug, PartialEq, Eq)]
pub struct Source {
    /// The path shown in diagnostics.
    pub display: String,
    /// The text.
    pub text: String,
    /// Where each line starts, worked out when a position is first asked for: most files of a
    /// large catalog never are.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl std::ops::Deref for SourceText {
    type Target = Source;

    fn deref(&self) -> &Source {
        &self.0
    }
}

impl SourceText {
    /// Index `text` for locating.
    pub fn new(display: String, text: String) -> Self {
        SourceText(Arc::new(Source { display, text, line_starts: std::sync::OnceLock::new() }))
    }

    /// A diagnostic of `rule` at `span` (a byte range; `None` for the start of the file).
    pub fn diagnostic(
        &self,
        rule: Rule,
        span: Option<Range<usize>>,
        pointer: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: rule.severity(),
            rule,
            file: self.display.clone(),
            span: span.unwrap_or(0..0),
            pointer: pointer.to_string(),
            message: message.into(),
            hint: None,
            labels: Vec::new(),
            source: Some(self.clone()),
        }
    }

    /// A label at `span` of this file.
    pub fn label(&self, span: Option<Range<usize>>, message: impl Into<String>) -> Label {
        Label { file: self.display.clone(), span: span.unwrap_or(0..0), message: message.into(), source: self.clone() }
    }
}

/// The most characters of a line a diagnostic shows.
pub const EXCERPT_CHARS: usize = 120;

/// The most characters of a message a diagnostic shows (messages quote the catalog's text).
pub const MESSAGE_CHARS: usize = 500;

/// `text` cut to [`MESSAGE_CHARS`] characters, `…` where cut.
fn cut_message(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MESSAGE_CHARS) {
        Some((i, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..i])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

impl Source {
    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts().partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts()[line];
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts()[line - 1];
        let end = self.line_starts().get(line).copied().unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    }

    /// The line a range starts on, as shown on a terminal (control and bidirectional characters
    /// escaped), with the width of the text before the range and of the range on that line. A
    /// long line is cut to [`EXCERPT_CHARS`] characters around the range (`…` where cut), so a
    /// 15 MB line prints a line, not the file.
    fn excerpt(&self, span: &Range<usize>) -> (usize, usize, String, String, usize) {
        let (line, column) = self.position(span.start);
        let line_text = self.line_text(line);
        let start = self.line_starts()[line - 1];
        let mut from = span.start.clamp(start, start + line_text.len()) - start;
        let mut to = span.end.clamp(start + from, start + line_text.len()) - start;
        while !line_text.is_char_boundary(from) {
            from -= 1;
        }
        while !line_text.is_char_boundary(to) {
            to += 1;
        }
        // The window: up to a third of the width before the range, the rest after it.
        let window_start = line_text[..from].char_indices().rev().nth(EXCERPT_CHARS / 3).map_or(0, |(i, _)| i);
        let window_end = line_text[window_start..]
            .char_indices()
            .nth(EXCERPT_CHARS)
            .map_or(line_text.len(), |(i, _)| window_start + i);
        let (open, close) =
            (if window_start > 0 { "…" } else { "" }, if window_end < line_text.len() { "…" } else { "" });
        let before = terminal_safe(&line_text[window_start..from]);
        let pad: String = open.chars().chain(before.chars()).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
        let shown_to = to.min(window_end).max(from);
        let underline = terminal_safe(&line_text[from..shown_to]).chars().count().max(1);
        let text = format!("{open}{}{close}", terminal_safe(&line_text[window_start..window_end]));
        (line, column, text, pad, underline)
    }
}

impl Diagnostic {
    /// A diagnostic about a file as a whole (it could not be read, so there is no text to show).
    pub fn for_file(rule: Rule, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: rule.severity(),
            rule,
            file: file.into(),
            span: 0..0,
            pointer: String::new(),
            message: message.into(),
            hint: None,
            labels: Vec::new(),
            source: None,
        }
    }

    /// Add a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Add a secondary label.
    #[must_use]
    pub fn with_label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }

    /// Make a warning an error (`--deny-warnings`).
    pub fn deny(&mut self) {
        self.severity = Severity::Error;
    }

    /// 1-based line and character column of the start of the range.
    pub fn position(&self) -> (usize, usize) {
        self.source.as_ref().map_or((1, 1), |s| s.position(self.span.start))
    }

    /// 1-based line.
    pub fn line(&self) -> usize {
        self.position().0
    }

    /// 1-based column, in characters.
    pub fn column(&self) -> usize {
        self.position().1
    }

    /// Every place of the diagnostic, the primary first: file, line, column.
    pub fn places(&self) -> Vec<(&str, usize, usize)> {
        let (line, column) = self.position();
        let mut places = vec![(self.file.as_str(), line, column)];
        places.extend(self.labels.iter().map(|l| {
            let (line, column) = l.position();
            (l.file.as_str(), line, column)
        }));
        places
    }
}

impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let (line, column) = self.position();
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("severity", &self.severity)?;
        map.serialize_entry("rule", self.rule.id())?;
        map.serialize_entry("file", &self.file)?;
        map.serialize_entry("line", &line)?;
        map.serialize_entry("column", &column)?;
        map.serialize_entry("pointer", &self.pointer)?;
        // Cut as people see them: one long line must not make megabytes of report.
        map.serialize_entry("message", &cut_message(&self.message))?;
        if let Some(hint) = &self.hint {
            map.serialize_entry("hint", &cut_message(hint))?;
        }
        if !self.labels.is_empty() {
            let labels: Vec<serde_json::Value> = self
                .labels
                .iter()
                .map(|l| {
                    let (line, column) = l.position();
                    serde_json::json!({ "file": l.file, "line": line, "column": column, "message": l.message })
                })
                .collect();
            map.serialize_entry("labels", &labels)?;
        }
        map.end()
    }
}

/// Sort diagnostics by file, then position, then rule, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics
        .sort_by(|a, b| (&a.file, a.span.start, a.rule, &a.message).cmp(&(&b.file, b.span.start, b.rule, &b.message)));
}

pub use render::{Color, json_text, render_github, render_human, render_json, terminal_safe};

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

    /// Issue 20, 17: one 15 MB line with several problems printed 90 MB of diagnostics.
    #[test]
    fn a_long_line_is_cut_around_each_problem() {
        let line = format!("x = \"{}é{}\"\n", "a".repeat(5_000_000), "b".repeat(5_000_000));
        let src = SourceText::new("f.toml".into(), line.clone());
        let long_message = "m".repeat(100_000);
        let diags: Vec<Diagnostic> = [5, 5_000_005, 9_999_000]
            .into_iter()
            .map(|at| src.diagnostic(Rule::Schema, Some(at..at + 3_000_000), "", long_message.clone()))
            .collect();
        let out = render_human(&diags, Color::Never);
        assert!(out.len() < 3 * (EXCERPT_CHARS + MESSAGE_CHARS) * 4, "{} bytes", out.len());
        // The problem is still shown where it is: the `é` under its caret.
        let shown = out.lines().find(|l| l.contains('é')).expect("the excerpt around the é");
        assert!(shown.contains("…aaa") && shown.ends_with("bbb…"), "{shown}");
        assert!(out.contains("1:5000006"), "{out}");
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

    #[test]
    fn github_annotations_escape_their_fields() {
        let src = SourceText::new("catalog/a,b.toml".into(), "x = 1\ny = 2\n".into());
        let d = src.diagnostic(Rule::Schema, Some(8..9), "/y", "50% wrong:\nbad").with_hint("fix");
        assert_eq!(
            render_github(&[d]),
            "::error file=catalog/a%2Cb.toml,line=2,col=3,title=schema::50%25 wrong:%0Abad (hint: fix)\n"
        );
    }

    #[test]
    fn labels_show_the_other_places_and_widen_the_gutter() {
        let a = SourceText::new("a.toml".into(), "succeeded_by = \"b\"\n".into());
        let long = format!("{}succeeded_by = \"a\"\n", "\n".repeat(11));
        let b = SourceText::new("b.toml".into(), long);
        let d = a
            .diagnostic(Rule::SuccessionCycle, Some(15..18), "/succeeded_by", "succession cycle: a → b → a")
            .with_label(b.label(Some(26..29), "`b` is succeeded by `a`"));
        assert_eq!(d.places(), [("a.toml", 1, 16), ("b.toml", 12, 16)]);
        let text = render_human(std::slice::from_ref(&d), Color::Never);
        assert!(
            text.contains(" --> a.toml:1:16\n   |\n 1 | succeeded_by = \"b\"\n   |                ^^^\n"),
            "{text}"
        );
        assert!(
            text.contains(
                " ::: b.toml:12:16\n   |\n12 | succeeded_by = \"a\"\n   |                --- `b` is succeeded by `a`\n"
            ),
            "{text}"
        );
        let json: serde_json::Value = serde_json::from_str(&render_json(&[d])).unwrap();
        let d = &json["diagnostics"][0];
        assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(1), Some(16)));
        assert_eq!(d["labels"][0]["file"], "b.toml");
        assert_eq!(d["labels"][0]["line"], 12);
    }
}
