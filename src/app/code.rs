//! Edits as code: each edit as the JavaScript line that would make it on an
//! ArrayBuffer — `uint8Array[0] = 0x52`, `view.setInt16(4, -2, true)` — so
//! a learner connects the keys to the DataView and TypedArray API.

use crate::core::typed::{ElemKind, ElemType, Endian};

/// Bytes listed in full in one line; longer runs are summarised.
const LIST: usize = 16;

/// `uint8Array[5] = 0x6e;`
pub fn code_byte(offset: u64, b: u8) -> String {
    format!("uint8Array[{offset}] = 0x{b:02x};")
}

fn byte_list(bytes: &[u8]) -> String {
    let shown: Vec<String> = bytes
        .iter()
        .take(LIST)
        .map(|b| format!("0x{b:02x}"))
        .collect();
    let more = if bytes.len() > LIST {
        format!(", … {} more", bytes.len() - LIST)
    } else {
        String::new()
    };
    format!("[{}{more}]", shown.join(", "))
}

/// `uint8Array.set([0xe2, 0x82, 0xac], 4);` with a note.
pub fn code_bytes(offset: u64, bytes: &[u8], note: &str) -> String {
    let line = if bytes.len() == 1 {
        code_byte(offset, bytes[0])
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

/// A comment for an insert, which a fixed-length ArrayBuffer cannot do.
pub fn code_insert(offset: u64, bytes: &[u8]) -> String {
    format!(
        "// insert {} at {offset}: an ArrayBuffer cannot grow; JS would copy into a new, longer Uint8Array",
        byte_list(bytes)
    )
}

/// A comment for a delete.
pub fn code_delete(offset: u64, len: u64) -> String {
    format!(
        "// delete {len} byte{} at {offset}: JS would copy into a new, shorter Uint8Array",
        if len == 1 { "" } else { "s" }
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
        assert!(code_bytes(0, &[0; 20], "").contains("… 4 more"));
    }
}
