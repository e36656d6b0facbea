//! Expressions written back as source: minimal parentheses, and reading
//! back to the same tree.

use super::super::{Expr, Value, parse_expr};

fn shown(src: &str) -> String {
    parse_expr(src).unwrap().to_string()
}

#[test]
fn parentheses_only_where_precedence_needs_them() {
    let cases = [
        ("(a + b) * c", "(a + b) * c"),
        ("a + (b * c)", "a + b * c"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("(a & b) == c", "a & b == c"),
        ("a & (b == c)", "a & (b == c)"),
        ("not (a and b)", "not (a and b)"),
        ("(not a) and b", "not a and b"),
        ("(a ? b : c) ? d : e", "(a ? b : c) ? d : e"),
        ("a ? b : (c ? d : e)", "a ? b : c ? d : e"),
        ("-(a + 1)", "-(a + 1)"),
        ("- - 3", "- -3"),
        ("(a + b).to_s", "(a + b).to_s"),
        ("(-x).abs", "(-x).abs"),
        (
            "a.b[c + 1].d(1,2).as<foo::bar[]>",
            "a.b[c + 1].d(1, 2).as<foo::bar[]>",
        ),
        ("::a::b::c", "::a::b::c"),
        ("sizeof<u4> + bitsizeof<b3>", "sizeof<u4> + bitsizeof<b3>"),
        ("[1, 2,]", "[1, 2]"),
        ("'it''s'", "\"its\""),
        ("\"a\\n\\\"b\\\"\\\\\"", "\"a\\n\\\"b\\\"\\\\\""),
        ("f\"x={u + 1}!\"", "f\"x={u + 1}!\""),
        ("1.5e-2 + 4.", "0.015 + 4.0"),
        ("0xff", "255"),
        ("sizeof < 3", "(sizeof) < 3"),
    ];
    for (src, want) in cases {
        assert_eq!(shown(src), want, "{src}");
    }
}

#[test]
fn written_source_reads_back_to_the_same_tree() {
    for src in [
        "(a < b) == (c < d)",
        "((1 + 2) << 3) >> (4 - 1)",
        "x.as < 3",
        "\"\\u0001\\e\" + 'tab\there'",
        "f\"{a}{b}c\"",
        "f\"abc={'foo'}\"",
        "not not true",
        "~-~5",
        "[[1], [2, 3]][1][0]",
    ] {
        let e = parse_expr(src).unwrap();
        assert_eq!(parse_expr(&e.to_string()), Ok(e.clone()), "{src} -> {e}");
    }
}

#[test]
fn literal_values_are_written_as_literals() {
    assert_eq!(Expr::literal(Value::Int(-5)).to_string(), "-5");
    assert_eq!(
        Expr::literal(Value::bytes(&[0x50, 0x4b])).to_string(),
        "[0x50, 0x4b]"
    );
    assert_eq!(Expr::literal(Value::Bool(true)).to_string(), "true");
    assert_eq!(
        Expr::literal(Value::Float(f64::INFINITY)).to_string(),
        "(1.0 / 0.0)"
    );
}
