//! The atoms of the grammar — literals, names, enum labels, `sizeof<T>`,
//! f-strings, list literals, parenthesised expressions — and type names
//! with their arguments.

use std::sync::Arc;

use super::ast::{EnumRef, Expr, TypeName, TypeRef};
use super::lexer::Number;
use super::parser::{Parser, Res};
use super::value::Value;

impl Parser<'_> {
    pub(super) fn atom(&mut self) -> Res<Expr> {
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
            if self.cur.eat_kw(kw)
                && self.cur.eat("<")
                && let Ok(ty) = self.type_name()
                && self.cur.eat(">")
            {
                return Ok(if bits {
                    Expr::BitSizeOf(ty)
                } else {
                    Expr::SizeOf(ty)
                });
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
        let at = self.cur.pos;
        if let Some(name) = self.cur.name() {
            return Ok(match name {
                "true" => Expr::Lit(Value::Bool(true)),
                "false" => Expr::Lit(Value::Bool(false)),
                // Keywords are never names (`+ not` is not `+not_a_name`),
                // as in the reference's grammar: else `not` would print as
                // a name that reads back as the operator.
                "not" | "and" | "or" => {
                    self.cur.pos = at;
                    return Err(self.unexpected());
                }
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
