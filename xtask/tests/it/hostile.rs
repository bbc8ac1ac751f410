//! The hostile-input corpus (`tests/fixtures/hostile-inputs/*.toml`): each case damages a copy of
//! the minimal catalog and states the exit code and the diagnostic (rule, file, line) it must
//! get. No case may panic, hang or write an output.

use std::path::Path;
use std::process::Command;

use crate::common;
use common::{copy_fixture, root};

#[derive(serde::Deserialize)]
struct Case {
    description: String,
    expect: Expect,
    files: Vec<File>,
}

#[derive(serde::Deserialize)]
struct Expect {
    exit: i32,
    rule: String,
    file: String,
    line: u64,
}

#[derive(serde::Deserialize)]
struct File {
    path: String,
    text: Option<String>,
    hex: Option<String>,
    kind: Option<String>,
    target: Option<String>,
    size: Option<usize>,
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn apply(dir: &Path, f: &File) {
    let path = dir.join(&f.path);
    match f.kind.as_deref() {
        None => {
            let bytes = match (&f.text, &f.hex) {
                (Some(t), _) => t.as_bytes().to_vec(),
                (None, Some(h)) => unhex(h),
                _ => panic!("{}: text or hex", f.path),
            };
            std::fs::write(path, bytes).unwrap();
        }
        Some("large") => std::fs::write(path, vec![b'#'; f.size.unwrap()]).unwrap(),
        Some("dir") => std::fs::create_dir(path).unwrap(),
        Some("symlink") => std::os::unix::fs::symlink(f.target.as_deref().unwrap(), path).unwrap(),
        Some("fifo") => assert!(Command::new("mkfifo").arg(&path).status().unwrap().success()),
        Some("many-surfaces") => {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut extra = String::new();
            for i in 0..f.size.unwrap() {
                extra.push_str(&format!("\n[[surfaces]]\nid = \"extra_{i}\"\nlabel = \"Extra {i}\"\n"));
            }
            let at = text.find("[[sections]]").unwrap();
            std::fs::write(path, format!("{}{extra}\n{}", &text[..at], &text[at..])).unwrap();
        }
        Some(other) => panic!("unknown kind {other}"),
    }
}

#[test]
fn every_hostile_input_is_refused_with_its_diagnostic_and_writes_nothing() {
    let corpus = root().join("tests/fixtures/hostile-inputs");
    let mut names: Vec<_> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    assert!(names.len() >= 19);
    // Each case runs two processes: the cases run on two threads, so the test is no long pole.
    let (even, odd): (Vec<_>, Vec<_>) = names.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = [even, odd]
            .into_iter()
            .map(|half| scope.spawn(move || half.into_iter().filter_map(|(_, p)| check_case(p)).collect::<Vec<_>>()))
            .collect();
        runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// One case of the corpus: what is wrong, if anything.
fn check_case(path: &std::path::Path) -> Option<String> {
    let case: Case = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let dir = copy_fixture("minimal");
    for f in &case.files {
        apply(dir.path(), f);
    }
    let catalog = dir.path().to_string_lossy().into_owned();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["validate", "--catalog", &catalog, "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => {
            return Some(format!("{name}: no JSON report ({e}); stderr: {}", String::from_utf8_lossy(&out.stderr)));
        }
    };
    let expected_file = format!("{catalog}/{}", case.expect.file);
    let found = report["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["rule"] == case.expect.rule.as_str() && d["file"] == expected_file.as_str() && d["line"] == case.expect.line
    });
    if out.status.code() != Some(case.expect.exit) || !found {
        return Some(format!(
            "{name} ({}): expected exit {} and {} at {}:{}, got exit {:?}:\n{}",
            case.description,
            case.expect.exit,
            case.expect.rule,
            case.expect.file,
            case.expect.line,
            out.status.code(),
            serde_json::to_string_pretty(&report["diagnostics"]).unwrap()
        ));
    }
    // gen refuses the same input and writes nothing.
    // Outside the catalog (gen refuses an output root inside it).
    let outside = tempfile::tempdir().unwrap();
    let out_dir = outside.path().join("out");
    let generated = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["gen", "--catalog", &catalog, "--out", &out_dir.to_string_lossy()])
        .output()
        .unwrap();
    if generated.status.code() != Some(case.expect.exit) || out_dir.exists() {
        return Some(format!("{name}: gen exited {:?} or wrote {}", generated.status.code(), out_dir.display()));
    }
    None
}
