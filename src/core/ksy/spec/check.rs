//! The checks the reference compiler makes beyond the shape of the YAML:
//! every expression's names exist and its types fit where it is used (`if`
//! is a boolean, `size` an integer, `valid` comparable with its field, call
//! arguments with their parameters), enums and casts name what exists,
//! `sizeof` is of a fixed-size type; plus the warnings (encoding names,
//! `len_`/`num_` ids). Where a type cannot be known statically, it is
//! accepted: only what the reference refuses for sure is refused.

use std::collections::HashMap;
use std::path::Path;

use super::super::yaml::Node;
use super::load::{err, valid_id};
use super::*;
use crate::core::ksy::expr::{BinOp, Expr, TypeName, UnOp, Value};
use crate::core::ksy::strenc;

/// A value's type as far as it can be told without the file.
#[derive(Debug, Clone, PartialEq)]
enum T {
    Int,
    Float,
    Bool,
    Str,
    Bytes,
    Enum(EnumId),
    User(TypeId),
    /// An object of a type not known statically (`_parent` of a type used
    /// in several places).
    AnyStruct,
    Array(Box<T>),
    Io,
    Unknown,
}

impl T {
    fn name(&self, s: &Schema) -> String {
        match self {
            T::Int => "integer".into(),
            T::Float => "float".into(),
            T::Bool => "boolean".into(),
            T::Str => "string".into(),
            T::Bytes => "byte array".into(),
            T::Enum(e) => format!("enum {}", s.enums[*e].name),
            T::User(t) => format!("struct {}", s.types[*t].name),
            T::AnyStruct => "struct of unknown type".into(),
            T::Array(t) => format!("array of {}", t.name(s)),
            T::Io => "stream".into(),
            T::Unknown => "unknown".into(),
        }
    }

    fn numeric(&self) -> bool {
        matches!(self, T::Int | T::Float | T::Unknown)
    }
}

/// Whether values of the two types can be compared with `==`.
fn comparable(a: &T, b: &T) -> bool {
    use T::*;
    match (a, b) {
        (Unknown, _) | (_, Unknown) => true,
        (Int | Float, Int | Float) => true,
        (Enum(x), Enum(y)) => x == y,
        (User(_) | AnyStruct, User(_) | AnyStruct) => true,
        (Array(x), Array(y)) => comparable(x, y),
        (Bytes, Array(x)) | (Array(x), Bytes) => matches!(**x, Int | Unknown),
        _ => a == b,
    }
}

/// Whether an argument of type `arg` may be passed for a parameter `param`.
fn assignable(arg: &T, param: &T) -> bool {
    use T::*;
    match (arg, param) {
        (Unknown, _) | (_, Unknown) => true,
        (Int, Float) => true,
        (User(_) | AnyStruct, AnyStruct) | (AnyStruct, User(_)) => true,
        (Array(_), Bytes) => true,
        (Array(x), Array(y)) => assignable(x, y),
        _ => arg == param,
    }
}

/// Runs every check; the first failure refuses the spec.
pub(super) fn check(schema: &mut Schema) -> Result<(), SpecError> {
    let mut c = Checker {
        s: schema,
        parents: Vec::new(),
        values: HashMap::new(),
    };
    c.parents = c.infer_parents();
    for tid in 0..c.s.types.len() {
        c.check_type(tid)?;
    }
    let warnings = style_warnings(schema);
    schema.warnings.extend(warnings);
    Ok(())
}

/// An error at `path` of type `tid`'s file.
struct At<'a> {
    file: &'a Path,
    path: String,
}

impl At<'_> {
    fn fail(&self, msg: impl Into<String>) -> SpecError {
        err(self.file, &self.path, None, msg)
    }
}

/// What `_` stands for in the expression being checked.
#[derive(Clone)]
struct Scope {
    tid: TypeId,
    underscore: T,
}

struct Checker<'s> {
    s: &'s Schema,
    /// The one type each type is used from, if there is exactly one.
    parents: Vec<Option<TypeId>>,
    /// Value instances' types (None while being worked out).
    values: HashMap<(TypeId, usize), Option<T>>,
}

impl Checker<'_> {
    fn infer_parents(&self) -> Vec<Option<TypeId>> {
        let mut users: Vec<Vec<TypeId>> = vec![Vec::new(); self.s.types.len()];
        for (tid, t) in self.s.types.iter().enumerate() {
            for a in t.seq.iter().chain(&t.instances) {
                if a.parent.is_some() {
                    continue;
                }
                // Each spec is checked alone: a use from another file does not count.
                let mut add = |d: &DataType| {
                    if let DataType::User { id, .. } = d {
                        if self.s.types[*id].file == t.file && !users[*id].contains(&tid) {
                            users[*id].push(tid);
                        }
                    }
                };
                match &a.ty {
                    DataType::Switch { cases, .. } => cases.iter().for_each(|(_, d)| add(d)),
                    d => add(d),
                }
            }
        }
        users
            .into_iter()
            .map(|u| if u.len() == 1 { Some(u[0]) } else { None })
            .collect()
    }

    fn base(&self, tid: TypeId) -> String {
        let p = &self.s.types[tid].path;
        if p == "/" { String::new() } else { p.clone() }
    }

    fn check_type(&mut self, tid: TypeId) -> Result<(), SpecError> {
        let s = self.s;
        let t = &s.types[tid];
        let file = t.file.as_path();
        let scope = Scope {
            tid,
            underscore: T::Unknown,
        };
        if t.endian_own {
            if let Some(EndianSpec::Switch { on, cases }) = &t.endian {
                let at = At {
                    file,
                    path: format!("{}/meta/endian/switch-on", self.base(tid)),
                };
                let on_t = self.infer(&on.ast, &scope, &at)?;
                for (k, _) in cases {
                    if let CaseKey::Expr(x) = k {
                        let at = At {
                            file,
                            path: format!("{}/meta/endian/cases/{}", self.base(tid), x.src),
                        };
                        let kt = self.infer(&x.ast, &scope, &at)?;
                        if !comparable(&on_t, &kt) {
                            return Err(at.fail(format!(
                                "can't compare {} and {}",
                                on_t.name(s),
                                kt.name(s)
                            )));
                        }
                    }
                }
            }
        }
        for a in t.seq.iter().chain(&t.instances) {
            self.check_attr(tid, a)?;
        }
        if let Some(e) = &t.to_string {
            let at = At {
                file,
                path: format!("{}/to-string", self.base(tid)),
            };
            self.expect(e, T::Str, &scope, &at)?;
        }
        Ok(())
    }

    fn expect(&mut self, e: &Ex, want: T, scope: &Scope, at: &At) -> Result<T, SpecError> {
        let got = self.infer(&e.ast, scope, at)?;
        let ok = match want {
            T::Int => matches!(got, T::Int | T::Unknown),
            T::Bool => matches!(got, T::Bool | T::Unknown),
            T::Str => matches!(got, T::Str | T::Unknown),
            _ => true,
        };
        if !ok {
            return Err(at.fail(format!(
                "invalid type: expected {}, got {}",
                want.name(self.s),
                got.name(self.s)
            )));
        }
        Ok(got)
    }

    fn check_attr(&mut self, tid: TypeId, a: &Attr) -> Result<(), SpecError> {
        let s = self.s;
        let file = s.types[tid].file.as_path();
        let at = |k: &str| At {
            file,
            path: if k.is_empty() {
                a.path.clone()
            } else {
                format!("{}/{k}", a.path)
            },
        };
        let scope = Scope {
            tid,
            underscore: T::Unknown,
        };
        if let Some(c) = &a.cond {
            self.expect(c, T::Bool, &scope, &at("if"))?;
        }
        for (key, e) in [("size", &a.size), ("pos", &a.pos)] {
            if let Some(e) = e {
                self.expect(e, T::Int, &scope, &at(key))?;
            }
        }
        if let Some(io) = &a.io {
            self.infer(&io.ast, &scope, &at("io"))?;
        }
        match &a.repeat {
            Repeat::Expr(e) => {
                self.expect(e, T::Int, &scope, &at("repeat-expr"))?;
            }
            Repeat::Until(e) => {
                let item = self.attr_item_type(tid, a, &at("type"))?;
                let sc = Scope {
                    tid,
                    underscore: item,
                };
                self.expect(e, T::Bool, &sc, &at("repeat-until"))?;
            }
            _ => {}
        }
        match &a.ty {
            DataType::User { id, args } => self.check_call(tid, *id, args, &at("type"))?,
            DataType::Switch { on, cases } => {
                let on_t = self.infer(&on.ast, &scope, &at("type/switch-on"))?;
                for (k, d) in cases {
                    let key_src = match k {
                        CaseKey::Expr(x) => x.src.clone(),
                        CaseKey::Else => "_".into(),
                    };
                    let cat = at(&format!("type/cases/{key_src}"));
                    if let CaseKey::Expr(x) = k {
                        let kt = self.infer(&x.ast, &scope, &cat)?;
                        if !comparable(&on_t, &kt) {
                            return Err(cat.fail(format!(
                                "can't compare {} and {}",
                                on_t.name(s),
                                kt.name(s)
                            )));
                        }
                    }
                    if let DataType::User { id, args } = d {
                        self.check_call(tid, *id, args, &cat)?;
                    }
                }
            }
            _ => {}
        }
        if let Some(Process::Xor(e) | Process::Rol(e) | Process::Ror(e)) = &a.process {
            self.infer(&e.ast, &scope, &at("process"))?;
        }
        if let Some(v) = &a.value {
            let vt = self.infer(&v.ast, &scope, &at("value"))?;
            if a.enum_.is_some() && !matches!(vt, T::Int | T::Unknown) {
                return Err(at("enum").fail(format!(
                    "tried to resolve non-integer {} to enum",
                    vt.name(s)
                )));
            }
        }
        if let Some(valid) = &a.valid {
            let item = self.attr_item_type(tid, a, &at("type"))?;
            let cmp = |me: &mut Self, e: &Ex, at: At| -> Result<(), SpecError> {
                let t = me.infer(&e.ast, &scope, &at)?;
                if !comparable(&item, &t) {
                    return Err(at.fail(format!(
                        "can't compare {} and {}",
                        item.name(s),
                        t.name(s)
                    )));
                }
                Ok(())
            };
            if let Some(e) = &valid.eq {
                cmp(self, e, at(if valid.short { "valid" } else { "valid/eq" }))?;
            }
            for (k, e) in [("valid/min", &valid.min), ("valid/max", &valid.max)] {
                if let Some(e) = e {
                    cmp(self, e, at(k))?;
                }
            }
            for (i, e) in valid.any_of.iter().enumerate() {
                cmp(self, e, at(&format!("valid/any-of/{i}")))?;
            }
            if let Some(e) = &valid.expr {
                let sc = Scope {
                    tid,
                    underscore: item.clone(),
                };
                self.expect(e, T::Bool, &sc, &at("valid/expr"))?;
            }
        }
        Ok(())
    }

    /// Arguments of `type: t(args)` against t's params.
    fn check_call(
        &mut self,
        tid: TypeId,
        callee: TypeId,
        args: &[Ex],
        at: &At,
    ) -> Result<(), SpecError> {
        let scope = Scope {
            tid,
            underscore: T::Unknown,
        };
        for (i, (arg, p)) in args.iter().zip(&self.s.types[callee].params).enumerate() {
            let at_t = self.infer(&arg.ast, &scope, at)?;
            let pt = self.param_type(callee, p);
            if !assignable(&at_t, &pt) {
                return Err(at.fail(format!(
                    "can't pass argument #{} of type {} into parameter `{}` of type {}",
                    i + 1,
                    at_t.name(self.s),
                    p.id,
                    pt.name(self.s)
                )));
            }
        }
        Ok(())
    }

    fn param_type(&self, owner: TypeId, p: &Param) -> T {
        if let Some(e) = p.enum_ {
            return T::Enum(e);
        }
        let Some(name) = p.ty_name.as_deref() else {
            return T::Unknown;
        };
        let (base, array) = match name.strip_suffix("[]") {
            Some(b) => (b, true),
            None => (name, false),
        };
        let t = match base {
            "bool" => T::Bool,
            "struct" => T::AnyStruct,
            "io" => T::Io,
            "any" => T::Unknown,
            "bytes" => T::Bytes,
            _ => match super::attr::primitive(base) {
                Some(d) => self.data_type(&d, None),
                None => self.s.find_type(owner, base).map_or(T::Unknown, T::User),
            },
        };
        if array { T::Array(Box::new(t)) } else { t }
    }

    fn data_type(&self, d: &DataType, enum_: Option<EnumId>) -> T {
        match d {
            DataType::Int { .. } | DataType::Bits { .. } if enum_.is_some() => {
                T::Enum(enum_.unwrap_or_default())
            }
            DataType::Bits { bits: 1, .. } => T::Bool,
            DataType::Int { .. } | DataType::Bits { .. } => T::Int,
            DataType::Float { .. } => T::Float,
            DataType::Bytes => T::Bytes,
            DataType::Str { .. } => T::Str,
            DataType::User { id, .. } => T::User(*id),
            DataType::Switch { cases, .. } => {
                let ts: Vec<T> = cases
                    .iter()
                    .map(|(_, d)| self.data_type(d, enum_))
                    .collect();
                match ts.split_first() {
                    Some((first, rest)) if rest.iter().all(|t| t == first) => first.clone(),
                    Some(_) if ts.iter().all(|t| matches!(t, T::User(_))) => T::AnyStruct,
                    _ => T::Unknown,
                }
            }
            DataType::Any => T::Unknown,
        }
    }

    /// The type of one value of `a` (an item, for a repeat).
    fn attr_item_type(&mut self, tid: TypeId, a: &Attr, at: &At) -> Result<T, SpecError> {
        if a.value.is_some() {
            let idx = self.s.types[tid]
                .instances
                .iter()
                .position(|x| x.path == a.path);
            return match idx {
                Some(i) => self.value_type(tid, i, at),
                None => Ok(T::Unknown),
            };
        }
        if a.contents.is_some() {
            return Ok(T::Bytes);
        }
        Ok(self.data_type(&a.ty, a.enum_))
    }

    fn attr_type(&mut self, tid: TypeId, a: &Attr, at: &At) -> Result<T, SpecError> {
        let item = self.attr_item_type(tid, a, at)?;
        Ok(if matches!(a.repeat, Repeat::None) {
            item
        } else {
            T::Array(Box::new(item))
        })
    }

    fn value_type(&mut self, tid: TypeId, idx: usize, at: &At) -> Result<T, SpecError> {
        match self.values.get(&(tid, idx)) {
            Some(Some(t)) => return Ok(t.clone()),
            Some(None) => return Ok(T::Unknown),
            None => {}
        }
        self.values.insert((tid, idx), None);
        let a = &self.s.types[tid].instances[idx];
        let scope = Scope {
            tid,
            underscore: T::Unknown,
        };
        let inner = At {
            file: at.file,
            path: format!("{}/value", a.path),
        };
        let t = match &a.value {
            Some(v) => self.infer(&v.ast, &scope, &inner)?,
            None => T::Unknown,
        };
        let t = match (a.enum_, t) {
            (Some(e), T::Int) => T::Enum(e),
            (_, t) => t,
        };
        self.values.insert((tid, idx), Some(t.clone()));
        Ok(t)
    }

    /// A name of type `tid`: field, instance, param, or a special name.
    fn member_of(&mut self, tid: TypeId, name: &str, at: &At) -> Result<Option<T>, SpecError> {
        let s = self.s;
        let t = &s.types[tid];
        match name {
            "_root" => {
                let mut r = tid;
                while let Some(p) = s.types[r].parent {
                    r = p;
                }
                return Ok(Some(T::User(r)));
            }
            "_parent" => return Ok(Some(self.parents[tid].map_or(T::AnyStruct, T::User))),
            "_io" => return Ok(Some(T::Io)),
            "_is_le" => return Ok(Some(T::Bool)),
            "_sizeof" => {
                return match s.type_bits(tid, 0) {
                    Ok(_) => Ok(Some(T::Int)),
                    Err(_) => Err(at.fail(format!(
                        "unable to derive sizeof for type `{}`: dynamic sized type",
                        t.name
                    ))),
                };
            }
            _ => {}
        }
        if let Some(p) = t.params.iter().find(|p| p.id == name) {
            return Ok(Some(self.param_type(tid, p)));
        }
        match t.find_attr(name) {
            Some(AttrRef::Seq(i)) => Ok(Some(self.attr_type(tid, &t.seq[i], at)?)),
            Some(AttrRef::Instance(i)) => {
                let a = &t.instances[i];
                if a.value.is_some() {
                    return self.value_type(tid, i, at).map(Some);
                }
                Ok(Some(self.attr_type(tid, a, at)?))
            }
            None => Ok(None),
        }
    }

    fn infer(&mut self, e: &Expr, sc: &Scope, at: &At) -> Result<T, SpecError> {
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
                if let T::User(id) = self.named_type(sc.tid, ty, at)? {
                    if s.type_bits(id, 0).is_err() {
                        return Err(at.fail(format!(
                            "unable to derive sizeof for type `{}`: dynamic sized type",
                            s.types[id].name
                        )));
                    }
                }
                T::Int
            }
        })
    }

    fn sizeof_field(&mut self, tid: TypeId, field: &str, at: &At) -> Result<(), SpecError> {
        let t = &self.s.types[tid];
        if let Some(AttrRef::Seq(i)) = t.find_attr(field) {
            if self.s.attr_bits(&t.seq[i], 0).is_err()
                || !matches!(t.seq[i].repeat, Repeat::None | Repeat::Expr(_))
            {
                return Err(at.fail(format!(
                    "unable to derive sizeof of `Name(identifier({field}))`: dynamic sized type"
                )));
            }
        }
        Ok(())
    }

    /// `.to_s(encoding)` on bytes takes one literal encoding name.
    fn bytes_to_s(&self, args: &[Expr], at: &At) -> Result<(), SpecError> {
        match args {
            [Expr::Lit(Value::Str(_))] => Ok(()),
            [one] if !matches!(one, Expr::Lit(_)) => Err(at.fail("to_s: argument #0: expected string literal")),
            _ => Err(at.fail(format!("wrong arguments to method call `to_s` on byte array: expected (string), got {} arguments", args.len()))),
        }
    }

    fn named_type(&self, from: TypeId, ty: &TypeName, at: &At) -> Result<T, SpecError> {
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

    fn method(&mut self, t: &T, name: &str, args: &[Expr], at: &At) -> Result<T, SpecError> {
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

    fn binary(
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

/// Adds a warning for an encoding name the reference does not know, or
/// knows under another spelling.
pub(super) fn encoding_name(
    warnings: &mut Vec<SpecError>,
    file: &Path,
    path: &str,
    node: Option<&Node>,
    name: &str,
) {
    let msg = match strenc::canonical_name(name) {
        Some(c) if c == name => return,
        Some(c) => format!("use canonical encoding name `{c}` instead of `{name}`"),
        None => format!("unrecognized encoding name '{name}'"),
    };
    warnings.push(err(file, path, node, msg));
}

/// The reference's id style: a field used only as another field's `size`
/// is `len_<field>`, one used only as its `repeat-expr` is `num_<field>`.
fn style_warnings(s: &Schema) -> Vec<SpecError> {
    let mut out = Vec::new();
    for t in &s.types {
        let mut uses: HashMap<&str, usize> = HashMap::new();
        for a in t.seq.iter().chain(&t.instances) {
            for e in exprs_of(a) {
                count_names(&e.ast, &mut uses);
            }
        }
        for a in t.seq.iter().chain(&t.instances) {
            let bare = |e: &Option<Ex>| e.as_ref().and_then(|e| e.ast.as_name().map(String::from));
            let rep = match &a.repeat {
                Repeat::Expr(e) => e.ast.as_name().map(String::from),
                _ => None,
            };
            for (name, want) in [
                (bare(&a.size), format!("len_{}", a.id)),
                (rep, format!("num_{}", a.id)),
            ] {
                let Some(name) = name else { continue };
                if name == want || name.starts_with('_') || uses.get(name.as_str()) != Some(&1) {
                    continue;
                }
                let Some(r) = t.find_attr(&name) else {
                    continue;
                };
                let (path, what) = match r {
                    AttrRef::Seq(i) => (format!("{}/id", t.seq[i].path), "a byte size"),
                    AttrRef::Instance(i) => (t.instances[i].path.clone(), "a byte size"),
                };
                let what = if want.starts_with("num_") {
                    format!("repeat count of `{}`", a.id)
                } else {
                    format!("{what} of `{}`", a.id)
                };
                out.push(err(
                    &t.file,
                    &path,
                    None,
                    format!(
                        "use `{want}` instead of `{name}`, given that it's only used as {what}"
                    ),
                ));
            }
        }
    }
    out
}

fn exprs_of(a: &Attr) -> Vec<&Ex> {
    let mut v: Vec<&Ex> = [&a.size, &a.cond, &a.pos, &a.io, &a.value]
        .into_iter()
        .flatten()
        .collect();
    if let Repeat::Expr(e) | Repeat::Until(e) = &a.repeat {
        v.push(e);
    }
    match &a.ty {
        DataType::User { args, .. } => v.extend(args),
        DataType::Switch { on, cases } => {
            v.push(on);
            for (_, d) in cases {
                if let DataType::User { args, .. } = d {
                    v.extend(args);
                }
            }
        }
        _ => {}
    }
    if let Some(val) = &a.valid {
        v.extend(
            [&val.eq, &val.min, &val.max, &val.expr]
                .into_iter()
                .flatten(),
        );
        v.extend(&val.any_of);
    }
    v
}

fn count_names<'e>(e: &'e Expr, uses: &mut HashMap<&'e str, usize>) {
    match e {
        Expr::Name(n) => *uses.entry(n).or_default() += 1,
        Expr::List(xs) | Expr::Interp(xs) => xs.iter().for_each(|x| count_names(x, uses)),
        Expr::Unary(_, x) | Expr::Attr(x, _) | Expr::Cast(x, _) => count_names(x, uses),
        Expr::Binary(_, a, b) | Expr::Index(a, b) => {
            count_names(a, uses);
            count_names(b, uses);
        }
        Expr::Cond(a, b, c) => {
            count_names(a, uses);
            count_names(b, uses);
            count_names(c, uses);
        }
        Expr::Call(x, _, args) => {
            count_names(x, uses);
            args.iter().for_each(|a| count_names(a, uses));
        }
        _ => {}
    }
}
