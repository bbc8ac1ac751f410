//! `cargo xtask e2e codex`: the end-to-end check against the real Codex CLI (`e2e/codex/run.sh`
//! installs the pinned CLI, exports, and has the CLI load the file), and the comparison the
//! script asks for.

use std::path::Path;
use std::process::Command;

use codex_catalog::export::codex_cli;

use crate::{Failure, repo};

pub fn run(target: &str) -> Result<(), Failure> {
    if target != "codex" {
        return Err(Failure::Usage(format!("unknown end-to-end target `{target}`; the target is `codex`")));
    }
    let root = repo::root()?;
    let script = root.join("e2e/codex/run.sh");
    let status = Command::new("bash")
        .arg(&script)
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if status.success() { Ok(()) } else { Err(Failure::Failed(None)) }
}

pub fn verify(exported: &Path, printed: &Path) -> Result<(), Failure> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let (ours, theirs) = (read(exported)?, read(printed)?);
    match codex_cli::verify(&ours, &theirs) {
        Ok(n) => {
            println!("the Codex CLI accepted the catalog and lists our {n} models as exported");
            Ok(())
        }
        Err(problems) => {
            let lines: Vec<String> = problems.iter().map(|p| format!("mismatch: {p}")).collect();
            Err(Failure::Failed(Some(lines.join("\n"))))
        }
    }
}
