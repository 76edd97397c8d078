//! Turning inputs into the parts of a request: path segments, checked strings, bodies.

use super::error::Error;

/// Percent-encodes `value` as one path segment: every byte but ASCII letters, digits and
/// `-._~` is encoded, so no value can add a segment, a query or a fragment to the path.
pub fn path_segment<B>(name: &'static str, value: &str) -> Result<String, Error<B>> {
    if value.is_empty() {
        return Err(Error::invalid_input(
            name,
            "must not be empty (it is a segment of the request path)",
        ));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid_input(
            name,
            "must not be `.` or `..` (it is a segment of the request path)",
        ));
    }
    let mut out = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    Ok(out)
}

/// Checks a string against the length and pattern rules the API document sets for it:
/// at least `min` and at most `max` characters, each within one of the `allowed` ranges
/// (given with the pattern they come from, for the message). The message names the rule,
/// never the value, since the value may be a secret.
pub fn check_string<B>(
    name: &str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
    allowed: Option<(&[(char, char)], &str)>,
) -> Result<(), Error<B>> {
    let count = value.chars().count();
    if let Some(min) = min {
        if count < min {
            let plural = if min == 1 { "" } else { "s" };
            return Err(Error::invalid_input(
                name,
                format!("must be at least {min} character{plural} long; it has {count}"),
            ));
        }
    }
    if let Some(max) = max {
        if count > max {
            return Err(Error::invalid_input(
                name,
                format!("must be at most {max} characters long; it has {count}"),
            ));
        }
    }
    if let Some((ranges, pattern)) = allowed {
        if !value
            .chars()
            .all(|c| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi))
        {
            return Err(Error::invalid_input(
                name,
                format!("must match the pattern `{pattern}`"),
            ));
        }
    }
    Ok(())
}

/// A request body, encoded, with the secret values written into it.
#[derive(Clone)]
pub struct Encoded {
    /// The bytes sent.
    pub bytes: Vec<u8>,
    /// The values of the `SecretString`s the body holds, which errors of this request keep
    /// out of their text.
    pub secrets: Vec<String>,
}

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoded")
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// Serializes a request body as `application/x-www-form-urlencoded`.
pub fn to_form<B, T: serde::Serialize>(value: &T) -> Result<Encoded, Error<B>> {
    let (written, secrets) = super::secret::collecting(|| serde_urlencoded::to_string(value));
    let bytes = written.map(String::into_bytes).map_err(|e| {
        Error::invalid_input(
            "body",
            format!("cannot be form-encoded (nested values cannot): {e}"),
        )
    })?;
    Ok(Encoded { bytes, secrets })
}

/// Serializes a request body as JSON.
pub fn to_json<B, T: serde::Serialize>(value: &T) -> Result<Encoded, Error<B>> {
    let (written, secrets) = super::secret::collecting(|| serde_json::to_vec(value));
    let bytes = written
        .map_err(|e| Error::invalid_input("body", format!("cannot be written as JSON: {e}")))?;
    Ok(Encoded { bytes, secrets })
}

/// Standard base64 with padding, for basic authentication.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
