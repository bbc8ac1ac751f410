//! Git plumbing for `diff REV`: read a revision's catalog folder without touching the work tree.

use std::path::{Component, Path};
use std::process::Command;

/// Write the catalog folder `subdir` of the git repository at `repo`, as of revision `rev`
/// (`HEAD~1`, a tag, a commit), into the folder `into`. Reads with `git ls-tree` and
/// `git show`; the work tree and index are not touched. Every name read from git is data: one
/// that is not UTF-8, or that would leave `into` (`..`, an absolute path), is an error naming it.
pub fn checkout_catalog(repo: &Path, rev: &str, subdir: &str, into: &Path) -> Result<(), String> {
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out =
            Command::new("git").arg("-C").arg(repo).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()))
        }
    };
    let prefix = git(&["rev-parse", "--show-prefix"])?;
    let prefix = String::from_utf8_lossy(&prefix).trim().to_string();
    let subdir = format!("{prefix}{}", subdir.trim_end_matches('/'));
    git(&["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .map_err(|_| format!("`{rev}` is neither a catalog folder nor a git revision of {}", repo.display()))?;
    // Each entry with its mode, type, object and size (`-l`), so what is not a regular file of a
    // sensible size is refused before a byte of it is read.
    let listing = git(&["ls-tree", "-r", "-l", "-z", "--full-tree", rev, "--", &subdir])?;
    let entries: Vec<&[u8]> = listing.split(|b| *b == 0).filter(|n| !n.is_empty()).collect();
    if entries.is_empty() {
        return Err(format!("revision `{rev}` has no folder `{subdir}`"));
    }
    for raw in entries {
        let entry = std::str::from_utf8(raw)
            .map_err(|_| format!("revision `{rev}` has a file name that is not UTF-8: {}", raw.escape_ascii()))?;
        let (meta, name) =
            entry.split_once('\t').ok_or_else(|| format!("git ls-tree printed `{}`", entry.escape_debug()))?;
        let Some(rel) = name.strip_prefix(&subdir).map(|r| r.trim_start_matches('/')) else { continue };
        let safe = Path::new(rel).components().all(|c| matches!(c, Component::Normal(_)));
        if rel.is_empty() || !safe {
            return Err(format!(
                "revision `{rev}` has an entry `{}` that would leave the catalog folder",
                name.escape_debug()
            ));
        }
        let fields: Vec<&str> = meta.split_whitespace().collect();
        let [mode, kind, object, size] = fields[..] else {
            return Err(format!("git ls-tree printed `{}`", entry.escape_debug()));
        };
        if kind != "blob" || !matches!(mode, "100644" | "100755") {
            let what = match (kind, mode) {
                ("commit", _) => "a submodule (gitlink)",
                (_, "120000") => "a symbolic link",
                _ => "not a regular file",
            };
            return Err(format!(
                "revision `{rev}`: `{}` is {what}; a catalog holds only regular files",
                name.escape_debug()
            ));
        }
        let size: u64 = size.parse().map_err(|_| format!("git ls-tree printed `{}`", entry.escape_debug()))?;
        if size > codex_catalog::load::MAX_FILE_SIZE {
            return Err(format!(
                "revision `{rev}`: `{}` is {size} bytes; catalog files may be at most {} bytes",
                name.escape_debug(),
                codex_catalog::load::MAX_FILE_SIZE
            ));
        }
        let blob = git(&["cat-file", "blob", object])?;
        let target = into.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot write {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, blob).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) -> Vec<u8> {
        let out = Command::new("git").current_dir(dir).args(args).output().expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }

    /// Issue 20, 16: a gitlink under catalog/ (git show printed a commit and its patch, read as
    /// a model) and a blob over the size limit (read whole before) are refused from the
    /// listing, before anything is read.
    #[test]
    fn submodules_links_and_oversized_blobs_are_refused_unread() {
        let repo = tempfile::tempdir().unwrap();
        let dir = repo.path();
        git(dir, &["init", "-q"]);
        std::fs::create_dir(dir.join("catalog")).unwrap();
        std::fs::write(dir.join("catalog/catalog.toml"), "title = \"T\"\n").unwrap();
        git(dir, &["add", "."]);
        git(dir, &["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one"]);
        let head = String::from_utf8(git(dir, &["rev-parse", "HEAD"])).unwrap().trim().to_string();
        for (what, index_entry, expected) in [
            ("gitlink", format!("160000,{head},catalog/models/sub"), "a submodule"),
            ("link", format!("120000,{},catalog/models/x.toml", hash(dir, b"/etc/passwd")), "a symbolic link"),
        ] {
            let side = tempfile::tempdir().unwrap();
            git(dir, &["update-index", "--add", "--cacheinfo", &index_entry]);
            let tree = String::from_utf8(git(dir, &["write-tree"])).unwrap().trim().to_string();
            let commit = String::from_utf8(git(dir, &["commit-tree", &tree, "-m", what, "-p", "HEAD"])).unwrap();
            let err = checkout_catalog(dir, commit.trim(), "catalog", side.path()).unwrap_err();
            assert!(err.contains(expected), "{what}: {err}");
            git(dir, &["rm", "-q", "--cached", index_entry.rsplit(',').next().unwrap()]);
        }
        let big = vec![b'#'; codex_catalog::load::MAX_FILE_SIZE as usize + 1];
        std::fs::write(dir.join("catalog/big.toml"), &big).unwrap();
        git(dir, &["add", "."]);
        git(dir, &["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "big"]);
        let side = tempfile::tempdir().unwrap();
        let err = checkout_catalog(dir, "HEAD", "catalog", side.path()).unwrap_err();
        assert!(err.contains("may be at most"), "{err}");
        assert!(!side.path().join("big.toml").exists());
    }

    fn hash(dir: &Path, bytes: &[u8]) -> String {
        let out = Command::new("git")
            .current_dir(dir)
            .args(["hash-object", "-w", "--stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write as _;
                c.stdin.take().unwrap().write_all(bytes)?;
                c.wait_with_output()
            })
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// A commit whose `catalog` tree holds an entry named `..` (git stores one; `git fsck`
    /// calls it `hasDotdot`): reading it must not write above the target folder.
    #[test]
    fn a_dotdot_entry_is_refused_and_nothing_leaves_the_target() {
        let repo = tempfile::tempdir().unwrap();
        let dir = repo.path();
        git(dir, &["init", "-q"]);
        let blob = String::from_utf8(git(dir, &["hash-object", "-w", "--stdin"])).unwrap();
        let blob = blob.trim();
        let mk = |input: String| {
            let out = Command::new("git")
                .current_dir(dir)
                .args(["mktree"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .and_then(|mut c| {
                    use std::io::Write as _;
                    c.stdin.take().unwrap().write_all(input.as_bytes())?;
                    c.wait_with_output()
                })
                .unwrap();
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        };
        let evil = mk(format!("100644 blob {blob}\tpwned.toml\n"));
        let catalog = mk(format!("040000 tree {evil}\t..\n100644 blob {blob}\tcatalog.toml\n"));
        let root = mk(format!("040000 tree {catalog}\tcatalog\n"));
        let commit = Command::new("git")
            .current_dir(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "commit-tree", &root, "-m", "evil"])
            .output()
            .unwrap();
        let commit = String::from_utf8(commit.stdout).unwrap().trim().to_string();
        let out = tempfile::tempdir().unwrap();
        let into = out.path().join("side");
        std::fs::create_dir(&into).unwrap();
        let err = checkout_catalog(dir, &commit, "catalog", &into).unwrap_err();
        assert!(err.contains("would leave the catalog folder"), "{err}");
        assert!(!out.path().join("pwned.toml").exists());
        assert!(!out.path().join("side/pwned.toml").exists());
    }
}
