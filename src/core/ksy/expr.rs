//! The Kaitai Struct expression language: parsing (`parse_expr`,
//! `parse_type_ref`) and evaluation (`eval`) against a `Context` that the
//! parse tree implements.
//!
//! - `parse_expr(src) -> Result<Expr, ExprError>`: the grammar of the
//!   reference compiler 0.11 (see `parser`); errors carry the byte offset.
//! - `parse_type_ref(src) -> Result<TypeRef, ExprError>`: a field's `type:`
//!   (`u4`, `foo::bar`, `my_type(3, _parent.len)`), with
//!   the arguments of a user type.
//! - `parse_process(src) -> Result<Process, ExprError>`: a `process:` value
//!   (`zlib`, `xor(k)`, `rol(n)`, `ror(n)`, custom `a.b.name(args)`).
//! - `Expr::literal(Value)`: an expression for a YAML number or boolean;
//!   `Expr` displays as Kaitai source (minimal parentheses; it parses
//!   back to the same tree).
//! - `eval(&Expr, &mut dyn Context) -> Result<Value, EvalError>`.
//!
//! Values: every integer is `Value::Int(i128)`. Arithmetic is exact in
//! i128; a result that leaves the range of 64-bit integers (signed or
//! unsigned) is reduced to 64 bits the way the reference's 64-bit targets
//! do (see `eval`). Integer `/` and `%` are floor division and floor modulo
//! (`-5 / 3 == -2`, `-5 % 3 == 1`), as in the reference's Python, Ruby and
//! JavaScript targets.

mod ast;
mod atoms;
mod context;
mod eval;
mod lexer;
mod methods;
mod parser;
mod process;
mod show;
mod value;

pub use ast::{BinOp, EnumRef, Expr, TypeName, TypeRef, UnOp};
pub use context::{Context, EvalError};
pub use eval::eval;
pub use process::{Process, parse_process};
pub use value::{IoId, ObjId, Value};

use thiserror::Error;

/// A malformed expression: what is wrong, and where (a byte offset into the
/// expression's source).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{message} (at column {})", .pos + 1)]
pub struct ExprError {
    pub pos: usize,
    pub message: String,
}

/// Parses one expression.
pub fn parse_expr(src: &str) -> Result<Expr, ExprError> {
    parser::Parser::new(src).whole(|p| p.test())
}

/// Parses a type reference with optional arguments: `u4`, `foo::bar`,
/// `::top`, `my_type(1, x + 2)`.
pub fn parse_type_ref(src: &str) -> Result<TypeRef, ExprError> {
    parser::Parser::new(src).whole(|p| p.type_ref())
}

#[cfg(test)]
mod tests;
