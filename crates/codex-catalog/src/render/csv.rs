//! `exports/models.csv`: one row per model for spreadsheets (RFC 4180, UTF-8, header row).
//!
//! Columns: the model's facts, then `surface:<id>` (`true`, `false`, or empty when unknown) and
//! `note:<id>` for each declared surface in page order. Lists are joined with `;`.
//!
//! A cell whose text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
//! or carriage return, after any leading `'`) is written with one extra leading `'`;
//! [`unneutralize`] strips it again.

use std::borrow::Cow;

use crate::catalog::Catalog;

const FIXED: [&str; 16] = [
    "slug",
    "name",
    "prose_name",
    "display_name",
    "section",
    "description",
    "capability",
    "speed",
    "status",
    "status_since",
    "status_until",
    "succeeded_by",
    "upgrade_to",
    "input_modalities",
    "wallpaper_url",
    "codex_command",
];

fn dangerous(s: &str) -> bool {
    s.trim_start_matches('\'').starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Prefix `'` to a cell a spreadsheet would execute.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if dangerous(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// Undo [`neutralize`]: what a reader of the CSV applies to every cell.
pub fn unneutralize(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if dangerous(cell) => rest,
        _ => cell,
    }
}

/// The header row.
pub fn header(catalog: &Catalog) -> Vec<String> {
    let mut h: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    for s in catalog.surfaces() {
        h.push(format!("surface:{}", s.id));
    }
    for s in catalog.surfaces() {
        h.push(format!("note:{}", s.id));
    }
    h
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// `exports/models.csv`.
pub fn render(catalog: &Catalog) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let mut rows = vec![header(catalog)];
    for m in &catalog.models {
        let d = &m.data;
        let path = catalog.upgrade_path(&m.slug);
        let mut row = vec![
            m.slug.clone(),
            d.name.clone(),
            opt(d.prose_name.as_ref()),
            m.display_name().to_string(),
            opt(m.section.as_ref()),
            opt(d.description.as_ref()),
            opt(d.capability),
            opt(d.speed),
            opt(d.status.as_ref().map(|s| s.kind.as_str())),
            opt(d.status.as_ref().and_then(|s| s.since.as_ref())),
            opt(d.status.as_ref().and_then(|s| s.until.as_ref())),
            opt(d.succeeded_by.as_ref()),
            opt(path.last()),
            opt(d.input_modalities.as_ref().map(|v| v.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(";"))),
            opt(d.wallpaper_url.as_ref()),
            m.codex_command(),
        ];
        row.extend(catalog.surfaces().iter().map(|s| opt(m.available_on(&s.id))));
        row.extend(catalog.surfaces().iter().map(|s| opt(d.availability_notes.get(&s.id))));
        rows.push(row);
    }
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(row.iter().map(|c| neutralize(c).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralizing_round_trips() {
        for cell in ["=1+1", "+x", "-3", "@a", "\tx", "\rx", "'=1", "''@", "'plain", "plain", "", "'"] {
            let n = neutralize(cell);
            assert!(!n.starts_with(['=', '+', '-', '@', '\t', '\r']), "{n:?}");
            assert_eq!(unneutralize(&n), cell);
        }
        assert_eq!(neutralize("=1+1"), "'=1+1");
        assert_eq!(neutralize("plain"), "plain");
    }
}
