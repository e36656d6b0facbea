//! `hexbuf find`: every offset where a pattern matches, one per line, as
//! `0x` and lowercase hex, in increasing order; exit 1 when there is none.
//! `--count` prints the number alone, `--json` one object
//! `{"count": N, "matches": [offsets]}` (with both: `{"count": N}`).

use std::io::{self, BufWriter, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;

use anyhow::{Context, Result};

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
    // The matches of --json are streamed as they are found, so the offsets
    // of a search over gigabytes are never all held at once: the count,
    // known only at the end, is the last key of the object. (Key order is
    // not meaning in JSON.)
    if output == Output::Json {
        out.write_all(b"{\"matches\": [")?;
    }
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
                Output::Json if count == 0 => write!(out, "{offset}"),
                Output::Json => write!(out, ", {offset}"),
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
        Output::Json => writeln!(out, "], \"count\": {count}}}")?,
        Output::JsonCount => writeln!(out, "{{\"count\": {count}}}")?,
    }
    Ok(count)
}
