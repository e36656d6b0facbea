//! The editor in a pty: the rollback notice on its message line, and the
//! recovery file's mode when its terminal goes away.

use super::harness::{Pty, TIMEOUT, keys::CTRL_Q};
use super::*;
use hexbuf::core::journal::Journal;

pub fn rollback_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.bin");
    let old = Rng(11).bytes(4096);
    fs::write(&path, &old).unwrap();
    // A save that journaled two ranges, wrote one and died.
    let file = RealIo.open_write(&path).unwrap();
    let journal = Journal::write(&RealIo, &path, &file, &[16..32, 2048..2100], 4096).unwrap();
    std::os::unix::fs::FileExt::write_all_at(&file, &[0xaa; 16], 16).unwrap();
    drop(journal);
    drop(file);

    let mut pty = Pty::start(dir.path(), &[path.to_str().unwrap()]);
    let s = pty.expect(
        |s| s.message().contains("rolled back"),
        "the rollback notice",
    );
    assert!(
        s.message()
            .contains("an interrupted save was rolled back (2 ranges restored)"),
        "{}",
        s.message()
    );
    assert!(fs::read(&path).unwrap() == old);
    assert_eq!(names(dir.path()), ["data.bin"]);
    pty.send(CTRL_Q);
    assert!(pty.wait_exit(TIMEOUT).unwrap().success());
}

pub fn private_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.bin");
    fs::write(&path, [0u8; 4]).unwrap();
    set_mode(&path, 0o644);
    let mut pty = Pty::start(dir.path(), &[path.to_str().unwrap()]);
    pty.send("41");
    pty.expect(|s| s.contains("[modified]"), "the edit");
    pty.hang_up();
    pty.wait_exit(TIMEOUT).expect("the editor exits");
    let recovered: Vec<PathBuf> = names(dir.path())
        .into_iter()
        .filter(|n| n.contains(".hexbuf-recovered-"))
        .map(|n| dir.path().join(n))
        .collect();
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    assert_eq!(fs::read(&recovered[0]).unwrap(), [0x41, 0, 0, 0]);
    assert_eq!(mode_of(&recovered[0]), 0o600);
}
