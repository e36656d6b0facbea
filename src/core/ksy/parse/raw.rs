//! The bytes of a field: by `contents`, `size`, `size-eos` or a
//! terminator (one byte, or a UTF-16/32 unit for `strz`), trimmed by
//! `pad-right`, then run through `process`.

use super::cx::Specials;
use super::*;
use crate::core::ksy::expr::Value;
use crate::core::ksy::process;
use crate::core::ksy::spec::{Attr, DataType, Process};
use crate::core::ksy::stream::{strip_right, terminate};

type R<T> = Result<T, ParseError>;

impl Tree {
    pub(crate) fn size_of(
        &mut self,
        obj: ObjId,
        attr: &Attr,
        io: IoId,
        path: &str,
        sp: &Specials,
    ) -> R<u64> {
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
    pub(crate) fn read_raw(
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

    pub(crate) fn apply_process(
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
}

/// The terminator's width: a `strz` in UTF-16 ends at two zero bytes, in
/// UTF-32 at four (aligned to the unit), as the reference's
/// `readBytesTermMulti`.
pub(crate) fn term_width(attr: &Attr, zero: bool, encoding: &str) -> usize {
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
pub(crate) static BYTES: DataType = DataType::Bytes;

pub(crate) fn hex(b: &[u8]) -> String {
    let parts: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("[{}]", parts.join(" "))
}
