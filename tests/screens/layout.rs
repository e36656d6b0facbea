//! The screen's areas at different terminal sizes: the panes and their
//! headers, the inspector, the status and message lines.

use super::*;

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
    snapshot!(default_screen_of_the_sample, screen(&mut app, 120, 36));
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
    snapshot!(
        wide_screen_shows_sixteen_bytes_a_row,
        screen(&mut app, 160, 30)
    );
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
    snapshot!(
        narrow_terminal_keeps_the_focused_pane,
        screen(&mut app, 50, 20)
    );
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
    snapshot!(too_small_terminal_shows_a_notice, screen(&mut app, 20, 4));
    // And a 3x2 terminal draws without panicking.
    let text = screen(&mut app, 3, 2);
    assert_eq!(text.lines().count(), 2);
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
    snapshot!(
        an_unwritable_file_is_marked_read_only_even_on_a_narrow_status_line,
        wide
    );
    assert_eq!(app.ed.doc().byte_at(0), Some(0x41), "the edit went in");
    let narrow = screen(&mut app, 40, 12);
    let status = narrow.lines().nth(10).unwrap();
    assert!(
        status.contains("[read-only]") || status.contains("[ro]"),
        "{status}"
    );
    assert!(
        status.contains("F1") && status.contains("0x1/0x8"),
        "the offset and F1 survive: {status}"
    );
    assert!(
        !status.contains("OVERWRITE"),
        "less important parts go first: {status}"
    );
}
