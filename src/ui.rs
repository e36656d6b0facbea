//! Drawing the editor: ratatui widgets that read the app state and never
//! change it. [`prepare`] lays the screen out and tells the app its
//! geometry; [`render`] draws a frame from the visible bytes alone.

pub mod help;
pub mod inspector;
pub mod layout;
pub mod panes;
pub mod status;
pub mod theme;
pub mod window;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::state::{App, Geometry, Overlay};
use layout::{ScreenLayout, layout};
use panes::{Ctx, HexPane, Offsets, TextPane, TypedPane};
use theme::Theme;
use window::Window;

/// Lays out a screen of `area` and gives the app the geometry it found.
pub fn prepare(app: &mut App, area: Rect) -> ScreenLayout {
    let l = layout(area, &app.view, app.focus, app.doc.len());
    app.set_geometry(Geometry {
        bytes_per_row: l.bytes_per_row,
        rows: l.rows,
    });
    l
}

/// Draws one frame.
pub fn render(app: &App, l: &ScreenLayout, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.view.color);
    if l.too_small {
        let text = format!(
            "terminal too small ({}×{}): hexbuf needs {}×{}",
            area.width,
            area.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        );
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    }
    let win = Window::read(app);
    let ctx = Ctx {
        app,
        win: &win,
        theme,
    };
    panes::Header {
        ctx: &ctx,
        offsets: l.offsets,
        hex: l.hex,
        text: l.text,
        typed: l.typed,
    }
    .render(l.header, buf);
    Offsets(&ctx).render(l.offsets, buf);
    for rect in [l.hex, l.text, l.typed].into_iter().flatten() {
        // A separator column before each pane.
        for y in rect.y..rect.y + rect.height {
            panes::put_char(buf, rect.x - 1, y, '│', theme.separator());
        }
    }
    if let Some(r) = l.hex {
        HexPane(&ctx).render(r, buf);
    }
    if let Some(r) = l.text {
        TextPane(&ctx).render(r, buf);
    }
    if let Some(r) = l.typed {
        TypedPane(&ctx).render(r, buf);
    }
    if let Some(r) = l.inspector {
        inspector::Inspector(&ctx).render(r, buf);
    }
    status::StatusLine(&ctx).render(l.status, buf);
    status::MessageLine(&ctx).render(l.message, buf);
    if app.overlay == Overlay::Help {
        let r = Rect {
            x: area.x + 1,
            y: area.y + 1,
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(3),
        };
        help::Help {
            keymap: &app.keymap,
            theme,
        }
        .render(r, buf);
    }
}
