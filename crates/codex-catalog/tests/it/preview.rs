//! The HTML preview (`render::html`) without a browser: one card per card of the page, text
//! that stays text, nothing loaded, and a comparison that marks what changed. (`cargo ci e2e
//! chromium` checks the same pages in a real browser.)

use crate::common;

use codex_catalog::Catalog;
use codex_catalog::diagnostic::SourceText;
use codex_catalog::import;
use codex_catalog::render::{html, mdx};
use codex_catalog::validate::validate_dir;
use common::{fixture, root};

const FIXTURES: [&str; 6] = ["minimal", "seed-000", "page-2026-04-03", "hostile", "diff-001-old", "diff-001-new"];

fn load(dir: &std::path::Path) -> Catalog {
    let outcome = validate_dir(dir).unwrap();
    outcome.catalog.unwrap_or_else(|| panic!("{}: {:#?}", dir.display(), outcome.diagnostics))
}

/// What the page loads from elsewhere: nothing, and a policy that forbids it.
fn assert_loads_nothing(page: &str, name: &str) {
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none'"), "{name}");
    for needle in [" src=", "<script", "<link", "<img", "<iframe", "url(", "@import", "srcset"] {
        assert!(!page.contains(needle), "{name}: the preview holds {needle:?}");
    }
}

#[test]
fn the_preview_has_one_card_per_card_of_the_page_as_text_and_loads_nothing() {
    let mut catalogs = vec![("catalog".to_string(), load(&root().join("catalog")))];
    catalogs.extend(FIXTURES.iter().map(|n| (n.to_string(), load(&fixture(n)))));
    for (name, c) in &catalogs {
        let page = html::render(c);
        assert_eq!(page, html::render(c), "{name}: not deterministic");
        assert!(page.ends_with("</html>\n") && !page.contains('\r'), "{name}");
        common::only_known_tags(&page).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_loads_nothing(&page, name);
        // The cards of the page, as the importer reads docs/models.mdx, in order.
        let mdx = mdx::render(c);
        let parsed = import::parse_page(&SourceText::new("models.mdx".into(), mdx)).unwrap();
        let slugs: Vec<&str> = parsed.cards().map(|card| card.text("slug").unwrap()).collect();
        let drawn: Vec<&str> = page
            .split("<article class=\"card")
            .skip(1)
            .map(|a| a.split("data-slug=\"").nth(1).unwrap().split('"').next().unwrap())
            .collect();
        assert_eq!(drawn, slugs, "{name}");
        for card in parsed.cards() {
            let description = html::esc(card.text("description").unwrap_or_default());
            assert!(page.contains(&format!("data-fact=\"description\">{description}</p>")), "{name}: {description}");
        }
    }
}

#[test]
fn hostile_text_stays_text() {
    let page = html::render(&load(&fixture("hostile")));
    assert!(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(page.contains("<dt>&lt;b&gt;Speed&lt;/b&gt;</dt>"));
}

#[test]
fn links_keep_only_safe_addresses() {
    let dir = common::copy_fixture("page-2026-04-03");
    let template = dir.path().join("page.mdx");
    let text = std::fs::read_to_string(&template).unwrap();
    // An unsafe link does not get as far as the preview: validation refuses it (`url`).
    let bad = "\n\nSee [bad](javascript:alert(1)).\n";
    std::fs::write(&template, format!("{text}{bad}")).unwrap();
    let outcome = validate_dir(dir.path()).unwrap();
    assert!(outcome.catalog.is_none());
    assert!(
        outcome.diagnostics.iter().any(|d| d.rule == codex_catalog::diagnostic::Rule::Url),
        "{:#?}",
        outcome.diagnostics
    );
    let prose = "\n\nSee [the docs](https://example.com/a?b=1&c=2) and [here](#top).\n";
    std::fs::write(&template, format!("{text}{prose}")).unwrap();
    let page = html::render(&load(dir.path()));
    assert!(page.contains("<a href=\"https://example.com/a?b=1&amp;c=2\">the docs</a>"), "{page}");
    assert!(page.contains("<a href=\"#top\">here</a>"));
}

#[test]
fn the_comparison_marks_added_removed_and_changed_cards_and_facts() {
    let old_dir = common::copy_fixture("page-2026-04-03");
    let new_dir = common::copy_fixture("page-2026-04-03");
    let edit_in = |dir: &std::path::Path, file: &str, from: &str, to: &str| {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let edit = |file: &str, from: &str, to: &str| edit_in(new_dir.path(), file, from, to);
    // gpt-5.4-mini gets a new speed, gpt-5.3-codex leaves the page, gpt-5 (on no page before)
    // joins the first section, gpt-5.1 moves to the first section with its card the same.
    edit_in(old_dir.path(), "catalog.toml", ", \"gpt-5-codex-mini\", \"gpt-5\"]", ", \"gpt-5-codex-mini\"]");
    let mini = std::fs::read_to_string(new_dir.path().join("models/gpt-5.4-mini.toml")).unwrap();
    let speed = mini.lines().find(|l| l.starts_with("speed = ")).unwrap().to_string();
    edit("models/gpt-5.4-mini.toml", &speed, "speed = 1");
    edit(
        "catalog.toml",
        "models = [\"gpt-5.4\", \"gpt-5.4-mini\", \"gpt-5.3-codex\", \"gpt-5.3-codex-spark\"]",
        "models = [\"gpt-5.4\", \"gpt-5.4-mini\", \"gpt-5.3-codex-spark\", \"gpt-5\", \"gpt-5.1\"]",
    );
    edit("catalog.toml", ", \"gpt-5-codex-mini\", \"gpt-5\"]", ", \"gpt-5-codex-mini\"]");
    edit("catalog.toml", "\"gpt-5.1-codex-max\", \"gpt-5.1\", ", "\"gpt-5.1-codex-max\", ");
    let (old, new) = (load(old_dir.path()), load(new_dir.path()));
    let page = html::render_compare(&old, &new, "main", "catalog");
    common::only_known_tags(&page).unwrap();
    assert_loads_nothing(&page, "compare");
    let article = |side: &str, slug: &str| -> String {
        let start = page.find(&format!("id=\"{side}-card-{slug}\"")).unwrap_or_else(|| panic!("{side} {slug}"));
        let open = page[..start].rfind("<article").unwrap();
        let end = page[open..].find("</article>").unwrap();
        page[open..open + end].to_string()
    };
    // Both sides draw their pages whole.
    assert_eq!(page.matches("<article class=\"card").count(), 11 + 11);
    let mini_new = article("new", "gpt-5.4-mini");
    assert!(mini_new.starts_with("<article class=\"card changed\""), "{mini_new}");
    assert!(mini_new.contains("class=\"feature rating changed-fact\" data-fact=\"speed\" data-value=\"1 of 5\""));
    assert!(!mini_new.contains("changed-fact\" data-fact=\"capability\""), "{mini_new}");
    assert!(article("old", "gpt-5.4-mini").contains("changed-fact\" data-fact=\"speed\""));
    assert!(article("new", "gpt-5").starts_with("<article class=\"card added\""));
    // gpt-5.1 moved sections only: its card is the same, so it is not marked.
    assert!(article("new", "gpt-5.1").starts_with("<article class=\"card\""));
    assert!(article("old", "gpt-5.1").starts_with("<article class=\"card\""));
    assert!(article("old", "gpt-5.3-codex").starts_with("<article class=\"card removed\""));
    assert!(article("old", "gpt-5.4").starts_with("<article class=\"card\""));
    assert!(page.contains("<span data-summary=\"added\">1</span> added"));
    assert!(page.contains("<span data-summary=\"removed\">1</span> removed"));
    assert!(page.contains("<span data-summary=\"changed\">1</span> changed"));
    assert!(page.contains("<a href=\"#new-card-gpt-5.4-mini\">gpt-5.4-mini</a>: Speed</li>"), "{page}");
    // Nothing differs: nothing is marked.
    let same = html::render_compare(&old, &old, "a", "b");
    assert!(!same.contains("card changed") && !same.contains("card added") && !same.contains("card removed"));
    assert!(same.contains("<li>no card differs</li>"));
}

/// The preview shows the CLI's picker (listed models by priority, the default effort in
/// brackets), and the comparison lists what changed in the CLI's catalog.
#[test]
fn the_preview_shows_the_cli_picker_and_its_changes() {
    let old = load(&fixture("minimal"));
    let page = codex_catalog::render::html::render(&old);
    let picker = &page[page.find("<section class=\"codex\">").expect("a picker section")..];
    let (a2, a1) = (picker.find("data-slug=\"alpha-2\"").unwrap(), picker.find("data-slug=\"alpha-1\"").unwrap());
    assert!(a2 < a1, "by priority");
    assert!(picker.contains("low [medium]"), "{picker}");
    let dir = common::copy_fixture("minimal");
    let file = dir.path().join("models/alpha-2.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("context_window = 200000", "context_window = 400000")).unwrap();
    let new = load(dir.path());
    let compared = codex_catalog::render::html::render_compare(&old, &new, "HEAD", "catalog");
    assert!(compared.contains("<code>alpha-2</code> codex.context_window: 200000 → 400000"), "no CLI change listed");
    // Without a CLI change, no list.
    let same = codex_catalog::render::html::render_compare(&old, &old, "HEAD", "catalog");
    assert!(!same.contains("codex-changes"));
}
