//! The heaviest chain of matches: of matches listed in B's order, the
//! subsequence whose offsets in A increase too with the most bytes in all,
//! in O(M log M) — the longest increasing subsequence, weighted by length.
//! Overlaps in A between chosen matches are trimmed off.

use std::collections::BTreeMap;

use super::anchors::Anchor;

/// The heaviest (most bytes) subsequence of `matches` (in B's order) whose
/// offsets in A increase, with overlaps in A trimmed off.
pub(super) fn increasing(matches: Vec<Anchor>) -> Vec<Anchor> {
    // Best chains by their last offset in A: weights increase with the key,
    // so the best chain to extend is the entry just below.
    let mut best: BTreeMap<u64, (u64, usize)> = BTreeMap::new();
    let mut parent = vec![usize::MAX; matches.len()];
    for (i, m) in matches.iter().enumerate() {
        let (w0, p) = best
            .range(..m.a)
            .next_back()
            .map_or((0, usize::MAX), |(_, &v)| v);
        let w = w0 + m.len;
        parent[i] = p;
        if best
            .range(..=m.a)
            .next_back()
            .is_some_and(|(_, &(bw, _))| bw >= w)
        {
            continue;
        }
        best.insert(m.a, (w, i));
        let beaten: Vec<u64> = best
            .range(m.a + 1..)
            .take_while(|&(_, &(bw, _))| bw <= w)
            .map(|(&k, _)| k)
            .collect();
        for k in beaten {
            best.remove(&k);
        }
    }
    let mut chain = Vec::new();
    let mut at = best.values().next_back().map_or(usize::MAX, |&(_, i)| i);
    while at != usize::MAX {
        chain.push(matches[at]);
        at = parent[at];
    }
    chain.reverse();
    let mut kept: Vec<Anchor> = Vec::with_capacity(chain.len());
    for mut m in chain {
        if let Some(p) = kept.last() {
            let overlap = (p.a + p.len).saturating_sub(m.a);
            if overlap >= m.len {
                continue;
            }
            m.a += overlap;
            m.b += overlap;
            m.len -= overlap;
        }
        kept.push(m);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(a: u64, b: u64, len: u64) -> Anchor {
        Anchor { a, b, len }
    }

    /// Every subsequence tried: the heaviest increasing one's weight.
    fn brute_weight(ms: &[Anchor]) -> u64 {
        (0u32..1 << ms.len())
            .filter_map(|mask| {
                let pick: Vec<&Anchor> = (0..ms.len())
                    .filter(|i| mask >> i & 1 == 1)
                    .map(|i| &ms[i])
                    .collect();
                pick.windows(2)
                    .all(|w| w[0].a < w[1].a)
                    .then(|| pick.iter().map(|x| x.len).sum())
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn keeps_the_heaviest_increasing_chain() {
        // A long match out of order beats two short ones in order.
        let ms = [m(100, 0, 10), m(0, 20, 500), m(600, 600, 10)];
        assert_eq!(increasing(ms.to_vec()), [m(0, 20, 500), m(600, 600, 10)]);
        let mut x = 12345u64;
        for _ in 0..200 {
            let ms: Vec<Anchor> = (0..10)
                .map(|i| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    m((x >> 33) % 50 * 100, i * 100, 1 + (x >> 20) % 30)
                })
                .collect();
            let kept = increasing(ms.clone());
            assert!(
                kept.windows(2)
                    .all(|w| w[0].a + w[0].len <= w[1].a && w[0].b < w[1].b)
            );
            assert_eq!(
                kept.iter().map(|k| k.len).sum::<u64>(),
                brute_weight(&ms),
                "{ms:?}"
            );
        }
    }

    #[test]
    fn overlaps_in_a_are_trimmed() {
        let kept = increasing(vec![m(0, 0, 100), m(50, 200, 100), m(60, 400, 30)]);
        assert_eq!(kept, [m(0, 0, 100), m(100, 250, 50)]);
    }
}
