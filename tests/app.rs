//! App-level tests: keys fed to the editor state, the document checked.
//! No terminal is involved; keys are written as strings like `"C-s"`.

use std::fs;

use hexbuf::app::action::Action;
use hexbuf::app::keymap::KeymapKind;
use hexbuf::app::state::{App, AppOptions, Confirm, EditMode, Overlay, Pane};
use hexbuf::core::document::Document;
use hexbuf::core::source::{OpenOptions, Source};

fn app_with(bytes: &[u8]) -> App {
    App::new(Document::from_bytes(bytes.to_vec()), AppOptions::default())
}

fn bytes(app: &App) -> Vec<u8> {
    app.ed.doc().read(0..app.ed.doc().len())
}

mod exercises {
    use super::*;

    #[test]
    fn robin_typed_as_hex_in_an_8_byte_buffer_is_saved_to_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("buffer-content.txt");
        let source = Source::zeroed(8, Some(path.clone())).unwrap();
        let mut app = App::new(Document::new(source), AppOptions::default());
        app.feed("5 2 6 f 6 2 6 9 6 e");
        assert_eq!(bytes(&app), b"Robin\0\0\0");
        assert_eq!(app.ed.cursor(), 5);
        app.feed("C-s");
        assert!(!app.ed.doc().is_modified());
        assert_eq!(fs::read(&path).unwrap(), b"Robin\0\0\0");
    }

    #[test]
    fn hi_from_72_and_105_typed_into_the_typed_pane() {
        let mut app = app_with(&[0, 0]);
        app.feed("Tab Tab");
        assert_eq!(app.focus, Pane::Typed);
        app.feed("7 2 Enter 1 0 5 Enter");
        assert_eq!(bytes(&app), b"Hi");
    }

    #[test]
    fn the_typed_panes_accept_key_with_nothing_typed_says_what_to_do() {
        let mut app = app_with(&[0, 0]);
        app.feed("Tab Tab Enter");
        assert_eq!(bytes(&app), [0, 0], "nothing written");
        let said = &app.message.as_ref().expect("a message").text;
        assert_eq!(said, "type a number first, then Enter");
    }

    #[test]
    fn text_pane_typing_writes_utf8_and_advances() {
        let mut app = app_with(&[0; 6]);
        app.feed("Tab x y €");
        assert_eq!(bytes(&app), b"xy\xe2\x82\xac\0");
        assert_eq!(app.ed.cursor(), 5);
    }

    #[test]
    fn typing_xyz_in_the_text_pane_undoes_in_one_step() {
        let mut app = app_with(b"abcdef");
        app.feed("Tab x y z");
        assert_eq!(bytes(&app), b"xyzdef");
        app.feed("C-z");
        assert_eq!(bytes(&app), b"abcdef");
        assert_eq!(app.ed.cursor(), 0, "undo returns the cursor to the edit");
        app.feed("C-y");
        assert_eq!(bytes(&app), b"xyzdef");
    }
}

mod editing {
    use super::*;

    #[test]
    fn hex_digits_fill_high_then_low_nibble() {
        let mut app = app_with(&[0xff, 0xff]);
        app.feed("a");
        assert_eq!(bytes(&app), [0xaf, 0xff]);
        assert_eq!(app.ed.cursor(), 0);
        app.feed("b");
        assert_eq!(bytes(&app), [0xab, 0xff]);
        assert_eq!(app.ed.cursor(), 1);
    }

    #[test]
    fn non_hex_character_in_hex_pane_is_refused_with_a_message() {
        let mut app = app_with(&[0]);
        app.feed("z");
        assert_eq!(bytes(&app), [0]);
        assert!(app.message.as_ref().unwrap().text.contains("hex digit"));
    }

    #[test]
    fn typing_past_the_end_appends() {
        let mut app = app_with(b"A");
        app.feed("Right 4 2 4 3");
        assert_eq!(bytes(&app), b"ABC");
    }

    #[test]
    fn insert_mode_inserts_and_deletes_bytes() {
        let mut app = app_with(b"ac");
        app.feed("Right Insert 6 2");
        assert_eq!(app.mode, EditMode::Insert);
        assert_eq!(bytes(&app), b"abc");
        app.feed("Backspace");
        assert_eq!(bytes(&app), b"ac");
        app.feed("Delete");
        assert_eq!(bytes(&app), b"a");
        app.feed("Tab Home X Y");
        assert_eq!(bytes(&app), b"XYa");
    }

    #[test]
    fn delete_in_overwrite_mode_changes_nothing_and_says_why() {
        let mut app = app_with(b"ab");
        app.feed("Delete");
        assert_eq!(bytes(&app), b"ab");
        assert!(app.message.as_ref().unwrap().text.contains("insert mode"));
    }

    #[test]
    fn typed_value_out_of_range_writes_nothing() {
        let mut app = app_with(&[0, 0]);
        app.feed("Tab Tab 3 0 0 Enter");
        assert_eq!(bytes(&app), [0, 0]);
        let msg = &app.message.as_ref().unwrap().text;
        assert!(msg.contains("out of range"), "{msg}");
    }

    #[test]
    fn typed_entry_escape_cancels() {
        let mut app = app_with(&[0, 0]);
        app.feed("Tab Tab 9 Esc");
        assert_eq!(bytes(&app), [0, 0]);
        assert!(app.typed_entry.is_none());
    }

    #[test]
    fn typed_values_respect_element_type_and_endianness() {
        let mut app = app_with(&[0; 8]);
        app.feed("Tab Tab F5 F5 F5");
        assert_eq!(app.view.elem.name(), "i16le");
        app.feed("- 2 Enter 2 5 6 Enter");
        assert_eq!(bytes(&app), [0xfe, 0xff, 0x00, 0x01, 0, 0, 0, 0]);
        assert_eq!(app.ed.cursor(), 4);
        app.feed("F6 5 1 3 Enter");
        assert_eq!(bytes(&app)[4..6], [0x02, 0x01]);
    }

    #[test]
    fn undo_and_redo_across_panes() {
        let mut app = app_with(&[0; 4]);
        app.feed("4 1");
        app.feed("Tab 2");
        app.feed("Tab 6 7 Enter");
        assert_eq!(bytes(&app), b"A2C\0");
        app.feed("C-z");
        assert_eq!(bytes(&app), b"A2\0\0");
        app.feed("C-z");
        assert_eq!(bytes(&app), b"A\0\0\0");
        app.feed("C-z");
        assert_eq!(bytes(&app), [0; 4]);
        app.feed("C-y C-y C-y");
        assert_eq!(bytes(&app), b"A2C\0");
    }

    #[test]
    fn readonly_refuses_edits() {
        let opts = AppOptions {
            readonly: true,
            ..AppOptions::default()
        };
        let mut app = App::new(Document::from_bytes(vec![0]), opts);
        app.feed("4 1 Tab x");
        assert_eq!(bytes(&app), [0]);
        assert!(app.message.as_ref().unwrap().text.contains("read-only"));
    }

    #[test]
    fn paste_in_hex_pane_parses_hex() {
        let mut app = app_with(&[0; 4]);
        app.handle(Action::Paste("de ad".into()));
        assert_eq!(bytes(&app), [0xde, 0xad, 0, 0]);
        app.feed("C-z");
        assert_eq!(bytes(&app), [0; 4]);
    }
}

mod moving {
    use super::*;
    use hexbuf::app::state::Geometry;

    fn sized(len: usize) -> App {
        let mut app = app_with(&vec![0; len]);
        app.set_geometry(Geometry {
            bytes_per_row: 16,
            rows: 10,
        });
        app
    }

    #[test]
    fn arrows_home_end_and_file_ends() {
        let mut app = sized(1000);
        app.feed("Right Right Down");
        assert_eq!(app.ed.cursor(), 18);
        app.feed("End");
        assert_eq!(app.ed.cursor(), 31);
        app.feed("Home");
        assert_eq!(app.ed.cursor(), 16);
        app.feed("C-End");
        assert_eq!(app.ed.cursor(), 999);
        assert!(app.visible_range().contains(&999));
        app.feed("C-Home");
        assert_eq!((app.ed.cursor(), app.top), (0, 0));
    }

    #[test]
    fn page_down_moves_a_screen_and_keeps_the_cursor_visible() {
        let mut app = sized(10_000);
        app.feed("PgDn");
        assert_eq!(app.ed.cursor(), 16 * 9);
        assert!(app.visible_range().contains(&app.ed.cursor()));
        app.feed("PgUp");
        assert_eq!(app.ed.cursor(), 0);
    }

    #[test]
    fn typed_pane_moves_by_element() {
        let mut app = sized(64);
        app.feed("Tab Tab A-7 Right");
        assert_eq!(app.view.elem.size(), 8);
        assert_eq!(app.ed.cursor(), 8);
        app.feed("Left");
        assert_eq!(app.ed.cursor(), 0);
    }

    #[test]
    fn click_focuses_the_pane_and_moves_the_cursor() {
        let mut app = sized(64);
        app.handle(Action::Click {
            pane: Pane::Text,
            offset: 20,
        });
        assert_eq!((app.focus, app.ed.cursor()), (Pane::Text, 20));
    }

    #[test]
    fn at_option_starts_with_the_cursor_there() {
        let opts = AppOptions {
            at: Some(0x30),
            ..AppOptions::default()
        };
        let app = App::new(Document::from_bytes(vec![0; 0x100]), opts);
        assert_eq!(app.ed.cursor(), 0x30);
    }
}

mod quitting_and_saving {
    use super::*;

    #[test]
    fn quit_with_unsaved_edits_asks_and_escape_stays() {
        let mut app = app_with(&[0]);
        app.feed("4 1 C-q");
        assert_eq!(app.overlay, Overlay::Confirm(Confirm::QuitUnsaved));
        assert!(!app.quit_requested());
        app.feed("Esc");
        assert!(!app.quit_requested());
        assert_eq!(app.overlay, Overlay::None);
        assert_eq!(bytes(&app), b"A");
        app.feed("C-q d");
        assert!(app.quit_requested());
    }

    #[test]
    fn quit_without_edits_quits_at_once() {
        let mut app = app_with(&[0]);
        app.feed("C-q");
        assert!(app.quit_requested());
    }

    #[test]
    fn quit_and_save_writes_then_quits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, [0u8; 2]).unwrap();
        let doc = Document::new(Source::open(&path, OpenOptions::default()).unwrap());
        let mut app = App::new(doc, AppOptions::default());
        app.feed("4 1 C-q s");
        assert!(app.quit_requested());
        assert_eq!(fs::read(&path).unwrap(), b"A\0");
    }

    #[test]
    fn buffer_without_a_file_asks_for_a_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        let mut app = app_with(&[0]);
        app.feed("4 1 C-s");
        assert!(matches!(app.overlay, Overlay::Prompt { .. }));
        // The prompt suggests nothing for a buffer without a name.
        app.handle(Action::Paste(path.to_str().unwrap().into()));
        app.feed("Enter");
        assert_eq!(fs::read(&path).unwrap(), b"A");
        assert!(!app.ed.doc().is_modified());
    }

    #[test]
    fn save_as_over_an_existing_file_asks_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exists.bin");
        fs::write(&path, b"old").unwrap();
        let mut app = app_with(b"new");
        app.feed("C-s");
        app.handle(Action::Paste(path.to_str().unwrap().into()));
        app.feed("Enter");
        assert!(matches!(
            app.overlay,
            Overlay::Confirm(Confirm::Overwrite { .. })
        ));
        app.feed("n");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        app.feed("C-s");
        app.handle(Action::Paste(path.to_str().unwrap().into()));
        app.feed("Enter y");
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn file_changed_on_disk_asks_before_overwriting() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, b"abc").unwrap();
        let doc = Document::new(Source::open(&path, OpenOptions::default()).unwrap());
        let mut app = App::new(doc, AppOptions::default());
        app.feed("4 1");
        let other = dir.path().join("g");
        fs::write(&other, b"xyz!").unwrap();
        fs::rename(&other, &path).unwrap();
        app.feed("C-s");
        assert!(matches!(
            app.overlay,
            Overlay::Confirm(Confirm::ForceSave { .. })
        ));
        app.feed("n");
        assert_eq!(fs::read(&path).unwrap(), b"xyz!");
        assert!(app.ed.doc().is_modified());
        app.feed("C-s y");
        assert_eq!(fs::read(&path).unwrap(), b"Abc");
    }
}

mod vi_keys {
    use super::*;

    #[test]
    fn normal_mode_moves_and_insert_mode_types() {
        let opts = AppOptions {
            keymap: KeymapKind::Vi,
            ..AppOptions::default()
        };
        let mut app = App::new(Document::from_bytes(vec![0; 4]), opts);
        app.feed("l l");
        assert_eq!(app.ed.cursor(), 2);
        assert_eq!(bytes(&app), [0; 4], "letters do not type in normal mode");
        app.feed("R 4 1 Esc h");
        assert_eq!(bytes(&app), [0, 0, 0x41, 0]);
        assert_eq!(app.ed.cursor(), 2);
        app.feed("u");
        assert_eq!(bytes(&app), [0; 4]);
    }
}

mod editor_model {
    use super::*;

    /// One nibble typed, a jump to a mark, another digit: the marked byte
    /// gets a new high nibble, and the first byte keeps its half-typed one.
    #[test]
    fn a_half_typed_byte_does_not_follow_a_jump_to_a_mark() {
        let mut app = app_with(&[0x11, 0x22, 0x33, 0x44]);
        app.feed("Right Right A-m Left Left");
        app.feed("a A-n b");
        assert_eq!(bytes(&app), [0xa1, 0x22, 0xb3, 0x44]);
        app.feed("C-g 0 Enter c");
        assert_eq!(bytes(&app), [0xc1, 0x22, 0xb3, 0x44]);
    }

    #[test]
    fn undo_takes_an_edits_javascript_away_and_redo_brings_it_back() {
        let mut app = app_with(&[0; 4]);
        app.feed("5 2 Right 6 9");
        let lines = app.ed.code_lines().to_vec();
        assert_eq!(lines, ["uint8Array[0] = 0x52;", "uint8Array[2] = 0x69;"]);
        app.feed("C-z");
        assert_eq!(app.ed.code_lines(), &lines[..1]);
        app.feed("C-y");
        assert_eq!(app.ed.code_lines(), lines);
    }

    #[test]
    fn a_delete_that_fails_logs_nothing() {
        let mut app = app_with(&[1, 2]);
        app.feed("Insert C-End Right Delete");
        assert_eq!(bytes(&app), [1, 2]);
        assert!(app.ed.code_lines().is_empty(), "{:?}", app.ed.code_lines());
    }
}
