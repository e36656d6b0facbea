//! `hexbuf patch`: the bytes on disk read back independently, and every
//! refusal or failure leaving the file byte-identical with nothing beside it.

use super::*;

use std::fs::{File, FileTimes, Permissions};
use std::os::unix::fs::{PermissionsExt, symlink};
use std::time::SystemTime;

/// `bytes` with `new` written over them at `at`.
fn spliced(bytes: &[u8], at: usize, new: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at..at + new.len()].copy_from_slice(new);
    out
}

fn patch(path: &Path, at: &str, data: &[&str]) -> Run {
    let mut args = vec!["patch", arg(path), "--at", at];
    args.extend(data);
    hexbuf(args)
}

/// A file whose mtime is set far in the past, so that any write shows.
fn old_file_with(bytes: &[u8]) -> (TempDir, PathBuf, SystemTime) {
    let (dir, path) = file_with(bytes);
    let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_times(FileTimes::new().set_modified(past).set_accessed(past))
        .unwrap();
    (dir, path, past)
}

/// Asserts that a refused patch left the file as it was (its mtime too,
/// when given), and nothing else in its directory.
#[track_caller]
fn assert_untouched(dir: &Path, path: &Path, bytes: &[u8], mtime: impl Into<Option<SystemTime>>) {
    assert_eq!(fs::read(path).unwrap(), bytes, "the file is byte-identical");
    if let Some(mtime) = mtime.into() {
        assert_eq!(
            fs::metadata(path).unwrap().modified().unwrap(),
            mtime,
            "mtime unchanged"
        );
    }
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(dir_names(dir), [name], "no temporary files left");
}

mod writes {
    use super::*;

    #[test]
    fn hex_is_written_in_any_spelling() {
        let bytes = random_bytes(64, 1);
        let (_dir, path) = file_with(&bytes);
        let mut want = bytes.clone();
        for (at, hex, new) in [
            ("0", "deadbeef", &[0xde, 0xad, 0xbe, 0xef][..]),
            ("0x10", "de ad be ef", &[0xde, 0xad, 0xbe, 0xef]),
            ("33", "DE:AD", &[0xde, 0xad]),
            ("63", "00", &[0x00]),
        ] {
            patch(&path, at, &["--hex", hex]).ok();
            let at = if let Some(h) = at.strip_prefix("0x") {
                usize::from_str_radix(h, 16).unwrap()
            } else {
                at.parse().unwrap()
            };
            want = spliced(&want, at, new);
            assert_eq!(fs::read(&path).unwrap(), want, "--hex {hex:?} at {at}");
        }
    }

    #[test]
    fn text_is_written_as_utf8() {
        let bytes = vec![b'.'; 32];
        let (_dir, path) = file_with(&bytes);
        patch(&path, "4", &["--text", "héllo €"]).ok();
        assert_eq!(
            fs::read(&path).unwrap(),
            spliced(&bytes, 4, "héllo €".as_bytes())
        );
    }

    #[test]
    fn every_value_type_is_written_in_its_byte_order() {
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("u8:0xff", vec![0xff]),
            ("u8:72", vec![72]),
            ("i8:-128", (-128i8).to_le_bytes().to_vec()),
            ("u16le:0x1234", 0x1234u16.to_le_bytes().to_vec()),
            ("u16be:0x1234", 0x1234u16.to_be_bytes().to_vec()),
            ("i16le:-2", (-2i16).to_le_bytes().to_vec()),
            ("i16be:-32768", i16::MIN.to_be_bytes().to_vec()),
            ("u32le:0xdeadbeef", 0xdead_beefu32.to_le_bytes().to_vec()),
            ("u32be:4294967295", u32::MAX.to_be_bytes().to_vec()),
            ("i32le:-123456789", (-123_456_789i32).to_le_bytes().to_vec()),
            ("i32be:2147483647", i32::MAX.to_be_bytes().to_vec()),
            (
                "u64le:18446744073709551615",
                u64::MAX.to_le_bytes().to_vec(),
            ),
            (
                "u64be:0x0102030405060708",
                0x0102_0304_0506_0708u64.to_be_bytes().to_vec(),
            ),
            (
                "i64le:-9223372036854775808",
                i64::MIN.to_le_bytes().to_vec(),
            ),
            ("i64be:-1", (-1i64).to_be_bytes().to_vec()),
            ("f32le:1.5", 1.5f32.to_le_bytes().to_vec()),
            ("f32be:-0.1", (-0.1f32).to_be_bytes().to_vec()),
            ("f32le:inf", f32::INFINITY.to_le_bytes().to_vec()),
            (
                "f64le:3.141592653589793",
                std::f64::consts::PI.to_le_bytes().to_vec(),
            ),
            ("f64be:-1e300", (-1e300f64).to_be_bytes().to_vec()),
            ("f64be:-inf", f64::NEG_INFINITY.to_be_bytes().to_vec()),
        ];
        let bytes = random_bytes(24, 2);
        for (value, new) in cases {
            let (_dir, path) = file_with(&bytes);
            patch(&path, "8", &["--value", value]).ok();
            assert_eq!(
                fs::read(&path).unwrap(),
                spliced(&bytes, 8, &new),
                "--value {value}"
            );
        }
    }

    #[test]
    fn expect_that_matches_lets_the_patch_through() {
        let (_dir, path) = file_with(b"hello world");
        patch(
            &path,
            "6",
            &["--text", "there", "--expect", "77 6f 72 6c 64"],
        )
        .ok();
        assert_eq!(fs::read(&path).unwrap(), b"hello there");
        // --expect may check fewer bytes than are written.
        patch(&path, "0", &["--hex", "4a45", "--expect", "68"]).ok();
        assert_eq!(fs::read(&path).unwrap(), b"JEllo there");
    }

    #[test]
    fn patch_through_a_symlink_changes_the_target_and_keeps_the_link() {
        let (dir, path) = file_with(b"abcdef");
        let link = dir.path().join("link");
        symlink(&path, &link).unwrap();
        patch(&link, "2", &["--hex", "5859"]).ok();
        assert_eq!(fs::read(&path).unwrap(), b"abXYef");
        let meta = fs::symlink_metadata(&link).unwrap();
        assert!(meta.file_type().is_symlink(), "the link stays a link");
        assert_eq!(fs::read_link(&link).unwrap(), path);
        assert_eq!(dir_names(dir.path()), ["data.bin", "link"]);
    }

    #[test]
    fn patch_keeps_permissions_owner_and_inode() {
        for mode in [0o600, 0o640, 0o604, 0o755, 0o444] {
            let (dir, path) = file_with(b"abcdef");
            fs::set_permissions(&path, Permissions::from_mode(mode)).unwrap();
            let before = fs::metadata(&path).unwrap();
            patch(&path, "0", &["--text", "Z"]).ok();
            let after = fs::metadata(&path).unwrap();
            assert_eq!(fs::read(&path).unwrap(), b"Zbcdef", "mode {mode:o}");
            assert_eq!(after.mode() & 0o7777, mode, "mode {mode:o} kept");
            assert_eq!(
                (after.uid(), after.gid(), after.ino()),
                (before.uid(), before.gid(), before.ino())
            );
            assert_eq!(dir_names(dir.path()), ["data.bin"]);
        }
    }
}

mod refusals {
    use super::*;

    #[test]
    fn expect_mismatch_exits_2_and_changes_nothing() {
        let bytes = b"hello world".to_vec();
        let (dir, path, mtime) = old_file_with(&bytes);
        let run = patch(
            &path,
            "6",
            &["--text", "there", "--expect", "77 6f 72 6c 65"],
        );
        assert_one_line_error(&run, &[arg(&path)]);
        assert_untouched(dir.path(), &path, &bytes, mtime);
        // Expecting bytes past the end is a mismatch too.
        let run = patch(&path, "8", &["--hex", "00", "--expect", "726c6400"]);
        assert_one_line_error(&run, &[arg(&path)]);
        assert_untouched(dir.path(), &path, &bytes, mtime);
    }

    #[test]
    fn offset_at_or_past_the_end_is_refused() {
        let bytes = random_bytes(10, 3);
        let (dir, path, mtime) = old_file_with(&bytes);
        for at in ["10", "11", "0xffffffff"] {
            let run = patch(&path, at, &["--hex", "00"]);
            assert_one_line_error(&run, &[arg(&path)]);
            assert_untouched(dir.path(), &path, &bytes, mtime);
        }
    }

    #[test]
    fn data_running_past_the_end_is_refused_and_never_grows_the_file() {
        let bytes = random_bytes(10, 4);
        let (dir, path, mtime) = old_file_with(&bytes);
        for (at, data) in [
            ("9", ["--hex", "0011"]),
            ("0", ["--text", "eleven char"]),
            ("6", ["--value", "u64le:1"]),
        ] {
            let run = patch(&path, at, &data);
            assert_one_line_error(&run, &[arg(&path)]);
            assert_untouched(dir.path(), &path, &bytes, mtime);
        }
    }

    #[test]
    fn bad_hex_is_refused_naming_the_option() {
        let bytes = random_bytes(10, 5);
        let (dir, path, mtime) = old_file_with(&bytes);
        for (option, hex) in [
            ("--hex", "zz"),
            ("--hex", "abc"),
            ("--hex", "??"),
            ("--hex", ""),
            ("--expect", "0g"),
        ] {
            let data = if option == "--hex" {
                vec!["--hex", hex]
            } else {
                vec!["--hex", "00", option, hex]
            };
            let run = patch(&path, "0", &data);
            assert_one_line_error(&run, &[option]);
            assert_untouched(dir.path(), &path, &bytes, mtime);
        }
    }

    #[test]
    fn out_of_range_values_are_refused_never_wrapped() {
        let bytes = random_bytes(16, 6);
        let (dir, path, mtime) = old_file_with(&bytes);
        for value in [
            "u8:256",
            "u8:-1",
            "i8:-129",
            "i8:128",
            "u16le:65536",
            "i16be:-32769",
            "u32be:0x100000000",
            "i32le:2147483648",
            "u64le:18446744073709551616",
            "i64be:9223372036854775808",
            "f32le:1e39",
            "f32be:-3.5e38",
            "f64le:1e309",
            "u8:1.5",
        ] {
            let run = patch(&path, "0", &["--value", value]);
            let number = value.split_once(':').unwrap().1;
            assert_one_line_error(&run, &["--value", number]);
            assert_untouched(dir.path(), &path, &bytes, mtime);
        }
    }

    #[test]
    fn missing_file_is_refused_and_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nothing.bin");
        let run = patch(&path, "0", &["--hex", "00"]);
        assert_one_line_error(&run, &[arg(&path)]);
        assert!(!path.exists());
        assert!(dir_names(dir.path()).is_empty());
    }

    #[test]
    fn directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let run = patch(dir.path(), "0", &["--hex", "00"]);
        assert_one_line_error(&run, &[arg(dir.path())]);
        assert!(dir_names(dir.path()).is_empty());
    }

    #[test]
    fn stdin_dash_is_refused_even_with_a_file_named_dash() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("-"), b"abc").unwrap();
        let run = hexbuf_with(["patch", "-", "--at", "0", "--hex", "00"], |c| {
            c.current_dir(dir.path()).write_stdin("abc");
        });
        assert_one_line_error(&run, &["-"]);
        assert_eq!(fs::read(dir.path().join("-")).unwrap(), b"abc");
    }
}

mod failures {
    use super::*;

    #[test]
    fn unwritable_file_is_refused_without_a_trace() {
        assert!(
            running_as_root(),
            "this test drops from root to nobody: run the suite as root"
        );
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), Permissions::from_mode(0o777)).unwrap();
        let bytes = random_bytes(4096, 7);
        let path = dir.path().join("data.bin");
        fs::write(&path, &bytes).unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o644)).unwrap();
        let mtime = fs::metadata(&path).unwrap().modified().unwrap();
        let as_nobody = |args: &[&str]| {
            let mut all = vec![
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                bin().to_str().unwrap(),
            ];
            all.extend(args);
            Run::from_output(tool("setpriv", all))
        };
        // nobody can run hexbuf and read the file: only the write is refused.
        let dumped = as_nobody(&["dump", "--format", "xxd", arg(&path)]);
        assert_eq!(dumped.ok().into_bytes(), xxd([arg(&path)]));
        for (at, hex) in [("0", "00"), ("4000", "01020304")] {
            let run = as_nobody(&["patch", arg(&path), "--at", at, "--hex", hex]);
            assert_one_line_error(&run, &[arg(&path)]);
            assert!(
                run.stderr.to_lowercase().contains("permission denied"),
                "{}",
                run.stderr
            );
            assert_untouched(dir.path(), &path, &bytes, mtime);
        }
    }

    #[test]
    fn unwritable_file_error_states_its_cause_once() {
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), Permissions::from_mode(0o777)).unwrap();
        let path = dir.path().join("data.bin");
        fs::write(&path, b"abc").unwrap();
        let mut args = vec![
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            bin().to_str().unwrap(),
        ];
        args.extend(["patch", arg(&path), "--at", "0", "--hex", "00"]);
        let run = Run::from_output(tool("setpriv", args));
        assert_one_line_error(&run, &[arg(&path)]);
        assert_eq!(run.stderr.matches("os error").count(), 1, "{}", run.stderr);
    }

    /// The size `ulimit -f 1` allows in `sh`: 512 or 1024 bytes, found by
    /// writing past it.
    fn ulimit_block() -> usize {
        let dir = tempfile::tempdir().unwrap();
        let probe = dir.path().join("probe");
        let script = format!(
            "trap '' XFSZ; ulimit -f 1; head -c 8192 /dev/zero > '{}'",
            probe.display()
        );
        tool("sh", ["-c", &script]);
        let size = fs::metadata(&probe).unwrap().len() as usize;
        assert!(
            size == 512 || size == 1024,
            "ulimit -f 1 allowed {size} bytes"
        );
        size
    }

    #[test]
    fn disk_full_leaves_the_file_byte_identical() {
        let block = ulimit_block();
        let bytes = random_bytes(8 * block, 8);
        let (dir, path, mtime) = old_file_with(&bytes);
        for (at, hex, mtime) in [
            // Wholly past the limit: the first write fails, nothing changes.
            (4 * block, "00112233", Some(mtime)),
            // Across the limit: part is written, then it must be put back
            // (which touches the mtime, but not the bytes).
            (block - 2, "0011223344", None),
        ] {
            let script = format!(
                "trap '' XFSZ; ulimit -f 1; exec '{}' patch '{}' --at {at} --hex {hex}",
                bin().display(),
                path.display()
            );
            let run = Run::from_output(tool("sh", ["-c", &script]));
            assert_one_line_error(&run, &[arg(&path)]);
            assert_untouched(dir.path(), &path, &bytes, mtime);
        }
    }
}

/// `patch --json`: `{"offset": N, "old": "hex", "new": "hex"}`, parsed with
/// serde_json and checked against the file read before and after.
mod json {
    use super::*;

    use serde_json::Value as Json;

    /// Lowercase hex without spaces, written independently of hexbuf.
    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn reports_the_offset_and_the_bytes_before_and_after() {
        let bytes = random_bytes(4096, 21);
        let (_dir, path) = file_with(&bytes);
        for (at, data, new) in [
            (
                "0",
                vec!["--hex", "DE AD be ef"],
                vec![0xde, 0xad, 0xbe, 0xef],
            ),
            ("0xff0", vec!["--text", "Hé"], "Hé".as_bytes().to_vec()),
            ("4095", vec!["--value", "u8:7"], vec![7]),
            ("100", vec!["--value", "i16be:-2"], vec![0xff, 0xfe]),
        ] {
            let before = fs::read(&path).unwrap();
            let mut args = data.clone();
            args.push("--json");
            let out = patch(&path, at, &args).ok();
            let json: Json = serde_json::from_str(&out).expect("one JSON value");
            assert_eq!(out.matches('\n').count(), 1, "one line: {out:?}");
            let offset = parse_offset(at);
            let after = fs::read(&path).unwrap();
            assert_eq!(after, spliced(&before, offset, &new), "{at} {data:?}");
            let obj = json.as_object().expect("an object");
            let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
            assert_eq!(keys, ["offset", "old", "new"], "{json}");
            assert_eq!(json["offset"].as_u64(), Some(offset as u64), "an integer");
            assert_eq!(json["old"], hex(&before[offset..offset + new.len()]));
            assert_eq!(json["new"], hex(&new));
        }
    }

    fn parse_offset(text: &str) -> usize {
        match text.strip_prefix("0x") {
            Some(hex) => usize::from_str_radix(hex, 16).unwrap(),
            None => text.parse().unwrap(),
        }
    }

    #[test]
    fn with_expect_old_is_what_was_expected() {
        let (_dir, path) = file_with(b"\x89PNG\r\n\x1a\n");
        let out = patch(
            &path,
            "1",
            &["--text", "JPG", "--expect", "50 4e 47", "--json"],
        )
        .ok();
        let json: Json = serde_json::from_str(&out).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"offset": 1, "old": "504e47", "new": "4a5047"})
        );
        assert_eq!(fs::read(&path).unwrap(), b"\x89JPG\r\n\x1a\n");
    }

    #[test]
    fn a_refusal_prints_no_json_and_changes_nothing() {
        let bytes = b"0123456789".to_vec();
        let (dir, path, mtime) = old_file_with(&bytes);
        let run = patch(&path, "2", &["--hex", "ffff", "--expect", "0000", "--json"]);
        assert_one_line_error(&run, &["data.bin", "expected 00 00"]);
        assert_untouched(dir.path(), &path, &bytes, mtime);
        let run = patch(&path, "9", &["--hex", "ffff", "--json"]);
        assert_one_line_error(&run, &["data.bin", "past the end"]);
        assert_untouched(dir.path(), &path, &bytes, mtime);
    }
}
