//! `cargo xtask preview [--out DIR] [--compare REV]`: write the HTML preview of the page
//! (`codex_catalog::render::html`) to `DIR/index.html`, alone or beside the page at a git
//! revision or another catalog folder.

use codex_catalog::render::html;
use codex_catalog::write::write_atomic;

use crate::flags::PreviewArgs;
use xtask::{Failure, repo};

use crate::diff;

pub fn run(args: PreviewArgs) -> Result<(), Failure> {
    let dir = repo::catalog_dir(args.catalog)?;
    let catalog = xtask::catalog::load_valid(&dir)?;
    let out = match args.out {
        Some(out) => out,
        None => repo::shown(&repo::root()?.join("target/preview")),
    };
    let page = match &args.compare {
        None => html::render(&catalog),
        Some(rev) => {
            let (old_dir, tmp) = diff::resolve_side(rev)?;
            let old =
                xtask::catalog::load_valid_as(&old_dir, tmp.as_ref().map(|_| format!("{rev}:catalog")).as_deref())?;
            html::render_compare(&old, &catalog, rev, &dir.display().to_string())
        }
    };
    std::fs::create_dir_all(&out).map_err(|e| Failure::io("create", &out, e))?;
    let file = out.join("index.html");
    write_atomic(&file, page.as_bytes()).map_err(|e| Failure::io("write", &file, e))?;
    let cards = page.matches("<article class=\"card").count();
    let shown = std::path::absolute(&file).unwrap_or_else(|_| file.clone());
    errln!("wrote {} ({cards} cards); open file://{}", file.display(), shown.display());
    Ok(())
}
