//! Operator and method semantics, each against the reference's answer.

use super::super::Value;
use super::{ev, int};

fn s(text: &str) -> Value {
    Value::str(text)
}

fn f(x: f64) -> Value {
    Value::Float(x)
}

fn b(x: bool) -> Value {
    Value::Bool(x)
}

fn bytes(v: &[u8]) -> Value {
    Value::bytes(v)
}

/// Checks each expression's value, and that it is of the same kind.
fn check(cases: &[(&str, Value)]) {
    for (src, want) in cases {
        let got = ev(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert_eq!(&got, want, "{src}");
        assert_eq!(got.type_name(), want.type_name(), "{src}");
    }
}

/// 308 random expressions of `+ - * / % & | ^ ~`, comparisons, `and`,
/// `or`, `not` and `?:` over literals, `u` and `s`, with the values the
/// reference compiler's JavaScript target computes for them.
#[test]
fn random_expressions_agree_with_the_reference() {
    let cases = include_str!("oracle_cases.txt");
    let mut n = 0;
    for line in cases.lines().filter(|l| !l.starts_with('#')) {
        let (src, want) = line.split_once('\t').expect("expression TAB value");
        let want = match want {
            "true" => b(true),
            "false" => b(false),
            n => int(n.parse().expect("an integer")),
        };
        check(&[(src, want)]);
        n += 1;
    }
    assert_eq!(n, 308);
}

#[test]
fn arithmetic_follows_precedence() {
    check(&[
        ("1 + 2 * 3", int(7)),
        ("(1 + 2) * 3", int(9)),
        ("10 - 4 - 3", int(3)),
        ("2 * 3 % 4", int(2)),
        ("1 + 2 << 3", int(24)),
        ("1 << 2 + 3", int(32)),
        ("0x10 >> 2 + 1", int(2)),
        ("5 & 3 | 8", int(9)),
        ("5 | 3 & 8", int(5)),
        ("5 ^ 3 & 1", int(4)),
        ("6 ^ 3 | 8", int(13)),
        ("1 | 2 ^ 3", int(1)),
        ("1 + 2 == 3", b(true)),
        ("3 & 1 == 1", b(true)),
        ("- - 3", int(3)),
        ("+3", int(3)),
    ]);
}

#[test]
fn integer_division_and_modulo_floor() {
    check(&[
        ("-7 / 2", int(-4)),
        ("7 / -2", int(-4)),
        ("-7 % 3", int(2)),
        ("9837 % 13", int(9)),
        ("-9837 % 13", int(4)),
        ("-9837 / 13", int(-757)),
        ("9837 / 13", int(756)),
        ("u / 7", int(28)),
        ("s / 3", int(-4)),
        ("s % 3", int(2)),
        ("u % 7", int(4)),
        // Negative divisors (the JavaScript runtime refuses them; this is
        // Python's floor modulo).
        ("7 % -3", int(-2)),
        ("-7 % -3", int(-1)),
    ]);
    assert!(matches!(ev("5 / 0"), Err(super::EvalError::DivByZero)));
    assert!(matches!(ev("5 % 0"), Err(super::EvalError::DivByZero)));
}

#[test]
fn bitwise_operators_on_signed_and_unsigned() {
    check(&[
        ("~5", int(-6)),
        ("~0", int(-1)),
        ("-~5", int(6)),
        ("~u", int(-201)),
        ("0x80000000 >> 1", int(0x4000_0000)),
        ("0xa0000000 >> 8", int(0xa0_0000)),
        ("-16 >> 2", int(-4)),
        ("s >> 1", int(-5)),
        ("1 << 62", int(1 << 62)),
        ("0xff & -2", int(0xfe)),
        ("0xf0 ^ 0xff", int(0x0f)),
    ]);
}

#[test]
fn integers_wrap_to_64_bits() {
    check(&[
        ("0xffffffffffffffff", int(u64::MAX as i128)),
        ("0xffffffffffffffff + 1", int(0)),
        ("-0x8000000000000000", int(i64::MIN as i128)),
        ("-0x8000000000000000 - 1", int(i64::MAX as i128)),
        ("0x7fffffffffffffff + 1", int(1 << 63)),
        ("0xffffffff * 0xffffffff", int(0xffff_fffe_0000_0001)),
        ("1 << 63", int(1 << 63)),
        ("1 << 64", int(0)),
        ("3 << 200", int(0)),
        ("0xffffffffffffffff * 0xffffffffffffffff", int(1)),
    ]);
}

#[test]
fn logic_and_conditionals() {
    check(&[
        ("not true", b(false)),
        ("not 1 == 2", b(true)),
        ("true and false or true", b(true)),
        ("true or false and false", b(true)),
        ("not true or true", b(true)),
        ("not (true or true)", b(false)),
        ("1 < 2 ? 10 : 20", int(10)),
        ("false ? 1 : true ? 2 : 3", int(2)),
        ("u > 100 ? \"big\" : \"small\"", s("big")),
    ]);
    // Short-circuit: the right side is not evaluated.
    check(&[("false and nosuch", b(false)), ("true or nosuch", b(true))]);
    check(&[("true ? 1 : nosuch", int(1))]);
}

#[test]
fn floats_mix_with_integers() {
    check(&[
        ("1 == 1.0", b(true)),
        ("1.5 + 1", f(2.5)),
        ("3 / 2.0", f(1.5)),
        ("7.5 / 2", f(3.75)),
        ("2.5 * 2", f(5.0)),
        ("1 < 1.5", b(true)),
        ("12.5.to_i", int(12)),
        ("-12.5.to_i", int(-12)),
        ("(-12.5).to_i", int(-12)),
        ("(6.28 + 2.72).to_i", int(9)),
        // Exact beyond 64 bits (as JavaScript's Math.trunc); infinities
        // the ends of the 64-bit range; NaN 0 (never an error).
        ("1e20.to_i", int(100_000_000_000_000_000_000)),
        ("(-2.5e27).to_i", int(-2.5e27f64 as i128)),
        ("18446744073709549568.0.to_i", int(18446744073709549568)),
        ("1e300.to_i", int(1 << 100)),
        ("(-1e300).to_i", int(-(1 << 100))),
        ("(1.0 / 0).to_i", int(u64::MAX as i128)),
        ("(-1.0 / 0).to_i", int(i64::MIN as i128)),
        ("(0.0 / 0).to_i", int(0)),
        ("1.5e-2", f(0.015)),
        ("1e3", f(1000.0)),
        (".5", f(0.5)),
        ("4.", f(4.0)),
    ]);
}

#[test]
fn number_literals() {
    check(&[
        ("0x_ff", int(255)),
        ("0b1010_1010", int(170)),
        ("0o777", int(511)),
        ("1_000_000", int(1_000_000)),
        ("0xFFFFFFFF", int(0xffff_ffff)),
        ("0", int(0)),
        ("42.to_s", s("42")),
    ]);
}

#[test]
fn strings() {
    check(&[
        ("\"abc\" + \"def\"", s("abcdef")),
        ("\"abc\" 'def'", s("abcdef")),
        ("'a\\nb'.length", int(4)),
        ("\"a\\nb\".length", int(3)),
        ("\"\\101\"", s("A")),
        ("\"\\u0041\"", s("A")),
        ("\"\\e\".length", int(1)),
        ("\"\\0\"", s("\0")),
        ("\"tab\\there\".length", int(8)),
        ("\"ab\" < \"abc\"", b(true)),
        ("\"b\" > \"abc\"", b(true)),
        ("\"abc\" == \"abc\"", b(true)),
        ("\"abc\" != \"abd\"", b(true)),
        ("\"hello\".length", int(5)),
        ("\"日本\".length", int(2)),
        ("\"hello\".reverse", s("olleh")),
        ("\"hello\".substring(1, 3)", s("el")),
        ("\"hello\".substring(0, 0)", s("")),
        ("\"0123456789\".substring(4, 10)", s("456789")),
        ("u.to_s + \"!\"", s("200!")),
        ("s.to_s", s("-10")),
    ]);
}

#[test]
fn string_to_integer() {
    check(&[
        ("\"12345\".to_i", int(12345)),
        ("\"-72\".to_i", int(-72)),
        ("\"-072\".to_i(10)", int(-72)),
        ("\"ff\".to_i(16)", int(255)),
        ("\"47cf\".to_i(16)", int(0x47cf)),
        ("\"1010\".to_i(2)", int(10)),
        ("\"777\".to_i(8)", int(511)),
        ("\"zz\".to_i(36)", int(1295)),
        ("\"+5\".to_i", int(5)),
        ("\" 5\".to_i", int(5)),
        ("\"5 \".to_i", int(5)),
        ("\"9173abc\".to_i(16)", int(0x917_3abc)),
    ]);
    for bad in [
        "\"9173abc\".to_i",
        "\"123_.^\".to_i",
        "\"\".to_i",
        "\"0x10\".to_i",
    ] {
        assert!(
            matches!(ev(bad), Err(super::EvalError::Conversion(_))),
            "{bad}"
        );
    }
}

#[test]
fn byte_arrays() {
    check(&[
        ("[65, 66, 67].to_s(\"ASCII\")", s("ABC")),
        ("[0xe6, 0x97, 0xa5].to_s(\"UTF-8\")", s("日")),
        ("[0x82, 0xa0].to_s(\"SJIS\")", s("あ")),
        ("[1, 2, 3].length", int(3)),
        ("[1, 2, 3].size", int(3)),
        ("[1, 2, 3].first", int(1)),
        ("[1, 2, 3].last", int(3)),
        ("[3, 1, 2].min", int(1)),
        ("[3, 1, 2].max", int(3)),
        ("[1, 2, 3][1]", int(2)),
        ("[1, 2,]", bytes(&[1, 2])),
        ("[1, 2] == [1, 2]", b(true)),
        ("[1, 2] != [1, 3]", b(true)),
        ("[1, 2] < [1, 3]", b(true)),
        ("[1, 2] < [1, 2, 0]", b(true)),
        ("[2] > [1, 255]", b(true)),
        ("[0x90, 67] > [65, 67, 75]", b(true)),
        ("raw == [0x41, 0x42, 0x43]", b(true)),
        ("raw[2]", int(0x43)),
        ("raw.to_s(\"UTF-8\")", s("ABC")),
        ("raw.index_of(0x42)", int(1)),
        ("raw.index_of(7)", int(-1)),
    ]);
}

#[test]
fn arrays() {
    check(&[
        ("[1000, 2000].size", int(2)),
        ("[1000, 2000][1]", int(2000)),
        ("[1000, 5, 2000].min", int(5)),
        ("[1.5, 0.5].max", f(1.5)),
        ("[1.5, 0.5, 3].min", f(0.5)),
        ("[\"b\", \"a\", \"c\"].min", s("a")),
        ("[\"b\", \"a\", \"c\"].max", s("c")),
        ("[\"un\", \"deux\", \"trois\", \"quatre\"].max", s("un")),
        ("[\"x\", \"y\"][1]", s("y")),
        ("[\"x\", \"y\"] == [\"x\", \"y\"]", b(true)),
        ("[1000, 1] != [1000, 2]", b(true)),
    ]);
}

#[test]
fn booleans_and_enums_to_integers() {
    check(&[
        ("true.to_i", int(1)),
        ("false.to_i", int(0)),
        ("(1 == 1).to_i", int(1)),
        ("(false == true).to_i", int(0)),
        ("(not false or false).to_i", int(1)),
        ("pet.to_i", int(7)),
        ("animal::dog.to_i", int(4)),
        ("pet == animal::cat", b(true)),
        ("pet != zoo::animal::dog", b(true)),
        ("::zoo::animal::cat == pet", b(true)),
    ]);
}

#[test]
fn f_strings_join_their_parts() {
    check(&[
        ("f\"\"", s("")),
        ("f\"abc\"", s("abc")),
        ("f\"abc\\n\\tt\"", s("abc\n\tt")),
        ("f\"abc{1 + 2}def\"", s("abc3def")),
        ("f\"{u}/{s}\"", s("200/-10")),
        ("f\"x{'y'}z\"", s("xyz")),
        ("f\"a{name}b\"", s("azoob")),
    ]);
}

#[test]
fn sizes_of_primitive_types() {
    check(&[
        ("sizeof<u4>", int(4)),
        ("sizeof<s8>", int(8)),
        ("sizeof<u2be>", int(2)),
        ("sizeof<f4>", int(4)),
        ("sizeof<b3>", int(1)),
        ("sizeof<b12>", int(2)),
        ("bitsizeof<b3>", int(3)),
        ("bitsizeof<u2>", int(16)),
        ("bitsizeof<f8>", int(64)),
        ("sizeof<u1> * 3", int(3)),
    ]);
}

#[test]
fn casts_keep_values() {
    check(&[
        ("u.as<u2>", int(200)),
        ("s.as<u1>", int(-10)),
        ("1.as<f8>", f(1.0)),
        ("\"a\".as<str>", s("a")),
        ("raw.as<bytes>", bytes(b"ABC")),
        ("[].as<bytes>", bytes(b"")),
        ("[1000].size", int(1)),
    ]);
}

#[test]
fn type_errors_are_reported_not_panics() {
    for bad in [
        "\"abc\"[0]",
        "1 + \"a\"",
        "\"a\" * 2",
        "true + 1",
        "1 and true",
        "1 ? 2 : 3",
        "\"abc\".foo",
        "not 1",
        "-\"a\"",
        "[1, 2][5]",
        "[1, 2][-1]",
        "1 << -1",
        "\"a\" < 1",
        "[].first",
        "raw.to_s(\"EBCDIC\")",
        "\"a\".as<u4>",
        "sizeof<str>",
        "nosuch",
        "1.5.to_s",
    ] {
        assert!(
            ev(bad).is_err(),
            "{bad} should be an error, got {:?}",
            ev(bad)
        );
    }
}
