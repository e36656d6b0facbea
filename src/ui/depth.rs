//! How many colours the terminal shows, and the nearest colour it can show
//! for one it cannot: an RGB colour becomes the nearest of xterm's 256
//! (the 6×6×6 cube or the grey ramp) or the nearest of the 16 ANSI colours.

use ratatui::style::Color;

/// The colours a terminal can show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorDepth {
    /// 24-bit RGB.
    #[default]
    TrueColor,
    /// xterm's 256 indexed colours.
    Indexed256,
    /// The 16 ANSI colours.
    Ansi16,
}

/// The 16 ANSI colours with xterm's default RGB values.
const ANSI: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

/// The levels of each channel in xterm's colour cube (indexes 16–231).
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

impl ColorDepth {
    /// From the environment: `COLORTERM=truecolor|24bit` → truecolor,
    /// a `TERM` ending in `256color` → 256, anything else → 16.
    pub fn detect(colorterm: Option<&str>, term: Option<&str>) -> ColorDepth {
        if matches!(colorterm, Some("truecolor" | "24bit")) {
            ColorDepth::TrueColor
        } else if term.is_some_and(|t| t.ends_with("256color")) {
            ColorDepth::Indexed256
        } else {
            ColorDepth::Ansi16
        }
    }

    /// [`ColorDepth::detect`] on this process's environment.
    pub fn from_env() -> ColorDepth {
        let colorterm = std::env::var("COLORTERM").ok();
        let term = std::env::var("TERM").ok();
        ColorDepth::detect(colorterm.as_deref(), term.as_deref())
    }

    /// The colour this depth shows for `c`.
    pub fn fit(self, c: Color) -> Color {
        match (self, c) {
            (ColorDepth::TrueColor, c) => c,
            (ColorDepth::Indexed256, Color::Rgb(r, g, b)) => Color::Indexed(nearest_256(r, g, b)),
            (ColorDepth::Ansi16, Color::Rgb(r, g, b)) => nearest_16(r, g, b),
            (ColorDepth::Ansi16, Color::Indexed(n)) => {
                let (r, g, b) = rgb_of_index(n);
                nearest_16(r, g, b)
            }
            (_, c) => c,
        }
    }
}

fn distance((r1, g1, b1): (u8, u8, u8), (r2, g2, b2): (u8, u8, u8)) -> u32 {
    let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).unsigned_abs().pow(2);
    d(r1, r2) + d(g1, g2) + d(b1, b2)
}

/// The nearest of the 16 ANSI colours.
pub fn nearest_16(r: u8, g: u8, b: u8) -> Color {
    ANSI.iter()
        .min_by_key(|(_, rgb)| distance(*rgb, (r, g, b)))
        .map(|(c, _)| *c)
        .unwrap_or(Color::Reset)
}

/// The nearest xterm-256 index in the colour cube or the grey ramp (the
/// first 16 are left out: terminals redefine them).
pub fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    let level = |v: u8| {
        (0..6)
            .min_by_key(|&i| (i32::from(CUBE[i]) - i32::from(v)).abs())
            .unwrap_or(0)
    };
    let (ri, gi, bi) = (level(r), level(g), level(b));
    let cube_index = 16 + 36 * ri + 6 * gi + bi;
    let cube_rgb = (CUBE[ri], CUBE[gi], CUBE[bi]);
    let avg = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
    let grey_step = (avg.saturating_sub(8) / 10).min(23) as u8;
    // The step above may be nearer than the one below.
    let grey = (grey_step..=(grey_step + 1).min(23))
        .min_by_key(|&s| distance((8 + 10 * s, 8 + 10 * s, 8 + 10 * s), (r, g, b)))
        .unwrap_or(grey_step);
    let grey_v = 8 + 10 * grey;
    if distance((grey_v, grey_v, grey_v), (r, g, b)) < distance(cube_rgb, (r, g, b)) {
        232 + grey
    } else {
        cube_index as u8
    }
}

/// The RGB value xterm gives an index.
pub fn rgb_of_index(n: u8) -> (u8, u8, u8) {
    match n {
        0..=15 => ANSI[n as usize].1,
        16..=231 => {
            let i = usize::from(n - 16);
            (CUBE[i / 36], CUBE[(i / 6) % 6], CUBE[i % 6])
        }
        _ => {
            let v = 8 + 10 * (n - 232);
            (v, v, v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_comes_from_colorterm_then_term() {
        use ColorDepth::*;
        assert_eq!(
            ColorDepth::detect(Some("truecolor"), Some("xterm")),
            TrueColor
        );
        assert_eq!(ColorDepth::detect(Some("24bit"), None), TrueColor);
        assert_eq!(ColorDepth::detect(None, Some("xterm-256color")), Indexed256);
        assert_eq!(
            ColorDepth::detect(Some("yes"), Some("screen-256color")),
            Indexed256
        );
        assert_eq!(ColorDepth::detect(None, Some("xterm")), Ansi16);
        assert_eq!(ColorDepth::detect(None, None), Ansi16);
    }

    /// The oracle: the nearest of all 240 cube and grey entries, searched
    /// by brute force.
    fn brute_256(rgb: (u8, u8, u8)) -> u32 {
        (16..=255u8)
            .map(|i| distance(rgb_of_index(i), rgb))
            .min()
            .unwrap()
    }

    #[test]
    fn every_rgb_maps_to_a_nearest_256_index() {
        for r in (0..=255u8).step_by(5) {
            for g in (0..=255u8).step_by(15) {
                for b in (0..=255u8).step_by(17) {
                    let i = nearest_256(r, g, b);
                    assert!(i >= 16, "{r} {g} {b} -> {i}");
                    assert_eq!(
                        distance(rgb_of_index(i), (r, g, b)),
                        brute_256((r, g, b)),
                        "{r} {g} {b} -> {i}"
                    );
                    assert_eq!(
                        ColorDepth::Indexed256.fit(Color::Rgb(r, g, b)),
                        Color::Indexed(i)
                    );
                }
            }
        }
    }

    #[test]
    fn exact_cube_and_grey_colours_map_to_themselves() {
        for n in 16..=255u8 {
            let (r, g, b) = rgb_of_index(n);
            assert_eq!(rgb_of_index(nearest_256(r, g, b)), (r, g, b), "{n}");
        }
    }

    #[test]
    fn sixteen_colours_pick_the_nearest_ansi_colour() {
        assert_eq!(nearest_16(250, 10, 10), Color::LightRed);
        assert_eq!(nearest_16(30, 30, 30), Color::Black);
        assert_eq!(nearest_16(120, 120, 130), Color::DarkGray);
        assert_eq!(ColorDepth::Ansi16.fit(Color::Indexed(196)), Color::LightRed);
        assert_eq!(ColorDepth::Ansi16.fit(Color::Cyan), Color::Cyan);
        for (c, (r, g, b)) in ANSI {
            assert_eq!(nearest_16(r, g, b), c);
        }
    }
}
