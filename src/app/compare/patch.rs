//! Comparing again only where the bytes changed. In the equal-offset mode,
//! when an edit kept both sizes, the differences outside the edited range
//! stay as they were: only the range (widened to whole runs of differing
//! bytes at its edges) is compared again and spliced into the list. This
//! keeps editing a large pair immediate.

use std::ops::Range;

use super::align::Span;

/// The range to compare again for an edit of `touched`: widened so that
/// a run of differing bytes overlapping or touching its edges is
/// compared again whole (runs are maximal, so they may merge).
pub fn window(spans: &[Span], touched: Range<u64>) -> Range<u64> {
    let mut w = touched;
    let i = spans.partition_point(|s| s.a + s.len_a < w.start);
    if let Some(s) = spans.get(i)
        && s.a <= w.start
    {
        w.start = s.a;
    }
    let j = spans.partition_point(|s| s.a <= w.end);
    if let Some(s) = j.checked_sub(1).map(|k| &spans[k])
        && s.a + s.len_a >= w.end
    {
        w.end = s.a + s.len_a;
    }
    w
}

/// `spans` with those inside `window` replaced by `fresh` (the runs found
/// there now, in order).
pub fn splice(spans: &[Span], window: &Range<u64>, fresh: Vec<Span>) -> Vec<Span> {
    let before = spans.partition_point(|s| s.a + s.len_a <= window.start && s.a < window.start);
    let after = spans.partition_point(|s| s.a < window.end);
    let mut out = Vec::with_capacity(before + fresh.len() + spans.len() - after);
    out.extend_from_slice(&spans[..before]);
    out.extend(fresh);
    out.extend_from_slice(&spans[after..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Maximal runs of differing bytes at equal offsets, then the tail.
    fn runs(a: &[u8], b: &[u8], range: Range<u64>) -> Vec<Span> {
        let mut out: Vec<Span> = Vec::new();
        for i in range {
            if a[i as usize] != b[i as usize] {
                match out.last_mut() {
                    Some(s) if s.a + s.len_a == i => {
                        s.len_a += 1;
                        s.len_b += 1;
                    }
                    _ => out.push(Span {
                        a: i,
                        b: i,
                        len_a: 1,
                        len_b: 1,
                    }),
                }
            }
        }
        out
    }

    proptest! {
        #[test]
        fn patching_after_an_overwrite_equals_comparing_everything_again(
            a in proptest::collection::vec(0u8..3, 1..200),
            flips in proptest::collection::vec(any::<prop::sample::Index>(), 0..30),
            at in any::<prop::sample::Index>(),
            new in proptest::collection::vec(0u8..3, 0..12),
            on_b in any::<bool>(),
        ) {
            let mut b = a.clone();
            for f in &flips {
                let i = f.index(b.len());
                b[i] = b[i].wrapping_add(1) % 3;
            }
            let n = a.len() as u64;
            let old = runs(&a, &b, 0..n);
            let start = at.index(a.len());
            let end = (start + new.len()).min(a.len());
            let (mut a2, mut b2) = (a.clone(), b.clone());
            let target = if on_b { &mut b2 } else { &mut a2 };
            target[start..end].copy_from_slice(&new[..end - start]);
            let w = window(&old, start as u64..end as u64);
            prop_assert!(w.start <= start as u64 && w.end >= end as u64);
            let fresh = runs(&a2, &b2, w.clone());
            prop_assert_eq!(splice(&old, &w, fresh), runs(&a2, &b2, 0..n));
        }
    }
}
