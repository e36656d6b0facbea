//! The compare view in a real terminal: `hexbuf A B` opens both files,
//! Alt+Down steps to a difference, Alt+Left / Alt+Right take a side's
//! bytes, Ctrl+S saves the changed side, and `cmp` checks the files.

use super::*;

const ALT_DOWN: &str = "\x1b[1;3B";
const ALT_LEFT: &str = "\x1b[1;3D";
const ALT_RIGHT: &str = "\x1b[1;3C";

/// The compare view's first frame: both headers and a status line.
fn is_compare_screen(s: &Screen) -> bool {
    s.rows
        .first()
        .is_some_and(|r| r.contains(" A: ") && r.contains(" B: "))
        && s.status().contains("offsets")
}

fn cmp_exit(a: &Path, b: &Path) -> Option<i32> {
    Command::new("cmp")
        .args(["-s", arg(a), arg(b)])
        .status()
        .unwrap()
        .code()
}

#[test]
fn compare_steps_to_differences_takes_each_side_saves_and_cmp_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (dir.path().join("a.bin"), dir.path().join("b.bin"));
    let a: Vec<u8> = (0..200u8).collect();
    let mut b = a.clone();
    b[10] = 0xee;
    b[11] = 0xef;
    b[150] = 0x00;
    fs::write(&pa, &a).unwrap();
    fs::write(&pb, &b).unwrap();
    assert_eq!(cmp_exit(&pa, &pb), Some(1));
    let mut pty = Pty::spawn(dir.path(), &[arg(&pa), arg(&pb)], 36, 120);
    pty.wait_for(is_compare_screen, TIMEOUT)
        .unwrap_or_else(|e| panic!("no compare view: {e}"));
    pty.expect(|s| s.status().contains("2 differences"), "two differences");

    pty.send(ALT_DOWN);
    pty.expect(
        |s| s.status().contains("difference 1 of 2") && s.status().contains("A 0xa (10)"),
        "on the first difference",
    );
    // Take left: B gets A's bytes 10 and 11; save B.
    pty.send(ALT_LEFT);
    pty.expect(|s| s.status().contains("[modified B]"), "B changed");
    pty.send(CTRL_S);
    pty.expect(|s| s.message().contains("saved"), "B saved");
    let mut want_b = b.clone();
    want_b[10..12].copy_from_slice(&a[10..12]);
    assert_eq!(fs::read(&pb).unwrap(), want_b);

    // Take right at the other difference: A gets B's byte 150; save A.
    pty.send(ALT_DOWN);
    pty.expect(
        |s| s.status().contains("difference 1 of 1") && s.status().contains("0x96 (150)"),
        "on the remaining difference",
    );
    pty.send(ALT_RIGHT);
    pty.expect(|s| s.status().contains("[modified A]"), "A changed");
    pty.send(CTRL_S);
    pty.expect(
        |s| s.message().contains("saved") && s.status().contains("identical"),
        "A saved, the files identical",
    );
    let mut want_a = a.clone();
    want_a[150] = 0x00;
    assert_eq!(fs::read(&pa).unwrap(), want_a);
    // The real cmp agrees: the two files are now the same.
    assert_eq!(cmp_exit(&pa, &pb), Some(0));
    quit_cleanly(&mut pty);
}

#[test]
fn a_large_sparse_pair_opens_at_once_and_the_count_fills_in() {
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (dir.path().join("a.img"), dir.path().join("b.img"));
    let size: u64 = 512 << 20;
    for p in [&pa, &pb] {
        File::create(p).unwrap().set_len(size).unwrap();
    }
    let mut f = fs::OpenOptions::new().write(true).open(&pb).unwrap();
    f.seek(SeekFrom::Start(size - 4096)).unwrap();
    f.write_all(b"x").unwrap();
    drop(f);
    let started = Instant::now();
    let mut pty = Pty::spawn(dir.path(), &[arg(&pa), arg(&pb)], 36, 120);
    pty.wait_for(is_compare_screen, TIMEOUT)
        .unwrap_or_else(|e| panic!("no compare view: {e}"));
    let first_frame = started.elapsed();
    let s = pty
        .wait_for(
            |s| s.status().contains("1 difference"),
            Duration::from_secs(60),
        )
        .unwrap_or_else(|e| panic!("the count never filled in: {e}"));
    assert!(s.status().contains("1 difference"));
    // The view was on screen while the comparison ran: a frame said so.
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(
        raw.contains("comparing"),
        "no frame showed the comparison running"
    );
    assert!(first_frame < TIMEOUT, "{first_frame:?}");
    quit_cleanly(&mut pty);
}

#[test]
fn a_signal_writes_a_recovery_file_for_each_unsaved_side() {
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (dir.path().join("a.bin"), dir.path().join("b.bin"));
    fs::write(&pa, b"AAAA").unwrap();
    fs::write(&pb, b"BBBB").unwrap();
    let mut pty = Pty::spawn(dir.path(), &[arg(&pa), arg(&pb)], 36, 120);
    pty.wait_for(is_compare_screen, TIMEOUT)
        .unwrap_or_else(|e| panic!("no compare view: {e}"));
    pty.send("7a");
    pty.expect(|s| s.status().contains("[modified A]"), "A edited");
    // Tab twice: A's text pane, then B's hex pane, at the same position
    // (1: typing a byte moved the cursor on).
    pty.send(TAB);
    pty.send(TAB);
    pty.send("7a");
    pty.expect(|s| s.status().contains("[modified A B]"), "both edited");
    let pid = pty.pid();
    let killed = Command::new("kill")
        .args(["-s", "TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = pty.wait_exit(TIMEOUT).unwrap();
    assert_eq!(status.exit_code(), 128 + 15);
    let recovered = |name: &str| {
        let path = dir.path().join(format!("{name}.hexbuf-recovered-{pid}"));
        fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    assert_eq!(recovered("a.bin"), b"zAAA");
    assert_eq!(recovered("b.bin"), b"BzBB");
    assert_eq!(
        fs::read(&pa).unwrap(),
        b"AAAA",
        "the files themselves untouched"
    );
    assert_eq!(fs::read(&pb).unwrap(), b"BBBB");
}
