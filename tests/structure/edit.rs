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

/// A `strz` keeps its terminator: a value one byte longer than the text
/// before it would write over the NUL and run the string into the next
/// field. (tEXt's keyword "Title" and its NUL are at 41..47.)
#[test]
fn a_terminated_string_keeps_its_terminator() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = png();
    let iend = bytes.split_off(33);
    bytes.extend(chunk(b"tEXt", b"Title\0Hello"));
    bytes.extend(iend);
    let (mut app, _) = open(dir.path(), "p.bin", &bytes);
    app.feed("C-g 4 1 Enter F9");
    assert_eq!(selected_path(&app), "chunks[1].body.keyword");
    app.feed("e C-u T i t l e s Enter");
    let m = app.message.clone().unwrap().text;
    assert!(m.contains("holds 5, then its terminator"), "{m}");
    assert_eq!(app.ed.doc().read(41..47), b"Title\0");
    app.feed("e C-u N a m e s Enter");
    assert_eq!(app.ed.doc().read(41..52), b"Names\0Hello");
    assert_eq!(row_value(&app, "chunks[1].body.text"), "\"Hello\"");
}

/// A GIF's screen flags are four bit fields in one byte (b1 b3 b1 b3, most
/// significant first): a value typed for one changes its bits alone.
#[test]
// The binary literals are grouped as the fields are: 1 011 0 001.
#[allow(clippy::unusual_byte_groupings)]
fn a_bit_field_is_written_into_its_bits_alone() {
    let dir = tempfile::tempdir().unwrap();
    // Flags 1 011 0 001: a colour table of 2 << 1 = 4 entries.
    let mut gif = b"GIF89a\x0a\x00\x0a\x00\xb1\x00\x00".to_vec();
    gif.extend_from_slice(&[0x11; 12]);
    gif.push(0x3b);
    let (mut app, path) = open(dir.path(), "g.bin", &gif);
    app.feed("C-g 1 0 Enter F9");
    let select = |app: &mut App, want: &str| {
        for _ in 0..40 {
            if selected_path(app) == want {
                return;
            }
            app.feed("Down");
        }
        panic!("no row {want}; at {}", selected_path(app));
    };
    select(&mut app, "logical_screen.flags.color_resolution");
    assert_eq!(
        row_value(&app, "logical_screen.flags.color_resolution"),
        "3"
    );
    // Read in JavaScript with a shift and a mask (run in node by
    // tests/teach/js.rs).
    assert_eq!(
        app.structure_js().unwrap(),
        "(view.getUint8(10) >>> 4) & 0x7 // logical_screen.flags.color_resolution"
    );
    app.feed("e C-u 5 Enter");
    assert_eq!(app.ed.doc().read(10..11), [0b1_101_0_001]);
    assert_eq!(
        row_value(&app, "logical_screen.flags.color_resolution"),
        "5"
    );
    assert_eq!(
        row_value(&app, "logical_screen.flags.color_table_size_exp"),
        "1"
    );
    // Too large for 3 bits: nothing written.
    app.feed("e C-u 8 Enter");
    let m = app.message.clone().unwrap().text;
    assert!(
        m.contains("does not fit in 3 bits") && m.contains("nothing written"),
        "{m}"
    );
    // A b1 takes true / false.
    select(&mut app, "logical_screen.flags.is_sorted");
    app.feed("e C-u t r u e Enter C-s");
    let mut want = gif.clone();
    want[10] = 0b1_101_1_001;
    assert_eq!(fs::read(&path).unwrap(), want);
    assert_eq!(row_value(&app, "logical_screen.flags.is_sorted"), "true");
    // One undo step each.
    app.feed("C-z");
    assert_eq!(app.ed.doc().read(10..11), [0b1_101_0_001]);
    app.feed("C-z");
    assert_eq!(app.ed.doc().read(10..11), [0xb1]);
}

/// Bytes after the last chunk are in no field: with the cursor there the
/// panel says so, rather than show the last selection's code as if it
/// were under the cursor; moving in the tree takes the cursor back.
#[test]
fn the_cursor_on_bytes_of_no_field_is_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = png();
    bytes.extend(b"trailing");
    let (mut app, _) = open(dir.path(), "p.bin", &bytes);
    app.feed("F9 C-End");
    assert_eq!(app.ed.cursor(), bytes.len() as u64 - 1);
    assert_eq!(app.structure_js(), None);
    let screen = lines(&draw(&mut app, 120, 36)).join("\n");
    assert!(screen.contains("0x34: in no field of the tree"), "{screen}");
    app.feed("Up");
    assert!(app.structure_js().is_some());
    let off = app
        .structure
        .as_ref()
        .unwrap()
        .selected_row()
        .unwrap()
        .offset;
    assert_eq!(off, Some(app.ed.cursor()));
}

/// Strings whose bytes the panel cannot write faithfully are refused or
/// guarded: a terminator inside the typed text (it would end the string
/// there), a processed field (its file bytes are not the value), and a
/// value shown with escapes is not offered for editing as is.
#[test]
fn strings_that_cannot_be_written_as_typed_are_refused() {
    use hexbuf::app::state::PromptKind;
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"abc,XYZC:\\dir  ".to_vec();
    let (mut app, _) = open_with_spec(
        dir.path(),
        "meta: {id: kv, encoding: ASCII}\nseq:\n  - {id: key, type: str, terminator: 0x2c}\n  - {id: x, size: 3, process: xor(0x20)}\n  - {id: q, type: str, size: 8, pad-right: 0x20}\n",
        &bytes,
    );
    let select = |app: &mut App, path: &str| {
        let s = app.structure.as_mut().unwrap();
        s.selected = s.rows.iter().position(|r| r.path == path).unwrap();
    };
    app.feed("F9");
    select(&mut app, "key");
    app.feed("e C-u a , b Enter");
    let m = app.message.clone().unwrap().text;
    assert!(m.contains("terminator"), "{m}");
    select(&mut app, "x");
    app.feed("e");
    let m = app.message.clone().unwrap().text;
    assert!(m.contains("processed"), "{m}");
    select(&mut app, "q");
    app.feed("e");
    match &app.overlay {
        Overlay::Prompt {
            kind: PromptKind::FieldValue { .. },
            input,
        } => assert_eq!(input.text(), "", "no escaped text offered"),
        other => panic!("{other:?}"),
    }
    app.feed("Esc");
    assert_eq!(app.ed.doc().read(0..16), bytes, "nothing written");
}
