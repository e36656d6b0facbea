//! Text encodings of Kaitai `str` fields and `.to_s(encoding)`: every name
//! the reference compiler 0.11 knows (its `EncodingList`: canonical names
//! and aliases, matched without regard to case), decoded with encoding_rs,
//! oem_cp for IBM437, and by hand where the WHATWG labels of encoding_rs
//! mean something else (`ISO-8859-1` there is windows-1252) or do not exist
//! (UTF-32).
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
    Unmappable {
        text: String,
        encoding: &'static str,
    },
}

/// Canonical names with their aliases, from the reference compiler.
const NAMES: &[(&str, &[&str])] = &[
    (
        "ASCII",
        &[
            "US-ASCII", "US_ASCII", "IBM367", "cp367", "csASCII", "iso-ir-6",
        ],
    ),
    (
        "UTF-8",
        &[
            "UTF8",
            "UTF_8",
            "ISO-10646/UTF-8",
            "ISO-10646/UTF8",
            "cp65001",
            "csUTF8",
            "unicode-1-1-utf-8",
            "unicode-2-0-utf-8",
        ],
    ),
    (
        "UTF-16BE",
        &[
            "UTF16BE",
            "UTF16-BE",
            "UTF-16-BE",
            "UTF_16BE",
            "UTF16_BE",
            "UTF_16_BE",
            "csUTF16BE",
        ],
    ),
    (
        "UTF-16LE",
        &[
            "UTF16LE",
            "UTF16-LE",
            "UTF-16-LE",
            "UTF_16LE",
            "UTF16_LE",
            "UTF_16_LE",
            "csUTF16LE",
        ],
    ),
    (
        "UTF-32BE",
        &[
            "UTF32BE",
            "UTF32-BE",
            "UTF-32-BE",
            "UTF_32BE",
            "UTF32_BE",
            "UTF_32_BE",
            "csUTF32BE",
        ],
    ),
    (
        "UTF-32LE",
        &[
            "UTF32LE",
            "UTF32-LE",
            "UTF-32-LE",
            "UTF_32LE",
            "UTF32_LE",
            "UTF_32_LE",
            "csUTF32LE",
        ],
    ),
    (
        "ISO-8859-1",
        &[
            "ISO8859-1",
            "ISO_8859-1",
            "ISO88591",
            "ISO_8859_1",
            "ISO8859_1",
            "8859_1",
            "8859-1",
            "88591",
            "latin1",
            "latin-1",
            "latin_1",
            "L1",
            "csISOLatin1",
            "iso-ir-100",
            "IBM819",
            "cp819",
            "windows-28591",
        ],
    ),
    (
        "ISO-8859-2",
        &[
            "ISO8859-2",
            "ISO_8859-2",
            "ISO88592",
            "ISO_8859_2",
            "ISO8859_2",
            "8859_2",
            "8859-2",
            "88592",
            "latin2",
            "latin-2",
            "latin_2",
            "L2",
            "csISOLatin2",
            "iso-ir-101",
            "IBM1111",
            "windows-28592",
        ],
    ),
    (
        "ISO-8859-3",
        &[
            "ISO8859-3",
            "ISO_8859-3",
            "ISO88593",
            "ISO_8859_3",
            "ISO8859_3",
            "8859_3",
            "8859-3",
            "88593",
            "latin3",
            "latin-3",
            "latin_3",
            "L3",
            "csISOLatin3",
            "iso-ir-109",
            "windows-28593",
        ],
    ),
    (
        "ISO-8859-4",
        &[
            "ISO8859-4",
            "ISO_8859-4",
            "ISO88594",
            "ISO_8859_4",
            "ISO8859_4",
            "8859_4",
            "8859-4",
            "88594",
            "latin4",
            "latin-4",
            "latin_4",
            "L4",
            "csISOLatin4",
            "iso-ir-110",
            "windows-28594",
        ],
    ),
    (
        "ISO-8859-5",
        &[
            "ISO8859-5",
            "ISO_8859-5",
            "ISO88595",
            "ISO_8859_5",
            "ISO8859_5",
            "8859_5",
            "8859-5",
            "88595",
            "cyrillic",
            "csISOLatinCyrillic",
            "iso-ir-144",
            "windows-28595",
        ],
    ),
    (
        "ISO-8859-6",
        &[
            "ISO8859-6",
            "ISO_8859-6",
            "ISO88596",
            "ISO_8859_6",
            "ISO8859_6",
            "8859_6",
            "8859-6",
            "88596",
            "arabic",
            "csISOLatinArabic",
            "iso-ir-127",
            "windows-28596",
            "ECMA-114",
            "ASMO-708",
        ],
    ),
    (
        "ISO-8859-7",
        &[
            "ISO8859-7",
            "ISO_8859-7",
            "ISO88597",
            "ISO_8859_7",
            "ISO8859_7",
            "8859_7",
            "8859-7",
            "88597",
            "greek",
            "greek8",
            "csISOLatinGreek",
            "iso-ir-126",
            "windows-28597",
            "ECMA-118",
            "ELOT_928",
        ],
    ),
    (
        "ISO-8859-8",
        &[
            "ISO8859-8",
            "ISO_8859-8",
            "ISO88598",
            "ISO_8859_8",
            "ISO8859_8",
            "8859_8",
            "8859-8",
            "88598",
            "hebrew",
            "csISOLatinHebrew",
            "iso-ir-138",
            "windows-28598",
        ],
    ),
    (
        "ISO-8859-9",
        &[
            "ISO8859-9",
            "ISO_8859-9",
            "ISO88599",
            "ISO_8859_9",
            "ISO8859_9",
            "8859_9",
            "8859-9",
            "88599",
            "latin5",
            "latin-5",
            "latin_5",
            "L5",
            "csISOLatin5",
            "iso-ir-148",
            "windows-28599",
        ],
    ),
    (
        "ISO-8859-10",
        &[
            "ISO8859-10",
            "ISO_8859-10",
            "ISO885910",
            "ISO_8859_10",
            "ISO8859_10",
            "8859_10",
            "8859-10",
            "885910",
            "latin6",
            "latin-6",
            "latin_6",
            "L6",
            "csISOLatin6",
            "iso-ir-157",
        ],
    ),
    (
        "ISO-8859-11",
        &[
            "ISO8859-11",
            "ISO_8859-11",
            "ISO885911",
            "ISO_8859_11",
            "ISO8859_11",
            "8859_11",
            "8859-11",
            "885911",
            "thai",
            "csTIS620",
            "TIS-620",
        ],
    ),
    (
        "ISO-8859-13",
        &[
            "ISO8859-13",
            "ISO_8859-13",
            "ISO885913",
            "ISO_8859_13",
            "ISO8859_13",
            "8859_13",
            "8859-13",
            "885913",
            "latin7",
            "latin-7",
            "latin_7",
            "L7",
            "csISO885913",
            "windows-28603",
        ],
    ),
    (
        "ISO-8859-14",
        &[
            "ISO8859-14",
            "ISO_8859-14",
            "ISO885914",
            "ISO_8859_14",
            "ISO8859_14",
            "8859_14",
            "8859-14",
            "885914",
            "latin8",
            "latin-8",
            "latin_8",
            "L8",
            "csISO885914",
            "iso-ir-199",
            "iso-celtic",
        ],
    ),
    (
        "ISO-8859-15",
        &[
            "ISO8859-15",
            "ISO_8859-15",
            "ISO885915",
            "ISO_8859_15",
            "ISO8859_15",
            "8859_15",
            "8859-15",
            "885915",
            "latin9",
            "latin-9",
            "latin_9",
            "L9",
            "csISO885915",
            "windows-28605",
        ],
    ),
    (
        "ISO-8859-16",
        &[
            "ISO8859-16",
            "ISO_8859-16",
            "ISO885916",
            "ISO_8859_16",
            "ISO8859_16",
            "8859_16",
            "8859-16",
            "885916",
            "latin10",
            "latin-10",
            "latin_10",
            "L10",
            "csISO885916",
        ],
    ),
    ("windows-1250", &["cp1250", "cswindows1250"]),
    ("windows-1251", &["cp1251", "cswindows1251"]),
    ("windows-1252", &["cp1252", "cswindows1252"]),
    ("windows-1253", &["cp1253", "cswindows1253"]),
    ("windows-1254", &["cp1254", "cswindows1254"]),
    ("windows-1255", &["cp1255", "cswindows1255"]),
    ("windows-1256", &["cp1256", "cswindows1256"]),
    ("windows-1257", &["cp1257", "cswindows1257"]),
    ("windows-1258", &["cp1258", "cswindows1258"]),
    ("IBM437", &["cp437", "437", "csPC8CodePage437"]),
    ("IBM866", &["cp866", "866", "csIBM866"]),
    (
        "Shift_JIS",
        &[
            "Shift-JIS",
            "ShiftJIS",
            "S-JIS",
            "S_JIS",
            "SJIS",
            "PCK",
            "csShiftJIS",
        ],
    ),
    ("Big5", &["csBig5"]),
    (
        "EUC-KR",
        &["EUCKR", "EUC_KR", "csEUCKR", "korean", "iso-ir-149"],
    ),
];

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

/// How a canonical encoding is implemented.
enum Codec {
    /// A WHATWG encoding of encoding_rs whose meaning matches the name.
    Whatwg(&'static Encoding),
    /// Bytes 0x00–0x7f only; others are not text.
    Ascii,
    /// Each byte is the code point of the same number.
    Latin1,
    /// A single-byte table: ISO-8859-9 and -11 differ from their WHATWG
    /// stand-ins (windows-1254, windows-874) in 0x80–0x9f.
    Iso8859Fixed(&'static Encoding),
    Utf32 {
        big_endian: bool,
    },
    Ibm437,
}

fn codec(canonical: &str) -> Codec {
    match canonical {
        "ASCII" => Codec::Ascii,
        "ISO-8859-1" => Codec::Latin1,
        "ISO-8859-9" => Codec::Iso8859Fixed(encoding_rs::WINDOWS_1254),
        "ISO-8859-11" => Codec::Iso8859Fixed(encoding_rs::WINDOWS_874),
        "UTF-32LE" => Codec::Utf32 { big_endian: false },
        "UTF-32BE" => Codec::Utf32 { big_endian: true },
        "IBM437" => Codec::Ibm437,
        other => Codec::Whatwg(Encoding::for_label(other.as_bytes()).unwrap_or(encoding_rs::UTF_8)),
    }
}

fn lookup(name: &str) -> Result<Codec, StrEncError> {
    canonical_name(name)
        .map(codec)
        .ok_or_else(|| StrEncError::Unknown(name.to_string()))
}

/// Decodes `bytes` as text in `encoding` (any name or alias the reference
/// knows, in any case).
pub fn decode(bytes: &[u8], encoding: &str) -> Result<String, StrEncError> {
    Ok(match lookup(encoding)? {
        Codec::Whatwg(enc) => enc.decode_without_bom_handling(bytes).0.into_owned(),
        Codec::Ascii => bytes
            .iter()
            .map(|&b| if b < 0x80 { char::from(b) } else { '\u{fffd}' })
            .collect(),
        Codec::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
        Codec::Iso8859Fixed(enc) => bytes
            .iter()
            .map(|&b| {
                if (0x80..0xa0).contains(&b) {
                    char::from(b)
                } else {
                    let mut buf = String::new();
                    buf.push_str(&enc.decode_without_bom_handling(&[b]).0);
                    buf.chars().next().unwrap_or('\u{fffd}')
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
            if bytes.len() % 4 != 0 {
                s.push('\u{fffd}');
            }
            s
        }
        Codec::Ibm437 => {
            oem_cp::decode_string_complete_table(bytes, &oem_cp::code_table::DECODING_TABLE_CP437)
        }
    })
}

/// Encodes `text` in `encoding` (for `.to_b(encoding)`); a character the
/// encoding cannot hold is an error.
pub fn encode(text: &str, encoding: &str) -> Result<Vec<u8>, StrEncError> {
    let canonical =
        canonical_name(encoding).ok_or_else(|| StrEncError::Unknown(encoding.to_string()))?;
    let unmappable = || StrEncError::Unmappable {
        text: text.to_string(),
        encoding: canonical,
    };
    match codec(canonical) {
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
        Codec::Ibm437 => {
            oem_cp::encode_string_checked(text, &oem_cp::code_table::ENCODING_TABLE_CP437)
                .ok_or_else(unmappable)
        }
        // The remaining single-byte codecs: invert the decoding table.
        _ => {
            let table: Vec<char> = decode(&(0..=255u8).collect::<Vec<_>>(), canonical)?
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
