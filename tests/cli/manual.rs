//! `hexbuf completions SHELL` and `hexbuf man`: the bash script sourced in a
//! real bash and driven as bash drives it on TAB; the page rendered by the
//! real man (man-db) and groff.

use super::*;

use std::io::Write as _;

/// Every subcommand DESIGN.md names (besides the editor itself).
const SUBCOMMANDS: [&str; 10] = [
    "dump",
    "inspect",
    "patch",
    "find",
    "learn",
    "parse",
    "strings",
    "diff",
    "completions",
    "man",
];

/// What bash's completion offers for each command line in `lines` (the
/// last word is the one being completed, "" for a fresh word), from the
/// script `hexbuf completions bash` prints, sourced in a real bash.
/// Also returns what `complete -p hexbuf` said.
fn bash_complete(lines: &[&[&str]]) -> (String, Vec<Vec<String>>) {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("hexbuf.bash");
    let out = hexbuf(["completions", "bash"]).ok();
    fs::write(&script, out).unwrap();
    // Bash calls the function with the command name, the word being
    // completed and the word before it, with COMP_WORDS/COMP_CWORD/
    // COMP_LINE/COMP_POINT set; this does the same for each line.
    let mut driver = format!(
        "set -u\nsource '{}'\ncomplete -p hexbuf\n",
        script.display()
    );
    driver.push_str(
        "drive() {\n\
         COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 ))\n\
         COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()\n\
         local prev=''; [ $COMP_CWORD -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}\n\
         _hexbuf hexbuf \"${COMP_WORDS[COMP_CWORD]}\" \"$prev\"\n\
         echo \"@@ ${COMPREPLY[*]}\"\n\
         }\n",
    );
    for words in lines {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        driver.push_str(&format!("drive {}\n", quoted.join(" ")));
    }
    let out = tool("bash", ["--norc", "--noprofile", "-c", &driver]);
    assert!(out.status.success(), "bash failed: {out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (spec, replies) = stdout.split_once("@@").expect("the driver ran");
    let replies = format!("@@{replies}")
        .lines()
        .map(|l| {
            l.strip_prefix("@@")
                .expect("one reply a line")
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (spec.trim().to_string(), replies)
}

#[track_caller]
fn assert_offers(reply: &[String], want: &[&str]) {
    for w in want {
        assert!(reply.iter().any(|r| r == w), "{w} not offered: {reply:?}");
    }
}

#[test]
fn bash_completes_subcommands_options_and_their_values() {
    let (spec, replies) = bash_complete(&[
        &["hexbuf", ""],
        &["hexbuf", "st"],
        &["hexbuf", "dump", "--"],
        &["hexbuf", "dump", "--color", ""],
        &["hexbuf", "patch", "f.bin", "--"],
        &["hexbuf", "completions", ""],
        &["hexbuf", "--keymap", ""],
        &["hexbuf", "strings", "f.bin", "--encoding", "utf"],
    ]);
    assert!(
        spec.contains("-F _hexbuf") && spec.ends_with(" hexbuf"),
        "the script registers a function for hexbuf: {spec:?}"
    );
    assert_offers(&replies[0], &SUBCOMMANDS);
    assert_offers(&replies[0], &["--readonly", "--new", "--keymap", "--at"]);
    assert_eq!(
        replies[1],
        ["strings"],
        "a prefix completes to the one match"
    );
    assert_offers(
        &replies[2],
        &["--color", "--format", "--at", "--len", "--no-squeeze"],
    );
    assert!(
        !replies[2]
            .iter()
            .any(|r| r == "--json" || r == "--readonly"),
        "only dump's own options: {:?}",
        replies[2]
    );
    assert_eq!(replies[3], ["auto", "always", "never"]);
    assert_offers(
        &replies[4],
        &["--json", "--expect", "--hex", "--text", "--value"],
    );
    assert_offers(
        &replies[5],
        &["bash", "zsh", "fish", "elvish", "powershell"],
    );
    assert_eq!(replies[6], ["default", "vi"]);
    assert_eq!(replies[7], ["utf16le", "utf16be"]);
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = hexbuf(["completions", shell]).ok();
        assert!(script.contains("hexbuf"), "{shell}: {script}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} script names {sub}");
        }
    }
    let run = hexbuf(["completions", "tcsh"]);
    assert_one_line_error(&run, &["tcsh"]);
}

/// The page `hexbuf man` prints, rendered by `man -l -` at 80 columns.
fn rendered_man_page() -> String {
    let page = hexbuf(["man"]).ok();
    let mut child = StdCommand::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("man (man-db) runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "man -l failed: {out:?}");
    assert!(out.stderr.is_empty(), "man warned: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The text after the first `start` up to the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let after = text.split_once(start).expect(start).1;
    after.split_once(end).expect(end).0
}

#[test]
fn man_renders_a_page_with_name_synopsis_and_every_subcommand() {
    let text = rendered_man_page();
    let headings: Vec<&str> = text
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .collect();
    for want in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "ENVIRONMENT",
        "EXIT STATUS",
    ] {
        assert!(headings.contains(&want), "{want} in {headings:?}");
    }
    // man justifies the text: compare words, not spaces.
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = words(between(&text, "NAME", "SYNOPSIS"));
    assert!(name.starts_with("hexbuf - A terminal hex editor"), "{name}");
    let synopsis = words(between(&text, "SYNOPSIS", "DESCRIPTION"));
    let commands = text.split("\nCOMMANDS").nth(1).unwrap();
    for sub in SUBCOMMANDS {
        let line = format!("hexbuf {sub} [");
        assert!(synopsis.contains(&line), "{line} in {synopsis}");
        let heading = format!("\n   hexbuf {sub}\n");
        assert!(commands.contains(&heading), "{heading:?} in COMMANDS");
    }
    // Each subcommand's options are under its own heading.
    let dump = commands.split("\n   hexbuf dump\n").nth(1).unwrap();
    let dump = dump.split("\n   hexbuf ").next().unwrap();
    for option in ["--color <COLOR>", "--format <FORMAT>", "--no-squeeze"] {
        assert!(dump.contains(option), "{option} under dump: {dump}");
    }
    for var in ["NO_COLOR", "CLICOLOR_FORCE", "TERM"] {
        assert!(text.contains(var), "{var} in ENVIRONMENT");
    }
}

#[test]
fn man_page_is_clean_roff() {
    let page = hexbuf(["man"]).ok();
    assert!(
        page.starts_with(".ie ") || page.starts_with(".TH "),
        "{page}"
    );
    // groff with every warning on, output discarded: nothing to say.
    let mut child = StdCommand::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("groff runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "groff warnings");
}
