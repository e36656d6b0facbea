//! Text encodings of the text pane — ASCII, UTF-8, Latin-1, UTF-16LE,
//! UTF-16BE: how a run of bytes becomes one cell per byte on screen, and how
//! a typed character becomes bytes.
//!
//! Each byte keeps its own cell, so the text pane lines up with the hex
//! pane: a character is drawn at its first byte, its other bytes are marked
//! as continuation cells, and a wide character (CJK, emoji) covers the cell
//! after it, which always belongs to the same character.

use unicode_width::UnicodeWidthChar;

use super::class::glyph;
use super::text::{displayable, utf8_len};

/// A text encoding of the text pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum TextEncoding {
    Ascii,
    #[default]
    Utf8,
    Latin1,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    pub const ALL: [TextEncoding; 5] = [
        TextEncoding::Ascii,
        TextEncoding::Utf8,
        TextEncoding::Latin1,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Ascii => "ASCII",
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Latin1 => "Latin-1",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
        }
    }

    pub fn next(self) -> TextEncoding {
        let i = TextEncoding::ALL
            .iter()
            .position(|e| *e == self)
            .unwrap_or(0);
        TextEncoding::ALL[(i + 1) % TextEncoding::ALL.len()]
    }

    /// Bytes of context needed before a position to decode it.
    pub fn lookbehind(self) -> u64 {
        match self {
            TextEncoding::Utf8 => 3,
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => 3,
            _ => 0,
        }
    }

    /// The bytes that write `c`, or why it cannot be written.
    pub fn encode(self, c: char) -> Result<Vec<u8>, EncodeError> {
        let code = u32::from(c);
        match self {
            TextEncoding::Ascii if code < 0x80 => Ok(vec![code as u8]),
            TextEncoding::Latin1 if code < 0x100 => Ok(vec![code as u8]),
            TextEncoding::Ascii | TextEncoding::Latin1 => Err(EncodeError {
                ch: c,
                encoding: self,
            }),
            TextEncoding::Utf8 => Ok(c.to_string().into_bytes()),
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
                let mut units = [0u16; 2];
                Ok(c.encode_utf16(&mut units)
                    .iter()
                    .flat_map(|u| {
                        if self == TextEncoding::Utf16Le {
                            u.to_le_bytes()
                        } else {
                            u.to_be_bytes()
                        }
                    })
                    .collect())
            }
        }
    }
}

/// A character the encoding has no bytes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{ch}' (U+{:04X}) is not in {}; switch the text pane to UTF-8 to type it", u32::from(*.ch), .encoding.name())]
pub struct EncodeError {
    pub ch: char,
    pub encoding: TextEncoding,
}

/// What one byte's cell of the text pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextCell {
    /// A character starting at this byte, `width` cells wide (1 or 2).
    Char { ch: char, width: u8 },
    /// A later byte of a character drawn at an earlier cell; `covered`
    /// when a wide character already draws over this cell.
    Continuation { covered: bool },
    /// A byte that is not a character by itself: a control byte, or a
    /// character that must not be drawn raw (shown by its placeholder).
    Control(char),
    /// Bytes that are not valid in the encoding.
    Invalid,
}

/// The cell of each byte of `bytes[skip..]`, where `bytes` starts at the
/// document offset `base` and its first `skip` bytes are only context
/// (bytes before the first visible one). `row_len` is the number of cells
/// in a row: a wide character never spills past its row.
pub fn cells(
    enc: TextEncoding,
    bytes: &[u8],
    base: u64,
    skip: usize,
    row_len: usize,
) -> Vec<TextCell> {
    let mut out = vec![TextCell::Invalid; bytes.len()];
    match enc {
        TextEncoding::Ascii => {
            for (i, &b) in bytes.iter().enumerate() {
                out[i] = if (0x20..0x7f).contains(&b) {
                    TextCell::Char {
                        ch: b as char,
                        width: 1,
                    }
                } else if b < 0x80 {
                    TextCell::Control(glyph(b))
                } else {
                    TextCell::Invalid
                };
            }
        }
        TextEncoding::Latin1 => {
            for (i, &b) in bytes.iter().enumerate() {
                let ch = char::from(b);
                out[i] = if displayable(ch) && ch != '\u{a0}' {
                    TextCell::Char { ch, width: 1 }
                } else {
                    TextCell::Control(glyph(b))
                };
            }
        }
        TextEncoding::Utf8 => utf8_cells(bytes, &mut out),
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
            utf16_cells(bytes, base, enc == TextEncoding::Utf16Le, &mut out);
        }
    }
    fit_rows(&mut out, base, row_len);
    out.split_off(skip.min(out.len()))
}

/// Stands for a valid character that is not drawn as itself.
pub const NOT_DRAWN: char = '◌';

fn char_cell(ch: char) -> TextCell {
    if displayable(ch) {
        TextCell::Char {
            ch,
            width: ch.width().unwrap_or(1).clamp(1, 2) as u8,
        }
    } else if (ch as u32) < 0x80 {
        TextCell::Control(glyph(ch as u8))
    } else {
        // A character that cannot be drawn alone: a combining mark, a C1
        // or format control, a private-use character.
        TextCell::Control(NOT_DRAWN)
    }
}

fn utf8_cells(bytes: &[u8], out: &mut [TextCell]) {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let Some(len) = utf8_len(b) else {
            // A continuation byte with no lead before it, or a byte that is
            // never UTF-8.
            out[i] = TextCell::Invalid;
            i += 1;
            continue;
        };
        if i + len > bytes.len() {
            // Cut off by the end of what was read: a character that is not
            // complete in the file is invalid; one cut by the window's end
            // is drawn by the next frame that sees it whole.
            let tail_ok = bytes[i + 1..].iter().all(|c| (0x80..=0xbf).contains(c));
            for cell in &mut out[i..] {
                *cell = if tail_ok {
                    TextCell::Continuation { covered: false }
                } else {
                    TextCell::Invalid
                };
            }
            out[i] = TextCell::Invalid;
            return;
        }
        match std::str::from_utf8(&bytes[i..i + len]) {
            Ok(s) => {
                let ch = s.chars().next().expect("one char");
                out[i] = char_cell(ch);
                for cell in &mut out[i + 1..i + len] {
                    *cell = TextCell::Continuation { covered: false };
                }
                i += len;
            }
            Err(_) => {
                out[i] = TextCell::Invalid;
                i += 1;
            }
        }
    }
}

fn utf16_cells(bytes: &[u8], base: u64, little: bool, out: &mut [TextCell]) {
    // Code units sit at even document offsets, as in a Uint16Array.
    let mut i = (base % 2) as usize;
    if i == 1 && !out.is_empty() {
        out[0] = TextCell::Continuation { covered: false };
    }
    let unit = |j: usize| -> Option<u16> {
        let pair = [*bytes.get(j)?, *bytes.get(j + 1)?];
        Some(if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        })
    };
    while i < bytes.len() {
        let Some(u) = unit(i) else {
            out[i] = TextCell::Invalid;
            break;
        };
        let (cell, len) = match u {
            0xd800..=0xdbff => match unit(i + 2) {
                Some(lo @ 0xdc00..=0xdfff) => {
                    let c = 0x10000 + ((u32::from(u) - 0xd800) << 10) + (u32::from(lo) - 0xdc00);
                    (char::from_u32(c).map_or(TextCell::Invalid, char_cell), 4)
                }
                _ => (TextCell::Invalid, 2),
            },
            0xdc00..=0xdfff => (TextCell::Invalid, 2),
            _ => (
                char::from_u32(u32::from(u)).map_or(TextCell::Invalid, char_cell),
                2,
            ),
        };
        let end = (i + len).min(out.len());
        out[i] = cell;
        for c in &mut out[i + 1..end] {
            *c = if cell == TextCell::Invalid {
                TextCell::Invalid
            } else {
                TextCell::Continuation { covered: false }
            };
        }
        i += len;
    }
}

/// Marks the cell a wide character covers, and narrows a wide character
/// that would spill past the end of its row or onto a cell that is not its
/// own.
fn fit_rows(out: &mut [TextCell], base: u64, row_len: usize) {
    for i in 0..out.len() {
        if let TextCell::Char { ch, width: 2 } = out[i] {
            let at_row_end = row_len > 0 && (base + i as u64 + 1).is_multiple_of(row_len as u64);
            let next_is_own = matches!(out.get(i + 1), Some(TextCell::Continuation { .. }));
            if at_row_end || !next_is_own {
                // No room: a one-cell stand-in; the inspector shows the char.
                out[i] = TextCell::Control('…');
                let _ = ch;
            } else {
                out[i + 1] = TextCell::Continuation { covered: true };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(cells: &[TextCell]) -> String {
        cells
            .iter()
            .map(|c| match c {
                TextCell::Char { ch, .. } => ch.to_string(),
                TextCell::Continuation { covered: true } => String::new(),
                TextCell::Continuation { covered: false } => "─".into(),
                TextCell::Control(g) => g.to_string(),
                TextCell::Invalid => "×".into(),
            })
            .collect()
    }

    #[test]
    fn utf8_draws_each_character_once_at_its_first_byte() {
        let bytes = "€ 日本 😀".as_bytes();
        let c = cells(TextEncoding::Utf8, bytes, 0, 0, 64);
        assert_eq!(c.len(), bytes.len());
        assert_eq!(show(&c), "€── 日─本─ 😀──");
        assert_eq!(
            c[4],
            TextCell::Char {
                ch: '日', width: 2
            }
        );
        assert_eq!(c[5], TextCell::Continuation { covered: true });
    }

    #[test]
    fn invalid_bytes_and_controls_are_distinct() {
        let c = cells(TextEncoding::Utf8, b"A\xff\x1b\xc2\x9b\xe2\x82", 0, 0, 64);
        assert_eq!(c[0], TextCell::Char { ch: 'A', width: 1 });
        assert_eq!(c[1], TextCell::Invalid);
        assert_eq!(c[2], TextCell::Control('•'));
        assert_eq!(c[3], TextCell::Control(NOT_DRAWN), "C1 control U+009B");
        assert_eq!(c[5], TextCell::Invalid, "truncated sequence");
    }

    #[test]
    fn context_bytes_before_the_window_are_decoded_then_skipped() {
        let bytes = "x€y".as_bytes();
        // The window starts at the second byte of €: those are continuations.
        let c = cells(TextEncoding::Utf8, bytes, 0, 2, 64);
        assert_eq!(show(&c), "──y");
    }

    #[test]
    fn wide_character_at_a_row_end_gets_a_stand_in() {
        let bytes = "ab日".as_bytes();
        let c = cells(TextEncoding::Utf8, bytes, 0, 0, 3);
        assert_eq!(c[2], TextCell::Control('…'));
    }

    #[test]
    fn utf16_units_are_aligned_to_even_offsets() {
        let le = [b'H', 0, b'i', 0, 0x3d, 0xd8, 0x00, 0xde];
        assert_eq!(
            show(&cells(TextEncoding::Utf16Le, &le, 0, 0, 64)),
            "H─i─😀──"
        );
        let be = [0, b'H', 0xd8, 0x00];
        assert_eq!(show(&cells(TextEncoding::Utf16Be, &be, 0, 0, 64)), "H─××");
    }

    #[test]
    fn ascii_and_latin1() {
        assert_eq!(
            show(&cells(TextEncoding::Ascii, b"A\xe9\x00", 0, 0, 64)),
            "A×·"
        );
        assert_eq!(
            show(&cells(TextEncoding::Latin1, b"caf\xe9\x85", 0, 0, 64)),
            "café×"
        );
    }

    #[test]
    fn typed_characters_encode_per_encoding() {
        assert_eq!(TextEncoding::Utf8.encode('€'), Ok(vec![0xe2, 0x82, 0xac]));
        assert_eq!(TextEncoding::Latin1.encode('é'), Ok(vec![0xe9]));
        assert!(TextEncoding::Latin1.encode('€').is_err());
        assert!(TextEncoding::Ascii.encode('é').is_err());
        assert_eq!(TextEncoding::Utf16Le.encode('H'), Ok(vec![b'H', 0]));
        assert_eq!(
            TextEncoding::Utf16Be.encode('😀'),
            Ok(vec![0xd8, 0x3d, 0xde, 0x00])
        );
    }
}
