//! `hexbuf find`: every offset where a pattern matches, one per line, as
//! `0x` and lowercase hex, in increasing order; exit 1 when there is none.
//! `--count` prints the number alone, `--json` one object
//! `{"count": N, "matches": [offsets]}` (with both: `{"count": N}`).

use std::fmt;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;

use anyhow::{Context, Result};
use tempfile::SpooledTempFile;

use super::args::FindArgs;
use super::{EXIT_NO_MATCH, data_bytes, open_input};
use crate::core::document::Document;
use crate::core::number::parse_hex_pattern;
use crate::core::search::{Matcher, Pattern, find_all};

/// What is printed for each match and at the end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Lines,
    Count,
    Json,
    JsonCount,
}

pub fn run(args: &FindArgs) -> Result<ExitCode> {
    let pattern = match (&args.data.hex, &args.data.text) {
        (Some(hex), _) => Pattern::masked(&parse_hex_pattern(hex).context("--hex")?),
        (_, Some(text)) if args.ignore_case => Pattern::text(text, false),
        _ => Pattern::bytes(&data_bytes(&args.data)?),
    };
    let output = match (args.count, args.json) {
        (false, false) => Output::Lines,
        (true, false) => Output::Count,
        (false, true) => Output::Json,
        (true, true) => Output::JsonCount,
    };
    let source = open_input(&args.file)?;
    source.advise_sequential();
    let doc = Document::new(source);
    let matcher = Matcher::new(&pattern);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let count = write_matches(&doc, &matcher, output, &mut out).context("writing offsets")?;
    out.flush().context("writing offsets")?;
    Ok(if count == 0 {
        ExitCode::from(EXIT_NO_MATCH)
    } else {
        ExitCode::SUCCESS
    })
}

/// Searches the whole document, writing as `output` says; the number of
/// matches.
fn write_matches(
    doc: &Document,
    matcher: &Matcher,
    output: Output,
    out: &mut impl Write,
) -> io::Result<u64> {
    // --json prints the count first, known only at the end: the offsets are
    // gathered as text, in memory up to a limit and past it in an unnamed
    // temporary file, so a search with billions of matches never holds
    // them all in memory.
    let mut spool = Spool::default();
    let mut count = 0u64;
    let mut error = None;
    let _ = find_all(
        doc,
        matcher,
        0..doc.len(),
        &mut |_| ControlFlow::Continue(()),
        &mut |offset| {
            let written = match output {
                Output::Lines => writeln!(out, "0x{offset:x}"),
                Output::Json if count == 0 => spool.add(format_args!("{offset}")),
                Output::Json => spool.add(format_args!(", {offset}")),
                Output::Count | Output::JsonCount => Ok(()),
            };
            count += 1;
            match written {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    error = Some(e);
                    ControlFlow::Break(())
                }
            }
        },
    );
    if let Some(e) = error {
        return Err(e);
    }
    match output {
        Output::Lines => {}
        Output::Count => writeln!(out, "{count}")?,
        Output::Json => {
            write!(out, "{{\"count\": {count}, \"matches\": [")?;
            spool.copy_to(out)?;
            writeln!(out, "]}}")?;
        }
        Output::JsonCount => writeln!(out, "{{\"count\": {count}}}")?,
    }
    Ok(count)
}

/// Text held back until the end: in memory, then in a temporary file once
/// it passes [`Spool::MEMORY`] bytes (tempfile's spooled file), written
/// through a buffer so that each offset is not a write of its own.
struct Spool(BufWriter<SpooledTempFile>);

impl Default for Spool {
    fn default() -> Spool {
        Spool(BufWriter::with_capacity(
            1 << 16,
            tempfile::spooled_tempfile(Self::MEMORY),
        ))
    }
}

impl Spool {
    const MEMORY: usize = 16 << 20;

    fn add(&mut self, text: fmt::Arguments<'_>) -> io::Result<()> {
        self.0.write_fmt(text)
    }

    fn copy_to(self, out: &mut impl Write) -> io::Result<()> {
        let mut file = self.0.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        io::copy(&mut file, out).map(drop)
    }
}
