//! YAML → `Schema`: walks the document, checks every key against what the
//! reference compiler allows, loads imports (relative to the spec's folder,
//! absolute ones from the formats roots), then resolves `type:` and `enum:`
//! names. Types are declared before any field is read, so a field may name
//! a type written later in the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::super::yaml::{self, Node};
use super::attr::check_keys;
use super::*;
use crate::core::ksy::expr::parse_expr;

pub(super) const TYPE_KEYS: &[&str] = &[
    "meta",
    "doc",
    "doc-ref",
    "params",
    "seq",
    "types",
    "instances",
    "enums",
    "to-string",
];
pub(super) const META_KEYS: &[&str] = &[
    "application",
    "bit-endian",
    "encoding",
    "endian",
    "file-extension",
    "id",
    "imports",
    "ks-debug",
    "ks-opaque-types",
    "ks-version",
    "ks-zero-copy-substream",
    "license",
    "tags",
    "title",
    "xref",
];
/// The compiler version this interpreter follows (for `meta/ks-version`).
pub(super) const KS_VERSION: (u32, u32, u32) = (0, 11, 0);

/// Loads specs, sharing imports between them.
#[derive(Debug, Default)]
pub struct Loader {
    /// Folders that absolute imports (`/common/x`) are read from.
    pub roots: Vec<PathBuf>,
}

/// Loads `path` and its imports.
pub fn load_file(path: &Path, roots: &[PathBuf]) -> Result<Schema, SpecError> {
    Loader {
        roots: roots.to_vec(),
    }
    .load_file(path)
}

/// Loads a spec from text; relative imports are read from `dir`.
pub fn load_str(src: &str, name: &Path, roots: &[PathBuf]) -> Result<Schema, SpecError> {
    Loader {
        roots: roots.to_vec(),
    }
    .load_str(src, name)
}

impl Loader {
    pub fn load_file(&self, path: &Path) -> Result<Schema, SpecError> {
        let src = std::fs::read_to_string(path).map_err(|e| SpecError {
            file: path.to_path_buf(),
            path: String::new(),
            line: None,
            message: format!("cannot read the spec: {e}"),
        })?;
        self.load_str(&src, path)
    }

    pub fn load_str(&self, src: &str, path: &Path) -> Result<Schema, SpecError> {
        let mut b = Build {
            roots: &self.roots,
            schema: Schema {
                types: Vec::new(),
                enums: Vec::new(),
                root: 0,
                warnings: Vec::new(),
                globals: Vec::new(),
                sizes: Default::default(),
            },
            by_file: HashMap::new(),
            pending: Vec::new(),
        };
        let root = b.file(src, path)?;
        b.schema.root = root;
        b.resolve_all()?;
        check::check(&mut b.schema)?;
        Ok(b.schema)
    }
}

/// The state of one load: the schema so far, the files loaded, and the
/// fields whose types wait to be resolved.
pub(super) struct Build<'a> {
    roots: &'a [PathBuf],
    pub(super) schema: Schema,
    by_file: HashMap<PathBuf, TypeId>,
    /// (type, its YAML node, file) whose seq/instances/params are not read yet.
    pending: Vec<(TypeId, Node)>,
}

pub(super) fn err(
    file: &Path,
    path: &str,
    node: Option<&Node>,
    msg: impl Into<String>,
) -> SpecError {
    SpecError {
        file: file.to_path_buf(),
        path: if path.is_empty() {
            "/".into()
        } else {
            path.into()
        },
        line: node.map(|n| n.line),
        message: msg.into(),
    }
}

pub(super) fn valid_id(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some('a'..='z')) && c.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

/// An expression from a YAML scalar (numbers and booleans included).
pub(super) fn expr_of(file: &Path, path: &str, node: &Node) -> Result<Ex, SpecError> {
    let Some(src) = node.as_scalar() else {
        return Err(err(
            file,
            path,
            Some(node),
            format!("expected an expression, got a {}", node.kind_name()),
        ));
    };
    if node.is_null() {
        return Err(err(file, path, Some(node), "expected string, got null"));
    }
    let ast = parse_expr(src).map_err(|e| {
        err(
            file,
            path,
            Some(node),
            format!("parsing expression '{src}' failed: {e}"),
        )
    })?;
    Ok(Ex {
        src: src.to_string(),
        ast,
    })
}

/// A YAML integer (decimal, 0x, 0o, 0b, `_` separators, sign).
pub fn int_of(text: &str) -> Option<i128> {
    let t = text.trim().replace('_', "");
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r.to_string()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
    };
    let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i128::from_str_radix(h, 16).ok()?
    } else if let Some(o) = t.strip_prefix("0o") {
        i128::from_str_radix(o, 8).ok()?
    } else if let Some(b) = t.strip_prefix("0b") {
        i128::from_str_radix(b, 2).ok()?
    } else {
        t.parse::<i128>().ok()?
    };
    Some(if neg { -v } else { v })
}

impl Build<'_> {
    /// Loads one file (once) and returns its top-level type.
    fn file(&mut self, src: &str, path: &Path) -> Result<TypeId, SpecError> {
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if let Some(&id) = self.by_file.get(&key) {
            return Ok(id);
        }
        let top = yaml::load(src).map_err(|e| err(path, "/", None, e.message).with_line(e.line))?;
        if top.as_map().is_none() {
            let got = top.as_scalar().map_or_else(
                || top.kind_name().to_string(),
                |s| {
                    if top.is_null() {
                        "null".into()
                    } else {
                        s.to_string()
                    }
                },
            );
            return Err(err(
                path,
                "/",
                Some(&top),
                format!("expected map, got {got}"),
            ));
        }
        let meta = top.get("meta");
        let Some(meta) = meta.filter(|m| m.as_map().is_some()) else {
            let msg = match meta {
                Some(m) => format!("expected map, got {}", m.as_scalar().unwrap_or("a list")),
                None => "no `meta/id` encountered in top-level class spec".into(),
            };
            return Err(err(path, "/meta", meta, msg));
        };
        let Some(id) = meta.get("id").and_then(Node::as_scalar) else {
            return Err(err(
                path,
                "/meta",
                Some(meta),
                "no `meta/id` encountered in top-level class spec",
            ));
        };
        if !valid_id(id) {
            return Err(err(
                path,
                "/meta/id",
                meta.get("id"),
                format!("invalid meta ID: '{id}', expected /^[a-z][a-z0-9_]*$/"),
            ));
        }
        let tid = self.declare(path, &top, id.to_string(), None, "")?;
        self.by_file.insert(key, tid);
        self.schema.globals.push((id.to_string(), tid));
        // Imports after declaring, so a cycle of imports ends here.
        if let Some(imports) = meta.get("imports") {
            let Some(list) = imports.as_seq() else {
                return Err(err(
                    path,
                    "/meta/imports",
                    Some(imports),
                    "expected array, got null",
                ));
            };
            for (i, imp) in list.iter().enumerate() {
                let ipath = format!("/meta/imports/{i}");
                let name = imp.as_scalar().unwrap_or_default();
                let file = self.find_import(path, name).ok_or_else(|| {
                    err(path, &ipath, Some(imp), format!("unable to find '{name}.ksy' (imports are read relative to the spec, absolute ones from --formats folders)"))
                })?;
                let isrc = std::fs::read_to_string(&file).map_err(|e| {
                    err(path, &ipath, Some(imp), format!("{}: {e}", file.display()))
                })?;
                let itid = self.file(&isrc, &file)?;
                self.schema.types[tid].imports.push(itid);
            }
        }
        Ok(tid)
    }

    fn find_import(&self, from: &Path, name: &str) -> Option<PathBuf> {
        if name.is_empty() {
            return None;
        }
        let file = format!("{name}.ksy");
        if let Some(abs) = file.strip_prefix('/') {
            let mut dirs: Vec<PathBuf> = self.roots.to_vec();
            // Without roots, the folders above the spec (as ksref does).
            let mut up = from.parent();
            while let Some(d) = up {
                dirs.push(d.to_path_buf());
                up = d.parent();
            }
            return dirs.into_iter().map(|d| d.join(abs)).find(|p| p.is_file());
        }
        let dir = from.parent().unwrap_or(Path::new("."));
        Some(dir.join(&file)).filter(|p| p.is_file())
    }

    /// Declares a type and, recursively, its nested types and enums. Fields
    /// are read later, once every type name is known.
    pub(super) fn declare(
        &mut self,
        file: &Path,
        node: &Node,
        name: String,
        parent: Option<TypeId>,
        path: &str,
    ) -> Result<TypeId, SpecError> {
        check_keys(file, path, node, TYPE_KEYS)?;
        let inherited = parent.map(|p| &self.schema.types[p]);
        let mut t = TypeDef {
            name,
            parent,
            path: if path.is_empty() {
                "/".into()
            } else {
                path.into()
            },
            file: file.to_path_buf(),
            endian: inherited.and_then(|p| p.endian.clone()),
            endian_own: false,
            bit_le: inherited.is_some_and(|p| p.bit_le),
            encoding: inherited.and_then(|p| p.encoding.clone()),
            file_extensions: Vec::new(),
            params: Vec::new(),
            seq: Vec::new(),
            instances: Vec::new(),
            types: Vec::new(),
            enums: Vec::new(),
            imports: Vec::new(),
            to_string: node
                .get("to-string")
                .map(|n| expr_of(file, &format!("{path}/to-string"), n))
                .transpose()?,
        };
        if let Some(meta) = node.get("meta") {
            self.meta(file, meta, &mut t, &format!("{path}/meta"))?;
        }
        let tid = self.schema.types.len();
        self.schema.types.push(t);
        if let Some(types) = node.get("types") {
            for (k, v) in types.as_map().unwrap_or_default() {
                let tpath = format!("{path}/types/{k}");
                if !valid_id(k) {
                    return Err(err(
                        file,
                        &tpath,
                        Some(v),
                        format!("invalid type ID: '{k}', expected /^[a-z][a-z0-9_]*$/"),
                    ));
                }
                if v.as_map().is_none() {
                    return Err(err(file, &tpath, Some(v), "expected map"));
                }
                let child = self.declare(file, v, k.clone(), Some(tid), &tpath)?;
                self.schema.types[tid].types.push((k.clone(), child));
            }
        }
        if let Some(enums) = node.get("enums") {
            for (k, v) in enums.as_map().unwrap_or_default() {
                let eid = self.enum_def(file, tid, k, v, &format!("{path}/enums/{k}"))?;
                self.schema.types[tid].enums.push((k.clone(), eid));
            }
        }
        self.pending.push((tid, node.clone()));
        Ok(tid)
    }

    /// Reads the fields of every declared type, now that all names are known.
    fn resolve_all(&mut self) -> Result<(), SpecError> {
        // Params first: a field's `type: t(args)` is checked against them.
        let pending = std::mem::take(&mut self.pending);
        let mut ids = Vec::new();
        for (tid, node) in &pending {
            ids.push(self.params(*tid, node)?);
        }
        for ((tid, node), ids) in pending.iter().zip(ids) {
            self.fields(*tid, node, ids)?;
        }
        Ok(())
    }
}

/// A `cases:` key as written: `_` is the default.
pub(super) fn case_key(
    file: &Path,
    path: &str,
    key: &str,
    node: &Node,
) -> Result<CaseKey, SpecError> {
    if key == "_" {
        return Ok(CaseKey::Else);
    }
    let ast = parse_expr(key).map_err(|e| {
        err(
            file,
            path,
            Some(node),
            format!("parsing expression '{key}' failed: {e}"),
        )
    })?;
    Ok(CaseKey::Expr(Ex {
        src: key.to_string(),
        ast,
    }))
}

impl SpecError {
    pub(super) fn with_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }
}
