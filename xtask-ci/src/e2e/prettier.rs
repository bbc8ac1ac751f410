//! `e2e prettier`: every card of the generated pages is exactly as prettier 3 prints it. The
//! page of the real catalog and of every fixture catalog is formatted with the pinned prettier
//! (MDX, print width 80); the check fails if prettier would change any card. (Prettier
//! re-indents a top-level card to column 0, so cards are compared without their indentation;
//! the prose around them is the page's own and is not compared.)

use std::path::Path;
use std::process::Command;

use codex_catalog::render::mdx;
use xtask::Failure;

pub fn run(root: &Path) -> Result<(), Failure> {
    let prettier = super::npm::tool(root, "prettier", "prettier", "prettier")?;
    outln!("prettier {}", super::stdout_of(Command::new(&prettier.bin).arg("--version"))?.trim());
    let work = tempfile::tempdir()?;
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, catalog) in super::catalogs(root)? {
        let page = mdx::render(&catalog);
        let path = work.path().join(format!("{name}.mdx"));
        super::write(&path, &page)?;
        let printed =
            super::stdout_of(Command::new(&prettier.bin).args(["--parser", "mdx", "--print-width", "80"]).arg(&path))?;
        let (ours, theirs) = (cards_of(&page), cards_of(&printed));
        checked += ours.len();
        problems.extend(card_problems(&name, &ours, &theirs));
    }
    super::verdict(problems, format!("prettier leaves all {checked} generated cards as they are"))
}

/// How prettier's cards of the page `name` differ from ours.
fn card_problems(name: &str, ours: &[(String, String)], theirs: &[(String, String)]) -> Vec<String> {
    if ours.len() != theirs.len() {
        return vec![format!("{name}: {} cards, prettier printed {}", ours.len(), theirs.len())];
    }
    let changed = ours.iter().zip(theirs).filter(|((_, a), (_, b))| a != b);
    changed
        .map(|((slug, a), (_, b))| format!("{name}: prettier changes the card of `{slug}`:\n{}", changed_lines(a, b)))
        .collect()
}

/// The cards of a page, each without the indentation of its `<ModelDetails` line, with its slug.
fn cards_of(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        if !line.trim_start().starts_with("<ModelDetails") {
            i += 1;
            continue;
        }
        let end = (i..lines.len())
            .find(|&j| lines[j].trim() == "/>" && lines[j].len() - lines[j].trim_start().len() == indent)
            .unwrap_or(lines.len() - 1);
        let card: Vec<&str> = lines[i..=end]
            .iter()
            .map(|l| if l.len() >= indent && l[..indent].trim().is_empty() { &l[indent..] } else { l })
            .collect();
        let card = card.join("\n");
        let slug = card.split("slug=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("?").to_string();
        out.push((slug, card));
        i = end + 1;
    }
    out
}

/// The lines that differ, `-` ours and `+` prettier's.
fn changed_lines(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut out = String::new();
    for line in a.iter().filter(|l| !b.contains(l)) {
        out.push_str(&format!("  - {line}\n"));
    }
    for line in b.iter().filter(|l| !a.contains(l)) {
        out.push_str(&format!("  + {line}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_are_compared_without_their_indentation() {
        let ours = "# T\n\n  <ModelDetails\n    slug=\"a\"\n    name=\"A\"\n  />\n<ModelDetails\n  slug=\"b\"\n/>\n";
        let theirs = "# T\n\n<ModelDetails\n  slug=\"a\"\n  name=\"A\"\n/>\n\n<ModelDetails\n  slug=\"b\" />\n";
        let (ours, theirs) = (cards_of(ours), cards_of(theirs));
        assert_eq!(ours[0], ("a".to_string(), "<ModelDetails\n  slug=\"a\"\n  name=\"A\"\n/>".to_string()));
        assert_eq!(ours[0], theirs[0]);
        let problems = card_problems("page", &ours, &theirs);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("page: prettier changes the card of `b`:"), "{problems:?}");
        assert!(problems[0].contains("  + "), "{problems:?}");
        assert_eq!(card_problems("page", &ours, &ours[..1]), ["page: 2 cards, prettier printed 1"]);
    }
}
