//! Reading one value of a field: a number, bits, bytes or a string, or a
//! user type in its own substream (sized, trimmed or processed), chosen by
//! `switch-on`, made an enum, then checked by `contents` and `valid`.

use std::rc::Rc;

use super::cx::Specials;
use super::raw::{BYTES, hex};
use super::*;
use crate::core::ksy::expr::Value;
use crate::core::ksy::spec::{Attr, CaseKey, DataType, Endian};
use crate::core::ksy::strenc;

type R<T> = Result<T, ParseError>;

impl Tree {
    /// Reads one value of `attr` (an item, for a repeat).
    #[allow(clippy::result_large_err)]
    pub(crate) fn read_one(
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
                        return Ok(Field::absent(io, self.ios[io].stream.pos()));
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
                    bits: None,
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
        let mut bit_pos = None;
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
                bit_pos = Some(super::BitPos {
                    skip: (8 - bits_before) % 8,
                    width: *bits,
                    le,
                });
                let r = self.ios[io].stream.read_bits(*bits, le);
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
                    bits: None,
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
            bits: bit_pos,
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

    pub(crate) fn encoding_of<'a>(&'a self, obj: ObjId, attr: &'a Attr) -> &'a str {
        attr.encoding
            .as_deref()
            .or(self.schema.types[self.objs[obj].ty].encoding.as_deref())
            .unwrap_or("UTF-8")
    }
}
