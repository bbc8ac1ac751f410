//! Import: read a Codex Models page written in MDX and make the catalog it describes.
//!
//! Three steps, one module each:
//!
//! 1. [`page`]: parse the page with the `markdown` crate's MDX constructs (each card's
//!    `data={{ … }}` object literal with a JSON5 parser) into a [`Page`]: sections from `##`
//!    headings (and titled wrappers such as toggle sections), cards with every attribute, the
//!    `model = "…"` and `codex -m …` snippets, and the prose as a template;
//! 2. [`build`](mod@build): turn the page into catalog files, merging into an existing catalog
//!    when one is given: surfaces from feature titles, ratings from icon counts, successors from
//!    "Succeeded by X." sentences;
//! 3. [`plan`](mod@plan): validate what would be written, in memory, before anything is written.

pub mod build;
pub mod codex;
pub mod document;
pub mod page;
pub mod plan;

pub use build::{Built, ImportDocument, MappingKind, SurfaceChoice, SurfaceMapping, build, split_succession};
pub use codex::{CodexPlan, plan_codex};
pub use page::{Page, PageAttr, PageCard, PageFeature, PageSection, parse_page};
pub use plan::{PageOptions, Plan, files, plan};
