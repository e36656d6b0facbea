//! What the commands do in the compare view: moving the one cursor
//! position, Tab through both sides' panes, stepping from difference to
//! difference, taking one side's bytes into the other, switching between
//! equal offsets and aligned, and quitting with either side unsaved.
//!
//! "Take left" and "take right" name the side whose bytes win, as in
//! Meld's and Beyond Compare's merges: take left makes B's bytes of the
//! difference under the cursor equal to A's (B changes), take right makes
//! A's equal to B's. The side that changes becomes the active one, so
//! Ctrl+Z undoes the take and Ctrl+S saves it.

use super::align::Side;
use crate::app::command::{Cmd, CompareCmd, Motion};
use crate::app::editor::{After, Edit};
use crate::app::state::{App, Pane};

/// The most bytes one take copies (they are read into memory).
const TAKE_MAX: u64 = 64 << 20;

impl App {
    /// Runs `cmd` the compare view's way; false when it is not one the
    /// view changes (it then runs as usual, on the active side).
    pub(crate) fn compare_cmd(&mut self, cmd: Cmd) -> bool {
        match cmd {
            Cmd::Move(m) => {
                self.ed.set_anchor(None);
                self.move_position(m);
            }
            Cmd::Select(m) => {
                if self.ed.anchor().is_none() {
                    self.ed.set_anchor(Some(self.ed.cursor()));
                }
                self.move_position(m);
            }
            Cmd::NextPane => self.next_compare_pane(true),
            Cmd::PrevPane => self.next_compare_pane(false),
            Cmd::Compare(c) => self.run_compare(c),
            Cmd::Quit => self.quit_compare(),
            Cmd::ClearSelection if self.ed.anchor().is_none() && self.background_busy() => {
                self.stop_comparing();
                let again = self.key_hint(Cmd::Compare(CompareCmd::Align));
                self.info(format!(
                    "comparing stopped; {again} or an edit compares again"
                ));
            }
            Cmd::Structure => self.error("the structure panel is not part of the compare view"),
            _ => return false,
        }
        true
    }

    fn run_compare(&mut self, cmd: CompareCmd) {
        match cmd {
            CompareCmd::NextDifference => self.step_difference(true),
            CompareCmd::PreviousDifference => self.step_difference(false),
            CompareCmd::TakeLeft => self.take(Side::A),
            CompareCmd::TakeRight => self.take(Side::B),
            CompareCmd::Align => self.toggle_align(),
        }
    }

    /// The largest position the cursor may take: one past the end when
    /// the active side can grow.
    fn max_position(&self) -> u64 {
        let total = self.alignment().map_or(0, |a| a.total());
        if self.ed.is_editable() {
            total
        } else {
            total.saturating_sub(1)
        }
    }

    fn move_position(&mut self, m: Motion) {
        let bpr = self.bytes_per_row();
        let page = bpr * self.geometry.rows.saturating_sub(1).max(1) as u64;
        let max = self.max_position();
        let Some(c) = self.compare.as_mut() else {
            return;
        };
        let u = c.cursor;
        c.cursor = match m {
            Motion::Left => u.saturating_sub(1),
            Motion::Right => u + 1,
            Motion::Up => u.checked_sub(bpr).unwrap_or(u),
            Motion::Down if u + bpr <= max => u + bpr,
            Motion::Down => u,
            Motion::PageUp => u.saturating_sub(page),
            Motion::PageDown => u + page,
            Motion::RowStart => u - u % bpr,
            Motion::RowEnd => u - u % bpr + bpr - 1,
            Motion::FileStart => 0,
            Motion::FileEnd => max,
        }
        .min(max);
        self.put_cursor();
        self.scroll_compare(false);
    }

    /// A click: the clicked side and pane get the keys, the cursor goes
    /// to the clicked position.
    pub(crate) fn click_compare(&mut self, side: Side, pane: Pane, position: u64) {
        if self.compare.as_ref().is_some_and(|c| c.active != side) {
            self.switch_side();
        }
        self.focus = pane;
        self.ed.set_anchor(None);
        let max = self.max_position();
        if let Some(c) = self.compare.as_mut() {
            c.cursor = position.min(max);
        }
        self.put_cursor();
        self.scroll_compare(false);
    }

    /// Tab: A's hex → A's text → B's hex → B's text → A's hex.
    fn next_compare_pane(&mut self, forward: bool) {
        if self.compare.is_none() {
            return;
        }
        let (switch, pane) = match (self.focus, forward) {
            (Pane::Hex, true) => (false, Pane::Text),
            (Pane::Text, true) => (true, Pane::Hex),
            (Pane::Text, false) => (false, Pane::Hex),
            (Pane::Hex, false) => (true, Pane::Text),
            (Pane::Typed, _) => (false, Pane::Hex),
        };
        if switch {
            self.switch_side();
        }
        self.focus = pane;
    }

    fn step_difference(&mut self, forward: bool) {
        let stopped = self.compare_stopped();
        let busy = self.background_busy() || !self.compare_is_current();
        let Some(c) = self.compare.as_mut() else {
            return;
        };
        let al = &c.alignment;
        let found = if forward {
            al.next_span(c.cursor)
        } else {
            al.prev_span(c.cursor)
        };
        let Some(i) = found else {
            let (dir, where_) = if forward {
                ("after", "next")
            } else {
                ("before", "previous")
            };
            let n = al.spans().len();
            let text = if stopped {
                "comparing was stopped: the differences are not all known".to_string()
            } else if busy {
                "still comparing: the differences are not all known yet".to_string()
            } else if forward && !al.is_complete() {
                format!("only the first {n} differences are listed (too many to keep)")
            } else if n == 0 {
                "no differences: the files are identical".to_string()
            } else {
                format!("no difference {dir} the cursor (no {where_} one of {n})")
            };
            self.info(text);
            return;
        };
        c.cursor = al.range(i).start;
        self.put_cursor();
        self.scroll_compare(true);
    }

    /// Copies the difference under the cursor from `from` into the other
    /// side, which becomes the active one.
    fn take(&mut self, from: Side) {
        let current = self.compare_is_current();
        let Some(c) = self.compare.as_ref() else {
            return;
        };
        let Some(i) = c.alignment.span_at(c.cursor) else {
            let next = self.key_hint(Cmd::Compare(CompareCmd::NextDifference));
            self.error(format!(
                "no difference under the cursor ({next} goes to the next one)"
            ));
            return;
        };
        if !current {
            self.error("still comparing: take again once the differences are shown");
            return;
        }
        let s = c.alignment.spans()[i];
        let to = from.other();
        let (src, src_len, dst, dst_len) = match from {
            Side::A => (s.a, s.len_a, s.b, s.len_b),
            Side::B => (s.b, s.len_b, s.a, s.len_a),
        };
        if src_len > TAKE_MAX {
            self.error(format!(
                "the difference is {src_len} bytes: take copies at most {} MiB",
                TAKE_MAX >> 20
            ));
            return;
        }
        if !self.side_editor(to).is_editable() {
            let why = self.side_editor(to).readonly().unwrap_or("read-only");
            self.error(format!("{} cannot change: {why}", to.name()));
            return;
        }
        let bytes = self.side_editor(from).doc().read(src..src + src_len);
        if self.compare.as_ref().is_some_and(|c| c.active != to) {
            self.switch_side();
        }
        self.end_typing();
        let edit = Edit::replace(dst..dst + dst_len, &bytes)
            .after(After::Start)
            .code(format!(
                "// took {src_len} bytes of {} at {src} in place of {dst_len} at {dst}",
                from.name()
            ));
        if let Err(e) = self.ed.edit(edit) {
            self.error(e.to_string());
            return;
        }
        self.compare_sync();
        let what = if src_len == dst_len {
            format!("{src_len} bytes")
        } else {
            format!("{dst_len} bytes → {src_len}")
        };
        self.info(format!(
            "{}: {what} at 0x{dst:x} taken from {} ({} undoes, {} saves {})",
            to.name(),
            from.name(),
            self.key_hint(Cmd::Undo),
            self.key_hint(Cmd::Save),
            to.name()
        ));
    }

    fn toggle_align(&mut self) {
        let Some(c) = self.compare.as_mut() else {
            return;
        };
        c.aligned = !c.aligned;
        let text = if c.aligned {
            "aligned: inserted and deleted bytes show as gaps on the other side"
        } else {
            "equal offsets: bytes compared where they stand"
        };
        self.info(text);
        self.compare_sync();
        self.scroll_compare(true);
    }

    /// Quits, asking about the side with unsaved edits first.
    fn quit_compare(&mut self) {
        match self.sides_modified() {
            (true, true) => self.error(format!(
                "A and B both have unsaved edits: save ({}) or undo each side first \
                 ({} switches sides)",
                self.key_hint(Cmd::Save),
                self.key_hint(Cmd::NextPane)
            )),
            (a, b) => {
                let active = self.compare.as_ref().map(|c| c.active);
                let dirty_other = match active {
                    Some(Side::A) => b,
                    Some(Side::B) => a,
                    None => false,
                };
                if dirty_other {
                    self.switch_side();
                }
                self.quit();
            }
        }
    }
}
