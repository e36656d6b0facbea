//! App-level tests of going places and moving bytes around: goto, find in
//! both directions with wrap-around, replace and replace-all with undo,
//! selection, copy formats, fill, export, hashes, the changes panel, marks
//! and the command palette.

use std::fs;

use hexbuf::app::action::Action;
use hexbuf::app::state::{App, AppOptions, Confirm, Geometry, Overlay, Panel};
use hexbuf::core::document::Document;

fn app_with(bytes: &[u8]) -> App {
    let mut app = App::new(Document::from_bytes(bytes.to_vec()), AppOptions::default());
    app.set_geometry(Geometry {
        bytes_per_row: 16,
        rows: 8,
    });
    app
}

fn bytes(app: &App) -> Vec<u8> {
    app.ed.doc().read(0..app.ed.doc().len())
}

/// Types text into whatever prompt is open.
fn type_text(app: &mut App, text: &str) {
    app.handle(Action::Paste(text.into()));
}

/// Feeds keys and runs whatever job they started, as the event loop does.
fn keys(app: &mut App, k: &str) {
    for key in hexbuf::app::key::Key::parse_seq(k) {
        app.handle_key(key);
        app.run_job_now();
    }
}

mod goto {
    use super::*;

    #[test]
    fn goto_hex_decimal_relative_percent_and_end() {
        let mut app = app_with(&[0; 0x2000]);
        keys(&mut app, "C-g");
        type_text(&mut app, "0x1000");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 0x1000);
        assert!(app.visible_range().contains(&0x1000));
        keys(&mut app, "C-g");
        type_text(&mut app, "-16");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 0x1000 - 16);
        keys(&mut app, "C-g");
        type_text(&mut app, "50%");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 0x1000);
        keys(&mut app, "C-g");
        type_text(&mut app, "end");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 0x1fff);
    }

    #[test]
    fn invalid_goto_keeps_the_cursor_and_says_why() {
        let mut app = app_with(&[0; 100]);
        keys(&mut app, "Right C-g");
        type_text(&mut app, "0x9999");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 1);
        assert!(app.message.as_ref().unwrap().text.contains("past the end"));
    }

    #[test]
    fn goto_prompt_remembers_earlier_entries() {
        let mut app = app_with(&[0; 100]);
        keys(&mut app, "C-g");
        type_text(&mut app, "10");
        keys(&mut app, "Enter C-g");
        type_text(&mut app, "20");
        keys(&mut app, "Enter C-g Up Up Enter");
        assert_eq!(app.ed.cursor(), 10);
    }
}

mod find {
    use super::*;

    fn haystack() -> Vec<u8> {
        let mut v = vec![0u8; 256];
        v[0x20..0x24].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
        v[0x80..0x84].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
        v[0x40..0x46].copy_from_slice(b"needle");
        v
    }

    #[test]
    fn hex_find_lands_on_matches_and_f3_goes_to_the_next_then_wraps() {
        let mut app = app_with(&haystack());
        keys(&mut app, "C-f");
        type_text(&mut app, "deadbeef");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 0x20);
        keys(&mut app, "F3");
        assert_eq!(app.ed.cursor(), 0x80);
        keys(&mut app, "F3");
        assert_eq!(app.ed.cursor(), 0x20);
        assert!(app.message.as_ref().unwrap().text.contains("wrapped"));
        keys(&mut app, "S-F3");
        assert_eq!(app.ed.cursor(), 0x80, "backward wraps to the last match");
        keys(&mut app, "S-F3");
        assert_eq!(app.ed.cursor(), 0x20);
    }

    #[test]
    fn text_find_from_the_text_pane_and_wildcards_from_the_hex_pane() {
        let mut app = app_with(&haystack());
        keys(&mut app, "Tab C-f");
        type_text(&mut app, "needle");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 0x40);
        keys(&mut app, "Tab Tab C-f");
        type_text(&mut app, "de ?? be");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 0x80);
    }

    #[test]
    fn tab_in_the_prompt_cycles_the_kind_and_alt_c_ignores_case() {
        let mut app = app_with(&haystack());
        keys(&mut app, "C-f Tab A-c");
        type_text(&mut app, "NEEDLE");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 0x40);
    }

    #[test]
    fn typed_value_find_uses_the_element_type() {
        let mut v = vec![0u8; 64];
        v[10..12].copy_from_slice(&(-2i16).to_le_bytes());
        let mut app = app_with(&v);
        keys(&mut app, "A-4 Tab Tab C-f");
        type_text(&mut app, "-2");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 10);
    }

    #[test]
    fn no_match_says_so_and_keeps_the_cursor() {
        let mut app = app_with(&haystack());
        keys(&mut app, "Right C-f");
        type_text(&mut app, "cafe");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 1);
        assert!(app.message.as_ref().unwrap().text.contains("not found"));
    }

    #[test]
    fn finds_bytes_typed_but_not_yet_saved() {
        let mut app = app_with(&[0; 32]);
        keys(&mut app, "Right Right c a f e");
        keys(&mut app, "C-Home C-f");
        type_text(&mut app, "ca fe");
        keys(&mut app, "Enter");
        assert_eq!(app.ed.cursor(), 2);
    }
}

mod replace {
    use super::*;

    #[test]
    fn replace_one_at_a_time_then_stop() {
        let mut app = app_with(b"a-a-a");
        keys(&mut app, "Tab C-r");
        type_text(&mut app, "a");
        keys(&mut app, "Enter");
        type_text(&mut app, "b");
        keys(&mut app, "Enter");
        assert!(matches!(
            app.overlay,
            Overlay::Confirm(Confirm::ReplaceMatch { at: 0, .. })
        ));
        keys(&mut app, "y");
        assert!(matches!(
            app.overlay,
            Overlay::Confirm(Confirm::ReplaceMatch { at: 2, .. })
        ));
        keys(&mut app, "n");
        assert!(matches!(
            app.overlay,
            Overlay::Confirm(Confirm::ReplaceMatch { at: 4, .. })
        ));
        keys(&mut app, "Esc");
        assert_eq!(bytes(&app), b"b-a-a");
    }

    #[test]
    fn replace_all_counts_and_one_undo_reverts_it() {
        let mut app = app_with(b"cat cat dog cat");
        // A longer replacement changes the length: insert mode only.
        keys(&mut app, "Tab Insert C-r");
        type_text(&mut app, "cat");
        keys(&mut app, "Enter");
        type_text(&mut app, "lion");
        keys(&mut app, "Enter a");
        assert_eq!(bytes(&app), b"lion lion dog lion");
        let msg = &app.message.as_ref().unwrap().text;
        assert!(msg.contains("replaced 3"), "{msg}");
        assert!(msg.contains("grew by 3 bytes (0xf → 0x12)"), "{msg}");
        keys(&mut app, "C-z");
        assert_eq!(bytes(&app), b"cat cat dog cat");
    }

    #[test]
    fn replace_all_skips_overlapping_matches() {
        let mut app = app_with(b"aaaa");
        keys(&mut app, "Insert C-r");
        type_text(&mut app, "61 61");
        keys(&mut app, "Enter");
        type_text(&mut app, "62");
        keys(&mut app, "Enter a");
        assert_eq!(bytes(&app), b"bb");
    }
}

mod selection {
    use super::*;

    #[test]
    fn shift_arrows_select_and_the_status_shows_the_range() {
        let mut app = app_with(b"0123456789");
        keys(&mut app, "Right S-Right S-Right");
        assert_eq!(app.selection(), Some(1..4));
        keys(&mut app, "Esc");
        assert_eq!(app.selection(), None);
        keys(&mut app, "C-a");
        assert_eq!(app.selection(), Some(0..10));
        keys(&mut app, "Left");
        assert_eq!(app.selection(), None, "a plain move clears it");
    }

    #[test]
    fn copy_formats_hold_the_selected_bytes() {
        let mut app = app_with(&[0xde, 0xad, 0xbe, 0xef, 0x00]);
        keys(&mut app, "S-Right S-Right S-Right C-c");
        assert_eq!(app.clipboard, [0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(app.take_clipboard().unwrap(), "de ad be ef");
        keys(&mut app, "A-c Down Down Enter");
        let text = app.take_clipboard().unwrap();
        assert!(text.contains("0xde, 0xad, 0xbe, 0xef"), "{text}");
        keys(&mut app, "A-c 7");
        assert_eq!(app.take_clipboard().unwrap(), "3q2+7w==");
    }

    #[test]
    fn paste_of_the_clipboard_overwrites_or_inserts_by_mode() {
        let mut app = app_with(b"ab....");
        keys(&mut app, "S-Right C-c Right Right C-v");
        assert_eq!(bytes(&app), b"ab.ab.");
        keys(&mut app, "C-Home Insert C-v");
        assert_eq!(bytes(&app), b"abab.ab.");
    }

    #[test]
    fn delete_removes_the_selection_in_insert_mode_only() {
        let mut app = app_with(b"0123456789");
        keys(&mut app, "Right S-Right S-Right Delete");
        assert_eq!(
            bytes(&app),
            b"0123456789",
            "overwrite mode keeps the length"
        );
        keys(&mut app, "Insert Delete");
        assert_eq!(bytes(&app), b"0456789");
        keys(&mut app, "C-z");
        assert_eq!(bytes(&app), b"0123456789");
    }

    #[test]
    fn fill_repeats_a_pattern_over_the_selection() {
        let mut app = app_with(&[0; 8]);
        keys(&mut app, "Right S-End A-f");
        type_text(&mut app, "ab cd");
        keys(&mut app, "Enter");
        assert_eq!(bytes(&app), [0, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab]);
        keys(&mut app, "C-z");
        assert_eq!(bytes(&app), [0; 8]);
    }

    #[test]
    fn export_writes_the_selection_to_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("part.bin");
        let mut app = app_with(b"0123456789");
        keys(&mut app, "Right Right S-Right S-Right A-w");
        type_text(&mut app, path.to_str().unwrap());
        keys(&mut app, "Enter");
        assert_eq!(fs::read(&path).unwrap(), b"234");
    }
}

mod panels {
    use super::*;

    #[test]
    fn sha256_of_the_selection_or_the_whole_file() {
        let mut app = app_with(b"abc");
        keys(&mut app, "A-h");
        let Overlay::Panel(Panel::Hash { digest, .. }) = &app.overlay else {
            panic!("no hash panel: {:?}", app.overlay);
        };
        assert_eq!(
            digest,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        keys(&mut app, "c");
        assert_eq!(
            app.take_clipboard().as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        keys(&mut app, "S-Right C-p");
        type_text(&mut app, "md5");
        keys(&mut app, "Enter");
        let Overlay::Panel(Panel::Hash { digest, name, .. }) = &app.overlay else {
            panic!("no hash panel");
        };
        assert_eq!(*name, "MD5");
        assert_eq!(digest, "187ef4436122d1cc2f40dc2b92f0eba0", "md5 of 'ab'");
    }

    #[test]
    fn changes_panel_lists_jumps_and_reverts_through_undo() {
        let mut app = app_with(&[0; 64]);
        keys(&mut app, "4 1 C-g");
        type_text(&mut app, "0x30");
        keys(&mut app, "Enter 4 2 C-Home A-d");
        assert!(matches!(app.overlay, Overlay::Panel(Panel::Changes { .. })));
        keys(&mut app, "Down Enter");
        assert_eq!(app.ed.cursor(), 0x30);
        keys(&mut app, "A-d r Esc");
        assert_eq!(bytes(&app)[0], 0, "the first change was reverted");
        assert_eq!(bytes(&app)[0x30], 0x42);
        keys(&mut app, "C-z");
        assert_eq!(bytes(&app)[0], 0x41, "and undo brings it back");
    }

    #[test]
    fn marks_follow_inserts_and_deletes_before_them() {
        let mut app = app_with(b"0123456789");
        keys(&mut app, "C-g");
        type_text(&mut app, "5");
        keys(&mut app, "Enter A-m C-Home Insert Tab x");
        assert_eq!(bytes(&app), b"x0123456789");
        assert_eq!(app.ed.marks(), vec![6], "one byte inserted before the mark");
        keys(&mut app, "C-Home Delete Delete Delete");
        assert_eq!(app.ed.marks(), vec![3]);
        keys(&mut app, "C-End A-n");
        assert_eq!(app.ed.cursor(), 3);
        assert_eq!(app.ed.doc().byte_at(3), Some(b'5'));
    }
}

mod palette {
    use super::*;

    #[test]
    fn palette_runs_the_command_the_words_pick() {
        let mut app = app_with(&[0xff, 0xff, 0x00, 0x01]);
        keys(&mut app, "C-p");
        type_text(&mut app, "type int16");
        keys(&mut app, "Enter");
        assert_eq!(app.view.elem.name(), "i16le");
        keys(&mut app, "C-p");
        type_text(&mut app, "big endian");
        keys(&mut app, "Enter");
        assert_eq!(app.view.elem.name(), "i16be");
    }

    #[test]
    fn escape_closes_the_palette_without_running_anything() {
        let mut app = app_with(&[0]);
        keys(&mut app, "C-p");
        type_text(&mut app, "quit");
        keys(&mut app, "Esc");
        assert!(!app.quit_requested());
        assert_eq!(app.overlay, Overlay::None);
    }
}
