//! The changelog as Markdown, for a pull request description.

use std::fmt::Write as _;

use serde_json::Value;

use super::{Changelog, FactChange};
use crate::catalog::Catalog;

/// A value; `absent` names no value (`unknown` for a fact, `none` for a surface or section that
/// does not exist on that side).
fn show(v: &Option<Value>, absent: &str) -> String {
    match v {
        None => absent.into(),
        Some(Value::Bool(true)) => "✓".into(),
        Some(Value::Bool(false)) => "✗".into(),
        Some(Value::String(s)) => format!("`{}`", s.replace('\n', " ")),
        Some(other) => other.to_string(),
    }
}

fn section_name(c: &Catalog, id: &Option<String>) -> String {
    match id {
        None => "not on the page".into(),
        Some(id) => c.sections().iter().find(|s| s.id() == id).map_or_else(|| id.clone(), |s| s.title().to_string()),
    }
}

/// The changelog as Markdown for a pull request description. `old_name` and `new_name` label the
/// two sides; `old` and `new` give section titles and surface labels.
pub fn render_markdown(log: &Changelog, old: &Catalog, new: &Catalog, old_name: &str, new_name: &str) -> String {
    let mut out = format!("## Catalog changes: {old_name} → {new_name}\n");
    if log.is_empty() {
        out.push_str("\nNo changes.\n");
        return out;
    }
    let mut group = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = write!(out, "\n### {title}\n\n");
            for l in lines {
                let _ = writeln!(out, "- {l}");
            }
        }
    };
    let section_of = |slug: &str| {
        new.model(slug).map_or_else(String::new, |m| {
            format!(" ({})", section_name(new, &new.section_of(m).map(|s| s.id().to_string())))
        })
    };
    group("Models added", log.models_added.iter().map(|s| format!("`{s}`{}", section_of(s))).collect());
    group("Models removed", log.models_removed.iter().map(|s| format!("`{s}`")).collect());
    group(
        "Moved between sections",
        log.moved
            .iter()
            .map(|m| format!("`{}`: {} → {}", m.slug, section_name(old, &m.from), section_name(new, &m.to)))
            .collect(),
    );
    group(
        "Reordered",
        log.reordered
            .iter()
            .map(|r| {
                format!("{}: {} → {}", section_name(new, &Some(r.section.clone())), r.old.join(", "), r.new.join(", "))
            })
            .collect(),
    );
    let facts_with = |changes: &[FactChange], absent: &str| -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                let field = match new.surfaces().iter().chain(old.surfaces()).find(|s| s.id == c.field) {
                    Some(s) => format!("on {}", s.label),
                    None => c.field.replace('_', " "),
                };
                let subject = if c.subject == "catalog" { String::new() } else { format!("`{}` ", c.subject) };
                format!("{subject}{field}: {} → {}", show(&c.old, absent), show(&c.new, absent))
            })
            .collect()
    };
    let facts = |changes: &[FactChange]| facts_with(changes, "unknown");
    group("Default and example model", facts(&log.catalog));
    group("Surfaces", facts_with(&log.surfaces, "none"));
    group("Sections", facts_with(&log.sections, "none"));
    group("Status", facts(&log.status));
    group("Successors", facts(&log.successors));
    group("Capability and speed", facts(&log.ratings));
    group("Availability", facts(&log.availability));
    group("Other facts", facts(&log.details));
    group("Codex CLI catalog", facts(&log.codex));
    group(
        "Text edits",
        log.texts
            .iter()
            .map(|t| {
                let mut words = String::new();
                for (i, w) in t.words.iter().enumerate() {
                    let text = w.text.trim();
                    let next_is_insert = t.words.get(i + 1).is_some_and(|n| n.op == "insert");
                    let space_after = if w.text.ends_with(char::is_whitespace) && !next_is_insert { " " } else { "" };
                    let text = literal(text);
                    match w.op {
                        "delete" => words.push_str(&format!("~~{text}~~{space_after}")),
                        "insert" if i > 0 && t.words[i - 1].op == "delete" => {
                            words.push_str(&format!(" **{text}**{space_after}"))
                        }
                        "insert" => words.push_str(&format!("**{text}**{space_after}")),
                        _ => {
                            let lead = if w.text.starts_with(char::is_whitespace) && i > 0 { " " } else { "" };
                            let trail =
                                if w.text.ends_with(char::is_whitespace) && i + 1 < t.words.len() { " " } else { "" };
                            words.push_str(&format!("{lead}{text}{trail}"));
                        }
                    }
                }
                format!("`{}` {}: {}", t.subject, t.field.replace('_', " "), words.replace('\n', " "))
            })
            .collect(),
    );
    group("Newly known", facts(&log.newly_known));
    group("No longer known", facts(&log.no_longer_known));
    group("Derived from the changes above", facts_with(&log.derived, "none"));
    if !log.page_text.is_empty() {
        // A fence longer than any run of backticks in the text, so no text can close it.
        let longest = log.page_text.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let _ = write!(out, "\n### Page text (page.mdx)\n\n{fence}diff\n");
        for line in &log.page_text {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out, "{fence}");
    }
    out
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// Text shown as it is inside Markdown: every character Markdown could read as inline markup
/// gets a backslash, so a text holding `**` or `~~` cannot close the emphasis it is put in.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
