//! Saving and quitting: save, save as (asking before overwriting another
//! file), saving over a file that changed on disk, a file the user cannot
//! write (Ctrl+S offers Save As), and the unsaved-quit question.

use std::path::{Path, PathBuf};

use super::command::Cmd;
use super::effect::Effect;
use super::jobs::Job;
use super::prompt::LineInput;
use super::state::{App, Confirm, Overlay, PromptKind};
use crate::core::access::check_writable;
use crate::core::display::escape_path;
use crate::core::mapguard;
use crate::core::save::{SaveError, SaveMethod, SaveOptions, SaveReport, check_save_as_target};
use crate::core::source::SourceKind;

/// What the editor has told the user about its file changing under it.
#[derive(Debug, Default)]
pub struct FileWatch {
    warned_changed: bool,
    /// Map faults answered with zeros, as counted when last looked at.
    faults_seen: usize,
}

/// More unsaved changes than this count as modified without comparing.
const SAME_CHECK_CHANGES: usize = 64;
/// A change longer than this counts as modified without comparing.
const SAME_CHECK_BYTES: u64 = 1 << 16;

/// The file's own bytes in `range`.
fn source_bytes(doc: &crate::core::document::Document, range: std::ops::Range<u64>) -> Vec<u8> {
    let mut out = vec![0; (range.end - range.start) as usize];
    let n = doc.source().read_at(range.start, &mut out);
    out.truncate(n);
    out
}

impl App {
    /// Looks at the file on disk (the event loop calls this every second or
    /// so): when another program cut it shorter, the vanished bytes now read
    /// as zeros and the user is told its new size; when it changed
    /// otherwise, the user is told once that saving will ask first.
    pub fn check_file(&mut self) {
        self.check_own_file(true);
        // The compare view's other file too.
        self.check_other_file();
    }

    /// [`App::check_file`] for the buffer's own file; map faults (counted
    /// for the whole process) are reported only with `faults`.
    pub(crate) fn check_own_file(&mut self, faults_too: bool) {
        let faults = mapguard::faults();
        let name = self.display_name();
        if let Some(size) = self.ed.doc().check_shrink() {
            self.watch.warned_changed = true;
            self.error(format!(
                "{name} was cut to {} by another program: the bytes from 0x{size:x} on \
                 read as zeros (struck through); your edits are kept — {} saves a copy",
                crate::core::display::byte_count(size),
                self.key_hint(Cmd::SaveAs)
            ));
        } else if faults_too && faults != self.watch.faults_seen {
            self.error(format!(
                "part of {name} could not be read (the file changed, or its filesystem is full \
                 or failing); those bytes read as zeros — {} saves a copy",
                self.key_hint(Cmd::SaveAs)
            ));
        } else if !self.watch.warned_changed && self.ed.doc().source().changed_on_disk() {
            self.watch.warned_changed = true;
            self.error(format!(
                "the file changed on disk since it was opened; {} will ask before overwriting it",
                self.key_hint(Cmd::Save)
            ));
        }
        self.watch.faults_seen = faults;
    }

    /// Whether the buffer differs from the file on disk (as opened or last
    /// saved): edits that were all reverted or undone, or that wrote the
    /// bytes that were there, leave it unmodified.
    pub fn is_modified(&self) -> bool {
        let doc = self.ed.doc();
        if !doc.is_modified() {
            return false;
        }
        let changes = doc.changes();
        if changes.len() > SAME_CHECK_CHANGES {
            return true;
        }
        changes.iter().any(|c| {
            let old_len = c.old.end - c.old.start;
            c.new_len != old_len
                || c.new_len > SAME_CHECK_BYTES
                || doc.read(c.offset..c.offset + c.new_len) != source_bytes(doc, c.old.clone())
        })
    }

    /// A buffer whose file does not exist yet (`--new`, or a path that is
    /// not there): the first save creates it.
    pub fn is_new_buffer(&self) -> bool {
        self.ed.doc().source().kind() == SourceKind::NewFile
    }

    pub(crate) fn quit(&mut self) {
        // A never-saved --new buffer asks too: quitting creates no file.
        let unsaved_new = self.is_new_buffer() && !self.ed.doc().is_empty();
        // A finished lesson's scratch buffer has done its work: leaving it
        // asks nothing (a lesson that saves has its own step for that).
        let lesson_done = self.lesson.as_ref().is_some_and(|run| run.finished());
        if (self.is_modified() || unsaved_new) && !lesson_done {
            self.overlay = Overlay::Confirm(Confirm::QuitUnsaved);
        } else {
            self.effects.push(Effect::Quit);
        }
    }

    pub(crate) fn has_file(&self) -> bool {
        self.ed.doc().source().target().is_some()
            && self.ed.doc().source().kind() != SourceKind::Memory
    }

    /// Asks the kernel again whether the buffer's file can be written (a
    /// chmod or a remount may have changed the answer).
    pub(crate) fn check_writable(&mut self) {
        let kind = self.ed.doc().source().kind();
        self.unwritable = match self.ed.doc().source().target() {
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
            && self.ed.readonly().is_none()
        {
            let text = format!(
                "read-only: cannot write {} ({why}); edits stay here, Save As ({}) writes them elsewhere",
                self.display_name(),
                self.key_hint(Cmd::SaveAs)
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
        self.effects.push(Effect::Job(Job::Save {
            to: None,
            opts,
            then_quit,
        }));
    }

    /// Takes a save job's result.
    pub(crate) fn save_done(
        &mut self,
        result: Result<SaveReport, SaveError>,
        cancelled: bool,
        then_quit: bool,
    ) {
        match result {
            Ok(report) => self.saved(&report, then_quit),
            Err(_) if cancelled => self.info(format!(
                "save cancelled: {} is as it was, the edits are still here",
                self.display_name()
            )),
            Err(SaveError::ChangedOnDisk { .. }) => {
                self.overlay = Overlay::Confirm(Confirm::ForceSave { then_quit });
            }
            Err(e) => self.error(format!("not saved: {e}")),
        }
    }

    pub(crate) fn saved(&mut self, report: &SaveReport, then_quit: bool) {
        let how = match report.method {
            SaveMethod::Unchanged => "nothing to write",
            SaveMethod::InPlace => "in place",
            SaveMethod::Replaced => "replaced",
            SaveMethod::Created => "created",
            SaveMethod::Rewritten => "rewritten in place",
        };
        let mut text = format!(
            "saved {} ({} written, {how})",
            self.display_name(),
            crate::core::display::byte_count(report.bytes_written)
        );
        let n = report.removed_leftovers.len();
        if n > 0 {
            let s = if n == 1 { "" } else { "s" };
            text += &format!("; removed {n} temporary file{s} left by an interrupted save");
        }
        if report.cleared_setid {
            text += "; the system cleared its set-user/group-ID bits and would not let hexbuf set them again";
        }
        self.info(text);
        // Save As may have moved the buffer to another file.
        self.check_writable();
        if then_quit {
            self.effects.push(Effect::Quit);
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
            .ed
            .doc()
            .source()
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .or_else(|| self.save_name.clone())
            .unwrap_or_default();
        self.overlay = Overlay::Prompt {
            kind: PromptKind::SaveAs { then_quit, cannot },
            // Selected, so that typing a name replaces the suggestion.
            input: LineInput::preselected(&suggestion),
        };
    }

    pub(crate) fn save_as_path(&mut self, path: &Path, then_quit: bool, confirmed: bool) {
        let is_own = self
            .ed
            .doc()
            .source()
            .target()
            .is_some_and(|t| std::fs::canonicalize(path).is_ok_and(|p| p == t));
        if let Err(e) = check_save_as_target(path) {
            self.error(format!("not saved: {e}"));
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
        self.effects.push(Effect::Job(Job::Save {
            to: Some(path.to_path_buf()),
            opts: SaveOptions { force: confirmed },
            then_quit,
        }));
    }
}

/// Expands a leading `~/` to the home directory.
pub(crate) fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(text),
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::FileTypeExt;

    use super::*;
    use crate::app::state::{AppOptions, MessageKind};
    use crate::core::document::Document;
    use crate::core::source::{OpenOptions, Source};

    fn app_on(path: &Path) -> App {
        let source = Source::open(path, OpenOptions::default()).unwrap();
        App::new(Document::new(source), AppOptions::default())
    }

    fn message(app: &App) -> (MessageKind, String) {
        let m = app.message.as_ref().expect("a message");
        (m.kind, m.text.clone())
    }

    #[test]
    fn save_as_over_a_fifo_is_refused_before_asking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.bin");
        fs::write(&path, b"abc").unwrap();
        let fifo = dir.path().join("pipe");
        crate::core::test_support::make_fifo(&fifo);
        let mut app = app_on(&path);
        app.ed
            .edit(crate::app::editor::Edit::insert(0, b"x"))
            .unwrap();
        app.save_as_path(&fifo, false, false);
        let (kind, text) = message(&app);
        assert_eq!(kind, MessageKind::Error);
        assert!(
            text.contains("pipe") && text.contains("not a regular file"),
            "{text}"
        );
        assert!(!matches!(app.overlay, Overlay::Confirm(_)));
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(app.ed.doc().is_modified());
    }

    #[test]
    fn saving_says_once_which_leftovers_it_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.bin");
        fs::write(&path, b"abc").unwrap();
        // No process can have this pid (pid_max is at most 2^22).
        let dead = dir.path().join(format!(".hexbuf-save-{}-123456", 1 << 23));
        fs::write(&dead, b"left by a killed save").unwrap();
        let mut app = app_on(&path);
        app.ed
            .edit(crate::app::editor::Edit::insert(0, b"x"))
            .unwrap();
        app.save(false);
        app.run_job_now();
        let (_, text) = message(&app);
        assert!(
            text.contains("removed 1 temporary file left by an interrupted save"),
            "{text}"
        );
        assert!(!dead.exists());
        app.ed
            .edit(crate::app::editor::Edit::insert(0, b"y"))
            .unwrap();
        app.save(false);
        app.run_job_now();
        let (_, text) = message(&app);
        assert!(!text.contains("removed"), "{text}");
    }

    #[test]
    fn cleared_set_id_bits_are_mentioned() {
        let mut app = App::new(Document::from_bytes(Vec::new()), AppOptions::default());
        let report = SaveReport {
            method: SaveMethod::InPlace,
            bytes_written: 1,
            removed_leftovers: Vec::new(),
            cleared_setid: true,
        };
        app.saved(&report, false);
        let (_, text) = message(&app);
        assert!(
            text.contains("cleared its set-user/group-ID bits"),
            "{text}"
        );
    }
}
