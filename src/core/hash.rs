//! Checksums and digests of a range of a document: CRC32, MD5, SHA-1 and
//! SHA-256, as the lowercase hex that `crc32`, `md5sum`, `sha1sum` and
//! `sha256sum` print.
//!
//! The hasher is fed straight from the document's pieces (an unedited mapped
//! file is hashed from the map, without copying), in blocks, with a progress
//! report before each block so a long hash can be shown and cancelled.

use std::fmt::Write;
use std::ops::{ControlFlow, Range};

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::document::Document;
use super::search::Progress;

/// A checksum or digest algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashKind {
    /// The zlib / IEEE 802.3 CRC-32 (as `crc32fast` computes it).
    Crc32,
    Md5,
    Sha1,
    Sha256,
}

impl HashKind {
    /// Every kind, in the order a menu lists them.
    pub const ALL: [HashKind; 4] = [
        HashKind::Crc32,
        HashKind::Md5,
        HashKind::Sha1,
        HashKind::Sha256,
    ];

    /// The algorithm's usual name ("CRC32", "MD5", "SHA-1", "SHA-256").
    pub fn name(self) -> &'static str {
        match self {
            HashKind::Crc32 => "CRC32",
            HashKind::Md5 => "MD5",
            HashKind::Sha1 => "SHA-1",
            HashKind::Sha256 => "SHA-256",
        }
    }
}

/// Bytes hashed between progress reports.
const BLOCK: usize = 8 << 20;

/// The hash of the bytes in `range` (clipped to the document), as lowercase
/// hex; `None` if `progress` cancelled it.
///
/// `progress` is called before each block of up to 8 MiB with the offset
/// hashing has reached, so an empty range never calls it. The CRC32 is the
/// zlib one, printed as its 32-bit value in big-endian hex (8 digits): what
/// `crc32` (libarchive-zip-perl) and Python's `"%08x" % zlib.crc32(data)`
/// print, and `rhash --crc32` in capitals.
pub fn hash_range(
    doc: &Document,
    range: Range<u64>,
    kind: HashKind,
    progress: Progress<'_>,
) -> Option<String> {
    hash_in_blocks(doc, range, kind, BLOCK, progress)
}

fn hash_in_blocks(
    doc: &Document,
    range: Range<u64>,
    kind: HashKind,
    block: usize,
    progress: Progress<'_>,
) -> Option<String> {
    let mut hasher = Hasher::new(kind);
    let flow = doc.for_each_slice(range, |offset, slice| {
        for (i, chunk) in slice.chunks(block).enumerate() {
            progress(offset + (i * block) as u64)?;
            hasher.update(chunk);
        }
        ControlFlow::Continue(())
    });
    flow.is_continue().then(|| hasher.finish())
}

/// One running hash of any kind.
enum Hasher {
    Crc32(crc32fast::Hasher),
    Md5(Md5),
    Sha1(Sha1),
    Sha256(Sha256),
}

impl Hasher {
    fn new(kind: HashKind) -> Self {
        match kind {
            HashKind::Crc32 => Hasher::Crc32(crc32fast::Hasher::new()),
            HashKind::Md5 => Hasher::Md5(Md5::new()),
            HashKind::Sha1 => Hasher::Sha1(Sha1::new()),
            HashKind::Sha256 => Hasher::Sha256(Sha256::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Crc32(h) => h.update(bytes),
            Hasher::Md5(h) => h.update(bytes),
            Hasher::Sha1(h) => h.update(bytes),
            Hasher::Sha256(h) => h.update(bytes),
        }
    }

    fn finish(self) -> String {
        match self {
            Hasher::Crc32(h) => format!("{:08x}", h.finalize()),
            Hasher::Md5(h) => to_hex(&h.finalize()),
            Hasher::Sha1(h) => to_hex(&h.finalize()),
            Hasher::Sha256(h) => to_hex(&h.finalize()),
        }
    }
}

fn to_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;
    use std::process::Command;

    use super::*;
    use crate::core::source::{OpenOptions, Source};

    fn hash(doc: &Document, range: Range<u64>, kind: HashKind) -> String {
        hash_range(doc, range, kind, &mut |_| ControlFlow::Continue(())).unwrap()
    }

    fn hash_all(bytes: &[u8], kind: HashKind) -> String {
        let doc = Document::from_bytes(bytes.to_vec());
        hash(&doc, 0..doc.len(), kind)
    }

    /// Bytes that are not all alike, so a misplaced block would show.
    fn sample(len: usize) -> Vec<u8> {
        let mut x: u32 = 0x9e37_79b9;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect()
    }

    /// The first word `tool` prints for the file at `path`.
    fn tool_hash(tool: &str, args: &[&str], path: &std::path::Path) -> String {
        let out = Command::new(tool)
            .args(args)
            .arg(path)
            .output()
            .expect(tool);
        assert!(out.status.success(), "{tool} failed");
        let text = String::from_utf8(out.stdout).unwrap();
        text.split_whitespace().next().unwrap().to_string()
    }

    #[test]
    fn hashes_abc_to_the_published_vectors() {
        let expected = [
            "352441c2",
            "900150983cd24fb0d6963f7d28e17f72",
            "a9993e364706816aba3e25717850c26c9cd0d89d",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ];
        for (kind, want) in HashKind::ALL.into_iter().zip(expected) {
            assert_eq!(hash_all(b"abc", kind), want, "{}", kind.name());
        }
    }

    #[test]
    fn hashes_nothing_to_the_empty_vectors_without_reporting_progress() {
        let doc = Document::from_bytes(Vec::new());
        let expected = [
            "00000000",
            "d41d8cd98f00b204e9800998ecf8427e",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ];
        for (kind, want) in HashKind::ALL.into_iter().zip(expected) {
            let got = hash_range(&doc, 0..0, kind, &mut |_| panic!("no blocks"));
            assert_eq!(got.as_deref(), Some(want), "{}", kind.name());
        }
    }

    /// CRC32 checked against zlib (through Python), the digests against
    /// coreutils, on a mapped file of a few MiB.
    #[test]
    fn hashes_of_a_mapped_file_match_the_command_line_tools() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&sample((3 << 20) + 12_345)).unwrap();
        file.flush().unwrap();
        let doc = Document::new(Source::open(file.path(), OpenOptions::default()).unwrap());
        let zlib = "import sys, zlib; print('%08x' % zlib.crc32(open(sys.argv[1], 'rb').read()))";
        for (kind, tool, args) in [
            (HashKind::Crc32, "python3", &["-c", zlib][..]),
            (HashKind::Md5, "md5sum", &[]),
            (HashKind::Sha1, "sha1sum", &[]),
            (HashKind::Sha256, "sha256sum", &[]),
        ] {
            let got = hash(&doc, 0..doc.len(), kind);
            assert_eq!(got, tool_hash(tool, args, file.path()), "{tool}");
        }
    }

    #[test]
    fn hashes_the_edited_bytes_not_the_file() {
        let original = sample(10_000);
        let mut doc = Document::from_bytes(original.clone());
        doc.overwrite(100, b"patched").unwrap();
        doc.insert(5_000, &[0xaa; 300]).unwrap();
        doc.delete(9_000..9_500).unwrap();
        let edited = doc.read(0..doc.len());
        assert_ne!(edited, original);
        for kind in HashKind::ALL {
            assert_eq!(
                hash(&doc, 0..doc.len(), kind),
                hash_all(&edited, kind),
                "{}",
                kind.name()
            );
        }
    }

    #[test]
    fn hashes_only_the_sub_range_clipped_to_the_end() {
        let bytes = sample(4_096);
        let mut doc = Document::from_bytes(bytes.clone());
        doc.overwrite(1_000, b"xyz").unwrap();
        let edited = doc.read(0..doc.len());
        for kind in HashKind::ALL {
            let check =
                |r: Range<u64>, want: &[u8]| assert_eq!(hash(&doc, r, kind), hash_all(want, kind));
            check(990..1_010, &edited[990..1_010]);
            check(4_000..9_999, &edited[4_000..]);
            check(7..7, b"");
        }
    }

    #[test]
    fn splitting_into_blocks_gives_the_same_hash_and_reports_each_block() {
        let bytes = sample(1_000);
        let mut doc = Document::from_bytes(bytes);
        doc.insert(500, b"inserted").unwrap();
        let mut reports = Vec::new();
        let got = hash_in_blocks(&doc, 10..1_000, HashKind::Sha256, 64, &mut |off| {
            reports.push(off);
            ControlFlow::Continue(())
        });
        let edited = doc.read(10..1_000);
        assert_eq!(got.unwrap(), hash_all(&edited, HashKind::Sha256));
        assert_eq!(reports.first(), Some(&10));
        assert!(reports.windows(2).all(|w| w[0] < w[1] && w[1] - w[0] <= 64));
        assert!(reports.len() >= (1_000 - 10) / 64);
    }

    #[test]
    fn cancelling_returns_none() {
        let doc = Document::from_bytes(sample(1_000));
        let at_once = hash_range(&doc, 0..1_000, HashKind::Md5, &mut |_| {
            ControlFlow::Break(())
        });
        assert_eq!(at_once, None);
        let mut calls = 0;
        let midway = hash_in_blocks(&doc, 0..1_000, HashKind::Crc32, 100, &mut |off| {
            calls += 1;
            if off >= 500 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(midway, None);
        assert_eq!(calls, 6);
    }

    #[test]
    fn names_every_kind() {
        let names: Vec<_> = HashKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names, ["CRC32", "MD5", "SHA-1", "SHA-256"]);
    }
}
