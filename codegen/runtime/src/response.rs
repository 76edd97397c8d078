//! Reading responses: statuses, bounded error bodies, and decoding with field paths.

use super::error::{DocumentedBody, Error};
use super::limits::ERROR_BODY_LIMIT;
use super::redact::Secrets;
use super::send::Received;
use reqwest::header::{CONTENT_TYPE, HeaderMap};

/// A successful response: its status and headers, and its body read into the operation's
/// type. Made by a request's `send_with_response`; `send` and `.await` give the body alone.
///
/// It dereferences to the body, so its fields read as the body's do (`response.clients`).
/// The headers are as received (request IDs, rate limits); `Debug` shows their names only.
#[derive(Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The body, taken out.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The status, the headers and the body.
    pub fn into_parts(self) -> (u16, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// The same response with its body turned into another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body", &self.body)
            .finish()
    }
}

/// Decodes the documented error body of a response, given its status; `None` when the
/// status has no documented body or the body does not fit it.
pub type ErrorDecoder<B> = fn(u16, &[u8]) -> Option<B>;

/// Reads a successful JSON response into `T`, or turns any other response into an error.
pub async fn json<T: serde::de::DeserializeOwned, B: DocumentedBody>(
    received: Received,
    decode_error: ErrorDecoder<B>,
) -> Result<Response<T>, Error<B>> {
    // Everything but the decoding is written once per error type, not once per `T`: the
    // compiler then has one copy of the reading to build, not one per operation.
    let (status, headers, body, reading) = json_body(received, decode_error).await?;
    match decode_with(status, &body, || reading.secrets::<B>()) {
        Ok(body) => Ok(Response {
            status,
            headers,
            body,
        }),
        Err(mut e) => {
            if let Error::Decode { headers: kept, .. } = &mut e {
                **kept = reading.secrets::<B>().headers(headers);
            }
            Err(e)
        }
    }
}

/// The status, headers and body of a successful JSON response, for [`json`] to decode.
async fn json_body<B: DocumentedBody>(
    received: Received,
    decode_error: ErrorDecoder<B>,
) -> Result<(u16, HeaderMap, bytes::Bytes, Reading), Error<B>> {
    let (mut response, reading) = check_status(received, decode_error).await?;
    let status = response.status().as_u16();
    let not_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| !is_json(c));
    // Taken, not copied: the body is read without them.
    let headers = std::mem::take(response.headers_mut());
    if not_json {
        if let Some(content_type) = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
        {
            let (body, truncated) =
                read_bounded(response, ERROR_BODY_LIMIT, reading.timeout).await?;
            let secrets = reading.secrets::<B>();
            return Err(Error::Api {
                status,
                content_type: Some(secrets.header(&content_type)),
                body: secrets.body(body, truncated),
                truncated,
                headers: Box::new(secrets.headers(headers)),
            });
        }
    }
    let body = read_success(response, &reading).await?;
    Ok((status, headers, body, reading))
}

/// Accepts a successful response without a body, or turns any other response into an error.
pub async fn empty<B: DocumentedBody>(
    received: Received,
    decode_error: ErrorDecoder<B>,
) -> Result<Response<()>, Error<B>> {
    let (mut response, _) = check_status(received, decode_error).await?;
    Ok(Response {
        status: response.status().as_u16(),
        headers: std::mem::take(response.headers_mut()),
        body: (),
    })
}

/// Reads a successful text response, or turns any other response into an error.
pub async fn text<B: DocumentedBody>(
    received: Received,
    decode_error: ErrorDecoder<B>,
) -> Result<Response<String>, Error<B>> {
    let (mut response, reading) = check_status(received, decode_error).await?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let body = read_success(response, &reading).await?;
    let body = match String::from_utf8(body.into()) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// Reads a successful response's body as bytes, or turns any other response into an error.
pub async fn bytes<B: DocumentedBody>(
    received: Received,
    decode_error: ErrorDecoder<B>,
) -> Result<Response<Vec<u8>>, Error<B>> {
    let (mut response, reading) = check_status(received, decode_error).await?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let body = read_success(response, &reading).await?.to_vec();
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// The error for a response whose status the operation does not document as a success.
pub async fn unexpected<B: DocumentedBody>(
    received: Received,
    decode_error: ErrorDecoder<B>,
) -> Error<B> {
    let (mut response, reading) = match check_status(received, decode_error).await {
        Ok(checked) => checked,
        Err(e) => return e,
    };
    let status = response.status().as_u16();
    let content_type = content_type(&response);
    let headers = std::mem::take(response.headers_mut());
    match read_bounded(response, ERROR_BODY_LIMIT, reading.timeout).await {
        Ok((body, truncated)) => {
            let secrets = reading.secrets::<B>();
            Error::Api {
                status,
                content_type: content_type.map(|c| secrets.header(&c)),
                body: secrets.body(body, truncated),
                truncated,
                headers: Box::new(secrets.headers(headers)),
            }
        }
        Err(e) => e,
    }
}

/// Decodes `body`, naming the field path that failed if it does not fit `T`.
pub fn decode<T: serde::de::DeserializeOwned, B: DocumentedBody>(
    status: u16,
    body: &[u8],
) -> Result<T, Error<B>> {
    decode_with(status, body, || Secrets::new(B::SECRET_FIELDS, Vec::new()))
}

/// Decodes `body`, naming the field path that failed if it does not fit `T`, with the
/// `secrets` (worked out only then) kept out of the error.
fn decode_with<'s, T: serde::de::DeserializeOwned, B: DocumentedBody>(
    status: u16,
    body: &[u8],
    secrets: impl FnOnce() -> Secrets<'s>,
) -> Result<T, Error<B>> {
    // Decoded without tracking where it is, which costs an allocation per property; only a
    // body that fails is decoded again, with tracking, to name the path of the failure.
    // The body's UTF-8 is checked once, here, rather than string by string while decoding;
    // a body that is not UTF-8 goes straight to the second decode, which says where.
    let error = match std::str::from_utf8(body) {
        Ok(text) => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let first =
                <T as serde::Deserialize>::deserialize(&mut deserializer).and_then(|value| {
                    deserializer.end()?;
                    Ok(value)
                });
            match first {
                Ok(value) => return Ok(value),
                Err(error) => Some(error),
            }
        }
        Err(_) => None,
    };
    let mut again = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut again) {
        Err(e) => {
            // `?` stands for a key that could not be read: the failure is in the object
            // that holds it.
            let path = e.path().to_string();
            let path = match path.strip_suffix('?') {
                Some("") => String::from("."),
                Some(parent) => parent.trim_end_matches('.').to_string(),
                None => path,
            };
            Err(decode_failure(
                status,
                path,
                &e.into_inner(),
                body,
                &secrets(),
            ))
        }
        // What failed is after the value: trailing data.
        Ok(_) => Err(decode_failure(
            status,
            String::from("."),
            &error.unwrap_or_else(|| serde::de::Error::custom("invalid UTF-8")),
            body,
            &secrets(),
        )),
    }
}

fn decode_failure<B>(
    status: u16,
    path: String,
    e: &serde_json::Error,
    body: &[u8],
    secrets: &Secrets<'_>,
) -> Error<B> {
    // serde quotes the values it rejects; a secret must not reach the message that way.
    let text = String::from_utf8_lossy(body);
    let message = secrets.message(&e.to_string(), &text);
    // A key the server chose may be a secret it echoes: the path is checked too.
    let path = secrets.message(&path, &text);
    Error::Decode {
        status,
        path,
        message,
        snippet: secrets.snippet(body),
        headers: Box::default(),
    }
}

/// What reading a response needs once its status is checked.
struct Reading {
    sent: super::send::Sent,
    timeout: Option<std::time::Duration>,
    body_limit: Option<usize>,
}

impl Reading {
    fn secrets<B: DocumentedBody>(&self) -> Secrets<'static> {
        Secrets::new(B::SECRET_FIELDS, self.sent.values())
    }
}

/// Passes a successful response on; turns an error status into `Error::Service` (with the
/// documented body) or `Error::Api` (with the body as received). Either way the sent
/// secrets are removed from the body before it is decoded or kept.
async fn check_status<B: DocumentedBody>(
    received: Received,
    decode_error: ErrorDecoder<B>,
) -> Result<(reqwest::Response, Reading), Error<B>> {
    let Received {
        mut response,
        sent,
        timeout,
        body_limit,
    } = received;
    let reading = Reading {
        sent,
        timeout,
        body_limit,
    };
    let status = response.status();
    if status.is_success() {
        return Ok((response, reading));
    }
    let status = status.as_u16();
    let content_type = content_type(&response);
    let headers = std::mem::take(response.headers_mut());
    let (body, truncated) = read_bounded(response, ERROR_BODY_LIMIT, timeout).await?;
    let secrets = reading.secrets::<B>();
    let body = secrets.body(body, truncated);
    let content_type = content_type.map(|c| secrets.header(&c));
    let headers = Box::new(secrets.headers(headers));
    if content_type.as_deref().is_some_and(is_json) && !truncated {
        if let Some(parsed) = decode_error(status, &body) {
            return Err(Error::Service {
                status,
                body: Box::new(parsed),
                headers,
            });
        }
    }
    Err(Error::Api {
        status,
        content_type,
        body,
        truncated,
        headers,
    })
}

/// Reads at most `limit` bytes of the body; says whether more was left unread.
/// Reads a successful response's whole body, or fails with `TransportKind::TooLarge` as
/// soon as it is known to be larger than the client's limit (by its `Content-Length`, or
/// while it is read), without reading the rest.
async fn read_success<B>(
    mut response: reqwest::Response,
    reading: &Reading,
) -> Result<bytes::Bytes, Error<B>> {
    let transport = |e| Error::transport(e, reading.timeout);
    let Some(limit) = reading.body_limit else {
        return response.bytes().await.map_err(transport);
    };
    match response.content_length() {
        Some(length) if length > limit as u64 => Err(Error::too_large(response.url(), limit)),
        // The connection delivers no more than the length it announced.
        Some(_) => response.bytes().await.map_err(transport),
        None => {
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(transport)? {
                if chunk.len() > limit - body.len() {
                    return Err(Error::too_large(response.url(), limit));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(body.into())
        }
    }
}

pub async fn read_bounded<B>(
    mut response: reqwest::Response,
    limit: usize,
    timeout: Option<std::time::Duration>,
) -> Result<(Vec<u8>, bool), Error<B>> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Error::transport(e, timeout))?
    {
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
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Whether `content_type` is JSON: `application/json` or any `+json` type, parameters
/// ignored.
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}
