//! The syntax tree of an expression, and the type names that `.as<T>`,
//! `sizeof<T>` and a field's `type:` refer to.

use std::fmt;
use std::sync::Arc;

use super::value::Value;

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A literal, or a value given directly (a YAML `size: 4`).
    Lit(Value),
    /// A name: field, instance, parameter or `_root`, `_parent`, `_io`, `_`,
    /// `_index`, `_on`, `_is_le`, `_sizeof`.
    Name(Arc<str>),
    /// `enum_name::label` or `type::…::enum_name::label`.
    EnumLabel(EnumRef),
    /// `[a, b, c]`
    List(Vec<Expr>),
    /// `f"…{x}…"`: the parts are concatenated as strings.
    Interp(Vec<Expr>),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `cond ? a : b`
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `x.name`: a field of an object, or a method without arguments.
    Attr(Box<Expr>, Arc<str>),
    /// `x.name(args)`: a method with arguments.
    Call(Box<Expr>, Arc<str>, Vec<Expr>),
    /// `x[i]`
    Index(Box<Expr>, Box<Expr>),
    /// `x.as<T>`
    Cast(Box<Expr>, TypeName),
    /// `sizeof<T>`
    SizeOf(TypeName),
    /// `bitsizeof<T>`
    BitSizeOf(TypeName),
}

impl Expr {
    /// An expression that evaluates to `v`; for sizes, conditions and
    /// arguments written in YAML as numbers or booleans.
    pub fn literal(v: Value) -> Expr {
        Expr::Lit(v)
    }

    /// Whether the tree is deeper than `limit` levels (looks no deeper
    /// than that, so it is safe on any tree the parser built).
    pub(super) fn deeper_than(&self, limit: usize) -> bool {
        let Some(l) = limit.checked_sub(1) else {
            return true;
        };
        match self {
            Expr::Lit(_)
            | Expr::Name(_)
            | Expr::EnumLabel(_)
            | Expr::SizeOf(_)
            | Expr::BitSizeOf(_) => false,
            Expr::List(items) | Expr::Interp(items) => items.iter().any(|x| x.deeper_than(l)),
            Expr::Unary(_, x) | Expr::Attr(x, _) | Expr::Cast(x, _) => x.deeper_than(l),
            Expr::Binary(_, a, b) | Expr::Index(a, b) => a.deeper_than(l) || b.deeper_than(l),
            Expr::Cond(a, b, c) => a.deeper_than(l) || b.deeper_than(l) || c.deeper_than(l),
            Expr::Call(x, _, args) => x.deeper_than(l) || args.iter().any(|a| a.deeper_than(l)),
        }
    }

    /// The name, when the expression is a bare name.
    pub fn as_name(&self) -> Option<&str> {
        match self {
            Expr::Name(n) => Some(n),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `~x`
    Invert,
    /// `not x`
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Shl,
    Shr,
    BitAnd,
    BitOr,
    BitXor,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
}

/// `a::b::label`: `path` holds the enclosing type names then the enum's
/// name (at least the enum's name); `absolute` when written with a leading
/// `::`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumRef {
    pub absolute: bool,
    pub path: Vec<Arc<str>>,
    pub label: Arc<str>,
}

impl EnumRef {
    /// The enum's own name (the last element of the path).
    pub fn enum_name(&self) -> &str {
        self.path.last().map_or("", |s| s)
    }

    /// The types the enum is looked up in, outermost first (may be empty).
    pub fn type_path(&self) -> &[Arc<str>] {
        &self.path[..self.path.len().saturating_sub(1)]
    }
}

/// A type name: `u4`, `str`, `foo`, `foo::bar`, `::top::inner`, `u1[]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeName {
    pub absolute: bool,
    pub path: Vec<Arc<str>>,
    /// Written with `[]` (an array of the type), only in `.as<T[]>`.
    pub is_array: bool,
}

impl TypeName {
    /// The single name when the type is not qualified (`u4`, `foo`).
    pub fn simple(&self) -> Option<&str> {
        match self.path.as_slice() {
            [one] if !self.absolute => Some(one),
            _ => None,
        }
    }
}

impl fmt::Display for TypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.absolute {
            f.write_str("::")?;
        }
        for (i, p) in self.path.iter().enumerate() {
            if i > 0 {
                f.write_str("::")?;
            }
            f.write_str(p)?;
        }
        if self.is_array {
            f.write_str("[]")?;
        }
        Ok(())
    }
}

/// A field's `type:` (or a `process:`): a type name with optional
/// arguments, `my_type(3, _parent.len)`, `xor(key)`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeRef {
    pub name: TypeName,
    pub args: Vec<Expr>,
}
