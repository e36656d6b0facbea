//! The results lists over the panes: every match of a search (find all),
//! with the bytes around each match in hex and as text, and the strings
//! panel, with its filter and minimum length. Only the rows on screen are
//! read or formatted, so a list of 100,000 entries draws as fast as one of
//! ten.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::overlays::{boxed, centered};
use super::theme::Theme;
use crate::app::mode::{Mode, ModeCmd};
use crate::app::state::App;
use crate::core::display::escape_str;

/// Bytes of context shown before and after a match.
const CONTEXT: u64 = 4;
/// The most bytes of a match shown.
const MATCH_SHOWN: u64 = 8;

/// The first row shown so that `selected` is on screen.
fn first_row(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.saturating_sub(1))
}

/// A byte as the text column shows it: printable ASCII, else a dot.
fn text_cell(b: u8) -> char {
    if (0x20..0x7f).contains(&b) {
        char::from(b)
    } else {
        '.'
    }
}

/// The results list of find all.
pub fn render_matches(app: &App, selected: usize, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some(list) = app.match_list() else {
        return;
    };
    let shown = app.search.as_ref().map_or("", |s| s.shown.as_str());
    let kept = if list.capped() {
        format!(", first {} listed", list.offsets.len())
    } else {
        String::new()
    };
    let keys = app.mode_hints(
        Mode::List,
        &[(ModeCmd::Accept, "go there"), (ModeCmd::Cancel, "close")],
    );
    let title = format!(
        " {} match{} of {}{kept} — {keys} ",
        list.total,
        if list.total == 1 { "" } else { "es" },
        escape_str(shown)
    );
    let inner = boxed(centered(area, 100, 22), &title, theme, buf);
    let h = inner.height as usize;
    let first = first_row(selected, h);
    let doc = app.ed.doc();
    let m = list.len;
    for (row, &at) in list.offsets.iter().enumerate().skip(first).take(h) {
        let y = inner.y + (row - first) as u16;
        let row_style = if row == selected {
            theme.cursor()
        } else {
            Style::new()
        };
        buf.set_stringn(
            inner.x,
            y,
            " ".repeat(inner.width as usize),
            inner.width as usize,
            row_style,
        );
        let from = at.saturating_sub(CONTEXT);
        let shown_end = at + m.min(MATCH_SHOWN);
        let to = (shown_end + CONTEXT).min(doc.len());
        let bytes = doc.read(from..to);
        let right = inner.x + inner.width;
        let mut x = inner.x + 1;
        let put = |x: &mut u16, text: &str, style: Style, buf: &mut Buffer| {
            if *x < right {
                let (nx, _) = buf.set_stringn(*x, y, text, (right - *x) as usize, style);
                *x = nx;
            }
        };
        put(&mut x, &format!("0x{at:010x}  "), row_style, buf);
        // Columns line up whatever the context before the match: a match
        // near the start of the file has its missing bytes as blanks.
        let pad = (CONTEXT - (at - from)) as usize;
        put(&mut x, &"   ".repeat(pad), row_style, buf);
        // The style of the byte `i` bytes after `from`.
        let style = |i: usize| {
            let o = from + i as u64;
            if o >= at && o < at + m {
                theme.matched(row_style)
            } else {
                row_style
            }
        };
        for (i, b) in bytes.iter().enumerate() {
            put(&mut x, &format!("{b:02x}"), style(i), buf);
            put(&mut x, " ", row_style, buf);
        }
        let width = (2 * CONTEXT + MATCH_SHOWN) as usize;
        let used = pad + bytes.len();
        put(
            &mut x,
            &"   ".repeat(width - used.min(width)),
            row_style,
            buf,
        );
        put(&mut x, &" ".repeat(pad + 1), row_style, buf);
        for (i, b) in bytes.iter().enumerate() {
            put(&mut x, &text_cell(*b).to_string(), style(i), buf);
        }
    }
}

/// The strings panel: its filter line, then the strings it lets through.
pub fn render_strings(app: &App, selected: usize, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some(list) = app.strings.as_ref() else {
        return;
    };
    let scope = if list.range.start == 0 && list.range.end == app.ed.doc().len() {
        "the file".to_string()
    } else {
        format!(
            "0x{:x}–0x{:x}",
            list.range.start,
            list.range.end.saturating_sub(1)
        )
    };
    let length: Vec<String> = [ModeCmd::StringsShorter, ModeCmd::StringsLonger]
        .into_iter()
        .filter_map(|cmd| app.keymap.mode_key(Mode::List, cmd))
        .map(|k| k.to_string())
        .collect();
    let length = if length.is_empty() {
        String::new()
    } else {
        format!("{}: min length   ", length.join(" "))
    };
    let keys = app.mode_hints(
        Mode::List,
        &[(ModeCmd::Accept, "go there"), (ModeCmd::Cancel, "close")],
    );
    let title = format!(" Strings of {scope} — type to filter   {length}{keys} ");
    let inner = boxed(centered(area, 110, 24), &title, theme, buf);
    if inner.height < 2 {
        return;
    }
    let kept = if list.capped() {
        format!(" (first {} kept)", list.entries.len())
    } else {
        String::new()
    };
    let head = format!(
        "filter: {}▏  min length {}   {} of {} strings{kept}",
        escape_str(&list.filter),
        list.min,
        list.shown.len(),
        list.total
    );
    buf.set_stringn(
        inner.x + 1,
        inner.y,
        head,
        inner.width.saturating_sub(1) as usize,
        theme.prompt(),
    );
    let body = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
    if list.shown.is_empty() {
        buf.set_string(body.x + 1, body.y, "no string matches", theme.dim());
        return;
    }
    let h = body.height as usize;
    let first = first_row(selected, h);
    for row in first..(first + h).min(list.shown.len()) {
        let Some(e) = list.row(row) else { break };
        let y = body.y + (row - first) as u16;
        let style = if row == selected {
            theme.cursor()
        } else {
            Style::new()
        };
        let more = if (e.text.len() as u64) < e.chars {
            "…"
        } else {
            ""
        };
        let line = format!(
            " 0x{:010x}  {:<8} {}{more}",
            e.offset,
            e.encoding.name(),
            escape_str(&e.text)
        );
        let w = body.width as usize;
        buf.set_stringn(body.x, y, format!("{line:<w$}"), w, style);
    }
}
