//! The aligned comparison: replacements, insertions and deletions that
//! turn A into B.
//!
//! A region of A against a region of B: the bytes they start and end with
//! in common are trimmed off; what is left is compared with Myers' O(ND)
//! algorithm when it is short, otherwise cut at anchors (stretches found
//! in both, see [`super::anchors`]) into shorter regions, each handled the
//! same way. Every step is bounded: a region that Myers cannot finish
//! within its limits, or that has no anchors, is compared at equal offsets
//! if that leaves at most half its bytes differing, else reported as one
//! replacement — still correct, only coarser.

use std::ops::{ControlFlow, Range};

use super::anchors::{self, Found, Level};
use super::compact::compact_until;
use super::equal::diff_runs;
use super::extend::{Scratch, common_prefix, common_suffix};
use super::source::ByteSource;
use super::{Cancelled, Change, myers};
use crate::core::search::Progress;

/// Regions with at most this many bytes (both sides) go to Myers directly.
const MYERS_MAX: u64 = 256 << 10;
/// The most edits Myers may find in one region (its trace is O(D²)).
const MYERS_MAX_D: usize = 1024;
/// Byte comparisons Myers may spend over a whole comparison.
const MYERS_BUDGET: u64 = 400_000_000;
/// Anchor searches may read A and B this many times over in all (the
/// levels of gaps, searches that go on after their limit of matches)
/// before the regions left are compared coarsely: a bound on time.
const SEARCH_ROUNDS: u64 = 8;

/// The changes that turn A into B: each a `Replace`, `Insert` or `Delete`
/// with its offsets in both, in increasing order, never touching one
/// another. Applying them to A (see [`super::apply`]) gives B exactly.
///
/// Near-linear when A and B share most of their bytes; on files that share
/// nothing it still ends in bounded time and memory (a few tens of MiB
/// beyond what it reads), with coarser changes.
///
/// `progress` is called now and then with how far the work has got, out
/// of `b.len()`, increasing, ending with `b.len()`: the search for changes
/// counts as the first nine tenths (an offset in B up to which it has got,
/// scaled), merging them as the last tenth. A `Break` cancels.
pub fn diff_aligned<A, B>(a: &A, b: &B, progress: Progress<'_>) -> Result<Vec<Change>, Cancelled>
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    let mut run = Run {
        a,
        b,
        progress,
        reported: 0,
        budget: MYERS_BUDGET,
        search_budget: SEARCH_ROUNDS * (a.len() + b.len()) + (64 << 20),
        scratch: Scratch::default(),
        changes: Vec::new(),
    };
    run.region(0..a.len(), 0..b.len(), Level::Top)?;
    run.tick(b.len()).map_err(|()| Cancelled)?;
    // Merging may read A and B several times over: still cancellable, and
    // its share of the progress moves.
    let progress = run.progress;
    let searched = search_share(b.len(), b.len());
    let changes = compact_until(
        join_touching(run.changes),
        &mut |r| read(a, r),
        &mut |r| read(b, r),
        &mut |done, total| {
            let merged =
                (u128::from(b.len() - searched) * done as u128 / total.max(1) as u128) as u64;
            progress(searched + merged).is_break()
        },
    )
    .ok_or(Cancelled)?;
    if progress(b.len()).is_break() {
        return Err(Cancelled);
    }
    Ok(join_touching(changes))
}

/// The progress an offset `at` in B stands for while changes are searched
/// for: nine tenths of the way.
fn search_share(at: u64, len: u64) -> u64 {
    (u128::from(at.min(len)) * 9 / 10) as u64
}

struct Run<'p, 's, A: ?Sized, B: ?Sized> {
    a: &'s A,
    b: &'s B,
    progress: Progress<'p>,
    /// The highest offset reported, so reports never go back.
    reported: u64,
    budget: u64,
    /// Bytes the anchor searches may still read (each reads its region).
    search_budget: u64,
    scratch: Scratch,
    changes: Vec<Change>,
}

impl<A: ByteSource + ?Sized, B: ByteSource + ?Sized> Run<'_, '_, A, B> {
    fn tick(&mut self, at: u64) -> Result<(), ()> {
        self.reported = self.reported.max(at);
        match (self.progress)(search_share(self.reported, self.b.len())) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(()) => Err(()),
        }
    }

    fn region(&mut self, ra: Range<u64>, rb: Range<u64>, level: Level) -> Result<(), Cancelled> {
        self.tick(rb.start).map_err(|()| Cancelled)?;
        let s = &mut self.scratch;
        let head = common_prefix(self.a, self.b, ra.clone(), rb.clone(), s);
        let (ra, rb) = (ra.start + head..ra.end, rb.start + head..rb.end);
        let tail = common_suffix(self.a, self.b, ra.clone(), rb.clone(), s);
        let (mut ra, mut rb) = (ra.start..ra.end - tail, rb.start..rb.end - tail);
        let (len_a, len_b) = (ra.end - ra.start, rb.end - rb.start);
        if len_a == 0 || len_b == 0 {
            self.changes
                .extend(Change::between(ra.start, len_a, rb.start, len_b));
            return Ok(());
        }
        if len_a + len_b <= MYERS_MAX {
            let (sa, sb) = (read(self.a, ra.clone()), read(self.b, rb.clone()));
            let found = myers::diff(&sa, &sb, ra.start, rb.start, MYERS_MAX_D, &mut self.budget);
            if let Some(found) = found {
                self.changes.extend(found);
                return Ok(());
            }
            return self.coarse(ra, rb);
        }
        // A search that stopped at its limit of matches goes on after its
        // last anchor, at the same level, holding one search's worth at once.
        loop {
            let Some(found) = self.find(ra.clone(), rb.clone(), level)? else {
                return self.coarse(ra, rb);
            };
            let (mut a, mut b) = (ra.start, rb.start);
            for m in &found.anchors {
                self.region(a..m.a, b..m.b, found.level)?;
                a = m.a + m.len;
                b = m.b + m.len;
            }
            if found.complete {
                return self.region(a..ra.end, b..rb.end, found.level);
            }
            (ra, rb) = (a..ra.end, b..rb.end);
        }
    }

    /// A region nothing could align: compared at equal offsets from its
    /// start if at most half of its bytes differ that way (bytes patched in
    /// place in data too uniform to anchor, such as zeros), else one
    /// replacement.
    fn coarse(&mut self, ra: Range<u64>, rb: Range<u64>) -> Result<(), Cancelled> {
        const BLOCK: u64 = 1 << 20;
        let common = (ra.end - ra.start).min(rb.end - rb.start);
        let kept = self.changes.len();
        let mut differ = 0;
        let mut done = 0;
        let mut aligned = true;
        while done < common {
            self.tick(rb.start + done).map_err(|()| Cancelled)?;
            let n = (common - done).min(BLOCK) as usize;
            let (sa, sb) = self
                .scratch
                .read(self.a, ra.start + done, self.b, rb.start + done, n);
            let changes = &mut self.changes;
            diff_runs(sa, sb, done, &mut |at, len| {
                differ += len;
                let mine = changes.len() > kept;
                match changes.last_mut() {
                    // A run split by the block boundary.
                    Some(p) if mine && p.a + p.len_a == ra.start + at => {
                        p.len_a += len;
                        p.len_b += len;
                    }
                    _ => changes.extend(Change::between(ra.start + at, len, rb.start + at, len)),
                }
            });
            done += n as u64;
            // Give up as soon as more than half of the bytes so far differ.
            if differ * 2 > done {
                aligned = false;
                break;
            }
        }
        let tail = |c: u64| {
            Change::between(
                ra.start + c,
                ra.end - ra.start - c,
                rb.start + c,
                rb.end - rb.start - c,
            )
        };
        if aligned {
            self.changes.extend(tail(common));
        } else {
            self.changes.truncate(kept);
            self.changes.extend(tail(0));
        }
        Ok(())
    }

    fn find(
        &mut self,
        ra: Range<u64>,
        rb: Range<u64>,
        level: Level,
    ) -> Result<Option<Found>, Cancelled> {
        let cost = (ra.end - ra.start) + (rb.end - rb.start);
        if cost > self.search_budget {
            return Ok(None);
        }
        self.search_budget -= cost;
        let (a, b) = (self.a, self.b);
        let mut scratch = std::mem::take(&mut self.scratch);
        let found = anchors::find(
            a,
            b,
            ra,
            rb,
            level,
            &mut scratch,
            &mut |at| match self.tick(at) {
                Ok(()) => ControlFlow::Continue(()),
                Err(()) => ControlFlow::Break(()),
            },
        );
        self.scratch = scratch;
        found.map_err(|()| Cancelled)
    }
}

/// The bytes of `range`.
fn read(src: &(impl ByteSource + ?Sized), range: Range<u64>) -> Vec<u8> {
    let mut out = vec![0; (range.end - range.start) as usize];
    let n = src.read_into(range.start, &mut out);
    out.truncate(n);
    out
}

/// Merges changes that touch (the end of one is the start of the next on
/// both sides) into one.
fn join_touching(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::with_capacity(changes.len());
    for c in changes {
        match out.last_mut() {
            Some(p) if p.a + p.len_a == c.a && p.b + p.len_b == c.b => {
                *p = Change::between(p.a, p.len_a + c.len_a, p.b, p.len_b + c.len_b)
                    .expect("not empty");
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::equal::tests::noise;
    use super::super::{ChangeKind, apply, is_well_formed};
    use super::*;

    fn aligned(a: &[u8], b: &[u8]) -> Vec<Change> {
        let changes = diff_aligned(a, b, &mut |_| ControlFlow::Continue(())).unwrap();
        assert!(is_well_formed(a.len() as u64, b.len() as u64, &changes));
        assert_eq!(apply(a, b, &changes), b, "applying the changes gives B");
        changes
    }

    #[test]
    fn one_insertion_in_a_large_buffer_is_one_insert() {
        let a = noise(4 << 20, 5);
        for at in [0, 1, 100, 5000, 2 << 20, (4 << 20) - 1, 4 << 20] {
            let mut b = a.clone();
            b.splice(at..at, [0xee; 7]);
            let changes = aligned(&a, &b);
            assert_eq!(changes.len(), 1, "at {at}: {changes:?}");
            assert_eq!((changes[0].kind, changes[0].len_b), (ChangeKind::Insert, 7));
        }
    }

    #[test]
    fn scattered_edits_are_found_each_as_one_change() {
        let a = noise(3 << 20, 9);
        let mut b = a.clone();
        // From the end, so earlier offsets stay put.
        b.splice(2_900_000..2_900_000, *b"new bytes");
        b.drain(2_000_000..2_000_100);
        b[1_000_000..1_000_004].copy_from_slice(b"\0\0\0\0");
        b.splice(10..10, [1, 2, 3]);
        let changes = aligned(&a, &b);
        let kinds: Vec<_> = changes.iter().map(|c| c.kind).collect();
        use ChangeKind::*;
        assert_eq!(kinds, [Insert, Replace, Delete, Insert], "{changes:?}");
    }

    /// Thousands of matches: more than one search keeps, so the search
    /// goes on after its last anchor.
    #[test]
    fn edits_every_kilobyte_are_each_found() {
        let a = noise(3 << 20, 21);
        let mut b = a.clone();
        for at in (500..a.len()).step_by(1000) {
            b[at] ^= 0xff;
        }
        let changes = aligned(&a, &b);
        assert_eq!(changes.len(), (a.len() - 500).div_ceil(1000));
        assert!(
            changes
                .iter()
                .all(|c| c.kind == ChangeKind::Replace && c.len_a == 1)
        );
    }

    /// Zeros patched here and there: no window to sample, so no anchors;
    /// compared at equal offsets, each patch is its own change. Likewise a
    /// repeating pattern (whose every window is everywhere), also after an
    /// insertion that an anchor finds.
    #[test]
    fn bytes_patched_in_uniform_data_are_each_one_change() {
        for (a, len) in [
            (vec![0u8; 3 << 20], 3 << 20),
            (b"abcdefgh".repeat(400_000), 3_200_000),
        ] {
            let mut b = a.clone();
            let places: Vec<usize> = (777..len).step_by(5_000).collect();
            for &at in &places {
                b[at] ^= 0x80;
            }
            let changes = aligned(&a, &b);
            assert_eq!(changes.len(), places.len());
            assert!(
                changes
                    .iter()
                    .all(|c| c.kind == ChangeKind::Replace && c.len_a == 1),
                "{:?}",
                changes
                    .iter()
                    .filter(|c| c.len_a != 1 || c.len_b != 1)
                    .take(5)
                    .collect::<Vec<_>>()
            );
            b.truncate(len - 100);
            let changes = aligned(&a, &b);
            assert!(changes.len() <= places.len() + 1, "{}", changes.len());
        }
        let mut a = noise(1 << 20, 4);
        a.extend(b"abcdefgh".repeat(200_000));
        let mut b = a.clone();
        b.splice(1000..1000, *b"inserted");
        let places: Vec<usize> = ((1 << 20) + 1000..b.len()).step_by(10_000).collect();
        for &at in &places {
            b[at] ^= 0x80;
        }
        let changes = aligned(&a, &b);
        assert_eq!(changes.len(), places.len() + 1, "{changes:?}");
    }

    #[test]
    fn moved_and_repeated_blocks_still_give_b() {
        let x = noise(400_000, 1);
        let y = noise(300_000, 2);
        let z = vec![0u8; 200_000];
        let a = [&x[..], &z, &y, &z].concat();
        let b = [&y[..], &z, &x, &y[..1000]].concat();
        aligned(&a, &b);
    }

    #[test]
    fn files_that_share_nothing_are_one_replace() {
        let a = noise(2 << 20, 3);
        let b = noise(3 << 20, 4);
        let changes = aligned(&a, &b);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, ChangeKind::Replace);
        assert!(aligned(&[], &[]).is_empty());
        assert_eq!(aligned(&[], &b)[0].kind, ChangeKind::Insert);
        assert_eq!(aligned(&a, &[])[0].kind, ChangeKind::Delete);
    }

    /// With its bounds spent (no searches, no Myers), a comparison is
    /// coarser but still turns A into B.
    #[test]
    fn spent_bounds_give_coarser_changes_that_still_give_b() {
        let a = noise(2 << 20, 31);
        let mut b = a.clone();
        b.splice(1 << 20..1 << 20, *b"in the middle");
        b[100] ^= 1;
        b.truncate(b.len() - 10);
        for (search_budget, budget) in [(0, MYERS_BUDGET), (u64::MAX, 0), (0, 0)] {
            let mut go = |_| ControlFlow::Continue(());
            let mut run = Run {
                a: &a[..],
                b: &b[..],
                progress: &mut go,
                reported: 0,
                budget,
                search_budget,
                scratch: Scratch::default(),
                changes: Vec::new(),
            };
            run.region(0..a.len() as u64, 0..b.len() as u64, Level::Top)
                .unwrap();
            let changes = join_touching(run.changes);
            assert!(is_well_formed(a.len() as u64, b.len() as u64, &changes));
            assert_eq!(apply(&a, &b, &changes), b);
        }
    }

    /// Progress only grows, the search stays within nine tenths (merging
    /// has the last tenth), and the last report is the end.
    #[test]
    fn progress_grows_to_the_end_and_the_search_leaves_merging_a_tenth() {
        let a = noise(3 << 20, 5);
        let mut b = a.clone();
        for at in (1000..(3 << 20) - 2000).rev().step_by(7919) {
            b.insert(at, b'x');
        }
        let mut seen = Vec::new();
        let changes = diff_aligned(&a[..], &b[..], &mut |at| {
            seen.push(at);
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(apply(&a, &b, &changes), b);
        let len = b.len() as u64;
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "progress went back");
        assert_eq!(seen.last(), Some(&len));
        // Nothing here to merge: every report but the last is the search's.
        let (last, search) = seen.split_last().unwrap();
        assert_eq!(*last, len);
        assert!(
            search.iter().all(|&p| p <= len * 9 / 10),
            "the search went past nine tenths"
        );
        assert!(search.len() > 10, "the search reports as it goes");
    }

    #[test]
    fn cancelling_stops_with_cancelled() {
        let a = noise(1 << 20, 3);
        let got = diff_aligned(&a[..], &a[1..], &mut |_| ControlFlow::Break(()));
        assert_eq!(got, Err(Cancelled));
    }
}
