//! The equal-offset comparison: the runs of bytes that differ between A
//! and B at the same offsets, and the longer side's tail.
//!
//! Equal stretches are skipped with `memcmp` on 4 KiB blocks (glibc's is
//! vectorised), then 64-byte blocks, then words: only a word that differs
//! is looked at byte by byte. The range is cut into rounds of 32 MiB, and
//! each round into chunks of 2 MiB that the cores take one at a time
//! (`std::thread::scope`, the calling thread among them), so a core that
//! the machine gives less time to holds up a round by one chunk at most.
//! A chunk stops early when it has found many runs, so that two files that
//! share nothing never hold more than a bounded number of runs in memory.
//! Runs that cross chunks are joined as they are handed on, in order.

use std::ops::{ControlFlow, Range};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use super::source::ByteSource;
use super::{Cancelled, Change, ChangeKind};
use crate::core::search::Progress;

/// Bytes a core takes at a time.
const CHUNK: u64 = 2 << 20;
/// Chunks in a round (between progress reports).
const ROUND_CHUNKS: u64 = 16;
/// Runs a chunk collects before it stops and hands them on.
const MAX_RUNS: usize = 1 << 14;
/// Below this, one thread does it all: starting threads would cost more.
const PARALLEL_MIN: u64 = 4 << 20;

/// Every change between A and B at equal offsets: a `Replace` per run of
/// differing bytes in their common length, then an `Insert` (B is longer)
/// or a `Delete` (A is longer) for the tail.
///
/// `progress` is called before each round with the offset reached; a
/// `Break` cancels. Memory grows with the number of runs: for files that
/// may differ everywhere use [`for_each_equal_change`].
pub fn diff_equal<A, B>(a: &A, b: &B, progress: Progress<'_>) -> Result<Vec<Change>, Cancelled>
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    let mut changes = Vec::new();
    for_each_equal_change(a, b, progress, &mut |c| {
        changes.push(c);
        ControlFlow::Continue(())
    })?;
    Ok(changes)
}

/// Like [`diff_equal`], handing each change to `on_change` as soon as it is
/// known, in order; a `Break` from it stops the comparison (`Cancelled`).
pub fn for_each_equal_change<A, B>(
    a: &A,
    b: &B,
    progress: Progress<'_>,
    on_change: &mut dyn FnMut(Change) -> ControlFlow<()>,
) -> Result<(), Cancelled>
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    let (len_a, len_b) = (a.len(), b.len());
    let common = len_a.min(len_b);
    let threads = thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut joiner = Joiner::default();
    let mut at = 0;
    // Shrunk when a chunk stops early (dense differences), so that the
    // chunks after it are not compared in vain round after round; grown
    // back when a round finishes whole.
    let mut chunk_len = CHUNK;
    while at < common {
        if progress(at).is_break() {
            return Err(Cancelled);
        }
        let end = at + (chunk_len * ROUND_CHUNKS).min(common - at);
        let chunks: Vec<Range<u64>> = (at..end)
            .step_by(chunk_len as usize)
            .map(|from| from..(from + chunk_len).min(end))
            .collect();
        let workers = if end - at < PARALLEL_MIN { 1 } else { threads };
        let mut next = end;
        for (i, (runs, reached)) in compare_chunks(a, b, &chunks, workers) {
            for run in runs {
                joiner.push(run, on_change)?;
            }
            // The next round starts where the first chunk that stopped did.
            if reached < chunks[i].end {
                next = reached;
                break;
            }
        }
        chunk_len = if next < end {
            (chunk_len / 2).max(64 << 10)
        } else {
            (chunk_len * 2).min(CHUNK)
        };
        at = next;
    }
    joiner.flush(on_change)?;
    if let Some(tail) = Change::between(common, len_a - common, common, len_b - common) {
        emit(tail, on_change)?;
    }
    Ok(())
}

/// Each chunk's runs and where it stopped, by the chunk's index, in order:
/// every chunk up to the first that stopped early (those after it may be
/// left out). `workers` threads take chunks in turn, this one among them.
fn compare_chunks<A, B>(
    a: &A,
    b: &B,
    chunks: &[Range<u64>],
    workers: usize,
) -> Vec<(usize, (Vec<Change>, u64))>
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    let next = AtomicUsize::new(0);
    let first_stop = AtomicUsize::new(usize::MAX);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= chunks.len() || i > first_stop.load(Ordering::Relaxed) {
                return done;
            }
            let (runs, reached) = compare_part(a, b, chunks[i].clone());
            if reached < chunks[i].end {
                first_stop.fetch_min(i, Ordering::Relaxed);
            }
            done.push((i, (runs, reached)));
        }
    };
    let mut all = if workers <= 1 {
        work()
    } else {
        thread::scope(|s| {
            let others: Vec<_> = (1..workers).map(|_| s.spawn(work)).collect();
            let mut all = work();
            for h in others {
                all.extend(h.join().expect("a compare thread panicked"));
            }
            all
        })
    };
    all.sort_unstable_by_key(|&(i, _)| i);
    all
}

/// The runs that differ in `range` (joined within it), and where it
/// stopped: `range.end`, or earlier after `MAX_RUNS` runs (just past the
/// last run's end, a byte that is equal on both sides).
fn compare_part<A, B>(a: &A, b: &B, range: Range<u64>) -> (Vec<Change>, u64)
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    const SUB: u64 = CHUNK;
    let mut runs = Vec::new();
    let mut joiner = Joiner::default();
    let mut from = range.start;
    while from < range.end {
        let to = (from + SUB).min(range.end);
        a.prefetch(from..to);
        b.prefetch(from..to);
        let flow = a.for_each_slice(from..to, &mut |off_a, sa| {
            b.for_each_slice(off_a..off_a + sa.len() as u64, &mut |off_b, sb| {
                let sa = &sa[(off_b - off_a) as usize..][..sb.len()];
                diff_runs(sa, sb, off_b, &mut |start, len| {
                    let run = Change::between(start, len, start, len).expect("a run");
                    let _ = joiner.push(run, &mut |c| {
                        runs.push(c);
                        ControlFlow::Continue(())
                    });
                });
                if runs.len() >= MAX_RUNS {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
        });
        if flow.is_break() {
            // The pending run may go on: hand on only the finished ones.
            let reached = runs.last().map_or(from, |r: &Change| r.a + r.len_a);
            return (runs, reached);
        }
        from = to;
    }
    let _ = joiner.flush(&mut |c| {
        runs.push(c);
        ControlFlow::Continue(())
    });
    (runs, range.end)
}

/// Calls `run(offset, len)` for each maximal run of differing bytes of two
/// slices of the same length that start at `base`.
pub(super) fn diff_runs(a: &[u8], b: &[u8], base: u64, run: &mut dyn FnMut(u64, u64)) {
    debug_assert_eq!(a.len(), b.len());
    let mut i = 0;
    while let Some(d) = first_difference(&a[i..], &b[i..]) {
        let start = i + d;
        let len = first_equal(&a[start..], &b[start..]);
        run(base + start as u64, len as u64);
        i = start + len;
    }
}

/// The index of the first byte where `a` and `b` differ.
pub(super) fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut i = 0;
    while i + 4096 <= n && a[i..i + 4096] == b[i..i + 4096] {
        i += 4096;
    }
    while i + 64 <= n && a[i..i + 64] == b[i..i + 64] {
        i += 64;
    }
    while i + 8 <= n {
        let x = word(a, i) ^ word(b, i);
        if x != 0 {
            return Some(i + (x.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    (i..n).find(|&j| a[j] != b[j])
}

/// The length of the run of differing bytes `a` and `b` start with.
fn first_equal(a: &[u8], b: &[u8]) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = word(a, i) ^ word(b, i);
        // The lowest zero byte of x (an equal byte) sets its high bit here;
        // false hits only ever appear above a true one.
        let zero = x.wrapping_sub(LOW) & !x & HIGH;
        if zero != 0 {
            return i + (zero.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    (i..n).find(|&j| a[j] == b[j]).unwrap_or(n)
}

fn word(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// Joins runs that touch (one split across slices, parts or rounds) before
/// handing them on.
#[derive(Default)]
struct Joiner {
    pending: Option<Change>,
}

impl Joiner {
    fn push(
        &mut self,
        run: Change,
        out: &mut dyn FnMut(Change) -> ControlFlow<()>,
    ) -> Result<(), Cancelled> {
        match &mut self.pending {
            Some(p) if p.a + p.len_a == run.a => {
                p.len_a += run.len_a;
                p.len_b += run.len_b;
                Ok(())
            }
            _ => {
                let done = self.pending.replace(run);
                done.map_or(Ok(()), |c| emit(c, out))
            }
        }
    }

    fn flush(&mut self, out: &mut dyn FnMut(Change) -> ControlFlow<()>) -> Result<(), Cancelled> {
        self.pending.take().map_or(Ok(()), |c| emit(c, out))
    }
}

fn emit(c: Change, out: &mut dyn FnMut(Change) -> ControlFlow<()>) -> Result<(), Cancelled> {
    debug_assert!(c.kind != ChangeKind::Replace || c.len_a == c.len_b);
    match out(c) {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(Cancelled),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::core::document::Document;

    fn no_progress() -> impl FnMut(u64) -> ControlFlow<()> {
        |_| ControlFlow::Continue(())
    }

    /// The runs of differing offsets, found one byte at a time.
    fn naive(a: &[u8], b: &[u8]) -> Vec<Change> {
        let mut runs: Vec<Change> = Vec::new();
        for i in 0..a.len().min(b.len()) {
            if a[i] != b[i] {
                match runs.last_mut() {
                    Some(r) if r.a + r.len_a == i as u64 => {
                        r.len_a += 1;
                        r.len_b += 1;
                    }
                    _ => runs.extend(Change::between(i as u64, 1, i as u64, 1)),
                }
            }
        }
        let c = a.len().min(b.len()) as u64;
        runs.extend(Change::between(
            c,
            a.len() as u64 - c,
            c,
            b.len() as u64 - c,
        ));
        runs
    }

    /// Pseudo-random bytes (xorshift), the same on every run.
    pub(in super::super) fn noise(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    #[test]
    fn runs_match_a_byte_by_byte_comparison_at_every_alignment() {
        let a = noise(300, 7);
        for start in 0..40 {
            for len in [1, 2, 7, 8, 9, 15, 16, 17, 64, 65, 100] {
                let mut b = a.clone();
                for x in &mut b[start..start + len] {
                    *x ^= 0x5a;
                }
                // An equal byte inside the run splits it.
                if len > 10 {
                    b[start + 5] = a[start + 5];
                }
                let got = diff_equal(&a[..], &b[..], &mut no_progress()).unwrap();
                assert_eq!(got, naive(&a, &b), "start {start} len {len}");
            }
        }
    }

    #[test]
    fn the_longer_side_has_its_tail_inserted_or_deleted() {
        let a = b"abcdef".to_vec();
        let b = b"abXdefghi".to_vec();
        let got = diff_equal(&a, &b, &mut no_progress()).unwrap();
        assert_eq!(got, naive(&a, &b));
        assert_eq!(got[1].kind, ChangeKind::Insert);
        let back = diff_equal(&b, &a, &mut no_progress()).unwrap();
        assert_eq!(back[1].kind, ChangeKind::Delete);
        assert_eq!((back[1].a, back[1].len_a, back[1].len_b), (6, 3, 0));
        assert!(diff_equal(&a, &a, &mut no_progress()).unwrap().is_empty());
        let empty: Vec<u8> = Vec::new();
        assert!(
            diff_equal(&empty, &empty, &mut no_progress())
                .unwrap()
                .is_empty()
        );
    }

    /// Several threads, runs crossing chunks and rounds, and chunks that
    /// stop early: the same runs as one pass byte by byte.
    #[test]
    fn a_large_compare_splits_and_joins_runs_correctly() {
        let round = (CHUNK * ROUND_CHUNKS) as usize;
        let n = round * 2 + 12_345;
        let a = noise(n, 3);
        let mut b = a.clone();
        // Dense alternating differences (more than MAX_RUNS per part) ...
        for i in (1000..1000 + 3 * MAX_RUNS).step_by(2) {
            b[i] ^= 1;
        }
        // ... and long runs over every split a round could make.
        for at in [n / 3, CHUNK as usize, 5 * CHUNK as usize, round, 2 * round] {
            for x in &mut b[at - 100..at + 100] {
                *x = !*x;
            }
        }
        b.push(9);
        let got = diff_equal(&a, &b, &mut no_progress()).unwrap();
        assert_eq!(got, naive(&a, &b));
    }

    #[test]
    fn an_edited_document_compares_by_its_pieces() {
        let a = noise(100_000, 11);
        let mut doc = Document::from_bytes(a.clone());
        doc.insert(500, b"inserted").unwrap();
        doc.overwrite(70_000, b"over").unwrap();
        doc.delete(90_000..90_010).unwrap();
        let b = doc.read(0..doc.len());
        let got = diff_equal(&a, &doc, &mut no_progress()).unwrap();
        assert_eq!(got, naive(&a, &b));
        let got = diff_equal(&doc, &a, &mut no_progress()).unwrap();
        assert_eq!(got, naive(&b, &a));
    }

    #[test]
    fn cancelling_stops_with_cancelled() {
        let a = noise(10 << 20, 1);
        let b = noise(10 << 20, 2);
        let mut calls = 0;
        let got = diff_equal(&a, &b, &mut |_| {
            calls += 1;
            ControlFlow::Break(())
        });
        assert_eq!(got, Err(Cancelled));
        assert_eq!(calls, 1);
        let mut seen = 0;
        let stopped = for_each_equal_change(&a, &b, &mut no_progress(), &mut |_| {
            seen += 1;
            if seen == 3 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(stopped, Err(Cancelled));
        assert_eq!(seen, 3);
    }
}
