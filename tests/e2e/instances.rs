//! Two editors on one file: the second warns with the first one's pid,
//! through a lock that never touches the file and dies with its holder.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::harness::{Pty, TIMEOUT, hexbuf_command, is_editor_screen};
use super::{arg, quit_cleanly};

/// An editor on `file`, started in `dir` with `env` set, once its first
/// frame is on screen.
fn open_with(dir: &Path, file: &Path, env: &[(&str, &Path)]) -> Pty {
    let mut cmd = hexbuf_command(dir, &[arg(file)]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let pty = Pty::spawn_command(cmd, 36, 120);
    pty.wait_for(is_editor_screen, TIMEOUT)
        .unwrap_or_else(|e| panic!("the editor did not start: {e}"));
    pty
}

#[test]
fn a_second_editor_on_the_same_file_warns_with_the_first_ones_pid() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.bin");
    fs::write(&path, b"abcd").unwrap();
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    let open = |file: &Path| open_with(dir.path(), file, &[("XDG_RUNTIME_DIR", runtime.path())]);
    let mut first = open(&path);
    let s = first.expect(is_editor_screen, "the first editor");
    assert!(!s.message().contains("also open"), "{}", s.message());

    // The same file by another name (a symlink) is the same file.
    let link = dir.path().join("link.bin");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let mut second = open(&link);
    let want = format!("link.bin is also open in hexbuf (pid {})", first.pid());
    second.expect(|s| s.message().contains(&want), "the warning");
    // Another file: no warning.
    let other = dir.path().join("other.bin");
    fs::write(&other, b"x").unwrap();
    let mut third = open(&other);
    let s = third.expect(is_editor_screen, "an editor on another file");
    assert!(!s.message().contains("also open"), "{}", s.message());
    quit_cleanly(&mut third);

    quit_cleanly(&mut first);
    quit_cleanly(&mut second);
    let mut again = open(&path);
    let s = again.expect(is_editor_screen, "an editor after both quit");
    assert!(!s.message().contains("also open"), "{}", s.message());
    quit_cleanly(&mut again);

    assert_eq!(fs::read(&path).unwrap(), b"abcd");
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    let left: Vec<_> = fs::read_dir(runtime.path().join("hexbuf"))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "lock files removed: {left:?}");
}

#[test]
fn the_lock_dies_with_a_killed_editor() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.bin");
    fs::write(&path, b"abcd").unwrap();
    let open = || open_with(dir.path(), &path, &[("XDG_RUNTIME_DIR", runtime.path())]);
    let mut first = open();
    let status = Command::new("kill")
        .args(["-KILL", &first.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    first.wait_exit(TIMEOUT).expect("killed");
    let mut second = open();
    let s = second.expect(is_editor_screen, "the editor");
    assert!(!s.message().contains("also open"), "{}", s.message());
    quit_cleanly(&mut second);
}

/// After Save As the editor stands for the new file: a second editor on it
/// warns, one on the old file does not, and the session's bookmarks are
/// found with the new file.
#[test]
fn the_lock_and_the_bookmarks_follow_a_save_as() {
    const ALT_B: &str = "\x1bb";
    const ALT_S: &str = "\x1bs";
    const CTRL_U: &str = "\x15";
    let dir = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.bin");
    let new = dir.path().join("new.bin");
    fs::write(&old, b"0123456789abcdef").unwrap();
    let env = [
        ("XDG_RUNTIME_DIR", runtime.path()),
        ("XDG_STATE_HOME", state.path()),
    ];
    let open = |file: &Path| open_with(dir.path(), file, &env);
    let mut first = open(&old);
    first.expect(is_editor_screen, "the first editor");
    first.send(ALT_B);
    first.expect(|s| s.contains("Bookmark 0x0"), "the bookmark prompt");
    first.send("start");
    first.send("\r");
    first.expect(
        |s| s.message().contains("bookmark 'start'"),
        "the bookmark set",
    );
    first.send(ALT_S);
    first.expect(|s| s.message().contains("Save as"), "the Save As prompt");
    first.send(CTRL_U);
    first.send(new.to_str().unwrap());
    first.send("\r");
    first.expect(|s| s.message().starts_with("saved "), "saved as new.bin");
    assert_eq!(fs::read(&new).unwrap(), b"0123456789abcdef");

    let want = format!("new.bin is also open in hexbuf (pid {})", first.pid());
    let mut second = open(&new);
    second.expect(
        |s| s.message().contains(&want),
        "the warning on the new file",
    );
    quit_cleanly(&mut second);
    let mut third = open(&old);
    let s = third.expect(is_editor_screen, "an editor on the old file");
    assert!(!s.message().contains("also open"), "{}", s.message());
    quit_cleanly(&mut third);

    let files: Vec<_> = fs::read_dir(state.path().join("hexbuf/bookmarks"))
        .expect("the bookmarks directory")
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        files
            .iter()
            .any(|t| t.contains("new.bin") && t.contains("start")),
        "the bookmark kept for new.bin: {files:?}"
    );
    quit_cleanly(&mut first);
}

/// Save As chosen when quitting (a buffer with no file: the built-in
/// sample) quits once saved, and the session's bookmarks are written for
/// the new file first, where reopening it finds them.
#[test]
fn bookmarks_follow_a_save_as_that_quits() {
    const ALT_B: &str = "\x1bb";
    const CTRL_Q: &str = "\x11";
    const CTRL_U: &str = "\x15";
    let dir = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let new = dir.path().join("kept.bin");
    let mut cmd = hexbuf_command(dir.path(), &[] as &[&str]);
    cmd.env("XDG_RUNTIME_DIR", runtime.path());
    cmd.env("XDG_STATE_HOME", state.path());
    let mut pty = Pty::spawn_command(cmd, 36, 120);
    pty.expect(is_editor_screen, "the editor on the sample");
    pty.send(ALT_B);
    pty.expect(|s| s.contains("Bookmark 0x0"), "the bookmark prompt");
    pty.send("start\r");
    pty.expect(
        |s| s.message().contains("bookmark 'start'"),
        "the bookmark set",
    );
    pty.send("ff");
    pty.send(CTRL_Q);
    pty.expect(|s| s.message().contains("Unsaved edits"), "the question");
    pty.send("s");
    pty.expect(|s| s.message().contains("Save as"), "the Save As prompt");
    pty.send(CTRL_U);
    pty.send(new.to_str().unwrap());
    pty.send("\r");
    let status = pty.wait_exit(TIMEOUT).expect("quit once saved");
    assert!(status.success(), "{status:?}");
    assert!(new.exists());

    let canonical = fs::canonicalize(&new).unwrap();
    let file =
        hexbuf::core::bookmarks::state_file(&state.path().join("hexbuf/bookmarks"), &canonical);
    let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert!(text.contains("start"), "{text}");
}

/// Saving when quitting quits once the save is done, with no further key.
#[test]
fn saving_on_quitting_quits_without_another_key() {
    const CTRL_Q: &str = "\x11";
    let dir = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.bin");
    fs::write(&path, b"0123456789abcdef").unwrap();
    let mut pty = open_with(dir.path(), &path, &[("XDG_RUNTIME_DIR", runtime.path())]);
    pty.send("ff");
    pty.send(CTRL_Q);
    pty.expect(|s| s.message().contains("Unsaved edits"), "the question");
    pty.send("s");
    let status = pty.wait_exit(TIMEOUT).expect("quit once saved");
    assert!(status.success(), "{status:?}");
    assert_eq!(fs::read(&path).unwrap()[0], 0xff);
}

/// A `--new` buffer is locked as the file it will be: a second editor on
/// that file by another spelling is told, and the first save keeps the
/// lock (no warning naming the editor itself).
#[test]
fn a_new_buffer_is_locked_as_the_file_it_will_be() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    let start = |args: &[&str]| {
        let mut cmd = hexbuf_command(dir.path(), args);
        cmd.env("XDG_RUNTIME_DIR", runtime.path());
        let pty = Pty::spawn_command(cmd, 36, 120);
        pty.wait_for(is_editor_screen, TIMEOUT)
            .unwrap_or_else(|e| panic!("the editor did not start: {e}"));
        pty
    };
    let mut first = start(&["--new", "8", "new.bin"]);
    first.expect(is_editor_screen, "the first editor");
    let mut second = start(&["--new", "8", "sub/../new.bin"]);
    let want = format!("is also open in hexbuf (pid {})", first.pid());
    second.expect(|s| s.message().contains(&want), "the warning");
    second.send("\x11");
    second.expect(|s| s.message().contains("never saved"), "the question");
    second.send("d");
    assert!(second.wait_exit(TIMEOUT).expect("quits").success());

    first.send("\x13");
    let s = first.expect(|s| s.message().starts_with("saved "), "the first save");
    assert!(!s.message().contains("also open"), "{}", s.message());
    assert_eq!(fs::read(dir.path().join("new.bin")).unwrap(), [0u8; 8]);
    let mut third = open_with(
        dir.path(),
        &dir.path().join("new.bin"),
        &[("XDG_RUNTIME_DIR", runtime.path())],
    );
    third.expect(
        |s| s.message().contains(&want),
        "the lock kept after the save",
    );
    quit_cleanly(&mut third);
    quit_cleanly(&mut first);
}
