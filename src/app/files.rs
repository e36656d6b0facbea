//! Saving and quitting: save, save as (asking before overwriting another
//! file), saving over a file that changed on disk, a file the user cannot
//! write (Ctrl+S offers Save As), and the unsaved-quit question.

use std::path::{Path, PathBuf};

use super::prompt::LineInput;
use super::state::{App, Confirm, Overlay, PromptKind};
use crate::core::access::check_writable;
use crate::core::display::escape_path;
use crate::core::save::{SaveError, SaveMethod, SaveOptions, save, save_as};
use crate::core::source::SourceKind;

impl App {
    pub(crate) fn quit(&mut self) {
        if self.doc.is_modified() {
            self.overlay = Overlay::Confirm(Confirm::QuitUnsaved);
        } else {
            self.should_quit = true;
        }
    }

    pub(crate) fn has_file(&self) -> bool {
        self.doc.source().target().is_some() && self.doc.source().kind() != SourceKind::Memory
    }

    /// Asks the kernel again whether the buffer's file can be written (a
    /// chmod or a remount may have changed the answer).
    pub(crate) fn check_writable(&mut self) {
        let kind = self.doc.source().kind();
        self.unwritable = match self.doc.source().target() {
            Some(target) if !matches!(kind, SourceKind::Memory | SourceKind::PseudoFile) => {
                check_writable(target).err()
            }
            _ => None,
        };
    }

    /// Marks a file the user cannot write, and says so once.
    pub(crate) fn check_writable_at_open(&mut self) {
        self.check_writable();
        if let Some(why) = &self.unwritable
            && self.readonly.is_none()
        {
            let text = format!(
                "read-only: cannot write {} ({why}); edits stay here, Save As (Alt+S) writes them elsewhere",
                self.display_name()
            );
            self.error(text);
        }
    }

    /// Saves to the buffer's file, or asks for a name when it has none.
    pub fn save(&mut self, then_quit: bool) {
        self.save_with(then_quit, SaveOptions::default());
    }

    pub(crate) fn save_with(&mut self, then_quit: bool, opts: SaveOptions) {
        if !self.check_editable() {
            return;
        }
        self.end_typing();
        if !self.has_file() {
            self.open_save_as(then_quit);
            return;
        }
        self.check_writable();
        if let Some(why) = &self.unwritable {
            let cannot = format!("Cannot write {} ({why})", self.display_name());
            self.open_save_as_prompt(then_quit, Some(cannot));
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

    pub(crate) fn saved(&mut self, method: SaveMethod, written: u64, then_quit: bool) {
        let how = match method {
            SaveMethod::Unchanged => "nothing to write",
            SaveMethod::InPlace => "in place",
            SaveMethod::Replaced => "replaced",
            SaveMethod::Created => "created",
            SaveMethod::Rewritten => "rewritten in place",
        };
        self.info(format!(
            "saved {} ({written} bytes written, {how})",
            self.display_name()
        ));
        // Save As may have moved the buffer to another file.
        self.check_writable();
        if then_quit {
            self.should_quit = true;
        }
    }

    pub(crate) fn open_save_as(&mut self, then_quit: bool) {
        self.open_save_as_prompt(then_quit, None);
    }

    fn open_save_as_prompt(&mut self, then_quit: bool, cannot: Option<String>) {
        if !self.check_editable() {
            return;
        }
        let suggestion = self
            .doc
            .source()
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .or_else(|| self.save_name.clone())
            .unwrap_or_default();
        self.overlay = Overlay::Prompt {
            kind: PromptKind::SaveAs { then_quit, cannot },
            input: LineInput::new(&suggestion),
        };
    }

    pub(crate) fn save_as_path(&mut self, path: &Path, then_quit: bool, confirmed: bool) {
        let is_own = self
            .doc
            .source()
            .target()
            .is_some_and(|t| std::fs::canonicalize(path).is_ok_and(|p| p == t));
        if path.is_dir() {
            self.error(format!("{}: is a directory", escape_path(path)));
            return;
        }
        // Save As onto the buffer's own unwritable file must not get round
        // the permission that Ctrl+S respects (a rename would replace it).
        if is_own {
            self.check_writable();
            if let Some(why) = &self.unwritable {
                self.error(format!(
                    "not saved: cannot write {} ({why})",
                    escape_path(path)
                ));
                return;
            }
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
}

/// Expands a leading `~/` to the home directory.
pub(crate) fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(text),
    }
}
