//! The static types of fields, instances and parameters.

use super::*;

impl Checker<'_> {
    pub(super) fn param_type(&self, owner: TypeId, p: &Param) -> T {
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

    pub(super) fn data_type(&self, d: &DataType, enum_: Option<EnumId>) -> T {
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
    pub(super) fn attr_item_type(
        &mut self,
        tid: TypeId,
        a: &Attr,
        at: &At,
    ) -> Result<T, SpecError> {
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

    pub(super) fn attr_type(&mut self, tid: TypeId, a: &Attr, at: &At) -> Result<T, SpecError> {
        let item = self.attr_item_type(tid, a, at)?;
        Ok(if matches!(a.repeat, Repeat::None) {
            item
        } else {
            T::Array(Box::new(item))
        })
    }

    pub(super) fn value_type(&mut self, tid: TypeId, idx: usize, at: &At) -> Result<T, SpecError> {
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
    pub(super) fn member_of(
        &mut self,
        tid: TypeId,
        name: &str,
        at: &At,
    ) -> Result<Option<T>, SpecError> {
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
                return match s.type_bits(tid) {
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
}
