//! The learners' side: radix editing, text encodings, the explain and code
//! panels, and lessons completed by keys, as a learner would.

use std::fs;

use hexbuf::app::action::Action;
use hexbuf::app::lesson::builtin;
use hexbuf::app::state::{App, AppOptions, BottomPanel};
use hexbuf::core::document::Document;
use hexbuf::core::encoding::TextEncoding;
use hexbuf::core::radix::Radix;

fn app_with(bytes: &[u8]) -> App {
    App::new(Document::from_bytes(bytes.to_vec()), AppOptions::default())
}

fn bytes(app: &App) -> Vec<u8> {
    app.ed.doc().read(0..app.ed.doc().len())
}

fn palette(app: &mut App, words: &str) {
    app.feed("C-p");
    app.handle(Action::Paste(words.into()));
    app.feed("Enter");
}

#[test]
fn robin_lesson_completed_by_keys_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("buffer-content.txt");
    let mut app = app_with(&[]);
    app.start_lesson(builtin(), 0);
    assert_eq!(app.lesson.as_ref().unwrap().step, 0);
    app.feed("5 2 6 f 6 2 6 9 6 e");
    let run = app.lesson.as_ref().unwrap();
    assert_eq!(run.step, 1, "typing Robin meets the first step");
    assert!(run.last_done.as_ref().unwrap().contains("Robin"));
    app.feed("C-s");
    // Save as suggests the lesson's file name; replace it with a full path.
    app.feed("C-u");
    app.handle(Action::Paste(path.to_str().unwrap().into()));
    app.feed("Enter");
    assert_eq!(fs::read(&path).unwrap(), b"Robin\0\0\0");
    assert!(app.lesson.as_ref().unwrap().finished());
    app.feed("C-n");
    let run = app.lesson.as_ref().unwrap();
    assert_eq!(
        (run.index, run.step),
        (1, 0),
        "Ctrl+N moves on to the next lesson"
    );
    assert_eq!(bytes(&app), [0, 0]);
}

#[test]
fn save_as_in_a_lesson_suggests_its_file_name() {
    let mut app = app_with(&[]);
    app.start_lesson(builtin(), 0);
    app.feed("C-s");
    let hexbuf::app::state::Overlay::Prompt { input, .. } = &app.overlay else {
        panic!("no prompt");
    };
    assert_eq!(input.text(), "buffer-content.txt");
}

#[test]
fn every_builtin_lesson_can_be_completed() {
    // The keys a learner would press, lesson by lesson (saving aside).
    let plans: [&[&str]; 7] = [
        &["5 2 6 f 6 2 6 9 6 e"],
        &["Tab Tab", "7 2 Enter 1 0 5 Enter"],
        &["F7", "1 0 1 0 1 0 1 0"],
        &["A-2", "Tab Tab Right Right Right - 1 Enter"],
        &["A-9", "A-6", "A-9 Tab Tab 2 . 5 Enter"],
        &["A-3", "F6", "Tab Tab Right 2 5 8 Enter"],
        &["Tab €", "Left Left Left F4", "Right Right Right 日"],
    ];
    let lessons = builtin();
    for (i, plan) in plans.iter().enumerate() {
        let mut app = app_with(&[]);
        app.start_lesson(lessons.clone(), i);
        for (step, keys) in plan.iter().enumerate() {
            app.feed(keys);
            let run = app.lesson.as_ref().unwrap();
            assert_eq!(
                run.step,
                step + 1,
                "lesson {} '{}' step {}: {:?}",
                i + 1,
                run.lesson().title,
                step + 1,
                app.message
            );
        }
    }
}

#[test]
fn binary_radix_shows_r_as_01010010_and_typing_bits_writes_them() {
    let mut app = app_with(b"R\0");
    palette(&mut app, "binary");
    assert_eq!(app.view.radix, Radix::Binary);
    app.feed("Right 1 1 1 1 1 1 1 1");
    assert_eq!(bytes(&app), [b'R', 0xff]);
    app.feed("Left 2");
    assert_eq!(bytes(&app), [b'R', 0xff], "2 is not a binary digit");
}

#[test]
fn decimal_and_octal_refuse_digits_that_overflow_a_byte() {
    let mut app = app_with(&[0]);
    palette(&mut app, "decimal");
    app.feed("3 0 0");
    assert_eq!(bytes(&app), [30], "300 does not fit: the byte stays 30");
    assert!(app.message.as_ref().unwrap().text.contains("255"));
    app.feed("Left 2 5 5");
    assert_eq!(bytes(&app), [255]);
    palette(&mut app, "octal");
    app.feed("Left 1 0 1");
    assert_eq!(bytes(&app), [0o101]);
}

#[test]
fn text_pane_typing_uses_the_chosen_encoding() {
    let mut app = app_with(&[0; 8]);
    palette(&mut app, "utf16le");
    assert_eq!(app.view.encoding, TextEncoding::Utf16Le);
    app.feed("Tab H i");
    assert_eq!(&bytes(&app)[..4], b"H\0i\0");
    palette(&mut app, "ascii");
    app.feed("é");
    assert_eq!(&bytes(&app)[4..5], [0], "é is not ASCII: nothing written");
    palette(&mut app, "latin1");
    app.feed("é");
    assert_eq!(&bytes(&app)[4..5], [0xe9]);
}

#[test]
fn edits_as_code_show_the_javascript_of_each_edit() {
    let mut app = app_with(&[0; 12]);
    app.feed("5 2");
    app.feed("Tab Tab A-4 C-End C-Home Right Right - 2 Enter");
    palette(&mut app, "type float32");
    app.feed("Right 1 . 5 Enter");
    palette(&mut app, "edits as javascript");
    assert_eq!(app.view.bottom, BottomPanel::Code);
    let log = app.ed.code_lines().join("\n");
    assert!(log.contains("uint8Array[0] = 0x52;"), "{log}");
    assert!(log.contains("view.setInt16(4, -2, true);"), "{log}");
    assert!(log.contains("view.setFloat32(8, 1.5, true);"), "{log}");
}

/// The keys a step's words say to press, in order: each backtick span is
/// either key names (`Tab Tab`, `Ctrl+P`, `Shift+Right`) or text to type,
/// one character a key (`526f62696e`, `2.5`, `€`).
fn keys_of_step(goal: &str) -> Vec<String> {
    let named = |word: &str| -> Option<String> {
        // `list:Esc`: a key pressed in a mode (the mode is for the reader).
        const MODES: [&str; 8] = [
            "entry",
            "prompt",
            "confirm",
            "palette",
            "list",
            "help",
            "structure",
            "working",
        ];
        let mut rest = match word.split_once(':') {
            Some((mode, key)) if MODES.contains(&mode) => key,
            _ => word,
        };
        let mut prefix = String::new();
        loop {
            if let Some(r) = rest.strip_prefix("Ctrl+") {
                prefix.push_str("C-");
                rest = r;
            } else if let Some(r) = rest.strip_prefix("Alt+") {
                prefix.push_str("A-");
                rest = r;
            } else if let Some(r) = rest.strip_prefix("Shift+") {
                prefix.push_str("S-");
                rest = r;
            } else {
                break;
            }
        }
        let plain = [
            "Tab",
            "Enter",
            "Esc",
            "Left",
            "Right",
            "Up",
            "Down",
            "Home",
            "End",
            "PgUp",
            "PgDn",
            "Insert",
            "Delete",
            "Backspace",
        ];
        let f_key = rest.len() >= 2 && rest.starts_with('F') && rest[1..].parse::<u8>().is_ok();
        if plain.contains(&rest) || f_key {
            Some(format!("{prefix}{rest}"))
        } else if !prefix.is_empty() && rest.chars().count() == 1 {
            // Ctrl+P is the key of the letter p.
            Some(format!("{prefix}{}", rest.to_lowercase()))
        } else {
            None
        }
    };
    let mut keys = Vec::new();
    for (i, span) in goal.split('`').enumerate() {
        if i % 2 == 0 {
            continue;
        }
        let words: Vec<Option<String>> = span.split_whitespace().map(named).collect();
        if words.iter().all(Option::is_some) {
            keys.extend(words.into_iter().flatten());
        } else {
            keys.extend(span.chars().map(|c| match c {
                ' ' => "Space".to_string(),
                c => c.to_string(),
            }));
        }
    }
    keys
}

#[test]
fn every_step_of_every_lesson_is_met_by_following_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let lessons = builtin();
    assert!(lessons.len() >= 11, "the seven lessons and four more");
    for (i, lesson) in lessons.iter().enumerate() {
        let mut app = app_with(&[]);
        app.start_lesson(lessons.clone(), i);
        // Relative names in Save As go to a folder of the test's own.
        app.lesson.as_mut().unwrap().dir = Some(dir.path().to_path_buf());
        for (s, step) in lesson.steps.iter().enumerate() {
            let keys = keys_of_step(&step.goal);
            assert!(
                !keys.is_empty(),
                "lesson {} step {}: no keys in {:?}",
                i + 1,
                s + 1,
                step.goal
            );
            for key in &keys {
                let run = app.lesson.as_ref().unwrap();
                assert_eq!(
                    run.step,
                    s,
                    "lesson {} '{}' step {} was met before its last key, {key} ({:?})",
                    i + 1,
                    lesson.title,
                    s + 1,
                    step.goal
                );
                app.feed(key);
            }
            let run = app.lesson.as_ref().unwrap();
            assert_eq!(
                run.step,
                s + 1,
                "lesson {} '{}' step {} not met by {keys:?} ({:?}); message {:?}",
                i + 1,
                lesson.title,
                s + 1,
                step.goal,
                app.message
            );
        }
        assert!(app.lesson.as_ref().unwrap().finished());
        // Leaving a finished lesson asks nothing (issue 13, item 17).
        if app.overlay != hexbuf::app::state::Overlay::None {
            app.feed("Esc");
        }
        app.feed("C-q");
        assert!(app.quit_requested(), "lesson {}", i + 1);
    }
    assert_eq!(
        fs::read(dir.path().join("buffer-content.txt")).unwrap(),
        b"Robin\0\0\0"
    );
}

#[test]
fn step_words_become_keys() {
    assert_eq!(
        keys_of_step("press `Ctrl+G`, type `16`, then `Tab Tab` and `Ctrl+Shift+End`; type `a b`"),
        ["C-g", "1", "6", "Tab", "Tab", "C-S-End", "a", "Space", "b"]
    );
    assert_eq!(
        keys_of_step("press `list:Esc` to close it, `Esc` to clear; type `1:2` `x:Tab`"),
        ["Esc", "Esc", "1", ":", "2", "x", ":", "T", "a", "b"]
    );
}
