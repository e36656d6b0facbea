//! Rendered-screen tests: the editor drawn into ratatui's TestBackend and
//! compared with insta snapshots (tests/snapshots/). Review changes with
//! `cargo insta review` or `INSTA_UPDATE=always cargo test --test screens`.
//! Each test also asserts what its name promises, read back from the drawn
//! cells (text and modifiers) and checked against bytes decoded here, so a
//! snapshot accepted by mistake cannot hide a wrong screen.

#[path = "screens/read.rs"]
mod read;

use hexbuf::app::state::{App, AppOptions};
use hexbuf::core::document::Document;
use hexbuf::editor::SAMPLE;
use hexbuf::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use read::*;

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

/// Checks each data row from offset 0 down: the offsets go up by
/// `per_row`, the hex pane holds the row's bytes, the text pane shows each
/// printable ASCII byte as itself and the Uint8 typed pane each byte's
/// value. Returns how many rows it read.
fn assert_rows_show(buf: &Buffer, bytes: &[u8], per_row: usize) -> usize {
    let first = data_row(buf, 0);
    let mut n = 0;
    for (k, chunk) in bytes.chunks(per_row).enumerate() {
        let y = first + k as u16;
        if !row(buf, y).starts_with(&format!("{:08x} │", k * per_row)) {
            break;
        }
        let cols = panes(buf, y);
        assert_eq!(cols.len(), 4, "offset, hex, text, typed: {}", row(buf, y));
        assert_eq!(pane_words(buf, y, 1), hex(chunk), "row {k}");
        assert_eq!(pane_words(buf, y, 3), decimal(chunk), "row {k}");
        for (i, &b) in chunk.iter().enumerate() {
            if b.is_ascii_graphic() {
                let x = cols[2].start + 1 + i as u16;
                assert_eq!(buf[(x, y)].symbol(), (b as char).to_string(), "row {k}");
            }
        }
        n += 1;
    }
    n
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
    let buf = draw(&mut app, 120, 36);
    // Four areas side by side, each under its header; the focused hex
    // pane's header is reversed, the others' are not.
    let cols = panes(&buf, data_row(&buf, 0));
    assert!(row(&buf, 0).starts_with("offset"));
    let numbers: Vec<String> = (0u8..8).map(|i| format!("{i:02x}")).collect();
    assert_eq!(
        cells(&buf, 0, cols[1].clone())
            .split_whitespace()
            .collect::<Vec<_>>(),
        numbers
    );
    assert_eq!(cells(&buf, 0, cols[2].clone()).trim(), "UTF-8");
    assert_eq!(cells(&buf, 0, cols[3].clone()).trim(), "Uint8Array");
    assert!(all_have(&buf, 0, cols[1].clone(), Modifier::REVERSED));
    assert!(!any_has(
        &buf,
        0,
        cols[2].start..cols[3].end,
        Modifier::REVERSED
    ));
    assert!(assert_rows_show(&buf, SAMPLE, 8) >= 16);
    // The inspector reads the byte at offset 0.
    let y = row_with(&buf, "─ Inspector @ 0x0 (0)");
    let b = SAMPLE[0];
    let line = row(&buf, y + 1);
    for want in [
        format!("binary {b:08b} "),
        format!("hex 0x{b:02x} "),
        format!("octal 0o{b:03o} "),
        format!("decimal {b} "),
    ] {
        assert!(line.contains(&want), "{want:?} in {line}");
    }
    // The status line: name, offset 0x0, the size, the mode, reversed.
    let status = status_line(&buf);
    let size = SAMPLE.len();
    for want in [
        "[sample]".to_string(),
        "0x0 (0)".to_string(),
        format!("of 0x{size:x} ({size} bytes)"),
        "OVERWRITE".to_string(),
        "hex pane".to_string(),
    ] {
        assert!(status.contains(&want), "{want:?} in {status}");
    }
    let h = buf.area.height;
    assert!(all_have(&buf, h - 2, 0..buf.area.width, Modifier::REVERSED));
    // The message line below it is there, and empty until something is said.
    assert_eq!(message_line(&buf), "");
    insta::assert_snapshot!(screen(&mut app, 120, 36));
}

#[test]
fn wide_screen_shows_sixteen_bytes_a_row() {
    let mut app = sample();
    let buf = draw(&mut app, 160, 30);
    let y = data_row(&buf, 0);
    assert_eq!(pane_words(&buf, y, 1).len(), 16);
    assert_eq!(data_row(&buf, 0x10), y + 1, "the next row starts 0x10 on");
    let numbers: Vec<String> = (0u8..16).map(|i| format!("{i:02x}")).collect();
    let cols = panes(&buf, y);
    assert_eq!(
        cells(&buf, 0, cols[1].clone())
            .split_whitespace()
            .collect::<Vec<_>>(),
        numbers
    );
    assert!(assert_rows_show(&buf, SAMPLE, 16) >= 16);
    insta::assert_snapshot!(screen(&mut app, 160, 30));
}

#[test]
fn each_element_type_in_the_typed_pane() {
    let data: Vec<u8> = [0xff, 0xff, 0x00, 0x01, 0x00, 0x00, 0xc0, 0x3f]
        .into_iter()
        .chain(0u8..24)
        .collect();
    let mut all = String::new();
    let mut seen = std::collections::BTreeSet::new();
    for n in 1..=10 {
        let mut app = app_with(&data);
        app.feed("Tab Tab");
        for _ in 1..n {
            app.feed("F5");
        }
        let name = app.view.elem.kind.js_name();
        let size = app.view.elem.size();
        all.push_str(&format!("== {name}\n"));
        let buf = draw(&mut app, 140, 8);
        let y = data_row(&buf, 0);
        let header = cells(&buf, 0, panes(&buf, y)[3].clone());
        assert_eq!(
            header.split_whitespace().next(),
            Some(&*format!("{name}Array"))
        );
        let per_row = pane_words(&buf, y, 1).len();
        for start in [0, per_row] {
            let y = data_row(&buf, start as u64);
            let shown = pane_words(&buf, y, 3);
            assert_eq!(shown.len(), per_row / size, "{name}: {}", row(&buf, y));
            for (e, cell) in shown.iter().enumerate() {
                let at = start + e * size;
                let bytes = &data[at..at + size];
                assert!(
                    shows_element(name, bytes, true, cell),
                    "{name} at {at}: {cell} is not {bytes:02x?}"
                );
            }
        }
        seen.insert(name);
        all.extend(text(&buf).lines().take(5).map(|l| format!("{l}\n")));
    }
    assert_eq!(seen.len(), 10, "each type once: {seen:?}");
    insta::assert_snapshot!(all);
}

#[test]
fn big_endian_reads_bytes_the_other_way() {
    let mut app = app_with(&[0x01, 0x02, 0xff, 0xff, 0x00, 0x01, 0, 0]);
    app.feed("Tab Tab F5 F5 F6");
    let buf = draw(&mut app, 120, 14);
    let y = data_row(&buf, 0);
    assert!(cells(&buf, 0, panes(&buf, y)[3].clone()).contains("Uint16Array BE"));
    let bytes = [0x01, 0x02, 0xff, 0xff, 0x00, 0x01, 0, 0];
    let shown = pane_words(&buf, y, 3);
    assert_eq!(shown.len(), 4, "{shown:?}");
    for (cell, pair) in shown.iter().zip(bytes.chunks(2)) {
        assert!(
            shows_element("Uint16", pair, false, cell),
            "{cell} {pair:02x?}"
        );
    }
    let text = screen(&mut app, 120, 14);
    assert!(text.contains("258"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn narrow_terminal_keeps_the_focused_pane() {
    let mut app = sample();
    app.feed("Tab Tab");
    let buf = draw(&mut app, 50, 20);
    // Too narrow for three panes: the text pane goes, the focused typed
    // pane stays, its header reversed and its cursor cell too.
    let y = data_row(&buf, 0);
    let cols = panes(&buf, y);
    assert_eq!(cols.len(), 3, "offset, hex, typed: {}", row(&buf, y));
    assert!(!row(&buf, 0).contains("UTF-8"), "{}", row(&buf, 0));
    assert_eq!(cells(&buf, 0, cols[2].clone()).trim(), "Uint8Array");
    assert!(all_have(
        &buf,
        0,
        cols[2].start + 1..cols[2].start + 11,
        Modifier::REVERSED
    ));
    let per_row = pane_words(&buf, y, 1).len();
    assert_eq!(pane_words(&buf, y, 1), hex(&SAMPLE[..per_row]));
    assert_eq!(pane_words(&buf, y, 2), decimal(&SAMPLE[..per_row]));
    let first = words(&buf, y, cols[2].clone())[0].0.clone();
    assert!(all_have(&buf, y, first, Modifier::REVERSED));
    insta::assert_snapshot!(screen(&mut app, 50, 20));
}

#[test]
fn too_small_terminal_shows_a_notice() {
    let mut app = sample();
    let text = screen(&mut app, 20, 4);
    let said = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        said.contains("terminal too small (20×4): hexbuf needs 24×6"),
        "{said}"
    );
    assert!(
        !text.contains('│') && !text.contains("offset"),
        "no panes:\n{text}"
    );
    insta::assert_snapshot!(screen(&mut app, 20, 4));
    // And a 3x2 terminal draws without panicking.
    let text = screen(&mut app, 3, 2);
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn help_lists_keys_on_one_screen() {
    let mut app = sample();
    app.feed("F1");
    let buf = draw(&mut app, 120, 36);
    let text = text(&buf);
    // The whole box is on this one screen: its top and bottom corners, and
    // no page count.
    let top = row_with(&buf, "┌");
    let bottom = row_with(&buf, "└");
    assert!(top < bottom && bottom < buf.area.height - 2, "{text}");
    assert!(!text.contains("page "), "{text}");
    // Every key the keymap binds to a command is listed, as a key of its own.
    let inside: String = (top..=bottom).map(|y| row(&buf, y) + "\n").collect();
    let keys: Vec<&str> = inside
        .split(|c: char| c.is_whitespace() || c == ',')
        .collect();
    let keymap = &app.keymap;
    let mut listed = 0;
    for c in hexbuf::app::command::commands() {
        if c.cmd.is_vi_only() {
            continue;
        }
        let Some(key) = keymap.keys_for(c.cmd).first().map(|k| k.to_string()) else {
            continue;
        };
        if matches!(c.cmd, hexbuf::app::command::Cmd::Select(_)) {
            assert!(inside.contains("Shift+move keys"), "{inside}");
        } else {
            assert!(keys.contains(&key.as_str()), "{key} ({}) missing", c.name);
        }
        listed += 1;
    }
    assert!(listed > 40, "only {listed} commands have keys");
    for want in ["Ctrl+S", "Ctrl+Z", "Ctrl+Q", "Insert", "F5"] {
        assert!(text.contains(want), "{want} missing");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn unsaved_quit_asks() {
    let mut app = app_with(b"abcdefgh");
    app.feed("4 1 C-q");
    let buf = draw(&mut app, 100, 20);
    assert!(status_line(&buf).contains("[modified]"));
    // It asks on the message line, in bold, and has not quit yet.
    let question = message_line(&buf);
    for want in ["Unsaved edits", "(s)", "(d)", "(Esc)"] {
        assert!(question.contains(want), "{want} in {question}");
    }
    assert!(all_have(&buf, buf.area.height - 1, 0..13, Modifier::BOLD));
    assert!(!app.quit_requested());
    let text = screen(&mut app, 100, 20);
    assert!(text.contains("[modified]"));
    insta::assert_snapshot!(text);
    // Esc stays, with the edit; asked again, d quits.
    app.feed("Esc");
    assert!(!app.quit_requested());
    let after = message_line(&draw(&mut app, 100, 20));
    assert!(!after.contains("Unsaved edits"), "{after}");
    assert_eq!(app.ed.doc().byte_at(0), Some(0x41));
    app.feed("C-q d");
    assert!(app.quit_requested());
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
    for (keys, pane, prompt) in [
        ("C-f", "hex pane", "Find hex bytes (?? = any byte)"),
        ("Tab C-f", "text pane", "Find text (UTF-8, match case)"),
        ("Tab Tab A-4 C-f", "typed pane", "Find value (Int16 LE)"),
        ("C-f Tab", "hex pane", "Find text (UTF-8, match case)"),
        (
            "Tab C-f A-c A-u",
            "text pane",
            "Find text (UTF-16LE, any case)",
        ),
    ] {
        let mut app = sample();
        app.feed(keys);
        let buf = draw(&mut app, 120, 20);
        assert!(
            status_line(&buf).contains(pane),
            "{keys}: {}",
            status_line(&buf)
        );
        assert!(
            message_line(&buf).starts_with(prompt),
            "{keys}: {}",
            message_line(&buf)
        );
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
    // From the anchor 0x8 to the cursor 0xc, both included.
    let sel = app.selection().unwrap();
    assert_eq!(sel, 8..13);
    let buf = draw(&mut app, 120, 14);
    // In every pane the selected bytes, and only they, are reversed.
    let mut seen = 0;
    for start in (0..0x58u64).step_by(8) {
        let y = data_row(&buf, start);
        let cols = panes(&buf, y);
        let hex_cells = words(&buf, y, cols[1].clone());
        let typed_cells = words(&buf, y, cols[3].clone());
        for i in 0..8u16 {
            let at = start + u64::from(i);
            let want = sel.contains(&at);
            let text_x = cols[2].start + 1 + i;
            for (pane, xs) in [
                ("hex", hex_cells[i as usize].0.clone()),
                ("text", text_x..text_x + 1),
                ("typed", typed_cells[i as usize].0.clone()),
            ] {
                assert_eq!(
                    all_have(&buf, y, xs.clone(), Modifier::REVERSED),
                    want,
                    "{pane} 0x{at:x}"
                );
                assert_eq!(
                    any_has(&buf, y, xs, Modifier::REVERSED),
                    want,
                    "{pane} 0x{at:x}"
                );
            }
            seen += usize::from(want);
        }
    }
    assert_eq!(seen, 5);
    let text = screen(&mut app, 120, 14);
    assert!(text.contains("sel 0x8–0xc (5 bytes)"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn hash_panel_shows_the_digest() {
    let mut app = sample();
    app.feed("A-h");
    app.run_job_now();
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(SAMPLE)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let text = screen(&mut app, 120, 20);
    assert!(text.contains("┌ SHA-256 "), "{text}");
    let scope = format!("of the whole buffer ({} bytes)", SAMPLE.len());
    assert!(text.contains(&scope), "{text}");
    let y = row_with(&draw(&mut app, 120, 20), &digest);
    assert_eq!(y, row_with(&draw(&mut app, 120, 20), &scope) + 1);
    insta::assert_snapshot!(screen(&mut app, 120, 20));
}

#[test]
fn palette_lists_commands_with_keys_closest_first() {
    let mut app = sample();
    app.feed("C-p");
    app.handle(hexbuf::app::action::Action::Paste("type int".into()));
    let buf = draw(&mut app, 120, 30);
    let listed = palette_entries(&app, &buf);
    assert!(listed.len() >= 5, "{listed:?}");
    // Every entry matches the query as DESIGN.md says: its letters in
    // order, ignoring case, spaces and punctuation.
    for c in &listed {
        let hay: Vec<char> = format!("{} {}", c.name, c.words)
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let mut rest = hay.iter();
        assert!(
            "typeint".chars().all(|q| rest.any(|&h| h == q)),
            "{}",
            c.name
        );
    }
    // Closest first: names where "int" starts a word come before the rest.
    let word_int: Vec<bool> = listed
        .iter()
        .map(|c| {
            c.name
                .split(|ch: char| !ch.is_alphanumeric())
                .any(|w| w.starts_with("Int"))
        })
        .collect();
    assert!(word_int[0], "{listed:?}");
    assert!(word_int.windows(2).all(|w| w[0] || !w[1]), "{word_int:?}");
    // DESIGN.md: `type int16` picks "Typed pane as Int16" first.
    let mut other = sample();
    other.feed("C-p");
    other.handle(hexbuf::app::action::Action::Paste("type int16".into()));
    let drawn = draw(&mut other, 120, 30);
    let first = palette_entries(&other, &drawn)[0];
    assert!(
        first.name.starts_with("Typed pane as Int16"),
        "{}",
        first.name
    );
    let text = screen(&mut app, 120, 30);
    assert!(text.contains("Typed pane as Int8"), "{text}");
    insta::assert_snapshot!(text);
}

/// The commands the palette lists, top down, each read from its row as its
/// name and then its keys, which must be the keymap's keys for it.
fn palette_entries(app: &App, buf: &Buffer) -> Vec<&'static hexbuf::app::command::CommandInfo> {
    let top = row_with(buf, "┌ Commands");
    let left = (0..buf.area.width)
        .find(|&x| buf[(x, top)].symbol() == "┌")
        .unwrap();
    let right = (left..buf.area.width)
        .find(|&x| buf[(x, top)].symbol() == "┐")
        .unwrap();
    let mut out = Vec::new();
    for y in top + 2.. {
        if buf[(left, y)].symbol() == "└" {
            break;
        }
        let entry = cells(buf, y, left + 1..right);
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        let c = hexbuf::app::command::commands()
            .iter()
            .find(|c| {
                let keys: Vec<String> = app
                    .keymap
                    .keys_for(c.cmd)
                    .iter()
                    .map(|k| k.to_string())
                    .collect();
                entry
                    .strip_prefix(c.name.as_str())
                    .is_some_and(|rest| rest.starts_with("  ") && rest.trim() == keys.join(", "))
            })
            .unwrap_or_else(|| panic!("{entry:?} is no command with its keys"));
        out.push(c);
    }
    out
}

#[test]
fn changes_panel_pairs_old_and_new_bytes() {
    let mut app = app_with(b"0123456789abcdef");
    app.feed("4 1 4 2 Right Right Insert Tab x y");
    app.feed("A-d");
    // The document is as edited: two bytes overwritten, two inserted.
    let doc = app.ed.doc();
    assert_eq!(doc.read(0..doc.len()), b"AB23xy456789abcdef");
    // The panel pairs the original bytes with the typed ones.
    let was = b"0123456789abcdef";
    let text = screen(&mut app, 110, 16);
    let overwritten = format!(
        "0x{:08x}  {} → {}",
        0,
        hex(&was[..2]).join(" "),
        hex(b"AB").join(" ")
    );
    let inserted = format!("0x{:08x}  inserted 2: {}", 4, hex(b"xy").join(" "));
    assert!(text.contains("Unsaved changes (2)"), "{text}");
    assert!(text.contains(&overwritten), "{overwritten}\n{text}");
    assert!(text.contains(&inserted), "{inserted}\n{text}");
    insta::assert_snapshot!(screen(&mut app, 110, 16));
}

#[test]
fn lesson_screen_shows_the_goal() {
    let mut app = app_with(&[]);
    let lessons = hexbuf::app::lesson::builtin();
    let first = lessons[0].clone();
    app.start_lesson(lessons.clone(), 0);
    let buf = draw(&mut app, 120, 36);
    let title = format!(
        "─ Lesson 1 of {}: {} — step 1 of {}",
        lessons.len(),
        first.title,
        first.steps.len()
    );
    assert!(row(&buf, row_with(&buf, &title)).starts_with(&title));
    // The goal of step 1, whole (wrapped over rows), after an arrow, in bold.
    let flat = text(&buf).split_whitespace().collect::<Vec<_>>().join(" ");
    let goal = first.steps[0]
        .goal
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains(&format!("→ {goal}")), "{goal}\n{flat}");
    let y = row_with(&buf, "→");
    let x = (0..120).find(|&x| buf[(x, y)].symbol() == "→").unwrap();
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    // The panes show the lesson's buffer.
    assert_eq!(pane_words(&buf, data_row(&buf, 0), 1), hex(&first.buffer));
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
        let bytes = b"Robin\0\xff\x80 more bytes";
        let mut app = app_with(bytes);
        for _ in 0..i {
            app.feed("F7");
        }
        let buf = draw(&mut app, 120, 12);
        for start in [0, 8] {
            let want: Vec<String> = bytes[start..start + 8]
                .iter()
                .map(|b| match *name {
                    "hex" => format!("{b:02x}"),
                    "binary" => format!("{b:08b}"),
                    "octal" => format!("{b:03o}"),
                    _ => b.to_string(),
                })
                .collect();
            assert_eq!(
                pane_words(&buf, data_row(&buf, start as u64), 1),
                want,
                "{name}"
            );
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
        let name = app.view.encoding.name();
        let (chars, invalid) = decode(name, &bytes);
        let buf = draw(&mut app, 120, 12);
        let cell = |at: usize| {
            let y = data_row(&buf, at as u64 / 8 * 8);
            (panes(&buf, y)[2].start + 1 + (at % 8) as u16, y)
        };
        // Each character at its first byte's cell, as decoded here.
        for &(at, ch) in &chars {
            let (x, y) = cell(at);
            assert_eq!(buf[(x, y)].symbol(), ch.to_string(), "{name} at {at}");
        }
        // Each invalid byte as ×, in italics (the colourless mark).
        for &at in &invalid {
            let (x, y) = cell(at);
            assert_eq!(buf[(x, y)].symbol(), "×", "{name} at {at}");
            assert!(
                buf[(x, y)].modifier.contains(Modifier::ITALIC),
                "{name} at {at}"
            );
        }
        assert!(
            chars.len() + invalid.len() >= 5,
            "{name}: {chars:?} {invalid:?}"
        );
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

/// The characters of `bytes` in the text encoding `name` that a pane can
/// draw as themselves, at the offset of their first byte, and the offsets of
/// bytes that are not valid — decoded with the standard library. Characters
/// a pane draws by a placeholder (controls, zero-width, private use) and
/// characters split over two rows are left out.
fn decode(name: &str, bytes: &[u8]) -> (Vec<(usize, char)>, Vec<usize>) {
    use unicode_width::UnicodeWidthChar;
    let drawable = |c: char| {
        !c.is_control()
            && c != ' '
            && c.width().unwrap_or(0) > 0
            && !('\u{e000}'..='\u{f8ff}').contains(&c)
    };
    let mut chars = Vec::new();
    let mut invalid = Vec::new();
    match name {
        "UTF-8" => {
            let mut at = 0;
            for chunk in bytes.utf8_chunks() {
                for (i, c) in chunk.valid().char_indices() {
                    let (first, last) = (at + i, at + i + c.len_utf8() - 1);
                    if drawable(c) && first / 8 == last / 8 {
                        chars.push((first, c));
                    }
                }
                at += chunk.valid().len();
                invalid.extend(at..at + chunk.invalid().len());
                at += chunk.invalid().len();
            }
        }
        "Latin-1" => {
            for (at, &b) in bytes.iter().enumerate() {
                let c = char::from(b);
                if drawable(c) && c != '\u{a0}' && c != '\u{ad}' {
                    chars.push((at, c));
                }
            }
        }
        "ASCII" => {
            for (at, &b) in bytes.iter().enumerate() {
                if b.is_ascii_graphic() {
                    chars.push((at, char::from(b)));
                } else if !b.is_ascii() {
                    invalid.push(at);
                }
            }
        }
        "UTF-16LE" | "UTF-16BE" => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| {
                    let p = [p[0], p[1]];
                    if name == "UTF-16LE" {
                        u16::from_le_bytes(p)
                    } else {
                        u16::from_be_bytes(p)
                    }
                })
                .collect();
            let mut at = 0;
            for c in char::decode_utf16(units) {
                match c {
                    Ok(c) => {
                        if drawable(c) && at / 8 == (at + c.len_utf16() * 2 - 1) / 8 {
                            chars.push((at, c));
                        }
                        at += c.len_utf16() * 2;
                    }
                    Err(_) => {
                        invalid.extend([at, at + 1]);
                        at += 2;
                    }
                }
            }
            // An odd byte at the end is half a unit.
            invalid.extend(at..bytes.len());
        }
        other => panic!("no decoder for {other}"),
    }
    (chars, invalid)
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
        let panel = &lines[lines.len() - 11..lines.len() - 2];
        assert_explains(keys, bytes, panel);
        out.push_str(&format!(
            "== {keys}\n{}\n",
            lines[lines.len() - 11..lines.len() - 2].join("\n")
        ));
    }
    assert!(out.contains("E2 82 AC → U+20AC '€'"), "{out}");
    assert!(out.contains("1.5 × 2^0 = 1.5"), "{out}");
    insta::assert_snapshot!(out);
}

/// Checks the explain panel's working against the value decoded here.
fn assert_explains(keys: &str, bytes: &[u8], panel: &[&str]) {
    let line = |label: &str| -> &str {
        panel
            .iter()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{keys}: no {label:?} in\n{}", panel.join("\n")))
    };
    let last = |label: &str| line(label).split_whitespace().last().unwrap().to_string();
    let b = bytes[0];
    match keys {
        "F4" => {
            let bits: String = line("value").split_whitespace().skip(1).collect();
            assert_eq!(bits, format!("{b:08b}"));
            let (terms, total) = line("Uint8 (unsigned):")
                .split_once(": ")
                .unwrap()
                .1
                .split_once(" = ")
                .unwrap();
            let sum: u32 = terms.split('+').map(|t| t.parse::<u32>().unwrap()).sum();
            assert_eq!((sum, total), (u32::from(b), &*b.to_string()));
            assert_eq!(last("Int8 (two's complement)"), (b as i8).to_string());
        }
        "A-4 F4" => {
            let pair = [bytes[0], bytes[1]];
            let u = u16::from_le_bytes(pair);
            assert!(line("little-endian:").ends_with(&format!("0x{u:04x} = {u}")));
            assert_eq!(
                last("two's complement"),
                i16::from_le_bytes(pair).to_string()
            );
        }
        "A-9 F4" => {
            let v = u32::from_le_bytes(bytes.try_into().unwrap());
            let bits = format!("{v:032b}");
            assert!(line("Float32 little-endian").ends_with(&format!("= 0x{v:08x}")));
            let fields = format!(
                "sign {} | exponent {} | mantissa {}",
                &bits[..1],
                &bits[1..9],
                &bits[9..]
            );
            assert_eq!(line("| mantissa").trim(), fields);
            assert!(shows_float(&last("× 2^"), f32::from_bits(v)));
        }
        "Tab F4" => {
            let c = std::str::from_utf8(bytes).unwrap().chars().next().unwrap();
            let mut utf8 = [0; 4];
            let utf8: Vec<String> = c
                .encode_utf8(&mut utf8)
                .bytes()
                .map(|b| format!("{b:02X}"))
                .collect();
            let u = c as u32;
            assert!(
                line("UTF-8 at 0x0").ends_with(&format!("{} → U+{u:04X} '{c}'", utf8.join(" ")))
            );
            assert!(
                panel
                    .iter()
                    .any(|l| l.ends_with(&format!("= 0x{u:04X} = {u} → '{c}'")))
            );
        }
        other => panic!("no check for {other}"),
    }
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
    assert_eq!(app.ed.doc().byte_at(0), Some(0x41), "the edit went in");
    let narrow = screen(&mut app, 40, 12);
    let status = narrow.lines().nth(10).unwrap();
    assert!(status.contains("[read-only]"), "{status}");
    assert!(
        !status.contains("F1 help"),
        "less important parts go first: {status}"
    );
}

/// The styles theme.rs promises, without colour and with it, read from the
/// cells: the cursor reversed (and bold) in the focused pane, unsaved bytes
/// bold and underlined, the selection reversed, matches of the last search
/// italic and underlined; other bytes plain.
#[test]
fn cursor_selection_unsaved_bytes_and_matches_carry_their_styles() {
    for color in [false, true] {
        let mut app = App::new(
            Document::from_bytes(b"ab needle cd needle ef".to_vec()),
            AppOptions {
                color,
                ..AppOptions::default()
            },
        );
        // Edit byte 0 in the text pane, find "needle" (0x3 and 0xd), then
        // select 0x3..=0x5: the cursor ends on 0x5.
        app.feed("Tab Z C-f");
        app.handle(hexbuf::app::action::Action::Paste("needle".into()));
        app.feed("Enter");
        app.run_job_now();
        app.feed("S-Right S-Right");
        assert_eq!((app.ed.cursor(), app.selection()), (5, Some(3..6)));
        let buf = draw(&mut app, 120, 12);
        let style_at = |pane: usize, at: u64| {
            let y = data_row(&buf, at / 8 * 8);
            let cols = panes(&buf, y);
            let x = match pane {
                1 => words(&buf, y, cols[1].clone())[(at % 8) as usize].0.start,
                _ => cols[2].start + 1 + (at % 8) as u16,
            };
            buf[(x, y)].style()
        };
        let (hex, text) = (1, 2);
        let m = |pane, at| style_at(pane, at).add_modifier;
        // The cursor, in the focused text pane.
        assert!(
            m(text, 5).contains(Modifier::REVERSED | Modifier::BOLD),
            "{color}"
        );
        // The unsaved byte, in both panes.
        for pane in [hex, text] {
            assert!(
                m(pane, 0).contains(Modifier::BOLD | Modifier::UNDERLINED),
                "{color}"
            );
            assert!(!m(pane, 0).contains(Modifier::REVERSED));
        }
        // The selection: reversed without colour, a blue background with it.
        for at in [3, 4] {
            for pane in [hex, text] {
                let st = style_at(pane, at);
                if color {
                    assert_eq!(st.bg, Some(Color::Rgb(30, 80, 140)), "0x{at:x}");
                } else {
                    assert!(st.add_modifier.contains(Modifier::REVERSED), "0x{at:x}");
                    assert!(!st.add_modifier.contains(Modifier::ITALIC), "0x{at:x}");
                }
            }
        }
        // Matches outside the selection.
        for at in (6..9).chain(13..19) {
            for pane in [hex, text] {
                let st = style_at(pane, at);
                if color {
                    assert_eq!(st.bg, Some(Color::Rgb(110, 80, 0)), "0x{at:x}");
                } else {
                    let want = Modifier::ITALIC | Modifier::UNDERLINED;
                    assert!(st.add_modifier.contains(want), "0x{at:x}");
                    assert!(!st.add_modifier.contains(Modifier::REVERSED), "0x{at:x}");
                }
            }
        }
        // Plain bytes: no emphasis, no background.
        for at in [1, 2, 9, 10, 11, 12, 19, 20, 21] {
            for pane in [hex, text] {
                let st = style_at(pane, at);
                let loud =
                    Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED | Modifier::ITALIC;
                assert!(!st.add_modifier.intersects(loud), "0x{at:x} {st:?}");
                assert!(
                    st.bg.is_none() || st.bg == Some(Color::Reset),
                    "0x{at:x} {st:?}"
                );
            }
        }
        if color {
            assert_eq!(style_at(hex, 0).fg, Some(Color::LightRed), "unsaved in red");
        }
    }
}
