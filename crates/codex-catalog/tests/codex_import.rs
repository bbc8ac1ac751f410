//! `cargo xtask import --codex FILE`: the three real CLI releases (copied into
//! tests/fixtures/codex-cli/) round-trip byte for byte, fresh and chained; a merge keeps every
//! page fact; a malformed file writes nothing.

mod common;

use std::path::{Path, PathBuf};

use codex_catalog::import::plan_codex;
use codex_catalog::render;
use codex_catalog::validate::validate_dir;
use codex_catalog::write::{self, Durability, Mode};
use common::root;

const RELEASES: [&str; 3] = ["0.144.0", "0.160.0", "0.169.0"];

fn release(version: &str) -> PathBuf {
    root().join("tests/fixtures/codex-cli").join(format!("models-{version}.json"))
}

/// Import `file` into `dir` (fresh or merging) and write the files.
fn import(file: &Path, dir: &Path) -> codex_catalog::import::CodexPlan {
    let plan = plan_codex(file, dir, "../schema", None).unwrap_or_else(|d| panic!("{}: {d:#?}", file.display()));
    write::apply_with_removals(dir, &plan.files, &plan.removed, Mode::Write, Durability::Flushed).unwrap();
    plan
}

/// The CLI's catalog `gen` writes from the catalog in `dir`, which must be valid without warnings.
fn generated(dir: &Path) -> String {
    let outcome = validate_dir(dir).unwrap();
    assert!(outcome.diagnostics.is_empty(), "{:#?}", outcome.diagnostics);
    render::codex::render(&outcome.catalog.unwrap())
}

#[test]
fn each_release_round_trips_byte_for_byte_from_a_fresh_import() {
    for version in RELEASES {
        let dir = tempfile::tempdir().unwrap();
        let plan = import(&release(version), dir.path());
        assert_eq!(plan.differs_at, None, "{version}");
        let original = std::fs::read_to_string(release(version)).unwrap();
        assert!(generated(dir.path()) == original, "{version} does not come back byte for byte");
    }
}

#[test]
fn the_chain_of_releases_round_trips_and_leaves_nothing_stale() {
    let dir = tempfile::tempdir().unwrap();
    for version in RELEASES {
        import(&release(version), dir.path());
        let original = std::fs::read_to_string(release(version)).unwrap();
        assert!(generated(dir.path()) == original, "{version} does not come back byte for byte after the chain");
    }
    // The models 0.160.0 dropped went with their files; no text is left unused (`generated`
    // fails on any warning, `unused-text` among them).
    for gone in ["gpt-5.4", "gpt-5.4-mini", "gpt-5.2"] {
        assert!(!dir.path().join(format!("models/{gone}.toml")).exists(), "{gone}");
    }
    // Long texts are shared: fewer files than uses.
    let texts = std::fs::read_dir(dir.path().join("texts")).unwrap().count();
    let uses: usize = std::fs::read_dir(dir.path().join("models"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap().matches("{ text = ").count())
        .sum();
    assert!(texts * 3 < uses, "{texts} texts for {uses} uses");
}

#[test]
fn a_merge_into_the_page_catalog_keeps_every_page_fact() {
    let dir = common::copy_fixture("page-2026-04-03");
    let before = validate_dir(dir.path()).unwrap().catalog.unwrap();
    let page_before = render::mdx::render(&before);
    import(&release("0.169.0"), dir.path());
    let after = validate_dir(dir.path()).unwrap().catalog.unwrap();
    // The page is the same page; the CLI's file is the same file.
    assert_eq!(render::mdx::render(&after), page_before);
    assert!(render::codex::render(&after) == std::fs::read_to_string(release("0.169.0")).unwrap());
    // A model only the CLI knows is an ordinary model no page shows.
    let hidden = after.model("codex-auto-review").unwrap();
    assert!(hidden.section().is_none());
    assert_eq!(hidden.codex().unwrap().visibility.as_deref(), Some("hide"));
    // Every model of the page is still there with its facts.
    for m in before.models() {
        assert_eq!(after.model(m.slug()).map(|a| a.data().name.clone()), Some(m.data().name.clone()), "{}", m.slug());
    }
    // The typed facts reach Rust code without JSON.
    let astra = after.model("gpt-6-astra").unwrap().codex().unwrap();
    assert_eq!(astra.context_window, Some(272_000));
    assert_eq!(astra.supported_reasoning_levels.as_ref().unwrap()[0].effort, "low");
    // Each CLI fact names its document.
    assert_eq!(after.model("gpt-5.5").unwrap().data().sources.of("codex"), "codex-cli-0-169-0");
}

#[test]
fn a_malformed_file_is_refused_and_nothing_is_written() {
    let dir = common::copy_fixture("minimal");
    let before = common::tree(dir.path());
    for (text, expected) in [
        ("{\"models\": [", "EOF"),
        ("{\"models\": [{\"slug\": \"a\", \"slug\": \"b\"}]}", "there twice"),
        ("{\"models\": [{\"slug\": \"../../etc\"}]}", "is not a slug"),
        ("{\"version\": 1}", "no `models`"),
    ] {
        let file = dir.path().join("../bad.json");
        std::fs::write(&file, text).unwrap();
        let diags = plan_codex(&file, dir.path(), "../schema", None).unwrap_err();
        assert!(diags.iter().any(|d| d.message.contains(expected)), "{text}: {diags:#?}");
        assert_eq!(diags[0].rule, codex_catalog::diagnostic::Rule::CodexFile);
    }
    // Not a regular file: a folder, and (on Unix) a FIFO, which would block a reader.
    assert!(plan_codex(dir.path(), dir.path(), "../schema", None).is_err());
    #[cfg(unix)]
    {
        let fifo = dir.path().join("../fifo.json");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        assert!(plan_codex(&fifo, dir.path(), "../schema", None).is_err());
    }
    assert_eq!(common::tree(dir.path()), before);
}

#[test]
fn the_document_id_comes_from_the_release_or_the_flag() {
    let doc = codex_catalog::import::codex::document_for(&release("0.169.0"), None);
    assert_eq!(doc.id, "codex-cli-0-169-0");
    assert!(doc.title.contains("0.169.0"));
    let doc = codex_catalog::import::codex::document_for(Path::new("bundled.json"), Some("cli-nightly"));
    assert_eq!(doc.id, "cli-nightly");
}
