//! Rendered-screen tests: the editor drawn into ratatui's TestBackend and
//! compared with insta snapshots (tests/snapshots/). Review changes with
//! `cargo insta review` or `INSTA_UPDATE=always cargo test --test screens`.
//! Each test also asserts what its name promises, read back from the drawn
//! cells (text and modifiers) and checked against bytes decoded in the test,
//! so a snapshot accepted by mistake cannot hide a wrong screen.

#[path = "screens/bookmarks.rs"]
mod bookmarks;
#[path = "screens/compare.rs"]
mod compare;
#[path = "screens/decodings.rs"]
mod decodings;
#[path = "screens/entropy.rs"]
mod entropy;
#[path = "screens/findall.rs"]
mod findall;
#[path = "screens/key_hints.rs"]
mod key_hints;
#[path = "screens/layout.rs"]
mod layout;
#[path = "screens/oracle.rs"]
mod oracle;
#[path = "screens/overlays.rs"]
mod overlays;
#[path = "screens/read.rs"]
mod read;
#[path = "screens/styles.rs"]
mod styles;
#[path = "screens/themes.rs"]
mod themes;
#[path = "screens/views.rs"]
mod views;

use hexbuf::app::state::{App, AppOptions};
use hexbuf::core::document::Document;
use hexbuf::editor::SAMPLE;
use hexbuf::ui;
use oracle::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use read::*;

/// `insta::assert_snapshot!` against tests/snapshots/screens__NAME.snap, the
/// name each snapshot had before the tests moved into modules.
macro_rules! snapshot {
    ($name:ident, $value:expr) => {{
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
        settings.bind(|| insta::assert_snapshot!(concat!("screens__", stringify!($name)), $value));
    }};
}
use snapshot;

/// One frame of the app, drawn as the event loop draws it.
fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(width, height)).unwrap();
    term.draw(|f| {
        let area = f.area();
        let l = ui::prepare(app, area);
        ui::render(app, &l, area, f.buffer_mut());
    })
    .unwrap();
    term.backend().buffer().clone()
}

/// The screen as text, one line per row, trailing spaces trimmed.
fn screen(app: &mut App, width: u16, height: u16) -> String {
    text(&draw(app, width, height))
}

/// A drawn buffer as text, one line per row, trailing spaces trimmed.
fn text(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| format!("{}\n", row(buf, y).trim_end()))
        .collect()
}

/// Bytes as the hex pane writes them.
fn hex(bytes: &[u8]) -> Vec<String> {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes as the Uint8 typed pane writes them.
fn decimal(bytes: &[u8]) -> Vec<String> {
    bytes.iter().map(|b| b.to_string()).collect()
}

fn app_with(bytes: &[u8]) -> App {
    let opts = AppOptions {
        color: false,
        ..AppOptions::default()
    };
    App::new(Document::from_bytes(bytes.to_vec()), opts)
}

fn sample() -> App {
    let opts = AppOptions {
        color: false,
        title: Some("[sample]".into()),
        ..AppOptions::default()
    };
    App::new(Document::from_bytes(SAMPLE.to_vec()), opts)
}

/// The message line (last row) and the status line above it.
fn bottom_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len() - 2..].join("\n")
}

/// The first rows of a screen (the panes), for compact snapshots.
fn top_lines(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join("\n")
}
