//! What the evaluator asks of the parse tree: names, members of objects and
//! streams, enum labels, sizes and casts of user types, lazily parsed arrays
//! — and the errors evaluation reports.

use std::sync::Arc;

use thiserror::Error;

use super::ast::{EnumRef, TypeName};
use super::value::Value;

/// Why an expression could not be evaluated.
#[derive(Clone, Debug, Error)]
pub enum EvalError {
    /// An operator or method applied to values it does not accept.
    #[error("{0}")]
    Type(String),
    #[error("unknown name '{0}'")]
    UnknownName(String),
    #[error("division by zero")]
    DivByZero,
    #[error("index {index} out of range (size {len})")]
    Index { index: i128, len: u64 },
    /// A value that does not fit where it is used (a huge shift, a size
    /// beyond 2^64, a string that is not a number for `.to_i`).
    #[error("{0}")]
    Range(String),
    /// A conversion the data does not allow: `"12x".to_i`, bytes that
    /// are not text in the named encoding, an unknown encoding (the
    /// reference's `ConversionError`).
    #[error("{0}")]
    Conversion(String),
    #[error("expression nested too deeply")]
    TooDeep,
    /// An error from the parse tree, e.g. reading an instance ran past the
    /// end of its stream.
    #[error("{0}")]
    Context(Arc<dyn std::error::Error + Send + Sync>),
}

impl EvalError {
    pub fn type_error(msg: impl Into<String>) -> EvalError {
        EvalError::Type(msg.into())
    }

    pub fn range(msg: impl Into<String>) -> EvalError {
        EvalError::Range(msg.into())
    }

    /// Wraps an error of the parse tree.
    pub fn context(e: impl std::error::Error + Send + Sync + 'static) -> EvalError {
        EvalError::Context(Arc::new(e))
    }
}

/// The parse tree, as the evaluator sees it. The evaluator handles every
/// operator and method on plain values itself; it asks the context only for
/// what the spec and the file define.
pub trait Context {
    /// A bare name in the current object: a field, instance or parameter,
    /// or `_root`, `_parent`, `_io`, `_`, `_index`, `_on`, `_is_le`,
    /// `_sizeof`. An absent field is `Value::Null`.
    fn ident(&mut self, name: &str) -> Result<Value, EvalError>;

    /// `obj.name` where `obj` is an `Obj` (field, instance, parameter,
    /// `_parent`, `_root`, `_io`, `_sizeof` of that object) or an `Io`
    /// (`pos`, `size`, `eof`). Called only for `Obj` and `Io` values; also
    /// for `_sizeof` of any value.
    fn member(&mut self, obj: &Value, name: &str) -> Result<Value, EvalError>;

    /// `a::b::label`: the enum member, as `Value::Enum`.
    fn enum_value(&mut self, r: &EnumRef) -> Result<Value, EvalError>;

    /// `field._sizeof`: the size in bytes of the field (or instance, or
    /// `_parent` / `_root`) named `field` of `owner` — of the current object
    /// when `owner` is `None` (`x._sizeof`), else of the object `owner`
    /// evaluates to (`a.x._sizeof`). Fields of every type have a size, so
    /// this is asked by name, not by value.
    fn sizeof_field(&mut self, owner: Option<&Value>, field: &str) -> Result<Value, EvalError>;

    /// The fixed size in bits of a user type, for `sizeof<T>` (rounded up
    /// to bytes) and `bitsizeof<T>`. Primitive types (`u4`, `b3`, `f8`) are
    /// sized by the evaluator and never reach here.
    fn sizeof_bits(&mut self, ty: &TypeName) -> Result<u64, EvalError>;

    /// `v.as<T>` for a user type `T` (primitive casts are the evaluator's).
    /// The default keeps the value: the reference's casts only change the
    /// static type.
    fn cast(&mut self, v: Value, ty: &TypeName) -> Result<Value, EvalError> {
        let _ = ty;
        Ok(v)
    }

    /// The length when `v` (an `Obj`) is an array the tree hands out lazily;
    /// `None` when it is not an array.
    fn array_len(&mut self, v: &Value) -> Result<Option<u64>, EvalError> {
        let _ = v;
        Ok(None)
    }

    /// Element `i` (< `array_len`) of a lazily handed-out array.
    fn array_get(&mut self, v: &Value, i: u64) -> Result<Value, EvalError> {
        let _ = i;
        Err(EvalError::type_error(format!(
            "{} is not an array",
            v.type_name()
        )))
    }
}
