//! The character-level check of the catalog's text, shared by layer 2 (which searches each
//! file's strings while its JSON value is at hand) and the layer-3 rules that report what it
//! found (`forbidden-character`, and the page template's own check). It depends on nothing of
//! either layer.

use serde_json::Value;

use crate::load::push_token;

/// Why a forbidden character is refused.
pub(super) const FORBIDDEN_HINT: &str =
    "control, bidirectional and other invisible characters can hide or reorder text; delete it";

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

/// Control characters other than newline and tab, and every default-ignorable code point of
/// Unicode (the property `Default_Ignorable_Code_Point`, read from UTS #39's identifier types):
/// the bidirectional controls, zero-width spaces and joiners, the soft hyphen, variation
/// selectors, invisible operators, fillers and tags. They render as nothing, so two texts that
/// read the same would differ, and the bidirectional ones reorder what a reader sees.
pub fn is_forbidden(c: char) -> bool {
    use unicode_security::GeneralSecurityProfile;
    use unicode_security::general_security_profile::IdentifierType;
    // UTS #39 gives each character one type, the most restrictive: a default-ignorable character
    // that is also deprecated (U+206A–U+206F, U+E0001) or unassigned (U+2065, U+E0000) has that
    // type instead, so those types are refused too (private-use and non-characters with them).
    (c.is_control() && c != '\n' && c != '\t')
        || (!c.is_ascii()
            && matches!(
                c.identifier_type(),
                // `None`: a code point UTS #39 does not list, unassigned.
                None | Some(
                    IdentifierType::Default_Ignorable | IdentifierType::Not_Character | IdentifierType::Deprecated
                )
            ))
}

pub(super) fn char_name(c: char) -> &'static str {
    match c {
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            "bidirectional control"
        }
        '\0' => "NUL",
        '\r' => "carriage return",
        c if c.is_control() => "control",
        _ => "invisible (default-ignorable)",
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
        assert!(!is_forbidden('—'));
        assert!(!is_forbidden(' '));
    }

    #[test]
    fn forbids_every_default_ignorable_by_its_property() {
        // The ones the third hardening review found passing, and the ones a list missed before.
        for c in ['\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{2061}', '\u{180E}', '\u{034F}'] {
            assert!(is_forbidden(c), "U+{:04X}", c as u32);
        }
        for c in [
            '\u{00AD}',
            '\u{FE0F}',
            '\u{3164}',
            '\u{E0041}',
            '\u{200B}',
            '\u{FEFF}',
            '\u{206A}',
            '\u{E0001}',
            '\u{2065}',
            '\u{E0000}',
            '\u{FFF0}',
        ] {
            assert!(is_forbidden(c), "U+{:04X}", c as u32);
        }
        assert_eq!(char_name('\u{200E}'), "bidirectional control");
        assert_eq!(char_name('\u{034F}'), "invisible (default-ignorable)");
    }
}
