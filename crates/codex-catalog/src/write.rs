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
/// All or nothing: every changed file is first written in full to a temporary file beside it,
/// and only when all of them are written are they renamed into place. A file that cannot be
/// read or written stops it with no file replaced (and no folder left behind).
pub fn apply(root: &Path, outputs: &[Output], mode: Mode) -> Result<Vec<FileReport>, WriteError> {
    let mut reports = Vec::with_capacity(outputs.len());
    // Staged files are kept as paths, not open files: a catalog of 100,000 models would run out
    // of file descriptors otherwise. A `TempPath` still deletes its file when dropped.
    let mut staged: Vec<(tempfile::TempPath, PathBuf)> = Vec::new();
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    for out in outputs {
        let path = root.join(&out.path);
        // Only a regular file is read and replaced: a link could make `check` print another
        // file's contents in its diff, a FIFO would block.
        match fs::symlink_metadata(&path) {
            Ok(m) if !m.is_file() => {
                let what = if m.file_type().is_symlink() { "a symbolic link" } else { "not a regular file" };
                let message = format!("{what}; generated files are regular files: remove it and run the command again");
                return Err(WriteError { path, error: io::Error::other(message) });
            }
            _ => {}
        }
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
            let made = missing_dirs(&path);
            match stage(&path, out.contents.as_bytes(), |file, bytes| file.write_all(bytes)) {
                Ok(file) => staged.push((file.into_temp_path(), path.clone())),
                Err(error) => {
                    // Nothing is replaced: the staged files go away with `staged`, and so do the
                    // folders made for them.
                    drop(staged);
                    created_dirs.extend(made);
                    for dir in created_dirs.iter().rev() {
                        let _ = fs::remove_dir(dir);
                    }
                    return Err(WriteError { path, error });
                }
            }
            created_dirs.extend(made);
        }
        reports
            .push(FileReport { path: out.path.clone(), status: FileStatus::Changed { created: old.is_none(), diff } });
    }
    // Every file is written and flushed: now replace them, each by a rename.
    for (file, path) in staged {
        file.persist(&path).map_err(|e| WriteError { path, error: e.error })?;
    }
    Ok(reports)
}

/// The folders above `path` that do not exist yet, outermost first.
fn missing_dirs(path: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = path
        .ancestors()
        .skip(1)
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(Path::to_path_buf)
        .collect();
    dirs.reverse();
    dirs
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
    stage(path, contents, write)?.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Write `contents` to a temporary file beside `path`, flushed to disk, with the mode `path` has
/// (or the one a new file gets under the umask); renaming it over `path` replaces the file.
fn stage(
    path: &Path,
    contents: &[u8],
    write: impl FnOnce(&mut fs::File, &[u8]) -> io::Result<()>,
) -> io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    write(tmp.as_file_mut(), contents)?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = match fs::metadata(path) {
            Ok(m) => m.permissions().mode(),
            Err(_) => new_file_mode(dir),
        };
        tmp.as_file().set_permissions(fs::Permissions::from_mode(mode))?;
    }
    Ok(tmp)
}

/// The mode a new file gets in `dir` under the process's umask (a temporary file is created
/// private; a generated file should be what the user's other new files are). Found once.
#[cfg(unix)]
fn new_file_mode(dir: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    static MODE: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *MODE.get_or_init(|| {
        let probe = dir.join(format!(".tmp-mode-{}", std::process::id()));
        let mode = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .and_then(|f| f.metadata())
            .map_or(0o644, |m| m.permissions().mode() & 0o777);
        let _ = fs::remove_file(&probe);
        mode
    })
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
