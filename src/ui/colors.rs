//! The colours of a theme, by role: the built-in themes (dark, light,
//! high-contrast, basic16), the role names a config file's
//! `[theme.colors]` uses, and parsing a colour from its text.

use std::str::FromStr;

use ratatui::style::Color;

use super::depth::ColorDepth;

/// A colour for every role the screen draws. `cursor` is `Color::Reset`
/// when the cursor is drawn reversed rather than in a colour of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub null: Color,
    pub printable: Color,
    pub whitespace: Color,
    pub other: Color,
    pub non_ascii: Color,
    pub unsaved: Color,
    pub vanished: Color,
    pub invalid: Color,
    pub dim: Color,
    pub cursor: Color,
    pub element: Color,
    pub selection: Color,
    pub matched: Color,
    pub current_match: Color,
    pub current_match_text: Color,
    pub region: Color,
    pub band_even: Color,
    pub band_odd: Color,
    pub status: Color,
    pub status_text: Color,
    pub modified: Color,
    pub error: Color,
    pub info: Color,
    pub entry: Color,
    pub entry_text: Color,
}

/// A role's field in the palette.
type Field = fn(&mut Palette) -> &mut Color;

/// Every role by the name `[theme.colors]` gives it, with what it colours
/// (for the commented default file).
pub const ROLES: [(&str, Field, &str); 25] = [
    ("null", |p| &mut p.null, "zero bytes"),
    ("printable", |p| &mut p.printable, "printable ASCII"),
    ("whitespace", |p| &mut p.whitespace, "ASCII whitespace"),
    ("other", |p| &mut p.other, "other ASCII (control)"),
    ("non_ascii", |p| &mut p.non_ascii, "bytes 0x80-0xff"),
    ("unsaved", |p| &mut p.unsaved, "edited bytes not yet saved"),
    (
        "vanished",
        |p| &mut p.vanished,
        "bytes truncated by another program",
    ),
    (
        "invalid",
        |p| &mut p.invalid,
        "bytes invalid in the text encoding",
    ),
    ("dim", |p| &mut p.dim, "offsets, separators, hints"),
    (
        "cursor",
        |p| &mut p.cursor,
        "cursor background (\"reset\": reversed)",
    ),
    (
        "element",
        |p| &mut p.element,
        "the cursor's element in other panes",
    ),
    ("selection", |p| &mut p.selection, "selection background"),
    ("match", |p| &mut p.matched, "search matches background"),
    (
        "current_match",
        |p| &mut p.current_match,
        "the current match background",
    ),
    (
        "current_match_text",
        |p| &mut p.current_match_text,
        "the current match text",
    ),
    ("region", |p| &mut p.region, "the structure field selected"),
    ("band_even", |p| &mut p.band_even, "structure records, even"),
    ("band_odd", |p| &mut p.band_odd, "structure records, odd"),
    ("status", |p| &mut p.status, "status line background"),
    ("status_text", |p| &mut p.status_text, "status line text"),
    (
        "modified",
        |p| &mut p.modified,
        "[modified] in the status line",
    ),
    ("error", |p| &mut p.error, "error messages"),
    ("info", |p| &mut p.info, "information messages"),
    (
        "entry",
        |p| &mut p.entry,
        "a number being typed, background",
    ),
    (
        "entry_text",
        |p| &mut p.entry_text,
        "a number being typed, text",
    ),
];

/// The names of the built-in themes.
pub const THEMES: [&str; 4] = ["dark", "light", "high-contrast", "basic16"];

impl Default for Palette {
    fn default() -> Self {
        Palette::dark()
    }
}

impl Palette {
    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Palette> {
        match name {
            "dark" => Some(Palette::dark()),
            "light" => Some(Palette::light()),
            "high-contrast" => Some(Palette::high_contrast()),
            "basic16" => Some(Palette::basic16()),
            _ => None,
        }
    }

    /// The colours hexbuf has always had, for a dark background.
    pub fn dark() -> Palette {
        Palette {
            null: Color::DarkGray,
            printable: Color::Cyan,
            whitespace: Color::Green,
            other: Color::Magenta,
            non_ascii: Color::Yellow,
            unsaved: Color::LightRed,
            vanished: Color::Red,
            invalid: Color::LightRed,
            dim: Color::DarkGray,
            cursor: Color::Reset,
            element: Color::Rgb(60, 60, 90),
            selection: Color::Rgb(30, 80, 140),
            matched: Color::Rgb(110, 80, 0),
            current_match: Color::Rgb(200, 120, 0),
            current_match_text: Color::Black,
            region: Color::Rgb(0, 90, 90),
            band_even: Color::Rgb(26, 30, 40),
            band_odd: Color::Rgb(44, 36, 26),
            status: Color::Rgb(40, 40, 60),
            status_text: Color::White,
            modified: Color::LightRed,
            error: Color::LightRed,
            info: Color::Green,
            entry: Color::Yellow,
            entry_text: Color::Black,
        }
    }

    /// Dark text on a light background.
    pub fn light() -> Palette {
        Palette {
            null: Color::Rgb(150, 150, 150),
            printable: Color::Rgb(0, 90, 160),
            whitespace: Color::Rgb(0, 120, 40),
            other: Color::Rgb(150, 0, 140),
            non_ascii: Color::Rgb(160, 90, 0),
            unsaved: Color::Rgb(200, 0, 0),
            vanished: Color::Rgb(170, 0, 0),
            invalid: Color::Rgb(200, 0, 0),
            dim: Color::Rgb(130, 130, 130),
            cursor: Color::Reset,
            element: Color::Rgb(215, 215, 240),
            selection: Color::Rgb(170, 205, 250),
            matched: Color::Rgb(250, 225, 150),
            current_match: Color::Rgb(250, 170, 60),
            current_match_text: Color::Black,
            region: Color::Rgb(180, 235, 225),
            band_even: Color::Rgb(238, 242, 250),
            band_odd: Color::Rgb(250, 242, 230),
            status: Color::Rgb(210, 210, 225),
            status_text: Color::Black,
            modified: Color::Rgb(190, 0, 0),
            error: Color::Rgb(190, 0, 0),
            info: Color::Rgb(0, 120, 40),
            entry: Color::Rgb(255, 230, 120),
            entry_text: Color::Black,
        }
    }

    /// Bright, saturated colours and strong backgrounds.
    pub fn high_contrast() -> Palette {
        Palette {
            null: Color::Rgb(140, 140, 140),
            printable: Color::Rgb(255, 255, 255),
            whitespace: Color::Rgb(0, 255, 120),
            other: Color::Rgb(255, 90, 255),
            non_ascii: Color::Rgb(255, 220, 0),
            unsaved: Color::Rgb(255, 60, 60),
            vanished: Color::Rgb(255, 0, 0),
            invalid: Color::Rgb(255, 60, 60),
            dim: Color::Rgb(170, 170, 170),
            cursor: Color::Rgb(255, 255, 0),
            element: Color::Rgb(0, 0, 170),
            selection: Color::Rgb(0, 90, 255),
            matched: Color::Rgb(150, 100, 0),
            current_match: Color::Rgb(255, 150, 0),
            current_match_text: Color::Black,
            region: Color::Rgb(0, 130, 130),
            band_even: Color::Rgb(0, 0, 0),
            band_odd: Color::Rgb(50, 50, 50),
            status: Color::Rgb(255, 255, 255),
            status_text: Color::Black,
            modified: Color::Rgb(200, 0, 0),
            error: Color::Rgb(255, 60, 60),
            info: Color::Rgb(0, 255, 120),
            entry: Color::Rgb(255, 255, 0),
            entry_text: Color::Black,
        }
    }

    /// Only the 16 ANSI colours, which every colour terminal has (and
    /// whose exact shades the terminal's own palette decides).
    pub fn basic16() -> Palette {
        Palette {
            null: Color::DarkGray,
            printable: Color::Cyan,
            whitespace: Color::Green,
            other: Color::Magenta,
            non_ascii: Color::Yellow,
            unsaved: Color::LightRed,
            vanished: Color::Red,
            invalid: Color::LightRed,
            dim: Color::DarkGray,
            cursor: Color::Reset,
            element: Color::Blue,
            selection: Color::Blue,
            matched: Color::Yellow,
            current_match: Color::LightYellow,
            current_match_text: Color::Black,
            region: Color::Cyan,
            band_even: Color::Reset,
            band_odd: Color::Black,
            status: Color::Blue,
            status_text: Color::White,
            modified: Color::LightRed,
            error: Color::LightRed,
            info: Color::Green,
            entry: Color::Yellow,
            entry_text: Color::Black,
        }
    }

    /// Sets a role's colour; false if there is no such role.
    pub fn set(&mut self, role: &str, color: Color) -> bool {
        match ROLES.iter().find(|(name, _, _)| *name == role) {
            Some((_, field, _)) => {
                *field(self) = color;
                true
            }
            None => false,
        }
    }

    /// A role's colour by name.
    pub fn get(&self, role: &str) -> Option<Color> {
        let mut copy = *self;
        ROLES
            .iter()
            .find(|(name, _, _)| *name == role)
            .map(|(_, field, _)| *field(&mut copy))
    }

    /// Every colour as the terminal's colour depth can show it.
    pub fn for_depth(mut self, depth: ColorDepth) -> Palette {
        for (_, field, _) in ROLES {
            let c = field(&mut self);
            *c = depth.fit(*c);
        }
        self
    }
}

/// Parses `"#rrggbb"`, a colour name (`red`, `lightblue`, `darkgray`…), an
/// xterm index `0`–`255`, or `reset` / `default` (the terminal's own colour).
pub fn parse_color(text: &str) -> Option<Color> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let v = u32::from_str_radix(hex, 16).ok()?;
        return Some(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
    }
    if t.eq_ignore_ascii_case("default") {
        return Some(Color::Reset);
    }
    if let Ok(n) = t.parse::<u8>() {
        return Some(Color::Indexed(n));
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Color::from_str(t).ok()
}

/// A colour as a config file writes it.
pub fn color_text(c: Color) -> String {
    match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(n) => n.to_string(),
        Color::Reset => "reset".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_from_hex_names_and_indexes() {
        assert_eq!(parse_color("#606060"), Some(Color::Rgb(0x60, 0x60, 0x60)));
        assert_eq!(parse_color("lightred"), Some(Color::LightRed));
        assert_eq!(parse_color("DarkGray"), Some(Color::DarkGray));
        assert_eq!(parse_color("208"), Some(Color::Indexed(208)));
        assert_eq!(parse_color("reset"), Some(Color::Reset));
        for bad in ["", "#12345", "#gggggg", "256", "chartreuse-ish"] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn colour_text_parses_back_for_every_role_of_every_theme() {
        for name in THEMES {
            let p = Palette::builtin(name).unwrap();
            for (role, _, _) in ROLES {
                let c = p.get(role).unwrap();
                assert_eq!(parse_color(&color_text(c)), Some(c), "{name} {role}");
            }
        }
    }

    #[test]
    fn basic16_uses_only_the_sixteen_ansi_colours() {
        let p = Palette::basic16();
        for (role, _, _) in ROLES {
            let c = p.get(role).unwrap();
            assert!(
                !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                "{role}: {c:?}"
            );
        }
    }

    #[test]
    fn setting_a_role_changes_only_it() {
        let mut p = Palette::dark();
        assert!(p.set("null", Color::Rgb(1, 2, 3)));
        assert_eq!(p.null, Color::Rgb(1, 2, 3));
        assert_eq!(p.printable, Palette::dark().printable);
        assert!(!p.set("nul", Color::Red));
    }
}
