//! `cargo xtask diff OLD NEW`: the semantic diff of two catalogs, each a folder or a git
//! revision of this repository.

use std::path::{Path, PathBuf};

use codex_catalog::diff;

use crate::flags::{DiffArgs, DiffFormat};
use xtask::Failure;

use crate::git;

pub fn run(args: DiffArgs) -> Result<(), Failure> {
    let (old_dir, old_tmp) = resolve_side(&args.old)?;
    let (new_dir, new_tmp) = resolve_side(&args.new)?;
    let shown = |side: &str, tmp: &Option<tempfile::TempDir>| tmp.as_ref().map(|_| format!("{side}:catalog"));
    let old = xtask::catalog::load_valid_as(&old_dir, shown(&args.old, &old_tmp).as_deref())?;
    let new = xtask::catalog::load_valid_as(&new_dir, shown(&args.new, &new_tmp).as_deref())?;
    let log = diff::diff(&old, &new);
    let text = match args.format {
        DiffFormat::Markdown => diff::render_markdown(&log, &old, &new, &args.old, &args.new),
        DiffFormat::Json => diff::render_json(&log),
    };
    out!("{text}");
    if args.exit_code && !log.is_empty() { Err(Failure::Failed(None)) } else { Ok(()) }
}

/// A side of `diff`: a catalog folder as given, or a revision read into a temporary folder.
pub fn resolve_side(side: &str) -> Result<(PathBuf, Option<tempfile::TempDir>), Failure> {
    let path = Path::new(side);
    if path.exists() {
        return Ok((path.to_path_buf(), None));
    }
    let dir = tempfile::tempdir()?;
    let cwd = std::env::current_dir()?;
    // From any folder of the repository: the revision's `catalog/` beside the nearest folder
    // above that has one (the repository root), not `catalog/` of the current folder.
    let base = cwd.ancestors().find(|d| d.join("catalog").is_dir()).unwrap_or(&cwd);
    git::checkout_catalog(base, side, "catalog", dir.path()).map_err(Failure::Usage)?;
    Ok((dir.path().to_path_buf(), Some(dir)))
}
