//! YAML → `Schema`: walks the document, checks every key against what the
//! reference compiler allows, loads imports (relative to the spec's folder,
//! absolute ones from the formats roots), then resolves `type:` and `enum:`
//! names. Types are declared before any field is read, so a field may name
//! a type written later in the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::super::yaml::{self, Kind, Node};
use super::attr::check_keys;
use super::*;
use crate::core::ksy::expr::parse_expr;

const TYPE_KEYS: &[&str] = &[
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
const META_KEYS: &[&str] = &[
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
const KS_VERSION: (u32, u32, u32) = (0, 11, 0);

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

fn parse_version(s: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = s.split('.').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    Some((n[0], n[1], *n.get(2).unwrap_or(&0)))
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
    fn declare(
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

    fn meta(
        &mut self,
        file: &Path,
        meta: &Node,
        t: &mut TypeDef,
        path: &str,
    ) -> Result<(), SpecError> {
        if meta.as_map().is_none() {
            return Err(err(
                file,
                path,
                Some(meta),
                format!("expected map, got {}", meta.as_scalar().unwrap_or("a list")),
            ));
        }
        check_keys(file, path, meta, META_KEYS)?;
        if let Some(e) = meta.get("endian") {
            t.endian = Some(self.endian(file, e, &format!("{path}/endian"))?);
            t.endian_own = true;
        }
        if let Some(b) = meta.get("bit-endian") {
            t.bit_le = match b.as_scalar() {
                Some("le") => true,
                Some("be") => false,
                other => {
                    return Err(err(
                        file,
                        &format!("{path}/bit-endian"),
                        Some(b),
                        format!(
                            "unable to parse bit endianness: expected `le` or `be`, found {}",
                            other.unwrap_or("a list")
                        ),
                    ));
                }
            };
        }
        if let Some(e) = meta.get("encoding").and_then(Node::as_scalar) {
            check::encoding_name(
                &mut self.schema.warnings,
                file,
                &format!("{path}/encoding"),
                meta.get("encoding"),
                e,
            );
            t.encoding = Some(e.to_string());
        }
        if let Some(x) = meta.get("file-extension") {
            match &x.kind {
                Kind::Scalar { text, .. } => t.file_extensions.push(text.clone()),
                Kind::Seq(items) => t
                    .file_extensions
                    .extend(items.iter().filter_map(|n| n.as_scalar().map(String::from))),
                Kind::Map(_) => {}
            }
        }
        if let Some(v) = meta.get("ks-version") {
            let vpath = format!("{path}/ks-version");
            let raw = v.as_scalar().unwrap_or_default();
            // Unquoted, YAML reads `0.10` as the float 0.1.
            let float_text = raw
                .parse::<f64>()
                .ok()
                .filter(|_| !v.is_quoted())
                .map(|f| f.to_string());
            let text = float_text.as_deref().unwrap_or(raw);
            let ver = parse_version(text).ok_or_else(|| {
                err(
                    file,
                    &vpath,
                    Some(v),
                    format!("invalid compiler version '{text}', expected 'X.Y' or 'X.Y.Z'"),
                )
            })?;
            if ver > KS_VERSION {
                return Err(err(
                    file,
                    &vpath,
                    Some(v),
                    format!(
                        "this ksy requires compiler version at least {text}, but hexbuf follows 0.11"
                    ),
                ));
            }
            if ver < (0, 6, 0) {
                return Err(err(
                    file,
                    &vpath,
                    Some(v),
                    format!("minimum allowed version is 0.6, but got {text}"),
                ));
            }
        }
        Ok(())
    }

    fn endian(&mut self, file: &Path, node: &Node, path: &str) -> Result<EndianSpec, SpecError> {
        match node.as_scalar() {
            Some("le") => return Ok(EndianSpec::Fixed(Endian::Le)),
            Some("be") => return Ok(EndianSpec::Fixed(Endian::Be)),
            _ => {}
        }
        let (Some(on), Some(cases)) = (
            node.get("switch-on"),
            node.get("cases").and_then(Node::as_map),
        ) else {
            return Err(err(
                file,
                path,
                Some(node),
                "unable to parse endianness: `le`, `be` or calculated endianness map is expected",
            ));
        };
        let on = expr_of(file, &format!("{path}/switch-on"), on)?;
        let mut out = Vec::new();
        for (k, v) in cases {
            let cpath = format!("{path}/cases/{k}");
            let e = match v.as_scalar() {
                Some("le") => Endian::Le,
                Some("be") => Endian::Be,
                other => {
                    return Err(err(
                        file,
                        &cpath,
                        Some(v),
                        format!("expected be / le, got '{}'", other.unwrap_or_default()),
                    ));
                }
            };
            out.push((case_key(file, &cpath, k, v)?, e));
        }
        Ok(EndianSpec::Switch { on, cases: out })
    }

    fn enum_def(
        &mut self,
        file: &Path,
        owner: TypeId,
        name: &str,
        node: &Node,
        path: &str,
    ) -> Result<EnumId, SpecError> {
        if !valid_id(name) {
            return Err(err(
                file,
                path,
                Some(node),
                format!("invalid enum ID: '{name}', expected /^[a-z][a-z0-9_]*$/"),
            ));
        }
        let mut values: Vec<(i128, String)> = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for (k, v) in node.as_map().unwrap_or_default() {
            let vpath = format!("{path}/{k}");
            let n = int_of(k).ok_or_else(|| {
                err(
                    file,
                    &vpath,
                    Some(v),
                    format!("unable to parse enum key '{k}' as integer"),
                )
            })?;
            let label = match &v.kind {
                Kind::Scalar { text, .. } if !v.is_null() => text.clone(),
                Kind::Map(_) => v
                    .get("id")
                    .and_then(Node::as_scalar)
                    .unwrap_or_default()
                    .to_string(),
                _ => {
                    return Err(err(
                        file,
                        &vpath,
                        Some(v),
                        "expected string or map, got null",
                    ));
                }
            };
            if !valid_id(&label) {
                return Err(err(
                    file,
                    &vpath,
                    Some(v),
                    format!("invalid enum member ID: '{label}', expected /^[a-z][a-z0-9_]*$/"),
                ));
            }
            if let Some(prev) = seen.insert(label.clone(), vpath.clone()) {
                return Err(err(
                    file,
                    &vpath,
                    Some(v),
                    format!("duplicate enum member ID: '{label}', previously defined at {prev}"),
                ));
            }
            values.push((n, label));
        }
        let mut qualified = name.to_string();
        let mut t = Some(owner);
        while let Some(id) = t {
            let td = &self.schema.types[id];
            if td.parent.is_none() {
                break;
            }
            qualified = format!("{}::{qualified}", td.name);
            t = td.parent;
        }
        self.schema.enums.push(EnumDef {
            name: name.to_string(),
            qualified,
            owner,
            values,
        });
        Ok(self.schema.enums.len() - 1)
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

    fn params(&mut self, tid: TypeId, node: &Node) -> Result<HashMap<String, String>, SpecError> {
        let file = self.schema.types[tid].file.clone();
        let base = if self.schema.types[tid].path == "/" {
            String::new()
        } else {
            self.schema.types[tid].path.clone()
        };
        let mut ids: HashMap<String, String> = HashMap::new();
        if let Some(params) = node.get("params") {
            for (i, p) in params.as_seq().unwrap_or_default().iter().enumerate() {
                let ppath = format!("{base}/params/{i}");
                check_keys(&file, &ppath, p, &["id", "type", "doc", "doc-ref", "enum"])?;
                let id = p
                    .get("id")
                    .and_then(Node::as_scalar)
                    .unwrap_or_default()
                    .to_string();
                if !valid_id(&id) {
                    return Err(err(
                        &file,
                        &format!("{ppath}/id"),
                        p.get("id"),
                        format!("invalid parameter ID: '{id}', expected /^[a-z][a-z0-9_]*$/"),
                    ));
                }
                dup_id(&file, &mut ids, &id, &format!("{ppath}/id"), p)?;
                let ty = match p.get("type").and_then(Node::as_scalar) {
                    Some(t) => Some(self.param_type(
                        tid,
                        &file,
                        &format!("{ppath}/type"),
                        p.get("type").unwrap_or(p),
                        t,
                    )?),
                    None => None,
                };
                let enum_ = match p.get("enum") {
                    Some(e) => {
                        Some(self.find_enum_node(tid, &file, &format!("{ppath}/enum"), e)?)
                    }
                    None => None,
                };
                let ty_name = p.get("type").and_then(Node::as_scalar).map(String::from);
                self.schema.types[tid].params.push(Param {
                    id,
                    ty,
                    ty_name,
                    enum_,
                });
            }
        }
        Ok(ids)
    }

    fn fields(
        &mut self,
        tid: TypeId,
        node: &Node,
        mut ids: HashMap<String, String>,
    ) -> Result<(), SpecError> {
        let file = self.schema.types[tid].file.clone();
        let base = if self.schema.types[tid].path == "/" {
            String::new()
        } else {
            self.schema.types[tid].path.clone()
        };
        if let Some(seq) = node.get("seq") {
            let Some(list) = seq.as_seq() else {
                return Err(err(
                    &file,
                    &format!("{base}/seq"),
                    Some(seq),
                    format!(
                        "expected array, found {}",
                        seq.as_scalar().unwrap_or("a map")
                    ),
                ));
            };
            for (i, a) in list.iter().enumerate() {
                let apath = format!("{base}/seq/{i}");
                let id = match a.get("id") {
                    Some(n) => {
                        let id = n.as_scalar().unwrap_or_default().to_string();
                        if !valid_id(&id) {
                            return Err(err(
                                &file,
                                &format!("{apath}/id"),
                                Some(n),
                                format!(
                                    "invalid attribute ID: '{id}', expected /^[a-z][a-z0-9_]*$/"
                                ),
                            ));
                        }
                        dup_id(&file, &mut ids, &id, &format!("{apath}/id"), a)?;
                        id
                    }
                    None => format!("_unnamed{i}"),
                };
                let attr = self.attr(tid, &file, &apath, a, id, false)?;
                self.schema.types[tid].seq.push(attr);
            }
        }
        if let Some(insts) = node.get("instances") {
            for (k, v) in insts.as_map().unwrap_or_default() {
                let ipath = format!("{base}/instances/{k}");
                if !valid_id(k) {
                    return Err(err(
                        &file,
                        &ipath,
                        Some(v),
                        format!("invalid instance ID: '{k}', expected /^[a-z][a-z0-9_]*$/"),
                    ));
                }
                if let Some(prev) = ids.get(k) {
                    return Err(err(
                        &file,
                        &ipath,
                        Some(v),
                        format!("duplicate attribute ID '{k}', previously defined at {prev}"),
                    ));
                }
                let attr = self.attr(tid, &file, &ipath, v, k.clone(), true)?;
                self.schema.types[tid].instances.push(attr);
            }
        }
        Ok(())
    }
}

fn dup_id(
    file: &Path,
    ids: &mut HashMap<String, String>,
    id: &str,
    path: &str,
    node: &Node,
) -> Result<(), SpecError> {
    if let Some(prev) = ids.get(id) {
        return Err(err(
            file,
            path,
            node.get("id"),
            format!("duplicate attribute ID '{id}', previously defined at {prev}"),
        ));
    }
    ids.insert(id.to_string(), path.to_string());
    Ok(())
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
    fn with_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }
}
