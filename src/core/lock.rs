//! One editor per file, advised: the first hexbuf to open a file holds an
//! advisory lock on a small lock file of its own (never on the user's
//! file, which is not opened for writing or changed), and a second one
//! learns the first one's pid and warns. The lock is `flock`, so it dies
//! with its process, even by SIGKILL; it never blocks.
//!
//! Lock files live in `$XDG_RUNTIME_DIR/hexbuf/` (else a private
//! `hexbuf-UID` in the temporary directory), named by a hash of the file's
//! canonical path, and hold the pid of their holder. The holder removes
//! its lock file when it ends; one left by a killed holder is reused.

use std::fs::{self, DirBuilder, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use rustix::fs::FlockOperation;
use sha2::{Digest, Sha256};

/// The lock this process holds on a file; dropping it releases it.
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
    path: PathBuf,
}

/// What trying the lock found.
#[derive(Debug)]
pub enum Instance {
    /// No other hexbuf has the file open; this one now holds it.
    Only(InstanceLock),
    /// Another hexbuf holds it: its pid, when it could be read.
    Other { pid: Option<u32> },
}

impl Drop for InstanceLock {
    fn drop(&mut self) {
        // Unlinked while still locked: a process that opened it meanwhile
        // sees that its lock file is gone and takes a new one.
        let _ = fs::remove_file(&self.path);
    }
}

/// Takes the lock for `target` (a canonical path) in the user's runtime
/// directory.
pub fn acquire(target: &Path) -> io::Result<Instance> {
    acquire_in(&runtime_dir()?, target)
}

/// Takes the lock for `target` among the lock files in `dir`.
pub fn acquire_in(dir: &Path, target: &Path) -> io::Result<Instance> {
    let path = dir.join(lock_name(target));
    // A few rounds at most: each retry means a holder ended meanwhile.
    for _ in 0..4 {
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .mode(0o600)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
            .open(&path)?;
        match rustix::fs::flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {
                let same = fs::symlink_metadata(&path)
                    .is_ok_and(|m| m.ino() == file.metadata().map(|f| f.ino()).unwrap_or(0));
                if !same {
                    continue;
                }
                file.set_len(0)?;
                file.write_all(std::process::id().to_string().as_bytes())?;
                return Ok(Instance::Only(InstanceLock { _file: file, path }));
            }
            Err(rustix::io::Errno::WOULDBLOCK) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Ok(Instance::Other {
                    pid: text.trim().parse().ok(),
                });
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(io::Error::other("the lock file kept changing"))
}

/// The lock file's name: a hash of the path, so any path fits.
fn lock_name(target: &Path) -> String {
    let digest = Sha256::digest(target.as_os_str().as_encoded_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("{hex}.lock")
}

/// `$XDG_RUNTIME_DIR/hexbuf`, else `hexbuf-UID` in the temporary
/// directory; created private, and refused unless it is a directory of
/// this user's (another user must not be able to plant lock files).
fn runtime_dir() -> io::Result<PathBuf> {
    let uid = rustix::process::geteuid().as_raw();
    let dir = match std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) {
        Some(d) if d.is_absolute() && d.is_dir() => d.join("hexbuf"),
        _ => std::env::temp_dir().join(format!("hexbuf-{uid}")),
    };
    match DirBuilder::new().mode(0o700).create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    let meta = fs::symlink_metadata(&dir)?;
    if !meta.is_dir() || meta.uid() != uid || meta.mode() & 0o022 != 0 {
        return Err(io::Error::other(format!(
            "{} is not a private directory of this user",
            dir.display()
        )));
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_lock_on_a_file_names_the_holder_until_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let target = Path::new("/some/file.bin");
        let first = match acquire_in(dir.path(), target).unwrap() {
            Instance::Only(lock) => lock,
            other => panic!("the first lock: {other:?}"),
        };
        // flock conflicts between two opens even in one process.
        match acquire_in(dir.path(), target).unwrap() {
            Instance::Other { pid } => assert_eq!(pid, Some(std::process::id())),
            other => panic!("the second lock: {other:?}"),
        }
        // Another file is not affected.
        assert!(matches!(
            acquire_in(dir.path(), Path::new("/some/other.bin")).unwrap(),
            Instance::Only(_)
        ));
        drop(first);
        assert!(matches!(
            acquire_in(dir.path(), target).unwrap(),
            Instance::Only(_)
        ));
    }

    #[test]
    fn a_released_lock_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let lock = acquire_in(dir.path(), Path::new("/x")).unwrap();
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        drop(lock);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
