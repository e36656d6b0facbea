//! App-level tests of find all and the strings panel: keys fed to the
//! editor, the collected lists checked against independent oracles — a
//! naive scan written here, `hexbuf find` (the command-line search), GNU
//! `strings` — and the status line read from a drawn frame.

use std::path::Path;
use std::process::Command;

use hexbuf::app::state::{App, AppOptions, Overlay, Panel};
use hexbuf::core::document::Document;
use hexbuf::core::source::{OpenOptions, Source};
use hexbuf::core::strings::StrEncoding;
use hexbuf::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app_with(bytes: &[u8]) -> App {
    App::new(Document::from_bytes(bytes.to_vec()), AppOptions::default())
}

fn open(path: &Path) -> App {
    let source = Source::open(path, OpenOptions::default()).unwrap();
    App::new(Document::new(source), AppOptions::default())
}

/// Types `text` key by key (into a prompt or a filter).
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let key = if c == ' ' {
            "Space".to_string()
        } else {
            c.to_string()
        };
        app.feed(&key);
    }
}

/// Pseudo-random bytes (a fixed LCG), the same every run.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 56) as u8
        })
        .collect()
}

/// Every offset where `needle` occurs, overlapping ones included: the
/// plainest scan there is.
fn naive(hay: &[u8], needle: &[u8]) -> Vec<u64> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i as u64)
        .collect()
}

/// `hexbuf find FILE ARGS`: its offsets, one `0x…` a line.
fn cli_find(path: &Path, args: &[&str]) -> Vec<u64> {
    let out = Command::new(env!("CARGO_BIN_EXE_hexbuf"))
        .arg("find")
        .arg(path)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| u64::from_str_radix(l.strip_prefix("0x").unwrap(), 16).unwrap())
        .collect()
}

/// The status line of a frame drawn at 120×36.
fn status(app: &mut App) -> String {
    let mut term = Terminal::new(TestBackend::new(120, 36)).unwrap();
    term.draw(|f| {
        let area = f.area();
        let l = ui::prepare(app, area);
        ui::render(app, &l, area, f.buffer_mut());
    })
    .unwrap();
    let buf = term.backend().buffer();
    (0..buf.area.width)
        .map(|x| buf[(x, buf.area.height - 2)].symbol().to_string())
        .collect()
}

fn selected_row(app: &App) -> usize {
    match app.overlay {
        Overlay::Panel(Panel::Matches { selected })
        | Overlay::Panel(Panel::Strings { selected }) => selected,
        ref other => panic!("no list open: {other:?}"),
    }
}

#[test]
fn find_all_lists_what_hexbuf_find_and_a_naive_scan_find() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hay.bin");
    let mut data = noise(300_000, 7);
    for at in [0usize, 17, 4095, 4096, 65_535, 123_457, 299_994] {
        data[at..at + 6].copy_from_slice(b"needle");
    }
    // Overlapping matches: "nene" holds "ne" twice, "eee" holds "ee" twice.
    data[200_000..200_004].copy_from_slice(b"nene");
    std::fs::write(&path, &data).unwrap();
    for (needle, hex) in [
        (&b"needle"[..], "6e 65 65 64 6c 65"),
        (b"ee", "65 65"),
        (b"ne", "6e65"),
    ] {
        let mut app = open(&path);
        app.feed("C-f");
        type_text(&mut app, hex);
        app.feed("A-Enter");
        let want = naive(&data, needle);
        assert_eq!(
            cli_find(&path, &["--hex", hex]),
            want,
            "hexbuf find agrees with the scan"
        );
        let list = app.match_list().expect("collected");
        assert_eq!(list.offsets, want, "{hex}");
        assert_eq!(list.total, want.len() as u64);
        assert!(matches!(app.overlay, Overlay::Panel(Panel::Matches { .. })));
        let msg = app.message.as_ref().unwrap().text.clone();
        assert!(msg.starts_with(&format!("{} matches", want.len())), "{msg}");
    }
}

#[test]
fn enter_in_the_results_list_jumps_to_the_match() {
    let mut data = vec![0u8; 4096];
    for at in [100, 900, 3000] {
        data[at..at + 3].copy_from_slice(b"abc");
    }
    let mut app = app_with(&data);
    app.feed("Tab C-f a b c A-Enter");
    assert_eq!(selected_row(&app), 0);
    app.feed("Down Down Enter");
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.ed.cursor(), 3000);
    assert_eq!(app.match_position().as_deref(), Some("match 3 of 3"));
    // Alt+G again opens the list at the match at or after the cursor.
    app.feed("Home A-g");
    assert_eq!(selected_row(&app), 2);
    app.feed("Up Enter");
    assert_eq!(app.ed.cursor(), 900);
    app.feed("A-g End Enter");
    assert_eq!(app.ed.cursor(), 3000);
}

#[test]
fn stepping_with_f3_shows_match_n_of_m_on_the_status_line() {
    let mut data = noise(50_000, 3);
    let mut planted = vec![];
    for at in (1000..50_000).step_by(7000) {
        data[at..at + 4].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
        planted.push(at as u64);
    }
    let want = naive(&data, &[0xde, 0xad, 0xbe, 0xef]);
    assert!(want.len() >= planted.len());
    let m = want.len();
    let mut app = app_with(&data);
    app.feed("C-f");
    type_text(&mut app, "deadbeef");
    app.feed("Enter");
    // The first step lands on the first match; F3 counts them once.
    app.feed("C-Home");
    for (i, &at) in want.iter().enumerate() {
        app.feed("F3");
        assert_eq!(app.ed.cursor(), at);
        let line = status(&mut app);
        let n = format!("match {} of {m}", i + 1);
        assert!(line.contains(&n), "{n} in {line:?}");
        assert!(
            app.message.as_ref().unwrap().text.contains(&n),
            "the message says it too"
        );
    }
    // Backward from the first wraps around to the last.
    app.feed("C-Home S-F3");
    assert_eq!(app.ed.cursor(), *want.last().unwrap());
    let msg = &app.message.as_ref().unwrap().text;
    assert!(
        msg.ends_with(&format!("(wrapped around) — match {m} of {m}")),
        "{msg}"
    );
    assert!(status(&mut app).contains(&format!("match {m} of {m}")));
    // Off a match, no position is claimed; an edit makes the count stale.
    app.feed("Right");
    assert!(!status(&mut app).contains("match "));
    app.feed("Left");
    assert!(status(&mut app).contains(&format!("match {m} of {m}")));
    app.feed("0");
    assert!(app.match_list().is_none(), "an edit makes the list stale");
}

#[test]
fn the_list_is_capped_and_the_total_still_counted() {
    // 150,001 zero bytes hold 150,000 overlapping matches of 00 00.
    let data = vec![0u8; 150_001];
    let mut app = app_with(&data);
    app.feed("C-f 0 0 0 0 A-Enter");
    let list = app.match_list().unwrap();
    assert_eq!(list.total, 150_000);
    assert_eq!(list.offsets.len(), 100_000);
    assert!(list.offsets.iter().enumerate().all(|(i, &o)| o == i as u64));
    assert!(app.message.as_ref().unwrap().text.contains("first 100000"));
    // Beyond the kept offsets the index is not known, only the total.
    app.feed("Esc C-g");
    type_text(&mut app, "140000");
    app.feed("Enter");
    assert_eq!(
        app.match_position().as_deref(),
        Some("match > 100000 of 150000")
    );
}

#[test]
fn find_all_on_a_sparse_8_gib_file_runs_to_completion() {
    use std::io::{Seek, SeekFrom, Write};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sparse.bin");
    let len: u64 = 8 << 30;
    let mut f = std::fs::File::create(&path).unwrap();
    f.set_len(len).unwrap();
    let planted = [0x1000u64, (3 << 30) + 5, (1 << 32) - 2, len - 6];
    for &at in &planted {
        f.seek(SeekFrom::Start(at)).unwrap();
        f.write_all(b"needle").unwrap();
    }
    drop(f);
    let mut app = open(&path);
    app.feed("Tab C-f");
    type_text(&mut app, "needle");
    app.feed("A-Enter");
    let list = app.match_list().expect("collected");
    assert_eq!(list.offsets, planted);
    app.feed("End Enter");
    assert_eq!(app.ed.cursor(), len - 6);
    assert_eq!(app.match_position().as_deref(), Some("match 4 of 4"));
}

/// GNU `strings -a -t d -n MIN -e E FILE` as (offset, text).
fn gnu_strings(path: &Path, min: usize, e: &str) -> Vec<(u64, String)> {
    let out = Command::new("strings")
        .args(["-a", "-t", "d", "-n", &min.to_string(), "-e", e])
        .arg(path)
        .output()
        .expect("GNU strings (binutils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (off, text) = l.trim_start().split_once(' ').unwrap();
            (off.parse().unwrap(), text.to_string())
        })
        .collect()
}

/// The strings panel's entries of one encoding, as (offset, text).
fn panel_strings(app: &App, enc: StrEncoding) -> Vec<(u64, String)> {
    let list = app.strings.as_ref().expect("scanned");
    list.entries
        .iter()
        .filter(|e| e.encoding == enc)
        .map(|e| (e.offset, e.text.clone()))
        .collect()
}

#[test]
fn strings_panel_lists_what_gnu_strings_finds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.bin");
    let mut data = noise(20_000, 11);
    data[100..113].copy_from_slice(b"Hello, world!");
    let le: Vec<u8> = "UTF-16 little"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    data[5001..5001 + le.len()].copy_from_slice(&le);
    let be: Vec<u8> = "Big end text"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    data[9000..9000 + be.len()].copy_from_slice(&be);
    std::fs::write(&path, &data).unwrap();
    let mut app = open(&path);
    app.feed("A-t");
    assert!(matches!(app.overlay, Overlay::Panel(Panel::Strings { .. })));
    for min in [4, 5, 6] {
        assert_eq!(app.strings.as_ref().unwrap().min, min);
        for (enc, e) in [
            (StrEncoding::Ascii, "s"),
            (StrEncoding::Utf16Le, "l"),
            (StrEncoding::Utf16Be, "b"),
        ] {
            let want = gnu_strings(&path, min, e);
            assert!(!want.is_empty());
            assert_eq!(panel_strings(&app, enc), want, "min {min} -e {e}");
        }
        let list = app.strings.as_ref().unwrap();
        assert_eq!(list.total, list.entries.len() as u64);
        // Alt+→: one longer (a new scan).
        app.feed("A-Right");
    }
    app.feed("A-Left A-Left A-Left");
    assert_eq!(app.strings.as_ref().unwrap().min, 4);
    assert!(panel_strings(&app, StrEncoding::Ascii).contains(&(100, "Hello, world!".into())));
}

#[test]
fn strings_filter_as_you_type_and_enter_selects_the_string() {
    let mut data = vec![0xffu8; 600];
    data[10..20].copy_from_slice(b"alpha beta");
    data[50..57].copy_from_slice(b"GAMMA 1");
    data[300..306].copy_from_slice(b"gamma2");
    let le: Vec<u8> = "GaMmA wide"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    data[400..400 + le.len()].copy_from_slice(&le);
    let mut app = app_with(&data);
    app.feed("A-t");
    // GNU's rules find the UTF-16LE text as UTF-16BE too, one byte on.
    let all = [10, 50, 300, 400, 401];
    assert_eq!(app.strings.as_ref().unwrap().shown.len(), all.len());
    // Letters, digits and r / d / c (list keys elsewhere) all filter here.
    type_text(&mut app, "gamma");
    let rows = |app: &App| -> Vec<u64> {
        let l = app.strings.as_ref().unwrap();
        (0..l.shown.len())
            .map(|r| l.row(r).unwrap().offset)
            .collect()
    };
    assert_eq!(rows(&app), [50, 300, 400]);
    app.feed("Down Down");
    assert_eq!(selected_row(&app), 2);
    app.feed("Enter");
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.ed.cursor(), 400);
    assert_eq!(app.selection(), Some(400..400 + 20));
    // A new opening starts with no filter.
    app.feed("Esc A-t");
    type_text(&mut app, "a 1");
    assert_eq!(rows(&app), [50]);
    app.feed("Backspace Backspace");
    assert_eq!(rows(&app), all, "'a' again");
    app.feed("Enter");
    // A selection scopes the scan: 300..=305 holds only gamma2.
    assert_eq!(app.selection(), Some(10..20));
    app.feed("Esc C-g");
    type_text(&mut app, "300");
    app.feed("Enter S-Right S-Right S-Right S-Right S-Right A-t");
    assert_eq!(rows(&app), [300]);
}

#[test]
fn a_cancelled_count_is_not_started_again_at_every_step() {
    use hexbuf::app::action::Action;
    use hexbuf::app::effect::Effect;
    use hexbuf::app::jobs::{self, Job, JobControl, JobOutcome};
    use hexbuf::app::key::Key;
    let mut data = vec![0u8; 1000];
    for at in [10, 500, 900] {
        data[at] = 0xab;
    }
    let mut app = app_with(&data);
    app.feed("C-f a b Enter");
    assert_eq!(app.ed.cursor(), 10);
    let jobs_of = |effects: Vec<Effect>| -> Vec<Job> {
        effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::Job(j) => Some(j),
                _ => None,
            })
            .collect()
    };
    let f3 = Action::Key(Key::parse("F3").unwrap());
    let mut queued = jobs_of(app.handle(f3.clone()));
    assert_eq!(queued.len(), 2, "the step, then the count: {queued:?}");
    let count = queued.pop().unwrap();
    let step = queued.pop().unwrap();
    let outcome = jobs::run(app.ed.doc(), &step, &JobControl::default());
    app.finish_job(step, outcome);
    assert_eq!(app.ed.cursor(), 500);
    // Esc during the count.
    app.finish_job(count, JobOutcome::Cancelled);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("counting cancelled")
    );
    assert_eq!(app.match_position(), None);
    // The next step is a step alone.
    let queued = jobs_of(app.handle(f3));
    assert!(
        matches!(queued.as_slice(), [Job::Find { .. }]),
        "{queued:?}"
    );
    // Alt+G still collects them all.
    app.feed("A-g");
    assert_eq!(app.match_list().unwrap().offsets, [10, 500, 900]);
}

#[test]
fn palette_words_find_all_and_strings_pick_their_commands_first() {
    use hexbuf::app::command::Cmd;
    use hexbuf::app::keymap::{Keymap, KeymapKind};
    use hexbuf::app::palette::rank_in;
    let keymap = Keymap::new(KeymapKind::Default);
    for (words, cmd) in [
        ("find all", Cmd::FindAll),
        ("findall", Cmd::FindAll),
        ("strings", Cmd::Strings),
    ] {
        assert_eq!(rank_in(words, &keymap, false)[0].cmd, cmd, "{words}");
    }
    // And from the palette, the command runs.
    let mut app = app_with(b"some words here\0\0and more");
    app.feed("C-p");
    type_text(&mut app, "strings");
    app.feed("Enter");
    let list = app.strings.as_ref().expect("scanned");
    let texts: Vec<&str> = list.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, ["some words here", "and more"]);
}
