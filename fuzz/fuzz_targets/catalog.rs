//! Catalog parsing + validation + rendering on arbitrary bytes. The input is split at the first
//! NUL byte: before it `catalog.toml`, after it one model file (`models/m-1.toml`); without a NUL
//! the input is the model file beside a fixed valid catalog.toml.
#![no_main]

use codex_catalog::diagnostic::SourceText;
use codex_catalog::load::{LoadedCatalog, ModelSource};
use codex_catalog::{generate, validate};
use libfuzzer_sys::fuzz_target;

const CATALOG: &str = include_str!("../../tests/fixtures/catalogs/minimal/catalog.toml");
const ALPHA_2: &str = include_str!("../../tests/fixtures/catalogs/minimal/models/alpha-2.toml");

fuzz_target!(|data: &[u8]| {
    let (catalog, model) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (CATALOG.as_bytes(), data),
    };
    let (Ok(catalog), Ok(model)) = (std::str::from_utf8(catalog), std::str::from_utf8(model)) else { return };
    let loaded = LoadedCatalog {
        dir: "fuzz".into(),
        catalog: Some(SourceText::new("catalog.toml".into(), catalog.into())),
        models: vec![
            ModelSource { slug: "alpha-1".into(), source: SourceText::new("models/alpha-1.toml".into(), model.into()) },
            ModelSource { slug: "alpha-2".into(), source: SourceText::new("models/alpha-2.toml".into(), ALPHA_2.into()) },
        ],
        template: None,
        texts: Vec::new(),
    };
    let outcome = validate::validate(&loaded, Vec::new());
    // Diagnostics render without panicking, whatever their text.
    let _ = codex_catalog::diagnostic::render_human(&outcome.diagnostics, codex_catalog::diagnostic::Color::Never);
    if let Some(catalog) = outcome.catalog {
        for out in generate::outputs(&catalog) {
            assert!(out.contents.ends_with('\n'));
        }
    }
});
