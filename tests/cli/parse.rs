//! `hexbuf parse`: the tree of a spec written here over bytes written here,
//! every value checked against the bytes decoded with `from_be_bytes` /
//! `from_le_bytes`; the exit codes and one-line errors; spec finding by
//! magic, extension and name; hostile specs and files end with an error,
//! never a hang.

use super::*;

use std::ffi::OsStr;

use serde_json::Value as Json;

/// A spec with integers of both endiannesses, a string, an enum, bit
/// fields, a repeat, a sized user type and an instance.
const HEADER_KSY: &str = r#"meta:
  id: header
  endian: be
  file-extension: hdr
seq:
  - id: magic
    contents: "HDR1"
  - id: len
    type: u4
  - id: kind
    type: u2le
    enum: kind
  - id: flags_hi
    type: b3
  - id: flags_lo
    type: b5
  - id: name
    type: str
    size: 5
    encoding: ASCII
  - id: counts
    type: u2
    repeat: expr
    repeat-expr: 3
  - id: body
    type: body
    size: len
  - id: big
    type: u8
enums:
  kind:
    1: small
    2: large
types:
  body:
    seq:
      - id: first
        type: u1
      - id: rest
        size-eos: true
instances:
  total:
    value: counts[0] + counts[1] + counts[2]
"#;

/// A file for HEADER_KSY; `body` holds `body_len` bytes.
fn header_bytes(body_len: u32) -> Vec<u8> {
    let mut b = b"HDR1".to_vec();
    b.extend(body_len.to_be_bytes());
    b.extend(2u16.to_le_bytes());
    b.push(0b101_10011);
    b.extend(b"hello");
    for c in [7u16, 300, 65535] {
        b.extend(c.to_be_bytes());
    }
    b.extend((0..body_len).map(|i| i as u8 + 0x40));
    b.extend(u64::MAX.to_be_bytes());
    b
}

fn spec_and_file(ksy: &str, bytes: &[u8]) -> (TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.ksy");
    let file = dir.path().join("data.bin");
    fs::write(&spec, ksy).unwrap();
    fs::write(&file, bytes).unwrap();
    (dir, spec, file)
}

/// `hexbuf parse --json --ksy SPEC FILE`.
fn parse_json(spec: &Path, file: &Path) -> Run {
    hexbuf([
        OsStr::new("parse"),
        OsStr::new("--json"),
        OsStr::new("--ksy"),
        spec.as_os_str(),
        file.as_os_str(),
    ])
}

fn json_of(run: &Run) -> Json {
    serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {run:?}"))
}

fn field<'a>(node: &'a Json, name: &str) -> &'a Json {
    node["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x["name"] == name))
        .unwrap_or_else(|| panic!("no field {name} in {node}"))
}

#[test]
fn json_values_offsets_and_sizes_match_the_bytes() {
    let bytes = header_bytes(4);
    let (_d, spec, file) = spec_and_file(HEADER_KSY, &bytes);
    let run = parse_json(&spec, &file);
    let out = json_of(&run);
    assert_eq!(run.code, Some(0), "{run:?}");
    let root = &out["root"];
    assert_eq!(out["spec"], "header");
    assert_eq!(root["size"], bytes.len());
    let len = field(root, "len");
    assert_eq!(
        len["value"],
        u32::from_be_bytes(bytes[4..8].try_into().unwrap())
    );
    assert_eq!(
        (len["offset"].as_u64(), len["size"].as_u64()),
        (Some(4), Some(4))
    );
    let kind = field(root, "kind");
    assert_eq!(kind["value"], u16::from_le_bytes([bytes[8], bytes[9]]));
    assert_eq!(kind["enum"], "kind::large");
    assert_eq!(kind["type"], "u2le");
    assert_eq!(field(root, "flags_hi")["value"], bytes[10] >> 5);
    assert_eq!(field(root, "flags_lo")["value"], bytes[10] & 0x1f);
    assert_eq!(field(root, "name")["value"], "hello");
    let counts = field(root, "counts");
    assert_eq!(counts["type"], "u2be[]");
    let items = counts["items"].as_array().unwrap();
    for (i, item) in items.iter().enumerate() {
        let at = 16 + 2 * i;
        assert_eq!(item["name"], format!("counts[{i}]"));
        assert_eq!(item["offset"], at);
        assert_eq!(
            item["value"],
            u16::from_be_bytes([bytes[at], bytes[at + 1]])
        );
    }
    let body = field(root, "body");
    assert_eq!(
        (body["offset"].as_u64(), body["size"].as_u64()),
        (Some(22), Some(4))
    );
    assert_eq!(field(body, "rest")["value"], "414243");
    // Beyond 2^53: a decimal string.
    assert_eq!(field(root, "big")["value"], u64::MAX.to_string());
}

#[test]
fn text_tree_is_indented_name_value_offset_size() {
    let (_d, spec, file) = spec_and_file(HEADER_KSY, &header_bytes(2));
    let run = hexbuf([
        OsStr::new("parse"),
        OsStr::new("--ksy"),
        spec.as_os_str(),
        file.as_os_str(),
    ]);
    let text = run.ok();
    assert!(text.starts_with("header: header @0+"), "{text}");
    assert!(text.contains("\n  len: 2 @4+4\n"), "{text}");
    assert!(text.contains("\n  kind: kind::large (2) @8+2\n"), "{text}");
    assert!(text.contains("\n  name: \"hello\" @11+5\n"), "{text}");
    assert!(text.contains("\n    counts[1]: 300 @18+2\n"), "{text}");
    assert!(
        text.contains("\n  body: body @22+2\n    first: 64 @22+1\n"),
        "{text}"
    );
}

#[test]
fn max_items_limits_each_repeat() {
    let (_d, spec, file) = spec_and_file(HEADER_KSY, &header_bytes(2));
    let run = hexbuf([
        OsStr::new("parse"),
        OsStr::new("--json"),
        OsStr::new("--max-items"),
        OsStr::new("1"),
        OsStr::new("--ksy"),
        spec.as_os_str(),
        file.as_os_str(),
    ]);
    let out = json_of(&run);
    let counts = field(&out["root"], "counts");
    assert_eq!(counts["items"].as_array().unwrap().len(), 1);
    // The cut is said: the repeat holds three.
    assert_eq!(counts["items_total"], 3);
    // Uncut, no such key.
    let run = hexbuf([
        OsStr::new("parse"),
        OsStr::new("--json"),
        OsStr::new("--max-items"),
        OsStr::new("3"),
        OsStr::new("--ksy"),
        spec.as_os_str(),
        file.as_os_str(),
    ]);
    assert!(
        field(&json_of(&run)["root"], "counts")
            .get("items_total")
            .is_none()
    );
}

#[test]
fn a_truncated_file_prints_the_partial_tree_and_exits_1() {
    let mut bytes = header_bytes(40);
    bytes.truncate(30);
    let (_d, spec, file) = spec_and_file(HEADER_KSY, &bytes);
    let run = parse_json(&spec, &file);
    assert_eq!(run.code, Some(1), "{run:?}");
    let out = json_of(&run);
    assert_eq!(out["errors"][0]["path"], "body");
    assert_eq!(field(&out["root"], "name")["value"], "hello");
    assert!(run.stderr.contains("body"), "{}", run.stderr);
}

/// An imported spec's top-level type is its own `_root` (the reference's
/// `this._root = _root || this`), not the importing file's root: PNG's
/// eXIf chunk reads Exif, whose body switches endianness on
/// `_root.endianness`.
#[test]
fn an_imported_spec_is_its_own_root() {
    let main = "meta:\n  id: outer\n  imports: [inner]\nseq:\n  - {id: lead, type: u1}\n  - {id: inner, type: inner}\n";
    let inner = "meta:\n  id: inner\nseq:\n  - {id: tag, type: u1}\n  - {id: body, type: part}\ntypes:\n  part:\n    seq:\n      - {id: x, size: _root.tag}\n";
    let (dir, spec, file) = spec_and_file(main, &[9, 2, b'a', b'b', b'c']);
    fs::write(dir.path().join("inner.ksy"), inner).unwrap();
    let run = parse_json(&spec, &file);
    assert_eq!(run.code, Some(0), "{run:?}");
    let out = json_of(&run);
    let x = field(field(field(&out["root"], "inner"), "body"), "x");
    assert_eq!(
        (&x["offset"], &x["size"], &x["value"]),
        (&Json::from(2), &Json::from(2), &Json::from("6162"))
    );
    // A nested type of the import, used directly, has no `_root`; the
    // import's top level inside it is then its own.
    let main = "meta:\n  id: outer\n  imports: [other]\nseq:\n  - {id: s, type: other::sub}\n";
    let other = "meta:\n  id: other\nseq:\n  - {id: k, type: u1}\n  - {id: rest, size: _root.k}\ntypes:\n  sub:\n    seq:\n      - {id: o, type: other}\n";
    let (dir, spec, file) = spec_and_file(main, &[1, 2, 3]);
    fs::write(dir.path().join("other.ksy"), other).unwrap();
    let run = parse_json(&spec, &file);
    assert_eq!(run.code, Some(0), "{run:?}");
    let out = json_of(&run);
    let rest = field(field(field(&out["root"], "s"), "o"), "rest");
    assert_eq!(
        (&rest["offset"], &rest["value"]),
        (&Json::from(1), &Json::from("02"))
    );
}

/// `parse --json` of `bytes` under `ksy`: exit code and the one error's
/// path and message.
fn parse_error_of(ksy: &str, bytes: &[u8]) -> (Option<i32>, Json, Json) {
    let (_d, spec, file) = spec_and_file(ksy, bytes);
    let run = parse_json(&spec, &file);
    let out = json_of(&run);
    let errors = out["errors"].as_array().cloned().unwrap_or_default();
    assert!(errors.len() <= 1, "{out}");
    let first = errors.first().cloned().unwrap_or_default();
    (run.code, first["path"].clone(), first["message"].clone())
}

/// Errors are placed where the reference places them (checked with
/// ../shared/tools/ksref on the same spec and files): an instance that
/// fails while a field's expression reads it is that field's error (the
/// message names the instance); in an `if`, which the reference tests
/// before it begins the field, the object's.
#[test]
fn an_instance_that_fails_inside_a_field_is_the_fields_error() {
    let ksy = "meta: {id: t}\nseq:\n  - {id: h, type: u1}\n  - {id: a, size: li}\n  - {id: b, type: u1, if: li2 == 3}\n  - {id: c, type: sub}\ninstances:\n  li: {pos: 1, type: u1}\n  li2: {pos: 3, type: u1}\n  li3: {pos: 100, type: u1}\ntypes:\n  sub:\n    seq:\n      - {id: x, size: _root.li3}\n";
    let (code, path, message) = parse_error_of(ksy, &[1, 1]);
    assert_eq!((code, path.as_str()), (Some(1), Some("")), "{message}");
    assert!(message.as_str().unwrap().starts_with("li2: "), "{message}");
    let (_, path, _) = parse_error_of(ksy, &[1, 1, 1]);
    assert_eq!(path, "");
    let (_, path, message) = parse_error_of(ksy, &[1, 1, 1, 3, 5]);
    assert_eq!(path, "c.x");
    assert!(message.as_str().unwrap().starts_with("li3: "), "{message}");
}

/// A repeat-expr count beyond the stream reads the items that are there
/// and stops at the first missing one, as the reference does.
#[test]
fn a_count_beyond_the_stream_reads_the_items_that_are_there() {
    let ksy = "meta: {id: t, endian: le}\nseq:\n  - {id: n, type: u4}\n  - {id: items, type: u1, repeat: expr, repeat-expr: n}\n";
    let (_d, spec, file) = spec_and_file(ksy, &[0xff, 0xff, 0xff, 0xff, 1, 2]);
    let run = parse_json(&spec, &file);
    assert_eq!(run.code, Some(1), "{run:?}");
    let out = json_of(&run);
    assert_eq!(out["errors"][0]["path"], "items[2]");
    let items = field(&out["root"], "items");
    assert_eq!(
        (&items["offset"], &items["size"]),
        (&Json::from(4), &Json::from(2))
    );
    let values: Vec<&Json> = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["value"])
        .collect();
    assert_eq!(values, [&Json::from(1), &Json::from(2)]);
}

/// `_sizeof` of a fixed-size field is known before the field is read, as
/// the reference computes it from the type when it compiles the spec
/// (dBase's `size: header1.len_header - header1._sizeof -
/// header_terminator._sizeof`): bytes, bits rounded up, repeats of a
/// fixed count.
#[test]
fn sizeof_of_a_field_not_read_yet_comes_from_its_type() {
    let ksy = "meta: {id: t}\nseq:\n  - {id: hdr, type: hdr}\n  - {id: body, size: hdr.total - hdr._sizeof - term._sizeof - tail._sizeof}\n  - {id: term, contents: [0x0d]}\n  - {id: tail, type: hdr}\ntypes:\n  hdr:\n    seq:\n      - {id: total, type: u1}\n      - {id: pad, size: 3}\n      - {id: flags, type: b4}\n      - {id: more, type: u1, repeat: expr, repeat-expr: 2}\n";
    let mut bytes = vec![0x13, 0, 0, 0, 0xf0, 1, 2];
    bytes.extend(b"abcd\x0d");
    bytes.extend([0; 7]);
    let (_d, spec, file) = spec_and_file(ksy, &bytes);
    let run = parse_json(&spec, &file);
    assert_eq!(run.code, Some(0), "{run:?}");
    let out = json_of(&run);
    let body = field(&out["root"], "body");
    assert_eq!(
        (&body["offset"], &body["value"]),
        (&Json::from(7), &Json::from("61626364"))
    );
    assert_eq!(field(&out["root"], "tail")["offset"], 12);
}

/// Static sizes as the reference's `CalculateSeqSizes` works them out
/// (checked with ../shared/tools/ksref on this spec and file): an item's
/// `_sizeof` counts its field's `size:`, through `[0]` and `.first`; bit
/// widths add up unaligned (b1 u1 b7 is 2 bytes); `if` is not looked at;
/// a constant expression is a fixed size; so is a `strz` with a `size:`
/// (Broadcom TRX's tail). And a size that depends on a
/// field read to a terminator or to the end is refused when the spec loads.
#[test]
fn static_sizes_are_worked_out_as_the_reference_does() {
    let ksy = "meta: {id: sz, endian: le}\nseq:\n  - {id: items, type: t, size: 3, repeat: expr, repeat-expr: 2}\n  - id: p1\n    size: items[0]._sizeof\n  - id: p2\n    size: items.first._sizeof\n  - id: p3\n    size: sizeof<bits>\n  - id: p4\n    size: sizeof<cond>\n  - id: p5\n    size: folded._sizeof\n  - id: folded\n    size: 2 + 2 * 1\n  - id: p6\n    size: sizeof<named>\ntypes:\n  t:\n    seq:\n      - {id: y, type: u1}\n  bits:\n    seq:\n      - {id: x, type: b1}\n      - {id: y, type: u1}\n      - {id: z, type: b7}\n  cond:\n    seq:\n      - {id: x, type: u2, if: false}\n      - {id: y, type: u1}\n  named:\n    seq:\n      - {id: s, type: strz, size: 3, encoding: ASCII}\n";
    let bytes: Vec<u8> = (1..40).collect();
    let (_d, spec, file) = spec_and_file(ksy, &bytes);
    let run = parse_json(&spec, &file);
    assert_eq!(run.code, Some(0), "{run:?}");
    let out = json_of(&run);
    let sizes: Vec<(&str, u64)> = out["root"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["size"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        sizes,
        [
            ("items", 6),
            ("p1", 3),
            ("p2", 3),
            ("p3", 2),
            ("p4", 3),
            ("p5", 4),
            ("folded", 4),
            ("p6", 3),
        ]
    );
    for dynamic in ["terminator: 0", "size-eos: true"] {
        let ksy = format!(
            "meta: {{id: d, endian: le}}\nseq:\n  - {{id: a, type: t, {dynamic}}}\n  - {{id: b, size: a._sizeof}}\ntypes:\n  t:\n    seq:\n      - {{id: y, type: u1}}\n"
        );
        let (_d, spec, file) = spec_and_file(&ksy, &bytes);
        let run = hexbuf([
            OsStr::new("parse"),
            OsStr::new("--ksy"),
            spec.as_os_str(),
            file.as_os_str(),
        ]);
        assert_eq!(run.code, Some(2), "{dynamic}: {run:?}");
        assert!(run.stderr.contains("dynamic sized type"), "{}", run.stderr);
    }
}

/// Each type's size is worked out once: sixty types each holding two of
/// the next would take 2^60 steps otherwise.
#[test]
fn sizes_of_deeply_shared_types_are_worked_out_once() {
    let mut ksy = String::from(
        "meta: {id: deep}\nseq:\n  - id: a\n    type: u1\n    if: sizeof<t0> > 0\ntypes:\n",
    );
    for i in 0..60 {
        ksy.push_str(&format!(
            "  t{i}:\n    seq:\n      - {{id: x, type: t{0}}}\n      - {{id: y, type: t{0}}}\n",
            i + 1
        ));
    }
    ksy.push_str("  t60:\n    seq:\n      - {id: v, type: u1}\n");
    let (_d, spec, file) = spec_and_file(&ksy, &[7]);
    let run = parse_json(&spec, &file);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(field(&json_of(&run)["root"], "a")["value"], 7);
}

#[test]
fn a_spec_that_does_not_load_is_one_line_naming_file_line_and_key() {
    let bad = "meta:\n  id: bad\nseq:\n  - id: a\n    type: u1\n  - id: b\n    sise: 4\n";
    let (_d, spec, file) = spec_and_file(bad, b"\x01\x02");
    let run = hexbuf([
        OsStr::new("parse"),
        OsStr::new("--ksy"),
        spec.as_os_str(),
        file.as_os_str(),
    ]);
    assert_one_line_error(&run, &["spec.ksy:7", "/seq/1/sise", "unknown key"]);
    let bad_expr = "meta:\n  id: bad\nseq:\n  - id: a\n    type: u1\n    if: nope == 1\n";
    fs::write(&spec, bad_expr).unwrap();
    let run = hexbuf([
        OsStr::new("parse"),
        OsStr::new("--ksy"),
        spec.as_os_str(),
        file.as_os_str(),
    ]);
    assert_one_line_error(&run, &["/seq/0/if", "nope"]);
}

#[test]
fn specs_are_found_by_magic_then_extension_then_name() {
    let dir = tempfile::tempdir().unwrap();
    let formats = dir.path().join("formats/sub");
    fs::create_dir_all(&formats).unwrap();
    fs::write(formats.join("header.ksy"), HEADER_KSY).unwrap();
    let plain =
        "meta:\n  id: plain\n  file-extension: [pln]\nseq:\n  - id: all\n    size-eos: true\n";
    fs::write(formats.join("plain.ksy"), plain).unwrap();
    let by_magic = dir.path().join("x.bin");
    fs::write(&by_magic, header_bytes(1)).unwrap();
    let by_ext = dir.path().join("notes.PLN");
    fs::write(&by_ext, b"abc").unwrap();
    let parse = |file: &Path, extra: &[&str]| {
        let mut args: Vec<std::ffi::OsString> = vec![
            "parse".into(),
            "--json".into(),
            "--formats".into(),
            dir.path().join("formats").into(),
        ];
        args.extend(extra.iter().map(Into::into));
        args.push(file.into());
        hexbuf_with(args, |c| {
            c.env("XDG_DATA_HOME", dir.path().join("nothing"));
        })
    };
    assert_eq!(json_of(&parse(&by_magic, &[]))["spec"], "header");
    assert_eq!(json_of(&parse(&by_ext, &[]))["spec"], "plain");
    assert_eq!(
        json_of(&parse(&by_magic, &["--format", "plain"]))["spec"],
        "plain"
    );
    let unknown = dir.path().join("x.unknown");
    fs::write(&unknown, b"zzz").unwrap();
    assert_one_line_error(&parse(&unknown, &[]), &["x.unknown", "--ksy"]);
    assert_one_line_error(&parse(&by_magic, &["--format", "nope"]), &["nope"]);
}

/// Runs a hostile spec over `bytes`: it must end (the helper's time limit)
/// with exit 1 and an error at a path starting with `at` saying `says`.
fn hostile(ksy: &str, bytes: &[u8], at: &str, says: &str) {
    let (_d, spec, file) = spec_and_file(ksy, bytes);
    let run = parse_json(&spec, &file);
    assert_eq!(run.code, Some(1), "{run:?}");
    let out = json_of(&run);
    let path = out["errors"][0]["path"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(path.starts_with(at), "error at {path}, wanted {at}: {out}");
    let message = out["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(says),
        "message {message:?} should say {says:?}"
    );
}

#[test]
fn hostile_counts_sizes_cycles_and_recursion_are_errors() {
    let huge_repeat = "meta:\n  id: h\nseq:\n  - id: n\n    type: u1\n  - id: items\n    type: empty\n    repeat: expr\n    repeat-expr: 1 << 60\ntypes:\n  empty: {}\n";
    hostile(huge_repeat, b"\x01", "items", "more than the stream");
    let huge_size = "meta:\n  id: h\nseq:\n  - id: blob\n    size: 0xffffffffffff\n";
    hostile(huge_size, b"abc", "blob", "end of stream");
    let cycle = "meta:\n  id: h\nseq:\n  - id: a\n    type: u1\n    if: x > 0\ninstances:\n  x:\n    value: y\n  y:\n    value: x + 1\n";
    hostile(cycle, b"\x01", "", "depends on itself");
    // Too deep for a JSON reader: the text tree and the one line on stderr.
    let deep = "meta:\n  id: h\nseq:\n  - id: v\n    type: u1\n  - id: next\n    type: h\n";
    let (_d, spec, file) = spec_and_file(deep, &[1u8; 100_000]);
    let run = hexbuf([
        OsStr::new("parse"),
        OsStr::new("--ksy"),
        spec.as_os_str(),
        file.as_os_str(),
    ]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("at next.next.next.") && run.stderr.contains("deep"),
        "{}",
        run.stderr
    );
    assert!(run.stdout_text().lines().count() > 96 * 2);
}
