//! strenc against byte/text pairs that Python's `codecs` produced
//! (`bytes.decode(...)` with cp437, cp866, shift_jis, big5, euc_kr …).

use super::{StrEncError, canonical_name, decode, encode};

/// (encoding, bytes, Python's decoding of them)
const PAIRS: &[(&str, &[u8], &str)] = &[
    (
        "UTF-8",
        &[104, 195, 169, 108, 108, 111, 32, 226, 130, 172],
        "héllo €",
    ),
    (
        "UTF-16LE",
        &[104, 0, 233, 0, 172, 32, 61, 216, 0, 222],
        "hé€😀",
    ),
    (
        "UTF-16BE",
        &[0, 104, 0, 233, 32, 172, 216, 61, 222, 0],
        "hé€😀",
    ),
    (
        "UTF-32LE",
        &[104, 0, 0, 0, 233, 0, 0, 0, 172, 32, 0, 0, 0, 246, 1, 0],
        "hé€😀",
    ),
    (
        "UTF-32BE",
        &[0, 0, 0, 104, 0, 0, 0, 233, 0, 0, 32, 172, 0, 1, 246, 0],
        "hé€😀",
    ),
    ("ISO-8859-1", &[65, 133, 233, 255], "A\u{85}éÿ"),
    ("ISO-8859-2", &[65, 161, 177, 232], "AĄąč"),
    ("ISO-8859-5", &[176, 208, 240], "Аа№"),
    ("ISO-8859-7", &[193, 225], "Αα"),
    ("ISO-8859-9", &[133, 208, 221, 254], "\u{85}Ğİş"),
    ("ISO-8859-11", &[133, 161, 224], "\u{85}กเ"),
    ("ISO-8859-15", &[164, 189], "€œ"),
    ("windows-1251", &[192, 224, 136], "Аа€"),
    ("windows-1252", &[128, 147, 233], "€“é"),
    ("IBM437", &[1, 128, 176, 219, 224, 254], "\u{1}Ç░█α■"),
    ("IBM866", &[128, 160, 240], "АаЁ"),
    ("Shift_JIS", &[147, 250, 150, 123, 140, 234, 177], "日本語ｱ"),
    ("Big5", &[164, 164, 164, 229], "中文"),
    ("EUC-KR", &[199, 209, 177, 185, 190, 238], "한국어"),
];

#[test]
fn decode_matches_python_codecs() {
    for (enc, bytes, text) in PAIRS {
        assert_eq!(decode(bytes, enc).as_deref(), Ok(*text), "{enc}");
    }
}

#[test]
fn encode_inverts_decode() {
    for (enc, bytes, text) in PAIRS {
        assert_eq!(encode(text, enc).as_deref(), Ok(*bytes), "{enc}");
    }
}

#[test]
fn names_and_aliases_match_without_case() {
    assert_eq!(canonical_name("sjis"), Some("Shift_JIS"));
    assert_eq!(canonical_name("SHIFT_JIS"), Some("Shift_JIS"));
    assert_eq!(canonical_name("cp437"), Some("IBM437"));
    assert_eq!(canonical_name("utf8"), Some("UTF-8"));
    assert_eq!(canonical_name("Latin1"), Some("ISO-8859-1"));
    assert_eq!(canonical_name("utf-16le"), Some("UTF-16LE"));
    assert_eq!(canonical_name("ascii"), Some("ASCII"));
    assert_eq!(canonical_name("KOI8-R"), None);
    assert_eq!(canonical_name("UTF-8\\'x"), None);
    assert_eq!(decode(b"SJIS", "SJIS").as_deref(), Ok("SJIS"));
}

/// Names the reference compiler only warns about, which its runtimes read:
/// other WHATWG labels and DOS code pages (pairs from Python's codecs).
#[test]
fn other_labels_and_code_pages_decode() {
    assert_eq!(decode(&[0xf0, 0xd2, 0xc9], "KOI8-R").as_deref(), Ok("При"));
    assert_eq!(
        decode(&[0xc4, 0xe3, 0xba, 0xc3], "GBK").as_deref(),
        Ok("你好")
    );
    assert_eq!(decode(&[0xa4, 0xa2], "EUC-JP").as_deref(), Ok("あ"));
    assert_eq!(decode(&[0x82, 0x9b, 0xd5], "cp850").as_deref(), Ok("éøı"));
    assert_eq!(decode(&[0x9f, 0xac], "IBM852").as_deref(), Ok("čČ"));
    assert_eq!(
        encode("éøı", "CP850").as_deref(),
        Ok(&[0x82, 0x9b, 0xd5][..])
    );
    assert_eq!(
        encode("При", "koi8-r").as_deref(),
        Ok(&[0xf0, 0xd2, 0xc9][..])
    );
    assert!(decode(b"a", "cp9999").is_err());
}

#[test]
fn unknown_encoding_is_an_error_naming_it() {
    let e = decode(b"a", "EBCDIC-XYZ").unwrap_err();
    assert_eq!(e, StrEncError::Unknown("EBCDIC-XYZ".into()));
    assert!(e.to_string().contains("EBCDIC-XYZ"));
}

#[test]
fn ascii_reads_high_bytes_as_latin1_like_the_js_runtime() {
    assert_eq!(decode(&[0x41, 0xe9], "ASCII").as_deref(), Ok("Aé"));
    assert!(encode("é", "ASCII").is_err());
    assert_eq!(encode("Az", "ASCII").as_deref(), Ok(&b"Az"[..]));
}

#[test]
fn invalid_data_becomes_replacement_characters() {
    assert_eq!(
        decode(&[0x61, 0xff, 0x62], "UTF-8").as_deref(),
        Ok("a\u{fffd}b")
    );
    assert_eq!(
        decode(&[0x61, 0x00, 0x62], "UTF-16LE").as_deref(),
        Ok("a\u{fffd}")
    );
    assert_eq!(
        decode(&[0, 0, 0x11, 0], "UTF-32LE").as_deref(),
        Ok("\u{fffd}")
    );
    assert_eq!(
        decode(&[0x61, 0, 0, 0, 0x62], "UTF-32LE").as_deref(),
        Ok("a\u{fffd}")
    );
}

#[test]
fn every_single_byte_encoding_round_trips_its_table() {
    let all: Vec<u8> = (0..=255).collect();
    for enc in [
        "ISO-8859-1",
        "ISO-8859-2",
        "ISO-8859-9",
        "ISO-8859-11",
        "ISO-8859-16",
        "windows-1250",
        "windows-1258",
        "IBM437",
        "IBM866",
    ] {
        let text = decode(&all, enc).unwrap();
        for (b, c) in all.iter().zip(text.chars()) {
            if c != '\u{fffd}' {
                assert_eq!(
                    encode(&c.to_string(), enc),
                    Ok(vec![*b]),
                    "{enc} byte {b:#x}"
                );
            }
        }
    }
}

#[test]
fn unmappable_text_is_an_error() {
    assert!(matches!(
        encode("日", "ISO-8859-1"),
        Err(StrEncError::Unmappable { .. })
    ));
    assert!(matches!(
        encode("€", "IBM437"),
        Err(StrEncError::Unmappable { .. })
    ));
}
