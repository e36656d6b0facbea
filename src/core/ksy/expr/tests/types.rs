//! The static checks, one per kind of spec the reference compiler refuses
//! (the cases of the conformance suite's formats_err/).

use std::sync::Arc;

use super::super::ast::{EnumRef, TypeName};
use super::super::{Ty, TypeEnv, TypeError, check, check_expecting, parse_expr};

/// A type with fields `u: u1`, `name: str`, `flag: bool`, `pet: animal`,
/// `hdr: hdr_t` { len: u4, magic: bytes }, `recs: u2[]`, `raw: bytes`,
/// `sw` (a switch over unlike types), and a `_parent` of no one type.
struct Env;

impl TypeEnv for Env {
    fn ident(&mut self, name: &str) -> Result<Ty, TypeError> {
        Ok(match name {
            "u" => Ty::Int,
            "name" => Ty::Str,
            "flag" => Ty::Bool,
            "ratio" => Ty::Float,
            "pet" => Ty::Enum("animal".into()),
            "hdr" => Ty::Struct(Some("hdr_t".into())),
            "recs" => Ty::Array(Box::new(Ty::Int)),
            "raw" => Ty::Bytes,
            "sw" => Ty::Any,
            "_io" => Ty::Io,
            "_parent" => Ty::Struct(None),
            _ => {
                return Err(TypeError::new(format!(
                    "unable to access '{name}' in top context"
                )));
            }
        })
    }

    fn member(&mut self, ty: &str, name: &str) -> Result<Ty, TypeError> {
        match (ty, name) {
            ("hdr_t", "len") => Ok(Ty::Int),
            ("hdr_t", "magic") => Ok(Ty::Bytes),
            ("hdr_t", "_io") => Ok(Ty::Io),
            _ => Err(TypeError::new(format!(
                "unable to access '{name}' in {ty} context"
            ))),
        }
    }

    fn enum_label(&mut self, r: &EnumRef) -> Result<Ty, TypeError> {
        match (r.enum_name(), &*r.label) {
            ("animal", "cat" | "dog") => Ok(Ty::Enum(Arc::from("animal"))),
            ("color", "red") => Ok(Ty::Enum(Arc::from("color"))),
            (e, l) => Err(TypeError::new(format!(
                "unable to find enum member '{e}::{l}'"
            ))),
        }
    }

    fn user_type(&mut self, ty: &TypeName) -> Result<Ty, TypeError> {
        match ty.to_string().as_str() {
            "hdr_t" => Ok(Ty::Struct(Some("hdr_t".into()))),
            t => Err(TypeError::new(format!("unable to find type '{t}'"))),
        }
    }
}

fn ty(src: &str) -> Result<Ty, TypeError> {
    check(&parse_expr(src).unwrap(), &mut Env)
}

fn refused(src: &str, part: &str) {
    match ty(src) {
        Err(e) => assert!(e.0.contains(part), "{src}: '{e}' lacks '{part}'"),
        Ok(t) => panic!("{src} should be refused, typed {t}"),
    }
}

#[test]
fn well_typed_expressions_have_their_types() {
    let cases = [
        ("u + 1", Ty::Int),
        ("u / 2.0", Ty::Float),
        ("name + \"x\"", Ty::Str),
        ("u > 3 and flag", Ty::Bool),
        ("hdr.len * 2", Ty::Int),
        ("hdr.magic", Ty::Bytes),
        ("hdr._io.pos", Ty::Int),
        ("recs[0]", Ty::Int),
        ("recs.last", Ty::Int),
        ("raw[1]", Ty::Int),
        ("raw.to_s(\"UTF-8\")", Ty::Str),
        ("name.substring(1, 2).to_i(16)", Ty::Int),
        ("[1, 2]", Ty::Bytes),
        ("[1, 1000]", Ty::Array(Box::new(Ty::Int))),
        ("[1, 1.5]", Ty::Array(Box::new(Ty::Float))),
        ("flag ? 1 : 2.5", Ty::Float),
        ("pet == animal::dog", Ty::Bool),
        ("pet.to_i + 1", Ty::Int),
        ("sw.anything(1) + 2", Ty::Any),
        ("u.as<hdr_t>.len", Ty::Int),
        ("sizeof<hdr_t>", Ty::Int),
        ("u._sizeof", Ty::Int),
        ("_io.eof", Ty::Bool),
        ("f\"{u}-{name}\"", Ty::Str),
        ("_parent._parent._io.size", Ty::Int),
    ];
    for (src, want) in cases {
        assert_eq!(ty(src), Ok(want), "{src}");
    }
}

#[test]
fn keys_get_the_kind_they_need() {
    let e = parse_expr("u").unwrap();
    let err = check_expecting(&e, &Ty::Bool, &mut Env).unwrap_err();
    assert_eq!(err.0, "invalid type: expected boolean, got integer");
    let e = parse_expr("name").unwrap();
    assert!(check_expecting(&e, &Ty::Int, &mut Env).is_err());
    let e = parse_expr("u == 1").unwrap();
    assert_eq!(check_expecting(&e, &Ty::Bool, &mut Env), Ok(Ty::Bool));
    let e = parse_expr("sw").unwrap();
    assert_eq!(check_expecting(&e, &Ty::Int, &mut Env), Ok(Ty::Any));
}

#[test]
fn refused_like_the_reference_compiler() {
    refused("u == true", "can't compare integer and boolean");
    refused("u == \"foo\"", "can't compare");
    refused("not u", "unable to apply unary operator");
    refused(
        "pet > animal::dog",
        "can't use comparison operator '>' on enums",
    );
    refused("pet == 2", "can't compare enum animal and integer");
    refused("pet == color::red", "different enums");
    refused("animal::hat", "unable to find enum member");
    refused("bar + 1", "unable to access 'bar'");
    refused("hdr.nosuch", "unable to access 'nosuch' in hdr_t");
    refused(
        "_parent.len_body",
        "don't know how to call method 'len_body'",
    );
    refused("raw._io", "don't know how to call method '_io'");
    refused(
        "[1, 2, 3].frobnicate(2, true)",
        "don't know how to call method 'frobnicate'",
    );
    refused(
        "raw.frobnicate",
        "don't know how to call method 'frobnicate'",
    );
    refused("raw.to_s()", "wrong arguments to method call `to_s`");
    refused("raw.to_s(\"a\", \"b\")", "wrong arguments");
    refused("raw.to_s(123)", "wrong arguments");
    refused(
        "raw.to_s(u == 0 ? \"SJIS\" : \"UTF-16LE\")",
        "expected string literal",
    );
    refused("u.as<bar>", "unable to find type 'bar'");
    refused("1 + \"a\"", "can't apply operator '+'");
    refused("flag and 1", "boolean expression");
    refused("u ? 1 : 2", "unable to switch over integer");
    refused("flag ? 1 : \"a\"", "can't combine output types");
    refused("name[0]", "unable to apply operation []");
    refused("recs[flag]", "unable to index");
    refused("f\"{flag}\"", "format string");
    refused("[]", "empty array");
    refused("1.5.to_s", "don't know how to call method 'to_s'");
    refused("BAD + 1", "invalid ID: 'BAD'");
    refused("hdr.Len", "invalid ID: 'Len'");
    assert_eq!(ty("[].as<bytes>"), Ok(Ty::Bytes));
}
