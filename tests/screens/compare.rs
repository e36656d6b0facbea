//! The compare view (`hexbuf A B`): both files side by side or stacked,
//! differing bytes highlighted, gaps for insertions in aligned mode. The
//! expected bytes and differences are worked out here from the two inputs.

use super::*;

const A: &[u8] = b"Hello, world! This is file A, with some bytes.";
const B: &[u8] = b"Hello, World! This is file B, with more bytes!!";

fn compare(a: &[u8], b: &[u8]) -> App {
    let opts = AppOptions {
        color: false,
        title: Some("[a]".into()),
        ..AppOptions::default()
    };
    let mut app = App::new(Document::from_bytes(a.to_vec()), opts);
    app.open_compare(Document::from_bytes(b.to_vec()), Some("[b]".into()));
    app
}

/// The hex cells of one side on row `y`: the words between `from` and the
/// `│` before the text, the offset first.
fn hex_words(buf: &Buffer, y: u16, from: u16) -> Vec<(std::ops::Range<u16>, String)> {
    let end = (from..buf.area.width)
        .find(|&x| buf[(x, y)].symbol() == "│")
        .unwrap();
    words(buf, y, from..end)
}

/// Where the right side starts on a side-by-side screen.
fn right_side(buf: &Buffer, y: u16) -> u16 {
    (0..buf.area.width)
        .find(|&x| buf[(x, y)].symbol() == "┃")
        .map(|x| x + 1)
        .unwrap()
}

/// Checks that a row of one side shows `bytes` from `offset` on (then gaps
/// up to `other`'s length), each highlighted exactly when `other` differs
/// there; returns how many bytes.
fn assert_side_row(
    buf: &Buffer,
    y: u16,
    from: u16,
    offset: usize,
    bytes: &[u8],
    other: &[u8],
) -> usize {
    let words = hex_words(buf, y, from);
    assert_eq!(words[0].1, format!("{offset:08x}"), "row {y}");
    let mut n = 0;
    for (i, (xs, word)) in words[1..].iter().enumerate() {
        let at = offset + i;
        let Some(b) = bytes.get(at) else {
            // Past this side's end, against the other side's tail: a gap.
            assert_eq!(word, "░░", "gap at {at}");
            assert!(at < other.len());
            continue;
        };
        assert_eq!(*word, format!("{b:02x}"), "byte {at}");
        let differs = bytes.get(at) != other.get(at);
        assert_eq!(
            all_have(buf, y, xs.clone(), Modifier::REVERSED),
            differs,
            "highlight of byte {at}"
        );
        n += 1;
    }
    n
}

#[test]
fn compare_view_shows_both_files_side_by_side_with_differing_bytes_highlighted() {
    let mut app = compare(A, B);
    // The cursor off the first row's bytes, so no cursor style mixes in
    // (a first frame tells the app its rows of eight).
    draw(&mut app, 120, 12);
    app.feed("Down Down");
    let buf = draw(&mut app, 120, 12);
    let text = text(&buf);
    let header = row(&buf, 0);
    assert!(
        header.contains("A: [a]") && header.contains("B: [b]"),
        "{text}"
    );
    let bx = right_side(&buf, 1);
    assert!(bx > 40, "B starts right of A: {bx}");
    // Every byte of both files, eight a row, on the same rows.
    let mut shown = (0, 0);
    for r in 0..6u16 {
        let y = 1 + r;
        let off = r as usize * 8;
        let (na, nb) = (A.len().min(off + 8) - off, B.len().min(off + 8) - off);
        if r == 2 {
            continue; // the cursor's row
        }
        let a = assert_side_row(&buf, y, 0, off, &A[..off + na], B);
        let b = assert_side_row(&buf, y, bx, off, &B[..off + nb], A);
        shown = (shown.0 + a, shown.1 + b);
    }
    assert_eq!(shown, (A.len() - 8, B.len() - 8));
    let status = status_line(&buf);
    let differing_runs = 6;
    assert!(
        status.contains(&format!("{differing_runs} differences")),
        "{status}"
    );
    snapshot!(
        compare_view_shows_both_files_side_by_side_with_differing_bytes_highlighted,
        text
    );
}

#[test]
fn narrow_terminal_stacks_a_over_b_sixteen_bytes_a_row() {
    let mut app = compare(A, B);
    app.feed("C-End");
    let buf = draw(&mut app, 80, 14);
    let text = text(&buf);
    let ya = row_with(&buf, "A: [a]");
    let yb = row_with(&buf, "B: [b]");
    assert!(ya < yb, "{text}");
    assert!(!text.contains('┃'), "not side by side: {text}");
    for r in 0..2u16 {
        let off = r as usize * 16;
        assert_eq!(
            assert_side_row(&buf, ya + 1 + r, 0, off, &A[..off + 16], B),
            16
        );
        assert_eq!(
            assert_side_row(&buf, yb + 1 + r, 0, off, &B[..off + 16], A),
            16
        );
    }
    snapshot!(narrow_terminal_stacks_a_over_b_sixteen_bytes_a_row, text);
}

#[test]
fn aligned_mode_shows_inserted_bytes_against_gaps_on_the_other_side() {
    let a = b"0123456789abcdefghijklmnopqrstuv";
    let b = b"0123XYZ456789abcdefghijklmnopqrstuv";
    let mut app = compare(a, b);
    app.feed("A-a");
    let buf = draw(&mut app, 120, 10);
    let text = text(&buf);
    let bx = right_side(&buf, 1);
    let ya: Vec<String> = hex_words(&buf, 1, 0).into_iter().map(|w| w.1).collect();
    let yb: Vec<String> = hex_words(&buf, 1, bx).into_iter().map(|w| w.1).collect();
    // Row one: A's "0123" then three gaps against B's "XYZ", then "4".
    assert_eq!(
        ya,
        ["00000000", "30", "31", "32", "33", "░░", "░░", "░░", "34"],
        "{text}"
    );
    assert_eq!(
        yb,
        ["00000000", "30", "31", "32", "33", "58", "59", "5a", "34"],
        "{text}"
    );
    // The rest lines up: on every later row, both sides show the same bytes.
    for y in 2..5 {
        let wa: Vec<String> = hex_words(&buf, y, 0)
            .into_iter()
            .skip(1)
            .map(|w| w.1)
            .collect();
        let wb: Vec<String> = hex_words(&buf, y, bx)
            .into_iter()
            .skip(1)
            .map(|w| w.1)
            .collect();
        assert_eq!(wa, wb, "row {y}");
    }
    assert!(text.contains(" aligned "), "{text}");
    snapshot!(
        aligned_mode_shows_inserted_bytes_against_gaps_on_the_other_side,
        text
    );
}

#[test]
fn status_line_says_which_difference_and_the_offsets_in_both_files() {
    let a = b"abcdefghijklmnop";
    let b = b"abXdefghijYYmnop";
    let mut app = compare(a, b);
    app.feed("A-Down A-Down");
    let buf = draw(&mut app, 120, 8);
    let status = status_line(&buf);
    assert!(status.contains("difference 2 of 2"), "{status}");
    assert!(
        status.contains("A 0xa (10)") && status.contains("B 0xa (10)"),
        "{status}"
    );
    app.feed("Right Right");
    let status = status_line(&draw(&mut app, 120, 8));
    assert!(
        status.contains("2 differences"),
        "between differences: {status}"
    );
}

#[test]
fn help_in_the_compare_view_lists_its_keys_on_one_screen() {
    let mut app = compare(A, B);
    app.feed("F1");
    let buf = draw(&mut app, 120, 36);
    let text = text(&buf);
    let top = row_with(&buf, "┌");
    let bottom = row_with(&buf, "└");
    assert!(top < bottom && bottom < buf.area.height - 2, "{text}");
    assert!(!text.contains("page "), "{text}");
    let inside: String = (top..=bottom).map(|y| row(&buf, y) + "\n").collect();
    let keys: Vec<&str> = inside
        .split(|c: char| c.is_whitespace() || c == ',')
        .collect();
    let mut compare_keys = 0;
    for c in hexbuf::app::command::commands() {
        if !c.cmd.is_compare_only() {
            continue;
        }
        let key = app.keymap.keys_for(c.cmd)[0].to_string();
        assert!(keys.contains(&key.as_str()), "{key} ({}) missing", c.name);
        compare_keys += 1;
    }
    assert_eq!(compare_keys, 5);
    assert!(inside.contains("Compare (hexbuf A B)"), "{inside}");
    assert!(
        !inside.contains("Structure panel (F9)"),
        "no structure panel here"
    );
    snapshot!(help_in_the_compare_view_lists_its_keys_on_one_screen, text);
}

#[test]
fn palette_offers_compare_commands_only_in_the_compare_view() {
    use hexbuf::app::command::{Cmd, CompareCmd};
    let mut app = compare(A, B);
    app.feed("C-p n e x t Space d i f f e r e n c e");
    let buf = draw(&mut app, 120, 36);
    let entries = palette_entries(&app, &buf);
    assert_eq!(entries[0].cmd, Cmd::Compare(CompareCmd::NextDifference));
    app.feed("Enter");
    assert_eq!(
        app.compare.as_ref().unwrap().cursor,
        7,
        "ran it: first difference"
    );
    for (words, want) in [
        ("take left", CompareCmd::TakeLeft),
        ("take right", CompareCmd::TakeRight),
        ("align", CompareCmd::Align),
        ("previous difference", CompareCmd::PreviousDifference),
    ] {
        let keys: Vec<String> = words
            .chars()
            .map(|c| {
                if c == ' ' {
                    "Space".into()
                } else {
                    c.to_string()
                }
            })
            .collect();
        app.feed(&format!("C-p {}", keys.join(" ")));
        let buf = draw(&mut app, 120, 36);
        assert_eq!(
            palette_entries(&app, &buf)[0].cmd,
            Cmd::Compare(want),
            "{words}"
        );
        app.feed("Esc");
    }
    // The editor of one file does not offer them.
    let mut one = sample();
    one.feed("C-p t a k e Space l e f t");
    let text = text(&draw(&mut one, 120, 36));
    assert!(text.contains("no command matches"), "{text}");
    let all = hexbuf::app::palette::rank("", &one.keymap);
    assert!(all.iter().all(|c| !c.cmd.is_compare_only()));
}

#[test]
fn a_click_on_a_byte_of_b_puts_the_cursor_there_in_b() {
    use hexbuf::app::action::Action;
    use hexbuf::app::compare::align::Side;
    use hexbuf::app::state::Pane;
    let mut app = compare(A, B);
    let buf = draw(&mut app, 120, 12);
    // Row 0x18 of B: its fourth byte is B[0x1b] ('B'), drawn as "42".
    let y = 4;
    let bx = right_side(&buf, y);
    let words = hex_words(&buf, y, bx);
    assert_eq!(words[0].1, "00000018");
    assert_eq!(words[4].1, format!("{:02x}", B[0x1b]));
    let area = buf.area;
    let x = words[4].0.start + 1;
    let (side, pane, position) = hexbuf::ui::compare::hit(&app, area, x, y).unwrap();
    app.handle(Action::ClickCompare {
        side,
        pane,
        position,
    });
    let c = app.compare.as_ref().unwrap();
    assert_eq!((c.active, app.focus, c.cursor), (Side::B, Pane::Hex, 0x1b));
    assert_eq!(app.ed.cursor(), 0x1b, "B's own cursor");
    // And a click on A's text pane, same row, first character.
    let text_x = (0..bx).find(|&x| buf[(x, y)].symbol() == "│").unwrap() + 1;
    let (side, pane, position) = hexbuf::ui::compare::hit(&app, area, text_x, y).unwrap();
    assert_eq!((side, pane, position), (Side::A, Pane::Text, 0x18));
}

#[test]
fn control_and_non_ascii_bytes_show_as_placeholders_in_the_text_column() {
    let mut app = compare(b"\x00\t\n\x1b\xffA", b"\x00\t\n\x1b\xffB");
    app.feed("End");
    let buf = draw(&mut app, 120, 8);
    let y = 1;
    let bar = (0..buf.area.width)
        .find(|&x| buf[(x, y)].symbol() == "│")
        .unwrap();
    assert_eq!(cells(&buf, y, bar + 1..bar + 7), "·→↵•×A");
    let text = text(&buf);
    assert!(!text.contains('\x1b'), "no escape reaches the screen");
}
