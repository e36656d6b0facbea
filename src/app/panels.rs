//! The panels over the panes — hashes, the list of unsaved changes, marks,
//! copy formats — and marks themselves, which follow the bytes they mark
//! when inserts and deletes shift offsets.

use super::jobs::Job;
use super::key::{Key, KeyCode};
use super::state::{App, Overlay, Panel};
use crate::core::export::CopyFormat;
use crate::core::hash::HashKind;

impl App {
    pub(crate) fn toggle_mark(&mut self) {
        let at = self.ed.cursor();
        if self.ed.toggle_mark() {
            self.info(format!(
                "marked 0x{at:x} (Alt+N / Alt+P jump between marks, Alt+L lists them)"
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
            None => self.info("no marks yet (Alt+M marks the cursor)"),
        }
    }

    pub(crate) fn jump_to(&mut self, offset: u64) {
        self.ed.set_cursor(offset);
        self.ed.set_anchor(None);
        self.reveal_cursor();
    }

    pub(crate) fn open_marks(&mut self) {
        if self.ed.marks().is_empty() {
            self.info("no marks yet (Alt+M marks the cursor)");
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
        self.job = Some(Job::Hash {
            kind,
            range: self.selection_or_all(),
        });
    }

    pub(crate) fn hashed(&mut self, kind: HashKind, range: std::ops::Range<u64>, digest: String) {
        let n = range.end - range.start;
        let scope = if self.selection().is_some() {
            format!(
                "the selection 0x{:x}–0x{:x} ({n} bytes)",
                range.start,
                range.end.saturating_sub(1)
            )
        } else {
            format!("the whole buffer ({n} bytes)")
        };
        self.overlay = Overlay::Panel(Panel::Hash {
            name: kind.name(),
            scope,
            digest,
        });
    }

    /// Keys in a panel: Up/Down choose, Enter acts, Esc closes.
    pub(crate) fn key_in_panel(&mut self, key: Key) {
        let Overlay::Panel(panel) = self.overlay.clone() else {
            return;
        };
        let rows = match &panel {
            Panel::Hash { .. } => 0,
            Panel::Changes { .. } => self.ed.doc().changes().len(),
            Panel::Marks { .. } => self.ed.marks().len(),
            Panel::CopyAs { .. } => CopyFormat::ALL.len(),
        };
        let moved = |selected: usize| -> Option<usize> {
            match key.code {
                KeyCode::Up => Some(selected.saturating_sub(1)),
                KeyCode::Down => Some((selected + 1).min(rows.saturating_sub(1))),
                KeyCode::PageUp => Some(selected.saturating_sub(10)),
                KeyCode::PageDown => Some((selected + 10).min(rows.saturating_sub(1))),
                KeyCode::Home => Some(0),
                KeyCode::End => Some(rows.saturating_sub(1)),
                _ => None,
            }
        };
        let close = matches!(key.code, KeyCode::Esc) || key.typed_char() == Some('q');
        if close {
            self.overlay = Overlay::None;
            return;
        }
        match panel {
            Panel::Hash { digest, .. } => {
                if key.typed_char() == Some('c') {
                    self.clipboard = digest.clone().into_bytes();
                    self.system_clipboard = Some(digest);
                    self.info("digest copied");
                }
                self.overlay = Overlay::None;
            }
            Panel::Changes { selected } => {
                if let Some(s) = moved(selected) {
                    self.overlay = Overlay::Panel(Panel::Changes { selected: s });
                    return;
                }
                let changes = self.ed.doc().changes();
                let Some(change) = changes.get(selected) else {
                    return;
                };
                match (key.code, key.typed_char()) {
                    (KeyCode::Enter, _) => {
                        self.overlay = Overlay::None;
                        self.jump_to(change.offset);
                    }
                    (_, Some('r')) if self.check_editable() => {
                        let _ = self.ed.revert(change);
                        self.info(format!(
                            "reverted the change at 0x{:x} (Ctrl+Z brings it back)",
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
                    _ => {}
                }
            }
            Panel::Marks { selected } => {
                if let Some(s) = moved(selected) {
                    self.overlay = Overlay::Panel(Panel::Marks { selected: s });
                    return;
                }
                let Some(&mark) = self.ed.marks().get(selected) else {
                    return;
                };
                match (key.code, key.typed_char()) {
                    (KeyCode::Enter, _) => {
                        self.overlay = Overlay::None;
                        self.jump_to(mark);
                    }
                    (_, Some('d')) => {
                        self.ed.remove_mark(selected);
                        self.overlay = if self.ed.marks().is_empty() {
                            Overlay::None
                        } else {
                            Overlay::Panel(Panel::Marks {
                                selected: selected.min(self.ed.marks().len() - 1),
                            })
                        };
                    }
                    _ => {}
                }
            }
            Panel::CopyAs { selected } => {
                if let Some(s) = moved(selected) {
                    self.overlay = Overlay::Panel(Panel::CopyAs { selected: s });
                    return;
                }
                let pick = match (key.code, key.typed_char()) {
                    (KeyCode::Enter, _) => Some(selected),
                    (_, Some(c)) if c.is_ascii_digit() => (c as usize).checked_sub('1' as usize),
                    _ => None,
                };
                if let Some(fmt) = pick.and_then(|i| CopyFormat::ALL.get(i)) {
                    self.overlay = Overlay::None;
                    self.copy_as(*fmt);
                }
            }
        }
    }
}
