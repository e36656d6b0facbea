//! The panel under the panes when it is not the inspector: the explanation
//! of the bytes at the cursor, or the edits as JavaScript.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::panes::Ctx;
use crate::app::state::Pane;
use crate::core::explain::{explain_element, explain_text};

fn title(area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>, text: &str) {
    let rule = "─".repeat(area.width as usize);
    buf.set_stringn(area.x, area.y, &rule, area.width as usize, ctx.theme.dim());
    buf.set_stringn(area.x, area.y, text, area.width as usize, ctx.theme.title());
}

fn lines(area: Rect, buf: &mut Buffer, lines: &[String], style: Style) {
    for (i, line) in lines.iter().enumerate() {
        let y = area.y + 1 + i as u16;
        if y >= area.y + area.height {
            break;
        }
        buf.set_stringn(
            area.x + 1,
            y,
            line,
            area.width.saturating_sub(1) as usize,
            style,
        );
    }
}

/// How the bytes at the cursor become their value.
pub struct Explain<'a>(pub &'a Ctx<'a>);

impl Widget for Explain<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let app = ctx.app;
        let text = if app.focus == Pane::Text {
            let before = app.cursor.min(3);
            let bytes = app.doc.read(app.cursor - before..app.cursor + 4);
            explain_text(app.view.encoding, app.cursor, &bytes, before as usize)
        } else {
            let at = app.element_start();
            let bytes = app.doc.read(at..at + 8);
            explain_element(app.view.elem, at, &bytes)
        };
        let what = if app.focus == Pane::Text {
            app.view.encoding.name()
        } else {
            app.view.elem.kind.js_name()
        };
        title(
            area,
            buf,
            ctx,
            &format!("─ Explain: {what} at the cursor (F4: next panel) "),
        );
        lines(area, buf, &text, Style::new());
    }
}

/// The edits so far as the JavaScript that would make them.
pub struct Code<'a>(pub &'a Ctx<'a>);

impl Widget for Code<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let log = &ctx.app.code_log;
        title(
            area,
            buf,
            ctx,
            "─ Edits as JavaScript: const uint8Array = new Uint8Array(buffer), view = new DataView(buffer) ",
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
        let shown = &log[log.len().saturating_sub(room)..];
        lines(area, buf, shown, ctx.theme.info());
    }
}
