//! `hexbuf strings` against GNU strings (binutils, installed by .ci/run):
//! the same strings at the same offsets, on real binaries under /usr/bin
//! and /usr/lib and on crafted inputs.

use super::*;

/// One string: its offset and text.
type Strings = Vec<(u64, String)>;

/// GNU `strings -a -t x -n MIN [-e E] FILE`, parsed.
fn gnu(path: &Path, min: usize, encoding: &str) -> Strings {
    let min = min.to_string();
    let out = tool(
        "strings",
        ["-a", "-t", "x", "-n", &min, "-e", encoding, arg(path)],
    );
    assert!(out.status.success(), "GNU strings failed: {out:?}");
    let text = String::from_utf8(out.stdout).expect("graphic characters are ASCII");
    text.lines()
        .map(|line| {
            // "%7lx " then the string, which may itself start with spaces.
            let (hex, s) = line.trim_start().split_once(' ').expect("offset text");
            (u64::from_str_radix(hex, 16).unwrap(), s.to_string())
        })
        .collect()
}

/// `hexbuf strings FILE ARGS`, plain output, parsed and checked for form.
fn ours(path: &Path, args: &[&str]) -> Strings {
    let mut all = vec!["strings", arg(path)];
    all.extend(args);
    let text = hexbuf(all).ok();
    assert!(text.is_empty() || text.ends_with('\n'));
    text.lines()
        .map(|line| {
            let rest = line.strip_prefix("0x").expect("0x<hex> per line");
            let (hex, s) = rest.split_once(' ').expect("offset, space, text");
            assert!(hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
            (u64::from_str_radix(hex, 16).unwrap(), s.to_string())
        })
        .collect()
}

/// Regular files (no symlinks) under `dir` between 1 KiB and `max` bytes,
/// every `step`-th by name: a spread of real binaries, the same each run.
fn real_files(dir: &str, step: usize, max: u64) -> Vec<PathBuf> {
    dir_names(Path::new(dir))
        .into_iter()
        .map(|n| Path::new(dir).join(n))
        .filter(|p| {
            fs::symlink_metadata(p).is_ok_and(|m| m.is_file() && (1024..=max).contains(&m.len()))
        })
        .step_by(step)
        .collect()
}

#[test]
fn ascii_equals_gnu_strings_on_real_binaries() {
    let mut files = real_files("/usr/bin", 11, 4 << 20);
    files.extend(real_files("/usr/lib/x86_64-linux-gnu", 7, 4 << 20));
    files.extend(real_files("/usr/lib", 3, 4 << 20));
    assert!(files.len() >= 30, "too few binaries: {files:?}");
    let mut total = 0;
    for (i, path) in files.iter().enumerate() {
        let min = [4, 1, 3, 8, 20][i % 5];
        let want = gnu(path, min, "s");
        let flag = min.to_string();
        assert_eq!(
            ours(path, &["-n", &flag]),
            want,
            "{} -n {min}",
            path.display()
        );
        total += want.len();
    }
    assert!(total > 10_000, "real binaries hold strings: {total}");
}

#[test]
fn utf16_equals_gnu_strings_e_l_and_e_b_on_real_binaries() {
    let files = real_files("/usr/bin", 29, 2 << 20);
    assert!(files.len() >= 10, "too few binaries: {files:?}");
    let mut total = 0;
    for (i, path) in files.iter().enumerate() {
        let min = [4, 2, 6][i % 3];
        let flag = min.to_string();
        for (gnu_e, ours_e) in [("l", "utf16le"), ("b", "utf16be")] {
            let want = gnu(path, min, gnu_e);
            let got = ours(path, &["-n", &flag, "--encoding", ours_e]);
            assert_eq!(got, want, "{} -n {min} -e {gnu_e}", path.display());
            total += want.len();
        }
    }
    assert!(total > 100, "some UTF-16 strings were compared: {total}");
}

/// Bytes with ASCII and UTF-16 text of both byte orders at odd and even
/// offsets among control bytes, high bytes and zeros.
fn crafted(len: usize, seed: u64) -> Vec<u8> {
    let noise = random_from(b"\0\0\t\n\r\x0b\x0c\x1f\x7f\x80\xffAb ~", len, seed);
    let mut out = Vec::with_capacity(len * 2);
    for (i, chunk) in noise.chunks(37).enumerate() {
        out.extend_from_slice(chunk);
        let word: &[u8] = [&b"Hello, w\torld"[..], b"x", b"tab\there", b"~ ~"][i % 4];
        match i % 3 {
            0 => out.extend_from_slice(word),
            1 => out.extend(word.iter().flat_map(|&b| [b, 0])),
            _ => out.extend(word.iter().flat_map(|&b| [0, b])),
        }
    }
    out
}

#[test]
fn every_encoding_equals_gnu_strings_on_crafted_edge_cases() {
    let mut cases: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"abc".to_vec(),
        b"abcd".to_vec(),
        b"abc\tdef\nghij\rklmn\x0bopqr\x0cstuv\x7fwxyz\x80ABCD".to_vec(),
        b"A\0B\0C\0D\0AAE\0F\0G\0H\0I".to_vec(),
        b"A\0B\0C\0D".to_vec(),
        b"\0A\0B\0C\0D\0E".to_vec(),
        b"  leading and trailing spaces  \0\t\t\t\t\0".to_vec(),
        vec![b'x'; 70_000],
    ];
    for seed in 0..6 {
        cases.push(crafted(20_000, 40 + seed));
    }
    for bytes in &cases {
        let (_dir, path) = file_with(bytes);
        for min in [1, 2, 4, 5, 10] {
            let flag = min.to_string();
            for (gnu_e, ours_e) in [("s", "ascii"), ("l", "utf16le"), ("b", "utf16be")] {
                let want = gnu(&path, min, gnu_e);
                let got = ours(&path, &["-n", &flag, "--encoding", ours_e]);
                assert_eq!(got, want, "-n {min} -e {gnu_e} on {:.60?}", bytes);
            }
        }
    }
}

#[test]
fn all_is_the_three_encodings_merged_by_offset_and_json_says_the_same() {
    let bytes = crafted(50_000, 50);
    let (_dir, path) = file_with(&bytes);
    let mut want = Vec::new();
    for (gnu_e, name) in [("s", "ascii"), ("l", "utf16le"), ("b", "utf16be")] {
        let found = gnu(&path, 3, gnu_e);
        assert!(!found.is_empty(), "{name}");
        want.extend(found.into_iter().map(|(o, s)| (o, name, s)));
    }
    // Ties at one offset: ascii, utf16le, utf16be (the order above).
    want.sort_by_key(|w| w.0);
    let plain = ours(&path, &["-n", "3", "--encoding", "all"]);
    let want_plain: Strings = want.iter().map(|(o, _, s)| (*o, s.clone())).collect();
    assert_eq!(plain, want_plain);

    let run = hexbuf([
        "strings",
        arg(&path),
        "-n",
        "3",
        "--encoding",
        "all",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&run.ok()).expect("one JSON array");
    let got: Vec<(u64, &str, String)> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| {
            let obj = v.as_object().unwrap();
            assert_eq!(obj.len(), 3, "offset, encoding, text: {v}");
            (
                obj["offset"].as_u64().expect("offsets are integers"),
                match obj["encoding"].as_str().unwrap() {
                    "ascii" => "ascii",
                    "utf16le" => "utf16le",
                    "utf16be" => "utf16be",
                    other => panic!("encoding {other}"),
                },
                obj["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn defaults_are_ascii_and_four_and_stdin_is_read() {
    let (_dir, path) = file_with(&crafted(10_000, 51));
    let want = gnu(&path, 4, "s");
    assert_eq!(ours(&path, &[]), want);
    let run = hexbuf_with(["strings", "-"], |c| {
        c.write_stdin(fs::read(&path).unwrap());
    });
    let piped: String = want.iter().map(|(o, s)| format!("0x{o:x} {s}\n")).collect();
    assert_eq!(run.ok(), piped);
}

#[test]
fn nothing_found_is_empty_output_and_exit_0() {
    let (_dir, path) = file_with(b"\0\x01abc\xff");
    assert_eq!(hexbuf(["strings", arg(&path)]).ok(), "");
    assert_eq!(hexbuf(["strings", arg(&path), "--json"]).ok(), "[]\n");
}

#[test]
fn bad_arguments_are_one_line_errors() {
    let (_dir, path) = file_with(b"hello");
    assert_one_line_error(&hexbuf(["strings", arg(&path), "-n", "0"]), &["-n"]);
    assert_one_line_error(
        &hexbuf(["strings", arg(&path), "--encoding", "ebcdic"]),
        &["--encoding", "ebcdic"],
    );
    let missing = path.with_file_name("missing.bin");
    assert_one_line_error(&hexbuf(["strings", arg(&missing)]), &["missing.bin"]);
}

#[test]
fn strings_into_a_closed_pipe_exits_0_silently() {
    // 1 MiB of short strings: far more output than a pipe holds.
    let bytes: Vec<u8> = (0..1 << 20)
        .map(|i| if i % 7 == 0 { 0 } else { b'a' })
        .collect();
    let (_dir, path) = file_with(&bytes);
    let run = super::dump::read_one_line_then_close(&["strings", arg(&path), "-n", "2"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stderr, "");
}
