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
        hide_secret_keys(self.extra, B::SECRET_FIELDS).fmt(f)
    }
}

/// A copy of `map` with the values under `keys`, at any depth, replaced by `"<redacted>"`
/// (`null` stays `null`).
pub fn hide_secret_keys(
    map: &serde_json::Map<String, serde_json::Value>,
    keys: &[&str],
) -> serde_json::Map<String, serde_json::Value> {
    fn hide(value: &serde_json::Value, keys: &[&str]) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::Object(map) => Value::Object(hide_secret_keys(map, keys)),
            Value::Array(items) => Value::Array(items.iter().map(|v| hide(v, keys)).collect()),
            other => other.clone(),
        }
    }
    map.iter()
        .map(|(k, v)| {
            let shown = if keys.contains(&k.as_str()) && !v.is_null() {
                serde_json::Value::String(REDACTED.to_string())
            } else {
                hide(v, keys)
            };
            (k.clone(), shown)
        })
        .collect()
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

/// How much of a text is searched for secret properties when it is shown: a snippet or a
/// message never needs more, and the work stays bounded whatever a server sends.
const SCAN_LIMIT: usize = super::limits::ERROR_BODY_LIMIT;

/// The most values of secret properties taken from one text.
const MAX_FOUND: usize = 64;

impl<'k> Secrets<'k> {
    /// The secrets named by `keys` and the `sent` values (those shorter than
    /// `SECRET_MIN_CHARS` are not searched for).
    pub fn new(keys: &'k [&'k str], sent: Vec<String>) -> Self {
        let mut forms = Vec::new();
        for value in sent.iter().filter(|v| long_enough(v)) {
            forms.extend(echoed_forms(value));
        }
        sort_longest_first(&mut forms);
        Secrets { keys, forms }
    }

    /// The values to replace in text shown about `source`: the sent values, and the values of
    /// secret properties found in `source`.
    fn needles(&self, source: &str) -> Vec<String> {
        let mut needles = self.forms.clone();
        for value in found_values(source, self.keys, 2) {
            let escaped = json_escaped(&value);
            needles.push(value);
            needles.push(escaped);
        }
        needles.retain(|n| long_enough(n));
        sort_longest_first(&mut needles);
        needles
    }

    /// `text` with every secret removed: the values of secret properties (and those values
    /// wherever else they occur), and the sent values.
    pub fn text(&self, text: &str) -> String {
        let text = cut(text, SCAN_LIMIT);
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
        replace_all(&out, &self.needles(text))
    }

    /// The start of `body` as text, every secret removed, cut to `SNIPPET_LIMIT` characters,
    /// control characters written as escapes so that the text stays on one line.
    pub fn snippet(&self, body: &[u8]) -> String {
        let text = self.text(&String::from_utf8_lossy(cut_bytes(body, SCAN_LIMIT)));
        let cut = match text.char_indices().nth(SNIPPET_LIMIT) {
            Some((at, _)) => format!("{}…", &text[..at]),
            None => text,
        };
        escape_controls(&cut)
    }

    /// `message` (about `body`) with the sent values and the values of secret properties of
    /// `body` removed.
    pub fn message(&self, message: &str, body: &str) -> String {
        replace_all(message, &self.needles(cut(body, SCAN_LIMIT)))
    }

    /// A header value the server sent, for an error to keep: the sent values removed, control
    /// characters written as escapes.
    pub fn header(&self, value: &str) -> String {
        escape_controls(&replace_all(value, &self.forms))
    }

    /// A response's headers with the sent values removed from theirs, for an error to keep.
    /// A value that is not text is kept only if no sent value is set (nothing to search).
    pub fn headers(&self, headers: reqwest::header::HeaderMap) -> reqwest::header::HeaderMap {
        if self.forms.is_empty() {
            return headers;
        }
        let mut kept = reqwest::header::HeaderMap::with_capacity(headers.len());
        let mut name = None;
        for (key, value) in headers {
            // The map gives a name once, before the first of its values.
            if key.is_some() {
                name = key;
            }
            let Some(name) = &name else { continue };
            let Ok(text) = value.to_str() else { continue };
            let cleaned = replace_all(text, &self.forms);
            if cleaned == text {
                kept.append(name, value);
            } else if let Ok(value) = reqwest::header::HeaderValue::from_str(&cleaned) {
                kept.append(name, value);
            }
        }
        kept
    }

    /// A received body with the sent values removed, for an error to keep; it is otherwise
    /// kept as received. `truncated` says the body was cut, so that a value cut in two at
    /// the end is removed too. A JSON body in which a value is found only once its escapes
    /// are read is written again. The values of secret properties stay: they are the
    /// server's data, and are redacted where the body is shown.
    pub fn body(&self, body: Vec<u8>, truncated: bool) -> Vec<u8> {
        if self.forms.is_empty() {
            return body;
        }
        let mut body = replace_all_bytes(&body, &self.forms);
        if truncated {
            body = self.without_cut_tail(body);
        }
        if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&body) {
            if self.scrub_json(&mut value) {
                if let Ok(written) = serde_json::to_vec(&value) {
                    return written;
                }
            }
        }
        body
    }

    /// `body` without a start of a sent value at its very end.
    fn without_cut_tail(&self, mut body: Vec<u8>) -> Vec<u8> {
        let min = super::limits::SECRET_MIN_CHARS;
        for form in &self.forms {
            let form = form.as_bytes();
            for len in (min.min(form.len())..form.len()).rev() {
                if body.ends_with(&form[..len]) {
                    body.truncate(body.len() - len);
                    body.extend_from_slice(REDACTED.as_bytes());
                    return body;
                }
            }
        }
        body
    }

    /// Removes the sent values from every string (and key) of `value`; true if any was
    /// found.
    fn scrub_json(&self, value: &mut serde_json::Value) -> bool {
        use serde_json::Value;
        match value {
            Value::String(s) => {
                let scrubbed = replace_all(s, &self.forms);
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
                    let scrubbed = replace_all(&key, &self.forms);
                    changed |= scrubbed != key;
                    map.insert(scrubbed, item);
                }
                changed
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => false,
        }
    }
}

fn long_enough(value: &str) -> bool {
    value.chars().count() >= super::limits::SECRET_MIN_CHARS
}

fn sort_longest_first(list: &mut Vec<String>) {
    list.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    list.dedup();
}

/// At most `limit` bytes of `text`, cut at a character boundary.
fn cut(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut at = limit;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    &text[..at]
}

fn cut_bytes(bytes: &[u8], limit: usize) -> &[u8] {
    &bytes[..bytes.len().min(limit)]
}

/// Control characters written as escapes (`\n`, `\u{1b}`).
fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with each occurrence of any of `needles` (longest first) replaced by
/// `<redacted>`, in one pass: what has been replaced is never searched again, and a
/// `<redacted>` already in the text is left whole.
fn replace_all(text: &str, needles: &[String]) -> String {
    if needles.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix(REDACTED) {
            out.push_str(REDACTED);
            rest = after;
            continue;
        }
        for needle in needles {
            if let Some(after) = rest.strip_prefix(needle.as_str()) {
                out.push_str(REDACTED);
                rest = after;
                continue 'outer;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `replace_all` over bytes that may not be text.
fn replace_all_bytes(bytes: &[u8], needles: &[String]) -> Vec<u8> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return replace_all(text, needles).into_bytes();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    'outer: while i < bytes.len() {
        for needle in needles {
            if bytes[i..].starts_with(needle.as_bytes()) {
                out.extend_from_slice(REDACTED.as_bytes());
                i += needle.len();
                continue 'outer;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// The forms in which a server may send back a value it received.
fn echoed_forms(value: &str) -> Vec<String> {
    let mut forms = vec![value.to_string()];
    let json = json_escaped(value);
    forms.push(json.replace('/', "\\/"));
    // Escapes some encoders add for HTML safety.
    forms.push(
        json.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace('\'', "\\u0027"),
    );
    forms.push(json);
    for (form, lower) in [(false, false), (true, false), (false, true), (true, true)] {
        forms.push(super::encode::percent(value, form, lower));
    }
    forms.push(
        value
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;"),
    );
    // Every character that is not a letter or a digit as a numeric entity.
    let numeric: String = value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("&#{};", u32::from(c))
            }
        })
        .collect();
    forms.push(numeric);
    forms.retain(|f| !f.is_empty());
    forms
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

/// The values of the secret properties named in `keys` found in `text`, read as strings:
/// each string value, each string inside an array or object value, each number; and, down
/// to `depth` levels, those inside JSON text held in a string (`"{\\"clientSecret\\":..}"`).
/// At most `MAX_FOUND`, each at least `SECRET_MIN_CHARS` long.
fn found_values(text: &str, keys: &[&str], depth: usize) -> Vec<String> {
    let mut values = Vec::new();
    if keys.is_empty() {
        return values;
    }
    let spans = secret_spans(text, keys);
    for span in &spans {
        let inner = &text[span.start..span.end];
        if span.quoted {
            values.push(unescape(inner));
            continue;
        }
        let bytes = inner.as_bytes();
        if !matches!(bytes.first(), Some(b'[' | b'{')) {
            values.push(inner.to_string());
            continue;
        }
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
    if depth > 0 {
        // JSON written into a string: look inside the strings that mention a key.
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() && values.len() < MAX_FOUND {
            if bytes[i] != b'"' {
                i += 1;
                continue;
            }
            let end = string_end(bytes, i + 1);
            let raw = &text[i + 1..end];
            if raw.contains('\\') && keys.iter().any(|k| raw.contains(k)) {
                values.extend(found_values(&unescape(raw), keys, depth - 1));
            }
            i = end + 1;
        }
    }
    values.retain(|v| long_enough(v));
    values.truncate(MAX_FOUND);
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
