//! Keeping secret values out of text: body snippets and error messages.

use super::limits::SNIPPET_LIMIT;

/// The start of a body, for error messages: at most
/// `SNIPPET_LIMIT` characters, with the values of the
/// properties named in `secrets` replaced by `<redacted>`.
pub fn snippet(body: &[u8], secrets: &[&str]) -> String {
    let text = redact(&String::from_utf8_lossy(body), secrets);
    match text.char_indices().nth(SNIPPET_LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Byte ranges of the string values of the properties named in `secrets`, in JSON text.
/// Works on text that is cut off or not quite JSON, since error bodies may be either.
fn secret_spans(text: &str, secrets: &[&str]) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let skip_space = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut spans = Vec::new();
    for key in secrets {
        let needle = format!("\"{key}\"");
        let mut from = 0;
        while let Some(found) = text[from..].find(&needle) {
            from += found + needle.len();
            let colon = skip_space(from);
            if bytes.get(colon) != Some(&b':') {
                continue;
            }
            let quote = skip_space(colon + 1);
            if bytes.get(quote) != Some(&b'"') {
                continue;
            }
            let start = quote + 1;
            let mut end = start;
            let mut escaped = false;
            while end < bytes.len() && (escaped || bytes[end] != b'"') {
                escaped = !escaped && bytes[end] == b'\\';
                end += 1;
            }
            spans.push((start, end));
            from = end;
        }
    }
    spans.sort_unstable();
    spans
}

/// `text` with the values of the properties named in `secrets` replaced by `<redacted>`,
/// wherever else in `text` those values occur too.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let spans = secret_spans(text, secrets);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for &(start, end) in &spans {
        if start < last {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str("<redacted>");
        last = end;
    }
    out.push_str(&text[last..]);
    redact_values_of(&out, text, secrets)
}

/// `message` with every value of a secret property found in `body` replaced by
/// `<redacted>`.
pub fn redact_values_of(message: &str, body: &str, secrets: &[&str]) -> String {
    let mut message = message.to_string();
    for (start, end) in secret_spans(body, secrets) {
        if end > start {
            message = message.replace(&body[start..end], "<redacted>");
        }
    }
    message
}
