//! The entropy strip at the right of the panes and the byte histogram
//! panel, read back from the drawn cells.

use super::*;
use ratatui::layout::Rect;

/// Bytes that look random (xorshift), reproducibly.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// 1 MiB of zeros, 1 MiB of random bytes, 1 MiB of zeros.
fn zeros_random_zeros() -> Vec<u8> {
    let mut bytes = vec![0u8; 1 << 20];
    bytes.extend(noise(1 << 20, 5));
    bytes.extend(vec![0u8; 1 << 20]);
    bytes
}

/// The textbook entropy, −Σ p·log2(p), of some bytes.
fn naive(bytes: &[u8]) -> f64 {
    let mut counts = [0usize; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| -(c as f64 / n) * (c as f64 / n).log2())
        .sum()
}

/// The strip's column: its cells from the first pane row down, with the
/// separator to their left.
fn strip(buf: &Buffer) -> (Vec<char>, Vec<char>, u16) {
    let x = buf.area.width - 1;
    let top = 1;
    let bottom = (top..buf.area.height)
        .find(|&y| buf[(x - 1, y)].symbol() != "│" && buf[(x - 1, y)].symbol() != "◀")
        .unwrap();
    let col = |x: u16| -> Vec<char> {
        (top..bottom)
            .map(|y| buf[(x, y)].symbol().chars().next().unwrap())
            .collect()
    };
    (col(x), col(x - 1), top)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shade {
    Low,
    Mid,
    High,
}

fn shade(c: char) -> Shade {
    match c {
        '·' | '▁' | '▂' => Shade::Low,
        '▇' | '█' => Shade::High,
        _ => Shade::Mid,
    }
}

#[test]
fn zeros_random_zeros_shows_low_high_low_in_the_strip() {
    let mut app = app_with(&zeros_random_zeros());
    app.feed("A-v");
    let buf = draw(&mut app, 120, 36);
    let (cells, seps, top) = strip(&buf);
    let n = cells.len();
    assert!(n >= 15, "{n} cells");
    // Runs of shades: low, high, low (a cell astride a boundary may be in
    // between).
    let mut runs: Vec<(Shade, usize)> = Vec::new();
    for &c in &cells {
        match runs.last_mut() {
            Some((s, k)) if *s == shade(c) => *k += 1,
            _ => runs.push((shade(c), 1)),
        }
    }
    let kinds: Vec<Shade> = runs
        .iter()
        .map(|r| r.0)
        .filter(|&s| s != Shade::Mid)
        .collect();
    assert_eq!(kinds, [Shade::Low, Shade::High, Shade::Low], "{cells:?}");
    let high = runs.iter().find(|r| r.0 == Shade::High).unwrap().1;
    assert!(high.abs_diff(n / 3) <= 1, "{high} of {n} cells are high");
    // Zeros have no entropy at all; the random third close to 8 bits.
    assert_eq!(cells[0], '·');
    assert_eq!(cells[n - 1], '·');
    assert_eq!(cells[n / 2], '█');
    assert!(naive(&zeros_random_zeros()[1 << 20..2 << 20]) > 7.99);
    // The cursor (at 0) is pointed at, and its cell reversed.
    assert_eq!(seps[0], '◀');
    assert!(seps[1..].iter().all(|&c| c == '│'));
    assert!(
        buf[(119, top)].modifier.contains(Modifier::REVERSED),
        "cursor cell not reversed"
    );
    // The panes keep clear of the strip.
    // The panes keep clear of the strip: on a row without the cursor mark,
    // the last run between separators is the strip's one column.
    let p = panes(&buf, top + 1);
    assert_eq!(p.last(), Some(&(119..120)), "{p:?}");
    assert!(p.len() >= 5, "three panes and the offsets: {p:?}");
    snapshot!(entropy_strip_zeros_random_zeros, screen(&mut app, 120, 36));
}

#[test]
fn the_cursor_mark_follows_a_jump_into_the_random_middle() {
    let mut app = app_with(&zeros_random_zeros());
    app.feed("A-v A-r");
    assert_eq!(app.ed.cursor(), 1 << 20);
    let buf = draw(&mut app, 120, 36);
    let (cells, seps, _) = strip(&buf);
    let at = seps.iter().position(|&c| c == '◀').unwrap();
    // The mark is on the first cell of the random third.
    assert_eq!(shade(cells[at]), Shade::High, "{cells:?}");
    assert!(shade(cells[at - 1]) != Shade::High, "{cells:?}");
    assert!(
        message_line(&buf).contains("0x100000"),
        "{}",
        message_line(&buf)
    );
}

#[test]
fn hiding_the_strip_gives_the_column_back() {
    let mut app = app_with(&zeros_random_zeros());
    app.feed("A-v A-v");
    let buf = draw(&mut app, 120, 36);
    assert!(!row(&buf, 1).contains('◀'));
    assert!(!row(&buf, 1).ends_with('·'));
}

#[test]
fn histogram_panel_shows_counts_entropy_and_the_most_frequent_bytes() {
    // 'a' 8 times, 'b' 4, 'c' 2, 0x00 once, 0xff once.
    let bytes = b"aaaaaaaabbbbcc\x00\xff";
    let mut app = app_with(bytes);
    app.feed("C-p h i s t o g r a m Enter");
    let buf = draw(&mut app, 120, 36);
    let text = text(&buf);
    let want = format!("entropy {:.3} bits per byte", naive(bytes));
    assert!(text.contains(&want), "{want} missing:\n{text}");
    assert!(text.contains("5 of 256 values occur"), "{text}");
    // The grid: 'a' (0x61) is the fullest cell, row 6_ column 1.
    let y = row_with(&buf, "6_  ");
    let r = row(&buf, y);
    let grid = &r[r.find("6_  ").unwrap() + 4..];
    let cells: Vec<char> = grid.chars().step_by(2).take(16).collect();
    assert_eq!(cells[1], '█', "{r}");
    assert_eq!(cells[2], '▄', "{r}"); // 'b': half of 'a'
    assert_eq!(cells[3], '▂', "{r}"); // 'c': a quarter
    assert_eq!(cells[0], '·', "{r}"); // '`' never occurs
    // Most frequent first, with its count and share.
    let first = row_with(&buf, "61 'a'");
    assert!(
        row(&buf, first).contains("8  50.0%"),
        "{}",
        row(&buf, first)
    );
    assert!(row(&buf, first + 1).contains("62 'b'"));
    snapshot!(histogram_panel, top_lines(&text, 30));
    // Any key closes it.
    app.feed("Esc");
    assert!(!screen(&mut app, 120, 36).contains("Byte histogram"));
}

#[test]
fn histogram_of_a_selection_counts_only_the_selection() {
    let mut app = app_with(b"zzzzABCD");
    app.feed("Right Right Right Right S-Right S-Right S-Right C-p h i s t o g r a m Enter");
    let text = screen(&mut app, 120, 36);
    assert!(
        text.contains("of the selection 0x4–0x7 (4 bytes)"),
        "{text}"
    );
    assert!(text.contains("entropy 2.000 bits per byte"), "{text}");
    assert!(!text.contains("7a 'z'"), "{text}");
    // Alt+Y opens the same panel from the keys.
    let mut keyed = app_with(b"zzzzABCD");
    keyed.feed("Right Right Right Right S-Right S-Right S-Right A-y");
    let by_key = screen(&mut keyed, 120, 36);
    assert!(
        by_key.contains("of the selection 0x4–0x7 (4 bytes)"),
        "{by_key}"
    );
}

#[test]
fn with_colour_the_bands_are_coloured_and_without_it_only_characters() {
    let doc = Document::from_bytes(zeros_random_zeros());
    let opts = hexbuf::app::state::AppOptions {
        color: true,
        ..Default::default()
    };
    let mut app = App::new(doc, opts);
    app.feed("A-v");
    let buf = draw(&mut app, 120, 36);
    let (cells, _, top) = strip(&buf);
    let n = cells.len();
    assert_eq!(buf[(119, top + 1)].fg, Color::Blue, "zeros: low");
    assert_eq!(
        buf[(119, top + n as u16 / 2)].fg,
        Color::LightRed,
        "random: high"
    );
    let mut plain = app_with(&zeros_random_zeros());
    plain.feed("A-v");
    let buf = draw(&mut plain, 120, 36);
    assert_eq!(buf[(119, top + n as u16 / 2)].fg, Color::Reset);
    assert_eq!(buf[(119, top + n as u16 / 2)].symbol(), "█");
}

#[test]
fn small_terminals_keep_every_region_inside_the_screen() {
    let mut app = app_with(&zeros_random_zeros());
    app.feed("A-v");
    for (w, h) in [(24, 6), (25, 8), (26, 8), (40, 20), (80, 24), (200, 60)] {
        let buf = draw(&mut app, w, h);
        let l = ui::screen_layout(&app, Rect::new(0, 0, w, h));
        if let Some(r) = l.entropy {
            assert!(r.x + r.width <= w && r.y + r.height <= h, "{w}x{h}");
            for p in [l.hex, l.text, l.typed].into_iter().flatten() {
                assert!(p.x + p.width < r.x, "a pane under the strip at {w}x{h}");
            }
            assert_ne!(buf[(r.x, r.y)].symbol(), " ", "{w}x{h}");
        } else {
            assert!(w < 26 || h < 8, "no strip at {w}x{h}");
        }
    }
}

#[test]
fn a_click_on_a_strip_cell_moves_the_cursor_and_the_mark_there() {
    let mut app = app_with(&zeros_random_zeros());
    app.feed("A-v");
    draw(&mut app, 120, 36);
    let l = ui::screen_layout(&app, Rect::new(0, 0, 120, 36));
    let r = l.entropy.expect("the strip is shown");
    assert_eq!(ui::entropy::hit(l.entropy, r.x - 1, r.y + 5), None);
    assert_eq!(ui::entropy::hit(l.entropy, r.x, r.y + r.height), None);
    let (cell, cells) = ui::entropy::hit(l.entropy, r.x, r.y + 5).unwrap();
    assert_eq!((cell, cells), (5, r.height as usize));
    app.handle(hexbuf::app::action::Action::ClickEntropy { cell, cells });
    // The cell's first byte: the smallest offset whose share of the file
    // puts it in cell 5.
    let len = 3u64 << 20;
    let want = (len * 5).div_ceil(cells as u64);
    assert_eq!(app.ed.cursor(), want);
    let buf = draw(&mut app, 120, 36);
    let (_, seps, _) = strip(&buf);
    assert_eq!(seps.iter().position(|&c| c == '◀'), Some(5));
    // The hex pane shows the cursor's row.
    let row_start = want - want % app.bytes_per_row();
    data_row(&buf, row_start);
}
