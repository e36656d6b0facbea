//! Undo and redo of grouped edits.
//!
//! An edit is recorded as a [`Change`]: where it happened, the pieces it
//! removed and the pieces it put in. Pieces point into immutable buffers, so
//! a change costs a few words however many bytes it covers, and undoing a
//! change is just the reverse splice. Changes accumulate in an open
//! transaction until the caller commits it at a natural boundary (the end of
//! a run of typing, a paste, a replace-all): one undo reverts it whole.

use std::ops::Range;

use super::piece::Piece;

/// One splice: at `offset`, the bytes of `old` were replaced by those of `new`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub offset: u64,
    pub old: Vec<Piece>,
    pub new: Vec<Piece>,
}

impl Change {
    pub fn old_len(&self) -> u64 {
        self.old.iter().map(|p| p.len).sum()
    }

    pub fn new_len(&self) -> u64 {
        self.new.iter().map(|p| p.len).sum()
    }
}

/// Changes that undo and redo as one step.
#[derive(Clone, Debug, Default)]
pub struct Transaction {
    id: u64,
    changes: Vec<Change>,
}

impl Transaction {
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The span of the document the transaction touched, in the document as
    /// it is after applying it (used to put the cursor back on the edit).
    pub fn span_after(&self) -> Range<u64> {
        span(
            self.changes
                .iter()
                .map(|c| c.offset..c.offset + c.new_len()),
        )
    }

    /// The span touched, in the document as it was before applying it.
    pub fn span_before(&self) -> Range<u64> {
        span(
            self.changes
                .iter()
                .map(|c| c.offset..c.offset + c.old_len()),
        )
    }
}

fn span(ranges: impl Iterator<Item = Range<u64>>) -> Range<u64> {
    ranges
        .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
        .unwrap_or(0..0)
}

/// The undo and redo stacks, the open transaction, and the saved point.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Transaction>,
    redo: Vec<Transaction>,
    open: Vec<Change>,
    next_id: u64,
    /// The id of the transaction on top of the undo stack when the document
    /// last matched the file (0: the empty stack).
    saved_id: u64,
    /// Set when the saved state was lost from the stacks (an edit after
    /// undoing past the save): the document can no longer return to it.
    saved_unreachable: bool,
}

impl History {
    /// Adds a change to the open transaction; any redo is forgotten.
    pub fn record(&mut self, change: Change) {
        if !self.redo.is_empty() {
            if self.redo.iter().any(|t| t.id == self.saved_id) {
                self.saved_unreachable = true;
            }
            self.redo.clear();
        }
        self.open.push(change);
    }

    /// Closes the open transaction: the changes since the last commit become
    /// one undo step. Returns false when there was nothing to commit.
    pub fn commit(&mut self) -> bool {
        if self.open.is_empty() {
            return false;
        }
        self.next_id += 1;
        self.undo.push(Transaction {
            id: self.next_id,
            changes: std::mem::take(&mut self.open),
        });
        true
    }

    pub fn has_open(&self) -> bool {
        !self.open.is_empty()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty() || !self.open.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Takes the transaction to undo (committing any open one first). The
    /// caller applies its inverse, then hands it to [`History::push_redo`].
    pub fn pop_undo(&mut self) -> Option<Transaction> {
        self.commit();
        self.undo.pop()
    }

    pub fn push_redo(&mut self, t: Transaction) {
        self.redo.push(t);
    }

    /// Takes the transaction to redo; the caller re-applies it, then hands
    /// it to [`History::push_undo`].
    pub fn pop_redo(&mut self) -> Option<Transaction> {
        self.redo.pop()
    }

    pub fn push_undo(&mut self, t: Transaction) {
        self.undo.push(t);
    }

    /// Records that the document now matches the file on disk.
    pub fn mark_saved(&mut self) {
        self.commit();
        self.saved_id = self.undo.last().map_or(0, |t| t.id);
        self.saved_unreachable = false;
    }

    /// Records that the document no longer matches the file on disk, even
    /// where the stacks say it should.
    pub fn mark_unsaved(&mut self) {
        self.saved_unreachable = true;
    }

    /// Whether the document differs from the file as last opened or saved.
    pub fn is_modified(&self) -> bool {
        self.has_open()
            || self.saved_unreachable
            || self.undo.last().map_or(0, |t| t.id) != self.saved_id
    }

    /// Every piece the history refers to, for rewriting when a buffer they
    /// point into is about to change (see `Document::detach`).
    pub(crate) fn piece_lists_mut(&mut self) -> impl Iterator<Item = &mut Vec<Piece>> {
        self.undo
            .iter_mut()
            .chain(self.redo.iter_mut())
            .flat_map(|t| t.changes.iter_mut())
            .chain(self.open.iter_mut())
            .flat_map(|c| [&mut c.old, &mut c.new])
    }
}
