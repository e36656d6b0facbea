//! Undo and redo of grouped edits.
//!
//! An edit is recorded as a splice: at `offset`, the `remove` bytes the
//! edit put in stand where `pieces` were. Pieces point into immutable
//! buffers, so a splice costs a few bytes however many bytes it covers.
//! Splices accumulate in an open transaction until the caller commits it at
//! a natural boundary (the end of a run of typing, a paste, a
//! replace-all): one undo reverts it whole.
//!
//! Each stack is one byte vector of compactly encoded splices (see
//! `codec`) plus where each transaction starts, so recording an edit
//! allocates nothing amortised. A splice that touches the one before it —
//! typing on, typing over a byte again, backspacing — is merged into it.
//! Undoing a transaction yields the splices to apply in reverse; applying
//! each returns the pieces it removed, which form the redo transaction.

mod codec;

use codec::Codec;

use super::piece::{Piece, push_joined};

/// A transaction taken off a stack, decoded, or one being built.
#[derive(Clone, Debug, Default)]
pub struct Transaction {
    id: u64,
    /// `(offset, remove, end of its pieces in `pieces`)`, in the order
    /// they were made.
    records: Vec<(u64, u64, usize)>,
    pieces: Vec<Piece>,
}

impl Transaction {
    /// An empty transaction with the id of `like` (its inverse, to be).
    pub fn inverse_of(like: &Transaction) -> Transaction {
        Transaction {
            id: like.id,
            records: Vec::with_capacity(like.records.len()),
            pieces: Vec::with_capacity(like.pieces.len()),
        }
    }

    /// Appends a splice: `offset..offset + remove` replaced by `pieces`.
    pub fn push(&mut self, offset: u64, remove: u64, pieces: &[Piece]) {
        self.pieces.extend_from_slice(pieces);
        self.records.push((offset, remove, self.pieces.len()));
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Splice `i`: its offset, the bytes it removes, the pieces it puts in.
    pub fn get(&self, i: usize) -> (u64, u64, &[Piece]) {
        let (offset, remove, end) = self.records[i];
        let start = if i == 0 { 0 } else { self.records[i - 1].2 };
        (offset, remove, &self.pieces[start..end])
    }
}

/// Transactions in one byte vector, the last on top.
#[derive(Debug, Default)]
struct Stack {
    bytes: Vec<u8>,
    /// Each transaction's id and where its bytes start.
    steps: Vec<(u64, usize)>,
}

impl Stack {
    fn push(&mut self, t: &Transaction) {
        self.steps.push((t.id, self.bytes.len()));
        let mut codec = Codec::default();
        for i in 0..t.len() {
            let (offset, remove, pieces) = t.get(i);
            codec.encode(&mut self.bytes, offset, remove, pieces);
        }
    }

    fn pop(&mut self) -> Option<Transaction> {
        let (id, start) = self.steps.pop()?;
        let t = decode(id, &self.bytes[start..]);
        self.bytes.truncate(start);
        Some(t)
    }

    fn last_id(&self) -> u64 {
        self.steps.last().map_or(0, |s| s.0)
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.steps.clear();
    }

    /// Rewrites every piece list through `f` (see [`History::map_pieces`]).
    fn map_pieces(&mut self, f: &mut dyn FnMut(&[Piece], &mut Vec<Piece>)) {
        let old = std::mem::take(self);
        for (i, &(id, start)) in old.steps.iter().enumerate() {
            let end = old.steps.get(i + 1).map_or(old.bytes.len(), |s| s.1);
            self.push(&map(&decode(id, &old.bytes[start..end]), f));
        }
    }
}

fn decode(id: u64, bytes: &[u8]) -> Transaction {
    let mut t = Transaction {
        id,
        ..Transaction::default()
    };
    let mut codec = Codec::default();
    let mut at = 0;
    while at < bytes.len() {
        let (offset, remove) = codec.decode(bytes, &mut at, &mut t.pieces);
        t.records.push((offset, remove, t.pieces.len()));
    }
    t
}

fn map(t: &Transaction, f: &mut dyn FnMut(&[Piece], &mut Vec<Piece>)) -> Transaction {
    let mut out = Transaction::inverse_of(t);
    let mut list = Vec::new();
    for i in 0..t.len() {
        let (offset, remove, pieces) = t.get(i);
        list.clear();
        f(pieces, &mut list);
        out.push(offset, remove, &list);
    }
    out
}

/// The splice last recorded, kept decoded so the next one can merge in.
#[derive(Debug, Default)]
struct Pending {
    offset: u64,
    remove: u64,
    pieces: Vec<Piece>,
}

impl Pending {
    fn old_len(&self) -> u64 {
        self.pieces.iter().map(|p| p.len).sum()
    }
}

/// The undo and redo stacks, the open transaction, and the saved point.
#[derive(Debug, Default)]
pub struct History {
    undo: Stack,
    redo: Stack,
    /// The open transaction: its splices but the last, encoded after the
    /// undo stack's bytes from `open_from`, and the last one, pending.
    open_from: usize,
    open_codec: Codec,
    pending: Option<Pending>,
    spare: Vec<Piece>,
    next_id: u64,
    /// The id of the transaction on top of the undo stack when the document
    /// last matched the file (0: the empty stack).
    saved_id: u64,
    /// Set when the saved state was lost from the stacks (an edit after
    /// undoing past the save): the document can no longer return to it.
    saved_unreachable: bool,
}

impl History {
    /// Adds a splice to the open transaction: the `remove` bytes now at
    /// `offset` stand where `old` was. Any redo is forgotten.
    pub fn record(&mut self, offset: u64, remove: u64, old: &[Piece]) {
        if !self.redo.steps.is_empty() {
            if self.redo.steps.iter().any(|s| s.0 == self.saved_id) {
                self.saved_unreachable = true;
            }
            self.redo.clear();
        }
        if let Some(p) = &mut self.pending
            && merge(p, offset, remove, old, &mut self.spare)
        {
            return;
        }
        self.flush();
        let mut pieces = std::mem::take(&mut self.spare);
        pieces.clear();
        pieces.extend_from_slice(old);
        self.pending = Some(Pending {
            offset,
            remove,
            pieces,
        });
    }

    /// Whether `range` lies within the bytes the last recorded splice put
    /// in, in an open transaction: then nothing else in the history refers
    /// to them, and they may be rewritten without a trace.
    pub fn pending_covers(&self, range: &std::ops::Range<u64>) -> bool {
        self.pending
            .as_ref()
            .is_some_and(|p| p.offset <= range.start && range.end <= p.offset + p.remove)
    }

    /// Encodes the pending splice.
    fn flush(&mut self) {
        if let Some(p) = self.pending.take() {
            self.open_codec
                .encode(&mut self.undo.bytes, p.offset, p.remove, &p.pieces);
            self.spare = p.pieces;
        }
    }

    /// Closes the open transaction: the changes since the last commit become
    /// one undo step. Returns false when there was nothing to commit.
    pub fn commit(&mut self) -> bool {
        if !self.has_open() {
            return false;
        }
        self.flush();
        self.next_id += 1;
        self.undo.steps.push((self.next_id, self.open_from));
        self.open_from = self.undo.bytes.len();
        self.open_codec = Codec::default();
        true
    }

    pub fn has_open(&self) -> bool {
        self.pending.is_some() || self.undo.bytes.len() > self.open_from
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.steps.is_empty() || self.has_open()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.steps.is_empty()
    }

    pub fn undo_len(&self) -> usize {
        self.undo.steps.len()
    }

    pub fn redo_len(&self) -> usize {
        self.redo.steps.len()
    }

    /// Takes the transaction to undo (committing any open one first). The
    /// caller applies its splices last to first, and hands the inverse
    /// (the pieces each removed, in the order applied) to
    /// [`History::push_redo`].
    pub fn pop_undo(&mut self) -> Option<Transaction> {
        self.commit();
        let t = self.undo.pop()?;
        self.open_from = self.undo.bytes.len();
        Some(t)
    }

    pub fn push_redo(&mut self, t: Transaction) {
        self.redo.push(&t);
    }

    /// Takes the transaction to redo; the caller applies it as an undo
    /// (last to first) and hands the inverse to [`History::push_undo`].
    pub fn pop_redo(&mut self) -> Option<Transaction> {
        self.redo.pop()
    }

    pub fn push_undo(&mut self, t: Transaction) {
        debug_assert!(!self.has_open());
        self.undo.push(&t);
        self.open_from = self.undo.bytes.len();
    }

    /// Records that the document now matches the file on disk.
    pub fn mark_saved(&mut self) {
        self.commit();
        self.saved_id = self.undo.last_id();
        self.saved_unreachable = false;
    }

    /// Records that the document no longer matches the file on disk, even
    /// where the stacks say it should.
    pub fn mark_unsaved(&mut self) {
        self.saved_unreachable = true;
    }

    /// Whether the document differs from the file as last opened or saved.
    pub fn is_modified(&self) -> bool {
        self.has_open() || self.saved_unreachable || self.undo.last_id() != self.saved_id
    }

    /// Rewrites every piece list the history holds: `f(old, new)` pushes
    /// the replacement of `old` to `new` (used when a buffer pieces point
    /// into is about to change, see `Document::detach_history`).
    pub(crate) fn map_pieces(&mut self, f: &mut dyn FnMut(&[Piece], &mut Vec<Piece>)) {
        self.flush();
        let open = decode(0, &self.undo.bytes[self.open_from..]);
        self.undo.bytes.truncate(self.open_from);
        self.undo.map_pieces(f);
        self.redo.map_pieces(f);
        self.open_from = self.undo.bytes.len();
        self.open_codec = Codec::default();
        let open = map(&open, f);
        for i in 0..open.len() {
            let (offset, remove, pieces) = open.get(i);
            self.open_codec
                .encode(&mut self.undo.bytes, offset, remove, pieces);
        }
    }

    /// Heap bytes held (for memory accounting).
    pub fn heap_bytes(&self) -> u64 {
        let stack = |s: &Stack| (s.bytes.capacity() + s.steps.capacity() * 16) as u64;
        let piece = std::mem::size_of::<Piece>();
        let pending = self.pending.as_ref().map_or(0, |p| p.pieces.capacity());
        stack(&self.undo) + stack(&self.redo) + ((pending + self.spare.capacity()) * piece) as u64
    }
}

/// Merges the splice `offset, remove, old` into the pending one `p` when
/// the bytes it replaced touch or overlap those `p` put in: the two become
/// one splice from the document before `p` to the document after both.
fn merge(p: &mut Pending, offset: u64, remove: u64, old: &[Piece], spare: &mut Vec<Piece>) -> bool {
    let old_len: u64 = old.iter().map(|q| q.len).sum();
    let (a, n1) = (p.offset, p.remove);
    if offset > a + n1 || offset + old_len < a {
        return false;
    }
    // Of the bytes `old` stood for, those before `a` and after `a + n1`
    // were the original document's; those between were `p`'s own.
    spare.clear();
    let before = a.saturating_sub(offset);
    let after_from = (a + n1).saturating_sub(offset);
    take_bytes(old, 0, before, spare);
    for q in &p.pieces {
        push_joined(spare, *q);
    }
    take_bytes(old, after_from, old_len, spare);
    p.remove = remove + offset.saturating_sub(a) + (a + n1).saturating_sub(offset + old_len);
    p.offset = offset.min(a);
    std::mem::swap(&mut p.pieces, spare);
    debug_assert!(p.old_len() >= before);
    true
}

/// Pushes the bytes `from..to` of the run of pieces `pieces` to `out`.
fn take_bytes(pieces: &[Piece], from: u64, to: u64, out: &mut Vec<Piece>) {
    let mut pos = 0;
    for q in pieces {
        let (s, e) = (from.max(pos), to.min(pos + q.len));
        if s < e {
            push_joined(out, q.skip(s - pos).take(e - s));
        }
        pos += q.len;
        if pos >= to {
            break;
        }
    }
}

#[cfg(test)]
mod tests;
