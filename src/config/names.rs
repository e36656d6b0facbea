//! The names a config file uses: keys as `"C-s"`, pane commands as the
//! palette shows them, mode commands as help lists them, and the
//! `[keys.<section>]` sections.

use crate::app::command::{Cmd, commands};
use crate::app::key::{Key, KeyCode};
use crate::app::mode::{Mode, ModeCmd, default_bindings};

/// A `[keys.<section>]` of a config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// `[keys.global]`: the panes' keys in every state of every keymap.
    Global,
    /// `[keys.normal]`: the panes' keys; vi's normal mode in the vi keymap.
    Normal,
    /// `[keys.insert]`: while editing (vi's insert and replace modes).
    Insert,
    /// `[keys.prompt]`, `[keys.palette]`…: a mode's keys.
    Mode(Mode),
}

impl Section {
    /// Every section, in the order the default file lists them.
    pub fn all() -> Vec<Section> {
        let mut all = vec![Section::Normal, Section::Insert, Section::Global];
        all.extend(Mode::ALL.into_iter().map(Section::Mode));
        all
    }

    pub fn name(self) -> &'static str {
        match self {
            Section::Global => "global",
            Section::Normal => "normal",
            Section::Insert => "insert",
            Section::Mode(m) => m.name(),
        }
    }

    pub fn parse(name: &str) -> Option<Section> {
        Section::all().into_iter().find(|s| s.name() == name)
    }
}

/// A pane command by its palette name, matched without regard to case,
/// or by that name in lowercase words joined by `-` (`"go-to-offset"`).
pub fn pane_command(name: &str) -> Option<Cmd> {
    let want = name.trim();
    commands()
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(want) || slug(&c.name) == want)
        .map(|c| c.cmd)
}

/// `"Save as…"` → `"save-as"`.
pub fn slug(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A mode command's name: help's, with the format's number for
/// `pick-format-N`.
pub fn mode_command_name(cmd: ModeCmd) -> String {
    match cmd {
        ModeCmd::PickFormat(n) => format!("pick-format-{n}"),
        other => other.info().0.to_string(),
    }
}

/// A command of `mode` by name: one of the commands the mode has.
pub fn mode_command(mode: Mode, name: &str) -> Option<ModeCmd> {
    mode_commands(mode)
        .into_iter()
        .find(|c| mode_command_name(*c) == name.trim())
}

/// The commands a mode has (those its default keys run), in table order.
pub fn mode_commands(mode: Mode) -> Vec<ModeCmd> {
    let mut out = Vec::new();
    for (m, _, cmd) in default_bindings() {
        if m == mode && !out.contains(&cmd) {
            out.push(cmd);
        }
    }
    out
}

/// A key as a config file writes it: `"C-s"`, `"S-Up"`, `"A-1"`.
pub fn key_text(key: &Key) -> String {
    let mut s = String::new();
    if key.ctrl {
        s += "C-";
    }
    if key.alt {
        s += "A-";
    }
    if key.shift {
        s += "S-";
    }
    let code = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "BackTab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Delete".into(),
        KeyCode::Insert => "Insert".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::Up => "Up".into(),
        KeyCode::Down => "Down".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::F(n) => format!("F{n}"),
    };
    s + &code
}

/// The names of keys, as [`Key::parse`] spells them.
const NAMES: [&str; 20] = [
    "Enter",
    "Esc",
    "Tab",
    "BackTab",
    "Backspace",
    "Del",
    "Delete",
    "Ins",
    "Insert",
    "Left",
    "Right",
    "Up",
    "Down",
    "Home",
    "End",
    "PgUp",
    "PageUp",
    "PgDn",
    "PageDown",
    "Space",
];

/// Parses a key as a config file writes it: `"C-s"`, or as help shows it,
/// `"Ctrl+S"`; key names in any case (`"enter"`, `"f5"`). A letter with
/// Ctrl is the same key in either case (`"C-W"` is `"C-w"`), as terminals
/// send it.
pub fn parse_key(text: &str) -> Option<Key> {
    let mut rest = text.trim();
    let mut spelled = String::new();
    loop {
        let lower = rest.to_ascii_lowercase();
        let prefix = [
            ("ctrl+", "C-"),
            ("ctrl-", "C-"),
            ("alt+", "A-"),
            ("alt-", "A-"),
            ("shift+", "S-"),
            ("shift-", "S-"),
            ("c-", "C-"),
            ("a-", "A-"),
            ("s-", "S-"),
        ]
        .into_iter()
        .find(|(p, _)| lower.starts_with(p) && rest.len() > p.len());
        match prefix {
            Some((p, short)) => {
                spelled += short;
                rest = &rest[p.len()..];
            }
            None => break,
        }
    }
    if rest.chars().count() > 1 {
        if let Some(name) = NAMES.iter().find(|n| n.eq_ignore_ascii_case(rest)) {
            spelled += name;
        } else if let Some(n) = rest.strip_prefix(['f', 'F']) {
            spelled += &format!("F{n}");
        } else {
            spelled += rest;
        }
    } else {
        spelled += rest;
    }
    let mut key = Key::parse(&spelled)?;
    if let KeyCode::Char(c) = key.code
        && key.ctrl
        && c.is_ascii_uppercase()
    {
        key.code = KeyCode::Char(c.to_ascii_lowercase());
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::{Keymap, KeymapKind, Layer};

    #[test]
    fn palette_names_and_their_slugs_name_commands() {
        assert_eq!(pane_command("Save"), Some(Cmd::Save));
        assert_eq!(pane_command("save"), Some(Cmd::Save));
        assert_eq!(pane_command("Go to offset"), Some(Cmd::Goto));
        assert_eq!(pane_command("go-to-offset"), Some(Cmd::Goto));
        assert_eq!(pane_command("save-as"), Some(Cmd::SaveAs));
        assert_eq!(pane_command("sav"), None);
        for c in commands() {
            assert_eq!(pane_command(&c.name), Some(c.cmd), "{}", c.name);
            assert_eq!(pane_command(&slug(&c.name)), Some(c.cmd), "{}", c.name);
        }
    }

    #[test]
    fn every_default_key_writes_and_parses_back() {
        for kind in [KeymapKind::Default, KeymapKind::Vi] {
            let m = Keymap::new(kind);
            for layer in [Layer::Global, Layer::Normal, Layer::Editing] {
                for (k, _) in m.layer(layer) {
                    assert_eq!(parse_key(&key_text(k)), Some(*k), "{k:?}");
                }
            }
        }
        for (_, k, _) in default_bindings() {
            let key = Key::parse(k).unwrap();
            assert_eq!(parse_key(&key_text(&key)), Some(key));
        }
        assert_eq!(parse_key("C-W"), parse_key("C-w"));
        assert_eq!(parse_key("C-Nope"), None);
        assert_eq!(parse_key("Ctrl+W"), parse_key("C-w"));
        assert_eq!(parse_key("ctrl+shift+home"), parse_key("C-S-Home"));
        assert_eq!(parse_key("Alt+Enter"), parse_key("A-Enter"));
        assert_eq!(parse_key("f5"), parse_key("F5"));
        assert_eq!(parse_key("pgdn"), parse_key("PgDn"));
        assert_eq!(parse_key("S"), Some(Key::new(KeyCode::Char('S'))));
        assert_eq!(parse_key("-"), Some(Key::new(KeyCode::Char('-'))));
        assert_eq!(parse_key("A--"), Some(Key::alt(KeyCode::Char('-'))));
        assert_eq!(parse_key("Ctrl+"), None);
        assert_eq!(parse_key("fx"), None);
    }

    #[test]
    fn mode_commands_are_named_per_mode() {
        assert_eq!(mode_command(Mode::Prompt, "accept"), Some(ModeCmd::Accept));
        assert_eq!(mode_command(Mode::Prompt, "expand"), None);
        assert_eq!(
            mode_command(Mode::List, "pick-format-3"),
            Some(ModeCmd::PickFormat(3))
        );
        assert_eq!(Section::parse("normal"), Some(Section::Normal));
        assert_eq!(
            Section::parse("palette"),
            Some(Section::Mode(Mode::Palette))
        );
        assert_eq!(Section::parse("visual"), None);
    }
}
