//! `hexbuf find`: every offset where a pattern matches, one per line, as
//! `0x` and lowercase hex, in increasing order; exit 1 when there is none.

use std::io::{self, BufWriter, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::args::FindArgs;
use super::{EXIT_NO_MATCH, data_bytes, open_input};
use crate::core::document::Document;
use crate::core::number::parse_hex_pattern;
use crate::core::search::{Matcher, Pattern, find_all};

pub fn run(args: &FindArgs) -> Result<ExitCode> {
    let pattern = match (&args.data.hex, &args.data.text) {
        (Some(hex), _) => Pattern::masked(&parse_hex_pattern(hex).context("--hex")?),
        (_, Some(text)) if args.ignore_case => Pattern::text(text, false),
        _ => Pattern::bytes(&data_bytes(&args.data)?),
    };
    let source = open_input(&args.file)?;
    source.advise_sequential();
    let doc = Document::new(source);
    let matcher = Matcher::new(&pattern);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut count = 0u64;
    let mut error = None;
    let _ = find_all(
        &doc,
        &matcher,
        0..doc.len(),
        &mut |_| ControlFlow::Continue(()),
        &mut |offset| {
            count += 1;
            match writeln!(out, "0x{offset:x}") {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    error = Some(e);
                    ControlFlow::Break(())
                }
            }
        },
    );
    if let Some(e) = error {
        return Err(e).context("writing offsets");
    }
    out.flush().context("writing offsets")?;
    Ok(if count == 0 {
        ExitCode::from(EXIT_NO_MATCH)
    } else {
        ExitCode::SUCCESS
    })
}
