//! `hexbuf dump`: the xxd format (byte-for-byte identical to `xxd FILE`) and
//! a pretty format for people, coloured by byte class.
//!
//! Both writers format rows from lookup tables into a large buffer and hand
//! it to the output in big writes: the formatting, not the I/O, sets the
//! pace, at well over a gigabyte a second for xxd.

use std::env;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::args::{ColorChoice, DumpArgs, DumpFormat};
use super::{check_offset, open_input};
use crate::core::class::{ByteClass, glyph};

const HEX: &[u8; 16] = b"0123456789abcdef";
const FLUSH_AT: usize = 1 << 20;

pub fn run(args: &DumpArgs) -> Result<ExitCode> {
    let source = open_input(&args.file)?;
    let bytes = source.bytes();
    let start = args.at.unwrap_or(0);
    // Dumping from the very end shows nothing; past it is an error.
    if start != bytes.len() as u64 {
        check_offset(&args.file, start, bytes.len() as u64)?;
    }
    let end = match args.len {
        Some(n) => start.saturating_add(n).min(bytes.len() as u64),
        None => bytes.len() as u64,
    };
    source.advise_sequential();
    let range = &bytes[start as usize..end as usize];
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match args.format {
        DumpFormat::Xxd => write_xxd(&mut out, range, start),
        DumpFormat::Pretty => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    io::stdout().is_terminal()
                        && env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let opts = PrettyOptions {
                color,
                squeeze: !args.no_squeeze,
            };
            write_pretty(&mut out, range, start, opts)
        }
    }
    .context("writing the dump")?;
    out.flush().context("writing the dump")?;
    Ok(ExitCode::SUCCESS)
}

/// Appends `offset` as lowercase hex, at least `width` digits.
fn push_offset(buf: &mut Vec<u8>, offset: u64, width: usize) {
    let digits = (16 - offset.leading_zeros() as usize / 4).max(width);
    for i in (0..digits).rev() {
        buf.push(HEX[((offset >> (i * 4)) & 0xf) as usize]);
    }
}

/// Writes `bytes` as `xxd` does: 16 bytes a row in groups of 2, offsets from
/// `start`, printable ASCII (0x20–0x7e) as itself and every other byte `.`.
pub fn write_xxd(out: &mut impl Write, bytes: &[u8], start: u64) -> io::Result<()> {
    let mut buf = Vec::with_capacity(FLUSH_AT + 128);
    for (row, chunk) in bytes.chunks(16).enumerate() {
        push_offset(&mut buf, start + row as u64 * 16, 8);
        buf.extend_from_slice(b": ");
        if chunk.len() == 16 {
            for pair in chunk.chunks_exact(2) {
                buf.extend_from_slice(&[
                    HEX[(pair[0] >> 4) as usize],
                    HEX[(pair[0] & 0xf) as usize],
                    HEX[(pair[1] >> 4) as usize],
                    HEX[(pair[1] & 0xf) as usize],
                    b' ',
                ]);
            }
        } else {
            for i in 0..16 {
                match chunk.get(i) {
                    Some(&b) => {
                        buf.extend_from_slice(&[HEX[(b >> 4) as usize], HEX[(b & 0xf) as usize]])
                    }
                    None => buf.extend_from_slice(b"  "),
                }
                if i % 2 == 1 {
                    buf.push(b' ');
                }
            }
        }
        buf.push(b' ');
        buf.extend(
            chunk
                .iter()
                .map(|&b| if (0x20..=0x7e).contains(&b) { b } else { b'.' }),
        );
        buf.push(b'\n');
        if buf.len() >= FLUSH_AT {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

/// How the pretty dump looks.
#[derive(Clone, Copy, Debug)]
pub struct PrettyOptions {
    pub color: bool,
    /// Show a run of identical rows as one `*`.
    pub squeeze: bool,
}

/// The ANSI colour of each byte class.
fn class_color(class: ByteClass) -> &'static [u8] {
    match class {
        ByteClass::Null => b"\x1b[90m",
        ByteClass::Printable => b"\x1b[36m",
        ByteClass::Whitespace => b"\x1b[32m",
        ByteClass::OtherAscii => b"\x1b[35m",
        ByteClass::NonAscii => b"\x1b[33m",
    }
}

const RESET: &[u8] = b"\x1b[0m";

/// Per-byte pieces of the pretty dump, built once.
struct Table {
    class: [ByteClass; 256],
    glyph: [([u8; 4], u8); 256],
}

impl Table {
    fn new() -> Self {
        let mut t = Table {
            class: [ByteClass::Null; 256],
            glyph: [([0; 4], 0); 256],
        };
        for b in 0..=255u8 {
            t.class[b as usize] = ByteClass::of(b);
            let mut utf8 = [0; 4];
            let n = glyph(b).encode_utf8(&mut utf8).len();
            t.glyph[b as usize] = (utf8, n as u8);
        }
        t
    }
}

/// Writes the pretty dump: offset, 16 bytes of hex in two groups of 8, and
/// the text column between bars, coloured by byte class when `color`.
pub fn write_pretty(
    out: &mut impl Write,
    bytes: &[u8],
    start: u64,
    opts: PrettyOptions,
) -> io::Result<()> {
    let table = Table::new();
    let end = start + bytes.len() as u64;
    let width = (16 - end.saturating_sub(1).leading_zeros() as usize / 4).max(8);
    let mut buf = Vec::with_capacity(FLUSH_AT + 1024);
    let rows = bytes.len().div_ceil(16);
    let mut squeezing = false;
    for (row, chunk) in bytes.chunks(16).enumerate() {
        let repeat = opts.squeeze
            && row > 0
            && row + 1 < rows
            && chunk.len() == 16
            && chunk == &bytes[(row - 1) * 16..row * 16];
        if repeat {
            if !squeezing {
                buf.extend_from_slice(b"*\n");
                squeezing = true;
            }
            continue;
        }
        squeezing = false;
        push_offset(&mut buf, start + row as u64 * 16, width);
        buf.extend_from_slice(b"  ");
        let mut current: Option<ByteClass> = None;
        for i in 0..16 {
            if i == 8 {
                buf.push(b' ');
            }
            match chunk.get(i) {
                Some(&b) => {
                    if opts.color {
                        let class = table.class[b as usize];
                        if current != Some(class) {
                            buf.extend_from_slice(class_color(class));
                            current = Some(class);
                        }
                    }
                    buf.extend_from_slice(&[HEX[(b >> 4) as usize], HEX[(b & 0xf) as usize], b' ']);
                }
                None => buf.extend_from_slice(b"   "),
            }
        }
        if opts.color && current.is_some() {
            buf.extend_from_slice(RESET);
        }
        buf.extend_from_slice(" │".as_bytes());
        let mut current: Option<ByteClass> = None;
        for &b in chunk {
            if opts.color {
                let class = table.class[b as usize];
                if current != Some(class) {
                    buf.extend_from_slice(class_color(class));
                    current = Some(class);
                }
            }
            let (g, n) = &table.glyph[b as usize];
            buf.extend_from_slice(&g[..*n as usize]);
        }
        if opts.color && current.is_some() {
            buf.extend_from_slice(RESET);
        }
        buf.resize(buf.len() + (16 - chunk.len()), b' ');
        buf.extend_from_slice("│\n".as_bytes());
        if buf.len() >= FLUSH_AT {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xxd(bytes: &[u8], start: u64) -> String {
        let mut out = Vec::new();
        write_xxd(&mut out, bytes, start).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn pretty(bytes: &[u8], opts: PrettyOptions) -> String {
        let mut out = Vec::new();
        write_pretty(&mut out, bytes, 0, opts).unwrap();
        String::from_utf8(out).unwrap()
    }

    const PLAIN: PrettyOptions = PrettyOptions {
        color: false,
        squeeze: true,
    };

    #[test]
    fn xxd_rows_match_xxd_layout() {
        assert_eq!(
            xxd(b"hello world! hello", 0),
            "00000000: 6865 6c6c 6f20 776f 726c 6421 2068 656c  hello world! hel\n\
             00000010: 6c6f                                     lo\n"
        );
        assert_eq!(
            xxd(b"vm\n", 0),
            "00000000: 766d 0a                                  vm.\n"
        );
        assert_eq!(xxd(b"", 0), "");
        assert_eq!(
            xxd(b"bc", 1),
            "00000001: 6263                                     bc\n"
        );
    }

    #[test]
    fn xxd_offsets_grow_past_eight_digits() {
        assert!(xxd(b"a", 0x1_0000_0000).starts_with("100000000: 61"));
    }

    #[test]
    fn pretty_shows_offsets_hex_and_glyphs() {
        let text = pretty(b"Robin\0\0\0", PLAIN);
        assert_eq!(
            text,
            "00000000  52 6f 62 69 6e 00 00 00                           │Robin···        │\n"
        );
    }

    #[test]
    fn pretty_squeezes_repeated_rows_but_keeps_the_last() {
        let text = pretty(&[0u8; 64], PLAIN);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("00000000  00"));
        assert_eq!(lines[1], "*");
        assert!(lines[2].starts_with("00000030  00"));
    }

    #[test]
    fn pretty_colours_by_class_and_never_emits_raw_control_bytes() {
        let text = pretty(
            b"A\x1b[31m\x00\x9b",
            PrettyOptions {
                color: true,
                squeeze: false,
            },
        );
        assert!(text.contains("\x1b[36m41"));
        assert!(text.contains("\x1b[35m1b"));
        // The only ESC bytes are our own colour codes.
        for (i, _) in text.match_indices('\x1b') {
            assert!(text[i..].starts_with("\x1b[") && text[i + 2..i + 5].contains('m'));
        }
        assert!(!text.contains('\u{9b}'));
    }
}
