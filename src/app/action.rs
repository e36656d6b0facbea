//! What each input does to the editor: keys are routed to the overlay on
//! top (help, a prompt, a question), then to the keymap's commands, and
//! otherwise typed into the focused pane. Every edit goes through the
//! document, so undo sees edits from every pane alike.

use std::path::{Path, PathBuf};

use super::command::{Cmd, Motion};
use super::key::{Key, KeyCode};
use super::prompt::{LineEvent, LineInput};
use super::state::{App, Confirm, EditMode, Nibble, Overlay, Pane, PromptKind};
use crate::core::display::escape_path;
use crate::core::number::parse_hex_bytes;
use crate::core::save::{SaveError, SaveMethod, SaveOptions, save, save_as};
use crate::core::source::SourceKind;
use crate::core::typed::ElemKind;

/// An input to the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Key(Key),
    /// A click on a byte of a pane.
    Click {
        pane: Pane,
        offset: u64,
    },
    /// Mouse wheel: rows to scroll (negative: up).
    Scroll(i64),
    /// Bracketed paste.
    Paste(String),
}

impl App {
    /// Applies one input.
    pub fn handle(&mut self, action: Action) {
        match action {
            Action::Key(key) => self.handle_key(key),
            Action::Click { pane, offset } => {
                self.end_typing();
                self.typed_entry = None;
                self.focus = pane;
                self.cursor = offset.min(self.max_cursor());
                self.nibble = Nibble::High;
                self.scroll_to_cursor();
            }
            Action::Scroll(rows) => {
                self.top = self.top.saturating_add_signed(rows).min(self.last_top());
            }
            Action::Paste(text) => match &mut self.overlay {
                Overlay::Prompt { input, .. } => input.insert_str(&text),
                Overlay::None => self.paste(&text),
                _ => {}
            },
        }
    }

    /// Feeds keys parsed from a string, as in `"5 2 6 f C-s"` (for tests).
    pub fn feed(&mut self, keys: &str) {
        for key in Key::parse_seq(keys) {
            self.handle_key(key);
        }
    }

    /// Applies one key.
    pub fn handle_key(&mut self, key: Key) {
        self.message = None;
        let was_typing = self.typing;
        self.typing = false;
        match &self.overlay {
            Overlay::None => self.key_in_panes(key),
            Overlay::Help => {
                self.overlay = Overlay::None;
            }
            Overlay::Prompt { .. } => self.key_in_prompt(key),
            Overlay::Confirm(_) => self.key_in_confirm(key),
        }
        if was_typing && !self.typing {
            self.doc.commit();
        }
    }

    fn end_typing(&mut self) {
        self.typing = false;
        self.doc.commit();
    }

    fn key_in_panes(&mut self, key: Key) {
        if self.typed_entry.is_some() && self.key_in_typed_entry(&key) {
            return;
        }
        if self.keymap.is_modal() && !self.vi_normal && key.code == KeyCode::Esc {
            self.vi_normal = true;
            return;
        }
        if let Some(cmd) = self.keymap.lookup(&key, self.vi_normal) {
            self.run(cmd);
        } else if let Some(c) = key.typed_char() {
            if self.vi_normal {
                self.error(format!(
                    "'{c}' is not a command here (i: insert, R: overwrite, ?: help)"
                ));
            } else {
                self.type_char(c);
            }
        } else if key.code == KeyCode::Enter && self.focus == Pane::Typed {
            self.error("type a number first, then Enter");
        }
    }

    /// Keys while a number is being typed into the typed pane; returns
    /// false for keys that end the entry and should run as usual.
    fn key_in_typed_entry(&mut self, key: &Key) -> bool {
        let entry = self.typed_entry.as_mut().expect("checked by the caller");
        match key.code {
            KeyCode::Enter => {
                let text = std::mem::take(entry);
                self.typed_entry = None;
                self.write_typed_value(&text);
            }
            KeyCode::Esc => {
                self.typed_entry = None;
                self.info("entry cancelled; nothing written");
            }
            KeyCode::Backspace => {
                entry.pop();
                if entry.is_empty() {
                    self.typed_entry = None;
                }
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt => entry.push(c),
            _ => {
                self.typed_entry = None;
                return false;
            }
        }
        true
    }

    /// Runs a command.
    pub fn run(&mut self, cmd: Cmd) {
        match cmd {
            Cmd::Move(m) => self.move_cursor(m),
            Cmd::NextPane => self.focus = self.focus.next(),
            Cmd::PrevPane => self.focus = self.focus.prev(),
            Cmd::ToggleInsert => {
                self.mode = match self.mode {
                    EditMode::Overwrite => EditMode::Insert,
                    EditMode::Insert => EditMode::Overwrite,
                };
            }
            Cmd::ViInsert => {
                self.vi_normal = false;
                self.mode = EditMode::Insert;
            }
            Cmd::ViReplace => {
                self.vi_normal = false;
                self.mode = EditMode::Overwrite;
            }
            Cmd::Undo => self.undo(),
            Cmd::Redo => self.redo(),
            Cmd::DeleteForward => self.delete(false),
            Cmd::DeleteBack => self.delete(true),
            Cmd::Save => self.save(false),
            Cmd::SaveAs => self.open_save_as(false),
            Cmd::Quit => self.quit(),
            Cmd::Help => self.overlay = Overlay::Help,
            Cmd::SetType(kind) => self.view.elem.kind = kind,
            Cmd::NextType | Cmd::PrevType => {
                let all = ElemKind::ALL;
                let i = all
                    .iter()
                    .position(|k| *k == self.view.elem.kind)
                    .unwrap_or(0);
                let step = if cmd == Cmd::NextType {
                    1
                } else {
                    all.len() - 1
                };
                self.view.elem.kind = all[(i + step) % all.len()];
            }
            Cmd::SetEndian(e) => self.view.elem.endian = e,
            Cmd::ToggleEndian => self.view.elem.endian = self.view.elem.endian.toggle(),
            Cmd::ToggleInspector => self.view.show_inspector = !self.view.show_inspector,
            Cmd::WiderRows => {
                let n = self.geometry.bytes_per_row;
                self.view.fixed_bytes_per_row = Some(if n < 8 { n * 2 } else { n + 8 }.min(256));
            }
            Cmd::NarrowerRows => {
                let n = self.geometry.bytes_per_row;
                self.view.fixed_bytes_per_row = Some(if n <= 8 { (n / 2).max(1) } else { n - 8 });
            }
            Cmd::AutoRows => self.view.fixed_bytes_per_row = None,
        }
    }

    fn step(&self) -> u64 {
        if self.focus == Pane::Typed {
            self.view.elem.size() as u64
        } else {
            1
        }
    }

    fn move_cursor(&mut self, motion: Motion) {
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
            Motion::RowEnd => (base - base % bpr + bpr - step).min(max),
            Motion::FileStart => 0,
            Motion::FileEnd => self.doc.len().saturating_sub(1).min(max),
        };
        self.nibble = Nibble::High;
        self.scroll_to_cursor();
    }

    /// Refuses an edit in a read-only buffer, saying why.
    fn check_editable(&mut self) -> bool {
        match self.readonly {
            Some(why) => {
                self.error(why);
                false
            }
            None => true,
        }
    }

    fn type_char(&mut self, c: char) {
        match self.focus {
            Pane::Hex => match c.to_digit(16) {
                Some(d) => self.type_hex_digit(d as u8),
                None => self.error(format!(
                    "'{}' is not a hex digit: the hex pane takes 0-9 and a-f (Tab: text pane)",
                    c.escape_default()
                )),
            },
            Pane::Text => {
                let mut buf = [0; 4];
                let bytes = c.encode_utf8(&mut buf).as_bytes().to_vec();
                if self.write_bytes(&bytes) {
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

    fn type_hex_digit(&mut self, d: u8) {
        if !self.check_editable() {
            return;
        }
        let old = self.doc.byte_at(self.cursor).unwrap_or(0);
        let result = match (self.mode, self.nibble) {
            (EditMode::Insert, Nibble::High) => self.doc.insert(self.cursor, &[d << 4]),
            (EditMode::Overwrite, Nibble::High) => {
                self.doc.overwrite(self.cursor, &[(d << 4) | (old & 0x0f)])
            }
            (_, Nibble::Low) => self.doc.overwrite(self.cursor, &[(old & 0xf0) | d]),
        };
        if let Err(e) = result {
            self.error(e.to_string());
            return;
        }
        self.typing = true;
        match self.nibble {
            Nibble::High => self.nibble = Nibble::Low,
            Nibble::Low => {
                self.nibble = Nibble::High;
                self.cursor = (self.cursor + 1).min(self.max_cursor());
            }
        }
    }

    /// Writes bytes at the cursor, overwriting or inserting by mode.
    fn write_bytes(&mut self, bytes: &[u8]) -> bool {
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

    fn write_typed_value(&mut self, text: &str) {
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
            self.cursor = (self.cursor + bytes.len() as u64).min(self.max_cursor());
            self.scroll_to_cursor();
        }
    }

    fn delete(&mut self, backward: bool) {
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
        if let Err(e) = self.doc.delete(start..end) {
            self.error(e.to_string());
            return;
        }
        self.typing = true;
        self.cursor = start.min(self.max_cursor());
        self.nibble = Nibble::High;
        self.scroll_to_cursor();
    }

    fn element_or_cursor(&self) -> u64 {
        if self.focus == Pane::Typed {
            self.element_start()
        } else {
            self.cursor
        }
    }

    fn paste(&mut self, text: &str) {
        self.end_typing();
        let bytes = match self.focus {
            Pane::Hex => match parse_hex_bytes(text) {
                Ok(b) => b,
                Err(e) => {
                    self.error(format!("paste: {e}"));
                    return;
                }
            },
            Pane::Text => text.as_bytes().to_vec(),
            Pane::Typed => {
                self.typed_entry = Some(text.trim().to_string());
                return;
            }
        };
        if self.write_bytes(&bytes) {
            self.doc.commit();
            self.cursor = (self.cursor + bytes.len() as u64).min(self.max_cursor());
            self.info(format!("pasted {} bytes", bytes.len()));
            self.scroll_to_cursor();
        }
    }

    fn undo(&mut self) {
        match self.doc.undo() {
            Some(span) => {
                self.cursor = span.start.min(self.max_cursor());
                self.nibble = Nibble::High;
                self.scroll_to_cursor();
            }
            None => self.info("nothing to undo"),
        }
    }

    fn redo(&mut self) {
        match self.doc.redo() {
            Some(span) => {
                self.cursor = span.start.min(self.max_cursor());
                self.nibble = Nibble::High;
                self.scroll_to_cursor();
            }
            None => self.info("nothing to redo"),
        }
    }

    fn quit(&mut self) {
        if self.doc.is_modified() {
            self.overlay = Overlay::Confirm(Confirm::QuitUnsaved);
        } else {
            self.should_quit = true;
        }
    }

    fn has_file(&self) -> bool {
        self.doc.source().target().is_some() && self.doc.source().kind() != SourceKind::Memory
    }

    /// Saves to the buffer's file, or asks for a name when it has none.
    pub fn save(&mut self, then_quit: bool) {
        self.save_with(then_quit, SaveOptions::default());
    }

    fn save_with(&mut self, then_quit: bool, opts: SaveOptions) {
        if !self.check_editable() {
            return;
        }
        self.end_typing();
        if !self.has_file() {
            self.open_save_as(then_quit);
            return;
        }
        match save(&mut self.doc, opts) {
            Ok(report) => self.saved(report.method, report.bytes_written, then_quit),
            Err(SaveError::ChangedOnDisk { .. }) => {
                self.overlay = Overlay::Confirm(Confirm::ForceSave { then_quit });
            }
            Err(e) => self.error(format!("not saved: {e}")),
        }
    }

    fn saved(&mut self, method: SaveMethod, written: u64, then_quit: bool) {
        let how = match method {
            SaveMethod::Unchanged => "nothing to write",
            SaveMethod::InPlace => "in place",
            SaveMethod::Replaced => "replaced",
            SaveMethod::Rewritten => "rewritten in place",
        };
        self.info(format!(
            "saved {} ({written} bytes written, {how})",
            self.display_name()
        ));
        if then_quit {
            self.should_quit = true;
        }
    }

    fn open_save_as(&mut self, then_quit: bool) {
        if !self.check_editable() {
            return;
        }
        let suggestion = self
            .doc
            .source()
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.overlay = Overlay::Prompt {
            kind: PromptKind::SaveAs { then_quit },
            input: LineInput::new(&suggestion),
        };
    }

    fn save_as_path(&mut self, path: &Path, then_quit: bool, confirmed: bool) {
        let is_own = self
            .doc
            .source()
            .target()
            .is_some_and(|t| std::fs::canonicalize(path).is_ok_and(|p| p == t));
        if path.is_dir() {
            self.error(format!("{}: is a directory", escape_path(path)));
            return;
        }
        if path.exists() && !is_own && !confirmed {
            self.overlay = Overlay::Confirm(Confirm::Overwrite {
                path: path.to_path_buf(),
                then_quit,
            });
            return;
        }
        match save_as(&mut self.doc, path, SaveOptions { force: confirmed }) {
            Ok(report) => self.saved(report.method, report.bytes_written, then_quit),
            Err(SaveError::ChangedOnDisk { .. }) => {
                self.overlay = Overlay::Confirm(Confirm::ForceSave { then_quit });
            }
            Err(e) => self.error(format!("not saved: {e}")),
        }
    }

    fn key_in_prompt(&mut self, key: Key) {
        let Overlay::Prompt { kind, input } = &mut self.overlay else {
            return;
        };
        match input.handle(&key) {
            LineEvent::Edited | LineEvent::Ignored => {}
            LineEvent::Cancel => self.overlay = Overlay::None,
            LineEvent::Submit => {
                let text = input.text().trim().to_string();
                let kind = kind.clone();
                self.overlay = Overlay::None;
                match kind {
                    PromptKind::SaveAs { then_quit } => {
                        if text.is_empty() {
                            self.error("no file name given; not saved");
                        } else {
                            self.save_as_path(&expand_home(&text), then_quit, false);
                        }
                    }
                }
            }
        }
    }

    fn key_in_confirm(&mut self, key: Key) {
        let Overlay::Confirm(confirm) = self.overlay.clone() else {
            return;
        };
        self.overlay = Overlay::None;
        let answer = key.typed_char().map(|c| c.to_ascii_lowercase());
        match confirm {
            Confirm::QuitUnsaved => match answer {
                Some('s') | Some('y') => self.save(true),
                Some('d') | Some('n') => self.should_quit = true,
                _ => self.info("not quitting: the edits are still here"),
            },
            Confirm::Overwrite { path, then_quit } => match answer {
                Some('y') => self.save_as_path(&path, then_quit, true),
                _ => self.info("not saved"),
            },
            Confirm::ForceSave { then_quit } => match answer {
                Some('y') => self.save_with(then_quit, SaveOptions { force: true }),
                _ => self.info("not saved: the file on disk is unchanged"),
            },
        }
    }
}

/// Expands a leading `~/` to the home directory.
fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(text),
    }
}
