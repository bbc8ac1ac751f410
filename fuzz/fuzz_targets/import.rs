//! MDX import on arbitrary pages: parsing, building the catalog, and rendering the page again.
#![no_main]

use codex_catalog::diagnostic::SourceText;
use codex_catalog::import::{self, ImportDocument};
use libfuzzer_sys::fuzz_target;

static HOOK: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys aborts on any panic, even one the importer catches (it catches panics of the
    // `markdown` crate and reports them). Restore the default hook, as the real binary has:
    // a panic that escapes the importer still crashes the run and is found.
    HOOK.call_once(|| drop(std::panic::take_hook()));
    let Ok(text) = std::str::from_utf8(data) else { return };
    let src = SourceText::new("page.mdx".into(), text.into());
    let Ok(page) = import::parse_page(&src) else { return };
    let doc = ImportDocument::from_path(std::path::Path::new("page.mdx"), None).unwrap();
    if let Ok(built) = import::build(&page, None, &doc, &src, &Default::default()) {
        let _ = import::files(&built, "../schema");
    }
});
