//! The inspector's dates, GUIDs, LEB128 and bits, read back from the
//! screen and compared with Python's own decoders (datetime, uuid, zipfile;
//! python3 is installed by .ci/run), and the hex-numbers toggle of the
//! typed pane and the inspector.

use std::process::Command;

use super::*;

/// What Python reads in 16 bytes: each label of the inspector with its
/// expected text (`None`: no valid value).
const PYTHON_READS: &str = r#"
import datetime, io, json, struct, sys, uuid, zipfile
b = bytes.fromhex(sys.argv[1])
utc = datetime.timezone.utc
epoch = datetime.datetime(1970, 1, 1, tzinfo=utc)
def iso(unit, n, spec):
    try:
        d = epoch + datetime.timedelta(**{unit: n})
    except OverflowError:
        return None
    return d.replace(tzinfo=None).isoformat(timespec=spec) + "Z"
u32, = struct.unpack("<I", b[:4])
i64, = struct.unpack("<q", b[:8])
ft, = struct.unpack("<Q", b[:8])
try:
    d = datetime.datetime(1601, 1, 1) + datetime.timedelta(microseconds=ft // 10)
    filetime = d.isoformat(timespec="microseconds") + str(ft % 10) + "Z"
except OverflowError:
    filetime = None
# The DOS time and date as zipfile reads them from a central directory.
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr(zipfile.ZipInfo("f", date_time=(1990, 1, 1, 0, 0, 0)), b"")
raw = bytearray(buf.getvalue())
cd = raw.index(b"PK\x01\x02")
raw[cd + 12:cd + 16] = b[:4]
dt = zipfile.ZipFile(io.BytesIO(bytes(raw))).infolist()[0].date_time
try:
    datetime.datetime(*dt)
    dos = "%04d-%02d-%02dT%02d:%02d:%02d" % dt
except ValueError:
    dos = None
print(json.dumps({
    "unix32": iso("seconds", u32, "seconds"),
    "unix32 ms": iso("milliseconds", u32, "milliseconds"),
    "unix64": iso("seconds", i64, "seconds"),
    "unix64 ms": iso("milliseconds", i64, "milliseconds"),
    "FILETIME": filetime,
    "DOS": dos,
    "GUID": "{" + str(uuid.UUID(bytes_le=b[:16])) + "}",
    "UUID": str(uuid.UUID(bytes=b[:16])),
}))
"#;

fn python_reads(bytes: &[u8]) -> Vec<(String, Option<String>)> {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let out = Command::new("python3")
        .args(["-c", PYTHON_READS, &hex])
        .output()
        .expect("python3 runs (installed by .ci/run)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().map(str::to_string)))
        .collect()
}

/// The value the screen shows after `label` (padded to its 10 columns):
/// the text up to two spaces or the end of the row.
fn shown(text: &str, label: &str) -> String {
    let key = format!(" {label:<10}");
    let line = text
        .lines()
        .find(|l| l.contains(&key))
        .unwrap_or_else(|| panic!("no {label:?} on screen:\n{text}"));
    let rest = &line[line.find(&key).unwrap() + key.len()..];
    rest.split("  ").next().unwrap().trim().to_string()
}

/// Checks every reading on screen against Python's.
#[track_caller]
fn assert_reads_like_python(text: &str, bytes: &[u8]) {
    for (label, want) in python_reads(bytes) {
        let got = shown(text, &label);
        match want {
            Some(want) => assert_eq!(got, want, "{label}:\n{text}"),
            None => assert!(
                got.contains("outside") || got.contains("out of range"),
                "{label} should say it has no value, shows {got:?}:\n{text}"
            ),
        }
    }
}

/// 16 bytes that are a valid reading of each kind: a DOS date-time and a
/// Unix time in the first four, a small 64-bit value, a GUID's worth.
fn dated() -> Vec<u8> {
    // 2026-12-01 23:42:20 as DOS time 0xbd4a and date 0x5d81.
    let mut b = vec![0x4a, 0xbd, 0x81, 0x5d, 0, 0, 0, 0];
    b.extend_from_slice(&[0x9e, 0x11, 0xc3, 0x07, 0xd2, 0x36, 0x4f, 0xa1]);
    b
}

#[test]
fn dates_guid_and_uuid_below_the_numbers_read_as_python_reads_them() {
    for bytes in [
        dated(),
        vec![0xff; 16],
        (0u8..16).map(|i| i.wrapping_mul(37) ^ 0x5a).collect(),
    ] {
        let mut data = bytes.clone();
        data.extend_from_slice(&[0; 16]);
        let mut app = app_with(&data);
        let buf = draw(&mut app, 120, 36);
        // Below the numbers, all at once.
        assert!(row_with(&buf, "Dates (Unix LE)") > row_with(&buf, " Int32 "));
        assert_reads_like_python(&text(&buf), &bytes);
    }
}

#[test]
fn at_80x24_the_numbers_stay_and_a_key_turns_to_the_dates_page() {
    let bytes = dated();
    let mut data = bytes.clone();
    data.extend_from_slice(&[0; 16]);
    let mut app = app_with(&data);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Alt+I: dates, GUID, LEB128"), "{text}");
    assert!(text.contains(" Uint32 "), "{text}");
    assert!(!text.contains("unix32"), "{text}");
    // Panes keep their rows.
    assert!(row_with(&draw(&mut app, 80, 24), "Inspector") >= 12);
    app.feed("A-i");
    let page = screen(&mut app, 80, 24);
    assert!(page.contains("Alt+I: numbers"), "{page}");
    assert!(!page.contains(" Uint32 "), "{page}");
    assert_reads_like_python(&page, &bytes);
    assert_eq!(shown(&page, "bits 7‥0"), "0 1 0 0 1 0 1 0");
    app.feed("A-i");
    assert!(screen(&mut app, 80, 24).contains(" Uint32 "));
}

#[test]
fn leb128_shows_its_value_and_length_or_why_not() {
    // Wikipedia: e5 8e 26 is 624485 unsigned; c0 bb 78 is -123456 signed.
    let mut app = app_with(&[0xe5, 0x8e, 0x26, 0xc0, 0xbb, 0x78]);
    let text = screen(&mut app, 120, 36);
    assert_eq!(shown(&text, "uLEB128"), "624485 (3 bytes)");
    app.feed("Right Right Right");
    let text = screen(&mut app, 120, 36);
    assert_eq!(shown(&text, "sLEB128"), "-123456 (3 bytes)");
    assert_eq!(shown(&text, "uLEB128"), "1973696 (3 bytes)");
    // Running into the end of the file, and eleven bytes of continuation.
    let mut app = app_with(&[0x01, 0x80, 0x80]);
    app.feed("Right");
    let text = screen(&mut app, 120, 36);
    assert_eq!(shown(&text, "uLEB128"), "runs past the end");
    assert_eq!(shown(&text, "GUID"), "needs 16 bytes");
    let mut app = app_with(&[0xff; 12]);
    assert_eq!(
        shown(&screen(&mut app, 120, 36), "sLEB128"),
        "longer than 10 bytes"
    );
}

#[test]
fn hex_numbers_show_integers_with_their_hex_in_the_typed_pane_and_inspector() {
    let mut app = sample();
    app.feed("A-3"); // Uint16
    let plain = draw(&mut app, 120, 36);
    let y = data_row(&plain, 0);
    assert_eq!(pane_words(&plain, y, 3)[0], "17736");
    app.feed("A-x");
    let said = message_line(&draw(&mut app, 120, 36));
    assert!(said.contains("hex numbers"), "{said}");
    // Focused, the typed pane stays on a narrow screen (beside the hex).
    app.feed("Tab Tab");
    for (w, h) in [(120, 36), (80, 24)] {
        let buf = draw(&mut app, w, h);
        let y = data_row(&buf, 0);
        let last = panes(&buf, y).len() - 1;
        let cells = pane_words(&buf, y, last);
        // Pairs of decimal and 0x hex, each from the bytes.
        assert!(cells.len() >= 4, "{cells:?}");
        for (i, pair) in cells.chunks(2).enumerate() {
            let v = u16::from_le_bytes([SAMPLE[2 * i], SAMPLE[2 * i + 1]]);
            assert_eq!(pair, [v.to_string(), format!("0x{v:04x}")], "{w}x{h}");
        }
        let text = text(&buf);
        let inspector = text.lines().find(|l| l.contains(" Uint16 ")).unwrap();
        assert!(inspector.contains("17736 0x4548"), "{inspector}");
        let int8 = text.lines().find(|l| l.contains(" Int8 ")).unwrap();
        assert!(int8.contains("72 0x48"), "{int8}");
    }
    app.feed("A-x");
    let buf = draw(&mut app, 120, 36);
    assert!(!text(&buf).contains("0x4548"));
}

#[test]
fn the_palette_finds_hex_numbers_and_the_dates_page_by_name() {
    let keymap = hexbuf::app::keymap::Keymap::new(hexbuf::app::keymap::KeymapKind::Default);
    let first = |q: &str| hexbuf::app::palette::rank(q, &keymap)[0].cmd;
    use hexbuf::app::command::Cmd;
    assert_eq!(first("hex numbers"), Cmd::ToggleHexNumbers);
    assert_eq!(first("guid"), Cmd::InspectorPage);
    assert_eq!(first("leb128"), Cmd::InspectorPage);
    // DESIGN.md's `hex` still picks the hex pane's base first.
    assert_eq!(first("hex"), Cmd::SetRadix(hexbuf::core::radix::Radix::Hex));
    // Through the palette, Enter runs it.
    let mut app = sample();
    app.feed("C-p");
    app.handle(hexbuf::app::action::Action::Paste("hex numbers".into()));
    app.feed("Enter");
    assert!(app.view.hex_numbers);
}
