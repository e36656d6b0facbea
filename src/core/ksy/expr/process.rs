//! A field's `process:` value — `zlib`, `xor(key)`, `rol(n)`, `ror(n)`, or
//! a custom `my.module.name(args)` — read as the reference compiler's
//! `ProcessExpr` reads it.

use super::ast::Expr;
use super::{ExprError, parser::Parser};

/// A parsed `process:`.
#[derive(Clone, Debug, PartialEq)]
pub enum Process {
    Zlib,
    Xor(Expr),
    /// `rol(n)`: rotate each byte left by `n` bits.
    Rol(Expr),
    Ror(Expr),
    /// A process the spec brings itself: the dotted name's parts and the
    /// arguments. An interpreter cannot run it, but can say which it is.
    Custom {
        name: Vec<String>,
        args: Vec<Expr>,
    },
}

/// Parses a `process:` value.
pub fn parse_process(src: &str) -> Result<Process, ExprError> {
    let s = src.trim();
    if s == "zlib" {
        return Ok(Process::Zlib);
    }
    let name_len = s
        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'))
        .unwrap_or(s.len());
    let (name, rest) = s.split_at(name_len);
    // Positions in errors count from the start of `src`.
    let lead = src.len() - src.trim_start().len();
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(ExprError {
            pos: lead,
            message: format!("unknown process '{src}'"),
        });
    }
    if rest.is_empty() {
        return Ok(Process::Custom {
            name: name.split('.').map(String::from).collect(),
            args: Vec::new(),
        });
    }
    let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) else {
        return Err(ExprError {
            pos: lead + name_len,
            message: format!("expected '(arguments)' after '{name}'"),
        });
    };
    let at = lead + name_len + 1;
    let shift = |e: ExprError| ExprError {
        pos: e.pos + at,
        ..e
    };
    let one = || Parser::new(inner).whole(|p| p.test()).map_err(shift);
    Ok(match name {
        "xor" => Process::Xor(one()?),
        "rol" => Process::Rol(one()?),
        "ror" => Process::Ror(one()?),
        _ => Process::Custom {
            name: name.split('.').map(String::from).collect(),
            args: Parser::new(inner).whole(|p| p.expr_list()).map_err(shift)?,
        },
    })
}
