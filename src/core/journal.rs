//! The crash journal for saves that write over a file in place.
//!
//! Before the first byte of a file changes, the old bytes of every range
//! about to be overwritten (or cut off), with their offsets and the file's
//! old length, go to `.NAME.hexbuf-journal` beside the file. It is written
//! under a temporary name, checksummed, synced and renamed into place (then
//! the directory is synced), so a journal under its own name is always
//! complete. The saver holds an advisory lock on it until the save ends.
//!
//! Opening a file whose journal is present and not locked by a running save
//! means a save was interrupted: [`recover`] (called by `Source::open`)
//! writes the old bytes back, restores the length, syncs and removes the
//! journal, and leaves one line for the caller to show ([`take_notices`]).
//!
//! Layout, little-endian: `hexbufJ1`, device, inode, old length, new length
//! and record count (u64 each); per record its offset and length (u64) and
//! the old bytes; then the CRC-32 of everything before it and `JEND`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::ops::Range;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustix::fs::{FlockOperation, flock};

use super::display::escape_path;
use super::saveio::{self, IoWriter, RealIo, SaveIo, parent_dir};

const MAGIC: &[u8; 8] = b"hexbufJ1";
const END: &[u8; 4] = b"JEND";
const HEADER_LEN: u64 = 48;
const CHUNK: usize = 1 << 20;

/// Lines about journals found while opening files, for the caller to show.
static NOTICES: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The messages left by [`recover`] since the last call (one line each,
/// naming the file as the user gave it).
pub fn take_notices() -> Vec<String> {
    NOTICES
        .lock()
        .map(|mut n| std::mem::take(&mut *n))
        .unwrap_or_default()
}

/// Where the journal of `target` lives: `.NAME.hexbuf-journal` beside it.
pub fn journal_path(target: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(".hexbuf-journal");
    parent_dir(target).join(name)
}

/// A journal on disk for a save in progress; it stays locked while held.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
}

impl Journal {
    /// Journals the old bytes of `ranges` of `file` (the target, open for
    /// reading and writing) and its length, beside `target`. On failure
    /// nothing is left behind and the target is untouched.
    pub fn write(
        io: &dyn SaveIo,
        target: &Path,
        file: &File,
        ranges: &[Range<u64>],
        new_len: u64,
    ) -> io::Result<Journal> {
        let meta = file.metadata()?;
        let path = journal_path(target);
        let dir = parent_dir(target);
        // Old bytes are as private as the file: never wider than 0600, but
        // readable by the owner, whose next open must roll it back.
        let mode = (meta.mode() & 0o600) | 0o400;
        let (tmp, tmp_path) = saveio::create_temp(io, dir, saveio::SAVE_PREFIX, mode)?;
        let result = (|| {
            flock(&tmp, FlockOperation::NonBlockingLockExclusive)?;
            if meta.uid() != tmp.metadata()?.uid() {
                // So that the file's owner can roll it back; best effort.
                let _ = io.chown(&tmp, meta.uid(), meta.gid());
            }
            write_records(io, &tmp, file, &meta, ranges, new_len)?;
            io.sync(&tmp)?;
            if path.symlink_metadata().is_ok() {
                return Err(io::Error::other(format!(
                    "{} exists: another save of this file is running, or an interrupted one could not be rolled back",
                    escape_path(&path)
                )));
            }
            io.rename(&tmp_path, &path)
        })();
        if let Err(e) = result {
            let _ = io.remove(&tmp_path);
            return Err(e);
        }
        let journal = Journal { path, file: tmp };
        match io.sync_dir(dir) {
            Err(e) if !saveio::cannot_sync_dirs(&e) => {
                let _ = io.remove(&journal.path);
                return Err(e);
            }
            _ => {}
        }
        Ok(journal)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// After the new bytes are written and synced: the journal goes.
    pub fn finish(&self, io: &dyn SaveIo) -> io::Result<()> {
        io.remove(&self.path)?;
        // The removal need not be durable: a journal that comes back after
        // a power cut only rolls the file back to its old bytes.
        let _ = io.sync_dir(parent_dir(&self.path));
        Ok(())
    }

    /// Puts the old bytes back into `file`, restores its length, syncs it
    /// and removes the journal. Returns the number of ranges restored. If
    /// this fails the journal stays, for the next open to try again.
    pub fn roll_back(self, io: &dyn SaveIo, file: &File) -> io::Result<usize> {
        let n = restore(io, &self.file, file)?;
        self.finish(io)?;
        Ok(n)
    }
}

/// Streams the header, the records and the checksum into `out`.
fn write_records(
    io: &dyn SaveIo,
    out: &File,
    file: &File,
    meta: &std::fs::Metadata,
    ranges: &[Range<u64>],
    new_len: u64,
) -> io::Result<()> {
    let mut w = CrcWriter {
        inner: BufWriter::with_capacity(
            CHUNK,
            IoWriter {
                io,
                file: out,
                offset: 0,
            },
        ),
        crc: crc32fast::Hasher::new(),
    };
    w.write_all(MAGIC)?;
    for v in [
        meta.dev(),
        meta.ino(),
        meta.len(),
        new_len,
        ranges.len() as u64,
    ] {
        w.write_all(&v.to_le_bytes())?;
    }
    let mut buf = vec![0; CHUNK];
    for r in ranges {
        w.write_all(&r.start.to_le_bytes())?;
        w.write_all(&(r.end - r.start).to_le_bytes())?;
        let mut at = r.start;
        while at < r.end {
            let n = ((r.end - at) as usize).min(CHUNK);
            file.read_exact_at(&mut buf[..n], at)?;
            w.write_all(&buf[..n])?;
            at += n as u64;
        }
    }
    let crc = w.crc.clone().finalize();
    let mut inner = w.inner;
    inner.write_all(&crc.to_le_bytes())?;
    inner.write_all(END)?;
    inner.flush()
}

struct CrcWriter<W> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for CrcWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// What a complete journal says.
struct Parsed {
    dev: u64,
    ino: u64,
    old_len: u64,
    /// (offset in the file, length, where the bytes start in the journal)
    records: Vec<(u64, u64, u64)>,
}

/// Reads and checks a journal; `None` when it is incomplete or corrupt.
fn parse(journal: &File) -> io::Result<Option<Parsed>> {
    let total = journal.metadata()?.len();
    if total < HEADER_LEN + 8 {
        return Ok(None);
    }
    let body = total - 8;
    let mut crc = crc32fast::Hasher::new();
    let mut buf = vec![0; CHUNK];
    let mut at = 0;
    while at < body {
        let n = ((body - at) as usize).min(CHUNK);
        journal.read_exact_at(&mut buf[..n], at)?;
        crc.update(&buf[..n]);
        at += n as u64;
    }
    let mut tail = [0; 8];
    journal.read_exact_at(&mut tail, body)?;
    if tail[4..] != *END || u32::from_le_bytes(tail[..4].try_into().unwrap()) != crc.finalize() {
        return Ok(None);
    }
    let u64_at = |pos: u64| -> io::Result<u64> {
        let mut b = [0; 8];
        journal.read_exact_at(&mut b, pos)?;
        Ok(u64::from_le_bytes(b))
    };
    let mut magic = [0; 8];
    journal.read_exact_at(&mut magic, 0)?;
    if magic != *MAGIC {
        return Ok(None);
    }
    let (dev, ino, old_len, count) = (u64_at(8)?, u64_at(16)?, u64_at(24)?, u64_at(40)?);
    let mut records = Vec::new();
    let mut pos = HEADER_LEN;
    for _ in 0..count {
        if pos + 16 > body {
            return Ok(None);
        }
        let (offset, len) = (u64_at(pos)?, u64_at(pos + 8)?);
        pos += 16;
        if len > body - pos {
            return Ok(None);
        }
        records.push((offset, len, pos));
        pos += len;
    }
    Ok((pos == body).then_some(Parsed {
        dev,
        ino,
        old_len,
        records,
    }))
}

/// Writes a journal's old bytes and length back into `file` and syncs it.
fn restore(io: &dyn SaveIo, journal: &File, file: &File) -> io::Result<usize> {
    let parsed = parse(journal)?.ok_or_else(|| io::Error::other("the journal is corrupt"))?;
    // Only the bytes that differ are written, and the length only set when
    // it changed: a write that failed for a size limit (EFBIG) never wrote
    // past it, and putting back must not try to either.
    let (mut buf, mut now) = (vec![0; CHUNK], vec![0; CHUNK]);
    let len_now = file.metadata()?.len();
    for &(offset, len, pos) in &parsed.records {
        let mut done = 0;
        while done < len {
            let n = ((len - done) as usize).min(CHUNK);
            journal.read_exact_at(&mut buf[..n], pos + done)?;
            let at = offset + done;
            let readable = len_now.saturating_sub(at).min(n as u64) as usize;
            file.read_exact_at(&mut now[..readable], at)?;
            let differs = |i: &usize| *i >= readable || buf[*i] != now[*i];
            if let Some(first) = (0..n).find(differs) {
                let last = (0..n).rev().find(differs).unwrap_or(first);
                saveio::write_all_at(io, file, &buf[first..=last], at + first as u64)?;
            }
            done += n as u64;
        }
    }
    if file.metadata()?.len() != parsed.old_len {
        io.set_len(file, parsed.old_len)?;
    }
    io.sync(file)?;
    Ok(parsed.records.len())
}

/// Takes the journal's lock, trying for up to 100 ms: a process forked
/// anywhere in this program (or in the one that wrote the journal) holds a
/// copy of its descriptor — and so the lock — until it execs, so a lock
/// that is busy for a moment does not mean that a save is running.
fn lock_briefly(journal: &File) -> bool {
    for _ in 0..20 {
        if flock(journal, FlockOperation::NonBlockingLockExclusive).is_ok() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    false
}

/// Rolls back an interrupted save of `path`, if its journal is there and
/// no running save holds it; leaves a notice saying what happened.
pub fn recover(path: &Path) {
    if let Some(notice) = recover_quietly(path)
        && let Ok(mut n) = NOTICES.lock()
    {
        n.push(format!("{}: {notice}", escape_path(path)));
    }
}

/// [`recover`]'s work; returns what to tell the user.
fn recover_quietly(path: &Path) -> Option<String> {
    let target = std::fs::canonicalize(path).ok()?;
    let jpath = journal_path(&target);
    if !jpath.symlink_metadata().ok()?.is_file() {
        return None;
    }
    let shown = escape_path(&jpath);
    let journal = match File::open(&jpath) {
        Ok(j) => j,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => return Some(format!("cannot read the save journal {shown}: {e}")),
    };
    if !lock_briefly(&journal) {
        // A save is running right now (or the lock cannot be had): leave it.
        return None;
    }
    let io = RealIo;
    let parsed = match parse(&journal) {
        Ok(Some(p)) => p,
        Ok(None) => {
            // Journals appear complete by rename: the write never started.
            let _ = io.remove(&jpath);
            return Some(format!(
                "removed an incomplete save journal {shown} (the file was not touched)"
            ));
        }
        Err(e) => return Some(format!("cannot read the save journal {shown}: {e}")),
    };
    let file = match io.open_write(&target) {
        Ok(f) => f,
        Err(e) => {
            return Some(format!(
                "an interrupted save left {shown}, which cannot be applied ({e}); the file may mix old and new bytes"
            ));
        }
    };
    let meta = file.metadata().ok()?;
    if (meta.dev(), meta.ino()) != (parsed.dev, parsed.ino) {
        let _ = io.remove(&jpath);
        return Some(format!(
            "removed the save journal {shown} of a file that has since been replaced"
        ));
    }
    let held = Journal {
        path: jpath.clone(),
        file: journal,
    };
    let ranges = parsed.records.len();
    let s = if ranges == 1 { "" } else { "s" };
    match held.roll_back(&io, &file) {
        Ok(_) => {
            let removed = saveio::remove_leftovers(&io, parent_dir(&target)).len();
            let extra = if removed > 0 {
                format!(
                    "; removed {removed} leftover temporary file{}",
                    if removed == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            Some(format!(
                "an interrupted save was rolled back ({ranges} range{s} restored){extra}"
            ))
        }
        Err(e) => Some(format!(
            "rolling back an interrupted save failed ({e}); {shown} is kept for the next try"
        )),
    }
}

#[cfg(test)]
mod tests;
