//! Static sizes: `sizeof<T>`, `bitsizeof<T>` and `_sizeof` of types whose
//! every field has a size known without reading the file — worked out as
//! the reference compiler's `CalculateSeqSizes` does, so that the specs it
//! accepts are accepted and give the same numbers: bit widths are added as
//! they are (a `b1` before a `u1` counts 1 bit, not a byte), `if` is not
//! looked at, sizes and counts may be constant expressions (`2 + 2`), a
//! switch has no fixed size, and a type whose size depends on itself has
//! none either.

use std::cell::RefCell;

use super::*;
use crate::core::ksy::expr::{
    Context, EnumRef, EvalError, Expr, TypeName, Value, eval as eval_expr,
};

/// What is known of a type's size.
#[derive(Debug, Clone, Default)]
pub(crate) enum Sized {
    #[default]
    NotYet,
    /// Being worked out: met again, the type depends on itself.
    Started,
    Done(Result<u64, String>),
}

/// The sizes worked out so far, one per type (a cache: each is worked out
/// once, however often `_sizeof` asks).
#[derive(Debug, Clone, Default)]
pub struct SizeCache(RefCell<Vec<Sized>>);

impl Schema {
    /// The fixed size in bits of type `ty`, or why it has none (a type met
    /// while its own size is being worked out has none).
    pub fn type_bits(&self, ty: TypeId) -> Result<u64, String> {
        {
            let mut memo = self.sizes.0.borrow_mut();
            if memo.len() < self.types.len() {
                memo.resize(self.types.len(), Sized::NotYet);
            }
            match &memo[ty] {
                Sized::Done(r) => return r.clone(),
                Sized::Started => {
                    return Err(format!(
                        "type '{}' contains itself: dynamic sized type",
                        self.types[ty].name
                    ));
                }
                Sized::NotYet => memo[ty] = Sized::Started,
            }
        }
        let result = self.seq_bits(ty);
        self.sizes.0.borrow_mut()[ty] = Sized::Done(result.clone());
        result
    }

    fn seq_bits(&self, ty: TypeId) -> Result<u64, String> {
        let mut bits = 0u64;
        for a in &self.types[ty].seq {
            let one = self.attr_bits(a)?;
            let n = match &a.repeat {
                Repeat::None => 1,
                Repeat::Expr(e) => const_int(e)
                    .and_then(|n| u64::try_from(n).ok())
                    .ok_or_else(|| {
                        format!(
                            "'{}' repeats a computed number of times: dynamic sized type",
                            a.id
                        )
                    })?,
                _ => return Err(format!("'{}' repeats to an end: dynamic sized type", a.id)),
            };
            bits = bits.saturating_add(one.saturating_mul(n));
        }
        Ok(bits)
    }

    /// The fixed size in bits of one read of `a` (not repeated).
    pub fn attr_bits(&self, a: &Attr) -> Result<u64, String> {
        if let Some(c) = &a.contents {
            return Ok(c.len() as u64 * 8);
        }
        let dynamic = |why: &str| Err(format!("'{}' {why}: dynamic sized type", a.id));
        let limited = || match &a.size {
            Some(s) => const_int(s)
                .and_then(|n| u64::try_from(n).ok()?.checked_mul(8))
                .ok_or_else(|| format!("'{}' has a computed size: dynamic sized type", a.id)),
            None if a.size_eos => dynamic("reads to the end of its stream"),
            None if a.terminator.is_some() => dynamic("ends at a terminator"),
            None => dynamic("has no fixed size"),
        };
        match &a.ty {
            DataType::Int { bytes, .. } | DataType::Float { bytes, .. } => {
                Ok(u64::from(*bytes) * 8)
            }
            DataType::Bits { bits, .. } => Ok(u64::from(*bits)),
            DataType::User { id, .. }
                if a.size.is_none() && !a.size_eos && a.terminator.is_none() =>
            {
                self.type_bits(*id)
            }
            // `strz` with a `size:` is sized like any string.
            DataType::User { .. } | DataType::Bytes | DataType::Str { .. } => limited(),
            DataType::Switch { .. } => dynamic("is a switch"),
            DataType::Any => dynamic("has no fixed size"),
        }
    }
}

/// A constant integer expression's value (`4`, `2 + 2`, `0x10 * 4`), as
/// the reference folds it; `None` when it names anything of the file or is
/// negative.
pub fn const_int(e: &Ex) -> Option<i128> {
    if let Expr::Lit(Value::Int(n)) = &e.ast {
        return (*n >= 0).then_some(*n);
    }
    match eval_expr(&e.ast, &mut Constant) {
        Ok(Value::Int(n)) if n >= 0 => Some(n),
        _ => None,
    }
}

/// An evaluation context with nothing in it: any name, field, enum or
/// size makes the expression not constant.
struct Constant;

impl Context for Constant {
    fn ident(&mut self, name: &str) -> Result<Value, EvalError> {
        Err(EvalError::UnknownName(name.to_string()))
    }

    fn member(&mut self, _: &Value, name: &str) -> Result<Value, EvalError> {
        Err(EvalError::UnknownName(name.to_string()))
    }

    fn enum_value(&mut self, _: &EnumRef) -> Result<Value, EvalError> {
        Err(EvalError::type_error("not a constant"))
    }

    fn sizeof_field(&mut self, _: Option<&Value>, field: &str) -> Result<Value, EvalError> {
        Err(EvalError::UnknownName(field.to_string()))
    }

    fn sizeof_bits(&mut self, _: &TypeName) -> Result<u64, EvalError> {
        Err(EvalError::type_error("not a constant"))
    }
}
