//! The structure panel in the editor: a PNG built here (signature, IHDR with
//! its CRC, IEND) opened with no flags, its spec found by magic; the tree's
//! values, sync between the tree and the cursor both ways, editing fields
//! from the tree (bytes on disk after Ctrl+S, encoded here independently),
//! parse errors at their node, and the panel drawn at 80×24 and 120×36.

use std::fs;
use std::path::{Path, PathBuf};

use hexbuf::app::state::{App, AppOptions, Overlay};
use hexbuf::app::structure::RowKind;
use hexbuf::cli::args::EditorArgs;
use hexbuf::core::document::Document;
use hexbuf::core::source::{OpenOptions, Source};
use hexbuf::editor::attach_structure;
use hexbuf::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// A PNG chunk: length, type, data, CRC-32 of type and data.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut h = crc32fast::Hasher::new();
    h.update(kind);
    h.update(data);
    out.extend_from_slice(&h.finalize().to_be_bytes());
    out
}

/// A 640×480 truecolour PNG header and IEND (no image data needed).
fn png() -> Vec<u8> {
    let mut ihdr = 640u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&480u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// Offsets in the PNG above.
const WIDTH_AT: u64 = 16;
const COLOR_TYPE_AT: usize = 25;

/// The editor on `bytes` written to a file named `name` (an extension
/// that says nothing, so only the magic can pick the spec).
fn open(dir: &Path, name: &str, bytes: &[u8]) -> (App, PathBuf) {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    let source = Source::open(&path, OpenOptions::default()).unwrap();
    let opts = AppOptions {
        color: true,
        ..AppOptions::default()
    };
    let mut app = App::new(Document::new(source), opts);
    let args = EditorArgs {
        file: Some(path.clone()),
        ..EditorArgs::default()
    };
    attach_structure(&mut app, &args);
    (app, path)
}

fn selected_path(app: &App) -> String {
    let s = app.structure.as_ref().unwrap();
    s.selected_row().unwrap().path.clone()
}

fn row_value(app: &App, path: &str) -> String {
    let s = app.structure.as_ref().unwrap();
    let row = s.rows.iter().find(|r| r.path == path);
    row.unwrap_or_else(|| panic!("no row {path}")).value.clone()
}

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| {
        let area = f.area();
        let l = ui::prepare(app, area);
        ui::render(app, &l, area, f.buffer_mut());
    })
    .unwrap();
    term.backend().buffer().clone()
}

fn lines(buf: &Buffer) -> Vec<String> {
    let a = buf.area;
    (0..a.height)
        .map(|y| {
            (0..a.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

mod tree {
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
}

mod hostile {
    use super::*;

    /// Test threads have 2 MiB of stack, a quarter of the editor's main
    /// thread: a spec that nests without end stops at the editor's depth
    /// limit with an error at its node, well within it.
    #[test]
    fn endless_nesting_stops_at_the_depth_limit_without_overflowing() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("deep.ksy");
        fs::write(
            &spec,
            "meta:\n  id: deep\nseq:\n  - id: top\n    type: node\ntypes:\n  node:\n    seq:\n      - id: b\n        type: u1\n      - id: child\n        type: node\n",
        )
        .unwrap();
        let path = dir.path().join("f.bin");
        fs::write(&path, vec![7u8; 4096]).unwrap();
        let source = Source::open(&path, OpenOptions::default()).unwrap();
        let mut app = App::new(Document::new(source), AppOptions::default());
        let args = EditorArgs {
            file: Some(path),
            ksy: Some(spec),
            ..EditorArgs::default()
        };
        attach_structure(&mut app, &args);
        let s = app.structure.as_ref().unwrap();
        let e = s.tree().error.as_ref().expect("stopped");
        assert!(
            e.message.contains("48") || e.message.contains("deep"),
            "{}",
            e.message
        );
        let _ = draw(&mut app, 80, 24);
    }
}

mod robust {
    use super::*;

    /// Random bytes (a fixed-seed LCG) under each built-in spec, and real
    /// PNG and ELF bytes with random changes, whole and cut short, browsed with every panel key at several
    /// terminal sizes: no panic, and nothing drawn past the screen's edge.
    #[test]
    fn random_files_under_every_builtin_spec_browse_without_panicking() {
        let dir = tempfile::tempdir().unwrap();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u8
        };
        for format in ["elf", "png", "zip", "gif", "bmp", "wav", "gzip"] {
            for len in [0usize, 3, 64, 700] {
                // PNG and ELF start from real files with random bytes
                // changed after their magic; the others are random.
                let mut bytes: Vec<u8> = match format {
                    "png" => png(),
                    "elf" => fs::read(std::env::current_exe().unwrap()).unwrap()[..8192].to_vec(),
                    _ => (0..len).map(|_| next()).collect(),
                };
                if matches!(format, "png" | "elf") && len > 0 {
                    for _ in 0..len / 20 {
                        let i = 8 + usize::from(next()) * usize::from(next()) % (bytes.len() - 8);
                        bytes[i] = next();
                    }
                    bytes.truncate(bytes.len() * len / 700);
                }
                let path = dir.path().join(format!("{format}-{len}.bin"));
                fs::write(&path, &bytes).unwrap();
                let source = Source::open(&path, OpenOptions::default()).unwrap();
                let mut app = App::new(Document::new(source), AppOptions::default());
                let args = EditorArgs {
                    file: Some(path),
                    format: Some(format.into()),
                    ..EditorArgs::default()
                };
                attach_structure(&mut app, &args);
                assert!(app.structure.as_ref().is_some_and(|s| s.open), "{format}");
                app.feed("F9 Down Right Down Right Enter F9 PgDn n N Left Up e Esc Tab");
                for (w, h) in [(24, 6), (40, 12), (80, 24), (139, 40), (140, 40), (200, 60)] {
                    let ls = lines(&draw(&mut app, w, h));
                    assert!(
                        ls.iter().all(|l| l.chars().count() <= w as usize),
                        "{format} {w}x{h}"
                    );
                }
            }
        }
    }
}

mod elf {
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
    }
}

mod big {
    use super::*;

    /// A PNG of `n` small tEXt chunks after its header.
    fn many_chunks(n: usize) -> Vec<u8> {
        let mut bytes = png();
        let iend = chunk(b"IEND", &[]);
        bytes.truncate(bytes.len() - iend.len());
        let text = chunk(b"tEXt", b"Comment\0hello");
        for _ in 0..n {
            bytes.extend_from_slice(&text);
        }
        bytes.extend(iend);
        bytes
    }

    fn chunk_count(app: &App) -> usize {
        let v = row_value(app, "chunks");
        v.trim_start_matches('(')
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    #[test]
    fn a_file_of_many_records_is_parsed_up_to_a_cap_then_further_on_enter() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, _) = open(dir.path(), "many.bin", &many_chunks(5000));
        let first = chunk_count(&app);
        assert!(first > 100 && first < 5000, "capped: {first} chunks");
        let s = app.structure.as_mut().unwrap();
        assert!(s.stopped_at_cap());
        let i = s.rows.iter().position(|r| r.error.is_some()).unwrap();
        app.feed("F9");
        app.structure.as_mut().unwrap().selected = i;
        app.feed("Enter");
        assert_eq!(chunk_count(&app), 5000 + 2, "IHDR, 5000 tEXt, IEND");
        assert!(!app.structure.as_ref().unwrap().stopped_at_cap());
    }
}

mod sync {
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
}

mod edit {
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
}

mod screen {
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
        insta::assert_snapshot!("structure_png_120x36", snap);
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
        insta::assert_snapshot!("structure_truncated_80x24", snap);
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
}
