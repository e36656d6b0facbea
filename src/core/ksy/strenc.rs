//! Text encodings of Kaitai `str` fields and `.to_s(encoding)`: every name
//! the reference compiler 0.11 knows (its `EncodingList`: canonical names
//! and aliases, matched without regard to case), decoded with encoding_rs,
//! oem_cp for IBM437, and by hand where the WHATWG labels of encoding_rs
//! mean something else (`ISO-8859-1` there is windows-1252) or do not exist
//! (UTF-32). Other WHATWG labels (`KOI8-R`, `GBK` …) and DOS code pages
//! (`cp850` …) work too, as the reference's runtimes read them.
//!
//! Decoding never fails on data: a byte sequence that is not valid text
//! becomes U+FFFD, as the reference's runtimes read it. Only an unknown
//! encoding name is an error.

use encoding_rs::Encoding;
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum StrEncError {
    #[error("unknown encoding '{0}'")]
    Unknown(String),
    #[error("'{text}' cannot be written in {encoding}")]
    Unmappable { text: String, encoding: String },
}

mod names;
#[cfg(test)]
mod tests;

use names::NAMES;

/// The canonical name of an encoding (`"sjis"` → `"Shift_JIS"`), or `None`
/// when the reference compiler does not know it.
pub fn canonical_name(name: &str) -> Option<&'static str> {
    NAMES
        .iter()
        .find(|(canon, aliases)| {
            canon.eq_ignore_ascii_case(name) || aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
        .map(|(canon, _)| *canon)
}

/// How an encoding is implemented.
#[derive(Clone, Copy)]
enum Codec {
    /// A WHATWG encoding of encoding_rs whose meaning matches the name.
    Whatwg(&'static Encoding),
    /// Bytes 0x00–0x7f; a byte above is read as its Latin-1 character, as
    /// the reference's JavaScript runtime reads it (and encoding refuses it).
    Ascii,
    /// Each byte is the code point of the same number.
    Latin1,
    /// A single-byte table: ISO-8859-9 and -11 differ from their WHATWG
    /// stand-ins (windows-1254, windows-874) in 0x80–0x9f.
    Iso8859Fixed(&'static Encoding),
    Utf32 {
        big_endian: bool,
    },
    /// A DOS code page of oem_cp (437, 850, 852 …), by number.
    Oem(u16),
}

fn codec(canonical: &str) -> Codec {
    match canonical {
        "ASCII" => Codec::Ascii,
        "ISO-8859-1" => Codec::Latin1,
        "ISO-8859-9" => Codec::Iso8859Fixed(encoding_rs::WINDOWS_1254),
        "ISO-8859-11" => Codec::Iso8859Fixed(encoding_rs::WINDOWS_874),
        "UTF-32LE" => Codec::Utf32 { big_endian: false },
        "UTF-32BE" => Codec::Utf32 { big_endian: true },
        "IBM437" => Codec::Oem(437),
        other => Codec::Whatwg(Encoding::for_label(other.as_bytes()).unwrap_or(encoding_rs::UTF_8)),
    }
}

/// The codec for an encoding name: one the reference knows, else another
/// label of the WHATWG Encoding Standard (`KOI8-R`, `GBK`, `EUC-JP` …, which
/// the reference's JavaScript runtime decodes too, though its compiler warns
/// of the name), else a DOS code page `cpNNN` / `IBMNNN`.
fn lookup(name: &str) -> Result<Codec, StrEncError> {
    if let Some(canonical) = canonical_name(name) {
        return Ok(codec(canonical));
    }
    if let Some(enc) = Encoding::for_label_no_replacement(name.trim().as_bytes()) {
        return Ok(Codec::Whatwg(enc));
    }
    let lower = name.trim().to_ascii_lowercase();
    let number = lower
        .strip_prefix("cp")
        .or_else(|| lower.strip_prefix("ibm"))
        .and_then(|n| n.parse::<u16>().ok());
    match number {
        Some(n) if oem_cp::code_table::DECODING_TABLE_CP_MAP.contains_key(&n) => Ok(Codec::Oem(n)),
        _ => Err(StrEncError::Unknown(name.to_string())),
    }
}

/// Decodes `bytes` as text in `encoding` (any name or alias the reference
/// knows, in any case; see `lookup` for the others).
pub fn decode(bytes: &[u8], encoding: &str) -> Result<String, StrEncError> {
    Ok(decode_with(lookup(encoding)?, bytes))
}

fn decode_with(codec: Codec, bytes: &[u8]) -> String {
    match codec {
        Codec::Whatwg(enc) => enc.decode_without_bom_handling(bytes).0.into_owned(),
        Codec::Ascii | Codec::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
        // A single-byte decoder gives one character per byte.
        Codec::Iso8859Fixed(enc) => enc
            .decode_without_bom_handling(bytes)
            .0
            .chars()
            .zip(bytes)
            .map(|(c, &b)| {
                if (0x80..0xa0).contains(&b) {
                    char::from(b)
                } else {
                    c
                }
            })
            .collect(),
        Codec::Utf32 { big_endian } => {
            let mut s: String = bytes
                .chunks_exact(4)
                .map(|c| {
                    let q = [c[0], c[1], c[2], c[3]];
                    let n = if big_endian {
                        u32::from_be_bytes(q)
                    } else {
                        u32::from_le_bytes(q)
                    };
                    char::from_u32(n).unwrap_or('\u{fffd}')
                })
                .collect();
            if !bytes.len().is_multiple_of(4) {
                s.push('\u{fffd}');
            }
            s
        }
        Codec::Oem(n) => oem_cp::code_table::DECODING_TABLE_CP_MAP
            .get(&n)
            .map_or_else(String::new, |table| table.decode_string_lossy(bytes)),
    }
}

/// Encodes `text` in `encoding` (for `.to_b(encoding)`); a character the
/// encoding cannot hold is an error.
pub fn encode(text: &str, encoding: &str) -> Result<Vec<u8>, StrEncError> {
    let codec = lookup(encoding)?;
    let unmappable = || StrEncError::Unmappable {
        text: text.to_string(),
        encoding: encoding.to_string(),
    };
    match codec {
        Codec::Whatwg(enc) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => {
            let le = enc == encoding_rs::UTF_16LE;
            Ok(text
                .encode_utf16()
                .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect())
        }
        Codec::Whatwg(enc) => {
            let (bytes, _, had_errors) = enc.encode(text);
            if had_errors {
                return Err(unmappable());
            }
            Ok(bytes.into_owned())
        }
        Codec::Utf32 { big_endian } => Ok(text
            .chars()
            .flat_map(|c| {
                let n = u32::from(c);
                if big_endian {
                    n.to_be_bytes()
                } else {
                    n.to_le_bytes()
                }
            })
            .collect()),
        Codec::Oem(n) => oem_cp::code_table::ENCODING_TABLE_CP_MAP
            .get(&n)
            .and_then(|table| oem_cp::encode_string_checked(text, table))
            .ok_or_else(unmappable),
        Codec::Ascii | Codec::Latin1 => {
            let limit = if matches!(codec, Codec::Ascii) {
                0x80
            } else {
                0x100
            };
            text.chars()
                .map(u32::from)
                .map(|n| u8::try_from(n).ok().filter(|_| n < limit))
                .collect::<Option<Vec<u8>>>()
                .ok_or_else(unmappable)
        }
        // ISO-8859-9 and -11: invert the decoding table.
        Codec::Iso8859Fixed(_) => {
            let table: Vec<char> = decode_with(codec, &(0..=255u8).collect::<Vec<_>>())
                .chars()
                .collect();
            text.chars()
                .map(|c| {
                    table
                        .iter()
                        .position(|&t| t == c && c != '\u{fffd}')
                        .map(|i| i as u8)
                        .ok_or_else(unmappable)
                })
                .collect()
        }
    }
}
