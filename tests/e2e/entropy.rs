//! The entropy strip in a real terminal: Alt+E draws it, Alt+J jumps to the
//! random middle, and a mouse click on the strip (an SGR mouse report, as
//! xterm sends it) moves the cursor to the bytes of that cell.

use super::harness::{Pty, Screen, keys::*};
use super::{arg, quit_cleanly};

/// 1 MiB of zeros, 1 MiB of bytes that look random, 1 MiB of zeros.
fn zeros_random_zeros() -> Vec<u8> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut bytes = vec![0u8; 1 << 20];
    bytes.extend((0..1 << 20).map(|_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 24) as u8
    }));
    bytes.extend(vec![0u8; 1 << 20]);
    bytes
}

/// The last column of the pane rows: the strip's cells.
fn strip(s: &Screen) -> String {
    s.rows[1..]
        .iter()
        .take_while(|r| !r.starts_with('─'))
        .map(|r| r.chars().last().unwrap_or(' '))
        .collect()
}

/// The cursor's offset, from the status line ("0x100000 (1048576) of …").
fn cursor(s: &Screen) -> u64 {
    let status = s.status();
    let at = status.find("0x").expect("an offset on the status line");
    let hex: String = status[at + 2..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    u64::from_str_radix(&hex, 16).unwrap()
}

#[test]
fn the_strip_shows_the_random_middle_and_jumps_by_key_and_click() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zrz.bin");
    std::fs::write(&path, zeros_random_zeros()).unwrap();
    let mut pty = Pty::start(dir.path(), &[arg(&path)]);
    pty.send(&format!("{ESC}v"));
    let s = pty.expect(|s| strip(s).contains('█'), "the strip");
    let cells: Vec<char> = strip(&s).chars().collect();
    let n = cells.len();
    assert_eq!(cells[0], '·', "{cells:?}");
    assert_eq!(cells[n / 2], '█', "{cells:?}");
    assert_eq!(cells[n - 1], '·', "{cells:?}");
    pty.send(&format!("{ESC}r"));
    let s = pty.expect(|s| s.message().contains("entropy region"), "the jump");
    assert_eq!(cursor(&s), 1 << 20);
    // A click (press and release) on the last strip cell: column 120, row
    // n + 1 (1-based; the header is row 1).
    pty.send(&format!("\x1b[<0;120;{}M\x1b[<0;120;{}m", n + 1, n + 1));
    let s = pty.expect(
        |s| s.message().contains("bits per byte around"),
        "the click",
    );
    let len = 3u64 << 20;
    assert_eq!(cursor(&s), (len * (n as u64 - 1)).div_ceil(n as u64));
    quit_cleanly(&mut pty);
}
