//! The command line: every command, its flags and their defaults (clap).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version)]
#[command(about = "Validate the Codex model catalog and generate everything from it.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check the catalog: TOML syntax, JSON Schema, cross-file rules. Writes nothing.
    Validate(ValidateArgs),
    /// Validate, then regenerate every output whose bytes changed (the main job).
    Gen(GenArgs),
    /// Fail (exit 1) when a generated file is stale or missing, showing a diff. Writes nothing.
    Check(CheckArgs),
    /// Show what changed between two catalogs, each a folder or a git revision of this repository.
    Diff(DiffArgs),
    /// Make a catalog from a Codex Models page in MDX (or merge the page into an existing one).
    Import(ImportArgs),
    /// Write a self-contained HTML preview of the page to DIR/index.html (nothing in it loads
    /// from the network), or, with --compare, the page at a revision beside the catalog's.
    Preview(PreviewArgs),
    /// Export the catalog for another tool.
    Export {
        #[command(subcommand)]
        target: ExportTarget,
    },
    /// Time every stage of the pipeline on synthetic catalogs and write docs/benchmarks.md
    /// (builds and runs the release binary).
    Bench(BenchArgs),
    /// Print a shell completion script for `xtask`: alias `xtask` to `cargo xtask` and source it
    /// (see docs/using.md, "Shell completion").
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(clap::Args)]
pub struct ValidateArgs {
    /// The catalog folder (default: catalog/ of the repository).
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(clap::Args)]
pub struct GenArgs {
    /// How to report: human text, or JSON on stdout (`{"files": [...], "diagnostics": [...]}`).
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// The catalog folder (default: catalog/ of the repository).
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Write the output tree under this root (default: the repository).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// How to report: human text, or JSON on stdout (`{"root", "valid", "files": [{"path",
    /// "status"}], "diagnostics", "errors", "warnings"}`).
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// The catalog folder (default: catalog/ of the repository).
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// The root the outputs were generated under (default: the repository).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct DiffArgs {
    /// The old side: a catalog folder, or a git revision (`HEAD~1`, a tag, a commit).
    pub old: String,
    /// The new side: a catalog folder, or a git revision.
    pub new: String,
    /// Markdown for a pull request, or JSON for tools.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    pub format: DiffFormat,
    /// Exit 1 when the catalogs differ (like `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The page (an MDX file).
    #[arg(required_unless_present = "codex", conflicts_with = "codex")]
    pub page: Option<PathBuf>,
    /// Import the Codex CLI's model catalog instead of a page: its `models.json` (in the
    /// openai/codex repository, or printed by `codex debug models --bundled`).
    #[arg(long, value_name = "FILE")]
    pub codex: Option<PathBuf>,
    /// The id the facts are recorded under in `[sources]` (default: from the file name:
    /// `codex-models-2026-09` for `codex-models-2026-09.mdx`, `codex-cli-0-169-0` for
    /// `models-0.169.0.json`).
    #[arg(long, value_name = "ID")]
    pub document: Option<String>,
    /// Keep code in the page's prose (`import`/`export`, `{expressions}`) verbatim in page.mdx
    /// instead of refusing the page; each piece is listed as kept.
    #[arg(long, conflicts_with = "codex")]
    pub keep_code: bool,
    /// The catalog folder to create or merge into (default: catalog/ of the repository).
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Write the files; without it, only show what would change.
    #[arg(long)]
    pub yes: bool,
    /// Map a feature title of the page to a surface: `--surface 'Codex CLI=codex_cli'` (the
    /// surface is relabelled), or `--surface 'ChatGPT web=new'` (a new surface). Repeatable.
    #[arg(long = "surface", value_name = "TITLE=ID|new")]
    pub surfaces: Vec<String>,
    /// A TOML file of such choices: `"Codex CLI" = "codex_cli"`, `"ChatGPT web" = "new"`.
    #[arg(long, value_name = "FILE")]
    pub surface_map: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct PreviewArgs {
    /// The catalog folder (default: catalog/ of the repository).
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Where to write index.html (default: target/preview/ of the repository).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Put the page of this git revision (`main`, `HEAD~1`, a commit) or catalog folder on the
    /// left, and mark the cards added, removed and changed.
    #[arg(long, value_name = "REV")]
    pub compare: Option<String>,
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Catalog sizes, in models.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
    pub models: Vec<usize>,
    /// Also write the results as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Where to write the Markdown report (default: docs/benchmarks.md).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Also time a newcomer's first build: the README's two commands (`cargo xtask gen`, `cargo
    /// test --workspace`) in a fresh clone with an empty target folder, beside a reference
    /// program of serde, serde_json, toml and clap built from nothing (a few minutes).
    #[arg(long)]
    pub cold_build: bool,
}

#[derive(Subcommand)]
pub enum ExportTarget {
    /// A `model_catalog_json` for the Codex CLI (`codex -c model_catalog_json=FILE`): the CLI's
    /// catalog as the catalog keeps it (exports/codex/models.json), optionally over a base file.
    Codex(ExportCodexArgs),
}

#[derive(clap::Args)]
pub struct ExportCodexArgs {
    /// A catalog in the CLI's own format to lay under ours (e.g. the output of `codex debug
    /// models --bundled`, or a file with your own fields): its fields that our entries lack, and
    /// its models we lack, are added; where both have a field, ours wins.
    #[arg(long, value_name = "FILE")]
    pub base: Option<PathBuf>,
    /// Where to write the file (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The catalog folder (default: catalog/ of the repository).
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Text: what happened to each file, diagnostics on stderr.
    Human,
    /// JSON on stdout, for tools.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// rustc-like text on stderr.
    Human,
    /// `{"diagnostics": [...], "errors": N, "warnings": N}` on stdout.
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::…`) on stdout.
    Github,
}
