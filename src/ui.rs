//! Drawing the editor: ratatui widgets that read the app state and never
//! change it. [`prepare`] lays the screen out and tells the app its
//! geometry; [`render`] draws a frame from the visible bytes alone.

pub mod colors;
pub mod compare;
pub mod compare_status;
pub mod depth;
pub mod entropy;
pub mod explain;
pub mod help;
pub mod inspector;
pub mod layout;
pub mod lesson;
pub mod lists;
pub mod overlays;
pub mod panes;
pub mod status;
pub mod structure;
pub mod theme;
pub mod window;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::state::{App, BottomPanel, Geometry, Overlay};
use layout::ScreenLayout;
use panes::{Ctx, HexPane, Offsets, TextPane, TypedPane};
use theme::Theme;
use window::Window;

/// The layout of the app's screen in `area`.
pub fn screen_layout(app: &App, area: Rect) -> ScreenLayout {
    if app.compare.is_some() {
        return compare::screen_layout(&compare::layout(app, area));
    }
    let lesson_h = if app.lesson.is_some() {
        lesson::LESSON_HEIGHT
    } else {
        0
    };
    structure::layout(app, area, lesson_h)
}

/// Lays out a screen of `area` and gives the app the geometry it found.
pub fn prepare(app: &mut App, area: Rect) -> ScreenLayout {
    // A tree made stale by edits is parsed again before it is drawn.
    app.structure_refresh();
    app.compare_sync();
    let l = screen_layout(app, area);
    if let (Some(r), Some(s)) = (l.structure, app.structure.as_mut()) {
        structure::scroll(s, r);
    }
    let geometry = Geometry {
        bytes_per_row: l.bytes_per_row,
        rows: l.rows,
    };
    if geometry != app.geometry {
        app.set_geometry(geometry);
        app.scroll_compare(false);
    }
    l
}

/// Draws one frame.
pub fn render(app: &App, l: &ScreenLayout, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(&app.view);
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
        selection: app.selection(),
        regions: panes::regions(app, &win),
    };
    if app.compare.is_some() {
        compare::render(app, &compare::layout(app, area), buf);
    } else {
        render_panes(&ctx, l, buf);
    }
    status::MessageLine(&ctx).render(l.message, buf);
    overlays::render(app, theme, area, buf);
    if let Overlay::Help { page } = app.overlay {
        let r = Rect {
            x: area.x + 1,
            y: area.y + 1,
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(3),
        };
        help::Help {
            keymap: &app.keymap,
            theme,
            page,
            compare: app.compare.is_some(),
        }
        .render(r, buf);
    }
}

/// Draws the panes, the panels and the status line of the editor.
fn render_panes(ctx: &Ctx, l: &ScreenLayout, buf: &mut Buffer) {
    let app = ctx.app;
    let theme = ctx.theme;
    panes::Header {
        ctx,
        hex: l.hex,
        text: l.text,
        typed: l.typed,
    }
    .render(l.header, buf);
    Offsets(ctx).render(l.offsets, buf);
    for rect in [l.hex, l.text, l.typed].into_iter().flatten() {
        // A separator column before each pane.
        for y in rect.y..rect.y + rect.height {
            panes::put_char(buf, rect.x - 1, y, '│', theme.separator());
        }
    }
    if let Some(r) = l.hex {
        HexPane(ctx).render(r, buf);
    }
    if let Some(r) = l.text {
        TextPane(ctx).render(r, buf);
    }
    if let Some(r) = l.typed {
        TypedPane(ctx).render(r, buf);
    }
    if let Some(r) = l.entropy {
        entropy::render_strip(app, r, theme, buf);
    }
    if let Some(r) = l.lesson {
        lesson::LessonPanel(ctx).render(r, buf);
    }
    if let Some(r) = l.structure {
        structure::StructurePanel(ctx).render(r, buf);
    }
    if let Some(r) = l.inspector {
        match app.view.bottom {
            BottomPanel::Inspector => inspector::Inspector(ctx).render(r, buf),
            BottomPanel::Explain => explain::Explain(ctx).render(r, buf),
            BottomPanel::Code => explain::Code(ctx).render(r, buf),
        }
    }
    status::StatusLine(ctx).render(l.status, buf);
}
