//! Applying a transaction taken off the undo or redo stack.
//!
//! A transaction's splices are applied last to first, one tree splice
//! each — or, when there are many and they run in order across the
//! document without overlapping (a replace-all, a long run of edits down a
//! file), all in one pass over the tree: undoing a million-match
//! replace-all rebuilds the tree once instead of splicing it a million
//! times.

use std::ops::Range;

use super::Splice;
use crate::core::history::Transaction;
use crate::core::piece::{Piece, PieceTree};

/// Fewer splices than this are applied one by one.
const BULK_MIN: usize = 64;

fn total(pieces: &[Piece]) -> u64 {
    pieces.iter().map(|p| p.len).sum()
}

/// Applies the splices of `t` last to first, logging each in `splices`.
/// Returns the inverse (the pieces each splice removed, in the order
/// applied) and the span of the document the splices put bytes in.
pub(super) fn apply(
    tree: &mut PieceTree,
    t: &Transaction,
    splices: &mut Vec<Splice>,
) -> (Transaction, Range<u64>) {
    let n = t.len();
    let mut span: Option<Range<u64>> = None;
    for i in (0..n).rev() {
        let (offset, remove, pieces) = t.get(i);
        let inserted = total(pieces);
        splices.push(Splice {
            offset,
            removed: remove,
            inserted,
        });
        let r = offset..offset + inserted;
        span = Some(match span {
            Some(s) => s.start.min(r.start)..s.end.max(r.end),
            None => r,
        });
    }
    splices.reserve(n);
    let mut inverse = Transaction::inverse_of(t);
    let bulk = n >= BULK_MIN && (n as u64).saturating_mul(8) >= tree.piece_count();
    match bulk.then(|| direction(t)).flatten() {
        Some(Direction::Down) => {
            // Sorted by offset is storage order; applied, it is the reverse.
            let edits = (0..n).map(|i| {
                let (offset, remove, pieces) = t.get(i);
                (offset..offset + remove, pieces)
            });
            let mut sorted = Transaction::inverse_of(t);
            let mut i = 0;
            tree.splice_sorted(edits, |removed| {
                let (offset, _, pieces) = t.get(i);
                sorted.push(offset, total(pieces), removed);
                i += 1;
            });
            for i in (0..n).rev() {
                let (offset, remove, pieces) = sorted.get(i);
                inverse.push(offset, remove, pieces);
            }
        }
        Some(Direction::Up) => {
            // Each offset in the original tree is less the growth so far.
            let mut growth: i128 = 0;
            let edits = (0..n).rev().map(|i| {
                let (offset, remove, pieces) = t.get(i);
                let at = (i128::from(offset) - growth) as u64;
                growth += i128::from(total(pieces)) - i128::from(remove);
                (at..at + remove, pieces)
            });
            let mut i = n;
            tree.splice_sorted(edits, |removed| {
                i -= 1;
                let (offset, _, pieces) = t.get(i);
                inverse.push(offset, total(pieces), removed);
            });
        }
        None => {
            let mut removed = Vec::new();
            for i in (0..n).rev() {
                let (offset, remove, pieces) = t.get(i);
                removed.clear();
                tree.splice_into(offset..offset + remove, pieces, &mut removed);
                inverse.push(offset, total(pieces), &removed);
            }
        }
    }
    (inverse, span.unwrap_or(0..0))
}

enum Direction {
    /// Each splice lies wholly before the one applied before it, which
    /// therefore moved nothing it refers to.
    Down,
    /// Each starts after the bytes the one applied before it put in.
    Up,
}

/// Whether the splices of `t`, applied last to first, run down or up the
/// document without overlapping: then they can be applied in one pass.
fn direction(t: &Transaction) -> Option<Direction> {
    let n = t.len();
    let down = (1..n).all(|i| {
        let (b, b_remove, _) = t.get(i - 1);
        let (a, _, _) = t.get(i);
        b + b_remove <= a
    });
    if down {
        return Some(Direction::Down);
    }
    let up = (1..n).all(|i| {
        let (a, _, a_pieces) = t.get(i);
        let (b, _, _) = t.get(i - 1);
        b >= a + total(a_pieces)
    });
    up.then_some(Direction::Up)
}
