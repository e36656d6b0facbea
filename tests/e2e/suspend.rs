//! Job control on the real editor in a pty: SIGTSTP hands the terminal back
//! (cooked modes read from the pty, the reset sequences written) and stops
//! the process; SIGCONT takes the terminal again and redraws the whole
//! screen with every edit, the cursor and the undo history kept. A SIGSTOP
//! cannot be caught, but the SIGCONT after it still redraws over whatever
//! another program wrote meanwhile, and puts raw mode back if it was reset.

use std::fs::{self, File};
use std::io::Write;
use std::process::{Command, Stdio};
use std::thread;
use std::time::Instant;

use super::harness::{Pty, Screen, TIMEOUT, is_editor_screen, keys::*};
use super::signals::kill;

/// The process's state letter in /proc/PID/stat (`T`: stopped by a signal).
fn state(pid: u32) -> char {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).expect("reading the stat");
    // "pid (comm) state ...": comm may hold spaces, so split after ')'.
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|s| s.chars().next())
        .expect("a state letter")
}

/// Polls until `cond` holds, or panics naming `what`.
#[track_caller]
fn wait_until(what: &str, cond: impl Fn() -> bool) {
    let deadline = Instant::now() + TIMEOUT;
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The names of the local flags set now (`ICANON`, `ECHO`, …), from the
/// harness's text of the pty's modes.
fn flag_words(modes: &str) -> Vec<String> {
    modes
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether the pty is in canonical (line-by-line, cooked) mode now.
fn canonical(pty: &Pty) -> bool {
    let (_, now) = pty.termios();
    flag_words(&now.expect("the pty's modes")).contains(&"ICANON".to_string())
}

/// The file's first byte in the hex pane, as the editor shows it.
fn first_hex(s: &Screen) -> String {
    s.hex_pane("0000000")
        .and_then(|h| h.split_whitespace().next().map(str::to_string))
        .unwrap_or_default()
}

/// The editor, the terminal's first process, on a file of 64 zeros with
/// its first byte typed as 41; returns the pty and hexbuf's pid.
fn editing_64_zeros(dir: &std::path::Path) -> (Pty, u32) {
    let file = dir.join("data.bin");
    fs::write(&file, [0u8; 64]).unwrap();
    let mut pty = Pty::start(dir, &[file.to_str().unwrap()]);
    pty.send("41");
    pty.expect(|s| s.is_modified() && first_hex(s) == "41", "the edit");
    let pid = pty.pid();
    (pty, pid)
}

/// An interactive bash with job control (no line editing, so it reads in
/// cooked mode) in a pty, running `hexbuf FILE` as a job of its own;
/// returns the pty and hexbuf's pid once its first frame is on screen.
fn hexbuf_under_a_shell(dir: &std::path::Path, file: &std::path::Path) -> (Pty, u32) {
    let mut cmd = portable_pty::CommandBuilder::new("bash");
    cmd.args(["--norc", "--noprofile", "--noediting", "-i"]);
    cmd.cwd(dir);
    cmd.env("TERM", "xterm-256color");
    cmd.env("PS1", "shell$ ");
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("HEXBUF_CONFIG");
    cmd.env("XDG_CONFIG_HOME", "/nonexistent/hexbuf-tests");
    let mut pty = Pty::spawn_command(cmd, 36, 120);
    // (The shell's output has no frames: its screen is polled as text.)
    wait_until("the shell's prompt", || pty.screen().contains("shell$"));
    pty.send(&format!(
        "'{}' '{}'\r",
        env!("CARGO_BIN_EXE_hexbuf"),
        file.display()
    ));
    pty.expect(is_editor_screen, "the editor, started by the shell");
    let children = Command::new("pgrep")
        .args(["-P", &pty.pid().to_string()])
        .output()
        .expect("running pgrep");
    let pid = String::from_utf8_lossy(&children.stdout)
        .trim()
        .parse()
        .expect("the shell's one child: hexbuf");
    (pty, pid)
}

#[test]
fn sigtstp_hands_the_terminal_back_and_sigcont_redraws_with_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.bin");
    fs::write(&file, [0u8; 64]).unwrap();
    let (mut pty, pid) = hexbuf_under_a_shell(dir.path(), &file);
    pty.send("41");
    let edited = pty.expect(|s| s.is_modified() && first_hex(s) == "41", "the edit");
    let (cooked, raw) = pty.termios();
    let cooked = cooked.expect("the pty reports its modes");
    assert_ne!(Some(&cooked), raw.as_ref(), "raw mode while editing");
    let mark = pty.raw_output().len();

    kill(pid, "TSTP");
    wait_until("hexbuf stopped (state T)", || state(pid) == 'T');
    // It stops only after handing the terminal back: by now the modes are
    // the ones from before the editor started.
    let (_, now) = pty.termios();
    assert_eq!(
        now.as_ref(),
        Some(&cooked),
        "cooked mode again while stopped"
    );
    let words = flag_words(&cooked);
    assert!(
        words.iter().any(|w| w == "ICANON") && words.iter().any(|w| w == "ECHO"),
        "ICANON and ECHO: {cooked}"
    );
    wait_until("the main screen", || {
        pty.with_screen(|s| !s.alternate_screen())
    });
    let written = pty.raw_output()[mark..].to_vec();
    let text = String::from_utf8_lossy(&written);
    for (seq, what) in [
        ("\x1b[?1049l", "the main screen"),
        ("\x1b[?1000l", "mouse capture off"),
        ("\x1b[?2004l", "bracketed paste off"),
        ("\x1b[?25h", "the cursor shown"),
    ] {
        assert!(
            text.contains(seq),
            "{what} ({seq:?}) before stopping: {text:?}"
        );
    }

    wait_until("the shell's notice", || pty.screen().contains("Stopped"));
    let mark = pty.raw_output().len();
    // As a user would: the shell makes it the foreground job and sends it
    // SIGCONT.
    pty.send("fg\r");
    let s = pty.expect(
        |s| s.alternate && is_editor_screen(s) && first_hex(s) == "41",
        "the whole screen redrawn with the edit",
    );
    assert_eq!(s.status(), edited.status(), "the same cursor and state");
    let again = String::from_utf8_lossy(&pty.raw_output()[mark..]).into_owned();
    assert!(again.contains("\x1b[?1049h"), "the alternate screen again");
    let (_, now) = pty.termios();
    assert_ne!(now.as_ref(), Some(&cooked), "raw mode again");
    pty.with_screen(|s| {
        assert!(s.bracketed_paste(), "bracketed paste again");
        assert_ne!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture again"
        );
    });

    // Ctrl+Z is still the undo key, and the undo history survived the stop.
    pty.send(CTRL_Z);
    pty.expect(
        |s| !s.is_modified() && first_hex(s) == "00",
        "the edit undone",
    );
    pty.send(CTRL_Y);
    pty.expect(|s| s.is_modified() && first_hex(s) == "41", "redone");
    assert_ne!(state(pid), 'T', "Ctrl+Z did not stop it");
    pty.send(CTRL_Q);
    pty.expect(|s| s.message().contains("Unsaved edits"), "the question");
    pty.send("d");
    wait_until("the shell again", || {
        pty.with_screen(|s| !s.alternate_screen()) && pty.screen().contains("shell$")
    });
    pty.send("echo \"hexbuf said $?\"\r");
    wait_until("hexbuf's exit status 0", || {
        pty.screen().contains("hexbuf said 0")
    });
    pty.send("exit\r");
    pty.wait_exit(TIMEOUT).expect("the shell exits");
    assert_eq!(
        fs::read(&file).unwrap(),
        [0u8; 64],
        "the edit was discarded"
    );
}

/// A process group with no parent outside it in its session (here hexbuf
/// is its terminal's first process, as a tmux pane's command is) has no
/// shell to continue it: POSIX discards a stop by SIGTSTP there, and so
/// does hexbuf — it neither stops nor gives up the terminal.
#[test]
fn sigtstp_with_no_shell_to_continue_the_editor_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let (mut pty, pid) = editing_64_zeros(dir.path());
    let mark = pty.raw_output().len();
    kill(pid, "TSTP");
    // Watched for longer than the loop's tick, in which a stop would be
    // answered; what went wrong, if anything, is told with what hexbuf
    // wrote and whether it is still running.
    let watch = Instant::now();
    while watch.elapsed() < std::time::Duration::from_millis(900) {
        // Gone from /proc (reaped) reads as 'X', as a dead one is shown.
        let letter = fs::read_to_string(format!("/proc/{pid}/stat")).map_or('X', |_| state(pid));
        let raw = !canonical(&pty);
        let written = String::from_utf8_lossy(&pty.raw_output()[mark..]).into_owned();
        let kept_screen = !written.contains("\x1b[?1049l");
        // T: stopped; Z or X: ended.
        if matches!(letter, 'T' | 'Z' | 'X') || !raw || !kept_screen {
            let ended = pty.wait_exit(std::time::Duration::ZERO).ok();
            panic!(
                "after {:?}: state {letter}, raw mode {raw}, alternate screen kept \
                 {kept_screen}, exit {ended:?}; written since the signal: {written:?}",
                watch.elapsed()
            );
        }
        thread::sleep(std::time::Duration::from_millis(20));
    }
    pty.send("42");
    pty.expect(|s| s.contains("AB"), "still editing: the next byte typed");
    super::quit_discarding(&mut pty);
}

#[test]
fn sigcont_after_sigstop_redraws_over_other_output_and_restores_raw_mode() {
    let dir = tempfile::tempdir().unwrap();
    let (mut pty, pid) = editing_64_zeros(dir.path());

    kill(pid, "STOP");
    wait_until("hexbuf stopped (state T)", || state(pid) == 'T');
    // Another program draws on the terminal and, as a shell does when its
    // job stops, sets the modes back to cooked.
    let mut tty = File::options()
        .write(true)
        .open(format!("/proc/{pid}/fd/1"))
        .expect("opening the editor's terminal");
    tty.write_all(b"\x1b[H\x1b[2JGARBAGE from another program\r\n")
        .unwrap();
    wait_until("the garbage on screen", || {
        pty.screen().contains("GARBAGE") && !pty.screen().contains("offset")
    });
    let stty = Command::new("stty")
        .arg("sane")
        .stdin(File::open(format!("/proc/{pid}/fd/0")).unwrap())
        .stderr(Stdio::inherit())
        .status()
        .expect("running stty");
    assert!(stty.success());
    assert!(canonical(&pty), "cooked while stopped");

    kill(pid, "CONT");
    let s = pty.expect(
        |s| is_editor_screen(s) && !s.contains("GARBAGE") && first_hex(s) == "41",
        "the whole screen redrawn",
    );
    assert!(s.is_modified());
    wait_until("raw mode again", || !canonical(&pty));
    // In cooked mode Ctrl+Q would be flow control, never reaching hexbuf.
    super::quit_discarding(&mut pty);
}
