//! The real catalog in `catalog/`: valid, its generated files fresh, its schemas committed, and
//! its facts those of the documents.

use crate::common;

use codex_catalog::generate::{self, outputs};
use codex_catalog::schema;
use codex_catalog::schema::check::Validator;
use codex_catalog::validate::validate_dir;
use codex_catalog::write::{FileStatus, Mode};
use common::root;

/// The model files of the real catalog.
fn model_files() -> Vec<std::path::PathBuf> {
    let dir = root().join("catalog/models");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect()
}

#[test]
fn the_catalog_is_valid_with_warnings_denied() {
    let mut outcome = validate_dir(&root().join("catalog")).unwrap();
    outcome.deny_warnings();
    assert!(outcome.diagnostics.is_empty(), "{:#?}", outcome.diagnostics);
    // Every model file is a model of the catalog (counted from the folder, not pinned).
    assert_eq!(outcome.catalog.unwrap().models().len(), model_files().len());
}

/// `cargo test` fails when someone edits the catalog (or the generators) without running
/// `cargo xtask gen`, like `cargo xtask check` in CI.
#[test]
fn generated_files_are_up_to_date() {
    let generated = generate::generate(&root().join("catalog"), &root(), Mode::Check).unwrap();
    assert!(generated.valid, "{:#?}", generated.diagnostics);
    let stale: Vec<String> = generated
        .files
        .iter()
        .filter_map(|f| match &f.status {
            FileStatus::UpToDate => None,
            FileStatus::Changed { diff, .. } | FileStatus::Removed { diff } => Some(format!("{}\n{diff}", f.path)),
        })
        .collect();
    assert!(stale.is_empty(), "stale generated files; run `cargo xtask gen`:\n{}", stale.join("\n"));
    let catalog = validate_dir(&root().join("catalog")).unwrap().catalog.unwrap();
    assert_eq!(generated.files.len(), outputs(&catalog).len());
}

#[test]
fn committed_schemas_are_what_the_types_and_the_catalog_generate() {
    let catalog = validate_dir(&root().join("catalog")).unwrap().catalog.unwrap();
    for (path, schema) in [
        (schema::CATALOG_SCHEMA_PATH, schema::editor::catalog_schema()),
        (schema::MODEL_SCHEMA_PATH, schema::editor::model_schema(&catalog)),
        (schema::EXPORT_SCHEMA_PATH, schema::export_schema()),
    ] {
        let committed = std::fs::read_to_string(root().join(path)).unwrap();
        assert_eq!(committed, schema::to_text(&schema), "{path} differs from the Rust types; run `cargo xtask gen`");
    }
}

fn committed_validator(path: &str) -> Validator {
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap();
    Validator::new(&schema).unwrap()
}

/// The committed schemas accept the committed catalog when read by other code than ours: the
/// `toml` crate's own serde conversion to JSON, checked by a fresh validator.
#[test]
fn an_independent_validator_accepts_the_catalog_with_the_committed_schemas() {
    let catalog_schema = committed_validator(schema::CATALOG_SCHEMA_PATH);
    let model_schema = committed_validator(schema::MODEL_SCHEMA_PATH);
    let read =
        |p: &std::path::Path| -> serde_json::Value { toml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap() };
    let catalog = read(&root().join("catalog/catalog.toml"));
    let errors: Vec<String> = catalog_schema.errors(&catalog).iter().map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let files = model_files();
    assert!(!files.is_empty());
    for path in files {
        let value = read(&path);
        let errors: Vec<String> = model_schema.errors(&value).iter().map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
    // And the schema is not vacuous: an unknown key and a rating of 0 are refused.
    let mut broken = read(&root().join("catalog/models/gpt-5.4.toml"));
    broken["capabilty"] = 3.into();
    assert!(!model_schema.is_valid(&broken));
    let mut broken = read(&root().join("catalog/models/gpt-5.4.toml"));
    broken["capability"] = 0.into();
    assert!(!model_schema.is_valid(&broken));
}

/// What an editor reports for each kind of mistake, with the committed schemas (the taplo check
/// in `cargo ci e2e taplo` sees the same with the real editor engine): exactly one error,
/// and for a key, at that key's value, saying which keys there are.
#[test]
fn the_committed_schemas_report_each_mistake_once_where_it_is() {
    let catalog = validate_dir(&root().join("catalog")).unwrap().catalog.unwrap();
    let model_schema = committed_validator(schema::MODEL_SCHEMA_PATH);
    let catalog_schema = committed_validator(schema::CATALOG_SCHEMA_PATH);
    let document = catalog.documents()[0].id.clone();
    let surface = catalog.surfaces()[0].id.clone();
    let max = catalog.scales().capability.max;
    let valid = serde_json::json!({ "availability": { surface.clone(): true }, "availability_notes": {}, "capability": max, "sources": { "default": document } });
    assert!(model_schema.is_valid(&valid));
    let one_error = |validator: &Validator, value: &serde_json::Value, at: &str, says: &str| {
        let errors: Vec<(String, String)> =
            validator.errors(value).iter().map(|e| (e.pointer.clone(), e.to_string())).collect();
        assert_eq!(errors.len(), 1, "{value}: {errors:#?}");
        assert_eq!(errors[0].0, at, "{errors:#?}");
        assert!(errors[0].1.contains(says), "{errors:#?}");
    };
    let with = |pointer: &str, v: serde_json::Value| {
        let mut value = valid.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        value.pointer_mut(parent).unwrap()[key] = v;
        value
    };
    let misspelt = format!("{surface}x");
    let surfaces = "not a surface id declared in catalog.toml; those are: ";
    one_error(
        &model_schema,
        &with(&format!("/availability/{misspelt}"), true.into()),
        &format!("/availability/{misspelt}"),
        surfaces,
    );
    one_error(
        &model_schema,
        &with(&format!("/availability_notes/{misspelt}"), "n".into()),
        &format!("/availability_notes/{misspelt}"),
        surfaces,
    );
    one_error(&model_schema, &with("/capability", (max + 1).into()), "/capability", "greater than the maximum");
    one_error(
        &model_schema,
        &with("/speed", (catalog.scales().speed.max + 1).into()),
        "/speed",
        "greater than the maximum",
    );
    one_error(&model_schema, &with("/sources/default", "no-such-document".into()), "/sources/default", "is not one of");
    one_error(&model_schema, &with("/sped", 3.into()), "/sped", "not a key of this table; those are: name, ");
    one_error(
        &model_schema,
        &with("/card", serde_json::json!({ "surfaces": [misspelt] })),
        "/card/surfaces/0",
        "is not one of",
    );
    let mut file =
        toml::from_str::<serde_json::Value>(&std::fs::read_to_string(root().join("catalog/catalog.toml")).unwrap())
            .unwrap();
    file["titel"] = "Models".into();
    one_error(&catalog_schema, &file, "/titel", "not a key of this table; those are: title, ");
}

#[test]
fn the_export_schema_accepts_the_export() {
    let validator = committed_validator(schema::EXPORT_SCHEMA_PATH);
    let export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("exports/models.json")).unwrap()).unwrap();
    let errors: Vec<String> = validator.errors(&export).iter().map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The page the catalog describes: the document `catalog.toml`'s `[sources] default` names (an
/// import records the page it merged there), read from the copies in `tests/fixtures/documents/`
/// or from `../shared/pages/`, where the pages are kept.
fn newest_page(catalog: &codex_catalog::Catalog) -> (String, codex_catalog::import::Page) {
    let id = catalog.file().sources.default.clone();
    let doc = catalog.documents().iter().find(|d| d.id == id).unwrap_or_else(|| panic!("`{id}` is not declared"));
    let location = doc.location.as_deref().unwrap_or_else(|| panic!("`{id}` has no location"));
    let name = std::path::Path::new(location).file_name().unwrap();
    let places = [
        root().join("tests/fixtures/documents").join(name),
        root().join("../shared/pages").join(name),
        root().join("..").join(location),
    ];
    let path = places.iter().find(|p| p.is_file()).unwrap_or_else(|| panic!("`{location}` is in none of {places:?}"));
    let src =
        codex_catalog::diagnostic::SourceText::new(path.display().to_string(), std::fs::read_to_string(path).unwrap());
    let page = codex_catalog::import::parse_page(&src).unwrap_or_else(|d| panic!("{}: {d:#?}", path.display()));
    (id, page)
}

/// What the newest page says, the catalog says, with that page as the source; the expectations
/// come from the page itself, so merging a newer version (docs/importing.md, "Taking in a new
/// version of the page") changes them with the catalog.
#[test]
fn the_catalog_holds_the_facts_of_the_newest_page() {
    let catalog = validate_dir(&root().join("catalog")).unwrap().catalog.unwrap();
    let (newest, page) = newest_page(&catalog);
    // Page order: the cards of the page, then the models it does not show, by slug.
    let cards: Vec<&str> = page.cards().filter_map(|c| c.text("slug")).collect();
    assert!(!cards.is_empty(), "the newest page has cards");
    let slugs: Vec<&str> = catalog.models().iter().map(|m| m.slug()).collect();
    let (on_page, rest) = slugs.split_at(cards.len().min(slugs.len()));
    assert_eq!(on_page, cards, "the catalog's order is the page's");
    assert!(rest.windows(2).all(|w| w[0] < w[1]), "models off the page by slug: {rest:?}");
    assert!(rest.iter().all(|s| catalog.model(s).unwrap().section().is_none()), "{rest:?} are on the page");
    // Each card's name and text, recorded as coming from that page.
    for card in page.cards() {
        let m = catalog.model(card.text("slug").unwrap()).unwrap();
        assert_eq!(m.data().name.as_deref(), card.text("name"), "{}", m.slug());
        assert_eq!(Some(catalog.page_description(m).as_str()), card.text("description"), "{}", m.slug());
        let sources = m.data().sources.entries();
        let source = |key: &str| sources.iter().find(|(k, _)| *k == key).or(sources.first()).map(|(_, d)| *d);
        for key in ["name", "description", "availability"] {
            assert_eq!(source(key), Some(newest.as_str()), "{} {key}", m.slug());
        }
    }
    // The snippets the page has name the catalog's models; one it lacks keeps an older page's.
    let slug = |m: Option<&codex_catalog::catalog::Model>| m.map(|m| m.slug().to_string());
    let sources = &catalog.file().sources;
    for (what, on_page, in_catalog, source) in [
        ("default", &page.default_model, slug(catalog.default_model()), &sources.default_model),
        ("example", &page.example_model, slug(catalog.example_model()), &sources.example_model),
        ("cloud", &page.cloud_model, slug(catalog.cloud_model()), &sources.cloud_model),
    ] {
        let source = source.as_deref().unwrap_or(&newest);
        match on_page {
            Some(s) => assert_eq!((Some(s), source), (in_catalog.as_ref(), newest.as_str()), "{what} model"),
            None if in_catalog.is_some() => assert_ne!(source, newest, "{what} model: the page has none"),
            None => {}
        }
    }
    // Every feature title of the page is the label of a surface drawn on the page, or the
    // card's own label for one (`[card] labels`).
    for card in page.cards() {
        let m = catalog.model(card.text("slug").unwrap()).unwrap();
        for feature in &card.features {
            if let codex_catalog::import::PageFeature::Flag { title, .. } = feature {
                let own = m.data().card.labels.iter().find(|(_, l)| *l == title).map(|(id, _)| id);
                assert!(
                    catalog.surfaces().iter().any(|s| (s.label == *title || own == Some(&s.id)) && !s.retired),
                    "`{title}` is no surface's label"
                );
            }
        }
    }
}

/// Facts only older documents give, and the corrections of the documents' errors, kept through
/// every merge: a merge keeps what the page does not state (docs/importing.md, "Where the facts come from").
#[test]
fn the_catalog_keeps_what_only_older_documents_say() {
    let catalog = validate_dir(&root().join("catalog")).unwrap().catalog.unwrap();
    let model = |slug: &str| catalog.model(slug).unwrap();
    // A model known by its slug alone has no card.
    for m in catalog.models().iter().filter(|m| m.data().name.is_none()) {
        assert!(m.section().is_none(), "{} has a card but no name", m.slug());
    }
    // Surfaces relabelled keep their ids; the split-off desktop app is a surface of its own.
    for id in ["codex_cli", "codex_ide", "codex_cloud", "chatgpt_desktop_app"] {
        assert!(catalog.surfaces().iter().any(|s| s.id == id), "surface `{id}`");
    }
    // The models the 2026-06-05 page calls deprecated in prose, with that page as the source.
    for slug in ["gpt-5.2", "gpt-5.3-codex"] {
        let m = model(slug);
        assert_eq!(m.data().status.as_ref().map(|s| s.kind.as_str()), Some("deprecated"), "{slug}");
        assert_eq!(m.data().sources.get("status"), Some("codex-models-2026-06-05"), "{slug}");
    }
    // gpt-5.2's card stopped saying "Succeeded by GPT-5.4"; the catalog still knows it.
    let gpt52 = model("gpt-5.2");
    assert_eq!(gpt52.data().succeeded_by.as_deref(), Some("gpt-5.4"));
    assert!(gpt52.data().card.hide_successor);
    // The rescaled ratings of gpt-5.2-codex come from the 2026-04-03 page, not seed-000 (5 and 4).
    let codex_52 = model("gpt-5.2-codex");
    assert_eq!((codex_52.data().capability, codex_52.data().speed), (Some(4), Some(3)));
    assert_eq!(codex_52.data().sources.default, "page-2026-04-03");
    // The doubled word of seed-000 is fixed, the succession sentence is data.
    assert_eq!(
        model("gpt-5.1").data().description.as_deref(),
        Some("Great for coding and agentic tasks across domains.")
    );
    assert_eq!(
        catalog.page_description(model("gpt-5.1")),
        "Great for coding and agentic tasks across domains. Succeeded by GPT-5.2."
    );
    // The duplicated slug of the pages is corrected.
    assert_eq!(model("gpt-5-codex-mini").data().succeeded_by.as_deref(), Some("gpt-5.1-codex-mini"));
    // The notes of gpt-5.3-codex-spark come from the rendered diff's newer side.
    assert_eq!(model("gpt-5.3-codex-spark").data().sources.get("availability_notes"), Some("diff-001-new"));
    let path: Vec<&str> = catalog.upgrade_path(model("gpt-5-codex")).into_iter().map(|m| m.slug()).collect();
    assert_eq!(path, ["gpt-5.1-codex", "gpt-5.1-codex-max"]);
    // The scales' maximum is recorded as an inference.
    assert_eq!(catalog.file().sources.scale_max.as_deref(), Some("inferred"));
    // Every model records where its facts came from, and every document is declared.
    let ids: Vec<&str> = catalog.documents().iter().map(|d| d.id.as_str()).collect();
    for m in catalog.models() {
        for (_, doc) in m.data().sources.entries() {
            assert!(ids.contains(&doc), "{} cites {doc}", m.slug());
        }
    }
}

/// The longest a Rust source file of the workspace may be (issue 18: a longer file is split
/// along a seam of what it does).
const MAX_SOURCE_LINES: usize = 700;

/// Every `*.rs` below `dir`, build output aside.
fn rust_files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                rust_files(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_source_file_is_longer_than_the_limit() {
    let mut files = Vec::new();
    for dir in ["crates", "xtask", "fuzz"] {
        rust_files(&root().join(dir), &mut files);
    }
    // The generated crate is as long as the catalog makes it.
    let generated = root().join("crates/codex-models/src/generated.rs");
    files.retain(|f| *f != generated);
    assert!(files.iter().any(|f| f.ends_with("crates/codex-catalog/src/lib.rs")), "the walk found the sources");
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > MAX_SOURCE_LINES).then(|| format!("{} has {lines} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_SOURCE_LINES} lines; split along a seam:\n{}", long.join("\n"));
}

/// Issue 21, part 1: a newcomer's first build links at most one integration-test binary per
/// package (each one links the whole dependency graph again), and `cargo xtask` shows cargo's
/// build progress instead of nothing for the length of the first build.
#[test]
fn a_first_build_links_one_test_binary_per_package_and_shows_progress() {
    let root = common::root();
    let mut packages = vec![root.join("xtask"), root.join("xtask-ci")];
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        packages.push(entry.unwrap().path());
    }
    for package in packages {
        let Ok(entries) = std::fs::read_dir(package.join("tests")) else { continue };
        let binaries: Vec<String> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs") || p.join("main.rs").is_file())
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert!(binaries.len() <= 1, "{}: {binaries:?}: merge them into one tests/it/ crate", package.display());
    }
    let config = std::fs::read_to_string(root.join(".cargo/config.toml")).unwrap();
    let alias = config.lines().find(|l| l.starts_with("xtask =")).expect("the xtask alias");
    assert!(!alias.contains("--quiet"), "{alias}");
}

/// Issue 21, part 1: `cargo test --workspace` reuses every crate the first `cargo xtask gen`
/// built. A crate the tests' build compiles with more features is compiled again, and so is
/// everything above it: `memchr`'s `default` rebuilt serde_json, regex and the catalog. xtask's
/// manifest turns on what the tests turn on (as cargo-hakari's workspace-hack crate does); this
/// keeps its list complete when a dependency changes.
#[test]
fn the_tests_build_reuses_every_crate_gen_built() {
    let tree = |args: &[&str]| -> std::collections::BTreeSet<String> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = std::process::Command::new(cargo)
            .current_dir(common::root())
            .args(["tree", "--offline", "--locked", "--prefix", "none", "--format", "{p} [{f}]"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // A crate's first line carries its features; a repeat adds ` (*)`.
        String::from_utf8(out.stdout).unwrap().lines().filter(|l| !l.ends_with("(*)")).map(String::from).collect()
    };
    let by_gen = tree(&["--package", "xtask", "--edges", "normal,build"]);
    let tests = tree(&["--workspace", "--edges", "normal,build,dev"]);
    assert!(by_gen.iter().any(|l| l.starts_with("serde_json ")), "{by_gen:?}");
    let rebuilt: Vec<&String> = by_gen.difference(&tests).collect();
    assert!(
        rebuilt.is_empty(),
        "the tests' build compiles these with other features than `cargo xtask gen` did; add the \
         tests' features to the feature-unification list in xtask/Cargo.toml:\n{rebuilt:#?}\n{tests:#?}"
    );
}
