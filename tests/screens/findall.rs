//! Find all's results list, every match on screen highlighted (the one at
//! the cursor apart from the others), and the strings panel — drawn, read
//! back from the cells, and checked against the bytes and against
//! `core::strings::scan`.

use std::ops::ControlFlow;

use hexbuf::core::strings::{StrEncoding, scan};

use super::*;

/// Bytes with "needle" at 0x13, 0x40 and 0x4e, and text around.
fn haystack() -> Vec<u8> {
    let mut data: Vec<u8> = (0..0x80u8).map(|i| i.wrapping_mul(37) | 0x80).collect();
    for at in [0x13, 0x40, 0x4e] {
        data[at..at + 6].copy_from_slice(b"needle");
    }
    data[0x60..0x6b].copy_from_slice(b"Hello there");
    data
}

#[test]
fn results_list_shows_each_match_with_the_bytes_around_it() {
    let data = haystack();
    let mut app = app_with(&data);
    app.feed("Tab C-f n e e d l e A-Enter");
    let buf = draw(&mut app, 110, 20);
    let text = text(&buf);
    assert!(text.contains("3 matches of 'needle'"), "{text}");
    for at in [0x13usize, 0x40, 0x4e] {
        // Four bytes before, the match, four after: hex, then as text.
        let ctx = &data[at - 4..at + 10];
        let shown: String = ctx
            .iter()
            .map(|&b| {
                if (0x20..0x7f).contains(&b) {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        let want = format!("0x{at:010x}  {}", hex(ctx).join(" "));
        let y = row_with(&buf, &format!("0x{at:010x}"));
        let line = row(&buf, y);
        assert!(line.contains(&want), "{want}\n{text}");
        let after = &line[line.find(&want).unwrap() + want.len()..];
        assert_eq!(after.split_whitespace().next(), Some(shown.as_str()));
        // The match's bytes are drawn as matches (italic, underlined), in
        // the hex and in the text; the context is not.
        let start = line.find(&format!("0x{at:010x}")).unwrap();
        let hex_x = line[..start].chars().count() as u16 + 14;
        for i in 0..14u16 {
            let m = buf[(hex_x + 3 * i, y)].style().add_modifier;
            let in_match = (4..10).contains(&i);
            assert_eq!(
                m.contains(Modifier::ITALIC | Modifier::UNDERLINED),
                in_match,
                "byte {i} of the row at 0x{at:x}"
            );
        }
    }
    // The first row is selected (the cursor's style: reversed).
    let y = row_with(&buf, "0x0000000013");
    assert!(
        buf[(30, y)]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    snapshot!(results_list_shows_each_match_with_the_bytes_around_it, text);
}

#[test]
fn every_match_on_screen_is_highlighted_and_the_current_one_apart() {
    for color in [false, true] {
        let mut app = App::new(
            Document::from_bytes(haystack()),
            AppOptions {
                color,
                ..AppOptions::default()
            },
        );
        // Find from the hex pane: the cursor lands on 0x13.
        app.feed("Tab C-f n e e d l e Enter Tab Tab");
        assert_eq!(app.ed.cursor(), 0x13);
        let buf = draw(&mut app, 120, 24);
        let bpr = app.bytes_per_row();
        let style_at = |pane: usize, at: u64| {
            let y = data_row(&buf, at / bpr * bpr);
            let cols = panes(&buf, y);
            let x = match pane {
                1 => words(&buf, y, cols[1].clone())[(at % bpr) as usize].0.start,
                _ => cols[2].start + 1 + (at % bpr) as u16,
            };
            buf[(x, y)].style()
        };
        for pane in [1, 2] {
            // The current match, but its first byte (the cursor in the hex
            // pane; in the text pane, the cursor's unfocused mark).
            for at in 0x14..0x19 {
                let st = style_at(pane, at);
                if color {
                    assert_eq!(st.bg, Some(Color::Rgb(200, 120, 0)), "0x{at:x}");
                } else {
                    assert!(
                        st.add_modifier
                            .contains(Modifier::BOLD | Modifier::UNDERLINED)
                    );
                    assert!(!st.add_modifier.contains(Modifier::ITALIC), "0x{at:x}");
                }
            }
            // The other matches.
            for at in (0x40..0x46).chain(0x4e..0x54) {
                let st = style_at(pane, at);
                if color {
                    assert_eq!(st.bg, Some(Color::Rgb(110, 80, 0)), "0x{at:x}");
                } else {
                    let want = Modifier::ITALIC | Modifier::UNDERLINED;
                    assert!(st.add_modifier.contains(want), "0x{at:x}");
                    assert!(!st.add_modifier.contains(Modifier::BOLD), "0x{at:x}");
                }
            }
            // Bytes of no match.
            for at in [0x12, 0x19, 0x3f, 0x46, 0x4d, 0x54] {
                let st = style_at(pane, at);
                // (The text pane draws these bytes, invalid UTF-8, in
                // italics of their own.)
                let loud = match pane {
                    1 => Modifier::BOLD | Modifier::UNDERLINED | Modifier::ITALIC,
                    _ => Modifier::BOLD | Modifier::UNDERLINED,
                };
                assert!(!st.add_modifier.intersects(loud), "0x{at:x} {st:?}");
            }
        }
        // F3: the current match moves on, and the status line counts.
        app.feed("F3");
        let buf = draw(&mut app, 120, 24);
        assert!(
            status_line(&buf).contains("match 2 of 3"),
            "{}",
            status_line(&buf)
        );
        let y = data_row(&buf, 0x40 / bpr * bpr);
        let cols = panes(&buf, y);
        let x = cols[2].start + 1 + (0x41 % bpr) as u16;
        let st = buf[(x, y)].style();
        if color {
            assert_eq!(st.bg, Some(Color::Rgb(200, 120, 0)));
        } else {
            assert!(!st.add_modifier.contains(Modifier::ITALIC));
        }
    }
}

#[test]
fn strings_panel_lists_offset_encoding_and_text_and_filters() {
    let mut data = haystack();
    let wide: Vec<u8> = "Wide one"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    data.extend_from_slice(&[0xff; 3]);
    data.extend_from_slice(&wide);
    data.extend_from_slice(&[0xff; 3]);
    let mut app = app_with(&data);
    app.feed("A-t");
    let buf = draw(&mut app, 110, 24);
    let text = text(&buf);
    // Every string core::strings::scan finds, in order, one a row.
    let doc = Document::from_bytes(data.clone());
    let mut want = Vec::new();
    let _ = scan(
        &doc,
        0..data.len() as u64,
        &StrEncoding::ALL,
        4,
        &mut |_| ControlFlow::Continue(()),
        &mut |f| {
            want.push(format!(
                "0x{:010x}  {:<8} {}",
                f.offset,
                f.encoding.name(),
                f.text
            ));
            ControlFlow::Continue(())
        },
    );
    assert!(want.len() >= 5, "{want:?}");
    let mut last = 0;
    for w in &want {
        let y = row_with(&buf, w);
        assert!(y > last, "in order: {w}");
        last = y;
    }
    assert!(text.contains(&format!("{} of {} strings", want.len(), want.len())));
    snapshot!(
        strings_panel_lists_offset_encoding_and_text_and_filters,
        text
    );
    // Typing filters, in any case.
    app.feed("W I D E");
    let buf = draw(&mut app, 110, 24);
    let text = super::text(&buf);
    assert!(text.contains("filter: WIDE"), "{text}");
    assert!(text.contains("utf16le  Wide one"), "{text}");
    assert!(!text.contains("needle"), "{text}");
}
