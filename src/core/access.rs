//! Whether hexbuf may write a file: asked of the kernel before the first
//! save, so that a file the user cannot write opens marked read-only
//! instead of failing (or worse, half-succeeding) at Ctrl+S.
//!
//! The answer combines the file's mode and owner and the mount: a file on
//! a read-only mount, or one whose permission bits or ACLs refuse writing
//! to the effective user, cannot be written. It is advice, not a lock:
//! the answer may change at any time (chmod, remount), so the editor asks
//! again at each save.

use std::io;
use std::path::Path;

use rustix::fs::{Access, AtFlags, CWD, StatVfsMountFlags};
use thiserror::Error;

/// Why a file cannot be written.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Unwritable {
    #[error("a read-only file system")]
    ReadOnlyMount,
    #[error("permission denied")]
    PermissionDenied,
    #[error("no permission to create files in its directory")]
    CannotCreate,
    #[error("the file is immutable")]
    Immutable,
    #[error("{0}")]
    Other(String),
}

/// Checks that the effective user may write `path`, or create it when it
/// does not exist (then its directory must be writable).
pub fn check_writable(path: &Path) -> Result<(), Unwritable> {
    let exists = path.symlink_metadata().is_ok();
    let (probe, access) = if exists {
        (path, Access::WRITE_OK)
    } else {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        (parent, Access::WRITE_OK | Access::EXEC_OK)
    };
    if rustix::fs::statvfs(probe).is_ok_and(|s| s.f_flag.contains(StatVfsMountFlags::RDONLY)) {
        return Err(Unwritable::ReadOnlyMount);
    }
    // EACCESS: the effective ids, the ones an open() is checked against.
    match rustix::fs::accessat(CWD, probe, access, AtFlags::EACCESS) {
        Ok(()) => Ok(()),
        Err(rustix::io::Errno::ROFS) => Err(Unwritable::ReadOnlyMount),
        Err(rustix::io::Errno::ACCESS) if exists => Err(Unwritable::PermissionDenied),
        Err(rustix::io::Errno::ACCESS) => Err(Unwritable::CannotCreate),
        // chattr +i (or +a) files refuse writing even to root.
        Err(rustix::io::Errno::PERM) => Err(Unwritable::Immutable),
        Err(e) => Err(Unwritable::Other(io::Error::from(e).to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn an_ordinary_file_and_a_new_name_in_a_writable_directory_are_writable() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.bin");
        fs::write(&file, b"x").unwrap();
        assert_eq!(check_writable(&file), Ok(()));
        assert_eq!(check_writable(&dir.path().join("new.bin")), Ok(()));
    }

    #[test]
    fn a_0444_file_is_unwritable_unless_privileged() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.bin");
        fs::write(&file, b"x").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
        // The oracle: whether opening it for writing works for this user
        // (root may write a 0444 file; the e2e tests cover a plain user).
        let can_open = fs::OpenOptions::new().write(true).open(&file).is_ok();
        assert_eq!(check_writable(&file).is_ok(), can_open);
        if !can_open {
            assert_eq!(check_writable(&file), Err(Unwritable::PermissionDenied));
        }
    }
}
