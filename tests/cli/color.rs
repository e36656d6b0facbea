//! The colour conventions for `dump --color auto` (the only subcommand
//! that colours): NO_COLOR (no-color.org), CLICOLOR and CLICOLOR_FORCE
//! (bixense.com/clicolors) and TERM, into a pipe and in a terminal, each
//! variable set alone and against the others.

use super::*;

/// The colour variables, all cleared before each run so that the
/// environment the tests run in cannot decide for them.
const VARS: [&str; 4] = ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"];

/// The output of `hexbuf dump ARGS FILE` into a pipe, with exactly `env`
/// of the colour variables set.
fn dump_piped(path: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut all = vec!["dump"];
    all.extend(args);
    all.push(arg(path));
    hexbuf_with(all, |cmd| {
        for var in VARS {
            cmd.env_remove(var);
        }
        cmd.envs(env.iter().copied());
    })
    .ok()
}

/// The output of `hexbuf dump ARGS FILE` in a pseudo-terminal (util-linux
/// `script`), with exactly `env` of the colour variables set.
fn dump_in_terminal(path: &Path, args: &str, env: &[(&str, &str)]) -> String {
    let command = format!("'{}' dump {args} '{}'", bin().display(), path.display());
    let mut cmd = StdCommand::new("script");
    cmd.args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null());
    for var in VARS {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    let out = cmd.output().expect("util-linux `script` runs");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("00000000  "), "the dump ran: {text:?}");
    text
}

/// Whether the output is coloured; a coloured dump must also be the plain
/// dump plus SGR codes only.
fn coloured(text: &str, plain: &str) -> bool {
    // In a terminal `script` turns "\n" into "\r\n".
    let text = text.replace("\r\n", "\n");
    if !text.contains('\x1b') {
        assert_eq!(text, plain, "without colour codes it is the plain dump");
        return false;
    }
    assert_eq!(super::dump::strip_sgr(&text), plain);
    true
}

const BYTES: &[u8] = b"Robin\0\x01\xff\n\t";

#[test]
fn into_a_pipe_only_clicolor_force_colours() {
    let (_dir, path) = file_with(BYTES);
    let plain = dump_piped(&path, &["--color", "never"], &[]);
    assert!(!plain.contains('\x1b'));
    let cases: &[(&[(&str, &str)], bool)] = &[
        (&[], false),
        (&[("TERM", "xterm-256color")], false),
        // CLICOLOR says colour is supported, for a terminal; not a pipe.
        (&[("CLICOLOR", "1")], false),
        (&[("CLICOLOR_FORCE", "1")], true),
        (&[("CLICOLOR_FORCE", "yes")], true),
        // "CLICOLOR_FORCE != 0": 0 and empty do not force.
        (&[("CLICOLOR_FORCE", "0")], false),
        (&[("CLICOLOR_FORCE", "")], false),
        // Forced "no matter what": CLICOLOR=0 and a dumb TERM too.
        (&[("CLICOLOR_FORCE", "1"), ("CLICOLOR", "0")], true),
        (&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")], true),
        // NO_COLOR outranks it: the variable that turns colour off does.
        (&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false),
        // An empty NO_COLOR is unset (no-color.org).
        (&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")], true),
    ];
    for (env, want) in cases {
        let text = dump_piped(&path, &[], env);
        assert_eq!(coloured(&text, &plain), *want, "{env:?}");
    }
}

#[test]
fn the_command_line_outranks_every_variable() {
    let (_dir, path) = file_with(BYTES);
    let plain = dump_piped(&path, &["--color", "never"], &[]);
    let force = [("CLICOLOR_FORCE", "1"), ("TERM", "xterm")];
    let text = dump_piped(&path, &["--color", "never"], &force);
    assert!(
        !coloured(&text, &plain),
        "--color never beats CLICOLOR_FORCE"
    );
    let off = [("NO_COLOR", "1"), ("CLICOLOR", "0"), ("TERM", "dumb")];
    let text = dump_piped(&path, &["--color", "always"], &off);
    assert!(coloured(&text, &plain), "--color always beats them all");
}

#[test]
fn in_a_terminal_colour_unless_a_variable_says_no() {
    let (_dir, path) = file_with(BYTES);
    let plain = dump_piped(&path, &["--color", "never"], &[]);
    let cases: &[(&[(&str, &str)], bool)] = &[
        (&[("TERM", "xterm-256color")], true),
        (&[("TERM", "xterm"), ("CLICOLOR", "1")], true),
        (&[("TERM", "xterm"), ("CLICOLOR", "0")], false),
        (&[("TERM", "xterm"), ("NO_COLOR", "1")], false),
        (&[("TERM", "xterm"), ("NO_COLOR", "")], true),
        // A dumb terminal shows escape codes as text; so might one that
        // names no TERM at all.
        (&[("TERM", "dumb")], false),
        (&[], false),
        (&[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")], true),
        (
            &[
                ("TERM", "xterm"),
                ("CLICOLOR", "0"),
                ("CLICOLOR_FORCE", "1"),
            ],
            true,
        ),
    ];
    for (env, want) in cases {
        let text = dump_in_terminal(&path, "", env);
        assert_eq!(coloured(&text, &plain), *want, "{env:?}");
    }
    let text = dump_in_terminal(&path, "--color never", &[("TERM", "xterm")]);
    assert!(!coloured(&text, &plain));
}

#[test]
fn subcommands_that_do_not_colour_never_do() {
    // Only dump colours; the others write no escape even when forced.
    let (_dir, path) = file_with(b"Robin Robin\0\0\0\0");
    let other = path.with_file_name("other.bin");
    fs::write(&other, b"Robin Hood\0\0\0\0\0").unwrap();
    let force = |cmd: &mut assert_cmd::Command| {
        cmd.env("CLICOLOR_FORCE", "1").env("TERM", "xterm");
    };
    let p = arg(&path);
    for args in [
        vec!["inspect", p, "--at", "0"],
        vec!["find", p, "--text", "Robin"],
        vec!["strings", p],
        vec!["diff", p, arg(&other)],
        vec!["parse", p, "--ksy", "/nonexistent.ksy"],
    ] {
        let run = hexbuf_with(&args, force);
        assert!(
            !run.stdout.contains(&0x1b) && !run.stderr.contains('\x1b'),
            "{args:?}: {run:?}"
        );
    }
}
