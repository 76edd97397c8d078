//! Sending requests and reading responses; shared by every operation.
#![allow(dead_code, reason = "an API document need not use every helper")]

use crate::error::{Error, ErrorBody};
use crate::retry::RetryPolicy;
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use std::time::Duration;

/// The most bytes of an error body that are kept; the rest is not read.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The most characters of a body quoted in a decode error.
pub(crate) const SNIPPET_LIMIT: usize = 256;

/// What every request needs and every clone of a `Client` shares.
pub(crate) struct Core {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    /// One entry per security scheme of the document, `None` where nothing was configured.
    pub(crate) credentials: Vec<Option<Credential>>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) retry: RetryPolicy,
    /// Whether `http` was built here, with the connect-timeout layer that reads per-call values.
    pub(crate) own_http: bool,
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field(
                "credentials",
                &format_args!("<{} set, redacted>", self.credentials.iter().filter(|c| c.is_some()).count()),
            )
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// Settings a single call may override.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
}

/// One request, with its path already encoded.
pub(crate) struct Request {
    pub(crate) method: reqwest::Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<(&'static str, Vec<u8>)>,
    /// Whether sending it twice has the same effect as sending it once.
    pub(crate) idempotent: bool,
    /// The accepted sets of credentials (indexes into `Core::credentials`); empty when the
    /// operation takes none.
    pub(crate) security: &'static [&'static [usize]],
    /// The builder methods that set each credential, for messages.
    pub(crate) scheme_setters: &'static [&'static str],
}

/// A credential, ready to be sent.
#[derive(Clone)]
pub(crate) enum Credential {
    /// A header whose value is marked sensitive.
    Header(reqwest::header::HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, crate::SecretString),
}

impl Credential {
    pub(crate) fn bearer(setter: &str, token: &str) -> Result<Self, Error> {
        Self::header(setter, "authorization", &format!("Bearer {token}"))
    }

    pub(crate) fn basic(setter: &str, username: &str, password: &str) -> Result<Self, Error> {
        Self::header(setter, "authorization", &format!("Basic {}", base64(format!("{username}:{password}").as_bytes())))
    }

    pub(crate) fn header(setter: &str, name: &'static str, value: &str) -> Result<Self, Error> {
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_input(
                setter,
                "contains characters that an HTTP header cannot carry (control characters or line breaks)",
            )
        })?;
        value.set_sensitive(true);
        Ok(Credential::Header(reqwest::header::HeaderName::from_static(name), value))
    }
}

/// Standard base64 with padding, for basic authentication.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
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

/// Statuses that signal a passing condition, for which an idempotent request is retried.
const RETRY_STATUSES: [u16; 5] = [408, 429, 502, 503, 504];

tokio::task_local! {
    /// The connect timeout of the call being made, read by `ConnectTimeout`.
    static CALL_CONNECT_TIMEOUT: Option<Duration>;
}

impl Core {
    /// Sends `request`, retrying as the retry policy allows, and returns the last response,
    /// whatever its status.
    pub(crate) async fn execute(&self, request: Request, options: &CallOptions) -> Result<reqwest::Response, Error> {
        if options.connect_timeout.is_some() && !self.own_http {
            return Err(Error::invalid_input(
                "connect_timeout",
                "cannot be set per call on a client built with `http_client`; set it on that reqwest client",
            ));
        }
        // The first accepted set of credentials that is fully configured; none needed when the
        // operation declares no security or accepts an empty set.
        let configured = |set: &&&[usize]| set.iter().all(|&i| self.credentials.get(i).is_some_and(Option::is_some));
        let chosen: &[usize] = if request.security.is_empty() {
            &[]
        } else {
            match request.security.iter().find(configured) {
                Some(set) => set,
                None => {
                    let wanted: Vec<String> = request.security[0]
                        .iter()
                        .map(|&i| format!("`ClientBuilder::{}`", request.scheme_setters.get(i).copied().unwrap_or("?")))
                        .collect();
                    return Err(Error::invalid_input(
                        "credentials",
                        format!("this operation needs credentials; set {}", wanted.join(" and ")),
                    ));
                }
            }
        };
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base_url, request.path))
            .map_err(|e| Error::invalid_input("path", format!("does not form a valid URL: {e}")))?;
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let mut secret_query = Vec::new();
        for &i in chosen {
            match self.credentials.get(i).and_then(Option::as_ref) {
                Some(Credential::Header(name, value)) => {
                    headers.insert(name.clone(), value.clone());
                }
                Some(Credential::Query(name, value)) => secret_query.push((*name, value.expose())),
                None => {}
            }
        }
        if !request.query.is_empty() || !secret_query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
            for (name, value) in secret_query {
                pairs.append_pair(name, value);
            }
        }
        for (name, value) in &request.headers {
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::invalid_input(*name, "contains characters that an HTTP header cannot carry"))?;
            headers.insert(*name, value);
        }
        if let Some((content_type, _)) = &request.body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        let policy = options.retry.as_ref().unwrap_or(&self.retry);
        let timeout = options.timeout.or(self.timeout);
        let started = std::time::Instant::now();
        let mut attempt: u32 = 1;
        loop {
            let mut builder = self.http.request(request.method.clone(), url.clone()).headers(headers.clone());
            if let Some((_, body)) = &request.body {
                builder = builder.body(body.clone());
            }
            if let Some(timeout) = timeout {
                builder = builder.timeout(timeout);
            }
            let outcome = CALL_CONNECT_TIMEOUT.scope(options.connect_timeout, builder.send()).await;
            let wait = match &outcome {
                Ok(response) => {
                    let status = response.status().as_u16();
                    if !request.idempotent || !RETRY_STATUSES.contains(&status) {
                        return outcome.map_err(Error::transport);
                    }
                    match retry_after(response) {
                        Some(asked) if asked > policy.max_retry_after => return outcome.map_err(Error::transport),
                        Some(asked) => asked,
                        None => policy.backoff(attempt),
                    }
                }
                Err(e) => {
                    // A failed connection means nothing was sent, so any operation may be sent
                    // again; after that, only an idempotent one, and only after a timeout.
                    let safe = e.is_connect() || (request.idempotent && e.is_timeout());
                    if !safe {
                        return outcome.map_err(Error::transport);
                    }
                    policy.backoff(attempt)
                }
            };
            if attempt >= policy.max_attempts || started.elapsed() + wait > policy.max_elapsed {
                return outcome.map_err(Error::transport);
            }
            drop(outcome);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }
}

/// The wait a `Retry-After` header asks for, when it is a number of seconds.
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response.headers().get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// A connector layer that bounds the time to connect, with the calling request's own value
/// when it set one and the client's otherwise.
#[derive(Debug, Clone)]
pub(crate) struct ConnectTimeoutLayer {
    pub(crate) default: Option<Duration>,
}

impl<S> tower_layer::Layer<S> for ConnectTimeoutLayer {
    type Service = ConnectTimeout<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ConnectTimeout { inner, default: self.default }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ConnectTimeout<S> {
    inner: S,
    default: Option<Duration>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl<S, R> tower_service::Service<R> for ConnectTimeout<S>
where
    S: tower_service::Service<R, Error = BoxError>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, target: R) -> Self::Future {
        // A connection started for a pooled request that then finished elsewhere runs outside
        // the calling task and gets the client's value.
        let limit = CALL_CONNECT_TIMEOUT.try_with(|t| *t).ok().flatten().or(self.default);
        let connecting = self.inner.call(target);
        Box::pin(async move {
            match limit {
                None => connecting.await,
                Some(limit) => match tokio::time::timeout(limit, connecting).await {
                    Ok(result) => result,
                    Err(_) => Err(Box::new(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        format!("no connection within {limit:?}"),
                    )) as BoxError),
                },
            }
        })
    }
}

/// Percent-encodes `value` as one path segment: every byte but ASCII letters, digits and
/// `-._~` is encoded, so no value can add a segment, a query or a fragment to the path.
pub(crate) fn path_segment(name: &'static str, value: &str) -> Result<String, Error> {
    if value.is_empty() {
        return Err(Error::invalid_input(name, "must not be empty (it is a segment of the request path)"));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid_input(name, "must not be `.` or `..` (it is a segment of the request path)"));
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

/// Checks a string against the length and pattern rules the API document sets for it. The
/// message names the rule, never the value, since the value may be a secret.
pub(crate) fn check_string(
    name: &str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
    allowed: Option<(&[(char, char)], &str)>,
) -> Result<(), Error> {
    let count = value.chars().count();
    if let Some(min) = min {
        if count < min {
            let plural = if min == 1 { "" } else { "s" };
            return Err(Error::invalid_input(name, format!("must be at least {min} character{plural} long; it has {count}")));
        }
    }
    if let Some(max) = max {
        if count > max {
            return Err(Error::invalid_input(name, format!("must be at most {max} characters long; it has {count}")));
        }
    }
    if let Some((ranges, pattern)) = allowed {
        if !value.chars().all(|c| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)) {
            return Err(Error::invalid_input(name, format!("must match the pattern `{pattern}`")));
        }
    }
    Ok(())
}

/// Serializes a request body as `application/x-www-form-urlencoded`.
pub(crate) fn to_form<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    serde_urlencoded::to_string(value)
        .map(String::into_bytes)
        .map_err(|e| Error::invalid_input("body", format!("cannot be form-encoded (nested values cannot): {e}")))
}

/// Serializes a request body as JSON.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| Error::invalid_input("body", format!("cannot be written as JSON: {e}")))
}

/// Decodes the documented error body of a response, given its status; `None` when the
/// status has no documented body or the body does not fit it.
pub(crate) type ErrorDecoder = fn(u16, &[u8]) -> Option<ErrorBody>;

/// Reads a successful JSON response into `T`, or turns any other response into an error.
pub(crate) async fn json<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    decode_error: ErrorDecoder,
) -> Result<T, Error> {
    let response = check_status(response, decode_error).await?;
    let status = response.status().as_u16();
    let content_type = content_type(&response);
    if let Some(content_type) = &content_type {
        if !is_json(content_type) {
            let (body, truncated) = read_bounded(response, ERROR_BODY_LIMIT).await?;
            return Err(Error::Api { status, content_type: Some(content_type.clone()), body, truncated });
        }
    }
    let body = response.bytes().await.map_err(Error::transport)?;
    decode(status, &body)
}

/// Accepts a successful response without a body, or turns any other response into an error.
pub(crate) async fn empty(response: reqwest::Response, decode_error: ErrorDecoder) -> Result<(), Error> {
    check_status(response, decode_error).await.map(drop)
}

/// Reads a successful text response, or turns any other response into an error.
pub(crate) async fn text(response: reqwest::Response, decode_error: ErrorDecoder) -> Result<String, Error> {
    let response = check_status(response, decode_error).await?;
    response.text().await.map_err(Error::transport)
}

/// Reads a successful response's body as bytes, or turns any other response into an error.
pub(crate) async fn bytes(response: reqwest::Response, decode_error: ErrorDecoder) -> Result<Vec<u8>, Error> {
    let response = check_status(response, decode_error).await?;
    response.bytes().await.map(|b| b.to_vec()).map_err(Error::transport)
}

/// The error for a response whose status the operation does not document as a success.
pub(crate) async fn unexpected(response: reqwest::Response, decode_error: ErrorDecoder) -> Error {
    let response = match check_status(response, decode_error).await {
        Ok(response) => response,
        Err(e) => return e,
    };
    let status = response.status().as_u16();
    let content_type = content_type(&response);
    match read_bounded(response, ERROR_BODY_LIMIT).await {
        Ok((body, truncated)) => Error::Api { status, content_type, body, truncated },
        Err(e) => e,
    }
}

/// Decodes `body`, naming the field path that failed if it does not fit `T`.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        decode_error(status, path, &e.into_inner(), body)
    })?;
    deserializer.end().map_err(|e| decode_error(status, String::from("."), &e, body))?;
    Ok(value)
}

fn decode_error(status: u16, path: String, e: &serde_json::Error, body: &[u8]) -> Error {
    // serde quotes the values it rejects; a secret must not reach the message that way.
    let message = redact_values_of(&e.to_string(), &String::from_utf8_lossy(body));
    Error::Decode { status, path, message, snippet: snippet(body) }
}

async fn check_status(response: reqwest::Response, decode_error: ErrorDecoder) -> Result<reqwest::Response, Error> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let status = status.as_u16();
    let content_type = content_type(&response);
    let (body, truncated) = read_bounded(response, ERROR_BODY_LIMIT).await?;
    if content_type.as_deref().is_some_and(is_json) && !truncated {
        if let Some(parsed) = decode_error(status, &body) {
            return Err(Error::Service { status, body: Box::new(parsed) });
        }
    }
    Err(Error::Api { status, content_type, body, truncated })
}

/// Reads at most `limit` bytes of the body; says whether more was left unread.
async fn read_bounded(mut response: reqwest::Response, limit: usize) -> Result<(Vec<u8>, bool), Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::transport)? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

fn content_type(response: &reqwest::Response) -> Option<String> {
    response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The start of a body, for error messages: at most `SNIPPET_LIMIT` characters, with the
/// values of secret properties replaced by `<redacted>`.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = redact(&String::from_utf8_lossy(body));
    match text.char_indices().nth(SNIPPET_LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Byte ranges of the string values of secret properties (`SECRET_FIELDS`) in JSON text.
/// Works on text that is cut off or not quite JSON, since error bodies may be either.
fn secret_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let skip_space = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut spans = Vec::new();
    for key in SECRET_FIELDS {
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

/// `text` with the values of secret properties replaced by `<redacted>`, wherever else in
/// `text` those values occur too.
pub(crate) fn redact(text: &str) -> String {
    let spans = secret_spans(text);
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
    redact_values_of(&out, text)
}

/// `message` with every secret value that occurs in `body` replaced by `<redacted>`.
fn redact_values_of(message: &str, body: &str) -> String {
    let mut message = message.to_string();
    for (start, end) in secret_spans(body) {
        if end > start {
            message = message.replace(&body[start..end], "<redacted>");
        }
    }
    message
}
