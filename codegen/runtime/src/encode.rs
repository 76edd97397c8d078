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
    Ok(percent(value, false, false))
}

/// Writes `value`, encoded as one path segment, at the end of `path`; see [`path_segment`].
pub fn push_segment<B>(path: &mut String, name: &'static str, value: &str) -> Result<(), Error<B>> {
    if value.is_empty() || value == "." || value == ".." {
        return path_segment(name, value).map(drop);
    }
    percent_into(path, value, false, false);
    Ok(())
}

/// Percent-encoding of every byte but ASCII letters, digits and `-._~`; in `form` style a
/// space is `+` and `*` stays as it is; `lower` writes the hex digits in lower case.
pub fn percent(value: &str, form: bool, lower: bool) -> String {
    let mut out = String::with_capacity(value.len());
    percent_into(&mut out, value, form, lower);
    out
}

/// [`percent`], written at the end of `out`.
pub fn percent_into(out: &mut String, value: &str, form: bool, lower: bool) {
    let hex: &[u8; 16] = if lower {
        b"0123456789abcdef"
    } else {
        b"0123456789ABCDEF"
    };
    out.reserve(value.len());
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else if form && byte == b' ' {
            out.push('+');
        } else if form && byte == b'*' {
            out.push('*');
        } else {
            out.push('%');
            out.push(char::from(hex[usize::from(byte >> 4)]));
            out.push(char::from(hex[usize::from(byte & 0x0f)]));
        }
    }
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
    /// A body read from a stream as it is sent, instead of `bytes`: sent once, never again.
    pub stream: Option<SharedStream>,
}

/// A streamed body, shared by the clones of the request builder that holds it; the first
/// request sent takes it.
pub type SharedStream = std::sync::Arc<std::sync::Mutex<Option<reqwest::Body>>>;

impl Encoded {
    /// A text body, as it is.
    pub fn text(text: &str) -> Self {
        Encoded {
            bytes: text.as_bytes().to_vec(),
            secrets: Vec::new(),
            stream: None,
        }
    }
}

/// A body of bytes sent as they are: a file, an image, any binary content.
///
/// Made from bytes or text (`Vec<u8>`, `&'static [u8]`, `String`, `&'static str`), kept in
/// memory and sent again if a retry is allowed; or from a [`reqwest::Body`] (for example a
/// stream, with reqwest's `stream` feature), sent as it is read and never retried. The content
/// type is the one the API document gives unless [`Upload::content_type`] sets another.
#[derive(Clone)]
pub struct Upload {
    source: Source,
    content_type: Option<String>,
    file_name: Option<String>,
}

#[derive(Clone)]
enum Source {
    Bytes(Vec<u8>),
    Stream(SharedStream),
}

impl Upload {
    /// Sends `bytes`.
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Upload {
            source: Source::Bytes(bytes.into()),
            content_type: None,
            file_name: None,
        }
    }

    /// Sends `body` as it is read, once.
    pub fn stream(body: reqwest::Body) -> Self {
        Upload {
            source: Source::Stream(std::sync::Arc::new(std::sync::Mutex::new(Some(body)))),
            content_type: None,
            file_name: None,
        }
    }

    /// Sends the body with this `Content-Type` (for example `image/png` where the document
    /// allows any image).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name sent with it as a part of a multipart body (`filename=` of its
    /// `Content-Disposition`).
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The bytes, when they are in memory (not a stream).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes),
            Source::Stream(_) => None,
        }
    }

    /// The content type and the encoded body; `default` is the document's content type.
    pub fn encoded(&self, default: &'static str) -> (std::borrow::Cow<'static, str>, Encoded) {
        let content_type = match &self.content_type {
            Some(chosen) => std::borrow::Cow::Owned(chosen.clone()),
            None => std::borrow::Cow::Borrowed(default),
        };
        let encoded = match &self.source {
            Source::Bytes(bytes) => Encoded {
                bytes: bytes.clone(),
                secrets: Vec::new(),
                stream: None,
            },
            Source::Stream(stream) => Encoded {
                bytes: Vec::new(),
                secrets: Vec::new(),
                stream: Some(std::sync::Arc::clone(stream)),
            },
        };
        (content_type, encoded)
    }
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("Upload");
        match &self.source {
            Source::Bytes(bytes) => out.field("len", &bytes.len()),
            Source::Stream(_) => out.field("stream", &true),
        };
        out.field("content_type", &self.content_type)
            .field("file_name", &self.file_name)
            .finish()
    }
}

/// Equal when both hold the same bytes with the same content type and file name, or are the
/// same stream.
impl PartialEq for Upload {
    fn eq(&self, other: &Self) -> bool {
        let same_source = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::Stream(a), Source::Stream(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        };
        same_source && self.content_type == other.content_type && self.file_name == other.file_name
    }
}

/// Bytes are written as a string when they are UTF-8 text, else as a list of byte values; a
/// stream cannot be written and is an error.
impl serde::Serialize for Upload {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.source {
            Source::Bytes(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => serializer.serialize_str(text),
                Err(_) => serializer.serialize_bytes(bytes),
            },
            Source::Stream(_) => Err(serde::ser::Error::custom(
                "a streamed upload can only be sent, not serialized",
            )),
        }
    }
}

/// Read from a string (its bytes).
impl<'de> serde::Deserialize<'de> for Upload {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Upload::from)
    }
}

/// A type sent as a `multipart/form-data` body: it adds one part per property.
pub trait ToMultipart {
    /// Adds the parts of `self` to `form`.
    fn add_parts(&self, form: &mut Multipart) -> Result<(), Refused>;
}

/// A value of a multipart body that cannot be sent: the property, and why.
#[derive(Debug)]
pub struct Refused {
    /// The property.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// A `multipart/form-data` body being written.
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<u8>,
    boundary: String,
    secrets: Vec<String>,
    /// The content type the document gives each part, by property (its `encoding`).
    types: &'static [(&'static str, &'static str)],
}

impl Multipart {
    fn new(types: &'static [(&'static str, &'static str)]) -> Self {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        Multipart {
            parts: Vec::new(),
            boundary: format!("----boundary{nanos:x}{n:x}"),
            secrets: Vec::new(),
            types,
        }
    }

    /// The content type the document gives the part `name`.
    fn declared_type(&self, name: &str) -> Option<&'static str> {
        self.types.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    fn head(&mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>) {
        // Quotes and line breaks cannot be inside a quoted header parameter.
        let quoted = |text: &str| {
            text.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace(['\r', '\n'], " ")
        };
        self.parts
            .extend_from_slice(format!("--{}\r\n", self.boundary).as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quoted(name));
        if let Some(file_name) = file_name {
            disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        self.parts.extend_from_slice(disposition.as_bytes());
        self.parts.extend_from_slice(b"\r\n");
        if let Some(content_type) = content_type {
            self.parts
                .extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        self.parts.extend_from_slice(b"\r\n");
    }

    /// Adds a text part, with the content type the document gives it, if any.
    pub fn text(&mut self, name: &str, value: &str) {
        self.head(name, None, self.declared_type(name));
        self.parts.extend_from_slice(value.as_bytes());
        self.parts.extend_from_slice(b"\r\n");
    }

    /// Adds a text part whose value is a secret.
    pub fn secret(&mut self, name: &str, value: &super::secret::SecretString) {
        self.secrets.push(value.expose().to_string());
        self.text(name, value.expose());
    }

    /// Adds a part holding `value` as JSON (for a property that is neither text nor bytes).
    pub fn json<T: serde::Serialize>(&mut self, name: &str, value: &T) -> Result<(), Refused> {
        let (written, sent) = super::secret::collecting(|| serde_json::to_vec(value));
        let bytes = written.map_err(|e| Refused {
            name: name.to_string(),
            reason: format!("cannot be written as JSON: {e}"),
        })?;
        self.secrets.extend(sent);
        let content_type = self.declared_type(name).unwrap_or("application/json");
        self.head(name, None, Some(content_type));
        self.parts.extend_from_slice(&bytes);
        self.parts.extend_from_slice(b"\r\n");
        Ok(())
    }

    /// Adds a file part: the bytes of `upload`, with its file name (the part's name when it
    /// has none) and content type (else the one the document gives the part, else
    /// `application/octet-stream`).
    pub fn file(&mut self, name: &str, upload: &Upload) -> Result<(), Refused> {
        let Some(bytes) = upload.as_bytes() else {
            return Err(Refused {
                name: name.to_string(),
                reason: String::from(
                    "a part of a multipart body must be bytes in memory, not a stream",
                ),
            });
        };
        let file_name = upload.file_name.as_deref().unwrap_or(name);
        let content_type = upload
            .content_type
            .as_deref()
            .or(self.declared_type(name))
            .unwrap_or("application/octet-stream");
        if content_type.contains(['\r', '\n']) {
            return Err(Refused {
                name: name.to_string(),
                reason: String::from("its content type contains a line break"),
            });
        }
        self.head(name, Some(file_name), Some(content_type));
        self.parts.extend_from_slice(bytes);
        self.parts.extend_from_slice(b"\r\n");
        Ok(())
    }
}

/// Writes `value` as a `multipart/form-data` body: the content type (with its boundary) and
/// the bytes. `types` gives parts the content type the document's `encoding` says.
pub fn multipart<B, T: ToMultipart>(
    value: &T,
    types: &'static [(&'static str, &'static str)],
) -> Result<(std::borrow::Cow<'static, str>, Encoded), Error<B>> {
    let mut form = Multipart::new(types);
    value
        .add_parts(&mut form)
        .map_err(|refused| Error::invalid_input(refused.name, refused.reason))?;
    let Multipart {
        mut parts,
        boundary,
        secrets,
        ..
    } = form;
    parts.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    Ok((
        std::borrow::Cow::Owned(content_type),
        Encoded {
            bytes: parts,
            secrets,
            stream: None,
        },
    ))
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Upload::bytes(text)
    }
}

impl From<&'static str> for Upload {
    fn from(text: &'static str) -> Self {
        Upload::bytes(text)
    }
}

impl From<reqwest::Body> for Upload {
    fn from(body: reqwest::Body) -> Self {
        Upload::stream(body)
    }
}

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoded")
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// How the document's `encoding` says one property of a form body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `style: form`: with `explode`, a list repeats the name and an object's properties
    /// become pairs of their own; without, both are one comma-separated value.
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `style: spaceDelimited` without `explode`: a list as one value joined by spaces.
    Spaces,
    /// `style: pipeDelimited` without `explode`: a list as one value joined by `|`.
    Pipes,
    /// `style: deepObject`: nested values in brackets (`card[number]=...`, `tags[]=a`).
    Deep,
    /// `contentType: application/json`: the value as one JSON text.
    Json,
}

/// Serializes a request body as `application/x-www-form-urlencoded`. A property that
/// `styles` names is written as its [`FormStyle`] says; any other as `name=value`, a list of
/// scalars with the name repeated, and nested values in brackets (`address[city]=Oslo`,
/// `items[0][sku]=x`), as most servers read forms.
pub fn to_form<B, T: serde::Serialize>(
    value: &T,
    styles: &[(&str, FormStyle)],
) -> Result<Encoded, Error<B>> {
    let (written, secrets) = super::secret::collecting(|| serde_json::to_value(value));
    let refused = |reason: String| Error::invalid_input("body", reason);
    let json = written.map_err(|e| refused(format!("cannot be form-encoded: {e}")))?;
    let serde_json::Value::Object(map) = json else {
        return Err(refused(String::from(
            "cannot be form-encoded: only an object has names for its values",
        )));
    };
    let mut pairs = Vec::new();
    for (key, value) in map {
        let style = styles.iter().find(|(n, _)| *n == key).map(|(_, s)| *s);
        form_pair(key, value, style, &mut pairs);
    }
    let bytes = serde_urlencoded::to_string(&pairs)
        .map_err(|e| refused(format!("cannot be form-encoded: {e}")))?
        .into_bytes();
    Ok(Encoded {
        bytes,
        secrets,
        stream: None,
    })
}

/// The query pairs of an object parameter `name`: with `deep` (`style: deepObject`) each
/// property as `name[key]=value`; otherwise (`style: form`) each property as `key=value` with
/// `explode`, or all of them as `name=key,value,key,value` without. Nested values go in
/// brackets as in [`to_form`]. A scalar (the other alternative of a parameter that may be an
/// object or one value) is `name=value`. The secret values written are added to `secrets`.
pub fn query_object<B, T: serde::Serialize>(
    name: &'static str,
    value: &T,
    deep: bool,
    explode: bool,
    secrets: &mut Vec<String>,
) -> Result<super::send::Pairs<'static>, Error<B>> {
    let (written, sent) = super::secret::collecting(|| serde_json::to_value(value));
    secrets.extend(sent);
    let json = written.map_err(|e| {
        Error::invalid_input(name, format!("cannot be written as query parameters: {e}"))
    })?;
    let map = match json {
        serde_json::Value::Object(map) => map,
        // The scalar alternative of a parameter that may also be an object: one value.
        serde_json::Value::Null => return Ok(Vec::new()),
        scalar if is_scalar(&scalar) => {
            return Ok(vec![(
                std::borrow::Cow::Borrowed(name),
                std::borrow::Cow::Owned(scalar_text(&scalar)),
            )]);
        }
        _ => {
            return Err(Error::invalid_input(
                name,
                "cannot be written as query parameters: it is not an object",
            ));
        }
    };
    let mut pairs = Vec::new();
    if deep {
        for (key, value) in map {
            flatten(format!("{name}[{key}]"), value, &mut pairs);
        }
    } else if explode {
        for (key, value) in map {
            flatten(key, value, &mut pairs);
        }
    } else {
        let mut parts = Vec::new();
        for (key, value) in map {
            if !value.is_null() {
                parts.push(key);
                parts.push(scalar_text(&value));
            }
        }
        pairs.push((name.to_string(), parts.join(",")));
    }
    Ok(pairs
        .into_iter()
        .map(|(k, v)| (std::borrow::Cow::Owned(k), std::borrow::Cow::Owned(v)))
        .collect())
}

/// Adds the pairs of the form property `key`, written as `style` says (or as brackets when
/// the document says nothing).
fn form_pair(
    key: String,
    value: serde_json::Value,
    style: Option<FormStyle>,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    let joined = |items: &[Value], separator: &str| {
        items
            .iter()
            .filter(|v| !v.is_null())
            .map(scalar_text)
            .collect::<Vec<_>>()
            .join(separator)
    };
    match (style, value) {
        (_, Value::Null) => {}
        (Some(FormStyle::Json), value) => out.push((key, value.to_string())),
        (Some(FormStyle::Deep), value) => flatten(key, value, out),
        (Some(FormStyle::Form { explode: true }), Value::Object(map)) => {
            for (name, value) in map {
                flatten(name, value, out);
            }
        }
        (Some(FormStyle::Form { explode: false }), Value::Object(map)) => {
            let mut parts = Vec::new();
            for (name, value) in map {
                if !value.is_null() {
                    parts.push(name);
                    parts.push(scalar_text(&value));
                }
            }
            out.push((key, parts.join(",")));
        }
        (Some(style), Value::Array(items)) if items.iter().all(is_scalar) => {
            let separator = match style {
                FormStyle::Form { explode: false } => ",",
                FormStyle::Spaces => " ",
                FormStyle::Pipes => "|",
                _ => {
                    for item in items {
                        flatten(key.clone(), item, out);
                    }
                    return;
                }
            };
            if !items.is_empty() {
                out.push((key, joined(&items, separator)));
            }
        }
        (_, Value::Array(items)) if items.iter().all(is_scalar) => {
            for item in items {
                flatten(key.clone(), item, out);
            }
        }
        (_, value) => flatten(key, value, out),
    }
}

fn is_scalar(value: &serde_json::Value) -> bool {
    !matches!(
        value,
        serde_json::Value::Array(_) | serde_json::Value::Object(_)
    )
}

/// A scalar's text on the wire; anything else as compact JSON.
fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Adds `value` under `prefix`: a scalar as one pair, an object's properties as
/// `prefix[key]`, a list of scalars as `prefix[]` repeated, any other list by index
/// (`prefix[0]`); `null` adds nothing.
fn flatten(prefix: String, value: serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                flatten(format!("{prefix}[{key}]"), value, out);
            }
        }
        serde_json::Value::Array(items) if items.iter().all(is_scalar) => {
            for item in items {
                flatten(format!("{prefix}[]"), item, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                flatten(format!("{prefix}[{i}]"), item, out);
            }
        }
        scalar => out.push((prefix, scalar_text(&scalar))),
    }
}

/// Writes `value` (an object) with its `property` set to `tag`: the alternative of a
/// discriminated `oneOf` says which it is, whatever its own field holds.
///
/// # Errors
///
/// `value` cannot be written as JSON.
pub fn tagged<S: serde::Serializer, T: serde::Serialize>(
    serializer: S,
    value: &T,
    property: &str,
    tag: &str,
) -> Result<S::Ok, S::Error> {
    use serde::Serialize as _;
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.insert(
            property.to_string(),
            serde_json::Value::String(tag.to_string()),
        );
    }
    json.serialize(serializer)
}

/// Serializes a request body as JSON.
pub fn to_json<B, T: serde::Serialize>(value: &T) -> Result<Encoded, Error<B>> {
    let (written, secrets) = super::secret::collecting(|| serde_json::to_vec(value));
    let bytes = written
        .map_err(|e| Error::invalid_input("body", format!("cannot be written as JSON: {e}")))?;
    Ok(Encoded {
        bytes,
        secrets,
        stream: None,
    })
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
