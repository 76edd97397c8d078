//! Client-wide and per-call headers, and the hooks run around each attempt: what they add
//! reaches the server, what they see is the attempt as it happened, and a header HTTP cannot
//! carry is refused before anything is sent.

mod common;

use authlete_client::{Attempt, Client, Error, RetryPolicy};
use authlete_fake::raw::{Action, RawServer};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

const SCOPES: &str = r#"{"resultCode":"A1","resultMessage":"ok","clientId":7,"subject":"john"}"#;

fn header<'a>(request: &'a authlete_fake::raw::RawRequest, name: &str) -> Vec<&'a str> {
    request
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

#[tokio::test]
async fn client_and_call_headers_reach_the_server_on_every_attempt() {
    let server = RawServer::start(|n, _| match n {
        0 => Action::with_type(503, "text/plain", "busy"),
        _ => Action::json(200, SCOPES),
    })
    .await
    .unwrap();
    let client = Client::builder()
        .bearer_token("token-h")
        .base_url(server.base_url())
        .header("x-tenant", "acme")
        .header("x-tenant", "acme-eu")
        .retry_policy(
            RetryPolicy::default()
                .jitter(false)
                .initial_backoff(std::time::Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    client
        .client_management()
        .granted_scopes("svc", 7, "john")
        .header("x-correlation-id", "call-1")
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "the 503 was retried");
    for request in &requests {
        assert_eq!(header(request, "x-tenant"), ["acme", "acme-eu"]);
        assert_eq!(header(request, "x-correlation-id"), ["call-1"]);
        assert_eq!(header(request, "authorization"), ["Bearer token-h"]);
    }
    // A call without its own header sends only the client's.
    client
        .client_management()
        .granted_scopes("svc", 7, "john")
        .await
        .unwrap();
    let last = server.requests().pop().unwrap();
    assert!(header(&last, "x-correlation-id").is_empty());
    // Header values stay out of the builder's `Debug`.
    let call = client
        .client_management()
        .granted_scopes("svc", 7, "john")
        .header("x-api-key", "very-secret-value");
    assert!(!format!("{call:?}").contains("very-secret-value"));
}

#[tokio::test]
async fn headers_http_cannot_carry_are_refused_before_sending() {
    let server = RawServer::start(|_, _| Action::json(200, SCOPES))
        .await
        .unwrap();
    let refused = Client::builder()
        .bearer_token("t")
        .base_url(server.base_url())
        .header("x-bad", "line\r\nInjected: yes")
        .build()
        .unwrap_err();
    assert!(matches!(refused, Error::InvalidInput { .. }), "{refused:?}");
    assert!(refused.to_string().contains("x-bad"), "{refused}");

    let client = Client::builder()
        .bearer_token("t")
        .base_url(server.base_url())
        .build()
        .unwrap();
    let e = client
        .client_management()
        .granted_scopes("svc", 7, "john")
        .header("bad name", "v")
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput { .. }), "{e:?}");
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn hooks_see_each_attempt_and_may_change_the_request() {
    let server = RawServer::start(|n, _| match n {
        0 => Action::with_type(502, "text/plain", "bad gateway"),
        _ => Action::Respond {
            status: 200,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("x-request-id".into(), "req-9".into()),
            ],
            body: SCOPES.as_bytes().to_vec(),
        },
    })
    .await
    .unwrap();
    let counter = Arc::new(AtomicU32::new(0));
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let client = {
        let counter = Arc::clone(&counter);
        let seen = Arc::clone(&seen);
        Client::builder()
            .bearer_token("token-hooks")
            .base_url(server.base_url())
            .retry_policy(
                RetryPolicy::default()
                    .jitter(false)
                    .initial_backoff(std::time::Duration::from_millis(1)),
            )
            .on_request(move |request| {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                request
                    .headers_mut()
                    .insert("x-attempt-id", format!("attempt-{n}").parse().unwrap());
            })
            .on_response(move |attempt: &Attempt<'_>| {
                seen.lock().unwrap().push(format!(
                    "{} {} {} #{} {:?} {:?} {:?}",
                    attempt.operation(),
                    attempt.method(),
                    attempt.path_template(),
                    attempt.number(),
                    attempt.status(),
                    attempt.headers().and_then(|h| h.get("x-request-id")),
                    attempt.failure(),
                ));
            })
            .build()
            .unwrap()
    };
    client
        .client_management()
        .granted_scopes("svc", 7, "john")
        .await
        .unwrap();
    let ids: Vec<Vec<String>> = server
        .requests()
        .iter()
        .map(|r| {
            header(r, "x-attempt-id")
                .iter()
                .map(|s| s.to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        ids,
        [vec!["attempt-0".to_string()], vec!["attempt-1".to_string()]]
    );
    let template = "/api/{serviceId}/client/granted_scopes/get/{clientId}/{subject}";
    assert_eq!(
        *seen.lock().unwrap(),
        [
            format!("granted_scopes GET {template} #1 Some(502) None None"),
            format!("granted_scopes GET {template} #2 Some(200) Some(\"req-9\") None"),
        ]
    );

    // A failed connection is an attempt too, with its error and no status.
    seen.lock().unwrap().clear();
    let closed = {
        let seen = Arc::clone(&seen);
        Client::builder()
            .bearer_token("t")
            .base_url("http://127.0.0.1:9")
            .retry_policy(RetryPolicy::none())
            .on_response(move |attempt: &Attempt<'_>| {
                seen.lock().unwrap().push(format!(
                    "{:?} {:?}",
                    attempt.status(),
                    attempt.failure()
                ));
            })
            .build()
            .unwrap()
    };
    closed
        .client_management()
        .granted_scopes("svc", 7, "john")
        .await
        .unwrap_err();
    assert_eq!(*seen.lock().unwrap(), ["None Some(Connect)"]);
}
