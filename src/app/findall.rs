//! Find all: every match of the current search, collected off the UI
//! thread into a list (capped, with the total still counted) that the
//! results panel shows and that gives "match 3 of 17" while stepping with
//! F3. The list belongs to one search and one revision of the bytes: an
//! edit or a new search makes it stale, and it is collected again when
//! next needed.

use std::sync::Arc;

use super::command::Cmd;
use super::effect::Effect;
use super::jobs::{Collect, Job, LIST_CAP};
use super::mode::{Mode, ModeCmd};
use super::state::{App, MessageKind, Overlay, Panel};
use crate::core::search::Matcher;

/// Every match of one search, as collected.
#[derive(Clone, Debug)]
pub struct MatchList {
    /// The matcher searched for (the list is stale once it is not the
    /// current search's).
    matcher: Arc<Matcher>,
    /// The revision of the bytes it was collected from.
    revision: u64,
    /// The first [`LIST_CAP`] offsets, in increasing order.
    pub offsets: Vec<u64>,
    /// How many matches there are in all.
    pub total: u64,
    /// The length of a match.
    pub len: u64,
    /// False when the count was cancelled: F3 then steps without one
    /// rather than counting again at every step.
    complete: bool,
}

impl MatchList {
    /// Whether some matches were left out of `offsets`.
    pub fn capped(&self) -> bool {
        (self.offsets.len() as u64) < self.total
    }
}

impl App {
    /// The match list, when it is of the current search and bytes.
    pub fn match_list(&self) -> Option<&MatchList> {
        self.current_list().filter(|l| l.complete)
    }

    /// The list (or the cancelled count) of the current search and bytes.
    fn current_list(&self) -> Option<&MatchList> {
        let list = self.match_list.as_ref()?;
        let search = self.search.as_ref()?;
        (Arc::ptr_eq(&list.matcher, &search.matcher) && list.revision == self.ed.revision())
            .then_some(list)
    }

    /// "match 3 of 17" when the cursor is on a match of the collected
    /// list (for the status line and the message after a step).
    pub fn match_position(&self) -> Option<String> {
        let list = self.match_list()?;
        let at = self.ed.cursor();
        match list.offsets.binary_search(&at) {
            Ok(i) => Some(format!("match {} of {}", i + 1, list.total)),
            // Past the kept offsets: its index was not kept, only counted.
            Err(i) if i == list.offsets.len() && list.capped() => {
                Some(format!("match > {} of {}", list.offsets.len(), list.total))
            }
            Err(_) => None,
        }
    }

    /// Find all: lists every match of the current search (collecting them
    /// first when the list is stale); with no search yet, opens the find
    /// prompt, where Alt+Enter lists them.
    pub(crate) fn find_all(&mut self) {
        let Some(search) = &self.search else {
            self.open_find(false);
            let all = self.mode_key_hint(Mode::Prompt, ModeCmd::FindAll);
            self.info(format!("type what to find, then {all} lists every match"));
            return;
        };
        if self.match_list().is_some() {
            self.open_match_list();
            return;
        }
        let matcher = Arc::clone(&search.matcher);
        self.effects.push(Effect::Job(Job::CollectMatches {
            matcher,
            from: 0,
            purpose: Collect::List,
        }));
    }

    /// Counts the matches of the current search once (after a step with
    /// F3), unless the list of them is up to date.
    pub(crate) fn count_matches(&mut self) {
        let Some(search) = &self.search else { return };
        if self.current_list().is_some() {
            return;
        }
        let matcher = Arc::clone(&search.matcher);
        self.effects.push(Effect::Job(Job::CollectMatches {
            matcher,
            from: 0,
            purpose: Collect::Count,
        }));
    }

    /// Takes the matches a find all (`list`) or a count collected.
    pub(crate) fn matches_collected(
        &mut self,
        matcher: &Arc<Matcher>,
        list: bool,
        offsets: Vec<u64>,
        total: u64,
    ) {
        self.match_list = Some(MatchList {
            matcher: Arc::clone(matcher),
            revision: self.ed.revision(),
            offsets,
            total,
            len: matcher.len() as u64,
            complete: true,
        });
        if list {
            self.open_match_list();
        } else if let Some(p) = self.match_position() {
            // The step's message ("… at 0x1234 (wrapped around)") gets the
            // count.
            match self.message.as_mut() {
                Some(m) if m.kind == MessageKind::Info && !m.text.contains(" — match ") => {
                    m.text = format!("{} — {p}", m.text);
                }
                _ => {
                    let shown = self.search.as_ref().map(|s| s.shown.clone());
                    self.info(format!(
                        "{} at 0x{:x} — {p}",
                        shown.unwrap_or_default(),
                        self.ed.cursor()
                    ));
                }
            }
        }
    }

    /// A count stopped with Esc: not tried again for this search (find
    /// all, Alt+G, still collects them).
    pub(crate) fn count_cancelled(&mut self, matcher: &Arc<Matcher>) {
        self.match_list = Some(MatchList {
            matcher: Arc::clone(matcher),
            revision: self.ed.revision(),
            offsets: Vec::new(),
            total: 0,
            len: matcher.len() as u64,
            complete: false,
        });
        let (next, all) = (self.key_hint(Cmd::FindNext), self.key_hint(Cmd::FindAll));
        self.info(format!(
            "counting cancelled: {next} goes on without the count ({all} lists every match)"
        ));
    }

    /// Opens the results panel at the first match at or after the cursor.
    fn open_match_list(&mut self) {
        let Some(list) = self.match_list() else {
            return;
        };
        let shown = self
            .search
            .as_ref()
            .map(|s| s.shown.clone())
            .unwrap_or_default();
        if list.total == 0 {
            self.error(format!("not found: {shown}"));
            return;
        }
        let selected = list
            .offsets
            .partition_point(|&o| o < self.ed.cursor())
            .min(list.offsets.len().saturating_sub(1));
        let note = if list.capped() {
            format!(" (the list keeps the first {LIST_CAP})")
        } else {
            String::new()
        };
        let s = if list.total == 1 { "" } else { "es" };
        let msg = format!("{} match{s} of {shown}{note}", list.total);
        self.overlay = Overlay::Panel(Panel::Matches { selected });
        self.info(msg);
    }

    /// Enter in the results list: the cursor to the match, selected.
    pub(crate) fn match_jump(&mut self, selected: usize) {
        let Some(list) = self.match_list() else {
            self.overlay = Overlay::None;
            return;
        };
        let Some(&at) = list.offsets.get(selected) else {
            return;
        };
        self.overlay = Overlay::None;
        self.jump_to(at);
        if let Some(p) = self.match_position() {
            self.info(format!("0x{at:x}: {p}"));
        }
    }
}
