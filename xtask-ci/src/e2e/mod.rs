//! `cargo xtask e2e codex|prettier|typescript|taplo`: the checks with real outside tools, each
//! `e2e/<target>/run.sh`. `codex` installs the pinned Codex CLI, exports, and has the CLI load the
//! file; `prettier` formats the generated pages with the pinned prettier; `typescript`
//! type-checks consumers of the JSON export against the generated declarations with the pinned
//! `tsc`; `taplo` lints the catalog and a broken copy with the schemas in `schema/`. The
//! comparisons the scripts ask for are here.

use std::path::Path;
use std::process::Command;

use std::collections::BTreeSet;

use codex_catalog::Catalog;
use codex_catalog::diagnostic::SourceText;
use codex_catalog::export::codex_cli;
use codex_catalog::import;
use codex_catalog::render::{html, mdx};

use crate::flags::E2eTarget;
use crate::{Failure, dom, repo};

pub fn run(target: E2eTarget) -> Result<(), Failure> {
    let target = match target {
        E2eTarget::Codex => "codex",
        E2eTarget::Prettier => "prettier",
        E2eTarget::Typescript => "typescript",
        E2eTarget::Taplo => "taplo",
        E2eTarget::Chromium => "chromium",
    };
    let root = repo::root()?;
    let script = root.join(format!("e2e/{target}/run.sh"));
    let status =
        Command::new("bash").arg(&script).current_dir(&root).status().map_err(|e| Failure::io("run", &script, e))?;
    if status.success() { Ok(()) } else { Err(Failure::Failed(None)) }
}

pub fn verify(exported: &Path, printed: &Path) -> Result<(), Failure> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| Failure::io("read", p, e));
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

/// The real catalog (`catalog`) and every fixture catalog (`fixture-<name>`), validated.
fn catalogs() -> Result<Vec<(String, Catalog)>, Failure> {
    let root = repo::root()?;
    let mut paths = vec![("catalog".to_string(), root.join("catalog"))];
    let fixtures = root.join("tests/fixtures/catalogs");
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)?.filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    names.sort();
    for name in names {
        let name = name.to_string_lossy().into_owned();
        paths.push((format!("fixture-{name}"), fixtures.join(&name)));
    }
    paths.into_iter().map(|(name, path)| Ok((name, crate::validate::load_valid(&path)?))).collect()
}

/// Write the page of the real catalog (`catalog.mdx`) and of every fixture catalog
/// (`fixture-<name>.mdx`) into `dir`.
pub fn pages(dir: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(dir)?;
    for (name, catalog) in catalogs()? {
        std::fs::write(dir.join(format!("{name}.mdx")), mdx::render(&catalog))?;
    }
    Ok(())
}

/// The fixture whose catalog `compare.html` puts beside the real one.
const COMPARED_FIXTURE: &str = "fixture-page-2026-04-03";

/// Write, for the real catalog and every fixture, the preview (`<name>.html`) and the page it
/// shows (`<name>.mdx`); and `compare.html`, the real catalog beside the 2026-04-03 fixture, with
/// `compare.expected` (the slugs added and removed, one `added SLUG`/`removed SLUG` a line).
pub fn previews(dir: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(dir)?;
    let catalogs = catalogs()?;
    for (name, catalog) in &catalogs {
        std::fs::write(dir.join(format!("{name}.mdx")), mdx::render(catalog))?;
        std::fs::write(dir.join(format!("{name}.html")), html::render(catalog))?;
    }
    let find = |n: &str| catalogs.iter().find(|(name, _)| name == n).map(|(_, c)| c);
    let (Some(old), Some(new)) = (find(COMPARED_FIXTURE), find("catalog")) else {
        return Err(Failure::Usage(format!("no {COMPARED_FIXTURE} fixture to compare with")));
    };
    std::fs::write(dir.join("compare.html"), html::render_compare(old, new, COMPARED_FIXTURE, "catalog"))?;
    let slugs = |c: &Catalog| -> BTreeSet<String> {
        c.sections().iter().flat_map(|s| c.section_models(s)).map(|m| m.slug().to_string()).collect()
    };
    let (before, after) = (slugs(old), slugs(new));
    let mut expected = String::new();
    for slug in after.difference(&before) {
        expected.push_str(&format!("added {slug}\n"));
    }
    for slug in before.difference(&after) {
        expected.push_str(&format!("removed {slug}\n"));
    }
    std::fs::write(dir.join("compare.expected"), expected)?;
    Ok(())
}

/// Check the DOM a browser made of each preview in `dir` (`<name>.dom`, from `previews`): one
/// card per card of the page `<name>.mdx` (as the importer reads it), in its order, each with
/// that card's slug, name, description and features; nothing that loads from anywhere; and in
/// `compare.dom`, the added and removed cards of `compare.expected`.
pub fn dom(dir: &Path) -> Result<(), Failure> {
    let mut problems = Vec::new();
    let (mut pages, mut cards) = (0, 0);
    let mut names: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "dom") && p.with_extension("mdx").is_file())
        .collect();
    names.sort();
    for path in names {
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let tree = read_dom(&path)?;
        let page_text = std::fs::read_to_string(path.with_extension("mdx"))?;
        let page = import::parse_page(&SourceText::new(format!("{name}.mdx"), page_text))
            .map_err(|_| Failure::Failed(Some(format!("{name}.mdx: the importer cannot read the page"))))?;
        let expected: Vec<&import::PageCard> = page.cards().collect();
        let articles = find(&tree, &|n| n.name() == "article" && n.has_class("card"));
        pages += 1;
        cards += articles.len();
        if articles.len() != expected.len() {
            problems.push(format!(
                "{name}: the page has {} cards, the browser's DOM {}",
                expected.len(),
                articles.len()
            ));
            continue;
        }
        for (card, article) in expected.iter().zip(&articles) {
            problems.extend(card_problems(card, article).into_iter().map(|p| format!("{name}: {p}")));
        }
        problems.extend(loads(&tree).into_iter().map(|p| format!("{name}: {p}")));
    }
    let compare = dir.join("compare.dom");
    if compare.is_file() {
        let tree = read_dom(&compare)?;
        let expected = std::fs::read_to_string(dir.join("compare.expected"))?;
        for change in ["added", "removed"] {
            let want: BTreeSet<&str> = expected.lines().filter_map(|l| l.strip_prefix(&format!("{change} "))).collect();
            let got: Vec<&dom::Node> = find(&tree, &|n| n.name() == "article" && n.has_class(change));
            let got: BTreeSet<&str> = got.iter().filter_map(|a| a.attr("data-slug")).collect();
            if got != want {
                problems.push(format!("compare: cards marked {change}: {got:?}, expected {want:?}"));
            }
            let count = find(&tree, &|n| n.attr("data-summary") == Some(change));
            if count.first().map(|n| n.text()) != Some(want.len().to_string()) {
                problems.push(format!("compare: the summary's {change} count is not {}", want.len()));
            }
        }
        problems.extend(loads(&tree).into_iter().map(|p| format!("compare: {p}")));
        pages += 1;
    }
    if pages == 0 {
        return Err(Failure::Failed(Some(format!("no <name>.dom beside a <name>.mdx in {}", dir.display()))));
    }
    if problems.is_empty() {
        outln!(
            "the browser's DOM of {pages} previews holds each of their {cards} cards with its facts, and loads nothing"
        );
        Ok(())
    } else {
        Err(Failure::Failed(Some(problems.join("\n"))))
    }
}

fn read_dom(path: &Path) -> Result<Vec<dom::Node>, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::io("read", path, e))?;
    dom::parse(&text).map_err(|e| Failure::Failed(Some(format!("{}: not a DOM a browser writes: {e}", path.display()))))
}

fn find<'a>(tree: &'a [dom::Node], keep: &dyn Fn(&dom::Node) -> bool) -> Vec<&'a dom::Node> {
    let mut out = Vec::new();
    for node in tree {
        node.find(keep, &mut out);
    }
    out
}

/// How a card of the browser's DOM differs from the page's card.
fn card_problems(card: &import::PageCard, article: &dom::Node) -> Vec<String> {
    let slug = card.text("slug").unwrap_or_default();
    let tree = std::slice::from_ref(article);
    let fact = |key: &str| find(tree, &|n| n.attr("data-fact") == Some(key)).first().map(|n| n.text());
    let mut problems = Vec::new();
    let expect = |what: &str, got: Option<String>, want: &str, problems: &mut Vec<String>| {
        if got.as_deref() != Some(want) {
            problems.push(format!("card `{slug}`: its {what} is {got:?} in the DOM, {want:?} on the page"));
        }
    };
    expect("data-slug", article.attr("data-slug").map(String::from), slug, &mut problems);
    expect("slug", fact("slug"), slug, &mut problems);
    expect("name", fact("name"), card.text("name").unwrap_or(slug), &mut problems);
    expect("description", fact("description"), card.text("description").unwrap_or_default(), &mut problems);
    let features: Vec<(String, String)> = find(tree, &|n| n.has_class("feature"))
        .iter()
        .map(|f| {
            let title =
                find(std::slice::from_ref(*f), &|n| n.name() == "dt").first().map(|n| n.text()).unwrap_or_default();
            (title, f.attr("data-value").unwrap_or_default().to_string())
        })
        .collect();
    let wanted: Vec<(String, String)> = card
        .features
        .iter()
        .map(|f| match f {
            import::PageFeature::Rating { title, count, .. } => (title.clone(), format!("{count} of ")),
            import::PageFeature::Flag { title, value } => {
                (title.clone(), if *value { "yes" } else { "no" }.to_string())
            }
        })
        .collect();
    let same = features.len() == wanted.len()
        && features
            .iter()
            .zip(&wanted)
            .all(|((t, v), (wt, wv))| t == wt && (v == wv || (wv.ends_with(" of ") && v.starts_with(wv.as_str()))));
    if !same {
        problems.push(format!("card `{slug}`: its features are {features:?} in the DOM, {wanted:?} on the page"));
    }
    problems
}

/// What in a DOM would load from somewhere: scripts, frames, images, stylesheets, any `src`.
fn loads(tree: &[dom::Node]) -> Vec<String> {
    let loading = ["script", "img", "iframe", "link", "object", "embed", "video", "audio", "source"];
    let found = find(tree, &|n| loading.contains(&n.name()) || n.attr("src").is_some() || n.attr("srcset").is_some());
    found.iter().map(|n| format!("a <{}> that loads {:?}", n.name(), n.attr("src").or(n.attr("href")))).collect()
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
