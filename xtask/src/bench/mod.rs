//! `cargo xtask bench`: benchmarks of the real pipeline on synthetic catalogs, written to
//! `docs/benchmarks.md` whole from the run that measured them.
//!
//! [`xtask::synthetic`] writes a catalog of any size in the real on-disk format; [`measure`] times
//! each stage as the median of several runs beside a baseline measured in the same run (read
//! the same files, parse them with `toml`, serialise the data with `serde_json`); [`report`]
//! writes the Markdown.

use std::path::{Path, PathBuf};
use std::process::Command;

use codex_catalog::write::{self, Mode};

use crate::flags::BenchArgs;
use xtask::{Failure, repo};

mod measure;
mod report;

pub fn run(args: BenchArgs) -> Result<(), Failure> {
    let root = repo::root()?;
    if cfg!(debug_assertions) {
        return rerun_release(&root);
    }
    let exe = std::env::current_exe()?;
    let catalog = root.join("catalog");
    let real_models = xtask::catalog::load_valid(&catalog)?.models().len();
    let process = report::process_times(&exe, &catalog).map_err(Failure::Io)?;
    for (cmd, t) in &process {
        errln!("{cmd}: {t:.1} ms");
    }
    let mut results = Vec::new();
    for &n in &args.models {
        // Small sizes are quick and noisy: more runs for a stable median.
        let runs = match n {
            0..=2_000 => 15,
            2_001..=20_000 => 7,
            _ => 3,
        };
        errln!("{n} models, {runs} runs…");
        let dir = tempfile::tempdir()?;
        let mut r = measure::measure(n, runs, dir.path())?;
        errln!("  total {:.1} ms, baseline {:.1} ms ({:.2}×)", r.total_ms, r.baseline_ms, r.ratio);
        let gen_runs = runs.min(7);
        let full = measure::full_gen(&exe, &dir.path().join("catalog"), n, gen_runs, dir.path())?;
        errln!("  full gen {:.1} ms, peak {:.0} MiB", full.median_ms, full.peak_mib.unwrap_or(f64::NAN));
        r.full_gen = Some(full);
        let grown_dir = dir.path().join("grown");
        let files = xtask::synthetic::grown(&catalog, n).map_err(Failure::Io)?;
        let real_copies = files.iter().filter(|f| f.path.starts_with(codex_catalog::load::MODELS_DIR)).count();
        write::apply(&grown_dir, &files, Mode::Write, write::Durability::Regenerable)?;
        drop(files);
        let grown = measure::full_gen(&exe, &grown_dir, real_copies, gen_runs, dir.path())?;
        errln!("  full gen, grown from the real catalog ({real_copies} models): {:.1} ms", grown.median_ms);
        r.grown_gen = Some(grown);
        results.push(r);
    }
    let cold_build = if args.cold_build {
        errln!("a newcomer's first build: the two README commands in a fresh clone, and the reference…");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Some(report::cold_build(&root, &cargo).map_err(Failure::Io)?)
    } else {
        None
    };
    let notes = report::target_notes(&results, &process);
    let md = report::report(&results, &report::machine(), &process, real_models, cold_build, &notes);
    let path = args.report.unwrap_or_else(|| root.join("docs/benchmarks.md"));
    write::write_atomic(&path, md.as_bytes()).map_err(|e| Failure::io("write", &path, e))?;
    errln!("wrote {}", path.display());
    if let Some(path) = args.json {
        let value = serde_json::json!({ "process": process, "sizes": results });
        let text = serde_json::to_string_pretty(&value).expect("numbers and strings serialise") + "\n";
        write::write_atomic(&path, text.as_bytes()).map_err(|e| Failure::io("write", &path, e))?;
    }
    Ok(())
}

/// The variable that asks a command to write its own peak resident memory (KiB) to a file when
/// it ends: how `bench` measures `gen`. (A child's `ru_maxrss` would also count the memory
/// the benchmarking process had when it started the child.)
pub const PEAK_FILE_VAR: &str = "CODEX_CATALOG_BENCH_PEAK_FILE";

/// Write this process's peak resident memory (Linux `VmHWM`, KiB) where [`PEAK_FILE_VAR`] says.
pub fn report_own_peak() {
    let Some(path) = std::env::var_os(PEAK_FILE_VAR) else { return };
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib =
        status.lines().find_map(|l| l.strip_prefix("VmHWM:")).map(|v| v.trim().trim_end_matches(" kB").to_string());
    let _ = std::fs::write(path, kib.unwrap_or_default());
}

/// Measure the release build: build it, then run it with the same arguments.
fn rerun_release(root: &Path) -> Result<(), Failure> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    errln!("building the release binary…");
    let built = Command::new(cargo).current_dir(root).args(["build", "--release", "--quiet", "-p", "xtask"]).status();
    if !built.is_ok_and(|s| s.success()) {
        return Err(Failure::Io("cargo build --release failed".into()));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let status = Command::new(target.join("release/xtask"))
        .args(std::env::args_os().skip(1))
        .status()
        .map_err(|e| Failure::Io(format!("cannot run the release binary: {e}")))?;
    if status.success() { Ok(()) } else { Err(Failure::Failed(None)) }
}
