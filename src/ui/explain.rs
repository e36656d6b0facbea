//! The panel under the panes when it is not the inspector: the explanation
//! of the bytes at the cursor, or the edits as JavaScript.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::panes::Ctx;
use crate::app::command::Cmd;
use crate::app::state::Pane;
use crate::core::explain::{explain_element, explain_text};

fn title(area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>, text: &str) {
    let rule = "─".repeat(area.width as usize);
    buf.set_stringn(area.x, area.y, &rule, area.width as usize, ctx.theme.dim());
    buf.set_stringn(area.x, area.y, text, area.width as usize, ctx.theme.title());
}

/// Draws `lines` under the title, each wrapped at spaces to the panel's
/// width (so a value is never cut off at the edge), as many as fit.
fn lines(area: Rect, buf: &mut Buffer, lines: &[String], style: Style) {
    let width = area.width.saturating_sub(1) as usize;
    let rows = lines.iter().flat_map(|l| wrap(l, width));
    for (y, row) in (area.y + 1..area.y + area.height).zip(rows) {
        buf.set_stringn(area.x + 1, y, &row, width, style);
    }
}

/// Splits `line` into rows of at most `width` characters at spaces; rows
/// after the first keep the line's indentation plus two. A word longer
/// than a row is broken where it must be.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let count = |s: &str| s.chars().count();
    if count(line) <= width || width < 8 {
        return vec![line.to_string()];
    }
    let indent = " ".repeat(count(line) - count(line.trim_start()) + 2);
    let mut rows = Vec::new();
    let mut row = line[..line.len() - line.trim_start().len()].to_string();
    for word in line.split_whitespace() {
        let start = row.trim().is_empty();
        if !start && count(&row) + 1 + count(word) > width {
            rows.push(std::mem::replace(&mut row, indent.clone()));
        }
        if !row.trim().is_empty() {
            row.push(' ');
        }
        let mut word = word;
        while count(&row) + count(word) > width {
            let room = width.saturating_sub(count(&row)).max(1);
            let cut = word.char_indices().nth(room).map_or(word.len(), |(i, _)| i);
            row.push_str(&word[..cut]);
            word = &word[cut..];
            rows.push(std::mem::replace(&mut row, indent.clone()));
        }
        row.push_str(word);
    }
    if !row.trim().is_empty() {
        rows.push(row);
    }
    rows
}

/// A line of JavaScript in rows of `width`: a comment that does not fit
/// goes on rows of its own, each starting with `//`, so that rows copied
/// from the screen still run.
fn code_rows(line: &str, width: usize) -> Vec<String> {
    let comment_rows = |note: &str, indent: &str| -> Vec<String> {
        wrap(note, width.saturating_sub(indent.len() + 3).max(8))
            .into_iter()
            .map(|r| format!("{indent}// {}", r.trim_start()))
            .collect()
    };
    if line.chars().count() <= width {
        return vec![line.to_string()];
    }
    if let Some(note) = line.strip_prefix("// ") {
        return comment_rows(note, "");
    }
    match line.split_once(" // ") {
        Some((code, note)) => {
            let mut rows = wrap(code, width);
            rows.extend(comment_rows(note, "  "));
            rows
        }
        None => wrap(line, width),
    }
}

/// How the bytes at the cursor become their value.
pub struct Explain<'a>(pub &'a Ctx<'a>);

impl Widget for Explain<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let app = ctx.app;
        let mut text = if app.focus == Pane::Text {
            let before = app.ed.cursor().min(3);
            let bytes = app
                .ed
                .doc()
                .read(app.ed.cursor() - before..app.ed.cursor() + 4);
            explain_text(app.view.encoding, app.ed.cursor(), &bytes, before as usize)
        } else {
            let at = app.element_start();
            let bytes = app.ed.doc().read(at..at + 8);
            explain_element(app.view.elem, at, &bytes)
        };
        // The structure panel's field, read as DataView code, comes first.
        if let Some(js) = app.structure_js() {
            text.insert(0, format!("field: {js}"));
        }
        let what = if app.focus == Pane::Text {
            app.view.encoding.name()
        } else {
            app.view.elem.kind.js_name()
        };
        let next = match ctx
            .app
            .keymap
            .hint_key(Cmd::NextBottomPanel, ctx.app.vi_normal)
        {
            Some(key) => format!(" ({key}: next panel)"),
            None => String::new(),
        };
        title(
            area,
            buf,
            ctx,
            &format!("─ Explain: {what} at the cursor{next} "),
        );
        lines(area, buf, &text, Style::new());
    }
}

/// The edits so far as the JavaScript that would make them.
pub struct Code<'a>(pub &'a Ctx<'a>);

impl Widget for Code<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let log = &ctx.app.ed.code_lines();
        title(
            area,
            buf,
            ctx,
            "─ Edits as JavaScript: let uint8Array = new Uint8Array(buffer), view = new DataView(buffer) ",
        );
        if log.is_empty() {
            lines(
                area,
                buf,
                &[
                    "edit a byte, a character or a typed value: its JavaScript appears here"
                        .to_string(),
                ],
                ctx.theme.dim(),
            );
            return;
        }
        let room = area.height.saturating_sub(1) as usize;
        let width = area.width.saturating_sub(1) as usize;
        let rows: Vec<String> = log
            .iter()
            .rev()
            .take(room)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .flat_map(|l| code_rows(l, width))
            .collect();
        let shown = &rows[rows.len().saturating_sub(room)..];
        lines(area, buf, shown, ctx.theme.info());
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn a_wrapped_comment_stays_a_comment_on_every_row() {
        let line = "uint8Array = Uint8Array.from([...uint8Array, 0xcc]); view = new DataView(uint8Array.buffer); // append: a typed array cannot grow: a new, longer one";
        let rows = super::code_rows(line, 40);
        let at = rows
            .iter()
            .position(|r| r.trim_start().starts_with("//"))
            .unwrap();
        assert!(
            rows[at..].iter().all(|r| r.trim_start().starts_with("// ")),
            "{rows:?}"
        );
        assert!(rows[..at].iter().all(|r| !r.contains("//")), "{rows:?}");
        assert!(rows.iter().all(|r| r.chars().count() <= 40), "{rows:?}");
    }

    #[test]
    fn long_lines_wrap_at_spaces_keeping_every_word_whole() {
        let line = "  value = 1.2345678901234567e+300 × 2^-1022 (a very long number)";
        let rows = wrap(line, 30);
        assert!(rows.iter().all(|r| r.chars().count() <= 30), "{rows:?}");
        let words: Vec<&str> = rows.iter().flat_map(|r| r.split_whitespace()).collect();
        assert_eq!(words, line.split_whitespace().collect::<Vec<_>>());
        assert!(rows[1].starts_with("    "), "{rows:?}");
        assert_eq!(wrap("short", 30), vec!["short"]);
    }
}
