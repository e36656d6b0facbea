//! `type:` names: primitives (`u4le`, `b12`, `strz`), user types with
//! arguments (`chunk(len, true)`), `switch-on` maps, parameter types, and
//! enum names — resolved from the type that uses them outwards.

use std::path::Path;

use super::super::yaml::{Kind, Node};
use super::attr::check_keys;
use super::load::{Build, case_key, err, expr_of};
use super::*;
use crate::core::ksy::expr::parse_expr;

/// Splits `name(a, b)` into the name and the argument texts; `None` for
/// unbalanced brackets or an empty argument.
pub(super) fn split_call(text: &str) -> Option<(&str, Vec<&str>)> {
    let Some(open) = text.find('(') else {
        return Some((text.trim(), Vec::new()));
    };
    let inner = text[open + 1..].trim_end().strip_suffix(')')?;
    let mut args = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0usize);
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, ',') if depth == 0 => {
                args.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    if depth != 0 || quote.is_some() {
        return None;
    }
    let last = inner[start..].trim();
    if !last.is_empty() || !args.is_empty() {
        args.push(last);
    }
    if args.iter().any(|a| a.is_empty()) {
        return None;
    }
    Some((text[..open].trim(), args))
}

/// A primitive type name (`u4le`, `f8`, `b12be`, `str`, `strz`), if it is one.
pub(super) fn primitive(name: &str) -> Option<DataType> {
    let (base, endian) = if let Some(b) = name.strip_suffix("le") {
        (b, Some(Endian::Le))
    } else if let Some(b) = name.strip_suffix("be") {
        (b, Some(Endian::Be))
    } else {
        (name, None)
    };
    match name {
        "str" => return Some(DataType::Str { zero: false }),
        "strz" => return Some(DataType::Str { zero: true }),
        _ => {}
    }
    let digits = |s: &str| s.parse::<u8>().ok();
    match base.as_bytes().first() {
        Some(b'u' | b's') => {
            let bytes = digits(&base[1..]).filter(|b| [1, 2, 4, 8].contains(b))?;
            let signed = base.starts_with('s');
            Some(DataType::Int {
                bytes,
                signed,
                endian: endian.filter(|_| bytes > 1),
            })
        }
        Some(b'f') => {
            let bytes = digits(&base[1..]).filter(|b| [4, 8].contains(b))?;
            Some(DataType::Float { bytes, endian })
        }
        Some(b'b') => {
            let bits = digits(&base[1..]).filter(|b| (1..=64).contains(b))?;
            Some(DataType::Bits {
                bits,
                le: endian.map(|e| e == Endian::Le),
            })
        }
        _ => None,
    }
}

impl Build<'_> {
    pub(super) fn find_enum_node(
        &self,
        tid: TypeId,
        file: &Path,
        path: &str,
        node: &Node,
    ) -> Result<EnumId, SpecError> {
        let name = node.as_scalar().unwrap_or_default();
        self.schema.find_enum(tid, name).ok_or_else(|| {
            err(
                file,
                path,
                Some(node),
                format!(
                    "unable to find enum '{name}', searching from {}",
                    self.qualified_name(tid)
                ),
            )
        })
    }

    pub(super) fn qualified_name(&self, tid: TypeId) -> String {
        let t = &self.schema.types[tid];
        match t.parent {
            Some(p) => format!("{}::{}", self.qualified_name(p), t.name),
            None => t.name.clone(),
        }
    }

    /// A `type:` string: a primitive, or a user type with arguments.
    pub(super) fn named_type(
        &self,
        tid: TypeId,
        file: &Path,
        path: &str,
        node: &Node,
        text: &str,
    ) -> Result<DataType, SpecError> {
        if let Some(p) = primitive(text) {
            let needs_endian = matches!(
                p,
                DataType::Int {
                    bytes: 2..,
                    endian: None,
                    ..
                } | DataType::Float { endian: None, .. }
            );
            if needs_endian && self.schema.types[tid].endian.is_none() {
                return Err(err(
                    file,
                    path,
                    Some(node),
                    format!("unable to use type '{text}' without default endianness"),
                ));
            }
            return Ok(p);
        }
        let (name, args) = split_call(text).ok_or_else(|| {
            err(
                file,
                path,
                Some(node),
                format!("parsing expression '{text}' failed: malformed argument list"),
            )
        })?;
        let id = self.schema.find_type(tid, name).ok_or_else(|| {
            err(
                file,
                path,
                Some(node),
                format!(
                    "unable to find type '{name}', searching from {}",
                    self.qualified_name(tid)
                ),
            )
        })?;
        let mut exprs = Vec::new();
        for a in &args {
            let ast = parse_expr(a).map_err(|e| {
                err(
                    file,
                    path,
                    Some(node),
                    format!("parsing expression '{a}' failed: {e}"),
                )
            })?;
            exprs.push(Ex {
                src: a.to_string(),
                ast,
            });
        }
        let declared = self.schema.types[id].params.len();
        if exprs.len() != declared {
            return Err(err(
                file,
                path,
                Some(node),
                format!(
                    "parameter count mismatch: {declared} declared, but {} used",
                    exprs.len()
                ),
            ));
        }
        Ok(DataType::User { id, args: exprs })
    }

    /// The type of a parameter: a primitive, `bool`, `struct`, `io`, `any`,
    /// `bytes`, a user type, any of them with `[]`.
    pub(super) fn param_type(
        &self,
        tid: TypeId,
        file: &Path,
        path: &str,
        node: &Node,
        text: &str,
    ) -> Result<DataType, SpecError> {
        if let Some(p) = primitive(text) {
            return Ok(p);
        }
        let base = text.strip_suffix("[]").unwrap_or(text);
        if matches!(base, "bool" | "struct" | "io" | "any" | "bytes") || text.ends_with("[]") {
            return Ok(DataType::Any);
        }
        let id = self.schema.find_type(tid, base).ok_or_else(|| {
            err(
                file,
                path,
                Some(node),
                format!(
                    "unable to find type '{base}', searching from {}",
                    self.qualified_name(tid)
                ),
            )
        })?;
        Ok(DataType::User {
            id,
            args: Vec::new(),
        })
    }

    pub(super) fn data_type(
        &self,
        tid: TypeId,
        file: &Path,
        path: &str,
        node: &Node,
    ) -> Result<DataType, SpecError> {
        match &node.kind {
            Kind::Scalar { text, .. } => self.named_type(tid, file, path, node, text),
            Kind::Seq(_) => Err(err(
                file,
                path,
                Some(node),
                "expected map or string, found a list",
            )),
            Kind::Map(_) => {
                check_keys(file, path, node, &["switch-on", "cases"])?;
                let on = node.get("switch-on").ok_or_else(|| {
                    err(
                        file,
                        path,
                        Some(node),
                        "missing mandatory argument `switch-on`",
                    )
                })?;
                let cases = node.get("cases").ok_or_else(|| {
                    err(file, path, Some(node), "missing mandatory argument `cases`")
                })?;
                let on = expr_of(file, &format!("{path}/switch-on"), on)?;
                let Some(map) = cases.as_map() else {
                    return Err(err(
                        file,
                        &format!("{path}/cases"),
                        Some(cases),
                        "expected map",
                    ));
                };
                let mut out = Vec::new();
                for (k, v) in map {
                    if let Some(flow) = k.strip_prefix(super::super::yaml::NON_SCALAR_KEY) {
                        return Err(err(
                            file,
                            &format!("{path}/cases"),
                            Some(v),
                            format!("expected string, got {flow}"),
                        ));
                    }
                    let cpath = format!("{path}/cases/{k}");
                    let key = case_key(file, &cpath, k, v)?;
                    let Some(text) = v.as_scalar() else {
                        return Err(err(
                            file,
                            &format!("{path}/cases"),
                            Some(v),
                            "expected string",
                        ));
                    };
                    out.push((key, self.named_type(tid, file, &cpath, v, text)?));
                }
                Ok(DataType::Switch { on, cases: out })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_call_handles_nesting_and_quotes() {
        assert_eq!(split_call("foo"), Some(("foo", vec![])));
        assert_eq!(
            split_call("foo(1, [2, 3], 'a,b')"),
            Some(("foo", vec!["1", "[2, 3]", "'a,b'"]))
        );
        assert_eq!(split_call("foo(2 + 3, )"), None);
        assert_eq!(split_call("foo(1"), None);
    }

    #[test]
    fn primitives_parse_with_endianness() {
        assert!(matches!(
            primitive("u4le"),
            Some(DataType::Int {
                bytes: 4,
                signed: false,
                endian: Some(Endian::Le)
            })
        ));
        assert!(matches!(
            primitive("s1"),
            Some(DataType::Int {
                bytes: 1,
                signed: true,
                endian: None
            })
        ));
        assert!(matches!(
            primitive("b12be"),
            Some(DataType::Bits {
                bits: 12,
                le: Some(false)
            })
        ));
        assert!(primitive("u3").is_none());
        assert!(primitive("b65").is_none());
        assert!(primitive("foo").is_none());
    }
}
