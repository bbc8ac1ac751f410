//! `e2e codex`: the real Codex CLI reads the catalog that `cargo xtask gen` writes
//! (exports/codex/models.json). The pinned `@openai/codex` (about 400 MB) prints its bundled
//! catalog; it then loads ours through `model_catalog_json` with a throw-away `CODEX_HOME`, and
//! what it lists must equal what it lists from its bundled catalog, model by model and field for
//! field (the catalog holds the release the pin names).

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
    let bundled = super::stdout_of(cli().args(["debug", "models", "--bundled"]))?;

    let catalog = xtask::catalog::load_valid(&root.join("catalog"))?;
    let export = codex_cli::export(&catalog, None)
        .map_err(|e| Failure::Failed(Some(format!("the catalog cannot be exported: {e}"))))?;
    let exported = work.path().join("models.json");
    super::write(&exported, &export.json)?;

    let mut load = cli();
    load.args(["debug", "models", "-c"]).arg(format!("model_catalog_json={}", exported.display()));
    let printed = super::stdout_of(&mut load)?;
    match codex_cli::verify(&bundled, &printed) {
        Ok(n) => {
            outln!("the Codex CLI loads our catalog and lists the same {n} models as from its own, field for field");
            Ok(())
        }
        Err(problems) => {
            let lines: Vec<String> = problems.iter().map(|p| format!("mismatch: {p}")).collect();
            Err(Failure::Failed(Some(lines.join("\n"))))
        }
    }
}
