//! Key bindings as data: which key runs which command, per keymap. The
//! default keymap is DESIGN.md's; the vi keymap adds a normal mode where
//! letters move and edit instead of typing.

use super::command::{Cmd, CompareCmd, Motion};
use super::key::{Key, KeyCode};
use super::mode::{Mode, ModeCmd, default_bindings};
use crate::core::hash::HashKind;
use crate::core::typed::ElemKind;

/// Which set of bindings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KeymapKind {
    #[default]
    Default,
    Vi,
}

/// Keys bound to commands.
#[derive(Clone, Debug)]
pub struct Keymap {
    pub kind: KeymapKind,
    /// Active in every state.
    global: Vec<(Key, Cmd)>,
    /// Active only in vi's normal mode (where typing does not edit).
    normal: Vec<(Key, Cmd)>,
    /// Active only while a modal keymap is editing (vi's insert and
    /// replace): what leaves them.
    editing: Vec<(Key, Cmd)>,
    /// The keys of the other modes (prompts, questions, lists, help…).
    modes: Vec<(Mode, Key, ModeCmd)>,
}

fn k(text: &str) -> Key {
    Key::parse(text).unwrap_or_else(|| panic!("bad key in keymap: {text}"))
}

impl Keymap {
    pub fn new(kind: KeymapKind) -> Self {
        match kind {
            KeymapKind::Default => Keymap::default_keys(),
            KeymapKind::Vi => Keymap::vi_keys(),
        }
    }

    fn default_keys() -> Self {
        use Motion::*;
        let mut global = vec![
            (k("Left"), Cmd::Move(Left)),
            (k("Right"), Cmd::Move(Right)),
            (k("Up"), Cmd::Move(Up)),
            (k("Down"), Cmd::Move(Down)),
            (k("PgUp"), Cmd::Move(PageUp)),
            (k("PgDn"), Cmd::Move(PageDown)),
            (k("Home"), Cmd::Move(RowStart)),
            (k("End"), Cmd::Move(RowEnd)),
            (k("C-Home"), Cmd::Move(FileStart)),
            (k("C-End"), Cmd::Move(FileEnd)),
            (k("Tab"), Cmd::NextPane),
            (k("BackTab"), Cmd::PrevPane),
            (k("S-BackTab"), Cmd::PrevPane),
            (k("Insert"), Cmd::ToggleInsert),
            (k("C-z"), Cmd::Undo),
            (k("C-y"), Cmd::Redo),
            (k("C-S-z"), Cmd::Redo),
            (k("Delete"), Cmd::DeleteForward),
            (k("Backspace"), Cmd::DeleteBack),
            (k("C-s"), Cmd::Save),
            (k("A-s"), Cmd::SaveAs),
            (k("C-q"), Cmd::Quit),
            (k("F1"), Cmd::Help),
            (k("F2"), Cmd::ToggleInspector),
            (k("F5"), Cmd::NextType),
            (k("S-F5"), Cmd::PrevType),
            (k("F6"), Cmd::ToggleEndian),
            (k("F7"), Cmd::NextRadix),
            (k("F8"), Cmd::NextEncoding),
            (k("F4"), Cmd::NextBottomPanel),
            (k("F9"), Cmd::Structure),
            (k("A-="), Cmd::WiderRows),
            (k("A-+"), Cmd::WiderRows),
            (k("A--"), Cmd::NarrowerRows),
            (k("A-Backspace"), Cmd::AutoRows),
            (k("S-Left"), Cmd::Select(Left)),
            (k("S-Right"), Cmd::Select(Right)),
            (k("S-Up"), Cmd::Select(Up)),
            (k("S-Down"), Cmd::Select(Down)),
            (k("S-PgUp"), Cmd::Select(PageUp)),
            (k("S-PgDn"), Cmd::Select(PageDown)),
            (k("S-Home"), Cmd::Select(RowStart)),
            (k("S-End"), Cmd::Select(RowEnd)),
            (k("C-S-Home"), Cmd::Select(FileStart)),
            (k("C-S-End"), Cmd::Select(FileEnd)),
            (k("C-a"), Cmd::SelectAll),
            (k("Esc"), Cmd::ClearSelection),
            (k("C-g"), Cmd::Goto),
            (k("C-f"), Cmd::Find),
            (k("F3"), Cmd::FindNext),
            (k("S-F3"), Cmd::FindPrev),
            // xterm and tmux send Shift+F3 as ESC [1;2R, which crossterm
            // reads as a cursor report: these keys work everywhere.
            (k("A-."), Cmd::FindNext),
            (k("A-,"), Cmd::FindPrev),
            (k("F15"), Cmd::FindPrev),
            (k("C-r"), Cmd::Replace),
            (k("A-g"), Cmd::FindAll),
            (k("A-F3"), Cmd::FindAll),
            (k("A-t"), Cmd::Strings),
            (k("C-c"), Cmd::Copy),
            (k("A-c"), Cmd::CopyMenu),
            (k("C-v"), Cmd::Paste),
            (k("A-f"), Cmd::Fill),
            (k("A-w"), Cmd::Export),
            (k("A-h"), Cmd::Hash(HashKind::Sha256)),
            (k("A-d"), Cmd::Changes),
            (k("A-m"), Cmd::ToggleMark),
            (k("A-n"), Cmd::NextMark),
            (k("A-p"), Cmd::PrevMark),
            (k("A-l"), Cmd::Marks),
            (k("A-b"), Cmd::NameBookmark),
            (k("A-k"), Cmd::Bookmarks),
            (k("A-j"), Cmd::FollowPointer(None)),
            (k("A-o"), Cmd::JumpBack),
            (k("A-e"), Cmd::AlignHere),
            (k("C-p"), Cmd::Palette),
            (k("C-n"), Cmd::NextLesson),
            (k("A-Down"), Cmd::Compare(CompareCmd::NextDifference)),
            (k("A-Up"), Cmd::Compare(CompareCmd::PreviousDifference)),
            (k("A-Left"), Cmd::Compare(CompareCmd::TakeLeft)),
            (k("A-Right"), Cmd::Compare(CompareCmd::TakeRight)),
            (k("A-a"), Cmd::Compare(CompareCmd::Align)),
            (k("A-x"), Cmd::ToggleHexNumbers),
            (k("A-i"), Cmd::InspectorPage),
            (k("A-v"), Cmd::EntropyStrip),
            (k("A-r"), Cmd::EntropyJump { forward: true }),
            (k("A-u"), Cmd::EntropyJump { forward: false }),
            (k("A-y"), Cmd::Histogram),
        ];
        for (i, kind) in ElemKind::ALL.into_iter().enumerate() {
            // Alt+1 … Alt+9, Alt+0 pick Uint8 … Float64, as the keys of
            // the digit row go; F5 cycles through all.
            global.push((k(&format!("A-{}", (i + 1) % 10)), Cmd::SetType(kind)));
        }
        Keymap {
            kind: KeymapKind::Default,
            global,
            normal: Vec::new(),
            editing: Vec::new(),
            modes: default_bindings()
                .into_iter()
                .map(|(mode, key, cmd)| (mode, k(key), cmd))
                .collect(),
        }
    }

    fn vi_keys() -> Self {
        use Motion::*;
        let mut map = Keymap::default_keys();
        map.kind = KeymapKind::Vi;
        map.editing = vec![(k("Esc"), Cmd::ViNormal)];
        map.normal = vec![
            (k("h"), Cmd::Move(Left)),
            (k("l"), Cmd::Move(Right)),
            (k("k"), Cmd::Move(Up)),
            (k("j"), Cmd::Move(Down)),
            (k("C-b"), Cmd::Move(PageUp)),
            (k("C-f"), Cmd::Move(PageDown)),
            (k("0"), Cmd::Move(RowStart)),
            (k("^"), Cmd::Move(RowStart)),
            (k("$"), Cmd::Move(RowEnd)),
            (k("g"), Cmd::Move(FileStart)),
            (k("G"), Cmd::Move(FileEnd)),
            (k("i"), Cmd::ViInsert),
            (k("R"), Cmd::ViReplace),
            (k("x"), Cmd::DeleteForward),
            (k("X"), Cmd::DeleteBack),
            (k("u"), Cmd::Undo),
            (k("C-r"), Cmd::Redo),
            (k("t"), Cmd::NextType),
            (k("T"), Cmd::PrevType),
            (k("e"), Cmd::ToggleEndian),
            (k("b"), Cmd::NextRadix),
            (k("c"), Cmd::NextEncoding),
            (k("q"), Cmd::Quit),
            (k("?"), Cmd::Help),
            (k("/"), Cmd::Find),
            (k("n"), Cmd::FindNext),
            (k("N"), Cmd::FindPrev),
            (k("y"), Cmd::Copy),
            (k("p"), Cmd::Paste),
            (k("m"), Cmd::ToggleMark),
            (k("'"), Cmd::Marks),
            (k(":"), Cmd::Palette),
        ];
        map
    }

    /// The command bound to `key`; `normal` is vi's normal mode.
    pub fn lookup(&self, key: &Key, normal: bool) -> Option<Cmd> {
        let find = |list: &[(Key, Cmd)]| list.iter().find(|(k, _)| k == key).map(|(_, c)| *c);
        let first = if normal { &self.normal } else { &self.editing };
        find(first).or_else(|| find(&self.global))
    }

    /// The keys bound to `cmd`, normal-mode keys first (for help).
    pub fn keys_for(&self, cmd: Cmd) -> Vec<Key> {
        self.normal
            .iter()
            .chain(self.editing.iter())
            .chain(self.global.iter())
            .filter(|(_, c)| *c == cmd)
            .map(|(k, _)| *k)
            .filter(|k| k.code != KeyCode::BackTab || !k.shift)
            .collect()
    }

    /// The command `key` runs in `mode`.
    pub fn lookup_mode(&self, mode: Mode, key: &Key) -> Option<ModeCmd> {
        self.modes
            .iter()
            .find(|(m, k, _)| *m == mode && k == key)
            .map(|(_, _, c)| *c)
    }

    /// Every binding of `mode`, in table order (for help).
    pub fn mode_bindings(&self, mode: Mode) -> impl Iterator<Item = (Key, ModeCmd)> + '_ {
        self.modes
            .iter()
            .filter(move |(m, _, _)| *m == mode)
            .map(|(_, k, c)| (*k, *c))
    }

    /// Whether this keymap has a normal mode.
    pub fn is_modal(&self) -> bool {
        self.kind == KeymapKind::Vi
    }

    /// The bindings of a layer, in lookup order.
    pub fn layer(&self, layer: Layer) -> &[(Key, Cmd)] {
        match layer {
            Layer::Global => &self.global,
            Layer::Normal => &self.normal,
            Layer::Editing => &self.editing,
        }
    }

    /// Binds `key` to `cmd` in a layer, replacing what the key did there;
    /// `None` unbinds it (in that layer only).
    pub fn bind(&mut self, layer: Layer, key: Key, cmd: Option<Cmd>) {
        let list = match layer {
            Layer::Global => &mut self.global,
            Layer::Normal => &mut self.normal,
            Layer::Editing => &mut self.editing,
        };
        list.retain(|(k, _)| *k != key);
        if let Some(cmd) = cmd {
            list.insert(0, (key, cmd));
        }
    }

    /// Binds `key` to `cmd` in a mode, replacing what the key did there;
    /// `None` unbinds it.
    pub fn bind_mode(&mut self, mode: Mode, key: Key, cmd: Option<ModeCmd>) {
        self.modes.retain(|(m, k, _)| *m != mode || *k != key);
        if let Some(cmd) = cmd {
            self.modes.insert(0, (mode, key, cmd));
        }
    }
}

/// A list of a keymap's bindings, as a config file's `[keys.…]` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// Keys of the panes in every state (`[keys.global]`, and the default
    /// keymap's `[keys.normal]`).
    Global,
    /// vi's normal mode.
    Normal,
    /// While editing: vi's insert and replace (in the default keymap,
    /// always, before the global keys).
    Editing,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keys_follow_the_design() {
        let m = Keymap::new(KeymapKind::Default);
        let cases = [
            ("C-s", Cmd::Save),
            ("C-z", Cmd::Undo),
            ("C-y", Cmd::Redo),
            ("C-q", Cmd::Quit),
            ("F1", Cmd::Help),
            ("Tab", Cmd::NextPane),
            ("BackTab", Cmd::PrevPane),
            ("Insert", Cmd::ToggleInsert),
            ("C-Home", Cmd::Move(Motion::FileStart)),
            ("C-End", Cmd::Move(Motion::FileEnd)),
        ];
        for (key, cmd) in cases {
            assert_eq!(m.lookup(&k(key), false), Some(cmd), "{key}");
        }
        assert_eq!(m.lookup(&k("a"), false), None, "letters type");
    }

    #[test]
    fn vi_normal_mode_binds_letters_only_there() {
        let m = Keymap::new(KeymapKind::Vi);
        assert_eq!(m.lookup(&k("j"), true), Some(Cmd::Move(Motion::Down)));
        assert_eq!(m.lookup(&k("j"), false), None);
        assert_eq!(m.lookup(&k("C-s"), true), Some(Cmd::Save));
        assert_eq!(m.keys_for(Cmd::Undo)[0], k("u"));
    }

    #[test]
    fn binding_replaces_the_key_and_unbinding_removes_it() {
        let mut m = Keymap::new(KeymapKind::Default);
        m.bind(Layer::Global, k("C-w"), Some(Cmd::Save));
        assert_eq!(m.lookup(&k("C-w"), false), Some(Cmd::Save));
        assert_eq!(m.keys_for(Cmd::Save), vec![k("C-w"), k("C-s")]);
        m.bind(Layer::Global, k("C-s"), None);
        assert_eq!(m.lookup(&k("C-s"), false), None);
        m.bind(Layer::Global, k("C-q"), Some(Cmd::Undo));
        assert_eq!(m.lookup(&k("C-q"), false), Some(Cmd::Undo));
        assert!(m.keys_for(Cmd::Quit).is_empty());
        m.bind_mode(Mode::Prompt, k("C-j"), Some(ModeCmd::Accept));
        assert_eq!(
            m.lookup_mode(Mode::Prompt, &k("C-j")),
            Some(ModeCmd::Accept)
        );
        m.bind_mode(Mode::Prompt, k("Esc"), None);
        assert_eq!(m.lookup_mode(Mode::Prompt, &k("Esc")), None);
        assert!(!m.is_modal());
    }
}
