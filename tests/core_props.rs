//! Property tests of the core against plain models: a `Vec<u8>` with a
//! stack of states for the document and its history, the bytes on disk for
//! saving, a naive scan for search, and the text a value prints as for the
//! typed encodings.

use std::fs;
use std::ops::{ControlFlow, Range};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use hexbuf::core::document::{Document, EditError};
use hexbuf::core::save::{SaveMethod, SaveOptions, save};
use hexbuf::core::search::{Matcher, Pattern, find_all, find_backward, find_forward};
use hexbuf::core::source::{OpenOptions, Source};
use hexbuf::core::typed::{ElemKind, ElemType, Value, format_js_number};
use proptest::prelude::*;
use proptest::sample::Index;

// ---------------------------------------------------------------------------
// The model: bytes, and the undo history as a stack of whole states.

/// The document as a vector, with undo and redo as stacks of the states
/// before (undo) or after (redo) each committed step, and the save point as
/// the id of the step on top of the undo stack when the file was written.
#[derive(Clone, Debug)]
struct Model {
    bytes: Vec<u8>,
    undo: Vec<(u64, Vec<u8>)>,
    redo: Vec<(u64, Vec<u8>)>,
    /// The state before the open (uncommitted) step, if one is open.
    open: Option<Vec<u8>>,
    next_id: u64,
    saved_id: u64,
    saved_unreachable: bool,
}

impl Model {
    fn new(bytes: Vec<u8>) -> Self {
        Model {
            bytes,
            undo: Vec::new(),
            redo: Vec::new(),
            open: None,
            next_id: 0,
            saved_id: 0,
            saved_unreachable: false,
        }
    }

    fn len(&self) -> u64 {
        self.bytes.len() as u64
    }

    fn replace(&mut self, range: Range<usize>, bytes: &[u8]) {
        if range.is_empty() && bytes.is_empty() {
            return;
        }
        if !self.redo.is_empty() {
            if self.redo.iter().any(|(id, _)| *id == self.saved_id) {
                self.saved_unreachable = true;
            }
            self.redo.clear();
        }
        if self.open.is_none() {
            self.open = Some(self.bytes.clone());
        }
        self.bytes.splice(range, bytes.iter().copied());
    }

    fn commit(&mut self) {
        if let Some(before) = self.open.take() {
            self.next_id += 1;
            self.undo.push((self.next_id, before));
        }
    }

    fn undo(&mut self) -> bool {
        self.commit();
        match self.undo.pop() {
            Some((id, before)) => {
                let after = std::mem::replace(&mut self.bytes, before);
                self.redo.push((id, after));
                true
            }
            None => false,
        }
    }

    fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some((id, after)) => {
                let before = std::mem::replace(&mut self.bytes, after);
                self.undo.push((id, before));
                true
            }
            None => false,
        }
    }

    fn mark_saved(&mut self) {
        self.commit();
        self.saved_id = self.undo.last().map_or(0, |(id, _)| *id);
        self.saved_unreachable = false;
    }

    fn is_modified(&self) -> bool {
        self.open.is_some()
            || self.saved_unreachable
            || self.undo.last().map_or(0, |(id, _)| *id) != self.saved_id
    }
}

// ---------------------------------------------------------------------------
// Operations.

#[derive(Clone, Debug)]
enum Op {
    /// Overwrite at a position in 0..=len (appending past the end).
    Overwrite(Index, Vec<u8>),
    Insert(Index, Vec<u8>),
    /// Delete up to the given number of bytes from a position.
    Delete(Index, usize),
    /// Fill up to the given number of bytes from a position with a pattern.
    Fill(Index, usize, Vec<u8>),
    /// Replace every match of the byte at a position (and the next `n - 1`)
    /// by the bytes given (cut to the match's length without `resize`).
    ReplaceAll(Index, usize, Vec<u8>),
    Commit,
    Undo,
    Redo,
    Save,
}

/// One step: an operation and a range to read back after it.
#[derive(Clone, Debug)]
struct Step {
    op: Op,
    probe: (Index, Index),
}

fn edit_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => prop::collection::vec(any::<u8>(), 1..4),
        1 => prop::collection::vec(any::<u8>(), 4..40),
    ]
}

/// Operations: `resize` allows inserts, deletes and appending overwrites;
/// `saves` mixes in saves.
fn op(resize: bool, saves: bool) -> BoxedStrategy<Op> {
    let mut ops: Vec<(u32, BoxedStrategy<Op>)> = vec![
        (
            6,
            (any::<Index>(), edit_bytes())
                .prop_map(|(i, b)| Op::Overwrite(i, b))
                .boxed(),
        ),
        (
            1,
            (
                any::<Index>(),
                0usize..40,
                prop::collection::vec(any::<u8>(), 1..4),
            )
                .prop_map(|(i, n, p)| Op::Fill(i, n, p))
                .boxed(),
        ),
        (
            1,
            (
                any::<Index>(),
                1usize..3,
                prop::collection::vec(any::<u8>(), 0..4),
            )
                .prop_map(|(i, n, r)| Op::ReplaceAll(i, n, r))
                .boxed(),
        ),
        (2, Just(Op::Commit).boxed()),
        (2, Just(Op::Undo).boxed()),
        (1, Just(Op::Redo).boxed()),
    ];
    if resize {
        ops.push((
            4,
            (any::<Index>(), edit_bytes())
                .prop_map(|(i, b)| Op::Insert(i, b))
                .boxed(),
        ));
        ops.push((
            3,
            (any::<Index>(), 0usize..24)
                .prop_map(|(i, n)| Op::Delete(i, n))
                .boxed(),
        ));
    }
    if saves {
        ops.push((1, Just(Op::Save).boxed()));
    }
    prop::strategy::Union::new_weighted(ops).boxed()
}

fn steps(resize: bool, saves: bool, max: usize) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (op(resize, saves), any::<Index>(), any::<Index>())
            .prop_map(|(op, a, b)| Step { op, probe: (a, b) }),
        1..max,
    )
}

/// Applies an edit to both; with `resize` false, overwrites are clipped so
/// the length never changes. Returns false for the operations it does not
/// handle (commit, undo, redo, save).
fn apply_edit(doc: &mut Document, model: &mut Model, op: &Op, resize: bool) -> bool {
    let len = model.bytes.len();
    match op {
        Op::Overwrite(at, bytes) => {
            if resize {
                let at = at.index(len + 1);
                doc.overwrite(at as u64, bytes).unwrap();
                let end = (at + bytes.len()).min(len);
                model.replace(at..end, bytes);
            } else if len > 0 {
                let at = at.index(len);
                let bytes = &bytes[..bytes.len().min(len - at)];
                doc.overwrite(at as u64, bytes).unwrap();
                model.replace(at..at + bytes.len(), bytes);
            }
        }
        Op::Insert(at, bytes) => {
            let at = at.index(len + 1);
            doc.insert(at as u64, bytes).unwrap();
            model.replace(at..at, bytes);
        }
        Op::Delete(at, n) => {
            let at = at.index(len + 1);
            let end = (at + n).min(len);
            doc.delete(at as u64..end as u64).unwrap();
            model.replace(at..end, &[]);
        }
        Op::Fill(at, n, pattern) => {
            let at = at.index(len + 1);
            let end = (at + n).min(len);
            doc.fill(at as u64..end as u64, pattern).unwrap();
            let bytes: Vec<u8> = pattern.iter().copied().cycle().take(end - at).collect();
            model.replace(at..end, &bytes);
        }
        Op::ReplaceAll(at, n, with) => {
            if len == 0 {
                return true;
            }
            let at = at.index(len);
            let needle = model.bytes[at..(at + n).min(len)].to_vec();
            let with: Vec<u8> = if resize {
                with.clone()
            } else {
                with.iter()
                    .chain(&needle)
                    .copied()
                    .take(needle.len())
                    .collect()
            };
            let mut found = vec![];
            let mut i = 0;
            while i + needle.len() <= len {
                if model.bytes[i..].starts_with(&needle) {
                    found.push(i as u64);
                    i += needle.len();
                } else {
                    i += 1;
                }
            }
            let m = needle.len() as u64;
            let n = doc.replace_all(&found, m, &with).unwrap();
            assert_eq!(n, found.len());
            if !found.is_empty() {
                model.commit();
                for &f in found.iter().rev() {
                    model.replace(f as usize..f as usize + needle.len(), &with);
                }
                model.commit();
            }
        }
        Op::Commit | Op::Undo | Op::Redo | Op::Save => return false,
    }
    true
}

/// Applies commit, undo or redo to both and checks they agree on whether
/// there was anything to undo or redo.
fn apply_history(doc: &mut Document, model: &mut Model, op: &Op) -> Result<(), TestCaseError> {
    match op {
        Op::Commit => {
            doc.commit();
            model.commit();
        }
        Op::Undo => prop_assert_eq!(doc.undo().is_some(), model.undo(), "undo"),
        Op::Redo => prop_assert_eq!(doc.redo().is_some(), model.redo(), "redo"),
        _ => unreachable!("not a history operation: {op:?}"),
    }
    Ok(())
}

/// The document reads as the model: its length, the whole, a probed range
/// (which may run past the end, to be clipped), single bytes at the probe's
/// ends, and `changed_ranges` covers every byte that differs from the file.
fn check_reads(
    doc: &Document,
    model: &Model,
    probe: Option<&(Index, Index)>,
) -> Result<(), TestCaseError> {
    let len = model.bytes.len();
    prop_assert_eq!(doc.len(), model.len());
    prop_assert_eq!(doc.is_empty(), len == 0);
    prop_assert_eq!(doc.read(0..u64::MAX), &model.bytes[..]);
    let (a, b) = probe.map_or((0, len + 8), |(a, b)| (a.index(len + 8), b.index(len + 8)));
    let (lo, hi) = (a.min(b), a.max(b));
    let want = &model.bytes[lo.min(len)..hi.min(len)];
    prop_assert_eq!(doc.read(lo as u64..hi as u64), want, "read {}..{}", lo, hi);
    let mut buf = vec![0xa5; hi - lo];
    let n = doc.read_into(lo as u64, &mut buf);
    prop_assert_eq!(&buf[..n], want);
    prop_assert_eq!(doc.byte_at(a as u64), model.bytes.get(a).copied());
    // Outside the changed ranges the document shows the source's own bytes
    // at the same offsets, which is what lets an in-place save skip them.
    let source = doc.source().as_slice().expect("bytes in memory");
    let mut pos = 0;
    for r in doc.changed_ranges() {
        prop_assert!(pos <= r.start && r.start < r.end && r.end <= model.len());
        for i in pos as usize..r.start as usize {
            prop_assert_eq!(Some(&model.bytes[i]), source.get(i), "unchanged byte {}", i);
        }
        pos = r.end;
    }
    for i in pos as usize..len {
        prop_assert_eq!(Some(&model.bytes[i]), source.get(i), "unchanged byte {}", i);
    }
    Ok(())
}

/// Undoes to the start, then redoes to the end, checking every state on
/// the way against the model; `on_disk` is called at each unmodified state.
fn undo_redo_all(
    doc: &mut Document,
    model: &mut Model,
    on_disk: &mut dyn FnMut(&Document) -> Result<(), TestCaseError>,
) -> Result<(), TestCaseError> {
    loop {
        let undone = model.undo();
        prop_assert_eq!(doc.undo().is_some(), undone);
        check_reads(doc, model, None)?;
        prop_assert_eq!(doc.is_modified(), model.is_modified());
        if !doc.is_modified() {
            on_disk(doc)?;
        }
        if !undone {
            break;
        }
    }
    loop {
        let redone = model.redo();
        prop_assert_eq!(doc.redo().is_some(), redone);
        check_reads(doc, model, None)?;
        prop_assert_eq!(doc.is_modified(), model.is_modified());
        if !doc.is_modified() {
            on_disk(doc)?;
        }
        if !redone {
            break;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Edits, commits, undo and redo in any order read back as the model;
    /// undoing everything restores the original bytes exactly and redoing
    /// everything reaches the furthest state again.
    #[test]
    fn document_matches_a_vec_through_edits_undo_and_redo(
        original in prop::collection::vec(any::<u8>(), 0..200),
        steps in steps(true, false, 60),
    ) {
        check_edit_script(original, steps)?;
    }

    /// The same on a few bytes, where edits keep touching each other:
    /// merged history entries, bytes retyped in place.
    #[test]
    fn tiny_documents_match_a_vec_through_edits_undo_and_redo(
        original in prop::collection::vec(any::<u8>(), 0..6),
        steps in steps(true, false, 60),
    ) {
        check_edit_script(original, steps)?;
    }
}

/// Runs edits, commits, undo and redo on a document and the model,
/// checking every step, every snapshot taken on the way, and the whole
/// history at the end.
fn check_edit_script(original: Vec<u8>, steps: Vec<Step>) -> Result<(), TestCaseError> {
    {
        let mut doc = Document::from_bytes(original.clone());
        let mut model = Model::new(original.clone());
        let mut snapshots = vec![];
        for (i, step) in steps.iter().enumerate() {
            if !apply_edit(&mut doc, &mut model, &step.op, true) {
                apply_history(&mut doc, &mut model, &step.op)?;
            }
            if i % 4 == 0 {
                snapshots.push((doc.snapshot(), model.bytes.clone()));
            }
            check_reads(&doc, &model, Some(&step.probe))?;
            prop_assert_eq!(doc.is_modified(), model.is_modified());
            // Edits past the end are refused and change nothing (not even
            // the redo stack, which the next steps would notice).
            let len = model.len();
            let past = || {
                Err(EditError::PastEnd {
                    offset: len + 1,
                    len,
                })
            };
            prop_assert_eq!(doc.delete(len..len + 1), past());
            prop_assert_eq!(doc.overwrite(len + 1, b"x"), past());
        }
        // Snapshots read as the document did when they were taken.
        for (snapshot, bytes) in &snapshots {
            prop_assert_eq!(snapshot.read(0..u64::MAX), &bytes[..]);
        }
        let mut furthest = model.clone();
        while furthest.redo() {}
        let furthest = furthest.bytes;

        while doc.undo().is_some() {}
        prop_assert_eq!(doc.read(0..u64::MAX), &original[..]);
        prop_assert!(!doc.is_modified());
        prop_assert!(doc.changed_ranges().is_empty());
        while doc.redo().is_some() {}
        prop_assert_eq!(doc.read(0..u64::MAX), &furthest[..]);

        // And once more step by step, every state checked.
        while doc.undo().is_some() {}
        while model.undo() {}
        undo_redo_all(&mut doc, &mut model, &mut |_| Ok(()))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Saving.

fn saved_doc(original: &[u8]) -> (tempfile::TempDir, std::path::PathBuf, Document) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.bin");
    fs::write(&path, original).unwrap();
    let doc = Document::new(Source::open(&path, OpenOptions::default()).unwrap());
    (dir, path, doc)
}

/// Saves and checks the file holds the model's bytes, the document is
/// clean, and the method fits: in place when the length is kept.
fn save_and_check(
    doc: &mut Document,
    model: &mut Model,
    path: &Path,
    hard_link: bool,
) -> Result<(), TestCaseError> {
    let before = fs::metadata(path).unwrap();
    let was_modified = doc.is_modified();
    let report = save(doc, SaveOptions::default())
        .map_err(|e| TestCaseError::fail(format!("save failed: {e}")))?;
    model.mark_saved();
    prop_assert_eq!(fs::read(path).unwrap(), &model.bytes[..], "{:?}", report);
    prop_assert!(!doc.is_modified());
    prop_assert!(doc.changed_ranges().is_empty());
    prop_assert_eq!(doc.read(0..u64::MAX), &model.bytes[..]);
    let after = fs::metadata(path).unwrap();
    if before.len() != model.len() {
        let expected = if hard_link {
            SaveMethod::Rewritten
        } else {
            SaveMethod::Replaced
        };
        prop_assert_eq!(report.method, expected);
    } else if was_modified {
        prop_assert_eq!(report.method, SaveMethod::InPlace);
    } else {
        prop_assert!(matches!(
            report.method,
            SaveMethod::InPlace | SaveMethod::Unchanged
        ));
    }
    if report.method != SaveMethod::Replaced {
        prop_assert_eq!(
            before.ino(),
            after.ino(),
            "{:?} kept the inode",
            report.method
        );
    }
    let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("hexbuf"))
        .collect();
    prop_assert!(leftovers.is_empty(), "left behind: {:?}", leftovers);
    Ok(())
}

/// Runs `steps` on a document opened from a real file, saving where the
/// steps say and at the end, then walks the whole history back and forth,
/// saving the original and the final state again.
fn run_save_case(
    original: &[u8],
    steps: &[Step],
    resize: bool,
    hard_link: bool,
) -> Result<(), TestCaseError> {
    let (dir, path, doc) = saved_doc(original);
    if hard_link {
        fs::hard_link(&path, dir.path().join("other-link")).unwrap();
    }
    // Opened after the link is made: a new link changes the file's ctime,
    // which a save takes for a change by another program.
    drop(doc);
    let mut doc = Document::new(Source::open(&path, OpenOptions::default()).unwrap());
    let mut model = Model::new(original.to_vec());
    for step in steps {
        match &step.op {
            Op::Save => save_and_check(&mut doc, &mut model, &path, hard_link)?,
            op if apply_edit(&mut doc, &mut model, op, resize) => {}
            op => apply_history(&mut doc, &mut model, op)?,
        }
        check_reads(&doc, &model, Some(&step.probe))?;
        prop_assert_eq!(doc.is_modified(), model.is_modified());
        if !doc.is_modified() {
            prop_assert_eq!(fs::read(&path).unwrap(), &model.bytes[..]);
        }
    }
    save_and_check(&mut doc, &mut model, &path, hard_link)?;

    // Further edits on the saved document still save correctly.
    let len = model.bytes.len();
    let at = len / 2;
    let extra = b"\x00after-save\xff";
    if resize {
        doc.insert(at as u64, extra).unwrap();
        model.replace(at..at, extra);
    } else if len > 0 {
        let n = extra.len().min(len - at);
        doc.overwrite(at as u64, &extra[..n]).unwrap();
        model.replace(at..at + n, &extra[..n]);
    }
    doc.commit();
    model.commit();
    save_and_check(&mut doc, &mut model, &path, hard_link)?;

    // Every earlier state is still reachable after the file was rewritten:
    // the pieces of the history stayed valid.
    let disk = path.clone();
    undo_redo_all(&mut doc, &mut model, &mut |doc| {
        prop_assert_eq!(fs::read(&disk).unwrap(), doc.read(0..u64::MAX));
        Ok(())
    })?;
    while doc.undo().is_some() {}
    while model.undo() {}
    prop_assert_eq!(doc.read(0..u64::MAX), original);
    save_and_check(&mut doc, &mut model, &path, hard_link)?;
    prop_assert_eq!(fs::read(&path).unwrap(), original);
    while doc.redo().is_some() {}
    while model.redo() {}
    save_and_check(&mut doc, &mut model, &path, hard_link)?;
    if hard_link {
        prop_assert_eq!(
            fs::read(dir.path().join("other-link")).unwrap(),
            fs::read(&path).unwrap()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Length-preserving edits are saved in place, over the very file the
    /// document maps.
    #[test]
    fn in_place_saves_match_the_model(
        original in prop::collection::vec(any::<u8>(), 1..300),
        steps in steps(false, true, 40),
    ) {
        run_save_case(&original, &steps, false, false)?;
    }

    /// Length-changing edits replace the file (or, for a hard-linked file,
    /// rewrite it); where the length comes back to the file's, in place.
    #[test]
    fn resizing_saves_match_the_model(
        original in prop::collection::vec(any::<u8>(), 0..300),
        steps in steps(true, true, 40),
        hard_link in prop::bool::weighted(0.25),
    ) {
        run_save_case(&original, &steps, true, hard_link)?;
    }
}

/// Regression: a same-length edit that moves bytes of the file (an insert
/// and a delete) is saved in place; the bytes moved must be read before the
/// writes change them under the map.
#[test]
fn in_place_save_of_moved_bytes() {
    let original: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    let (_dir, path, mut doc) = saved_doc(&original);
    doc.insert(0, b"XYZ").unwrap();
    doc.delete(5_000..5_003).unwrap();
    doc.commit();
    let want = doc.read(0..u64::MAX);
    let report = save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!(report.method, SaveMethod::InPlace);
    assert_eq!(fs::read(&path).unwrap(), want);
    assert_eq!(doc.read(0..u64::MAX), want);
    doc.undo();
    assert_eq!(doc.read(0..u64::MAX), original);
    save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!(fs::read(&path).unwrap(), original);
}

// ---------------------------------------------------------------------------
// Search.

/// Bytes from a small alphabet, so that patterns match often: letters in
/// both cases, a NUL and a high byte.
fn alphabet_byte() -> impl Strategy<Value = u8> {
    prop::sample::select(&b"abAB\x00\xff"[..])
}

fn naive(hay: &[u8], pat: &Pattern) -> Vec<u64> {
    (0..hay.len())
        .filter(|&i| pat.matches(&hay[i..]))
        .map(|i| i as u64)
        .collect()
}

/// A document of many small pieces: `base` edited by `edits` (position,
/// bytes, kind: 0 overwrite, 1 insert, 2 delete).
fn edited_doc(base: Vec<u8>, edits: &[(Index, Vec<u8>, u8)]) -> Document {
    let mut doc = Document::from_bytes(base);
    for (at, bytes, kind) in edits {
        let len = doc.len() as usize;
        let at = at.index(len + 1) as u64;
        match kind {
            0 => doc.overwrite(at, bytes).unwrap(),
            1 => doc.insert(at, bytes).unwrap(),
            _ => doc
                .delete(at..(at + bytes.len() as u64).min(len as u64))
                .unwrap(),
        }
    }
    doc
}

#[derive(Clone, Debug)]
enum PatternSpec {
    Exact(Vec<u8>),
    Masked(Vec<Option<u8>>),
    Text(String, bool),
}

impl PatternSpec {
    fn pattern(&self) -> Pattern {
        match self {
            PatternSpec::Exact(b) => Pattern::bytes(b),
            PatternSpec::Masked(m) => Pattern::masked(m),
            PatternSpec::Text(t, case_sensitive) => Pattern::text(t, *case_sensitive),
        }
    }
}

fn pattern_spec() -> impl Strategy<Value = PatternSpec> {
    prop_oneof![
        prop::collection::vec(alphabet_byte(), 1..12).prop_map(PatternSpec::Exact),
        prop::collection::vec(
            prop_oneof![3 => alphabet_byte().prop_map(Some), 1 => Just(None)],
            1..12
        )
        .prop_map(PatternSpec::Masked),
        (
            prop::collection::vec(prop::sample::select(&b"abAB-"[..]), 1..10),
            any::<bool>()
        )
            .prop_map(|(t, cs)| PatternSpec::Text(String::from_utf8(t).unwrap(), cs)),
    ]
}

fn collect_all(doc: &Document, matcher: &Matcher, range: Range<u64>) -> Vec<u64> {
    let mut out = vec![];
    let flow = find_all(
        doc,
        matcher,
        range,
        &mut |_| ControlFlow::Continue(()),
        &mut |o| {
            out.push(o);
            ControlFlow::Continue(())
        },
    );
    assert!(flow.is_continue());
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// find_all, find_forward and find_backward agree with a naive scan of
    /// the bytes, over any range, whatever the pieces look like.
    #[test]
    fn search_matches_a_naive_scan(
        base in prop::collection::vec(alphabet_byte(), 0..300),
        edits in prop::collection::vec(
            (any::<Index>(), prop::collection::vec(alphabet_byte(), 1..5), 0u8..3),
            0..80,
        ),
        spec in pattern_spec(),
        bounds in (any::<Index>(), any::<Index>()),
        from in any::<Index>(),
    ) {
        let doc = edited_doc(base, &edits);
        let hay = doc.read(0..u64::MAX);
        let pattern = spec.pattern();
        let matcher = Matcher::new(&pattern);
        let m = pattern.len() as u64;
        let all = naive(&hay, &pattern);
        let len = hay.len() as u64;

        prop_assert_eq!(collect_all(&doc, &matcher, 0..len), all.clone());

        // A sub-range: matches lying wholly inside it.
        let a = bounds.0.index(hay.len() + 1) as u64;
        let b = bounds.1.index(hay.len() + 1) as u64;
        let (lo, hi) = (a.min(b), a.max(b));
        let inside: Vec<u64> = all.iter().copied().filter(|&p| p >= lo && p + m <= hi).collect();
        prop_assert_eq!(collect_all(&doc, &matcher, lo..hi), inside);

        // Forward from an offset to the end or to `hi`; backward from
        // `before` down to `lo` (a match may run past `before`).
        let from = from.index(hay.len() + 1) as u64;
        let mut go = |_| ControlFlow::Continue(());
        prop_assert_eq!(
            find_forward(&doc, &matcher, from, len, &mut go),
            all.iter().copied().find(|&p| p >= from)
        );
        prop_assert_eq!(
            find_forward(&doc, &matcher, from, hi, &mut go),
            all.iter().copied().find(|&p| p >= from && p + m <= hi)
        );
        prop_assert_eq!(
            find_backward(&doc, &matcher, 0, from, &mut go),
            all.iter().copied().rfind(|&p| p < from)
        );
        prop_assert_eq!(
            find_backward(&doc, &matcher, lo, from, &mut go),
            all.iter().copied().rfind(|&p| p >= lo && p < from)
        );

        // Stepping match to match in both directions visits them all.
        let mut forward = vec![];
        let mut at = 0;
        while let Some(p) = find_forward(&doc, &matcher, at, len, &mut go) {
            forward.push(p);
            at = p + 1;
        }
        prop_assert_eq!(&forward, &all);
        let mut backward = vec![];
        let mut before = len;
        while let Some(p) = find_backward(&doc, &matcher, 0, before, &mut go) {
            backward.push(p);
            before = p;
        }
        backward.reverse();
        prop_assert_eq!(&backward, &all);
    }
}

/// Matches straddling the 8 MiB blocks of a forward search and the windows
/// of a backward one, inside a single piece and across edits.
#[test]
fn search_across_block_and_window_boundaries() {
    const MIB: usize = 1 << 20;
    let len = 20 * MIB + 5;
    let mut bytes = vec![0u8; len];
    let needle = b"\x01\x02\x03\x04\x05";
    // Forward blocks end at 8 and 16 MiB; backward windows at len - 8 MiB
    // and len - 16 MiB. The needles do not overlap.
    let mut at = vec![
        0,
        8 * MIB - 2,
        16 * MIB - 4,
        16 * MIB + 10,
        len - 8 * MIB - 3,
        len - 16 * MIB - 1,
        len - 5,
    ];
    at.sort_unstable();
    for &p in &at {
        bytes[p..p + 5].copy_from_slice(needle);
    }
    let doc = Document::from_bytes(bytes);
    let mut go = |_| ControlFlow::Continue(());
    let want: Vec<u64> = at.iter().map(|&p| p as u64).collect();
    for spec in [
        PatternSpec::Exact(needle.to_vec()),
        PatternSpec::Masked(vec![Some(1), None, Some(3), None, Some(5)]),
    ] {
        let matcher = Matcher::new(&spec.pattern());
        assert_eq!(collect_all(&doc, &matcher, 0..len as u64), want, "{spec:?}");
        let mut back = vec![];
        let mut before = len as u64;
        while let Some(p) = find_backward(&doc, &matcher, 0, before, &mut go) {
            back.push(p);
            before = p;
        }
        back.reverse();
        assert_eq!(back, want, "{spec:?}");
    }
    // A match made by an edit, straddling the edit's piece and the source
    // piece after it, and one straddling a block boundary of that piece
    // (its blocks count from its own start, 10 MiB + 1).
    let mut bytes = doc.read(0..u64::MAX);
    bytes[10 * MIB + 1..10 * MIB + 4].copy_from_slice(b"\x03\x04\x05");
    bytes[18 * MIB - 1..18 * MIB + 4].copy_from_slice(needle);
    let mut doc = Document::from_bytes(bytes);
    doc.overwrite(10 * MIB as u64 - 1, b"\x01\x02").unwrap();
    let matcher = Matcher::new(&Pattern::bytes(needle));
    let mut want = want;
    want.extend([10 * MIB as u64 - 1, 18 * MIB as u64 - 1]);
    want.sort_unstable();
    assert_eq!(collect_all(&doc, &matcher, 0..len as u64), want);
    let mut back = vec![];
    let mut before = len as u64;
    while let Some(p) = find_backward(&doc, &matcher, 0, before, &mut go) {
        back.push(p);
        before = p;
    }
    back.reverse();
    assert_eq!(back, want);
}

// ---------------------------------------------------------------------------
// Typed values.

/// f64 values near the edges of JavaScript's formatting: the switch to
/// exponents at 1e21 and 1e-7, long and short digit strings.
fn interesting_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<u64>().prop_map(f64::from_bits),
        (1u64..100_000_000, -330i32..310).prop_map(|(m, e)| format!("{m}e{e}").parse().unwrap()),
        (any::<bool>(), 0u32..40).prop_map(|(neg, e)| {
            let v = 10f64.powi(e as i32 - 10);
            if neg { -v } else { v }
        }),
        prop::sample::select(vec![
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            5e-324,
            1e21,
            999999999999999900000.0,
            1e-7,
            1.5e-7,
            0.000001,
            f64::from(f32::MAX),
            f64::from(f32::MIN_POSITIVE),
            f64::from(f32::from_bits(1)),
        ]),
    ]
}

/// Checks `value`'s text reads back exactly and encodes back to `bytes`.
fn check_float_round_trip(ty: ElemType, bytes: &[u8]) -> Result<(), TestCaseError> {
    let Some(Value::Float(v)) = ty.decode(bytes) else {
        return Err(TestCaseError::fail(format!("{ty} decodes to a float")));
    };
    let text = Value::Float(v).to_string();
    if v.is_nan() {
        prop_assert_eq!(text, "NaN");
        return Ok(());
    }
    // The text is JavaScript's: plain digits from 1e-6 up to 1e21, else an
    // exponent with an explicit sign.
    prop_assert!(
        !text.contains("e") || text.contains("e+") || text.contains("e-"),
        "{}",
        text
    );
    let a = v.abs();
    if v.is_finite() && v != 0.0 {
        prop_assert_eq!(
            text.contains('e'),
            !(1e-6..1e21).contains(&a),
            "{} for {:e}",
            text,
            v
        );
    }
    if v == 0.0 {
        // JavaScript prints -0 as "0": the value reads back equal, as +0.
        prop_assert_eq!(&text, "0");
        let back = ty.encode_text(&text).unwrap();
        prop_assert_eq!(ty.decode(&back), Some(Value::Float(0.0)));
        return Ok(());
    }
    if v.is_finite() {
        let parsed: f64 = text.parse().unwrap();
        prop_assert_eq!(parsed.to_bits(), v.to_bits(), "{} does not read back", text);
    }
    prop_assert_eq!(
        ty.encode_text(&text),
        Ok(bytes[..ty.size()].to_vec()),
        "{}",
        text
    );
    Ok(())
}

fn float_types() -> Vec<ElemType> {
    ElemType::all_named()
        .filter(|t| t.kind.is_float())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Every integer type: the printed value encodes back to the same bytes.
    #[test]
    fn integers_round_trip_through_their_text(bytes in any::<[u8; 8]>()) {
        let types: Vec<ElemType> = ElemType::all_named().collect();
        prop_assert_eq!(types.len(), 18);
        for ty in types.into_iter().filter(|t| !t.kind.is_float()) {
            let value = ty.decode(&bytes).unwrap();
            let text = value.to_string();
            prop_assert_eq!(ty.encode_text(&text), Ok(bytes[..ty.size()].to_vec()), "{} {}", ty, text);
            // Hex of the value (for unsigned) encodes the same.
            if let Value::Unsigned(u) = value {
                prop_assert_eq!(ty.encode_text(&format!("0x{u:x}")), Ok(bytes[..ty.size()].to_vec()));
            }
        }
    }

    /// Every float type, from raw bits: the printed value reads back to the
    /// same bits (NaN aside; -0 prints as "0", as in JavaScript).
    #[test]
    fn float_bits_round_trip_through_their_text(bytes in any::<[u8; 8]>()) {
        for ty in float_types() {
            check_float_round_trip(ty, &bytes)?;
        }
    }

    /// Floats near the formatting edges, stored as f64 and (rounded) as f32.
    #[test]
    fn interesting_floats_round_trip(v in interesting_f64()) {
        for ty in float_types() {
            let bits = if ty.kind == ElemKind::F32 {
                u64::from((v as f32).to_bits())
            } else {
                v.to_bits()
            };
            check_float_round_trip(ty, &ty.encode_bits(bits))?;
            if ty.kind == ElemKind::F64 && v.is_finite() {
                let want = if v == 0.0 { 0 } else { v.to_bits() };
                prop_assert_eq!(format_js_number(v).parse::<f64>().map(f64::to_bits), Ok(want));
            }
        }
    }

    /// A float typed as a decimal number, however long, encodes as the
    /// nearest float (as JavaScript's Number() reads it), sign of zero kept.
    #[test]
    fn typed_decimal_numbers_encode_to_the_nearest_float(
        negative in any::<bool>(),
        digits in "[0-9]{1,60}",
    ) {
        let text = format!("{}{digits}", if negative { "-" } else { "" });
        let want: f64 = text.parse().unwrap();
        for ty in float_types() {
            let got = ty.encode_text(&text);
            if ty.kind == ElemKind::F32 {
                let narrowed = want as f32;
                if narrowed.is_infinite() {
                    prop_assert!(got.is_err(), "{} {}: {:?}", ty, text, got);
                } else {
                    prop_assert_eq!(got, Ok(ty.encode_bits(u64::from(narrowed.to_bits()))), "{} {}", ty, text);
                }
            } else {
                prop_assert_eq!(got, Ok(ty.encode_bits(want.to_bits())), "{} {}", ty, text);
            }
        }
    }
}
