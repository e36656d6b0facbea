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
}
