//! One width-aware formatter for values on screen: the typed pane, the
//! inspector and the explain panel all show a value through [`fit`].
//!
//! A value is shown whole when it fits. When it does not, it is never cut
//! into a different number: it is shown in exponent form when that is
//! still exact (`1e+300`), else with its leading digits followed by `…`,
//! keeping the exponent so the magnitude stays right (`2.652…e+92`,
//! `5.98986…e+18`, `0.1000000…`). The `…` always marks digits left out.

use super::typed::Value;

/// The text of `v` in at most `width` characters.
pub fn fit(v: Value, width: usize) -> String {
    let full = v.to_string();
    if full.chars().count() <= width {
        return full;
    }
    if width < 2 {
        return "…".chars().take(width).collect();
    }
    match v {
        Value::Float(f) => fit_float(f, &full, width),
        Value::Unsigned(_) | Value::Signed(_) => {
            let (sign, digits) = split_sign(&full);
            let exp = digits.len() as i32 - 1;
            exponent_form(sign, digits.trim_end_matches('0'), exp, width)
        }
    }
}

/// The raw bits of an integer of `size` bytes as `0x` and `2 × size`
/// lowercase hex digits (a negative value as its two's complement).
pub fn hex_bits(v: Value, size: usize) -> Option<String> {
    let bits = match v {
        Value::Unsigned(u) => u,
        Value::Signed(i) => i as u64,
        Value::Float(_) => return None,
    };
    let mask = if size >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * size)) - 1
    };
    Some(format!("0x{:0w$x}", bits & mask, w = 2 * size))
}

/// [`fit`], followed for an integer by its bits in hex ([`hex_bits`]),
/// in at most `width` characters: the hex is kept whole and the decimal
/// fitted to the room left; with no room for both, the decimal alone.
pub fn fit_with_hex(v: Value, size: usize, width: usize) -> String {
    let Some(hex) = hex_bits(v, size) else {
        return fit(v, width);
    };
    let full = format!("{v} {hex}");
    if full.chars().count() <= width {
        return full;
    }
    // Room for the hex, a space, and a shortened decimal such as `1.8…e+19`.
    if width < hex.len() + 1 + 8 {
        return fit(v, width);
    }
    format!("{} {hex}", fit(v, width - hex.len() - 1))
}

fn split_sign(s: &str) -> (&str, &str) {
    match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s),
    }
}

fn fit_float(f: f64, full: &str, width: usize) -> String {
    if !f.is_finite() {
        let mut s: String = full.chars().take(width - 1).collect();
        s.push('…');
        return s;
    }
    // Rust's `{:e}` gives the shortest digits that read back exactly.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("{:e} exponent is a number");
    let (sign, mantissa) = split_sign(mantissa);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    // Plain notation with a fraction: leading digits, `…` for the rest,
    // when the cut falls after the decimal point.
    if !full.contains('e')
        && let Some(point) = full.find('.')
        && point + 2 < width
    {
        let mut s: String = full.chars().take(width - 1).collect();
        s.push('…');
        return s;
    }
    exponent_form(sign, &digits, exp, width)
}

/// `d.ddd…e+N` in at most `width` characters (plain `d.ddde+N` when no digit
/// is left out), or as many characters of it as fit.
fn exponent_form(sign: &str, digits: &str, exp: i32, width: usize) -> String {
    let e = if exp >= 0 {
        format!("e+{exp}")
    } else {
        format!("e{exp}")
    };
    let whole = |d: &str| {
        if d.len() == 1 {
            format!("{sign}{d}{e}")
        } else {
            format!("{sign}{}.{}{e}", &d[..1], &d[1..])
        }
    };
    let exact = whole(digits);
    if exact.chars().count() <= width {
        return exact;
    }
    // Keep as many digits as fit before the `…`.
    let room = width.saturating_sub(sign.len() + e.len() + 1);
    let shown = match room {
        0 => String::new(),
        1 => digits[..1].to_string(),
        n => format!("{}.{}", &digits[..1], &digits[1..(n - 1).min(digits.len())]),
    };
    if shown.is_empty() {
        // Not even one digit and the exponent fit: say only that it is cut.
        return format!("{sign}…").chars().take(width).collect();
    }
    format!("{sign}{shown}…{e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a shown text says the value is: the digits before `…` must be
    /// the value's own leading digits, and the exponent its own.
    fn assert_honest(v: Value, shown: &str, width: usize) {
        assert!(
            shown.chars().count() <= width,
            "{shown:?} wider than {width}"
        );
        let full = v.to_string();
        if !shown.contains('…') {
            let back: f64 = shown.parse().unwrap();
            let want: f64 = full.parse().unwrap();
            assert!(
                back == want || (back.is_nan() && want.is_nan()),
                "{shown} for {full}"
            );
            return;
        }
        let (head, tail) = shown.split_once('…').unwrap();
        if head.is_empty() || head == "-" {
            return;
        }
        let want: f64 = full.parse().unwrap();
        if tail.is_empty() {
            // Plain notation cut after the decimal point: a prefix of it.
            assert!(full.starts_with(head), "{shown} is not a prefix of {full}");
        } else {
            // d.ddd…e+N: same exponent, same leading digits.
            let exp: i32 = tail[1..].parse().unwrap();
            assert_eq!(exp, want.abs().log10().floor() as i32, "{shown} for {full}");
            let lead: String = head.chars().filter(|c| c.is_ascii_digit()).collect();
            let all: String = format!("{:e}", want.abs())
                .split('e')
                .next()
                .unwrap()
                .chars()
                .filter(|c| c.is_ascii_digit())
                .collect();
            assert!(all.starts_with(&lead), "{shown}: {lead} vs {all}");
        }
    }

    #[test]
    fn values_that_fit_are_shown_whole() {
        assert_eq!(fit(Value::Unsigned(255), 3), "255");
        assert_eq!(fit(Value::Float(1.5), 12), "1.5");
        assert_eq!(fit(Value::Signed(-1), 2), "-1");
    }

    #[test]
    fn big_integers_keep_their_magnitude_and_mark_the_cut() {
        let v = Value::Unsigned(5_989_864_836_402_005_320);
        assert_eq!(fit(v, 14), "5.9898648…e+18");
        assert_eq!(fit(v, 20), "5989864836402005320");
        assert_eq!(
            fit(Value::Signed(-7_451_321_489_274_203_503), 12),
            "-7.4513…e+18"
        );
        assert_eq!(fit(Value::Unsigned(1_000_000), 5), "1e+6");
    }

    #[test]
    fn floats_are_exact_in_exponent_form_or_cut_with_an_ellipsis() {
        assert_eq!(fit(Value::Float(1e300), 16), "1e+300");
        assert_eq!(fit(Value::Float(2.652178218495e92), 14), "2.6521782…e+92");
        assert_eq!(fit(Value::Float(0.1f32 as f64), 12), "0.100000001…");
        assert_eq!(
            fit(Value::Float(f64::from(-2.5e-38f32)), 12),
            "-2.4999…e-38"
        );
        assert_eq!(fit(Value::Float(f64::NAN), 3), "NaN");
        assert_eq!(fit(Value::Float(f64::NEG_INFINITY), 4), "-In…");
    }

    #[test]
    fn every_width_is_respected_and_never_lies() {
        let values = [
            Value::Unsigned(u64::MAX),
            Value::Signed(i64::MIN),
            Value::Float(f64::MAX),
            Value::Float(f64::MIN_POSITIVE),
            Value::Float(-123456.789e-200),
            Value::Float(3.4028234663852886e38),
            Value::Float(std::f64::consts::PI),
            Value::Float(-0.000123456789),
            Value::Float(5e-324),
        ];
        for v in values {
            for width in 2..30 {
                let shown = fit(v, width);
                if let Value::Float(f) = v
                    && !f.is_finite()
                {
                    continue;
                }
                assert_honest(v, &shown, width);
            }
        }
    }

    #[test]
    fn hex_shows_the_bits_of_the_type_beside_the_decimal() {
        assert_eq!(fit_with_hex(Value::Unsigned(25040), 2, 20), "25040 0x61d0");
        assert_eq!(fit_with_hex(Value::Signed(-1), 1, 20), "-1 0xff");
        assert_eq!(fit_with_hex(Value::Signed(-2), 4, 20), "-2 0xfffffffe");
        assert_eq!(
            fit_with_hex(Value::Unsigned(u64::MAX), 8, 39),
            "18446744073709551615 0xffffffffffffffff"
        );
        assert_eq!(
            fit_with_hex(Value::Signed(i64::MIN), 8, 40),
            "-9223372036854775808 0x8000000000000000"
        );
        // Floats have no hex reading here.
        assert_eq!(fit_with_hex(Value::Float(1.5), 4, 20), "1.5");
    }

    #[test]
    fn hex_is_kept_whole_and_the_decimal_fitted_or_dropped() {
        let v = Value::Unsigned(u64::MAX);
        let shown = fit_with_hex(v, 8, 30);
        assert!(shown.ends_with(" 0xffffffffffffffff"), "{shown}");
        let (dec, _) = shown.split_once(' ').unwrap();
        assert_honest(v, dec, 30 - 19);
        assert!(dec.contains('…'));
        // No room for both: the decimal alone, fitted.
        assert_eq!(fit_with_hex(v, 8, 20), "18446744073709551615");
        for width in 0..45 {
            let shown = fit_with_hex(v, 8, width);
            assert!(shown.chars().count() <= width, "{shown:?} in {width}");
        }
    }
}
