//! Printable strings in bytes, found exactly as GNU `strings -a` finds them
//! — ASCII (`-e s`), UTF-16LE (`-e l`) and UTF-16BE (`-e b`).
//!
//! GNU's rules, which [`Scanner`] keeps to: a character is *graphic* when
//! it is TAB or 0x20–0x7e (a UTF-16 code unit likewise: one of those, the
//! other byte zero); newline, CR, VT, FF, DEL and every byte above 0x7e end
//! a string. A string is a run of at least `min` graphic characters. After
//! a character that is not graphic, the scan goes on one *byte* further, not
//! one character: for UTF-16 that finds strings at either alignment, just
//! as GNU does. A character cut off by the end of the input is not one.
//!
//! A scanner is fed the input slice by slice (a document's pieces, or
//! blocks of a mapped file), keeping across slices only the string it is in
//! the middle of, so it runs over files of any size at the speed of a table
//! lookup per byte (and memchr jumps through input with no strings at all).

mod scan;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::ControlFlow;

use memchr::memchr;

pub use scan::scan;

/// How the characters of a string are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StrEncoding {
    Ascii,
    Utf16Le,
    Utf16Be,
}

impl StrEncoding {
    pub const ALL: [StrEncoding; 3] = [Self::Ascii, Self::Utf16Le, Self::Utf16Be];

    /// The name on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ascii => "ascii",
            Self::Utf16Le => "utf16le",
            Self::Utf16Be => "utf16be",
        }
    }
}

/// One string: where it starts, how it is stored, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found<'a> {
    pub offset: u64,
    pub encoding: StrEncoding,
    pub text: Cow<'a, str>,
}

/// What is called for each string found; returning `Break` stops the scan.
pub type OnString<'a> = &'a mut dyn FnMut(Found<'_>) -> ControlFlow<()>;

/// TAB and 0x20–0x7e: GNU strings' graphic characters (without `-w`).
static GRAPHIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x20;
    while b <= 0x7e {
        table[b] = true;
        b += 1;
    }
    table[b'\t' as usize] = true;
    table
};

/// Whether GNU strings counts `byte` as a graphic character.
pub fn is_graphic(byte: u8) -> bool {
    GRAPHIC[byte as usize]
}

/// Finds the strings of one encoding in input fed to it in order.
#[derive(Debug)]
pub struct Scanner {
    encoding: StrEncoding,
    min: usize,
    /// The absolute offset of the next character to look at.
    pos: u64,
    /// The string being read when a slice ended, if any: its start and the
    /// characters read so far.
    open: Option<u64>,
    run: String,
    /// UTF-16: the first byte of the character at `pos`, when the slice
    /// ended between its two bytes.
    half: Option<u8>,
}

impl Scanner {
    /// A scanner of strings of at least `min` (≥ 1) characters, for input
    /// starting at `start`.
    pub fn new(encoding: StrEncoding, min: usize, start: u64) -> Self {
        Scanner {
            encoding,
            min: min.max(1),
            pos: start,
            open: None,
            run: String::new(),
            half: None,
        }
    }

    /// The lowest offset a string not yet reported can start at.
    pub fn low_water(&self) -> u64 {
        self.open.unwrap_or(self.pos)
    }

    /// Scans the next slice of the input, which starts at `offset` (where
    /// the last one ended).
    pub fn feed(&mut self, offset: u64, bytes: &[u8], on: OnString<'_>) -> ControlFlow<()> {
        debug_assert_eq!(offset, self.pos + u64::from(self.half.is_some()));
        match self.encoding {
            StrEncoding::Ascii => self.feed_ascii(offset, bytes, on),
            StrEncoding::Utf16Le | StrEncoding::Utf16Be => self.feed_utf16(offset, bytes, on),
        }
    }

    /// Reports the string the input ended in, if long enough.
    pub fn finish(&mut self, on: OnString<'_>) -> ControlFlow<()> {
        self.half = None;
        self.close(on)
    }

    /// Ends the open string (reporting it when long enough).
    fn close(&mut self, on: OnString<'_>) -> ControlFlow<()> {
        let Some(start) = self.open.take() else {
            return ControlFlow::Continue(());
        };
        // Graphic characters are ASCII: the byte length is the count.
        if self.run.len() >= self.min {
            on(Found {
                offset: start,
                encoding: self.encoding,
                text: Cow::Borrowed(&self.run),
            })?;
        }
        self.run.clear();
        ControlFlow::Continue(())
    }

    fn feed_ascii(&mut self, offset: u64, bytes: &[u8], on: OnString<'_>) -> ControlFlow<()> {
        let end = offset + bytes.len() as u64;
        let mut i = 0;
        if self.open.is_some() {
            let n = graphic_prefix(bytes);
            self.run.push_str(ascii(&bytes[..n]));
            if n == bytes.len() {
                self.pos = end;
                return ControlFlow::Continue(());
            }
            self.close(on)?;
            i = n + 1;
        }
        while i < bytes.len() {
            let Some(k) = bytes[i..].iter().position(|&b| is_graphic(b)) else {
                break;
            };
            let start = i + k;
            let n = graphic_prefix(&bytes[start..]);
            if start + n == bytes.len() {
                // The string may go on in the next slice.
                self.open = Some(offset + start as u64);
                self.run.push_str(ascii(&bytes[start..]));
                break;
            }
            if n >= self.min {
                on(Found {
                    offset: offset + start as u64,
                    encoding: StrEncoding::Ascii,
                    text: Cow::Borrowed(ascii(&bytes[start..start + n])),
                })?;
            }
            i = start + n + 1;
        }
        self.pos = end;
        ControlFlow::Continue(())
    }

    fn feed_utf16(&mut self, offset: u64, bytes: &[u8], on: OnString<'_>) -> ControlFlow<()> {
        let big = self.encoding == StrEncoding::Utf16Be;
        // The position of the next character, relative to `bytes`.
        let mut i: usize = 0;
        if let Some(first) = self.half.take() {
            let Some(&second) = bytes.first() else {
                self.half = Some(first);
                return ControlFlow::Continue(());
            };
            // The character straddling the slices starts one byte back.
            self.step(utf16_unit(big, first, second), offset - 1, on)?;
            i = (self.pos - offset) as usize;
        }
        loop {
            if self.open.is_none() {
                // Not in a string: jump to the next candidate, a zero byte
                // next to a graphic one.
                match next_utf16_start(bytes, i, big) {
                    Some(p) => i = p,
                    None => {
                        i = bytes.len().saturating_sub(1).max(i);
                        break;
                    }
                }
            }
            if i + 1 >= bytes.len() {
                break;
            }
            let unit = utf16_unit(big, bytes[i], bytes[i + 1]);
            self.step(unit, offset + i as u64, on)?;
            i = (self.pos - offset) as usize;
        }
        // Zero or one byte of the slice is left over.
        self.pos = offset + i as u64;
        if i < bytes.len() {
            self.half = Some(bytes[i]);
        }
        ControlFlow::Continue(())
    }

    /// Takes the UTF-16 character at `at` (`Some` graphic ASCII, `None` not
    /// graphic): extends the string or ends it, and moves `pos` past it —
    /// two bytes on, or one when it was not graphic.
    fn step(&mut self, unit: Option<u8>, at: u64, on: OnString<'_>) -> ControlFlow<()> {
        match unit {
            Some(c) => {
                if self.open.is_none() {
                    self.open = Some(at);
                }
                self.run.push(char::from(c));
                self.pos = at + 2;
            }
            None => {
                self.pos = at + 1;
                self.close(on)?;
            }
        }
        ControlFlow::Continue(())
    }
}

/// The length of the run of graphic bytes `bytes` starts with.
pub(super) fn graphic_prefix(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| !is_graphic(b))
        .unwrap_or(bytes.len())
}

/// Graphic bytes as text (they are all ASCII).
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("graphic bytes are ASCII")
}

/// The UTF-16 code unit of two bytes, when it is a graphic ASCII character.
fn utf16_unit(big: bool, first: u8, second: u8) -> Option<u8> {
    let (low, high) = if big {
        (second, first)
    } else {
        (first, second)
    };
    (high == 0 && is_graphic(low)).then_some(low)
}

/// The first position at or after `from` where a graphic UTF-16 character
/// starts, found by jumping from zero byte to zero byte.
fn next_utf16_start(bytes: &[u8], from: usize, big: bool) -> Option<usize> {
    // Little-endian: the zero is the second byte; big-endian: the first.
    let mut zero_from = if big { from } else { from + 1 };
    while zero_from < bytes.len() {
        let z = zero_from + memchr(0, &bytes[zero_from..])?;
        let (start, other) = if big { (z, z + 1) } else { (z - 1, z - 1) };
        if other < bytes.len() && is_graphic(bytes[other]) {
            return Some(start);
        }
        zero_from = z + 1;
    }
    None
}
