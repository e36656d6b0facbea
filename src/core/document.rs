//! A document: a source plus the user's edits, with undo history.
//!
//! Every edit — typed in any pane, pasted, patched from the command line,
//! a fill, a replace-all — goes through [`Document::replace`] or one of its
//! kin, which splice the piece tree and record the change in the
//! [`History`]. Reads copy only the bytes asked for, so the cost of a frame
//! does not grow with the file. [`Document::snapshot`] hands out the bytes
//! as they are now, in O(1), for work on another thread.

mod apply;
mod changes;
mod rebase;
#[cfg(test)]
mod tests;

use std::ops::{ControlFlow, Range};
use std::sync::{Arc, OnceLock};

use thiserror::Error;

use super::history::{History, Transaction};
use super::piece::{Buf, INLINE_MAX, MAX_PATTERNS, Piece, PieceTree};
use super::snapshot::Snapshot;
use super::source::Source;

/// An edit that does not fit the document.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum EditError {
    #[error("offset 0x{offset:x} is past the end (0x{len:x})")]
    PastEnd { offset: u64, len: u64 },
    #[error("a fill needs at least one byte of pattern")]
    EmptyPattern,
    #[error("too many different fill patterns (at most {MAX_PATTERNS} in one session)")]
    TooManyPatterns,
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
    content: Snapshot,
    history: History,
    splices: Vec<Splice>,
    /// Counts changes of the bytes: equal versions, equal bytes.
    version: u64,
    /// [`Document::changes`] of the current version, once asked for.
    changes: OnceLock<Arc<[ChangeSummary]>>,
    /// Reused piece lists, so that an edit allocates nothing amortised.
    new_pieces: Vec<Piece>,
    old_pieces: Vec<Piece>,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("source", self.source())
            .field("tree", &self.content.tree)
            .finish()
    }
}

impl Document {
    pub fn new(source: Source) -> Self {
        let tree = PieceTree::from_pieces(whole(0, &source));
        Document {
            content: Snapshot::new(source, tree),
            history: History::default(),
            splices: Vec::new(),
            version: 0,
            changes: OnceLock::new(),
            new_pieces: Vec::new(),
            old_pieces: Vec::new(),
        }
    }

    /// A document over bytes in memory (no file behind them).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Document::new(Source::from_vec(bytes))
    }

    /// The bytes as they are now, to read on another thread while this
    /// document is edited. O(1): it shares the tree and the buffers.
    pub fn snapshot(&self) -> Snapshot {
        self.content.clone()
    }

    /// The bytes as they are now, borrowed: everything a snapshot reads.
    pub fn content(&self) -> &Snapshot {
        &self.content
    }

    /// Changes whenever the bytes do (an edit, an undo, a save's rebase).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The file as opened or last saved.
    pub fn source(&self) -> &Source {
        self.content.source()
    }

    pub fn len(&self) -> u64 {
        self.content.len()
    }

    pub fn is_empty(&self) -> bool {
        self.content.is_empty()
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Whether there are edits not yet saved.
    pub fn is_modified(&self) -> bool {
        self.history.is_modified()
    }

    /// Calls `f(offset, bytes)` for each contiguous run of bytes in `range`
    /// (clipped to the document), in order, without copying.
    pub fn for_each_slice(
        &self,
        range: Range<u64>,
        f: impl FnMut(u64, &[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        self.content.for_each_slice(range, f)
    }

    /// Hints that the bytes in `range` are about to be read (see
    /// [`Snapshot::prefetch`]).
    pub fn prefetch(&self, range: Range<u64>) {
        self.content.prefetch(range);
    }

    /// Copies the bytes at `offset` into `out`; returns how many there were
    /// (fewer than `out.len()` at the end of the document).
    pub fn read_into(&self, offset: u64, out: &mut [u8]) -> usize {
        self.content.read_into(offset, out)
    }

    /// The bytes in `range`, clipped to the document.
    pub fn read(&self, range: Range<u64>) -> Vec<u8> {
        self.content.read(range)
    }

    pub fn byte_at(&self, offset: u64) -> Option<u8> {
        self.content.byte_at(offset)
    }

    fn check_range(&self, range: &Range<u64>) -> Result<(), EditError> {
        let len = self.len();
        if range.end > len || range.start > range.end {
            return Err(EditError::PastEnd {
                offset: range.end.max(range.start),
                len,
            });
        }
        Ok(())
    }

    /// Replaces the bytes in `range` by `bytes` (either may be empty) and
    /// records the change in the open transaction.
    pub fn replace(&mut self, range: Range<u64>, bytes: &[u8]) -> Result<(), EditError> {
        self.check_range(&range)?;
        if range.is_empty() && bytes.is_empty() {
            return Ok(());
        }
        if self.retype(&range, bytes) {
            return Ok(());
        }
        let mut new = std::mem::take(&mut self.new_pieces);
        new.clear();
        if bytes.len() as u64 <= INLINE_MAX {
            if !bytes.is_empty() {
                new.push(Piece::inline(bytes));
            }
        } else {
            self.content.add.push(bytes, &mut new);
        }
        self.splice_recorded(range, &new);
        self.new_pieces = new;
        Ok(())
    }

    /// Typing over bytes just typed (the second hex digit of a byte, a
    /// correction): when `range` holds the newest bytes of the add buffer,
    /// put in by the splice still open in the history and seen by no
    /// snapshot, they are rewritten in place — the run stays one piece and
    /// the history, which never saw them, stays as it is.
    fn retype(&mut self, range: &Range<u64>, bytes: &[u8]) -> bool {
        let n = range.end - range.start;
        if n != bytes.len() as u64 || n == 0 || !self.history.pending_covers(range) {
            return false;
        }
        let mut at = None;
        let _ = self
            .content
            .tree
            .visit(range.clone(), &mut |offset, piece| {
                at = (piece.buf == Buf::Add
                    && offset <= range.start
                    && range.end <= offset + piece.len)
                    .then_some(piece.start + (range.start - offset));
                ControlFlow::Break(())
            });
        let Some(start) = at else { return false };
        if !self.content.add.rewrite_tail(start, bytes) {
            return false;
        }
        self.splices.push(Splice {
            offset: range.start,
            removed: n,
            inserted: n,
        });
        self.touch();
        true
    }

    /// Replaces the bytes in `range` by `pattern` repeated (and cut at the
    /// end of the range), as one piece: O(1) memory for any length.
    pub fn fill(&mut self, range: Range<u64>, pattern: &[u8]) -> Result<(), EditError> {
        self.check_range(&range)?;
        if pattern.is_empty() {
            return Err(EditError::EmptyPattern);
        }
        if range.is_empty() {
            return Ok(());
        }
        let id = (self.content.patterns)
            .intern(pattern)
            .ok_or(EditError::TooManyPatterns)?;
        let piece = Piece {
            buf: Buf::Pattern(id),
            start: 0,
            len: range.end - range.start,
        };
        self.splice_recorded(range, &[piece]);
        Ok(())
    }

    /// Replaces `match_len` bytes at each of `matches` (ascending; a match
    /// overlapping the one before it is skipped) by `replacement`, as one
    /// undo step of its own. The replacement is stored once, however many
    /// matches there are, and the tree is rebuilt in one pass. Returns the
    /// number of matches replaced.
    pub fn replace_all(
        &mut self,
        matches: &[u64],
        match_len: u64,
        replacement: &[u8],
    ) -> Result<usize, EditError> {
        let mut chosen = Vec::new();
        let mut next_free = 0;
        for &at in matches {
            if at >= next_free {
                self.check_range(&(at..at.saturating_add(match_len)))?;
                chosen.push(at);
                next_free = at + match_len.max(1);
            }
        }
        if chosen.is_empty() || (match_len == 0 && replacement.is_empty()) {
            return Ok(0);
        }
        self.commit();
        let mut new = Vec::new();
        self.content.add.push(replacement, &mut new);
        let inserted = replacement.len() as u64;
        let edits = chosen.iter().map(|&at| (at..at + match_len, &new[..]));
        let mut done = Transaction::default();
        let mut i = 0;
        self.content.tree.splice_sorted(edits, |removed| {
            done.push(chosen[i], inserted, removed);
            i += 1;
        });
        self.touch();
        // Recorded last to first: each offset then holds as it stands.
        self.splices.reserve(chosen.len());
        for i in (0..done.len()).rev() {
            let (at, inserted, removed) = done.get(i);
            self.history.record(at, inserted, removed);
            self.splices.push(Splice {
                offset: at,
                removed: match_len,
                inserted,
            });
        }
        self.commit();
        Ok(chosen.len())
    }

    /// Splices pieces in, recording the change in the history and the log.
    fn splice_recorded(&mut self, range: Range<u64>, new: &[Piece]) {
        let mut old = std::mem::take(&mut self.old_pieces);
        old.clear();
        self.splice(range.clone(), new, &mut old);
        let inserted = new.iter().map(|p| p.len).sum();
        self.history.record(range.start, inserted, &old);
        self.old_pieces = old;
    }

    fn splice(&mut self, range: Range<u64>, pieces: &[Piece], removed: &mut Vec<Piece>) {
        self.splices.push(Splice {
            offset: range.start,
            removed: range.end - range.start,
            inserted: pieces.iter().map(|p| p.len).sum(),
        });
        self.touch();
        self.content.tree.splice_into(range, pieces, removed);
    }

    /// Notes that the bytes changed.
    fn touch(&mut self) {
        self.version += 1;
        if self.changes.get().is_some() {
            self.changes = OnceLock::new();
        }
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
        let (inverse, span) = apply::apply(&mut self.content.tree, &t, &mut self.splices);
        self.touch();
        self.history.push_redo(inverse);
        Some(span)
    }

    /// Re-applies the last undone step; returns the span it changed.
    pub fn redo(&mut self) -> Option<Range<u64>> {
        let t = self.history.pop_redo()?;
        let (inverse, span) = apply::apply(&mut self.content.tree, &t, &mut self.splices);
        self.touch();
        self.history.push_undo(inverse);
        Some(span)
    }

    fn current(&self) -> Buf {
        Buf::Source(self.content.sources.len() as u32 - 1)
    }

    /// Heap bytes the edits cost: the tree's nodes, the add buffer and the
    /// history (not the sources, nor the splices not yet taken).
    pub fn heap_bytes(&self) -> u64 {
        self.content.heap_bytes() + self.history.heap_bytes()
    }
}

fn whole(index: u32, source: &Source) -> Option<Piece> {
    (!source.is_empty()).then_some(Piece {
        buf: Buf::Source(index),
        start: 0,
        len: source.len(),
    })
}
