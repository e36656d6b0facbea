//! The entropy strip — one column at the right of the panes, a cell per
//! slice of the file, its height the entropy there (`·` none … `█` 8 bits
//! per byte), coloured by band when colour is on, the cursor's cell
//! reversed and pointed at — and the byte histogram panel: a 16×16 grid of
//! shaded counts, the entropy and the most frequent bytes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::overlays::{boxed, centered};
use super::panes::put_char;
use super::theme::Theme;
use crate::app::state::App;
use crate::core::entropy::{Band, Histogram};

/// Cells by level: 0 (no entropy, or no bytes) to 8.
pub const LEVELS: [char; 9] = ['·', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The strip's character for `bits` (0–8) bits per byte.
pub fn level_char(bits: f32) -> char {
    LEVELS[(bits.clamp(0.0, 8.0).round() as usize).min(8)]
}

fn band_style(theme: Theme, bits: f32) -> Style {
    if !theme.color {
        return Style::new();
    }
    Style::new().fg(match Band::of(bits) {
        Band::Low => Color::Blue,
        Band::Mid => Color::Yellow,
        Band::High => Color::LightRed,
    })
}

/// Draws the strip in `r` (one column) and its separator to the left,
/// which points (`◀`) at the cursor's cell.
pub fn render_strip(app: &App, r: Rect, theme: Theme, buf: &mut Buffer) {
    let h = r.height as usize;
    let Some(map) = app.entropy.map() else {
        for y in r.y..r.y + r.height {
            put_char(buf, r.x - 1, y, '│', theme.separator());
            put_char(buf, r.x, y, ' ', theme.dim());
        }
        put_char(buf, r.x, r.y, '…', theme.dim());
        return;
    };
    let cursor = map.cell_of(app.ed.cursor(), h);
    for (i, bits) in map.cells(h).into_iter().enumerate() {
        let y = r.y + i as u16;
        let mut style = band_style(theme, bits);
        let sep = if i == cursor {
            style = style.add_modifier(Modifier::REVERSED);
            '◀'
        } else {
            '│'
        };
        put_char(buf, r.x - 1, y, sep, theme.separator());
        put_char(buf, r.x, y, level_char(bits), style);
    }
}

/// The strip's cell under a screen cell, and how many cells it has.
pub fn hit(strip: Option<Rect>, x: u16, y: u16) -> Option<(usize, usize)> {
    let r = strip?;
    (x == r.x && y >= r.y && y < r.y + r.height).then(|| ((y - r.y) as usize, r.height as usize))
}

/// How many of the most frequent bytes the panel lists.
const TOP: usize = 14;

/// The histogram panel: a grid row per high nibble, a column per low
/// nibble, each cell shaded by its count against the largest count (any
/// count above zero shows at least `▁`).
pub fn render_histogram(scope: &str, h: &Histogram, theme: Theme, area: Rect, buf: &mut Buffer) {
    let r = centered(area, 74, 23);
    let inner = boxed(r, " Byte histogram — any key closes ", theme, buf);
    let w = inner.width as usize;
    let line = |buf: &mut Buffer, row: u16, text: String, style: Style| {
        if row < inner.height {
            buf.set_stringn(inner.x + 1, inner.y + row, text, w.saturating_sub(1), style);
        }
    };
    let total = h.total();
    let distinct = h.counts.iter().filter(|&&c| c > 0).count();
    line(buf, 0, format!("of {scope}"), theme.dim());
    line(
        buf,
        1,
        format!(
            "entropy {:.3} bits per byte   {distinct} of 256 values occur",
            h.entropy()
        ),
        theme.title(),
    );
    let max = h.counts.iter().copied().max().unwrap_or(0);
    line(
        buf,
        3,
        "    0 1 2 3 4 5 6 7 8 9 a b c d e f".into(),
        theme.dim(),
    );
    for hi in 0..16usize {
        let mut row = format!("{hi:x}_  ");
        for lo in 0..16usize {
            let c = h.counts[hi * 16 + lo];
            let level = if c == 0 {
                0
            } else {
                ((c as f64 / max as f64 * 8.0).ceil() as usize).clamp(1, 8)
            };
            row.push(LEVELS[level]);
            row.push(' ');
        }
        line(buf, 4 + hi as u16, row, Style::new());
    }
    // The most frequent bytes, beside the grid.
    let x = inner.x + 40;
    if x < inner.x + inner.width {
        let right = (inner.x + inner.width - x) as usize;
        buf.set_stringn(x, inner.y + 3, "most frequent", right, theme.dim());
        for (i, (b, c)) in h.top(TOP).into_iter().enumerate() {
            let pct = c as f64 * 100.0 / total.max(1) as f64;
            let shown = if b.is_ascii_graphic() {
                format!("'{}'", b as char)
            } else {
                String::new()
            };
            buf.set_stringn(
                x,
                inner.y + 4 + i as u16,
                format!("{b:02x} {shown:<3} {c:>11} {pct:5.1}%"),
                right,
                Style::new(),
            );
        }
    }
}
