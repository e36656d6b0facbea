//! The entropy strip and the byte histogram, as the app runs them: the
//! strip's values are measured by a job, kept with the revision and
//! snapshot they were measured at, and measured again after edits — only
//! the blocks the edits touched. Jumps go to where the entropy band (low,
//! mid, high) changes; a click on the strip goes to the bytes its cell
//! stands for.

use std::sync::Arc;

use super::command::Cmd;
use super::effect::Effect;
use super::jobs::Job;
use super::state::{App, Overlay, Panel};
use crate::core::entropy::{EntropyMap, Histogram, dirty_blocks};
use crate::core::snapshot::Snapshot;

/// The strip's values and what they were measured from.
#[derive(Clone, Debug, Default)]
pub struct EntropyState {
    /// The values, once measured (they may be of an older revision).
    measured: Option<Measured>,
    /// A job to measure them is on its way.
    pending: bool,
}

/// Values with the editor revision and the bytes they were measured at.
#[derive(Clone, Debug)]
struct Measured {
    map: Arc<EntropyMap>,
    revision: u64,
    snapshot: Snapshot,
}

impl EntropyState {
    /// The values, once measured (they may be of an older revision).
    pub fn map(&self) -> Option<&Arc<EntropyMap>> {
        self.measured.as_ref().map(|m| &m.map)
    }

    /// The values, when they are of the document's current revision.
    pub fn current(&self, revision: u64) -> Option<&Arc<EntropyMap>> {
        self.measured
            .as_ref()
            .filter(|m| m.revision == revision)
            .map(|m| &m.map)
    }
}

impl App {
    /// Alt+V: shows or hides the entropy strip.
    pub(crate) fn toggle_entropy_strip(&mut self) {
        if self.compare.is_some() {
            self.error("the entropy strip is not part of the compare view");
            return;
        }
        self.view.entropy_strip = !self.view.entropy_strip;
        if self.view.entropy_strip {
            let (next, prev) = (
                self.key_hint(Cmd::EntropyJump { forward: true }),
                self.key_hint(Cmd::EntropyJump { forward: false }),
            );
            self.info(format!(
                "entropy strip: · none … █ 8 bits per byte ({next} / {prev}: next / previous region)"
            ));
            self.entropy_refresh();
        } else {
            self.info("entropy strip hidden");
        }
    }

    /// Asks for the strip's values to be measured again when it is shown
    /// and they are of an older revision. Called after every key.
    pub(crate) fn entropy_refresh(&mut self) {
        if self.view.entropy_strip && self.compare.is_none() {
            self.request_entropy(None);
        }
    }

    /// Pushes a job to measure what changed since the last measure; with
    /// `jump`, the cursor moves to a region boundary once it is done.
    fn request_entropy(&mut self, jump: Option<bool>) {
        let revision = self.ed.revision();
        if self.entropy.pending || self.entropy.current(revision).is_some() {
            return;
        }
        let (base, dirty) = match &self.entropy.measured {
            Some(m) => {
                let dirty = dirty_blocks(&m.map, &m.snapshot, self.ed.doc().content());
                (Some(m.map.clone()), Some(Arc::from(dirty)))
            }
            None => (None, None),
        };
        self.entropy.pending = true;
        self.effects
            .push(Effect::Job(Job::Entropy { base, dirty, jump }));
    }

    /// A measure ended (`None`: cancelled).
    pub(crate) fn entropy_done(&mut self, map: Option<Arc<EntropyMap>>, jump: Option<bool>) {
        self.entropy.pending = false;
        let Some(map) = map else {
            // Shown without values, it would ask again at every key.
            self.view.entropy_strip = false;
            let again = self.key_hint(Cmd::EntropyStrip);
            self.info(format!(
                "entropy cancelled: the strip is hidden ({again} measures again)"
            ));
            return;
        };
        self.entropy.measured = Some(Measured {
            map,
            revision: self.ed.revision(),
            snapshot: self.ed.doc().snapshot(),
        });
        if let Some(forward) = jump {
            self.entropy_jump(forward);
        }
    }

    /// A save gave the document a new revision (and new sources) but the
    /// same bytes: values that were current just before stay right, so a
    /// save does not count the whole file again. They were current if the
    /// strip is shown and no measure is on its way, as every input
    /// (the Ctrl+S among them) ends by bringing them up to date.
    pub(crate) fn entropy_saved(&mut self) {
        let (revision, doc) = (self.ed.revision(), self.ed.doc());
        if self.view.entropy_strip
            && !self.entropy.pending
            && let Some(m) = &mut self.entropy.measured
            && m.map.len == doc.len()
        {
            m.revision = revision;
            m.snapshot = doc.snapshot();
        }
    }

    /// Alt+R / Alt+U: the cursor goes to where the entropy band
    /// changes next (or where the current region began), measuring first
    /// when the values are old.
    pub(crate) fn entropy_jump(&mut self, forward: bool) {
        if self.compare.is_some() {
            self.error("entropy regions are not part of the compare view");
            return;
        }
        let Some(map) = self.entropy.current(self.ed.revision()).cloned() else {
            self.request_entropy(Some(forward));
            return;
        };
        let here = self.ed.cursor();
        match map.boundary(here, forward) {
            Some(at) => {
                self.jump_to(at);
                let band = map.blocks[map.block_of(at)];
                self.info(format!(
                    "entropy region at 0x{at:x}: {band:.2} bits per byte"
                ));
            }
            None if forward => self.info("no entropy region boundary after the cursor"),
            None => self.info("no entropy region boundary before the cursor"),
        }
    }

    /// A click on cell `cell` of a strip of `cells` cells: the cursor goes
    /// to the first byte that cell stands for.
    pub(crate) fn entropy_click(&mut self, cell: usize, cells: usize) {
        if self.overlay != Overlay::None {
            return;
        }
        let Some(map) = self.entropy.map().cloned() else {
            return;
        };
        let r = map.cell_range(cell, cells);
        let at = r.start.min(self.max_cursor());
        self.jump_to(at);
        let e = map.cells(cells).get(cell).copied().unwrap_or(0.0);
        self.info(format!("0x{at:x}: {e:.2} bits per byte around here"));
    }

    /// The byte histogram (palette: `histogram`) of the selection, or the file.
    pub(crate) fn request_histogram(&mut self) {
        self.effects.push(Effect::Job(Job::Histogram {
            range: self.selection_or_all(),
        }));
    }

    pub(crate) fn histogram_done(&mut self, range: std::ops::Range<u64>, hist: Box<Histogram>) {
        let scope = self.scope_of(&range);
        self.overlay = Overlay::Panel(Panel::Histogram { scope, hist });
    }
}
