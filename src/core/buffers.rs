//! The buffers pieces point into besides the file: the add buffer of typed
//! and pasted bytes, and the fill patterns.
//!
//! Both only grow, and both are shared with snapshots without copying: the
//! add buffer is a list of chunks, each behind its own `Arc`. A chunk only
//! this document holds is appended to in place; one that a snapshot also
//! holds is never written again (the next bytes start a new chunk), so a
//! reader on another thread never sees a buffer move or change under it.

use std::ops::ControlFlow;
use std::sync::Arc;

use super::piece::{ADD_CHUNK_BITS, Buf, MAX_PATTERNS, Piece};

const CHUNK: u64 = 1 << ADD_CHUNK_BITS;

/// The append-only buffer of typed and pasted bytes, in chunks of
/// `2^ADD_CHUNK_BITS` addresses.
#[derive(Clone, Debug, Default)]
pub struct AddBuffer {
    chunks: Arc<Vec<Arc<Vec<u8>>>>,
    /// The address the next byte goes to.
    next: u64,
}

impl AddBuffer {
    /// Appends `bytes`, pushing the pieces that now hold them to `out`
    /// (one, unless they cross a chunk boundary).
    pub fn push(&mut self, mut bytes: &[u8], out: &mut Vec<Piece>) {
        let chunks = Arc::make_mut(&mut self.chunks);
        while !bytes.is_empty() {
            let index = (self.next >> ADD_CHUNK_BITS) as usize;
            if index == chunks.len() {
                chunks.push(Arc::default());
            }
            let Some(chunk) = Arc::get_mut(&mut chunks[index]) else {
                // A snapshot reads this chunk: leave it as it is.
                self.next = (index as u64 + 1) << ADD_CHUNK_BITS;
                continue;
            };
            let room = CHUNK - (self.next & (CHUNK - 1));
            let n = bytes.len().min(room as usize);
            chunk.extend_from_slice(&bytes[..n]);
            out.push(Piece {
                buf: Buf::Add,
                start: self.next,
                len: n as u64,
            });
            self.next += n as u64;
            bytes = &bytes[n..];
        }
    }

    /// Overwrites the last bytes added, from address `start` on, when no
    /// snapshot can see them; returns false (and changes nothing) otherwise.
    pub fn rewrite_tail(&mut self, start: u64, bytes: &[u8]) -> bool {
        if start + bytes.len() as u64 != self.next || bytes.is_empty() {
            return false;
        }
        let index = (start >> ADD_CHUNK_BITS) as usize;
        if (self.next - 1) >> ADD_CHUNK_BITS != index as u64 {
            return false;
        }
        let Some(chunks) = Arc::get_mut(&mut self.chunks) else {
            return false;
        };
        let Some(chunk) = Arc::get_mut(&mut chunks[index]) else {
            return false;
        };
        let from = (start & (CHUNK - 1)) as usize;
        chunk[from..from + bytes.len()].copy_from_slice(bytes);
        true
    }

    /// The bytes of chunk `index` (for readers that keep it at hand).
    pub fn chunk(&self, index: usize) -> &[u8] {
        &self.chunks[index]
    }

    /// The bytes of an add piece (which never crosses a chunk).
    pub fn get(&self, start: u64, len: u64) -> &[u8] {
        let chunk = &self.chunks[(start >> ADD_CHUNK_BITS) as usize];
        let from = (start & (CHUNK - 1)) as usize;
        &chunk[from..from + len as usize]
    }

    /// Heap bytes held (for memory accounting).
    pub fn heap_bytes(&self) -> u64 {
        self.chunks.iter().map(|c| c.capacity() as u64).sum()
    }
}

/// Every fill pattern of the document, each stored once however many
/// pieces repeat it.
#[derive(Clone, Debug, Default)]
pub struct Patterns {
    list: Arc<Vec<Arc<Pattern>>>,
}

/// A pattern and a tile of it: the pattern repeated to about 64 KiB, so
/// that reading a long fill costs few calls.
#[derive(Debug)]
struct Pattern {
    period: usize,
    tile: Box<[u8]>,
}

const TILE: usize = 64 << 10;

impl Patterns {
    /// The id of `pattern` (non-empty), added when new; `None` when the
    /// table is full.
    pub fn intern(&mut self, pattern: &[u8]) -> Option<u32> {
        debug_assert!(!pattern.is_empty());
        if let Some(i) = self
            .list
            .iter()
            .position(|p| &p.tile[..p.period] == pattern)
        {
            return Some(i as u32);
        }
        if self.list.len() as u32 >= MAX_PATTERNS {
            return None;
        }
        let copies = TILE.div_ceil(pattern.len());
        let tile = pattern.repeat(copies).into_boxed_slice();
        Arc::make_mut(&mut self.list).push(Arc::new(Pattern {
            period: pattern.len(),
            tile,
        }));
        Some(self.list.len() as u32 - 1)
    }

    /// Calls `f` with the bytes `start..start + len` of pattern `id`
    /// repeated forever, in runs of up to a tile.
    pub fn for_each_run(
        &self,
        id: u32,
        start: u64,
        len: u64,
        f: &mut impl FnMut(&[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let p = &self.list[id as usize];
        let mut phase = (start % p.period as u64) as usize;
        let mut left = len;
        while left > 0 {
            let n = (p.tile.len() - phase).min(usize::try_from(left).unwrap_or(usize::MAX));
            f(&p.tile[phase..phase + n])?;
            left -= n as u64;
            phase = (phase + n) % p.period;
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_past_a_chunk_boundary_go_in_a_second_piece() {
        let mut add = AddBuffer {
            next: CHUNK - 2,
            chunks: Arc::new(vec![Arc::new(vec![0; CHUNK as usize - 2])]),
        };
        let mut pieces = vec![];
        add.push(b"abcde", &mut pieces);
        assert_eq!(pieces.iter().map(|p| p.len).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(add.get(pieces[0].start, 2), b"ab");
        assert_eq!(add.get(pieces[1].start, 3), b"cde");
    }

    #[test]
    fn a_chunk_a_snapshot_holds_is_never_written_again() {
        let mut add = AddBuffer::default();
        let mut pieces = vec![];
        add.push(b"abc", &mut pieces);
        let snapshot = add.clone();
        add.push(b"def", &mut pieces);
        assert_eq!(pieces[1].start, CHUNK, "a new chunk");
        assert_eq!(snapshot.chunks[0].as_slice(), b"abc");
        assert_eq!(add.get(pieces[1].start, 3), b"def");
        drop(snapshot);
        // Once the snapshot is gone the new chunk is extended in place.
        add.push(b"g", &mut pieces);
        assert_eq!(pieces[2].start, CHUNK + 3);
    }

    #[test]
    fn patterns_repeat_from_any_phase_and_are_stored_once() {
        let mut pats = Patterns::default();
        let id = pats.intern(b"abc").unwrap();
        assert_eq!(pats.intern(b"abc"), Some(id));
        let mut got = vec![];
        let _ = pats.for_each_run(id, 4, 200_000, &mut |run| {
            got.extend_from_slice(run);
            ControlFlow::Continue(())
        });
        let want: Vec<u8> = b"abc"
            .iter()
            .copied()
            .cycle()
            .skip(4)
            .take(200_000)
            .collect();
        assert_eq!(got, want);
    }
}
