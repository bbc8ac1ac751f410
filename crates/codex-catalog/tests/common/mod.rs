//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root: the nearest folder above the testing crate with `Cargo.lock`.
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().find(|p| p.join("Cargo.lock").exists()).unwrap_or(here).to_path_buf()
}

/// A fixture catalog under `tests/fixtures/catalogs/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/catalogs").join(name)
}

/// A fixture document under `tests/fixtures/documents/`.
pub fn document(name: &str) -> PathBuf {
    root().join("tests/fixtures/documents").join(name)
}

/// Copy a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary copy of a fixture catalog.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}
