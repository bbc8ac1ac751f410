//! `e2e codex`: the real Codex CLI reads the catalog that `cargo xtask export codex` writes.
//! The pinned `@openai/codex` (about 400 MB) prints its bundled catalog; we export ours with it
//! as base, have the CLI load the file with a throw-away `CODEX_HOME`, and check that it lists
//! our models with our slugs, display names, order, visibility and upgrade targets.

use std::path::Path;
use std::process::Command;

use codex_catalog::export::codex_cli;
use xtask::Failure;

pub fn run(root: &Path) -> Result<(), Failure> {
    let codex = super::npm::tool(root, "codex", "@openai/codex", "codex")?;
    // Not under /tmp: the CLI refuses to create its helper binaries in a temporary folder.
    let work = tempfile::Builder::new()
        .prefix("run.")
        .tempdir_in(&codex.dir)
        .map_err(|e| Failure::io("create a folder in", &codex.dir, e))?;
    let home = work.path().join("home");
    std::fs::create_dir_all(&home).map_err(|e| Failure::io("create", &home, e))?;
    let cli = || {
        let mut cmd = Command::new(&codex.bin);
        cmd.env("CODEX_HOME", &home);
        cmd
    };
    outln!("{}", super::stdout_of(cli().arg("--version"))?.trim());
    let base = super::stdout_of(cli().args(["debug", "models", "--bundled"]))?;

    let catalog = xtask::catalog::load_valid(&root.join("catalog"))?;
    let export = codex_cli::export(&catalog, &base, None, "api")
        .map_err(|e| Failure::Failed(Some(format!("the CLI's bundled catalog is no base for the export: {e}"))))?;
    let exported = work.path().join("models.json");
    super::write(&exported, &export.json)?;

    let mut load = cli();
    load.args(["debug", "models", "-c"]).arg(format!("model_catalog_json={}", exported.display()));
    let printed = super::stdout_of(&mut load)?;
    match codex_cli::verify(&export.json, &printed) {
        Ok(n) => {
            outln!("the Codex CLI accepted the catalog and lists our {n} models as exported");
            Ok(())
        }
        Err(problems) => {
            let lines: Vec<String> = problems.iter().map(|p| format!("mismatch: {p}")).collect();
            Err(Failure::Failed(Some(lines.join("\n"))))
        }
    }
}
