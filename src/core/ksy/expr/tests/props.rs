//! Property tests: parsing never panics on any text, and evaluating what
//! parses never panics or hangs.

use proptest::prelude::*;

use super::super::{eval, parse_expr};
use super::Mock;

/// Fragments of the language, so random strings reach deep into it.
const PIECES: &[&str] = &[
    "1",
    "0x_f",
    "-",
    "+",
    "*",
    "/",
    "%",
    "<<",
    ">>",
    "&",
    "|",
    "^",
    "~",
    "<",
    ">=",
    "==",
    "!=",
    "and",
    "or",
    "not",
    "?",
    ":",
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    "::",
    "u",
    "s",
    "hdr",
    "recs",
    "raw",
    "pet",
    "absent",
    "_io",
    "size",
    "to_s",
    "to_i",
    "length",
    "as<u4>",
    "sizeof<",
    "b3",
    ">",
    "\"ab\"",
    "'x'",
    "f\"{",
    "}",
    "\\",
    "1.5",
    "e9",
    "animal::dog",
    "substring(",
    "min",
    "max",
    "first",
    "last",
    "reverse",
    "_sizeof",
    "63",
    "0b",
    "true",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_never_panics_on_any_text(src in "\\PC{0,40}") {
        let _ = parse_expr(&src);
    }

    #[test]
    fn parse_and_eval_never_panic_on_language_fragments(src in pieces()) {
        if let Ok(e) = parse_expr(&src) {
            let _ = eval(&e, &mut Mock::new());
        }
    }

    #[test]
    fn written_source_reads_back_to_the_same_tree(src in pieces()) {
        if let Ok(e) = parse_expr(&src) {
            let text = e.to_string();
            prop_assert_eq!(parse_expr(&text), Ok(e), "{} -> {}", src, text);
        }
    }

    #[test]
    fn parse_errors_point_inside_the_source(src in pieces()) {
        if let Err(e) = parse_expr(&src) {
            prop_assert!(e.pos <= src.len());
            prop_assert!(src.is_char_boundary(e.pos));
        }
    }
}
