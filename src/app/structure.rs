//! The structure panel's model: the Kaitai parse tree of the document, the
//! rows it shows (the expanded part of the tree, flattened), the selected
//! row, and which field lies under a file offset. The tree is re-parsed
//! lazily: an edit only marks it stale, and the next frame (or query)
//! parses again, so typing stays fast. Nodes are named by their paths
//! (`chunks[3].body.width`), which survive a re-parse.

use std::collections::HashSet;
use std::ops::Range;
use std::rc::Rc;

use crate::core::document::Document;
use crate::core::ksy::expr::Value;
use crate::core::ksy::json::quote;
use crate::core::ksy::parse::{ErrorKind, Field, FieldValue, InstState, Limits, ObjId, Tree};
use crate::core::ksy::spec::{AttrRef, EnumId, Schema};
use crate::core::ksy::stream::ByteSource;

/// Items of one array listed as rows; the rest are summed up in one row.
pub const MAX_ITEMS_SHOWN: usize = 5000;

/// Nodes the first parse may make: a file of millions of records shows its
/// first screen at once (a node costs a few microseconds), and says where
/// it stopped; Enter there parses [`GROWTH`] times further.
pub const NODE_CAP: u64 = 5_000;
pub const GROWTH: u64 = 16;

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
    pub kind: RowKind,
    pub expanded: bool,
    pub instance: bool,
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

/// The panel's state.
pub struct Structure {
    /// The spec's id (`png`) and where it came from, for the title.
    pub spec: String,
    schema: Rc<Schema>,
    tree: Tree,
    /// A read-only view of the file as opened, parsed without copying while
    /// there are no edits.
    base: Option<Rc<Document>>,
    /// The editor revision the tree was parsed at.
    parsed_rev: u64,
    pub rows: Vec<Row>,
    expanded: HashSet<String>,
    pub selected: usize,
    /// The first row on screen (the widget keeps the selection in view).
    pub scroll: usize,
    /// The panel is shown.
    pub open: bool,
    /// Keys go to the panel (else to the panes).
    pub focused: bool,
    /// The cursor offset the selection last followed.
    pub synced: Option<u64>,
    /// Rows the panel showed last frame (PgUp/PgDn step).
    pub page: usize,
    /// Instances the user followed: (object, instance index).
    followed: Vec<(ObjId, usize)>,
    /// Nodes the parse may make (see [`NODE_CAP`]).
    cap: u64,
}

impl Structure {
    /// Parses `doc` (or `base`, its unedited file) with `schema`.
    pub fn new(
        schema: Rc<Schema>,
        spec: String,
        doc: &Document,
        base: Option<Rc<Document>>,
    ) -> Self {
        let src = snapshot(doc, base.as_ref());
        let tree = Tree::parse(schema.clone(), src, limits(NODE_CAP));
        let mut s = Structure {
            spec,
            schema,
            tree,
            base,
            parsed_rev: 0,
            rows: Vec::new(),
            expanded: HashSet::new(),
            selected: 0,
            scroll: 0,
            open: false,
            focused: false,
            synced: None,
            page: 10,
            followed: Vec::new(),
            cap: NODE_CAP,
        };
        s.expanded.insert(String::new());
        s.rebuild();
        s.expand_first();
        s
    }

    /// Opens the first record down to its values (`chunks`, `chunks[0]`,
    /// `chunks[0].body`), so the first screen shows values, not folders.
    fn expand_first(&mut self) {
        for _ in 0..3 {
            let more: Vec<String> = self
                .rows
                .iter()
                .filter(|r| {
                    r.kind == RowKind::Container
                        && !r.expanded
                        && r.depth < 3
                        && r.path.split('[').skip(1).all(|p| p.starts_with("0]"))
                })
                .map(|r| r.path.clone())
                .collect();
            if more.is_empty() {
                break;
            }
            self.expanded.extend(more);
            self.rebuild();
        }
    }

    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Parses again when the document changed since the last parse.
    pub fn refresh(&mut self, doc: &Document, rev: u64) {
        if rev == self.parsed_rev {
            return;
        }
        let path = self.selected_row().map(|r| r.path.clone());
        let src = snapshot(doc, self.base.as_ref());
        self.tree = Tree::parse(self.schema.clone(), src, limits(self.cap));
        self.parsed_rev = rev;
        // Instances the user followed stay evaluated (objects are numbered
        // in reading order, so the same bytes give the same numbers).
        for (obj, i) in self.followed.clone() {
            if self
                .tree
                .objs
                .get(obj)
                .is_some_and(|o| i < o.instances.len())
            {
                let _ = self.tree.instance(obj, i);
            }
        }
        self.rebuild();
        if let Some(p) = path {
            self.select_path(&p);
        }
    }

    /// Whether the parse stopped at its node cap (not at the file).
    pub fn stopped_at_cap(&self) -> bool {
        self.tree
            .error
            .as_ref()
            .is_some_and(|e| e.kind == ErrorKind::Limit && self.tree.nodes > self.cap)
    }

    /// Parses again, [`GROWTH`] times further.
    pub fn parse_further(&mut self, doc: &Document, rev: u64) {
        self.cap = self.cap.saturating_mul(GROWTH);
        self.parsed_rev = rev.wrapping_add(1);
        self.refresh(doc, rev);
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.rows.get(self.selected)
    }

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
                kind: RowKind::Failed,
                expanded: false,
                instance: false,
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
                RowKind::Unread => "… (Enter: evaluate)".into(),
                _ => String::new(),
            },
            offset: None,
            size: 0,
            kind,
            expanded: false,
            instance,
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
            FieldValue::Array(items, _) => (RowKind::Container, format!("({} items)", items.len())),
        };
        let expanded = kind == RowKind::Container && self.expanded.contains(&path);
        let offset = self.tree.ios[f.io]
            .stream
            .abs(f.start)
            .filter(|_| self.tree.ios[f.io].origin.is_none());
        rows.push(Row {
            depth,
            name: name.to_string(),
            path: path.clone(),
            type_name: f.type_name.clone(),
            value,
            offset,
            size: f.end.saturating_sub(f.start),
            kind,
            expanded,
            instance,
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
            (_, Value::Str(s)) => quote(s),
            (_, Value::Bytes(b)) => {
                let hex: Vec<String> = b.iter().take(8).map(|x| format!("{x:02x}")).collect();
                let more = if b.len() > 8 { " …" } else { "" };
                format!("{}{more}", hex.join(" "))
            }
            (_, Value::Float(x)) => x.to_string(),
            (_, v) => v.to_string(),
        }
    }

    /// Selects the row of `path`, expanding its ancestors.
    pub fn select_path(&mut self, path: &str) {
        let mut changed = false;
        for p in ancestors(path) {
            changed |= self.expanded.insert(p);
        }
        if changed {
            self.rebuild();
        }
        if let Some(i) = self.rows.iter().position(|r| r.path == path) {
            self.selected = i;
        }
    }

    /// Expands or collapses the selected row; false when it has no
    /// children or already was so.
    pub fn set_expanded(&mut self, open: bool) -> bool {
        let Some(row) = self.selected_row() else {
            return false;
        };
        if row.kind != RowKind::Container || row.expanded == open {
            return false;
        }
        let path = row.path.clone();
        if open {
            self.expanded.insert(path.clone());
        } else {
            self.expanded.remove(&path);
        }
        self.rebuild();
        self.select_path(&path);
        true
    }

    /// Evaluates the selected instance (following it); its error if any.
    pub fn evaluate_selected(&mut self) -> Option<String> {
        let row = self.selected_row()?.clone();
        let AttrRef::Instance(i) = row.attr else {
            return None;
        };
        if row.kind != RowKind::Unread {
            return None;
        }
        let err = self.tree.instance(row.holder, i).err().map(|e| e.message);
        self.followed.push((row.holder, i));
        self.rebuild();
        self.select_path(&row.path);
        err
    }

    /// The innermost field under file offset `at`, as a path.
    pub fn path_at(&self, at: u64) -> Option<String> {
        let tree = &self.tree;
        let mut obj = tree.root();
        let mut found: Option<String> = None;
        'outer: for _ in 0..256 {
            let o = tree.objs.get(obj)?;
            let t = &tree.schema.types[o.ty];
            let seq = t
                .seq
                .iter()
                .zip(&o.fields)
                .filter_map(|(a, f)| Some((&a.id, f.as_ref()?)));
            let inst = t
                .instances
                .iter()
                .zip(&o.instances)
                .filter_map(|(a, s)| match s {
                    InstState::Done(f) => Some((&a.id, f)),
                    _ => None,
                });
            for (name, f) in seq.chain(inst) {
                if !self.covers(f, at) {
                    continue;
                }
                let path = tree.field_path(obj, name, None);
                match &f.value {
                    FieldValue::Obj(id) => {
                        found = Some(path);
                        obj = *id;
                        continue 'outer;
                    }
                    FieldValue::Array(items, _) => {
                        let Some(i) = items
                            .iter()
                            .take(MAX_ITEMS_SHOWN)
                            .position(|it| self.covers(it, at))
                        else {
                            return Some(path);
                        };
                        let item_path = format!("{path}[{i}]");
                        match &items[i].value {
                            FieldValue::Obj(id) => {
                                found = Some(item_path);
                                obj = *id;
                                continue 'outer;
                            }
                            _ => return Some(item_path),
                        }
                    }
                    _ => return Some(path),
                }
            }
            break;
        }
        found
    }

    fn covers(&self, f: &Field, at: u64) -> bool {
        let io = &self.tree.ios[f.io];
        io.origin.is_none()
            && f.end > f.start
            && io
                .stream
                .abs(f.start)
                .is_some_and(|s| s <= at && at < s + (f.end - f.start))
    }

    /// Ranges of consecutive records under the root (its fields, with an
    /// array's items each their own), overlapping `range`, with their
    /// index — the panes tint them alternately.
    pub fn bands(&self, range: Range<u64>) -> Vec<(Range<u64>, usize)> {
        let tree = &self.tree;
        let mut out = Vec::new();
        let Some(o) = tree.objs.first() else {
            return out;
        };
        let mut n = 0;
        let push = |f: &Field, n: &mut usize, out: &mut Vec<(Range<u64>, usize)>| {
            let io = &tree.ios[f.io];
            if io.origin.is_some() || f.end <= f.start {
                return;
            }
            if let Some(s) = io.stream.abs(f.start) {
                let r = s..s + (f.end - f.start);
                if r.start < range.end && range.start < r.end {
                    out.push((r, *n));
                }
                *n += 1;
            }
        };
        for f in o.fields.iter().flatten() {
            match &f.value {
                FieldValue::Array(items, _) => {
                    let first = items.partition_point(|it| {
                        tree.ios[it.io]
                            .stream
                            .abs(it.end)
                            .is_some_and(|e| e <= range.start)
                    });
                    n += first;
                    for it in &items[first..] {
                        if tree.ios[it.io]
                            .stream
                            .abs(it.start)
                            .is_some_and(|s| s >= range.end)
                        {
                            break;
                        }
                        push(it, &mut n, &mut out);
                    }
                }
                _ => push(f, &mut n, &mut out),
            }
        }
        out
    }
}

/// Parse limits for the editor: shallower than the command line's (the
/// editor's stack is the main thread's) and capped in nodes.
fn limits(nodes: u64) -> Limits {
    Limits { depth: 48, nodes }
}

/// The bytes to parse: the unedited file as mapped, or a copy of the
/// edited document.
fn snapshot(doc: &Document, base: Option<&Rc<Document>>) -> Rc<dyn ByteSource> {
    let h = doc.history();
    match base {
        Some(b)
            if h.undo_len() == 0 && h.redo_len() == 0 && !h.has_open() && b.len() == doc.len() =>
        {
            b.clone()
        }
        _ => Rc::new(doc.read(0..doc.len())),
    }
}

/// The paths of the nodes holding `path`: `a`, `a[3]` for `a[3].b`.
pub fn ancestors(path: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for (i, c) in path.char_indices() {
        if (c == '.' || c == '[') && i > 0 {
            let p = &path[..i];
            if out.last().is_none_or(|l| l != p) {
                out.push(p.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_of_a_nested_path() {
        assert_eq!(
            ancestors("chunks[3].body.width"),
            ["", "chunks", "chunks[3]", "chunks[3].body"]
        );
        assert_eq!(ancestors("magic"), [""]);
    }
}
