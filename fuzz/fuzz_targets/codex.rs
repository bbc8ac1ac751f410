//! The Codex CLI import on arbitrary files: a file that parses as the CLI's catalog must come
//! back, through the stored form (markers, texts, the TOML of each `[codex]` table), as the same
//! JSON value, key order included. Nothing may panic on any input.
#![no_main]

use std::collections::BTreeMap;

use codex_catalog::codex::encode::{decode_value, emit_table, encode_file, parse_file};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(top) = parse_file(text) else { return };
    let imported = encode_file(&top, &BTreeMap::new());
    let texts = |name: &str| imported.texts.get(name).map(String::as_str);
    let originals = top["models"].as_array().expect("parse_file checked `models`");
    for ((_, entry), original) in imported.entries.iter().zip(originals) {
        let toml_text = emit_table("codex", &entry.0);
        let table: toml::Table = toml::from_str(&toml_text).unwrap_or_else(|e| panic!("{e}\n{toml_text}"));
        let stored: Value = serde_json::to_value(&table["codex"]).expect("TOML values are JSON values");
        let back = decode_value(&stored, &texts, &mut String::new()).expect("every marker decodes");
        assert_eq!(&back, original, "the entry does not round-trip:\n{toml_text}");
        // Key order too (serde_json compares maps without it).
        assert_eq!(back.to_string(), original.to_string());
    }
});
