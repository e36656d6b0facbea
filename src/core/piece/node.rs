//! The nodes of the piece tree: what they hold, building a tree in one
//! pass, merging thin nodes, and visiting the pieces under a range (the
//! one edit, a splice, is in `edit`).
//!
//! Every leaf is at the same depth; leaves hold up to 64 pieces, branches
//! up to 32 children, so a node is about 800 bytes and a million pieces
//! stand four levels deep.

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
    pub(super) bytes: ArrayVec<u64, BRANCH_CAP>,
    pub(super) pieces: ArrayVec<u64, BRANCH_CAP>,
}

impl Sums {
    pub(super) fn iter(&self) -> impl Iterator<Item = Summary> + '_ {
        self.bytes
            .iter()
            .zip(&self.pieces)
            .map(|(&bytes, &pieces)| Summary { bytes, pieces })
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.bytes.len()
    }

    pub(super) fn clear(&mut self) {
        self.bytes.clear();
        self.pieces.clear();
    }

    pub(super) fn push(&mut self, s: Summary) {
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
    pub(super) fn entries(&self) -> usize {
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

    pub(super) fn underfull(&self) -> bool {
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
pub(super) fn even_ranges(len: usize, cap: usize) -> impl Iterator<Item = Range<usize>> {
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
pub(super) fn even_chunks<T>(items: Vec<T>, cap: usize) -> impl Iterator<Item = Vec<T>> {
    let mut items = items.into_iter();
    even_ranges(items.len(), cap).map(move |r| items.by_ref().take(r.len()).collect())
}

/// A child with its summary: rebuilding a list of children keeps the
/// summaries of those that did not change, so that a split reads only the
/// nodes it touched (adding up 32 cold siblings cost more than the edit).
pub(super) struct Kid {
    pub node: Arc<Node>,
    pub sum: Summary,
    /// Built or changed by this edit. Only such a node can be underfull:
    /// every other was checked when it was made, and asking an untouched
    /// node would read it from memory for nothing.
    pub fresh: bool,
}

/// A child with its summary counted afresh (for a node just built).
pub(super) fn kid(node: Arc<Node>) -> Kid {
    Kid {
        sum: node.summary(),
        node,
        fresh: true,
    }
}

pub(super) fn branch(list: Vec<Kid>) -> Node {
    let mut sums = Sums::default();
    let mut kids = ArrayVec::new();
    for k in list {
        sums.push(k.sum);
        kids.push(k.node);
    }
    Node::Branch { sums, kids }
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
        if let Some(last) = self.leaf.last_mut()
            && last.joins(p)
        {
            last.join(p);
            return;
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
        let mut leaves = self.leaves.into_iter().map(kid).collect();
        merge_underfull(&mut leaves);
        grow_level(leaves)
    }
}

fn grow_level(mut level: Vec<Kid>) -> Arc<Node> {
    while level.len() > 1 {
        level = even_chunks(level, BRANCH_CAP)
            .map(|c| kid(Arc::new(branch(c))))
            .collect();
    }
    level
        .pop()
        .map_or_else(|| Arc::new(Node::empty()), |k| k.node)
}

/// Settles the root after a splice: new levels over it and the siblings
/// it split off, then no branch of a single child on top.
pub(super) fn settle(root: &mut Arc<Node>, extra: Vec<Kid>) {
    if !extra.is_empty() {
        let mut level = vec![kid(std::mem::take(root))];
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

/// Merges each underfull node with a neighbour (or shares a neighbour's
/// entries with it, when both do not fit in one).
pub(super) fn merge_underfull(list: &mut Vec<Kid>) {
    let mut i = 0;
    while i < list.len() {
        if list.len() < 2 || !list[i].fresh || !list[i].node.underfull() {
            i += 1;
            continue;
        }
        let a = if i + 1 < list.len() { i } else { i - 1 };
        let right = list.remove(a + 1).node;
        let right = Arc::try_unwrap(right).unwrap_or_else(|shared| (*shared).clone());
        let left = Arc::make_mut(&mut list[a].node);
        match (left, right) {
            (Node::Leaf(l), Node::Leaf(r)) => {
                let mut all: Vec<Packed> = l.drain(..).collect();
                r.into_iter().for_each(|p| push_packed(&mut all, p));
                let mut chunks = even_chunks(all, LEAF_CAP);
                l.extend(chunks.next().into_iter().flatten());
                if let Some(rest) = chunks.next() {
                    list.insert(a + 1, kid(Arc::new(Node::Leaf(rest.into_iter().collect()))));
                }
            }
            (
                Node::Branch { sums, kids },
                Node::Branch {
                    sums: r_sums,
                    kids: r,
                },
            ) => {
                let old = |(node, sum)| Kid {
                    node,
                    sum,
                    fresh: false,
                };
                let mut all: Vec<Kid> = kids.drain(..).zip(sums.iter()).map(old).collect();
                all.extend(r.into_iter().zip(r_sums.iter()).map(old));
                let mut chunks = even_chunks(all, BRANCH_CAP);
                let first = chunks.next().unwrap_or_default();
                sums.clear();
                for k in first {
                    sums.push(k.sum);
                    kids.push(k.node);
                }
                if let Some(rest) = chunks.next() {
                    list.insert(a + 1, kid(Arc::new(branch(rest))));
                }
            }
            _ => unreachable!("siblings have the same height"),
        }
        list[a] = kid(std::mem::take(&mut list[a].node));
        i = a;
    }
}

/// Whether `old` holds `node` itself at document offset `at` (a node a
/// snapshot shares with a later tree, unchanged by the edits between).
fn holds_at(old: &Arc<Node>, at: u64, node: &Arc<Node>) -> bool {
    let (mut here, mut base) = (old, 0);
    loop {
        if base == at && Arc::ptr_eq(here, node) {
            return true;
        }
        let Node::Branch { sums, kids } = &**here else {
            return false;
        };
        let mut i = 0;
        while i < kids.len() && base + sums.bytes[i] <= at {
            base += sums.bytes[i];
            i += 1;
        }
        match kids.get(i) {
            Some(kid) => here = kid,
            None => return false,
        }
    }
}

/// Calls `f` with the ranges of the subtree `node` (at offset `base`)
/// whose bytes may differ from those `old` has at the same offsets, in
/// order: all but the nodes `old` shares at the same offset and, in the
/// leaves that differ, the stretches where both map each offset to the
/// same byte of the same buffer. `visit_old` visits `old`'s pieces.
pub(super) fn changed(
    node: &Arc<Node>,
    base: u64,
    old: &Arc<Node>,
    visit_old: &mut impl FnMut(Range<u64>, &mut dyn FnMut(u64, Piece)),
    f: &mut impl FnMut(Range<u64>),
) {
    if holds_at(old, base, node) {
        return;
    }
    match &**node {
        Node::Branch { sums, kids } => {
            let mut pos = base;
            for (&bytes, kid) in sums.bytes.iter().zip(kids) {
                changed(kid, pos, old, visit_old, f);
                pos += bytes;
            }
        }
        Node::Leaf(pieces) => {
            let end = base + leaf_summary(pieces).bytes;
            let mut before: Vec<(u64, Piece)> = Vec::new();
            visit_old(base..end, &mut |at, p| before.push((at, p)));
            let mut then = before.iter().peekable();
            let mut pos = base;
            for p in pieces.iter().map(|p| p.unpack()) {
                let piece_end = pos + p.len;
                // Each stretch of this piece under one piece of `old`.
                let mut at = pos;
                while at < piece_end {
                    while then.next_if(|(o, q)| o + q.len <= at).is_some() {}
                    let (stop, same) = match then.peek() {
                        Some(&&(o, q)) if o <= at => {
                            let stop = piece_end.min(o + q.len);
                            let mine = p.skip(at - pos).take(stop - at);
                            let theirs = q.skip(at - o).take(stop - at);
                            (stop, mine == theirs)
                        }
                        Some(&&(o, _)) => (piece_end.min(o), false),
                        None => (piece_end, false),
                    };
                    if !same {
                        f(at..stop);
                    }
                    at = stop;
                }
                pos = piece_end;
            }
        }
    }
}

/// Appends every piece of the subtree to `out`.
pub(super) fn collect(node: &Node, out: &mut Vec<Piece>) {
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
            let (kids, sums, start) = kids_under(sums, kids, pos, range);
            pos = start;
            for (&bytes, kid) in sums.iter().zip(kids) {
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

/// Calls `f(offset, pieces)` for each leaf of the subtree (which starts at
/// document offset `base`) that overlaps `range`, in order, with the
/// offset where the leaf starts.
pub(super) fn visit_leaves<'n>(
    node: &'n Node,
    base: u64,
    range: &Range<u64>,
    f: &mut impl FnMut(u64, &'n [Packed]) -> ControlFlow<()>,
) -> ControlFlow<()> {
    match node {
        Node::Leaf(pieces) => f(base, pieces),
        Node::Branch { sums, kids } => {
            let (kids, sums, mut pos) = kids_under(sums, kids, base, range);
            for (&bytes, kid) in sums.iter().zip(kids) {
                visit_leaves(kid, pos, range, f)?;
                pos += bytes;
            }
            ControlFlow::Continue(())
        }
    }
}

/// The children of a branch (at offset `base`) under `range`, found from
/// the sums alone, with their byte counts and the offset of the first;
/// the leaves among them are warmed for reading (see [`warm`]).
fn kids_under<'n>(
    sums: &'n Sums,
    kids: &'n [Arc<Node>],
    base: u64,
    range: &Range<u64>,
) -> (&'n [Arc<Node>], &'n [u64], u64) {
    let mut pos = base;
    let mut first = 0;
    while first + 1 < kids.len() && pos + sums.bytes[first] <= range.start {
        pos += sums.bytes[first];
        first += 1;
    }
    let mut last = first;
    let mut end = pos + sums.bytes[first];
    while last + 1 < kids.len() && end < range.end {
        last += 1;
        end += sums.bytes[last];
    }
    if last > first {
        warm(&kids[first..=last]);
    }
    (&kids[first..=last], &sums.bytes[first..=last], pos)
}

/// Reads a word from every cache line of the leaves about to be read, all
/// at once: each load misses the cache, but loads that do not depend on
/// each other wait for memory together, where visiting leaf after leaf
/// would wait for each in turn (a heavily edited screenful spans some ten
/// leaves, and reading it was mostly this waiting).
fn warm(kids: &[Arc<Node>]) {
    const STEP: usize = 64 / std::mem::size_of::<Packed>() + 1;
    let mut acc = 0;
    for kid in kids {
        match &**kid {
            Node::Leaf(pieces) => {
                for p in pieces.iter().step_by(STEP) {
                    acc ^= p.len();
                }
            }
            Node::Branch { kids, .. } => acc ^= kids.len() as u64,
        }
    }
    std::hint::black_box(acc);
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
