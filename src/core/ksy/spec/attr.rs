//! One seq field or instance: its keys checked, its sizes, terminators,
//! `repeat`, `valid`, `contents` and `process` read; its `type:` by `typeref`.

use std::path::Path;

use super::super::yaml::{Kind, Node};
use super::load::{Build, err, expr_of, int_of};
pub(super) use super::typeref::{primitive, split_call};
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

impl Build<'_> {
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
        if !n.is_quoted()
            && let Some(v) = int_of(text)
        {
            return u8::try_from(v)
                .map(|b| vec![b])
                .map_err(|_| err(file, path, Some(n), format!("contents: {v} is not a byte")));
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
