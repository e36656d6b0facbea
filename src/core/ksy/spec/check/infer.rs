//! The static type of an expression, refusing what the reference refuses:
//! unknown names, enums, types and methods, comparisons of unlike types,
//! `not` of a non-boolean, `sizeof` of a dynamic type.

use super::super::load::valid_id;
use super::*;
use crate::core::ksy::expr::{BinOp, Expr, TypeName, UnOp, Value};

impl Checker<'_> {
    pub(super) fn infer(&mut self, e: &Expr, sc: &Scope, at: &At) -> Result<T, SpecError> {
        let s = self.s;
        Ok(match e {
            Expr::Lit(v) => match v {
                Value::Int(_) => T::Int,
                Value::Float(_) => T::Float,
                Value::Bool(_) => T::Bool,
                Value::Str(_) => T::Str,
                Value::Bytes(_) => T::Bytes,
                _ => T::Unknown,
            },
            Expr::Name(n) => match &**n {
                "_" => sc.underscore.clone(),
                "_index" => T::Int,
                "_on" => T::Unknown,
                name => {
                    if !name.starts_with('_') && !valid_id(name) {
                        return Err(at.fail(format!(
                            "invalid ID: '{name}', expected /^[a-z][a-z0-9_]*$/"
                        )));
                    }
                    match self.member_of(sc.tid, name, at)? {
                        Some(t) => t,
                        None => {
                            return Err(at.fail(format!(
                                "unable to access '{name}' in {} context",
                                s.types[sc.tid].name
                            )));
                        }
                    }
                }
            },
            Expr::EnumLabel(r) => {
                let path = r.path.iter().map(|p| &**p).collect::<Vec<_>>().join("::");
                let id = s.find_enum(sc.tid, &path).ok_or_else(|| {
                    at.fail(format!(
                        "unable to find enum '{path}', searching from {}",
                        s.types[sc.tid].name
                    ))
                })?;
                if s.enums[id].value(&r.label).is_none() {
                    return Err(
                        at.fail(format!("unable to find enum member '{path}::{}'", r.label))
                    );
                }
                T::Enum(id)
            }
            Expr::List(items) => {
                let mut first = T::Unknown;
                for (i, x) in items.iter().enumerate() {
                    let t = self.infer(x, sc, at)?;
                    if i == 0 {
                        first = t;
                    }
                }
                // `[0x50, 0x4b]` is a byte array wherever one fits.
                if first == T::Int {
                    T::Bytes
                } else {
                    T::Array(Box::new(first))
                }
            }
            Expr::Interp(parts) => {
                for p in parts {
                    self.infer(p, sc, at)?;
                }
                T::Str
            }
            Expr::Unary(op, x) => {
                let t = self.infer(x, sc, at)?;
                match op {
                    UnOp::Not if !matches!(t, T::Bool | T::Unknown) => {
                        return Err(at.fail(format!(
                            "unable to apply unary operator Not to {}",
                            t.name(s)
                        )));
                    }
                    UnOp::Not => T::Bool,
                    _ => t,
                }
            }
            Expr::Binary(op, a, b) => self.binary(*op, a, b, sc, at)?,
            Expr::Cond(c, a, b) => {
                self.infer(c, sc, at)?;
                let (x, y) = (self.infer(a, sc, at)?, self.infer(b, sc, at)?);
                match (&x, &y) {
                    _ if x == y => x,
                    (T::Int, T::Float) | (T::Float, T::Int) => T::Float,
                    (T::User(_) | T::AnyStruct, T::User(_) | T::AnyStruct) => T::AnyStruct,
                    _ => T::Unknown,
                }
            }
            Expr::Attr(obj, name) => {
                if &**name == "_sizeof" {
                    if let Expr::Name(field) = &**obj {
                        self.sizeof_field(sc.tid, field, at)?;
                    }
                    self.infer(obj, sc, at)?;
                    return Ok(T::Int);
                }
                let ot = self.infer(obj, sc, at)?;
                self.method(&ot, name, &[], at)?
            }
            Expr::Call(obj, name, args) => {
                let ot = self.infer(obj, sc, at)?;
                if matches!(ot, T::Bytes) && &**name == "to_s" {
                    self.bytes_to_s(args, at)?;
                }
                for a in args {
                    self.infer(a, sc, at)?;
                }
                self.method(&ot, name, args, at)?
            }
            Expr::Index(a, i) => {
                let t = self.infer(a, sc, at)?;
                self.infer(i, sc, at)?;
                match t {
                    T::Array(x) => *x,
                    T::Bytes => T::Int,
                    _ => T::Unknown,
                }
            }
            Expr::Cast(x, ty) => {
                self.infer(x, sc, at)?;
                self.named_type(sc.tid, ty, at)?
            }
            Expr::SizeOf(ty) | Expr::BitSizeOf(ty) => {
                if let T::User(id) = self.named_type(sc.tid, ty, at)?
                    && s.type_bits(id).is_err()
                {
                    return Err(at.fail(format!(
                        "unable to derive sizeof for type `{}`: dynamic sized type",
                        s.types[id].name
                    )));
                }
                T::Int
            }
        })
    }

    pub(super) fn sizeof_field(
        &mut self,
        tid: TypeId,
        field: &str,
        at: &At,
    ) -> Result<(), SpecError> {
        let t = &self.s.types[tid];
        if let Some(AttrRef::Seq(i)) = t.find_attr(field)
            && (self.s.attr_bits(&t.seq[i]).is_err()
                || !matches!(t.seq[i].repeat, Repeat::None | Repeat::Expr(_)))
        {
            return Err(at.fail(format!(
                "unable to derive sizeof of `Name(identifier({field}))`: dynamic sized type"
            )));
        }
        Ok(())
    }

    /// `.to_s(encoding)` on bytes takes one literal encoding name.
    pub(super) fn bytes_to_s(&self, args: &[Expr], at: &At) -> Result<(), SpecError> {
        match args {
            [Expr::Lit(Value::Str(_))] => Ok(()),
            [one] if !matches!(one, Expr::Lit(_)) => Err(at.fail("to_s: argument #0: expected string literal")),
            _ => Err(at.fail(format!("wrong arguments to method call `to_s` on byte array: expected (string), got {} arguments", args.len()))),
        }
    }

    pub(super) fn named_type(&self, from: TypeId, ty: &TypeName, at: &At) -> Result<T, SpecError> {
        let name = ty.path.iter().map(|p| &**p).collect::<Vec<_>>().join("::");
        let base = match super::attr::primitive(&name) {
            Some(d) => self.data_type(&d, None),
            None if name == "bytes" => T::Bytes,
            None => T::User(self.s.find_type(from, &name).ok_or_else(|| {
                at.fail(format!(
                    "unable to find type '{name}', searching from {}",
                    self.s.types[from].name
                ))
            })?),
        };
        Ok(if ty.is_array {
            T::Array(Box::new(base))
        } else {
            base
        })
    }

    pub(super) fn method(
        &mut self,
        t: &T,
        name: &str,
        args: &[Expr],
        at: &At,
    ) -> Result<T, SpecError> {
        let unknown = || {
            at.fail(format!(
                "don't know how to call method '{name}' of object type '{}'",
                t.name(self.s)
            ))
        };
        let general = match name {
            "_sizeof" => Some(T::Int),
            "as" => Some(T::Unknown),
            _ => None,
        };
        if let Some(g) = general {
            return Ok(g);
        }
        Ok(match t {
            T::Unknown => T::Unknown,
            T::User(id) => match self.member_of(*id, name, at)? {
                Some(t) => t,
                None => {
                    return Err(at.fail(format!(
                        "unable to access '{name}' in {} context",
                        self.s.types[*id].name
                    )));
                }
            },
            T::AnyStruct => match name {
                "_io" => T::Io,
                "_parent" | "_root" => T::AnyStruct,
                _ => return Err(unknown()),
            },
            T::Io => match name {
                "pos" | "size" => T::Int,
                "eof" => T::Bool,
                _ => return Err(unknown()),
            },
            T::Int => match name {
                "to_s" => T::Str,
                "to_i" => T::Int,
                _ => return Err(unknown()),
            },
            T::Float | T::Bool | T::Enum(_) => match name {
                "to_i" => T::Int,
                "to_s" => T::Str,
                _ => return Err(unknown()),
            },
            T::Str => match name {
                "length" | "to_i" => T::Int,
                "reverse" | "substring" => T::Str,
                "to_b" => T::Bytes,
                _ => return Err(unknown()),
            },
            T::Bytes => match (name, args.len()) {
                ("length" | "size" | "index_of" | "first" | "last" | "min" | "max", _) => T::Int,
                ("to_s", _) => T::Str,
                ("reverse", _) => T::Bytes,
                _ => return Err(unknown()),
            },
            T::Array(x) => match name {
                "size" | "length" => T::Int,
                "first" | "last" | "min" | "max" => (**x).clone(),
                "reverse" => t.clone(),
                _ => return Err(unknown()),
            },
        })
    }

    pub(super) fn binary(
        &mut self,
        op: BinOp,
        a: &Expr,
        b: &Expr,
        sc: &Scope,
        at: &At,
    ) -> Result<T, SpecError> {
        let s = self.s;
        let (x, y) = (self.infer(a, sc, at)?, self.infer(b, sc, at)?);
        use BinOp::*;
        Ok(match op {
            Eq | Ne | Lt | Le | Gt | Ge => {
                if !matches!(op, Eq | Ne) && (matches!(x, T::Enum(_)) || matches!(y, T::Enum(_))) {
                    return Err(at.fail(format!(
                        "can't use comparison operator {} on enums",
                        op.symbol()
                    )));
                }
                if !comparable(&x, &y) {
                    return Err(at.fail(format!("can't compare {} and {}", x.name(s), y.name(s))));
                }
                T::Bool
            }
            And | Or => T::Bool,
            Add => match (&x, &y) {
                (T::Str, T::Str) => T::Str,
                (T::Bytes, T::Bytes) => T::Bytes,
                (T::Int, T::Int) => T::Int,
                _ if x.numeric() && y.numeric() && (x == T::Float || y == T::Float) => T::Float,
                _ => T::Unknown,
            },
            _ => match (&x, &y) {
                (T::Int, T::Int) => T::Int,
                (T::Float, _) | (_, T::Float) => T::Float,
                _ => T::Unknown,
            },
        })
    }
}
