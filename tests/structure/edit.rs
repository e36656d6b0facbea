//! Editing fields from the tree: integers, enums, strings; saved and undone.

use super::*;

#[test]
fn width_typed_in_the_tree_is_written_big_endian_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(dir.path(), "p.bin", &png());
    app.feed("C-g 1 6 Enter F9 e C-u 1 2 3 4 5 Enter");
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(row_value(&app, "chunks[0].body.width"), "12345");
    app.feed("C-s");
    let mut want = png();
    want[WIDTH_AT as usize..WIDTH_AT as usize + 4].copy_from_slice(&12345u32.to_be_bytes());
    assert_eq!(fs::read(&path).unwrap(), want);
    let code = app.ed.code_lines().last().unwrap().clone();
    assert_eq!(
        code,
        "view.setUint32(16, 12345, false); // chunks[0].body.width"
    );
    app.feed("C-z");
    assert_eq!(
        app.ed.doc().read(16..20),
        640u32.to_be_bytes(),
        "one undo step"
    );
    app.structure_refresh();
    assert_eq!(
        row_value(&app, "chunks[0].body.width"),
        "640",
        "re-parsed after undo"
    );
    // Typing in the hex pane re-parses too (the edits laid over the map).
    app.feed("Tab C-g 1 9 Enter 8 1");
    assert_eq!(app.ed.doc().read(16..20), [0, 0, 2, 0x81]);
    assert_eq!(row_value(&app, "chunks[0].body.width"), "641");
    assert_eq!(row_value(&app, "chunks[0].body.height"), "480");
}

#[test]
fn an_enum_is_edited_by_label_and_out_of_range_numbers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(dir.path(), "p.bin", &png());
    app.feed("C-g 2 5 Enter F9 e C-u i n d e x e d Enter C-s");
    assert_eq!(fs::read(&path).unwrap()[COLOR_TYPE_AT], 3);
    assert_eq!(
        row_value(&app, "chunks[0].body.color_type"),
        "color_type::indexed"
    );
    // Go to works from the tree too, and the selection follows.
    app.feed("C-g 2 4 Enter e C-u 2 5 6 Enter");
    let m = app.message.clone().unwrap();
    assert!(m.text.contains("nothing written"), "{}", m.text);
    assert_eq!(app.ed.doc().read(24..25), [8]);
}

#[test]
fn a_string_must_keep_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(dir.path(), "p.bin", &png());
    app.feed("C-g 1 2 Enter F9 e C-u A B C Enter");
    assert!(app.message.clone().unwrap().text.contains("holds 4"));
    app.feed("e C-u I H D X Enter");
    assert_eq!(app.ed.doc().read(12..16), b"IHDX");
}
