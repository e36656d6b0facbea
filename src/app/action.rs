//! What each input does to the editor: keys are routed to the overlay on
//! top (help, a prompt, a question), then to the keymap's commands, and
//! otherwise typed into the focused pane. Every edit goes through the
//! document, so undo sees edits from every pane alike.

use super::command::Cmd;
use super::files::expand_home;
use super::key::{Key, KeyCode};
use super::prompt::LineEvent;
use super::state::{App, Confirm, EditMode, Overlay, Pane, PromptKind};
use crate::core::save::SaveOptions;
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
    /// Bracketed paste.
    Paste(String),
}

impl App {
    /// Applies one input.
    pub fn handle(&mut self, action: Action) {
        match action {
            Action::Key(key) => self.handle_key(key),
            Action::Click { pane, offset } => {
                if self.overlay != Overlay::None {
                    return;
                }
                self.end_typing();
                self.typed_entry = None;
                self.focus = pane;
                self.anchor = None;
                self.cursor = offset.min(self.max_cursor());
                self.digit = 0;
                self.scroll_to_cursor();
            }
            Action::Drag { pane, offset } => {
                if self.overlay != Overlay::None || pane != self.focus {
                    return;
                }
                self.anchor.get_or_insert(self.cursor);
                self.cursor = offset.min(self.max_cursor());
                self.scroll_to_cursor();
            }
            Action::Scroll(rows) => {
                self.top = self.top.saturating_add_signed(rows).min(self.last_top());
            }
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
            Overlay::Help { page } => {
                let page = *page;
                self.overlay = match key.code {
                    KeyCode::PageDown | KeyCode::Down | KeyCode::Char(' ') => Overlay::Help {
                        page: (page + 1).min(8),
                    },
                    KeyCode::PageUp | KeyCode::Up => Overlay::Help {
                        page: page.saturating_sub(1),
                    },
                    _ => Overlay::None,
                };
            }
            Overlay::Prompt { .. } => self.key_in_prompt(key),
            Overlay::Confirm(_) => self.key_in_confirm(key),
            Overlay::Palette { .. } => self.key_in_palette(key),
            Overlay::Panel(_) => self.key_in_panel(key),
        }
        if was_typing && !self.typing {
            self.doc.commit();
        }
        self.follow_splices();
        self.check_lesson();
    }

    /// Runs any pending job now, on this thread (tests; small documents).
    pub fn run_job_now(&mut self) {
        if let Some(job) = self.job.take() {
            let ctl = super::jobs::JobControl::default();
            let outcome = super::jobs::run(&self.doc, &job, &ctl);
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
            (_, outcome) => self.found(job, outcome),
        }
        self.follow_splices();
        self.check_lesson();
    }

    fn key_in_panes(&mut self, key: Key) {
        if self.typed_entry.is_some() && self.key_in_typed_entry(&key) {
            return;
        }
        if self.keymap.is_modal() && !self.vi_normal && key.code == KeyCode::Esc {
            self.vi_normal = true;
            return;
        }
        let deletes =
            matches!(key.code, KeyCode::Delete | KeyCode::Backspace) && !key.ctrl && !key.alt;
        if deletes && self.selection().is_some() && self.delete_selection() {
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
            Cmd::Move(m) => {
                self.anchor = None;
                self.move_cursor(m);
            }
            Cmd::Select(m) => self.select(m),
            Cmd::SelectAll => self.select_all(),
            Cmd::ClearSelection => self.anchor = None,
            Cmd::Goto => self.open_goto(),
            Cmd::Find => self.open_find(false),
            Cmd::FindNext => self.find_again(false),
            Cmd::FindPrev => self.find_again(true),
            Cmd::Replace => self.open_find(true),
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
                self.digit = 0;
            }
            Cmd::NextRadix => {
                self.view.radix = self.view.radix.next();
                self.digit = 0;
            }
            Cmd::SetEncoding(e) => self.view.encoding = e,
            Cmd::NextEncoding => self.view.encoding = self.view.encoding.next(),
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

    fn key_in_prompt(&mut self, key: Key) {
        let Overlay::Prompt { kind, input } = &mut self.overlay else {
            return;
        };
        if let PromptKind::Find { spec, .. } = kind
            && App::find_prompt_option(spec, &key)
        {
            return;
        }
        match input.handle(&key) {
            LineEvent::Edited => self.history_pos = None,
            LineEvent::Ignored => match key.code {
                KeyCode::Up => self.prompt_history(true),
                KeyCode::Down => self.prompt_history(false),
                _ => {}
            },
            LineEvent::Cancel => self.overlay = Overlay::None,
            LineEvent::Submit => {
                let raw = input.text().to_string();
                let text = raw.trim().to_string();
                let kind = kind.clone();
                self.overlay = Overlay::None;
                match kind {
                    PromptKind::SaveAs { then_quit, .. } => {
                        if text.is_empty() {
                            self.error("no file name given; not saved");
                        } else {
                            self.save_as_path(&expand_home(&text), then_quit, false);
                        }
                    }
                    PromptKind::Goto => self.submit_goto(&text),
                    // Text is searched as typed: spaces count.
                    PromptKind::Find { spec, replace } => self.submit_find(spec, &raw, replace),
                    PromptKind::ReplaceWith { search } => self.submit_replacement(search, &raw),
                    PromptKind::Fill => self.submit_fill(&text),
                    PromptKind::Export => {
                        if text.is_empty() {
                            self.error("no file name given; nothing written");
                        } else {
                            self.export_selection(&expand_home(&text), false);
                        }
                    }
                }
            }
        }
    }

    fn key_in_palette(&mut self, key: Key) {
        let Overlay::Palette { input, selected } = &mut self.overlay else {
            return;
        };
        let matches = super::palette::rank(input.text(), &self.keymap);
        match key.code {
            KeyCode::Up => *selected = selected.saturating_sub(1),
            KeyCode::Down => *selected = (*selected + 1).min(matches.len().saturating_sub(1)),
            KeyCode::PageUp => *selected = selected.saturating_sub(10),
            KeyCode::PageDown => *selected = (*selected + 10).min(matches.len().saturating_sub(1)),
            _ => match input.handle(&key) {
                LineEvent::Submit => {
                    let chosen = matches.get(*selected).map(|c| c.cmd);
                    self.overlay = Overlay::None;
                    match chosen {
                        Some(cmd) => self.run(cmd),
                        None => self.info("no command matches"),
                    }
                }
                LineEvent::Cancel => self.overlay = Overlay::None,
                LineEvent::Edited => *selected = 0,
                LineEvent::Ignored => {}
            },
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
            Confirm::ReplaceMatch { at, search, with } => {
                self.answer_replace(at, search, with, answer);
            }
            Confirm::ExportOverwrite { path } => match answer {
                Some('y') => self.export_selection(&path, true),
                _ => self.info("nothing written"),
            },
        }
    }
}
