//! The promises of docs/hardening.md that an adversary tries first: nothing outside the catalog is read
//! or echoed, no terminal control reaches the screen, a closed pipe is not a crash, a failed
//! import writes nothing, outputs honour the umask.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common;
use common::{copy_dir, root};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the frozen 2026-04-03 fixture catalog.
fn catalog() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog");
    copy_dir(&root().join("tests/fixtures/catalogs/page-2026-04-03"), &catalog);
    (dir, catalog)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const SECRET: &str = "SECRET-TOKEN-4711";

#[test]
fn a_link_out_of_the_catalog_is_refused_and_its_target_never_printed() {
    let (dir, catalog) = catalog();
    let secret = dir.path().join("secret.toml");
    std::fs::write(&secret, format!("name = \"{SECRET}\"\nbroken = [\n")).unwrap();
    std::os::unix::fs::symlink(&secret, catalog.join("models/leak.toml")).unwrap();
    std::fs::remove_file(catalog.join("page.mdx")).unwrap();
    std::os::unix::fs::symlink(&secret, catalog.join("page.mdx")).unwrap();
    let out = xtask(&["validate", "--catalog", s(&catalog)]);
    let all = text(&out.stderr) + &text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("is a symbolic link"), "{all}");
    assert!(!all.contains(SECRET), "the link's target was printed:\n{all}");
}

#[test]
fn check_does_not_diff_an_output_that_is_a_link() {
    let (dir, catalog) = catalog();
    let out_root = dir.path().join("out");
    assert!(xtask(&["gen", "--catalog", s(&catalog), "--out", s(&out_root)]).status.success());
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, SECRET).unwrap();
    let page = out_root.join("docs/models.mdx");
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&secret, &page).unwrap();
    let out = xtask(&["check", "--catalog", s(&catalog), "--out", s(&out_root)]);
    let all = text(&out.stderr) + &text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("symbolic link") && !all.contains(SECRET), "{all}");
}

#[test]
fn control_and_bidi_characters_from_a_file_are_shown_escaped() {
    let (_dir, catalog) = catalog();
    let file = catalog.join("models/gpt-5.4.toml");
    let t = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, t.replacen("Flagship", "Flag\u{1b}[31mship \u{202E}evil", 1)).unwrap();
    let out = xtask(&["validate", "--catalog", s(&catalog)]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // A raw control character in a TOML string is a syntax error, reported on its line.
    assert!(err.contains("error[toml-syntax]") && err.contains("gpt-5.4.toml:5:"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{202E}'), "raw control characters reached the terminal");
    assert!(err.contains("\\u{1b}") && err.contains("\\u{202e}"), "{err}");
    let json = xtask(&["validate", "--catalog", s(&catalog), "--format", "json"]);
    let stdout = text(&json.stdout);
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{202E}'), "{stdout}");
}

/// More than Linux lets a pipe buffer hold (`/proc/sys/fs/pipe-max-size`, 1 MiB by default).
const LARGER_THAN_A_PIPE: usize = 1 << 20;

/// `validate --format json` of a catalog whose model file has thousands of unknown fields: one
/// diagnostic each, megabytes on stdout.
fn validate_with_megabytes_of_output() -> (tempfile::TempDir, Command) {
    let (dir, catalog) = catalog();
    let file = catalog.join("models/gpt-5.4.toml");
    let mut t = std::fs::read_to_string(&file).unwrap();
    t.extend((0..5000).map(|i| format!("unknown_{i} = 1\n")));
    std::fs::write(&file, t).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(["validate", "--catalog", s(&catalog), "--format", "json"]).env("NO_COLOR", "1");
    (dir, command)
}

#[test]
fn a_closed_pipe_ends_the_process_quietly() {
    // Read whole, the output is larger than any pipe buffer, so the writer cannot be done before
    // its reader goes away.
    let (_dir, mut command) = validate_with_megabytes_of_output();
    let whole = command.output().unwrap();
    assert_eq!(whole.status.code(), Some(1), "{}", text(&whole.stderr));
    assert!(whole.stdout.len() > LARGER_THAN_A_PIPE, "only {} bytes", whole.stdout.len());
    // Read one byte, then close the pipe, as `| head -c1` does.
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    stdout.read_exact(&mut one).unwrap();
    drop(stdout);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    // The status a shell gives a process killed by SIGPIPE (128 + 13), and not a word on stderr.
    assert_eq!(status.code(), Some(141), "{status:?}: {err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn export_refuses_a_base_that_is_not_a_regular_file() {
    let (_dir, catalog) = catalog();
    let out = xtask(&["export", "codex", "--catalog", s(&catalog), "--base", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("not a regular file"), "{}", text(&out.stderr));
}

#[test]
fn a_failed_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new");
    std::fs::create_dir(&target).unwrap();
    // `models` cannot be made: a file has its name.
    std::fs::write(target.join("models"), "in the way").unwrap();
    let page = root().join("tests/fixtures/documents/codex-models-2026-05-25.mdx");
    let out = xtask(&["import", s(&page), "--catalog", s(&target), "--yes"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let left: Vec<_> = std::fs::read_dir(&target).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["models"], "only what was there before");
}

#[test]
fn new_outputs_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, catalog) = catalog();
    let out_root = dir.path().join("out");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 027; exec '{}' gen --catalog '{}' --out '{}'",
            env!("CARGO_BIN_EXE_xtask"),
            s(&catalog),
            s(&out_root)
        ))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mode = std::fs::metadata(out_root.join("exports/models.json")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

/// A copy of the minimal fixture catalog, with `edit` applied to one of its files.
fn minimal_with(file: &str, edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog");
    copy_dir(&root().join("tests/fixtures/catalogs/minimal"), &catalog);
    let path = catalog.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, edit(text)).unwrap();
    (dir, catalog)
}

fn gen_into(dir: &Path, catalog: &Path) -> Output {
    xtask(&["gen", "--catalog", s(catalog), "--out", s(&dir.join("out"))])
}

#[test]
fn catalog_text_never_becomes_code_in_the_page() {
    // Guidance that reads as ESM, an expression and a script element stays text.
    let guidance = "guidance = \"\"\"\nexport const x = (globalThis.pwned = 1)\nodd ` then {globalThis.x}\n\\\\<script>alert(1)</script>\n\"\"\"";
    let (dir, catalog) = minimal_with("catalog.toml", |t| t.replace("guidance = \"Start with `alpha-2`.\"", guidance));
    let out = gen_into(dir.path(), &catalog);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(dir.path().join("out/docs/models.mdx")).unwrap();
    assert!(page.contains("&#101;xport const x"), "{page}");
    assert!(page.contains("\\{globalThis.x\\}") && page.contains("\\\\\\<script>"), "{page}");
}

#[test]
fn gen_refuses_a_page_that_does_not_parse_and_writes_nothing() {
    let page = "# {/* catalog:title */}\n\nSee {the models below.\n\n{/* catalog:section main */}\n";
    let (dir, catalog) = minimal_with("page.mdx", |_| page.to_string());
    let out = gen_into(dir.path(), &catalog);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    // Validation finds it, where the MDX parser does (`validate` too, not only `gen`).
    assert!(text(&out.stderr).contains("error[page-template]: page.mdx: it is not valid MDX"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("page.mdx:3:23"), "{}", text(&out.stderr));
    assert!(!dir.path().join("out").exists(), "nothing was written");
    let validated = xtask(&["validate", "--catalog", &catalog.to_string_lossy()]);
    assert_eq!(validated.status.code(), Some(1), "{}", text(&validated.stderr));
}

#[test]
fn card_attributes_are_names_and_literals_never_code() {
    for (attribute, expected) in [
        ("slug = \"gpt-9\"", "the catalog writes itself"),
        ("\"x onload\" = \"1\"", "not a JSX attribute name"),
        ("count = { expression = \"globalThis.pwned = 1\" }", "is code"),
        // Issue 20, 7: JSON5 literals that the docs site's MDX compiler (a comment swallowing
        // the closing brace) or our own parser (a brace in a string) would misread.
        ("count = { expression = \"1 // note\" }", "a comment"),
        ("count = { expression = \"1 /* note */\" }", "a comment"),
        ("label = { expression = \"'a } b'\" }", "a brace inside a string"),
    ] {
        let (_dir, catalog) = minimal_with("models/alpha-1.toml", |t| format!("{t}\n[card.attributes]\n{attribute}\n"));
        let out = xtask(&["validate", "--catalog", s(&catalog)]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("error[card-attribute]") && err.contains(expected), "{attribute}: {err}");
    }
    // A literal expression is fine.
    let (_dir, catalog) = minimal_with("models/alpha-1.toml", |t| {
        format!("{t}\n[card.attributes]\ncount = {{ expression = \"[1, 2]\" }}\n")
    });
    assert_eq!(xtask(&["validate", "--catalog", s(&catalog)]).status.code(), Some(0));
}

/// Hostile pages: every one gets a diagnostic and exit 1, never a crash or a long parse.
#[test]
fn hostile_pages_are_refused_quickly_and_write_nothing() {
    let card = |extra: &str, data: &str| {
        format!(
            "<ModelDetails\n  name=\"m-1\"\n  slug=\"m-1\"\n  description=\"d\"\n  {extra}\n  data={{{{ features: {data} }}}}\n/>\n"
        )
    };
    let deep = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    let cases = [
        (
            "elements nested 20,000 deep",
            format!("## S\n\n{}", deep("<div>\n\n", "</div>\n\n", 20_000)),
            "nested more than",
        ),
        ("data nested 5,000 deep", format!("## S\n\n{}", card("", &deep("[", "]", 5_000))), "more than"),
        (
            "an attribute nested 900 deep",
            format!("## S\n\n{}", card(&format!("count={{{}}}", deep("[", "]", 900)), "[]")),
            "is code",
        ),
        ("an attribute written twice", format!("## S\n\n{}", card("slug=\"m-2\"", "[]")), "written twice"),
        // Issue 20, 9: what the parser took seconds to minutes on, refused before parsing.
        ("40,000 nested block quotes", format!("{} x\n", ">".repeat(40_000)), "nested more than 16 deep"),
        ("20,000 emphasis openers", format!("{}\n", "*a ".repeat(20_000)), "more than 1000 emphasis"),
        ("6.5 MB of paragraphs", "Plain words of a paragraph.\n\n".repeat(240_000), "may be at most 1048576 bytes"),
    ];
    for (what, body, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.mdx");
        std::fs::write(&page, format!("# T\n\n{body}")).unwrap();
        let started = std::time::Instant::now();
        let out = xtask(&["import", s(&page), "--catalog", s(&dir.path().join("catalog")), "--yes"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(err.contains(expected), "{what}: {err}");
        assert!(started.elapsed().as_secs() < 5, "{what} took {:?}", started.elapsed());
        assert!(!dir.path().join("catalog").exists(), "{what}: something was written");
        if what.starts_with("an attribute nested") {
            // The file named does not exist: the diagnostic points at the page's card too.
            assert!(err.contains("the card this file would be written from") && err.contains("page.mdx:5:"), "{err}");
        }
    }
    // Guidance indented with an ideographic space imports (the old dedent panicked on it).
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.mdx");
    std::fs::write(
        &page,
        format!("# T\n\n## S\n\n{}\nA guidance line\n\u{3000}\u{3000}indented oddly.\n", card("", "[]")),
    )
    .unwrap();
    let out = xtask(&["import", s(&page), "--catalog", s(&dir.path().join("catalog")), "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// Issue 20, 2: a surface map is a named file like the page: `/dev/zero` and a FIFO are refused
/// at once, without reading.
#[test]
fn a_surface_map_that_is_not_a_regular_file_is_refused() {
    let (dir, catalog) = catalog();
    let page = root().join("tests/fixtures/documents/codex-models-2026-05-25.mdx");
    let fifo = dir.path().join("map.toml");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for map in ["/dev/zero", s(&fifo)] {
        let start = std::time::Instant::now();
        let out = xtask(&["import", s(&page), "--catalog", s(&catalog), "--surface-map", map]);
        assert_eq!(out.status.code(), Some(2), "{map}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("not a regular file"), "{map}: {}", text(&out.stderr));
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "{map} was read");
    }
}

/// Issue 20, 18: `gen --out` inside the catalog would write among the catalog's files.
#[test]
fn gen_refuses_an_output_root_inside_the_catalog() {
    let (_dir, catalog) = catalog();
    let before = common::tree(&catalog);
    for out_root in [catalog.join("models"), catalog.clone(), catalog.join("models/new/deeper")] {
        let out = xtask(&["gen", "--catalog", s(&catalog), "--out", s(&out_root)]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("overlap"), "{}", text(&out.stderr));
    }
    assert_eq!(common::tree(&catalog), before, "nothing written into the catalog");
}

/// Issue 20, 13: a page saved with Windows line endings imports as the same page.
#[test]
fn a_crlf_page_imports_as_its_lf_copy() {
    let dir = tempfile::tempdir().unwrap();
    let lf = root().join("tests/fixtures/documents/codex-models-2026-05-25.mdx");
    let crlf = dir.path().join("codex-models-2026-05-25.mdx");
    std::fs::write(&crlf, std::fs::read_to_string(&lf).unwrap().replace('\n', "\r\n")).unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (page, target) in [(&lf, &a), (&crlf, &b)] {
        let out = xtask(&["import", s(page), "--catalog", s(target), "--yes"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    assert_eq!(common::tree(&a), common::tree(&b));
}

/// A page with one section and `cards`.
fn page_with(cards: &str) -> String {
    format!("# T\n\n## S\n\n{cards}")
}

fn model_card(slug: &str, features: &str) -> String {
    format!(
        "<ModelDetails\n  name=\"{slug}\"\n  slug=\"{slug}\"\n  description=\"d\"\n  data={{{{ features: [{features}] }}}}\n/>\n\n"
    )
}

/// Issue 20, 5: code in the page's prose is refused at import, unless `--keep-code` keeps it
/// and says so.
#[test]
fn import_refuses_code_in_prose_unless_kept_on_purpose() {
    let card = model_card("m-1", "{ title: \"Codex CLI\", value: true }");
    for code in
        ["export const x = (globalThis.pwned = 1)", "Some {(globalThis.x = 1, null)} text.", "<a href={evil}>x</a>"]
    {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.mdx");
        std::fs::write(&page, page_with(&format!("{card}{code}\n"))).unwrap();
        let target = dir.path().join("catalog");
        let out = xtask(&["import", s(&page), "--catalog", s(&target), "--yes"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{code}: {err}");
        assert!(err.contains("error[page-code]") && err.contains("page.mdx:"), "{code}: {err}");
        assert!(!target.exists(), "{code}: something was written");
        let out = xtask(&["import", s(&page), "--catalog", s(&target), "--yes", "--keep-code"]);
        assert_eq!(out.status.code(), Some(0), "{code}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("kept as written (--keep-code)"), "{code}: {}", text(&out.stdout));
    }
}

/// Issue 20, 8: a card whose features would overwrite each other is refused: one title twice,
/// or two titles mapped onto one surface.
#[test]
fn import_never_lets_one_feature_overwrite_another() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.mdx");
    let twice = "{ title: \"Codex CLI\", value: true }, { title: \"Codex CLI\", value: false }";
    std::fs::write(&page, page_with(&model_card("m-1", twice))).unwrap();
    let out = xtask(&["import", s(&page), "--catalog", s(&dir.path().join("a")), "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("`Codex CLI` is listed twice"), "{}", text(&out.stderr));

    // Two titles, one surface: the spark card's `API Access = false` would be overwritten.
    let (_dir, catalog) = catalog();
    let page = root().join("tests/fixtures/documents/codex-models-2026-05-25.mdx");
    let out = xtask(&["import", s(&page), "--catalog", s(&catalog), "--surface", "Codex CLI & SDK=api_access"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("both map to the surface `api_access`"), "{err}");
}

/// Issue 20, 6: a catalog text that closes a template's quoted attribute and adds its own is
/// caught: the generated page's elements are compared with the template's, attributes
/// included, and nothing is written.
#[test]
fn catalog_text_cannot_add_attributes_to_a_template_element() {
    let page =
        "# {/* catalog:title */}\n\n<a title=\"{/* catalog:title */}\">top</a>\n\n{/* catalog:section main */}\n";
    let (dir, catalog) = minimal_with("page.mdx", |_| page.to_string());
    let edit = std::fs::read_to_string(catalog.join("catalog.toml"))
        .unwrap()
        .replace("title = \"Mini models\"", "title = 'Mini\" href=\"javascript:alert(1)\" onclick=\"x'");
    std::fs::write(catalog.join("catalog.toml"), edit).unwrap();
    let out = gen_into(dir.path(), &catalog);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[generated-page]"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing was written");
}

/// Issue 20, 1: a linked folder anywhere in the catalog (`models/`, `texts/`, or the catalog
/// itself) is refused and nothing behind it is read or printed.
#[test]
fn a_linked_folder_in_the_catalog_is_never_followed() {
    for linked in ["models", "texts"] {
        let (dir, catalog) = catalog();
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("leak.toml"), format!("name = \"{SECRET}\"\nbroken = [\n")).unwrap();
        std::fs::write(outside.join("leak.md"), SECRET).unwrap();
        let _ = std::fs::remove_dir_all(catalog.join(linked));
        std::os::unix::fs::symlink(&outside, catalog.join(linked)).unwrap();
        let out = xtask(&["validate", "--catalog", s(&catalog)]);
        let all = text(&out.stderr) + &text(&out.stdout);
        assert_ne!(out.status.code(), Some(0), "{linked}: {all}");
        assert!(all.contains("symbolic link"), "{linked}: {all}");
        assert!(!all.contains(SECRET) && !all.contains("leak."), "{linked}: the link was followed:\n{all}");
    }
    // The catalog folder itself.
    let (dir, catalog) = catalog();
    let link = dir.path().join("linked-catalog");
    std::os::unix::fs::symlink(&catalog, &link).unwrap();
    let out = xtask(&["validate", "--catalog", s(&link)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("symbolic link"), "{}", text(&out.stderr));
}

/// Issue 20, 3: an output folder that is a link (`docs -> /elsewhere`) is neither written
/// through by `gen` nor read and diffed by `check`.
#[test]
fn an_output_folder_that_is_a_link_is_refused() {
    let (dir, catalog) = catalog();
    let out_root = dir.path().join("out");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&out_root).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("models.mdx"), SECRET).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out_root.join("docs")).unwrap();
    for command in ["check", "gen"] {
        let out = xtask(&[command, "--catalog", s(&catalog), "--out", s(&out_root)]);
        let all = text(&out.stderr) + &text(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{command}: {all}");
        assert!(all.contains("symbolic link") && !all.contains(SECRET), "{command}: {all}");
    }
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 1, "nothing written through the link");
    assert_eq!(std::fs::read_to_string(elsewhere.join("models.mdx")).unwrap(), SECRET);
}

/// Issue 20, 15: a write that fails (here under a file-size limit, as on a full disk) leaves
/// no temporary file and no folder made for it: the output root is as it was.
#[test]
fn a_failed_write_leaves_no_temporary_file_or_folder() {
    let (dir, catalog) = catalog();
    let out_root = dir.path().join("out");
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 8; exec \"$0\" gen --catalog \"$1\" --out \"$2\"")
        .arg(env!("CARGO_BIN_EXE_xtask"))
        .arg(&catalog)
        .arg(&out_root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("File too large") || err.contains("too large"), "{err}");
    assert!(!out_root.exists(), "left behind: {:?}", common::tree(&out_root));
}

/// A fresh-eyes review after the round (issue 20, items 1, 3, 5, 9, 10, 11): what it got past
/// the guards, each refused now.
#[test]
fn what_the_second_review_got_past_the_guards_is_refused() {
    // Links: read as the page will hold them (escaped backslash, inside HTML-ish text, bare URLs).
    for guidance in [
        "Click \\\\[here](javascript:alert(1)).",
        "Click <span title=\\\"[here](javascript:alert(1))\\\">.",
        "See http://evil.example/ and more.",
    ] {
        let (_dir, catalog) = minimal_with("catalog.toml", |t| {
            t.replace("guidance = \"Start with `alpha-2`.\"", &format!("guidance = \"{guidance}\""))
        });
        let out = xtask(&["validate", "--catalog", s(&catalog)]);
        assert_eq!(out.status.code(), Some(1), "{guidance}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("error[url]"), "{guidance}: {}", text(&out.stderr));
    }
    // A URL a browser reads after dropping a tab; URL-like attributes by other names or written
    // as expressions.
    for (file, edit) in [
        ("models/alpha-2.toml", ("/images/alpha-2.png", "/images/.\\t./secret.png")),
        ("models/alpha-1.toml", ("[codex]", "[card.attributes]\nimageSrc = \"javascript:alert(1)\"\n\n[codex]")),
        (
            "models/alpha-1.toml",
            ("[codex]", "[card.attributes]\nimageUrl = { expression = \"'//evil.example/x'\" }\n\n[codex]"),
        ),
    ] {
        let (_dir, catalog) = minimal_with(file, |t| t.replacen(edit.0, edit.1, 1));
        let out = xtask(&["validate", "--catalog", s(&catalog)]);
        assert!(text(&out.stderr).contains("error[url]"), "{edit:?}: {}", text(&out.stderr));
    }
    // Parse bounds: CR line ends, ordered lists, indentation, brackets, a no-break-space "blank".
    for (what, body) in [
        ("CR", format!("x\r{} y\r", ">".repeat(40_000))),
        ("ordered lists", format!("{}y\n", "1. ".repeat(20_000))),
        ("indentation", (0..1020).map(|i| format!("{}- x\n", " ".repeat(2 * i))).collect()),
        ("brackets", "[".repeat(50_000)),
        ("no-break space", vec!["a* ".repeat(999); 80].join("\n\u{a0}\n")),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.mdx");
        std::fs::write(&page, format!("# T\n\n{body}")).unwrap();
        let out = xtask(&["import", s(&page), "--catalog", s(&dir.path().join("c"))]);
        assert_eq!(out.status.code(), Some(1), "{what}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("error[mdx-syntax]"), "{what}: {}", text(&out.stderr));
    }
    // ESM inside a wrapper element is code too.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.mdx");
    std::fs::write(&page, "# T\n\n<div>\n\nexport const pwned = 1\n\n</div>\n").unwrap();
    let out = xtask(&["import", s(&page), "--catalog", s(&dir.path().join("c"))]);
    assert!(text(&out.stderr).contains("error[page-code]"), "{}", text(&out.stderr));
    // Links named on the command line as folders to write into.
    let (dir, catalog) = catalog();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let linked = dir.path().join("linked");
    std::os::unix::fs::symlink(&elsewhere, &linked).unwrap();
    let out = xtask(&["gen", "--catalog", s(&catalog), "--out", s(&linked)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let page = root().join("tests/fixtures/documents/codex-models-2026-05-25.mdx");
    let out = xtask(&["import", s(&page), "--catalog", s(&linked), "--yes"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing written through the link");
}
