//! How the bits of a Float32 or Float64 become its value, as IEEE 754 says:
//! the sign, the biased exponent and the mantissa, with the four cases the
//! exponent field decides — normal numbers (a hidden leading 1), zero and
//! subnormals (exponent field 0: the leading bit is 0), and Infinity and
//! NaN (exponent field all ones).

use super::{hex_bytes, unsigned_of};
use crate::core::typed::{ElemKind, ElemType, Value, format_js_number};

/// The fields of a float's bits.
struct Fields {
    exp_bits: u32,
    man_bits: u32,
    bias: i64,
    sign: u64,
    exp: u64,
    man: u64,
}

impl Fields {
    fn of(ty: ElemType, raw: &[u8]) -> (Fields, u64) {
        let (exp_bits, man_bits, bias) = if ty.kind == ElemKind::F32 {
            (8u32, 23u32, 127i64)
        } else {
            (11, 52, 1023)
        };
        let bits = match ElemType::new(unsigned_of(ty.kind), ty.endian).decode(raw) {
            Some(Value::Unsigned(v)) => v,
            _ => 0,
        };
        let fields = Fields {
            exp_bits,
            man_bits,
            bias,
            sign: bits >> (exp_bits + man_bits) & 1,
            exp: (bits >> man_bits) & ((1 << exp_bits) - 1),
            man: bits & ((1u64 << man_bits) - 1),
        };
        (fields, bits)
    }

    /// The mantissa field as a fraction of one: exact, as it has at most
    /// 52 bits.
    fn fraction(&self) -> f64 {
        self.man as f64 / (1u64 << self.man_bits) as f64
    }

    fn all_ones(&self) -> bool {
        self.exp == (1 << self.exp_bits) - 1
    }
}

/// The explanation of the float `ty` at `offset` (`raw` holds its bytes).
pub(super) fn explain_float(ty: ElemType, offset: u64, raw: &[u8]) -> Vec<String> {
    let (f, bits) = Fields::of(ty, raw);
    let total = 1 + f.exp_bits + f.man_bits;
    let value = ty.decode(raw).map_or_else(String::new, |v| v.to_string());
    let man_str = format!("{:0w$b}", f.man, w = f.man_bits as usize);
    let man_shown = if man_str.len() > 30 {
        format!("{}…", &man_str[..30])
    } else {
        man_str
    };
    let sign_text = if f.sign == 1 { "-" } else { "+" };
    let sign_word = if f.sign == 1 { "negative" } else { "positive" };
    let trimmed = man_str_trim(f.man, f.man_bits);
    let (reading, formula) = if f.all_ones() && f.man == 0 {
        (
            format!(
                "  sign {} ({sign_word}), exponent field all ones ({}) and mantissa 0: an infinity",
                f.sign, f.exp
            ),
            format!("exponent all ones and mantissa 0: {sign_text}Infinity"),
        )
    } else if f.all_ones() {
        let quiet = f.man >> (f.man_bits - 1) & 1 == 1;
        (
            format!(
                "  exponent field all ones ({}) and mantissa not 0: NaN; its sign bit ({}) and mantissa bits carry no value ({} NaN: the mantissa's top bit is {})",
                f.exp,
                f.sign,
                if quiet { "a quiet" } else { "a signalling" },
                u8::from(quiet)
            ),
            "exponent all ones and mantissa not 0: NaN (not a number)".to_string(),
        )
    } else if f.exp == 0 && f.man == 0 {
        (
            format!(
                "  sign {} ({sign_word}), exponent field 0 and mantissa 0: this is zero, not a subnormal",
                f.sign
            ),
            if f.sign == 1 {
                "-0: negative zero (JavaScript prints it as 0; Object.is(x, -0) is true)"
                    .to_string()
            } else {
                "+0: zero (the same bits as the integer 0)".to_string()
            },
        )
    } else if f.exp == 0 {
        (
            format!(
                "  sign {} ({sign_word}), exponent field 0: subnormal, so the leading bit is 0 and the exponent is 1 - {}: mantissa 0.{trimmed}₂ = {}",
                f.sign,
                f.bias,
                format_js_number(f.fraction())
            ),
            format!(
                "{sign_text}{} × 2^(1 - {}) = {sign_text}{} × 2^{} = {value}",
                format_js_number(f.fraction()),
                f.bias,
                format_js_number(f.fraction()),
                1 - f.bias
            ),
        )
    } else {
        let m = format_js_number(1.0 + f.fraction());
        (
            format!(
                "  sign {} ({sign_word}), exponent {} (bias {}), leading bit 1 (exponent field not 0): mantissa 1.{trimmed}₂ = {m}",
                f.sign, f.exp, f.bias
            ),
            format!(
                "{sign_text}{m} × 2^({} - {}) = {sign_text}{m} × 2^{} = {value}",
                f.exp,
                f.bias,
                f.exp as i64 - f.bias
            ),
        )
    };
    vec![
        format!(
            "{} {} at 0x{offset:x}: bytes [{}] = 0x{bits:0w$x}",
            ty.kind.js_name(),
            ty.endian.name(),
            hex_bytes(raw),
            w = (total / 4) as usize
        ),
        format!(
            "  sign {} | exponent {:0w$b} | mantissa {man_shown}",
            f.sign,
            f.exp,
            w = f.exp_bits as usize
        ),
        reading,
        format!("  {formula}"),
    ]
}

/// The mantissa's bits without trailing zeros (`0` when all are zero).
fn man_str_trim(man: u64, man_bits: u32) -> String {
    let s = format!("{man:0w$b}", w = man_bits as usize);
    let t = s.trim_end_matches('0');
    if t.is_empty() {
        "0".into()
    } else if t.len() > 24 {
        format!("{}…", &t[..24])
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str, raw: &[u8]) -> String {
        explain_float(ElemType::parse(name).unwrap(), 0, raw).join("\n")
    }

    #[test]
    fn zero_is_zero_with_a_sign_never_a_subnormal() {
        let z = text("f32le", &[0, 0, 0, 0]);
        assert!(z.contains("this is zero, not a subnormal"), "{z}");
        assert!(z.contains("+0: zero"), "{z}");
        assert!(!z.contains("subnormal,"), "{z}");
        assert!(!z.contains("1.0₂") && !z.contains("mantissa 1."), "{z}");
        let n = text("f64be", &[0x80, 0, 0, 0, 0, 0, 0, 0]);
        assert!(n.contains("-0: negative zero"), "{n}");
    }

    #[test]
    fn subnormals_have_a_leading_zero_bit() {
        let s = text("f32le", &[1, 0, 0, 0]);
        assert!(s.contains("mantissa 0.00000000000000000000001₂"), "{s}");
        assert!(!s.contains("mantissa 1."), "{s}");
        assert!(s.contains("× 2^-126 = 1.401298464324817e-45"), "{s}");
        let d = text("f64be", &[0x80, 0x08, 0, 0, 0, 0, 0, 0]);
        assert!(d.contains("mantissa 0.1₂ = 0.5"), "{d}");
        assert!(d.contains("-0.5 × 2^(1 - 1023) = -0.5 × 2^-1022"), "{d}");
    }

    #[test]
    fn infinity_and_nan_say_what_they_are() {
        let inf = text("f32le", &0xff80_0000u32.to_le_bytes());
        assert!(
            inf.contains("an infinity") && inf.contains("-Infinity"),
            "{inf}"
        );
        assert!(!inf.contains("not a number"), "{inf}");
        let nan = text("f64be", &0x7ff8_0000_0000_0000u64.to_be_bytes());
        assert!(
            nan.contains("a quiet NaN") && !nan.contains("positive"),
            "{nan}"
        );
    }

    #[test]
    fn normal_numbers_have_a_hidden_one() {
        let s = text("f32be", &[0x3f, 0xc0, 0, 0]);
        assert!(s.contains("mantissa 1.1₂ = 1.5"), "{s}");
        assert!(s.contains("+1.5 × 2^(127 - 127) = +1.5 × 2^0 = 1.5"), "{s}");
    }
}
