//! What opens over the panes or on the message line: help, questions,
//! prompts, panels, the palette and lessons.

use super::*;

#[test]
fn help_lists_keys_on_one_screen() {
    let mut app = sample();
    app.feed("F1");
    let buf = draw(&mut app, 120, 36);
    let text = text(&buf);
    // The whole box is on this one screen: its top and bottom corners, and
    // no page count.
    let top = row_with(&buf, "┌");
    let bottom = row_with(&buf, "└");
    assert!(top < bottom && bottom < buf.area.height - 2, "{text}");
    assert!(!text.contains("page "), "{text}");
    // Every key the keymap binds to a command is listed, as a key of its own.
    let inside: String = (top..=bottom).map(|y| row(&buf, y) + "\n").collect();
    let keys: Vec<&str> = inside
        .split(|c: char| c.is_whitespace() || c == ',')
        .collect();
    let keymap = &app.keymap;
    let mut listed = 0;
    for c in hexbuf::app::command::commands() {
        // vi's commands and the compare view's are in their own help.
        if c.cmd.is_vi_only() || c.cmd.is_compare_only() {
            continue;
        }
        let Some(key) = keymap.keys_for(c.cmd).first().map(|k| k.to_string()) else {
            continue;
        };
        if matches!(c.cmd, hexbuf::app::command::Cmd::Select(_)) {
            assert!(inside.contains("Shift+move keys"), "{inside}");
        } else {
            assert!(keys.contains(&key.as_str()), "{key} ({}) missing", c.name);
        }
        listed += 1;
    }
    assert!(listed > 40, "only {listed} commands have keys");
    // Every line is shown whole: no key and no description cut at the
    // column's edge.
    for line in hexbuf::ui::help::help_lines(keymap, false) {
        match line {
            hexbuf::ui::help::HelpLine::Entry { keys, about } => {
                assert!(inside.contains(&about), "{about:?} cut:\n{inside}");
                assert!(inside.contains(&keys), "{keys:?} cut:\n{inside}");
            }
            hexbuf::ui::help::HelpLine::Wide(text) => {
                assert!(inside.contains(&text), "{text:?} cut:\n{inside}")
            }
            hexbuf::ui::help::HelpLine::Title(t) => assert!(inside.contains(t.as_str()), "{t:?}"),
        }
    }
    // DESIGN.md's table of default keys, each a key of its own.
    for want in [
        "←",
        "→",
        "↑",
        "↓",
        "PgUp",
        "PgDn",
        "Home",
        "End",
        "Ctrl+Home",
        "Ctrl+End",
        "Tab",
        "Shift+Tab",
        "Insert",
        "Ctrl+S",
        "Ctrl+Z",
        "Ctrl+Y",
        "Ctrl+G",
        "Ctrl+F",
        "F3",
        "Shift+F3",
        "Ctrl+A",
        "Ctrl+P",
        "Ctrl+Q",
        "F1",
        "F5",
    ] {
        assert!(keys.contains(&want), "{want} missing");
    }
    snapshot!(help_lists_keys_on_one_screen, text);
}

#[test]
fn help_turns_pages_on_a_small_terminal_instead_of_cutting_entries() {
    let mut app = sample();
    app.feed("F1");
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("page 1 of"), "{first}");
    assert!(
        first.contains("Page up / down"),
        "entries are whole:\n{first}"
    );
    app.feed("PgDn");
    let second = screen(&mut app, 80, 24);
    assert!(second.contains("page 2 of"), "{second}");
    assert_ne!(first, second);
    app.feed("q");
    assert_eq!(app.overlay, hexbuf::app::state::Overlay::None);
}

#[test]
fn unsaved_quit_asks() {
    let mut app = app_with(b"abcdefgh");
    app.feed("4 1 C-q");
    let buf = draw(&mut app, 100, 20);
    assert!(status_line(&buf).contains("[modified]"));
    // It asks on the message line, in bold, and has not quit yet.
    let question = message_line(&buf);
    for want in ["Unsaved edits", "(s)", "(d)", "(Esc)"] {
        assert!(question.contains(want), "{want} in {question}");
    }
    assert!(all_have(&buf, buf.area.height - 1, 0..13, Modifier::BOLD));
    assert!(!app.quit_requested());
    let text = screen(&mut app, 100, 20);
    assert!(text.contains("[modified]"));
    snapshot!(unsaved_quit_asks, text);
    // Esc stays, with the edit; asked again, d quits.
    app.feed("Esc");
    assert!(!app.quit_requested());
    let after = message_line(&draw(&mut app, 100, 20));
    assert!(!after.contains("Unsaved edits"), "{after}");
    assert_eq!(app.ed.doc().byte_at(0), Some(0x41));
    app.feed("C-q d");
    assert!(app.quit_requested());
}

#[test]
fn find_prompt_shows_its_kind_in_each_pane() {
    let mut out = String::new();
    for (keys, pane, prompt) in [
        ("C-f", "hex pane", "Find hex bytes (?? = any byte)"),
        ("Tab C-f", "text pane", "Find text (UTF-8, match case)"),
        ("Tab Tab A-4 C-f", "typed pane", "Find value (Int16 LE)"),
        ("C-f Tab", "hex pane", "Find text (UTF-8, match case)"),
        (
            "Tab C-f A-c A-u",
            "text pane",
            "Find text (UTF-16LE, any case)",
        ),
    ] {
        let mut app = sample();
        app.feed(keys);
        let buf = draw(&mut app, 120, 20);
        assert!(
            status_line(&buf).contains(pane),
            "{keys}: {}",
            status_line(&buf)
        );
        assert!(
            message_line(&buf).starts_with(prompt),
            "{keys}: {}",
            message_line(&buf)
        );
        out.push_str(&format!("== {keys}\n"));
        out.push_str(&bottom_lines(&screen(&mut app, 120, 20)));
        out.push('\n');
    }
    assert!(out.contains("Find hex bytes (?? = any byte)"), "{out}");
    assert!(out.contains("Find text (UTF-8, match case)"), "{out}");
    assert!(out.contains("Find value (Int16 LE)"), "{out}");
    snapshot!(find_prompt_shows_its_kind_in_each_pane, out);
}

#[test]
fn hash_panel_shows_the_digest() {
    let mut app = sample();
    app.feed("A-h");
    app.run_job_now();
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(SAMPLE)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let text = screen(&mut app, 120, 20);
    assert!(text.contains("┌ SHA-256 "), "{text}");
    let scope = format!("of the whole buffer ({} bytes)", SAMPLE.len());
    assert!(text.contains(&scope), "{text}");
    let y = row_with(&draw(&mut app, 120, 20), &digest);
    assert_eq!(y, row_with(&draw(&mut app, 120, 20), &scope) + 1);
    snapshot!(hash_panel_shows_the_digest, screen(&mut app, 120, 20));
}

#[test]
fn palette_lists_commands_with_keys_closest_first() {
    let mut app = sample();
    app.feed("C-p");
    app.handle(hexbuf::app::action::Action::Paste("type int".into()));
    let buf = draw(&mut app, 120, 30);
    let listed = palette_entries(&app, &buf);
    assert!(listed.len() >= 5, "{listed:?}");
    // Every entry matches the query as DESIGN.md says: its letters in
    // order, ignoring case, spaces and punctuation.
    for c in &listed {
        let hay: Vec<char> = format!("{} {}", c.name, c.words)
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let mut rest = hay.iter();
        assert!(
            "typeint".chars().all(|q| rest.any(|&h| h == q)),
            "{}",
            c.name
        );
    }
    // Closest first: names where "int" starts a word come before the rest.
    let word_int: Vec<bool> = listed
        .iter()
        .map(|c| {
            c.name
                .split(|ch: char| !ch.is_alphanumeric())
                .any(|w| w.starts_with("Int"))
        })
        .collect();
    assert!(word_int[0], "{listed:?}");
    assert!(word_int.windows(2).all(|w| w[0] || !w[1]), "{word_int:?}");
    // DESIGN.md: `type int16` picks "Typed pane as Int16" first.
    let mut other = sample();
    other.feed("C-p");
    other.handle(hexbuf::app::action::Action::Paste("type int16".into()));
    let drawn = draw(&mut other, 120, 30);
    let first = palette_entries(&other, &drawn)[0];
    assert!(
        first.name.starts_with("Typed pane as Int16"),
        "{}",
        first.name
    );
    let text = screen(&mut app, 120, 30);
    assert!(text.contains("Typed pane as Int8"), "{text}");
    snapshot!(palette_lists_commands_with_keys_closest_first, text);
}

#[test]
fn changes_panel_pairs_old_and_new_bytes() {
    let mut app = app_with(b"0123456789abcdef");
    app.feed("4 1 4 2 Right Right Insert Tab x y");
    app.feed("A-d");
    // The document is as edited: two bytes overwritten, two inserted.
    let doc = app.ed.doc();
    assert_eq!(doc.read(0..doc.len()), b"AB23xy456789abcdef");
    // The panel pairs the original bytes with the typed ones.
    let was = b"0123456789abcdef";
    let text = screen(&mut app, 110, 16);
    let overwritten = format!(
        "0x{:08x}  {} → {}",
        0,
        hex(&was[..2]).join(" "),
        hex(b"AB").join(" ")
    );
    let inserted = format!("0x{:08x}  inserted 2: {}", 4, hex(b"xy").join(" "));
    assert!(text.contains("Unsaved changes (2)"), "{text}");
    assert!(text.contains(&overwritten), "{overwritten}\n{text}");
    assert!(text.contains(&inserted), "{inserted}\n{text}");
    snapshot!(
        changes_panel_pairs_old_and_new_bytes,
        screen(&mut app, 110, 16)
    );
}

#[test]
fn lesson_screen_shows_the_goal() {
    let mut app = app_with(&[]);
    let lessons = hexbuf::app::lesson::builtin();
    let first = lessons[0].clone();
    app.start_lesson(lessons.clone(), 0);
    let buf = draw(&mut app, 120, 36);
    let title = format!(
        "─ Lesson 1 of {}: {} — step 1 of {}",
        lessons.len(),
        first.title,
        first.steps.len()
    );
    assert!(row(&buf, row_with(&buf, &title)).starts_with(&title));
    // The goal of step 1, whole (wrapped over rows), after an arrow, in bold.
    let flat = text(&buf).split_whitespace().collect::<Vec<_>>().join(" ");
    let goal = first.steps[0]
        .goal
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains(&format!("→ {goal}")), "{goal}\n{flat}");
    let y = row_with(&buf, "→");
    let x = (0..120).find(|&x| buf[(x, y)].symbol() == "→").unwrap();
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    // The panes show the lesson's buffer.
    assert_eq!(pane_words(&buf, data_row(&buf, 0), 1), hex(&first.buffer));
    let text = screen(&mut app, 120, 36);
    assert!(text.contains("Lesson 1 of"), "{text}");
    snapshot!(lesson_screen_shows_the_goal, text);
}

#[test]
fn explain_panel_for_an_integer_a_float_and_a_utf8_character() {
    let mut out = String::new();
    for (keys, bytes) in [
        ("F4", &[0xffu8, 0xff, 0x00, 0x01][..]),
        ("A-4 F4", &[0xff, 0xff, 0x00, 0x01]),
        ("A-9 F4", &[0x00, 0x00, 0xc0, 0x3f]),
        ("Tab F4", "€ ok".as_bytes()),
    ] {
        let mut app = app_with(bytes);
        app.feed(keys);
        let text = screen(&mut app, 120, 24);
        let lines: Vec<&str> = text.lines().collect();
        let panel = &lines[lines.len() - 11..lines.len() - 2];
        assert_explains(keys, bytes, panel);
        out.push_str(&format!(
            "== {keys}\n{}\n",
            lines[lines.len() - 11..lines.len() - 2].join("\n")
        ));
    }
    assert!(out.contains("E2 82 AC → U+20AC '€'"), "{out}");
    assert!(out.contains("1.5 × 2^0 = 1.5"), "{out}");
    snapshot!(
        explain_panel_for_an_integer_a_float_and_a_utf8_character,
        out
    );
}
