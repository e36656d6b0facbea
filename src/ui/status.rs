//! The status line (file, [modified], [read-only], cursor offset, size,
//! mode, pane, type)
//! and the message line under it, which also holds prompts and questions.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

use super::panes::Ctx;
use crate::app::command::Cmd;
use crate::app::mode::{Mode, ModeCmd};
use crate::app::state::{App, Confirm, EditMode, MessageKind, Overlay};
use crate::core::display::escape_path;

pub struct StatusLine<'a>(pub &'a Ctx<'a>);

/// The rank of the `F1 help` hint, drawn at the right edge.
const HELP: u8 = 247;

/// A part of the status line; the lower its rank, the sooner it is left
/// out when the line is too narrow.
pub(super) struct Part {
    pub(super) text: String,
    /// A shorter form, used before any essential part is dropped.
    pub(super) short: Option<String>,
    pub(super) rank: u8,
    pub(super) style: Style,
}

/// Parts of this rank or above are essential: the cursor offset and the
/// `F1 help` hint (the only pointer to the keys) survive every width at
/// which the name has been shortened as far as it goes.
const ESSENTIAL: u8 = 240;

/// The fewest characters of the name kept when the line is narrow.
const NAME_MIN: usize = 6;
/// The characters of the name kept before the essential parts shorten.
const NAME_KEEP: usize = 20;

/// Keeps the most important parts that fit `width` (with a `│` between
/// each), in their order: the optional parts go first (least important
/// first), then the essential parts take their short forms, then the name
/// (rank 255) is shortened from the left, and only then is an essential
/// part dropped.
pub(super) fn fit(mut parts: Vec<Part>, width: usize) -> Vec<Part> {
    let total = |ps: &[Part]| ps.iter().map(|p| p.text.chars().count() + 1).sum::<usize>();
    let drop_lowest = |parts: &mut Vec<Part>, below: u8| -> bool {
        let lowest = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.rank < below)
            .min_by_key(|(_, p)| p.rank)
            .map(|(i, _)| i);
        lowest.map(|i| parts.remove(i)).is_some()
    };
    while total(&parts) > width && drop_lowest(&mut parts, ESSENTIAL) {}
    // A long path gives way first (its end, the file's name, stays).
    let over = total(&parts).saturating_sub(width);
    shorten_name(&mut parts, over, NAME_KEEP);
    // Short forms, least important part first, until the line fits.
    while total(&parts) > width {
        let Some(p) = parts
            .iter_mut()
            .filter(|p| p.short.is_some())
            .min_by_key(|p| p.rank)
        else {
            break;
        };
        p.text = p.short.take().expect("filtered");
    }
    let over = total(&parts).saturating_sub(width);
    shorten_name(&mut parts, over, NAME_MIN);
    while total(&parts) > width && drop_lowest(&mut parts, 255) {}
    let over = total(&parts).saturating_sub(width);
    shorten_name(&mut parts, over, NAME_MIN);
    parts
}

/// Shortens the name (rank 255) by `over` characters from the left, keeping
/// at least `min` of them.
fn shorten_name(parts: &mut [Part], over: usize, min: usize) {
    if over == 0 {
        return;
    }
    if let Some(name) = parts.iter_mut().find(|p| p.rank == 255) {
        let chars: Vec<char> = name.text.trim().chars().collect();
        if chars.len() <= min {
            return;
        }
        let keep = chars.len().saturating_sub(over + 1).max(min - 1);
        let tail: String = chars[chars.len() - keep..].iter().collect();
        name.text = format!(" …{tail} ");
    }
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let app = ctx.app;
        let theme = ctx.theme;
        buf.set_style(area, theme.status());
        let len = app.ed.doc().len();
        let c = app.ed.cursor();
        let mode = match (app.mode, app.ed.readonly().is_some()) {
            (_, true) => "READ-ONLY",
            (_, false) if app.keymap.is_modal() && app.vi_normal => "NORMAL",
            (EditMode::Overwrite, false) => "OVERWRITE",
            (EditMode::Insert, false) => "INSERT",
        };
        let ty = app.view.elem;
        let plain = theme.status();
        let part = |text: String, rank: u8| Part {
            text,
            short: None,
            rank,
            style: plain,
        };
        let mut parts = vec![Part {
            text: format!(" {} ", app.display_name()),
            short: None,
            rank: 255,
            style: plain.add_modifier(Modifier::BOLD),
        }];
        if app.is_new_buffer() {
            parts.push(Part {
                text: " [new] ".into(),
                short: None,
                rank: 251,
                style: theme.modified(),
            });
        }
        if app.is_modified() {
            parts.push(Part {
                text: " [modified] ".into(),
                short: Some(" [+] ".into()),
                rank: 250,
                style: theme.modified(),
            });
        }
        // A file the user cannot write: kept on all but the narrowest lines,
        // since Ctrl+S will not write it.
        if app.unwritable.is_some() {
            parts.push(Part {
                text: " [read-only] ".into(),
                short: Some(" [ro] ".into()),
                rank: 245,
                style: theme.modified(),
            });
        }
        parts.push(Part {
            short: Some(format!(" 0x{c:x}/0x{len:x} ")),
            ..part(
                format!(
                    " 0x{c:x} ({c}) of 0x{len:x} ({}) ",
                    crate::core::display::byte_count(len)
                ),
                248,
            )
        });
        if let Some(sel) = app.selection() {
            let n = sel.end - sel.start;
            let s = if n == 1 { "" } else { "s" };
            parts.push(part(
                format!(" sel 0x{:x}–0x{:x} ({n} byte{s}) ", sel.start, sel.end - 1),
                200,
            ));
        }
        // While stepping through matches: which one this is.
        if let Some(p) = app.match_position() {
            parts.push(part(format!(" {p} "), 220));
        }
        parts.push(part(format!(" {mode} "), 230));
        // Where the keys go: a pane, or the structure panel's tree.
        let focus = if app.structure.as_ref().is_some_and(|s| s.open && s.focused) {
            " structure ".to_string()
        } else {
            format!(" {} pane ", app.focus.name())
        };
        parts.push(part(focus, 100));
        parts.push(part(
            format!(
                " {} {} ",
                ty.kind.js_name(),
                ty.endian.short().to_uppercase()
            ),
            150,
        ));
        let (text, short) = help_hint(app);
        parts.push(Part {
            short: Some(short),
            ..part(text, HELP)
        });
        let parts = fit(parts, area.width as usize);
        let right = area.x + area.width;
        let mut x = area.x;
        let last = parts.len().saturating_sub(1);
        for (i, p) in parts.iter().enumerate() {
            if x >= right {
                break;
            }
            // The help hint sits at the right edge.
            if i == last && p.rank == HELP {
                let w = p.text.chars().count() as u16;
                buf.set_stringn(
                    right.saturating_sub(w).max(x),
                    area.y,
                    &p.text,
                    (right - x) as usize,
                    p.style,
                );
                break;
            }
            let (nx, _) = buf.set_stringn(x, area.y, &p.text, (right - x) as usize, p.style);
            x = nx;
            if x < right && i < last {
                buf.set_string(x, area.y, "│", plain);
                x += 1;
            }
        }
    }
}

pub struct MessageLine<'a>(pub &'a Ctx<'a>);

impl Widget for MessageLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let app = ctx.app;
        let theme = ctx.theme;
        let w = area.width as usize;
        match &app.overlay {
            Overlay::Prompt { kind, input } => {
                let label = format!("{}: ", kind.label(app.view.elem, &app.keymap));
                let (x, _) = buf.set_stringn(area.x, area.y, &label, w, theme.prompt());
                let text = input.text();
                let room = (area.x + area.width).saturating_sub(x) as usize;
                // Keep the end of a long input, and the cursor, in view.
                let chars: Vec<char> = text.chars().collect();
                let skip = (input.cursor() + 1).saturating_sub(room);
                let shown: String = chars.iter().skip(skip).collect();
                let style = if input.is_selected() {
                    theme.selected(Style::new())
                } else {
                    Style::new()
                };
                buf.set_stringn(
                    x,
                    area.y,
                    crate::core::display::escape_str(&shown),
                    room,
                    style,
                );
                let cx = x + (input.cursor() - skip) as u16;
                if let Some(cell) = buf.cell_mut((cx, area.y)) {
                    cell.set_style(theme.cursor());
                }
            }
            Overlay::Confirm(confirm) => {
                let key = |cmd| app.mode_key_hint(Mode::Confirm, cmd);
                let (save, discard, stay) = (
                    key(ModeCmd::SaveThenQuit),
                    key(ModeCmd::Discard),
                    key(ModeCmd::Cancel),
                );
                let yes_no = format!("({}/{})", key(ModeCmd::Yes), key(ModeCmd::No));
                let q = match confirm {
                    Confirm::QuitUnsaved if app.is_new_buffer() && !app.is_modified() => {
                        format!(
                            "This new buffer was never saved: quitting creates no file. Save it ({save}), quit without it ({discard}), or stay ({stay})?"
                        )
                    }
                    Confirm::QuitUnsaved => format!(
                        "Unsaved edits. Save them ({save}), discard them and quit ({discard}), or stay ({stay})?"
                    ),
                    Confirm::Overwrite { path, .. } => {
                        format!("{} exists. Overwrite it? {yes_no}", escape_path(path))
                    }
                    Confirm::ForceSave { .. } => format!(
                        "The file changed on disk since it was opened. Overwrite it anyway? {yes_no}"
                    ),
                    Confirm::ReplaceMatch { at, search, .. } => format!(
                        "Replace {} at 0x{at:x}? {}: replace  {}: skip  {}: all the rest  {stay}: stop",
                        search.shown,
                        key(ModeCmd::Yes),
                        key(ModeCmd::No),
                        key(ModeCmd::ReplaceAll)
                    ),
                    Confirm::ExportOverwrite { path } => {
                        format!(
                            "{} exists. Overwrite it with the selection? {yes_no}",
                            escape_path(path)
                        )
                    }
                };
                buf.set_stringn(area.x, area.y, q, w, theme.prompt());
            }
            _ => {
                if let Some(m) = &app.message {
                    let style = match m.kind {
                        MessageKind::Info => theme.info(),
                        MessageKind::Error => theme.error(),
                    };
                    buf.set_stringn(area.x, area.y, cut_to_width(&m.text, w), w, style);
                } else if let Some(entry) = &app.typed_entry {
                    let name = app.view.elem.kind.js_name();
                    let article = if name.starts_with('I') { "an" } else { "a" };
                    let hint = format!(
                        "typing {article} {name} value: {}▏  {} writes it, {} cancels",
                        crate::core::display::escape_str(entry),
                        app.mode_key_hint(Mode::Entry, ModeCmd::Accept),
                        app.mode_key_hint(Mode::Entry, ModeCmd::Cancel)
                    );
                    buf.set_stringn(area.x, area.y, hint, w, theme.dim());
                }
            }
        }
    }
}

/// The status line's way to help, as the keymap has it: ` F1 help ` (and
/// ` F1 ` when short); the palette's key when help has none. A key that
/// works in and out of vi's normal mode, so the hint stays put.
pub fn help_hint(app: &App) -> (String, String) {
    let (key, what) = match app.keymap.steady_key(Cmd::Help, app.vi_normal) {
        Some(key) => (key.to_string(), "help"),
        None => (app.key_hint(Cmd::Palette), "commands"),
    };
    (format!(" {key} {what} "), format!(" {key} "))
}

/// `text` in at most `w` columns, ending in `…` when it was cut (a
/// message cut short must not read as whole).
fn cut_to_width(text: &str, w: usize) -> std::borrow::Cow<'_, str> {
    use unicode_width::UnicodeWidthChar;
    use unicode_width::UnicodeWidthStr;
    if text.width() <= w {
        return text.into();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_cut_short_ends_in_an_ellipsis() {
        assert_eq!(cut_to_width("short", 10), "short");
        assert_eq!(cut_to_width("exactly ten", 11), "exactly ten");
        assert_eq!(cut_to_width("a longer message", 10), "a longer …");
        // Wide characters count two columns.
        assert_eq!(cut_to_width("漢字漢字漢字", 7), "漢字漢…");
    }

    fn p(text: &str, rank: u8) -> Part {
        Part {
            text: text.to_string(),
            short: None,
            rank,
            style: Style::new(),
        }
    }

    #[test]
    fn narrow_status_drops_the_least_important_parts_first() {
        let parts = vec![
            p(" name ", 255),
            p(" 0x1 of 0x2 ", 248),
            p(" hex pane ", 100),
            p(" F1 help ", HELP),
        ];
        let kept: Vec<String> = fit(parts, 36).into_iter().map(|p| p.text).collect();
        assert_eq!(kept, vec![" name ", " 0x1 of 0x2 ", " F1 help "]);
    }

    #[test]
    fn a_long_name_is_shortened_from_the_left() {
        let parts = vec![p(" /a/very/long/directory/file.bin ", 255), p(" 0x1 ", 240)];
        let kept = fit(parts, 20);
        assert!(kept[0].text.starts_with(" …"), "{}", kept[0].text);
        assert!(kept[0].text.contains("file.bin"));
        let width: usize = kept.iter().map(|p| p.text.chars().count() + 1).sum();
        assert!(width <= 20, "{width}");
    }
}
