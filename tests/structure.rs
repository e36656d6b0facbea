//! The structure panel in the editor: a PNG built here (signature, IHDR with
//! its CRC, IEND) opened with no flags, its spec found by magic; the tree's
//! values, sync between the tree and the cursor both ways, editing fields
//! from the tree (bytes on disk after Ctrl+S, encoded here independently),
//! parse errors at their node, and the panel drawn at 80×24 and 120×36.

use std::fs;
use std::path::{Path, PathBuf};

use hexbuf::app::state::{App, AppOptions, Overlay};
use hexbuf::app::structure::RowKind;
use hexbuf::cli::args::EditorArgs;
use hexbuf::core::document::Document;
use hexbuf::core::source::{OpenOptions, Source};
use hexbuf::editor::attach_structure;
use hexbuf::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// `insta::assert_snapshot!` against tests/snapshots/structure__screen__NAME.snap.
macro_rules! snapshot {
    ($name:literal, $value:expr) => {{
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
        settings.bind(|| insta::assert_snapshot!(concat!("structure__screen__", $name), $value));
    }};
}

/// A PNG chunk: length, type, data, CRC-32 of type and data.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut h = crc32fast::Hasher::new();
    h.update(kind);
    h.update(data);
    out.extend_from_slice(&h.finalize().to_be_bytes());
    out
}

/// A 640×480 truecolour PNG header and IEND (no image data needed).
fn png() -> Vec<u8> {
    let mut ihdr = 640u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&480u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// Offsets in the PNG above.
const WIDTH_AT: u64 = 16;
const COLOR_TYPE_AT: usize = 25;

/// The editor on `bytes` written to a file named `name` (an extension
/// that says nothing, so only the magic can pick the spec).
fn open(dir: &Path, name: &str, bytes: &[u8]) -> (App, PathBuf) {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    let source = Source::open(&path, OpenOptions::default()).unwrap();
    let opts = AppOptions {
        color: true,
        ..AppOptions::default()
    };
    let mut app = App::new(Document::new(source), opts);
    let args = EditorArgs {
        file: Some(path.clone()),
        ..EditorArgs::default()
    };
    attach_structure(&mut app, &args);
    (app, path)
}

/// The editor on `bytes` with the spec `ksy` (written beside them) given
/// as --ksy.
fn open_with_spec(dir: &Path, ksy: &str, bytes: &[u8]) -> (App, PathBuf) {
    let spec = dir.join("spec.ksy");
    fs::write(&spec, ksy).unwrap();
    let path = dir.join("f.bin");
    fs::write(&path, bytes).unwrap();
    let source = Source::open(&path, OpenOptions::default()).unwrap();
    let mut app = App::new(Document::new(source), AppOptions::default());
    let args = EditorArgs {
        file: Some(path.clone()),
        ksy: Some(spec),
        ..EditorArgs::default()
    };
    attach_structure(&mut app, &args);
    (app, path)
}

fn selected_path(app: &App) -> String {
    let s = app.structure.as_ref().unwrap();
    s.selected_row().unwrap().path.clone()
}

fn row_value(app: &App, path: &str) -> String {
    let s = app.structure.as_ref().unwrap();
    let row = s.rows.iter().find(|r| r.path == path);
    row.unwrap_or_else(|| panic!("no row {path}")).value.clone()
}

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| {
        let area = f.area();
        let l = ui::prepare(app, area);
        ui::render(app, &l, area, f.buffer_mut());
    })
    .unwrap();
    term.backend().buffer().clone()
}

fn lines(buf: &Buffer) -> Vec<String> {
    let a = buf.area;
    (0..a.height)
        .map(|y| {
            (0..a.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

#[path = "structure/big.rs"]
mod big;
#[path = "structure/edit.rs"]
mod edit;
#[path = "structure/elf.rs"]
mod elf;
#[path = "structure/hostile.rs"]
mod hostile;
#[path = "structure/robust.rs"]
mod robust;
#[path = "structure/screen.rs"]
mod screen;
#[path = "structure/sync.rs"]
mod sync;
#[path = "structure/tree.rs"]
mod tree;
