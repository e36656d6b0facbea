//! The bytes of a document at one moment, read-only: the piece tree and
//! the buffers its pieces point into, all shared by `Arc`.
//!
//! A [`Document`](super::document::Document) reads through the snapshot it
//! holds, and hands out copies of it in O(1) for work on another thread
//! (saving, exporting, hashing, finding): later edits copy the nodes they
//! change and never write a buffer the copy can see.

use std::ops::{ControlFlow, Range};
use std::sync::Arc;

use super::buffers::{AddBuffer, Patterns};
use super::piece::{ADD_CHUNK_BITS, Buf, Fast, Piece, PieceTree};
use super::source::Source;

/// A read-only view of a document's bytes.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub(crate) tree: PieceTree,
    /// `sources.last()` is the file as opened or last saved; earlier ones
    /// are kept while the undo history may still refer to them.
    pub(crate) sources: Arc<Vec<Arc<Source>>>,
    pub(crate) add: AddBuffer,
    pub(crate) patterns: Patterns,
}

impl Snapshot {
    pub(crate) fn new(source: Source, tree: PieceTree) -> Self {
        Snapshot {
            tree,
            sources: Arc::new(vec![Arc::new(source)]),
            add: AddBuffer::default(),
            patterns: Patterns::default(),
        }
    }

    /// The file as opened or last saved.
    pub fn source(&self) -> &Source {
        self.sources.last().expect("a document always has a source")
    }

    pub fn len(&self) -> u64 {
        self.tree.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    /// Calls `f(offset, bytes)` for each contiguous run of bytes in `range`
    /// (clipped to the document), in order, without copying.
    pub fn for_each_slice(
        &self,
        range: Range<u64>,
        mut f: impl FnMut(u64, &[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let range = range.start.min(self.len())..range.end.min(self.len());
        if range.is_empty() {
            return ControlFlow::Continue(());
        }
        let mut chunk = ChunkCache::default();
        self.tree.visit(range.clone(), &mut |offset, piece| {
            let from = range.start.saturating_sub(offset);
            let to = (range.end - offset).min(piece.len);
            self.piece_slices(piece, offset, from, to, &mut chunk, &mut f)
        })
    }

    /// Calls `f` for the bytes `from..to` of `piece` (which starts at
    /// `offset` in the document), in one or more runs.
    fn piece_slices<'s>(
        &'s self,
        piece: &Piece,
        offset: u64,
        from: u64,
        to: u64,
        chunk: &mut ChunkCache<'s>,
        f: &mut impl FnMut(u64, &[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let current = self.sources.len() as u32 - 1;
        let start = piece.start + from;
        let end = piece.start + to;
        match piece.buf {
            Buf::Source(i) if i == current && self.source().as_slice().is_some() => {
                let source = self.source().as_slice().expect("checked");
                f(offset + from, &source[start as usize..end as usize])
            }
            Buf::Add => {
                // The last add chunk used is kept at hand: a heavily edited
                // screenful is hundreds of pieces of a few bytes.
                let index = (start >> ADD_CHUNK_BITS) as usize;
                if index != chunk.index || chunk.bytes.is_empty() {
                    chunk.index = index;
                    chunk.bytes = self.add.chunk(index);
                }
                let within = (start & ((1 << ADD_CHUNK_BITS) - 1)) as usize;
                f(
                    offset + from,
                    &chunk.bytes[within..within + (to - from) as usize],
                )
            }
            Buf::Source(i) => read_source(&self.sources[i as usize], start..end, offset + from, f),
            Buf::Inline => {
                let word = piece.start.to_le_bytes();
                f(offset + from, &word[from as usize..to as usize])
            }
            Buf::Pattern(id) => {
                let mut at = offset + from;
                self.patterns
                    .for_each_run(id, start, to - from, &mut |run| {
                        let here = at;
                        at += run.len() as u64;
                        f(here, run)
                    })
            }
        }
    }

    /// Hints that the bytes in `range` are about to be read: maps the pages
    /// of the file under them (see [`Source::prefetch`]). Pieces shorter
    /// than 64 KiB are left to page faults: a system call each would cost
    /// more than it saves.
    pub fn prefetch(&self, range: Range<u64>) {
        const MIN_SPAN: u64 = 64 << 10;
        let range = range.start.min(self.len())..range.end.min(self.len());
        if range.is_empty() {
            return;
        }
        let _ = self.tree.visit(range.clone(), &mut |offset, piece| {
            if let Buf::Source(i) = piece.buf {
                let from = range.start.saturating_sub(offset);
                let to = (range.end - offset).min(piece.len);
                if to - from >= MIN_SPAN {
                    self.sources[i as usize].prefetch(piece.start + from..piece.start + to);
                }
            }
            ControlFlow::Continue(())
        });
    }

    /// Copies the bytes at `offset` into `out`; returns how many there were
    /// (fewer than `out.len()` at the end of the document).
    ///
    /// Bytes of `out` past those are left as they were.
    ///
    /// A heavily edited screenful is hundreds of pieces of a few bytes:
    /// pieces of the file and bytes typed in (held in the piece itself),
    /// of lengths in no order a branch predictor could learn. The tree
    /// copies those two kinds itself, leaf by leaf, without a branch on
    /// the length ([`PieceTree::read_into`]); the rest are copied as
    /// [`Snapshot::for_each_slice`] hands them out.
    pub fn read_into(&self, offset: u64, out: &mut [u8]) -> usize {
        let range = offset.min(self.len())..offset.saturating_add(out.len() as u64).min(self.len());
        if range.is_empty() {
            return 0;
        }
        let fast = Fast {
            index: self.sources.len() as u32 - 1,
            bytes: self.source().as_slice().unwrap_or(&[]),
        };
        let mut chunk = ChunkCache::default();
        self.tree.read_into(range, out, &fast, &mut |piece, dest| {
            let mut filled = 0;
            let _ = self.piece_slices(piece, 0, 0, piece.len, &mut chunk, &mut |_, s| {
                copy_bytes(&mut dest[filled..filled + s.len()], s);
                filled += s.len();
                ControlFlow::Continue(())
            });
        })
    }

    /// The bytes in `range`, clipped to the document.
    pub fn read(&self, range: Range<u64>) -> Vec<u8> {
        let range = range.start.min(self.len())..range.end.min(self.len());
        let mut out = vec![0; (range.end.saturating_sub(range.start)) as usize];
        let n = self.read_into(range.start, &mut out);
        out.truncate(n);
        out
    }

    pub fn byte_at(&self, offset: u64) -> Option<u8> {
        let mut b = [0];
        (self.read_into(offset, &mut b) == 1).then_some(b[0])
    }

    /// Heap bytes held by the tree and the add buffer (not the sources).
    pub fn heap_bytes(&self) -> u64 {
        self.tree.node_bytes() + self.add.heap_bytes()
    }
}

/// The add-buffer chunk a read used last.
#[derive(Default)]
struct ChunkCache<'s> {
    index: usize,
    bytes: &'s [u8],
}

/// `dst.copy_from_slice(src)`, with the short copies a heavily edited
/// document is made of done inline: a call to `memcpy` per piece of a few
/// bytes would cost more than the rest of reading it.
#[inline]
fn copy_bytes(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    match n {
        0 => {}
        1..=3 => {
            dst[0] = src[0];
            dst[n / 2] = src[n / 2];
            dst[n - 1] = src[n - 1];
        }
        4..=8 => {
            dst[..4].copy_from_slice(&src[..4]);
            dst[n - 4..].copy_from_slice(&src[n - 4..]);
        }
        9..=16 => {
            dst[..8].copy_from_slice(&src[..8]);
            dst[n - 8..].copy_from_slice(&src[n - 8..]);
        }
        _ => dst.copy_from_slice(src),
    }
}

/// Calls `f` with the bytes of `range` of a source: one slice of the map or
/// memory, or, for a file read through `pread`, blocks of at most 4 MiB, so
/// that a whole-file scan never holds more than one block.
fn read_source(
    source: &Source,
    range: Range<u64>,
    at: u64,
    f: &mut impl FnMut(u64, &[u8]) -> ControlFlow<()>,
) -> ControlFlow<()> {
    if let Some(bytes) = source.as_slice() {
        return f(at, &bytes[range.start as usize..range.end as usize]);
    }
    const BLOCK: u64 = 4 << 20;
    let mut from = range.start;
    while from < range.end {
        let to = (from + BLOCK).min(range.end);
        f(at + (from - range.start), &source.slice(from..to))?;
        from = to;
    }
    ControlFlow::Continue(())
}

#[cfg(test)]
mod read_props;

#[cfg(test)]
mod tests {
    use std::ops::ControlFlow;

    use super::copy_bytes;
    use crate::core::document::Document;

    /// Every offset and length of a document of short pieces of every kind
    /// (file, typed bytes in the piece, the add buffer, a fill pattern)
    /// reads as its slices do, and leaves the bytes of `out` past the end
    /// untouched.
    #[test]
    fn read_into_agrees_with_the_slices_at_every_offset() {
        let base: Vec<u8> = (0..600u32).map(|i| (i * 7 + 3) as u8).collect();
        let mut doc = Document::from_bytes(base);
        let mut state = 1u64;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        for i in 0..150u64 {
            let at = next(doc.len());
            let bytes: Vec<u8> = (0..1 + next(if i % 10 == 0 { 40 } else { 4 }))
                .map(|b| b as u8 ^ 0x5a)
                .collect();
            match next(4) {
                0 => doc.insert(at, &bytes).unwrap(),
                1 => doc
                    .delete(at..(at + bytes.len() as u64).min(doc.len()))
                    .unwrap(),
                _ => doc.overwrite(at, &bytes).unwrap(),
            }
            doc.commit();
        }
        doc.fill(100..180, b"xyz").unwrap();
        doc.commit();
        let mut whole = Vec::new();
        let _ = doc.for_each_slice(0..doc.len(), |_, s| {
            whole.extend_from_slice(s);
            ControlFlow::Continue(())
        });
        assert_eq!(whole.len() as u64, doc.len());
        for at in 0..=doc.len() {
            for len in [0usize, 1, 5, 17, 64, 300, 2000] {
                let mut out = vec![0xee; len];
                let n = doc.read_into(at, &mut out);
                let end = (at as usize + len).min(whole.len());
                assert_eq!(&out[..n], &whole[at as usize..end], "{at}+{len}");
                assert!(
                    out[n..].iter().all(|&b| b == 0xee),
                    "{at}+{len}: past the end"
                );
            }
        }
    }

    #[test]
    fn short_and_long_copies_copy_every_byte() {
        let src: Vec<u8> = (1..=40).collect();
        for n in 0..=40 {
            let mut dst = vec![0; n];
            copy_bytes(&mut dst, &src[..n]);
            assert_eq!(dst, &src[..n]);
        }
    }
}
