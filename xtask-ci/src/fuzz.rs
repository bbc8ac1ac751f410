//! `cargo ci fuzz TARGET`: `cargo fuzz run TARGET` with the environment it needs on a stable
//! toolchain: no sanitizer, and `RUSTC_BOOTSTRAP=1` for the `-Z` flags cargo-fuzz passes. The
//! corpus grows in `fuzz/corpus/TARGET` (not committed), seeded from `fuzz/seeds/TARGET`;
//! crashes land in `fuzz/artifacts/TARGET`.

use std::process::Command;

use crate::FuzzTarget;
use xtask::{Failure, repo};

pub fn run(target: FuzzTarget, seconds: u64) -> Result<(), Failure> {
    let target = match target {
        FuzzTarget::Catalog => "catalog",
        FuzzTarget::Import => "import",
        FuzzTarget::Mdx => "mdx",
        FuzzTarget::Codex => "codex",
    };
    let root = repo::root()?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let has_fuzz = Command::new(&cargo).args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !has_fuzz {
        return Err(Failure::Usage(
            "cargo-fuzz is not installed; install it with `cargo install cargo-fuzz --locked`".into(),
        ));
    }
    let corpus = root.join("fuzz/corpus").join(target);
    std::fs::create_dir_all(&corpus).map_err(|e| Failure::io("create", &corpus, e))?;
    let status = Command::new(&cargo)
        .current_dir(&root)
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["fuzz", "run", "--sanitizer", "none", target])
        .arg(&corpus)
        .arg(root.join("fuzz/seeds").join(target))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-print_final_stats=1")
        .status()
        .map_err(|e| Failure::Io(format!("cannot run cargo fuzz: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        let message =
            format!("the fuzzer found a crash: see fuzz/artifacts/{target}/ and turn it into a regression test");
        Err(Failure::Failed(Some(message)))
    }
}
