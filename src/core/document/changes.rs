//! The unsaved changes as the user sees them: the ranges that differ
//! from the file (for an in-place save and for drawing unsaved bytes), the
//! list the changes panel shows every frame (computed once per version),
//! and reverting one change.

use std::ops::{ControlFlow, Range};
use std::sync::Arc;

use super::{ChangeSummary, Document};
use crate::core::piece::{Buf, Piece};

impl Document {
    /// The ranges whose bytes differ in position or origin from the file as
    /// opened: what an in-place save must write. Costs time in the number of
    /// pieces, not the file's size.
    pub fn changed_ranges(&self) -> Vec<Range<u64>> {
        self.changed_in(0..self.len())
    }

    /// Checks whether another program cut the file shorter (see
    /// [`Source::check_shrink`](crate::core::source::Source::check_shrink))
    /// and makes every vanished byte of every source the document or its
    /// history still reads read as zeros. Returns the file's new size the
    /// first time a shrink is seen.
    pub fn check_shrink(&self) -> Option<u64> {
        let sources = &self.content.sources;
        let mut newly = None;
        for (i, source) in sources.iter().enumerate() {
            if let Some(size) = source.check_shrink()
                && i == sources.len() - 1
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
        let sources = &self.content.sources;
        let mut out: Vec<Range<u64>> = Vec::new();
        if sources.iter().all(|s| s.vanished_from().is_none()) {
            return out;
        }
        let _ = self
            .content
            .tree
            .visit(range.clone(), &mut |offset, piece| {
                if let Buf::Source(i) = piece.buf
                    && let Some(from) = sources[i as usize].vanished_from()
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

    /// The changed ranges that overlap `range` (clipped to it): for showing
    /// unsaved bytes on screen.
    pub fn changed_in(&self, range: Range<u64>) -> Vec<Range<u64>> {
        let current = self.current();
        let mut out: Vec<Range<u64>> = Vec::new();
        let _ = self
            .content
            .tree
            .visit(range.clone(), &mut |offset, piece| {
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

    /// Every unsaved change, in order: each run of bytes that is not the
    /// file's own, against the file's bytes it stands in for. Computed once
    /// per version of the document (in time linear in the pieces), so
    /// asking every frame costs nothing while the bytes stay the same.
    pub fn changes(&self) -> Arc<[ChangeSummary]> {
        Arc::clone(self.changes.get_or_init(|| self.compute_changes().into()))
    }

    fn compute_changes(&self) -> Vec<ChangeSummary> {
        let current = self.current();
        let len = self.len();
        let mut out = Vec::new();
        let mut src_pos = 0;
        let mut pending: Option<u64> = None;
        let _ = self.content.tree.visit(0..len, &mut |offset, piece| {
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
            let start = pending.unwrap_or(len);
            out.push(ChangeSummary {
                offset: start,
                new_len: len - start,
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
        let piece = Piece {
            buf: self.current(),
            start: change.old.start,
            len: change.old.end - change.old.start,
        };
        let pieces = if change.old.is_empty() {
            &[][..]
        } else {
            &[piece][..]
        };
        self.commit();
        self.splice_recorded(change.offset..change.offset + change.new_len, pieces);
        self.commit();
    }
}
