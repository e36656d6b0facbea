//! The config file driving the real editor: a remapped save key saves,
//! bytes per row and the typed pane's element come from the file, the
//! theme's colours reach the terminal (in 256 colours when that is all the
//! terminal has), and help lists the remapped key.

use super::*;

const CTRL_W: &str = "\x17";
const F1: &str = "\x1bOP";

fn write_config(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_config_remapping_save_to_ctrl_w_saves_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.bin");
    fs::write(&file, [0u8; 16]).unwrap();
    let cfg = write_config(
        dir.path(),
        "[keys.normal]\n\"C-w\" = \"save\"\n\"C-s\" = \"none\"\n",
    );
    let mut pty = Pty::start(dir.path(), &["--config", arg(&cfg), arg(&file)]);
    pty.send("41");
    pty.expect(|s| s.is_modified(), "an edit");
    // Ctrl+S no longer saves: typing after it still edits the same buffer.
    pty.send(CTRL_S);
    pty.send("42");
    pty.expect(
        |s| {
            s.hex_pane("0000000")
                .is_some_and(|h| h.starts_with("41 42"))
        },
        "two edits",
    );
    assert_eq!(fs::read(&file).unwrap(), [0u8; 16], "Ctrl+S was unbound");
    pty.send(CTRL_W);
    pty.expect(
        |s| !s.is_modified() && s.message().starts_with("saved "),
        "Ctrl+W saved",
    );
    let mut want = [0u8; 16];
    want[..2].copy_from_slice(&[0x41, 0x42]);
    assert_eq!(fs::read(&file).unwrap(), want);
    // Help is generated from the keymap: Save is on Ctrl+W now.
    pty.send(F1);
    let s = pty.expect(|s| s.contains("Help"), "the help screen");
    let line = s
        .text
        .lines()
        .find(|l| l.contains("Ctrl+W"))
        .unwrap_or_else(|| panic!("no Ctrl+W in help:\n{}", s.text));
    assert!(line.contains("Save"), "{line}");
    assert!(
        !s.text.contains("Ctrl+S "),
        "Ctrl+S is unbound:\n{}",
        s.text
    );
    pty.send(ESC);
    pty.expect(is_editor_screen, "back in the editor");
    quit_cleanly(&mut pty);
}

#[test]
fn bytes_per_row_and_element_come_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.bin");
    let bytes: Vec<u8> = (0..64).collect();
    fs::write(&file, &bytes).unwrap();
    let cfg = write_config(
        dir.path(),
        "bytes_per_row = 8\nelement = \"int16\"\nendian = \"big\"\n",
    );
    let mut pty = Pty::start(dir.path(), &["--config", arg(&cfg), arg(&file)]);
    let s = pty.expect(|s| s.data_row("00000008").is_some(), "rows of 8 bytes");
    let hex: Vec<String> = s
        .hex_pane("0000000")
        .unwrap()
        .split_whitespace()
        .map(String::from)
        .collect();
    assert_eq!(hex, ["00", "01", "02", "03", "04", "05", "06", "07"]);
    assert!(s.contains("Int16 BE"), "{}", s.text);
    // The typed pane reads big-endian int16s: 0x0001, 0x0203, …
    let row = s.data_row("00000008").unwrap().join(" ");
    let first = i16::from_be_bytes([8, 9]).to_string();
    assert!(row.contains(&first), "{row}");
    quit_cleanly(&mut pty);
}

/// xterm's colour for a 256-colour index (the oracle for the fallback).
fn xterm_rgb(i: u8) -> (u8, u8, u8) {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match i {
        16..=231 => {
            let n = usize::from(i - 16);
            (LEVELS[n / 36], LEVELS[n / 6 % 6], LEVELS[n % 6])
        }
        232.. => (8 + 10 * (i - 232), 8 + 10 * (i - 232), 8 + 10 * (i - 232)),
        _ => panic!("not a cube or grey index: {i}"),
    }
}

fn dist(a: (u8, u8, u8), b: (u8, u8, u8)) -> i32 {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2);
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

/// The foreground colour of the text pane's first cell ('A').
fn colour_of_a(pty: &Pty) -> vt100::Color {
    pty.with_screen(|screen| {
        let (rows, cols) = screen.size();
        let (rows, cols) = (rows.get(), cols.get());
        for r in 0..rows {
            let line = screen.contents_between(r, 0, r, cols);
            if line.trim_start().starts_with("00000000")
                && let Some(c) = line.find("AB")
            {
                let col = line[..c].chars().count() as u16;
                return screen.cell(r, col).unwrap().fgcolor();
            }
        }
        panic!("no AB row");
    })
}

#[test]
fn the_theme_reaches_the_terminal_in_truecolour_or_the_nearest_of_256() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.bin");
    fs::write(&file, b"ABCDEFGH").unwrap();
    let cfg = write_config(
        dir.path(),
        "[theme]\nname = \"light\"\n[theme.colors]\nprintable = \"#3399cc\"\n",
    );
    let args = ["--config", arg(&cfg), arg(&file)];
    let mut cmd = hexbuf_command(dir.path(), &args);
    cmd.env("COLORTERM", "truecolor");
    let mut pty = Pty::spawn_command(cmd, 36, 120);
    pty.expect(is_editor_screen, "the editor");
    assert_eq!(colour_of_a(&pty), vt100::Color::Rgb(0x33, 0x99, 0xcc));
    quit_cleanly(&mut pty);

    // TERM=xterm-256color, no COLORTERM: the nearest xterm index.
    let mut pty = Pty::start(dir.path(), &args);
    let want = (16..=255u8)
        .min_by_key(|&i| dist(xterm_rgb(i), (0x33, 0x99, 0xcc)))
        .unwrap();
    assert_eq!(colour_of_a(&pty), vt100::Color::Idx(want));
    quit_cleanly(&mut pty);

    // NO_COLOR still wins: no colour at all.
    let mut cmd = hexbuf_command(dir.path(), &args);
    cmd.env("NO_COLOR", "1");
    let mut pty = Pty::spawn_command(cmd, 36, 120);
    pty.expect(is_editor_screen, "the editor");
    assert_eq!(colour_of_a(&pty), vt100::Color::Default);
    quit_cleanly(&mut pty);
}

#[test]
fn the_configs_keymap_applies_unless_the_command_line_names_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.bin");
    fs::write(&file, [0u8; 16]).unwrap();
    let cfg = write_config(
        dir.path(),
        "keymap = \"vi\"\n[keys.normal]\n\"w\" = \"save\"\n",
    );
    let mut pty = Pty::start(dir.path(), &["--config", arg(&cfg), arg(&file)]);
    pty.expect(|s| s.status().contains("NORMAL"), "vi's normal mode");
    // i, type, Esc back to normal mode, then w (bound in the file) saves.
    pty.send("i41");
    pty.expect(|s| s.is_modified(), "an edit in insert mode");
    pty.send(ESC);
    pty.expect(|s| s.status().contains("NORMAL"), "normal mode again");
    pty.send("w");
    pty.expect(|s| !s.is_modified(), "w saved");
    assert_eq!(fs::read(&file).unwrap()[0], 0x41);
    pty.send("q");
    assert!(pty.wait_exit(TIMEOUT).unwrap().success());

    let mut pty = Pty::start(
        dir.path(),
        &["--config", arg(&cfg), "--keymap", "default", arg(&file)],
    );
    pty.send("42");
    pty.expect(
        |s| s.is_modified() && !s.status().contains("NORMAL"),
        "the default keymap types at once",
    );
    pty.send(CTRL_S);
    pty.expect(|s| !s.is_modified(), "saved");
    quit_cleanly(&mut pty);
    assert_eq!(fs::read(&file).unwrap()[0], 0x42);
}

/// The keys that stop a long job are the working mode's bindings: the
/// progress box names the key the config gave, and that key cancels.
#[test]
fn a_config_rebinding_the_job_cancel_key_is_named_and_cancels() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.bin");
    let f = fs::File::create(&file).unwrap();
    f.set_len(768 << 20).unwrap();
    drop(f);
    let cfg = write_config(
        dir.path(),
        "[keys.working]\n\"C-x\" = \"cancel\"\n\"Esc\" = \"none\"\n",
    );
    let mut pty = Pty::start(dir.path(), &["--config", arg(&cfg), arg(&file)]);
    pty.send("\x1b[2~"); // Insert: an insert makes the save rewrite it all
    pty.send("41");
    pty.expect(|s| s.is_modified(), "the insert");
    pty.send(CTRL_S);
    pty.expect(
        |s| s.contains("saving") && s.contains("Working — Ctrl+X cancels"),
        "the progress box names the rebound key",
    );
    pty.send("\x18"); // Ctrl+X
    pty.expect(
        |s| s.message().contains("save cancelled"),
        "Ctrl+X cancelled the save",
    );
    assert_eq!(fs::metadata(&file).unwrap().len(), 768 << 20);
    super::quit_discarding(&mut pty);
}
