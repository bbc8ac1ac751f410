//! Import of Codex Models pages: the documents' versions as catalogs, refusal of broken pages,
//! the import → gen → import fixpoint, and the generated page carrying the source page's cards.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use codex_catalog::diagnostic::{Rule, SourceText};
use codex_catalog::generate::{self, MDX_PATH};
use codex_catalog::import::{self, PageAttr, PageCard};
use codex_catalog::load::relative_path;
use codex_catalog::write::{self, Mode};
use common::{copy_fixture, document, fixture, root};

fn read_dir_files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walk(dir) {
        let rel = entry.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
        out.insert(rel, std::fs::read_to_string(&entry).unwrap());
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files.sort();
    files
}

/// Import `page` into `dir` (written), as `cargo xtask import --yes` does.
fn import_into(page: &Path, dir: &Path) {
    let schema_dir = relative_path(dir, &root().join("schema"));
    let plan = import::plan(page, dir, &schema_dir, &Default::default()).unwrap_or_else(|d| panic!("{d:#?}"));
    write::apply(dir, &plan.files, Mode::Write, write::Durability::Flushed).unwrap();
}

#[test]
fn uncorrected_pages_are_refused_naming_both_cards_and_lines() {
    for (page, first, second) in [("seed-000.mdx", 279, 316), ("codex-models-2026-04-03.mdx", 362, 399)] {
        let dir = tempfile::tempdir().unwrap();
        let errors = import::plan(&document(page), dir.path(), "../schema", &Default::default()).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let e = &errors[0];
        assert_eq!(e.rule, Rule::DuplicateSlug);
        assert_eq!(e.line(), second);
        assert_eq!(
            e.message,
            format!(
                "two cards have the slug `gpt-5-codex`: `gpt-5-codex` on line {first} and `gpt-5-codex-mini` on line {second}"
            )
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing is written");
    }
}

/// The fixtures' pages differ from the documents by exactly the corrected slug.
#[test]
fn the_corrected_copies_differ_by_one_slug() {
    for (page, line) in [("seed-000", 319), ("codex-models-2026-04-03", 402)] {
        let original = std::fs::read_to_string(document(&format!("{page}.mdx"))).unwrap();
        let corrected = std::fs::read_to_string(document(&format!("{page}.corrected.mdx"))).unwrap();
        let diff: Vec<(usize, &str, &str)> = original
            .lines()
            .zip(corrected.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| (i + 1, a.trim(), b.trim()))
            .collect();
        assert_eq!(diff, [(line, "slug=\"gpt-5-codex\"", "slug=\"gpt-5-codex-mini\"")]);
        assert_eq!(original.lines().count(), corrected.lines().count());
    }
}

/// The committed fixture catalogs are exactly what importing the corrected pages gives.
#[test]
fn fixture_catalogs_are_fresh_imports() {
    for (page, name) in
        [("seed-000.corrected.mdx", "seed-000"), ("codex-models-2026-04-03.corrected.mdx", "page-2026-04-03")]
    {
        let committed = fixture(name);
        let schema_dir = relative_path(&committed, &root().join("schema"));
        let dir = tempfile::tempdir().unwrap();
        let plan = import::plan(&document(page), dir.path(), &schema_dir, &Default::default()).unwrap();
        write::apply(dir.path(), &plan.files, Mode::Write, write::Durability::Flushed).unwrap();
        assert_eq!(
            read_dir_files(dir.path()),
            read_dir_files(&committed),
            "{name}: re-import with `cargo xtask import`"
        );
    }
}

#[test]
fn import_gen_import_reaches_a_fixpoint() {
    for page in ["seed-000.corrected.mdx", "codex-models-2026-04-03.corrected.mdx"] {
        let first = tempfile::tempdir().unwrap();
        import_into(&document(page), first.path());
        let out = tempfile::tempdir().unwrap();
        let generated = generate::generate(first.path(), out.path(), Mode::Write).unwrap();
        assert!(generated.valid, "{:#?}", generated.diagnostics);
        // The same file name, so the second import records the same document.
        let again = out.path().join(page);
        std::fs::copy(out.path().join(MDX_PATH), &again).unwrap();
        let second = tempfile::tempdir().unwrap();
        import_into(&again, second.path());
        assert_eq!(read_dir_files(first.path()), read_dir_files(second.path()), "{page}");
    }
}

/// A card as a comparable value: attributes by name (order and whitespace do not matter), then
/// its features.
type CardKey = (BTreeMap<String, String>, Vec<String>);

/// A card as a comparable value: attributes by name (order and whitespace do not matter).
fn card_key(card: &PageCard) -> CardKey {
    let attrs = card
        .attributes
        .iter()
        .map(|(n, v)| {
            let v = match v {
                PageAttr::Bare | PageAttr::Bool(true) => "true".to_string(),
                PageAttr::Bool(false) => "false".to_string(),
                PageAttr::Text(t) => t.clone(),
                PageAttr::Expression(e) => e.clone(),
            };
            (n.clone(), v)
        })
        .collect();
    (attrs, card.features.iter().map(|f| format!("{f:?}")).collect())
}

fn cards_of(text: &str) -> Vec<(String, Vec<CardKey>)> {
    let page = import::parse_page(&SourceText::new("page.mdx".into(), text.into())).unwrap();
    page.sections.iter().map(|s| (s.title.clone(), s.cards.iter().map(card_key).collect())).collect()
}

/// Issue: given the catalog of a page version, the generated page carries the same cards, props
/// and feature values as that page, in the same order (whitespace aside; slug corrected).
#[test]
fn the_generated_page_carries_the_cards_of_the_page_it_came_from() {
    for (page, name) in
        [("seed-000.corrected.mdx", "seed-000"), ("codex-models-2026-04-03.corrected.mdx", "page-2026-04-03")]
    {
        let out = tempfile::tempdir().unwrap();
        let generated = generate::generate(&fixture(name), out.path(), Mode::Write).unwrap();
        assert!(generated.valid);
        let source = std::fs::read_to_string(document(page)).unwrap();
        let ours = std::fs::read_to_string(out.path().join(MDX_PATH)).unwrap();
        let (expected, actual) = (cards_of(&source), cards_of(&ours));
        assert_eq!(expected.iter().map(|s| s.1.len()).sum::<usize>(), if name == "seed-000" { 9 } else { 12 });
        assert_eq!(actual, expected, "{name}");
        // The snippets too.
        for snippet in ["model", "codex -m"] {
            let find = |t: &str| t.lines().find(|l| l.trim_start().starts_with(snippet)).map(|l| l.replace(' ', ""));
            assert_eq!(find(&ours), find(&source), "{snippet}");
        }
    }
}

#[test]
fn the_seed_catalog_has_the_seed_facts() {
    let catalog = codex_catalog::validate::validate_dir(&fixture("seed-000")).unwrap().catalog.unwrap();
    assert_eq!(catalog.file().default_model.as_deref(), Some("gpt-5.2"));
    assert_eq!(catalog.file().example_model.as_deref(), Some("gpt-5.1-codex-mini"));
    assert_eq!(catalog.file().cloud_model.as_deref(), Some("gpt-5.1-codex"));
    let labels: Vec<&str> = catalog.surfaces().iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Codex CLI & SDK", "Codex IDE Extension", "Codex Cloud", "ChatGPT Credits", "API Access"]);
    let m = catalog.model("gpt-5-codex-mini").unwrap();
    assert_eq!((m.data().capability, m.data().speed), (Some(2), Some(4)));
    assert_eq!(catalog.surface_by_id("api_access").and_then(|(id, _)| m.availability(id)), Some(false));
    assert_eq!(m.data().succeeded_by.as_deref(), Some("gpt-5.1-codex-mini"));
    assert!(!catalog.model("gpt-5.1").unwrap().data().card.client_load, "gpt-5.1's card has no client:load");
    assert_eq!(catalog.model("gpt-5.1-codex-max").unwrap().data().prose_name.as_deref(), Some("GPT-5.1-Codex-Max"));
}

fn plan_page(text: &str) -> Result<import::Plan, Vec<codex_catalog::diagnostic::Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.mdx");
    std::fs::write(&page, text).unwrap();
    let catalog = dir.path().join("catalog");
    let result = import::plan(&page, &catalog, "../schema", &Default::default());
    assert!(!catalog.exists(), "planning writes nothing");
    result
}

const CARD_OK: &str = r#"<ModelDetails
  name="m-1"
  slug="m-1"
  description="A model."
  data={{ features: [
    { title: "Capability", value: "", icons: ["i.Star", "i.Star"] },
    { title: "CLI", value: true },
  ] }}
/>"#;

fn page_with(cards: &str) -> String {
    format!(
        "# Models\n\n## Recommended models\n\n{cards}\n\n```toml\nmodel = \"m-1\"\n```\n\n```bash\ncodex -m m-1\n```\n"
    )
}

#[test]
fn a_small_page_imports() {
    let plan = plan_page(&page_with(CARD_OK)).unwrap();
    let m = plan.catalog.model("m-1").unwrap();
    assert_eq!(m.data().capability, Some(2));
    assert_eq!(m.data().speed, None);
    assert_eq!(plan.catalog.surface_by_id("cli").and_then(|(id, _)| m.availability(id)), Some(true));
}

#[test]
fn malformed_pages_give_located_errors() {
    let cases: [(&str, String, usize, &str); 5] = [
        ("unclosed card", page_with(&CARD_OK.replace("/>", "")), 0, "not valid MDX"),
        (
            "unknown icon",
            page_with(&format!("{CARD_OK}\n{}", CARD_OK.replace("m-1", "m-2").replace("\"i.Star\"]", "\"i.Moon\"]"))),
            19,
            "unknown icon `i.Moon`",
        ),
        (
            "non-boolean value",
            page_with(&CARD_OK.replace("value: true", "value: \"yes\"")),
            11,
            "`value` must be true or false, not \"yes\"",
        ),
        ("no slug", page_with(&CARD_OK.replace("  slug=\"m-1\"\n", "")), 5, "has no `slug`"),
        ("bad data", page_with(&CARD_OK.replace("features: [", "features: [[")), 5, "`data` is not an object literal"),
    ];
    for (what, text, line, message) in cases {
        let errors = plan_page(&text).expect_err(what);
        let hit = errors.iter().find(|e| e.message.contains(message));
        let hit = hit.unwrap_or_else(|| panic!("{what}: {errors:#?}"));
        if line > 0 {
            assert_eq!(hit.line(), line, "{what}: {hit:?}");
        } else {
            assert!(hit.line() > 1, "{what}: {hit:?}");
        }
    }
}

#[test]
fn unknown_attributes_are_kept_and_regenerated() {
    let card =
        CARD_OK.replace("  name=\"m-1\"", "  badge=\"New\"\n  featured\n  hidden={false}\n  order={3}\n  name=\"m-1\"");
    let plan = plan_page(&page_with(&card)).unwrap();
    let mdx = codex_catalog::render::mdx::render(&plan.catalog);
    for attr in ["badge=\"New\"", "\n  featured\n", "hidden={false}", "order={3}"] {
        assert!(mdx.contains(attr), "{attr} missing from:\n{mdx}");
    }
}

#[test]
fn merging_keeps_what_only_the_catalog_knows() {
    let dir = copy_fixture("seed-000");
    let page = document("codex-models-2026-04-03.corrected.mdx");
    let plan = import::plan(&page, dir.path(), "../schema", &Default::default()).unwrap();
    let c = &plan.catalog;
    // gpt-5.1-codex-mini is not on the 2026-04-03 page: kept as the seed had it.
    let mini = c.model("gpt-5.1-codex-mini").unwrap();
    assert_eq!(mini.section(), None);
    assert_eq!((mini.data().capability, mini.data().speed), (Some(3), Some(5)));
    assert_eq!(mini.data().sources.default, "seed-000-corrected");
    // What the page shows is updated and its source recorded.
    let m = c.model("gpt-5.1").unwrap();
    assert_eq!(m.data().description.as_deref(), Some("Great for coding and agentic tasks across domains."));
    assert_eq!(m.data().sources.get("description"), Some("codex-models-2026-04-03-corrected"));
    assert_eq!(c.file().default_model.as_deref(), Some("gpt-5.4"));
    // The relabelled surface is a label never seen: a new surface, the old one kept.
    assert!(c.surfaces().iter().any(|s| s.label == "Codex app & IDE extension"));
    assert!(c.surfaces().iter().any(|s| s.label == "Codex IDE Extension"));
    assert!(plan.files.iter().any(|f| f.path == "models/gpt-5.4.toml"));
    assert!(
        !plan.files.iter().any(|f| f.path == "models/gpt-5.1-codex-mini.toml"),
        "unchanged files are not rewritten"
    );
}

/// Found by `cargo ci fuzz import`: the `markdown` crate panics on an attribute value that ends
/// in an unterminated character reference. The import reports it instead of crashing.
#[test]
fn fuzz_regression_unterminated_character_reference() {
    for page in [
        "<ModelDetails a=\"x&g\" />\n".to_string(),
        std::fs::read_to_string(document("codex-models-2026-04-03.corrected.mdx")).unwrap().replacen(
            "gpt-5.4.jpg\"",
            "gpt-5.4.j&g\"",
            1,
        ),
    ] {
        let errors = import::parse_page(&SourceText::new("page.mdx".into(), page)).unwrap_err();
        assert_eq!(errors[0].rule, Rule::MdxSyntax, "{errors:#?}");
    }
}

#[test]
fn cards_in_a_titled_wrapper_belong_to_the_heading_before_it() {
    // A toggle section is how the page shows its cards, not a section of the catalog: the cards
    // follow the heading, the wrapper stays in the template as it is.
    let second = CARD_OK.replace("m-1", "m-2");
    let page = page_with(&format!("{CARD_OK}\n\n<ToggleSection title=\"Older models\">\n{second}\n</ToggleSection>"));
    let plan = plan_page(&page).unwrap();
    let sections: Vec<(&str, &str, Vec<&str>)> = plan
        .catalog
        .sections()
        .iter()
        .map(|s| (s.id(), s.title(), plan.catalog.section_models(s).map(|m| m.slug()).collect()))
        .collect();
    assert_eq!(sections, [("recommended", "Recommended models", vec!["m-1", "m-2"])]);
    let template = &plan.files.iter().find(|f| f.path == "page.mdx").unwrap().contents;
    assert!(
        template.contains("<ToggleSection title=\"Older models\">\n{/* catalog:card recommended */}\n</ToggleSection>"),
        "{template}"
    );
}

/// A card written before the page gained a surface shows fewer surfaces than the others: the
/// import keeps the card's own list, so the merged catalog has no `incomplete-card` warning
/// (the real 2026-09 page has four such cards) and the page is drawn as it was.
#[test]
fn a_card_showing_fewer_surfaces_keeps_its_list() {
    let old = r#"<ModelDetails
  name="m-2"
  slug="m-2"
  description="An older model."
  data={{ features: [
    { title: "Capability", value: "", icons: ["i.Star"] },
    { title: "Speed", value: "", icons: ["i.Flash"] },
    { title: "CLI", value: true },
  ] }}
/>"#;
    let new = CARD_OK.replace(
        r#"{ title: "CLI", value: true },"#,
        r#"{ title: "Speed", value: "", icons: ["i.Flash"] },
    { title: "CLI", value: true },
    { title: "Web", value: false },"#,
    );
    let plan = plan_page(&page_with(&format!("{new}\n\n{old}"))).unwrap();
    let warnings: Vec<&str> = plan.warnings.iter().map(|d| d.rule.id()).collect();
    assert!(!warnings.contains(&"incomplete-card"), "{:#?}", plan.warnings);
    let m2 = plan.catalog.model("m-2").unwrap();
    assert_eq!(m2.data().card.surfaces.as_deref(), Some(&["cli".to_string()][..]));
    assert_eq!(plan.catalog.model("m-1").unwrap().data().card.surfaces, None);
}

/// Issue 21, part 6: a feature title no surface has is proposed as a new surface, naming the
/// surfaces it may be: one no card shows any more, and ones whose label reads like it.
#[test]
fn a_proposed_surface_names_the_surfaces_it_may_be() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog");
    import_into(&document("codex-models-2026-07-28.mdx"), &catalog);
    // The September page, with `ChatGPT web` renamed on every card.
    let text = std::fs::read_to_string(document("codex-models-2026-09.mdx")).unwrap();
    let page = dir.path().join("codex-models-2026-09.mdx");
    std::fs::write(&page, text.replace("title: \"ChatGPT web\"", "title: \"ChatGPT in the browser\"")).unwrap();
    let plan = import::plan(&page, &catalog, "../schema", &Default::default()).unwrap();
    let said = |title: &str| plan.surfaces.iter().find(|m| m.title == title).unwrap().describe();
    let renamed = said("ChatGPT in the browser");
    assert!(renamed.contains("`chatgpt_web` (ChatGPT web, which no card shows any more)"), "{renamed}");
    let work = said("ChatGPT Work on the web");
    assert!(work.contains("--surface 'ChatGPT Work on the web=chatgpt_web'"), "{work}");
    let desktop = said("Work and Codex in the desktop app");
    assert!(desktop.contains("`chatgpt_desktop_app` (ChatGPT desktop app)"), "{desktop}");
}
