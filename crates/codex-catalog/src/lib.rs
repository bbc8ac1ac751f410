//! `codex-catalog`: the Codex model catalog as one reviewed source of truth.
//!
//! A straight pipeline, one module per stage, data flowing one way:
//!
//! 1. [`load`]: read `catalog/` and parse its TOML, keeping spans;
//! 2. [`validate`]: JSON Schema ([`schema`]) then cross-file rules, giving a [`Catalog`] or
//!    [`diagnostic`]s;
//! 3. [`render`]: one pure function per format, `&Catalog -> String`;
//! 4. [`write`](mod@write): compare with the disk, replace atomically, report.
//!
//! [`generate`] ties them together for `cargo xtask gen` and `check`.

#![warn(missing_docs)]

pub mod beneath;
pub mod card;
pub mod catalog;
pub mod codex;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod facts;
pub mod generate;
mod hash;
pub mod import;
pub mod load;
pub mod model;
pub mod naming;
mod par;
pub mod render;
pub mod schema;
pub mod template;
pub mod validate;
pub mod write;

pub use catalog::Catalog;
