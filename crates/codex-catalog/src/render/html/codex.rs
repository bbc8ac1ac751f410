//! The preview's view of the Codex CLI's catalog: its model picker, and what changed in it.

use std::fmt::Write as _;

use super::esc;
use crate::catalog::Catalog;

/// The Codex CLI's picker as the catalog's CLI catalog makes it: its listed models by priority
/// (the first is where the CLI starts), and how many it hides. Empty without a CLI catalog.
pub(super) fn picker(catalog: &Catalog) -> String {
    let mut listed: Vec<(&crate::catalog::Model, &codex_export::CodexModel)> =
        catalog.codex_models().filter_map(|m| m.codex().map(|c| (m, c))).collect();
    if listed.is_empty() {
        return String::new();
    }
    let hidden = listed.iter().filter(|(_, c)| !c.is_listed()).count();
    listed.retain(|(_, c)| c.is_listed());
    listed.sort_by_key(|(_, c)| c.priority.unwrap_or(i64::MAX));
    let mut out = String::from(
        "<section class=\"codex\"><h2>The Codex CLI's model picker</h2>\n<table>\n\
         <tr><th>priority</th><th>model</th><th>picker name</th><th>description</th><th>reasoning</th><th>context window</th></tr>\n",
    );
    let opt = |v: Option<String>| v.map_or_else(|| "?".to_string(), |v| esc(&v));
    for (m, c) in listed {
        let efforts = c.supported_reasoning_levels.as_ref().map(|ls| {
            ls.iter()
                .map(|l| {
                    if c.default_reasoning_level.as_deref() == Some(&l.effort) {
                        format!("[{}]", l.effort)
                    } else {
                        l.effort.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        });
        let _ = writeln!(
            out,
            "<tr data-slug=\"{}\"><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(m.slug()),
            opt(c.priority.map(|p| p.to_string())),
            esc(m.slug()),
            opt(c.display_name.clone()),
            opt(c.description.clone()),
            opt(efforts),
            opt(c.context_window.map(|w| w.to_string())),
        );
    }
    let _ = writeln!(out, "</table>\n<p>{hidden} more the picker hides.</p></section>");
    out
}

/// The changes of the CLI's catalog between two catalogs, as a list (empty when none).
pub(super) fn changes(old: &Catalog, new: &Catalog) -> String {
    let log = crate::diff::diff(old, new);
    let texts = log.texts.iter().filter(|t| t.field.starts_with("codex."));
    let mut items: Vec<String> = log
        .codex
        .iter()
        .map(|c| {
            let show = |v: &Option<serde_json::Value>| match v {
                None => "nothing".to_string(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            };
            format!(
                "<code>{}</code> {}: {} → {}",
                esc(&c.subject),
                esc(&c.field),
                esc(&show(&c.old)),
                esc(&show(&c.new))
            )
        })
        .collect();
    items.extend(
        texts.map(|t| format!("<code>{}</code> {}: {} → {}", esc(&t.subject), esc(&t.field), esc(&t.old), esc(&t.new))),
    );
    if items.is_empty() {
        return String::new();
    }
    let mut out = String::from("<section class=\"codex-changes\"><h2>Codex CLI catalog changes</h2>\n<ul>\n");
    for item in items {
        let _ = writeln!(out, "<li>{item}</li>");
    }
    out.push_str("</ul></section>\n");
    out
}
