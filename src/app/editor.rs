//! The editor model: the document and everything that must stay consistent
//! with it — the cursor, the selection anchor, the marks, the half-typed
//! digit of a byte, the typing run that undoes as one step, and the edits
//! as JavaScript. Its fields are private: every edit, from any pane, paste,
//! fill, replace, delete, revert or lesson, goes through [`Editor::edit`],
//! and every cursor move through [`Editor::set_cursor`], so the invariants
//! live here and not at the call sites:
//!
//! - a pending digit belongs to the byte under the cursor: moving the
//!   cursor, editing elsewhere, undo and redo all drop it;
//! - marks and the anchor follow inserts and deletes (and their undo);
//! - the JavaScript log holds one entry per undo step: undo takes the step's
//!   lines away, redo brings them back;
//! - a read-only buffer refuses every edit, saying why.

use std::ops::Range;

use thiserror::Error;

use crate::core::bookmarks::Bookmark;
use crate::core::document::{self, ChangeSummary, Document};
use crate::core::radix::{DigitError, Radix};

/// Lines kept in the JavaScript log.
const CODE_KEEP: usize = 500;

/// Why an edit was not made. Nothing changed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum EditError {
    #[error("{0}")]
    ReadOnly(&'static str),
    #[error(transparent)]
    Document(#[from] document::EditError),
    #[error(transparent)]
    Digit(#[from] DigitError),
}

/// Where the cursor goes after an edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum After {
    /// Just past the new bytes (typing, paste).
    End,
    /// On the first new byte (a value written in place, a delete).
    Start,
    /// Where it was.
    Stay,
}

/// How an edit joins the undo history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// Joins the run of typing before it: the run undoes in one step.
    Run,
    /// Its own undo step.
    Step,
}

/// One change to the bytes: `range` is replaced by `bytes`.
#[derive(Clone, Debug)]
pub struct Edit<'a> {
    pub range: Range<u64>,
    pub bytes: &'a [u8],
    /// The JavaScript that makes the same change, for the log.
    pub code: Option<String>,
    pub after: After,
    pub group: Group,
}

impl<'a> Edit<'a> {
    /// Overwrites bytes at `at` (growing the document past its end).
    pub fn overwrite(at: u64, bytes: &'a [u8], len: u64) -> Self {
        let end = (at + bytes.len() as u64).min(len).max(at);
        Edit::replace(at..end, bytes)
    }

    pub fn insert(at: u64, bytes: &'a [u8]) -> Self {
        Edit::replace(at..at, bytes)
    }

    pub fn delete(range: Range<u64>) -> Self {
        Edit::replace(range, &[]).after(After::Start)
    }

    pub fn replace(range: Range<u64>, bytes: &'a [u8]) -> Self {
        Edit {
            range,
            bytes,
            code: None,
            after: After::End,
            group: Group::Step,
        }
    }

    pub fn code(mut self, line: impl Into<String>) -> Self {
        self.code = Some(line.into());
        self
    }

    pub fn after(mut self, after: After) -> Self {
        self.after = after;
        self
    }

    pub fn run(mut self) -> Self {
        self.group = Group::Run;
        self
    }
}

/// The JavaScript log, kept in step with the undo history.
#[derive(Debug, Default)]
struct CodeLog {
    lines: Vec<String>,
    /// Lines of each committed undo step, oldest first.
    steps: Vec<usize>,
    /// Lines of the step still open.
    open: usize,
    /// The lines of undone steps, most recent last.
    redo: Vec<Vec<String>>,
}

impl CodeLog {
    fn push(&mut self, line: String) {
        if self.lines.len() >= CODE_KEEP {
            self.lines.remove(0);
        }
        self.lines.push(line);
        self.open += 1;
        self.redo.clear();
    }

    /// The open step was committed (or, with `false`, nothing was).
    fn committed(&mut self, step: bool) {
        if step {
            self.steps.push(std::mem::take(&mut self.open));
        }
    }

    fn undone(&mut self) {
        let n = self.steps.pop().unwrap_or(0).min(self.lines.len());
        let lines = self.lines.split_off(self.lines.len() - n);
        self.redo.push(lines);
    }

    /// Replaces the open step's last line (the next digit of a half-typed
    /// byte), or adds it when the step has none.
    fn amend(&mut self, line: String) {
        if self.open > 0
            && let Some(last) = self.lines.last_mut()
        {
            *last = line;
        } else {
            self.push(line);
        }
    }

    fn redone(&mut self) {
        let lines = self.redo.pop().unwrap_or_default();
        self.steps.push(lines.len());
        self.lines.extend(lines);
    }
}

/// The document with its cursor, selection, marks and edit bookkeeping.
#[derive(Debug)]
pub struct Editor {
    doc: Document,
    cursor: u64,
    anchor: Option<u64>,
    /// Marked offsets, in order.
    marks: Vec<u64>,
    /// Named bookmarks and regions, in offset order.
    bookmarks: Vec<Bookmark>,
    /// Which digit of the byte at the cursor the next typed digit writes.
    digit: usize,
    /// The half-typed byte was inserted (or appended) by its first digit:
    /// its JavaScript is a new, longer array.
    digit_grew: bool,
    /// Why edits are refused, if they are.
    readonly: Option<&'static str>,
    code: CodeLog,
    /// A typing run is open (its edits are one undo step so far).
    run_open: bool,
    /// The current key continued the run.
    run_continued: bool,
    /// Documents this editor had before the current one (a lesson's new
    /// scratch buffer starts a new one), so revisions never repeat.
    generation: u64,
    /// The bytes changed since [`Editor::take_touched`] last ran, as one
    /// range of the document as it is now (the compare view compares only
    /// there again).
    touched: Option<Range<u64>>,
}

impl Editor {
    pub fn new(doc: Document, readonly: Option<&'static str>) -> Self {
        Editor {
            doc,
            cursor: 0,
            anchor: None,
            marks: Vec::new(),
            bookmarks: Vec::new(),
            digit: 0,
            digit_grew: false,
            readonly,
            code: CodeLog::default(),
            run_open: false,
            run_continued: false,
            generation: 0,
            touched: None,
        }
    }

    /// Changes with every change to the bytes, whatever made it (edit,
    /// fill, replace-all, undo, redo, revert, a save's rebase): the
    /// document's own version, told apart across documents.
    pub fn revision(&self) -> u64 {
        (self.generation << 48) | self.doc.version()
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    pub fn cursor(&self) -> u64 {
        self.cursor
    }

    pub fn anchor(&self) -> Option<u64> {
        self.anchor
    }

    pub fn marks(&self) -> &[u64] {
        &self.marks
    }

    /// Which digit of the byte at the cursor the next typed digit writes
    /// (0: none typed yet).
    pub fn digit(&self) -> usize {
        self.digit
    }

    pub fn readonly(&self) -> Option<&'static str> {
        self.readonly
    }

    pub fn is_editable(&self) -> bool {
        self.readonly.is_none()
    }

    /// The edits so far as JavaScript, oldest first.
    pub fn code_lines(&self) -> &[String] {
        &self.code.lines
    }

    /// The largest cursor offset: one past the last byte when the document
    /// can grow (typing there appends), else the last byte.
    pub fn max_cursor(&self) -> u64 {
        let len = self.doc.len();
        if self.is_editable() {
            len
        } else {
            len.saturating_sub(1)
        }
    }

    /// The selected bytes: from the anchor to the cursor, both included.
    pub fn selection(&self) -> Option<Range<u64>> {
        let anchor = self.anchor?;
        let (lo, hi) = (anchor.min(self.cursor), anchor.max(self.cursor));
        let range = lo..(hi + 1).min(self.doc.len());
        (!range.is_empty()).then_some(range)
    }

    /// Moves the cursor (clamped to the document). A half-typed byte is
    /// left as it is: the next digit starts a new byte.
    pub fn set_cursor(&mut self, at: u64) {
        let at = at.min(self.max_cursor());
        if at != self.cursor {
            self.end_run();
        }
        self.cursor = at;
        self.digit = 0;
    }

    pub fn set_anchor(&mut self, anchor: Option<u64>) {
        self.anchor = anchor;
    }

    /// Drops the half-typed digit (the hex pane's base changed).
    pub fn clear_digit(&mut self) {
        self.digit = 0;
    }

    /// Closes the typing run: what follows is a new undo step.
    pub fn end_run(&mut self) {
        self.run_open = false;
        self.commit();
    }

    /// Called after each key: a key that did not type ends the run.
    pub fn key_done(&mut self) {
        if self.run_open && !self.run_continued {
            self.end_run();
        }
        self.run_continued = false;
    }

    fn commit(&mut self) {
        let before = self.doc.history().undo_len();
        self.doc.commit();
        self.code.committed(self.doc.history().undo_len() > before);
    }

    /// Refuses an edit of a read-only buffer.
    pub fn check_editable(&self) -> Result<(), EditError> {
        match self.readonly {
            Some(why) => Err(EditError::ReadOnly(why)),
            None => Ok(()),
        }
    }

    /// Makes one change: the one path every edit takes.
    pub fn edit(&mut self, e: Edit<'_>) -> Result<(), EditError> {
        self.check_editable()?;
        if e.group == Group::Step || !self.run_open {
            self.end_run();
        }
        let len = self.doc.len();
        self.doc.replace(e.range.clone(), e.bytes)?;
        // A change of length is written as the new array JavaScript must
        // build, whatever line the caller had (typed arrays cannot grow).
        let grows_or_shrinks = e.range.end - e.range.start != e.bytes.len() as u64;
        if let Some(line) = e.code {
            self.code.push(if grows_or_shrinks {
                super::code::code_splice(e.range.clone(), e.bytes, len)
            } else {
                line
            });
        }
        self.follow_splices();
        self.digit = 0;
        self.cursor = match e.after {
            After::End => e.range.start + e.bytes.len() as u64,
            After::Start => e.range.start,
            After::Stay => self.cursor,
        }
        .min(self.max_cursor());
        match e.group {
            Group::Run => {
                self.run_open = true;
                self.run_continued = true;
            }
            Group::Step => self.end_run(),
        }
        Ok(())
    }

    /// Fills `range` with `pattern` repeated, as one undo step (one piece,
    /// whatever the length). The cursor stays.
    pub fn fill(
        &mut self,
        range: Range<u64>,
        pattern: &[u8],
        code: String,
    ) -> Result<(), EditError> {
        self.check_editable()?;
        self.end_run();
        self.doc.fill(range, pattern)?;
        self.code.push(code);
        self.end_run();
        self.follow_splices();
        self.digit = 0;
        self.cursor = self.cursor.min(self.max_cursor());
        Ok(())
    }

    /// Replaces `match_len` bytes at each of `matches` (ascending; one
    /// overlapping the previous is skipped) by `with`, as one undo step;
    /// returns how many were replaced. The cursor stays.
    pub fn replace_all(
        &mut self,
        matches: &[u64],
        match_len: u64,
        with: &[u8],
    ) -> Result<usize, EditError> {
        self.check_editable()?;
        self.end_run();
        let before = self.doc.history().undo_len();
        let len = self.doc.len();
        // The matches replaced: one overlapping the one before is skipped,
        // as the document skips it.
        let mut chosen = Vec::new();
        let mut next_free = 0;
        for &at in matches {
            if at >= next_free {
                chosen.push(at);
                next_free = at + match_len.max(1);
            }
        }
        let n = self.doc.replace_all(matches, match_len, with)?;
        if n > 0 {
            self.code
                .push(super::code::code_replace_all(&chosen, match_len, with, len));
        }
        self.code.committed(self.doc.history().undo_len() > before);
        self.follow_splices();
        self.digit = 0;
        self.cursor = self.cursor.min(self.max_cursor());
        Ok(n)
    }

    /// Types digit `d` of the byte at the cursor in `radix`: the first
    /// digit of a byte in insert mode inserts a new byte; the cursor moves
    /// on when the byte's last digit is typed. Returns the byte when it is
    /// complete.
    pub fn type_digit(
        &mut self,
        radix: Radix,
        d: u32,
        insert: bool,
    ) -> Result<Option<u8>, EditError> {
        self.check_editable()?;
        let inserting = insert && self.digit == 0;
        let at = self.cursor;
        let old = if inserting {
            0
        } else {
            self.doc.byte_at(at).unwrap_or(0)
        };
        let new = match radix.set_digit(old, self.digit, d) {
            Ok(new) => new,
            Err(e) => {
                // A digit that overflows ends the number being typed: the
                // byte keeps what it has and the cursor moves on, so the
                // next digit starts a new number (never stuck on this one).
                if self.digit > 0 {
                    let next = at + 1;
                    self.set_cursor(next);
                }
                return Err(EditError::Digit(e));
            }
        };
        let digit = self.digit + 1;
        let done = digit == radix.digits();
        let range = if inserting || at == self.doc.len() {
            at..at
        } else {
            at..at + 1
        };
        let byte = [new];
        let first = self.digit == 0;
        let grew = if first {
            range.is_empty()
        } else {
            self.digit_grew
        };
        let edit =
            Edit::replace(range, &byte)
                .run()
                .after(if done { After::End } else { After::Start });
        self.edit(edit)?;
        // Every digit shows its byte's JavaScript; a later digit of the same
        // byte rewrites the line of the first.
        let line = if grew {
            let len = self.doc.len() - 1;
            super::code::code_splice(at..at, &byte, len)
        } else {
            super::code::code_byte(at, new)
        };
        if first {
            self.code.push(line);
        } else {
            self.code.amend(line);
        }
        self.digit_grew = grew && !done;
        self.digit = if done { 0 } else { digit };
        Ok(done.then_some(new))
    }

    /// Reverts the last undo step; returns the span it restored.
    pub fn undo(&mut self) -> Option<Range<u64>> {
        self.end_run();
        let span = self.doc.undo()?;
        self.code.undone();
        self.follow_splices();
        self.digit = 0;
        self.cursor = span.start.min(self.max_cursor());
        Some(span)
    }

    /// Re-applies the last undone step; returns the span it changed.
    pub fn redo(&mut self) -> Option<Range<u64>> {
        self.end_run();
        let span = self.doc.redo()?;
        self.code.redone();
        self.follow_splices();
        self.digit = 0;
        self.cursor = span.start.min(self.max_cursor());
        Some(span)
    }

    /// Puts the file's bytes back in place of one unsaved change, as an
    /// undo step.
    pub fn revert(&mut self, change: &ChangeSummary) -> Result<(), EditError> {
        self.check_editable()?;
        self.end_run();
        let before = self.doc.history().undo_len();
        let len = self.doc.len();
        let mut old = vec![0; (change.old.end - change.old.start) as usize];
        let got = self.doc.source().read_at(change.old.start, &mut old);
        old.truncate(got);
        self.doc.revert(change);
        let step = self.doc.history().undo_len() > before;
        let range = change.offset..change.offset + change.new_len;
        self.code.push(if old.len() as u64 == change.new_len {
            super::code::code_bytes(change.offset, &old, "the file's own bytes again")
        } else {
            super::code::code_splice(range, &old, len)
        });
        self.code.committed(step);
        self.follow_splices();
        self.digit = 0;
        self.cursor = self.cursor.min(self.max_cursor());
        Ok(())
    }

    /// Marks the cursor, or removes its mark; true when it is now marked.
    pub fn toggle_mark(&mut self) -> bool {
        match self.marks.binary_search(&self.cursor) {
            Ok(i) => {
                self.marks.remove(i);
                false
            }
            Err(i) => {
                self.marks.insert(i, self.cursor);
                true
            }
        }
    }

    pub fn remove_mark(&mut self, index: usize) {
        if index < self.marks.len() {
            self.marks.remove(index);
        }
    }

    pub fn bookmarks(&self) -> &[Bookmark] {
        &self.bookmarks
    }

    /// Adds a bookmark, or replaces the one of the same name; keeps the
    /// list in offset order.
    pub fn set_bookmark(&mut self, b: Bookmark) {
        self.bookmarks.retain(|o| o.name != b.name);
        let at = self
            .bookmarks
            .partition_point(|o| (o.offset, &o.name) < (b.offset, &b.name));
        self.bookmarks.insert(at, b);
    }

    /// Replaces every bookmark (read from a file).
    pub fn set_bookmarks(&mut self, list: Vec<Bookmark>) {
        self.bookmarks.clear();
        for b in list {
            self.set_bookmark(b);
        }
    }

    pub fn remove_bookmark(&mut self, index: usize) -> Option<Bookmark> {
        (index < self.bookmarks.len()).then(|| self.bookmarks.remove(index))
    }

    /// The document for a job that may rebase it on a saved file (a save
    /// changes no byte): the typing run is closed first.
    pub fn doc_for_job(&mut self) -> &mut Document {
        self.end_run();
        &mut self.doc
    }

    /// Starts over on another document (a lesson's scratch buffer).
    pub fn replace_document(&mut self, doc: Document) {
        let generation = self.generation + 1;
        *self = Editor::new(doc, self.readonly);
        self.generation = generation;
        self.touched = Some(0..self.doc.len());
    }

    /// The range of bytes changed since the last call (`None`: none).
    pub fn take_touched(&mut self) -> Option<Range<u64>> {
        self.touched.take()
    }

    /// Moves marks and the anchor along with the document's splices.
    fn follow_splices(&mut self) {
        let splices = self.doc.take_splices();
        if splices.is_empty() {
            return;
        }
        for s in &splices {
            let new = s.offset..s.offset + s.inserted;
            self.touched = Some(match self.touched.take() {
                Some(t) => s.map(t.start).min(new.start)..s.map(t.end).max(new.end),
                None => new,
            });
            for m in &mut self.marks {
                *m = s.map(*m);
            }
            for b in &mut self.bookmarks {
                let end = s.map(b.offset + b.len);
                b.offset = s.map(b.offset);
                b.len = end - b.offset;
            }
            if let Some(a) = &mut self.anchor {
                *a = s.map(*a);
            }
        }
        self.marks.dedup();
        let len = self.doc.len();
        self.marks.retain(|&m| m < len.max(1));
        if let Some(a) = self.anchor
            && a >= len
        {
            self.anchor = (len > 0).then(|| len - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor(bytes: &[u8]) -> Editor {
        Editor::new(Document::from_bytes(bytes.to_vec()), None)
    }

    #[test]
    fn moving_the_cursor_drops_a_half_typed_byte() {
        let mut ed = editor(&[0x11, 0x22, 0x33]);
        ed.type_digit(Radix::Hex, 0xa, false).unwrap();
        assert_eq!(ed.digit(), 1);
        assert_eq!(ed.doc().read(0..3), [0xa1, 0x22, 0x33]);
        ed.set_cursor(2);
        ed.type_digit(Radix::Hex, 0xb, false).unwrap();
        // The digit starts the byte at the new cursor: its high nibble.
        assert_eq!(ed.doc().read(0..3), [0xa1, 0x22, 0xb3]);
    }

    #[test]
    fn a_typing_run_undoes_in_one_step_and_takes_its_code_with_it() {
        let mut ed = editor(&[0; 4]);
        for d in [5, 2, 6, 0xf] {
            ed.type_digit(Radix::Hex, d, false).unwrap();
            ed.key_done();
        }
        assert_eq!(ed.doc().read(0..2), [0x52, 0x6f]);
        assert_eq!(
            ed.code_lines(),
            ["uint8Array[0] = 0x52;", "uint8Array[1] = 0x6f;"]
        );
        ed.undo().unwrap();
        assert_eq!(ed.doc().read(0..4), [0; 4]);
        assert!(ed.code_lines().is_empty(), "{:?}", ed.code_lines());
        ed.redo().unwrap();
        assert_eq!(ed.code_lines().len(), 2);
        assert_eq!(ed.doc().read(0..2), [0x52, 0x6f]);
    }

    #[test]
    fn a_failed_edit_changes_nothing_and_logs_nothing() {
        let mut ed = editor(&[1, 2]);
        let err = ed.edit(Edit::delete(1..5).code("// delete")).unwrap_err();
        assert!(matches!(err, EditError::Document(_)));
        assert!(ed.code_lines().is_empty());
        assert_eq!(ed.doc().read(0..2), [1, 2]);
        let mut ro = Editor::new(Document::from_bytes(vec![1]), Some("read-only"));
        assert_eq!(
            ro.edit(Edit::insert(0, b"x")),
            Err(EditError::ReadOnly("read-only"))
        );
    }

    #[test]
    fn every_change_to_the_bytes_moves_the_revision_on() {
        let mut ed = editor(b"0123456789");
        let mut seen = vec![ed.revision()];
        let mut changed = |ed: &Editor| {
            assert!(!seen.contains(&ed.revision()), "{:?}", ed.revision());
            seen.push(ed.revision());
        };
        ed.edit(Edit::overwrite(0, b"a", 10)).unwrap();
        changed(&ed);
        ed.fill(2..6, b"\xff", String::new()).unwrap();
        changed(&ed);
        ed.replace_all(&[7, 8], 1, b"zz").unwrap();
        changed(&ed);
        ed.undo().unwrap();
        changed(&ed);
        ed.redo().unwrap();
        changed(&ed);
        let before = ed.revision();
        ed.replace_document(Document::from_bytes(b"x".to_vec()));
        assert_ne!(ed.revision(), before, "a new document is a new revision");
    }

    #[test]
    fn marks_and_the_anchor_follow_inserts_and_undo() {
        let mut ed = editor(b"0123456789");
        ed.set_cursor(5);
        ed.toggle_mark();
        ed.set_anchor(Some(7));
        ed.edit(Edit::insert(2, b"abc")).unwrap();
        assert_eq!(ed.marks(), [8]);
        assert_eq!(ed.anchor(), Some(10));
        ed.undo();
        assert_eq!(ed.marks(), [5]);
        assert_eq!(ed.anchor(), Some(7));
    }

    #[test]
    fn bookmarks_follow_inserts_and_deletes_and_regions_stretch() {
        let mut ed = editor(b"0123456789");
        let b = |name: &str, offset, len| Bookmark {
            name: name.into(),
            offset,
            len,
            color: 0,
            comment: String::new(),
        };
        ed.set_bookmark(b("region", 4, 4));
        ed.set_bookmark(b("point", 9, 0));
        ed.set_bookmark(b("early", 1, 0));
        // Before both: both shift.
        ed.edit(Edit::insert(0, b"ab")).unwrap();
        let got = |ed: &Editor| -> Vec<(u64, u64)> {
            ed.bookmarks().iter().map(|b| (b.offset, b.len)).collect()
        };
        assert_eq!(got(&ed), [(3, 0), (6, 4), (11, 0)]);
        // Inside the region: it grows.
        ed.edit(Edit::insert(7, b"xyz")).unwrap();
        assert_eq!(got(&ed), [(3, 0), (6, 7), (14, 0)]);
        // Deleting across its start: it shrinks to what is left.
        ed.edit(Edit::delete(5..8)).unwrap();
        assert_eq!(got(&ed), [(3, 0), (5, 5), (11, 0)]);
        // A name is unique: setting it again moves it.
        ed.set_bookmark(b("point", 0, 2));
        assert_eq!(got(&ed), [(0, 2), (3, 0), (5, 5)]);
    }

    #[test]
    fn touched_covers_every_change_since_it_was_taken_and_follows_inserts() {
        let mut ed = editor(b"0123456789");
        ed.edit(Edit::overwrite(6, b"ab", 10)).unwrap();
        assert_eq!(ed.take_touched(), Some(6..8));
        assert_eq!(ed.take_touched(), None);
        ed.edit(Edit::overwrite(6, b"x", 10)).unwrap();
        // An insert before it moves it on, and the union covers both.
        ed.edit(Edit::insert(1, b"ZZ")).unwrap();
        assert_eq!(ed.take_touched(), Some(1..9));
        ed.undo();
        assert_eq!(
            ed.take_touched(),
            Some(1..1),
            "a deletion touches its place"
        );
    }

    #[test]
    fn each_step_edit_is_its_own_undo_step() {
        let mut ed = editor(&[0; 4]);
        ed.edit(Edit::overwrite(0, b"a", 4).code("a")).unwrap();
        ed.edit(Edit::overwrite(1, b"b", 4).code("b")).unwrap();
        ed.undo();
        assert_eq!(ed.doc().read(0..2), *b"a\0");
        assert_eq!(ed.code_lines(), ["a"]);
        assert_eq!(ed.cursor(), 1);
    }
}
