//! Property tests of `core::diff` against plain models: random A, B made
//! from A by a random edit script (applied through a `Document`, so B is
//! also read piece by piece), and
//! - aligned: the changes applied to A give B, in order, each with the kind
//!   its lengths give; a single insertion is found as exactly one insert;
//! - equal offsets: the differing offsets are those of a byte-by-byte loop.

use std::ops::ControlFlow;

use hexbuf::core::diff::{Change, ChangeKind, apply, diff_aligned, diff_equal, is_well_formed};
use hexbuf::core::document::Document;
use proptest::prelude::*;

fn go(_: u64) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

/// Pseudo-random bytes (splitmix64), from a seed.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A's bytes: noise, or noise over a small alphabet (long repeats and many
/// equal bytes, the hard case for alignment), or runs of one byte, or a
/// short pattern repeated (every window occurs everywhere).
fn bytes_of(kind: u8, len: usize, seed: u64) -> Vec<u8> {
    let raw = noise(len, seed);
    match kind % 4 {
        0 => raw,
        1 => raw.into_iter().map(|b| b"ab\0"[b as usize % 3]).collect(),
        2 => raw
            .chunks(97)
            .flat_map(|c| vec![c[0] & 3; c.len()])
            .collect(),
        _ => {
            let period = 1 + (seed % 16) as usize;
            (0..len).map(|i| b"0123456789abcdef"[i % period]).collect()
        }
    }
}

#[derive(Clone, Debug)]
enum Edit {
    Insert {
        at: usize,
        len: usize,
        seed: u64,
    },
    Delete {
        at: usize,
        len: usize,
    },
    Overwrite {
        at: usize,
        len: usize,
        seed: u64,
    },
    /// A copy of a stretch of the document elsewhere (a moved block).
    Copy {
        from: usize,
        len: usize,
        to: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let place = any::<usize>();
    prop_oneof![
        (place, 1..300usize, any::<u64>()).prop_map(|(at, len, seed)| Edit::Insert {
            at,
            len,
            seed
        }),
        (place, 1..300usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        (place, 1..40usize, any::<u64>()).prop_map(|(at, len, seed)| Edit::Overwrite {
            at,
            len,
            seed
        }),
        (place, 1..2000usize, place).prop_map(|(from, len, to)| Edit::Copy { from, len, to }),
    ]
}

/// B: A with the edits made through a document (offsets taken modulo its
/// length at the time).
fn edited(a: &[u8], edits: &[Edit]) -> Document {
    let mut doc = Document::from_bytes(a.to_vec());
    for e in edits {
        let n = doc.len() as usize;
        match *e {
            Edit::Insert { at, len, seed } => doc
                .insert((at % (n + 1)) as u64, &noise(len, seed))
                .unwrap(),
            Edit::Delete { at, len } if n > 0 => {
                let at = at % n;
                doc.delete(at as u64..(at + len).min(n) as u64).unwrap();
            }
            Edit::Overwrite { at, len, seed } if n > 0 => {
                let at = at % n;
                doc.overwrite(at as u64, &noise(len.min(n - at), seed))
                    .unwrap();
            }
            Edit::Copy { from, len, to } if n > 0 => {
                let from = from % n;
                let bytes = doc.read(from as u64..(from + len) as u64);
                doc.insert((to % (n + 1)) as u64, &bytes).unwrap();
            }
            _ => {}
        }
        doc.commit();
    }
    doc
}

#[track_caller]
fn check_aligned(a: &[u8], doc: &Document) -> Vec<Change> {
    let b = doc.read(0..doc.len());
    let changes = diff_aligned(a, doc, &mut go).unwrap();
    assert!(
        is_well_formed(a.len() as u64, b.len() as u64, &changes),
        "{changes:?}"
    );
    assert!(
        apply(a, &b, &changes) == b,
        "applying the changes to A does not give B"
    );
    // Never touching: touching changes would have been one.
    for w in changes.windows(2) {
        assert!(w[0].a + w[0].len_a < w[1].a || w[0].b + w[0].len_b < w[1].b);
    }
    changes
}

/// The differing offsets (and the tail) by a loop over the bytes.
fn naive_offsets(a: &[u8], b: &[u8]) -> (Vec<u64>, u64, u64) {
    let common = a.len().min(b.len());
    let offsets = (0..common)
        .filter(|&i| a[i] != b[i])
        .map(|i| i as u64)
        .collect();
    (
        offsets,
        (a.len() - common) as u64,
        (b.len() - common) as u64,
    )
}

fn equal_offsets(changes: &[Change]) -> (Vec<u64>, u64, u64) {
    let mut offsets = Vec::new();
    let (mut del, mut ins) = (0, 0);
    for c in changes {
        match c.kind {
            ChangeKind::Replace => {
                assert_eq!((c.a, c.len_a), (c.b, c.len_b), "equal offsets and lengths");
                offsets.extend(c.a_range());
            }
            ChangeKind::Delete => del = c.len_a,
            ChangeKind::Insert => ins = c.len_b,
        }
    }
    (offsets, del, ins)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn aligned_changes_turn_small_a_into_b(
        kind in any::<u8>(), len in 0..5000usize, seed in any::<u64>(),
        edits in prop::collection::vec(edit(), 0..12),
    ) {
        let a = bytes_of(kind, len, seed);
        check_aligned(&a, &edited(&a, &edits));
    }

    #[test]
    fn equal_offsets_are_those_a_byte_loop_finds(
        kind in any::<u8>(), len in 0..5000usize, seed in any::<u64>(),
        edits in prop::collection::vec(edit(), 0..12),
    ) {
        let a = bytes_of(kind, len, seed);
        let doc = edited(&a, &edits);
        let b = doc.read(0..doc.len());
        let changes = diff_equal(&a[..], &doc, &mut go).unwrap();
        prop_assert!(is_well_formed(a.len() as u64, b.len() as u64, &changes));
        prop_assert_eq!(equal_offsets(&changes), naive_offsets(&a, &b));
        // Runs are maximal: no two touch.
        for w in changes.windows(2) {
            prop_assert!(w[0].kind != ChangeKind::Replace || w[1].kind != ChangeKind::Replace
                || w[0].a + w[0].len_a < w[1].a);
        }
    }
}

proptest! {
    // Larger buffers: anchors rather than Myers alone. Fewer cases.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn aligned_changes_turn_large_a_into_b(
        kind in any::<u8>(), len in 300_000..1_500_000usize, seed in any::<u64>(),
        edits in prop::collection::vec(edit(), 0..30),
    ) {
        let a = bytes_of(kind, len, seed);
        check_aligned(&a, &edited(&a, &edits));
    }

    #[test]
    fn one_insertion_near_the_start_is_exactly_one_insert(
        len in 500_000..2_000_000usize, seed in any::<u64>(),
        at in 0..4096usize, ins_len in 1..200usize, ins_seed in any::<u64>(),
    ) {
        let a = noise(len, seed);
        let mut doc = Document::from_bytes(a.clone());
        doc.insert(at as u64, &noise(ins_len, ins_seed)).unwrap();
        let changes = check_aligned(&a, &doc);
        prop_assert_eq!(changes.len(), 1, "{:?}", changes);
        prop_assert_eq!(changes[0].kind, ChangeKind::Insert);
        prop_assert_eq!(changes[0].len_b, ins_len as u64);
    }

    #[test]
    fn one_insertion_or_deletion_in_any_data_is_exactly_one_change(
        kind in any::<u8>(), len in 1..1_500_000usize, seed in any::<u64>(),
        at in any::<usize>(), n in 1..300usize, ins_seed in any::<u64>(), delete in any::<bool>(),
    ) {
        let a = bytes_of(kind, len, seed);
        let mut doc = Document::from_bytes(a.clone());
        let at = at % len;
        if delete {
            doc.delete(at as u64..(at + n).min(len) as u64).unwrap();
        } else {
            doc.insert(at as u64, &noise(n, ins_seed)).unwrap();
        }
        let changes = check_aligned(&a, &doc);
        prop_assert_eq!(changes.len(), 1, "{:?}", changes);
        let c = changes[0];
        let kind = if delete { ChangeKind::Delete } else { ChangeKind::Insert };
        prop_assert_eq!(c.kind, kind);
        prop_assert_eq!(c.len_a + c.len_b, if delete { (at + n).min(len) - at } else { n } as u64);
    }

    #[test]
    fn scattered_insertions_are_each_one_insert(
        len in 1_000_000..3_000_000usize, seed in any::<u64>(),
        places in prop::collection::btree_set(0..1_000_000usize, 1..10),
    ) {
        let a = noise(len, seed);
        let mut doc = Document::from_bytes(a.clone());
        // From the end, so earlier offsets stay put; 100 bytes apart at least.
        let places: Vec<usize> = places.into_iter().map(|p| p / 100 * 100).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        for &p in places.iter().rev() {
            doc.insert(p as u64, &noise(37, p as u64)).unwrap();
        }
        let changes = check_aligned(&a, &doc);
        prop_assert_eq!(changes.len(), places.len(), "{:?}", changes);
        prop_assert!(changes.iter().all(|c| c.kind == ChangeKind::Insert && c.len_b == 37));
    }
}
