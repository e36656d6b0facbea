//! Colours and emphasis. With colour off (NO_COLOR), every distinction that
//! matters is still made with modifiers: reverse, bold, underline. The
//! colours themselves come from a [`Palette`] (the theme a config chose).

use ratatui::style::{Color, Modifier, Style};

use super::colors::Palette;
use super::depth::ColorDepth;
use crate::app::state::ViewSettings;
use crate::core::class::ByteClass;

/// The styles of one screen.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
    pub palette: Palette,
    /// The terminal's colour depth, which the palette is fitted to.
    pub depth: ColorDepth,
}

impl Theme {
    /// The default (dark) colours, or none.
    pub fn new(color: bool) -> Self {
        Theme {
            color,
            palette: Palette::dark(),
            depth: ColorDepth::TrueColor,
        }
    }

    /// The view's theme.
    pub fn of(view: &ViewSettings) -> Self {
        Theme {
            color: view.color,
            palette: view.palette,
            depth: view.depth,
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// A byte by its class.
    pub fn byte(&self, class: ByteClass) -> Style {
        match class {
            ByteClass::Null => self.fg(self.palette.null),
            ByteClass::Printable => self.fg(self.palette.printable),
            ByteClass::Whitespace => self.fg(self.palette.whitespace),
            ByteClass::OtherAscii => self.fg(self.palette.other),
            ByteClass::NonAscii => self.fg(self.palette.non_ascii),
        }
    }

    /// An edited byte not yet saved.
    pub fn changed(&self, base: Style) -> Style {
        if self.color {
            // On a tint of the same colour (16 colours have few) the byte
            // would vanish: black or white there, still bold and underlined.
            let fg = match base.bg {
                Some(bg) if bg == self.palette.unsaved => contrast(bg),
                _ => self.palette.unsaved,
            };
            base.fg(fg)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// A byte whose file bytes another program truncated away: it reads as
    /// zero, and is struck through so it is not taken for a real zero.
    pub fn vanished(&self, base: Style) -> Style {
        let base = base.add_modifier(Modifier::CROSSED_OUT);
        if self.color {
            base.fg(self.palette.vanished)
        } else {
            base
        }
    }

    /// The cursor in the focused pane.
    pub fn cursor(&self) -> Style {
        match self.palette.cursor {
            // A cursor colour of its own, with text that stands out on it.
            c if self.color && c != Color::Reset => Style::new()
                .bg(c)
                .fg(contrast(c))
                .add_modifier(Modifier::BOLD),
            _ => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    /// The element under the cursor, in the other panes.
    pub fn element(&self, base: Style) -> Style {
        if self.color {
            base.bg(self.palette.element)
        } else {
            base.add_modifier(Modifier::UNDERLINED)
        }
    }

    /// A byte that continues a character drawn before it.
    pub fn continuation(&self, base: Style) -> Style {
        base.patch(self.fg(self.palette.dim))
    }

    /// Bytes that are not valid in the text encoding.
    pub fn invalid(&self, base: Style) -> Style {
        if self.color {
            base.fg(self.palette.invalid)
        } else {
            base.add_modifier(Modifier::ITALIC)
        }
    }

    /// The cursor on a selected byte: selected, and bold and underlined.
    pub fn cursor_selected(&self, base: Style) -> Style {
        self.selected(base)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// A selected byte.
    pub fn selected(&self, base: Style) -> Style {
        if self.color {
            base.bg(self.palette.selection)
        } else {
            base.add_modifier(Modifier::REVERSED)
        }
    }

    /// A byte of a match of the last search.
    pub fn matched(&self, base: Style) -> Style {
        if self.color {
            base.bg(self.palette.matched)
        } else {
            base.add_modifier(Modifier::UNDERLINED | Modifier::ITALIC)
        }
    }

    /// The bytes of the match the cursor is on, apart from the others.
    pub fn current_match(&self, base: Style) -> Style {
        if self.color {
            base.bg(self.palette.current_match)
                .fg(self.palette.current_match_text)
                .add_modifier(Modifier::BOLD)
        } else {
            base.add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        }
    }

    /// The bytes of the field selected in the structure panel.
    pub fn field(&self, base: Style) -> Style {
        if self.color {
            base.bg(self.palette.region)
        } else {
            base.add_modifier(Modifier::BOLD | Modifier::ITALIC)
        }
    }

    /// A byte of a named region (bookmark), tinted by its colour (see
    /// `core::bookmarks::COLORS`); without colour, underlined.
    pub fn region(&self, base: Style, color: usize) -> Style {
        const TINTS: [(u8, u8, u8); 6] = [
            (70, 62, 0),
            (0, 64, 20),
            (0, 58, 72),
            (70, 0, 64),
            (80, 10, 10),
            (10, 24, 90),
        ];
        // Six dark tints would fall on one or two of the 16 colours: those
        // get six of their own, bright enough that the bytes' own colours
        // could vanish on them (cyan text on cyan): the text is black or
        // white there.
        const ANSI: [Color; 6] = [
            Color::Yellow,
            Color::Green,
            Color::Cyan,
            Color::Magenta,
            Color::Red,
            Color::Blue,
        ];
        if self.color {
            self.tint(base, TINTS[color % TINTS.len()], ANSI[color % ANSI.len()])
        } else {
            base.add_modifier(Modifier::UNDERLINED)
        }
    }

    /// A background drawn beside the palette's: `rgb` fitted to the
    /// terminal's depth, or on 16 colours `ansi` (chosen to stay distinct
    /// where fitting would merge tints) with black or white text, as the
    /// byte's own colour may be `ansi` too.
    pub fn tint(&self, base: Style, (r, g, b): (u8, u8, u8), ansi: Color) -> Style {
        match self.depth {
            ColorDepth::Ansi16 => base.bg(ansi).fg(contrast(ansi)),
            depth => base.bg(depth.fit(Color::Rgb(r, g, b))),
        }
    }

    /// Records of the structure, alternately tinted (colour only: without
    /// it the selected field still stands out).
    pub fn band(&self, base: Style, index: usize) -> Style {
        match (self.color, index % 2) {
            (false, _) => base,
            (true, 0) => base.bg(self.palette.band_even),
            (true, _) => base.bg(self.palette.band_odd),
        }
    }

    pub fn header(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            self.fg(self.palette.dim)
        }
    }

    pub fn offset(&self, cursor_row: bool) -> Style {
        if cursor_row {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            self.fg(self.palette.dim)
        }
    }

    pub fn separator(&self) -> Style {
        self.fg(self.palette.dim)
    }

    pub fn status(&self) -> Style {
        if self.color {
            Style::new()
                .bg(self.palette.status)
                .fg(self.palette.status_text)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn modified(&self) -> Style {
        self.status()
            .add_modifier(Modifier::BOLD)
            .patch(self.fg(self.palette.modified))
    }

    pub fn error(&self) -> Style {
        self.fg(self.palette.error).add_modifier(Modifier::BOLD)
    }

    pub fn info(&self) -> Style {
        self.fg(self.palette.info)
    }

    pub fn prompt(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        self.fg(self.palette.dim)
    }

    /// A number being typed into the typed pane.
    pub fn entry(&self) -> Style {
        if self.color {
            Style::new()
                .bg(self.palette.entry)
                .fg(self.palette.entry_text)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
        }
    }
}

/// Black or white, whichever reads better on `bg`.
fn contrast(bg: Color) -> Color {
    let (r, g, b) = match bg {
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(n) => super::depth::rgb_of_index(n),
        Color::Black | Color::Red | Color::Blue | Color::Magenta | Color::DarkGray => (0, 0, 0),
        _ => (255, 255, 255),
    };
    let luma = 299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b);
    if luma > 128_000 {
        Color::Black
    } else {
        Color::White
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(depth: ColorDepth) -> Theme {
        Theme {
            depth,
            ..Theme::new(true)
        }
    }

    fn bg(s: Style) -> Color {
        s.bg.expect("a background")
    }

    /// Region tints and differing bytes are drawn in colours the terminal
    /// has, as the palette is: six distinct ones even with 16 colours.
    #[test]
    fn colours_beside_the_palette_fit_the_terminal_s_depth() {
        let tints = |depth| -> Vec<Color> {
            (0..6)
                .map(|i| bg(theme(depth).region(Style::new(), i)))
                .collect()
        };
        assert!(
            tints(ColorDepth::TrueColor)
                .iter()
                .all(|c| matches!(c, Color::Rgb(..)))
        );
        assert!(
            tints(ColorDepth::Indexed256)
                .iter()
                .all(|c| matches!(c, Color::Indexed(_)))
        );
        let ansi = tints(ColorDepth::Ansi16);
        assert!(
            ansi.iter()
                .all(|c| !matches!(c, Color::Rgb(..) | Color::Indexed(_)))
        );
        let mut distinct = ansi.clone();
        distinct.sort_by_key(|c| format!("{c:?}"));
        distinct.dedup();
        assert_eq!(distinct.len(), 6, "{ansi:?}");
        let differ = |depth| bg(crate::ui::compare::differ(theme(depth), Style::new()));
        assert!(matches!(differ(ColorDepth::TrueColor), Color::Rgb(..)));
        assert!(matches!(differ(ColorDepth::Indexed256), Color::Indexed(_)));
        assert_eq!(differ(ColorDepth::Ansi16), Color::Red);
    }

    /// On a 16-colour terminal the bytes of a region, and differing bytes,
    /// stay readable: no byte class (nor an unsaved byte) is drawn in the
    /// colour of the background under it.
    #[test]
    fn text_on_the_16_colour_tints_is_not_the_tint() {
        for name in super::super::colors::THEMES {
            let palette = Palette::builtin(name).expect("a built-in theme");
            let t = Theme {
                palette: palette.for_depth(ColorDepth::Ansi16),
                ..theme(ColorDepth::Ansi16)
            };
            readable_on_tints(t, name);
        }
    }

    fn readable_on_tints(t: Theme, name: &str) {
        let classes = [
            ByteClass::Null,
            ByteClass::Printable,
            ByteClass::Whitespace,
            ByteClass::OtherAscii,
            ByteClass::NonAscii,
        ];
        for class in classes {
            let base = t.byte(class);
            let styles = (0..6)
                .map(|i| t.region(base, i))
                .chain([crate::ui::compare::differ(t, base)]);
            for s in styles {
                for s in [s, t.changed(s)] {
                    assert_ne!(s.fg, s.bg, "{name}, {class:?}: {s:?}");
                }
            }
        }
    }
}
