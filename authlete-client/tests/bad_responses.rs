//! Responses the client cannot use: each gives a typed error (or a correct value), never a
//! panic, and never an unbounded read.

mod common;

use authlete_client::models::ClientFlagUpdateRequest;
use authlete_client::{Client, Error, RetryPolicy, TransportKind};
use authlete_fake::raw::{Action, RawServer};
use std::time::{Duration, Instant};

/// A client that sends each request once, so every response below is seen as it is.
fn client(base_url: &str) -> Client {
    common::client_with(base_url, RetryPolicy::none())
}

async fn answer(action: Action) -> RawServer {
    RawServer::start(move |_, _| action.clone()).await.unwrap()
}

#[tokio::test]
async fn html_and_plain_text_bodies_are_api_errors_on_200_and_502() {
    for status in [200, 502] {
        for (content_type, body) in [
            ("text/html", "<html>maintenance</html>"),
            ("text/plain", "upstream down"),
        ] {
            let server = answer(Action::with_type(status, content_type, body)).await;
            let err = client(&server.base_url())
                .client_management()
                .requestable_scopes("s", "c")
                .await
                .unwrap_err();
            match err {
                Error::Api {
                    status: s,
                    content_type: ct,
                    body: b,
                    ..
                } => {
                    assert_eq!(
                        (s, ct.as_deref(), b.as_slice()),
                        (status, Some(content_type), body.as_bytes())
                    );
                }
                other => panic!("{status} {content_type}: {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn empty_truncated_and_misshapen_json_are_decode_errors() {
    let cases = [
        ("", "."),
        (
            r#"{"requestableScopes": ["openid", "prof"#,
            "requestableScopes[1]",
        ),
        (r#"{"requestableScopes": "openid"}"#, "requestableScopes"),
        (r#"{"requestableScopes": {"a": 1}}"#, "requestableScopes"),
        (r#"{"requestableScopes": [1, 2]}"#, "requestableScopes[0]"),
        (r#"{"requestableScopes": []} trailing"#, "."),
        // A key that cannot be read: the object holding it is named.
        ("{not json", "."),
        (r#"{"requestableScopes": [], "x"#, "."),
    ];
    for (body, path) in cases {
        let server = answer(Action::json(200, body)).await;
        let err = client(&server.base_url())
            .client_management()
            .requestable_scopes("s", "c")
            .await
            .unwrap_err();
        match &err {
            Error::Decode {
                status: 200,
                path: p,
                ..
            } => assert_eq!(p, path, "{body:?}"),
            other => panic!("{body:?}: expected a decode error, got {other:?}"),
        }
        assert!(!err.is_retryable());
    }
    let server = answer(Action::json(
        200,
        r#"{"start":0,"end":5,"totalCount":"many"}"#,
    ))
    .await;
    let err = client(&server.base_url())
        .client_management()
        .authorizations("s", "u")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "totalCount"),
        "{err:?}"
    );
    // An object where an array is expected, deep inside.
    let server = answer(Action::json(
        200,
        r#"{"clients":[{"clientNames":{"tag":"ja"}}]}"#,
    ))
    .await;
    let err = client(&server.base_url())
        .client_management()
        .authorizations("s", "u")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "clients[0].clientNames"),
        "{err:?}"
    );
}

/// The operations whose responses the shape tests below answer.
#[derive(Debug, Clone, Copy)]
enum Op {
    RefreshSecret,
    UpdateLockFlag,
    Authorizations,
    GrantedScopes,
}

/// Calls `op` against a server that answers `status` with `body`, and returns the error.
async fn refused(op: Op, status: u16, body: &str) -> Error {
    let server = answer(Action::json(status, body)).await;
    let client = client(&server.base_url());
    let ops = client.client_management();
    let result = match op {
        Op::RefreshSecret => ops.refresh_secret("s", "c").await.map(drop),
        Op::UpdateLockFlag => ops
            .update_lock_flag("s", "c")
            .body(ClientFlagUpdateRequest::new(true))
            .await
            .map(drop),
        Op::Authorizations => ops.authorizations("s", "u").await.map(drop),
        Op::GrantedScopes => ops.granted_scopes("s", "c", "u").await.map(drop),
    };
    result.expect_err(body)
}

#[tokio::test]
async fn bodies_of_a_shape_the_document_rules_out_are_decode_errors_at_their_path() {
    use Op::*;
    let cases = [
        // An array (or any other value) where an object is expected: serde's derive would
        // have read an array as the struct's fields in order.
        (
            RefreshSecret,
            "[]",
            ".",
            "invalid type: sequence, expected a JSON object (ClientSecretRefreshResponse)",
        ),
        (
            RefreshSecret,
            r#"["A1","m","secret","old"]"#,
            ".",
            "invalid type: sequence",
        ),
        (RefreshSecret, r#""A1""#, ".", "invalid type: string"),
        (RefreshSecret, "null", ".", "invalid type: null"),
        (RefreshSecret, "42", ".", "invalid type: integer"),
        (
            UpdateLockFlag,
            r#"["A1","m"]"#,
            ".",
            "invalid type: sequence, expected a JSON object (ClientFlagUpdateResponse)",
        ),
        (
            Authorizations,
            r#"{"clients":[["a"]]}"#,
            "clients[0]",
            "invalid type: sequence, expected a JSON object (ClientLimited)",
        ),
        (
            Authorizations,
            r#"{"clients":[{"clientId":1},[1,"n"]]}"#,
            "clients[1]",
            "invalid type: sequence",
        ),
        (
            Authorizations,
            r#"{"clients":[{"clientNames":[["ja","x"]]}]}"#,
            "clients[0].clientNames[0]",
            "expected a JSON object (TaggedValue)",
        ),
        (
            Authorizations,
            r#"{"clients":["c"]}"#,
            "clients[0]",
            "invalid type: string",
        ),
        // An object where an array is expected.
        (
            Authorizations,
            r#"{"clients":{"clientId":1}}"#,
            "clients",
            "invalid type: map",
        ),
        (
            GrantedScopes,
            r#"{"latestGrantedScopes":{"openid":true}}"#,
            "latestGrantedScopes",
            "invalid type: map",
        ),
        // Required properties: absent, or `null`.
        (
            UpdateLockFlag,
            r#"{"resultCode":"A1"}"#,
            ".",
            "missing field `resultMessage`",
        ),
        (
            UpdateLockFlag,
            r#"{"resultCode":null,"resultMessage":"m"}"#,
            "resultCode",
            "invalid type: null",
        ),
        // A property given twice: named, kept in `extra`, or deep inside.
        (
            RefreshSecret,
            r#"{"resultCode":"A1","resultCode":"A2"}"#,
            "resultCode",
            "duplicate field `resultCode`",
        ),
        (
            Authorizations,
            r#"{"totalCount":1,"totalCount":1}"#,
            "totalCount",
            "duplicate field `totalCount`",
        ),
        (
            Authorizations,
            r#"{"clients":[{"clientId":1,"clientId":1}]}"#,
            "clients[0].clientId",
            "duplicate field `clientId`",
        ),
        (
            Authorizations,
            r#"{"clients":[{"redirectUris":[],"redirectUris":[]}]}"#,
            "clients[0].redirectUris",
            "duplicate field `redirectUris`",
        ),
        // Scalars of the wrong kind or out of range.
        (
            Authorizations,
            r#"{"start":"0"}"#,
            "start",
            "invalid type: string",
        ),
        (
            Authorizations,
            r#"{"start":2147483648}"#,
            "start",
            "invalid value: integer `2147483648`, expected i32",
        ),
        (
            Authorizations,
            r#"{"totalCount":1.0}"#,
            "totalCount",
            "invalid type: floating point",
        ),
        (
            Authorizations,
            r#"{"clients":[{"clientId":9223372036854775808}]}"#,
            "clients[0].clientId",
            "invalid value: integer",
        ),
        (
            Authorizations,
            r#"{"clients":[{"clientIdAliasEnabled":"true"}]}"#,
            "clients[0].clientIdAliasEnabled",
            "invalid type: string",
        ),
        (
            Authorizations,
            r#"{"clients":[{"clientType":1}]}"#,
            "clients[0].clientType",
            "invalid type: integer",
        ),
        (
            GrantedScopes,
            r#"{"latestGrantedScopes":["openid",7]}"#,
            "latestGrantedScopes[1]",
            "invalid type: integer",
        ),
    ];
    for (op, body, path, message) in cases {
        match refused(op, 200, body).await {
            Error::Decode {
                status: 200,
                path: p,
                message: m,
                ..
            } => {
                assert_eq!(p, path, "{op:?} {body}: {m}");
                assert!(m.contains(message), "{op:?} {body}: {m}");
            }
            other => panic!("{op:?} {body}: expected a decode error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_documented_error_status_with_a_misshapen_body_is_not_a_service_error() {
    // An array is not Authlete's result object, so the answer is kept raw as `Api`.
    let body = r#"["A001201","[A001201] /client/lock_flag/update, TLS is required."]"#;
    let err = refused(Op::UpdateLockFlag, 400, body).await;
    assert!(
        matches!(&err, Error::Api { status: 400, body: b, .. } if b == body.as_bytes()),
        "{err:?}"
    );
    assert_eq!((err.result_code(), err.result_message()), (None, None));
    // So is an object that names its properties twice.
    let body = r#"{"resultCode":"A1","resultMessage":"m","resultCode":"A2"}"#;
    let err = refused(Op::UpdateLockFlag, 400, body).await;
    assert!(matches!(&err, Error::Api { status: 400, .. }), "{err:?}");
}

#[tokio::test]
async fn null_optional_fields_unknown_fields_and_unknown_enum_values_decode() {
    let body = r#"{"start":null,"end":null,"developer":null,"subject":"u","totalCount":null,
        "clients":[{"clientId":1,"clientName":null,"clientType":"SOMETHING_NEW","brandNew":[1]}],"more":{"x":1}}"#;
    let server = answer(Action::json(200, body)).await;
    let page = client(&server.base_url())
        .client_management()
        .authorizations("s", "u")
        .await
        .unwrap();
    assert_eq!(
        (page.start, page.total_count, page.developer),
        (None, None, None)
    );
    let first = &page.clients.unwrap()[0];
    assert_eq!(first.client_name, None);
    assert_eq!(
        first.client_type.as_ref().map(|t| t.as_str()),
        Some("SOMETHING_NEW")
    );
    assert_eq!(first.extra["brandNew"], serde_json::json!([1]));
}

#[tokio::test]
async fn a_body_of_several_megabytes_decodes_and_errors_keep_only_a_snippet() {
    let clients: Vec<serde_json::Value> = (0..40_000)
        .map(|i| serde_json::json!({ "clientId": i, "clientName": format!("client number {i}"), "redirectUris": ["https://app.example/cb"] }))
        .collect();
    let body = serde_json::json!({ "totalCount": 40_000, "clients": clients }).to_string();
    assert!(body.len() > 3_000_000, "{}", body.len());
    let server = answer(Action::json(200, &body)).await;
    let page = client(&server.base_url())
        .client_management()
        .authorizations("s", "u")
        .await
        .unwrap();
    assert_eq!(page.clients.unwrap().len(), 40_000);

    let broken = body.replacen("\"clientId\":39999", "\"clientId\":\"x\"", 1);
    let server = answer(Action::json(200, &broken)).await;
    let err = client(&server.base_url())
        .client_management()
        .authorizations("s", "u")
        .await
        .unwrap_err();
    match &err {
        Error::Decode { path, snippet, .. } => {
            assert_eq!(path, "clients[39999].clientId");
            assert!(snippet.chars().count() <= 257, "{}", snippet.len());
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().len() < 2_000, "the message stays short");
    assert!(format!("{err:?}").len() < 2_000, "so does Debug");
}

#[tokio::test]
async fn a_success_body_larger_than_the_limit_is_refused_without_reading_it_all() {
    let limit = 1024 * 1024;
    let limited = |base_url: &str| {
        Client::builder()
            .bearer_token("t")
            .base_url(base_url)
            .retry_policy(RetryPolicy::none())
            .timeout(Duration::from_secs(20))
            .max_response_body(limit)
            .build()
            .unwrap()
    };
    let too_large = |e: &Error| {
        matches!(e, Error::Transport { kind: TransportKind::TooLarge, message, .. }
            if message.contains("1 MiB") && message.contains("max_response_body"))
    };

    // Chunked, with no length announced, and endless: cut once past the limit.
    let endless = answer(Action::Stream {
        status: 200,
        content_type: "application/json".into(),
        total: 50_000_000_000,
    })
    .await;
    let started = Instant::now();
    let e = limited(&endless.base_url())
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    assert!(too_large(&e), "{e:?}");
    assert!(!e.is_retryable());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    // What the server managed to write before the client stopped reading: the limit, plus
    // what the sockets' buffers hold.
    assert!(
        endless.streamed_bytes() < 64 * 1024 * 1024,
        "{}",
        endless.streamed_bytes()
    );

    // Announced by its length: refused before the body is read.
    let body = format!(r#"{{"requestableScopes":["{}"]}}"#, "a".repeat(limit));
    let announced = answer(Action::json(200, &body)).await;
    let e = limited(&announced.base_url())
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    assert!(too_large(&e), "{e:?}");

    // The same body within a larger limit, or with none, decodes.
    for setting in [Some(2 * limit), None] {
        let scopes = Client::builder()
            .bearer_token("t")
            .base_url(announced.base_url())
            .max_response_body(setting)
            .build()
            .unwrap()
            .client_management()
            .requestable_scopes("s", "c")
            .await
            .unwrap();
        assert_eq!(
            scopes.requestable_scopes.unwrap()[0].len(),
            limit,
            "{setting:?}"
        );
    }
}

#[tokio::test]
async fn redirects_are_not_followed_and_the_token_does_not_travel() {
    // The target listens on another loopback address, so it is another host.
    let target = RawServer::start_on("127.0.0.2:0", |_, _| Action::json(200, "{}"))
        .await
        .unwrap();
    let location = format!("{}/stolen", target.base_url());
    let redirect = answer(Action::Respond {
        status: 302,
        headers: vec![("location".into(), location.clone())],
        body: Vec::new(),
    })
    .await;
    let err = client(&redirect.base_url())
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 302, .. }), "{err:?}");
    assert!(
        target.requests().is_empty(),
        "the redirect was not followed"
    );

    // With a reqwest client of the user's own that follows redirects, the token still
    // does not reach the other host.
    let following = Client::builder()
        .bearer_token("secret-token")
        .base_url(redirect.base_url())
        .http_client(common::plain_http())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let _ = following
        .client_management()
        .requestable_scopes("s", "c")
        .await;
    assert_eq!(
        target.requests().len(),
        1,
        "this client did follow the redirect"
    );
    for request in target.requests() {
        assert_eq!(request.header("authorization"), None, "{request:?}");
    }
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_transport_error() {
    let server = answer(Action::CloseMidBody {
        status: 200,
        announced: 1000,
        partial: br#"{"requestableScopes":["op"#.to_vec(),
    })
    .await;
    let err = client(&server.base_url())
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Body,
                ..
            }
        ),
        "{err:?}"
    );

    let server = answer(Action::Close).await;
    let err = client(&server.base_url())
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_within_the_bound() {
    let server = answer(Action::Hang).await;
    let client = Client::builder()
        .bearer_token("t")
        .base_url(server.base_url())
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .client_management()
        .granted_scopes("s", "c", "u")
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
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_one_gibibyte_error_body_is_not_read_whole() {
    let server = answer(Action::Stream {
        status: 500,
        content_type: "text/plain".into(),
        total: 1 << 30,
    })
    .await;
    let started = Instant::now();
    let err = client(&server.base_url())
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            status: 500,
            body,
            truncated,
            ..
        } => {
            assert_eq!(body.len(), 64 * 1024);
            assert!(truncated);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // The client hung up early; socket buffers let the server write a little more.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        server.streamed_bytes() < 64 << 20,
        "{} bytes were written",
        server.streamed_bytes()
    );
}
