//! Where the repository is: found when the command runs, never when it was compiled, so two
//! clones sharing one target folder each work on their own files.

use std::path::{Path, PathBuf};

use crate::Failure;

/// The repository root: the parent of the xtask's manifest folder that cargo names at run time
/// (`cargo xtask` sets `CARGO_MANIFEST_DIR`), else the nearest folder above the current one
/// holding `xtask/Cargo.toml` and `catalog/`.
pub fn root() -> Result<PathBuf, Failure> {
    let is_root = |dir: &Path| dir.join("xtask/Cargo.toml").is_file() && dir.join("Cargo.toml").is_file();
    if let Some(manifest) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let manifest = PathBuf::from(manifest);
        if let Some(parent) = manifest.parent().filter(|p| is_root(p)) {
            return Ok(parent.to_path_buf());
        }
    }
    let cwd = std::env::current_dir()?;
    cwd.ancestors().find(|d| is_root(d)).map(Path::to_path_buf).ok_or_else(|| {
        Failure::Usage(format!(
            "{} is not inside a codex-catalog repository (no xtask/Cargo.toml above it); \
             run from the repository or pass --catalog",
            cwd.display()
        ))
    })
}

/// `path` as shown to the user: relative to the current folder when it is inside it.
pub fn shown(path: &Path) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) => path.strip_prefix(&cwd).map_or_else(|_| path.to_path_buf(), Path::to_path_buf),
        Err(_) => path.to_path_buf(),
    }
}

/// The catalog folder: as given, else `catalog/` of the repository.
pub fn catalog_dir(arg: Option<PathBuf>) -> Result<PathBuf, Failure> {
    match arg {
        Some(dir) => Ok(dir),
        None => Ok(shown(&root()?.join("catalog"))),
    }
}

/// The output root: as given, else the repository. A given root that is a symbolic link is
/// refused: the outputs would be written wherever it points.
pub fn out_root(arg: Option<PathBuf>) -> Result<PathBuf, Failure> {
    match arg {
        Some(dir) => {
            not_a_link(&dir, "--out")?;
            Ok(dir)
        }
        None => Ok(shown(&root()?)),
    }
}

/// Refuse a folder named on the command line that is a symbolic link (a trailing slash
/// included: `link/` is the link).
pub fn not_a_link(dir: &Path, flag: &str) -> Result<(), Failure> {
    let trimmed: PathBuf = dir.components().collect();
    if std::fs::symlink_metadata(&trimmed).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Failure::Usage(format!(
            "{flag} {} is a symbolic link; name the folder it points to instead (links are never written through)",
            dir.display()
        )));
    }
    Ok(())
}

/// Whether `path` is `folder` or inside it, links resolved: each is made absolute and its
/// longest existing part resolved (a path that does not exist yet is judged by where it would
/// be made).
pub fn is_within(path: &Path, folder: &Path) -> bool {
    fn resolved(p: &Path) -> Option<PathBuf> {
        let p = std::path::absolute(p).ok()?;
        let mut rest = Vec::new();
        let mut base = p.as_path();
        loop {
            if let Ok(real) = base.canonicalize() {
                return Some(rest.iter().rev().fold(real, |acc: PathBuf, part| acc.join(part)));
            }
            rest.push(base.file_name()?.to_os_string());
            base = base.parent()?;
        }
    }
    match (resolved(path), resolved(folder)) {
        (Some(p), Some(f)) => p.starts_with(f),
        _ => false,
    }
}
