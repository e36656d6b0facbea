//! Boxes drawn over the panes: the command palette, the panels (a hash,
//! the unsaved changes, the marks, the copy formats; the results lists are
//! in `lists`) and the progress of a long job.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::theme::Theme;
use crate::app::mode::{Mode, ModeCmd};
use crate::app::palette::rank_in;
use crate::app::state::{App, Overlay, Panel};
use crate::core::display::escape_str;
use crate::core::export::{CopyFormat, format};

/// A box of at most `w`×`h` centred in `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width.saturating_sub(2));
    let h = h.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clears a box, draws its border and title, and returns the inside.
pub(crate) fn boxed(area: Rect, title: &str, theme: Theme, buf: &mut Buffer) -> Rect {
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title.to_string())
        .border_style(theme.dim());
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Draws rows with one highlighted, scrolled so it shows.
fn list(inner: Rect, rows: &[(String, String)], selected: usize, theme: Theme, buf: &mut Buffer) {
    let h = inner.height as usize;
    if h == 0 {
        return;
    }
    let first = selected.saturating_sub(h - 1);
    for (i, (left, right)) in rows.iter().enumerate().skip(first).take(h) {
        let y = inner.y + (i - first) as u16;
        let w = inner.width as usize;
        let style = if i == selected {
            theme.cursor()
        } else {
            Style::new()
        };
        let line = format!(
            " {left:<lw$}{right} ",
            lw = w.saturating_sub(right.chars().count() + 2)
        );
        buf.set_stringn(inner.x, y, line, w, style);
    }
}

pub fn render(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    match &app.overlay {
        Overlay::Palette { input, selected } => {
            let r = centered(area, 84, 22);
            let title = format!(
                " Commands — type to filter, {} runs, {} closes ",
                app.mode_key_hint(Mode::Palette, ModeCmd::Accept),
                app.mode_key_hint(Mode::Palette, ModeCmd::Cancel)
            );
            let inner = boxed(r, &title, theme, buf);
            if inner.height < 2 {
                return;
            }
            let query = format!("> {}", escape_str(input.text()));
            buf.set_stringn(
                inner.x + 1,
                inner.y,
                &query,
                inner.width as usize,
                theme.prompt(),
            );
            let cx = inner.x + 3 + input.cursor() as u16;
            if let Some(cell) = buf.cell_mut((cx, inner.y)) {
                cell.set_style(theme.cursor());
            }
            let compare = app.compare.is_some();
            let rows: Vec<(String, String)> = rank_in(input.text(), &app.keymap, compare)
                .into_iter()
                .map(|c| {
                    let keys: Vec<String> = app
                        .keymap
                        .keys_for(c.cmd)
                        .iter()
                        .map(|k| k.to_string())
                        .collect();
                    (c.name.clone(), keys.join(", "))
                })
                .collect();
            let body = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
            if rows.is_empty() {
                buf.set_string(body.x + 1, body.y, "no command matches", theme.dim());
            }
            list(body, &rows, *selected, theme, buf);
        }
        Overlay::Panel(panel) => render_panel(app, panel, theme, area, buf),
        _ => {}
    }
}

fn hex_preview(bytes: &[u8], more: bool) -> String {
    let mut s: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    if more {
        s.push("…".into());
    }
    s.join(" ")
}

fn render_panel(app: &App, panel: &Panel, theme: Theme, area: Rect, buf: &mut Buffer) {
    match panel {
        Panel::Histogram { scope, hist } => {
            super::entropy::render_histogram(scope, hist, theme, area, buf)
        }
        Panel::Hash {
            name,
            scope,
            digest,
        } => {
            let r = centered(area, (digest.len() as u16 + 6).max(60), 6);
            let inner = boxed(r, &format!(" {name} "), theme, buf);
            buf.set_stringn(
                inner.x + 1,
                inner.y,
                format!("of {scope}"),
                inner.width as usize,
                theme.dim(),
            );
            buf.set_stringn(
                inner.x + 1,
                inner.y + 1,
                digest,
                inner.width as usize,
                theme.title(),
            );
            buf.set_stringn(
                inner.x + 1,
                inner.y + 3,
                format!(
                    "{}: copy the digest   any other key: close",
                    app.mode_key_hint(Mode::List, ModeCmd::CopyDigest)
                ),
                inner.width as usize,
                theme.dim(),
            );
        }
        Panel::Changes { selected } => {
            let changes = app.ed.doc().changes();
            let keys = app.mode_hints(
                Mode::List,
                &[
                    (ModeCmd::Accept, "go there"),
                    (ModeCmd::RevertChange, "revert one"),
                    (ModeCmd::Cancel, "close"),
                ],
            );
            let title = format!(" Unsaved changes ({}) — {keys} ", changes.len());
            let inner = boxed(centered(area, 96, 20), &title, theme, buf);
            let rows: Vec<(String, String)> = changes
                .iter()
                .map(|c| {
                    let old_len = c.old.end - c.old.start;
                    let old = app.ed.doc().old_bytes(c, 8);
                    let new = app.ed.doc().read(c.offset..c.offset + c.new_len.min(8));
                    let what = match (old_len, c.new_len) {
                        (0, n) => format!("inserted {n}: {}", hex_preview(&new, n > 8)),
                        (n, 0) => format!("deleted {n}: {}", hex_preview(&old, n > 8)),
                        (o, n) => format!(
                            "{} → {}",
                            hex_preview(&old, o > 8),
                            hex_preview(&new, n > 8)
                        ),
                    };
                    (format!("0x{:08x}  {what}", c.offset), String::new())
                })
                .collect();
            list(inner, &rows, *selected, theme, buf);
        }
        Panel::Marks { selected } => {
            let keys = app.mode_hints(
                Mode::List,
                &[
                    (ModeCmd::Accept, "go there"),
                    (ModeCmd::RemoveMark, "remove"),
                    (ModeCmd::Cancel, "close"),
                ],
            );
            let title = format!(" Marks — {keys} ");
            let inner = boxed(centered(area, 60, 16), &title, theme, buf);
            let rows: Vec<(String, String)> = app
                .ed
                .marks()
                .iter()
                .map(|&m| {
                    let b = app
                        .ed
                        .doc()
                        .byte_at(m)
                        .map_or("end".to_string(), |b| format!("byte {b:02x}"));
                    (format!("0x{m:08x} ({m})"), b)
                })
                .collect();
            list(inner, &rows, *selected, theme, buf);
        }
        Panel::Matches { selected } => {
            super::lists::render_matches(app, *selected, theme, area, buf)
        }
        Panel::Strings { selected } => {
            super::lists::render_strings(app, *selected, theme, area, buf)
        }
        Panel::Bookmarks { selected } => {
            let keys = app.mode_hints(
                Mode::List,
                &[
                    (ModeCmd::Accept, "go there"),
                    (ModeCmd::EditBookmark, "rename, colour, comment"),
                    (ModeCmd::RemoveMark, "delete"),
                    (ModeCmd::Cancel, "close"),
                ],
            );
            let title = format!(" Bookmarks — {keys} ");
            let inner = boxed(centered(area, 110, 18), &title, theme, buf);
            let rows: Vec<(String, String)> = app
                .ed
                .bookmarks()
                .iter()
                .map(|b| {
                    let n = b.len.clamp(1, 8);
                    let bytes = app.ed.doc().read(b.offset..b.offset + n);
                    let len = if b.len == 0 {
                        "point".to_string()
                    } else {
                        format!("{} B", b.len)
                    };
                    let mut left = format!(
                        "{:<16} 0x{:08x} {len:>10}  {:<8} {}",
                        escape_str(&b.name),
                        b.offset,
                        b.color_name(),
                        hex_preview(&bytes, b.len > 8)
                    );
                    if !b.comment.is_empty() {
                        left.push_str(&format!("  {}", escape_str(&b.comment)));
                    }
                    (left, String::new())
                })
                .collect();
            list(inner, &rows, *selected, theme, buf);
        }
        Panel::CopyAs { selected } => {
            let n = CopyFormat::ALL.len() as u8;
            let title = format!(
                " Copy as — {} or {}-{} copies, {} closes ",
                app.mode_key_hint(Mode::List, ModeCmd::Accept),
                app.mode_key_hint(Mode::List, ModeCmd::PickFormat(1)),
                app.mode_key_hint(Mode::List, ModeCmd::PickFormat(n)),
                app.mode_key_hint(Mode::List, ModeCmd::Cancel)
            );
            let inner = boxed(centered(area, 90, n as u16 + 2), &title, theme, buf);
            let range = app.selection().unwrap_or_else(|| app.cursor_span());
            let sample = app
                .ed
                .doc()
                .read(range.start..range.end.min(range.start + 8));
            let rows: Vec<(String, String)> = CopyFormat::ALL
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let preview = escape_str(&format(&sample, *f).replace('\n', " "));
                    (
                        format!("{}  {:<22}{preview}", i + 1, f.name()),
                        String::new(),
                    )
                })
                .collect();
            list(inner, &rows, *selected, theme, buf);
        }
    }
}

/// The progress of a long job (`done` of `total`), with the key that
/// cancels it.
pub fn render_busy(
    label: &str,
    cancel_key: &str,
    (done, total): (u64, u64),
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let r = centered(area, 60, 5);
    let inner = boxed(r, &format!(" Working — {cancel_key} cancels "), theme, buf);
    let pct = (done.min(total) * 100).checked_div(total).unwrap_or(100) as usize;
    buf.set_stringn(
        inner.x + 1,
        inner.y,
        format!("{label}: {pct}%"),
        inner.width as usize,
        Style::new(),
    );
    let bar_w = inner.width.saturating_sub(2) as usize;
    let filled = bar_w * pct / 100;
    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(bar_w - filled));
    buf.set_stringn(inner.x + 1, inner.y + 2, bar, bar_w, theme.info());
}
