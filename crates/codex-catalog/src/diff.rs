//! The semantic diff of two catalogs: what changed, in the catalog's terms, for a pull request
//! description (Markdown) or a tool (JSON).
//!
//! A value going from unknown to known is "newly known", and from known to unknown "no longer
//! known": neither is reported as a change of the value.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::catalog::{Catalog, Model};

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
    /// Text edits, word by word.
    pub texts: Vec<TextEdit>,
    /// Values that went from unknown to known.
    pub newly_known: Vec<FactChange>,
    /// Values that went from known to unknown.
    pub no_longer_known: Vec<FactChange>,
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

struct Differ<'a> {
    log: Changelog,
    old: &'a Catalog,
    new: &'a Catalog,
}

enum Group {
    Catalog,
    Status,
    Successors,
    Ratings,
    Availability,
    Details,
}

impl Differ<'_> {
    /// Record a fact that may have changed, classifying unknown ↔ known transitions.
    fn fact(&mut self, group: Group, subject: &str, field: &str, old: Option<Value>, new: Option<Value>) {
        if old == new {
            return;
        }
        let change =
            FactChange { subject: subject.to_string(), field: field.to_string(), old: old.clone(), new: new.clone() };
        let target = match (old, new, group) {
            (None, Some(_), _) => &mut self.log.newly_known,
            (Some(_), None, _) => &mut self.log.no_longer_known,
            (_, _, Group::Catalog) => &mut self.log.catalog,
            (_, _, Group::Status) => &mut self.log.status,
            (_, _, Group::Successors) => &mut self.log.successors,
            (_, _, Group::Ratings) => &mut self.log.ratings,
            (_, _, Group::Availability) => &mut self.log.availability,
            (_, _, Group::Details) => &mut self.log.details,
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
            (o, n) => self.fact(Group::Details, subject, field, o.map(Value::from), n.map(Value::from)),
        }
    }

    fn model(&mut self, old: &Model, new: &Model) {
        let slug = new.slug.as_str();
        let (o, n) = (&old.data, &new.data);
        self.text(slug, "name", Some(&o.name), Some(&n.name));
        self.text(slug, "prose_name", o.prose_name.as_deref(), n.prose_name.as_deref());
        self.text(slug, "description", o.description.as_deref(), n.description.as_deref());
        let status = |m: &Model| m.data.status.as_ref().map(|s| Value::from(s.kind.as_str()));
        self.fact(Group::Status, slug, "status", status(old), status(new));
        self.fact(
            Group::Successors,
            slug,
            "succeeded_by",
            o.succeeded_by.clone().map(Value::from),
            n.succeeded_by.clone().map(Value::from),
        );
        self.fact(Group::Ratings, slug, "capability", o.capability.map(Value::from), n.capability.map(Value::from));
        self.fact(Group::Ratings, slug, "speed", o.speed.map(Value::from), n.speed.map(Value::from));
        let surfaces: BTreeSet<&String> = o.availability.keys().chain(n.availability.keys()).collect();
        for s in surfaces {
            self.fact(
                Group::Availability,
                slug,
                s,
                old.available_on(s).map(Value::from),
                new.available_on(s).map(Value::from),
            );
        }
        let notes: BTreeSet<&String> = o.availability_notes.keys().chain(n.availability_notes.keys()).collect();
        for s in notes {
            let field = format!("note:{s}");
            self.text(
                slug,
                &field,
                o.availability_notes.get(s).map(String::as_str),
                n.availability_notes.get(s).map(String::as_str),
            );
        }
        self.fact(
            Group::Details,
            slug,
            "wallpaper_url",
            o.wallpaper_url.clone().map(Value::from),
            n.wallpaper_url.clone().map(Value::from),
        );
        let modalities = |m: &Model| {
            m.data.input_modalities.as_ref().map(|v| Value::from(v.iter().map(|x| x.as_str()).collect::<Vec<_>>()))
        };
        self.fact(Group::Details, slug, "input_modalities", modalities(old), modalities(new));
    }

    fn run(mut self) -> Changelog {
        let (old, new) = (self.old, self.new);
        for m in &new.models {
            match old.model(&m.slug) {
                None => self.log.models_added.push(m.slug.clone()),
                Some(o) => {
                    if o.section != m.section {
                        self.log.moved.push(Move {
                            slug: m.slug.clone(),
                            from: o.section.clone(),
                            to: m.section.clone(),
                        });
                    }
                    self.model(o, m);
                }
            }
        }
        self.log.models_removed =
            old.models.iter().filter(|m| new.model(&m.slug).is_none()).map(|m| m.slug.clone()).collect();

        for s in new.sections() {
            let subject = format!("section:{}", s.id);
            match old.sections().iter().find(|o| o.id == s.id) {
                None => self.log.sections.push(FactChange {
                    subject,
                    field: "title".into(),
                    old: None,
                    new: Some(s.title.clone().into()),
                }),
                Some(o) => {
                    if o.title != s.title {
                        self.log.sections.push(FactChange {
                            subject: subject.clone(),
                            field: "title".into(),
                            old: Some(o.title.clone().into()),
                            new: Some(s.title.clone().into()),
                        });
                    }
                    let common_old: Vec<String> = o.models.iter().filter(|m| s.models.contains(m)).cloned().collect();
                    let common_new: Vec<String> = s.models.iter().filter(|m| o.models.contains(m)).cloned().collect();
                    if common_old != common_new {
                        self.log.reordered.push(Reorder { section: s.id.clone(), old: common_old, new: common_new });
                    }
                    self.text(&subject, "guidance", o.guidance.as_deref(), s.guidance.as_deref());
                }
            }
        }
        for o in old.sections().iter().filter(|o| !new.sections().iter().any(|s| s.id == o.id)) {
            self.log.sections.push(FactChange {
                subject: format!("section:{}", o.id),
                field: "title".into(),
                old: Some(o.title.clone().into()),
                new: None,
            });
        }
        for s in new.surfaces() {
            let old_label = old.surfaces().iter().find(|o| o.id == s.id).map(|o| o.label.clone());
            if old_label.as_deref() != Some(s.label.as_str()) {
                self.log.surfaces.push(FactChange {
                    subject: format!("surface:{}", s.id),
                    field: "label".into(),
                    old: old_label.map(Value::from),
                    new: Some(s.label.clone().into()),
                });
            }
        }
        for o in old.surfaces().iter().filter(|o| !new.surfaces().iter().any(|s| s.id == o.id)) {
            self.log.surfaces.push(FactChange {
                subject: format!("surface:{}", o.id),
                field: "label".into(),
                old: Some(o.label.clone().into()),
                new: None,
            });
        }
        let (om, nm) = (&old.meta, &new.meta);
        self.text("catalog", "title", Some(&om.title), Some(&nm.title));
        self.fact(
            Group::Catalog,
            "catalog",
            "default_model",
            Some(om.default_model.clone().into()),
            Some(nm.default_model.clone().into()),
        );
        self.fact(
            Group::Catalog,
            "catalog",
            "example_model",
            Some(om.example_model.clone().into()),
            Some(nm.example_model.clone().into()),
        );
        self.fact(
            Group::Catalog,
            "catalog",
            "cloud_model",
            om.cloud_model.clone().map(Value::from),
            nm.cloud_model.clone().map(Value::from),
        );
        self.log
    }
}

/// The changes from `old` to `new`.
pub fn diff(old: &Catalog, new: &Catalog) -> Changelog {
    Differ { log: Changelog::default(), old, new }.run()
}

/// The changelog as JSON.
pub fn render_json(log: &Changelog) -> String {
    let mut s = serde_json::to_string_pretty(log).unwrap_or_default();
    s.push('\n');
    s
}

fn show(v: &Option<Value>) -> String {
    match v {
        None => "unknown".into(),
        Some(Value::Bool(true)) => "✓".into(),
        Some(Value::Bool(false)) => "✗".into(),
        Some(Value::String(s)) => format!("`{}`", s.replace('\n', " ")),
        Some(other) => other.to_string(),
    }
}

fn section_name(c: &Catalog, id: &Option<String>) -> String {
    match id {
        None => "not on the page".into(),
        Some(id) => c.sections().iter().find(|s| &s.id == id).map_or_else(|| id.clone(), |s| s.title.clone()),
    }
}

/// The changelog as Markdown for a pull request description. `old_name` and `new_name` label the
/// two sides; `old` and `new` give section titles and surface labels.
pub fn render_markdown(log: &Changelog, old: &Catalog, new: &Catalog, old_name: &str, new_name: &str) -> String {
    let mut out = format!("## Catalog changes: {old_name} → {new_name}\n");
    if log.is_empty() {
        out.push_str("\nNo changes.\n");
        return out;
    }
    let mut group = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = write!(out, "\n### {title}\n\n");
            for l in lines {
                let _ = writeln!(out, "- {l}");
            }
        }
    };
    let section_of =
        |slug: &str| new.model(slug).map_or_else(String::new, |m| format!(" ({})", section_name(new, &m.section)));
    group("Models added", log.models_added.iter().map(|s| format!("`{s}`{}", section_of(s))).collect());
    group("Models removed", log.models_removed.iter().map(|s| format!("`{s}`")).collect());
    group(
        "Moved between sections",
        log.moved
            .iter()
            .map(|m| format!("`{}`: {} → {}", m.slug, section_name(old, &m.from), section_name(new, &m.to)))
            .collect(),
    );
    group(
        "Reordered",
        log.reordered
            .iter()
            .map(|r| {
                format!("{}: {} → {}", section_name(new, &Some(r.section.clone())), r.old.join(", "), r.new.join(", "))
            })
            .collect(),
    );
    let facts = |changes: &[FactChange]| -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                let field = match new.surfaces().iter().chain(old.surfaces()).find(|s| s.id == c.field) {
                    Some(s) => format!("on {}", s.label),
                    None => c.field.replace('_', " "),
                };
                let subject = if c.subject == "catalog" { String::new() } else { format!("`{}` ", c.subject) };
                format!("{subject}{field}: {} → {}", show(&c.old), show(&c.new))
            })
            .collect()
    };
    group("Default and example model", facts(&log.catalog));
    group("Surfaces", facts(&log.surfaces));
    group("Sections", facts(&log.sections));
    group("Status", facts(&log.status));
    group("Successors", facts(&log.successors));
    group("Capability and speed", facts(&log.ratings));
    group("Availability", facts(&log.availability));
    group("Other facts", facts(&log.details));
    group(
        "Text edits",
        log.texts
            .iter()
            .map(|t| {
                let mut words = String::new();
                for (i, w) in t.words.iter().enumerate() {
                    let text = w.text.trim();
                    let next_is_insert = t.words.get(i + 1).is_some_and(|n| n.op == "insert");
                    let space_after = if w.text.ends_with(char::is_whitespace) && !next_is_insert { " " } else { "" };
                    match w.op {
                        "delete" => words.push_str(&format!("~~{text}~~{space_after}")),
                        "insert" if i > 0 && t.words[i - 1].op == "delete" => {
                            words.push_str(&format!(" **{text}**{space_after}"))
                        }
                        "insert" => words.push_str(&format!("**{text}**{space_after}")),
                        _ => {
                            let lead = if w.text.starts_with(char::is_whitespace) && i > 0 { " " } else { "" };
                            let trail =
                                if w.text.ends_with(char::is_whitespace) && i + 1 < t.words.len() { " " } else { "" };
                            words.push_str(&format!("{lead}{text}{trail}"));
                        }
                    }
                }
                format!("`{}` {}: {}", t.subject, t.field.replace('_', " "), words.replace('\n', " "))
            })
            .collect(),
    );
    group("Newly known", facts(&log.newly_known));
    group("No longer known", facts(&log.no_longer_known));
    out
}

/// Write the catalog folder `subdir` of the git repository at `repo`, as of revision `rev`
/// (`HEAD~1`, a tag, a commit), into the folder `into`. Reads with `git ls-tree` and
/// `git show`; the work tree and index are not touched.
pub fn checkout_catalog(repo: &std::path::Path, rev: &str, subdir: &str, into: &std::path::Path) -> Result<(), String> {
    use std::process::Command;
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out =
            Command::new("git").arg("-C").arg(repo).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()))
        }
    };
    let prefix = git(&["rev-parse", "--show-prefix"])?;
    let prefix = String::from_utf8_lossy(&prefix).trim().to_string();
    let subdir = format!("{prefix}{}", subdir.trim_end_matches('/'));
    git(&["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .map_err(|_| format!("`{rev}` is neither a catalog folder nor a git revision of {}", repo.display()))?;
    let names = git(&["ls-tree", "-r", "-z", "--name-only", "--full-tree", rev, "--", &subdir])?;
    let names: Vec<&str> =
        names.split(|b| *b == 0).filter(|n| !n.is_empty()).filter_map(|n| std::str::from_utf8(n).ok()).collect();
    if names.is_empty() {
        return Err(format!("revision `{rev}` has no folder `{subdir}`"));
    }
    for name in names {
        let Some(rel) = name.strip_prefix(&subdir).map(|r| r.trim_start_matches('/')) else { continue };
        let blob = git(&["show", &format!("{rev}:{name}")])?;
        let target = into.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot write {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, blob).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(())
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
