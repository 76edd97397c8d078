//! Secrets (the bearer token, `clientSecret`, `newClientSecret`, `oldClientSecret`) never show
//! in `Debug` output or error messages, and stay readable through `expose`.

mod common;

use authlete_client::models::{ClientSecretRefreshResponse, ClientSecretUpdateRequest};
use authlete_client::{Client, Error, SecretString};
use authlete_fake::CannedServer;

const TOKEN: &str = "tok_3f9a7c1e5b";
const NEW: &str = "NEWsecretZ9q8w7e6r5t4y3u2i1o0p";
const OLD: &str = "OLDsecretA1s2d3f4g5h6j7k8l9";

fn assert_hidden(shown: &str) {
    for secret in [TOKEN, NEW, OLD] {
        assert!(!shown.contains(secret), "`{secret}` leaked into: {shown}");
    }
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .bearer_token(TOKEN)
        .base_url(base_url)
        .build()
        .unwrap()
}

#[test]
fn secret_values_are_redacted_in_debug_and_readable_on_purpose() {
    let secret = SecretString::from(NEW);
    assert_eq!(format!("{secret:?}"), "SecretString(<redacted>)");
    assert_eq!(secret.expose(), NEW);
    let request = ClientSecretUpdateRequest::new(NEW);
    assert_hidden(&format!("{request:?}"));
    assert_eq!(request.client_secret.expose(), NEW);
    // Serialized outside a request, a secret is redacted; `reveal_secrets` writes it.
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"clientSecret":"<redacted>"}"#
    );
    assert_eq!(
        authlete_client::reveal_secrets(|| serde_json::to_string(&request)).unwrap(),
        format!(r#"{{"clientSecret":"{NEW}"}}"#)
    );
    let response: ClientSecretRefreshResponse = serde_json::from_value(
        serde_json::json!({ "newClientSecret": NEW, "oldClientSecret": OLD }),
    )
    .unwrap();
    assert_hidden(&format!("{response:?} {response:#?}"));
    assert_eq!(response.new_client_secret.unwrap().expose(), NEW);

    let builder = Client::builder().bearer_token(TOKEN);
    assert_hidden(&format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_hidden(&format!("{client:?} {client:#?}"));
    let ops = client.client_management();
    assert_hidden(&format!("{ops:?}"));
    assert_hidden(&format!(
        "{:?}",
        ops.update_secret("s", "c", ClientSecretUpdateRequest::new(NEW))
    ));
}

#[tokio::test]
async fn responses_with_secrets_do_not_show_them() {
    let body = serde_json::json!({
        "resultCode": "A148001",
        "resultMessage": "[A148001] refreshed",
        "newClientSecret": NEW,
        "oldClientSecret": OLD,
    });
    let server = CannedServer::with(200, "application/json", body.to_string())
        .await
        .unwrap();
    let response = client(&server.base_url())
        .client_management()
        .refresh_secret("s", "c")
        .await
        .unwrap();
    assert_hidden(&format!("{response:?}"));
    assert_eq!(
        response
            .old_client_secret
            .as_ref()
            .map(SecretString::expose),
        Some(OLD)
    );
}

/// Every error variant, formatted with `Debug` and `Display`, for bodies that carry secrets.
#[tokio::test]
async fn no_error_variant_shows_a_secret() {
    let mut errors: Vec<Error> = Vec::new();

    // Decode: a body of the wrong shape with secrets in it, also one that quotes a secret
    // value in the decoder's own message.
    let wrong =
        format!(r#"{{"resultCode": 42, "newClientSecret": "{NEW}", "oldClientSecret": "{OLD}"}}"#);
    let server = CannedServer::with(200, "application/json", wrong)
        .await
        .unwrap();
    errors.push(
        client(&server.base_url())
            .client_management()
            .refresh_secret("s", "c")
            .await
            .unwrap_err(),
    );
    let quoting = format!(r#"{{"newClientSecret": "{NEW}", "clientId": "{NEW}"}}"#);
    let server = CannedServer::with(200, "application/json", quoting)
        .await
        .unwrap();
    let err = client(&server.base_url())
        .client_management()
        .granted_scopes("s", "c", "u")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "clientId"),
        "{err:?}"
    );
    errors.push(err);
    // A body cut off in the middle of a secret.
    let cut = format!(
        r#"{{"newClientSecret": "{NEW}", "oldClientSecret": "{}"#,
        &OLD[..10]
    );
    let server = CannedServer::with(200, "application/json", cut)
        .await
        .unwrap();
    errors.push(
        client(&server.base_url())
            .client_management()
            .refresh_secret("s", "c")
            .await
            .unwrap_err(),
    );

    // Api: an undocumented error body that echoes secrets.
    let echo = format!(r#"<pre>{{"clientSecret":"{NEW}", "oldClientSecret" : "{OLD}"}}</pre>"#);
    let server = CannedServer::with(502, "text/html", echo.clone())
        .await
        .unwrap();
    let err = client(&server.base_url())
        .client_management()
        .refresh_secret("s", "c")
        .await
        .unwrap_err();
    match &err {
        Error::Api { body, .. } => assert_eq!(body, echo.as_bytes(), "the raw body stays readable"),
        other => panic!("expected an API error, got {other:?}"),
    }
    errors.push(err);

    // Service, Transport and InvalidInput.
    let documented =
        r#"{"resultCode":"A001202","resultMessage":"[A001202] Authorization header is missing."}"#;
    let server = CannedServer::with(401, "application/json", documented)
        .await
        .unwrap();
    errors.push(
        client(&server.base_url())
            .client_management()
            .refresh_secret("s", "c")
            .await
            .unwrap_err(),
    );
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    errors.push(
        client(&format!("http://{closed}"))
            .client_management()
            .refresh_secret("s", "c")
            .await
            .unwrap_err(),
    );
    errors.push(
        client("http://127.0.0.1:9")
            .client_management()
            .update_secret("s", "c", ClientSecretUpdateRequest::new(format!("{NEW}!")))
            .await
            .unwrap_err(),
    );
    errors.push(
        Client::builder()
            .bearer_token(format!("{TOKEN}\n"))
            .build()
            .unwrap_err(),
    );

    let kinds: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            Error::Service { .. } => "service",
            Error::Api { .. } => "api",
            Error::Transport { .. } => "transport",
            Error::Decode { .. } => "decode",
            Error::InvalidInput { .. } => "invalid",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "decode",
            "decode",
            "decode",
            "api",
            "service",
            "transport",
            "invalid",
            "invalid"
        ]
    );
    for err in &errors {
        assert_hidden(&format!("{err:?}"));
        assert_hidden(&format!("{err:#?}"));
        assert_hidden(&err.to_string());
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            assert_hidden(&s.to_string());
            source = s.source();
        }
    }
    assert!(format!("{:?}", errors[0]).contains("<redacted>"));
}
