//! The parse tree as DESIGN.md's "Structure JSON", written straight to a
//! writer (a tree of a million records is not built twice in memory).
//! Integers beyond ±2^53 are decimal strings, bytes are hex of the first 64,
//! floats that JSON cannot hold are "NaN"/"inf"/"-inf", enums are
//! `enum::label`, and fields read from a processed stream name it.

use std::io::{self, Write};

use super::expr::Value;
use super::parse::{Field, FieldValue, ObjId, Tree};

const TWO_53: i128 = 1 << 53;

/// Writes `{"spec": .., "root": .., "errors": [..]}` and a newline.
pub fn write_json(tree: &Tree, max_items: Option<u64>, out: &mut dyn Write) -> io::Result<()> {
    let w = Writer { tree, max_items };
    let root = &tree.objs[tree.root()];
    write!(out, "{{\"spec\":{},\"root\":", quote(tree.schema.id()))?;
    write!(
        out,
        "{{\"name\":{0},\"type\":{0},\"offset\":0,\"size\":{1},\"fields\":[",
        quote(tree.schema.id()),
        match tree.error {
            Some(_) => w.extent(tree.root()).saturating_sub(root.start),
            None => root.end.saturating_sub(root.start),
        }
    )?;
    w.fields(tree.root(), true, out)?;
    out.write_all(b"]},\"errors\":[")?;
    let errors = tree.error.iter().chain(&tree.late_errors);
    for (i, e) in errors.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(
            out,
            "{{\"path\":{},\"message\":{}}}",
            quote(&e.path),
            quote(&e.message)
        )?;
    }
    out.write_all(b"]}\n")
}

/// A JSON string literal.
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Writes a JSON string literal; most names and values need no escapes.
pub fn write_quoted(out: &mut dyn Write, s: &str) -> io::Result<()> {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.write_all(b"\"")?;
        out.write_all(s.as_bytes())?;
        return out.write_all(b"\"");
    }
    out.write_all(quote(s).as_bytes())
}

/// Writes a scalar as JSON, by the rules above (as `scalar`, unallocated).
pub fn write_scalar(out: &mut dyn Write, v: &Value) -> io::Result<()> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match v {
        Value::Int(n) | Value::Enum { value: n, .. } if n.abs() <= TWO_53 => write!(out, "{n}"),
        Value::Str(s) => write_quoted(out, s),
        Value::Bytes(b) => {
            let mut buf = [0u8; 130];
            buf[0] = b'"';
            let n = b.len().min(64);
            for (i, x) in b.iter().take(n).enumerate() {
                buf[1 + 2 * i] = HEX[usize::from(x >> 4)];
                buf[2 + 2 * i] = HEX[usize::from(x & 15)];
            }
            buf[1 + 2 * n] = b'"';
            out.write_all(&buf[..2 + 2 * n])
        }
        other => out.write_all(scalar(other).unwrap_or_else(|| "null".into()).as_bytes()),
    }
}

/// A scalar as JSON, by the rules above.
pub fn scalar(v: &Value) -> Option<String> {
    Some(match v {
        Value::Int(n) | Value::Enum { value: n, .. } if n.abs() > TWO_53 => format!("\"{n}\""),
        Value::Int(n) | Value::Enum { value: n, .. } => n.to_string(),
        Value::Float(x) if x.is_nan() => "\"NaN\"".into(),
        Value::Float(x) if x.is_infinite() => if *x > 0.0 { "\"inf\"" } else { "\"-inf\"" }.into(),
        // A whole float beyond 2^53 prints as its exact integer, as the
        // reference runner (JavaScript) writes every such number.
        Value::Float(x) if x.fract() == 0.0 && x.abs() > TWO_53 as f64 => format!("\"{x:.0}\""),
        Value::Float(x) => {
            serde_json::Number::from_f64(*x).map_or_else(|| "null".into(), |n| n.to_string())
        }
        Value::Bool(b) => b.to_string(),
        Value::Str(s) => quote(s),
        Value::Bytes(b) => {
            let mut s = String::with_capacity(2 + 2 * b.len().min(64));
            s.push('"');
            for x in b.iter().take(64) {
                s.push_str(&format!("{x:02x}"));
            }
            s.push('"');
            s
        }
        _ => return None,
    })
}

struct Writer<'t> {
    tree: &'t Tree,
    max_items: Option<u64>,
}

impl Writer<'_> {
    /// Where the fields read of an unfinished object end, as the reference
    /// runner measures it: a finished field by its end, the unfinished one
    /// by its start (or its finished items' ends).
    fn extent(&self, obj: ObjId) -> u64 {
        let o = &self.tree.objs[obj];
        let mut end = o.start;
        for f in o.fields.iter().flatten() {
            if matches!(f.value, FieldValue::Absent) {
                continue;
            }
            let e = match (&f.error, &f.value) {
                // A scalar with an error was read, then failed its check.
                (None, _) | (Some(_), FieldValue::Scalar(_)) => f.end,
                (Some(_), FieldValue::Array(items, _)) => items
                    .iter()
                    .filter(|i| i.error.is_none())
                    .map(|i| i.end)
                    .max()
                    .unwrap_or(f.start),
                (Some(_), _) => f.start,
            };
            end = end.max(e);
        }
        end
    }

    /// The size printed for a field: its bytes, or for an unfinished one
    /// what the reference runner prints (see ksref's README: an unfinished
    /// user type without a substream of its own is sized by the fields read,
    /// and by 0 directly under the root).
    fn shown_size(&self, f: &Field, under_root: bool) -> u64 {
        if f.error.is_none() {
            return f.end.saturating_sub(f.start);
        }
        match &f.value {
            FieldValue::Obj(id) if self.tree.objs[*id].io == f.io => {
                if under_root {
                    0
                } else {
                    self.extent(*id).saturating_sub(f.start)
                }
            }
            FieldValue::Array(items, _) => {
                let end = items
                    .iter()
                    .map(|i| i.start + self.shown_size(i, under_root))
                    .max()
                    .unwrap_or(f.start);
                end.max(f.start) - f.start
            }
            _ => f.end.saturating_sub(f.start),
        }
    }

    fn fields(&self, obj: ObjId, under_root: bool, out: &mut dyn Write) -> io::Result<()> {
        let o = &self.tree.objs[obj];
        let t = &self.tree.schema.types[o.ty];
        let mut first = true;
        for (attr, f) in t.seq.iter().zip(&o.fields) {
            if let Some(f) = f
                && self.node((&attr.id, None), f, false, first, under_root, out)?
            {
                first = false;
            }
        }
        for &i in &o.inst_order {
            if let super::parse::InstState::Done(f) = &o.instances[i]
                && self.node((&t.instances[i].id, None), f, true, first, under_root, out)?
            {
                first = false;
            }
        }
        Ok(())
    }

    /// Writes one node; false when there is nothing to write (`if` false).
    fn node(
        &self,
        name: (&str, Option<usize>),
        f: &Field,
        instance: bool,
        first: bool,
        under_root: bool,
        out: &mut dyn Write,
    ) -> io::Result<bool> {
        if matches!(f.value, FieldValue::Absent) {
            return Ok(false);
        }
        if !first {
            out.write_all(b",")?;
        }
        let io = &self.tree.ios[f.io];
        let offset = self.tree.abs(f.io, f.start);
        out.write_all(b"{\"name\":\"")?;
        out.write_all(name.0.as_bytes())?;
        if let Some(i) = name.1 {
            write!(out, "[{i}]")?;
        }
        out.write_all(b"\",\"type\":")?;
        write_quoted(out, &f.type_name)?;
        write!(
            out,
            ",\"offset\":{offset},\"size\":{}",
            self.shown_size(f, under_root)
        )?;
        if let Some(origin) = &io.origin {
            out.write_all(b",\"stream\":")?;
            write_quoted(out, origin)?;
        }
        if instance {
            out.write_all(b",\"instance\":true")?;
        }
        match &f.value {
            FieldValue::Scalar(v) => {
                if !matches!(
                    v,
                    Value::Null | Value::Obj(_) | Value::Io(_) | Value::Array(_)
                ) {
                    out.write_all(b",\"value\":")?;
                    write_scalar(out, v)?;
                }
                if let (Some(e), Value::Enum { value, .. }) = (f.enum_, v) {
                    let def = &self.tree.schema.enums[e];
                    if let Some(label) = def.label(*value) {
                        write!(out, ",\"enum\":\"{}::{label}\"", def.name)?;
                    }
                }
            }
            FieldValue::Obj(id) => {
                out.write_all(b",\"fields\":[")?;
                self.fields(*id, false, out)?;
                out.write_all(b"]")?;
            }
            FieldValue::Array(items, _) => {
                let n = self
                    .max_items
                    .map_or(items.len(), |m| items.len().min(m as usize));
                // Cut by --max-items: how many there are.
                if n < items.len() {
                    write!(out, ",\"items_total\":{}", items.len())?;
                }
                out.write_all(b",\"items\":[")?;
                let mut first = true;
                for (i, item) in items.iter().take(n).enumerate() {
                    if self.node((name.0, Some(i)), item, false, first, under_root, out)? {
                        first = false;
                    }
                }
                out.write_all(b"]")?;
            }
            FieldValue::Absent => {}
        }
        out.write_all(b"}")?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(v: &Value) -> String {
        let mut out = Vec::new();
        write_scalar(&mut out, v).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn scalars_follow_the_structure_json_rules() {
        let two53 = 1i128 << 53;
        assert_eq!(written(&Value::Int(two53)), two53.to_string());
        assert_eq!(
            written(&Value::Int(two53 + 1)),
            format!("\"{}\"", two53 + 1)
        );
        assert_eq!(
            written(&Value::Int(-(two53 + 1))),
            format!("\"-{}\"", two53 + 1)
        );
        assert_eq!(
            written(&Value::Int(u64::MAX.into())),
            "\"18446744073709551615\""
        );
        assert_eq!(written(&Value::Float(f64::NAN)), "\"NaN\"");
        assert_eq!(written(&Value::Float(f64::NEG_INFINITY)), "\"-inf\"");
        assert_eq!(written(&Value::Float(1.5)), "1.5");
        assert_eq!(written(&Value::Float(1e300)), format!("\"{:.0}\"", 1e300));
        assert_eq!(written(&Value::Bool(true)), "true");
        assert_eq!(written(&Value::str("a\"b\n")), "\"a\\\"b\\n\"");
        let long: Vec<u8> = (0..100).collect();
        let hex = written(&Value::bytes(&long));
        assert_eq!(hex.len(), 2 + 128, "the first 64 bytes only");
        assert!(hex.starts_with("\"000102") && hex.ends_with("3e3f\""));
        // The allocating form agrees with the writer.
        for v in [
            Value::Int(7),
            Value::Float(0.25),
            Value::str("x"),
            Value::bytes(b"\x01\xff"),
        ] {
            assert_eq!(scalar(&v).unwrap(), written(&v));
        }
    }
}
