//! The compare view's one position that runs through both files. Each
//! difference takes as many positions as its longer side; the shorter side
//! shows a gap for the rest, so the bytes after it line up again. In the
//! equal-offset mode every difference has the same length on both sides
//! (but the longer file's tail), and a position is simply an offset.

use std::ops::Range;

/// A difference between the two files: `len_a` bytes at `a` in A stand
/// where `len_b` bytes at `b` are in B (either length may be zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub a: u64,
    pub b: u64,
    pub len_a: u64,
    pub len_b: u64,
}

impl Span {
    /// Positions it takes on screen.
    pub fn width(&self) -> u64 {
        self.len_a.max(self.len_b)
    }
}

/// Which file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    A,
    B,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Side::A => "A",
            Side::B => "B",
        }
    }
}

/// What one side shows at a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// The byte at this offset of the side's file.
    Byte(u64),
    /// No byte: the other side has bytes this one lacks. The offset is
    /// where they would go (the cursor's place on this side).
    Gap(u64),
}

impl Cell {
    /// The side's offset the cursor takes here.
    pub fn offset(self) -> u64 {
        match self {
            Cell::Byte(o) | Cell::Gap(o) => o,
        }
    }
}

/// The differences of two files, as positions on screen.
#[derive(Clone, Debug, Default)]
pub struct Alignment {
    spans: Vec<Span>,
    /// The first position of each span.
    starts: Vec<u64>,
    len_a: u64,
    len_b: u64,
    /// False when the comparison stopped listing differences (too many):
    /// past the last span the bytes were not compared.
    incomplete: bool,
}

impl Alignment {
    /// `spans` in order on both sides, not overlapping.
    pub fn new(spans: Vec<Span>, len_a: u64, len_b: u64) -> Self {
        let mut starts = Vec::with_capacity(spans.len());
        let mut extra = 0u64;
        for s in &spans {
            starts.push(s.a + extra);
            extra += s.width() - s.len_a;
        }
        Alignment {
            spans,
            starts,
            len_a,
            len_b,
            incomplete: false,
        }
    }

    /// The same, marked as listing only the first differences when
    /// `complete` is false.
    pub fn complete(mut self, complete: bool) -> Self {
        self.incomplete = !complete;
        self
    }

    /// Whether every difference is listed.
    pub fn is_complete(&self) -> bool {
        !self.incomplete
    }

    /// Files not compared yet: no differences known.
    pub fn unknown(len_a: u64, len_b: u64) -> Self {
        Alignment::new(Vec::new(), len_a, len_b)
    }

    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    pub fn len(&self, side: Side) -> u64 {
        match side {
            Side::A => self.len_a,
            Side::B => self.len_b,
        }
    }

    /// Where the bytes after the last span start: (position, a, b).
    fn tail_base(&self) -> (u64, u64, u64) {
        match (self.spans.last(), self.starts.last()) {
            (Some(s), Some(&u)) => (u + s.width(), s.a + s.len_a, s.b + s.len_b),
            _ => (0, 0, 0),
        }
    }

    /// Positions in all: the longer of the two sides once gaps are added.
    pub fn total(&self) -> u64 {
        let (u, a, b) = self.tail_base();
        u + self
            .len_a
            .saturating_sub(a)
            .max(self.len_b.saturating_sub(b))
    }

    /// The positions span `i` takes.
    pub fn range(&self, i: usize) -> Range<u64> {
        self.starts[i]..self.starts[i] + self.spans[i].width()
    }

    /// The span at position `u`, if `u` is inside one.
    pub fn span_at(&self, u: u64) -> Option<usize> {
        let i = self.starts.partition_point(|&s| s <= u).checked_sub(1)?;
        self.range(i).contains(&u).then_some(i)
    }

    /// The first span that starts after `u`.
    pub fn next_span(&self, u: u64) -> Option<usize> {
        let i = self.starts.partition_point(|&s| s <= u);
        (i < self.spans.len()).then_some(i)
    }

    /// The last span that ends before `u` (the one `u` is in does not
    /// count, so stepping back from inside a difference leaves it).
    pub fn prev_span(&self, u: u64) -> Option<usize> {
        let mut i = self.starts.partition_point(|&s| s < u);
        while i > 0 {
            i -= 1;
            if self.starts[i] < u && !self.range(i).contains(&u) {
                return Some(i);
            }
        }
        None
    }

    /// What both sides show at position `u`.
    pub fn cells(&self, u: u64) -> (Cell, Cell) {
        (self.cell(Side::A, u), self.cell(Side::B, u))
    }

    /// What `side` shows at position `u`.
    pub fn cell(&self, side: Side, u: u64) -> Cell {
        let pick = |s: &Span| match side {
            Side::A => (s.a, s.len_a),
            Side::B => (s.b, s.len_b),
        };
        let len = self.len(side);
        let i = self.starts.partition_point(|&s| s <= u);
        let (base_u, base_off) = match i.checked_sub(1) {
            None => (0, 0),
            Some(k) => {
                let s = &self.spans[k];
                let (off, n) = pick(s);
                let d = u - self.starts[k];
                if d < s.width() {
                    return if d < n {
                        Cell::Byte(off + d)
                    } else {
                        Cell::Gap(off + n)
                    };
                }
                (self.starts[k] + s.width(), off + n)
            }
        };
        let off = base_off + (u - base_u);
        if off < len {
            Cell::Byte(off)
        } else {
            Cell::Gap(len)
        }
    }

    /// The position of `side`'s offset `off`.
    pub fn position(&self, side: Side, off: u64) -> u64 {
        let pick = |s: &Span| match side {
            Side::A => (s.a, s.len_a),
            Side::B => (s.b, s.len_b),
        };
        let i = self.spans.partition_point(|s| pick(s).0 <= off);
        let Some(k) = i.checked_sub(1) else {
            return off;
        };
        let s = &self.spans[k];
        let (start, n) = pick(s);
        if off < start + n {
            self.starts[k] + (off - start)
        } else {
            self.starts[k] + s.width() + (off - start - n)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A = "0123456789"; B has "xy" inserted after "01" and "45" replaced
    /// by "Q": "01xy23Q6789".
    fn sample() -> Alignment {
        Alignment::new(
            vec![
                Span {
                    a: 2,
                    b: 2,
                    len_a: 0,
                    len_b: 2,
                },
                Span {
                    a: 4,
                    b: 6,
                    len_a: 2,
                    len_b: 1,
                },
            ],
            10,
            11,
        )
    }

    /// Both files spelt out position by position, `_` for a gap.
    fn spell(al: &Alignment, a: &[u8], b: &[u8]) -> (String, String) {
        let show = |c: Cell, bytes: &[u8]| match c {
            Cell::Byte(o) => bytes[o as usize] as char,
            Cell::Gap(_) => '_',
        };
        (0..al.total())
            .map(|u| al.cells(u))
            .map(|(x, y)| (show(x, a), show(y, b)))
            .unzip()
    }

    #[test]
    fn an_insertion_is_a_gap_on_the_other_side_and_the_rest_lines_up() {
        let al = sample();
        let (a, b) = spell(&al, b"0123456789", b"01xy23Q6789");
        assert_eq!(a, "01__23456789");
        assert_eq!(b, "01xy23Q_6789");
        assert_eq!(al.total(), 12);
    }

    #[test]
    fn every_offset_maps_to_the_position_that_shows_it() {
        let al = sample();
        for side in [Side::A, Side::B] {
            for off in 0..al.len(side) {
                let u = al.position(side, off);
                assert_eq!(al.cell(side, u), Cell::Byte(off), "{side:?} {off}");
            }
        }
    }

    #[test]
    fn next_and_previous_step_over_whole_differences() {
        let al = sample();
        assert_eq!(al.next_span(0), Some(0));
        assert_eq!(al.range(0), 2..4);
        assert_eq!(al.next_span(2), Some(1));
        assert_eq!(al.range(1), 6..8);
        assert_eq!(al.next_span(6), None);
        assert_eq!(al.prev_span(7), Some(0), "from inside the second");
        assert_eq!(al.prev_span(3), None, "from inside the first");
        assert_eq!(al.span_at(7), Some(1));
        assert_eq!(al.span_at(5), None);
    }

    #[test]
    fn equal_offsets_with_a_longer_a_show_its_tail_against_gaps() {
        let al = Alignment::new(
            vec![
                Span {
                    a: 1,
                    b: 1,
                    len_a: 1,
                    len_b: 1,
                },
                Span {
                    a: 3,
                    b: 3,
                    len_a: 2,
                    len_b: 0,
                },
            ],
            5,
            3,
        );
        let (a, b) = spell(&al, b"abcde", b"aXc");
        assert_eq!((a.as_str(), b.as_str()), ("abcde", "aXc__"));
        assert_eq!(al.cell(Side::B, 4), Cell::Gap(3));
    }
}
