//! The generated Rust on catalogs made to hit every layout rule: rustfmt (the real one, with
//! the repository's `rustfmt.toml`) finds nothing to change, and the `codex-models` crate
//! compiles without a warning around it.
//!
//! The catalogs are drawn from a fixed seed, so a failure is reproducible; the files of a
//! failing run are kept under `target/generated-rust/` to look at.

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use codex_catalog::Catalog;
use codex_catalog::model::{
    CatalogFile, CatalogSources, Document, Modality, ModelFile, Scale, Scales, Section, Sources, Status, StatusKind,
    Surface,
};
use codex_catalog::render::rust;
use codex_catalog::validate::validate_dir;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// Texts of every length around the line width, with quotes, backslashes and non-ASCII (which
/// the literals escape).
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[a-zA-Z0-9 .,:;!?'\"()/&%+=@#*\\\\é漢🚀-]{{1,{max}}}"))
        .unwrap()
        .prop_map(|s| s.trim().to_string())
        .prop_filter("not blank", |s| !s.is_empty())
}

/// A name of `len` characters made unique by `prefix`, for slugs (`.`/`-` joined) or ids.
fn name(prefix: String, len: usize, sep: char) -> String {
    let len = len.max(prefix.len() + 1);
    let mut s = prefix;
    let mut i = 0;
    while s.len() < len {
        s.push(if i % 7 == 6 { sep } else { (b'a' + (i % 26) as u8) as char });
        i += 1;
    }
    s.truncate(len);
    s.trim_end_matches(sep).to_string()
}

fn date() -> impl Strategy<Value = String> {
    (2020u32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"))
}

#[derive(Debug, Clone)]
struct Drawn {
    catalog: CatalogFile,
    models: Vec<(String, ModelFile)>,
}

/// A catalog stressing the layout: slugs and ids up to the longest allowed, 0 to 100 surfaces
/// (so long lists of `None`), texts around every width, statuses, modalities and sources.
fn catalog() -> impl Strategy<Value = Drawn> {
    let surfaces = prop_oneof![Just(0usize), 1usize..8, 15usize..22, Just(40), Just(100)];
    (surfaces, 1usize..10, 1usize..4).prop_flat_map(|(k, n, s)| {
        let model = (
            1usize..=64,
            proptest::option::of(text(130)),
            proptest::option::of(text(40)),
            proptest::option::of(text(140)),
            proptest::option::of((1u8..=5, 1u8..=5)),
            prop_oneof![Just(0u8), Just(1), Just(2)], // availability: none known, all known, mixed
            proptest::collection::vec((any::<bool>(), proptest::option::weighted(0.2, text(110))), k),
            proptest::option::of((0usize..4, proptest::option::of(date()), proptest::option::of(date()))),
            proptest::option::of(proptest::sample::subsequence(
                vec![Modality::Text, Modality::Image, Modality::Audio],
                1..=3,
            )),
            proptest::option::of(text(100)),
            (0usize..=s, any::<bool>(), proptest::collection::vec(any::<bool>(), 11)),
        );
        let surface = (1usize..=64, text(60));
        let section = (1usize..=64, text(80), proptest::option::of(text(300)));
        (
            proptest::collection::vec(surface, k),
            proptest::collection::vec(section, s),
            proptest::collection::vec(model, n),
            1usize..=64,
            (0..n, 0..n, proptest::option::of(0..n)),
        )
            .prop_map(move |(surfaces, sections, models, doc_len, named)| {
                build(surfaces, sections, models, doc_len, named)
            })
    })
}

type DrawnModel = (
    usize,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<(u8, u8)>,
    u8,
    Vec<(bool, Option<String>)>,
    Option<(usize, Option<String>, Option<String>)>,
    Option<Vec<Modality>>,
    Option<String>,
    (usize, bool, Vec<bool>),
);

fn build(
    surfaces: Vec<(usize, String)>,
    sections: Vec<(usize, String, Option<String>)>,
    models: Vec<DrawnModel>,
    doc_len: usize,
    (default, example, cloud): (usize, usize, Option<usize>),
) -> Drawn {
    let doc = name("d".into(), doc_len, '_');
    let surfaces: Vec<Surface> = surfaces
        .into_iter()
        .enumerate()
        .map(|(i, (len, label))| Surface {
            id: name(format!("s{i}_"), len, '_'),
            label: format!("{i} {label}"),
            retired: false,
        })
        .collect();
    let mut sections: Vec<Section> = sections
        .into_iter()
        .enumerate()
        .map(|(i, (len, title, guidance))| Section {
            id: name(format!("x{i}-"), len, '-'),
            title: format!("{i} {title}"),
            models: Vec::new(),
            guidance,
            grid_class: None,
        })
        .collect();
    let slugs: Vec<String> = models.iter().enumerate().map(|(i, m)| name(format!("m{i}-"), m.0, '.')).collect();
    let kinds =
        [StatusKind::ResearchPreview, StatusKind::GenerallyAvailable, StatusKind::Deprecated, StatusKind::Retired];
    let mut files = Vec::new();
    for (i, m) in models.into_iter().enumerate() {
        let (_, model_name, prose_name, description, ratings, known, per_surface, status, modalities, wallpaper, rest) =
            m;
        let (section, successor, source_keys) = rest;
        if section > 0 {
            sections[section - 1].models.push(slugs[i].clone());
        }
        let mut availability = BTreeMap::new();
        let mut availability_notes = BTreeMap::new();
        for (j, (flag, note)) in per_surface.into_iter().enumerate() {
            if known == 1 || (known == 2 && j % 2 == 0) {
                availability.insert(surfaces[j].id.clone(), flag);
            }
            if let Some(note) = note {
                availability_notes.insert(surfaces[j].id.clone(), note);
            }
        }
        let mut sources = Sources::new(doc.clone());
        for (key, on) in sources.keys().collect::<Vec<_>>().into_iter().zip(source_keys) {
            if on {
                sources.set(key, "other");
            }
        }
        let file = ModelFile {
            // Each card its own title (`duplicate-label`).
            name: model_name.map(|n| format!("{n} #{i}")),
            prose_name,
            // A model on the page needs a description.
            description: if section > 0 {
                Some(description.unwrap_or_else(|| "Described.".into()))
            } else {
                description
            },
            capability: ratings.map(|r| r.0),
            speed: ratings.map(|r| r.1),
            availability,
            availability_notes,
            input_modalities: modalities,
            status: status.map(|(k, since, until)| Status { kind: kinds[k], since, until }),
            succeeded_by: (successor && i + 1 < slugs.len()).then(|| slugs[i + 1].clone()),
            wallpaper_url: wallpaper
                .map(|w| format!("/images/{}.png", w.replace(|c: char| !c.is_ascii_alphanumeric(), "-"))),
            sources,
            // Every other fact unknown, whatever facts are declared.
            ..ModelFile::new(None, "doc")
        };
        files.push((slugs[i].clone(), file));
    }
    // Every section shows at least one model, and a model is in one section at most.
    for (i, section) in sections.iter_mut().enumerate() {
        if section.models.is_empty() {
            section.models.push(slugs[i % slugs.len()].clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    for section in &mut sections {
        section.models.retain(|m| seen.insert(m.clone()));
    }
    sections.retain(|s| !s.models.is_empty());
    for (slug, file) in &mut files {
        if sections.iter().any(|s| s.models.contains(slug)) {
            file.description.get_or_insert_with(|| "Described.".into());
            file.name.get_or_insert_with(|| slug.clone());
        }
    }
    let catalog = CatalogFile {
        title: "Models".into(),
        default_model: Some(slugs[default].clone()),
        example_model: Some(slugs[example].clone()),
        cloud_model: cloud.map(|c| slugs[c].clone()),
        scales: Scales {
            capability: Scale { label: "Capability".into(), icon: "i.Star".into(), max: 5 },
            speed: Scale { label: "Speed".into(), icon: "i.Bolt".into(), max: 5 },
        },
        surfaces,
        sections,
        documents: vec![
            Document { id: doc.clone(), title: "Doc".into(), date: None, location: None },
            Document { id: "other".into(), title: "Other".into(), date: None, location: None },
        ],
        sources: CatalogSources::from_default(doc),
        acknowledged: Vec::new(),
        codex: None,
    };
    Drawn { catalog, models: files }
}

/// Write the catalog in the on-disk format and validate it.
fn load(drawn: &Drawn) -> Catalog {
    common::write_and_load(&drawn.catalog, &drawn.models).1
}

/// The generated Rust of `count` drawn catalogs (the same ones every run).
fn drawn_files(count: usize) -> Vec<String> {
    let mut runner = TestRunner::deterministic();
    let strategy = catalog();
    (0..count).map(|_| rust::render(&load(&strategy.new_tree(&mut runner).unwrap().current()))).collect()
}

/// A fresh folder under `target/generated-rust/` (kept after the test, for a failure).
fn work_dir(name: &str) -> PathBuf {
    let dir = common::root().join("target/generated-rust").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command, what: &str) {
    let out =
        cmd.output().unwrap_or_else(|e| panic!("cannot run {what} ({e}); install it (rustup component add rustfmt)"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn rustfmt_finds_nothing_to_change() {
    let dir = work_dir("rustfmt");
    let mut paths = Vec::new();
    let fixtures = ["minimal", "hostile", "seed-000", "page-2026-04-03"]
        .map(|name| rust::render(&validate_dir(&common::fixture(name)).unwrap().catalog.unwrap()));
    for (i, code) in drawn_files(64).iter().chain(&fixtures).enumerate() {
        let path = dir.join(format!("catalog_{i}.rs"));
        std::fs::write(&path, code).unwrap();
        paths.push(path);
    }
    // The real catalog's file too, as `cargo fmt --check` sees it.
    paths.push(common::root().join("crates/codex-models/src/generated.rs"));
    paths.push(common::root().join("crates/codex-models/src/info.rs"));
    paths.push(common::root().join("crates/codex-export/src/model.rs"));
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    run(
        Command::new(rustfmt)
            .args(["--check", "--edition", "2024", "--config-path"])
            .arg(common::root().join("rustfmt.toml"))
            .args(&paths),
        "rustfmt --check",
    );
}

#[test]
fn the_models_crate_compiles_around_any_generated_file() {
    let root = common::root();
    let dir = work_dir("crates");
    let mut files: Vec<String> = drawn_files(3);
    files.push(rust::render(&validate_dir(&common::fixture("hostile")).unwrap().catalog.unwrap()));
    let mut members = Vec::new();
    for (i, code) in files.iter().enumerate() {
        let krate = dir.join(format!("c{i}"));
        std::fs::create_dir_all(krate.join("src")).unwrap();
        std::fs::copy(root.join("crates/codex-models/src/lib.rs"), krate.join("src/lib.rs")).unwrap();
        std::fs::copy(root.join("crates/codex-models/src/info.rs"), krate.join("src/info.rs")).unwrap();
        std::fs::write(krate.join("src/generated.rs"), code).unwrap();
        let manifest = format!(
            "[package]\nname = \"codex-models-c{i}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ncodex-export = {{ path = {:?} }}\nserde = \"1\"\nserde_json = \"1\"\n",
            root.join("crates/codex-export")
        );
        std::fs::write(krate.join("Cargo.toml"), manifest).unwrap();
        members.push(format!("\"c{i}\""));
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run(
        Command::new(cargo)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", root.join("target/generated-rust/target"))
            .env("RUSTFLAGS", "-D warnings")
            .args(["check", "--offline", "--quiet", "--workspace", "--lib"]),
        "cargo check of the generated crates",
    );
}

/// The drawn catalogs do reach the layout's rules (a test of the test): long lists packed,
/// calls broken, single items spread, items moved to their next line. (A tuple never breaks:
/// a source is at most 64 characters.)
#[test]
fn the_drawn_catalogs_hit_every_layout_rule() {
    let all = drawn_files(48).join("\n");
    let has = |what: &str, re: &dyn Fn(&str) -> bool| assert!(all.lines().any(re), "no drawn catalog has {what}");
    has("a packed line of None", &|l| l.trim_start().starts_with("None, None, None,"));
    has("a broken Some(", &|l| l.trim_end().ends_with(": Some("));
    has("a spread Some(Status {", &|l| l.contains("Some(Status {"));
    has("a single item spread over its list's lines", &|l| l.ends_with("= [SectionInfo {"));
    has("an item on its next line", &|l| l.starts_with("pub(crate) const ") && l.ends_with(" ="));
}

/// The names `identifier-collision` keeps variants from taking are every associated const of
/// `Model`, `Surface` and `Section` that the codex-models crate declares by hand.
#[test]
fn the_reserved_names_are_the_crates_associated_items() {
    let source = std::fs::read_to_string(common::root().join("crates/codex-models/src/lib.rs")).unwrap();
    let file = syn::parse_file(&source).unwrap();
    let mut declared: Vec<String> = Vec::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else { continue };
        if block.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(ty) = &*block.self_ty else { continue };
        if !["Model", "Surface", "Section"].iter().any(|n| ty.path.is_ident(n)) {
            continue;
        }
        for item in &block.items {
            let name = match item {
                syn::ImplItem::Const(c) => c.ident.to_string(),
                syn::ImplItem::Fn(f) => f.sig.ident.to_string(),
                syn::ImplItem::Type(t) => t.ident.to_string(),
                _ => continue,
            };
            // Only a name that starts upper-case can be a variant's.
            if name.starts_with(|c: char| c.is_ascii_uppercase()) && !declared.contains(&name) {
                declared.push(name);
            }
        }
    }
    declared.sort();
    let mut reserved: Vec<String> = codex_catalog::naming::ASSOCIATED_ITEMS.iter().map(|s| s.to_string()).collect();
    reserved.sort();
    assert_eq!(declared, reserved);
}
