//! The lexical level of expressions: a cursor over the source that skips
//! blanks and reads names, keywords, numbers and string literals as the
//! reference compiler's `Lexical` grammar defines them.

use super::ExprError;

/// A position in the source, moved forward by the parser; saving and
/// restoring `pos` is how the parser backtracks.
pub(super) struct Cursor<'a> {
    pub src: &'a str,
    pub pos: usize,
}

/// A number literal.
pub(super) enum Number {
    Int(i128),
    Float(f64),
}

impl<'a> Cursor<'a> {
    pub fn new(src: &'a str) -> Cursor<'a> {
        Cursor { src, pos: 0 }
    }

    pub fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    pub fn error(&self, message: impl Into<String>) -> ExprError {
        ExprError {
            pos: self.pos,
            message: message.into(),
        }
    }

    /// Skips blanks: spaces and newlines as the reference allows, a
    /// backslash-newline continuation, and tabs and carriage returns, which
    /// YAML block scalars can leave behind.
    pub fn skip_ws(&mut self) {
        loop {
            let rest = self.rest();
            if rest.starts_with([' ', '\n', '\t', '\r']) {
                self.pos += 1;
            } else if rest.starts_with("\\\n") {
                self.pos += 2;
            } else {
                return;
            }
        }
    }

    /// Skips blanks, then eats `s` if the source continues with it.
    pub fn eat(&mut self, s: &str) -> bool {
        self.skip_ws();
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// Like `eat`, but `s` must not be followed by a name character (so
    /// `not` does not match the start of `nothing`).
    pub fn eat_kw(&mut self, s: &str) -> bool {
        self.skip_ws();
        let rest = self.rest();
        if rest.starts_with(s) && !rest[s.len()..].starts_with(is_name_part) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// Whether the next thing after blanks is `s` (nothing is consumed).
    pub fn sees(&mut self, s: &str) -> bool {
        self.skip_ws();
        self.rest().starts_with(s)
    }

    /// A name: a letter or `_`, then letters, digits and `_`.
    pub fn name(&mut self) -> Option<&'a str> {
        self.skip_ws();
        let rest = self.rest();
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return None;
        }
        let len = rest.find(|c| !is_name_part(c)).unwrap_or(rest.len());
        self.pos += len;
        Some(&rest[..len])
    }

    /// A float or integer literal (floats first, as the reference tries
    /// them first).
    pub fn number(&mut self) -> Result<Option<Number>, ExprError> {
        self.skip_ws();
        if let Some(len) = float_len(self.rest()) {
            let text = &self.rest()[..len];
            let x: f64 = text
                .parse()
                .map_err(|_| self.error(format!("bad float literal '{text}'")))?;
            self.pos += len;
            return Ok(Some(Number::Float(x)));
        }
        let rest = self.rest();
        let b = rest.as_bytes();
        let (radix, digits_at) = match (b.first(), b.get(1)) {
            (Some(b'0'), Some(b'x' | b'X')) => (16, 2),
            (Some(b'0'), Some(b'o' | b'O')) => (8, 2),
            (Some(b'0'), Some(b'b' | b'B')) => (2, 2),
            (Some(b'0'), _) => (10, 0),
            (Some(b'1'..=b'9'), _) => (10, 0),
            _ => return Ok(None),
        };
        let body = &rest[digits_at..];
        let len = if radix == 10 && b[0] == b'0' {
            1
        } else {
            body.find(|c: char| !(c == '_' || c.is_digit(radix)))
                .unwrap_or(body.len())
        };
        if len == 0 {
            // `0x` with no digits: the reference reads the `0` alone and
            // then fails on the `x`.
            self.pos += 1;
            return Err(self.error("expected digits after the number's prefix"));
        }
        let digits: String = body[..len].chars().filter(|&c| c != '_').collect();
        let n = if digits.is_empty() {
            0
        } else {
            i128::from_str_radix(&digits, radix)
                .map_err(|_| self.error("integer literal too large"))?
        };
        self.pos += digits_at + len;
        Ok(Some(Number::Int(n)))
    }

    /// One string literal: `'…'` (no escapes) or `"…"` (with escapes).
    pub fn string(&mut self) -> Result<Option<String>, ExprError> {
        self.skip_ws();
        if self.rest().starts_with('\'') {
            let start = self.pos;
            let body = &self.rest()[1..];
            let Some(end) = body.find('\'') else {
                self.pos = start;
                return Err(self.error("unterminated string"));
            };
            self.pos += end + 2;
            return Ok(Some(body[..end].to_string()));
        }
        if !self.rest().starts_with('"') {
            return Ok(None);
        }
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => {
                    self.pos = start;
                    return Err(self.error("unterminated string"));
                }
                Some('"') => {
                    self.pos += 1;
                    return Ok(Some(out));
                }
                Some('\\') => out.push(self.escape()?),
                Some(c) => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    /// An escape after a backslash (the cursor is on the backslash):
    /// `\n`-style letters, octal `\0`…`\377…`, `\uXXXX`.
    pub fn escape(&mut self) -> Result<char, ExprError> {
        self.pos += 1;
        let Some(c) = self.peek() else {
            return Err(self.error("unfinished escape"));
        };
        let simple = match c {
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            't' => Some('\t'),
            'n' => Some('\n'),
            'v' => Some('\u{b}'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            '\'' | '"' | '\\' => Some(c),
            _ => None,
        };
        if let Some(ch) = simple {
            self.pos += 1;
            return Ok(ch);
        }
        let rest = self.rest();
        if c.is_digit(8) {
            let len = rest.find(|c: char| !c.is_digit(8)).unwrap_or(rest.len());
            // The reference keeps the low 16 bits (a Java char).
            let code = rest[..len]
                .bytes()
                .fold(0u32, |n, d| ((n << 3) | u32::from(d - b'0')) & 0xffff);
            self.pos += len;
            return Ok(char::from_u32(code).unwrap_or('\u{fffd}'));
        }
        if c == 'u' {
            let hex: String = rest[1..].chars().take(4).collect();
            if hex.len() == 4 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                let code = u32::from_str_radix(&hex, 16).unwrap_or(0xfffd);
                self.pos += 5;
                return Ok(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            return Err(self.error("expected 4 hex digits after \\u"));
        }
        Err(self.error(format!("unknown escape '\\{c}'")))
    }
}

pub(super) fn is_name_part(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The length of a float literal at the start of `s`, if there is one:
/// `4e2`, `4.2`, `.42`, `4.2e-1`, or `42.` when no name follows the dot
/// (`42.to_s` is a method call on an integer).
fn float_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let exponent = |from: usize| -> usize {
        if !matches!(b.get(from), Some(b'e' | b'E')) {
            return 0;
        }
        let mut at = from + 1;
        if matches!(b.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let d = digits(at);
        if d == 0 { 0 } else { at + d - from }
    };
    let int = digits(0);
    if int > 0 {
        let e = exponent(int);
        if e > 0 {
            return Some(int + e);
        }
    }
    if b.get(int) != Some(&b'.') {
        return None;
    }
    let frac = digits(int + 1);
    if frac > 0 {
        let end = int + 1 + frac;
        return Some(end + exponent(end));
    }
    if int == 0 {
        return None;
    }
    // `42.` is a float only when no name follows (after blanks).
    let after = s[int + 1..].trim_start_matches([' ', '\n', '\t', '\r']);
    if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let end = int + 1;
    Some(end + exponent(end))
}
