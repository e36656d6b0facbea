//! How the hex pane writes a byte: in hex, binary, octal or decimal, with a
//! fixed number of digits each, and how typing a digit at a position of
//! that text changes the byte.

/// The base bytes are shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Radix {
    #[default]
    Hex,
    Binary,
    Octal,
    Decimal,
}

impl Radix {
    pub const ALL: [Radix; 4] = [Radix::Hex, Radix::Binary, Radix::Octal, Radix::Decimal];

    pub fn name(self) -> &'static str {
        match self {
            Radix::Hex => "hex",
            Radix::Binary => "binary",
            Radix::Octal => "octal",
            Radix::Decimal => "decimal",
        }
    }

    pub fn base(self) -> u32 {
        match self {
            Radix::Hex => 16,
            Radix::Binary => 2,
            Radix::Octal => 8,
            Radix::Decimal => 10,
        }
    }

    /// Digits a byte takes: `ff`, `11111111`, `377`, `255`.
    pub fn digits(self) -> usize {
        match self {
            Radix::Hex => 2,
            Radix::Binary => 8,
            Radix::Octal | Radix::Decimal => 3,
        }
    }

    pub fn next(self) -> Radix {
        let i = Radix::ALL.iter().position(|r| *r == self).unwrap_or(0);
        Radix::ALL[(i + 1) % Radix::ALL.len()]
    }

    /// The byte in this base, zero-padded to [`Radix::digits`].
    pub fn format(self, b: u8) -> String {
        match self {
            Radix::Hex => format!("{b:02x}"),
            Radix::Binary => format!("{b:08b}"),
            Radix::Octal => format!("{b:03o}"),
            Radix::Decimal => format!("{b:03}"),
        }
    }

    /// The value of a typed digit in this base.
    pub fn digit(self, c: char) -> Option<u32> {
        c.to_digit(self.base())
    }

    /// The byte after typing digit `d` at position `pos` of its text, or
    /// why that is not a byte (`9` first in decimal would make 9xx).
    pub fn set_digit(self, b: u8, pos: usize, d: u32) -> Result<u8, String> {
        let mut text: Vec<char> = self.format(b).chars().collect();
        text[pos] = char::from_digit(d, self.base()).expect("a digit of this base");
        let s: String = text.iter().collect();
        let v = u32::from_str_radix(&s, self.base()).expect("digits of this base");
        u8::try_from(v).map_err(|_| {
            format!(
                "that would make {s} in {}, more than a byte holds (255)",
                self.name()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_in_each_base() {
        assert_eq!(Radix::Binary.format(b'R'), "01010010");
        assert_eq!(Radix::Binary.format(0xff), "11111111");
        assert_eq!(Radix::Octal.format(0xff), "377");
        assert_eq!(Radix::Decimal.format(7), "007");
        assert_eq!(Radix::Hex.format(0xab), "ab");
    }

    #[test]
    fn typing_a_digit_changes_that_digit() {
        assert_eq!(Radix::Binary.set_digit(0, 0, 1), Ok(0x80));
        assert_eq!(Radix::Binary.set_digit(0xff, 7, 0), Ok(0xfe));
        assert_eq!(Radix::Hex.set_digit(0x12, 1, 0xf), Ok(0x1f));
        assert_eq!(Radix::Decimal.set_digit(0, 0, 2), Ok(200));
        assert!(Radix::Decimal.set_digit(0, 0, 3).is_err());
        assert!(Radix::Octal.set_digit(0, 0, 4).is_err());
        assert_eq!(Radix::Octal.set_digit(0, 2, 7), Ok(7));
        assert_eq!(Radix::Binary.digit('2'), None);
    }
}
