//! `cargo ci e2e TOOL`: the checks with real outside tools, each Rust from end to end. The
//! tool is pinned in `e2e/<tool>/` (an npm `package.json` and lockfile, or for Chromium a
//! Debian version) and installed into the cache folder outside the clone, reused while the pin
//! stays the same; the check runs it with [`std::process::Command`], reads what it printed and
//! compares.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use codex_catalog::Catalog;
use xtask::{Failure, repo};

use crate::E2eTarget;

mod chromium;
mod codex;
mod debian;
mod npm;
mod prettier;
mod taplo;
mod typescript;

pub fn run(target: E2eTarget) -> Result<(), Failure> {
    let root = repo::root()?;
    match target {
        E2eTarget::Codex => codex::run(&root),
        E2eTarget::Prettier => prettier::run(&root),
        E2eTarget::Typescript => typescript::run(&root),
        E2eTarget::Taplo => taplo::run(&root),
        E2eTarget::Chromium => chromium::run(&root),
    }
}

/// The cache folder outside the clone: `CODEX_CATALOG_CACHE`, else
/// `$XDG_CACHE_HOME/codex-catalog`, else `~/.cache/codex-catalog`.
fn cache_root() -> Result<PathBuf, Failure> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = var("CODEX_CATALOG_CACHE") {
        return Ok(dir);
    }
    let base = var("XDG_CACHE_HOME").or_else(|| var("HOME").map(|h| h.join(".cache")));
    base.map(|b| b.join("codex-catalog"))
        .ok_or_else(|| Failure::Usage("no cache folder: set CODEX_CATALOG_CACHE (or HOME)".into()))
}

/// Run a program to its end, its output captured.
fn output(cmd: &mut Command) -> Result<Output, Failure> {
    cmd.stdin(Stdio::null()).output().map_err(|e| Failure::io("run", Path::new(cmd.get_program()), e))
}

/// Run a program that must succeed; its standard output. A failure shows what it printed.
fn stdout_of(cmd: &mut Command) -> Result<String, Failure> {
    let out = output(cmd)?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    Err(Failure::Failed(Some(format!(
        "{} failed ({}):\n{}{}",
        shown(cmd),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))))
}

/// Run a program that must succeed, its output on our stderr (an installer's progress).
fn status_of(cmd: &mut Command) -> Result<(), Failure> {
    let status = cmd
        .stdin(Stdio::null())
        .stdout(std::io::stderr())
        .status()
        .map_err(|e| Failure::io("run", Path::new(cmd.get_program()), e))?;
    if status.success() { Ok(()) } else { Err(Failure::Failed(Some(format!("{} failed ({status})", shown(cmd))))) }
}

/// A command line as a person would type it.
fn shown(cmd: &Command) -> String {
    let words = std::iter::once(cmd.get_program()).chain(cmd.get_args());
    words.map(OsStr::to_string_lossy).collect::<Vec<_>>().join(" ")
}

/// The real catalog (`catalog`) and every fixture catalog (`fixture-<name>`), validated.
fn catalogs(root: &Path) -> Result<Vec<(String, Catalog)>, Failure> {
    let mut paths = vec![("catalog".to_string(), root.join("catalog"))];
    let fixtures = root.join("tests/fixtures/catalogs");
    let entries = std::fs::read_dir(&fixtures).map_err(|e| Failure::io("read", &fixtures, e))?;
    let mut names: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    names.sort();
    for name in names {
        let name = name.to_string_lossy().into_owned();
        paths.push((format!("fixture-{name}"), fixtures.join(&name)));
    }
    paths.into_iter().map(|(name, path)| Ok((name, xtask::catalog::load_valid(&path)?))).collect()
}

/// Write a file of a check's scratch folder.
fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), Failure> {
    std::fs::write(path, contents).map_err(|e| Failure::io("write", path, e))
}

/// Read a file as text.
fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::io("read", path, e))
}

/// The check's verdict: `ok` printed, or every problem, one a line.
fn verdict(problems: Vec<String>, ok: String) -> Result<(), Failure> {
    if problems.is_empty() {
        outln!("{ok}");
        Ok(())
    } else {
        Err(Failure::Failed(Some(problems.join("\n"))))
    }
}
