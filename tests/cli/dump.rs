//! `hexbuf dump`: the xxd format against the real `xxd`, byte for byte, and
//! the pretty format read back into the bytes it shows.

use super::*;

use std::io::{BufRead, BufReader};

/// Asserts that `hexbuf dump --format xxd ARGS FILE` prints exactly what
/// `xxd XXD_ARGS FILE` prints.
#[track_caller]
fn assert_same_as_xxd(path: &Path, args: &[&str], xxd_args: &[&str]) {
    let mut all = vec!["dump", "--format", "xxd"];
    all.extend(args);
    all.push(arg(path));
    let ours = hexbuf(all).ok().into_bytes();
    let mut all = xxd_args.to_vec();
    all.push(arg(path));
    let theirs = xxd(all);
    if ours != theirs {
        let (a, b) = (
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs),
        );
        let line = a.lines().zip(b.lines()).position(|(x, y)| x != y);
        panic!(
            "dump {args:?} differs from xxd {xxd_args:?} ({} vs {} bytes); first differing line {line:?}:\n  hexbuf: {:?}\n  xxd:    {:?}",
            ours.len(),
            theirs.len(),
            line.and_then(|i| a.lines().nth(i)),
            line.and_then(|i| b.lines().nth(i)),
        );
    }
}

/// Removes the SGR colour codes (`ESC [ digits ; … m`); panics on any other
/// escape, which would be a raw data byte reaching the terminal.
pub(crate) fn strip_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('\x1b') {
        out.push_str(&rest[..i]);
        let code = &rest[i + 1..];
        let end = code
            .find('m')
            .filter(|&m| {
                code.starts_with('[') && code[1..m].bytes().all(|b| b.is_ascii_digit() || b == b';')
            })
            .unwrap_or_else(|| {
                panic!(
                    "an escape that is not a colour code: {:?}",
                    code.chars().take(12).collect::<String>()
                )
            });
        rest = &code[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Reads a plain pretty dump back into bytes: each row's offset and hex
/// column, with a `*` standing for copies of the row before it up to the
/// next row's offset. Returns the first offset and the bytes.
fn read_pretty(text: &str) -> (u64, Vec<u8>) {
    let mut first = None;
    let mut bytes = Vec::new();
    let mut prev: Option<(u64, Vec<u8>)> = None;
    let mut squeezed = false;
    for line in text.lines() {
        if line == "*" {
            assert!(prev.is_some() && !squeezed, "'*' must follow a row");
            squeezed = true;
            continue;
        }
        let (hex, text_col) = line
            .split_once(" │")
            .unwrap_or_else(|| panic!("a row has a text column: {line:?}"));
        assert!(
            text_col.ends_with('│'),
            "the text column is closed: {line:?}"
        );
        let mut words = hex.split_whitespace();
        let offset = u64::from_str_radix(words.next().unwrap(), 16).expect("a hex offset");
        let row: Vec<u8> = words
            .map(|w| u8::from_str_radix(w, 16).expect("hex byte"))
            .collect();
        assert!(!row.is_empty() && row.len() <= 16, "{line:?}");
        // Printable ASCII shows as itself in the text column.
        for (c, &b) in text_col.chars().zip(&row) {
            if b.is_ascii_graphic() {
                assert_eq!(c, b as char, "{line:?}");
            }
        }
        match &prev {
            None => first = Some(offset),
            Some((p, prow)) => {
                let mut next = p + 16;
                if squeezed {
                    while next < offset {
                        bytes.extend_from_slice(prow);
                        next += 16;
                    }
                }
                assert_eq!(offset, next, "rows are consecutive: {line:?}");
            }
        }
        squeezed = false;
        bytes.extend_from_slice(&row);
        prev = Some((offset, row));
    }
    assert!(!squeezed, "a dump does not end in '*'");
    (first.unwrap_or(0), bytes)
}

/// A file with runs of identical rows between random ones.
fn file_with_runs() -> Vec<u8> {
    let mut bytes = random_bytes(40, 7);
    bytes.extend_from_slice(&[0; 16 * 6]);
    bytes.extend_from_slice(&random_bytes(16 * 3, 8));
    bytes.extend_from_slice(&[b'A'; 16 * 10]);
    bytes.extend_from_slice(b"tail");
    bytes
}

mod xxd_format {
    use super::*;

    #[test]
    fn xxd_format_matches_xxd_on_an_empty_file() {
        let (_dir, path) = file_with(b"");
        assert_same_as_xxd(&path, &[], &[]);
        assert_eq!(hexbuf(["dump", "--format", "xxd", arg(&path)]).ok(), "");
    }

    #[test]
    fn xxd_format_matches_xxd_on_files_around_a_row_length() {
        for len in [1, 2, 3, 15, 16, 17, 31, 32, 33, 47, 48, 49] {
            let (_dir, path) = file_with(&random_bytes(len, len as u64));
            assert_same_as_xxd(&path, &[], &[]);
        }
    }

    #[test]
    fn xxd_format_matches_xxd_on_every_byte_value() {
        let all: Vec<u8> = (0..=255).collect();
        let (_dir, path) = file_with(&all);
        assert_same_as_xxd(&path, &[], &[]);
        // Every byte value in every column and at both ends of a group.
        let shifted: Vec<u8> = (0..256 * 17).map(|i| (i % 257) as u8).collect();
        let (_dir, path) = file_with(&shifted);
        assert_same_as_xxd(&path, &[], &[]);
    }

    #[test]
    fn xxd_format_matches_xxd_on_100k_of_random_bytes_with_zero_runs() {
        let mut bytes = random_bytes(100 * 1024, 42);
        // xxd does not squeeze repeated rows by default; neither may we.
        bytes[4096..4096 + 512].fill(0);
        bytes[50_000..50_100].fill(b' ');
        let (_dir, path) = file_with(&bytes);
        assert_same_as_xxd(&path, &[], &[]);
    }

    #[test]
    fn xxd_format_matches_xxd_on_a_real_binary() {
        let (path, _) = real_binary();
        assert_same_as_xxd(&path, &[], &[]);
    }

    #[test]
    fn xxd_format_matches_xxd_on_a_pseudo_file_that_reports_size_0() {
        let path = Path::new("/proc/version");
        assert_eq!(fs::metadata(path).unwrap().len(), 0);
        assert_same_as_xxd(path, &[], &[]);
    }

    #[test]
    fn xxd_format_matches_xxd_on_offsets_past_4_gib() {
        // A sparse file: 4 GiB of holes cost no disk.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sparse.bin");
        let file = fs::File::create(&path).unwrap();
        file.set_len((1 << 32) + 40).unwrap();
        std::os::unix::fs::FileExt::write_all_at(&file, b"HELLO past 4 GiB", (1 << 32) - 6)
            .unwrap();
        assert_same_as_xxd(
            &path,
            &["--at", "0xffffffe0", "--len", "64"],
            &["-s", "0xffffffe0", "-l", "64"],
        );
        assert_same_as_xxd(&path, &["--at", "4294967286"], &["-s", "4294967286"]);
    }

    #[test]
    fn xxd_format_with_at_and_len_matches_xxd_seek_and_length() {
        let bytes = random_bytes(1000, 3);
        let (_dir, path) = file_with(&bytes);
        let cases: &[(&str, &str, &str, &str)] = &[
            // (hexbuf --at, hexbuf --len, xxd -s, xxd -l)
            ("0", "0", "0", "0"),
            ("0", "1", "0", "1"),
            ("1", "15", "1", "15"),
            ("5", "17", "5", "17"),
            ("16", "16", "16", "16"),
            ("0x11", "100", "17", "100"),
            ("999", "10", "999", "10"),
            ("3", "5000", "3", "5000"),
            ("0x100", "1K", "256", "1024"),
        ];
        for &(at, len, s, l) in cases {
            assert_same_as_xxd(&path, &["--at", at, "--len", len], &["-s", s, "-l", l]);
        }
        for (at, s) in [("7", "7"), ("0x3e7", "999"), ("1000", "1000")] {
            assert_same_as_xxd(&path, &["--at", at], &["-s", s]);
        }
        for (len, l) in [("1", "1"), ("33", "33")] {
            assert_same_as_xxd(&path, &["--len", len], &["-l", l]);
        }
    }

    #[test]
    fn xxd_format_of_stdin_matches_xxd() {
        let bytes = random_bytes(777, 9);
        let (_dir, path) = file_with(&bytes);
        let ours = hexbuf_with(["dump", "--format", "xxd", "-"], |c| {
            c.write_stdin(bytes.clone());
        });
        assert_eq!(ours.ok().into_bytes(), xxd([arg(&path)]));
    }
}

mod pretty {
    use super::*;

    fn dump(path: &Path, args: &[&str]) -> String {
        let mut all = vec!["dump"];
        all.extend(args);
        all.push(arg(path));
        hexbuf(all).ok()
    }

    /// Runs `hexbuf dump` in a pseudo-terminal (util-linux `script`).
    fn dump_in_terminal(path: &Path, args: &str, no_color: Option<&str>) -> String {
        dump_in_terminal_as(path, args, no_color, "xterm-256color")
    }

    /// Runs `hexbuf dump` in a pseudo-terminal that says it is `term`.
    fn dump_in_terminal_as(path: &Path, args: &str, no_color: Option<&str>, term: &str) -> String {
        let command = format!("'{}' dump {args} '{}'", bin().display(), path.display());
        let mut cmd = StdCommand::new("script");
        cmd.args(["-qec", &command, "/dev/null"])
            .stdin(Stdio::null())
            .env("TERM", term)
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let out = cmd
            .output()
            .expect("util-linux `script` runs (it gives the dump a terminal)");
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("00000000  "), "the dump ran: {text:?}");
        text
    }

    #[test]
    fn pretty_without_colour_shows_every_byte_once_in_order() {
        let all: Vec<u8> = (0..=255).rev().chain(0..=255).collect();
        let (_dir, path) = file_with(&all);
        let text = dump(&path, &["--color", "never", "--no-squeeze"]);
        assert!(!text.contains('\x1b'), "no escapes: {text:?}");
        assert_eq!(read_pretty(&text), (0, all));
    }

    #[test]
    fn pretty_color_always_is_the_plain_dump_plus_colour_codes() {
        let all: Vec<u8> = (0..=255).chain(*b"\x1b[31m\x9b2J").collect();
        let (_dir, path) = file_with(&all);
        let plain = dump(&path, &["--color", "never"]);
        let coloured = dump(&path, &["--color", "always"]);
        assert!(coloured.contains("\x1b["), "colour codes: {coloured:?}");
        assert_ne!(plain, coloured);
        // strip_sgr panics on any escape that is not a colour code, so no
        // data byte reaches the terminal raw.
        assert_eq!(strip_sgr(&coloured), plain);
        assert!(!coloured.contains('\u{9b}'), "no raw C1 CSI");
    }

    #[test]
    fn pretty_auto_is_plain_into_a_pipe() {
        let (_dir, path) = file_with(b"Robin\0\x01\xff\n");
        let text = dump(&path, &[]);
        assert!(!text.contains('\x1b'), "{text:?}");
        assert_eq!(text, dump(&path, &["--color", "never"]));
    }

    #[test]
    fn pretty_auto_colours_a_terminal_unless_no_color_is_set() {
        let (_dir, path) = file_with(b"Robin\0\x01\xff\n");
        assert!(dump_in_terminal(&path, "", None).contains("\x1b["));
        assert!(!dump_in_terminal(&path, "", Some("1")).contains('\x1b'));
        // An empty NO_COLOR counts as unset (no-color.org).
        assert!(dump_in_terminal(&path, "", Some("")).contains("\x1b["));
        assert!(!dump_in_terminal(&path, "--color never", None).contains('\x1b'));
    }

    #[test]
    fn pretty_auto_is_plain_on_a_dumb_terminal() {
        let (_dir, path) = file_with(b"Robin\0\x01\xff\n");
        let dumb = dump_in_terminal_as(&path, "", None, "dumb");
        assert!(!dumb.contains('\x1b'), "{dumb:?}");
        assert!(dump_in_terminal_as(&path, "", None, "xterm").contains("\x1b["));
        let forced = dump_in_terminal_as(&path, "--color always", None, "dumb");
        assert!(forced.contains("\x1b["), "--color always still colours");
    }

    #[test]
    fn pretty_color_always_wins_over_no_color() {
        let (_dir, path) = file_with(b"Robin");
        let text = hexbuf_with(["dump", "--color", "always", arg(&path)], |c| {
            c.env("NO_COLOR", "1");
        })
        .ok();
        assert!(text.contains("\x1b["), "{text:?}");
    }

    #[test]
    fn pretty_squeezes_repeated_rows_into_a_star() {
        let bytes = file_with_runs();
        let (_dir, path) = file_with(&bytes);
        let squeezed = dump(&path, &["--color", "never"]);
        let full = dump(&path, &["--color", "never", "--no-squeeze"]);
        assert_eq!(
            squeezed.lines().filter(|l| *l == "*").count(),
            2,
            "{squeezed}"
        );
        assert!(!full.lines().any(|l| l == "*"), "{full}");
        assert_eq!(full.lines().count(), bytes.len().div_ceil(16));
        assert!(squeezed.lines().count() < full.lines().count());
        assert_eq!(read_pretty(&squeezed), (0, bytes.clone()));
        assert_eq!(read_pretty(&full), (0, bytes));
    }

    #[test]
    fn pretty_squeeze_keeps_the_last_row_of_an_all_zero_file() {
        let (_dir, path) = file_with(&[0; 64]);
        let text = dump(&path, &["--color", "never"]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[1], "*");
        assert!(lines[2].starts_with("00000030  00"), "{text}");
    }

    #[test]
    fn pretty_at_and_len_show_those_bytes_at_their_offsets() {
        let bytes = random_bytes(300, 11);
        let (_dir, path) = file_with(&bytes);
        for (at, len) in [(0usize, 1usize), (5, 17), (16, 32), (0x101, 1000), (299, 1)] {
            let text = dump(
                &path,
                &[
                    "--color",
                    "never",
                    "--at",
                    &at.to_string(),
                    "--len",
                    &len.to_string(),
                ],
            );
            let end = (at + len).min(bytes.len());
            assert_eq!(
                read_pretty(&text),
                (at as u64, bytes[at..end].to_vec()),
                "--at {at} --len {len}"
            );
        }
    }

    #[test]
    fn dump_at_the_very_end_prints_nothing() {
        let (_dir, path) = file_with(b"hello");
        assert_eq!(dump(&path, &["--at", "5"]), "");
        assert_eq!(dump(&path, &["--format", "xxd", "--at", "5"]), "");
        let (_dir, empty) = file_with(b"");
        assert_eq!(dump(&empty, &[]), "");
    }

    #[test]
    fn dump_at_past_the_end_is_a_one_line_error() {
        let (_dir, path) = file_with(b"hello");
        for format in ["pretty", "xxd"] {
            for at in ["6", "0x100"] {
                let run = hexbuf(["dump", "--format", format, "--at", at, arg(&path)]);
                assert_one_line_error(&run, &[&path.display().to_string()]);
            }
        }
    }
}

mod broken_pipe {
    use super::*;

    /// Runs hexbuf, reads one line of its output, closes the pipe, and
    /// returns how it ended.
    pub(crate) fn read_one_line_then_close(args: &[&str]) -> Run {
        let mut child = StdCommand::new(bin())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("0"), "a first line was printed: {line:?}");
        drop(reader);
        Run::from_output(child.wait_with_output().unwrap())
    }

    #[test]
    fn dump_into_a_closed_pipe_exits_0_silently() {
        // Several MiB of output: far more than a pipe holds.
        let (_dir, path) = file_with(&random_bytes(2 << 20, 5));
        for format in ["xxd", "pretty"] {
            let run = read_one_line_then_close(&["dump", "--format", format, arg(&path)]);
            assert_eq!(run.code, Some(0), "--format {format}: {run:?}");
            assert_eq!(run.stderr, "", "--format {format}");
        }
    }
}
pub(crate) use broken_pipe::read_one_line_then_close;

/// Under `ulimit -v` too small to map the file, hexbuf reads it through
/// pread instead of failing: the dump of a range far into a 1 GiB sparse
/// file equals xxd's, and inspect reads the bytes there.
#[test]
fn a_file_too_large_to_map_under_ulimit_v_is_read_through_pread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sparse.bin");
    let f = fs::File::create(&path).unwrap();
    f.set_len(1 << 30).unwrap();
    std::os::unix::fs::FileExt::write_all_at(&f, b"HELLO", 0x3000_0000).unwrap();
    drop(f);
    let limited = |args: &str| {
        tool(
            "sh",
            [
                "-c",
                &format!("ulimit -v 400000 && exec \"$0\" {args} \"$1\""),
                bin().to_str().unwrap(),
                arg(&path),
            ],
        )
    };
    let out = limited("dump --format xxd --at 0x2ffffff0 --len 48");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        out.stdout,
        xxd(["-s", "0x2ffffff0", "-l", "48", arg(&path)]),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = limited("inspect --json --at 0x30000000");
    assert!(out.status.success(), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["u32be"], u32::from_be_bytes(*b"HELL"));
}
