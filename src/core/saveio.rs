//! The file-system calls a save makes, behind one small trait, so that tests
//! can fail any one of them (disk full, I/O error, file too large, a short
//! write) or stop the process there, and check that no failure loses a byte.
//!
//! Also the names of hexbuf's temporary files (`.hexbuf-save-PID-XXXXXX`,
//! `.hexbuf-export-PID-XXXXXX`): the pid in the name tells a leftover of a
//! dead process, which the next save in that directory removes.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Prefix of the temporary files a save writes beside the target.
pub const SAVE_PREFIX: &str = ".hexbuf-save-";
/// Prefix of the temporary files an export writes beside its target.
pub const EXPORT_PREFIX: &str = ".hexbuf-export-";

/// Every call a save makes that changes something on disk.
pub trait SaveIo {
    /// Opens an existing file for reading and writing (never truncating).
    fn open_write(&self, path: &Path) -> io::Result<File>;
    /// Creates a file that must not exist yet, with `mode` (before umask).
    fn create_new(&self, path: &Path, mode: u32) -> io::Result<File>;
    /// Writes some of `buf` at `offset`; returns how many bytes it wrote.
    fn write_at(&self, file: &File, buf: &[u8], offset: u64) -> io::Result<usize>;
    fn sync(&self, file: &File) -> io::Result<()>;
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
    fn set_len(&self, file: &File, len: u64) -> io::Result<()>;
    /// Reserves disk space for `offset..offset + len` without changing the
    /// file's size.
    fn allocate(&self, file: &File, offset: u64, len: u64) -> io::Result<()>;
    fn set_mode(&self, file: &File, mode: u32) -> io::Result<()>;
    fn chown(&self, file: &File, uid: u32, gid: u32) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove(&self, path: &Path) -> io::Result<()>;
}

/// The real system calls.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealIo;

impl SaveIo for RealIo {
    fn open_write(&self, path: &Path) -> io::Result<File> {
        fs::OpenOptions::new().read(true).write(true).open(path)
    }

    fn create_new(&self, path: &Path, mode: u32) -> io::Result<File> {
        fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(path)
    }

    fn write_at(&self, file: &File, buf: &[u8], offset: u64) -> io::Result<usize> {
        file.write_at(buf, offset)
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        sync_to_disk(file)
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        sync_to_disk(&File::open(dir)?)
    }

    fn set_len(&self, file: &File, len: u64) -> io::Result<()> {
        file.set_len(len)
    }

    fn allocate(&self, file: &File, offset: u64, len: u64) -> io::Result<()> {
        reserve(file, offset, len)
    }

    fn set_mode(&self, file: &File, mode: u32) -> io::Result<()> {
        rustix::fs::fchmod(file, rustix::fs::Mode::from_raw_mode(mode))?;
        Ok(())
    }

    fn chown(&self, file: &File, uid: u32, gid: u32) -> io::Result<()> {
        std::os::unix::fs::fchown(file, Some(uid), Some(gid))
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }
}

/// A save's I/O watched from another thread: bytes written are counted in
/// `written`, and once `cancel` is set the next call fails with
/// [`cancelled`] — after which every call goes through again, so the save
/// can put the old bytes back and remove its temporary files exactly as it
/// does after any other failure. A cancelled save therefore leaves the file
/// as it was.
pub struct Watched<'a> {
    inner: &'a dyn SaveIo,
    written: &'a AtomicU64,
    cancel: &'a AtomicBool,
    tripped: AtomicBool,
}

impl<'a> Watched<'a> {
    pub fn new(inner: &'a dyn SaveIo, written: &'a AtomicU64, cancel: &'a AtomicBool) -> Self {
        Watched {
            inner,
            written,
            cancel,
            tripped: AtomicBool::new(false),
        }
    }

    /// Fails the first call after a cancel was asked for.
    fn check(&self) -> io::Result<()> {
        if self.cancel.load(Ordering::Relaxed) && !self.tripped.swap(true, Ordering::Relaxed) {
            return Err(cancelled());
        }
        Ok(())
    }
}

/// The error a cancelled save fails with.
pub fn cancelled() -> io::Error {
    io::Error::other("cancelled")
}

impl SaveIo for Watched<'_> {
    fn open_write(&self, path: &Path) -> io::Result<File> {
        self.check()?;
        self.inner.open_write(path)
    }
    fn create_new(&self, path: &Path, mode: u32) -> io::Result<File> {
        self.check()?;
        self.inner.create_new(path, mode)
    }
    fn write_at(&self, file: &File, buf: &[u8], offset: u64) -> io::Result<usize> {
        self.check()?;
        let n = self.inner.write_at(file, buf, offset)?;
        self.written.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
    fn sync(&self, file: &File) -> io::Result<()> {
        self.check()?;
        self.inner.sync(file)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.inner.sync_dir(dir)
    }
    fn set_len(&self, file: &File, len: u64) -> io::Result<()> {
        self.check()?;
        self.inner.set_len(file, len)
    }
    fn allocate(&self, file: &File, offset: u64, len: u64) -> io::Result<()> {
        self.check()?;
        self.inner.allocate(file, offset, len)
    }
    fn set_mode(&self, file: &File, mode: u32) -> io::Result<()> {
        self.inner.set_mode(file, mode)
    }
    fn chown(&self, file: &File, uid: u32, gid: u32) -> io::Result<()> {
        self.inner.chown(file, uid, gid)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        // The moment a save commits: a cancel before it still undoes all.
        self.check()?;
        self.inner.rename(from, to)
    }
    fn remove(&self, path: &Path) -> io::Result<()> {
        self.inner.remove(path)
    }
}

/// Reserves disk space for `offset..offset + len` of `file`, keeping its
/// size: Linux's `fallocate` with `FALLOC_FL_KEEP_SIZE`.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn reserve(file: &File, offset: u64, len: u64) -> io::Result<()> {
    use rustix::fs::{FallocateFlags, fallocate};
    match fallocate(file, FallocateFlags::KEEP_SIZE, offset, len) {
        // Not every file system can reserve space; writing will tell.
        Err(e) if e == rustix::io::Errno::OPNOTSUPP => Ok(()),
        other => Ok(other?),
    }
}

/// Elsewhere there is no way to reserve space without changing the size
/// (`posix_fallocate` grows the file, macOS's emulation truncates it), so
/// nothing is reserved: writing will tell when the disk is full.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn reserve(_file: &File, _offset: u64, _len: u64) -> io::Result<()> {
    Ok(())
}

/// Flushes a file's data and metadata to the disk itself.
///
/// On macOS `fsync` only hands the data to the drive, which may keep it in
/// its cache, out of order, through a power cut; `F_FULLFSYNC` asks the
/// drive to write it out. Some file systems (network shares, FAT) refuse
/// `F_FULLFSYNC`; there plain `fsync` is the most that can be done, as
/// SQLite does.
#[cfg(target_os = "macos")]
pub fn sync_to_disk(file: &File) -> io::Result<()> {
    use rustix::io::Errno;
    match rustix::fs::fcntl_fullfsync(file) {
        Err(e) if [Errno::INVAL, Errno::NOTSUP, Errno::OPNOTSUPP].contains(&e) => {
            Ok(rustix::fs::fsync(file)?)
        }
        other => Ok(other?),
    }
}

/// Flushes a file's data and metadata to the disk itself (`fsync`).
#[cfg(not(target_os = "macos"))]
pub fn sync_to_disk(file: &File) -> io::Result<()> {
    file.sync_all()
}

/// Errors of file systems that cannot sync a directory at all (rather than
/// failing to): no reason to refuse a save there.
pub fn cannot_sync_dirs(err: &io::Error) -> bool {
    use rustix::io::Errno;
    [Errno::INVAL, Errno::OPNOTSUPP, Errno::NOTSUP]
        .iter()
        .any(|e| err.raw_os_error() == Some(e.raw_os_error()))
}

/// Writes all of `buf` at `offset`, however short each write is.
pub fn write_all_at(
    io: &dyn SaveIo,
    file: &File,
    mut buf: &[u8],
    mut offset: u64,
) -> io::Result<()> {
    while !buf.is_empty() {
        match io.write_at(file, buf, offset) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                buf = &buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Puts `old` back at `offset` unless the file already holds it there: a
/// rollback writes only what the failed save really changed, so that it
/// does not fail the same way (a write past `ulimit -f` that never
/// happened need not, and could not, be undone).
pub fn restore_at(io: &dyn SaveIo, file: &File, old: &[u8], offset: u64) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    let mut now = vec![0; old.len()];
    if file.read_exact_at(&mut now, offset).is_err() {
        return write_all_at(io, file, old, offset);
    }
    // Only the span between the first and the last differing byte.
    let Some(first) = now.iter().zip(old).position(|(a, b)| a != b) else {
        return Ok(());
    };
    let last = now
        .iter()
        .zip(old)
        .rposition(|(a, b)| a != b)
        .expect("one differs");
    write_all_at(io, file, &old[first..=last], offset + first as u64)
}

/// A `Write` over a file through a [`SaveIo`], from an offset on.
pub struct IoWriter<'a> {
    pub io: &'a dyn SaveIo,
    pub file: &'a File,
    pub offset: u64,
}

impl Write for IoWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.io.write_at(self.file, buf, self.offset)?;
        self.offset += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The directory a path lives in (`.` for a bare name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Creates a new temporary file in `dir` named `PREFIX PID-XXXXXX`.
pub fn create_temp(
    io: &dyn SaveIo,
    dir: &Path,
    prefix: &str,
    mode: u32,
) -> io::Result<(File, PathBuf)> {
    let pid = std::process::id();
    let mut seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
        ^ (u64::from(pid) << 32);
    for _ in 0..64 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let path = dir.join(format!("{prefix}{pid}-{:06x}", (seed >> 40) & 0xff_ffff));
        match io.create_new(&path, mode) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            other => return other.map(|f| (f, path)),
        }
    }
    Err(io::ErrorKind::AlreadyExists.into())
}

/// The pid in a temporary file's name, if it is one of hexbuf's.
fn leftover_pid(name: &[u8]) -> Option<u32> {
    let rest = [SAVE_PREFIX, EXPORT_PREFIX]
        .iter()
        .find_map(|p| name.strip_prefix(p.as_bytes()))?;
    // `PID-XXXXXX`: the dash is required, so that a name made some other
    // way (all digits by chance) is never taken for one of ours.
    let dash = rest.iter().position(|&b| b == b'-')?;
    std::str::from_utf8(&rest[..dash]).ok()?.parse().ok()
}

/// Whether a process with this pid is running (as far as this process can
/// see: /proc shows the processes of its pid namespace).
pub fn process_alive(pid: u32) -> bool {
    pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
}

/// Removes hexbuf's temporary files in `dir` whose process is gone; returns
/// the names removed. A name it cannot remove is left alone (and not listed).
pub fn remove_leftovers(io: &dyn SaveIo, dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name: OsString = entry.file_name();
        let Some(pid) = leftover_pid(name.as_bytes()) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && !process_alive(pid) {
            let path = entry.path();
            if io.remove(&path).is_ok() {
                removed.push(path);
            }
        }
    }
    removed.sort();
    removed
}

#[cfg(test)]
pub mod fault {
    //! A [`SaveIo`] that fails one chosen call, for the fault loops.

    use std::cell::Cell;

    use super::*;

    /// How the chosen call fails.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Fault {
        NoSpace,
        Eio,
        TooBig,
        /// A write that writes half its bytes and reports that; the next
        /// call then fails with "no space".
        Short,
    }

    impl Fault {
        pub const ALL: [Fault; 4] = [Fault::NoSpace, Fault::Eio, Fault::TooBig, Fault::Short];

        fn error(self) -> io::Error {
            let errno = match self {
                Fault::NoSpace | Fault::Short => rustix::io::Errno::NOSPC,
                Fault::Eio => rustix::io::Errno::IO,
                Fault::TooBig => rustix::io::Errno::FBIG,
            };
            io::Error::from_raw_os_error(errno.raw_os_error())
        }
    }

    /// Counts calls; the `fail_at`-th (1-based; 0 = never) fails.
    #[derive(Debug)]
    pub struct FaultyIo {
        pub fail_at: u64,
        pub fault: Fault,
        pub calls: Cell<u64>,
        short_pending: Cell<bool>,
        /// Every call from `fail_at` on fails, not only that one.
        sticky: bool,
    }

    impl FaultyIo {
        pub fn new(fail_at: u64, fault: Fault) -> Self {
            FaultyIo {
                fail_at,
                fault,
                calls: Cell::new(0),
                short_pending: Cell::new(false),
                sticky: false,
            }
        }

        /// Fails the `fail_at`-th call and every one after it (a disk that
        /// has gone away).
        pub fn failing_from(fail_at: u64, fault: Fault) -> Self {
            FaultyIo {
                sticky: true,
                ..FaultyIo::new(fail_at, fault)
            }
        }

        /// Whether this call fails.
        fn tick(&self) -> io::Result<()> {
            let n = self.calls.get() + 1;
            self.calls.set(n);
            if self.short_pending.replace(false)
                || ((n == self.fail_at || (self.sticky && self.fail_at > 0 && n > self.fail_at))
                    && self.fault != Fault::Short)
            {
                return Err(self.fault.error());
            }
            Ok(())
        }

        /// Whether this is the short write.
        fn short_now(&self) -> bool {
            self.fault == Fault::Short && self.calls.get() == self.fail_at
        }
    }

    impl SaveIo for FaultyIo {
        fn open_write(&self, path: &Path) -> io::Result<File> {
            self.tick()?;
            RealIo.open_write(path)
        }
        fn create_new(&self, path: &Path, mode: u32) -> io::Result<File> {
            self.tick()?;
            RealIo.create_new(path, mode)
        }
        fn write_at(&self, file: &File, buf: &[u8], offset: u64) -> io::Result<usize> {
            self.tick()?;
            if self.short_now() {
                self.short_pending.set(true);
                let half = (buf.len() / 2).max(1);
                return RealIo.write_at(file, &buf[..half], offset);
            }
            RealIo.write_at(file, buf, offset)
        }
        fn sync(&self, file: &File) -> io::Result<()> {
            self.tick()?;
            RealIo.sync(file)
        }
        fn sync_dir(&self, dir: &Path) -> io::Result<()> {
            self.tick()?;
            RealIo.sync_dir(dir)
        }
        fn set_len(&self, file: &File, len: u64) -> io::Result<()> {
            self.tick()?;
            RealIo.set_len(file, len)
        }
        fn allocate(&self, file: &File, offset: u64, len: u64) -> io::Result<()> {
            self.tick()?;
            RealIo.allocate(file, offset, len)
        }
        fn set_mode(&self, file: &File, mode: u32) -> io::Result<()> {
            self.tick()?;
            RealIo.set_mode(file, mode)
        }
        fn chown(&self, file: &File, uid: u32, gid: u32) -> io::Result<()> {
            self.tick()?;
            RealIo.chown(file, uid, gid)
        }
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            self.tick()?;
            RealIo.rename(from, to)
        }
        fn remove(&self, path: &Path) -> io::Result<()> {
            self.tick()?;
            RealIo.remove(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // pid_max is at most 2^22: this pid cannot be running.
        let dead = dir.path().join(format!("{SAVE_PREFIX}{}-abcdef", 1 << 23));
        let dead_export = dir
            .path()
            .join(format!("{EXPORT_PREFIX}{}-000001", 1 << 23));
        let live = dir
            .path()
            .join(format!("{SAVE_PREFIX}{}-abcdef", std::process::id()));
        let other = dir.path().join(".hexbuf-save-notapid");
        let no_dash = dir.path().join(format!("{SAVE_PREFIX}{}", 1 << 23));
        for p in [&dead, &dead_export, &live, &other, &no_dash] {
            fs::write(p, b"x").unwrap();
        }
        let removed = remove_leftovers(&RealIo, dir.path());
        let mut want = vec![dead.clone(), dead_export.clone()];
        want.sort();
        assert_eq!(removed, want);
        assert!(!dead.exists() && !dead_export.exists());
        assert!(live.exists() && other.exists() && no_dash.exists());
    }

    #[test]
    fn temp_names_carry_the_pid_and_are_new() {
        let dir = tempfile::tempdir().unwrap();
        let (_f, a) = create_temp(&RealIo, dir.path(), SAVE_PREFIX, 0o600).unwrap();
        let (_g, b) = create_temp(&RealIo, dir.path(), SAVE_PREFIX, 0o600).unwrap();
        assert_ne!(a, b);
        let name = a.file_name().unwrap().as_bytes();
        assert_eq!(leftover_pid(name), Some(std::process::id()));
    }
}
