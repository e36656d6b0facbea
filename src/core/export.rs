//! Bytes as text for other tools: hex, text, C / Rust / JavaScript array
//! literals, a Python bytes literal and Base64 — what "copy as" puts on the
//! clipboard.
//!
//! Each form reads back as exactly the same bytes in the tool it is meant
//! for, except `Text`, which is for reading, not for round trips.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Bytes per line of a long array literal.
const ARRAY_ROW: usize = 12;

/// A form to copy bytes as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopyFormat {
    /// Space-separated lowercase pairs: `de ad be ef`.
    Hex,
    /// The bytes read as UTF-8; each invalid sequence becomes U+FFFD.
    Text,
    /// `unsigned char data[4] = { 0xde, 0xad, 0xbe, 0xef };`
    CArray,
    /// `let data: [u8; 4] = [0xde, 0xad, 0xbe, 0xef];`
    RustArray,
    /// `new Uint8Array([0xde, 0xad, 0xbe, 0xef])`
    JsUint8Array,
    /// `b'\xde\xad\xbe\xef'`, exactly as Python's `repr()` writes it.
    PythonBytes,
    /// Standard Base64 (RFC 4648 alphabet) with `=` padding.
    Base64,
}

impl CopyFormat {
    /// Every format, in the order a menu lists them.
    pub const ALL: [CopyFormat; 7] = [
        CopyFormat::Hex,
        CopyFormat::Text,
        CopyFormat::CArray,
        CopyFormat::RustArray,
        CopyFormat::JsUint8Array,
        CopyFormat::PythonBytes,
        CopyFormat::Base64,
    ];

    /// The name a menu shows.
    pub fn name(self) -> &'static str {
        match self {
            CopyFormat::Hex => "Hex",
            CopyFormat::Text => "Text",
            CopyFormat::CArray => "C array",
            CopyFormat::RustArray => "Rust array",
            CopyFormat::JsUint8Array => "JS Uint8Array",
            CopyFormat::PythonBytes => "Python bytes",
            CopyFormat::Base64 => "Base64",
        }
    }
}

/// `bytes` written in the form `fmt`.
///
/// `Text` decodes as UTF-8 the way `String::from_utf8_lossy` does: each
/// maximal invalid sequence becomes one U+FFFD, control characters and NULs
/// pass through as they are. The array forms stay on one line up to 12
/// bytes and put 12 bytes a line, with a trailing comma, beyond that; an
/// empty C array (`data[0]`) is a GNU C extension.
pub fn format(bytes: &[u8], fmt: CopyFormat) -> String {
    match fmt {
        CopyFormat::Hex => hex_pairs(bytes),
        CopyFormat::Text => String::from_utf8_lossy(bytes).into_owned(),
        CopyFormat::CArray => array(
            bytes,
            &format!("unsigned char data[{}] = {{", bytes.len()),
            "};",
            " ",
        ),
        CopyFormat::RustArray => array(
            bytes,
            &format!("let data: [u8; {}] = [", bytes.len()),
            "];",
            "",
        ),
        CopyFormat::JsUint8Array => array(bytes, "new Uint8Array([", "])", ""),
        CopyFormat::PythonBytes => python_repr(bytes),
        CopyFormat::Base64 => STANDARD.encode(bytes),
    }
}

fn hex_pairs(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, &b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_hex(&mut out, b);
    }
    out
}

/// Appends `b` as two lowercase hex digits (without `write!`, which costs
/// more than the rest of a large copy).
fn push_hex(out: &mut String, b: u8) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push(char::from(DIGITS[usize::from(b >> 4)]));
    out.push(char::from(DIGITS[usize::from(b & 0xf)]));
}

/// Appends `bytes` as `0x..` items separated by ", ".
fn push_items(out: &mut String, bytes: &[u8]) {
    for (i, &b) in bytes.iter().enumerate() {
        out.push_str(if i > 0 { ", 0x" } else { "0x" });
        push_hex(out, b);
    }
}

/// An array literal: `open`, the bytes as `0x..` items, `close`; `pad`
/// goes inside the brackets of a one-line literal.
fn array(bytes: &[u8], open: &str, close: &str, pad: &str) -> String {
    let mut out = String::with_capacity(open.len() + bytes.len() * 6 + 16);
    out.push_str(open);
    if bytes.len() > ARRAY_ROW {
        for row in bytes.chunks(ARRAY_ROW) {
            out.push_str("\n    ");
            push_items(&mut out, row);
            out.push(',');
        }
        out.push('\n');
    } else if !bytes.is_empty() {
        out.push_str(pad);
        push_items(&mut out, bytes);
        out.push_str(pad);
    }
    out.push_str(close);
    out
}

/// Python's `repr(bytes)`: single quotes unless the bytes hold `'` and no
/// `"`; `\t`, `\n`, `\r`, `\\` and the quote escaped; other bytes outside
/// printable ASCII as `\xNN`.
fn python_repr(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push('b');
    out.push(quote);
    for &b in bytes {
        match b {
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\\' => out.push_str("\\\\"),
            _ if char::from(b) == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                out.push_str("\\x");
                push_hex(&mut out, b);
            }
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests;
