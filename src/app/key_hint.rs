//! The key names messages and hints give: the keys the user has, read from
//! the active keymap (a config file or `--keymap vi` may have moved a
//! command), never the default ones written into the text. A hint that
//! named a default key the user does not have would teach something false.

use super::command::{Cmd, Motion, info_of};
use super::key::{Key, KeyCode};
use super::keymap::Keymap;
use super::mode::{Mode, ModeCmd};
use super::state::App;

/// What a hint says for a mode command with no key.
pub const NO_KEY: &str = "no key";

impl Keymap {
    /// The key to name for `cmd`: of the keys F1 lists for it (in F1's
    /// order), the first that runs it in the current state (`normal`: vi's
    /// normal mode, where a normal-mode key may shadow a global one, and
    /// out of which letters type). `None` when no key runs it there.
    pub fn hint_key(&self, cmd: Cmd, normal: bool) -> Option<Key> {
        self.listed_keys(cmd)
            .find(|k| self.lookup(k, normal) == Some(cmd))
    }

    /// The key to name for `cmd` on something that stays on screen while
    /// vi's normal mode comes and goes (the status line's help): the
    /// first F1 lists that runs it in both, else [`Keymap::hint_key`].
    pub fn steady_key(&self, cmd: Cmd, normal: bool) -> Option<Key> {
        self.listed_keys(cmd)
            .find(|k| self.lookup(k, true) == Some(cmd) && self.lookup(k, false) == Some(cmd))
            .or_else(|| self.hint_key(cmd, normal))
    }

    /// How a message names the key of `cmd`, as F1 shows keys (`Ctrl+S`);
    /// for a command with no key, the way to it through the palette
    /// (`the palette (Ctrl+P): Save`).
    /// The keys of `cmd` in F1's order, less F13 and above: they only
    /// stand in for shifted F-keys on some terminals, and F1 does not list
    /// them.
    fn listed_keys(&self, cmd: Cmd) -> impl Iterator<Item = Key> {
        self.keys_for(cmd)
            .into_iter()
            .filter(|k| !matches!(k.code, KeyCode::F(n) if n > 12))
    }

    pub fn key_hint(&self, cmd: Cmd, normal: bool) -> String {
        if let Some(key) = self.hint_key(cmd, normal) {
            return key.to_string();
        }
        let name = info_of(cmd).map_or_else(|| format!("{cmd:?}"), |c| c.name.clone());
        match self.hint_key(Cmd::Palette, normal) {
            Some(key) => format!("the palette ({key}): {name}"),
            None => format!("the palette (no key): {name}"),
        }
    }

    /// The first key bound to `cmd` in `mode` (the one a config file bound
    /// last, else the default's first).
    pub fn mode_key(&self, mode: Mode, cmd: ModeCmd) -> Option<Key> {
        self.mode_bindings(mode)
            .find(|(_, c)| *c == cmd)
            .map(|(k, _)| k)
    }

    /// How a hint names the key of a mode's command: its key as F1 shows
    /// it, or [`NO_KEY`] when it has none.
    pub fn mode_key_hint(&self, mode: Mode, cmd: ModeCmd) -> String {
        self.mode_key(mode, cmd)
            .map_or_else(|| NO_KEY.to_string(), |k| k.to_string())
    }
}

impl App {
    /// How a message names the key of `cmd` for this user, in the current
    /// state (see [`Keymap::key_hint`]).
    pub fn key_hint(&self, cmd: Cmd) -> String {
        self.keymap.key_hint(cmd, self.vi_normal)
    }

    /// How a hint names the key of a mode's command (see
    /// [`Keymap::mode_key_hint`]).
    pub fn mode_key_hint(&self, mode: Mode, cmd: ModeCmd) -> String {
        self.keymap.mode_key_hint(mode, cmd)
    }

    /// A mode's keys as a title or hint lists them: `Enter: go there
    /// Esc: close`, each `key: what` three spaces apart; a command left
    /// without a key is left out.
    pub fn mode_hints(&self, mode: Mode, hints: &[(ModeCmd, &str)]) -> String {
        hints
            .iter()
            .filter_map(|&(cmd, what)| {
                let key = self.keymap.mode_key(mode, cmd)?;
                Some(format!("{key}: {what}"))
            })
            .collect::<Vec<_>>()
            .join("   ")
    }

    /// How to select: `Shift+arrows, Ctrl+A` with the default keys, else
    /// the keys of the four selecting motions and of select all.
    pub fn select_hint(&self) -> String {
        use Motion::*;
        let arrows: Vec<String> = [Left, Right, Up, Down]
            .into_iter()
            .map(|m| self.key_hint(Cmd::Select(m)))
            .collect();
        let arrows = if arrows == ["Shift+←", "Shift+→", "Shift+↑", "Shift+↓"] {
            "Shift+arrows".to_string()
        } else {
            arrows.join(" ")
        };
        format!("{arrows}, {}", self.key_hint(Cmd::SelectAll))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::{KeymapKind, Layer};

    fn k(text: &str) -> Key {
        Key::parse(text).unwrap()
    }

    #[test]
    fn default_keys_are_named_as_f1_names_them() {
        let m = Keymap::new(KeymapKind::Default);
        assert_eq!(m.key_hint(Cmd::Undo, false), "Ctrl+Z");
        assert_eq!(m.key_hint(Cmd::JumpBack, false), "Alt+O");
        assert_eq!(m.key_hint(Cmd::FindNext, false), "F3");
        assert_eq!(m.key_hint(Cmd::FindPrev, false), "Shift+F3");
        assert_eq!(m.key_hint(Cmd::SaveAs, false), "Alt+S");
        assert_eq!(m.mode_key_hint(Mode::Prompt, ModeCmd::FindCase), "Alt+C");
        assert_eq!(m.mode_key_hint(Mode::Confirm, ModeCmd::Yes), "y");
    }

    #[test]
    fn a_moved_command_is_named_by_its_new_key() {
        let mut m = Keymap::new(KeymapKind::Default);
        m.bind(Layer::Global, k("C-w"), Some(Cmd::Save));
        m.bind(Layer::Global, k("C-s"), None);
        assert_eq!(m.key_hint(Cmd::Save, false), "Ctrl+W");
        m.bind_mode(Mode::Prompt, k("C-t"), Some(ModeCmd::FindCase));
        assert_eq!(m.mode_key_hint(Mode::Prompt, ModeCmd::FindCase), "Ctrl+T");
        m.bind_mode(Mode::Prompt, k("C-t"), None);
        m.bind_mode(Mode::Prompt, k("A-c"), None);
        assert_eq!(m.mode_key_hint(Mode::Prompt, ModeCmd::FindCase), NO_KEY);
    }

    #[test]
    fn a_command_with_no_key_is_reached_through_the_palette() {
        let mut m = Keymap::new(KeymapKind::Default);
        m.bind(Layer::Global, k("A-o"), None);
        assert_eq!(
            m.key_hint(Cmd::JumpBack, false),
            "the palette (Ctrl+P): Jump back (after following a pointer or bookmark)"
        );
        m.bind(Layer::Global, k("C-p"), None);
        assert_eq!(m.key_hint(Cmd::Undo, false), "Ctrl+Z");
        assert_eq!(
            m.key_hint(Cmd::JumpBack, false),
            "the palette (no key): Jump back (after following a pointer or bookmark)"
        );
    }

    #[test]
    fn vi_names_the_key_that_works_in_the_current_state() {
        let m = Keymap::new(KeymapKind::Vi);
        // Normal mode: vi's own keys, as F1 lists them first.
        assert_eq!(m.key_hint(Cmd::Undo, true), "u");
        assert_eq!(m.key_hint(Cmd::Palette, true), ":");
        // Inserting, letters type: the global key.
        assert_eq!(m.key_hint(Cmd::Undo, false), "Ctrl+Z");
        // Ctrl+R is redo in normal mode, Ctrl+Y everywhere.
        assert_eq!(m.key_hint(Cmd::Redo, true), "Ctrl+R");
        assert_eq!(m.key_hint(Cmd::Redo, false), "Ctrl+Y");
        assert_eq!(m.key_hint(Cmd::Replace, false), "Ctrl+R");
        // …so in normal mode, find and replace is the palette's.
        assert_eq!(
            m.key_hint(Cmd::Replace, true),
            "the palette (:): Find and replace"
        );
        assert_eq!(m.key_hint(Cmd::Move(Motion::PageDown), true), "Ctrl+F");
        assert_eq!(m.key_hint(Cmd::Find, true), "/");
        // On the status line: a key that works in both.
        assert_eq!(m.steady_key(Cmd::Help, true), Some(k("F1")));
        assert_eq!(m.steady_key(Cmd::ViInsert, true), Some(k("i")));
    }
}
