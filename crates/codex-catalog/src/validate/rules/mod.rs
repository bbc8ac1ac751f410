//! Layer 3: the rules that span files. One function per rule, registered beside its [`Rule`]
//! in [`FILE_RULES`] (rules on the files themselves, run on every loaded catalog) and
//! [`CATALOG_RULES`] (rules on the facts, run when `catalog.toml` passed its schema). A test
//! checks that every rule the validator owns is registered exactly once.
//!
//! Adding a rule: a variant in `rules!` (`diagnostic.rs`) whose doc comment becomes its row of
//! the generated docs/rules.md, a function here in the file of its topic, a line in the
//! registry and a broken fixture test.

use crate::hash::HashSet;

use crate::diagnostic::{Diagnostic, Rule};
use crate::load::{LoadedCatalog, ParsedFile};
use crate::model::{CatalogFile, ModelFile};
use crate::naming::{did_you_mean, is_slug};
use crate::template::Template;

mod codex;
mod drift;
mod files;
mod references;
mod structure;
mod template;
pub(crate) mod text;

use super::forbidden::Forbidden;
use super::typed::Typed;

/// A rule on the loaded files, before their facts are known.
type FileCheck = fn(&LoadedCatalog, &mut Vec<Diagnostic>);
/// A rule on the facts of a catalog whose `catalog.toml` passed its schema.
type CatalogCheck = fn(&Context, &mut Vec<Diagnostic>);

/// Rules on the files themselves.
const FILE_RULES: &[(Rule, FileCheck)] = &[
    (Rule::SlugPattern, files::slug_pattern),
    (Rule::DuplicateSlug, files::duplicate_slug),
    (Rule::SchemaDirective, files::schema_directive),
];

/// Rules on the facts.
const CATALOG_RULES: &[(Rule, CatalogCheck)] = &[
    (Rule::DuplicateId, references::duplicate_id),
    (Rule::DuplicateLabel, references::duplicate_label),
    (Rule::UnknownModel, references::unknown_model),
    (Rule::SectionMembership, references::section_membership),
    (Rule::UnknownSurface, references::unknown_surface),
    (Rule::UnknownDocument, references::unknown_document),
    (Rule::RatingScale, structure::rating_scale),
    (Rule::SuccessionCycle, structure::succession_cycle),
    (Rule::SuccessionDepth, structure::succession_depth),
    (Rule::IdentifierCollision, structure::identifier_collision),
    (Rule::MissingDescription, structure::missing_description),
    (Rule::IncompleteCard, structure::incomplete_card),
    (Rule::CardAttribute, structure::card_attribute),
    (Rule::SuccessionSentence, text::succession_sentence),
    (Rule::ProseSlug, text::prose_slug),
    (Rule::DoubledWord, text::doubled_word_rule),
    (Rule::Url, text::url),
    (Rule::ForbiddenCharacter, text::forbidden_character),
    (Rule::CodexEntry, codex::codex_entry),
    (Rule::UnusedText, codex::unused_text),
    (Rule::DriftDefault, |cx, d| drift::drift(cx, Rule::DriftDefault, d)),
    (Rule::DriftUpgrade, |cx, d| drift::drift(cx, Rule::DriftUpgrade, d)),
    (Rule::DriftDuplicate, |cx, d| drift::drift(cx, Rule::DriftDuplicate, d)),
    (Rule::DriftPriority, |cx, d| drift::drift(cx, Rule::DriftPriority, d)),
    (Rule::DriftCoverage, |cx, d| drift::drift(cx, Rule::DriftCoverage, d)),
    (Rule::DriftApi, |cx, d| drift::drift(cx, Rule::DriftApi, d)),
    (Rule::DriftVersion, |cx, d| drift::drift(cx, Rule::DriftVersion, d)),
    (Rule::UpgradeDeprecated, |cx, d| drift::drift(cx, Rule::UpgradeDeprecated, d)),
    (Rule::StaleAcknowledgement, drift::stale_acknowledgement),
];

/// The rule run last, because it gives the [`Template`] a catalog needs: `page-template` (with
/// the template's own `forbidden-character` and `prose-slug` findings).
#[cfg(test)]
const TEMPLATE_RULE: Rule = Rule::PageTemplate;

/// Rules reported by other stages: loading, the schema layer and import.
#[cfg(test)]
const ELSEWHERE: &[Rule] = &[
    Rule::Io,
    Rule::FileTooLarge,
    Rule::Encoding,
    Rule::MissingFile,
    Rule::UnexpectedFile,
    Rule::TomlSyntax,
    Rule::Schema,
    Rule::MdxSyntax,
    Rule::Card,
    Rule::PageCode,
    Rule::CodexFile,
    Rule::GeneratedPage,
];

/// What the catalog rules look at: `catalog.toml` and every model file that passed its schema.
pub(super) struct Context<'a> {
    /// `catalog.toml`, parsed.
    pub file: &'a ParsedFile,
    /// `catalog.toml`, typed.
    pub catalog: &'a CatalogFile,
    /// Model files that passed their schema, by file name order: file, slug, facts.
    pub models: Vec<(&'a ParsedFile, &'a str, &'a ModelFile)>,
    /// The slug of every model file, whether or not it passed its schema.
    pub known: HashSet<&'a str>,
    /// Slugs listed in a section.
    pub on_page: HashSet<&'a str>,
    /// The first parts of the slugs (`gpt` of `gpt-5.4`): a backticked word in prose that starts
    /// with one of them is taken for a slug.
    families: HashSet<&'a str>,
    /// The strings holding a forbidden character, per file that passed its schema.
    forbidden: Vec<(&'a ParsedFile, &'a [Forbidden])>,
    /// The texts of `texts/`, by name.
    pub texts: &'a [(String, crate::diagnostic::SourceText)],
    /// Each model's typed CLI facts (as [`Context::models`]), where it has a `[codex]` table.
    pub codex: Vec<Option<Result<codex_export::CodexModel, crate::codex::MissingText>>>,
    /// The drift findings, worked out once by the first drift rule.
    drift: std::sync::OnceLock<Vec<drift::Finding>>,
}

impl Context<'_> {
    /// Whether a backticked word of prose is meant as a slug.
    fn looks_like_slug(&self, word: &str) -> bool {
        is_slug(word) && word.contains('-') && word.split('-').next().is_some_and(|f| self.families.contains(f))
    }

    /// "did you mean `…`?" for a misspelt slug.
    fn suggest_model(&self, slug: &str) -> Option<String> {
        did_you_mean(slug, self.known.iter().copied()).map(|s| format!("did you mean `{s}`?"))
    }

    /// The declared surface ids, in page order.
    fn surface_ids(&self) -> Vec<&str> {
        self.catalog.surfaces.iter().map(|s| s.id.as_str()).collect()
    }
}

/// A diagnostic of `rule` at the value of `pointer` in `file`.
fn at(file: &ParsedFile, rule: Rule, pointer: &str, message: String, hint: Option<String>) -> Diagnostic {
    let mut d = file.source.diagnostic(rule, file.value_span(pointer), pointer, message);
    d.hint = hint;
    d
}

/// What the rules found that the catalog is then built from.
pub(super) struct Checked {
    /// The template, when `page-template` found it valid.
    pub template: Option<Template>,
    /// Each model's typed CLI facts, by slug (decoded once, here).
    pub codex: crate::hash::HashMap<String, codex_export::CodexModel>,
}

/// Run every rule.
pub(super) fn check(loaded: &LoadedCatalog, typed: &Typed, diags: &mut Vec<Diagnostic>) -> Checked {
    for (_, rule) in FILE_RULES {
        rule(loaded, diags);
    }
    let none = || Checked { template: None, codex: Default::default() };
    let Some(checked) = &typed.catalog else { return none() };
    let (Some(catalog), file) = (checked.data.as_deref(), &checked.file) else { return none() };
    let known: HashSet<&str> = loaded.models.iter().map(|m| m.slug.as_str()).collect();
    let families = known.iter().filter_map(|s| s.split('-').next()).filter(|f| !f.is_empty()).collect();
    let passed = || loaded.models.iter().zip(&typed.models).filter(|(_, t)| t.data.is_some());
    let mut cx = Context {
        file,
        catalog,
        models: passed().filter_map(|(m, t)| t.data.as_deref().map(|d| (&t.file, m.slug.as_str(), d))).collect(),
        on_page: catalog.sections.iter().flat_map(|s| s.models.iter().map(String::as_str)).collect(),
        known,
        families,
        forbidden: std::iter::once(checked)
            .map(|c| (&c.file, c.forbidden.as_slice()))
            .chain(passed().map(|(_, t)| (&t.file, t.forbidden.as_slice())))
            .filter(|(_, found)| !found.is_empty())
            .collect(),
        texts: &loaded.texts,
        codex: Vec::new(),
        drift: std::sync::OnceLock::new(),
    };
    cx.codex = crate::par::map(&cx.models, |(_, _, m)| {
        let text = |name: &str| codex::find_text(&loaded.texts, name);
        m.codex.as_ref().map(|e| crate::codex::typed(e, &text))
    });
    // The rules are independent: run them on every core, their findings kept in registry order.
    for found in crate::par::each(CATALOG_RULES, |(_, rule)| {
        let mut found = Vec::new();
        rule(&cx, &mut found);
        found
    }) {
        diags.extend(found);
    }
    let template = template::page_template(&cx, loaded.template.as_ref(), diags);
    let codex = cx
        .models
        .iter()
        .zip(std::mem::take(&mut cx.codex))
        .filter_map(|((_, slug, _), typed)| Some((slug.to_string(), typed?.ok()?)))
        .collect();
    Checked { template, codex }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_registered_once_or_reported_elsewhere() {
        let mut seen: Vec<Rule> = FILE_RULES.iter().map(|(r, _)| *r).collect();
        seen.extend(CATALOG_RULES.iter().map(|(r, _)| *r));
        seen.push(TEMPLATE_RULE);
        seen.extend(ELSEWHERE);
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), seen.len(), "a rule is registered twice");
        for rule in Rule::ALL {
            assert!(seen.contains(rule), "rule `{}` has no check", rule.id());
        }
    }
}
