//! The help screen: every key of the current keymap, grouped, generated from
//! the command table and the keymap so it cannot drift from them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::theme::Theme;
use crate::app::command::{Cmd, CompareCmd, Group, commands};
use crate::app::keymap::Keymap;
use crate::app::mode::{Mode, ModeCmd};

/// One line of help: keys and what they do, or a group title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    Title(String),
    Entry {
        keys: String,
        about: String,
    },
    /// A line of its own layout across the whole column (the element
    /// types' keys, several to a line).
    Wide(String),
}

/// Commands shown together on one help line, with the line's text. Every
/// other command with a key gets a line of its own.
fn families() -> Vec<(Vec<Cmd>, &'static str)> {
    use crate::app::command::Motion::*;
    vec![
        (
            vec![
                Cmd::Move(Left),
                Cmd::Move(Right),
                Cmd::Move(Up),
                Cmd::Move(Down),
            ],
            "Move by byte (element) / row",
        ),
        (
            vec![Cmd::Move(PageUp), Cmd::Move(PageDown)],
            "Page up / down",
        ),
        (
            vec![Cmd::Move(RowStart), Cmd::Move(RowEnd)],
            "Start / end of row",
        ),
        (
            vec![Cmd::Move(FileStart), Cmd::Move(FileEnd)],
            "Start / end of file",
        ),
        (vec![Cmd::NextPane, Cmd::PrevPane], "Next / previous pane"),
        (vec![Cmd::NextMark, Cmd::PrevMark], "Next / previous mark"),
        (
            vec![Cmd::ToggleMark, Cmd::Marks],
            "Mark the cursor / list marks",
        ),
        (
            vec![Cmd::NameBookmark, Cmd::Bookmarks],
            "Name a bookmark or region / list",
        ),
        (
            vec![Cmd::FollowPointer(None), Cmd::JumpBack],
            "Follow pointer at cursor / back",
        ),
        // Their other keys (Alt+. and Alt+,) are there for terminals
        // (xterm, tmux) that do not send Shift+F3: help_lines adds them.
        (vec![Cmd::FindNext, Cmd::FindPrev], "Find next / prev"),
        (
            vec![Cmd::Goto, Cmd::Find, Cmd::Replace],
            "Go to offset / find / replace",
        ),
        (
            vec![Cmd::FindAll, Cmd::Strings],
            "Find all (list) / strings panel",
        ),
        (
            [
                Left, Right, Up, Down, PageUp, PageDown, RowStart, RowEnd, FileStart, FileEnd,
            ]
            .into_iter()
            .map(Cmd::Select)
            .collect(),
            "Extend the selection",
        ),
        (vec![Cmd::Undo, Cmd::Redo], "Undo / redo"),
        (
            vec![Cmd::Save, Cmd::SaveAs, Cmd::Quit],
            "Save / save as… / quit",
        ),
        (vec![Cmd::Help, Cmd::Palette], "Help / command palette"),
        (vec![Cmd::Copy, Cmd::CopyMenu], "Copy / copy as…"),
        (
            vec![Cmd::Fill, Cmd::Export],
            "Fill / write the selection to a file",
        ),
        (
            vec![Cmd::DeleteForward, Cmd::DeleteBack],
            "Delete at / before the cursor",
        ),
        (
            vec![
                Cmd::NextType,
                Cmd::PrevType,
                Cmd::ToggleEndian,
                Cmd::AlignHere,
            ],
            "Typed pane: type, endian, start here",
        ),
        (
            vec![
                Cmd::ToggleInspector,
                Cmd::InspectorPage,
                Cmd::ToggleHexNumbers,
            ],
            "Inspector: show, dates page, 0x ints",
        ),
        (
            vec![
                Cmd::EntropyStrip,
                Cmd::EntropyJump { forward: true },
                Cmd::EntropyJump { forward: false },
                Cmd::Histogram,
            ],
            "Entropy strip, regions, histogram",
        ),
        (
            vec![Cmd::NextRadix, Cmd::NextEncoding],
            "Hex pane's base / text encoding",
        ),
        (
            vec![Cmd::WiderRows, Cmd::NarrowerRows],
            "Bytes per row: twice / half as many",
        ),
        (
            vec![
                Cmd::Compare(CompareCmd::NextDifference),
                Cmd::Compare(CompareCmd::PreviousDifference),
            ],
            "Next / previous difference",
        ),
        (
            vec![
                Cmd::Compare(CompareCmd::TakeLeft),
                Cmd::Compare(CompareCmd::TakeRight),
            ],
            "Take left (B gets A's bytes) / right",
        ),
    ]
}

/// The keys of `cmd` worth showing: not F13 and above, which only some
/// terminals send in place of a shifted F-key.
fn shown_keys(keymap: &Keymap, cmd: Cmd) -> Vec<String> {
    keymap
        .keys_for(cmd)
        .iter()
        .filter(|k| !matches!(k.code, crate::app::key::KeyCode::F(n) if n > 12))
        .map(|k| k.to_string())
        .collect()
}

/// The help lines for a keymap, in groups; the compare view's keys only
/// in the compare view (`compare`), which has no structure panel.
pub fn help_lines(keymap: &Keymap, compare: bool) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    let mut group: Option<Group> = None;
    let mut type_keys = Vec::new();
    let families = families();
    for c in commands() {
        if (c.cmd.is_vi_only() && !keymap.is_modal()) || (c.cmd.is_compare_only() && !compare) {
            continue;
        }
        let keys = keymap.keys_for(c.cmd);
        if keys.is_empty() {
            continue;
        }
        if let Cmd::SetType(kind) = c.cmd {
            type_keys.push(format!("{} {}", keys[0], kind.js_name()));
            continue;
        }
        let family = families.iter().find(|(cmds, _)| cmds.contains(&c.cmd));
        let (keys, about) = match family {
            // A family is listed once, at its first member.
            Some((cmds, _)) if cmds[0] != c.cmd => continue,
            Some((cmds, about)) => {
                let keys: Vec<String> = cmds
                    .iter()
                    .filter_map(|cmd| keymap.keys_for(*cmd).first().map(|k| k.to_string()))
                    .collect();
                let keys = if keys.len() > 4 && keys.iter().all(|k| k.contains("Shift+")) {
                    // Every move key with Shift: say so rather than list ten.
                    "Shift+move keys".to_string()
                } else {
                    keys.join(" ")
                };
                let mut about = about.to_string();
                if cmds[0] == Cmd::FindNext {
                    let others: Vec<String> = cmds
                        .iter()
                        .flat_map(|cmd| shown_keys(keymap, *cmd).into_iter().skip(1))
                        .collect();
                    if !others.is_empty() {
                        about = format!("{about} (or {})", others.join(" "));
                    }
                }
                (keys, about)
            }
            None => (shown_keys(keymap, c.cmd).join(", "), c.name.clone()),
        };
        if group != Some(c.group) {
            group = Some(c.group);
            lines.push(HelpLine::Title(c.group.title().into()));
        }
        lines.push(HelpLine::Entry { keys, about });
    }
    if !compare {
        structure_lines(keymap, &mut lines);
    }
    lines.push(HelpLine::Title("Typing".into()));
    let write = keymap.mode_key_hint(crate::app::mode::Mode::Entry, ModeCmd::Accept);
    for (keys, about) in [
        ("0-9 a-f".to_string(), "hex pane: write a nibble"),
        ("characters".to_string(), "text pane: write its bytes"),
        (format!("number {write}"), "typed pane: write a value"),
    ] {
        lines.push(HelpLine::Entry {
            keys,
            about: about.into(),
        });
    }
    lines.push(HelpLine::Title("In prompts, questions and lists".into()));
    lines.extend(mode_lines(keymap));
    if !type_keys.is_empty() {
        lines.push(HelpLine::Title("Element type".into()));
        for chunk in type_keys.chunks(4) {
            lines.push(HelpLine::Wide(chunk.join(" ")));
        }
    }
    lines
}

/// The keys of the modes (prompts, questions, lists, the palette, help),
/// a line per family of commands, with every key bound to them.
fn mode_lines(keymap: &Keymap) -> Vec<HelpLine> {
    use ModeCmd::*;
    // (what the keys do, the commands)
    let families: [(&str, &[ModeCmd]); 9] = [
        (
            "accept / cancel; help pages",
            &[Accept, Cancel, NextPage, PrevPage],
        ),
        (
            "list rows; earlier entries",
            &[
                RowUp,
                RowDown,
                TenUp,
                TenDown,
                FirstRow,
                LastRow,
                HistoryBack,
                HistoryForward,
            ],
        ),
        (
            "move in the line",
            &[CharLeft, CharRight, LineStart, LineEnd],
        ),
        (
            "back, forward, to the start",
            &[EraseBack, EraseForward, EraseToStart],
        ),
        ("find: next / previous kind", &[FindKindNext, FindKindPrev]),
        (
            "find: case, UTF-16, list all",
            &[FindCase, FindUtf16, FindAll],
        ),
        (
            "strings panel: min length",
            &[StringsLonger, StringsShorter],
        ),
        (
            "answer; revert, remove, edit, copy",
            &[
                Yes,
                No,
                SaveThenQuit,
                Discard,
                ReplaceAll,
                RevertChange,
                RemoveMark,
                EditBookmark,
                CopyDigest,
                PickFormat(1),
            ],
        ),
        ("", &[]),
    ];
    let mut out = Vec::new();
    for (about, cmds) in families {
        let mut keys: Vec<String> = Vec::new();
        // The structure panel's keys have their own section, and those
        // that stop a long job their own line.
        let own = [Mode::Structure, Mode::Working];
        for mode in Mode::ALL.into_iter().filter(|m| !own.contains(m)) {
            for (key, cmd) in keymap.mode_bindings(mode) {
                let same = match cmd {
                    PickFormat(_) => cmds.contains(&PickFormat(1)),
                    cmd => cmds.contains(&cmd),
                };
                // An answer's capital letter is the same key, shown once.
                let shown = key.to_string();
                let lower = shown.to_lowercase();
                let dup = shown.len() == 1 && keys.contains(&lower);
                if same && !keys.contains(&shown) && !dup {
                    keys.push(shown);
                }
            }
        }
        // The copy list's digits: one range.
        let digits: Vec<&String> = keys
            .iter()
            .filter(|k| k.len() == 1 && k.as_bytes()[0].is_ascii_digit())
            .collect();
        if digits.len() > 2 {
            let range = format!("{}-{}", digits[0], digits[digits.len() - 1]);
            keys.retain(|k| !(k.len() == 1 && k.as_bytes()[0].is_ascii_digit()));
            keys.push(range);
        }
        if keys.is_empty() {
            continue;
        }
        // Keys too many for the key column run on into the words beside
        // them, as in the command list: keys first, always.
        out.push(HelpLine::Entry {
            keys: keys.join(" "),
            about: about.to_string(),
        });
    }
    let stop: Vec<String> = keymap
        .mode_bindings(Mode::Working)
        .filter(|(_, cmd)| *cmd == Cancel)
        .map(|(k, _)| k.to_string())
        .collect();
    out.push(HelpLine::Entry {
        keys: stop.join(" "),
        about: "stop a long job (its progress box)".into(),
    });
    out
}

/// The structure panel's keys (its mode's bindings), a line per family.
fn structure_lines(keymap: &Keymap, lines: &mut Vec<HelpLine>) {
    use crate::app::mode::{Mode, ModeCmd::*};
    let families = [
        (
            vec![RowUp, RowDown, TenUp, TenDown, Expand, Collapse],
            "move, open / close",
        ),
        (
            vec![Accept, NextSibling, PrevSibling, EditField],
            "go to / follow, next / prev, edit",
        ),
        (vec![Leave, ClosePanel], "back to the panes / close"),
    ];
    let bindings: Vec<_> = keymap.mode_bindings(Mode::Structure).collect();
    lines.push(HelpLine::Title(
        match keymap.hint_key(Cmd::Structure, false) {
            Some(key) => format!("Structure panel ({key})"),
            None => "Structure panel".into(),
        },
    ));
    for (cmds, about) in families {
        let keys: Vec<String> = bindings
            .iter()
            .filter(|(_, c)| cmds.contains(c))
            .map(|(k, _)| k.to_string())
            .collect();
        if !keys.is_empty() {
            lines.push(HelpLine::Entry {
                keys: keys.join(" "),
                about: about.into(),
            });
        }
    }
}

pub struct Help<'a> {
    pub keymap: &'a Keymap,
    pub theme: Theme,
    /// Which page, when the keys do not fit one screen.
    pub page: usize,
    /// The compare view's help (its keys instead of the structure panel's).
    pub compare: bool,
}

/// The narrowest column of help that stays readable.
const MIN_COLUMN: u16 = 46;

/// Lines in columns of `height` rows; a column never ends on a title.
fn columns(lines: Vec<HelpLine>, height: usize) -> Vec<Vec<HelpLine>> {
    let mut cols: Vec<Vec<HelpLine>> = vec![Vec::new()];
    for line in lines {
        let col = cols.last_mut().expect("one column at least");
        let full = col.len() >= height;
        let title_at_bottom =
            matches!(line, HelpLine::Title(_)) && col.len() + 1 >= height && !col.is_empty();
        if full || title_at_bottom {
            cols.push(Vec::new());
        }
        cols.last_mut().expect("just pushed").push(line);
    }
    cols
}

impl Widget for Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let inner = Block::default().borders(Borders::ALL).inner(area);
        if inner.height == 0 || inner.width < 10 {
            return;
        }
        let cols = columns(help_lines(self.keymap, self.compare), inner.height as usize);
        let per_page = (inner.width / MIN_COLUMN).max(1) as usize;
        let pages = cols.len().div_ceil(per_page);
        let page = self.page.min(pages - 1);
        let title = if pages > 1 {
            format!(
                " hexbuf help — page {} of {pages}: PgDn/PgUp turn, any other key closes ",
                page + 1
            )
        } else {
            " hexbuf help — any key closes ".to_string()
        };
        Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(self.theme.dim())
            .render(area, buf);
        let shown = &cols[page * per_page..((page + 1) * per_page).min(cols.len())];
        let col_w = inner.width / per_page.min(shown.len()).max(1) as u16;
        let key_w = shown
            .iter()
            .flatten()
            .filter_map(|l| match l {
                HelpLine::Entry { keys, .. } => Some(keys.chars().count()),
                HelpLine::Title(_) | HelpLine::Wide(_) => None,
            })
            .max()
            .unwrap_or(8)
            .min(20);
        for (c, col) in shown.iter().enumerate() {
            let x = inner.x + 1 + c as u16 * col_w;
            let room = col_w.saturating_sub(1).min(inner.x + inner.width - x) as usize;
            for (r, line) in col.iter().enumerate() {
                let y = inner.y + r as u16;
                match line {
                    HelpLine::Title(t) => {
                        buf.set_stringn(x, y, t, room, self.theme.title());
                    }
                    HelpLine::Wide(text) => {
                        buf.set_stringn(x, y, text, room, ratatui::style::Style::new());
                    }
                    HelpLine::Entry { keys, about } => {
                        let text = format!("{keys:<key_w$} {about}");
                        buf.set_stringn(x, y, text, room, ratatui::style::Style::new());
                        buf.set_stringn(x, y, keys, room.min(key_w), self.theme.info());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::KeymapKind;

    #[test]
    fn help_lists_every_bound_command() {
        let keymap = Keymap::new(KeymapKind::Default);
        let lines = help_lines(&keymap, false);
        let text: Vec<String> = lines
            .iter()
            .map(|l| match l {
                HelpLine::Title(t) => t.to_string(),
                HelpLine::Entry { keys, about } => format!("{keys} {about}"),
                HelpLine::Wide(text) => text.clone(),
            })
            .collect();
        let all = text.join("\n");
        // Every mode's bindings are listed too (prompts, questions, lists).
        for mode in Mode::ALL {
            for (key, _) in keymap.mode_bindings(mode) {
                let key = key.to_string();
                let digit = key.len() == 1 && key.as_bytes()[0].is_ascii_digit();
                assert!(
                    digit
                        || all
                            .split_whitespace()
                            .any(|w| w == key || w == key.to_lowercase()),
                    "{key} of {mode:?} missing from help"
                );
            }
        }
        for want in [
            "Ctrl+S Alt+S Ctrl+Q Save / save as… / quit",
            "Ctrl+Z Ctrl+Y Undo / redo",
            "F1 Ctrl+P Help / command palette",
            "Alt+B Alt+K Name a bookmark or region / list",
            "Alt+J Alt+O Follow pointer at cursor / back",
            "F3 Shift+F3 Find next / prev (or Alt+. Alt+,)",
            "Alt+0 Float64",
        ] {
            assert!(all.contains(want), "missing {want} in\n{all}");
        }
        // Every bound command shows its first key (Shift+moves as a family).
        for c in commands() {
            let Some(key) = keymap.keys_for(c.cmd).first().map(|k| k.to_string()) else {
                continue;
            };
            if matches!(c.cmd, Cmd::Select(_)) || c.cmd.is_vi_only() || c.cmd.is_compare_only() {
                continue;
            }
            assert!(all.contains(&key), "{key} ({}) missing from help", c.name);
        }
        assert!(all.contains("Shift+move keys"));
        assert!(
            !all.contains("(vi;"),
            "vi-only commands stay out of the default help"
        );
    }
}
