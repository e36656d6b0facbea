//! `hexbuf inspect`: the JSON object checked key by key against values
//! decoded here with `from_le_bytes` / `from_be_bytes`, and the table.

use super::*;

use std::collections::HashMap;

use serde_json::Value as Json;

/// What a type should read as, decoded independently of hexbuf.
#[derive(Debug)]
enum Expected {
    Int(i128),
    Float(f64),
}

fn arr<const N: usize>(b: &[u8]) -> [u8; N] {
    b[..N].try_into().unwrap()
}

type Decode = fn(&[u8]) -> Expected;

/// The 18 TYPEs of DESIGN.md: name, size, decoder.
const TYPES: [(&str, usize, Decode); 18] = [
    ("u8", 1, |b| Expected::Int(b[0].into())),
    ("i8", 1, |b| Expected::Int((b[0] as i8).into())),
    ("u16le", 2, |b| {
        Expected::Int(u16::from_le_bytes(arr(b)).into())
    }),
    ("u16be", 2, |b| {
        Expected::Int(u16::from_be_bytes(arr(b)).into())
    }),
    ("i16le", 2, |b| {
        Expected::Int(i16::from_le_bytes(arr(b)).into())
    }),
    ("i16be", 2, |b| {
        Expected::Int(i16::from_be_bytes(arr(b)).into())
    }),
    ("u32le", 4, |b| {
        Expected::Int(u32::from_le_bytes(arr(b)).into())
    }),
    ("u32be", 4, |b| {
        Expected::Int(u32::from_be_bytes(arr(b)).into())
    }),
    ("i32le", 4, |b| {
        Expected::Int(i32::from_le_bytes(arr(b)).into())
    }),
    ("i32be", 4, |b| {
        Expected::Int(i32::from_be_bytes(arr(b)).into())
    }),
    ("u64le", 8, |b| {
        Expected::Int(u64::from_le_bytes(arr(b)).into())
    }),
    ("u64be", 8, |b| {
        Expected::Int(u64::from_be_bytes(arr(b)).into())
    }),
    ("i64le", 8, |b| {
        Expected::Int(i64::from_le_bytes(arr(b)).into())
    }),
    ("i64be", 8, |b| {
        Expected::Int(i64::from_be_bytes(arr(b)).into())
    }),
    ("f32le", 4, |b| {
        Expected::Float(f32::from_le_bytes(arr(b)).into())
    }),
    ("f32be", 4, |b| {
        Expected::Float(f32::from_be_bytes(arr(b)).into())
    }),
    ("f64le", 8, |b| Expected::Float(f64::from_le_bytes(arr(b)))),
    ("f64be", 8, |b| Expected::Float(f64::from_be_bytes(arr(b)))),
];

/// The members of a flat JSON object as raw text (`"key": value`), to read
/// numbers with Rust's correctly rounded parser: serde_json without its
/// `float_roundtrip` feature may be one unit in the last place off.
fn raw_members(json: &str) -> HashMap<String, String> {
    let body = json
        .trim()
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .expect("one JSON object");
    body.split(',')
        .map(|m| {
            let (k, v) = m.split_once(':').expect("key: value");
            (k.trim().trim_matches('"').to_string(), v.trim().to_string())
        })
        .collect()
}

fn inspect_json(path: &Path, offset: usize) -> String {
    let out = hexbuf(["inspect", arg(path), "--at", &offset.to_string(), "--json"]).ok();
    assert!(
        out.ends_with('\n') && out.matches('\n').count() == 1,
        "one line: {out:?}"
    );
    out
}

/// Checks `inspect --json` at `offset` against `bytes`, every key.
#[track_caller]
fn check_json(bytes: &[u8], offset: usize, out: &str) {
    check_json_here(&bytes[offset..], offset as u64, out);
}

/// Checks `inspect --json` against `here`, the bytes from `offset` to the
/// end of the file.
#[track_caller]
fn check_json_here(here: &[u8], offset: u64, out: &str) {
    let json: Json = serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let obj = json.as_object().expect("a JSON object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want: Vec<&str> = TYPES
        .iter()
        .map(|t| t.0)
        .chain(["offset", "binary"])
        .collect();
    want.sort_unstable();
    assert_eq!(keys, want, "the keys at {offset}");
    assert_eq!(obj["offset"].as_u64(), Some(offset), "{out}");
    assert_eq!(obj["binary"], format!("{:08b}", here[0]), "{out}");
    let raw = raw_members(out);
    for (name, size, decode) in TYPES {
        let got = &obj[name];
        let ctx = format!(
            "{name} at {offset} (bytes {:02x?}): {out}",
            &here[..here.len().min(size)]
        );
        if here.len() < size {
            assert!(got.is_null(), "past the end must be null: {ctx}");
            continue;
        }
        match decode(here) {
            Expected::Int(v) => {
                assert_eq!(raw[name], v.to_string(), "a JSON integer: {ctx}");
                let parsed = got
                    .as_i64()
                    .map(i128::from)
                    .or(got.as_u64().map(i128::from));
                assert_eq!(parsed, Some(v), "{ctx}");
            }
            Expected::Float(v) if v.is_nan() => assert_eq!(got, "NaN", "{ctx}"),
            Expected::Float(v) if v.is_infinite() => {
                assert_eq!(got, if v > 0.0 { "inf" } else { "-inf" }, "{ctx}")
            }
            Expected::Float(v) => {
                assert!(got.is_number(), "a finite float is a JSON number: {ctx}");
                let exact: f64 = raw[name].parse().unwrap();
                assert_eq!(exact.to_bits(), v.to_bits(), "exactly {v:e}: {ctx}");
                let approx = got.as_f64().unwrap();
                assert!(
                    approx == v || (approx - v).abs() <= v.abs() * 4.0 * f64::EPSILON,
                    "{ctx}"
                );
            }
        }
    }
}

mod json {
    use super::*;

    #[test]
    fn json_matches_independent_decoding_across_a_real_elf_file() {
        let (path, bytes) = real_binary();
        let len = bytes.len();
        // The ELF header byte by byte, a spread through the file, and every
        // offset near the end where wide types run out.
        let offsets = (0..72)
            .chain((72..len).step_by(len / 150))
            .chain(len - 9..len);
        let mut n = 0;
        for offset in offsets {
            check_json(&bytes, offset, &inspect_json(&path, offset));
            n += 1;
        }
        assert!(n > 200);
    }

    #[test]
    fn json_floats_cover_nan_infinities_zeros_and_subnormals() {
        let mut bytes = Vec::new();
        for v in [
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            -0.0,
            f32::from_bits(1),
            f32::MAX,
            0.1,
            -1.5,
        ] {
            bytes.extend_from_slice(&v.to_le_bytes());
            bytes.extend_from_slice(&v.to_be_bytes());
        }
        for v in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            f64::from_bits(1),
            f64::MIN,
            0.1,
            1e300,
        ] {
            bytes.extend_from_slice(&v.to_le_bytes());
            bytes.extend_from_slice(&v.to_be_bytes());
        }
        // A NaN with a payload and the sign bit set is still "NaN".
        bytes.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        let (_dir, path) = file_with(&bytes);
        let mut named = HashMap::<&str, usize>::new();
        for offset in (0..bytes.len()).step_by(4) {
            let out = inspect_json(&path, offset);
            for s in ["\"NaN\"", "\"inf\"", "\"-inf\""] {
                *named.entry(s).or_default() += out.matches(s).count();
            }
            check_json(&bytes, offset, &out);
        }
        // The file did exercise every named non-finite value.
        assert!(named.values().all(|&n| n > 0), "{named:?}");
    }

    #[test]
    fn json_has_nulls_for_every_type_wider_than_the_last_byte() {
        let (_dir, path) = file_with(&[0x80]);
        let out = inspect_json(&path, 0);
        let json: Json = serde_json::from_str(&out).unwrap();
        assert_eq!(json["u8"], 128);
        assert_eq!(json["i8"], -128);
        assert_eq!(json["binary"], "10000000");
        for (name, size, _) in TYPES {
            if size > 1 {
                assert!(json[name].is_null(), "{name}: {out}");
            }
        }
    }

    #[test]
    fn json_offsets_past_4_gib_read_the_right_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sparse.bin");
        let at = (1u64 << 32) - 3;
        let tail = *b"\x01\x02\x03\x04\x05\x06\x07\x08\x09";
        let file = fs::File::create(&path).unwrap();
        file.set_len(at + tail.len() as u64).unwrap();
        std::os::unix::fs::FileExt::write_all_at(&file, &tail, at).unwrap();
        for k in 0..tail.len() {
            let offset = at + k as u64;
            let out = hexbuf(["inspect", arg(&path), "--at", &offset.to_string(), "--json"]).ok();
            check_json_here(&tail[k..], offset, &out);
        }
    }

    #[test]
    fn json_integers_reach_the_extremes_of_64_bits() {
        let mut bytes = vec![0xff; 8];
        bytes.extend_from_slice(&i64::MIN.to_le_bytes());
        bytes.extend_from_slice(&i64::MIN.to_be_bytes());
        let (_dir, path) = file_with(&bytes);
        let out = inspect_json(&path, 0);
        assert!(out.contains("\"u64le\":18446744073709551615"), "{out}");
        for offset in [0, 8, 16] {
            check_json(&bytes, offset, &inspect_json(&path, offset));
        }
    }
}

mod table {
    use super::*;

    #[test]
    fn table_shows_both_byte_orders() {
        let bytes = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08];
        let (_dir, path) = file_with(&bytes);
        let out = hexbuf(["inspect", arg(&path), "--at", "0"]).ok();
        assert!(
            serde_json::from_str::<Json>(&out).is_err(),
            "a table, not JSON"
        );
        assert!(
            out.contains("little-endian") && out.contains("big-endian"),
            "{out}"
        );
        for v in [
            u16::from_le_bytes(arr(&bytes)).to_string(),
            u16::from_be_bytes(arr(&bytes)).to_string(),
            u32::from_le_bytes(arr(&bytes)).to_string(),
            u32::from_be_bytes(arr(&bytes)).to_string(),
            u64::from_le_bytes(arr(&bytes)).to_string(),
            u64::from_be_bytes(arr(&bytes)).to_string(),
        ] {
            assert!(out.contains(&v), "{v} in:\n{out}");
        }
    }

    #[test]
    fn table_names_the_offset_and_the_byte() {
        let (_dir, path) = file_with(b"xyzRobin");
        let out = hexbuf(["inspect", arg(&path), "--at", "0x3"]).ok();
        assert!(out.contains("0x3"), "{out}");
        assert!(
            out.contains("0x52") && out.contains("82") && out.contains("01010010"),
            "{out}"
        );
    }
}

mod decodings {
    use super::*;

    /// Python's readings of 16 bytes (datetime, uuid), by table line; None
    /// where `datetime` has no such date.
    fn python(bytes: &[u8]) -> Json {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let program = r#"
import datetime, json, struct, sys, uuid
b = bytes.fromhex(sys.argv[1])
epoch = datetime.datetime(1970, 1, 1)
def iso(unit, n, spec):
    try:
        return (epoch + datetime.timedelta(**{unit: n})).isoformat(timespec=spec) + "Z"
    except OverflowError:
        return None
out = {}
for name, fmt, unit, spec in [("unix32", "I", "seconds", "seconds"),
                              ("unix32 ms", "I", "milliseconds", "milliseconds"),
                              ("unix64", "q", "seconds", "seconds"),
                              ("unix64 ms", "q", "milliseconds", "milliseconds")]:
    n = struct.calcsize(fmt)
    out[name] = [iso(unit, struct.unpack("<" + fmt, b[:n])[0], spec),
                 iso(unit, struct.unpack(">" + fmt, b[:n])[0], spec)]
out["GUID"] = "{" + str(uuid.UUID(bytes_le=b[:16])) + "}"
out["UUID"] = str(uuid.UUID(bytes=b[:16]))
print(json.dumps(out))
"#;
        let out = tool("python3", ["-c", program, &hex]);
        assert!(out.status.success(), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// The words after `name` on its line of the table.
    fn line<'a>(table: &'a str, name: &str) -> Vec<&'a str> {
        let line = table
            .lines()
            .find(|l| l.starts_with(&format!("{name:<18}")))
            .unwrap_or_else(|| panic!("no {name} line:\n{table}"));
        line[18..].split_whitespace().collect()
    }

    #[test]
    fn table_reads_dates_guids_and_leb128_as_python_and_dwarf_do() {
        let mut bytes = vec![0xe5, 0x8e, 0x26, 0x65, 0x00, 0x00, 0x00, 0x00];
        bytes.extend_from_slice(&random_bytes(8, 31));
        let (_dir, path) = file_with(&bytes);
        let table = hexbuf(["inspect", arg(&path), "--at", "0"]).ok();
        let want = python(&bytes);
        for name in ["unix32", "unix32 ms", "unix64", "unix64 ms"] {
            let got = line(&table, name);
            for (i, w) in want[name].as_array().unwrap().iter().enumerate() {
                match w.as_str() {
                    Some(date) => assert_eq!(got[i], date, "{name}:\n{table}"),
                    None => assert!(line(&table, name).join(" ").contains("outside")),
                }
            }
        }
        assert_eq!(line(&table, "GUID"), [want["GUID"].as_str().unwrap()]);
        assert_eq!(line(&table, "UUID"), [want["UUID"].as_str().unwrap()]);
        // Wikipedia: e5 8e 26 is 624485.
        assert_eq!(line(&table, "uLEB128"), ["624485", "(3", "bytes)"]);
        assert_eq!(
            line(&table, "bits 7‥0"),
            ["1", "1", "1", "0", "0", "1", "0", "1"]
        );
    }

    #[test]
    fn table_says_why_a_reading_has_no_value_near_the_end() {
        let (_dir, path) = file_with(&[0x00, 0x80, 0x80]);
        let table = hexbuf(["inspect", arg(&path), "--at", "1"]).ok();
        assert_eq!(line(&table, "uLEB128").join(" "), "(runs past the end)");
        assert_eq!(line(&table, "GUID").join(" "), "(needs 16 bytes)");
        assert_eq!(
            line(&table, "unix32").join(" "),
            "(needs 4 bytes) (needs 4 bytes)"
        );
    }
}
