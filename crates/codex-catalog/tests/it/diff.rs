//! The semantic diff between consecutive versions of the page, stated change by change.

use crate::common;

use codex_catalog::Catalog;
use codex_catalog::diff::{Changelog, FactChange, Move, diff, render_json, render_markdown};
use codex_catalog::validate::validate_dir;
use common::fixture;
use serde_json::{Value, json};

fn catalog(name: &str) -> Catalog {
    validate_dir(&fixture(name)).unwrap().catalog.unwrap()
}

fn mv(slug: &str, from: Option<&str>, to: Option<&str>) -> Move {
    Move { slug: slug.into(), from: from.map(String::from), to: to.map(String::from) }
}

fn fact(subject: &str, field: &str, old: Option<Value>, new: Option<Value>) -> FactChange {
    FactChange { subject: subject.into(), field: field.into(), old, new }
}

fn texts(log: &Changelog) -> Vec<(String, String)> {
    log.texts.iter().map(|t| (t.subject.clone(), t.field.clone())).collect()
}

/// Seed 000 (late 2025) → the left-hand side of the rendered diff.
#[test]
fn seed_000_to_the_older_side_of_the_diff() {
    let (old, new) = (catalog("seed-000"), catalog("diff-001-old"));
    let log = diff(&old, &new);
    assert_eq!(log.models_added, ["gpt-5.3-codex", "gpt-5.3-codex-spark"]);
    assert!(log.models_removed.is_empty());
    assert_eq!(
        log.moved,
        [
            mv("gpt-5.1-codex-max", Some("recommended"), Some("alternative")),
            mv("gpt-5.1-codex-mini", Some("recommended"), None),
        ]
    );
    assert!(log.reordered.is_empty());
    // The IDE surface is relabelled.
    assert_eq!(
        log.surfaces,
        [fact(
            "surface:codex_ide_extension",
            "label",
            Some(json!("Codex IDE Extension")),
            Some(json!("Codex app & IDE extension"))
        )]
    );
    // The example model changes; the default stays gpt-5.2.
    assert_eq!(
        log.catalog,
        [fact("catalog", "example_model", Some(json!("gpt-5.1-codex-mini")), Some(json!("gpt-5.3-codex")))]
    );
    assert_eq!(texts(&log), [("gpt-5.2-codex".into(), "description".into()), ("gpt-5.1".into(), "description".into())]);
    assert_eq!(log.texts[1].old, "Great for for coding and agentic tasks across domains.");
    // Ratings and flags were lost by the rendering: no longer known, never "changed".
    assert!(log.ratings.is_empty() && log.availability.is_empty() && log.successors.is_empty());
    assert!(log.no_longer_known.contains(&fact("gpt-5.2-codex", "capability", Some(json!(5)), None)));
    assert!(log.no_longer_known.contains(&fact("catalog", "cloud_model", Some(json!("gpt-5.1-codex")), None)));
    assert!(log.newly_known.contains(&fact("gpt-5.2-codex", "succeeded_by", None, Some(json!("gpt-5.3-codex")))));
}

/// The two sides of the rendered diff.
#[test]
fn the_two_sides_of_the_diff() {
    let (old, new) = (catalog("diff-001-old"), catalog("diff-001-new"));
    let log = diff(&old, &new);
    // gpt-5.4 and gpt-5.4-mini join the recommended section.
    assert_eq!(log.models_added, ["gpt-5.4", "gpt-5.4-mini"]);
    assert!(
        log.models_added.iter().all(|s| new.section_of(new.model(s).unwrap()).map(|s| s.id()) == Some("recommended"))
    );
    // Seven models leave the page; gpt-5.2 stays the one alternative.
    let left: Vec<&str> = log.moved.iter().filter(|m| m.to.is_none()).map(|m| m.slug.as_str()).collect();
    assert_eq!(
        left,
        ["gpt-5", "gpt-5-codex", "gpt-5-codex-mini", "gpt-5.1", "gpt-5.1-codex", "gpt-5.1-codex-max", "gpt-5.2-codex"]
    );
    assert_eq!(log.moved.len(), 7);
    assert!(log.models_removed.is_empty(), "models leave the page, not the catalog");
    // The new default model, and the example.
    assert_eq!(
        log.catalog,
        [
            fact("catalog", "default_model", Some(json!("gpt-5.2")), Some(json!("gpt-5.4"))),
            fact("catalog", "example_model", Some(json!("gpt-5.3-codex")), Some(json!("gpt-5.4"))),
        ]
    );
    // gpt-5.2's new description, gpt-5.3-codex's, and the guidance.
    assert_eq!(
        texts(&log),
        [
            ("gpt-5.3-codex".into(), "description".into()),
            ("gpt-5.2".into(), "description".into()),
            ("section:recommended".into(), "guidance".into()),
        ]
    );
    assert_eq!(
        log.texts[1].new,
        "Previous general-purpose model for coding and agentic tasks, including hard debugging tasks that benefit from deeper deliberation."
    );
    assert!(log.surfaces.is_empty() && log.sections.is_empty() && log.ratings.is_empty() && log.reordered.is_empty());
    assert!(log.newly_known.is_empty() && log.no_longer_known.is_empty());

    let md = render_markdown(&log, &old, &new, "old", "new");
    assert!(md.contains("- `gpt-5.4` (Recommended models)"), "{md}");
    assert!(md.contains("- `gpt-5.2-codex`: Recommended models → not on the page"), "{md}");
    assert!(md.contains("- default model: `gpt-5.2` → `gpt-5.4`"), "{md}");
    assert!(
        md.contains(
            "- `gpt-5.2` description: ~~Our best general~~ **Previous general-purpose model for coding and** agentic"
        ),
        "{md}"
    );
    let value: Value = serde_json::from_str(&render_json(&log)).unwrap();
    assert_eq!(value["models_added"], json!(["gpt-5.4", "gpt-5.4-mini"]));
    assert_eq!(value["texts"][1]["words"][0], json!({"op": "delete", "text": "Our best general"}));
}

#[test]
fn a_catalog_against_itself_has_no_changes() {
    let c = catalog("page-2026-04-03");
    let log = diff(&c, &c);
    assert!(log.is_empty());
    assert!(render_markdown(&log, &c, &c, "a", "b").ends_with("No changes.\n"));
}

#[test]
fn ratings_availability_status_and_successors_are_reported_in_their_groups() {
    let dir = common::copy_fixture("minimal");
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit("models/alpha-2.toml", "capability = 5", "capability = 4");
    edit("models/alpha-2.toml", "api = false", "api = true");
    edit("models/alpha-1.toml", "succeeded_by = \"alpha-2\"", "");
    edit("models/alpha-0.toml", "kind = \"deprecated\"", "kind = \"retired\"");
    edit("catalog.toml", "models = [\"alpha-2\", \"alpha-1\"]", "models = [\"alpha-1\", \"alpha-2\"]");
    edit("catalog.toml", "label = \"API\"", "label = \"API access\"");
    let (old, new) = (catalog("minimal"), validate_dir(dir.path()).unwrap().catalog.unwrap());
    let log = diff(&old, &new);
    assert_eq!(log.ratings, [fact("alpha-2", "capability", Some(json!(5)), Some(json!(4)))]);
    assert_eq!(log.availability, [fact("alpha-2", "api", Some(json!(false)), Some(json!(true)))]);
    assert_eq!(log.status, [fact("alpha-0", "status", Some(json!("deprecated")), Some(json!("retired")))]);
    assert_eq!(log.no_longer_known, [fact("alpha-1", "succeeded_by", Some(json!("alpha-2")), None)]);
    assert_eq!(log.reordered.len(), 1);
    assert_eq!(log.reordered[0].new, ["alpha-1", "alpha-2"]);
    assert_eq!(log.surfaces, [fact("surface:api", "label", Some(json!("API")), Some(json!("API access")))]);
    let md = render_markdown(&log, &old, &new, "a", "b");
    assert!(md.contains("- `alpha-2` on API access: ✗ → ✓"), "{md}");
}

/// One edit (gpt-5.4 gets a successor) moves the upgrade target of every model whose chain ends
/// at gpt-5.4: those are listed apart, as derived, not as edits.
#[test]
fn derived_changes_are_listed_apart_from_edits() {
    let old = catalog("page-2026-04-03");
    let dir = common::copy_fixture("page-2026-04-03");
    let file = dir.path().join("models/gpt-5.4.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("speed = 3\n", "speed = 3\nsucceeded_by = \"gpt-5.4-mini\"\n", 1)).unwrap();
    let new = validate_dir(dir.path()).unwrap().catalog.unwrap();
    let log = diff(&old, &new);
    assert_eq!(log.newly_known, [fact("gpt-5.4", "succeeded_by", None, Some(json!("gpt-5.4-mini")))]);
    for slug in ["gpt-5", "gpt-5.1", "gpt-5.2"] {
        let moved = fact(slug, "upgrade_to", Some(json!("gpt-5.4")), Some(json!("gpt-5.4-mini")));
        assert!(log.derived.contains(&moved), "{slug}: {:#?}", log.derived);
    }
    assert!(log.derived.contains(&fact("gpt-5.4", "upgrade_to", None, Some(json!("gpt-5.4-mini")))));
    let md = render_markdown(&log, &old, &new, "a", "b");
    assert!(md.contains("### Derived from the changes above"), "{md}");
    assert!(md.contains("- `gpt-5.4` upgrade to: none → `gpt-5.4-mini`"), "{md}");
}

/// An edit of one file of a catalog: `(file, from, to)`.
type Edit = (&'static str, &'static str, &'static str);

/// An edit that deletes the file.
const DELETE: &str = "<delete the file>";

/// One edit of the `minimal` fixture per group of the [`Changelog`]: the group it must land in,
/// the other groups it may touch (what follows from it), a word the group's entry names, and the
/// edit (`file`, `from`, `to`: `from` replaced by `to`; `from` empty writes `to` as the whole file,
/// [`DELETE`] deletes it).
const EVERY_KIND_OF_CHANGE: &[(&str, &[&str], &str, Edit)] = &[
    (
        "models_added",
        &[],
        "alpha-3",
        ("models/alpha-3.toml", "", "name = \"alpha-3\"\n\n[sources]\ndefault = \"doc\"\n"),
    ),
    ("models_removed", &[], "alpha-0", ("models/alpha-0.toml", DELETE, "")),
    ("moved", &[], "alpha-1", ("catalog.toml", "models = [\"alpha-2\", \"alpha-1\"]", "models = [\"alpha-2\"]")),
    ("reordered", &[], "main", ("catalog.toml", "[\"alpha-2\", \"alpha-1\"]", "[\"alpha-1\", \"alpha-2\"]")),
    ("surfaces", &[], "surface:api", ("catalog.toml", "label = \"API\"", "label = \"API access\"")),
    ("sections", &[], "section:main", ("catalog.toml", "title = \"Main models\"", "title = \"Primary models\"")),
    ("catalog", &[], "default_model", ("catalog.toml", "default_model = \"alpha-2\"", "default_model = \"alpha-1\"")),
    ("status", &[], "alpha-0", ("models/alpha-0.toml", "kind = \"deprecated\"", "kind = \"retired\"")),
    (
        "successors",
        &["derived"],
        "alpha-0",
        ("models/alpha-0.toml", "succeeded_by = \"alpha-1\"", "succeeded_by = \"alpha-2\""),
    ),
    ("ratings", &[], "alpha-2", ("models/alpha-2.toml", "capability = 5", "capability = 4")),
    ("availability", &[], "alpha-2", ("models/alpha-2.toml", "api = false", "api = true")),
    ("details", &[], "wallpaper_url", ("models/alpha-2.toml", "alpha-2.png", "alpha-2.jpg")),
    (
        "codex",
        &[],
        "codex.context_window",
        ("models/alpha-2.toml", "context_window = 200000", "context_window = 400000"),
    ),
    ("texts", &[], "alpha-1", ("models/alpha-1.toml", "An older test model.", "An old test model.")),
    ("newly_known", &[], "alpha-0", ("models/alpha-0.toml", "succeeded_by", "capability = 2\nsucceeded_by")),
    ("no_longer_known", &[], "alpha-1", ("models/alpha-1.toml", "speed = 4\n", "")),
    ("derived", &["no_longer_known"], "display_name", ("models/alpha-2.toml", "prose_name = \"Alpha-2\"\n", "")),
    (
        "page_text",
        &[],
        "A sentence of the page",
        ("page.mdx", "", "# {/* catalog:title */}\n\nA sentence of the page.\n\n{/* catalog:section main */}\n"),
    ),
];

/// Every kind of change the [`Changelog`] reports is found, in its own group. The groups are
/// read from the changelog itself, so a group added without a case here fails the test.
#[test]
fn every_kind_of_change_lands_in_its_group() {
    let old = catalog("minimal");
    let empty = serde_json::to_value(Changelog::default()).unwrap();
    let groups: Vec<&String> = empty.as_object().unwrap().keys().collect();
    for group in &groups {
        assert!(EVERY_KIND_OF_CHANGE.iter().any(|(g, ..)| g == group), "no case for the group `{group}`");
    }
    for (group, also, names, (file, from, to)) in EVERY_KIND_OF_CHANGE {
        assert!(groups.iter().any(|g| g == group), "`{group}` is no group of the changelog");
        let dir = common::copy_fixture("minimal");
        let path = dir.path().join(file);
        match *from {
            "" => std::fs::write(&path, to).unwrap(),
            DELETE => std::fs::remove_file(&path).unwrap(),
            _ => {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(text.contains(from), "{group}: `{from}` is not in {file}");
                std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
            }
        }
        let outcome = validate_dir(dir.path()).unwrap();
        let new = outcome.catalog.unwrap_or_else(|| panic!("{group}: {:#?}", outcome.diagnostics));
        let log = serde_json::to_value(diff(&old, &new)).unwrap();
        let touched: Vec<&String> =
            groups.iter().copied().filter(|g| log[g.as_str()].as_array().is_some_and(|a| !a.is_empty())).collect();
        let mut expected: Vec<&str> = also.iter().copied().chain([*group]).collect();
        expected.sort_unstable();
        let mut got: Vec<&str> = touched.iter().map(|g| g.as_str()).collect();
        got.sort_unstable();
        assert_eq!(got, expected, "{group}: {log:#}");
        assert!(log[group].to_string().contains(names), "{group} does not name `{names}`: {log:#}");
        assert!(diff(&new, &new).is_empty(), "{group}: the edited catalog against itself");
    }
}
