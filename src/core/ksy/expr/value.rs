//! The values expressions compute: integers, floats, booleans, strings, byte
//! arrays, enum members, arrays, and handles to objects and streams that the
//! parse tree owns.

use std::fmt;
use std::sync::Arc;

/// A parsed user-type object (or anything else the parse tree wants to hand
/// out, such as a lazily parsed array). Opaque to the evaluator.
pub type ObjId = usize;

/// A stream (`_io`, `x._io`). Opaque to the evaluator.
pub type IoId = usize;

/// A value of the Kaitai expression language.
///
/// Every Kaitai integer (`u1` … `u8`, `s1` … `s8`, `b1` … `b64`, computed
/// integers) is an `Int`: `i128` holds all of `u8` and `s8` without loss.
#[derive(Clone, Debug)]
pub enum Value {
    Int(i128),
    Float(f64),
    Bool(bool),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    /// A member of an enum. `enum_id` is the spec's qualified enum name (the
    /// parse tree chooses the spelling); `value` is the integer, which need
    /// not be one of the enum's labels.
    Enum {
        enum_id: Arc<str>,
        value: i128,
    },
    /// An array computed by an expression (`[1, 2]`, `x.reverse`) or handed
    /// out whole by the parse tree. The tree may instead hand out an `Obj` and
    /// answer `Context::array_len` / `Context::array_get` for it.
    Array(Arc<Vec<Value>>),
    Obj(ObjId),
    Io(IoId),
    /// A field that is absent (`if` was false) or not yet known.
    Null,
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    pub fn bytes(b: &[u8]) -> Value {
        Value::Bytes(Arc::from(b))
    }

    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Arc::new(items))
    }

    /// The name of the value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Bool(_) => "boolean",
            Value::Str(_) => "string",
            Value::Bytes(_) => "byte array",
            Value::Enum { .. } => "enum",
            Value::Array(_) => "array",
            Value::Obj(_) => "object",
            Value::Io(_) => "stream",
            Value::Null => "null",
        }
    }

    pub fn as_int(&self) -> Option<i128> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// Structural equality, as `==` in expressions sees it: an `Int` equals a
/// `Float` of the same number, enums compare by value.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a == b,
            (Int(a), Float(b)) | (Float(b), Int(a)) => (*a as f64) == *b,
            (Bool(a), Bool(b)) => a == b,
            (Str(a), Str(b)) => a == b,
            (Bytes(a), Bytes(b)) => a == b,
            (Enum { value: a, .. }, Enum { value: b, .. }) => a == b,
            (Array(a), Array(b)) => a == b,
            (Obj(a), Obj(b)) => a == b,
            (Io(a), Io(b)) => a == b,
            (Null, Null) => true,
            _ => false,
        }
    }
}

/// How a value reads in messages and `parse` output: integers in decimal,
/// strings quoted, bytes as hex.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(n) => write!(f, "{n}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Bytes(b) => {
                f.write_str("[")?;
                for (i, byte) in b.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{byte:02x}")?;
                }
                f.write_str("]")
            }
            Value::Enum { enum_id, value } => write!(f, "{enum_id}({value})"),
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Obj(id) => write!(f, "<object {id}>"),
            Value::Io(id) => write!(f, "<stream {id}>"),
            Value::Null => f.write_str("null"),
        }
    }
}
