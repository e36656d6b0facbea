//! A file cut shorter by another program while hexbuf has it open: reads
//! never kill the process, the vanished bytes read as zeros and are
//! reported, the edits stay, and Save As and the recovery file write them.
//! The same holds for a file read through `pread` (when it cannot be mapped).

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use hexbuf::core::document::Document;
use hexbuf::core::save::{SaveOptions, save_as, write_recovery};
use hexbuf::core::source::{OpenOptions, Source};

const LEN: usize = 64 << 10;
const CUT: usize = 10_000;

fn original() -> Vec<u8> {
    (0..LEN).map(|i| (i % 251) as u8 + 1).collect()
}

fn setup(no_map: bool) -> (tempfile::TempDir, PathBuf, Document) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("victim.bin");
    fs::write(&path, original()).unwrap();
    let opts = OpenOptions {
        no_map,
        ..OpenOptions::default()
    };
    let source = Source::open(&path, opts).unwrap();
    assert_eq!(source.is_pread(), no_map);
    let mut doc = Document::new(source);
    // An edit before the cut and one after it.
    doc.overwrite(100, b"EDIT").unwrap();
    doc.overwrite(40_000, b"LATE").unwrap();
    doc.commit();
    (dir, path, doc)
}

/// What the document holds after the cut: the file's first CUT bytes,
/// zeros after them, and the two edits.
fn expected() -> Vec<u8> {
    let mut want = original();
    want[CUT..].fill(0);
    want[100..104].copy_from_slice(b"EDIT");
    want[40_000..40_004].copy_from_slice(b"LATE");
    want
}

fn cut(path: &Path) {
    File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_len(CUT as u64)
        .unwrap();
}

fn check_cut_document(no_map: bool) {
    let (dir, path, doc) = setup(no_map);
    cut(&path);
    // Reading a vanished page before anyone noticed: zeros, no SIGBUS.
    assert_eq!(doc.read(60_000..60_016), vec![0; 16]);
    assert_eq!(
        doc.check_shrink(),
        Some(CUT as u64),
        "the new size is reported"
    );
    assert_eq!(doc.check_shrink(), None, "and only once");
    assert_eq!(doc.read(0..LEN as u64), expected());
    assert!(doc.is_modified());
    assert!(doc.source().changed_on_disk());
    // The vanished ranges are the document's bytes past the cut that still
    // come from the file: around the late edit.
    assert_eq!(
        doc.vanished_in(0..LEN as u64),
        vec![CUT as u64..40_000, 40_004..LEN as u64]
    );
    assert!(doc.vanished_in(0..CUT as u64).is_empty());

    let recovery = write_recovery(&doc).unwrap();
    assert_eq!(fs::read(&recovery).unwrap(), expected());
    let copy = dir.path().join("copy.bin");
    let mut doc = doc;
    save_as(&mut doc, &copy, SaveOptions::default()).unwrap();
    assert_eq!(fs::read(&copy).unwrap(), expected());
    // The cut file itself was left alone.
    assert_eq!(fs::read(&path).unwrap(), original()[..CUT]);
}

#[test]
fn a_mapped_file_cut_short_reads_zeros_and_its_edits_save_elsewhere() {
    check_cut_document(false);
}

#[test]
fn a_pread_file_cut_short_reads_zeros_and_its_edits_save_elsewhere() {
    check_cut_document(true);
}

#[test]
fn pread_reads_the_same_bytes_as_the_map() {
    let (_dir, _path, mapped) = setup(false);
    let (_dir2, _path2, pread) = setup(true);
    for range in [
        0..LEN as u64,
        4090..4200,
        99..105,
        LEN as u64 - 3..LEN as u64 + 10,
    ] {
        assert_eq!(mapped.read(range.clone()), pread.read(range));
    }
    let mut seen = Vec::new();
    let _ = pread.for_each_slice(0..LEN as u64, |at, bytes| {
        assert_eq!(at, seen.len() as u64);
        seen.extend_from_slice(bytes);
        std::ops::ControlFlow::Continue(())
    });
    assert_eq!(seen, mapped.read(0..LEN as u64));
}

#[test]
fn a_file_cut_to_nothing_then_saved_over_after_asking() {
    let (_dir, path, mut doc) = setup(false);
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(0)
        .unwrap();
    assert_eq!(doc.check_shrink(), Some(0));
    // Saving over the changed file is refused unless forced.
    assert!(hexbuf::core::save::save(&mut doc, SaveOptions::default()).is_err());
    assert_eq!(fs::metadata(&path).unwrap().len(), 0);
    hexbuf::core::save::save(&mut doc, SaveOptions { force: true }).unwrap();
    let mut want = vec![0; LEN];
    want[100..104].copy_from_slice(b"EDIT");
    want[40_000..40_004].copy_from_slice(b"LATE");
    assert_eq!(fs::read(&path).unwrap(), want);
}
