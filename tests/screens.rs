//! Rendered-screen tests: the editor drawn into ratatui's TestBackend and
//! compared with insta snapshots (tests/snapshots/). Review changes with
//! `cargo insta review` or `INSTA_UPDATE=always cargo test --test screens`.

use hexbuf::app::state::{App, AppOptions};
use hexbuf::core::document::Document;
use hexbuf::editor::SAMPLE;
use hexbuf::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

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
    let buf = draw(app, width, height);
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
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

#[test]
fn default_screen_of_the_sample() {
    let mut app = sample();
    insta::assert_snapshot!(screen(&mut app, 120, 36));
}

#[test]
fn wide_screen_shows_sixteen_bytes_a_row() {
    let mut app = sample();
    insta::assert_snapshot!(screen(&mut app, 160, 30));
}

#[test]
fn each_element_type_in_the_typed_pane() {
    let data: Vec<u8> = [0xff, 0xff, 0x00, 0x01, 0x00, 0x00, 0xc0, 0x3f]
        .into_iter()
        .chain(0u8..24)
        .collect();
    let mut all = String::new();
    for n in 1..=10 {
        let mut app = app_with(&data);
        app.feed("Tab Tab");
        for _ in 1..n {
            app.feed("F5");
        }
        all.push_str(&format!("== {}\n", app.view.elem.kind.js_name()));
        let text = screen(&mut app, 140, 8);
        all.extend(text.lines().take(5).map(|l| format!("{l}\n")));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn big_endian_reads_bytes_the_other_way() {
    let mut app = app_with(&[0x01, 0x02, 0xff, 0xff, 0x00, 0x01, 0, 0]);
    app.feed("Tab Tab F5 F5 F6");
    let text = screen(&mut app, 120, 14);
    assert!(text.contains("258"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn narrow_terminal_keeps_the_focused_pane() {
    let mut app = sample();
    app.feed("Tab Tab");
    insta::assert_snapshot!(screen(&mut app, 50, 20));
}

#[test]
fn too_small_terminal_shows_a_notice() {
    let mut app = sample();
    insta::assert_snapshot!(screen(&mut app, 20, 4));
    // And a 3x2 terminal draws without panicking.
    let text = screen(&mut app, 3, 2);
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn help_lists_keys_on_one_screen() {
    let mut app = sample();
    app.feed("F1");
    let text = screen(&mut app, 120, 36);
    for want in ["Ctrl+S", "Ctrl+Z", "Ctrl+Q", "Insert", "F5"] {
        assert!(text.contains(want), "{want} missing");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn unsaved_quit_asks() {
    let mut app = app_with(b"abcdefgh");
    app.feed("4 1 C-q");
    let text = screen(&mut app, 100, 20);
    assert!(text.contains("[modified]"));
    insta::assert_snapshot!(text);
}

#[test]
fn utf8_and_binary_bytes_never_reach_the_screen_raw() {
    let mut bytes = "Grüße, 日本 😀 €\n".as_bytes().to_vec();
    bytes.extend_from_slice(b"\x1b]0;title\x07\x1b[31m\x9b\x00\x7f\xff");
    let mut app = app_with(&bytes);
    let text = screen(&mut app, 120, 16);
    for c in text.chars() {
        assert!(!c.is_control() || c == '\n', "control char {c:?} on screen");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn edited_bytes_stand_out_until_saved() {
    let mut app = App::new(
        Document::from_bytes(vec![0; 16]),
        AppOptions {
            color: false,
            ..AppOptions::default()
        },
    );
    app.feed("4 1 Right");
    let buf = &draw(&mut app, 120, 12);
    // Row 1 holds the bytes; the edited byte is bold and underlined.
    let edited = (0..120).find(|&x| buf[(x, 1)].symbol() == "4").unwrap();
    assert!(
        buf[(edited, 1)]
            .modifier
            .contains(Modifier::UNDERLINED | Modifier::BOLD)
    );
    let plain = (edited + 3..120)
        .find(|&x| buf[(x, 1)].symbol() == "0")
        .unwrap();
    assert!(!buf[(plain, 1)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn cursor_is_shown_in_every_pane() {
    let mut app = app_with(b"ABCDEFGH");
    app.feed("Right Right");
    let buf = &draw(&mut app, 120, 12);
    let marked: Vec<String> = (0..120)
        .filter(|&x| {
            let m = buf[(x, 1)].modifier;
            m.contains(Modifier::REVERSED) || m.contains(Modifier::UNDERLINED)
        })
        .map(|x| buf[(x, 1)].symbol().to_string())
        .collect();
    // "43" in the hex pane (reversed), 'C' in the text pane and "67" in the
    // typed pane (underlined without colour).
    let joined = marked.concat();
    assert!(joined.contains("43"), "{joined}");
    assert!(joined.contains('C'), "{joined}");
    assert!(joined.contains("67"), "{joined}");
}

/// The message line (last row) and the status line above it.
fn bottom_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len() - 2..].join("\n")
}

#[test]
fn find_prompt_shows_its_kind_in_each_pane() {
    let mut out = String::new();
    for keys in [
        "C-f",
        "Tab C-f",
        "Tab Tab A-4 C-f",
        "C-f Tab",
        "Tab C-f A-c A-u",
    ] {
        let mut app = sample();
        app.feed(keys);
        out.push_str(&format!("== {keys}\n"));
        out.push_str(&bottom_lines(&screen(&mut app, 120, 20)));
        out.push('\n');
    }
    assert!(out.contains("Find hex bytes (?? = any byte)"), "{out}");
    assert!(out.contains("Find text (UTF-8, match case)"), "{out}");
    assert!(out.contains("Find value (Int16 LE)"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn selection_is_highlighted_and_shown_in_the_status_line() {
    let mut app = sample();
    screen(&mut app, 120, 14);
    app.feed("Down S-Right S-Right S-Right S-Right");
    let text = screen(&mut app, 120, 14);
    assert!(text.contains("sel 0x8–0xc (5 bytes)"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn hash_panel_shows_the_digest() {
    let mut app = sample();
    app.feed("A-h");
    app.run_job_now();
    insta::assert_snapshot!(screen(&mut app, 120, 20));
}

#[test]
fn palette_lists_commands_with_keys_closest_first() {
    let mut app = sample();
    app.feed("C-p");
    app.handle(hexbuf::app::action::Action::Paste("type int".into()));
    let text = screen(&mut app, 120, 30);
    assert!(text.contains("Typed pane as Int8"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn changes_panel_pairs_old_and_new_bytes() {
    let mut app = app_with(b"0123456789abcdef");
    app.feed("4 1 4 2 Right Right Insert Tab x y");
    app.feed("A-d");
    insta::assert_snapshot!(screen(&mut app, 110, 16));
}

#[test]
fn lesson_screen_shows_the_goal() {
    let mut app = app_with(&[]);
    app.start_lesson(hexbuf::app::lesson::builtin(), 0);
    let text = screen(&mut app, 120, 36);
    assert!(text.contains("Lesson 1 of"), "{text}");
    insta::assert_snapshot!(text);
}

/// The first rows of a screen (the panes), for compact snapshots.
fn top_lines(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join("\n")
}

#[test]
fn each_radix_of_the_hex_pane() {
    let mut out = String::new();
    for (i, name) in ["hex", "binary", "octal", "decimal"].iter().enumerate() {
        let mut app = app_with(b"Robin\0\xff\x80 more bytes");
        for _ in 0..i {
            app.feed("F7");
        }
        out.push_str(&format!(
            "== {name}\n{}\n",
            top_lines(&screen(&mut app, 120, 12), 3)
        ));
    }
    assert!(out.contains("01010010"), "R in binary:\n{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn each_text_encoding_with_cjk_emoji_and_invalid_bytes() {
    let mut bytes = "日本 😀 €".as_bytes().to_vec();
    bytes.extend_from_slice(b"\xff\xc3(\x00A\x00");
    let mut out = String::new();
    for i in 0..5 {
        let mut app = app_with(&bytes);
        for _ in 0..i {
            app.feed("F8");
        }
        out.push_str(&format!(
            "== {}\n{}\n",
            app.view.encoding.name(),
            top_lines(&screen(&mut app, 120, 12), 4)
        ));
    }
    assert!(out.contains("日"), "{out}");
    assert!(out.contains('€'), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn explain_panel_for_an_integer_a_float_and_a_utf8_character() {
    let mut out = String::new();
    for (keys, bytes) in [
        ("F4", &[0xffu8, 0xff, 0x00, 0x01][..]),
        ("A-4 F4", &[0xff, 0xff, 0x00, 0x01]),
        ("A-9 F4", &[0x00, 0x00, 0xc0, 0x3f]),
        ("Tab F4", "€ ok".as_bytes()),
    ] {
        let mut app = app_with(bytes);
        app.feed(keys);
        let text = screen(&mut app, 120, 24);
        let lines: Vec<&str> = text.lines().collect();
        out.push_str(&format!(
            "== {keys}\n{}\n",
            lines[lines.len() - 11..lines.len() - 2].join("\n")
        ));
    }
    assert!(out.contains("E2 82 AC → U+20AC '€'"), "{out}");
    assert!(out.contains("1.5 × 2^0 = 1.5"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn visible_matches_of_the_last_search_are_highlighted() {
    let mut app = app_with(b"ab needle cd needle ef");
    app.feed("Tab C-f");
    app.handle(hexbuf::app::action::Action::Paste("needle".into()));
    app.feed("Enter");
    app.run_job_now();
    assert_eq!(app.ed.cursor(), 3);
    let buf = &draw(&mut app, 120, 12);
    // Without colour a match is underlined and italic; the second "needle"
    // starts at offset 13, on the second row of 8 bytes (text column 5).
    let row: String = (0..120).map(|x| buf[(x, 2)].symbol().to_string()).collect();
    let col = row.find("e cd").map(|i| row[..i].chars().count()).unwrap() as u16 + 5;
    assert_eq!(buf[(col, 2)].symbol(), "n", "{row}");
    assert!(buf[(col, 2)].modifier.contains(Modifier::ITALIC), "{row}");
    let plain = col - 2;
    assert!(!buf[(plain, 2)].modifier.contains(Modifier::ITALIC));
}

#[test]
fn help_turns_pages_on_a_small_terminal_instead_of_cutting_entries() {
    let mut app = sample();
    app.feed("F1");
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("page 1 of"), "{first}");
    assert!(
        first.contains("Page up / down"),
        "entries are whole:\n{first}"
    );
    app.feed("PgDn");
    let second = screen(&mut app, 80, 24);
    assert!(second.contains("page 2 of"), "{second}");
    assert_ne!(first, second);
    app.feed("q");
    assert_eq!(app.overlay, hexbuf::app::state::Overlay::None);
}

/// Each number the inspector shows, read back from the screen, against the
/// bytes decoded here with `from_le_bytes`/`from_be_bytes`: a number is the
/// exact value, or a marked shortening (`…`) whose leading digits and
/// exponent are the value's own — never a different number.
#[test]
fn inspector_numbers_are_never_cut_into_other_numbers() {
    let bytes: [u8; 8] = [0x48, 0x45, 0x4c, 0x4c, 0x4f, 0x20, 0x57, 0x53];
    let mut data = bytes.to_vec();
    data.extend_from_slice(&[0; 8]);
    for (w, h) in [(80, 24), (120, 36), (60, 20)] {
        let mut app = app_with(&data);
        let text = screen(&mut app, w, h);
        let le = |n: usize| {
            let mut b = [0u8; 8];
            b[..n].copy_from_slice(&bytes[..n]);
            u64::from_le_bytes(b)
        };
        let be = |n: usize| {
            let mut b = [0u8; 8];
            b[8 - n..].copy_from_slice(&bytes[..n]);
            u64::from_be_bytes(b)
        };
        let truth: Vec<(&str, [f64; 2])> = vec![
            ("Uint16", [le(2) as f64, be(2) as f64]),
            ("Uint32", [le(4) as f64, be(4) as f64]),
            ("BigUint64", [le(8) as f64, be(8) as f64]),
            ("BigInt64", [le(8) as i64 as f64, be(8) as i64 as f64]),
            (
                "Float32",
                [
                    f32::from_bits(le(4) as u32) as f64,
                    f32::from_bits(be(4) as u32) as f64,
                ],
            ),
            ("Float64", [f64::from_bits(le(8)), f64::from_bits(be(8))]),
        ];
        let mut checked = 0;
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            for (name, values) in &truth {
                let Some(i) = words.iter().position(|w| w == name) else {
                    continue;
                };
                // The values follow the name: little-endian, then
                // big-endian where the screen is wide enough for both.
                for (shown, want) in words[i + 1..]
                    .iter()
                    .take_while(|w| {
                        w.chars()
                            .next()
                            .is_some_and(|c| c.is_ascii_digit() || c == '-')
                    })
                    .zip(values)
                {
                    checked += 1;
                    if let Some((head, tail)) = shown.split_once('…') {
                        let exp: i32 = tail.trim_start_matches('e').parse().unwrap_or_else(|_| {
                            panic!("{name} {shown} at {w}x{h}: a cut without an exponent")
                        });
                        assert_eq!(exp, want.abs().log10().floor() as i32, "{name} {shown}");
                        let lead: String = head.chars().filter(|c| c.is_ascii_digit()).collect();
                        let digits: String = format!("{:e}", want.abs())
                            .chars()
                            .take_while(|c| *c != 'e')
                            .filter(|c| c.is_ascii_digit())
                            .collect();
                        assert!(digits.starts_with(&lead), "{name} {shown} vs {want:e}");
                    } else {
                        let got: f64 = shown.parse().unwrap();
                        assert_eq!(got, *want, "{name} {shown} at {w}x{h}");
                    }
                }
            }
        }
        assert!(checked >= 6, "read {checked} numbers at {w}x{h}:\n{text}");
    }
}

#[test]
fn an_unwritable_file_is_marked_read_only_even_on_a_narrow_status_line() {
    let mut app = app_with(b"Robin\0\0\0");
    // What App::new finds for a 0444 file as a plain user (the e2e tests
    // open real ones); the buffer stays editable.
    app.unwritable = Some(hexbuf::core::access::Unwritable::PermissionDenied);
    app.feed("4 1");
    let wide = screen(&mut app, 120, 12);
    let status = wide.lines().nth(10).unwrap();
    assert!(
        status.contains("[modified]") && status.contains("[read-only]"),
        "{status}"
    );
    assert!(status.contains("OVERWRITE"), "still editable: {status}");
    insta::assert_snapshot!(wide);
    let narrow = screen(&mut app, 40, 12);
    let status = narrow.lines().nth(10).unwrap();
    assert!(status.contains("[read-only]"), "{status}");
    assert!(
        !status.contains("F1 help"),
        "less important parts go first: {status}"
    );
}
