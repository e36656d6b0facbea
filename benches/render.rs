//! The cost of one frame: `ui::prepare` + `ui::render` through a ratatui
//! `Terminal` on a `TestBackend` (so ratatui's diff and the backend's writes
//! count too), for a 1 MiB document with edits, the cursor mid-file.
//!
//! - `keypress`: the cursor moves one byte each frame, as when a key is
//!   held: the panes' cursor cells, the inspector and the status change.
//! - `full redraw`: the back buffer is reset each frame, so every cell is
//!   compared and written (the first frame, or after a resize).
//! - `render only`: `prepare` + `render` into a bare `Buffer`, without the
//!   terminal, to tell the editor's drawing from ratatui's diff.
//!
//! Run with `cargo bench --bench render`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hexbuf::app::state::{App, AppOptions};
use hexbuf::core::document::Document;
use hexbuf::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const MIB: u64 = 1 << 20;

/// A 1 MiB document of mixed bytes (every byte class) with scattered edits
/// and a run of edits around the middle, the cursor at the middle.
fn app() -> App {
    let bytes: Vec<u8> = (0..MIB)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut doc = Document::from_bytes(bytes);
    // A thousand small edits across the file: a deeper piece tree.
    for k in 0..1000u64 {
        let at = k * (MIB / 1000) + 7;
        doc.overwrite(at, &[0xab, 0xcd]).unwrap();
        doc.commit();
    }
    // Edits on screen around the cursor: overwrites and an insert.
    let mid = MIB / 2;
    doc.overwrite(mid - 40, b"Robin").unwrap();
    doc.overwrite(mid + 3, &[0, 0, 0, 0]).unwrap();
    doc.insert(mid + 100, b"inserted").unwrap();
    doc.commit();
    let mut app = App::new(
        doc,
        AppOptions {
            color: true,
            ..AppOptions::default()
        },
    );
    app.ed.set_cursor(mid);
    app
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &mut App) {
    terminal
        .draw(|frame| {
            let area = frame.area();
            let l = ui::prepare(app, area);
            ui::render(app, &l, area, frame.buffer_mut());
        })
        .unwrap();
}

/// Moves the cursor one byte right, within 256 bytes of the middle.
fn step(app: &mut App) {
    let mid = MIB / 2;
    app.ed.set_cursor(mid + (app.ed.cursor() - mid + 1) % 256);
    app.scroll_to_cursor();
}

fn frames(c: &mut Criterion) {
    for (w, h) in [(200u16, 60u16), (120, 36)] {
        let mut app = app();
        let l = ui::prepare(&mut app, Rect::new(0, 0, w, h));
        assert!(
            l.hex.is_some() && l.text.is_some() && l.typed.is_some() && l.inspector.is_some(),
            "every pane is drawn at {w}x{h}"
        );
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        draw(&mut terminal, &mut app);
        c.bench_function(&format!("frame {w}x{h} keypress"), |b| {
            b.iter(|| {
                step(&mut app);
                draw(&mut terminal, &mut app);
            })
        });
        c.bench_function(&format!("frame {w}x{h} full redraw"), |b| {
            b.iter(|| {
                step(&mut app);
                terminal.clear().unwrap();
                draw(&mut terminal, &mut app);
            })
        });
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        c.bench_function(&format!("frame {w}x{h} render only"), |b| {
            b.iter(|| {
                step(&mut app);
                buf.reset();
                let l = ui::prepare(&mut app, area);
                ui::render(&app, &l, area, &mut buf);
                black_box(&buf);
            })
        });
    }
}

criterion_group!(benches, frames);
criterion_main!(benches);
