//! Modes: what a key means depends on what is on top of the panes — a
//! prompt, a question, the palette, a list panel, the help screen, a number
//! being typed into the typed pane. Each mode has its own commands, bound to
//! keys in the keymap like the panes' commands, so F1 lists them and a
//! config file can rebind them. Only plain typing is not a binding: the
//! characters typed into a prompt, the palette's filter or a typed-pane
//! number.

/// A mode the editor can be in, besides the panes themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// A number is being typed into the typed pane.
    Entry,
    /// A line prompt: go to, find, replace, save as, fill, export.
    Prompt,
    /// A question answered with a key.
    Confirm,
    /// The command palette.
    Palette,
    /// A list panel: changes, marks, copy formats, a digest.
    List,
    /// The help screen.
    Help,
    /// The structure panel has the keys.
    Structure,
    /// A long job (save, export, fill, replace-all, a digest, find) runs
    /// with a progress box: its keys can only stop it.
    Working,
}

impl Mode {
    pub const ALL: [Mode; 8] = [
        Mode::Entry,
        Mode::Prompt,
        Mode::Confirm,
        Mode::Palette,
        Mode::List,
        Mode::Help,
        Mode::Structure,
        Mode::Working,
    ];

    /// The help screen's title for the mode's keys.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Entry => "Typing a number (typed pane)",
            Mode::Prompt => "In a prompt",
            Mode::Confirm => "Answering a question",
            Mode::Palette => "In the palette",
            Mode::List => "In a list panel",
            Mode::Help => "On this screen",
            Mode::Structure => "In the structure panel",
            Mode::Working => "While a long job runs",
        }
    }

    /// The name a config file uses for the mode.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Entry => "entry",
            Mode::Prompt => "prompt",
            Mode::Confirm => "confirm",
            Mode::Palette => "palette",
            Mode::List => "list",
            Mode::Help => "help",
            Mode::Structure => "structure",
            Mode::Working => "working",
        }
    }
}

/// A command that exists inside a mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModeCmd {
    /// Enter: submit the prompt, run the palette's command, act on the row.
    Accept,
    /// Esc: close without acting.
    Cancel,
    /// Move in a list (or the palette): one row, ten rows, first, last.
    RowUp,
    RowDown,
    TenUp,
    TenDown,
    FirstRow,
    LastRow,
    /// A prompt's earlier / later entries.
    HistoryBack,
    HistoryForward,
    /// Line editing in prompts and the palette.
    CharLeft,
    CharRight,
    LineStart,
    LineEnd,
    EraseBack,
    EraseForward,
    EraseToStart,
    /// The find prompt's kind (hex, text, value) and text options.
    FindKindNext,
    FindKindPrev,
    FindCase,
    FindUtf16,
    /// The find prompt: list every match instead of going to the next.
    FindAll,
    /// Strings panel: a longer / shorter minimum length.
    StringsLonger,
    StringsShorter,
    /// Answers to questions.
    Yes,
    No,
    SaveThenQuit,
    Discard,
    ReplaceAll,
    /// List actions.
    RevertChange,
    RemoveMark,
    /// Bookmarks: rename, recolour, comment.
    EditBookmark,
    CopyDigest,
    /// Copy as the n-th format (1-based), in the copy list.
    PickFormat(u8),
    /// Help pages.
    NextPage,
    PrevPage,
    /// Structure panel: open / close the selected node.
    Expand,
    Collapse,
    /// Structure panel: the next / previous field at the same level.
    NextSibling,
    PrevSibling,
    /// Structure panel: type a new value for the selected field.
    EditField,
    /// Structure panel: back to the panes, the panel staying open.
    Leave,
    /// Structure panel: close it.
    ClosePanel,
}

impl ModeCmd {
    /// The mode's name for the command and what it does: an exhaustive
    /// match, so a new command cannot be left out of help or config.
    pub fn info(self) -> (&'static str, String) {
        use ModeCmd::*;
        let (name, about) = match self {
            Accept => ("accept", "Accept: submit, run, act on the row"),
            Cancel => ("cancel", "Cancel and close"),
            RowUp => ("row-up", "Previous row"),
            RowDown => ("row-down", "Next row"),
            TenUp => ("ten-up", "Ten rows up"),
            TenDown => ("ten-down", "Ten rows down"),
            FirstRow => ("first-row", "First row"),
            LastRow => ("last-row", "Last row"),
            HistoryBack => ("history-back", "Earlier entry"),
            HistoryForward => ("history-forward", "Later entry"),
            CharLeft => ("char-left", "Cursor left"),
            CharRight => ("char-right", "Cursor right"),
            LineStart => ("line-start", "Start of the line"),
            LineEnd => ("line-end", "End of the line"),
            EraseBack => ("erase-back", "Erase before the cursor"),
            EraseForward => ("erase-forward", "Erase at the cursor"),
            EraseToStart => ("erase-to-start", "Erase to the start"),
            FindKindNext => ("find-kind-next", "Find: next kind (hex, text, value)"),
            FindKindPrev => ("find-kind-prev", "Find: previous kind"),
            FindCase => ("find-case", "Find text: match case or not"),
            FindUtf16 => ("find-utf16", "Find text: UTF-8 / UTF-16"),
            FindAll => ("find-all", "Find: list every match"),
            StringsLonger => ("strings-longer", "Strings: longer minimum length"),
            StringsShorter => ("strings-shorter", "Strings: shorter minimum length"),
            Yes => ("yes", "Yes"),
            No => ("no", "No"),
            SaveThenQuit => ("save", "Save (then quit)"),
            Discard => ("discard", "Discard the edits and quit"),
            ReplaceAll => ("all", "Replace all the rest"),
            RevertChange => ("revert", "Changes: revert this one (undoable)"),
            RemoveMark => ("remove-mark", "Marks, bookmarks: remove this one"),
            EditBookmark => ("edit-bookmark", "Bookmarks: rename, colour, comment"),
            CopyDigest => ("copy-digest", "Digest: copy it"),
            PickFormat(n) => {
                return ("pick-format", format!("Copy as format {n} of the list"));
            }
            NextPage => ("next-page", "Next page"),
            PrevPage => ("previous-page", "Previous page"),
            Expand => ("expand", "Structure: expand the node"),
            Collapse => ("collapse", "Structure: collapse the node"),
            NextSibling => ("next-field", "Structure: next field at this level"),
            PrevSibling => ("previous-field", "Structure: previous field at this level"),
            EditField => ("edit-field", "Structure: type a new value for the field"),
            Leave => ("leave", "Structure: back to the panes (panel stays)"),
            ClosePanel => ("close-panel", "Structure: close the panel"),
        };
        (name, about.to_string())
    }
}

/// The default bindings of every mode (the same in both keymaps).
pub fn default_bindings() -> Vec<(Mode, &'static str, ModeCmd)> {
    use Mode::*;
    use ModeCmd::*;
    let line = [
        ("Left", CharLeft),
        ("Right", CharRight),
        ("Home", LineStart),
        ("End", LineEnd),
        ("Backspace", EraseBack),
        ("Delete", EraseForward),
        ("C-u", EraseToStart),
    ];
    let list = [
        ("Up", RowUp),
        ("Down", RowDown),
        ("PgUp", TenUp),
        ("PgDn", TenDown),
        ("Home", FirstRow),
        ("End", LastRow),
    ];
    let mut b: Vec<(Mode, &'static str, ModeCmd)> = vec![
        (Entry, "Enter", Accept),
        (Entry, "Esc", Cancel),
        (Entry, "Backspace", EraseBack),
        (Prompt, "Enter", Accept),
        (Prompt, "Esc", Cancel),
        (Prompt, "Up", HistoryBack),
        (Prompt, "Down", HistoryForward),
        (Prompt, "Tab", FindKindNext),
        (Prompt, "BackTab", FindKindPrev),
        (Prompt, "A-c", FindCase),
        (Prompt, "A-u", FindUtf16),
        (Prompt, "A-Enter", FindAll),
        (Palette, "Enter", Accept),
        (Palette, "Esc", Cancel),
        (Palette, "Up", RowUp),
        (Palette, "Down", RowDown),
        (Palette, "PgUp", TenUp),
        (Palette, "PgDn", TenDown),
        (Confirm, "y", Yes),
        (Confirm, "Y", Yes),
        (Confirm, "n", No),
        (Confirm, "N", No),
        (Confirm, "s", SaveThenQuit),
        (Confirm, "S", SaveThenQuit),
        (Confirm, "d", Discard),
        (Confirm, "D", Discard),
        (Confirm, "a", ReplaceAll),
        (Confirm, "A", ReplaceAll),
        (Confirm, "Esc", Cancel),
        (List, "Enter", Accept),
        (List, "Esc", Cancel),
        (List, "r", RevertChange),
        (List, "d", RemoveMark),
        (List, "e", EditBookmark),
        (List, "c", CopyDigest),
        (List, "A-Right", StringsLonger),
        (List, "A-Left", StringsShorter),
        (Help, "PgDn", NextPage),
        (Help, "PgUp", PrevPage),
        (Help, "Esc", Cancel),
        (Structure, "Up", RowUp),
        (Structure, "Down", RowDown),
        (Structure, "PgUp", TenUp),
        (Structure, "PgDn", TenDown),
        (Structure, "Right", Expand),
        (Structure, "Left", Collapse),
        (Structure, "Enter", Accept),
        (Structure, "n", NextSibling),
        (Structure, "N", PrevSibling),
        (Structure, "e", EditField),
        (Structure, "Tab", Leave),
        (Structure, "Esc", Leave),
        (Structure, "F9", ClosePanel),
        (Working, "Esc", Cancel),
        (Working, "C-c", Cancel),
    ];
    for (key, cmd) in line {
        b.push((Prompt, key, cmd));
        b.push((Palette, key, cmd));
    }
    for (key, cmd) in list {
        b.push((List, key, cmd));
    }
    const DIGITS: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
    for (n, key) in (1..).zip(DIGITS) {
        b.push((List, key, PickFormat(n)));
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::key::Key;

    #[test]
    fn every_default_binding_parses_and_names_are_unique_per_command() {
        for (mode, key, cmd) in default_bindings() {
            assert!(Key::parse(key).is_some(), "{key} in {mode:?}");
            assert!(!cmd.info().0.is_empty());
        }
        let mut seen = std::collections::HashMap::new();
        for (_, _, cmd) in default_bindings() {
            let name = cmd.info().0;
            if let Some(other) = seen.insert(name, cmd) {
                assert!(
                    std::mem::discriminant(&other) == std::mem::discriminant(&cmd),
                    "{name} names two commands"
                );
            }
        }
    }

    #[test]
    fn no_key_means_two_things_in_one_mode() {
        let mut seen = std::collections::HashSet::new();
        for (mode, key, _) in default_bindings() {
            assert!(seen.insert((mode, key)), "{key} bound twice in {mode:?}");
        }
    }
}
