//! The piece tree: a document as a sequence of pieces, each a span of an
//! immutable buffer, held in a B+tree whose leaves hold the pieces and whose
//! branches hold the byte and piece counts of each child.
//!
//! Splitting at a byte offset, splicing pieces in and out and finding the
//! pieces under a range all take O(log n) in the number of pieces, never
//! time proportional to the file's size. Nodes are shared by `Arc` and
//! copied on write, so `clone()` is O(1) and gives an immutable snapshot
//! another thread can read while the editor keeps editing: an edit copies
//! only the nodes on its path that a snapshot still holds.

mod edit;
mod node;
mod packed;
mod read;
#[cfg(test)]
mod tests;

use std::ops::{ControlFlow, Range};
use std::sync::Arc;

use arrayvec::ArrayVec;

use node::{Node, Summary};
use packed::{Packed, push_packed};
pub use read::Fast;

/// The add buffer is addressed in chunks of this many bytes (a power of
/// two); no piece of it crosses a chunk boundary, so finding a piece's
/// bytes is a shift and a mask.
pub const ADD_CHUNK_BITS: u32 = 20;

/// The most sources and the most fill patterns a tree can refer to: a
/// piece stores its buffer in 16 bits.
pub const MAX_SOURCES: u32 = 0x7ffe;
pub const MAX_PATTERNS: u32 = 0x8000;

/// Which buffer a piece's bytes come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Buf {
    /// The append-only buffer of typed or pasted bytes.
    Add,
    /// One of the document's sources (the file as opened or as last saved).
    Source(u32),
    /// A fill pattern repeated forever: byte `i` of the buffer is
    /// `pattern[i % pattern.len()]`, so a piece of any length costs nothing.
    Pattern(u32),
    /// Up to [`INLINE_MAX`] bytes held in the piece itself, in `start`
    /// (little-endian): a small edit needs no buffer, and reading it no
    /// trip to one.
    Inline,
}

/// The most bytes an inline piece holds.
pub const INLINE_MAX: u64 = 6;

/// The low `n` bytes of a word.
fn low_bytes(word: u64, n: u64) -> u64 {
    if n >= 8 {
        word
    } else {
        word & ((1 << (8 * n)) - 1)
    }
}

/// A word without its low `n` bytes.
fn drop_bytes(word: u64, n: u64) -> u64 {
    if n >= 8 { 0 } else { word >> (8 * n) }
}

/// A span `start..start+len` of a buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub buf: Buf,
    pub start: u64,
    pub len: u64,
}

impl Piece {
    /// A piece holding `bytes` (at most [`INLINE_MAX`]) itself.
    pub fn inline(bytes: &[u8]) -> Piece {
        debug_assert!(bytes.len() as u64 <= INLINE_MAX);
        let mut word = [0; 8];
        word[..bytes.len()].copy_from_slice(bytes);
        Piece {
            buf: Buf::Inline,
            start: u64::from_le_bytes(word),
            len: bytes.len() as u64,
        }
    }

    /// Where the piece ends in its buffer (not meaningful inline).
    pub fn end(&self) -> u64 {
        self.start + self.len
    }

    /// The piece without its first `n` bytes.
    pub fn skip(&self, n: u64) -> Piece {
        let start = match self.buf {
            Buf::Inline => drop_bytes(self.start, n),
            _ => self.start + n,
        };
        Piece {
            buf: self.buf,
            start,
            len: self.len - n,
        }
    }

    /// The first `n` bytes of the piece.
    pub fn take(&self, n: u64) -> Piece {
        let start = match self.buf {
            Buf::Inline => low_bytes(self.start, n),
            _ => self.start,
        };
        Piece {
            buf: self.buf,
            start,
            len: n,
        }
    }

    /// Whether `next` continues this piece, so the two can be one.
    pub fn joins(&self, next: &Piece) -> bool {
        self.buf == next.buf
            && match self.buf {
                Buf::Inline => self.len + next.len <= INLINE_MAX,
                Buf::Add => {
                    self.end() == next.start
                        && self.start >> ADD_CHUNK_BITS == (next.end() - 1) >> ADD_CHUNK_BITS
                }
                _ => self.end() == next.start,
            }
    }

    /// Makes this piece hold `next` too (which [`Piece::joins`] it).
    pub fn join(&mut self, next: &Piece) {
        if self.buf == Buf::Inline {
            self.start |= next.start << (8 * self.len);
        }
        self.len += next.len;
    }
}

/// Appends `p` to `out`, extending the last piece when `p` continues it.
pub fn push_joined(out: &mut Vec<Piece>, p: Piece) {
    if p.len == 0 {
        return;
    }
    match out.last_mut() {
        Some(last) if last.joins(&p) => last.join(&p),
        _ => out.push(p),
    }
}

/// The tree of pieces. `clone()` is O(1): the clone shares every node.
#[derive(Clone)]
pub struct PieceTree {
    root: Arc<Node>,
    /// The root's summary, kept: the length is asked for at every edit.
    total: Summary,
}

impl Default for PieceTree {
    fn default() -> Self {
        PieceTree::with_root(Arc::new(Node::empty()))
    }
}

impl std::fmt::Debug for PieceTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PieceTree")
            .field("len", &self.len())
            .field("pieces", &self.piece_count())
            .finish()
    }
}

impl PieceTree {
    /// A tree holding the given pieces in order (contiguous ones joined).
    pub fn from_pieces(pieces: impl IntoIterator<Item = Piece>) -> Self {
        let mut out = node::Builder::default();
        for p in pieces {
            Packed::pack(&p, |q| out.push(q));
        }
        PieceTree::with_root(out.finish())
    }

    fn with_root(root: Arc<Node>) -> Self {
        PieceTree {
            total: root.summary(),
            root,
        }
    }

    fn summary(&self) -> Summary {
        debug_assert_eq!(self.total, self.root.summary());
        self.total
    }

    /// Total bytes.
    pub fn len(&self) -> u64 {
        self.summary().bytes
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn piece_count(&self) -> u64 {
        self.summary().pieces
    }

    /// Replaces the bytes in `range` by `pieces` and returns the pieces that
    /// were there. `range` must lie within the tree.
    pub fn splice(&mut self, range: Range<u64>, pieces: &[Piece]) -> Vec<Piece> {
        let mut removed = Vec::new();
        self.splice_into(range, pieces, &mut removed);
        removed
    }

    /// [`PieceTree::splice`], appending the removed pieces to `removed`: an
    /// edit that fits its leaf allocates nothing.
    pub fn splice_into(&mut self, range: Range<u64>, pieces: &[Piece], removed: &mut Vec<Piece>) {
        assert!(range.start <= range.end && range.end <= self.len());
        let mut few: ArrayVec<Packed, 4> = ArrayVec::new();
        let mut many: Vec<Packed> = Vec::new();
        for p in pieces {
            Packed::pack(p, |q| {
                if many.is_empty() && few.try_push(q).is_ok() {
                    return;
                }
                if many.is_empty() {
                    many.extend(few.drain(..));
                }
                many.push(q);
            });
        }
        let new: &[Packed] = if many.is_empty() { &few } else { &many };
        let mut extra = Vec::new();
        let inserted = new.iter().map(|p| p.len()).sum();
        let fast = edit::splice_in_leaf(
            &mut self.root,
            range.start,
            range.end,
            (new, inserted),
            removed,
        );
        if let Some(delta) = fast {
            self.total.bytes = self.total.bytes + inserted - (range.end - range.start);
            self.total.pieces = self.total.pieces.wrapping_add_signed(delta);
            return;
        }
        let delta = edit::splice(
            &mut self.root,
            range.start,
            range.end,
            (new, inserted),
            removed,
            &mut extra,
        );
        if extra.is_empty() {
            self.total.bytes = self.total.bytes + inserted - (range.end - range.start);
            self.total.pieces = self.total.pieces.wrapping_add_signed(delta);
            node::settle(&mut self.root, extra);
        } else {
            node::settle(&mut self.root, extra);
            self.total = self.root.summary();
        }
    }

    /// Applies many splices in one pass over the tree, in O(pieces +
    /// edits) rather than O(edits × log pieces). `edits` are `(range,
    /// pieces)` with ranges sorted and disjoint, in offsets of the tree as
    /// it is before any of them. `done` is called once per edit, in order,
    /// with the pieces it removed.
    pub fn splice_sorted<'a>(
        &mut self,
        edits: impl IntoIterator<Item = (Range<u64>, &'a [Piece])>,
        mut done: impl FnMut(&[Piece]),
    ) {
        let mut edits = edits.into_iter();
        let mut cur = edits.next();
        let mut removing = false;
        let mut removed = Vec::new();
        let mut out = node::Builder::default();
        let _ = self.visit_packed(0..u64::MAX, &mut |pos, p| {
            let p_end = pos + p.len();
            let mut at = pos;
            while let Some((r, new)) = cur.clone() {
                if removing {
                    let stop = r.end.min(p_end);
                    if stop > at {
                        removed.push(p.skip(at - pos).take(stop - at).unpack());
                        at = stop;
                    }
                    if at != r.end {
                        break;
                    }
                    removing = false;
                    done(&removed);
                    removed.clear();
                    cur = edits.next();
                } else if r.start < p_end {
                    debug_assert!(r.start >= at, "edits sorted and disjoint");
                    if r.start > at {
                        out.push(p.skip(at - pos).take(r.start - at));
                        at = r.start;
                    }
                    for q in new {
                        Packed::pack(q, |x| out.push(x));
                    }
                    removing = true;
                } else {
                    break;
                }
            }
            if at < p_end && !removing {
                out.push(p.skip(at - pos));
            }
            ControlFlow::Continue(())
        });
        // Edits at the very end (inserts after the last byte).
        while let Some((_, new)) = cur {
            if !removing {
                for q in new {
                    Packed::pack(q, |x| out.push(x));
                }
            }
            removing = false;
            done(&removed);
            removed.clear();
            cur = edits.next();
        }
        *self = PieceTree::with_root(out.finish());
    }

    /// Calls `f(offset, piece)` for each piece overlapping `range`, in order,
    /// with the document offset where the piece starts.
    pub fn visit(
        &self,
        range: Range<u64>,
        f: &mut impl FnMut(u64, &Piece) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        self.visit_packed(range, &mut |offset, p| f(offset, &p.unpack()))
    }

    fn visit_packed(
        &self,
        range: Range<u64>,
        f: &mut impl FnMut(u64, Packed) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        if range.start >= range.end {
            return ControlFlow::Continue(());
        }
        node::visit(&self.root, 0, &range, f)
    }

    /// Calls `f` with ranges of this tree, in order (touching ones not
    /// always joined), outside which every byte is the byte `old` has at
    /// the same offset: the nodes the two share at one offset are skipped
    /// whole, so an edit or two since `old` costs O(log n) node visits
    /// and the pieces of a few leaves, however many pieces there are.
    /// Bytes past `old`'s end are reported; whether `old` had more is for
    /// the caller to see from the lengths. Both trees must refer to the
    /// same buffers.
    pub fn changed_since(&self, old: &PieceTree, f: &mut impl FnMut(Range<u64>)) {
        let mut visit_old = |range: Range<u64>, g: &mut dyn FnMut(u64, Piece)| {
            let _ = old.visit(range, &mut |at, p| {
                g(at, *p);
                ControlFlow::Continue(())
            });
        };
        node::changed(&self.root, 0, &old.root, &mut visit_old, f);
    }

    /// Copies the bytes of `range` (clipped to the document and to
    /// `out.len()`) to the start of `out`; returns how many. Pieces of
    /// `fast` and inline pieces are copied by the tree itself; every other
    /// piece, clipped to the range, goes to `slow` with the part of `out`
    /// it fills. Bytes of `out` past those are left as they were.
    pub fn read_into(
        &self,
        range: Range<u64>,
        out: &mut [u8],
        fast: &Fast<'_>,
        slow: &mut impl FnMut(&Piece, &mut [u8]),
    ) -> usize {
        let end = range
            .end
            .min(self.len())
            .min(range.start.saturating_add(out.len() as u64));
        if range.start >= end {
            return 0;
        }
        read::read_into(&self.root, range.start..end, out, fast, slow)
    }

    /// Every piece in order.
    pub fn pieces(&self) -> Vec<Piece> {
        let mut out = Vec::with_capacity(self.piece_count() as usize);
        let _ = self.visit(0..u64::MAX, &mut |_, p| {
            out.push(*p);
            ControlFlow::Continue(())
        });
        out
    }

    /// Heap bytes held by the tree's nodes (for memory accounting).
    pub fn node_bytes(&self) -> u64 {
        self.root.heap_bytes()
    }
}
