//! The structure panel in the real binary: a PNG made here (signature and
//! an IHDR chunk with its CRC) opened with no flags shows its spec's tree,
//! found by the file's magic, with the width read from the file; a value
//! typed into the tree reaches the file on disk after Ctrl+S.

use std::fs;

use super::harness::keys::{CTRL_G, CTRL_Q, CTRL_S, ENTER};
use super::harness::{Pty, TIMEOUT};

const F9: &str = "\x1b[20~";
const CTRL_U: &str = "\x15";

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut h = crc32fast::Hasher::new();
    h.update(kind);
    h.update(data);
    out.extend_from_slice(&h.finalize().to_be_bytes());
    out
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// A screen row that names `field` and then shows `value` after it.
fn shows(rows: &[String], field: &str, value: &str) -> bool {
    rows.iter().any(|r| {
        r.split_whitespace()
            .collect::<Vec<_>>()
            .windows(3)
            .any(|w| w[0] == field && w[2] == value)
    })
}

#[test]
fn a_png_opened_with_no_flags_shows_its_width_in_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("picture.dat");
    fs::write(&path, png(1234, 77)).unwrap();
    let mut pty = Pty::start(dir.path(), &[path.to_str().unwrap()]);
    let s = pty.expect(
        |s| shows(&s.rows, "width", "1234") && shows(&s.rows, "height", "77"),
        "width 1234 and height 77 in the structure panel",
    );
    assert!(s.contains("Structure: png"), "{}", s.text);
    // Go to the height's first byte; the tree selects it; edit it there.
    pty.send(CTRL_G);
    pty.send("20");
    pty.send(ENTER);
    pty.send(F9);
    pty.send("e");
    pty.send(CTRL_U);
    pty.send("4321");
    pty.send(ENTER);
    pty.expect(
        |s| shows(&s.rows, "height", "4321"),
        "the new height in the tree",
    );
    pty.send(CTRL_S);
    pty.expect(|s| s.message().starts_with("saved "), "saved");
    pty.send(CTRL_Q);
    let status = pty.wait_exit(TIMEOUT).expect("hexbuf exits on Ctrl+Q");
    assert!(status.success(), "{status:?}");
    let on_disk = fs::read(&path).unwrap();
    assert_eq!(on_disk[20..24], 4321u32.to_be_bytes());
    assert_eq!(on_disk[16..20], 1234u32.to_be_bytes());
}

#[test]
fn the_harness_sees_a_width_that_is_not_there_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("picture.dat");
    fs::write(&path, png(1234, 77)).unwrap();
    let pty = Pty::start(dir.path(), &[path.to_str().unwrap()]);
    let s = pty
        .wait_for(|s| shows(&s.rows, "width", "1234"), TIMEOUT)
        .expect("the real width");
    assert!(
        !shows(&s.rows, "width", "1235"),
        "a wrong width is not found"
    );
    assert!(
        pty.wait_for(|s| shows(&s.rows, "width", "1235"), TIMEOUT / 5)
            .is_err(),
        "waiting for a wrong width times out"
    );
}
