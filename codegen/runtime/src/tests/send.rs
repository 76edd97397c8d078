use super::Error;
use crate::RetryPolicy;
use crate::send::{CallOptions, Core, Credential, Request, http_date, retry_after};
use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn headers(retry_after_value: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        RETRY_AFTER,
        HeaderValue::from_str(retry_after_value).unwrap(),
    );
    h
}

#[test]
fn retry_after_reads_seconds() {
    let now = SystemTime::now();
    assert_eq!(
        retry_after(&headers("7"), now),
        Some(Duration::from_secs(7))
    );
    assert_eq!(retry_after(&headers(" 0 "), now), Some(Duration::ZERO));
    assert_eq!(retry_after(&headers("-1"), now), None);
    assert_eq!(retry_after(&headers("soon"), now), None);
    assert_eq!(retry_after(&HeaderMap::new(), now), None);
}

#[test]
fn retry_after_reads_http_dates() {
    let at = http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
    assert_eq!(
        at.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs(),
        784_111_777
    );
    let leap = http_date("Tue, 29 Feb 2028 00:00:00 GMT").unwrap();
    assert_eq!(
        leap.duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
        1_835_395_200
    );
    let now = at - Duration::from_secs(90);
    assert_eq!(
        retry_after(&headers("Sun, 06 Nov 1994 08:49:37 GMT"), now),
        Some(Duration::from_secs(90))
    );
    let later = at + Duration::from_secs(5);
    assert_eq!(
        retry_after(&headers("Sun, 06 Nov 1994 08:49:37 GMT"), later),
        Some(Duration::ZERO)
    );
}

#[test]
fn malformed_http_dates_are_ignored() {
    for bad in [
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT extra",
        "",
    ] {
        assert_eq!(http_date(bad), None, "{bad}");
    }
}

/// A server on 127.0.0.1 that answers each connection's one request with the next of
/// `answers` (the last repeats), closing the connection after each, and counts requests.
async fn serve(answers: Vec<&'static str>) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        for _ in 0..20 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let answer = answers[n.min(answers.len() - 1)];
            let mut buf = vec![0u8; 8192];
            let mut read = 0;
            while !buf[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buf[read..]).await {
                    Ok(0) | Err(_) => break,
                    Ok(k) => read += k,
                }
            }
            let _ = socket.write_all(answer.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (base, count)
}

fn core(base_url: String, credentials: Vec<Option<Credential>>) -> Core {
    Core {
        http: {
            crate::send::install_crypto();
            reqwest::Client::new()
        },
        per_call: Default::default(),
        base_url,
        credentials: credentials.into(),
        timeout: Some(Duration::from_secs(5)),
        max_body: Some(crate::limits::DEFAULT_MAX_RESPONSE_BODY),
        connect_timeout: None,
        user_agent: HeaderValue::from_static("runtime-test"),
        retry: RetryPolicy::default()
            .jitter(false)
            .initial_backoff(Duration::from_millis(1)),
        own_http: false,
        additions: Default::default(),
    }
}

fn request(idempotent: bool) -> Request<'static> {
    Request {
        method: reqwest::Method::GET,
        path: "/things".into(),
        query: vec![("q".into(), "a b".into())],
        headers: vec![],
        body: None,
        secrets: vec![],
        accept: "application/json",
        idempotent,
        security: &[],
        scheme_setters: &[],
        operation: "things",
        path_template: "/things",
    }
}

const UNAVAILABLE: &str =
    "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
const OK: &str = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";

#[tokio::test]
async fn an_idempotent_request_is_retried_on_a_passing_status() {
    let (base, count) = serve(vec![UNAVAILABLE, UNAVAILABLE, OK]).await;
    let response = core(base, vec![])
        .execute::<super::TestBody>(request(true), &CallOptions::default())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn attempts_are_bounded_by_the_policy() {
    let (base, count) = serve(vec![UNAVAILABLE]).await;
    let options = CallOptions {
        retry: Some(
            RetryPolicy::default()
                .max_attempts(2)
                .jitter(false)
                .initial_backoff(Duration::ZERO),
        ),
        ..CallOptions::default()
    };
    let response = core(base, vec![])
        .execute::<super::TestBody>(request(true), &options)
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_request_that_is_not_idempotent_is_sent_once() {
    let (base, count) = serve(vec![UNAVAILABLE, OK]).await;
    let response = core(base, vec![])
        .execute::<super::TestBody>(request(false), &CallOptions::default())
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_retry_after_beyond_the_bound_returns_the_response() {
    let (base, count) = serve(vec!["HTTP/1.1 429 Too Many\r\nretry-after: 3600\r\ncontent-length: 0\r\nconnection: close\r\n\r\n", OK]).await;
    let response = core(base, vec![])
        .execute::<super::TestBody>(request(true), &CallOptions::default())
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    drop(listener);
    let started = std::time::Instant::now();
    let e = core(base, vec![])
        .execute::<super::TestBody>(request(false), &CallOptions::default())
        .await
        .unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("could not connect to {addr}: ")),
        "{shown}"
    );
    assert!(shown.to_lowercase().contains("refused"), "{shown}");
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: crate::TransportKind::Connect,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn missing_credentials_are_named_before_sending() {
    let (base, count) = serve(vec![OK]).await;
    let mut req = request(true);
    req.security = &[&[0]];
    req.scheme_setters = &["bearer_token"];
    let e = core(base, vec![None])
        .execute::<super::TestBody>(req, &CallOptions::default())
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid `credentials`: this operation needs credentials; set `ClientBuilder::bearer_token`"
    );
    assert_eq!(count.load(Ordering::SeqCst), 0);
}

#[test]
fn credentials_are_sensitive_and_checked() {
    let bearer = Credential::bearer::<super::TestBody>("bearer_token", "t0k").unwrap();
    let (name, value) = bearer.header_sent().unwrap();
    assert_eq!(name, "authorization");
    assert_eq!(value, "Bearer t0k");
    assert!(value.is_sensitive());
    let basic = Credential::basic::<super::TestBody>("basic", "Aladdin", "open sesame").unwrap();
    let (_, value) = basic.header_sent().unwrap();
    assert_eq!(value, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    let e = Credential::bearer::<super::TestBody>("bearer_token", "a\r\nb").unwrap_err();
    assert!(matches!(e, Error::InvalidInput { ref name, .. } if name == "bearer_token"));
    assert!(!e.to_string().contains("a\r\nb"));
}

#[tokio::test]
async fn a_per_call_connect_timeout_needs_the_clients_own_pool() {
    let options = CallOptions {
        connect_timeout: Some(Some(Duration::from_secs(1))),
        ..CallOptions::default()
    };
    let e = core("http://127.0.0.1:9".into(), vec![])
        .execute::<super::TestBody>(request(true), &options)
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::InvalidInput { ref name, .. } if name == "connect_timeout"),
        "{e:?}"
    );
}

#[test]
fn the_clients_debug_hides_credentials() {
    let cred = Credential::bearer::<super::TestBody>("bearer_token", "t0k-secret").unwrap();
    let shown = format!("{:?}", core("http://x".into(), vec![Some(cred), None]));
    assert!(shown.contains("<1 set, redacted>"), "{shown}");
    assert!(!shown.contains("t0k-secret"));
    let shown = format!(
        "{:?}",
        core("https://ann:pa55w0rd@example.com/base".into(), vec![])
    );
    assert!(
        !shown.contains("pa55w0rd") && !shown.contains("ann"),
        "{shown}"
    );
    assert!(
        shown.contains("https://<redacted>@example.com/base"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_timeout_says_which_server_and_how_long() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let options = CallOptions {
        timeout: Some(Some(Duration::from_millis(150))),
        retry: Some(RetryPolicy::none()),
        ..CallOptions::default()
    };
    let e = core(format!("http://{addr}"), vec![])
        .execute::<super::TestBody>(request(true), &options)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: crate::TransportKind::Timeout,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!("no complete response from {addr} within 150 ms")
    );
}
