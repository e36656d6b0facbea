//! The typing rules of single operations: operators, attributes and
//! methods, casts, how two types combine and which may stand for which.

use super::super::ast::{BinOp, Expr, TypeName};
use super::super::eval::primitive_bits;
use super::super::value::Value;
use super::{Ty, TypeEnv, TypeError};

/// Whether a value of type `src` may stand where `dst` is wanted.
pub fn can_assign(src: &Ty, dst: &Ty) -> bool {
    match (src, dst) {
        (_, Ty::Any) | (Ty::Any, _) => true,
        (Ty::Struct(_), Ty::Struct(None)) => true,
        (Ty::Array(a), Ty::Array(b)) => can_assign(a, b),
        (a, b) => a == b,
    }
}

/// Names of fields and the like are lower case (`_root`, `_io` … start
/// with `_` and are the env's to know).
pub(super) fn valid_id(name: &str) -> Result<(), TypeError> {
    let ok = name.starts_with('_')
        || (name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_'));
    if ok {
        Ok(())
    } else {
        Err(TypeError::new(format!(
            "invalid ID: '{name}', expected /^[a-z][a-z0-9_]*$/"
        )))
    }
}

pub(super) fn value_type(v: &Value) -> Ty {
    match v {
        Value::Int(_) => Ty::Int,
        Value::Float(_) => Ty::Float,
        Value::Bool(_) => Ty::Bool,
        Value::Str(_) => Ty::Str,
        Value::Bytes(_) => Ty::Bytes,
        Value::Enum { enum_id, .. } => Ty::Enum(enum_id.clone()),
        Value::Io(_) => Ty::Io,
        Value::Array(_) | Value::Obj(_) | Value::Null => Ty::Any,
    }
}

/// An integer literal the reference types as one byte (0..=255).
pub(super) fn is_byte_literal(e: &Expr) -> bool {
    matches!(e, Expr::Lit(Value::Int(0..=255)))
}

/// The type both branches of `?:` (or all items of a list) fit in.
pub fn combine(a: &Ty, b: &Ty) -> Result<Ty, TypeError> {
    Ok(match (a, b) {
        (Ty::Any, _) | (_, Ty::Any) => Ty::Any,
        (a, b) if a == b => a.clone(),
        (Ty::Int | Ty::Float, Ty::Int | Ty::Float) => Ty::Float,
        (Ty::Struct(_), Ty::Struct(_)) => Ty::Struct(None),
        (Ty::Array(x), Ty::Array(y)) => Ty::Array(Box::new(combine(x, y)?)),
        (a, b) => {
            return Err(TypeError::new(format!(
                "can't combine output types: {a} vs {b}"
            )));
        }
    })
}

pub(super) fn binary(op: BinOp, l: &Ty, r: &Ty) -> Result<Ty, TypeError> {
    use BinOp::*;
    if matches!(op, Eq | Ne | Lt | Le | Gt | Ge) {
        let ok = match (l, r) {
            (Ty::Any, _) | (_, Ty::Any) => true,
            (Ty::Int | Ty::Float, Ty::Int | Ty::Float) => true,
            (Ty::Str, Ty::Str) | (Ty::Bool, Ty::Bool) | (Ty::Bytes, Ty::Bytes) => true,
            (Ty::Enum(a), Ty::Enum(b)) => {
                if a != b {
                    return Err(TypeError::new(format!(
                        "can't compare different enums '{a}' and '{b}'"
                    )));
                }
                if !matches!(op, Eq | Ne) {
                    return Err(TypeError::new(format!(
                        "can't use comparison operator '{}' on enums",
                        op.symbol()
                    )));
                }
                true
            }
            // Arrays compare in the reference's targets only by identity;
            // an interpreter can compare them by value, so allow equality.
            (Ty::Array(_), Ty::Array(_)) => matches!(op, Eq | Ne),
            _ => false,
        };
        return if ok {
            Ok(Ty::Bool)
        } else {
            Err(TypeError::new(format!("can't compare {l} and {r}")))
        };
    }
    match (l, r) {
        (Ty::Any, _) | (_, Ty::Any) => Ok(Ty::Any),
        (Ty::Int, Ty::Int) => Ok(Ty::Int),
        (Ty::Int | Ty::Float, Ty::Int | Ty::Float) if matches!(op, Add | Sub | Mul | Div | Mod) => {
            Ok(Ty::Float)
        }
        (Ty::Str, Ty::Str) if op == Add => Ok(Ty::Str),
        _ => Err(TypeError::new(format!(
            "can't apply operator '{}' to {l} and {r}",
            op.symbol()
        ))),
    }
}

fn no_method(name: &str, t: &Ty) -> TypeError {
    TypeError::new(format!(
        "don't know how to call method '{name}' of object type '{t}'"
    ))
}

pub(super) fn attribute(t: &Ty, name: &str, env: &mut dyn TypeEnv) -> Result<Ty, TypeError> {
    let r = match (t, name) {
        (Ty::Any, _) => Ty::Any,
        (Ty::Struct(Some(ty)), _) => {
            valid_id(name)?;
            return env.member(ty, name);
        }
        (Ty::Struct(None), "_parent") => Ty::Struct(None),
        (Ty::Struct(None), "_io") => Ty::Io,
        (Ty::Bytes, "length" | "size") => Ty::Int,
        (Ty::Bytes, "first" | "last" | "min" | "max") => Ty::Int,
        (Ty::Str, "length" | "to_i") => Ty::Int,
        (Ty::Str, "reverse") => Ty::Str,
        (Ty::Int, "to_s") => Ty::Str,
        (Ty::Float | Ty::Bool | Ty::Enum(_), "to_i") => Ty::Int,
        (Ty::Array(el), "first" | "last" | "min" | "max") => (**el).clone(),
        (Ty::Array(_), "size") => Ty::Int,
        (Ty::Io, "size" | "pos") => Ty::Int,
        (Ty::Io, "eof") => Ty::Bool,
        _ => return Err(no_method(name, t)),
    };
    Ok(r)
}

pub(super) fn call(t: &Ty, name: &str, args: &[Expr], arg_types: &[Ty]) -> Result<Ty, TypeError> {
    let fits = |want: &[Ty]| {
        want.len() == arg_types.len() && want.iter().zip(arg_types).all(|(w, g)| can_assign(g, w))
    };
    let (ret, want): (Ty, &[Ty]) = match (t, name) {
        (Ty::Any, _) => return Ok(Ty::Any),
        (Ty::Str, "substring") => (Ty::Str, &[Ty::Int, Ty::Int]),
        (Ty::Str, "to_i") if arg_types.is_empty() => (Ty::Int, &[]),
        (Ty::Str, "to_i") => (Ty::Int, &[Ty::Int]),
        (Ty::Str, "to_b") => (Ty::Bytes, &[Ty::Str]),
        (Ty::Bytes, "to_s") => {
            if fits(&[Ty::Str]) && !matches!(args, [Expr::Lit(Value::Str(_))]) {
                return Err(TypeError::new(format!(
                    "to_s: argument #0: expected string literal, got {:?}",
                    args[0]
                )));
            }
            (Ty::Str, &[Ty::Str])
        }
        (Ty::Bytes, "index_of") => (Ty::Int, &[Ty::Int]),
        _ => return Err(no_method(name, t)),
    };
    if !fits(want) {
        let show = |ts: &[Ty]| ts.iter().map(Ty::to_string).collect::<Vec<_>>().join(", ");
        return Err(TypeError::new(format!(
            "wrong arguments to method call `{name}` on {t}: expected ({}), got ({})",
            show(want),
            show(arg_types)
        )));
    }
    Ok(ret)
}

/// The type `.as<T>` gives: a primitive's, or a user type's from the env.
pub(super) fn cast_target(ty: &TypeName, env: &mut dyn TypeEnv) -> Result<Ty, TypeError> {
    if let Some(name) = ty.simple() {
        if let Some(bits) = primitive_bits(name) {
            return Ok(match name.as_bytes()[0] {
                b'f' => Ty::Float,
                b'b' if bits == 1 => Ty::Bool,
                _ => Ty::Int,
            });
        }
        match name {
            "str" | "strz" => return Ok(Ty::Str),
            "bytes" => return Ok(Ty::Bytes),
            "bool" => return Ok(Ty::Bool),
            _ => {}
        }
    }
    env.user_type(ty)
}
