//! Find all and the strings panel in the real editor: on a sparse 8 GiB
//! file the collection runs with a progress box and Esc stops it, the
//! editor answering keys at once; on a small file the results list opens,
//! Enter jumps, F3 steps with "match N of M" on the status line, and the
//! strings panel filters as you type.

use std::fs::{self, File};
use std::io::{Seek, SeekFrom, Write};

use super::harness::keys::{CTRL_F, CTRL_G, CTRL_Q, ENTER, ESC, F3};
use super::harness::{Pty, TIMEOUT, is_editor_screen};
use super::{arg, status_offset};

const ALT_ENTER: &str = "\x1b\r";
const ALT_T: &str = "\x1bt";
const DOWN: &str = "\x1b[B";

#[test]
fn find_all_on_8_gib_shows_progress_esc_stops_it_and_the_list_jumps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sparse.bin");
    let len: u64 = 8 << 30;
    let mut f = File::create(&path).unwrap();
    f.set_len(len).unwrap();
    f.seek(SeekFrom::Start(len - 6)).unwrap();
    f.write_all(b"needle").unwrap();
    drop(f);

    let mut pty = Pty::start(dir.path(), &[arg(&path)]);
    pty.expect(is_editor_screen, "the editor");
    pty.send(CTRL_F);
    pty.expect(|s| s.message().contains("Find hex"), "the find prompt");
    pty.send("6e656564");
    pty.send(ALT_ENTER);
    pty.expect(
        |s| s.contains("Esc cancels") && s.contains("finding every match"),
        "the progress box",
    );
    pty.send(ESC);
    pty.expect(
        |s| s.message().contains("search cancelled") && !s.contains("Esc cancels"),
        "the collection stopped",
    );
    // The editor answers at once.
    pty.send(CTRL_G);
    pty.send("0x100");
    pty.send(ENTER);
    pty.expect(|s| status_offset(s) == "0x100", "the cursor at 0x100");
    pty.send(CTRL_Q);
    assert!(pty.wait_exit(TIMEOUT).unwrap().success());

    // A small file: the list, Enter, F3 with its count.
    let small = dir.path().join("small.bin");
    let mut data = vec![0u8; 0x3000];
    for at in [0x100, 0x1234, 0x2ff0] {
        data[at..at + 4].copy_from_slice(b"\xde\xad\xbe\xef");
    }
    data[0x2000..0x2009].copy_from_slice(b"some text");
    fs::write(&small, &data).unwrap();
    let mut pty = Pty::start(dir.path(), &[arg(&small)]);
    pty.expect(is_editor_screen, "the editor");
    pty.send(CTRL_F);
    pty.expect(|s| s.message().contains("Find hex"), "the find prompt");
    pty.send("deadbeef");
    pty.send(ALT_ENTER);
    let s = pty.expect(|s| s.contains("3 matches of deadbeef"), "the results list");
    for at in ["0x0000000100", "0x0000001234", "0x0000002ff0"] {
        assert!(
            s.contains(&format!("{at}  00 00 00 00 de ad be ef")),
            "{at}:\n{}",
            s.text
        );
    }
    pty.send(DOWN);
    pty.send(ENTER);
    pty.expect(
        |s| status_offset(s) == "0x1234" && s.status().contains("match 2 of 3"),
        "the second match, counted",
    );
    pty.send(F3);
    pty.expect(
        |s| status_offset(s) == "0x2ff0" && s.status().contains("match 3 of 3"),
        "the third match",
    );

    pty.send(ALT_T);
    pty.expect(|s| s.contains("Strings of the file"), "the strings panel");
    pty.send("text");
    pty.expect(
        |s| s.contains("1 of 1 strings") && s.contains("some text"),
        "filtered",
    );
    pty.send(ENTER);
    pty.expect(
        |s| status_offset(s) == "0x2000" && s.status().contains("sel 0x2000–0x2008"),
        "the string selected",
    );
    pty.send(CTRL_Q);
    assert!(pty.wait_exit(TIMEOUT).unwrap().success());
}
