//! A parsed field as a learner would read or write it by hand: the
//! JavaScript DataView call that reads it (`view.getUint32(16, false) //
//! ihdr.width`), and the bytes a new value typed for it becomes (an integer
//! in range for its type, an enum label, a string of the same length in the
//! field's encoding). Works from the printed type name (`u4be`, `strz`),
//! which carries the endianness the parse resolved.

use thiserror::Error;

use super::parse::BitPos;
use super::spec::EnumDef;
use super::strenc;
use crate::core::typed::{ElemKind, ElemType, Endian};

/// What a field's bytes hold, as far as reading and writing it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// `uN`/`sN`/`fN` with a resolved byte order.
    Number(ElemType),
    /// `bN`: bits, not whole bytes.
    Bits(u8),
    Str {
        zero: bool,
    },
    Bytes,
}

impl Scalar {
    /// The kind of a field by its printed type name; `None` for user types,
    /// arrays and types of unknown byte order.
    pub fn of(type_name: &str) -> Option<Scalar> {
        match type_name {
            "str" => return Some(Scalar::Str { zero: false }),
            "strz" => return Some(Scalar::Str { zero: true }),
            "bytes" => return Some(Scalar::Bytes),
            _ => {}
        }
        let (head, endian) = if let Some(h) = type_name.strip_suffix("le") {
            (h, Some(Endian::Little))
        } else if let Some(h) = type_name.strip_suffix("be") {
            (h, Some(Endian::Big))
        } else {
            (type_name, None)
        };
        let (letter, digits) = head.split_at(head.len().min(1));
        let n: u8 = digits.parse().ok()?;
        if letter == "b" && endian.is_none() && (1..=64).contains(&n) {
            return Some(Scalar::Bits(n));
        }
        let kind = match (letter, n) {
            ("u", 1) => ElemKind::U8,
            ("s", 1) => ElemKind::I8,
            ("u", 2) => ElemKind::U16,
            ("s", 2) => ElemKind::I16,
            ("u", 4) => ElemKind::U32,
            ("s", 4) => ElemKind::I32,
            ("u", 8) => ElemKind::U64,
            ("s", 8) => ElemKind::I64,
            ("f", 4) => ElemKind::F32,
            ("f", 8) => ElemKind::F64,
            _ => return None,
        };
        // A multi-byte number needs its byte order to be read or written.
        let endian = match endian {
            Some(e) => e,
            None if n == 1 => Endian::Little,
            None => return None,
        };
        Some(Scalar::Number(ElemType::new(kind, endian)))
    }
}

/// The JavaScript that reads a field of `size` bytes at file offset `off`
/// over an ArrayBuffer `buffer` with `view = new DataView(buffer)`.
pub fn read_call(scalar: Scalar, off: u64, size: u64, path: &str, encoding: &str) -> String {
    let call = match scalar {
        Scalar::Number(t) if t.size() == 1 => format!("view.get{}({off})", t.kind.js_name()),
        Scalar::Number(t) => format!(
            "view.get{}({off}, {})",
            t.kind.js_name(),
            t.endian == Endian::Little
        ),
        Scalar::Bits(n) => format!(
            "new Uint8Array(buffer, {off}, {size}) /* {n} bits inside these bytes: shift and mask */"
        ),
        Scalar::Str { .. } => format!(
            "new TextDecoder(\"{}\").decode(new Uint8Array(buffer, {off}, {size}))",
            js_encoding(encoding)
        ),
        Scalar::Bytes => format!("new Uint8Array(buffer, {off}, {size})"),
    };
    format!("{call} // {path}")
}

/// The JavaScript that reads a bit field at `pos` in the `size` bytes at
/// `off`: the bytes as one unsigned number in the bit order's byte order,
/// shifted and masked (`(view.getUint8(10) >> 4) & 0x7`); a `b1` compared
/// with 1, as Kaitai reads it as a boolean. Fields over bytes that no one
/// DataView call reads (3, or more than 4) keep [`read_call`]'s form.
pub fn read_bits_call(pos: BitPos, off: u64, size: u64, path: &str, boolean: bool) -> String {
    let get = match size {
        1 => format!("view.getUint8({off})"),
        2 => format!("view.getUint16({off}, {})", pos.le),
        4 => format!("view.getUint32({off}, {})", pos.le),
        _ => return read_call(Scalar::Bits(pos.width), off, size, path, ""),
    };
    let shift = if pos.le {
        u64::from(pos.skip)
    } else {
        8 * size - u64::from(pos.skip) - u64::from(pos.width)
    };
    let shifted = if shift == 0 {
        get
    } else {
        format!("({get} >>> {shift})")
    };
    let mask = if pos.width >= 32 {
        // `>>> 0` keeps all 32 bits unsigned.
        return format!("{shifted} >>> 0 // {path}");
    } else {
        (1u64 << pos.width) - 1
    };
    if boolean {
        format!("({shifted} & 1) === 1 // {path}")
    } else {
        format!("{shifted} & 0x{mask:x} // {path}")
    }
}

/// The WHATWG label TextDecoder knows for a Kaitai encoding name.
fn js_encoding(encoding: &str) -> String {
    match strenc::canonical_name(encoding) {
        Some("UTF-8") | None => "utf-8".into(),
        Some("ASCII") => "ascii".into(),
        Some(c) => c.to_ascii_lowercase(),
    }
}

/// Why a typed value cannot be written into a field. Nothing is written.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ValueError {
    #[error("{0}")]
    Number(String),
    #[error("'{text}' is not a label of {enum_name} (labels: {labels})")]
    NotALabel {
        text: String,
        enum_name: String,
        labels: String,
    },
    #[error("'{text}' is {got} bytes in {encoding}; the field holds {want}{note}")]
    Length {
        text: String,
        encoding: String,
        got: usize,
        want: u64,
        /// What bounds it besides the number (`, then its terminator`).
        note: &'static str,
    },
    #[error("{0}")]
    Encoding(String),
    #[error("{0} fields cannot be edited here; edit their bytes in the hex pane")]
    Unsupported(&'static str),
}

/// How a string field lies in its bytes, for writing a new value that the
/// parse reads back whole and that leaves the fields after it where they
/// are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrLayout {
    /// The field's bytes.
    pub size: u64,
    /// The field has a `size:` of its own: a shorter value ends at the
    /// terminator and is filled to the size (with `pad-right`, else the
    /// terminator).
    pub sized: bool,
    /// The byte that ends the value (`strz`: 0; `terminator:`).
    pub terminator: Option<u8>,
    /// `pad-right:`.
    pub pad: Option<u8>,
    /// The field's last byte is its terminator, read with it and not part
    /// of the value (`strz` as usual): it stays, and the value has one byte
    /// less.
    pub ends_with_terminator: bool,
}

impl StrLayout {
    /// A string of exactly `size` bytes: `str` with a size, `size-eos`.
    pub fn exact(size: u64) -> StrLayout {
        StrLayout {
            size,
            sized: false,
            terminator: None,
            pad: None,
            ends_with_terminator: false,
        }
    }
}

/// The bytes `text` becomes in a field of `scalar` type and `size` bytes:
/// a number in range for the type, written in its byte order; for an enum
/// field, a label (`truecolor` or `color_type::truecolor`) or a number. A
/// string goes through [`encode_str`], as a string of exactly `size` bytes
/// (a `strz` of `size` bytes ending in its terminator).
pub fn encode(
    scalar: Scalar,
    text: &str,
    size: u64,
    encoding: &str,
    enum_: Option<&EnumDef>,
) -> Result<Vec<u8>, ValueError> {
    match scalar {
        Scalar::Number(t) => {
            let number = label_to_number(text.trim(), enum_)?;
            t.encode_text(&number)
                .map_err(|e| ValueError::Number(e.to_string()))
        }
        Scalar::Str { zero } => {
            let layout = StrLayout {
                terminator: zero.then_some(0),
                ends_with_terminator: zero,
                ..StrLayout::exact(size)
            };
            encode_str(text, encoding, layout)
        }
        Scalar::Bits(_) => Err(ValueError::Unsupported("bit")),
        Scalar::Bytes => Err(ValueError::Unsupported("byte-array")),
    }
}

/// The bytes `text` becomes in a string field laid out as `layout`, all
/// `layout.size` of them: a terminator the field ends with stays (the value
/// has one byte less: never written over); a field of its own size takes a
/// shorter value ended by its terminator and filled; otherwise the value
/// must fill the field exactly.
pub fn encode_str(text: &str, encoding: &str, layout: StrLayout) -> Result<Vec<u8>, ValueError> {
    let mut bytes =
        strenc::encode(text, encoding).map_err(|e| ValueError::Encoding(e.to_string()))?;
    let too_long = |got: usize, want: u64, note| ValueError::Length {
        text: text.to_string(),
        encoding: encoding.to_string(),
        got,
        want,
        note,
    };
    // A terminator inside the value would end it there when read back.
    if let Some(t) = layout.terminator
        && bytes.contains(&t)
    {
        return Err(ValueError::Encoding(format!(
            "'{text}' holds the field's terminator (0x{t:02x}), which would end it there"
        )));
    }
    let got = bytes.len();
    if layout.ends_with_terminator
        && let Some(t) = layout.terminator
        && layout.size > 0
    {
        let room = layout.size - 1;
        let fits = got as u64 == room || (layout.sized && (got as u64) < room);
        if !fits {
            return Err(too_long(got, room, ", then its terminator"));
        }
        bytes.push(t);
    } else if (got as u64) < layout.size && layout.sized {
        match (layout.terminator, layout.pad) {
            (Some(t), _) => bytes.push(t),
            (None, Some(_)) => {}
            (None, None) => return Err(too_long(got, layout.size, "")),
        }
    } else if got as u64 != layout.size {
        return Err(too_long(got, layout.size, ""));
    }
    let fill = layout.pad.or(layout.terminator).unwrap_or(0);
    bytes.resize(layout.size as usize, fill);
    Ok(bytes)
}

/// `current` (the bytes a bit field lies in) with the field's bits set to
/// `text`: an unsigned number below 2^width (`0x`, `0b` as for any
/// number; `true`/`false` too for a `b1`), or a label of its enum. The
/// other bits are kept.
pub fn encode_bits(
    text: &str,
    pos: BitPos,
    enum_: Option<&EnumDef>,
    current: &[u8],
) -> Result<Vec<u8>, ValueError> {
    let width = u32::from(pos.width);
    let used = u32::from(pos.skip) + width;
    if !(1..=64).contains(&width) || current.len() as u32 * 8 < used || current.len() > 9 {
        return Err(ValueError::Unsupported("these bit"));
    }
    let t = text.trim();
    let value = match (enum_, t) {
        (None, "true") if width == 1 => 1,
        (None, "false") if width == 1 => 0,
        _ => {
            let bytes = ElemType::new(ElemKind::U64, Endian::Little)
                .encode_text(&label_to_number(t, enum_)?)
                .map_err(|e| ValueError::Number(e.to_string()))?;
            u64::from_le_bytes(bytes.try_into().expect("8 bytes"))
        }
    };
    if width < 64 && value >> width != 0 {
        return Err(ValueError::Number(format!(
            "'{t}' does not fit in {width} bits (0 to {})",
            (1u64 << width) - 1
        )));
    }
    // The bytes as one number, the first byte's bits first (big-endian
    // bit order) or last (little-endian).
    let n = current.len();
    let whole: u128 = if pos.le {
        current
            .iter()
            .enumerate()
            .fold(0, |acc, (i, &b)| acc | u128::from(b) << (8 * i))
    } else {
        current.iter().fold(0, |acc, &b| acc << 8 | u128::from(b))
    };
    let shift = if pos.le {
        u32::from(pos.skip)
    } else {
        8 * n as u32 - used
    };
    let mask = ((1u128 << width) - 1) << shift;
    let whole = (whole & !mask) | (u128::from(value) << shift);
    Ok(if pos.le {
        (0..n).map(|i| (whole >> (8 * i)) as u8).collect()
    } else {
        (0..n).map(|i| (whole >> (8 * (n - 1 - i))) as u8).collect()
    })
}

/// `text` as a number's text: for a field with an enum, a label
/// (`truecolor` or `color_type::truecolor`) becomes its value; numbers and
/// fields without an enum are left as they are.
fn label_to_number(text: &str, enum_: Option<&EnumDef>) -> Result<String, ValueError> {
    let Some(e) = enum_.filter(|_| !starts_numeric(text)) else {
        return Ok(text.to_string());
    };
    let label = text.strip_prefix(&format!("{}::", e.name)).unwrap_or(text);
    let v = e.value(label).ok_or_else(|| ValueError::NotALabel {
        text: text.to_string(),
        enum_name: e.name.clone(),
        labels: e
            .values
            .iter()
            .map(|(_, l)| l.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    Ok(v.to_string())
}

fn starts_numeric(s: &str) -> bool {
    s.trim_start_matches(['-', '+'])
        .starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use crate::core::ksy::stream::Stream;
    use proptest::prelude::*;

    /// Reads a bit field back as the parser does: `skip` bits, then the
    /// field's.
    fn read_back(bytes: &[u8], pos: BitPos) -> u64 {
        let mut s = Stream::from_vec(bytes.to_vec());
        if pos.skip > 0 {
            s.read_bits(pos.skip, pos.le).unwrap();
        }
        s.read_bits(pos.width, pos.le).unwrap()
    }

    proptest! {
        /// A value written into a bit field reads back through the
        /// parser's own bit reader, and writing the old value back gives
        /// the old bytes (no other bit moved).
        #[test]
        fn bit_fields_read_back_what_was_written(
            skip in 0u8..8,
            width in 1u8..=64,
            le in any::<bool>(),
            seed in prop::collection::vec(any::<u8>(), 9),
            value in any::<u64>(),
        ) {
            let n = (usize::from(skip) + usize::from(width)).div_ceil(8);
            let current = &seed[..n];
            let pos = BitPos { skip, width, le };
            let value = if width == 64 { value } else { value & ((1 << width) - 1) };
            let old = read_back(current, pos);
            let new = encode_bits(&value.to_string(), pos, None, current).unwrap();
            prop_assert_eq!(read_back(&new, pos), value);
            let back = encode_bits(&old.to_string(), pos, None, &new).unwrap();
            prop_assert_eq!(&back[..], current);
        }
    }

    #[test]
    fn bit_fields_read_as_a_shift_and_a_mask() {
        let be = BitPos {
            skip: 1,
            width: 3,
            le: false,
        };
        assert_eq!(
            read_bits_call(be, 10, 1, "f.res", false),
            "(view.getUint8(10) >>> 4) & 0x7 // f.res"
        );
        let first = BitPos {
            skip: 0,
            width: 1,
            le: false,
        };
        assert_eq!(
            read_bits_call(first, 10, 1, "f.has", true),
            "((view.getUint8(10) >>> 7) & 1) === 1 // f.has"
        );
        let le = BitPos {
            skip: 0,
            width: 12,
            le: true,
        };
        assert_eq!(
            read_bits_call(le, 4, 2, "d.time", false),
            "view.getUint16(4, true) & 0xfff // d.time"
        );
        let three = BitPos {
            skip: 4,
            width: 17,
            le: false,
        };
        assert!(
            read_bits_call(three, 0, 3, "x", false).starts_with("new Uint8Array(buffer, 0, 3)")
        );
    }

    #[test]
    fn bit_field_values_out_of_range_or_not_numbers_are_refused() {
        let pos = BitPos {
            skip: 1,
            width: 3,
            le: false,
        };
        // 0b1_011_0000: the field (bits 1..4 from the top) is 3.
        assert_eq!(read_back(&[0xb0], pos), 3);
        assert_eq!(encode_bits("5", pos, None, &[0xb0]).unwrap(), [0xd0]);
        assert_eq!(encode_bits("0b111", pos, None, &[0x80]).unwrap(), [0xf0]);
        assert_eq!(
            encode_bits("8", pos, None, &[0xb0])
                .unwrap_err()
                .to_string(),
            "'8' does not fit in 3 bits (0 to 7)"
        );
        assert!(encode_bits("x", pos, None, &[0xb0]).is_err());
        let flag = BitPos {
            skip: 7,
            width: 1,
            le: true,
        };
        assert_eq!(encode_bits("true", flag, None, &[0x01]).unwrap(), [0x81]);
        assert_eq!(encode_bits("false", flag, None, &[0xff]).unwrap(), [0x7f]);
    }
    use super::*;

    fn num(name: &str) -> Scalar {
        Scalar::of(name).unwrap()
    }

    #[test]
    fn type_names_give_their_dataview_calls() {
        let cases = [
            ("u1", "view.getUint8(3) // a"),
            ("s2le", "view.getInt16(3, true) // a"),
            ("u4be", "view.getUint32(3, false) // a"),
            ("f8be", "view.getFloat64(3, false) // a"),
            ("u8le", "view.getBigUint64(3, true) // a"),
            ("s8be", "view.getBigInt64(3, false) // a"),
        ];
        for (ty, want) in cases {
            assert_eq!(read_call(num(ty), 3, 0, "a", ""), want, "{ty}");
        }
        assert_eq!(
            read_call(num("str"), 16, 4, "ihdr.name", "UTF-8"),
            "new TextDecoder(\"utf-8\").decode(new Uint8Array(buffer, 16, 4)) // ihdr.name"
        );
        assert_eq!(
            read_call(num("bytes"), 0, 8, "magic", ""),
            "new Uint8Array(buffer, 0, 8) // magic"
        );
        assert_eq!(Scalar::of("u4"), None, "no byte order, no call");
        assert_eq!(Scalar::of("chunk"), None);
        assert_eq!(Scalar::of("b3"), Some(Scalar::Bits(3)));
    }

    /// What the parser reads back from each result is the value typed,
    /// and the field keeps its size (so the fields after it stay put).
    #[test]
    fn strings_keep_their_size_and_their_terminator() {
        let strz = |size, sized, last_is_nul| StrLayout {
            size,
            sized,
            terminator: Some(0),
            pad: None,
            ends_with_terminator: last_is_nul,
        };
        // `strz` read up to its NUL: the NUL stays, the text fills the rest.
        assert_eq!(
            encode_str("abc", "ASCII", strz(4, false, true)).unwrap(),
            b"abc\0"
        );
        let e = encode_str("abcd", "ASCII", strz(4, false, true)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "'abcd' is 4 bytes in ASCII; the field holds 3, then its terminator"
        );
        assert!(encode_str("ab", "ASCII", strz(4, false, true)).is_err());
        // Up to the end of the stream, with no NUL: exactly its size.
        assert_eq!(
            encode_str("abcd", "ASCII", strz(4, false, false)).unwrap(),
            b"abcd"
        );
        // `strz` with a size of its own: a shorter value, ended and filled.
        assert_eq!(
            encode_str("ab", "ASCII", strz(6, true, true)).unwrap(),
            b"ab\0\0\0\0"
        );
        assert_eq!(
            encode_str("abcdef", "ASCII", strz(6, true, false)).unwrap(),
            b"abcdef"
        );
        // `pad-right`: filled with the pad byte.
        let padded = StrLayout {
            sized: true,
            pad: Some(b' '),
            ..StrLayout::exact(6)
        };
        assert_eq!(encode_str("ab", "ASCII", padded).unwrap(), b"ab    ");
        assert!(encode_str("abcdefg", "ASCII", padded).is_err());
        // A terminator inside the value would end it early.
        let comma = StrLayout {
            terminator: Some(b','),
            ends_with_terminator: true,
            ..StrLayout::exact(4)
        };
        assert_eq!(encode_str("abc", "ASCII", comma).unwrap(), b"abc,");
        assert!(encode_str("a,b", "ASCII", comma).is_err());
        // A plain `str` of a size: exactly that many bytes.
        assert!(encode_str("ab", "ASCII", StrLayout::exact(6)).is_err());
        assert_eq!(
            encode_str("é", "UTF-8", StrLayout::exact(2)).unwrap(),
            "é".as_bytes()
        );
    }

    #[test]
    fn integers_are_range_checked_and_written_in_their_byte_order() {
        assert_eq!(
            encode(num("u4be"), "640", 4, "", None).unwrap(),
            640u32.to_be_bytes()
        );
        assert_eq!(
            encode(num("s2le"), "-2", 2, "", None).unwrap(),
            (-2i16).to_le_bytes()
        );
        assert!(encode(num("u1"), "256", 1, "", None).is_err());
        assert!(encode(num("s1"), "-129", 1, "", None).is_err());
    }

    #[test]
    fn enums_take_labels_or_numbers() {
        let e = EnumDef {
            name: "color_type".into(),
            qualified: "color_type".into(),
            owner: 0,
            values: vec![(2, "truecolor".into()), (3, "indexed".into())],
        };
        let enc = |t: &str| encode(num("u1"), t, 1, "", Some(&e));
        assert_eq!(enc("indexed").unwrap(), [3]);
        assert_eq!(enc("color_type::truecolor").unwrap(), [2]);
        assert_eq!(enc("7").unwrap(), [7]);
        let err = enc("nope").unwrap_err().to_string();
        assert!(err.contains("truecolor, indexed"), "{err}");
    }

    #[test]
    fn strings_keep_their_length() {
        assert_eq!(
            encode(num("str"), "IHDR", 4, "ASCII", None).unwrap(),
            b"IHDR"
        );
        assert!(encode(num("str"), "IHD", 4, "ASCII", None).is_err());
        assert_eq!(
            encode(num("strz"), "abc", 4, "UTF-8", None).unwrap(),
            b"abc\0"
        );
        assert_eq!(
            encode(num("str"), "é", 2, "UTF-8", None).unwrap(),
            "é".as_bytes()
        );
        assert!(encode(num("b3"), "1", 1, "", None).is_err());
    }
}
