//! An ELF file (the test binary itself) by magic, and following an instance.

use super::*;

#[test]
fn an_elf_file_opened_with_no_flags_shows_its_header_by_magic() {
    let exe = std::env::current_exe().unwrap();
    let bytes = fs::read(&exe).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(dir.path(), "program", &bytes);
    let s = app.structure.as_ref().expect("found by magic");
    assert!(s.open);
    assert_eq!(s.spec, "elf");
    // The entry point as the file holds it (64-bit little-endian, at 24).
    let entry = u64::from_le_bytes(bytes[24..32].try_into().unwrap());
    assert_eq!(row_value(&app, "header.entry_point"), entry.to_string());
    // An instance is read when followed: Enter evaluates it and the
    // cursor lands on it (the program headers, at the header's offset).
    let name = "header.program_headers";
    let i = s.rows.iter().position(|r| r.path == name).unwrap();
    assert_eq!(s.rows[i].kind, RowKind::Unread);
    app.feed("F9");
    app.structure.as_mut().unwrap().selected = i;
    app.feed("Enter");
    let s = app.structure.as_ref().unwrap();
    let row = s.rows.iter().find(|r| r.path == name).unwrap();
    assert_eq!(row.kind, RowKind::Container, "{name} followed");
    let phoff = u64::from_le_bytes(bytes[32..40].try_into().unwrap());
    assert_eq!(row.offset, Some(phoff));
    assert_eq!(app.ed.cursor(), phoff);
    // A value instance is computed, not read: no offset, and Enter on it
    // leaves the cursor where it is and the keys in the tree.
    let i = s.rows.iter().position(|r| r.path == "is_64").unwrap();
    app.structure.as_mut().unwrap().selected = i;
    app.feed("Enter");
    let m = app.message.clone().unwrap().text;
    assert!(m.contains("a computed value"), "{m}");
    let s = app.structure.as_ref().unwrap();
    let row = s.rows.iter().find(|r| r.path == "is_64").unwrap();
    assert_eq!((row.value.as_str(), row.offset), ("true", None));
    assert_eq!(app.ed.cursor(), phoff);
    app.feed("e");
    assert!(!app.ed.doc().is_modified());
    let m = app.message.clone().unwrap().text;
    assert!(m.contains("no bytes of its own"), "{m}");
}
