//! The tree as the expression evaluator sees it: names of the current
//! object (fields, instances — read on demand — params, `_parent`, `_root`,
//! `_io`, `_`, `_index`), members of other objects and streams, enum
//! members, and static sizes of types.

use super::*;
use crate::core::ksy::expr::{Context, EnumRef, EvalError, TypeName, eval};
use crate::core::ksy::spec::{Ex, Repeat};

/// The names that only exist inside a repeat, a `valid` or a switch.
#[derive(Debug, Clone, Default)]
pub struct Specials {
    pub underscore: Option<Value>,
    pub index: Option<i128>,
}

/// An evaluation in the context of one object.
pub struct Cx<'t> {
    pub tree: &'t mut Tree,
    pub obj: ObjId,
    pub sp: Specials,
}

impl Tree {
    pub(crate) fn eval(
        &mut self,
        obj: ObjId,
        e: &Ex,
        sp: &Specials,
        path: &str,
    ) -> Result<Value, ParseError> {
        self.eval_sp(obj, e, sp, path)
    }

    pub(crate) fn eval_sp(
        &mut self,
        obj: ObjId,
        e: &Ex,
        sp: &Specials,
        path: &str,
    ) -> Result<Value, ParseError> {
        let mut cx = Cx {
            tree: self,
            obj,
            sp: sp.clone(),
        };
        eval(&e.ast, &mut cx).map_err(|err| ParseError::from_eval(path, err))
    }

    /// Evaluates an expression against an object (the conformance runner's
    /// `actual:`).
    pub fn eval_expr(
        &mut self,
        obj: ObjId,
        e: &crate::core::ksy::expr::Expr,
    ) -> Result<Value, EvalError> {
        let mut cx = Cx {
            tree: self,
            obj,
            sp: Specials::default(),
        };
        eval(e, &mut cx)
    }

    /// A name of `obj` (not the specials of the current evaluation).
    fn name_of(&mut self, obj: ObjId, name: &str) -> Result<Value, EvalError> {
        let o = &self.objs[obj];
        match name {
            "_root" => return Ok(o.root.map_or(Value::Null, Value::Obj)),
            "_parent" => return Ok(o.parent.map_or(Value::Null, Value::Obj)),
            "_io" => return Ok(Value::Io(o.io)),
            "_is_le" => return Ok(o.is_le.map_or(Value::Null, Value::Bool)),
            "_sizeof" => return Ok(self.object_size(obj)),
            _ => {}
        }
        if let Some(i) = self.schema.types[o.ty].param_index(name) {
            return Ok(o.params.get(i).cloned().unwrap_or(Value::Null));
        }
        match self.attr_value(obj, name) {
            Some(Ok(v)) => Ok(v),
            Some(Err(e)) => Err(EvalError::context(e)),
            None => Err(EvalError::UnknownName(name.to_string())),
        }
    }

    /// `name._sizeof`. The reference computes `_sizeof` when it compiles
    /// the spec, from the type alone (a fixed size, even of a field not
    /// read yet: `header_terminator._sizeof` in a `size:` before it); a
    /// type without one it refuses, and here the size read is taken.
    fn field_size(&mut self, obj: ObjId, name: &str) -> Result<Value, EvalError> {
        let o = &self.objs[obj];
        let target = match name {
            "_root" => o.root,
            "_parent" => o.parent,
            _ => None,
        };
        if let Some(t) = target {
            return Ok(self.object_size(t));
        }
        let t = &self.schema.types[o.ty];
        let r = t
            .find_attr(name)
            .ok_or_else(|| EvalError::UnknownName(name.to_string()))?;
        let a = t.attr(r);
        // One read of a field of a fixed size (a repeat's size is read).
        if matches!(a.repeat, Repeat::None)
            && a.value.is_none()
            && let Ok(bits) = self.schema.attr_bits(a)
        {
            return Ok(bytes_of(bits));
        }
        let field = match r {
            AttrRef::Seq(i) => o.fields[i].clone(),
            AttrRef::Instance(i) => Some(self.instance(obj, i).map_err(EvalError::context)?),
        };
        let f = field.ok_or_else(|| EvalError::type_error(format!("'{name}' is not read yet")))?;
        Ok(Value::Int(i128::from(f.end.saturating_sub(f.start))))
    }

    /// `_sizeof` of an object reached by an expression (`items[0]`): the
    /// fixed size of one read of the field that holds it, else as
    /// [`Tree::object_size`].
    pub(crate) fn item_size(&self, obj: ObjId) -> Value {
        if let Some((holder, r, _)) = self.objs[obj].slot
            && let Ok(bits) = self
                .schema
                .attr_bits(self.schema.types[self.objs[holder].ty].attr(r))
        {
            return bytes_of(bits);
        }
        self.object_size(obj)
    }

    /// `_sizeof` of an object: its type's fixed size, else the bytes read.
    pub(crate) fn object_size(&self, obj: ObjId) -> Value {
        let o = &self.objs[obj];
        match self.schema.type_bits(o.ty) {
            Ok(bits) => bytes_of(bits),
            Err(_) => Value::Int(i128::from(o.end.saturating_sub(o.start))),
        }
    }
}

/// `a < b` for the values `valid: min/max` compare.
pub(crate) fn less(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x < y,
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Int(x), Value::Float(y)) => (*x as f64) < *y,
        (Value::Float(x), Value::Int(y)) => *x < (*y as f64),
        (Value::Str(x), Value::Str(y)) => x < y,
        (Value::Bytes(x), Value::Bytes(y)) => x < y,
        (Value::Enum { value: x, .. }, Value::Enum { value: y, .. }) => x < y,
        _ => false,
    }
}

impl Context for Cx<'_> {
    fn ident(&mut self, name: &str) -> Result<Value, EvalError> {
        match name {
            "_" => {
                return self
                    .sp
                    .underscore
                    .clone()
                    .ok_or_else(|| EvalError::UnknownName("_".into()));
            }
            "_index" => {
                return self
                    .sp
                    .index
                    .map(Value::Int)
                    .ok_or_else(|| EvalError::UnknownName("_index".into()));
            }
            _ => {}
        }
        self.tree.name_of(self.obj, name)
    }

    fn member(&mut self, obj: &Value, name: &str) -> Result<Value, EvalError> {
        match obj {
            // `items[0]._sizeof`: the size its field gives one item (a
            // `size: 3` counts), as the reference takes it from the type.
            Value::Obj(id) if name == "_sizeof" => Ok(self.tree.item_size(*id)),
            Value::Obj(id) => self.tree.name_of(*id, name),
            Value::Io(id) => {
                let s = &self.tree.ios[*id].stream;
                match name {
                    "pos" => Ok(Value::Int(s.pos().into())),
                    "size" => Ok(Value::Int(s.size().into())),
                    "eof" => Ok(Value::Bool(s.is_eof())),
                    _ => Err(EvalError::type_error(format!("a stream has no '{name}'"))),
                }
            }
            Value::Null => Err(EvalError::type_error(format!(
                "'{name}' of null (a field that was not read)"
            ))),
            other => Err(EvalError::type_error(format!(
                "{} has no member '{name}'",
                other.type_name()
            ))),
        }
    }

    fn enum_value(&mut self, r: &EnumRef) -> Result<Value, EvalError> {
        let mut name: Vec<&str> = r.path.iter().map(|s| &**s).collect();
        let joined = name.join("::");
        let ty = self.tree.objs[self.obj].ty;
        let schema = &self.tree.schema;
        let id = schema.find_enum(ty, &joined).ok_or_else(|| {
            name.push(&r.label);
            EvalError::type_error(format!("unknown enum '{joined}'"))
        })?;
        let e = &schema.enums[id];
        let value = e.value(&r.label).ok_or_else(|| {
            EvalError::type_error(format!("enum '{}' has no member '{}'", e.name, r.label))
        })?;
        Ok(Value::Enum {
            enum_id: e.qualified.as_str().into(),
            value,
        })
    }

    fn sizeof_field(&mut self, owner: Option<&Value>, field: &str) -> Result<Value, EvalError> {
        match owner {
            None => self.tree.field_size(self.obj, field),
            Some(Value::Obj(id)) => self.tree.field_size(*id, field),
            Some(v) => Err(EvalError::type_error(format!(
                "{} has no fields",
                v.type_name()
            ))),
        }
    }

    fn sizeof_bits(&mut self, ty: &TypeName) -> Result<u64, EvalError> {
        let from = self.tree.objs[self.obj].ty;
        let name = ty.path.iter().map(|s| &**s).collect::<Vec<_>>().join("::");
        let id = self
            .tree
            .schema
            .find_type(from, &name)
            .ok_or_else(|| EvalError::type_error(format!("unknown type '{name}'")))?;
        self.tree
            .schema
            .type_bits(id)
            .map_err(EvalError::type_error)
    }
}

/// A static size in bits as `_sizeof` gives it: whole bytes.
fn bytes_of(bits: u64) -> Value {
    Value::Int(i128::from(bits.div_ceil(8)))
}
