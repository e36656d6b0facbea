//! Comparing again when the bytes changed: at once for small files (a
//! sixteenth of the limit aligned), only around the edit for an overwrite
//! of a large pair at equal offsets, else on the worker — keeping the old
//! differences on screen meanwhile when both sizes are unchanged.

use std::ops::Range;

use super::align::{Alignment, Side, Span};
use super::task::{self, Found, Key};
use super::{Compare, patch};
use crate::app::editor::Editor;
use crate::core::snapshot::Snapshot;

impl Compare {
    /// Takes a comparison's result; true when the alignment changed.
    pub(super) fn install(&mut self, key: Key, found: Found, active: &Editor) -> bool {
        let (a, b) = self.lens(active);
        self.alignment = Alignment::new(found.spans, a, b).complete(found.complete);
        self.computed = Some(key);
        true
    }

    /// (len A, len B) as they are now.
    fn lens(&self, active: &Editor) -> (u64, u64) {
        match self.active {
            Side::A => (active.doc().len(), self.other.doc().len()),
            Side::B => (self.other.doc().len(), active.doc().len()),
        }
    }

    /// Compares again: at once when the files are small, else on a
    /// worker, keeping the old differences on screen meanwhile when the
    /// sizes did not change. True when the alignment changed.
    pub(super) fn refresh(&mut self, key: Key, active: &mut Editor) -> bool {
        let touched = union(active.take_touched(), self.other.take_touched());
        let since = self.base.replace(key);
        let (a, b) = match self.active {
            Side::A => (active.doc().snapshot(), self.other.doc().snapshot()),
            Side::B => (self.other.doc().snapshot(), active.doc().snapshot()),
        };
        let limit = if key.aligned {
            self.inline_limit / 16
        } else {
            self.inline_limit
        };
        let small = a.len().saturating_add(b.len()) < limit;
        // The differences on screen are those of the bytes before the
        // edits `touched` covers: compare again only there.
        if !small
            && !key.aligned
            && self.task.running().is_none()
            && self.computed.is_some_and(|k| !k.aligned)
            && self.computed == since
            && self.alignment.len(Side::A) == a.len()
            && self.alignment.len(Side::B) == b.len()
            && let Some(spans) = self.patched(touched, &a, &b)
        {
            self.alignment = Alignment::new(spans, a.len(), b.len());
            self.computed = Some(key);
            return true;
        }
        if small {
            let mut go_on = |_| std::ops::ControlFlow::Continue(());
            let found = task::compute(&a, &b, key.aligned, &mut go_on).unwrap_or_default();
            return self.install(key, found, active);
        }
        let sizes_kept = self.alignment.len(Side::A) == a.len()
            && self.alignment.len(Side::B) == b.len()
            && self.computed.is_some_and(|k| k.aligned == key.aligned);
        self.task.start(key, a.clone(), b.clone());
        if sizes_kept {
            return false;
        }
        self.alignment = Alignment::unknown(a.len(), b.len());
        self.computed = None;
        true
    }

    /// The differences after an overwrite of `touched` (equal offsets,
    /// both sizes kept), comparing only around it; `None` when that would
    /// not be quick (a large range, or one reaching the longer file's tail).
    fn patched(
        &self,
        touched: Option<Range<u64>>,
        a: &Snapshot,
        b: &Snapshot,
    ) -> Option<Vec<Span>> {
        const MAX: u64 = 16 << 20;
        let spans = self.alignment.spans();
        if !self.alignment.is_complete() {
            return None;
        }
        let Some(touched) = touched else {
            // The revision moved but no byte did (a save).
            return Some(spans.to_vec());
        };
        let w = patch::window(spans, touched);
        if w.end > a.len().min(b.len()) || w.end - w.start > MAX {
            return None;
        }
        let mut go_on = |_| std::ops::ControlFlow::Continue(());
        let fresh = task::compute(&a.read(w.clone()), &b.read(w.clone()), false, &mut go_on)?;
        if !fresh.complete {
            return None;
        }
        let fresh = fresh.spans.into_iter().map(|s| Span {
            a: s.a + w.start,
            b: s.b + w.start,
            ..s
        });
        Some(patch::splice(spans, &w, fresh.collect()))
    }
}

/// The range covering both, if any.
fn union(x: Option<Range<u64>>, y: Option<Range<u64>>) -> Option<Range<u64>> {
    match (x, y) {
        (Some(x), Some(y)) => Some(x.start.min(y.start)..x.end.max(y.end)),
        (x, y) => x.or(y),
    }
}
