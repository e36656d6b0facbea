//! One seq field or instance: its keys, its `type:` (primitive, user type
//! with arguments, or `switch-on`), and the names it refers to, resolved.

use std::path::Path;

use super::super::yaml::{Kind, Node};
use super::load::{Build, case_key, err, expr_of, int_of};
use super::*;
use crate::core::ksy::expr::parse_expr;

const ATTR_KEYS: &[&str] = &[
    "consume",
    "contents",
    "doc",
    "doc-ref",
    "encoding",
    "enum",
    "eos-error",
    "id",
    "if",
    "include",
    "pad-right",
    "parent",
    "process",
    "repeat",
    "size",
    "size-eos",
    "terminator",
    "type",
    "valid",
];
const VALUE_INSTANCE_KEYS: &[&str] = &["doc", "doc-ref", "enum", "if", "value"];

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
    fn named_type(
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

    fn data_type(
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

    /// Reads one seq field (`instance` false) or instance.
    pub(super) fn attr(
        &mut self,
        tid: TypeId,
        file: &Path,
        path: &str,
        node: &Node,
        id: String,
        instance: bool,
    ) -> Result<Attr, SpecError> {
        if node.as_map().is_none() {
            return Err(err(file, path, Some(node), "expected map"));
        }
        let value_inst = instance && node.get("value").is_some();
        if value_inst {
            for (k, v) in node.as_map().unwrap_or_default() {
                if !k.starts_with('-') && !VALUE_INSTANCE_KEYS.contains(&k.as_str()) {
                    return Err(err(
                        file,
                        &format!("{path}/{k}"),
                        Some(v),
                        "invalid key found in value instance, allowed: doc, doc-ref, enum, if, value",
                    ));
                }
            }
        } else {
            let mut allowed: Vec<&str> = ATTR_KEYS
                .iter()
                .copied()
                .filter(|k| !(instance && *k == "id"))
                .collect();
            if instance {
                allowed.extend(["pos", "io"]);
            }
            let repeat = node.get("repeat");
            let need = |key: &str, what: &str| -> Result<(), SpecError> {
                if node.get(key).is_none() {
                    return Err(err(
                        file,
                        &format!("{path}/repeat"),
                        repeat,
                        format!("`repeat: {what}` requires a `{key}` expression"),
                    ));
                }
                Ok(())
            };
            match repeat.and_then(Node::as_scalar) {
                Some("expr") => {
                    need("repeat-expr", "expr")?;
                    allowed.push("repeat-expr");
                }
                Some("until") => {
                    need("repeat-until", "until")?;
                    allowed.push("repeat-until");
                }
                _ => {}
            }
            check_keys(file, path, node, &allowed)?;
        }
        let sub = |k: &str| format!("{path}/{k}");
        let ex = |k: &str| -> Result<Option<Ex>, SpecError> {
            node.get(k).map(|n| expr_of(file, &sub(k), n)).transpose()
        };
        let flag = |k: &str, default: bool| -> Result<bool, SpecError> {
            match node.get(k) {
                None => Ok(default),
                Some(n) => match n.as_scalar() {
                    Some("true") => Ok(true),
                    Some("false") => Ok(false),
                    _ => Err(err(file, &sub(k), Some(n), "expected a boolean")),
                },
            }
        };
        let byte = |k: &str| -> Result<Option<u8>, SpecError> {
            let Some(n) = node.get(k) else {
                return Ok(None);
            };
            let v = n
                .as_scalar()
                .and_then(int_of)
                .ok_or_else(|| err(file, &sub(k), Some(n), "expected an integer from 0 to 255"))?;
            u8::try_from(v).map(Some).map_err(|_| {
                err(
                    file,
                    &sub(k),
                    Some(n),
                    format!("expected an integer from 0 to 255, got {v}"),
                )
            })
        };
        let ty = match node.get("type") {
            Some(t) if !value_inst => self.data_type(tid, file, &sub("type"), t)?,
            _ => DataType::Bytes,
        };
        let encoding = node
            .get("encoding")
            .and_then(Node::as_scalar)
            .map(String::from);
        if let Some(e) = &encoding {
            super::check::encoding_name(
                &mut self.schema.warnings,
                file,
                &sub("encoding"),
                node.get("encoding"),
                e,
            );
        }
        if matches!(ty, DataType::Str { .. })
            && encoding.is_none()
            && self.schema.types[tid].encoding.is_none()
        {
            return Err(err(
                file,
                path,
                Some(node),
                "string type, but no encoding found",
            ));
        }
        let repeat = match node.get("repeat") {
            None => Repeat::None,
            Some(r) => match r.as_scalar() {
                Some("eos") => Repeat::Eos,
                Some("expr") => Repeat::Expr(ex("repeat-expr")?.ok_or_else(|| {
                    err(
                        file,
                        &sub("repeat"),
                        Some(r),
                        "`repeat: expr` requires a `repeat-expr` expression",
                    )
                })?),
                Some("until") => Repeat::Until(ex("repeat-until")?.ok_or_else(|| {
                    err(
                        file,
                        &sub("repeat"),
                        Some(r),
                        "`repeat: until` requires a `repeat-until` expression",
                    )
                })?),
                other => {
                    return Err(err(
                        file,
                        &sub("repeat"),
                        Some(r),
                        format!(
                            "expected eos / expr / until, got '{}'",
                            other.unwrap_or_default()
                        ),
                    ));
                }
            },
        };
        let enum_ = node
            .get("enum")
            .map(|e| self.find_enum_node(tid, file, &sub("enum"), e))
            .transpose()?;
        if enum_.is_some()
            && !matches!(ty, DataType::Int { .. } | DataType::Bits { .. })
            && !value_inst
        {
            let what = if matches!(ty, DataType::User { .. }) {
                "a user type"
            } else {
                "a byte array"
            };
            return Err(err(
                file,
                &sub("enum"),
                node.get("enum"),
                format!("tried to resolve non-integer {what} to enum"),
            ));
        }
        Ok(Attr {
            id,
            path: path.to_string(),
            line: node.line,
            size: ex("size")?,
            size_eos: flag("size-eos", false)?,
            terminator: byte("terminator")?,
            consume: flag("consume", true)?,
            include: flag("include", false)?,
            eos_error: flag("eos-error", true)?,
            pad_right: byte("pad-right")?,
            contents: node
                .get("contents")
                .map(|c| contents(file, &sub("contents"), c))
                .transpose()?,
            encoding,
            repeat,
            cond: ex("if")?,
            valid: node
                .get("valid")
                .map(|v| self.valid(file, &sub("valid"), v, enum_.is_some()))
                .transpose()?,
            process: node
                .get("process")
                .map(|p| process(file, &sub("process"), p))
                .transpose()?,
            enum_,
            parent: ex("parent")?,
            pos: ex("pos")?,
            io: ex("io")?,
            value: match node.get("value") {
                Some(v) if v.is_null() => {
                    return Err(err(
                        file,
                        &sub("value"),
                        Some(v),
                        "expected string, got null",
                    ));
                }
                Some(v) => Some(expr_of(file, &sub("value"), v)?),
                None => None,
            },
            ty,
        })
    }

    fn valid(
        &self,
        file: &Path,
        path: &str,
        node: &Node,
        has_enum: bool,
    ) -> Result<Valid, SpecError> {
        let mut v = Valid::default();
        let Some(map) = node.as_map() else {
            v.eq = Some(expr_of(file, path, node)?);
            v.short = true;
            return Ok(v);
        };
        check_keys(
            file,
            path,
            node,
            &["eq", "min", "max", "any-of", "expr", "in-enum"],
        )?;
        for (k, n) in map {
            let p = format!("{path}/{k}");
            match k.as_str() {
                "eq" => v.eq = Some(expr_of(file, &p, n)?),
                "min" => v.min = Some(expr_of(file, &p, n)?),
                "max" => v.max = Some(expr_of(file, &p, n)?),
                "expr" => v.expr = Some(expr_of(file, &p, n)?),
                "any-of" => {
                    for (i, item) in n.as_seq().unwrap_or_default().iter().enumerate() {
                        v.any_of.push(expr_of(file, &format!("{p}/{i}"), item)?);
                    }
                }
                "in-enum" => {
                    if n.as_scalar() != Some("true") {
                        return Err(err(
                            file,
                            &p,
                            Some(n),
                            format!(
                                "only `true` is supported as value, got `{}`",
                                n.as_scalar().unwrap_or_default()
                            ),
                        ));
                    }
                    if !has_enum {
                        return Err(err(
                            file,
                            &p,
                            Some(n),
                            "`valid/in-enum` requires the `enum` key",
                        ));
                    }
                    v.in_enum = true;
                }
                _ => {}
            }
        }
        Ok(v)
    }
}

pub(super) fn check_keys(
    file: &Path,
    path: &str,
    node: &Node,
    allowed: &[&str],
) -> Result<(), SpecError> {
    for (k, v) in node.as_map().unwrap_or_default() {
        if k.starts_with('-') || allowed.contains(&k.as_str()) {
            continue;
        }
        let mut all = allowed.to_vec();
        all.sort_unstable();
        return Err(err(
            file,
            &format!("{path}/{k}"),
            Some(v),
            format!("unknown key found, expected: {}", all.join(", ")),
        ));
    }
    Ok(())
}

fn contents(file: &Path, path: &str, node: &Node) -> Result<Vec<u8>, SpecError> {
    let one = |n: &Node| -> Result<Vec<u8>, SpecError> {
        let text = n.as_scalar().unwrap_or_default();
        if !n.is_quoted() {
            if let Some(v) = int_of(text) {
                return u8::try_from(v)
                    .map(|b| vec![b])
                    .map_err(|_| err(file, path, Some(n), format!("contents: {v} is not a byte")));
            }
        }
        Ok(text.as_bytes().to_vec())
    };
    match &node.kind {
        Kind::Seq(items) => items
            .iter()
            .map(one)
            .collect::<Result<Vec<_>, _>>()
            .map(|v| v.concat()),
        Kind::Scalar { .. } => one(node),
        Kind::Map(_) => Err(err(
            file,
            path,
            Some(node),
            "expected a string or a list of bytes",
        )),
    }
}

fn process(file: &Path, path: &str, node: &Node) -> Result<Process, SpecError> {
    let text = node.as_scalar().unwrap_or_default();
    let (name, args) = split_call(text).ok_or_else(|| {
        err(
            file,
            path,
            Some(node),
            format!("malformed process '{text}'"),
        )
    })?;
    let arg = || -> Result<Ex, SpecError> {
        let a = args
            .first()
            .ok_or_else(|| err(file, path, Some(node), format!("{name} needs an argument")))?;
        let ast = parse_expr(a).map_err(|e| {
            err(
                file,
                path,
                Some(node),
                format!("parsing expression '{a}' failed: {e}"),
            )
        })?;
        Ok(Ex {
            src: a.to_string(),
            ast,
        })
    };
    Ok(match name {
        "zlib" => Process::Zlib,
        "xor" => Process::Xor(arg()?),
        "rol" => Process::Rol(arg()?),
        "ror" => Process::Ror(arg()?),
        other => Process::Unknown(other.to_string()),
    })
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
