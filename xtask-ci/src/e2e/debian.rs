//! Debian's chromium, unpacked into the cache folder instead of installed: nothing outside the
//! cache changes, and no root is needed. apt reads Debian's package lists into the cache
//! (`apt-get update` with its own lists folder), resolves the pinned version against what the
//! system already has (`apt-get -s install`: which packages are missing), downloads those
//! (`apt-get download`) and unpacks each with `dpkg-deb -x`; the browser then runs from the
//! cache with the unpacked libraries on `LD_LIBRARY_PATH`. Any chromium installed on the system
//! is never used.
//!
//! The pin is `e2e/chromium/debian-version`. Debian keeps only its current security update of
//! chromium, so when the pinned version is gone the current one is used and the drift is
//! reported on every run until the pin is updated.

use std::ffi::OsString;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use xtask::Failure;

/// The packages always unpacked: the browser itself, whatever the system has.
const BROWSER: [&str; 2] = ["chromium", "chromium-common"];

/// A browser ready to run.
pub struct Browser {
    /// Its binary.
    pub bin: PathBuf,
    /// `LD_LIBRARY_PATH` for it, when its libraries are in the cache.
    pub library_path: Option<OsString>,
}

impl Browser {
    /// A command of the browser, headless.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(&self.bin);
        if let Some(path) = &self.library_path {
            cmd.env("LD_LIBRARY_PATH", path);
        }
        // Root has no user namespace sandbox here; the pages are our own and load nothing.
        cmd.args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]);
        cmd
    }
}

/// The browser of the check: the binary `CODEX_CATALOG_CHROMIUM` names (CI runners with a
/// Chrome of their own), else the pinned Debian chromium from the cache, unpacked first if
/// it is not there yet.
pub fn chromium(root: &Path) -> Result<Browser, Failure> {
    if let Some(bin) = std::env::var_os("CODEX_CATALOG_CHROMIUM").filter(|b| !b.is_empty()) {
        return Ok(Browser { bin: bin.into(), library_path: None });
    }
    let pin_file = root.join("e2e/chromium/debian-version");
    let pinned = super::read(&pin_file)?.trim().to_string();
    let cache = super::cache_root()?;
    if let Some(browser) = unpacked(&cache.join(format!("chromium-{pinned}"))) {
        return Ok(browser);
    }
    let apt = Apt::new(cache.join("apt"))?;
    apt.update()?;
    let offered = apt.versions("chromium")?;
    let version = if offered.contains(&pinned) {
        pinned
    } else {
        let current = offered.first().ok_or_else(|| Failure::Failed(Some("Debian offers no chromium".into())))?;
        errln!(
            "warning: chromium drift: Debian no longer offers the pinned {pinned} (e2e/chromium/debian-version); \
             using its current {current}: put {current} in e2e/chromium/debian-version"
        );
        current.clone()
    };
    let dir = cache.join(format!("chromium-{version}"));
    if let Some(browser) = unpacked(&dir) {
        return Ok(browser);
    }
    install(&apt, &version, &dir)?;
    unpacked(&dir).ok_or_else(|| Failure::Failed(Some(format!("{}: no chromium after unpacking", dir.display()))))
}

/// The marker of a complete unpacking, written last.
const STAMP: &str = "unpacked";

/// The browser unpacked in `dir`, if it was unpacked completely.
fn unpacked(dir: &Path) -> Option<Browser> {
    if !dir.join(STAMP).is_file() {
        return None;
    }
    let root = dir.join("root");
    let bin = root.join("usr/lib/chromium/chromium");
    let mut paths = Vec::new();
    library_dirs(&root, &mut paths);
    paths.sort();
    let library_path = std::env::join_paths(paths).ok();
    bin.is_file().then_some(Browser { bin, library_path })
}

/// Every folder under `dir` that holds a shared library (`libpulsecommon` is in
/// `usr/lib/<arch>/pulseaudio/`, not beside the others).
fn library_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut has_library = false;
    for entry in entries.filter_map(|e| e.ok()) {
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            library_dirs(&entry.path(), out);
        } else if entry.file_name().to_string_lossy().contains(".so") {
            has_library = true;
        }
    }
    if has_library {
        out.push(dir.to_path_buf());
    }
}

/// Download the packages of chromium `version` that the system lacks, and unpack them into
/// `dir/root`.
fn install(apt: &Apt, version: &str, dir: &Path) -> Result<(), Failure> {
    let started = Instant::now();
    let mut packages = apt.missing(version)?;
    for name in BROWSER {
        if !packages.iter().any(|(n, _)| n == name) {
            packages.push((name.to_string(), version.to_string()));
        }
    }
    errln!("unpacking Debian's chromium {version} and {} packages it needs into {}", packages.len() - 1, dir.display());
    let partial = dir.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    let debs = partial.join("debs");
    std::fs::create_dir_all(&debs).map_err(|e| Failure::io("create", &debs, e))?;
    let mut download = apt.command("apt-get");
    download.current_dir(&debs).arg("download");
    download.args(packages.iter().map(|(name, version)| format!("{name}={version}")));
    super::stdout_of(&mut download)?;
    let mut bytes = 0;
    let target = partial.join("root");
    let entries = std::fs::read_dir(&debs).map_err(|e| Failure::io("read", &debs, e))?;
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for deb in &files {
        bytes += deb.metadata().map_or(0, |m| m.len());
        super::stdout_of(Command::new("dpkg-deb").arg("-x").arg(deb).arg(&target))?;
    }
    std::fs::remove_dir_all(&debs).map_err(|e| Failure::io("remove", &debs, e))?;
    let list: Vec<String> = packages.iter().map(|(n, v)| format!("{n} {v}\n")).collect();
    super::write(&partial.join(STAMP), list.concat())?;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::rename(&partial, dir).map_err(|e| Failure::io("rename", &partial, e))?;
    let mb = bytes as f64 / 1e6;
    errln!(
        "chromium {version}: {} packages, {mb:.0} MB downloaded and unpacked in {:.0?}",
        files.len(),
        started.elapsed()
    );
    Ok(())
}

/// apt with its own lists and caches in the cache folder, the system's sources and its record of
/// installed packages (read only).
struct Apt {
    dir: PathBuf,
}

impl Apt {
    fn new(dir: PathBuf) -> Result<Apt, Failure> {
        for sub in ["lists/partial", "cache/archives/partial"] {
            let path = dir.join(sub);
            std::fs::create_dir_all(&path).map_err(|e| Failure::io("create", &path, e))?;
        }
        Ok(Apt { dir })
    }

    /// `program` (apt-get, apt-cache) on this state.
    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        let option = |cmd: &mut Command, value: String| {
            cmd.arg("-o").arg(value);
        };
        option(&mut cmd, format!("Dir::State::Lists={}", self.dir.join("lists").display()));
        option(&mut cmd, format!("Dir::Cache={}", self.dir.join("cache").display()));
        // Our own lists need no lock on the system's, and none is taken on its dpkg database.
        option(&mut cmd, "Debug::NoLocking=true".into());
        // Only the package indexes: no translations, no AppStream metadata.
        option(&mut cmd, "Acquire::Languages=none".into());
        option(&mut cmd, "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false".into());
        option(&mut cmd, "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false".into());
        option(&mut cmd, "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false".into());
        option(&mut cmd, "Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled=false".into());
        // As root, apt downloads as the user `_apt`, who cannot write into root's cache folder.
        if std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0) {
            option(&mut cmd, "APT::Sandbox::User=root".into());
        }
        cmd.arg("-q");
        cmd
    }

    /// Read Debian's package lists into the cache.
    fn update(&self) -> Result<(), Failure> {
        errln!("reading Debian's package lists into {}", self.dir.display());
        super::stdout_of(self.command("apt-get").arg("update")).map(drop)
    }

    /// The versions of `package` Debian offers, newest first.
    fn versions(&self, package: &str) -> Result<Vec<String>, Failure> {
        let said = super::stdout_of(self.command("apt-cache").args(["madison", package]))?;
        Ok(madison_versions(&said))
    }

    /// The packages (name, version) that installing chromium `version` on this system would
    /// bring: what it depends on and the system lacks.
    fn missing(&self, version: &str) -> Result<Vec<(String, String)>, Failure> {
        let mut simulate = self.command("apt-get");
        simulate.args(["-s", "install", "--no-install-recommends"]).arg(format!("chromium={version}"));
        Ok(simulated_installs(&super::stdout_of(&mut simulate)?))
    }
}

/// The versions in `apt-cache madison` output (`name | version | source`), in its order.
fn madison_versions(said: &str) -> Vec<String> {
    said.lines().filter_map(|l| l.split('|').nth(1)).map(|v| v.trim().to_string()).collect()
}

/// The packages in `apt-get -s install` output: `Inst NAME [OLD] (VERSION SOURCE [ARCH])`.
fn simulated_installs(said: &str) -> Vec<(String, String)> {
    said.lines()
        .filter_map(|l| l.strip_prefix("Inst "))
        .filter_map(|l| {
            let name = l.split_whitespace().next()?;
            let version = l.split_once('(')?.1.split_whitespace().next()?;
            Some((name.to_string(), version.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apt_output_is_read() {
        let madison = "  chromium | 156.0.8078.114-1~deb12u1 | http://x bookworm-security/main amd64 Packages\n  \
                       chromium | 150.0.7871.100-1~deb12u1 | http://x bookworm/main amd64 Packages\n";
        assert_eq!(madison_versions(madison), ["156.0.8078.114-1~deb12u1", "150.0.7871.100-1~deb12u1"]);
        let simulated = "NOTE: This is only a simulation!\nInst libogg0 (1.3.5-3 Debian:12.12/stable [amd64])\n\
                         Inst chromium [148.0-1] (156.0-1~deb12u1 Debian-Security:12/stable-security [amd64])\n\
                         Conf libogg0 (1.3.5-3 Debian:12.12/stable [amd64])\n";
        let expected = [("libogg0", "1.3.5-3"), ("chromium", "156.0-1~deb12u1")].map(|(n, v)| (n.into(), v.into()));
        assert_eq!(simulated_installs(simulated), expected);
    }

    #[test]
    fn only_a_complete_unpacking_is_used_with_every_library_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        for (folder, file) in [
            ("usr/lib/chromium", "chromium"),
            ("usr/lib/x86_64-linux-gnu", "libogg.so.0"),
            ("usr/lib/x86_64-linux-gnu/pulseaudio", "libpulsecommon-16.1.so"),
            ("usr/share/doc/libogg0", "copyright"),
        ] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
            std::fs::write(root.join(folder).join(file), "").unwrap();
        }
        assert!(unpacked(dir.path()).is_none(), "no stamp: an interrupted unpacking");
        std::fs::write(dir.path().join(STAMP), "chromium 1\n").unwrap();
        let browser = unpacked(dir.path()).unwrap();
        assert_eq!(browser.bin, root.join("usr/lib/chromium/chromium"));
        let paths: Vec<PathBuf> = std::env::split_paths(&browser.library_path.unwrap()).collect();
        let expected = ["usr/lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu/pulseaudio"].map(|p| root.join(p));
        assert_eq!(paths, expected);
    }
}
