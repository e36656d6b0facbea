//! The three views of the bytes — hex, text, typed — and the offset column
//! and header beside them. Each draws from the frame's [`Window`] and the
//! app state, and never changes either.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::layout::{hex_column, typed_cell_width_hex};
use super::theme::Theme;
use super::window::Window;
use crate::app::state::{App, Pane};
use crate::core::class::ByteClass;
use crate::core::encoding::{TextCell, cells};
use crate::core::fit::{fit, fit_with_hex};
use crate::core::radix::Radix;

/// Writes one character of width 1 at `(x, y)`, as `Buffer::set_string`
/// would, without segmenting a string into graphemes: the panes write a
/// few thousand cells a frame, and that segmenting was most of a frame's
/// cost. Outside the buffer, nothing is written.
pub(super) fn put_char(buf: &mut Buffer, x: u16, y: u16, c: char, style: Style) {
    if let Some(cell) = buf.cell_mut((x, y)) {
        cell.set_char(c).set_style(style);
    }
}

/// Writes `s` at `(x, y)` exactly as `Buffer::set_string` does, quickly
/// when it is printable ASCII (one cell a byte).
pub(super) fn put_str(buf: &mut Buffer, x: u16, y: u16, s: &str, style: Style) {
    if !s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        buf.set_string(x, y, s, style);
        return;
    }
    for (i, b) in s.bytes().enumerate() {
        let Some(x) = u16::try_from(i).ok().and_then(|i| x.checked_add(i)) else {
            break;
        };
        put_char(buf, x, y, b as char, style);
    }
}

/// Writes `s` right-aligned in `w` cells, as
/// `buf.set_string(x, y, format!("{s:>w$}"), style)` does.
fn put_right(buf: &mut Buffer, x: u16, y: u16, s: &str, w: usize, style: Style) {
    let pad = w.saturating_sub(s.chars().count());
    let pad = u16::try_from(pad).unwrap_or(u16::MAX);
    for i in 0..pad {
        put_char(buf, x.saturating_add(i), y, ' ', style);
    }
    put_str(buf, x.saturating_add(pad), y, s, style);
}

/// What every pane draws from.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub win: &'a Window,
    pub theme: Theme,
    /// The selection, computed once per frame.
    pub selection: Option<std::ops::Range<u64>>,
    /// The bookmarked regions on screen and their colours (see [`regions`]).
    pub regions: Vec<(std::ops::Range<u64>, usize)>,
}

/// The named regions that overlap the window, with their colours: a frame
/// looks only at these, however many bookmarks there are.
pub fn regions(app: &App, win: &Window) -> Vec<(std::ops::Range<u64>, usize)> {
    let shown = win.start..win.start + (win.rows * win.bytes_per_row) as u64;
    app.ed
        .bookmarks()
        .iter()
        .filter(|b| b.len > 0 && b.offset < shown.end && shown.start < b.offset + b.len)
        .map(|b| (b.range(), b.color))
        .collect()
}

impl Ctx<'_> {
    /// The style of the byte at `offset` in `pane`: its class, whether it is
    /// unsaved, and whether the cursor or its element covers it.
    fn byte_style(&self, pane: Pane, offset: u64, b: u8) -> Style {
        let mut style = self.theme.byte(ByteClass::of(b));
        if self.win.in_field(offset) {
            style = self.theme.field(style);
        } else if let Some((_, c)) = self.regions.iter().rev().find(|(r, _)| r.contains(&offset)) {
            style = self.theme.region(style, *c);
        } else if let Some(n) = self.win.band(offset) {
            style = self.theme.band(style, n);
        }
        if self.win.is_changed(offset) {
            style = self.theme.changed(style);
        } else if self.win.is_vanished(offset) {
            style = self.theme.vanished(style);
        }
        self.cursor_style(pane, offset, style)
    }

    fn cursor_style(&self, pane: Pane, offset: u64, style: Style) -> Style {
        let app = self.app;
        let selected = self.selection.as_ref().is_some_and(|s| s.contains(&offset));
        if app.focus == pane && pane != Pane::Typed && offset == app.ed.cursor() {
            // The cursor's byte is part of the selection (anchor to cursor,
            // both included, as in ImHex and HxD): drawn as selected too.
            if selected {
                self.theme.cursor_selected(style)
            } else {
                self.theme.cursor()
            }
        } else if selected {
            self.theme.selected(style)
        } else if app.cursor_span().contains(&offset) {
            self.theme.element(style)
        } else if self.win.is_current_match(offset) {
            self.theme.current_match(style)
        } else if self.win.is_match(offset) {
            self.theme.matched(style)
        } else {
            style
        }
    }
}

/// Draws one pane's rows.
fn rows(area: Rect, win: &Window) -> impl Iterator<Item = (u16, u64)> + '_ {
    (0..area.height.min(win.rows as u16)).map(move |r| (area.y + r, win.row_start(r as usize)))
}

/// The offset column: each row's first offset in hex.
pub struct Offsets<'a>(pub &'a Ctx<'a>);

impl Widget for Offsets<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let digits = area.width.saturating_sub(1) as usize;
        let bpr = ctx.win.bytes_per_row as u64;
        let cursor_row = ctx.app.ed.cursor() / bpr;
        for (y, offset) in rows(area, ctx.win) {
            if offset > ctx.win.len
                || (offset == ctx.win.len && ctx.app.ed.cursor() != offset) && offset > 0
            {
                break;
            }
            let style = ctx.theme.offset(offset / bpr == cursor_row);
            put_str(buf, area.x, y, &format!("{offset:0digits$x}"), style);
        }
    }
}

/// Bytes as digits of the chosen base (hex, binary, octal, decimal), a
/// wider gap between groups.
pub struct HexPane<'a>(pub &'a Ctx<'a>);

impl Widget for HexPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let app = ctx.app;
        let radix = app.view.radix;
        let w = radix.digits();
        for (y, row_start) in rows(area, ctx.win) {
            for i in 0..ctx.win.bytes_per_row {
                let offset = row_start + i as u64;
                let x = area.x + hex_column(i, radix);
                if x + w as u16 > area.x + area.width {
                    break;
                }
                let Some(b) = ctx.win.byte(offset) else {
                    if offset == app.ed.cursor() && app.focus == Pane::Hex {
                        buf.set_string(x, y, " ".repeat(w), ctx.theme.cursor());
                    }
                    continue;
                };
                let style = ctx.byte_style(Pane::Hex, offset, b);
                let text = radix.format(b);
                let editing =
                    app.focus == Pane::Hex && offset == app.ed.cursor() && app.ed.digit() > 0;
                let building = matches!(radix, Radix::Decimal | Radix::Octal);
                if editing && building {
                    // A decimal or octal number being typed: the digits so
                    // far as typed, then `_` where the next ones go (the
                    // cursor on the first), so the pending number is seen.
                    let settled = ctx.theme.element(ctx.theme.byte(ByteClass::of(b)));
                    let d = app.ed.digit();
                    let typed = if radix == Radix::Octal {
                        format!("{b:0d$o}")
                    } else {
                        format!("{b:0d$}")
                    };
                    put_str(buf, x, y, &typed, settled);
                    put_str(buf, x + d as u16, y, "_", ctx.theme.cursor());
                    put_str(buf, x + d as u16 + 1, y, &"_".repeat(w - d - 1), settled);
                } else if editing {
                    // Digits already typed look settled; the cursor sits on
                    // the digit the next key writes.
                    let settled = ctx.theme.element(ctx.theme.byte(ByteClass::of(b)));
                    put_str(buf, x, y, &text[..app.ed.digit()], settled);
                    put_str(
                        buf,
                        x + app.ed.digit() as u16,
                        y,
                        &text[app.ed.digit()..],
                        style,
                    );
                } else {
                    put_str(buf, x, y, &text, style);
                }
            }
        }
    }
}

/// Bytes as text in the chosen encoding, one cell per byte: a character at
/// its first byte, its other bytes marked, and every byte that is not a
/// drawable character shown by a placeholder, so no byte of the file reaches
/// the terminal as a control code.
pub struct TextPane<'a>(pub &'a Ctx<'a>);

/// The mark of a byte that belongs to a character drawn before it.
const CONTINUATION: char = '─';

impl Widget for TextPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let app = ctx.app;
        let win = ctx.win;
        let enc = app.view.encoding;
        let context = win.context();
        let cells = cells(
            enc,
            context.bytes,
            context.base,
            context.skip,
            win.bytes_per_row,
        );
        for (y, row_start) in rows(area, win) {
            for i in 0..win.bytes_per_row {
                let offset = row_start + i as u64;
                let x = area.x + 1 + i as u16;
                if x >= area.x + area.width {
                    break;
                }
                let index = (offset - win.start) as usize;
                let Some(b) = win.byte(offset) else {
                    if offset == app.ed.cursor() && app.focus == Pane::Text {
                        buf.set_string(x, y, " ", ctx.theme.cursor());
                    }
                    continue;
                };
                let style = ctx.byte_style(Pane::Text, offset, b);
                match cells.get(index).copied().unwrap_or(TextCell::Invalid) {
                    TextCell::Char { ch, width: 1 } => put_char(buf, x, y, ch, style),
                    TextCell::Char { ch, .. } => {
                        // A wide character: ratatui marks the cell it covers.
                        buf.set_string(x, y, ch.to_string(), style);
                    }
                    TextCell::Continuation { covered: true } => {
                        // Drawn by the wide character before it; keep the
                        // style so a cursor or selection here still shows.
                        if let Some(cell) = buf.cell_mut((x, y)) {
                            cell.set_style(style);
                        }
                    }
                    TextCell::Continuation { covered: false } => {
                        put_char(buf, x, y, CONTINUATION, ctx.theme.continuation(style));
                    }
                    TextCell::Control(g) => put_char(buf, x, y, g, style),
                    TextCell::Invalid => put_char(buf, x, y, '×', ctx.theme.invalid(style)),
                }
            }
        }
    }
}

/// The bytes as a typed array: one right-aligned cell per element.
pub struct TypedPane<'a>(pub &'a Ctx<'a>);

impl Widget for TypedPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let app = ctx.app;
        let ty = app.view.elem;
        let size = ty.size();
        let w = typed_cell_width_hex(ty.kind, app.view.hex_numbers);
        let element = app.element_start();
        // Elements start at the base offset: each row's first element is
        // shifted by the base's remainder (and the last may run on into the
        // next row).
        let phase = app.view.elem_base % size as u64;
        for (y, row_start) in rows(area, ctx.win) {
            for e in 0..ctx.win.bytes_per_row / size {
                let offset = row_start + phase + (e * size) as u64;
                let x = area.x + 1 + (e * (w + 1)) as u16;
                if x + w as u16 > area.x + area.width {
                    break;
                }
                let is_cursor = offset == element;
                let focused = app.focus == Pane::Typed && is_cursor;
                if focused && let Some(entry) = &app.typed_entry {
                    let shown = fit_entry(entry, w);
                    buf.set_string(x, y, format!("{shown:>w$}"), ctx.theme.entry());
                    continue;
                }
                let bytes = ctx.win.from(offset);
                let decoded = ty.decode(bytes);
                let text = match decoded {
                    Some(v) if app.view.hex_numbers => fit_with_hex(v, size, w),
                    Some(v) => fit(v, w),
                    // An element cut off by the end of the file.
                    None if !bytes.is_empty() => "··".to_string(),
                    None if focused => String::new(),
                    None => continue,
                };
                let mut style = if decoded.is_some() {
                    Style::new()
                } else {
                    ctx.theme.dim()
                };
                if let Some((_, c)) = ctx.regions.iter().rev().find(|(r, _)| r.contains(&offset)) {
                    style = ctx.theme.region(style, *c);
                }
                if (offset..offset + size as u64).any(|o| ctx.win.is_changed(o)) {
                    style = ctx.theme.changed(style);
                } else if (offset..offset + size as u64).any(|o| ctx.win.is_vanished(o)) {
                    style = ctx.theme.vanished(style);
                }
                let span = offset..offset + size as u64;
                if focused {
                    style = ctx.theme.cursor();
                } else if ctx
                    .selection
                    .as_ref()
                    .is_some_and(|s| s.start < span.end && span.start < s.end)
                {
                    style = ctx.theme.selected(style);
                } else if is_cursor {
                    style = ctx.theme.element(style);
                } else if ctx.win.is_current_match(offset) {
                    style = ctx.theme.current_match(style);
                } else if ctx.win.is_match(offset) {
                    style = ctx.theme.matched(style);
                }
                put_right(buf, x, y, &text, w, style);
            }
        }
    }
}

/// A typed entry in `w` cells: with a caret when there is room, else its
/// end after `…` (the message line shows it whole).
fn fit_entry(entry: &str, w: usize) -> String {
    let n = entry.chars().count();
    if n < w {
        format!("{entry}▏")
    } else if n == w {
        entry.to_string()
    } else {
        let tail: String = entry.chars().skip(n + 1 - w).collect();
        format!("…{tail}")
    }
}

/// The column header: byte numbers over the hex pane, pane names over the
/// others; the focused pane's is highlighted.
pub struct Header<'a> {
    pub ctx: &'a Ctx<'a>,
    pub hex: Option<Rect>,
    pub text: Option<Rect>,
    pub typed: Option<Rect>,
}

impl Widget for Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.ctx;
        let app = ctx.app;
        let theme = ctx.theme;
        buf.set_string(area.x, area.y, "offset", theme.dim());
        let label = |pane: Pane, name: String, rect: Rect, buf: &mut Buffer| {
            let style = theme.header(app.focus == pane);
            let text = format!(" {name:<w$}", w = rect.width.saturating_sub(1) as usize);
            buf.set_stringn(rect.x, area.y, text, rect.width as usize, style);
        };
        if let Some(r) = self.hex {
            // Byte numbers over the columns; the whole header row of the
            // pane is highlighted when it has the focus.
            let style = theme.header(app.focus == Pane::Hex);
            buf.set_stringn(
                r.x,
                area.y,
                " ".repeat(r.width as usize),
                r.width as usize,
                style,
            );
            let radix = app.view.radix;
            for i in 0..ctx.win.bytes_per_row {
                let x = r.x + hex_column(i, radix);
                if x + 2 > r.x + r.width {
                    break;
                }
                buf.set_string(x, area.y, format!("{:02x}", i % 256), style);
            }
        }
        if let Some(r) = self.text {
            label(Pane::Text, app.view.encoding.name().into(), r, buf);
        }
        if let Some(r) = self.typed {
            let ty = app.view.elem;
            let name = if ty.size() == 1 {
                format!("{}Array", ty.kind.js_name())
            } else {
                format!(
                    "{}Array {}",
                    ty.kind.js_name(),
                    ty.endian.short().to_uppercase()
                )
            };
            let name = match app.view.elem_base {
                0 => name,
                base => format!("{name} @0x{base:x}"),
            };
            label(Pane::Typed, name, r, buf);
        }
    }
}
