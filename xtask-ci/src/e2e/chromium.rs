//! `e2e chromium`: headless Chromium draws the preview of the real catalog and of every fixture
//! catalog (hostile texts included), and the DOM it makes of each holds one card per card of
//! that catalog's page, in order, with the card's slug, name, description and features, and
//! nothing that loads from anywhere; the comparison page marks the cards added and removed
//! between the 2026-04-03 fixture and the catalog. Screenshots of the catalog's preview and of
//! the comparison go to `target/preview/` (`CODEX_CATALOG_PREVIEW_OUT` moves them) for the CI
//! artifact; `CODEX_CATALOG_COMPARE_PAGE` names the comparison to draw (CI's base beside head). The browser is Debian's chromium unpacked into the cache ([`super::debian`]).

use std::collections::BTreeSet;
use std::path::Path;

use codex_catalog::Catalog;
use codex_catalog::diagnostic::SourceText;
use codex_catalog::import;
use codex_catalog::render::{html, mdx};
use xtask::Failure;

use crate::dom;

pub fn run(root: &Path) -> Result<(), Failure> {
    let browser = super::debian::chromium(root)?;
    outln!("{}", super::stdout_of(browser.command().arg("--version"))?.trim());
    let work = tempfile::tempdir()?;
    let dir = work.path();
    previews(root, dir)?;
    let entries = std::fs::read_dir(dir).map_err(|e| Failure::io("read", dir, e))?;
    let mut pages: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    pages.retain(|p| p.extension().is_some_and(|x| x == "html"));
    pages.sort();
    for page in &pages {
        let dump = super::stdout_of(browser.command().arg("--dump-dom").arg(url(page)))?;
        super::write(&page.with_extension("dom"), dump)?;
    }
    check_dom(dir)?;
    let out = match std::env::var_os("CODEX_CATALOG_PREVIEW_OUT").filter(|o| !o.is_empty()) {
        Some(out) => out.into(),
        None => root.join("target/preview"),
    };
    std::fs::create_dir_all(&out).map_err(|e| Failure::io("create", &out, e))?;
    // The comparison screenshot: the page CI's `preview --compare BASE` wrote (the pull
    // request's base beside its head), where one is named; else the fixture comparison.
    let compared = match std::env::var_os("CODEX_CATALOG_COMPARE_PAGE").filter(|p| !p.is_empty()) {
        Some(page) => {
            let page = std::path::PathBuf::from(page);
            let page = if page.is_absolute() { page } else { root.join(page) };
            if page.is_file() {
                page
            } else {
                // The preview step failed (an invalid catalog, reported elsewhere): draw the
                // fixture comparison rather than fail the browser check too.
                outln!("CODEX_CATALOG_COMPARE_PAGE: no page at {}; drawing the fixture comparison", page.display());
                dir.join("compare.html")
            }
        }
        None => dir.join("compare.html"),
    };
    for (page, width, shot) in [(dir.join("catalog.html"), 1280, "preview.png"), (compared, 1600, "compare.png")] {
        let mut cmd = browser.command();
        cmd.arg(format!("--window-size={width},2400")).arg(format!("--screenshot={}", out.join(shot).display()));
        super::stdout_of(cmd.arg(url(&page)))?;
    }
    let copy = out.join("preview.html");
    std::fs::copy(dir.join("catalog.html"), &copy).map_err(|e| Failure::io("write", &copy, e))?;
    outln!("screenshots: {}, {}", out.join("preview.png").display(), out.join("compare.png").display());
    Ok(())
}

/// The `file://` address of a file.
fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The fixture whose catalog `compare.html` puts beside the real one.
const COMPARED_FIXTURE: &str = "fixture-page-2026-04-03";

/// Write, for the real catalog and every fixture, the preview (`<name>.html`) and the page it
/// shows (`<name>.mdx`); and `compare.html`, the real catalog beside the 2026-04-03 fixture, with
/// `compare.expected` (the slugs added and removed, one `added SLUG`/`removed SLUG` a line).
fn previews(root: &Path, dir: &Path) -> Result<(), Failure> {
    let catalogs = super::catalogs(root)?;
    for (name, catalog) in &catalogs {
        super::write(&dir.join(format!("{name}.mdx")), mdx::render(catalog))?;
        super::write(&dir.join(format!("{name}.html")), html::render(catalog))?;
    }
    let find = |n: &str| catalogs.iter().find(|(name, _)| name == n).map(|(_, c)| c);
    let (Some(old), Some(new)) = (find(COMPARED_FIXTURE), find("catalog")) else {
        return Err(Failure::Usage(format!("no {COMPARED_FIXTURE} fixture to compare with")));
    };
    super::write(&dir.join("compare.html"), html::render_compare(old, new, COMPARED_FIXTURE, "catalog"))?;
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
    super::write(&dir.join("compare.expected"), expected)?;
    Ok(())
}

/// Check the DOM a browser made of each preview in `dir` (`<name>.dom`, from `previews`): one
/// card per card of the page `<name>.mdx` (as the importer reads it), in its order, each with
/// that card's slug, name, description and features; nothing that loads from anywhere; and in
/// `compare.dom`, the added and removed cards of `compare.expected`.
fn check_dom(dir: &Path) -> Result<(), Failure> {
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
        let page_text = super::read(&path.with_extension("mdx"))?;
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
        let expected = super::read(&dir.join("compare.expected"))?;
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
    let text = super::read(path)?;
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
