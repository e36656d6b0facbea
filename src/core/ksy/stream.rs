//! Kaitai streams: a window over bytes with a position, the bit reader of
//! the reference runtime (big and little bit-endian, aligned to a byte
//! before a byte read), and the byte-array readers (`size`, terminators,
//! `pad-right`). The bytes come from any `ByteSource`: the editor's
//! `Document`, or bytes a `process:` produced.

use std::rc::Rc;

use crate::core::document::Document;

/// Bytes a stream can read.
pub trait ByteSource {
    fn len(&self) -> u64;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Copies the bytes at `offset` into `out`; how many there were.
    fn read_into(&self, offset: u64, out: &mut [u8]) -> usize;
}

impl ByteSource for Document {
    fn len(&self) -> u64 {
        Document::len(self)
    }
    fn read_into(&self, offset: u64, out: &mut [u8]) -> usize {
        Document::read_into(self, offset, out)
    }
}

impl ByteSource for Vec<u8> {
    fn len(&self) -> u64 {
        self.as_slice().len() as u64
    }
    fn read_into(&self, offset: u64, out: &mut [u8]) -> usize {
        let start = (offset.min(self.as_slice().len() as u64)) as usize;
        let n = out.len().min(self.as_slice().len() - start);
        out[..n].copy_from_slice(&self[start..start + n]);
        n
    }
}

/// A read that could not be done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StreamError {
    #[error("end of stream: {wanted} bytes wanted at {pos}, {left} left")]
    Eof { pos: u64, wanted: u64, left: u64 },
    #[error("terminator 0x{term:02x} not found before the end of the stream")]
    NoTerminator { term: u8 },
    #[error("seek to {pos} beyond the stream's {size} bytes")]
    Seek { pos: u64, size: u64 },
}

/// A stream: `len` bytes of `data` from `start`.
#[derive(Clone)]
pub struct Stream {
    data: Rc<dyn ByteSource>,
    start: u64,
    len: u64,
    pos: u64,
    bits: u64,
    bits_left: u8,
    /// The absolute file offset of position 0, when the bytes are the file's.
    pub file_base: Option<u64>,
}

impl std::fmt::Debug for Stream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stream")
            .field("start", &self.start)
            .field("len", &self.len)
            .field("pos", &self.pos)
            .finish()
    }
}

impl Stream {
    /// A stream over all of `data`; `file` when the bytes are the file's.
    pub fn new(data: Rc<dyn ByteSource>, file: bool) -> Stream {
        let len = data.len();
        Stream {
            data,
            start: 0,
            len,
            pos: 0,
            bits: 0,
            bits_left: 0,
            file_base: file.then_some(0),
        }
    }

    /// A stream over bytes that are not the file's (a processed field).
    pub fn from_vec(bytes: Vec<u8>) -> Stream {
        Stream::new(Rc::new(bytes), false)
    }

    /// A substream of the next `n` bytes; this stream moves past them.
    pub fn substream(&mut self, n: u64) -> Result<Stream, StreamError> {
        self.align_to_byte();
        self.ensure(n)?;
        let sub = Stream {
            data: self.data.clone(),
            start: self.start + self.pos,
            len: n,
            pos: 0,
            bits: 0,
            bits_left: 0,
            file_base: self.file_base.map(|b| b + self.pos),
        };
        self.pos += n;
        Ok(sub)
    }

    pub fn pos(&self) -> u64 {
        self.pos
    }

    pub fn size(&self) -> u64 {
        self.len
    }

    /// Bits of the current byte not yet read by a bit field.
    pub fn bits_left(&self) -> u8 {
        self.bits_left
    }

    pub fn left(&self) -> u64 {
        self.len - self.pos
    }

    pub fn is_eof(&self) -> bool {
        self.bits_left == 0 && self.pos >= self.len
    }

    /// The absolute file offset of `pos` when the bytes are the file's.
    pub fn abs(&self, pos: u64) -> Option<u64> {
        self.file_base.map(|b| b + pos)
    }

    pub fn seek(&mut self, pos: u64) -> Result<(), StreamError> {
        if pos > self.len {
            return Err(StreamError::Seek {
                pos,
                size: self.len,
            });
        }
        self.align_to_byte();
        self.pos = pos;
        Ok(())
    }

    pub fn align_to_byte(&mut self) {
        self.bits = 0;
        self.bits_left = 0;
    }

    fn ensure(&self, n: u64) -> Result<(), StreamError> {
        if n > self.left() {
            return Err(StreamError::Eof {
                pos: self.pos,
                wanted: n,
                left: self.left(),
            });
        }
        Ok(())
    }

    /// The next `n` bytes (not aligning: bit reads use it too).
    fn take(&mut self, n: u64) -> Result<Vec<u8>, StreamError> {
        self.ensure(n)?;
        let mut out = vec![0; n as usize];
        self.data.read_into(self.start + self.pos, &mut out);
        self.pos += n;
        Ok(out)
    }

    pub fn read_bytes(&mut self, n: u64) -> Result<Vec<u8>, StreamError> {
        self.align_to_byte();
        self.take(n)
    }

    pub fn read_bytes_full(&mut self) -> Result<Vec<u8>, StreamError> {
        let n = self.left();
        self.read_bytes(n)
    }

    /// An unsigned integer of `n` bytes (1..=8).
    pub fn read_uint(&mut self, n: u8, le: bool) -> Result<u64, StreamError> {
        self.align_to_byte();
        self.ensure(u64::from(n))?;
        let mut buf = [0u8; 8];
        self.data
            .read_into(self.start + self.pos, &mut buf[..n as usize]);
        self.pos += u64::from(n);
        let b = &buf[..n as usize];
        Ok(if le {
            b.iter().rev().fold(0, |acc, &x| acc << 8 | u64::from(x))
        } else {
            b.iter().fold(0, |acc, &x| acc << 8 | u64::from(x))
        })
    }

    pub fn read_sint(&mut self, n: u8, le: bool) -> Result<i64, StreamError> {
        let u = self.read_uint(n, le)?;
        let shift = 64 - 8 * u32::from(n);
        Ok(((u << shift) as i64) >> shift)
    }

    pub fn read_f4(&mut self, le: bool) -> Result<f32, StreamError> {
        Ok(f32::from_bits(self.read_uint(4, le)? as u32))
    }

    pub fn read_f8(&mut self, le: bool) -> Result<f64, StreamError> {
        Ok(f64::from_bits(self.read_uint(8, le)?))
    }

    /// `n` bits (1..=64) in the bit order `le` names: [`Stream::read_bits_le`]
    /// or [`Stream::read_bits_be`].
    pub fn read_bits(&mut self, n: u8, le: bool) -> Result<u64, StreamError> {
        if le {
            self.read_bits_le(n)
        } else {
            self.read_bits_be(n)
        }
    }

    /// `n` bits (1..=64), most significant first, as the runtime's
    /// `readBitsIntBe`.
    pub fn read_bits_be(&mut self, n: u8) -> Result<u64, StreamError> {
        let n = u32::from(n);
        let needed = n as i64 - i64::from(self.bits_left);
        let res: u128;
        if needed > 0 {
            let bytes = ((needed - 1) / 8 + 1) as u64;
            let buf = self.take(bytes)?;
            let raw = buf.iter().fold(0u128, |acc, &b| acc << 8 | u128::from(b));
            let new_left = ((-needed) & 7) as u32;
            res = raw >> new_left | (u128::from(self.bits) << needed);
            self.bits = (raw & ((1u128 << new_left) - 1)) as u64;
            self.bits_left = new_left as u8;
        } else {
            let left = (-needed) as u32;
            res = u128::from(self.bits) >> left;
            self.bits &= ((1u128 << left) - 1) as u64;
            self.bits_left = left as u8;
        }
        Ok((res & ((1u128 << n) - 1)) as u64)
    }

    /// `n` bits (1..=64), least significant first, as `readBitsIntLe`.
    pub fn read_bits_le(&mut self, n: u8) -> Result<u64, StreamError> {
        let n = u32::from(n);
        let needed = n as i64 - i64::from(self.bits_left);
        let res: u128;
        if needed > 0 {
            let bytes = ((needed - 1) / 8 + 1) as u64;
            let buf = self.take(bytes)?;
            let raw = buf
                .iter()
                .enumerate()
                .fold(0u128, |acc, (i, &b)| acc | u128::from(b) << (8 * i));
            let new_bits = raw >> needed;
            res = raw << self.bits_left | u128::from(self.bits);
            self.bits = new_bits as u64;
            self.bits_left = ((-needed) & 7) as u8;
        } else {
            res = u128::from(self.bits);
            self.bits = (u128::from(self.bits) >> n) as u64;
            self.bits_left = (-needed) as u8;
        }
        Ok((res & ((1u128 << n) - 1)) as u64)
    }

    /// Bytes up to a terminator of `width` equal bytes (1, or 2 and 4
    /// aligned to the unit for UTF-16/32 `strz`), as `readBytesTerm(Multi)`.
    pub fn read_bytes_term(
        &mut self,
        term: u8,
        width: usize,
        include: bool,
        consume: bool,
        eos_error: bool,
    ) -> Result<Vec<u8>, StreamError> {
        self.align_to_byte();
        let mut out = Vec::new();
        let mut chunk = vec![0u8; 4096 - 4096 % width.max(1)];
        let mut at = self.pos;
        while at < self.len {
            let want = ((self.len - at) as usize).min(chunk.len());
            let got = self.data.read_into(self.start + at, &mut chunk[..want]);
            if got == 0 {
                break;
            }
            if let Some(i) = find_term(&chunk[..got], term, width) {
                out.extend_from_slice(&chunk[..i]);
                if include {
                    out.extend(std::iter::repeat_n(term, width));
                }
                self.pos = at + i as u64 + if consume { width as u64 } else { 0 };
                return Ok(out);
            }
            let whole = got - got % width;
            out.extend_from_slice(&chunk[..whole]);
            at += whole.max(1) as u64;
            if whole == 0 {
                break;
            }
        }
        if eos_error {
            return Err(StreamError::NoTerminator { term });
        }
        // A partial unit at the end belongs to the result too.
        let rest = self.len - at;
        if rest > 0 && rest < width as u64 {
            let mut tail = vec![0u8; rest as usize];
            self.data.read_into(self.start + at, &mut tail);
            out.extend(tail);
        }
        self.pos = self.len;
        Ok(out)
    }
}

/// The index of the first aligned unit of `width` bytes all equal to `term`.
fn find_term(b: &[u8], term: u8, width: usize) -> Option<usize> {
    if width <= 1 {
        return memchr::memchr(term, b);
    }
    b.chunks_exact(width)
        .position(|u| u.iter().all(|&x| x == term))
        .map(|i| i * width)
}

/// `bytesStripRight`: drops trailing `pad` bytes.
pub fn strip_right(mut b: Vec<u8>, pad: u8) -> Vec<u8> {
    while b.last() == Some(&pad) {
        b.pop();
    }
    b
}

/// `bytesTerminate(Multi)`: the bytes before the first terminator (with it
/// for `include`), or `None` when there is none.
pub fn terminate(b: &[u8], term: u8, width: usize, include: bool) -> Option<Vec<u8>> {
    let i = find_term(b, term, width)?;
    Some(b[..i + if include { width } else { 0 }].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(b: &[u8]) -> Stream {
        Stream::from_vec(b.to_vec())
    }

    #[test]
    fn integers_both_endians_and_signed() {
        let mut s = stream(&[0x01, 0x02, 0xff, 0xfe]);
        assert_eq!(s.read_uint(2, false).unwrap(), 0x0102);
        assert_eq!(s.read_sint(2, true).unwrap(), -257);
        assert!(matches!(s.read_uint(1, true), Err(StreamError::Eof { .. })));
    }

    #[test]
    fn bits_big_endian_follow_the_runtime() {
        // 0b1010_1100 0b0101_0011: b3 = 0b101, b7 = 0b0110_001, b6 = 0b010011
        let mut s = stream(&[0b1010_1100, 0b0101_0011]);
        assert_eq!(s.read_bits_be(3).unwrap(), 0b101);
        assert_eq!(s.read_bits_be(7).unwrap(), 0b011_0001);
        assert_eq!(s.read_bits_be(6).unwrap(), 0b01_0011);
        assert!(s.is_eof());
    }

    #[test]
    fn bits_little_endian_follow_the_runtime() {
        let mut s = stream(&[0b1010_1100, 0b0101_0011]);
        assert_eq!(s.read_bits_le(3).unwrap(), 0b100);
        assert_eq!(s.read_bits_le(7).unwrap(), 0b111_0101);
        assert_eq!(s.read_bits_le(6).unwrap(), 0b01_0100);
    }

    #[test]
    fn sixty_four_bits_at_an_odd_offset() {
        let mut s = stream(&[0xff; 9]);
        assert_eq!(s.read_bits_be(4).unwrap(), 0xf);
        assert_eq!(s.read_bits_be(64).unwrap(), u64::MAX);
        let mut s = stream(&[0xff; 9]);
        assert_eq!(s.read_bits_le(4).unwrap(), 0xf);
        assert_eq!(s.read_bits_le(64).unwrap(), u64::MAX);
    }

    #[test]
    fn a_byte_read_aligns_after_bits() {
        let mut s = stream(&[0xf0, 0x42]);
        s.read_bits_be(4).unwrap();
        assert_eq!(s.read_uint(1, false).unwrap(), 0x42);
    }

    #[test]
    fn terminator_options() {
        let mut s = stream(b"ab\0cd");
        assert_eq!(s.read_bytes_term(0, 1, false, true, true).unwrap(), b"ab");
        assert_eq!(s.pos(), 3);
        let mut s = stream(b"ab\0cd");
        assert_eq!(s.read_bytes_term(0, 1, true, false, true).unwrap(), b"ab\0");
        assert_eq!(s.pos(), 2);
        let mut s = stream(b"abcd");
        assert!(s.read_bytes_term(0, 1, false, true, true).is_err());
        assert_eq!(
            s.read_bytes_term(0, 1, false, true, false).unwrap(),
            b"abcd"
        );
        assert!(s.is_eof());
        assert_eq!(strip_right(b"ab  ".to_vec(), b' '), b"ab");
        assert_eq!(terminate(b"ab\0c", 0, 1, true), Some(b"ab\0".to_vec()));
        assert_eq!(terminate(b"abc", 0, 1, false), None);
    }

    #[test]
    fn utf16_terminator_is_an_aligned_pair_of_zeros() {
        // 'a' 0x00, 0x00 0x02 (U+0200), 'b' 0x00, then 0x00 0x00
        let mut s = stream(&[0x61, 0, 0, 2, 0x62, 0, 0, 0, 0x63, 0]);
        assert_eq!(
            s.read_bytes_term(0, 2, false, true, true).unwrap(),
            [0x61, 0, 0, 2, 0x62, 0]
        );
        assert_eq!(s.pos(), 8);
        assert_eq!(
            terminate(&[0x61, 0, 0, 2, 0, 0], 0, 2, true),
            Some(vec![0x61, 0, 0, 2, 0, 0])
        );
    }

    #[test]
    fn substreams_are_windows_with_file_offsets() {
        let mut s = Stream::new(Rc::new(b"0123456789".to_vec()), true);
        s.read_bytes(2).unwrap();
        let mut sub = s.substream(4).unwrap();
        assert_eq!(sub.abs(0), Some(2));
        assert_eq!(sub.read_bytes_full().unwrap(), b"2345");
        assert_eq!(s.pos(), 6);
        assert!(s.substream(5).is_err());
    }
}
