//! End-to-end tests: the real `hexbuf` binary in a pseudo-terminal, driven
//! by the bytes a terminal sends for each key, checked on the screen a
//! terminal emulator (vt100) makes of its output and on the file on disk.
//! Every wait polls the screen or the process; nothing sleeps and then
//! asserts.

use std::fs::{self, File};
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "e2e/bookmarks.rs"]
mod bookmarks;
#[path = "e2e/compare.rs"]
mod compare;
#[path = "e2e/config.rs"]
mod config;
#[path = "e2e/entropy.rs"]
mod entropy;
#[path = "e2e/findall.rs"]
mod findall;
#[path = "e2e/harness.rs"]
mod harness;
#[path = "e2e/instances.rs"]
mod instances;
#[path = "e2e/readonly.rs"]
mod readonly;
#[path = "e2e/signals.rs"]
mod signals;
#[path = "e2e/structure.rs"]
mod structure;
#[path = "e2e/suspend.rs"]
mod suspend;

use harness::{Pty, Screen, TIMEOUT, hexbuf_command, is_editor_screen, keys::*};

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// The text pane of the first row.
fn first_text(s: &Screen) -> String {
    s.text_pane("0000000").unwrap_or_default()
}

/// Quits with unsaved edits (Ctrl+Q asks, `d` discards them) and checks
/// the exit status.
#[track_caller]
fn quit_discarding(pty: &mut Pty) {
    pty.send(CTRL_Q);
    pty.expect(|s| s.message().contains("Unsaved edits"), "the question");
    pty.send("d");
    let status = pty.wait_exit(TIMEOUT).expect("hexbuf exits");
    assert!(status.success(), "exit status {status:?}");
}

/// Quits with no unsaved edits and checks the exit status.
#[track_caller]
fn quit_cleanly(pty: &mut Pty) {
    pty.send(CTRL_Q);
    let status = pty.wait_exit(TIMEOUT).expect("hexbuf exits on Ctrl+Q");
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn robin_exercise_types_hex_saves_a_new_file_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("buffer-content.txt");
    let mut pty = Pty::start(dir.path(), &["--new", "8", arg(&path)]);
    pty.send("526f62696e");
    let s = pty.expect(|s| first_text(s) == "Robin···", "Robin in the text pane");
    assert_eq!(
        s.hex_pane("0000000")
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["52", "6f", "62", "69", "6e", "00", "00", "00"]
    );
    assert!(s.is_modified(), "status: {}", s.status());
    assert!(!path.exists(), "--new creates the file on the first save");

    pty.send(CTRL_S);
    pty.expect(
        |s| !s.is_modified() && s.message().starts_with("saved "),
        "the saved message and no [modified]",
    );
    quit_cleanly(&mut pty);
    assert_eq!(fs::read(&path).unwrap(), b"Robin\0\0\0");
}

#[test]
fn hi_exercise_types_numbers_in_the_typed_pane() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hi.bin");
    fs::write(&path, [0, 0]).unwrap();
    let mut pty = Pty::start(dir.path(), &[arg(&path)]);
    pty.send(TAB);
    pty.expect(|s| s.status().contains(" text pane "), "the text pane");
    pty.send(TAB);
    pty.expect(|s| s.status().contains(" typed pane "), "the typed pane");
    pty.send("72");
    pty.send(ENTER);
    pty.expect(|s| first_text(s) == "H·", "H written");
    pty.send("105");
    pty.send(ENTER);
    let s = pty.expect(|s| first_text(s) == "Hi", "Hi in the text pane");
    let row = s.data_row("0000000").unwrap();
    assert_eq!(row[1].split_whitespace().collect::<Vec<_>>(), ["48", "69"]);
    assert_eq!(row[3].split_whitespace().collect::<Vec<_>>(), ["72", "105"]);

    pty.send(CTRL_S);
    pty.expect(|s| !s.is_modified(), "saved");
    quit_cleanly(&mut pty);
    assert_eq!(fs::read(&path).unwrap(), b"Hi");
}

#[test]
fn quitting_with_unsaved_edits_asks_and_esc_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("guard.bin");
    fs::write(&path, b"ABCD").unwrap();
    let mut pty = Pty::start(dir.path(), &[arg(&path)]);
    pty.send("7a");
    pty.expect(|s| first_text(s) == "zBCD" && s.is_modified(), "the edit");

    pty.send(CTRL_Q);
    pty.expect(
        |s| s.message().contains("Unsaved edits") && s.message().contains("(Esc)"),
        "the question",
    );
    assert!(pty.is_running(), "Ctrl+Q with unsaved edits only asks");
    // The question stays up: quitting is not pending behind it.
    assert!(pty.wait_exit(Duration::from_millis(300)).is_err());

    pty.send(ESC);
    let s = pty.expect(|s| s.message().contains("not quitting"), "Esc stays");
    assert!(pty.is_running());
    assert_eq!(first_text(&s), "zBCD", "the edit is still shown");
    assert!(s.is_modified());
    // And the editor still takes keys.
    pty.send(LEFT);
    pty.expect(
        |s| s.status().contains(" 0x0 (0) "),
        "the cursor moved left",
    );
    pty.send(RIGHT);
    pty.expect(
        |s| s.status().contains(" 0x1 (1) "),
        "the cursor moved right",
    );

    pty.send(CTRL_Q);
    pty.expect(
        |s| s.message().contains("Unsaved edits"),
        "the question again",
    );
    pty.send("d");
    let status = pty.wait_exit(TIMEOUT).expect("d discards and quits");
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(
        fs::read(&path).unwrap(),
        b"ABCD",
        "discarded edits stay off disk"
    );
}

#[test]
fn undo_reverts_edits_from_every_pane_in_turn() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("undo.bin");
    fs::write(&path, b"ABCDEFGH").unwrap();
    let mut pty = Pty::start(dir.path(), &[arg(&path)]);

    // Hex pane: 'z' at 0. Text pane: "xy" at 1-2. Typed pane: 33 ('!') at 3.
    pty.send("7a");
    pty.expect(|s| first_text(s) == "zBCDEFGH", "the hex edit");
    pty.send(TAB);
    pty.expect(|s| s.status().contains(" text pane "), "the text pane");
    pty.send("xy");
    pty.expect(|s| first_text(s) == "zxyDEFGH", "the text edit");
    pty.send(TAB);
    pty.expect(|s| s.status().contains(" typed pane "), "the typed pane");
    pty.send("33");
    pty.send(ENTER);
    pty.expect(|s| first_text(s) == "zxy!EFGH", "the typed edit");

    pty.send(CTRL_Z);
    pty.expect(|s| first_text(s) == "zxyDEFGH", "the typed edit undone");
    pty.send(CTRL_Z);
    pty.expect(|s| first_text(s) == "zBCDEFGH", "the text edit undone");
    pty.send(CTRL_Z);
    let s = pty.expect(|s| first_text(s) == "ABCDEFGH", "the hex edit undone");
    assert!(!s.is_modified(), "back at the file: {}", s.status());

    pty.send(CTRL_S);
    pty.expect(|s| s.message().starts_with("saved "), "a save");
    assert_eq!(fs::read(&path).unwrap(), b"ABCDEFGH");

    pty.send(CTRL_Y);
    pty.expect(
        |s| first_text(s) == "zBCDEFGH" && s.is_modified(),
        "the hex edit redone",
    );
    quit_discarding(&mut pty);
    assert_eq!(fs::read(&path).unwrap(), b"ABCDEFGH");
}

#[test]
fn quitting_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::start(dir.path(), &["--new", "16"]);
    let running = pty.expect(is_editor_screen, "the editor");
    assert!(running.alternate && running.cursor_hidden);
    let (before, during) = pty.termios();
    assert!(before.is_some(), "the pty reports its modes");
    assert_ne!(before, during, "the editor puts the terminal in raw mode");

    quit_cleanly(&mut pty);
    pty.wait_eof(TIMEOUT).unwrap();
    let raw = pty.raw_output();
    let find_last = |needle: &[u8]| raw.windows(needle.len()).rposition(|w| w == needle);
    let entered = find_last(b"\x1b[?1049h").expect("the editor used the alternate screen");
    let left = find_last(b"\x1b[?1049l").expect("the editor left the alternate screen");
    let shown = find_last(b"\x1b[?25h").expect("the editor showed the cursor");
    assert!(
        entered < left && left < shown,
        "leave, then show the cursor"
    );
    assert!(
        find_last(b"\x1b[6n").is_none(),
        "the editor never waits on an answer from the terminal"
    );
    let tail = String::from_utf8_lossy(&raw[left..]);
    assert!(
        tail.ends_with("\x1b[?25h"),
        "nothing after the cursor is shown: {tail:?}"
    );
    pty.with_screen(|s| {
        assert!(!s.alternate_screen(), "back on the main screen");
        assert!(!s.hide_cursor(), "the cursor is visible");
        assert!(!s.bracketed_paste(), "bracketed paste is off");
        assert_eq!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture is off"
        );
    });
    let (before, after) = pty.termios();
    assert_eq!(before, after, "raw mode is off again");
}

#[test]
fn the_harness_fails_when_the_screen_never_shows_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::start(dir.path(), &["--new", "8"]);
    let timeout = Duration::from_millis(300);
    let start = Instant::now();
    let result = pty.wait_for(|s| s.contains("Robin"), timeout);
    let took = start.elapsed();
    let err = result.expect_err("nothing typed: Robin never appears");
    assert!(err.contains("timed out"), "{err}");
    assert!(err.contains("offset"), "the error shows the screen: {err}");
    assert!(took >= timeout, "it waited the whole timeout: {took:?}");
    assert!(
        took < timeout + Duration::from_secs(3),
        "and not much longer"
    );
    assert!(
        pty.wait_exit(timeout).is_err(),
        "and wait_exit fails for a running editor"
    );
    quit_cleanly(&mut pty);
}

#[test]
fn ctrl_end_on_an_8_gib_sparse_file_shows_its_last_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sparse.bin");
    let len: u64 = 8 << 30;
    let mut f = File::create(&path).unwrap();
    f.set_len(len).unwrap();
    f.seek(SeekFrom::Start(len - 4)).unwrap();
    f.write_all(b"END!").unwrap();
    drop(f);

    let mut pty = Pty::start(dir.path(), &[arg(&path)]);
    pty.send(CTRL_END);
    let s = pty.expect(
        |s| {
            s.rows.iter().any(|r| {
                r.starts_with("1ffffff") && r.split('│').nth(2).is_some_and(|t| t.contains("END!"))
            })
        },
        "END! on a row at 0x1ffffff…",
    );
    assert!(
        s.status()
            .contains("0x1ffffffff (8589934591) of 0x200000000"),
        "the cursor on the last byte: {}",
        s.status()
    );
    quit_cleanly(&mut pty);
}

#[test]
fn resizing_to_tiny_and_back_keeps_the_editor_running() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::start(dir.path(), &["--new", "64"]);

    pty.resize(2, 3);
    // In three columns the notice wraps: "ter" / "min".
    pty.expect(
        |s| s.rows.first().is_some_and(|r| r == "ter"),
        "the notice at 3×2",
    );
    assert!(pty.is_running());

    pty.resize(5, 20);
    pty.expect(|s| s.contains("terminal too small"), "the notice at 20×5");

    pty.resize(36, 120);
    let s = pty.expect(
        |s| is_editor_screen(s) && s.contains("Uint8Array"),
        "the full screen again",
    );
    assert_eq!(s.rows.len(), 36);
    assert!(pty.is_running());
    quit_cleanly(&mut pty);
}

#[test]
fn the_editor_ends_when_its_terminal_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::start(dir.path(), &["--new", "8"]);
    pty.hang_up();
    // It must not linger (crossterm 0.29 alone would retry reading the
    // dead terminal forever, at full speed).
    pty.wait_exit(TIMEOUT)
        .expect("the editor exits once its terminal is gone");
}

#[test]
fn unsaved_edits_survive_the_terminal_going_away() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.bin");
    std::fs::write(&file, [0u8; 4]).unwrap();
    let mut pty = Pty::start(dir.path(), &[file.to_str().unwrap()]);
    pty.expect(is_editor_screen, "the editor");
    pty.send("41");
    pty.expect(|s| s.contains("[modified]"), "the edit");
    pty.hang_up();
    let status = pty.wait_exit(TIMEOUT).expect("the editor exits");
    assert_eq!(status.exit_code(), 128 + 1, "ended by SIGHUP: {status:?}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        [0u8; 4],
        "the file itself is untouched"
    );
    let recovered: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".hexbuf-recovered-"))
        .collect();
    assert_eq!(recovered.len(), 1, "one recovery file: {recovered:?}");
    assert_eq!(std::fs::read(&recovered[0]).unwrap(), [0x41, 0, 0, 0]);
}

#[test]
fn without_a_terminal_the_editor_refuses_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.bin");
    let out = Command::new(env!("CARGO_BIN_EXE_hexbuf"))
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("hexbuf runs");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(out.stdout.is_empty(), "nothing on stdout");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.ends_with('\n'));
    assert!(stderr.contains("terminal"), "{stderr:?}");
    assert!(!path.exists(), "a refused editor creates no file");
}

#[test]
fn a_dumb_or_unknown_terminal_is_refused_pointing_to_dump() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.bin");
    fs::write(&path, b"abcd").unwrap();
    for term in [Some("dumb"), Some(""), None] {
        let mut cmd = hexbuf_command(dir.path(), &[arg(&path)]);
        match term {
            Some(t) => cmd.env("TERM", t),
            None => cmd.env_remove("TERM"),
        }
        let mut pty = Pty::spawn_command(cmd, 24, 80);
        let status = pty.wait_exit(TIMEOUT).expect("hexbuf refuses at once");
        pty.wait_eof(TIMEOUT).unwrap();
        assert_eq!(status.exit_code(), 2, "TERM={term:?}");
        let out = String::from_utf8(pty.raw_output()).unwrap();
        assert!(!out.contains('\x1b'), "no escape sequences: {out:?}");
        assert_eq!(out.trim_end().lines().count(), 1, "one line: {out:?}");
        assert!(out.contains("hexbuf dump"), "{out:?}");
        assert!(out.contains("TERM"), "{out:?}");
    }
    // The same pty with a capable TERM shows the editor: the refusal is
    // TERM's doing.
    let mut pty = Pty::start(dir.path(), &[arg(&path)]);
    quit_cleanly(&mut pty);
}

/// The cursor offset the status line shows, as `0x…`.
fn status_offset(s: &Screen) -> String {
    s.status()
        .split('│')
        .find_map(|part| {
            part.trim()
                .strip_prefix("0x")
                .map(|rest| rest.split_whitespace().next().unwrap_or("").to_string())
        })
        .map(|hex| format!("0x{hex}"))
        .unwrap_or_default()
}

#[test]
fn goto_and_find_land_on_their_targets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("haystack.bin");
    let mut data = vec![0u8; 0x4000];
    data[0x1234..0x123a].copy_from_slice(b"needle");
    data[0x2345..0x2349].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
    data[0x3000..0x3004].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
    fs::write(&path, &data).unwrap();
    let mut pty = Pty::start(dir.path(), &[arg(&path)]);
    pty.expect(is_editor_screen, "the editor");

    pty.send(CTRL_G);
    pty.send("0x1000");
    pty.send(ENTER);
    let s = pty.expect(|s| status_offset(s) == "0x1000", "the cursor at 0x1000");
    assert!(
        s.text.contains("00001000 │"),
        "the row of 0x1000 is on screen:\n{}",
        s.text
    );

    pty.send(CTRL_F);
    pty.expect(|s| s.message().contains("Find hex"), "the hex find prompt");
    pty.send("deadbeef");
    pty.send(ENTER);
    pty.expect(|s| status_offset(s) == "0x2345", "the first match");
    pty.send(F3);
    pty.expect(|s| status_offset(s) == "0x3000", "the next match");

    pty.send(TAB);
    pty.send(CTRL_F);
    pty.expect(
        |s| s.message().contains("Find text"),
        "the text find prompt",
    );
    pty.send("needle");
    pty.send(ENTER);
    pty.expect(
        |s| status_offset(s) == "0x1234",
        "the needle (wrapping around)",
    );
    quit_cleanly(&mut pty);
}

#[test]
fn palette_sha256_of_everything_matches_an_independent_digest() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.bin");
    let data: Vec<u8> = (0..5000u32).map(|i| (i * 31 % 251) as u8).collect();
    fs::write(&path, &data).unwrap();
    let want: String = Sha256::digest(&data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut pty = Pty::start(dir.path(), &[arg(&path)]);
    pty.expect(is_editor_screen, "the editor");
    pty.send(CTRL_A);
    pty.send(CTRL_P);
    pty.send("sha256");
    pty.send(ENTER);
    pty.expect(|s| s.contains(&want), "the SHA-256 digest");
    pty.send(ESC);
    pty.expect(|s| !s.contains(&want), "the panel closed");
    quit_cleanly(&mut pty);
}

#[test]
fn learn_opens_the_robin_exercise_and_checks_it_live() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::start(dir.path(), &["learn"]);
    pty.expect(
        |s| s.contains("Robin in an 8-byte buffer"),
        "the Robin lesson",
    );
    pty.send("526f62696e");
    pty.expect(
        |s| s.contains("✓") && first_text(s) == "Robin···",
        "the step met",
    );
    pty.send(CTRL_Q);
    pty.expect(
        |s| s.message().contains("Unsaved edits"),
        "the unsaved question",
    );
    pty.send("d");
    pty.wait_exit(TIMEOUT).expect("hexbuf exits");
}

/// Another program cuts the open file short: the editor stays alive, says
/// so naming the new size, keeps the edit, and Save As writes the edit and
/// the vanished bytes as zeros; the file itself is not touched.
#[test]
fn a_file_truncated_under_the_editor_is_survived_and_saved_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("victim.bin");
    let original: Vec<u8> = (0..1 << 20).map(|i: u32| (i % 251) as u8 + 1).collect();
    std::fs::write(&file, &original).unwrap();
    let mut pty = Pty::start(dir.path(), &[arg(&file)]);
    pty.expect(is_editor_screen, "the editor");
    pty.send("41");
    pty.expect(|s| s.contains("[modified]"), "the edit");
    File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(8192)
        .unwrap();
    // Reading the end of the file touches pages that no longer exist.
    pty.send(CTRL_END);
    let s = pty.expect(
        |s| s.message().contains("cut to 8192 bytes"),
        "the notice naming the new size",
    );
    assert!(s.status().contains("0xfffff"), "status: {}", s.status());
    assert!(pty.is_running());
    let copy = dir.path().join("copy.bin");
    pty.send("\x1bs");
    pty.expect(|s| s.contains("Save as"), "the Save as prompt");
    pty.send("\x15");
    pty.send(arg(&copy));
    pty.send(ENTER);
    pty.expect(|s| s.message().starts_with("saved "), "saved");
    let mut want = original.clone();
    want[0] = 0x41;
    want[8192..].fill(0);
    assert_eq!(std::fs::read(&copy).unwrap(), want);
    assert_eq!(std::fs::read(&file).unwrap(), original[..8192]);
    quit_cleanly(&mut pty);
}

/// A save of an insert into a large file runs with a progress box; Esc
/// stops it, and the file is exactly as it was: same size, bytes, inode and
/// modification time, no temporary file left. The edit is still there, and
/// the next save writes it.
#[test]
fn a_long_save_shows_progress_and_esc_cancels_it_leaving_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.bin");
    let f = File::create(&file).unwrap();
    f.set_len(768 << 20).unwrap();
    std::os::unix::fs::FileExt::write_all_at(&f, b"HEAD", 0).unwrap();
    std::os::unix::fs::FileExt::write_all_at(&f, b"TAIL", (768 << 20) - 4).unwrap();
    drop(f);
    let before = fs::metadata(&file).unwrap();
    let mut pty = Pty::start(dir.path(), &[arg(&file)]);
    pty.expect(is_editor_screen, "the editor");
    pty.send("\x1b[2~"); // Insert: insert mode
    pty.send("41");
    pty.expect(|s| s.contains("[modified]"), "the insert");
    pty.send(CTRL_S);
    pty.expect(|s| s.contains("saving"), "the progress box");
    pty.send(ESC);
    pty.expect(
        |s| s.message().contains("save cancelled"),
        "the cancel is confirmed",
    );
    let after = fs::metadata(&file).unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!(after.len(), before.len());
    assert_eq!(after.ino(), before.ino(), "not replaced");
    assert_eq!(after.mtime_nsec(), before.mtime_nsec(), "not written");
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["big.bin"], "no temporary file left");
    let s = pty.screen();
    assert!(s.contains("[modified]"), "the edit is kept:\n{s}");
    pty.send(CTRL_Q);
    pty.expect(|s| s.message().contains("Unsaved edits"), "quitting asks");
    pty.send("d");
    pty.wait_exit(TIMEOUT).expect("quits");
}
