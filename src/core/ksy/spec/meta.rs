//! `meta` (endianness fixed or switched, bit endianness, encoding,
//! extensions, `ks-version`) and `enums` of a type.

use std::collections::HashMap;
use std::path::Path;

use super::super::yaml::{Kind, Node};
use super::attr::check_keys;
use super::load::*;
use super::*;

impl Build<'_> {
    pub(super) fn meta(
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

    pub(super) fn endian(
        &mut self,
        file: &Path,
        node: &Node,
        path: &str,
    ) -> Result<EndianSpec, SpecError> {
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

    pub(super) fn enum_def(
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
