//! `process:` — the byte transforms the reference runtime knows: `zlib`,
//! `xor` with a byte or a key, `rol`/`ror` of each byte. Decompression is
//! capped so a zip bomb is an error, not an exhausted machine.

use std::io::Read;

/// The most bytes `zlib` may produce.
pub const ZLIB_CAP: u64 = 1 << 30;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProcessError {
    #[error("zlib: {0}")]
    Zlib(String),
    #[error("zlib: the data inflates beyond {ZLIB_CAP} bytes")]
    TooLarge,
    #[error("xor: the key is empty")]
    EmptyKey,
    #[error("unknown process '{0}'")]
    Unknown(String),
}

/// Inflates zlib data (with its 2-byte header), as `processZlib`.
pub fn zlib(data: &[u8]) -> Result<Vec<u8>, ProcessError> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(ZLIB_CAP + 1)
        .read_to_end(&mut out)
        .map_err(|e| ProcessError::Zlib(e.to_string()))?;
    if out.len() as u64 > ZLIB_CAP {
        return Err(ProcessError::TooLarge);
    }
    Ok(out)
}

/// XORs with a key repeated over the data (a one-byte key for `xor(0x5a)`).
pub fn xor(data: &[u8], key: &[u8]) -> Result<Vec<u8>, ProcessError> {
    if key.is_empty() {
        return Err(ProcessError::EmptyKey);
    }
    Ok(data
        .iter()
        .zip(key.iter().cycle())
        .map(|(b, k)| b ^ k)
        .collect())
}

/// Rotates each byte left by `n` bits (`ror(n)` is `rol(8 - n)`).
pub fn rol(data: &[u8], n: i128) -> Vec<u8> {
    let n = n.rem_euclid(8) as u32;
    data.iter().map(|b| b.rotate_left(n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn zlib_round_trips_with_flate2_encoder() {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(b"hello hello hello").unwrap();
        let packed = enc.finish().unwrap();
        assert_eq!(zlib(&packed).unwrap(), b"hello hello hello");
        assert!(matches!(zlib(b"not zlib"), Err(ProcessError::Zlib(_))));
    }

    #[test]
    fn xor_repeats_the_key() {
        assert_eq!(
            xor(&[0x00, 0xff, 0x0f], &[0xff]).unwrap(),
            [0xff, 0x00, 0xf0]
        );
        assert_eq!(xor(&[1, 2, 3], &[1, 2]).unwrap(), [0, 0, 2]);
        assert_eq!(xor(&[1], &[]), Err(ProcessError::EmptyKey));
    }

    #[test]
    fn rol_and_ror_are_inverse() {
        assert_eq!(rol(&[0b1000_0001], 1), [0b0000_0011]);
        assert_eq!(rol(&rol(&[0x12, 0xab], 3), -3), [0x12, 0xab]);
    }
}
