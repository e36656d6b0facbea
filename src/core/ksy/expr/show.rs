//! Expressions written back as Kaitai source, with the parentheses that
//! precedence needs and no others: for messages, and for showing a spec's
//! expressions in the editor. `parse_expr(&e.to_string()) == e` for every
//! parsed `e`.

use std::fmt::{self, Write};

use super::ast::{BinOp, Expr, UnOp};
use super::value::Value;

/// Binding strength, loosest first, as in the grammar.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Cond,
    Or,
    And,
    Not,
    Compare,
    BitOr,
    BitXor,
    BitAnd,
    Shift,
    Add,
    Mul,
    Unary,
    Postfix,
}

fn binop_prec(op: BinOp) -> Prec {
    use BinOp::*;
    match op {
        Or => Prec::Or,
        And => Prec::And,
        Eq | Ne | Lt | Le | Gt | Ge => Prec::Compare,
        BitOr => Prec::BitOr,
        BitXor => Prec::BitXor,
        BitAnd => Prec::BitAnd,
        Shl | Shr => Prec::Shift,
        Add | Sub => Prec::Add,
        Mul | Div | Mod => Prec::Mul,
    }
}

fn prec(e: &Expr) -> Prec {
    match e {
        Expr::Cond(..) => Prec::Cond,
        Expr::Binary(op, ..) => binop_prec(*op),
        Expr::Unary(UnOp::Not, _) => Prec::Not,
        Expr::Unary(..) => Prec::Unary,
        // A negative number reads back as a negation.
        Expr::Lit(Value::Int(n)) if *n < 0 => Prec::Unary,
        Expr::Lit(Value::Float(x)) if x.is_sign_negative() => Prec::Unary,
        _ => Prec::Postfix,
    }
}

/// Writes `e`, in parentheses when it binds looser than `min`.
fn operand(f: &mut fmt::Formatter<'_>, e: &Expr, min: Prec) -> fmt::Result {
    if prec(e) < min {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

fn list(f: &mut fmt::Formatter<'_>, items: &[Expr]) -> fmt::Result {
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{x}")?;
    }
    Ok(())
}

/// A string literal in double quotes, escaped so it reads back the same.
fn quoted(f: &mut fmt::Formatter<'_>, s: &str, fstring: bool) -> fmt::Result {
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            '\r' => f.write_str("\\r")?,
            c if c.is_control() => write!(f, "\\u{:04x}", u32::from(c))?,
            // `{` cannot be escaped in an f-string; a parsed one has none.
            c if fstring && c == '{' => f.write_str("{\"{\"}")?,
            c => f.write_char(c)?,
        }
    }
    Ok(())
}

fn literal(f: &mut fmt::Formatter<'_>, v: &Value) -> fmt::Result {
    match v {
        Value::Int(n) => write!(f, "{n}"),
        Value::Float(x) if x.is_finite() => {
            let text = format!("{x:?}");
            f.write_str(&text)
        }
        Value::Float(x) if x.is_nan() => f.write_str("(0.0 / 0.0)"),
        Value::Float(x) => f.write_str(if *x > 0.0 {
            "(1.0 / 0.0)"
        } else {
            "(-1.0 / 0.0)"
        }),
        Value::Bool(b) => write!(f, "{b}"),
        Value::Str(s) => {
            f.write_char('"')?;
            quoted(f, s, false)?;
            f.write_char('"')
        }
        Value::Bytes(b) => {
            f.write_char('[')?;
            for (i, byte) in b.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{byte:#04x}")?;
            }
            f.write_char(']')
        }
        Value::Array(items) => {
            f.write_char('[')?;
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                literal(f, x)?;
            }
            f.write_char(']')
        }
        // Not expressible as literals; shown for messages.
        v => write!(f, "{v}"),
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Lit(v) => literal(f, v),
            // Bare, these would start `sizeof<T>` before a `<`.
            Expr::Name(n) if matches!(&**n, "sizeof" | "bitsizeof") => write!(f, "({n})"),
            Expr::Name(n) => f.write_str(n),
            Expr::EnumLabel(r) => {
                if r.absolute {
                    f.write_str("::")?;
                }
                for p in &r.path {
                    write!(f, "{p}::")?;
                }
                f.write_str(&r.label)
            }
            Expr::List(items) => {
                f.write_char('[')?;
                list(f, items)?;
                f.write_char(']')
            }
            Expr::Interp(parts) => {
                f.write_str("f\"")?;
                let mut after_text = false;
                for p in parts {
                    match p {
                        // Two texts in a row would read back as one.
                        Expr::Lit(Value::Str(s)) if !after_text => {
                            quoted(f, s, true)?;
                            after_text = true;
                        }
                        e => {
                            write!(f, "{{{e}}}")?;
                            after_text = false;
                        }
                    }
                }
                f.write_char('"')
            }
            Expr::Unary(UnOp::Not, x) => {
                f.write_str("not ")?;
                operand(f, x, Prec::Not)
            }
            Expr::Unary(op, x) => {
                f.write_str(if *op == UnOp::Neg { "-" } else { "~" })?;
                // `- -3`, not `--3`: both read back, this reads better.
                if matches!(**x, Expr::Unary(..)) || prec(x) == Prec::Unary {
                    f.write_char(' ')?;
                }
                operand(f, x, Prec::Unary)
            }
            Expr::Binary(op, l, r) => {
                let p = binop_prec(*op);
                // Left-associative chains; a comparison takes no comparison.
                let left_min = if p == Prec::Compare { Prec::BitOr } else { p };
                let right_min = if p == Prec::Compare {
                    Prec::BitOr
                } else {
                    next(p)
                };
                operand(f, l, left_min)?;
                write!(f, " {} ", op.symbol())?;
                operand(f, r, right_min)
            }
            Expr::Cond(c, a, b) => {
                operand(f, c, Prec::Or)?;
                write!(f, " ? {a} : {b}")
            }
            Expr::Attr(x, name) => {
                operand(f, x, Prec::Postfix)?;
                write!(f, ".{name}")
            }
            Expr::Call(x, name, args) => {
                operand(f, x, Prec::Postfix)?;
                write!(f, ".{name}(")?;
                list(f, args)?;
                f.write_char(')')
            }
            Expr::Index(x, i) => {
                operand(f, x, Prec::Postfix)?;
                write!(f, "[{i}]")
            }
            Expr::Cast(x, ty) => {
                operand(f, x, Prec::Postfix)?;
                write!(f, ".as<{ty}>")
            }
            Expr::SizeOf(ty) => write!(f, "sizeof<{ty}>"),
            Expr::BitSizeOf(ty) => write!(f, "bitsizeof<{ty}>"),
        }
    }
}

/// The next tighter level (for the right operand of a left-associative
/// operator).
fn next(p: Prec) -> Prec {
    use Prec::*;
    match p {
        Cond => Or,
        Or => And,
        And => Not,
        Not => Compare,
        Compare => BitOr,
        BitOr => BitXor,
        BitXor => BitAnd,
        BitAnd => Shift,
        Shift => Add,
        Add => Mul,
        Mul => Unary,
        Unary | Postfix => Postfix,
    }
}
