//! The command table: every command by name, group and description. The
//! keymaps bind keys to these commands, and the help screen and the command
//! palette are generated from this one table, so they cannot drift apart.

use std::sync::OnceLock;

use super::state::BottomPanel;
use crate::core::encoding::TextEncoding;
use crate::core::export::CopyFormat;
use crate::core::hash::HashKind;
use crate::core::radix::Radix;
use crate::core::typed::{ElemKind, ElemType, Endian};

/// A cursor motion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Motion {
    Left,
    Right,
    Up,
    Down,
    PageUp,
    PageDown,
    RowStart,
    RowEnd,
    FileStart,
    FileEnd,
}

/// Everything the user can ask for by key or by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cmd {
    Move(Motion),
    /// Move, extending the selection.
    Select(Motion),
    SelectAll,
    ClearSelection,
    Goto,
    Find,
    FindNext,
    FindPrev,
    Replace,
    /// Every match of the search, in a list.
    FindAll,
    /// The strings panel.
    Strings,
    Copy,
    CopyAs(CopyFormat),
    CopyMenu,
    Paste,
    Fill,
    Export,
    Hash(HashKind),
    Changes,
    ToggleMark,
    NextMark,
    PrevMark,
    Marks,
    /// Name the cursor (a point) or the selection (a region).
    NameBookmark,
    /// The list of named bookmarks and regions.
    Bookmarks,
    ExportBookmarks,
    ImportBookmarks,
    /// Jump to the offset stored at the cursor, read as this type (the
    /// typed pane's when `None`).
    FollowPointer(Option<ElemType>),
    /// Back to where the last jump (pointer, bookmark) came from.
    JumpBack,
    /// The typed pane's elements start at the cursor / at 0.
    AlignHere,
    AlignReset,
    Palette,
    NextLesson,
    NextPane,
    PrevPane,
    ToggleInsert,
    /// vi: leave normal mode to insert.
    ViInsert,
    /// vi: leave normal mode to overwrite.
    ViReplace,
    /// vi: back to normal mode.
    ViNormal,
    Undo,
    Redo,
    DeleteForward,
    DeleteBack,
    Save,
    SaveAs,
    Quit,
    Help,
    SetType(ElemKind),
    NextType,
    PrevType,
    SetEndian(Endian),
    ToggleEndian,
    ToggleInspector,
    /// Inspector → explain → edits as code.
    NextBottomPanel,
    SetBottomPanel(BottomPanel),
    SetRadix(Radix),
    NextRadix,
    SetEncoding(TextEncoding),
    NextEncoding,
    WiderRows,
    NarrowerRows,
    AutoRows,
    /// The structure panel: open it, give it the keys, close it.
    Structure,
    /// Integers in hex as well as decimal (typed pane, inspector).
    ToggleHexNumbers,
    /// The inspector: numbers / dates, GUID, LEB128 (on a short screen).
    InspectorPage,
    /// The entropy strip at the right of the panes: show / hide.
    EntropyStrip,
    /// To the next (or previous) boundary of a high- or low-entropy region.
    EntropyJump {
        forward: bool,
    },
    /// The byte histogram of the selection or the file.
    Histogram,
    /// A command of the compare view (`hexbuf A B`).
    Compare(CompareCmd),
}

/// The compare view's own commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareCmd {
    NextDifference,
    PreviousDifference,
    /// A's bytes win: B's bytes of the difference become A's.
    TakeLeft,
    /// B's bytes win: A's bytes of the difference become B's.
    TakeRight,
    /// Equal offsets ↔ aligned (insertions and deletions as gaps).
    Align,
}

/// A command's entry in the table.
#[derive(Clone, Debug)]
pub struct CommandInfo {
    pub cmd: Cmd,
    /// The name shown in help and the palette.
    pub name: String,
    /// The help screen's group.
    pub group: Group,
    /// Extra words the palette matches (e.g. `int16` for "Typed pane as Int16").
    pub words: String,
}

/// Groups of the help screen, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Move,
    Select,
    Find,
    Edit,
    File,
    View,
    /// Only in the compare view.
    Compare,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Move => "Move",
            Group::Select => "Select & copy",
            Group::Find => "Go to & find",
            Group::Edit => "Edit",
            Group::File => "File",
            Group::View => "View",
            Group::Compare => "Compare (hexbuf A B)",
        }
    }
}

fn info(cmd: Cmd, group: Group, name: &str, words: &str) -> CommandInfo {
    CommandInfo {
        cmd,
        name: name.to_string(),
        group,
        words: words.to_string(),
    }
}

/// Every command, in help-screen order.
pub fn commands() -> &'static [CommandInfo] {
    static TABLE: OnceLock<Vec<CommandInfo>> = OnceLock::new();
    TABLE.get_or_init(build)
}

/// Every cursor motion, with its name and palette words; each is a Move
/// command and, with Shift, a Select command.
const MOTIONS: [(Motion, &str, &str); 10] = [
    (Motion::Left, "Left one byte (or element)", "cursor"),
    (Motion::Right, "Right one byte (or element)", "cursor"),
    (Motion::Up, "Up one row", "cursor"),
    (Motion::Down, "Down one row", "cursor"),
    (Motion::PageUp, "Page up", "scroll"),
    (Motion::PageDown, "Page down", "scroll"),
    (Motion::RowStart, "Start of row", "home"),
    (Motion::RowEnd, "End of row", "end"),
    (Motion::FileStart, "Start of file", "top beginning"),
    (Motion::FileEnd, "End of file", "bottom"),
];

fn build() -> Vec<CommandInfo> {
    use Group::*;
    let mut t: Vec<CommandInfo> = MOTIONS
        .iter()
        .map(|&(m, name, words)| info(Cmd::Move(m), Move, name, words))
        .collect();
    t.extend([
        info(
            Cmd::NextPane,
            Move,
            "Next pane (hex → text → typed)",
            "focus",
        ),
        info(Cmd::PrevPane, Move, "Previous pane", "focus"),
        info(
            Cmd::ToggleMark,
            Move,
            "Mark / unmark the cursor",
            "bookmark",
        ),
        info(Cmd::NextMark, Move, "Next mark", "bookmark jump"),
        info(Cmd::PrevMark, Move, "Previous mark", "bookmark jump"),
        info(Cmd::Marks, Move, "List marks", "marks"),
        info(
            Cmd::NameBookmark,
            Move,
            "Name a bookmark (cursor) or region (selection)",
            "bookmark region name colour comment add",
        ),
        info(
            Cmd::Bookmarks,
            Move,
            "Bookmarks: list, jump, rename, delete",
            "bookmarks regions list",
        ),
        info(
            Cmd::ExportBookmarks,
            File,
            "Export bookmarks to a JSON file",
            "bookmark export save json",
        ),
        info(
            Cmd::ImportBookmarks,
            File,
            "Import bookmarks from a JSON file",
            "bookmark import load json",
        ),
        info(
            Cmd::FollowPointer(None),
            Find,
            "Follow pointer",
            "follow pointer jump offset dereference",
        ),
        info(
            Cmd::JumpBack,
            Find,
            "Jump back (after following a pointer or bookmark)",
            "back return pointer previous location",
        ),
        info(Cmd::Goto, Find, "Go to offset", "jump goto offset address"),
        info(Cmd::Find, Find, "Find", "search"),
        info(Cmd::FindNext, Find, "Find next", "search again"),
        info(
            Cmd::FindPrev,
            Find,
            "Find previous",
            "search again backward",
        ),
        info(Cmd::Replace, Find, "Find and replace", "search substitute"),
        info(
            Cmd::FindAll,
            Find,
            "Find all: list every match",
            "find all matches results occurrences count",
        ),
        info(
            Cmd::Strings,
            Find,
            "Strings: printable text in the file",
            "strings ascii utf16 text printable",
        ),
    ]);
    for ty in super::bookmarks::POINTER_TYPES {
        t.push(info(
            Cmd::FollowPointer(Some(ty)),
            Find,
            &format!("Follow pointer as {}", ty.name()),
            &format!("follow pointer {} jump offset", ty.name()),
        ));
    }
    t.extend(MOTIONS.iter().map(|&(m, name, _)| {
        let name = format!("Select: {}", name.to_lowercase());
        info(Cmd::Select(m), Select, &name, "extend selection")
    }));
    t.extend([
        info(Cmd::SelectAll, Select, "Select all", "everything"),
        info(
            Cmd::ClearSelection,
            Select,
            "Clear the selection",
            "deselect",
        ),
        info(
            Cmd::Copy,
            Select,
            "Copy (as the pane shows it)",
            "clipboard",
        ),
        info(Cmd::CopyMenu, Select, "Copy as…", "clipboard format"),
        info(Cmd::Paste, Select, "Paste hexbuf's clipboard", "clipboard"),
        info(
            Cmd::Fill,
            Select,
            "Fill the selection with bytes",
            "pattern zero",
        ),
        info(
            Cmd::Export,
            Select,
            "Write the selection to a file",
            "export save extract",
        ),
        info(Cmd::ToggleInsert, Edit, "Toggle overwrite / insert", "mode"),
        info(
            Cmd::ViInsert,
            Edit,
            "Edit, inserting (vi, until back to normal mode)",
            "vi insert",
        ),
        info(
            Cmd::ViReplace,
            Edit,
            "Edit, overwriting (vi, until back to normal mode)",
            "vi replace",
        ),
        info(
            Cmd::ViNormal,
            Edit,
            "Back to normal mode (vi)",
            "vi normal escape",
        ),
        info(Cmd::Undo, Edit, "Undo", ""),
        info(Cmd::Redo, Edit, "Redo", ""),
        info(
            Cmd::DeleteForward,
            Edit,
            "Delete byte at cursor (insert mode)",
            "remove",
        ),
        info(
            Cmd::DeleteBack,
            Edit,
            "Delete byte before cursor (insert mode)",
            "backspace remove",
        ),
        info(Cmd::Save, File, "Save", "write"),
        info(Cmd::SaveAs, File, "Save as…", "write name path"),
        info(Cmd::Quit, File, "Quit", "exit close"),
        info(Cmd::Help, View, "Help: every key", "keys"),
        info(Cmd::NextType, View, "Typed pane: next element type", "type"),
        info(
            Cmd::PrevType,
            View,
            "Typed pane: previous element type",
            "type",
        ),
        info(
            Cmd::ToggleEndian,
            View,
            "Typed pane: toggle endianness",
            "endian byte order",
        ),
        info(
            Cmd::AlignHere,
            View,
            "Align elements here (typed pane)",
            "align elements here base offset typed start",
        ),
        info(
            Cmd::AlignReset,
            View,
            "Align elements at 0 (typed pane)",
            "align elements reset base offset zero typed",
        ),
        info(
            Cmd::SetEndian(Endian::Little),
            View,
            "Little endian",
            "endian byte order le",
        ),
        info(
            Cmd::SetEndian(Endian::Big),
            View,
            "Big endian",
            "endian byte order be",
        ),
    ]);
    for kind in ElemKind::ALL {
        let js = kind.js_name();
        t.push(info(
            Cmd::SetType(kind),
            View,
            &format!("Typed pane as {js} ({js}Array)"),
            &format!("type {} {}", js.to_ascii_lowercase(), kind.short_name()),
        ));
    }
    t.extend([
        info(
            Cmd::ToggleInspector,
            View,
            "Show / hide the inspector",
            "panel",
        ),
        info(
            Cmd::Changes,
            View,
            "Unsaved changes: list, revert",
            "diff edits modified",
        ),
        info(Cmd::Palette, View, "Command palette", "commands"),
        info(
            Cmd::Structure,
            View,
            "Structure panel (Kaitai spec)",
            "structure kaitai ksy fields tree template",
        ),
        info(
            Cmd::NextLesson,
            View,
            "Next lesson (in hexbuf learn)",
            "learn lesson",
        ),
        info(Cmd::WiderRows, View, "More bytes per row", "columns width"),
        info(
            Cmd::NarrowerRows,
            View,
            "Fewer bytes per row",
            "columns width",
        ),
        info(
            Cmd::AutoRows,
            View,
            "Bytes per row to fit the window",
            "columns width auto",
        ),
    ]);
    t.extend([
        info(Cmd::NextRadix, View, "Hex pane: next base", "radix base"),
        info(
            Cmd::SetRadix(Radix::Hex),
            View,
            "Bytes in hex (base 16)",
            "hex hexadecimal base16 radix",
        ),
        info(
            Cmd::SetRadix(Radix::Binary),
            View,
            "Bytes in binary (base 2)",
            "binary bin base2 bits radix",
        ),
        info(
            Cmd::SetRadix(Radix::Octal),
            View,
            "Bytes in octal (base 8)",
            "octal oct base8 radix",
        ),
        info(
            Cmd::SetRadix(Radix::Decimal),
            View,
            "Bytes in decimal (base 10)",
            "decimal dec base10 radix",
        ),
        info(
            Cmd::NextEncoding,
            View,
            "Text pane: next encoding",
            "charset encoding",
        ),
        info(
            Cmd::SetEncoding(TextEncoding::Utf8),
            View,
            "Text as UTF-8",
            "utf8 unicode encoding",
        ),
        info(
            Cmd::SetEncoding(TextEncoding::Ascii),
            View,
            "Text as ASCII",
            "ascii encoding",
        ),
        info(
            Cmd::SetEncoding(TextEncoding::Latin1),
            View,
            "Text as Latin-1 (ISO 8859-1)",
            "latin1 iso88591 encoding",
        ),
        info(
            Cmd::SetEncoding(TextEncoding::Utf16Le),
            View,
            "Text as UTF-16LE",
            "utf16le utf16 encoding",
        ),
        info(
            Cmd::SetEncoding(TextEncoding::Utf16Be),
            View,
            "Text as UTF-16BE",
            "utf16be encoding",
        ),
        info(
            Cmd::NextBottomPanel,
            View,
            "Panel: inspector → explain → code",
            "panel explain code",
        ),
        info(
            Cmd::SetBottomPanel(BottomPanel::Inspector),
            View,
            "Inspector panel",
            "inspector readings",
        ),
        info(
            Cmd::SetBottomPanel(BottomPanel::Explain),
            View,
            "Explain the bytes at the cursor",
            "explain bits how why",
        ),
        info(
            Cmd::SetBottomPanel(BottomPanel::Code),
            View,
            "Edits as JavaScript code",
            "code javascript dataview",
        ),
    ]);
    t.extend([
        info(
            Cmd::ToggleHexNumbers,
            View,
            "Hex numbers: integers in hex as well as decimal",
            "hex numbers 0x",
        ),
        info(
            Cmd::InspectorPage,
            View,
            "Inspector: numbers / dates, GUID, LEB128",
            "inspector page decodings dates time unix filetime dos guid uuid leb128 bits",
        ),
    ]);
    t.extend([
        info(
            Cmd::EntropyStrip,
            View,
            "Entropy strip: show / hide",
            "entropy strip compressed encrypted random padding",
        ),
        info(
            Cmd::EntropyJump { forward: true },
            Find,
            "Next entropy region (high / low)",
            "jump region boundary compressed random padding",
        ),
        info(
            Cmd::EntropyJump { forward: false },
            Find,
            "Previous entropy region",
            "jump region boundary compressed random padding",
        ),
        info(
            Cmd::Histogram,
            View,
            "Byte histogram of the selection or file",
            "histogram byte counts frequency",
        ),
    ]);
    for fmt in CopyFormat::ALL {
        t.push(info(
            Cmd::CopyAs(fmt),
            Select,
            &format!("Copy as {}", fmt.name()),
            "clipboard",
        ));
    }
    for kind in HashKind::ALL {
        let name = kind.name();
        t.push(info(
            Cmd::Hash(kind),
            View,
            &format!("{name} of the selection or file"),
            &format!(
                "{} hash digest checksum",
                name.replace('-', "").to_lowercase()
            ),
        ));
    }
    t.extend([
        info(
            Cmd::Compare(CompareCmd::NextDifference),
            Compare,
            "Next difference",
            "compare diff",
        ),
        info(
            Cmd::Compare(CompareCmd::PreviousDifference),
            Compare,
            "Previous difference",
            "compare diff",
        ),
        info(
            Cmd::Compare(CompareCmd::TakeLeft),
            Compare,
            "Take left: B gets A's bytes here",
            "take left compare copy merge",
        ),
        info(
            Cmd::Compare(CompareCmd::TakeRight),
            Compare,
            "Take right: A gets B's bytes here",
            "take right compare copy merge",
        ),
        info(
            Cmd::Compare(CompareCmd::Align),
            Compare,
            "Align (gaps) / equal offsets",
            "align compare gaps insertions",
        ),
    ]);
    t
}

impl Cmd {
    /// Commands that exist only in a modal (vi) keymap.
    pub fn is_vi_only(self) -> bool {
        matches!(self, Cmd::ViInsert | Cmd::ViReplace | Cmd::ViNormal)
    }

    /// Commands that exist only in the compare view.
    pub fn is_compare_only(self) -> bool {
        matches!(self, Cmd::Compare(_))
    }
}

/// The table entry of a command.
pub fn info_of(cmd: Cmd) -> Option<&'static CommandInfo> {
    commands().iter().find(|c| c.cmd == cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_type_has_a_command() {
        for kind in ElemKind::ALL {
            let c = info_of(Cmd::SetType(kind)).unwrap();
            assert!(c.name.contains(kind.js_name()));
        }
    }

    #[test]
    fn command_names_are_unique() {
        let mut names: Vec<&str> = commands().iter().map(|c| c.name.as_str()).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }
}
