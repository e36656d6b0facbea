//! Anchors: stretches of bytes found in both A and B, in the same order on
//! both sides, that cut an aligned comparison into short regions.
//!
//! A rolling gear hash (as FastCDC uses) is taken over every 64-byte window.
//! Windows of A whose hash has its top bits zero — about one in `2^bits`,
//! chosen by content, so the same bytes are sampled wherever they sit — go
//! into a table (hash → offset in A, at most `MAX_ENTRIES`; when it would
//! overflow, `bits` grows and the table is thinned). B's windows with the
//! same property are looked up; a hit whose bytes really match is extended
//! byte by byte both ways, and B's scan resumes after it, so shared
//! stretches are read once. Of the matches (in B's order) the heaviest
//! chain increasing in A is kept ([`super::chain`]).
//!
//! Memory is the table and the matches, bounded by `MAX_ENTRIES` and
//! `MAX_MATCHES` whatever the size of the files: a few MiB each.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::{ControlFlow, Range};

use super::chain::increasing;
use super::extend::{Scratch, common_prefix, common_suffix};
use super::source::ByteSource;

/// Bytes in a hashed window (the gear hash forgets a byte after 64 shifts).
const WINDOW: u64 = 64;
/// The most windows of A kept in the table.
const MAX_ENTRIES: usize = 1 << 18;
/// The most matches one search keeps: past this it stops, and the caller
/// searches the rest of the region again. (Small in unit tests, so that
/// they go through that path.)
const MAX_MATCHES: usize = if cfg!(test) { 256 } else { 1 << 18 };
/// The densest sampling: one window in 2^5 = 32.
const MIN_BITS: u32 = 5;

/// A stretch of `len` equal bytes at `a` in A and `b` in B.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Anchor {
    pub a: u64,
    pub b: u64,
    pub len: u64,
}

/// How densely the region's parent was sampled: a region inside anchors is
/// searched again only with a sampling at least four times denser.
#[derive(Clone, Copy, Debug)]
pub(super) enum Level {
    Top,
    Below(u32),
}

/// What a search found.
pub(super) struct Found {
    /// In increasing order on both sides, not overlapping; never empty.
    pub anchors: Vec<Anchor>,
    /// The level the gaps between them are searched at.
    pub level: Level,
    /// False when the search stopped at `MAX_MATCHES`: the region after the
    /// last anchor has not been searched yet.
    pub complete: bool,
}

/// The anchors between `ra` of A and `rb` of B; `None` when there are none
/// (or no denser sampling is left to try). `Err` when `tick` (called with
/// offsets in B) cancelled.
pub(super) fn find<A, B>(
    a: &A,
    b: &B,
    ra: Range<u64>,
    rb: Range<u64>,
    level: Level,
    scratch: &mut Scratch,
    tick: &mut dyn FnMut(u64) -> ControlFlow<()>,
) -> Result<Option<Found>, ()>
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    let len_a = ra.end - ra.start;
    let wanted = (len_a / MAX_ENTRIES as u64).max(1).next_power_of_two();
    let mut bits = wanted.trailing_zeros().max(MIN_BITS);
    if let Level::Below(parent) = level
        && bits + 2 > parent
    {
        return Ok(None);
    }
    if len_a < WINDOW || rb.end - rb.start < WINDOW {
        return Ok(None);
    }
    let table = sample_a(a, ra.clone(), &mut bits, rb.start, tick)?;
    let (matches, complete) = scan_b(a, b, ra, rb, bits, &table, scratch, tick)?;
    drop(table);
    let anchors = increasing(matches);
    Ok((!anchors.is_empty()).then_some(Found {
        anchors,
        level: Level::Below(bits),
        complete,
    }))
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Table = HashMap<u64, u64, BuildHasherDefault<Identity>>;

/// Whether a window's hash is sampled at `bits`.
fn sampled(h: u64, bits: u32) -> bool {
    h >> (64 - bits) == 0
}

/// The table of A's sampled windows: hash → offset of the window's first
/// byte (the first such window wins). Thins itself by raising `bits`.
fn sample_a<A: ByteSource + ?Sized>(
    a: &A,
    ra: Range<u64>,
    bits: &mut u32,
    b_at: u64,
    tick: &mut dyn FnMut(u64) -> ControlFlow<()>,
) -> Result<Table, ()> {
    let expected = ((ra.end - ra.start) >> *bits) as usize;
    let mut table = Table::with_capacity_and_hasher(expected.min(MAX_ENTRIES), Default::default());
    // Samples at least half the spacing apart: a run of one repeated byte
    // would otherwise sample every window, or none.
    let mut min_gap = 1u64 << (*bits - 1);
    let mut h = 0u64;
    let mut last: Option<u64> = None;
    let mut seen = 0u64;
    let flow = a.for_each_slice(ra.clone(), &mut |off, slice| {
        for (i, chunk) in slice.chunks(1 << 20).enumerate() {
            tick(b_at)?;
            let base = off + (i << 20) as u64;
            for (j, &byte) in chunk.iter().enumerate() {
                h = (h << 1).wrapping_add(GEAR[byte as usize]);
                seen += 1;
                if seen >= WINDOW && sampled(h, *bits) {
                    let end = base + j as u64 + 1;
                    if last.is_none_or(|l| end - l >= min_gap) {
                        last = Some(end);
                        table.entry(h).or_insert(end - WINDOW);
                        if table.len() > MAX_ENTRIES {
                            *bits += 1;
                            min_gap *= 2;
                            let keep = *bits;
                            table.retain(|&h, _| sampled(h, keep));
                        }
                    }
                }
            }
        }
        ControlFlow::Continue(())
    });
    if flow.is_break() { Err(()) } else { Ok(table) }
}

/// The matches of B's sampled windows in the table, extended both ways, in
/// increasing order in B and not overlapping there; and whether B's region
/// was scanned to its end (not stopped at `MAX_MATCHES`).
#[allow(clippy::too_many_arguments)]
fn scan_b<A, B>(
    a: &A,
    b: &B,
    ra: Range<u64>,
    rb: Range<u64>,
    bits: u32,
    table: &Table,
    scratch: &mut Scratch,
    tick: &mut dyn FnMut(u64) -> ControlFlow<()>,
) -> Result<(Vec<Anchor>, bool), ()>
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    let mut matches: Vec<Anchor> = Vec::new();
    // Where B's scan resumes, and the end of the last match in B.
    let mut from = rb.start;
    let mut floor = rb.start;
    // A point on the diagonal of the last match (at first, the region's
    // start): where a match is looked for first.
    let mut diagonal = (ra.start, rb.start);
    // A hash just looked up in vain: a run of one repeated byte repeats it.
    let mut missed = None;
    let mut cancelled = false;
    while from < rb.end {
        if matches.len() >= MAX_MATCHES {
            return Ok((matches, false));
        }
        if tick(from).is_break() {
            return Err(());
        }
        let mut h = 0u64;
        let mut seen = 0u64;
        let mut found = None;
        let _ = b.for_each_slice(from..rb.end, &mut |off, slice| {
            for (i, chunk) in slice.chunks(1 << 20).enumerate() {
                if tick(off).is_break() {
                    cancelled = true;
                    return ControlFlow::Break(());
                }
                let base = off + (i << 20) as u64;
                for (j, &byte) in chunk.iter().enumerate() {
                    h = (h << 1).wrapping_add(GEAR[byte as usize]);
                    seen += 1;
                    if seen < WINDOW || !sampled(h, bits) || missed == Some(h) {
                        continue;
                    }
                    let start_b = base + j as u64 + 1 - WINDOW;
                    match table.get(&h) {
                        Some(&start_a) if start_a + WINDOW <= ra.end => {
                            found = Some((start_a, start_b));
                            return ControlFlow::Break(());
                        }
                        _ => missed = Some(h),
                    }
                }
            }
            ControlFlow::Continue(())
        });
        if cancelled {
            return Err(());
        }
        let Some((mut start_a, start_b)) = found else {
            break;
        };
        // The table holds a window's first place in A; where the same bytes
        // also sit on the diagonal of the last match (repeating data), that
        // place is the better one: no shift, no spurious insert.
        let on_diagonal = diagonal.0 + (start_b - diagonal.1);
        let mut fwd = 0;
        if on_diagonal != start_a && on_diagonal + WINDOW <= ra.end {
            fwd = common_prefix(a, b, on_diagonal..ra.end, start_b..rb.end, scratch);
            if fwd >= WINDOW {
                start_a = on_diagonal;
            }
        }
        if fwd < WINDOW {
            fwd = common_prefix(a, b, start_a..ra.end, start_b..rb.end, scratch);
        }
        if fwd < WINDOW {
            // A hash collision: different bytes. Go on past it.
            from = start_b + 1;
            continue;
        }
        let back = common_suffix(a, b, ra.start..start_a, floor..start_b, scratch);
        let mut anchor = Anchor {
            a: start_a - back,
            b: start_b - back,
            len: back + fwd,
        };
        matches.push(anchor);
        // Bytes patched in place: the match goes on along the same diagonal
        // after a few differing bytes (in data too uniform to sample).
        while matches.len() < MAX_MATCHES
            && let Some(next) = hop(a, b, &anchor, ra.end, rb.end, scratch)
        {
            anchor = next;
            matches.push(anchor);
        }
        floor = anchor.b + anchor.len;
        from = floor;
        diagonal = (anchor.a + anchor.len, floor);
        missed = None;
    }
    Ok((matches, true))
}

/// The match that follows `m` on its diagonal past at most `HOP` bytes
/// that differ: the first `HOP_MATCH` equal bytes starting within `HOP`
/// bytes after its end, extended forward.
fn hop<A, B>(a: &A, b: &B, m: &Anchor, end_a: u64, end_b: u64, s: &mut Scratch) -> Option<Anchor>
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    const HOP: usize = 64;
    const HOP_MATCH: usize = 32;
    let (at_a, at_b) = (m.a + m.len, m.b + m.len);
    let (sa, sb) = s.read(a, at_a, b, at_b, HOP + HOP_MATCH);
    let n = sa.len().min(sb.len());
    let room = (end_a - at_a).min(end_b - at_b).min(n as u64) as usize;
    let k = (1..=HOP)
        .take_while(|k| k + HOP_MATCH <= room)
        .find(|&k| sa[k..k + HOP_MATCH] == sb[k..k + HOP_MATCH])?;
    let (a0, b0) = (at_a + k as u64, at_b + k as u64);
    let len = common_prefix(a, b, a0..end_a, b0..end_b, s);
    Some(Anchor { a: a0, b: b0, len })
}

/// The gear table: a fixed pseudo-random 64-bit number per byte value
/// (splitmix64 from 0), the same on every run and every machine.
static GEAR: [u64; 256] = gear_table();

const fn gear_table() -> [u64; 256] {
    let mut table = [0u64; 256];
    let mut state = 0u64;
    let mut i = 0;
    while i < 256 {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        table[i] = z ^ (z >> 31);
        i += 1;
    }
    table
}
