//! A one-line text input for prompts (save as, go to, find), with a cursor
//! and the usual editing keys.

use super::mode::ModeCmd;

/// Text being typed, with a cursor counted in characters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
    /// The whole text is selected: typing replaces it, Backspace and
    /// Delete erase it, a move keeps it (as a GUI's prefilled field).
    selected: bool,
}

impl LineInput {
    pub fn new(text: &str) -> Self {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
            selected: false,
        }
    }

    /// Prefilled text, selected so that typing replaces it.
    pub fn preselected(text: &str) -> Self {
        LineInput {
            selected: !text.is_empty(),
            ..LineInput::new(text)
        }
    }

    /// Whether the whole text is selected.
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// Takes the selected text away, before typing or erasing over it.
    fn take_selection(&mut self) -> bool {
        if std::mem::take(&mut self.selected) {
            self.text.clear();
            self.cursor = 0;
            true
        } else {
            false
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
        self.take_selection();
        for c in s.chars().filter(|c| !c.is_control()) {
            let at = self.byte_index(self.cursor);
            self.text.insert(at, c);
            self.cursor += 1;
        }
    }

    /// Types one character at the cursor.
    pub fn type_char(&mut self, c: char) {
        let mut buf = [0; 4];
        self.insert_str(c.encode_utf8(&mut buf));
    }

    /// Applies a line-editing command; false for commands that are not
    /// line editing (the caller's to handle).
    pub fn edit(&mut self, cmd: ModeCmd) -> bool {
        if matches!(
            cmd,
            ModeCmd::EraseToStart | ModeCmd::EraseBack | ModeCmd::EraseForward
        ) && self.take_selection()
        {
            return true;
        }
        let len = self.text.chars().count();
        match cmd {
            ModeCmd::EraseToStart => {
                let at = self.byte_index(self.cursor);
                self.text.drain(..at);
                self.cursor = 0;
            }
            ModeCmd::LineStart => self.cursor = 0,
            ModeCmd::LineEnd => self.cursor = len,
            ModeCmd::EraseBack => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    let at = self.byte_index(self.cursor);
                    self.text.remove(at);
                }
            }
            ModeCmd::EraseForward => {
                if self.cursor < len {
                    let at = self.byte_index(self.cursor);
                    self.text.remove(at);
                }
            }
            ModeCmd::CharLeft => self.cursor = self.cursor.saturating_sub(1),
            ModeCmd::CharRight => self.cursor = (self.cursor + 1).min(len),
            _ => return false,
        }
        // A move keeps the text and drops the selection.
        self.selected = false;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::key::Key;
    use crate::app::mode::Mode;

    /// Feeds keys through the prompt's default bindings; typed characters
    /// are typed.
    fn feed(input: &mut LineInput, keys: &str) {
        let bindings = crate::app::mode::default_bindings();
        for k in Key::parse_seq(keys) {
            let bound = bindings
                .iter()
                .find(|(m, key, _)| *m == Mode::Prompt && Key::parse(key) == Some(k));
            match bound {
                Some((_, _, cmd)) => {
                    input.edit(*cmd);
                }
                None => input.type_char(k.typed_char().expect("a character")),
            }
        }
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
        assert!(!l.edit(ModeCmd::Accept), "Enter is not line editing");
        feed(&mut l, "C-u");
        assert_eq!(l.text(), "");
    }

    #[test]
    fn a_preselected_name_is_replaced_by_typing_or_kept_by_a_move() {
        let mut l = LineInput::preselected("ins-link.bin");
        feed(&mut l, "s a v e");
        assert_eq!(l.text(), "save");
        let mut l = LineInput::preselected("ins-link.bin");
        feed(&mut l, "Left Left Left Left x");
        assert_eq!(l.text(), "ins-linkx.bin");
        let mut l = LineInput::preselected("a.bin");
        feed(&mut l, "Backspace");
        assert_eq!(l.text(), "");
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
