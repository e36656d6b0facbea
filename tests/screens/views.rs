//! How the panes show bytes: each element type, both byte orders, each
//! radix, each text encoding, and numbers never cut into other numbers.

use super::*;

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
    snapshot!(each_element_type_in_the_typed_pane, all);
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
    snapshot!(big_endian_reads_bytes_the_other_way, text);
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
    snapshot!(each_radix_of_the_hex_pane, out);
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
    snapshot!(each_text_encoding_with_cjk_emoji_and_invalid_bytes, out);
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
    // The UTF-8 characters are drawn as themselves, at their first byte.
    let buf = draw(&mut app, 120, 16);
    let (chars, _) = decode("UTF-8", &bytes);
    let visible: Vec<_> = chars.iter().filter(|(at, _)| *at < 0x20).collect();
    assert!(visible.len() > 10, "{visible:?}");
    for &&(at, ch) in &visible {
        let y = data_row(&buf, at as u64 / 8 * 8);
        let x = panes(&buf, y)[2].start + 1 + (at % 8) as u16;
        assert_eq!(buf[(x, y)].symbol(), ch.to_string(), "at {at}");
    }
    snapshot!(utf8_and_binary_bytes_never_reach_the_screen_raw, text);
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
