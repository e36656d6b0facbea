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

/// The help lines for a keymap, in groups.
pub fn help_lines(keymap: &Keymap) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    let mut group: Option<Group> = None;
    let mut type_keys = Vec::new();
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
        if group != Some(c.group) {
            group = Some(c.group);
            lines.push(HelpLine::Title(c.group.title()));
        }
        let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        lines.push(HelpLine::Entry {
            keys: keys.join(", "),
            about: c.name.clone(),
        });
    }
    lines.push(HelpLine::Title("Typing"));
    for (keys, about) in [
        ("0-9 a-f", "hex pane: write the nibble at the cursor"),
        ("characters", "text pane: write the character's bytes"),
        (
            "number Enter",
            "typed pane: write the element (Esc cancels)",
        ),
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
            "Ctrl+Z Undo",
            "Ctrl+Q Quit",
            "Tab Next pane",
            "F1 Help",
        ] {
            assert!(all.contains(want), "missing {want} in\n{all}");
        }
        assert!(
            !all.contains("(vi;"),
            "vi-only commands stay out of the default help"
        );
    }
}
