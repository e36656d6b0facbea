//! A type's `params`, `seq` and `instances`, read once every type name is
//! declared; ids must be valid and unique across the three.

use std::collections::HashMap;
use std::path::Path;

use super::super::yaml::Node;
use super::attr::check_keys;
use super::load::*;
use super::*;

impl Build<'_> {
    pub(super) fn params(
        &mut self,
        tid: TypeId,
        node: &Node,
    ) -> Result<HashMap<String, String>, SpecError> {
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

    pub(super) fn fields(
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
