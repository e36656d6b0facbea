//! Finding the spec for a file: by name (`--format png`), or by the file's
//! leading bytes against each spec's leading `contents` magic, then by
//! `meta/file-extension`. Specs come from the `--formats` folders, the
//! user's formats folder and the built-in ones, in that order of trust.

use std::path::{Path, PathBuf};

use super::yaml::{self, Node};

/// Where a spec's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecSource {
    File(PathBuf),
    /// A built-in spec: its name and text.
    Builtin(&'static str, &'static str),
}

/// What spec finding knows of one spec without loading it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub source: SpecSource,
    pub id: String,
    pub magic: Vec<u8>,
    pub extensions: Vec<String>,
}

include!(concat!(env!("OUT_DIR"), "/builtin_formats.rs"));

/// `$XDG_DATA_HOME/hexbuf/formats`, or `~/.local/share/hexbuf/formats`.
pub fn user_formats_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|x| !x.is_empty()) {
        return Some(PathBuf::from(x).join("hexbuf/formats"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/hexbuf/formats"))
}

/// Every `.ksy` under `dir`, sorted, at most a few folders deep.
pub fn ksy_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, 0, &mut out);
    out.sort();
    out
}

fn walk(dir: &Path, depth: u32, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() && depth < 4 {
            walk(&p, depth + 1, out);
        } else if p.extension().is_some_and(|x| x == "ksy") {
            out.push(p);
        }
    }
}

/// The candidates of the folders (in order) and then the built-ins.
pub fn candidates(dirs: &[PathBuf], builtins: &[(&'static str, &'static str)]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for d in dirs {
        for f in ksy_files(d) {
            if let Some(c) = std::fs::read_to_string(&f).ok().and_then(|s| describe(&s)) {
                out.push(Candidate {
                    source: SpecSource::File(f),
                    ..c
                });
            }
        }
    }
    for (name, src) in builtins {
        if let Some(c) = built_in_meta(src).or_else(|| describe(src)) {
            out.push(Candidate {
                source: SpecSource::Builtin(name, src),
                ..c
            });
        }
    }
    out
}

/// What [`describe`] makes of `src` when it is one of the [`BUILTIN`]
/// specs, read when hexbuf was built.
fn built_in_meta(src: &str) -> Option<Candidate> {
    let i = BUILTIN.iter().position(|(_, s)| std::ptr::eq(*s, src))?;
    let (id, magic, extensions) = BUILTIN_META[i];
    Some(Candidate {
        source: SpecSource::Builtin("", ""),
        id: id.to_string(),
        magic: magic.to_vec(),
        extensions: extensions.iter().map(|e| e.to_string()).collect(),
    })
}

/// Reads a spec's id, leading magic and extensions.
pub fn describe(src: &str) -> Option<Candidate> {
    // Only `meta` and `seq` matter: the YAML is read up to the first
    // top-level `types`, `instances` or `enums` (a key at column 0, so the
    // text before it is whole YAML), which is most of a large spec and most
    // of the time the editor spends choosing a spec before its first frame.
    let end = src
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| {
            let rest = &src[i..];
            ["types:", "instances:", "enums:"]
                .iter()
                .any(|k| rest.starts_with(k))
        })
        .unwrap_or(src.len());
    let top = yaml::load(&src[..end]).or_else(|_| yaml::load(src)).ok()?;
    let meta = top.get("meta")?;
    let id = meta.get("id")?.as_scalar()?.to_string();
    let extensions = match meta.get("file-extension") {
        Some(n) => match n.as_seq() {
            Some(items) => items
                .iter()
                .filter_map(Node::as_scalar)
                .map(str::to_lowercase)
                .collect(),
            None => n.as_scalar().map(str::to_lowercase).into_iter().collect(),
        },
        None => Vec::new(),
    };
    let mut magic = Vec::new();
    for attr in top.get("seq").and_then(Node::as_seq).unwrap_or_default() {
        let Some(c) = attr.get("contents") else { break };
        if attr.get("if").is_some() || attr.get("repeat").is_some() {
            break;
        }
        magic.extend(contents_bytes(c));
    }
    Some(Candidate {
        source: SpecSource::Builtin("", ""),
        id,
        magic,
        extensions,
    })
}

fn contents_bytes(n: &Node) -> Vec<u8> {
    let one = |n: &Node| -> Vec<u8> {
        let text = n.as_scalar().unwrap_or_default();
        if !n.is_quoted()
            && let Some(v) = super::spec::int_literal(text).and_then(|v| u8::try_from(v).ok())
        {
            return vec![v];
        }
        text.as_bytes().to_vec()
    };
    match n.as_seq() {
        Some(items) => items.iter().flat_map(one).collect(),
        None => one(n),
    }
}

/// The spec named `name`: `name.ksy` in the folders, else a built-in.
pub fn by_name(
    name: &str,
    dirs: &[PathBuf],
    builtins: &[(&'static str, &'static str)],
) -> Option<SpecSource> {
    let file = format!("{name}.ksy");
    for d in dirs {
        if let Some(f) = ksy_files(d)
            .into_iter()
            .find(|f| f.file_name().is_some_and(|n| n == file.as_str()))
        {
            return Some(SpecSource::File(f));
        }
    }
    builtins
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, s)| SpecSource::Builtin(n, s))
}

/// The best spec for a file starting with `head` and named `path`: the
/// longest magic the head starts with — of several as long (RIFF for AVI,
/// WAV and WebP), the first with the file's extension — else the first
/// with its extension.
pub fn detect(head: &[u8], path: &Path, candidates: &[Candidate]) -> Option<SpecSource> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    let has_ext = |c: &Candidate| ext.as_ref().is_some_and(|e| c.extensions.contains(e));
    let matching = || {
        candidates
            .iter()
            .filter(|c| !c.magic.is_empty() && head.starts_with(&c.magic))
    };
    if let Some(longest) = matching().map(|c| c.magic.len()).max() {
        let mut tied = matching().filter(|c| c.magic.len() == longest);
        let first = tied.clone().next();
        return tied
            .find(|c| has_ext(c))
            .or(first)
            .map(|c| c.source.clone());
    }
    candidates
        .iter()
        .find(|c| has_ext(c))
        .map(|c| c.source.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNGISH: &str = "meta:\n  id: pngish\n  file-extension: png\nseq:\n  - id: magic\n    contents: [0x89, 'PNG', 13, 10, 26, 10]\n  - id: rest\n    size-eos: true\n";
    const TXT: &str =
        "meta:\n  id: txt\n  file-extension: [txt, TEXT]\nseq:\n  - id: body\n    size-eos: true\n";

    #[test]
    fn the_built_in_specs_meta_read_at_build_time_is_what_describe_reads() {
        assert_eq!(BUILTIN.len(), BUILTIN_META.len());
        for (name, src) in BUILTIN {
            let want = describe(src).expect("a built-in spec describes");
            let got = built_in_meta(src).expect("a built-in spec");
            assert_eq!(
                (&got.id, &got.magic, &got.extensions),
                (&want.id, &want.magic, &want.extensions),
                "{name}"
            );
        }
        // A text equal to a built-in's but not it is parsed.
        let copy = BUILTIN[0].1.to_string();
        assert!(built_in_meta(&copy).is_none());
    }

    #[test]
    fn magic_then_extension() {
        let builtins = [("pngish", PNGISH), ("txt", TXT)];
        let cands = candidates(&[], &builtins);
        assert_eq!(cands[0].magic, b"\x89PNG\r\n\x1a\n");
        let png = detect(b"\x89PNG\r\n\x1a\n....", Path::new("x.bin"), &cands);
        assert_eq!(png, Some(SpecSource::Builtin("pngish", PNGISH)));
        let txt = detect(b"hello", Path::new("notes.TEXT"), &cands);
        assert_eq!(txt, Some(SpecSource::Builtin("txt", TXT)));
        assert_eq!(detect(b"hello", Path::new("x.bin"), &cands), None);
    }

    /// RIFF starts AVI and WAV alike: the file's extension decides, and
    /// without one the first spec stands.
    #[test]
    fn magic_of_equal_length_is_decided_by_the_extension() {
        const AVI: &str =
            "meta:\n  id: avi\n  file-extension: avi\nseq:\n  - id: magic\n    contents: RIFF\n";
        const WAV: &str = "meta:\n  id: wav\n  file-extension: [wav, WAVE]\nseq:\n  - id: magic\n    contents: RIFF\n";
        let builtins = [("avi", AVI), ("wav", WAV)];
        let cands = candidates(&[], &builtins);
        let head = b"RIFF\x24\0\0\0WAVEfmt ";
        let pick = |name: &str| detect(head, Path::new(name), &cands);
        assert_eq!(pick("a.wav"), Some(SpecSource::Builtin("wav", WAV)));
        assert_eq!(pick("a.WAVE"), Some(SpecSource::Builtin("wav", WAV)));
        assert_eq!(pick("a.avi"), Some(SpecSource::Builtin("avi", AVI)));
        assert_eq!(pick("a.bin"), Some(SpecSource::Builtin("avi", AVI)));
        // A longer magic still wins over an extension.
        let longer = [("avi", AVI), ("pngish", PNGISH)];
        let cands = candidates(&[], &longer);
        let png = detect(b"\x89PNG\r\n\x1a\n....", Path::new("x.avi"), &cands);
        assert_eq!(png, Some(SpecSource::Builtin("pngish", PNGISH)));
    }

    #[test]
    fn by_name_prefers_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("image")).unwrap();
        std::fs::write(dir.path().join("image/pngish.ksy"), PNGISH).unwrap();
        let builtins = [("pngish", PNGISH)];
        let found = by_name("pngish", &[dir.path().to_path_buf()], &builtins);
        assert_eq!(
            found,
            Some(SpecSource::File(dir.path().join("image/pngish.ksy")))
        );
        assert_eq!(
            by_name("pngish", &[], &builtins),
            Some(SpecSource::Builtin("pngish", PNGISH))
        );
        assert_eq!(by_name("nope", &[], &builtins), None);
    }
}
