//! The shape of `exports/models.json`, the catalog's exchange format.
//!
//! `codex-catalog` writes it, [`Catalog::from_json`] reads it, and
//! `schema/models.export.schema.json` describes it for other languages.
//!
//! # Compatibility
//!
//! [`FORMAT_VERSION`] changes only when a key is removed or renamed, or a value changes meaning.
//! Adding keys, surfaces, sections, models or status values does not change it, so a reader
//! must ignore keys it does not know, and these types do: a program built against an older
//! export reads a newer one with the same `format_version`, surfaces and models it has never seen
//! included.
//!
//! Every key is always present. A fact the catalog does not know is `null`, never guessed.
//!
//! ```
//! let json = r#"{"format_version": 2, "title": "Codex Models", "surfaces": [], "sections": [],
//!   "scales": {"capability": {"label": "Capability", "icon": "i", "max": 5},
//!              "speed": {"label": "Speed", "icon": "i", "max": 5}},
//!   "default_model": "gpt-5.4", "example_model": "gpt-5.4", "cloud_model": null,
//!   "documents": [], "models": [], "a_key_from_the_future": true}"#;
//! let catalog = codex_export::Catalog::from_json(json).unwrap();
//! assert_eq!(catalog.default_model.as_deref(), Some("gpt-5.4"));
//! ```

use serde::{Deserialize, Serialize};

// Made by `cargo xtask gen` from the fact declarations: one field per exported fact.
mod model;

pub mod codex;

pub use codex::CodexModel;
pub use model::Model;

/// The format version this crate writes and reads.
///
/// Version 2 (from version 1): `name`, `default_model` and `example_model` may be `null` (a model
/// known only by its slug; a page without a config snippet or a `codex -m` example).
pub const FORMAT_VERSION: u32 = 2;

/// The whole export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(title = "ModelCatalog"))]
pub struct Catalog {
    /// Changes only on an incompatible change (a key removed or renamed, a meaning changed).
    pub format_version: u32,
    /// The page's title.
    pub title: String,
    /// The rating scales: what a capability or speed of N out of `max` means.
    pub scales: Scales,
    /// The surfaces, in the order the page shows them.
    pub surfaces: Vec<Surface>,
    /// The page's sections, in page order.
    pub sections: Vec<Section>,
    /// The model `config.toml` names by default, or `null` when the page names none.
    #[cfg_attr(feature = "schema", schemars(extend("x-kind" = "model")))]
    pub default_model: Option<String>,
    /// The model of the page's `codex -m` example, or `null` when the page has none.
    #[cfg_attr(feature = "schema", schemars(extend("x-kind" = "model")))]
    pub example_model: Option<String>,
    /// The model Codex Cloud tasks use, or `null` when the page names none.
    #[cfg_attr(feature = "schema", schemars(extend("x-kind" = "model")))]
    pub cloud_model: Option<String>,
    /// The documents that facts came from.
    pub documents: Vec<Document>,
    /// Every model: section order, card order within a section, then models not on the page by slug.
    pub models: Vec<Model>,
}

impl Model {
    /// Whether the model is available on the surface `id`: `Some(true)` or `Some(false)` when
    /// the export knows, `None` when it does not (or the export has no such surface).
    pub fn available_on(&self, surface: &str) -> Option<bool> {
        self.availability.get(surface).copied().flatten()
    }

    /// The note the export has for the surface `id` (`ChatGPT Pro only`), if any.
    pub fn note_on(&self, surface: &str) -> Option<&str> {
        self.availability_notes.get(surface).and_then(|n| n.as_deref())
    }
}

impl Catalog {
    /// Read an export. Unknown keys are ignored; a different `format_version` is an error.
    pub fn from_json(json: &str) -> Result<Catalog, FromJsonError> {
        #[derive(Deserialize)]
        struct Version {
            format_version: u32,
        }
        let version: Version = serde_json::from_str(json).map_err(FromJsonError::Json)?;
        if version.format_version != FORMAT_VERSION {
            return Err(FromJsonError::Version(version.format_version));
        }
        serde_json::from_str(json).map_err(FromJsonError::Json)
    }

    /// The model with this slug.
    pub fn model(&self, slug: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.slug == slug)
    }
}

/// Why an export could not be read.
#[derive(Debug)]
pub enum FromJsonError {
    /// Not JSON, or not of this shape.
    Json(serde_json::Error),
    /// A `format_version` this reader does not understand.
    Version(u32),
}

impl std::fmt::Display for FromJsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FromJsonError::Json(e) => write!(f, "not a models.json export: {e}"),
            FromJsonError::Version(v) => {
                write!(f, "models.json has format_version {v}; this reader understands {FORMAT_VERSION}")
            }
        }
    }
}

impl std::error::Error for FromJsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FromJsonError::Json(e) => Some(e),
            FromJsonError::Version(_) => None,
        }
    }
}

/// A closed set of values written in snake case, declared once for the catalog's source format,
/// the export and the generated Rust: the enum, its text (`as_str`) and its Rust variant name.
macro_rules! values {
    ($(#[$meta:meta])* $name:ident { $($(#[doc = $doc:literal])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[doc = $doc])* $variant,)*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The value as written in catalog files and exports.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            /// The name of the Rust variant (`ResearchPreview`), for generated code.
            pub fn variant_name(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant),)* }
            }
        }
    };
}

values! {
    /// A model's status.
    StatusKind {
        /// Offered as a research preview.
        ResearchPreview = "research_preview",
        /// Generally available.
        GenerallyAvailable = "generally_available",
        /// Still offered but superseded; generated Rust marks it `#[deprecated]`.
        Deprecated = "deprecated",
        /// No longer offered.
        Retired = "retired",
    }
}

values! {
    /// A kind of model input.
    Modality {
        /// Text.
        Text = "text",
        /// Images.
        Image = "image",
        /// Audio.
        Audio = "audio",
    }
}

/// The candidate nearest to `input` (Jaro-Winkler, case ignored), if it is close enough to
/// suggest: the one did-you-mean rule of the catalog's diagnostics and of `codex-models`.
///
/// ```
/// assert_eq!(codex_export::closest("gpt-5.4-mnii", ["gpt-5.4", "gpt-5.4-mini"]), Some("gpt-5.4-mini"));
/// assert_eq!(codex_export::closest("claude", ["gpt-5.4"]), None);
/// ```
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The two rating scales.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Scales {
    /// The capability scale.
    pub capability: Scale,
    /// The speed scale.
    pub speed: Scale,
}

/// A rating scale from 1 to `max`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Scale {
    /// The label the page shows (`Capability`).
    pub label: String,
    /// The icon drawn once per point.
    pub icon: String,
    /// The highest rating.
    pub max: u8,
}

/// A surface a model can be available on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Surface {
    /// Stable identifier, the key of `availability`.
    #[cfg_attr(feature = "schema", schemars(extend("x-kind" = "surface")))]
    pub id: String,
    /// The label the page shows.
    pub label: String,
    /// Whether the page no longer shows the surface (its values are kept for history).
    #[serde(default)]
    pub retired: bool,
}

/// A section of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Section {
    /// Stable identifier.
    #[cfg_attr(feature = "schema", schemars(extend("x-kind" = "section")))]
    pub id: String,
    /// The heading the page shows.
    pub title: String,
    /// The slugs of its models, in card order.
    #[cfg_attr(feature = "schema", schemars(extend("x-kind" = "model")))]
    pub models: Vec<String>,
    /// The guidance shown after its cards (Markdown), or `null`.
    pub guidance: Option<String>,
}

/// A document facts came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Document {
    /// Identifier that `sources` values name.
    #[cfg_attr(feature = "schema", schemars(extend("x-kind" = "document")))]
    pub id: String,
    /// What the document is.
    pub title: String,
    /// Its publication date (`YYYY-MM-DD`), or `null` when unknown.
    pub date: Option<String>,
    /// Where it is kept, or `null`.
    pub location: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_serialise_as_their_text() {
        for kind in StatusKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        for m in Modality::ALL {
            assert_eq!(serde_json::from_value::<Modality>(m.as_str().into()).unwrap(), *m);
        }
        assert_eq!(StatusKind::ResearchPreview.variant_name(), "ResearchPreview");
    }
}
