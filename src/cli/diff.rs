//! `hexbuf diff A B`: the changes between two files, one line each, then
//! `N changes, M bytes differ`; or `--json`. Exit 0 when the files are
//! identical, 1 when they differ (as `cmp` and `diff`).
//!
//! Without `--align` the changes are streamed as the comparison finds
//! them, so two large files that differ everywhere print without holding
//! the list.

use std::io::{self, BufWriter, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};

use super::args::DiffArgs;
use super::{EXIT_DIFFERENT, open_input};
use crate::core::diff::{Change, diff_aligned, for_each_equal_change};
use crate::core::source::Source;

/// Bytes shown of a change's side before it is shortened.
const SHOW_MAX: u64 = 16;
/// JSON integers beyond this are strings (DESIGN.md).
const TWO_53: u64 = 1 << 53;

pub fn run(args: &DiffArgs) -> Result<ExitCode> {
    if args.a.as_os_str() == "-" && args.b.as_os_str() == "-" {
        return Err(anyhow!("-: A and B cannot both be stdin"));
    }
    let a = open(&args.a)?;
    let b = open(&args.b)?;
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut printer = Printer {
        out: &mut out,
        a: &a,
        b: &b,
        json: args.json,
        context: args.context,
        count: 0,
        differ: 0,
        error: None,
    };
    let mut on_change = |c: Change| match printer.change(&c) {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) => {
            printer.error = Some(e);
            ControlFlow::Break(())
        }
    };
    let mut no_progress = |_| ControlFlow::Continue(());
    if args.align {
        let changes = diff_aligned(&a, &b, &mut no_progress).expect("never cancelled");
        for c in changes {
            if on_change(c).is_break() {
                break;
            }
        }
    } else {
        let _ = for_each_equal_change(&a, &b, &mut no_progress, &mut on_change);
    }
    if let Some(e) = printer.error.take() {
        return Err(e).context("writing the changes");
    }
    printer.finish().context("writing the changes")?;
    let identical = printer.count == 0;
    out.flush().context("writing the changes")?;
    Ok(if identical {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DIFFERENT)
    })
}

fn open(path: &Path) -> Result<Source> {
    let source = open_input(path)?;
    source.advise_sequential();
    Ok(source)
}

struct Printer<'o, 'w> {
    out: &'o mut BufWriter<io::StdoutLock<'w>>,
    a: &'o Source,
    b: &'o Source,
    json: bool,
    context: u64,
    count: u64,
    /// Bytes that differ: the longer side of each change.
    differ: u64,
    error: Option<io::Error>,
}

impl Printer<'_, '_> {
    fn change(&mut self, c: &Change) -> io::Result<()> {
        self.count += 1;
        self.differ += c.len_a.max(c.len_b);
        if self.json {
            let head = if self.count == 1 {
                "{\"identical\": false, \"changes\": [\n  "
            } else {
                ",\n  "
            };
            return write!(
                self.out,
                "{head}{{\"kind\": \"{}\", \"a\": {}, \"b\": {}, \"len_a\": {}, \"len_b\": {}}}",
                c.kind.name(),
                c.a,
                c.b,
                json_int(c.len_a),
                json_int(c.len_b)
            );
        }
        write!(
            self.out,
            "{} a=0x{:x} b=0x{:x} len_a={} len_b={}",
            c.kind.name(),
            c.a,
            c.b,
            c.len_a,
            c.len_b
        )?;
        let left = self.side(self.a, c.a, c.len_a);
        let right = self.side(self.b, c.b, c.len_b);
        // Two spaces, then A's bytes -> B's bytes (a side with none left out).
        let mut line = String::from(" ");
        for part in [left.as_str(), "->", right.as_str()] {
            if !part.is_empty() {
                line.push(' ');
                line.push_str(part);
            }
        }
        writeln!(self.out, "{line}")
    }

    /// One side's bytes: `len` at `at`, with the context around them in
    /// brackets when asked for.
    fn side(&self, src: &Source, at: u64, len: u64) -> String {
        let bytes = |from: u64, n: u64| {
            let mut buf = vec![0; n as usize];
            let got = src.read_at(from, &mut buf);
            buf.truncate(got);
            buf
        };
        let mut text = String::new();
        if self.context > 0 {
            let from = at.saturating_sub(self.context);
            text.push_str(&hex(&bytes(from, at - from)));
            text.push_str(if from < at { " [" } else { "[" });
        }
        if len <= SHOW_MAX {
            text.push_str(&hex(&bytes(at, len)));
        } else {
            let half = SHOW_MAX / 2;
            let head = hex(&bytes(at, half));
            let tail = hex(&bytes(at + len - half, half));
            text.push_str(&format!("{head} ... {tail} ({len} bytes)"));
        }
        if self.context > 0 {
            let after = hex(&bytes(at + len, self.context));
            text.push(']');
            if !after.is_empty() {
                text.push(' ');
                text.push_str(&after);
            }
        }
        text
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.json {
            if self.count == 0 {
                writeln!(self.out, "{{\"identical\": true, \"changes\": []}}")
            } else {
                writeln!(self.out, "\n]}}")
            }
        } else {
            writeln!(
                self.out,
                "{} changes, {} bytes differ",
                self.count, self.differ
            )
        }
    }
}

/// Bytes as lowercase hex pairs separated by spaces.
fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(&format!("{b:02x}"));
    }
    text
}

/// A JSON integer, or a decimal string beyond ±2^53.
fn json_int(n: u64) -> String {
    if n > TWO_53 {
        format!("\"{n}\"")
    } else {
        n.to_string()
    }
}
