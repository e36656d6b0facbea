//! Editing and moving: what typing does in each pane, cursor motions, delete,
//! paste, undo and redo. Every change goes through the document.

use super::code::{code_byte, code_bytes, code_delete, code_insert, code_value};
use super::command::Motion;
use super::state::{App, EditMode, Pane};
use crate::core::number::parse_hex_bytes;

impl App {
    pub(crate) fn end_typing(&mut self) {
        self.typing = false;
        self.doc.commit();
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
            self.cursor
        };
        self.cursor = match motion {
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
            // The row's last byte, never the append position past the end.
            Motion::RowEnd => {
                // The row's last byte, never the append position past it.
                let row_start = base - base % bpr;
                let last = self.doc.len().saturating_sub(1).max(row_start);
                (row_start + bpr - step).min(last).min(max)
            }
            Motion::FileStart => 0,
            Motion::FileEnd => self.doc.len().saturating_sub(1).min(max),
        };
        self.digit = 0;
        self.scroll_to_cursor();
    }

    /// Refuses an edit in a read-only buffer, saying why.
    pub(crate) fn check_editable(&mut self) -> bool {
        match self.readonly {
            Some(why) => {
                self.error(why);
                false
            }
            None => true,
        }
    }

    pub(crate) fn type_char(&mut self, c: char) {
        match self.focus {
            Pane::Hex => match self.view.radix.digit(c) {
                Some(d) => self.type_radix_digit(d),
                None => self.error(format!(
                    "'{}' is not a {} digit (the hex pane is in {}; Tab: text pane)",
                    c.escape_default(),
                    self.view.radix.name(),
                    self.view.radix.name()
                )),
            },
            Pane::Text => {
                let enc = self.view.encoding;
                let bytes = match enc.encode(c) {
                    Ok(b) => b,
                    Err(e) => {
                        self.error(e);
                        return;
                    }
                };
                let at = self.cursor;
                if self.write_bytes(&bytes) {
                    let note = format!("'{}' in {}", c.escape_default(), enc.name());
                    self.log_code(match self.mode {
                        EditMode::Insert => code_insert(at, &bytes),
                        EditMode::Overwrite => code_bytes(at, &bytes, &note),
                    });
                    self.cursor = (self.cursor + bytes.len() as u64).min(self.max_cursor());
                    self.typing = true;
                }
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
        if !self.check_editable() {
            return;
        }
        let radix = self.view.radix;
        let inserting = self.mode == EditMode::Insert && self.digit == 0;
        let old = if inserting {
            0
        } else {
            self.doc.byte_at(self.cursor).unwrap_or(0)
        };
        let new = match radix.set_digit(old, self.digit, d) {
            Ok(b) => b,
            Err(e) => {
                self.error(e);
                return;
            }
        };
        let result = if inserting {
            self.doc.insert(self.cursor, &[new])
        } else {
            self.doc.overwrite(self.cursor, &[new])
        };
        if let Err(e) = result {
            self.error(e.to_string());
            return;
        }
        self.typing = true;
        self.digit += 1;
        if self.digit == radix.digits() {
            self.log_code(code_byte(self.cursor, new));
            self.digit = 0;
            self.cursor = (self.cursor + 1).min(self.max_cursor());
        }
    }

    /// Writes bytes at the cursor, overwriting or inserting by mode.
    pub(crate) fn write_bytes(&mut self, bytes: &[u8]) -> bool {
        if !self.check_editable() {
            return false;
        }
        let result = match self.mode {
            EditMode::Overwrite => self.doc.overwrite(self.cursor, bytes),
            EditMode::Insert => self.doc.insert(self.cursor, bytes),
        };
        match result {
            Ok(()) => true,
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    pub(crate) fn write_typed_value(&mut self, text: &str) {
        let ty = self.view.elem;
        let bytes = match ty.encode_text(text) {
            Ok(b) => b,
            Err(e) => {
                self.error(format!("{e}; nothing written"));
                return;
            }
        };
        self.end_typing();
        self.cursor = self.element_start();
        if self.write_bytes(&bytes) {
            self.doc.commit();
            self.log_code(match self.mode {
                EditMode::Insert => code_insert(self.cursor, &bytes),
                EditMode::Overwrite => code_value(ty, self.cursor, &bytes),
            });
            self.cursor = (self.cursor + bytes.len() as u64).min(self.max_cursor());
            self.scroll_to_cursor();
        }
    }

    pub(crate) fn delete(&mut self, backward: bool) {
        if self.mode == EditMode::Overwrite {
            if backward {
                self.move_cursor(Motion::Left);
            } else {
                self.error("Delete removes bytes in insert mode (Insert switches modes)");
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
        let end = (start + step).min(self.doc.len());
        if start >= end {
            return;
        }
        self.log_code(code_delete(start, end - start));
        if let Err(e) = self.doc.delete(start..end) {
            self.error(e.to_string());
            return;
        }
        self.typing = true;
        self.cursor = start.min(self.max_cursor());
        self.digit = 0;
        self.scroll_to_cursor();
    }

    pub(crate) fn element_or_cursor(&self) -> u64 {
        if self.focus == Pane::Typed {
            self.element_start()
        } else {
            self.cursor
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
        let at = self.cursor;
        if self.write_bytes(&bytes) {
            self.doc.commit();
            self.log_code(match self.mode {
                EditMode::Insert => code_insert(at, &bytes),
                EditMode::Overwrite => code_bytes(at, &bytes, "pasted"),
            });
            self.cursor = (self.cursor + bytes.len() as u64).min(self.max_cursor());
            self.info(format!("pasted {} bytes", bytes.len()));
            self.scroll_to_cursor();
        }
    }

    pub(crate) fn undo(&mut self) {
        match self.doc.undo() {
            Some(span) => {
                self.log_code(format!("// undo (the bytes at {} go back)", span.start));
                self.cursor = span.start.min(self.max_cursor());
                self.digit = 0;
                self.scroll_to_cursor();
            }
            None => self.info("nothing to undo"),
        }
    }

    pub(crate) fn redo(&mut self) {
        match self.doc.redo() {
            Some(span) => {
                self.log_code(format!("// redo (the edit at {} again)", span.start));
                self.cursor = span.start.min(self.max_cursor());
                self.digit = 0;
                self.scroll_to_cursor();
            }
            None => self.info("nothing to redo"),
        }
    }
}
