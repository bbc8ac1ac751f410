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
    /// The file was deleted (`Write`), or would be (`DryRun`), or should be (`Check`).
    Removed {
        /// A unified diff to nothing, capped (empty in `Write` mode).
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

/// How hard a write works to survive the machine crashing right after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Generated files: each is renamed into place without waiting for the disk. A crash can
    /// at worst leave one empty, which `check` reports and `gen` writes again (what ruff's and
    /// rust-analyzer's generators do too).
    Regenerable,
    /// Files only the user has (the catalog that `import` writes): each is flushed to disk
    /// before it replaces the old one.
    Flushed,
}

/// Bring every output under `root` up to date according to `mode`: [`Staging`] for a list of
/// outputs already in memory.
pub fn apply(
    root: &Path,
    outputs: &[Output],
    mode: Mode,
    durability: Durability,
) -> Result<Vec<FileReport>, WriteError> {
    apply_with_removals(root, outputs, &[], mode, durability)
}

/// [`apply`], and delete the files `removals` names (paths relative to `root`) that exist, after
/// every output is in place: all of it, or (when an output cannot be written) none of it.
pub fn apply_with_removals(
    root: &Path,
    outputs: &[Output],
    removals: &[String],
    mode: Mode,
    durability: Durability,
) -> Result<Vec<FileReport>, WriteError> {
    let mut staging = Staging::new(root, mode, durability);
    let mut reports = outputs.iter().map(|out| staging.add(out)).collect::<Result<Vec<_>, _>>()?;
    for rel in removals {
        reports.extend(staging.remove(rel)?);
    }
    staging.commit()?;
    Ok(reports)
}

/// Outputs on their way to the disk, all or nothing: every changed file is first written in
/// full to a temporary file beside it ([`add`](Self::add)), and only when all of them are
/// written are they renamed into place ([`commit`](Self::commit)). Dropped before the commit
/// (a file could not be read or written), it replaces no file and leaves no temporary file or
/// new folder behind.
///
/// Outputs can be added as they are rendered, so a large output need not stay in memory
/// until the others are ready.
#[derive(Debug)]
pub struct Staging {
    root: PathBuf,
    mode: Mode,
    durability: Durability,
    // Staged files are kept as paths, not open files: a catalog of 100,000 models would run out
    // of file descriptors otherwise. A `TempPath` still deletes its file when dropped.
    staged: Vec<(tempfile::TempPath, PathBuf)>,
    created_dirs: Vec<PathBuf>,
    removed: Vec<PathBuf>,
    /// The outermost folder of the output root that did not exist when staging began: all of it
    /// is this run's, so a run that fails removes what is left of it (streams rendered on other
    /// threads make folders of their own).
    fresh_root: Option<PathBuf>,
}

impl Staging {
    /// Nothing staged yet.
    pub fn new(root: &Path, mode: Mode, durability: Durability) -> Staging {
        Staging {
            root: root.to_path_buf(),
            mode,
            durability,
            staged: Vec::new(),
            created_dirs: Vec::new(),
            removed: Vec::new(),
            fresh_root: root
                .ancestors()
                .take_while(|d| !d.as_os_str().is_empty() && fs::symlink_metadata(d).is_err())
                .last()
                .map(Path::to_path_buf),
        }
    }

    /// A file to delete at the commit, when it exists (`None` when it does not).
    pub fn remove(&mut self, rel: &str) -> Result<Option<FileReport>, WriteError> {
        let path = self.root.join(rel);
        let err = |error| WriteError { path: path.clone(), error };
        crate::beneath::no_link_beneath(&self.root, rel).map_err(err)?;
        regular_or_missing(&path).map_err(err)?;
        let old = match fs::read(&path) {
            Ok(old) => old,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(err(e)),
        };
        let diff = match self.mode {
            Mode::Write => String::new(),
            Mode::Check | Mode::DryRun => capped_diff(rel, &String::from_utf8_lossy(&old), ""),
        };
        if self.mode == Mode::Write {
            self.removed.push(path);
        }
        Ok(Some(FileReport { path: rel.to_string(), status: FileStatus::Removed { diff } }))
    }

    /// Compare one output with the disk and, when it changed and the mode writes, write it to a
    /// temporary file beside its path.
    pub fn add(&mut self, out: &Output) -> Result<FileReport, WriteError> {
        let path = self.root.join(&out.path);
        let err = |error| WriteError { path: path.clone(), error };
        crate::beneath::no_link_beneath(&self.root, &out.path).map_err(err)?;
        regular_or_missing(&path).map_err(err)?;
        let existed = match same_contents(&path, out.contents.as_bytes()) {
            Ok(Some(true)) => return Ok(FileReport { path: out.path.clone(), status: FileStatus::UpToDate }),
            Ok(Some(false)) => true,
            Ok(None) => false,
            Err(e) => return Err(err(e)),
        };
        let diff = match self.mode {
            Mode::Write => String::new(),
            Mode::Check | Mode::DryRun => {
                // Only now is the old file read whole: to show how it differs.
                let old = if existed { fs::read(&path).map_err(err)? } else { Vec::new() };
                capped_diff(&out.path, &String::from_utf8_lossy(&old), &out.contents)
            }
        };
        if self.mode == Mode::Write {
            let made = missing_dirs(&path);
            let sync = self.durability == Durability::Flushed;
            let staged = stage(&path, out.contents.as_bytes(), sync, |file, bytes| file.write_all(bytes));
            self.created_dirs.extend(made);
            self.staged.push((staged.map_err(err)?.into_temp_path(), path.clone()));
        }
        Ok(FileReport { path: out.path.clone(), status: FileStatus::Changed { created: !existed, diff } })
    }

    /// An output to be written as it is rendered: write its bytes to the [`Stream`], then hand
    /// it to [`finish`](Self::finish). In `Write` mode the bytes are compared with the file on
    /// disk as they come, and a temporary file is started only at the first difference, so an
    /// output is never held whole (and an unchanged one is never written); in the other modes
    /// it is collected, to show a diff.
    pub fn stream(&self, path: &str) -> Result<Stream, WriteError> {
        let full = self.root.join(path);
        let err = |error| WriteError { path: full.clone(), error };
        crate::beneath::no_link_beneath(&self.root, path).map_err(err)?;
        regular_or_missing(&full).map_err(err)?;
        let old = if self.mode == Mode::Write {
            match fs::File::open(&full) {
                Ok(f) => Some(f),
                Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                Err(e) => return Err(err(e)),
            }
        } else {
            None
        };
        Ok(Stream {
            rel: path.to_string(),
            path: full,
            collect: self.mode != Mode::Write,
            existed: old.is_some(),
            old: old.map(|f| io::BufReader::with_capacity(256 << 10, f)),
            same: 0,
            scratch: Vec::new(),
            tmp: None,
            made: Vec::new(),
            text: Vec::new(),
        })
    }

    /// Add a streamed output: like [`add`](Self::add) for an output rendered into `stream`.
    pub fn finish(&mut self, mut stream: Stream) -> Result<FileReport, WriteError> {
        let path = stream.path.clone();
        let err = |error| WriteError { path: path.clone(), error };
        if stream.collect {
            let contents = String::from_utf8(std::mem::take(&mut stream.text))
                .map_err(|_| err(io::Error::other("the output is not UTF-8")))?;
            return self.add(&Output { path: stream.rel.clone(), contents });
        }
        let changed = match stream.old.as_mut() {
            _ if stream.tmp.is_some() => true,
            // As long as what was written: the same if the old file ends here too.
            Some(old) => !io::BufRead::fill_buf(old).map_err(err)?.is_empty(),
            None => true,
        };
        if !changed {
            return Ok(FileReport { path: stream.rel.clone(), status: FileStatus::UpToDate });
        }
        let tmp = match stream.tmp.take() {
            Some(tmp) => tmp,
            None => stream.start().map_err(err)?,
        };
        self.created_dirs.append(&mut stream.made);
        let tmp = tmp.into_inner().map_err(|e| err(e.into_error()))?;
        if self.durability == Durability::Flushed {
            tmp.as_file().sync_all().map_err(err)?;
        }
        self.staged.push((tmp.into_temp_path(), path.clone()));
        Ok(FileReport {
            path: stream.rel.clone(),
            status: FileStatus::Changed { created: !stream.existed, diff: String::new() },
        })
    }

    /// Every changed file is written: replace them, each by a rename.
    pub fn commit(mut self) -> Result<(), WriteError> {
        self.created_dirs.clear();
        self.fresh_root = None;
        for (file, path) in std::mem::take(&mut self.staged) {
            file.persist(&path).map_err(|e| WriteError { path, error: e.error })?;
        }
        for path in std::mem::take(&mut self.removed) {
            match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(WriteError { path, error: e }),
                _ => {}
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// Not committed: the staged files go (their `TempPath`s delete them), and so do the
    /// folders made for them.
    fn drop(&mut self) {
        self.staged.clear();
        for dir in self.created_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
        if let Some(top) = self.fresh_root.take() {
            remove_empty_dirs(&top);
        }
    }
}

/// Remove `dir` and the folders under it that are (then) empty; files and links are left alone.
fn remove_empty_dirs(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                remove_empty_dirs(&entry.path());
            }
        }
    }
    let _ = fs::remove_dir(dir);
}

/// Refuse anything at `path` but a regular file: a link could make `check` print another
/// file's contents in its diff, a FIFO would block.
fn regular_or_missing(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if !m.is_file() => {
            let what = if m.file_type().is_symlink() { "a symbolic link" } else { "not a regular file" };
            Err(io::Error::other(format!(
                "{what}; generated files are regular files: remove it and run the command again"
            )))
        }
        _ => Ok(()),
    }
}

/// An output being written as it is rendered: see [`Staging::stream`].
#[derive(Debug)]
pub struct Stream {
    rel: String,
    path: PathBuf,
    /// Check and dry-run modes: collect the text, for the diff.
    collect: bool,
    text: Vec<u8>,
    existed: bool,
    /// The old file, read as far as the bytes written so far, which all matched it.
    old: Option<io::BufReader<fs::File>>,
    same: u64,
    scratch: Vec<u8>,
    /// The temporary file, from the first byte that differs.
    tmp: Option<io::BufWriter<tempfile::NamedTempFile>>,
    made: Vec<PathBuf>,
}

impl Stream {
    /// Start the temporary file, with the bytes that matched the old file so far.
    fn start(&mut self) -> io::Result<io::BufWriter<tempfile::NamedTempFile>> {
        self.made = missing_dirs(&self.path);
        let mut tmp = io::BufWriter::with_capacity(256 << 10, temp_beside(&self.path)?);
        if self.same > 0 {
            let old = fs::File::open(&self.path)?;
            let copied = io::copy(&mut io::Read::take(old, self.same), &mut tmp)?;
            if copied != self.same {
                return Err(io::Error::other("the file changed while it was being compared"));
            }
        }
        Ok(tmp)
    }
}

impl Drop for Stream {
    /// Not handed to [`Staging::finish`] (the renderer failed): the temporary file goes (its
    /// `NamedTempFile` deletes it), and so do the folders made for it.
    fn drop(&mut self) {
        self.tmp = None;
        for dir in self.made.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

impl io::Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.collect {
            self.text.extend_from_slice(buf);
            return Ok(buf.len());
        }
        if self.tmp.is_none() {
            if let Some(old) = self.old.as_mut() {
                use std::io::Read as _;
                self.scratch.resize(buf.len(), 0);
                let mut n = 0;
                while n < buf.len() {
                    match old.read(&mut self.scratch[n..])? {
                        0 => break,
                        k => n += k,
                    }
                }
                if n == buf.len() && self.scratch[..n] == *buf {
                    self.same += n as u64;
                    return Ok(buf.len());
                }
            }
            let tmp = self.start()?;
            self.tmp = Some(tmp);
        }
        self.tmp.as_mut().expect("started above").write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Whether the file at `path` holds exactly `contents` (`None`: there is no file), read in
/// blocks so a large file is never held whole.
fn same_contents(path: &Path, contents: &[u8]) -> io::Result<Option<bool>> {
    use std::io::Read as _;
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if file.metadata()?.len() != contents.len() as u64 {
        return Ok(Some(false));
    }
    let mut buf = vec![0; 256 << 10];
    let mut rest = contents;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(Some(rest.is_empty()));
        }
        if n > rest.len() || buf[..n] != rest[..n] {
            return Ok(Some(false));
        }
        rest = &rest[n..];
    }
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
    stage(path, contents, true, write)?.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Write `contents` to a temporary file beside `path` (flushed to disk if `sync`); renaming it
/// over `path` replaces the file.
fn stage(
    path: &Path,
    contents: &[u8],
    sync: bool,
    write: impl FnOnce(&mut fs::File, &[u8]) -> io::Result<()>,
) -> io::Result<tempfile::NamedTempFile> {
    let mut tmp = temp_beside(path)?;
    write(tmp.as_file_mut(), contents)?;
    if sync {
        tmp.as_file().sync_all()?;
    }
    Ok(tmp)
}

/// An empty temporary file beside `path` (its folder made if missing), with the mode `path`
/// has, or the one a new file gets under the umask.
fn temp_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
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
mod tests;
