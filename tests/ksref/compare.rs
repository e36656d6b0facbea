//! Field-by-field comparison of two Structure JSON documents (DESIGN.md,
//! "Structure JSON"): the reference parse printed by ksref and another parse
//! of the same file under the same spec (`hexbuf parse --json`).
//!
//! Nodes are compared on every key they carry (`name`, `type`, `offset`,
//! `size`, `value`, `enum`, `stream`, …) and then child by child, in order,
//! through `fields` and `items`. Nodes marked `"instance": true` are left out
//! on both sides: the reference prints seq fields only, while hexbuf adds the
//! instances it evaluated. Errors are compared by path; their messages are
//! each implementation's own words.

use std::fmt;

use serde_json::{Map, Value};

/// Where two documents first part, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The field's path as `errors` spell it (`chunks[3].len`); empty for
    /// the root node, `errors` for the error list, `spec` for the spec id.
    pub path: String,
    /// What differs there, both sides shown.
    pub what: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.path.is_empty() {
            "(root)"
        } else {
            &self.path
        };
        write!(f, "at {at}: {}", self.what)
    }
}

/// The first place where `actual` departs from `expected`, in document
/// order, or `None` when they agree.
pub fn first_difference(expected: &Value, actual: &Value) -> Option<Difference> {
    let differ = |path: &str, what: String| {
        Some(Difference {
            path: path.to_string(),
            what,
        })
    };
    if expected.get("spec") != actual.get("spec") {
        return differ("spec", sides(expected.get("spec"), actual.get("spec")));
    }
    match (expected.get("root"), actual.get("root")) {
        (Some(e), Some(a)) if e.is_object() && a.is_object() => {
            if let Some(d) = node_difference("", e, a) {
                return Some(d);
            }
        }
        (e, a) if e != a => return differ("", format!("root {}", sides(e, a))),
        _ => {}
    }
    let (e, a) = (error_paths(expected), error_paths(actual));
    if e != a {
        return differ("errors", format!("error paths {e:?} vs {a:?}"));
    }
    None
}

/// The node a path such as `chunks[0].body.width` names under the root node.
pub fn find<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    root.pointer(&pointer(root, path)?)
}

/// The JSON pointer (`/fields/3/items/0`) of the node `path` names, for
/// `Value::pointer_mut`.
pub fn pointer(root: &Value, path: &str) -> Option<String> {
    let mut node = root;
    let mut ptr = String::new();
    let mut step = |list: &str, name: &str| -> Option<()> {
        let (i, child) = node
            .get(list)?
            .as_array()?
            .iter()
            .enumerate()
            .find(|(_, c)| c.get("name").and_then(Value::as_str) == Some(name))?;
        node = child;
        ptr.push_str(&format!("/{list}/{i}"));
        Some(())
    };
    for seg in path.split('.') {
        step("fields", seg.split('[').next().unwrap_or(seg))?;
        // each `[i]` steps into the item whose name is the segment so far
        for (end, _) in seg.match_indices(']') {
            step("items", &seg[..=end])?;
        }
    }
    Some(ptr)
}

fn node_difference(path: &str, e: &Value, a: &Value) -> Option<Difference> {
    let (Some(eo), Some(ao)) = (e.as_object(), a.as_object()) else {
        return Some(Difference {
            path: path.to_string(),
            what: format!("node {}", sides(Some(e), Some(a))),
        });
    };
    let is_float = eo
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.starts_with('f'));
    for key in keys(eo, ao) {
        if matches!(key, "fields" | "items" | "instance") {
            continue;
        }
        let (ev, av) = (eo.get(key), ao.get(key));
        if !same_scalar(ev, av, is_float) {
            return Some(Difference {
                path: path.to_string(),
                what: format!("{key} {}", sides(ev, av)),
            });
        }
    }
    for list in ["fields", "items"] {
        if eo.contains_key(list) != ao.contains_key(list) {
            let has = |o: &Map<String, Value>| {
                if o.contains_key(list) {
                    "present"
                } else {
                    "absent"
                }
            };
            return Some(Difference {
                path: path.to_string(),
                what: format!("{list}: {} vs {}", has(eo), has(ao)),
            });
        }
        let mut ek = children(e, list);
        let mut ak = children(a, list);
        loop {
            match (ek.next(), ak.next()) {
                (None, None) => break,
                (Some(ec), Some(ac)) => {
                    let child = child_path(path, list, ec);
                    if ec.get("name") != ac.get("name") {
                        return Some(Difference {
                            path: child,
                            what: format!("name {}", sides(ec.get("name"), ac.get("name"))),
                        });
                    }
                    if let Some(d) = node_difference(&child, ec, ac) {
                        return Some(d);
                    }
                }
                (Some(ec), None) => {
                    return Some(Difference {
                        path: child_path(path, list, ec),
                        what: "missing from the second document".into(),
                    });
                }
                (None, Some(ac)) => {
                    return Some(Difference {
                        path: child_path(path, list, ac),
                        what: "not in the first document".into(),
                    });
                }
            }
        }
    }
    None
}

/// The children under `list`, without the instances the reference omits.
fn children<'a>(node: &'a Value, list: &str) -> impl Iterator<Item = &'a Value> {
    node.get(list)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| c.get("instance") != Some(&Value::Bool(true)))
}

/// A field's path is its parent's plus `.name`; an item's name (`x[2]`)
/// already carries the repeat's name, so it replaces the repeat's last step.
fn child_path(parent: &str, list: &str, child: &Value) -> String {
    let name = child.get("name").and_then(Value::as_str).unwrap_or("?");
    if list == "items" {
        let base = parent.rsplit_once('.').map_or("", |(p, _)| p);
        join(base, name)
    } else {
        join(parent, name)
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Every key of either node, the first node's order first.
fn keys<'a>(e: &'a Map<String, Value>, a: &'a Map<String, Value>) -> Vec<&'a str> {
    let mut out: Vec<&str> = e.keys().map(String::as_str).collect();
    out.extend(a.keys().map(String::as_str).filter(|k| !e.contains_key(*k)));
    out
}

/// Equal values. A float field's number is compared by value, since
/// JavaScript prints 1.0 as `1` and Rust as `1.0`; elsewhere `1` and `1.0`
/// differ, as do `1` and `"1"`.
fn same_scalar(e: Option<&Value>, a: Option<&Value>, is_float: bool) -> bool {
    match (e, a) {
        (Some(Value::Number(x)), Some(Value::Number(y))) if is_float => x.as_f64() == y.as_f64(),
        _ => e == a,
    }
}

fn sides(e: Option<&Value>, a: Option<&Value>) -> String {
    let show = |v: Option<&Value>| v.map_or_else(|| "absent".to_string(), Value::to_string);
    format!("{} vs {}", show(e), show(a))
}

fn error_paths(doc: &Value) -> Vec<&str> {
    doc.get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|e| e.get("path").and_then(Value::as_str).unwrap_or(""))
        .collect()
}
