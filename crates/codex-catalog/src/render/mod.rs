//! Stage 3, `render`: one pure function per format, `&Catalog -> String`.
//!
//! Renderers never fail (what could only fail on a bug says so with `expect`) and never touch the file system; the same catalog always gives the same
//! bytes (LF line endings, a trailing newline, no timestamps). The three whose outputs grow
//! largest (JSON and Rust, about 1 KiB per model, and CSV) also write into any `io::Write` as
//! they go (`write`), so `gen` streams them to disk instead of holding them whole; only the
//! sink's own errors can fail them.

pub mod codex;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod mdx;
pub mod rust;
pub mod typescript;

pub use crate::naming::GENERATED;

/// How much text a renderer that streams ([`json::write`], [`rust::write`], [`csv::write`])
/// gathers before it hands it on.
const CHUNK: usize = 256 << 10;

/// The text a streaming renderer writes, as a `String` (writing to memory cannot fail, and the
/// renderers write UTF-8).
pub(crate) fn to_string(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let mut bytes = Vec::new();
    write(&mut bytes).expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("renderers write UTF-8")
}
