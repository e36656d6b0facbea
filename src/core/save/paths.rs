//! The three ways a save writes a file — in place, by rename, by rewriting
//! through a copy — each with its way back when a call fails.

use std::fs::{self, File};
use std::io;
use std::ops::Range;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

use super::{
    Document, IoWriter, SaveError, SaveIo, SaveMethod, SaveReport, io_err, is_permission,
    parent_dir, umask, write_slices,
};
use crate::core::journal::Journal;
use crate::core::saveio::{self, SAVE_PREFIX};
use crate::core::source::{OpenOptions, Source};

/// How to put the old bytes back if writing fails.
enum Undo {
    /// A journal on disk (which also covers a crash).
    Journal(Journal),
    /// The old bytes in memory: the directory takes no journal.
    Memory(Vec<(u64, Vec<u8>)>),
    /// Nothing (a block device with more changed bytes than are kept in
    /// memory).
    Nothing,
}

impl Undo {
    /// After success: the journal goes.
    fn finish(&self, io: &dyn SaveIo) -> io::Result<()> {
        match self {
            Undo::Journal(j) => j.finish(io),
            _ => Ok(()),
        }
    }

    /// After a failure that may have changed `file`.
    fn roll_back(self, io: &dyn SaveIo, file: &File) -> io::Result<()> {
        match self {
            Undo::Journal(j) => j.roll_back(io, file).map(drop),
            Undo::Memory(old) => {
                for (offset, bytes) in &old {
                    saveio::restore_at(io, file, bytes, *offset)?;
                }
                io.sync(file)
            }
            Undo::Nothing => Err(io::Error::other(format!(
                "more than {} MiB changed: the old bytes were not kept",
                super::IN_PLACE_LIMIT >> 20
            ))),
        }
    }

    /// Where the journal is, if there is one.
    fn journal_path(&self) -> Option<PathBuf> {
        match self {
            Undo::Journal(j) => Some(j.path().to_path_buf()),
            _ => None,
        }
    }
}

/// Journals the old bytes of `ranges` and the length of `file`; `None`
/// where this user may not write a journal beside the file.
fn journal(
    io: &dyn SaveIo,
    target: &Path,
    file: &File,
    ranges: &[Range<u64>],
    new_len: u64,
    shown: &Path,
) -> Result<Option<Journal>, SaveError> {
    match Journal::write(io, target, file, ranges, new_len) {
        Ok(j) => Ok(Some(j)),
        Err(e) if is_permission(&e) => Ok(None),
        Err(e) => Err(io_err(shown, "writing the save journal")(e)),
    }
}

/// Reports a failed write after putting the old bytes back.
fn failed(undo: Undo, io: &dyn SaveIo, file: &File, shown: &Path, source: io::Error) -> SaveError {
    let journal = undo.journal_path();
    match (undo.roll_back(io, file), journal) {
        (Err(rollback), Some(journal)) => SaveError::RollbackFailed {
            path: shown.to_path_buf(),
            journal,
            error: source,
            rollback,
        },
        (Err(rollback), None) => SaveError::PartlyWritten {
            path: shown.to_path_buf(),
            error: source,
            rollback,
        },
        (Ok(()), _) => io_err(shown, "writing")(source),
    }
}

/// Writes the changed ranges over the file, under a journal when `journaled`.
pub(super) fn in_place(
    doc: &mut Document,
    target: &Path,
    shown: &Path,
    journaled: bool,
    io: &dyn SaveIo,
) -> Result<SaveReport, SaveError> {
    let ranges = doc.changed_ranges();
    let file = io
        .open_write(target)
        .map_err(io_err(shown, "opening for writing"))?;
    let mode = file.metadata().map_or(0, |m| m.mode());
    let mut report = SaveReport::new(SaveMethod::InPlace, 0);
    let undo = if journaled {
        report.removed_leftovers = saveio::remove_leftovers(io, parent_dir(target));
        match journal(io, target, &file, &ranges, doc.len(), shown)? {
            Some(j) => Undo::Journal(j),
            None => Undo::Memory(old_bytes(&file, &ranges).map_err(io_err(shown, "reading"))?),
        }
    } else {
        // A block device: no journal beside a device node. The old bytes
        // are kept in memory, so that a failed write is put back, unless
        // there are too many of them to hold.
        let changed: u64 = ranges.iter().map(|r| r.end - r.start).sum();
        if changed <= super::IN_PLACE_LIMIT {
            Undo::Memory(old_bytes(&file, &ranges).map_err(io_err(shown, "reading"))?)
        } else {
            Undo::Nothing
        }
    };
    // The map shows what we write: first copy what the undo history and the
    // document itself (bytes moved to other offsets) still need of the old
    // bytes.
    doc.detach_history(&ranges);
    doc.detach_tree(&ranges);
    let mut written = 0;
    let result = (|| {
        for r in &ranges {
            write_range_at(doc, io, &file, r.clone())?;
            written += r.end - r.start;
        }
        io.sync(&file)?;
        undo.finish(io)
    })();
    if let Err(e) = result {
        return Err(failed(undo, io, &file, shown, e));
    }
    report.cleared_setid = keep_setid(io, &file, mode);
    drop(file);
    doc.refresh_identity();
    doc.rebase(None, true);
    report.bytes_written = written;
    Ok(report)
}

fn old_bytes(file: &File, ranges: &[Range<u64>]) -> io::Result<Vec<(u64, Vec<u8>)>> {
    ranges
        .iter()
        .map(|r| {
            let mut bytes = vec![0; (r.end - r.start) as usize];
            file.read_exact_at(&mut bytes, r.start)?;
            Ok((r.start, bytes))
        })
        .collect()
}

fn write_range_at(
    doc: &Document,
    io: &dyn SaveIo,
    file: &File,
    range: Range<u64>,
) -> io::Result<()> {
    super::for_each_copied(doc, range, |offset, bytes| {
        saveio::write_all_at(io, file, bytes, offset)
    })
}

/// Writes a temporary file beside `target` and renames it over the target.
pub(super) fn replace(
    doc: &mut Document,
    target: &Path,
    shown: &Path,
    io: &dyn SaveIo,
) -> Result<SaveReport, SaveError> {
    let dir = parent_dir(target);
    let existing = fs::metadata(target).ok();
    if existing.is_some() {
        // A rename needs no write permission on the file; we ask for it
        // anyway, so that no save writes a file its user may not write.
        if let Err(e) = fs::OpenOptions::new().write(true).open(target)
            && is_permission(&e)
        {
            return Err(io_err(shown, "opening for writing")(e));
        }
    }
    let mut report = SaveReport::new(
        if existing.is_some() {
            SaveMethod::Replaced
        } else {
            SaveMethod::Created
        },
        0,
    );
    report.removed_leftovers = saveio::remove_leftovers(io, dir);
    let (tmp, tmp_path) = saveio::create_temp(io, dir, SAVE_PREFIX, 0o600)
        .map_err(io_err(shown, "creating a temporary file"))?;
    let mode = match &existing {
        Some(meta) => meta.mode() & 0o7777,
        None => 0o666 & !umask(),
    };
    let result = (|| {
        report.bytes_written = write_slices(
            doc,
            0..doc.len(),
            IoWriter {
                io,
                file: &tmp,
                offset: 0,
            },
        )
        .map_err(io_err(shown, "writing"))?;
        // Owner and mode after the bytes: writing may clear set-id bits.
        if let Some(meta) = &existing {
            let (uid, gid) = (meta.uid(), meta.gid());
            let same_owner = tmp
                .metadata()
                .is_ok_and(|m| m.uid() == uid && m.gid() == gid);
            if !same_owner {
                io.chown(&tmp, uid, gid)
                    .map_err(io_err(shown, "keeping the file's owner"))?;
            }
        }
        io.set_mode(&tmp, mode)
            .map_err(io_err(shown, "setting permissions"))?;
        report.cleared_setid = keep_setid(io, &tmp, mode);
        io.sync(&tmp).map_err(io_err(shown, "syncing"))?;
        io.rename(&tmp_path, target)
            .map_err(io_err(shown, "renaming over the file"))
    })();
    if let Err(e) = result {
        let _ = io.remove(&tmp_path);
        return Err(e);
    }
    // Makes the rename itself durable; some filesystems refuse to sync
    // a directory, which is no reason to report the save as failed.
    let _ = io.sync_dir(dir);
    let reopened = reopen(target, shown)?;
    doc.rebase(Some(reopened), true);
    Ok(report)
}

fn reopen(target: &Path, shown: &Path) -> Result<Source, SaveError> {
    Ok(Source::open(target, OpenOptions::default())
        .map_err(|e| io_err(shown, "reopening the saved file")(io::Error::other(e.to_string())))?
        .with_path(shown.to_path_buf()))
}

/// Copies the document to a temporary file, then over the target in place
/// from `start` on, under a journal of the old bytes from `start` and the old
/// length: for files a rename would break (hard links, a read-only
/// directory, an owner we cannot keep).
pub(super) fn rewrite(
    doc: &mut Document,
    target: &Path,
    shown: &Path,
    start: u64,
    io: &dyn SaveIo,
) -> Result<SaveReport, SaveError> {
    let dir = parent_dir(target);
    let file = io
        .open_write(target)
        .map_err(io_err(shown, "opening for writing"))?;
    let meta = file.metadata().map_err(io_err(shown, "reading"))?;
    let (old_len, new_len) = (meta.len(), doc.len());
    let start = start.min(old_len);
    let mut report = SaveReport::new(SaveMethod::Rewritten, 0);
    report.removed_leftovers = saveio::remove_leftovers(io, dir);
    let region = start..old_len;
    let old = if start < old_len {
        std::slice::from_ref(&region)
    } else {
        &[]
    };
    let journal = journal(io, target, &file, old, new_len, shown)?;
    let undo = journal.map_or(Undo::Nothing, Undo::Journal);

    let copied = saveio::create_temp(io, dir, SAVE_PREFIX, 0o600)
        .or_else(|_| saveio::create_temp(io, &std::env::temp_dir(), SAVE_PREFIX, 0o600));
    let copy = copied.and_then(|(copy, path)| {
        let written = write_slices(
            doc,
            0..new_len,
            IoWriter {
                io,
                file: &copy,
                offset: 0,
            },
        )
        .and_then(|_| io.sync(&copy));
        match written {
            Ok(()) => Ok((copy, path)),
            Err(e) => {
                let _ = io.remove(&path);
                Err(e)
            }
        }
    });
    let (copy, copy_path) = match copy {
        Ok(c) => c,
        Err(e) => {
            // The file has not changed: only the journal must go.
            let _ = undo.finish(io);
            return Err(io_err(shown, "writing a temporary copy")(e));
        }
    };

    // From here the file's old bytes go away: the history must not need them.
    doc.detach_history(std::slice::from_ref(&(0..doc.source().len())));
    let result = (|| {
        if new_len > old_len {
            // Claim the space first, so a full disk fails early.
            io.allocate(&file, old_len, new_len - old_len)?;
        }
        copy_over(io, &copy, &file, start..new_len)?;
        io.set_len(&file, new_len)?;
        io.sync(&file)?;
        undo.finish(io)
    })();
    match result {
        Ok(()) => {
            let _ = io.remove(&copy_path);
            report.cleared_setid = keep_setid(io, &file, meta.mode());
            drop(file);
            let reopened = reopen(target, shown)?;
            doc.rebase(Some(reopened), false);
            report.bytes_written = new_len - start;
            Ok(report)
        }
        Err(source) => {
            let journaled = matches!(undo, Undo::Journal(_));
            let error = failed(undo, io, &file, shown, source);
            if journaled && matches!(error, SaveError::Io { .. }) {
                // The old bytes are back: the document still reads them.
                let _ = io.remove(&copy_path);
                return Err(error);
            }
            Err(keep_copy(doc, target, shown, copy_path, error))
        }
    }
}

/// After a rewrite that left the file part old, part new: the complete
/// copy becomes the recovery file and the document reads from it, so the
/// edits stay whole and pending.
fn keep_copy(
    doc: &mut Document,
    target: &Path,
    shown: &Path,
    copy_path: PathBuf,
    error: SaveError,
) -> SaveError {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".hexbuf-recovered");
    let wanted = std::env::temp_dir().join(name);
    let recovery = match fs::rename(&copy_path, &wanted) {
        Ok(()) => wanted,
        Err(_) => copy_path,
    };
    if let Ok(copy) = Source::open(&recovery, OpenOptions::default()) {
        doc.rebase_unsaved(copy.with_target(target.to_path_buf(), shown.to_path_buf()));
    }
    match error {
        SaveError::Io { error, .. }
        | SaveError::RollbackFailed { error, .. }
        | SaveError::PartlyWritten { error, .. } => SaveError::RewriteFailed {
            path: shown.to_path_buf(),
            recovery,
            error,
        },
        other => other,
    }
}

/// Copies `range` of `from` to the same offsets of `to`.
fn copy_over(io: &dyn SaveIo, from: &File, to: &File, range: Range<u64>) -> io::Result<()> {
    let mut buf = vec![0; 1 << 20];
    let mut at = range.start;
    while at < range.end {
        let n = ((range.end - at) as usize).min(buf.len());
        from.read_exact_at(&mut buf[..n], at)?;
        saveio::write_all_at(io, to, &buf[..n], at)?;
        at += n as u64;
    }
    Ok(())
}

/// Whether the set-id bits of `wanted` are all set on `file`; if not, sets
/// them again (allowed when we own the file). Returns true when they stay
/// cleared.
fn keep_setid(io: &dyn SaveIo, file: &File, wanted: u32) -> bool {
    let setid = wanted & 0o6000;
    let has = |f: &File| f.metadata().is_ok_and(|m| m.mode() & 0o6000 == setid);
    if setid == 0 || has(file) {
        return false;
    }
    let _ = io.set_mode(file, wanted & 0o7777);
    !has(file)
}
