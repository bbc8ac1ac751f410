//! The facts of a model, declared once.
//!
//! [`MODEL_FACTS`] lists every per-model fact the exports carry, in CSV column order, with what
//! each consumer needs to know about it: its key (the JSON key and CSV column), the `[sources]`
//! key of the document it comes from, how the semantic diff groups it, its shape (one value, or
//! one per surface), whether the CSV has it, and how to read it from a validated [`Model`]. The
//! CSV columns and the diff's fact list are derived from this table; tests check that the JSON
//! export type (`codex_export::Model`) has exactly these keys and that every source key is a key
//! of [`Sources`](crate::model::Sources), so a fact added in one place and not the other fails.

use serde_json::{Map, Value};

use crate::catalog::{Catalog, Model};

/// How the semantic diff treats a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// The slug: what the diff matches models by.
    Identity,
    /// Resolved from other facts (display name, upgrade target, …): not an edit of its own.
    Derived,
    /// Where the model is placed; the diff reports moves and reorders instead.
    Placement,
    /// Text, diffed word by word.
    Text,
    /// The model's status.
    Status,
    /// The successor.
    Successor,
    /// Capability and speed.
    Rating,
    /// Availability per surface.
    Availability,
    /// Any other fact.
    Detail,
    /// Bookkeeping (where facts came from), not a fact of the model.
    Bookkeeping,
}

/// One value, or one per declared surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One value.
    Single,
    /// An object keyed by surface id; the CSV has a column `<csv_prefix>:<id>` per surface and
    /// the diff names a change `<diff_prefix><id>`.
    PerSurface {
        /// `surface` for `surface:codex_cli`.
        csv_prefix: &'static str,
        /// `note:` for `note:codex_cli`; empty for the surface id alone.
        diff_prefix: &'static str,
    },
}

/// A fact of a model.
#[derive(Debug, Clone, Copy)]
pub struct Fact {
    /// The JSON key and CSV column.
    pub key: &'static str,
    /// The `[sources]` key naming the document the fact came from (`None` for derived facts).
    pub source: Option<&'static str>,
    /// How the diff treats it.
    pub group: Group,
    /// One value or one per surface.
    pub shape: Shape,
    /// Whether the CSV has a column (or columns) for it.
    pub csv: bool,
    /// The value: `null` when unknown; for [`Shape::PerSurface`], an object of the known entries.
    pub value: fn(&Catalog, &Model) -> Value,
}

const fn fact(
    key: &'static str,
    source: Option<&'static str>,
    group: Group,
    value: fn(&Catalog, &Model) -> Value,
) -> Fact {
    Fact { key, source, group, shape: Shape::Single, csv: true, value }
}

fn opt<T: Into<Value>>(v: Option<T>) -> Value {
    v.map_or(Value::Null, Into::into)
}

fn slugs(models: Vec<&Model>) -> Value {
    Value::from(models.into_iter().map(Model::slug).collect::<Vec<_>>())
}

/// Every per-model fact of the exports, in CSV column order.
pub const MODEL_FACTS: &[Fact] = &[
    fact("slug", None, Group::Identity, |_, m| m.slug().into()),
    fact("name", Some("name"), Group::Text, |_, m| opt(m.data().name.as_deref())),
    fact("prose_name", Some("prose_name"), Group::Text, |_, m| opt(m.data().prose_name.as_deref())),
    fact("display_name", None, Group::Derived, |_, m| m.display_name().into()),
    fact("section", None, Group::Placement, |c, m| opt(c.section_of(m).map(|s| s.id()))),
    fact("description", Some("description"), Group::Text, |_, m| opt(m.data().description.as_deref())),
    fact("capability", Some("ratings"), Group::Rating, |_, m| opt(m.data().capability)),
    fact("speed", Some("ratings"), Group::Rating, |_, m| opt(m.data().speed)),
    fact("status", Some("status"), Group::Status, |_, m| opt(m.data().status.as_ref().map(|s| s.kind.as_str()))),
    fact("status_since", Some("status"), Group::Status, |_, m| {
        opt(m.data().status.as_ref().and_then(|s| s.since.as_deref()))
    }),
    fact("status_until", Some("status"), Group::Status, |_, m| {
        opt(m.data().status.as_ref().and_then(|s| s.until.as_deref()))
    }),
    fact("succeeded_by", Some("succeeded_by"), Group::Successor, |_, m| opt(m.data().succeeded_by.as_deref())),
    fact("upgrade_to", None, Group::Derived, |c, m| opt(c.upgrade_target(m).map(Model::slug))),
    fact("input_modalities", Some("input_modalities"), Group::Detail, |_, m| {
        opt(m.data().input_modalities.as_ref().map(|v| v.iter().map(|x| x.as_str()).collect::<Vec<_>>()))
    }),
    fact("wallpaper_url", Some("wallpaper_url"), Group::Detail, |_, m| opt(m.data().wallpaper_url.as_deref())),
    fact("codex_command", None, Group::Derived, |_, m| m.codex_command().into()),
    Fact {
        shape: Shape::PerSurface { csv_prefix: "surface", diff_prefix: "" },
        ..fact("availability", Some("availability"), Group::Availability, |_, m| {
            Value::Object(
                m.data().availability.iter().map(|(k, v)| (k.clone(), Value::from(*v))).collect::<Map<_, _>>(),
            )
        })
    },
    Fact {
        shape: Shape::PerSurface { csv_prefix: "note", diff_prefix: "note:" },
        ..fact("availability_notes", Some("availability_notes"), Group::Text, |_, m| {
            Value::Object(
                m.data().availability_notes.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect(),
            )
        })
    },
    Fact { csv: false, ..fact("upgrade_path", None, Group::Derived, |c, m| slugs(c.upgrade_path(m))) },
    Fact {
        csv: false,
        ..fact("sources", None, Group::Bookkeeping, |_, m| {
            Value::Object(m.data().sources.entries().into_iter().map(|(k, v)| (k.to_string(), v.into())).collect())
        })
    },
];

/// The `[sources]` keys of the facts a card on the page shows, which an import of a page records
/// as coming from that page (`card` covers the card's own attributes).
pub const CARD_SOURCES: &[&str] = &["name", "description", "ratings", "availability", "wallpaper_url", "card"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sources;

    #[test]
    fn every_source_key_is_a_key_of_sources() {
        let keys: Vec<&str> = Sources::new("d").keys().collect();
        for f in MODEL_FACTS {
            if let Some(source) = f.source {
                assert!(keys.contains(&source), "fact `{}` names source key `{source}`", f.key);
            }
        }
        for source in CARD_SOURCES {
            assert!(keys.contains(source), "card source `{source}`");
        }
    }

    #[test]
    fn the_json_export_has_exactly_these_facts() {
        let schema = schemars::schema_for!(codex_export::Model).to_value();
        let properties = schema["properties"].as_object().expect("the export model has properties");
        let mut exported: Vec<&str> = properties.keys().map(String::as_str).collect();
        let mut declared: Vec<&str> = MODEL_FACTS.iter().map(|f| f.key).collect();
        exported.sort_unstable();
        declared.sort_unstable();
        assert_eq!(exported, declared);
    }
}
