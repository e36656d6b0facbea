//! Scanning a document for strings of one or several encodings, reported in
//! increasing offset order.

use std::borrow::Cow;
use std::collections::BTreeMap;
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
    let mut held = Held::default();
    each_block(doc, range, false, progress, &mut |offset, block| {
        for scanner in &mut scanners {
            scanner.feed(offset, block, &mut |f| held.keep(f))?;
        }
        let low = scanners.iter().map(Scanner::low_water).min();
        held.release_below(low.unwrap_or(u64::MAX), on)
    })?;
    for scanner in &mut scanners {
        scanner.finish(&mut |f| held.keep(f))?;
    }
    held.release_below(u64::MAX, on)
}

/// Strings found but not yet reported, by offset and encoding.
#[derive(Default)]
struct Held(BTreeMap<(u64, StrEncoding), String>);

impl Held {
    fn keep(&mut self, found: Found<'_>) -> ControlFlow<()> {
        let key = (found.offset, found.encoding);
        self.0.insert(key, found.text.into_owned());
        ControlFlow::Continue(())
    }

    /// Reports, in order, the strings that start before `low`.
    fn release_below(&mut self, low: u64, on: OnString<'_>) -> ControlFlow<()> {
        while let Some(entry) = self.0.first_entry() {
            let (offset, encoding) = *entry.key();
            if offset >= low {
                break;
            }
            let text = entry.remove();
            on(Found {
                offset,
                encoding,
                text: Cow::Owned(text),
            })?;
        }
        ControlFlow::Continue(())
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
