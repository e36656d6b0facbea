//! Named bookmarks and regions (name, colour, comment; persisted per file),
//! following a pointer at the cursor with a stack to jump back, and the
//! typed pane's base offset ("align elements here"). The bookmarks file is
//! written by a job (the app does no I/O itself) whenever they change.

use std::path::{Path, PathBuf};

use super::command::Cmd;
use super::effect::Effect;
use super::jobs::Job;
use super::state::{App, Overlay, Panel, PromptKind};
use crate::core::bookmarks::{self, Bookmark, color_index};
use crate::core::display::{escape_path, escape_str};
use crate::core::typed::{ElemKind, ElemType, Value};

/// Most jumps remembered for jumping back.
const BACK_KEEP: usize = 100;

/// `name; colour; comment`, as typed into the bookmark prompt.
pub fn parse_bookmark_input(text: &str) -> Result<(String, Option<usize>, String), String> {
    let mut parts = text.splitn(3, ';');
    let name = parts.next().unwrap_or("").trim();
    if name.is_empty() {
        return Err("a bookmark needs a name (name; colour; comment)".into());
    }
    if name.contains(|c: char| "+-*/() ".contains(c)) {
        return Err(format!(
            "'{}': a bookmark name has no spaces or + - * / ( ), so go to can use it",
            escape_str(name)
        ));
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!(
            "'{}': a bookmark name starts with a letter (go to reads digits as numbers)",
            escape_str(name)
        ));
    }
    let lower = name.to_ascii_lowercase();
    let mark_n = lower
        .strip_prefix("mark")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if ["cursor", "here", "end", "size", "len"].contains(&lower.as_str()) || mark_n {
        return Err(format!(
            "'{}' is a name go to already knows (cursor, end, size, mark1…); pick another",
            escape_str(name)
        ));
    }
    let color = match parts.next().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => Some(color_index(c).ok_or_else(|| {
            format!(
                "no colour '{}' (one of {})",
                escape_str(c),
                bookmarks::COLORS.join(", ")
            )
        })?),
        None => None,
    };
    let comment = parts.next().unwrap_or("").trim().to_string();
    Ok((name.to_string(), color, comment))
}

impl App {
    /// Opens the prompt that names the selection (a region) or the cursor
    /// (a point).
    pub(crate) fn open_bookmark_prompt(&mut self) {
        let range = match self.selection() {
            Some(r) => r,
            None => self.ed.cursor()..self.ed.cursor(),
        };
        self.overlay = Overlay::Prompt {
            kind: PromptKind::Bookmark { range, old: None },
            input: super::prompt::LineInput::default(),
        };
    }

    pub(crate) fn submit_bookmark(
        &mut self,
        range: std::ops::Range<u64>,
        old: Option<String>,
        text: &str,
    ) {
        let (name, color, comment) = match parse_bookmark_input(text) {
            Ok(v) => v,
            Err(e) => {
                self.error(e);
                return;
            }
        };
        let prev = old
            .as_deref()
            .and_then(|o| self.ed.bookmarks().iter().position(|b| b.name == o));
        let prev = prev.and_then(|i| self.ed.remove_bookmark(i));
        let n = self.ed.bookmarks().len() + usize::from(prev.is_none());
        let b = Bookmark {
            name: name.clone(),
            offset: range.start,
            len: range.end - range.start,
            color: color
                .or(prev.as_ref().map(|p| p.color))
                .unwrap_or(n.saturating_sub(1) % bookmarks::COLORS.len()),
            comment: if comment.is_empty() {
                prev.map(|p| p.comment).unwrap_or_default()
            } else {
                comment
            },
        };
        let what = if b.len == 0 {
            format!("0x{:x}", b.offset)
        } else {
            format!("0x{:x}–0x{:x}", b.offset, b.offset + b.len - 1)
        };
        self.ed.set_bookmark(b);
        let list = self.key_hint(Cmd::Bookmarks);
        self.info(format!(
            "bookmark '{}' at {what} ({list} lists bookmarks; go to accepts the name)",
            escape_str(&name)
        ));
        self.bookmarks_changed();
    }

    pub(crate) fn open_bookmarks(&mut self) {
        if self.ed.bookmarks().is_empty() {
            let name = self.key_hint(Cmd::NameBookmark);
            self.info(format!(
                "no bookmarks yet ({name} names the cursor or the selection)"
            ));
        } else {
            self.overlay = Overlay::Panel(Panel::Bookmarks { selected: 0 });
        }
    }

    /// Enter in the list: jump to the bookmark (selecting a region).
    pub(crate) fn bookmark_jump(&mut self, index: usize) {
        let Some(b) = self.ed.bookmarks().get(index).cloned() else {
            return;
        };
        self.overlay = Overlay::None;
        self.push_back();
        self.jump_to(b.offset);
        if b.len > 1 {
            self.ed.set_anchor(Some(b.offset + b.len - 1));
        }
    }

    /// d in the list: remove the bookmark.
    pub(crate) fn bookmark_remove(&mut self, index: usize) {
        if let Some(b) = self.ed.remove_bookmark(index) {
            self.info(format!("bookmark '{}' removed", escape_str(&b.name)));
            self.bookmarks_changed();
        }
        let left = self.ed.bookmarks().len();
        self.overlay = if left == 0 {
            Overlay::None
        } else {
            Overlay::Panel(Panel::Bookmarks {
                selected: index.min(left - 1),
            })
        };
    }

    /// e in the list: rename, recolour or comment the bookmark.
    pub(crate) fn bookmark_rename(&mut self, index: usize) {
        let Some(b) = self.ed.bookmarks().get(index).cloned() else {
            return;
        };
        let text = format!("{}; {}; {}", b.name, b.color_name(), b.comment);
        self.overlay = Overlay::Prompt {
            kind: PromptKind::Bookmark {
                range: b.range(),
                old: Some(b.name),
            },
            input: super::prompt::LineInput::preselected(&text),
        };
    }

    /// Writes the bookmarks to their file, when they persist.
    pub(crate) fn bookmarks_changed(&mut self) {
        if let Some(path) = self.bookmark_file.clone() {
            let text = bookmarks::to_json(self.ed.doc().source().path(), self.ed.bookmarks());
            self.effects.push(Effect::Job(Job::WriteBookmarks {
                path,
                text,
                export: false,
            }));
        }
    }

    pub(crate) fn submit_export_bookmarks(&mut self, path: PathBuf) {
        let text = bookmarks::to_json(self.ed.doc().source().path(), self.ed.bookmarks());
        self.effects.push(Effect::Job(Job::WriteBookmarks {
            path,
            text,
            export: true,
        }));
    }

    pub(crate) fn bookmarks_written(
        &mut self,
        path: &Path,
        export: bool,
        result: std::io::Result<()>,
    ) {
        match (result, export) {
            (Ok(()), true) => self.info(format!(
                "wrote {} bookmarks to {}",
                self.ed.bookmarks().len(),
                escape_path(path)
            )),
            (Ok(()), false) => {}
            (Err(e), _) => self.error(format!("{}: bookmarks not written: {e}", escape_path(path))),
        }
    }

    /// Takes the bookmarks read from an import: they join the ones there
    /// (same name: the imported one wins).
    pub(crate) fn bookmarks_imported(&mut self, path: &Path, result: std::io::Result<String>) {
        let text = match result {
            Ok(t) => t,
            Err(e) => {
                self.error(format!("{}: {e}", escape_path(path)));
                return;
            }
        };
        match bookmarks::from_json(&text, path) {
            Ok(list) => {
                let n = list.len();
                for b in list {
                    self.ed.set_bookmark(b);
                }
                self.info(format!("imported {n} bookmarks from {}", escape_path(path)));
                self.bookmarks_changed();
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// The value of a name in a go-to expression: `cursor`, `end` (the
    /// last byte), `size`, a bookmark's name, `mark1`… in offset order.
    pub(crate) fn goto_name(&self, name: &str) -> Option<u64> {
        let len = self.ed.doc().len();
        match name.to_ascii_lowercase().as_str() {
            "cursor" | "here" => return Some(self.ed.cursor()),
            "end" => return Some(len.saturating_sub(1)),
            "size" | "len" => return Some(len),
            _ => {}
        }
        if let Some(b) = self.ed.bookmarks().iter().find(|b| b.name == name) {
            return Some(b.offset);
        }
        let n: usize = name.strip_prefix("mark")?.parse().ok()?;
        self.ed.marks().get(n.checked_sub(1)?).copied()
    }

    fn push_back(&mut self) {
        if self.back_stack.len() >= BACK_KEEP {
            self.back_stack.remove(0);
        }
        self.back_stack.push(self.ed.cursor());
    }

    /// Jumps to the offset stored at the cursor, read as `ty` (the typed
    /// pane's type when `None`).
    pub(crate) fn follow_pointer(&mut self, ty: Option<ElemType>) {
        let ty = ty.unwrap_or(self.view.elem);
        if ty.kind.is_float() {
            self.error(format!(
                "follow pointer reads integers; the typed pane is {} (pick an integer type, or u32/u64 from the palette)",
                ty.screen_name()
            ));
            return;
        }
        // The element under the cursor in the typed pane; elsewhere the
        // bytes from the cursor on.
        let at = if ty == self.view.elem {
            self.element_or_cursor()
        } else {
            self.ed.cursor()
        };
        let bytes = self.ed.doc().read(at..at + ty.size() as u64);
        let target = match ty.decode(&bytes) {
            Some(Value::Unsigned(v)) => Some(v),
            Some(Value::Signed(v)) => u64::try_from(v).ok(),
            Some(Value::Float(_)) => None,
            None => {
                self.error(format!(
                    "no {} at 0x{at:x}: the file ends first",
                    ty.screen_name()
                ));
                return;
            }
        };
        let len = self.ed.doc().len();
        match target {
            Some(t) if t < len => {
                self.push_back();
                self.jump_to(t);
                let back = self.key_hint(Cmd::JumpBack);
                self.info(format!(
                    "followed the {} at 0x{at:x} to 0x{t:x} ({back} jumps back)",
                    ty.screen_name()
                ));
            }
            _ => {
                let shown = match ty.decode(&bytes) {
                    Some(Value::Unsigned(v)) => format!("0x{v:x}"),
                    Some(v) => v.to_string(),
                    None => String::new(),
                };
                self.error(format!(
                    "the {} at 0x{at:x} is {shown}, outside the file (0x0–0x{:x}); not moved",
                    ty.screen_name(),
                    len.saturating_sub(1)
                ));
            }
        }
    }

    pub(crate) fn jump_back(&mut self) {
        match self.back_stack.pop() {
            Some(at) => {
                self.jump_to(at);
                self.info(format!(
                    "back at 0x{at:x} ({} more to go back)",
                    self.back_stack.len()
                ));
            }
            None => {
                let follow = self.key_hint(Cmd::FollowPointer(None));
                self.info(format!(
                    "nothing to jump back to ({follow} follows a pointer)"
                ));
            }
        }
    }

    /// The typed pane's elements start at the cursor (`here`; a second
    /// time at the same place resets), or at 0.
    pub(crate) fn align_here(&mut self, here: bool) {
        let here = here && self.view.elem_base != self.ed.cursor();
        self.view.elem_base = if here { self.ed.cursor() } else { 0 };
        let again = self.key_hint(Cmd::AlignHere);
        self.info(if here {
            format!(
                "typed pane elements start at 0x{:x} ({again} here again resets to 0)",
                self.view.elem_base
            )
        } else {
            "typed pane elements start at 0 again".to_string()
        });
    }
}

/// The palette's follow-pointer types: u32 and u64, each endianness.
pub const POINTER_TYPES: [ElemType; 4] = [
    ElemType::new(ElemKind::U32, crate::core::typed::Endian::Little),
    ElemType::new(ElemKind::U32, crate::core::typed::Endian::Big),
    ElemType::new(ElemKind::U64, crate::core::typed::Endian::Little),
    ElemType::new(ElemKind::U64, crate::core::typed::Endian::Big),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookmark_input_has_name_colour_and_comment() {
        assert_eq!(
            parse_bookmark_input("hdr; green; the header; really"),
            Ok(("hdr".into(), Some(1), "the header; really".into()))
        );
        assert_eq!(
            parse_bookmark_input(" p "),
            Ok(("p".into(), None, String::new()))
        );
        assert!(
            parse_bookmark_input("")
                .unwrap_err()
                .contains("needs a name")
        );
        assert!(
            parse_bookmark_input("a b")
                .unwrap_err()
                .contains("no spaces")
        );
        assert!(parse_bookmark_input("9x").unwrap_err().contains("letter"));
        assert!(
            parse_bookmark_input("x; teal")
                .unwrap_err()
                .contains("teal")
        );
    }
}
