//! Status and headers reach the caller on success (`send_with_response`) and on every error
//! that has a response (`Error::headers`), without giving up the typed body; sent secrets the
//! server echoes in a header do not reach an error.

mod common;

use authlete_client::{Client, Error, RetryPolicy};
use authlete_fake::raw::{Action, RawServer};

const TOKEN: &str = "service-token-metadata";

fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Action {
    let mut all = vec![("content-type".to_string(), "application/json".to_string())];
    all.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Action::Respond {
        status,
        headers: all,
        body: body.as_bytes().to_vec(),
    }
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .bearer_token(TOKEN)
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

const SCOPES: &str = r#"{"resultCode":"A1","resultMessage":"ok","clientId":7,"subject":"john","latestGrantedScopes":["openid"]}"#;

#[tokio::test]
async fn a_success_gives_status_headers_and_the_typed_body() {
    let server = RawServer::start(|_, _| {
        answer(
            200,
            &[("x-request-id", "req-123"), ("x-ratelimit-remaining", "41")],
            SCOPES,
        )
    })
    .await
    .unwrap();
    let ops = client(&server.base_url()).client_management();
    let response = ops
        .granted_scopes("svc", 7, "john")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "req-123");
    assert_eq!(response.headers()["x-ratelimit-remaining"], "41");
    // The body's fields read through the response.
    assert_eq!(response.client_id, Some(7));
    let debug = format!("{response:?}");
    assert!(
        debug.contains("x-request-id") && !debug.contains("req-123"),
        "{debug}"
    );
    let (status, headers, body) = response.into_parts();
    assert_eq!((status, headers.len() >= 3), (200, true));
    assert_eq!(body.subject.as_deref(), Some("john"));
}

#[tokio::test]
async fn every_error_with_a_response_carries_its_headers() {
    let documented = r#"{"resultCode":"A001201","resultMessage":"[A001201] bad"}"#;
    let server = RawServer::start(move |n, _| match n {
        0 => answer(400, &[("x-request-id", "req-400")], documented),
        1 => Action::with_type(502, "text/html", "<html>bad gateway</html>"),
        _ => answer(
            200,
            &[("x-request-id", "req-bad-body")],
            r#"{"clientId":"seven"}"#,
        ),
    })
    .await
    .unwrap();
    let ops = client(&server.base_url()).client_management();

    let service = ops.granted_scopes("svc", 7, "john").await.unwrap_err();
    assert!(matches!(service, Error::Service { .. }), "{service:?}");
    assert_eq!(service.headers().unwrap()["x-request-id"], "req-400");
    // `Debug` names the headers without their values.
    let debug = format!("{service:?}");
    assert!(
        debug.contains("x-request-id") && !debug.contains("req-400"),
        "{debug}"
    );

    let api = ops.granted_scopes("svc", 7, "john").await.unwrap_err();
    assert!(matches!(api, Error::Api { status: 502, .. }), "{api:?}");
    assert_eq!(api.headers().unwrap()["content-type"], "text/html");

    let decode = ops.granted_scopes("svc", 7, "john").await.unwrap_err();
    assert!(matches!(decode, Error::Decode { .. }), "{decode:?}");
    assert_eq!(decode.headers().unwrap()["x-request-id"], "req-bad-body");

    // No response, no headers.
    let refused = client("http://127.0.0.1:9")
        .client_management()
        .granted_scopes("svc", 7, "john")
        .await
        .unwrap_err();
    assert!(refused.headers().is_none());
}

#[tokio::test]
async fn a_token_echoed_in_a_header_does_not_reach_the_error() {
    let server = RawServer::start(|_, request| {
        let echoed = request
            .header("authorization")
            .unwrap_or_default()
            .to_string();
        answer(
            401,
            &[("www-authenticate", &echoed), ("x-request-id", "req-401")],
            r#"{"resultCode":"A001202","resultMessage":"no"}"#,
        )
    })
    .await
    .unwrap();
    let ops = client(&server.base_url()).client_management();
    let e = ops.granted_scopes("svc", 7, "john").await.unwrap_err();
    let headers = e.headers().unwrap();
    let shown = headers["www-authenticate"].to_str().unwrap();
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert_eq!(headers["x-request-id"], "req-401");
}
