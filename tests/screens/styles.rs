//! The emphasis theme.rs promises, read from the cells' modifiers and
//! colours: cursor, selection, unsaved bytes, matches.

use super::*;

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
    snapshot!(selection_is_highlighted_and_shown_in_the_status_line, text);
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
    // "43" reversed in the focused hex pane; 'C' in the text pane and "67"
    // in the typed pane underlined (the element mark without colour); no
    // other byte marked.
    let y = data_row(buf, 0);
    let cols = panes(buf, y);
    let hex = words(buf, y, cols[1].clone());
    let typed = words(buf, y, cols[3].clone());
    assert_eq!((hex[2].1.as_str(), typed[2].1.as_str()), ("43", "67"));
    assert_eq!(buf[(cols[2].start + 3, y)].symbol(), "C");
    let cursor = Modifier::REVERSED | Modifier::BOLD;
    let under = Modifier::UNDERLINED;
    for i in 0..8 {
        let text_x = cols[2].start + 1 + i as u16;
        let text = text_x..text_x + 1;
        let hex_at = all_have(buf, y, hex[i].0.clone(), cursor);
        let text_at = all_have(buf, y, text.clone(), under);
        let typed_at = any_has(buf, y, typed[i].0.clone(), under);
        assert_eq!(
            (hex_at, text_at, typed_at),
            (i == 2, i == 2, i == 2),
            "byte {i}"
        );
        assert!(!any_has(buf, y, hex[i].0.clone(), under), "hex {i}");
        assert!(!any_has(buf, y, text, Modifier::REVERSED), "text {i}");
        assert!(
            !any_has(buf, y, typed[i].0.clone(), Modifier::REVERSED),
            "typed {i}"
        );
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
        // The cursor, in the focused text pane: its byte is selected too
        // (anchor to cursor, both included), so it looks selected, and bold
        // and underlined as the cursor.
        assert!(
            m(text, 5).contains(Modifier::BOLD | Modifier::UNDERLINED),
            "{color}"
        );
        if color {
            assert_eq!(style_at(text, 5).bg, Some(Color::Rgb(30, 80, 140)));
        } else {
            assert!(m(text, 5).contains(Modifier::REVERSED));
        }
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
