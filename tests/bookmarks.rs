//! App-level tests of named bookmarks, follow pointer with its back stack,
//! go-to expressions and the typed pane's base offset: keys fed to the
//! editor state, the document and the cursor checked against values
//! computed here from the bytes.

use hexbuf::app::action::Action;
use hexbuf::app::command::Cmd;
use hexbuf::app::state::{App, AppOptions, MessageKind, Overlay, Panel};
use hexbuf::core::bookmarks::from_json;
use hexbuf::core::document::Document;
use hexbuf::core::typed::{ElemKind, ElemType, Endian};

fn app_with(bytes: &[u8]) -> App {
    App::new(Document::from_bytes(bytes.to_vec()), AppOptions::default())
}

/// Types `text` into the prompt on screen and presses Enter.
fn answer(app: &mut App, text: &str) {
    app.handle(Action::Paste(text.into()));
    app.feed("Enter");
}

fn goto(app: &mut App, text: &str) {
    app.feed("C-g");
    answer(app, text);
}

fn message(app: &App) -> (MessageKind, String) {
    let m = app.message.clone().expect("a message");
    (m.kind, m.text)
}

/// A chain of little-endian u32 pointers: 0x0 → 0x10 → 0x20 → 0x8.
fn chain() -> Vec<u8> {
    let mut b = vec![0u8; 0x30];
    for (at, to) in [(0x0usize, 0x10u32), (0x10, 0x20), (0x20, 0x8)] {
        b[at..at + 4].copy_from_slice(&to.to_le_bytes());
    }
    b[0x8..0xc].copy_from_slice(&0xdead_beefu32.to_le_bytes());
    b
}

mod follow_pointer {
    use super::*;

    #[test]
    fn follows_a_chain_and_jumps_back_through_it() {
        let mut app = app_with(&chain());
        app.feed("A-5 Tab Tab");
        let mut seen = vec![app.ed.cursor()];
        for _ in 0..3 {
            app.feed("A-j");
            seen.push(app.ed.cursor());
        }
        assert_eq!(seen, [0x0, 0x10, 0x20, 0x8]);
        for want in [0x20, 0x10, 0x0] {
            app.feed("A-o");
            assert_eq!(app.ed.cursor(), want);
        }
        app.feed("A-o");
        assert_eq!(app.ed.cursor(), 0, "an empty stack stays");
        assert!(message(&app).1.contains("nothing to jump back"));
    }

    #[test]
    fn an_out_of_range_target_says_so_and_does_not_move() {
        let mut app = app_with(&chain());
        app.feed("A-5");
        goto(&mut app, "8");
        app.feed("A-j");
        assert_eq!(app.ed.cursor(), 8);
        let (kind, text) = message(&app);
        assert_eq!(kind, MessageKind::Error);
        assert!(
            text.contains("0xdeadbeef") && text.contains("outside the file"),
            "{text}"
        );
        assert!(app.back_stack.is_empty());
    }

    #[test]
    fn floats_are_refused_and_uint8_reads_one_byte() {
        let mut app = app_with(&chain());
        app.feed("A-9 A-j");
        assert_eq!(app.ed.cursor(), 0);
        let (kind, text) = message(&app);
        assert_eq!(kind, MessageKind::Error);
        assert!(
            text.contains("integers") && text.contains("Float32"),
            "{text}"
        );
        // As Uint8 the byte at 0 is 0x10.
        app.feed("A-1 A-j");
        assert_eq!(app.ed.cursor(), 0x10);
    }

    #[test]
    fn palette_types_read_big_endian_and_64_bit() {
        let mut b = vec![0u8; 0x40];
        b[0..4].copy_from_slice(&0x30u32.to_be_bytes());
        b[0x30..0x38].copy_from_slice(&0x3au64.to_le_bytes());
        let mut app = app_with(&b);
        app.run(Cmd::FollowPointer(Some(ElemType::new(
            ElemKind::U32,
            Endian::Big,
        ))));
        assert_eq!(app.ed.cursor(), 0x30);
        app.run(Cmd::FollowPointer(Some(ElemType::new(
            ElemKind::U64,
            Endian::Little,
        ))));
        assert_eq!(app.ed.cursor(), 0x3a);
        // From the palette: the u32 BE at 0x3a is 0 (zero bytes).
        app.feed("C-p");
        answer(&mut app, "follow pointer u32be");
        assert_eq!(app.ed.cursor(), 0);
        let mut back = Vec::new();
        for _ in 0..3 {
            app.feed("A-o");
            back.push(app.ed.cursor());
        }
        assert_eq!(back, [0x3a, 0x30, 0]);
    }
}

mod goto_expressions {
    use super::*;

    #[test]
    fn arithmetic_names_and_bookmarks() {
        let mut app = app_with(&[0u8; 0x400]);
        goto(&mut app, "0x100 + 4*3");
        assert_eq!(app.ed.cursor(), 0x10c);
        goto(&mut app, "cursor + 16");
        assert_eq!(app.ed.cursor(), 0x11c);
        goto(&mut app, "end - 0x20");
        assert_eq!(app.ed.cursor(), 0x3ff - 0x20);
        app.feed("A-b");
        answer(&mut app, "table");
        goto(&mut app, "0");
        goto(&mut app, "(table + 0x10) / 2");
        assert_eq!(app.ed.cursor(), (0x3df + 0x10) / 2);
        app.feed("A-m");
        goto(&mut app, "mark1 - 1");
        assert_eq!(app.ed.cursor(), (0x3df + 0x10) / 2 - 1);
    }

    #[test]
    fn a_bad_expression_is_one_line_naming_the_problem() {
        let mut app = app_with(&[0u8; 0x100]);
        goto(&mut app, "0x10");
        for (text, says) in [
            (
                "cursor + nope",
                "no bookmark, mark or variable named 'nope'",
            ),
            ("(cursor + 2", "never closed"),
            ("cursor / 0", "division by zero"),
            ("cursor - 0x20", "below 0"),
            ("cursor * 0x100", "past the end"),
            ("cursor + 1 1", "unexpected '1'"),
        ] {
            goto(&mut app, text);
            let (kind, msg) = message(&app);
            assert_eq!(kind, MessageKind::Error, "{text}");
            assert!(msg.contains(says) && !msg.contains('\n'), "{text}: {msg}");
            assert_eq!(app.ed.cursor(), 0x10, "{text} does not move");
        }
    }
}

mod bookmarks {
    use super::*;

    #[test]
    fn regions_follow_inserts_and_the_list_renames_and_deletes() {
        let mut app = app_with(b"0123456789abcdef");
        goto(&mut app, "4");
        app.feed("S-Right S-Right S-Right A-b");
        answer(&mut app, "mid; magenta; four bytes");
        let b = &app.ed.bookmarks()[0];
        assert_eq!((b.offset, b.len, b.color_name()), (4, 4, "magenta"));
        // Insert two bytes before it: it moves on with its bytes.
        app.feed("Esc C-Home Insert a b c d Insert");
        let b = &app.ed.bookmarks()[0];
        assert_eq!((b.offset, b.len), (6, 4));
        assert_eq!(app.ed.doc().read(6..10), b"4567");
        // Rename in the list: the colour and comment come along.
        app.feed("A-k");
        assert_eq!(
            app.overlay,
            Overlay::Panel(Panel::Bookmarks { selected: 0 })
        );
        app.feed("e");
        answer(&mut app, "middle");
        let b = &app.ed.bookmarks()[0];
        assert_eq!(
            (b.name.as_str(), b.color_name(), b.comment.as_str()),
            ("middle", "magenta", "four bytes")
        );
        assert_eq!(app.ed.bookmarks().len(), 1);
        app.feed("A-k d");
        assert!(app.ed.bookmarks().is_empty());
        assert_eq!(app.overlay, Overlay::None);
    }

    #[test]
    fn every_change_is_written_to_the_state_file_and_export_import_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state/b.json");
        let mut app = app_with(&[0u8; 64]);
        app.bookmark_file = Some(state.clone());
        goto(&mut app, "0x20");
        app.feed("A-b");
        answer(&mut app, "p; blue; a point");
        let saved = from_json(&std::fs::read_to_string(&state).unwrap(), &state).unwrap();
        assert_eq!(saved, app.ed.bookmarks());
        assert_eq!((saved[0].offset, saved[0].len), (0x20, 0));

        let export = dir.path().join("export.json");
        app.run(Cmd::ExportBookmarks);
        answer(&mut app, export.to_str().unwrap());
        assert!(message(&app).1.contains("wrote 1 bookmarks"));
        let mut other = app_with(&[0u8; 64]);
        other.run(Cmd::ImportBookmarks);
        answer(&mut other, export.to_str().unwrap());
        assert_eq!(other.ed.bookmarks(), app.ed.bookmarks());
        // A file that is not bookmarks: one line, nothing imported.
        std::fs::write(&export, "[1, 2]").unwrap();
        let mut third = app_with(&[0u8; 64]);
        third.run(Cmd::ImportBookmarks);
        answer(&mut third, export.to_str().unwrap());
        assert_eq!(message(&third).0, MessageKind::Error);
        assert!(third.ed.bookmarks().is_empty());
    }
}

mod typed_base {
    use super::*;

    #[test]
    fn a_value_typed_after_align_here_writes_the_shifted_element() {
        let mut app = app_with(&[0u8; 0x40]);
        app.feed("A-5");
        goto(&mut app, "0x21");
        app.feed("A-e");
        assert_eq!(app.view.elem_base, 0x21);
        // The cursor on 0x23, inside the element at 0x21.
        goto(&mut app, "0x23");
        app.feed("Tab Tab 1 2 3 4 5 6 7 Enter");
        let mut want = vec![0u8; 0x40];
        want[0x21..0x25].copy_from_slice(&1_234_567u32.to_le_bytes());
        assert_eq!(app.ed.doc().read(0..0x40), want);
        // The next element starts 4 on.
        assert_eq!(app.ed.cursor(), 0x25);
        app.feed("Right");
        assert_eq!(app.element_start(), 0x29);
        // Alt+E where the base already is resets it.
        goto(&mut app, "0x21");
        app.feed("A-e");
        assert_eq!(app.view.elem_base, 0);
        goto(&mut app, "0x23");
        assert_eq!(app.element_start(), 0x20);
    }
}

mod palette {
    use hexbuf::app::command::Cmd;
    use hexbuf::app::keymap::{Keymap, KeymapKind};
    use hexbuf::app::palette::rank_in;

    fn first(q: &str) -> Cmd {
        rank_in(q, &Keymap::new(KeymapKind::Default), false)[0].cmd
    }

    #[test]
    fn design_words_pick_bookmarks_and_follow_pointer_first() {
        assert_eq!(first("bookmarks"), Cmd::Bookmarks);
        assert_eq!(first("follow pointer"), Cmd::FollowPointer(None));
        assert_eq!(first("align elements here"), Cmd::AlignHere);
        assert_eq!(first("jump back"), Cmd::JumpBack);
    }
}

mod typed_base_edges {
    use super::*;

    #[test]
    fn in_the_hex_pane_a_pointer_is_read_at_the_cursor_not_the_element() {
        let mut b = vec![0u8; 0x40];
        b[0x22..0x26].copy_from_slice(&0x30u32.to_le_bytes());
        let mut app = app_with(&b);
        app.feed("A-5");
        goto(&mut app, "0x22");
        app.feed("A-j");
        assert_eq!(app.ed.cursor(), 0x30);
        // In the typed pane, aligned at 0x22, the element there is read.
        goto(&mut app, "0x22");
        app.feed("A-e Tab Tab Right A-j");
        assert_eq!(app.ed.cursor(), 0, "the element at 0x26 holds 0");
    }

    #[test]
    fn before_the_first_aligned_element_the_cursor_covers_the_short_run() {
        let mut app = app_with(&[0u8; 0x40]);
        app.feed("A-5");
        goto(&mut app, "0x23");
        app.feed("A-e C-Home");
        assert_eq!(app.cursor_span(), 0..3);
        goto(&mut app, "4");
        assert_eq!(app.cursor_span(), 3..7);
    }
}

mod typed_base_rows {
    use super::*;

    #[test]
    fn home_and_end_go_to_the_first_and_last_element_of_the_shifted_row() {
        let mut app = app_with(&[0u8; 0x40]);
        app.feed("A-5");
        goto(&mut app, "0x21");
        app.feed("A-e Tab Tab");
        let bpr = app.bytes_per_row();
        goto(&mut app, "0x29");
        app.feed("Home");
        assert_eq!(app.element_start(), 0x21);
        app.feed("End");
        assert_eq!(app.element_start(), 0x21 + bpr - 4);
    }
}

mod persistence_and_saving {
    use super::*;
    use hexbuf::core::source::{OpenOptions, Source};

    /// A bookmark moved by an insert is written with its new offset when
    /// the file is saved, so the next run finds it on the same bytes.
    #[test]
    fn saving_writes_the_bookmarks_as_they_now_are() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.bin");
        std::fs::write(&path, b"0123456789").unwrap();
        let state = dir.path().join("b.json");
        let source = Source::open(&path, OpenOptions::default()).unwrap();
        let mut app = App::new(Document::new(source), AppOptions::default());
        app.bookmark_file = Some(state.clone());
        goto(&mut app, "5");
        app.feed("A-b");
        answer(&mut app, "five");
        app.feed("C-Home Insert 4 1 4 2 Insert");
        let read = || from_json(&std::fs::read_to_string(&state).unwrap(), &state).unwrap();
        assert_eq!(read()[0].offset, 5, "not yet saved");
        app.feed("C-s");
        assert_eq!(std::fs::read(&path).unwrap(), b"AB0123456789");
        assert_eq!(read()[0].offset, 7);
        assert_eq!(std::fs::read(&path).unwrap()[7], b'5');
    }
}
