//! MDX import on arbitrary pages: parsing, building the catalog, and rendering the page again.
#![no_main]

use codex_catalog::diagnostic::SourceText;
use codex_catalog::import::{self, ImportDocument};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let src = SourceText::new("page.mdx".into(), text.into());
    let Ok(page) = import::parse_page(&src) else { return };
    let doc = ImportDocument::from_path(std::path::Path::new("page.mdx"));
    if let Ok(built) = import::build(&page, None, &doc, &src) {
        let _ = import::files(&built, "../schema");
    }
});
