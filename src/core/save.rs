//! Writing a document back to disk without ever losing a byte.
//!
//! - Same length (overwrites only): only the changed ranges are written, in
//!   place, then fsynced; if a write fails the old bytes are put back.
//! - Length changed, or a new file: the document is written to a temporary
//!   file beside the target, given the original's permission bits and owner,
//!   fsynced and renamed over it; then the directory is fsynced.
//! - Where a rename would break something (several hard links, a directory
//!   we cannot write, an owner we cannot keep), the new bytes go to a
//!   temporary copy first and are then copied over the file in place; if
//!   that copy fails midway, the temporary copy stays as a recovery file.
//!
//! A save that fails leaves the original as it was (or, in the one case
//! above, names the recovery file), leaves no temporary file behind, and
//! keeps every edit pending.

use std::fs::{self, File, Permissions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::ops::{ControlFlow, Range};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::display::escape_path;
use super::document::Document;
use super::source::{OpenOptions, Source, SourceKind};

/// Changed bytes above which an in-place save is done by rewriting instead:
/// an in-place save keeps the old bytes in memory to put back on failure.
const IN_PLACE_LIMIT: u64 = 256 << 20;

/// Why a save did not happen. Every case leaves the file as it was.
#[derive(Debug, Error)]
pub enum SaveError {
    #[error("this buffer has no file yet: save it under a name")]
    NoPath,
    #[error("{}: is read-only (a kernel pseudo file); save a copy under another name", escape_path(.path))]
    ReadOnly { path: PathBuf },
    #[error("{}: changed on disk since it was opened; saving would overwrite those changes (force to save anyway)", escape_path(.path))]
    ChangedOnDisk { path: PathBuf },
    #[error("{}: a block device cannot change size ({len} bytes, device {device_len})", escape_path(.path))]
    DeviceSize {
        path: PathBuf,
        len: u64,
        device_len: u64,
    },
    #[error("{}: {what} failed: {source}", escape_path(.path))]
    Io {
        path: PathBuf,
        what: &'static str,
        source: io::Error,
    },
    #[error("{}: rewriting failed midway ({source}); the saved bytes are in {}", escape_path(.path), escape_path(.recovery))]
    RewriteFailed {
        path: PathBuf,
        recovery: PathBuf,
        source: io::Error,
    },
}

/// How a save wrote the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveMethod {
    /// Nothing differed from the file.
    Unchanged,
    /// Only the changed ranges were written, in place.
    InPlace,
    /// A temporary file was renamed over the target.
    Replaced,
    /// A temporary file was renamed to a name that did not exist yet.
    Created,
    /// Copied over the target in place, through a temporary copy.
    Rewritten,
}

/// What a successful save did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SaveReport {
    pub method: SaveMethod,
    pub bytes_written: u64,
}

/// Options for a save.
#[derive(Clone, Copy, Debug, Default)]
pub struct SaveOptions {
    /// Save even though the file changed on disk since it was opened.
    pub force: bool,
}

/// Saves the document to its own file. Afterwards the document is based on
/// the saved file with no edits pending (undo still reaches older states).
pub fn save(doc: &mut Document, opts: SaveOptions) -> Result<SaveReport, SaveError> {
    let source = doc.source();
    let target = source.target().ok_or(SaveError::NoPath)?.to_path_buf();
    let shown = source.path().unwrap_or(&target).to_path_buf();
    match source.kind() {
        SourceKind::Memory => return Err(SaveError::NoPath),
        SourceKind::PseudoFile => return Err(SaveError::ReadOnly { path: shown }),
        _ => {}
    }
    let changed_on_disk = source.changed_on_disk();
    if changed_on_disk && !opts.force {
        return Err(SaveError::ChangedOnDisk { path: shown });
    }
    let kind = source.kind();
    if kind == SourceKind::NewFile || (changed_on_disk && kind == SourceKind::File) {
        // The file no longer matches what the edits were made against:
        // write the whole document as it stands, not a list of ranges.
        return replace_or_rewrite(doc, &target, &shown);
    }
    if !doc.is_modified() && doc.changed_ranges().is_empty() {
        return Ok(SaveReport {
            method: SaveMethod::Unchanged,
            bytes_written: 0,
        });
    }
    if kind == SourceKind::BlockDevice {
        if doc.len() != doc.source().len() {
            return Err(SaveError::DeviceSize {
                path: shown,
                len: doc.len(),
                device_len: doc.source().len(),
            });
        }
        return write_in_place(doc, &target, &shown, false);
    }
    let changed: u64 = doc.changed_ranges().iter().map(|r| r.end - r.start).sum();
    if doc.len() == doc.source().len() && changed <= IN_PLACE_LIMIT {
        return write_in_place(doc, &target, &shown, true);
    }
    replace_or_rewrite(doc, &target, &shown)
}

/// Replaces the file by rename where that is safe, else rewrites it.
fn replace_or_rewrite(
    doc: &mut Document,
    target: &Path,
    shown: &Path,
) -> Result<SaveReport, SaveError> {
    if fs::metadata(target).is_ok_and(|m| m.nlink() > 1) {
        return rewrite(doc, target, shown);
    }
    match replace(doc, target, shown) {
        Err(SaveError::Io { source, .. }) if needs_fallback(&source) && target.exists() => {
            rewrite(doc, target, shown)
        }
        other => other,
    }
}

/// Saves the document under `path` (a new name, or a buffer with none). The
/// document then belongs to that file.
pub fn save_as(
    doc: &mut Document,
    path: &Path,
    opts: SaveOptions,
) -> Result<SaveReport, SaveError> {
    let same = doc
        .source()
        .target()
        .is_some_and(|t| fs::canonicalize(path).is_ok_and(|p| p == t));
    if same {
        return save(doc, opts);
    }
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if fs::metadata(&target).is_ok_and(|m| m.file_type().is_dir()) {
        return Err(SaveError::Io {
            path: path.to_path_buf(),
            what: "saving",
            source: io::Error::from(io::ErrorKind::IsADirectory),
        });
    }
    replace(doc, &target, path)
}

fn io_err<'a>(path: &'a Path, what: &'static str) -> impl Fn(io::Error) -> SaveError + 'a {
    move |source| SaveError::Io {
        path: path.to_path_buf(),
        what,
        source,
    }
}

/// Errors where renaming over the file cannot work but rewriting it can.
fn needs_fallback(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::PermissionDenied
        || err.raw_os_error() == Some(rustix::io::Errno::PERM.raw_os_error())
}

/// Writes the changed ranges over the file; puts the old bytes back if any
/// write fails.
fn write_in_place(
    doc: &mut Document,
    target: &Path,
    shown: &Path,
    rollback: bool,
) -> Result<SaveReport, SaveError> {
    let ranges = doc.changed_ranges();
    let file = fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(io_err(shown, "opening for writing"))?;
    // The map shows what we write: first copy what the undo history, the
    // rollback and the document itself (bytes moved to other offsets) still
    // need of the old bytes.
    doc.detach_history(&ranges);
    doc.detach_tree(&ranges);
    let old: Vec<(u64, Vec<u8>)> = if rollback {
        ranges
            .iter()
            .map(|r| {
                (
                    r.start,
                    doc.source().bytes()[r.start as usize..r.end as usize].to_vec(),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut written = 0;
    let result = (|| {
        for r in &ranges {
            write_range_at(doc, &file, r.clone())?;
            written += r.end - r.start;
        }
        file.sync_all()
    })();
    if let Err(e) = result {
        for (offset, bytes) in &old {
            let _ = file.write_all_at(bytes, *offset);
        }
        let _ = file.sync_all();
        return Err(SaveError::Io {
            path: shown.to_path_buf(),
            what: "writing",
            source: e,
        });
    }
    drop(file);
    doc.refresh_identity();
    doc.rebase(None, true);
    Ok(SaveReport {
        method: SaveMethod::InPlace,
        bytes_written: written,
    })
}

fn write_range_at(doc: &Document, file: &File, range: Range<u64>) -> io::Result<()> {
    let mut result = Ok(());
    let _ = doc.for_each_slice(range, |offset, bytes| {
        match file.write_all_at(bytes, offset) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                result = Err(e);
                ControlFlow::Break(())
            }
        }
    });
    result
}

/// Streams the whole document into `out`.
fn write_document(doc: &Document, out: impl Write) -> io::Result<u64> {
    write_slices(doc, 0..doc.len(), out)
}

/// Streams a range of the document into `out`; returns the bytes written.
fn write_slices(doc: &Document, range: Range<u64>, out: impl Write) -> io::Result<u64> {
    let mut out = BufWriter::with_capacity(1 << 20, out);
    let mut written = 0;
    let mut error = None;
    let _ = doc.for_each_slice(range, |_, bytes| match out.write_all(bytes) {
        Ok(()) => {
            written += bytes.len() as u64;
            ControlFlow::Continue(())
        }
        Err(e) => {
            error = Some(e);
            ControlFlow::Break(())
        }
    });
    if let Some(e) = error {
        return Err(e);
    }
    out.flush()?;
    Ok(written)
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes a temporary file beside `target` and renames it over the target.
fn replace(doc: &mut Document, target: &Path, shown: &Path) -> Result<SaveReport, SaveError> {
    let dir = parent_dir(target);
    let existing = fs::metadata(target).ok();
    let mut tmp = tempfile::Builder::new()
        .prefix(".hexbuf-save-")
        .tempfile_in(dir)
        .map_err(io_err(shown, "creating a temporary file"))?;
    let mode = match &existing {
        Some(meta) => meta.mode() & 0o7777,
        None => 0o666 & !umask(),
    };
    tmp.as_file()
        .set_permissions(Permissions::from_mode(mode))
        .map_err(io_err(shown, "setting permissions"))?;
    if let Some(meta) = &existing {
        let (uid, gid) = (meta.uid(), meta.gid());
        let same_owner = tmp
            .as_file()
            .metadata()
            .is_ok_and(|m| m.uid() == uid && m.gid() == gid);
        if !same_owner {
            std::os::unix::fs::fchown(tmp.as_file(), Some(uid), Some(gid))
                .map_err(io_err(shown, "keeping the file's owner"))?;
            // chown may clear the set-id bits: set the mode again.
            tmp.as_file()
                .set_permissions(Permissions::from_mode(mode))
                .map_err(io_err(shown, "setting permissions"))?;
        }
    }
    let written = write_document(doc, tmp.as_file_mut()).map_err(io_err(shown, "writing"))?;
    tmp.as_file().sync_all().map_err(io_err(shown, "syncing"))?;
    tmp.persist(target)
        .map_err(|e| io_err(shown, "renaming over the file")(e.error))?;
    if let Ok(d) = File::open(dir) {
        // Makes the rename itself durable; some filesystems refuse to sync
        // a directory, which is no reason to report the save as failed.
        let _ = d.sync_all();
    }
    let reopened = Source::open(target, OpenOptions::default())
        .map_err(|e| io_err(shown, "reopening the saved file")(io::Error::other(e.to_string())))?
        .with_path(shown.to_path_buf());
    doc.rebase(Some(reopened), true);
    Ok(SaveReport {
        method: if existing.is_some() {
            SaveMethod::Replaced
        } else {
            SaveMethod::Created
        },
        bytes_written: written,
    })
}

/// Copies the document to a temporary file, then over the target in place:
/// for files a rename would break (hard links, a read-only directory, an
/// owner we cannot keep).
fn rewrite(doc: &mut Document, target: &Path, shown: &Path) -> Result<SaveReport, SaveError> {
    let mut copy = tempfile::Builder::new()
        .prefix(".hexbuf-save-")
        .tempfile_in(parent_dir(target))
        .or_else(|_| tempfile::Builder::new().prefix("hexbuf-save-").tempfile())
        .map_err(io_err(shown, "creating a temporary copy"))?;
    let len = write_document(doc, copy.as_file_mut())
        .map_err(io_err(shown, "writing a temporary copy"))?;
    copy.as_file()
        .sync_all()
        .map_err(io_err(shown, "syncing a temporary copy"))?;

    let mut file = fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(io_err(shown, "opening for writing"))?;
    let old_len = doc.source().len();
    if len > old_len {
        // Claim the space first, so a full disk fails before a byte changes.
        match rustix::fs::fallocate(
            &file,
            rustix::fs::FallocateFlags::empty(),
            old_len,
            len - old_len,
        ) {
            Ok(()) => {}
            Err(e) if e == rustix::io::Errno::OPNOTSUPP => {}
            Err(e) => {
                let _ = file.set_len(old_len);
                return Err(io_err(shown, "reserving space")(e.into()));
            }
        }
    }
    // From here the file's old bytes go away: the history must not need them.
    doc.detach_history(std::slice::from_ref(&(0..old_len)));
    let result = (|| {
        let src = copy.as_file_mut();
        src.seek(SeekFrom::Start(0))?;
        file.seek(SeekFrom::Start(0))?;
        io::copy(&mut src.take(len), &mut file)?;
        file.set_len(len)?;
        file.sync_all()
    })();
    drop(file);
    match result {
        Ok(()) => {
            let reopened = Source::open(target, OpenOptions::default())
                .map_err(|e| {
                    io_err(shown, "reopening the saved file")(io::Error::other(e.to_string()))
                })?
                .with_path(shown.to_path_buf());
            doc.rebase(Some(reopened), false);
            Ok(SaveReport {
                method: SaveMethod::Rewritten,
                bytes_written: len,
            })
        }
        Err(source) => {
            let recovery = recovery_path(target);
            let recovery = match copy.persist(&recovery) {
                Ok(_) => recovery,
                Err(e) => e.file.keep().map(|(_, p)| p).unwrap_or(recovery),
            };
            // The file is now part old, part new: rebase the document on the
            // complete copy so the edits stay whole and pending.
            if let Ok(source_copy) = Source::open(&recovery, OpenOptions::default()) {
                doc.rebase_unsaved(
                    source_copy.with_target(target.to_path_buf(), shown.to_path_buf()),
                );
            }
            Err(SaveError::RewriteFailed {
                path: shown.to_path_buf(),
                recovery,
                source,
            })
        }
    }
}

/// Writes a range of the document to `path` (a temporary file renamed into
/// place, so a failure leaves no partial file behind).
pub fn write_range(doc: &Document, range: Range<u64>, path: &Path) -> io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".hexbuf-export-")
        .tempfile_in(parent_dir(path))?;
    tmp.as_file()
        .set_permissions(Permissions::from_mode(0o666 & !umask()))?;
    write_slices(doc, range, tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes the whole document to a new file beside its own (or in the
/// temporary directory when that is not writable) and returns the path: the
/// last resort after a crash, so unsaved edits are not lost. The document
/// itself is left as it is.
pub fn write_recovery(doc: &Document) -> io::Result<PathBuf> {
    let source = doc.source();
    let mut name = source
        .path()
        .and_then(Path::file_name)
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "buffer".into());
    name.push(format!(".hexbuf-recovered-{}", std::process::id()));
    let beside = source.target().map(|t| parent_dir(t).join(&name));
    let mut last_err = io::Error::other("nowhere to write");
    for path in beside.into_iter().chain([std::env::temp_dir().join(&name)]) {
        // Private: unsaved edits may be as secret as the file.
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path);
        match file.and_then(|mut f| {
            write_document(doc, &mut f)?;
            f.sync_all()
        }) {
            Ok(()) => return Ok(path),
            Err(e) => {
                let _ = fs::remove_file(&path);
                last_err = e;
            }
        }
    }
    Err(last_err)
}

fn recovery_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".hexbuf-recovered");
    std::env::temp_dir().join(name)
}

/// The process's file-creation mask, read without changing it.
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            r,
            SaveReport {
                method: SaveMethod::InPlace,
                bytes_written: 1
            }
        );
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
}
