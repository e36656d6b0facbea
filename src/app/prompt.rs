//! A one-line text input for prompts (save as, go to, find), with a cursor
//! and the usual editing keys.

use super::key::{Key, KeyCode};

/// Text being typed, with a cursor counted in characters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
}

/// What a key did to a line input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEvent {
    Edited,
    Submit,
    Cancel,
    /// Not a line-editing key: the caller may use it.
    Ignored,
}

impl LineInput {
    pub fn new(text: &str) -> Self {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, text: &str) {
        *self = LineInput::new(text);
    }

    fn byte_index(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars().filter(|c| !c.is_control()) {
            let at = self.byte_index(self.cursor);
            self.text.insert(at, c);
            self.cursor += 1;
        }
    }

    /// Applies a key.
    pub fn handle(&mut self, key: &Key) -> LineEvent {
        let len = self.text.chars().count();
        match key.code {
            KeyCode::Enter => return LineEvent::Submit,
            KeyCode::Esc => return LineEvent::Cancel,
            KeyCode::Char('c') | KeyCode::Char('g') if key.ctrl => return LineEvent::Cancel,
            KeyCode::Char('u') if key.ctrl => {
                let at = self.byte_index(self.cursor);
                self.text.drain(..at);
                self.cursor = 0;
            }
            KeyCode::Char('a') if key.ctrl => self.cursor = 0,
            KeyCode::Char('e') if key.ctrl => self.cursor = len,
            KeyCode::Char(c) if !key.ctrl && !key.alt => {
                let mut buf = [0; 4];
                self.insert_str(c.encode_utf8(&mut buf));
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_index(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte_index(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            KeyCode::Backspace | KeyCode::Delete => {}
            _ => return LineEvent::Ignored,
        }
        LineEvent::Edited
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(input: &mut LineInput, keys: &str) -> LineEvent {
        let mut last = LineEvent::Ignored;
        for k in Key::parse_seq(keys) {
            last = input.handle(&k);
        }
        last
    }

    #[test]
    fn edits_in_the_middle_and_submits() {
        let mut l = LineInput::new("");
        feed(&mut l, "a c Left b End d");
        assert_eq!(l.text(), "abcd");
        feed(&mut l, "Home Delete");
        assert_eq!(l.text(), "bcd");
        feed(&mut l, "End Backspace");
        assert_eq!(l.text(), "bc");
        assert_eq!(feed(&mut l, "Enter"), LineEvent::Submit);
        assert_eq!(feed(&mut l, "Esc"), LineEvent::Cancel);
        assert_eq!(feed(&mut l, "Up"), LineEvent::Ignored);
    }

    #[test]
    fn handles_multibyte_characters() {
        let mut l = LineInput::new("日本");
        feed(&mut l, "Left €");
        assert_eq!(l.text(), "日€本");
        feed(&mut l, "Backspace Backspace");
        assert_eq!(l.text(), "本");
    }
}
