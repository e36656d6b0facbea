use std::ops::ControlFlow;

use proptest::prelude::*;

use super::*;
use crate::core::document::Document;

/// The textbook formula, −Σ p·log2(p), counted byte by byte.
fn naive(bytes: &[u8]) -> f64 {
    let mut counts = [0usize; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

fn go(_: u64) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

fn hist(bytes: &[u8]) -> Histogram {
    let mut h = Histogram::default();
    h.add(bytes);
    h
}

/// Bytes that look random (xorshift), reproducibly.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn known_values() {
    assert_eq!(hist(&[]).entropy(), 0.0);
    assert_eq!(hist(&[7; 1000]).entropy(), 0.0);
    let all: Vec<u8> = (0..=255).collect();
    assert!((hist(&all).entropy() - 8.0).abs() < 1e-12);
    let uniform: Vec<u8> = (0..=255).cycle().take(256 * 40).collect();
    assert!((hist(&uniform).entropy() - 8.0).abs() < 1e-12);
    // Two values equally often: one bit.
    assert!((hist(&[0, 1, 0, 1]).entropy() - 1.0).abs() < 1e-12);
    // Four values equally often: two bits.
    assert!((hist(b"abcdabcd").entropy() - 2.0).abs() < 1e-12);
}

#[test]
fn top_lists_the_most_frequent_first() {
    let h = hist(b"aaabbc");
    assert_eq!(h.top(2), vec![(b'a', 3), (b'b', 2)]);
    assert_eq!(h.top(10).len(), 3);
    assert_eq!(h.total(), 6);
}

#[test]
fn block_sizes_keep_the_block_count_bounded() {
    assert_eq!(block_size_for(0), MIN_BLOCK);
    assert_eq!(block_size_for(100), MIN_BLOCK);
    for len in [1u64 << 20, 1 << 30, (1 << 30) + 1, 5 << 40] {
        let b = block_size_for(len);
        assert!(b.is_power_of_two());
        assert!(len.div_ceil(b) <= MAX_BLOCKS, "{len}");
    }
}

/// Zeros, random bytes, zeros: low, high, low in the blocks and cells.
#[test]
fn a_random_middle_between_zeros_is_high_between_lows() {
    let mut bytes = vec![0u8; 1 << 20];
    bytes.extend(noise(1 << 20, 9));
    bytes.extend(vec![0u8; 1 << 20]);
    let doc = Document::from_bytes(bytes.clone());
    let map = EntropyMap::compute(doc.content(), None, None, &mut go).unwrap();
    assert_eq!(map.blocks.len() as u64, (3u64 << 20).div_ceil(map.block));
    for (i, &e) in map.blocks.iter().enumerate() {
        let r = i * map.block as usize..((i + 1) * map.block as usize).min(bytes.len());
        assert!((e as f64 - naive(&bytes[r])).abs() < 1e-4, "block {i}");
    }
    let cells = map.cells(30);
    let bands: Vec<Band> = cells.iter().map(|&c| Band::of(c)).collect();
    assert!(bands[..10].iter().all(|&b| b == Band::Low), "{cells:?}");
    assert!(bands[10..20].iter().all(|&b| b == Band::High), "{cells:?}");
    assert!(bands[20..].iter().all(|&b| b == Band::Low), "{cells:?}");
    // The boundaries are where the random bytes start and end.
    assert_eq!(map.boundary(0, true), Some(1 << 20));
    assert_eq!(map.boundary(1 << 20, true), Some(2 << 20));
    assert_eq!(map.boundary(2 << 20, true), None);
    assert_eq!(map.boundary((2 << 20) + 5, false), Some(2 << 20));
    assert_eq!(map.boundary(2 << 20, false), Some(1 << 20));
    assert_eq!(map.boundary(0, false), None);
}

#[test]
fn cells_map_offsets_both_ways() {
    let map = EntropyMap {
        block: MIN_BLOCK,
        len: 1000,
        blocks: vec![3.0],
    };
    for cells in [1usize, 7, 30, 2000] {
        for i in 0..cells {
            let r = map.cell_range(i, cells);
            if !r.is_empty() {
                assert_eq!(map.cell_of(r.start, cells), i);
                assert_eq!(map.cell_of(r.end - 1, cells), i);
            }
        }
        assert!(map.cells(cells).iter().all(|&c| c == 3.0));
    }
}

#[test]
fn cancelling_stops_the_count() {
    let doc = Document::from_bytes(vec![1; 1 << 20]);
    let mut stop = |_| ControlFlow::Break(());
    assert!(EntropyMap::compute(doc.content(), None, None, &mut stop).is_none());
    assert!(histogram_range(doc.content(), 0..100, &mut stop).is_none());
}

proptest! {
    #[test]
    fn entropy_matches_the_naive_formula(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let h = hist(&bytes);
        let mut counts = [0u64; 256];
        for &b in &bytes {
            counts[b as usize] += 1;
        }
        prop_assert_eq!(h.counts, counts);
        prop_assert!((h.entropy() - naive(&bytes)).abs() < 1e-9);
        prop_assert!((0.0..=8.0).contains(&h.entropy()));
    }

    /// After edits, recounting only the dirty blocks gives what counting
    /// everything again gives, and both match the naive formula.
    #[test]
    fn recounting_dirty_blocks_equals_a_full_count(
        seed in any::<u64>(),
        edits in proptest::collection::vec((0u64..40_000, 0u8..3, any::<u8>(), 1usize..9000), 1..6),
    ) {
        let mut doc = Document::from_bytes(noise(30_000, seed).iter().map(|b| b & 0x0f).collect());
        let old = doc.snapshot();
        let map = EntropyMap::compute(&old, None, None, &mut go).unwrap();
        for (at, kind, byte, n) in edits {
            let at = at.min(doc.len());
            let fill = vec![byte; n];
            match kind {
                0 => doc.overwrite(at, &fill).unwrap(),
                1 => doc.insert(at, &fill).unwrap(),
                _ => doc.delete(at..(at + n as u64).min(doc.len())).unwrap(),
            }
            doc.commit();
        }
        let new = doc.snapshot();
        let dirty = dirty_blocks(&map, &old, &new);
        let partial = EntropyMap::compute(&new, Some(&map), Some(&dirty), &mut go).unwrap();
        let full = EntropyMap::compute(&new, None, None, &mut go).unwrap();
        prop_assert_eq!(&partial, &full);
        let bytes = new.read(0..new.len());
        for (i, &e) in full.blocks.iter().enumerate() {
            let r = i * full.block as usize..((i + 1) * full.block as usize).min(bytes.len());
            prop_assert!((e as f64 - naive(&bytes[r])).abs() < 1e-4);
        }
        let all = histogram_range(&new, 0..new.len(), &mut go).unwrap();
        prop_assert!((all.entropy() - naive(&bytes)).abs() < 1e-9);
    }

    /// The blocks marked dirty hold every block whose bytes differ (or
    /// whose length changed), and none that the pieces under it (compared
    /// block by block, as the first version did) show unchanged.
    #[test]
    fn dirty_blocks_are_the_changed_ones(
        seed in any::<u64>(),
        edits in proptest::collection::vec((0u64..70_000, 0u8..3, any::<u8>(), 1usize..3000), 1..40),
    ) {
        // Pieces of a few bytes, as after many scattered edits.
        let mut doc = Document::from_bytes(noise(64 << 10, seed));
        for i in 0..2_000u64 {
            doc.overwrite((i * 7919) % (64 << 10), &[i as u8]).unwrap();
        }
        doc.commit();
        let old = doc.snapshot();
        let map = EntropyMap::compute(&old, None, None, &mut go).unwrap();
        for (at, kind, byte, n) in edits {
            let at = at.min(doc.len());
            match kind {
                0 => doc.overwrite(at, &vec![byte; n.min(4)]).unwrap(),
                1 => doc.insert(at, &vec![byte; n]).unwrap(),
                _ => doc.delete(at..(at + n as u64).min(doc.len())).unwrap(),
            }
        }
        doc.commit();
        let new = doc.snapshot();
        let dirty = dirty_blocks(&map, &old, &new);
        prop_assert!(dirty.windows(2).all(|w| w[0] < w[1]), "in order, once each");
        let (a, b) = (old.read(0..old.len()), new.read(0..new.len()));
        let block = map.block as usize;
        for i in 0..b.len().div_ceil(block) {
            let r = i * block..((i + 1) * block).min(b.len());
            let before = a.get(i * block..((i + 1) * block).min(a.len()));
            if before != Some(&b[r]) {
                prop_assert!(dirty.contains(&(i as u64)), "block {} changed", i);
            }
            let pieces = |s: &Snapshot| {
                let r = (i * block) as u64..(((i + 1) * block) as u64).min(s.len());
                let mut out = Vec::new();
                let _ = s.tree.visit(r.clone(), &mut |at, p| {
                    let from = r.start.saturating_sub(at);
                    let to = (r.end - at).min(p.len);
                    out.push((at + from, p.skip(from).take(to - from)));
                    ControlFlow::Continue(())
                });
                out
            };
            if i < map.blocks.len() && pieces(&old) == pieces(&new) {
                prop_assert!(!dirty.contains(&(i as u64)), "block {} unchanged", i);
            }
        }
    }
}

/// One edit among a million-piece document marks only its block, and
/// reads only the leaves it touched (a whole walk took 26 ms a key).
#[test]
fn one_edit_among_many_pieces_marks_its_block_alone() {
    let mut doc = Document::from_bytes(noise(16 << 20, 3));
    for i in 0..200_000u64 {
        doc.overwrite((i * 7919 * 13) % (16 << 20), &[i as u8])
            .unwrap();
    }
    doc.commit();
    let old = doc.snapshot();
    let map = EntropyMap::compute(&old, None, None, &mut go).unwrap();
    doc.overwrite(5 << 20, b"an edit").unwrap();
    doc.commit();
    let new = doc.snapshot();
    assert_eq!(dirty_blocks(&map, &old, &new), [(5 << 20) / map.block]);
    let mut reported = 0;
    new.tree
        .changed_since(&old.tree, &mut |r| reported += r.end - r.start);
    assert_eq!(reported, 7, "exactly the bytes written");
}
