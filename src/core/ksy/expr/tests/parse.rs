//! The grammar: shapes of parsed trees, type references, and errors with
//! their positions.

use super::super::ast::{BinOp, EnumRef, Expr, TypeName, UnOp};
use super::super::{Value, parse_expr, parse_type_ref};

fn name(n: &str) -> Expr {
    Expr::Name(n.into())
}

fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
    Expr::Binary(op, Box::new(a), Box::new(b))
}

fn lit(n: i128) -> Expr {
    Expr::Lit(Value::Int(n))
}

fn p(src: &str) -> Expr {
    parse_expr(src).unwrap_or_else(|e| panic!("{src}: {e}"))
}

#[test]
fn binary_operators_associate_left() {
    assert_eq!(
        p("a - b - c"),
        bin(BinOp::Sub, bin(BinOp::Sub, name("a"), name("b")), name("c"))
    );
    assert_eq!(
        p("a / b * c"),
        bin(BinOp::Mul, bin(BinOp::Div, name("a"), name("b")), name("c"))
    );
}

#[test]
fn bitwise_operators_bind_tighter_than_comparison() {
    // Unlike C: `a & b == c` is `(a & b) == c`.
    assert_eq!(
        p("a & b == c"),
        bin(
            BinOp::Eq,
            bin(BinOp::BitAnd, name("a"), name("b")),
            name("c")
        )
    );
    assert_eq!(
        p("a | b < c"),
        bin(
            BinOp::Lt,
            bin(BinOp::BitOr, name("a"), name("b")),
            name("c")
        )
    );
}

#[test]
fn not_binds_looser_than_comparison() {
    let want = Expr::Unary(UnOp::Not, Box::new(bin(BinOp::Eq, name("a"), name("b"))));
    assert_eq!(p("not a == b"), want);
    assert_eq!(p("nothing"), name("nothing"));
    assert_eq!(
        p("a and b or c"),
        bin(BinOp::Or, bin(BinOp::And, name("a"), name("b")), name("c"))
    );
    assert_eq!(p("android"), name("android"));
}

#[test]
fn ternary_nests_to_the_right() {
    let e = p("a ? b : c ? d : e");
    let Expr::Cond(_, _, else_) = e else {
        panic!("{e:?}")
    };
    assert!(matches!(*else_, Expr::Cond(..)));
}

#[test]
fn trailers_chain_on_atoms() {
    let e = p("a.b[1].c(2, 3).as<foo::bar>");
    let Expr::Cast(inner, ty) = e else {
        panic!("{e:?}")
    };
    assert_eq!(ty.to_string(), "foo::bar");
    let Expr::Call(obj, method, args) = *inner else {
        panic!()
    };
    assert_eq!((&*method, args.len()), ("c", 2));
    assert!(matches!(*obj, Expr::Index(..)));
    assert_eq!(p("x.as"), Expr::Attr(Box::new(name("x")), "as".into()));
    let as_attr = Expr::Attr(Box::new(name("x")), "as".into());
    assert_eq!(p("x.as < 3"), bin(BinOp::Lt, as_attr, lit(3)));
}

#[test]
fn enum_labels_and_sizes() {
    let want = EnumRef {
        absolute: true,
        path: vec!["a".into(), "b".into()],
        label: "c".into(),
    };
    assert_eq!(p("::a::b::c"), Expr::EnumLabel(want));
    let Expr::EnumLabel(r) = p("animal::dog") else {
        panic!()
    };
    assert_eq!(
        (r.enum_name(), r.type_path().len(), &*r.label),
        ("animal", 0, "dog")
    );
    let arr = TypeName {
        absolute: false,
        path: vec!["u1".into()],
        is_array: true,
    };
    assert_eq!(p("x.as<u1[]>"), Expr::Cast(Box::new(name("x")), arr));
    assert!(matches!(p("sizeof<u4>"), Expr::SizeOf(_)));
    assert!(matches!(p("bitsizeof < b3 >"), Expr::BitSizeOf(_)));
    // `sizeof` alone is just a name.
    assert_eq!(p("sizeof < 3"), bin(BinOp::Lt, name("sizeof"), lit(3)));
}

#[test]
fn whitespace_and_line_continuations_are_allowed() {
    assert_eq!(p("  1 +\n 2  "), bin(BinOp::Add, lit(1), lit(2)));
    assert_eq!(p("1 \\\n+ 2"), bin(BinOp::Add, lit(1), lit(2)));
}

#[test]
fn type_refs_take_arguments() {
    let t = parse_type_ref("my_type(3, _parent.len)").unwrap();
    assert_eq!(t.name.simple(), Some("my_type"));
    assert_eq!(t.args.len(), 2);
    let t = parse_type_ref("::top::inner").unwrap();
    assert!(t.name.absolute && t.args.is_empty() && t.name.simple().is_none());
    assert_eq!(
        parse_type_ref("xor(0x9b ^ (_index << 4))")
            .unwrap()
            .args
            .len(),
        1
    );
    assert!(parse_type_ref("foo()").is_err());
    assert!(parse_type_ref("foo bar").is_err());
}

#[test]
fn errors_carry_positions() {
    let cases = [
        ("1 < 2 < 3", 6),
        ("1 +", 3),
        ("(1", 2),
        ("a.", 2),
        ("\"abc", 0),
        ("'abc", 0),
        ("\"\\x41\"", 2),
        ("1 2", 2),
        ("[1, 2", 5),
        ("a ? b", 5),
        ("0123", 1),
        ("f\"{1\"", 4),
        ("x.as<>", 5),
        ("(1)(2)", 3),
        ("", 0),
        ("a::", 3),
        ("0x", 1),
        ("99999999999999999999999999999999999999999", 0),
    ];
    for (src, pos) in cases {
        let e = parse_expr(src).expect_err(src);
        assert_eq!(e.pos, pos, "{src}: {e}");
        assert!(
            e.to_string().contains(&format!("column {}", pos + 1)),
            "{e}"
        );
    }
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
    assert!(parse_expr(&deep).unwrap_err().message.contains("deep"));
    let negs = format!("{}1", "-".repeat(5000));
    assert!(parse_expr(&negs).is_err());
    let nots = format!("{}true", "not ".repeat(5000));
    assert!(parse_expr(&nots).is_err());
    let chain = vec!["1"; 5000].join(" + ");
    assert!(parse_expr(&chain).is_err());
    let trailers = format!("x{}", ".a".repeat(5000));
    assert!(parse_expr(&trailers).is_err());
    let ok = format!("{}1{}", "(".repeat(40), ")".repeat(40));
    assert_eq!(parse_expr(&ok).unwrap(), lit(1));
}

#[test]
fn the_deepest_accepted_tree_evaluates() {
    let chain = vec!["1"; 250].join(" + ");
    let e = parse_expr(&chain).unwrap();
    assert_eq!(
        super::super::eval(&e, &mut super::Mock::new()).unwrap(),
        Value::Int(250)
    );
    let nested = format!(
        "{}{}{}",
        "(1 + ".repeat(45),
        vec!["1"; 200].join(" * "),
        ")".repeat(45)
    );
    assert!(parse_expr(&nested).is_ok());
}

#[test]
fn process_values_read_like_the_reference() {
    use super::super::{Process, parse_process};
    assert_eq!(parse_process("zlib").unwrap(), Process::Zlib);
    assert_eq!(parse_process("xor(0xff)").unwrap(), Process::Xor(lit(255)));
    assert_eq!(parse_process("rol( 3 )").unwrap(), Process::Rol(lit(3)));
    assert!(matches!(
        parse_process("ror(key)").unwrap(),
        Process::Ror(Expr::Name(_))
    ));
    let Process::Custom { name, args } = parse_process("nested.deeply.custom_fx(7, [1])").unwrap()
    else {
        panic!()
    };
    assert_eq!(
        (name.join("/"), args.len()),
        ("nested/deeply/custom_fx".to_string(), 2)
    );
    let none = parse_process("custom_fx_no_args").unwrap();
    assert_eq!(
        none,
        Process::Custom {
            name: vec!["custom_fx_no_args".into()],
            args: vec![]
        }
    );
    assert_eq!(parse_process("xor(1 +)").unwrap_err().pos, 7);
    assert!(parse_process("Zlib").is_err());
    assert!(parse_process("xor 3").is_err());
}

#[test]
fn keywords_are_not_names() {
    for src in ["+ not", "and", "1 + or", "-and"] {
        assert!(parse_expr(src).is_err(), "{src} parsed");
    }
    assert_eq!(p("not x"), Expr::Unary(UnOp::Not, Box::new(name("x"))));
    assert_eq!(p("nothing"), name("nothing"));
}
