//! Items 5, 8, 9 and 11–17: what a learner meets, key by key.

use std::fs;

use crate::{app_with, bytes, palette};
use hexbuf::app::action::Action;
use hexbuf::app::keymap::KeymapKind;
use hexbuf::app::lesson::builtin;
use hexbuf::app::state::{App, AppOptions, Confirm, Overlay};
use hexbuf::core::document::Document;
use hexbuf::core::source::{OpenOptions, Source};
use hexbuf::core::typed::ElemKind;

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

/// Item 5: Ctrl+C in the typed pane copies the pane's typed array.
#[test]
fn copy_in_the_typed_pane_is_the_panes_typed_array() {
    let mut app = app_with(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    app.feed("Tab Tab A-3 S-Right C-c");
    let text = app.take_clipboard().unwrap();
    assert_eq!(text, "new Uint16Array([513, 1027])");
    assert!(
        message(&app).contains("as JS Uint16Array"),
        "{}",
        message(&app)
    );
    assert!(
        message(&app).contains("copied 4 bytes"),
        "{}",
        message(&app)
    );
    // Big-endian: the values as shown, and how to get these bytes.
    app.feed("F6 C-c");
    let text = app.take_clipboard().unwrap();
    assert!(text.starts_with("new Uint16Array([258, 772])"), "{text}");
    assert!(
        text.contains("view.setUint16(offset, value, false)"),
        "{text}"
    );
    // The hex pane still copies hex.
    app.feed("Esc Tab C-c");
    assert_eq!(app.take_clipboard().unwrap(), "03 04");
}

/// Item 8: modified means "differs from the file".
#[test]
fn reverting_the_only_change_leaves_the_buffer_unmodified() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.bin");
    fs::write(&path, b"Robin\0\0\0").unwrap();
    let doc = Document::new(Source::open(&path, OpenOptions::default()).unwrap());
    let mut app = App::new(doc, AppOptions::default());
    app.feed("4 1");
    assert!(app.is_modified());
    app.feed("A-d r Esc");
    assert_eq!(bytes(&app), b"Robin\0\0\0");
    assert!(!app.is_modified(), "the buffer equals the file again");
    // Typing the byte that was there is no change either.
    app.feed("C-Home 5 2");
    assert!(!app.is_modified());
    app.feed("C-q");
    assert!(app.quit_requested(), "nothing to ask about");
}

/// Item 9: a --new buffer is marked, and quitting it unsaved asks.
#[test]
fn a_new_buffer_is_marked_and_quitting_it_asks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.bin");
    let source = Source::zeroed(8, Some(path.clone())).unwrap();
    let mut app = App::new(Document::new(source), AppOptions::default());
    assert!(app.is_new_buffer());
    app.feed("C-q");
    assert_eq!(app.overlay, Overlay::Confirm(Confirm::QuitUnsaved));
    assert!(!app.quit_requested());
    app.feed("s");
    assert_eq!(fs::read(&path).unwrap(), [0; 8], "s creates the file");
    assert!(!app.is_new_buffer());
    assert!(app.quit_requested());
}

/// Item 11: a refused digit never leaves the byte stuck.
#[test]
fn a_refused_decimal_digit_ends_the_number_and_the_next_starts_anew() {
    let mut app = app_with(&[0, 0, 0]);
    palette(&mut app, "decimal");
    app.feed("2 9 9");
    assert_eq!(bytes(&app), [29, 0, 0]);
    let msg = message(&app);
    assert!(
        msg.contains("keeps 29") && msg.contains("new number"),
        "{msg}"
    );
    assert_eq!(app.ed.cursor(), 1);
    app.feed("1 2 7");
    assert_eq!(
        bytes(&app),
        [29, 127, 0],
        "the next digits are a new number"
    );
    // Esc drops a half-typed number.
    app.feed("4 Esc 9");
    assert_eq!(bytes(&app), [29, 127, 9]);
    assert_eq!(app.ed.digit(), 1);
}

/// Item 12: Save As's suggestion is replaced by what is typed.
#[test]
fn typing_in_save_as_replaces_the_suggested_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ins-link.bin");
    fs::write(&path, b"ab").unwrap();
    let doc = Document::new(Source::open(&path, OpenOptions::default()).unwrap());
    let mut app = App::new(doc, AppOptions::default());
    app.feed("A-s");
    let target = dir.path().join("saveas.bin");
    for c in target.to_str().unwrap().chars() {
        app.handle(Action::Key(hexbuf::app::key::Key::new(
            hexbuf::app::key::KeyCode::Char(c),
        )));
    }
    let Overlay::Prompt { input, .. } = &app.overlay else {
        panic!("no prompt");
    };
    assert_eq!(input.text(), target.to_str().unwrap());
    app.feed("Enter");
    assert_eq!(fs::read(&target).unwrap(), b"ab");
}

/// Item 13: replace in overwrite mode never changes the length.
#[test]
fn replace_with_another_length_in_overwrite_mode_is_refused_and_says_why() {
    let mut app = app_with(b"cat cat");
    app.feed("Tab C-r");
    app.handle(Action::Paste("cat".into()));
    app.feed("Enter");
    app.handle(Action::Paste("lion".into()));
    app.feed("Enter");
    app.run_job_now();
    assert_eq!(bytes(&app), b"cat cat");
    assert!(message(&app).contains("insert mode"), "{}", message(&app));
    // Same length: replaced, and the summary says the size is unchanged.
    app.feed("C-r");
    app.handle(Action::Paste("cat".into()));
    app.feed("Enter");
    app.handle(Action::Paste("dog".into()));
    app.feed("Enter");
    app.run_job_now();
    app.feed("a");
    app.run_job_now();
    assert_eq!(bytes(&app), b"dog dog");
    assert!(
        message(&app).contains("size is unchanged"),
        "{}",
        message(&app)
    );
}

/// Item 14: vi's x deletes in normal mode from the start.
#[test]
fn vi_x_deletes_in_normal_mode_without_pressing_i_first() {
    let opts = AppOptions {
        keymap: KeymapKind::Vi,
        ..AppOptions::default()
    };
    let mut app = App::new(Document::from_bytes(b"abcd".to_vec()), opts);
    assert!(app.vi_normal);
    app.feed("x");
    assert_eq!(bytes(&app), b"bcd");
    app.feed("l X");
    assert_eq!(bytes(&app), b"cd");
    app.feed("R Esc x");
    assert_eq!(bytes(&app), b"d", "after R too");
}

/// Item 15: the screen's type names, and singular counts.
#[test]
fn messages_name_types_as_the_screen_does_and_count_in_good_grammar() {
    let mut app = app_with(&[0; 8]);
    app.feed("Tab Tab 3 0 0 Enter");
    let msg = message(&app);
    assert!(msg.contains("out of range for Uint8"), "{msg}");
    assert!(!msg.contains("u8"), "{msg}");
    app.feed("A-6 1 . 5 Enter");
    let msg = message(&app);
    assert!(msg.contains("Int32 LE holds whole numbers"), "{msg}");
    app.feed("A-1 Tab Tab C-c");
    assert!(
        message(&app).contains("copied 1 byte as"),
        "{}",
        message(&app)
    );
    assert!(!message(&app).contains("1 bytes"));
}

/// Item 16: rows stay powers of two; Float64 has Alt+0.
#[test]
fn more_bytes_per_row_doubles_and_alt_0_picks_float64() {
    let mut app = app_with(&[0; 64]);
    app.set_geometry(hexbuf::app::state::Geometry {
        bytes_per_row: 16,
        rows: 8,
    });
    app.feed("A-=");
    assert_eq!(app.view.fixed_bytes_per_row, Some(32));
    app.set_geometry(hexbuf::app::state::Geometry {
        bytes_per_row: 24,
        rows: 8,
    });
    app.feed("A-=");
    assert_eq!(app.view.fixed_bytes_per_row, Some(32));
    app.feed("A--");
    assert_eq!(app.view.fixed_bytes_per_row, Some(16));
    app.feed("A-0");
    assert_eq!(app.view.elem.kind, ElemKind::F64);
    app.feed("A-Backspace");
    assert_eq!(app.view.fixed_bytes_per_row, None);
}

/// Item 17: leaving a finished lesson asks nothing.
#[test]
fn quitting_a_finished_lesson_asks_nothing() {
    let mut app = app_with(&[]);
    app.start_lesson(builtin(), 2);
    app.feed("F7 1 0 1 0 1 0 1 0");
    assert!(app.lesson.as_ref().unwrap().finished());
    app.feed("C-q");
    assert!(app.quit_requested());
    // An unfinished one still asks about its edits.
    let mut app = app_with(&[]);
    app.start_lesson(builtin(), 2);
    app.feed("1");
    app.feed("C-q");
    assert_eq!(app.overlay, Overlay::Confirm(Confirm::QuitUnsaved));
}

/// Item 13: replacing match by match in insert mode says the size change
/// at the end.
#[test]
fn replacing_one_by_one_sums_up_the_size_change() {
    let mut app = app_with(b"cat cat");
    app.feed("Tab Insert C-r");
    app.handle(Action::Paste("cat".into()));
    app.feed("Enter");
    app.handle(Action::Paste("lion".into()));
    app.feed("Enter y y");
    assert_eq!(bytes(&app), b"lion lion");
    let msg = message(&app);
    assert!(msg.contains("no more matches"), "{msg}");
    assert!(msg.contains("grew by 2 bytes (0x7 → 0x9)"), "{msg}");
}
