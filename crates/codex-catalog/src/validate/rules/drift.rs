//! Drift between the two published views: the Codex CLI's catalog (each model's `[codex]`
//! table) and the page (the rest of the catalog). Every finding is a warning with both places;
//! a difference kept on purpose is listed in `catalog.toml`'s `[[acknowledged]]` with its
//! reason, and then not reported, so any new drift fails `validate --deny-warnings`.

use codex_export::CodexModel;

use crate::hash::{HashMap, HashSet};

use super::{Context, at};
use crate::diagnostic::{Diagnostic, Rule};
use crate::load::ParsedFile;
use crate::model::ModelFile;

/// The surface whose availability `supported_in_api` is compared with.
pub const API_SURFACE: &str = "api";

/// One finding: its rule, the models it is about, and the diagnostic.
#[derive(Debug, Clone)]
pub(super) struct Finding {
    rule: Rule,
    models: Vec<String>,
    diagnostic: Diagnostic,
}

/// A model with a CLI entry: its file, slug, page facts and typed CLI facts.
struct Cli<'a> {
    file: &'a ParsedFile,
    slug: &'a str,
    data: &'a ModelFile,
    codex: &'a CodexModel,
}

fn cli_models<'a>(cx: &'a Context<'a>) -> Vec<Cli<'a>> {
    cx.models
        .iter()
        .zip(&cx.codex)
        .filter_map(|((file, slug, data), typed)| {
            let codex = typed.as_ref()?.as_ref().ok()?;
            Some(Cli { file, slug, data, codex })
        })
        .collect()
}

/// Every drift finding, before acknowledgements: worked out once per validation, by the first
/// drift rule that asks.
fn findings<'c>(cx: &'c Context) -> &'c [Finding] {
    cx.drift.get_or_init(|| find(cx))
}

fn find(cx: &Context) -> Vec<Finding> {
    let mut out = upgrade_deprecated(cx);
    // Drift needs both views: a CLI catalog and a page (a catalog made from a CLI file alone
    // has no section yet).
    if cx.catalog.codex.is_none() || cx.catalog.sections.is_empty() {
        return out;
    }
    let cli = cli_models(cx);
    let index: HashMap<&str, usize> = cli.iter().enumerate().map(|(i, c)| (c.slug, i)).collect();
    let by_slug = |slug: &str| index.get(slug).map(|&i| &cli[i]);
    let successor: HashMap<&str, &str> =
        cx.models.iter().filter_map(|(_, slug, d)| Some((*slug, d.succeeded_by.as_deref()?))).collect();
    let listed = |c: &&Cli| c.codex.is_listed();
    let mut push = |rule: Rule, models: Vec<&str>, diagnostic: Diagnostic| {
        out.push(Finding { rule, models: models.into_iter().map(String::from).collect(), diagnostic })
    };

    // drift-default
    let cli_default = cli.iter().filter(listed).filter(|c| c.codex.priority.is_some()).min_by_key(|c| c.codex.priority);
    if let Some(page_default) = cx.catalog.default_model.as_deref() {
        let label = cx.file.source.label(cx.file.value_span("/default_model"), "the page's default");
        match (by_slug(page_default), cli_default) {
            (Some(c), _) if !c.codex.is_listed() => push(
                Rule::DriftDefault,
                vec![page_default],
                at(
                    c.file,
                    Rule::DriftDefault,
                    "/codex/visibility",
                    format!("the page's default model `{page_default}` is hidden in the CLI's picker"),
                    None,
                )
                .with_label(label),
            ),
            (None, _) => push(
                Rule::DriftDefault,
                vec![page_default],
                at(
                    cx.file,
                    Rule::DriftDefault,
                    "/default_model",
                    format!("the page's default model `{page_default}` is not in the CLI's catalog"),
                    None,
                ),
            ),
            (Some(_), Some(first)) if first.slug != page_default => push(
                Rule::DriftDefault,
                vec![page_default, first.slug],
                at(
                    first.file,
                    Rule::DriftDefault,
                    "/codex/priority",
                    format!(
                        "the CLI starts on `{}` (the lowest priority of its listed models), the page names `{page_default}` the default",
                        first.slug
                    ),
                    Some("rank the page's default first in the CLI, or acknowledge the difference".into()),
                )
                .with_label(label),
            ),
            _ => {}
        }
    }

    for c in &cli {
        // drift-upgrade
        if let Some(target) = c.codex.upgrade_to() {
            let page_target = page_upgrade_target(&successor, c.slug);
            let problem = match by_slug(target) {
                _ if !cx.known.contains(target) => {
                    Some(format!("the CLI upgrades `{}` to `{target}`, which the catalog does not have", c.slug))
                }
                None => Some(format!("the CLI upgrades `{}` to `{target}`, which the CLI does not list", c.slug)),
                Some(t) if !t.codex.is_listed() => {
                    Some(format!("the CLI upgrades `{}` to `{target}`, which its picker hides", c.slug))
                }
                Some(_) => match page_target {
                    Some(p) if p != target => Some(format!(
                        "the CLI upgrades `{}` to `{target}`, the page's \"Succeeded by\" leads to `{p}`",
                        c.slug
                    )),
                    _ => None,
                },
            };
            if let Some(message) = problem {
                let mut d = at(c.file, Rule::DriftUpgrade, "/codex/upgrade", message, None);
                if c.data.succeeded_by.is_some() {
                    d = d.with_label(c.file.source.label(c.file.value_span("/succeeded_by"), "the page's successor"));
                }
                push(Rule::DriftUpgrade, vec![c.slug, target], d);
            }
        }
        // drift-coverage
        let on_page = cx.on_page.contains(c.slug);
        let named = [&cx.catalog.default_model, &cx.catalog.example_model, &cx.catalog.cloud_model]
            .into_iter()
            .any(|m| m.as_deref() == Some(c.slug));
        let problem = if on_page && !c.codex.is_listed() {
            Some((format!("`{}` has a card on the page but the CLI's picker hides it", c.slug), None))
        } else if c.codex.is_listed() && !on_page && !named {
            let hint = "give it a card on the page, hide it in the CLI, or acknowledge the difference";
            Some((format!("the CLI lists `{}` but the page never names it", c.slug), Some(hint.to_string())))
        } else {
            None
        };
        if let Some((message, hint)) = problem {
            let d = at(c.file, Rule::DriftCoverage, "/codex/visibility", message, hint);
            push(Rule::DriftCoverage, vec![c.slug], d);
        }
        // drift-api
        if let (Some(cli_api), Some(page_api)) = (c.codex.supported_in_api, c.data.availability.get(API_SURFACE))
            && cli_api != *page_api
        {
            {
                let label = c.file.source.label(
                    c.file.value_span(&format!("/availability/{API_SURFACE}")),
                    "the page's availability on the API",
                );
                push(
                    Rule::DriftApi,
                    vec![c.slug],
                    at(
                        c.file,
                        Rule::DriftApi,
                        "/codex/supported_in_api",
                        format!(
                            "the CLI says `supported_in_api = {cli_api}`, the page says {page_api} for `{API_SURFACE}`"
                        ),
                        None,
                    )
                    .with_label(label),
                );
            }
        }
        // drift-version
        if let Some(v) = &c.codex.minimal_client_version
            && semver::Version::parse(v).is_err()
        {
            {
                push(
                    Rule::DriftVersion,
                    vec![c.slug],
                    at(
                        c.file,
                        Rule::DriftVersion,
                        "/codex/minimal_client_version",
                        format!("`{v}` is not a semantic version"),
                        Some("write MAJOR.MINOR.PATCH, e.g. `0.153.0`".into()),
                    ),
                );
            }
        }
    }

    // drift-coverage: a card for a model the CLI lacks.
    for (file, slug, _) in &cx.models {
        if cx.on_page.contains(slug) && by_slug(slug).is_none() {
            let d = at(
                file,
                Rule::DriftCoverage,
                "",
                format!("`{slug}` has a card on the page but is not in the CLI's catalog"),
                Some("retire the card, add the model to the CLI, or acknowledge the difference".into()),
            );
            push(Rule::DriftCoverage, vec![slug], d);
        }
    }

    // drift-duplicate and drift-priority: a model against the first with the same value.
    for (field, value) in [
        ("display_name", (|c: &CodexModel| c.display_name.clone()) as fn(&CodexModel) -> Option<String>),
        ("description", |c: &CodexModel| c.description.clone()),
    ] {
        let mut first: HashMap<String, usize> = HashMap::default();
        for (i, b) in cli.iter().enumerate() {
            let Some(v) = value(b.codex) else { continue };
            let Some(&k) = first.get(&v) else {
                first.insert(v, i);
                continue;
            };
            let a = &cli[k];
            let label = a.file.source.label(a.file.value_span(&format!("/codex/{field}")), "the same here");
            let message = format!("`{}` and `{}` have the same CLI {}", a.slug, b.slug, field.replace('_', " "));
            let d = at(b.file, Rule::DriftDuplicate, &format!("/codex/{field}"), message, None).with_label(label);
            push(Rule::DriftDuplicate, vec![a.slug, b.slug], d);
        }
    }
    let mut first: HashMap<i64, usize> = HashMap::default();
    for (i, b) in cli.iter().enumerate().filter(|(_, c)| c.codex.is_listed()) {
        let Some(p) = b.codex.priority else { continue };
        let Some(&k) = first.get(&p) else {
            first.insert(p, i);
            continue;
        };
        let a = &cli[k];
        let label = a.file.source.label(a.file.value_span("/codex/priority"), "the same priority here");
        let message = format!("`{}` and `{}` are both listed with priority {p}", a.slug, b.slug);
        let d = at(b.file, Rule::DriftPriority, "/codex/priority", message, None).with_label(label);
        push(Rule::DriftPriority, vec![a.slug, b.slug], d);
    }
    out
}

/// The end of the page's succession chain from `slug`, where the page states a successor
/// (`successor`: each model's `succeeded_by`; a cycle, which validation reports, ends the walk).
fn page_upgrade_target<'a>(successor: &HashMap<&str, &'a str>, slug: &str) -> Option<&'a str> {
    let mut current = *successor.get(slug)?;
    for _ in 0..successor.len() {
        match successor.get(current) {
            Some(n) => current = n,
            None => break,
        }
    }
    Some(current)
}

/// `upgrade-deprecated`: a model's "Succeeded by" chain ends at a deprecated or retired model,
/// so its upgrade sends readers to a model that is itself on its way out. Acknowledgeable, like
/// the drift rules: a page can state exactly that.
fn upgrade_deprecated(cx: &Context) -> Vec<Finding> {
    use codex_export::StatusKind;
    let by_slug: HashMap<&str, &ModelFile> = cx.models.iter().map(|(_, slug, m)| (*slug, *m)).collect();
    let mut out = Vec::new();
    for (file, slug, model) in &cx.models {
        let Some(first) = model.succeeded_by.as_deref() else { continue };
        // The end of the chain, within the bound `succession-depth` sets (a cycle ends it too).
        let mut end = first;
        for _ in 0..super::structure::MAX_SUCCESSION {
            match by_slug.get(end).and_then(|m| m.succeeded_by.as_deref()) {
                Some(next) if next != *slug => end = next,
                _ => break,
            }
        }
        let kind = by_slug.get(end).and_then(|m| m.status.as_ref()).map(|s| s.kind);
        let word = match kind {
            Some(StatusKind::Deprecated) => "deprecated",
            Some(StatusKind::Retired) => "retired",
            _ => continue,
        };
        let via = if end == first { String::new() } else { format!(" (through `{first}`)") };
        let message = format!("`{slug}` upgrades to `{end}`{via}, which is {word}");
        let hint = "point `succeeded_by` at a current model, give the end of the chain a successor, or \
                    acknowledge it: [[acknowledged]] rule = \"upgrade-deprecated\"";
        let diagnostic = at(file, Rule::UpgradeDeprecated, "/succeeded_by", message, Some(hint.into()));
        out.push(Finding { rule: Rule::UpgradeDeprecated, models: vec![slug.to_string()], diagnostic });
    }
    out
}

/// Whether `[[acknowledged]]` may name the rule `id`: the drift rules and `upgrade-deprecated`.
pub(crate) fn acknowledgeable(id: &str) -> bool {
    id.starts_with("drift-") || id == Rule::UpgradeDeprecated.id()
}

/// What identifies a finding and the acknowledgement that matches it: the rule and the models,
/// in any order.
fn key<'a>(rule: &'a str, models: &'a [String]) -> (&'a str, Vec<&'a str>) {
    let mut models: Vec<&str> = models.iter().map(String::as_str).collect();
    models.sort_unstable();
    (rule, models)
}

/// The acknowledged findings, as [`key`]s.
fn acknowledged<'a>(cx: &'a Context) -> HashSet<(&'a str, Vec<&'a str>)> {
    cx.catalog.acknowledged.iter().map(|a| key(&a.rule, &a.models)).collect()
}

/// The findings of one drift rule that are not acknowledged.
pub(super) fn drift(cx: &Context, rule: Rule, diags: &mut Vec<Diagnostic>) {
    let acknowledged = acknowledged(cx);
    for f in findings(cx).iter().filter(|f| f.rule == rule) {
        if !acknowledged.contains(&key(f.rule.id(), &f.models)) {
            let mut d = f.diagnostic.clone();
            if d.hint.is_none() {
                d.hint = Some(format!(
                    "fix one of the two, or keep the difference on purpose: add to catalog.toml\n[[acknowledged]]\nrule = \"{}\"\nmodels = [{}]\nreason = \"…\"",
                    rule.id(),
                    f.models.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ")
                ));
            }
            diags.push(d);
        }
    }
}

/// `stale-acknowledgement`: every acknowledgement matches a finding of a drift rule.
pub(super) fn stale_acknowledgement(cx: &Context, diags: &mut Vec<Diagnostic>) {
    if cx.catalog.acknowledged.is_empty() {
        return;
    }
    let found: HashSet<(&str, Vec<&str>)> = findings(cx).iter().map(|f| key(f.rule.id(), &f.models)).collect();
    for (i, a) in cx.catalog.acknowledged.iter().enumerate() {
        let is_rule = Rule::ALL.iter().any(|r| r.id() == a.rule && acknowledgeable(r.id()));
        let matches = found.contains(&key(&a.rule, &a.models));
        if !is_rule || !matches {
            let message = if is_rule {
                format!("nothing `{}` finds for {:?} any more: the difference is gone", a.rule, a.models)
            } else {
                format!("`{}` is neither a drift rule nor `upgrade-deprecated`", a.rule)
            };
            diags.push(at(
                cx.file,
                Rule::StaleAcknowledgement,
                &format!("/acknowledged/{i}"),
                message,
                Some("delete this acknowledgement".into()),
            ));
        }
    }
}
