//! Byte classes: one table decides how a byte is coloured and which glyph
//! stands for it in text columns, in the dump and on screen alike.

/// The kind of a byte, for colour and glyph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ByteClass {
    /// 0x00.
    Null,
    /// 0x21–0x7e: shown as itself.
    Printable,
    /// Space, tab, newline, vertical tab, form feed, carriage return.
    Whitespace,
    /// The other ASCII control bytes, and DEL.
    OtherAscii,
    /// 0x80–0xff.
    NonAscii,
}

impl ByteClass {
    pub const ALL: [ByteClass; 5] = [
        ByteClass::Null,
        ByteClass::Printable,
        ByteClass::Whitespace,
        ByteClass::OtherAscii,
        ByteClass::NonAscii,
    ];

    pub fn of(b: u8) -> ByteClass {
        match b {
            0 => ByteClass::Null,
            0x21..=0x7e => ByteClass::Printable,
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => ByteClass::Whitespace,
            0x01..=0x7f => ByteClass::OtherAscii,
            _ => ByteClass::NonAscii,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ByteClass::Null => "NUL",
            ByteClass::Printable => "printable ASCII",
            ByteClass::Whitespace => "ASCII whitespace",
            ByteClass::OtherAscii => "other ASCII",
            ByteClass::NonAscii => "non-ASCII",
        }
    }
}

/// The character that stands for a byte in a text column: printable ASCII
/// as itself, space as a space, tab `→`, newline `↵`, the other whitespace
/// `¶`, and a placeholder for each other class, so that no byte of the data
/// reaches the terminal as a control code (and none looks like a printable
/// character, even without colour).
pub fn glyph(b: u8) -> char {
    match ByteClass::of(b) {
        ByteClass::Printable => b as char,
        ByteClass::Null => '·',
        ByteClass::Whitespace => match b {
            b' ' => ' ',
            b'\t' => '→',
            b'\n' => '↵',
            _ => '¶',
        },
        ByteClass::OtherAscii => '•',
        ByteClass::NonAscii => '×',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_has_a_class_and_a_safe_glyph() {
        for b in 0..=255u8 {
            let g = glyph(b);
            assert!(!g.is_control(), "byte {b:#04x} shows as a control char");
        }
        assert_eq!(ByteClass::of(b'R'), ByteClass::Printable);
        assert_eq!(ByteClass::of(0), ByteClass::Null);
        assert_eq!(ByteClass::of(b'\n'), ByteClass::Whitespace);
        assert_eq!(ByteClass::of(0x1b), ByteClass::OtherAscii);
        assert_eq!(ByteClass::of(0x7f), ByteClass::OtherAscii);
        assert_eq!(ByteClass::of(0x80), ByteClass::NonAscii);
        assert_eq!(glyph(0x1b), '•');
        assert_eq!(glyph(b'\n'), '↵');
        assert_eq!(glyph(b'\t'), '→');
        // No placeholder is a printable ASCII character.
        for b in 0..=255u8 {
            let g = glyph(b);
            assert!(
                !g.is_ascii_graphic() || ByteClass::of(b) == ByteClass::Printable,
                "{b:#04x}"
            );
        }
    }
}
