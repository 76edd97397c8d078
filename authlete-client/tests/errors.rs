//! Error responses for every operation: documented statuses with the documented body become
//! `Error::Service`; anything else becomes `Error::Api` with the raw body.

mod common;

use authlete_client::models::{
    ClientExtensionRequestableScopesUpdateRequest, ClientFlagUpdateRequest,
    ClientSecretUpdateRequest,
};
use authlete_client::{Client, Error};
use authlete_fake::CannedServer;

/// Calls every operation once and returns what each one gave, by name.
async fn call_all(client: &Client) -> Vec<(&'static str, Result<(), Error>)> {
    let ops = client.client_management();
    fn done<T>(r: Result<T, Error>) -> Result<(), Error> {
        r.map(drop)
    }
    vec![
        (
            "update_lock_flag",
            done(
                ops.update_lock_flag("s", "c")
                    .body(ClientFlagUpdateRequest::new(true))
                    .await,
            ),
        ),
        ("refresh_secret", done(ops.refresh_secret("s", "c").await)),
        (
            "update_secret",
            done(
                ops.update_secret("s", "c", ClientSecretUpdateRequest::new("abc"))
                    .await,
            ),
        ),
        ("authorizations", done(ops.authorizations("s", "u").await)),
        (
            "update_authorizations",
            done(ops.update_authorizations("s", "c").await),
        ),
        (
            "destroy_authorizations",
            done(ops.destroy_authorizations("s", "c", "u").await),
        ),
        (
            "granted_scopes",
            done(ops.granted_scopes("s", "c", "u").await),
        ),
        (
            "destroy_granted_scopes",
            done(ops.destroy_granted_scopes("s", "c", "u").await),
        ),
        (
            "requestable_scopes",
            done(ops.requestable_scopes("s", "c").await),
        ),
        (
            "update_requestable_scopes",
            done(
                ops.update_requestable_scopes(
                    "s",
                    "c",
                    ClientExtensionRequestableScopesUpdateRequest::new(["a"]),
                )
                .await,
            ),
        ),
        (
            "destroy_requestable_scopes",
            done(ops.destroy_requestable_scopes("s", "c").await),
        ),
    ]
}

#[tokio::test]
async fn documented_statuses_become_service_errors_for_every_operation() {
    let cases = [
        (
            400,
            "A001201",
            "[A001201] /auth/authorization, TLS must be used.",
        ),
        (
            401,
            "A001202",
            "[A001202] /auth/authorization, Authorization header is missing.",
        ),
        (
            403,
            "A001215",
            "[A001215] /auth/authorization, The client (ID = 26837717140341) is locked.",
        ),
        (
            500,
            "A001101",
            "[A001101] /auth/authorization, Authlete Server error.",
        ),
    ];
    for (status, code, message) in cases {
        let body = serde_json::json!({ "resultCode": code, "resultMessage": message }).to_string();
        let server = CannedServer::with(status, "application/json", body)
            .await
            .unwrap();
        let client = common::client_for(&server.base_url());
        let results = call_all(&client).await;
        assert_eq!(results.len(), 11);
        for (op, result) in results {
            let err = result.expect_err(op);
            match &err {
                Error::Service {
                    status: s, body, ..
                } => {
                    assert_eq!(*s, status, "{op}");
                    assert_eq!(body.result_code, code, "{op}");
                }
                other => panic!("{op} {status}: expected a service error, got {other:?}"),
            }
            assert_eq!(err.status(), Some(status), "{op}");
            assert_eq!(err.result_code(), Some(code), "{op}");
            assert_eq!(err.result_message(), Some(message), "{op}");
            assert!(!err.is_retryable(), "{op} {status}");
            assert!(err.to_string().contains(code), "{op}: {err}");
        }
        assert_eq!(server.requests().len(), 11);
    }
}

#[tokio::test]
async fn undocumented_statuses_and_html_bodies_become_api_errors() {
    let html = "<html><body><h1>Bad Gateway</h1></body></html>";
    for status in [404, 502] {
        let server = CannedServer::with(status, "text/html; charset=utf-8", html)
            .await
            .unwrap();
        let client = common::client_with(&server.base_url(), authlete_client::RetryPolicy::none());
        for (op, result) in call_all(&client).await {
            match result.expect_err(op) {
                Error::Api {
                    status: s,
                    content_type,
                    body,
                    truncated,
                    ..
                } => {
                    assert_eq!(s, status, "{op}");
                    assert_eq!(
                        content_type.as_deref(),
                        Some("text/html; charset=utf-8"),
                        "{op}"
                    );
                    assert_eq!(body, html.as_bytes(), "{op}");
                    assert!(!truncated);
                }
                other => panic!("{op} {status}: expected an API error, got {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn a_documented_status_with_an_undocumented_body_is_an_api_error() {
    let server = CannedServer::with(500, "application/json", r#"{"error":"boom"}"#)
        .await
        .unwrap();
    let client = common::client_for(&server.base_url());
    let err = client
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 500, body, .. } if body == br#"{"error":"boom"}"#),
        "{err:?}"
    );
    assert_eq!(err.result_code(), None);
    assert!(!err.is_retryable(), "500 is not a passing condition");
}

#[tokio::test]
async fn a_success_body_of_the_wrong_shape_is_a_decode_error_naming_the_field() {
    let body = r#"{"start":0,"end":5,"totalCount":"many","clients":[]}"#;
    let server = CannedServer::with(200, "application/json", body)
        .await
        .unwrap();
    let client = common::client_for(&server.base_url());
    let err = client
        .client_management()
        .authorizations("s", "u")
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status,
            path,
            snippet,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(path, "totalCount");
            assert!(snippet.starts_with(r#"{"start":0"#));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = common::client_for(&format!("http://127.0.0.1:{port}"));
    let err = client
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: authlete_client::TransportKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
}
