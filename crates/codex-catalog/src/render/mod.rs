//! Stage 3, `render`: one pure function per format, `&Catalog -> String`.
//!
//! Renderers never fail (what could only fail on a bug says so with `expect`) and never touch the file system; the same catalog always gives the same
//! bytes (LF line endings, a trailing newline, no timestamps).

pub mod csv;
pub mod json;
pub mod markdown;
pub mod mdx;
pub mod rust;

pub use crate::naming::GENERATED;
