//! Items 1 and 2: the explain panel against the rules themselves — IEEE 754
//! as node's DataView reads the bytes, UTF-8 as python's strict decoder
//! does. Each is skipped (with a line) where the tool is not installed.

use std::io::Write;
use std::process::{Command, Stdio};

use hexbuf::core::encoding::TextEncoding;
use hexbuf::core::explain::{explain_element, explain_text};
use hexbuf::core::typed::ElemType;

/// Runs `program` with `script` on stdin; its stdout, or `None` when it is
/// not installed.
fn run(program: &str, args: &[&str], script: &str) -> Option<String> {
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("{program} is not installed: this oracle is not run");
            return None;
        }
        Err(e) => panic!("{program}: {e}"),
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// Float bit patterns: zeros, subnormals, the normal edges, specials.
fn float_cases() -> Vec<(&'static str, Vec<u8>)> {
    let mut cases = Vec::new();
    for bits in [
        0u32,
        0x8000_0000,
        1,
        0x8000_0001,
        0x007f_ffff,
        0x0040_0000,
        0x0080_0000,
        0x3fc0_0000,
        0xc020_0000,
        0x7f7f_ffff,
        0x7f80_0000,
        0xff80_0000,
        0x7fc0_0000,
        0x7f80_0001,
    ] {
        cases.push(("f32le", bits.to_le_bytes().to_vec()));
        cases.push(("f32be", bits.to_be_bytes().to_vec()));
    }
    for bits in [
        0u64,
        0x8000_0000_0000_0000,
        1,
        0x000f_ffff_ffff_ffff,
        0x8008_0000_0000_0000,
        0x0010_0000_0000_0000,
        0x3ff8_0000_0000_0000,
        0x7ff0_0000_0000_0000,
        0x7ff8_0000_0000_0000,
    ] {
        cases.push(("f64le", bits.to_le_bytes().to_vec()));
        cases.push(("f64be", bits.to_be_bytes().to_vec()));
    }
    cases
}

/// What the explanation says, as a JS call `check(...)` that node tests.
fn float_claim(name: &str, raw: &[u8]) -> String {
    let text = explain_element(ElemType::parse(name).unwrap(), 0, raw);
    let formula = text[3].trim();
    let reading = &text[2];
    let f64 = name.starts_with("f64");
    let little = name.ends_with("le");
    let list: Vec<String> = raw.iter().map(|b| b.to_string()).collect();
    let head = format!("[{}], {f64}, {little}", list.join(","));
    let kind = if formula.contains("NaN") {
        "nan".to_string()
    } else if formula.contains("Infinity") {
        format!(
            "inf\", \"{}",
            if formula.contains("-Infinity") {
                "-"
            } else {
                "+"
            }
        )
    } else if formula.starts_with("+0:") || formula.starts_with("-0:") {
        assert!(reading.contains("zero, not a subnormal"), "{text:?}");
        format!("zero\", \"{}", &formula[..1])
    } else {
        // "+M × 2^(E - B) = +M × 2^e = value"
        let tail = formula.split(" = ").skip(1).collect::<Vec<_>>();
        let (m, e) = tail[0].split_once(" × 2^").expect("a formula");
        let sub = if reading.contains("subnormal") {
            assert!(reading.contains("mantissa 0."), "{text:?}");
            "subnormal"
        } else {
            assert!(reading.contains("mantissa 1."), "{text:?}");
            "normal"
        };
        format!("{sub}\", \"{}\", {}, {e}, \"{}", &m[..1], &m[1..], tail[1])
    };
    format!("check({head}, \"{kind}\");")
}

const FLOAT_CHECK: &str = r#"
let bad = [];
function check(bytes, f64, little, kind, sign, m, e, shown) {
  const v = new DataView(Uint8Array.from(bytes).buffer);
  const x = f64 ? v.getFloat64(0, little) : v.getFloat32(0, little);
  const minNormal = f64 ? 2 ** -1022 : 2 ** -126;
  const ok = {
    nan: () => Number.isNaN(x),
    inf: () => x === (sign === '-' ? -Infinity : Infinity),
    zero: () => x === 0 && Object.is(x, -0) === (sign === '-'),
    subnormal: () => x !== 0 && Math.abs(x) < minNormal && (sign === '-' ? -1 : 1) * m * 2 ** e === x && String(x) === shown,
    normal: () => Math.abs(x) >= minNormal && (sign === '-' ? -1 : 1) * m * 2 ** e === x && String(x) === shown,
  }[kind]();
  if (!ok) bad.push(JSON.stringify([bytes, f64, little, kind, sign, m, e, shown, x]));
}
"#;

#[test]
fn float_explanations_agree_with_ieee_754_as_node_reads_the_bytes() {
    let mut script = FLOAT_CHECK.to_string();
    for (name, raw) in float_cases() {
        script.push_str(&float_claim(name, &raw));
        script.push('\n');
    }
    script.push_str("console.log(bad.join('\\n'));\n");
    if let Some(out) = run("node", &[], &script) {
        assert_eq!(out.trim(), "", "explanations node disagrees with");
    }
}

/// What python's strict decoder says of `bytes` at 0: `ok`, or its reason.
const UTF8_CHECK: &str = r#"
import sys, json
for line in sys.stdin:
    b = bytes(json.loads(line))
    try:
        b[:1 if b[0] < 0x80 else len(b)].decode('utf-8')
        print('ok')
    except UnicodeDecodeError as e:
        print(e.reason if e.start == 0 else 'ok')
"#;

#[test]
fn utf8_explanations_give_the_reason_pythons_decoder_gives() {
    let mut seqs: Vec<Vec<u8>> = Vec::new();
    for lead in 0x80..=0xffu8 {
        for second in [
            None,
            Some(0x41),
            Some(0x80),
            Some(0x8f),
            Some(0x90),
            Some(0x9f),
            Some(0xa0),
            Some(0xbf),
            Some(0xc0),
        ] {
            for rest in [&[][..], &[0x80], &[0x80, 0x80], &[0x41, 0x80]] {
                let mut s = vec![lead];
                if let Some(b) = second {
                    s.push(b);
                    s.extend_from_slice(rest);
                } else if !rest.is_empty() {
                    continue;
                }
                seqs.push(s);
            }
        }
    }
    // The decoder reads a character's bytes only: cut each to its length.
    let input: String = seqs.iter().map(|s| format!("{s:?}\n")).collect();
    let Some(out) = run("python3", &["-c", UTF8_CHECK], &input) else {
        return;
    };
    let mut wrong = Vec::new();
    for (seq, reason) in seqs.iter().zip(out.lines()) {
        let text = explain_text(TextEncoding::Utf8, 0, seq, 0).join(" ");
        let agrees = match reason {
            "ok" => text.contains("→ U+"),
            "invalid start byte" => {
                text.contains("no lead byte")
                    || text.contains("C0 and C1 never appear")
                    || text.contains("F5–FF never appear")
            }
            "invalid continuation byte" => {
                text.contains("is not a continuation byte 10xxxxxx")
                    || text.contains("overlong")
                    || text.contains("surrogates")
                    || text.contains("above U+10FFFF")
            }
            "unexpected end of data" => text.contains("the file ends"),
            other => panic!("python said {other}"),
        };
        // The generic rule the issue found repeated must never come back.
        if !agrees || text.contains("a lead byte is 110xxxxx") {
            wrong.push(format!("{seq:02x?}: python '{reason}', hexbuf '{text}'"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
