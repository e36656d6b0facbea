//! Checks the reference compiler makes beyond the shape of the YAML:
//! encoding names it knows.

use std::path::Path;

use super::super::yaml::Node;
use super::SpecError;
use super::load::err;

/// Encoding names as the reference spells them.
const CANONICAL_ENCODINGS: &[&str] = &[
    "ASCII",
    "UTF-8",
    "UTF-16BE",
    "UTF-16LE",
    "UTF-32BE",
    "UTF-32LE",
    "ISO-8859-1",
    "ISO-8859-2",
    "ISO-8859-3",
    "ISO-8859-4",
    "ISO-8859-5",
    "ISO-8859-6",
    "ISO-8859-7",
    "ISO-8859-8",
    "ISO-8859-9",
    "ISO-8859-10",
    "ISO-8859-11",
    "ISO-8859-13",
    "ISO-8859-14",
    "ISO-8859-15",
    "ISO-8859-16",
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "IBM437",
    "IBM850",
    "IBM866",
    "Shift_JIS",
    "SJIS",
    "EUC-JP",
    "EUC-KR",
    "GB2312",
    "GBK",
    "GB18030",
    "Big5",
    "KOI8-R",
    "KOI8-U",
    "UTF-16",
    "UTF-32",
];

/// Adds a warning for an encoding name the reference does not know, or
/// knows under another spelling.
pub(super) fn encoding_name(
    warnings: &mut Vec<SpecError>,
    file: &Path,
    path: &str,
    node: Option<&Node>,
    name: &str,
) {
    if CANONICAL_ENCODINGS.contains(&name) {
        return;
    }
    let msg = match CANONICAL_ENCODINGS
        .iter()
        .find(|c| c.eq_ignore_ascii_case(name))
    {
        Some(c) => format!("use canonical encoding name `{c}` instead of `{name}`"),
        None => format!("unrecognized encoding name '{name}'"),
    };
    warnings.push(err(file, path, node, msg));
}
