//! Where everything goes on screen, as a pure function of the terminal size
//! and the view settings: how many bytes fit a row (in steps that keep typed
//! elements whole), which panes are shown side by side, and the rectangles
//! of the header, panes, inspector, status and message lines. The app takes
//! its geometry from here; mouse clicks are mapped back through it.

use ratatui::layout::Rect;

use crate::app::state::{BottomPanel, Pane, ViewSettings};
use crate::core::radix::Radix;
use crate::core::typed::ElemKind;

/// The smallest terminal hexbuf draws in; below it, a notice.
pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 6;

/// Rows the inspector takes, border included.
pub const INSPECTOR_HEIGHT: u16 = 9;

/// The fewest rows the panes keep when the inspector grows to show its
/// dates, GUIDs and LEB128 below the numbers (else they get a page).
const PANE_ROWS_BESIDE_DECODINGS: u16 = 16;

/// The most bytes per row the layout picks by itself.
const MAX_AUTO_BYTES_PER_ROW: usize = 64;

/// Characters a typed cell needs for its widest value, without the gap.
pub fn typed_cell_width(kind: ElemKind) -> usize {
    match kind {
        ElemKind::U8 => 3,
        ElemKind::I8 => 4,
        ElemKind::U16 => 5,
        ElemKind::I16 => 6,
        ElemKind::U32 => 10,
        ElemKind::I32 => 11,
        ElemKind::U64 | ElemKind::I64 => 20,
        ElemKind::F32 => 12,
        ElemKind::F64 => 16,
    }
}

/// Width of the hex pane for `bpr` bytes: the byte's digits and a space
/// per byte, one more space between groups of 8 (of 4 in binary), a margin
/// on the left.
pub fn hex_width(bpr: usize, radix: Radix) -> u16 {
    let group = group_size(radix);
    (1 + bpr * (radix.digits() + 1) + bpr.saturating_sub(1) / group) as u16
}

fn group_size(radix: Radix) -> usize {
    if radix == Radix::Binary { 4 } else { 8 }
}

/// Column of byte `i` of a row within the hex pane.
pub fn hex_column(i: usize, radix: Radix) -> u16 {
    (1 + i * (radix.digits() + 1) + i / group_size(radix)) as u16
}

pub fn text_width(bpr: usize) -> u16 {
    (bpr + 2) as u16
}

/// Characters a typed cell needs, with the hex of an integer beside its
/// decimal when `hex` (`25040 0x61d0`).
pub fn typed_cell_width_hex(kind: ElemKind, hex: bool) -> usize {
    let integer = !matches!(kind, ElemKind::F32 | ElemKind::F64);
    if hex && integer {
        typed_cell_width(kind) + 3 + 2 * kind.size()
    } else {
        typed_cell_width(kind)
    }
}

pub fn typed_width(bpr: usize, kind: ElemKind, hex: bool) -> u16 {
    let elems = bpr / kind.size();
    (1 + elems * (typed_cell_width_hex(kind, hex) + 1)) as u16
}

/// Width of the offset column for a document of `len` bytes.
pub fn offset_width(len: u64) -> u16 {
    let digits = (16 - len.leading_zeros() as usize / 4).max(8);
    (digits + 1) as u16
}

/// The screen's regions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScreenLayout {
    /// Too small to draw: show a notice instead.
    pub too_small: bool,
    pub header: Rect,
    pub offsets: Rect,
    pub hex: Option<Rect>,
    pub text: Option<Rect>,
    pub typed: Option<Rect>,
    pub inspector: Option<Rect>,
    /// The lesson panel, when a lesson runs.
    pub lesson: Option<Rect>,
    /// The structure panel, when it is open (placed by `ui::structure`).
    pub structure: Option<Rect>,
    /// The entropy strip, one column at the right of the panes, when shown.
    pub entropy: Option<Rect>,
    pub status: Rect,
    pub message: Rect,
    pub bytes_per_row: usize,
    pub rows: usize,
}

impl ScreenLayout {
    pub fn pane_rect(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Hex => self.hex,
            Pane::Text => self.text,
            Pane::Typed => self.typed,
        }
    }

    /// The pane and byte offset under a screen cell, for mouse clicks.
    pub fn hit(&self, x: u16, y: u16, top_offset: u64, view: &ViewSettings) -> Option<(Pane, u64)> {
        let kind = view.elem.kind;
        let bpr = self.bytes_per_row;
        for pane in [Pane::Hex, Pane::Text, Pane::Typed] {
            let Some(r) = self.pane_rect(pane) else {
                continue;
            };
            if x < r.x || x >= r.x + r.width || y < r.y || y >= r.y + r.height {
                continue;
            }
            let col = (x - r.x) as usize;
            let row = (y - r.y) as u64;
            let index = match pane {
                Pane::Hex => (0..bpr)
                    .rev()
                    .find(|&i| hex_column(i, view.radix) as usize <= col)?,
                Pane::Text => col.checked_sub(1)?.min(bpr - 1),
                Pane::Typed => {
                    let cell = typed_cell_width_hex(kind, view.hex_numbers) + 1;
                    let elem = col.saturating_sub(1) / cell;
                    (elem * kind.size()).min(bpr - 1)
                }
            };
            return Some((pane, top_offset + row * bpr as u64 + index as u64));
        }
        None
    }
}

/// Lays out a screen of `area` for the given view, focus and document size.
pub fn layout(area: Rect, view: &ViewSettings, focus: Pane, len: u64) -> ScreenLayout {
    layout_with(area, view, focus, len, 0)
}

/// [`layout`], with `lesson_h` rows for a lesson panel above the inspector.
pub fn layout_with(
    area: Rect,
    view: &ViewSettings,
    focus: Pane,
    len: u64,
    lesson_h: u16,
) -> ScreenLayout {
    let line = |y: u16| Rect::new(area.x, y, area.width, 1);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return ScreenLayout {
            too_small: true,
            header: Rect::default(),
            offsets: Rect::default(),
            hex: None,
            text: None,
            typed: None,
            inspector: None,
            lesson: None,
            structure: None,
            entropy: None,
            status: Rect::default(),
            message: Rect::default(),
            bytes_per_row: 1,
            rows: 1,
        };
    }
    let kind = view.elem.kind;
    let size = kind.size();
    let offset_w = offset_width(len);
    // The entropy strip takes a separator and a column at the right.
    let strip_w: u16 = if view.entropy_strip && area.width >= MIN_WIDTH + 2 {
        2
    } else {
        0
    };
    let width = (area.width - strip_w) as usize;
    let fits = |bpr: usize, panes: &[Pane]| -> bool {
        let mut w = offset_w as usize;
        for p in panes {
            w += 1 + match p {
                Pane::Hex => hex_width(bpr, view.radix),
                Pane::Text => text_width(bpr),
                Pane::Typed => typed_width(bpr, kind, view.hex_numbers),
            } as usize;
        }
        w <= width
    };
    // Which panes to show: all three if any row width fits them, else the
    // hex pane and the focused one, else only the focused one.
    let candidates: Vec<Vec<Pane>> = {
        let all = vec![Pane::Hex, Pane::Text, Pane::Typed];
        let two = if focus == Pane::Hex {
            vec![Pane::Hex, Pane::Text]
        } else {
            vec![Pane::Hex, focus]
        };
        vec![all, two, vec![focus]]
    };
    let (panes, bpr) = match view.fixed_bytes_per_row {
        Some(fixed) => {
            let bpr = fixed.div_ceil(size) * size;
            let panes = candidates
                .iter()
                .find(|p| fits(bpr, p))
                .cloned()
                .unwrap_or_else(|| vec![focus]);
            (panes, bpr)
        }
        None => {
            // Powers of two keep round offsets (0x1000) at the start of a
            // row, and are whole numbers of elements of every type.
            let widths = |min: usize| {
                std::iter::successors(Some(MAX_AUTO_BYTES_PER_ROW), |w| (*w > 1).then(|| w / 2))
                    .filter(move |w| *w >= min.max(size))
            };
            // All three panes want at least 8 bytes a row, two at least 4;
            // with hex numbers (wide typed cells) three are worth 4, so
            // that turning them on does not hide the typed pane.
            let three = if view.hex_numbers { 4 } else { 8 };
            let chosen = candidates
                .iter()
                .zip([three, 4, 1])
                .find_map(|(panes, min)| {
                    widths(min)
                        .find(|&bpr| fits(bpr, panes))
                        .map(|bpr| (panes.clone(), bpr))
                });
            chosen.unwrap_or_else(|| (vec![focus], size))
        }
    };

    // Rows: header, panes, inspector, status, message.
    let fixed_rows = 3u16;
    let mut inspector_h = if view.show_inspector {
        INSPECTOR_HEIGHT
    } else {
        0
    };
    let mut lesson_h = lesson_h;
    if area.height < fixed_rows + lesson_h + inspector_h + 4 {
        inspector_h = 0;
    }
    if inspector_h > 0 && view.bottom == BottomPanel::Inspector {
        let more = crate::ui::inspector::decodings_height(area.width);
        if area.height >= fixed_rows + lesson_h + inspector_h + more + PANE_ROWS_BESIDE_DECODINGS {
            inspector_h += more;
        }
    }
    if area.height < fixed_rows + lesson_h + 3 {
        lesson_h = 0;
    }
    let panes_h = area.height - fixed_rows - inspector_h - lesson_h;
    let header = line(area.y);
    let panes_y = area.y + 1;
    let mut x = area.x;
    let offsets = Rect::new(x, panes_y, offset_w, panes_h);
    x += offset_w;
    let mut rects = [None, None, None];
    for p in &panes {
        x += 1; // separator
        let w = match p {
            Pane::Hex => hex_width(bpr, view.radix),
            Pane::Text => text_width(bpr),
            Pane::Typed => typed_width(bpr, kind, view.hex_numbers),
        };
        let w = w.min((area.x + area.width - strip_w).saturating_sub(x));
        let idx = match p {
            Pane::Hex => 0,
            Pane::Text => 1,
            Pane::Typed => 2,
        };
        rects[idx] = Some(Rect::new(x, panes_y, w, panes_h));
        x += w;
    }
    let lesson = (lesson_h > 0).then(|| Rect::new(area.x, panes_y + panes_h, area.width, lesson_h));
    let inspector = (inspector_h > 0).then(|| {
        Rect::new(
            area.x,
            panes_y + panes_h + lesson_h,
            area.width,
            inspector_h,
        )
    });
    let status_y = area.y + area.height - 2;
    let entropy = (strip_w > 0).then(|| Rect::new(area.x + area.width - 1, panes_y, 1, panes_h));
    ScreenLayout {
        too_small: false,
        header,
        offsets,
        hex: rects[0],
        text: rects[1],
        typed: rects[2],
        inspector,
        lesson,
        structure: None,
        entropy,
        status: line(status_y),
        message: line(status_y + 1),
        bytes_per_row: bpr,
        rows: panes_h as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::typed::{ElemType, Endian};

    fn view(kind: ElemKind) -> ViewSettings {
        ViewSettings {
            elem: ElemType::new(kind, Endian::Little),
            ..ViewSettings::default()
        }
    }

    #[test]
    fn rows_keep_typed_elements_whole() {
        for kind in ElemKind::ALL {
            for w in [40u16, 80, 120, 200] {
                let l = layout(Rect::new(0, 0, w, 36), &view(kind), Pane::Hex, 100);
                assert_eq!(l.bytes_per_row % kind.size(), 0, "{kind:?} at {w}");
            }
        }
    }

    #[test]
    fn automatic_rows_are_powers_of_two_so_round_offsets_start_rows() {
        for kind in ElemKind::ALL {
            for w in [30u16, 80, 120, 160, 250] {
                let l = layout(Rect::new(0, 0, w, 36), &view(kind), Pane::Hex, 1 << 20);
                assert!(
                    l.bytes_per_row.is_power_of_two(),
                    "{kind:?} at {w}: {}",
                    l.bytes_per_row
                );
            }
        }
        let l = layout(
            Rect::new(0, 0, 120, 36),
            &view(ElemKind::F64),
            Pane::Hex,
            100,
        );
        assert_eq!(l.bytes_per_row, 16);
    }

    #[test]
    fn wide_terminals_show_all_three_panes() {
        let l = layout(
            Rect::new(0, 0, 120, 36),
            &view(ElemKind::U8),
            Pane::Hex,
            100,
        );
        assert!(l.hex.is_some() && l.text.is_some() && l.typed.is_some());
        assert!(l.bytes_per_row >= 8);
        assert!(l.inspector.is_some());
        let right = l.typed.unwrap().x + l.typed.unwrap().width;
        assert!(right <= 120);
    }

    #[test]
    fn narrow_terminals_hide_panes_but_keep_the_focused_one() {
        let l = layout(
            Rect::new(0, 0, 40, 20),
            &view(ElemKind::F64),
            Pane::Typed,
            100,
        );
        assert!(l.typed.is_some());
        let l = layout(Rect::new(0, 0, 3, 2), &view(ElemKind::U8), Pane::Hex, 100);
        assert!(l.too_small);
    }

    #[test]
    fn clicks_map_back_to_offsets() {
        let l = layout(
            Rect::new(0, 0, 120, 36),
            &view(ElemKind::U8),
            Pane::Hex,
            100,
        );
        let hex = l.hex.unwrap();
        let (pane, off) = l
            .hit(
                hex.x + hex_column(3, Radix::Hex),
                hex.y + 2,
                0,
                &view(ElemKind::U8),
            )
            .unwrap();
        assert_eq!(pane, Pane::Hex);
        assert_eq!(off, 2 * l.bytes_per_row as u64 + 3);
        let text = l.text.unwrap();
        let (pane, off) = l
            .hit(text.x + 1 + 5, text.y, 0, &view(ElemKind::U8))
            .unwrap();
        assert_eq!((pane, off), (Pane::Text, 5));
    }
}

#[cfg(test)]
mod fit_tests {
    use super::*;

    /// Every region lies inside the screen, for every size and panel mix.
    #[test]
    fn regions_stay_inside_the_screen() {
        let view = ViewSettings::default();
        for w in [MIN_WIDTH, 30, 80, 120, 200] {
            for h in [MIN_HEIGHT, 8, 12, 20, 36, 60] {
                for lesson in [0, 7] {
                    let area = Rect::new(0, 0, w, h);
                    let l = layout_with(area, &view, Pane::Hex, 1000, lesson);
                    let rects = [
                        Some(l.header),
                        Some(l.offsets),
                        l.hex,
                        l.text,
                        l.typed,
                        l.inspector,
                        l.lesson,
                        Some(l.status),
                        Some(l.message),
                    ];
                    for r in rects.into_iter().flatten() {
                        assert!(
                            r.x + r.width <= w && r.y + r.height <= h,
                            "{r:?} outside {w}x{h} (lesson {lesson})"
                        );
                    }
                }
            }
        }
    }
}
