//! Instances: a value, or a field read at its `pos` in its `io` with the
//! stream's position put back afterwards.

use std::rc::Rc;

use super::cx::Specials;
use super::*;
use crate::core::ksy::expr::Value;
use crate::core::ksy::spec::Attr;

type R<T> = Result<T, ParseError>;

impl Tree {
    /// Reads instance `idx` of `obj`: a value, or a field at `pos` in `io`.
    pub(crate) fn read_instance(&mut self, obj: ObjId, idx: usize) -> R<Field> {
        let schema = self.schema.clone();
        let attr = &schema.types[self.objs[obj].ty].instances[idx];
        let path = self.field_path(obj, &attr.id, None);
        self.depth += 1;
        // An object at the depth limit reads no instances: each could make
        // one more object at the limit, for ever.
        let res = if self.depth > self.limits.depth || self.objs[obj].level >= self.limits.depth {
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

    pub(crate) fn read_instance_at(
        &mut self,
        obj: ObjId,
        attr: &Attr,
        idx: usize,
        path: &str,
    ) -> R<Field> {
        let own_io = self.objs[obj].io;
        if let Some(cond) = &attr.cond
            && self.eval(obj, cond, &Specials::default(), path)?.as_bool() != Some(true)
        {
            return Ok(Field {
                value: FieldValue::Absent,
                io: own_io,
                start: 0,
                end: 0,
                type_name: Rc::from(""),
                enum_: None,
                error: None,
                bits: None,
            });
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
                bits: None,
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
        let res = self.read_attr_placed(obj, attr, AttrRef::Instance(idx), io, false);
        let pos_after = self.ios[io].stream.clone();
        self.ios[io].stream = saved;
        let _ = pos_after;
        res.map_err(|(_, e)| e)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::rc::Rc;

    use super::*;
    use crate::core::ksy::spec::load_str;

    /// Each instance is named by its own type, however many are read one
    /// after another (the names are cached by the address of the schema's
    /// type: a copy of the field made for the read once gave every
    /// instance read from the same place the first one's name, so an ELF
    /// section's `name` showed as `section_header`).
    #[test]
    fn instances_read_in_turn_keep_their_own_type_names() {
        let ksy = "meta: {id: t, encoding: ASCII, endian: le}\ninstances:\n  a: {pos: 0, type: u1}\n  b: {pos: 1, type: strz}\n  c: {pos: 1, type: str, size: 2}\n  d: {pos: 0, type: u2}\n  e: {pos: 0, type: s4be}\n  f: {pos: 0, size: 3}\n";
        let schema = Rc::new(load_str(ksy, Path::new("t.ksy"), &[]).unwrap());
        let mut tree = Tree::parse(schema, Rc::new(b"\x01AB\x00".to_vec()), Limits::default());
        tree.eval_all_instances();
        let names: Vec<String> = (0..6)
            .map(|i| tree.instance(0, i).unwrap().type_name.to_string())
            .collect();
        assert_eq!(names, ["u1", "strz", "str", "u2le", "s4be", "bytes"]);
    }
}
