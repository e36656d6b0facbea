//! Copying a range of the document out of the tree, leaf by leaf, with the
//! two kinds of piece a heavily edited screenful is made of — pieces of the
//! file and bytes typed in (held in the piece) — copied right here.

use std::ops::{ControlFlow, Range};

use super::Piece;
use super::node::{self, Node};
use super::packed::{INLINE_TAG, Packed};

/// Bytes of a piece of the file copied in one go (two 16-byte moves): a
/// piece up to this long is one copy of this size, whatever its length,
/// running past its end into room the next piece overwrites; one up to
/// twice as long, two. (Longer pieces, and pieces near the end of the
/// range or of the file, where that room is missing, are copied exactly.)
const SPAN: usize = 32;

/// The buffer that [`read_into`] copies pieces of itself.
pub struct Fast<'a> {
    /// Which source (`Buf::Source(index)`).
    pub index: u32,
    /// Its bytes.
    pub bytes: &'a [u8],
}

/// Copies the bytes of `range` (within the document) to the start of
/// `out`, which has room for them; returns how many. Pieces of `fast` and
/// inline pieces are copied here (but for a first piece the range cuts and
/// the last); every other piece (clipped to the range) is handed to
/// `slow` with the part of `out` it fills. Bytes of `out` past the range
/// are left as they were.
pub(super) fn read_into(
    root: &Node,
    range: Range<u64>,
    out: &mut [u8],
    fast: &Fast<'_>,
    slow: &mut impl FnMut(&Piece, &mut [u8]),
) -> usize {
    let want = (range.end - range.start) as usize;
    let out = &mut out[..want];
    let source = fast.bytes;
    let source_tag = Packed::source_tag(fast.index);
    let mut filled = 0usize;
    let _ = node::visit_leaves(root, 0, &range, &mut |base, leaf| {
        let mut pos = base;
        let mut rest = leaf;
        // The first leaf: pieces before the range, then one cut by it.
        if pos < range.start {
            while let Some((p, more)) = rest.split_first() {
                if pos + p.len() > range.start {
                    break;
                }
                pos += p.len();
                rest = more;
            }
            if let Some((p, more)) = rest.split_first()
                && pos < range.start
            {
                let from = range.start - pos;
                let n = (p.len() - from).min(want as u64);
                let piece = p.unpack().skip(from).take(n);
                slow(&piece, &mut out[..n as usize]);
                filled = n as usize;
                rest = more;
            }
        }
        let (now, done) = copy_pieces(rest, out, filled, (source, source_tag), slow);
        filled = now;
        if done {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    filled
}

/// Copies `pieces` into `out` from `filled` on, up to its end; returns
/// where the copy got to and whether it reached the end. (A function of
/// its own, so that `filled` lives in a register: kept in the caller's
/// closure, each piece's `filled += len` went through memory.)
#[inline(never)]
fn copy_pieces(
    pieces: &[Packed],
    out: &mut [u8],
    mut filled: usize,
    (source, source_tag): (&[u8], u32),
    slow: &mut impl FnMut(&Piece, &mut [u8]),
) -> (usize, bool) {
    let want = out.len();
    for &p in pieces {
        let len = p.len() as usize;
        if filled + len >= want {
            // The range's last piece.
            let n = want - filled;
            if n > 0 {
                slow(&p.unpack().take(n as u64), &mut out[filled..]);
            }
            return (want, true);
        }
        let tag = p.tag();
        if tag == source_tag {
            let start = p.start() as usize;
            // One check each for the whole span; the copies are then of
            // known lengths.
            if len <= 2 * SPAN
                && let (Some(to), Some(from)) = (
                    out.get_mut(filled..filled + 2 * SPAN),
                    source.get(start..start + 2 * SPAN),
                )
            {
                to[..SPAN].copy_from_slice(&from[..SPAN]);
                if len > SPAN {
                    to[SPAN..].copy_from_slice(&from[SPAN..]);
                }
                filled += len;
                continue;
            }
            // Long, or too near an end for the spans: its exact bytes.
            if let Some(from) = source.get(start..start + len) {
                out[filled..filled + len].copy_from_slice(from);
                filled += len;
                continue;
            }
        } else if tag == INLINE_TAG {
            let word = p.start().to_le_bytes();
            match out.get_mut(filled..filled + 8) {
                Some(to) => to.copy_from_slice(&word),
                None => out[filled..filled + len].copy_from_slice(&word[..len]),
            }
            filled += len;
            continue;
        }
        slow(&p.unpack(), &mut out[filled..filled + len]);
        filled += len;
    }
    (filled, false)
}
