//! Merging changes that equal bytes separate only by chance.
//!
//! Myers' path (or a cut between two regions) may match bytes of an
//! inserted run with the same bytes after it: `ab` with `xbyz` inserted
//! before the `b` can come out as insert `x`, keep `b`, insert `yzb` — as
//! few edits, but two changes where the user made one. Nearby insertions
//! (or deletions) and the equal bytes between them are one insertion when
//! those equal bytes can all stand on one side of it: when what the span
//! reads in B starts with a part of the equal bytes and ends with the rest.
//! (git's diff slides its hunks the same way.)

use std::ops::Range;

use super::Change;
use super::equal::first_difference;

/// Longest equal run between two changes considered for a merge.
const MAX_GAP: u64 = 4096;
/// Most bytes a merged span may cover (it is read to check the merge).
const MAX_SPAN: u64 = 1 << 20;
/// Most changes tried as one.
const MAX_GROUP: usize = 64;
/// Bytes every merge tried may read, over what the changes cover in A and
/// B: trying the groups of up to `MAX_GROUP` changes from each change
/// reads each byte some `MAX_GROUP²` times where none merges (many tiny
/// changes a few bytes apart), hours on a large file. Past the budget the
/// changes are left as they are: merging only makes them read better.
const READ_PER_BYTE: u64 = 8;

/// `changes` (in order, not touching) with each run of nearby pure
/// insertions (or deletions) that is one insertion (deletion) after all
/// made one, taking the longest such run first. `a` and `b` read a range
/// of A or B.
pub(super) fn compact(
    changes: Vec<Change>,
    a: &mut impl FnMut(Range<u64>) -> Vec<u8>,
    b: &mut impl FnMut(Range<u64>) -> Vec<u8>,
) -> Vec<Change> {
    compact_until(changes, a, b, &mut |_, _| false).expect("never stopped")
}

/// Bytes read between two asks whether to stop.
const ASK_EVERY: u64 = 4 << 20;

/// [`compact`], asking `stop` after every few MiB read (a file pair of
/// many GiB may read some 8× its size here), with how many of the changes
/// are done and how many there are: `None` once it says yes.
pub(super) fn compact_until(
    changes: Vec<Change>,
    a: &mut impl FnMut(Range<u64>) -> Vec<u8>,
    b: &mut impl FnMut(Range<u64>) -> Vec<u8>,
    stop: &mut impl FnMut(usize, usize) -> bool,
) -> Option<Vec<Change>> {
    let mut out: Vec<Change> = Vec::with_capacity(changes.len());
    let (Some(head), Some(last)) = (changes.first(), changes.last()) else {
        return Some(changes);
    };
    let mut since_asked = 0;
    let covered = (last.a + last.len_a - head.a) + (last.b + last.len_b - head.b);
    // At least one merge of the largest span can always be tried.
    let mut budget = READ_PER_BYTE * covered + 2 * MAX_SPAN;
    let mut i = 0;
    while i < changes.len() {
        let first = changes[i];
        let pure = |c: &Change| c.kind == first.kind && (c.len_a == 0 || c.len_b == 0);
        let mut j = i;
        while j + 1 < changes.len()
            && j + 1 - i < MAX_GROUP
            && pure(&first)
            && pure(&changes[j + 1])
            && changes[j + 1].a - (changes[j].a + changes[j].len_a) <= MAX_GAP
            && changes[j + 1].a + changes[j + 1].len_a - first.a <= MAX_SPAN
            && changes[j + 1].b + changes[j + 1].len_b - first.b <= MAX_SPAN
        {
            j += 1;
        }
        let mut k = j;
        let mut merged = None;
        while k > i {
            let (first, last) = (&changes[i], &changes[k]);
            let cost = (last.a + last.len_a - first.a) + (last.b + last.len_b - first.b);
            if cost <= budget {
                budget -= cost;
                since_asked += cost;
                if since_asked >= ASK_EVERY {
                    since_asked = 0;
                    if stop(i, changes.len()) {
                        return None;
                    }
                }
                merged = merge(&changes[i..=k], a, b);
                if merged.is_some() {
                    break;
                }
            }
            k -= 1;
        }
        out.push(merged.unwrap_or(first));
        i = k + 1;
    }
    Some(out)
}

/// The one insertion (deletion) that `group`, pure insertions (deletions)
/// with equal bytes between them, amounts to, if there is one.
fn merge(
    group: &[Change],
    a: &mut impl FnMut(Range<u64>) -> Vec<u8>,
    b: &mut impl FnMut(Range<u64>) -> Vec<u8>,
) -> Option<Change> {
    let (first, last) = (group.first()?, group.last()?);
    let (a_span, b_span) = (first.a..last.a + last.len_a, first.b..last.b + last.len_b);
    let inserted: u64 = group.iter().map(|c| c.len_b).sum();
    let deleted: u64 = group.iter().map(|c| c.len_a).sum();
    // The side with the run (`long`) is the other side's bytes (`short`)
    // with the run put in somewhere.
    let (short, long) = if deleted == 0 {
        (a(a_span), b(b_span))
    } else {
        (b(b_span), a(a_span))
    };
    let run = inserted + deleted;
    let g = short.len();
    debug_assert_eq!(long.len() as u64, g as u64 + run);
    let head = first_difference(&short, &long).unwrap_or(g);
    let tail = short
        .iter()
        .rev()
        .zip(long.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    if head + tail < g {
        return None;
    }
    // As early as it can stand.
    let k = g.saturating_sub(tail) as u64;
    Change::between(first.a + k, deleted, first.b + k, inserted)
}

#[cfg(test)]
mod tests {
    use super::super::{ChangeKind, apply};
    use super::*;

    fn run(a: &[u8], b: &[u8], changes: Vec<Change>) -> Vec<Change> {
        let out = compact(
            changes,
            &mut |r| a[r.start as usize..r.end as usize].to_vec(),
            &mut |r| b[r.start as usize..r.end as usize].to_vec(),
        );
        assert_eq!(apply(a, b, &out), b, "{out:?}");
        out
    }

    fn ch(a: u64, len_a: u64, b: u64, len_b: u64) -> Change {
        Change::between(a, len_a, b, len_b).unwrap()
    }

    #[test]
    fn an_insertion_split_around_a_shared_byte_is_one_again() {
        // "aaab ccc" -> "aaaxbyzb ccc": insert "x", keep "b", insert "yzb".
        let (a, b) = (b"aaab ccc", b"aaaxbyzb ccc");
        let out = run(a, b, vec![ch(3, 0, 3, 1), ch(4, 0, 5, 3)]);
        assert_eq!(out, [ch(3, 0, 3, 4)]);
        assert_eq!(out[0].kind, ChangeKind::Insert);
    }

    #[test]
    fn a_deletion_split_the_same_way_is_one_again() {
        let (a, b) = (b"aaaxbyzb ccc", b"aaab ccc");
        let out = run(a, b, vec![ch(3, 1, 3, 0), ch(5, 3, 4, 0)]);
        assert_eq!(out, [ch(3, 4, 3, 0)]);
    }

    #[test]
    fn an_insertion_split_in_four_is_one_again() {
        // "0123456789" with "wx1yz2q" inserted before "12": Myers can keep
        // the "1" and "2" of the insertion.
        let (a, b) = (b"0123456789", b"0wx1yz2q123456789");
        let out = run(a, b, vec![ch(1, 0, 1, 2), ch(2, 0, 4, 2), ch(3, 0, 7, 3)]);
        assert_eq!(out, [ch(1, 0, 1, 7)]);
    }

    #[test]
    fn changes_that_cannot_slide_stay_apart() {
        let (a, b) = (b"0123456789", b"01x234y56789");
        let changes = vec![ch(2, 0, 2, 1), ch(5, 0, 6, 1)];
        assert_eq!(run(a, b, changes.clone()), changes);
    }

    /// A of `len` zeros and B with a 0xff inserted after every 8 bytes, and
    /// those insertions: none can merge with the next.
    fn unmergeable_insertions(len: usize) -> (Vec<u8>, Vec<u8>, Vec<Change>) {
        let a = vec![0u8; len];
        let mut b = Vec::new();
        let mut changes = Vec::new();
        for (i, chunk) in a.chunks(8).enumerate() {
            b.extend_from_slice(chunk);
            changes.push(ch(8 * (i as u64 + 1), 0, b.len() as u64, 1));
            b.push(0xff);
        }
        (a, b, changes)
    }

    /// Many tiny insertions a few bytes apart, none of which can merge:
    /// the bytes read to try merges stay a small multiple of the input
    /// (trying every group of up to 64 from every change read some 2,000
    /// times the input).
    #[test]
    fn failed_merges_read_a_bounded_multiple_of_the_input() {
        let (a, b, changes) = unmergeable_insertions(256 << 10);
        let mut read = 0u64;
        let mut count = |r: &Range<u64>| read += r.end - r.start;
        let read_a = &mut |r: Range<u64>| {
            count(&r);
            a[r.start as usize..r.end as usize].to_vec()
        };
        let out = compact(changes.clone(), read_a, &mut |r| {
            b[r.start as usize..r.end as usize].to_vec()
        });
        assert_eq!(out, changes);
        let input = (a.len() + b.len()) as u64;
        assert!(read <= 16 * input, "{read} bytes of A read for {input}");
    }

    /// The same input with a stop that says yes at its first ask: merging
    /// ends there (it would read many MiB more), and one that never says
    /// yes gives what `compact` gives.
    #[test]
    fn a_stop_ends_merging_after_a_few_mib() {
        let (a, b, changes) = unmergeable_insertions(1 << 20);
        let read_b = |r: Range<u64>| b[r.start as usize..r.end as usize].to_vec();
        let mut read = 0u64;
        let mut asked = 0;
        let out = compact_until(
            changes.clone(),
            &mut |r| {
                read += r.end - r.start;
                a[r.start as usize..r.end as usize].to_vec()
            },
            &mut |r| read_b(r),
            &mut |done, total| {
                asked += 1;
                assert!(done < total);
                true
            },
        );
        assert_eq!(out, None);
        assert_eq!(asked, 1);
        assert!(read < 2 * ASK_EVERY, "{read} bytes read before stopping");
        let never = compact_until(
            changes.clone(),
            &mut |r| a[r.start as usize..r.end as usize].to_vec(),
            &mut |r| read_b(r),
            &mut |_, _| false,
        );
        assert_eq!(never, Some(changes));
    }

    #[test]
    fn touching_changes_merge() {
        let (a, b) = (b"0123", b"0xy123");
        assert_eq!(
            run(a, b, vec![ch(1, 0, 1, 1), ch(1, 0, 2, 1)]),
            [ch(1, 0, 1, 2)]
        );
    }
}
