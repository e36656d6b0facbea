//! Reading: an object's seq fields in order, one attribute (with `if`,
//! `repeat`, `size`, terminators, `process`, `switch-on`, `enum`, `valid`),
//! and instances at their `pos` in their `io`.

use std::rc::Rc;

use super::cx::Specials;
use super::*;
use crate::core::ksy::expr::Value;
use crate::core::ksy::process;
use crate::core::ksy::spec::{Attr, CaseKey, DataType, Endian, EndianSpec, Ex, Process, Repeat};
use crate::core::ksy::stream::{strip_right, terminate};
use crate::core::ksy::strenc;

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
        // `_root` nor `_parent`, as the reference's generated code does.
        let root = parent.map_or(Some(id), |p| self.objs[p].root);
        let foreign = parent.is_some_and(|p| self.schema.types[self.objs[p].ty].file != t.file);
        let (parent, root) = if foreign {
            (None, None)
        } else {
            (parent, root)
        };
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

    fn read_seq(&mut self, id: ObjId) -> R<()> {
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
    fn decide_endian(
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
                if nested && !self.schema.types[ty].endian_own {
                    if let Some(le) = parent_le {
                        return Ok(Some(le));
                    }
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
        // Paths are made only for errors: the hot path passes "" and the
        // error is placed here, on its way out.
        self.read_attr_at(obj, attr, slot, io)
            .map_err(|(f, mut e)| {
                if e.path.is_empty() {
                    e.path = self.field_path(obj, &attr.id, None);
                }
                (f, e)
            })
    }

    #[allow(clippy::result_large_err)]
    fn read_attr_at(
        &mut self,
        obj: ObjId,
        attr: &Attr,
        slot: AttrRef,
        io: IoId,
    ) -> Result<Field, (Option<Field>, ParseError)> {
        let path = "";
        let none = |e| (None, e);
        if let Some(cond) = &attr.cond {
            let v = self
                .eval(obj, cond, &Specials::default(), path)
                .map_err(none)?;
            if v.as_bool() != Some(true) {
                let pos = self.ios[io].stream.pos();
                return Ok(Field {
                    value: FieldValue::Absent,
                    io,
                    start: pos,
                    end: pos,
                    type_name: Rc::from(""),
                    enum_: None,
                    error: None,
                });
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
                let n = u64::try_from(n.max(0)).unwrap_or(u64::MAX);
                // Items take at least a bit each, save empty types: a count
                // far beyond the stream is refused before reading any.
                let room = self.ios[io]
                    .stream
                    .left()
                    .saturating_mul(8)
                    .saturating_add(1 << 16);
                if n > room {
                    return Err((
                        None,
                        ParseError::new(
                            ErrorKind::Limit,
                            path,
                            format!("repeat-expr count {n} is more than the stream could hold"),
                        ),
                    ));
                }
                Some(n)
            }
            _ => None,
        };
        let mut i: u64 = 0;
        let at = |this: &Tree, mut e: ParseError, i: u64| {
            if e.path.is_empty() {
                e.path = this.field_path(obj, &attr.id, Some(i));
            }
            e
        };
        self.partial.push((obj, attr.id.clone(), Vec::new()));
        let result = loop {
            match (&attr.repeat, count) {
                (Repeat::Expr(_), Some(n)) if i >= n => break Ok(()),
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
        };
        match result {
            Ok(()) => Ok(field),
            Err(e) => Err((Some(field), e)),
        }
    }

    /// The printed name of `ty` in `obj` (cached: one string per type and
    /// endianness, not per field).
    fn type_name(&mut self, ty: &DataType, obj: ObjId) -> Rc<str> {
        let endian = self.default_endian(obj);
        let key = (std::ptr::from_ref(ty) as usize, endian);
        if let Some(n) = self.type_names.get(&key) {
            return n.clone();
        }
        let n: Rc<str> = Rc::from(ty.name(&self.schema, endian));
        self.type_names.insert(key, n.clone());
        n
    }

    fn default_endian(&self, obj: ObjId) -> Option<Endian> {
        self.objs[obj]
            .is_le
            .map(|le| if le { Endian::Le } else { Endian::Be })
    }

    /// Reads one value of `attr` (an item, for a repeat).
    #[allow(clippy::result_large_err)]
    fn read_one(
        &mut self,
        obj: ObjId,
        attr: &Attr,
        slot: AttrRef,
        io: IoId,
        path: &str,
        sp: &Specials,
    ) -> Result<Field, (Option<Field>, ParseError)> {
        let none = |e| (None, e);
        let ty = match &attr.ty {
            DataType::Switch { on, cases } => {
                let v = self.eval_sp(obj, on, sp, path).map_err(none)?;
                let mut chosen = None;
                for (k, t) in cases {
                    let hit = match k {
                        CaseKey::Else => true,
                        CaseKey::Expr(x) => self.eval_sp(obj, x, sp, path).map_err(none)? == v,
                    };
                    if hit {
                        chosen = Some(t);
                        break;
                    }
                }
                // No case and no default: raw bytes when sized, else nothing.
                match chosen {
                    Some(t) => t,
                    None if attr.size.is_none() && !attr.size_eos => {
                        let pos = self.ios[io].stream.pos();
                        return Ok(Field {
                            value: FieldValue::Absent,
                            io,
                            start: pos,
                            end: pos,
                            type_name: Rc::from(""),
                            enum_: None,
                            error: None,
                        });
                    }
                    None => &BYTES,
                }
            }
            t => t,
        };
        let stream = &mut self.ios[io].stream;
        let (start_pos, bits_before) = (stream.pos(), stream.bits_left());
        let start = start_pos - u64::from(bits_before > 0 && matches!(ty, DataType::Bits { .. }));
        let err_at = |e: ParseError, start: u64, this: &Tree| {
            let end = this.ios[io].stream.pos();
            (
                Some(Field {
                    value: FieldValue::Absent,
                    io,
                    start,
                    end,
                    type_name: Rc::from(""),
                    enum_: None,
                    error: Some(e.message.clone()),
                }),
                e,
            )
        };
        let le = |e: &Option<Endian>, this: &Tree| -> R<bool> {
            match e.map(|e| e == Endian::Le).or(this.objs[obj].is_le) {
                Some(le) => Ok(le),
                None => Err(ParseError::new(
                    ErrorKind::UndecidedEndianness,
                    path,
                    "unable to decide on endianness for a type with undecided endianness",
                )),
            }
        };
        let type_name = self.type_name(ty, obj);
        let value: Value = match ty {
            DataType::Int {
                bytes,
                signed,
                endian,
            } => {
                let le = if *bytes == 1 {
                    true
                } else {
                    le(endian, self).map_err(none)?
                };
                let s = &mut self.ios[io].stream;
                let r = if *signed {
                    s.read_sint(*bytes, le).map(|v| Value::Int(v.into()))
                } else {
                    s.read_uint(*bytes, le).map(|v| Value::Int(v.into()))
                };
                r.map_err(|e| (None, ParseError::from_stream(path, e)))?
            }
            DataType::Float { bytes, endian } => {
                let le = le(endian, self).map_err(none)?;
                let s = &mut self.ios[io].stream;
                let r = if *bytes == 4 {
                    s.read_f4(le).map(|v| Value::Float(v.into()))
                } else {
                    s.read_f8(le).map(Value::Float)
                };
                r.map_err(|e| (None, ParseError::from_stream(path, e)))?
            }
            DataType::Bits { bits, le } => {
                let le = le.unwrap_or(self.schema.types[self.objs[obj].ty].bit_le);
                let s = &mut self.ios[io].stream;
                let r = if le {
                    s.read_bits_le(*bits)
                } else {
                    s.read_bits_be(*bits)
                };
                let v = r.map_err(|e| (None, ParseError::from_stream(path, e)))?;
                if *bits == 1 && attr.enum_.is_none() {
                    Value::Bool(v == 1)
                } else {
                    Value::Int(v.into())
                }
            }
            DataType::Bytes | DataType::Str { .. } | DataType::Any => {
                let raw = self.read_raw(obj, attr, io, path, sp, ty).map_err(none)?;
                let raw = self
                    .apply_process(obj, attr, raw, path, sp)
                    .map_err(|e| err_at(e, start, self))?;
                if let DataType::Str { .. } = ty {
                    let enc = self.encoding_of(obj, attr).to_string();
                    let s = strenc::decode(&raw, &enc).map_err(|e| {
                        err_at(
                            ParseError::new(ErrorKind::Encoding, path, e.to_string()),
                            start,
                            self,
                        )
                    })?;
                    Value::str(&s)
                } else {
                    Value::bytes(&raw)
                }
            }
            DataType::User { id, args } => {
                let mut params = Vec::with_capacity(args.len());
                for a in args {
                    params.push(self.eval_sp(obj, a, sp, path).map_err(none)?);
                }
                let sized = attr.size.is_some() || attr.size_eos || attr.terminator.is_some();
                let child_io = if sized {
                    if attr.process.is_some()
                        || attr.terminator.is_some()
                        || attr.pad_right.is_some()
                    {
                        let raw = self.read_raw(obj, attr, io, path, sp, ty).map_err(none)?;
                        let bytes = self
                            .apply_process(obj, attr, raw, path, sp)
                            .map_err(|e| err_at(e, start, self))?;
                        // Processed or trimmed bytes are a stream of their
                        // own, named by the field (as the reference's copies).
                        let s = Stream::from_vec(bytes);
                        let index = sp.index.and_then(|i| u64::try_from(i).ok());
                        let origin = Some(self.field_path(obj, &attr.id, index));
                        self.ios.push(Io { stream: s, origin });
                    } else {
                        let n = self.size_of(obj, attr, io, path, sp).map_err(none)?;
                        let s = self.ios[io]
                            .stream
                            .substream(n)
                            .map_err(|e| (None, ParseError::from_stream(path, e)))?;
                        let origin = self.ios[io].origin.clone();
                        self.ios.push(Io { stream: s, origin });
                    }
                    self.ios.len() - 1
                } else {
                    self.ios[io].stream.align_to_byte();
                    io
                };
                let parent = match &attr.parent {
                    None => Some(obj),
                    Some(e) => match self.eval_sp(obj, e, sp, path).map_err(none)? {
                        Value::Obj(p) => Some(p),
                        _ => None,
                    },
                };
                let index = sp.index.and_then(|i| u64::try_from(i).ok());
                let (child, res) =
                    self.parse_obj(*id, child_io, parent, params, Some((obj, slot, index)));
                let (cstart, cend) = if child_io == io {
                    (self.objs[child].start, self.objs[child].end)
                } else {
                    (start_pos, self.ios[io].stream.pos())
                };
                let field = Field {
                    value: FieldValue::Obj(child),
                    io,
                    start: cstart,
                    end: cend,
                    type_name,
                    enum_: None,
                    error: res.as_ref().err().map(|e| e.message.clone()),
                };
                return match res {
                    Ok(()) => Ok(field),
                    Err(e) => Err((Some(field), e)),
                };
            }
            DataType::Switch { .. } => unreachable!("switch resolved above"),
        };
        let value = match (attr.enum_, value) {
            (Some(e), Value::Int(n)) => Value::Enum {
                enum_id: self.schema.enums[e].qualified.as_str().into(),
                value: n,
            },
            (_, v) => v,
        };
        let end = self.ios[io].stream.pos();
        let mut field = Field {
            value: FieldValue::Scalar(value.clone()),
            io,
            start,
            end,
            type_name,
            enum_: attr.enum_,
            error: None,
        };
        let saved = self
            .validating
            .replace((obj, attr.id.clone(), value.clone()));
        let checked = match (&attr.contents, &value) {
            (Some(want), Value::Bytes(got)) if **got != want[..] => Err(ParseError::new(
                ErrorKind::ValidationNotEqual,
                path,
                format!("not equal, expected {}, but got {}", hex(want), hex(got)),
            )),
            _ => self.check_valid(obj, attr, &value, path, sp),
        };
        self.validating = saved;
        if let Err(e) = checked {
            field.error = Some(e.message.clone());
            return Err((Some(field), e));
        }
        Ok(field)
    }

    fn encoding_of<'a>(&'a self, obj: ObjId, attr: &'a Attr) -> &'a str {
        attr.encoding
            .as_deref()
            .or(self.schema.types[self.objs[obj].ty].encoding.as_deref())
            .unwrap_or("UTF-8")
    }

    fn size_of(&mut self, obj: ObjId, attr: &Attr, io: IoId, path: &str, sp: &Specials) -> R<u64> {
        if attr.size_eos {
            return Ok(self.ios[io].stream.left());
        }
        let Some(size) = &attr.size else {
            return Ok(self.ios[io].stream.left());
        };
        let v = self.eval_sp(obj, size, sp, path)?;
        match v.as_int() {
            Some(n) if n >= 0 => Ok(u64::try_from(n).unwrap_or(u64::MAX)),
            Some(n) => Err(ParseError::new(
                ErrorKind::Expr,
                path,
                format!("negative size {n}"),
            )),
            None => Err(ParseError::new(
                ErrorKind::Expr,
                path,
                format!("size is {v}, not an integer"),
            )),
        }
    }

    /// The raw bytes of a bytes/str field (or a sized user type): by
    /// `contents`, `size`, `size-eos` or a terminator.
    fn read_raw(
        &mut self,
        obj: ObjId,
        attr: &Attr,
        io: IoId,
        path: &str,
        sp: &Specials,
        ty: &DataType,
    ) -> R<Vec<u8>> {
        let stream_err = |e| ParseError::from_stream(path, e);
        if let Some(expected) = &attr.contents {
            // Compared with `contents` after the node is made (it is kept).
            let got = self.ios[io]
                .stream
                .read_bytes(expected.len() as u64)
                .map_err(stream_err)?;
            return Ok(got);
        }
        let zero = matches!(ty, DataType::Str { zero: true });
        let term = attr.terminator.or(zero.then_some(0));
        if attr.size.is_some() || attr.size_eos {
            let n = self.size_of(obj, attr, io, path, sp)?;
            let raw = self.ios[io].stream.read_bytes(n).map_err(stream_err)?;
            // A terminator found wins; pad-right is stripped only without one.
            let width = term_width(attr, zero, self.encoding_of(obj, attr));
            let found = term.map(|t| terminate(&raw, t, width, attr.include));
            return Ok(match (found, attr.pad_right) {
                (Some(Some(cut)), _) => cut,
                (_, Some(p)) => strip_right(raw, p),
                _ => raw,
            });
        }
        match term {
            Some(t) => {
                let width = term_width(attr, zero, self.encoding_of(obj, attr));
                self.ios[io]
                    .stream
                    .read_bytes_term(t, width, attr.include, attr.consume, attr.eos_error)
                    .map_err(stream_err)
            }
            None => Ok(Vec::new()),
        }
    }

    fn apply_process(
        &mut self,
        obj: ObjId,
        attr: &Attr,
        raw: Vec<u8>,
        path: &str,
        sp: &Specials,
    ) -> R<Vec<u8>> {
        let perr =
            |e: process::ProcessError| ParseError::new(ErrorKind::Process, path, e.to_string());
        let key_bytes = |v: Value| -> R<Vec<u8>> {
            match v {
                Value::Int(n) => Ok(vec![n as u8]),
                Value::Bytes(b) => Ok(b.to_vec()),
                other => Err(ParseError::new(
                    ErrorKind::Process,
                    path,
                    format!("xor key is {other}"),
                )),
            }
        };
        match &attr.process {
            None => Ok(raw),
            Some(Process::Zlib) => process::zlib(&raw).map_err(perr),
            Some(Process::Xor(k)) => {
                let key = key_bytes(self.eval_sp(obj, k, sp, path)?)?;
                process::xor(&raw, &key).map_err(perr)
            }
            Some(Process::Rol(n)) | Some(Process::Ror(n)) => {
                let v = self.eval_sp(obj, n, sp, path)?.as_int().unwrap_or(0);
                let v = if matches!(attr.process, Some(Process::Ror(_))) {
                    -v
                } else {
                    v
                };
                Ok(process::rol(&raw, v))
            }
            Some(Process::Unknown(name)) => Err(perr(process::ProcessError::Unknown(name.clone()))),
        }
    }

    fn check_valid(
        &mut self,
        obj: ObjId,
        attr: &Attr,
        v: &Value,
        path: &str,
        sp: &Specials,
    ) -> R<()> {
        let Some(valid) = &attr.valid else {
            return Ok(());
        };
        let fail = |kind, msg: String| Err(ParseError::new(kind, path, msg));
        let eval = |this: &mut Tree, e: &Ex| this.eval_sp(obj, e, sp, path);
        if let Some(eq) = &valid.eq {
            let want = eval(self, eq)?;
            if want != *v {
                return fail(
                    ErrorKind::ValidationNotEqual,
                    format!("not equal, expected {want}, but got {v}"),
                );
            }
        }
        if let Some(min) = &valid.min {
            let m = eval(self, min)?;
            if super::cx::less(v, &m) {
                return fail(
                    ErrorKind::ValidationLessThan,
                    format!("not in range, min {m}, but got {v}"),
                );
            }
        }
        if let Some(max) = &valid.max {
            let m = eval(self, max)?;
            if super::cx::less(&m, v) {
                return fail(
                    ErrorKind::ValidationGreaterThan,
                    format!("not in range, max {m}, but got {v}"),
                );
            }
        }
        if !valid.any_of.is_empty() {
            let mut ok = false;
            for e in &valid.any_of {
                ok |= eval(self, e)? == *v;
            }
            if !ok {
                return fail(
                    ErrorKind::ValidationNotAnyOf,
                    format!("not any of the list, got {v}"),
                );
            }
        }
        if valid.in_enum {
            if let (Some(e), Value::Enum { value, .. }) = (attr.enum_, v) {
                if self.schema.enums[e].label(*value).is_none() {
                    return fail(
                        ErrorKind::ValidationNotInEnum,
                        format!("not in the enum, got {value}"),
                    );
                }
            }
        }
        if let Some(x) = &valid.expr {
            let sp2 = Specials {
                underscore: Some(v.clone()),
                ..sp.clone()
            };
            if self.eval_sp(obj, x, &sp2, path)?.as_bool() != Some(true) {
                return fail(
                    ErrorKind::ValidationExpr,
                    format!("not matching the expression, got {v}"),
                );
            }
        }
        Ok(())
    }

    /// Reads instance `idx` of `obj`: a value, or a field at `pos` in `io`.
    pub(crate) fn read_instance(&mut self, obj: ObjId, idx: usize) -> R<Field> {
        let schema = self.schema.clone();
        let attr = &schema.types[self.objs[obj].ty].instances[idx];
        let path = self.field_path(obj, &attr.id, None);
        self.depth += 1;
        let res = if self.depth > self.limits.depth {
            Err(ParseError::new(
                ErrorKind::Limit,
                &path,
                format!("instances nested more than {} deep", self.limits.depth),
            ))
        } else {
            self.read_instance_at(obj, attr, idx, &path)
        };
        self.depth -= 1;
        res
    }

    fn read_instance_at(&mut self, obj: ObjId, attr: &Attr, idx: usize, path: &str) -> R<Field> {
        let own_io = self.objs[obj].io;
        if let Some(cond) = &attr.cond {
            if self.eval(obj, cond, &Specials::default(), path)?.as_bool() != Some(true) {
                return Ok(Field {
                    value: FieldValue::Absent,
                    io: own_io,
                    start: 0,
                    end: 0,
                    type_name: Rc::from(""),
                    enum_: None,
                    error: None,
                });
            }
        }
        if let Some(value) = &attr.value {
            let v = self.eval(obj, value, &Specials::default(), path)?;
            let v = match (attr.enum_, v) {
                (Some(e), Value::Int(n)) => Value::Enum {
                    enum_id: self.schema.enums[e].qualified.as_str().into(),
                    value: n,
                },
                (_, v) => v,
            };
            let type_name = v.type_name().to_string();
            return Ok(Field {
                value: FieldValue::Scalar(v),
                io: own_io,
                start: 0,
                end: 0,
                type_name: type_name.into(),
                enum_: attr.enum_,
                error: None,
            });
        }
        let io = match &attr.io {
            Some(e) => match self.eval(obj, e, &Specials::default(), path)? {
                Value::Io(id) => id,
                other => {
                    return Err(ParseError::new(
                        ErrorKind::Expr,
                        path,
                        format!("io is {other}, not a stream"),
                    ));
                }
            },
            None => own_io,
        };
        let saved = self.ios[io].stream.clone();
        if let Some(pos) = &attr.pos {
            let p = self.eval(obj, pos, &Specials::default(), path)?;
            let p = p
                .as_int()
                .and_then(|n| u64::try_from(n).ok())
                .ok_or_else(|| ParseError::new(ErrorKind::Expr, path, format!("pos is {p}")))?;
            self.ios[io]
                .stream
                .seek(p)
                .map_err(|e| ParseError::from_stream(path, e))?;
        }
        let unconditional = Attr {
            cond: None,
            ..attr.clone()
        };
        let res = self.read_attr(obj, &unconditional, AttrRef::Instance(idx), io);
        let pos_after = self.ios[io].stream.clone();
        self.ios[io].stream = saved;
        let _ = pos_after;
        res.map_err(|(_, e)| e)
    }
}

/// The terminator's width: a `strz` in UTF-16 ends at two zero bytes, in
/// UTF-32 at four (aligned to the unit), as the reference's
/// `readBytesTermMulti`.
fn term_width(attr: &Attr, zero: bool, encoding: &str) -> usize {
    if !zero || attr.terminator.is_some() {
        return 1;
    }
    let e = encoding.to_ascii_uppercase();
    if e.starts_with("UTF-16") {
        2
    } else if e.starts_with("UTF-32") {
        4
    } else {
        1
    }
}

/// What a switch without a matching case reads when sized.
static BYTES: DataType = DataType::Bytes;

fn hex(b: &[u8]) -> String {
    let parts: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("[{}]", parts.join(" "))
}
