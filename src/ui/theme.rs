//! Colours and emphasis. With colour off (NO_COLOR), every distinction that
//! matters is still made with modifiers: reverse, bold, underline.

use ratatui::style::{Color, Modifier, Style};

use crate::core::class::ByteClass;

/// The styles of one screen.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Self {
        Theme { color }
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
            ByteClass::Null => self.fg(Color::DarkGray),
            ByteClass::Printable => self.fg(Color::Cyan),
            ByteClass::Whitespace => self.fg(Color::Green),
            ByteClass::OtherAscii => self.fg(Color::Magenta),
            ByteClass::NonAscii => self.fg(Color::Yellow),
        }
    }

    /// An edited byte not yet saved.
    pub fn changed(&self, base: Style) -> Style {
        if self.color {
            base.fg(Color::LightRed)
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
            base.fg(Color::Red)
        } else {
            base
        }
    }

    /// The cursor in the focused pane.
    pub fn cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The element under the cursor, in the other panes.
    pub fn element(&self, base: Style) -> Style {
        if self.color {
            base.bg(Color::Rgb(60, 60, 90))
        } else {
            base.add_modifier(Modifier::UNDERLINED)
        }
    }

    /// A byte that continues a character drawn before it.
    pub fn continuation(&self, base: Style) -> Style {
        base.patch(self.fg(Color::DarkGray))
    }

    /// Bytes that are not valid in the text encoding.
    pub fn invalid(&self, base: Style) -> Style {
        if self.color {
            base.fg(Color::LightRed)
        } else {
            base.add_modifier(Modifier::ITALIC)
        }
    }

    /// A selected byte.
    /// The cursor on a selected byte: selected, and bold and underlined.
    pub fn cursor_selected(&self, base: Style) -> Style {
        self.selected(base)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn selected(&self, base: Style) -> Style {
        if self.color {
            base.bg(Color::Rgb(30, 80, 140))
        } else {
            base.add_modifier(Modifier::REVERSED)
        }
    }

    /// A byte of a match of the last search.
    pub fn matched(&self, base: Style) -> Style {
        if self.color {
            base.bg(Color::Rgb(110, 80, 0))
        } else {
            base.add_modifier(Modifier::UNDERLINED | Modifier::ITALIC)
        }
    }

    /// The bytes of the match the cursor is on, apart from the others.
    pub fn current_match(&self, base: Style) -> Style {
        if self.color {
            base.bg(Color::Rgb(200, 120, 0))
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD)
        } else {
            base.add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        }
    }

    /// The bytes of the field selected in the structure panel.
    pub fn field(&self, base: Style) -> Style {
        if self.color {
            base.bg(Color::Rgb(0, 90, 90))
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
        if self.color {
            let (r, g, b) = TINTS[color % TINTS.len()];
            base.bg(Color::Rgb(r, g, b))
        } else {
            base.add_modifier(Modifier::UNDERLINED)
        }
    }

    /// Records of the structure, alternately tinted (colour only: without
    /// it the selected field still stands out).
    pub fn band(&self, base: Style, index: usize) -> Style {
        match (self.color, index % 2) {
            (false, _) => base,
            (true, 0) => base.bg(Color::Rgb(26, 30, 40)),
            (true, _) => base.bg(Color::Rgb(44, 36, 26)),
        }
    }

    pub fn header(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    pub fn offset(&self, cursor_row: bool) -> Style {
        if cursor_row {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    pub fn separator(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn status(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Rgb(40, 40, 60)).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn modified(&self) -> Style {
        self.status()
            .add_modifier(Modifier::BOLD)
            .patch(self.fg(Color::LightRed))
    }

    pub fn error(&self) -> Style {
        self.fg(Color::LightRed).add_modifier(Modifier::BOLD)
    }

    pub fn info(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn prompt(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    /// A number being typed into the typed pane.
    pub fn entry(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
        }
    }
}
