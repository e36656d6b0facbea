//! How far two ranges go on matching: forward from their starts, backward
//! from their ends. Reads both sides in blocks that grow from 256 bytes
//! (most matches end soon) to 64 KiB (a long one is read at speed), into
//! buffers kept between calls.

use std::ops::Range;

use super::equal::first_difference;
use super::source::ByteSource;

/// Bytes read at a time while extending a match (after a first short read).
const READ_MAX: usize = 64 << 10;

/// Reusable read buffers for extending matches.
#[derive(Default)]
pub(super) struct Scratch {
    a: Vec<u8>,
    b: Vec<u8>,
}

/// How many bytes the two ranges start with in common.
pub(super) fn common_prefix<A, B>(
    a: &A,
    b: &B,
    ra: Range<u64>,
    rb: Range<u64>,
    s: &mut Scratch,
) -> u64
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    let limit = (ra.end - ra.start).min(rb.end - rb.start);
    let mut done = 0;
    let mut step = 256usize;
    while done < limit {
        let n = (limit - done).min(step as u64) as usize;
        let (sa, sb) = s.read(a, ra.start + done, b, rb.start + done, n);
        if let Some(d) = first_difference(sa, sb) {
            return done + d as u64;
        }
        done += n as u64;
        step = (step * 4).min(READ_MAX);
    }
    limit
}

/// How many bytes the two ranges end with in common.
pub(super) fn common_suffix<A, B>(
    a: &A,
    b: &B,
    ra: Range<u64>,
    rb: Range<u64>,
    s: &mut Scratch,
) -> u64
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    let limit = (ra.end - ra.start).min(rb.end - rb.start);
    let mut done = 0;
    let mut step = 256usize;
    while done < limit {
        let n = (limit - done).min(step as u64) as usize;
        let (sa, sb) = s.read(a, ra.end - done - n as u64, b, rb.end - done - n as u64, n);
        if let Some(d) = (0..n).rev().find(|&i| sa[i] != sb[i]) {
            return done + (n - 1 - d) as u64;
        }
        done += n as u64;
        step = (step * 4).min(READ_MAX);
    }
    limit
}

impl Scratch {
    /// `n` bytes of A at `at_a` and of B at `at_b`.
    pub(super) fn read<A, B>(
        &mut self,
        a: &A,
        at_a: u64,
        b: &B,
        at_b: u64,
        n: usize,
    ) -> (&[u8], &[u8])
    where
        A: ByteSource + ?Sized,
        B: ByteSource + ?Sized,
    {
        if self.a.len() < n {
            self.a.resize(n, 0);
            self.b.resize(n, 0);
        }
        let got_a = a.read_into(at_a, &mut self.a[..n]);
        let got_b = b.read_into(at_b, &mut self.b[..n]);
        let n = got_a.min(got_b);
        (&self.a[..n], &self.b[..n])
    }
}
