//! The grammar of expressions, precedence and all, as the reference
//! compiler's `Expressions` parser defines it (lowest first):
//! `?:`, `or`, `and`, `not`, one comparison (`a < b < c` is an error),
//! `|`, `^`, `&`, `<< >>`, `+ -`, `* / %`, unary `+ - ~`, then trailers
//! (`.name`, `.name(args)`, `[i]`, `.as<T>`) on atoms.

use std::sync::Arc;

use super::ExprError;
use super::ast::{BinOp, EnumRef, Expr, TypeName, TypeRef, UnOp};
use super::lexer::{Cursor, Number};
use super::value::Value;

/// Deeper nesting of parentheses, conditionals and unary operators than
/// this is refused, so a hostile spec cannot overflow the parser's stack.
const MAX_NESTING: usize = 48;

/// Trees deeper than this (long chains of operators or trailers) are
/// refused, so evaluating (and dropping) them cannot overflow the stack.
pub const MAX_DEPTH: usize = 256;

pub(super) struct Parser<'a> {
    cur: Cursor<'a>,
    depth: usize,
}

type Res<T> = Result<T, ExprError>;

impl<'a> Parser<'a> {
    pub fn new(src: &'a str) -> Parser<'a> {
        Parser {
            cur: Cursor::new(src),
            depth: 0,
        }
    }

    /// Parses `rule` and requires the whole source to be consumed.
    pub fn whole<T>(mut self, rule: impl FnOnce(&mut Self) -> Res<T>) -> Res<T> {
        let v = rule(&mut self)?;
        self.cur.skip_ws();
        if !self.cur.at_end() {
            return Err(self.unexpected());
        }
        Ok(v)
    }

    fn unexpected(&mut self) -> ExprError {
        self.cur.skip_ws();
        match self.cur.peek() {
            None => self.cur.error("unexpected end of expression"),
            Some(c) => self.cur.error(format!("unexpected '{c}'")),
        }
    }

    fn expect(&mut self, s: &str) -> Res<()> {
        if self.cur.eat(s) {
            Ok(())
        } else {
            let e = self.unexpected();
            Err(ExprError {
                message: format!("expected '{s}', {}", e.message),
                ..e
            })
        }
    }

    /// `test`: a conditional expression, the top of the grammar.
    pub fn test(&mut self) -> Res<Expr> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.cur.error("expression nested too deeply"));
        }
        let cond = self.or_test()?;
        let e = if self.cur.eat("?") {
            let a = self.test()?;
            self.expect(":")?;
            let b = self.test()?;
            Expr::Cond(Box::new(cond), Box::new(a), Box::new(b))
        } else {
            cond
        };
        self.depth -= 1;
        Ok(e)
    }

    fn or_test(&mut self) -> Res<Expr> {
        let mut e = self.and_test()?;
        while self.cur.eat_kw("or") {
            let r = self.and_test()?;
            e = Expr::Binary(BinOp::Or, Box::new(e), Box::new(r));
        }
        Ok(e)
    }

    fn and_test(&mut self) -> Res<Expr> {
        let mut e = self.not_test()?;
        while self.cur.eat_kw("and") {
            let r = self.not_test()?;
            e = Expr::Binary(BinOp::And, Box::new(e), Box::new(r));
        }
        Ok(e)
    }

    fn not_test(&mut self) -> Res<Expr> {
        if self.cur.eat_kw("not") {
            self.nest(|p| p.not_test())
                .map(|e| Expr::Unary(UnOp::Not, Box::new(e)))
        } else {
            self.comparison()
        }
    }

    fn comparison(&mut self) -> Res<Expr> {
        let l = self.bit_or()?;
        // Longer operators first, as the reference's `comp_op` does.
        let ops = [
            ("<=", BinOp::Le),
            (">=", BinOp::Ge),
            ("==", BinOp::Eq),
            ("!=", BinOp::Ne),
        ];
        let mut op = ops.iter().find(|(s, _)| self.cur.eat(s)).map(|&(_, o)| o);
        if op.is_none() {
            // `<` and `>` but not the shifts `<<` / `>>`.
            if self.cur.sees("<") && !self.cur.sees("<<") {
                self.cur.eat("<");
                op = Some(BinOp::Lt);
            } else if self.cur.sees(">") && !self.cur.sees(">>") {
                self.cur.eat(">");
                op = Some(BinOp::Gt);
            }
        }
        match op {
            Some(op) => {
                let r = self.bit_or()?;
                Ok(Expr::Binary(op, Box::new(l), Box::new(r)))
            }
            None => Ok(l),
        }
    }

    /// One level of left-associative binary operators.
    fn chain(&mut self, ops: &[(&str, BinOp)], next: fn(&mut Self) -> Res<Expr>) -> Res<Expr> {
        let mut e = next(self)?;
        'outer: loop {
            for &(s, op) in ops {
                if self.cur.sees(s) && !self.is_longer_op(s) {
                    self.cur.eat(s);
                    let r = next(self)?;
                    e = self.bounded(Expr::Binary(op, Box::new(e), Box::new(r)))?;
                    continue 'outer;
                }
            }
            return Ok(e);
        }
    }

    /// Whether the single-character operator `s` at the cursor is really the
    /// start of a longer one (`<` of `<<` or `<=`, `|` never is).
    fn is_longer_op(&mut self, s: &str) -> bool {
        let rest = self.cur.rest();
        match s {
            "<" => rest.starts_with("<<") || rest.starts_with("<="),
            ">" => rest.starts_with(">>") || rest.starts_with(">="),
            _ => false,
        }
    }

    fn bit_or(&mut self) -> Res<Expr> {
        self.chain(&[("|", BinOp::BitOr)], Self::bit_xor)
    }

    fn bit_xor(&mut self) -> Res<Expr> {
        self.chain(&[("^", BinOp::BitXor)], Self::bit_and)
    }

    fn bit_and(&mut self) -> Res<Expr> {
        self.chain(&[("&", BinOp::BitAnd)], Self::shift)
    }

    fn shift(&mut self) -> Res<Expr> {
        self.chain(&[("<<", BinOp::Shl), (">>", BinOp::Shr)], Self::arith)
    }

    fn arith(&mut self) -> Res<Expr> {
        self.chain(&[("+", BinOp::Add), ("-", BinOp::Sub)], Self::term)
    }

    fn term(&mut self) -> Res<Expr> {
        self.chain(
            &[("*", BinOp::Mul), ("/", BinOp::Div), ("%", BinOp::Mod)],
            Self::factor,
        )
    }

    fn factor(&mut self) -> Res<Expr> {
        let op = if self.cur.eat("+") {
            None
        } else if self.cur.eat("-") {
            Some(UnOp::Neg)
        } else if self.cur.eat("~") {
            Some(UnOp::Invert)
        } else {
            return self.power();
        };
        let e = self.nest(|p| p.factor())?;
        Ok(match op {
            Some(op) => Expr::Unary(op, Box::new(e)),
            None => e,
        })
    }

    /// Refuses a tree that has grown deeper than `MAX_DEPTH`.
    fn bounded(&self, e: Expr) -> Res<Expr> {
        if e.deeper_than(MAX_DEPTH) {
            return Err(self.cur.error("expression nested too deeply"));
        }
        Ok(e)
    }

    fn nest(&mut self, rule: impl FnOnce(&mut Self) -> Res<Expr>) -> Res<Expr> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.cur.error("expression nested too deeply"));
        }
        let e = rule(self)?;
        self.depth -= 1;
        Ok(e)
    }

    fn power(&mut self) -> Res<Expr> {
        let mut e = self.atom()?;
        loop {
            e = self.bounded(e)?;
            if self.cur.eat("[") {
                let i = self.test()?;
                self.expect("]")?;
                e = Expr::Index(Box::new(e), Box::new(i));
            } else if self.cur.sees("(") {
                let at = self.cur.pos;
                let Expr::Attr(obj, name) = e else {
                    return Err(ExprError {
                        pos: at,
                        message: "only methods can be called".into(),
                    });
                };
                self.cur.eat("(");
                let args = self.args()?;
                e = Expr::Call(obj, name, args);
            } else if self.cur.eat(".") {
                let save = self.cur.pos;
                if self.cur.eat_kw("as") && self.cur.eat("<") {
                    let ty = self.type_name()?;
                    self.expect(">")?;
                    e = Expr::Cast(Box::new(e), ty);
                    continue;
                }
                self.cur.pos = save;
                let Some(name) = self.cur.name() else {
                    return Err(self.unexpected());
                };
                e = Expr::Attr(Box::new(e), name.into());
            } else {
                return Ok(e);
            }
        }
    }

    /// Call arguments after `(`: zero or more, comma-separated, then `)`.
    fn args(&mut self) -> Res<Vec<Expr>> {
        let mut args = Vec::new();
        if self.cur.eat(")") {
            return Ok(args);
        }
        loop {
            args.push(self.test()?);
            if self.cur.eat(")") {
                return Ok(args);
            }
            self.expect(",")?;
        }
    }

    fn atom(&mut self) -> Res<Expr> {
        self.cur.skip_ws();
        let start = self.cur.pos;
        if self.cur.eat("[") {
            if self.cur.eat("]") {
                return Ok(Expr::List(Vec::new()));
            }
            return Ok(Expr::List(self.list_until("]")?));
        }
        if self.cur.eat("(") {
            let e = self.test()?;
            self.expect(")")?;
            return Ok(e);
        }
        if let Some(r) = self.enum_label()? {
            return Ok(Expr::EnumLabel(r));
        }
        for (kw, bits) in [("sizeof", false), ("bitsizeof", true)] {
            // Without `<type>` after it, `sizeof` is an ordinary name.
            if self.cur.eat_kw(kw) && self.cur.eat("<") {
                if let Ok(ty) = self.type_name() {
                    if self.cur.eat(">") {
                        return Ok(if bits {
                            Expr::BitSizeOf(ty)
                        } else {
                            Expr::SizeOf(ty)
                        });
                    }
                }
            }
            self.cur.pos = start;
        }
        if self.cur.rest().starts_with("f\"") {
            return self.fstring();
        }
        if let Some(s) = self.cur.string()? {
            let mut s = s;
            while let Some(more) = self.cur.string()? {
                s.push_str(&more);
            }
            return Ok(Expr::Lit(Value::str(&s)));
        }
        if let Some(name) = self.cur.name() {
            return Ok(match name {
                "true" => Expr::Lit(Value::Bool(true)),
                "false" => Expr::Lit(Value::Bool(false)),
                _ => Expr::Name(name.into()),
            });
        }
        match self.cur.number()? {
            Some(Number::Int(n)) => Ok(Expr::Lit(Value::Int(n))),
            Some(Number::Float(x)) => Ok(Expr::Lit(Value::Float(x))),
            None => Err(self.unexpected()),
        }
    }

    /// `name::label`, `type::name::label`, `::type::name::label` (two or
    /// more names), or nothing (the cursor is left where it was).
    fn enum_label(&mut self) -> Res<Option<EnumRef>> {
        let start = self.cur.pos;
        let absolute = self.cur.eat("::");
        let mut names: Vec<Arc<str>> = Vec::new();
        if let Some(n) = self.cur.name() {
            names.push(n.into());
            while self.cur.eat("::") {
                match self.cur.name() {
                    Some(n) => names.push(n.into()),
                    None => return Err(self.cur.error("expected a name after '::'")),
                }
            }
        }
        if names.len() < 2 {
            self.cur.pos = start;
            if absolute {
                return Err(self.cur.error("expected enum::label after '::'"));
            }
            return Ok(None);
        }
        let label = names.pop().unwrap_or_else(|| "".into());
        Ok(Some(EnumRef {
            absolute,
            path: names,
            label,
        }))
    }

    /// `f"text {expr} text"`; the cursor is on the `f`.
    fn fstring(&mut self) -> Res<Expr> {
        let start = self.cur.pos;
        self.cur.pos += 2;
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            match self.cur.peek() {
                None => {
                    self.cur.pos = start;
                    return Err(self.cur.error("unterminated string"));
                }
                Some('"') => {
                    self.cur.pos += 1;
                    break;
                }
                Some('\\') => text.push(self.cur.escape()?),
                Some('{') => {
                    self.cur.pos += 1;
                    if !text.is_empty() {
                        parts.push(Expr::Lit(Value::str(&std::mem::take(&mut text))));
                    }
                    parts.push(self.test()?);
                    self.expect("}")?;
                }
                Some(c) => {
                    text.push(c);
                    self.cur.pos += c.len_utf8();
                }
            }
        }
        if !text.is_empty() {
            parts.push(Expr::Lit(Value::str(&text)));
        }
        Ok(Expr::Interp(parts))
    }

    /// `::`? name (`::` name)* (`[]`)?
    pub fn type_name(&mut self) -> Res<TypeName> {
        let absolute = self.cur.eat("::");
        let mut path: Vec<Arc<str>> = Vec::new();
        loop {
            match self.cur.name() {
                Some(n) => path.push(n.into()),
                None => return Err(self.cur.error("expected a type name")),
            }
            if !self.cur.eat("::") {
                break;
            }
        }
        let save = self.cur.pos;
        let is_array = self.cur.eat("[") && self.cur.eat("]");
        if !is_array {
            self.cur.pos = save;
        }
        Ok(TypeName {
            absolute,
            path,
            is_array,
        })
    }

    /// A field's `type:`: a type name, then optional `(args)` (at least
    /// one argument, trailing comma allowed).
    pub fn type_ref(&mut self) -> Res<TypeRef> {
        let name = self.type_name()?;
        let mut args = Vec::new();
        if self.cur.eat("(") {
            args = self.list_until(")")?;
        }
        Ok(TypeRef { name, args })
    }

    /// One or more comma-separated expressions (a custom process's
    /// arguments).
    pub fn expr_list(&mut self) -> Res<Vec<Expr>> {
        let mut items = vec![self.test()?];
        while self.cur.eat(",") {
            items.push(self.test()?);
        }
        Ok(items)
    }

    fn list_until(&mut self, close: &str) -> Res<Vec<Expr>> {
        let mut items = Vec::new();
        loop {
            items.push(self.test()?);
            if self.cur.eat(close) {
                return Ok(items);
            }
            self.expect(",")?;
            if self.cur.eat(close) {
                return Ok(items);
            }
        }
    }
}
