//! What a screen should show, worked out in the test from the bytes alone:
//! rows of the three panes, text decoded with the standard library, the
//! explain panel's arithmetic, the palette's rows against the command table.

use super::*;

/// Checks each data row from offset 0 down: the offsets go up by
/// `per_row`, the hex pane holds the row's bytes, the text pane shows each
/// printable ASCII byte as itself and the Uint8 typed pane each byte's
/// value. Returns how many rows it read.
pub fn assert_rows_show(buf: &Buffer, bytes: &[u8], per_row: usize) -> usize {
    let first = data_row(buf, 0);
    let mut n = 0;
    for (k, chunk) in bytes.chunks(per_row).enumerate() {
        let y = first + k as u16;
        if !row(buf, y).starts_with(&format!("{:08x} │", k * per_row)) {
            break;
        }
        let cols = panes(buf, y);
        assert_eq!(cols.len(), 4, "offset, hex, text, typed: {}", row(buf, y));
        assert_eq!(pane_words(buf, y, 1), hex(chunk), "row {k}");
        assert_eq!(pane_words(buf, y, 3), decimal(chunk), "row {k}");
        for (i, &b) in chunk.iter().enumerate() {
            if b.is_ascii_graphic() {
                let x = cols[2].start + 1 + i as u16;
                assert_eq!(buf[(x, y)].symbol(), (b as char).to_string(), "row {k}");
            }
        }
        n += 1;
    }
    n
}

/// The commands the palette lists, top down, each read from its row as its
/// name and then its keys, which must be the keymap's keys for it.
pub fn palette_entries(app: &App, buf: &Buffer) -> Vec<&'static hexbuf::app::command::CommandInfo> {
    let top = row_with(buf, "┌ Commands");
    let left = (0..buf.area.width)
        .find(|&x| buf[(x, top)].symbol() == "┌")
        .unwrap();
    let right = (left..buf.area.width)
        .find(|&x| buf[(x, top)].symbol() == "┐")
        .unwrap();
    let mut out = Vec::new();
    for y in top + 2.. {
        if buf[(left, y)].symbol() == "└" {
            break;
        }
        let entry = cells(buf, y, left + 1..right);
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        let c = hexbuf::app::command::commands()
            .iter()
            .find(|c| {
                let keys: Vec<String> = app
                    .keymap
                    .keys_for(c.cmd)
                    .iter()
                    .map(|k| k.to_string())
                    .collect();
                entry.strip_prefix(c.name.as_str()).is_some_and(|rest| {
                    // A command with no key shows its name alone.
                    (keys.is_empty() || rest.starts_with("  ")) && rest.trim() == keys.join(", ")
                })
            })
            .unwrap_or_else(|| panic!("{entry:?} is no command with its keys"));
        out.push(c);
    }
    out
}

/// The characters of `bytes` in the text encoding `name` that a pane can
/// draw as themselves, at the offset of their first byte, and the offsets of
/// bytes that are not valid — decoded with the standard library. Characters
/// a pane draws by a placeholder (controls, zero-width, private use) and
/// characters split over two rows are left out.
pub fn decode(name: &str, bytes: &[u8]) -> (Vec<(usize, char)>, Vec<usize>) {
    use unicode_width::UnicodeWidthChar;
    let drawable = |c: char| {
        !c.is_control()
            && c != ' '
            && c.width().unwrap_or(0) > 0
            && !('\u{e000}'..='\u{f8ff}').contains(&c)
    };
    let mut chars = Vec::new();
    let mut invalid = Vec::new();
    match name {
        "UTF-8" => {
            let mut at = 0;
            for chunk in bytes.utf8_chunks() {
                for (i, c) in chunk.valid().char_indices() {
                    let (first, last) = (at + i, at + i + c.len_utf8() - 1);
                    if drawable(c) && first / 8 == last / 8 {
                        chars.push((first, c));
                    }
                }
                at += chunk.valid().len();
                invalid.extend(at..at + chunk.invalid().len());
                at += chunk.invalid().len();
            }
        }
        "Latin-1" => {
            for (at, &b) in bytes.iter().enumerate() {
                let c = char::from(b);
                if drawable(c) && c != '\u{a0}' && c != '\u{ad}' {
                    chars.push((at, c));
                }
            }
        }
        "ASCII" => {
            for (at, &b) in bytes.iter().enumerate() {
                if b.is_ascii_graphic() {
                    chars.push((at, char::from(b)));
                } else if !b.is_ascii() {
                    invalid.push(at);
                }
            }
        }
        "UTF-16LE" | "UTF-16BE" => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| {
                    let p = [p[0], p[1]];
                    if name == "UTF-16LE" {
                        u16::from_le_bytes(p)
                    } else {
                        u16::from_be_bytes(p)
                    }
                })
                .collect();
            let mut at = 0;
            for c in char::decode_utf16(units) {
                match c {
                    Ok(c) => {
                        if drawable(c) && at / 8 == (at + c.len_utf16() * 2 - 1) / 8 {
                            chars.push((at, c));
                        }
                        at += c.len_utf16() * 2;
                    }
                    Err(_) => {
                        invalid.extend([at, at + 1]);
                        at += 2;
                    }
                }
            }
            // An odd byte at the end is half a unit.
            invalid.extend(at..bytes.len());
        }
        other => panic!("no decoder for {other}"),
    }
    (chars, invalid)
}

/// Checks the explain panel's working against the value decoded here.
pub fn assert_explains(keys: &str, bytes: &[u8], panel: &[&str]) {
    let line = |label: &str| -> &str {
        panel
            .iter()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{keys}: no {label:?} in\n{}", panel.join("\n")))
    };
    let last = |label: &str| line(label).split_whitespace().last().unwrap().to_string();
    let b = bytes[0];
    match keys {
        "F4" => {
            let bits: String = line("value").split_whitespace().skip(1).collect();
            assert_eq!(bits, format!("{b:08b}"));
            let (terms, total) = line("Uint8 (unsigned):")
                .split_once(": ")
                .unwrap()
                .1
                .split_once(" = ")
                .unwrap();
            let sum: u32 = terms.split('+').map(|t| t.parse::<u32>().unwrap()).sum();
            assert_eq!((sum, total), (u32::from(b), &*b.to_string()));
            assert_eq!(last("Int8 (two's complement)"), (b as i8).to_string());
        }
        "A-4 F4" => {
            let pair = [bytes[0], bytes[1]];
            let u = u16::from_le_bytes(pair);
            assert!(line("little-endian:").ends_with(&format!("0x{u:04x} = {u}")));
            assert_eq!(
                last("two's complement"),
                i16::from_le_bytes(pair).to_string()
            );
        }
        "A-9 F4" => {
            let v = u32::from_le_bytes(bytes.try_into().unwrap());
            let bits = format!("{v:032b}");
            assert!(line("Float32 little-endian").ends_with(&format!("= 0x{v:08x}")));
            let fields = format!(
                "sign {} | exponent {} | mantissa {}",
                &bits[..1],
                &bits[1..9],
                &bits[9..]
            );
            assert_eq!(line("| mantissa").trim(), fields);
            assert!(shows_float(&last("× 2^"), f32::from_bits(v)));
        }
        "Tab F4" => {
            let c = std::str::from_utf8(bytes).unwrap().chars().next().unwrap();
            let mut utf8 = [0; 4];
            let utf8: Vec<String> = c
                .encode_utf8(&mut utf8)
                .bytes()
                .map(|b| format!("{b:02X}"))
                .collect();
            let u = c as u32;
            assert!(
                line("UTF-8 at 0x0").ends_with(&format!("{} → U+{u:04X} '{c}'", utf8.join(" ")))
            );
            assert!(
                panel
                    .iter()
                    .any(|l| l.ends_with(&format!("= 0x{u:04X} = {u} → '{c}'")))
            );
        }
        other => panic!("no check for {other}"),
    }
}
