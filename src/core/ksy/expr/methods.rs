//! Attributes and methods on values — `.length`, `.size`, `.first`, `.to_s`,
//! `.to_i`, `.substring` … — indexing, and the hand-off of object and
//! stream members to the context.

use std::cmp::Ordering;
use std::sync::Arc;

use super::ast::{BinOp, Expr};
use super::context::{Context, EvalError};
use super::eval::{compare, elements, eval};
use super::value::Value;
use crate::core::ksy::strenc;

/// `obj.name` without arguments.
pub(super) fn attribute(obj: &Expr, name: &str, cx: &mut dyn Context) -> Result<Value, EvalError> {
    if name == "_sizeof" {
        return sizeof_of(obj, cx);
    }
    let v = eval(obj, cx)?;
    match v {
        Value::Io(_) => cx.member(&v, name),
        Value::Obj(_) => match cx.array_len(&v)? {
            Some(len) if is_array_method(name) => lazy_array_method(&v, len, name, cx),
            _ => cx.member(&v, name),
        },
        v => call(v, name, &[]),
    }
}

fn is_array_method(name: &str) -> bool {
    matches!(
        name,
        "size" | "length" | "first" | "last" | "min" | "max" | "reverse"
    )
}

/// `x._sizeof`: the size of the field or object `x`. The context answers
/// for the named field (`x`, `a.b`) so that fields of any type have one;
/// other expressions must give an object.
fn sizeof_of(obj: &Expr, cx: &mut dyn Context) -> Result<Value, EvalError> {
    match obj {
        Expr::Name(field) => cx.sizeof_field(None, field),
        // (`items.first._sizeof` is an array's item, not a field: below.)
        Expr::Attr(owner, field) if !is_array_method(field) => {
            let owner = eval(owner, cx)?;
            cx.sizeof_field(Some(&owner), field)
        }
        e => {
            let v = eval(e, cx)?;
            match v {
                Value::Obj(_) => cx.member(&v, "_sizeof"),
                v => Err(EvalError::type_error(format!(
                    "a {} has no _sizeof",
                    v.type_name()
                ))),
            }
        }
    }
}

/// `.min`, `.max` and `.reverse` of a lazily read array read every item;
/// past this many, a hostile count would take hours, so they are refused.
const MAX_SCAN: u64 = 1 << 24;

fn lazy_array_method(
    v: &Value,
    len: u64,
    name: &str,
    cx: &mut dyn Context,
) -> Result<Value, EvalError> {
    match name {
        "size" | "length" => Ok(Value::Int(i128::from(len))),
        "first" | "last" if len == 0 => Err(empty(name)),
        "first" => cx.array_get(v, 0),
        "last" => cx.array_get(v, len - 1),
        _ if len > MAX_SCAN => Err(EvalError::range(format!(
            ".{name} of an array of {len} items (more than {MAX_SCAN})"
        ))),
        _ => {
            let items = (0..len)
                .map(|i| cx.array_get(v, i))
                .collect::<Result<Vec<_>, _>>()?;
            call(Value::array(items), name, &[])
        }
    }
}

fn empty(name: &str) -> EvalError {
    EvalError::range(format!(".{name} of an empty array"))
}

fn no_method(v: &Value, name: &str, argc: usize) -> EvalError {
    let what = if argc == 0 { "attribute" } else { "method" };
    EvalError::type_error(format!("a {} has no {what} '{name}'", v.type_name()))
}

fn int_arg(args: &[Value], i: usize, name: &str) -> Result<i128, EvalError> {
    match args.get(i) {
        Some(Value::Int(n)) => Ok(*n),
        _ => Err(EvalError::type_error(format!(
            ".{name}: argument {} must be an integer",
            i + 1
        ))),
    }
}

fn str_arg<'a>(args: &'a [Value], i: usize, name: &str) -> Result<&'a str, EvalError> {
    match args.get(i) {
        Some(Value::Str(s)) => Ok(s),
        _ => Err(EvalError::type_error(format!(
            ".{name}: argument {} must be a string",
            i + 1
        ))),
    }
}

/// `v.name(args)` on a plain value (also `v.name` with no arguments).
pub(super) fn call(v: Value, name: &str, args: &[Value]) -> Result<Value, EvalError> {
    let argc = args.len();
    match (&v, name, argc) {
        (Value::Int(n), "to_s", 0) => Ok(Value::str(&n.to_string())),
        (Value::Float(x), "to_i", 0) => float_to_int(*x),
        (Value::Bool(b), "to_i", 0) => Ok(Value::Int(i128::from(*b))),
        (Value::Enum { value, .. }, "to_i", 0) => Ok(Value::Int(*value)),
        (Value::Str(s), "length", 0) => Ok(Value::Int(s.chars().count() as i128)),
        (Value::Str(s), "reverse", 0) => Ok(Value::str(&s.chars().rev().collect::<String>())),
        (Value::Str(s), "to_i", 0) => str_to_int(s, 10),
        (Value::Str(s), "to_i", 1) => str_to_int(s, int_arg(args, 0, name)?),
        (Value::Str(s), "to_b", 1) => strenc::encode(s, str_arg(args, 0, name)?)
            .map(|b| Value::Bytes(Arc::from(b)))
            .map_err(|e| EvalError::Conversion(e.to_string())),
        (Value::Str(s), "substring", 2) => {
            let (from, to) = (int_arg(args, 0, name)?, int_arg(args, 1, name)?);
            substring(s, from, to)
        }
        (Value::Bytes(b), "length" | "size", 0) => Ok(Value::Int(b.len() as i128)),
        (Value::Bytes(b), "to_s", 1) => strenc::decode(b, str_arg(args, 0, name)?)
            .map(|s| Value::str(&s))
            .map_err(|e| EvalError::Conversion(e.to_string())),
        (Value::Bytes(b), "index_of", 1) => {
            let x = int_arg(args, 0, name)?;
            let at = b.iter().position(|&c| i128::from(c) == x);
            Ok(Value::Int(at.map_or(-1, |i| i as i128)))
        }
        (Value::Bytes(b), "reverse", 0) => {
            let r: Vec<u8> = b.iter().rev().copied().collect();
            Ok(Value::Bytes(Arc::from(r)))
        }
        (Value::Array(items), "size" | "length", 0) => Ok(Value::Int(items.len() as i128)),
        (Value::Array(items), "reverse", 0) => {
            Ok(Value::array(items.iter().rev().cloned().collect()))
        }
        (Value::Bytes(_) | Value::Array(_), "first" | "last" | "min" | "max", 0) => {
            extreme(elements(&v), name)
        }
        _ => Err(no_method(&v, name, argc)),
    }
}

/// `.first`, `.last`, `.min`, `.max` of a sequence of values.
fn extreme(items: Vec<Value>, name: &str) -> Result<Value, EvalError> {
    let mut it = items.into_iter();
    let Some(mut best) = it.next() else {
        return Err(empty(name));
    };
    for x in it {
        best = match name {
            "first" => best,
            "last" => x,
            _ => {
                let ord = compare(BinOp::Lt, &x, &best)?;
                let better = match name {
                    "min" => ord == Some(Ordering::Less),
                    _ => ord == Some(Ordering::Greater),
                };
                if better { x } else { best }
            }
        };
    }
    Ok(best)
}

/// `.to_i` of a float: truncated toward zero, exactly; infinities are the
/// ends of the 64-bit range and NaN is 0 (a NaN count reads no items, as in
/// the reference's JavaScript) — never an error.
fn float_to_int(x: f64) -> Result<Value, EvalError> {
    let n = if x.is_nan() {
        0
    } else if x == f64::INFINITY {
        i128::from(u64::MAX)
    } else if x == f64::NEG_INFINITY {
        i128::from(i64::MIN)
    } else {
        // Exact, as the reference's `Math.trunc` keeps it, up to ±2^100
        // (beyond, saturated there: integers stay far from i128's ends).
        let limit = 2f64.powi(100);
        x.trunc().clamp(-limit, limit) as i128
    };
    Ok(Value::Int(n))
}

/// `"42".to_i`, `"ff".to_i(16)`: the whole string (but for surrounding
/// blanks) must be a number: an optional `-` or `+`, then digits of the
/// radix.
fn str_to_int(s: &str, radix: i128) -> Result<Value, EvalError> {
    let radix = u32::try_from(radix)
        .ok()
        .filter(|r| (2..=36).contains(r))
        .ok_or_else(|| EvalError::range(format!(".to_i: radix {radix} is not 2 to 36")))?;
    // Surrounding blanks are allowed, as Python's int() and JavaScript's
    // parseInt allow them.
    i128::from_str_radix(s.trim_ascii(), radix)
        .map(|n| Value::Int(super::eval::fit64(n)))
        .map_err(|_| EvalError::Conversion(format!("{s:?} is not a number in base {radix}")))
}

/// `s.substring(from, to)`: characters `from` up to `to`, clamped to the
/// string as the reference's targets do.
fn substring(s: &str, from: i128, to: i128) -> Result<Value, EvalError> {
    let len = s.chars().count() as i128;
    let to = to.clamp(0, len);
    let from = from.clamp(0, to);
    let text: String = s
        .chars()
        .skip(from as usize)
        .take((to - from) as usize)
        .collect();
    Ok(Value::str(&text))
}

/// `v[i]` on an array, a byte array, or a lazily handed-out array.
pub(super) fn index(v: &Value, i: i128, cx: &mut dyn Context) -> Result<Value, EvalError> {
    let len = match v {
        Value::Bytes(b) => b.len() as u64,
        Value::Array(items) => items.len() as u64,
        Value::Obj(_) => match cx.array_len(v)? {
            Some(len) => len,
            None => return Err(EvalError::type_error("an object cannot be indexed")),
        },
        v => {
            return Err(EvalError::type_error(format!(
                "a {} cannot be indexed",
                v.type_name()
            )));
        }
    };
    let at = u64::try_from(i)
        .ok()
        .filter(|&at| at < len)
        .ok_or(EvalError::Index { index: i, len })?;
    match v {
        Value::Bytes(b) => Ok(Value::Int(i128::from(b[at as usize]))),
        Value::Array(items) => Ok(items[at as usize].clone()),
        _ => cx.array_get(v, at),
    }
}
