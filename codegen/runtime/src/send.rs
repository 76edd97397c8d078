//! Sending a request: credentials, headers, the query, retries and the connect timeout.

use super::encode::{Encoded, base64};
use super::error::Error;
use super::limits::RETRY_STATUSES;
use super::retry::RetryPolicy;
use super::secret::SecretString;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, USER_AGENT};
use std::time::{Duration, SystemTime};

/// What every request needs and every clone of a `Client` shares.
pub struct Core {
    /// The connection pool.
    pub http: reqwest::Client,
    /// A second pool, made the first time a call sets its own connect timeout: its
    /// connector reads each call's value. The main pool has no such layer, since reqwest
    /// copies a layered connector for every request, even one on a pooled connection.
    pub per_call: std::sync::OnceLock<reqwest::Client>,
    /// The base URL, without a trailing slash; paths are appended to it.
    pub base_url: String,
    /// One entry per security scheme of the document, `None` where nothing was configured.
    /// Shared, so that a response can name the secrets its request sent without copying them.
    pub credentials: Credentials,
    /// The client-wide timeout of one attempt.
    pub timeout: Option<Duration>,
    /// The most bytes of a successful response's body that are read; `None`: no limit.
    pub max_body: Option<usize>,
    /// The client-wide connect timeout, for messages (the connector applies it).
    pub connect_timeout: Option<Duration>,
    /// The `User-Agent` header.
    pub user_agent: HeaderValue,
    /// The client-wide retry policy.
    pub retry: RetryPolicy,
    /// Whether `http` was built here, with the connect-timeout layer that reads per-call values.
    pub own_http: bool,
    /// Headers sent with every request, and the hooks run around each attempt.
    pub additions: Additions,
}

/// A hook run just before each attempt is sent, with the request as it will go out.
pub type BeforeHook = std::sync::Arc<dyn Fn(&mut reqwest::Request) + Send + Sync>;
/// A hook run after each attempt, with what came of it.
pub type AfterHook = std::sync::Arc<dyn for<'a> Fn(&Attempt<'a>) + Send + Sync>;

/// What a client adds to every request: headers, hooks run around each attempt, and roots
/// its own connection pools trust.
#[derive(Clone, Default)]
pub struct Additions {
    /// Certificates the client's own pools trust besides the system's.
    pub roots: Roots,
    /// Headers sent with every request, checked when the client is built.
    pub headers: reqwest::header::HeaderMap,
    /// Run before each attempt, in the order they were added.
    pub before: Vec<BeforeHook>,
    /// Run after each attempt, in the order they were added.
    pub after: Vec<AfterHook>,
}

impl std::fmt::Debug for Additions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Header values may be credentials of the caller's own: only names are shown.
        f.debug_struct("Additions")
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("before", &self.before.len())
            .field("after", &self.after.len())
            .field("roots", &self.roots.len())
            .finish()
    }
}

impl Additions {
    /// Adds a header sent with every request; a name or value HTTP cannot carry is refused.
    ///
    /// # Errors
    ///
    /// `Error::InvalidInput` naming the header.
    pub fn header<B>(&mut self, name: &str, value: &str) -> Result<(), Error<B>> {
        let (name, value) = checked_header(name, value)?;
        self.headers.append(name, value);
        Ok(())
    }
}

/// A header name and value as HTTP carries them, or the error naming the header.
fn checked_header<B>(
    name: &str,
    value: &str,
) -> Result<(reqwest::header::HeaderName, HeaderValue), Error<B>> {
    let refused = || {
        Error::invalid_input(
            format!("header `{}`", name.escape_debug()),
            "contains characters that an HTTP header cannot carry",
        )
    };
    let name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| refused())?;
    let value = HeaderValue::from_str(value).map_err(|_| refused())?;
    Ok((name, value))
}

/// One attempt of a call, as a hook added with `ClientBuilder::on_response` sees it.
pub struct Attempt<'a> {
    operation: &'static str,
    method: &'a reqwest::Method,
    path_template: &'static str,
    number: u32,
    elapsed: Duration,
    outcome: Result<&'a reqwest::Response, &'a reqwest::Error>,
}

impl Attempt<'_> {
    /// The operation's method name on the client, such as `authorizations`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &reqwest::Method {
        self.method
    }

    /// The path as the API document writes it, with `{placeholders}` rather than the
    /// values sent (which may be personal data).
    pub fn path_template(&self) -> &'static str {
        self.path_template
    }

    /// Which attempt of the call this was, from 1.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// How long this attempt took, until the response's head arrived or it failed.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The response's status, if one arrived.
    pub fn status(&self) -> Option<u16> {
        self.outcome.ok().map(|r| r.status().as_u16())
    }

    /// The response's headers, if one arrived, as received.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        self.outcome.ok().map(reqwest::Response::headers)
    }

    /// Which stage failed, if no response arrived. (The underlying error is not given:
    /// its text holds the URL, with the values of the path and query.)
    pub fn failure(&self) -> Option<super::error::TransportKind> {
        match self.outcome {
            Ok(_) => None,
            Err(e) => Some(super::error::transport_kind(e)),
        }
    }
}

impl std::fmt::Debug for Attempt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attempt")
            .field("operation", &self.operation)
            .field("method", self.method)
            .field("path_template", &self.path_template)
            .field("number", &self.number)
            .field("elapsed", &self.elapsed)
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = self.credentials.iter().filter(|c| c.is_some()).count();
        f.debug_struct("Client")
            .field("base_url", &without_userinfo(&self.base_url))
            .field("credentials", &format_args!("<{set} set, redacted>"))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_body", &self.max_body)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// A variable of a server URL: its name, its default, and the values it allows (any when
/// empty).
pub type ServerVariable = (&'static str, &'static str, &'static [&'static str]);

/// The base URL of a server: `url` when the server has no variables, otherwise `template`
/// with each variable at its `chosen` value or its default. Names the server does not have
/// and values its list does not allow are refused.
pub fn server_url<B>(
    url: &str,
    template: Option<(&str, &[ServerVariable])>,
    chosen: &[(String, String)],
) -> Result<String, Error<B>> {
    let Some((template, variables)) = template else {
        if let Some((name, _)) = chosen.first() {
            return Err(Error::invalid_input(
                "server_variable",
                format!("the chosen server has no URL variables, so `{name}` cannot be set"),
            ));
        }
        return Ok(url.trim_end_matches('/').to_string());
    };
    for (name, value) in chosen {
        let Some((_, _, allowed)) = variables.iter().find(|(n, _, _)| n == name) else {
            let names: Vec<String> = variables.iter().map(|(n, _, _)| format!("`{n}`")).collect();
            return Err(Error::invalid_input(
                "server_variable",
                format!(
                    "the chosen server has no variable `{name}`; it has {}",
                    names.join(", ")
                ),
            ));
        };
        if !allowed.is_empty() && !allowed.contains(&value.as_str()) {
            return Err(Error::invalid_input(
                "server_variable",
                format!("`{name}` must be one of {allowed:?}"),
            ));
        }
        // A value cannot move the URL's host (`@`), or start its query or fragment.
        let breaks = |c: char| c.is_whitespace() || c.is_control() || "@?#\\".contains(c);
        if value.is_empty() || value.chars().any(breaks) {
            return Err(Error::invalid_input(
                "server_variable",
                format!(
                    "`{name}` must be a non-empty value without spaces, control characters, `@`, `?`, `#` or `\\`"
                ),
            ));
        }
    }
    let mut url = template.to_string();
    for (name, default, _) in variables {
        let value = chosen
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map_or(*default, |(_, v)| v.as_str());
        url = url.replace(&format!("{{{name}}}"), value);
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// `url` with any user name and password in it replaced by `<redacted>`.
pub fn without_userinfo(url: &str) -> String {
    // Read as text, not parsed: a URL missing its scheme must not show its password either.
    let (scheme, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}<redacted>@{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

/// Settings a single call may override.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// The timeout of each attempt of this call, when it sets one (`Some(None)`: no limit).
    pub timeout: Option<Option<Duration>>,
    /// The time allowed to connect, when this call sets it (`Some(None)`: no limit).
    pub connect_timeout: Option<Option<Duration>>,
    /// The retry policy of this call.
    pub retry: Option<RetryPolicy>,
    /// Headers added to this call, as given (checked when it is sent).
    pub headers: Vec<(String, String)>,
}

impl std::fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Header values may be credentials of the caller's own: only names are shown.
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("headers", &names)
            .finish()
    }
}

/// Names and values of query parameters or headers; most names are the document's, and
/// those of an object's properties are made per value (`filter[status]`). Values are
/// borrowed from the request's inputs where they are text already.
pub type Pairs<'a> = Vec<(std::borrow::Cow<'static, str>, std::borrow::Cow<'a, str>)>;

/// One request, with its path already encoded.
pub struct Request<'a> {
    /// The HTTP method.
    pub method: reqwest::Method,
    /// The encoded path, appended to the base URL.
    pub path: String,
    /// Query parameters, not yet encoded.
    pub query: Pairs<'a>,
    /// Headers besides those the runtime sets.
    pub headers: Pairs<'a>,
    /// The content type and the encoded body.
    pub body: Option<(std::borrow::Cow<'static, str>, Encoded)>,
    /// The values of the secret inputs sent outside the body (in the path, query or
    /// headers), which errors of this request keep out of their text.
    pub secrets: Vec<String>,
    /// The `Accept` header: the media types the operation's successes come in.
    pub accept: &'static str,
    /// Whether sending it twice has the same effect as sending it once.
    pub idempotent: bool,
    /// The accepted sets of credentials (indexes into `Core::credentials`); empty when the
    /// operation takes none.
    pub security: &'static [&'static [usize]],
    /// The builder methods that set each credential, for messages.
    pub scheme_setters: &'static [&'static str],
    /// The operation's method name on the client, for hooks.
    pub operation: &'static str,
    /// The path as the document writes it, for hooks.
    pub path_template: &'static str,
}

/// The credentials of a client, one entry per security scheme of the document.
pub type Credentials = std::sync::Arc<[Option<Credential>]>;

/// The secret values a request sent, gathered only when an error needs them: the
/// credentials stay where the client keeps them, and the request's own secret values are
/// moved here, not copied.
#[derive(Default)]
pub struct Sent {
    /// The client's credentials, and which of them the request sent.
    credentials: Option<(Credentials, &'static [usize])>,
    values: Vec<String>,
}

impl Sent {
    /// The values given, with no credentials.
    pub fn values_only(values: Vec<String>) -> Self {
        Sent {
            credentials: None,
            values,
        }
    }

    /// Every secret value sent, in every form it was sent in.
    pub fn values(&self) -> Vec<String> {
        let mut out = self.values.clone();
        if let Some((credentials, chosen)) = &self.credentials {
            for &i in chosen.iter() {
                if let Some(Some(credential)) = credentials.get(i) {
                    out.extend(credential.secrets.iter().cloned());
                }
            }
        }
        out
    }
}

impl std::fmt::Debug for Sent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A credential, ready to be sent.
#[derive(Clone)]
pub struct Credential {
    place: Place,
    /// The secret values it sends, in every form it sends them, for errors to keep out.
    secrets: Vec<String>,
}

#[derive(Clone)]
enum Place {
    /// A header whose value is marked sensitive.
    Header(reqwest::header::HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, SecretString),
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.place {
            Place::Header(name, _) => write!(f, "Header({name}: <redacted>)"),
            Place::Query(name, _) => write!(f, "Query({name}=<redacted>)"),
        }
    }
}

impl Credential {
    /// `Authorization: Bearer <token>`; `setter` names the builder method in messages.
    pub fn bearer<B>(setter: &str, token: &str) -> Result<Self, Error<B>> {
        if token.trim().is_empty() {
            return Err(Error::invalid_input(setter, "is empty"));
        }
        Self::sent_header(
            setter,
            "authorization",
            &format!("Bearer {token}"),
            vec![token.to_string()],
        )
    }

    /// `Authorization: Basic <base64 of username:password>`.
    pub fn basic<B>(setter: &str, username: &str, password: &str) -> Result<Self, Error<B>> {
        let encoded = base64(format!("{username}:{password}").as_bytes());
        let secrets = vec![password.to_string(), encoded.clone()];
        Self::sent_header(
            setter,
            "authorization",
            &format!("Basic {encoded}"),
            secrets,
        )
    }

    /// A header `name: value`, marked sensitive so that it is never shown.
    pub fn header<B>(setter: &str, name: &'static str, value: &str) -> Result<Self, Error<B>> {
        Self::sent_header(setter, name, value, vec![value.to_string()])
    }

    /// The header this credential sends, if it is sent as a header.
    pub fn header_sent(&self) -> Option<(&reqwest::header::HeaderName, &HeaderValue)> {
        match &self.place {
            Place::Header(name, value) => Some((name, value)),
            Place::Query(..) => None,
        }
    }

    /// A query parameter `name=value`.
    pub fn query(name: &'static str, value: impl Into<SecretString>) -> Self {
        let value = value.into();
        let secrets = vec![value.expose().to_string()];
        Credential {
            place: Place::Query(name, value),
            secrets,
        }
    }

    fn sent_header<B>(
        setter: &str,
        name: &'static str,
        value: &str,
        secrets: Vec<String>,
    ) -> Result<Self, Error<B>> {
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_input(
                setter,
                "contains characters that an HTTP header cannot carry (control characters or line breaks)",
            )
        })?;
        value.set_sensitive(true);
        Ok(Credential {
            place: Place::Header(reqwest::header::HeaderName::from_static(name), value),
            secrets,
        })
    }
}

/// A response, with what reading it needs to know about the request it answers.
#[derive(Debug)]
pub struct Received {
    /// The response, its body not yet read.
    pub response: reqwest::Response,
    /// The secret values sent with the request.
    pub sent: Sent,
    /// The timeout of the attempt, for messages.
    pub timeout: Option<Duration>,
    /// The most bytes of a successful body to read.
    pub body_limit: Option<usize>,
}

impl Received {
    /// The response's status.
    pub fn status(&self) -> reqwest::StatusCode {
        self.response.status()
    }
}

/// What a request builder holds besides the operation's inputs: the client's shared state
/// and the settings this call overrides.
#[derive(Debug, Clone)]
pub struct Call {
    /// The client's shared state.
    pub core: std::sync::Arc<Core>,
    /// This call's own settings.
    pub options: CallOptions,
}

impl Call {
    /// A call on `core` with no settings of its own.
    pub fn new(core: &std::sync::Arc<Core>) -> Self {
        Call {
            core: std::sync::Arc::clone(core),
            options: CallOptions::default(),
        }
    }

    /// Sends `request` with this call's settings; see [`Core::execute`].
    pub async fn execute<B>(&self, request: Request<'_>) -> Result<Received, Error<B>> {
        self.core.execute(request, &self.options).await
    }
}

/// A connection pool as the client builds its own: no redirects followed, the TLS backend the
/// crate's features chose (see [`install_crypto`]), extra trusted roots, and connections
/// given `connect_timeout`; with `per_call`, a connector that lets each call set its own
/// connect timeout instead (see [`ConnectTimeoutLayer`]).
///
/// # Errors
///
/// reqwest cannot build it (its TLS set-up failed).
pub fn pool(
    connect_timeout: Option<Duration>,
    per_call: bool,
    roots: &Roots,
) -> reqwest::Result<reqwest::Client> {
    install_crypto();
    let builder =
        roots.add_to(reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()));
    if per_call {
        return builder
            .connector_layer(ConnectTimeoutLayer {
                default: connect_timeout,
            })
            .build();
    }
    match connect_timeout {
        Some(limit) => builder.connect_timeout(limit).build(),
        None => builder.build(),
    }
}

/// Certificates the client's own connection pools trust besides the system's roots. Without
/// a TLS feature there is nothing to trust, and this is empty.
#[derive(Clone, Default)]
pub struct Roots {
    #[cfg(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls"))]
    certificates: Vec<reqwest::Certificate>,
}

impl Roots {
    /// Trusts `certificate` too.
    #[cfg(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls"))]
    pub fn push(&mut self, certificate: reqwest::Certificate) {
        self.certificates.push(certificate);
    }

    /// How many certificates there are (for `Debug`).
    pub fn len(&self) -> usize {
        #[cfg(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls"))]
        let len = self.certificates.len();
        #[cfg(not(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")))]
        let len = 0;
        len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn add_to(&self, builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        #[cfg(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls"))]
        if !self.certificates.is_empty() {
            return builder.tls_certs_merge(self.certificates.iter().cloned());
        }
        builder
    }
}

/// Whether this build of the crate can make HTTPS connections of its own: one of the TLS
/// features is on.
pub const HAS_TLS: bool = cfg!(any(
    feature = "rustls",
    feature = "rustls-aws-lc",
    feature = "native-tls"
));

/// With the `rustls` feature alone (no other TLS feature chose another provider or library),
/// makes `ring` the process's rustls crypto provider, unless one is installed already (by
/// the program, or by an earlier client). reqwest built this way has no provider of its own.
pub fn install_crypto() {
    #[cfg(all(
        feature = "rustls",
        not(any(feature = "rustls-aws-lc", feature = "native-tls"))
    ))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one between the check and this call; either way one is
        // installed, which is all that is needed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

tokio::task_local! {
    /// The connect timeout of the call being made (`None`: no limit), read by
    /// `ConnectTimeout`; a connection made outside any call gets the client's.
    static CALL_CONNECT_TIMEOUT: Option<Duration>;
}

impl Core {
    /// Sends `request`, retrying as the retry policy allows, and returns the last response,
    /// whatever its status.
    pub async fn execute<B>(
        &self,
        mut request: Request<'_>,
        options: &CallOptions,
    ) -> Result<Received, Error<B>> {
        if options.connect_timeout.is_some() && !self.own_http {
            return Err(Error::invalid_input(
                "connect_timeout",
                "cannot be set per call on a client built with `http_client`; set it on that reqwest client",
            ));
        }
        let chosen = self.chosen_credentials(&request)?;
        let http = match options.connect_timeout {
            None => &self.http,
            Some(_) => match self.per_call.get() {
                Some(pool) => pool,
                None => {
                    let pool =
                        pool(self.connect_timeout, true, &self.additions.roots).map_err(|e| {
                            Error::invalid_input(
                                "connect_timeout",
                                format!("the connection pool for it could not be built: {e}"),
                            )
                        })?;
                    self.per_call.get_or_init(|| pool)
                }
            },
        };
        let connect = options.connect_timeout.unwrap_or(self.connect_timeout);
        let mut values = std::mem::take(&mut request.secrets);
        if let Some((_, body)) = &mut request.body {
            values.append(&mut body.secrets);
        }
        let mut sent = Sent {
            credentials: (!chosen.is_empty()).then(|| (self.credentials.clone(), chosen)),
            values,
        };
        let policy = options.retry.as_ref().unwrap_or(&self.retry);
        let timeout = options.timeout.unwrap_or(self.timeout);
        let finish = |outcome: Result<reqwest::Response, reqwest::Error>, sent: Sent| {
            outcome
                .map(|response| Received {
                    response,
                    sent,
                    timeout,
                    body_limit: self.max_body,
                })
                .map_err(|e| Error::transport_with(e, timeout, connect))
        };
        // A streamed body is read as it is sent: it goes out once, and is never retried.
        let mut stream = match request.body.as_ref().and_then(|(_, b)| b.stream.as_ref()) {
            Some(shared) => match shared.lock().ok().and_then(|mut s| s.take()) {
                Some(body) => Some(body),
                None => {
                    return Err(Error::invalid_input(
                        "body",
                        "a streamed body is sent once, and this one has been sent already",
                    ));
                }
            },
            None => None,
        };
        let once = stream.is_some();
        let started = std::time::Instant::now();
        let mut attempt: u32 = 1;
        loop {
            // Built again for each attempt rather than copied ahead of one that may not come.
            let mut builder = self.request_builder(http, &request, options, chosen, &mut sent)?;
            if let Some((_, body)) = &request.body {
                builder = match stream.take() {
                    Some(streamed) => builder.body(streamed),
                    None => builder.body(body.bytes.clone()),
                };
            }
            if let Some(timeout) = timeout {
                builder = builder.timeout(timeout);
            }
            // Built here (as `send` would) so that the hooks see the request as it goes out.
            let pending = match builder.build() {
                Ok(mut built) => {
                    for hook in &self.additions.before {
                        hook(&mut built);
                    }
                    http.execute(built)
                }
                Err(e) => return finish(Err(e), sent),
            };
            let sent_at = std::time::Instant::now();
            let outcome = match options.connect_timeout {
                None => pending.await,
                Some(limit) => CALL_CONNECT_TIMEOUT.scope(limit, pending).await,
            };
            super::trace::attempt(attempt, outcome.as_ref().ok().map(|r| r.status().as_u16()));
            if !self.additions.after.is_empty() {
                let seen = Attempt {
                    operation: request.operation,
                    method: &request.method,
                    path_template: request.path_template,
                    number: attempt,
                    elapsed: sent_at.elapsed(),
                    outcome: outcome.as_ref(),
                };
                for hook in &self.additions.after {
                    hook(&seen);
                }
            }
            let wait = match &outcome {
                Ok(response) => {
                    let status = response.status().as_u16();
                    if !request.idempotent || !RETRY_STATUSES.contains(&status) {
                        return finish(outcome, sent);
                    }
                    match retry_after(response.headers(), SystemTime::now()) {
                        Some(asked) if asked > policy.max_retry_after => {
                            return finish(outcome, sent);
                        }
                        Some(asked) => asked,
                        None => policy.backoff(attempt),
                    }
                }
                Err(e) => {
                    // A failed connection means nothing was sent, so any operation may be sent
                    // again; after that, only an idempotent one, and only after a timeout. A
                    // failed TLS handshake would fail again the same way.
                    let safe = super::error::transport_kind(e)
                        == super::error::TransportKind::Connect
                        || (request.idempotent && e.is_timeout());
                    if !safe {
                        return finish(outcome, sent);
                    }
                    policy.backoff(attempt)
                }
            };
            if once
                || attempt >= policy.max_attempts
                || started.elapsed() + wait > policy.max_elapsed
            {
                return finish(outcome, sent);
            }
            drop(outcome);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// The credentials to send: the first accepted set that is fully configured (none when
    /// the operation declares no security or accepts an empty set).
    fn chosen_credentials<B>(&self, request: &Request<'_>) -> Result<&'static [usize], Error<B>> {
        if request.security.is_empty() {
            return Ok(&[]);
        }
        let configured = |set: &&&[usize]| {
            set.iter()
                .all(|&i| self.credentials.get(i).is_some_and(Option::is_some))
        };
        match request.security.iter().find(configured) {
            Some(set) => Ok(set),
            None => {
                let wanted: Vec<String> = request.security[0]
                    .iter()
                    .map(|&i| {
                        let setter = request.scheme_setters.get(i).copied().unwrap_or("?");
                        format!("`ClientBuilder::{setter}`")
                    })
                    .collect();
                Err(Error::invalid_input(
                    "credentials",
                    format!(
                        "this operation needs credentials; set {}",
                        wanted.join(" and ")
                    ),
                ))
            }
        }
    }

    /// One attempt of `request`: its URL (the query encoded as a form, the credentials of
    /// `chosen` that go in the query last) and its headers, set on the pool's request
    /// builder. A password in the base URL is added to `sent` the first time.
    fn request_builder<B>(
        &self,
        http: &reqwest::Client,
        request: &Request<'_>,
        options: &CallOptions,
        chosen: &[usize],
        sent: &mut Sent,
    ) -> Result<reqwest::RequestBuilder, Error<B>> {
        let mut text = String::with_capacity(self.base_url.len() + request.path.len() + 64);
        text.push_str(&self.base_url);
        text.push_str(&request.path);
        let mut first = true;
        let mut pair = |text: &mut String, name: &str, value: &str| {
            text.push(if first { '?' } else { '&' });
            first = false;
            super::encode::percent_into(text, name, true, false);
            text.push('=');
            super::encode::percent_into(text, value, true, false);
        };
        for (name, value) in &request.query {
            pair(&mut text, name, value);
        }
        let credentials = || {
            chosen
                .iter()
                .filter_map(|&i| self.credentials.get(i).and_then(Option::as_ref))
        };
        for credential in credentials() {
            if let Place::Query(name, value) = &credential.place {
                pair(&mut text, name, value.expose());
            }
        }
        let url = reqwest::Url::parse(&text)
            .map_err(|e| Error::invalid_input("path", format!("does not form a valid URL: {e}")))?;
        if let Some(password) = url.password() {
            if !sent.values.iter().any(|v| v == password) {
                sent.values.push(password.to_string());
            }
        }
        let mut builder = http
            .request(request.method.clone(), url)
            .header(USER_AGENT, self.user_agent.clone())
            .header(ACCEPT, HeaderValue::from_static(request.accept));
        for credential in credentials() {
            if let Place::Header(name, value) = &credential.place {
                builder = builder.header(name.clone(), value.clone());
            }
        }
        for (name, value) in &self.additions.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        for (name, value) in &options.headers {
            let (name, value) = checked_header(name, value)?;
            builder = builder.header(name, value);
        }
        for (name, value) in &request.headers {
            let refused = || {
                Error::invalid_input(
                    name.to_string(),
                    "contains characters that an HTTP header cannot carry",
                )
            };
            let header =
                reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| refused())?;
            let value = HeaderValue::from_str(value).map_err(|_| refused())?;
            builder = builder.header(header, value);
        }
        if let Some((content_type, _)) = &request.body {
            let value = HeaderValue::from_str(content_type).map_err(|_| {
                Error::invalid_input(
                    "content_type",
                    "contains characters that an HTTP header cannot carry",
                )
            })?;
            builder = builder.header(CONTENT_TYPE, value);
        }
        Ok(builder)
    }
}

/// The wait a `Retry-After` header asks for, as of `now`: a number of seconds, or an HTTP
/// date (a date in the past asks for no wait). `None` when there is no such header or it
/// cannot be read.
pub fn retry_after(headers: &reqwest::header::HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Reads an HTTP date in its preferred form (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110).
pub fn http_date(text: &str) -> Option<SystemTime> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = text.split(' ');
    let _weekday = parts.next().filter(|w| w.len() == 4 && w.ends_with(','))?;
    let day: u32 = parts.next().filter(|d| d.len() == 2)?.parse().ok()?;
    let month = parts.next()?;
    let month = u32::try_from(MONTHS.iter().position(|m| *m == month)?).ok()? + 1;
    let year: i64 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let mut field = |max: u64| -> Option<u64> {
        let n: u64 = clock.next().filter(|f| f.len() == 2)?.parse().ok()?;
        (n <= max).then_some(n)
    };
    let (hour, minute, second) = (field(23)?, field(59)?, field(60)?);
    if parts.next()? != "GMT" || parts.next().is_some() || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = u64::try_from(days).ok()? * 86_400 + hour * 3600 + minute * 60 + second;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
}

/// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A connector layer that bounds the time to connect, with the calling request's own value
/// when it set one and the client's otherwise.
#[derive(Debug, Clone)]
pub struct ConnectTimeoutLayer {
    /// The client-wide connect timeout.
    pub default: Option<Duration>,
}

impl<S> tower_layer::Layer<S> for ConnectTimeoutLayer {
    type Service = ConnectTimeout<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ConnectTimeout {
            inner,
            default: self.default,
        }
    }
}

/// The service `ConnectTimeoutLayer` wraps a connector in.
#[derive(Debug, Clone)]
pub struct ConnectTimeout<S> {
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
    type Future =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, target: R) -> Self::Future {
        // A connection started for a pooled request that then finished elsewhere runs outside
        // the calling task and gets the client's value.
        let limit = CALL_CONNECT_TIMEOUT
            .try_with(|t| *t)
            .unwrap_or(self.default);
        let connecting = self.inner.call(target);
        Box::pin(async move {
            match limit {
                None => connecting.await,
                Some(limit) => match tokio::time::timeout(limit, connecting).await {
                    Ok(result) => result,
                    Err(_) => Err(Box::new(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        format!(
                            "{} {}",
                            super::error::CONNECT_TIMED_OUT,
                            super::error::duration(limit)
                        ),
                    )) as BoxError),
                },
            }
        })
    }
}
