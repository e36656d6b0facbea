//! The selection and what can be done with it: extend it, select all, copy
//! it in the form the next tool wants (to hexbuf's clipboard and the
//! system's, by OSC 52), paste, fill it with a pattern, delete it, write it
//! to a file.

use std::path::Path;

use super::code::{code_bytes, code_splice, typed_array_js};
use super::command::{Cmd, Motion};
use super::editor::Edit;
use super::effect::Effect;
use super::jobs::Job;
use super::prompt::LineInput;
use super::state::{App, Confirm, EditMode, Overlay, Pane, Panel, PromptKind};
use crate::core::display::{byte_count, escape_path};
use crate::core::export::{CopyFormat, format};
use crate::core::number::parse_hex_bytes;

/// The most bytes copied to a clipboard; bigger selections are written to a
/// file instead.
pub const COPY_LIMIT: u64 = 16 << 20;

impl App {
    /// Moves the cursor and extends the selection from where it was.
    pub(crate) fn select(&mut self, motion: Motion) {
        let anchor = self.ed.anchor().unwrap_or(self.ed.cursor());
        self.move_cursor(motion);
        self.ed.set_anchor(Some(anchor));
    }

    pub(crate) fn select_all(&mut self) {
        if self.ed.doc().is_empty() {
            self.info("nothing to select: the buffer is empty");
            return;
        }
        self.ed.set_anchor(Some(0));
        self.ed.set_cursor(self.ed.doc().len() - 1);
        self.scroll_to_cursor();
    }

    /// The selected bytes, refusing (with a message) what is too big to copy.
    fn selected_bytes(&mut self) -> Option<Vec<u8>> {
        let range = match self.selection() {
            Some(r) => r,
            None => {
                let span = self.cursor_span();
                let r = span.start..span.end.min(self.ed.doc().len());
                if r.is_empty() {
                    self.info("nothing to copy here");
                    return None;
                }
                r
            }
        };
        if range.end - range.start > COPY_LIMIT {
            let export = self.key_hint(Cmd::Export);
            self.error(format!(
                "{} bytes is too many to copy (the limit is {COPY_LIMIT}); write them to a file with {export}",
                range.end - range.start
            ));
            return None;
        }
        Some(self.ed.doc().read(range))
    }

    /// Copies in the focused pane's form: hex from the hex pane, text from
    /// the text pane, a JavaScript array from the typed pane.
    pub(crate) fn copy(&mut self) {
        let fmt = match self.focus {
            Pane::Hex => CopyFormat::Hex,
            Pane::Text => CopyFormat::Text,
            Pane::Typed => {
                // As the pane shows it: its element type's array.
                let Some(bytes) = self.selected_bytes() else {
                    return;
                };
                let ty = self.view.elem;
                let text = typed_array_js(ty, &bytes);
                self.copied(bytes, text, &format!("JS {}Array", ty.kind.js_name()));
                return;
            }
        };
        self.copy_as(fmt);
    }

    pub(crate) fn copy_as(&mut self, fmt: CopyFormat) {
        let Some(bytes) = self.selected_bytes() else {
            return;
        };
        let text = format(&bytes, fmt);
        self.copied(bytes, text, fmt.name());
    }

    fn copied(&mut self, bytes: Vec<u8>, text: String, name: &str) {
        let n = bytes.len() as u64;
        self.clipboard = bytes;
        self.effects.push(Effect::Clipboard(text));
        let paste = self.key_hint(Cmd::Paste);
        self.info(format!(
            "copied {} as {name} ({paste} pastes them)",
            byte_count(n)
        ));
    }

    pub(crate) fn open_copy_menu(&mut self) {
        self.overlay = Overlay::Panel(Panel::CopyAs { selected: 0 });
    }

    /// Pastes hexbuf's clipboard at the cursor (over the selection, if any).
    pub(crate) fn paste_clipboard(&mut self) {
        if self.clipboard.is_empty() {
            let copy = self.key_hint(Cmd::Copy);
            self.info(format!(
                "the clipboard is empty (copy with {copy}; the terminal's paste works too)"
            ));
            return;
        }
        let bytes = self.clipboard.clone();
        self.put_bytes(&bytes);
    }

    /// Writes bytes at the cursor or over the selection: in insert mode the
    /// selection is replaced, in overwrite mode writing starts at it.
    pub(crate) fn put_bytes(&mut self, bytes: &[u8]) {
        let (at, edit) = match (self.selection(), self.mode) {
            (Some(sel), EditMode::Insert) => (sel.start, Edit::replace(sel, bytes)),
            (Some(sel), EditMode::Overwrite) => (sel.start, self.write_edit(sel.start, bytes)),
            (None, _) => (self.ed.cursor(), self.write_edit(self.ed.cursor(), bytes)),
        };
        let code = code_bytes(at, bytes, "pasted");
        if self.apply(edit.code(code)) {
            self.ed.set_anchor(None);
            self.info(format!("pasted {}", byte_count(bytes.len() as u64)));
        }
    }

    /// Deletes the selection (insert mode only: overwrite keeps the length).
    pub(crate) fn delete_selection(&mut self) -> bool {
        let Some(sel) = self.selection() else {
            return false;
        };
        if self.mode == EditMode::Overwrite && !self.vi_normal {
            let (insert, fill) = (self.key_hint(Cmd::ToggleInsert), self.key_hint(Cmd::Fill));
            self.error(format!(
                "deleting changes the length: switch to insert mode ({insert}) first, or fill the selection ({fill})"
            ));
            return true;
        }
        let n = sel.end - sel.start;
        let edit =
            Edit::delete(sel.clone()).code(code_splice(sel.clone(), &[], self.ed.doc().len()));
        if self.apply(edit) {
            self.ed.set_anchor(None);
            self.info(format!("deleted {}", byte_count(n)));
        }
        true
    }

    pub(crate) fn open_fill(&mut self) {
        if self.selection().is_none() {
            let keys = self.select_hint();
            self.info(format!("select the bytes to fill first ({keys})"));
            return;
        }
        if self.check_editable() {
            self.overlay = Overlay::Prompt {
                kind: PromptKind::Fill,
                input: LineInput::default(),
            };
        }
    }

    /// Fills the selection with a repeated byte pattern, as one undo step.
    pub(crate) fn submit_fill(&mut self, text: &str) {
        let Some(sel) = self.selection() else { return };
        let pattern = match parse_hex_bytes(text) {
            Ok(p) => p,
            Err(e) => {
                self.error(format!("fill: {e}"));
                return;
            }
        };
        let n = sel.end - sel.start;
        let code = super::code::code_fill(sel.clone(), &pattern);
        match self.ed.fill(sel, &pattern, code) {
            Ok(()) => self.info(format!("filled {}", byte_count(n))),
            Err(e) => self.error(e.to_string()),
        }
    }

    pub(crate) fn open_export(&mut self) {
        if self.selection().is_none() {
            let keys = self.select_hint();
            self.info(format!("select the bytes to write first ({keys})"));
            return;
        }
        self.overlay = Overlay::Prompt {
            kind: PromptKind::Export,
            input: LineInput::default(),
        };
    }

    /// Writes the selection to a new file (asking before replacing one).
    pub(crate) fn export_selection(&mut self, path: &Path, confirmed: bool) {
        let Some(sel) = self.selection() else { return };
        if path.exists() && !confirmed {
            self.overlay = Overlay::Confirm(Confirm::ExportOverwrite {
                path: path.to_path_buf(),
            });
            return;
        }
        self.effects.push(Effect::Job(Job::Export {
            range: sel,
            path: path.to_path_buf(),
        }));
    }

    /// Takes an export job's result.
    pub(crate) fn export_done(
        &mut self,
        range: std::ops::Range<u64>,
        path: &Path,
        result: std::io::Result<()>,
        cancelled: bool,
    ) {
        let n = range.end - range.start;
        match result {
            Ok(()) => self.info(format!("wrote {} to {}", byte_count(n), escape_path(path))),
            Err(_) if cancelled => self.info(format!(
                "export cancelled: nothing written to {}",
                escape_path(path)
            )),
            Err(e) => self.error(format!("{}: not written: {e}", escape_path(path))),
        }
    }
}
