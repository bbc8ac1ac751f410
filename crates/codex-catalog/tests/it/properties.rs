//! Property tests: arbitrary valid catalogs survive every export, and arbitrary damage to
//! catalog files never panics the validator and is always reported with a location.

use crate::common;

use std::collections::BTreeMap;

use codex_catalog::diagnostic::{Rule, Severity, SourceText};
use codex_catalog::model::{Card, CatalogFile, CatalogSources, Document, ModelFile, Scale, Scales, Section, Surface};
use codex_catalog::render::{csv as csv_out, json, markdown, mdx};
use codex_catalog::validate::validate_dir;

use codex_catalog::{Catalog, import};
use proptest::prelude::*;

/// Text with the characters that break formats: table pipes, JSX braces, tags, quotes, formula
/// starters, newlines, non-ASCII. No backticks (a backticked slug must exist) and no controls
/// other than newline (they are refused by design).
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 |{}<>\"'=+@&;*_#\\-\\[\\]\\\\/.!éß漢\n]{1,40}")
        .unwrap()
        .prop_filter("not blank, no succession sentence", |s| {
            !s.trim().is_empty() && !s.to_lowercase().contains("succeeded by")
        })
}

/// Guidance: Markdown paragraphs, each line starting with a letter (so no line opens a list,
/// quote, heading or code block), some reading as ESM (`export const …`, `import … from`).
fn guidance() -> impl Strategy<Value = String> {
    let line = proptest::string::string_regex("[a-zA-Z][a-zA-Z0-9 |{}<>\"'=+@&;*_#.!éß漢\\\\]{0,30}").unwrap();
    let esm =
        proptest::string::string_regex("(export const x = |import \\{a\\} from )[a-z0-9 ={}();.'\\\\]{0,20}").unwrap();
    proptest::collection::vec(prop_oneof![3 => line, 1 => esm], 1..4)
        .prop_map(|lines| lines.iter().map(|l| l.trim_end()).collect::<Vec<_>>().join("\n"))
}

fn label() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 |{}<>\"'=+@&.é]{1,16}")
        .unwrap()
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

#[derive(Debug, Clone)]
struct Arb {
    catalog: CatalogFile,
    models: Vec<(String, ModelFile)>,
}

fn catalog() -> impl Strategy<Value = Arb> {
    let surfaces = proptest::collection::btree_set(label(), 1..4);
    (surfaces, 1usize..7, label(), proptest::option::of(guidance()))
        .prop_flat_map(|(labels, n, title, guidance)| {
            let labels: Vec<String> = labels.into_iter().collect();
            let k = labels.len();
            let model = (
                label(),
                proptest::option::of(label()),
                proptest::option::of(text()),
                proptest::option::of(1u8..=5),
                proptest::option::of(1u8..=5),
                proptest::collection::vec(proptest::option::of(any::<bool>()), k),
                proptest::collection::vec(proptest::option::of(text()), k),
                0u8..3, // section: 0 = off the page, 1 or 2
                any::<bool>(),
                any::<bool>(),
            );
            (
                Just(labels),
                Just(title),
                Just(guidance),
                proptest::collection::vec(model, n),
                proptest::collection::vec(any::<bool>(), n),
            )
        })
        .prop_map(|(labels, title, guidance, models, succ)| {
            let surfaces: Vec<Surface> = labels
                .iter()
                .enumerate()
                // Labels must read differently (`duplicate-label` compares them without case,
                // extra spaces or look-alike letters: `"` and `" ` are one label), so each starts
                // with its index.
                .map(|(i, l)| Surface { id: format!("s{i}"), label: format!("{i} {l}"), retired: false })
                .collect();
            let mut sections = vec![
                Section {
                    id: "first".into(),
                    title: "First".into(),
                    models: vec![],
                    guidance: guidance.clone(),
                    grid_class: Some("grid".into()),
                },
                Section {
                    id: "second".into(),
                    title: "Second".into(),
                    models: vec![],
                    guidance: None,
                    grid_class: None,
                },
            ];
            let mut files = Vec::new();
            let n = models.len();
            for (i, (name, prose, description, cap, speed, avail, notes, section, client_load, collapsible)) in
                models.into_iter().enumerate()
            {
                let slug = format!("m-{i}");
                let mut section = section;
                if i == 0 {
                    section = 1; // the default and example model is on the page
                }
                let on_page = section > 0;
                if on_page {
                    sections[section as usize - 1].models.push(slug.clone());
                }
                let mut availability = BTreeMap::new();
                let mut availability_notes = BTreeMap::new();
                for (j, (a, note)) in avail.into_iter().zip(notes).enumerate() {
                    if let Some(a) = a {
                        availability.insert(format!("s{j}"), a);
                    }
                    if let Some(note) = note {
                        availability_notes.insert(format!("s{j}"), note);
                    }
                }
                let file = ModelFile {
                    // Each card its own title (`duplicate-label`): the drawn text and the index.
                    name: Some(format!("{name} #{i}")),
                    prose_name: prose,
                    description: if on_page {
                        Some(description.unwrap_or_else(|| "Described.".into()))
                    } else {
                        description
                    },
                    capability: cap,
                    speed,
                    availability,
                    availability_notes,
                    // Succession only to a later model: never a cycle.
                    succeeded_by: (succ[i] && i + 1 < n).then(|| format!("m-{}", i + 1)),
                    card: Card { client_load, collapsible, ..Card::default() },
                    // Every other fact unknown, whatever facts are declared.
                    ..ModelFile::new(None, "doc")
                };
                files.push((slug, file));
            }
            let catalog = CatalogFile {
                title,
                default_model: Some("m-0".into()),
                example_model: Some("m-0".into()),
                cloud_model: None,
                scales: Scales {
                    capability: Scale { label: "Capability".into(), icon: "i.Star".into(), max: 5 },
                    speed: Scale { label: "Speed".into(), icon: "i.Bolt".into(), max: 5 },
                },
                surfaces,
                sections,
                documents: vec![Document { id: "doc".into(), title: "Doc".into(), date: None, location: None }],
                sources: CatalogSources::from_default("doc".to_string()),
                acknowledged: Vec::new(),
                codex: None,
            };
            Arb { catalog, models: files }
        })
}

/// Cases per property: `PROPTEST_CASES` when set (`.ci/run` sets it to go deeper than a
/// developer's `cargo test`), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Write the catalog in the real on-disk format and validate it.
fn load(arb: &Arb) -> (tempfile::TempDir, Catalog) {
    common::write_and_load(&arb.catalog, &arb.models)
}

proptest! {
    // Each case renders, parses and checks every output of a catalog, and compiles its editor
    // schema: 64 cases take 3 s in a debug build.
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn every_export_round_trips(arb in catalog()) {
        let (_dir, c) = load(&arb);

        // JSON back to the same data; written a model at a time as serde_json writes it whole.
        let text = json::render(&c);
        prop_assert_eq!(&text, &(serde_json::to_string_pretty(&json::to_export(&c)).unwrap() + "\n"));
        let back = codex_export::Catalog::from_json(&text).unwrap();
        let mismatches = common::export_mismatches(&serde_json::to_value(&back).unwrap(), &c);
        prop_assert!(mismatches.is_empty(), "{:#?}", mismatches);

        // CSV back to the same text, once the neutralising prefix is stripped.
        let text = csv_out::render(&c);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let col = |n: &str| header.iter().position(|h| h == n).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        prop_assert_eq!(rows.len(), c.models().len());
        for (row, m) in rows.iter().zip(c.models()) {
            prop_assert_eq!(csv_out::unneutralize(&row[col("name")]), m.data().name.as_deref().unwrap_or(""));
            prop_assert_eq!(csv_out::unneutralize(&row[col("description")]), m.data().description.as_deref().unwrap_or(""));
            for (i, s) in c.surfaces().iter().enumerate() {
                let note = m.data().availability_notes.get(&s.id).map_or("", String::as_str);
                prop_assert_eq!(csv_out::unneutralize(&row[col(&format!("note:s{i}"))]), note);
            }
        }

        // Markdown tables keep their shape.
        let md = markdown::render(&c);
        let mut widths = Vec::new();
        let mut width = 0;
        for event in pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES) {
            match event {
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::TableCell) => width += 1,
                pulldown_cmark::Event::End(pulldown_cmark::TagEnd::TableHead | pulldown_cmark::TagEnd::TableRow) => {
                    widths.push(width);
                    width = 0;
                }
                _ => {}
            }
        }
        prop_assert_eq!(widths.len(), c.models().len() + md.matches("\n| Model |").count());
        prop_assert!(widths.iter().all(|w| *w == 6 + c.surfaces().len()), "{:?}", widths);

        // The editor's schema for this catalog accepts each of its model files.
        let editor = codex_catalog::schema::check::Validator::new(&codex_catalog::schema::editor::model_schema(&c)).unwrap();
        for m in c.models() {
            let file = serde_json::to_value(m.data()).unwrap();
            let errors: Vec<String> = editor.errors(&file).iter().map(|e| e.to_string()).collect();
            prop_assert!(errors.is_empty(), "{}: {:?}", m.slug(), errors);
        }

        // The page, cards and all, parses and holds no code the template does not.
        let page = mdx::render(&c);
        let checked = mdx::check_page(&c, &page);
        prop_assert!(checked.is_ok(), "{:?}\n{}", checked, page);

        // Importing the page gives back every fact it shows.
        let parsed = import::parse_page(&SourceText::new("models.mdx".into(), page)).unwrap();
        prop_assert_eq!(parsed.title.as_deref(), Some(c.file().title.trim()));
        let cards: Vec<&import::PageCard> = parsed.cards().collect();
        let on_page: Vec<_> = c.sections().iter().flat_map(|s| c.section_models(s)).collect();
        prop_assert_eq!(cards.len(), on_page.len());

        // The preview draws each card of the page, and no text in it becomes markup.
        let preview = codex_catalog::render::html::render(&c);
        let tags = common::only_known_tags(&preview);
        prop_assert!(tags.is_ok(), "{:?}", tags);
        prop_assert_eq!(preview.matches("<article class=\"card").count(), on_page.len());
        for (card, m) in cards.iter().zip(on_page) {
            prop_assert_eq!(card.text("slug"), Some(m.slug()));
            prop_assert_eq!(card.text("name"), m.data().name.as_deref());
            let description = c.page_description(m);
            prop_assert_eq!(card.text("description"), Some(description.as_str()));
            prop_assert_eq!(card.flag("client:load"), m.data().card.client_load);
            prop_assert_eq!(card.flag("collapsible"), m.data().card.collapsible);
            let mut expected = Vec::new();
            if let Some(n) = m.data().capability {
                expected.push(import::PageFeature::Rating { title: "Capability".into(), icon: "i.Star".into(), count: n });
            }
            if let Some(n) = m.data().speed {
                expected.push(import::PageFeature::Rating { title: "Speed".into(), icon: "i.Bolt".into(), count: n });
            }
            for s in c.surfaces() {
                if let Some(v) = c.surface_by_id(&s.id).and_then(|(id, _)| m.availability(id)) {
                    expected.push(import::PageFeature::Flag { title: s.label.clone(), value: v });
                }
            }
            prop_assert_eq!(&card.features, &expected);
        }
        for (section, original) in parsed.sections.iter().zip(c.sections().iter().filter(|s| !s.model_ids().is_empty())) {
            prop_assert_eq!(section.title.as_str(), original.title());
            prop_assert_eq!(section.guidance.as_deref(), original.guidance());
        }
    }

}

proptest! {
    // Each case copies a catalog and validates it (0.8 s per 256 cases in a debug build).
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_never_panic_and_are_reported_with_a_location(
        file in 0usize..4,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..6),
    ) {
        let dir = common::copy_fixture("minimal");
        let name = ["catalog.toml", "models/alpha-0.toml", "models/alpha-1.toml", "models/alpha-2.toml"][file];
        let path = dir.path().join(name);
        let mut bytes = std::fs::read(&path).unwrap();
        for (at, op, byte) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                2 => { bytes.remove(i); }
                _ => bytes.truncate(i),
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        let outcome = validate_dir(dir.path()).unwrap();
        // A catalog exactly when there is no error (the exit status follows from the
        // diagnostics: `xtask::Failure::of_diagnostics`); every error located.
        let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        prop_assert_eq!(outcome.catalog.is_some(), errors.is_empty());
        for d in errors {
            prop_assert!(!d.file.is_empty() && d.line() >= 1 && d.column() >= 1, "{:?}", d);
        }
    }

    /// A byte that cannot start a TOML line, put at the start of a random line of a random file:
    /// the syntax error is reported on that line, at column 1, and nowhere before it. (Reporting
    /// every error at 1:1, or at the end of the file, fails this.)
    #[test]
    fn a_syntax_error_is_reported_where_the_damage_is(
        file in 0usize..4,
        line in any::<prop::sample::Index>(),
        byte in prop::sample::select(b"=,}]!%@*&^|;".to_vec()),
    ) {
        let dir = common::copy_fixture("minimal");
        let name = ["catalog.toml", "models/alpha-0.toml", "models/alpha-1.toml", "models/alpha-2.toml"][file];
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        // Lines that start a key or a table: the damage there is a syntax error of that line.
        let starts: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with(|c: char| c.is_ascii_lowercase() || c == '['))
            .map(|(i, _)| i)
            .collect();
        let target = starts[line.index(starts.len())];
        let damaged: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, l)| if i == target { format!("{}{l}", byte as char) } else { l.to_string() })
            .collect();
        std::fs::write(&path, damaged.join("\n") + "\n").unwrap();
        let outcome = validate_dir(dir.path()).unwrap();
        let syntax: Vec<_> = outcome.diagnostics.iter().filter(|d| d.rule == Rule::TomlSyntax).collect();
        prop_assert!(!syntax.is_empty(), "no syntax error for {:?} at line {}", byte as char, target + 1);
        for d in &syntax {
            prop_assert!(d.file.ends_with(name), "{:?}", d);
            prop_assert!(d.line() > target, "reported before the damage: {:?}", d);
        }
        prop_assert!(
            syntax.iter().any(|d| (d.line(), d.column()) == (target + 1, 1)),
            "no error at {}:1: {:?}", target + 1, syntax.iter().map(|d| (d.line(), d.column(), &d.message)).collect::<Vec<_>>()
        );
    }
}

/// Any JSON value: nulls, booleans, integers of every size, floats, strings (short, long enough
/// to be kept as a text, with any characters) and nested arrays and objects whose keys may read
/// as the stored form's markers.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        ("[a-z \n]{0,3}", 500usize..700).prop_map(|(s, n)| Value::from(s.repeat(n / s.len().max(1) + 1))),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("null".to_string()),
                        Just("text".to_string()),
                        Just("json".to_string()),
                        "[a-z_.\" ]{0,6}"
                    ],
                    inner
                ),
                0..4
            )
            .prop_map(|entries| serde_json::Value::Object(entries.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    /// A model entry of the Codex CLI's catalog with any field values comes back from the
    /// stored form (markers, shared texts, the TOML of its `[codex]` table) as the same JSON,
    /// key order included.
    #[test]
    fn any_cli_entry_round_trips_through_its_toml(fields in prop::collection::vec(("[a-z_]{1,8}", json_value()), 0..6)) {
        use codex_catalog::codex::encode::{decode_value, emit_table, encode_file, parse_file};
        let mut entry = serde_json::Map::new();
        entry.insert("slug".into(), "m".into());
        for (k, v) in fields {
            entry.insert(k, v);
        }
        let file = serde_json::json!({ "models": [serde_json::Value::Object(entry.clone())] }).to_string();
        let top = parse_file(&file).unwrap();
        let original = &top["models"][0];
        let imported = encode_file(&top, &std::collections::BTreeMap::new());
        let toml_text = emit_table("codex", &imported.entries[0].1.0);
        let table: toml::Table = toml::from_str(&toml_text).map_err(|e| TestCaseError::fail(format!("{e}\n{toml_text}")))?;
        let stored = serde_json::to_value(&table["codex"]).unwrap();
        let texts = |name: &str| imported.texts.get(name).map(String::as_str);
        let back = decode_value(&stored, &texts, &mut String::new()).unwrap();
        prop_assert_eq!(back.to_string(), original.to_string(), "{}", toml_text);
    }
}
