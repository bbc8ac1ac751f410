//! `cargo xtask`: the command line over `codex-catalog`. Parsing arguments and printing are all
//! that happens here; every decision is made in the library.
//!
//! Exit codes: 0 success, 1 invalid catalog or stale outputs, 2 usage or I/O error.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codex_catalog::diagnostic::{self, Color, Diagnostic};
use codex_catalog::generate::{self, GenerateError};
use codex_catalog::validate;
use codex_catalog::write::{FileStatus, Mode};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Validate the Codex model catalog and generate everything from it.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the catalog: TOML syntax, JSON Schema, cross-file rules. Writes nothing.
    Validate {
        /// The catalog folder.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Validate, then regenerate every output whose bytes changed (the main job).
    Gen {
        /// The catalog folder.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
        /// Write the output tree under this root instead of the repository.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Print what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Show what changed between two catalogs, each a folder or a git revision of this repository.
    Diff {
        /// The old side: a catalog folder, or a git revision (`HEAD~1`, a tag, a commit).
        old: String,
        /// The new side: a catalog folder, or a git revision.
        new: String,
        /// Markdown for a pull request, or JSON for tools.
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
        /// Exit 1 when the catalogs differ (like `git diff --exit-code`).
        #[arg(long)]
        exit_code: bool,
    },
    /// Make a catalog from a Codex Models page in MDX (or merge the page into an existing one).
    Import {
        /// The page.
        page: PathBuf,
        /// The catalog folder to create or merge into.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
        /// Write the files; without it, only show what would change.
        #[arg(long)]
        yes: bool,
    },
    /// Time every stage of the pipeline on synthetic catalogs and write docs/benchmarks.md
    /// (builds and runs the release binary).
    Bench {
        /// Catalog sizes, in models.
        #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
        models: Vec<usize>,
        /// Also write the results as JSON to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Where to write the Markdown report.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Also time a cold build of the xtask in a fresh clone (about a minute).
        #[arg(long)]
        cold_build: bool,
    },
    /// Export the catalog for another tool.
    Export {
        #[command(subcommand)]
        target: ExportTarget,
    },
    /// Run an end-to-end check against a real consumer (`codex`: the Codex CLI).
    E2e {
        /// The consumer: `codex`.
        target: String,
    },
    /// Compare what the Codex CLI printed with the exported file (used by `e2e codex`).
    #[command(hide = true)]
    E2eVerify {
        /// The file `export codex` wrote.
        exported: PathBuf,
        /// What `codex debug models -c model_catalog_json=…` printed.
        printed: PathBuf,
    },
    /// Write the synthetic catalog `bench` uses, for profiling (`perf record target/release/xtask
    /// validate --catalog DIR`).
    #[command(hide = true)]
    Synthetic {
        /// How many models.
        models: usize,
        /// The catalog folder to write.
        dir: PathBuf,
    },
    /// Run a coverage-guided fuzz target (cargo-fuzz, libFuzzer) for a while.
    Fuzz {
        /// `catalog` (parsing, validation, rendering) or `import` (MDX import).
        target: String,
        /// How long to run.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
    /// Fail (exit 1) when a generated file is stale or missing, showing a diff. Writes nothing.
    Check {
        /// The catalog folder.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
        /// The root the outputs were generated under.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ExportTarget {
    /// A `model_catalog_json` for the Codex CLI (`codex -c model_catalog_json=FILE`).
    Codex {
        /// A catalog in the CLI's own format to take runtime fields from (e.g. the output of
        /// `codex debug models --bundled`).
        #[arg(long, value_name = "FILE")]
        base: PathBuf,
        /// The base entry whose runtime fields models missing from the base get (default: the
        /// base's first listed model).
        #[arg(long, value_name = "SLUG")]
        template: Option<String>,
        /// Where to write the file (default: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The catalog folder.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
        /// The surface id that means API access (sets `supported_in_api`).
        #[arg(long, value_name = "ID", default_value = "api")]
        api_surface: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// The repository root: the xtask lives in `<root>/xtask`.
fn project_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new(".")).to_path_buf();
    // Show paths relative to where the command runs, when it runs inside the repository.
    match std::env::current_dir() {
        Ok(cwd) if root == cwd => PathBuf::new(),
        _ => root,
    }
}

fn catalog_dir(arg: Option<PathBuf>) -> PathBuf {
    arg.unwrap_or_else(|| project_root().join("catalog"))
}

fn out_root(arg: Option<PathBuf>) -> PathBuf {
    arg.unwrap_or_else(project_root)
}

fn print_diagnostics(diags: &[Diagnostic]) {
    if diags.is_empty() {
        return;
    }
    let color = Color::auto(std::io::stderr().is_terminal());
    eprint!("{}", diagnostic::render_human(diags, color));
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { catalog, format, deny_warnings } => {
            run_validate(&catalog_dir(catalog), format, deny_warnings)
        }
        Command::Gen { catalog, out, dry_run } => {
            let mode = if dry_run { Mode::DryRun } else { Mode::Write };
            run_generate(&catalog_dir(catalog), &out_root(out), mode)
        }
        Command::Export { target: ExportTarget::Codex { base, template, out, catalog, api_surface } } => {
            run_export_codex(&catalog_dir(catalog), &base, template.as_deref(), out.as_deref(), &api_surface)
        }
        Command::E2e { target } => run_e2e(&target),
        Command::E2eVerify { exported, printed } => run_e2e_verify(&exported, &printed),
        Command::Synthetic { models, dir } => {
            match codex_catalog::write::apply(&dir, &codex_catalog::bench::synthetic(models), Mode::Write) {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Fuzz { target, seconds } => run_fuzz(&target, seconds),
        Command::Bench { models, json, report, cold_build } => {
            run_bench(&models, json.as_deref(), report.as_deref(), cold_build)
        }
        Command::Diff { old, new, format, exit_code } => run_diff(&old, &new, format, exit_code),
        Command::Import { page, catalog, yes } => run_import(&page, &catalog_dir(catalog), yes),
        Command::Check { catalog, out } => {
            let fix = fix_command(catalog.as_deref(), out.as_deref());
            let code = run_generate(&catalog_dir(catalog), &out_root(out), Mode::Check);
            if code == ExitCode::from(1) {
                eprintln!("run `{fix}` to update them");
            }
            code
        }
    }
}

fn fix_command(catalog: Option<&Path>, out: Option<&Path>) -> String {
    let mut cmd = String::from("cargo xtask gen");
    if let Some(c) = catalog {
        cmd.push_str(&format!(" --catalog {}", c.display()));
    }
    if let Some(o) = out {
        cmd.push_str(&format!(" --out {}", o.display()));
    }
    cmd
}

fn run_validate(dir: &Path, format: Format, deny_warnings: bool) -> ExitCode {
    let mut outcome = match validate::validate_dir(dir) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if deny_warnings {
        outcome.deny_warnings();
    }
    match format {
        Format::Human => {
            print_diagnostics(&outcome.diagnostics);
            if outcome.errors() == 0 {
                let models = outcome.catalog.as_ref().map_or(0, |c| c.models.len());
                eprintln!("catalog {} is valid: {models} models, {} warning(s)", dir.display(), outcome.warnings());
            }
        }
        Format::Json => {
            let _ = std::io::stdout().write_all(diagnostic::render_json(&outcome.diagnostics).as_bytes());
        }
    }
    exit_code(&outcome)
}

fn exit_code(outcome: &validate::Outcome) -> ExitCode {
    ExitCode::from(outcome.exit_code())
}

fn run_generate(dir: &Path, root: &Path, mode: Mode) -> ExitCode {
    let generated = match generate::generate(dir, root, mode, false) {
        Ok(g) => g,
        Err(e @ (GenerateError::NoCatalog(_) | GenerateError::Write(_))) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    print_diagnostics(&generated.diagnostics);
    if !generated.valid {
        eprintln!("the catalog is invalid: nothing was generated");
        let io = generated.diagnostics.iter().any(|d| d.rule == diagnostic::Rule::Io);
        return ExitCode::from(if io { 2 } else { 1 });
    }
    let changed = print_reports(root, &generated.files, mode);
    match mode {
        Mode::Check if changed > 0 => {
            eprintln!("{changed} generated file(s) are stale or missing");
            ExitCode::from(1)
        }
        Mode::Check => {
            eprintln!("all {} generated files are up to date", generated.files.len());
            ExitCode::SUCCESS
        }
        _ => ExitCode::SUCCESS,
    }
}

fn run_import(page: &Path, dir: &Path, yes: bool) -> ExitCode {
    let schema_dir = codex_catalog::load::relative_path(dir, &project_root_abs().join("schema"));
    let plan = match codex_catalog::import::plan(page, dir, &schema_dir) {
        Ok(plan) => plan,
        Err(diags) => {
            print_diagnostics(&diags);
            eprintln!("nothing was written");
            let io = diags.iter().any(|d| d.rule == diagnostic::Rule::Io);
            return ExitCode::from(if io { 2 } else { 1 });
        }
    };
    print_diagnostics(&plan.warnings);
    if let Some(base) = &plan.base {
        let log = codex_catalog::diff::diff(base, &plan.catalog);
        print!(
            "{}",
            codex_catalog::diff::render_markdown(
                &log,
                base,
                &plan.catalog,
                &dir.display().to_string(),
                &page.display().to_string()
            )
        );
        println!();
    } else {
        println!("a new catalog: {} models in {} sections", plan.catalog.models.len(), plan.catalog.sections().len());
    }
    let mode = if yes { Mode::Write } else { Mode::DryRun };
    match codex_catalog::write::apply(dir, &plan.files, mode) {
        Ok(reports) => {
            print_reports(dir, &reports, mode);
            if !yes {
                eprintln!("nothing was written; run again with --yes to write");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn project_root_abs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new(".")).to_path_buf()
}

/// Print what happened to each file; returns how many changed (or would, or are stale).
fn print_reports(root: &Path, reports: &[codex_catalog::write::FileReport], mode: Mode) -> usize {
    let mut changed = 0;
    for file in reports {
        let shown = root.join(&file.path);
        match (&file.status, mode) {
            (FileStatus::UpToDate, Mode::Check) => {}
            (FileStatus::UpToDate, _) => println!("  up to date  {}", shown.display()),
            (FileStatus::Changed { created, diff }, _) => {
                changed += 1;
                let verb = match (mode, created) {
                    (Mode::Write, true) => "created",
                    (Mode::Write, false) => "updated",
                    (Mode::DryRun, true) => "would create",
                    (Mode::DryRun, false) => "would update",
                    (Mode::Check, true) => "missing",
                    (Mode::Check, false) => "stale",
                };
                println!("{verb:>12}  {}", shown.display());
                if !diff.is_empty() {
                    println!("{diff}");
                }
            }
        }
    }
    changed
}

/// A side of `diff`: a catalog folder as given, or a revision checked out into a temp folder.
fn resolve_side(side: &str) -> Result<(PathBuf, Option<tempfile::TempDir>), String> {
    let path = Path::new(side);
    if path.exists() {
        return Ok((path.to_path_buf(), None));
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    codex_catalog::diff::checkout_catalog(&cwd, side, "catalog", dir.path())?;
    Ok((dir.path().to_path_buf(), Some(dir)))
}

/// A validated catalog, or its diagnostics printed and the exit code.
fn load_valid(dir: &Path) -> Result<codex_catalog::Catalog, ExitCode> {
    match validate::validate_dir(dir) {
        Ok(outcome) => match outcome.catalog {
            Some(c) => Ok(c),
            None => {
                print_diagnostics(&outcome.diagnostics);
                Err(exit_code(&outcome))
            }
        },
        Err(e) => {
            eprintln!("error: {e}");
            Err(ExitCode::from(2))
        }
    }
}

fn run_diff(old: &str, new: &str, format: DiffFormat, exit_code_flag: bool) -> ExitCode {
    let sides = resolve_side(old).and_then(|o| resolve_side(new).map(|n| (o, n)));
    let ((old_dir, _old_tmp), (new_dir, _new_tmp)) = match sides {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let (old_cat, new_cat) = match (load_valid(&old_dir), load_valid(&new_dir)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let log = codex_catalog::diff::diff(&old_cat, &new_cat);
    let text = match format {
        DiffFormat::Markdown => codex_catalog::diff::render_markdown(&log, &old_cat, &new_cat, old, new),
        DiffFormat::Json => codex_catalog::diff::render_json(&log),
    };
    print!("{text}");
    if exit_code_flag && !log.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn run_bench(sizes: &[usize], json: Option<&Path>, report: Option<&Path>, cold: bool) -> ExitCode {
    if cfg!(debug_assertions) {
        // Measure the release build: build it, then run it with the same arguments.
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let root = project_root_abs();
        eprintln!("building the release binary…");
        let status = std::process::Command::new(cargo)
            .current_dir(&root)
            .args(["build", "--release", "--quiet", "-p", "xtask"])
            .status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("error: cargo build --release failed");
            return ExitCode::from(2);
        }
        let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
        let status =
            std::process::Command::new(target.join("release/xtask")).args(std::env::args_os().skip(1)).status();
        return match status {
            Ok(s) => ExitCode::from(s.code().unwrap_or(2).clamp(0, 255) as u8),
            Err(e) => {
                eprintln!("error: cannot run the release binary: {e}");
                ExitCode::from(2)
            }
        };
    }
    let root = project_root_abs();
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let process = match codex_catalog::bench::process_times(&exe, &root.join("catalog")) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for (cmd, t) in &process {
        eprintln!("{cmd}: {t:.1} ms");
    }
    let mut results = Vec::new();
    for &n in sizes {
        // Small sizes are quick and noisy: more runs for a stable median.
        let runs = match n {
            0..=2_000 => 15,
            2_001..=20_000 => 7,
            _ => 3,
        };
        eprintln!("{n} models, {runs} runs…");
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        match codex_catalog::bench::measure(n, runs, dir.path()) {
            Ok(r) => {
                eprintln!("  total {:.1} ms, baseline {:.1} ms ({:.2}×)", r.total_ms, r.baseline_ms, r.ratio);
                results.push(r);
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let cold_build = if cold {
        eprintln!("cold build of the xtask in a fresh clone…");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        match codex_catalog::bench::cold_build(&root, &cargo) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let notes = codex_catalog::bench::target_notes(&results, &process);
    let md = codex_catalog::bench::report(&results, &codex_catalog::bench::machine(), &process, cold_build, &notes);
    let report = report.map_or_else(|| root.join("docs/benchmarks.md"), Path::to_path_buf);
    if let Err(e) = codex_catalog::write::write_atomic(&report, md.as_bytes()) {
        eprintln!("error: cannot write {}: {e}", report.display());
        return ExitCode::from(2);
    }
    eprintln!("wrote {}", report.display());
    if let Some(path) = json {
        let value = serde_json::json!({ "process": process, "sizes": results });
        let text = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
        if let Err(e) = codex_catalog::write::write_atomic(path, text.as_bytes()) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// `cargo fuzz run TARGET` with the environment it needs on a stable toolchain: no sanitizer,
/// and `RUSTC_BOOTSTRAP=1` for the `-Z` flags cargo-fuzz passes. The corpus grows in
/// `fuzz/corpus/TARGET` (not committed), seeded from `fuzz/seeds/TARGET`; crashes land in
/// `fuzz/artifacts/TARGET`.
fn run_fuzz(target: &str, seconds: u64) -> ExitCode {
    if !["catalog", "import"].contains(&target) {
        eprintln!("error: unknown fuzz target `{target}`; the targets are `catalog` and `import`");
        return ExitCode::from(2);
    }
    let root = project_root_abs();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let has_fuzz =
        std::process::Command::new(&cargo).args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !has_fuzz {
        eprintln!("error: cargo-fuzz is not installed; install it with `cargo install cargo-fuzz --locked`");
        return ExitCode::from(2);
    }
    let corpus = root.join("fuzz/corpus").join(target);
    if let Err(e) = std::fs::create_dir_all(&corpus) {
        eprintln!("error: cannot create {}: {e}", corpus.display());
        return ExitCode::from(2);
    }
    let status = std::process::Command::new(&cargo)
        .current_dir(&root)
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["fuzz", "run", "--sanitizer", "none", target])
        .arg(&corpus)
        .arg(root.join("fuzz/seeds").join(target))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-print_final_stats=1")
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => {
            eprintln!("the fuzzer found a crash: see fuzz/artifacts/{target}/ and turn it into a regression test");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: cannot run cargo fuzz: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_export_codex(
    dir: &Path,
    base: &Path,
    template: Option<&str>,
    out: Option<&Path>,
    api_surface: &str,
) -> ExitCode {
    let catalog = match load_valid(dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let base_text = match std::fs::read_to_string(base) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", base.display());
            return ExitCode::from(2);
        }
    };
    let export = match codex_catalog::codex_cli::export(&catalog, &base_text, template, api_surface) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {}: {e}", base.display());
            return ExitCode::from(2);
        }
    };
    eprint!("{}", codex_catalog::codex_cli::render_report(&export));
    match out {
        Some(path) => match codex_catalog::write::write_atomic(path, export.json.as_bytes()) {
            Ok(()) => {
                eprintln!("wrote {} ({} models)", path.display(), export.report.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                ExitCode::from(2)
            }
        },
        None => {
            print!("{}", export.json);
            ExitCode::SUCCESS
        }
    }
}

fn run_e2e(target: &str) -> ExitCode {
    if target != "codex" {
        eprintln!("error: unknown end-to-end target `{target}`; the target is `codex`");
        return ExitCode::from(2);
    }
    let script = project_root_abs().join("e2e/codex/run.sh");
    match std::process::Command::new("bash").arg(&script).current_dir(project_root_abs()).status() {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: cannot run {}: {e}", script.display());
            ExitCode::from(2)
        }
    }
}

fn run_e2e_verify(exported: &Path, printed: &Path) -> ExitCode {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let (ours, theirs) = match (read(exported), read(printed)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match codex_catalog::codex_cli::verify(&ours, &theirs) {
        Ok(n) => {
            println!("the Codex CLI accepted the catalog and lists our {n} models as exported");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for p in problems {
                eprintln!("mismatch: {p}");
            }
            ExitCode::from(1)
        }
    }
}
