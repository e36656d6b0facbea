//! The TOML level of a config file: where an error is (its line, and the
//! key or table that line is about), and reading DESIGN.md's
//! `theme = "NAME"` beside `[theme.colors]`, which TOML alone refuses.

use std::ops::Range;

/// What is wrong, and where in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub span: Range<usize>,
    pub message: String,
}

impl ParseError {
    pub(crate) fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        ParseError {
            span,
            message: message.into(),
        }
    }

    /// The 1-based line the error is on.
    pub fn line(&self, text: &str) -> usize {
        // A value missing at the end of the file is reported at the end:
        // the line it is missing on is the last one with text.
        let last = text.trim_end().len().saturating_sub(1);
        let end = self.span.start.min(last);
        text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }
}

/// What a line is about, for an error in it: `"KEY"` of `KEY = …`, or a
/// `[table]` header.
pub fn key_of_line(line: &str) -> Option<String> {
    let t = line.trim();
    if t.starts_with('[') {
        return Some(
            t.split(']')
                .next()
                .map(|h| format!("{h}]"))?
                .replace("]]", "]"),
        );
    }
    let key = t.split('=').next()?.trim().trim_matches(['"', '\'']);
    (t.contains('=') && !key.is_empty() && !key.starts_with('#'))
        .then(|| format!("\"{}\"", crate::core::display::escape_str(key)))
}

/// The text with a top-level `theme = "…"` line written `theme.name = "…"`
/// (on the same line, so errors keep their line numbers); `None` when it
/// has no such line.
pub fn theme_name_rewritten(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 8);
    let mut done = false;
    let mut top = true;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        top &= !t.starts_with('[');
        let is_theme = t
            .strip_prefix("theme")
            .is_some_and(|r| r.trim_start().starts_with('='));
        if top && !done && is_theme {
            out += &line.replacen("theme", "theme.name", 1);
            done = true;
        } else {
            out += line;
        }
    }
    done.then_some(out)
}
