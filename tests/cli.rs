//! Command-line integration tests: the real `hexbuf` binary against the
//! contracts of DESIGN.md, checked against independent references — the
//! real `xxd`, `from_le_bytes`/`from_be_bytes` on the raw file, a naive
//! search — never against hexbuf's own code.
//!
//! The helpers live here; the tests are grouped by subcommand in `cli/`.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};
use std::time::Duration;

use tempfile::TempDir;

#[path = "cli/color.rs"]
mod color;
#[path = "cli/config.rs"]
mod config;
#[path = "cli/diff.rs"]
mod diff;
#[path = "cli/dump.rs"]
mod dump;
#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/find.rs"]
mod find;
#[path = "cli/inspect.rs"]
mod inspect;
#[path = "cli/manual.rs"]
mod manual;
#[path = "cli/parse.rs"]
mod parse;
#[path = "cli/patch.rs"]
mod patch;
#[path = "cli/strings.rs"]
mod strings;

/// The binary under test.
fn bin() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("hexbuf")
}

/// What a finished command left behind.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn from_output(out: Output) -> Self {
        Run {
            code: out.status.code(),
            stdout: out.stdout,
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    /// Asserts exit 0 and an empty stderr; returns stdout as text.
    #[track_caller]
    fn ok(&self) -> String {
        assert_eq!(self.code, Some(0), "expected success: {self:?}");
        assert!(self.stderr.is_empty(), "stderr: {}", self.stderr);
        self.stdout_text()
    }
}

/// Runs hexbuf with `args` (stdin empty, a time limit so that a hang fails
/// instead of blocking the suite).
fn hexbuf<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    hexbuf_with(args, |_| {})
}

/// Like [`hexbuf`], after `setup` has adjusted the command (env, cwd, stdin).
fn hexbuf_with<I, S>(args: I, setup: impl FnOnce(&mut assert_cmd::Command)) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = assert_cmd::Command::new(bin());
    cmd.args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .timeout(Duration::from_secs(20));
    setup(&mut cmd);
    Run::from_output(cmd.output().expect("hexbuf runs"))
}

/// Runs a helper program (xxd, sh, setpriv, script). A missing program
/// fails the test: nothing is skipped.
fn tool<I, S>(program: &str, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    StdCommand::new(program)
        .args(args)
        .stdin(Stdio::null())
        .env_remove("NO_COLOR")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (is it installed?): {e}"))
}

/// The real `xxd` with `args`; its stdout.
fn xxd<I, S>(args: I) -> Vec<u8>
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = tool("xxd", args);
    assert!(out.status.success(), "xxd failed: {out:?}");
    out.stdout
}

/// Asserts the error contract: exit 2, nothing on stdout, exactly one line
/// on stderr that mentions each of `names`.
#[track_caller]
fn assert_one_line_error(run: &Run, names: &[&str]) {
    assert_eq!(run.code, Some(2), "expected exit 2: {run:?}");
    assert!(
        run.stdout.is_empty(),
        "stdout should be empty: {:?}",
        String::from_utf8_lossy(&run.stdout)
    );
    assert!(
        run.stderr.ends_with('\n') && run.stderr.matches('\n').count() == 1,
        "stderr should be exactly one line: {:?}",
        run.stderr
    );
    for name in names {
        assert!(
            run.stderr.contains(name),
            "stderr should name {name:?}: {:?}",
            run.stderr
        );
    }
}

/// A temporary directory holding one file with `bytes`.
fn file_with(bytes: &[u8]) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.bin");
    fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Deterministic pseudo-random bytes (splitmix64), the same on every run.
fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Pseudo-random bytes drawn from a small alphabet, so that short patterns
/// match often (and overlap).
fn random_from(alphabet: &[u8], len: usize, seed: u64) -> Vec<u8> {
    random_bytes(len, seed)
        .into_iter()
        .map(|b| alphabet[b as usize % alphabet.len()])
        .collect()
}

/// The names in a directory, sorted.
fn dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Whether this process runs as root (a file it creates is owned by uid 0).
fn running_as_root() -> bool {
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

/// A path as a command-line argument (temporary paths are UTF-8).
fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// A real ELF executable to read: /bin/ls.
fn real_binary() -> (PathBuf, Vec<u8>) {
    let path = PathBuf::from("/bin/ls");
    let bytes = fs::read(&path).expect("/bin/ls exists");
    assert!(bytes.starts_with(b"\x7fELF"), "/bin/ls is an ELF file");
    (path, bytes)
}
