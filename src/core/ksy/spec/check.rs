//! The checks the reference compiler makes beyond the shape of the YAML:
//! every expression's names exist and its types fit where it is used (`if`
//! is a boolean, `size` an integer, `valid` comparable with its field, call
//! arguments with their parameters), enums and casts name what exists,
//! `sizeof` is of a fixed-size type; plus the warnings (encoding names,
//! `len_`/`num_` ids). Where a type cannot be known statically, it is
//! accepted: only what the reference refuses for sure is refused.

mod infer;
mod style;
mod types;

use std::collections::HashMap;
use std::path::Path;

use super::load::err;
use super::*;

pub(super) use style::encoding_name;
use style::style_warnings;

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
                    if let DataType::User { id, .. } = d
                        && self.s.types[*id].file == t.file
                        && !users[*id].contains(&tid)
                    {
                        users[*id].push(tid);
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
        if t.endian_own
            && let Some(EndianSpec::Switch { on, cases }) = &t.endian
        {
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
}
