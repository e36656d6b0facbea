//! Files the user cannot write, opened in the real editor: as an
//! unprivileged user (setpriv from root, as CI runs) and on a read-only
//! mount (a user and mount namespace, where the kernel allows one). The
//! file opens marked `[read-only]`, edits stay possible, Ctrl+S says why it
//! cannot write and offers Save As, and the file is never touched.

use std::fs::{self, Permissions};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use portable_pty::CommandBuilder;

use super::harness::keys::{CTRL_Q, CTRL_S, ENTER, ESC};
use super::harness::{Pty, Screen, TIMEOUT, is_editor_screen};

const CTRL_U: &str = "\x15";

fn running_as_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
}

/// `program args…` in a pty with a capable TERM.
fn command(dir: &Path, program: &str, args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(program);
    cmd.args(args);
    cmd.cwd(dir);
    cmd.env("TERM", "xterm-256color");
    cmd
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_hexbuf")
}

/// Esc, and waits for it: an Esc followed at once by another key reads
/// as Alt+that key.
fn close_prompt(pty: &mut Pty) {
    pty.send(ESC);
    pty.expect(|s| !s.message().contains("Save as"), "the prompt closed");
}

fn is_read_only(s: &Screen) -> bool {
    s.status().contains("[read-only]")
}

/// Opens `file` as nobody and checks the mark, an edit, and Ctrl+S.
fn open_as_nobody(dir: &Path, file: &Path, reason: &str) -> Pty {
    let cmd = command(
        dir,
        "setpriv",
        &[
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            bin(),
            file.to_str().unwrap(),
        ],
    );
    let mut pty = Pty::spawn_command(cmd, 36, 120);
    let s = pty.expect(is_editor_screen, "the editor, as nobody");
    assert!(is_read_only(&s), "the mark: {}", s.status());
    assert!(
        s.message().contains("cannot write") && s.message().contains(reason),
        "the reason at open: {}",
        s.message()
    );
    pty.send("41");
    pty.expect(
        |s| s.is_modified() && is_read_only(s),
        "an edit in the buffer",
    );
    pty.send(CTRL_S);
    let s = pty.expect(|s| s.message().contains("Save as"), "Save As offered");
    assert!(
        s.message()
            .starts_with(&format!("Cannot write {} ({reason}", file.display())),
        "why, then the prompt: {}",
        s.message()
    );
    pty
}

#[test]
fn a_file_nobody_may_write_opens_read_only_and_saves_elsewhere() {
    assert!(
        running_as_root(),
        "this test drops from root to nobody: run the suite as root"
    );
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), Permissions::from_mode(0o777)).unwrap();
    // Mode 0444, and mode 0644 owned by someone else (root).
    for mode in [0o444, 0o644] {
        let file = dir.path().join(format!("data-{mode:o}.bin"));
        fs::write(&file, b"abcdefgh").unwrap();
        fs::set_permissions(&file, Permissions::from_mode(mode)).unwrap();
        let mut pty = open_as_nobody(dir.path(), &file, "permission denied");
        // Save As onto the file itself is refused the same way.
        pty.send(ENTER);
        let s = pty.expect(|s| s.message().starts_with("not saved"), "refused");
        assert!(s.message().contains("permission denied"), "{}", s.message());
        assert!(s.is_modified(), "the edit is kept");
        pty.send(CTRL_S);
        pty.expect(|s| s.message().contains("Save as"), "Save As offered again");
        let copy = dir.path().join(format!("copy-{mode:o}.bin"));
        pty.send(CTRL_U);
        pty.send(copy.to_str().unwrap());
        pty.send(ENTER);
        let s = pty.expect(|s| s.message().starts_with("saved "), "saved elsewhere");
        assert!(!s.is_modified() && !is_read_only(&s), "{}", s.status());
        pty.send(CTRL_Q);
        assert!(pty.wait_exit(TIMEOUT).unwrap().success());
        assert_eq!(fs::read(&copy).unwrap(), b"Abcdefgh");
        assert_eq!(fs::read(&file).unwrap(), b"abcdefgh", "untouched");
    }
}

#[test]
fn a_new_file_in_a_directory_nobody_may_write_is_read_only() {
    assert!(running_as_root(), "run the suite as root");
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), Permissions::from_mode(0o755)).unwrap();
    let file = dir.path().join("new.bin");
    let mut pty = open_as_nobody(dir.path(), &file, "no permission to create");
    close_prompt(&mut pty);
    super::quit_discarding(&mut pty);
    assert!(!file.exists());
}

#[test]
fn a_file_the_user_owns_is_not_marked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.bin");
    fs::write(&file, b"abcd").unwrap();
    let mut pty = Pty::start(dir.path(), &[file.to_str().unwrap()]);
    let s = pty.expect(is_editor_screen, "the editor");
    assert!(!is_read_only(&s), "{}", s.status());
    pty.send(CTRL_Q);
    assert!(pty.wait_exit(TIMEOUT).unwrap().success());
}

/// Makes `dir` a read-only bind mount in a new user and mount namespace and
/// runs the script there; None (with the kernel's reason printed) when the
/// kernel refuses the namespace.
fn read_only_mount_script(dir: &Path, then: &str) -> Option<String> {
    let d = dir.display();
    let setup = format!("mount --bind '{d}' '{d}' && mount -o remount,bind,ro '{d}'");
    let probe = Command::new("unshare")
        .args([
            "-rm",
            "sh",
            "-c",
            &format!("{setup} && ! touch '{d}/probe'"),
        ])
        .output()
        .expect("unshare runs (util-linux)");
    if !probe.status.success() {
        let why = String::from_utf8_lossy(&probe.stderr);
        // Skipping is only right when the kernel said no, in words.
        assert!(!why.trim().is_empty(), "unshare failed without a reason");
        eprintln!("skipped the read-only mount case: {}", why.trim());
        return None;
    }
    Some(format!("{setup} && exec {then}"))
}

#[test]
fn a_file_on_a_read_only_mount_opens_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.bin");
    fs::write(&file, b"abcd").unwrap();
    let then = format!("'{}' '{}'", bin(), file.display());
    let Some(script) = read_only_mount_script(dir.path(), &then) else {
        return;
    };
    let cmd = command(dir.path(), "unshare", &["-rm", "sh", "-c", &script]);
    let mut pty = Pty::spawn_command(cmd, 36, 120);
    let s = pty.expect(is_editor_screen, "the editor");
    assert!(is_read_only(&s), "{}", s.status());
    assert!(
        s.message().contains("read-only file system"),
        "{}",
        s.message()
    );
    pty.send("41");
    pty.expect(|s| s.is_modified(), "an edit");
    pty.send(CTRL_S);
    pty.expect(
        |s| s.message().contains("(a read-only file system). Save as"),
        "Save As offered",
    );
    close_prompt(&mut pty);
    super::quit_discarding(&mut pty);
    assert_eq!(fs::read(&file).unwrap(), b"abcd");
}
