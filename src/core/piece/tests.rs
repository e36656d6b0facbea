//! Tests of the piece tree: small cases by hand, and random splices
//! checked against a plain vector of bytes with the tree's invariants
//! checked after each one.

use std::ops::ControlFlow;

use proptest::prelude::*;

use super::node::check;
use super::*;

fn src(start: u64, len: u64) -> Piece {
    Piece {
        buf: Buf::Source(0),
        start,
        len,
    }
}

fn add(start: u64, len: u64) -> Piece {
    Piece {
        buf: Buf::Add,
        start,
        len,
    }
}

#[test]
fn splice_in_the_middle_cuts_one_piece_in_two() {
    let mut t = PieceTree::from_pieces([src(0, 10)]);
    let removed = t.splice(3..5, &[add(0, 2)]);
    assert_eq!(removed, vec![src(3, 2)]);
    assert_eq!(t.pieces(), vec![src(0, 3), add(0, 2), src(5, 5)]);
    assert_eq!(t.len(), 10);
}

#[test]
fn contiguous_appends_coalesce_into_one_piece() {
    let mut t = PieceTree::default();
    for i in 0..100 {
        t.splice(i..i, &[add(i, 1)]);
    }
    assert_eq!(t.piece_count(), 1);
    assert_eq!(t.len(), 100);
}

#[test]
fn restoring_a_cut_joins_the_pieces_again() {
    let mut t = PieceTree::from_pieces([src(0, 10)]);
    let old = t.splice(4..5, &[add(0, 1)]);
    assert_eq!(t.piece_count(), 3);
    t.splice(4..5, &old);
    assert_eq!(t.pieces(), vec![src(0, 10)]);
}

#[test]
fn add_pieces_do_not_join_across_a_chunk_boundary() {
    let edge = 1 << ADD_CHUNK_BITS;
    let mut t = PieceTree::from_pieces([add(edge - 2, 2)]);
    t.splice(2..2, &[add(edge, 3)]);
    assert_eq!(t.piece_count(), 2);
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
fn a_million_pieces_build_shallow_and_drop() {
    let t = PieceTree::from_pieces((0..1_000_000).map(|i| src(i * 2, 1)));
    assert_eq!(t.piece_count(), 1_000_000);
    assert!(check(&t.root, true) <= 5);
    drop(t);
}

#[test]
fn a_clone_is_a_snapshot_unchanged_by_later_edits() {
    let mut t = PieceTree::from_pieces((0..10_000).map(|i| src(i * 2, 1)));
    let snap = t.clone();
    let before = snap.pieces();
    for i in 0..1000 {
        t.splice(i * 7..i * 7 + 1, &[add(i, 1)]);
    }
    t.splice(100..5000, &[]);
    assert_eq!(snap.pieces(), before);
    check(&snap.root, true);
    check(&t.root, true);
    // The snapshot is readable from another thread while `t` is edited.
    let reader = std::thread::spawn(move || snap.len());
    t.splice(0..1, &[]);
    assert_eq!(reader.join().unwrap(), 10_000);
}

#[test]
fn splice_sorted_matches_one_splice_at_a_time() {
    let pieces: Vec<Piece> = (0..500).map(|i| src(i * 3, 2)).collect();
    let mut bulk = PieceTree::from_pieces(pieces.clone());
    let mut single = PieceTree::from_pieces(pieces);
    let r = [add(0, 3)];
    let edits: Vec<(Range<u64>, &[Piece])> = (0..100)
        .map(|i| (i * 9 + 1..i * 9 + 3 + i % 3, &r[..]))
        .chain([(1000..1000, &r[..])])
        .collect();
    let mut removed = vec![];
    let mut ends = vec![];
    bulk.splice_sorted(edits.iter().cloned(), |gone| {
        removed.extend_from_slice(gone);
        ends.push(removed.len());
    });
    // One at a time, from the last, so the offsets hold.
    let mut want = vec![];
    let mut want_lens = vec![];
    for (range, new) in edits.iter().rev() {
        let mut old = single.splice(range.clone(), new);
        want_lens.push(old.iter().map(|p| p.len).sum::<u64>());
        old.append(&mut want);
        want = old;
    }
    want_lens.reverse();
    assert_eq!(bulk.pieces(), single.pieces());
    assert_eq!(expand(&removed), expand(&want));
    let mut from = 0;
    let lens: Vec<u64> = ends
        .iter()
        .map(|&end| {
            let n = removed[from..end].iter().map(|p| p.len).sum();
            from = end;
            n
        })
        .collect();
    assert_eq!(lens, want_lens);
    check(&bulk.root, true);
}

/// The bytes a list of pieces stands for, each byte named by its buffer
/// and position so that any misplaced piece shows.
fn expand(pieces: &[Piece]) -> Vec<(u32, u64)> {
    let mut out = vec![];
    for p in pieces {
        let id = match p.buf {
            Buf::Add => 0,
            Buf::Source(i) => 1 + i,
            Buf::Pattern(i) => 1000 + i,
            Buf::Inline => {
                let word = p.start.to_le_bytes();
                out.extend(word[..p.len as usize].iter().map(|&b| (2000, u64::from(b))));
                continue;
            }
        };
        out.extend((p.start..p.end()).map(|b| (id, b)));
    }
    out
}

#[derive(Clone, Debug)]
enum Op {
    Splice(prop::sample::Index, usize, Vec<u64>),
    Snapshot,
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let op = prop_oneof![
        8 => (any::<prop::sample::Index>(), prop_oneof![4 => 0usize..40, 1 => 0usize..3000], prop::collection::vec(1u64..5, 0..40))
            .prop_map(|(i, n, lens)| Op::Splice(i, n, lens)),
        1 => Just(Op::Snapshot),
    ];
    prop::collection::vec(op, 1..300)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random splices agree with the same splices on a vector, keep the
    /// tree balanced, and leave earlier snapshots as they were.
    #[test]
    fn splices_agree_with_a_vector(ops in ops(), initial in prop_oneof![0u64..40, 0u64..4000]) {
        let mut tree = PieceTree::from_pieces((0..initial).map(|i| src(i * 5, 3)));
        let mut model = expand(&tree.pieces());
        let mut next_add = 0;
        let mut snaps = vec![];
        for op in ops {
            match op {
                Op::Splice(at, n, lens) => {
                    let len = model.len();
                    let at = at.index(len + 1);
                    let end = (at + n).min(len);
                    let new: Vec<Piece> = lens
                        .iter()
                        .map(|&l| {
                            next_add += l + 1;
                            add(next_add - l, l)
                        })
                        .collect();
                    let removed = tree.splice(at as u64..end as u64, &new);
                    let gone: Vec<_> = model.splice(at..end, expand(&new)).collect();
                    prop_assert_eq!(expand(&removed), gone);
                }
                Op::Snapshot => snaps.push((tree.clone(), model.clone())),
            }
            prop_assert_eq!(tree.len(), model.len() as u64);
            prop_assert_eq!(tree.piece_count(), tree.pieces().len() as u64);
            prop_assert_eq!(expand(&tree.pieces()), model.clone());
            check(&tree.root, true);
        }
        for (snap, model) in snaps {
            prop_assert_eq!(expand(&snap.pieces()), model);
        }
    }
}

#[test]
fn pieces_longer_than_four_gib_are_stored_in_parts() {
    let mut t = PieceTree::from_pieces([src(0, 10 << 30)]);
    assert_eq!(t.len(), 10 << 30);
    assert_eq!(t.piece_count(), 3);
    let removed = t.splice(1..(9 << 30), &[add(0, 1)]);
    assert_eq!(removed.iter().map(|p| p.len).sum::<u64>(), (9 << 30) - 1);
    assert_eq!(t.len(), (1 << 30) + 2);
    t.splice(1..2, &removed);
    assert_eq!(t.len(), 10 << 30);
    let mut pos = 0;
    for p in t.pieces() {
        assert_eq!(p.start, pos, "the parts follow each other");
        pos = p.end();
    }
    check(&t.root, true);
}
