//! The catalog's source format: the types of `catalog/catalog.toml` and `catalog/models/<slug>.toml`.
//!
//! These types are the one definition of the format. The JSON Schemas in `schema/` are generated
//! from them (see [`crate::schema`]); the loader checks every file against those schemas before
//! it deserialises into these types, and [`crate::validate`] adds the rules that span files.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::facts::{Fact, Group, RustValue, Stored};

pub use codex_export::{Modality, StatusKind};

/// Lower-case slug: letters and digits in parts joined by `.` or `-` (`gpt-5.1-codex-max`).
pub const SLUG_PATTERN: &str = r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$";
/// An identifier of a surface, section or document: lower-case letters, digits, `_` and `-`.
pub const ID_PATTERN: &str = r"^[a-z][a-z0-9_-]*$";
/// The longest slug or id, in characters. Each becomes a Rust identifier, a file name and a
/// column of the exports; the longest model slugs in use are under 40.
pub const MAX_NAME_LEN: usize = 64;
/// A single line of text: titles, labels and names show in headings, table cells and enum docs.
pub const SINGLE_LINE: &str = r"^[^\n\r]+$";
/// A calendar date, `YYYY-MM-DD`.
pub const DATE_PATTERN: &str = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/// `catalog/catalog.toml`: everything that belongs to the catalog as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Codex model catalog (catalog.toml)")]
pub struct CatalogFile {
    /// Title of the generated page (its `# …` heading).
    #[schemars(length(min = 1), regex(pattern = SINGLE_LINE))]
    pub title: String,
    /// The model that `config.toml` names in the page's `model = "…"` snippet; absent when the
    /// page names none. It may be a model without a card (known only by its slug).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = SLUG_PATTERN))]
    pub default_model: Option<String>,
    /// The model of the page's `codex -m …` example (not always the default); absent when the
    /// page has no such example.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = SLUG_PATTERN))]
    pub example_model: Option<String>,
    /// The model that Codex Cloud tasks use, where the page names one; absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = SLUG_PATTERN))]
    pub cloud_model: Option<String>,
    /// The two rating scales shown on every card.
    pub scales: Scales,
    /// The surfaces a model can be available on, in the order the page shows them (at most 100:
    /// each is a column of every table and a line of every card; none for a page that shows no
    /// availability).
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub surfaces: Vec<Surface>,
    /// The page's sections, in page order, each listing its models in card order.
    pub sections: Vec<Section>,
    /// The documents that facts were taken from; models name them in their `[sources]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
    /// Where the catalog-level facts (sections, order, default and example model) came from.
    pub sources: CatalogSources,
    /// Differences between the Codex CLI's catalog and the page that the catalog keeps on
    /// purpose, each with its reason: a drift rule's finding for exactly these models is not
    /// reported (and an acknowledgement no finding matches is).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acknowledged: Vec<Acknowledgement>,
    /// The Codex CLI's catalog as a whole (its model order); absent when no CLI catalog was
    /// imported. Written last, in the file's key order ([`CatalogFile::to_toml`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codex: Option<crate::codex::CodexCatalog>,
}

impl CatalogFile {
    /// The file's TOML text (without the `#:schema` line): the `[codex]` table last, in its
    /// key order, which TOML's serialiser would not keep.
    pub fn to_toml(&self) -> String {
        let rest = CatalogFile { codex: None, ..self.clone() };
        with_codex_table(to_toml(&rest), self.codex.as_ref().map(|c| &c.0))
    }
}

impl ModelFile {
    /// The file's TOML text (without the `#:schema` line): the `[codex]` table last, in the
    /// CLI's key order, which TOML's serialiser would not keep.
    pub fn to_toml(&self) -> String {
        let rest = ModelFile { codex: None, ..self.clone() };
        with_codex_table(to_toml(&rest), self.codex.as_ref().map(|c| &c.0))
    }
}

fn to_toml<T: Serialize>(value: &T) -> String {
    toml::to_string(value).expect("catalog types serialise to tables of strings, numbers, booleans and arrays")
}

fn with_codex_table(mut text: String, codex: Option<&serde_json::Map<String, serde_json::Value>>) -> String {
    if let Some(codex) = codex {
        if !text.is_empty() && !text.ends_with("\n\n") {
            text.push('\n');
        }
        text.push_str(&crate::codex::emit_table("codex", codex));
    }
    text
}

/// A difference between the CLI's catalog and the page, kept on purpose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// The rule: a drift rule (`drift-default`, …) or `upgrade-deprecated` (see docs/rules.md).
    #[schemars(regex(pattern = r"^(drift-[a-z-]+|upgrade-deprecated)$"))]
    pub rule: String,
    /// The models of the finding, as the diagnostic names them.
    #[schemars(inner(length(max = MAX_NAME_LEN), regex(pattern = SLUG_PATTERN)))]
    pub models: Vec<String>,
    /// Why the difference is kept.
    #[schemars(length(min = 1))]
    pub reason: String,
}

/// The capability and speed scales.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scales {
    /// How capable a model is, drawn as icons on its card.
    pub capability: Scale,
    /// How fast a model is, drawn as icons on its card.
    pub speed: Scale,
}

/// A rating scale from 1 to `max`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// The feature title on the card (`Capability`).
    #[schemars(length(min = 1), regex(pattern = SINGLE_LINE))]
    pub label: String,
    /// The icon drawn once per point (`openai.SparklesFilled`).
    #[schemars(length(min = 1), regex(pattern = SINGLE_LINE))]
    pub icon: String,
    /// The highest rating; ratings run from 1 to this.
    #[schemars(range(min = 1, max = 10))]
    pub max: u8,
}

/// A place where Codex runs or is billed (`Codex CLI & SDK`, `API Access`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Surface {
    /// Stable identifier used in model files and exports (`codex_cli`); never shown.
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN))]
    pub id: String,
    /// The feature title shown on cards; relabelling a surface changes only this.
    #[schemars(length(min = 1), regex(pattern = SINGLE_LINE))]
    pub label: String,
    /// A surface the page no longer shows: kept, with every model's value, for history and the
    /// exports, but not drawn on cards.
    #[serde(default, skip_serializing_if = "is_false")]
    pub retired: bool,
}

/// A section of the page and the models it shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable identifier (`recommended`), used by the page template and exports.
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN))]
    pub id: String,
    /// The section's heading on the page.
    #[schemars(length(min = 1), regex(pattern = SINGLE_LINE))]
    pub title: String,
    /// The slugs of the section's models, in card order.
    #[serde(default)]
    #[schemars(inner(length(max = MAX_NAME_LEN), regex(pattern = SLUG_PATTERN)))]
    pub models: Vec<String>,
    /// Guidance paragraphs shown after the section's cards (Markdown; backticked slugs must exist).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    /// The CSS class of the grid that wraps the section's cards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_class: Option<String>,
}

/// A document that facts were taken from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Identifier that `[sources]` tables name.
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN))]
    pub id: String,
    /// What the document is.
    #[schemars(length(min = 1), regex(pattern = SINGLE_LINE))]
    pub title: String,
    /// The date the document was published, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DATE_PATTERN))]
    pub date: Option<String>,
    /// Where the document is kept (a path or an https URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// Where the catalog-level facts came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogSources {
    /// The document every catalog-level fact came from unless a more specific key says otherwise.
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN))]
    pub default: String,
    /// The document the default model came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN))]
    pub default_model: Option<String>,
    /// The document the example model came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN))]
    pub example_model: Option<String>,
    /// The document the cloud model came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN))]
    pub cloud_model: Option<String>,
    /// The document the surfaces and their labels came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN))]
    pub surfaces: Option<String>,
    /// The document the rating scales' labels and icons came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN))]
    pub scales: Option<String>,
    /// The document the Codex CLI catalog's model order came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN))]
    pub codex: Option<String>,
    /// The document the scales' maximum came from. Pages draw icons, not a maximum, so this
    /// names a document that records the maximum as an inference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN))]
    pub scale_max: Option<String>,
}

/// Declares [`ModelFile`] and its facts ([`ModelFile::FACTS`]) from one row per stored fact.
///
/// A row is the field's documentation (the source format's, for the schema and rustdoc) and
/// schema attributes, `key: Type => "what the export and the Rust crate say"`, and, in braces,
/// what differs from what the type gives ([`Fact::stored`]): its `group` for the diff, a shared
/// `source` key, its place in the outputs, … Every output follows from the row; see
/// [`crate::facts`].
macro_rules! model_file {
    ($(
        $(#[$attr:meta])*
        $key:ident : $ty:ty => $doc:literal { $($field:ident : $value:expr),* $(,)? }
    ),* $(,)?) => {
        /// `catalog/models/<slug>.toml`: one model. The slug is the file's stem and is not repeated inside.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[schemars(title = "Codex model catalog: one model (models/<slug>.toml)")]
        pub struct ModelFile {
            $(
                $(#[$attr])*
                #[serde(default, skip_serializing_if = "crate::facts::is_absent")]
                pub $key: $ty,
            )*
            /// The documents this model's facts came from.
            pub sources: Sources,
        }

        impl ModelFile {
            /// A model known only by its card name (or only by its slug, without one) and the
            /// document that names it: every other fact unknown.
            pub fn new(name: Option<String>, source: impl Into<String>) -> ModelFile {
                let mut file = ModelFile { $($key: Default::default(),)* sources: Sources::new(source) };
                file.name = name;
                file
            }

            /// The stored facts, in the order model files write them.
            pub const FACTS: &'static [Fact] = &[$(
                Fact {
                    $($field: $value,)*
                    ..Fact::stored::<$ty>(stringify!($key), $doc, |_, m| Stored::value(&m.data().$key))
                },
            )*];
        }
    };
}

model_file! {
    /// The card's `name` (the page shows the slug here, e.g. `gpt-5.1-codex`); absent for a model
    /// no card shows (one the page names only in prose or in a snippet).
    #[schemars(length(min = 1), regex(pattern = SINGLE_LINE))]
    name: Option<String> => "The card's name, or `null` for a model no card shows (known only by its slug)." {
        group: Group::Text,
    },
    /// The model's name in prose (`GPT-5.1-Codex`), where a document gives one; "Succeeded by"
    /// sentences use it.
    #[schemars(length(min = 1), regex(pattern = SINGLE_LINE))]
    prose_name: Option<String> => "The name in prose (`GPT-5.1-Codex`), or `null` when no document gives one." {
        group: Group::Text,
    },
    /// The card's description, without any "Succeeded by …" sentence (generated from `succeeded_by`).
    /// Required for a model on the page; absent when no document describes the model.
    #[schemars(length(min = 1))]
    description: Option<String> =>
        "The description, without the \"Succeeded by\" sentence, or `null` when no document gives one." {
        group: Group::Text,
    },
    /// Capability rating, 1 to the catalog's `scales.capability.max`; absent when unknown.
    #[schemars(range(min = 1, max = 10))]
    capability: Option<u8> => "Capability rating, or `null` when unknown." {
        group: Group::Rating,
        source: Some("ratings"),
        source_doc: Some("Source of `capability` and `speed`."),
    },
    /// Speed rating, 1 to the catalog's `scales.speed.max`; absent when unknown.
    #[schemars(range(min = 1, max = 10))]
    speed: Option<u8> => "Speed rating, or `null` when unknown." {
        group: Group::Rating,
        source: Some("ratings"),
    },
    /// Availability per declared surface id: `true`, `false`, or absent when unknown.
    availability: BTreeMap<String, bool> =>
        "Per surface id: `true`, `false`, or `null` when unknown. Every declared surface is a key." {
        group: Group::Availability,
        source_doc: Some("Source of `availability` (and of `availability_notes` where that has no key of its own)."),
        export_after: Some("upgrade_path"),
        rust_doc: Some("Availability per surface, indexed by `Surface as usize`; see [`ModelInfo::available_on`]."),
    },
    /// A short note per surface id (`ChatGPT Pro only`, `API access coming soon`).
    availability_notes: BTreeMap<String, String> =>
        "Per surface id: a note, or `null`. Every declared surface is a key." {
        group: Group::Text,
        export_after: Some("availability"),
        rust_doc: Some("A note per surface, indexed by `Surface as usize`; see [`ModelInfo::note_on`]."),
    },
    /// The kinds of input the model takes, where a document states them (`["text"]` for text-only).
    #[schemars(length(min = 1))]
    input_modalities: Option<Vec<Modality>> => "Input kinds (`text`, `image`, `audio`), or `null` when unknown." {
        export_after: Some("availability_notes"),
    },
    /// The model's status, where a document states one.
    status: Option<Status> =>
        "`research_preview`, `generally_available`, `deprecated`, `retired`, or `null` when no\n\
         document states one. Readers must accept values not listed here." {
        group: Group::Status,
        rust_doc: Some("The status, where a document states one."),
    },
    /// The slug of the model that succeeds this one.
    #[schemars(length(max = MAX_NAME_LEN), regex(pattern = SLUG_PATTERN))]
    succeeded_by: Option<String> => "The slug of the direct successor, or `null`." {
        group: Group::Successor,
        kind: Some("model"),
        rust: crate::facts::rust("Option<Model>", RustValue::OptModel),
        rust_doc: Some("The direct successor, where the catalog knows one."),
    },
    /// The card's wallpaper: a site-relative path (`/images/…`) or an https URL.
    wallpaper_url: Option<String> => "The card's wallpaper, or `null`." {},
    /// How the card is drawn.
    card: Card => "How the card is drawn (the page's own)." {},
    /// The model's entry in the Codex CLI's catalog (`models.json`), every key in the CLI's
    /// order; absent for a model the CLI does not list. See `docs/codex-cli.md`.
    codex: Option<crate::codex::CodexEntry> =>
        "The model's entry in the Codex CLI's catalog, the fields whose meaning the catalog knows, or `null` when the CLI does not list the model." {
        group: Group::Codex,
        csv: false,
        rust_doc: Some("The model's entry in the Codex CLI's catalog (the typed fields), where the CLI lists it."),
        get: |_, m| crate::facts::FactValue::Codex(m.codex()),
    },
}

/// A model's status and the dates it holds between.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Status {
    /// The status.
    pub kind: StatusKind,
    /// The first day of this status, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DATE_PATTERN))]
    pub since: Option<String>,
    /// The last day of this status (e.g. a retirement date), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DATE_PATTERN))]
    pub until: Option<String>,
}

/// How a card is drawn on the page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// Whether the card carries `client:load` (hydrated on page load).
    #[serde(default, skip_serializing_if = "is_false")]
    pub client_load: bool,
    /// Whether the card is `collapsible` ("Show details").
    #[serde(default, skip_serializing_if = "is_false")]
    pub collapsible: bool,
    /// Any other card attribute, kept and regenerated as is: `true` is a bare attribute, a string
    /// a quoted value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttributeValue>,
    /// The attributes in the order the card writes them (`data` included), where it is not the
    /// usual one: `client:load`, `name`, `slug`, the other attributes by name, `wallpaperUrl`,
    /// `description`, `collapsible`, `data`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<String>,
    /// The surfaces the card shows, in its order, where that is not every surface whose
    /// availability is known, in the catalog's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(inner(length(max = MAX_NAME_LEN), regex(pattern = ID_PATTERN)))]
    pub surfaces: Option<Vec<String>>,
    /// A label per surface id, where the card shows the surface under another title than the
    /// surface's label.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// How the page lays out a feature (by title), where that is not the usual way (ratings
    /// expanded with their icons on one line when they fit, surfaces on one line when they
    /// fit): `expanded`, `inline`, `icons-broken` or `icons-one-line`. Keeps a hand-written
    /// page's layout; a card without it is printed as prettier prints it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub layout: BTreeMap<String, crate::card::Layout>,
    /// The card does not state the successor, although the catalog knows it (no "Succeeded by"
    /// sentence is generated).
    #[serde(default, skip_serializing_if = "is_false")]
    pub hide_successor: bool,
}

impl Card {
    /// The order a card writes its attributes in unless [`Card::order`] says otherwise:
    /// `client:load`, `name`, `slug`, the other attributes by name, `wallpaperUrl`,
    /// `description`, `collapsible`, `data` — each where the card has it.
    pub fn usual_order(&self, has_name: bool, has_wallpaper: bool) -> Vec<&str> {
        let mut order: Vec<&str> = Vec::with_capacity(8 + self.attributes.len());
        fn push<'a>(order: &mut Vec<&'a str>, name: &'a str, present: bool) {
            if present {
                order.push(name);
            }
        }
        let mut push = |name, present| push(&mut order, name, present);
        push("client:load", self.client_load);
        push("name", has_name);
        push("slug", true);
        for name in self.attributes.keys() {
            push(name, true);
        }
        push("wallpaperUrl", has_wallpaper);
        push("description", true);
        push("collapsible", self.collapsible);
        push("data", true);
        order
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The value of an extra card attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AttributeValue {
    /// `true`: a bare attribute (`featured`); `false`: `featured={false}`.
    Flag(bool),
    /// A quoted value (`badge="New"`).
    Text(String),
    /// Any other JavaScript expression, kept as written (`count={3}`).
    Expression {
        /// The expression between the braces.
        expression: String,
    },
}

/// The documents a model's facts came from: `default` for all, and a key per fact (or group of
/// facts) whose document differs. The keys are the `source`s of the facts `model_file!`
/// declares ([`crate::facts::source_keys`]), in that order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    /// The document every fact of this model came from unless a key below says otherwise.
    pub default: String,
    /// The other keys with their documents, in the order of [`crate::facts::source_keys`].
    specific: Vec<(&'static str, String)>,
}

impl Sources {
    /// Sources where every fact came from one document.
    pub fn new(default: impl Into<String>) -> Sources {
        Sources { default: default.into(), specific: Vec::new() }
    }

    /// Every key but `default`, in declaration order.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> {
        crate::facts::source_keys().iter().map(|(k, _)| *k)
    }

    /// The document named under `key` (not falling back to `default`).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.specific.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }

    /// The document the facts under `key` came from: their own, else `default`.
    pub fn of(&self, key: &str) -> &str {
        self.get(key).unwrap_or(&self.default)
    }

    /// Every fact name with the document it came from, `default` first; facts without a
    /// key of their own are left out (they fall back to `default`).
    pub fn entries(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::with_capacity(1 + self.specific.len());
        out.push(("default", self.default.as_str()));
        out.extend(self.specific.iter().map(|(k, v)| (*k, v.as_str())));
        out
    }

    /// Record `doc` as the source of the facts under `key`: nothing when it is the
    /// default document. Returns `false` for a key that does not exist.
    pub fn set(&mut self, key: &str, doc: &str) -> bool {
        let keys = crate::facts::source_keys();
        let Some(rank) = keys.iter().position(|(k, _)| *k == key) else { return false };
        self.specific.retain(|(k, _)| *k != key);
        if self.default != doc {
            let at = self.specific.partition_point(|(k, _)| keys.iter().position(|(o, _)| o == k) < Some(rank));
            self.specific.insert(at, (keys[rank].0, doc.to_string()));
        }
        true
    }
}

impl Serialize for Sources {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1 + self.specific.len()))?;
        for (k, v) in self.entries() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Sources {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sources, D::Error> {
        use serde::de::Error;
        let table = BTreeMap::<String, String>::deserialize(d)?;
        let mut out = Sources::new(String::new());
        let mut default = None;
        for (key, doc) in table {
            if key == "default" {
                default = Some(doc);
                continue;
            }
            let Some((known, _)) = crate::facts::source_keys().iter().find(|(k, _)| *k == key) else {
                let expected: Vec<&str> =
                    std::iter::once("default").chain(crate::facts::source_keys().iter().map(|(k, _)| *k)).collect();
                return Err(D::Error::custom(format!(
                    "unknown field `{key}`, expected one of {}",
                    expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                )));
            };
            out.specific.push((known, doc));
        }
        out.default = default.ok_or_else(|| D::Error::missing_field("default"))?;
        let keys = crate::facts::source_keys();
        out.specific.sort_by_key(|(k, _)| keys.iter().position(|(o, _)| o == k));
        Ok(out)
    }
}

impl JsonSchema for Sources {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Sources".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let id = |description: &str| {
            serde_json::json!({
                "type": "string",
                "description": description,
                "maxLength": MAX_NAME_LEN,
                "pattern": ID_PATTERN,
            })
        };
        let mut properties = serde_json::Map::new();
        properties.insert(
            "default".into(),
            id("The document every fact of this model came from unless a key below says otherwise."),
        );
        for (key, doc) in crate::facts::source_keys() {
            properties.insert(key.to_string(), id(doc));
        }
        let schema = serde_json::json!({
            "type": "object",
            "additionalProperties": false,
            "properties": properties,
            "required": ["default"],
            "description": "The documents a model's facts came from: `default` for all, other keys per fact.",
        });
        schemars::Schema::try_from(schema).expect("an object is a schema")
    }
}

impl CatalogSources {
    /// Every catalog-level fact from one document: `default`, no key of its own.
    pub fn from_default(doc: String) -> CatalogSources {
        CatalogSources {
            default: doc,
            default_model: None,
            example_model: None,
            cloud_model: None,
            surfaces: None,
            scales: None,
            scale_max: None,
            codex: None,
        }
    }

    /// Every fact name with the document it came from, `default` first.
    pub fn entries(&self) -> Vec<(&'static str, &str)> {
        let mut out = vec![("default", self.default.as_str())];
        let specific = [
            ("default_model", &self.default_model),
            ("example_model", &self.example_model),
            ("cloud_model", &self.cloud_model),
            ("surfaces", &self.surfaces),
            ("scales", &self.scales),
            ("scale_max", &self.scale_max),
            ("codex", &self.codex),
        ];
        out.extend(specific.into_iter().filter_map(|(k, v)| v.as_deref().map(|v| (k, v))));
        out
    }
}
