//! The structure panel: the file's fields as a tree (name, type, value,
//! offset and size), where it goes on screen, and the line of JavaScript
//! that reads the selected field. Beside the panes on wide terminals,
//! below them otherwise; values that do not fit are shortened with `…`
//! (numbers through [`fit`], so they are never cut into other numbers).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::layout::{ScreenLayout, layout_with};
use super::panes::Ctx;
use crate::app::command::Cmd;
use crate::app::mode::{Mode, ModeCmd};
use crate::app::state::App;
use crate::app::structure::{Row, RowKind, Structure};
use crate::core::fit::fit;
use crate::core::typed::Value as Num;

/// Width from which the panel stands beside the panes.
pub const SIDE_MIN_WIDTH: u16 = 140;

/// Lays the screen out with the panel (when it is open) beside or below
/// the panes.
pub fn layout(app: &App, area: Rect, lesson_h: u16) -> ScreenLayout {
    let len = app.ed.doc().len();
    let open = app.structure.as_ref().is_some_and(|s| s.open);
    if !open {
        return layout_with(area, &app.view, app.focus, len, lesson_h);
    }
    if area.width >= SIDE_MIN_WIDTH {
        let w = (area.width * 2 / 5).clamp(44, 72);
        let left = Rect::new(area.x, area.y, area.width - w, area.height);
        let mut l = layout_with(left, &app.view, app.focus, len, lesson_h);
        if !l.too_small {
            l.header.width = area.width;
            l.status.width = area.width;
            l.message.width = area.width;
            l.structure = Some(Rect::new(
                area.x + left.width,
                area.y + 1,
                w,
                area.height.saturating_sub(3),
            ));
        }
        return l;
    }
    // Below the panes: the inspector gives way on short terminals.
    let mut view = app.view;
    if area.height < 32 {
        view.show_inspector = false;
    }
    let avail = area.height.saturating_sub(3 + lesson_h);
    let panel_h = (avail / 2).max(4);
    let mut l = layout_with(area, &view, app.focus, len, lesson_h + panel_h);
    if let Some(r) = l.lesson {
        let h = panel_h.min(r.height);
        l.structure = Some(Rect::new(r.x, r.y, r.width, h));
        l.lesson = (r.height > h).then(|| Rect::new(r.x, r.y + h, r.width, r.height - h));
    }
    l
}

/// Keeps the selected row on screen and tells the panel its page size.
pub fn scroll(s: &mut Structure, area: Rect) {
    let h = rows_height(area);
    s.page = h.max(1);
    if s.selected < s.scroll {
        s.scroll = s.selected;
    } else if s.selected >= s.scroll + h {
        s.scroll = s.selected + 1 - h;
    }
    s.scroll = s.scroll.min(s.rows.len().saturating_sub(1));
}

/// Rows for the tree: the title and the JavaScript line take two.
fn rows_height(area: Rect) -> usize {
    area.height.saturating_sub(2) as usize
}

pub struct StructurePanel<'a>(pub &'a Ctx<'a>);

/// The panel's title keys, as the keymap has them: its own (focused) or
/// the one that gives it the keys.
fn structure_keys(app: &App, focused: bool) -> String {
    use ModeCmd::*;
    if !focused {
        return match app.keymap.hint_key(Cmd::Structure, app.vi_normal) {
            Some(key) => format!("{key}: keys to the tree"),
            None => String::new(),
        };
    }
    let keys = |cmds: &[ModeCmd]| {
        cmds.iter()
            .filter_map(|c| app.keymap.mode_key(Mode::Structure, *c))
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
    };
    let arrows = |cmds| {
        let keys = keys(cmds);
        // Arrow keys read as one word (↑↓), other keys apart.
        if keys.iter().all(|k| k.chars().count() == 1) {
            keys.concat()
        } else {
            keys.join(" ")
        }
    };
    [
        (arrows(&[RowUp, RowDown]), "move"),
        (arrows(&[Expand, Collapse]), "open/close"),
        (keys(&[Accept]).join(" "), "go"),
        (keys(&[NextSibling, PrevSibling]).join("/"), "next/prev"),
        (keys(&[EditField]).join(" "), "edit"),
        (keys(&[Leave]).join(" "), "panes"),
    ]
    .into_iter()
    .filter(|(k, _)| !k.is_empty())
    .map(|(k, what)| format!("{k} {what}"))
    .collect::<Vec<_>>()
    .join(" · ")
}

impl Widget for StructurePanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let Some(s) = &ctx.app.structure else {
            return;
        };
        let theme = ctx.theme;
        let width = area.width as usize;
        buf.set_style(area, Style::new());
        let keys = structure_keys(ctx.app, s.focused);
        let keys = if keys.is_empty() {
            keys
        } else {
            format!(" · {keys}")
        };
        let title = format!(" Structure: {} ({} rows){keys}", s.spec, s.rows.len());
        let rule = "─".repeat(width);
        buf.set_stringn(area.x, area.y, &rule, width, theme.dim());
        buf.set_stringn(area.x, area.y, &title, width, theme.header(s.focused));
        let h = rows_height(area);
        let cols = Columns::new(width, s);
        for (i, row) in s.rows.iter().enumerate().skip(s.scroll).take(h) {
            let y = area.y + 1 + (i - s.scroll) as u16;
            let selected = i == s.selected;
            draw_row(
                buf,
                area.x,
                y,
                row,
                &cols,
                ctx,
                selected && s.focused,
                selected,
            );
        }
        let js_y = area.y + area.height.saturating_sub(1);
        if area.height >= 3 {
            let line = match s.selected_row() {
                Some(Row {
                    error: Some(e),
                    path,
                    ..
                }) if s.stopped_at_cap() => (
                    format!(
                        "! {path}: {e} ({}: parse further)",
                        ctx.app.mode_key_hint(Mode::Structure, ModeCmd::Accept)
                    ),
                    theme.error(),
                ),
                Some(Row {
                    error: Some(e),
                    path,
                    ..
                }) => (format!("! {path}: {e}"), theme.error()),
                _ if s.outside => (
                    format!("0x{:x}: in no field of the tree", ctx.app.ed.cursor()),
                    theme.info(),
                ),
                _ => (ctx.app.structure_js().unwrap_or_default(), theme.info()),
            };
            buf.set_stringn(area.x, js_y, &line.0, width, line.1);
        }
    }
}

/// Column widths: name (with its indent), type, value, offset+size.
struct Columns {
    name: usize,
    ty: usize,
    at: usize,
    value: usize,
}

impl Columns {
    /// Widths fitted to the rows on screen: the name, type and offset
    /// columns as wide as their widest entry (within bounds), the value
    /// column the rest.
    fn new(width: usize, s: &Structure) -> Columns {
        let shown = || s.rows.iter().skip(s.scroll).take(64);
        let widest = |f: &dyn Fn(&Row) -> usize| shown().map(f).max().unwrap_or(0);
        let name =
            widest(&|r| 2 * r.depth + 2 + r.name.chars().count()).clamp(6, (width / 3).max(6));
        let ty = if width >= 60 {
            // Wider on a wide panel (`constant_pool_entry`), where the
            // values rarely need the room.
            widest(&|r| r.type_name.chars().count()).clamp(4, (width / 6).max(14))
        } else {
            0
        };
        let at = widest(&|r| at_text(r).len()).min(width / 4);
        let value = width.saturating_sub(name + ty + at + 3);
        Columns {
            name,
            ty,
            at,
            value,
        }
    }
}

/// `0x10+4`: where the row's bytes are and how many.
fn at_text(r: &Row) -> String {
    r.offset
        .map(|o| format!("0x{o:x}+{}", r.size))
        .unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn draw_row(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    row: &Row,
    c: &Columns,
    ctx: &Ctx<'_>,
    cursor: bool,
    selected: bool,
) {
    let theme = ctx.theme;
    let marker = match (row.kind, row.expanded) {
        (RowKind::Container, true) => '▾',
        (RowKind::Container, false) => '▸',
        (RowKind::Unread, _) => '→',
        _ => ' ',
    };
    let name = format!("{}{marker} {}", "  ".repeat(row.depth), row.name);
    let base = if cursor {
        theme.cursor()
    } else if selected {
        theme.selected(Style::new())
    } else {
        Style::new()
    };
    let mut col = x as usize;
    put(buf, col, y, &shorten(&name, c.name), c.name, base);
    col += c.name + 1;
    if c.ty > 0 {
        put(
            buf,
            col,
            y,
            &shorten(&row.type_name, c.ty),
            c.ty,
            base.patch(theme.dim()),
        );
        col += c.ty + 1;
    }
    let (value, style) = match &row.error {
        None if row.kind == RowKind::Unread => (
            format!(
                "{} ({}: evaluate)",
                row.value,
                ctx.app.mode_key_hint(Mode::Structure, ModeCmd::Accept)
            ),
            Style::new(),
        ),
        Some(e) if row.value.is_empty() => (format!("! {e}"), theme.error()),
        Some(e) => (format!("{} ! {e}", row.value), theme.error()),
        None => (show_value(&row.value, c.value), Style::new()),
    };
    put(
        buf,
        col,
        y,
        &shorten(&value, c.value),
        c.value,
        base.patch(style),
    );
    col += c.value + 1;
    let at = shorten(&at_text(row), c.at);
    let pad = c.at.saturating_sub(at.chars().count());
    put(
        buf,
        col + pad,
        y,
        &at,
        at.chars().count(),
        base.patch(theme.dim()),
    );
}

fn put(buf: &mut Buffer, x: usize, y: u16, s: &str, w: usize, style: Style) {
    let Ok(x) = u16::try_from(x) else {
        return;
    };
    buf.set_stringn(x, y, format!("{s:<w$}"), w, style);
}

/// A value in `w` characters: a number through `fit`, text cut with `…`.
fn show_value(v: &str, w: usize) -> String {
    if v.chars().count() <= w {
        return v.to_string();
    }
    if let Ok(n) = v.parse::<i64>() {
        return fit(Num::Signed(n), w);
    }
    if let Ok(n) = v.parse::<u64>() {
        return fit(Num::Unsigned(n), w);
    }
    shorten(v, w)
}

/// `s` in at most `w` characters, ending in `…` when cut.
fn shorten(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(w - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_shortened_never_cut_into_other_numbers() {
        assert_eq!(show_value("123", 8), "123");
        let big = show_value("18446744073709551615", 8);
        assert!(big.contains('…') || big.contains('e'), "{big}");
        assert_eq!(shorten("\"hello world\"", 6), "\"hell…");
    }
}
