//! The MDX renderer on arbitrary text: whatever a catalog's description, name, guidance and
//! attribute hold, the page `gen` writes parses as MDX and holds no code the template does not
//! (`render::mdx::check_page` on the whole page, cards included). The input is split at NUL
//! bytes into the texts.
#![no_main]

static HOOK: std::sync::Once = std::sync::Once::new();

use codex_catalog::diagnostic::SourceText;
use codex_catalog::load::{LoadedCatalog, ModelSource};
use codex_catalog::render::mdx;
use codex_catalog::validate;
use libfuzzer_sys::fuzz_target;

const CATALOG: &str = include_str!("../../tests/fixtures/catalogs/minimal/catalog.toml");
const ALPHA_1: &str = include_str!("../../tests/fixtures/catalogs/minimal/models/alpha-1.toml");
const ALPHA_2: &str = include_str!("../../tests/fixtures/catalogs/minimal/models/alpha-2.toml");

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys aborts on any panic, even one the renderer's check catches; keep the default
    // hook so only an escaping panic is a crash (as the import target does).
    HOOK.call_once(|| drop(std::panic::take_hook()));
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.split('\0');
    let description = parts.next().unwrap_or_default();
    let guidance = parts.next().unwrap_or_default();
    let attribute = parts.next().unwrap_or_default();
    let catalog = CATALOG.replace("guidance = \"Start with `alpha-2`.\"", &format!("guidance = {}", toml_string(guidance)));
    let model = ALPHA_1.replace("description = \"An older test model.\"", &format!("description = {}", toml_string(description)))
        + &format!("\n[card.attributes]\nbadge = {}\n", toml_string(attribute));
    let loaded = LoadedCatalog {
        dir: "fuzz".into(),
        catalog: Some(SourceText::new("catalog.toml".into(), catalog)),
        models: vec![
            ModelSource { slug: "alpha-1".into(), source: SourceText::new("models/alpha-1.toml".into(), model) },
            ModelSource { slug: "alpha-2".into(), source: SourceText::new("models/alpha-2.toml".into(), ALPHA_2.into()) },
        ],
        template: None,
        texts: Vec::new(),
    };
    let outcome = validate::validate(&loaded, Vec::new());
    if let Some(catalog) = outcome.catalog {
        let page = mdx::render(&catalog);
        match mdx::check_page(&catalog, &page) {
            // A panic of the `markdown` crate itself (caught; gen reports it and writes
            // nothing) is its bug, not a page that holds code.
            Err(e) if e.contains("the MDX parser failed") => {}
            Err(e) => panic!("{e}\n{page}"),
            Ok(()) => {}
        }
        // The preview of the same catalog keeps every text as text: each description is in
        // it escaped.
        let preview = codex_catalog::render::html::render(&catalog);
        for m in catalog.models().iter().filter(|m| m.section().is_some()) {
            let description = codex_catalog::render::html::esc(&catalog.page_description(m));
            assert!(preview.contains(&description), "{description}");
        }
    }
});
