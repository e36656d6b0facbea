//! The compare view: A and B side by side (stacked, A over B, when the
//! terminal is too narrow for both), each with its offsets, hex and text,
//! the same rows of positions on both. Differing bytes are highlighted, a
//! gap (`░`) stands where the other side has bytes this one lacks, and the
//! cursor shows on both sides. The text column is ASCII, whatever the
//! text pane's encoding: a byte a cell, so both sides stay in step. Only
//! the visible bytes are read.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::compare_status::{Header, status_line};
use super::layout::{ScreenLayout, hex_column, hex_width, offset_width, text_width};
use super::panes::{put_char, put_str};
use super::theme::Theme;
use crate::app::compare::align::{Alignment, Cell, Side};
use crate::app::state::{App, Pane};
use crate::core::class::{ByteClass, glyph};

/// Where one side goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SideRects {
    pub header: Rect,
    pub body: Rect,
}

/// The compare view's regions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompareLayout {
    pub too_small: bool,
    /// A over B (else side by side).
    pub stacked: bool,
    pub a: SideRects,
    pub b: SideRects,
    pub status: Rect,
    pub message: Rect,
    pub bytes_per_row: usize,
    pub rows: usize,
}

/// Widths a side needs for `bpr` bytes a row.
fn side_width(app: &App, bpr: usize) -> u16 {
    let len = app
        .side_editor(Side::A)
        .doc()
        .len()
        .max(app.side_editor(Side::B).doc().len());
    offset_width(len) + hex_width(bpr, app.view.radix) + text_width(bpr)
}

/// Lays the view out in `area`.
pub fn layout(app: &App, area: Rect) -> CompareLayout {
    let w = area.width;
    let line = |y: u16| Rect::new(area.x, y, area.width, 1);
    let both = |bpr: usize| 2 * side_width(app, bpr) < w;
    let one = |bpr: usize| side_width(app, bpr) <= w;
    let (stacked, bpr) = match app.view.fixed_bytes_per_row {
        Some(n) => (!both(n), n),
        None => match [32, 16, 8].into_iter().find(|&n| both(n)) {
            Some(n) => (false, n),
            None => (
                true,
                [32, 16, 8, 4].into_iter().find(|&n| one(n)).unwrap_or(0),
            ),
        },
    };
    let too_small = bpr == 0 || area.height < 6;
    let empty = SideRects {
        header: Rect::default(),
        body: Rect::default(),
    };
    if too_small {
        return CompareLayout {
            too_small,
            stacked,
            a: empty,
            b: empty,
            status: Rect::default(),
            message: Rect::default(),
            bytes_per_row: bpr.max(1),
            rows: 1,
        };
    }
    let h = area.height;
    let (a, b, rows) = if stacked {
        let rows = (h - 4) / 2;
        let a = SideRects {
            header: line(area.y),
            body: Rect::new(area.x, area.y + 1, w, rows),
        };
        let b = SideRects {
            header: line(area.y + 1 + rows),
            body: Rect::new(area.x, area.y + 2 + rows, w, rows),
        };
        (a, b, rows)
    } else {
        let sw = side_width(app, bpr);
        let rows = h - 3;
        let bx = area.x + sw + 1;
        let a = SideRects {
            header: Rect::new(area.x, area.y, sw, 1),
            body: Rect::new(area.x, area.y + 1, sw, rows),
        };
        let b = SideRects {
            header: Rect::new(bx, area.y, w - sw - 1, 1),
            body: Rect::new(bx, area.y + 1, w - sw - 1, rows),
        };
        (a, b, rows)
    };
    CompareLayout {
        too_small,
        stacked,
        a,
        b,
        status: line(area.y + h - 2),
        message: line(area.y + h - 1),
        bytes_per_row: bpr,
        rows: rows as usize,
    }
}

/// The layout as the event loop knows it: no pane takes clicks.
pub fn screen_layout(l: &CompareLayout) -> ScreenLayout {
    ScreenLayout {
        too_small: l.too_small,
        status: l.status,
        message: l.message,
        bytes_per_row: l.bytes_per_row,
        rows: l.rows,
        ..ScreenLayout::default()
    }
}

/// The side, pane and position under a screen cell of `area`, for a
/// mouse click.
pub fn hit(app: &App, area: Rect, x: u16, y: u16) -> Option<(Side, Pane, u64)> {
    let l = layout(app, area);
    let c = app.compare.as_ref()?;
    if l.too_small {
        return None;
    }
    let bpr = l.bytes_per_row;
    let radix = app.view.radix;
    for (side, r) in [(Side::A, l.a.body), (Side::B, l.b.body)] {
        if !r.contains(ratatui::layout::Position { x, y }) {
            continue;
        }
        let len = app
            .side_editor(Side::A)
            .doc()
            .len()
            .max(app.side_editor(Side::B).doc().len());
        let hex_x = r.x + offset_width(len);
        let text_x = hex_x + hex_width(bpr, radix);
        let row = c.top + (y - r.y) as u64;
        let (pane, i) = if x > text_x {
            (Pane::Text, ((x - text_x - 1) as usize).min(bpr - 1))
        } else if x >= hex_x {
            let col = x - hex_x;
            (
                Pane::Hex,
                (0..bpr).rev().find(|&i| hex_column(i, radix) <= col)?,
            )
        } else {
            return None;
        };
        return Some((side, pane, row * bpr as u64 + i as u64));
    }
    None
}

/// A differing byte.
pub fn differ(theme: Theme, base: Style) -> Style {
    if theme.color {
        theme
            .tint(base, (110, 25, 25), Color::Red)
            .add_modifier(Modifier::BOLD)
    } else {
        base.add_modifier(Modifier::REVERSED)
    }
}

/// The bytes one side shows, read once per frame.
struct SideBytes {
    start: u64,
    bytes: Vec<u8>,
    changed: Vec<std::ops::Range<u64>>,
}

impl SideBytes {
    fn read(app: &App, side: Side, al: &Alignment, first: u64, last: u64) -> Self {
        let doc = app.side_editor(side).doc();
        let lo = al.cell(side, first).offset();
        let hi = al.cell(side, last).offset() + 1;
        SideBytes {
            start: lo,
            bytes: doc.read(lo..hi),
            changed: doc.changed_in(lo..hi),
        }
    }

    fn byte(&self, off: u64) -> Option<u8> {
        let i = off.checked_sub(self.start)?;
        self.bytes.get(i as usize).copied()
    }

    fn is_changed(&self, off: u64) -> bool {
        self.changed.iter().any(|r| r.contains(&off))
    }
}

/// Draws the compare view.
pub fn render(app: &App, l: &CompareLayout, buf: &mut Buffer) {
    let (Some(c), Some(al)) = (app.compare.as_ref(), app.alignment()) else {
        return;
    };
    let theme = Theme::of(&app.view);
    let bpr = l.bytes_per_row as u64;
    let first = c.top * bpr;
    let last = first + bpr * l.rows as u64;
    for (side, rects) in [(Side::A, l.a), (Side::B, l.b)] {
        Header { app, side, theme }.draw(rects.header, buf);
        let bytes = SideBytes::read(app, side, al, first, last.saturating_sub(1));
        draw_side(app, al, side, &bytes, rects.body, l, theme, buf);
    }
    if !l.stacked {
        let x = l.a.body.x + l.a.body.width;
        for y in l.a.header.y..l.a.body.y + l.a.body.height {
            put_char(buf, x, y, '┃', theme.separator());
        }
    }
    status_line(app, theme, l.status, buf);
}

#[allow(clippy::too_many_arguments)]
fn draw_side(
    app: &App,
    al: &Alignment,
    side: Side,
    bytes: &SideBytes,
    area: Rect,
    l: &CompareLayout,
    theme: Theme,
    buf: &mut Buffer,
) {
    let Some(c) = app.compare.as_ref() else {
        return;
    };
    let bpr = l.bytes_per_row;
    let radix = app.view.radix;
    let digits = radix.digits();
    let len = app
        .side_editor(side)
        .doc()
        .len()
        .max(app.side_editor(side.other()).doc().len());
    let ow = offset_width(len);
    let hex_x = area.x + ow;
    let text_x = hex_x + hex_width(bpr, radix);
    let total = al.total();
    let active = c.active == side;
    let selection = if active { app.selection() } else { None };
    for r in 0..area.height {
        let y = area.y + r;
        let row = c.top + r as u64;
        let mut first_byte = None;
        for i in 0..bpr {
            let u = row * bpr as u64 + i as u64;
            if u > total || (u == total && c.cursor != total) {
                break;
            }
            let cell = al.cell(side, u);
            let hx = hex_x + hex_column(i, radix);
            let tx = text_x + 1 + i as u16;
            let here = u == c.cursor;
            let cursor_style = |pane: Pane, base: Style| {
                if here && active && app.focus == pane {
                    theme.cursor()
                } else if here {
                    theme.element(base)
                } else {
                    base
                }
            };
            let byte = match cell {
                Cell::Byte(off) => bytes.byte(off).map(|b| (off, b)),
                Cell::Gap(_) => None,
            };
            let Some((off, b)) = byte else {
                let (hex, text) = if u == total {
                    (" ".repeat(digits), " ")
                } else {
                    ("░".repeat(digits), "░")
                };
                put_str(buf, hx, y, &hex, cursor_style(Pane::Hex, theme.dim()));
                put_str(buf, tx, y, text, cursor_style(Pane::Text, theme.dim()));
                continue;
            };
            first_byte.get_or_insert(off);
            let mut style = theme.byte(ByteClass::of(b));
            if bytes.is_changed(off) {
                style = theme.changed(style);
            }
            if al.span_at(u).is_some() {
                style = differ(theme, style);
            }
            if selection.as_ref().is_some_and(|s| s.contains(&off)) {
                style = theme.selected(style);
            }
            put_str(buf, hx, y, &radix.format(b), cursor_style(Pane::Hex, style));
            put_char(buf, tx, y, glyph(b), cursor_style(Pane::Text, style));
        }
        if let Some(off) = first_byte {
            let w = ow.saturating_sub(1) as usize;
            let cursor_row = c.cursor / bpr as u64 == row;
            put_str(
                buf,
                area.x,
                y,
                &format!("{off:0w$x}"),
                theme.offset(cursor_row),
            );
        }
        put_char(buf, text_x, y, '│', theme.separator());
    }
}
