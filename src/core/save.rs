//! Writing a document back to disk without ever losing a byte.
//!
//! - Same length (overwrites only): the old bytes of the changed ranges go to
//!   a journal beside the file first (see `journal`), then only the changed
//!   ranges are written in place and fsynced, then the journal goes. If a
//!   write fails, the old bytes are put back; if the process dies, the next
//!   open puts them back.
//! - Length changed, or a new file: the document is written to a temporary
//!   file beside the target, given the original's permission bits and owner,
//!   fsynced and renamed over it; then the directory is fsynced.
//! - Where a rename would break something (several hard links, a directory
//!   we cannot write, an owner we cannot keep), the new bytes go to a
//!   temporary copy first and are then copied over the file in place, under
//!   a journal of the old bytes and length from the first changed byte on.
//!
//! A save that fails leaves the original as it was, leaves no temporary file
//! behind, and keeps every edit pending. A save never writes a file its user
//! could not open for writing. All disk changes go through [`SaveIo`], so
//! tests can fail each one in turn.

use std::fs;
use std::io::{self, Write};
use std::ops::{ControlFlow, Range};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::display::escape_path;
use super::document::Document;
use super::saveio::{self, IoWriter, RealIo, SaveIo, parent_dir};
use super::source::SourceKind;

mod paths;

/// Changed bytes above which an in-place save is done by rewriting instead:
/// the journal and the undo history would hold that many old bytes.
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
    #[error("{}: is {what}, not a regular file; save to a file name instead", escape_path(.path))]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{}: a block device cannot change size ({len} bytes, device {device_len})", escape_path(.path))]
    DeviceSize {
        path: PathBuf,
        len: u64,
        device_len: u64,
    },
    #[error("{}: {what} failed: {error}", escape_path(.path))]
    Io {
        path: PathBuf,
        what: &'static str,
        error: io::Error,
    },
    #[error("{}: writing failed ({error}) and so did putting the old bytes back ({rollback}); the next hexbuf to open the file restores them from {}", escape_path(.path), escape_path(.journal))]
    RollbackFailed {
        path: PathBuf,
        journal: PathBuf,
        error: io::Error,
        rollback: io::Error,
    },
    #[error("{}: writing failed ({error}) and the old bytes could not be put back ({rollback}): it may be partly written; the edits are kept, save again", escape_path(.path))]
    PartlyWritten {
        path: PathBuf,
        error: io::Error,
        rollback: io::Error,
    },
    #[error("{}: rewriting failed midway ({error}); the saved bytes are in {}", escape_path(.path), escape_path(.recovery))]
    RewriteFailed {
        path: PathBuf,
        recovery: PathBuf,
        error: io::Error,
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveReport {
    pub method: SaveMethod,
    pub bytes_written: u64,
    /// Temporary files of hexbuf processes that died mid-save, removed from
    /// the file's directory by this save.
    pub removed_leftovers: Vec<PathBuf>,
    /// The file had set-user-ID or set-group-ID bits that this save could
    /// not keep (the system cleared them and would not let us set them).
    pub cleared_setid: bool,
}

impl SaveReport {
    fn new(method: SaveMethod, bytes_written: u64) -> Self {
        SaveReport {
            method,
            bytes_written,
            removed_leftovers: Vec::new(),
            cleared_setid: false,
        }
    }
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
    save_with(doc, opts, &RealIo)
}

/// [`save`] through the given I/O (tests fail or stop it at chosen calls).
pub fn save_with(
    doc: &mut Document,
    opts: SaveOptions,
    io: &dyn SaveIo,
) -> Result<SaveReport, SaveError> {
    doc.check_shrink();
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
    let result = write(doc, &target, &shown, changed_on_disk, io);
    if result.is_err() && !changed_on_disk && kind == SourceKind::File {
        // A failed save may have put the old bytes back (a new mtime): the
        // file is still the one the edits were made against.
        doc.refresh_identity();
    }
    result
}

/// Picks the save path for a file that may be written.
fn write(
    doc: &mut Document,
    target: &Path,
    shown: &Path,
    changed_on_disk: bool,
    io: &dyn SaveIo,
) -> Result<SaveReport, SaveError> {
    let kind = doc.source().kind();
    if kind == SourceKind::NewFile || (changed_on_disk && kind == SourceKind::File) {
        // The file no longer matches what the edits were made against:
        // write the whole document as it stands, not a list of ranges.
        return replace_or_rewrite(doc, target, shown, 0, io);
    }
    let ranges = doc.changed_ranges();
    if !doc.is_modified() && ranges.is_empty() && doc.len() == doc.source().len() {
        return Ok(SaveReport::new(SaveMethod::Unchanged, 0));
    }
    if kind == SourceKind::BlockDevice {
        if doc.len() != doc.source().len() {
            return Err(SaveError::DeviceSize {
                path: shown.to_path_buf(),
                len: doc.len(),
                device_len: doc.source().len(),
            });
        }
        return paths::in_place(doc, target, shown, false, io);
    }
    let changed: u64 = ranges.iter().map(|r| r.end - r.start).sum();
    if doc.len() == doc.source().len() && changed <= IN_PLACE_LIMIT {
        return paths::in_place(doc, target, shown, true, io);
    }
    // Bytes before the first change stay as they are in a rewrite.
    let start = ranges.first().map_or(doc.len(), |r| r.start);
    replace_or_rewrite(doc, target, shown, start, io)
}

/// Replaces the file by rename where that is safe, else rewrites it from
/// `start` (the first byte that differs from the file) on.
fn replace_or_rewrite(
    doc: &mut Document,
    target: &Path,
    shown: &Path,
    start: u64,
    io: &dyn SaveIo,
) -> Result<SaveReport, SaveError> {
    if fs::metadata(target).is_ok_and(|m| m.nlink() > 1) {
        return paths::rewrite(doc, target, shown, start, io);
    }
    match paths::replace(doc, target, shown, io) {
        Err(SaveError::Io { error, .. }) if needs_fallback(&error) && target.exists() => {
            paths::rewrite(doc, target, shown, start, io)
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
    save_as_with(doc, path, opts, &RealIo)
}

/// [`save_as`] through the given I/O.
pub fn save_as_with(
    doc: &mut Document,
    path: &Path,
    opts: SaveOptions,
    io: &dyn SaveIo,
) -> Result<SaveReport, SaveError> {
    check_save_as_target(path)?;
    doc.check_shrink();
    let same = doc
        .source()
        .target()
        .is_some_and(|t| fs::canonicalize(path).is_ok_and(|p| p == t));
    if same {
        return save_with(doc, opts, io);
    }
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    paths::replace(doc, &target, path, io)
}

/// Refuses a Save As target that exists and is not a regular file (or a
/// symlink to one): a device, FIFO, socket or directory must never be
/// replaced by a file.
pub fn check_save_as_target(path: &Path) -> Result<(), SaveError> {
    let Ok(meta) = fs::metadata(path) else {
        return Ok(());
    };
    let ft = meta.file_type();
    let what = if ft.is_file() {
        return Ok(());
    } else if ft.is_dir() {
        "a directory"
    } else if ft.is_char_device() {
        "a character device"
    } else if ft.is_block_device() {
        "a block device"
    } else if ft.is_fifo() {
        "a named pipe (FIFO)"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "a special file"
    };
    Err(SaveError::NotAFile {
        path: path.to_path_buf(),
        what,
    })
}

fn io_err<'a>(path: &'a Path, what: &'static str) -> impl Fn(io::Error) -> SaveError + 'a {
    move |error| SaveError::Io {
        path: path.to_path_buf(),
        what,
        error,
    }
}

/// Errors where renaming over the file cannot work but rewriting it can.
fn needs_fallback(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::PermissionDenied
        || err.raw_os_error() == Some(rustix::io::Errno::PERM.raw_os_error())
}

/// Errors that say this user may not write here (rather than that writing
/// went wrong).
fn is_permission(err: &io::Error) -> bool {
    needs_fallback(err) || err.raw_os_error() == Some(rustix::io::Errno::ROFS.raw_os_error())
}

/// Streams a range of the document into `out`; returns the bytes written.
fn write_slices(doc: &Document, range: Range<u64>, mut out: impl Write) -> io::Result<u64> {
    let mut written = 0;
    for_each_copied(doc, range, |_, bytes| {
        out.write_all(bytes)?;
        written += bytes.len() as u64;
        Ok(())
    })?;
    out.flush()?;
    Ok(written)
}

/// Bytes handed to one write.
const WRITE_CHUNK: usize = 1 << 20;

/// Calls `f(offset, bytes)` over `range` in chunks of up to 1 MiB copied
/// out of the document. The copy is what makes a save of a file that
/// another program truncated work: a vanished page of the map faults in our
/// own copy, where the map guard answers it with zeros, whereas handing the
/// map to write(2) would fail with EFAULT. (Each entry point — save, save
/// as, export, recovery — first zeroes the vanished pages at once, so
/// usually nothing faults at all.)
pub(crate) fn for_each_copied(
    doc: &Document,
    range: Range<u64>,
    mut f: impl FnMut(u64, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let mut buf = Vec::with_capacity(WRITE_CHUNK.min((range.end - range.start) as usize));
    let mut at = range.start;
    let mut result = Ok(());
    let _ = doc.for_each_slice(range, |offset, mut bytes| {
        let mut offset = offset;
        while !bytes.is_empty() {
            let n = (WRITE_CHUNK - buf.len()).min(bytes.len());
            buf.extend_from_slice(&bytes[..n]);
            bytes = &bytes[n..];
            offset += n as u64;
            if buf.len() == WRITE_CHUNK {
                if let Err(e) = f(at, &buf) {
                    result = Err(e);
                    return ControlFlow::Break(());
                }
                at = offset;
                buf.clear();
            }
        }
        ControlFlow::Continue(())
    });
    result?;
    if !buf.is_empty() {
        f(at, &buf)?;
    }
    Ok(())
}

/// Writes a range of the document to `path` (a temporary file renamed into
/// place, so a failure leaves no partial file behind).
pub fn write_range(doc: &Document, range: Range<u64>, path: &Path) -> io::Result<()> {
    write_range_with(doc, range, path, &RealIo)
}

/// [`write_range`] through the given I/O (a watched one can be cancelled).
pub fn write_range_with(
    doc: &Document,
    range: Range<u64>,
    path: &Path,
    io: &dyn SaveIo,
) -> io::Result<()> {
    doc.check_shrink();
    if let Err(SaveError::NotAFile { what, .. }) = check_save_as_target(path) {
        return Err(io::Error::other(format!(
            "it is {what}, not a regular file"
        )));
    }
    // A symlink stays a link: the file it points to is written.
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let path = target.as_path();
    let (tmp, tmp_path) = saveio::create_temp(io, parent_dir(path), saveio::EXPORT_PREFIX, 0o600)?;
    let result = (|| {
        io.set_mode(&tmp, 0o666 & !umask())?;
        write_slices(
            doc,
            range,
            IoWriter {
                io,
                file: &tmp,
                offset: 0,
            },
        )?;
        io.sync(&tmp)?;
        io.rename(&tmp_path, path)
    })();
    if result.is_err() {
        let _ = io.remove(&tmp_path);
    }
    result
}

/// Writes the whole document to a new file beside its own (or in the
/// temporary directory when that is not writable) and returns the path: the
/// last resort after a crash, so unsaved edits are not lost. The file is
/// created exclusively, with mode 0600 or narrower (never wider than the
/// original's). The document itself is left as it is.
pub fn write_recovery(doc: &Document) -> io::Result<PathBuf> {
    doc.check_shrink();
    let source = doc.source();
    let mut name = source
        .path()
        .and_then(Path::file_name)
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "buffer".into());
    name.push(format!(".hexbuf-recovered-{}", std::process::id()));
    let mode = source
        .target()
        .and_then(|t| fs::metadata(t).ok())
        .map_or(0o600, |m| m.mode() & 0o600);
    let beside = source.target().map(|t| parent_dir(t).join(&name));
    let mut last_err = io::Error::other("nowhere to write");
    for path in beside.into_iter().chain([std::env::temp_dir().join(&name)]) {
        // Private: unsaved edits may be as secret as the file.
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&path);
        let created = file.is_ok();
        match file.and_then(|mut f| {
            write_slices(doc, 0..doc.len(), &mut f)?;
            saveio::sync_to_disk(&f)
        }) {
            Ok(()) => return Ok(path),
            Err(e) => {
                if created {
                    let _ = fs::remove_file(&path);
                }
                last_err = e;
            }
        }
    }
    Err(last_err)
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
mod faults;
#[cfg(test)]
mod tests;
