use std::collections::BTreeMap;

use serde_json::Value;

use super::encode::{self, decode_value, emit_table, encode_file, parse_file};

/// Encode a CLI file, write each entry as TOML, read the TOML back and decode it.
fn round_trip(json: &str) -> String {
    let top = parse_file(json).unwrap();
    let imported = encode_file(&top, &BTreeMap::new());
    let mut models = Vec::new();
    for (_, entry) in &imported.entries {
        let toml_text = emit_table("codex", &entry.0);
        let table: toml::Table = toml::from_str(&toml_text).unwrap();
        let value: Value = serde_json::to_value(&table["codex"]).unwrap();
        let texts = |name: &str| imported.texts.get(name).map(String::as_str);
        models.push(decode_value(&value, &texts, &mut String::new()).unwrap());
    }
    let mut out = serde_json::to_string_pretty(&serde_json::json!({ "models": models })).unwrap();
    out.push('\n');
    out
}

#[test]
fn an_unknown_field_nulls_and_per_model_key_order_round_trip() {
    let long = "x".repeat(super::TEXT_MIN);
    let json = format!(
        r#"{{
  "models": [
    {{
      "slug": "a",
      "a_field_from_the_future": {{
        "nested": [1, null, {{"null": true}}, {{"text": "not a marker"}}],
        "empty": {{}},
        "big": 18446744073709551615,
        "float": 0.5
      }},
      "display_name": "A",
      "upgrade": {{
        "model": "b",
        "retirement_at": null
      }},
      "base_instructions": "{long}"
    }},
    {{
      "display_name": "B",
      "slug": "b",
      "base_instructions": "{long}",
      "weird key.with/dots": "é\u0001\"\\"
    }}
  ]
}}
"#
    );
    // The CLI's files are two-space JSON: the same text, printed that way.
    let value: Value = serde_json::from_str(&json).unwrap();
    let pretty = format!("{}\n", serde_json::to_string_pretty(&value).unwrap());
    assert!(pretty.find("a_field_from_the_future") < pretty.find("display_name"));
    assert!(pretty.find("\"display_name\": \"B\"") < pretty.find("\"slug\": \"b\""));
    assert_eq!(round_trip(&pretty), pretty);
}

#[test]
fn identical_long_texts_are_stored_once() {
    let long = "shared text ".repeat(60);
    let json = format!(r#"{{"models": [{{"slug": "a", "t": "{long}"}}, {{"slug": "b", "t": "{long}"}}]}}"#);
    let imported = encode_file(&parse_file(&json).unwrap(), &BTreeMap::new());
    assert_eq!(imported.texts.len(), 1);
    assert_eq!(imported.text_uses, 2);
    let name = imported.texts.keys().next().unwrap();
    assert_eq!(name, "a.t");
    // A text the catalog already has keeps its name.
    let existing = BTreeMap::from([("kept-name".to_string(), long.clone())]);
    let imported = encode_file(&parse_file(&json).unwrap(), &existing);
    assert_eq!(imported.texts.keys().collect::<Vec<_>>(), ["kept-name"]);
}

#[test]
fn malformed_files_are_refused_with_a_reason() {
    for (json, expected) in [
        ("[]", "not a JSON object"),
        ("{}", "no `models`"),
        (r#"{"models": {}}"#, "not an array"),
        (r#"{"models": [1]}"#, "models[0] is not an object"),
        (r#"{"models": [{}]}"#, "no string `slug`"),
        (r#"{"models": [{"slug": "../x"}]}"#, "is not a slug"),
        (r#"{"models": [{"slug": "a"}, {"slug": "a"}]}"#, "there twice"),
        (r#"{"models": [{"slug": "a", "k": 1, "k": 2}]}"#, "the key `k` is there twice"),
        (r#"{"models": [] } x"#, "trailing"),
    ] {
        let err = parse_file(json).unwrap_err().0;
        assert!(err.contains(expected), "{json}: {err}");
    }
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert!(parse_file(&deep).unwrap_err().0.contains("recursion limit"));
}

#[test]
fn text_names_stay_in_the_catalog_folder() {
    let long = "y".repeat(super::TEXT_MIN);
    let json = format!(r#"{{"models": [{{"slug": "a", "../../Etc/Passwd": "{long}", "..": "{long}z"}}]}}"#);
    let imported = encode_file(&parse_file(&json).unwrap(), &BTreeMap::new());
    for name in imported.texts.keys() {
        assert!(super::is_text_name(name), "{name}");
    }
    let _ = encode::text_names;
}
