//! The bytes on screen, read once per frame: only the visible rows (plus a
//! few bytes past them, for an element or character that runs over the
//! edge), with the unsaved ranges among them. A frame's cost does not
//! depend on the file's size.

use std::ops::Range;

use crate::app::state::App;

/// Bytes read past the last visible row.
const LOOKAHEAD: u64 = 8;

/// What the panes draw from.
pub struct Window {
    /// Offset of the first visible byte.
    pub start: u64,
    pub bytes: Vec<u8>,
    /// Unsaved ranges overlapping the window, in order.
    pub changed: Vec<Range<u64>>,
    pub bytes_per_row: usize,
    pub rows: usize,
    /// The document's length.
    pub len: u64,
}

impl Window {
    pub fn read(app: &App) -> Self {
        let range = app.visible_range();
        let end = range.end + LOOKAHEAD;
        Window {
            start: range.start,
            bytes: app.doc.read(range.start..end),
            changed: app.doc.changed_in(range.start..end),
            bytes_per_row: app.bytes_per_row() as usize,
            rows: app.geometry.rows,
            len: app.doc.len(),
        }
    }

    /// The byte at a document offset, if it is in the window and the file.
    pub fn byte(&self, offset: u64) -> Option<u8> {
        let i = offset.checked_sub(self.start)?;
        self.bytes.get(i as usize).copied()
    }

    /// The bytes from `offset` to the end of the window.
    pub fn from(&self, offset: u64) -> &[u8] {
        let i = offset.saturating_sub(self.start) as usize;
        self.bytes.get(i..).unwrap_or_default()
    }

    pub fn is_changed(&self, offset: u64) -> bool {
        let i = self.changed.partition_point(|r| r.end <= offset);
        self.changed.get(i).is_some_and(|r| r.start <= offset)
    }

    /// Offset of the first byte of visible row `row`.
    pub fn row_start(&self, row: usize) -> u64 {
        self.start + (row * self.bytes_per_row) as u64
    }
}
