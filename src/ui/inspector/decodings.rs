//! The inspector's second part: the bytes at the cursor read as dates
//! (Unix, FILETIME, DOS), GUID and UUID, LEB128 and bit by bit — laid out
//! in a grid of cells 40 columns wide, as many across as the width holds.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::core::inspect::{self, Invalid};
use crate::core::typed::Endian;

/// Columns of one cell: a label and its value.
const CELL_W: usize = 40;
const LABEL_W: usize = 10;
const VALUE_W: usize = CELL_W - LABEL_W - 1;

/// Bytes the decodings read at most (a GUID).
pub const READ_LEN: u64 = 16;

/// One reading: its label, its text, whether it is a value (or why there
/// is none), and how many cells it takes.
struct Item {
    label: String,
    text: String,
    valid: bool,
    cells: usize,
}

fn item<T: ToString>(label: &str, r: Result<T, Invalid>) -> Item {
    let (text, valid) = match r {
        Ok(v) => (v.to_string(), true),
        Err(e) => (e.to_string(), false),
    };
    let cells = if LABEL_W + text.chars().count() < CELL_W {
        1
    } else {
        2
    };
    Item {
        label: label.to_string(),
        text,
        valid,
        cells,
    }
}

/// A LEB128 and the bytes it used, in one cell.
fn leb(value: impl ToString, len: usize) -> String {
    let v = value.to_string();
    let long = format!("{v} ({len} byte{})", if len == 1 { "" } else { "s" });
    if long.chars().count() <= VALUE_W {
        long
    } else {
        format!("{v} ({len} B)")
    }
}

/// Every reading of `bytes` (the cursor's, up to [`READ_LEN`]); Unix times
/// in `endian` order, the Windows and DOS ones little-endian as stored.
fn items(bytes: &[u8], endian: Endian) -> Vec<Item> {
    let bits: String = inspect::bits(bytes[0])
        .iter()
        .map(|&b| if b { "1" } else { "0" })
        .collect::<Vec<_>>()
        .join(" ");
    vec![
        item("unix32", inspect::unix32_at(bytes, endian)),
        item("unix32 ms", inspect::unix32_ms_at(bytes, endian)),
        item("unix64", inspect::unix64_at(bytes, endian)),
        item("unix64 ms", inspect::unix64_ms_at(bytes, endian)),
        item("FILETIME", inspect::filetime_at(bytes)),
        item("DOS", inspect::dos_at(bytes)),
        item("uLEB128", inspect::uleb128(bytes).map(|(v, n)| leb(v, n))),
        item("sLEB128", inspect::sleb128(bytes).map(|(v, n)| leb(v, n))),
        item("bits 7‥0", Ok::<_, Invalid>(bits)),
        item("GUID", inspect::guid_mixed_endian(bytes)),
        item("UUID", inspect::uuid_rfc4122(bytes)),
    ]
}

/// Cells across in `width` columns (at least one).
fn columns(width: u16) -> usize {
    (width as usize / CELL_W).max(1)
}

/// Places items of 1 or 2 cells row by row, in order: (row, column) each.
fn place(sizes: &[usize], cols: usize) -> Vec<(usize, usize)> {
    let (mut row, mut col) = (0, 0);
    sizes
        .iter()
        .map(|&n| {
            if col + n.min(cols) > cols {
                row += 1;
                col = 0;
            }
            let at = (row, col);
            col += n;
            at
        })
        .collect()
}

/// Rows the decodings take at `width`, with a title rule above them.
pub fn height(width: u16) -> u16 {
    // Sizes are those of valid readings: GUID and UUID take two cells.
    let sizes = [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2];
    let rows = place(&sizes, columns(width)).last().map_or(0, |p| p.0 + 1);
    1 + rows as u16
}

/// Draws the title rule and the readings of `bytes` into `area`.
pub fn render(
    area: Rect,
    buf: &mut Buffer,
    bytes: &[u8],
    endian: Endian,
    title: &str,
    styles: (Style, Style),
) {
    let (title_style, dim) = styles;
    let rule = "─".repeat(area.width as usize);
    buf.set_stringn(area.x, area.y, &rule, area.width as usize, dim);
    buf.set_stringn(area.x, area.y, title, area.width as usize, title_style);
    if bytes.is_empty() {
        return;
    }
    let items = items(bytes, endian);
    let sizes: Vec<usize> = items.iter().map(|i| i.cells).collect();
    for (it, (row, col)) in items.iter().zip(place(&sizes, columns(area.width))) {
        let y = area.y + 1 + row as u16;
        if y >= area.bottom() {
            break;
        }
        let x = area.x + 1 + (col * CELL_W) as u16;
        let room = area.right().saturating_sub(x) as usize;
        buf.set_stringn(x, y, &it.label, room.min(LABEL_W - 1), dim);
        let vx = x + LABEL_W as u16;
        let room = area.right().saturating_sub(vx) as usize;
        let style = if it.valid { Style::new() } else { dim };
        buf.set_stringn(vx, y, &it.text, room, style);
    }
}

/// What the part shows, and the byte order of its Unix times (FILETIME
/// and DOS times are little-endian whatever it is).
pub fn title(endian: Endian) -> String {
    let order = match endian {
        Endian::Little => "LE",
        Endian::Big => "BE",
    };
    format!("Dates (Unix {order}), GUID, LEB128, bits ")
}
