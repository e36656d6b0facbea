//! Tests of the expression language. The expected values of `eval` come
//! from the reference compiler 0.11 and its JavaScript runtime (each
//! expression compiled as a `value` instance over the bytes `c8 f6`, read
//! as `u: u1`, `s: s1`), except where JavaScript's 53-bit numbers and
//! 32-bit shifts differ from the 64-bit integers Kaitai defines.

mod objects;
mod parse;
mod props;
mod semantics;
mod show;

use std::collections::HashMap;
use std::sync::Arc;

use super::{Context, EnumRef, EvalError, TypeName, Value, eval, parse_expr};

/// A parse tree of one object with fields `u` = 200 (u1) and `s` = -10
/// (s1), an object `hdr` (id 1) with fields `len` and `magic`, a lazily
/// handed-out array `recs` (id 2) of three integers, a stream `_io`, and
/// an enum `animal` { 4: dog, 7: cat } in type `zoo`.
pub(super) struct Mock {
    pub fields: HashMap<&'static str, Value>,
    /// How many times each name was looked up (to check laziness).
    pub asked: HashMap<String, usize>,
}

impl Mock {
    pub fn new() -> Mock {
        let fields = HashMap::from([
            ("u", Value::Int(200)),
            ("s", Value::Int(-10)),
            ("hdr", Value::Obj(1)),
            ("recs", Value::Obj(2)),
            ("_io", Value::Io(7)),
            ("absent", Value::Null),
            (
                "pet",
                Value::Enum {
                    enum_id: "zoo::animal".into(),
                    value: 7,
                },
            ),
            ("name", Value::str("zoo")),
            ("raw", Value::bytes(b"\x41\x42\x43")),
        ]);
        Mock {
            fields,
            asked: HashMap::new(),
        }
    }
}

impl Context for Mock {
    fn ident(&mut self, name: &str) -> Result<Value, EvalError> {
        *self.asked.entry(name.to_string()).or_default() += 1;
        self.fields
            .get(name)
            .cloned()
            .ok_or_else(|| EvalError::UnknownName(name.to_string()))
    }

    fn member(&mut self, obj: &Value, name: &str) -> Result<Value, EvalError> {
        match (obj, name) {
            (Value::Obj(1), "len") => Ok(Value::Int(16)),
            (Value::Obj(1), "magic") => Ok(Value::bytes(b"PK")),
            (Value::Obj(1), "_parent") => Ok(Value::Obj(0)),
            (Value::Obj(1), "_sizeof") => Ok(Value::Int(6)),
            (Value::Io(7), "pos") => Ok(Value::Int(2)),
            (Value::Io(7), "size") => Ok(Value::Int(10)),
            (Value::Io(7), "eof") => Ok(Value::Bool(false)),
            _ => Err(EvalError::UnknownName(format!("{obj}.{name}"))),
        }
    }

    fn enum_value(&mut self, r: &EnumRef) -> Result<Value, EvalError> {
        let path: Vec<&str> = r.path.iter().map(|s| &**s).collect();
        let known = matches!(path.as_slice(), ["animal"] | ["zoo", "animal"]);
        let value = match &*r.label {
            "dog" if known => 4,
            "cat" if known => 7,
            _ => {
                return Err(EvalError::UnknownName(format!(
                    "{}::{}",
                    path.join("::"),
                    r.label
                )));
            }
        };
        Ok(Value::Enum {
            enum_id: Arc::from("zoo::animal"),
            value,
        })
    }

    fn sizeof_field(&mut self, owner: Option<&Value>, field: &str) -> Result<Value, EvalError> {
        match (owner, field) {
            (None, "u" | "s") => Ok(Value::Int(1)),
            (None, "hdr") => Ok(Value::Int(6)),
            (Some(Value::Obj(1)), "len") => Ok(Value::Int(4)),
            _ => Err(EvalError::UnknownName(field.to_string())),
        }
    }

    fn sizeof_bits(&mut self, ty: &TypeName) -> Result<u64, EvalError> {
        match ty.to_string().as_str() {
            "hdr_t" => Ok(48),
            "flags_t" => Ok(13),
            t => Err(EvalError::type_error(format!("unknown type {t}"))),
        }
    }

    fn array_len(&mut self, v: &Value) -> Result<Option<u64>, EvalError> {
        Ok(matches!(v, Value::Obj(2)).then_some(3))
    }

    fn array_get(&mut self, v: &Value, i: u64) -> Result<Value, EvalError> {
        assert!(
            matches!(v, Value::Obj(2)) && i < 3,
            "array_get beyond array_len"
        );
        Ok(Value::Int([30, 10, 20][i as usize]))
    }
}

/// Parses and evaluates `src` against a fresh `Mock`.
pub(super) fn ev(src: &str) -> Result<Value, EvalError> {
    let e = parse_expr(src).unwrap_or_else(|err| panic!("{src}: {err}"));
    eval(&e, &mut Mock::new())
}

pub(super) fn int(n: i128) -> Value {
    Value::Int(n)
}
