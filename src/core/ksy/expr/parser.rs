//! The grammar of expressions, precedence and all, as the reference
//! compiler's `Expressions` parser defines it (lowest first):
//! `?:`, `or`, `and`, `not`, one comparison (`a < b < c` is an error),
//! `|`, `^`, `&`, `<< >>`, `+ -`, `* / %`, unary `+ - ~`, then trailers
//! (`.name`, `.name(args)`, `[i]`, `.as<T>`) on atoms.
use super::ExprError;
use super::ast::{BinOp, Expr, UnOp};
use super::lexer::Cursor;

/// Deeper nesting of parentheses, conditionals and unary operators than
/// this is refused, so a hostile spec cannot overflow the parser's stack.
const MAX_NESTING: usize = 48;

/// Trees deeper than this (long chains of operators or trailers) are
/// refused, so evaluating (and dropping) them cannot overflow the stack.
pub const MAX_DEPTH: usize = 256;

pub(super) struct Parser<'a> {
    pub(super) cur: Cursor<'a>,
    depth: usize,
}

pub(super) type Res<T> = Result<T, ExprError>;

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

    pub(super) fn unexpected(&mut self) -> ExprError {
        self.cur.skip_ws();
        match self.cur.peek() {
            None => self.cur.error("unexpected end of expression"),
            Some(c) => self.cur.error(format!("unexpected '{c}'")),
        }
    }

    pub(super) fn expect(&mut self, s: &str) -> Res<()> {
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

    pub(super) fn nest(&mut self, rule: impl FnOnce(&mut Self) -> Res<Expr>) -> Res<Expr> {
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
                // Without `<type>` after it, `as` is an ordinary attribute.
                if self.cur.eat_kw("as")
                    && self.cur.eat("<")
                    && let Ok(ty) = self.type_name()
                    && self.cur.eat(">")
                {
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
    pub(super) fn args(&mut self) -> Res<Vec<Expr>> {
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
}
