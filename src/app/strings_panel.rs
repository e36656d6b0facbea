//! The strings panel: the printable strings (ASCII, UTF-16LE and UTF-16BE,
//! as GNU `strings -a` finds them) of the selection or the whole file,
//! scanned off the UI thread. The list is capped with the total counted;
//! typing filters it (case-insensitive substring), Alt+→ / Alt+← change
//! the minimum length (a new scan), Enter jumps to a string and selects it.

use std::ops::Range;

use super::effect::Effect;
use super::jobs::{Job, LIST_CAP, StringEntry};
use super::state::{App, Overlay, Panel};

/// The minimum length of a string when the panel first opens, as GNU
/// strings' default.
pub const DEFAULT_MIN: usize = 4;

/// The longest minimum length the panel offers.
const MAX_MIN: usize = 64;

/// The strings of a range, and the filter over them.
#[derive(Clone, Debug)]
pub struct StringsList {
    /// What was scanned.
    pub range: Range<u64>,
    /// The minimum length in characters.
    pub min: usize,
    /// The first [`LIST_CAP`] strings, in offset order.
    pub entries: Vec<StringEntry>,
    /// How many strings there are in all.
    pub total: u64,
    /// The text typed to filter by.
    pub filter: String,
    /// The indexes into `entries` that the filter lets through.
    pub shown: Vec<usize>,
}

impl StringsList {
    pub fn capped(&self) -> bool {
        (self.entries.len() as u64) < self.total
    }

    /// Applies the filter: entries whose text holds it, in any case.
    fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        self.shown = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| needle.is_empty() || e.text.to_lowercase().contains(&needle))
            .map(|(i, _)| i)
            .collect();
    }

    /// The entry in row `row` of the filtered list.
    pub fn row(&self, row: usize) -> Option<&StringEntry> {
        self.shown.get(row).and_then(|&i| self.entries.get(i))
    }
}

impl App {
    /// The `strings` command: scans the selection (or the file) for
    /// strings of the last minimum length used.
    pub(crate) fn open_strings(&mut self) {
        let min = self.strings.as_ref().map_or(DEFAULT_MIN, |s| s.min);
        self.scan_strings(self.selection_or_all(), min);
    }

    fn scan_strings(&mut self, range: Range<u64>, min: usize) {
        self.effects.push(Effect::Job(Job::Strings { range, min }));
    }

    /// Takes the strings a scan found and shows them.
    pub(crate) fn strings_found(
        &mut self,
        range: Range<u64>,
        min: usize,
        entries: Vec<StringEntry>,
        total: u64,
    ) {
        // A new minimum length keeps the filter typed so far.
        let filter = self
            .strings
            .take()
            .map(|s| s.filter)
            .filter(|_| matches!(self.overlay, Overlay::Panel(Panel::Strings { .. })))
            .unwrap_or_default();
        let mut list = StringsList {
            range,
            min,
            entries,
            total,
            filter,
            shown: Vec::new(),
        };
        list.refilter();
        let note = if list.capped() {
            format!(" (the list keeps the first {LIST_CAP})")
        } else {
            String::new()
        };
        let msg = format!(
            "{total} string{} of at least {min} characters{note}",
            if total == 1 { "" } else { "s" }
        );
        self.strings = Some(list);
        self.overlay = Overlay::Panel(Panel::Strings { selected: 0 });
        self.info(msg);
    }

    /// A character typed into the strings panel's filter.
    pub(crate) fn strings_type(&mut self, c: Option<char>) {
        let Some(list) = self.strings.as_mut() else {
            return;
        };
        match c {
            Some(c) => list.filter.push(c),
            None => {
                list.filter.pop();
            }
        }
        list.refilter();
        self.overlay = Overlay::Panel(Panel::Strings { selected: 0 });
    }

    /// Alt+→ / Alt+←: a longer or shorter minimum length (a new scan).
    pub(crate) fn strings_min(&mut self, longer: bool) {
        let Some(list) = self.strings.as_ref() else {
            return;
        };
        let min = if longer {
            (list.min + 1).min(MAX_MIN)
        } else {
            list.min.saturating_sub(1).max(1)
        };
        if min != list.min {
            self.scan_strings(list.range.clone(), min);
        }
    }

    /// Enter in the strings panel: the cursor to the string, which is
    /// selected (the cursor on its first byte).
    pub(crate) fn strings_jump(&mut self, row: usize) {
        let Some(bytes) = self
            .strings
            .as_ref()
            .and_then(|s| s.row(row))
            .map(|e| e.bytes())
        else {
            return;
        };
        self.overlay = Overlay::None;
        self.jump_to(bytes.start);
        if bytes.end > bytes.start + 1 {
            self.ed.set_anchor(Some(bytes.end - 1));
        }
        self.info(format!(
            "string at 0x{:x}, {} bytes (selected)",
            bytes.start,
            bytes.end - bytes.start
        ));
    }
}
