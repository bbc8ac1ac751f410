//! `cargo xtask import --codex FILE`: the three real CLI releases (copied into
//! tests/fixtures/codex-cli/) round-trip byte for byte, fresh and chained; a merge keeps every
//! page fact; a malformed file writes nothing.

use crate::common;

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
    let elsewhere = tempfile::tempdir().unwrap();
    for (text, expected) in [
        ("{\"models\": [", "EOF"),
        ("{\"models\": [{\"slug\": \"a\", \"slug\": \"b\"}]}", "there twice"),
        ("{\"models\": [{\"slug\": \"../../etc\"}]}", "is not a slug"),
        ("{\"version\": 1}", "no `models`"),
    ] {
        let file = elsewhere.path().join("bad.json");
        std::fs::write(&file, text).unwrap();
        let diags = plan_codex(&file, dir.path(), "../schema", None).unwrap_err();
        assert!(diags.iter().any(|d| d.message.contains(expected)), "{text}: {diags:#?}");
        assert_eq!(diags[0].rule, codex_catalog::diagnostic::Rule::CodexFile);
    }
    // Not a regular file: a folder, and (on Unix) a FIFO, which would block a reader.
    assert!(plan_codex(dir.path(), dir.path(), "../schema", None).is_err());
    #[cfg(unix)]
    {
        let fifo = elsewhere.path().join("fifo.json");
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

/// The minimal fixture (whose CLI catalog agrees with its page) with one file edited, validated:
/// each diagnostic as `(rule id, file, line)`.
fn drift_after(file: &str, from: &str, to: &str) -> Vec<(String, String, usize)> {
    let dir = common::copy_fixture("minimal");
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    let outcome = validate_dir(dir.path()).unwrap();
    let prefix = format!("{}/", dir.path().display());
    outcome
        .diagnostics
        .iter()
        .flat_map(|d| {
            d.places()
                .into_iter()
                .map(|(f, l, _)| (d.rule.id().to_string(), f.trim_start_matches(&prefix).to_string(), l))
        })
        .collect()
}

/// The line of the first occurrence of `needle` in the fixture file after the edit.
fn line_of(file: &str, from: &str, to: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(common::fixture("minimal").join(file)).unwrap().replacen(from, to, 1);
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn every_drift_rule_finds_its_drift_at_both_places() {
    const A1: &str = "models/alpha-1.toml";
    const A2: &str = "models/alpha-2.toml";
    /// The rule, the file edited (`from` → `to`), the text on the line it must point at, and
    /// the other place it must name.
    type Case =
        (&'static str, &'static str, &'static str, &'static str, &'static str, Option<(&'static str, &'static str)>);
    let cases: [Case; 7] = [
        // The CLI starts on alpha-1; the page's default is alpha-2.
        ("drift-default", A1, "priority = 2", "priority = 0", "priority = 0", Some(("catalog.toml", "default_model"))),
        ("drift-upgrade", A1, "model = \"alpha-2\"", "model = \"alpha-0\"", "upgrade = ", Some((A1, "succeeded_by"))),
        ("drift-duplicate", A1, "\"Alpha 1\"", "\"Alpha 2\"", "display_name", Some((A2, "display_name"))),
        ("drift-priority", A1, "priority = 2", "priority = 1", "priority = 1", Some((A2, "priority = 1"))),
        ("drift-coverage", A1, "visibility = \"list\"", "visibility = \"hide\"", "visibility", None),
        (
            "drift-api",
            A2,
            "supported_in_api = false",
            "supported_in_api = true",
            "supported_in_api",
            Some((A2, "api = false")),
        ),
        (
            "drift-version",
            A1,
            "priority = 2",
            "priority = 2\nminimal_client_version = \"0.153\"",
            "minimal_client_version",
            None,
        ),
    ];
    for (rule, file, from, to, at, other) in cases {
        let found = drift_after(file, from, to);
        let line = line_of(file, from, to, at);
        assert!(found.contains(&(rule.into(), file.into(), line)), "{rule}: expected at {file}:{line}, got {found:#?}");
        if let Some((other_file, needle)) = other {
            let other_line = line_of(
                other_file,
                if other_file == file { from } else { "" },
                if other_file == file { to } else { "" },
                needle,
            );
            assert!(
                found.contains(&(rule.into(), other_file.into(), other_line)),
                "{rule}: expected a label at {other_file}:{other_line}, got {found:#?}"
            );
        }
    }
}

#[test]
fn an_acknowledged_drift_is_quiet_and_a_stale_acknowledgement_is_not() {
    let ack = "\n[[acknowledged]]\nrule = \"drift-api\"\nmodels = [\"alpha-2\"]\nreason = \"The API gets it later.\"\n";
    // The drift, acknowledged: nothing reported.
    let dir = common::copy_fixture("minimal");
    let a2 = dir.path().join("models/alpha-2.toml");
    let text = std::fs::read_to_string(&a2).unwrap();
    std::fs::write(&a2, text.replace("supported_in_api = false", "supported_in_api = true")).unwrap();
    let catalog = dir.path().join("catalog.toml");
    let text = std::fs::read_to_string(&catalog).unwrap().replacen("\n[codex]", &format!("{ack}\n[codex]"), 1);
    std::fs::write(&catalog, &text).unwrap();
    let outcome = validate_dir(dir.path()).unwrap();
    assert!(outcome.diagnostics.is_empty(), "{:#?}", outcome.diagnostics);
    // The drift gone, the acknowledgement stays: reported.
    std::fs::write(&a2, std::fs::read_to_string(common::fixture("minimal").join("models/alpha-2.toml")).unwrap())
        .unwrap();
    let outcome = validate_dir(dir.path()).unwrap();
    let rules: Vec<&str> = outcome.diagnostics.iter().map(|d| d.rule.id()).collect();
    assert_eq!(rules, ["stale-acknowledgement"]);
}
