//! Item 3: the edits as JavaScript, run in node, make the buffer on screen —
//! inserts and appends included, which a typed array cannot do in place.

use std::process::Command;

use crate::{app_with, bytes, palette};
use hexbuf::app::action::Action;
use hexbuf::app::state::App;

/// Runs `lines` in node on a Uint8Array of `start`; the bytes it ends
/// with, or `None` when node is not installed.
fn run_in_node(start: &[u8], lines: &[String]) -> Option<Vec<u8>> {
    let list: Vec<String> = start.iter().map(|b| b.to_string()).collect();
    let script = format!(
        "let uint8Array = Uint8Array.from([{}]); let view = new DataView(uint8Array.buffer);\n{}\nif (view.buffer !== uint8Array.buffer) throw new Error('stale view');\nprocess.stdout.write(Buffer.from(uint8Array).toString('hex'));\n",
        list.join(", "),
        lines.join("\n")
    );
    let out = match Command::new("node").arg("-e").arg(&script).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("node is not installed: the JavaScript is not run");
            return None;
        }
        Err(e) => panic!("node: {e}"),
    };
    assert!(
        out.status.success(),
        "node failed: {}\n{script}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hex = String::from_utf8(out.stdout).unwrap();
    Some(
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect(),
    )
}

fn check(start: &[u8], app: &App) {
    let lines = app.ed.code_lines().to_vec();
    if let Some(js) = run_in_node(start, &lines) {
        assert_eq!(js, bytes(app), "{}", lines.join("\n"));
    }
}

#[test]
fn an_insert_is_a_new_longer_array_never_an_ignored_index() {
    let start = [0u8; 8];
    let mut app = app_with(&start);
    app.feed("Insert a b");
    assert_eq!(bytes(&app)[..2], [0xab, 0]);
    let line = &app.ed.code_lines()[0];
    assert!(!line.starts_with("uint8Array[0] ="), "{line}");
    assert!(line.contains("cannot grow"), "{line}");
    check(&start, &app);
}

#[test]
fn an_append_past_the_end_is_a_new_longer_array() {
    let start = [1u8; 8];
    let mut app = app_with(&start);
    app.feed("C-End Right c c");
    assert_eq!(bytes(&app).len(), 9);
    assert!(
        !app.ed
            .code_lines()
            .iter()
            .any(|l| l.contains("uint8Array[8] ="))
    );
    check(&start, &app);
}

#[test]
fn every_kind_of_edit_replayed_in_node_gives_the_buffer() {
    let start: Vec<u8> = (0u8..16).collect();
    let mut app = app_with(&start);
    // Overwrite, insert a byte, leave one half-typed, append.
    app.feed("5 2 Insert 6 f 7 Right Insert C-End Right 4 1 4 2");
    // Text pane: insert €, then overwrite two characters past the end.
    app.feed("Tab Insert Home € Insert C-End x y");
    // Typed pane: an Int16 written, inserted, deleted.
    app.feed("Tab A-4 C-Home - 2 Enter Insert 2 5 6 Enter Delete Insert");
    // Binary digits inserted; a selection deleted; a paste.
    palette(&mut app, "binary");
    app.feed("Tab Insert 1 1 1 1 0 0 0 0 S-Right S-Right Delete");
    app.handle(Action::Paste("de ad be ef".into()));
    app.feed("C-End Right");
    app.handle(Action::Paste("01 02".into()));
    check(&start, &app);
    // Undo takes lines away with the edits: still the same buffer.
    app.feed("C-z C-z C-z");
    check(&start, &app);
}

#[test]
fn fill_replace_all_and_revert_replayed_in_node_give_the_buffer() {
    let start = b"cat cat dog cat\0\0\0\0".to_vec();
    let mut app = app_with(&start);
    // Fill three bytes with a two-byte pattern.
    app.feed("C-End S-Left S-Left A-f");
    app.handle(Action::Paste("de ad".into()));
    app.feed("Enter");
    assert_eq!(bytes(&app)[15..], [0, 0xde, 0xad, 0xde]);
    // Replace every "cat" by "lion", in insert mode (the length changes).
    app.feed("Esc C-Home Tab Insert C-r");
    app.handle(Action::Paste("cat".into()));
    app.feed("Enter");
    app.handle(Action::Paste("lion".into()));
    app.feed("Enter a");
    assert!(bytes(&app).starts_with(b"lion lion dog lion"));
    check(&start, &app);
    // Revert the first change (the list is in offset order).
    app.feed("A-d r Esc");
    assert!(bytes(&app).starts_with(b"cat lion"), "{:?}", bytes(&app));
    check(&start, &app);
}

/// The structure panel's JavaScript for a bit field, run in node over the
/// same bytes, reads what the parser's bit reader reads: both bit orders,
/// 1, 2 and 4 bytes, every skip and widths up to 32.
#[test]
fn bit_field_reads_in_javascript_match_the_parser() {
    use hexbuf::core::ksy::fieldjs::read_bits_call;
    use hexbuf::core::ksy::parse::BitPos;
    use hexbuf::core::ksy::stream::Stream;
    let bytes: [u8; 6] = [0xb1, 0x5e, 0x93, 0x0f, 0xc4, 0x7a];
    let mut cases = Vec::new();
    for size in [1u64, 2, 4] {
        for skip in 0u8..8 {
            for width in 1u8..=32 {
                if u64::from(skip) + u64::from(width) > 8 * size
                    || u64::from(skip) + u64::from(width) <= 8 * (size - 1)
                {
                    continue;
                }
                for le in [false, true] {
                    cases.push((size, BitPos { skip, width, le }));
                }
            }
        }
    }
    let off = 1u64;
    let exprs: Vec<String> = cases
        .iter()
        .map(|&(size, pos)| {
            let js = read_bits_call(pos, off, size, "f", false);
            let expr = js.split(" // ").next().unwrap().to_string();
            format!("out.push(String({expr}));")
        })
        .collect();
    let list: Vec<String> = bytes.iter().map(|b| b.to_string()).collect();
    let script = format!(
        "let buffer = Uint8Array.from([{}]).buffer; let view = new DataView(buffer); let out = [];\n{}\nprocess.stdout.write(out.join(' '));\n",
        list.join(", "),
        exprs.join("\n")
    );
    let out = match Command::new("node").arg("-e").arg(&script).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("node is not installed: the JavaScript is not run");
            return;
        }
        Err(e) => panic!("node: {e}"),
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<u64> = String::from_utf8(out.stdout)
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(got.len(), cases.len());
    for (&(size, pos), js) in cases.iter().zip(got) {
        let span = &bytes[off as usize..(off + size) as usize];
        let mut s = Stream::from_vec(span.to_vec());
        if pos.skip > 0 {
            s.read_bits(pos.skip, pos.le).unwrap();
        }
        assert_eq!(
            js,
            s.read_bits(pos.width, pos.le).unwrap(),
            "{size} bytes, {pos:?}"
        );
    }
}
