use super::{Error, TestBody};
use crate::TransportKind;

fn api(status: u16, body: &[u8]) -> Error {
    Error::Api {
        status,
        content_type: Some("text/html".into()),
        body: body.to_vec(),
        truncated: false,
        headers: Box::default(),
    }
}

#[test]
fn statuses_and_retryability() {
    assert_eq!(api(503, b"").status(), Some(503));
    assert!(api(503, b"").is_retryable());
    assert!(api(429, b"").is_retryable());
    assert!(!api(500, b"").is_retryable());
    let input = Error::invalid_input("x", "bad");
    assert_eq!(input.status(), None);
    assert!(!input.is_retryable());
    let body = TestBody {
        result_code: "A1".into(),
        result_message: "m".into(),
    };
    let service = Error::Service {
        status: 400,
        body: Box::new(body),
        headers: Box::default(),
    };
    assert!(!service.is_retryable());
    assert_eq!(
        service.error_body().map(|b| b.result_code.as_str()),
        Some("A1")
    );
    let transport = Error::Transport {
        kind: TransportKind::Timeout,
        message: "no complete response from example.com:443 within 1 s".into(),
        source: "late".into(),
    };
    assert!(transport.is_retryable());
    assert_eq!(transport.status(), None);
    use std::error::Error as _;
    assert_eq!(
        transport.source().map(|s| s.to_string()).as_deref(),
        Some("late")
    );
}

#[test]
fn undocumented_bodies_are_shown_redacted_and_cut() {
    let raw = br#"<p>{"clientSecret":"hunter2"}</p>"#;
    let e = api(502, raw);
    for shown in [e.to_string(), format!("{e:?}")] {
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
    let expected = format!(
        "the server answered 502 with an undocumented response (text/html, {} bytes)",
        raw.len()
    );
    assert!(e.to_string().starts_with(&expected), "{e}");
}
