//! What keys do in each mode: the mode on top is found from the state, the
//! key is looked up in that mode's bindings, and the command runs. Keys that
//! are not bound type (into a prompt, the palette's filter, a typed-pane
//! number) or, where nothing can be typed, close what is on top.

use super::effect::Effect;
use super::files::expand_home;
use super::key::{Key, KeyCode};
use super::mode::{Mode, ModeCmd};
use super::state::{App, Confirm, Overlay, Panel, PromptKind};
use crate::core::export::CopyFormat;
use crate::core::save::SaveOptions;

impl App {
    /// The mode on top of the panes, if any.
    pub fn mode(&self) -> Option<Mode> {
        match &self.overlay {
            Overlay::Help { .. } => Some(Mode::Help),
            Overlay::Prompt { .. } => Some(Mode::Prompt),
            Overlay::Confirm(_) => Some(Mode::Confirm),
            Overlay::Palette { .. } => Some(Mode::Palette),
            Overlay::Panel(_) => Some(Mode::List),
            Overlay::None if self.typed_entry.is_some() => Some(Mode::Entry),
            Overlay::None if self.structure.as_ref().is_some_and(|s| s.open && s.focused) => {
                Some(Mode::Structure)
            }
            Overlay::None => None,
        }
    }

    /// A key in `mode`: its binding, or typing, or closing.
    pub(crate) fn key_in_mode(&mut self, mode: Mode, key: Key) {
        // The strings panel filters as you type: characters and Backspace
        // go to its filter before any list key.
        if matches!(self.overlay, Overlay::Panel(Panel::Strings { .. })) {
            if let Some(c) = key.typed_char() {
                self.strings_type(Some(c));
                return;
            }
            if key == Key::new(KeyCode::Backspace) {
                self.strings_type(None);
                return;
            }
        }
        if let Some(cmd) = self.keymap.lookup_mode(mode, &key) {
            self.run_mode(mode, cmd);
            return;
        }
        let typed = key.typed_char();
        match (mode, typed) {
            (Mode::Entry, Some(c)) => {
                if let Some(entry) = &mut self.typed_entry {
                    entry.push(c);
                }
            }
            (Mode::Entry, None) => {
                // Any other key ends the entry unwritten and does its job.
                self.typed_entry = None;
                self.key_in_panes(key);
            }
            (Mode::Prompt, Some(c)) => {
                if let Overlay::Prompt { input, .. } = &mut self.overlay {
                    input.type_char(c);
                    self.history_pos = None;
                }
            }
            (Mode::Palette, Some(c)) => {
                if let Overlay::Palette { input, selected } = &mut self.overlay {
                    input.type_char(c);
                    *selected = 0;
                }
            }
            (Mode::Confirm, _) => self.run_mode(mode, ModeCmd::Cancel),
            (Mode::Help, _) => self.overlay = Overlay::None,
            // The panes' other commands (save, undo, quit, help) still work.
            (Mode::Structure, _) => match self.keymap.lookup(&key, false) {
                Some(cmd) => self.run(cmd),
                None => {
                    let (edit, leave) = (
                        self.mode_key_hint(Mode::Structure, ModeCmd::EditField),
                        self.mode_key_hint(Mode::Structure, ModeCmd::Leave),
                    );
                    self.info(format!(
                        "in the structure panel: {edit} edits a field, {leave} goes back to the panes"
                    ))
                }
            },
            (Mode::List, _)
                if matches!(
                    self.overlay,
                    Overlay::Panel(Panel::Hash { .. } | Panel::Histogram { .. })
                ) =>
            {
                self.overlay = Overlay::None;
            }
            _ => {}
        }
    }

    fn run_mode(&mut self, mode: Mode, cmd: ModeCmd) {
        match mode {
            Mode::Entry => self.entry_cmd(cmd),
            Mode::Prompt => self.prompt_cmd(cmd),
            Mode::Palette => self.palette_cmd(cmd),
            Mode::Confirm => self.answer(cmd),
            Mode::List => self.list_cmd(cmd),
            Mode::Structure => self.structure_cmd(cmd),
            // The event loop reads these keys itself while a job runs.
            Mode::Working => {}
            Mode::Help => {
                let Overlay::Help { page } = self.overlay else {
                    return;
                };
                self.overlay = match cmd {
                    ModeCmd::NextPage => Overlay::Help {
                        page: (page + 1).min(8),
                    },
                    ModeCmd::PrevPage => Overlay::Help {
                        page: page.saturating_sub(1),
                    },
                    _ => Overlay::None,
                };
            }
        }
    }

    fn entry_cmd(&mut self, cmd: ModeCmd) {
        let Some(entry) = self.typed_entry.as_mut() else {
            return;
        };
        match cmd {
            ModeCmd::Accept => {
                let text = std::mem::take(entry);
                self.typed_entry = None;
                self.write_typed_value(&text);
            }
            ModeCmd::Cancel => {
                self.typed_entry = None;
                self.info("entry cancelled; nothing written");
            }
            ModeCmd::EraseBack => {
                entry.pop();
                if entry.is_empty() {
                    self.typed_entry = None;
                }
            }
            _ => {}
        }
    }

    fn prompt_cmd(&mut self, cmd: ModeCmd) {
        let Overlay::Prompt { kind, input } = &mut self.overlay else {
            return;
        };
        if input.edit(cmd) {
            self.history_pos = None;
            return;
        }
        match cmd {
            ModeCmd::HistoryBack => self.prompt_history(true),
            ModeCmd::HistoryForward => self.prompt_history(false),
            ModeCmd::Cancel => self.overlay = Overlay::None,
            ModeCmd::Accept => {
                let raw = input.text().to_string();
                let kind = kind.clone();
                self.overlay = Overlay::None;
                self.submit_prompt(kind, &raw);
            }
            ModeCmd::FindAll => {
                if let PromptKind::Find {
                    spec,
                    replace: false,
                } = kind
                {
                    let (spec, raw) = (*spec, input.text().to_string());
                    self.overlay = Overlay::None;
                    if self.set_search(spec, &raw).is_some() {
                        self.find_all();
                    }
                }
            }
            ModeCmd::FindKindNext
            | ModeCmd::FindKindPrev
            | ModeCmd::FindCase
            | ModeCmd::FindUtf16 => {
                if let PromptKind::Find { spec, .. } = kind {
                    App::find_prompt_option(spec, cmd);
                }
            }
            _ => {}
        }
    }

    fn submit_prompt(&mut self, kind: PromptKind, raw: &str) {
        let text = raw.trim();
        match kind {
            PromptKind::SaveAs { then_quit, .. } => {
                if text.is_empty() {
                    self.error("no file name given; not saved");
                } else {
                    let path = expand_home(text);
                    // A lesson may keep its files in a folder of its own.
                    let path = match self.lesson.as_ref().and_then(|run| run.dir.as_ref()) {
                        Some(dir) if path.is_relative() => dir.join(path),
                        _ => path,
                    };
                    self.save_as_path(&path, then_quit, false);
                }
            }
            PromptKind::Goto => self.submit_goto(text),
            // Text is searched as typed: spaces count.
            PromptKind::Find { spec, replace } => self.submit_find(spec, raw, replace),
            PromptKind::ReplaceWith { search } => self.submit_replacement(search, raw),
            PromptKind::Fill => self.submit_fill(text),
            // Strings are written as typed: spaces count.
            PromptKind::FieldValue { path } => self.submit_field_value(&path, raw),
            PromptKind::Export => {
                if text.is_empty() {
                    self.error("no file name given; nothing written");
                } else {
                    self.export_selection(&expand_home(text), false);
                }
            }
            PromptKind::Bookmark { range, old } => self.submit_bookmark(range, old, text),
            PromptKind::ExportBookmarks | PromptKind::ImportBookmarks if text.is_empty() => {
                self.error("no file name given");
            }
            PromptKind::ExportBookmarks => self.submit_export_bookmarks(expand_home(text)),
            PromptKind::ImportBookmarks => {
                self.effects
                    .push(Effect::Job(super::jobs::Job::ReadBookmarks {
                        path: expand_home(text),
                    }));
            }
        }
    }

    fn palette_cmd(&mut self, cmd: ModeCmd) {
        let Overlay::Palette { input, selected } = &mut self.overlay else {
            return;
        };
        if input.edit(cmd) {
            *selected = 0;
            return;
        }
        let matches = super::palette::rank_in(input.text(), &self.keymap, self.compare.is_some());
        let last = matches.len().saturating_sub(1);
        match cmd {
            ModeCmd::RowUp => *selected = selected.saturating_sub(1),
            ModeCmd::RowDown => *selected = (*selected + 1).min(last),
            ModeCmd::TenUp => *selected = selected.saturating_sub(10),
            ModeCmd::TenDown => *selected = (*selected + 10).min(last),
            ModeCmd::Accept => {
                let chosen = matches.get(*selected).map(|c| c.cmd);
                self.overlay = Overlay::None;
                match chosen {
                    Some(cmd) => self.run(cmd),
                    None => self.info("no command matches"),
                }
            }
            ModeCmd::Cancel => self.overlay = Overlay::None,
            _ => {}
        }
    }

    /// The answer to the question on screen; any key that is not an
    /// answer to it leaves things as they are.
    fn answer(&mut self, cmd: ModeCmd) {
        let Overlay::Confirm(confirm) = std::mem::take(&mut self.overlay) else {
            return;
        };
        use ModeCmd::{Discard, No, ReplaceAll, SaveThenQuit, Yes};
        match confirm {
            Confirm::QuitUnsaved => match cmd {
                SaveThenQuit | Yes => self.save(true),
                Discard | No => self.effects.push(Effect::Quit),
                _ => self.info("not quitting: the edits are still here"),
            },
            Confirm::Overwrite { path, then_quit } => match cmd {
                Yes => self.save_as_path(&path, then_quit, true),
                _ => self.info("not saved"),
            },
            Confirm::ForceSave { then_quit } => match cmd {
                Yes => self.save_with(then_quit, SaveOptions { force: true }),
                _ => self.info("not saved: the file on disk is unchanged"),
            },
            Confirm::ReplaceMatch { at, search, with } => {
                let answer = match cmd {
                    Yes => Some('y'),
                    No => Some('n'),
                    ReplaceAll => Some('a'),
                    _ => None,
                };
                self.answer_replace(at, search, with, answer);
            }
            Confirm::ExportOverwrite { path } => match cmd {
                Yes => self.export_selection(&path, true),
                _ => self.info("nothing written"),
            },
        }
    }

    fn list_cmd(&mut self, cmd: ModeCmd) {
        let Overlay::Panel(panel) = self.overlay.clone() else {
            return;
        };
        if cmd == ModeCmd::Cancel {
            self.overlay = Overlay::None;
            return;
        }
        let rows = match &panel {
            Panel::Hash { .. } | Panel::Histogram { .. } => 0,
            Panel::Changes { .. } => self.ed.doc().changes().len(),
            Panel::Marks { .. } => self.ed.marks().len(),
            Panel::Bookmarks { .. } => self.ed.bookmarks().len(),
            Panel::CopyAs { .. } => CopyFormat::ALL.len(),
            Panel::Matches { .. } => self.match_list().map_or(0, |l| l.offsets.len()),
            Panel::Strings { .. } => self.strings.as_ref().map_or(0, |s| s.shown.len()),
        };
        let last = rows.saturating_sub(1);
        let moved = |selected: usize| match cmd {
            ModeCmd::RowUp => Some(selected.saturating_sub(1)),
            ModeCmd::RowDown => Some((selected + 1).min(last)),
            ModeCmd::TenUp => Some(selected.saturating_sub(10)),
            ModeCmd::TenDown => Some((selected + 10).min(last)),
            ModeCmd::FirstRow => Some(0),
            ModeCmd::LastRow => Some(last),
            _ => None,
        };
        match panel {
            Panel::Histogram { .. } => self.overlay = Overlay::None,
            Panel::Hash { digest, .. } => {
                if cmd == ModeCmd::CopyDigest {
                    self.clipboard = digest.clone().into_bytes();
                    self.effects.push(Effect::Clipboard(digest));
                    self.info("digest copied");
                }
                self.overlay = Overlay::None;
            }
            Panel::Changes { selected } => {
                if let Some(s) = moved(selected) {
                    self.overlay = Overlay::Panel(Panel::Changes { selected: s });
                    return;
                }
                match cmd {
                    ModeCmd::Accept => self.changes_jump(selected),
                    ModeCmd::RevertChange => self.changes_revert(selected),
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
                match cmd {
                    ModeCmd::Accept => {
                        self.overlay = Overlay::None;
                        self.jump_to(mark);
                    }
                    ModeCmd::RemoveMark => {
                        self.ed.remove_mark(selected);
                        let left = self.ed.marks().len();
                        self.overlay = if left == 0 {
                            Overlay::None
                        } else {
                            Overlay::Panel(Panel::Marks {
                                selected: selected.min(left - 1),
                            })
                        };
                    }
                    _ => {}
                }
            }
            Panel::Matches { selected } => {
                if let Some(s) = moved(selected) {
                    self.overlay = Overlay::Panel(Panel::Matches { selected: s });
                } else if cmd == ModeCmd::Accept {
                    self.match_jump(selected);
                }
            }
            Panel::Strings { selected } => {
                if let Some(s) = moved(selected) {
                    self.overlay = Overlay::Panel(Panel::Strings { selected: s });
                    return;
                }
                match cmd {
                    ModeCmd::Accept => self.strings_jump(selected),
                    ModeCmd::StringsLonger => self.strings_min(true),
                    ModeCmd::StringsShorter => self.strings_min(false),
                    _ => {}
                }
            }
            Panel::Bookmarks { selected } => {
                if let Some(s) = moved(selected) {
                    self.overlay = Overlay::Panel(Panel::Bookmarks { selected: s });
                    return;
                }
                match cmd {
                    ModeCmd::Accept => self.bookmark_jump(selected),
                    ModeCmd::RemoveMark => self.bookmark_remove(selected),
                    ModeCmd::EditBookmark => self.bookmark_rename(selected),
                    _ => {}
                }
            }
            Panel::CopyAs { selected } => {
                if let Some(s) = moved(selected) {
                    self.overlay = Overlay::Panel(Panel::CopyAs { selected: s });
                    return;
                }
                let pick = match cmd {
                    ModeCmd::Accept => Some(selected),
                    ModeCmd::PickFormat(n) => (n as usize).checked_sub(1),
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
