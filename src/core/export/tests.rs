//! Each copy format read back by the tool it is for (python3, cc, rustc,
//! node, base64, xxd), and by small parsers here for random bytes.

use std::io::Write as _;
use std::process::{Command, Stdio};

use proptest::prelude::*;

use super::*;

const DEADBEEF: &[u8] = &[0xde, 0xad, 0xbe, 0xef];

/// Inputs that exercise every escape, quoting choice and line wrap.
fn samples() -> Vec<Vec<u8>> {
    let mut random = Vec::new();
    let mut x: u32 = 0x1234_5678;
    for _ in 0..1_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        random.push(x as u8);
    }
    vec![
        Vec::new(),
        DEADBEEF.to_vec(),
        (0..=255).collect(),
        b"it's".to_vec(),
        b"say \"hi\"".to_vec(),
        b"'\"\\".to_vec(),
        b"\t\n\r\x0b\x0c\x00\x7f\x80 ~".to_vec(),
        b"exactly 12 b".to_vec(),
        b"thirteen byte".to_vec(),
        random,
    ]
}

fn plain_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs `program` with `stdin`; its standard output, or a panic naming it.
fn run_bytes(program: &str, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn run(program: &str, args: &[&str], stdin: &[u8]) -> String {
    String::from_utf8(run_bytes(program, args, stdin)).unwrap()
}

/// The hex of each sample, one a line: what the tool programs print.
fn expected_lines() -> String {
    samples().iter().map(|s| plain_hex(s) + "\n").collect()
}

/// The bytes of every `0xNN` item in an array literal, and the length it
/// declares (`[4]`, `[u8; 4]`), if any.
fn parse_array(literal: &str) -> (Vec<u8>, Option<usize>) {
    let bytes = literal
        .match_indices("0x")
        .map(|(i, _)| u8::from_str_radix(&literal[i + 2..i + 4], 16).unwrap())
        .collect();
    let declared = literal
        .split_once('[')
        .map(|(_, rest)| rest.trim_start_matches("u8; "))
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse().ok());
    (bytes, declared)
}

/// Reads a Python bytes literal as `python_repr` writes it.
fn parse_python_bytes(literal: &str) -> Vec<u8> {
    let quote = literal.as_bytes()[1];
    let body = &literal.as_bytes()[2..literal.len() - 1];
    assert_eq!(literal.as_bytes()[0], b'b');
    assert_eq!(*literal.as_bytes().last().unwrap(), quote);
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            assert_ne!(body[i], quote, "unescaped quote in {literal}");
            out.push(body[i]);
            i += 1;
            continue;
        }
        match body[i + 1] {
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'x' => {
                let hex = std::str::from_utf8(&body[i + 2..i + 4]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            c => out.push(c),
        }
        i += 2;
    }
    out
}

#[test]
fn writes_deadbeef_in_every_form() {
    let expect = [
        (CopyFormat::Hex, "de ad be ef"),
        (
            CopyFormat::CArray,
            "unsigned char data[4] = { 0xde, 0xad, 0xbe, 0xef };",
        ),
        (
            CopyFormat::RustArray,
            "let data: [u8; 4] = [0xde, 0xad, 0xbe, 0xef];",
        ),
        (
            CopyFormat::JsUint8Array,
            "new Uint8Array([0xde, 0xad, 0xbe, 0xef])",
        ),
        (CopyFormat::PythonBytes, r"b'\xde\xad\xbe\xef'"),
        (CopyFormat::Base64, "3q2+7w=="),
        // DE AD is U+07AD; BE is a stray continuation byte, EF a cut-off lead.
        (CopyFormat::Text, "\u{7ad}\u{fffd}\u{fffd}"),
    ];
    for (fmt, want) in expect {
        assert_eq!(format(DEADBEEF, fmt), want, "{}", fmt.name());
    }
}

#[test]
fn text_keeps_valid_utf8_and_replaces_each_invalid_sequence() {
    let valid = "héllo ✓\0\t\u{1f600}";
    assert_eq!(format(valid.as_bytes(), CopyFormat::Text), valid);
    let mixed = b"ok\xffh\xc3\xa9\xe2\x82";
    assert_eq!(format(mixed, CopyFormat::Text), "ok\u{fffd}h\u{e9}\u{fffd}");
}

#[test]
fn long_arrays_put_twelve_bytes_a_line() {
    let bytes: Vec<u8> = (0..13).collect();
    assert_eq!(
        format(&bytes, CopyFormat::CArray),
        "unsigned char data[13] = {\n    \
         0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,\n    \
         0x0c,\n};"
    );
    assert_eq!(
        format(&bytes[..2], CopyFormat::JsUint8Array),
        "new Uint8Array([0x00, 0x01])"
    );
    let js = format(&bytes, CopyFormat::JsUint8Array);
    assert!(js.starts_with("new Uint8Array([\n    0x00,") && js.ends_with("0x0c,\n])"));
}

#[test]
fn empty_bytes_give_empty_literals() {
    let expect = [
        (CopyFormat::Hex, ""),
        (CopyFormat::Text, ""),
        (CopyFormat::CArray, "unsigned char data[0] = {};"),
        (CopyFormat::RustArray, "let data: [u8; 0] = [];"),
        (CopyFormat::JsUint8Array, "new Uint8Array([])"),
        (CopyFormat::PythonBytes, "b''"),
        (CopyFormat::Base64, ""),
    ];
    for (fmt, want) in expect {
        assert_eq!(format(&[], fmt), want, "{}", fmt.name());
    }
}

#[test]
fn python_bytes_quote_like_python() {
    assert_eq!(format(b"it's", CopyFormat::PythonBytes), r#"b"it's""#);
    assert_eq!(format(b"'\"", CopyFormat::PythonBytes), r#"b'\'"'"#);
    assert_eq!(format(b"a\\b", CopyFormat::PythonBytes), r"b'a\\b'");
}

#[test]
fn python_bytes_evaluate_to_the_bytes_and_equal_python_repr() {
    let mut script = String::new();
    for s in samples() {
        let literal = format(&s, CopyFormat::PythonBytes);
        script += &format!("print(({literal}).hex())\n");
        script += &format!(
            "assert repr(bytes.fromhex('{}')) == {literal:?}\n",
            plain_hex(&s)
        );
    }
    assert_eq!(run("python3", &["-"], script.as_bytes()), expected_lines());
}

#[test]
fn c_arrays_compile_to_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("show");
    let mut program = String::from(
        "#include <stdio.h>\n\
         static void show(const unsigned char *p, size_t n) {\n\
         for (size_t i = 0; i < n; i++) printf(\"%02x\", p[i]);\n\
         printf(\"\\n\");\n}\nint main(void) {\n",
    );
    for s in samples() {
        program += &format!(
            "{{ {} show(data, sizeof data); }}\n",
            format(&s, CopyFormat::CArray)
        );
    }
    program += "return 0;\n}\n";
    let exe_arg = exe.to_str().unwrap();
    run(
        "cc",
        &["-Wall", "-Werror", "-x", "c", "-", "-o", exe_arg],
        program.as_bytes(),
    );
    assert_eq!(run(exe_arg, &[], b""), expected_lines());
}

#[test]
fn rust_arrays_compile_to_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("show");
    let mut program = String::from("fn main() {\n");
    for s in samples() {
        let literal = format(&s, CopyFormat::RustArray);
        program +=
            &format!("{{ {literal} for b in data {{ print!(\"{{b:02x}}\"); }} println!(); }}\n");
    }
    program += "}\n";
    let exe_arg = exe.to_str().unwrap();
    run(
        "rustc",
        &["--edition", "2021", "-o", exe_arg, "-"],
        program.as_bytes(),
    );
    assert_eq!(run(exe_arg, &[], b""), expected_lines());
}

#[test]
fn js_uint8_arrays_evaluate_to_the_bytes() {
    let mut script = String::new();
    for s in samples() {
        let literal = format(&s, CopyFormat::JsUint8Array);
        script += &format!("console.log(Buffer.from({literal}).toString('hex'));\n");
    }
    assert_eq!(run("node", &[], script.as_bytes()), expected_lines());
}

#[test]
fn base64_decodes_with_coreutils_base64() {
    for s in samples() {
        let encoded = format(&s, CopyFormat::Base64);
        let decoded = run_bytes("base64", &["-d"], encoded.as_bytes());
        assert_eq!(decoded, s, "{encoded}");
    }
}

#[test]
fn hex_reverts_with_xxd() {
    for s in samples() {
        let hex = format(&s, CopyFormat::Hex);
        assert_eq!(run_bytes("xxd", &["-r", "-p"], hex.as_bytes()), s, "{hex}");
    }
}

#[test]
fn names_every_format() {
    let names: Vec<_> = CopyFormat::ALL.iter().map(|f| f.name()).collect();
    assert_eq!(
        names,
        [
            "Hex",
            "Text",
            "C array",
            "Rust array",
            "JS Uint8Array",
            "Python bytes",
            "Base64"
        ]
    );
}

proptest! {
    #[test]
    fn hex_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let hex = format(&bytes, CopyFormat::Hex);
        let back: Vec<u8> = hex
            .split(' ')
            .filter(|p| !p.is_empty())
            .map(|p| u8::from_str_radix(p, 16).unwrap())
            .collect();
        prop_assert_eq!(back, bytes);
    }

    #[test]
    fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let encoded = format(&bytes, CopyFormat::Base64);
        prop_assert_eq!(encoded.len() % 4, 0);
        prop_assert_eq!(STANDARD.decode(&encoded).unwrap(), bytes);
    }

    #[test]
    fn python_bytes_round_trip_and_stay_printable_ascii(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let literal = format(&bytes, CopyFormat::PythonBytes);
        prop_assert!(literal.bytes().all(|b| (0x20..0x7f).contains(&b)));
        prop_assert_eq!(parse_python_bytes(&literal), bytes);
    }

    #[test]
    fn array_literals_hold_the_bytes_and_their_count(
        bytes in proptest::collection::vec(any::<u8>(), 0..100),
    ) {
        for fmt in [CopyFormat::CArray, CopyFormat::RustArray, CopyFormat::JsUint8Array] {
            let (back, declared) = parse_array(&format(&bytes, fmt));
            prop_assert_eq!(&back, &bytes);
            if fmt != CopyFormat::JsUint8Array {
                prop_assert_eq!(declared, Some(bytes.len()));
            }
        }
    }
}
