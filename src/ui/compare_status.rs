//! The compare view's header over each side (its name, unsaved edits,
//! read-only) and its status line: the cursor's offset in both files, which
//! difference it is on ("difference 3 of 17"), the progress of a
//! comparison still running, the mode and the active side.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::status::{Part, fit};
use super::theme::Theme;
use crate::app::compare::align::{Cell, Side};
use crate::app::state::{App, EditMode};

/// A side's title line.
pub struct Header<'a> {
    pub app: &'a App,
    pub side: Side,
    pub theme: Theme,
}

impl Header<'_> {
    pub fn draw(&self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let active = app.compare.as_ref().is_some_and(|c| c.active == self.side);
        let ed = app.side_editor(self.side);
        let mut text = format!(" {}: {}", self.side.name(), app.side_name(self.side));
        if ed.doc().is_modified() {
            text += " [modified]";
        }
        if let Some(why) = ed.readonly() {
            text += &format!(" [{why}]");
        }
        let style = self.theme.header(active);
        let w = area.width as usize;
        buf.set_stringn(area.x, area.y, format!("{text:<w$}"), w, style);
    }
}

/// What the status line says about the differences.
pub fn difference_text(app: &App) -> String {
    let Some((c, al)) = app.compare.as_ref().zip(app.alignment()) else {
        return String::new();
    };
    let n = al.spans().len();
    if let Some(p) = app.compare_progress() {
        return format!("comparing {p}%…");
    }
    if !app.compare_is_current() {
        return if app.compare_stopped() {
            "comparing stopped".into()
        } else {
            "comparing…".into()
        };
    }
    let plus = if al.is_complete() { "" } else { "+" };
    match al.span_at(c.cursor) {
        Some(i) => format!("difference {} of {n}{plus}", i + 1),
        None if n == 0 => "identical".into(),
        None if n == 1 => "1 difference".into(),
        None => format!("{n}{plus} differences"),
    }
}

/// The status line.
pub fn status_line(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some((c, al)) = app.compare.as_ref().zip(app.alignment()) else {
        return;
    };
    buf.set_style(area, theme.status());
    let plain = theme.status();
    let part = |text: String, rank: u8| Part {
        text,
        short: None,
        rank,
        style: plain,
    };
    // The offsets and `F1 help` are essential (see `fit`): at a narrow
    // width they take their short forms rather than go.
    let where_ = |side: Side| {
        let (text, short) = match al.cell(side, c.cursor) {
            Cell::Byte(o) => (
                format!(" {} 0x{o:x} ({o}) ", side.name()),
                format!("{}0x{o:x}", side.name()),
            ),
            Cell::Gap(o) => (
                format!(" {} gap at 0x{o:x} ", side.name()),
                format!("{}-0x{o:x}", side.name()),
            ),
        };
        Part {
            text,
            short: Some(short),
            rank: 240,
            style: plain,
        }
    };
    let mode = match (app.mode, app.ed.readonly().is_some()) {
        (_, true) => "READ-ONLY",
        (_, false) if app.keymap.is_modal() && app.vi_normal => "NORMAL",
        (EditMode::Overwrite, false) => "OVERWRITE",
        (EditMode::Insert, false) => "INSERT",
    };
    let mut parts = vec![
        Part {
            text: format!(" {} ", difference_text(app)),
            short: None,
            rank: 230,
            style: plain.add_modifier(Modifier::BOLD),
        },
        where_(Side::A),
        where_(Side::B),
        part(
            if c.aligned {
                " aligned ".into()
            } else {
                " equal offsets ".into()
            },
            150,
        ),
        part(format!(" {mode} "), 200),
        part(
            format!(" editing {} {} ", c.active.name(), app.focus.name()),
            210,
        ),
    ];
    let (ma, mb) = app.sides_modified();
    let modified: Vec<&str> = [(ma, "A"), (mb, "B")]
        .into_iter()
        .filter(|(m, _)| *m)
        .map(|(_, s)| s)
        .collect();
    if !modified.is_empty() {
        parts.insert(
            1,
            Part {
                text: format!(" [modified {}] ", modified.join(" ")),
                short: Some(format!("[+{}]", modified.join(""))),
                rank: 225,
                style: theme.modified(),
            },
        );
    }
    let (text, short) = super::status::help_hint(app);
    parts.push(Part {
        text,
        short: Some(short.trim().to_string()),
        rank: 247,
        style: plain,
    });
    let parts = fit(parts, area.width as usize);
    let right = area.x + area.width;
    let mut x = area.x;
    for (i, p) in parts.iter().enumerate() {
        if x >= right {
            break;
        }
        let (nx, _) = buf.set_stringn(x, area.y, &p.text, (right - x) as usize, p.style);
        x = nx;
        if x < right && i + 1 < parts.len() {
            buf.set_string(x, area.y, "│", plain);
            x += 1;
        }
    }
}
