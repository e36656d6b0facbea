//! The scanner against GNU strings' results on crafted inputs (the outputs
//! of `strings -a -t x` 2.40, quoted), and against a plain character-by-
//! character model of GNU's loop however the input is cut into slices.

use std::borrow::Cow;
use std::ops::ControlFlow;

use proptest::prelude::*;

use super::*;
use crate::core::document::Document;

/// The strings of `bytes` fed as one slice.
fn strings_of(bytes: &[u8], encoding: StrEncoding, min: usize) -> Vec<(u64, String)> {
    strings_split(bytes, encoding, min, &[])
}

/// The strings of `bytes` fed in slices cut at `cuts`.
fn strings_split(
    bytes: &[u8],
    encoding: StrEncoding,
    min: usize,
    cuts: &[usize],
) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let mut on = |f: Found<'_>| {
        assert_eq!(f.encoding, encoding);
        out.push((f.offset, f.text.into_owned()));
        ControlFlow::Continue(())
    };
    let mut scanner = Scanner::new(encoding, min, 0);
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(bytes.len())).collect();
    cuts.sort();
    let mut from = 0;
    for cut in cuts.into_iter().chain([bytes.len()]) {
        let _ = scanner.feed(from as u64, &bytes[from..cut], &mut on);
        from = cut;
    }
    let _ = scanner.finish(&mut on);
    out
}

/// GNU's loop, one character at a time: at each position, the character
/// is read; a graphic one extends the string, any other ends it and the
/// scan resumes one byte after that character's first byte.
fn model(bytes: &[u8], encoding: StrEncoding, min: usize) -> Vec<(u64, String)> {
    let width = if encoding == StrEncoding::Ascii { 1 } else { 2 };
    let graphic_at = |p: usize| -> Option<char> {
        let b = &bytes[p..p + width];
        let (low, high) = match encoding {
            StrEncoding::Ascii => (b[0], 0),
            StrEncoding::Utf16Le => (b[0], b[1]),
            StrEncoding::Utf16Be => (b[1], b[0]),
        };
        (high == 0 && (low == b'\t' || (0x20..=0x7e).contains(&low))).then_some(char::from(low))
    };
    let mut out = Vec::new();
    let (mut p, mut start, mut run) = (0, 0, String::new());
    while p + width <= bytes.len() {
        match graphic_at(p) {
            Some(c) => {
                if run.is_empty() {
                    start = p;
                }
                run.push(c);
                p += width;
            }
            None => {
                if run.len() >= min {
                    out.push((start as u64, run.clone()));
                }
                run.clear();
                p += 1;
            }
        }
    }
    if run.len() >= min {
        out.push((start as u64, run));
    }
    out
}

fn found(list: &[(u64, &str)]) -> Vec<(u64, String)> {
    list.iter().map(|&(o, s)| (o, s.to_string())).collect()
}

#[test]
fn ascii_strings_end_at_newline_cr_vt_ff_del_and_high_bytes_but_not_tab() {
    // `strings -a -t x -n 4` printed these seven lines.
    let bytes = b"abc\tdef\nghij\rklmn\x0bopqr\x0cstuv\x7fwxyz\x80ABCD";
    assert_eq!(
        strings_of(bytes, StrEncoding::Ascii, 4),
        found(&[
            (0x0, "abc\tdef"),
            (0x8, "ghij"),
            (0xd, "klmn"),
            (0x12, "opqr"),
            (0x17, "stuv"),
            (0x1c, "wxyz"),
            (0x21, "ABCD"),
        ])
    );
    assert_eq!(
        strings_of(b"abc\ndefg", StrEncoding::Ascii, 4),
        found(&[(4, "defg")])
    );
    assert_eq!(
        strings_of(b"\t\t\t\t", StrEncoding::Ascii, 4),
        found(&[(0, "\t\t\t\t")])
    );
    assert!(strings_of(b"", StrEncoding::Ascii, 1).is_empty());
}

#[test]
fn utf16_resumes_one_byte_after_a_character_that_is_not_graphic() {
    // `strings -a -t x -n 4 -e l`: "0 ABCD", "a EFGH" (0x4141 at 8 is not
    // graphic; the scan resumes at 9, then 10).
    let bytes = b"A\0B\0C\0D\0AAE\0F\0G\0H\0I";
    assert_eq!(
        strings_of(bytes, StrEncoding::Utf16Le, 4),
        found(&[(0, "ABCD"), (0xa, "EFGH")])
    );
    // `-e b` on "A\0B\0C\0D\0E": "1 BCDE".
    assert_eq!(
        strings_of(b"A\0B\0C\0D\0E", StrEncoding::Utf16Be, 4),
        found(&[(1, "BCDE")])
    );
    // A character cut off by the end is not one: `-n 4 -e l` on
    // "A\0B\0C\0D" prints nothing, `-n 3` "0 ABC".
    assert!(strings_of(b"A\0B\0C\0D", StrEncoding::Utf16Le, 4).is_empty());
    assert_eq!(
        strings_of(b"A\0B\0C\0D", StrEncoding::Utf16Le, 3),
        found(&[(0, "ABC")])
    );
    // TAB counts; 0xe9 (é) does not (`-n 4`: "0 A\tBC"; `-n 3`: "4 BCD").
    assert_eq!(
        strings_of(b"A\0\t\0B\0C\0", StrEncoding::Utf16Le, 4),
        found(&[(0, "A\tBC")])
    );
    assert_eq!(
        strings_of(b"A\0\xe9\0B\0C\0D\0", StrEncoding::Utf16Le, 3),
        found(&[(4, "BCD")])
    );
}

#[test]
fn several_encodings_come_out_merged_in_offset_order() {
    let bytes = b"xx hello there\0\0W\0i\0d\0e\0!\0\0\0B\0I\0G\0\0plain\n";
    let doc = Document::from_bytes(bytes.to_vec());
    let mut got = Vec::new();
    let _ = scan(
        &doc,
        0..doc.len(),
        &StrEncoding::ALL,
        4,
        &mut |_| ControlFlow::Continue(()),
        &mut |f| {
            got.push((f.offset, f.encoding, f.text.into_owned()));
            ControlFlow::Continue(())
        },
    );
    let mut want: Vec<_> = StrEncoding::ALL
        .iter()
        .flat_map(|&e| model(bytes, e, 4).into_iter().map(move |(o, s)| (o, e, s)))
        .collect();
    want.sort();
    assert!(want.iter().any(|w| w.1 == StrEncoding::Utf16Le));
    assert!(want.iter().any(|w| w.1 == StrEncoding::Utf16Be));
    assert_eq!(got, want);
}

#[test]
fn an_edited_document_is_scanned_across_its_pieces() {
    let mut doc = Document::from_bytes(b"\0\0abcdefgh\0\0W\0i\0d\0e\0\0\0".to_vec());
    doc.replace(5..6, b"XY").unwrap();
    doc.insert(13, b"\0Q").unwrap();
    let bytes = doc.read(0..doc.len());
    for encoding in StrEncoding::ALL {
        let mut got = Vec::new();
        let _ = scan(
            &doc,
            1..doc.len(),
            &[encoding],
            2,
            &mut |_| ControlFlow::Continue(()),
            &mut |f| {
                got.push((f.offset, f.text.into_owned()));
                ControlFlow::Continue(())
            },
        );
        let want: Vec<_> = model(&bytes[1..], encoding, 2)
            .into_iter()
            .map(|(o, s)| (o + 1, s))
            .collect();
        assert!(!want.is_empty(), "{encoding:?}");
        assert_eq!(got, want, "{encoding:?}");
    }
}

#[test]
fn an_ascii_string_longer_than_a_block_is_borrowed_whole() {
    let len = (8 << 20) + 1000;
    let mut bytes = vec![b'A'; len];
    bytes.extend_from_slice(b"\0tail");
    let doc = Document::from_bytes(bytes);
    let mut got = Vec::new();
    let _ = scan(
        &doc,
        0..doc.len(),
        &[StrEncoding::Ascii],
        4,
        &mut |_| ControlFlow::Continue(()),
        &mut |f| {
            got.push((f.offset, f.text.len(), matches!(f.text, Cow::Borrowed(_))));
            ControlFlow::Continue(())
        },
    );
    assert_eq!(got, [(0, len, true), (len as u64 + 1, 4, true)]);
}

#[test]
fn breaking_stops_the_scan() {
    let doc = Document::from_bytes(b"one1\0two2\0three".to_vec());
    let mut seen = 0;
    let flow = scan(
        &doc,
        0..doc.len(),
        &[StrEncoding::Ascii],
        4,
        &mut |_| ControlFlow::Continue(()),
        &mut |_| {
            seen += 1;
            ControlFlow::Break(())
        },
    );
    assert!(flow.is_break());
    assert_eq!(seen, 1);
}

proptest! {
    #[test]
    fn any_slicing_finds_what_the_model_finds(
        bytes in proptest::collection::vec(
            prop_oneof![Just(0u8), Just(b'a'), Just(b'\t'), Just(b'\n'), Just(0x41), Just(0xff), any::<u8>()],
            0..300,
        ),
        cuts in proptest::collection::vec(0usize..300, 0..6),
        min in 1usize..6,
    ) {
        for encoding in StrEncoding::ALL {
            let want = model(&bytes, encoding, min);
            prop_assert_eq!(&strings_of(&bytes, encoding, min), &want);
            prop_assert_eq!(&strings_split(&bytes, encoding, min, &cuts), &want);
        }
    }
}
