//! What the structure panel's keys do: moving in the tree moves the cursor
//! to the field; the cursor moving in the panes selects the field under it;
//! Enter follows an instance or jumps to the field; `e` types a new value,
//! written through the editor's one edit path as one undo step with its
//! JavaScript line.

use super::code::{code_bytes, code_value};
use super::command::Cmd;
use super::editor::{After, Edit};
use super::mode::ModeCmd;
use super::prompt::LineInput;
use super::state::{App, Overlay, Pane, PromptKind};
use super::structure::{RowKind, Structure};
use crate::core::ksy::fieldjs::{self, Scalar};

impl App {
    /// Gives the app a structure panel (a spec found at start-up).
    pub fn set_structure(&mut self, s: Structure) {
        self.structure = Some(s);
        self.structure_refresh();
    }

    /// F9 / `structure`: opens the panel with the keys, gives it the keys
    /// back, or closes it.
    pub(crate) fn toggle_structure(&mut self) {
        match &mut self.structure {
            None => self.error(
                "no structure: no Kaitai spec matched this file at start-up (open it with --ksy SPEC or --format NAME)",
            ),
            Some(s) if !s.open => {
                s.open = true;
                s.focused = true;
                s.synced = None;
            }
            Some(s) if !s.focused => s.focused = true,
            Some(s) => {
                s.open = false;
                s.focused = false;
            }
        }
        self.structure_refresh();
    }

    /// Re-parses a stale tree and, when the cursor moved other than by the
    /// tree (keys in the panes, go to, find), selects the innermost field
    /// under it.
    pub fn structure_refresh(&mut self) {
        let rev = self.ed.revision();
        let cursor = self.ed.cursor();
        let Some(s) = &mut self.structure else {
            return;
        };
        if !s.open {
            return;
        }
        s.refresh(self.ed.doc(), rev);
        if s.synced != Some(cursor) {
            s.synced = Some(cursor);
            match s.path_at(cursor) {
                Some(p) => {
                    s.select_path(&p);
                    s.outside = false;
                }
                None => s.outside = true,
            }
        }
    }

    pub(crate) fn structure_cmd(&mut self, cmd: ModeCmd) {
        let Some(s) = &mut self.structure else {
            return;
        };
        let last = s.rows.len().saturating_sub(1);
        let page = s.page.max(1);
        let moved = match cmd {
            ModeCmd::RowUp => Some(s.selected.saturating_sub(1)),
            ModeCmd::RowDown => Some((s.selected + 1).min(last)),
            ModeCmd::TenUp => Some(s.selected.saturating_sub(page)),
            ModeCmd::TenDown => Some((s.selected + page).min(last)),
            ModeCmd::FirstRow => Some(0),
            ModeCmd::LastRow => Some(last),
            ModeCmd::NextSibling => sibling(s, true),
            ModeCmd::PrevSibling => sibling(s, false),
            _ => None,
        };
        if let Some(i) = moved {
            s.selected = i;
            self.cursor_to_selected();
            return;
        }
        match cmd {
            // On a leaf, Right follows an instance not yet read.
            ModeCmd::Expand if !s.set_expanded(true) => self.structure_follow(),
            // On a leaf or a closed node: go to the node holding it.
            ModeCmd::Collapse if !s.set_expanded(false) => {
                let path = s.selected_row().map(|r| r.path.clone());
                let parents = path.map(|p| super::structure::ancestors(&p));
                if let Some(parent) = parents
                    .and_then(|p| p.last().cloned())
                    .filter(|p| !p.is_empty())
                {
                    s.select_path(&parent);
                    self.cursor_to_selected();
                }
            }
            // On the node where a capped parse stopped: parse further.
            ModeCmd::Accept
                if s.stopped_at_cap() && s.selected_row().is_some_and(|r| r.error.is_some()) =>
            {
                let path = s.selected_row().map(|r| r.path.clone());
                s.parse_further(self.ed.doc(), self.ed.revision());
                if let Some(p) = path {
                    s.select_path(&p);
                }
            }
            ModeCmd::Accept => {
                let row = s.selected_row();
                if row.is_some_and(|r| r.kind == RowKind::Unread) {
                    self.structure_follow();
                } else if let Some(r) = row.filter(|r| r.computed) {
                    // Nothing to go to: the keys stay in the tree.
                    let text = format!("{}: a computed value, with no bytes in the file", r.path);
                    self.info(text);
                } else {
                    self.cursor_to_selected();
                    give_keys_to_panes(self);
                }
            }
            ModeCmd::EditField => self.open_field_edit(),
            ModeCmd::Leave => s.focused = false,
            ModeCmd::ClosePanel => {
                s.open = false;
                s.focused = false;
            }
            _ => {}
        }
    }

    /// Evaluates the selected instance and moves the cursor to it.
    fn structure_follow(&mut self) {
        let Some(s) = &mut self.structure else {
            return;
        };
        if let Some(e) = s.evaluate_selected() {
            self.error(format!("instance: {e}"));
        }
        self.cursor_to_selected();
    }

    /// Moves the cursor to the selected field's first byte.
    fn cursor_to_selected(&mut self) {
        let Some(s) = &mut self.structure else {
            return;
        };
        let Some(off) = s.selected_row().and_then(|r| r.offset) else {
            return;
        };
        s.synced = Some(off.min(self.ed.max_cursor()));
        s.outside = false;
        self.ed.set_anchor(None);
        self.ed.set_cursor(off);
        self.reveal_cursor();
    }

    /// `e`: a prompt for the selected field's new value.
    fn open_field_edit(&mut self) {
        let Some(row) = self.structure.as_ref().and_then(|s| s.selected_row()) else {
            return;
        };
        let (processed, includes) = {
            let s = self.structure.as_ref().expect("a selected row");
            let (_, attr) = s.attr_of(row);
            (attr.process.is_some(), attr.include)
        };
        let editable = row.kind == RowKind::Scalar
            && row.offset.is_some()
            && !processed
            && !includes
            && match Scalar::of(&row.type_name) {
                Some(Scalar::Number(_) | Scalar::Str { .. }) => true,
                Some(Scalar::Bits(_)) => row.bits.is_some(),
                _ => false,
            };
        if !editable {
            let what = if row.offset.is_none() {
                "it has no bytes of its own in the file"
            } else if processed {
                "its bytes are processed (process:); edit them in the hex pane"
            } else if includes {
                "it holds its own terminator (include: true); edit it in the hex pane"
            } else {
                "only integers, bit fields, enums and strings are edited here; edit other bytes in the hex pane"
            };
            self.error(format!("{}: cannot edit: {what}", row.path));
            return;
        }
        // The value as typed: a string shown with escapes is not offered
        // (Enter would write the escapes).
        let current = if matches!(Scalar::of(&row.type_name), Some(Scalar::Str { .. })) {
            serde_json::from_str::<String>(&row.value)
                .ok()
                .filter(|v| !v.contains('\\'))
                .unwrap_or_default()
        } else {
            row.value.clone()
        };
        let current = match current.split_once("::") {
            Some((_, label)) if row.enum_.is_some() => label.to_string(),
            _ => current,
        };
        self.overlay = Overlay::Prompt {
            kind: PromptKind::FieldValue {
                path: row.path.clone(),
            },
            input: LineInput::new(&current),
        };
    }

    /// Writes the value typed for the field at `path`.
    pub(crate) fn submit_field_value(&mut self, path: &str, text: &str) {
        let Some(s) = &self.structure else {
            return;
        };
        let Some(row) = s.rows.iter().find(|r| r.path == path) else {
            self.error(format!("{path}: no longer in the tree; nothing written"));
            return;
        };
        let (Some(off), Some(scalar)) = (row.offset, Scalar::of(&row.type_name)) else {
            return;
        };
        let schema = s.schema();
        let (ty, attr) = s.attr_of(row);
        let encoding = attr
            .encoding
            .clone()
            .or_else(|| ty.encoding.clone())
            .unwrap_or_else(|| "UTF-8".into());
        let enum_def = row.enum_.map(|e| &schema.enums[e]);
        let encoded = match (scalar, row.bits) {
            // A bit field shares its bytes with its neighbours: only its
            // bits change.
            (Scalar::Bits(_), Some(pos)) => {
                let current = self.ed.doc().read(off..off + row.size);
                fieldjs::encode_bits(text, pos, enum_def, &current)
            }
            (Scalar::Str { zero }, _) => {
                let terminator = attr.terminator.or(zero.then_some(0));
                let last = (row.size > 0)
                    .then(|| self.ed.doc().read(off + row.size - 1..off + row.size))
                    .and_then(|b| b.first().copied());
                let layout = fieldjs::StrLayout {
                    size: row.size,
                    sized: attr.size.is_some(),
                    terminator,
                    pad: attr.pad_right,
                    // Read with the string (consumed; strings that include
                    // it are not edited here): it stays where it is.
                    ends_with_terminator: attr.consume
                        && terminator.is_some_and(|t| last == Some(t)),
                };
                fieldjs::encode_str(text, &encoding, layout)
            }
            _ => fieldjs::encode(scalar, text, row.size, &encoding, enum_def),
        };
        let bytes = match encoded {
            Ok(b) => b,
            Err(e) => {
                self.error(format!("{path}: {e}; nothing written"));
                return;
            }
        };
        let code = match scalar {
            Scalar::Number(t) => format!("{} // {path}", code_value(t, off, &bytes)),
            _ => code_bytes(off, &bytes, path),
        };
        let edit = Edit::overwrite(off, &bytes, self.ed.doc().len())
            .after(After::Start)
            .code(code);
        if self.apply(edit) {
            self.info(format!(
                "{path} = {} ({} at 0x{off:x}); {} undoes it",
                text.trim(),
                crate::core::display::byte_count(bytes.len() as u64),
                self.key_hint(Cmd::Undo)
            ));
            self.structure_refresh();
        }
    }

    /// The DataView call that reads the selected field, for the explain
    /// panel (`view.getUint32(16, false) // ihdr.width`).
    pub fn structure_js(&self) -> Option<String> {
        let s = self.structure.as_ref().filter(|s| s.open && !s.outside)?;
        let row = s.selected_row()?;
        let off = row.offset?;
        let scalar = Scalar::of(&row.type_name).unwrap_or(Scalar::Bytes);
        if let (Scalar::Bits(width), Some(pos)) = (scalar, row.bits) {
            // Kaitai reads a b1 with no enum as a boolean.
            let boolean = width == 1 && row.enum_.is_none();
            return Some(fieldjs::read_bits_call(
                pos, off, row.size, &row.path, boolean,
            ));
        }
        let (ty, attr) = s.attr_of(row);
        let encoding = attr
            .encoding
            .clone()
            .or_else(|| ty.encoding.clone())
            .unwrap_or_default();
        Some(fieldjs::read_call(
            scalar, off, row.size, &row.path, &encoding,
        ))
    }
}

/// Gives the keys back to the panes (Enter on a field lands there).
fn give_keys_to_panes(app: &mut App) {
    if let Some(s) = &mut app.structure {
        s.focused = false;
    }
    if app.focus == Pane::Typed {
        app.focus = Pane::Hex;
    }
}

/// The next (or previous) row at the selected row's depth under the same
/// parent.
fn sibling(s: &Structure, forward: bool) -> Option<usize> {
    let d = s.selected_row()?.depth;
    let mut i = s.selected;
    loop {
        i = if forward { i + 1 } else { i.checked_sub(1)? };
        let r = s.rows.get(i)?;
        if r.depth < d {
            return None;
        }
        if r.depth == d {
            return Some(i);
        }
    }
}
