//! Myers' O(ND) difference algorithm ("An O(ND) Difference Algorithm and
//! Its Variations", 1986), greedy forward search with the furthest-reaching
//! point of every diagonal kept per step for the way back.
//!
//! Used between anchors, where gaps are short. It is bounded twice: at most
//! `max_d` edits (the trace of the way back is O(D²) memory) and a budget
//! of byte comparisons (the snakes are O((N+M)·D) time). Past either bound
//! it gives up and the caller reports the gap as one replacement.

use std::ops::Range;

use super::Change;
use super::compact::compact;

/// The fewest inserted and deleted bytes that turn `a` into `b`, grouped
/// into changes (offsets relative to the slices, plus `base_a`/`base_b`);
/// `None` if that takes more than `max_d` edits or more than `budget` byte
/// comparisons (what was spent is taken from `budget` either way).
pub(super) fn diff(
    a: &[u8],
    b: &[u8],
    base_a: u64,
    base_b: u64,
    max_d: usize,
    budget: &mut u64,
) -> Option<Vec<Change>> {
    let (n, m) = (a.len() as i64, b.len() as i64);
    let dmax = (max_d as i64).min(n + m);
    let offset = dmax + 1;
    let mut v = vec![0i64; (2 * dmax + 3) as usize];
    let at = |k: i64| (k + offset) as usize;
    // trace[d][k + d] is v[k] after step d.
    let mut trace: Vec<Vec<u32>> = Vec::new();
    for d in 0..=dmax {
        for k in (-d..=d).step_by(2) {
            let mut x = if k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]) {
                v[at(k + 1)]
            } else {
                v[at(k - 1)] + 1
            };
            let mut y = x - k;
            let start = x;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            *budget = budget.saturating_sub((x - start + 1) as u64);
            v[at(k)] = x;
            if x >= n && y >= m {
                trace.push(Vec::new());
                let changes = walk_back(&trace, d, n, m, base_a, base_b);
                let slice = |s: &[u8], base: u64, r: Range<u64>| {
                    s[(r.start - base) as usize..(r.end - base) as usize].to_vec()
                };
                return Some(compact(changes, &mut |r| slice(a, base_a, r), &mut |r| {
                    slice(b, base_b, r)
                }));
            }
        }
        if *budget == 0 {
            return None;
        }
        trace.push((-d..=d).map(|k| v[at(k)] as u32).collect());
    }
    None
}

/// One edit: a byte of A deleted at `x`, or a byte of B (at `y`) inserted
/// before A's `x`.
#[derive(Clone, Copy)]
struct Edit {
    x: i64,
    y: i64,
}

/// Follows the trace back from (n, m) to (0, 0) and groups the edits.
fn walk_back(trace: &[Vec<u32>], d: i64, n: i64, m: i64, base_a: u64, base_b: u64) -> Vec<Change> {
    let (mut x, mut y) = (n, m);
    let mut edits: Vec<(Edit, bool)> = Vec::with_capacity(d as usize);
    for d in (1..=d).rev() {
        let prev = &trace[(d - 1) as usize];
        let v = |k: i64| prev[(k + d - 1) as usize] as i64;
        let k = x - y;
        let down = k == -d || (k != d && v(k - 1) < v(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = v(prev_k);
        let prev_y = prev_x - prev_k;
        // `down`: a byte of B inserted at (prev_x, prev_y); else a byte of
        // A deleted there.
        edits.push((
            Edit {
                x: prev_x,
                y: prev_y,
            },
            down,
        ));
        x = prev_x;
        y = prev_y;
    }
    edits.reverse();
    let mut changes: Vec<Change> = Vec::new();
    let mut group: Option<(i64, i64, u64, u64)> = None;
    for (e, insert) in edits {
        let continues = matches!(group, Some((ga, gb, la, lb)) if ga + la as i64 == e.x && gb + lb as i64 == e.y);
        if !continues {
            flush(&mut changes, group.take(), base_a, base_b);
            group = Some((e.x, e.y, 0, 0));
        }
        let g = group.as_mut().expect("a group");
        if insert {
            g.3 += 1;
        } else {
            g.2 += 1;
        }
    }
    flush(&mut changes, group, base_a, base_b);
    changes
}

fn flush(changes: &mut Vec<Change>, group: Option<(i64, i64, u64, u64)>, base_a: u64, base_b: u64) {
    if let Some((x, y, la, lb)) = group {
        changes.extend(Change::between(
            base_a + x as u64,
            la,
            base_b + y as u64,
            lb,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ChangeKind, apply, is_well_formed};
    use super::*;

    fn run(a: &[u8], b: &[u8]) -> Vec<Change> {
        diff(a, b, 0, 0, 1000, &mut u64::MAX.clone()).expect("within bounds")
    }

    fn edits(changes: &[Change]) -> u64 {
        changes.iter().map(|c| c.len_a + c.len_b).sum()
    }

    #[test]
    fn finds_the_fewest_edits_of_the_paper_example() {
        // Myers' own example: ABCABBA -> CBABAC takes 5 edits.
        let (a, b) = (b"ABCABBA", b"CBABAC");
        let changes = run(a, b);
        assert_eq!(edits(&changes), 5);
        assert_eq!(apply(a, b, &changes), b);
        assert!(is_well_formed(7, 6, &changes));
    }

    #[test]
    fn one_insertion_is_one_insert() {
        let a = b"hello world";
        let b = b"hello, world";
        let changes = run(a, b);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, ChangeKind::Insert);
        assert_eq!((changes[0].a, changes[0].b, changes[0].len_b), (5, 5, 1));
    }

    #[test]
    fn adjacent_delete_and_insert_group_into_a_replace() {
        let changes = run(b"abcXYdef", b"abcZdef");
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, ChangeKind::Replace);
        assert_eq!(apply(b"abcXYdef", b"abcZdef", &changes), b"abcZdef");
    }

    #[test]
    fn an_insertion_sharing_a_byte_with_what_follows_stays_one_insert() {
        // "xbyz" inserted before "b": Myers may keep that "b" in the middle.
        for (a, b) in [
            (&b"aaab ccc"[..], &b"aaaxbyzb ccc"[..]),
            (b"aaaxbyzb ccc", b"aaab ccc"),
            (b"0123456789", b"01234a5b5c56789"),
            (b"01234a5b5c56789", b"0123456789"),
        ] {
            let changes = run(a, b);
            assert_eq!(changes.len(), 1, "{changes:?}");
            assert_eq!(apply(a, b, &changes), b);
            assert_eq!(
                edits(&changes),
                (b.len() as i64 - a.len() as i64).unsigned_abs()
            );
        }
    }

    #[test]
    fn empty_sides_are_a_pure_insert_or_delete() {
        assert_eq!(run(b"", b"").len(), 0);
        let ins = run(b"", b"abc");
        assert_eq!((ins[0].kind, ins[0].len_b), (ChangeKind::Insert, 3));
        let del = run(b"abc", b"");
        assert_eq!((del[0].kind, del[0].len_a), (ChangeKind::Delete, 3));
    }

    #[test]
    fn gives_up_past_the_edit_cap_or_the_budget() {
        let a = [1u8; 50];
        let b = [2u8; 50];
        assert!(diff(&a, &b, 0, 0, 99, &mut u64::MAX.clone()).is_none());
        assert!(diff(&a, &b, 0, 0, 100, &mut u64::MAX.clone()).is_some());
        let mut budget = 10;
        assert!(diff(&a, &b, 0, 0, 1000, &mut budget).is_none());
        assert_eq!(budget, 0);
    }
}
