//! The checks of a lesson step: what must hold of the buffer, the view,
//! the selection or an open panel, parsed from a `check:` line (format in
//! assets/lessons/README.md) and tested after every action.

use super::super::state::{App, BottomPanel, Overlay, Pane, Panel};
use crate::core::encoding::TextEncoding;
use crate::core::hash::{HashKind, hash_range};
use crate::core::number::{parse_hex_bytes, parse_u64};
use crate::core::radix::Radix;
use crate::core::typed::{ElemKind, ElemType, Endian};

/// A condition of a step.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    Bytes {
        offset: u64,
        bytes: Vec<u8>,
    },
    Value {
        ty: ElemType,
        offset: u64,
        number: String,
    },
    Type(ElemKind),
    Endian(Endian),
    Radix(Radix),
    Encoding(TextEncoding),
    Focus(Pane),
    Cursor(u64),
    Panel(BottomPanel),
    Saved,
    /// The selection is exactly `len` bytes from `offset`.
    Selection {
        offset: u64,
        len: u64,
    },
    /// The SHA-256 panel shows the digest of `len` bytes from `offset`
    /// (`None`: of the whole buffer).
    Sha256(Option<(u64, u64)>),
}

pub(super) fn parse_check(value: &str) -> Result<Check, String> {
    let words: Vec<&str> = value.split_whitespace().collect();
    let arg = |i: usize| {
        words
            .get(i)
            .copied()
            .ok_or_else(|| format!("'{value}' is missing a value"))
    };
    let offset = |s: &str| parse_u64(s).map_err(|e| e.to_string());
    Ok(match *words.first().ok_or("an empty check")? {
        "bytes" => Check::Bytes {
            offset: offset(arg(1)?)?,
            bytes: parse_hex_bytes(&words[2..].join(" ")).map_err(|e| e.to_string())?,
        },
        "value" => Check::Value {
            ty: ElemType::parse(arg(1)?).ok_or_else(|| {
                format!("'{}' is not a type like u8 or f32le", arg(1).unwrap_or(""))
            })?,
            offset: offset(arg(2)?)?,
            number: arg(3)?.to_string(),
        },
        "type" => {
            let name = arg(1)?.to_ascii_lowercase();
            let kind = ElemKind::ALL
                .into_iter()
                .find(|k| k.js_name().to_ascii_lowercase() == name)
                .ok_or_else(|| format!("'{name}' is not a type like Uint8 or Float32"))?;
            Check::Type(kind)
        }
        "endian" => Check::Endian(match arg(1)? {
            "little" => Endian::Little,
            "big" => Endian::Big,
            other => return Err(format!("'{other}' is not little or big")),
        }),
        "radix" => Check::Radix(
            Radix::ALL
                .into_iter()
                .find(|r| r.name() == arg(1).unwrap_or(""))
                .ok_or_else(|| format!("'{value}': the radix is hex, binary, octal or decimal"))?,
        ),
        "encoding" => {
            let want = arg(1)?.to_ascii_lowercase().replace('-', "");
            Check::Encoding(
                TextEncoding::ALL
                    .into_iter()
                    .find(|e| e.name().to_ascii_lowercase().replace('-', "") == want)
                    .ok_or_else(|| format!("'{want}' is not an encoding"))?,
            )
        }
        "focus" => Check::Focus(match arg(1)? {
            "hex" => Pane::Hex,
            "text" => Pane::Text,
            "typed" => Pane::Typed,
            other => return Err(format!("'{other}' is not hex, text or typed")),
        }),
        "cursor" => Check::Cursor(offset(arg(1)?)?),
        "panel" => Check::Panel(match arg(1)? {
            "inspector" => BottomPanel::Inspector,
            "explain" => BottomPanel::Explain,
            "code" => BottomPanel::Code,
            other => return Err(format!("'{other}' is not inspector, explain or code")),
        }),
        "saved" => Check::Saved,
        "selection" => Check::Selection {
            offset: offset(arg(1)?)?,
            len: offset(arg(2)?)?,
        },
        "hash" => {
            if arg(1)? != "sha256" {
                return Err(format!("'{value}': the hash is sha256"));
            }
            Check::Sha256(match arg(2)? {
                "all" => None,
                at => Some((offset(at)?, offset(arg(3)?)?)),
            })
        }
        other => return Err(format!("unknown check '{other}'")),
    })
}

impl App {
    pub(super) fn check_holds(&self, check: &Check) -> bool {
        match check {
            Check::Bytes { offset, bytes } => {
                self.ed.doc().read(*offset..*offset + bytes.len() as u64) == *bytes
            }
            Check::Value { ty, offset, number } => {
                let here = self.ed.doc().read(*offset..*offset + ty.size() as u64);
                ty.encode_text(number).is_ok_and(|want| want == here)
            }
            Check::Type(kind) => self.view.elem.kind == *kind,
            Check::Endian(e) => self.view.elem.endian == *e,
            Check::Radix(r) => self.view.radix == *r,
            Check::Encoding(e) => self.view.encoding == *e,
            Check::Focus(p) => self.focus == *p,
            Check::Cursor(c) => self.ed.cursor() == *c,
            Check::Panel(p) => self.view.show_inspector && self.view.bottom == *p,
            Check::Selection { offset, len } => self.selection() == Some(*offset..*offset + *len),
            Check::Sha256(range) => {
                let Overlay::Panel(Panel::Hash { name, digest, .. }) = &self.overlay else {
                    return false;
                };
                let doc = self.ed.doc();
                let range = range.map_or(0..doc.len(), |(at, len)| at..at + len);
                *name == HashKind::Sha256.name()
                    && hash_range(doc, range, HashKind::Sha256, &mut |_| {
                        std::ops::ControlFlow::Continue(())
                    })
                    .is_some_and(|want| want == *digest)
            }
            Check::Saved => {
                self.ed.doc().source().target().is_some()
                    && self.ed.doc().source().path().is_some()
                    && !self.ed.doc().is_modified()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_parse() {
        assert_eq!(
            parse_check("bytes 0x10 52 6f").unwrap(),
            Check::Bytes {
                offset: 16,
                bytes: vec![0x52, 0x6f]
            }
        );
        assert_eq!(
            parse_check("type Float32").unwrap(),
            Check::Type(ElemKind::F32)
        );
        assert_eq!(
            parse_check("encoding utf-16le").unwrap(),
            Check::Encoding(TextEncoding::Utf16Le)
        );
        assert!(parse_check("value q9 0 1").is_err());
        assert_eq!(
            parse_check("selection 8 8").unwrap(),
            Check::Selection { offset: 8, len: 8 }
        );
        assert_eq!(parse_check("hash sha256 all").unwrap(), Check::Sha256(None));
        assert_eq!(
            parse_check("hash sha256 0 5").unwrap(),
            Check::Sha256(Some((0, 5)))
        );
        assert!(parse_check("hash md5 all").is_err());
    }
}
