//! `cargo ci` (xtask-ci) as `.ci/run` runs it. The end-to-end checks themselves need the npm
//! registry and Debian's packages and run in `.ci/run`; here, what runs offline.

use std::process::{Command, Output};

fn ci(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask-ci")).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The harness has the commands the user CLI no longer has, and the exit codes of the one policy.
#[test]
fn help_lists_the_checks_and_usage_errors_exit_2() {
    let out = ci(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.contains("Usage: cargo ci <COMMAND>"), "{help}");
    for command in ["e2e", "fuzz", "synthetic"] {
        assert!(help.contains(&format!("\n  {command} ")), "{help}");
    }
    let e2e = text(&ci(&["e2e", "--help"]).stdout);
    for tool in ["codex", "prettier", "typescript", "taplo", "chromium"] {
        assert!(e2e.contains(&format!("{tool}:")), "{e2e}");
    }
    assert_eq!(ci(&["e2e", "firefox"]).status.code(), Some(2));
    let out = ci(&["synthetic", "10", "/dev/null/catalog"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).starts_with("error: cannot write /dev/null/catalog"), "{}", text(&out.stderr));
}

/// Writing all or nothing must not hold a file open per output: 1,000 model files are written
/// under a limit of 64 open files (staging kept each one open and failed at 100,000 models).
#[test]
fn many_outputs_are_written_under_a_small_open_file_limit() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("catalog");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -n 64 && exec '{}' synthetic 1000 '{}'", env!("CARGO_BIN_EXE_xtask-ci"), target.display()))
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read_dir(target.join("models")).unwrap().count(), 1000);
}
