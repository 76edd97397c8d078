//! Unit tests of each mechanism of the runtime, through its own API.

mod de;
mod encode;
mod errors;
mod redact;
mod response;
mod retry;
mod send;

use crate::error::DocumentedBody;
use crate::send::Received;

/// An error body as a generated crate would have one, with one secret property.
#[derive(Debug, serde::Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TestBody {
    pub(crate) result_code: String,
    pub(crate) result_message: String,
}

impl DocumentedBody for TestBody {
    const SECRET_FIELDS: &'static [&'static str] = &["clientSecret", "apiKey"];

    fn describe(&self) -> String {
        format!("{}: {}", self.result_code, self.result_message)
    }
}

pub(crate) type Error = crate::Error<TestBody>;

pub(crate) fn decode_test_body(status: u16, body: &[u8]) -> Option<TestBody> {
    (status == 400)
        .then(|| serde_json::from_slice(body).ok())
        .flatten()
}

/// A response as reqwest would give it, without a network.
pub(crate) fn raw_response(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> reqwest::Response {
    let mut builder = http::Response::builder().status(status);
    if let Some(content_type) = content_type {
        builder = builder.header("content-type", content_type);
    }
    reqwest::Response::from(builder.body(body.to_vec()).expect("a valid test response"))
}

/// A response to a request that sent no secret value.
pub(crate) fn response(status: u16, content_type: Option<&str>, body: &[u8]) -> Received {
    sent_with(status, content_type, body, &[])
}

/// A response to a request that sent the secret values `sent`.
pub(crate) fn sent_with(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    sent: &[&str],
) -> Received {
    Received {
        response: raw_response(status, content_type, body),
        sent: crate::send::Sent::values_only(sent.iter().map(|s| s.to_string()).collect()),
        timeout: None,
        body_limit: Some(crate::limits::DEFAULT_MAX_RESPONSE_BODY),
    }
}
