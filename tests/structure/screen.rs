//! The panel on screen: values, highlighted bytes, errors, the JS line.

use super::*;

/// The row of the screen that shows `name` followed by `value`.
fn line_with(lines: &[String], name: &str, value: &str) -> Option<usize> {
    lines.iter().position(|l| {
        l.find(name)
            .is_some_and(|i| l[i + name.len()..].contains(value))
    })
}

#[test]
fn the_width_shows_in_the_tree_at_80x24_and_120x36() {
    let dir = tempfile::tempdir().unwrap();
    for (w, h) in [(80, 24), (120, 36), (160, 40)] {
        let (mut app, _) = open(dir.path(), "p.bin", &png());
        let buf = draw(&mut app, w, h);
        let ls = lines(&buf);
        assert!(
            line_with(&ls, "width", "640").is_some(),
            "{w}x{h}:\n{}",
            ls.join("\n")
        );
        assert!(ls.iter().all(|l| l.chars().count() <= w as usize));
    }
}

#[test]
fn the_selected_fields_bytes_are_highlighted_in_the_hex_pane() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(dir.path(), "p.bin", &png());
    app.feed("C-g 1 6 Enter F9");
    let buf = draw(&mut app, 120, 36);
    let ls = lines(&buf);
    // Row 1 shows offset 0x10 (16 bytes a row): its first four bytes
    // (the width, 00 00 02 80) carry the field's background, but for
    // the first, which is the cursor.
    let y = ls.iter().position(|l| l.starts_with("00000010")).unwrap() as u16;
    let row = &ls[y as usize];
    let x0 = row[..row.find("00 00 02 80").unwrap()].chars().count() as u16;
    let field = Color::Rgb(0, 90, 90);
    for i in 1..4 {
        let x = x0 + 3 * i;
        assert_eq!(buf[(x, y)].bg, field, "byte {i} of the width");
    }
    assert_ne!(buf[(x0 + 12, y)].bg, field, "the height is not the field");
    // The text pane marks the same bytes.
    let tx = row[..row.rfind('│').unwrap()].chars().count() as u16;
    let text_bgs: Vec<Color> = (0..4).map(|i| buf[(tx - 9 + i, y)].bg).collect();
    assert_eq!(text_bgs[1..], [field, field, field], "{row}");
    // The neighbouring record (IEND, from 0x25) has another tint than
    // the IHDR chunk it follows.
    let y2 = ls.iter().position(|l| l.starts_with("00000020")).unwrap() as u16;
    let r2 = &ls[y2 as usize];
    let b0 = r2[..r2.find("b3 00").unwrap()].chars().count() as u16;
    let ihdr_tint = buf[(b0, y2)].bg;
    let iend_tint = buf[(b0 + 3 * 5, y2)].bg;
    assert_ne!(ihdr_tint, iend_tint, "two records, two tints");
    assert_ne!(iend_tint, Color::Reset);
    let snap = ls
        .join("\n")
        .replace(&dir.path().display().to_string(), "[dir]");
    snapshot!("structure_png_120x36", snap);
}

#[test]
fn a_parse_error_shows_at_its_node() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = png();
    bytes.truncate(20);
    let (mut app, _) = open(dir.path(), "cut.bin", &bytes);
    let ls = lines(&draw(&mut app, 80, 24));
    assert!(
        ls.iter()
            .any(|l| l.contains("! ") && l.contains("end of stream")),
        "{}",
        ls.join("\n")
    );
    let snap = ls
        .join("\n")
        .replace(&dir.path().display().to_string(), "[dir]");
    snapshot!("structure_truncated_80x24", snap);
}

#[test]
fn the_explain_panel_reads_the_field_as_dataview_code() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(dir.path(), "p.bin", &png());
    app.feed("C-g 1 6 Enter");
    assert_eq!(
        app.structure_js().unwrap(),
        "view.getUint32(16, false) // chunks[0].body.width"
    );
    let ls = lines(&draw(&mut app, 80, 24));
    assert!(ls.iter().any(|l| l.contains("view.getUint32(16, false)")));
}

#[test]
fn the_panels_key_hints_follow_the_keymap() {
    use hexbuf::app::keymap::{Keymap, KeymapKind};
    let title = |app: &mut App| {
        let ls = lines(&draw(app, 120, 36));
        ls.into_iter().find(|l| l.contains(" Structure: ")).unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(dir.path(), "p.bin", &png());
    assert!(title(&mut app).contains(" · F9: keys to the tree"));
    app.feed("F9");
    let keys = "↑↓ move · →← open/close · Enter go · n/N next/prev · e edit · Tab panes";
    assert!(title(&mut app).contains(keys), "{}", title(&mut app));

    let cfg = hexbuf::config::file::parse(
        "[keys.normal]\n\"F10\" = \"Structure panel (Kaitai spec)\"\n\"F9\" = \"none\"\n\
         [keys.structure]\n\"C-e\" = \"edit-field\"\n\"e\" = \"none\"\n\"A-Left\" = \"leave\"\n",
    )
    .unwrap();
    let (mut app, _) = open(dir.path(), "q.bin", &png());
    app.keymap = Keymap::new(KeymapKind::Default);
    cfg.apply_keys(&mut app.keymap);
    let t = title(&mut app);
    assert!(
        t.contains(" · F10: keys to the tree") && !t.contains("F9"),
        "{t}"
    );
    app.feed("F10");
    let keys = "↑↓ move · →← open/close · Enter go · n/N next/prev · Ctrl+E edit · Alt+← panes";
    assert!(title(&mut app).contains(keys), "{}", title(&mut app));
    app.feed("z");
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "in the structure panel: Ctrl+E edits a field, Alt+← goes back to the panes"
    );
}
