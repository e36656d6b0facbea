//! Named regions tinted in the hex and text panes, the bookmarks list, and
//! the typed pane's base offset in its title and cells.

use super::*;

/// A region named green over 0x4..0x8 and a point at 0xc: the region's
/// bytes carry green's tint in both panes and no other byte does.
#[test]
fn a_named_region_is_tinted_in_the_hex_and_text_panes() {
    let bytes: Vec<u8> = (0x41..0x41 + 16).collect();
    let mut app = App::new(
        Document::from_bytes(bytes.clone()),
        AppOptions {
            color: true,
            ..AppOptions::default()
        },
    );
    app.feed("Right Right Right Right S-Right S-Right S-Right A-b");
    app.handle(hexbuf::app::action::Action::Paste("hdr; green".into()));
    app.feed("Enter Esc C-Home");
    let buf = draw(&mut app, 120, 12);
    let green = Some(Color::Rgb(0, 64, 20));
    for at in 0..16u64 {
        let y = data_row(&buf, at / 8 * 8);
        let cols = panes(&buf, y);
        let hx = words(&buf, y, cols[1].clone())[(at % 8) as usize].0.start;
        let tx = cols[2].start + 1 + (at % 8) as u16;
        assert_eq!(
            buf[(tx, y)].symbol(),
            (bytes[at as usize] as char).to_string()
        );
        for x in [hx, tx] {
            let bg = buf[(x, y)].style().bg;
            if (4..8).contains(&at) {
                assert_eq!(bg, green, "0x{at:x} is in the region");
            } else if at != 0 {
                assert_ne!(bg, green, "0x{at:x} is not");
            }
        }
    }
}

/// The list shows name, offset, length, colour, preview bytes and comment;
/// its rows are in offset order.
#[test]
fn the_bookmarks_list_shows_name_offset_length_and_preview() {
    let mut app = sample();
    app.feed("C-g");
    app.handle(hexbuf::app::action::Action::Paste("0x10".into()));
    app.feed("Enter S-Right S-Right S-Right A-b");
    app.handle(hexbuf::app::action::Action::Paste(
        "table; cyan; four bytes".into(),
    ));
    app.feed("Enter Esc C-Home A-b");
    app.handle(hexbuf::app::action::Action::Paste("start".into()));
    app.feed("Enter A-k");
    let text = screen(&mut app, 120, 36);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("0x000000")).collect();
    assert_eq!(rows.len(), 2, "{text}");
    let preview = |at: usize, n: usize| -> String {
        SAMPLE[at..at + n]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        rows[0].contains("start") && rows[0].contains("0x00000000") && rows[0].contains("point")
    );
    assert!(rows[0].contains(&preview(0, 1)), "{}", rows[0]);
    assert!(rows[1].contains("table") && rows[1].contains("0x00000010") && rows[1].contains("4 B"));
    assert!(rows[1].contains("cyan") && rows[1].contains("four bytes"));
    assert!(rows[1].contains(&preview(0x10, 4)), "{}", rows[1]);
    snapshot!(bookmarks_list, text);
}

/// Aligned at 0x21, the Uint32 pane's title says so and its cells are the
/// elements at 0x21, 0x25, …: each value read back little-endian.
#[test]
fn the_typed_pane_starts_its_elements_at_the_base() {
    let bytes: Vec<u8> = (0..64u8).map(|i| i.wrapping_mul(37)).collect();
    let mut app = app_with(&bytes);
    app.feed("A-5 C-g");
    app.handle(hexbuf::app::action::Action::Paste("0x21".into()));
    app.feed("Enter A-e");
    let buf = draw(&mut app, 120, 14);
    let header = row_with(&buf, "Uint32Array LE @0x21");
    assert!(header < data_row(&buf, 0));
    let per_row = app.bytes_per_row() as usize;
    assert!(per_row >= 8);
    // Each row's elements start at row start + 1 (0x21 % 4), the last one
    // running on into the next row.
    for row in [0x20, 0x20 + per_row] {
        let shown = pane_words(&buf, data_row(&buf, row as u64), 3);
        let want: Vec<String> = (0..per_row / 4)
            .map(|e| {
                let at = row + 1 + e * 4;
                u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()).to_string()
            })
            .collect();
        assert_eq!(shown, want, "row 0x{row:x}");
    }
}
