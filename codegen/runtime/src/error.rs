//! The one error type of a generated crate, generic over the documented error body.

use super::redact;
use reqwest::header::HeaderMap;
use std::fmt;

/// What the runtime needs to know about a generated crate's documented error body.
///
/// The generator implements it for the crate's `ErrorBody`, so the runtime can decode error
/// bodies and keep the document's secret values out of every message.
pub trait DocumentedBody: fmt::Debug + Send + Sync + 'static {
    /// Wire names of the properties the API document marks as secret (`format: password`).
    const SECRET_FIELDS: &'static [&'static str];

    /// The body in one line, for `Display`: its documented fields first (such as a code and
    /// a message), never a secret value.
    fn describe(&self) -> String;
}

/// Why a call failed.
///
/// Match on the variant to act on the cause, or use the methods for the common questions:
/// [`Error::status`] (the HTTP status, if a response arrived) and [`Error::is_retryable`]
/// (whether the same request may succeed later).
///
/// `B` is the type of the API's documented error bodies, and is that type unless named.
#[non_exhaustive]
pub enum Error<B = super::DefaultErrorBody> {
    /// The server answered with an error status that the API documents, and with the
    /// documented error body.
    #[non_exhaustive]
    Service {
        /// The HTTP status code.
        status: u16,
        /// The error body, as documented.
        body: Box<B>,
        /// The response's headers, with the secret values the request sent replaced by
        /// `<redacted>` wherever the server echoed them.
        headers: Box<HeaderMap>,
    },
    /// The server answered with a status or a body that the API does not document: for
    /// example an error page from a proxy, or an error status whose body is not the documented
    /// JSON.
    #[non_exhaustive]
    Api {
        /// The HTTP status code.
        status: u16,
        /// The `Content-Type` of the response, if it had one (sent secret values replaced,
        /// control characters escaped).
        content_type: Option<String>,
        /// The body as received, up to
        /// [`ERROR_BODY_LIMIT`](crate::limits::ERROR_BODY_LIMIT) bytes, except that the
        /// credentials and secret values the request sent are replaced by `<redacted>`
        /// wherever the server echoed them. `Debug` and `Display` show only its start, with
        /// the values of secret properties redacted too.
        body: Vec<u8>,
        /// Whether the body was longer than the limit and cut.
        truncated: bool,
        /// The response's headers, with the secret values the request sent replaced by
        /// `<redacted>` wherever the server echoed them.
        headers: Box<HeaderMap>,
    },
    /// No complete response arrived: connecting failed, the request timed out, or the
    /// connection broke while the response was read.
    #[non_exhaustive]
    Transport {
        /// Which stage failed.
        kind: TransportKind,
        /// What happened, in a sentence: the host and port, the time limit that passed, or
        /// the cause the operating system or the TLS library gave.
        message: String,
        /// The underlying error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A successful response arrived, but its body does not have the documented shape.
    #[non_exhaustive]
    Decode {
        /// The HTTP status code.
        status: u16,
        /// Where in the body decoding failed, as a path such as `clients[0].clientId`.
        path: String,
        /// What was wrong there.
        message: String,
        /// The start of the body, for diagnosis, with secret values redacted.
        snippet: String,
        /// The response's headers, with the secret values the request sent replaced by
        /// `<redacted>` wherever the server echoed them.
        headers: Box<HeaderMap>,
    },
    /// An input was refused before anything was sent.
    #[non_exhaustive]
    InvalidInput {
        /// The argument, setter or builder option that was refused.
        name: String,
        /// Why.
        reason: String,
    },
}

/// The stage at which an `Error::Transport` failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be made (refused, unreachable, or not within the connect
    /// timeout); the request was not sent.
    Connect,
    /// The TLS handshake failed: the server's certificate is not trusted or names another
    /// host, or the two sides agreed on no protocol (such as a server that does not speak
    /// TLS). The request was not sent, and it is not retried: sending again would fail the
    /// same way.
    Tls,
    /// The configured timeout passed before the response was complete.
    Timeout,
    /// The connection broke while the response body was being read.
    Body,
    /// The response body was larger than the client's limit, which
    /// `ClientBuilder::max_response_body` sets; the rest of it was not read.
    TooLarge,
    /// Anything else, such as a protocol error.
    Other,
}

impl<B> Error<B> {
    /// The HTTP status code, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service { status, .. }
            | Error::Api { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::Transport { .. } | Error::InvalidInput { .. } => None,
        }
    }

    /// The response's headers, when a response arrived (request IDs, rate limits,
    /// `Retry-After`), with the secret values the request sent replaced by `<redacted>`
    /// wherever the server echoed them.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Service { headers, .. }
            | Error::Api { headers, .. }
            | Error::Decode { headers, .. } => Some(headers),
            Error::Transport { .. } | Error::InvalidInput { .. } => None,
        }
    }

    /// The variant's name in lower case (`service`, `api`, `transport`, `decode`,
    /// `invalid_input`), for logs and metrics.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Error::Service { .. } => "service",
            Error::Api { .. } => "api",
            Error::Transport { .. } => "transport",
            Error::Decode { .. } => "decode",
            Error::InvalidInput { .. } => "invalid_input",
        }
    }

    /// The documented error body, when the server sent one.
    pub fn error_body(&self) -> Option<&B> {
        match self {
            Error::Service { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed: true for connection failures,
    /// timeouts, and the statuses that signal a passing condition
    /// ([`RETRY_STATUSES`](crate::limits::RETRY_STATUSES)). Whether a retry is safe is a
    /// separate question: an operation that is not idempotent may already have taken
    /// effect. The client's [`RetryPolicy`](crate::RetryPolicy) has already retried what was
    /// safe to retry before this error was returned.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { kind, .. } => {
                matches!(kind, TransportKind::Connect | TransportKind::Timeout)
            }
            Error::Service { status, .. } | Error::Api { status, .. } => {
                super::limits::RETRY_STATUSES.contains(status)
            }
            Error::Decode { .. } | Error::InvalidInput { .. } => false,
        }
    }

    pub(crate) fn invalid_input(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            name: name.into(),
            reason: reason.into(),
        }
    }

    /// The error for a failed attempt, given the attempt's timeout (for the message).
    pub(crate) fn transport(e: reqwest::Error, timeout: Option<std::time::Duration>) -> Self {
        Self::transport_with(e, timeout, None)
    }

    /// The error for a failed attempt, given its timeout and connect timeout (for the
    /// message).
    pub(crate) fn transport_with(
        e: reqwest::Error,
        timeout: Option<std::time::Duration>,
        connect: Option<std::time::Duration>,
    ) -> Self {
        let kind = transport_kind(&e);
        let server = server_name(e.url());
        let timed_out = e.is_timeout();
        // The URL may carry an API key in its query; errors never show it.
        let e = e.without_url();
        let cause = root_cause(&e);
        let message = match kind {
            TransportKind::Tls => {
                format!("the TLS handshake with {server} failed: {cause}")
            }
            TransportKind::Connect if cause.starts_with(CONNECT_TIMED_OUT) => cause.replacen(
                CONNECT_TIMED_OUT,
                &format!("no connection to {server} within"),
                1,
            ),
            // reqwest's own connect timeout, which the client's main pool uses.
            TransportKind::Connect if timed_out => match connect {
                Some(limit) => format!("no connection to {server} within {}", duration(limit)),
                None => format!("no connection to {server} in time"),
            },
            TransportKind::Connect => format!("could not connect to {server}: {cause}"),
            TransportKind::Timeout => match timeout {
                Some(limit) => format!(
                    "no complete response from {server} within {}",
                    duration(limit)
                ),
                None => format!("no complete response from {server} in time"),
            },
            TransportKind::Body => {
                format!("the connection to {server} broke while the response was read: {cause}")
            }
            TransportKind::TooLarge | TransportKind::Other => {
                format!("the request to {server} failed: {cause}")
            }
        };
        Error::Transport {
            kind,
            message,
            source: Box::new(e),
        }
    }
}

/// How the connect-timeout layer words its error, so that it can be told from others.
pub(crate) const CONNECT_TIMED_OUT: &str = "no connection within";

/// The text of the innermost error of `e`'s source chain: the cause the operating system or
/// the TLS library gave, not the wrappers' "error sending request".
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut innermost = e;
    while let Some(next) = innermost.source() {
        innermost = next;
    }
    innermost.to_string()
}

/// Whether a failure to connect happened in the TLS handshake: the chain says so, or the URL
/// is `https` and the failure is neither the operating system's (refused, unreachable, ...),
/// nor a name lookup, nor the connect timeout, which leaves the handshake.
fn is_tls(e: &(dyn std::error::Error + 'static), https: bool) -> bool {
    let mut chain = String::new();
    let mut current = Some(e);
    while let Some(err) = current {
        chain.push_str(&format!("{err} {err:?} ").to_ascii_lowercase());
        current = err.source();
    }
    let named = ["tls", "ssl", "certificate", "handshake"]
        .iter()
        .any(|word| chain.contains(word));
    let other_stage = chain.contains("os error")
        || chain.contains("dns")
        || chain.contains(CONNECT_TIMED_OUT)
        || chain.contains("timed out");
    named || (https && !other_stage)
}

/// A duration as a person writes it: whole seconds, or milliseconds.
/// `host:port` of `url`, for messages (never its path or query, which hold values sent).
pub(crate) fn server_name(url: Option<&reqwest::Url>) -> String {
    url.and_then(|url| {
        Some(format!(
            "{}:{}",
            url.host_str()?,
            url.port_or_known_default()?
        ))
    })
    .unwrap_or_else(|| String::from("the server"))
}

/// A size in bytes as a person writes it: whole MiB or KiB when it is one, else bytes.
pub(crate) fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes % KIB == 0 {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

impl<B> Error<B> {
    /// The error for a successful response whose body is larger than `limit` bytes.
    pub(crate) fn too_large(url: &reqwest::Url, limit: usize) -> Self {
        let message = format!(
            "the response from {} is larger than the client's {} limit; `ClientBuilder::max_response_body` sets another",
            server_name(Some(url)),
            size(limit)
        );
        Error::Transport {
            kind: TransportKind::TooLarge,
            source: Box::new(std::io::Error::other(message.clone())),
            message,
        }
    }
}

pub(crate) fn duration(d: std::time::Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// Like a derived `Debug`, except that an undocumented body is shown as text, cut to a few
/// hundred characters, with secret values redacted.
impl<B: DocumentedBody> fmt::Debug for Error<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service {
                status,
                body,
                headers,
            } => f
                .debug_struct("Service")
                .field("status", status)
                .field("body", body)
                .field("headers", &HeaderNames(headers))
                .finish(),
            Error::Api {
                status,
                content_type,
                body,
                truncated,
                headers,
            } => f
                .debug_struct("Api")
                .field("status", status)
                .field("content_type", content_type)
                .field("body", &redact::snippet(body, B::SECRET_FIELDS))
                .field("body_len", &body.len())
                .field("truncated", truncated)
                .field("headers", &HeaderNames(headers))
                .finish(),
            Error::Transport {
                kind,
                message,
                source,
            } => f
                .debug_struct("Transport")
                .field("kind", kind)
                .field("message", message)
                .field("source", source)
                .finish(),
            Error::Decode {
                status,
                path,
                message,
                snippet,
                headers,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("path", path)
                .field("message", message)
                .field("snippet", snippet)
                .field("headers", &HeaderNames(headers))
                .finish(),
            Error::InvalidInput { name, reason } => f
                .debug_struct("InvalidInput")
                .field("name", name)
                .field("reason", reason)
                .finish(),
        }
    }
}

impl<B: DocumentedBody> fmt::Display for Error<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service { status, body, .. } => write!(f, "{status} {}", body.describe()),
            Error::Api {
                status,
                content_type,
                body,
                truncated,
                ..
            } => {
                let content_type = content_type.as_deref().unwrap_or("no content type");
                let more = if *truncated { " (cut)" } else { "" };
                write!(
                    f,
                    "the server answered {status} with an undocumented response ({content_type}, {} bytes{more})",
                    body.len(),
                )?;
                if body.is_empty() {
                    Ok(())
                } else {
                    write!(f, ": {}", redact::snippet(body, B::SECRET_FIELDS))
                }
            }
            Error::Transport { message, .. } => f.write_str(message),
            Error::Decode {
                status,
                path,
                message,
                snippet,
                ..
            } => {
                write!(
                    f,
                    "the {status} response does not have the documented shape at `{path}`: {message}; body starts: {snippet}"
                )
            }
            Error::InvalidInput { name, reason } => write!(f, "invalid `{name}`: {reason}"),
        }
    }
}

impl<B: DocumentedBody> std::error::Error for Error<B> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// Shows a response's header names only: their values (cookies, tokens of the server's own)
/// are left out of `Debug` output, which ends up in logs.
struct HeaderNames<'a>(&'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

/// The stage a transport failure happened at.
pub(crate) fn transport_kind(e: &reqwest::Error) -> TransportKind {
    let https = e.url().is_some_and(|url| url.scheme() == "https");
    // A connection that timed out is a failed connection: nothing was sent.
    if e.is_connect() && !e.is_timeout() && is_tls(e, https) {
        TransportKind::Tls
    } else if e.is_connect() {
        TransportKind::Connect
    } else if e.is_timeout() {
        TransportKind::Timeout
    } else if e.is_body() || e.is_decode() {
        TransportKind::Body
    } else {
        TransportKind::Other
    }
}
