//! Journals left by interrupted saves, and what opening the file does.
// A journal of one range is the common case here.
#![allow(clippy::single_range_in_vec_init)]

use std::fs::{self, Permissions};
use std::os::unix::fs::PermissionsExt;
use std::sync::{Mutex, MutexGuard};

use super::*;
use crate::core::source::{OpenOptions, Source};

/// The notices are process-wide: one journal test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn file_with(len: usize) -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.bin");
    let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
    fs::write(&path, &bytes).unwrap();
    (dir, path, bytes)
}

fn open_rw(path: &Path) -> File {
    RealIo.open_write(path).unwrap()
}

/// Opens the file the way every command does and returns its bytes.
fn open_bytes(path: &Path) -> Vec<u8> {
    let source = Source::open(path, OpenOptions::default()).unwrap();
    source.slice(0..source.len()).into_owned()
}

#[test]
fn interrupted_in_place_save_is_rolled_back_on_open() {
    let _s = serial();
    take_notices();
    let (_dir, path, old) = file_with(4096);
    let file = open_rw(&path);
    let ranges = [10..20, 1000..1500, 4000..4096];
    let journal = Journal::write(&RealIo, &path, &file, &ranges, 4096).unwrap();
    assert_eq!(journal.path(), journal_path(&path));
    assert!(journal.path().ends_with(".data.bin.hexbuf-journal"));
    // Half the new bytes are written, then the process dies.
    file.write_all_at(&[0xee; 10], 10).unwrap();
    file.write_all_at(&[0xee; 200], 1000).unwrap();
    drop(journal);
    assert_ne!(fs::read(&path).unwrap(), old);

    assert_eq!(open_bytes(&path), old);
    assert_eq!(fs::read(&path).unwrap(), old);
    assert!(!journal_path(&path).exists());
    let notices = take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].starts_with(path.to_str().unwrap()),
        "{notices:?}"
    );
    assert!(
        notices[0].contains("rolled back (3 ranges restored)"),
        "{notices:?}"
    );
    // Once is enough.
    assert_eq!(open_bytes(&path), old);
    assert!(take_notices().is_empty());
}

#[test]
fn interrupted_length_change_gets_its_old_length_back() {
    let _s = serial();
    let (_dir, path, old) = file_with(3000);
    for new_len in [5000, 1000] {
        let file = open_rw(&path);
        let journal = Journal::write(&RealIo, &path, &file, &[200..3000], new_len).unwrap();
        file.write_all_at(&[1; 500], 200).unwrap();
        file.set_len(new_len).unwrap();
        drop(journal);
        assert_eq!(open_bytes(&path), old);
        assert_eq!(fs::metadata(&path).unwrap().len(), 3000);
    }
    let notices = take_notices();
    assert_eq!(notices.len(), 2, "{notices:?}");
}

#[test]
fn corrupt_journal_is_removed_and_the_file_left_alone() {
    let _s = serial();
    take_notices();
    let (_dir, path, old) = file_with(2048);
    let file = open_rw(&path);
    drop(Journal::write(&RealIo, &path, &file, &[0..100], 2048).unwrap());
    let jpath = journal_path(&path);
    let mut bytes = fs::read(&jpath).unwrap();
    bytes[60] ^= 0xff;
    fs::write(&jpath, &bytes).unwrap();
    file.write_all_at(b"changed by someone", 0).unwrap();
    let now = fs::read(&path).unwrap();
    assert_ne!(now, old);
    assert_eq!(open_bytes(&path), now);
    assert!(!jpath.exists());
    let notices = take_notices();
    assert!(
        notices.len() == 1 && notices[0].contains("incomplete"),
        "{notices:?}"
    );
}

#[test]
fn journal_of_a_running_save_is_left_alone() {
    let _s = serial();
    take_notices();
    let (_dir, path, old) = file_with(1024);
    let file = open_rw(&path);
    let journal = Journal::write(&RealIo, &path, &file, &[0..16], 1024).unwrap();
    file.write_all_at(&[9; 16], 0).unwrap();
    // Another hexbuf opens the file while the save holds its journal.
    assert_eq!(&open_bytes(&path)[..16], &[9; 16]);
    assert!(journal.path().exists());
    assert!(take_notices().is_empty());
    // The saver is killed: its lock goes with it.
    drop(journal);
    assert_eq!(open_bytes(&path), old);
}

#[test]
fn journal_of_a_replaced_file_is_not_applied() {
    let _s = serial();
    take_notices();
    let (dir, path, _old) = file_with(512);
    let file = open_rw(&path);
    drop(Journal::write(&RealIo, &path, &file, &[0..512], 512).unwrap());
    let other = dir.path().join("other");
    fs::write(&other, b"a new file").unwrap();
    fs::rename(&other, &path).unwrap();
    assert_eq!(open_bytes(&path), b"a new file");
    assert!(!journal_path(&path).exists());
    let notices = take_notices();
    assert!(
        notices.len() == 1 && notices[0].contains("replaced"),
        "{notices:?}"
    );
}

#[test]
fn journal_is_as_private_as_the_file_and_rollback_sweeps_leftovers() {
    let _s = serial();
    take_notices();
    let (dir, path, old) = file_with(256);
    for (mode, want) in [
        (0o644, 0o600),
        (0o640, 0o600),
        (0o444, 0o400),
        (0o044, 0o400),
    ] {
        fs::set_permissions(&path, Permissions::from_mode(mode)).unwrap();
        let file = open_rw(&path);
        let journal = Journal::write(&RealIo, &path, &file, &[0..8], 256).unwrap();
        let got = fs::metadata(journal.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(got, want, "file mode {mode:o}");
        journal.finish(&RealIo).unwrap();
        assert!(!journal_path(&path).exists());
    }
    fs::set_permissions(&path, Permissions::from_mode(0o644)).unwrap();
    let dead = dir
        .path()
        .join(format!("{}{}-0a0b0c", saveio::SAVE_PREFIX, 1 << 23));
    fs::write(&dead, b"half a copy").unwrap();
    let file = open_rw(&path);
    drop(Journal::write(&RealIo, &path, &file, &[0..8], 256).unwrap());
    file.write_all_at(&[0; 8], 0).unwrap();
    assert_eq!(open_bytes(&path), old);
    assert!(!dead.exists());
    let notices = take_notices();
    assert!(
        notices.len() == 1 && notices[0].contains("removed 1 leftover temporary file"),
        "{notices:?}"
    );
}
