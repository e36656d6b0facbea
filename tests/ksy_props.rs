//! Property tests of the Kaitai interpreter on hostile input: random bytes
//! under specs that take sizes, counts, positions and switch keys from the
//! data, and randomly mutated specs, never panic, and each parse ends
//! within a time bound (the limits turn runaway specs into errors).

use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use hexbuf::core::ksy::parse::{Limits, Tree};
use hexbuf::core::ksy::spec::load_str;
use proptest::prelude::*;

/// Specs whose every size, count, position and choice comes from the file.
const SPECS: &[&str] = &[
    r#"meta: {id: a, endian: le}
seq:
  - {id: n, type: u2}
  - {id: items, type: item, repeat: expr, repeat-expr: n}
  - {id: tail, type: strz, encoding: UTF-16LE}
types:
  item:
    seq:
      - {id: kind, type: u1}
      - id: body
        size: kind & 0x0f
        type:
          switch-on: kind >> 4
          cases: {0: item, 1: bits, 2: text}
  bits:
    seq:
      - {id: a, type: b3}
      - {id: b, type: b13le}
      - {id: c, type: b64}
  text:
    seq:
      - {id: s, type: str, size-eos: true, encoding: SJIS}
"#,
    r#"meta: {id: b, endian: be}
seq:
  - {id: off, type: u4}
  - {id: chunks, type: chunk, repeat: until, repeat-until: _.len == 0 or _io.eof}
types:
  chunk:
    seq:
      - {id: len, type: u1}
      - {id: data, size: len, process: xor(len)}
      - {id: packed, size: len, process: zlib, type: chunk, if: len > 200}
instances:
  at_off: {pos: off, type: chunk}
  again: {pos: off % 7, type: b, if: off % 3 == 0}
  loop_a: {value: 'off > 5 ? loop_b : 1'}
  loop_b: {value: loop_a + 1}
"#,
    r#"meta: {id: c, endian: {switch-on: tag, cases: {1: le, _: be}}}
seq:
  - {id: tag, type: u1}
  - {id: count, type: u8}
  - {id: words, type: u2, repeat: expr, repeat-expr: count}
  - {id: rest, type: c, repeat: eos}
"#,
];

fn parse_ends(spec: &str, bytes: &[u8]) {
    let Ok(schema) = load_str(spec, Path::new("prop.ksy"), &[]) else {
        return;
    };
    let start = Instant::now();
    let limits = Limits {
        depth: 48,
        nodes: 200_000,
    };
    let mut tree = Tree::parse(Rc::new(schema), Rc::new(bytes.to_vec()), limits);
    tree.eval_all_instances();
    let mut out = Vec::new();
    hexbuf::core::ksy::json::write_json(&tree, None, &mut out).unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "parse took {:?}",
        start.elapsed()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_or_hang(which in 0..SPECS.len(), bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        parse_ends(SPECS[which], &bytes);
    }

    #[test]
    fn mutated_specs_never_panic(which in 0..SPECS.len(), edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, prop::sample::select(&b" -:{}[]()0123456789abz_'\"\n"[..])), 1..6), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut text: Vec<u8> = SPECS[which].as_bytes().to_vec();
        for (at, op, ch) in edits {
            let i = at.index(text.len().max(1)).min(text.len().saturating_sub(1));
            match op {
                0 => text[i] = ch,
                1 => { text.remove(i); }
                _ => text.insert(i, ch),
            }
        }
        parse_ends(&String::from_utf8_lossy(&text), &bytes);
    }
}
