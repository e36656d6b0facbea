//! Text encodings of bytes: what character starts at an offset, and why
//! there is none when there is none.

/// What UTF-8 finds at the start of some bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf8At {
    /// A whole character of `len` bytes.
    Char { ch: char, len: usize },
    /// A continuation byte (10xxxxxx): the middle of a character.
    Continuation,
    /// A lead byte whose character runs past the end of the data.
    Truncated { needed: usize, have: usize },
    /// A lead byte not followed by the continuation bytes it announces.
    BadSequence { lead: u8 },
    /// A byte that never appears in UTF-8 (0xc0, 0xc1, 0xf5–0xff), or an
    /// overlong, surrogate or out-of-range encoding; `why` says which.
    Invalid { why: &'static str },
    /// No bytes.
    End,
}

impl Utf8At {
    /// Why there is no character here, in words.
    pub fn explain(&self) -> String {
        match self {
            Utf8At::Char { ch, len } => {
                format!("'{ch}' ({})", super::display::byte_count(*len as u64))
            }
            Utf8At::Continuation => {
                "none: a continuation byte (10xxxxxx), the middle of a character".into()
            }
            Utf8At::Truncated { needed, have } => {
                format!("none: a {needed}-byte sequence cut off after {have}")
            }
            Utf8At::BadSequence { lead } => {
                let n = utf8_len(*lead).unwrap_or(1);
                format!(
                    "none: 0x{lead:02x} starts a {n}-byte character, but a byte after it is not a continuation byte (10xxxxxx)"
                )
            }
            Utf8At::Invalid { why } => format!("none: {why}"),
            Utf8At::End => "none: end of data".into(),
        }
    }
}

/// Whether a character may be drawn as itself on a terminal: only one
/// whose width is known and positive. Refused: controls, format characters
/// (bidirectional overrides, zero-width joiners, the BOM), line and
/// paragraph separators (U+2028, U+2029 move a terminal's cursor),
/// combining marks (they join the cell before them), private-use
/// characters (no agreed glyph, often drawn blank), surrogates, unassigned
/// code points and noncharacters (U+FFFE, U+FFFF, U+FDD0–FDEF and the last
/// two of every plane): a terminal draws those at zero or an unknown width,
/// which breaks the grid of one cell per byte.
pub fn displayable(c: char) -> bool {
    use finl_unicode::categories::{CharacterCategories, MinorCategory as Cat};
    if is_noncharacter(c) {
        return false;
    }
    let drawable = !matches!(
        c.get_minor_category(),
        Cat::Mn | Cat::Mc | Cat::Me | Cat::Zl | Cat::Zp | Cat::Cc | Cat::Cf | Cat::Co | Cat::Cn
    );
    // Width 3 (U+17D8) is unicode-width's own; terminals disagree on it.
    drawable && matches!(unicode_width::UnicodeWidthChar::width(c), Some(1 | 2))
}

/// The 66 noncharacters: U+FDD0–FDEF and U+xFFFE, U+xFFFF of each plane.
pub fn is_noncharacter(c: char) -> bool {
    let cp = u32::from(c);
    (0xfdd0..=0xfdef).contains(&cp) || cp & 0xfffe == 0xfffe
}

/// The length a UTF-8 lead byte announces.
pub fn utf8_len(lead: u8) -> Option<usize> {
    match lead {
        0x00..=0x7f => Some(1),
        0xc2..=0xdf => Some(2),
        0xe0..=0xef => Some(3),
        0xf0..=0xf4 => Some(4),
        _ => None,
    }
}

/// Decodes the UTF-8 character at the start of `bytes`.
pub fn utf8_at(bytes: &[u8]) -> Utf8At {
    let Some(&lead) = bytes.first() else {
        return Utf8At::End;
    };
    if (0x80..=0xbf).contains(&lead) {
        return Utf8At::Continuation;
    }
    let Some(len) = utf8_len(lead) else {
        let why = if lead < 0xc2 {
            "C0 and C1 could only start an overlong encoding: they never appear in UTF-8"
        } else {
            "F5–FF never appear in UTF-8"
        };
        return Utf8At::Invalid { why };
    };
    if bytes.len() < len {
        let have = bytes.len();
        if bytes[1..].iter().all(|b| (0x80..=0xbf).contains(b)) {
            return Utf8At::Truncated { needed: len, have };
        }
        return Utf8At::BadSequence { lead };
    }
    match std::str::from_utf8(&bytes[..len]) {
        Ok(s) => Utf8At::Char {
            ch: s.chars().next().expect("a non-empty str has a char"),
            len,
        },
        Err(_) if bytes[1..len].iter().all(|b| (0x80..=0xbf).contains(b)) => {
            let why = match lead {
                0xed => "an encoded surrogate (ED A0–BF), not a character",
                0xf4 => "above U+10FFFF, the last code point",
                _ => "an overlong encoding (E0 80–9F or F0 80–8F): fewer bytes hold it",
            };
            Utf8At::Invalid { why }
        }
        Err(_) => Utf8At::BadSequence { lead },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displayable_refuses_controls_and_bidi_overrides() {
        assert!(displayable('R'));
        assert!(displayable('日'));
        assert!(!displayable('\u{1b}'));
        assert!(!displayable('\u{9b}'));
        assert!(!displayable('\u{202e}'));
        assert!(!displayable('\u{301}'), "a lone combining mark");
        assert!(!displayable('\u{e241}'), "a private-use character");
        for c in [
            '\u{2028}',
            '\u{2029}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{fdd0}',
            '\u{10ffff}',
        ] {
            assert!(!displayable(c), "U+{:04X}", u32::from(c));
        }
        assert!(!displayable('\u{0378}'), "unassigned");
        assert!(!displayable('\u{200d}'), "zero-width joiner");
    }

    #[test]
    fn utf8_at_reads_characters_and_names_problems() {
        assert_eq!(utf8_at(b"R"), Utf8At::Char { ch: 'R', len: 1 });
        assert_eq!(
            utf8_at(&[0xe2, 0x82, 0xac]),
            Utf8At::Char { ch: '€', len: 3 }
        );
        assert_eq!(utf8_at(&[0x82, 0xac]), Utf8At::Continuation);
        assert_eq!(
            utf8_at(&[0xe2, 0x82]),
            Utf8At::Truncated { needed: 3, have: 2 }
        );
        assert_eq!(
            utf8_at(&[0xe2, 0x41, 0x41]),
            Utf8At::BadSequence { lead: 0xe2 }
        );
        assert!(utf8_at(&[0xff]).explain().contains("F5–FF never appear"));
        assert!(utf8_at(&[0xc0, 0x80]).explain().contains("overlong"));
        assert!(utf8_at(&[0xed, 0xa0, 0x80]).explain().contains("surrogate"));
        assert!(utf8_at(&[0xe0, 0x80, 0x80]).explain().contains("overlong"));
        assert!(
            utf8_at(&[0xf4, 0x90, 0x80, 0x80])
                .explain()
                .contains("U+10FFFF")
        );
        assert_eq!(utf8_at(&[]), Utf8At::End);
    }
}
