//! Evaluation of an expression tree against a `Context`: operators,
//! conditionals, literals, enum labels, sizes and casts. Methods and
//! attributes on values are in `methods`.
//!
//! Integers: arithmetic is exact in i128, then `fit64` reduces a result that
//! leaves [-2^63, 2^64) modulo 2^64 — into the unsigned range when it
//! overflowed upwards, the signed range when downwards — as a 64-bit target
//! wraps. `/` and `%` on integers are floor division and floor modulo.

use std::cmp::Ordering;
use std::sync::Arc;

use super::ast::{BinOp, Expr, TypeName, UnOp};
use super::context::{Context, EvalError};
use super::methods;
use super::value::Value;

/// Evaluates `e`. Names, objects, streams and enums are resolved by `cx`.
pub fn eval(e: &Expr, cx: &mut dyn Context) -> Result<Value, EvalError> {
    match e {
        Expr::Lit(v) => Ok(v.clone()),
        Expr::Name(n) => cx.ident(n),
        Expr::EnumLabel(r) => cx.enum_value(r),
        Expr::List(items) => {
            let values = items
                .iter()
                .map(|i| eval(i, cx))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(list_value(values))
        }
        Expr::Interp(parts) => {
            let mut s = String::new();
            for p in parts {
                match eval(p, cx)? {
                    Value::Str(t) => s.push_str(&t),
                    Value::Int(n) => s.push_str(&n.to_string()),
                    Value::Float(x) => s.push_str(&x.to_string()),
                    Value::Bool(b) => s.push_str(if b { "true" } else { "false" }),
                    Value::Enum { value, .. } => s.push_str(&value.to_string()),
                    v => {
                        return Err(EvalError::type_error(format!(
                            "cannot put a {} in an f-string",
                            v.type_name()
                        )));
                    }
                }
            }
            Ok(Value::str(&s))
        }
        Expr::Unary(op, x) => unary(*op, eval(x, cx)?),
        Expr::Binary(BinOp::And, l, r) => {
            if truth(eval(l, cx)?, "and")? {
                Ok(Value::Bool(truth(eval(r, cx)?, "and")?))
            } else {
                Ok(Value::Bool(false))
            }
        }
        Expr::Binary(BinOp::Or, l, r) => {
            if truth(eval(l, cx)?, "or")? {
                Ok(Value::Bool(true))
            } else {
                Ok(Value::Bool(truth(eval(r, cx)?, "or")?))
            }
        }
        Expr::Binary(op, l, r) => {
            let a = eval(l, cx)?;
            let b = eval(r, cx)?;
            binary(*op, a, b)
        }
        Expr::Cond(c, a, b) => {
            if truth(eval(c, cx)?, "?:")? {
                eval(a, cx)
            } else {
                eval(b, cx)
            }
        }
        Expr::Attr(obj, name) => methods::attribute(obj, name, cx),
        Expr::Call(obj, name, args) => {
            let v = eval(obj, cx)?;
            let args = args
                .iter()
                .map(|a| eval(a, cx))
                .collect::<Result<Vec<_>, _>>()?;
            methods::call(v, name, &args)
        }
        Expr::Index(obj, i) => {
            let v = eval(obj, cx)?;
            let i = eval(i, cx)?;
            let Value::Int(i) = i else {
                return Err(EvalError::type_error(format!(
                    "index must be an integer, not a {}",
                    i.type_name()
                )));
            };
            methods::index(&v, i, cx)
        }
        Expr::Cast(x, ty) => {
            let v = eval(x, cx)?;
            cast(v, ty, cx)
        }
        Expr::SizeOf(ty) => {
            let bits = type_bits(ty, cx)?;
            Ok(Value::Int(i128::from(bits.div_ceil(8))))
        }
        Expr::BitSizeOf(ty) => Ok(Value::Int(i128::from(type_bits(ty, cx)?))),
    }
}

/// A list literal: a byte array when every element is an integer in
/// 0..=255 (the reference types `[0x41, 65]` as bytes), else an array.
fn list_value(values: Vec<Value>) -> Value {
    let as_bytes: Option<Vec<u8>> = values
        .iter()
        .map(|v| match v {
            Value::Int(n) => u8::try_from(*n).ok(),
            _ => None,
        })
        .collect();
    match as_bytes {
        Some(b) if !b.is_empty() => Value::Bytes(Arc::from(b)),
        _ => Value::array(values),
    }
}

fn truth(v: Value, op: &str) -> Result<bool, EvalError> {
    match v {
        Value::Bool(b) => Ok(b),
        v => Err(EvalError::type_error(format!(
            "'{op}' needs a boolean, not a {}",
            v.type_name()
        ))),
    }
}

/// Reduces an exact integer result to what a 64-bit target holds.
pub(super) fn fit64(n: i128) -> i128 {
    if n >= i128::from(i64::MIN) && n <= i128::from(u64::MAX) {
        n
    } else if n > 0 {
        i128::from(n as u64)
    } else {
        i128::from(n as i64)
    }
}

fn unary(op: UnOp, v: Value) -> Result<Value, EvalError> {
    match (op, v) {
        (UnOp::Neg, Value::Int(n)) => Ok(Value::Int(fit64(n.wrapping_neg()))),
        (UnOp::Neg, Value::Float(x)) => Ok(Value::Float(-x)),
        (UnOp::Invert, Value::Int(n)) => Ok(Value::Int(fit64(!n))),
        (UnOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (op, v) => {
            let sym = match op {
                UnOp::Neg => "-",
                UnOp::Invert => "~",
                UnOp::Not => "not",
            };
            Err(EvalError::type_error(format!(
                "'{sym}' cannot apply to a {}",
                v.type_name()
            )))
        }
    }
}

fn mismatch(op: BinOp, a: &Value, b: &Value) -> EvalError {
    EvalError::type_error(format!(
        "'{}' cannot apply to a {} and a {}",
        op.symbol(),
        a.type_name(),
        b.type_name()
    ))
}

/// A binary operator on two evaluated operands (not `and`/`or`, which
/// short-circuit).
pub(super) fn binary(op: BinOp, a: Value, b: Value) -> Result<Value, EvalError> {
    use BinOp::*;
    match op {
        Eq | Ne | Lt | Le | Gt | Ge => {
            let ord = compare(op, &a, &b)?;
            let r = match op {
                Eq => ord == Some(Ordering::Equal),
                Ne => ord != Some(Ordering::Equal),
                Lt => ord == Some(Ordering::Less),
                Le => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
                Gt => ord == Some(Ordering::Greater),
                _ => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
            };
            Ok(Value::Bool(r))
        }
        _ => match (&a, &b) {
            (Value::Int(x), Value::Int(y)) => int_op(op, *x, *y).map(Value::Int),
            (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                let (x, y) = (to_f64(&a), to_f64(&b));
                float_op(op, x, y).ok_or_else(|| mismatch(op, &a, &b))
            }
            (Value::Str(x), Value::Str(y)) if op == Add => {
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(x);
                s.push_str(y);
                Ok(Value::str(&s))
            }
            _ => Err(mismatch(op, &a, &b)),
        },
    }
}

fn to_f64(v: &Value) -> f64 {
    match v {
        Value::Int(n) => *n as f64,
        Value::Float(x) => *x,
        _ => f64::NAN,
    }
}

fn int_op(op: BinOp, x: i128, y: i128) -> Result<i128, EvalError> {
    use BinOp::*;
    let r = match op {
        // Operands are at most 65 bits wide, so + - * cannot overflow i128
        // except for products of two huge values; wrap those too.
        Add => x.wrapping_add(y),
        Sub => x.wrapping_sub(y),
        Mul => x.wrapping_mul(y),
        Div => {
            if y == 0 {
                return Err(EvalError::DivByZero);
            }
            let q = x.wrapping_div(y);
            if (x.wrapping_rem(y) != 0) && ((x < 0) != (y < 0)) {
                q - 1
            } else {
                q
            }
        }
        Mod => {
            if y == 0 {
                return Err(EvalError::DivByZero);
            }
            let r = x.wrapping_rem(y);
            if r != 0 && ((r < 0) != (y < 0)) {
                r + y
            } else {
                r
            }
        }
        Shl => {
            let s = shift_amount(y)?;
            // x * 2^s reduced modulo 2^64 is 0 once s reaches 64.
            if s >= 64 {
                0
            } else {
                match x.checked_mul(1i128 << s) {
                    Some(exact) => exact,
                    None if x > 0 => i128::from((x as u64) << s),
                    None => i128::from(((x as u64) << s) as i64),
                }
            }
        }
        Shr => {
            let s = shift_amount(y)?;
            x >> s.min(127)
        }
        BitAnd => x & y,
        BitOr => x | y,
        BitXor => x ^ y,
        _ => unreachable!("comparisons and logic are handled by binary()"),
    };
    Ok(fit64(r))
}

fn shift_amount(y: i128) -> Result<u32, EvalError> {
    u32::try_from(y).map_err(|_| EvalError::range(format!("shift by {y}")))
}

fn float_op(op: BinOp, x: f64, y: f64) -> Option<Value> {
    use BinOp::*;
    let r = match op {
        Add => x + y,
        Sub => x - y,
        Mul => x * y,
        Div => x / y,
        Mod => x - y * (x / y).floor(),
        _ => return None,
    };
    Some(Value::Float(r))
}

/// Orders two values for a comparison operator; `None` when they are of
/// different kinds that `==` may still compare (unequal).
pub(super) fn compare(op: BinOp, a: &Value, b: &Value) -> Result<Option<Ordering>, EvalError> {
    use Value::*;
    let equality = matches!(op, BinOp::Eq | BinOp::Ne);
    let ord = match (a, b) {
        (Int(x), Int(y)) => Some(x.cmp(y)),
        (Int(_) | Float(_), Int(_) | Float(_)) => to_f64(a).partial_cmp(&to_f64(b)),
        (Str(x), Str(y)) => Some(x.cmp(y)),
        (Bytes(x), Bytes(y)) => Some(x.cmp(y)),
        (Bool(x), Bool(y)) => Some(x.cmp(y)),
        (Enum { value: x, .. }, Enum { value: y, .. }) => Some(x.cmp(y)),
        (Bytes(_) | Array(_), Bytes(_) | Array(_)) => {
            let (x, y) = (elements(a), elements(b));
            let mut ord = Some(Ordering::Equal);
            for (p, q) in x.iter().zip(y.iter()) {
                ord = compare(op, p, q)?;
                if ord != Some(Ordering::Equal) {
                    break;
                }
            }
            if ord == Some(Ordering::Equal) {
                ord = Some(x.len().cmp(&y.len()));
            }
            ord
        }
        (Obj(x), Obj(y)) | (Io(x), Io(y)) if equality => Some(x.cmp(y)),
        (Null, Null) if equality => Some(Ordering::Equal),
        (Null, _) | (_, Null) if equality => None,
        _ => return Err(mismatch(op, a, b)),
    };
    Ok(ord)
}

/// The elements of a byte array or array, as values.
pub(super) fn elements(v: &Value) -> Vec<Value> {
    match v {
        Value::Bytes(b) => b.iter().map(|&x| Value::Int(i128::from(x))).collect(),
        Value::Array(items) => items.as_ref().clone(),
        _ => Vec::new(),
    }
}

/// The width in bits of a primitive type name (`u4` is 32, `b3` is 3,
/// `f8` is 64), `None` for anything else.
pub(super) fn primitive_bits(name: &str) -> Option<u64> {
    let name = name
        .strip_suffix("le")
        .or_else(|| name.strip_suffix("be"))
        .unwrap_or(name);
    let (kind, width) = name.split_at(1.min(name.len()));
    let n: u64 = width.parse().ok()?;
    match kind {
        "u" | "s" if matches!(n, 1 | 2 | 4 | 8) => Some(n * 8),
        "f" if matches!(n, 4 | 8) => Some(n * 8),
        "b" if (1..=64).contains(&n) && !width.starts_with('0') => Some(n),
        _ => None,
    }
}

fn type_bits(ty: &TypeName, cx: &mut dyn Context) -> Result<u64, EvalError> {
    if let Some(bits) = ty.simple().and_then(primitive_bits)
        && !ty.is_array
    {
        return Ok(bits);
    }
    if let Some(name @ ("str" | "strz" | "bytes")) = ty.simple() {
        return Err(EvalError::type_error(format!("'{name}' has no fixed size")));
    }
    cx.sizeof_bits(ty)
}

/// `v.as<T>`: integer and float types convert numbers, `str`, `bytes` and
/// `bool` check the value's kind; user types go to the context.
fn cast(v: Value, ty: &TypeName, cx: &mut dyn Context) -> Result<Value, EvalError> {
    let Some(name) = ty.simple().filter(|_| !ty.is_array) else {
        return cx.cast(v, ty);
    };
    let wrong =
        |v: &Value| EvalError::type_error(format!("cannot cast a {} to {name}", v.type_name()));
    if let Some(bits) = primitive_bits(name) {
        return match (name.as_bytes()[0], v) {
            (b'f', Value::Int(n)) => Ok(Value::Float(n as f64)),
            (b'f', v @ Value::Float(_)) => Ok(v),
            (b'b', Value::Bool(b)) if bits == 1 => Ok(Value::Bool(b)),
            (_, Value::Int(n)) => Ok(Value::Int(n)),
            (_, Value::Enum { value, .. }) => Ok(Value::Int(value)),
            (_, v) => Err(wrong(&v)),
        };
    }
    match (name, v) {
        ("str" | "strz", v @ Value::Str(_)) => Ok(v),
        ("bytes", v @ Value::Bytes(_)) => Ok(v),
        // `[].as<bytes>`, or a list of byte values: the reference types a
        // list literal by its cast.
        ("bytes", Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::Int(n) => u8::try_from(*n).ok(),
                _ => None,
            })
            .collect::<Option<Vec<u8>>>()
            .map(|b| Value::Bytes(Arc::from(b)))
            .ok_or_else(|| wrong(&Value::Array(items))),
        ("bool", v @ Value::Bool(_)) => Ok(v),
        ("str" | "strz" | "bytes" | "bool", v) => Err(wrong(&v)),
        (_, v) => cx.cast(v, ty),
    }
}
