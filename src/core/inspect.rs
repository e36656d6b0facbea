//! The inspector's readings of bytes beyond plain numbers: timestamps (Unix
//! seconds and milliseconds, Windows FILETIME, DOS date and time), GUIDs
//! and UUIDs, LEB128 integers and the bits of a byte.
//!
//! Each reading either gives a value that is right or says why there is
//! none — a date outside the years 1–9999, a DOS field out of range, a
//! LEB128 that runs past the data or past 64 bits — never a wrong value.

#[cfg(test)]
mod tests;

use std::fmt;

use thiserror::Error;
use time::OffsetDateTime;

use super::typed::Endian;

/// Why a reading has no value.
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
pub enum Invalid {
    #[error("outside the years 1–9999")]
    DateOutOfRange,
    #[error("{0} out of range")]
    DosField(&'static str),
    #[error("runs past the end")]
    LebPastEnd,
    #[error("longer than 10 bytes")]
    LebTooLong,
    #[error("too big for 64 bits")]
    LebOverflow,
    #[error("needs {0} bytes")]
    Short(usize),
}

/// A UTC instant, printed as ISO 8601 with `digits` fractional digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instant {
    at: OffsetDateTime,
    digits: u8,
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.at;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )?;
        if self.digits > 0 {
            let frac = t.nanosecond() / 10u32.pow(9 - u32::from(self.digits));
            write!(f, ".{frac:0w$}", w = self.digits as usize)?;
        }
        f.write_str("Z")
    }
}

/// An instant `nanos` nanoseconds after 1970-01-01T00:00:00Z, when its year
/// is 1–9999 (ISO 8601's four digits).
fn instant(nanos: i128, digits: u8) -> Result<Instant, Invalid> {
    let at =
        OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|_| Invalid::DateOutOfRange)?;
    if !(1..=9999).contains(&at.year()) {
        return Err(Invalid::DateOutOfRange);
    }
    Ok(Instant { at, digits })
}

/// Seconds since 1970-01-01 UTC.
pub fn unix_seconds(secs: i64) -> Result<Instant, Invalid> {
    instant(i128::from(secs) * 1_000_000_000, 0)
}

/// Milliseconds since 1970-01-01 UTC.
pub fn unix_millis(millis: i64) -> Result<Instant, Invalid> {
    instant(i128::from(millis) * 1_000_000, 3)
}

/// Seconds from 1601-01-01 (FILETIME's epoch) to 1970-01-01.
const FILETIME_EPOCH_OFFSET: i128 = 11_644_473_600;

/// A Windows FILETIME: 100-nanosecond ticks since 1601-01-01 UTC.
pub fn filetime(ticks: u64) -> Result<Instant, Invalid> {
    instant(
        i128::from(ticks) * 100 - FILETIME_EPOCH_OFFSET * 1_000_000_000,
        7,
    )
}

/// A DOS (FAT, ZIP) date and time, local time with no zone, to 2 seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DosDateTime {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl fmt::Display for DosDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// A DOS time word (hours 15–11, minutes 10–5, seconds/2 4–0) and date word
/// (years since 1980 15–9, month 8–5, day 4–0).
pub fn dos_datetime(time: u16, date: u16) -> Result<DosDateTime, Invalid> {
    let year = 1980 + (date >> 9);
    let month = ((date >> 5) & 0x0f) as u8;
    let day = (date & 0x1f) as u8;
    let hour = (time >> 11) as u8;
    let minute = ((time >> 5) & 0x3f) as u8;
    let second = ((time & 0x1f) * 2) as u8;
    let month_t = time::Month::try_from(month).map_err(|_| Invalid::DosField("month"))?;
    if day == 0 || day > month_t.length(i32::from(year)) {
        return Err(Invalid::DosField("day"));
    }
    if hour > 23 {
        return Err(Invalid::DosField("hour"));
    }
    if minute > 59 {
        return Err(Invalid::DosField("minute"));
    }
    if second > 59 {
        return Err(Invalid::DosField("second"));
    }
    Ok(DosDateTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
    })
}

/// The DOS date and time as ZIP and FAT store them: the time word, then the
/// date word, both little-endian.
pub fn dos_at(bytes: &[u8]) -> Result<DosDateTime, Invalid> {
    let b: [u8; 4] = first(bytes)?;
    dos_datetime(
        u16::from_le_bytes([b[0], b[1]]),
        u16::from_le_bytes([b[2], b[3]]),
    )
}

/// The first `N` bytes, or how many are needed.
fn first<const N: usize>(bytes: &[u8]) -> Result<[u8; N], Invalid> {
    bytes
        .get(..N)
        .and_then(|b| b.try_into().ok())
        .ok_or(Invalid::Short(N))
}

/// 16 bytes as a GUID the way Windows stores one: the first three fields
/// little-endian, the last eight bytes as they are; braces, lowercase.
pub fn guid_mixed_endian(bytes: &[u8]) -> Result<String, Invalid> {
    let b: [u8; 16] = first(bytes)?;
    let d1 = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let d2 = u16::from_le_bytes([b[4], b[5]]);
    let d3 = u16::from_le_bytes([b[6], b[7]]);
    Ok(format!(
        "{{{d1:08x}-{d2:04x}-{d3:04x}-{}-{}}}",
        hex(&b[8..10]),
        hex(&b[10..16])
    ))
}

/// 16 bytes as an RFC 4122 UUID: big-endian throughout, lowercase.
pub fn uuid_rfc4122(bytes: &[u8]) -> Result<String, Invalid> {
    let b: [u8; 16] = first(bytes)?;
    Ok(format!(
        "{}-{}-{}-{}-{}",
        hex(&b[0..4]),
        hex(&b[4..6]),
        hex(&b[6..8]),
        hex(&b[8..10]),
        hex(&b[10..16])
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The most bytes a LEB128 of 64 bits takes.
const LEB_MAX: usize = 10;

/// An unsigned LEB128 at the start of `bytes`: the value and the bytes it
/// used.
pub fn uleb128(bytes: &[u8]) -> Result<(u64, usize), Invalid> {
    let len = leb_len(bytes)?;
    let mut value = 0u64;
    for (i, &b) in bytes[..len].iter().enumerate() {
        let low = u64::from(b & 0x7f);
        // The tenth byte holds bit 63 only.
        if i == LEB_MAX - 1 && low > 1 {
            return Err(Invalid::LebOverflow);
        }
        value |= low << (7 * i);
    }
    Ok((value, len))
}

/// A signed (two's complement) LEB128 at the start of `bytes`: the value
/// and the bytes it used.
pub fn sleb128(bytes: &[u8]) -> Result<(i64, usize), Invalid> {
    let len = leb_len(bytes)?;
    let mut value = 0i64;
    for (i, &b) in bytes[..len].iter().enumerate() {
        let low = i64::from(b & 0x7f);
        // The tenth byte holds bit 63 and its sign extension: all seven
        // bits alike, or the value needs more than 64 bits.
        if i == LEB_MAX - 1 && low != 0 && low != 0x7f {
            return Err(Invalid::LebOverflow);
        }
        value |= low << (7 * i);
    }
    let shift = 7 * len;
    if shift < 64 && bytes[len - 1] & 0x40 != 0 {
        value |= -1i64 << shift;
    }
    Ok((value, len))
}

/// How many bytes the LEB128 at the start of `bytes` takes: up to and
/// including the first byte without the high bit.
fn leb_len(bytes: &[u8]) -> Result<usize, Invalid> {
    match bytes.iter().take(LEB_MAX).position(|b| b & 0x80 == 0) {
        Some(i) => Ok(i + 1),
        None if bytes.len() < LEB_MAX => Err(Invalid::LebPastEnd),
        None => Err(Invalid::LebTooLong),
    }
}

/// The bits of a byte, from bit 7 down to bit 0.
pub fn bits(byte: u8) -> [bool; 8] {
    std::array::from_fn(|i| byte & (0x80 >> i) != 0)
}

/// A 32- or 64-bit integer of `bytes` in `endian` order, for timestamps.
fn int<const N: usize>(bytes: &[u8], endian: Endian) -> Result<[u8; N], Invalid> {
    let mut b: [u8; N] = first(bytes)?;
    if endian == Endian::Big {
        b.reverse();
    }
    Ok(b)
}

/// Unix seconds in a 32-bit unsigned integer (1970–2106, as gzip, PE and
/// most file formats store them).
pub fn unix32_at(bytes: &[u8], endian: Endian) -> Result<Instant, Invalid> {
    unix_seconds(i64::from(u32::from_le_bytes(int(bytes, endian)?)))
}

/// Unix milliseconds in a 32-bit unsigned integer.
pub fn unix32_ms_at(bytes: &[u8], endian: Endian) -> Result<Instant, Invalid> {
    unix_millis(i64::from(u32::from_le_bytes(int(bytes, endian)?)))
}

/// Unix seconds in a 64-bit signed integer (`time_t`).
pub fn unix64_at(bytes: &[u8], endian: Endian) -> Result<Instant, Invalid> {
    unix_seconds(i64::from_le_bytes(int(bytes, endian)?))
}

/// Unix milliseconds in a 64-bit signed integer (Java, JavaScript).
pub fn unix64_ms_at(bytes: &[u8], endian: Endian) -> Result<Instant, Invalid> {
    unix_millis(i64::from_le_bytes(int(bytes, endian)?))
}

/// A FILETIME, which Windows stores little-endian.
pub fn filetime_at(bytes: &[u8]) -> Result<Instant, Invalid> {
    filetime(u64::from_le_bytes(first(bytes)?))
}
