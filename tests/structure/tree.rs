//! Finding the spec at start-up: by magic (panel open), by extension
//! (panel closed until F9), a spec that does not load, the palette word.

use super::*;

#[test]
fn png_with_no_flags_opens_the_panel_by_magic_with_the_width() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = open(dir.path(), "picture.bin", &png());
    let s = app.structure.as_ref().expect("a spec found by magic");
    assert!(s.open, "open by default on a magic match");
    assert_eq!(s.spec, "png");
    assert_eq!(row_value(&app, "chunks[0].body.width"), "640");
    assert_eq!(row_value(&app, "chunks[0].body.height"), "480");
    assert_eq!(
        row_value(&app, "chunks[0].body.color_type"),
        "color_type::truecolor"
    );
    assert_eq!(row_value(&app, "chunks[0].kind"), "\"IHDR\"");
}

#[test]
fn a_file_matched_only_by_extension_has_the_panel_closed_until_f9() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(dir.path(), "broken.png", b"not a png at all");
    let s = app.structure.as_ref().expect("a spec found by extension");
    assert!(!s.open);
    app.feed("F9");
    let s = app.structure.as_ref().unwrap();
    assert!(s.open && s.focused);
    assert!(
        s.rows.iter().any(|r| r.error.is_some()),
        "the magic mismatch is an error at its node"
    );
}

#[test]
fn the_palette_word_structure_opens_the_panel() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(dir.path(), "image.png", b"\x89PNG not quite");
    assert!(!app.structure.as_ref().unwrap().open, "extension only");
    app.feed("C-p s t r u c t u r e Enter");
    assert!(app.structure.as_ref().unwrap().open);
}

#[test]
fn f9_without_a_spec_says_how_to_name_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(dir.path(), "data.unknown", b"plain bytes");
    assert!(app.structure.is_none());
    app.feed("F9");
    let m = app.message.clone().unwrap();
    assert!(m.text.contains("--ksy"), "{}", m.text);
}

#[test]
fn a_spec_that_does_not_load_leaves_the_editor_with_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("bad.ksy");
    fs::write(&spec, "meta:\n  id: bad\nseq:\n  - id: x\n    tipe: u1\n").unwrap();
    let path = dir.path().join("f.bin");
    fs::write(&path, b"abc").unwrap();
    let source = Source::open(&path, OpenOptions::default()).unwrap();
    let mut app = App::new(Document::new(source), AppOptions::default());
    let args = EditorArgs {
        file: Some(path),
        ksy: Some(spec),
        ..EditorArgs::default()
    };
    attach_structure(&mut app, &args);
    assert!(app.structure.is_none());
    let m = app.message.as_ref().expect("the error is shown");
    assert!(
        m.text.contains("bad.ksy") && m.text.contains("tipe"),
        "{}",
        m.text
    );
}
