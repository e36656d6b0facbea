//! A document: a source plus the user's edits, with undo history.
//!
//! Every edit — typed in any pane, pasted, patched from the command line —
//! goes through [`Document::replace`], which splices the piece tree and
//! records the change in the [`History`]. Reads copy only the bytes asked
//! for, so the cost of a frame does not grow with the file.

use std::borrow::Cow;
use std::ops::{ControlFlow, Range};

use thiserror::Error;

use super::history::{Change, History};
use super::piece::{Buf, Piece, PieceTree};
use super::source::Source;

/// An edit that does not fit the document.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum EditError {
    #[error("offset 0x{offset:x} is past the end (0x{len:x})")]
    PastEnd { offset: u64, len: u64 },
}

/// One splice of the document's bytes: at `offset`, `removed` bytes were
/// replaced by `inserted` bytes. Marks and other offsets kept by the editor
/// follow the document by applying these in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Splice {
    pub offset: u64,
    pub removed: u64,
    pub inserted: u64,
}

impl Splice {
    /// Where an offset kept across this splice lands: after the splice it
    /// shifts; inside the removed bytes it moves to their start.
    pub fn map(&self, offset: u64) -> u64 {
        if offset >= self.offset + self.removed {
            offset - self.removed + self.inserted
        } else if offset >= self.offset {
            self.offset
        } else {
            offset
        }
    }
}

/// An unsaved change as the user sees it: `new_len` bytes at `offset` in
/// the document stand where `old` was in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeSummary {
    pub offset: u64,
    pub new_len: u64,
    /// The file's bytes that were replaced, as a range of the file.
    pub old: Range<u64>,
}

/// The bytes of a source with edits applied.
pub struct Document {
    /// `sources.last()` is the file as opened or last saved; earlier ones
    /// are kept while the undo history may still refer to them.
    sources: Vec<Source>,
    add: Vec<u8>,
    tree: PieceTree,
    history: History,
    splices: Vec<Splice>,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("source", self.source())
            .field("tree", &self.tree)
            .finish()
    }
}

impl Document {
    pub fn new(source: Source) -> Self {
        let tree = PieceTree::from_pieces(whole(0, &source));
        Document {
            sources: vec![source],
            add: Vec::new(),
            tree,
            history: History::default(),
            splices: Vec::new(),
        }
    }

    /// A document over bytes in memory (no file behind them).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Document::new(Source::from_vec(bytes))
    }

    /// The file as opened or last saved.
    pub fn source(&self) -> &Source {
        self.sources.last().expect("a document always has a source")
    }

    pub fn len(&self) -> u64 {
        self.tree.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Whether there are edits not yet saved.
    pub fn is_modified(&self) -> bool {
        self.history.is_modified()
    }

    /// Bytes `from..to` of a piece: borrowed from the add buffer or the
    /// map, or read from the file when it is not mapped.
    fn bytes_of(&self, piece: &Piece, from: u64, to: u64) -> Cow<'_, [u8]> {
        let (start, end) = (piece.start + from, piece.start + to);
        match piece.buf {
            Buf::Add => Cow::Borrowed(&self.add[start as usize..end as usize]),
            Buf::Source(i) => self.sources[i as usize].slice(start..end),
        }
    }

    /// Calls `f(offset, bytes)` for each contiguous run of bytes in `range`
    /// (clipped to the document), in order, without copying.
    pub fn for_each_slice(
        &self,
        range: Range<u64>,
        mut f: impl FnMut(u64, &[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let range = range.start.min(self.len())..range.end.min(self.len());
        if range.is_empty() {
            return ControlFlow::Continue(());
        }
        self.tree.visit(range.clone(), &mut |offset, piece| {
            let from = range.start.saturating_sub(offset);
            let to = (range.end - offset).min(piece.len);
            // A long piece of a file read through pread comes in blocks, so
            // a whole-file scan never holds more than one block.
            const BLOCK: u64 = 4 << 20;
            let mut at = from;
            while at < to {
                let stop = if self.sources_pread(piece) {
                    (at + BLOCK).min(to)
                } else {
                    to
                };
                f(offset + at, &self.bytes_of(piece, at, stop))?;
                at = stop;
            }
            ControlFlow::Continue(())
        })
    }

    fn sources_pread(&self, piece: &Piece) -> bool {
        matches!(piece.buf, Buf::Source(i) if self.sources[i as usize].is_pread())
    }

    /// Hints that the bytes in `range` are about to be read: maps the pages
    /// of the file under them (see [`Source::prefetch`]). Pieces shorter
    /// than 64 KiB are left to page faults: a system call each would cost
    /// more than it saves.
    pub fn prefetch(&self, range: Range<u64>) {
        const MIN_SPAN: u64 = 64 << 10;
        let range = range.start.min(self.len())..range.end.min(self.len());
        if range.is_empty() {
            return;
        }
        let _ = self.tree.visit(range.clone(), &mut |offset, piece| {
            if let Buf::Source(i) = piece.buf {
                let from = range.start.saturating_sub(offset);
                let to = (range.end - offset).min(piece.len);
                if to - from >= MIN_SPAN {
                    self.sources[i as usize].prefetch(piece.start + from..piece.start + to);
                }
            }
            ControlFlow::Continue(())
        });
    }

    /// Copies the bytes at `offset` into `out`; returns how many there were
    /// (fewer than `out.len()` at the end of the document).
    pub fn read_into(&self, offset: u64, out: &mut [u8]) -> usize {
        let mut filled = 0;
        let _ = self.for_each_slice(offset..offset.saturating_add(out.len() as u64), |_, s| {
            out[filled..filled + s.len()].copy_from_slice(s);
            filled += s.len();
            ControlFlow::Continue(())
        });
        filled
    }

    /// The bytes in `range`, clipped to the document.
    pub fn read(&self, range: Range<u64>) -> Vec<u8> {
        let range = range.start.min(self.len())..range.end.min(self.len());
        let mut out = vec![0; (range.end.saturating_sub(range.start)) as usize];
        let n = self.read_into(range.start, &mut out);
        out.truncate(n);
        out
    }

    pub fn byte_at(&self, offset: u64) -> Option<u8> {
        let mut b = [0];
        (self.read_into(offset, &mut b) == 1).then_some(b[0])
    }

    /// Replaces the bytes in `range` by `bytes` (either may be empty) and
    /// records the change in the open transaction.
    pub fn replace(&mut self, range: Range<u64>, bytes: &[u8]) -> Result<(), EditError> {
        let len = self.len();
        if range.end > len || range.start > range.end {
            return Err(EditError::PastEnd {
                offset: range.end.max(range.start),
                len,
            });
        }
        if range.is_empty() && bytes.is_empty() {
            return Ok(());
        }
        let new: Vec<Piece> = if bytes.is_empty() {
            Vec::new()
        } else {
            let start = self.add.len() as u64;
            self.add.extend_from_slice(bytes);
            vec![Piece {
                buf: Buf::Add,
                start,
                len: bytes.len() as u64,
            }]
        };
        self.splice_recorded(range, new);
        Ok(())
    }

    /// Splices pieces in, recording the change in the history and the log.
    fn splice_recorded(&mut self, range: Range<u64>, new: Vec<Piece>) {
        let old = self.splice(range.clone(), &new);
        self.history.record(Change {
            offset: range.start,
            old,
            new,
        });
    }

    fn splice(&mut self, range: Range<u64>, pieces: &[Piece]) -> Vec<Piece> {
        self.splices.push(Splice {
            offset: range.start,
            removed: range.end - range.start,
            inserted: pieces.iter().map(|p| p.len).sum(),
        });
        self.tree.splice(range, pieces)
    }

    /// The splices made since the last call, in order.
    pub fn take_splices(&mut self) -> Vec<Splice> {
        std::mem::take(&mut self.splices)
    }

    /// Overwrites bytes from `offset`; bytes past the end are appended.
    pub fn overwrite(&mut self, offset: u64, bytes: &[u8]) -> Result<(), EditError> {
        let end = offset
            .saturating_add(bytes.len() as u64)
            .min(self.len())
            .max(offset);
        self.replace(offset..end, bytes)
    }

    pub fn insert(&mut self, offset: u64, bytes: &[u8]) -> Result<(), EditError> {
        self.replace(offset..offset, bytes)
    }

    pub fn delete(&mut self, range: Range<u64>) -> Result<(), EditError> {
        self.replace(range, &[])
    }

    /// Ends the current undo step: the edits since the last commit undo as one.
    pub fn commit(&mut self) {
        self.history.commit();
    }

    /// Reverts the last undo step; returns the span it restored, to put the
    /// cursor back on the edit.
    pub fn undo(&mut self) -> Option<Range<u64>> {
        let t = self.history.pop_undo()?;
        for c in t.changes().iter().rev() {
            self.splice(c.offset..c.offset + c.new_len(), &c.old);
        }
        let span = t.span_before();
        self.history.push_redo(t);
        Some(span)
    }

    /// Re-applies the last undone step; returns the span it changed.
    pub fn redo(&mut self) -> Option<Range<u64>> {
        let t = self.history.pop_redo()?;
        for c in t.changes() {
            self.splice(c.offset..c.offset + c.old_len(), &c.new);
        }
        let span = t.span_after();
        self.history.push_undo(t);
        Some(span)
    }

    /// The ranges whose bytes differ in position or origin from the file as
    /// opened: what an in-place save must write. Costs time in the number of
    /// pieces, not the file's size.
    pub fn changed_ranges(&self) -> Vec<Range<u64>> {
        self.changed_in(0..self.len())
    }

    /// The changed ranges that overlap `range` (clipped to it): for showing
    /// unsaved bytes on screen.
    pub fn changed_in(&self, range: Range<u64>) -> Vec<Range<u64>> {
        let current = Buf::Source(self.sources.len() as u32 - 1);
        let mut out: Vec<Range<u64>> = Vec::new();
        let _ = self.tree.visit(range.clone(), &mut |offset, piece| {
            if piece.buf != current || piece.start != offset {
                let r = offset.max(range.start)..(offset + piece.len).min(range.end);
                match out.last_mut() {
                    Some(last) if last.end == r.start => last.end = r.end,
                    _ => out.push(r),
                }
            }
            ControlFlow::Continue(())
        });
        out
    }

    /// Checks whether another program cut the file shorter (see
    /// [`Source::check_shrink`]) and makes every vanished byte of every
    /// source the document or its history still reads read as zeros.
    /// Returns the file's new size the first time a shrink is seen.
    pub fn check_shrink(&self) -> Option<u64> {
        let mut newly = None;
        for (i, source) in self.sources.iter().enumerate() {
            if let Some(size) = source.check_shrink()
                && i == self.sources.len() - 1
            {
                newly = Some(size);
            }
        }
        newly
    }

    /// The ranges within `range` whose bytes come from the part of the file
    /// that another program truncated away: they read as zeros, and the
    /// screen marks them.
    pub fn vanished_in(&self, range: Range<u64>) -> Vec<Range<u64>> {
        let mut out: Vec<Range<u64>> = Vec::new();
        if self.sources.iter().all(|s| s.vanished_from().is_none()) {
            return out;
        }
        let _ = self.tree.visit(range.clone(), &mut |offset, piece| {
            if let Buf::Source(i) = piece.buf
                && let Some(from) = self.sources[i as usize].vanished_from()
                && piece.end() > from
            {
                let gone = offset + from.saturating_sub(piece.start);
                let r = gone.max(range.start)..(offset + piece.len).min(range.end);
                if !r.is_empty() {
                    match out.last_mut() {
                        Some(last) if last.end == r.start => last.end = r.end,
                        _ => out.push(r),
                    }
                }
            }
            ControlFlow::Continue(())
        });
        out
    }

    /// Every unsaved change, in order: each run of bytes that is not the
    /// file's own, against the file's bytes it stands in for. Costs time in
    /// the number of pieces.
    pub fn changes(&self) -> Vec<ChangeSummary> {
        let current = Buf::Source(self.sources.len() as u32 - 1);
        let mut out = Vec::new();
        let mut src_pos = 0;
        let mut pending: Option<u64> = None;
        let _ = self.tree.visit(0..self.len(), &mut |offset, piece| {
            if piece.buf == current && piece.start >= src_pos {
                if pending.is_some() || piece.start != src_pos {
                    let start = pending.take().unwrap_or(offset);
                    out.push(ChangeSummary {
                        offset: start,
                        new_len: offset - start,
                        old: src_pos..piece.start,
                    });
                }
                src_pos = piece.end();
            } else if pending.is_none() {
                pending = Some(offset);
            }
            ControlFlow::Continue(())
        });
        let src_len = self.source().len();
        if pending.is_some() || src_pos != src_len {
            let start = pending.unwrap_or(self.len());
            out.push(ChangeSummary {
                offset: start,
                new_len: self.len() - start,
                old: src_pos..src_len,
            });
        }
        out
    }

    /// The file's bytes a change replaced (up to `max` of them).
    pub fn old_bytes(&self, change: &ChangeSummary, max: u64) -> Vec<u8> {
        let end = change.old.end.min(change.old.start + max);
        self.source().slice(change.old.start..end).into_owned()
    }

    /// Puts the file's bytes back in place of one change, as an undo step.
    pub fn revert(&mut self, change: &ChangeSummary) {
        let index = self.sources.len() as u32 - 1;
        let pieces = if change.old.is_empty() {
            Vec::new()
        } else {
            vec![Piece {
                buf: Buf::Source(index),
                start: change.old.start,
                len: change.old.end - change.old.start,
            }]
        };
        self.commit();
        self.splice_recorded(change.offset..change.offset + change.new_len, pieces);
        self.commit();
    }

    /// Before the bytes of the current source change under the map (an
    /// in-place save writes `ranges` of the file), copies whatever the undo
    /// history still needs of those ranges into the add buffer.
    pub(crate) fn detach_history(&mut self, ranges: &[Range<u64>]) {
        let current = self.sources.len() as u32 - 1;
        let source = &self.sources[current as usize];
        let add = &mut self.add;
        for list in self.history.piece_lists_mut() {
            if !list.iter().any(|p| p.buf == Buf::Source(current)) {
                continue;
            }
            let mut rewritten = Vec::with_capacity(list.len());
            for p in list.iter() {
                if p.buf == Buf::Source(current) {
                    detach_piece(*p, ranges, source, add, &mut rewritten);
                } else {
                    rewritten.push(*p);
                }
            }
            *list = rewritten;
        }
    }

    /// Before an in-place save writes `ranges` of the current source's file
    /// (the changed ranges of a document of the file's length): copies into
    /// the add buffer the bytes the document itself reads from those ranges
    /// at other offsets — file bytes moved by an insert and a delete — so
    /// that writing one range cannot change what a later one writes.
    pub(crate) fn detach_tree(&mut self, ranges: &[Range<u64>]) {
        let current = Buf::Source(self.sources.len() as u32 - 1);
        let mut moved = false;
        let _ = self.tree.visit(0..self.len(), &mut |offset, piece| {
            if piece.buf == current && piece.start != offset {
                moved = true;
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        if !moved {
            return;
        }
        let source = self.sources.last().expect("a document always has a source");
        let mut pieces = Vec::with_capacity(self.tree.piece_count() as usize);
        for p in self.tree.pieces() {
            if p.buf == current {
                detach_piece(p, ranges, source, &mut self.add, &mut pieces);
            } else {
                pieces.push(p);
            }
        }
        self.tree = PieceTree::from_pieces(pieces);
    }

    /// After a save: the file now holds exactly this document. `source` is
    /// the saved file (reopened), or `None` when the file was written in
    /// place and the current map already shows the new bytes.
    pub(crate) fn rebase(&mut self, source: Option<Source>, keep_old: bool) {
        if let Some(source) = source {
            if !keep_old {
                // Nothing may point into the old source any more: the caller
                // detached the history from all of it.
                let last = self.sources.len() - 1;
                self.sources[last] = Source::from_vec(Vec::new());
            }
            self.sources.push(source);
        }
        let index = self.sources.len() as u32 - 1;
        self.tree = PieceTree::from_pieces(whole(index, self.source()));
        self.history.mark_saved();
    }
}

impl Document {
    /// Re-reads the file's identity after writing it in place.
    pub(crate) fn refresh_identity(&mut self) {
        if let Some(source) = self.sources.last_mut() {
            source.refresh_identity();
        }
    }

    /// After a failed rewrite: the document's bytes now come from `source`
    /// (a complete copy of them), and the edits stay pending.
    pub(crate) fn rebase_unsaved(&mut self, source: Source) {
        let last = self.sources.len() - 1;
        self.sources[last] = Source::from_vec(Vec::new());
        self.sources.push(source);
        let index = self.sources.len() as u32 - 1;
        self.tree = PieceTree::from_pieces(whole(index, self.source()));
        self.history.mark_unsaved();
    }
}

fn whole(index: u32, source: &Source) -> Option<Piece> {
    (!source.is_empty()).then_some(Piece {
        buf: Buf::Source(index),
        start: 0,
        len: source.len(),
    })
}

/// Splits `p` at the edges of `ranges` (sorted, disjoint, in source
/// offsets) and copies the parts inside them into `add`.
fn detach_piece(
    p: Piece,
    ranges: &[Range<u64>],
    source: &Source,
    add: &mut Vec<u8>,
    out: &mut Vec<Piece>,
) {
    let mut pos = p.start;
    let end = p.end();
    let first = ranges.partition_point(|r| r.end <= pos);
    for r in &ranges[first..] {
        if r.start >= end {
            break;
        }
        if r.start > pos {
            out.push(Piece {
                buf: p.buf,
                start: pos,
                len: r.start - pos,
            });
            pos = r.start;
        }
        let stop = r.end.min(end);
        let start = add.len() as u64;
        add.extend_from_slice(&source.slice(pos..stop));
        out.push(Piece {
            buf: Buf::Add,
            start,
            len: stop - pos,
        });
        pos = stop;
    }
    if pos < end {
        out.push(Piece {
            buf: p.buf,
            start: pos,
            len: end - pos,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overwrite_insert_delete_read_back() {
        let mut d = Document::from_bytes(b"hello world".to_vec());
        d.overwrite(0, b"J").unwrap();
        d.insert(5, b",").unwrap();
        d.delete(6..7).unwrap();
        assert_eq!(d.read(0..100), b"Jello,world");
        assert_eq!(d.len(), 11);
    }

    #[test]
    fn overwrite_past_the_end_appends() {
        let mut d = Document::from_bytes(b"ab".to_vec());
        d.overwrite(1, b"xyz").unwrap();
        assert_eq!(d.read(0..10), b"axyz");
        d.overwrite(4, b"!").unwrap();
        assert_eq!(d.read(0..10), b"axyz!");
        assert_eq!(
            d.overwrite(9, b"?"),
            Err(EditError::PastEnd { offset: 9, len: 5 })
        );
    }

    #[test]
    fn undo_restores_original_after_insert_and_redo_reapplies() {
        let mut d = Document::from_bytes(b"abc".to_vec());
        d.insert(1, b"XY").unwrap();
        d.commit();
        assert!(d.is_modified());
        assert_eq!(d.undo(), Some(1..1));
        assert_eq!(d.read(0..10), b"abc");
        assert!(!d.is_modified());
        assert_eq!(d.redo(), Some(1..3));
        assert_eq!(d.read(0..10), b"aXYbc");
    }

    #[test]
    fn a_run_of_edits_before_commit_undoes_at_once() {
        let mut d = Document::from_bytes(vec![0; 8]);
        for (i, b) in b"Robin".iter().enumerate() {
            d.overwrite(i as u64, &[*b]).unwrap();
        }
        d.commit();
        d.overwrite(7, b"!").unwrap();
        d.undo();
        assert_eq!(d.read(0..8), b"Robin\0\0\0");
        d.undo();
        assert_eq!(d.read(0..8), [0; 8]);
        assert!(d.undo().is_none());
    }

    #[test]
    fn changed_ranges_list_edits_in_order() {
        let mut d = Document::from_bytes(vec![0; 100]);
        d.overwrite(10, b"ab").unwrap();
        d.overwrite(50, b"c").unwrap();
        assert_eq!(d.changed_ranges(), vec![10..12, 50..51]);
        assert_eq!(d.changed_in(11..60), vec![11..12, 50..51]);
        d.insert(0, b"z").unwrap();
        // Everything after an insert has moved.
        assert_eq!(d.changed_ranges(), vec![0..101]);
    }

    #[test]
    fn editing_after_undo_past_the_save_point_stays_modified() {
        let mut d = Document::from_bytes(b"abc".to_vec());
        d.overwrite(0, b"x").unwrap();
        d.commit();
        d.undo();
        assert!(!d.is_modified());
        d.overwrite(0, b"x").unwrap();
        d.commit();
        assert!(d.is_modified());
    }

    #[test]
    fn changes_pair_new_bytes_with_the_old_ones() {
        let mut d = Document::from_bytes(b"0123456789".to_vec());
        d.overwrite(1, b"ab").unwrap();
        d.insert(5, b"XYZ").unwrap();
        d.delete(10..12).unwrap();
        assert_eq!(d.read(0..20), b"0ab34XYZ569");
        let c = d.changes();
        assert_eq!(
            c,
            vec![
                ChangeSummary {
                    offset: 1,
                    new_len: 2,
                    old: 1..3
                },
                ChangeSummary {
                    offset: 5,
                    new_len: 3,
                    old: 5..5
                },
                ChangeSummary {
                    offset: 10,
                    new_len: 0,
                    old: 7..9
                },
            ]
        );
        assert_eq!(d.old_bytes(&c[0], 10), b"12");
        d.revert(&c[1]);
        assert_eq!(d.read(0..20), b"0ab34569");
        d.undo();
        assert_eq!(d.read(0..20), b"0ab34XYZ569");
        let tail = Document::from_bytes(b"abc".to_vec());
        assert!(tail.changes().is_empty());
    }

    #[test]
    fn changes_at_the_end_and_truncation() {
        let mut d = Document::from_bytes(b"abc".to_vec());
        d.delete(1..3).unwrap();
        assert_eq!(
            d.changes(),
            vec![ChangeSummary {
                offset: 1,
                new_len: 0,
                old: 1..3
            }]
        );
        d.insert(1, b"zz").unwrap();
        assert_eq!(
            d.changes(),
            vec![ChangeSummary {
                offset: 1,
                new_len: 2,
                old: 1..3
            }]
        );
    }

    #[test]
    fn splices_let_offsets_follow_edits() {
        let mut d = Document::from_bytes(vec![0; 100]);
        d.take_splices();
        d.insert(10, b"abcd").unwrap();
        d.delete(50..60).unwrap();
        let mut mark = 70u64;
        let mut inside = 55u64;
        for s in d.take_splices() {
            mark = s.map(mark);
            inside = s.map(inside);
        }
        assert_eq!(mark, 64);
        assert_eq!(inside, 50);
        d.undo();
        assert_eq!(d.take_splices().len(), 2);
    }

    #[test]
    fn detach_copies_only_the_needed_parts() {
        let src = &Source::from_vec(b"0123456789".to_vec());
        let mut add = Vec::new();
        let mut out = Vec::new();
        let p = Piece {
            buf: Buf::Source(0),
            start: 2,
            len: 6,
        };
        detach_piece(p, &[0..3, 5..6, 9..10], src, &mut add, &mut out);
        assert_eq!(add, b"25");
        let lens: Vec<_> = out.iter().map(|p| (p.buf, p.len)).collect();
        assert_eq!(
            lens,
            vec![
                (Buf::Add, 1),
                (Buf::Source(0), 2),
                (Buf::Add, 1),
                (Buf::Source(0), 2)
            ]
        );
    }
}
