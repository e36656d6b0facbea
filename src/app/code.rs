//! Edits as code: each edit as the JavaScript line that would make it on an
//! ArrayBuffer — `uint8Array[0] = 0x52`, `view.setInt16(4, -2, true)` — so
//! a learner connects the keys to the DataView and TypedArray API.

use std::ops::Range;

use crate::core::typed::{ElemKind, ElemType, Endian};

/// Bytes listed in full in one line; longer runs are described.
const LIST: usize = 64;

/// `uint8Array[5] = 0x6e;`
pub fn code_byte(offset: u64, b: u8) -> String {
    format!("uint8Array[{offset}] = 0x{b:02x};")
}

fn byte_list(bytes: &[u8]) -> String {
    let shown: Vec<String> = bytes.iter().map(|b| format!("0x{b:02x}")).collect();
    format!("[{}]", shown.join(", "))
}

/// `uint8Array.set([0xe2, 0x82, 0xac], 4);` with a note.
pub fn code_bytes(offset: u64, bytes: &[u8], note: &str) -> String {
    let line = if bytes.len() == 1 {
        code_byte(offset, bytes[0])
    } else if bytes.len() > LIST {
        format!(
            "// uint8Array.set(bytes, {offset}); with {} bytes, too many to list",
            bytes.len()
        )
    } else {
        format!("uint8Array.set({}, {offset});", byte_list(bytes))
    };
    if note.is_empty() {
        line
    } else {
        format!("{line} // {note}")
    }
}

/// The DataView call that writes `bytes` (one element of `ty`) at `offset`.
pub fn code_value(ty: ElemType, offset: u64, bytes: &[u8]) -> String {
    let Some(v) = ty.decode(bytes) else {
        return code_bytes(offset, bytes, "");
    };
    let little = ty.endian == Endian::Little;
    match ty.kind {
        ElemKind::U8 => format!("uint8Array[{offset}] = {v};"),
        ElemKind::I8 => format!("view.setInt8({offset}, {v});"),
        ElemKind::U64 | ElemKind::I64 => {
            format!("view.set{}({offset}, {v}n, {little});", ty.kind.js_name())
        }
        kind => format!("view.set{}({offset}, {v}, {little});", kind.js_name()),
    }
}

/// The elements of `bytes` as the typed pane shows them, as a JavaScript
/// typed array: `new Uint16Array([513, 1027])`. A typed array keeps the
/// machine's byte order (little-endian on every common machine), so for a
/// big-endian pane a comment says how to get these bytes instead. Bytes
/// after the last whole element are named in a comment.
pub fn typed_array_js(ty: ElemType, bytes: &[u8]) -> String {
    let size = ty.size();
    let values: Vec<String> = bytes
        .chunks_exact(size)
        .filter_map(|c| ty.decode(c))
        .map(|v| match v {
            crate::core::typed::Value::Float(f) if f == 0.0 && f.is_sign_negative() => {
                "-0".to_string()
            }
            v if matches!(ty.kind, ElemKind::U64 | ElemKind::I64) => format!("{v}n"),
            v => v.to_string(),
        })
        .collect();
    let mut text = format!("new {}Array([{}])", ty.kind.js_name(), values.join(", "));
    if size > 1 && ty.endian == Endian::Big {
        text.push_str(&format!(
            " // read big-endian; a {}Array stores the machine's order (little-endian): write these bytes with view.set{}(offset, value, false)",
            ty.kind.js_name(),
            ty.kind.js_name()
        ));
    }
    let rest = bytes.len() % size;
    if rest > 0 {
        let s = if rest == 1 { "" } else { "s" };
        text.push_str(&format!(
            " // and {rest} byte{s} after the last whole {}",
            ty.kind.js_name()
        ));
    }
    text
}

/// A fill of `range` with `pattern` repeated.
pub fn code_fill(range: Range<u64>, pattern: &[u8]) -> String {
    let (s, e) = (range.start, range.end);
    match pattern {
        [b] => format!("uint8Array.fill(0x{b:02x}, {s}, {e});"),
        _ if pattern.len() <= LIST => format!(
            "for (let i = {s}; i < {e}; i++) uint8Array[i] = {}[(i - {s}) % {}]; // the pattern, repeated",
            byte_list(pattern),
            pattern.len()
        ),
        _ => format!(
            "// fill {s}..{e} with a {}-byte pattern, repeated (too long to list)",
            pattern.len()
        ),
    }
}

/// Most replaced matches written out in one line.
const REPLACE_LIST: usize = 64;

/// Replace-all: `with` in place of `m` bytes at each of `at` (ascending,
/// not overlapping), as one new array built from the old one's pieces —
/// right for a replacement of any length. `len` is the length before.
pub fn code_replace_all(at: &[u64], m: u64, with: &[u8], len: u64) -> String {
    if at.len() > REPLACE_LIST || with.len() > LIST {
        return format!(
            "// replaced {} matches (too many to list): a new Uint8Array of the pieces between them and the replacement",
            at.len()
        );
    }
    let mut parts = Vec::new();
    let mut from = 0;
    for &a in at {
        if a > from {
            parts.push(format!("...uint8Array.subarray({from}, {a})"));
        }
        parts.extend(with.iter().map(|b| format!("0x{b:02x}")));
        from = a + m;
    }
    if from < len {
        parts.push(format!("...uint8Array.subarray({from})"));
    }
    format!(
        "uint8Array = Uint8Array.from([{}]); view = new DataView(uint8Array.buffer); // replaced {} matches",
        parts.join(", "),
        at.len()
    )
}

/// Bytes listed in a splice; a longer one is described, not listed.
const SPLICE_LIST: usize = 256;

/// A change of length — an insert, an append, a delete, a replacement of
/// another length — as JavaScript that really makes it. A typed array
/// cannot grow or shrink (writing past its end is silently ignored), so a
/// new array is built from the old one's pieces, and the DataView over it
/// is made again. `len` is the length before the change.
pub fn code_splice(range: Range<u64>, bytes: &[u8], len: u64) -> String {
    let (start, end) = (range.start, range.end);
    let verb = match (bytes.len() as u64).cmp(&(end - start)) {
        std::cmp::Ordering::Greater if start == len => "append",
        std::cmp::Ordering::Greater if start == end => "insert",
        std::cmp::Ordering::Less if bytes.is_empty() => "delete",
        _ => "replace",
    };
    if bytes.len() > SPLICE_LIST {
        return format!(
            "// {verb} {} bytes at {start} (too many to list): build a new Uint8Array of uint8Array.subarray(0, {start}), the bytes and uint8Array.subarray({end})",
            bytes.len()
        );
    }
    let mut parts = Vec::new();
    if start == len && end == len {
        parts.push("...uint8Array".to_string());
    } else if start > 0 {
        parts.push(format!("...uint8Array.subarray(0, {start})"));
    }
    parts.extend(bytes.iter().map(|b| format!("0x{b:02x}")));
    if end < len {
        parts.push(format!("...uint8Array.subarray({end})"));
    }
    let why = if bytes.len() as u64 > end - start {
        "a typed array cannot grow: a new, longer one"
    } else {
        "a typed array cannot shrink: a new, shorter one"
    };
    format!(
        "uint8Array = Uint8Array.from([{}]); view = new DataView(uint8Array.buffer); // {verb}: {why}",
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_read_as_dataview_and_typed_array_calls() {
        assert_eq!(code_byte(0, 0x52), "uint8Array[0] = 0x52;");
        let i16le = ElemType::parse("i16le").unwrap();
        assert_eq!(
            code_value(i16le, 4, &[0xfe, 0xff]),
            "view.setInt16(4, -2, true);"
        );
        let f32le = ElemType::parse("f32le").unwrap();
        assert_eq!(
            code_value(f32le, 8, &[0, 0, 0xc0, 0x3f]),
            "view.setFloat32(8, 1.5, true);"
        );
        let u64be = ElemType::parse("u64be").unwrap();
        assert_eq!(
            code_value(u64be, 0, &[0, 0, 0, 0, 0, 0, 1, 0]),
            "view.setBigUint64(0, 256n, false);"
        );
        let u8 = ElemType::parse("u8").unwrap();
        assert_eq!(code_value(u8, 1, &[105]), "uint8Array[1] = 105;");
        assert_eq!(
            code_bytes(4, "€".as_bytes(), "'€' in UTF-8"),
            "uint8Array.set([0xe2, 0x82, 0xac], 4); // '€' in UTF-8"
        );
        assert!(code_bytes(0, &[0; 65], "").starts_with("// "));
        let u16le = ElemType::parse("u16le").unwrap();
        assert_eq!(
            typed_array_js(u16le, &[1, 2, 3, 4]),
            "new Uint16Array([513, 1027])"
        );
        let f32le = ElemType::parse("f32le").unwrap();
        assert_eq!(
            typed_array_js(f32le, &[0, 0, 0, 0x80, 0, 0, 0xc0, 0x3f, 9]),
            "new Float32Array([-0, 1.5]) // and 1 byte after the last whole Float32"
        );
        assert_eq!(
            code_splice(0..0, &[0xab], 8),
            "uint8Array = Uint8Array.from([0xab, ...uint8Array.subarray(0)]); view = new DataView(uint8Array.buffer); // insert: a typed array cannot grow: a new, longer one"
        );
        assert!(
            code_splice(8..8, &[0xcc], 8)
                .starts_with("uint8Array = Uint8Array.from([...uint8Array, 0xcc]);")
        );
        assert!(
            code_splice(2..4, &[], 8)
                .contains("[...uint8Array.subarray(0, 2), ...uint8Array.subarray(4)]")
        );
    }
}
