//! `hexbuf inspect`: every reading of the bytes at an offset, as a table for
//! people or one JSON object for programs.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;
use serde_json::{Map, Number, Value as Json};

use super::args::InspectArgs;
use super::{check_offset, open_input};
use crate::core::class::ByteClass;
use crate::core::inspect::{self, Invalid};
use crate::core::text::{Utf8At, utf8_at};
use crate::core::typed::{ElemKind, ElemType, Endian, Value};

pub fn run(args: &InspectArgs) -> Result<ExitCode> {
    let source = open_input(&args.file)?;
    let len = source.len();
    check_offset(&args.file, args.at, len)?;
    // Every reading needs at most 8 bytes (a UTF-8 character 4).
    let here = source.slice(args.at..args.at.saturating_add(16));
    let text = if args.json {
        let mut s = serde_json::to_string(&inspect_json(args.at, &here))?;
        s.push('\n');
        s
    } else {
        inspect_table(args.at, len, &here)
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// A decoded value as JSON: integers as integers, finite floats as
/// numbers, and the strings "NaN", "inf", "-inf" otherwise.
pub fn value_json(value: Value) -> Json {
    match value {
        Value::Unsigned(v) => Json::from(v),
        Value::Signed(v) => Json::from(v),
        Value::Float(v) => match Number::from_f64(v) {
            Some(n) => Json::Number(n),
            None if v.is_nan() => Json::from("NaN"),
            None if v > 0.0 => Json::from("inf"),
            None => Json::from("-inf"),
        },
    }
}

/// The object of `inspect --json`: `offset`, one key per type (null where
/// the bytes run out), and `binary`.
pub fn inspect_json(offset: u64, here: &[u8]) -> Json {
    let mut map = Map::new();
    map.insert("offset".into(), Json::from(offset));
    for ty in ElemType::all_named() {
        let v = ty.decode(here).map_or(Json::Null, value_json);
        map.insert(ty.name(), v);
    }
    map.insert("binary".into(), Json::from(format!("{:08b}", here[0])));
    Json::Object(map)
}

/// The readable table of `inspect`.
pub fn inspect_table(offset: u64, len: u64, here: &[u8]) -> String {
    let b = here[0];
    let mut out = String::new();
    out += &format!("offset   0x{offset:x} ({offset}) of {len} bytes\n");
    out += &format!(
        "byte     0x{b:02x} = {b} = 0o{b:03o} = 0b{b:08b} ({})\n",
        ByteClass::of(b).name()
    );
    out += &format!("utf-8    {}\n\n", describe_utf8(here));
    out += &format!(
        "{:<7}{:<11}{:<26}{}\n",
        "type", "", "little-endian", "big-endian"
    );
    for kind in ElemKind::ALL {
        let show = |endian| {
            ElemType::new(kind, endian)
                .decode(here)
                .map_or_else(|| "(past the end)".to_string(), |v| v.to_string())
        };
        let big = if kind.size() == 1 {
            String::new()
        } else {
            show(Endian::Big)
        };
        out += &format!(
            "{:<7}{:<11}{:<26}{}\n",
            kind.short_name(),
            kind.js_name(),
            show(Endian::Little),
            big
        );
    }
    out.push('\n');
    out += &decodings_table(here);
    out
}

/// The dates, GUIDs, LEB128 and bits of the table: each a value or why
/// there is none.
fn decodings_table(here: &[u8]) -> String {
    fn text<T: ToString>(r: Result<T, Invalid>) -> String {
        r.map_or_else(|e| format!("({e})"), |v| v.to_string())
    }
    let both = |f: fn(&[u8], Endian) -> Result<inspect::Instant, Invalid>| {
        format!(
            "{:<26} {}",
            text(f(here, Endian::Little)),
            text(f(here, Endian::Big))
        )
    };
    let leb = |r: Result<(String, usize), Invalid>| {
        text(r.map(|(v, n)| format!("{v} ({n} byte{})", if n == 1 { "" } else { "s" })))
    };
    let bits: Vec<&str> = inspect::bits(here[0])
        .iter()
        .map(|&b| if b { "1" } else { "0" })
        .collect();
    let lines = [
        ("unix32", both(inspect::unix32_at)),
        ("unix32 ms", both(inspect::unix32_ms_at)),
        ("unix64", both(inspect::unix64_at)),
        ("unix64 ms", both(inspect::unix64_ms_at)),
        ("FILETIME", text(inspect::filetime_at(here))),
        ("DOS", text(inspect::dos_at(here))),
        (
            "uLEB128",
            leb(inspect::uleb128(here).map(|(v, n)| (v.to_string(), n))),
        ),
        (
            "sLEB128",
            leb(inspect::sleb128(here).map(|(v, n)| (v.to_string(), n))),
        ),
        ("bits 7‥0", bits.join(" ")),
        ("GUID", text(inspect::guid_mixed_endian(here))),
        ("UUID", text(inspect::uuid_rfc4122(here))),
    ];
    let mut out = String::new();
    for (name, value) in lines {
        out += &format!("{name:<18}{value}\n");
    }
    out
}

fn describe_utf8(here: &[u8]) -> String {
    match utf8_at(here) {
        Utf8At::Char { ch, len } if ch.is_control() => {
            format!(
                "U+{:04X} (a control character, {len} byte{})",
                ch as u32,
                if len == 1 { "" } else { "s" }
            )
        }
        Utf8At::Char { ch, len } => {
            format!(
                "'{ch}' U+{:04X} ({len} byte{})",
                ch as u32,
                if len == 1 { "" } else { "s" }
            )
        }
        other => other.explain(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_every_type_and_nulls_past_the_end() {
        let j = inspect_json(3, &[0xff, 0xff]);
        assert_eq!(j["offset"], 3);
        assert_eq!(j["u8"], 255);
        assert_eq!(j["i8"], -1);
        assert_eq!(j["i16le"], -1);
        assert_eq!(j["u16be"], 65535);
        assert_eq!(j["u32le"], Json::Null);
        assert_eq!(j["f64be"], Json::Null);
        assert_eq!(j["binary"], "11111111");
        assert_eq!(j.as_object().unwrap().len(), 20);
    }

    #[test]
    fn json_floats_are_numbers_or_named_strings() {
        let j = inspect_json(0, &[0, 0, 0xc0, 0x7f, 0, 0, 0x80, 0x7f]);
        assert_eq!(j["f32le"], "NaN");
        let j = inspect_json(0, &[0, 0, 0x80, 0x7f]);
        assert_eq!(j["f32le"], "inf");
        let j = inspect_json(0, &[0, 0, 0x80, 0xff]);
        assert_eq!(j["f32le"], "-inf");
        let j = inspect_json(0, &[0, 0, 0xc0, 0x3f]);
        assert_eq!(j["f32le"], 1.5);
    }

    #[test]
    fn table_shows_both_byte_orders() {
        let t = inspect_table(0, 2, &[1, 2]);
        assert!(t.contains("u16    Uint16     513"), "{t}");
        assert!(t.contains("258"), "{t}");
        assert!(t.contains("0b00000001"));
    }
}
