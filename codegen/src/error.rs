//! Errors about the input document. Every error names the place in the document it is about.

use std::fmt;

/// One problem found in an OpenAPI document.
///
/// `pointer` is a JSON pointer (RFC 6901) into the document, written as a URI fragment
/// (`#/paths/~1api~1{serviceId}/get/responses/200`), so it can be pasted after a file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// Where in the document the problem is.
    pub pointer: String,
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// What was found, and what is supported instead.
    pub message: String,
}

/// The kinds of problem the generator reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not YAML or JSON, or does not have the shape of an OpenAPI document.
    Syntax,
    /// The document declares an OpenAPI version other than 3.0.x.
    UnsupportedVersion,
    /// A `$ref` points at nothing, or at something the generator does not resolve.
    BadReference,
    /// The document is valid OpenAPI but uses a construct the generator does not handle.
    Unsupported,
    /// The document contradicts itself (duplicate names, a path parameter missing, and so on).
    Invalid,
}

impl SpecError {
    pub(crate) fn new(
        pointer: impl Into<String>,
        kind: ErrorKind,
        message: impl Into<String>,
    ) -> Self {
        SpecError {
            pointer: pointer.into(),
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ErrorKind::Syntax => "syntax",
            ErrorKind::UnsupportedVersion => "unsupported version",
            ErrorKind::BadReference => "bad reference",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Invalid => "invalid",
        };
        write!(f, "{}: {kind}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for SpecError {}

/// Every problem found in one run. Generation stops only after collecting what it can, so a
/// maintainer sees all of them at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecErrors(pub Vec<SpecError>);

impl SpecErrors {
    /// The problems, in document order as far as the generator walked it.
    pub fn iter(&self) -> impl Iterator<Item = &SpecError> {
        self.0.iter()
    }
}

impl From<SpecError> for SpecErrors {
    fn from(e: SpecError) -> Self {
        SpecErrors(vec![e])
    }
}

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "{n} problem{} in the OpenAPI document:",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}

/// Builds JSON pointers segment by segment, escaping `~` and `/` as RFC 6901 requires.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document, `#`.
    pub fn root() -> Self {
        Pointer(String::from("#"))
    }

    /// A pointer kept as text (`Pointer::to_string`), as it was.
    pub(crate) fn from_document(text: &str) -> Self {
        Pointer(text.to_string())
    }

    /// Parses a local reference such as `#/components/schemas/result` into a pointer.
    pub fn from_ref(reference: &str) -> Self {
        // A `$ref` is a URI fragment, where `{` and other characters may be percent-encoded
        // (`%7BpetId%7D`); the pointer is what they encode.
        if !reference.contains('%') {
            return Pointer(reference.to_string());
        }
        let bytes = reference.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| char::from(b).to_digit(16);
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    out.push((hi * 16 + lo) as u8);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        Pointer(String::from_utf8_lossy(&out).into_owned())
    }

    /// This pointer extended by one segment.
    pub fn join(&self, segment: impl AsRef<str>) -> Self {
        let escaped = segment.as_ref().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{escaped}", self.0))
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
