//! The status line (file, [modified], cursor offset, size, mode, pane, type)
//! and the message line under it, which also holds prompts and questions.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::panes::Ctx;
use crate::app::state::{Confirm, EditMode, MessageKind, Overlay};
use crate::core::display::escape_path;

pub struct StatusLine<'a>(pub &'a Ctx<'a>);

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let app = ctx.app;
        let theme = ctx.theme;
        buf.set_style(area, theme.status());
        let len = app.doc.len();
        let c = app.cursor;
        let mode = match (app.mode, app.readonly.is_some()) {
            (_, true) => "READ-ONLY",
            (_, false) if app.keymap.is_modal() && app.vi_normal => "NORMAL",
            (EditMode::Overwrite, false) => "OVERWRITE",
            (EditMode::Insert, false) => "INSERT",
        };
        let ty = app.view.elem;
        let mut parts = vec![
            format!(" {} ", app.display_name()),
            format!(" 0x{c:x} ({c}) of 0x{len:x} ({len} bytes) "),
            format!(" {mode} "),
            format!(" {} pane ", app.focus.name()),
            format!(
                " {} {} ",
                ty.kind.js_name(),
                ty.endian.short().to_uppercase()
            ),
        ];
        if let Some(sel) = app.selection() {
            let n = sel.end - sel.start;
            parts.insert(
                2,
                format!(
                    " sel 0x{:x}–0x{:x} ({n} byte{}) ",
                    sel.start,
                    sel.end - 1,
                    if n == 1 { "" } else { "s" }
                ),
            );
        }
        let modified = app.doc.is_modified();
        if modified {
            parts.insert(1, " [modified] ".to_string());
        }
        let mut x = area.x;
        let right = area.x + area.width;
        for (i, part) in parts.iter().enumerate() {
            if x >= right {
                break;
            }
            let style = if modified && i == 1 {
                theme.modified()
            } else if i == 0 {
                theme.status().add_modifier(ratatui::style::Modifier::BOLD)
            } else {
                theme.status()
            };
            let (nx, _) = buf.set_stringn(x, area.y, part, (right - x) as usize, style);
            x = nx;
            if x < right && i + 1 < parts.len() {
                buf.set_string(x, area.y, "│", theme.status());
                x += 1;
            }
        }
        let help = " F1 help ";
        if x + help.len() as u16 <= right {
            buf.set_string(right - help.len() as u16, area.y, help, theme.status());
        }
    }
}

pub struct MessageLine<'a>(pub &'a Ctx<'a>);

impl Widget for MessageLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let app = ctx.app;
        let theme = ctx.theme;
        let w = area.width as usize;
        match &app.overlay {
            Overlay::Prompt { kind, input } => {
                let label = format!("{}: ", kind.label(app.view.elem));
                let (x, _) = buf.set_stringn(area.x, area.y, &label, w, theme.prompt());
                let text = input.text();
                let room = (area.x + area.width).saturating_sub(x) as usize;
                // Keep the end of a long input, and the cursor, in view.
                let chars: Vec<char> = text.chars().collect();
                let skip = (input.cursor() + 1).saturating_sub(room);
                let shown: String = chars.iter().skip(skip).collect();
                buf.set_stringn(
                    x,
                    area.y,
                    crate::core::display::escape_str(&shown),
                    room,
                    ratatui::style::Style::new(),
                );
                let cx = x + (input.cursor() - skip) as u16;
                if let Some(cell) = buf.cell_mut((cx, area.y)) {
                    cell.set_style(theme.cursor());
                }
            }
            Overlay::Confirm(confirm) => {
                let q = match confirm {
                    Confirm::QuitUnsaved => {
                        "Unsaved edits. Save them (s), discard them and quit (d), or stay (Esc)?"
                            .to_string()
                    }
                    Confirm::Overwrite { path, .. } => {
                        format!("{} exists. Overwrite it? (y/n)", escape_path(path))
                    }
                    Confirm::ForceSave { .. } => {
                        "The file changed on disk since it was opened. Overwrite it anyway? (y/n)"
                            .to_string()
                    }
                    Confirm::ReplaceMatch { at, search, .. } => format!(
                        "Replace {} at 0x{at:x}? y: replace  n: skip  a: all the rest  Esc: stop",
                        search.shown
                    ),
                    Confirm::ExportOverwrite { path } => {
                        format!(
                            "{} exists. Overwrite it with the selection? (y/n)",
                            escape_path(path)
                        )
                    }
                };
                buf.set_stringn(area.x, area.y, q, w, theme.prompt());
            }
            _ => {
                if let Some(m) = &app.message {
                    let style = match m.kind {
                        MessageKind::Info => theme.info(),
                        MessageKind::Error => theme.error(),
                    };
                    buf.set_stringn(area.x, area.y, &m.text, w, style);
                } else if app.typed_entry.is_some() {
                    let hint = format!(
                        "typing a {} value: Enter writes it, Esc cancels",
                        app.view.elem.kind.js_name()
                    );
                    buf.set_stringn(area.x, area.y, hint, w, theme.dim());
                }
            }
        }
    }
}
