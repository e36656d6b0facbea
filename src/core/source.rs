//! The bytes on disk: a read-only memory map of a regular file, or memory for
//! stdin, new buffers, empty files and pseudo files (/proc, /sys).
//!
//! Opening never blocks and never allocates without bound: the file type is
//! checked before and after opening (with `O_NONBLOCK`, so a FIFO with no
//! writer cannot hang us), devices and FIFOs are refused with a message, and
//! pseudo files are read to their end under a cap.
//!
//! A mapped file is guarded ([`super::mapguard`]): when another program
//! truncates it, the vanished bytes read as zeros instead of killing the
//! process, and [`Source::check_shrink`] tells the owner the new size. Where
//! a file cannot be mapped (no address space under `ulimit -v`, a
//! filesystem without mmap), it is read through `pread` instead.

use std::borrow::Cow;
use std::fs::{self, File, Metadata};
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::Range;
use std::os::unix::fs::{FileExt, FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use thiserror::Error;

use super::display::escape_path;
use super::mapguard::GuardedMap;

/// The most bytes read from a pseudo file (/proc, /sys) or stdin.
pub const PSEUDO_FILE_CAP: u64 = 256 * 1024 * 1024;

/// Why a path could not be opened. Each names the path, escaped for display.
#[derive(Debug, Error)]
pub enum OpenError {
    #[error("{}: no such file or directory", escape_path(.path))]
    NotFound { path: PathBuf },
    #[error("{}: no such directory to create the file in", escape_path(.path))]
    NoParentDirectory { path: PathBuf },
    #[error("{}: is a directory", escape_path(.path))]
    IsDirectory { path: PathBuf },
    #[error("{}: permission denied", escape_path(.path))]
    PermissionDenied { path: PathBuf },
    #[error("{}: symbolic link to a missing file", escape_path(.path))]
    DanglingSymlink { path: PathBuf },
    #[error("{}: too many levels of symbolic links (a link loop?)", escape_path(.path))]
    SymlinkLoop { path: PathBuf },
    #[error("{}: is a character device, not a file (devices like /dev/zero never end)", escape_path(.path))]
    CharDevice { path: PathBuf },
    #[error("{}: is a named pipe (FIFO); pipe it in instead: hexbuf - < FIFO", escape_path(.path))]
    Fifo { path: PathBuf },
    #[error("{}: is a socket, not a file", escape_path(.path))]
    Socket { path: PathBuf },
    #[error("{}: is a block device; open it with --block-device (saves go in place)", escape_path(.path))]
    BlockDevice { path: PathBuf },
    #[error("{}: more than {cap} bytes to read into memory", escape_path(.path))]
    TooLarge { path: PathBuf, cap: u64 },
    #[error("{}: {error}", escape_path(.path))]
    Io { path: PathBuf, error: io::Error },
}

impl OpenError {
    /// Maps an OS error on `path` to the case a user can act on.
    pub fn from_io(path: &Path, err: io::Error) -> Self {
        let path = path.to_path_buf();
        match err.kind() {
            io::ErrorKind::NotFound => OpenError::NotFound { path },
            io::ErrorKind::PermissionDenied => OpenError::PermissionDenied { path },
            io::ErrorKind::IsADirectory => OpenError::IsDirectory { path },
            _ if err.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
                OpenError::SymlinkLoop { path }
            }
            _ => OpenError::Io { path, error: err },
        }
    }
}

/// What a source was made from; decides how it may be saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A regular file, memory-mapped (or in memory when empty).
    File,
    /// A path that does not exist yet: an empty buffer the first save creates.
    NewFile,
    /// A /proc, /sys or similar file read into memory: read-only.
    PseudoFile,
    /// A block device, mapped; saved in place only, never resized.
    BlockDevice,
    /// Bytes with no file behind them (stdin, the sample, `--new`).
    Memory,
}

/// A file's identity when it was opened, to tell later that someone else
/// changed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileIdentity {
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub inode: u64,
    pub device: u64,
    /// The status-change time (seconds, nanoseconds): unlike the mtime, no
    /// ordinary program can set it back.
    pub changed: (i64, i64),
}

impl FileIdentity {
    pub fn of(meta: &Metadata) -> Self {
        FileIdentity {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode: meta.ino(),
            device: meta.dev(),
            changed: (meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// How to open a path.
#[derive(Clone, Copy, Debug, Default)]
pub struct OpenOptions {
    /// Allow block devices (mapped, saved in place only).
    pub allow_block_device: bool,
    /// Read through `pread` instead of mapping (as when a map fails; also
    /// chosen by setting `HEXBUF_NO_MMAP`).
    pub no_map: bool,
}

enum Bytes {
    Mapped(GuardedMap),
    Memory(Vec<u8>),
    /// The file could not be mapped: read with `pread`, `len` bytes as
    /// opened (bytes the file no longer has read as zeros).
    Pread(u64),
}

/// No part of the file has vanished.
const WHOLE: u64 = u64::MAX;

/// The immutable bytes a document starts from.
pub struct Source {
    bytes: Bytes,
    /// The open file behind a map or `pread` source: its size tells when
    /// another program truncated it.
    file: Option<File>,
    /// Where the file now ends, when another program cut it shorter than
    /// the source: the bytes from here on read as zeros. `WHOLE` otherwise.
    vanished: AtomicU64,
    kind: SourceKind,
    /// The path as the user gave it (for messages and titles).
    path: Option<PathBuf>,
    /// The file to write when saving: the path with symlinks resolved.
    target: Option<PathBuf>,
    identity: Option<FileIdentity>,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("kind", &self.kind)
            .field("path", &self.path)
            .field("len", &self.len())
            .finish()
    }
}

impl Source {
    /// Bytes in memory with no file behind them.
    pub fn from_vec(bytes: Vec<u8>) -> Self {
        Source {
            bytes: Bytes::Memory(bytes),
            file: None,
            vanished: AtomicU64::new(WHOLE),
            kind: SourceKind::Memory,
            path: None,
            target: None,
            identity: None,
        }
    }

    /// A zero-filled buffer of `size` bytes that will be saved to `path`.
    /// The allocation is lazily zeroed by the OS, so a large size costs
    /// nothing until the bytes are touched.
    pub fn zeroed(size: u64, path: Option<PathBuf>) -> Result<Self, OpenError> {
        let n = usize::try_from(size).map_err(|_| OpenError::TooLarge {
            path: path.clone().unwrap_or_default(),
            cap: usize::MAX as u64,
        })?;
        let mut source = Source::from_vec(vec![0; n]);
        if let Some(p) = path {
            check_parent(&p)?;
            source.kind = SourceKind::NewFile;
            source.target = Some(p.clone());
            source.path = Some(p);
        }
        Ok(source)
    }

    /// Reads all of `reader` (stdin) into memory, up to `cap` bytes.
    pub fn read_all(mut reader: impl Read, cap: u64) -> io::Result<Self> {
        let mut bytes = Vec::new();
        (&mut reader).take(cap + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > cap {
            return Err(io::Error::other(format!(
                "input is larger than {cap} bytes"
            )));
        }
        Ok(Source::from_vec(bytes))
    }

    /// Opens `path` if it exists, or starts an empty buffer that the first
    /// save creates when it does not (its directory must exist).
    pub fn open_or_create(path: &Path, opts: OpenOptions) -> Result<Self, OpenError> {
        match Source::open(path, opts) {
            Err(OpenError::NotFound { .. }) => {
                check_parent(path)?;
                Ok(Source {
                    bytes: Bytes::Memory(Vec::new()),
                    file: None,
                    vanished: AtomicU64::new(WHOLE),
                    kind: SourceKind::NewFile,
                    path: Some(path.to_path_buf()),
                    target: Some(path.to_path_buf()),
                    identity: None,
                })
            }
            other => other,
        }
    }

    /// Opens an existing path without blocking: a regular file is mapped,
    /// pseudo files are read into memory, devices and FIFOs are refused.
    pub fn open(path: &Path, opts: OpenOptions) -> Result<Self, OpenError> {
        // An interrupted save is undone before anyone reads the file.
        super::journal::recover(path);
        let link_meta = fs::symlink_metadata(path).map_err(|e| OpenError::from_io(path, e))?;
        let meta = if link_meta.file_type().is_symlink() {
            fs::metadata(path).map_err(|e| match OpenError::from_io(path, e) {
                OpenError::NotFound { path } => OpenError::DanglingSymlink { path },
                other => other,
            })?
        } else {
            link_meta
        };
        check_file_type(path, &meta, opts)?;

        let file = fs::OpenOptions::new()
            .read(true)
            .custom_flags((rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY).bits() as i32)
            .open(path)
            .map_err(|e| OpenError::from_io(path, e))?;
        // The path may have been swapped between the stat and the open: the
        // opened file's own type is the one that counts.
        let meta = file.metadata().map_err(|e| OpenError::from_io(path, e))?;
        check_file_type(path, &meta, opts)?;
        let target = fs::canonicalize(path).map_err(|e| OpenError::from_io(path, e))?;
        let identity = Some(FileIdentity::of(&meta));
        let io_err = |e| OpenError::Io {
            path: path.to_path_buf(),
            error: e,
        };

        let (bytes, kind) = if meta.file_type().is_block_device() {
            let mut f = &file;
            let len = f.seek(SeekFrom::End(0)).map_err(io_err)?;
            (
                map_or_pread(&file, len, opts.no_map),
                SourceKind::BlockDevice,
            )
        } else if is_pseudo_filesystem(&file) || meta.len() == 0 {
            // Pseudo files report a size of 0 or a wrong size: read them to
            // their end. A truly empty regular file reads nothing and stays
            // an ordinary, writable file.
            let bytes = read_capped(&file, PSEUDO_FILE_CAP).map_err(|e| match e {
                ReadCapped::TooLarge => OpenError::TooLarge {
                    path: path.to_path_buf(),
                    cap: PSEUDO_FILE_CAP,
                },
                ReadCapped::Io(e) => io_err(e),
            })?;
            let kind = if bytes.is_empty() && !is_pseudo_filesystem(&file) {
                SourceKind::File
            } else {
                SourceKind::PseudoFile
            };
            (Bytes::Memory(bytes), kind)
        } else {
            (
                map_or_pread(&file, meta.len(), opts.no_map),
                SourceKind::File,
            )
        };
        let file = matches!(bytes, Bytes::Mapped(_) | Bytes::Pread(_)).then_some(file);
        Ok(Source {
            bytes,
            file,
            vanished: AtomicU64::new(WHOLE),
            kind,
            path: Some(path.to_path_buf()),
            target: Some(target),
            identity,
        })
    }

    /// All the bytes as one slice, when they are mapped or in memory (not
    /// when read through `pread`).
    pub fn as_slice(&self) -> Option<&[u8]> {
        match &self.bytes {
            Bytes::Mapped(m) => Some(m.bytes()),
            Bytes::Memory(v) => Some(v),
            Bytes::Pread(_) => None,
        }
    }

    /// The bytes in `range` (clipped to the source): borrowed from the map
    /// or memory, or read from the file. Bytes the file no longer has read
    /// as zeros.
    pub fn slice(&self, range: Range<u64>) -> Cow<'_, [u8]> {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        match (&self.bytes, &self.file) {
            (Bytes::Mapped(m), _) => Cow::Borrowed(&m.bytes()[start as usize..end as usize]),
            (Bytes::Memory(v), _) => Cow::Borrowed(&v[start as usize..end as usize]),
            (Bytes::Pread(_), file) => {
                let mut out = vec![0; (end - start) as usize];
                if let Some(file) = file {
                    pread_full(file, start, &mut out);
                }
                Cow::Owned(out)
            }
        }
    }

    /// Copies the bytes at `offset` into `out`; returns how many the source
    /// has there.
    pub fn read_at(&self, offset: u64, out: &mut [u8]) -> usize {
        let bytes = self.slice(offset..offset.saturating_add(out.len() as u64));
        out[..bytes.len()].copy_from_slice(&bytes);
        bytes.len()
    }

    pub fn len(&self) -> u64 {
        match &self.bytes {
            Bytes::Mapped(m) => m.bytes().len() as u64,
            Bytes::Memory(v) => v.len() as u64,
            Bytes::Pread(len) => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the bytes are read through `pread` (the file could not be
    /// mapped).
    pub fn is_pread(&self) -> bool {
        matches!(self.bytes, Bytes::Pread(_))
    }

    /// Where the file now ends, if another program cut it shorter than the
    /// source since it was opened: the bytes from there on read as zeros.
    pub fn vanished_from(&self) -> Option<u64> {
        let at = self.vanished.load(Ordering::Relaxed);
        (at != WHOLE).then_some(at)
    }

    /// Checks whether the file was cut shorter than the source. The first
    /// time it sees a new, shorter size it makes every vanished page read
    /// as zeros (so nothing faults, and saves can copy them) and returns
    /// the new size; otherwise `None`.
    pub fn check_shrink(&self) -> Option<u64> {
        let file = self.file.as_ref()?;
        let size = match &self.bytes {
            Bytes::Mapped(_) | Bytes::Pread(_) if self.kind != SourceKind::BlockDevice => {
                file.metadata().ok()?.len()
            }
            _ => return None,
        };
        let known = self.vanished.load(Ordering::Relaxed).min(self.len());
        if size >= known {
            return None;
        }
        if let Bytes::Mapped(m) = &self.bytes {
            let _ = m.zero_from(size as usize);
        }
        self.vanished.store(size, Ordering::Relaxed);
        Some(size)
    }

    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    /// True when the bytes come from a memory map of the file.
    pub fn is_mapped(&self) -> bool {
        matches!(self.bytes, Bytes::Mapped(_))
    }

    /// The path as given by the user, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The file a save writes: the path with symlinks resolved.
    pub fn target(&self) -> Option<&Path> {
        self.target.as_deref()
    }

    pub fn identity(&self) -> Option<&FileIdentity> {
        self.identity.as_ref()
    }

    /// Whether the file at the target no longer matches what was opened:
    /// another program wrote, replaced or removed it.
    pub fn changed_on_disk(&self) -> bool {
        let Some(target) = &self.target else {
            return false;
        };
        match (&self.identity, fs::metadata(target)) {
            (Some(id), Ok(meta)) => *id != FileIdentity::of(&meta),
            (Some(_), Err(_)) => true,
            // A new file that someone else created meanwhile.
            (None, Ok(_)) => self.kind == SourceKind::NewFile,
            (None, Err(_)) => false,
        }
    }

    /// The same bytes shown under `path` (a symlink the user opened).
    pub fn with_path(mut self, path: PathBuf) -> Self {
        self.path = Some(path);
        self
    }

    /// The same bytes, to be saved to `target` and shown as `path`.
    pub fn with_target(mut self, target: PathBuf, path: PathBuf) -> Self {
        self.kind = SourceKind::File;
        self.target = Some(target);
        self.path = Some(path);
        self.identity = None;
        self
    }

    /// Re-reads the identity of the target after hexbuf itself wrote it.
    pub(crate) fn refresh_identity(&mut self) {
        if let Some(meta) = self.target.as_ref().and_then(|t| fs::metadata(t).ok()) {
            self.identity = Some(FileIdentity::of(&meta));
        }
    }

    /// Hints that the bytes will be read front to back (search, dump).
    pub fn advise_sequential(&self) {
        if let Bytes::Mapped(m) = &self.bytes {
            m.advise(memmap2::Advice::Sequential);
        }
    }

    /// Maps the pages of `range` (clipped to the source) just before they
    /// are read: one call instead of a page fault every few pages, which
    /// saves about a tenth of the time of scanning a cached file. A hint: it
    /// does nothing for bytes in memory or on kernels without
    /// `MADV_POPULATE_READ`. Callers ask for a block at a time, so that a
    /// reader that stops early (`dump | head`) has not read the whole file.
    pub fn prefetch(&self, range: Range<u64>) {
        if let Bytes::Mapped(m) = &self.bytes {
            let len = m.bytes().len() as u64;
            let (start, end) = (range.start.min(len), range.end.min(len));
            if start < end {
                m.advise_range(PREFETCH, start as usize, (end - start) as usize);
            }
        }
    }
}

/// How [`Source::prefetch`] asks for pages: Linux maps them at once
/// (`MADV_POPULATE_READ`, 5.14 on); other systems have only the hint that
/// they will be needed, which starts reading them ahead.
#[cfg(target_os = "linux")]
const PREFETCH: memmap2::Advice = memmap2::Advice::PopulateRead;
#[cfg(not(target_os = "linux"))]
const PREFETCH: memmap2::Advice = memmap2::Advice::WillNeed;

fn check_parent(path: &Path) -> Result<(), OpenError> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if parent.is_dir() {
        Ok(())
    } else {
        Err(OpenError::NoParentDirectory {
            path: path.to_path_buf(),
        })
    }
}

fn check_file_type(path: &Path, meta: &Metadata, opts: OpenOptions) -> Result<(), OpenError> {
    let ft = meta.file_type();
    let path = path.to_path_buf();
    if ft.is_dir() {
        Err(OpenError::IsDirectory { path })
    } else if ft.is_char_device() {
        Err(OpenError::CharDevice { path })
    } else if ft.is_fifo() {
        Err(OpenError::Fifo { path })
    } else if ft.is_socket() {
        Err(OpenError::Socket { path })
    } else if ft.is_block_device() && !opts.allow_block_device {
        Err(OpenError::BlockDevice { path })
    } else {
        Ok(())
    }
}

/// Maps `len` bytes of `file`, or, where the file cannot be mapped (no
/// address space left under `ulimit -v`, a filesystem without mmap, every
/// guard slot taken), reads it through `pread`.
fn map_or_pread(file: &File, len: u64, no_map: bool) -> Bytes {
    if len == 0 {
        return Bytes::Memory(Vec::new());
    }
    if no_map || std::env::var_os("HEXBUF_NO_MMAP").is_some_and(|v| !v.is_empty()) {
        return Bytes::Pread(len);
    }
    match usize::try_from(len).map(|n| GuardedMap::new(file, n)) {
        Ok(Ok(map)) => Bytes::Mapped(map),
        _ => Bytes::Pread(len),
    }
}

/// Fills `out` from `file` at `offset`; what the file does not have (it
/// ended, or a read failed) stays zero.
fn pread_full(file: &File, mut offset: u64, mut out: &mut [u8]) {
    while !out.is_empty() {
        match file.read_at(out, offset) {
            Ok(0) => return,
            Ok(n) => {
                offset += n as u64;
                out = &mut out[n..];
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

enum ReadCapped {
    TooLarge,
    Io(io::Error),
}

fn read_capped(file: &File, cap: u64) -> Result<Vec<u8>, ReadCapped> {
    let mut bytes = Vec::new();
    let mut reader = file.take(cap + 1);
    loop {
        match reader.read_to_end(&mut bytes) {
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadCapped::Io(e)),
        }
    }
    if bytes.len() as u64 > cap {
        return Err(ReadCapped::TooLarge);
    }
    Ok(bytes)
}

/// Whether the file lives on a kernel pseudo filesystem whose sizes lie.
/// The magic numbers are Linux's.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn is_pseudo_filesystem(file: &File) -> bool {
    const PSEUDO_MAGICS: &[i64] = &[
        0x9fa0,      // proc
        0x6265_6572, // sysfs
        0x6462_6720, // debugfs
        0x7472_6163, // tracefs
        0x7363_6673, // securityfs
        0x0027_e0eb, // cgroup
        0x6367_7270, // cgroup2
        0x6265_6570, // configfs
        0xde5e_81e4, // efivarfs
        0xcafe_4a11, // bpf
    ];
    match rustix::fs::fstatfs(file) {
        #[allow(clippy::unnecessary_cast)]
        Ok(st) => PSEUDO_MAGICS.contains(&(st.f_type as i64)),
        Err(_) => false,
    }
}

/// Elsewhere no file system is known to report sizes that lie.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn is_pseudo_filesystem(_file: &File) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp_with(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.bin");
        fs::File::create(&path).unwrap().write_all(bytes).unwrap();
        (dir, path)
    }

    #[test]
    fn regular_file_is_mapped_and_identity_recorded() {
        let (_d, path) = temp_with(b"hello");
        let s = Source::open(&path, OpenOptions::default()).unwrap();
        assert!(s.is_mapped());
        assert_eq!(s.as_slice().unwrap(), b"hello");
        assert_eq!(s.kind(), SourceKind::File);
        assert_eq!(s.identity().unwrap().len, 5);
        assert!(!s.changed_on_disk());
    }

    #[test]
    fn prefetch_is_clipped_to_the_map_and_changes_nothing() {
        let bytes: Vec<u8> = (0..=255).cycle().take(3 * 4096 + 5).collect();
        let (_d, path) = temp_with(&bytes);
        let s = Source::open(&path, OpenOptions::default()).unwrap();
        assert!(s.is_mapped());
        let backwards = Range { start: 9, end: 3 };
        for range in [0..u64::MAX, 4095..4097, backwards, u64::MAX - 1..u64::MAX] {
            s.prefetch(range);
        }
        assert_eq!(s.as_slice().unwrap(), bytes);
        Source::from_vec(bytes.clone()).prefetch(0..10);
    }

    #[test]
    fn empty_file_lives_in_memory_and_is_a_plain_file() {
        let (_d, path) = temp_with(b"");
        let s = Source::open(&path, OpenOptions::default()).unwrap();
        assert!(!s.is_mapped());
        assert_eq!(s.kind(), SourceKind::File);
        assert!(s.is_empty());
    }

    #[test]
    fn missing_path_is_not_found_and_open_or_create_starts_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope");
        assert!(matches!(
            Source::open(&path, OpenOptions::default()),
            Err(OpenError::NotFound { .. })
        ));
        let s = Source::open_or_create(&path, OpenOptions::default()).unwrap();
        assert_eq!(s.kind(), SourceKind::NewFile);
        assert!(s.is_empty());
        let deeper = dir.path().join("no/such/dir/f");
        assert!(matches!(
            Source::open_or_create(&deeper, OpenOptions::default()),
            Err(OpenError::NoParentDirectory { .. })
        ));
    }

    #[test]
    fn directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = Source::open(dir.path(), OpenOptions::default()).unwrap_err();
        assert!(matches!(err, OpenError::IsDirectory { .. }));
        assert!(err.to_string().contains("is a directory"));
    }

    #[test]
    fn dangling_and_looping_symlinks_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("missing"), &dangling).unwrap();
        assert!(matches!(
            Source::open(&dangling, OpenOptions::default()),
            Err(OpenError::DanglingSymlink { .. })
        ));
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        assert!(matches!(
            Source::open(&a, OpenOptions::default()),
            Err(OpenError::SymlinkLoop { .. })
        ));
    }

    #[test]
    fn symlink_target_is_resolved_for_saving() {
        let (dir, path) = temp_with(b"x");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let s = Source::open(&link, OpenOptions::default()).unwrap();
        assert_eq!(s.path().unwrap(), link);
        assert_eq!(s.target().unwrap(), fs::canonicalize(&path).unwrap());
    }

    #[test]
    fn fifo_without_writer_is_refused_without_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        crate::core::test_support::make_fifo(&fifo);
        assert!(matches!(
            Source::open(&fifo, OpenOptions::default()),
            Err(OpenError::Fifo { .. })
        ));
    }

    #[test]
    fn char_devices_are_refused() {
        for dev in ["/dev/zero", "/dev/urandom", "/dev/null"] {
            let err = Source::open(Path::new(dev), OpenOptions::default()).unwrap_err();
            assert!(matches!(err, OpenError::CharDevice { .. }), "{dev}: {err}");
        }
    }

    #[test]
    fn proc_files_are_read_to_their_end_read_only() {
        let s = Source::open(Path::new("/proc/self/status"), OpenOptions::default()).unwrap();
        assert_eq!(s.kind(), SourceKind::PseudoFile);
        assert!(s.as_slice().unwrap().starts_with(b"Name:"));
    }

    #[test]
    fn file_changed_on_disk_is_detected() {
        let (_d, path) = temp_with(b"abc");
        let s = Source::open(&path, OpenOptions::default()).unwrap();
        fs::write(&path, b"abcd").unwrap();
        assert!(s.changed_on_disk());
    }

    #[test]
    fn non_utf8_file_names_open() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9.bin"));
        fs::write(&path, b"z").unwrap();
        let s = Source::open(&path, OpenOptions::default()).unwrap();
        assert_eq!(s.path().unwrap(), path);
        assert_eq!(s.as_slice().unwrap(), b"z");
    }
}
