//! The compare view (`hexbuf A B`) driven by keys, no terminal: stepping
//! through differences, taking one side's bytes, editing, undoing and
//! saving one side, aligned mode, and the comparison that runs on a worker
//! for large files. Expected differences come from a byte-by-byte
//! comparison written here, not from the code under test.

use std::fs;
use std::path::Path;

use hexbuf::app::compare::align::{Cell, Side};
use hexbuf::app::state::{App, AppOptions, Confirm, Overlay, Pane};
use hexbuf::core::document::Document;
use hexbuf::core::source::{OpenOptions, Source};

fn compare(a: &[u8], b: &[u8]) -> App {
    let mut app = App::new(Document::from_bytes(a.to_vec()), AppOptions::default());
    app.open_compare(Document::from_bytes(b.to_vec()), Some("[b]".into()));
    app
}

fn open(path: &Path) -> Document {
    Document::new(Source::open(path, OpenOptions::default()).unwrap())
}

fn compare_files(a: &Path, b: &Path) -> App {
    let mut app = App::new(open(a), AppOptions::default());
    app.open_compare(open(b), None);
    app
}

fn side(app: &App, s: Side) -> Vec<u8> {
    let doc = app.side_editor(s).doc();
    doc.read(0..doc.len())
}

/// Runs of differing offsets, as `cmp -l` would list them, grouped.
fn naive_runs(a: &[u8], b: &[u8]) -> Vec<std::ops::Range<u64>> {
    let mut runs: Vec<std::ops::Range<u64>> = Vec::new();
    for i in 0..a.len().max(b.len()) {
        if a.get(i) != b.get(i) {
            match runs.last_mut() {
                Some(r) if r.end == i as u64 => r.end += 1,
                _ => runs.push(i as u64..i as u64 + 1),
            }
        }
    }
    runs
}

fn cursor(app: &App) -> u64 {
    app.compare.as_ref().unwrap().cursor
}

#[test]
fn next_and_previous_difference_visit_each_run_of_differing_bytes_in_order() {
    let a = b"0123456789abcdefghij";
    let b = b"01X3456YZ9abcdefghQj";
    let mut app = compare(a, b);
    let runs = naive_runs(a, b);
    assert_eq!(runs.len(), 3);
    let mut seen = Vec::new();
    for _ in 0..runs.len() {
        app.feed("A-Down");
        seen.push(cursor(&app));
    }
    let starts: Vec<u64> = runs.iter().map(|r| r.start).collect();
    assert_eq!(seen, starts);
    assert_eq!(app.ed.cursor(), starts[2], "A's cursor follows");
    app.feed("A-Down");
    assert_eq!(cursor(&app), starts[2], "no difference after the last");
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("no difference after")
    );
    app.feed("A-Up");
    assert_eq!(cursor(&app), starts[1]);
    app.feed("A-Up A-Up");
    assert_eq!(cursor(&app), starts[0]);
}

#[test]
fn take_left_makes_b_equal_to_a_there_and_undo_puts_b_back() {
    let a = b"hello world";
    let b = b"hexxo wOrld";
    let mut app = compare(a, b);
    app.feed("A-Down");
    assert_eq!(cursor(&app), 2);
    app.feed("A-Left");
    assert_eq!(side(&app, Side::B), b"hello wOrld");
    assert_eq!(side(&app, Side::A), a, "A is untouched");
    let c = app.compare.as_ref().unwrap();
    assert_eq!(c.active, Side::B, "the changed side is the active one");
    assert_eq!(naive_runs(a, &side(&app, Side::B)).len(), 1);
    assert_eq!(app.alignment().unwrap().spans().len(), 1, "compared again");
    app.feed("C-z");
    assert_eq!(side(&app, Side::B), b);
    assert_eq!(app.alignment().unwrap().spans().len(), 2);
}

#[test]
fn take_right_makes_a_equal_to_b_and_is_refused_off_a_difference() {
    let a = b"abcdef";
    let b = b"abXYef";
    let mut app = compare(a, b);
    app.feed("A-Right");
    assert_eq!(
        side(&app, Side::A),
        a,
        "cursor on equal bytes: nothing taken"
    );
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("no difference under")
    );
    app.feed("A-Down A-Right");
    assert_eq!(side(&app, Side::A), b);
    assert_eq!(side(&app, Side::B), b);
    assert!(app.alignment().unwrap().spans().is_empty());
}

#[test]
fn equal_offsets_report_the_longer_files_tail_and_take_copies_it() {
    let a = b"abc";
    let b = b"abcdefg";
    let mut app = compare(a, b);
    let al = app.alignment().unwrap();
    assert_eq!(al.total(), 7);
    assert_eq!(al.cell(Side::A, 4), Cell::Gap(3));
    app.feed("A-Down");
    assert_eq!(cursor(&app), 3);
    app.feed("A-Right");
    assert_eq!(side(&app, Side::A), b, "A grew by B's tail");
}

#[test]
fn typing_on_one_side_edits_only_it_and_the_differences_follow() {
    let mut app = compare(b"\x00\x00\x00\x00", b"\x00\x00\x00\x00");
    assert!(app.alignment().unwrap().spans().is_empty());
    app.feed("Right 4 1");
    assert_eq!(side(&app, Side::A), b"\x00\x41\x00\x00");
    assert_eq!(side(&app, Side::B), [0; 4]);
    let spans = app.alignment().unwrap().spans().to_vec();
    assert_eq!((spans.len(), spans[0].a, spans[0].len_a), (1, 1, 1));
    assert_eq!(cursor(&app), 2, "the position follows the typing");
    // Tab twice: A's text pane, then B's hex pane.
    app.feed("Tab Tab");
    assert_eq!(app.compare.as_ref().unwrap().active, Side::B);
    assert_eq!(app.focus, Pane::Hex);
    assert_eq!(app.ed.cursor(), 2, "B's cursor at the same position");
    app.feed("f f");
    assert_eq!(side(&app, Side::B), b"\x00\x00\xff\x00");
    assert_eq!(
        app.alignment().unwrap().spans().len(),
        1,
        "offsets 1 and 2 are one run"
    );
    app.feed("C-z");
    assert_eq!(side(&app, Side::B), [0; 4], "undo on B");
    assert_eq!(side(&app, Side::A), b"\x00\x41\x00\x00", "A keeps its edit");
}

#[test]
fn one_side_is_saved_with_the_usual_save_and_the_other_stays_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (dir.path().join("a.bin"), dir.path().join("b.bin"));
    fs::write(&pa, b"ABCDEFGH").unwrap();
    fs::write(&pb, b"ABCxEFGy").unwrap();
    let mut app = compare_files(&pa, &pb);
    // Take right at the first difference (A changes), type on A, save A.
    app.feed("A-Down A-Right");
    app.feed("C-End Left 7 a");
    assert_eq!(side(&app, Side::A), b"ABCxEFGz");
    app.feed("C-s");
    assert_eq!(fs::read(&pa).unwrap(), b"ABCxEFGz");
    assert_eq!(fs::read(&pb).unwrap(), b"ABCxEFGy", "B untouched on disk");
    assert_eq!(app.sides_modified(), (false, false));
    // Edit B, go back to A and quit: the question is about B.
    app.feed("Tab Tab C-Home 0 0 Tab Tab");
    assert_eq!(app.compare.as_ref().unwrap().active, Side::A);
    assert_eq!(app.sides_modified(), (false, true));
    app.feed("C-q");
    assert_eq!(app.overlay, Overlay::Confirm(Confirm::QuitUnsaved));
    assert_eq!(app.compare.as_ref().unwrap().active, Side::B);
    app.feed("s");
    assert_eq!(fs::read(&pb).unwrap(), b"\0BCxEFGy");
    assert!(app.quit_requested());
}

#[test]
fn aligned_mode_shows_an_insertion_as_a_gap_and_keeps_the_rest_lined_up() {
    let a = b"0123456789";
    let b = b"01xy23456789";
    let mut app = compare(a, b);
    app.feed("A-a");
    assert!(app.compare.as_ref().unwrap().aligned);
    let al = app.alignment().unwrap();
    assert_eq!(al.total(), 12);
    // Every byte of B shows with the byte of A that it equals, but the two
    // inserted ones, which stand against gaps.
    let mut gaps = 0;
    for u in 0..al.total() {
        match al.cells(u) {
            (Cell::Byte(x), Cell::Byte(y)) => assert_eq!(a[x as usize], b[y as usize]),
            (Cell::Gap(_), Cell::Byte(y)) => {
                gaps += 1;
                assert!(b"xy".contains(&b[y as usize]));
            }
            other => panic!("{other:?} at {u}"),
        }
    }
    assert_eq!(gaps, 2);
    app.feed("A-Down");
    assert_eq!(cursor(&app), 2);
    app.feed("A-Left");
    assert_eq!(side(&app, Side::B), a, "take left deletes B's insertion");
}

#[test]
fn large_files_are_compared_on_a_worker_and_the_count_fills_in() {
    let mut a = vec![7u8; 1 << 20];
    let mut b = a.clone();
    b[1000] = 1;
    b[500_000] = 2;
    a.push(9);
    let mut app = compare(&a, &b);
    app.compare.as_mut().unwrap().inline_limit = 0;
    // Switching the mode twice compares again, now on a worker.
    app.feed("A-a A-a");
    app.compare_wait();
    assert!(app.compare_is_current());
    let spans = app.alignment().unwrap().spans().to_vec();
    let runs = naive_runs(&a, &b);
    let got: Vec<std::ops::Range<u64>> = spans.iter().map(|s| s.a..s.a + s.len_a).collect();
    assert_eq!(got, runs);
}

#[test]
fn an_overwrite_in_a_large_pair_is_compared_again_only_around_it() {
    let a: Vec<u8> = (0..64).collect();
    let mut b = a.clone();
    b[10] = 0xff;
    b[40] = 0xff;
    let mut app = compare(&a, &b);
    // From here on every comparison counts as large.
    app.compare.as_mut().unwrap().inline_limit = 0;
    // Overwrite A's bytes 11 and 12 (joining the run at 10) and then 39.
    app.feed("C-Home");
    for _ in 0..11 {
        app.feed("Right");
    }
    app.feed("0 0 0 0");
    assert!(!app.background_busy(), "no worker for an overwrite");
    assert!(app.compare_is_current());
    let runs = |app: &App| -> Vec<std::ops::Range<u64>> {
        let spans = app.alignment().unwrap().spans();
        spans.iter().map(|s| s.a..s.a + s.len_a).collect()
    };
    let a2 = side(&app, Side::A);
    assert_eq!(runs(&app), naive_runs(&a2, &b));
    assert_eq!(runs(&app)[0], 10..13, "one run with the old difference");
    // Insert mode changes A's size: everything is compared again, on a worker.
    app.feed("Insert 4 2");
    assert!(app.background_busy() || !app.compare_is_current());
    app.compare_wait();
    let a3 = side(&app, Side::A);
    assert_eq!(a3.len(), 65);
    // The runs of the common 64 bytes, then A's extra tail byte on its own.
    let mut want = naive_runs(&a3[..64], &b);
    want.push(64..65);
    assert_eq!(runs(&app), want);
}

#[test]
fn the_wheel_scrolls_both_sides_together_and_a_move_brings_the_cursor_back() {
    use hexbuf::app::action::Action;
    let data = vec![0u8; 4096];
    let mut app = compare(&data, &data);
    app.handle(Action::Scroll(3));
    app.compare_sync();
    let c = app.compare.as_ref().unwrap();
    assert_eq!((c.top, c.cursor), (3, 0), "scrolled, cursor kept");
    app.feed("Down");
    let c = app.compare.as_ref().unwrap();
    let bpr = app.bytes_per_row();
    assert_eq!(c.cursor, bpr);
    assert_eq!(c.top, 1, "the cursor's row is on screen again");
}

#[test]
fn with_readonly_neither_side_takes_nor_types() {
    let opts = AppOptions {
        readonly: true,
        ..AppOptions::default()
    };
    let mut app = App::new(Document::from_bytes(b"abcd".to_vec()), opts);
    app.open_compare(Document::from_bytes(b"abXd".to_vec()), None);
    app.feed("A-Down A-Left");
    assert_eq!(side(&app, Side::B), b"abXd");
    let text = &app.message.as_ref().unwrap().text;
    assert!(
        text.contains("B cannot change") && text.contains("--readonly"),
        "{text}"
    );
    app.feed("A-Right 4 1 Tab Tab 4 1");
    assert_eq!(side(&app, Side::A), b"abcd");
    assert_eq!(side(&app, Side::B), b"abXd");
}

#[test]
fn esc_stops_a_running_comparison_and_an_edit_starts_it_again() {
    let a = vec![0u8; 32 << 20];
    let mut b = a.clone();
    b[12345] = 1;
    let mut app = compare(&a, &b);
    app.compare.as_mut().unwrap().inline_limit = 0;
    // Aligned and back: the equal-offset comparison runs on a worker.
    app.feed("A-a A-a");
    assert!(app.background_busy());
    app.feed("Esc");
    assert!(!app.background_busy());
    assert!(app.compare_stopped());
    app.compare_sync();
    assert!(!app.background_busy(), "not started again by itself");
    // An edit (A's first byte) asks for a new comparison.
    app.feed("4 1");
    app.compare_wait();
    assert!(app.compare_is_current() && !app.compare_stopped());
    let spans = app.alignment().unwrap().spans().to_vec();
    assert_eq!(spans.len(), 2, "{spans:?}");
    assert_eq!((spans[0].a, spans[1].a), (0, 12345));
}

/// Takes one side at every difference, first to last; returns how many
/// takes it needed.
fn take_everywhere(app: &mut App, keys: &str) -> usize {
    for n in 0..10_000 {
        if app.alignment().unwrap().spans().is_empty() {
            return n;
        }
        app.feed("C-Home");
        let c = app.compare.as_ref().unwrap();
        if app.alignment().unwrap().span_at(c.cursor).is_none() {
            app.feed("A-Down");
        }
        app.feed(keys);
    }
    panic!("the differences never ran out");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    #[test]
    fn taking_one_side_at_every_difference_makes_the_files_equal(
        a in proptest::collection::vec(0u8..4, 0..120),
        edits in proptest::collection::vec((0u8..3, 0usize..200, 0u8..4), 0..8),
        left in proptest::bool::ANY,
        aligned in proptest::bool::ANY,
    ) {
        let mut b = a.clone();
        for (kind, at, byte) in edits {
            let at = if b.is_empty() { 0 } else { at % (b.len() + 1) };
            match kind {
                0 => b.insert(at, byte),
                1 if at < b.len() => { b.remove(at); }
                _ if at < b.len() => b[at] = byte,
                _ => b.push(byte),
            }
        }
        let mut app = compare(&a, &b);
        if aligned {
            app.feed("A-a");
        }
        let (keys, want) = if left { ("A-Left", &a) } else { ("A-Right", &b) };
        take_everywhere(&mut app, keys);
        proptest::prop_assert_eq!(&side(&app, Side::A), want);
        proptest::prop_assert_eq!(&side(&app, Side::B), want);
    }
}

#[test]
fn the_file_of_the_side_not_being_edited_is_watched_too() {
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (dir.path().join("a.bin"), dir.path().join("b.bin"));
    fs::write(&pa, vec![1u8; 8192]).unwrap();
    fs::write(&pb, vec![2u8; 8192]).unwrap();
    let mut app = compare_files(&pa, &pb);
    app.check_file();
    assert!(app.message.is_none(), "{:?}", app.message);
    fs::OpenOptions::new()
        .write(true)
        .open(&pb)
        .unwrap()
        .set_len(100)
        .unwrap();
    app.check_file();
    let text = &app.message.as_ref().expect("told").text;
    assert!(text.contains("b.bin was cut to 100 bytes"), "{text}");
    assert_eq!(
        app.compare.as_ref().unwrap().active,
        Side::A,
        "A still edited"
    );
}
