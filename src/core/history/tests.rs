//! Tests of the history's merging of splices and its compactness.

use super::*;
use crate::core::piece::Buf;

fn src(start: u64, len: u64) -> Piece {
    Piece {
        buf: Buf::Source(0),
        start,
        len,
    }
}

fn only_record(h: &mut History) -> (u64, u64, Vec<Piece>) {
    let t = h.pop_undo().unwrap();
    assert_eq!(t.len(), 1, "{t:?}");
    let (offset, remove, pieces) = t.get(0);
    (offset, remove, pieces.to_vec())
}

#[test]
fn a_run_of_typing_is_one_splice() {
    let mut h = History::default();
    for i in 0..100 {
        h.record(10 + i, 1, &[src(10 + i, 1)]);
    }
    h.commit();
    assert_eq!(only_record(&mut h), (10, 100, vec![src(10, 100)]));
}

#[test]
fn typing_twice_over_one_byte_keeps_the_original_byte() {
    // Two hex digits: the first nibble writes the byte, the second writes
    // it again over the first one's byte (an add piece).
    let mut h = History::default();
    h.record(5, 1, &[src(5, 1)]);
    let first = Piece {
        buf: Buf::Add,
        start: 0,
        len: 1,
    };
    h.record(5, 1, &[first]);
    h.record(6, 1, &[src(6, 1)]);
    h.commit();
    assert_eq!(only_record(&mut h), (5, 2, vec![src(5, 2)]));
}

#[test]
fn backspacing_and_inserting_merge() {
    let mut h = History::default();
    // Delete 9, then 8, then 7 (backspace); then insert two bytes there.
    for at in [9, 8, 7] {
        h.record(at, 0, &[src(at, 1)]);
    }
    h.record(7, 2, &[]);
    h.commit();
    assert_eq!(only_record(&mut h), (7, 2, vec![src(7, 3)]));
}

#[test]
fn an_overwrite_straddling_the_pending_splice_keeps_both_ends() {
    let mut h = History::default();
    h.record(10, 3, &[src(10, 1)]); // one byte replaced by three
    let mine = Piece {
        buf: Buf::Add,
        start: 0,
        len: 3,
    };
    // Overwrite 9..14: one original byte, the three new ones, one more.
    h.record(9, 5, &[src(9, 1), mine, src(11, 1)]);
    h.commit();
    assert_eq!(only_record(&mut h), (9, 5, vec![src(9, 3)]));
}

#[test]
fn apart_splices_stay_apart_and_cost_a_few_bytes_each() {
    let mut h = History::default();
    let mut at = 0u64;
    for i in 0..10_000u64 {
        at = (at + 7919 * i) % 16_000_000;
        h.record(at, 1, &[src(at, 1)]);
        if i % 100 == 99 {
            h.commit();
        }
    }
    h.commit();
    assert_eq!(h.undo_len(), 100);
    let per_edit = h.heap_bytes() as f64 / 10_000.0;
    assert!(per_edit < 16.0, "{per_edit} bytes per edit");
    let t = h.pop_undo().unwrap();
    assert_eq!(t.len(), 100);
}

#[test]
fn undo_and_redo_keep_the_saved_point() {
    let mut h = History::default();
    h.record(0, 1, &[src(0, 1)]);
    h.mark_saved();
    assert!(!h.is_modified());
    h.record(4, 1, &[src(4, 1)]);
    assert!(h.is_modified());
    let t = h.pop_undo().unwrap();
    h.push_redo(t);
    assert!(!h.is_modified());
    let t = h.pop_undo().unwrap();
    h.push_redo(t);
    assert!(h.is_modified());
    // A new edit now loses the saved state for good.
    h.record(2, 1, &[src(2, 1)]);
    h.commit();
    assert!(h.is_modified());
}
