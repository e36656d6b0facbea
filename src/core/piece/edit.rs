//! The one edit of the piece tree: replacing a byte range of a subtree by
//! some pieces.
//!
//! A node is changed through `Arc::make_mut`, so a node that a snapshot
//! also holds is copied first (path copying) and one that only this tree
//! holds is changed in place. A node that overflows hands its surplus to
//! its parent as new siblings; one left under a quarter full is merged
//! with a neighbour.

use std::ops::Range;
use std::sync::Arc;

use arrayvec::ArrayVec;

use super::node::{
    BRANCH_CAP, Kid, LEAF_CAP, Node, Sums, branch, collect, even_chunks, even_ranges, kid,
    merge_underfull,
};
use super::{Packed, Piece, push_packed};

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
    extra: &mut Vec<Kid>,
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

/// A leaf edit worked out before the leaf is changed: `pieces[from..to]`
/// become `mid`.
struct LeafPlan {
    from: usize,
    to: usize,
    mid: ArrayVec<Packed, 10>,
}

impl LeafPlan {
    /// How many pieces the leaf holds after the edit.
    fn new_len(&self, len: usize) -> usize {
        len - (self.to - self.from) + self.mid.len()
    }
}

/// Works out how replacing bytes `start..end` of a leaf by `new` (at most
/// six pieces) changes it, appending the pieces it removes to `removed`.
fn plan_leaf(
    pieces: &[Packed],
    start: u64,
    end: u64,
    new: &[Packed],
    removed: &mut Vec<Piece>,
) -> LeafPlan {
    let len = pieces.len();
    let (i, pos) = find(pieces, start);
    let mut mid: ArrayVec<Packed, 10> = ArrayVec::new();
    let mut k = cut(pieces, (i, pos), start..end, new, removed, |p| {
        match mid.last_mut() {
            _ if p.len() == 0 => {}
            Some(last) if last.joins(p) => last.join(p),
            _ => mid.push(p),
        }
    });
    // Join the ends to the neighbours they continue.
    let mut from = i;
    if i > 0 && (mid.is_empty() || pieces[i - 1].joins(mid[0])) {
        from = i - 1;
        let mut prev = pieces[i - 1];
        match mid.first() {
            Some(&first) => {
                prev.join(first);
                mid[0] = prev;
            }
            None => mid.push(prev),
        }
    }
    if k < len {
        let next = pieces[k];
        if let Some(last) = mid.last_mut()
            && last.joins(next)
        {
            last.join(next);
            k += 1;
        }
    }
    LeafPlan { from, to: k, mid }
}

/// The first piece of a leaf that ends after `start`: its index and the
/// offset where it begins.
fn find(pieces: &[Packed], start: u64) -> (usize, u64) {
    let (mut i, mut pos) = skip_before(pieces, start);
    while i < pieces.len() && pos + pieces[i].len() <= start {
        pos += pieces[i].len();
        i += 1;
    }
    (i, pos)
}

/// Goes through the pieces that bytes `range` touch, from the one [`find`]
/// gave (`at`), passing `put` what replaces them: the part of the first
/// before the range, the `new` pieces, the part of the last after it. The
/// bytes cut out are appended to `removed`. Returns the index of the first
/// piece after those touched.
fn cut(
    pieces: &[Packed],
    (i, mut pos): (usize, u64),
    range: Range<u64>,
    new: &[Packed],
    removed: &mut Vec<Piece>,
    mut put: impl FnMut(Packed),
) -> usize {
    let (start, end) = (range.start, range.end);
    let mut inserted = false;
    let mut k = i;
    while k < pieces.len() {
        let p = pieces[k];
        let p_end = pos + p.len();
        if k > i && pos >= end {
            break;
        }
        if pos < start {
            put(p.take(start - pos));
        }
        if !inserted {
            new.iter().for_each(|&n| put(n));
            inserted = true;
        }
        let (from, to) = (start.max(pos), end.min(p_end));
        if from < to {
            removed.push(p.skip(from - pos).take(to - from).unpack());
        }
        if p_end > end {
            put(p.skip(end.max(pos) - pos));
        }
        pos = p_end;
        k += 1;
    }
    if !inserted {
        new.iter().for_each(|&n| put(n));
    }
    k
}

/// Skips whole groups of four pieces that end at or before `start`:
/// returns the index and offset to go on from, piece by piece. (Finding
/// the place in a leaf is most of an edit's work; four lengths added at
/// once take one test instead of four.)
fn skip_before(pieces: &[Packed], start: u64) -> (usize, u64) {
    let mut pos = 0;
    let mut i = 0;
    for quad in pieces.chunks_exact(4) {
        let sum = quad[0].len() + quad[1].len() + quad[2].len() + quad[3].len();
        if pos + sum > start {
            break;
        }
        pos += sum;
        i += 4;
    }
    (i, pos)
}

/// Changes a leaf as planned (the result fits it).
fn apply_leaf(pieces: &mut ArrayVec<Packed, LEAF_CAP>, plan: &LeafPlan) {
    let len = pieces.len();
    let new_len = plan.new_len(len);
    let to = plan.from + plan.mid.len();
    for _ in len..new_len {
        pieces.push(Packed::default());
    }
    pieces.copy_within(plan.to..len, to);
    pieces.truncate(new_len);
    pieces[plan.from..to].copy_from_slice(&plan.mid);
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
    extra: &mut Vec<Kid>,
) {
    if new.len() > 6 {
        return splice_leaf_rebuilt(pieces, start, end, new, removed, extra);
    }
    let plan = plan_leaf(pieces, start, end, new, removed);
    if plan.new_len(pieces.len()) <= LEAF_CAP {
        return apply_leaf(pieces, &plan);
    }
    let mut all: ArrayVec<Packed, { LEAF_CAP + 10 }> = ArrayVec::new();
    all.try_extend_from_slice(&pieces[..plan.from])
        .expect("fits");
    all.try_extend_from_slice(&plan.mid).expect("fits");
    all.try_extend_from_slice(&pieces[plan.to..]).expect("fits");
    pieces.clear();
    let mut runs = even_ranges(all.len(), LEAF_CAP);
    let first = runs.next().unwrap_or_default();
    pieces.extend(all[first].iter().copied());
    extra.extend(runs.map(|r| kid(Arc::new(Node::Leaf(all[r].iter().copied().collect())))));
}

/// The common edit without recursion: when the range lies in one leaf
/// and the leaf neither overflows nor runs thin, the path is found and
/// the leaf planned first, reading only; then the path is walked again,
/// changing the counts on the way down and the leaf at the bottom.
/// Returns the change in the number of pieces, or `None` (having changed
/// nothing) when the edit needs [`splice`].
pub(super) fn splice_in_leaf(
    root: &mut Arc<Node>,
    start: u64,
    end: u64,
    (new, inserted): (&[Packed], u64),
    removed: &mut Vec<Piece>,
) -> Option<i64> {
    if new.len() > 6 {
        return None;
    }
    let mut path: ArrayVec<u8, 16> = ArrayVec::new();
    let (mut lo, mut hi) = (start, end);
    let mut node: &Node = root;
    let plan = loop {
        match node {
            Node::Branch { sums, kids } => {
                let (ci, off) = child_at(&sums.bytes, lo, hi);
                if hi > off + sums.bytes[ci] {
                    return None;
                }
                path.try_push(ci as u8).ok()?;
                (lo, hi) = (lo - off, hi - off);
                node = &kids[ci];
            }
            Node::Leaf(pieces) => {
                let before = removed.len();
                let plan = plan_leaf(pieces, lo, hi, new, removed);
                let new_len = plan.new_len(pieces.len());
                let is_root = path.is_empty();
                if new_len > LEAF_CAP || (!is_root && new_len < LEAF_CAP / 4) || new_len == 0 {
                    removed.truncate(before);
                    return None;
                }
                break plan;
            }
        }
    };
    let delta = plan.mid.len() as i64 - (plan.to - plan.from) as i64;
    let mut node = root;
    for &ci in &path {
        node = match Arc::make_mut(node) {
            Node::Branch { sums, kids } => {
                let ci = usize::from(ci);
                sums.bytes[ci] = sums.bytes[ci] + inserted - (end - start);
                sums.pieces[ci] = sums.pieces[ci].wrapping_add_signed(delta);
                &mut kids[ci]
            }
            Node::Leaf(_) => unreachable!("the path ends at a leaf"),
        };
    }
    match Arc::make_mut(node) {
        Node::Leaf(pieces) => apply_leaf(pieces, &plan),
        Node::Branch { .. } => unreachable!("the path ends at a leaf"),
    }
    Some(delta)
}

/// The child where a range starts, and the offset of that child: for an
/// insert at a boundary, the one on the left, so that typing extends the
/// piece before it.
#[inline]
fn child_at(bytes: &[u64], start: u64, end: u64) -> (usize, u64) {
    // Groups of four children that end strictly before `start` are
    // passed at once (one ending exactly there may be the one asked for).
    let n = bytes.len();
    let mut off = 0;
    let mut i = 0;
    while i + 4 <= n {
        let sum = bytes[i] + bytes[i + 1] + bytes[i + 2] + bytes[i + 3];
        if off + sum >= start {
            break;
        }
        off += sum;
        i += 4;
    }
    while i < n {
        let e = off + bytes[i];
        if start < e || (start == e && start == end) {
            return (i, off);
        }
        off = e;
        i += 1;
    }
    (n - 1, off - bytes[n - 1])
}

/// [`splice_leaf`] for more new pieces than a plan holds: the leaf is
/// rebuilt.
fn splice_leaf_rebuilt(
    pieces: &mut ArrayVec<Packed, LEAF_CAP>,
    start: u64,
    end: u64,
    new: &[Packed],
    removed: &mut Vec<Piece>,
    extra: &mut Vec<Kid>,
) {
    let mut out = Vec::with_capacity(pieces.len() + new.len() + 2);
    // The pieces wholly before the range stay as they are, copied at once;
    // so do those after it.
    let at = find(pieces, start);
    out.extend_from_slice(&pieces[..at.0]);
    let k = cut(pieces, at, start..end, new, removed, |p| {
        push_packed(&mut out, p)
    });
    if k < pieces.len() {
        push_packed(&mut out, pieces[k]);
        out.extend_from_slice(&pieces[k + 1..]);
    }
    pieces.clear();
    let mut runs = even_ranges(out.len(), LEAF_CAP);
    let first = runs.next().unwrap_or_default();
    pieces.extend(out[first].iter().copied());
    extra.extend(runs.map(|r| kid(Arc::new(Node::Leaf(out[r].iter().copied().collect())))));
}

#[allow(clippy::too_many_arguments)]
fn splice_branch(
    sums: &mut Sums,
    kids: &mut ArrayVec<Arc<Node>, BRANCH_CAP>,
    start: u64,
    end: u64,
    (new, inserted): (&[Packed], u64),
    removed: &mut Vec<Piece>,
    extra: &mut Vec<Kid>,
) -> i64 {
    let n = kids.len();
    let (ci, ci_off) = child_at(&sums.bytes, start, end);
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
    // (The sums still count the children as they were before the edit.)
    let old_pieces: u64 = sums.pieces.iter().sum();
    // Rebuild the list of children: the edited ones, the split-off ones,
    // without the removed and the empty ones, underfull ones merged. Only
    // the edited children are summed again; the others keep their sums.
    let mut list: Vec<Kid> = Vec::with_capacity(n + kid_extra.len());
    let old = std::mem::take(kids)
        .into_iter()
        .zip(sums.iter())
        .enumerate();
    for (i, (node, sum)) in old {
        if i == ci {
            list.push(kid(node));
            list.append(&mut kid_extra);
        } else if i == cj {
            list.push(kid(node));
        } else if i < ci || i > cj {
            list.push(Kid {
                node,
                sum,
                fresh: false,
            });
        }
    }
    list.retain(|k| k.sum.pieces > 0);
    merge_underfull(&mut list);
    let mut chunks = even_chunks(list, BRANCH_CAP);
    let first = chunks.next().unwrap_or_default();
    sums.clear();
    for k in first {
        sums.push(k.sum);
        kids.push(k.node);
    }
    extra.extend(chunks.map(|c| kid(Arc::new(branch(c)))));
    let new_pieces: u64 = sums.pieces.iter().sum();
    new_pieces as i64 - old_pieces as i64
}
