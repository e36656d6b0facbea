//! Sync both ways: the cursor selects the field, the tree moves the cursor.

use super::*;

#[test]
fn moving_the_cursor_selects_the_innermost_field_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(dir.path(), "p.bin", &png());
    app.feed("C-g 1 8 Enter");
    assert_eq!(app.ed.cursor(), 18);
    assert_eq!(selected_path(&app), "chunks[0].body.width");
    app.feed("C-g 2 5 Enter");
    assert_eq!(selected_path(&app), "chunks[0].body.color_type");
    app.feed("C-g 3 5 Enter");
    assert_eq!(selected_path(&app), "chunks[1].len_body");
}

#[test]
fn moving_in_the_tree_moves_the_cursor_to_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(dir.path(), "p.bin", &png());
    app.feed("C-g 1 6 Enter F9");
    assert_eq!(selected_path(&app), "chunks[0].body.width");
    app.feed("Down");
    assert_eq!(selected_path(&app), "chunks[0].body.height");
    assert_eq!(app.ed.cursor(), 20);
    app.feed("n n");
    assert_eq!(selected_path(&app), "chunks[0].body.color_type");
    assert_eq!(app.ed.cursor(), 25);
    app.feed("N");
    assert_eq!(selected_path(&app), "chunks[0].body.bit_depth");
    app.feed("Left");
    assert_eq!(selected_path(&app), "chunks[0].body");
    assert_eq!(app.ed.cursor(), 16);
    app.feed("Left");
    let s = app.structure.as_ref().unwrap();
    assert!(!s.selected_row().unwrap().expanded, "collapsed");
    let status = |app: &mut App| lines(&draw(app, 120, 36))[34].clone();
    assert!(status(&mut app).contains(" structure "), "keys to the tree");
    app.feed("Esc");
    assert!(!app.structure.as_ref().unwrap().focused);
    assert!(status(&mut app).contains(" hex pane "), "keys to the panes");
}
