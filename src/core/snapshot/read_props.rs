//! `read_into` held to a plain `Vec` model: random edits, saves that give
//! the document a new source (keeping the old one for undo), undos that
//! bring pieces of the old sources back, and reads at every kind of edge;
//! and a mapped file cut shorter by another program.

use std::ops::ControlFlow;

use proptest::prelude::*;

use crate::core::document::Document;
use crate::core::source::{OpenOptions, Source};

#[derive(Clone, Debug)]
enum Op {
    Insert(u64, Vec<u8>),
    Delete(u64, u64),
    Overwrite(u64, Vec<u8>),
    /// A save to a new file: the document reads a new source.
    Save,
    Undo,
}

fn op() -> impl Strategy<Value = Op> {
    let bytes = prop::collection::vec(any::<u8>(), 1..40);
    prop_oneof![
        3 => (any::<u64>(), bytes.clone()).prop_map(|(a, b)| Op::Insert(a, b)),
        2 => (any::<u64>(), 1..50u64).prop_map(|(a, n)| Op::Delete(a, n)),
        3 => (any::<u64>(), bytes).prop_map(|(a, b)| Op::Overwrite(a, b)),
        1 => Just(Op::Save),
        1 => Just(Op::Undo),
    ]
}

/// Applies `op` to the document and the model (`past`: the model before
/// each committed step, for undo).
fn apply(doc: &mut Document, model: &mut Vec<u8>, past: &mut Vec<Vec<u8>>, op: &Op) {
    let len = model.len() as u64;
    let at = |a: u64| if len == 0 { 0 } else { a % (len + 1) };
    match op {
        Op::Insert(a, b) => {
            let a = at(*a);
            past.push(model.clone());
            doc.insert(a, b).unwrap();
            model.splice(a as usize..a as usize, b.iter().copied());
        }
        Op::Delete(a, n) => {
            let a = at(*a);
            let end = (a + n).min(len);
            if a == end {
                return;
            }
            past.push(model.clone());
            doc.delete(a..end).unwrap();
            model.drain(a as usize..end as usize);
        }
        Op::Overwrite(a, b) => {
            // Bytes past the end are appended.
            let a = at(*a);
            past.push(model.clone());
            doc.overwrite(a, b).unwrap();
            let end = (a as usize + b.len()).min(model.len());
            model.splice(a as usize..end, b.iter().copied());
        }
        Op::Save => {
            doc.rebase(Some(Source::from_vec(model.clone())), true);
            return;
        }
        Op::Undo => {
            if let Some(before) = past.pop() {
                doc.undo().expect("a step to undo");
                *model = before;
            }
            return;
        }
    }
    doc.commit();
}

proptest! {
    #[test]
    fn read_into_reads_what_the_model_holds(
        base in prop::collection::vec(any::<u8>(), 0..300),
        ops in prop::collection::vec(op(), 0..60),
        reads in prop::collection::vec((any::<u64>(), 0..200usize), 1..40),
    ) {
        let mut doc = Document::from_bytes(base.clone());
        let mut model = base;
        let mut past = Vec::new();
        for op in &ops {
            apply(&mut doc, &mut model, &mut past, op);
        }
        prop_assert_eq!(doc.len(), model.len() as u64);
        let len = model.len();
        // Every edge: the start, the end, and random places.
        let edges = [(0, len), (0, len + 9), (len.saturating_sub(1), 40), (len, 5)];
        let reads = reads
            .iter()
            .map(|&(a, n)| ((a % (len as u64 + 2)) as usize, n))
            .chain(edges);
        for (at, n) in reads {
            let mut out = vec![0xa5; n];
            let got = doc.read_into(at as u64, &mut out);
            let end = (at + n).min(len);
            let want = model.get(at..end).unwrap_or(&[]);
            prop_assert_eq!(&out[..got], want, "{}+{}", at, n);
            prop_assert!(out[got..].iter().all(|&b| b == 0xa5), "{}+{}: past the end", at, n);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Thousands of scattered edits of every size (inline, add-buffer and
    /// fill-pattern pieces between short and long pieces of the file): a
    /// tree of several levels, read across many leaves from every kind of
    /// piece edge.
    #[test]
    fn read_into_across_many_leaves(
        seed in any::<u64>(),
        edits in 500usize..4000,
        reads in prop::collection::vec((any::<u64>(), 0..6000usize), 1..30),
    ) {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let base: Vec<u8> = (0..20_000).map(|_| next() as u8).collect();
        let mut doc = Document::from_bytes(base.clone());
        let mut model = base;
        for i in 0..edits {
            let len = model.len() as u64;
            let at = next() % (len + 1);
            let size = match next() % 10 {
                0 => 7 + next() % 40,
                1 => 64 + next() % 200,
                _ => 1 + next() % 6,
            } as usize;
            let bytes: Vec<u8> = (0..size).map(|_| next() as u8).collect();
            match next() % 6 {
                0 => {
                    doc.insert(at, &bytes).unwrap();
                    model.splice(at as usize..at as usize, bytes);
                }
                1 if at < len => {
                    let end = (at + size as u64).min(len);
                    doc.delete(at..end).unwrap();
                    model.drain(at as usize..end as usize);
                }
                2 if at < len => {
                    let end = (at + size as u64).min(len);
                    let pattern = [next() as u8, next() as u8, next() as u8];
                    doc.fill(at..end, &pattern).unwrap();
                    for (k, b) in model[at as usize..end as usize].iter_mut().enumerate() {
                        *b = pattern[k % 3];
                    }
                }
                _ => {
                    doc.overwrite(at, &bytes).unwrap();
                    let end = (at as usize + size).min(model.len());
                    model.splice(at as usize..end, bytes);
                }
            }
            if i % 7 == 0 {
                doc.commit();
            }
        }
        doc.commit();
        prop_assert_eq!(doc.len(), model.len() as u64);
        let len = model.len();
        for (at, n) in reads {
            let at = (at % (len as u64 + 2)) as usize;
            let mut out = vec![0xa5; n + 70];
            let got = doc.read_into(at as u64, &mut out[..n]);
            let end = (at + n).min(len);
            let want = model.get(at..end).unwrap_or(&[]);
            prop_assert_eq!(&out[..got], want, "{}+{}", at, n);
            prop_assert!(out[got..].iter().all(|&b| b == 0xa5), "{}+{}: past the end", at, n);
        }
    }
}

/// A mapped file cut shorter by another program: what it no longer has
/// reads as zeros (the kernel zeroes the rest of the last page; mapguard
/// maps zeros over the pages past it), through the slices and through the
/// over-reading copies alike.
#[test]
fn a_file_cut_shorter_reads_zeros_where_it_was() {
    const CUT: usize = 4096 + 10;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.bin");
    let bytes: Vec<u8> = (0..3 * 4096 + 100).map(|i| (i % 251 + 1) as u8).collect();
    std::fs::write(&path, &bytes).unwrap();
    let mut doc = Document::new(Source::open(&path, OpenOptions::default()).unwrap());
    // The file as it will read once cut.
    let mut model = bytes.clone();
    model[CUT..].fill(0);
    // Short pieces of the file everywhere, up to its last byte.
    for at in (1..bytes.len()).step_by(37).rev() {
        doc.insert(at as u64, &[0xee]).unwrap();
        model.insert(at, 0xee);
        doc.commit();
    }
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(CUT as u64)
        .unwrap();
    for at in 0..=model.len() {
        for n in [1, 7, 50] {
            let mut out = vec![0xa5u8; n];
            let got = doc.read_into(at as u64, &mut out);
            let end = (at + n).min(model.len());
            assert_eq!(&out[..got], &model[at..end], "{at}+{n}");
        }
    }
    let mut slices = Vec::new();
    let _ = doc.for_each_slice(0..doc.len(), |_, s| {
        slices.extend_from_slice(s);
        ControlFlow::Continue(())
    });
    assert_eq!(slices, model);
}
