//! Keeping secret values out of text: body snippets, error messages and the bodies errors keep.
//!
//! Two kinds of secret are removed. The values of the properties the API document marks as
//! secret are found by their keys, in JSON text that may be cut off, not quite JSON, or spell
//! the key with escapes. The values the client itself sent (credentials, secret inputs) are
//! found wherever they occur, in the forms a server may echo them in: as sent, JSON-escaped,
//! percent-encoded or HTML-escaped.

use super::limits::SNIPPET_LIMIT;

/// What replaces a secret value.
pub const REDACTED: &str = "<redacted>";

/// The start of a body, for error messages: at most `SNIPPET_LIMIT` characters, with the
/// values of the properties named in `keys` replaced by `<redacted>`.
pub fn snippet(body: &[u8], keys: &[&str]) -> String {
    Secrets::new(keys, Vec::new()).snippet(body)
}

/// `text` with the values of the properties named in `keys` replaced by `<redacted>`,
/// wherever else in `text` those values occur too.
pub fn redact(text: &str, keys: &[&str]) -> String {
    Secrets::new(keys, Vec::new()).text(text)
}

/// `message` with every value of a secret property found in `body` replaced by
/// `<redacted>`.
pub fn redact_values_of(message: &str, body: &str, keys: &[&str]) -> String {
    Secrets::new(keys, Vec::new()).message(message, body)
}

/// A JSON value in one line for a message: compact, the values of the properties named in
/// `keys` redacted, cut to `SNIPPET_LIMIT` characters.
pub fn describe_json(value: &serde_json::Value, keys: &[&str]) -> String {
    snippet(value.to_string().as_bytes(), keys)
}

/// One line of text for a message, from a value the server sent: line breaks and other
/// control characters become spaces, and it is cut to `SNIPPET_LIMIT` characters.
pub fn one_line(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match line.char_indices().nth(SNIPPET_LIMIT) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// A description from its leading values (joined by `: `) and its other `name=value` pairs
/// (joined by `, `, in parentheses after leading values).
pub fn join_description(lead: &[String], rest: &[String]) -> String {
    match (lead.is_empty(), rest.is_empty()) {
        (true, true) => String::from("(an error body with no readable fields)"),
        (false, true) => lead.join(": "),
        (true, false) => rest.join(", "),
        (false, false) => format!("{} ({})", lead.join(": "), rest.join(", ")),
    }
}

/// Shows the unknown properties a model keeps, with the values under the document's secret
/// keys (at any depth) redacted.
pub struct Unknown<'a, B> {
    extra: &'a serde_json::Map<String, serde_json::Value>,
    body: std::marker::PhantomData<B>,
}

impl<'a, B> Unknown<'a, B> {
    /// Shows `extra`.
    pub fn new(extra: &'a serde_json::Map<String, serde_json::Value>) -> Self {
        Unknown {
            extra,
            body: std::marker::PhantomData,
        }
    }
}

impl<B: super::error::DocumentedBody> std::fmt::Debug for Unknown<'_, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn hide(value: &serde_json::Value, keys: &[&str]) -> serde_json::Value {
            use serde_json::Value;
            match value {
                Value::Object(map) => Value::Object(
                    map.iter()
                        .map(|(k, v)| {
                            let shown = if keys.contains(&k.as_str()) && !v.is_null() {
                                Value::String(REDACTED.to_string())
                            } else {
                                hide(v, keys)
                            };
                            (k.clone(), shown)
                        })
                        .collect(),
                ),
                Value::Array(items) => Value::Array(items.iter().map(|v| hide(v, keys)).collect()),
                other => other.clone(),
            }
        }
        let shown = hide(
            &serde_json::Value::Object(self.extra.clone()),
            B::SECRET_FIELDS,
        );
        match shown {
            serde_json::Value::Object(map) => map.fmt(f),
            other => other.fmt(f),
        }
    }
}

/// The secrets of one exchange: the names of the secret properties, and the secret values
/// the client sent.
#[derive(Clone, Default)]
pub struct Secrets<'k> {
    keys: &'k [&'k str],
    /// Every form of every sent value, longest first, so that a value that contains another
    /// is replaced whole.
    forms: Vec<String>,
}

impl std::fmt::Debug for Secrets<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets")
            .field("keys", &self.keys)
            .field(
                "values",
                &format_args!("<{} forms, redacted>", self.forms.len()),
            )
            .finish()
    }
}

impl<'k> Secrets<'k> {
    /// The secrets named by `keys` and the `sent` values (those shorter than
    /// `SECRET_MIN_CHARS` are not searched for).
    pub fn new(keys: &'k [&'k str], sent: Vec<String>) -> Self {
        let mut forms = Vec::new();
        for value in sent
            .iter()
            .filter(|v| v.chars().count() >= super::limits::SECRET_MIN_CHARS)
        {
            forms.extend(echoed_forms(value));
        }
        forms.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        Secrets { keys, forms }
    }

    /// Whether there is nothing to remove.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.forms.is_empty()
    }

    /// `text` with the sent values removed (not the values of secret properties).
    fn without_sent(&self, text: &str) -> String {
        let mut text = text.to_string();
        for form in &self.forms {
            if text.contains(form.as_str()) {
                text = text.replace(form.as_str(), REDACTED);
            }
        }
        text
    }

    /// `text` with every secret removed: the values of secret properties (and those values
    /// wherever else they occur), and the sent values.
    pub fn text(&self, text: &str) -> String {
        let spans = secret_spans(text, self.keys);
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for span in &spans {
            if span.start < last {
                continue;
            }
            out.push_str(&text[last..span.start]);
            out.push_str(if span.quoted {
                REDACTED
            } else {
                "\"<redacted>\""
            });
            last = span.end;
        }
        out.push_str(&text[last..]);
        let out = replace_each(out, &found_values(text, &spans));
        self.without_sent(&out)
    }

    /// The start of `body` as text, every secret removed, cut to `SNIPPET_LIMIT`
    /// characters.
    pub fn snippet(&self, body: &[u8]) -> String {
        let text = self.text(&String::from_utf8_lossy(body));
        match text.char_indices().nth(SNIPPET_LIMIT) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        }
    }

    /// `message` (about `body`) with the sent values and the values of secret properties of
    /// `body` removed.
    pub fn message(&self, message: &str, body: &str) -> String {
        let spans = secret_spans(body, self.keys);
        let message = replace_each(message.to_string(), &found_values(body, &spans));
        self.without_sent(&message)
    }

    /// A received body with the sent values removed, for an error to keep. A JSON body is
    /// searched after its escapes are read, and written again only when something was
    /// removed; other bodies are searched as bytes. The values of secret properties stay:
    /// they are the server's data, and are redacted where the body is shown.
    pub fn body(&self, body: Vec<u8>) -> Vec<u8> {
        if self.forms.is_empty() {
            return body;
        }
        if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&body) {
            if self.scrub_json(&mut value) {
                if let Ok(written) = serde_json::to_vec(&value) {
                    return written;
                }
            }
            // Written as escapes only, a value may still be there as bytes.
        }
        let mut body = body;
        for form in &self.forms {
            body = replace_bytes(&body, form.as_bytes(), REDACTED.as_bytes());
        }
        body
    }

    /// Removes the sent values from every string (and key) of `value`; true if any was
    /// found.
    fn scrub_json(&self, value: &mut serde_json::Value) -> bool {
        use serde_json::Value;
        match value {
            Value::String(s) => {
                let scrubbed = self.without_sent(s);
                let changed = scrubbed != *s;
                *s = scrubbed;
                changed
            }
            Value::Array(items) => items
                .iter_mut()
                .fold(false, |changed, item| self.scrub_json(item) | changed),
            Value::Object(map) => {
                let mut changed = false;
                let entries = std::mem::take(map);
                for (key, mut item) in entries {
                    changed |= self.scrub_json(&mut item);
                    let scrubbed = self.without_sent(&key);
                    changed |= scrubbed != key;
                    map.insert(scrubbed, item);
                }
                changed
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => false,
        }
    }
}

/// The forms in which a server may send back a value it received.
fn echoed_forms(value: &str) -> Vec<String> {
    let mut forms = vec![value.to_string()];
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or_default();
    forms.push(json.to_string());
    forms.push(json.replace('/', "\\/"));
    forms.push(percent_encoded(value, false));
    forms.push(percent_encoded(value, true));
    forms.push(
        value
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;"),
    );
    forms.retain(|f| !f.is_empty());
    forms
}

/// Percent-encoding of every byte but ASCII letters, digits and `-._~`; in `form` style a
/// space is `+` and `*` stays as it is.
fn percent_encoded(value: &str, form: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else if form && byte == b' ' {
            out.push('+');
        } else if form && byte == b'*' {
            out.push('*');
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `haystack` with each occurrence of `needle` replaced by `with`.
fn replace_bytes(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// `text` with each of `values` (and its JSON-escaped form) replaced by `<redacted>`.
fn replace_each(mut text: String, values: &[String]) -> String {
    for value in values {
        for form in [value.clone(), json_escaped(value)] {
            if !form.is_empty() && text.contains(form.as_str()) {
                text = text.replace(form.as_str(), REDACTED);
            }
        }
    }
    text
}

fn json_escaped(value: &str) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    json.get(1..json.len().saturating_sub(1))
        .unwrap_or_default()
        .to_string()
}

/// Where a secret property's value is: a string's contents (`quoted`), or a whole value of
/// another kind (a number, an array, an object).
struct Span {
    start: usize,
    end: usize,
    quoted: bool,
}

/// The spans of the values of the properties named in `keys`, in JSON text that may be cut
/// off or not quite JSON, with keys matched after their escapes are read. `null`, `true` and
/// `false` are not secrets and are left alone.
fn secret_spans(text: &str, keys: &[&str]) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    if keys.is_empty() {
        return spans;
    }
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let close = string_end(bytes, i + 1);
        let after = (close + 1).min(bytes.len());
        let colon = skip_space(bytes, after);
        if bytes.get(colon) != Some(&b':')
            || !keys.contains(&unescape(&text[i + 1..close]).as_str())
        {
            i = after;
            continue;
        }
        let start = skip_space(bytes, colon + 1);
        match bytes.get(start) {
            None => break,
            Some(b'"') => {
                let end = string_end(bytes, start + 1);
                spans.push(Span {
                    start: start + 1,
                    end,
                    quoted: true,
                });
                i = (end + 1).min(bytes.len());
            }
            Some(_) => {
                let end = value_end(bytes, start);
                let literal = &text[start..end];
                if !matches!(literal, "null" | "true" | "false") && end > start {
                    spans.push(Span {
                        start,
                        end,
                        quoted: false,
                    });
                }
                i = end.max(start + 1);
            }
        }
    }
    spans
}

/// The secret values inside `spans` of `text`, read as strings: each quoted value, and each
/// string inside an array or object value.
fn found_values(text: &str, spans: &[Span]) -> Vec<String> {
    let mut values = Vec::new();
    for span in spans {
        let inner = &text[span.start..span.end];
        if span.quoted {
            values.push(unescape(inner));
            continue;
        }
        let bytes = inner.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'"' {
                let end = string_end(bytes, i + 1);
                values.push(unescape(&inner[i + 1..end]));
                i = end + 1;
            } else {
                i += 1;
            }
        }
    }
    values.retain(|v| !v.is_empty());
    values.sort_unstable_by_key(|v| std::cmp::Reverse(v.len()));
    values
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The index of the quote that ends the string whose contents start at `start`, or the end
/// of the text if it is cut off.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    let mut escaped = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if !escaped => return i,
            b'\\' => escaped = !escaped,
            _ => escaped = false,
        }
        i += 1;
    }
    bytes.len()
}

/// The end of the value (not a string) that starts at `start`: an array or object up to its
/// closing bracket, anything else up to the next delimiter.
fn value_end(bytes: &[u8], start: usize) -> usize {
    match bytes[start] {
        b'[' | b'{' => {
            let mut depth = 0usize;
            let mut i = start;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => i = string_end(bytes, i + 1),
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            bytes.len()
        }
        _ => {
            let mut i = start;
            while i < bytes.len()
                && !matches!(bytes[i], b',' | b'}' | b']' | b'"')
                && !bytes[i].is_ascii_whitespace()
            {
                i += 1;
            }
            i
        }
    }
}

/// The text of a JSON string's contents, escapes read; an escape that cannot be read is
/// kept as written.
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let mut code = hex4(&mut chars);
                if let Some(high @ 0xD800..=0xDBFF) = code {
                    let mut ahead = chars.clone();
                    if ahead.next() == Some('\\') && ahead.next() == Some('u') {
                        if let Some(low @ 0xDC00..=0xDFFF) = hex4(&mut ahead) {
                            code = Some(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
                            chars = ahead;
                        }
                    }
                }
                out.push(code.and_then(char::from_u32).unwrap_or('\u{fffd}'));
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn hex4(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<u32> {
    let mut code = 0;
    for _ in 0..4 {
        code = code * 16 + chars.peek()?.to_digit(16)?;
        chars.next();
    }
    Some(code)
}
