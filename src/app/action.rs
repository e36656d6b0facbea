//! What each input does to the editor: keys are routed to the overlay on
//! top (help, a prompt, a question), then to the keymap's commands, and
//! otherwise typed into the focused pane. Every edit goes through the
//! document, so undo sees edits from every pane alike.

use super::command::Cmd;
use super::effect::Effect;
use super::key::Key;
use super::mode::{Mode, ModeCmd};
use super::state::{App, BottomPanel, EditMode, Overlay, Pane};
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
    /// A drag with the button held: extends the selection to this byte.
    Drag {
        pane: Pane,
        offset: u64,
    },
    /// Mouse wheel: rows to scroll (negative: up).
    Scroll(i64),
    /// A click on a byte of the compare view: its side, pane and position.
    ClickCompare {
        side: super::compare::align::Side,
        pane: Pane,
        position: u64,
    },
    /// Bracketed paste.
    Paste(String),
    /// A click on cell `cell` of the entropy strip of `cells` cells.
    ClickEntropy {
        cell: usize,
        cells: usize,
    },
}

/// The most bytes a row may be set to hold.
const MAX_BYTES_PER_ROW: usize = 256;

impl App {
    /// Applies one input; returns what it asks of the runner (clipboard,
    /// a job, quitting), together with any not yet taken.
    pub fn handle(&mut self, action: Action) -> Vec<Effect> {
        self.apply_action(action);
        // A paste edits without a key: the strip catches up here too.
        self.entropy_refresh();
        self.take_effects()
    }

    /// What the inputs so far ask of the runner, oldest first.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Whether an input asked to quit and no runner has acted on it yet.
    pub fn quit_requested(&self) -> bool {
        self.effects.iter().any(|e| matches!(e, Effect::Quit))
    }

    /// Takes the text an input asked to put on the system clipboard, if any
    /// (tests; the runner takes every effect with `handle`).
    pub fn take_clipboard(&mut self) -> Option<String> {
        let i = self
            .effects
            .iter()
            .position(|e| matches!(e, Effect::Clipboard(_)))?;
        match self.effects.remove(i) {
            Effect::Clipboard(text) => Some(text),
            _ => None,
        }
    }

    fn apply_action(&mut self, action: Action) {
        match action {
            Action::Key(key) => self.handle_key(key),
            Action::Click { pane, offset } => {
                if self.overlay != Overlay::None {
                    return;
                }
                self.end_typing();
                self.typed_entry = None;
                self.focus = pane;
                self.ed.set_anchor(None);
                self.ed.set_cursor(offset);
                self.scroll_to_cursor();
            }
            Action::Drag { pane, offset } => {
                if self.overlay != Overlay::None || pane != self.focus {
                    return;
                }
                if self.ed.anchor().is_none() {
                    self.ed.set_anchor(Some(self.ed.cursor()));
                }
                self.ed.set_cursor(offset);
                self.scroll_to_cursor();
            }
            Action::Scroll(rows) if self.compare.is_some() => self.scroll_compare_by(rows),
            Action::ClickCompare {
                side,
                pane,
                position,
            } => {
                if self.overlay == Overlay::None {
                    self.click_compare(side, pane, position);
                }
            }
            Action::Scroll(rows) => {
                self.top = self.top.saturating_add_signed(rows).min(self.last_top());
            }
            Action::ClickEntropy { cell, cells } => self.entropy_click(cell, cells),
            Action::Paste(text) => match &mut self.overlay {
                Overlay::Prompt { input, .. } => input.insert_str(&text),
                Overlay::Palette { input, selected } => {
                    input.insert_str(&text);
                    *selected = 0;
                }
                Overlay::None => self.paste(&text),
                _ => {}
            },
        }
    }

    /// Feeds keys parsed from a string, as in `"5 2 6 f C-s"` (for tests).
    /// Like the runner, each key's jobs (find, hash, save…) run before the
    /// next key, here on this thread; other effects stay pending.
    pub fn feed(&mut self, keys: &str) {
        for key in Key::parse_seq(keys) {
            self.handle_key(key);
            self.run_job_now();
        }
    }

    /// Applies one key.
    pub fn handle_key(&mut self, key: Key) {
        self.message = None;
        match self.mode() {
            None => self.key_in_panes(key),
            Some(mode) => self.key_in_mode(mode, key),
        }
        self.ed.key_done();
        self.check_lesson();
        self.structure_refresh();
        self.compare_sync();
        self.entropy_refresh();
    }

    /// Runs the pending jobs now, on this thread (tests).
    pub fn run_job_now(&mut self) {
        while let Some(i) = self
            .effects
            .iter()
            .position(|e| matches!(e, Effect::Job(_)))
        {
            let Effect::Job(job) = self.effects.remove(i) else {
                unreachable!("found a job")
            };
            let ctl = super::jobs::JobControl::default();
            let outcome = super::jobs::run_mut(self.ed.doc_for_job(), &job, &ctl);
            self.finish_job(job, outcome);
        }
    }

    /// Takes what a job produced.
    pub fn finish_job(&mut self, job: super::jobs::Job, outcome: super::jobs::JobOutcome) {
        use super::jobs::{Job, JobOutcome};
        match (&job, outcome) {
            (Job::Hash { kind, range }, JobOutcome::Hashed(digest)) => {
                self.hashed(*kind, range.clone(), digest);
            }
            (Job::Hash { .. }, _) => self.info("hashing cancelled"),
            (Job::Entropy { jump, .. }, JobOutcome::Entropy(map)) => {
                self.entropy_done(Some(map), *jump)
            }
            (Job::Entropy { .. }, _) => self.entropy_done(None, None),
            (Job::Histogram { range }, JobOutcome::Histogram(h)) => {
                self.histogram_done(range.clone(), h)
            }
            (Job::Histogram { .. }, _) => self.info("histogram cancelled"),
            (Job::Save { then_quit, to, .. }, JobOutcome::Saved { result, cancelled }) => {
                // Bookmarks moved by inserts and deletes now match the file
                // on disk: keep them so (before a quit that may follow).
                if to.is_none() && result.is_ok() && !self.ed.bookmarks().is_empty() {
                    self.bookmarks_changed();
                }
                let saved = result.is_ok();
                self.save_done(result, cancelled, *then_quit);
                if saved {
                    self.entropy_saved();
                }
            }
            (Job::Export { range, path }, JobOutcome::Exported { result, cancelled }) => {
                self.export_done(range.clone(), path, result, cancelled);
            }
            (Job::WriteBookmarks { path, export, .. }, JobOutcome::BookmarksWritten(r)) => {
                self.bookmarks_written(path, *export, r);
            }
            (Job::ReadBookmarks { path }, JobOutcome::BookmarksRead(r)) => {
                self.bookmarks_imported(path, r);
            }
            (_, outcome) => self.found(job, outcome),
        }
        self.check_lesson();
        self.compare_sync();
    }

    pub(crate) fn key_in_panes(&mut self, key: Key) {
        if let Some(cmd) = self.keymap.lookup(&key, self.vi_normal) {
            self.run(cmd);
        } else if let Some(c) = key.typed_char() {
            if self.vi_normal {
                self.error(format!(
                    "'{c}' is not a command here ({}: insert, {}: overwrite, {}: help)",
                    self.key_hint(Cmd::ViInsert),
                    self.key_hint(Cmd::ViReplace),
                    self.key_hint(Cmd::Help)
                ));
            } else {
                self.type_char(c);
            }
        } else if self.focus == Pane::Typed
            && self.keymap.lookup_mode(Mode::Entry, &key) == Some(ModeCmd::Accept)
        {
            let enter = self.mode_key_hint(Mode::Entry, ModeCmd::Accept);
            self.error(format!("type a number first, then {enter}"));
        }
    }

    /// Runs a command.
    pub fn run(&mut self, cmd: Cmd) {
        if self.compare.is_some() && self.compare_cmd(cmd) {
            return;
        }
        match cmd {
            Cmd::Move(m) => {
                self.ed.set_anchor(None);
                self.move_cursor(m);
            }
            Cmd::Select(m) => self.select(m),
            Cmd::SelectAll => self.select_all(),
            Cmd::ClearSelection => {
                // Esc also drops a number half typed in the hex pane.
                self.ed.set_anchor(None);
                self.ed.clear_digit();
            }
            Cmd::Goto => self.open_goto(),
            Cmd::NameBookmark => self.open_bookmark_prompt(),
            Cmd::Bookmarks => self.open_bookmarks(),
            Cmd::ExportBookmarks | Cmd::ImportBookmarks => {
                let kind = if cmd == Cmd::ExportBookmarks {
                    super::state::PromptKind::ExportBookmarks
                } else {
                    super::state::PromptKind::ImportBookmarks
                };
                self.overlay = Overlay::Prompt {
                    kind,
                    input: super::prompt::LineInput::default(),
                };
            }
            Cmd::FollowPointer(ty) => self.follow_pointer(ty),
            Cmd::JumpBack => self.jump_back(),
            Cmd::AlignHere => self.align_here(true),
            Cmd::AlignReset => self.align_here(false),
            Cmd::Find => self.open_find(false),
            Cmd::FindNext => self.find_again(false),
            Cmd::FindPrev => self.find_again(true),
            Cmd::Replace => self.open_find(true),
            Cmd::FindAll => self.find_all(),
            Cmd::Strings => self.open_strings(),
            Cmd::Copy => self.copy(),
            Cmd::CopyAs(fmt) => self.copy_as(fmt),
            Cmd::CopyMenu => self.open_copy_menu(),
            Cmd::Paste => self.paste_clipboard(),
            Cmd::Fill => self.open_fill(),
            Cmd::Export => self.open_export(),
            Cmd::Hash(kind) => self.request_hash(kind),
            Cmd::Changes => self.open_changes(),
            Cmd::ToggleMark => self.toggle_mark(),
            Cmd::NextMark => self.jump_mark(true),
            Cmd::PrevMark => self.jump_mark(false),
            Cmd::Marks => self.open_marks(),
            Cmd::NextLesson => self.next_lesson(),
            Cmd::Palette => {
                self.overlay = Overlay::Palette {
                    input: super::prompt::LineInput::default(),
                    selected: 0,
                }
            }
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
            Cmd::ViNormal => {
                self.end_typing();
                self.vi_normal = true;
            }
            Cmd::ViReplace => {
                self.vi_normal = false;
                self.mode = EditMode::Overwrite;
            }
            Cmd::Undo => self.undo(),
            Cmd::Redo => self.redo(),
            Cmd::DeleteForward | Cmd::DeleteBack
                if self.selection().is_some() && self.delete_selection() => {}
            Cmd::DeleteForward => self.delete(false),
            Cmd::DeleteBack => self.delete(true),
            Cmd::Save => self.save(false),
            Cmd::SaveAs => self.open_save_as(false),
            Cmd::Quit => self.quit(),
            Cmd::Help => self.overlay = Overlay::Help { page: 0 },
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
            Cmd::ToggleHexNumbers => {
                self.view.hex_numbers = !self.view.hex_numbers;
                self.info(if self.view.hex_numbers {
                    "hex numbers: integers in hex as well as decimal"
                } else {
                    "hex numbers off: integers in decimal"
                });
            }
            Cmd::InspectorPage => {
                self.view.show_inspector = true;
                self.view.bottom = BottomPanel::Inspector;
                self.view.inspector_decodings = !self.view.inspector_decodings;
            }
            Cmd::NextBottomPanel => {
                self.view.show_inspector = true;
                self.view.bottom = self.view.bottom.next();
            }
            Cmd::SetBottomPanel(p) => {
                self.view.show_inspector = true;
                self.view.bottom = p;
            }
            Cmd::SetRadix(r) => {
                self.view.radix = r;
                self.ed.clear_digit();
            }
            Cmd::NextRadix => {
                self.view.radix = self.view.radix.next();
                self.ed.clear_digit();
            }
            Cmd::SetEncoding(e) => self.view.encoding = e,
            Cmd::NextEncoding => self.view.encoding = self.view.encoding.next(),
            // Rows hold a power of two of bytes, so round offsets (0x1000)
            // start a row: more and fewer double and halve.
            Cmd::WiderRows => {
                let n = self.geometry.bytes_per_row.max(1);
                let up = if n.is_power_of_two() {
                    n * 2
                } else {
                    n.next_power_of_two()
                };
                self.view.fixed_bytes_per_row = Some(up.min(MAX_BYTES_PER_ROW));
            }
            Cmd::NarrowerRows => {
                let n = self.geometry.bytes_per_row.max(1);
                let down = if n.is_power_of_two() {
                    n / 2
                } else {
                    n.next_power_of_two() / 2
                };
                self.view.fixed_bytes_per_row = Some(down.max(1));
            }
            Cmd::AutoRows => self.view.fixed_bytes_per_row = None,
            Cmd::Structure => self.toggle_structure(),
            Cmd::EntropyStrip => self.toggle_entropy_strip(),
            Cmd::EntropyJump { forward } => self.entropy_jump(forward),
            Cmd::Histogram => self.request_histogram(),
            Cmd::Compare(_) => {
                self.error("that works in the compare view: hexbuf FILE_A FILE_B");
            }
        }
    }
}
