//! `e2e taplo`: the schemas `cargo xtask gen` writes to `schema/` are what an editor sees
//! through each file's `#:schema` line. With the pinned taplo (the engine of the Even Better
//! TOML extension), the real catalog has no error, and a broken copy has exactly one error per
//! mistake, at the mistake: a misspelt surface id, a rating over the scale's maximum, a source
//! that names no document, a misspelt key in a model file and one in `catalog.toml`.

use std::path::Path;
use std::process::Command;

use xtask::Failure;

/// An error taplo reported: where (`file:line:col`, the file relative to the scratch folder)
/// and what.
#[derive(Debug, PartialEq)]
struct Reported {
    at: String,
    message: String,
}

/// A mistake of the broken copy: where taplo must report it, and what its message must hold.
struct Mistake {
    at: &'static str,
    says: Vec<String>,
}

pub fn run(root: &Path) -> Result<(), Failure> {
    let taplo = super::npm::tool(root, "taplo", "@taplo/cli", "taplo")?;
    // taplo 0.9 prints its version and exits 1.
    let version = super::output(Command::new(&taplo.bin).arg("--version"))?;
    outln!("{}", String::from_utf8_lossy(&version.stdout).trim());
    let work = tempfile::tempdir()?;
    let work = work.path();
    copy_dir(&root.join("catalog"), &work.join("catalog"))?;
    copy_dir(&root.join("schema"), &work.join("schema"))?;
    let lint = |files: &[String]| -> Result<(bool, Vec<Reported>), Failure> {
        let mut cmd = Command::new(&taplo.bin);
        cmd.current_dir(work).env("RUST_LOG", "warn").args(["check", "--no-auto-config", "--colors", "never"]);
        let out = super::output(cmd.args(files))?;
        let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        Ok((out.status.success(), reported(&said, work)))
    };

    let mut files = vec!["catalog/catalog.toml".to_string()];
    let models = work.join("catalog/models");
    let entries = std::fs::read_dir(&models).map_err(|e| Failure::io("read", &models, e))?;
    let mut names: Vec<String> =
        entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into()).collect();
    names.sort();
    files.extend(names.iter().filter(|n| n.ends_with(".toml")).map(|n| format!("catalog/models/{n}")));
    let (passed, found) = lint(&files)?;
    if !passed || !found.is_empty() {
        let lines: Vec<String> = found.iter().map(|r| format!("{} {}", r.at, r.message)).collect();
        return Err(Failure::Failed(Some(format!(
            "taplo reports errors in the committed catalog:\n{}",
            lines.join("\n")
        ))));
    }
    outln!("taplo: the {} catalog files match schema/ with no error", files.len());

    let mistakes = break_copy(root, work)?;
    let mut files = vec!["catalog/catalog.toml".to_string()];
    files.extend(["surface", "rating", "key", "source"].map(|m| format!("catalog/models/broken-{m}.toml")));
    let (_, found) = lint(&files)?;
    let problems = mistake_problems(&mistakes, &found);
    let n = mistakes.len();
    super::verdict(
        problems,
        format!("taplo: the broken copy has {n} errors, one per mistake, each where the mistake is"),
    )
}

/// Break the copy in `work`, one mistake per file, each on a known line.
fn break_copy(root: &Path, work: &Path) -> Result<Vec<Mistake>, Failure> {
    let catalog_file = work.join("catalog/catalog.toml");
    let text = super::read(&catalog_file)?;
    let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
    super::write(&catalog_file, format!("{first}\ntitel = \"Models\"\n{rest}"))?;
    let table: toml::Table = toml::from_str(&super::read(&root.join("catalog/catalog.toml"))?)
        .map_err(|e| Failure::Failed(Some(format!("catalog/catalog.toml: {e}"))))?;
    let document = table["documents"].as_array().and_then(|d| d.first()).and_then(|d| d["id"].as_str());
    let document = document.ok_or_else(|| Failure::Failed(Some("catalog.toml declares no document".into())))?;
    let model = |slug: &str, body: &str, source: &str| {
        let text = format!("#:schema ../../schema/model.schema.json\n{body}\n[sources]\ndefault = \"{source}\"\n");
        super::write(&work.join(format!("catalog/models/{slug}.toml")), text)
    };
    model("broken-surface", "[availability]\ncodex_clii = true", document)?;
    model("broken-rating", "capability = 9", document)?;
    model("broken-key", "sped = 3", document)?;
    model("broken-source", "speed = 1", "no-such-document")?;
    let says = |parts: &[&str]| parts.iter().map(|p| p.to_string()).collect();
    Ok(vec![
        Mistake { at: "catalog/catalog.toml:2:9", says: says(&["not a key of this table; those are: title, "]) },
        Mistake {
            at: "catalog/models/broken-surface.toml:3:14",
            says: says(&["not a surface id declared in catalog.toml; those are: ", "codex_cli"]),
        },
        Mistake { at: "catalog/models/broken-rating.toml:2:14", says: says(&["9 is greater than the maximum of "]) },
        Mistake {
            at: "catalog/models/broken-key.toml:2:8",
            says: says(&["not a key of this table; those are: name, "]),
        },
        Mistake {
            at: "catalog/models/broken-source.toml:4:11",
            says: says(&["\"no-such-document\" is not one of ", &format!("\"{document}\"")]),
        },
    ])
}

/// The errors in what taplo printed: each `error: MESSAGE` line, located by the `┌─ FILE:LINE:COL`
/// line after it (`work/` taken off the file).
fn reported(said: &str, work: &Path) -> Vec<Reported> {
    let prefix = format!("{}/", work.display());
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for line in said.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some((_, at))) = (message, line.split_once("┌─ ")) {
            let at = at.trim();
            out.push(Reported { at: at.strip_prefix(&prefix).unwrap_or(at).to_string(), message: m.to_string() });
            message = None;
        }
    }
    out
}

/// What is wrong with taplo's errors for the broken copy: a mistake not reported where it is,
/// or more errors than mistakes.
fn mistake_problems(mistakes: &[Mistake], found: &[Reported]) -> Vec<String> {
    let mut problems: Vec<String> = mistakes
        .iter()
        .filter(|m| !found.iter().any(|r| r.at == m.at && m.says.iter().all(|s| r.message.contains(s.as_str()))))
        .map(|m| format!("taplo did not report at {}: {}", m.at, m.says.join(" … ")))
        .collect();
    if found.len() != mistakes.len() {
        problems.push(format!("taplo reported {} errors for {} mistakes", found.len(), mistakes.len()));
    }
    if !problems.is_empty() {
        problems.extend(found.iter().map(|r| format!("  {} {}", r.at, r.message)));
    }
    problems
}

/// Copy a folder of files (no links, no deeper folders than the catalog has).
fn copy_dir(from: &Path, to: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(to).map_err(|e| Failure::io("create", to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| Failure::io("read", from, e))? {
        let path = entry.map_err(|e| Failure::io("read", from, e))?.path();
        let target = to.join(path.file_name().expect("an entry has a name"));
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| Failure::io("copy", &path, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_read_with_their_place_and_checked_one_per_mistake() {
        let said = "INFO taplo: found files\nerror: \"x\" is not a key of this table; those are: title, y\n  \
                    ┌─ /w/catalog/catalog.toml:2:9\n  │\n2 │ x = 1\nerror: operation failed\n";
        let found = reported(said, Path::new("/w"));
        assert_eq!(
            found,
            [Reported {
                at: "catalog/catalog.toml:2:9".into(),
                message: "\"x\" is not a key of this table; those are: title, y".into()
            }]
        );
        let mistake = |at| Mistake { at, says: vec!["not a key".into(), "title, ".into()] };
        assert!(mistake_problems(&[mistake("catalog/catalog.toml:2:9")], &found).is_empty());
        let elsewhere = mistake_problems(&[mistake("catalog/catalog.toml:3:1")], &found);
        assert!(elsewhere[0].starts_with("taplo did not report at catalog/catalog.toml:3:1"), "{elsewhere:?}");
        let missed = mistake_problems(&[mistake("catalog/catalog.toml:2:9"), mistake("a.toml:1:1")], &found);
        assert!(missed.iter().any(|p| p == "taplo reported 1 errors for 2 mistakes"), "{missed:?}");
    }
}
