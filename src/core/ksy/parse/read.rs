//! Reading an object: its endianness, its seq fields in order, and one
//! field with its `if` and `repeat` (eos, expr, until); one value is read by
//! `value`, its bytes by `raw`, checked by `valid`.

use std::rc::Rc;

use super::cx::Specials;
use super::*;
use crate::core::ksy::expr::Value;
use crate::core::ksy::spec::{Attr, CaseKey, DataType, Endian, EndianSpec, Repeat};

type R<T> = Result<T, ParseError>;

impl Tree {
    /// Creates an object of type `ty` on `io` and reads its seq fields.
    pub(crate) fn parse_obj(
        &mut self,
        ty: TypeId,
        io: IoId,
        parent: Option<ObjId>,
        params: Vec<Value>,
        slot: Option<Slot>,
    ) -> (ObjId, R<()>) {
        let id = self.objs.len();
        let t = &self.schema.types[ty];
        let level = parent.map_or(0, |p| self.objs[p].level + 1);
        // `_root` is the file's root object, also in a recursive top-level
        // type (kaitai_struct#1089); a type of another spec has neither
        // `_parent` nor `_root`, and a top-level type without a `_root` is
        // its own (`this._root = _root || this`) — as the reference's
        // generated code does.
        let foreign = parent.is_some_and(|p| self.schema.types[self.objs[p].ty].file != t.file);
        let parent = parent.filter(|_| !foreign);
        let root = parent
            .and_then(|p| self.objs[p].root)
            .or(t.parent.is_none().then_some(id));
        let start = self.ios[io].stream.pos();
        self.objs.push(Obj {
            ty,
            parent,
            root,
            io,
            start,
            end: start,
            params,
            fields: vec![None; t.seq.len()],
            instances: vec![InstState::Unread; t.instances.len()],
            inst_order: Vec::new(),
            is_le: None,
            level,
            slot,
        });
        if let Err(e) = self.count_node(&self.path_of(id)) {
            return (id, Err(e));
        }
        self.depth += 1;
        // Both the stack and the tree's own depth are bounded: instances
        // read later can nest objects without nesting calls.
        let res = if self.depth > self.limits.depth || self.objs[id].level > self.limits.depth {
            Err(ParseError::new(
                ErrorKind::Limit,
                &self.path_of(id),
                format!("types nested more than {} deep", self.limits.depth),
            ))
        } else {
            self.read_seq(id)
        };
        self.depth -= 1;
        self.objs[id].end = self.ios[io].stream.pos();
        (id, res)
    }

    pub(crate) fn read_seq(&mut self, id: ObjId) -> R<()> {
        let schema = self.schema.clone();
        let t = &schema.types[self.objs[id].ty];
        self.objs[id].is_le = self.decide_endian(id, t.endian.as_ref(), t.parent.is_some())?;
        for (i, attr) in t.seq.iter().enumerate() {
            let io = self.objs[id].io;
            let res = self.read_attr(id, attr, AttrRef::Seq(i), io);
            let end = self.ios[io].stream.pos();
            self.objs[id].end = end;
            match res {
                Ok(f) => self.objs[id].fields[i] = Some(f),
                Err((partial, e)) => {
                    self.objs[id].fields[i] = partial;
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// `meta/endian` for a new object: fixed, inherited from the parent, or
    /// switched on an expression.
    pub(crate) fn decide_endian(
        &mut self,
        id: ObjId,
        spec: Option<&EndianSpec>,
        nested: bool,
    ) -> R<Option<bool>> {
        match spec {
            None => Ok(None),
            Some(EndianSpec::Fixed(e)) => Ok(Some(*e == Endian::Le)),
            Some(EndianSpec::Switch { on, cases }) => {
                let parent_le = self.objs[id].parent.and_then(|p| self.objs[p].is_le);
                let ty = self.objs[id].ty;
                if nested
                    && !self.schema.types[ty].endian_own
                    && let Some(le) = parent_le
                {
                    return Ok(Some(le));
                }
                let path = self.path_of(id);
                let v = self.eval(id, on, &Specials::default(), &path)?;
                for (k, e) in cases {
                    let hit = match k {
                        CaseKey::Else => true,
                        CaseKey::Expr(x) => self.eval(id, x, &Specials::default(), &path)? == v,
                    };
                    if hit {
                        return Ok(Some(*e == Endian::Le));
                    }
                }
                Err(ParseError::new(
                    ErrorKind::UndecidedEndianness,
                    &path,
                    format!("no endianness for switch-on value {v}"),
                ))
            }
        }
    }

    /// Reads one attribute of `obj` from `io`; on failure, what was read of
    /// it (a partial array, an object that stopped) and the error.
    // The failure carries the partial field on the (cold) error path.
    #[allow(clippy::result_large_err)]
    pub(crate) fn read_attr(
        &mut self,
        obj: ObjId,
        attr: &Attr,
        slot: AttrRef,
        io: IoId,
    ) -> Result<Field, (Option<Field>, ParseError)> {
        self.read_attr_placed(obj, attr, slot, io, true)
    }

    /// [`Tree::read_attr`], testing its `if` when `test_if` (an instance
    /// tests its own first: it passes the schema's own `attr`, whose
    /// address keys the cache of type names, not a copy without `if`).
    #[allow(clippy::result_large_err)]
    pub(crate) fn read_attr_placed(
        &mut self,
        obj: ObjId,
        attr: &Attr,
        slot: AttrRef,
        io: IoId,
        test_if: bool,
    ) -> Result<Field, (Option<Field>, ParseError)> {
        // Paths are made only for errors: the hot path passes "" and the
        // error is placed here, on its way out.
        self.read_attr_at(obj, attr, slot, io, test_if)
            .map_err(|(f, mut e)| {
                if e.unplaced() {
                    e.path = self.field_path(obj, &attr.id, None);
                }
                (f, e)
            })
    }

    #[allow(clippy::result_large_err)]
    pub(crate) fn read_attr_at(
        &mut self,
        obj: ObjId,
        attr: &Attr,
        slot: AttrRef,
        io: IoId,
        test_if: bool,
    ) -> Result<Field, (Option<Field>, ParseError)> {
        let path = "";
        let none = |e| (None, e);
        if let Some(cond) = attr.cond.as_ref().filter(|_| test_if) {
            // The reference tests `if` before it begins the field: an error
            // here is the object's.
            let v = self
                .eval(obj, cond, &Specials::default(), path)
                .map_err(|e| (None, e.placed_at(self.path_of(obj))))?;
            if v.as_bool() != Some(true) {
                return Ok(Field::absent(io, self.ios[io].stream.pos()));
            }
        }
        if matches!(attr.repeat, Repeat::None) {
            return self.read_one(obj, attr, slot, io, path, &Specials::default());
        }
        let start = self.ios[io].stream.pos();
        let mut items: Vec<Field> = Vec::new();
        let mut type_name: Rc<str> = Rc::from("");
        let count = match &attr.repeat {
            Repeat::Expr(e) => {
                let n = self
                    .eval(obj, e, &Specials::default(), path)
                    .map_err(none)?;
                let n = n.as_int().ok_or_else(|| {
                    (
                        None,
                        ParseError::new(
                            ErrorKind::Expr,
                            path,
                            format!("repeat-expr is {n}, not an integer"),
                        ),
                    )
                })?;
                Some(u64::try_from(n.max(0)).unwrap_or(u64::MAX))
            }
            _ => None,
        };
        let mut i: u64 = 0;
        let at = |this: &Tree, mut e: ParseError, i: u64| {
            if e.unplaced() {
                e.path = this.field_path(obj, &attr.id, Some(i));
            }
            e
        };
        self.partial.push((obj, attr.id.clone(), Vec::new()));
        // Items take at least a bit each, save empty types: the items are
        // read as the reference reads them (a count beyond the stream ends
        // at its end, with the items before), and a count of empty items
        // far beyond the stream is stopped once it passes this.
        let room = self.ios[io]
            .stream
            .left()
            .saturating_mul(8)
            .saturating_add(1 << 16);
        let result = loop {
            match (&attr.repeat, count) {
                (Repeat::Expr(_), Some(n)) if i >= n => break Ok(()),
                (Repeat::Expr(_), Some(n)) if i >= room => {
                    break Err(ParseError::new(
                        ErrorKind::Limit,
                        &self.field_path(obj, &attr.id, Some(i)),
                        format!("repeat-expr count {n} is more than the stream could hold"),
                    ));
                }
                (Repeat::Eos, _) if self.ios[io].stream.is_eof() => break Ok(()),
                _ => {}
            }
            let ipath = "";
            let sp = Specials {
                index: Some(i as i128),
                ..Specials::default()
            };
            let item = match self.read_one(obj, attr, slot, io, ipath, &sp) {
                Ok(f) => f,
                Err((partial, e)) => {
                    items.extend(partial);
                    break Err(at(self, e, i));
                }
            };
            if type_name.is_empty() {
                type_name = item.type_name.clone();
            }
            let value = item.value();
            if let Some(p) = self.partial.last_mut() {
                p.2.push(value.clone());
            }
            items.push(item);
            i += 1;
            if let Err(e) = self.count_node(ipath) {
                break Err(at(self, e, i - 1));
            }
            if let Repeat::Until(cond) = &attr.repeat {
                let sp = Specials {
                    underscore: Some(value),
                    index: Some(i as i128 - 1),
                };
                match self.eval(obj, cond, &sp, ipath) {
                    Ok(v) if v.as_bool() == Some(true) => break Ok(()),
                    Ok(_) => {}
                    Err(e) => break Err(at(self, e, i - 1)),
                }
            }
        };
        let values = Value::array(self.partial.pop().map(|p| p.2).unwrap_or_default());
        let end = self.ios[io].stream.pos();
        if type_name.is_empty() {
            type_name = self.type_name(&attr.ty, obj);
        }
        let field = Field {
            value: FieldValue::Array(items, values),
            io,
            start,
            end,
            type_name: Rc::from(format!("{type_name}[]")),
            enum_: attr.enum_,
            error: result.as_ref().err().map(|e| e.message.clone()),
            bits: None,
        };
        match result {
            Ok(()) => Ok(field),
            Err(e) => Err((Some(field), e)),
        }
    }

    /// The printed name of `ty` in `obj` (cached: one string per type and
    /// endianness, not per field).
    pub(crate) fn type_name(&mut self, ty: &DataType, obj: ObjId) -> Rc<str> {
        let endian = self.default_endian(obj);
        let key = (std::ptr::from_ref(ty) as usize, endian);
        if let Some(n) = self.type_names.get(&key) {
            return n.clone();
        }
        let n: Rc<str> = Rc::from(ty.name(&self.schema, endian));
        self.type_names.insert(key, n.clone());
        n
    }

    pub(crate) fn default_endian(&self, obj: ObjId) -> Option<Endian> {
        self.objs[obj]
            .is_le
            .map(|le| if le { Endian::Le } else { Endian::Be })
    }
}
