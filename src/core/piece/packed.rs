//! Pieces as the tree's leaves store them: 12 bytes each, the buffer in
//! 16 bits of the start, inline bytes in the start itself.

use super::{
    ADD_CHUNK_BITS, Buf, INLINE_MAX, MAX_PATTERNS, MAX_SOURCES, Piece, drop_bytes, low_bytes,
};

/// A piece as the leaves store it, in 12 bytes: the start in 48 bits, the
/// buffer in 16 and the length in 32. Longer pieces are stored as several.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Packed {
    start_lo: u32,
    start_hi_buf: u32,
    len: u32,
}

const MAX_PACKED_LEN: u64 = u32::MAX as u64;
pub(super) const INLINE_TAG: u32 = 0x7fff;
const MAX_START: u64 = (1 << 48) - 1;

impl Packed {
    pub(super) fn new(tag: u32, start: u64, len: u64) -> Packed {
        debug_assert!(start <= MAX_START && len <= MAX_PACKED_LEN);
        Packed {
            start_lo: start as u32,
            start_hi_buf: tag << 16 | (start >> 32) as u32,
            len: len as u32,
        }
    }

    /// The tag of `Buf::Source(index)`.
    pub(super) fn source_tag(index: u32) -> u32 {
        assert!(index < MAX_SOURCES, "more than {MAX_SOURCES} sources");
        1 + index
    }

    pub(super) fn start(self) -> u64 {
        u64::from(self.start_hi_buf & 0xffff) << 32 | u64::from(self.start_lo)
    }

    pub(super) fn len(self) -> u64 {
        u64::from(self.len)
    }

    pub(super) fn tag(self) -> u32 {
        self.start_hi_buf >> 16
    }

    /// Packs `p`, in pieces of at most `MAX_PACKED_LEN` bytes.
    pub(super) fn pack(p: &Piece, mut out: impl FnMut(Packed)) {
        let tag = match p.buf {
            Buf::Add => 0,
            Buf::Source(i) => Packed::source_tag(i),
            Buf::Pattern(i) => {
                assert!(i < MAX_PATTERNS, "more than {MAX_PATTERNS} patterns");
                0x8000 + i
            }
            Buf::Inline => {
                out(Packed::new(INLINE_TAG, p.start, p.len));
                return;
            }
        };
        assert!(p.end() <= MAX_START + 1, "a buffer offset past 2^48");
        let mut done = 0;
        while done < p.len {
            let n = (p.len - done).min(MAX_PACKED_LEN);
            out(Packed::new(tag, p.start + done, n));
            done += n;
        }
    }

    pub(super) fn unpack(self) -> Piece {
        let tag = self.tag();
        let buf = match tag {
            0 => Buf::Add,
            INLINE_TAG => Buf::Inline,
            0x8000.. => Buf::Pattern(tag - 0x8000),
            _ => Buf::Source(tag - 1),
        };
        Piece {
            buf,
            start: self.start(),
            len: self.len(),
        }
    }

    pub(super) fn skip(self, n: u64) -> Packed {
        let start = if self.tag() == INLINE_TAG {
            drop_bytes(self.start(), n)
        } else {
            self.start() + n
        };
        Packed::new(self.tag(), start, self.len() - n)
    }

    pub(super) fn take(self, n: u64) -> Packed {
        if self.tag() == INLINE_TAG {
            return Packed::new(INLINE_TAG, low_bytes(self.start(), n), n);
        }
        Packed {
            len: n as u32,
            ..self
        }
    }

    pub(super) fn joins(self, next: Packed) -> bool {
        if self.tag() != next.tag() {
            return false;
        }
        if self.tag() == INLINE_TAG {
            return self.len() + next.len() <= INLINE_MAX;
        }
        self.start() + self.len() == next.start()
            && self.len() + next.len() <= MAX_PACKED_LEN
            && (self.tag() != 0
                || self.start() >> ADD_CHUNK_BITS
                    == (next.start() + next.len() - 1) >> ADD_CHUNK_BITS)
    }

    /// Makes this piece hold `next` too (which [`Packed::joins`] it).
    pub(super) fn join(&mut self, next: Packed) {
        if self.tag() == INLINE_TAG {
            let start = self.start() | next.start() << (8 * self.len());
            *self = Packed::new(INLINE_TAG, start, self.len() + next.len());
        } else {
            self.len += next.len;
        }
    }
}

/// Appends `p` to `out`, extending the last piece when `p` continues it.
pub(super) fn push_packed(out: &mut Vec<Packed>, p: Packed) {
    if p.len() == 0 {
        return;
    }
    match out.last_mut() {
        Some(last) if last.joins(p) => last.join(p),
        _ => out.push(p),
    }
}
