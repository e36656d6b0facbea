//! `hexbuf find`: offsets compared with a naive search over the same bytes.

use super::*;

/// Every offset where `pattern` (None = any byte) matches, overlapping
/// matches included, by trying each position.
fn naive(bytes: &[u8], pattern: &[Option<u8>]) -> Vec<usize> {
    naive_by(bytes, pattern.len(), |i, b| {
        pattern[i].is_none_or(|p| p == b)
    })
}

fn naive_by(bytes: &[u8], len: usize, eq: impl Fn(usize, u8) -> bool) -> Vec<usize> {
    if bytes.len() < len {
        return Vec::new();
    }
    (0..=bytes.len() - len)
        .filter(|&at| {
            bytes[at..at + len]
                .iter()
                .enumerate()
                .all(|(i, &b)| eq(i, b))
        })
        .collect()
}

fn exact(bytes: &[u8]) -> Vec<Option<u8>> {
    bytes.iter().copied().map(Some).collect()
}

/// Runs `hexbuf find FILE ARGS`; checks the output format and returns the
/// offsets (exit 0 with offsets, or exit 1 with no output at all).
fn find(path: &Path, args: &[&str]) -> Vec<usize> {
    let mut all = vec!["find", arg(path)];
    all.extend(args);
    let run = hexbuf(all);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    let text = run.stdout_text();
    if run.code == Some(1) {
        assert_eq!(text, "", "no output when nothing matches");
        return Vec::new();
    }
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(text.ends_with('\n'), "{text:?}");
    let offsets: Vec<usize> = text
        .lines()
        .map(|l| {
            let hex = l
                .strip_prefix("0x")
                .unwrap_or_else(|| panic!("0x… per line: {l:?}"));
            assert!(
                !hex.is_empty() && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
                "lowercase hex: {l:?}"
            );
            assert!(
                hex == "0" || !hex.starts_with('0'),
                "no leading zeros: {l:?}"
            );
            usize::from_str_radix(hex, 16).unwrap()
        })
        .collect();
    assert!(
        offsets.windows(2).all(|w| w[0] < w[1]),
        "increasing: {text}"
    );
    assert!(!offsets.is_empty(), "exit 0 means a match");
    offsets
}

/// The hex spelling of `pattern` for --hex.
fn spell(pattern: &[Option<u8>]) -> String {
    pattern
        .iter()
        .map(|b| b.map_or("??".to_string(), |b| format!("{b:02x}")))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn overlapping_matches_are_all_reported() {
    let (_dir, path) = file_with(b"aaaa");
    assert_eq!(find(&path, &["--hex", "6161"]), [0, 1, 2]);
    assert_eq!(find(&path, &["--text", "aa"]), [0, 1, 2]);
    assert_eq!(find(&path, &["--text", "aaa"]), [0, 1]);
    assert_eq!(find(&path, &["--hex", "61 ?? 61"]), [0, 1]);
}

#[test]
fn hex_with_wildcards_matches_a_naive_search() {
    let bytes = random_from(&[0xa1, 0xb2, 0x00, 0x0a], 64 * 1024, 21);
    let (_dir, path) = file_with(&bytes);
    for pattern in [
        vec![Some(0xa1), None, Some(0xa1)],
        vec![None, Some(0xb2)],
        vec![Some(0x00), None, None, Some(0x0a)],
        vec![Some(0xa1), Some(0xa1)],
        vec![Some(0xb2), Some(0x00), Some(0xa1), Some(0x0a), Some(0xb2)],
        vec![None, None],
    ] {
        let want = naive(&bytes, &pattern);
        assert!(!want.is_empty());
        assert_eq!(
            find(&path, &["--hex", &spell(&pattern)]),
            want,
            "--hex {}",
            spell(&pattern)
        );
    }
}

#[test]
fn hex_accepts_colons_and_no_spaces() {
    let bytes = random_from(&[1, 2, 3], 4096, 22);
    let (_dir, path) = file_with(&bytes);
    let want = naive(&bytes, &exact(&[1, 2, 3]));
    assert_eq!(find(&path, &["--hex", "010203"]), want);
    assert_eq!(find(&path, &["--hex", "01:02:03"]), want);
    assert_eq!(
        find(&path, &["--hex", "01??03"]),
        naive(&bytes, &[Some(1), None, Some(3)])
    );
}

#[test]
fn text_matches_a_naive_search_case_sensitively_and_with_i() {
    let bytes = random_from(b"hHeElLoO .\n\xc3\xa9", 64 * 1024, 23);
    let (_dir, path) = file_with(&bytes);
    for text in ["hello", "HeLLo", "lo", "o.", "é", "L"] {
        let want = naive(&bytes, &exact(text.as_bytes()));
        assert_eq!(find(&path, &["--text", text]), want, "--text {text}");
        let pat = text.as_bytes();
        let want_i = naive_by(&bytes, pat.len(), |i, b| b.eq_ignore_ascii_case(&pat[i]));
        assert_eq!(
            find(&path, &["-i", "--text", text]),
            want_i,
            "-i --text {text}"
        );
        assert_eq!(find(&path, &["--ignore-case", "--text", text]), want_i);
        assert!(want_i.len() >= want.len());
    }
}

#[test]
fn value_matches_a_naive_search_for_its_encoding() {
    let mut bytes = random_from(&[0x34, 0x12, 0x00, 0x3f, 0xc0], 32 * 1024, 24);
    bytes.extend_from_slice(&(-2i64).to_be_bytes());
    let (_dir, path) = file_with(&bytes);
    for (value, encoded) in [
        ("u8:0x12", vec![0x12]),
        ("u16le:0x1234", 0x1234u16.to_le_bytes().to_vec()),
        ("u16be:4660", 0x1234u16.to_be_bytes().to_vec()),
        ("i16le:-16384", (-16384i16).to_le_bytes().to_vec()),
        ("f32le:1.5", 1.5f32.to_le_bytes().to_vec()),
        ("i64be:-2", (-2i64).to_be_bytes().to_vec()),
    ] {
        let want = naive(&bytes, &exact(&encoded));
        assert!(!want.is_empty(), "{value}");
        assert_eq!(find(&path, &["--value", value]), want, "--value {value}");
    }
}

#[test]
fn stdin_is_searched_like_a_file() {
    let bytes = random_from(b"ab", 10_000, 26);
    let run = hexbuf_with(["find", "-", "--text", "abba"], |c| {
        c.write_stdin(bytes.clone());
    });
    let want: String = naive(&bytes, &exact(b"abba"))
        .iter()
        .map(|o| format!("0x{o:x}\n"))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(run.ok(), want);
}

#[test]
fn nothing_found_exits_1_with_no_output() {
    let (_dir, path) = file_with(b"hello world");
    assert!(find(&path, &["--hex", "ff"]).is_empty());
    assert!(find(&path, &["--text", "World"]).is_empty());
    assert!(find(&path, &["--value", "u32le:1"]).is_empty());
    // A pattern longer than the file.
    assert!(find(&path, &["--text", "hello world!"]).is_empty());
    let (_dir, empty) = file_with(b"");
    for args in [
        ["--hex", "00"],
        ["--hex", "??"],
        ["--text", "a"],
        ["--value", "u8:0"],
    ] {
        let mut all = vec!["find", arg(&empty)];
        all.extend(args);
        let run = hexbuf(all);
        assert_eq!(
            (run.code, run.stdout.len(), run.stderr.as_str()),
            (Some(1), 0, ""),
            "{args:?}"
        );
    }
}

#[test]
fn matches_in_a_file_of_several_mib_including_the_very_end() {
    // Larger than the 8 MiB search block, with matches straddling block
    // boundaries and one ending at the last byte.
    let len = 9 << 20;
    let mut bytes = random_bytes(len, 25);
    let needle = [0xfe, 0xed, 0xfa, 0xce];
    for at in [0, 1 << 20, (8 << 20) - 3, (8 << 20) + 1, len - 4] {
        bytes[at..at + 4].copy_from_slice(&needle);
    }
    let (_dir, path) = file_with(&bytes);
    let want = naive(&bytes, &exact(&needle));
    assert_eq!(want.last(), Some(&(len - 4)));
    assert!(want.contains(&((8 << 20) - 3)));
    assert_eq!(find(&path, &["--hex", "feedface"]), want);
    // Two bytes with the boundary between them.
    let pair = exact(&bytes[(8 << 20) - 1..(8 << 20) + 1]);
    let want = naive(&bytes, &pair);
    assert!(want.contains(&((8 << 20) - 1)));
    assert_eq!(find(&path, &["--hex", &spell(&pair)]), want);
    let wild = [Some(0xfe), None, Some(0xfa), Some(0xce)];
    assert_eq!(find(&path, &["--hex", &spell(&wild)]), naive(&bytes, &wild));
    // A single byte: the last byte of the file is one of its matches.
    assert_eq!(find(&path, &["--hex", "ce"]), naive(&bytes, &[Some(0xce)]));
}

#[test]
fn find_into_a_closed_pipe_exits_0_silently() {
    let (_dir, path) = file_with(&vec![0; 1 << 20]);
    let run = super::dump::read_one_line_then_close(&["find", arg(&path), "--hex", "00"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stderr, "");
}

/// Runs `hexbuf find FILE ARGS` expecting exit 0 (matches) or 1 (none) and
/// an empty stderr; returns the code and stdout.
fn find_raw(path: &Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["find", arg(path)];
    all.extend(args);
    let run = hexbuf(all);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    let code = run.code.expect("exited");
    assert!(code == 0 || code == 1, "{run:?}");
    (code, run.stdout_text())
}

#[test]
fn count_and_json_agree_with_the_plain_list_and_a_naive_search() {
    let len = (8 << 20) + 4096;
    let mut bytes = random_from(&[0xa1, 0xb2, 0x00, 0x0a], len, 27);
    // A match straddling the 8 MiB search block and one at the very end.
    bytes[(8 << 20) - 1..(8 << 20) + 2].copy_from_slice(&[0xb2, 0xb2, 0xb2]);
    bytes[len - 3..].copy_from_slice(&[0xb2, 0xb2, 0xb2]);
    let (_dir, path) = file_with(&bytes);
    for pattern in [
        vec![Some(0xb2), Some(0xb2), Some(0xb2)],
        vec![Some(0xa1), None, Some(0x0a)],
        vec![Some(0x00)],
    ] {
        let hex = spell(&pattern);
        let want = naive(&bytes, &pattern);
        assert!(want.len() > 1, "{hex}");
        let plain = find(&path, &["--hex", &hex]);
        assert_eq!(plain, want, "{hex}");

        let (code, count) = find_raw(&path, &["--hex", &hex, "--count"]);
        assert_eq!(code, 0);
        assert_eq!(count, format!("{}\n", want.len()), "--count {hex}");

        let (code, json) = find_raw(&path, &["--hex", &hex, "--json"]);
        assert_eq!(code, 0);
        assert!(json.ends_with('\n') && json.matches('\n').count() == 1);
        let v: serde_json::Value = serde_json::from_str(&json).expect("one JSON object");
        let obj = v.as_object().expect("an object");
        assert_eq!(obj.len(), 2, "count and matches only: {json:.200}");
        assert_eq!(obj["count"].as_u64(), Some(want.len() as u64));
        let got: Vec<usize> = obj["matches"]
            .as_array()
            .expect("matches is an array")
            .iter()
            .map(|o| o.as_u64().expect("offsets are JSON integers") as usize)
            .collect();
        assert_eq!(got, want, "--json {hex}");

        let (_, both) = find_raw(&path, &["--hex", &hex, "--count", "--json"]);
        let v: serde_json::Value = serde_json::from_str(&both).unwrap();
        assert_eq!(v, serde_json::json!({"count": want.len()}));
    }
}

#[test]
fn count_and_json_of_nothing_found_say_zero_and_exit_1() {
    let (_dir, path) = file_with(b"hello world");
    assert_eq!(
        find_raw(&path, &["--text", "World", "--count"]),
        (1, "0\n".into())
    );
    let (code, json) = find_raw(&path, &["--text", "World", "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v, serde_json::json!({"count": 0, "matches": []}));
    let (_dir, empty) = file_with(b"");
    assert_eq!(
        find_raw(&empty, &["--hex", "??", "--count"]),
        (1, "0\n".into())
    );
}

#[test]
fn count_reads_stdin_and_counts_case_insensitively() {
    let bytes = random_from(b"aAbB", 20_000, 28);
    let run = hexbuf_with(["find", "-", "-i", "--text", "ab", "--count"], |c| {
        c.write_stdin(bytes.clone());
    });
    let want = naive_by(&bytes, 2, |i, b| b.eq_ignore_ascii_case(&b"ab"[i])).len();
    assert!(want > 0);
    assert_eq!(run.ok(), format!("{want}\n"));
}

#[test]
fn json_with_millions_of_matches_is_whole_in_order_with_the_count_first() {
    // 3 MiB of zeros: every offset matches, some 25 MB of JSON text, more
    // than find holds in memory before it spools to a temporary file.
    let len = 3 << 20;
    let (_dir, path) = file_with(&vec![0; len]);
    let (code, json) = find_raw(&path, &["--hex", "00", "--json"]);
    assert_eq!(code, 0);
    assert!(json.starts_with(&format!("{{\"count\": {len}, \"matches\": [0, 1, 2, ")));
    let v: serde_json::Value = serde_json::from_str(&json).expect("one JSON object");
    assert_eq!(v["count"].as_u64(), Some(len as u64));
    let matches = v["matches"].as_array().unwrap();
    assert_eq!(matches.len(), len);
    assert!(
        matches
            .iter()
            .enumerate()
            .all(|(i, m)| m.as_u64() == Some(i as u64))
    );
}
