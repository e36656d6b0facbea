//! The editor's state: the document, the cursor, focus, mode, view settings,
//! what overlays the panes, and the message line. Cursor and scroll are
//! computed here from the geometry the layout reports; the view only reads.

use std::path::PathBuf;

use super::editor::Editor;
use super::find::{FindSpec, SearchState};
use super::keymap::{Keymap, KeymapKind};
use super::prompt::LineInput;
use crate::core::access::Unwritable;
use crate::core::document::Document;
use crate::core::encoding::TextEncoding;
use crate::core::radix::Radix;
use crate::core::source::SourceKind;
use crate::core::typed::{ElemKind, ElemType, Endian};

/// The three panes, in Tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    Hex,
    Text,
    Typed,
}

impl Pane {
    pub fn next(self) -> Pane {
        match self {
            Pane::Hex => Pane::Text,
            Pane::Text => Pane::Typed,
            Pane::Typed => Pane::Hex,
        }
    }

    pub fn prev(self) -> Pane {
        match self {
            Pane::Hex => Pane::Typed,
            Pane::Text => Pane::Hex,
            Pane::Typed => Pane::Text,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Pane::Hex => "hex",
            Pane::Text => "text",
            Pane::Typed => "typed",
        }
    }
}

/// Whether typing replaces bytes or inserts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EditMode {
    #[default]
    Overwrite,
    Insert,
}

/// What the panel under the panes shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum BottomPanel {
    /// Every reading of the bytes at the cursor.
    #[default]
    Inspector,
    /// How the bytes at the cursor become their value, step by step.
    Explain,
    /// Each edit as the JavaScript line that would make it.
    Code,
}

impl BottomPanel {
    pub fn next(self) -> BottomPanel {
        match self {
            BottomPanel::Inspector => BottomPanel::Explain,
            BottomPanel::Explain => BottomPanel::Code,
            BottomPanel::Code => BottomPanel::Inspector,
        }
    }
}

/// How the bytes are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewSettings {
    /// The typed pane's element type.
    pub elem: ElemType,
    /// The base of the hex pane's digits.
    pub radix: Radix,
    /// The text pane's encoding.
    pub encoding: TextEncoding,
    pub show_inspector: bool,
    /// What the panel under the panes shows.
    pub bottom: BottomPanel,
    /// Bytes per row chosen by the user; `None` fits the window.
    pub fixed_bytes_per_row: Option<usize>,
    /// Whether colours may be used (NO_COLOR unset).
    pub color: bool,
    /// The theme's colours, fitted to the terminal's colour depth.
    pub palette: crate::ui::colors::Palette,
    /// That depth, for the colours drawn beside the palette's (region
    /// tints, differing bytes).
    pub depth: crate::ui::depth::ColorDepth,
    /// Integers in the typed pane and the inspector in hex as well as
    /// decimal (`25040 0x61d0`).
    pub hex_numbers: bool,
    /// The inspector's page of dates, GUIDs and LEB128 instead of its
    /// numbers, when the screen has no room for both.
    pub inspector_decodings: bool,
    /// Where the typed pane's elements start ("align elements here"):
    /// elements sit at offsets `elem_base + k * size`.
    pub elem_base: u64,
    /// The entropy strip at the right of the panes.
    pub entropy_strip: bool,
}

impl Default for ViewSettings {
    fn default() -> Self {
        ViewSettings {
            elem: ElemType::new(ElemKind::U8, Endian::Little),
            radix: Radix::Hex,
            encoding: TextEncoding::Utf8,
            show_inspector: true,
            bottom: BottomPanel::Inspector,
            fixed_bytes_per_row: None,
            color: true,
            palette: crate::ui::colors::Palette::dark(),
            depth: crate::ui::depth::ColorDepth::TrueColor,
            hex_numbers: false,
            inspector_decodings: false,
            elem_base: 0,
            entropy_strip: false,
        }
    }
}

/// The rows and bytes per row the layout found room for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    pub bytes_per_row: usize,
    pub rows: usize,
}

impl Default for Geometry {
    fn default() -> Self {
        Geometry {
            bytes_per_row: 16,
            rows: 16,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
}

/// The one-line message under the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub kind: MessageKind,
    pub text: String,
}

/// What a prompt on the message line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptKind {
    SaveAs {
        then_quit: bool,
        /// Why the buffer's own file cannot be written, when that is why
        /// the prompt opened.
        cannot: Option<String>,
    },
    Goto,
    /// Find (or the first half of find & replace) of a kind of pattern.
    Find {
        spec: FindSpec,
        replace: bool,
    },
    /// The replacement, after the pattern of a find & replace.
    ReplaceWith {
        search: SearchState,
    },
    /// Hex bytes to fill the selection with, repeated.
    Fill,
    /// A file to write the selection to.
    Export,
    /// A new value for a field of the structure panel.
    FieldValue {
        path: String,
    },
    /// A bookmark's name, colour and comment (`name; colour; comment`),
    /// for `range` (empty: a point); `old` is the name when renaming.
    Bookmark {
        range: std::ops::Range<u64>,
        old: Option<String>,
    },
    /// A file to write the bookmarks to, as JSON.
    ExportBookmarks,
    /// A JSON file to read bookmarks from.
    ImportBookmarks,
}

impl PromptKind {
    /// The prompt's label; `keymap` names the prompt's keys.
    pub fn label(&self, elem: ElemType, keymap: &Keymap) -> String {
        match self {
            PromptKind::SaveAs {
                cannot: Some(why), ..
            } => format!("{why}. Save as"),
            PromptKind::SaveAs { .. } => "Save as".into(),
            PromptKind::Goto => {
                "Go to (0x1f40, 8000, +0x100, -16, 50%, end, end - 0x20, cursor + 4*3, a bookmark)"
                    .into()
            }
            PromptKind::Find { spec, replace } => {
                let verb = if *replace { "Replace" } else { "Find" };
                format!("{verb} {}{}", spec.describe(elem), spec.option_keys(keymap))
            }
            PromptKind::ReplaceWith { search } => {
                format!(
                    "Replace {} with ({})",
                    search.shown,
                    search.spec.kind.input_name(elem)
                )
            }
            PromptKind::Fill => "Fill the selection with (hex bytes, repeated)".into(),
            PromptKind::Export => "Write the selection to".into(),
            PromptKind::FieldValue { path } => format!("New value for {path}"),
            PromptKind::Bookmark { range, old } => {
                let what = if range.is_empty() {
                    format!("0x{:x}", range.start)
                } else {
                    format!("0x{:x}–0x{:x}", range.start, range.end - 1)
                };
                let verb = if old.is_some() { "Rename" } else { "Bookmark" };
                format!(
                    "{verb} {what} as (name; colour: {}; comment)",
                    crate::core::bookmarks::COLORS.join("/")
                )
            }
            PromptKind::ExportBookmarks => "Write the bookmarks (JSON) to".into(),
            PromptKind::ImportBookmarks => "Read bookmarks (JSON) from".into(),
        }
    }
}

/// A question answered with a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Quit with unsaved edits: save, discard, or stay.
    QuitUnsaved,
    /// Save over an existing file that is not this buffer's.
    Overwrite { path: PathBuf, then_quit: bool },
    /// The file changed on disk since it was opened: overwrite it anyway?
    ForceSave { then_quit: bool },
    /// Find & replace stopped on a match: replace it, skip it, all, stop.
    ReplaceMatch {
        at: u64,
        search: SearchState,
        with: Vec<u8>,
    },
    /// Write the selection over an existing file.
    ExportOverwrite { path: PathBuf },
}

/// A panel drawn over the panes, with its own keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Panel {
    /// A digest of the selection or the file.
    Hash {
        name: &'static str,
        scope: String,
        digest: String,
    },
    /// Every unsaved change; `selected` is the highlighted row.
    Changes { selected: usize },
    /// The marks; `selected` is the highlighted row.
    Marks { selected: usize },
    /// The named bookmarks and regions; `selected` is the highlighted row.
    Bookmarks { selected: usize },
    /// Formats to copy the selection as.
    CopyAs { selected: usize },
    /// Every match of the search (find all); `selected` is the row.
    Matches { selected: usize },
    /// The printable strings (of the filtered list, `selected` is the row).
    Strings { selected: usize },
    /// The byte histogram of the selection or the file.
    Histogram {
        scope: String,
        hist: Box<crate::core::entropy::Histogram>,
    },
}

/// What is drawn over the panes and takes the keys.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Overlay {
    #[default]
    None,
    /// The help screen, at a page (when it does not fit one screen).
    Help {
        page: usize,
    },
    Prompt {
        kind: PromptKind,
        input: LineInput,
    },
    Confirm(Confirm),
    /// The command palette: a filter and the highlighted row.
    Palette {
        input: LineInput,
        selected: usize,
    },
    Panel(Panel),
}

/// Options the editor starts with.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    pub readonly: bool,
    pub keymap: KeymapKind,
    /// The keymap with a config file's bindings applied, so messages of
    /// the start name the user's keys (`None`: `keymap`'s defaults).
    pub keys: Option<Keymap>,
    pub at: Option<u64>,
    pub color: bool,
    /// What the title shows for a buffer with no file (stdin, the sample).
    pub title: Option<String>,
}

/// The whole editor state.
pub struct App {
    /// The document, the cursor, the selection, the marks: every edit goes
    /// through it.
    pub ed: Editor,
    pub focus: Pane,
    pub mode: EditMode,
    pub view: ViewSettings,
    /// The first visible row.
    pub top: u64,
    pub geometry: Geometry,
    /// Why the file cannot be written, when it cannot (mode, owner, a
    /// read-only mount): edits stay possible, Ctrl+S offers Save As.
    pub unwritable: Option<Unwritable>,
    pub overlay: Overlay,
    pub message: Option<Message>,
    /// A number being typed into the typed pane, written on Enter.
    pub typed_entry: Option<String>,
    pub keymap: Keymap,
    /// vi's normal mode (only with a modal keymap).
    pub vi_normal: bool,
    pub title: Option<String>,
    /// The last search, for F3 and for highlighting matches on screen.
    pub search: Option<SearchState>,
    /// hexbuf's own clipboard.
    pub clipboard: Vec<u8>,
    /// What the last inputs ask of the runner (see [`App::handle`]).
    pub(crate) effects: Vec<super::effect::Effect>,
    /// The lesson being worked through, if any.
    pub lesson: Option<super::lesson::LessonRun>,
    /// The name Save as suggests for a buffer with no file.
    pub save_name: Option<String>,
    pub goto_history: Vec<String>,
    pub find_history: Vec<String>,
    /// Where Up/Down is in a prompt's history.
    pub(crate) history_pos: Option<usize>,
    /// What the user has been told about the file changing under us.
    pub watch: super::files::FileWatch,
    /// The structure panel, when a Kaitai spec was found for the file.
    pub structure: Option<super::structure::Structure>,
    /// The compare view's second file and differences (`hexbuf A B`).
    pub compare: Option<Box<super::compare::Compare>>,
    /// Every match of a search, once collected (find all, match counts).
    pub match_list: Option<super::findall::MatchList>,
    /// The strings panel's strings, once scanned.
    pub strings: Option<super::strings_panel::StringsList>,
    /// Where the bookmarks persist (`None`: they are not persisted: no
    /// file, or its bookmarks file could not be read and is left alone).
    pub bookmark_file: Option<PathBuf>,
    /// Where follow-pointer jumps came from, most recent last.
    pub back_stack: Vec<u64>,
    /// The entropy strip's values, and what they were computed from.
    pub entropy: super::entropy::EntropyState,
}

impl App {
    pub fn new(doc: Document, opts: AppOptions) -> Self {
        let readonly = if opts.readonly {
            Some("read-only (opened with --readonly)")
        } else if doc.source().kind() == SourceKind::PseudoFile {
            Some("read-only (a kernel pseudo file)")
        } else {
            None
        };
        let keymap = opts.keys.unwrap_or_else(|| Keymap::new(opts.keymap));
        let vi_normal = keymap.is_modal();
        let mut app = App {
            ed: Editor::new(doc, readonly),
            focus: Pane::Hex,
            mode: EditMode::Overwrite,
            view: ViewSettings {
                color: opts.color,
                ..ViewSettings::default()
            },
            top: 0,
            geometry: Geometry::default(),
            unwritable: None,
            overlay: Overlay::None,
            message: None,
            typed_entry: None,
            keymap,
            vi_normal,
            title: opts.title,
            search: None,
            clipboard: Vec::new(),
            effects: Vec::new(),
            lesson: None,
            save_name: None,
            goto_history: Vec::new(),
            find_history: Vec::new(),
            history_pos: None,
            watch: Default::default(),
            structure: None,
            compare: None,
            match_list: None,
            strings: None,
            bookmark_file: None,
            back_stack: Vec::new(),
            entropy: Default::default(),
        };
        if let Some(at) = opts.at {
            app.ed.set_cursor(at);
            if at > app.max_cursor() {
                app.error(format!(
                    "--at 0x{at:x} is past the end (0x{:x}); the cursor is at the end",
                    app.ed.doc().len()
                ));
            }
        }
        app.scroll_to_cursor();
        app.check_writable_at_open();
        app
    }

    pub fn is_editable(&self) -> bool {
        self.ed.is_editable()
    }

    /// The largest cursor offset (see [`Editor::max_cursor`]).
    pub fn max_cursor(&self) -> u64 {
        self.ed.max_cursor()
    }

    pub fn bytes_per_row(&self) -> u64 {
        self.geometry.bytes_per_row.max(1) as u64
    }

    /// The first byte of the element under the cursor (typed pane):
    /// elements start at `elem_base` and every `size` bytes from it (and
    /// before it, down to a short first one).
    pub fn element_start(&self) -> u64 {
        self.element_start_of(self.ed.cursor())
    }

    /// The first byte of the element holding `at`.
    pub fn element_start_of(&self, at: u64) -> u64 {
        let size = self.view.elem.size() as u64;
        let phase = self.view.elem_base % size;
        if at < phase {
            0
        } else {
            at - (at - phase) % size
        }
    }

    /// The bytes the cursor covers: the whole element in the typed pane,
    /// else one byte.
    pub fn cursor_span(&self) -> std::ops::Range<u64> {
        let start = self.element_start();
        let size = self.view.elem.size() as u64;
        // Before the first element of a base offset, the short run of
        // bytes up to it.
        let phase = self.view.elem_base % size;
        let end = if start < phase { phase } else { start + size };
        start..end
    }

    /// The selected bytes: from the anchor to the cursor, both included;
    /// in the typed pane, whole elements.
    pub fn selection(&self) -> Option<std::ops::Range<u64>> {
        let sel = self.ed.selection()?;
        if self.focus != Pane::Typed {
            return Some(sel);
        }
        let size = self.view.elem.size() as u64;
        let start = self.element_start_of(sel.start);
        let end = self.element_start_of(sel.end - 1) + size;
        Some(start..end.min(self.ed.doc().len()))
    }

    /// The selection, or the whole document when nothing is selected.
    pub fn selection_or_all(&self) -> std::ops::Range<u64> {
        self.selection().unwrap_or(0..self.ed.doc().len())
    }

    /// The range of offsets on screen.
    pub fn visible_range(&self) -> std::ops::Range<u64> {
        let bpr = self.bytes_per_row();
        let start = self.top * bpr;
        start..start + bpr * self.geometry.rows as u64
    }

    /// Takes the geometry the layout found room for and keeps the cursor
    /// on screen.
    pub fn set_geometry(&mut self, geometry: Geometry) {
        if geometry != self.geometry {
            self.geometry = geometry;
            self.scroll_to_cursor();
        }
    }

    /// Scrolls the least amount that shows the cursor's row.
    pub fn scroll_to_cursor(&mut self) {
        let row = self.ed.cursor() / self.bytes_per_row();
        let rows = self.geometry.rows.max(1) as u64;
        if row < self.top {
            self.top = row;
        } else if row >= self.top + rows {
            self.top = row + 1 - rows;
        }
        self.top = self.top.min(self.last_top());
    }

    /// Scrolls for a jump (go to, find, marks): when the cursor's row is off
    /// screen, it lands a third of the way down, with context around it.
    pub fn reveal_cursor(&mut self) {
        let row = self.ed.cursor() / self.bytes_per_row();
        let rows = self.geometry.rows.max(1) as u64;
        if row < self.top || row >= self.top + rows {
            self.top = row.saturating_sub(rows / 3).min(self.last_top());
        }
        self.scroll_to_cursor();
    }

    /// The top row that shows the end of the document at the bottom.
    pub fn last_top(&self) -> u64 {
        let rows_total = self.max_cursor() / self.bytes_per_row() + 1;
        rows_total.saturating_sub(self.geometry.rows.max(1) as u64)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            kind: MessageKind::Info,
            text: text.into(),
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            kind: MessageKind::Error,
            text: text.into(),
        });
    }

    /// The name shown for the buffer: its path, or what it came from.
    pub fn display_name(&self) -> String {
        match self.ed.doc().source().path() {
            Some(p) => crate::core::display::escape_path(p),
            None => self.title.clone().unwrap_or_else(|| "[no file]".into()),
        }
    }
}
