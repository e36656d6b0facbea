//! The inspector: every reading of the bytes at the cursor — the byte in
//! binary, hex, octal and decimal, the UTF-8 character starting there, and
//! the ten element types little- and big-endian side by side (integers with
//! their hex too, when asked); then dates, GUIDs, LEB128 and bits
//! (`decodings`), below the numbers when the screen has room, else on a
//! page of their own that a key switches to.

mod decodings;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;

use super::panes::Ctx;
use crate::app::command::Cmd;
use crate::core::display::escape_str;
use crate::core::fit::{fit, fit_with_hex};
use crate::core::text::{Utf8At, displayable, utf8_at};
use crate::core::typed::{ElemKind, ElemType, Endian};

pub use decodings::height as decodings_height;

/// Kinds in the left block (up to 32 bits); the rest go on the right.
const LEFT_KINDS: usize = 6;

/// Widest value of each block, for column widths (with hex: the decimal,
/// a space and `0x` with 8 or 16 digits).
const LEFT_VALUE_W: usize = 14;
const RIGHT_VALUE_W: usize = 25;
const LEFT_HEX_VALUE_W: usize = 23;
const RIGHT_HEX_VALUE_W: usize = 40;
const NAME_W: usize = 10;

/// Rows of the numbers part, title included.
const NUMBERS_H: u16 = 9;

pub struct Inspector<'a>(pub &'a Ctx<'a>);

impl Widget for Inspector<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let app = ctx.app;
        let theme = ctx.theme;
        let at = app.ed.cursor();
        let bytes = app.ed.doc().read(at..at + decodings::READ_LEN);
        let endian = app.view.elem.endian;
        let stacked = area.height >= NUMBERS_H + decodings_height(area.width);
        let page_key = app
            .keymap
            .keys_for(Cmd::InspectorPage)
            .first()
            .map(|k| k.to_string());
        let styles = (theme.title(), theme.dim());
        if stacked {
            let below = Rect {
                y: area.y + NUMBERS_H,
                height: area.height - NUMBERS_H,
                ..area
            };
            let title = format!("─ {}", decodings::title(endian));
            decodings::render(below, buf, &bytes, endian, &title, styles);
        } else if app.view.inspector_decodings {
            let hint = page_key.map_or(String::new(), |k| format!("─ {k}: numbers "));
            let title = format!(
                "─ Inspector @ 0x{at:x} ({at}) {hint}─ {}",
                decodings::title(endian)
            );
            decodings::render(area, buf, &bytes, endian, &title, styles);
            return;
        }
        let area = Rect {
            height: area.height.min(NUMBERS_H),
            ..area
        };
        let hint = match page_key {
            Some(k) if !stacked => format!("─ {k}: dates, GUID, LEB128, bits "),
            _ => String::new(),
        };
        let title = format!("─ Inspector @ 0x{at:x} ({at}) {hint}");
        let rule = "─".repeat(area.width as usize);
        buf.set_stringn(area.x, area.y, &rule, area.width as usize, theme.dim());
        buf.set_stringn(area.x, area.y, &title, area.width as usize, theme.title());
        let Some(&b) = bytes.first() else {
            buf.set_string(
                area.x + 1,
                area.y + 1,
                "(end of file: no byte here)",
                theme.dim(),
            );
            return;
        };
        let line1 = first_line(
            &[
                format!("binary {b:08b}"),
                format!("hex 0x{b:02x}"),
                format!("octal 0o{b:03o}"),
                format!("decimal {b}"),
                format!("UTF-8 {}", utf8_summary(&bytes)),
            ],
            area.width as usize,
        );
        buf.set_stringn(
            area.x,
            area.y + 1,
            &line1,
            area.width as usize,
            ratatui::style::Style::new(),
        );

        let hex = app.view.hex_numbers;
        let (left_value_w, right_value_w) = if hex {
            (LEFT_HEX_VALUE_W, RIGHT_HEX_VALUE_W)
        } else {
            (LEFT_VALUE_W, RIGHT_VALUE_W)
        };
        let both = area.width as usize >= 2 + NAME_W * 2 + left_value_w * 2 + right_value_w * 2;
        let endians: Vec<Endian> = if both {
            vec![Endian::Little, Endian::Big]
        } else {
            vec![app.view.elem.endian]
        };
        let block = |kinds: &[ElemKind], x: u16, value_w: usize, buf: &mut Buffer| {
            let mut cx = x + NAME_W as u16;
            for e in &endians {
                buf.set_string(cx, area.y + 2, e.name(), theme.dim());
                cx += value_w as u16;
            }
            for (row, &kind) in kinds.iter().enumerate() {
                let y = area.y + 3 + row as u16;
                if y >= area.y + area.height {
                    break;
                }
                let current = kind == app.view.elem.kind;
                let name_style = if current {
                    theme.title().add_modifier(Modifier::REVERSED)
                } else {
                    theme.dim()
                };
                buf.set_string(
                    x,
                    y,
                    format!("{:<w$}", kind.js_name(), w = NAME_W - 1),
                    name_style,
                );
                let mut cx = x + NAME_W as u16;
                for (i, &endian) in endians.iter().enumerate() {
                    if kind.size() == 1 && i > 0 {
                        break;
                    }
                    // Never cut a number: it is fitted to the room it has.
                    let room = (value_w - 1).min(area.right().saturating_sub(cx) as usize);
                    let show = |v| {
                        if hex {
                            fit_with_hex(v, kind.size(), room)
                        } else {
                            fit(v, room)
                        }
                    };
                    let v = ElemType::new(kind, endian)
                        .decode(&bytes)
                        .map_or_else(|| "—".to_string(), show);
                    let mut style = ratatui::style::Style::new();
                    if current && endian == app.view.elem.endian {
                        style = style.add_modifier(Modifier::BOLD);
                    }
                    buf.set_stringn(cx, y, v, value_w - 1, style);
                    cx += value_w as u16;
                }
            }
        };
        let left_w = NAME_W + left_value_w * endians.len();
        block(&ElemKind::ALL[..LEFT_KINDS], area.x + 1, left_value_w, buf);
        block(
            &ElemKind::ALL[LEFT_KINDS..],
            area.x + 2 + left_w as u16,
            right_value_w,
            buf,
        );
    }
}

/// The readings of the byte that fit `width`, each whole: the last one
/// that does not fit keeps its first words and ends with `…`; the rest
/// are left out rather than cut mid-word.
fn first_line(parts: &[String], width: usize) -> String {
    let mut line = String::new();
    for part in parts {
        let sep = "   ";
        let used = line.chars().count() + sep.len();
        if used + part.chars().count() <= width {
            line.push_str(sep);
            line.push_str(part);
            continue;
        }
        let mut shown = String::new();
        for word in part.split(' ') {
            let next = if shown.is_empty() {
                word.to_string()
            } else {
                format!("{shown} {word}")
            };
            if used + next.chars().count() + 1 > width {
                break;
            }
            shown = next;
        }
        // Only a part with more than its label is worth a cut form.
        if shown.contains(' ') {
            line.push_str(sep);
            line.push_str(&shown);
            line.push('…');
        }
        break;
    }
    format!(" {}", line.trim_start())
}

/// The character at the cursor as UTF-8, or why there is none.
fn utf8_summary(bytes: &[u8]) -> String {
    match utf8_at(bytes) {
        Utf8At::Char { ch, len } if !displayable(ch) || ch.is_whitespace() => {
            // Never the character itself when it cannot be drawn: a
            // noncharacter or a separator would break the line.
            let name = if ch == ' ' {
                "space".to_string()
            } else if ch.is_control() {
                escape_str(&ch.to_string())
            } else if crate::core::text::is_noncharacter(ch) {
                "(a noncharacter, not drawn)".to_string()
            } else if displayable(ch) {
                ch.to_string()
            } else {
                "(not drawn)".to_string()
            };
            format!("U+{:04X} {name} ({len} byte{})", ch as u32, plural(len))
        }
        Utf8At::Char { ch, len } => {
            format!("'{ch}' U+{:04X} ({len} byte{})", ch as u32, plural(len))
        }
        other => other.explain(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_never_cuts_a_word() {
        let parts: Vec<String> = ["binary 01010010", "hex 0x52", "octal 0o122", "decimal 82"]
            .iter()
            .map(|s| s.to_string())
            .chain(std::iter::once(
                "UTF-8 none: a 3-byte sequence cut off after 2".to_string(),
            ))
            .collect();
        for width in 10..100 {
            let line = first_line(&parts, width);
            assert!(line.chars().count() <= width.max(16), "{width}: {line}");
            let words: Vec<&str> = parts.iter().flat_map(|p| p.split(' ')).collect();
            for w in line.split_whitespace() {
                let w = w.trim_end_matches('…');
                assert!(words.contains(&w), "{width}: '{w}' cut in {line}");
            }
        }
        assert!(utf8_summary("\u{fffe}".as_bytes()).contains("noncharacter"));
        assert!(!utf8_summary("\u{2028}".as_bytes()).contains('\u{2028}'));
    }
}
