//! Bookmarks persist across runs of the real binary: a named region set in
//! one run is listed in the next, from `$XDG_STATE_HOME/hexbuf/bookmarks/`;
//! a corrupt bookmarks file gives one line and is left as it was.

use std::fs;
use std::path::Path;

use super::harness::keys::{CTRL_Q, ENTER, ESC, RIGHT};
use super::harness::{Pty, TIMEOUT, hexbuf_command, is_editor_screen};

const ALT_B: &str = "\x1bb";
const ALT_K: &str = "\x1bk";
const SHIFT_RIGHT: &str = "\x1b[1;2C";

fn open(dir: &Path, state: &Path, file: &Path) -> Pty {
    let mut cmd = hexbuf_command(dir, &[file.to_str().unwrap()]);
    cmd.env("XDG_STATE_HOME", state);
    let mut pty = Pty::spawn_command(cmd, 36, 120);
    pty.expect(is_editor_screen, "the editor's first frame");
    pty
}

fn quit(pty: &mut Pty) {
    pty.send(CTRL_Q);
    let status = pty.wait_exit(TIMEOUT).expect("hexbuf exits on Ctrl+Q");
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_named_region_is_listed_again_after_quitting_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let file = dir.path().join("data.bin");
    fs::write(&file, b"0123456789abcdef0123456789abcdef").unwrap();

    let mut pty = open(dir.path(), &state, &file);
    pty.send(RIGHT);
    pty.send(RIGHT);
    pty.expect(|s| s.status().contains("0x2 (2)"), "the cursor at 0x2");
    pty.send(SHIFT_RIGHT);
    pty.send(SHIFT_RIGHT);
    pty.send(SHIFT_RIGHT);
    pty.send(ALT_B);
    pty.expect(|s| s.contains("Bookmark 0x2–0x5 as"), "the bookmark prompt");
    pty.send("magic; red; the file's magic");
    pty.send(ENTER);
    pty.expect(
        |s| s.message().contains("bookmark 'magic'"),
        "the bookmark set",
    );
    pty.send(ESC);
    pty.expect(|s| !s.status().contains("sel "), "the selection cleared");
    quit(&mut pty);

    let saved = fs::read_dir(state.join("hexbuf/bookmarks"))
        .expect("the bookmarks directory")
        .count();
    assert_eq!(saved, 1, "one bookmarks file for the one file");

    let mut pty = open(dir.path(), &state, &file);
    pty.send(ALT_K);
    let s = pty.expect(|s| s.contains(" Bookmarks "), "the bookmarks list");
    let line = s
        .text
        .lines()
        .find(|l| l.contains("magic"))
        .unwrap_or_else(|| panic!("no magic in\n{}", s.text))
        .to_string();
    assert!(
        line.contains("0x00000002") && line.contains("4 B"),
        "{line}"
    );
    assert!(
        line.contains("red") && line.contains("the file's magic"),
        "{line}"
    );
    assert!(line.contains("32 33 34 35"), "the preview: {line}");
    pty.send(ENTER);
    pty.expect(
        |s| s.status().contains("0x2 (2)") && s.status().contains("sel 0x2–0x5"),
        "Enter jumps to it and selects the region",
    );
    pty.send(ESC);
    pty.expect(|s| !s.status().contains("sel "), "the selection cleared");
    quit(&mut pty);
}

#[test]
fn a_corrupt_bookmarks_file_is_reported_in_one_line_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let file = dir.path().join("data.bin");
    fs::write(&file, b"0123456789").unwrap();
    // Find the file's bookmarks file by setting one.
    let mut pty = open(dir.path(), &state, &file);
    pty.send(ALT_B);
    pty.expect(|s| s.contains("Bookmark 0x0 as"), "the prompt");
    pty.send("x");
    pty.send(ENTER);
    pty.expect(|s| s.message().contains("bookmark 'x'"), "set");
    quit(&mut pty);
    let saved = fs::read_dir(state.join("hexbuf/bookmarks"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::write(&saved, "{ not json").unwrap();

    let mut pty = open(dir.path(), &state, &file);
    let s = pty.expect(
        |s| s.message().contains("bookmarks not loaded"),
        "the message",
    );
    assert!(s.message().contains("left as it is"), "{}", s.message());
    pty.send(ALT_B);
    pty.expect(|s| s.contains("Bookmark 0x0 as"), "the prompt");
    pty.send("y");
    pty.send(ENTER);
    pty.expect(|s| s.message().contains("bookmark 'y'"), "set");
    quit(&mut pty);
    assert_eq!(fs::read_to_string(&saved).unwrap(), "{ not json");
}
