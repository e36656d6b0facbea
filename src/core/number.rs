//! Parsing what users type for offsets, sizes and byte strings: decimal or
//! `0x` hex numbers, `K`/`M`/`G` size suffixes, and hex byte strings with
//! optional spaces, colons and (in patterns) `??` wildcards.

use thiserror::Error;

use super::display::escape_str;

/// Input that is not a number or byte string of the expected form.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("'{}' is not a number (use decimal like 4096 or hex like 0x1000)", escape_str(.0))]
    NotANumber(String),
    #[error("'{}' is not a size (a number, optionally ending in K, M or G)", escape_str(.0))]
    NotASize(String),
    #[error("'{}' is too large", escape_str(.0))]
    TooLarge(String),
    #[error("'{}' is not hex bytes: {reason}", escape_str(.text))]
    BadHex { text: String, reason: String },
}

/// Parses an offset or count: decimal (`4096`) or hex (`0x1000`).
pub fn parse_u64(text: &str) -> Result<u64, ParseError> {
    let t = text.trim();
    let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u64::from_str_radix(hex, 16)
        }
        None if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => t.parse::<u64>(),
        _ => return Err(ParseError::NotANumber(text.to_string())),
    };
    parsed.map_err(|_| ParseError::TooLarge(text.to_string()))
}

/// Parses a size: a number as [`parse_u64`], optionally followed by `K`,
/// `M` or `G` (powers of 1024; `KiB`, `MB` and the like are accepted too).
pub fn parse_size(text: &str) -> Result<u64, ParseError> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let (digits, shift) = [
        ("KIB", 10),
        ("MIB", 20),
        ("GIB", 30),
        ("KB", 10),
        ("MB", 20),
    ]
    .into_iter()
    .chain([("GB", 30), ("K", 10), ("M", 20), ("G", 30), ("B", 0)])
    .find_map(|(suffix, shift)| {
        // "0xB" is a hex number, not 0x with a byte suffix.
        let is_hex = upper.starts_with("0X");
        (!is_hex && upper.ends_with(suffix)).then(|| (&t[..t.len() - suffix.len()], shift))
    })
    .unwrap_or((t, 0));
    let n = parse_u64(digits).map_err(|e| match e {
        ParseError::NotANumber(_) => ParseError::NotASize(text.to_string()),
        other => other,
    })?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| ParseError::TooLarge(text.to_string()))
}

/// Parses hex bytes: pairs of hex digits with optional spaces or colons
/// between them (`de ad be ef`, `deadbeef`, `de:ad`, `0xde 0xad`).
pub fn parse_hex_bytes(text: &str) -> Result<Vec<u8>, ParseError> {
    parse_hex_pattern_inner(text, false).map(|p| p.into_iter().map(|b| b.unwrap_or(0)).collect())
}

/// Parses a hex pattern: like [`parse_hex_bytes`], where `??` matches any byte.
pub fn parse_hex_pattern(text: &str) -> Result<Vec<Option<u8>>, ParseError> {
    parse_hex_pattern_inner(text, true)
}

fn parse_hex_pattern_inner(text: &str, wildcards: bool) -> Result<Vec<Option<u8>>, ParseError> {
    let bad = |reason: String| ParseError::BadHex {
        text: text.to_string(),
        reason,
    };
    let mut out = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || c == ':' || c == ',') {
        let word = word
            .strip_prefix("0x")
            .or_else(|| word.strip_prefix("0X"))
            .unwrap_or(word);
        let chars: Vec<char> = word.chars().collect();
        if !chars.len().is_multiple_of(2) {
            return Err(bad(format!(
                "'{}' has an odd number of digits (each byte is two)",
                escape_str(word)
            )));
        }
        for pair in chars.chunks(2) {
            match (pair[0], pair[1]) {
                ('?', '?') if wildcards => out.push(None),
                (h, l) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                    let v = (h.to_digit(16).unwrap() << 4) | l.to_digit(16).unwrap();
                    out.push(Some(v as u8));
                }
                (h, l) => {
                    let hint = if wildcards { " (or ??)" } else { "" };
                    return Err(bad(format!(
                        "'{}' is not a hex byte{hint}",
                        escape_str(&format!("{h}{l}"))
                    )));
                }
            }
        }
    }
    if out.is_empty() {
        return Err(bad("no bytes given".to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_decimal_and_hex() {
        assert_eq!(parse_u64("4096"), Ok(4096));
        assert_eq!(parse_u64("0x1000"), Ok(4096));
        assert_eq!(parse_u64("0X1f"), Ok(31));
        assert!(matches!(parse_u64("0x"), Err(ParseError::NotANumber(_))));
        assert!(matches!(parse_u64("-1"), Err(ParseError::NotANumber(_))));
        assert!(matches!(parse_u64("12abc"), Err(ParseError::NotANumber(_))));
        assert!(matches!(
            parse_u64("99999999999999999999"),
            Err(ParseError::TooLarge(_))
        ));
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("8"), Ok(8));
        assert_eq!(parse_size("4K"), Ok(4096));
        assert_eq!(parse_size("2M"), Ok(2 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(
            parse_size("0x10K"),
            Err(ParseError::NotASize("0x10K".into()))
        );
        assert_eq!(parse_size("0xB"), Ok(11));
        assert!(parse_size("K").is_err());
        assert!(matches!(
            parse_size("20000000000G"),
            Err(ParseError::TooLarge(_))
        ));
    }

    #[test]
    fn hex_bytes_with_any_separators() {
        let want = vec![0xde, 0xad, 0xbe, 0xef];
        assert_eq!(parse_hex_bytes("deadbeef"), Ok(want.clone()));
        assert_eq!(parse_hex_bytes("de ad be ef"), Ok(want.clone()));
        assert_eq!(parse_hex_bytes("de:ad:be:EF"), Ok(want.clone()));
        assert_eq!(parse_hex_bytes("0xde 0xad 0xbe 0xef"), Ok(want));
        assert!(parse_hex_bytes("abc").is_err());
        assert!(parse_hex_bytes("zz").is_err());
        assert!(parse_hex_bytes("").is_err());
        assert!(parse_hex_bytes("??").is_err());
    }

    #[test]
    fn hex_patterns_take_wildcards() {
        assert_eq!(
            parse_hex_pattern("de ?? be"),
            Ok(vec![Some(0xde), None, Some(0xbe)])
        );
        assert!(parse_hex_pattern("d?").is_err());
    }
}
