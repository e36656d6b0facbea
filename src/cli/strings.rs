//! `hexbuf strings`: the printable strings of a file, one a line as
//! `0x<hex offset> <text>`, or a JSON array of
//! `{"offset": N, "encoding": "ascii", "text": "..."}` — for ASCII the same
//! strings at the same offsets as GNU `strings -a -t x -n MIN`.

use std::io::{self, BufWriter, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::args::{StringsArgs, StringsEncoding};
use super::open_input;
use crate::core::document::Document;
use crate::core::strings::{Found, StrEncoding, scan};

pub fn run(args: &StringsArgs) -> Result<ExitCode> {
    let encodings: &[StrEncoding] = match args.encoding {
        StringsEncoding::Ascii => &[StrEncoding::Ascii],
        StringsEncoding::Utf16le => &[StrEncoding::Utf16Le],
        StringsEncoding::Utf16be => &[StrEncoding::Utf16Be],
        StringsEncoding::All => &StrEncoding::ALL,
    };
    let source = open_input(&args.file)?;
    source.advise_sequential();
    let doc = Document::new(source);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut first = true;
    let mut error = None;
    if args.json {
        out.write_all(b"[").context("writing strings")?;
    }
    let _ = scan(
        &doc,
        0..doc.len(),
        encodings,
        args.min as usize,
        &mut |_| ControlFlow::Continue(()),
        &mut |found| {
            let written = if args.json {
                write_json(&mut out, &found, first)
            } else {
                writeln!(out, "0x{:x} {}", found.offset, found.text)
            };
            first = false;
            written.map_or_else(
                |e| {
                    error = Some(e);
                    ControlFlow::Break(())
                },
                ControlFlow::Continue,
            )
        },
    );
    if let Some(e) = error {
        return Err(e).context("writing strings");
    }
    if args.json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })
            .context("writing strings")?;
    }
    out.flush().context("writing strings")?;
    Ok(ExitCode::SUCCESS)
}

/// One element of the JSON array, on a line of its own.
fn write_json(out: &mut impl Write, found: &Found<'_>, first: bool) -> io::Result<()> {
    let text = serde_json::to_string(found.text.as_ref()).map_err(io::Error::other)?;
    write!(
        out,
        "{}\n{{\"offset\": {}, \"encoding\": \"{}\", \"text\": {text}}}",
        if first { "" } else { "," },
        found.offset,
        found.encoding.name()
    )
}
