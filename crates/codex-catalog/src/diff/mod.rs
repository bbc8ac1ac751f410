//! The semantic diff of two catalogs: what changed, in the catalog's terms, for a pull request
//! description (Markdown) or a tool (JSON).
//!
//! A value going from unknown to known is "newly known", and from known to unknown "no longer
//! known": neither is reported as a change of the value.

use std::collections::BTreeSet;

use crate::hash::HashSet;

use serde::Serialize;
use serde_json::Value;

use crate::catalog::{Catalog, Model};
use crate::facts::{Group, MODEL_FACTS, Shape};

mod markdown;

pub use markdown::render_markdown;

/// `null` is unknown.
fn known(v: Value) -> Option<Value> {
    (!v.is_null()).then_some(v)
}

/// One fact of one subject, before and after (`null` where unknown).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactChange {
    /// The model's slug, `section:<id>`, `surface:<id>` or `catalog`.
    pub subject: String,
    /// The fact (`capability`, `default_model`, a surface id for availability…).
    pub field: String,
    /// Before.
    pub old: Option<Value>,
    /// After.
    pub new: Option<Value>,
}

/// A model moving between sections, onto or off the page (`null` = not on the page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    /// The model.
    pub slug: String,
    /// The section before.
    pub from: Option<String>,
    /// The section after.
    pub to: Option<String>,
}

/// The models that stayed in a section, in a new order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reorder {
    /// The section.
    pub section: String,
    /// Their order before.
    pub old: Vec<String>,
    /// Their order after.
    pub new: Vec<String>,
}

/// One step of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordOp {
    /// `equal`, `delete` or `insert`.
    pub op: &'static str,
    /// The words.
    pub text: String,
}

/// A changed text, word by word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextEdit {
    /// Whose text.
    pub subject: String,
    /// Which text.
    pub field: String,
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
    /// The word diff.
    pub words: Vec<WordOp>,
}

/// Everything that changed between two catalogs, grouped.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changelog {
    /// Models new to the catalog.
    pub models_added: Vec<String>,
    /// Models no longer in the catalog.
    pub models_removed: Vec<String>,
    /// Models of both catalogs that changed section (or went onto or off the page).
    pub moved: Vec<Move>,
    /// Sections whose common models changed order.
    pub reordered: Vec<Reorder>,
    /// Surfaces added, removed or relabelled (`subject` = `surface:<id>`, field `label`).
    pub surfaces: Vec<FactChange>,
    /// Sections added, removed or retitled (`subject` = `section:<id>`, field `title`).
    pub sections: Vec<FactChange>,
    /// Default, example and cloud model.
    pub catalog: Vec<FactChange>,
    /// Status changes.
    pub status: Vec<FactChange>,
    /// Successor changes.
    pub successors: Vec<FactChange>,
    /// Capability and speed changes.
    pub ratings: Vec<FactChange>,
    /// Availability changes (field = surface id).
    pub availability: Vec<FactChange>,
    /// Other facts (wallpaper, input modalities).
    pub details: Vec<FactChange>,
    /// Changes of the models' entries in the Codex CLI's catalog (field paths below `codex.`),
    /// and of its model order; long texts summarised by lines.
    pub codex: Vec<FactChange>,
    /// Text edits, word by word.
    pub texts: Vec<TextEdit>,
    /// Values that went from unknown to known.
    pub newly_known: Vec<FactChange>,
    /// Values that went from known to unknown.
    pub no_longer_known: Vec<FactChange>,
    /// The lines of the page's own text (page.mdx: its prose, headings and placeholders) that
    /// changed, each `-` or `+` and the line, with a line of context around each run; at most
    /// [`PAGE_TEXT_LINES`].
    pub page_text: Vec<String>,
    /// Resolved values that moved because of the changes above (a model's upgrade target when
    /// a successor was added further down its chain, its display name, …), not edited facts.
    pub derived: Vec<FactChange>,
}

/// The most lines of page text a changelog lists.
pub const PAGE_TEXT_LINES: usize = 200;

/// The changed lines of two page templates, as [`Changelog::page_text`] holds them.
pub fn page_text(old: &str, new: &str) -> Vec<String> {
    if old == new {
        return Vec::new();
    }
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for group in diff.grouped_ops(1) {
        if !out.is_empty() {
            out.push("…".to_string());
        }
        for op in group {
            for change in diff.iter_changes(&op) {
                let mark = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                out.push(format!("{mark}{}", change.value().trim_end_matches(['\n', '\r'])));
            }
        }
    }
    if out.len() > PAGE_TEXT_LINES {
        let more = out.len() - PAGE_TEXT_LINES;
        out.truncate(PAGE_TEXT_LINES);
        out.push(format!("… {more} more lines"));
    }
    out
}

impl Changelog {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self == &Changelog::default()
    }
}

/// A word diff in runs: equal text, then what was deleted, then what was inserted. Changes
/// separated only by white space are one run, so "a b" → "c d" reads as one replacement.
///
/// White space is folded first: re-wrapping a paragraph is not an edit.
fn word_ops(old: &str, new: &str) -> Vec<WordOp> {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (old, new) = (fold(old), fold(new));
    let diff = similar::TextDiff::from_words(&old, &new);
    let mut ops: Vec<WordOp> = Vec::new();
    let (mut deleted, mut inserted, mut pending_space) = (String::new(), String::new(), String::new());
    let flush = |ops: &mut Vec<WordOp>, deleted: &mut String, inserted: &mut String| {
        for (op, text) in [("delete", deleted), ("insert", inserted)] {
            if !text.is_empty() {
                ops.push(WordOp { op, text: std::mem::take(text) });
            }
        }
    };
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            similar::ChangeTag::Equal if value.trim().is_empty() && !(deleted.is_empty() && inserted.is_empty()) => {
                pending_space.push_str(value);
            }
            similar::ChangeTag::Equal => {
                flush(&mut ops, &mut deleted, &mut inserted);
                let text = std::mem::take(&mut pending_space) + value;
                match ops.last_mut() {
                    Some(last) if last.op == "equal" => last.text.push_str(&text),
                    _ => ops.push(WordOp { op: "equal", text }),
                }
            }
            tag => {
                if !pending_space.is_empty() {
                    if !deleted.is_empty() {
                        deleted.push_str(&pending_space);
                    }
                    if !inserted.is_empty() {
                        inserted.push_str(&pending_space);
                    }
                    pending_space.clear();
                }
                if tag == similar::ChangeTag::Delete { deleted.push_str(value) } else { inserted.push_str(value) }
            }
        }
    }
    flush(&mut ops, &mut deleted, &mut inserted);
    if !pending_space.is_empty() {
        ops.push(WordOp { op: "equal", text: pending_space });
    }
    ops
}

/// A value for the changelog: a long text as its size (and, against `other`, the lines that
/// changed), a large value as its kind and size, anything else as it is.
fn summary(value: &Value, other: Option<&Value>) -> Value {
    match value {
        Value::String(s) if s.len() >= crate::codex::TEXT_MIN => {
            let lines = s.lines().count();
            match other.and_then(Value::as_str) {
                Some(o) => {
                    let diff = similar::TextDiff::from_lines(o, s.as_str());
                    let (mut added, mut removed) = (0, 0);
                    for change in diff.iter_all_changes() {
                        match change.tag() {
                            similar::ChangeTag::Insert => added += 1,
                            similar::ChangeTag::Delete => removed += 1,
                            similar::ChangeTag::Equal => {}
                        }
                    }
                    Value::from(format!("text of {lines} lines, +{added} −{removed} against the other side"))
                }
                None => Value::from(format!("text of {lines} lines")),
            }
        }
        Value::Object(map) if value.to_string().len() > 200 => Value::from(format!("object of {} keys", map.len())),
        Value::Array(items) if value.to_string().len() > 200 => Value::from(format!("list of {} items", items.len())),
        _ => value.clone(),
    }
}

struct Differ<'a> {
    log: Changelog,
    old: &'a Catalog,
    new: &'a Catalog,
}

#[derive(Clone, Copy)]
enum Kind {
    Catalog,
    Status,
    Successors,
    Ratings,
    Availability,
    Details,
}

impl Differ<'_> {
    /// Record a fact that may have changed, classifying unknown ↔ known transitions.
    fn fact(&mut self, kind: Kind, subject: &str, field: &str, old: Option<Value>, new: Option<Value>) {
        if old == new {
            return;
        }
        let change =
            FactChange { subject: subject.to_string(), field: field.to_string(), old: old.clone(), new: new.clone() };
        let target = match (old, new, kind) {
            (None, Some(_), _) => &mut self.log.newly_known,
            (Some(_), None, _) => &mut self.log.no_longer_known,
            (_, _, Kind::Catalog) => &mut self.log.catalog,
            (_, _, Kind::Status) => &mut self.log.status,
            (_, _, Kind::Successors) => &mut self.log.successors,
            (_, _, Kind::Ratings) => &mut self.log.ratings,
            (_, _, Kind::Availability) => &mut self.log.availability,
            (_, _, Kind::Details) => &mut self.log.details,
        };
        target.push(change);
    }

    fn text(&mut self, subject: &str, field: &str, old: Option<&str>, new: Option<&str>) {
        match (old, new) {
            (Some(o), Some(n)) if o != n => self.log.texts.push(TextEdit {
                subject: subject.to_string(),
                field: field.to_string(),
                old: o.to_string(),
                new: n.to_string(),
                words: word_ops(o, n),
            }),
            (o, n) => self.fact(Kind::Details, subject, field, o.map(Value::from), n.map(Value::from)),
        }
    }

    /// Every fact of [`MODEL_FACTS`] that is the model's own (not derived, not placement).
    fn model(&mut self, old: &Model, new: &Model) {
        let slug = new.slug();
        for f in MODEL_FACTS.iter() {
            if f.group == Group::Derived {
                let (o, n) = (f.value(self.old, old), f.value(self.new, new));
                if o != n {
                    let change = FactChange {
                        subject: slug.to_string(),
                        field: f.key.to_string(),
                        old: known(o),
                        new: known(n),
                    };
                    self.log.derived.push(change);
                }
                continue;
            }
            let group = match f.group {
                Group::Codex => {
                    self.codex(old, new);
                    continue;
                }
                Group::Identity | Group::Derived | Group::Placement | Group::Bookkeeping => continue,
                Group::Text => None,
                Group::Status => Some(Kind::Status),
                Group::Successor => Some(Kind::Successors),
                Group::Rating => Some(Kind::Ratings),
                Group::Availability => Some(Kind::Availability),
                Group::Detail => Some(Kind::Details),
            };
            let (o, n) = (f.value(self.old, old), f.value(self.new, new));
            let entries: Vec<(String, Option<Value>, Option<Value>)> = match f.shape {
                Shape::Single => vec![(f.key.to_string(), known(o), known(n))],
                Shape::PerSurface { diff_prefix, .. } => {
                    let keys: BTreeSet<&String> =
                        o.as_object().into_iter().chain(n.as_object()).flat_map(|m| m.keys()).collect();
                    keys.into_iter()
                        .map(|k| (format!("{diff_prefix}{k}"), o.get(k).cloned(), n.get(k).cloned()))
                        .collect()
                }
            };
            for (field, o, n) in entries {
                match group {
                    Some(kind) => self.fact(kind, slug, &field, o, n),
                    None => {
                        self.text(slug, &field, o.as_ref().and_then(Value::as_str), n.as_ref().and_then(Value::as_str))
                    }
                }
            }
        }
    }

    /// A model's CLI entry, key by key (nested objects by their keys).
    fn codex(&mut self, old: &Model, new: &Model) {
        let slug = new.slug();
        let (o, n) = (self.old.codex_entry(old), self.new.codex_entry(new));
        match (o, n) {
            (None, None) => {}
            (None, Some(_)) | (Some(_), None) => {
                let listed = |e: &Option<serde_json::Map<String, Value>>| {
                    e.as_ref().map(|_| Value::from("in the CLI's catalog"))
                };
                let (o, n) = (self.old.codex_entry(old), self.new.codex_entry(new));
                self.log.codex.push(FactChange {
                    subject: slug.to_string(),
                    field: "codex".into(),
                    old: listed(&o),
                    new: listed(&n),
                });
            }
            (Some(o), Some(n)) => self.codex_object(slug, "codex", &o, &n),
        }
    }

    fn codex_object(
        &mut self,
        slug: &str,
        path: &str,
        old: &serde_json::Map<String, Value>,
        new: &serde_json::Map<String, Value>,
    ) {
        let keys = new.keys().chain(old.keys().filter(|k| !new.contains_key(*k)));
        for key in keys {
            let field = format!("{path}.{key}");
            match (old.get(key), new.get(key)) {
                (Some(a), Some(b)) if a == b => {}
                (Some(Value::Object(a)), Some(Value::Object(b))) => self.codex_object(slug, &field, a, b),
                (Some(Value::String(a)), Some(Value::String(b)))
                    if a.len() < crate::codex::TEXT_MIN && b.len() < crate::codex::TEXT_MIN =>
                {
                    self.text(slug, &field, Some(a), Some(b))
                }
                (a, b) => {
                    let (a, b) = (a.map(|v| summary(v, b)), b.map(|v| summary(v, a)));
                    self.log.codex.push(FactChange { subject: slug.to_string(), field, old: a, new: b });
                }
            }
        }
    }

    fn run(mut self) -> Changelog {
        let (old, new) = (self.old, self.new);
        let section_id = |c: &Catalog, m: &Model| c.section_of(m).map(|s| s.id().to_string());
        for m in new.models() {
            match old.model(m.slug()) {
                None => self.log.models_added.push(m.slug().to_string()),
                Some(o) => {
                    let (from, to) = (section_id(old, o), section_id(new, m));
                    if from != to {
                        self.log.moved.push(Move { slug: m.slug().to_string(), from, to });
                    }
                    self.model(o, m);
                }
            }
        }
        self.log.models_removed =
            old.models().iter().filter(|m| new.model(m.slug()).is_none()).map(|m| m.slug().to_string()).collect();
        self.log.page_text = page_text(old.template().source(), new.template().source());

        let title = |subject: &str, old: Option<&str>, new: Option<&str>| FactChange {
            subject: subject.to_string(),
            field: "title".into(),
            old: old.map(Value::from),
            new: new.map(Value::from),
        };
        for s in new.sections() {
            let subject = format!("section:{}", s.id());
            match old.sections().iter().find(|o| o.id() == s.id()) {
                None => self.log.sections.push(title(&subject, None, Some(s.title()))),
                Some(o) => {
                    if o.title() != s.title() {
                        self.log.sections.push(title(&subject, Some(o.title()), Some(s.title())));
                    }
                    let om: Vec<&str> = old.section_models(o).map(|m| m.slug()).collect();
                    let sm: Vec<&str> = new.section_models(s).map(|m| m.slug()).collect();
                    let (in_old, in_new): (HashSet<&str>, HashSet<&str>) =
                        (om.iter().copied().collect(), sm.iter().copied().collect());
                    let common_old: Vec<String> =
                        om.iter().filter(|m| in_new.contains(*m)).map(|m| m.to_string()).collect();
                    let common_new: Vec<String> =
                        sm.iter().filter(|m| in_old.contains(*m)).map(|m| m.to_string()).collect();
                    if common_old != common_new {
                        let section = s.id().to_string();
                        self.log.reordered.push(Reorder { section, old: common_old, new: common_new });
                    }
                    self.text(&subject, "guidance", o.guidance(), s.guidance());
                }
            }
        }
        for o in old.sections().iter().filter(|o| !new.sections().iter().any(|s| s.id() == o.id())) {
            self.log.sections.push(title(&format!("section:{}", o.id()), Some(o.title()), None));
        }
        let label = |id: &str, old: Option<&str>, new: Option<&str>| FactChange {
            field: "label".into(),
            ..title(&format!("surface:{id}"), old, new)
        };
        for s in new.surfaces() {
            let old_label = old.surfaces().iter().find(|o| o.id == s.id).map(|o| o.label.as_str());
            if old_label != Some(s.label.as_str()) {
                self.log.surfaces.push(label(&s.id, old_label, Some(&s.label)));
            }
        }
        for o in old.surfaces().iter().filter(|o| !new.surfaces().iter().any(|s| s.id == o.id)) {
            self.log.surfaces.push(label(&o.id, Some(&o.label), None));
        }
        self.text("catalog", "title", Some(old.title()), Some(new.title()));
        let slug = |m: Option<&Model>| m.map(|m| Value::from(m.slug()));
        for (field, o, n) in [
            ("default_model", old.default_model(), new.default_model()),
            ("example_model", old.example_model(), new.example_model()),
            ("cloud_model", old.cloud_model(), new.cloud_model()),
        ] {
            self.fact(Kind::Catalog, "catalog", field, slug(o), slug(n));
        }
        let order = |c: &Catalog| c.codex().map(|f| Value::from(f.models().collect::<Vec<_>>()));
        let (o, n) = (order(old), order(new));
        if o != n {
            self.log.codex.push(FactChange { subject: "catalog".into(), field: "codex.models".into(), old: o, new: n });
        }
        self.log
    }
}

/// The changes from `old` to `new`.
pub fn diff(old: &Catalog, new: &Catalog) -> Changelog {
    Differ { log: Changelog::default(), old, new }.run()
}

/// The changelog as JSON.
pub fn render_json(log: &Changelog) -> String {
    let mut s = serde_json::to_string_pretty(log).expect("a changelog always serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diffs_group_runs() {
        let ops = word_ops("Our best general model", "Our previous general model");
        let shape: Vec<(&str, &str)> = ops.iter().map(|o| (o.op, o.text.as_str())).collect();
        assert_eq!(shape, [("equal", "Our "), ("delete", "best"), ("insert", "previous"), ("equal", " general model")]);
        let ops = word_ops("Our best general agentic model", "Previous general-purpose model");
        let shape: Vec<(&str, &str)> = ops.iter().map(|o| (o.op, o.text.as_str())).collect();
        assert_eq!(
            shape,
            [("delete", "Our best general agentic"), ("insert", "Previous general-purpose"), ("equal", " model")]
        );
    }
}
