//! Diagnostics as they are shown: rustc-like text for people, GitHub workflow commands for
//! pull requests, JSON for tools. Every text from a file is made safe for a terminal here.

use std::fmt::Write as _;

use super::{Diagnostic, Severity, cut_message};

/// Whether colour is wanted: the caller decides from the terminal and `NO_COLOR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    /// Plain text.
    Never,
    /// ANSI colours.
    Always,
}

/// rustc-like text: `error[rule]: message`, ` --> file:line:col`, the line, a caret, each label
/// the same way, then the hint.
pub fn render_human(diagnostics: &[Diagnostic], color: Color) -> String {
    // Each diagnostic is rendered apart, on every core (a large catalog can have thousands).
    let mut out: String = crate::par::map(diagnostics, |d| {
        let mut one = String::new();
        render_one(&mut one, d, color);
        one
    })
    .concat();
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.len() - errors;
    if errors + warnings > 0 {
        let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
    }
    out
}

/// One diagnostic as [`render_human`] prints it, its blank line after it.
fn render_one(out: &mut String, d: &Diagnostic, color: Color) {
    let paint = |code: &str, s: &str| match color {
        Color::Always => format!("\x1b[{code}m{s}\x1b[0m"),
        Color::Never => s.to_string(),
    };
    let (label, code) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let head = format!("{label}[{}]", d.rule.id());
    let message = terminal_safe(&cut_message(&d.message)).into_owned();
    let _ = writeln!(out, "{}{}", paint(code, &head), paint("1", &format!(": {message}")));
    let excerpts: Vec<_> = std::iter::once(d.source.as_ref().map(|s| (s.excerpt(&d.span), "", "^", code)))
        .chain(d.labels.iter().map(|l| Some((l.source.excerpt(&l.span), l.message.as_str(), "-", "1;34"))))
        .collect();
    let file = terminal_safe(&d.file);
    let width = excerpts.iter().flatten().map(|((line, ..), ..)| line.to_string().len()).max().unwrap_or(1);
    let gutter = " ".repeat(width);
    let bar = paint("1;34", "|");
    let (line, column) = d.position();
    let _ = writeln!(out, "{gutter}{} {file}:{line}:{column}", paint("1;34", "-->"));
    for (i, excerpt) in excerpts.iter().enumerate() {
        let Some(((line, column, text, pad, underline), message, mark, mark_code)) = excerpt else { continue };
        if i > 0 {
            let file = terminal_safe(&d.labels[i - 1].file);
            let _ = writeln!(out, "{gutter}{} {file}:{line}:{column}", paint("1;34", ":::"));
        }
        let _ = writeln!(out, "{gutter} {bar}");
        let _ = writeln!(out, "{} {bar} {text}", paint("1;34", &format!("{line:>width$}")));
        let marks = mark.repeat(*underline);
        let note =
            if message.is_empty() { String::new() } else { format!(" {}", terminal_safe(&cut_message(message))) };
        let _ = writeln!(out, "{gutter} {bar} {pad}{}", paint(mark_code, &format!("{marks}{note}")));
    }
    if !d.pointer.is_empty() {
        let _ = writeln!(out, "{gutter} {} at: {}", paint("1;34", "="), terminal_safe(&cut_message(&d.pointer)));
    }
    if let Some(hint) = &d.hint {
        // A hint may span lines (a TOML snippet to paste): each on a line of its own, aligned.
        let hint = cut_message(hint);
        let mut lines = hint.split('\n');
        let _ =
            writeln!(out, "{gutter} {} hint: {}", paint("1;34", "="), terminal_safe(lines.next().unwrap_or_default()));
        for line in lines {
            let _ = writeln!(out, "{gutter}         {}", terminal_safe(line));
        }
    }
    out.push('\n');
}

/// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), one per
/// diagnostic and label, so a pull request shows each problem on its line.
pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    // https://docs.github.com/actions/reference/workflow-commands-for-github-actions
    let data = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let (line, column) = d.position();
        let mut message = cut_message(&d.message).into_owned();
        if let Some(hint) = &d.hint {
            message.push_str(&format!(" (hint: {hint})"));
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={line},col={column},title={}::{}",
            property(&d.file),
            property(d.rule.id()),
            terminal_safe(&data(&message))
        );
        for l in &d.labels {
            let (line, column) = l.position();
            let _ = writeln!(
                out,
                "::notice file={},line={line},col={column},title={}::{}",
                property(&l.file),
                property(d.rule.id()),
                terminal_safe(&data(&l.message))
            );
        }
    }
    out
}

/// The bidirectional formatting characters: marks, embeddings, overrides and isolates.
fn reorders(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text as a terminal may show it: control characters (but tab) and bidirectional formatting
/// characters written as `\u{1b}`, so a file cannot move the cursor, recolour the screen or
/// reorder what is shown.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| (c.is_control() && c != '\t') || reorders(c);
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `{"diagnostics": [...], "errors": N, "warnings": N}` for tools.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let value = serde_json::json!({
        "diagnostics": diagnostics,
        "errors": errors,
        "warnings": diagnostics.len() - errors,
    });
    json_text(&value)
}

/// A JSON document for tools, diagnostics in it or not: pretty, bidirectional characters
/// escaped as `\u202e` (serde_json escapes control characters but not those), ending in a newline.
pub fn json_text(value: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("a JSON value always serialises");
    // serde_json escapes control characters; bidirectional ones it writes as they are.
    if s.contains(reorders) {
        s = s.chars().map(|c| if reorders(c) { format!("\\u{:04x}", c as u32) } else { c.to_string() }).collect();
    }
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
