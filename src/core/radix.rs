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

    /// The byte in this base, [`Radix::digits`] wide: zero-padded, except
    /// decimal, which is right-aligned as numbers are written.
    pub fn format(self, b: u8) -> String {
        match self {
            Radix::Decimal => format!("{b:>3}"),
            _ => self.padded(b),
        }
    }

    /// The byte zero-padded to [`Radix::digits`]: the digits typing edits.
    fn padded(self, b: u8) -> String {
        match self {
            Radix::Hex => format!("{b:02x}"),
            Radix::Binary => format!("{b:08b}"),
            Radix::Octal => format!("{b:03o}"),
            Radix::Decimal => format!("{b:03}"),
        }
    }

    fn show(self, v: u32) -> String {
        match self {
            Radix::Octal => format!("{v:o}"),
            _ => v.to_string(),
        }
    }

    /// The value of a typed digit in this base.
    pub fn digit(self, c: char) -> Option<u32> {
        c.to_digit(self.base())
    }

    /// The byte after typing digit `d` at position `pos`, or why that is not
    /// a byte. Hex and binary digits stand for fixed bits, so a digit
    /// replaces the one at its position; decimal and octal digits build a
    /// number as it is written (`7`, `72`, `255`).
    pub fn set_digit(self, b: u8, pos: usize, d: u32) -> Result<u8, DigitError> {
        if matches!(self, Radix::Decimal | Radix::Octal) {
            let v = if pos == 0 {
                d
            } else {
                u32::from(b) * self.base() + d
            };
            return u8::try_from(v).map_err(|_| DigitError {
                digits: self.show(v),
                radix: self,
            });
        }
        let mut text: Vec<char> = self.padded(b).chars().collect();
        text[pos] = char::from_digit(d, self.base()).expect("a digit of this base");
        let s: String = text.iter().collect();
        let v = u32::from_str_radix(&s, self.base()).expect("digits of this base");
        u8::try_from(v).map_err(|_| DigitError {
            digits: s,
            radix: self,
        })
    }
}

/// A digit that would make the byte larger than 255.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("that would make {digits} in {}, more than a byte holds (255)", .radix.name())]
pub struct DigitError {
    /// The digits the byte would have.
    pub digits: String,
    pub radix: Radix,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_in_each_base() {
        assert_eq!(Radix::Binary.format(b'R'), "01010010");
        assert_eq!(Radix::Binary.format(0xff), "11111111");
        assert_eq!(Radix::Octal.format(0xff), "377");
        assert_eq!(Radix::Decimal.format(7), "  7");
        assert_eq!(Radix::Hex.format(0xab), "ab");
    }

    #[test]
    fn typing_a_digit_changes_that_digit() {
        assert_eq!(Radix::Binary.set_digit(0, 0, 1), Ok(0x80));
        assert_eq!(Radix::Binary.set_digit(0xff, 7, 0), Ok(0xfe));
        assert_eq!(Radix::Hex.set_digit(0x12, 1, 0xf), Ok(0x1f));
        assert_eq!(Radix::Decimal.set_digit(99, 0, 2), Ok(2));
        assert_eq!(Radix::Decimal.set_digit(2, 1, 5), Ok(25));
        assert_eq!(Radix::Decimal.set_digit(25, 2, 5), Ok(255));
        assert!(Radix::Decimal.set_digit(30, 2, 0).is_err());
        assert_eq!(Radix::Octal.set_digit(1, 1, 0), Ok(8));
        assert!(Radix::Octal.set_digit(0o40, 2, 0).is_err());
        assert_eq!(Radix::Binary.digit('2'), None);
    }
}
