//! Searching a document: exact bytes (memchr's memmem), hex patterns with
//! `??` wildcards, text (case-sensitive or not, UTF-8 or UTF-16) and typed
//! values — forward or backward from an offset.
//!
//! Forward search walks the document's pieces without copying them (an
//! unedited mapped file is searched straight from the map, at memory
//! bandwidth) and stitches the few bytes around each piece boundary so that
//! matches straddling edits are found. Backward search reads the document in
//! windows. Both report progress per block and stop when asked.

use std::ops::{ControlFlow, Range};

use memchr::memmem;
use regex::bytes::{Regex, RegexBuilder};

use super::document::Document;
use super::typed::{ElemType, Endian, ValueError};

/// One position of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Atom {
    Byte(u8),
    /// Any byte (`??`).
    Any,
    /// Either of two bytes (an ASCII letter in either case).
    Either(u8, u8),
}

/// A fixed-length byte pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    atoms: Vec<Atom>,
}

impl Pattern {
    pub fn bytes(bytes: &[u8]) -> Self {
        Pattern {
            atoms: bytes.iter().map(|&b| Atom::Byte(b)).collect(),
        }
    }

    /// From a parsed hex pattern, `None` standing for `??`.
    pub fn masked(bytes: &[Option<u8>]) -> Self {
        Pattern {
            atoms: bytes
                .iter()
                .map(|b| b.map_or(Atom::Any, Atom::Byte))
                .collect(),
        }
    }

    /// Text as UTF-8; ASCII letters match either case unless `case_sensitive`.
    pub fn text(text: &str, case_sensitive: bool) -> Self {
        Pattern {
            atoms: text
                .bytes()
                .map(|b| letter_atom(b, case_sensitive))
                .collect(),
        }
    }

    /// Text as UTF-16 in the given byte order.
    pub fn text_utf16(text: &str, endian: Endian, case_sensitive: bool) -> Self {
        let mut atoms = Vec::new();
        for unit in text.encode_utf16() {
            let [lo, hi] = unit.to_le_bytes();
            let lo_atom = if hi == 0 {
                letter_atom(lo, case_sensitive)
            } else {
                Atom::Byte(lo)
            };
            match endian {
                Endian::Little => atoms.extend([lo_atom, Atom::Byte(hi)]),
                Endian::Big => atoms.extend([Atom::Byte(hi), lo_atom]),
            }
        }
        Pattern { atoms }
    }

    /// A typed value, as the bytes it encodes to.
    pub fn value(ty: ElemType, text: &str) -> Result<Self, ValueError> {
        Ok(Pattern::bytes(&ty.encode_text(text)?))
    }

    pub fn len(&self) -> usize {
        self.atoms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.atoms.is_empty()
    }

    pub fn atoms(&self) -> &[Atom] {
        &self.atoms
    }

    /// Whether the pattern matches at the start of `bytes`.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() >= self.atoms.len()
            && self.atoms.iter().zip(bytes).all(|(a, &b)| match *a {
                Atom::Byte(x) => x == b,
                Atom::Any => true,
                Atom::Either(x, y) => b == x || b == y,
            })
    }
}

fn letter_atom(b: u8, case_sensitive: bool) -> Atom {
    if !case_sensitive && b.is_ascii_alphabetic() {
        Atom::Either(b.to_ascii_lowercase(), b.to_ascii_uppercase())
    } else {
        Atom::Byte(b)
    }
}

/// A pattern compiled for fast matching within one contiguous slice.
#[derive(Debug)]
pub struct Matcher {
    len: usize,
    kind: MatcherKind,
}

#[derive(Debug)]
enum MatcherKind {
    Exact {
        forward: Box<memmem::Finder<'static>>,
        backward: Box<memmem::FinderRev<'static>>,
    },
    Regex(Regex),
    /// Every position matches (the pattern is all `??`).
    Every,
}

impl Matcher {
    pub fn new(pattern: &Pattern) -> Self {
        let len = pattern.len();
        let exact: Option<Vec<u8>> = pattern
            .atoms
            .iter()
            .map(|a| match a {
                Atom::Byte(b) => Some(*b),
                _ => None,
            })
            .collect();
        let kind = if let Some(bytes) = exact {
            MatcherKind::Exact {
                forward: Box::new(memmem::Finder::new(&bytes).into_owned()),
                backward: Box::new(memmem::FinderRev::new(&bytes).into_owned()),
            }
        } else if pattern.atoms.iter().all(|a| *a == Atom::Any) {
            MatcherKind::Every
        } else {
            let mut re = String::new();
            for atom in &pattern.atoms {
                match atom {
                    Atom::Byte(b) => re.push_str(&format!("\\x{b:02x}")),
                    Atom::Any => re.push_str("(?s-u:.)"),
                    Atom::Either(a, b) => re.push_str(&format!("[\\x{a:02x}\\x{b:02x}]")),
                }
            }
            let regex = RegexBuilder::new(&re)
                .unicode(false)
                .build()
                .expect("a pattern of byte classes is a valid regex");
            MatcherKind::Regex(regex)
        };
        Matcher { len, kind }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The first match in `hay` starting at or after `from`.
    pub fn next_in(&self, hay: &[u8], from: usize) -> Option<usize> {
        if from + self.len > hay.len() {
            return None;
        }
        match &self.kind {
            MatcherKind::Exact { forward, .. } => forward.find(&hay[from..]).map(|p| p + from),
            MatcherKind::Regex(re) => re.find_at(hay, from).map(|m| m.start()),
            MatcherKind::Every => Some(from),
        }
    }

    /// The last match in `hay` that starts before `before`.
    pub fn prev_in(&self, hay: &[u8], before: usize) -> Option<usize> {
        let end = before.checked_sub(1)?.checked_add(self.len)?.min(hay.len());
        let hay = &hay[..end];
        match &self.kind {
            MatcherKind::Exact { backward, .. } => backward.rfind(hay),
            MatcherKind::Regex(re) => {
                // The regex crate searches forward only: take the last match
                // of the window, stepping one byte past each to see overlaps.
                let mut last = None;
                let mut from = 0;
                while let Some(m) = re.find_at(hay, from) {
                    last = Some(m.start());
                    from = m.start() + 1;
                }
                last
            }
            MatcherKind::Every => hay.len().checked_sub(self.len),
        }
    }
}

/// How far a long search has got; returning `Break` cancels it.
pub type Progress<'a> = &'a mut dyn FnMut(u64) -> ControlFlow<()>;

/// Bytes scanned between progress reports.
const BLOCK: usize = 8 << 20;

/// Blocks at least this long have their pages mapped in one call before
/// they are scanned (see `Source::prefetch`); shorter ones, from a heavily
/// edited document, are not worth a system call each.
const PREFETCH_MIN: usize = 1 << 20;

/// Calls `on_match(offset)` for every match lying wholly inside `range`, in
/// increasing order, overlapping matches included. Stops when `on_match`
/// or `progress` breaks; returns `Break` if it was stopped.
pub fn find_all(
    doc: &Document,
    matcher: &Matcher,
    range: Range<u64>,
    progress: Progress<'_>,
    on_match: &mut dyn FnMut(u64) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let m = matcher.len();
    if m == 0 {
        return ControlFlow::Continue(());
    }
    // The last m-1 bytes seen, and the stitch of those with the next slice's
    // head, where matches straddling a boundary are looked for.
    let mut carry: Vec<u8> = Vec::with_capacity(m);
    let mut stitch: Vec<u8> = Vec::with_capacity(2 * m);
    doc.for_each_slice(range, |offset, slice| {
        for (i, block) in slice.chunks(BLOCK).enumerate() {
            let block_offset = offset + (i * BLOCK) as u64;
            progress(block_offset)?;
            if block.len() >= PREFETCH_MIN {
                doc.prefetch(block_offset..block_offset + block.len() as u64);
            }
            if !carry.is_empty() {
                stitch.clear();
                stitch.extend_from_slice(&carry);
                stitch.extend_from_slice(&block[..block.len().min(m - 1)]);
                let carry_start = block_offset - carry.len() as u64;
                let mut from = 0;
                while let Some(p) = matcher.next_in(&stitch, from) {
                    if p >= carry.len() {
                        break;
                    }
                    on_match(carry_start + p as u64)?;
                    from = p + 1;
                }
            }
            let mut from = 0;
            while let Some(p) = matcher.next_in(block, from) {
                on_match(block_offset + p as u64)?;
                from = p + 1;
            }
            keep_tail(&mut carry, block, m - 1);
        }
        ControlFlow::Continue(())
    })
}

/// Keeps in `carry` the last `keep` bytes of `carry` followed by `block`.
fn keep_tail(carry: &mut Vec<u8>, block: &[u8], keep: usize) {
    if block.len() >= keep {
        carry.clear();
        carry.extend_from_slice(&block[block.len() - keep..]);
    } else {
        carry.extend_from_slice(block);
        let excess = carry.len().saturating_sub(keep);
        carry.drain(..excess);
    }
}

/// The first match starting at or after `from` and ending by `end`.
pub fn find_forward(
    doc: &Document,
    matcher: &Matcher,
    from: u64,
    end: u64,
    progress: Progress<'_>,
) -> Option<u64> {
    let mut found = None;
    let _ = find_all(doc, matcher, from..end, progress, &mut |off| {
        found = Some(off);
        ControlFlow::Break(())
    });
    found
}

/// The last match starting before `before` and at or after `start`.
pub fn find_backward(
    doc: &Document,
    matcher: &Matcher,
    start: u64,
    before: u64,
    progress: Progress<'_>,
) -> Option<u64> {
    let m = matcher.len() as u64;
    if m == 0 || before <= start {
        return None;
    }
    // Windows of the document read back to front; each also holds the m-1
    // bytes after it, so a match starting in the window is seen whole.
    let window = BLOCK as u64;
    let mut buf = Vec::new();
    let mut hi = before.min(doc.len());
    if hi < start {
        return None;
    }
    loop {
        let lo = hi.saturating_sub(window).max(start);
        if progress(lo).is_break() {
            return None;
        }
        let read_end = (hi + m - 1).min(doc.len());
        doc.prefetch(lo..read_end);
        buf.resize((read_end - lo) as usize, 0);
        let n = doc.read_into(lo, &mut buf);
        buf.truncate(n);
        if let Some(p) = matcher.prev_in(&buf, (hi - lo) as usize) {
            return Some(lo + p as u64);
        }
        if lo == start {
            return None;
        }
        hi = lo;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(hay: &[u8], pat: &Pattern) -> Vec<u64> {
        (0..hay.len())
            .filter(|&i| pat.matches(&hay[i..]))
            .map(|i| i as u64)
            .collect()
    }

    fn all(doc: &Document, pat: &Pattern) -> Vec<u64> {
        let mut out = vec![];
        let _ = find_all(
            doc,
            &Matcher::new(pat),
            0..doc.len(),
            &mut |_| ControlFlow::Continue(()),
            &mut |o| {
                out.push(o);
                ControlFlow::Continue(())
            },
        );
        out
    }

    #[test]
    fn finds_overlapping_matches() {
        let doc = Document::from_bytes(b"aaaa".to_vec());
        assert_eq!(all(&doc, &Pattern::bytes(b"aa")), vec![0, 1, 2]);
    }

    #[test]
    fn finds_matches_straddling_edits() {
        let mut doc = Document::from_bytes(b"xxdeadxxxx".to_vec());
        doc.overwrite(4, b"be").unwrap();
        doc.insert(6, b"e").unwrap();
        doc.overwrite(7, b"f").unwrap();
        assert_eq!(doc.read(0..20), b"xxdebeefxxx");
        assert_eq!(all(&doc, &Pattern::bytes(b"debeef")), vec![2]);
    }

    #[test]
    fn wildcards_and_case_insensitive_text() {
        let doc = Document::from_bytes(b"\xde\x01\xbe needle NEEDLE nEeDlE".to_vec());
        assert_eq!(
            all(&doc, &Pattern::masked(&[Some(0xde), None, Some(0xbe)])),
            vec![0]
        );
        assert_eq!(all(&doc, &Pattern::text("needle", false)), vec![4, 11, 18]);
        assert_eq!(all(&doc, &Pattern::text("needle", true)), vec![4]);
    }

    #[test]
    fn utf16_text_in_both_byte_orders() {
        let doc = Document::from_bytes(b"..H\0i\0..\0H\0i".to_vec());
        assert_eq!(
            all(&doc, &Pattern::text_utf16("hi", Endian::Little, false)),
            vec![2]
        );
        assert_eq!(
            all(&doc, &Pattern::text_utf16("Hi", Endian::Big, true)),
            vec![8]
        );
    }

    #[test]
    fn backward_finds_the_last_match_before_an_offset() {
        let doc = Document::from_bytes(b"ab ab ab".to_vec());
        let m = Matcher::new(&Pattern::bytes(b"ab"));
        let mut go = |_| ControlFlow::Continue(());
        assert_eq!(find_backward(&doc, &m, 0, 8, &mut go), Some(6));
        assert_eq!(find_backward(&doc, &m, 0, 6, &mut go), Some(3));
        assert_eq!(find_backward(&doc, &m, 0, 1, &mut go), Some(0));
        assert_eq!(find_backward(&doc, &m, 0, 0, &mut go), None);
        assert_eq!(find_forward(&doc, &m, 1, 8, &mut go), Some(3));
    }

    #[test]
    fn progress_can_cancel() {
        let doc = Document::from_bytes(vec![0; 100]);
        let m = Matcher::new(&Pattern::bytes(b"\x01"));
        let r = find_all(
            &doc,
            &m,
            0..100,
            &mut |_| ControlFlow::Break(()),
            &mut |_| ControlFlow::Continue(()),
        );
        assert!(r.is_break());
    }

    #[test]
    fn matches_naive_search_on_many_tiny_pieces() {
        let mut doc = Document::from_bytes(b"abcabcabcabc".to_vec());
        // Split into single-byte pieces by rewriting every other byte.
        for i in (0..12).step_by(2) {
            let b = doc.byte_at(i).unwrap();
            doc.overwrite(i, &[b]).unwrap();
        }
        let hay = doc.read(0..12);
        for pat in [&b"abca"[..], b"cab", b"c", b"abcabcabcabc"] {
            let p = Pattern::bytes(pat);
            assert_eq!(all(&doc, &p), naive(&hay, &p), "{pat:?}");
        }
    }
}
