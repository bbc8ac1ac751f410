//! End-to-end: the xtask binary as users and CI run it.

use std::path::{Path, PathBuf};

use common::root;
use std::process::{Command, Output};

use crate::common;
use common::copy_dir;

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A temporary copy of a frozen catalog (the 2026-04-03 fixture): the real one grows, and tests
/// that edit its files by their text would break with it.
fn catalog_copy() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/catalogs/page-2026-04-03"), &dir.path().join("catalog"));
    let path = dir.path().join("catalog").to_string_lossy().into_owned();
    (dir, path)
}

#[test]
fn validate_reports_every_error_of_every_file_with_exit_1() {
    let (dir, catalog) = catalog_copy();
    let models = dir.path().join("catalog/models");
    let edit = |file: &str, from: &str, to: &str| {
        let path = models.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit("gpt-5.toml", "succeeded_by = \"gpt-5.1\"", "succeeded_by = \"gpt-5.11\"");
    edit("gpt-5.4.toml", "capability = 5", "capability = 9");
    edit("gpt-5.2.toml", "speed = 3", "sped = 3");
    edit("gpt-5.1.toml", "name = \"gpt-5.1\"", "name = \"gpt-5.1\"\nname = \"twice\"");
    std::fs::write(models.join("GPT-5.toml"), std::fs::read(models.join("gpt-5.4-mini.toml")).unwrap()).unwrap();

    let out = xtask(&["validate", "--catalog", &catalog]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for (rule, file) in [
        ("unknown-model", "gpt-5.toml:7:"),
        ("rating-scale", "gpt-5.4.toml:6:"),
        ("schema", "gpt-5.2.toml:7:"),
        ("toml-syntax", "gpt-5.1.toml:4:"),
        ("duplicate-slug", "GPT-5.toml:1:"),
        ("duplicate-slug", "/gpt-5.toml:1:"),
        ("slug-pattern", "GPT-5.toml:1:"),
    ] {
        let found = err.split("\n\n").any(|block| block.contains(&format!("error[{rule}]")) && block.contains(file));
        assert!(found, "{rule} at {file} missing:\n{err}");
    }
    assert!(!err.contains('\x1b'), "no colour with NO_COLOR");

    let out = xtask(&["validate", "--catalog", &catalog, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Eight problems, seven diagnostics: the two case-variant files are one duplicate-slug error
    // with a label at the second file; the copied file also keeps its neighbour's name
    // (duplicate-label).
    assert_eq!(report["errors"], 7);
    let duplicate = report["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "duplicate-slug").unwrap();
    assert!(duplicate["labels"][0]["file"].as_str().unwrap().ends_with("/gpt-5.toml"), "{duplicate}");
    let d = &report["diagnostics"][0];
    for key in ["severity", "rule", "file", "line", "column", "pointer", "message"] {
        assert!(d.get(key).is_some(), "{key} missing from {d}");
    }
}

#[test]
fn the_real_catalog_validates() {
    let out = xtask(&["validate", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let files: Vec<String> = std::fs::read_dir(root().join("catalog/models"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    let models = files.len();
    assert!(text(&out.stderr).contains(&format!(" {models} models")), "{}{files:?}", text(&out.stderr));
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(xtask(&["validate", "--frobnicate"]).status.code(), Some(2));
    assert_eq!(xtask(&["nonsense"]).status.code(), Some(2));
    let out = xtask(&["validate", "--catalog", "/nonexistent/catalog"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("/nonexistent/catalog"));
    // A model file that is a folder cannot be read: an I/O error.
    let (dir, catalog) = catalog_copy();
    std::fs::create_dir(dir.path().join("catalog/models/gpt-9.toml")).unwrap();
    let out = xtask(&["validate", "--catalog", &catalog]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("error[io]"));
    // An output folder that cannot be made (a file stands there), and an output that cannot be
    // written: I/O errors, named with their path.
    std::fs::remove_dir(dir.path().join("catalog/models/gpt-9.toml")).unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = xtask(&["preview", "--catalog", &catalog, "--out", &file.join("preview").to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with(&format!("error: cannot create {}", file.join("preview").display())), "{stderr}");
    let out = xtask(&["gen", "--catalog", &catalog, "--out", &file.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("cannot write"), "{}", text(&out.stderr));
}

fn mtimes(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            out.extend(mtimes(&entry.path()));
        } else {
            out.push((entry.path(), entry.metadata().unwrap().modified().unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn gen_twice_changes_nothing_and_check_catches_a_one_word_edit() {
    let (dir, catalog) = catalog_copy();
    let out_dir = dir.path().join("out");
    let out_root = out_dir.to_string_lossy().into_owned();
    let first = xtask(&["gen", "--catalog", &catalog, "--out", &out_root]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let valid = codex_catalog::validate::validate_dir(Path::new(&catalog)).unwrap().catalog.unwrap();
    // The catalog's outputs, and docs/commands.md, which the xtask makes from its clap definition.
    let outputs = codex_catalog::generate::outputs(&valid).len() + 1;
    assert_eq!(text(&first.stdout).matches("created").count(), outputs);
    // Every output is there, whole.
    for path in ["exports/models.json", "docs/models.mdx", "crates/codex-models/src/generated.rs", "docs/commands.md"] {
        let text = std::fs::read_to_string(out_dir.join(path)).unwrap();
        assert!(text.len() > 100 && text.ends_with('\n'), "{path}");
    }
    let before = mtimes(&out_dir);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = xtask(&["gen", "--catalog", &catalog, "--out", &out_root]);
    assert_eq!(second.status.code(), Some(0));
    assert_eq!(text(&second.stdout).matches("up to date").count(), outputs);
    assert_eq!(mtimes(&out_dir), before, "no file was touched");

    let check = xtask(&["check", "--catalog", &catalog, "--out", &out_root]);
    assert_eq!(check.status.code(), Some(0));

    let file = dir.path().join("catalog/models/gpt-5.4-mini.toml");
    let t = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, t.replace("Fast, efficient mini model", "Fast, efficient small model")).unwrap();
    let check = xtask(&["check", "--catalog", &catalog, "--out", &out_root]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = text(&check.stdout);
    for stale in
        ["exports/models.json", "exports/models.csv", "docs/models.mdx", "crates/codex-models/src/generated.rs"]
    {
        assert!(stdout.contains(&format!("stale  {}", out_dir.join(stale).display())), "{stale}:\n{stdout}");
    }
    assert!(!stdout.contains("stale  ") || !stdout.contains("models.md\n"), "the Markdown table has no descriptions");
    assert!(stdout.contains("-  description=\"Fast, efficient mini model"), "{stdout}");
    assert!(text(&check.stderr).contains(&format!("run `cargo xtask gen --catalog {catalog} --out {out_root}`")));
    assert_eq!(mtimes(&out_dir), before, "check writes nothing");

    let dry = xtask(&["gen", "--catalog", &catalog, "--out", &out_root, "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0));
    assert!(text(&dry.stdout).contains("would update"));
    assert_eq!(mtimes(&out_dir), before, "--dry-run writes nothing");
}

#[test]
fn an_invalid_catalog_generates_nothing() {
    let (dir, catalog) = catalog_copy();
    std::fs::write(dir.path().join("catalog/models/gpt-5.4.toml"), "name = \n").unwrap();
    let out_root = dir.path().join("out");
    let out = xtask(&["gen", "--catalog", &catalog, "--out", &out_root.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!out_root.exists());
}

#[test]
fn import_refuses_the_uncorrected_page_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("imported");
    let page = root().join("tests/fixtures/documents/seed-000.mdx");
    let out = xtask(&["import", &page.to_string_lossy(), "--catalog", &target.to_string_lossy(), "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("`gpt-5-codex` on line 279 and `gpt-5-codex-mini` on line 316"), "{err}");
    assert!(!target.exists());

    let page = root().join("tests/fixtures/documents/seed-000.corrected.mdx");
    let preview = xtask(&["import", &page.to_string_lossy(), "--catalog", &target.to_string_lossy()]);
    assert_eq!(preview.status.code(), Some(0));
    assert!(text(&preview.stdout).contains("would create"));
    assert!(!target.exists(), "without --yes nothing is written");
    let write = xtask(&["import", &page.to_string_lossy(), "--catalog", &target.to_string_lossy(), "--yes"]);
    assert_eq!(write.status.code(), Some(0));
    assert!(target.join("models/gpt-5-codex-mini.toml").exists());
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn diff_between_git_revisions() {
    let (dir, _) = catalog_copy();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    git(repo, &["add", "catalog"]);
    git(repo, &["commit", "-qm", "first"]);
    let file = repo.join("catalog/models/gpt-5.4-mini.toml");
    let t = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, t.replace("capability = 3", "capability = 4")).unwrap();
    git(repo, &["commit", "-qam", "second"]);

    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_xtask")).current_dir(repo).args(args).output().unwrap();
    let out = run(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.contains("## Catalog changes: HEAD~1 → HEAD"), "{md}");
    assert!(md.contains("- `gpt-5.4-mini` capability: 3 → 4"), "{md}");
    assert_eq!(run(&["diff", "HEAD~1", "HEAD", "--exit-code"]).status.code(), Some(1));
    assert_eq!(run(&["diff", "HEAD", "HEAD", "--exit-code"]).status.code(), Some(0));
    // A folder on one side, a revision on the other.
    let out = run(&["diff", "HEAD~1", "catalog", "--format", "json"]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["ratings"][0]["new"], 4);
    // Neither a folder nor a revision: a usage error.
    let out = run(&["diff", "no-such-rev", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`no-such-rev` is neither a catalog folder nor a git revision"));
}

#[test]
fn import_into_an_existing_catalog_shows_the_semantic_diff() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/catalogs/seed-000"), &dir.path().join("c"));
    let page = root().join("tests/fixtures/documents/codex-models-2026-04-03.corrected.mdx");
    let out = xtask(&["import", &page.to_string_lossy(), "--catalog", &dir.path().join("c").to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("- default model: `gpt-5.2` → `gpt-5.4`"), "{stdout}");
    assert!(stdout.contains("would update"), "{stdout}");
}

/// Two `gen` runs at once (two terminals, or a hook and an editor) from two different catalogs
/// into one output tree, while a reader reads the outputs: every read sees one run's bytes
/// whole, both runs finish, and no temporary file is left.
#[test]
fn concurrent_gen_runs_leave_complete_outputs() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let (dir, catalog_a) = catalog_copy();
    let catalog_b = dir.path().join("catalog-b");
    copy_dir(&root().join("tests/fixtures/catalogs/page-2026-04-03"), &catalog_b);
    let model = catalog_b.join("models/gpt-5.4.toml");
    let text = std::fs::read_to_string(&model).unwrap();
    assert!(text.contains("professional work"));
    std::fs::write(&model, text.replace("professional work", "professional and personal work")).unwrap();
    let catalog_b = catalog_b.to_string_lossy().into_owned();
    let gen_into = |catalog: &str, target: &Path| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["gen", "--catalog", catalog, "--out", &target.to_string_lossy()])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    const WATCHED: [&str; 3] = ["exports/models.json", "exports/models.csv", "docs/models.mdx"];
    let (ref_a, ref_b) = (dir.path().join("ref-a"), dir.path().join("ref-b"));
    assert!(gen_into(&catalog_a, &ref_a).wait().unwrap().success());
    assert!(gen_into(&catalog_b, &ref_b).wait().unwrap().success());
    let versions: Vec<[Vec<u8>; 2]> = WATCHED
        .iter()
        .map(|p| [std::fs::read(ref_a.join(p)).unwrap(), std::fs::read(ref_b.join(p)).unwrap()])
        .collect();
    assert!(versions.iter().all(|[a, b]| a != b), "the two catalogs give different bytes");
    let out = dir.path().join("out");
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                for (path, [a, b]) in WATCHED.iter().zip(&versions) {
                    if let Ok(bytes) = std::fs::read(out.join(path)) {
                        assert!(bytes == *a || bytes == *b, "{path}: {} bytes of neither version", bytes.len());
                    }
                }
            }
        });
        for round in 0..6 {
            let (mut a, mut b) = (gen_into(&catalog_a, &out), gen_into(&catalog_b, &out));
            assert!(a.wait().unwrap().success() && b.wait().unwrap().success(), "round {round}");
        }
        done.store(true, Ordering::Relaxed);
        reader.join().unwrap();
    });
    let leftovers: Vec<_> = std::fs::read_dir(out.join("exports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn github_annotations_and_version() {
    let (dir, catalog) = catalog_copy();
    let file = dir.path().join("catalog/models/gpt-5.4.toml");
    let t = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, t.replacen("capability = 5", "capability = 9", 1)).unwrap();
    let out = xtask(&["validate", "--catalog", &catalog, "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("::error file="), "{stdout}");
    assert!(stdout.contains("gpt-5.4.toml,line=6,col=14,title=rating-scale::capability 9"), "{stdout}");
    let version = xtask(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(text(&version.stdout), format!("cargo xtask {}\n", env!("CARGO_PKG_VERSION")));
}

/// Help names the command as users type it and shows every default: clap's `[default: …]` for
/// fixed ones, the text for those found at run time (the repository's folders).
#[test]
fn help_shows_cargo_xtask_and_the_defaults() {
    let help = |args: &[&str]| {
        let out = xtask(args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    assert!(help(&["--help"]).contains("Usage: cargo xtask <COMMAND>"));
    let gen_help = help(&["gen", "--help"]);
    assert!(gen_help.contains("Usage: cargo xtask gen [OPTIONS]"), "{gen_help}");
    assert!(gen_help.contains("[default: human]"), "{gen_help}");
    assert!(gen_help.contains("(default: catalog/ of the repository)"), "{gen_help}");
    assert!(gen_help.contains("(default: the repository)"), "{gen_help}");
    assert!(help(&["bench", "--help"]).contains("[default: 1000,10000,100000]"));
    assert!(help(&["preview", "--help"]).contains("(default: target/preview/ of the repository)"));
    assert!(help(&["completions", "--help"]).contains("powershell"), "possible values are listed");
}

/// The commands of the user CLI: the end-to-end checks, fuzzing and the synthetic catalogs are
/// `cargo ci`'s (xtask-ci), not hidden commands of this one.
const USER_COMMANDS: [&str; 10] =
    ["validate", "gen", "check", "diff", "import", "preview", "export", "bench", "completions", "help"];

/// `--help` lists the user commands and nothing else, and so does every completion script.
#[test]
fn help_and_completions_list_only_user_commands() {
    let out = xtask(&["--help"]);
    let help = text(&out.stdout);
    let section = help.split("Commands:\n").nth(1).and_then(|s| s.split("\n\n").next()).unwrap_or_default();
    let listed: Vec<&str> = section.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(listed, USER_COMMANDS, "{help}");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = text(&xtask(&["completions", shell]).stdout);
        // `--grown` is the flag of the old hidden `synthetic` (the word itself is in bench's help).
        for word in ["e2e", "fuzz", "--grown"] {
            assert!(!script.contains(word), "the {shell} completion offers {word}");
        }
        for command in USER_COMMANDS {
            assert!(script.contains(command), "the {shell} completion lacks {command}");
        }
    }
}

/// The bash completion script completes commands and their values, as bash calls it (words so
/// far in `COMP_WORDS`, the function given the command, the current and the previous word).
#[test]
fn bash_completion_completes_commands_and_values() {
    let out = xtask(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("xtask.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let complete = |words: &[&str]| -> Vec<String> {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let program = format!(
            "source \"$1\"; COMP_WORDS=({}); COMP_CWORD={}; _xtask xtask '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            quoted.join(" "),
            words.len() - 1,
            words[words.len() - 1],
            words[words.len() - 2],
        );
        let out = Command::new("bash").args(["-c", &program, "bash"]).arg(&script).output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).lines().map(String::from).collect()
    };
    assert_eq!(complete(&["xtask", "ge"]), ["gen"]);
    let mut commands = complete(&["xtask", ""]);
    commands.retain(|c| !c.starts_with('-'));
    assert_eq!(commands, USER_COMMANDS);
    assert_eq!(complete(&["xtask", "completions", "p"]), ["powershell"]);
    assert!(complete(&["xtask", "gen", "--"]).contains(&"--dry-run".to_string()));
    assert_eq!(complete(&["xtask", "validate", "--format", ""]), ["human", "json", "github"]);
    let usage = xtask(&["completions", "tcsh"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn preview_writes_the_page_and_a_comparison_and_nothing_for_an_invalid_catalog() {
    let (dir, catalog) = catalog_copy();
    let out = dir.path().join("preview");
    let run = xtask(&["preview", "--catalog", &catalog, "--out", &out.to_string_lossy()]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(page.matches("<article class=\"card").count(), 12, "the fixture's page has 12 cards");
    assert!(text(&run.stderr).contains("(12 cards)"), "{}", text(&run.stderr));

    let old = root().join("tests/fixtures/catalogs/seed-000");
    let run = xtask(&[
        "preview",
        "--catalog",
        &catalog,
        "--out",
        &out.to_string_lossy(),
        "--compare",
        &old.to_string_lossy(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("data-summary=\"added\""), "a comparison");

    let model = dir.path().join("catalog/models/gpt-5.4.toml");
    let t = std::fs::read_to_string(&model).unwrap();
    std::fs::write(&model, t.replacen("capability = 5", "capability = 9", 1)).unwrap();
    let elsewhere = dir.path().join("preview-of-invalid");
    let run = xtask(&["preview", "--catalog", &catalog, "--out", &elsewhere.to_string_lossy()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("error[rating-scale]"), "{}", text(&run.stderr));
    assert!(!elsewhere.exists());
    let run = xtask(&["preview", "--catalog", &catalog, "--compare", "no-such-revision"]);
    assert_eq!(run.status.code(), Some(1), "the catalog is checked first: {}", text(&run.stderr));
    std::fs::write(&model, t).unwrap();
    let run = xtask(&[
        "preview",
        "--catalog",
        &catalog,
        "--out",
        &elsewhere.to_string_lossy(),
        "--compare",
        "no-such-revision",
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    assert!(text(&run.stderr).contains("`no-such-revision` is neither a catalog folder nor a git revision"));
    assert!(!elsewhere.exists());
}

#[test]
fn gen_and_check_report_as_json() {
    let (dir, catalog) = catalog_copy();
    let out_root = dir.path().join("out").to_string_lossy().into_owned();
    let generated = xtask(&["gen", "--catalog", &catalog, "--out", &out_root, "--format", "json"]);
    assert_eq!(generated.status.code(), Some(0), "{}", text(&generated.stderr));
    let report: serde_json::Value = serde_json::from_slice(&generated.stdout).unwrap();
    assert_eq!(report["valid"], true);
    assert!(report["files"].as_array().unwrap().iter().all(|f| f["status"] == "created"), "{report}");
    let file = dir.path().join("catalog/models/gpt-5.4-mini.toml");
    let t = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, t.replace("Fast, efficient mini model", "Fast, efficient small model")).unwrap();
    let check = xtask(&["check", "--catalog", &catalog, "--out", &out_root, "--format", "json"]);
    assert_eq!(check.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let stale: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "stale")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(stale.contains(&"exports/models.json") && stale.contains(&"docs/models.mdx"), "{report}");
}

/// `--format json` of an invalid catalog: exit 1, the diagnostics with their counts in the one
/// document, and text that could reorder a terminal escaped as `validate --format json` escapes it.
#[test]
fn gen_reports_an_invalid_catalog_as_json_with_exit_1() {
    let (dir, catalog) = catalog_copy();
    let file = dir.path().join("catalog/models/gpt-5.4-mini.toml");
    let t = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, t.replacen("capability =", "succeeded_by = \"gpt-\u{202e}9\"\ncapability =", 1)).unwrap();
    let out_root = dir.path().join("out").to_string_lossy().into_owned();
    let generated = xtask(&["gen", "--catalog", &catalog, "--out", &out_root, "--format", "json"]);
    assert_eq!(generated.status.code(), Some(1), "{}", text(&generated.stderr));
    let stdout = text(&generated.stdout);
    assert!(!stdout.contains('\u{202e}') && stdout.contains("gpt-\\u202e9"), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["valid"], false);
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64()), (Some(1), Some(0)), "{report}");
    assert_eq!(report["diagnostics"][0]["pointer"], "/succeeded_by", "{report}");
    assert_eq!(report["files"], serde_json::json!([]));
}

/// Every relative link of the hand-written and generated docs (README.md, CONTRIBUTING.md,
/// docs/*.md) names a file or folder that exists, resolved from the linking file's folder.
#[test]
fn every_relative_link_of_the_docs_points_to_an_existing_file() {
    let root = root();
    let mut files = vec![root.join("README.md"), root.join("CONTRIBUTING.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (at, _) in text.match_indices("](") {
            let rest = &text[at + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = rest[..end].split('#').next().unwrap();
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            if !file.parent().unwrap().join(target).exists() {
                broken.push(format!("{}: {target}", file.strip_prefix(&root).unwrap().display()));
            }
        }
    }
    assert!(checked > 10, "only {checked} links found");
    assert!(broken.is_empty(), "links to missing files:\n{}", broken.join("\n"));
}

/// Issue 21, part 6: a page import says which document id it records the facts under, that the
/// id comes from the file name, and takes another with --document.
#[test]
fn page_import_shows_and_takes_the_document_id() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.mdx");
    std::fs::copy(root().join("tests/fixtures/documents/codex-models-2026-05-25.mdx"), &page).unwrap();
    let target = dir.path().join("catalog");
    let target = target.to_str().unwrap();
    let out = xtask(&["import", page.to_str().unwrap(), "--catalog", target]);
    let said = text(&out.stdout);
    assert!(
        said.contains(
            "document `page`: Codex Models page (page.mdx), named after the file; set another id with --document"
        ),
        "{said}"
    );
    let out = xtask(&[
        "import",
        page.to_str().unwrap(),
        "--catalog",
        target,
        "--document",
        "codex-models-2026-05-25",
        "--yes",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("document `codex-models-2026-05-25`"), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("next: cargo xtask gen"), "{}", text(&out.stderr));
    let catalog = std::fs::read_to_string(dir.path().join("catalog/catalog.toml")).unwrap();
    assert!(catalog.contains("id = \"codex-models-2026-05-25\""), "{catalog}");
    let out = xtask(&["import", page.to_str().unwrap(), "--catalog", target, "--document", "Not An Id"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

/// Issue 21, parts 3 and 4: `diff REV` and `preview --compare REV` work from any folder of the
/// repository, show the page's own text when it changed, and keep the Markdown well formed
/// whatever the text holds.
#[test]
fn reviews_work_from_any_folder_and_show_the_page_text() {
    let (dir, _) = catalog_copy();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    git(repo, &["add", "catalog"]);
    git(repo, &["commit", "-qm", "first"]);
    let page = repo.join("catalog/page.mdx");
    let sentence = "The `gpt-5.2` model is deprecated and will be removed on October 14.";
    std::fs::write(&page, format!("{}\n{sentence}\n", std::fs::read_to_string(&page).unwrap())).unwrap();
    let file = repo.join("catalog/models/gpt-5.4-mini.toml");
    let t = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, t.replace("Fast, efficient mini model", "Fast, **efficient** ~~mini~~ model")).unwrap();
    git(repo, &["commit", "-qam", "second"]);

    let deep = repo.join("catalog/models");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_xtask")).current_dir(&deep).args(args).output().unwrap();
    let out = run(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.contains("### Page text (page.mdx)\n\n```diff\n"), "{md}");
    assert!(md.contains(&format!("+{sentence}\n")), "{md}");
    // The text's own markup is shown, escaped: it cannot close the diff's emphasis.
    assert!(md.contains("\\*\\*efficient\\*\\*"), "{md}");
    let out_dir = repo.join("preview");
    let out = run(&["preview", "--catalog", "..", "--compare", "HEAD~1", "--out", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(html.contains("<h2>Page text</h2>"), "the preview shows the page text");
    assert!(html.contains("deprecated and will be removed on October 14."), "{html}");
}

/// Issue 21, part 3: an invalid catalog at a revision is reported at `REV:catalog/…`, the
/// place a reviewer can look at, not at the temporary folder it was read into.
#[test]
fn diagnostics_of_a_revision_name_the_revision() {
    let (dir, _) = catalog_copy();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let file = repo.join("catalog/models/gpt-5.4-mini.toml");
    let t = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, t.replace("capability = 3", "capability = 9")).unwrap();
    git(repo, &["add", "catalog"]);
    git(repo, &["commit", "-qm", "broken"]);
    std::fs::write(&file, t).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(repo)
        .args(["diff", "HEAD", "catalog"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("--> HEAD:catalog/models/gpt-5.4-mini.toml:"), "{err}");
    assert!(!err.contains(".tmp"), "{err}");
}
