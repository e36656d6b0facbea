//! The bytes on screen, read once per frame: only the visible rows (plus a
//! few bytes past them, for an element or character that runs over the
//! edge), with the unsaved ranges among them. A frame's cost does not
//! depend on the file's size.

use std::ops::{ControlFlow, Range};

use crate::app::state::App;

/// Bytes read past the last visible row.
const LOOKAHEAD: u64 = 8;

/// Bytes read before the first visible one, so a character that starts
/// there is decoded whole.
const LOOKBEHIND: u64 = 3;

/// The window's bytes with the context before them.
pub struct Context<'a> {
    pub bytes: &'a [u8],
    /// Document offset of `bytes[0]`.
    pub base: u64,
    /// How many of `bytes` come before the window.
    pub skip: usize,
}

/// What the panes draw from.
pub struct Window {
    /// Offset of the first visible byte.
    pub start: u64,
    /// The visible bytes and the lookahead, after `before` bytes of context.
    read: Vec<u8>,
    before: usize,
    /// Unsaved ranges overlapping the window, in order.
    pub changed: Vec<Range<u64>>,
    /// Ranges whose file bytes were truncated away by another program.
    pub vanished: Vec<Range<u64>>,
    pub bytes_per_row: usize,
    pub rows: usize,
    /// The document's length.
    pub len: u64,
    /// Matches of the last search that show in the window, in order.
    pub matches: Vec<Range<u64>>,
    /// The match the cursor is on (drawn apart from the others).
    pub current: Option<Range<u64>>,
    /// The bytes of the field selected in the structure panel.
    pub field: Option<Range<u64>>,
    /// The structure's records in the window, with their index (the panes
    /// tint them alternately so neighbours are told apart).
    pub bands: Vec<(Range<u64>, usize)>,
}

impl Window {
    pub fn read(app: &App) -> Self {
        let range = app.visible_range();
        let end = range.end + LOOKAHEAD;
        let from = range.start.saturating_sub(LOOKBEHIND);
        let read = app.ed.doc().read(from..end);
        let before = (range.start - from) as usize;
        Window {
            start: range.start,
            read,
            before,
            changed: app.ed.doc().changed_in(range.start..end),
            vanished: app.ed.doc().vanished_in(range.start..end),
            bytes_per_row: app.bytes_per_row() as usize,
            rows: app.geometry.rows,
            len: app.ed.doc().len(),
            matches: visible_matches(app, range.clone()),
            current: current_match(app),
            field: structure_field(app),
            bands: app
                .structure
                .as_ref()
                .filter(|s| s.open)
                .map(|s| s.bands(range))
                .unwrap_or_default(),
        }
    }

    /// Whether `offset` is in the selected structure field.
    pub fn in_field(&self, offset: u64) -> bool {
        self.field.as_ref().is_some_and(|f| f.contains(&offset))
    }

    /// The index of the structure record holding `offset`, if any.
    pub fn band(&self, offset: u64) -> Option<usize> {
        let i = self.bands.partition_point(|(r, _)| r.end <= offset);
        self.bands
            .get(i)
            .filter(|(r, _)| r.start <= offset)
            .map(|(_, n)| *n)
    }

    pub fn is_match(&self, offset: u64) -> bool {
        in_ranges(&self.matches, offset)
    }

    /// Whether `offset` is in the match the cursor is on.
    pub fn is_current_match(&self, offset: u64) -> bool {
        self.current.as_ref().is_some_and(|r| r.contains(&offset))
    }

    /// The visible bytes (and the lookahead after them).
    pub fn bytes(&self) -> &[u8] {
        &self.read[self.before..]
    }

    /// The bytes with the context before them, for decoding text.
    pub fn context(&self) -> Context<'_> {
        Context {
            bytes: &self.read,
            base: self.start - self.before as u64,
            skip: self.before,
        }
    }

    /// The byte at a document offset, if it is in the window and the file.
    pub fn byte(&self, offset: u64) -> Option<u8> {
        let i = offset.checked_sub(self.start)?;
        self.bytes().get(i as usize).copied()
    }

    /// The bytes from `offset` to the end of the window.
    pub fn from(&self, offset: u64) -> &[u8] {
        let i = offset.saturating_sub(self.start) as usize;
        self.bytes().get(i..).unwrap_or_default()
    }

    pub fn is_changed(&self, offset: u64) -> bool {
        in_ranges(&self.changed, offset)
    }

    pub fn is_vanished(&self, offset: u64) -> bool {
        in_ranges(&self.vanished, offset)
    }

    /// Offset of the first byte of visible row `row`.
    pub fn row_start(&self, row: usize) -> u64 {
        self.start + (row * self.bytes_per_row) as u64
    }
}

/// The selected field's bytes, when the structure panel is open.
fn structure_field(app: &App) -> Option<Range<u64>> {
    let s = app.structure.as_ref().filter(|s| s.open)?;
    s.selected_row()?.range().filter(|r| !r.is_empty())
}

/// Whether `offset` lies in one of `ranges` (sorted, disjoint).
fn in_ranges(ranges: &[Range<u64>], offset: u64) -> bool {
    let i = ranges.partition_point(|r| r.end <= offset);
    ranges.get(i).is_some_and(|r| r.start <= offset)
}

/// The match of the last search that starts at the cursor, if one does.
fn current_match(app: &App) -> Option<Range<u64>> {
    let search = app.search.as_ref()?;
    let m = search.matcher.len() as u64;
    let at = app.ed.cursor();
    if m == 0 || at + m > app.ed.doc().len() {
        return None;
    }
    let bytes = app.ed.doc().read(at..at + m);
    (search.matcher.next_in(&bytes, 0) == Some(0)).then_some(at..at + m)
}

/// The last search's matches that overlap the visible range: a search of a
/// few kilobytes around the screen, so highlighting costs nothing per file.
fn visible_matches(app: &App, range: Range<u64>) -> Vec<Range<u64>> {
    let Some(search) = &app.search else {
        return Vec::new();
    };
    let m = search.matcher.len() as u64;
    if m == 0 {
        return Vec::new();
    }
    let from = range.start.saturating_sub(m - 1);
    let to = (range.end + m - 1).min(app.ed.doc().len());
    let mut out = Vec::new();
    let _ = crate::core::search::find_all(
        app.ed.doc(),
        &search.matcher,
        from..to,
        &mut |_| ControlFlow::Continue(()),
        &mut |at| {
            // Runs of overlapping matches merge into one highlighted range.
            match out.last_mut() {
                Some(Range { end, .. }) if *end >= at => *end = at + m,
                _ => out.push(at..at + m),
            }
            if out.len() > 4096 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    out
}
