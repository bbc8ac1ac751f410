//! The document an import records as the source of the facts it takes from a page.

use crate::diagnostic::{Diagnostic, Rule};
use crate::model::Document;
use crate::naming::{is_slug, slugify};

/// The document an import records as the source of what the page shows.
#[derive(Debug, Clone)]
pub struct ImportDocument {
    /// Id in `[[documents]]`.
    pub id: String,
    /// What it is.
    pub title: String,
    /// Its date, where its file name has one.
    pub date: Option<String>,
    /// Where it is.
    pub location: Option<String>,
}

impl ImportDocument {
    /// The document of a page file: the id given (`--document`), else one named after the
    /// file: `codex-models-2026-04-03.mdx` gives the id `codex-models-2026-04-03` and the date
    /// 2026-04-03. A given id that is not a slug is refused.
    pub fn from_path(path: &std::path::Path, id: Option<&str>) -> Result<ImportDocument, Vec<Diagnostic>> {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let id = match id {
            Some(id) if is_slug(id) => id.to_string(),
            Some(id) => {
                let shown: String = id.chars().take(64).collect();
                let message =
                    format!("--document `{shown}` is not a document id (lower-case letters, digits, `-` and `.`)");
                return Err(vec![Diagnostic::for_file(Rule::Card, crate::load::display(path), message)]);
            }
            None => {
                let mut id = slugify(&stem, '-');
                if id.is_empty() || !id.starts_with(|c: char| c.is_ascii_lowercase()) {
                    id = format!("page-{id}");
                }
                id
            }
        };
        let date = (0..stem.len().saturating_sub(9)).find_map(|i| {
            let s = stem.get(i..i + 10)?;
            let ok = s.bytes().enumerate().all(|(j, b)| if j == 4 || j == 7 { b == b'-' } else { b.is_ascii_digit() });
            ok.then(|| s.to_string())
        });
        let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(ImportDocument { id, title: format!("Codex Models page ({name})"), date, location: Some(name) })
    }

    pub(crate) fn document(&self) -> Document {
        Document {
            id: self.id.clone(),
            title: self.title.clone(),
            date: self.date.clone(),
            location: self.location.clone(),
        }
    }
}
