//! The fault loops: every save path is failed at each of its disk calls in
//! turn, with each kind of failure; after every one the file must be byte
//! for byte as before, the document must still hold the edits, no temporary
//! file or journal may be left, and a plain retry must write the new bytes.

use std::fs;
use std::path::{Path, PathBuf};

use super::*;
use crate::core::saveio::fault::{Fault, FaultyIo};
use crate::core::source::{OpenOptions, Source};

/// Deterministic bytes (splitmix64).
fn bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z >> 24) as u8
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum PathKind {
    InPlace,
    /// In place without a journal, as a block device is written (tried on
    /// a file: the old bytes are kept in memory instead).
    Device,
    Replace,
    Rewrite,
}

/// A file, its document with edits, and the bytes the edits should give
/// (worked out on a plain `Vec`).
struct Case {
    dir: tempfile::TempDir,
    path: PathBuf,
    old: Vec<u8>,
    new: Vec<u8>,
    doc: Document,
}

fn case(kind: PathKind) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.bin");
    let old = bytes(150_000, 1);
    fs::write(&path, &old).unwrap();
    if kind == PathKind::Rewrite {
        fs::hard_link(&path, dir.path().join("link")).unwrap();
    }
    let mut doc = Document::new(Source::open(&path, OpenOptions::default()).unwrap());
    let mut new = old.clone();
    for (i, at) in (0..new.len() - 64).step_by(9_973).enumerate() {
        let patch = bytes(1 + i % 40, 100 + i as u64);
        doc.overwrite(at as u64, &patch).unwrap();
        new[at..at + patch.len()].copy_from_slice(&patch);
    }
    if !matches!(kind, PathKind::InPlace | PathKind::Device) {
        doc.insert(70_000, b"inserted").unwrap();
        new.splice(70_000..70_000, *b"inserted");
        doc.delete(140_000..140_100).unwrap();
        new.drain(140_000..140_100);
    }
    doc.commit();
    Case {
        dir,
        path,
        old,
        new,
        doc,
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

fn expected_method(kind: PathKind) -> SaveMethod {
    match kind {
        PathKind::InPlace | PathKind::Device => SaveMethod::InPlace,
        PathKind::Replace => SaveMethod::Replaced,
        PathKind::Rewrite => SaveMethod::Rewritten,
    }
}

/// The save under test, through `io`.
fn save_by(kind: PathKind, c: &mut Case, io: &FaultyIo) -> Result<SaveReport, SaveError> {
    match kind {
        PathKind::Device => {
            let r = paths::in_place(&mut c.doc, &c.path, &c.path, false, io);
            // As `save_with` does for a file (a device has no mtime to
            // move): the file put back is still the one edited.
            if r.is_err() {
                c.doc.refresh_identity();
            }
            r
        }
        _ => save_with(&mut c.doc, SaveOptions::default(), io),
    }
}

fn fault_loop(kind: PathKind) {
    let mut c = case(kind);
    let counter = FaultyIo::new(0, Fault::Eio);
    let report = save_by(kind, &mut c, &counter).unwrap();
    assert_eq!(report.method, expected_method(kind));
    assert_eq!(fs::read(&c.path).unwrap(), c.new);
    let total = counter.calls.get();
    assert!(total >= 5, "{kind:?}: only {total} calls");
    let clean = names(c.dir.path());

    let mut failures = 0;
    for fault in Fault::ALL {
        for n in 1..=total {
            let mut c = case(kind);
            let io = FaultyIo::new(n, fault);
            let at = format!("{kind:?}, {fault:?} at call {n} of {total}");
            match save_by(kind, &mut c, &io) {
                Err(e) => {
                    failures += 1;
                    assert!(!e.to_string().contains('\n'), "{at}: {e}");
                    assert!(
                        fs::read(&c.path).unwrap() == c.old,
                        "{at}: file changed ({e})"
                    );
                    assert!(c.doc.is_modified(), "{at}");
                    assert!(c.doc.read(0..c.doc.len()) == c.new, "{at}: edits lost");
                    assert_eq!(names(c.dir.path()), clean, "{at}: leftovers ({e})");
                    assert!(!c.doc.source().changed_on_disk(), "{at}: {e}");
                }
                Ok(r) => {
                    // The fault hit a call whose failure does not matter
                    // (syncing the directory after the rename, removing a
                    // used copy): the save is done.
                    assert_eq!(r.method, expected_method(kind), "{at}");
                    assert!(!c.doc.is_modified(), "{at}");
                    let extra: Vec<_> = names(c.dir.path())
                        .into_iter()
                        .filter(|n| !clean.contains(n))
                        .collect();
                    let own = format!(".hexbuf-save-{}-", std::process::id());
                    assert!(extra.iter().all(|n| n.starts_with(&own)), "{at}: {extra:?}");
                }
            }
            // A retry without force writes the new bytes.
            save(&mut c.doc, SaveOptions::default()).unwrap_or_else(|e| panic!("{at}: {e}"));
            assert!(
                fs::read(&c.path).unwrap() == c.new,
                "{at}: retry wrote wrong bytes"
            );
            if kind == PathKind::Rewrite {
                assert!(
                    fs::read(c.dir.path().join("link")).unwrap() == c.new,
                    "{at}"
                );
            }
            assert!(!c.doc.is_modified(), "{at}");
            assert!(c.doc.read(0..c.doc.len()) == c.new, "{at}");
        }
    }
    assert!(failures >= total, "{kind:?}: only {failures} failed saves");
}

#[test]
fn in_place_save_survives_a_failure_at_every_call() {
    fault_loop(PathKind::InPlace);
}

#[test]
fn unjournaled_in_place_save_survives_a_failure_at_every_call() {
    fault_loop(PathKind::Device);
}

/// A device that stops taking writes altogether: when the old bytes
/// cannot be put back either, the error says the device may be partly
/// written (never a plain "writing failed"), the edits stay, and a retry on
/// a working disk writes them.
#[test]
fn unjournaled_save_says_when_the_old_bytes_could_not_be_put_back() {
    let mut probe = case(PathKind::Device);
    let counter = FaultyIo::new(0, Fault::Eio);
    save_by(PathKind::Device, &mut probe, &counter).unwrap();
    let total = counter.calls.get();
    let mut partly = 0;
    for n in 1..=total {
        let mut c = case(PathKind::Device);
        let io = FaultyIo::failing_from(n, Fault::Eio);
        let err = save_by(PathKind::Device, &mut c, &io).expect_err("every call fails");
        let on_disk = fs::read(&c.path).unwrap();
        match &err {
            SaveError::PartlyWritten { .. } => {
                partly += 1;
                assert!(err.to_string().contains("partly written"), "{err}");
            }
            _ => assert!(
                on_disk == c.old,
                "call {n}: changed without saying so ({err})"
            ),
        }
        assert!(c.doc.is_modified());
        assert!(c.doc.read(0..c.doc.len()) == c.new, "call {n}: edits lost");
        save_by(PathKind::Device, &mut c, &FaultyIo::new(0, Fault::Eio)).unwrap();
        assert!(fs::read(&c.path).unwrap() == c.new, "call {n}: retry");
    }
    assert!(partly > 0, "no failure came after a write");
}

#[test]
fn replacing_save_survives_a_failure_at_every_call() {
    fault_loop(PathKind::Replace);
}

#[test]
fn rewriting_save_survives_a_failure_at_every_call() {
    fault_loop(PathKind::Rewrite);
}

#[test]
fn failed_in_place_save_leaves_no_false_change_on_disk() {
    let mut c = case(PathKind::InPlace);
    // Fail the second data write (after the journal's calls), with EFBIG:
    // the first range is written and then put back, which moves the mtime.
    let counter = FaultyIo::new(0, Fault::TooBig);
    let mut probe = case(PathKind::InPlace);
    save_with(&mut probe.doc, SaveOptions::default(), &counter).unwrap();
    let mtime = fs::metadata(&c.path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let io = FaultyIo::new(counter.calls.get() - 3, Fault::TooBig);
    let err = save_with(&mut c.doc, SaveOptions::default(), &io).unwrap_err();
    assert!(err.to_string().contains("File too large"), "{err}");
    assert_eq!(fs::read(&c.path).unwrap(), c.old);
    assert_ne!(fs::metadata(&c.path).unwrap().modified().unwrap(), mtime);
    assert!(!c.doc.source().changed_on_disk());
    let r = save(&mut c.doc, SaveOptions::default()).unwrap();
    assert_eq!(r.method, SaveMethod::InPlace);
    assert_eq!(fs::read(&c.path).unwrap(), c.new);
}
