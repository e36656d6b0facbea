//! Explanations for learners: how the bytes at an offset become a value —
//! bits and their positions, unsigned against two's complement, byte order
//! for multi-byte integers, sign / exponent / mantissa for floats, and the
//! code-point arithmetic of UTF-8 and UTF-16. Plain lines of text; the view
//! decides how to draw them.

mod float;
mod utf8;

use super::encoding::TextEncoding;
use super::text::displayable;
use super::typed::{ElemKind, ElemType, Endian, Value};

pub(super) fn hex_bytes(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn show_char(c: char) -> String {
    if displayable(c) {
        format!("'{c}'")
    } else if super::text::is_noncharacter(c) {
        "(a noncharacter: not drawn)".into()
    } else {
        "(not drawn: a terminal gives it no width or an unknown one)".into()
    }
}

/// How the element of type `ty` at `offset` (its bytes first in `bytes`)
/// becomes its value.
pub fn explain_element(ty: ElemType, offset: u64, bytes: &[u8]) -> Vec<String> {
    let n = ty.size();
    let Some(raw) = bytes.get(..n) else {
        let left = match bytes.len() {
            0 => "none is left in the file".to_string(),
            1 => "only 1 is left in the file".to_string(),
            k => format!("only {k} are left in the file"),
        };
        let unit = if n == 1 { "byte" } else { "bytes" };
        return vec![format!(
            "{} at 0x{offset:x} needs {n} {unit}; {left}",
            ty.kind.js_name()
        )];
    };
    match ty.kind {
        ElemKind::U8 | ElemKind::I8 => explain_byte(offset, raw[0]),
        ElemKind::F32 | ElemKind::F64 => float::explain_float(ty, offset, raw),
        _ => explain_int(ty, offset, raw),
    }
}

fn explain_byte(offset: u64, b: u8) -> Vec<String> {
    let bits: Vec<String> = (0..8).rev().map(|i| ((b >> i) & 1).to_string()).collect();
    let terms: Vec<String> = (0..8)
        .rev()
        .filter(|i| b >> i & 1 == 1)
        .map(|i| (1u32 << i).to_string())
        .collect();
    let sum = if terms.is_empty() {
        "0".into()
    } else {
        terms.join("+")
    };
    let signed = b as i8;
    let twos = if b & 0x80 != 0 {
        format!(
            "bit 7 counts -128 instead of +128: -128 + {} = {signed}",
            b & 0x7f
        )
    } else {
        format!("bit 7 is 0, so it is the same: {signed}")
    };
    vec![
        format!("the byte at 0x{offset:x}: 0x{b:02x}"),
        "  bit      7 6 5 4 3 2 1 0".into(),
        format!("  value    {}", bits.join(" ")),
        format!("  Uint8 (unsigned): {sum} = {b}"),
        format!("  Int8 (two's complement): {twos}"),
    ]
}

fn explain_int(ty: ElemType, offset: u64, raw: &[u8]) -> Vec<String> {
    let n = raw.len();
    let bits = n * 8;
    let unsigned = match ElemType::new(unsigned_of(ty.kind), ty.endian).decode(raw) {
        Some(Value::Unsigned(v)) => v,
        _ => 0,
    };
    let other = ElemType::new(unsigned_of(ty.kind), ty.endian.toggle()).decode(raw);
    let order = match ty.endian {
        Endian::Little => "little-endian: the first byte is the lowest, so read them last-to-first",
        Endian::Big => "big-endian: the first byte is the highest, so read them in order",
    };
    let mut in_order: Vec<u8> = raw.to_vec();
    if ty.endian == Endian::Little {
        in_order.reverse();
    }
    let digits: String = in_order.iter().map(|b| format!("{b:02x}")).collect();
    let mut lines = vec![
        format!(
            "{} {} at 0x{offset:x}: bytes [{}]",
            ty.kind.js_name(),
            ty.endian.name(),
            hex_bytes(raw)
        ),
        format!("  {order}: 0x{digits} = {unsigned}"),
        format!(
            "  read {} instead, the same bytes are 0x{:0w$x}",
            ty.endian.toggle().name(),
            match other {
                Some(Value::Unsigned(v)) => v,
                _ => 0,
            },
            w = n * 2
        ),
    ];
    if ty.kind.is_signed() {
        let top = unsigned >> (bits - 1) & 1 == 1;
        lines.push(if top {
            format!(
                "  the top bit is 1, so two's complement subtracts 2^{bits}: {unsigned} - 2^{bits} = {}",
                ty.decode(raw).map_or_else(String::new, |v| v.to_string())
            )
        } else {
            format!("  the top bit is 0, so the signed value is the same: {unsigned}")
        });
    } else {
        lines.push(format!("  unsigned: any value from 0 to 2^{bits} - 1"));
    }
    lines
}

pub(super) fn unsigned_of(kind: ElemKind) -> ElemKind {
    match kind {
        ElemKind::I8 => ElemKind::U8,
        ElemKind::I16 => ElemKind::U16,
        ElemKind::I32 | ElemKind::F32 => ElemKind::U32,
        ElemKind::I64 | ElemKind::F64 => ElemKind::U64,
        k => k,
    }
}

/// How the character at the cursor is encoded. `bytes` starts `before`
/// bytes ahead of the cursor (context to find the start of a character the
/// cursor is inside).
pub fn explain_text(enc: TextEncoding, offset: u64, bytes: &[u8], before: usize) -> Vec<String> {
    let here = &bytes[before.min(bytes.len())..];
    let Some(&b) = here.first() else {
        return vec!["end of file: no character here".into()];
    };
    match enc {
        TextEncoding::Ascii | TextEncoding::Latin1 => {
            let c = char::from(b);
            let what = if enc == TextEncoding::Ascii && b >= 0x80 {
                "not ASCII (ASCII stops at 0x7f)".to_string()
            } else {
                format!(
                    "{} {}",
                    show_char(c),
                    if b < 0x20 || b == 0x7f {
                        "a control code"
                    } else {
                        ""
                    }
                )
            };
            vec![
                format!("{} at 0x{offset:x}: one byte per character", enc.name()),
                format!("  0x{b:02x} = {b} = U+{:04X} {what}", u32::from(b)),
            ]
        }
        TextEncoding::Utf8 => utf8::explain_utf8(offset, bytes, before),
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => explain_utf16(enc, offset, bytes, before),
    }
}

fn explain_utf16(enc: TextEncoding, offset: u64, bytes: &[u8], before: usize) -> Vec<String> {
    let little = enc == TextEncoding::Utf16Le;
    let aligned = before - (offset % 2) as usize;
    let unit = |i: usize| -> Option<u16> {
        let pair = [*bytes.get(i)?, *bytes.get(i + 1)?];
        Some(if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        })
    };
    let at = offset - (offset % 2);
    let Some(u) = unit(aligned) else {
        return vec![format!(
            "{} at 0x{at:x}: a code unit needs 2 bytes",
            enc.name()
        )];
    };
    let order = if little {
        "low byte first"
    } else {
        "high byte first"
    };
    match u {
        0xd800..=0xdbff => match unit(aligned + 2) {
            Some(lo @ 0xdc00..=0xdfff) => {
                let c = 0x10000 + ((u32::from(u) - 0xd800) << 10) + (u32::from(lo) - 0xdc00);
                let ch = char::from_u32(c).map_or_else(String::new, show_char);
                vec![
                    format!(
                        "{} at 0x{at:x}: units 0x{u:04X} 0x{lo:04X} ({order}): a surrogate pair",
                        enc.name()
                    ),
                    format!(
                        "  high 0x{u:04X} - 0xD800 = 0x{:03X}; low 0x{lo:04X} - 0xDC00 = 0x{:03X}",
                        u - 0xd800,
                        lo - 0xdc00
                    ),
                    format!(
                        "  0x10000 + (0x{:03X} << 10) + 0x{:03X} = U+{c:04X} {ch}",
                        u - 0xd800,
                        lo - 0xdc00
                    ),
                ]
            }
            _ => vec![format!(
                "{} at 0x{at:x}: 0x{u:04X} is a high surrogate with no low surrogate after it",
                enc.name()
            )],
        },
        0xdc00..=0xdfff => vec![format!(
            "{} at 0x{at:x}: 0x{u:04X} is a low surrogate on its own",
            enc.name()
        )],
        _ => {
            let ch = char::from_u32(u32::from(u)).map_or_else(String::new, show_char);
            vec![
                format!("{} at 0x{at:x}: one 16-bit unit, {order}", enc.name()),
                format!("  0x{u:04X} = U+{u:04X} {ch}"),
            ]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str) -> ElemType {
        ElemType::parse(name).unwrap()
    }

    #[test]
    fn a_byte_in_bits_unsigned_and_twos_complement() {
        let lines = explain_element(t("u8"), 0, &[0xff]).join("\n");
        assert!(lines.contains("1 1 1 1 1 1 1 1"), "{lines}");
        assert!(lines.contains("128+64+32+16+8+4+2+1 = 255"), "{lines}");
        assert!(lines.contains("-128 + 127 = -1"), "{lines}");
    }

    #[test]
    fn byte_order_is_pictured_for_multi_byte_integers() {
        let lines = explain_element(t("u16le"), 0, &[1, 2]).join("\n");
        assert!(lines.contains("0x0201 = 513"), "{lines}");
        assert!(lines.contains("0x0102"), "{lines}");
        let lines = explain_element(t("i16le"), 0, &[0xff, 0xff]).join("\n");
        assert!(lines.contains("65535 - 2^16 = -1"), "{lines}");
    }

    #[test]
    fn floats_as_sign_exponent_mantissa() {
        let lines = explain_element(t("f32le"), 0, &[0, 0, 0xc0, 0x3f]).join("\n");
        assert!(lines.contains("sign 0 | exponent 01111111"), "{lines}");
        assert!(lines.contains("+1.5 × 2^(127 - 127)"), "{lines}");
        assert!(lines.contains("= 1.5"), "{lines}");
        let inf = explain_element(t("f32be"), 0, &[0xff, 0x80, 0, 0]).join("\n");
        assert!(inf.contains("-Infinity"), "{inf}");
    }

    #[test]
    fn utf8_code_point_arithmetic() {
        let bytes = "€".as_bytes();
        let lines = explain_text(TextEncoding::Utf8, 0, bytes, 0).join("\n");
        assert!(lines.contains("E2 82 AC → U+20AC '€'"), "{lines}");
        assert!(lines.contains("E2 = 1110 0010"), "{lines}");
        assert!(lines.contains("0010 000010 101100 = 0x20AC"), "{lines}");
        // From a continuation byte, the character it belongs to.
        let from_middle = explain_text(TextEncoding::Utf8, 1, bytes, 1).join("\n");
        assert!(from_middle.contains("U+20AC"), "{from_middle}");
    }

    #[test]
    fn utf16_surrogate_pairs() {
        let le = [0x3d, 0xd8, 0x00, 0xde];
        let lines = explain_text(TextEncoding::Utf16Le, 0, &le, 0).join("\n");
        assert!(lines.contains("U+1F600"), "{lines}");
    }

    #[test]
    fn too_few_bytes_says_so() {
        let lines = explain_element(t("f64le"), 4, &[1, 2]).join("\n");
        assert!(lines.contains("needs 8 bytes"), "{lines}");
    }
}
