//! The facts of a model's entry in the Codex CLI's own catalog (`models.json`, which the CLI
//! embeds and `codex debug models --bundled` prints) whose meaning the catalog knows.
//!
//! [`CodexModel`] is the one declaration of those facts: the catalog's model-file schema types
//! its `[codex]` table from it, validation reads it, the JSON export carries it per model (and
//! so the export schema and the TypeScript declarations), and the `codex-models` crate hands it
//! to Rust code. A field the CLI has and this type does not name is kept verbatim by the catalog
//! and written back to `exports/codex/models.json`, but is not a typed fact.
//!
//! Every field is optional: a release may leave any of them out (or give `null`), and a reader
//! must ignore keys it does not know.

use serde::{Deserialize, Serialize};

/// The known facts of one model's entry in the Codex CLI's catalog. `None` is a field the
/// entry leaves out or gives as `null`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(title = "CodexModel"))]
pub struct CodexModel {
    /// The name the CLI's model picker shows (`GPT-6-Astra`).
    #[serde(default)]
    pub display_name: Option<String>,
    /// The picker's one-line description (written for the picker, not the docs page).
    #[serde(default)]
    pub description: Option<String>,
    /// Rank in the picker: the listed model with the lowest priority is the CLI's default.
    #[serde(default)]
    pub priority: Option<i64>,
    /// `list` (shown in the picker) or `hide` (usable by slug only); readers must accept others.
    #[serde(default)]
    pub visibility: Option<String>,
    /// Whether the model can be used with an API key.
    #[serde(default)]
    pub supported_in_api: Option<bool>,
    /// The oldest CLI version that may offer the model (semver, `0.153.0`).
    #[serde(default)]
    pub minimal_client_version: Option<String>,
    /// The reasoning effort the CLI starts with (`low`, `medium`, …).
    #[serde(default)]
    pub default_reasoning_level: Option<String>,
    /// The reasoning efforts the picker offers, in its order.
    #[serde(default)]
    pub supported_reasoning_levels: Option<Vec<ReasoningLevel>>,
    /// The context window in tokens.
    #[serde(default)]
    pub context_window: Option<u64>,
    /// The largest context window the model can be configured to, in tokens.
    #[serde(default)]
    pub max_context_window: Option<u64>,
    /// The token count at which the CLI compacts the conversation on its own.
    #[serde(default)]
    pub auto_compact_token_limit: Option<u64>,
    /// How tool output is truncated.
    #[serde(default)]
    pub truncation_policy: Option<TruncationPolicy>,
    /// The kinds of input the CLI sends the model (`text`, `image`).
    #[serde(default)]
    pub input_modalities: Option<Vec<String>>,
    /// The model the CLI offers to move to, with its message.
    #[serde(default)]
    pub upgrade: Option<Upgrade>,
    /// A notice the CLI shows once when the model becomes available.
    #[serde(default)]
    pub availability_nux: Option<AvailabilityNux>,
    /// The ChatGPT plans the model is offered on.
    #[serde(default)]
    pub available_in_plans: Option<Vec<String>>,
    /// The service tier used unless the user picks one.
    #[serde(default)]
    pub default_service_tier: Option<String>,
    /// The service tiers the user can pick.
    #[serde(default)]
    pub service_tiers: Option<Vec<ServiceTier>>,
    /// Extra speed tiers (`fast`).
    #[serde(default)]
    pub additional_speed_tiers: Option<Vec<String>>,
    /// The shell tool the model is given (`shell_command`, …).
    #[serde(default)]
    pub shell_type: Option<String>,
    /// The patch tool's kind (`freeform`, …).
    #[serde(default)]
    pub apply_patch_tool_type: Option<String>,
    /// The web search tool's kind (`text_and_image`, …).
    #[serde(default)]
    pub web_search_tool_type: Option<String>,
    /// Whether the model takes a verbosity setting.
    #[serde(default)]
    pub support_verbosity: Option<bool>,
    /// The verbosity used unless the user sets one.
    #[serde(default)]
    pub default_verbosity: Option<String>,
    /// Whether the model may call several tools at once.
    #[serde(default)]
    pub supports_parallel_tool_calls: Option<bool>,
    /// Tools the CLI enables for this model only.
    #[serde(default)]
    pub experimental_supported_tools: Option<Vec<String>>,
}

/// One reasoning effort the picker offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReasoningLevel {
    /// The effort (`low`, `medium`, `high`, `xhigh`, …).
    pub effort: String,
    /// What the picker says of it.
    #[serde(default)]
    pub description: Option<String>,
}

/// How tool output is truncated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TruncationPolicy {
    /// What the limit counts (`tokens`, `bytes`).
    pub mode: String,
    /// The limit.
    pub limit: u64,
}

/// The model the CLI offers to move to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Upgrade {
    /// The slug of the model offered.
    #[cfg_attr(feature = "schema", schemars(extend("x-kind" = "model")))]
    pub model: String,
    /// The message shown with the offer (Markdown).
    #[serde(default)]
    pub migration_markdown: Option<String>,
    /// When the model is retired (as the CLI writes it), where the entry says.
    #[serde(default)]
    pub retirement_at: Option<String>,
}

/// A notice shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AvailabilityNux {
    /// The notice.
    pub message: String,
}

/// A service tier the user can pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServiceTier {
    /// Its id (`priority`).
    pub id: String,
    /// Its name in the picker (`Fast`).
    pub name: String,
    /// What the picker says of it.
    #[serde(default)]
    pub description: Option<String>,
}

impl CodexModel {
    /// The keys this type reads, in its order: the CLI fields whose meaning the catalog knows.
    /// (Read from the type itself, so the list cannot fall behind it.)
    pub fn keys() -> &'static [String] {
        static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        KEYS.get_or_init(|| match serde_json::to_value(CodexModel::default()) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        })
    }

    /// Whether the picker lists the model (`visibility` is `list`).
    pub fn is_listed(&self) -> bool {
        self.visibility.as_deref() == Some("list")
    }

    /// The slug the CLI offers to upgrade to, if any.
    pub fn upgrade_to(&self) -> Option<&str> {
        self.upgrade.as_ref().map(|u| u.model.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_fields_in_order() {
        let keys = CodexModel::keys();
        assert_eq!(keys.first().map(String::as_str), Some("display_name"));
        assert!(keys.iter().any(|k| k == "context_window"));
        assert_eq!(keys.last().map(String::as_str), Some("experimental_supported_tools"));
    }
}
