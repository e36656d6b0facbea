//! Cancelling long work: a save (or an export) stopped by the user at any
//! point of its run leaves the file exactly as it was and the edits
//! pending, on every save path; the next save succeeds. The editor's Esc
//! sets the same flag these tests set from inside the I/O.

use std::cell::Cell;
use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use hexbuf::core::document::Document;
use hexbuf::core::save::{SaveOptions, save_with, write_range_with};
use hexbuf::core::saveio::{RealIo, SaveIo, Watched};
use hexbuf::core::source::{OpenOptions, Source};

/// The real I/O, which asks for a cancel (as a key press on another thread
/// would) when its `at`-th call begins.
struct CancelAt<'a> {
    at: u64,
    calls: Cell<u64>,
    cancel: &'a AtomicBool,
}

impl CancelAt<'_> {
    fn tick(&self) {
        let n = self.calls.get() + 1;
        self.calls.set(n);
        if n == self.at {
            self.cancel.store(true, Ordering::Relaxed);
        }
    }
}

impl SaveIo for CancelAt<'_> {
    fn open_write(&self, path: &Path) -> io::Result<File> {
        self.tick();
        RealIo.open_write(path)
    }
    fn create_new(&self, path: &Path, mode: u32) -> io::Result<File> {
        self.tick();
        RealIo.create_new(path, mode)
    }
    fn write_at(&self, file: &File, buf: &[u8], offset: u64) -> io::Result<usize> {
        self.tick();
        RealIo.write_at(file, buf, offset)
    }
    fn sync(&self, file: &File) -> io::Result<()> {
        self.tick();
        RealIo.sync(file)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        RealIo.sync_dir(dir)
    }
    fn set_len(&self, file: &File, len: u64) -> io::Result<()> {
        self.tick();
        RealIo.set_len(file, len)
    }
    fn allocate(&self, file: &File, offset: u64, len: u64) -> io::Result<()> {
        self.tick();
        RealIo.allocate(file, offset, len)
    }
    fn set_mode(&self, file: &File, mode: u32) -> io::Result<()> {
        RealIo.set_mode(file, mode)
    }
    fn chown(&self, file: &File, uid: u32, gid: u32) -> io::Result<()> {
        RealIo.chown(file, uid, gid)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.tick();
        RealIo.rename(from, to)
    }
    fn remove(&self, path: &Path) -> io::Result<()> {
        RealIo.remove(path)
    }
}

const LEN: usize = 3 << 20;

fn original() -> Vec<u8> {
    (0..LEN).map(|i| (i * 7 % 253) as u8).collect()
}

/// The names in `dir` other than the file and its links.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "f.bin" && n != "link.bin")
        .collect();
    names.sort();
    names
}

/// Cancels a save at each of its calls in turn: every time the file is as
/// it was, the edits are pending, nothing is left behind; then a save
/// without cancel writes the edits.
fn cancel_everywhere(resize: bool, link: bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.bin");
    let mut at = 1;
    loop {
        fs::write(&path, original()).unwrap();
        let _ = fs::remove_file(dir.path().join("link.bin"));
        if link {
            fs::hard_link(&path, dir.path().join("link.bin")).unwrap();
        }
        let mut doc = Document::new(Source::open(&path, OpenOptions::default()).unwrap());
        for k in 0..40u64 {
            doc.overwrite(k * 70_001, b"EDITED").unwrap();
        }
        if resize {
            doc.insert(5, b"grown").unwrap();
        }
        doc.commit();
        let want = doc.read(0..u64::MAX);
        let cancel = AtomicBool::new(false);
        let written = AtomicU64::new(0);
        let inner = CancelAt {
            at,
            calls: Cell::new(0),
            cancel: &cancel,
        };
        let io = Watched::new(&inner, &written, &cancel);
        let result = save_with(&mut doc, SaveOptions::default(), &io);
        if !cancel.load(Ordering::Relaxed) {
            // The save ran out of calls before the cancel point: done.
            result.unwrap();
            assert_eq!(fs::read(&path).unwrap(), want);
            assert!(at > 3, "a save makes several calls");
            return;
        }
        let case = format!("resize={resize} link={link}: cancelled at call {at}");
        if result.is_ok() {
            // Cancelled after the save had committed: the new bytes, whole.
            assert_eq!(fs::read(&path).unwrap(), want, "{case}");
        } else {
            assert_eq!(fs::read(&path).unwrap(), original(), "{case}");
            assert!(doc.is_modified(), "{case}");
            assert_eq!(doc.read(0..u64::MAX), want, "{case}");
            assert!(!doc.source().changed_on_disk(), "{case}");
            assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "{case}");
            save_with(&mut doc, SaveOptions::default(), &RealIo).unwrap();
            assert_eq!(fs::read(&path).unwrap(), want, "{case}: retried");
        }
        if link {
            assert_eq!(
                fs::read(dir.path().join("link.bin")).unwrap(),
                fs::read(&path).unwrap(),
                "{case}: links share the bytes"
            );
        }
        at += 1;
    }
}

#[test]
fn a_cancelled_in_place_save_leaves_the_file_as_it_was() {
    cancel_everywhere(false, false);
}

#[test]
fn a_cancelled_replacing_save_leaves_the_file_as_it_was() {
    cancel_everywhere(true, false);
}

#[test]
fn a_cancelled_rewriting_save_leaves_the_file_as_it_was() {
    cancel_everywhere(true, true);
}

#[test]
fn a_cancelled_export_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let doc = Document::from_bytes(original());
    let out = dir.path().join("out.bin");
    let cancel = AtomicBool::new(false);
    let written = AtomicU64::new(0);
    let inner = CancelAt {
        at: 3,
        calls: Cell::new(0),
        cancel: &cancel,
    };
    let io = Watched::new(&inner, &written, &cancel);
    assert!(write_range_with(&doc, 0..LEN as u64, &out, &io).is_err());
    assert!(
        fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing left"
    );
    let keep_going = AtomicBool::new(false);
    let io = Watched::new(&RealIo, &written, &keep_going);
    write_range_with(&doc, 10..LEN as u64, &out, &io).unwrap();
    assert_eq!(fs::read(&out).unwrap(), original()[10..]);
    assert!(
        written.load(Ordering::Relaxed) >= (LEN - 10) as u64,
        "progress counted"
    );
}
