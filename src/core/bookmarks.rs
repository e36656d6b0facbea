//! Named bookmarks and regions: a name, an offset, a length (0 for a point),
//! a colour from a small palette and a comment; their JSON form, and where
//! they persist: `$XDG_STATE_HOME/hexbuf/bookmarks/<hash>.json` (default
//! `~/.local/state/hexbuf/`), keyed by a hash of the file's canonical path.
//!
//! The JSON (also what export / import read and write):
//! `{"file": "/abs/path", "bookmarks": [{"name": "hdr", "offset": 0,
//! "length": 8, "color": "green", "comment": ""}]}`

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The colours a bookmark can have, by name (the theme maps them).
pub const COLORS: [&str; 6] = ["yellow", "green", "cyan", "magenta", "red", "blue"];

/// One named place or region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bookmark {
    pub name: String,
    pub offset: u64,
    /// 0: a point; else the region's length in bytes.
    pub len: u64,
    /// An index into [`COLORS`].
    pub color: usize,
    pub comment: String,
}

impl Bookmark {
    pub fn color_name(&self) -> &'static str {
        COLORS[self.color % COLORS.len()]
    }

    /// The bytes the bookmark covers (empty for a point).
    pub fn range(&self) -> std::ops::Range<u64> {
        self.offset..self.offset + self.len
    }
}

/// A bookmarks file that could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum BookmarkError {
    #[error("{path}: not valid bookmarks JSON: {why}")]
    Invalid { path: String, why: String },
}

/// The colour named `name` (case-insensitive), as an index into [`COLORS`].
pub fn color_index(name: &str) -> Option<usize> {
    COLORS
        .iter()
        .position(|c| c.eq_ignore_ascii_case(name.trim()))
}

/// The JSON text of `marks` for `file` (pretty, one bookmark a line or so).
pub fn to_json(file: Option<&Path>, marks: &[Bookmark]) -> String {
    let list: Vec<Value> = marks
        .iter()
        .map(|b| {
            json!({
                "name": b.name,
                "offset": b.offset,
                "length": b.len,
                "color": b.color_name(),
                "comment": b.comment,
            })
        })
        .collect();
    let file = file.map(|p| p.to_string_lossy().into_owned());
    let mut text = serde_json::to_string_pretty(&json!({"file": file, "bookmarks": list}))
        .expect("plain JSON values serialise");
    text.push('\n');
    text
}

/// Reads bookmarks from JSON text; `path` names the file in the error.
pub fn from_json(text: &str, path: &Path) -> Result<Vec<Bookmark>, BookmarkError> {
    let bad = |why: String| BookmarkError::Invalid {
        path: crate::core::display::escape_path(path),
        why,
    };
    let v: Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    let list = v
        .get("bookmarks")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("no \"bookmarks\" list".into()))?;
    list.iter()
        .enumerate()
        .map(|(i, b)| {
            let field = |k: &str| {
                b.get(k)
                    .ok_or_else(|| bad(format!("bookmark {i} has no \"{k}\"")))
            };
            let num = |k: &str| {
                field(k)?
                    .as_u64()
                    .ok_or_else(|| bad(format!("bookmark {i}: \"{k}\" is not an offset")))
            };
            let name = field("name")?
                .as_str()
                .filter(|s| !s.trim().is_empty())
                .ok_or_else(|| bad(format!("bookmark {i}: \"name\" is not a name")))?;
            let color = match b.get("color").and_then(Value::as_str) {
                Some(c) => color_index(c)
                    .ok_or_else(|| bad(format!("bookmark {i}: no colour named '{c}'")))?,
                None => 0,
            };
            Ok(Bookmark {
                name: name.to_string(),
                offset: num("offset")?,
                len: b.get("length").map_or(Ok(0), |_| num("length"))?,
                color,
                comment: b
                    .get("comment")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            })
        })
        .collect()
}

/// The directory bookmarks persist in: `$XDG_STATE_HOME/hexbuf/bookmarks`,
/// else `~/.local/state/hexbuf/bookmarks`; `None` with neither variable.
pub fn state_dir(xdg_state_home: Option<&str>, home: Option<&str>) -> Option<PathBuf> {
    let base = match xdg_state_home.filter(|s| Path::new(s).is_absolute()) {
        Some(x) => PathBuf::from(x),
        None => Path::new(home.filter(|h| !h.is_empty())?).join(".local/state"),
    };
    Some(base.join("hexbuf").join("bookmarks"))
}

/// The file that holds the bookmarks of the file at `canonical`: its
/// path's SHA-256 (first 16 bytes, hex) names it.
pub fn state_file(dir: &Path, canonical: &Path) -> PathBuf {
    let digest = Sha256::digest(canonical.as_os_str().as_encoded_bytes());
    let name: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    dir.join(format!("{name}.json"))
}

/// Writes `text` to `path` atomically: a temporary file beside it, synced,
/// then renamed over it (the directory is created when missing).
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bm(name: &str, offset: u64, len: u64) -> Bookmark {
        Bookmark {
            name: name.into(),
            offset,
            len,
            color: 2,
            comment: "a \"quoted\" note".into(),
        }
    }

    #[test]
    fn json_round_trips_and_names_the_fault() {
        let marks = vec![bm("hdr", 0, 8), bm("ptr", 0x21, 0)];
        let text = to_json(Some(Path::new("/tmp/x.bin")), &marks);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["bookmarks"][0]["color"], "cyan");
        assert_eq!(v["bookmarks"][1]["offset"], 0x21);
        let p = Path::new("b.json");
        assert_eq!(from_json(&text, p), Ok(marks));
        let err = from_json("{\"bookmarks\": [{\"name\": \"a\"}]}", p).unwrap_err();
        assert!(err.to_string().contains("no \"offset\""), "{err}");
        assert!(from_json("{not json", p).is_err());
        let err = from_json(
            r#"{"bookmarks":[{"name":"a","offset":1,"color":"teal"}]}"#,
            p,
        );
        assert!(err.unwrap_err().to_string().contains("teal"));
    }

    #[test]
    fn state_paths_follow_xdg_and_differ_per_file() {
        assert_eq!(
            state_dir(Some("/s"), Some("/h")),
            Some(PathBuf::from("/s/hexbuf/bookmarks"))
        );
        assert_eq!(
            state_dir(None, Some("/h")),
            Some(PathBuf::from("/h/.local/state/hexbuf/bookmarks"))
        );
        assert_eq!(
            state_dir(Some("relative"), Some("/h")),
            Some(PathBuf::from("/h/.local/state/hexbuf/bookmarks")),
            "XDG says a relative path is ignored"
        );
        assert_eq!(state_dir(None, None), None);
        let d = Path::new("/s");
        let a = state_file(d, Path::new("/a/x.bin"));
        assert_ne!(a, state_file(d, Path::new("/a/y.bin")));
        assert_eq!(a, state_file(d, Path::new("/a/x.bin")));
        assert_eq!(a.extension().unwrap(), "json");
    }

    #[test]
    fn write_atomic_replaces_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/b.json");
        write_atomic(&p, "first, longer text").unwrap();
        write_atomic(&p, "second").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "second");
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }
}
