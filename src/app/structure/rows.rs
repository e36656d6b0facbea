//! The panel's rows: the expanded part of the parse tree, flattened — each
//! field with its name, type, shown value, file offset and size, and the
//! error it stopped at — and how a scalar is shown (enum labels, decoded
//! strings, integers, bytes as short hex).

use std::ops::Range;
use std::rc::Rc;

use super::{MAX_ITEMS_SHOWN, Structure};
use crate::core::ksy::expr::Value;
use crate::core::ksy::json::quote;
use crate::core::ksy::parse::{BitPos, Field, FieldValue, InstState, ObjId};
use crate::core::ksy::spec::{AttrRef, EnumId};

/// What a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A value: integer, enum, string, bytes, float, boolean.
    Scalar,
    /// A user type or an array: expands to its fields or items.
    Container,
    /// An instance not yet evaluated: Enter evaluates it.
    Unread,
    /// "… N more items".
    More,
    /// A field the parse stopped at before it had a value.
    Failed,
}

/// One line of the panel.
#[derive(Clone, Debug)]
pub struct Row {
    pub depth: usize,
    pub name: String,
    pub path: String,
    pub type_name: Rc<str>,
    pub value: String,
    /// Absolute file offset (`None` inside a processed stream).
    pub offset: Option<u64>,
    pub size: u64,
    /// For a bit field, where its bits lie in those bytes.
    pub bits: Option<BitPos>,
    pub kind: RowKind,
    pub expanded: bool,
    pub instance: bool,
    /// A value instance: computed, with no bytes of its own.
    pub computed: bool,
    pub error: Option<String>,
    pub enum_: Option<EnumId>,
    /// The object holding the field and which field it is.
    pub holder: ObjId,
    pub attr: AttrRef,
}

impl Row {
    /// The bytes the row covers in the file.
    pub fn range(&self) -> Option<Range<u64>> {
        self.offset.map(|o| o..o + self.size)
    }
}

impl Structure {
    /// Rebuilds the rows from the tree and the expanded set.
    pub fn rebuild(&mut self) {
        let mut rows = Vec::new();
        let root = self.tree.root();
        if !self.tree.objs.is_empty() {
            self.push_obj(root, 0, &mut rows);
        }
        if let Some(e) = &self.tree.error
            && !rows.iter().any(|r| r.path == e.path)
        {
            rows.push(Row {
                depth: 0,
                name: if e.path.is_empty() {
                    "/".into()
                } else {
                    e.path.clone()
                },
                path: e.path.clone(),
                type_name: Rc::from(""),
                value: String::new(),
                offset: None,
                size: 0,
                bits: None,
                kind: RowKind::Failed,
                expanded: false,
                instance: false,
                computed: false,
                error: Some(e.message.clone()),
                enum_: None,
                holder: root,
                attr: AttrRef::Seq(0),
            });
        }
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    fn push_obj(&self, obj: ObjId, depth: usize, rows: &mut Vec<Row>) {
        let t = &self.tree.schema.types[self.tree.objs[obj].ty];
        let o = &self.tree.objs[obj];
        for (i, attr) in t.seq.iter().enumerate() {
            let path = self.tree.field_path(obj, &attr.id, None);
            match &o.fields[i] {
                Some(f) => {
                    let at = (obj, AttrRef::Seq(i));
                    self.push_field(&attr.id, path, f, depth, at, false, rows);
                }
                None => {
                    if let Some(e) = self.tree.error.as_ref().filter(|e| e.path == path) {
                        rows.push(self.bare_row(
                            &attr.id,
                            path,
                            depth,
                            obj,
                            AttrRef::Seq(i),
                            RowKind::Failed,
                            Some(e.message.clone()),
                            false,
                        ));
                    }
                }
            }
        }
        for (i, attr) in t.instances.iter().enumerate() {
            let path = self.tree.field_path(obj, &attr.id, None);
            let at = (obj, AttrRef::Instance(i));
            match &o.instances[i] {
                InstState::Done(f) => self.push_field(&attr.id, path, f, depth, at, true, rows),
                InstState::Failed(e) => rows.push(self.bare_row(
                    &attr.id,
                    path,
                    depth,
                    obj,
                    at.1,
                    RowKind::Failed,
                    Some(e.message.clone()),
                    true,
                )),
                InstState::Unread | InstState::Busy => {
                    rows.push(self.bare_row(
                        &attr.id,
                        path,
                        depth,
                        obj,
                        at.1,
                        RowKind::Unread,
                        None,
                        true,
                    ));
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn bare_row(
        &self,
        name: &str,
        path: String,
        depth: usize,
        holder: ObjId,
        attr: AttrRef,
        kind: RowKind,
        error: Option<String>,
        instance: bool,
    ) -> Row {
        Row {
            depth,
            name: name.to_string(),
            path,
            type_name: Rc::from(""),
            value: match kind {
                // The panel adds the key that evaluates it (its keymap's).
                RowKind::Unread => "…".into(),
                _ => String::new(),
            },
            offset: None,
            size: 0,
            bits: None,
            kind,
            expanded: false,
            instance,
            computed: false,
            error,
            enum_: None,
            holder,
            attr,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_field(
        &self,
        name: &str,
        path: String,
        f: &Field,
        depth: usize,
        (holder, attr): (ObjId, AttrRef),
        instance: bool,
        rows: &mut Vec<Row>,
    ) {
        let (kind, value) = match &f.value {
            FieldValue::Absent => return,
            FieldValue::Scalar(v) => (RowKind::Scalar, self.show_value(f, v)),
            FieldValue::Obj(_) => (RowKind::Container, String::new()),
            FieldValue::Array(items, _) => (
                RowKind::Container,
                match items.len() {
                    1 => "(1 item)".to_string(),
                    n => format!("({n} items)"),
                },
            ),
        };
        let expanded = kind == RowKind::Container && self.expanded.contains(&path);
        // A value instance is computed, not read: it has no bytes (no
        // offset to show or to move the cursor to).
        let computed = self.tree.schema.types[self.tree.objs[holder].ty]
            .attr(attr)
            .value
            .is_some();
        let offset = self.tree.ios[f.io]
            .stream
            .abs(f.start)
            .filter(|_| self.tree.ios[f.io].origin.is_none() && !computed);
        rows.push(Row {
            depth,
            name: name.to_string(),
            path: path.clone(),
            type_name: f.type_name.clone(),
            value,
            offset,
            size: f.end.saturating_sub(f.start),
            bits: f.bits,
            kind,
            expanded,
            instance,
            computed,
            error: f.error.clone(),
            enum_: f.enum_,
            holder,
            attr,
        });
        if !expanded {
            return;
        }
        match &f.value {
            FieldValue::Obj(id) => self.push_obj(*id, depth + 1, rows),
            FieldValue::Array(items, _) => {
                for (i, item) in items.iter().take(MAX_ITEMS_SHOWN).enumerate() {
                    let n = format!("{name}[{i}]");
                    let p = format!("{path}[{i}]");
                    self.push_field(&n, p, item, depth + 1, (holder, attr), instance, rows);
                }
                if items.len() > MAX_ITEMS_SHOWN {
                    let mut more = self.bare_row(
                        "…",
                        format!("{path}[…]"),
                        depth + 1,
                        holder,
                        attr,
                        RowKind::More,
                        None,
                        instance,
                    );
                    more.value = format!("{} more items", items.len() - MAX_ITEMS_SHOWN);
                    rows.push(more);
                }
            }
            _ => {}
        }
    }

    /// A scalar as the panel shows it: enum labels, decoded strings,
    /// integers, bytes as short hex.
    fn show_value(&self, f: &Field, v: &Value) -> String {
        match (f.enum_, v) {
            (Some(e), Value::Enum { value, .. }) => {
                let def = &self.tree.schema.enums[e];
                match def.label(*value) {
                    Some(l) => format!("{}::{l}", def.name),
                    None => format!("{value} (not in {})", def.name),
                }
            }
            // Escaped past JSON too: a separator or noncharacter must not
            // reach the terminal.
            (_, Value::Str(s)) => crate::core::display::escape_str(&quote(s)),
            (_, Value::Bytes(b)) => {
                let hex: Vec<String> = b.iter().take(8).map(|x| format!("{x:02x}")).collect();
                let more = if b.len() > 8 { " …" } else { "" };
                format!("{}{more}", hex.join(" "))
            }
            (_, Value::Float(x)) => x.to_string(),
            (_, v) => v.to_string(),
        }
    }
}
