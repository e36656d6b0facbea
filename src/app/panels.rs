//! The panels over the panes — hashes, the list of unsaved changes, marks,
//! copy formats — and marks themselves, which follow the bytes they mark
//! when inserts and deletes shift offsets.

use super::command::Cmd;
use super::effect::Effect;
use super::jobs::Job;
use super::state::{App, Overlay, Panel};
use crate::core::hash::HashKind;

impl App {
    pub(crate) fn toggle_mark(&mut self) {
        let at = self.ed.cursor();
        if self.ed.toggle_mark() {
            let (next, prev, list) = (
                self.key_hint(Cmd::NextMark),
                self.key_hint(Cmd::PrevMark),
                self.key_hint(Cmd::Marks),
            );
            self.info(format!(
                "marked 0x{at:x} ({next} / {prev} jump between marks, {list} lists them)"
            ));
        } else {
            self.info(format!("mark at 0x{at:x} removed"));
        }
    }

    /// Jumps to the next (or previous) mark, wrapping around.
    pub(crate) fn jump_mark(&mut self, forward: bool) {
        let target = if forward {
            self.ed
                .marks()
                .iter()
                .find(|&&m| m > self.ed.cursor())
                .or(self.ed.marks().first())
        } else {
            self.ed
                .marks()
                .iter()
                .rev()
                .find(|&&m| m < self.ed.cursor())
                .or(self.ed.marks().last())
        };
        match target {
            Some(&m) => self.jump_to(m),
            None => self.no_marks_yet(),
        }
    }

    fn no_marks_yet(&mut self) {
        let mark = self.key_hint(Cmd::ToggleMark);
        self.info(format!("no marks yet ({mark} marks the cursor)"));
    }

    pub(crate) fn jump_to(&mut self, offset: u64) {
        self.ed.set_cursor(offset);
        self.ed.set_anchor(None);
        self.reveal_cursor();
    }

    pub(crate) fn open_marks(&mut self) {
        if self.ed.marks().is_empty() {
            self.no_marks_yet();
        } else {
            self.overlay = Overlay::Panel(Panel::Marks { selected: 0 });
        }
    }

    pub(crate) fn open_changes(&mut self) {
        if self.ed.doc().changes().is_empty() {
            self.info("no unsaved changes");
        } else {
            self.overlay = Overlay::Panel(Panel::Changes { selected: 0 });
        }
    }

    /// Starts hashing the selection, or the whole file when nothing is
    /// selected.
    pub(crate) fn request_hash(&mut self, kind: HashKind) {
        self.effects.push(Effect::Job(Job::Hash {
            kind,
            range: self.selection_or_all(),
        }));
    }

    /// What a panel over `range` (the selection, else the whole buffer)
    /// says it covers.
    pub(crate) fn scope_of(&self, range: &std::ops::Range<u64>) -> String {
        let n = crate::core::display::byte_count(range.end - range.start);
        if self.selection().is_some() {
            format!(
                "the selection 0x{:x}–0x{:x} ({n})",
                range.start,
                range.end.saturating_sub(1),
            )
        } else {
            format!("the whole buffer ({n})")
        }
    }

    pub(crate) fn hashed(&mut self, kind: HashKind, range: std::ops::Range<u64>, digest: String) {
        let scope = self.scope_of(&range);
        self.overlay = Overlay::Panel(Panel::Hash {
            name: kind.name(),
            scope,
            digest,
        });
    }

    /// Enter in the changes list: jump to the change.
    pub(crate) fn changes_jump(&mut self, selected: usize) {
        let changes = self.ed.doc().changes();
        if let Some(change) = changes.get(selected) {
            self.overlay = Overlay::None;
            self.jump_to(change.offset);
        }
    }

    /// r in the changes list: put the file's bytes back (an undo step).
    pub(crate) fn changes_revert(&mut self, selected: usize) {
        let changes = self.ed.doc().changes();
        let Some(change) = changes.get(selected) else {
            return;
        };
        if let Err(e) = self.ed.revert(change) {
            self.error(e.to_string());
            return;
        }
        let undo = self.key_hint(Cmd::Undo);
        self.info(format!(
            "reverted the change at 0x{:x} ({undo} brings it back)",
            change.offset
        ));
        let left = self.ed.doc().changes().len();
        self.overlay = if left == 0 {
            Overlay::None
        } else {
            Overlay::Panel(Panel::Changes {
                selected: selected.min(left - 1),
            })
        };
    }
}
