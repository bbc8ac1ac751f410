//! `exports/models.md`: GitHub-flavoured Markdown tables, one per section, then the models that
//! are not on the page.
//!
//! Catalog text is escaped so that it stays text: a `|` cannot end a cell, a newline cannot end a
//! row, and HTML or Markdown syntax in a description shows as written.

use std::fmt::Write as _;

use crate::catalog::{Catalog, Model};
use crate::naming::GENERATED;

/// Escape text for a table cell: Markdown punctuation is backslash-escaped, `<`, `>` and `&` become
/// entities, and line breaks become `&#10;` / `&#13;`, so the cell reads back as the same text.
pub fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

fn rating(value: Option<u8>, max: u8) -> String {
    value.map_or_else(|| "?".to_string(), |v| format!("{v}/{max}"))
}

fn flag(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "?",
    }
}

fn table<'a>(out: &mut String, catalog: &Catalog, models: impl Iterator<Item = &'a Model>) {
    let scales = catalog.scales();
    let mut header = vec!["Model".to_string(), escape_cell(&scales.capability.label), escape_cell(&scales.speed.label)];
    header.extend(catalog.surfaces().iter().map(|s| escape_cell(&s.label)));
    header.extend(["Status", "Successor", "Command"].map(String::from));
    let align: Vec<&str> =
        (0..header.len()).map(|i| if i == 0 || i >= header.len() - 3 { "---" } else { ":-:" }).collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "| {} |", align.join(" | "));
    for m in models {
        let d = m.data();
        let mut row = vec![
            escape_cell(d.name.as_deref().unwrap_or(m.slug())),
            rating(d.capability, scales.capability.max),
            rating(d.speed, scales.speed.max),
        ];
        row.extend(catalog.surfaces_with_ids().map(|(id, s)| {
            let mut cell = flag(m.availability(id)).to_string();
            if let Some(note) = d.availability_notes.get(&s.id) {
                cell.push_str(&format!(" ({})", escape_cell(note)));
            }
            cell
        }));
        row.push(d.status.as_ref().map_or_else(|| "?".to_string(), |s| s.kind.as_str().replace('_', " ")));
        row.push(catalog.successor(m).map_or_else(|| "—".to_string(), |s| format!("`{}`", s.slug())));
        row.push(format!("`{}`", m.codex_command()));
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
}

/// `exports/models.md`.
pub fn render(catalog: &Catalog) -> String {
    // Room for every row (about 100 bytes and 4 per surface) from the start: a large table is
    // not copied each time it outgrows its buffer.
    let row = 160 + 8 * catalog.surfaces().len();
    let mut out = String::with_capacity(1024 + catalog.models().len().saturating_mul(row));
    let _ = write!(out, "<!-- {GENERATED} -->\n\n# {}\n\n", escape_cell(catalog.title()));
    out.push_str("✓ available · ✗ not available · ? unknown\n");
    for section in catalog.sections() {
        let _ = write!(out, "\n## {}\n\n", escape_cell(section.title()));
        table(&mut out, catalog, catalog.section_models(section));
    }
    if catalog.off_page_models().next().is_some() {
        out.push_str("\n## Not on the page\n\n");
        table(&mut out, catalog, catalog.off_page_models());
    }
    out
}
