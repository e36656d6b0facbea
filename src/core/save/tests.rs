//! The save paths on real files: what each writes and keeps.

use std::fs::Permissions;
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
