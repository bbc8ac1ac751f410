//! Stage 4, `write`: compare each output with what is on disk, then write only what changed,
//! through a temporary file in the same folder and a rename, so a reader never sees half a file.
//!
//! The modes follow ruff's `generate-all`: [`Mode::Write`] (`cargo xtask gen`), [`Mode::Check`]
//! (`cargo xtask check`: nothing written, stale files listed with a diff) and [`Mode::DryRun`]
//! (`gen --dry-run`: nothing written, what would change listed).

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// What to do with outputs that differ from the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write them.
    Write,
    /// Report them as stale, with a diff.
    Check,
    /// Report them, write nothing.
    DryRun,
}

/// One generated file: a path relative to the output root, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative path with `/` separators (`exports/models.json`).
    pub path: String,
    /// The full contents.
    pub contents: String,
}

/// What happened to one output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// The file already had these bytes; it was not touched.
    UpToDate,
    /// The file was written (`Write`), or would be (`DryRun`), or is stale (`Check`).
    Changed {
        /// Whether the file did not exist before.
        created: bool,
        /// A unified diff from the old contents, capped (empty in `Write` mode).
        diff: String,
    },
}

/// What happened to one output, with its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The path relative to the output root.
    pub path: String,
    /// What happened.
    pub status: FileStatus,
}

/// The most diff lines shown per file.
pub const DIFF_LINES: usize = 40;

/// A unified diff of `old` → `new`, at most [`DIFF_LINES`] lines.
pub fn capped_diff(path: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff.unified_diff().context_radius(2).header(&format!("a/{path}"), &format!("b/{path}")).to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= DIFF_LINES {
        return text;
    }
    let mut out = lines[..DIFF_LINES].join("\n");
    out.push_str(&format!("\n… {} more diff lines\n", lines.len() - DIFF_LINES));
    out
}

/// Bring every output under `root` up to date according to `mode`.
///
/// Fails on the first file that cannot be read or written; files written before it are complete.
pub fn apply(root: &Path, outputs: &[Output], mode: Mode) -> Result<Vec<FileReport>, WriteError> {
    let mut reports = Vec::with_capacity(outputs.len());
    for out in outputs {
        let path = root.join(&out.path);
        let old = match fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(WriteError { path, error: e }),
        };
        if old.as_deref() == Some(out.contents.as_bytes()) {
            reports.push(FileReport { path: out.path.clone(), status: FileStatus::UpToDate });
            continue;
        }
        let diff = match mode {
            Mode::Write => String::new(),
            Mode::Check | Mode::DryRun => {
                let old_text = old.as_deref().map(String::from_utf8_lossy).unwrap_or_default();
                capped_diff(&out.path, &old_text, &out.contents)
            }
        };
        if mode == Mode::Write {
            write_atomic(&path, out.contents.as_bytes()).map_err(|error| WriteError { path: path.clone(), error })?;
        }
        reports
            .push(FileReport { path: out.path.clone(), status: FileStatus::Changed { created: old.is_none(), diff } });
    }
    Ok(reports)
}

/// A file that could not be read or written.
#[derive(Debug)]
pub struct WriteError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub error: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for WriteError {}

/// Replace `path` with `contents` atomically: write a temporary file in the same folder, flush
/// it to disk, then rename it over `path`. An interruption leaves the old file intact.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_with(path, contents, |file, bytes| file.write_all(bytes))
}

/// [`write_atomic`] with the writing step given, so tests can make it fail halfway.
pub fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    write: impl FnOnce(&mut fs::File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    write(tmp.as_file_mut(), contents)?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or(0o644);
        tmp.as_file().set_permissions(fs::Permissions::from_mode(mode))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two writers replace one file with different bytes while a reader reads it over and over:
    /// every read sees one writer's bytes whole, never a mix, a truncated or an empty file. (A
    /// writer that truncates and writes in place fails this within a few rounds.)
    #[test]
    fn a_reader_never_sees_a_partly_written_file() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = ("a".repeat(4 << 20), "b".repeat(3 << 20));
        let done = AtomicBool::new(false);
        let seen = std::thread::scope(|scope| {
            let reader = scope.spawn(|| {
                let mut seen = (0, 0);
                while !done.load(Ordering::Relaxed) {
                    match fs::read(dir.path().join("f.txt")) {
                        Ok(bytes) if bytes == a.as_bytes() => seen.0 += 1,
                        Ok(bytes) if bytes == b.as_bytes() => seen.1 += 1,
                        Ok(bytes) => panic!("read {} bytes that are neither version", bytes.len()),
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                        Err(e) => panic!("{e}"),
                    }
                }
                seen
            });
            let writers: Vec<_> = [&a, &b]
                .into_iter()
                .map(|text| {
                    let dir = dir.path();
                    scope.spawn(move || {
                        for _ in 0..15 {
                            let _ = fs::remove_file(dir.join("f.txt"));
                            apply(dir, &[out("f.txt", text)], Mode::Write).unwrap();
                        }
                    })
                })
                .collect();
            writers.into_iter().for_each(|w| w.join().unwrap());
            done.store(true, Ordering::Relaxed);
            reader.join().unwrap()
        });
        assert!(seen.0 + seen.1 > 0, "the reader saw the file");
        let last = fs::read(dir.path().join("f.txt")).unwrap();
        assert!(last == a.as_bytes() || last == b.as_bytes());
    }

    fn out(path: &str, contents: &str) -> Output {
        Output { path: path.into(), contents: contents.into() }
    }

    #[test]
    fn writes_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let outputs = [out("a/x.txt", "one\n"), out("b.txt", "two\n")];
        let first = apply(dir.path(), &outputs, Mode::Write).unwrap();
        assert!(first.iter().all(|r| matches!(r.status, FileStatus::Changed { created: true, .. })));
        assert_eq!(fs::read_to_string(dir.path().join("a/x.txt")).unwrap(), "one\n");
        let second = apply(dir.path(), &outputs, Mode::Write).unwrap();
        assert!(second.iter().all(|r| r.status == FileStatus::UpToDate));
    }

    #[test]
    fn check_and_dry_run_write_nothing_and_show_a_diff() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("f.txt"), "old\n").unwrap();
        for mode in [Mode::Check, Mode::DryRun] {
            let r = apply(dir.path(), &[out("f.txt", "new\n"), out("g.txt", "x\n")], mode).unwrap();
            let FileStatus::Changed { created: false, diff } = &r[0].status else { panic!("{r:?}") };
            assert!(diff.contains("-old\n+new\n"), "{diff}");
            assert!(matches!(r[1].status, FileStatus::Changed { created: true, .. }));
            assert_eq!(fs::read_to_string(dir.path().join("f.txt")).unwrap(), "old\n");
            assert!(!dir.path().join("g.txt").exists());
        }
    }

    #[test]
    fn a_write_that_fails_halfway_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        fs::write(&path, "complete old contents\n").unwrap();
        let result = write_atomic_with(&path, b"new contents that never finish\n", |file, bytes| {
            file.write_all(&bytes[..5])?;
            Err(io::Error::other("disk full"))
        });
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "complete old contents\n");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["f.txt"], "the temporary file is removed");
    }

    #[test]
    fn long_diffs_are_capped() {
        let old: String = (0..200).map(|i| format!("{i}\n")).collect();
        let new: String = (0..200).map(|i| format!("{}\n", i * 2)).collect();
        let diff = capped_diff("f", &old, &new);
        assert!(diff.lines().count() <= DIFF_LINES + 1);
        assert!(diff.contains("more diff lines"));
    }
}
