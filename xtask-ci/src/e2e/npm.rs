//! The npm packages pinned in `e2e/<tool>/` (`package.json` and `package-lock.json`), installed
//! with `npm ci` into the cache folder, reused while the lockfile stays the same.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::Failure;

/// An installed tool.
pub struct Tool {
    /// Its cache folder (`node_modules/` is in it).
    pub dir: PathBuf,
    /// Its binary.
    pub bin: PathBuf,
}

/// The version of `package` that `package.json` in `pins` pins.
fn pinned_version(pins: &Path, package: &str) -> Result<String, Failure> {
    let manifest = pins.join("package.json");
    let json: serde_json::Value = serde_json::from_str(&super::read(&manifest)?)
        .map_err(|e| Failure::Usage(format!("{}: {e}", manifest.display())))?;
    ["dependencies", "devDependencies"]
        .iter()
        .find_map(|k| json[k][package].as_str())
        .map(String::from)
        .ok_or_else(|| Failure::Usage(format!("{} pins no {package}", manifest.display())))
}

/// Install the packages pinned in `e2e/<name>/` into `<cache>/<name>-<version of package>`
/// (unless the same lockfile was installed there) and return `bin` of it.
pub fn tool(root: &Path, name: &str, package: &str, bin: &str) -> Result<Tool, Failure> {
    let pins = root.join("e2e").join(name);
    let version = pinned_version(&pins, package)?;
    let dir = super::cache_root()?.join(format!("{name}-{version}"));
    let lock = super::read(&pins.join("package-lock.json"))?;
    // Written after a complete install only: a failed or interrupted one is done again.
    let stamp = dir.join("installed-package-lock.json");
    let installed = std::fs::read_to_string(&stamp).is_ok_and(|s| s == lock) && dir.join("node_modules").is_dir();
    if !installed {
        errln!("installing {package} {version} into {}", dir.display());
        std::fs::create_dir_all(&dir).map_err(|e| Failure::io("create", &dir, e))?;
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(pins.join(file), dir.join(file)).map_err(|e| Failure::io("copy", &pins.join(file), e))?;
        }
        // npm's own download cache too is kept in the cache folder, not in ~/.npm.
        let npm_cache = super::cache_root()?.join("npm");
        super::status_of(Command::new("npm").current_dir(&dir).env("npm_config_cache", &npm_cache).args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ]))?;
        super::write(&stamp, &lock)?;
    }
    let bin = dir.join("node_modules/.bin").join(bin);
    Ok(Tool { dir, bin })
}
