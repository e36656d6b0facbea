//! The bytes the tree is parsed from, without copying the file: the file as
//! opened, mapped a second time, with the document's changed ranges laid
//! over it. Outside its changed ranges a document holds its file's bytes at
//! the same offsets, so a re-parse after typing copies only what was typed.
//! After a save the document stands on new file bytes: the map may be stale,
//! so it is dropped and the document copied instead.

use std::rc::Rc;

use crate::core::document::Document;
use crate::core::ksy::stream::ByteSource;

/// The file as opened, and which of the document's sources it matches.
pub struct Base {
    doc: Rc<Document>,
    /// The address of the document's current source when the base was
    /// made: a save gives the document a new one.
    source: usize,
}

impl Base {
    pub fn new(base: Rc<Document>, doc: &Document) -> Self {
        Base {
            doc: base,
            source: std::ptr::from_ref(doc.source()) as usize,
        }
    }

    fn matches(&self, doc: &Document) -> bool {
        std::ptr::from_ref(doc.source()) as usize == self.source
            && self.doc.len() == doc.source().len()
    }
}

/// The file's bytes with edits laid over them.
struct Overlay {
    base: Rc<Document>,
    len: u64,
    /// Changed ranges of the document and their bytes, in order.
    patches: Vec<(u64, Vec<u8>)>,
}

impl ByteSource for Overlay {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_into(&self, offset: u64, out: &mut [u8]) -> usize {
        let n = (self.len.saturating_sub(offset)).min(out.len() as u64) as usize;
        let out = &mut out[..n];
        let got = self.base.read_into(offset, out);
        out[got..].fill(0);
        let end = offset + n as u64;
        let first = self
            .patches
            .partition_point(|(at, b)| at + b.len() as u64 <= offset);
        for (at, bytes) in &self.patches[first..] {
            if *at >= end {
                break;
            }
            let from = offset.max(*at);
            let to = end.min(at + bytes.len() as u64);
            out[(from - offset) as usize..(to - offset) as usize]
                .copy_from_slice(&bytes[(from - at) as usize..(to - at) as usize]);
        }
        n
    }
}

/// The bytes of `doc` for a parse; drops `base` once it no longer matches.
pub fn snapshot(doc: &Document, base: &mut Option<Base>) -> Rc<dyn ByteSource> {
    if base.as_ref().is_some_and(|b| !b.matches(doc)) {
        *base = None;
    }
    let Some(b) = base else {
        return Rc::new(doc.read(0..doc.len()));
    };
    let patches: Vec<(u64, Vec<u8>)> = doc
        .changed_ranges()
        .into_iter()
        .map(|r| (r.start, doc.read(r)))
        .collect();
    if patches.is_empty() && doc.len() == b.doc.len() {
        return b.doc.clone();
    }
    Rc::new(Overlay {
        base: b.doc.clone(),
        len: doc.len(),
        patches,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(src: &dyn ByteSource) -> Vec<u8> {
        let mut out = vec![0; src.len() as usize];
        let n = src.read_into(0, &mut out);
        out.truncate(n);
        out
    }

    #[test]
    fn the_overlay_reads_as_the_edited_document() {
        let original: Vec<u8> = (0..200u8).collect();
        let mut doc = Document::from_bytes(original.clone());
        let base = Rc::new(Document::from_bytes(original));
        let mut b = Some(Base::new(base, &doc));
        doc.overwrite(10, b"abc").unwrap();
        doc.insert(100, b"XYZ").unwrap();
        doc.delete(150..160).unwrap();
        let snap = snapshot(&doc, &mut b);
        assert!(b.is_some(), "the base still matches");
        assert_eq!(read_all(&*snap), doc.read(0..doc.len()));
        // Reads at every offset and length agree too.
        for at in [0u64, 9, 11, 99, 101, 148, 190] {
            let mut got = [0u8; 17];
            let n = snap.read_into(at, &mut got);
            assert_eq!(got[..n], doc.read(at..at + 17)[..], "at {at}");
        }
    }

    #[test]
    fn an_unedited_document_is_parsed_from_the_map_itself() {
        let doc = Document::from_bytes(vec![1, 2, 3]);
        let base = Rc::new(Document::from_bytes(vec![1, 2, 3]));
        let mut b = Some(Base::new(base.clone(), &doc));
        let snap = snapshot(&doc, &mut b);
        assert_eq!(read_all(&*snap), [1, 2, 3]);
    }
}
