//! One broken fixture per validation rule: each copies `tests/fixtures/catalogs/minimal`, breaks
//! one thing, and asserts the rule id, the file and the line of the diagnostic.

use crate::common;

use codex_catalog::diagnostic::{Diagnostic, Rule, Severity};
use codex_catalog::validate::validate_dir;
use common::{copy_fixture, fixture};

const ALPHA_1: &str = "models/alpha-1.toml";
const ALPHA_2: &str = "models/alpha-2.toml";

/// Validate the minimal catalog with `edits` applied (`None` deletes the file).
fn run(edits: &[(&str, Option<&str>)]) -> Vec<Diagnostic> {
    let dir = copy_fixture("minimal");
    for (path, content) in edits {
        let path = dir.path().join(path);
        match content {
            Some(text) => std::fs::write(&path, text).unwrap(),
            None => std::fs::remove_file(&path).unwrap(),
        }
    }
    let outcome = validate_dir(dir.path()).unwrap();
    // Show paths relative to the catalog so assertions do not depend on the temp folder.
    let prefix = format!("{}/", dir.path().display());
    outcome
        .diagnostics
        .into_iter()
        .map(|mut d| {
            d.file = d.file.trim_start_matches(&prefix).to_string();
            for label in &mut d.labels {
                label.file = label.file.trim_start_matches(&prefix).to_string();
            }
            d
        })
        .collect()
}

#[track_caller]
fn assert_reported(diags: &[Diagnostic], rule: Rule, file: &str, line: usize) {
    assert!(
        diags.iter().any(|d| d.rule == rule && d.places().iter().any(|(f, l, _)| *f == file && *l == line)),
        "expected {} at {file}:{line}, got:\n{}",
        rule.id(),
        diags
            .iter()
            .map(|d| format!("  {}[{}] {:?} {}", severity(d), d.rule.id(), d.places(), d.message))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn model(body: &str) -> String {
    format!("#:schema ../../../../../schema/model.schema.json\n{body}")
}

fn alpha_1_with(extra: &str) -> String {
    model(&format!(
        "name = \"alpha-1\"\ndescription = \"An older test model.\"\n{extra}\n[availability]\ncli = true\napi = true\n\n[sources]\ndefault = \"doc\"\n\n[codex]\nslug = \"alpha-1\"\nvisibility = \"list\"\npriority = 2\nsupported_in_api = true\n"
    ))
}

fn catalog_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(fixture("minimal").join("catalog.toml")).unwrap();
    assert!(text.contains(from), "fixture lacks {from:?}");
    text.replacen(from, to, 1)
}

#[test]
fn the_minimal_fixture_is_valid() {
    let diags = run(&[]);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn toml_syntax_and_duplicate_keys() {
    let diags = run(&[(ALPHA_1, Some("name = \"alpha-1\"\nname = \"again\"\ndescription = \n"))]);
    assert_reported(&diags, Rule::TomlSyntax, ALPHA_1, 2);
    assert_reported(&diags, Rule::TomlSyntax, ALPHA_1, 3);
}

#[test]
fn schema_unknown_field_suggests_the_right_one() {
    let diags = run(&[(ALPHA_1, Some(&alpha_1_with("descripton = \"typo\"\n")))]);
    assert_reported(&diags, Rule::Schema, ALPHA_1, 4);
    let d = diags.iter().find(|d| d.rule == Rule::Schema).unwrap();
    assert_eq!(d.pointer, "/descripton");
    assert_eq!(d.hint.as_deref(), Some("did you mean `description`?"));
}

#[test]
fn schema_wrong_type_and_missing_field() {
    let diags = run(&[(ALPHA_1, Some(&alpha_1_with("capability = \"high\"\n")))]);
    assert_reported(&diags, Rule::Schema, ALPHA_1, 4);
    let diags = run(&[(ALPHA_1, Some(&model("name = \"alpha-1\"\n")))]);
    let d = diags.iter().find(|d| d.rule == Rule::Schema).unwrap();
    assert!(d.message.contains("missing required field `sources`"), "{d:?}");
    assert_eq!((d.file.as_str(), d.line()), (ALPHA_1, 1));
}

#[test]
fn schema_enum_suggests_a_value() {
    let diags = run(&[(ALPHA_1, Some(&alpha_1_with("[status]\nkind = \"research-preview\"\n")))]);
    assert_reported(&diags, Rule::Schema, ALPHA_1, 5);
    let d = diags.iter().find(|d| d.rule == Rule::Schema).unwrap();
    assert_eq!(d.hint.as_deref(), Some("did you mean `research_preview`?"));
}

/// A field of `[codex]` may be a value or a marker table (`{ json = … }`, `{ null = true }`,
/// `{ text = … }`): a mistake is reported at its key, saying what is allowed there.
#[test]
fn schema_errors_inside_the_cli_entry_are_at_their_key() {
    let with_priority = |value: &str| alpha_1_with("").replace("priority = 2", &format!("priority = {value}"));
    let diags = run(&[(ALPHA_1, Some(&with_priority("\"high\"")))]);
    let d = diags.iter().find(|d| d.rule == Rule::Schema).expect("a schema error");
    assert_eq!(d.pointer, "/codex/priority", "{d:?}");
    assert_eq!(d.message, "expected a whole number or a table, found the string \"high\"");
    let diags = run(&[(ALPHA_1, Some(&with_priority("{ nul = true }")))]);
    let d = diags.iter().find(|d| d.rule == Rule::Schema).expect("a schema error");
    assert_eq!(d.pointer, "/codex/priority", "{d:?}");
    assert_eq!(d.message, "expected a whole number, or a table holding one of the keys `json`, `null`");
}

#[test]
fn schema_choice_of_the_wrong_type_names_the_choices_once() {
    let diags = run(&[(ALPHA_1, Some(&alpha_1_with("input_modalities = [\"text\", 3]\n")))]);
    assert_reported(&diags, Rule::Schema, ALPHA_1, 4);
    let d = diags.iter().find(|d| d.rule == Rule::Schema).unwrap();
    assert_eq!(
        (d.pointer.as_str(), d.message.as_str()),
        ("/input_modalities/1", "expected one of: text, image, audio; found the number 3")
    );
    assert_eq!(d.hint, None);
}

#[test]
fn file_names_must_be_slugs() {
    let diags = run(&[("models/Alpha_3.toml", Some(&alpha_1_with("")))]);
    assert_reported(&diags, Rule::SlugPattern, "models/Alpha_3.toml", 1);
}

#[test]
fn case_variant_duplicate_files_name_both() {
    let diags = run(&[("models/ALPHA-1.toml", Some(&alpha_1_with("")))]);
    assert_reported(&diags, Rule::DuplicateSlug, "models/ALPHA-1.toml", 1);
    assert_reported(&diags, Rule::DuplicateSlug, ALPHA_1, 1);
    // One diagnostic for the pair: at the first file, with a label at the other.
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.rule == Rule::DuplicateSlug).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("alpha-1.toml"), "{}", found[0].message);
}

#[test]
fn case_variants_group_whole_and_beyond_ascii() {
    // Three spellings of one slug: one diagnostic, a label at each other file.
    let diags =
        run(&[("models/ALPHA-1.toml", Some(&alpha_1_with(""))), ("models/Alpha-1.toml", Some(&alpha_1_with("")))]);
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.rule == Rule::DuplicateSlug).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].labels.len(), 2, "{found:#?}");
    // A title-case letter (not upper case, but lowered to another letter) is a case variant too.
    let diags =
        run(&[("models/\u{1c5}z.toml", Some(&alpha_1_with(""))), ("models/\u{1c6}z.toml", Some(&alpha_1_with("")))]);
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.rule == Rule::DuplicateSlug).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
}

#[test]
fn successor_must_exist_with_suggestion() {
    let diags = run(&[(ALPHA_1, Some(&alpha_1_with("succeeded_by = \"alpha-22\"\n")))]);
    assert_reported(&diags, Rule::UnknownModel, ALPHA_1, 4);
    let d = diags.iter().find(|d| d.rule == Rule::UnknownModel).unwrap();
    assert_eq!(d.hint.as_deref(), Some("did you mean `alpha-2`?"));
}

#[test]
fn section_models_must_exist() {
    let diags = run(&[(
        "catalog.toml",
        Some(&catalog_with("models = [\"alpha-2\", \"alpha-1\"]", "models = [\"alpha-2\", \"alpha-1\", \"beta\"]")),
    )]);
    assert_reported(&diags, Rule::UnknownModel, "catalog.toml", 31);
}

#[test]
fn default_and_example_models_are_models_but_need_no_card() {
    // alpha-0 has no section (no card): a page may name such a model as its default.
    let diags =
        run(&[("catalog.toml", Some(&catalog_with("default_model = \"alpha-2\"", "default_model = \"alpha-0\"")))]);
    assert!(diags.iter().all(|d| d.severity != Severity::Error), "{diags:#?}");
    let diags =
        run(&[("catalog.toml", Some(&catalog_with("example_model = \"alpha-1\"", "example_model = \"alpha-7\"")))]);
    assert_reported(&diags, Rule::UnknownModel, "catalog.toml", 5);
}

#[test]
fn a_succession_cycle_is_one_diagnostic_with_a_place_in_every_file() {
    let alpha_2 = std::fs::read_to_string(fixture("minimal").join(ALPHA_2)).unwrap();
    let alpha_2 = alpha_2.replace("speed = 3\n", "speed = 3\nsucceeded_by = \"alpha-0\"\n");
    let diags = run(&[(ALPHA_2, Some(&alpha_2))]);
    assert_reported(&diags, Rule::SuccessionCycle, ALPHA_2, 7);
    assert_reported(&diags, Rule::SuccessionCycle, ALPHA_1, 6);
    assert_reported(&diags, Rule::SuccessionCycle, "models/alpha-0.toml", 4);
    let cycles: Vec<&Diagnostic> = diags.iter().filter(|d| d.rule == Rule::SuccessionCycle).collect();
    assert_eq!(cycles.len(), 1, "{cycles:#?}");
    assert!(cycles[0].message.contains("alpha-0 → alpha-1 → alpha-2 → alpha-0"), "{}", cycles[0].message);
    assert_eq!(cycles[0].labels.len(), 2);
}

#[test]
fn self_succession_is_a_cycle() {
    let diags = run(&[(ALPHA_1, Some(&alpha_1_with("succeeded_by = \"alpha-1\"\n")))]);
    assert_reported(&diags, Rule::SuccessionCycle, ALPHA_1, 4);
}

#[test]
fn a_model_is_listed_once() {
    let diags = run(&[(
        "catalog.toml",
        Some(&catalog_with("models = [\"alpha-2\", \"alpha-1\"]", "models = [\"alpha-2\", \"alpha-1\", \"alpha-2\"]")),
    )]);
    assert_reported(&diags, Rule::SectionMembership, "catalog.toml", 31);
}

#[test]
fn surfaces_must_be_declared() {
    let text = alpha_1_with("").replace("api = true", "apii = true");
    let diags = run(&[(ALPHA_1, Some(&text))]);
    assert_reported(&diags, Rule::UnknownSurface, ALPHA_1, 7);
    assert_eq!(
        diags.iter().find(|d| d.rule == Rule::UnknownSurface).unwrap().hint.as_deref(),
        Some("did you mean `api`?")
    );
}

#[test]
fn source_documents_must_be_declared() {
    let text = alpha_1_with("").replace("default = \"doc\"", "default = \"docs\"");
    let diags = run(&[(ALPHA_1, Some(&text))]);
    assert_reported(&diags, Rule::UnknownDocument, ALPHA_1, 10);
}

#[test]
fn ids_and_labels_are_unique() {
    let diags =
        run(&[("catalog.toml", Some(&catalog_with("id = \"api\"\nlabel = \"API\"", "id = \"cli\"\nlabel = \"CLI\"")))]);
    assert_reported(&diags, Rule::DuplicateId, "catalog.toml", 25);
    assert_reported(&diags, Rule::DuplicateLabel, "catalog.toml", 26);
}

#[test]
fn ratings_stay_within_the_declared_scale() {
    let diags = run(&[(
        "catalog.toml",
        Some(&catalog_with("icon = \"icons.Star\"\nmax = 5", "icon = \"icons.Star\"\nmax = 4")),
    )]);
    assert_reported(&diags, Rule::RatingScale, ALPHA_2, 5);
}

#[test]
fn descriptions_hold_no_succession_sentence() {
    let text = alpha_1_with("").replace("An older test model.", "An older test model. Succeeded by Alpha-2.");
    let diags = run(&[(ALPHA_1, Some(&text))]);
    assert_reported(&diags, Rule::SuccessionSentence, ALPHA_1, 3);
}

#[test]
fn backticked_slugs_in_prose_exist() {
    let diags = run(&[("catalog.toml", Some(&catalog_with("Start with `alpha-2`.", "Start with `alpha-7`.")))]);
    assert_reported(&diags, Rule::ProseSlug, "catalog.toml", 32);
}

#[test]
fn urls_are_site_relative_or_https() {
    for bad in ["http://example.com/a.png", "/images/../secret.png", "images/a.png", "//evil.example/a.png"] {
        let text = alpha_1_with(&format!("wallpaper_url = \"{bad}\"\n"));
        let diags = run(&[(ALPHA_1, Some(&text))]);
        assert_reported(&diags, Rule::Url, ALPHA_1, 4);
    }
    let ok = alpha_1_with("wallpaper_url = \"https://cdn.example.com/a.png\"\n");
    assert!(!run(&[(ALPHA_1, Some(&ok))]).iter().any(|d| d.rule == Rule::Url));
}

#[test]
fn control_and_bidi_characters_are_refused() {
    for escape in ["\\u202E", "\\u2066", "\\u0007", "\\r"] {
        let text = alpha_1_with("").replace("An older test model.", &format!("An older {escape}test model."));
        let diags = run(&[(ALPHA_1, Some(&text))]);
        assert_reported(&diags, Rule::ForbiddenCharacter, ALPHA_1, 3);
    }
}

#[test]
fn the_template_is_text_too() {
    let diags =
        run(&[("page.mdx", Some("# {/* catalog:title */}\n\n{/* catalog:section main */}\n\nSee \u{202E}here.\n"))]);
    assert_reported(&diags, Rule::ForbiddenCharacter, "page.mdx", 5);
}

#[test]
fn slugs_must_make_distinct_rust_identifiers() {
    let diags = run(&[("models/alpha1.toml", Some(&alpha_1_with("")))]);
    assert_reported(&diags, Rule::IdentifierCollision, "models/alpha1.toml", 1);
    assert_reported(&diags, Rule::IdentifierCollision, ALPHA_1, 1);
    assert_eq!(diags.iter().filter(|d| d.rule == Rule::IdentifierCollision).count(), 1);
}

#[test]
fn the_template_places_every_declared_section() {
    let diags = run(&[("page.mdx", Some("# {/* catalog:title */}\n\n{/* catalog:section mian */}\n"))]);
    assert_reported(&diags, Rule::PageTemplate, "page.mdx", 3);
    assert_reported(&diags, Rule::PageTemplate, "page.mdx", 1);
    let d = diags.iter().find(|d| d.line() == 3).unwrap();
    assert_eq!(d.hint.as_deref(), Some("did you mean `main`?"));
    let diags = run(&[("page.mdx", Some("{/* catalog:section main */}\nUsing {/* catalog:cloud-model */}.\n"))]);
    assert_reported(&diags, Rule::PageTemplate, "page.mdx", 2);
}

/// `validate` finds a template that is not MDX itself (gen found it only when it checked the
/// page it made), at the place the MDX parser names; deep nesting is refused before parsing.
#[test]
fn the_template_is_valid_mdx() {
    let template = "# {/* catalog:title */}\n\n{/* catalog:section main */}\n\n| a | b |\n| 1 | <x> |\n";
    let diags = run(&[("page.mdx", Some(template))]);
    assert_reported(&diags, Rule::PageTemplate, "page.mdx", 6);
    let d = diags.iter().find(|d| d.rule == Rule::PageTemplate).unwrap();
    assert!(d.message.contains("not valid MDX") && d.message.contains("`<x>`"), "{}", d.message);
    let deep = format!("# {{/* catalog:title */}}\n\n{{/* catalog:section main */}}\n\n{}x\n", "<div>".repeat(300));
    let diags = run(&[("page.mdx", Some(&deep))]);
    assert!(diags.iter().any(|d| d.rule == Rule::PageTemplate && d.message.contains("nested more than 256 deep")));
}

#[test]
fn files_start_with_their_schema_line() {
    let text = alpha_1_with("").replacen("#:schema ../../../../../schema/model.schema.json\n", "", 1);
    let diags = run(&[(ALPHA_1, Some(&text))]);
    assert_reported(&diags, Rule::SchemaDirective, ALPHA_1, 1);
    assert!(diags.iter().all(|d| d.severity == Severity::Warning));
}

#[test]
fn doubled_words_warn() {
    let text = alpha_1_with("").replace("An older test model.", "An older test test model.");
    let diags = run(&[(ALPHA_1, Some(&text))]);
    assert_reported(&diags, Rule::DoubledWord, ALPHA_1, 3);
    assert!(diags.iter().all(|d| d.severity == Severity::Warning));
}

#[test]
fn unknown_values_on_the_page_warn() {
    let text = alpha_1_with("").replacen("api = true\n", "", 1);
    let diags = run(&[(ALPHA_1, Some(&text))]);
    assert_reported(&diags, Rule::IncompleteCard, ALPHA_1, 1);
    assert!(diags[0].message.contains("capability, speed, api are unknown"), "{}", diags[0].message);
}

#[test]
fn models_on_the_page_need_a_description() {
    let text = model(
        "name = \"alpha-1\"\ncapability = 4\nspeed = 4\n[availability]\ncli = true\napi = true\n[sources]\ndefault = \"doc\"\n",
    );
    let diags = run(&[(ALPHA_1, Some(&text))]);
    // At the name, beside which the description goes.
    assert_reported(&diags, Rule::MissingDescription, ALPHA_1, 2);
}

#[test]
fn a_catalog_without_catalog_toml() {
    let diags = run(&[("catalog.toml", None)]);
    assert_reported(&diags, Rule::MissingFile, "catalog.toml", 1);
}

#[test]
fn stray_files_in_models() {
    let diags = run(&[("models/notes.txt", Some("hello"))]);
    assert_reported(&diags, Rule::UnexpectedFile, "models/notes.txt", 1);
}

#[test]
fn encodings_other_than_plain_utf8() {
    let dir = copy_fixture("minimal");
    std::fs::write(dir.path().join(ALPHA_1), b"name = \"alpha-1\"\ndescription = \"caf\xe9\"\n").unwrap();
    std::fs::write(dir.path().join(ALPHA_2), b"\xEF\xBB\xBFname = \"alpha-2\"\n").unwrap();
    let diags = validate_dir(dir.path()).unwrap().diagnostics;
    let bad = diags.iter().find(|d| d.rule == Rule::Encoding && d.file.ends_with(ALPHA_1)).unwrap();
    assert_eq!((bad.line(), bad.column()), (2, 19));
    assert!(
        diags
            .iter()
            .any(|d| d.rule == Rule::Encoding && d.file.ends_with(ALPHA_2) && d.message.contains("byte-order mark"))
    );
}

#[test]
fn unquoted_nan_inf_and_dates_are_not_taken_for_text() {
    for value in ["nan", "inf", "2026-01-01", "07:30:00"] {
        let file = std::fs::read_to_string(fixture("minimal").join(ALPHA_1)).unwrap();
        let diags = run(&[(ALPHA_1, Some(&file.replace("name = \"alpha-1\"", &format!("name = {value}"))))]);
        assert_reported(&diags, Rule::Schema, ALPHA_1, 2);
        let d = diags.iter().find(|d| d.rule == Rule::Schema).unwrap();
        assert!(d.message.contains("unquoted"), "{value}: {}", d.message);
    }
}

#[test]
fn labels_that_read_the_same_are_duplicates() {
    // "Clі" with a Cyrillic `і`, in another case: the label "CLI" to a reader.
    let diags = run(&[("catalog.toml", Some(&catalog_with("label = \"API\"", "label = \"Cl\u{0456}\"")))]);
    assert!(diags.iter().any(|d| d.rule == Rule::DuplicateLabel && d.message.contains("reads the same")), "{diags:#?}");
    // An invisible zero-width space is refused outright.
    let diags = run(&[("catalog.toml", Some(&catalog_with("label = \"API\"", "label = \"A\u{200B}PI\"")))]);
    assert!(diags.iter().any(|d| d.rule == Rule::ForbiddenCharacter), "{diags:#?}");
    // A left-to-right mark, U+034F or U+180E: refused by their Unicode property, and the label
    // still reads as "CLI".
    for invisible in ['\u{200E}', '\u{034F}', '\u{180E}', '\u{2061}'] {
        let diags =
            run(&[("catalog.toml", Some(&catalog_with("label = \"API\"", &format!("label = \"CLI{invisible}\""))))]);
        assert!(diags.iter().any(|d| d.rule == Rule::ForbiddenCharacter), "U+{:04X}: {diags:#?}", invisible as u32);
        assert!(diags.iter().any(|d| d.rule == Rule::DuplicateLabel), "U+{:04X}: {diags:#?}", invisible as u32);
    }
    // A capital I reads as a lower-case l: `CLl` is `CLI`.
    let diags = run(&[("catalog.toml", Some(&catalog_with("label = \"API\"", "label = \"CLl\"")))]);
    assert!(diags.iter().any(|d| d.rule == Rule::DuplicateLabel), "{diags:#?}");
    // `Café` in NFC and in NFD are one label.
    let text = catalog_with("label = \"API\"", "label = \"Caf\u{e9}\"").replacen(
        "label = \"CLI\"",
        "label = \"Cafe\u{301}\"",
        1,
    );
    let diags = run(&[("catalog.toml", Some(&text))]);
    assert!(diags.iter().any(|d| d.rule == Rule::DuplicateLabel), "{diags:#?}");
}

/// Issue 20, 12: a chain of 10,000 successors made a 1.1 GB export (each `upgrade_path` lists the
/// rest of its chain): chains are bounded, so the exports stay linear in the catalog.
#[test]
fn succession_chains_are_bounded() {
    let file = |slug: &str, next: Option<String>| {
        let next = next.map(|n| format!("succeeded_by = \"{n}\"\n")).unwrap_or_default();
        format!("name = \"{slug}\"\ndescription = \"A link of a chain.\"\n{next}\n[sources]\ndefault = \"doc\"\n")
    };
    let chain = |n: usize| -> Vec<(String, String)> {
        (0..n)
            .map(|i| {
                let slug = format!("chain-{i}");
                let next = (i + 1 < n).then(|| format!("chain-{}", i + 1));
                (format!("models/{slug}.toml"), file(&slug, next))
            })
            .collect()
    };
    let run_chain = |n: usize| {
        let files = chain(n);
        let edits: Vec<(&str, Option<&str>)> = files.iter().map(|(p, t)| (p.as_str(), Some(t.as_str()))).collect();
        run(&edits)
    };
    assert!(!run_chain(32).iter().any(|d| d.rule == Rule::SuccessionDepth));
    let diags = run_chain(33);
    assert_reported(&diags, Rule::SuccessionDepth, "models/chain-0.toml", 3);
    assert_eq!(diags.iter().filter(|d| d.rule == Rule::SuccessionDepth).count(), 1, "one finding per chain");
}

/// Issue 20, 4: generated Rust that would not compile is refused before anything is written:
/// two surface ids that make one variant, and a variant named like an associated const.
#[test]
fn identifiers_collide_across_every_generated_namespace() {
    let diags = run(&[("catalog.toml", Some(&catalog_with("id = \"api\"", "id = \"cli_\"")))]);
    let d = diags.iter().find(|d| d.rule == Rule::IdentifierCollision).expect("a collision");
    assert!(d.message.contains("`Surface::Cli`"), "{}", d.message);
    assert_reported(&diags, Rule::IdentifierCollision, "catalog.toml", 25);
    let diags = run(&[("catalog.toml", Some(&catalog_with("id = \"main\"", "id = \"a_l_l\"")))]);
    assert!(diags.iter().any(|d| d.rule == Rule::IdentifierCollision && d.message.contains("`Section::ALL`")));
    let model = "name = \"a-l-l\"\ndescription = \"d\"\n\n[sources]\ndefault = \"doc\"\n";
    let diags = run(&[("models/a-l-l.toml", Some(model))]);
    assert!(diags.iter().any(|d| d.rule == Rule::IdentifierCollision && d.message.contains("`Model::ALL`")));
}

/// Issue 20, 10: URLs are read as a browser reads them (a WHATWG parser), and the links and
/// images of every text, the template's too, go by the same rule.
#[test]
fn urls_are_read_as_a_browser_reads_them_in_every_text() {
    let alpha_2 = std::fs::read_to_string(fixture("minimal").join(ALPHA_2)).unwrap();
    for (wallpaper, bad) in [
        ("/\\\\evil.example/x.jpg", true),
        ("/images/%2e%2e/secret.jpg", true),
        ("/images/%2E%2E/secret.jpg", true),
        ("/images/./a.jpg", true),
        ("http://tracker.example/p.gif", true),
        ("https://user:pw@cdn.example/a.jpg", true),
        ("/images/a%20b.jpg", false),
        ("https://cdn.example/images/a.jpg?x=1#y", false),
    ] {
        let file = alpha_2.replace("/images/alpha-2.png", wallpaper);
        let diags = run(&[(ALPHA_2, Some(&file))]);
        assert_eq!(diags.iter().any(|d| d.rule == Rule::Url), bad, "{wallpaper}: {diags:#?}");
    }
    let guidance = "guidance = \"See [this](javascript:alert(1)) and ![t](http://tracker.example/p.gif).\"";
    let diags = run(&[("catalog.toml", Some(&catalog_with("guidance = \"Start with `alpha-2`.\"", guidance)))]);
    assert_eq!(diags.iter().filter(|d| d.rule == Rule::Url).count(), 2, "{diags:#?}");
    assert_reported(&diags, Rule::Url, "catalog.toml", 32);
    let page =
        "# {/* catalog:title */}\n\nRead [the terms](http://example.com/terms).\n\n{/* catalog:section main */}\n";
    let diags = run(&[("page.mdx", Some(page))]);
    assert_reported(&diags, Rule::Url, "page.mdx", 3);
}

/// Issue 21, part 5: what a maintainer gets wrong, said where it is.
#[test]
fn a_copied_model_that_keeps_its_neighbours_name_is_reported_at_its_name() {
    let alpha_1 = std::fs::read_to_string(fixture("minimal").join(ALPHA_1)).unwrap();
    let copied =
        alpha_1.replace("slug = \"alpha-1\"", "slug = \"alpha-3\"").replace("succeeded_by = \"alpha-2\"\n", "");
    let diags = run(&[("models/alpha-3.toml", Some(&copied))]);
    assert_reported(&diags, Rule::DuplicateLabel, "models/alpha-3.toml", 2);
    let d = diags.iter().find(|d| d.rule == Rule::DuplicateLabel).unwrap();
    assert!(d.message.contains("two cards with one title"), "{}", d.message);
    assert!(d.places().iter().any(|(f, l, _)| *f == ALPHA_1 && *l == 2), "the first is labelled: {:?}", d.places());
}

#[test]
fn an_upgrade_to_a_deprecated_model_is_a_warning_unless_acknowledged() {
    let alpha_2 = std::fs::read_to_string(fixture("minimal").join(ALPHA_2)).unwrap();
    let deprecated = format!("{alpha_2}\n[status]\nkind = \"deprecated\"\n");
    let diags = run(&[(ALPHA_2, Some(&deprecated))]);
    assert_reported(&diags, Rule::UpgradeDeprecated, ALPHA_1, 6);
    // alpha-0 reaches alpha-2 through alpha-1.
    let through = diags.iter().find(|d| d.rule == Rule::UpgradeDeprecated && d.file.ends_with("alpha-0.toml")).unwrap();
    assert!(through.message.contains("(through `alpha-1`)"), "{}", through.message);
    let acknowledge = |slug: &str| {
        format!(
            "\n[[acknowledged]]\nrule = \"upgrade-deprecated\"\nmodels = [\"{slug}\"]\nreason = \"the page says so\"\n"
        )
    };
    let acknowledged = format!(
        "{}{}{}",
        std::fs::read_to_string(fixture("minimal").join("catalog.toml")).unwrap(),
        acknowledge("alpha-0"),
        acknowledge("alpha-1")
    );
    let diags = run(&[(ALPHA_2, Some(&deprecated)), ("catalog.toml", Some(&acknowledged))]);
    assert!(
        !diags.iter().any(|d| d.rule == Rule::UpgradeDeprecated || d.rule == Rule::StaleAcknowledgement),
        "{diags:#?}"
    );
    // Without the deprecation the acknowledgement is stale.
    let diags = run(&[("catalog.toml", Some(&acknowledged))]);
    assert!(diags.iter().any(|d| d.rule == Rule::StaleAcknowledgement), "{diags:#?}");
}

#[test]
fn missing_description_type_errors_and_repeated_tables_point_at_their_lines() {
    let alpha_1 = std::fs::read_to_string(fixture("minimal").join(ALPHA_1)).unwrap();
    let diags = run(&[(ALPHA_1, Some(&alpha_1.replace("description = \"An older test model.\"\n", "")))]);
    assert_reported(&diags, Rule::MissingDescription, ALPHA_1, 2);
    let diags = run(&[(ALPHA_1, Some(&alpha_1.replace("capability = 4", "capability = 3.5")))]);
    let d = diags.iter().find(|d| d.rule == Rule::Schema).expect("a schema error");
    assert_eq!(d.message, "expected a whole number, found the fraction 3.5");
    let diags = run(&[(ALPHA_1, Some(&format!("{alpha_1}\n[availability]\ncli = false\n")))]);
    let syntax: Vec<_> = diags.iter().filter(|d| d.rule == Rule::TomlSyntax).collect();
    assert_eq!(syntax.len(), 1, "one error for one repeated table: {syntax:#?}");
    assert!(
        syntax[0].places().iter().any(|(_, l, _)| *l == 8),
        "the first table is labelled: {:?}",
        syntax[0].places()
    );
}

/// A text whose links cannot be checked (beyond the page bounds) is reported, not let through.
#[test]
fn links_that_cannot_be_checked_are_reported() {
    let alpha_1 = std::fs::read_to_string(fixture("minimal").join(ALPHA_1)).unwrap();
    let deep = format!("{} [x](javascript:alert(1))", ">".repeat(40));
    let diags = run(&[(ALPHA_1, Some(&alpha_1.replace("An older test model.", &deep)))]);
    let d = diags.iter().find(|d| d.rule == Rule::Url).expect("a url diagnostic");
    assert!(d.message.contains("cannot be checked"), "{}", d.message);
}

/// Finding a repeated key's first definition scans the file before it: only the first 16 of a
/// file are labelled, so thousands of repeats cost 16 scans, not thousands (40,000 took 13 s).
#[test]
fn only_the_first_repeated_keys_of_a_file_are_traced_to_their_first_definition() {
    let file = format!("name = \"alpha-9\"\n{}", "a = 1\n".repeat(40));
    let diags = run(&[("models/alpha-9.toml", Some(&file))]);
    let repeats: Vec<_> = diags.iter().filter(|d| d.rule == Rule::TomlSyntax).collect();
    assert_eq!(repeats.len(), 39, "every repeat is reported");
    assert!(repeats[..16].iter().all(|d| !d.labels.is_empty()));
    assert!(repeats[16..].iter().all(|d| d.labels.is_empty()));
}
