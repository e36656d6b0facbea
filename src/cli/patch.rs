//! `hexbuf patch`: overwrite bytes at an offset through the same Document +
//! save path the editor uses, optionally checking what is overwritten.

use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};

use super::args::PatchArgs;
use super::{check_offset, data_bytes};
use crate::core::display::escape_path;
use crate::core::document::Document;
use crate::core::number::parse_hex_bytes;
use crate::core::save::{SaveOptions, save};
use crate::core::source::{OpenOptions, Source, SourceKind};

pub fn run(args: &PatchArgs) -> Result<ExitCode> {
    let path = &args.file;
    let shown = escape_path(path);
    if path.as_os_str() == "-" {
        return Err(anyhow!("-: patch needs a file to write back to, not stdin"));
    }
    // Check everything that can be wrong before touching the file.
    let bytes = data_bytes(&args.data)?;
    let expect = args
        .expect
        .as_deref()
        .map(parse_hex_bytes)
        .transpose()
        .context("--expect")?;
    let opts = OpenOptions {
        allow_block_device: args.block_device,
        ..OpenOptions::default()
    };
    let source = Source::open(path, opts)?;
    super::print_open_notices();
    if source.kind() == SourceKind::PseudoFile {
        return Err(anyhow!(
            "{shown}: is a kernel pseudo file and cannot be patched"
        ));
    }
    let len = source.len();
    check_offset(path, args.at, len)?;
    let end = args.at + bytes.len() as u64;
    if end > len {
        return Err(anyhow!(
            "{shown}: {} bytes at offset 0x{:x} run past the end ({len} bytes)",
            bytes.len(),
            args.at
        ));
    }
    let mut doc = Document::new(source);
    let old = doc.read(args.at..end);
    if let Some(expect) = expect {
        let found = doc.read(args.at..args.at + expect.len() as u64);
        if found != expect {
            return Err(anyhow!(
                "{shown}: expected {} at offset 0x{:x} but found {}; nothing written",
                hex(&expect),
                args.at,
                hex(&found)
            ));
        }
    }
    doc.overwrite(args.at, &bytes)?;
    doc.commit();
    save(&mut doc, SaveOptions::default())?;
    if args.json {
        println!("{}", json_report(args.at, &old, &bytes));
    } else {
        let n = bytes.len();
        let s = if n == 1 { "" } else { "s" };
        println!("{shown}: wrote {n} byte{s} at 0x{:x}", args.at);
    }
    Ok(ExitCode::SUCCESS)
}

/// `{"offset": N, "old": "hex", "new": "hex"}` (DESIGN.md), spaced as the
/// other subcommands' JSON: the offset a JSON integer at any size (offsets
/// stay integers), the bytes lowercase hex without spaces (which need no
/// escaping).
fn json_report(offset: u64, old: &[u8], new: &[u8]) -> String {
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    format!(
        r#"{{"offset": {offset}, "old": "{}", "new": "{}"}}"#,
        hex(old),
        hex(new)
    )
}

fn hex(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "nothing (end of file)".into();
    }
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_report_is_one_object_with_an_integer_offset() {
        let text = json_report(u64::MAX, &[0x0a, 0xff], &[0, 0x41]);
        assert_eq!(
            text,
            r#"{"offset": 18446744073709551615, "old": "0aff", "new": "0041"}"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["offset"].as_u64(), Some(u64::MAX));
    }
}
