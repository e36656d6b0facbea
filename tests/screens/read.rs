//! Reading a drawn screen back: rows as text, the panes between the `│`
//! separators, the words in them with the cells they cover, and checks that
//! a number on screen is a value decoded here, independently of the editor.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

/// Row `y` as text, one symbol a cell (a wide character's second cell
/// reads as a space).
pub fn row(buf: &Buffer, y: u16) -> String {
    cells(buf, y, 0..buf.area.width)
}

/// The text of cells `xs` of row `y`.
pub fn cells(buf: &Buffer, y: u16, xs: Range<u16>) -> String {
    xs.map(|x| buf[(x, y)].symbol()).collect()
}

/// The last row: messages, prompts and questions.
pub fn message_line(buf: &Buffer) -> String {
    row(buf, buf.area.height - 1).trim_end().to_string()
}

/// The row above the message line.
pub fn status_line(buf: &Buffer) -> String {
    row(buf, buf.area.height - 2).trim_end().to_string()
}

/// The data row that starts with `offset` (eight hex digits) in the offset
/// column.
pub fn data_row(buf: &Buffer, offset: u64) -> u16 {
    let want = format!("{offset:08x} │");
    (0..buf.area.height)
        .find(|&y| row(buf, y).starts_with(&want))
        .unwrap_or_else(|| panic!("no row starts with {want}"))
}

/// The first row whose text contains `needle`.
pub fn row_with(buf: &Buffer, needle: &str) -> u16 {
    (0..buf.area.height)
        .find(|&y| row(buf, y).contains(needle))
        .unwrap_or_else(|| panic!("no row holds {needle:?}"))
}

/// The columns of each pane on row `y`: the runs of cells between the `│`
/// separators, the offset column first.
pub fn panes(buf: &Buffer, y: u16) -> Vec<Range<u16>> {
    let mut out = Vec::new();
    let mut start = 0;
    for x in 0..buf.area.width {
        if buf[(x, y)].symbol() == "│" {
            out.push(start..x);
            start = x + 1;
        }
    }
    out.push(start..buf.area.width);
    out
}

/// The whitespace-separated words of cells `xs` on row `y`, each with the
/// cells it covers.
pub fn words(buf: &Buffer, y: u16, xs: Range<u16>) -> Vec<(Range<u16>, String)> {
    let mut out: Vec<(Range<u16>, String)> = Vec::new();
    let mut open = false;
    for x in xs {
        let s = buf[(x, y)].symbol();
        if s.trim().is_empty() {
            open = false;
        } else if open {
            let last = out.last_mut().unwrap();
            last.0.end = x + 1;
            last.1.push_str(s);
        } else {
            out.push((x..x + 1, s.to_string()));
            open = true;
        }
    }
    out
}

/// Just the words of pane `i` on row `y`.
pub fn pane_words(buf: &Buffer, y: u16, i: usize) -> Vec<String> {
    let xs = panes(buf, y)[i].clone();
    words(buf, y, xs).into_iter().map(|(_, w)| w).collect()
}

/// Whether every cell of `xs` on row `y` has all of `m`.
pub fn all_have(buf: &Buffer, y: u16, xs: Range<u16>, m: Modifier) -> bool {
    xs.into_iter().all(|x| buf[(x, y)].modifier.contains(m))
}

/// Whether any cell of `xs` on row `y` has any of `m`.
pub fn any_has(buf: &Buffer, y: u16, xs: Range<u16>, m: Modifier) -> bool {
    xs.into_iter().any(|x| buf[(x, y)].modifier.intersects(m))
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Whether `shown` is the integer `exact` (its decimal digits, with sign),
/// or a marked shortening of it: leading digits, `…`, and the exponent of
/// the value's own magnitude.
pub fn shows_int(shown: &str, exact: i128) -> bool {
    let Some((head, tail)) = shown.split_once('…') else {
        return shown == exact.to_string();
    };
    let all = exact.unsigned_abs().to_string();
    let exp = tail.strip_prefix('e').map(|e| e.trim_start_matches('+'));
    head.starts_with('-') == (exact < 0)
        && all.starts_with(&digits(head))
        && exp.is_some_and(|e| e == (all.len() - 1).to_string())
}

/// Whether `shown` is the float `v` (it parses back to `v`), or a marked
/// shortening: a cut of `v`'s decimal form followed by `…`, or the leading
/// digits of its scientific form, `…` and the value's own exponent.
pub fn shows_float<F>(shown: &str, v: F) -> bool
where
    F: std::fmt::Display + std::fmt::LowerExp + std::str::FromStr + PartialEq,
{
    let Some((head, tail)) = shown.split_once('…') else {
        return shown.parse::<F>().is_ok_and(|p| p == v);
    };
    if tail.is_empty() {
        return format!("{v}").starts_with(head);
    }
    let sci = format!("{v:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap();
    let shown_exp = tail.strip_prefix('e').map(|e| e.trim_start_matches('+'));
    head.starts_with('-') == mantissa.starts_with('-')
        && digits(mantissa).starts_with(&digits(head))
        && shown_exp == Some(exp)
}

/// Whether `shown` is the element `bytes` decode to as the JavaScript typed
/// array `js_name` would read them, decoded here with `from_le_bytes` /
/// `from_be_bytes`.
pub fn shows_element(js_name: &str, bytes: &[u8], little: bool, shown: &str) -> bool {
    macro_rules! read {
        ($t:ty) => {{
            let a = bytes.try_into().expect("element size");
            if little {
                <$t>::from_le_bytes(a)
            } else {
                <$t>::from_be_bytes(a)
            }
        }};
    }
    match js_name {
        "Uint8" => shows_int(shown, read!(u8).into()),
        "Int8" => shows_int(shown, read!(i8).into()),
        "Uint16" => shows_int(shown, read!(u16).into()),
        "Int16" => shows_int(shown, read!(i16).into()),
        "Uint32" => shows_int(shown, read!(u32).into()),
        "Int32" => shows_int(shown, read!(i32).into()),
        "BigUint64" => shows_int(shown, read!(u64).into()),
        "BigInt64" => shows_int(shown, read!(i64).into()),
        "Float32" => shows_float(shown, read!(f32)),
        "Float64" => shows_float(shown, read!(f64)),
        other => panic!("no decoder for {other}"),
    }
}

#[test]
fn the_number_checks_can_fail() {
    assert!(shows_int("258", 258) && !shows_int("259", 258));
    assert!(shows_int("5.9898648…e+18", 5989864836402005320));
    assert!(!shows_int("5.9898649…e+18", 5989864836402005320));
    assert!(!shows_int("5.9898648…e+17", 5989864836402005320));
    assert!(shows_float("2.36935…e-38", 2.3693558e-38f32));
    assert!(!shows_float("2.36936…e-38", 2.3693558e-38f32));
    assert!(shows_float("0.1250000004674…", 0.12500000046748f64));
    assert!(!shows_float("0.1250000004675…", 0.12500000046748f64));
    assert!(shows_float("1.5", 1.5f32) && !shows_float("1.25", 1.5f32));
    assert!(shows_element("Int16", &[0xff, 0xff], true, "-1"));
    assert!(shows_element("Uint16", &[0x01, 0x02], false, "258"));
    assert!(!shows_element("Uint16", &[0x01, 0x02], true, "258"));
}
