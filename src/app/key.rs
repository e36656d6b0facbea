//! hexbuf's own key type: converted from terminal events by `term`, parsed
//! from strings like `"C-s"` or `"S-Up"` in tests and keymaps, and shown as
//! `Ctrl+S` in the help screen and the palette.

use std::fmt;

/// A key without modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// A key with its modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    pub const fn new(code: KeyCode) -> Self {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    pub const fn ctrl(code: KeyCode) -> Self {
        Key {
            code,
            ctrl: true,
            alt: false,
            shift: false,
        }
    }

    pub const fn shift(code: KeyCode) -> Self {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: true,
        }
    }

    pub const fn alt(code: KeyCode) -> Self {
        Key {
            code,
            ctrl: false,
            alt: true,
            shift: false,
        }
    }

    /// The character this key types, if it is a plain (or shifted) character.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// Parses `"a"`, `"C-s"`, `"S-Up"`, `"A-x"`, `"C-S-Home"`, `"F1"`,
    /// `"Enter"`, `"Space"`.
    pub fn parse(text: &str) -> Option<Key> {
        let mut key = Key::new(KeyCode::Esc);
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("C-") {
                key.ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("A-") {
                key.alt = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("S-") {
                key.shift = true;
                rest = r;
            } else {
                break;
            }
        }
        key.code = match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "Del" | "Delete" => KeyCode::Delete,
            "Ins" | "Insert" => KeyCode::Insert,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PgUp" | "PageUp" => KeyCode::PageUp,
            "PgDn" | "PageDown" => KeyCode::PageDown,
            "Space" => KeyCode::Char(' '),
            f if f.len() >= 2 && f.starts_with('F') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().ok()?)
            }
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
            _ => return None,
        };
        Some(key)
    }

    /// Parses a space-separated sequence of keys: `"5 2 C-s"`.
    pub fn parse_seq(text: &str) -> Vec<Key> {
        text.split_whitespace()
            .map(|k| Key::parse(k).unwrap_or_else(|| panic!("not a key: {k}")))
            .collect()
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl+")?;
        }
        if self.alt {
            f.write_str("Alt+")?;
        }
        if self.shift {
            f.write_str("Shift+")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.ctrl || self.alt => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift+Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Delete"),
            KeyCode::Insert => f.write_str("Insert"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_shows_keys() {
        let k = Key::parse("C-s").unwrap();
        assert_eq!(k, Key::ctrl(KeyCode::Char('s')));
        assert_eq!(k.to_string(), "Ctrl+S");
        assert_eq!(Key::parse("S-F3").unwrap().to_string(), "Shift+F3");
        assert_eq!(Key::parse("C-Home").unwrap().to_string(), "Ctrl+Home");
        assert_eq!(Key::parse("a").unwrap().typed_char(), Some('a'));
        assert_eq!(Key::parse("C-a").unwrap().typed_char(), None);
        assert_eq!(Key::parse_seq("5 2 Enter").len(), 3);
        assert!(Key::parse("Nope").is_none());
    }
}
