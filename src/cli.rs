//! The non-interactive subcommands — dump, inspect, patch, find, parse,
//! diff, strings, completions, man — thin layers over `core`, and the one-line error reporting they
//! share.

pub mod args;
pub mod color;
pub mod config;
pub mod diff;
pub mod dump;
pub mod find;
pub mod inspect;
pub mod manual;
pub mod parse;
pub mod patch;
pub mod strings;

use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};

use crate::core::display::escape_path;
use crate::core::number::parse_hex_bytes;
use crate::core::source::{OpenOptions, PSEUDO_FILE_CAP, Source};
use crate::core::typed::ElemType;
use args::{Command, DataArgs};

/// Exit status: a match was not found (`find`).
pub const EXIT_NO_MATCH: u8 = 1;
/// Exit status: the files differ (`diff`).
pub const EXIT_DIFFERENT: u8 = 1;
/// Exit status: bad usage or bad input.
pub const EXIT_USAGE: u8 = 2;

/// Runs a non-interactive subcommand; the exit code on success. (`learn`
/// is the editor's, dispatched by main.)
pub fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Dump(a) => dump::run(&a),
        Command::Inspect(a) => inspect::run(&a),
        Command::Patch(a) => patch::run(&a),
        Command::Find(a) => find::run(&a),
        Command::Learn(_) => unreachable!("main runs learn in the editor"),
        Command::Parse(a) => parse::run(a),
        Command::Diff(a) => diff::run(&a),
        Command::Strings(a) => strings::run(&a),
        Command::Completions(a) => manual::completions(&a),
        Command::Man => manual::man(),
        Command::Config(a) => config::run(&a),
    }
}

/// Opens FILE for reading, or stdin for '-'.
pub fn open_input(path: &Path) -> Result<Source> {
    if path.as_os_str() == "-" {
        let stdin = io::stdin();
        if stdin.is_terminal() {
            return Err(anyhow!("-: stdin is a terminal; pipe the bytes in"));
        }
        return Source::read_all(stdin.lock(), PSEUDO_FILE_CAP).context("-: reading stdin");
    }
    let source = Source::open(path, OpenOptions::default())?;
    print_open_notices();
    Ok(source)
}

/// Prints, one line each on stderr, what opening files found to put right
/// (an interrupted save rolled back).
pub fn print_open_notices() {
    for notice in crate::core::journal::take_notices() {
        eprintln!("hexbuf: {notice}");
    }
}

/// The bytes that --hex, --text or --value stand for.
pub fn data_bytes(data: &DataArgs) -> Result<Vec<u8>> {
    if let Some(hex) = &data.hex {
        return parse_hex_bytes(hex).context("--hex");
    }
    if let Some(text) = &data.text {
        if text.is_empty() {
            return Err(anyhow!("--text: no text given"));
        }
        return Ok(text.as_bytes().to_vec());
    }
    let value = data.value.as_deref().unwrap_or_default();
    let (ty, number) = parse_typed_value(value)?;
    ty.encode_text(number).context("--value")
}

/// Splits `TYPE:NUMBER` and names the type.
pub fn parse_typed_value(value: &str) -> Result<(ElemType, &str)> {
    let (name, number) = value.split_once(':').ok_or_else(|| {
        anyhow!("--value: '{value}' is not TYPE:NUMBER (for example u8:72 or f32le:1.5)")
    })?;
    let ty = ElemType::parse(name).ok_or_else(|| {
        let names: Vec<String> = ElemType::all_named().map(|t| t.name()).collect();
        anyhow!(
            "--value: '{name}' is not a type (one of {})",
            names.join(" ")
        )
    })?;
    Ok((ty, number))
}

/// Checks that `offset` is inside a file of `len` bytes.
pub fn check_offset(path: &Path, offset: u64, len: u64) -> Result<()> {
    if offset >= len {
        return Err(anyhow!(
            "{}: offset {offset} (0x{offset:x}) is past the end ({len} bytes)",
            escape_path(path)
        ));
    }
    Ok(())
}

/// One line for stderr: the error and its causes (anyhow's `{:#}`),
/// without newlines.
pub fn one_line(err: &anyhow::Error) -> String {
    // Each error names its own cause once: core errors carry the OS error
    // in their text, not as a source, so the chain never repeats it.
    format!("{err:#}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A clap error as one line: its message without the usage block and tips.
pub fn clap_one_line(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let body = rendered
        .split("\n\nUsage:")
        .next()
        .unwrap_or_default()
        .split("\n\nFor more information")
        .next()
        .unwrap_or_default();
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("tip:"))
        .collect();
    let joined = lines.join(" ");
    joined
        .strip_prefix("error: ")
        .unwrap_or(&joined)
        .to_string()
}

/// Whether an error is a closed stdout (`hexbuf dump f | head`), which is a
/// normal way for a reader to stop, not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
