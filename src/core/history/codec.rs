//! The compact form of recorded splices: variable-length integers, each
//! offset and buffer position written as the difference from a nearby one.
//!
//! A one-byte overwrite typed into a file records its offset (a few bytes),
//! one file piece whose position is that offset (one byte) and two small
//! lengths: about eight bytes instead of the eighty a `Vec` of pieces costs.

use super::super::piece::{Buf, Piece};

/// The state both directions keep: the last offset and the end of the last
/// add-buffer piece, which the next ones are written relative to.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Codec {
    offset: u64,
    add_end: u64,
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_signed(out: &mut Vec<u8>, v: i64) {
    put(out, ((v << 1) ^ (v >> 63)) as u64);
}

fn get(bytes: &[u8], at: &mut usize) -> u64 {
    let mut v = 0;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

fn get_signed(bytes: &[u8], at: &mut usize) -> i64 {
    let v = get(bytes, at);
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

impl Codec {
    /// Appends one splice: `offset..offset + remove` replaced by `pieces`.
    pub fn encode(&mut self, out: &mut Vec<u8>, offset: u64, remove: u64, pieces: &[Piece]) {
        put_signed(out, offset.wrapping_sub(self.offset) as i64);
        self.offset = offset;
        put(out, remove);
        put(out, pieces.len() as u64);
        for p in pieces {
            let (tag, base) = match p.buf {
                Buf::Add => (0, self.add_end),
                Buf::Inline => (1, 0),
                Buf::Source(i) => (2 + 2 * u64::from(i), offset),
                Buf::Pattern(i) => (3 + 2 * u64::from(i), 0),
            };
            put(out, tag);
            put_signed(out, p.start.wrapping_sub(base) as i64);
            put(out, p.len);
            if p.buf == Buf::Add {
                self.add_end = p.end();
            }
        }
    }

    /// Reads one splice written by [`Codec::encode`] at `*at`, appending
    /// its pieces to `pieces`; returns the offset and the length removed.
    pub fn decode(&mut self, bytes: &[u8], at: &mut usize, pieces: &mut Vec<Piece>) -> (u64, u64) {
        let offset = self.offset.wrapping_add(get_signed(bytes, at) as u64);
        self.offset = offset;
        let remove = get(bytes, at);
        let count = get(bytes, at);
        for _ in 0..count {
            let tag = get(bytes, at);
            let (buf, base) = match tag {
                0 => (Buf::Add, self.add_end),
                1 => (Buf::Inline, 0),
                t if t % 2 == 0 => (Buf::Source(((t - 2) / 2) as u32), offset),
                t => (Buf::Pattern(((t - 3) / 2) as u32), 0),
            };
            let start = base.wrapping_add(get_signed(bytes, at) as u64);
            let len = get(bytes, at);
            if buf == Buf::Add {
                self.add_end = start + len;
            }
            pieces.push(Piece { buf, start, len });
        }
        (offset, remove)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_read_back_as_written_and_small_ones_are_small() {
        let pieces = [
            Piece {
                buf: Buf::Source(3),
                start: 1_000_000,
                len: 1,
            },
            Piece {
                buf: Buf::Add,
                start: 77,
                len: 5,
            },
            Piece {
                buf: Buf::Pattern(2),
                start: 3,
                len: u64::MAX >> 16,
            },
            Piece::inline(b"\xff\x00\xfe"),
        ];
        let mut out = vec![];
        let mut w = Codec::default();
        w.encode(&mut out, 1_000_000, 1, &pieces[..1]);
        let one = out.len();
        assert!(one <= 8, "a one-byte overwrite takes {one} bytes");
        w.encode(&mut out, 5, u64::MAX >> 16, &pieces);
        w.encode(&mut out, 9, 0, &[]);
        let mut r = Codec::default();
        let mut at = 0;
        let mut got = vec![];
        assert_eq!(r.decode(&out, &mut at, &mut got), (1_000_000, 1));
        assert_eq!(r.decode(&out, &mut at, &mut got), (5, u64::MAX >> 16));
        assert_eq!(r.decode(&out, &mut at, &mut got), (9, 0));
        assert_eq!(at, out.len());
        assert_eq!(got[0], pieces[0]);
        assert_eq!(&got[1..], &pieces[..]);
    }
}
