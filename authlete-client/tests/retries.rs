//! Retries and timeouts against listeners that fail on purpose.

mod common;

use authlete_client::models::ClientFlagUpdateRequest;
use authlete_client::{Client, Error, RetryPolicy, TransportKind};
use authlete_fake::raw::{Action, RawServer};
use std::time::{Duration, Instant};

const SCOPES: &str = r#"{"requestableScopes":["openid"]}"#;

fn client(base_url: &str, policy: RetryPolicy) -> Client {
    common::client_with(base_url, policy)
}

/// A server whose first `failures` answers are `status`, and then a success.
async fn failing(failures: usize, status: u16, headers: Vec<(String, String)>) -> RawServer {
    RawServer::start(move |n, _| {
        if n < failures {
            Action::Respond {
                status,
                headers: headers.clone(),
                body: b"busy".to_vec(),
            }
        } else {
            Action::json(200, SCOPES)
        }
    })
    .await
    .unwrap()
}

fn gaps(server: &RawServer) -> Vec<Duration> {
    let times: Vec<Instant> = server.requests().iter().map(|r| r.at).collect();
    times.windows(2).map(|w| w[1] - w[0]).collect()
}

#[tokio::test]
async fn idempotent_requests_are_retried_with_backoff_within_bounds() {
    for status in [408, 429, 502, 503, 504] {
        let server = failing(2, status, vec![]).await;
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(1));
        let scopes = client(&server.base_url(), policy)
            .client_management()
            .requestable_scopes("s", "c")
            .await;
        assert_eq!(
            scopes.unwrap().requestable_scopes,
            Some(vec!["openid".to_string()]),
            "{status}"
        );
        assert_eq!(
            server.requests().len(),
            3,
            "{status}: two failures, then success"
        );
        // With jitter, retry k waits between half and all of 100 ms * 2^(k-1).
        let gaps = gaps(&server);
        assert!(
            gaps[0] >= Duration::from_millis(50) && gaps[0] < Duration::from_millis(100 + 400),
            "{status}: {gaps:?}"
        );
        assert!(
            gaps[1] >= Duration::from_millis(100) && gaps[1] < Duration::from_millis(200 + 400),
            "{status}: {gaps:?}"
        );
    }
}

#[tokio::test]
async fn attempts_are_capped_and_the_last_response_is_returned() {
    let server = failing(10, 503, vec![]).await;
    let policy = RetryPolicy::default()
        .max_attempts(4)
        .initial_backoff(Duration::from_millis(10))
        .jitter(false);
    let err = client(&server.base_url(), policy)
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 503, .. }), "{err:?}");
    assert_eq!(server.requests().len(), 4);
    // Without jitter the waits are exactly 10, 20 and 40 ms (plus scheduling).
    let gaps = gaps(&server);
    for (gap, want) in gaps.iter().zip([10, 20, 40]) {
        assert!(
            *gap >= Duration::from_millis(want) && *gap < Duration::from_millis(want + 300),
            "{gaps:?}"
        );
    }
}

#[tokio::test]
async fn total_time_is_capped() {
    let server = failing(10, 503, vec![]).await;
    let policy = RetryPolicy::default()
        .max_attempts(10)
        .initial_backoff(Duration::from_millis(100))
        .jitter(false)
        .max_elapsed(Duration::from_millis(600));
    let started = Instant::now();
    let err = client(&server.base_url(), policy)
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    // 100 + 200 ms of waits fit in 600 ms (with room for slow requests); the next wait
    // (400 ms) would not.
    assert_eq!(server.requests().len(), 3);
    assert!(started.elapsed() < Duration::from_millis(600 + 900));
}

#[tokio::test]
async fn retry_after_is_honoured_within_its_bound() {
    let server = failing(1, 429, vec![("retry-after".into(), "1".into())]).await;
    let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(10));
    client(&server.base_url(), policy)
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap();
    let gap = gaps(&server)[0];
    assert!(
        gap >= Duration::from_secs(1) && gap < Duration::from_millis(2000),
        "{gap:?}"
    );

    // A wait longer than the bound is not taken: the 429 comes back at once.
    let server = failing(1, 503, vec![("retry-after".into(), "120".into())]).await;
    let started = Instant::now();
    let err = client(&server.base_url(), RetryPolicy::default())
        .client_management()
        .requestable_scopes("s", "c")
        .await;
    assert_eq!(err.unwrap_err().status(), Some(503));
    assert_eq!(server.requests().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(1));
}

/// `when` as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), written out here so the test
/// does not share the client's parser.
fn http_date(when: std::time::SystemTime) -> String {
    let secs = when
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    let (year, month, day) = common::civil_date(days);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{weekday}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        months[(month - 1) as usize],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    assert_eq!(
        http_date(std::time::UNIX_EPOCH + Duration::from_secs(784_111_777)),
        "Sun, 06 Nov 1994 08:49:37 GMT"
    );
    // Two seconds ahead, cut to the second: the client waits between one and two seconds.
    let at = http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    let server = failing(1, 503, vec![("retry-after".into(), at)]).await;
    let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(10));
    client(&server.base_url(), policy)
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap();
    let gap = gaps(&server)[0];
    assert!(
        gap >= Duration::from_millis(900) && gap < Duration::from_millis(3000),
        "{gap:?}"
    );

    // A date in the past asks for no wait at all.
    let past = http_date(std::time::SystemTime::now() - Duration::from_secs(3600));
    let server = failing(1, 503, vec![("retry-after".into(), past)]).await;
    client(&server.base_url(), RetryPolicy::default())
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap();
    assert!(gaps(&server)[0] < Duration::from_millis(500));
}

#[tokio::test]
async fn non_idempotent_operations_are_not_retried_after_sending() {
    let server = failing(1, 503, vec![]).await;
    let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(10));
    let err = client(&server.base_url(), policy)
        .client_management()
        .update_lock_flag("s", "c")
        .body(ClientFlagUpdateRequest::new(true))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 1, "a POST is sent once");
}

/// `refresh_secret` is a GET, but every call rotates the secret: the document marks it
/// `x-idempotent: false`, so a timeout after the request reached the server is final.
#[tokio::test]
async fn refresh_secret_is_sent_exactly_once_when_it_times_out() {
    let server = RawServer::start(|_, _| Action::Hang).await.unwrap();
    let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(10));
    let client = Client::builder()
        .bearer_token("t")
        .base_url(server.base_url())
        .timeout(Duration::from_millis(300))
        .retry_policy(policy)
        .build()
        .unwrap();
    let err = client
        .client_management()
        .refresh_secret("s", "c")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.requests().len(), 1, "sent exactly once");

    // An idempotent GET in the same situation is retried up to the attempt limit.
    let err = client
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    assert!(err.is_retryable());
    assert_eq!(server.requests().len(), 1 + 3);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    // Nothing listens on `addr` when the first attempt connects; the server starts during the
    // wait before the retry.
    let server = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        RawServer::on_listener(listener, |_, _| {
            Action::json(200, r#"{"resultCode":"X","resultMessage":"locked"}"#)
        })
    });
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(600))
        .jitter(false);
    let response = client(&format!("http://{addr}"), policy)
        .client_management()
        .update_lock_flag("s", "c")
        .body(ClientFlagUpdateRequest::new(true))
        .await
        .expect("the second attempt reaches the server");
    assert_eq!(response.result_message, "locked");
    let server = server.await.unwrap();
    assert_eq!(
        server.requests().len(),
        1,
        "the POST reached the server once"
    );
}

#[tokio::test]
async fn retries_can_be_turned_off_on_the_client_and_per_call() {
    let server = failing(5, 503, vec![]).await;
    let off = client(&server.base_url(), RetryPolicy::none());
    assert_eq!(
        off.client_management()
            .requestable_scopes("s", "c")
            .await
            .unwrap_err()
            .status(),
        Some(503)
    );
    assert_eq!(server.requests().len(), 1);

    let on = client(
        &server.base_url(),
        RetryPolicy::default().initial_backoff(Duration::from_millis(5)),
    );
    let err = on
        .client_management()
        .requestable_scopes("s", "c")
        .retry_policy(RetryPolicy::none())
        .await;
    assert_eq!(err.unwrap_err().status(), Some(503));
    assert_eq!(server.requests().len(), 2, "the per-call policy wins");
    let scopes = off
        .client_management()
        .requestable_scopes("s", "c")
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(5)
                .initial_backoff(Duration::from_millis(5)),
        )
        .await;
    assert!(scopes.is_ok(), "{scopes:?}");
    assert_eq!(
        server.requests().len(),
        6,
        "failures 3 to 5, then the success"
    );
}

#[tokio::test]
async fn timeouts_are_bounded_and_overridable_per_call() {
    let server = RawServer::start(|_, _| Action::Hang).await.unwrap();
    let client = Client::builder()
        .bearer_token("t")
        .base_url(server.base_url())
        .timeout(Duration::from_millis(2000))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        took >= Duration::from_millis(2000) && took < Duration::from_millis(3500),
        "{took:?}"
    );

    let started = Instant::now();
    let err = client
        .client_management()
        .requestable_scopes("s", "c")
        .timeout(Duration::from_millis(100))
        .await;
    let took = started.elapsed();
    assert!(matches!(
        err,
        Err(Error::Transport {
            kind: TransportKind::Timeout,
            ..
        })
    ));
    assert!(
        took >= Duration::from_millis(100) && took < Duration::from_millis(1500),
        "the call's own timeout replaces the client's 2 s: {took:?}"
    );
}

/// The connect phase includes the TLS handshake, so a listener that accepts and never
/// answers the handshake makes connecting hang: the connect timeout ends it, and since
/// nothing was sent, even a POST is retried.
#[tokio::test]
async fn connect_timeouts_apply_from_the_client_and_per_call() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = accepted.clone();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            held.push(stream);
        }
    });
    let client = Client::builder()
        .bearer_token("t")
        .base_url(format!("https://{addr}"))
        .connect_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(10))
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(10))
                .jitter(false),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .client_management()
        .update_lock_flag("s", "c")
        .body(ClientFlagUpdateRequest::new(true))
        .await;
    let took = started.elapsed();
    // Nothing was sent: a connect timeout is a failure to connect.
    assert!(
        matches!(
            err,
            Err(Error::Transport {
                kind: TransportKind::Connect,
                ..
            })
        ),
        "{err:?}"
    );
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        3,
        "three connection attempts"
    );
    assert!(
        took >= Duration::from_millis(600) && took < Duration::from_millis(3500),
        "{took:?}"
    );

    // The call's own connect timeout replaces the client's (5 s here).
    let patient = Client::builder()
        .bearer_token("t")
        .base_url(format!("https://{addr}"))
        .connect_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = patient
        .client_management()
        .requestable_scopes("s", "c")
        .connect_timeout(Duration::from_millis(50))
        .retry_policy(RetryPolicy::none())
        .await;
    assert!(
        matches!(
            err,
            Err(Error::Transport {
                kind: TransportKind::Connect,
                ..
            })
        ),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(2000),
        "{:?}",
        started.elapsed()
    );
    silent.abort();

    // A reqwest client of the user's own cannot take a connect timeout from here.
    let err = Client::builder()
        .bearer_token("t")
        .http_client(common::plain_http())
        .connect_timeout(Duration::from_secs(1))
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { name, .. } if name == "connect_timeout"),
        "{err:?}"
    );
    let own = Client::builder()
        .bearer_token("t")
        .base_url("http://127.0.0.1:9")
        .http_client(common::plain_http())
        .build();
    let err = own
        .unwrap()
        .client_management()
        .requestable_scopes("s", "c")
        .connect_timeout(Duration::from_secs(1))
        .await;
    assert!(
        matches!(&err, Err(Error::InvalidInput { name, .. }) if name == "connect_timeout"),
        "{err:?}"
    );
}

/// A server that answers every request with `SCOPES` after `delay`.
async fn slow(delay: Duration) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                tokio::time::sleep(delay).await;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{SCOPES}",
                    SCOPES.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_call_can_lift_the_clients_timeouts() {
    let base_url = slow(Duration::from_millis(600)).await;
    let client = Client::builder()
        .bearer_token("t")
        .base_url(&base_url)
        .timeout(Duration::from_millis(150))
        .connect_timeout(Duration::from_millis(150))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let ops = client.client_management();
    let err = ops.requestable_scopes("s", "c").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "the client's 150 ms: {err:?}"
    );
    let scopes = ops
        .requestable_scopes("s", "c")
        .timeout(None)
        .await
        .expect("no limit for this call");
    assert_eq!(
        scopes.requestable_scopes.as_deref(),
        Some(&["openid".to_string()][..])
    );
    let scopes = ops
        .requestable_scopes("s", "c")
        .timeout(Duration::from_secs(5))
        .connect_timeout(None)
        .await
        .expect("a longer limit, and no connect limit, for this call");
    assert_eq!(
        scopes.requestable_scopes.as_deref(),
        Some(&["openid".to_string()][..])
    );

    // Connecting: a listener that accepts and never answers the TLS handshake. The client's
    // 150 ms connect limit ends it early; with the call's `connect_timeout(None)`, only the
    // call's overall limit (700 ms) does.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let client = Client::builder()
        .bearer_token("t")
        .base_url(format!("https://{addr}"))
        .connect_timeout(Duration::from_millis(150))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .client_management()
        .requestable_scopes("s", "c")
        .await;
    assert!(err.is_err());
    assert!(
        started.elapsed() < Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
    let started = Instant::now();
    let err = client
        .client_management()
        .requestable_scopes("s", "c")
        .connect_timeout(None)
        .timeout(Duration::from_millis(700))
        .await;
    assert!(err.is_err());
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(650) && took < Duration::from_millis(3000),
        "not cut by the client's connect limit: {took:?}"
    );
    silent.abort();
}
