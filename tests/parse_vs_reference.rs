//! `hexbuf parse --json` against the Kaitai Struct reference compiler
//! (../shared/tools/ksref), field by field — names, types, offsets, sizes,
//! values, enums, errors — and the exit status: under hexbuf's own built-in
//! specs and under public specs from ../shared/ksy, on files generated with
//! Python's standard library (whole, truncated and malformed) and on files
//! found on the machine.
//!
//! Needs `../shared` and Node: behind the `conformance` feature.
#![cfg(feature = "conformance")]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

// Shared with builtin_specs.rs, which uses the rest of these helpers.
#[allow(dead_code)]
#[path = "ksref/compare.rs"]
mod compare;
#[allow(dead_code)]
#[path = "ksref/pairs.rs"]
mod pairs;
#[allow(dead_code)]
#[path = "ksref/reference.rs"]
mod reference;

use compare::first_difference;
use pairs::PAIRS;
use reference::{builtin_formats, fixtures, ksref, shared_formats};

/// hexbuf's parse: exit code and Structure JSON.
fn hexbuf_parse(formats: &Path, spec: &Path, file: &Path) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_hexbuf"))
        .arg("parse")
        .arg("--formats")
        .arg(formats)
        .arg("--ksy")
        .arg(spec)
        .arg(file)
        .arg("--json")
        .output()
        .expect("hexbuf runs");
    let code = out.status.code().expect("an exit code");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "hexbuf parse printed no JSON for {} under {} ({e}): {}",
            file.display(),
            spec.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

/// Parses `file` under `spec` with both and asserts they agree.
#[track_caller]
fn agree(formats: &Path, spec: &Path, file: &Path) -> i32 {
    let reference = ksref(formats, spec, file)
        .unwrap_or_else(|e| panic!("the reference does not compile {}: {e}", spec.display()));
    let (code, ours) = hexbuf_parse(formats, spec, file);
    let case = format!("{} under {}", file.display(), spec.display());
    assert_eq!(code, reference.code, "exit status of {case}");
    if let Some(d) = first_difference(&reference.json, &ours) {
        panic!("{case}: first difference at {d:?}");
    }
    code
}

#[test]
fn built_in_specs_agree_with_the_reference_on_every_generated_file() {
    let formats = builtin_formats();
    let mut stopped = 0;
    for pair in PAIRS {
        let spec = formats.join(format!("{}.ksy", pair.spec));
        let code = agree(&formats, &spec, &fixtures().path(pair.fixture));
        assert_eq!(code == 1, pair.stops_at.is_some(), "{}", pair.fixture);
        stopped += usize::from(code == 1);
    }
    assert!(stopped >= 8, "malformed and truncated files are part of it");
}

/// The public specs of ../shared/ksy on the files of their formats.
#[test]
fn public_specs_agree_with_the_reference_on_generated_files() {
    let formats = shared_formats();
    let cases = [
        (
            "image/png.ksy",
            &["rgb.png", "palette.png", "truncated.png", "bad_length.png"][..],
        ),
        (
            "image/gif.ksy",
            &["small.gif", "bad_block.gif", "truncated.gif"],
        ),
        (
            "image/bmp.ksy",
            &[
                "rgb24.bmp",
                "palette8.bmp",
                "core.bmp",
                "v5.bmp",
                "truncated.bmp",
            ],
        ),
        (
            "media/wav.ksy",
            &[
                "pcm16.wav",
                "odd_list.wav",
                "extensible.wav",
                "truncated.wav",
            ],
        ),
        (
            "archive/zip.ksy",
            &["three.zip", "truncated.zip", "bad_record.zip"],
        ),
        (
            "archive/gzip.ksy",
            &["plain.gz", "named.gz", "all_flags.gz", "truncated.gz"],
        ),
        (
            "executable/elf.ksy",
            &["true.elf", "ppc32be.elf", "truncated.elf", "bad_class.elf"],
        ),
    ];
    for (spec, files) in cases {
        for file in files {
            agree(&formats, &formats.join(spec), &fixtures().path(file));
        }
    }
}

/// Real files on this machine: executables under the ELF spec, fonts
/// under TrueType, message catalogs under gettext .mo — as many as are
/// found, at least a few.
#[test]
fn public_specs_agree_with_the_reference_on_files_of_this_machine() {
    let formats = shared_formats();
    let mut checked = 0;
    let pick = |dir: &str, ext: Option<&str>, n: usize| -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = walk(Path::new(dir), 3)
            .into_iter()
            .filter(|p| ext.is_none_or(|e| p.extension().is_some_and(|x| x == e)))
            .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() < (8 << 20)))
            .collect();
        found.sort();
        found.into_iter().take(n).collect()
    };
    for file in pick("/usr/bin", None, 6) {
        let head = std::fs::read(&file).unwrap_or_default();
        if head.starts_with(b"\x7fELF") {
            agree(&formats, &formats.join("executable/elf.ksy"), &file);
            checked += 1;
        }
    }
    for file in pick("/usr/share/fonts", Some("ttf"), 3) {
        agree(&formats, &formats.join("font/ttf.ksy"), &file);
        checked += 1;
    }
    for file in pick("/usr/share/locale", Some("mo"), 3) {
        agree(&formats, &formats.join("database/gettext_mo.ksy"), &file);
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} files of this machine checked");
}

/// Files below `dir`, `depth` folders deep at most.
fn walk(dir: &Path, depth: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() && depth > 0 => out.extend(walk(&p, depth - 1)),
            Ok(t) if t.is_file() => out.push(p),
            _ => {}
        }
    }
    out
}
