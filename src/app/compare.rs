//! The compare view (`hexbuf A B`): two files side by side under one
//! cursor position. Each side is an [`Editor`] with its own undo; the
//! active one is `App::ed`, so every editing key, undo, go to, find and the
//! safe save work on it unchanged, and switching sides swaps the two. The
//! cursor is a position of the [`Alignment`], which both sides' offsets map
//! to (with gaps in aligned mode); after each key the view follows the
//! active editor's cursor and compares again when either side changed.

pub mod align;
mod keys;
mod patch;
mod refresh;
pub mod task;

use align::{Alignment, Side};
use task::{DiffTask, INLINE_BYTES, Key};

use super::editor::Editor;
use super::files::FileWatch;
use super::state::App;
use crate::core::access::Unwritable;
use crate::core::document::Document;
use crate::core::source::SourceKind;

/// What belongs to one side's file besides its editor, kept for the side
/// not being edited.
#[derive(Debug, Default)]
struct FileState {
    unwritable: Option<Unwritable>,
    watch: FileWatch,
    title: Option<String>,
    save_name: Option<String>,
}

/// The compare view's state.
#[derive(Debug)]
pub struct Compare {
    /// The side that is not being edited (`App::ed` is the active one).
    other: Editor,
    other_file: FileState,
    /// Which side `App::ed` is.
    pub active: Side,
    /// The cursor: a position of the alignment.
    pub cursor: u64,
    /// The first row on screen.
    pub top: u64,
    /// Insertions and deletions found (else bytes compared at equal offsets).
    pub aligned: bool,
    alignment: Alignment,
    /// What `alignment` was computed for; `None` when never.
    computed: Option<Key>,
    task: DiffTask,
    /// The active editor's cursor as the view last put it: when a key
    /// moves it (typing, undo, go to, find), the position follows it.
    synced: u64,
    /// The comparison the user stopped (Esc), not started again until an
    /// edit or Alt+A asks for another.
    stopped: Option<Key>,
    /// Sizes (A + B) below which comparing runs at once, on this thread
    /// (a sixteenth of it aligned).
    pub inline_limit: u64,
    /// The revisions when the editors' touched ranges were last taken.
    base: Option<Key>,
}

impl App {
    /// Turns the editor into the compare view of its document (A) and `b`.
    pub fn open_compare(&mut self, b: Document, b_title: Option<String>) {
        // --readonly holds for both sides; a kernel pseudo file is read-only
        // by itself.
        let readonly = match self.ed.readonly() {
            Some(why) if why.contains("--readonly") => Some(why),
            _ if b.source().kind() == SourceKind::PseudoFile => {
                Some("read-only (a kernel pseudo file)")
            }
            _ => None,
        };
        let mut cmp = Compare {
            other: Editor::new(b, readonly),
            other_file: FileState {
                title: b_title,
                ..FileState::default()
            },
            active: Side::A,
            cursor: 0,
            top: 0,
            aligned: false,
            alignment: Alignment::unknown(self.ed.doc().len(), 0),
            computed: None,
            task: DiffTask::default(),
            synced: self.ed.cursor(),
            stopped: None,
            inline_limit: INLINE_BYTES,
            base: None,
        };
        cmp.alignment = Alignment::unknown(self.ed.doc().len(), cmp.other.doc().len());
        self.compare = Some(Box::new(cmp));
        self.structure = None;
        // The other side's own writability, as the open checked A's.
        self.switch_side();
        self.check_writable_at_open();
        self.switch_side();
        self.compare_sync();
    }

    /// The editor of a side.
    pub fn side_editor(&self, side: Side) -> &Editor {
        match &self.compare {
            Some(c) if c.active != side => &c.other,
            _ => &self.ed,
        }
    }

    /// The name shown for a side's file.
    pub fn side_name(&self, side: Side) -> String {
        match &self.compare {
            Some(c) if c.active != side => match c.other.doc().source().path() {
                Some(p) => crate::core::display::escape_path(p),
                None => c
                    .other_file
                    .title
                    .clone()
                    .unwrap_or_else(|| "[no file]".into()),
            },
            _ => self.display_name(),
        }
    }

    /// Whether each side has unsaved edits: (A, B).
    pub fn sides_modified(&self) -> (bool, bool) {
        (
            self.side_editor(Side::A).doc().is_modified(),
            self.side_editor(Side::B).doc().is_modified(),
        )
    }

    /// The document of the side not being edited (for the recovery file).
    pub fn other_document(&self) -> Option<&Document> {
        self.compare.as_ref().map(|c| c.other.doc())
    }

    /// Swaps the sides: the other file's editor becomes `App::ed`. The
    /// cursor keeps its position.
    pub(crate) fn switch_side(&mut self) {
        self.end_typing();
        self.typed_entry = None;
        self.swap_sides();
        self.put_cursor();
    }

    /// Exchanges the two sides' editors and file states, nothing else.
    fn swap_sides(&mut self) {
        let Some(c) = self.compare.as_mut() else {
            return;
        };
        std::mem::swap(&mut self.ed, &mut c.other);
        std::mem::swap(&mut self.unwritable, &mut c.other_file.unwritable);
        std::mem::swap(&mut self.watch, &mut c.other_file.watch);
        std::mem::swap(&mut self.title, &mut c.other_file.title);
        std::mem::swap(&mut self.save_name, &mut c.other_file.save_name);
        c.active = c.active.other();
    }

    /// Looks at the file of the side not being edited, as
    /// [`App::check_file`] does at the active one's.
    pub(crate) fn check_other_file(&mut self) {
        if self.compare.is_some() {
            self.swap_sides();
            self.check_own_file(false);
            self.swap_sides();
        }
    }

    /// The alignment on screen.
    pub fn alignment(&self) -> Option<&Alignment> {
        self.compare.as_ref().map(|c| &c.alignment)
    }

    /// What is being compared, and how far: `Some(percent)` while a
    /// worker runs.
    pub fn compare_progress(&self) -> Option<u64> {
        self.compare.as_ref().and_then(|c| c.task.percent())
    }

    /// Whether the differences shown are those of the bytes as they are.
    pub fn compare_is_current(&self) -> bool {
        self.compare
            .as_ref()
            .is_some_and(|c| c.computed == Some(self.compare_key(c)))
    }

    /// Whether the user stopped the comparison of the bytes as they are.
    pub fn compare_stopped(&self) -> bool {
        self.compare
            .as_ref()
            .is_some_and(|c| c.stopped.is_some_and(|k| k == self.compare_key(c)))
    }

    /// Stops the comparison running on a worker, if any.
    pub(crate) fn stop_comparing(&mut self) {
        if let Some(c) = self.compare.as_mut()
            && let Some(key) = c.task.running()
        {
            c.task.cancel();
            c.stopped = Some(key);
        }
    }

    /// Whether background work wants the screen redrawn soon.
    pub fn background_busy(&self) -> bool {
        self.compare
            .as_ref()
            .is_some_and(|c| c.task.running().is_some())
    }

    fn compare_key(&self, c: &Compare) -> Key {
        let (rev_a, rev_b) = match c.active {
            Side::A => (self.ed.revision(), c.other.revision()),
            Side::B => (c.other.revision(), self.ed.revision()),
        };
        Key {
            rev_a,
            rev_b,
            aligned: c.aligned,
        }
    }

    /// Brings the view up to date after a key, a job or a frame: takes a
    /// finished comparison, starts one when the bytes changed, and makes
    /// the position follow the active editor's cursor.
    pub fn compare_sync(&mut self) {
        let Some(mut c) = self.compare.take() else {
            return;
        };
        let key = self.compare_key(&c);
        let mut realigned = false;
        if let Some((done, found)) = c.task.poll()
            && done == key
        {
            match found {
                Some(found) => realigned |= c.install(key, found, &self.ed),
                None => c.stopped = Some(key),
            }
        }
        if c.computed != Some(key) && c.task.running() != Some(key) && c.stopped != Some(key) {
            realigned |= c.refresh(key, &mut self.ed);
        }
        let moved = realigned || self.ed.cursor() != c.synced;
        if moved {
            c.cursor = c.alignment.position(c.active, self.ed.cursor());
            c.synced = self.ed.cursor();
        }
        self.compare = Some(c);
        // The view follows the cursor when it moved (else the wheel may
        // have scrolled away from it).
        if moved {
            self.scroll_compare(false);
        }
    }

    /// Waits for a comparison running on a worker (tests).
    pub fn compare_wait(&mut self) {
        let Some(c) = self.compare.as_mut() else {
            return;
        };
        if let Some((key, Some(found))) = c.task.wait() {
            c.install(key, found, &self.ed);
            // The position follows the cursor into the new alignment.
            c.synced = u64::MAX;
        }
        self.compare_sync();
    }

    /// Puts the active editor's cursor where the position shows it.
    pub(crate) fn put_cursor(&mut self) {
        let Some(c) = self.compare.as_mut() else {
            return;
        };
        let off = c.alignment.cell(c.active, c.cursor).offset();
        self.ed.set_cursor(off);
        c.synced = self.ed.cursor();
    }

    /// Scrolls by `rows` (the mouse wheel), the cursor staying where it is.
    pub(crate) fn scroll_compare_by(&mut self, rows: i64) {
        let bpr = self.bytes_per_row();
        let shown = self.geometry.rows.max(1) as u64;
        if let Some(c) = self.compare.as_mut() {
            let last_row = c.alignment.total() / bpr;
            c.top = c
                .top
                .saturating_add_signed(rows)
                .min((last_row + 1).saturating_sub(shown));
        }
    }

    /// Scrolls the least that shows the cursor's row; `jump` puts a row
    /// that was off screen a third of the way down instead.
    pub(crate) fn scroll_compare(&mut self, jump: bool) {
        let bpr = self.bytes_per_row();
        let rows = self.geometry.rows.max(1) as u64;
        let Some(c) = self.compare.as_mut() else {
            return;
        };
        let row = c.cursor / bpr;
        let off_screen = row < c.top || row >= c.top + rows;
        if jump && off_screen {
            c.top = row.saturating_sub(rows / 3);
        } else if row < c.top {
            c.top = row;
        } else if row >= c.top + rows {
            c.top = row + 1 - rows;
        }
        let last_row = c.alignment.total() / bpr;
        c.top = c.top.min((last_row + 1).saturating_sub(rows));
    }
}
