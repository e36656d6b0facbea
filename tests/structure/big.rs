//! Files of many records: the capped first parse and parsing further.

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
