//! `exports/models.csv`: one row per model for spreadsheets (RFC 4180, UTF-8, header row).
//!
//! Columns: the model's facts ([`crate::facts::MODEL_FACTS`]), then `surface:<id>` (`true`, `false`, or empty when unknown) and
//! `note:<id>` for each declared surface in page order. Lists are joined with `;`.
//!
//! A cell whose text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
//! or carriage return, after any leading `'`) is written with one extra leading `'`;
//! [`unneutralize`] strips it again.

use std::borrow::Cow;

use serde_json::Value;

use crate::catalog::Catalog;
use crate::facts::{MODEL_FACTS, Shape};

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

/// The header row: the CSV facts of [`MODEL_FACTS`] in order, a column per surface for the
/// facts that have one.
pub fn header(catalog: &Catalog) -> Vec<String> {
    let mut h = Vec::new();
    for f in MODEL_FACTS.iter().filter(|f| f.csv) {
        match f.shape {
            Shape::Single => h.push(f.key.to_string()),
            Shape::PerSurface { csv_prefix, .. } => {
                h.extend(catalog.surfaces().iter().map(|s| format!("{csv_prefix}:{}", s.id)));
            }
        }
    }
    h
}

/// A cell: text as it is, lists joined with `;`, unknown empty.
fn cell(value: &Value) -> Cow<'_, str> {
    match value {
        Value::Null => Cow::Borrowed(""),
        Value::String(s) => Cow::Borrowed(s),
        Value::Array(items) => Cow::Owned(items.iter().map(cell).collect::<Vec<_>>().join(";")),
        other => Cow::Owned(other.to_string()),
    }
}

/// `exports/models.csv`.
pub fn render(catalog: &Catalog) -> String {
    super::to_string(|out| write(catalog, out))
}

/// [`render`] into `out`, a row at a time (the CSV writer's buffer is all it holds).
pub fn write(catalog: &Catalog, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(super::CHUNK)
        .from_writer(out);
    type W<'o> = csv::Writer<&'o mut dyn std::io::Write>;
    let field = |w: &mut W<'_>, text: &str| w.write_field(neutralize(text).as_bytes());
    let end = |w: &mut W<'_>| w.write_record(None::<&[u8]>);
    for name in header(catalog) {
        field(&mut w, &name)?;
    }
    end(&mut w)?;
    for m in catalog.models() {
        for f in MODEL_FACTS.iter().filter(|f| f.csv) {
            let value = f.value(catalog, m);
            match f.shape {
                Shape::Single => field(&mut w, &cell(&value))?,
                Shape::PerSurface { .. } => {
                    for s in catalog.surfaces() {
                        field(&mut w, &value.get(&s.id).map(cell).unwrap_or_default())?;
                    }
                }
            }
        }
        end(&mut w)?;
    }
    w.flush()?;
    Ok(())
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
