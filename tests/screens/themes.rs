//! Themes and key remapping from a config file, read from the drawn
//! cells: each built-in theme colours the byte classes as the theme says,
//! basic16 and the 256-colour fallback never draw an RGB colour, and the
//! palette lists a remapped key.

use super::*;
use hexbuf::config::file::parse;
use hexbuf::ui::depth::ColorDepth;

/// Bytes of every class: NUL, printable, whitespace, other ASCII, non-ASCII.
const BYTES: &[u8] = b"\0A \x01\xff";

fn themed(config: &str, depth: ColorDepth) -> App {
    let mut app = App::new(
        Document::from_bytes(BYTES.to_vec()),
        AppOptions {
            color: true,
            ..AppOptions::default()
        },
    );
    parse(config).unwrap().apply(&mut app, depth);
    app
}

/// The foreground of each byte's two digits in the hex pane.
fn hex_colours(buf: &Buffer) -> Vec<Color> {
    let y = data_row(buf, 0);
    let cols = panes(buf, y);
    words(buf, y, cols[1].clone())
        .iter()
        .take(BYTES.len())
        .map(|(xs, _)| {
            // The cursor is on the first byte: its second digit is drawn
            // the same as its first.
            buf[(xs.start + 1, y)].fg
        })
        .collect()
}

/// The colours a theme's file says, written independently of hexbuf's tables.
fn expected(theme: &str) -> [Color; 5] {
    match theme {
        "dark" | "basic16" => [
            Color::DarkGray,
            Color::Cyan,
            Color::Green,
            Color::Magenta,
            Color::Yellow,
        ],
        "light" => [
            Color::Rgb(150, 150, 150),
            Color::Rgb(0, 90, 160),
            Color::Rgb(0, 120, 40),
            Color::Rgb(150, 0, 140),
            Color::Rgb(160, 90, 0),
        ],
        "high-contrast" => [
            Color::Rgb(140, 140, 140),
            Color::Rgb(255, 255, 255),
            Color::Rgb(0, 255, 120),
            Color::Rgb(255, 90, 255),
            Color::Rgb(255, 220, 0),
        ],
        other => panic!("{other}"),
    }
}

#[test]
fn each_theme_colours_the_byte_classes() {
    for theme in ["dark", "light", "high-contrast", "basic16"] {
        let mut app = themed(&format!("theme = \"{theme}\""), ColorDepth::TrueColor);
        app.feed("Right");
        let buf = draw(&mut app, 120, 12);
        let got = hex_colours(&buf);
        let want = expected(theme);
        // The cursor (on the second byte) is reversed, so skip it.
        for i in [0, 2, 3, 4] {
            assert_eq!(got[i], want[i], "{theme} byte {i}");
        }
    }
}

#[test]
fn colour_overrides_change_only_their_role() {
    let mut app = themed(
        "[theme]\nname = \"light\"\n[theme.colors]\nnull = \"#606060\"\nwhitespace = \"lightgreen\"\n",
        ColorDepth::TrueColor,
    );
    app.feed("Right");
    let got = hex_colours(&draw(&mut app, 120, 12));
    assert_eq!(got[0], Color::Rgb(0x60, 0x60, 0x60));
    assert_eq!(got[2], Color::LightGreen);
    assert_eq!(got[3], expected("light")[3]);
}

/// Every colour of every cell.
fn all_colours(buf: &Buffer) -> Vec<Color> {
    buf.content.iter().flat_map(|c| [c.fg, c.bg]).collect()
}

#[test]
fn basic16_and_the_fallbacks_draw_no_rgb_colour() {
    for (config, depth) in [
        ("theme = \"basic16\"", ColorDepth::TrueColor),
        ("theme = \"light\"", ColorDepth::Ansi16),
        ("theme = \"high-contrast\"", ColorDepth::Indexed256),
        ("theme = \"dark\"", ColorDepth::Indexed256),
    ] {
        let mut app = themed(config, depth);
        // A selection, a region of every colour and the status line's
        // colours are on screen too.
        app.ed.set_bookmarks(
            (0..BYTES.len())
                .map(|i| hexbuf::core::bookmarks::Bookmark {
                    name: format!("r{i}"),
                    offset: i as u64,
                    len: 1,
                    color: i,
                    comment: String::new(),
                })
                .collect(),
        );
        app.feed("S-Right S-Right");
        let colours = all_colours(&draw(&mut app, 120, 12));
        for c in colours {
            match (depth, c) {
                (_, Color::Rgb(..)) => panic!("{config} at {depth:?}: {c:?}"),
                (ColorDepth::Indexed256, Color::Indexed(n)) => assert!(n >= 16, "{n}"),
                (ColorDepth::Indexed256, _) => {}
                (_, Color::Indexed(n)) => panic!("{config} at {depth:?}: index {n}"),
                _ => {}
            }
        }
    }
    // The light theme at 256 colours: its null grey (150, 150, 150) is the
    // ramp's 148 = 232 + 14; its printable (0, 90, 160) the cube's nearest,
    // (0, 95, 175) = 16 + 36·0 + 6·1 + 3 = 25.
    let mut app = themed("theme = \"light\"", ColorDepth::Indexed256);
    app.feed("Right");
    assert_eq!(
        hex_colours(&draw(&mut app, 120, 12))[0],
        Color::Indexed(246)
    );
    let mut app = themed("theme = \"light\"", ColorDepth::Indexed256);
    app.feed("Right Right");
    assert_eq!(hex_colours(&draw(&mut app, 120, 12))[1], Color::Indexed(25));
}

#[test]
fn color_false_draws_no_colour_at_all() {
    let mut app = App::new(
        Document::from_bytes(BYTES.to_vec()),
        AppOptions {
            color: true,
            ..AppOptions::default()
        },
    );
    parse("theme = \"light\"\ncolor = false")
        .unwrap()
        .apply(&mut app, ColorDepth::TrueColor);
    let colours = all_colours(&draw(&mut app, 120, 12));
    assert!(colours.iter().all(|c| *c == Color::Reset), "{colours:?}");
}

#[test]
fn the_palette_lists_a_remapped_key() {
    let mut app = themed(
        "[keys.normal]\n\"C-w\" = \"Save\"\n\"C-s\" = \"\"\n",
        ColorDepth::TrueColor,
    );
    app.feed("C-p s a v e");
    let text = screen(&mut app, 120, 24);
    let line = text
        .lines()
        .find(|l| l.contains("Save") && !l.contains("as"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.contains("Ctrl+W") && !line.contains("Ctrl+S"),
        "{line}"
    );
}

#[test]
fn cursor_and_selection_take_the_themes_colours() {
    // high-contrast has a cursor colour of its own; dark draws it reversed.
    let mut app = themed("theme = \"high-contrast\"", ColorDepth::TrueColor);
    let buf = draw(&mut app, 120, 12);
    let y = data_row(&buf, 0);
    let (xs, _) = words(&buf, y, panes(&buf, y)[1].clone())[0].clone();
    assert_eq!(buf[(xs.start, y)].bg, Color::Rgb(255, 255, 0));
    assert!(!buf[(xs.start, y)].modifier.contains(Modifier::REVERSED));
    let mut app = themed("theme = \"dark\"", ColorDepth::TrueColor);
    let buf = draw(&mut app, 120, 12);
    assert!(buf[(xs.start, y)].modifier.contains(Modifier::REVERSED));
    // A selection overridden in [theme.colors]: the selected bytes the
    // cursor is not on have that background.
    let mut app = themed(
        "[theme.colors]\nselection = \"#102030\"\n",
        ColorDepth::TrueColor,
    );
    app.feed("S-Right S-Right S-Right");
    let buf = draw(&mut app, 120, 12);
    let cells = words(&buf, y, panes(&buf, y)[1].clone());
    for (i, (xs, _)) in cells.iter().take(3).enumerate() {
        assert_eq!(
            buf[(xs.start, y)].bg,
            Color::Rgb(0x10, 0x20, 0x30),
            "byte {i}"
        );
    }
    assert_ne!(buf[(cells[4].0.start, y)].bg, Color::Rgb(0x10, 0x20, 0x30));
}
