//! The readings against independent values: Python's `datetime`, `uuid`
//! and `zipfile` (run at test time; python3 is installed by .ci/run), the
//! FILETIME pairs Microsoft documents, and the LEB128 examples of the DWARF
//! 5 standard (section 7.6, figures 22 and 23) and Wikipedia.

use std::process::Command;

use serde_json::Value as Json;

use super::*;

/// Runs a Python 3 program and parses what it prints as JSON. A missing
/// python3 fails the test: nothing is skipped.
fn python(program: &str) -> Json {
    let out = Command::new("python3")
        .arg("-c")
        .arg(program)
        .output()
        .expect("python3 runs (installed by .ci/run)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the program prints JSON")
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Python's reading of each value (or null when `datetime` cannot hold
/// it), with the bytes of each width and byte order.
const TIMES: &str = r#"
import datetime, json, random, struct
utc = datetime.timezone.utc
epoch = datetime.datetime(1970, 1, 1, tzinfo=utc)
def iso(unit, n, spec):
    try:
        d = epoch + datetime.timedelta(**{unit: n})
    except OverflowError:
        return None
    return d.replace(tzinfo=None).isoformat(timespec=spec) + "Z"
rng = random.Random(12)
secs = [0, 1, -1, 59, 86399, 951782400, 1700000000, 2**31 - 1, 2**31, 2**32 - 1,
        253402300799, 253402300800, -62135596800, -62135596801, 2**63 - 1, -2**63]
secs += [rng.randrange(-62135596800, 253402300800) for _ in range(200)]
secs += [rng.randrange(-2**63, 2**63) for _ in range(50)]
cases = []
for s in secs:
    c = {"v": str(s),
         "s": iso("seconds", s, "seconds"),
         "ms": iso("milliseconds", s, "milliseconds"),
         "le8": struct.pack("<q", s).hex(), "be8": struct.pack(">q", s).hex()}
    if 0 <= s < 2**32:
        c["le4"] = struct.pack("<I", s).hex()
        c["be4"] = struct.pack(">I", s).hex()
    cases.append(c)
print(json.dumps(cases))
"#;

#[test]
fn unix_times_agree_with_python_datetime() {
    let cases = python(TIMES);
    let mut ranged = 0;
    for c in cases.as_array().unwrap() {
        let v: i64 = c["v"].as_str().unwrap().parse().unwrap();
        let want = |key: &str| c[key].as_str().map(str::to_string);
        let s = unix_seconds(v).ok().map(|t| t.to_string());
        assert_eq!(s, want("s"), "unix seconds {v}");
        let ms = unix_millis(v).ok().map(|t| t.to_string());
        assert_eq!(ms, want("ms"), "unix millis {v}");
        if s.is_none() {
            assert_eq!(unix_seconds(v), Err(Invalid::DateOutOfRange));
        } else {
            ranged += 1;
        }
        let le8 = unhex(c["le8"].as_str().unwrap());
        let be8 = unhex(c["be8"].as_str().unwrap());
        assert_eq!(
            unix64_at(&le8, Endian::Little).ok().map(|t| t.to_string()),
            s
        );
        assert_eq!(unix64_at(&be8, Endian::Big).ok().map(|t| t.to_string()), s);
        assert_eq!(
            unix64_ms_at(&le8, Endian::Little)
                .ok()
                .map(|t| t.to_string()),
            ms
        );
        assert_eq!(
            unix64_ms_at(&be8, Endian::Big).ok().map(|t| t.to_string()),
            ms
        );
        if let Some(le4) = c["le4"].as_str() {
            let (le4, be4) = (unhex(le4), unhex(c["be4"].as_str().unwrap()));
            assert_eq!(
                unix32_at(&le4, Endian::Little).unwrap().to_string(),
                s.clone().unwrap()
            );
            assert_eq!(
                unix32_at(&be4, Endian::Big).unwrap().to_string(),
                s.clone().unwrap()
            );
            assert_eq!(
                unix32_ms_at(&le4, Endian::Little).unwrap().to_string(),
                ms.clone().unwrap()
            );
        }
    }
    assert!(ranged > 200, "most cases are dates: {ranged}");
    assert_eq!(
        unix32_at(&[1, 2, 3], Endian::Little),
        Err(Invalid::Short(4))
    );
}

#[test]
fn filetime_agrees_with_python_and_microsofts_documented_pairs() {
    // Microsoft: 116444736000000000 is 1970-01-01 (the Unix epoch); 0 is
    // 1601-01-01.
    assert_eq!(
        filetime(116_444_736_000_000_000).unwrap().to_string(),
        "1970-01-01T00:00:00.0000000Z"
    );
    assert_eq!(
        filetime(0).unwrap().to_string(),
        "1601-01-01T00:00:00.0000000Z"
    );
    let cases = python(
        r#"
import datetime, json, random, struct
rng = random.Random(13)
base = datetime.datetime(1601, 1, 1)
ticks = [1, 9, 10, 116444736000000001, 2650467743999999999, 2650467744000000000, 2**64 - 1]
ticks += [rng.randrange(0, 2650467744000000000) for _ in range(300)]
out = []
for t in ticks:
    try:
        d = base + datetime.timedelta(microseconds=t // 10)
        iso = d.isoformat(timespec="microseconds") + str(t % 10) + "Z"
    except OverflowError:
        iso = None
    out.append({"t": str(t), "le": struct.pack("<Q", t).hex(), "iso": iso})
print(json.dumps(out))
"#,
    );
    let mut dates = 0;
    for c in cases.as_array().unwrap() {
        let t: u64 = c["t"].as_str().unwrap().parse().unwrap();
        let want = c["iso"].as_str().map(str::to_string);
        let got = filetime(t).ok().map(|i| i.to_string());
        assert_eq!(got, want, "FILETIME {t}");
        let at = filetime_at(&unhex(c["le"].as_str().unwrap()));
        assert_eq!(at.ok().map(|i| i.to_string()), want);
        dates += usize::from(want.is_some());
    }
    assert!(dates > 300);
    assert_eq!(filetime(u64::MAX), Err(Invalid::DateOutOfRange));
}

#[test]
fn dos_date_time_reads_what_python_zipfile_writes() {
    // zipfile writes the DOS time then date at bytes 10..14 of a local
    // file header.
    let cases = python(
        r#"
import io, json, random, zipfile
rng = random.Random(14)
out = []
for i in range(300):
    dt = (rng.randrange(1980, 2108), rng.randrange(1, 13), rng.randrange(1, 29),
          rng.randrange(0, 24), rng.randrange(0, 60), rng.randrange(0, 60))
    if i == 0: dt = (1980, 1, 1, 0, 0, 0)
    if i == 1: dt = (2107, 12, 31, 23, 59, 59)
    if i == 2: dt = (2024, 2, 29, 12, 30, 58)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("f", date_time=dt), b"")
    raw = buf.getvalue()[10:14]
    want = "%04d-%02d-%02dT%02d:%02d:%02d" % (dt[:5] + (dt[5] - dt[5] % 2,))
    out.append({"raw": raw.hex(), "want": want})
print(json.dumps(out))
"#,
    );
    for c in cases.as_array().unwrap() {
        let raw = unhex(c["raw"].as_str().unwrap());
        assert_eq!(
            dos_at(&raw).map(|d| d.to_string()).as_deref(),
            Ok(c["want"].as_str().unwrap()),
            "{raw:02x?}"
        );
    }
    // Fields out of range say which.
    let date = |y: u16, m: u16, d: u16| ((y - 1980) << 9) | (m << 5) | d;
    let time = |h: u16, m: u16, s2: u16| (h << 11) | (m << 5) | s2;
    let ok_time = time(12, 0, 0);
    assert_eq!(
        dos_datetime(ok_time, date(2020, 0, 1)),
        Err(Invalid::DosField("month"))
    );
    assert_eq!(
        dos_datetime(ok_time, date(2020, 13, 1)),
        Err(Invalid::DosField("month"))
    );
    assert_eq!(
        dos_datetime(ok_time, date(2020, 1, 0)),
        Err(Invalid::DosField("day"))
    );
    assert_eq!(
        dos_datetime(ok_time, date(2023, 2, 29)),
        Err(Invalid::DosField("day"))
    );
    assert!(dos_datetime(ok_time, date(2024, 2, 29)).is_ok());
    assert_eq!(
        dos_datetime(ok_time, date(2020, 4, 31)),
        Err(Invalid::DosField("day"))
    );
    let ok_date = date(2020, 1, 1);
    assert_eq!(
        dos_datetime(time(24, 0, 0), ok_date),
        Err(Invalid::DosField("hour"))
    );
    assert_eq!(
        dos_datetime(time(0, 60, 0), ok_date),
        Err(Invalid::DosField("minute"))
    );
    assert_eq!(
        dos_datetime(time(0, 0, 30), ok_date),
        Err(Invalid::DosField("second"))
    );
    assert_eq!(dos_at(&[0, 0, 0x21]), Err(Invalid::Short(4)));
}

#[test]
fn guid_and_uuid_agree_with_python_uuid() {
    let cases = python(
        r#"
import json, random, uuid
rng = random.Random(15)
out = []
for i in range(200):
    b = bytes(rng.randrange(256) for _ in range(16))
    out.append({"b": b.hex(), "guid": "{" + str(uuid.UUID(bytes_le=b)) + "}",
                "uuid": str(uuid.UUID(bytes=b))})
print(json.dumps(out))
"#,
    );
    for c in cases.as_array().unwrap() {
        let b = unhex(c["b"].as_str().unwrap());
        assert_eq!(guid_mixed_endian(&b).unwrap(), c["guid"].as_str().unwrap());
        assert_eq!(uuid_rfc4122(&b).unwrap(), c["uuid"].as_str().unwrap());
    }
    assert_eq!(uuid_rfc4122(&[0; 15]), Err(Invalid::Short(16)));
    assert_eq!(guid_mixed_endian(&[0; 3]), Err(Invalid::Short(16)));
}

#[test]
fn leb128_reads_the_dwarf_and_wikipedia_examples() {
    // DWARF 5, figure 22 (unsigned) and Wikipedia's 624485.
    for (bytes, want) in [
        (&[0x02][..], 2),
        (&[0x7f], 127),
        (&[0x80, 0x01], 128),
        (&[0x81, 0x01], 129),
        (&[0x82, 0x01], 130),
        (&[0xb9, 0x64], 12857),
        (&[0xe5, 0x8e, 0x26], 624_485),
    ] {
        assert_eq!(uleb128(bytes), Ok((want, bytes.len())), "{bytes:02x?}");
    }
    // DWARF 5, figure 23 (signed) and Wikipedia's -123456.
    for (bytes, want) in [
        (&[0x02][..], 2),
        (&[0x7e], -2),
        (&[0xff, 0x00], 127),
        (&[0x81, 0x7f], -127),
        (&[0x80, 0x01], 128),
        (&[0x80, 0x7f], -128),
        (&[0x81, 0x01], 129),
        (&[0xff, 0x7e], -129),
        (&[0xc0, 0xbb, 0x78], -123_456),
    ] {
        assert_eq!(sleb128(bytes), Ok((want, bytes.len())), "{bytes:02x?}");
    }
    // Bytes after the last one are not read.
    assert_eq!(uleb128(&[0xe5, 0x8e, 0x26, 0xff, 0xff]), Ok((624_485, 3)));
}

#[test]
fn leb128_at_the_limits_and_past_them_says_so() {
    let max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    assert_eq!(uleb128(&max), Ok((u64::MAX, 10)));
    let mut over = max;
    over[9] = 0x02;
    assert_eq!(uleb128(&over), Err(Invalid::LebOverflow));
    let min = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f];
    assert_eq!(sleb128(&min), Ok((i64::MIN, 10)));
    let maxi = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00];
    assert_eq!(sleb128(&maxi), Ok((i64::MAX, 10)));
    let mut sover = maxi;
    sover[9] = 0x01;
    assert_eq!(sleb128(&sover), Err(Invalid::LebOverflow));
    let endless = [0x80; 12];
    assert_eq!(uleb128(&endless), Err(Invalid::LebTooLong));
    assert_eq!(sleb128(&endless), Err(Invalid::LebTooLong));
    assert_eq!(uleb128(&[0x80, 0x80]), Err(Invalid::LebPastEnd));
    assert_eq!(sleb128(&[]), Err(Invalid::LebPastEnd));
}

#[test]
fn leb128_decodes_what_a_python_encoder_wrote() {
    let cases = python(
        r#"
import json, random
def uleb(v):
    out = bytearray()
    while True:
        b = v & 0x7f
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v: return bytes(out)
def sleb(v):
    out = bytearray()
    while True:
        b = v & 0x7f
        v >>= 7
        done = (v == 0 and not b & 0x40) or (v == -1 and b & 0x40)
        out.append(b | (0 if done else 0x80))
        if done: return bytes(out)
rng = random.Random(16)
us = [0, 1, 2**63, 2**64 - 1] + [rng.randrange(0, 2**rng.randrange(1, 65)) for _ in range(300)]
ss = [0, -1, -2**63, 2**63 - 1] + [rng.randrange(-2**63, 2**63) >> rng.randrange(0, 64) for _ in range(300)]
print(json.dumps({"u": [[str(v), uleb(v).hex()] for v in us],
                  "s": [[str(v), sleb(v).hex()] for v in ss]}))
"#,
    );
    for pair in cases["u"].as_array().unwrap() {
        let v: u64 = pair[0].as_str().unwrap().parse().unwrap();
        let mut b = unhex(pair[1].as_str().unwrap());
        let n = b.len();
        b.extend_from_slice(&[0xaa, 0x01]);
        assert_eq!(uleb128(&b), Ok((v, n)), "uleb {v}");
    }
    for pair in cases["s"].as_array().unwrap() {
        let v: i64 = pair[0].as_str().unwrap().parse().unwrap();
        let b = unhex(pair[1].as_str().unwrap());
        assert_eq!(sleb128(&b), Ok((v, b.len())), "sleb {v}");
    }
}

#[test]
fn bits_run_from_bit_7_to_bit_0() {
    assert_eq!(
        bits(0x48),
        [false, true, false, false, true, false, false, false]
    );
    for b in 0..=255u8 {
        let folded = bits(b)
            .iter()
            .fold(0u8, |acc, &bit| (acc << 1) | u8::from(bit));
        assert_eq!(folded, b);
    }
}
