//! Items 6, 7 and 10 on a drawn screen: what reaches the terminal for
//! separators and noncharacters, the status line's priorities at 80×24 and
//! 40×10, and a selection drawn exactly as it is.

use std::fs;

use hexbuf::app::state::{App, AppOptions};
use hexbuf::core::document::Document;
use hexbuf::core::source::{OpenOptions, Source};
use hexbuf::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

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

fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

fn no_color(bytes: &[u8]) -> App {
    let opts = AppOptions {
        color: false,
        ..AppOptions::default()
    };
    App::new(Document::from_bytes(bytes.to_vec()), opts)
}

/// A file with a real name, one edit made, the cursor on 0x1.
fn edited_file(dir: &std::path::Path) -> App {
    let path = dir.join("buffer-content.txt");
    fs::write(&path, b"Robin\0\0\0ab\xe2\x82\xac012345").unwrap();
    let doc = Document::new(Source::open(&path, OpenOptions::default()).unwrap());
    let mut app = App::new(
        doc,
        AppOptions {
            color: false,
            ..AppOptions::default()
        },
    );
    app.feed("4 1");
    app
}

#[test]
fn status_keeps_the_offset_and_f1_at_80x24_and_40x10() {
    let dir = tempfile::tempdir().unwrap();
    for (w, h) in [(80, 24), (40, 10)] {
        let mut app = edited_file(dir.path());
        let buf = draw(&mut app, w, h);
        let status = row(&buf, h - 2);
        assert!(status.contains("F1"), "{w}×{h}: {status}");
        assert!(
            status.contains("0x1"),
            "{w}×{h}: the cursor offset: {status}"
        );
        assert!(
            status.contains("[modified]") || status.contains("[+]"),
            "{w}×{h}: {status}"
        );
        if w == 80 {
            assert!(status.contains("F1 help"), "{status}");
            assert!(status.contains("0x1 (1) of"), "{status}");
        }
    }
}

#[test]
fn the_inspectors_first_line_is_never_cut_mid_word_at_80x24() {
    let mut app = no_color(b"\xe2\x82Robin");
    let buf = draw(&mut app, 80, 24);
    let y = (0..24)
        .find(|&y| row(&buf, y).contains("Inspector"))
        .unwrap()
        + 1;
    let line = row(&buf, y);
    let last = line.split_whitespace().last().unwrap();
    // The line ends with a whole reading, or with "…" after whole words.
    assert!(
        last.ends_with('…') || !line.trim_end().ends_with(char::is_alphabetic) || last == "2",
        "{line}"
    );
    assert!(line.trim_end().chars().count() < 80, "{line}");
}

#[test]
fn separators_and_noncharacters_never_reach_the_terminal() {
    let bytes = "A\u{2028}B\u{2029}C\u{fffe}\u{ffff}\u{fdd0}D".as_bytes();
    let mut app = no_color(bytes);
    app.feed("Tab Right F4");
    let buf = draw(&mut app, 100, 24);
    let screen: String = (0..24).map(|y| row(&buf, y) + "\n").collect();
    for c in ['\u{2028}', '\u{2029}', '\u{fffe}', '\u{ffff}', '\u{fdd0}'] {
        assert!(
            !screen.contains(c),
            "U+{:04X} drawn raw:\n{screen}",
            u32::from(c)
        );
    }
    // Each byte keeps its cell: the text pane's rows are one cell a byte.
    let rows: String = (0..24)
        .map(|y| row(&buf, y))
        .filter(|r| r.starts_with("000000"))
        .map(|r| r.split('│').nth(2).unwrap().trim().to_string())
        .collect();
    assert_eq!(rows, "A◌──B◌──C◌──◌──◌──D", "{screen}");
    // The explain panel names the character without drawing it.
    assert!(screen.contains("U+2028"), "{screen}");
}

#[test]
fn a_selection_of_six_bytes_is_drawn_as_six_and_hashed_as_six() {
    let mut app = no_color(b"Robin\0\0\0");
    app.feed("S-Right S-Right S-Right S-Right S-Right");
    assert_eq!(app.selection(), Some(0..6));
    let buf = draw(&mut app, 100, 24);
    let y = (0..24)
        .find(|&y| row(&buf, y).starts_with("00000000"))
        .unwrap();
    let line = row(&buf, y);
    // The hex pane's cells, two digits a byte: the first six reversed.
    let bars: Vec<u16> = (0..buf.area.width)
        .filter(|&x| buf[(x, y)].symbol() == "│")
        .collect();
    let digits: Vec<u16> = (bars[0] + 1..bars[1])
        .filter(|&x| buf[(x, y)].symbol() != " ")
        .collect();
    let reversed: Vec<bool> = digits
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .all(|&x| buf[(x, y)].modifier.contains(Modifier::REVERSED))
        })
        .collect();
    assert_eq!(
        reversed,
        [true, true, true, true, true, true, false, false],
        "{line}"
    );
    let status = row(&buf, 22);
    assert!(status.contains("(6 bytes)"), "{status}");
    app.feed("A-h");
    app.run_job_now();
    let buf = draw(&mut app, 100, 24);
    let screen: String = (0..24).map(|y| row(&buf, y) + "\n").collect();
    assert!(screen.contains("0x0–0x5 (6 bytes)"), "{screen}");
}

#[test]
fn a_new_buffer_says_new_until_saved_and_one_byte_is_one_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.bin");
    let source = Source::zeroed(1, Some(path.clone())).unwrap();
    let mut app = App::new(
        Document::new(source),
        AppOptions {
            color: false,
            ..AppOptions::default()
        },
    );
    let buf = draw(&mut app, 80, 24);
    let status = row(&buf, 22);
    assert!(status.contains("[new]"), "{status}");
    assert!(status.contains("(1 byte)"), "{status}");
    assert!(!status.contains("[modified]"), "{status}");
    app.feed("C-s");
    let buf = draw(&mut app, 80, 24);
    assert!(!row(&buf, 22).contains("[new]"), "{}", row(&buf, 22));
    assert!(
        row(&buf, 23).contains("1 byte written"),
        "{}",
        row(&buf, 23)
    );
    assert_eq!(fs::read(&path).unwrap(), [0]);
}

#[test]
fn a_decimal_number_being_typed_is_shown_as_typed() {
    let mut app = no_color(&[0, 0]);
    app.feed("C-p");
    app.handle(hexbuf::app::action::Action::Paste("decimal".into()));
    app.feed("Enter 2 9");
    let buf = draw(&mut app, 100, 24);
    let y = (0..24)
        .find(|&y| row(&buf, y).starts_with("00000000"))
        .unwrap();
    assert!(row(&buf, y).contains(" 29_ "), "{}", row(&buf, y));
    // Refused: the byte keeps 29 and the next byte waits for a new number.
    app.feed("9");
    let buf = draw(&mut app, 100, 24);
    let line = row(&buf, y);
    assert!(line.contains(" 29   0 "), "{line}");
    assert!(!line.contains('_'), "{line}");
}
