//! File access beneath a folder that follows no link: the catalog's files are read, and its
//! folders listed, through file descriptors opened one component at a time with `O_NOFOLLOW`,
//! so a link anywhere on a path (`catalog/models` made a link to `~/.cargo`, or `catalog/`
//! itself) is refused, never followed, and nothing outside the folder is read or printed.
//!
//! Only the folder named by the user (`--catalog DIR`, or the repository's `catalog/`) is opened
//! by path; its own last component must not be a link either. Elsewhere than on Unix the same
//! guarantee is approximated by asking each path what it is before opening it.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A folder opened without following links, to open its files and subfolders by name.
#[derive(Debug)]
pub struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
}

/// The error for a link met on a path.
fn link_error(what: &str) -> io::Error {
    io::Error::other(format!(
        "{what} is a symbolic link; the catalog's files and folders must be its own (links are never followed)"
    ))
}

/// A name that stays in its folder: one normal component.
fn checked_name(name: &std::ffi::OsStr) -> io::Result<&std::ffi::OsStr> {
    let mut parts = Path::new(name).components();
    match (parts.next(), parts.next()) {
        (Some(std::path::Component::Normal(n)), None) => Ok(n),
        _ => Err(io::Error::new(io::ErrorKind::InvalidInput, "not a file name")),
    }
}

impl Folder {
    /// Open the folder at `path`. A link as its last component is refused; the components
    /// above it are the user's and are resolved as usual.
    pub fn open(path: &Path) -> io::Result<Folder> {
        // `catalog/` with its slash would have the system follow a link named `catalog`: the
        // name is opened without it.
        let trimmed: PathBuf = path.components().collect();
        let trimmed = if trimmed.as_os_str().is_empty() { PathBuf::from(".") } else { trimmed };
        #[cfg(unix)]
        {
            use rustix::fs::{CWD, Mode, OFlags, openat};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            match openat(CWD, &trimmed, flags, Mode::empty()) {
                Ok(fd) => Ok(Folder { path: path.to_path_buf(), fd }),
                Err(e) => Err(Self::explain(path, e.into())),
            }
        }
        #[cfg(not(unix))]
        {
            let meta = fs::symlink_metadata(&trimmed)?;
            if meta.file_type().is_symlink() {
                return Err(link_error(&path.display().to_string()));
            }
            if !meta.is_dir() {
                return Err(io::Error::other("not a folder"));
            }
            Ok(Folder { path: path.to_path_buf() })
        }
    }

    /// Where the folder is, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// An `O_NOFOLLOW` open that failed on a link says `ELOOP` or `ENOTDIR`: name the link.
    #[cfg(unix)]
    fn explain(path: &Path, e: io::Error) -> io::Error {
        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            link_error(&crate::load::display(path))
        } else {
            e
        }
    }

    /// The subfolder `name`, or `None` when there is none.
    pub fn sub(&self, name: &str) -> io::Result<Option<Folder>> {
        let name = checked_name(name.as_ref())?;
        let path = self.path.join(name);
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags, openat};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            match openat(&self.fd, name, flags, Mode::empty()) {
                Ok(fd) => Ok(Some(Folder { path, fd })),
                Err(rustix::io::Errno::NOENT) => Ok(None),
                Err(e) => Err(Self::explain(&path, e.into())),
            }
        }
        #[cfg(not(unix))]
        {
            match fs::symlink_metadata(&path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                _ => Folder::open(&path).map(Some),
            }
        }
    }

    /// The names in the folder, sorted by their bytes (`.` and `..` left out).
    pub fn names(&self) -> io::Result<Vec<OsString>> {
        let mut names = Vec::new();
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt as _;
            for entry in rustix::fs::Dir::read_from(&self.fd)? {
                let entry = entry?;
                let name = entry.file_name().to_bytes();
                if name != b"." && name != b".." {
                    names.push(OsString::from_vec(name.to_vec()));
                }
            }
        }
        #[cfg(not(unix))]
        for entry in fs::read_dir(&self.path)? {
            names.push(entry?.file_name());
        }
        names.sort_unstable_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
        Ok(names)
    }

    /// Whether the folder has an entry `name` (of any kind, a link included).
    pub fn has(&self, name: &str) -> bool {
        fs::symlink_metadata(self.path.join(name)).is_ok()
    }

    /// Open the file `name` for reading: never through a link, without blocking on a FIFO or
    /// taking a terminal; and what was opened.
    pub fn open_file(&self, name: &std::ffi::OsStr) -> io::Result<(fs::File, fs::Metadata)> {
        let name = checked_name(name)?;
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags, openat};
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
            let fd = openat(&self.fd, name, flags, Mode::empty())
                .map_err(|e| Self::explain(&self.path.join(name), e.into()))?;
            let file = fs::File::from(fd);
            let meta = file.metadata()?;
            Ok((file, meta))
        }
        #[cfg(not(unix))]
        {
            let path = self.path.join(name);
            let meta = fs::symlink_metadata(&path)?;
            if meta.file_type().is_symlink() {
                return Err(link_error(&path.display().to_string()));
            }
            let file = fs::File::open(&path)?;
            let meta = file.metadata()?;
            Ok((file, meta))
        }
    }
}

/// Refuse a link at any component of `rel` beneath `root` (the output root), for the paths
/// `gen` writes and `check` reads: a folder `docs` made a link to `/elsewhere` would have
/// them write, or print in a diff, files outside the repository. Components that do not exist
/// yet are fine (they will be made as real folders).
pub fn no_link_beneath(root: &Path, rel: &str) -> io::Result<()> {
    let mut path = root.to_path_buf();
    for part in Path::new(rel).components() {
        match part {
            std::path::Component::Normal(name) => path.push(name),
            _ => return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a path beneath the output root")),
        }
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(link_error(&crate::load::display(&path)));
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn no_link_is_followed_at_any_component() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir_all(outside.join("inner")).unwrap();
        fs::write(outside.join("inner/secret.toml"), "secret").unwrap();
        let root = dir.path().join("root");
        fs::create_dir(&root).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("models")).unwrap();
        std::os::unix::fs::symlink(outside.join("inner/secret.toml"), root.join("file.toml")).unwrap();
        let folder = Folder::open(&root).unwrap();
        let e = folder.sub("models").unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        let e = folder.open_file("file.toml".as_ref()).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(folder.open_file("../outside/inner/secret.toml".as_ref()).is_err());
        // The folder named itself may not be a link, with or without a trailing slash.
        assert!(Folder::open(&root.join("models")).is_err());
        assert!(Folder::open(Path::new(&format!("{}/models/", root.display()))).is_err());
        assert_eq!(folder.names().unwrap(), ["file.toml", "models"]);
        assert!(no_link_beneath(&root, "models/x.toml").is_err());
        assert!(no_link_beneath(&root, "docs/new/x.md").is_ok());
    }
}
