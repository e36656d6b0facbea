//! Every error: exit 2, nothing on stdout, exactly one line on stderr that
//! names the path or argument at fault — for each subcommand it applies to.

use super::*;

use std::os::unix::fs::symlink;

/// Each subcommand reading `path`, with otherwise valid arguments.
fn every_subcommand(path: &str) -> [Vec<&str>; 4] {
    [
        vec!["dump", path],
        vec!["inspect", path, "--at", "0"],
        vec!["patch", path, "--at", "0", "--hex", "00"],
        vec!["find", path, "--hex", "00"],
    ]
}

#[track_caller]
fn assert_every_subcommand_refuses(path: &Path) {
    for args in every_subcommand(arg(path)) {
        let run = hexbuf(&args);
        assert_one_line_error(&run, &[arg(path)]);
    }
}

fn mkfifo(path: &Path) {
    let out = tool("mkfifo", [path]);
    assert!(out.status.success(), "mkfifo: {out:?}");
}

#[test]
fn missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-file");
    assert_every_subcommand_refuses(&path);
    assert!(!path.exists(), "nothing was created");
}

#[test]
fn directory_is_named() {
    let dir = tempfile::tempdir().unwrap();
    assert_every_subcommand_refuses(dir.path());
}

#[test]
fn dev_zero_is_refused_instead_of_read_forever() {
    assert_every_subcommand_refuses(Path::new("/dev/zero"));
}

#[test]
fn fifo_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    // A hang would hit the time limit of `hexbuf` and fail the exit code.
    assert_every_subcommand_refuses(&fifo);
}

#[test]
fn dangling_symlink_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("dangling");
    symlink(dir.path().join("gone"), &link).unwrap();
    assert_every_subcommand_refuses(&link);
    assert!(
        !dir.path().join("gone").exists(),
        "the target was not created"
    );
}

#[test]
fn symlink_loop_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    symlink(&b, &a).unwrap();
    symlink(&a, &b).unwrap();
    assert_every_subcommand_refuses(&a);
}

#[test]
fn offset_past_the_end_names_the_path() {
    let (_dir, path) = file_with(b"0123456789");
    let p = arg(&path);
    for args in [
        vec!["dump", p, "--at", "11"],
        vec!["dump", p, "--format", "xxd", "--at", "0x100"],
        vec!["inspect", p, "--at", "10"],
        vec!["inspect", p, "--at", "18446744073709551615"],
        vec!["patch", p, "--at", "10", "--hex", "00"],
    ] {
        assert_one_line_error(&hexbuf(&args), &[p]);
    }
    assert_eq!(fs::read(&path).unwrap(), b"0123456789");
}

#[test]
fn offset_that_is_not_a_number_names_the_option() {
    let (_dir, path) = file_with(b"0123456789");
    let p = arg(&path);
    for at in ["12xyz", "-1", "0x", "99999999999999999999999"] {
        for args in [
            vec!["dump", p, "--at", at],
            vec!["inspect", p, "--at", at],
            vec!["patch", p, "--at", at, "--hex", "00"],
        ] {
            // clap reads "-1" as a flag of its own, and names that.
            let names: &[&str] = if at == "-1" { &[at] } else { &["--at", at] };
            assert_one_line_error(&hexbuf(&args), names);
        }
    }
    assert_one_line_error(&hexbuf(["dump", p, "--len", "lots"]), &["--len", "lots"]);
}

#[test]
fn bad_hex_names_the_option() {
    let (_dir, path) = file_with(b"0123456789");
    let p = arg(&path);
    for hex in ["zz", "abc", "0x1", "de ad b", "??"] {
        assert_one_line_error(&hexbuf(["patch", p, "--at", "0", "--hex", hex]), &["--hex"]);
        if hex != "??" {
            assert_one_line_error(&hexbuf(["find", p, "--hex", hex]), &["--hex"]);
        }
        assert_one_line_error(
            &hexbuf(["patch", p, "--at", "0", "--hex", "00", "--expect", hex]),
            &["--expect"],
        );
    }
    assert_eq!(fs::read(&path).unwrap(), b"0123456789");
}

#[test]
fn empty_pattern_or_data_names_the_option() {
    let (_dir, path) = file_with(b"0123456789");
    let p = arg(&path);
    for (flag, empty) in [("--hex", ""), ("--hex", " : "), ("--text", "")] {
        assert_one_line_error(&hexbuf(["find", p, flag, empty]), &[flag]);
        assert_one_line_error(&hexbuf(["patch", p, "--at", "0", flag, empty]), &[flag]);
    }
    assert_eq!(fs::read(&path).unwrap(), b"0123456789");
}

#[test]
fn out_of_range_value_names_the_option_and_the_number() {
    let (_dir, path) = file_with(b"0123456789");
    let p = arg(&path);
    for (value, number) in [
        ("u8:256", "256"),
        ("i8:-129", "-129"),
        ("f32le:1e39", "1e39"),
        ("u16be:0x10000", "0x10000"),
    ] {
        for args in [
            vec!["patch", p, "--at", "0", "--value", value],
            vec!["find", p, "--value", value],
        ] {
            assert_one_line_error(&hexbuf(&args), &["--value", number]);
        }
    }
    assert_eq!(fs::read(&path).unwrap(), b"0123456789");
}

#[test]
fn bad_type_in_value_names_the_type() {
    let (_dir, path) = file_with(b"0123456789");
    let p = arg(&path);
    for (value, named) in [
        ("q8:1", "q8"),
        ("u16:1", "u16"),
        ("f16le:1", "f16le"),
        ("u8", "u8"),
        ("u8:", "--value"),
    ] {
        for args in [
            vec!["patch", p, "--at", "0", "--value", value],
            vec!["find", p, "--value", value],
        ] {
            assert_one_line_error(&hexbuf(&args), &["--value", named]);
        }
    }
}

#[test]
fn two_kinds_of_data_together_name_both() {
    let (_dir, path) = file_with(b"0123456789");
    let p = arg(&path);
    for (a, b) in [
        ("--hex", "--text"),
        ("--hex", "--value"),
        ("--text", "--value"),
    ] {
        let value = |flag| if flag == "--value" { "u8:1" } else { "31" };
        for head in [vec!["patch", p, "--at", "0"], vec!["find", p]] {
            let mut args = head.clone();
            args.extend([a, value(a), b, value(b)]);
            assert_one_line_error(&hexbuf(&args), &[a, b]);
        }
    }
    assert_eq!(fs::read(&path).unwrap(), b"0123456789");
}

#[test]
fn missing_required_arguments_are_named() {
    let (_dir, path) = file_with(b"0123456789");
    let p = arg(&path);
    assert_one_line_error(&hexbuf(["inspect", p]), &["--at"]);
    assert_one_line_error(&hexbuf(["patch", p, "--hex", "00"]), &["--at"]);
    assert_one_line_error(&hexbuf(["find", p]), &["--hex", "--text", "--value"]);
    assert_one_line_error(
        &hexbuf(["patch", p, "--at", "0"]),
        &["--hex", "--text", "--value"],
    );
    assert_one_line_error(&hexbuf(["find", p, "--hex"]), &["--hex"]);
}

#[test]
fn unknown_flag_is_named() {
    let (_dir, path) = file_with(b"0123456789");
    let p = arg(&path);
    for args in [
        vec!["--bogus"],
        vec!["dump", "--bogus", p],
        vec!["dump", "--colour", "always", p],
        vec!["inspect", p, "--at", "0", "--bogus"],
        vec!["patch", p, "--at", "0", "--hex", "00", "--bogus"],
        vec!["find", p, "--hex", "00", "--bogus"],
    ] {
        let flag = args
            .iter()
            .find(|a| a.starts_with("--bo") || a.starts_with("--colour"))
            .unwrap();
        assert_one_line_error(&hexbuf(&args), &[flag]);
    }
    assert_one_line_error(
        &hexbuf(["dump", "--format", "hex", p]),
        &["--format", "hex"],
    );
    assert_one_line_error(
        &hexbuf(["dump", "--color", "sometimes", p]),
        &["--color", "sometimes"],
    );
}

#[test]
fn a_path_with_a_newline_and_escapes_is_still_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil\n\x1b]0;pwned\x07name");
    for args in every_subcommand(arg(&path)) {
        let run = hexbuf(&args);
        assert_one_line_error(&run, &["evil", "name"]);
        assert!(
            !run.stderr.contains('\x1b') && !run.stderr.contains('\x07'),
            "{:?}",
            run.stderr
        );
    }
}

#[test]
fn patching_a_kernel_pseudo_file_is_refused() {
    let path = Path::new("/proc/self/comm");
    let run = hexbuf(["patch", arg(path), "--at", "0", "--hex", "41"]);
    assert_one_line_error(&run, &[arg(path)]);
}
