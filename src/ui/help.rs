//! The help screen: every key of the current keymap, grouped, generated from
//! the command table and the keymap so it cannot drift from them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::theme::Theme;
use crate::app::command::{Cmd, Group, commands};
use crate::app::keymap::Keymap;

/// One line of help: keys and what they do, or a group title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    Title(&'static str),
    Entry { keys: String, about: String },
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
        (vec![Cmd::FindNext, Cmd::FindPrev], "Find next / previous"),
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
            vec![Cmd::DeleteForward, Cmd::DeleteBack],
            "Delete at / before the cursor",
        ),
        (
            vec![Cmd::NextType, Cmd::PrevType],
            "Typed pane: next / previous type",
        ),
        (
            vec![Cmd::WiderRows, Cmd::NarrowerRows, Cmd::AutoRows],
            "Bytes per row: more / fewer / fit",
        ),
    ]
}

/// The help lines for a keymap, in groups.
pub fn help_lines(keymap: &Keymap) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    let mut group: Option<Group> = None;
    let mut type_keys = Vec::new();
    let families = families();
    for c in commands() {
        if c.cmd.is_vi_only() && !keymap.is_modal() {
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
                (keys, about.to_string())
            }
            None => {
                let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
                (keys.join(", "), c.name.clone())
            }
        };
        if group != Some(c.group) {
            group = Some(c.group);
            lines.push(HelpLine::Title(c.group.title()));
        }
        lines.push(HelpLine::Entry { keys, about });
    }
    lines.push(HelpLine::Title("Typing"));
    for (keys, about) in [
        ("0-9 a-f", "hex pane: write a nibble"),
        ("characters", "text pane: write its bytes"),
        ("number Enter", "typed pane: write a value"),
    ] {
        lines.push(HelpLine::Entry {
            keys: keys.into(),
            about: about.into(),
        });
    }
    if !type_keys.is_empty() {
        lines.push(HelpLine::Title("Element type"));
        for chunk in type_keys.chunks(2) {
            lines.push(HelpLine::Entry {
                keys: String::new(),
                about: chunk.join("  "),
            });
        }
    }
    lines
}

pub struct Help<'a> {
    pub keymap: &'a Keymap,
    pub theme: Theme,
}

impl Widget for Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(" hexbuf help — any key closes ")
            .border_style(self.theme.dim());
        let inner = block.inner(area);
        block.render(area, buf);
        let lines = help_lines(self.keymap);
        if inner.height == 0 || inner.width < 10 {
            return;
        }
        let ncols = lines.len().div_ceil(inner.height as usize).max(1);
        let col_w = (inner.width / ncols as u16).max(10);
        let key_w = lines
            .iter()
            .filter_map(|l| match l {
                HelpLine::Entry { keys, .. } => Some(keys.chars().count()),
                HelpLine::Title(_) => None,
            })
            .max()
            .unwrap_or(8)
            .min(22);
        let (mut x, mut y) = (inner.x + 1, inner.y);
        for line in lines {
            let is_title = matches!(line, HelpLine::Title(_));
            // A column never ends on a title, nor runs past the box.
            if y >= inner.y + inner.height
                || (is_title && y + 1 >= inner.y + inner.height && y > inner.y)
            {
                x += col_w;
                y = inner.y;
            }
            if x + 10 > inner.x + inner.width {
                break;
            }
            let room = (inner.x + inner.width - x).min(col_w - 1) as usize;
            match line {
                HelpLine::Title(t) => {
                    buf.set_stringn(x, y, t, room, self.theme.title());
                }
                HelpLine::Entry { keys, about } => {
                    let text = format!("{keys:<key_w$} {about}");
                    buf.set_stringn(x, y, text, room, ratatui::style::Style::new());
                    buf.set_stringn(x, y, &keys, room.min(key_w), self.theme.info());
                }
            }
            y += 1;
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
        let lines = help_lines(&keymap);
        let text: Vec<String> = lines
            .iter()
            .map(|l| match l {
                HelpLine::Title(t) => t.to_string(),
                HelpLine::Entry { keys, about } => format!("{keys} {about}"),
            })
            .collect();
        let all = text.join("\n");
        for want in [
            "Ctrl+S Save",
            "Ctrl+Z Ctrl+Y Undo / redo",
            "Ctrl+Q Quit",
            "F1 Help",
        ] {
            assert!(all.contains(want), "missing {want} in\n{all}");
        }
        // Every bound command shows its first key (Shift+moves as a family).
        for c in commands() {
            let Some(key) = keymap.keys_for(c.cmd).first().map(|k| k.to_string()) else {
                continue;
            };
            if matches!(c.cmd, Cmd::Select(_)) || c.cmd.is_vi_only() {
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
