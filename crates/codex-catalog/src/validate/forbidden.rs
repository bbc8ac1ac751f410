//! The character-level check of the catalog's text, shared by layer 2 (which searches each
//! file's strings while its JSON value is at hand) and the layer-3 rules that report what it
//! found (`forbidden-character`, and the page template's own check). It depends on nothing of
//! either layer.

use serde_json::Value;

use crate::load::push_token;

/// Why a forbidden character is refused.
pub(super) const FORBIDDEN_HINT: &str =
    "control and bidirectional-override characters can hide or reorder text; delete it";

/// A string holding a forbidden character: its JSON pointer, the character's position and the
/// character.
pub(super) type Forbidden = (String, usize, char);

/// Every string of `value` holding a forbidden character.
pub(super) fn find_forbidden(value: &Value) -> Vec<Forbidden> {
    let mut found = Vec::new();
    find_in(value, &mut Vec::new(), &mut found);
    found
}

/// The path is kept as borrowed segments and turned into a pointer only on a hit, so clean
/// files allocate nothing here.
fn find_in<'v>(value: &'v Value, path: &mut Vec<PathSeg<'v>>, found: &mut Vec<Forbidden>) {
    match value {
        Value::String(s) => {
            // Most strings are ASCII without controls: one pass over the bytes settles them.
            if s.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t') {
                return;
            }
            if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| is_forbidden(*c)) {
                let mut pointer = String::new();
                for seg in path.iter() {
                    match seg {
                        PathSeg::Key(k) => push_token(&mut pointer, k),
                        PathSeg::Index(i) => push_token(&mut pointer, &i.to_string()),
                    }
                }
                found.push((pointer, i, c));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(PathSeg::Index(i));
                find_in(item, path, found);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                path.push(PathSeg::Key(k));
                find_in(v, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

enum PathSeg<'v> {
    Key(&'v str),
    Index(usize),
}

/// Control characters other than newline and tab, the bidirectional embedding, override and
/// isolate controls (U+202A–U+202E, U+2066–U+2069), and the invisible zero-width space, word
/// joiner and byte-order mark (U+200B, U+2060, U+FEFF), which make two texts that read the same
/// differ.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

pub(super) fn char_name(c: char) -> &'static str {
    match c {
        '\u{202A}'..='\u{202E}' => "bidirectional override",
        '\u{2066}'..='\u{2069}' => "bidirectional isolate",
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' => "zero-width",
        '\0' => "NUL",
        '\r' => "carriage return",
        _ => "control",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbids_controls_and_bidi_but_not_newlines() {
        assert!(is_forbidden('\u{202E}'));
        assert!(is_forbidden('\u{2066}'));
        assert!(is_forbidden('\0'));
        assert!(is_forbidden('\r'));
        assert!(!is_forbidden('\n'));
        assert!(!is_forbidden('\t'));
        assert!(!is_forbidden('é'));
    }
}
