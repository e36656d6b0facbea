//! Go-to expressions: `0x100 + 4*3`, `end - 0x20`, `cursor + 16`,
//! `(header + 8) * 2`, names of bookmarks. Numbers are as everywhere else
//! (decimal, `0x` hex, `K`/`M`/`G` suffixes); operators are `+ - * /` with
//! the usual precedence and parentheses. Evaluation is in i128 so that a
//! step below zero on the way (`cursor - 16 + 32`) is fine: only the result
//! must be an offset.

use thiserror::Error;

use super::display::escape_str;
use super::number::parse_size;

/// Why an expression has no value. Each names the problem in one line.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ExprError {
    #[error("the expression is empty")]
    Empty,
    #[error("'{}' is not a number (decimal, 0x hex, K/M/G)", escape_str(.0))]
    BadNumber(String),
    #[error("no bookmark, mark or variable named '{}' (try cursor, end, size)", escape_str(.0))]
    UnknownName(String),
    #[error("unexpected '{}' at column {}", escape_str(.0), .1)]
    Unexpected(String, usize),
    #[error("the expression ends too early (a number or name is missing)")]
    UnexpectedEnd,
    #[error("'(' at column {0} is never closed")]
    Unclosed(usize),
    #[error("division by zero")]
    DivisionByZero,
    #[error("the value is too large")]
    Overflow,
    #[error("the result {0} is below 0")]
    Negative(i128),
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(i128),
    Name(String),
    Op(char),
}

fn lex(text: &str) -> Result<Vec<(Tok, usize)>, ExprError> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let col = text[..at].chars().count() + 1;
        if c.is_whitespace() {
            i += 1;
        } else if "+-*/()".contains(c) {
            out.push((Tok::Op(c), col));
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == '_' {
            while i < chars.len() && {
                let c = chars[i].1;
                c.is_ascii_alphanumeric() || c == '_' || c == '.'
            } {
                i += 1;
            }
            let end = chars.get(i).map_or(text.len(), |&(b, _)| b);
            let word = &text[at..end];
            if c.is_ascii_digit() {
                let n = parse_size(word).map_err(|_| ExprError::BadNumber(word.to_string()))?;
                out.push((Tok::Num(i128::from(n)), col));
            } else {
                out.push((Tok::Name(word.to_string()), col));
            }
        } else {
            return Err(ExprError::Unexpected(c.to_string(), col));
        }
    }
    Ok(out)
}

struct Parser<'a, F> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    names: &'a F,
}

impl<F: Fn(&str) -> Option<u64>> Parser<'_, F> {
    fn peek_op(&self) -> Option<char> {
        match self.toks.get(self.pos) {
            Some((Tok::Op(c), _)) => Some(*c),
            _ => None,
        }
    }

    fn expr(&mut self) -> Result<i128, ExprError> {
        let mut v = self.term()?;
        while let Some(op @ ('+' | '-')) = self.peek_op() {
            self.pos += 1;
            let r = self.term()?;
            v = if op == '+' {
                v.checked_add(r)
            } else {
                v.checked_sub(r)
            }
            .ok_or(ExprError::Overflow)?;
        }
        Ok(v)
    }

    fn term(&mut self) -> Result<i128, ExprError> {
        let mut v = self.factor()?;
        while let Some(op @ ('*' | '/')) = self.peek_op() {
            self.pos += 1;
            let r = self.factor()?;
            v = if op == '*' {
                v.checked_mul(r).ok_or(ExprError::Overflow)?
            } else if r == 0 {
                return Err(ExprError::DivisionByZero);
            } else {
                v.div_euclid(r)
            };
        }
        Ok(v)
    }

    fn factor(&mut self) -> Result<i128, ExprError> {
        let Some((tok, col)) = self.toks.get(self.pos).cloned() else {
            return Err(ExprError::UnexpectedEnd);
        };
        self.pos += 1;
        match tok {
            Tok::Num(n) => Ok(n),
            Tok::Name(name) => (self.names)(&name)
                .map(i128::from)
                .ok_or(ExprError::UnknownName(name)),
            Tok::Op('(') => {
                let v = self.expr()?;
                if self.peek_op() == Some(')') {
                    self.pos += 1;
                    Ok(v)
                } else if self.pos >= self.toks.len() {
                    Err(ExprError::Unclosed(col))
                } else {
                    Err(self.unexpected())
                }
            }
            Tok::Op('-') => Ok(-self.factor()?),
            Tok::Op(c) => Err(ExprError::Unexpected(c.to_string(), col)),
        }
    }

    fn unexpected(&self) -> ExprError {
        match self.toks.get(self.pos) {
            Some((tok, col)) => {
                let shown = match tok {
                    Tok::Num(n) => n.to_string(),
                    Tok::Name(s) => s.clone(),
                    Tok::Op(c) => c.to_string(),
                };
                ExprError::Unexpected(shown, *col)
            }
            None => ExprError::UnexpectedEnd,
        }
    }
}

/// Evaluates `text`; `names` gives the value of a name (`cursor`, `end`,
/// a bookmark), `None` when there is no such name. Division rounds down.
pub fn eval(text: &str, names: &impl Fn(&str) -> Option<u64>) -> Result<u64, ExprError> {
    let toks = lex(text)?;
    if toks.is_empty() {
        return Err(ExprError::Empty);
    }
    let mut p = Parser {
        toks,
        pos: 0,
        names,
    };
    let v = p.expr()?;
    if p.pos < p.toks.len() {
        return Err(p.unexpected());
    }
    if v < 0 {
        return Err(ExprError::Negative(v));
    }
    u64::try_from(v).map_err(|_| ExprError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn names(n: &str) -> Option<u64> {
        match n {
            "cursor" => Some(0x40),
            "end" => Some(0xfff),
            "hdr.start" => Some(8),
            _ => None,
        }
    }

    fn ev(t: &str) -> Result<u64, ExprError> {
        eval(t, &names)
    }

    #[test]
    fn precedence_parentheses_suffixes_and_names() {
        assert_eq!(ev("0x100 + 4*3"), Ok(0x10c));
        assert_eq!(ev("end - 0x20"), Ok(0xfdf));
        assert_eq!(ev("cursor + 16"), Ok(0x50));
        assert_eq!(ev("(1 + 2) * 3"), Ok(9));
        assert_eq!(ev("2K / 4"), Ok(512));
        assert_eq!(ev("1M-1"), Ok((1 << 20) - 1));
        assert_eq!(ev("hdr.start*2"), Ok(16));
        assert_eq!(
            ev("cursor - 0x50 + 0x20"),
            Ok(0x10),
            "below zero on the way"
        );
        assert_eq!(ev("7 / 2"), Ok(3));
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(ev(""), Err(ExprError::Empty));
        assert_eq!(ev("1 / 0"), Err(ExprError::DivisionByZero));
        assert_eq!(ev("nope + 1"), Err(ExprError::UnknownName("nope".into())));
        assert_eq!(ev("(1 + 2"), Err(ExprError::Unclosed(1)));
        assert_eq!(ev("1 +"), Err(ExprError::UnexpectedEnd));
        assert_eq!(ev("1 2"), Err(ExprError::Unexpected("2".into(), 3)));
        assert_eq!(ev("3 % 2"), Err(ExprError::Unexpected("%".into(), 3)));
        assert_eq!(ev("0xzz"), Err(ExprError::BadNumber("0xzz".into())));
        assert_eq!(ev("1 - 2"), Err(ExprError::Negative(-1)));
        assert_eq!(ev("0xffffffffffffffff + 1"), Err(ExprError::Overflow));
        // A product past u64::MAX overflows even where i128 would hold it.
        assert_eq!(
            ev("391 * 584 * 173 * 912 * 975 * 755 * 696"),
            Err(ExprError::Overflow)
        );
        assert!(ev("1 - 2").unwrap_err().to_string().contains("below 0"));
    }

    /// The reference: an expression tree, evaluated directly.
    #[derive(Clone, Debug)]
    enum Ast {
        Num(u32, bool),
        Name(&'static str),
        Bin(Box<Ast>, char, Box<Ast>),
    }

    impl Ast {
        fn value(&self) -> Option<i128> {
            Some(match self {
                Ast::Num(n, _) => i128::from(*n),
                Ast::Name(n) => i128::from(names(n)?),
                Ast::Bin(a, op, b) => {
                    let (a, b) = (a.value()?, b.value()?);
                    match op {
                        '+' => a + b,
                        '-' => a - b,
                        '*' => a.checked_mul(b)?,
                        _ if b == 0 => return None,
                        _ => a.div_euclid(b),
                    }
                }
            })
        }

        /// Fully parenthesised, so the text means the tree whatever the
        /// precedence rules.
        fn text(&self) -> String {
            match self {
                Ast::Num(n, true) => format!("0x{n:X}"),
                Ast::Num(n, false) => n.to_string(),
                Ast::Name(n) => n.to_string(),
                Ast::Bin(a, op, b) => format!("({} {op} {})", a.text(), b.text()),
            }
        }
    }

    fn ast() -> impl Strategy<Value = Ast> {
        let leaf = prop_oneof![
            (0u32..100_000, any::<bool>()).prop_map(|(n, h)| Ast::Num(n, h)),
            prop::sample::select(vec!["cursor", "end", "hdr.start"]).prop_map(Ast::Name),
        ];
        leaf.prop_recursive(4, 24, 2, |inner| {
            (
                inner.clone(),
                prop::sample::select(vec!['+', '-', '*', '/']),
                inner,
            )
                .prop_map(|(a, op, b)| Ast::Bin(Box::new(a), op, Box::new(b)))
        })
    }

    proptest! {
        #[test]
        fn agrees_with_the_tree_it_was_printed_from(a in ast()) {
            let got = ev(&a.text());
            match a.value() {
                Some(v) if v > i128::from(u64::MAX) => prop_assert_eq!(got, Err(ExprError::Overflow)),
                Some(v) if v >= 0 => prop_assert_eq!(got, Ok(v as u64)),
                Some(v) => prop_assert_eq!(got, Err(ExprError::Negative(v))),
                None => prop_assert!(got.is_err()),
            }
        }

        /// Left-associative + and - at one level, * binding tighter.
        #[test]
        fn precedence_matches_a_flat_reference(
            nums in prop::collection::vec(0u64..1000, 1..8),
            ops in prop::collection::vec(prop::sample::select(vec!['+', '-', '*']), 7),
        ) {
            let mut text = nums[0].to_string();
            // Reference: a sum of products.
            let mut sum: i128 = 0;
            let mut product = i128::from(nums[0]);
            let mut sign = 1;
            for (n, op) in nums[1..].iter().zip(&ops) {
                text.push_str(&format!(" {op} {n}"));
                if *op == '*' {
                    product *= i128::from(*n);
                } else {
                    sum += sign * product;
                    sign = if *op == '+' { 1 } else { -1 };
                    product = i128::from(*n);
                }
            }
            sum += sign * product;
            let got = ev(&text);
            if sum > i128::from(u64::MAX) {
                prop_assert_eq!(got, Err(ExprError::Overflow));
            } else if sum >= 0 {
                prop_assert_eq!(got, Ok(sum as u64));
            } else {
                prop_assert_eq!(got, Err(ExprError::Negative(sum)));
            }
        }
    }
}
