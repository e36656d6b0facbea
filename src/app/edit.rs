//! Editing and moving: what typing does in each pane, cursor motions, delete,
//! paste, undo and redo. Every change goes through the document.

use super::code::{code_bytes, code_splice, code_value};
use super::command::{Cmd, Motion};
use super::editor::Edit;
use super::state::{App, EditMode, Pane};
use crate::core::number::parse_hex_bytes;

impl App {
    pub(crate) fn end_typing(&mut self) {
        self.ed.end_run();
    }

    pub(crate) fn step(&self) -> u64 {
        if self.focus == Pane::Typed {
            self.view.elem.size() as u64
        } else {
            1
        }
    }

    pub(crate) fn move_cursor(&mut self, motion: Motion) {
        let bpr = self.bytes_per_row();
        let step = self.step();
        let max = self.max_cursor();
        let page = bpr * self.geometry.rows.saturating_sub(1).max(1) as u64;
        let base = if self.focus == Pane::Typed {
            self.element_start()
        } else {
            self.ed.cursor()
        };
        let len = self.ed.doc().len();
        let to = match motion {
            Motion::Left => base.saturating_sub(step),
            Motion::Right => (base + step).min(max),
            Motion::Up => base.checked_sub(bpr).unwrap_or(base),
            Motion::Down => {
                if base + bpr <= max {
                    base + bpr
                } else {
                    base
                }
            }
            Motion::PageUp => {
                self.top = self.top.saturating_sub(page / bpr);
                base.saturating_sub(page)
            }
            Motion::PageDown => {
                self.top = (self.top + page / bpr).min(self.last_top());
                (base + page).min(max)
            }
            Motion::RowStart => base - base % bpr,
            Motion::RowEnd => {
                // The row's last byte, never the append position past it.
                let row_start = base - base % bpr;
                let last = len.saturating_sub(1).max(row_start);
                (row_start + bpr - step).min(last).min(max)
            }
            Motion::FileStart => 0,
            Motion::FileEnd => len.saturating_sub(1).min(max),
        };
        // With a base offset the typed pane's rows start at its remainder.
        let phase = self.view.elem_base % step;
        let to = match motion {
            Motion::RowStart | Motion::RowEnd if self.focus == Pane::Typed && phase > 0 => {
                (to + phase).min(max)
            }
            _ => to,
        };
        self.ed.set_cursor(to);
        self.scroll_to_cursor();
    }

    /// Refuses an edit in a read-only buffer, saying why.
    pub(crate) fn check_editable(&mut self) -> bool {
        match self.ed.check_editable() {
            Err(e) => {
                self.error(e.to_string());
                false
            }
            Ok(()) => true,
        }
    }

    /// Makes an edit through the editor; says why when it is refused.
    pub(crate) fn apply(&mut self, edit: Edit<'_>) -> bool {
        match self.ed.edit(edit) {
            Ok(()) => {
                self.scroll_to_cursor();
                true
            }
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    /// The edit that writes `bytes` at `at` in the current mode.
    pub(crate) fn write_edit<'a>(&self, at: u64, bytes: &'a [u8]) -> Edit<'a> {
        match self.mode {
            EditMode::Overwrite => Edit::overwrite(at, bytes, self.ed.doc().len()),
            EditMode::Insert => Edit::insert(at, bytes),
        }
    }

    pub(crate) fn type_char(&mut self, c: char) {
        match self.focus {
            Pane::Hex => match self.view.radix.digit(c) {
                Some(d) => self.type_radix_digit(d),
                None => self.error(format!(
                    "'{}' is not a {} digit (the hex pane is in {}; {}: text pane)",
                    c.escape_default(),
                    self.view.radix.name(),
                    self.view.radix.name(),
                    self.key_hint(Cmd::NextPane)
                )),
            },
            Pane::Text => {
                let enc = self.view.encoding;
                let bytes = match enc.encode(c) {
                    Ok(b) => b,
                    Err(e) => {
                        self.error(e.to_string());
                        return;
                    }
                };
                let at = self.ed.cursor();
                let note = format!("'{}' in {}", c.escape_default(), enc.name());
                // An insert or an append becomes a new array (see Editor::edit).
                let code = code_bytes(at, &bytes, &note);
                let edit = self.write_edit(at, &bytes).code(code).run();
                self.apply(edit);
            }
            Pane::Typed => {
                if self.check_editable() {
                    self.typed_entry = Some(c.to_string());
                }
            }
        }
        self.scroll_to_cursor();
    }

    /// Writes one digit of the byte at the cursor in the hex pane's base:
    /// the first digit of a byte in insert mode inserts a new byte.
    pub(crate) fn type_radix_digit(&mut self, d: u32) {
        let insert = self.mode == EditMode::Insert;
        let pending = self.ed.digit() > 0;
        match self.ed.type_digit(self.view.radix, d, insert) {
            Err(e @ super::editor::EditError::Digit(_)) if pending => {
                let at = self.ed.cursor().saturating_sub(1);
                let kept = self.ed.doc().byte_at(at).unwrap_or(0);
                self.error(format!(
                    "{e}: 0x{at:x} keeps {}; the next digit starts a new number at 0x{:x}",
                    self.view.radix.format(kept).trim(),
                    self.ed.cursor()
                ));
            }
            Err(e) => self.error(e.to_string()),
            Ok(_) => {}
        }
        self.scroll_to_cursor();
    }

    pub(crate) fn write_typed_value(&mut self, text: &str) {
        let ty = self.view.elem;
        let bytes = match ty.encode_text(text) {
            Ok(b) => b,
            Err(e) => {
                self.error(format!("{}; nothing written", e.on_screen()));
                return;
            }
        };
        let at = self.element_start();
        let code = code_value(ty, at, &bytes);
        let edit = self.write_edit(at, &bytes).code(code);
        self.apply(edit);
    }

    pub(crate) fn delete(&mut self, backward: bool) {
        // vi's x and X delete in normal mode, whichever of i or R was last.
        if self.mode == EditMode::Overwrite && !self.vi_normal {
            if backward {
                self.move_cursor(Motion::Left);
            } else {
                self.error(format!(
                    "{} removes bytes in insert mode ({} switches modes)",
                    self.key_hint(Cmd::DeleteForward),
                    self.key_hint(Cmd::ToggleInsert)
                ));
            }
            return;
        }
        if !self.check_editable() {
            return;
        }
        let step = self.step();
        let start = if backward {
            match self.element_or_cursor().checked_sub(step) {
                Some(s) => s,
                None => return,
            }
        } else {
            self.element_or_cursor()
        };
        let end = (start + step).min(self.ed.doc().len());
        if start >= end {
            return;
        }
        let edit = Edit::delete(start..end)
            .code(code_splice(start..end, &[], self.ed.doc().len()))
            .run();
        self.apply(edit);
    }

    pub(crate) fn element_or_cursor(&self) -> u64 {
        if self.focus == Pane::Typed {
            self.element_start()
        } else {
            self.ed.cursor()
        }
    }

    pub(crate) fn paste(&mut self, text: &str) {
        self.end_typing();
        let bytes = match self.focus {
            Pane::Hex => match parse_hex_bytes(text) {
                Ok(b) => b,
                Err(e) => {
                    self.error(format!("paste: {e}"));
                    return;
                }
            },
            Pane::Text => {
                let enc = self.view.encoding;
                let mut bytes = Vec::new();
                for c in text.chars() {
                    match enc.encode(c) {
                        Ok(b) => bytes.extend(b),
                        Err(e) => {
                            self.error(format!("paste: {e}"));
                            return;
                        }
                    }
                }
                bytes
            }
            Pane::Typed => {
                self.typed_entry = Some(text.trim().to_string());
                return;
            }
        };
        let at = self.ed.cursor();
        let code = code_bytes(at, &bytes, "pasted");
        let edit = self.write_edit(at, &bytes).code(code);
        if self.apply(edit) {
            self.info(format!(
                "pasted {}",
                crate::core::display::byte_count(bytes.len() as u64)
            ));
        }
    }

    pub(crate) fn undo(&mut self) {
        match self.ed.undo() {
            Some(_) => self.scroll_to_cursor(),
            None => self.info("nothing to undo"),
        }
    }

    pub(crate) fn redo(&mut self) {
        match self.ed.redo() {
            Some(_) => self.scroll_to_cursor(),
            None => self.info("nothing to redo"),
        }
    }
}
