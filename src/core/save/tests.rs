//! The save paths on real files: what each writes and keeps.

use std::fs::Permissions;
use std::os::unix::fs::FileTypeExt;
use std::os::unix::fs::PermissionsExt;

use super::*;
use crate::core::source::{OpenOptions, Source};

fn file_with(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.bin");
    fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn open(path: &Path) -> Document {
    Document::new(Source::open_or_create(path, OpenOptions::default()).unwrap())
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("hexbuf"))
        .collect()
}

#[test]
fn same_length_edit_is_written_in_place() {
    let (dir, path) = file_with(b"hello world");
    let ino = fs::metadata(&path).unwrap().ino();
    let mut doc = open(&path);
    doc.overwrite(0, b"J").unwrap();
    let r = save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!(r, SaveReport::new(SaveMethod::InPlace, 1));
    assert_eq!(fs::read(&path).unwrap(), b"Jello world");
    assert_eq!(fs::metadata(&path).unwrap().ino(), ino);
    assert!(!doc.is_modified());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn undo_after_in_place_save_restores_the_old_bytes() {
    let (_dir, path) = file_with(b"abcdef");
    let mut doc = open(&path);
    doc.overwrite(2, b"XY").unwrap();
    doc.commit();
    save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!(doc.read(0..6), b"abXYef");
    doc.undo();
    assert_eq!(doc.read(0..6), b"abcdef");
    assert!(doc.is_modified());
    save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"abcdef");
}

#[test]
fn length_change_replaces_the_file_keeping_its_mode() {
    let (dir, path) = file_with(b"abc");
    fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
    let mut doc = open(&path);
    doc.insert(3, b"def").unwrap();
    let r = save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!(r.method, SaveMethod::Replaced);
    assert_eq!(fs::read(&path).unwrap(), b"abcdef");
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o640);
    assert!(leftovers(dir.path()).is_empty());
    assert_eq!(doc.source().len(), 6);
    doc.undo();
    assert_eq!(doc.read(0..10), b"abc");
}

#[test]
fn symlink_stays_a_link_and_its_target_is_saved() {
    let (dir, path) = file_with(b"abc");
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let mut doc = open(&link);
    doc.insert(0, b">").unwrap();
    save(&mut doc, SaveOptions::default()).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&path).unwrap(), b">abc");
    assert_eq!(doc.source().path().unwrap(), link);
}

#[test]
fn hard_linked_file_is_rewritten_in_place_so_links_stay_shared() {
    let (dir, path) = file_with(b"abc");
    let other = dir.path().join("other");
    fs::hard_link(&path, &other).unwrap();
    let mut doc = open(&path);
    doc.delete(0..1).unwrap();
    let r = save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!(r.method, SaveMethod::Rewritten);
    assert_eq!(fs::read(&other).unwrap(), b"bc");
    assert!(leftovers(dir.path()).is_empty());
    doc.undo();
    assert_eq!(doc.read(0..10), b"abc");
}

#[test]
fn changed_on_disk_refuses_unless_forced() {
    let (_dir, path) = file_with(b"abc");
    let mut doc = open(&path);
    doc.overwrite(0, b"x").unwrap();
    // Another program saves the file the way editors do: a new file
    // renamed over it.
    let other = path.with_extension("other");
    fs::write(&other, b"zzzz").unwrap();
    fs::rename(&other, &path).unwrap();
    let err = save(&mut doc, SaveOptions::default()).unwrap_err();
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"zzzz");
    assert!(doc.is_modified());
    save(&mut doc, SaveOptions { force: true }).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"xbc");
}

#[test]
fn new_file_is_created_on_first_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.bin");
    let mut doc = Document::new(Source::zeroed(8, Some(path.clone())).unwrap());
    doc.overwrite(0, b"Robin").unwrap();
    save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"Robin\0\0\0");
    let mode = fs::metadata(&path).unwrap().mode() & 0o777;
    assert_eq!(mode, 0o666 & !umask());
}

#[test]
fn memory_buffer_needs_a_name_then_belongs_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = Document::from_bytes(b"Hi".to_vec());
    assert!(matches!(
        save(&mut doc, SaveOptions::default()),
        Err(SaveError::NoPath)
    ));
    let path = dir.path().join("hi.bin");
    save_as(&mut doc, &path, SaveOptions::default()).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"Hi");
    doc.overwrite(0, b"h").unwrap();
    save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"hi");
}

#[test]
fn non_utf8_file_names_save_under_the_same_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9 \x1b.bin"));
    fs::write(&path, b"abc").unwrap();
    let mut doc = open(&path);
    doc.insert(0, b"<").unwrap();
    save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"<abc");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![path.file_name().unwrap().to_os_string()]);
}

#[test]
fn recovery_file_holds_the_document_and_leaves_it_pending() {
    let (dir, path) = file_with(b"abc");
    let mut doc = open(&path);
    doc.insert(1, b"XY").unwrap();
    let rec = write_recovery(&doc).unwrap();
    assert_eq!(rec.parent().unwrap(), dir.path());
    assert_eq!(fs::read(&rec).unwrap(), b"aXYbc");
    assert_eq!(fs::read(&path).unwrap(), b"abc");
    assert!(doc.is_modified());
}

#[test]
fn failed_replace_leaves_original_and_edits() {
    let (dir, path) = file_with(b"abc");
    let mut doc = open(&path);
    doc.insert(0, b"zz").unwrap();
    // A directory in the way of the rename target makes the save fail.
    let bad = dir.path().join("sub");
    fs::create_dir(&bad).unwrap();
    let err = save_as(&mut doc, &bad, SaveOptions::default()).unwrap_err();
    assert!(err.to_string().contains("sub"), "{err}");
    assert!(doc.is_modified());
    assert_eq!(doc.read(0..10), b"zzabc");
    assert_eq!(fs::read(&path).unwrap(), b"abc");
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn recovery_file_is_never_wider_than_the_original_nor_0600() {
    let (dir, path) = file_with(b"secret");
    for (mode, want) in [
        (0o644, 0o600),
        (0o640, 0o600),
        (0o600, 0o600),
        (0o444, 0o400),
    ] {
        fs::set_permissions(&path, Permissions::from_mode(mode)).unwrap();
        let mut doc = open(&path);
        doc.insert(0, b"more ").unwrap();
        let rec = write_recovery(&doc).unwrap();
        let got = fs::metadata(&rec).unwrap().mode() & 0o7777;
        assert_eq!(got, want, "original {mode:o}");
        assert_eq!(fs::read(&rec).unwrap(), b"more secret");
        fs::remove_file(&rec).unwrap();
    }
    // A name already taken is never written over: the copy goes elsewhere.
    fs::set_permissions(&path, Permissions::from_mode(0o600)).unwrap();
    let mut doc = open(&path);
    doc.insert(0, b"x").unwrap();
    let taken = dir
        .path()
        .join(format!("f.bin.hexbuf-recovered-{}", std::process::id()));
    fs::write(&taken, b"someone else's").unwrap();
    let rec = write_recovery(&doc).unwrap();
    assert_ne!(rec, taken);
    assert_eq!(fs::read(&taken).unwrap(), b"someone else's");
    assert_eq!(fs::read(&rec).unwrap(), b"xsecret");
    assert_eq!(fs::metadata(&rec).unwrap().mode() & 0o777, 0o600);
    fs::remove_file(&rec).unwrap();
}

#[test]
fn save_as_refuses_what_is_not_a_regular_file() {
    let (dir, path) = file_with(b"abc");
    let fifo = dir.path().join("fifo");
    crate::core::test_support::make_fifo(&fifo);
    let socket = dir.path().join("socket");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let subdir = dir.path().join("subdir");
    fs::create_dir(&subdir).unwrap();
    let link_to_fifo = dir.path().join("link-to-fifo");
    std::os::unix::fs::symlink(&fifo, &link_to_fifo).unwrap();
    let mut targets = vec![
        (fifo.clone(), "named pipe"),
        (socket.clone(), "socket"),
        (subdir.clone(), "directory"),
        (link_to_fifo.clone(), "named pipe"),
    ];
    // A copy of /dev/null (1, 3 on Linux), where this user may make one
    // (root in CI).
    #[cfg(target_os = "linux")]
    {
        let null = dir.path().join("null");
        let made = rustix::fs::mknodat(
            rustix::fs::CWD,
            &null,
            rustix::fs::FileType::CharacterDevice,
            rustix::fs::Mode::from_raw_mode(0o666),
            rustix::fs::makedev(1, 3),
        );
        if made.is_ok() {
            targets.push((null.clone(), "character device"));
        }
    }
    let mut doc = open(&path);
    doc.insert(0, b"new ").unwrap();
    for (target, what) in &targets {
        let before = fs::symlink_metadata(target).unwrap();
        let err = save_as(&mut doc, target, SaveOptions { force: true }).unwrap_err();
        assert!(matches!(err, SaveError::NotAFile { .. }), "{err}");
        let text = err.to_string();
        assert!(
            text.contains(target.to_str().unwrap()) && text.contains(what),
            "{text}"
        );
        let after = fs::symlink_metadata(target).unwrap();
        assert_eq!((before.ino(), before.mode()), (after.ino(), after.mode()));
    }
    assert!(doc.is_modified());
    assert_eq!(fs::read(&path).unwrap(), b"abc");
    // A symlink to a regular file is fine: the file it points to is saved.
    let other = dir.path().join("other.bin");
    fs::write(&other, b"old").unwrap();
    let link = dir.path().join("link-to-file");
    std::os::unix::fs::symlink(&other, &link).unwrap();
    save_as(&mut doc, &link, SaveOptions { force: true }).unwrap();
    assert_eq!(fs::read(&other).unwrap(), b"new abc");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn leftovers_of_dead_saves_are_removed_and_reported() {
    let (dir, path) = file_with(b"abcdef");
    // pid_max is at most 2^22: no process has this pid.
    let dead = dir.path().join(format!(".hexbuf-save-{}-00ff00", 1 << 23));
    let live = dir
        .path()
        .join(format!(".hexbuf-save-{}-00ff00", std::process::id()));
    fs::write(&dead, b"a killed save's copy").unwrap();
    fs::write(&live, b"a running save's copy").unwrap();
    let mut doc = open(&path);
    doc.insert(0, b"+").unwrap();
    let r = save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!(r.removed_leftovers, vec![dead.clone()]);
    assert!(!dead.exists() && live.exists());
    // Reported once: the next save finds nothing to remove.
    doc.overwrite(0, b"-").unwrap();
    let r = save(&mut doc, SaveOptions::default()).unwrap();
    assert!(r.removed_leftovers.is_empty());
    assert_eq!(fs::read(&path).unwrap(), b"-abcdef");
}

#[test]
fn set_id_bits_survive_every_save_path_as_root_or_owner() {
    let (dir, path) = file_with(b"#!/bin/sh\n");
    fs::set_permissions(&path, Permissions::from_mode(0o6755)).unwrap();
    let mut doc = open(&path);
    doc.overwrite(0, b"#").unwrap();
    doc.overwrite(2, b"/").unwrap();
    doc.insert(10, b"\n").unwrap();
    let r = save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!((r.method, r.cleared_setid), (SaveMethod::Replaced, false));
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o6755);
    doc.overwrite(0, b"#").unwrap();
    doc.overwrite(1, b"?").unwrap();
    let r = save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!((r.method, r.cleared_setid), (SaveMethod::InPlace, false));
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o6755);
    // A new link changes the file's ctime: open it again.
    fs::hard_link(&path, dir.path().join("link")).unwrap();
    let mut doc = open(&path);
    doc.delete(0..1).unwrap();
    let r = save(&mut doc, SaveOptions::default()).unwrap();
    assert_eq!((r.method, r.cleared_setid), (SaveMethod::Rewritten, false));
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o6755);
    assert_eq!(fs::read(&path).unwrap(), b"?/bin/sh\n\n");
}

#[test]
fn outside_change_that_restores_the_mtime_is_still_noticed() {
    let (_dir, path) = file_with(b"original bytes");
    let mut doc = open(&path);
    doc.overwrite(0, b"O").unwrap();
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    // Another program changes the file in place, same size, then sets the
    // mtime back as `touch -r` does.
    fs::write(&path, b"ORIGINAL BYTES").unwrap();
    let f = fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.set_modified(mtime).unwrap();
    drop(f);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    assert!(doc.source().changed_on_disk());
    let err = save(&mut doc, SaveOptions::default()).unwrap_err();
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"ORIGINAL BYTES");
}

#[test]
fn export_refuses_a_fifo_and_writes_through_a_symlink() {
    let (dir, path) = file_with(b"0123456789");
    let doc = open(&path);
    let fifo = dir.path().join("fifo");
    crate::core::test_support::make_fifo(&fifo);
    let err = write_range(&doc, 2..5, &fifo).unwrap_err();
    assert!(err.to_string().contains("named pipe"), "{err}");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    let out = dir.path().join("out.bin");
    fs::write(&out, b"old").unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&out, &link).unwrap();
    write_range(&doc, 2..5, &link).unwrap();
    assert_eq!(fs::read(&out).unwrap(), b"234");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(leftovers(dir.path()).is_empty());
}
