//! Element types as JavaScript's typed arrays and `DataView` read them:
//! decoding the bytes at an offset, encoding a typed-in number with range
//! checks (out of range is an error, never a wrap), and formatting values
//! the way JavaScript prints them.

use std::fmt;

use thiserror::Error;

use super::display::escape_str;

/// The ten element kinds of JavaScript's typed arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ElemKind {
    U8,
    I8,
    U16,
    I16,
    U32,
    I32,
    U64,
    I64,
    F32,
    F64,
}

/// Byte order of multi-byte elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Endian {
    #[default]
    Little,
    Big,
}

impl Endian {
    pub fn toggle(self) -> Endian {
        match self {
            Endian::Little => Endian::Big,
            Endian::Big => Endian::Little,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Endian::Little => "little-endian",
            Endian::Big => "big-endian",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Endian::Little => "le",
            Endian::Big => "be",
        }
    }
}

impl ElemKind {
    pub const ALL: [ElemKind; 10] = [
        ElemKind::U8,
        ElemKind::I8,
        ElemKind::U16,
        ElemKind::I16,
        ElemKind::U32,
        ElemKind::I32,
        ElemKind::U64,
        ElemKind::I64,
        ElemKind::F32,
        ElemKind::F64,
    ];

    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            ElemKind::U8 | ElemKind::I8 => 1,
            ElemKind::U16 | ElemKind::I16 => 2,
            ElemKind::U32 | ElemKind::I32 | ElemKind::F32 => 4,
            ElemKind::U64 | ElemKind::I64 | ElemKind::F64 => 8,
        }
    }

    /// The JavaScript name of the element type (`Int16` for `Int16Array`).
    pub fn js_name(self) -> &'static str {
        match self {
            ElemKind::U8 => "Uint8",
            ElemKind::I8 => "Int8",
            ElemKind::U16 => "Uint16",
            ElemKind::I16 => "Int16",
            ElemKind::U32 => "Uint32",
            ElemKind::I32 => "Int32",
            ElemKind::U64 => "BigUint64",
            ElemKind::I64 => "BigInt64",
            ElemKind::F32 => "Float32",
            ElemKind::F64 => "Float64",
        }
    }

    /// The short name used on the command line, without endianness (`i16`).
    pub fn short_name(self) -> &'static str {
        match self {
            ElemKind::U8 => "u8",
            ElemKind::I8 => "i8",
            ElemKind::U16 => "u16",
            ElemKind::I16 => "i16",
            ElemKind::U32 => "u32",
            ElemKind::I32 => "i32",
            ElemKind::U64 => "u64",
            ElemKind::I64 => "i64",
            ElemKind::F32 => "f32",
            ElemKind::F64 => "f64",
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, ElemKind::F32 | ElemKind::F64)
    }

    pub fn is_signed(self) -> bool {
        matches!(
            self,
            ElemKind::I8 | ElemKind::I16 | ElemKind::I32 | ElemKind::I64
        ) || self.is_float()
    }

    /// The smallest and largest integer the kind holds (None for floats).
    pub fn int_range(self) -> Option<(i128, i128)> {
        let bits = self.size() as u32 * 8;
        match self {
            _ if self.is_float() => None,
            _ if self.is_signed() => Some((-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)),
            _ => Some((0, (1i128 << bits) - 1)),
        }
    }
}

/// An element type: a kind and, for multi-byte kinds, a byte order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ElemType {
    pub kind: ElemKind,
    pub endian: Endian,
}

impl ElemType {
    pub const fn new(kind: ElemKind, endian: Endian) -> Self {
        ElemType { kind, endian }
    }

    /// The 18 types of the command line and `inspect --json`, in order:
    /// `u8 i8 u16le u16be … f64le f64be`.
    pub fn all_named() -> impl Iterator<Item = ElemType> {
        ElemKind::ALL.into_iter().flat_map(|kind| {
            let endians: &[Endian] = if kind.size() == 1 {
                &[Endian::Little]
            } else {
                &[Endian::Little, Endian::Big]
            };
            endians.iter().map(move |&endian| ElemType { kind, endian })
        })
    }

    pub fn size(self) -> usize {
        self.kind.size()
    }

    /// The command-line name: `u8`, `i16le`, `f64be`.
    pub fn name(self) -> String {
        if self.kind.size() == 1 {
            self.kind.short_name().to_string()
        } else {
            format!("{}{}", self.kind.short_name(), self.endian.short())
        }
    }

    /// The name the screen uses: `Uint8`, `Int32 LE`, `Float64 BE`.
    pub fn screen_name(self) -> String {
        if self.kind.size() == 1 {
            self.kind.js_name().to_string()
        } else {
            format!(
                "{} {}",
                self.kind.js_name(),
                self.endian.short().to_uppercase()
            )
        }
    }

    /// Parses a command-line name such as `u16le` or `f32be`.
    pub fn parse(name: &str) -> Option<ElemType> {
        ElemType::all_named().find(|t| t.name() == name.to_ascii_lowercase())
    }

    /// Reads the element from the start of `bytes`; `None` when there are
    /// fewer bytes than the element needs.
    pub fn decode(self, bytes: &[u8]) -> Option<Value> {
        let n = self.size();
        let raw = bytes.get(..n)?;
        let mut buf = [0u8; 8];
        buf[..n].copy_from_slice(raw);
        if self.endian == Endian::Big {
            buf[..n].reverse();
        }
        let bits = u64::from_le_bytes(buf);
        Some(match self.kind {
            ElemKind::U8 | ElemKind::U16 | ElemKind::U32 | ElemKind::U64 => Value::Unsigned(bits),
            ElemKind::I8 => Value::Signed(i64::from(bits as u8 as i8)),
            ElemKind::I16 => Value::Signed(i64::from(bits as u16 as i16)),
            ElemKind::I32 => Value::Signed(i64::from(bits as u32 as i32)),
            ElemKind::I64 => Value::Signed(bits as i64),
            ElemKind::F32 => Value::Float(f64::from(f32::from_bits(bits as u32))),
            ElemKind::F64 => Value::Float(f64::from_bits(bits)),
        })
    }

    /// Encodes a number typed by the user: decimal, `0x` hex (`0b` binary
    /// and `0o` octal too), with a sign; floats for Float32/Float64, including
    /// `inf`, `-inf` and `NaN`. Out of range is an error.
    pub fn encode_text(self, text: &str) -> Result<Vec<u8>, ValueError> {
        let err = |reason: String| ValueError {
            text: text.to_string(),
            ty: self,
            reason,
        };
        let t = text.trim();
        if t.is_empty() {
            return Err(err("no number given".into()));
        }
        let bits: u64 = match self.kind {
            ElemKind::F32 | ElemKind::F64 => {
                // Decimal text reads as the nearest float, however many
                // digits, and keeps the sign of zero; hex, binary and octal
                // (and digits with `_`) are read as whole numbers.
                let v = parse_float(t)
                    .or_else(|| parse_int_f64(t))
                    .ok_or_else(|| err("is not a number".into()))?;
                let says_infinity = t.to_ascii_lowercase().contains("inf");
                if v.is_infinite() && !says_infinity {
                    return Err(err(format!("is out of range for {TYPE}")));
                }
                if self.kind == ElemKind::F32 {
                    let narrowed = v as f32;
                    if narrowed.is_infinite() && v.is_finite() {
                        return Err(err(format!(
                            "is out of range for {TYPE} (largest ±{:e})",
                            f32::MAX
                        )));
                    }
                    u64::from(narrowed.to_bits())
                } else {
                    v.to_bits()
                }
            }
            kind => {
                let v = parse_int(t).ok_or_else(|| {
                    if parse_float(t).is_some() {
                        err(format!(
                            "is not a whole number, and {TYPE} holds whole numbers"
                        ))
                    } else {
                        err("is not a number (decimal, or hex like 0x48)".into())
                    }
                })?;
                let (lo, hi) = kind.int_range().expect("integer kinds have a range");
                if v < lo || v > hi {
                    return Err(err(format!("is out of range for {TYPE} ({lo} to {hi})")));
                }
                v as u64
            }
        };
        Ok(self.encode_bits(bits))
    }

    /// The element's bytes for the given low `size*8` bits, in byte order.
    pub fn encode_bits(self, bits: u64) -> Vec<u8> {
        let n = self.size();
        let mut bytes = bits.to_le_bytes()[..n].to_vec();
        if self.endian == Endian::Big {
            bytes.reverse();
        }
        bytes
    }
}

impl fmt::Display for ElemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// Stands for the type's name in a [`ValueError`]'s reason: the command
/// line says `u8`, the screen `Uint8`.
const TYPE: &str = "\u{1}type\u{1}";

/// A number that does not fit an element type. Displayed with the command
/// line's type names (`u8`, `i32le`); [`ValueError::on_screen`] uses the
/// screen's (`Uint8`, `Int32 LE`).
#[derive(Debug, Error, PartialEq, Eq)]
#[error("'{}' {}", escape_str(.text), .reason.replace(TYPE, &.ty.name()))]
pub struct ValueError {
    pub text: String,
    pub ty: ElemType,
    pub reason: String,
}

impl ValueError {
    /// The message with the type named as the screen names it.
    pub fn on_screen(&self) -> String {
        format!(
            "'{}' {}",
            escape_str(&self.text),
            self.reason.replace(TYPE, &self.ty.screen_name())
        )
    }
}

/// Splits a whole number with an optional sign and a `0x`, `0b` or `0o`
/// prefix into its sign, radix and digits (without `_` separators).
fn int_parts(text: &str) -> Option<(bool, u32, String)> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest)
    } else {
        (10, lower.as_str())
    };
    let body: String = body.chars().filter(|&c| c != '_').collect();
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some((negative, radix, body))
}

/// Parses a whole number (see [`int_parts`]) into a range wide enough to
/// range-check every integer kind.
fn parse_int(text: &str) -> Option<i128> {
    let (negative, radix, body) = int_parts(text)?;
    // 40 hex digits overflow i128; anything that long is out of range anyway.
    let magnitude = i128::from_str_radix(&body, radix).unwrap_or(i128::MAX);
    Some(if negative { -magnitude } else { magnitude })
}

/// Parses a whole number (see [`int_parts`]) as the nearest f64, however
/// many digits it has (infinity when it is beyond f64).
fn parse_int_f64(text: &str) -> Option<f64> {
    let (negative, radix, body) = int_parts(text)?;
    let magnitude = if radix == 10 {
        body.parse::<f64>().ok()?
    } else {
        // Radix 2, 8 or 16: the top 128 bits, with a sticky low bit for any
        // nonzero bits below them, round to 53 bits exactly as the whole
        // number would; the rest is an exact power of two.
        let bits_per_digit = radix.trailing_zeros();
        let mut top: u128 = 0;
        let mut shift: i32 = 0;
        let mut sticky = false;
        for d in body
            .chars()
            .map(|c| c.to_digit(radix).expect("checked digits"))
        {
            if shift > 0 || top.leading_zeros() < bits_per_digit {
                shift = shift.saturating_add(bits_per_digit as i32);
                sticky |= d != 0;
            } else {
                top = (top << bits_per_digit) | u128::from(d);
            }
        }
        (top | u128::from(sticky)) as f64 * 2f64.powi(shift)
    };
    Some(if negative { -magnitude } else { magnitude })
}

fn parse_float(text: &str) -> Option<f64> {
    match text.to_ascii_lowercase().as_str() {
        "nan" => Some(f64::NAN),
        "inf" | "+inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        t if t.bytes().any(|b| b.is_ascii_digit()) => t.parse().ok(),
        _ => None,
    }
}

/// A decoded element.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl fmt::Display for Value {
    /// As JavaScript prints the element (`String(x)`), without BigInt's `n`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::Unsigned(v) => write!(f, "{v}"),
            Value::Signed(v) => write!(f, "{v}"),
            Value::Float(v) => f.write_str(&format_js_number(v)),
        }
    }
}

/// Formats a float as JavaScript's `Number.prototype.toString` does: the
/// shortest digits that read back exactly, in plain notation from 1e-6 up
/// to 1e21 and as `1.5e+21` or `1e-7` outside it.
pub fn format_js_number(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if v == 0.0 {
        return "0".into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "-1.2345e-7".
    let sci = format!("{v:e}");
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("{:e} exponent is a number");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let n = exp + 1; // position of the decimal point relative to the digits
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let e = if e >= 0 {
            format!("+{e}")
        } else {
            e.to_string()
        };
        if k == 1 {
            format!("{digits}e{e}")
        } else {
            format!("{}.{}e{e}", &digits[..1], &digits[1..])
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str) -> ElemType {
        ElemType::parse(name).unwrap()
    }

    #[test]
    fn eighteen_named_types_in_contract_order() {
        let names: Vec<String> = ElemType::all_named().map(|t| t.name()).collect();
        assert_eq!(
            names.join(" "),
            "u8 i8 u16le u16be i16le i16be u32le u32be i32le i32be \
             u64le u64be i64le i64be f32le f32be f64le f64be"
        );
    }

    #[test]
    fn ff_is_255_unsigned_and_minus_one_signed() {
        assert_eq!(t("u8").decode(&[0xff]), Some(Value::Unsigned(255)));
        assert_eq!(t("i8").decode(&[0xff]), Some(Value::Signed(-1)));
    }

    #[test]
    fn endianness_orders_the_bytes() {
        assert_eq!(t("u16le").decode(&[1, 2]), Some(Value::Unsigned(513)));
        assert_eq!(t("u16be").decode(&[1, 2]), Some(Value::Unsigned(258)));
        assert_eq!(t("i16le").decode(&[0xff, 0xff]), Some(Value::Signed(-1)));
        assert_eq!(t("i16le").decode(&[0, 1]), Some(Value::Signed(256)));
        assert_eq!(
            t("f32le").decode(&[0, 0, 0xc0, 0x3f]),
            Some(Value::Float(1.5))
        );
        assert_eq!(t("u32le").decode(&[1, 2, 3]), None);
    }

    #[test]
    fn encode_checks_range_at_each_boundary() {
        for ty in ElemType::all_named().filter(|t| !t.kind.is_float()) {
            let (lo, hi) = ty.kind.int_range().unwrap();
            assert!(ty.encode_text(&lo.to_string()).is_ok(), "{ty} {lo}");
            assert!(ty.encode_text(&hi.to_string()).is_ok(), "{ty} {hi}");
            assert!(
                ty.encode_text(&(lo - 1).to_string()).is_err(),
                "{ty} {lo}-1"
            );
            assert!(
                ty.encode_text(&(hi + 1).to_string()).is_err(),
                "{ty} {hi}+1"
            );
        }
        assert_eq!(t("u8").encode_text("72"), Ok(vec![72]));
        assert_eq!(t("u8").encode_text("0x48"), Ok(vec![0x48]));
        assert_eq!(t("i16be").encode_text("-2"), Ok(vec![0xff, 0xfe]));
        assert_eq!(t("u16le").encode_text("0b1_0000_0001"), Ok(vec![1, 1]));
        let e = t("u8").encode_text("300").unwrap_err();
        assert_eq!(e.to_string(), "'300' is out of range for u8 (0 to 255)");
        assert!(t("u8").encode_text("1.5").is_err());
        assert!(t("u8").encode_text("abc").is_err());
        assert!(t("u64le").encode_text("0xffffffffffffffffff").is_err());
    }

    #[test]
    fn floats_encode_with_overflow_refused() {
        assert_eq!(t("f32le").encode_text("1.5"), Ok(vec![0, 0, 0xc0, 0x3f]));
        assert_eq!(t("f32be").encode_text("-inf"), Ok(vec![0xff, 0x80, 0, 0]));
        assert!(t("f32le").encode_text("1e39").is_err());
        assert!(t("f32le").encode_text("3.4028235e38").is_ok());
        assert!(t("f64le").encode_text("1e308").is_ok());
        assert!(t("f64le").encode_text("nan").is_ok());
        assert!(t("f64le").encode_text("1e999").is_err());
        assert!(t("f64le").encode_text("Infinity").is_ok());
        assert!(t("f32le").encode_text("x1").is_err());
    }

    #[test]
    fn long_whole_numbers_encode_as_the_nearest_float() {
        // Beyond i128: read as decimal, not clamped.
        let big = format!("17{}", "0".repeat(37));
        assert_eq!(
            t("f64le").encode_text(&big),
            Ok(1.7e38f64.to_le_bytes().to_vec())
        );
        assert!(
            t("f32le")
                .encode_text(&format!("4{}", "0".repeat(38)))
                .is_err()
        );
        assert_eq!(
            t("f64be").encode_text("-0"),
            Ok((-0.0f64).to_be_bytes().to_vec())
        );
        // Hex past 128 bits: (2^53 + 1) * 2^80 is a tie and rounds to even;
        // one more unit in the last place rounds up.
        let tie = format!("0x20000000000001{}", "0".repeat(20));
        let above = format!("0x20000000000001{}1", "0".repeat(19));
        let f = |v: f64| Ok(v.to_le_bytes().to_vec());
        assert_eq!(t("f64le").encode_text(&tie), f(2f64.powi(133)));
        assert_eq!(
            t("f64le").encode_text(&above),
            f(((1u64 << 53) + 2) as f64 * 2f64.powi(80))
        );
        assert!(
            t("f64le")
                .encode_text(&format!("0x1{}", "0".repeat(256)))
                .is_err()
        );
        assert_eq!(t("f32le").encode_text("0x1_0000"), f32_bytes(65536.0));
    }

    fn f32_bytes(v: f32) -> Result<Vec<u8>, ValueError> {
        Ok(v.to_le_bytes().to_vec())
    }

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        let cases = [
            (1.5, "1.5"),
            (-0.0, "0"),
            (100.0, "100"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (123456789012345680000.0, "123456789012345680000"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (-2.5e-8, "-2.5e-8"),
            (f64::from(0.1f32), "0.10000000149011612"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (v, want) in cases {
            assert_eq!(format_js_number(v), want);
        }
    }
}
