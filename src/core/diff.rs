//! Comparing two byte sources: at equal offsets (`cmp -l`'s question: which
//! bytes differ?) and aligned (`diff`'s question: what was replaced,
//! inserted and deleted?).
//!
//! Both return [`Change`]s in increasing order on both sides. Replacing each
//! change's `a..a+len_a` in A with `b..b+len_b` of B gives B; the bytes
//! between changes are equal. Both read through [`ByteSource`], so they
//! work on slices, files and edited documents alike, report progress and
//! can be cancelled.

mod aligned;
mod anchors;
mod chain;
mod compact;
mod equal;
mod extend;
mod myers;
mod source;

use std::ops::Range;

use thiserror::Error;

pub use aligned::diff_aligned;
pub use equal::{diff_equal, for_each_equal_change};
pub use source::ByteSource;

/// What a change does to A.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// `len_a` bytes of A become `len_b` bytes of B (both non-zero).
    Replace,
    /// `len_b` bytes of B are inserted before A's offset `a` (`len_a` is 0).
    Insert,
    /// `len_a` bytes of A are removed (`len_b` is 0).
    Delete,
}

impl ChangeKind {
    /// The name the command line and the JSON use: `replace`, `insert`,
    /// `delete`.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Replace => "replace",
            ChangeKind::Insert => "insert",
            ChangeKind::Delete => "delete",
        }
    }
}

/// One difference: `len_a` bytes at `a` in A stand where `len_b` bytes at
/// `b` stand in B.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Change {
    pub kind: ChangeKind,
    pub a: u64,
    pub b: u64,
    pub len_a: u64,
    pub len_b: u64,
}

impl Change {
    /// The change that turns `a..a+len_a` into `b..b+len_b`, of the kind
    /// the lengths make it. `None` when both are empty.
    pub fn between(a: u64, len_a: u64, b: u64, len_b: u64) -> Option<Change> {
        let kind = match (len_a, len_b) {
            (0, 0) => return None,
            (0, _) => ChangeKind::Insert,
            (_, 0) => ChangeKind::Delete,
            _ => ChangeKind::Replace,
        };
        Some(Change {
            kind,
            a,
            b,
            len_a,
            len_b,
        })
    }

    /// The bytes of A it covers.
    pub fn a_range(&self) -> Range<u64> {
        self.a..self.a + self.len_a
    }

    /// The bytes of B it covers.
    pub fn b_range(&self) -> Range<u64> {
        self.b..self.b + self.len_b
    }
}

/// The comparison was cancelled by its progress callback (or stopped by
/// the receiver of its changes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
#[error("the comparison was cancelled")]
pub struct Cancelled;

/// A turned into B by `changes`: A's bytes between changes, B's bytes in
/// them. (What "applying a diff" means; tests and the compare view's "take"
/// use it to check a list of changes.)
pub fn apply(a: &[u8], b: &[u8], changes: &[Change]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut at = 0usize;
    for c in changes {
        out.extend_from_slice(&a[at..c.a as usize]);
        out.extend_from_slice(&b[c.b as usize..(c.b + c.len_b) as usize]);
        at = (c.a + c.len_a) as usize;
    }
    out.extend_from_slice(&a[at..]);
    out
}

/// Whether `changes` are in order and consistent: each starts at or after
/// the end of the one before on both sides, with an unchanged gap of the
/// same length on both sides before it and after the last, and has the
/// kind its lengths give. Says nothing about the bytes.
pub fn is_well_formed(len_a: u64, len_b: u64, changes: &[Change]) -> bool {
    let (mut a, mut b) = (0u64, 0u64);
    for c in changes {
        let kind_ok = Change::between(c.a, c.len_a, c.b, c.len_b).map(|k| k.kind) == Some(c.kind);
        if !kind_ok || c.a < a || c.b < b || c.a - a != c.b - b {
            return false;
        }
        a = c.a + c.len_a;
        b = c.b + c.len_b;
    }
    a <= len_a && b <= len_b && len_a - a == len_b - b
}
