//! Messages and hints name the keys the user has: with the default keys
//! they read as they always did; with a config that moves a command they
//! name its new key and never the old one; with a command left unbound
//! they name the palette. A last test moves every key and scans the
//! messages and screens of many actions for a default key name left over.

use hexbuf::app::action::Action;
use hexbuf::app::command::{Cmd, CompareCmd, commands};
use hexbuf::app::key::Key;
use hexbuf::app::keymap::{Keymap, KeymapKind, Layer};
use hexbuf::app::lesson::builtin;
use hexbuf::app::mode::{Mode, ModeCmd};
use hexbuf::app::state::{App, AppOptions, BottomPanel};
use hexbuf::config::file::parse;
use hexbuf::core::document::Document;
use hexbuf::core::hash::HashKind;

use super::screen;

/// An app on `bytes` with the keys of a config file's text.
fn app_keyed(bytes: &[u8], config: &str) -> App {
    let cfg = parse(config).unwrap();
    let kind = cfg.keymap_kind(None);
    let mut keys = Keymap::new(kind);
    cfg.apply_keys(&mut keys);
    app_with_keys(bytes, kind, keys)
}

fn app_with_keys(bytes: &[u8], kind: KeymapKind, keys: Keymap) -> App {
    let opts = AppOptions {
        color: false,
        keymap: kind,
        keys: Some(keys),
        ..AppOptions::default()
    };
    App::new(Document::from_bytes(bytes.to_vec()), opts)
}

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

/// Presses the key `mode` has for `cmd`.
fn press_mode(app: &mut App, mode: Mode, cmd: ModeCmd) {
    let key = app.keymap.mode_key(mode, cmd).expect("a key for it");
    app.handle(Action::Key(key));
    app.run_job_now();
}

/// Runs `cmd` as its key would, and any job it starts.
fn run(app: &mut App, cmd: Cmd) {
    app.message = None;
    app.run(cmd);
    app.run_job_now();
}

/// A pointer (2) to a byte inside, then text to find.
const BYTES: &[u8] = b"\x02\x00\x00\x00Robin and Robin, a bird\x00\x00\x00\x00";

/// Marks, the changes list's revert, following a pointer: with the
/// defaults as before; moved, the new keys; unbound, the palette.
const MOVED: &str = "[keys.normal]\n\
    \"C-w\" = \"Next mark\"\n\"A-n\" = \"none\"\n\
    \"C-b\" = \"Undo\"\n\"C-z\" = \"none\"\n\
    \"A-o\" = \"none\"\n";

#[test]
fn default_keys_read_as_they_always_did() {
    let mut app = app_keyed(BYTES, "");
    run(&mut app, Cmd::NextMark);
    assert_eq!(message(&app), "no marks yet (Alt+M marks the cursor)");
    run(&mut app, Cmd::ToggleMark);
    assert_eq!(
        message(&app),
        "marked 0x0 (Alt+N / Alt+P jump between marks, Alt+L lists them)"
    );
    run(&mut app, Cmd::FollowPointer(None));
    assert_eq!(
        message(&app),
        "followed the Uint8 at 0x0 to 0x2 (Alt+O jumps back)"
    );
    app.feed("a");
    run(&mut app, Cmd::Changes);
    app.feed("r");
    assert_eq!(
        message(&app),
        "reverted the change at 0x2 (Ctrl+Z brings it back)"
    );
    run(&mut app, Cmd::Paste);
    assert_eq!(
        message(&app),
        "the clipboard is empty (copy with Ctrl+C; the terminal's paste works too)"
    );
    run(&mut app, Cmd::Fill);
    assert_eq!(
        message(&app),
        "select the bytes to fill first (Shift+arrows, Ctrl+A)"
    );
    run(&mut app, Cmd::Find);
    app.feed("Tab");
    let bottom = screen(&mut app, 100, 12);
    assert!(
        bottom.contains("[Tab: kind, Alt+C: case, Alt+U: encoding]"),
        "{bottom}"
    );
    let shown = screen(&mut app_keyed(BYTES, ""), 100, 12);
    assert!(shown.contains(" F1 help\n"), "{shown}");
}

#[test]
fn moved_keys_are_named_and_the_old_ones_never() {
    let mut app = app_keyed(BYTES, MOVED);
    run(&mut app, Cmd::ToggleMark);
    assert_eq!(
        message(&app),
        "marked 0x0 (Ctrl+W / Alt+P jump between marks, Alt+L lists them)"
    );
    app.feed("a");
    run(&mut app, Cmd::Changes);
    app.feed("r");
    assert_eq!(
        message(&app),
        "reverted the change at 0x0 (Ctrl+B brings it back)"
    );
    let mut app = app_keyed(
        BYTES,
        "[keys.normal]\n\"F11\" = \"Help: every key\"\n\"F1\" = \"none\"\n\
         [keys.prompt]\n\"C-t\" = \"find-case\"\n\"A-c\" = \"none\"\n\"A-u\" = \"none\"\n",
    );
    let shown = screen(&mut app, 100, 12);
    assert!(shown.contains(" F11 help\n"), "{shown}");
    assert!(!shown.contains("F1 "), "{shown}");
    run(&mut app, Cmd::Find);
    app.feed("Tab");
    let shown = screen(&mut app, 100, 12);
    assert!(shown.contains("[Tab: kind, Ctrl+T: case]"), "{shown}");
    assert!(!shown.contains("Alt+"), "{shown}");
}

#[test]
fn an_unbound_command_is_named_through_the_palette() {
    let mut app = app_keyed(BYTES, MOVED);
    run(&mut app, Cmd::FollowPointer(None));
    assert_eq!(
        message(&app),
        "followed the Uint8 at 0x0 to 0x2 (the palette (Ctrl+P): \
         Jump back (after following a pointer or bookmark) jumps back)"
    );
    let mut app = app_keyed(
        BYTES,
        "[keys.normal]\n\"C-p\" = \"none\"\n\":\" = \"Command palette\"\n\"A-o\" = \"none\"\n",
    );
    run(&mut app, Cmd::FollowPointer(None));
    assert!(message(&app).contains("(the palette (:): Jump back"));
}

#[test]
fn vi_names_its_own_keys_in_normal_mode() {
    let mut app = app_keyed(BYTES, "keymap = \"vi\"\n");
    assert!(app.vi_normal);
    app.feed("z");
    assert_eq!(
        message(&app),
        "'z' is not a command here (i: insert, R: overwrite, ?: help)"
    );
    run(&mut app, Cmd::Copy);
    assert!(
        message(&app).ends_with("(p pastes them)"),
        "{}",
        message(&app)
    );
    run(&mut app, Cmd::ToggleMark);
    assert!(
        message(&app).ends_with("' lists them)"),
        "{}",
        message(&app)
    );
    // The status line's help key works in both of vi's modes: it stays.
    let shown = screen(&mut app, 100, 12);
    assert!(shown.contains(" F1 help\n"), "{shown}");
    // Inserting, letters type: the keys named are the ones that work.
    app.feed("i");
    run(&mut app, Cmd::Copy);
    assert!(message(&app).ends_with("(Ctrl+V pastes them)"));
    let shown = screen(&mut app, 100, 12);
    assert!(shown.contains(" F1 help\n"), "{shown}");
    // Without F1, help is ? in normal mode; inserting, it has no key.
    let mut app = app_keyed(BYTES, "keymap = \"vi\"\n[keys.global]\n\"F1\" = \"none\"\n");
    assert!(screen(&mut app, 100, 12).contains(" ? help\n"));
    app.feed("i");
    assert!(screen(&mut app, 100, 12).contains(" Ctrl+P commands\n"));
}

/// The default keymap with every key of every command and mode moved to
/// a CJK character, which no default key name contains.
fn everything_moved() -> Keymap {
    let mut m = Keymap::new(KeymapKind::Default);
    let mut next = ('\u{4e00}'..).map(|c| Key::parse(&c.to_string()).unwrap());
    for c in commands() {
        let old = m.keys_for(c.cmd);
        if old.is_empty() {
            continue;
        }
        for k in &old {
            m.bind(Layer::Global, *k, None);
        }
        m.bind(Layer::Global, next.next().unwrap(), Some(c.cmd));
    }
    for mode in Mode::ALL {
        let old: Vec<(Key, ModeCmd)> = m.mode_bindings(mode).collect();
        let mut done = Vec::new();
        for (k, cmd) in old {
            m.bind_mode(mode, k, None);
            if !done.contains(&cmd) {
                done.push(cmd);
                m.bind_mode(mode, next.next().unwrap(), Some(cmd));
            }
        }
    }
    m
}

/// Every key name of the default keymap worth looking for: all but single
/// characters (letters, digits and arrows, which texts use as themselves).
fn default_names() -> Vec<String> {
    let m = Keymap::new(KeymapKind::Default);
    let mut names: Vec<String> = commands()
        .iter()
        .flat_map(|c| m.keys_for(c.cmd))
        .chain(
            Mode::ALL
                .into_iter()
                .flat_map(|mode| m.mode_bindings(mode).map(|(k, _)| k).collect::<Vec<_>>()),
        )
        .map(|k| k.to_string())
        .filter(|n| n.chars().count() > 1)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The default key names in `text`: names with a modifier anywhere, other
/// names (F3, Esc, Tab) as words; `words` false leaves out plain words
/// such as End and Delete (the help screen's command names use them).
fn stragglers(text: &str, names: &[String], words: bool) -> Vec<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "()[],;:/·—'\"".contains(c))
        .map(|t| t.trim_end_matches('.'))
        .collect();
    names
        .iter()
        .filter(|n| {
            if n.contains('+') {
                text.contains(n.as_str())
            } else {
                let f_key = n.starts_with('F') && n[1..].parse::<u8>().is_ok();
                (words || f_key) && tokens.contains(&n.as_str())
            }
        })
        .cloned()
        .collect()
}

/// The default answer keys (`s`, `d`, `y`, `n`, `a`) as questions name
/// them: `(s)`, `(y/n)`, `y: replace`. (Single letters are not looked for
/// as words: texts are full of them.)
fn answer_stragglers(text: &str) -> Vec<String> {
    let m = Keymap::new(KeymapKind::Default);
    let mut letters: Vec<String> = m
        .mode_bindings(Mode::Confirm)
        .map(|(k, _)| k.to_string())
        // The capitals are the same answers (and `A:` names a file).
        .filter(|n| n.len() == 1 && n.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    letters.sort();
    letters.dedup();
    letters
        .into_iter()
        .filter(|k| {
            [
                format!("({k})"),
                format!("({k}/"),
                format!("/{k})"),
                format!(" {k}: "),
                format!("? {k}: "),
            ]
            .iter()
            .any(|form| text.contains(form.as_str()))
        })
        .collect()
}

#[test]
fn with_every_key_moved_no_message_or_hint_names_a_default_key() {
    let names = default_names();
    assert!(names.iter().any(|n| n == "Ctrl+Z") && names.iter().any(|n| n == "Esc"));
    let mut app = app_with_keys(BYTES, KeymapKind::Default, everything_moved());
    let mut seen: Vec<(String, String, bool)> = Vec::new();
    let mut look = |app: &mut App, what: &str| {
        let text = format!("{}\n{}", message(app), screen(app, 120, 30));
        // Help and the palette list command names (End of row…).
        let words = what != "help" && what != "palette";
        seen.push((what.to_string(), text, words));
    };
    look(&mut app, "start");
    let cmds = [
        Cmd::NextMark,
        Cmd::Marks,
        Cmd::Bookmarks,
        Cmd::JumpBack,
        Cmd::ToggleMark,
        Cmd::FollowPointer(None),
        Cmd::AlignHere,
        Cmd::Paste,
        Cmd::Copy,
        Cmd::Fill,
        Cmd::Export,
        Cmd::DeleteForward,
        Cmd::EntropyStrip,
    ];
    for cmd in cmds {
        run(&mut app, cmd);
        look(&mut app, &format!("{cmd:?}"));
    }
    app.feed("z");
    look(&mut app, "a letter in the hex pane");
    run(&mut app, Cmd::Select(hexbuf::app::command::Motion::Right));
    run(&mut app, Cmd::DeleteForward);
    look(&mut app, "delete a selection");
    run(&mut app, Cmd::ClearSelection);
    // Lists, the palette, help, a digest: their titles and hints.
    for (cmd, what) in [
        (Cmd::Marks, "marks"),
        (Cmd::CopyMenu, "copy as"),
        (Cmd::Hash(HashKind::Sha256), "digest"),
        (Cmd::Palette, "palette"),
        (Cmd::Help, "help"),
        (Cmd::Strings, "strings"),
    ] {
        run(&mut app, cmd);
        look(&mut app, what);
        app.overlay = Default::default();
    }
    // Find all with no search: the find prompt, its keys.
    run(&mut app, Cmd::FindAll);
    press_mode(&mut app, Mode::Prompt, ModeCmd::FindKindNext);
    look(&mut app, "find prompt");
    press_mode(&mut app, Mode::Prompt, ModeCmd::Cancel);
    // Replace one Robin, then all: the question, then the message.
    run(&mut app, Cmd::Replace);
    press_mode(&mut app, Mode::Prompt, ModeCmd::FindKindNext);
    app.handle(Action::Paste("Robin".into()));
    press_mode(&mut app, Mode::Prompt, ModeCmd::Accept);
    app.handle(Action::Paste("Rabin".into()));
    press_mode(&mut app, Mode::Prompt, ModeCmd::Accept);
    look(&mut app, "replace question");
    press_mode(&mut app, Mode::Confirm, ModeCmd::ReplaceAll);
    look(&mut app, "replaced");
    run(&mut app, Cmd::FindAll);
    look(&mut app, "matches list");
    app.overlay = Default::default();
    run(&mut app, Cmd::Changes);
    look(&mut app, "changes list");
    press_mode(&mut app, Mode::List, ModeCmd::RevertChange);
    look(&mut app, "reverted");
    app.overlay = Default::default();
    run(&mut app, Cmd::NameBookmark);
    app.handle(Action::Paste("here".into()));
    press_mode(&mut app, Mode::Prompt, ModeCmd::Accept);
    look(&mut app, "bookmark named");
    run(&mut app, Cmd::Bookmarks);
    look(&mut app, "bookmarks list");
    app.overlay = Default::default();
    run(&mut app, Cmd::SetBottomPanel(BottomPanel::Explain));
    look(&mut app, "explain panel");
    run(&mut app, Cmd::NextPane);
    run(&mut app, Cmd::NextPane);
    app.feed("5");
    look(&mut app, "typing a number");
    press_mode(&mut app, Mode::Entry, ModeCmd::Cancel);
    run(&mut app, Cmd::Quit);
    look(&mut app, "quit with edits");
    // A lesson that names keys in its intro and steps.
    let lessons = builtin();
    let hash = lessons
        .iter()
        .position(|l| l.intro.contains("Alt+H"))
        .unwrap();
    let mut learner = app_with_keys(&[], KeymapKind::Default, everything_moved());
    learner.start_lesson(lessons, hash);
    look(&mut learner, "lesson");
    // The compare view: its status line, taking bytes, quitting.
    let mut cmp = app_with_keys(b"abcdef", KeymapKind::Default, everything_moved());
    cmp.open_compare(Document::from_bytes(b"abXdeY".to_vec()), Some("[b]".into()));
    cmp.compare_wait();
    look(&mut cmp, "compare");
    run(&mut cmp, Cmd::Compare(CompareCmd::TakeLeft));
    look(&mut cmp, "take with no difference");
    run(&mut cmp, Cmd::Compare(CompareCmd::NextDifference));
    run(&mut cmp, Cmd::Compare(CompareCmd::TakeRight));
    look(&mut cmp, "taken");
    // Then B takes A's bytes at the next difference: both sides edited.
    run(&mut cmp, Cmd::Compare(CompareCmd::NextDifference));
    run(&mut cmp, Cmd::Compare(CompareCmd::TakeLeft));
    run(&mut cmp, Cmd::Quit);
    look(&mut cmp, "quit with both sides edited");
    assert!(message(&cmp).starts_with("A and B both have unsaved edits"));

    let mut found = Vec::new();
    for (what, text, words) in &seen {
        let mut left = stragglers(text, &names, *words);
        left.extend(answer_stragglers(text));
        if !left.is_empty() {
            found.push(format!("{what}: {left:?} in\n{text}"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n\n"));
    // The scan can fail: the default keymap's screens name default keys.
    let mut default = app_keyed(BYTES, "");
    run(&mut default, Cmd::ToggleMark);
    let text = format!("{}\n{}", message(&default), screen(&mut default, 120, 30));
    assert_eq!(
        stragglers(&text, &names, true),
        ["Alt+I", "Alt+L", "Alt+N", "Alt+P", "F1"]
    );
    // And the answers of the default keymap's questions are found.
    default.feed("4 1");
    run(&mut default, Cmd::Quit);
    let text = format!("{}\n{}", message(&default), screen(&mut default, 160, 30));
    assert_eq!(answer_stragglers(&text), ["d", "s"], "{text}");
}
