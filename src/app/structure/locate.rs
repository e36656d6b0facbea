//! Where fields are in the file: the innermost field under an offset (the
//! cursor selects it in the tree), and the records that overlap the rows on
//! screen (the panes tint neighbours apart).

use std::ops::Range;

use super::{MAX_ITEMS_SHOWN, Structure};
use crate::core::ksy::parse::{Field, FieldValue, InstState};

impl Structure {
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
