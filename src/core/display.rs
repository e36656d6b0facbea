//! Making untrusted text safe to show: file names and data may hold control
//! bytes and escape sequences that must never reach a terminal raw.

use std::fmt::Write as _;
use std::path::Path;

/// A path as text that is safe to print: control characters (C0, DEL, C1)
/// become `\xNN` / `\u{NN}` escapes and bytes that are not UTF-8 become
/// `\xNN`, so a crafted file name cannot command the terminal.
pub fn escape_path(path: &Path) -> String {
    escape_bytes(path.as_os_str().as_encoded_bytes())
}

/// A count of bytes in words: `1 byte`, `0 bytes`, `5 bytes`.
pub fn byte_count(n: impl Into<u64>) -> String {
    match n.into() {
        1 => "1 byte".into(),
        n => format!("{n} bytes"),
    }
}

/// Escapes a byte string for display: valid UTF-8 is kept except for control
/// characters; invalid bytes are shown as `\xNN`.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        escape_str_into(chunk.valid(), &mut out);
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

/// Escapes control characters of a string for display, and every other
/// character a terminal cannot draw at a known width (U+2028, U+FFFE, a
/// lone combining mark…: see [`crate::core::text::displayable`]).
pub fn escape_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_str_into(s, &mut out);
    out
}

fn escape_str_into(s: &str, out: &mut String) {
    for c in s.chars() {
        if c.is_control() || !(c == ' ' || crate::core::text::displayable(c)) {
            let code = u32::from(c);
            if code <= 0xff {
                let _ = write!(out, "\\x{code:02x}");
            } else {
                let _ = write!(out, "\\u{{{code:x}}}");
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn escape_path_hides_escape_sequences_and_invalid_utf8() {
        let p = Path::new(OsStr::from_bytes(b"a\x1b]0;pwned\x07\xff\xc2\x9bz"));
        assert_eq!(escape_path(p), "a\\x1b]0;pwned\\x07\\xff\\x9bz");
    }

    #[test]
    fn escape_hides_separators_and_noncharacters() {
        assert_eq!(escape_str("a\u{2028}b\u{fffe}"), "a\\u{2028}b\\u{fffe}");
    }

    #[test]
    fn escape_keeps_ordinary_unicode() {
        assert_eq!(escape_str("日本 €"), "日本 €");
    }
}
