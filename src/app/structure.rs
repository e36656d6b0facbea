//! The structure panel's model: the Kaitai parse tree of the document, the
//! rows it shows (the expanded part of the tree, flattened), the selected
//! row, and which field lies under a file offset. The tree is re-parsed
//! lazily: an edit only marks it stale, and the next frame (or query)
//! parses again, so typing stays fast. Nodes are named by their paths
//! (`chunks[3].body.width`), which survive a re-parse.

mod locate;
mod rows;
mod snapshot;

use std::collections::HashSet;
use std::rc::Rc;

use crate::core::document::Document;
use crate::core::ksy::parse::{ErrorKind, Limits, ObjId, Tree};
use crate::core::ksy::spec::{Attr, AttrRef, Schema, TypeDef};

pub use rows::{Row, RowKind};
use snapshot::{Base, snapshot};

/// Items of one array listed as rows; the rest are summed up in one row.
pub const MAX_ITEMS_SHOWN: usize = 5000;

/// Nodes the first parse may make: a file of millions of records shows its
/// first screen at once (a node costs a few microseconds), and says where
/// it stopped; Enter there parses [`GROWTH`] times further.
pub const NODE_CAP: u64 = 5_000;
pub const GROWTH: u64 = 16;

/// The panel's state.
pub struct Structure {
    /// The spec's id (`png`) and where it came from, for the title.
    pub spec: String,
    schema: Rc<Schema>,
    tree: Tree,
    /// The file as opened, mapped a second time: parsed with the edits laid
    /// over it instead of copying the document.
    base: Option<Base>,
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
    /// The cursor is on bytes no field of the tree holds (the selection
    /// is where it was, and says so).
    pub outside: bool,
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
        let mut base = base.map(|b| Base::new(b, doc));
        let src = snapshot(doc, &mut base);
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
            outside: false,
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

    /// The type holding the field a row shows, and the field (or instance)
    /// as the spec has it.
    pub fn attr_of(&self, row: &Row) -> (&TypeDef, &Attr) {
        let ty = &self.schema.types[self.tree.objs[row.holder].ty];
        (ty, ty.attr(row.attr))
    }

    /// Parses again when the document changed since the last parse.
    pub fn refresh(&mut self, doc: &Document, rev: u64) {
        if rev == self.parsed_rev {
            return;
        }
        let path = self.selected_row().map(|r| r.path.clone());
        let src = snapshot(doc, &mut self.base);
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
}

/// Parse limits for the editor: shallower than the command line's (the
/// editor's stack is the main thread's) and capped in nodes.
fn limits(nodes: u64) -> Limits {
    Limits { depth: 48, nodes }
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
