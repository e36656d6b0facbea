//! How UTF-8 bytes become a code point — and, for bytes that are not valid
//! UTF-8, the real reason (RFC 3629 §4): C0 and C1 could only start an
//! overlong encoding, F5–FF never appear, a lead byte's continuation bytes
//! are missing or one is not 10xxxxxx, a continuation byte has no lead, or
//! the sequence is overlong, an encoded surrogate or above U+10FFFF.

use super::{hex_bytes, show_char};
use crate::core::text::utf8_len;

fn is_cont(b: u8) -> bool {
    (0x80..=0xbf).contains(&b)
}

/// Why the sequence led by `bytes[0]` is not a character, or `None` when it
/// is one (`bytes` holds what follows, up to the end of the file).
fn lead_problem(bytes: &[u8], at: u64) -> Option<String> {
    let lead = bytes[0];
    match lead {
        0x00..=0x7f => return None,
        0x80..=0xbf => {
            return Some(format!(
                "0x{lead:02x} = {lead:08b} is a continuation byte (10xxxxxx) with no lead byte before it: it cannot start a character"
            ));
        }
        0xc0 | 0xc1 => {
            return Some(format!(
                "0x{lead:02x} = {lead:08b} could only start a 2-byte encoding of U+0000–U+007F, which fits in 1 byte: an overlong encoding, so C0 and C1 never appear in UTF-8"
            ));
        }
        0xf5..=0xf7 => {
            return Some(format!(
                "0x{lead:02x} = {lead:08b} would start a code point above U+10FFFF, the last one: F5–FF never appear in UTF-8"
            ));
        }
        0xf8..=0xff => {
            return Some(format!(
                "0x{lead:02x} = {lead:08b} is no UTF-8 pattern at all (five or more leading 1 bits): F5–FF never appear in UTF-8"
            ));
        }
        _ => {}
    }
    let len = utf8_len(lead).expect("a lead byte C2–F4");
    for i in 1..len {
        let Some(&b) = bytes.get(i) else {
            let have = i - 1;
            let s = if have == 1 { "" } else { "s" };
            return Some(format!(
                "0x{lead:02x} = {lead:08b} starts a {len}-byte character, but the file ends after {have} continuation byte{s}"
            ));
        };
        if !is_cont(b) {
            return Some(format!(
                "0x{lead:02x} = {lead:08b} starts a {len}-byte character, but the byte at 0x{:x}, 0x{b:02x} = {b:08b}, is not a continuation byte 10xxxxxx",
                at + i as u64
            ));
        }
        if i == 1 {
            let second = b;
            let why = match (lead, second) {
                (0xe0, 0x80..=0x9f) => Some(
                    "E0 80–E0 9F would encode U+0000–U+07FF, which fit in 2 bytes or fewer: an overlong encoding",
                ),
                (0xf0, 0x80..=0x8f) => Some(
                    "F0 80–F0 8F would encode U+0000–U+FFFF, which fit in 3 bytes or fewer: an overlong encoding",
                ),
                (0xed, 0xa0..=0xbf) => Some(
                    "ED A0–ED BF would encode U+D800–U+DFFF, the surrogates of UTF-16, which are not characters",
                ),
                (0xf4, 0x90..=0xbf) => {
                    Some("F4 90–F4 BF would encode a code point above U+10FFFF, the last one")
                }
                _ => None,
            };
            if let Some(why) = why {
                return Some(format!("{why} (0x{second:02x} = {second:08b})"));
            }
        }
    }
    None
}

/// The explanation of the UTF-8 character at the cursor; `bytes` starts
/// `before` bytes ahead of it.
pub(super) fn explain_utf8(offset: u64, bytes: &[u8], before: usize) -> Vec<String> {
    // The character the cursor is in starts at the nearest lead byte.
    let mut start = before;
    while start > 0 && before - start < 3 && is_cont(bytes[start]) {
        start -= 1;
    }
    let lead_at = offset - (before - start) as u64;
    let lead = bytes[start];
    let covers = utf8_len(lead).is_some_and(|len| start + len > before);
    if start < before && !(lead >= 0xc0 && covers) {
        // No lead byte before this continuation byte reaches it.
        start = before;
    }
    let at = offset - (before - start) as u64;
    let here = &bytes[start..];
    if let Some(why) = lead_problem(here, at) {
        let b = bytes[before];
        let mut lines = vec![format!(
            "UTF-8 at 0x{offset:x}: 0x{b:02x} = {b:08b} is not part of a valid character"
        )];
        if start < before {
            lines.push(format!(
                "  it follows the lead byte 0x{lead:02x} at 0x{lead_at:x}, and that sequence is not valid:"
            ));
        }
        lines.push(format!("  {why}"));
        return lines;
    }
    let len = utf8_len(here[0]).expect("a valid lead");
    let seq = &here[..len];
    let c = std::str::from_utf8(seq)
        .ok()
        .and_then(|s| s.chars().next())
        .expect("lead_problem found none");
    if len == 1 {
        return vec![
            format!(
                "UTF-8 at 0x{at:x}: 0x{lead:02x} = {lead:08b}",
                lead = seq[0]
            ),
            format!(
                "  0xxxxxxx: one byte, the same as ASCII: U+{:04X} {}",
                c as u32,
                show_char(c)
            ),
        ];
    }
    let lead_bits = 7 - len;
    let mut lines = vec![format!(
        "UTF-8 at 0x{at:x}: {} → U+{:04X} {}",
        hex_bytes(seq).to_uppercase(),
        c as u32,
        show_char(c)
    )];
    let mut payload = Vec::new();
    for (i, &b) in seq.iter().enumerate() {
        let bin = format!("{b:08b}");
        if i == 0 {
            let (tag, data) = bin.split_at(8 - lead_bits);
            lines.push(format!(
                "  {b:02X} = {tag} {data}   lead of {len} bytes: keep {data}"
            ));
            payload.push(data.to_string());
        } else {
            let (tag, data) = bin.split_at(2);
            lines.push(format!(
                "  {b:02X} = {tag} {data}   continuation: keep {data}"
            ));
            payload.push(data.to_string());
        }
    }
    lines.push(format!(
        "  {} = 0x{:X} = {} → {}",
        payload.join(" "),
        c as u32,
        c as u32,
        show_char(c)
    ));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(bytes: &[u8], before: usize) -> String {
        explain_utf8(before as u64, bytes, before).join("\n")
    }

    #[test]
    fn each_invalid_byte_gets_its_own_reason() {
        let c0 = why(&[0xc0, 0x80], 0);
        assert!(c0.contains("overlong"), "{c0}");
        assert!(!c0.contains("110xxxxx"), "{c0}");
        assert!(why(&[0xf5, 0x80], 0).contains("F5–FF never appear"));
        assert!(why(&[0xff], 0).contains("F5–FF never appear"));
        let cont = why(&[0x41, 0x80], 1);
        assert!(cont.contains("no lead byte"), "{cont}");
        let bad = why(&[0xe2, 0x41, 0x41], 0);
        assert!(bad.contains("byte at 0x1, 0x41 = 01000001"), "{bad}");
        let cut = why(&[0xe2, 0x82], 0);
        assert!(cut.contains("ends after 1 continuation byte"), "{cut}");
        assert!(why(&[0xed, 0xa0, 0x80], 0).contains("surrogates"));
        assert!(why(&[0xe0, 0x80, 0x80], 0).contains("overlong"));
        assert!(why(&[0xf0, 0x8f, 0x80, 0x80], 0).contains("overlong"));
        assert!(why(&[0xf4, 0x90, 0x80, 0x80], 0).contains("above U+10FFFF"));
        // From inside a bad sequence, the lead's reason.
        let inside = why(&[0xed, 0xa0, 0x80], 2);
        assert!(inside.contains("follows the lead byte 0xed"), "{inside}");
        assert!(inside.contains("surrogates"), "{inside}");
    }

    #[test]
    fn valid_characters_are_explained_from_any_of_their_bytes() {
        let bytes = "x€".as_bytes();
        let mid = why(bytes, 2);
        assert!(mid.contains("E2 82 AC → U+20AC '€'"), "{mid}");
    }
}
