//! The (built-in spec, generated file) pairs the tests parse with the
//! reference, and what the reference must make of each: a whole parse, or a
//! stop with the error at a named field. These are the pairs on which
//! `hexbuf parse --json` is to agree with ksref, field by field.

/// One spec (`assets/formats/{spec}.ksy`) and one file from `fixtures.py`.
pub struct Pair {
    pub spec: &'static str,
    pub fixture: &'static str,
    /// The path in `errors` for a file that does not match the spec.
    pub stops_at: Option<&'static str>,
}

const fn ok(spec: &'static str, fixture: &'static str) -> Pair {
    Pair {
        spec,
        fixture,
        stops_at: None,
    }
}

const fn stops(spec: &'static str, fixture: &'static str, at: &'static str) -> Pair {
    Pair {
        spec,
        fixture,
        stops_at: Some(at),
    }
}

pub const PAIRS: &[Pair] = &[
    ok("png", "rgb.png"),
    ok("png", "palette.png"),
    stops("png", "truncated.png", "chunks[2].body"),
    stops("png", "bad_length.png", "chunks[1].body"),
    ok("gif", "small.gif"),
    ok("gif", "bad_block.gif"),
    stops(
        "gif",
        "truncated.gif",
        "blocks[0].body.body.data.entries[0].bytes",
    ),
    ok("bmp", "rgb24.bmp"),
    ok("bmp", "palette8.bmp"),
    ok("bmp", "core.bmp"),
    ok("bmp", "v5.bmp"),
    ok("bmp", "rgb565.bmp"),
    stops("bmp", "truncated.bmp", "dib_header.body"),
    ok("wav", "pcm16.wav"),
    ok("wav", "odd_list.wav"),
    ok("wav", "extensible.wav"),
    stops("wav", "truncated.wav", "chunks[0].body"),
    ok("zip", "three.zip"),
    stops("zip", "truncated.zip", "first_file.body"),
    stops("zip", "bad_record.zip", "sections[1].magic"),
    ok("gzip", "plain.gz"),
    ok("gzip", "named.gz"),
    ok("gzip", "all_flags.gz"),
    stops("gzip", "truncated.gz", "name"),
    ok("elf", "true.elf"),
    ok("elf", "ppc32be.elf"),
    stops("elf", "truncated.elf", "header.ofs_section_headers"),
    stops("elf", "bad_class.elf", "bits"),
];

/// Each built-in spec, with the name of its first field: the magic.
pub const SPECS: &[(&str, &str)] = &[
    ("png", "signature"),
    ("gif", "magic"),
    ("bmp", "magic"),
    ("wav", "magic"),
    ("zip", "magic"),
    ("gzip", "magic"),
    ("elf", "magic"),
];
