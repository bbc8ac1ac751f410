//! `cargo xtask e2e codex|prettier|typescript|taplo`: the checks with real outside tools, each
//! `e2e/<target>/run.sh`. `codex` installs the pinned Codex CLI, exports, and has the CLI load the
//! file; `prettier` formats the generated pages with the pinned prettier; `typescript`
//! type-checks consumers of the JSON export against the generated declarations with the pinned
//! `tsc`; `taplo` lints the catalog and a broken copy with the schemas in `schema/`. The
//! comparisons the scripts ask for are here.

use std::path::Path;
use std::process::Command;

use codex_catalog::export::codex_cli;

use crate::flags::E2eTarget;
use crate::{Failure, repo};

pub fn run(target: E2eTarget) -> Result<(), Failure> {
    let target = match target {
        E2eTarget::Codex => "codex",
        E2eTarget::Prettier => "prettier",
        E2eTarget::Typescript => "typescript",
        E2eTarget::Taplo => "taplo",
    };
    let root = repo::root()?;
    let script = root.join(format!("e2e/{target}/run.sh"));
    let status = Command::new("bash")
        .arg(&script)
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if status.success() { Ok(()) } else { Err(Failure::Failed(None)) }
}

pub fn verify(exported: &Path, printed: &Path) -> Result<(), Failure> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let (ours, theirs) = (read(exported)?, read(printed)?);
    match codex_cli::verify(&ours, &theirs) {
        Ok(n) => {
            outln!("the Codex CLI accepted the catalog and lists our {n} models as exported");
            Ok(())
        }
        Err(problems) => {
            let lines: Vec<String> = problems.iter().map(|p| format!("mismatch: {p}")).collect();
            Err(Failure::Failed(Some(lines.join("\n"))))
        }
    }
}

/// Write the page of the real catalog (`catalog.mdx`) and of every fixture catalog
/// (`fixture-<name>.mdx`) into `dir`.
pub fn pages(dir: &Path) -> Result<(), Failure> {
    let root = repo::root()?;
    let mut catalogs = vec![("catalog".to_string(), root.join("catalog"))];
    let fixtures = root.join("tests/fixtures/catalogs");
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)?.filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    names.sort();
    for name in names {
        let name = name.to_string_lossy().into_owned();
        catalogs.push((format!("fixture-{name}"), fixtures.join(&name)));
    }
    std::fs::create_dir_all(dir)?;
    for (name, path) in catalogs {
        let catalog = crate::validate::load_valid(&path)?;
        std::fs::write(dir.join(format!("{name}.mdx")), codex_catalog::render::mdx::render(&catalog))?;
    }
    Ok(())
}

/// The cards of a page, each without the indentation of its `<ModelDetails` line, with its slug.
fn cards_of(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        if !line.trim_start().starts_with("<ModelDetails") {
            i += 1;
            continue;
        }
        let end = (i..lines.len())
            .find(|&j| lines[j].trim() == "/>" && lines[j].len() - lines[j].trim_start().len() == indent)
            .unwrap_or(lines.len() - 1);
        let card: Vec<&str> = lines[i..=end]
            .iter()
            .map(|l| if l.len() >= indent && l[..indent].trim().is_empty() { &l[indent..] } else { l })
            .collect();
        let card = card.join("\n");
        let slug = card.split("slug=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("?").to_string();
        out.push((slug, card));
        i = end + 1;
    }
    out
}

/// Compare the cards of every `<name>.mdx` in `dir` with those of its `<name>.prettier`.
pub fn cards(dir: &Path) -> Result<(), Failure> {
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut names: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "mdx"))
        .collect();
    names.sort();
    for page in names {
        let ours = cards_of(&std::fs::read_to_string(&page)?);
        let theirs = cards_of(&std::fs::read_to_string(page.with_extension("prettier"))?);
        let name = page.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if ours.len() != theirs.len() {
            problems.push(format!("{name}: {} cards, prettier printed {}", ours.len(), theirs.len()));
            continue;
        }
        for ((slug, a), (_, b)) in ours.iter().zip(&theirs) {
            checked += 1;
            if a != b {
                let diff = similar_lines(a, b);
                problems.push(format!("{name}: prettier changes the card of `{slug}`:\n{diff}"));
            }
        }
    }
    if problems.is_empty() {
        outln!("prettier leaves all {checked} generated cards as they are");
        Ok(())
    } else {
        Err(Failure::Failed(Some(problems.join("\n"))))
    }
}

/// The lines that differ, `-` ours and `+` prettier's.
fn similar_lines(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut out = String::new();
    for line in a.iter().filter(|l| !b.contains(l)) {
        out.push_str(&format!("  - {line}\n"));
    }
    for line in b.iter().filter(|l| !a.contains(l)) {
        out.push_str(&format!("  + {line}\n"));
    }
    out
}
