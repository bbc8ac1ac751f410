//! `e2e typescript`: `exports/models.d.ts` types the real `exports/models.json`, and a misspelt
//! property or surface id is a type error. The consumers of `e2e/typescript/consumer/` are
//! copied beside the generated declarations and JSON and checked with the pinned `tsc`
//! (strict): `good.ts` must compile (it assigns the JSON, as TypeScript infers it, to
//! `ModelCatalog`), `misspelt.ts` must fail with exactly the errors named here.

use std::path::Path;
use std::process::Command;

use xtask::Failure;

/// What `tsc` must say of `misspelt.ts`, one error each.
const MISSPELT: [&str; 4] = [
    "error TS2551: Property 'capabilty' does not exist",
    "error TS2551: Property 'succeded_by' does not exist",
    "Type '\"codex_clii\"' is not assignable to type 'KnownSurfaceId'",
    "Property 'codex_clii' does not exist on type 'PerSurface<boolean | null>'",
];

pub fn run(root: &Path) -> Result<(), Failure> {
    let tsc = super::npm::tool(root, "typescript", "typescript", "tsc")?;
    outln!("tsc {}", super::stdout_of(Command::new(&tsc.bin).arg("--version"))?.trim());
    let work = tempfile::tempdir()?;
    let copies = [
        root.join("e2e/typescript/consumer/good.ts"),
        root.join("e2e/typescript/consumer/misspelt.ts"),
        root.join("exports/models.d.ts"),
        root.join("exports/models.json"),
    ];
    for file in &copies {
        let name = file.file_name().expect("a file name");
        std::fs::copy(file, work.path().join(name)).map_err(|e| Failure::io("copy", file, e))?;
    }
    let check = |file: &str| {
        let mut cmd = Command::new(&tsc.bin);
        cmd.current_dir(work.path()).args(["--noEmit", "--strict", "--target", "es2022", "--module", "esnext"]);
        cmd.args(["--moduleResolution", "bundler", "--resolveJsonModule", file]);
        super::output(&mut cmd)
    };
    let good = check("good.ts")?;
    if !good.status.success() {
        let said = String::from_utf8_lossy(&good.stdout);
        return Err(Failure::Failed(Some(format!("good.ts does not type-check against exports/models.d.ts:\n{said}"))));
    }
    outln!("good.ts type-checks against exports/models.d.ts (the real models.json is a ModelCatalog)");
    let misspelt = check("misspelt.ts")?;
    let said = String::from_utf8_lossy(&misspelt.stdout).into_owned() + &String::from_utf8_lossy(&misspelt.stderr);
    let problems = misspelt_problems(misspelt.status.success(), &said);
    let errors = said.matches("error TS").count();
    super::verdict(problems, format!("misspelt.ts fails as it must: {errors} errors, each one expected"))
}

/// What is wrong with how `tsc` judged `misspelt.ts`.
fn misspelt_problems(passed: bool, said: &str) -> Vec<String> {
    if passed {
        return vec!["misspelt.ts type-checked: the declarations let misspellings through".into()];
    }
    let mut problems: Vec<String> = MISSPELT
        .iter()
        .filter(|e| !said.contains(*e))
        .map(|e| format!("misspelt.ts: tsc did not say \"{e}\""))
        .collect();
    let errors = said.matches("error TS").count();
    if errors != MISSPELT.len() {
        problems.push(format!("misspelt.ts: tsc reported {errors} errors for {} misspellings", MISSPELT.len()));
    }
    if !problems.is_empty() {
        problems.push(format!("tsc said:\n{said}"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_must_fail_with_each_expected_error_and_no_other() {
        // As tsc prints them: the third is `error TS2820: Type …`.
        let line = |e: &str| {
            if e.starts_with("error") { format!("m.ts(1,1): {e}.\n") } else { format!("m.ts: error TS2820: {e}.\n") }
        };
        let all: String = MISSPELT.map(line).concat();
        assert!(misspelt_problems(false, &all).is_empty());
        assert_eq!(misspelt_problems(true, "").len(), 1);
        let two: String = MISSPELT[..2].iter().map(|e| line(e)).collect();
        assert!(misspelt_problems(false, &two)[0].contains("codex_clii"));
        let more = format!("{all}x: error TS2322: Type 'number' is not assignable\n");
        assert!(misspelt_problems(false, &more)[0].contains("5 errors for 4"));
    }
}
