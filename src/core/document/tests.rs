//! Tests of the document: edits read back, undo and redo, the changes
//! list, fills, replace-all and snapshots.

use super::rebase::detach_piece;
use super::*;
use crate::core::buffers::AddBuffer;

#[test]
fn overwrite_insert_delete_read_back() {
    let mut d = Document::from_bytes(b"hello world".to_vec());
    d.overwrite(0, b"J").unwrap();
    d.insert(5, b",").unwrap();
    d.delete(6..7).unwrap();
    assert_eq!(d.read(0..100), b"Jello,world");
    assert_eq!(d.len(), 11);
}

#[test]
fn overwrite_past_the_end_appends() {
    let mut d = Document::from_bytes(b"ab".to_vec());
    d.overwrite(1, b"xyz").unwrap();
    assert_eq!(d.read(0..10), b"axyz");
    d.overwrite(4, b"!").unwrap();
    assert_eq!(d.read(0..10), b"axyz!");
    assert_eq!(
        d.overwrite(9, b"?"),
        Err(EditError::PastEnd { offset: 9, len: 5 })
    );
}

#[test]
fn undo_restores_original_after_insert_and_redo_reapplies() {
    let mut d = Document::from_bytes(b"abc".to_vec());
    d.insert(1, b"XY").unwrap();
    d.commit();
    assert!(d.is_modified());
    assert_eq!(d.undo(), Some(1..1));
    assert_eq!(d.read(0..10), b"abc");
    assert!(!d.is_modified());
    assert_eq!(d.redo(), Some(1..3));
    assert_eq!(d.read(0..10), b"aXYbc");
}

#[test]
fn a_run_of_edits_before_commit_undoes_at_once() {
    let mut d = Document::from_bytes(vec![0; 8]);
    for (i, b) in b"Robin".iter().enumerate() {
        d.overwrite(i as u64, &[*b]).unwrap();
    }
    d.commit();
    d.overwrite(7, b"!").unwrap();
    d.undo();
    assert_eq!(d.read(0..8), b"Robin\0\0\0");
    d.undo();
    assert_eq!(d.read(0..8), [0; 8]);
    assert!(d.undo().is_none());
}

#[test]
fn changed_ranges_list_edits_in_order() {
    let mut d = Document::from_bytes(vec![0; 100]);
    d.overwrite(10, b"ab").unwrap();
    d.overwrite(50, b"c").unwrap();
    assert_eq!(d.changed_ranges(), vec![10..12, 50..51]);
    assert_eq!(d.changed_in(11..60), vec![11..12, 50..51]);
    d.insert(0, b"z").unwrap();
    // Everything after an insert has moved.
    assert_eq!(d.changed_ranges(), vec![0..101]);
}

#[test]
fn editing_after_undo_past_the_save_point_stays_modified() {
    let mut d = Document::from_bytes(b"abc".to_vec());
    d.overwrite(0, b"x").unwrap();
    d.commit();
    d.undo();
    assert!(!d.is_modified());
    d.overwrite(0, b"x").unwrap();
    d.commit();
    assert!(d.is_modified());
}

#[test]
fn changes_pair_new_bytes_with_the_old_ones() {
    let mut d = Document::from_bytes(b"0123456789".to_vec());
    d.overwrite(1, b"ab").unwrap();
    d.insert(5, b"XYZ").unwrap();
    d.delete(10..12).unwrap();
    assert_eq!(d.read(0..20), b"0ab34XYZ569");
    let c = d.changes();
    assert_eq!(
        &c[..],
        vec![
            ChangeSummary {
                offset: 1,
                new_len: 2,
                old: 1..3
            },
            ChangeSummary {
                offset: 5,
                new_len: 3,
                old: 5..5
            },
            ChangeSummary {
                offset: 10,
                new_len: 0,
                old: 7..9
            },
        ]
    );
    assert_eq!(d.old_bytes(&c[0], 10), b"12");
    d.revert(&c[1]);
    assert_eq!(d.read(0..20), b"0ab34569");
    d.undo();
    assert_eq!(d.read(0..20), b"0ab34XYZ569");
    let tail = Document::from_bytes(b"abc".to_vec());
    assert!(tail.changes().is_empty());
}

#[test]
fn changes_at_the_end_and_truncation() {
    let mut d = Document::from_bytes(b"abc".to_vec());
    d.delete(1..3).unwrap();
    assert_eq!(
        &d.changes()[..],
        vec![ChangeSummary {
            offset: 1,
            new_len: 0,
            old: 1..3
        }]
    );
    d.insert(1, b"zz").unwrap();
    assert_eq!(
        &d.changes()[..],
        vec![ChangeSummary {
            offset: 1,
            new_len: 2,
            old: 1..3
        }]
    );
}

#[test]
fn splices_let_offsets_follow_edits() {
    let mut d = Document::from_bytes(vec![0; 100]);
    d.take_splices();
    d.insert(10, b"abcd").unwrap();
    d.delete(50..60).unwrap();
    let mut mark = 70u64;
    let mut inside = 55u64;
    for s in d.take_splices() {
        mark = s.map(mark);
        inside = s.map(inside);
    }
    assert_eq!(mark, 64);
    assert_eq!(inside, 50);
    d.undo();
    assert_eq!(d.take_splices().len(), 2);
}

#[test]
fn detach_copies_only_the_needed_parts() {
    let src = &Source::from_vec(b"0123456789".to_vec());
    let mut add = AddBuffer::default();
    let mut out = Vec::new();
    let p = Piece {
        buf: Buf::Source(0),
        start: 2,
        len: 6,
    };
    detach_piece(p, &[0..3, 5..6, 9..10], src, &mut add, &mut out);
    assert_eq!(add.get(0, 1), b"2");
    assert_eq!(add.get(1, 1), b"5");
    let lens: Vec<_> = out.iter().map(|p| (p.buf, p.len)).collect();
    assert_eq!(
        lens,
        vec![
            (Buf::Add, 1),
            (Buf::Source(0), 2),
            (Buf::Add, 1),
            (Buf::Source(0), 2)
        ]
    );
}

#[test]
fn a_fill_of_four_gib_is_one_piece_and_reads_its_pattern() {
    let mut d = Document::new(Source::zeroed(4 << 30, None).unwrap());
    let before = d.heap_bytes();
    d.fill(3..(4 << 30) - 1, b"\xde\xad\xbe").unwrap();
    d.commit();
    assert!(
        d.heap_bytes() - before < 4096,
        "{} bytes",
        d.heap_bytes() - before
    );
    assert_eq!(d.read(0..8), b"\0\0\0\xde\xad\xbe\xde\xad");
    let end = 4u64 << 30;
    // 4 GiB - 4 bytes of pattern end at phase (2^32 - 4) % 3 == 0.
    assert_eq!(d.read(end - 5..end), b"\xbe\xde\xad\xbe\0");
    let mut total = 0u64;
    let _ = d.for_each_slice(0..end, |_, s| {
        total += s.len() as u64;
        ControlFlow::Continue(())
    });
    assert_eq!(total, end);
    d.undo();
    assert_eq!(d.read(0..8), [0; 8]);
    assert_eq!(d.fill(0..1, b""), Err(EditError::EmptyPattern));
}

#[test]
fn replace_all_is_one_step_sharing_one_copy_of_the_replacement() {
    let original: Vec<u8> = b"ab.".repeat(10_000);
    let mut d = Document::from_bytes(original.clone());
    let matches: Vec<u64> = (0..10_000).map(|i| i * 3).collect();
    assert_eq!(d.replace_all(&matches, 2, b"XYZ").unwrap(), 10_000);
    let want = b"XYZ.".repeat(10_000);
    assert_eq!(d.read(0..u64::MAX), want);
    assert!(d.content.add.heap_bytes() < 64, "one copy of XYZ");
    assert_eq!(d.history().undo_len(), 1);
    d.undo();
    assert_eq!(d.read(0..u64::MAX), original);
    assert_eq!(d.content.tree.piece_count(), 1, "the cuts join again");
    d.redo();
    assert_eq!(d.read(0..u64::MAX), want);
    // Overlapping matches: the later one is skipped.
    let mut d = Document::from_bytes(b"aaaa".to_vec());
    assert_eq!(d.replace_all(&[0, 1, 2], 2, b"b").unwrap(), 2);
    assert_eq!(d.read(0..10), b"bb");
    assert_eq!(
        d.replace_all(&[1], 5, b"b"),
        Err(EditError::PastEnd { offset: 6, len: 2 })
    );
}

#[test]
fn a_snapshot_reads_the_old_bytes_on_another_thread_while_editing_goes_on() {
    fn send_and_sync<T: Send + Sync>(_: &T) {}
    let mut d = Document::from_bytes((0..=255u8).cycle().take(1 << 20).collect());
    for i in 0..1000u64 {
        d.overwrite(i * 997, b"x").unwrap();
    }
    let snap = d.snapshot();
    send_and_sync(&snap);
    let want = d.read(0..u64::MAX);
    let reader = std::thread::spawn(move || snap.read(0..u64::MAX));
    for i in 0..1000u64 {
        d.insert(i * 13, b"yy").unwrap();
        d.fill(i * 31..i * 31 + 7, b"z").unwrap();
    }
    d.delete(0..1000).unwrap();
    assert_eq!(reader.join().unwrap(), want);
    assert_ne!(d.read(0..u64::MAX), want);
}

#[test]
fn the_changes_list_is_computed_once_per_version() {
    let mut d = Document::from_bytes(vec![0; 100]);
    d.overwrite(10, b"a").unwrap();
    let first = d.changes();
    assert!(Arc::ptr_eq(&first, &d.changes()), "cached");
    let v = d.version();
    d.overwrite(20, b"b").unwrap();
    assert!(d.version() > v);
    assert_eq!(d.changes().len(), 2);
    d.undo();
    assert_eq!(d.changes().len(), 0);
}

#[test]
fn scattered_one_byte_edits_cost_under_64_bytes_each_with_history() {
    let mut d = Document::from_bytes(vec![0; 1 << 20]);
    let before = d.heap_bytes();
    let mut at = 0u64;
    for i in 0..100_000u64 {
        at = (at + 0x9e37_79b9) % (1 << 20);
        d.overwrite(at, &[i as u8]).unwrap();
        if i % 100 == 99 {
            d.commit();
        }
    }
    let per_edit = (d.heap_bytes() - before) as f64 / 100_000.0;
    assert!(per_edit <= 64.0, "{per_edit:.1} bytes per edit");
}

#[test]
fn retyping_a_byte_keeps_the_run_one_piece_and_spares_snapshots() {
    let mut d = Document::from_bytes(vec![0; 16]);
    d.overwrite(4, b"\x10").unwrap();
    d.overwrite(4, b"\x12").unwrap();
    d.overwrite(5, b"\x30").unwrap();
    assert_eq!(
        d.content.tree.piece_count(),
        3,
        "zeros, the typed run, zeros"
    );
    let snap = d.snapshot();
    d.overwrite(5, b"\x34").unwrap();
    assert_eq!(snap.read(4..6), b"\x12\x30");
    assert_eq!(d.read(4..6), b"\x12\x34");
    d.commit();
    d.undo();
    assert_eq!(d.read(0..16), [0; 16]);
    d.redo();
    assert_eq!(d.read(4..6), b"\x12\x34");
}
