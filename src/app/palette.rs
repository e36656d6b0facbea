//! The command palette's filter: case-insensitive, ignoring spaces and
//! punctuation, by subsequence, closest match first. A query that is one of
//! a command's keywords (or a run of them, like `type int16`) picks that
//! command before any looser match.

use super::command::{CommandInfo, commands};
use super::keymap::Keymap;

/// Lowercase letters and digits only.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How well a query matches: lower is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    tier: u8,
    gaps: usize,
    len: usize,
}

fn score(query: &str, info: &CommandInfo) -> Option<Score> {
    if query.is_empty() {
        return Some(Score {
            tier: 4,
            gaps: 0,
            len: 0,
        });
    }
    let name = normalize(&info.name);
    let words: Vec<String> = info.words.split_whitespace().map(normalize).collect();
    // Runs of up to three consecutive keywords: "type int16" → "typeint16".
    let mut phrases = Vec::new();
    for i in 0..words.len() {
        let mut p = String::new();
        for w in words.iter().skip(i).take(3) {
            p.push_str(w);
            phrases.push(p.clone());
        }
    }
    let len = info.name.len();
    let all = format!("{name}{}", words.concat());
    if name == query || phrases.iter().any(|p| p == query) {
        return Some(Score {
            tier: 0,
            gaps: 0,
            len,
        });
    }
    if name.starts_with(query) || phrases.iter().any(|p| p.starts_with(query)) {
        return Some(Score {
            tier: 1,
            gaps: 0,
            len,
        });
    }
    if all.contains(query) {
        return Some(Score {
            tier: 2,
            gaps: 0,
            len,
        });
    }
    subsequence_gaps(query, &all).map(|gaps| Score { tier: 3, gaps, len })
}

/// Whether `query` is a subsequence of `text`, and how many breaks its
/// letters have there (fewer: a closer match).
fn subsequence_gaps(query: &str, text: &str) -> Option<usize> {
    let mut gaps = 0;
    let mut last: Option<usize> = None;
    let mut chars = text.char_indices();
    for q in query.chars() {
        let (i, _) = chars.by_ref().find(|(_, c)| *c == q)?;
        if last.is_some_and(|l| i != l + 1) {
            gaps += 1;
        }
        last = Some(i);
    }
    Some(gaps)
}

/// The commands matching `query`, best first. Commands that only exist in
/// vi's keymap are left out of other keymaps.
pub fn rank(query: &str, keymap: &Keymap) -> Vec<&'static CommandInfo> {
    rank_in(query, keymap, false)
}

/// [`rank`], with the compare view's commands when `compare` is open.
pub fn rank_in(query: &str, keymap: &Keymap, compare: bool) -> Vec<&'static CommandInfo> {
    let q = normalize(query);
    let mut scored: Vec<(Score, usize, &CommandInfo)> = commands()
        .iter()
        .enumerate()
        .filter(|(_, c)| keymap.is_modal() || !c.cmd.is_vi_only())
        .filter(|(_, c)| compare || !c.cmd.is_compare_only())
        .filter_map(|(i, c)| score(&q, c).map(|s| (s, i, c)))
        .collect();
    scored.sort_by_key(|(s, i, _)| (*s, *i));
    scored.into_iter().map(|(_, _, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::command::Cmd;
    use crate::app::keymap::KeymapKind;
    use crate::core::encoding::TextEncoding;
    use crate::core::hash::HashKind;
    use crate::core::radix::Radix;
    use crate::core::typed::{ElemKind, Endian};

    fn first(q: &str) -> Cmd {
        rank(q, &Keymap::new(KeymapKind::Default))[0].cmd
    }

    #[test]
    fn design_words_pick_their_commands_first() {
        for kind in ElemKind::ALL {
            let js = kind.js_name().to_lowercase();
            assert_eq!(
                first(&format!("type {js}")),
                Cmd::SetType(kind),
                "type {js}"
            );
            assert_eq!(
                first(&format!("Type {}", kind.js_name())),
                Cmd::SetType(kind)
            );
        }
        assert_eq!(first("float32"), Cmd::SetType(ElemKind::F32));
        assert_eq!(first("float64"), Cmd::SetType(ElemKind::F64));
        assert_eq!(first("bigint64"), Cmd::SetType(ElemKind::I64));
        assert_eq!(first("biguint64"), Cmd::SetType(ElemKind::U64));
        assert_eq!(first("big endian"), Cmd::SetEndian(Endian::Big));
        assert_eq!(first("little endian"), Cmd::SetEndian(Endian::Little));
        assert_eq!(first("sha256"), Cmd::Hash(HashKind::Sha256));
        assert_eq!(first("crc32"), Cmd::Hash(HashKind::Crc32));
        assert_eq!(first("md5"), Cmd::Hash(HashKind::Md5));
        assert_eq!(first("sha1"), Cmd::Hash(HashKind::Sha1));
        assert_eq!(first("binary"), Cmd::SetRadix(Radix::Binary));
        assert_eq!(first("hex"), Cmd::SetRadix(Radix::Hex));
        assert_eq!(first("octal"), Cmd::SetRadix(Radix::Octal));
        assert_eq!(first("decimal"), Cmd::SetRadix(Radix::Decimal));
        assert_eq!(first("utf8"), Cmd::SetEncoding(TextEncoding::Utf8));
        assert_eq!(first("UTF-8"), Cmd::SetEncoding(TextEncoding::Utf8));
        assert_eq!(first("ascii"), Cmd::SetEncoding(TextEncoding::Ascii));
        assert_eq!(first("latin1"), Cmd::SetEncoding(TextEncoding::Latin1));
        assert_eq!(first("utf16le"), Cmd::SetEncoding(TextEncoding::Utf16Le));
        assert_eq!(first("utf16be"), Cmd::SetEncoding(TextEncoding::Utf16Be));
    }

    #[test]
    fn filter_ignores_case_spaces_and_punctuation_and_takes_subsequences() {
        assert_eq!(first("SAVE-AS"), Cmd::SaveAs);
        assert_eq!(first("undo"), Cmd::Undo);
        assert_eq!(first("gtoff"), Cmd::Goto);
        assert!(rank("zzzzqqq", &Keymap::new(KeymapKind::Default)).is_empty());
    }

    #[test]
    fn empty_query_lists_every_command() {
        let all = rank("", &Keymap::new(KeymapKind::Default));
        assert!(all.len() > 40);
    }

    #[test]
    fn subsequence_counts_breaks() {
        assert_eq!(subsequence_gaps("abc", "abc"), Some(0));
        assert_eq!(subsequence_gaps("ac", "abc"), Some(1));
        assert_eq!(subsequence_gaps("ca", "abc"), None);
    }
}
