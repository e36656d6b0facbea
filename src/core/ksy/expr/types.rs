//! Static types of expressions, checked before any byte is read — what the
//! reference compiler's `TypeDetector` refuses (`if: 1`, `"a" == 1`,
//! `x.frobnicate`, `_parent.foo` where `_parent` is not one known type, …)
//! a spec loader refuses too. The spec's side (the types of fields, enums
//! and user types) comes from a `TypeEnv`.

use std::fmt;
use std::sync::Arc;

use thiserror::Error;

mod rules;

use rules::{attribute, binary, call, cast_target, is_byte_literal, valid_id, value_type};
pub use rules::{can_assign, combine};

use super::ast::{BinOp, EnumRef, Expr, TypeName, UnOp};
use super::eval::primitive_bits;

/// The static type of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Int,
    Float,
    Bool,
    Str,
    Bytes,
    /// A value of the enum with this (qualified) id.
    Enum(Arc<str>),
    /// An object of the user type with this (qualified) name; `None` for
    /// an object of no one known type (`_parent` of a type used from
    /// several places), whose fields cannot be named.
    Struct(Option<Arc<str>>),
    Array(Box<Ty>),
    Io,
    /// Not known statically (a switch over unlike types, an opaque type):
    /// every use is allowed and checked when evaluated.
    Any,
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Int => f.write_str("integer"),
            Ty::Float => f.write_str("float"),
            Ty::Bool => f.write_str("boolean"),
            Ty::Str => f.write_str("string"),
            Ty::Bytes => f.write_str("byte array"),
            Ty::Enum(id) => write!(f, "enum {id}"),
            Ty::Struct(Some(name)) => write!(f, "user type {name}"),
            Ty::Struct(None) => f.write_str("struct of unknown type"),
            Ty::Array(t) => write!(f, "array of {t}"),
            Ty::Io => f.write_str("stream"),
            Ty::Any => f.write_str("any"),
        }
    }
}

/// Why an expression is refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct TypeError(pub String);

impl TypeError {
    pub fn new(msg: impl Into<String>) -> TypeError {
        TypeError(msg.into())
    }
}

/// The spec, as the type checker sees it: the types of names in the
/// current user type and in others, enums, and user type names.
pub trait TypeEnv {
    /// A bare name in the current type: field, instance, parameter, or
    /// `_root`, `_parent`, `_io`, `_`, `_index`, `_on`, `_is_le`. An unknown
    /// name is an error ("unable to access 'x' in T context").
    fn ident(&mut self, name: &str) -> Result<Ty, TypeError>;

    /// `name` in the user type `ty` (its fields, instances, parameters,
    /// `_parent`, `_root`, `_io`).
    fn member(&mut self, ty: &str, name: &str) -> Result<Ty, TypeError>;

    /// The enum of `a::b::label`, as `Ty::Enum`, when the enum and the
    /// label exist.
    fn enum_label(&mut self, r: &EnumRef) -> Result<Ty, TypeError>;

    /// A user type named in `.as<T>`, `sizeof<T>` (never a primitive such
    /// as `u4` or `str`), as `Ty::Struct`, when it exists.
    fn user_type(&mut self, ty: &TypeName) -> Result<Ty, TypeError>;
}

/// The type of `e`, or why it is refused.
pub fn check(e: &Expr, env: &mut dyn TypeEnv) -> Result<Ty, TypeError> {
    match e {
        Expr::Lit(v) => Ok(value_type(v)),
        Expr::Name(n) => {
            valid_id(n)?;
            env.ident(n)
        }
        Expr::EnumLabel(r) => env.enum_label(r),
        Expr::List(items) => {
            let mut ty: Option<Ty> = None;
            let mut all_bytes = !items.is_empty();
            for i in items {
                all_bytes &= is_byte_literal(i);
                let t = check(i, env)?;
                ty = Some(match ty {
                    None => t,
                    Some(prev) => combine(&prev, &t)?,
                });
            }
            match ty {
                None => Err(TypeError::new("empty array literals are not allowed")),
                Some(Ty::Int) if all_bytes => Ok(Ty::Bytes),
                Some(t) => Ok(Ty::Array(Box::new(t))),
            }
        }
        Expr::Interp(parts) => {
            for p in parts {
                match check(p, env)? {
                    Ty::Int | Ty::Str | Ty::Any => {}
                    t => {
                        return Err(TypeError::new(format!(
                            "unable to convert {t} to string in format string (only integers and strings are supported)"
                        )));
                    }
                }
            }
            Ok(Ty::Str)
        }
        Expr::Unary(op, x) => match (op, check(x, env)?) {
            (_, Ty::Any) => Ok(Ty::Any),
            (UnOp::Neg | UnOp::Invert, Ty::Int) => Ok(Ty::Int),
            (UnOp::Neg, Ty::Float) => Ok(Ty::Float),
            (UnOp::Not, Ty::Bool) => Ok(Ty::Bool),
            (op, t) => Err(TypeError::new(format!(
                "unable to apply unary operator {op:?} to {t}"
            ))),
        },
        Expr::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
            for x in [a, b] {
                match check(x, env)? {
                    Ty::Bool | Ty::Any => {}
                    t => {
                        return Err(TypeError::new(format!(
                            "unable to use {t} argument in '{}' boolean expression",
                            op.symbol()
                        )));
                    }
                }
            }
            Ok(Ty::Bool)
        }
        Expr::Binary(op, a, b) => {
            let (l, r) = (check(a, env)?, check(b, env)?);
            binary(*op, &l, &r)
        }
        Expr::Cond(c, a, b) => {
            match check(c, env)? {
                Ty::Bool | Ty::Any => {}
                t => return Err(TypeError::new(format!("unable to switch over {t}"))),
            }
            let (l, r) = (check(a, env)?, check(b, env)?);
            combine(&l, &r)
        }
        Expr::Attr(obj, name) => {
            if &**name == "_sizeof" {
                check(obj, env)?;
                return Ok(Ty::Int);
            }
            let t = check(obj, env)?;
            attribute(&t, name, env)
        }
        Expr::Call(obj, name, args) => {
            let t = check(obj, env)?;
            let arg_types = args
                .iter()
                .map(|a| check(a, env))
                .collect::<Result<Vec<_>, _>>()?;
            call(&t, name, args, &arg_types)
        }
        Expr::Index(obj, i) => {
            let (t, it) = (check(obj, env)?, check(i, env)?);
            if !matches!(it, Ty::Int | Ty::Any) {
                return Err(TypeError::new(format!(
                    "unable to index an array using {it}"
                )));
            }
            match t {
                Ty::Array(el) => Ok(*el),
                Ty::Bytes => Ok(Ty::Int),
                Ty::Any => Ok(Ty::Any),
                t => Err(TypeError::new(format!(
                    "unable to apply operation [] to {t}"
                ))),
            }
        }
        Expr::Cast(x, ty) => {
            // The reference types a cast by its target alone, so `[]`
            // (refused on its own) is fine in `[].as<bytes>`.
            if !matches!(&**x, Expr::List(items) if items.is_empty()) {
                check(x, env)?;
            }
            let single = cast_target(ty, env)?;
            Ok(if ty.is_array {
                Ty::Array(Box::new(single))
            } else {
                single
            })
        }
        Expr::SizeOf(ty) | Expr::BitSizeOf(ty) => {
            if ty.simple().and_then(primitive_bits).is_none() {
                match env.user_type(ty)? {
                    Ty::Struct(_) | Ty::Any => {}
                    t => return Err(TypeError::new(format!("unable to derive sizeof of {t}"))),
                }
            }
            Ok(Ty::Int)
        }
    }
}

/// Checks that `e` is of the kind a key needs (`if:` a boolean, `size:`
/// an integer …), as "invalid type: expected boolean, got integer".
pub fn check_expecting(e: &Expr, want: &Ty, env: &mut dyn TypeEnv) -> Result<Ty, TypeError> {
    let got = check(e, env)?;
    if can_assign(&got, want) {
        Ok(got)
    } else {
        Err(TypeError::new(format!(
            "invalid type: expected {want}, got {got}"
        )))
    }
}
