//! The piece tree: a document as a sequence of pieces, each a span of an
//! immutable buffer, held in a treap ordered by position and augmented with
//! byte counts. Splitting at a byte offset, splicing pieces in and out and
//! finding the pieces under a range all take O(log n) in the number of
//! pieces, never time proportional to the file's size.

use std::ops::{ControlFlow, Range};

/// Which buffer a piece's bytes come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Buf {
    /// The append-only buffer of typed or pasted bytes.
    Add,
    /// One of the document's sources (the file as opened or as last saved).
    Source(u32),
}

/// A span `start..start+len` of a buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub buf: Buf,
    pub start: u64,
    pub len: u64,
}

impl Piece {
    pub fn end(&self) -> u64 {
        self.start + self.len
    }

    /// The piece without its first `n` bytes.
    pub fn skip(&self, n: u64) -> Piece {
        Piece {
            buf: self.buf,
            start: self.start + n,
            len: self.len - n,
        }
    }

    /// The first `n` bytes of the piece.
    pub fn take(&self, n: u64) -> Piece {
        Piece {
            buf: self.buf,
            start: self.start,
            len: n,
        }
    }
}

type Link = Option<Box<Node>>;

struct Node {
    piece: Piece,
    priority: u64,
    /// Bytes in this subtree.
    size: u64,
    /// Pieces in this subtree.
    count: u64,
    left: Link,
    right: Link,
}

impl Node {
    fn update(&mut self) {
        self.size = size(&self.left) + self.piece.len + size(&self.right);
        self.count = count(&self.left) + 1 + count(&self.right);
    }
}

fn size(link: &Link) -> u64 {
    link.as_ref().map_or(0, |n| n.size)
}

fn count(link: &Link) -> u64 {
    link.as_ref().map_or(0, |n| n.count)
}

/// The tree of pieces.
pub struct PieceTree {
    root: Link,
    rng: u64,
}

impl Default for PieceTree {
    fn default() -> Self {
        PieceTree {
            root: None,
            rng: 0x9e37_79b9_7f4a_7c15,
        }
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
    /// A tree holding the given pieces in order.
    pub fn from_pieces(pieces: impl IntoIterator<Item = Piece>) -> Self {
        let mut tree = PieceTree::default();
        let mut root = None;
        for p in pieces {
            root = tree.append(root, p);
        }
        tree.root = root;
        tree
    }

    /// Total bytes.
    pub fn len(&self) -> u64 {
        size(&self.root)
    }

    pub fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    pub fn piece_count(&self) -> u64 {
        count(&self.root)
    }

    /// Replaces the bytes in `range` by `pieces` and returns the pieces that
    /// were there. `range` must lie within the tree.
    pub fn splice(&mut self, range: Range<u64>, pieces: &[Piece]) -> Vec<Piece> {
        debug_assert!(range.start <= range.end && range.end <= self.len());
        let root = self.root.take();
        let (left, rest) = self.split(root, range.start);
        let (middle, right) = self.split(rest, range.end - range.start);
        let mut removed = Vec::with_capacity(count(&middle) as usize);
        collect(&middle, &mut removed);
        drop_iteratively(middle);
        let mut left = left;
        for &p in pieces.iter().filter(|p| p.len > 0) {
            left = self.append(left, p);
        }
        self.root = merge(left, right);
        removed
    }

    /// Calls `f(offset, piece)` for each piece overlapping `range`, in order,
    /// with the document offset where the piece starts.
    pub fn visit(
        &self,
        range: Range<u64>,
        f: &mut impl FnMut(u64, &Piece) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        visit(&self.root, 0, &range, f)
    }

    /// Every piece in order.
    pub fn pieces(&self) -> Vec<Piece> {
        let mut out = Vec::with_capacity(self.piece_count() as usize);
        collect(&self.root, &mut out);
        out
    }

    fn next_priority(&mut self) -> u64 {
        // xorshift64: priorities need only be well spread, not secure.
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng = x;
        x
    }

    fn leaf(&mut self, piece: Piece) -> Link {
        Some(Box::new(Node {
            piece,
            priority: self.next_priority(),
            size: piece.len,
            count: 1,
            left: None,
            right: None,
        }))
    }

    /// Appends a piece after `link`, extending the last piece when the new
    /// one continues it in the same buffer (a run of typing stays one piece).
    fn append(&mut self, mut link: Link, piece: Piece) -> Link {
        if extend_last(&mut link, &piece) {
            return link;
        }
        let leaf = self.leaf(piece);
        merge(link, leaf)
    }

    /// Splits into the first `k` bytes and the rest, cutting a piece in two
    /// when `k` falls inside it.
    fn split(&mut self, link: Link, k: u64) -> (Link, Link) {
        let Some(mut node) = link else {
            return (None, None);
        };
        let left_size = size(&node.left);
        let piece_end = left_size + node.piece.len;
        if k <= left_size {
            let (a, b) = self.split(node.left.take(), k);
            node.left = b;
            node.update();
            (a, Some(node))
        } else if k >= piece_end {
            let (a, b) = self.split(node.right.take(), k - piece_end);
            node.right = a;
            node.update();
            (Some(node), b)
        } else {
            let cut = k - left_size;
            let tail = node.piece.skip(cut);
            node.piece = node.piece.take(cut);
            let right = node.right.take();
            node.update();
            let tail = self.leaf(tail);
            (Some(node), merge(tail, right))
        }
    }
}

fn merge(a: Link, b: Link) -> Link {
    match (a, b) {
        (None, b) => b,
        (a, None) => a,
        (Some(mut a), Some(mut b)) => {
            if a.priority > b.priority {
                a.right = merge(a.right.take(), Some(b));
                a.update();
                Some(a)
            } else {
                b.left = merge(Some(a), b.left.take());
                b.update();
                Some(b)
            }
        }
    }
}

fn extend_last(link: &mut Link, piece: &Piece) -> bool {
    let Some(node) = link else {
        return false;
    };
    let extended = if node.right.is_some() {
        extend_last(&mut node.right, piece)
    } else if node.piece.buf == piece.buf && node.piece.end() == piece.start {
        node.piece.len += piece.len;
        true
    } else {
        false
    };
    if extended {
        node.size += piece.len;
    }
    extended
}

fn collect(link: &Link, out: &mut Vec<Piece>) {
    if let Some(node) = link {
        collect(&node.left, out);
        out.push(node.piece);
        collect(&node.right, out);
    }
}

/// Drops a subtree without recursion proportional to its depth.
fn drop_iteratively(link: Link) {
    let mut stack: Vec<Box<Node>> = link.into_iter().collect();
    while let Some(mut node) = stack.pop() {
        stack.extend(node.left.take());
        stack.extend(node.right.take());
    }
}

fn visit(
    link: &Link,
    base: u64,
    range: &Range<u64>,
    f: &mut impl FnMut(u64, &Piece) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let Some(node) = link else {
        return ControlFlow::Continue(());
    };
    let start = base + size(&node.left);
    let end = start + node.piece.len;
    if range.start < start {
        visit(&node.left, base, range, f)?;
    }
    if start < range.end && range.start < end {
        f(start, &node.piece)?;
    }
    if range.end > end {
        visit(&node.right, end, range, f)?;
    }
    ControlFlow::Continue(())
}

impl Drop for PieceTree {
    fn drop(&mut self) {
        drop_iteratively(self.root.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(start: u64, len: u64) -> Piece {
        Piece {
            buf: Buf::Source(0),
            start,
            len,
        }
    }

    #[test]
    fn splice_in_the_middle_cuts_one_piece_in_two() {
        let mut t = PieceTree::from_pieces([src(0, 10)]);
        let add = Piece {
            buf: Buf::Add,
            start: 0,
            len: 2,
        };
        let removed = t.splice(3..5, &[add]);
        assert_eq!(removed, vec![src(3, 2)]);
        assert_eq!(t.pieces(), vec![src(0, 3), add, src(5, 5)]);
        assert_eq!(t.len(), 10);
    }

    #[test]
    fn contiguous_appends_coalesce_into_one_piece() {
        let mut t = PieceTree::default();
        for i in 0..100 {
            let p = Piece {
                buf: Buf::Add,
                start: i,
                len: 1,
            };
            t.splice(i..i, &[p]);
        }
        assert_eq!(t.piece_count(), 1);
        assert_eq!(t.len(), 100);
    }

    #[test]
    fn visit_reports_only_overlapping_pieces_with_offsets() {
        let t = PieceTree::from_pieces([src(0, 4), src(10, 4), src(20, 4)]);
        let mut seen = vec![];
        let _ = t.visit(5..9, &mut |off, p| {
            seen.push((off, *p));
            ControlFlow::Continue(())
        });
        assert_eq!(seen, vec![(4, src(10, 4)), (8, src(20, 4))]);
    }

    #[test]
    fn a_million_pieces_drop_without_overflowing_the_stack() {
        let t = PieceTree::from_pieces((0..1_000_000).map(|i| src(i * 2, 1)));
        assert_eq!(t.piece_count(), 1_000_000);
        drop(t);
    }
}
