//! Timing the pipeline, stage by stage, beside a baseline measured in the same run.

use std::path::Path;
use std::time::{Duration, Instant};

use codex_catalog::diagnostic::Severity;
use codex_catalog::write::{self, Durability, Mode};
use codex_catalog::{Catalog, generate, load, render, validate};
use serde::Serialize;

/// One stage's timings.
#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    /// The stage.
    pub name: &'static str,
    /// Median wall time, in milliseconds.
    pub median_ms: f64,
    /// Every run, in milliseconds.
    pub runs_ms: Vec<f64>,
}

/// The results for one catalog size.
#[derive(Debug, Clone, Serialize)]
pub struct SizeResult {
    /// Models in the catalog.
    pub models: usize,
    /// Bytes of catalog files.
    pub bytes: u64,
    /// Every stage of the pipeline.
    pub stages: Vec<Stage>,
    /// Load + validation + the data exporters (JSON, CSV, Markdown, MDX): the targets' total.
    pub total_ms: f64,
    /// The baseline: read, parse with `toml`, serialise with `serde_json`.
    pub baseline_ms: f64,
    /// `total_ms / baseline_ms`.
    pub ratio: f64,
    /// Models per second through the total.
    pub models_per_s: f64,
    /// Megabytes of catalog files per second through the total.
    pub mb_per_s: f64,
    /// Peak resident memory of the measuring process for this size, in MiB (Linux).
    pub peak_rss_mib: Option<f64>,
    /// `xtask gen` as a user runs it, on this synthetic catalog.
    pub full_gen: Option<ProcessRun>,
    /// `xtask gen` on a catalog of as many models grown from the real one by copying its files.
    pub grown_gen: Option<ProcessRun>,
}

/// A whole process, run several times: `xtask gen --catalog DIR --out FRESH`, writing every
/// output (Rust included) into an empty folder each time.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessRun {
    /// Models in the catalog.
    pub models: usize,
    /// Median wall time, in milliseconds.
    pub median_ms: f64,
    /// Every run, in milliseconds.
    pub runs_ms: Vec<f64>,
    /// The largest peak resident memory of a run, in MiB (Linux: the process's own `VmHWM`).
    pub peak_mib: Option<f64>,
}

/// Run `exe gen --catalog CATALOG --out FRESH` `runs` times (after one run not counted), each
/// into a new empty folder under `scratch`.
pub fn full_gen(exe: &Path, catalog: &Path, models: usize, runs: usize, scratch: &Path) -> std::io::Result<ProcessRun> {
    let mut times = Vec::new();
    let mut peak: Option<f64> = None;
    for run in 0..=runs {
        let out = scratch.join(format!("gen-{run}"));
        let mut cmd = std::process::Command::new(exe);
        cmd.arg("gen").arg("--catalog").arg(catalog).arg("--out").arg(&out);
        cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
        let t = Instant::now();
        let (ok, rss) = run_child(cmd)?;
        let elapsed = ms(t.elapsed());
        if !ok {
            return Err(std::io::Error::other(format!("xtask gen --catalog {} failed", catalog.display())));
        }
        let _ = std::fs::remove_dir_all(&out);
        if run > 0 {
            times.push(elapsed);
            peak = match (peak, rss) {
                (Some(p), Some(r)) => Some(p.max(r)),
                (p, r) => p.or(r),
            };
        }
    }
    Ok(ProcessRun { models, median_ms: median(times.clone()), runs_ms: times, peak_mib: peak })
}

/// Run a command to its end: whether it succeeded, and its own peak resident memory in MiB
/// (which it writes where `PEAK_FILE_VAR` says; Linux).
fn run_child(mut cmd: std::process::Command) -> std::io::Result<(bool, Option<f64>)> {
    let peak_file = tempfile::NamedTempFile::new()?;
    cmd.env(super::PEAK_FILE_VAR, peak_file.path());
    let ok = cmd.status()?.success();
    let kib: Option<f64> = std::fs::read_to_string(peak_file.path()).ok().and_then(|t| t.trim().parse().ok());
    Ok((ok, kib.map(|k| k / 1024.0)))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Reset the peak-RSS counter (Linux: `/proc/self/clear_refs`), so each size has its own peak.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident memory since the last reset, in MiB (Linux).
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Write a synthetic catalog of `n` models under `dir` (a fresh folder) and time every stage
/// `runs` times. Fails only on I/O errors.
pub fn measure(n: usize, runs: usize, dir: &Path) -> std::io::Result<SizeResult> {
    let catalog_dir = dir.join("catalog");
    let files = xtask::synthetic::synthetic(n);
    let bytes: u64 = files.iter().map(|f| f.contents.len() as u64).sum();
    write::apply(&catalog_dir, &files, Mode::Write, Durability::Regenerable).map_err(|e| e.error)?;
    drop(files);
    reset_peak();

    let names = ["read+parse", "validate", "json", "csv", "markdown", "mdx", "rust", "write"];
    let mut timings: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let mut baseline = Vec::new();
    for run in 0..runs.max(1) {
        let mut diags = Vec::new();
        let t = Instant::now();
        let loaded = load::load(&catalog_dir, &mut diags).map_err(|e| std::io::Error::other(e.0))?;
        timings[0].push(ms(t.elapsed()));
        let t = Instant::now();
        let outcome = validate::validate(&loaded, diags);
        timings[1].push(ms(t.elapsed()));
        let Some(catalog) = outcome.catalog else {
            let errors: Vec<String> = outcome
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .take(3)
                .map(|d| d.message.clone())
                .collect();
            return Err(std::io::Error::other(format!("the synthetic catalog is invalid: {errors:?}")));
        };
        drop(loaded);
        let renderers: [fn(&Catalog) -> String; 5] = [
            render::json::render,
            render::csv::render,
            render::markdown::render,
            render::mdx::render,
            render::rust::render,
        ];
        for (k, r) in renderers.iter().enumerate() {
            let t = Instant::now();
            let text = r(&catalog);
            timings[2 + k].push(ms(t.elapsed()));
            std::hint::black_box(text);
        }
        let outputs = generate::outputs(&catalog);
        let out_dir = dir.join(format!("out-{run}"));
        let t = Instant::now();
        write::apply(&out_dir, &outputs, Mode::Write, Durability::Regenerable).map_err(|e| e.error)?;
        timings[7].push(ms(t.elapsed()));
        let _ = std::fs::remove_dir_all(&out_dir);
        drop((catalog, outputs));

        baseline.push(ms(baseline_run(&catalog_dir)?));
    }
    let peak_rss_mib = peak_mib();
    let stages: Vec<Stage> = names
        .iter()
        .zip(timings)
        .map(|(name, runs)| Stage { name, median_ms: median(runs.clone()), runs_ms: runs })
        .collect();
    let total_ms: f64 = stages.iter().filter(|s| !matches!(s.name, "rust" | "write")).map(|s| s.median_ms).sum();
    let baseline_ms = median(baseline);
    Ok(SizeResult {
        models: n,
        bytes,
        total_ms,
        baseline_ms,
        ratio: total_ms / baseline_ms,
        models_per_s: n as f64 / (total_ms / 1000.0),
        mb_per_s: bytes as f64 / 1e6 / (total_ms / 1000.0),
        peak_rss_mib,
        stages,
        full_gen: None,
        grown_gen: None,
    })
}

/// The baseline: read every file, parse it with `toml`, serialise all of it with `serde_json`.
fn baseline_run(catalog_dir: &Path) -> std::io::Result<Duration> {
    let t = Instant::now();
    let mut paths = vec![catalog_dir.join(load::CATALOG_FILE)];
    let mut models: Vec<_> =
        std::fs::read_dir(catalog_dir.join(load::MODELS_DIR))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    models.sort();
    paths.extend(models);
    let mut tables = Vec::with_capacity(paths.len());
    for p in paths {
        let text = std::fs::read_to_string(p)?;
        let table: toml::Table = toml::from_str(&text).map_err(std::io::Error::other)?;
        tables.push(table);
    }
    let json = serde_json::to_string(&tables).map_err(std::io::Error::other)?;
    std::hint::black_box(json);
    Ok(t.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_reports_every_stage() {
        let dir = tempfile::tempdir().unwrap();
        let r = measure(100, 1, dir.path()).unwrap();
        assert_eq!(r.stages.len(), 8);
        assert!(r.total_ms > 0.0 && r.baseline_ms > 0.0);
    }
}
