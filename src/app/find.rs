//! Going places and finding things: go to an offset (absolute, relative,
//! percent, end), find hex / text / typed values from the prompt of the
//! focused pane's kind, F3 and Shift+F3 with wrap-around, and find & replace
//! (one at a time, or all in one undo step).

use std::sync::Arc;

use super::command::Cmd;
use super::editor::Edit;
use super::effect::Effect;
use super::jobs::{Collect, FindPurpose, Job, JobOutcome};
use super::keymap::Keymap;
use super::mode::{Mode, ModeCmd};
use super::prompt::LineInput;
use super::state::{App, Confirm, EditMode, Overlay, Pane, PromptKind};
use crate::core::display::{byte_count, escape_str};
use crate::core::number::{parse_hex_bytes, parse_hex_pattern, parse_size};
use crate::core::search::{Matcher, Pattern};
use crate::core::typed::{ElemType, Endian};

/// What a find prompt looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindKind {
    /// Hex bytes, `??` for any byte.
    Hex,
    Text,
    /// A value of the typed pane's element type and endianness.
    Value,
}

impl FindKind {
    pub fn for_pane(pane: Pane) -> FindKind {
        match pane {
            Pane::Hex => FindKind::Hex,
            Pane::Text => FindKind::Text,
            Pane::Typed => FindKind::Value,
        }
    }

    pub fn next(self) -> FindKind {
        match self {
            FindKind::Hex => FindKind::Text,
            FindKind::Text => FindKind::Value,
            FindKind::Value => FindKind::Hex,
        }
    }

    /// What the user types for this kind.
    pub fn input_name(self, elem: ElemType) -> String {
        match self {
            FindKind::Hex => "hex bytes".into(),
            FindKind::Text => "text".into(),
            FindKind::Value => format!(
                "value ({} {})",
                elem.kind.js_name(),
                elem.endian.short().to_uppercase()
            ),
        }
    }
}

/// How text is encoded when searched for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchEncoding {
    Utf8,
    Utf16(Endian),
}

impl SearchEncoding {
    fn next(self) -> SearchEncoding {
        match self {
            SearchEncoding::Utf8 => SearchEncoding::Utf16(Endian::Little),
            SearchEncoding::Utf16(Endian::Little) => SearchEncoding::Utf16(Endian::Big),
            SearchEncoding::Utf16(Endian::Big) => SearchEncoding::Utf8,
        }
    }

    fn name(self) -> &'static str {
        match self {
            SearchEncoding::Utf8 => "UTF-8",
            SearchEncoding::Utf16(Endian::Little) => "UTF-16LE",
            SearchEncoding::Utf16(Endian::Big) => "UTF-16BE",
        }
    }
}

/// A find prompt's kind and options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FindSpec {
    pub kind: FindKind,
    pub case_sensitive: bool,
    pub encoding: SearchEncoding,
}

impl FindSpec {
    pub fn new(kind: FindKind) -> Self {
        FindSpec {
            kind,
            case_sensitive: true,
            encoding: SearchEncoding::Utf8,
        }
    }

    /// The prompt's description of what it searches for.
    pub fn describe(&self, elem: ElemType) -> String {
        match self.kind {
            FindKind::Hex => "hex bytes (?? = any byte)".into(),
            FindKind::Text => {
                let case = if self.case_sensitive {
                    "match case"
                } else {
                    "any case"
                };
                format!("text ({}, {case})", self.encoding.name())
            }
            FindKind::Value => self.kind.input_name(elem),
        }
    }

    /// The prompt's keys as the keymap has them: `[Tab: kind, Alt+C:
    /// case, Alt+U: encoding]` (the text options only for text); a key
    /// left unbound is left out.
    pub fn option_keys(&self, keymap: &Keymap) -> String {
        let mut keys = vec![(ModeCmd::FindKindNext, "kind")];
        if self.kind == FindKind::Text {
            keys.extend([
                (ModeCmd::FindCase, "case"),
                (ModeCmd::FindUtf16, "encoding"),
            ]);
        }
        let shown: Vec<String> = keys
            .into_iter()
            .filter_map(|(cmd, what)| {
                let key = keymap.mode_key(Mode::Prompt, cmd)?;
                Some(format!("{key}: {what}"))
            })
            .collect();
        if shown.is_empty() {
            String::new()
        } else {
            format!(" [{}]", shown.join(", "))
        }
    }

    /// The pattern that `text` stands for.
    pub fn pattern(&self, text: &str, elem: ElemType) -> Result<Pattern, String> {
        if text.is_empty() {
            return Err("nothing to find".into());
        }
        match self.kind {
            FindKind::Hex => parse_hex_pattern(text)
                .map(|p| Pattern::masked(&p))
                .map_err(|e| e.to_string()),
            FindKind::Text => Ok(match self.encoding {
                SearchEncoding::Utf8 => Pattern::text(text, self.case_sensitive),
                SearchEncoding::Utf16(e) => Pattern::text_utf16(text, e, self.case_sensitive),
            }),
            FindKind::Value => Pattern::value(elem, text).map_err(|e| e.to_string()),
        }
    }

    /// The bytes a replacement typed as this kind stands for.
    pub fn replacement(&self, text: &str, elem: ElemType) -> Result<Vec<u8>, String> {
        match self.kind {
            FindKind::Hex if text.trim().is_empty() => Ok(Vec::new()),
            FindKind::Hex => parse_hex_bytes(text).map_err(|e| e.to_string()),
            FindKind::Text => Ok(match self.encoding {
                SearchEncoding::Utf8 => text.as_bytes().to_vec(),
                SearchEncoding::Utf16(e) => text
                    .encode_utf16()
                    .flat_map(|u| match e {
                        Endian::Little => u.to_le_bytes(),
                        Endian::Big => u.to_be_bytes(),
                    })
                    .collect(),
            }),
            FindKind::Value => elem.encode_text(text).map_err(|e| e.on_screen()),
        }
    }
}

/// The last search: what was asked and the compiled matcher.
#[derive(Clone, Debug)]
pub struct SearchState {
    pub spec: FindSpec,
    pub text: String,
    pub elem: ElemType,
    /// How the pattern is named in messages.
    pub shown: String,
    pub matcher: Arc<Matcher>,
    /// The length when a find & replace began, for its summary.
    pub replace_from: Option<u64>,
}

impl PartialEq for SearchState {
    fn eq(&self, other: &Self) -> bool {
        self.spec == other.spec && self.text == other.text && self.elem == other.elem
    }
}

impl Eq for SearchState {}

/// Parses a go-to target: `0x1f40` or `8000` (absolute), `+0x100` / `-16`
/// (relative to `cursor`), `50%` (of the length), `end` (the last byte).
pub fn parse_goto(text: &str, cursor: u64, max: u64, len: u64) -> Result<u64, String> {
    parse_goto_with(text, cursor, max, len, &|n: &str| match n {
        "cursor" => Some(cursor),
        "end" => Some(len.saturating_sub(1)),
        "size" => Some(len),
        _ => None,
    })
}

/// [`parse_goto`], and when the text is none of its forms, an expression
/// (`0x100 + 4*3`, `end - 0x20`, `hdr + 8`) whose names `names` knows.
pub fn parse_goto_with(
    text: &str,
    cursor: u64,
    max: u64,
    len: u64,
    names: &impl Fn(&str) -> Option<u64>,
) -> Result<u64, String> {
    let t = text.trim();
    let simple = t.eq_ignore_ascii_case("end")
        || t.ends_with('%')
        || !t.contains(|c: char| c.is_ascii_alphabetic() || "+-*/()".contains(c))
        || parse_size(t).is_ok()
        || ((t.starts_with('+') || t.starts_with('-')) && parse_size(&t[1..]).is_ok());
    if !simple {
        let target = crate::core::goto_expr::eval(t, names)
            .map_err(|e| format!("'{}': {e}", escape_str(t)))?;
        if target > max {
            return Err(format!(
                "0x{target:x} ({target}) is past the end (0x{len:x}, {})",
                byte_count(len)
            ));
        }
        return Ok(target);
    }
    let bad = || {
        format!(
            "'{}' is not an offset (try 0x1f40, 8000, +0x100, -16, 50% or end)",
            escape_str(t)
        )
    };
    let target = if t.eq_ignore_ascii_case("end") {
        len.saturating_sub(1)
    } else if let Some(p) = t.strip_suffix('%') {
        let pct: f64 = p.trim().parse().map_err(|_| bad())?;
        if !(0.0..=100.0).contains(&pct) {
            return Err(format!("{pct}% is not between 0% and 100%"));
        }
        ((len as f64 * pct / 100.0) as u64).min(len.saturating_sub(1))
    } else if let Some(rest) = t.strip_prefix('+') {
        let n = parse_size(rest).map_err(|_| bad())?;
        cursor.checked_add(n).ok_or_else(bad)?
    } else if let Some(rest) = t.strip_prefix('-') {
        let n = parse_size(rest).map_err(|_| bad())?;
        cursor.checked_sub(n).ok_or_else(|| {
            format!(
                "-{} goes before the start of the file",
                escape_str(rest.trim())
            )
        })?
    } else {
        parse_size(t).map_err(|_| bad())?
    };
    if target > max {
        return Err(format!(
            "0x{target:x} ({target}) is past the end (0x{len:x}, {})",
            byte_count(len)
        ));
    }
    Ok(target)
}

impl App {
    pub(crate) fn open_goto(&mut self) {
        self.history_pos = None;
        self.overlay = Overlay::Prompt {
            kind: PromptKind::Goto,
            input: LineInput::default(),
        };
    }

    pub(crate) fn submit_goto(&mut self, text: &str) {
        remember(&mut self.goto_history, text);
        match parse_goto_with(
            text,
            self.ed.cursor(),
            self.max_cursor(),
            self.ed.doc().len(),
            &|n: &str| self.goto_name(n),
        ) {
            Ok(target) => {
                self.ed.set_cursor(target);
                self.reveal_cursor();
            }
            Err(e) => self.error(e),
        }
    }

    pub(crate) fn open_find(&mut self, replace: bool) {
        if replace && !self.is_editable() {
            self.check_editable();
            return;
        }
        self.history_pos = None;
        let spec = match &self.search {
            Some(s) if s.spec.kind == FindKind::for_pane(self.focus) => s.spec,
            _ => FindSpec::new(FindKind::for_pane(self.focus)),
        };
        self.overlay = Overlay::Prompt {
            kind: PromptKind::Find { spec, replace },
            input: LineInput::default(),
        };
    }

    /// Keys of the find prompt that change what it looks for.
    pub(crate) fn find_prompt_option(spec: &mut FindSpec, cmd: ModeCmd) {
        match cmd {
            ModeCmd::FindKindNext => spec.kind = spec.kind.next(),
            ModeCmd::FindKindPrev => spec.kind = spec.kind.next().next(),
            ModeCmd::FindCase if spec.kind == FindKind::Text => {
                spec.case_sensitive = !spec.case_sensitive;
            }
            ModeCmd::FindUtf16 if spec.kind == FindKind::Text => {
                spec.encoding = spec.encoding.next();
            }
            _ => {}
        }
    }

    pub(crate) fn submit_find(&mut self, spec: FindSpec, text: &str, replace: bool) {
        let Some(search) = self.set_search(spec, text) else {
            return;
        };
        if replace {
            self.overlay = Overlay::Prompt {
                kind: PromptKind::ReplaceWith { search },
                input: LineInput::default(),
            };
        } else {
            self.start_find(self.ed.cursor(), false, FindPurpose::Navigate);
        }
    }

    /// Makes `text` (of `spec`'s kind) the current search; `None`, with
    /// the reason on the message line, when it is not a pattern.
    pub(crate) fn set_search(&mut self, spec: FindSpec, text: &str) -> Option<SearchState> {
        remember(&mut self.find_history, text);
        let elem = self.view.elem;
        let pattern = match spec.pattern(text, elem) {
            Ok(p) => p,
            Err(e) => {
                self.error(format!("find: {e}"));
                return None;
            }
        };
        let shown = match spec.kind {
            FindKind::Text => format!("'{}'", escape_str(text)),
            FindKind::Hex => text.trim().to_string(),
            FindKind::Value => format!("{} {}", elem.screen_name(), text.trim()),
        };
        let search = SearchState {
            spec,
            text: text.to_string(),
            elem,
            shown,
            matcher: Arc::new(Matcher::new(&pattern)),
            replace_from: None,
        };
        self.search = Some(search.clone());
        Some(search)
    }

    pub(crate) fn submit_replacement(&mut self, search: SearchState, text: &str) {
        match search.spec.replacement(text, search.elem) {
            Ok(with) => {
                let m = search.matcher.len();
                if self.mode == EditMode::Overwrite && with.len() != m {
                    // Overwrite mode keeps the length: never change it
                    // behind the user's back.
                    self.error(format!(
                        "replace: the replacement is {} and a match {}; overwrite mode keeps the file's length — switch to insert mode ({}) to change it, or give {}",
                        byte_count(with.len() as u64),
                        byte_count(m as u64),
                        self.key_hint(Cmd::ToggleInsert),
                        byte_count(m as u64)
                    ));
                    return;
                }
                if let Some(s) = self.search.as_mut() {
                    s.replace_from = Some(self.ed.doc().len());
                }
                self.start_find(self.ed.cursor(), false, FindPurpose::Replace { with })
            }
            Err(e) => self.error(format!("replace: {e}")),
        }
    }

    /// F3 / Shift+F3: the next or previous match of the last search.
    pub(crate) fn find_again(&mut self, backward: bool) {
        if self.search.is_none() {
            self.open_find(false);
            return;
        }
        let from = if backward {
            self.ed.cursor()
        } else {
            self.ed.cursor() + 1
        };
        self.start_find(from, backward, FindPurpose::Navigate);
        // Stepping shows "match 3 of 17": the matches are counted once,
        // after the step, off the UI thread like the step itself.
        self.count_matches();
    }

    fn start_find(&mut self, from: u64, backward: bool, purpose: FindPurpose) {
        let Some(search) = &self.search else { return };
        let wrap = purpose == FindPurpose::Navigate;
        self.effects.push(Effect::Job(Job::Find {
            matcher: Arc::clone(&search.matcher),
            from: from.min(self.ed.doc().len()),
            backward,
            wrap,
            purpose,
        }));
    }

    /// Takes what a find job found.
    pub(crate) fn found(&mut self, job: Job, outcome: JobOutcome) {
        let shown = self
            .search
            .as_ref()
            .map(|s| s.shown.clone())
            .unwrap_or_default();
        match (job, outcome) {
            (
                Job::CollectMatches {
                    matcher,
                    purpose: Collect::Count,
                    ..
                },
                JobOutcome::Cancelled,
            ) => self.count_cancelled(&matcher),
            (_, JobOutcome::Cancelled) => self.info("search cancelled"),
            (Job::Find { purpose, .. }, JobOutcome::Found { at: None, .. }) => match purpose {
                FindPurpose::Navigate => self.error(format!("not found: {shown}")),
                FindPurpose::Replace { .. } => {
                    let change = self.replace_summary();
                    self.info(format!("no more matches of {shown}{change}"))
                }
            },
            (
                Job::Find { purpose, .. },
                JobOutcome::Found {
                    at: Some(at),
                    wrapped,
                },
            ) => {
                self.ed.set_cursor(at);
                self.ed.set_anchor(None);
                self.reveal_cursor();
                match purpose {
                    FindPurpose::Navigate => {
                        let note = if wrapped { " (wrapped around)" } else { "" };
                        let count = self
                            .match_position()
                            .map(|p| format!(" — {p}"))
                            .unwrap_or_default();
                        self.info(format!("{shown} at 0x{at:x}{note}{count}"));
                    }
                    FindPurpose::Replace { with } => {
                        let search = self.search.clone().expect("a replace has a search");
                        self.overlay = Overlay::Confirm(Confirm::ReplaceMatch { at, search, with });
                    }
                }
            }
            (
                Job::CollectMatches {
                    matcher,
                    purpose: Collect::ReplaceAll { with },
                    ..
                },
                JobOutcome::Matches { offsets, .. },
            ) => {
                self.replace_all(&offsets, matcher.len() as u64, &with);
            }
            (
                Job::CollectMatches {
                    matcher, purpose, ..
                },
                JobOutcome::Matches { offsets, total },
            ) => self.matches_collected(&matcher, purpose == Collect::List, offsets, total),
            (Job::Strings { range, min }, JobOutcome::Strings { list, total }) => {
                self.strings_found(range, min, list, total)
            }
            _ => {}
        }
    }

    /// The answer to "replace this match?".
    pub(crate) fn answer_replace(
        &mut self,
        at: u64,
        search: SearchState,
        with: Vec<u8>,
        answer: Option<char>,
    ) {
        let m = search.matcher.len() as u64;
        match answer {
            Some('y') => {
                let code = super::code::code_bytes(at, &with, "replaced a match");
                let before = self.ed.doc().len();
                if self.apply(Edit::replace(at..at + m, &with).code(code)) {
                    self.info(format!(
                        "replaced the match at 0x{at:x}{}",
                        self.size_change(before)
                    ));
                    self.start_find(at + with.len() as u64, false, FindPurpose::Replace { with });
                }
            }
            Some('n') => self.start_find(at + 1, false, FindPurpose::Replace { with }),
            Some('a') => {
                self.effects.push(Effect::Job(Job::CollectMatches {
                    matcher: Arc::clone(&search.matcher),
                    from: at,
                    purpose: Collect::ReplaceAll { with },
                }));
            }
            _ => {
                let change = self.replace_summary();
                self.info(format!("replace stopped{change}"))
            }
        }
    }

    /// How the length changed since the find & replace began.
    fn replace_summary(&self) -> String {
        match self.search.as_ref().and_then(|s| s.replace_from) {
            Some(before) => self.size_change(before),
            None => String::new(),
        }
    }

    /// How the length changed since it was `before`, for a summary.
    fn size_change(&self, before: u64) -> String {
        let after = self.ed.doc().len();
        match after.cmp(&before) {
            std::cmp::Ordering::Equal => "; the size is unchanged".into(),
            std::cmp::Ordering::Greater => format!(
                "; the file grew by {} (0x{before:x} → 0x{after:x})",
                byte_count(after - before)
            ),
            std::cmp::Ordering::Less => format!(
                "; the file shrank by {} (0x{before:x} → 0x{after:x})",
                byte_count(before - after)
            ),
        }
    }

    /// Replaces non-overlapping matches, as one undo step.
    fn replace_all(&mut self, offsets: &[u64], m: u64, with: &[u8]) {
        let before = self.ed.doc().len();
        let n = match self.ed.replace_all(offsets, m, with) {
            Ok(n) => n,
            Err(e) => {
                self.error(e.to_string());
                return;
            }
        };
        self.info(format!(
            "replaced {n} match{} (one {} undoes them all){}",
            if n == 1 { "" } else { "es" },
            self.key_hint(Cmd::Undo),
            self.size_change(before)
        ));
    }

    /// Up/Down in a prompt: earlier entries.
    pub(crate) fn prompt_history(&mut self, up: bool) {
        let Overlay::Prompt { kind, input } = &mut self.overlay else {
            return;
        };
        let history = match kind {
            PromptKind::Goto => &self.goto_history,
            PromptKind::Find { .. } => &self.find_history,
            _ => return,
        };
        if history.is_empty() {
            return;
        }
        let pos = match (self.history_pos, up) {
            (None, true) => Some(history.len() - 1),
            (None, false) => None,
            (Some(p), true) => Some(p.saturating_sub(1)),
            (Some(p), false) if p + 1 < history.len() => Some(p + 1),
            (Some(_), false) => None,
        };
        self.history_pos = pos;
        input.set(pos.map_or("", |p| history[p].as_str()));
    }
}

fn remember(history: &mut Vec<String>, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    history.retain(|h| h != text);
    history.push(text.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goto_takes_absolute_relative_percent_and_end() {
        let g = |t: &str| parse_goto(t, 0x100, 0x1000, 0x1000);
        assert_eq!(g("0x1f0"), Ok(0x1f0));
        assert_eq!(g("4000"), Ok(4000));
        assert_eq!(g("+0x10"), Ok(0x110));
        assert_eq!(g("-16"), Ok(0xf0));
        assert_eq!(g("50%"), Ok(0x800));
        assert_eq!(g("100%"), Ok(0xfff));
        assert_eq!(g("end"), Ok(0xfff));
        assert_eq!(g("1K"), Ok(1024));
        assert!(g("0x1001").unwrap_err().contains("past the end"));
        assert!(g("-0x200").unwrap_err().contains("before the start"));
        assert!(
            g("nope")
                .unwrap_err()
                .contains("no bookmark, mark or variable named")
        );
        assert!(g("150%").is_err());
        assert!(g("").is_err());
        assert_eq!(g("0x100 + 4*3"), Ok(0x10c));
        assert_eq!(g("end - 0x20"), Ok(0xfdf));
        assert_eq!(g("cursor + 16"), Ok(0x110));
        assert_eq!(g("(size - 1) / 2"), Ok(0x7ff));
        assert!(g("cursor * 100").unwrap_err().contains("past the end"));
        let e = g("cursor + (2").unwrap_err();
        assert!(e.contains("never closed") && !e.contains('\n'), "{e}");
        assert!(g("hdr + 1").unwrap_err().contains("no bookmark"));
    }

    #[test]
    fn find_spec_builds_patterns_of_each_kind() {
        let elem = ElemType::parse("i16le").unwrap();
        let hex = FindSpec::new(FindKind::Hex)
            .pattern("de ?? ef", elem)
            .unwrap();
        assert_eq!(hex.len(), 3);
        let value = FindSpec::new(FindKind::Value).pattern("-2", elem).unwrap();
        assert!(value.matches(&[0xfe, 0xff]));
        let mut text = FindSpec::new(FindKind::Text);
        text.case_sensitive = false;
        assert!(text.pattern("Hi", elem).unwrap().matches(b"hI"));
        text.encoding = SearchEncoding::Utf16(Endian::Little);
        assert!(text.pattern("Hi", elem).unwrap().matches(b"h\0I\0"));
        assert!(
            FindSpec::new(FindKind::Value)
                .pattern("99999", elem)
                .is_err()
        );
    }
}
