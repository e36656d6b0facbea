//! The nodes of the piece tree and the one edit they support: replacing a
//! byte range of a subtree by some pieces.
//!
//! Every leaf is at the same depth. A node is changed through
//! `Arc::make_mut`, so a node that a snapshot also holds is copied first
//! (path copying) and one that only this tree holds is changed in place.
//! A node that overflows hands its surplus to its parent as new siblings; a
//! node left under a quarter full is merged with a neighbour.

use std::ops::{ControlFlow, Range};
use std::sync::Arc;

use arrayvec::ArrayVec;

use super::{Packed, Piece, push_packed};

pub(super) const LEAF_CAP: usize = 64;
pub(super) const BRANCH_CAP: usize = 32;

/// What a parent knows of each child.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Summary {
    pub bytes: u64,
    pub pieces: u64,
}

impl Summary {
    fn add(self, other: Summary) -> Summary {
        Summary {
            bytes: self.bytes + other.bytes,
            pieces: self.pieces + other.pieces,
        }
    }
}

/// A branch's summaries of its children, bytes and pieces apart: finding
/// the child under an offset reads the byte counts alone.
#[derive(Clone, Debug, Default)]
pub(super) struct Sums {
    bytes: ArrayVec<u64, BRANCH_CAP>,
    pieces: ArrayVec<u64, BRANCH_CAP>,
}

impl Sums {
    fn iter(&self) -> impl Iterator<Item = Summary> + '_ {
        self.bytes
            .iter()
            .zip(&self.pieces)
            .map(|(&bytes, &pieces)| Summary { bytes, pieces })
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.bytes.len()
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.pieces.clear();
    }

    fn push(&mut self, s: Summary) {
        self.bytes.push(s.bytes);
        self.pieces.push(s.pieces);
    }
}

impl FromIterator<Summary> for Sums {
    fn from_iter<I: IntoIterator<Item = Summary>>(iter: I) -> Self {
        let mut sums = Sums::default();
        iter.into_iter().for_each(|s| sums.push(s));
        sums
    }
}

#[derive(Clone, Debug)]
pub(super) enum Node {
    Leaf(ArrayVec<Packed, LEAF_CAP>),
    Branch {
        sums: Sums,
        kids: ArrayVec<Arc<Node>, BRANCH_CAP>,
    },
}

impl Default for Node {
    fn default() -> Node {
        Node::empty()
    }
}

impl Node {
    pub fn empty() -> Node {
        Node::Leaf(ArrayVec::new())
    }

    pub fn summary(&self) -> Summary {
        match self {
            Node::Leaf(pieces) => leaf_summary(pieces),
            Node::Branch { sums, .. } => sums.iter().fold(Summary::default(), |a, s| a.add(s)),
        }
    }

    /// Pieces in a leaf, children in a branch.
    fn entries(&self) -> usize {
        match self {
            Node::Leaf(pieces) => pieces.len(),
            Node::Branch { kids, .. } => kids.len(),
        }
    }

    fn cap(&self) -> usize {
        match self {
            Node::Leaf(_) => LEAF_CAP,
            Node::Branch { .. } => BRANCH_CAP,
        }
    }

    fn underfull(&self) -> bool {
        self.entries() < self.cap() / 4
    }

    pub fn heap_bytes(&self) -> u64 {
        let own = (std::mem::size_of::<Node>() + 2 * std::mem::size_of::<usize>()) as u64;
        match self {
            Node::Leaf(_) => own,
            Node::Branch { kids, .. } => own + kids.iter().map(|k| k.heap_bytes()).sum::<u64>(),
        }
    }
}

fn leaf_summary(pieces: &[Packed]) -> Summary {
    Summary {
        bytes: pieces.iter().map(|p| p.len()).sum(),
        pieces: pieces.len() as u64,
    }
}

/// Where to cut `len` items into runs of at most `cap`, as even as
/// possible (one empty run for none).
fn even_ranges(len: usize, cap: usize) -> impl Iterator<Item = Range<usize>> {
    let n = len.div_ceil(cap).max(1);
    let (base, extra) = (len / n, len % n);
    let mut start = 0;
    (0..n).map(move |i| {
        let end = start + base + usize::from(i < extra);
        let r = start..end;
        start = end;
        r
    })
}

/// Splits `items` into runs of at most `cap`, as even as possible.
fn even_chunks<T>(items: Vec<T>, cap: usize) -> impl Iterator<Item = Vec<T>> {
    let mut items = items.into_iter();
    even_ranges(items.len(), cap).map(move |r| items.by_ref().take(r.len()).collect())
}

fn branch(kids: Vec<Arc<Node>>) -> Node {
    Node::Branch {
        sums: kids.iter().map(|k| k.summary()).collect(),
        kids: kids.into_iter().collect(),
    }
}

/// Builds a balanced tree from pieces pushed in order, filling leaves.
#[derive(Default)]
pub(super) struct Builder {
    leaves: Vec<Arc<Node>>,
    leaf: ArrayVec<Packed, LEAF_CAP>,
}

impl Builder {
    pub fn push(&mut self, p: Packed) {
        if p.len() == 0 {
            return;
        }
        if let Some(last) = self.leaf.last_mut() {
            if last.joins(p) {
                last.join(p);
                return;
            }
        }
        if self.leaf.is_full() {
            let full = std::mem::take(&mut self.leaf);
            self.leaves.push(Arc::new(Node::Leaf(full)));
        }
        self.leaf.push(p);
    }

    pub fn finish(mut self) -> Arc<Node> {
        if !self.leaf.is_empty() || self.leaves.is_empty() {
            self.leaves.push(Arc::new(Node::Leaf(self.leaf)));
        }
        // A short last leaf takes pieces from the one before it.
        merge_underfull(&mut self.leaves);
        grow_level(self.leaves)
    }
}

fn grow_level(mut level: Vec<Arc<Node>>) -> Arc<Node> {
    while level.len() > 1 {
        level = even_chunks(level, BRANCH_CAP)
            .map(|c| Arc::new(branch(c)))
            .collect();
    }
    level.pop().unwrap_or_else(|| Arc::new(Node::empty()))
}

/// Settles the root after a splice: new levels over it and the siblings
/// it split off, then no branch of a single child on top.
pub(super) fn settle(root: &mut Arc<Node>, extra: Vec<Arc<Node>>) {
    if !extra.is_empty() {
        let mut level = vec![std::mem::take(root)];
        level.extend(extra);
        *root = grow_level(level);
    }
    loop {
        let next = match &**root {
            Node::Branch { kids, .. } if kids.is_empty() => Arc::new(Node::empty()),
            Node::Branch { kids, .. } if kids.len() == 1 => Arc::clone(&kids[0]),
            _ => return,
        };
        *root = next;
    }
}

/// Replaces bytes `start..end` of `node` by `new` (`inserted` bytes),
/// appending the pieces that were there to `removed`. Nodes split off (of
/// the same height) are pushed to `extra`, to follow `node` in its parent.
/// Returns the change in the number of pieces under `node` (when nothing
/// was split off; else the parent counts again).
pub(super) fn splice(
    node: &mut Arc<Node>,
    start: u64,
    end: u64,
    (new, inserted): (&[Packed], u64),
    removed: &mut Vec<Piece>,
    extra: &mut Vec<Arc<Node>>,
) -> i64 {
    match Arc::make_mut(node) {
        Node::Leaf(pieces) => {
            let before = pieces.len() as i64;
            splice_leaf(pieces, start, end, new, removed, extra);
            pieces.len() as i64 - before
        }
        Node::Branch { sums, kids } => {
            splice_branch(sums, kids, start, end, (new, inserted), removed, extra)
        }
    }
}

/// Replaces bytes `start..end` of a leaf by `new`. The common edit — a
/// few pieces in, a few out, room left — moves the pieces after it once,
/// in place.
fn splice_leaf(
    pieces: &mut ArrayVec<Packed, LEAF_CAP>,
    start: u64,
    end: u64,
    new: &[Packed],
    removed: &mut Vec<Piece>,
    extra: &mut Vec<Arc<Node>>,
) {
    if new.len() > 6 {
        return splice_leaf_rebuilt(pieces, start, end, new, removed, extra);
    }
    let len = pieces.len();
    let mut pos = 0;
    let mut i = 0;
    while i < len && pos + pieces[i].len() <= start {
        pos += pieces[i].len();
        i += 1;
    }
    // What replaces the pieces the range touches: the part of the first
    // before `start`, the new pieces, the part of the last after `end`.
    let mut mid: ArrayVec<Packed, 8> = ArrayVec::new();
    let put = |mid: &mut ArrayVec<Packed, 8>, p: Packed| match mid.last_mut() {
        _ if p.len() == 0 => {}
        Some(last) if last.joins(p) => last.join(p),
        _ => mid.push(p),
    };
    let mut inserted = false;
    let mut k = i;
    while k < len {
        let p = pieces[k];
        let p_end = pos + p.len();
        if k > i && pos >= end {
            break;
        }
        if pos < start {
            put(&mut mid, p.take(start - pos));
        }
        if !inserted {
            new.iter().for_each(|&n| put(&mut mid, n));
            inserted = true;
        }
        let (from, to) = (start.max(pos), end.min(p_end));
        if from < to {
            removed.push(p.skip(from - pos).take(to - from).unpack());
        }
        if p_end > end {
            put(&mut mid, p.skip(end.max(pos) - pos));
        }
        pos = p_end;
        k += 1;
    }
    if !inserted {
        new.iter().for_each(|&n| put(&mut mid, n));
    }
    // Join the ends to the neighbours they continue.
    if i > 0 && !mid.is_empty() && pieces[i - 1].joins(mid[0]) {
        let first = mid.remove(0);
        pieces[i - 1].join(first);
    }
    if k < len {
        let next = pieces[k];
        match mid.last_mut() {
            Some(last) if last.joins(next) => {
                last.join(next);
                k += 1;
            }
            None if i > 0 && pieces[i - 1].joins(next) => {
                pieces[i - 1].join(next);
                k += 1;
            }
            _ => {}
        }
    }
    let new_len = len - (k - i) + mid.len();
    if new_len <= LEAF_CAP {
        let to = i + mid.len();
        if to > k {
            for _ in k..to {
                pieces.push(Packed::default());
            }
        }
        pieces.copy_within(k..len, to);
        pieces.truncate(new_len);
        pieces[i..to].copy_from_slice(&mid);
        return;
    }
    let mut all: ArrayVec<Packed, { LEAF_CAP + 8 }> = ArrayVec::new();
    all.try_extend_from_slice(&pieces[..i]).expect("fits");
    all.try_extend_from_slice(&mid).expect("fits");
    all.try_extend_from_slice(&pieces[k..]).expect("fits");
    pieces.clear();
    let mut runs = even_ranges(all.len(), LEAF_CAP);
    let first = runs.next().unwrap_or_default();
    pieces.extend(all[first].iter().copied());
    extra.extend(runs.map(|r| Arc::new(Node::Leaf(all[r].iter().copied().collect()))));
}

/// A leaf's new pieces: on the stack unless an edit brings many.
// Only ever a local: the big variant is the point (no allocation).
#[allow(clippy::large_enum_variant)]
enum Out {
    Stack(ArrayVec<Packed, { LEAF_CAP + 8 }>),
    Heap(Vec<Packed>),
}

impl Out {
    /// Appends a piece, joining it to the last when it continues it.
    fn push(&mut self, p: Packed) {
        match self {
            Out::Stack(v) => match v.last_mut() {
                _ if p.len() == 0 => {}
                Some(last) if last.joins(p) => last.join(p),
                _ => v.push(p),
            },
            Out::Heap(v) => push_packed(v, p),
        }
    }

    /// Appends pieces known not to join.
    fn extend(&mut self, ps: &[Packed]) {
        match self {
            Out::Stack(v) => v.try_extend_from_slice(ps).expect("a leaf and a few fit"),
            Out::Heap(v) => v.extend_from_slice(ps),
        }
    }

    fn as_slice(&self) -> &[Packed] {
        match self {
            Out::Stack(v) => v,
            Out::Heap(v) => v,
        }
    }
}

/// [`splice_leaf`] for any number of new pieces: the leaf is rebuilt.
fn splice_leaf_rebuilt(
    pieces: &mut ArrayVec<Packed, LEAF_CAP>,
    start: u64,
    end: u64,
    new: &[Packed],
    removed: &mut Vec<Piece>,
    extra: &mut Vec<Arc<Node>>,
) {
    let mut out = if new.len() <= 6 {
        Out::Stack(ArrayVec::new())
    } else {
        Out::Heap(Vec::with_capacity(pieces.len() + new.len() + 2))
    };
    // The pieces wholly before `start` stay as they are, copied at once;
    // so do those after `end`.
    let mut pos = 0;
    let mut i = 0;
    while i < pieces.len() && pos + pieces[i].len() <= start {
        pos += pieces[i].len();
        i += 1;
    }
    out.extend(&pieces[..i]);
    let mut inserted = false;
    let mut k = i;
    while k < pieces.len() {
        let p = pieces[k];
        let p_end = pos + p.len();
        if k > i && pos >= end {
            break;
        }
        if pos < start {
            out.push(p.take(start - pos));
        }
        if !inserted {
            new.iter().for_each(|&n| out.push(n));
            inserted = true;
        }
        let (from, to) = (start.max(pos), end.min(p_end));
        if from < to {
            removed.push(p.skip(from - pos).take(to - from).unpack());
        }
        if p_end > end {
            out.push(p.skip(end.max(pos) - pos));
        }
        pos = p_end;
        k += 1;
    }
    if !inserted {
        new.iter().for_each(|&n| out.push(n));
    }
    if k < pieces.len() {
        out.push(pieces[k]);
        out.extend(&pieces[k + 1..]);
    }
    let all = out.as_slice();
    pieces.clear();
    let mut runs = even_ranges(all.len(), LEAF_CAP);
    let first = runs.next().unwrap_or_default();
    pieces.extend(all[first].iter().copied());
    extra.extend(runs.map(|r| Arc::new(Node::Leaf(all[r].iter().copied().collect()))));
}

#[allow(clippy::too_many_arguments)]
fn splice_branch(
    sums: &mut Sums,
    kids: &mut ArrayVec<Arc<Node>, BRANCH_CAP>,
    start: u64,
    end: u64,
    (new, inserted): (&[Packed], u64),
    removed: &mut Vec<Piece>,
    extra: &mut Vec<Arc<Node>>,
) -> i64 {
    // The child where the range starts: for an insert at a boundary, the
    // one on the left, so that typing extends the piece before it.
    let n = kids.len();
    let old_pieces: u64 = sums.pieces.iter().sum();
    let mut found = None;
    let mut off = 0;
    for (i, &b) in sums.bytes.iter().enumerate() {
        let e = off + b;
        if start < e || (start == e && start == end) {
            found = Some(i);
            break;
        }
        off = e;
    }
    let (ci, ci_off) = match found {
        Some(i) => (i, off),
        None => (n - 1, off - sums.bytes[n - 1]),
    };
    let mut cj = ci;
    let mut cj_off = ci_off;
    while end > cj_off + sums.bytes[cj] {
        cj_off += sums.bytes[cj];
        cj += 1;
    }
    let mut kid_extra = Vec::new();
    if ci == cj {
        let delta = splice(
            &mut kids[ci],
            start - ci_off,
            end - ci_off,
            (new, inserted),
            removed,
            &mut kid_extra,
        );
        if kid_extra.is_empty() && !kids[ci].underfull() {
            // Counted from the change, not by adding up the child again.
            sums.bytes[ci] = sums.bytes[ci] + inserted - (end - start);
            sums.pieces[ci] = sums.pieces[ci].wrapping_add_signed(delta);
            return delta;
        }
    } else {
        let ci_len = sums.bytes[ci];
        splice(
            &mut kids[ci],
            start - ci_off,
            ci_len,
            (new, inserted),
            removed,
            &mut kid_extra,
        );
        for kid in &kids[ci + 1..cj] {
            collect(kid, removed);
        }
        let mut none = Vec::new();
        splice(&mut kids[cj], 0, end - cj_off, (&[], 0), removed, &mut none);
        debug_assert!(none.is_empty(), "removing a head never overflows");
    }
    // Rebuild the list of children: the edited ones, the split-off ones,
    // without the removed and the empty ones, underfull ones merged.
    let mut list: Vec<Arc<Node>> = Vec::with_capacity(n + kid_extra.len());
    let old = std::mem::take(kids).into_iter().enumerate();
    for (i, kid) in old {
        if i == ci {
            list.push(kid);
            list.append(&mut kid_extra);
        } else if i < ci || i >= cj {
            list.push(kid);
        }
    }
    list.retain(|k| k.entries() > 0);
    merge_underfull(&mut list);
    let mut chunks = even_chunks(list, BRANCH_CAP);
    let first = chunks.next().unwrap_or_default();
    sums.clear();
    first.iter().for_each(|k| sums.push(k.summary()));
    kids.extend(first);
    extra.extend(chunks.map(|c| Arc::new(branch(c))));
    let new_pieces: u64 = sums.pieces.iter().sum();
    new_pieces as i64 - old_pieces as i64
}

/// Merges each underfull node with a neighbour (or shares a neighbour's
/// entries with it, when both do not fit in one).
fn merge_underfull(list: &mut Vec<Arc<Node>>) {
    let mut i = 0;
    while i < list.len() {
        if list.len() < 2 || !list[i].underfull() {
            i += 1;
            continue;
        }
        let a = if i + 1 < list.len() { i } else { i - 1 };
        let right = list.remove(a + 1);
        let right = Arc::try_unwrap(right).unwrap_or_else(|shared| (*shared).clone());
        let left = Arc::make_mut(&mut list[a]);
        match (left, right) {
            (Node::Leaf(l), Node::Leaf(r)) => {
                let mut all: Vec<Packed> = l.drain(..).collect();
                r.into_iter().for_each(|p| push_packed(&mut all, p));
                let mut chunks = even_chunks(all, LEAF_CAP);
                l.extend(chunks.next().into_iter().flatten());
                if let Some(rest) = chunks.next() {
                    list.insert(a + 1, Arc::new(Node::Leaf(rest.into_iter().collect())));
                }
            }
            (Node::Branch { sums, kids }, Node::Branch { kids: r, .. }) => {
                let mut all: Vec<Arc<Node>> = kids.drain(..).collect();
                all.extend(r);
                let mut chunks = even_chunks(all, BRANCH_CAP);
                let first = chunks.next().unwrap_or_default();
                sums.clear();
                first.iter().for_each(|k| sums.push(k.summary()));
                kids.extend(first);
                if let Some(rest) = chunks.next() {
                    list.insert(a + 1, Arc::new(branch(rest)));
                }
            }
            _ => unreachable!("siblings have the same height"),
        }
        i = a;
    }
}

/// Appends every piece of the subtree to `out`.
fn collect(node: &Node, out: &mut Vec<Piece>) {
    match node {
        Node::Leaf(pieces) => out.extend(pieces.iter().map(|p| p.unpack())),
        Node::Branch { kids, .. } => kids.iter().for_each(|k| collect(k, out)),
    }
}

/// Calls `f` for each piece of the subtree (which starts at document
/// offset `base`) that overlaps `range`.
pub(super) fn visit(
    node: &Node,
    base: u64,
    range: &Range<u64>,
    f: &mut impl FnMut(u64, Packed) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let mut pos = base;
    match node {
        Node::Leaf(pieces) => {
            for &p in pieces {
                let end = pos + p.len();
                if end > range.start {
                    if pos >= range.end {
                        break;
                    }
                    f(pos, p)?;
                }
                pos = end;
            }
        }
        Node::Branch { sums, kids } => {
            for (&bytes, kid) in sums.bytes.iter().zip(kids) {
                let end = pos + bytes;
                if end > range.start {
                    if pos >= range.end {
                        break;
                    }
                    visit(kid, pos, range, f)?;
                }
                pos = end;
            }
        }
    }
    ControlFlow::Continue(())
}

/// Checks the tree's invariants (for tests): every leaf at one depth,
/// counts that match, no empty node below the root, none over capacity.
/// Returns the tree's height.
#[cfg(test)]
pub(super) fn check(node: &Node, is_root: bool) -> usize {
    match node {
        Node::Leaf(pieces) => {
            assert!(
                is_root || !pieces.is_empty(),
                "an empty leaf below the root"
            );
            assert!(pieces.iter().all(|p| p.len() > 0), "an empty piece");
            0
        }
        Node::Branch { sums, kids } => {
            assert!(!kids.is_empty() && sums.len() == kids.len());
            assert!(!is_root || kids.len() > 1, "a root with one child");
            let heights: Vec<usize> = kids.iter().map(|k| check(k, false)).collect();
            assert!(
                heights.windows(2).all(|w| w[0] == w[1]),
                "leaves at one depth"
            );
            for (s, k) in sums.iter().zip(kids) {
                assert_eq!(s, k.summary(), "a stale summary");
            }
            heights[0] + 1
        }
    }
}
