//! Lesson texts name keys as the default keymap has them (`Ctrl+S`,
//! `F7`, `Alt+2`): that is what `tests/learn.rs` follows. Shown to a
//! learner whose config or `--keymap vi` moved a command, each key that no
//! longer runs its command is replaced by the key that does.

use std::sync::OnceLock;

use crate::app::key::Key;
use crate::app::keymap::{Keymap, KeymapKind};
use crate::app::mode::Mode;

/// The keymap lesson texts are written for.
fn written_for() -> &'static Keymap {
    static MAP: OnceLock<Keymap> = OnceLock::new();
    MAP.get_or_init(|| Keymap::new(KeymapKind::Default))
}

/// A key as help and lessons write it (`Ctrl+S`, `Shift+Right`, `F7`,
/// `Tab`); `None` for anything else, such as text to type.
fn parse_named(word: &str) -> Option<Key> {
    let mut rest = word;
    let mut spelled = String::new();
    loop {
        if let Some(r) = rest.strip_prefix("Ctrl+") {
            spelled.push_str("C-");
            rest = r;
        } else if let Some(r) = rest.strip_prefix("Alt+") {
            spelled.push_str("A-");
            rest = r;
        } else if let Some(r) = rest.strip_prefix("Shift+") {
            spelled.push_str("S-");
            rest = r;
        } else {
            break;
        }
    }
    const PLAIN: [&str; 14] = [
        "Tab",
        "Enter",
        "Esc",
        "Left",
        "Right",
        "Up",
        "Down",
        "Home",
        "End",
        "PgUp",
        "PgDn",
        "Insert",
        "Delete",
        "Backspace",
    ];
    let f_key = rest.len() >= 2 && rest.starts_with('F') && rest[1..].parse::<u8>().is_ok();
    if PLAIN.contains(&rest) || f_key {
        spelled.push_str(rest);
    } else if !spelled.is_empty() && rest.chars().count() == 1 {
        // Ctrl+P is the key of the letter p.
        spelled.push_str(&rest.to_lowercase());
    } else {
        return None;
    }
    Key::parse(&spelled)
}

/// The word for `key` under `keymap`: unchanged when it still runs the
/// command it runs in the default keymap (or runs none there), else the
/// user's key for that command.
fn translate(word: &str, key: Key, keymap: &Keymap, normal: bool) -> String {
    match written_for().lookup(&key, false) {
        Some(cmd) if keymap.lookup(&key, normal) != Some(cmd) => keymap.key_hint(cmd, normal),
        _ => word.to_string(),
    }
}

/// A key of a mode, as a backtick span writes it: the mode's name as a
/// config file has it, a colon, the key (`list:Esc`: Esc in a list panel,
/// where it closes the panel, not the panes' Esc that clears the
/// selection). Shown without the mode.
fn mode_key(word: &str) -> Option<(Mode, &str, Key)> {
    let (name, key) = word.split_once(':')?;
    let mode = Mode::ALL.into_iter().find(|m| m.name() == name)?;
    Some((mode, key, parse_named(key)?))
}

/// [`translate`] for a key of `mode`.
fn translate_in_mode(word: &str, mode: Mode, key: Key, keymap: &Keymap) -> String {
    match written_for().lookup_mode(mode, &key) {
        Some(cmd) if keymap.lookup_mode(mode, &key) != Some(cmd) => keymap.mode_key_hint(mode, cmd),
        _ => word.to_string(),
    }
}

/// One word of a backtick span of key names, as shown.
fn span_word(word: &str, keymap: &Keymap, normal: bool) -> Option<String> {
    if let Some((mode, written, key)) = mode_key(word) {
        return Some(translate_in_mode(written, mode, key, keymap));
    }
    parse_named(word).map(|key| translate(word, key, keymap, normal))
}

/// A word of prose: a key with a modifier or an F-key (`Alt+H`, `F4`),
/// perhaps with punctuation around it, is translated; other words, even
/// `Tab` or `End`, are words.
fn prose_word(word: &str, keymap: &Keymap, normal: bool) -> String {
    let start = word
        .find(|c: char| c.is_alphanumeric())
        .unwrap_or(word.len());
    let mut end = start
        + word[start..]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_alphanumeric() || c == '+')
            .map_or(0, |(i, c)| i + c.len_utf8());
    // `Alt+.`: the character after a final + is the key's.
    if word[start..end].ends_with('+') {
        end += word[end..].chars().next().map_or(0, char::len_utf8);
    }
    let core = &word[start..end];
    let keyish = core.contains('+') || core.starts_with('F');
    match parse_named(core) {
        Some(key) if keyish => format!(
            "{}{}{}",
            &word[..start],
            translate(core, key, keymap, normal),
            &word[end..]
        ),
        _ => word.to_string(),
    }
}

/// `text` with its keys as `keymap` has them (`normal`: vi's normal mode).
/// A backtick span of key names (`Tab Tab`, `Ctrl+G`) has each translated;
/// a span of text to type is left alone; in prose, keys with a modifier and
/// F-keys are translated.
pub fn with_keys(text: &str, keymap: &Keymap, normal: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        let span = i % 2 == 1;
        let words: Option<Vec<String>> = part
            .split_whitespace()
            .map(|w| span_word(w, keymap, normal))
            .collect();
        match words {
            Some(words) if span && !words.is_empty() => out.push_str(&words.join(" ")),
            _ if span => out.push_str(part),
            _ => {
                let mut word = String::new();
                for c in part.chars() {
                    if c.is_whitespace() {
                        out.push_str(&prose_word(&word, keymap, normal));
                        word.clear();
                        out.push(c);
                    } else {
                        word.push(c);
                    }
                }
                out.push_str(&prose_word(&word, keymap, normal));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::command::Cmd;
    use crate::app::keymap::Layer;
    use crate::app::lesson::builtin;

    fn k(text: &str) -> Key {
        Key::parse(text).unwrap()
    }

    /// Every text a lesson shows.
    fn texts() -> Vec<String> {
        let mut all = Vec::new();
        for l in builtin() {
            all.push(l.intro.clone());
            for s in &l.steps {
                all.push(s.goal.clone());
                all.push(s.done.clone());
            }
        }
        all
    }

    #[test]
    fn the_default_keymap_shows_the_lessons_as_written() {
        let m = Keymap::new(KeymapKind::Default);
        for t in texts() {
            // A mode's key is shown without its mode, wherever it stands
            // in its span.
            let plain: Vec<String> = t
                .split('`')
                .enumerate()
                .map(|(i, part)| {
                    if i % 2 == 0 {
                        return part.to_string();
                    }
                    let words: Vec<&str> = part
                        .split(' ')
                        .map(|w| match w.split_once(':') {
                            Some((mode, key)) if Mode::ALL.iter().any(|m| m.name() == mode) => key,
                            _ => w,
                        })
                        .collect();
                    words.join(" ")
                })
                .collect();
            assert_eq!(with_keys(&t, &m, false), plain.join("`"));
        }
        assert_eq!(
            with_keys("`Tab list:Esc` then `help:PgDn`", &m, false),
            "`Tab Esc` then `PgDn`"
        );
    }

    /// Lesson 9's "`list:Esc` to close the digest, `Esc` to clear the
    /// selection": with clear-selection moved, only the second Esc moves;
    /// with the list's cancel moved, only the first.
    #[test]
    fn a_modes_key_follows_the_modes_binding() {
        use crate::app::mode::ModeCmd;
        let t = "press `list:Esc` to close the digest, `Esc` to clear the selection";
        let mut m = Keymap::new(KeymapKind::Default);
        m.bind(Layer::Global, k("C-l"), Some(Cmd::ClearSelection));
        m.bind(Layer::Global, k("Esc"), None);
        assert_eq!(
            with_keys(t, &m, false),
            "press `Esc` to close the digest, `Ctrl+L` to clear the selection"
        );
        let mut m = Keymap::new(KeymapKind::Default);
        m.bind_mode(Mode::List, k("q"), Some(ModeCmd::Cancel));
        m.bind_mode(Mode::List, k("Esc"), None);
        assert_eq!(
            with_keys(t, &m, false),
            "press `q` to close the digest, `Esc` to clear the selection"
        );
        let lesson_9: String = texts().concat();
        assert!(lesson_9.contains("`list:Esc` to close the digest"));
    }

    #[test]
    fn moved_commands_are_named_by_their_new_keys() {
        let mut m = Keymap::new(KeymapKind::Default);
        m.bind(Layer::Global, k("C-w"), Some(Cmd::Save));
        m.bind(Layer::Global, k("C-s"), None);
        m.bind(Layer::Global, k("A-8"), Some(Cmd::NextBottomPanel));
        m.bind(Layer::Global, k("F4"), None);
        m.bind(Layer::Global, k("F12"), Some(Cmd::NextRadix));
        m.bind(Layer::Global, k("F7"), Some(Cmd::Quit));
        let t = "Save: press `Ctrl+S`, then `Enter`; `F7 F7` or `526f` (F4 shows why, F7.)";
        assert_eq!(
            with_keys(t, &m, false),
            "Save: press `Ctrl+W`, then `Enter`; `F12 F12` or `526f` (Alt+8 shows why, F12.)"
        );
        let written: String = texts().concat();
        let shown: String = texts().iter().map(|t| with_keys(t, &m, false)).collect();
        for old in ["`Ctrl+S`", "F4", "F7"] {
            assert!(written.contains(old), "the lessons name {old}");
            assert!(!shown.contains(old), "{old} left in {shown}");
        }
        assert!(shown.contains("`Ctrl+W`"));
        assert!(shown.contains("Alt+8"));
        // Ctrl+Shift+End still selects to the end: kept.
        assert!(shown.contains("`Ctrl+Shift+End`"));
    }

    #[test]
    fn an_unbound_command_is_named_through_the_palette() {
        let mut m = Keymap::new(KeymapKind::Default);
        m.bind(Layer::Global, k("A-h"), None);
        assert_eq!(
            with_keys("Hash it: press `Alt+H`.", &m, false),
            "Hash it: press `the palette (Ctrl+P): SHA-256 of the selection or file`."
        );
    }

    #[test]
    fn vi_normal_mode_keys_that_still_work_are_kept() {
        let m = Keymap::new(KeymapKind::Vi);
        // Ctrl+F pages down in normal mode; find is `/` there.
        assert_eq!(with_keys("press `Ctrl+F`", &m, true), "press `/`");
        assert_eq!(with_keys("press `Ctrl+F`", &m, false), "press `Ctrl+F`");
        assert_eq!(
            with_keys("`Ctrl+G`, `Tab Tab`", &m, true),
            "`Ctrl+G`, `Tab Tab`"
        );
    }
}
