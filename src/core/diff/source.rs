//! What the comparisons read from: anything that can hand out its bytes as
//! contiguous slices — a slice, a [`Source`], a [`Snapshot`] or a
//! [`Document`] (whose edited bytes are many pieces).

use std::ops::{ControlFlow, Range};

use crate::core::document::Document;
use crate::core::snapshot::Snapshot;
use crate::core::source::Source;

/// Bytes that can be read by range. `Sync` because the equal-offset
/// comparison reads both sides from several threads at once.
pub trait ByteSource: Sync {
    fn len(&self) -> u64;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `f(offset, bytes)` for each contiguous run of bytes in `range`
    /// (clipped to the end), in order, without copying where it can.
    fn for_each_slice(
        &self,
        range: Range<u64>,
        f: &mut dyn FnMut(u64, &[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()>;

    /// Hints that `range` is about to be read (maps a file's pages at once).
    fn prefetch(&self, _range: Range<u64>) {}

    /// Copies the bytes at `offset` into `out`; how many there were.
    fn read_into(&self, offset: u64, out: &mut [u8]) -> usize {
        let mut filled = 0;
        let end = offset.saturating_add(out.len() as u64);
        let _ = self.for_each_slice(offset..end, &mut |_, s| {
            out[filled..filled + s.len()].copy_from_slice(s);
            filled += s.len();
            ControlFlow::Continue(())
        });
        filled
    }
}

fn clip(range: Range<u64>, len: u64) -> Range<usize> {
    let end = range.end.min(len);
    range.start.min(end) as usize..end as usize
}

impl ByteSource for [u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn for_each_slice(
        &self,
        range: Range<u64>,
        f: &mut dyn FnMut(u64, &[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let r = clip(range, self.len() as u64);
        if r.is_empty() {
            return ControlFlow::Continue(());
        }
        f(r.start as u64, &self[r])
    }
}

impl ByteSource for Vec<u8> {
    fn len(&self) -> u64 {
        self.as_slice().len() as u64
    }

    fn for_each_slice(
        &self,
        range: Range<u64>,
        f: &mut dyn FnMut(u64, &[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        self.as_slice().for_each_slice(range, f)
    }
}

impl ByteSource for Source {
    fn len(&self) -> u64 {
        Source::len(self)
    }

    fn for_each_slice(
        &self,
        range: Range<u64>,
        f: &mut dyn FnMut(u64, &[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        if let Some(bytes) = self.as_slice() {
            return bytes.for_each_slice(range, f);
        }
        // Read through pread: a block at a time, never the whole range.
        const BLOCK: u64 = 4 << 20;
        let r = clip(range, Source::len(self));
        let mut from = r.start as u64;
        while from < r.end as u64 {
            let to = (from + BLOCK).min(r.end as u64);
            f(from, &self.slice(from..to))?;
            from = to;
        }
        ControlFlow::Continue(())
    }

    fn prefetch(&self, range: Range<u64>) {
        Source::prefetch(self, range);
    }
}

impl ByteSource for Snapshot {
    fn len(&self) -> u64 {
        Snapshot::len(self)
    }

    fn for_each_slice(
        &self,
        range: Range<u64>,
        f: &mut dyn FnMut(u64, &[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        Snapshot::for_each_slice(self, range, f)
    }

    fn prefetch(&self, range: Range<u64>) {
        Snapshot::prefetch(self, range);
    }

    fn read_into(&self, offset: u64, out: &mut [u8]) -> usize {
        Snapshot::read_into(self, offset, out)
    }
}

impl ByteSource for Document {
    fn len(&self) -> u64 {
        Document::len(self)
    }

    fn for_each_slice(
        &self,
        range: Range<u64>,
        f: &mut dyn FnMut(u64, &[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        self.content().for_each_slice(range, f)
    }

    fn prefetch(&self, range: Range<u64>) {
        Document::prefetch(self, range);
    }

    fn read_into(&self, offset: u64, out: &mut [u8]) -> usize {
        Document::read_into(self, offset, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(src: &(impl ByteSource + ?Sized), range: Range<u64>) -> Vec<u8> {
        let mut out = Vec::new();
        let mut at = range.start;
        let _ = src.for_each_slice(range, &mut |off, s| {
            assert_eq!(off, at, "slices in order, without gaps");
            at += s.len() as u64;
            out.extend_from_slice(s);
            ControlFlow::Continue(())
        });
        out
    }

    #[test]
    fn every_source_reads_the_same_clipped_bytes() {
        let bytes: Vec<u8> = (0..=255).cycle().take(5000).collect();
        let mut doc = Document::from_bytes(bytes.clone());
        doc.overwrite(100, b"xy").unwrap();
        doc.overwrite(100, &bytes[100..102]).unwrap();
        for range in [0..5000, 10..20, 4990..9000, 6000..7000, 7..7] {
            let want = bytes[clip(range.clone(), 5000)].to_vec();
            assert_eq!(collect(&bytes[..], range.clone()), want);
            assert_eq!(collect(&bytes, range.clone()), want);
            assert_eq!(collect(&doc, range.clone()), want);
            assert_eq!(collect(doc.content(), range.clone()), want);
            assert_eq!(
                collect(&Source::from_vec(bytes.clone()), range.clone()),
                want
            );
            let mut out = vec![0; (range.end - range.start) as usize];
            let n = ByteSource::read_into(&doc, range.start, &mut out);
            assert_eq!(&out[..n], &want[..]);
        }
    }
}
