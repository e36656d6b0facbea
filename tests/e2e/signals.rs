//! Signals sent to the real editor in a pty: each ends it with 128+N, the
//! terminal back in its own modes (read with `stty -a` from the same pty
//! after hexbuf exits) and the reset sequences written, and unsaved edits
//! in a 0600 recovery file.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use portable_pty::CommandBuilder;

use super::harness::{Pty, TIMEOUT, is_editor_screen};

/// Runs `hexbuf FILE` under `sh` in a pty; when hexbuf exits, the shell
/// prints its exit status and the terminal's modes (`stty -a`).
fn start_under_sh(dir: &Path, file: &Path) -> Pty {
    let mut cmd = CommandBuilder::new("sh");
    cmd.args([
        "-c",
        r#""$0" "$@"; echo "hexbuf-exit=$?"; stty -a"#,
        env!("CARGO_BIN_EXE_hexbuf"),
    ]);
    cmd.arg(file);
    cmd.cwd(dir);
    cmd.env("TERM", "xterm-256color");
    let pty = Pty::spawn_command(cmd, 36, 120);
    pty.wait_for(is_editor_screen, TIMEOUT)
        .unwrap_or_else(|e| panic!("the editor did not start: {e}"));
    pty
}

/// The pid of the one child of `parent` (hexbuf under its shell).
fn child_of(parent: u32) -> u32 {
    let mut children = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ppid ...": comm may hold spaces, so split after ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(parent) {
            children.push(pid);
        }
    }
    assert_eq!(children.len(), 1, "one child of the shell: {children:?}");
    children[0]
}

pub(super) fn kill(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args(["-s", signal, &pid.to_string()])
        .status()
        .expect("running kill");
    assert!(status.success(), "kill -s {signal} {pid}");
}

/// What the pty showed after hexbuf ended: its exit status, the `stty -a`
/// words, and everything written after the editor last entered the
/// alternate screen.
struct After {
    code: Option<i32>,
    stty: Vec<String>,
    tail: String,
}

fn after_exit(pty: &mut Pty) -> After {
    pty.wait_exit(TIMEOUT)
        .expect("the shell exits after hexbuf");
    pty.wait_eof(TIMEOUT).unwrap();
    let raw = pty.raw_output();
    let entered = raw
        .windows(8)
        .rposition(|w| w == b"\x1b[?1049h")
        .expect("the editor used the alternate screen");
    let tail = String::from_utf8_lossy(&raw[entered..]).into_owned();
    let code = tail
        .split("hexbuf-exit=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok());
    let stty_at = tail.find("speed").expect("stty -a ran after hexbuf");
    let stty = tail[stty_at..]
        .split(|c: char| c.is_whitespace() || c == ';')
        .map(str::to_string)
        .collect();
    After { code, stty, tail }
}

#[track_caller]
fn assert_terminal_restored(after: &After) {
    for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            after.stty.iter().any(|w| w == mode),
            "stty -a shows {mode}: {:?}",
            after.stty
        );
    }
    let before_stty = &after.tail[..after.tail.find("hexbuf-exit=").unwrap()];
    for (seq, what) in [
        ("\x1b[?1049l", "the main screen"),
        ("\x1b[?1000l", "mouse capture off"),
        ("\x1b[?2004l", "bracketed paste off"),
        ("\x1b[?25h", "the cursor shown"),
    ] {
        assert!(
            before_stty.contains(seq),
            "{what} ({seq:?}) written before exiting: {before_stty:?}"
        );
    }
}

fn recovery_files(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".hexbuf-recovered-"))
        .collect()
}

#[test]
fn each_terminating_signal_restores_the_terminal_and_saves_the_edits() {
    for (name, number) in [
        ("INT", 2),
        ("QUIT", 3),
        ("TERM", 15),
        ("HUP", 1),
        ("XFSZ", 25),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data.bin");
        fs::write(&file, [0u8; 16]).unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        let mut pty = start_under_sh(dir.path(), &file);
        pty.send("41");
        pty.expect(|s| s.is_modified(), "the edit");
        let pid = child_of(pty.pid());
        kill(pid, name);

        let after = after_exit(&mut pty);
        assert_eq!(
            after.code,
            Some(128 + number),
            "SIG{name}: {:?}",
            after.tail
        );
        assert_terminal_restored(&after);
        let want = dir.path().join(format!("data.bin.hexbuf-recovered-{pid}"));
        assert_eq!(recovery_files(dir.path()), vec![want.clone()], "SIG{name}");
        let mut edited = [0u8; 16];
        edited[0] = 0x41;
        assert_eq!(fs::read(&want).unwrap(), edited, "SIG{name}");
        let mode = fs::metadata(&want).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "SIG{name}: the recovery file is private");
        assert!(
            after.tail.contains(&format!("stopped by SIG{name}"))
                && after.tail.contains("data.bin.hexbuf-recovered-"),
            "one line naming the signal and the file: {:?}",
            after.tail
        );
        assert_eq!(fs::read(&file).unwrap(), [0u8; 16], "the file is untouched");
    }
}

#[test]
fn a_signal_without_unsaved_edits_writes_no_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.bin");
    fs::write(&file, b"abcd").unwrap();
    let mut pty = start_under_sh(dir.path(), &file);
    kill(child_of(pty.pid()), "TERM");
    let after = after_exit(&mut pty);
    assert_eq!(after.code, Some(143));
    assert_terminal_restored(&after);
    assert_eq!(recovery_files(dir.path()), Vec::<PathBuf>::new());
    assert!(
        after.tail.contains("stopped by SIGTERM"),
        "{:?}",
        after.tail
    );
}

#[test]
fn fatal_signals_restore_the_terminal_from_the_handler() {
    for (name, number) in [
        ("SEGV", 11),
        ("ABRT", 6),
        ("BUS", 7),
        ("ILL", 4),
        ("FPE", 8),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data.bin");
        fs::write(&file, [0u8; 16]).unwrap();
        let mut pty = start_under_sh(dir.path(), &file);
        kill(child_of(pty.pid()), name);
        let after = after_exit(&mut pty);
        assert_eq!(
            after.code,
            Some(128 + number),
            "SIG{name}: {:?}",
            after.tail
        );
        assert_terminal_restored(&after);
        assert!(
            after.tail.contains(&format!("stopped by SIG{name}")),
            "{:?}",
            after.tail
        );
    }
}

#[test]
fn a_save_over_the_file_size_limit_fails_with_efbig_and_the_editor_stays() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.bin");
    fs::write(&file, [0u8; 8192]).unwrap();
    // 4 blocks: 2 KiB (dash) or 4 KiB (bash); the last byte is beyond both.
    let mut cmd = CommandBuilder::new("sh");
    cmd.args([
        "-c",
        r#"ulimit -f 4 && exec "$0" "$@""#,
        env!("CARGO_BIN_EXE_hexbuf"),
    ]);
    cmd.arg(&file);
    cmd.cwd(dir.path());
    cmd.env("TERM", "xterm-256color");
    let mut pty = Pty::spawn_command(cmd, 36, 120);
    pty.expect(is_editor_screen, "the editor");
    pty.send(super::harness::keys::CTRL_END);
    pty.expect(|s| s.status().contains(" 0x1fff "), "the last byte");
    pty.send("41");
    pty.expect(|s| s.is_modified(), "the edit");
    pty.send(super::harness::keys::CTRL_S);
    let s = pty.expect(|s| s.message().contains("not saved"), "the save fails");
    assert!(
        s.message().contains("File too large"),
        "EFBIG named: {}",
        s.message()
    );
    assert!(
        pty.is_running(),
        "SIGXFSZ from its own write does not end hexbuf"
    );
    assert!(s.is_modified(), "the edit is kept");
    assert_eq!(
        fs::read(&file).unwrap(),
        [0u8; 8192],
        "the file is untouched"
    );
    super::quit_discarding(&mut pty);
}

#[test]
fn ctrl_c_in_the_editor_is_a_key_not_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.bin");
    fs::write(&file, b"abcd").unwrap();
    let mut pty = start_under_sh(dir.path(), &file);
    pty.send("\x03");
    pty.expect(
        |s| s.message().to_lowercase().contains("cop"),
        "Ctrl+C copies",
    );
    let pid = child_of(pty.pid());
    assert!(Path::new(&format!("/proc/{pid}")).exists(), "still running");
    kill(pid, "TERM");
    assert_eq!(after_exit(&mut pty).code, Some(143));
}
