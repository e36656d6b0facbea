//! Spec loading: names resolved across nesting and imports, and refusals
//! that name the file, the line and the YAML path.

use std::fs;
use std::path::Path;

use super::*;

fn load(src: &str) -> Result<Schema, SpecError> {
    load_str(src, Path::new("t.ksy"), &[])
}

#[test]
fn nested_types_and_enums_resolve_from_inner_scopes() {
    let s = load(
        "meta: {id: top, endian: le}\nseq:\n  - {id: a, type: outer}\ntypes:\n  outer:\n    seq:\n      - {id: b, type: inner}\n    types:\n      inner:\n        seq:\n          - {id: c, type: u2, enum: color}\nenums:\n  color: {0: red, 0x10: {id: blue, -orig-id: BLUE}}\n",
    )
    .unwrap();
    let outer = s.find_type(s.root, "outer").unwrap();
    let inner = s.find_type(outer, "inner").unwrap();
    assert_eq!(s.find_type(s.root, "outer::inner"), Some(inner));
    let e = s.types[inner].seq[0].enum_.unwrap();
    assert_eq!(s.enums[e].value("blue"), Some(16));
    assert!(matches!(
        s.types[inner].seq[0].ty,
        DataType::Int {
            bytes: 2,
            signed: false,
            endian: None
        }
    ));
    assert_eq!(
        s.types[inner].endian.as_ref().map(|_| ()),
        Some(()),
        "endianness is inherited"
    );
}

#[test]
fn errors_name_line_path_and_key() {
    let e = load("meta:\n  id: x\nseq:\n  - id: a\n    type: u1\n  - id: b\n    type: nope\n")
        .unwrap_err();
    assert_eq!((e.path.as_str(), e.line), ("/seq/1/type", Some(7)));
    assert!(e.message.contains("unable to find type 'nope'"), "{e}");
    assert!(e.to_string().starts_with("t.ksy:7: /seq/1/type: "), "{e}");
    let e = load("meta:\n  id: x\nseq:\n  - id: a\n    type: u2\n").unwrap_err();
    assert!(e.message.contains("without default endianness"), "{e}");
    let e =
        load("meta:\n  id: x\nseq:\n  - id: a\n    type: u1\n    valid: '\"s\"'\n").unwrap_err();
    assert_eq!(e.path, "/seq/0/valid");
    let e = load("meta:\n  id: x\nseq:\n  - id: a\n    size: 1\n    repeat: expr\n").unwrap_err();
    assert!(e.message.contains("repeat-expr"), "{e}");
}

#[test]
fn imports_relative_to_the_spec_and_absolute_from_roots() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib/common");
    fs::create_dir_all(&lib).unwrap();
    fs::write(
        lib.join("word.ksy"),
        "meta: {id: word, endian: be}\nseq:\n  - {id: v, type: u2}\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("pair.ksy"),
        "meta: {id: pair}\nseq:\n  - {id: a, type: u1}\n",
    )
    .unwrap();
    let main = dir.path().join("main.ksy");
    fs::write(&main, "meta:\n  id: main\n  imports: [pair, /common/word]\nseq:\n  - {id: p, type: pair}\n  - {id: w, type: word}\n").unwrap();
    let s = load_file(&main, &[dir.path().join("lib")]).unwrap();
    assert!(matches!(s.types[s.root].seq[1].ty, DataType::User { .. }));
    let e = load_file(&main, &[]).unwrap_err();
    assert_eq!(e.path, "/meta/imports/1");
}

#[test]
fn warnings_do_not_refuse() {
    let s = load("meta: {id: x, encoding: utf-8}\nseq:\n  - {id: s, type: strz}\n").unwrap();
    assert!(
        s.warnings.iter().any(|w| w.path == "/meta/encoding"),
        "{:?}",
        s.warnings
    );
}
