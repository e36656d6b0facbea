//! What saving does to a document: detaching the history and the tree
//! from the bytes an in-place save is about to overwrite, and rebasing the
//! document on the file once saved.

use std::ops::{ControlFlow, Range};
use std::sync::Arc;

use super::{Document, whole};
use crate::core::buffers::AddBuffer;
use crate::core::piece::{Piece, PieceTree};
use crate::core::source::Source;

impl Document {
    /// Before the bytes of the current source change under the map (an
    /// in-place save writes `ranges` of the file), copies whatever the undo
    /// history still needs of those ranges into the add buffer.
    pub(crate) fn detach_history(&mut self, ranges: &[Range<u64>]) {
        let current = self.current();
        let source = Arc::clone(self.content.sources.last().expect("a source"));
        let add = &mut self.content.add;
        self.history.map_pieces(&mut |list, out| {
            for p in list {
                if p.buf == current {
                    detach_piece(*p, ranges, &source, add, out);
                } else {
                    out.push(*p);
                }
            }
        });
    }

    /// Before an in-place save writes `ranges` of the current source's file
    /// (the changed ranges of a document of the file's length): copies into
    /// the add buffer the bytes the document itself reads from those ranges
    /// at other offsets — file bytes moved by an insert and a delete — so
    /// that writing one range cannot change what a later one writes.
    pub(crate) fn detach_tree(&mut self, ranges: &[Range<u64>]) {
        let current = self.current();
        let mut moved = false;
        let _ = self
            .content
            .tree
            .visit(0..self.len(), &mut |offset, piece| {
                if piece.buf == current && piece.start != offset {
                    moved = true;
                    return ControlFlow::Break(());
                }
                ControlFlow::Continue(())
            });
        if !moved {
            return;
        }
        let source = Arc::clone(self.content.sources.last().expect("a source"));
        let mut pieces = Vec::with_capacity(self.content.tree.piece_count() as usize);
        for p in self.content.tree.pieces() {
            if p.buf == current {
                detach_piece(p, ranges, &source, &mut self.content.add, &mut pieces);
            } else {
                pieces.push(p);
            }
        }
        self.content.tree = PieceTree::from_pieces(pieces);
        self.touch();
    }

    /// After a save: the file now holds exactly this document. `source` is
    /// the saved file (reopened), or `None` when the file was written in
    /// place and the current map already shows the new bytes.
    pub(crate) fn rebase(&mut self, source: Option<Source>, keep_old: bool) {
        if let Some(source) = source {
            let sources = Arc::make_mut(&mut self.content.sources);
            if !keep_old {
                // Nothing may point into the old source any more: the caller
                // detached the history from all of it.
                let last = sources.len() - 1;
                sources[last] = Arc::new(Source::from_vec(Vec::new()));
            }
            sources.push(Arc::new(source));
        }
        let index = self.content.sources.len() as u32 - 1;
        self.content.tree = PieceTree::from_pieces(whole(index, self.source()));
        self.touch();
        self.history.mark_saved();
    }

    /// Re-reads the file's identity after writing it in place. A snapshot
    /// still being read elsewhere shares the source: then the identity
    /// stays as it was (the next save may warn of a change on disk).
    pub(crate) fn refresh_identity(&mut self) {
        let sources = Arc::make_mut(&mut self.content.sources);
        if let Some(source) = sources.last_mut().and_then(Arc::get_mut) {
            source.refresh_identity();
        }
    }

    /// After a failed rewrite: the document's bytes now come from `source`
    /// (a complete copy of them), and the edits stay pending.
    pub(crate) fn rebase_unsaved(&mut self, source: Source) {
        let sources = Arc::make_mut(&mut self.content.sources);
        let last = sources.len() - 1;
        sources[last] = Arc::new(Source::from_vec(Vec::new()));
        sources.push(Arc::new(source));
        let index = self.content.sources.len() as u32 - 1;
        self.content.tree = PieceTree::from_pieces(whole(index, self.source()));
        self.touch();
        self.history.mark_unsaved();
    }
}

/// Splits `p` at the edges of `ranges` (sorted, disjoint, in source
/// offsets) and copies the parts inside them into `add`.
pub(super) fn detach_piece(
    p: Piece,
    ranges: &[Range<u64>],
    source: &Source,
    add: &mut AddBuffer,
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
        add.push(&source.slice(pos..stop), out);
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
