//! Scanning a document for strings of one or several encodings, reported in
//! increasing offset order.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::ops::{ControlFlow, Range};

use super::{Found, OnString, Scanner, StrEncoding, graphic_prefix};
use crate::core::document::Document;
use crate::core::search::Progress;

/// Bytes scanned between progress reports.
const BLOCK: usize = 8 << 20;

/// Blocks at least this long are prefetched (see `Source::prefetch`).
const PREFETCH_MIN: usize = 1 << 20;

/// Calls `on` for every string of at least `min` characters in `range` of
/// `doc`, in any of `encodings`, in increasing offset order (strings of
/// several encodings at one offset in the order of `encodings`' variants).
/// Offsets are absolute. Returns `Break` when `on` or `progress` stopped it.
pub fn scan(
    doc: &Document,
    range: Range<u64>,
    encodings: &[StrEncoding],
    min: usize,
    progress: Progress<'_>,
    on: OnString<'_>,
) -> ControlFlow<()> {
    let range = range.start.min(doc.len())..range.end.min(doc.len());
    let mut encodings = encodings.to_vec();
    encodings.sort();
    encodings.dedup();
    let mut scanners: Vec<Scanner> = encodings
        .iter()
        .map(|&e| Scanner::new(e, min, range.start))
        .collect();
    if let [scanner] = scanners.as_mut_slice() {
        // One encoding reports in order by itself; its strings are passed
        // on without a copy. ASCII blocks end where a string does, so that
        // even a string of gigabytes is borrowed from the map, not copied.
        let ascii = scanner.encoding == StrEncoding::Ascii;
        each_block(doc, range, ascii, progress, &mut |offset, block| {
            scanner.feed(offset, block, on)
        })?;
        return scanner.finish(on);
    }
    // Several: a string is held until no scanner can still report one that
    // starts before it.
    let mut held = Held::new(scanners.len());
    each_block(doc, range, false, progress, &mut |offset, block| {
        for (i, scanner) in scanners.iter_mut().enumerate() {
            scanner.feed(offset, block, &mut |f| held.keep(i, f))?;
        }
        let low = scanners.iter().map(Scanner::low_water).min();
        held.release_below(low.unwrap_or(u64::MAX), on)
    })?;
    for (i, scanner) in scanners.iter_mut().enumerate() {
        scanner.finish(&mut |f| held.keep(i, f))?;
    }
    held.release_below(u64::MAX, on)
}

/// Strings found but not yet reported: a queue per scanner, each in
/// offset order.
struct Held(Vec<VecDeque<(u64, StrEncoding, String)>>);

impl Held {
    fn new(scanners: usize) -> Self {
        Held((0..scanners).map(|_| VecDeque::new()).collect())
    }

    fn keep(&mut self, scanner: usize, found: Found<'_>) -> ControlFlow<()> {
        let entry = (found.offset, found.encoding, found.text.into_owned());
        self.0[scanner].push_back(entry);
        ControlFlow::Continue(())
    }

    /// Reports, in order (by offset, then scanner), the strings that start
    /// before `low`.
    fn release_below(&mut self, low: u64, on: OnString<'_>) -> ControlFlow<()> {
        loop {
            let next = (self.0.iter().enumerate())
                .filter_map(|(i, q)| q.front().map(|f| (f.0, i)))
                .filter(|&(offset, _)| offset < low)
                .min();
            let Some((_, i)) = next else {
                return ControlFlow::Continue(());
            };
            let (offset, encoding, text) = self.0[i].pop_front().expect("a front");
            on(Found {
                offset,
                encoding,
                text: Cow::Owned(text),
            })?;
        }
    }
}

/// Calls `f` with the bytes of `range` in blocks of about [`BLOCK`],
/// reporting progress before each; with `whole_ascii`, a block goes on to
/// the end of the run of graphic bytes it would have cut.
fn each_block(
    doc: &Document,
    range: Range<u64>,
    whole_ascii: bool,
    progress: Progress<'_>,
    f: &mut dyn FnMut(u64, &[u8]) -> ControlFlow<()>,
) -> ControlFlow<()> {
    doc.for_each_slice(range, |offset, slice| {
        let mut start = 0;
        while start < slice.len() {
            let mut end = (start + BLOCK).min(slice.len());
            if whole_ascii {
                end += graphic_prefix(&slice[end..]);
            }
            let block = &slice[start..end];
            let block_offset = offset + start as u64;
            progress(block_offset)?;
            if block.len() >= PREFETCH_MIN {
                doc.prefetch(block_offset..block_offset + block.len() as u64);
            }
            f(block_offset, block)?;
            start = end;
        }
        ControlFlow::Continue(())
    })
}
