//! The renderers on the fixture catalogs: snapshots of every format, round trips, and hostile
//! text that must come back intact and inert.
//!
//! Snapshots live in `tests/snapshots/<fixture>/`; refresh them with `UPDATE_EXPECT=1 cargo test`.

use crate::common;

use codex_catalog::Catalog;
use codex_catalog::diagnostic::SourceText;
use codex_catalog::generate::outputs;
use codex_catalog::import;
use codex_catalog::render::{csv as csv_out, json, markdown, mdx, rust};
use codex_catalog::validate::validate_dir;
use common::{fixture, root};
use pulldown_cmark::{Event, Options, Tag, TagEnd};

const FIXTURES: [&str; 4] = ["minimal", "seed-000", "page-2026-04-03", "hostile"];

fn catalog(name: &str) -> Catalog {
    let outcome = validate_dir(&fixture(name)).unwrap();
    outcome.catalog.unwrap_or_else(|| panic!("{name}: {:#?}", outcome.diagnostics))
}

#[test]
fn snapshots_of_every_format() {
    for name in FIXTURES {
        let c = catalog(name);
        // The schemas, the two types made from the fact declarations alone and the rule
        // reference are checked against the committed files by `cargo xtask check`; they hold
        // no catalog data.
        let from_declarations = [
            codex_catalog::facts::EXPORT_MODEL_PATH,
            codex_catalog::facts::MODEL_INFO_PATH,
            codex_catalog::diagnostic::RULES_DOC_PATH,
        ];
        for out in outputs(&c)
            .into_iter()
            .filter(|o| !o.path.starts_with("schema/") && !from_declarations.contains(&o.path.as_str()))
        {
            // The CLI's catalog shares its file name with the JSON export.
            let file = match out.path.strip_prefix("exports/codex/") {
                Some(name) => format!("codex-{name}"),
                None => out.path.rsplit('/').next().unwrap().to_string(),
            };
            let snapshot = root().join("tests/snapshots").join(name).join(format!("{file}.snap"));
            std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
            expect_test::expect_file![snapshot].assert_eq(&out.contents);
        }
    }
}

#[test]
fn outputs_are_deterministic_lf_and_newline_terminated() {
    for name in FIXTURES {
        let (a, b) = (outputs(&catalog(name)), outputs(&catalog(name)));
        assert_eq!(a, b);
        for out in a {
            assert!(!out.contents.contains('\r'), "{name} {}", out.path);
            assert!(out.contents.ends_with('\n'), "{name} {}", out.path);
        }
    }
}

/// Every fact [`MODEL_FACTS`](codex_catalog::facts::MODEL_FACTS) declares is a key of every
/// model of the JSON export, with the value the table reads from the catalog, and the export has
/// no other key: for the real catalog and every fixture catalog, so a fact added to the table
/// is compared without an edit here.
#[test]
fn every_declared_fact_agrees_with_the_json_export() {
    let fixtures = root().join("tests/fixtures/catalogs");
    let mut dirs: Vec<_> = std::fs::read_dir(&fixtures).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    dirs.insert(0, root().join("catalog"));
    for dir in dirs {
        let outcome = validate_dir(&dir).unwrap();
        let c = outcome.catalog.unwrap_or_else(|| panic!("{}: {:#?}", dir.display(), outcome.diagnostics));
        let exported: serde_json::Value = serde_json::from_str(&json::render(&c)).unwrap();
        let mismatches = common::export_mismatches(&exported, &c);
        assert!(mismatches.is_empty(), "{}: {mismatches:#?}", dir.display());
        for m in exported["models"].as_array().unwrap() {
            for key in m.as_object().unwrap().keys() {
                let declared = codex_catalog::facts::MODEL_FACTS.iter().any(|f| f.key == key);
                assert!(declared, "{}: `{key}` is exported but not declared", dir.display());
            }
        }
    }
}

#[test]
fn json_round_trips_through_from_json() {
    for name in FIXTURES {
        let c = catalog(name);
        let back = codex_export::Catalog::from_json(&json::render(&c)).unwrap();
        let mismatches = common::export_mismatches(&serde_json::to_value(&back).unwrap(), &c);
        assert!(mismatches.is_empty(), "{name}: {mismatches:#?}");
    }
}

#[test]
fn json_keeps_every_key_and_writes_null_for_unknown() {
    let value: serde_json::Value = serde_json::from_str(&json::render(&catalog("minimal"))).unwrap();
    let alpha0 = value["models"].as_array().unwrap().iter().find(|m| m["slug"] == "alpha-0").unwrap();
    assert_eq!(alpha0["capability"], serde_json::Value::Null);
    assert_eq!(alpha0["section"], serde_json::Value::Null);
    assert_eq!(alpha0["availability"], serde_json::json!({"cli": null, "api": null}));
    assert_eq!(alpha0["upgrade_path"], serde_json::json!(["alpha-1", "alpha-2"]));
    assert_eq!(alpha0["upgrade_to"], "alpha-2");
    assert_eq!(alpha0["codex_command"], "codex -m alpha-0");
}

#[test]
fn csv_reads_back_to_the_same_data() {
    for name in FIXTURES {
        let c = catalog(name);
        let text = csv_out::render(&c);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, csv_out::header(&c));
        let col = |n: &str| header.iter().position(|h| h == n).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), c.models().len());
        for (row, m) in rows.iter().zip(c.models()) {
            let cell = |n: &str| csv_out::unneutralize(&row[col(n)]).to_string();
            assert_eq!(cell("slug"), m.slug());
            assert_eq!(cell("name"), m.data().name.clone().unwrap_or_default());
            assert_eq!(cell("description"), m.data().description.clone().unwrap_or_default());
            assert_eq!(cell("capability"), m.data().capability.map(|v| v.to_string()).unwrap_or_default());
            for s in c.surfaces() {
                let expected = c
                    .surface_by_id(&s.id)
                    .and_then(|(id, _)| m.availability(id))
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                assert_eq!(cell(&format!("surface:{}", s.id)), expected);
                assert_eq!(
                    cell(&format!("note:{}", s.id)),
                    m.data().availability_notes.get(&s.id).cloned().unwrap_or_default()
                );
            }
            // Nothing a spreadsheet would execute.
            for raw in row.iter() {
                assert!(!raw.starts_with(['=', '+', '-', '@', '\t', '\r']), "{name}: {raw:?}");
            }
        }
    }
}

/// Each table's rows as cells of plain text, and whether any raw HTML came through.
fn tables(md: &str) -> (Vec<Vec<Vec<String>>>, bool) {
    let mut tables = Vec::new();
    let mut html = false;
    let mut cell = None::<String>;
    for event in pulldown_cmark::Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => tables.last_mut().unwrap().push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let row: &mut Vec<String> = tables.last_mut().unwrap().last_mut().unwrap();
                row.push(cell.take().unwrap());
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            // Our own header comment is the one piece of HTML allowed.
            Event::Html(h) | Event::InlineHtml(h) if !h.starts_with("<!-- generated by") => html = true,
            _ => {}
        }
    }
    (tables, html)
}

#[test]
fn markdown_tables_keep_their_shape_and_text() {
    for name in FIXTURES {
        let c = catalog(name);
        let md = markdown::render(&c);
        let (tables, _) = tables(&md);
        assert!(!tables.is_empty());
        let mut names = Vec::new();
        for table in &tables {
            let width = table[0].len();
            assert_eq!(width, 6 + c.surfaces().len(), "{name}");
            for row in table {
                assert_eq!(row.len(), width, "{name}: {row:?}");
            }
            names.extend(table.iter().skip(1).map(|row| row[0].clone()));
        }
        let expected: Vec<String> =
            c.models().iter().map(|m| m.data().name.clone().unwrap_or_else(|| m.slug().to_string())).collect();
        assert_eq!(names, expected, "{name}: every model once, its name intact");
    }
}

#[test]
fn hostile_text_stays_text_in_markdown() {
    let c = catalog("hostile");
    let (tables, html) = tables(&markdown::render(&c));
    assert!(!html, "no HTML gets through");
    let header = &tables[0][0];
    assert_eq!(header[1], "Capa|bility {x}");
    assert_eq!(header[3], "Say \"hi\" | {x} & <i>");
    assert_eq!(tables[0][1][3], "✓ (-2 \"note\" | {x})");
    // The heading survives as text too.
    let md = markdown::render(&c);
    let heading: String = pulldown_cmark::Parser::new(&md)
        .skip_while(|e| !matches!(e, Event::Start(Tag::Heading { .. })))
        .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
        .filter_map(|e| if let Event::Text(t) = e { Some(t.to_string()) } else { None })
        .collect();
    assert_eq!(heading, c.file().title);
}

#[test]
fn the_page_parses_as_mdx() {
    for name in FIXTURES {
        let page = mdx::render(&catalog(name));
        ::markdown::to_mdast(&page, &::markdown::ParseOptions::mdx()).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn hostile_text_comes_back_intact_from_the_page() {
    let c = catalog("hostile");
    let page = mdx::render(&c);
    let parsed = import::parse_page(&SourceText::new("models.mdx".into(), page.clone())).unwrap();
    assert_eq!(parsed.title.as_deref(), Some(c.file().title.as_str()));
    assert_eq!(parsed.sections.len(), 1);
    let section = &parsed.sections[0];
    assert_eq!(section.title, c.sections()[0].title());
    assert_eq!(section.grid_class.as_deref(), c.sections()[0].grid_class());
    assert_eq!(section.guidance.as_deref(), c.sections()[0].guidance());
    assert_eq!(section.cards.len(), 2, "exactly the two cards: no injected elements");
    for (card, m) in section.cards.iter().zip(c.models()) {
        assert_eq!(card.text("name"), m.data().name.as_deref());
        assert_eq!(card.text("description"), Some(c.page_description(m).as_str()));
    }
    assert_eq!(section.cards[0].text("data-note"), Some("x\"}{<y>"));
    assert_eq!(section.cards[0].text("wallpaperUrl"), Some("/images/a&b \"c\".png"));
    let labels: Vec<String> = section.cards[0]
        .features
        .iter()
        .filter_map(|f| match f {
            import::PageFeature::Flag { title, .. } => Some(title.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(labels, ["Say \"hi\" | {x} & <i>", "=SUM(A1:A9)"]);
}

#[test]
fn hostile_text_comes_back_intact_from_the_rust_code() {
    let c = catalog("hostile");
    let code = rust::render(&c);
    let file = syn::parse_file(&code).unwrap();
    let mut strings = Vec::new();
    collect_strings(quote::ToTokens::to_token_stream(&file), &mut strings);
    for text in [
        c.models()[0].data().description.clone().unwrap(),
        c.models()[0].data().name.clone().unwrap_or_default(),
        c.surfaces()[0].label.clone(),
    ] {
        assert!(strings.contains(&text), "{text:?} not a literal of generated.rs");
    }
}

fn collect_strings(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
    for tt in tokens {
        match tt {
            proc_macro2::TokenTree::Group(g) => collect_strings(g.stream(), out),
            proc_macro2::TokenTree::Literal(l) => {
                if let Ok(s) = syn::parse_str::<syn::LitStr>(&l.to_string()) {
                    out.push(s.value());
                }
            }
            _ => {}
        }
    }
}
